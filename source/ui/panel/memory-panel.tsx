import React, {memo} from 'react';
import type {MachineSnapshot} from '../../machine/snapshot.js';
import {PaneFrame} from '../pane/pane-frame.js';
import {StyledLines} from '../styled.js';
import {compactPanelLines, panelLines} from './panel-lines.js';

/**
 * The live memory panel: full on the side (wide screens), four lines at 80x24. Memoised: the
 * snapshot is one object per machine version (ConsoleController.snapshot), so keystrokes and
 * console output that change nothing in the machine do not lay the panel out again.
 */
export interface MemoryPanelProps {
	snapshot: MachineSnapshot;
	freeHistory: readonly number[];
	width: number;
	height: number;
	compact: boolean;
	color: boolean;
	/** Why the last command failed or surprised, shown under the last event. */
	explanation?: string;
}

export const MemoryPanel = memo(function MemoryPanel(props: MemoryPanelProps) {
	const width = Math.max(1, props.width - 2);
	const height = Math.max(1, props.height - 2);
	const input = {snapshot: props.snapshot, freeHistory: props.freeHistory, width, explanation: props.explanation};
	const lines = (props.compact ? compactPanelLines(input) : panelLines(input, height)).slice(0, height);
	return (
		<PaneFrame title="guest memory" width={props.width} height={props.height} focused={false} color={props.color}>
			<StyledLines lines={lines} width={width} color={props.color} />
		</PaneFrame>
	);
});
