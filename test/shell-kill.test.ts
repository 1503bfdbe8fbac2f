/**
 * ash's kill builtin and the kill applet (busybox 1.35 kill_main()) over the guest's process
 * table, signal delivery to the shells, traps, and how the waiting shell reports a child killed
 * by a signal. Expected texts were checked against Debian's busybox 1.35 (in a pid namespace,
 * interactive ones on a pseudo-terminal).
 */
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {ProcessTable} from '../source/machine/linux/process.js';
import {Shell} from '../source/machine/shell/index.js';
import {getSigname, getSignum, strsignal} from '../source/machine/shell/signals.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';

function boot() {
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB: 1024, maxMiB: 2048, slots: 4, cpus: 1}), firmware: new FakeFirmware(4), clock: new VirtualClock(), console: () => {}});
	return new Shell(g.syscalls);
}

const out = (sh: Shell, line: string) => sh.run(line).output;
const lines = (...l: string[]) => l.map(x => `${x}\n`).join('');

describe('signal names (libbb u_signal_names.c, glibc strsignal)', () => {
	it('get_signum takes numbers below NSIG, names with or without SIG in any case, and the IO/IOT aliases', () => {
		expect(getSignum('9')).toBe(9);
		expect(getSignum('64')).toBe(64);
		expect(getSignum('65')).toBe(-1);
		expect(getSignum('sigkill')).toBe(9);
		expect(getSignum('Term')).toBe(15);
		expect(getSignum('IO')).toBe(29);
		expect(getSignum('IOT')).toBe(6);
		expect(getSignum('CLD')).toBe(-1);
		expect(getSignum('RTMIN')).toBe(-1);
		expect(getSigname(29)).toBe('POLL');
		expect(getSigname(0)).toBe('EXIT');
		expect(getSigname(40)).toBe('40');
		expect(strsignal(10)).toBe('User defined signal 1');
		expect(strsignal(36)).toBe('Real-time signal 2');
	});
});

describe('kill: arguments and messages', () => {
	it('-l lists signals 1-31 as ` N) NAME`, and translates numbers (exit codes too) and names', () => {
		const sh = boot();
		const list = out(sh, 'kill -l').split('\n');
		expect(list[0]).toBe(' 1) HUP');
		expect(list[28]).toBe('29) POLL');
		expect(list[30]).toBe('31) SYS');
		expect(list).toHaveLength(32);
		expect(out(sh, 'kill -l 9 137 128 64 TERM sigint')).toBe(lines('KILL', 'KILL', 'EXIT', '64', '15', '2'));
		expect(out(sh, 'kill -l 9x; echo $?')).toBe(lines("sh: unknown signal '9x'", '1'));
		expect(out(sh, 'kill -l abc; echo $?')).toBe(lines("sh: unknown signal 'abc'", '1'));
	});

	it('counts failures: a missing pid, a bad number; `--` and -s SIG, several pids in one word', () => {
		const sh = boot();
		expect(out(sh, 'kill 99999; echo $?')).toBe(lines("sh: can't kill pid 99999: No such process", '1'));
		expect(out(sh, 'kill 5x +5 5.0 0x10 999999999999 99999; echo $?')).toBe(lines(
			"sh: invalid number '5x'", "sh: invalid number '+5'", "sh: invalid number '5.0'", "sh: invalid number '0x10'",
			"sh: invalid number '999999999999'", "sh: can't kill pid 99999: No such process", '6'));
		expect(out(sh, 'kill -- -5; kill -s KILL 99999; kill -9 -- 3; echo $?')).toBe(lines(
			"sh: can't kill pid -5: No such process", "sh: can't kill pid 99999: No such process", "sh: invalid number '--'", '1'));
		// kernel thread 4 takes (and ignores) the signal; 99999 does not exist
		expect(out(sh, 'kill "4 99999"; echo $?')).toBe(lines("sh: can't kill pid 99999: No such process", '1'));
	});

	it('bad signal names, and nobody to kill', () => {
		const sh = boot();
		expect(out(sh, 'kill -FOO 1; echo $?')).toBe(lines("sh: bad signal name 'FOO'", '1'));
		expect(out(sh, 'kill -65 1; kill -s; kill - 1')).toBe(lines("sh: bad signal name '65'", "sh: bad signal name 's'", "sh: bad signal name ''"));
		expect(out(sh, 'kill; echo $?; kill -9; echo $?')).toBe(lines('sh: you need to specify whom to kill', '1', 'sh: you need to specify whom to kill', '1'));
	});

	it('job specs: this shell has no background jobs (kill, fg, bg, jobs, wait)', () => {
		const sh = boot();
		expect(out(sh, 'kill %1; echo $?')).toBe(lines('sh: kill: %1: no such job', '2'));
		expect(out(sh, 'kill %%; kill %-; kill -9 %foo')).toBe(lines('sh: kill: No current job', 'sh: kill: No previous job', 'sh: kill: %foo: no such job'));
		expect(out(sh, 'kill -l %1')).toBe(lines("sh: unknown signal '%1'"));
		expect(out(sh, 'fg; bg; fg %2; jobs %1')).toBe(lines('sh: fg: No current job', 'sh: bg: No current job', 'sh: fg: %2: no such job', 'sh: jobs: %1: no such job'));
		expect(out(sh, 'wait 5; echo $?; wait; echo $?; wait abc; echo $?')).toBe(lines('127', '0', 'sh: wait: Illegal number: abc', '2'));
	});

	it('the kill applet speaks as `kill:` and has a usage text', () => {
		const sh = boot();
		expect(out(sh, '/bin/kill 99999; echo $?')).toBe(lines("kill: can't kill pid 99999: No such process", '1'));
		expect(out(sh, 'busybox kill -l 2')).toBe(lines('INT'));
		expect(out(sh, '/bin/kill --help')).toContain('Usage: kill [-l] [-SIG] PID...\n');
	});
});

