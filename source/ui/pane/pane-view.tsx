import React from 'react';
import {Text} from 'ink';
import type {Pane} from '../../machine/session-types.js';
import type {ConsoleController} from '../console-controller.js';
import {computeViewport} from './viewport.js';
import {PaneFrame} from './pane-frame.js';

export const PANE_TITLES: Record<Pane, string> = {serial: 'ttyS0 — guest', monitor: 'QEMU monitor'};

/**
 * One front-end pane: the tail of its scrollback with the prompt line, the input and a block
 * cursor (only in the focused pane, as only one front-end has the mux).
 */
export function PaneView(props: {
	controller: ConsoleController;
	pane: Pane;
	width: number;
	height: number;
	focused: boolean;
	color: boolean;
}) {
	const {controller, pane, focused} = props;
	const innerWidth = Math.max(1, props.width - 2);
	const innerHeight = Math.max(1, props.height - 2);
	controller.viewSize[pane] = {width: innerWidth, height: innerHeight};
	const inputRows = controller.inputRows(pane, innerWidth);
	const view = computeViewport(controller.buffers[pane], inputRows, innerWidth, innerHeight, controller.scroll[pane]);
	// Write back the clamped offset so PageDown after hitting the top acts at once.
	controller.scroll[pane] = view.scroll;
	const note = view.scroll > 0 ? `↑ ${view.scroll} rows back · q/PgDn return · / search` : undefined;
	return (
		<PaneFrame title={PANE_TITLES[pane]} note={note} width={props.width} height={props.height} focused={focused} color={props.color}>
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
}
