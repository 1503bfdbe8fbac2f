/**
 * busybox 1.35 timeout (coreutils/timeout.c: a daemonized grandchild that polls once a second and
 * signals timeout's process, which exec'ed the program) and more (util-linux/more.c: cat when
 * stdout is no terminal, a pager on the console). Expectations from the lab's one-CPU guest
 * (s51/r40 s2, s5, s6).
 */
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {Shell} from '../source/machine/shell/index.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';

function boot() {
	const clock = new VirtualClock();
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB: 512, maxMiB: 2048, slots: 2, cpus: 1}), firmware: new FakeFirmware(2), clock, console: () => {}});
	return {sh: new Shell(g.syscalls), clock};
}

const out = (sh: Shell, line: string) => sh.run(line).output;
const lines = (...l: string[]) => l.map(x => `${x}\n`).join('');

describe('timeout', () => {
	it('the program dies of the signal when its time is up; the shell says how (not for INT, which interrupts the line)', () => {
		const {sh, clock} = boot();
		const t0 = clock.seconds();
		expect(out(sh, 'timeout 1 sleep 5; echo $?')).toBe(lines('Terminated', '143'));
		// the watchdog fired at 1 s, not after the 5 s sleep
		expect(clock.seconds() - t0).toBeLessThan(1.5);
		expect(out(sh, 'timeout -s KILL 1 sleep 5; echo $?')).toBe(lines('Killed', '137'));
		expect(out(sh, 'timeout -s 1 1 sleep 5; echo $?')).toBe(lines('Hangup', '129'));
		expect(out(sh, 'timeout -s INT 1 sleep 5; echo $?')).toBe('\n');
		// a child shell is the program: its sleep is cut short and it is what dies
		expect(out(sh, "timeout 1 sh -c 'sleep 3; echo no'; echo $?")).toBe(lines('Terminated', '143'));
	});

	it('a program that ends in time keeps its status; a signal it ignores lets it finish, -k then kills', () => {
		const {sh, clock} = boot();
		expect(out(sh, 'timeout 5 true; echo $?')).toBe(lines('0'));
		expect(out(sh, 'timeout 5 false; echo $?')).toBe(lines('1'));
		expect(out(sh, "timeout 5 sh -c 'exit 7'; echo $?")).toBe(lines('7'));
		expect(out(sh, 'timeout 1 cat /sys/devices/system/memory/block_size_bytes')).toBe(lines('8000000'));
		let t = clock.seconds();
		expect(out(sh, 'timeout -s CHLD 1 sleep 2; echo $?')).toBe(lines('0'));
		expect(clock.seconds() - t).toBeGreaterThanOrEqual(2);
		t = clock.seconds();
		expect(out(sh, 'timeout -s CHLD -k 1 1 sleep 4; echo $?')).toBe(lines('Killed', '137'));
		expect(clock.seconds() - t).toBeLessThan(2.5);
		// stopping a process is not simulated, and says so
		expect(out(sh, 'timeout -s STOP 1 sleep 2; echo $?')).toBe(lines('memhp: timeout: stopping a process (STOP) is not simulated', '0'));
	});

	it('counts whole seconds, at least one: 0.5 and 1.5 both fire at 1 s, and a program ending then is gone first', () => {
		const {sh} = boot();
		expect(out(sh, 'time timeout 0.5 sleep 3; echo $?')).toBe(lines('Command terminated by signal 15', 'real\t0m 1.00s', 'user\t0m 0.00s', 'sys\t0m 0.00s', '15'));
		expect(out(sh, 'time timeout 2.5 sleep 5 2>&1 | head -2')).toContain('real\t0m 2.00s');
		expect(out(sh, 'timeout 0.2 sleep 1; echo $?')).toBe(lines('0'));
		expect(out(sh, 'timeout 1.5 sleep 1.5; echo $?')).toBe(lines('Terminated', '143'));
	});

	it('execs the program in its own process; the watcher lingers as init\'s child until its next wake-up finds it gone', () => {
		const {sh} = boot();
		const [pid, ppid] = out(sh, "timeout 3 sh -c 'echo $$ $PPID'").trim().split(' ');
		expect(ppid).toBe('1');
		const ps = out(sh, "timeout 3 ps -o pid,ppid,args | grep -v ' \\['");
		// the last command's watcher (pid + 2), then this one's program (ps itself) and watcher
		expect(ps).toContain(`${Number(pid) + 2}     1 timeout 3 sh -c echo $$ $PPID\n`);
		expect(ps).toMatch(new RegExp(`\\n *${Number(pid) + 3} +1 ps -o pid,ppid,args\\n`));
		expect(ps).toMatch(new RegExp(`\\n *${Number(pid) + 6} +1 timeout 3 ps -o pid,ppid,args\\n`));
		// a second later both watchers are gone
		out(sh, 'sleep 1');
		expect(out(sh, 'ps | grep -c timeout')).toBe(lines('1'));
	});

	it('in a pipeline the killed stage is reported; in the background its job ends Terminated', () => {
		const {sh} = boot();
		expect(out(sh, 'timeout 1 sleep 3 | cat; echo $?')).toBe(lines('Terminated', '0'));
		// (the job's notice comes at the prompt after)
		expect(out(sh, 'timeout 1 sleep 2 & wait $!; echo $?')).toBe(lines('Terminated', '143', '[1]+  Terminated                 timeout 1 sleep 2'));
		expect(out(sh, 'timeout 1 sleep 3 & sleep 2; jobs; wait; echo $?')).toMatch(/\[1\]\+ {2}Terminated {17}timeout 1 sleep 3\n0\n$/);
	});

	it('errors as busybox prints them', () => {
		const {sh} = boot();
		expect(out(sh, 'timeout x sleep 1; echo $?')).toBe(lines("timeout: invalid number 'x'", '1'));
		expect(out(sh, 'timeout 0.5x sleep 1; echo $?')).toBe(lines("timeout: invalid number '1x'", '1'));
		expect(out(sh, 'timeout -k x 1 sleep 1; echo $?')).toBe(lines("timeout: invalid number 'x'", '1'));
		expect(out(sh, 'timeout -s FOO 1 sleep 2; echo $?')).toBe(lines("timeout: unknown signal 'FOO'", '1'));
		expect(out(sh, 'timeout 1 nosuchcmd; echo $?')).toBe(lines("timeout: can't execute 'nosuchcmd': No such file or directory", '127'));
		expect(out(sh, 'timeout 1 /proc; echo $?')).toBe(lines("timeout: can't execute '/proc': Permission denied", '126'));
		const usage = out(sh, 'timeout 1; echo $?');
		expect(usage).toContain('Usage: timeout [-s SIG] [-k KILL_SECS] SECS PROG ARGS\n\nRun PROG. Send SIG to it if it is not gone in SECS seconds.\nDefault SIG: TERM.If it still exists in KILL_SECS seconds, send KILL.\n\n1\n');
		expect(out(sh, 'timeout -t 1 sleep 2; echo $?')).toMatch(/^timeout: invalid option -- 't'\n/);
	});
});