describe('kill: delivery', () => {
	it('init (the console shell) and kernel threads take every signal and ignore it', () => {
		const sh = boot();
		expect(out(sh, 'kill $$; kill -9 1; kill -USR1 $$; kill -HUP 2; kill -STOP 1; kill -0 1; echo $?')).toBe(lines('0'));
		expect(out(sh, 'kill -9 -1; echo $?')).toBe(lines('0'));
		// (grep is alive as ps reads /proc: its own command line would match a plain `kthreadd`)
		expect(out(sh, "ps | grep -c '\\[kthreadd\\]'")).toBe(lines('1'));
	});

	it('a child shell dies of the default action; its parent prints strsignal() except for INT and PIPE', () => {
		const sh = boot();
		expect(out(sh, "sh -c 'kill $$; echo no'; echo rc=$?")).toBe(lines('Terminated', 'rc=143'));
		expect(out(sh, "sh -c 'kill -9 $$'; echo rc=$?")).toBe(lines('Killed', 'rc=137'));
		expect(out(sh, "sh -c 'kill -SEGV $$'; echo rc=$?")).toBe(lines('Segmentation fault', 'rc=139'));
		expect(out(sh, "sh -c 'kill -USR1 $$'; echo rc=$?")).toBe(lines('User defined signal 1', 'rc=138'));
		expect(out(sh, "sh -c 'kill -PIPE $$'; echo rc=$?")).toBe(lines('rc=141'));
		// the report is the parent's: the child's own stderr redirection does not hide it
		expect(out(sh, "sh -c 'kill -9 $$' 2>/dev/null; echo rc=$?")).toBe(lines('Killed', 'rc=137'));
		// a pipeline's status is its last command's; dowait() reports each of its processes a
		// signal killed as it reaps it (ash's dowait(): thisjob == job)
		expect(out(sh, "sh -c 'kill -9 $$' | cat; echo rc=$?")).toBe(lines('Killed', 'rc=0'));
		expect(out(sh, "sh -c 'kill -PIPE $$' | cat; echo rc=$?")).toBe(lines('rc=0'));
		expect(out(sh, "true | sh -c 'kill -9 $$'; echo rc=$?")).toBe(lines('Killed', 'rc=137'));
		// signals whose default is to ignore them
		expect(out(sh, "sh -c 'kill -CHLD $$; kill -WINCH $$; echo survives'")).toBe(lines('survives'));
	});

	it('the killed shell runs no EXIT trap; a trap for the signal runs instead of dying, an empty one ignores it', () => {
		const sh = boot();
		expect(out(sh, "sh -c 'trap \"echo bye\" EXIT; kill $$; echo no'")).toBe(lines('Terminated'));
		expect(out(sh, "sh -c 'trap \"echo got TERM\" TERM; false; kill $$; echo after $?'")).toBe(lines('got TERM', 'after 0'));
		expect(out(sh, "sh -c 'trap \"\" TERM; kill $$; echo ignored'")).toBe(lines('ignored'));
		// the console shell's own traps fire too
		expect(out(sh, "trap 'echo trapped' USR1; kill -USR1 $$; echo rc=$?")).toBe(lines('trapped', 'rc=0'));
	});

	it('a child that exits sends its parent SIGCHLD: ignored by default, a CHLD trap runs after the command', () => {
		const sh = boot();
		expect(out(sh, 'trap "echo child" CHLD; ls /dev/null; true; echo done')).toBe(lines('/dev/null', 'child', 'done'));
		expect(out(sh, 'trap - CHLD; ls /dev/null')).toBe(lines('/dev/null'));
		expect(out(sh, "sh -c 'trap \"echo got\" CHLD; cat /dev/null; echo end'")).toBe(lines('got', 'end'));
	});

	it('a signal to a shell that is waiting for a child is taken when the child is done', () => {
		const sh = boot();
		expect(out(sh, "sh -c 'sh -c \"kill \\$PPID; echo inner\"; echo outer'; echo rc=$?")).toBe(lines('inner', 'Terminated', 'rc=143'));
		// kill 0: the child's process group (its job), which is the child shell itself
		expect(out(sh, "sh -c 'kill 0; echo no'; echo rc=$?")).toBe(lines('Terminated', 'rc=143'));
	});

	it('SIGINT: the interactive shell drops the rest of the line, for itself and for a job killed by it', () => {
		const sh = boot();
		expect(out(sh, 'kill -INT $$; echo no')).toBe('\n');
		expect(out(sh, 'echo $?')).toBe(lines('130'));
		expect(out(sh, "sh -c 'kill -INT $$'; echo no")).toBe('\n');
		expect(out(sh, 'echo $?')).toBe(lines('130'));
		// a shell without job control just goes on
		expect(out(sh, "sh -c \"sh -c 'kill -INT \\$\\$'; echo rc=\\$?\"")).toBe(lines('rc=130'));
	});

	it('an interactive child shell on the console ignores TERM, dies of KILL, and its parent says so', () => {
		const sh = boot();
		sh.run('sh');
		expect(out(sh, 'kill $$; echo alive')).toBe(lines('alive'));
		expect(out(sh, 'kill -9 $$; echo no')).toBe(lines('Killed'));
		expect(out(sh, 'echo $?')).toBe(lines('137'));
		expect(sh.prompt()).toBe('/ # ');
	});

	it('stopping a process is not simulated, and says so', () => {
		const sh = boot();
		expect(out(sh, "sh -c 'kill -STOP $$; echo x; exit 3'; echo rc=$?")).toBe(lines('memhp: kill: stopping a process (STOP) is not simulated', 'x', 'rc=3'));
	});
});

