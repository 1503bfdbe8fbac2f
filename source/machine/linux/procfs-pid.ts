import type {DirNode, SymlinkNode, VNode} from '../vfs/node.js';
import {kattr, klink, pfile, sdir, type LookupHook} from './kernfs.js';
import type {ProcessTable, Task} from './process.js';
import type {Resource} from './rlimit.js';

/**
 * /proc/<pid> (fs/proc/base.c) for the tasks of {@link ProcessTable}, and /proc/self, the
 * symlink proc_self_get_link() resolves to the reading task's pid. Only the files a user of
 * this guest reads: cmdline, comm, environ, exe, limits, oom_score(_adj), stat, statm, status.
 */

/** The one executable of the guest's userland: the initramfs's static busybox. */
export const BUSYBOX_PATH = '/bin/busybox';

/**
 * Memory of the static busybox (one binary for the shell and every applet), KiB: the lab guest's
 * /proc/1/status (session 23; the goldens' Debian build). The binary lives in the rootfs tmpfs, so
 * its mapped pages are shmem (RssShmem), not file pages.
 */
const BUSYBOX_VM = {peak: 2260, size: 2260, hwm: 1676, rss: 1676, anon: 72, file: 4, shmem: 1600, data: 176, stk: 132, exe: 1552, lib: 8, pte: 28};

function stateOf(t: Task, current: Task): string {
	if (t === current) return 'R (running)';
	// Workers, workqueue rescuers and the RCU threads sleep in TASK_IDLE, the rest in TASK_INTERRUPTIBLE.
	if (t.kthread) return t.idle ? 'I (idle)' : 'S (sleeping)';
	return 'S (sleeping)';
}

/** proc_pid_status() -> task_state(), task_mem(), task_sig(), task_cap(), ... in their order. */
export function pidStatus(t: Task, current: Task, cpus: number): string {
	const l: string[] = [];
	l.push(`Name:\t${t.comm}`, `Umask:\t${t.kthread ? '0000' : '0022'}`, `State:\t${stateOf(t, current)}`);
	// Every task of this guest is in the initial pid namespace and the shell's session.
	const sid = t.kthread ? 0 : 1;
	l.push(`Tgid:\t${t.pid}`, 'Ngid:\t0', `Pid:\t${t.pid}`, `PPid:\t${t.ppid}`, 'TracerPid:\t0', 'Uid:\t0\t0\t0\t0', 'Gid:\t0\t0\t0\t0');
	l.push('FDSize:\t64', 'Groups:\t ', `NStgid:\t${t.pid}`, `NSpid:\t${t.pid}`, `NSpgid:\t${t.pgid}`, `NSsid:\t${sid}`);
	if (!t.kthread) {
		const v = BUSYBOX_VM;
		const kb = (name: string, n: number) => `${name}:\t${String(n).padStart(8)} kB`;
		l.push(kb('VmPeak', v.peak), kb('VmSize', v.size), kb('VmLck', 0), kb('VmPin', 0), kb('VmHWM', v.hwm), kb('VmRSS', v.rss),
			kb('RssAnon', v.anon), kb('RssFile', v.file), kb('RssShmem', v.shmem), kb('VmData', v.data), kb('VmStk', v.stk), kb('VmExe', v.exe),
			kb('VmLib', v.lib), kb('VmPTE', v.pte), kb('VmSwap', 0), kb('HugetlbPages', 0));
		// task_core_dumping() and the THP eligibility line (6.1: THP_enabled, 1 unless MMF_DISABLE_THP).
		l.push('CoreDumping:\t0', 'THP_enabled:\t1');
	}
	l.push('Threads:\t1', `SigQ:\t0/${limitValue(t.rlimits.get('sigpending')?.cur)}`, 'SigPnd:\t0000000000000000', 'ShdPnd:\t0000000000000000', 'SigBlk:\t0000000000000000');
	// The console ash (pid 1, interactive with job control) ignores SIGQUIT, SIGTERM, SIGTSTP and
	// SIGTTOU (the lab guest's /proc/1/status); its children are left as memhp had them.
	const sigIgn = t.kthread ? 'ffffffffffffffff' : t.pid === 1 ? '0000000000284004' : '0000000000000004';
	l.push(`SigIgn:\t${sigIgn}`, t.kthread ? 'SigCgt:\t0000000000000000' : 'SigCgt:\t0000000000010002');
	l.push('CapInh:\t0000000000000000', 'CapPrm:\t000001ffffffffff', 'CapEff:\t000001ffffffffff', 'CapBnd:\t000001ffffffffff', 'CapAmb:\t0000000000000000');
	l.push('NoNewPrivs:\t0', 'Seccomp:\t0', 'Seccomp_filters:\t0', 'Speculation_Store_Bypass:\tnot vulnerable', 'SpeculationIndirectBranch:\talways enabled');
	const mask = ((1 << Math.min(cpus, 30)) - 1).toString(16);
	l.push(`Cpus_allowed:\t${mask}`, `Cpus_allowed_list:\t${cpus > 1 ? `0-${cpus - 1}` : '0'}`);
	l.push(`Mems_allowed:\t${Array(31).fill('00000000').join(',')},00000001`, 'Mems_allowed_list:\t0');
	l.push('voluntary_ctxt_switches:\t1', 'nonvoluntary_ctxt_switches:\t0');
	return l.join('\n') + '\n';
}

