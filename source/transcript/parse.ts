/**
 * The transcript format of ../shared/golden (cram-like): lines indented by two spaces belong to
 * the session, anything else is prose. A session line is a step (`$ qemu-system-x86_64 ...`,
 * `<cwd> # cmd`, `(qemu) cmd`, `<C-a c>`) or an expected output line of the step above it.
 */

export type StepKind = 'start' | 'guest' | 'monitor' | 'mux';

export interface ExpectedLine {
	text: string;
	/** The line ended in ` (re)`: `text` is an anchored regular expression. */
	regex: boolean;
}

export interface Step {
	kind: StepKind;
	/** The command (start: the whole command line; mux: the key after C-a, '\x01' for C-a C-a). */
	input: string;
	/** The step line exactly as written (without the two-space indent), e.g. `/ # free -m`. */
	raw: string;
	/** For guest steps: the prompt written before the command, e.g. `/ # `. */
	prompt?: string;
	expected: ExpectedLine[];
	/** 1-based line number of the step line in the file. */
	line: number;
}

/** A prose line or a step, in file order, so a replay can print the file back. */
export type Entry = {type: 'prose'; text: string} | {type: 'step'; step: Step};

export interface Transcript {
	entries: Entry[];
	steps: Step[];
}

const GUEST_PROMPT = /^(\/\S*|~\S*) # (.*)$/;
const MONITOR_PROMPT = /^\(qemu\) ?(.*)$/;
const MUX_CHORD = /^<C-a (C-a|.)>$/;

/** Classifies one session line (indent removed) as a step, or undefined for output. */
function stepOf(content: string, line: number): Step | undefined {
	if (content.startsWith('$ ')) {
		return {kind: 'start', input: content.slice(2), raw: content, expected: [], line};
	}
	const mux = MUX_CHORD.exec(content);
	if (mux) {
		const key = mux[1] === 'C-a' ? '\x01' : mux[1]!;
		return {kind: 'mux', input: key, raw: content, expected: [], line};
	}
	const monitor = MONITOR_PROMPT.exec(content);
	if (monitor) {
		return {kind: 'monitor', input: monitor[1]!, raw: content, expected: [], line};
	}
	const guest = GUEST_PROMPT.exec(content);
	if (guest) {
		return {kind: 'guest', input: guest[2]!, raw: content, prompt: `${guest[1]} # `, expected: [], line};
	}
	return undefined;
}

export function parseTranscript(text: string): Transcript {
	const entries: Entry[] = [];
	const steps: Step[] = [];
	const lines = text.split('\n');
	if (lines.at(-1) === '') lines.pop();
	let current: Step | undefined;
	lines.forEach((raw, index) => {
		if (!raw.startsWith('  ')) {
			current = undefined;
			entries.push({type: 'prose', text: raw});
			return;
		}
		const content = raw.slice(2);
		const step = stepOf(content, index + 1);
		if (step) {
			current = step;
			steps.push(step);
			entries.push({type: 'step', step});
			return;
		}
		if (!current) {
			// Output with no step above it: keep it as prose so nothing is lost.
			entries.push({type: 'prose', text: raw});
			return;
		}
		const regex = content.endsWith(' (re)');
		current.expected.push({text: regex ? content.slice(0, -5) : content, regex});
	});
	return {entries, steps};
}

/** Compiled ` (re)` lines by their text; null for a pattern that does not compile. */
const compiled = new Map<string, RegExp | null>();

/** The anchored regular expression of a ` (re)` line, compiled once per distinct text. */
export function expectedRegex(text: string): RegExp | null {
	let re = compiled.get(text);
	if (re === undefined) {
		try {
			re = new RegExp(`^(?:${text})$`);
		} catch {
			re = null;
		}
		compiled.set(text, re);
	}
	return re;
}

/** True when an actual output line satisfies an expected one. */
export function lineMatches(expected: ExpectedLine, actual: string): boolean {
	if (!expected.regex) return expected.text === actual;
	return expectedRegex(expected.text)?.test(actual) ?? false;
}