describe('ProcessTable.kill', () => {
	it('resolves pids, process groups and -1, queues for user tasks, and leaves kernel threads alone', () => {
		const t = new ProcessTable(1);
		expect(t.kill(99, 15)).toBe('ESRCH');
		expect(t.kill(2, 9)).toBeUndefined();
		expect(t.takeSignals(2)).toEqual([]);
		const job = t.fork(['sh', '-c', 'x'], undefined, true);
		const child = t.fork(['cat']);
		expect(t.get(child)?.pgid).toBe(job);
		expect(t.kill(-job, 15)).toBeUndefined();
		expect(t.takeSignals(job)).toEqual([15]);
		expect(t.takeSignals(child)).toEqual([15]);
		// 0: the caller's (cat's) group, the job
		expect(t.kill(0, 1)).toBeUndefined();
		expect(t.takeSignals(child)).toEqual([1]);
		expect(t.takeSignals(job)).toEqual([1]);
		// -1: everyone but init and the caller (cat)
		expect(t.kill(-1, 10)).toBeUndefined();
		expect(t.takeSignals(job)).toEqual([10]);
		expect(t.takeSignals(child)).toEqual([]);
		expect(t.takeSignals(1)).toEqual([]);
		expect(t.kill(-4242, 15)).toBe('ESRCH');
		expect(t.kill(job, 0)).toBeUndefined();
		expect(t.takeSignals(job)).toEqual([]);
		expect(t.kill(job, 19)).toBe('ENOSYS');
		expect(t.kill(1, 19)).toBeUndefined();
		// a standard signal already pending is not queued again; an exiting child sends SIGCHLD
		t.kill(job, 10);
		t.kill(job, 10);
		t.exit(child);
		expect(t.takeSignals(job)).toEqual([10, 17]);
	});
});
