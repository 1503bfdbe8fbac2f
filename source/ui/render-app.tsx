import React from 'react';
import {render} from 'ink';
import type {MachineSession} from '../machine/session-types.js';
import {App} from './app.js';
import {AsciicastRecorder, teeStdout} from './recording.js';

export interface RenderAppOptions {
	stdout: NodeJS.WriteStream;
	stdin: NodeJS.ReadStream;
	/** False when NO_COLOR is set or the terminal is dumb (see colorEnabled in terminal.ts). */
	color: boolean;
	/** Write an asciicast v2 recording of the screen to this file. */
	record?: string;
	/** Overwrite an existing recording file. */
	force?: boolean;
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
		let stdout = options.stdout;
		if (options.record) {
			try {
				const size = {columns: stdout.columns || 80, rows: stdout.rows || 24};
				recorder = new AsciicastRecorder(options.record, size, options.force === true);
			} catch (error) {
				reject(error);
				return;
			}
			const rec = recorder;
			stdout = teeStdout(stdout, data => rec.output(data));
		}
		let code = 0;
		const instance = render(
			<App
				session={session}
				color={options.color}
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
				maxFps: 60,
			},
		);
		const finish = () => recorder?.close();
		instance.waitUntilExit().then(
			() => {
				finish();
				resolve(code);
			},
			error => {
				finish();
				reject(error);
			},
		);
	});
}
