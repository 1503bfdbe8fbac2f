/**
 * What the lab's qemu-system-x86_64 7.2 printed for 236 command lines (test/fixtures/lab/
 * cmdline-7.2.json, session 37): every start-up error word for word, and a start where it
 * started. (Command lines memhp does not simulate, and help lists, are left out.)
 */
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {createSession} from '../source/machine/session.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/lab/cmdline-7.2.json', import.meta.url));
const {lines} = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {lines: {args: string; output: string}[]};

describe('QEMU start-up against the lab\'s qemu-system-x86_64 7.2', () => {
	it('has the recorded command lines', () => {
		expect(lines.length).toBeGreaterThan(200);
	});
	it.each(lines.map((l) => [l.args, l.output] as const))('%s', (args, output) => {
		const created = createSession(args.split(' '));
		const printed = created.ok ? '' : `${created.stdout ?? ''}${created.stderr}`.trim();
		expect(printed).toBe(output);
	});
});
