import {parse as shellParse} from 'shell-quote';
import {createSession, DEFAULT_QEMU_ARGS, type Session} from '../machine/session.js';
import {lineMatches, type Entry, type ExpectedLine, type Step, type Transcript} from './parse.js';

export interface StepResult {
	step: Step;
	actual: string[];
	ok: boolean;
}

/** Splits the `$ qemu-system-x86_64 ...` line into argv (without the program name). */
export function startArgv(commandLine: string): string[] {
	// (A glob such as `?` matches nothing in the recording's directory and stays as typed.)
	const words = shellParse(commandLine).map((word) => (typeof word === 'string' ? word : 'pattern' in word ? word.pattern : ''));
	return words.slice(1);
}

/**
 * Turns the terminal text one step produced into output lines as the recorder wrote them:
 * the echo of the typed line and the prompt that follows the output are not output; a
 * leading newline only ends the line the step was typed on, unless the echo (with its own
 * line break) was already taken off (`afterEcho`): then it is an empty first output line.
 */
export function outputLines(text: string, prompt: string, otherPrompt = '', afterEcho = false): string[] {
	// The guest's console driver ends lines in "\r\n" (uart_console_write); a terminal shows a
	// plain line break, and that is what a recorded transcript holds.
	let body = text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text;
	// A carriage return of its own (iPXE blanking its Ctrl-B prompt with spaces) is not kept
	// either: the spec's raw boot logs hold that prompt's text followed by the spaces.
	if (body.includes('\r')) body = body.replace(/\r/g, '');
	// Terminal controls (clear's and top's screen clearing, top's reverse video, the firmware's
	// `ESC c` reset) are not text a terminal shows, and the recorder kept none of them.
	if (body.includes('\x1b')) body = body.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\x1b[()][0-9A-Za-z]/g, '').replace(/\x1b[^[()]/g, '');
	if (body.startsWith('\n') && !afterEcho) body = body.slice(1);
	if (prompt !== '' && body.endsWith(prompt)) body = body.slice(0, -prompt.length);
	// The other front-end's fresh prompt (a guest that booted again after system_reset) ends
	// the output too: a transcript line starting with a prompt is a command, not output.
	if (otherPrompt !== '' && body.endsWith(`\n${otherPrompt}`)) body = body.slice(0, -otherPrompt.length);
	if (body === '') return [];
	const lines = body.split('\n');
	if (lines.at(-1) === '') lines.pop();
	return lines;
}

/** Runs transcripts step by step against fresh machines. */
/** The HMP prompt. */
const MONITOR_PROMPT = '(qemu) ';

export class Replayer {
	private session: Session | undefined;
	private startFailed = false;
	/**
	 * A start that failed after a `-monitor stdio` monitor printed its prompt: the error follows
	 * on the prompt's line, which a transcript reads as a monitor step (`  (qemu) qemu-system-...`).
	 */
	private errorAfterPrompt: string[] | undefined;

	run(transcript: Transcript): StepResult[] {
		return transcript.steps.map((step, i) => this.runStep(step, transcript.steps[i + 1]));
	}

	/** `next`: the step after this one, which may be the error line of a failed start (see errorAfterPrompt). */
	runStep(step: Step, next?: Step): StepResult {
		const actual = this.actualFor(step, next);
		return {step, actual, ok: matches(step.expected, actual)};
	}

	private actualFor(step: Step, next?: Step): string[] {
		if (step.kind === 'start') {
			this.session = undefined;
			this.errorAfterPrompt = undefined;
			const created = createSession(startArgv(step.input));
			this.startFailed = !created.ok;
			if (!created.ok) {
				const stderr = outputLines(created.stderr, '');
				// A recorded transcript has the error as the next `(qemu)` line; a transcript written
				// by hand goes on with its commands, which reach no monitor: the error is this output.
				if (created.stdout?.endsWith(MONITOR_PROMPT) && next?.kind === 'monitor' && next.input === stderr[0]) {
					this.errorAfterPrompt = stderr;
					return outputLines(created.stdout.slice(0, -MONITOR_PROMPT.length), '');
				}
				return outputLines((created.stdout ?? '') + created.stderr, '');
			}
			this.session = created.session;
			// A start that works has no output in a transcript: a recording begins at the first
			// prompt, so what QEMU printed on the way (warnings, the boot) is not in it (the lab's
			// -m 0x400 warns on stderr; its transcript's start step is empty, as the goldens' are).
			return [];
		}
		if (this.errorAfterPrompt) {
			// The step's "command" is the error's first line; the rest of the error is its output.
			const rest = this.errorAfterPrompt.slice(1);
			this.errorAfterPrompt = undefined;
			return rest;
		}
		const session = this.session ?? this.defaultSession();
		if (!session || session.exitCode() !== undefined) return [];
		let text = '';
		let echoed = false;
		const off = session.onOutput((chunk) => {
			text += chunk.text;
		});
		try {
			if (step.kind === 'mux') {
				session.muxKey(step.input);
			} else {
				const pane = step.kind === 'guest' ? 'serial' : 'monitor';
				// A command for the other front-end implies the C-a c a user would type.
				if (session.focus() !== pane && !session.config.monitorStdio) {
					session.muxKey('c');
					text = '';
				}
				session.submitLine(step.input);
				const stripped = stripEcho(text, step.input);
				// After the tty's echo of the line (with its line break) a newline from the shell is an
				// empty first line of output. (The monitor's steps keep the old reading: a reset's
				// banner arrives after the monitor's own output, see qemu-system-reset.test.ts.)
				echoed = pane === 'serial' && stripped !== text;
				text = stripped;
			}
		} finally {
			off();
		}
		const live = session.exitCode() === undefined;
		const prompt = live ? session.prompt() : '';
		const other = live && step.kind === 'monitor' && !session.config.monitorStdio ? session.prompt('serial') : '';
		return outputLines(text, prompt, other, echoed);
	}

	private defaultSession(): Session | undefined {
		if (this.startFailed) return undefined;
		// No `$ qemu-system-x86_64` line: the machine `memhp` starts by default.
		const created = createSession(DEFAULT_QEMU_ARGS);
		this.session = created.ok ? created.session : undefined;
		return this.session;
	}
}

function stripEcho(text: string, input: string): string {
	const echo = `${input}\n`;
	const at = text.indexOf(echo);
	return at >= 0 ? text.slice(at + echo.length) : text;
}

export function matches(expected: ExpectedLine[], actual: string[]): boolean {
	return expected.length === actual.length && expected.every((line, i) => lineMatches(line, actual[i]!));
}

/**
 * The transcript printed back with real outputs: prose and steps as they were, each step followed
 * by what memhp printed (an expected regex line is kept where the actual line matches it).
 */
export function renderReplay(entries: Entry[], results: Map<Step, StepResult>): string {
	const out: string[] = [];
	for (const entry of entries) {
		if (entry.type === 'prose') {
			out.push(entry.text);
			continue;
		}
		const {step} = entry;
		out.push(`  ${step.raw}`);
		const result = results.get(step);
		for (const [i, line] of (result?.actual ?? []).entries()) {
			const expected = step.expected[i];
			if (expected?.regex && lineMatches(expected, line)) out.push(`  ${expected.text} (re)`);
			else out.push(`  ${line}`);
		}
	}
	return `${out.join('\n')}\n`;
}