describe('more', () => {
	it('is cat when stdout is no terminal (bb_cat(): a file that will not open fails it)', () => {
		const {sh} = boot();
		expect(out(sh, 'more /proc/version | cut -c1-13')).toBe(lines('Linux version'));
		expect(out(sh, 'echo hi | more | cat')).toBe(lines('hi'));
		expect(out(sh, 'more /nonexist | cat; echo $?')).toBe(lines("more: can't open '/nonexist': No such file or directory", '0'));
		expect(out(sh, 'more /nonexist > /tmp/x; echo $?')).toBe(lines("more: can't open '/nonexist': No such file or directory", '1'));
	});

	it('on the console: warns about a missing file and goes on (status 0), a directory shows nothing', () => {
		const {sh} = boot();
		expect(out(sh, 'more /sys/devices/system/memory/block_size_bytes /proc/loadavg')).toMatch(/^8000000\n0\.00 0\.00 0\.00 \d+\/\d+ \d+\n$/);
		expect(out(sh, 'more /nonexist /sys/devices/system/memory/block_size_bytes; echo $?')).toBe(lines('more: /nonexist: No such file or directory', '8000000', '0'));
		expect(out(sh, 'more /sys/devices/system/memory; echo $?')).toBe(lines('0'));
		expect(out(sh, 'echo hi | more')).toBe(lines('hi'));
		expect(out(sh, 'more -x; echo $?')).toMatch(/^more: invalid option -- 'x'\n.*\nUsage: more \[FILE\]\.\.\.\n\nView FILE \(or stdin\) one screenful at a time\n1\n$/s);
	});

	it('pages: 23 rows of 80 columns (tabs to the next 8, long lines wrapped), then the --More-- prompt with the file\'s share read', () => {
		const {sh} = boot();
		// tabs are expanded; a 100-character line takes two rows, the wrapped character is not a newline
		expect(out(sh, "printf 'a\\tb\\tc\\n%0100d\\nend\\n' 0 > /tmp/m; more /tmp/m")).toBe(`a       b       c\n${'0'.repeat(100)}\nend\n`);
		const r = sh.run('seq 1 100 > /tmp/s; more /tmp/s');
		const [shown, prompt] = r.output.split('--More-- ');
		expect(shown).toBe(lines(...Array.from({length: 23}, (_, i) => String(i + 1))));
		// 23 lines (60 bytes) of the 292-byte file and the first character of the 24th were
		// read: 61 / (292 / 100) in whole numbers
		expect(prompt).toBe('(30% of 292 bytes)');
		// it waits for a key from /dev/tty: q erases the prompt and quits
		expect(sh.readerTakesKeys()).toBe(true);
		expect(sh.keys('q').output).toBe(`\r${' '.repeat(27)}\r`);
		expect(sh.readerTakesKeys()).toBe(false);
		// LINES and COLUMNS give the size where the console's window size is 0x0
		const small = out(sh, 'LINES=5 more /tmp/s');
		expect(small.split('--More-- ')[0]).toBe(lines('1', '2', '3', '4'));
		sh.keys('q');
	});

	it('keys from the terminal: Space a page, Enter a line, r the rest, another key the help; whatever stdin is', () => {
		const {sh} = boot();
		const erase = (n: number) => `\r${' '.repeat(n)}\r`;
		const first = out(sh, 'seq 1 60 > /tmp/s; LINES=5 more /tmp/s; echo "status $?"');
		// (171 bytes, 1% each: what getc() has read, the next line's first character included)
		expect(first).toBe(`${lines('1', '2', '3', '4')}--More-- (9% of 171 bytes)`);
		// Space: the next 4 rows
		expect(sh.keys(' ').output).toBe(`${erase(26)}${lines('5', '6', '7', '8')}--More-- (17% of 171 bytes)`);
		// Enter: one more line, then the prompt again
		expect(sh.keys('\n').output).toBe(`${erase(27)}9\n--More-- (19% of 171 bytes)`);
		// another key: the help, until a key more knows
		expect(sh.keys('x').output).toBe(`${erase(27)}(Enter:next line Space:next page Q:quit R:show the rest)`);
		// r: the rest without prompts, and the line goes on
		const rest = sh.keys('r').output;
		expect(rest.startsWith(`${erase(56)}10\n11\n`)).toBe(true);
		expect(rest.endsWith('59\n60\nstatus 0\n')).toBe(true);
		expect(rest).not.toContain('--More--');
		// stdin a pipe: the keys still come from the terminal (/dev/tty); no size from a pipe
		expect(out(sh, 'seq 1 10 | LINES=4 more')).toBe(`${lines('1', '2', '3')}--More-- `);
		expect(sh.reader()).toBe('more');
		expect(sh.keys('Q').output).toBe(erase(9));
		expect(sh.reader()).toBeUndefined();
	});
});

