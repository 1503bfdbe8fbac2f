import React from 'react';
import {render} from 'ink';
import type {MachineSession} from '../machine/session-types.js';
import type {Lang} from '../tutorial/types.js';
import {App, type AppMode} from './app.js';
import type {DemoOptions} from './use-demo.js';
import {AsciicastRecorder} from '../record/asciicast.js';

export interface RenderAppOptions {
	stdout: NodeJS.WriteStream;
	stdin: NodeJS.ReadStream;
	/** False when NO_COLOR is set or the terminal is dumb (see colorEnabled in terminal.ts). */
	color: boolean;
	/** Write an asciicast v2 recording of the screen to this file. */
	record?: string;
	/** Overwrite an existing recording file. */
	force?: boolean;
	/** `memhp` (default), `memhp tutorial` or `memhp demo`. */
	mode?: AppMode;
	lang?: Lang;
	/** Demo mode: speed (and seed) of the player. */
	demo?: DemoOptions;
	/** Where QMP is served (-qmp), shown in the status bar. */
	qmp?: string;
}

/**
 * Renders the memhp screen and resolves with QEMU's exit code once the machine exits. The
 * caller owns the alternate screen (enterAltScreen / restoreTerminal from terminal.ts) and
 * the signal handlers; this only runs Ink. Rejects when the recording file cannot be opened
 * (or exists without `force`), before anything is drawn.
 */
export function renderApp(session: MachineSession, options: RenderAppOptions): Promise<number> {
	return new Promise((resolve, reject) => {
		let recorder: AsciicastRecorder | undefined;
		let stopRecording = () => {};
		const {stdout} = options;
		if (options.record) {
			try {
				recorder = AsciicastRecorder.open(options.record, {
					width: stdout.columns || 80,
					height: stdout.rows || 24,
					force: options.force === true,
				});
			} catch (error) {
				reject(error);
				return;
			}
			const rec = recorder;
			const untee = rec.tee(stdout);
			const onResize = () => rec.resize(stdout.columns || 80, stdout.rows || 24);
			stdout.on('resize', onResize);
			stopRecording = () => {
				stdout.off('resize', onResize);
				untee();
				rec.close();
			};
		}
		let code = 0;
		const instance = render(
			<App
				session={session}
				color={options.color}
				mode={options.mode}
				lang={options.lang}
				demo={options.demo}
				qmp={options.qmp}
				onExit={exitCode => {
					code = exitCode;
					instance.unmount();
				}}
			/>,
			{
				stdout,
				stdin: options.stdin,
				exitOnCtrlC: false,
				patchConsole: false,
				// Only changed lines are rewritten: ~0.3 KB per keystroke instead of a full frame.
				incrementalRendering: true,
				// A frame costs 1-3 ms since the bundle's row cache; a 8 ms window lets Enter right
				// after a keystroke's echo be drawn sooner (the bench's bare app uses the same).
				maxFps: 120,
			},
		);
		instance.waitUntilExit().then(
			() => {
				try {
					stopRecording();
				} catch (error) {
					reject(error);
					return;
				}
				resolve(code);
			},
			error => {
				stopRecording();
				reject(error);
			},
		);
	});
}
