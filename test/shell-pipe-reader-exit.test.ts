/**
 * A pipeline whose reader exits on its own (`head`): memhp runs the stages one after another,
 * but the writer dies of SIGPIPE where it would write again after the reader could have read
 * its fill and exited (it slept, or filled the pipe), so an endless writer ends as in a real
 * guest instead of running into the step budget.
 */
import {describe, expect, it} from 'vitest';
import {grepReadLimit} from '../source/machine/shell/applets/grep.js';
import {headQuota} from '../source/machine/shell/applets/text/headtail.js';
import {printed, startSession} from './session-helpers.js';

const BOOT = ['-m', '1G', '-kernel', 'bzImage', '-append', 'console=ttyS0'];

function uptime(s: ReturnType<typeof startSession>): number {
	return Number(printed(s, 'serial', 'cat /proc/uptime').split(' ')[0]);
}

describe('a writer feeding head', () => {
	it('an endless loop that sleeps ends once head has its lines, after as many sleeps as a real one', () => {
		const s = startSession(BOOT);
		const before = uptime(s);
		expect(printed(s, 'serial', 'while true; do echo x; sleep 1; done | head -n 3; echo rc=$?')).toBe('x\nx\nx\nrc=0\n');
		// three sleeps: the fourth echo finds head gone
		expect(uptime(s) - before).toBeGreaterThanOrEqual(3);
		expect(uptime(s) - before).toBeLessThan(3.5);
	});

	it('an endless loop that does not sleep ends once the pipe it fills past head\'s lines is full', () => {
		const s = startSession(BOOT);
		expect(printed(s, 'serial', 'while :; do echo x; done | head -n 2; echo rc=$?')).toBe('x\nx\nrc=0\n');
		expect(printed(s, 'serial', '(while :; do echo yy; done) | head -c 4; echo; echo rc=$?')).toBe('yy\ny\nrc=0\n');
	});

	it('a writer that is fast keeps writing into the pipe\'s buffer: its later commands run', () => {
		const s = startSession(BOOT);
		expect(printed(s, 'serial', '{ echo a; echo b; touch /tmp/f; } | head -1; ls /tmp')).toBe('a\nf\n');
	});

	it('a writer that waits for a program it forked lets head run: its next write is its last', () => {
		const s = startSession(BOOT);
		expect(printed(s, 'serial', '{ echo a; date >/dev/null; echo c; touch /tmp/g; } | head -1; ls /tmp')).toBe('a\n');
		expect(printed(s, 'serial', '{ echo a; echo b; cat /proc/uptime >/dev/null; touch /tmp/h; } | head -1; ls /tmp')).toBe('a\nh\n');
	});

	it('a program that writes to the closed pipe dies alone; the loop around it goes on, as in ash', () => {
		const s = startSession(BOOT);
		// (a real guest hangs there until Ctrl-C: cat dies of SIGPIPE each time, the loop does not)
		expect(printed(s, 'serial', 'while :; do cat /sys/devices/system/memory/memory0/state; sleep 1; done | head -n 2')).toContain('memhp: command interrupted after');
		expect(printed(s, 'serial', 'echo still here')).toBe('still here\n');
	});

	it('grep -q, -l and -m end an endless writer too', () => {
		const s = startSession(BOOT);
		expect(printed(s, 'serial', 'while true; do echo x; sleep 1; done | grep -q x; echo rc=$?')).toBe('rc=0\n');
		expect(printed(s, 'serial', "i=0; while :; do i=$((i+1)); echo $i; sleep 1; done | grep -m 2 '[05]$'; echo rc=$?")).toBe('5\n10\nrc=0\n');
		expect(printed(s, 'serial', 'while :; do echo hello; sleep 1; done | grep -l hell')).toBe('(standard input)\n');
		expect(printed(s, 'serial', '{ echo a; echo b; date >/dev/null; echo c; touch /tmp/g; } | grep -q a; ls /tmp')).toBe('');
	});

	it('other readers read to the end of the writer\'s output', () => {
		const s = startSession(BOOT);
		expect(printed(s, 'serial', 'i=0; while [ $i -lt 4 ]; do echo $i; i=$((i+1)); sleep 1; done | tail -n 2')).toBe('2\n3\n');
	});
});

describe('headQuota', () => {
	it('reads head\'s count as head does, and gives up where the input is not plainly stdin', () => {
		expect(headQuota(['head'])).toEqual({bytes: false, count: 10});
		expect(headQuota(['head', '-3'])).toEqual({bytes: false, count: 3});
		expect(headQuota(['head', '-n', '5', '-q'])).toEqual({bytes: false, count: 5});
		expect(headQuota(['head', '-c2k'])).toEqual({bytes: true, count: 2048});
		expect(headQuota(['head', '-c', '1', '-n', '4'])).toEqual({bytes: true, count: 4});
		expect(headQuota(['head', '-n', '-2'])).toBeUndefined();
		expect(headQuota(['head', 'file'])).toBeUndefined();
		expect(headQuota(['head', '-'])).toBeUndefined();
		expect(headQuota(['head', '-x'])).toBeUndefined();
	});
});

describe('grepReadLimit', () => {
	it('counts the lines grep reads before it stops, with its own line test', () => {
		const q = grepReadLimit(['grep', '-qi', 'X']);
		expect(q?.lines).toBe(1);
		expect(q?.counts('axb')).toBe(true);
		expect(grepReadLimit(['grep', '-m', '2', 'x'])?.lines).toBe(2);
		expect(grepReadLimit(['grep', '-m', '0', 'x'])).toBeUndefined();
		expect(grepReadLimit(['egrep', '-m1', 'a|b'])?.counts('b')).toBe(true);
		expect(grepReadLimit(['grep', '-vq', 'a'])?.counts('a')).toBe(false);
		expect(grepReadLimit(['fgrep', '-q', 'a.b'])?.counts('axb')).toBe(false);
	});

	it('gives up where grep reads to the end or reads files', () => {
		expect(grepReadLimit(['grep', 'x'])).toBeUndefined();
		expect(grepReadLimit(['grep', '-q', 'x', 'file'])).toBeUndefined();
		expect(grepReadLimit(['grep', '-A', '1', '-m', '1', 'x'])).toBeUndefined();
		expect(grepReadLimit(['grep', '-q', 'a\\('])).toBeUndefined();
	});
});
