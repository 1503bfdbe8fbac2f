/**
 * Background jobs of busybox 1.35 ash: `CMD &` runs as a job of its own (here its commands at
 * once, taking no time; what it sleeps keeps its process alive, Running, on the virtual clock),
 * `$!`, the `Done` notice before the next prompt, `jobs`, `wait`, `fg`, `bg` and `kill %N`. Job
 * texts are ash's commandtext(); expected lines were checked against Debian's busybox 1.35 on a
 * pseudo-terminal and the lab's guest (s47/r23). On the guest's one CPU a job's child runs only
 * once the shell blocks (a foreground program, `wait`, the next line: lab s50/r37 e13).
 */
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {commandText} from '../source/machine/shell/cmdtxt.js';
import {Shell} from '../source/machine/shell/index.js';
import {parse} from '../source/machine/shell/parser.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';

function boot() {
	const clock = new VirtualClock();
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB: 1024, maxMiB: 2048, slots: 4, cpus: 1}), firmware: new FakeFirmware(4), clock, console: () => {}});
	return {sh: new Shell(g.syscalls), clock};
}

const out = (sh: Shell, line: string) => sh.run(line).output;
const lines = (...l: string[]) => l.map(x => `${x}\n`).join('');

function text(src: string): string {
	const r = parse(src);
	if (!r.ok || r.node.t !== 'list') throw new Error(src);
	const n = r.node.items[0]!;
	return commandText(n.t === 'bg' ? n.body : n);
}

describe('commandtext()', () => {
	it('writes commands as busybox\'s jobs lists them', () => {
		expect(text('echo "a b" c >/dev/null 2>&1 &')).toBe('echo "a b" c 1>/dev/null 2>&1');
		expect(text("x=1 echo 'q r' $HOME \"$x\" &")).toBe('echo "q r" ${HOME} "${x}"');
		expect(text('cat < /dev/null 2>/dev/null >> /dev/null')).toBe('cat 0</dev/null 2>/dev/null 1>>/dev/null');
		expect(text('{ true; false; }')).toBe('true; false');
		expect(text('for i in 1 2; do true; done')).toBe('for i in 1 2; do true; done');
		expect(text('true && false || true')).toBe('true && false || true');
		expect(text('if true; then true; fi')).toBe('if true; then true; fi');
		expect(text('case x in x) true;; esac')).toBe('case x in x) true;; esac');
		expect(text('(true)')).toBe('(true)');
		expect(text('true $$')).toBe('true ${\\$}');
		expect(text('echo $(true) `true` ${x:-a} ${#x} $((1+2))')).toBe('echo $(...) $(...) ${x:-a} ${#x:} $((1+2))');
		expect(text("sh -c 'kill $$; echo'")).toBe('sh -c "kill \\$\\$; echo"');
	});
});

