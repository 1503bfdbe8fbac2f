import React, {memo} from 'react';
import {Text} from 'ink';
import type {Pane} from '../../machine/session-types.js';
import type {ConsoleController} from '../console-controller.js';
import type {LineEditorState} from '../line-editor/reducer.js';
import {computeViewport} from './viewport.js';
import {consoleSides, PaneFrame} from './pane-frame.js';

export const PANE_TITLES: Record<Pane, string> = {serial: 'ttyS0 — guest', monitor: 'QEMU monitor'};

export interface PaneViewProps {
	controller: ConsoleController;
	pane: Pane;
	width: number;
	height: number;
	focused: boolean;
	color: boolean;
	/**
	 * What the view reads from the controller, passed as props so React.memo can tell when
	 * they changed: the scrollback's revision, the line editor and the scroll offset. A key
	 * typed in the other pane changes none of them, so this pane is not rendered again.
	 */
	revision: number;
	editor: LineEditorState;
	scroll: number;
}

/** The pane's props as App passes them: the controller's current state for `pane`. */
export function paneState(controller: ConsoleController, pane: Pane): Pick<PaneViewProps, 'revision' | 'editor' | 'scroll'> {
	return {revision: controller.buffers[pane].revision, editor: controller.editors[pane], scroll: controller.scroll[pane]};
}

/**
 * One front-end pane: the tail of its scrollback with the prompt line, the input and a block
 * cursor (only in the focused pane, as only one front-end has the mux). Memoised: it renders
 * again only when its own scrollback, input, scroll, size, focus or colour changed.
 */
export const PaneView = memo(function PaneView(props: PaneViewProps) {
	const {controller, pane, focused} = props;
	const sides = consoleSides(props.width);
	const innerWidth = Math.max(1, props.width - (sides ? 2 : 0));
	const innerHeight = Math.max(1, props.height - 2);
	controller.setViewSize(pane, innerWidth, innerHeight);
	const inputRows = controller.inputRows(pane, innerWidth);
	const view = computeViewport(controller.buffers[pane], inputRows, innerWidth, innerHeight, controller.scroll[pane], controller.cursorAbove(pane));
	// Write back the clamped offset so PageDown after hitting the top acts at once.
	controller.scroll[pane] = view.scroll;
	const note = view.scroll > 0 ? `↑ ${view.scroll} rows back · q/PgDn return · / search` : undefined;
	return (
		<PaneFrame title={PANE_TITLES[pane]} note={note} width={props.width} height={props.height} focused={focused} color={props.color} sides={sides}>
			{view.rows.map((row, i) => {
				if (row.cursorAt === undefined || !focused || view.scroll > 0) {
					return (
						<Text key={i} wrap="truncate">
							{row.text || ' '}
						</Text>
					);
				}
				const at = row.cursorAt;
				return (
					<Text key={i} wrap="truncate">
						{row.text.slice(0, at)}
						<Text inverse>{row.text[at] ?? ' '}</Text>
						{row.text.slice(at + 1)}
					</Text>
				);
			})}
		</PaneFrame>
	);
});
