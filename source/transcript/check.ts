import {expectedRegex, parseTranscript, type Transcript} from './parse.js';
import {Replayer, renderReplay, type StepResult} from './replay.js';

export interface FileReport {
	name: string;
	results: StepResult[];
	passed: number;
	failed: number;
}

/** Replays one transcript against a fresh machine and compares every step. */
export function checkTranscript(name: string, text: string): FileReport {
	const transcript: Transcript = parseTranscript(text);
	const results = new Replayer().run(transcript);
	const failed = results.filter((r) => !r.ok).length;
	return {name, results, passed: results.length - failed, failed};
}

/** `memhp replay`: the transcript printed back with memhp's outputs. */
export function replayTranscript(text: string): string {
	const transcript = parseTranscript(text);
	const results = new Replayer().run(transcript);
	return renderReplay(transcript.entries, new Map(results.map((r) => [r.step, r])));
}

/**
 * A readable diff of one failing step: expected lines marked `-`, actual `+`, equal lines
 * (or regex matches) as context, aligned by a longest-common-subsequence walk.
 */
export function formatFailure(file: string, result: StepResult): string {
	const {step, actual} = result;
	const expected = step.expected;
	const out = [`--- ${file}:${step.line}: ${step.raw}`];
	const n = expected.length;
	const m = actual.length;
	const eq = (i: number, j: number) => {
		const e = expected[i]!;
		return e.regex ? safeTest(e.text, actual[j]!) : e.text === actual[j];
	};
	const lcs: number[][] = Array.from({length: n + 1}, () => new Array<number>(m + 1).fill(0));
	for (let i = n - 1; i >= 0; i--) {
		for (let j = m - 1; j >= 0; j--) {
			lcs[i]![j] = eq(i, j) ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
		}
	}
	let i = 0;
	let j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && eq(i, j)) {
			out.push(`    ${actual[j]}`);
			i++;
			j++;
		} else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
			out.push(`  + ${actual[j]}`);
			j++;
		} else {
			const e = expected[i]!;
			out.push(`  - ${e.text}${e.regex ? ' (re)' : ''}`);
			i++;
		}
	}
	return out.join('\n');
}

function safeTest(pattern: string, line: string): boolean {
	return expectedRegex(pattern)?.test(line) ?? false;
}