/** proc_pid_limits()'s names and units, in RLIMIT_* order. */
const LIMIT_NAMES: [Resource, string, string][] = [
	['cpu', 'Max cpu time', 'seconds'], ['fsize', 'Max file size', 'bytes'], ['data', 'Max data size', 'bytes'],
	['stack', 'Max stack size', 'bytes'], ['core', 'Max core file size', 'bytes'], ['rss', 'Max resident set', 'bytes'],
	['nproc', 'Max processes', 'processes'], ['nofile', 'Max open files', 'files'], ['memlock', 'Max locked memory', 'bytes'],
	['as', 'Max address space', 'bytes'], ['locks', 'Max file locks', 'locks'], ['sigpending', 'Max pending signals', 'signals'],
	['msgqueue', 'Max msgqueue size', 'bytes'], ['nice', 'Max nice priority', ''], ['rtprio', 'Max realtime priority', ''],
	['rttime', 'Max realtime timeout', 'us'],
];

const limitValue = (v: number | undefined) => (v === undefined || v === Infinity ? 'unlimited' : String(v));

/** proc_pid_limits(): each limit's soft and hard value (`unlimited` for RLIM_INFINITY) and unit. */
export function pidLimits(t: Task): string {
	let out = `${'Limit'.padEnd(25)} ${'Soft Limit'.padEnd(20)} ${'Hard Limit'.padEnd(20)} ${'Units'.padEnd(10)}\n`;
	for (const [res, name, unit] of LIMIT_NAMES) {
		const l = t.rlimits.get(res);
		out += `${name.padEnd(25)} ${limitValue(l?.cur).padEnd(20)} ${limitValue(l?.max).padEnd(20)} ${unit ? unit.padEnd(10) : ''}\n`;
	}
	return out;
}

/** do_task_stat(): the 52 fields of /proc/<pid>/stat (times are not tracked: 0). */
export function pidStat(t: Task, current: Task): string {
	const state = stateOf(t, current)[0];
	const sid = t.kthread ? 0 : 1;
	const vsize = t.kthread ? 0 : BUSYBOX_VM.size * 1024;
	const rss = t.kthread ? 0 : BUSYBOX_VM.rss / 4;
	// pid comm state ppid pgrp session tty_nr (ttyS0: 4:64) tpgid flags, then minflt..cstime,
	// (the terminal's foreground group is the running job's),
	// priority nice num_threads itrealvalue starttime vsize rss rsslim, then 26..52
	// (addresses, signals, wchan, exit_signal 17, processor ...; unused ones 0).
	const f: (number | string)[] = [t.pid, `(${t.comm})`, state, t.ppid, t.pgid, sid, t.kthread ? 0 : 0x440, t.kthread ? -1 : current.pgid,
		t.flags, 0, 0, 0, 0, 0, 0, 0, 0, 20 + (t.nice ?? 0), t.nice ?? 0, 1, 0, 0, vsize, rss, '18446744073709551615',
		...Array<number>(12).fill(0), 17, 0, 0, 0, 0, 0, 0, ...Array<number>(8).fill(0)];
	return f.join(' ') + '\n';
}

/**
 * proc_pid_statm(): size, resident, shared (file and shmem RSS), text, lib (always 0), data
 * (data and stack), dt (always 0), in pages; all 0 for a kernel thread.
 */
export function pidStatm(t: Task): string {
	if (t.kthread) return '0 0 0 0 0 0 0\n';
	const v = BUSYBOX_VM;
	// statm's shared: file and shmem pages (MM_FILEPAGES + MM_SHMEMPAGES).
	return `${v.size / 4} ${v.rss / 4} ${(v.file + v.shmem) / 4} ${v.exe / 4} 0 ${(v.data + v.stk) / 4} 0\n`;
}

