/**
 * Main acceptance test: replays the `(qemu)` steps of the monitor-only golden transcripts
 * (recorded from real QEMU 7.2.22) against QemuMachine.hmp() and compares every byte.
 */
import {existsSync, readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {parseQemuCommandLine, QemuMachine} from '../source/machine/qemu/index.js';

const GOLDEN = '/work/shared/golden';

interface Step {
	command: string;
	expected: string[];
	line: number;
}

/** Splits a shell command line (single/double quotes) into words. */
function shellWords(text: string): string[] {
	return [...text.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

function parseTranscript(file: string): {argv: string[]; steps: Step[]} {
	const lines = readFileSync(`${GOLDEN}/${file}`, 'utf8').split('\n');
	let argv: string[] = [];
	const steps: Step[] = [];
	let current: Step | undefined;
	lines.forEach((raw, index) => {
		if (!raw.startsWith('  ')) {
			current = undefined;
			return;
		}
		const line = raw.slice(2);
		if (line.startsWith('$ qemu-system-x86_64')) {
			argv = shellWords(line).slice(2);
			current = undefined;
		} else if (line.startsWith('(qemu) ')) {
			current = {command: line.slice('(qemu) '.length), expected: [], line: index + 1};
			steps.push(current);
		} else if (current) {
			current.expected.push(line);
		}
	});
	return {argv, steps};
}

function matches(actual: string[], expected: string[]): boolean {
	if (actual.length !== expected.length) return false;
	return expected.every((e, i) => (e.endsWith(' (re)') ? new RegExp(`^${e.slice(0, -5)}$`).test(actual[i]) : e === actual[i]));
}

for (const file of ['errors-monitor.t', 'errors-slots.t']) {
	// (skipped where the goldens are not beside the clone)
	describe.skipIf(!existsSync(`${GOLDEN}/${file}`))(`golden ${file}`, () => {
		it('replays every monitor step byte for byte', () => {
			const {argv, steps} = parseTranscript(file);
			const parsed = parseQemuCommandLine(argv);
			expect(parsed.ok).toBe(true);
			if (!parsed.ok) return;
			const created = QemuMachine.create(parsed.config, new VirtualClock());
			expect(created.ok).toBe(true);
			if (!created.ok) return;
			for (const step of steps) {
				const output = created.machine.hmp(step.command).output;
				const actual = output === '' ? [] : output.replace(/\n$/, '').split('\n');
				if (!matches(actual, step.expected)) {
					expect({line: step.line, command: step.command, output: actual}).toEqual({line: step.line, command: step.command, output: step.expected});
				}
			}
		});
	});
}
