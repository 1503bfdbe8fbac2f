/**
 * busybox 1.35 top over the guest's /proc, and the CPU accounting it reads (/proc/stat, the
 * tasks' utime and stime, /proc/uptime's idle time). Expectations from the lab's one-CPU guest
 * (s51/r40 s1, s3, s4); its CPU line and the tasks' tick counts vary from run to run, memhp
 * shows one of the outcomes the lab showed.
 */
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {Shell} from '../source/machine/shell/index.js';
import {smartUlltoa5} from '../source/machine/shell/applets/top.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';

function boot(cpus = 1) {
	const clock = new VirtualClock();
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB: 512, maxMiB: 4096, slots: 4, cpus}), firmware: new FakeFirmware(4), clock, console: () => {}});
	return {sh: new Shell(g.syscalls), clock};
}

const out = (sh: Shell, line: string) => sh.run(line).output;
const lines = (...l: string[]) => l.map(x => `${x}\n`).join('');

describe('/proc/stat and the tasks\' times', () => {
	it('show_stat(): the CPU lines, 256 IRQ counts on one CPU (440 on two), the fork count, and the idle time grows with the clock', () => {
		const {sh} = boot();
		const stat = out(sh, 'cat /proc/stat').split('\n');
		expect(stat[0]).toMatch(/^cpu {2}\d+ 0 \d+ \d+ 0 0 \d+ 0 0 0$/);
		expect(stat[1]).toBe(stat[0]!.replace('cpu ', 'cpu0'));
		expect(stat[2]!.split(' ').length).toBe(2 + 256);
		expect(stat[2]).toMatch(/^intr \d+ 151 9 0 0 63 0 0 0 1 0 0 0 3 0 /);
		expect(stat.slice(3, 9).map(l => l.replace(/\d+/g, 'N'))).toEqual(['ctxt N', 'btime N', 'processes N', 'procs_running N', 'procs_blocked N', 'softirq N N N N N N N N N N N']);
		// processes: every pid handed out, the reader's included (grep is exec'ed in sh's process)
		const pid = out(sh, "sh -c 'echo $$; grep processes /proc/stat'").split('\n');
		expect(pid[1]).toBe(`processes ${pid[0]}`);
		const idle = () => Number(out(sh, 'head -1 /proc/stat').split(' ')[5]);
		const before = idle();
		out(sh, 'sleep 2');
		expect(idle() - before).toBeGreaterThanOrEqual(200);
		// /proc/uptime's second field is that idle time
		const [up, upIdle] = out(sh, 'cat /proc/uptime').trim().split(' ').map(Number);
		expect(upIdle).toBeCloseTo(idle() / 100, 1);
		expect(upIdle).toBeLessThan(up!);
		const two = boot(2).sh;
		const stat2 = out(two, 'cat /proc/stat').split('\n');
		expect(stat2[1]).toMatch(/^cpu0 /);
		expect(stat2[2]).toMatch(/^cpu1 /);
		expect(stat2[3]!.split(' ').length).toBe(2 + 440);
	});

	it('/proc/PID/stat has the times boot left (the console shell ran /init\'s script) and a reaped child\'s go to its parent', () => {
		const {sh} = boot();
		const times = (pid: number | string) => out(sh, `cut -d' ' -f14-17 /proc/${pid}/stat`).trim().split(' ').map(Number);
		const init = times(1);
		expect(init[1]).toBeGreaterThan(50);
		expect(times(2)).toEqual([0, 1, 0, 0]);
		// top's scans are system time the kernel charges to it; when the shell reaps it, its own
		out(sh, 'top -bn1 > /dev/null');
		expect(times(1)[3]).toBe(init[3]! + 2);
	});
});

