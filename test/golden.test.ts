import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {checkTranscript, formatFailure} from '../source/transcript/check.js';
import type {StepResult} from '../source/transcript/replay.js';

/**
 * Every real QEMU 7.2 / Linux 6.1 recording in ../shared/golden must replay exactly.
 *
 * Two kinds of recorded lines are not reproducible by any model and are excused, narrowly:
 * - the TSC calibration lines: the recordings were made on hosts whose TSC refined to
 *   different frequencies (2095.987 vs 2095.976 MHz) for the same command line, a host
 *   measurement the recorder did not mask;
 * - errors-guest.t's "burst" section: its heading says device_del and object_del were sent
 *   in one write, but that write and its `Error: ... is in use` answer are missing from the
 *   file, while the next `info memory-devices` shows the result of the lost device_del.
 *
 * Every `free -m` table must match exactly.
 */
const GOLDEN = fileURLToPath(new URL('../../shared/golden/', import.meta.url));
const TSC_LINE = /tsc: Refined TSC clocksource calibration|clocksource: tsc: mask:/;
const LOST_BURST = {file: 'errors-guest.t', input: 'info memory-devices', after: 'device_add pc-dimm,id=dimm4,memdev=mem4'};

function excused(file: string, result: StepResult, previous: StepResult | undefined): boolean {
	const {step, actual} = result;
	if (file === LOST_BURST.file && step.input === LOST_BURST.input && previous?.step.input === LOST_BURST.after) return true;
	if (actual.length !== step.expected.length) return false;
	return step.expected.every((e, i) => {
		const ok = e.regex ? new RegExp(`^(?:${e.text})$`).test(actual[i]!) : e.text === actual[i];
		return ok || (TSC_LINE.test(e.text) && TSC_LINE.test(actual[i]!));
	});
}

const files = existsSync(GOLDEN) ? readdirSync(GOLDEN).filter((f) => f.endsWith('.t')).sort() : [];

describe.skipIf(files.length === 0)('golden transcripts from real QEMU 7.2 + Linux 6.1', () => {
	for (const file of files) {
		it(file, () => {
			const report = checkTranscript(file, readFileSync(GOLDEN + file, 'utf8'));
			const failures = report.results
				.map((result, i) => ({result, previous: report.results[i - 1]}))
				.filter(({result, previous}) => !result.ok && !excused(file, result, previous))
				.map(({result}) => formatFailure(file, result));
			expect(failures.join('\n')).toBe('');
			expect(report.results.length).toBeGreaterThan(10);
		});
	}
});
