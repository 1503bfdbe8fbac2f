import {createSession, type Session} from '../machine/session.js';
import {parseQmpSpec, startQmpServer, type QmpServer} from './qmp-socket.js';
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
	/** -qmp / -qmp-pretty: a QMP socket served next to the screen. */
	qmp?: {spec: string; pretty: boolean};
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
	// QEMU refuses a bad command line before it looks at the terminal. (The RTC starts at the
	// host's time, as with QEMU's -rtc base=utc: the guest's `date` is today's.)
	const created = createSession(qemuArgs, Math.floor(Date.now() / 1000));
	if (!created.ok) {
		if (created.stdout) process.stdout.write(created.stdout);
		process.stderr.write(created.stderr);
		return created.exitCode;
	}
	let qmp: QmpServer | undefined;
	let qmpLabel: string | undefined;
	let headlessCheck: (() => void) | undefined;
	if (options.qmp) {
		const parsed = parseQmpSpec(options.qmp.spec);
		if (!parsed.ok) {
			process.stderr.write(parsed.error);
			return 1;
		}
		for (const warning of parsed.spec.warnings) process.stderr.write(warning);
		const a = parsed.spec.address;
		qmpLabel = a.kind === 'unix' ? a.path : `${a.host || '*'}:${a.port}`;
		try {
			qmp = await startQmpServer(created.session, parsed.spec, {
				pretty: options.qmp.pretty,
				stderr: text => process.stderr.write(text),
				onChange: () => headlessCheck?.(),
			});
		} catch (error) {
			process.stderr.write(`qemu-system-x86_64: ${error instanceof Error ? error.message : String(error)}\n`);
			return 1;
		}
	}
	if (!ui && qmp) {
		// No terminal, but a QMP socket: run headless (like -display none), the guest console
		// on stdout, until a client sends quit or a signal ends it.
		return runHeadless(created.session, qmp, check => {
			headlessCheck = check;
		});
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
		qmp?.close();
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
			qmp: qmpLabel,
		});
	} catch (error) {
		restore();
		process.stderr.write(`memhp: ${error instanceof Error ? error.message : String(error)}\n`);
		return 1;
	} finally {
		restore();
	}
}

/** Serves QMP with no screen: the serial console goes to stdout as QEMU's -nographic shows it. */
function runHeadless(session: Session, qmp: QmpServer, setCheck: (check: () => void) => void): Promise<number> {
	// A reader that went away (`memhp -qmp ... | head`) only stops the console copy.
	process.stdout.on('error', () => {});
	process.stdout.write(session.transcript('serial'));
	const unsubscribe = session.onOutput(chunk => {
		if (chunk.pane === 'serial') process.stdout.write(chunk.text);
	});
	return new Promise(resolve => {
		const finish = (code: number) => {
			unsubscribe();
			qmp.close();
			for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(signal, onSignal);
			resolve(code);
		};
		const onSignal = (signal: NodeJS.Signals) => {
			const numbers: Partial<Record<NodeJS.Signals, number>> = {SIGINT: 2, SIGTERM: 15, SIGHUP: 1};
			process.stderr.write(`qemu-system-x86_64: terminating on signal ${numbers[signal] ?? 15}\n`);
			finish(128 + (numbers[signal] ?? 15));
		};
		for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
		setCheck(() => {
			const code = session.exitCode();
			if (code !== undefined) finish(code);
		});
	});
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
