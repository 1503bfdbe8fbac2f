/**
 * More of ash's builtins, against Debian's busybox 1.35 and the lab's guest (real Linux 6.1):
 * ulimit over the init task's limits, exec with only redirections, cd -P/-L, times.
 */
import {describe, expect, it} from 'vitest';
import {guestShell} from './guest-shell.js';
import {maxThreads} from '../source/machine/linux/rlimit.js';
import type {Shell} from '../source/machine/shell/index.js';

function boot(ramMiB = 1024) {
	return guestShell(ramMiB, 8192);
}
const out = (sh: Shell, line: string) => sh.run(line).output;

describe('ulimit', () => {
	it('lists init\'s limits as the lab\'s 1G guest does (max_threads from the memory at fork_init())', () => {
		const sh = boot();
		expect(out(sh, 'ulimit -a')).toBe([
			'core file size (blocks)         (-c) 0', 'data seg size (kb)              (-d) unlimited', 'scheduling priority             (-e) 0',
			'file size (blocks)              (-f) unlimited', 'pending signals                 (-i) 3548', 'max locked memory (kb)          (-l) 8192',
			'max memory size (kb)            (-m) unlimited', 'open files                      (-n) 1024', 'POSIX message queues (bytes)    (-q) 819200',
			'real-time priority              (-r) 0', 'stack size (kb)                 (-s) 8192', 'cpu time (seconds)              (-t) unlimited',
			'max user processes              (-u) 3548', 'virtual memory (kb)             (-v) unlimited', 'file locks                      (-x) unlimited', ''].join('\n'));
		expect(out(sh, 'ulimit -H -a | grep -E "\\((-c|-n|-s)\\)"')).toBe('core file size (blocks)         (-c) unlimited\nopen files                      (-n) 4096\nstack size (kb)                 (-s) unlimited\n');
		expect(out(sh, 'cat /proc/sys/kernel/threads-max')).toBe(`${maxThreads(229360)}\n`);
		// the lab's 4G guest: 15626 pending signals and processes
		expect(out(boot(4096), 'ulimit -u; ulimit -i')).toBe('15626\n15626\n');
	});

	it('prints and sets limits as busybox does', () => {
		const sh = boot();
		expect(out(sh, 'ulimit; ulimit -n; ulimit -n -s')).toBe('unlimited\n1024\nopen files                      (-n) 1024\nstack size (kb)                 (-s) 8192\n');
		expect(out(sh, 'ulimit -c10 -d 20; ulimit -c -d')).toBe('core file size (blocks)         (-c) 10\ndata seg size (kb)              (-d) 20\n');
		expect(out(sh, 'ulimit 50; ulimit; ulimit -S -n 10; ulimit -n; ulimit -H -n')).toBe('50\n10\n4096\n');
		expect(out(sh, 'ulimit -z; echo rc=$?')).toBe("ulimit: invalid option -- 'z'\nrc=1\n");
		expect(out(sh, 'ulimit -n abc; echo rc=$?')).toBe("sh: invalid number 'abc'\nrc=1\n");
		expect(out(sh, 'ulimit -n 2000000; echo rc=$?; ulimit -H -n 100; ulimit -S -n 200; echo rc=$?')).toBe(
			'sh: error setting limit: Operation not permitted\nrc=1\nsh: error setting limit: Invalid argument\nrc=1\n');
		// a subshell's limits are its own; a child shell inherits them
		expect(out(sh, '(ulimit -n 50); ulimit -n; ulimit -n 30; sh -c "ulimit -n"')).toBe('10\n30\n');
	});
});

describe('exec with only redirections', () => {
	it('keeps them for the rest of the line and later lines; a subshell\'s or a child\'s stay there', () => {
		const sh = boot();
		expect(out(sh, 'cd /tmp; exec 3>o3; echo hi >&3; exec 3>&-; cat o3')).toBe('hi\n');
		out(sh, 'exec 4>o4');
		out(sh, 'echo one >&4');
		expect(out(sh, 'echo two >&4; cat o4; exec 4>&-; echo x >&4')).toBe('one\ntwo\nsh: 4: Bad file descriptor\n');
		expect(out(sh, '(exec 5>o5; echo in >&5); echo out >&5; cat o5')).toBe('sh: 5: Bad file descriptor\nin\n');
		expect(out(sh, 'sh -c "exec 6>o6"; echo p >&6')).toBe('sh: 6: Bad file descriptor\n');
		expect(out(sh, 'f() { exec 7>o7; }; f; echo fn >&7; cat o7')).toBe('fn\n');
		expect(out(sh, 'exec 2>/dev/null; ls /nonexist; exec 2>&1; ls /nonexist')).toBe('ls: /nonexist: No such file or directory\n');
	});
});

describe('cd -P / -L and times', () => {
	it('cd -P resolves symlinks, -L (the default) keeps them', () => {
		const sh = boot();
		expect(out(sh, 'cd /sys/devices/system/memory/memory0/subsystem; pwd; cd -P .; pwd; cd -L /sys/bus; pwd')).toBe(
			'/sys/devices/system/memory/memory0/subsystem\n/sys/bus/memory\n/sys/bus\n');
		expect(out(sh, 'cd -x; echo rc=$?')).toBe('sh: cd: illegal option -x\nrc=2\n');
	});

	it('times prints four times as ash does (%um%u.%03us)', () => {
		expect(out(boot(), 'times')).toBe('0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n');
	});
});

describe('read -t 0', () => {
	it('only polls: ready for a file or a pipe (busybox: rc=0, nothing read), not for the terminal', () => {
		expect(out(boot(), 'read -t 0 x < /dev/null; echo rc=$?; echo a | { read -t 0 x; echo rc=$? "[$x]"; }; read -t 0 x; echo rc=$?')).toBe('rc=0\nrc=0 []\nrc=1\n');
	});
});
