/**
 * /dev/kmsg writes (devkmsg_write()): each write is a record of the user facility in the kernel's
 * log, as the lab's guest showed (test/fixtures/lab/kmsg-writes-1G.t).
 */
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {PrintkRing} from '../source/machine/linux/printk.js';
import {printed, startSession} from './session-helpers.js';

function ring(consoleLoglevel = 4): {log: PrintkRing; console: string[]} {
	const console: string[] = [];
	const log = new PrintkRing(new VirtualClock(), text => console.push(text), {consoleLoglevel, ignoreLoglevel: false});
	return {log, console};
}

describe('PrintkRing.devkmsgWrite', () => {
	it('logs at level 4 of the user facility unless a <N> prefix says otherwise', () => {
		const {log, console} = ring();
		log.devkmsgWrite('hello\n');
		log.devkmsgWrite('<3>an error\n');
		log.devkmsgWrite('<30>daemon info\n');
		log.devkmsgWrite('<x>not a prefix\n');
		expect(log.readAll().split('\n').map(l => l.replace(/\[.*?\] /, ''))).toEqual(['<12>hello', '<11>an error', '<30>daemon info', '<12><x>not a prefix', '']);
		// (only the level-3 record is under the console's loglevel of 4)
		expect(console).toEqual([expect.stringMatching(/^\[ *\d+\.\d{6}\] an error\r\n$/)]);
	});

	it('keeps a record written without its newline open until the next one', () => {
		const {log} = ring();
		log.devkmsgWrite('partial');
		expect(log.readAll()).toBe('');
		log.devkmsgWrite('next\n');
		expect(log.all().map(r => r.text)).toEqual(['partial', 'next']);
	});

	it('refuses a write longer than a record', () => {
		const {log} = ring();
		expect(log.devkmsgWrite(`${'x'.repeat(1024)}\n`)).toBe('EINVAL');
		expect(log.devkmsgWrite(`${'x'.repeat(1023)}\n`)).toBeUndefined();
	});
});

describe('/dev/kmsg in the guest', () => {
	it('puts what the shell writes there in dmesg; a line too long is EINVAL', () => {
		const s = startSession(['-m', '1G', '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet']);
		expect(printed(s, 'serial', 'echo "--- before online ---" > /dev/kmsg; dmesg | tail -n 1')).toMatch(/^\[ *\d+\.\d{6}\] --- before online ---\n$/);
		// (ash's printf says nothing of its failed write: status 1 alone)
		expect(printed(s, 'serial', 'printf "%02000d\\n" 1 > /dev/kmsg; echo rc=$?')).toBe('rc=1\n');
		expect(printed(s, 'serial', 'dmesg | tail -n 1')).toMatch(/--- before online ---\n$/);
	});
});