/**
 * proc_oom_score(): oom_badness() (RSS, swap and page-table pages, plus oom_score_adj in
 * thousandths of the memory) scaled into [0, 2000] and by 2/3; init and kernel threads cannot be
 * killed and show 0.
 */
export function oomScore(t: Task, totalPages: number): number {
	const adj = t.oomScoreAdj ?? 0;
	if (t.kthread || t.pid === 1 || adj === -1000) return 0;
	const badness = BUSYBOX_VM.rss / 4 + BUSYBOX_VM.pte / 4 + adj * Math.floor(totalPages / 1000);
	return Math.floor(((1000 + Math.trunc((badness * 1000) / totalPages)) * 2) / 3);
}

/**
 * One /proc/<pid> directory: `task` (every task here is single-threaded, so it holds the one
 * /proc/<pid>/task/<tid> directory, tid = pid, with the thread's copy of the files), then the files.
 */
export function pidDir(procs: ProcessTable, t: Task, cpus: number, hook: LookupHook, totalPages: () => number): DirNode {
	const thread = sdir(pidFiles(procs, t, cpus, totalPages), hook, 0o555, 'as-given');
	const task = sdir([[String(t.pid), thread]], hook, 0o555, 'as-given');
	return sdir([['task', task], ...pidFiles(procs, t, cpus, totalPages)], hook, 0o555, 'as-given');
}

/** The files memhp simulates of a task's directory, in tgid_base_stuff[] / tid_base_stuff[] order (readdir lists them so). */
function pidFiles(procs: ProcessTable, t: Task, cpus: number, totalPages: () => number): [string, VNode][] {
	return [
		['environ', pfile(() => (t.env?.length ? t.env.join('\0') + '\0' : ''), 0o400)],
		['status', pfile(() => pidStatus(t, procs.current(), cpus))],
		['limits', pfile(() => pidLimits(t))],
		['comm', pfile(() => `${t.comm}\n`, 0o644)],
		['cmdline', pfile(() => (t.argv.length ? t.argv.join('\0') + '\0' : ''))],
		['stat', pfile(() => pidStat(t, procs.current()))],
		['statm', pfile(() => pidStatm(t))],
		// proc_exe_link(): the file the task's mm maps as its executable. Every user task of this
		// guest runs the static busybox (ash execs its applets as /proc/self/exe); a kernel thread
		// has no mm, and memhp leaves the entry out.
		...(t.kthread ? [] : [['exe', klink(BUSYBOX_PATH)] as [string, VNode]]),
		['oom_score', pfile(() => `${oomScore(t, totalPages())}\n`)],
		// oom_score_adj_write(): an int in [-1000, 1000].
		['oom_score_adj', kattr(() => `${t.oomScoreAdj ?? 0}\n`, data => {
			const m = /^\s*(-?\d+)\s*$/.exec(data);
			if (!m || Number(m[1]) < -1000 || Number(m[1]) > 1000) return 'EINVAL';
			t.oomScoreAdj = Number(m[1]);
			return undefined;
		}, 0o644)],
	];
}

/** /proc/thread-self (proc_thread_self_get_link()): `<tgid>/task/<pid>` of whoever walks it. */
export function procThreadSelf(procs: ProcessTable): SymlinkNode {
	return {
		kind: 'symlink',
		mode: 0o777,
		get target() {
			const pid = procs.current().pid;
			return `${pid}/task/${pid}`;
		},
	};
}

/** /proc/self: its target is computed at each path walk, from whoever walks it. */
export function procSelf(procs: ProcessTable): SymlinkNode {
	return {
		kind: 'symlink',
		mode: 0o777,
		get target() {
			return String(procs.current().pid);
		},
	};
}

/**
 * The /proc entries of the live tasks, by pid; a task's directory is one node for its life
 * (a new dentry when a pid is reused by a new task).
 */
export function pidEntries(procs: ProcessTable, cpus: number, hook: LookupHook, totalPages: () => number): () => [string, VNode][] {
	const dirs = new Map<Task, DirNode>();
	return () => {
		const out: [string, VNode][] = [];
		const live = new Set<Task>();
		for (const pid of procs.pids()) {
			const t = procs.get(pid)!;
			live.add(t);
			let d = dirs.get(t);
			if (!d) {
				d = pidDir(procs, t, cpus, hook, totalPages);
				dirs.set(t, d);
			}
			out.push([String(pid), d]);
		}
		for (const t of dirs.keys()) if (!live.has(t)) dirs.delete(t);
		return out;
	};
}