describe('top', () => {
	it('batch mode: meminfo, the CPU split since a scan 100 ms before, loadavg, every task sorted by %CPU, VSZ, then time', () => {
		const {sh} = boot();
		const meminfo = out(sh, 'cat /proc/meminfo');
		const kb = (f: string) => Number(new RegExp(`^${f}: +(\\d+)`, 'm').exec(meminfo)![1]);
		const text = out(sh, 'top -bn1');
		const l = text.split('\n');
		// (top itself runs, so MemFree is a little lower than cat saw it)
		expect(l[0]).toMatch(/^Mem: \d+K used, \d+K free, 1948K shrd, 0K buff, 1948K cached$/);
		const [used, free] = /(\d+)K used, (\d+)K free/.exec(l[0]!)!.slice(1).map(Number);
		expect(used! + free!).toBe(kb('MemTotal'));
		expect(Math.abs(free! - kb('MemFree'))).toBeLessThan(512);
		// 11 ticks between the scans: 10 asleep, 1 of top's reading /proc
		expect(l[1]).toBe('CPU:   0% usr   9% sys   0% nic  90% idle   0% io   0% irq   0% sirq');
		expect(l[2]).toMatch(/^Load average: 0\.00 0\.00 0\.00 1\/\d+ \d+$/);
		expect(l[3]).toBe('  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND');
		// top (its tick: 9%) first, the shell, then kernel threads by their time, the rest by pid
		expect(l[4]).toMatch(/^ {3}\d\d {5}1 root {5}R {5}2260 {3}1% {3}9% top -bn1$/);
		expect(l[5]).toBe('    1     0 root     S     2260   1%   0% sh');
		expect(l.slice(6, 12).map(x => x.replace(/^ *\d+ +\d+ root +\S+ +0 +0% +0% /, ''))).toEqual(['[kworker/u2:0-ev]', '[rcu_preempt]', '[kworker/u2:1-ev]', '[kworker/0:1-mm_]', '[kthreadd]', '[kdevtmpfs]']);
		expect(l[12]).toBe('    3     2 root     IW<      0   0%   0% [rcu_gp]');
		expect(text).toContain('\n   29     2 root     SWN      0   0%   0% [ksmd]\n');
		// every task, a line each, then an empty line
		const tasks = Number(/1\/(\d+)/.exec(l[2]!)![1]);
		expect(l.length).toBe(4 + tasks + 2);
		expect(text.endsWith('\n\n')).toBe(true);
		expect(out(sh, 'top -bn1 | wc -l')).toBe(lines(String(3 + tasks + 1 + 2)));
		// two CPUs: twice the ticks between the scans (4% sys, top 5%, as the lab's s4), and the
		// second unbound worker the busiest kernel thread there
		const two = out(boot(2).sh, 'top -bn1').split('\n');
		expect(two[1]).toBe('CPU:   0% usr   4% sys   0% nic  95% idle   0% io   0% irq   0% sirq');
		expect(two[4]).toMatch(/ {3}5% top -bn1$/);
		expect(two[6]).toMatch(/ \[kworker\/u4:1-ev\]$/);
	});

	it('-n counts displays, -d the seconds between them; options need no dash', () => {
		const {sh, clock} = boot();
		const t = clock.seconds();
		const two = out(sh, "top -b -n 2 -d 1 | grep -v '^ *[0-9]'").split('\n');
		expect(two.filter(x => x.startsWith('Mem:')).length).toBe(2);
		// a second apart: 100 ticks asleep and top's one
		expect(two[5]).toBe('CPU:   0% usr   0% sys   0% nic  99% idle   0% io   0% irq   0% sirq');
		expect(clock.seconds() - t).toBeGreaterThan(1.1);
		expect(out(sh, 'top bn1 | head -1')).toMatch(/^Mem: /);
		expect(out(sh, 'top -bn1 -H | sed -n 5p')).toMatch(/ top -bn1 -H\n$/);
		expect(out(sh, 'top -bn1 -m | sed -n 4p')).toBe(lines('  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND'));
	});

	it('on the console it reads keys as typed: each key a new display (n by pid, h threads), q, Ctrl-D or Ctrl-C ends it', () => {
		const {sh} = boot();
		const first = out(sh, 'top; echo "after $?"');
		expect(first.startsWith('\x1b[H\x1b[JMem: ')).toBe(true);
		expect(first).not.toContain('after');
		expect(sh.reader()).toBe('top');
		expect(sh.readerTakesKeys()).toBe(true);
		// n: sorted by pid, the highest first, shown at once
		const byPid = sh.keys('n').output;
		expect(byPid.startsWith('\x1b[H\x1b[JMem: ')).toBe(true);
		const pids = [...byPid.matchAll(/^ +(\d+) +\d+ root/gm)].map(m => Number(m[1]));
		expect(pids.length).toBeGreaterThan(10);
		expect(pids).toEqual([...pids].sort((a, b) => b - a));
		// a key top does not know: just a new display
		expect(sh.keys('z').output.startsWith('\x1b[H\x1b[JMem: ')).toBe(true);
		expect(sh.keys('q').output).toBe('\nafter 0\n');
		expect(sh.reader()).toBeUndefined();
		// ISIG is off: Ctrl-C is a key that ends top (status 0, the line goes on), and so is Ctrl-D
		out(sh, 'top; echo "after $?"');
		expect(sh.interrupt().output).toBe('\nafter 0\n');
		out(sh, 'top; echo "after $?"');
		expect(sh.eof().output).toBe('\nafter 0\n');
		// where it cannot wait (a command substitution) it goes on as at end of input: two displays
		expect(out(sh, 'x=$(top -n2 -d0); echo "$x" | grep -c Mem:')).toBe(lines('2'));
		expect(sh.reader()).toBeUndefined();
	});

	it('on the console: the terminal codes, 24 rows of 80 columns; without -n it never ends; a piped q quits at once', () => {
		const {sh} = boot();
		const screen = out(sh, 'top -n1');
		expect(screen.startsWith('\x1b[H\x1b[JMem: ')).toBe(true);
		expect(screen).toContain('\x1b[7m  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND\x1b[m\n');
		// 20 tasks under the four header lines, then \r and the final newline
		expect(screen.split('\n').length - 1).toBe(3 + 20 + 1);
		expect(screen.endsWith('\r\n')).toBe(true);
		expect(out(sh, 'echo q | top -n1 | od -c')).toBe(lines('0000000  \\n', '0000001'));
		// LINES and COLUMNS size the screen (the console's window size is 0x0)
		const small = out(sh, 'COLUMNS=40 LINES=10 top -n1').split('\n');
		expect(small.length - 1).toBe(10);
		// (a line is at most COLUMNS - 1 characters)
		expect(small[0]).toMatch(/^\x1b\[H\x1b\[JMem: \d+K used, \d+K free, 19/);
		expect(small[0]!.length).toBe(6 + 39);
		expect(small[3]).toBe('\x1b[7m  PID  PPID USER     STAT   VSZ %VSZ %CP\x1b[m');
		// piped keys: N sorts by pid (highest first), T by time (the shell's boot work first)
		const byPid = /^ +(\d+).*\n +(\d+)/.exec(out(sh, 'echo n | top -n1 | sed -n 5,6p'))!;
		expect(Number(byPid[1])).toBeGreaterThan(Number(byPid[2]));
		expect(out(sh, 'echo t | top -n1 | sed -n 5,6p | cut -c43-')).toBe(lines('sh', '[kworker/u2:0-ev]'));
		expect(out(sh, 'top -b')).toMatch(/ \[kworker\/u3:0\]\nmemhp: this never ends \(in the guest Ctrl-C stops it\): interrupted\n/);
		// into a pipe: a finite stream
		expect(out(sh, 'top -b | grep -c "^Mem: "')).toBe(lines('1'));
	});

	it('errors as busybox prints them', () => {
		const {sh} = boot();
		expect(out(sh, 'top -bn1 -d x; echo $?')).toBe(lines("top: invalid number 'x'", '1'));
		expect(out(sh, 'top -bn1 -n x; echo $?')).toBe(lines("top: invalid number 'x'", '1'));
		const usage = out(sh, 'top -bn1 -z; echo $?');
		expect(usage).toMatch(/^top: invalid option -- 'z'\nBusyBox v1\.35\.0 .*\n\nUsage: top \[-bH\] \[-n COUNT\] \[-d SECONDS\]\n\nShow a view of process activity in real time\.\n/);
		expect(usage.endsWith('\t-d SEC\tDelay between updates\n\t-H\tShow threads\n1\n')).toBe(true);
		// make_all_argv_opts(): a bare word is an option too
		expect(out(sh, 'top -bn1 a 2>&1 | head -1')).toBe(lines("top: invalid option -- 'a'"));
	});

	it('smart_ulltoa5() fits a size in five characters', () => {
		expect(smartUlltoa5(0)).toBe('    0');
		expect(smartUlltoa5(2260)).toBe(' 2260');
		expect(smartUlltoa5(99999)).toBe('99999');
		expect(smartUlltoa5(100000)).toBe('97.6m');
		expect(smartUlltoa5(2314240)).toBe('2260m');
		expect(smartUlltoa5(10 * 1024 * 1024)).toBe('10.0g');
	});
});
