import {describe, expect, it} from 'vitest';
import {generateTranscript} from '../bench/transcript-gen.mjs';
import {checkTranscript, replayTranscript} from '../source/transcript/check.js';

// Functional only: the bench times `memhp replay` of this transcript; no timing here.
describe('bench transcript generator', () => {
	it('has exactly the asked number of steps after the machine line', () => {
		const text = generateTranscript(37);
		const steps = text.split('\n').filter(line => /^ {2}(\(qemu\)|\/ #|\$) /.test(line));
		expect(steps).toHaveLength(38);
		expect(steps[0]).toMatch(/^ {2}\$ qemu-system-x86_64 .*-m 1024M,slots=32,maxmem=8G/);
	});

	it('replays into a transcript memhp check passes, with no command failing', () => {
		const filled = replayTranscript(generateTranscript(160));
		const report = checkTranscript('gen.t', filled);
		expect(report.failed).toBe(0);
		expect(report.passed).toBe(161);
		// Every cycle really plugs, onlines, offlines and unplugs: no error output anywhere.
		expect(filled).not.toMatch(/Error|Invalid|can't|Device or resource busy|No such/);
		expect(filled).toContain('Memory device [dimm]: "dimm9"');
		expect(filled).toContain('Movable');
	});
});