describe('watch (lab s51/r40 s8)', () => {
	it('clears the screen, heads it with the period, the command and the time at the right edge, then runs it through sh', () => {
		const {sh} = boot();
		const screen = out(sh, "watch -n 5 'echo a; echo b >&2' 2>&1 | cat");
		expect(screen).toMatch(/^\x1b\[H\x1b\[JEvery 5\.0s: echo a; echo b >&2 {30}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\n\na\nb\n$/);
		// the width is the console's (COLUMNS where set), the header one character short of it
		const narrow = out(sh, 'COLUMNS=50 watch -n 0.5 true | cat').split('\n')[0]!;
		expect(narrow.replace('\x1b[H\x1b[J', '')).toMatch(/^Every 0\.5s: true {14}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
		expect(out(sh, 'watch -t -n 5 echo hi | od -c')).toBe(lines('0000000 033   [   H 033   [   J   h   i  \\n', '0000011'));
		expect(out(sh, 'watch -n 5 nosuchcmd 2>&1 | tr -d "\\033" | tail -1')).toBe(lines('sh: nosuchcmd: not found'));
	});

	it('under timeout it repeats until the signal: each run after the period, the killed stage reported', () => {
		const {sh} = boot();
		expect(out(sh, 'timeout 3 watch -n 1 date | grep -c Every')).toBe(lines('Terminated', '3'));
		expect(out(sh, 'COLUMNS=50 timeout 1 watch -n 0.5 true | grep -c Every')).toBe(lines('Terminated', '2'));
		// top too: a display, then its 5 s interval, which the watchdog cuts short
		expect(out(sh, 'timeout 2 top -b | grep -c ^Mem')).toBe(lines('Terminated', '1'));
	});

	it('on the console it runs until stopped: memhp shows the first screen and stops as Ctrl-C would', () => {
		const {sh} = boot();
		expect(out(sh, 'watch -n 1 echo hi')).toMatch(/\n\nhi\nmemhp: this never ends \(in the guest Ctrl-C stops it\): interrupted\n/);
		expect(out(sh, 'watch -n x true; echo $?')).toBe(lines("watch: invalid number 'x'", '1'));
		expect(out(sh, 'watch; echo $?')).toMatch(/\nUsage: watch \[-n SEC\] \[-t\] PROG ARGS\n\nRun PROG periodically\n\n\t-n SEC\tPeriod \(default 2\)\n\t-t\tDon't print header\n1\n$/);
	});
});
