/**
 * busybox 1.35 diff (unified only), with outputs checked against Debian's binary: headers
 * without times, hunk ranges (`-3` for one line, `-10,0` before an insertion), merged hunks,
 * -U, -q, -s, -N, -L, exit statuses.
 */
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {Shell} from '../source/machine/shell/index.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';

function boot() {
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB: 1024, maxMiB: 2048, slots: 4, cpus: 1}), firmware: new FakeFirmware(4), clock: new VirtualClock(), console: () => {}});
	const sh = new Shell(g.syscalls);
	sh.run("cd /tmp; printf 'a\\nb\\nc\\nd\\ne\\nf\\ng\\nh\\ni\\nj\\n' > x; printf 'a\\nb\\nC\\nd\\ne\\nf\\ng\\nh\\ni\\nj\\nk\\n' > y");
	return sh;
}

const out = (sh: Shell, line: string) => sh.run(line).output;
const lines = (...l: string[]) => l.map(x => `${x}\n`).join('');

describe('diff', () => {
	it('writes unified hunks with 3 lines of context; changes more than 6 lines apart get hunks of their own', () => {
		const sh = boot();
		expect(out(sh, 'diff x y; echo rc=$?')).toBe(lines('--- x', '+++ y', '@@ -1,6 +1,6 @@', ' a', ' b', '-c', '+C', ' d', ' e', ' f',
			'@@ -8,3 +8,4 @@', ' h', ' i', ' j', '+k', 'rc=1'));
		expect(out(sh, 'diff -U0 x y')).toBe(lines('--- x', '+++ y', '@@ -3 +3 @@', '-c', '+C', '@@ -10,0 +11 @@', '+k'));
		expect(out(sh, 'diff -U 5 x y | sed -n 3p')).toBe(lines('@@ -1,10 +1,11 @@'));
		expect(out(sh, 'diff -u /dev/null y | head -3')).toBe(lines('--- /dev/null', '+++ y', '@@ -0,0 +1,11 @@'));
	});

	it('exit status 0 for the same, 1 for different, 2 for trouble; -q, -s, -N, -L, -i', () => {
		const sh = boot();
		expect(out(sh, 'diff x x; echo rc=$?; diff -s x x; diff -q x y; echo rc=$?')).toBe(lines('rc=0', 'Files x and x are identical', 'Files x and y differ', 'rc=1'));
		expect(out(sh, 'diff nosuch y; echo rc=$?')).toBe(lines("diff: can't stat 'nosuch': No such file or directory", 'rc=2'));
		// the first file that fails ends it; an empty name is no file
		expect(out(sh, "diff '' nosuch; echo rc=$?")).toBe(lines("diff: can't stat '': No such file or directory", 'rc=2'));
		expect(out(sh, 'diff -N x nosuch | head -3')).toBe(lines('--- x', '+++ nosuch', '@@ -1,10 +0,0 @@'));
		expect(out(sh, 'diff -L old -L new x y | head -2')).toBe(lines('--- old', '+++ new'));
		expect(out(sh, 'diff -i -U0 x y')).toBe(lines('--- x', '+++ y', '@@ -10,0 +11 @@', '+k'));
		expect(out(sh, 'diff x 2>&1 | sed -n 3p; diff -r x y; echo rc=$?')).toBe(lines('Usage: diff [-abBdiNqrTstw] [-L LABEL] [-S FILE] [-U LINES] FILE1 FILE2',
			'memhp: diff: comparing directories (-r) is not simulated', 'rc=2'));
	});

	it('compares /proc/meminfo before and after a change, line for line', () => {
		const sh = boot();
		const d = out(sh, 'cat /proc/meminfo > m1; dd if=/dev/zero of=f bs=1M count=16 2>/dev/null; cat /proc/meminfo > m2; diff m1 m2');
		expect(d).toMatch(/^--- m1\n\+\+\+ m2\n@@ -1,\d+ \+1,\d+ @@\n MemTotal: .*\n-MemFree: .*\n-MemAvailable: .*\n\+MemFree: .*\n\+MemAvailable: .*\n/);
		expect(d).toMatch(/\n-Shmem: +\d+ kB\n/);
	});
});
