import React, {useCallback, useMemo, useState} from 'react';
import {Box, Text} from 'ink';
import type {MachineSession} from '../machine/session-types.js';
import type {Lang} from '../tutorial/types.js';
import type {KeyEvent} from './keys/key-event.js';
import {computeLayout} from './layout.js';
import {PaneView, paneState} from './pane/pane-view.js';
import {SidePanel} from './side-panel.js';
import {StatusBar} from './status-bar.js';
import type {TutorialKeyAction} from './tutorial/tutorial-keys.js';
import {useTutorial} from './tutorial/use-tutorial.js';
import {useConsole} from './use-console.js';
import {useDemo, type DemoOptions} from './use-demo.js';
import {useExplanation} from './use-explanation.js';
import {useGuestTimer} from './use-guest-timer.js';
import {useTerminalSize} from './use-terminal-size.js';

/** `memhp` (free exploration), `memhp tutorial` and `memhp demo`. */
export type AppMode = 'screen' | 'tutorial' | 'demo';

export interface AppProps {
	session: MachineSession;
	/** Called once when the machine has exited (C-a x, `quit`), after the last frame. */
	onExit(code: number): void;
	/** False for NO_COLOR / dumb terminals (read once by the caller). Default true. */
	color?: boolean;
	/** Default 'screen'. Fixed for the app's lifetime. */
	mode?: AppMode;
	/** Language of the tutorial, explanations and call paths. Default 'en'. */
	lang?: Lang;
	/** Demo mode: playing speed and rhythm seed. */
	demo?: DemoOptions;
	/** Where QMP is served (-qmp), for the status bar. */
	qmp?: string;
}

/** F2 / F7 / F8 as key events. */
const FUNCTION_KEYS: Partial<Record<string, TutorialKeyAction>> = {f2: 'call-paths', f7: 'back', f8: 'forward'};

/** Rows the compact layout gives the step panel and the call-path view (the memory panel has 6). */
const COMPACT_TUTORIAL_ROWS = 11;

/**
 * The memhp screen: guest console, QEMU monitor and the live memory panel over one session;
 * in tutorial and demo modes the step panel too. F2 shows the kernel call paths in every mode.
 */
export function App({session, onExit, color = true, mode = 'screen', lang = 'en', demo: demoOptions, qmp}: AppProps) {
	const tutorial = useTutorial(session, lang);
	const guided = mode !== 'screen';
	// Outside the tutorial F2 alone opens the call paths (the tutorial also opens them by itself).
	const [freeCallPaths, setFreeCallPaths] = useState(false);
	const explanation = useExplanation(tutorial.tutorial.tracker, lang);
	const demo = useDemo(tutorial.tutorial, mode === 'demo' ? (demoOptions ?? {speed: 1}) : undefined, action => tutorial.act(action));
	const {controller, feed} = useConsole(session, onExit, {
		onKey: (event: KeyEvent) => {
			const action = event.type === 'key' ? FUNCTION_KEYS[event.name] : undefined;
			if (action) {
				// Outside the tutorial there are no steps to page through.
				if (guided) tutorial.act(action);
				else if (action === 'call-paths') setFreeCallPaths(open => !open);
				return true;
			}
			if (event.type === 'key' && event.name === 'enter') explanation.markInput();
			// A focus switch prints nothing the tracker would see: let it re-read the machine
			// once the controller has handled the key (the step panel's suggestions depend on it).
			if (event.type === 'mux') queueMicrotask(() => tutorial.tutorial.tracker.update());
			return false;
		},
		intercept: chunk => demo.intercept(chunk),
	});
	demo.connect(feed);
	useGuestTimer(session);
	const {columns, rows} = useTerminalSize();
	// One snapshot object per machine version: the memoised panel redraws only when it changes.
	const snapshot = controller.snapshot();
	const focus = session.focus();
	// The status bar is memoised: give it a search object and a callback that stay the same
	// object while the search does (the controller changes its own search state in place).
	const {open: searchOpen, message: searchMessage} = controller.search;
	const search = useMemo(() => ({open: searchOpen, message: searchMessage}), [searchOpen, searchMessage]);
	const onSearch = useCallback((query: string) => controller.runSearch(query), [controller]);
	const callPaths = guided ? tutorial.callPathsVisible : freeCallPaths;
	const compactCallPaths = guided ? tutorial.callPathsChoice === true : freeCallPaths;
	const bottomRows = guided || compactCallPaths ? COMPACT_TUTORIAL_ROWS : 6;
	const layout = computeLayout(columns, rows, focus, bottomRows);

	if (layout.kind === 'too-small') {
		return (
			<Box width={columns} height={Math.max(1, rows - 1)} alignItems="center" justifyContent="center">
				<Text wrap="truncate">{`terminal too small (${columns}x${rows}, need 80x24)`}</Text>
			</Box>
		);
	}
	const memoryOption = snapshot.memoryOption.startsWith('-m') ? snapshot.memoryOption.slice(2).trim() : snapshot.memoryOption;
	const compact = layout.kind === 'compact';
	const panes = (
		<>
			<PaneView controller={controller} pane="serial" {...layout.serial} {...paneState(controller, 'serial')} focused={focus === 'serial'} color={color} />
			<PaneView controller={controller} pane="monitor" {...layout.monitor} {...paneState(controller, 'monitor')} focused={focus === 'monitor'} color={color} />
		</>
	);
	const panel = (
		<SidePanel
			snapshot={snapshot}
			freeHistory={controller.freeHistory}
			{...layout.panel}
			compact={compact}
			color={color}
			lang={lang}
			tutorial={guided ? tutorial.view : undefined}
			// At 80x24 the call paths would hide the step panel: only F2 opens them there.
			callPaths={compact ? compactCallPaths : callPaths}
			explanation={guided ? undefined : explanation.text}
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
				search={search}
				onSearch={onSearch}
				mode={mode}
				demo={demo.state}
				qmp={qmp}
				reader={focus === 'serial' ? session.consoleReader() : undefined}
				readerTakesKeys={focus === 'serial' && session.consoleTakesKeys()}
				readerTimeout={focus === 'serial' ? session.consoleTimeout() : undefined}
				sysrq={session.sysrqArmed()}
			/>
		</Box>
	);
}
