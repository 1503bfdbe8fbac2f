/**
 * busybox 1.35 time, usleep, factor, unlink, killall and pidof. The rows were run through
 * Debian's busybox-static 1.35.0 into a pipe, in a directory made by SETUP; time measures the
 * guest's clock, which sleep moves as the real one moved.
 */
import {describe, expect, it} from 'vitest';
import {busyboxRows, guestShell} from './guest-shell.js';

const SETUP = ": > f; echo hi > g";

/** [command line, what came out through a pipe] */
const REAL: [string, string][] = [
	["time sleep 1.5", "real\t0m 1.50s\nuser\t0m 0.00s\nsys\t0m 0.00s\n"],
	["time nonexist; echo rc=$?", "time: can't execute 'nonexist': No such file or directory\nCommand exited with non-zero status 127\nreal\t0m 0.00s\nuser\t0m 0.00s\nsys\t0m 0.00s\nrc=127\n"],
	["time sh -c \"exit 3\"; echo rc=$?", "Command exited with non-zero status 3\nreal\t0m 0.00s\nuser\t0m 0.00s\nsys\t0m 0.00s\nrc=3\n"],
	["time -p sleep 0.25", "real 0.25\nuser 0.00\nsys 0.00\n"],
	["time; echo rc=$?", "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: time [-vpa] [-o FILE] PROG ARGS\n\nRun PROG, display resource usage when it exits\n\n\t-v\tVerbose\n\t-p\tPOSIX output format\n\t-f FMT\tCustom format\n\t-o FILE\tWrite result to FILE\n\t-a\tAppend (else overwrite)\nrc=1\n"],
	["time -f \"%e %C [%x]\" sleep 2", "2.00 sleep 2 [0]\n"],
	["time -f \"%E %%|%q\" true", "0m 0.00s |\n"],
	["time -o out true; cat out", "real\t0m 0.00s\nuser\t0m 0.00s\nsys\t0m 0.00s\n"],
	["time -a -o out true; time -a -o out true; wc -l < out", "6\n"],
	["time sleep 61.5", "real\t1m 1.50s\nuser\t0m 0.00s\nsys\t0m 0.00s\n"],
	["usleep; echo rc=$?", "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: usleep N\n\nPause for N microseconds\nrc=1\n"],
	["usleep x; echo rc=$?", "usleep: invalid number 'x'\nrc=1\n"],
	["usleep 250000; echo rc=$?", "rc=0\n"],
	["factor 1 0 2 4294967297 18446744073709551615", "1:\n0:\n2: 2\n4294967297: 641 6700417\n18446744073709551615: 3 5 17 257 641 65537 6700417\n"],
	["factor 18446744073709551557 600851475143", "18446744073709551557: 18446744073709551557\n600851475143: 71 839 1471 6857\n"],
	["factor x; echo rc=$?", "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: factor [NUMBER]...\n\nPrint prime factors\nrc=1\n"],
	["factor 18446744073709551616; echo rc=$?", "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: factor [NUMBER]...\n\nPrint prime factors\nrc=1\n"],
	["echo 24 36 | factor", "24: 2 2 2 3\n36: 2 2 3 3\n"],
	["factor -- 5", "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: factor [NUMBER]...\n\nPrint prime factors\n"],
	["unlink nonexist; echo rc=$?", "unlink: can't remove file 'nonexist': No such file or directory\nrc=1\n"],
	["unlink f g; echo rc=$?", "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: unlink FILE\n\nDelete FILE by calling unlink()\nrc=1\n"],
	["unlink f; ls", "g\n"],
	["unlink; echo rc=$?", "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: unlink FILE\n\nDelete FILE by calling unlink()\nrc=1\n"],
	["killall; echo rc=$?", "killall: you need to specify whom to kill\nrc=1\n"],
	["killall -q nonexist; echo rc=$?", "rc=1\n"],
	["killall nonexist x2; echo rc=$?", "killall: nonexist: no process killed\nkillall: x2: no process killed\nrc=2\n"],
	["killall -z x; echo rc=$?", "killall: bad signal name 'z'\nrc=1\n"],
	["killall -l | head -3", " 1) HUP\n 2) INT\n 3) QUIT\n"],
	["pidof; echo rc=$?", "rc=1\n"],
	["pidof nonexist; echo rc=$?", "rc=1\n"],
];

function boot() {
	const sh = guestShell();
	sh.run(`mkdir /tmp/w; cd /tmp/w; ${SETUP}`);
	return sh;
}

describe('time, usleep, factor, unlink, killall, pidof', () => {
	busyboxRows(REAL, {setup: `mkdir /tmp/w; cd /tmp/w; ${SETUP}`});

	it('pidof and killall find the guest\'s tasks by name: the console shell is pid 1', () => {
		const sh = boot();
		expect(sh.run('pidof sh').output).toBe('1\n');
		expect(sh.run('pidof kthreadd kswapd0').output).toMatch(/^2 \d+\n$/);
		// a comm cut at 15 characters matches by its full name only through argv
		expect(sh.run('pidof rcu_tasks_rude_kthread; echo rc=$?').output).toBe('rc=1\n');
		expect(sh.run('killall -0 sh kthreadd; echo rc=$?').output).toBe('rc=0\n');
	});
});