describe('background jobs', () => {
	it('a job runs once the shell blocks; the shell reports it Done (with its status) before the prompt after that', () => {
		const {sh} = boot();
		// (lab s50/r37 e13: the prompt right after `true &` comes before the child has run)
		expect(out(sh, 'true &')).toBe('');
		expect(out(sh, 'echo x')).toBe(lines('x', '[1]+  Done                       true'));
		expect(out(sh, '{ true; false; } & cat /dev/null')).toBe(lines('[1]+  Done(1)                    true; false'));
		expect(out(sh, 'true | false | true & wait')).toBe(lines('[1]+  Done                       true | false | true'));
		// (a pipeline's status is its last process's: the writer's SIGPIPE is nobody's news, lab s65/c)
		expect(out(sh, 'seq 1 100000 | head -n 1 & wait')).toBe(lines('1', '[1]+  Done                       seq 1 100000 | head -n 1'));
		expect(out(sh, '(seq 1 100000 | head -n 1 | cut -c1-5) & wait')).toBe(lines('1', '[1]+  Done                       (seq 1 100000 | head -n 1 | cut -c1-5)'));
		expect(out(sh, "sh -c 'kill $$' & echo started")).toBe(lines('started'));
		expect(out(sh, 'jobs')).toBe(lines('[1]+  Terminated                 sh -c "kill \\$\\$"'));
		// what the job writes comes out when the shell blocks: after the shell's own builtin's
		expect(out(sh, 'echo a & echo b; wait')).toBe(lines('b', 'a', '[1]+  Done                       echo a'));
		expect(out(sh, 'echo a & echo b; cat /dev/null; echo c')).toBe(lines('b', 'a', 'c', '[1]+  Done                       echo a'));
	});

	it('a job that has not run yet is Running to jobs, and loses the signals the shell ignores (lab s50/r37 e13)', () => {
		const {sh, clock} = boot();
		expect(out(sh, 'true & jobs')).toBe(lines('[1]+  Running                    true'));
		expect(out(sh, 'jobs')).toBe(lines('[1]+  Done                       true'));
		// SIGTERM before the child reset it: lost, and `wait` sees the whole sleep
		const t = clock.now();
		expect(out(sh, 'sleep 100 & kill $!; wait $!; echo $?')).toBe(lines('0', '[1]+  Done                       sleep 100'));
		expect(clock.now() - t).toBeGreaterThanOrEqual(100e9);
		// SIGKILL kills it, and `wait` for it says so
		expect(out(sh, 'sleep 100 & kill -9 $!; wait $!; echo $?')).toBe(lines('Killed', '137', '[1]+  Killed                     sleep 100'));
		// one that would already have ended here: killed before it wrote anything
		expect(out(sh, 'echo never & kill -9 %1; wait %1; echo $?')).toBe(lines('Killed', '137', '[1]+  Killed                     echo never'));
		expect(out(sh, 'echo once & kill %1; echo $?')).toBe(lines('0', 'once'));
		// it ran once the shell read on: a zombie until this line's prompt reaps it
		expect(out(sh, 'kill -0 %1; echo $?')).toBe(lines('0', '[1]+  Done                       echo once'));
		expect(out(sh, 'echo late & fg')).toBe(lines('echo late', 'late'));
		// a job the shell saw run: SIGTERM kills it, on the one CPU before `wait` looks (nothing
		// said, lab s50/r37 e15); its zombie still takes a signal; `wait` with no operand says nothing
		out(sh, 'sleep 100 &');
		expect(out(sh, 'kill %1; wait %1; echo $?')).toBe(lines('143', '[1]+  Terminated                 sleep 100'));
		out(sh, 'sleep 100 &');
		expect(out(sh, 'kill %1; kill %1; echo $?')).toBe(lines('0', '[1]+  Terminated                 sleep 100'));
		out(sh, 'sleep 100 &');
		expect(out(sh, 'kill -9 %1; wait; echo $?')).toBe(lines('0', '[1]+  Killed                     sleep 100'));
		// reaped by a foreground command's wait: the pid is gone
		out(sh, 'sleep 100 &');
		expect(out(sh, 'kill %1; cat /dev/null; kill %1')).toMatch(/^sh: can't kill pid -\d+: No such process\n\[1\]\+ {2}Terminated {17}sleep 100\n$/);
	});

	it('with two CPUs the child runs at once; wait for a job a signal is ending says how (lab s50/r37 e16)', () => {
		const g = new LinuxGuest({boot: pcBootInfo({ramMiB: 512, maxMiB: 2048, slots: 2, cpus: 2}), firmware: new FakeFirmware(2), clock: new VirtualClock(), console: () => {}});
		const sh = new Shell(g.syscalls);
		// an ended job not yet reaped is a zombie: kill finds it, to no effect
		expect(out(sh, 'true & kill %1; echo $?')).toBe(lines('0', '[1]+  Done                       true'));
		expect(out(sh, 'echo never & kill -9 %1; wait %1; echo $?')).toBe(lines('never', '0', '[1]+  Done                       echo never'));
		out(sh, 'sleep 100 &');
		expect(out(sh, 'kill %1; wait %1; echo $?')).toBe(lines('Terminated', '143', '[1]+  Terminated                 sleep 100'));
		out(sh, 'sleep 100 &');
		expect(out(sh, 'kill %1; cat /dev/null; wait %1; echo $?')).toBe(lines('143', '[1]+  Terminated                 sleep 100'));
		expect(out(sh, 'echo a & cat /dev/null; echo c')).toBe(lines('a', 'c', '[1]+  Done                       echo a'));
	});

	it('several jobs: the current one (+) first, numbers reused once reported', () => {
		const {sh} = boot();
		expect(out(sh, 'echo 3 >/dev/null & echo 4 >/dev/null & wait')).toBe(lines('[2]+  Done                       echo 4 1>/dev/null', '[1]+  Done                       echo 3 1>/dev/null'));
		expect(out(sh, 'false & wait')).toBe(lines('[1]+  Done(1)                    false'));
	});

	it('$! is the job\'s pid (a simple command is that process); the job is in a process group of its own', () => {
		const {sh} = boot();
		const pid = Number(out(sh, 'cat /proc/self/stat > /tmp/st & echo $!').split('\n')[0]);
		const stat = out(sh, 'cat /tmp/st').split(' ');
		expect(Number(stat[0])).toBe(pid);
		expect(Number(stat[4])).toBe(pid);
	});

	it('takes no time and keeps the shell\'s state apart; stdin is the terminal\'s', () => {
		const {sh, clock} = boot();
		const t = clock.now();
		out(sh, 'sleep 100 &');
		expect(clock.now()).toBe(t);
		expect(out(sh, 'cd /tmp & x=1 & pwd; echo "[$x]"')).toMatch(/^\/\n\[\]\n/);
	});

	it('jobs lists and frees finished jobs (-l with the pid, -p the pid only); wait gives a job\'s status', () => {
		const {sh} = boot();
		const listed = out(sh, 'echo 3 >/dev/null & cat /dev/null; jobs -l; jobs');
		// the command starts in column 33 whatever the pid's width
		expect(listed).toMatch(/^\[1\]\+ {2}\d+ Done +echo 3 1>\/dev\/null\n$/);
		expect(listed.indexOf('echo 3')).toBe(33);
		const [pid, p] = out(sh, 'true & echo $!; jobs -p').split('\n');
		expect(p).toBe(pid);
		expect(out(sh, 'wait')).toBe(lines('[1]+  Done                       true'));
		expect(out(sh, '(exit 3) & wait %1; echo $?; wait $!; echo $?; wait; echo $?')).toBe(lines('3', '3', '0', '[1]+  Done(3)                    (exit 3)'));
		expect(out(sh, 'wait 99999; echo $?')).toBe(lines('127'));
	});

	it('fg prints the job and gives its status; bg says [N] CMD; kill %N reaches no process any more', () => {
		const {sh} = boot();
		expect(out(sh, '(exit 3) & fg; echo $?')).toBe(lines('(exit 3)', '3'));
		expect(out(sh, 'true & bg %1; wait')).toBe(lines('[1] true', '[1]+  Done                       true'));
		expect(out(sh, 'true & cat /dev/null; kill %1; echo $?')).toMatch(/^sh: can't kill pid -\d+: No such process\n1\n\[1\]\+ {2}Done {23}true\n$/);
		expect(out(sh, 'true & cat /dev/null; kill %tr; kill %x; kill %2')).toMatch(/^sh: can't kill pid -\d+: No such process\nsh: kill: %x: no such job\nsh: kill: %2: no such job\n/);
	});

	it('a line that ends in an error still reports its jobs; a shell that exits takes its jobs along', () => {
		const {sh} = boot();
		expect(out(sh, 'true & cat /dev/null; set -o nosuch')).toMatch(/^sh: set: illegal option -o nosuch\n\[1\]\+ {2}Done {23}true\n$/);
		// found by the fuzzer: `add & exit`, then the next shell on the console reported add's job
		expect(sh.run('nosuch & exit').exit).toBe(0);
		expect(out(sh, 'echo alive')).toBe(lines('alive'));
	});

	it('a shell without job control keeps its jobs quiet and gives them /dev/null as stdin', () => {
		const {sh} = boot();
		// (forkparent() keeps a job's commandtext() only under job control: nothing after Done)
		expect(out(sh, "sh -c 'sleep 1 & echo $!; wait $!; echo st=$?; jobs'")).toMatch(/^\d+\nst=0\n\[1\]\+ {2}Done {23}\n$/);
		expect(out(sh, "echo hi | sh -c 'cat & wait'")).toBe('');
		// Debian's busybox 1.35, `sh -c ROW 2>&1`: without commandtext() %string names no job,
		// and fg/bg take no job made without job control
		for (const [row, want] of [
			['sleep 0.1 | cat & jobs', '[1]+  Running                     | \n'],
			['true | false & sleep 0.1; jobs', '[1]+  Done(1)                     | \n'],
			['sleep 0.1 & kill %sleep; echo $?', 'sh: kill: line 0: %sleep: no such job\n2\n'],
			['sleep 0.1 & wait %?lee; echo $?', 'sh: wait: line 0: %?lee: no such job\n2\n'],
			['sleep 0.1 & fg', 'sh: fg: line 0: job (null) not created under job control\n'],
			['sleep 0.1 & bg %1', 'sh: bg: line 0: job %1 not created under job control\n'],
		]) expect(out(sh, `sh -c '${row}' 2>&1`), row).toBe(want);
	});
});

describe('a job that sleeps', () => {
	it('is Running while its sleep lasts: listed by jobs and ps, its mappings in Committed_AS', () => {
		const {sh} = boot();
		expect(out(sh, 'sleep 1000 &')).toBe('');
		const pid = out(sh, 'echo $!').trim();
		expect(out(sh, 'jobs')).toBe(lines('[1]+  Running                    sleep 1000'));
		expect(out(sh, 'jobs')).toBe(lines('[1]+  Running                    sleep 1000'));
		expect(out(sh, 'ps | grep "sleep 1000" | grep -v grep')).toBe(lines(`   ${pid} root     sleep 1000`));
		expect(out(sh, `cat /proc/${pid}/wchan; echo; grep State /proc/${pid}/status`)).toBe(lines('hrtimer_nanosleep', 'State:\tS (sleeping)'));
		// the shell, the sleep and grep (lab: 2956 kB)
		expect(out(sh, 'grep Committed_AS /proc/meminfo')).toBe(lines('Committed_AS:       2956 kB'));
	});

	it('jobs as a pipeline stage lists the shell\'s jobs (forkchild()\'s job hack); $(jobs) and ( jobs ) none (lab s47/r26 jh)', () => {
		const {sh} = boot();
		out(sh, 'sleep 100 & sleep 200 &');
		expect(out(sh, 'jobs | cat')).toBe(lines('[2]+  Running                    sleep 200', '[1]-  Running                    sleep 100'));
		expect(out(sh, 'echo $(jobs -p) | wc -w')).toBe(lines('0'));
		expect(out(sh, '(jobs)')).toBe('');
		expect(out(sh, 'jobs | wc -l')).toBe(lines('2'));
	});

	it("is a task of the guest's: sysinfo()'s count and /proc list it until it ends", () => {
		const g = new LinuxGuest({boot: pcBootInfo({ramMiB: 1024, maxMiB: 2048, slots: 4, cpus: 1}), firmware: new FakeFirmware(4), clock: new VirtualClock(), console: () => {}});
		const sh = new Shell(g.syscalls);
		const tasks = g.syscalls.sysinfo().procs;
		// (/proc lists ls and wc besides)
		expect(tasks).toBe(Number(out(sh, 'ls -d /proc/[0-9]* | wc -l')) - 2);
		out(sh, 'sleep 10 &');
		expect(g.syscalls.sysinfo().procs).toBe(tasks + 1);
		out(sh, 'sleep 10');
		expect(g.syscalls.sysinfo().procs).toBe(tasks);
	});

	it("holds its kernel stack, page tables and anonymous pages while it lives (lab s47/r26 mf)", () => {
		const {sh} = boot();
		const counters = () => Object.fromEntries(out(sh, "grep -E 'AnonPages|KernelStack|PageTables' /proc/meminfo").trim().split('\n').map(l => {
			const [k, v] = l.split(/:\s+/);
			return [k, parseInt(v!, 10)];
		}));
		const base = counters();
		out(sh, 'sleep 1000 & sleep 1000 &');
		const two = counters();
		// 16 kB of stack, 20 kB of page tables and 56 kB of anonymous memory apiece (the lab: 56, 56, 52)
		expect(two['KernelStack']! - base['KernelStack']!).toBe(32);
		expect(two['PageTables']! - base['PageTables']!).toBe(40);
		expect(two['AnonPages']! - base['AnonPages']!).toBe(112);
		out(sh, 'kill %1 %2');
		expect(counters()).toEqual(base);
		// a builtin reading the file: the shell alone
		expect(out(sh, 'while read l; do case $l in KernelStack*) echo $l;; esac; done < /proc/meminfo')).toBe(lines(`KernelStack: ${base['KernelStack']! - 16} kB`));
	});

	it('a signal ends it (Terminated, Killed); one sleep takes no action on is ignored', () => {
		const {sh} = boot();
		out(sh, 'sleep 1000 &');
		expect(out(sh, 'kill -s CHLD $!; kill -0 $!; echo $?; jobs')).toBe(lines('0', '[1]+  Running                    sleep 1000'));
		// the lab's `kill $!; sleep 1; grep Committed_AS /proc/meminfo` with a second sleep running
		out(sh, 'sleep 1000 &');
		expect(out(sh, 'kill $!; sleep 1; grep Committed_AS /proc/meminfo')).toBe(lines('Committed_AS:       2956 kB', '[2]+  Terminated                 sleep 1000'));
		expect(out(sh, 'kill -9 %1')).toBe(lines('[1]+  Killed                     sleep 1000'));
		expect(out(sh, 'ps | grep -c "sleep 1000"')).toBe(lines('1'));
	});

	it('ends as the virtual clock passes its time; wait and fg block until then', () => {
		const {sh, clock} = boot();
		const t0 = clock.now();
		out(sh, 'sleep 2 &');
		expect(out(sh, 'sleep 3')).toBe(lines('[1]+  Done                       sleep 2'));
		expect(clock.now() - t0).toBe(3e9);
		expect(out(sh, 'sleep 5 & wait $!; echo $?')).toBe(lines('0', '[1]+  Done                       sleep 5'));
		expect(clock.now() - t0).toBe(8e9);
		out(sh, 'sleep 10 &');
		expect(out(sh, 'fg')).toBe(lines('sleep 10'));
		expect(clock.now() - t0).toBe(18e9);
		out(sh, 'sleep 4 & sleep 6 &');
		expect(out(sh, 'wait; echo $?')).toBe(lines('0', '[2]+  Done                       sleep 6', '[1]+  Done                       sleep 4'));
		expect(clock.now() - t0).toBe(24e9);
	});

	it('sleep inf (any operand starting inf, as GNU sleep) never ends: in the background until killed (lab s47/r26 si); the console cannot wait for it', () => {
		const {sh, clock} = boot();
		out(sh, 'sleep infinity & sleep INF &');
		out(sh, 'sleep 1000000');
		expect(out(sh, 'jobs')).toBe(lines('[2]+  Running                    sleep INF', '[1]-  Running                    sleep infinity'));
		const t = clock.now();
		const cut = lines('memhp: this never ends (in the guest Ctrl-C stops it): interrupted', '');
		expect(out(sh, 'wait %1; echo after')).toBe(cut);
		expect(out(sh, 'echo $?')).toBe(lines('130'));
		expect(out(sh, 'sleep inf; echo after')).toBe(cut);
		// (and the virtual clock did not run off to infinity)
		expect(clock.now()).toBe(t);
		expect(out(sh, 'kill %1 %2')).toBe(lines('[2]+  Terminated                 sleep INF', '[1]+  Terminated                 sleep infinity'));
	});

	it('a compound job sleeps as its commands did in all', () => {
		const {sh, clock} = boot();
		const t0 = clock.now();
		expect(out(sh, '(sleep 5; sleep 2) & jobs')).toBe(lines('[1]+  Running                    (sleep 5; sleep 2)'));
		expect(out(sh, 'wait %1')).toBe(lines('[1]+  Done                       (sleep 5; sleep 2)'));
		expect(clock.now() - t0).toBe(7e9);
	});

	it('what it writes to the terminal after a sleep comes out when the clock gets there', () => {
		const {sh} = boot();
		expect(out(sh, '(echo a; sleep 1; echo b; sleep 1; echo c) &')).toBe(lines('a'));
		expect(out(sh, 'echo x')).toBe(lines('x'));
		expect(out(sh, 'sleep 1')).toBe(lines('b'));
		// the output before the Done notice that follows it
		expect(out(sh, 'sleep 5')).toBe(lines('c', '[1]+  Done                       (echo a; sleep 1; echo b; sleep 1; echo c)'));
		// killed first: it never writes
		out(sh, '(sleep 2; echo never) &');
		expect(out(sh, 'kill %1; sleep 3')).toBe(lines('[1]+  Terminated                 (sleep 2; echo never)'));
		expect(out(sh, '(sleep 1; nosuch) & wait')).toBe(lines('sh: nosuch: not found', '[1]+  Done(127)                  (sleep 1; nosuch)'));
		// an orphan's too
		expect(out(sh, "sh -c '(sleep 1; echo orphan) &'; sleep 2")).toBe(lines('orphan'));
	});

	it('a pipeline job is its stages, forked by the shell: all of them live while the sleep does', () => {
		const {sh} = boot();
		out(sh, 'sleep 5 | cat &');
		const last = Number(out(sh, 'echo $!'));
		expect(out(sh, 'jobs -l')).toBe(lines(`[1]+  ${last - 1} Running                 sleep 5 | cat`));
		expect(out(sh, 'ps -o pid,ppid,pgid,args | grep -E "sleep 5|cat$" | grep -v grep')).toBe(lines(
			`   ${last - 1}     1    ${last - 1} sleep 5`, `   ${last}     1    ${last - 1} cat`));
		// (lab s47/r23 jb: `kill %1; sleep 1; jobs`)
		expect(out(sh, 'kill %1; sleep 1; jobs')).toBe(lines('[1]+  Terminated                 sleep 5 | cat'));
		expect(out(sh, 'ps | grep -cE "sleep 5|cat$"')).toBe(lines('1'));
		// a builtin stage is a process of its own too, and no other is forked
		out(sh, 'sleep 3 | true &');
		const first = Number(out(sh, 'echo $!'));
		expect(out(sh, 'true | echo x & wait $!')).toBe(lines('x', '[2]+  Done                       true | echo x'));
		expect(Number(out(sh, 'echo $!'))).toBe(first + 2);
		expect(Number(out(sh, "sh -c 'echo $$'"))).toBe(first + 3);
		expect(out(sh, 'jobs')).toBe(lines('[1]+  Running                    sleep 3 | true'));
	});

	it('what a subshell leaves running goes on, reparented to init, until its time is over', () => {
		const {sh} = boot();
		// (lab s47/r23 jb: 2, the sleep and grep)
		expect(out(sh, '(sleep 100 &); ps | grep -c "sleep 100"')).toBe(lines('2'));
		expect(out(sh, 'ps -o ppid,args | grep "sleep 100" | grep -v grep')).toBe(lines('    1 sleep 100'));
		expect(out(sh, 'jobs')).toBe('');
		expect(out(sh, 'sleep 100; ps | grep -c "sleep 100"')).toBe(lines('1'));
	});
});
