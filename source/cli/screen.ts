import {createSession} from '../machine/session.js';
import {AsciicastRecorder} from '../record/asciicast.js';
import type {Lang} from '../tutorial/types.js';

/** `memhp`, `memhp tutorial`, `memhp demo`. */
export type ScreenMode = 'screen' | 'tutorial' | 'demo';

export interface ScreenOptions {
	record?: string;
	force: boolean;
	mode?: ScreenMode;
	lang?: Lang;
	/** Demo speed multiplier. */
	speed?: number;
	/** The environment (NO_COLOR, TERM), read by the CLI layer. */
	env?: Record<string, string | undefined>;
}

/**
 * Opens the full-screen app. Needs a terminal on both stdin and stdout; otherwise it says how
 * to drive memhp without one (replay) and exits with status 2. The terminal is restored
 * (main screen, cursor shown, raw mode off) on every exit path: C-a x, quit, signals and
 * internal errors.
 */
export async function openScreen(qemuArgs: string[], options: ScreenOptions): Promise<number> {
	const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
	// Start loading the screen (Ink, React, Yoga, whose wasm compiles off the main thread)
	// before the machine boots, so the two overlap on the way to the first frame.
	const ui = tty ? Promise.all([import('../ui/render-app.js'), import('../ui/terminal.js')]) : undefined;
	ui?.catch(() => {}); // awaited below, where a failure is reported
	// QEMU refuses a bad command line before it looks at the terminal.
	const created = createSession(qemuArgs);
	if (!created.ok) {
		process.stderr.write(created.stderr);
		return created.exitCode;
	}
	if (!ui) {
		process.stderr.write(
			'memhp: the interactive screen needs a terminal (stdin and stdout must be a TTY).\n' +
			'       To drive memhp from a script or a pipe, use a transcript: memhp replay FILE.t (or - for stdin).\n',
		);
		return 2;
	}
	// Opened before the screen is: a file that exists without --force is refused up front.
	let recorder: AsciicastRecorder | undefined;
	if (options.record) {
		try {
			recorder = AsciicastRecorder.open(options.record, {
				width: process.stdout.columns || 80,
				height: process.stdout.rows || 24,
				force: options.force,
				env: {TERM: options.env?.TERM, SHELL: options.env?.SHELL},
			});
		} catch (error) {
			process.stderr.write(`memhp: ${error instanceof Error ? error.message : String(error)}\n`);
			return 1;
		}
	}
	const [{renderApp}, {enterAltScreen, restoreTerminal, colorEnabled}] = await ui;
	let stopRecording = (): string | undefined => undefined;
	let restored = false;
	// Every exit path comes through here: the recording is finished first (it ends on the app's
	// last frame, not on the restored main screen), then the terminal is given back.
	const restore = () => {
		if (restored) return;
		restored = true;
		const recordingError = stopRecording();
		restoreTerminal(process.stdout, process.stdin);
		if (recordingError) process.stderr.write(`memhp: ${recordingError}\n`);
	};
	const fail = (message: string, code: number) => {
		restore();
		process.stderr.write(message);
		process.exit(code);
	};
	const onSignal = (signal: NodeJS.Signals) => {
		const numbers: Partial<Record<NodeJS.Signals, number>> = {SIGINT: 2, SIGTERM: 15, SIGHUP: 1};
		// QEMU prints this when a signal ends it; the exit status is 128 + the signal number.
		fail(`qemu-system-x86_64: terminating on signal ${numbers[signal] ?? 15}\n`, 128 + (numbers[signal] ?? 15));
	};
	const onError = (error: unknown) => {
		fail(`memhp: internal error: ${error instanceof Error ? error.message : String(error)}\n`, 70);
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
	process.on('uncaughtException', onError);
	process.on('unhandledRejection', onError);
	enterAltScreen(process.stdout);
	if (recorder) stopRecording = startRecording(recorder, process.stdout);
	try {
		return await renderApp(created.session, {
			stdout: process.stdout,
			stdin: process.stdin,
			color: colorEnabled(options.env ?? {}),
			mode: options.mode,
			lang: options.lang,
			demo: options.mode === 'demo' ? {speed: options.speed ?? 1} : undefined,
		});
	} catch (error) {
		restore();
		process.stderr.write(`memhp: ${error instanceof Error ? error.message : String(error)}\n`);
		return 1;
	} finally {
		restore();
	}
}

/**
 * Runs `run` while recording everything it writes to stdout as an asciicast v2 file (for
 * `memhp replay --record`). A terminal shows '\n' as a new line at column 0 (onlcr), so the
 * recording gets '\r\n' for a player to show the same.
 */
export function recordStdout(path: string, force: boolean, run: () => number): {code: number} {
	let recorder: AsciicastRecorder;
	try {
		recorder = AsciicastRecorder.open(path, {width: process.stdout.columns || 80, height: process.stdout.rows || 24, force});
	} catch (error) {
		process.stderr.write(`memhp: ${error instanceof Error ? error.message : String(error)}\n`);
		return {code: 1};
	}
	const stdout = process.stdout;
	const original = stdout.write;
	stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
		const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
		recorder.output(text.replace(/\r?\n/g, '\r\n'));
		return (original as (c: string | Uint8Array, ...r: unknown[]) => boolean).call(stdout, chunk, ...rest);
	}) as typeof stdout.write;
	let code: number;
	try {
		code = run();
	} finally {
		stdout.write = original;
	}
	try {
		recorder.close();
	} catch (error) {
		process.stderr.write(`memhp: ${error instanceof Error ? error.message : String(error)}\n`);
		return {code: 1};
	}
	return {code};
}

/**
 * Tees the terminal's output (and its resizes) into the recorder. Returns the function that
 * stops and finishes the file, with the error message if it could not be written.
 */
function startRecording(recorder: AsciicastRecorder, stdout: NodeJS.WriteStream): () => string | undefined {
	const untee = recorder.tee(stdout);
	const onResize = () => recorder.resize(stdout.columns || 80, stdout.rows || 24);
	stdout.on('resize', onResize);
	return () => {
		stdout.off('resize', onResize);
		untee();
		try {
			recorder.close();
			return undefined;
		} catch (error) {
			return error instanceof Error ? error.message : String(error);
		}
	};
}
