import React, {useMemo} from 'react';
import {Box, Text} from 'ink';
import type {MachineSession} from '../machine/session-types.js';
import {computeLayout} from './layout.js';
import {MemoryPanel} from './panel/memory-panel.js';
import {PaneView} from './pane/pane-view.js';
import {StatusBar} from './status-bar.js';
import {useConsole} from './use-console.js';
import {useTerminalSize} from './use-terminal-size.js';

export interface AppProps {
	session: MachineSession;
	/** Called once when the machine has exited (C-a x, `quit`), after the last frame. */
	onExit(code: number): void;
	/** False for NO_COLOR / dumb terminals (read once by the caller). Default true. */
	color?: boolean;
}

/**
 * The memhp screen: guest console, QEMU monitor and the live memory panel over one session.
 */
export function App({session, onExit, color = true}: AppProps) {
	const controller = useConsole(session, onExit);
	const {columns, rows} = useTerminalSize();
	const version = session.version();
	const snapshot = useMemo(() => session.snapshot(), [session, version]);
	const focus = session.focus();
	const layout = computeLayout(columns, rows, focus);

	if (layout.kind === 'too-small') {
		return (
			<Box width={columns} height={Math.max(1, rows - 1)} alignItems="center" justifyContent="center">
				<Text wrap="truncate">{`terminal too small (${columns}x${rows}, need 80x24)`}</Text>
			</Box>
		);
	}
	const memoryOption = snapshot.memoryOption.startsWith('-m') ? snapshot.memoryOption.slice(2).trim() : snapshot.memoryOption;
	const panes = (
		<>
			<PaneView controller={controller} pane="serial" {...layout.serial} focused={focus === 'serial'} color={color} />
			<PaneView controller={controller} pane="monitor" {...layout.monitor} focused={focus === 'monitor'} color={color} />
		</>
	);
	const panel = (
		<MemoryPanel
			snapshot={snapshot}
			freeHistory={controller.freeHistory}
			{...layout.panel}
			compact={layout.kind === 'compact'}
			color={color}
		/>
	);
	return (
		<Box flexDirection="column" width={columns} height={rows - 1}>
			{layout.kind === 'wide' ? (
				<Box flexDirection="row" height={rows - 2}>
					<Box flexDirection="column" width={layout.serial.width}>
						{panes}
					</Box>
					{panel}
				</Box>
			) : (
				<Box flexDirection="column" height={rows - 2}>
					{panes}
					{panel}
				</Box>
			)}
			<StatusBar
				width={columns}
				memoryOption={memoryOption}
				focus={focus}
				color={color}
				search={controller.search}
				onSearch={query => controller.runSearch(query)}
			/>
		</Box>
	);
}
