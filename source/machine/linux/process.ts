/**
 * The guest's tasks, as much of them as /proc shows: pid, parent, comm and argv. PID 1 is the
 * interactive shell (the initramfs `/init` script ends in `exec setsid cttyhack sh`, so the
 * shell replaces it), kthreadd and the kernel threads follow, then what /init forked.
 * Userland forks through {@link ProcessTable.fork} and leaves through {@link ProcessTable.exit};
 * `current` is whichever task last entered the kernel, as /proc/self resolves it.
 */

import type {Resource, RLimit} from './rlimit.js';
import {accountedPages, randomLayout, taskVmas, type Layout} from './task-mm.js';

/** TASK_COMM_LEN - 1: comm is cut to 15 characters. */
const COMM_MAX = 15;

/** One task_struct as /proc/<pid> reports it. */
export interface Task {
	pid: number;
	ppid: number;
	/** task->comm (at most 15 characters). */
	comm: string;
	/** A kernel thread's name when longer than comm (kthread->full_name), as /proc/PID/comm and stat show it. */
	fullName?: string;
	/** The argv of the exec'ed image; empty for kernel threads (their cmdline is empty). */
	argv: string[];
	kthread: boolean;
	/** The environment passed to execve ("NAME=value"), when the caller told it. */
	env?: string[];
	/** Process group (kernel threads: 0, as kthreadd's). */
	pgid: number;
	/** Signals sent and not yet delivered: the task takes them when it next runs (returns to user mode). */
	pending?: number[];
	/** task->flags as /proc/PID/stat shows them. */
	flags: number;
	/** The nice value (0 unless the task table says otherwise). */
	nice?: number;
	/** A kernel thread asleep in TASK_IDLE (`I`) rather than TASK_INTERRUPTIBLE (`S`). */
	idle?: boolean;
	/** /proc/PID/oom_score_adj (0 unless written). */
	oomScoreAdj?: number;
	/** signal->rlim: the resource limits (kernel threads and init share init_task's). */
	rlimits: Map<Resource, RLimit>;
	/**
	 * The task execve()d its program after the fork: a new mm, whose RSS counters lag behind
	 * (SPLIT_RSS_COUNTING: the faults since exec sit in the task's cache), and without the
	 * shell's close-on-exec descriptors. A NOEXEC applet or a subshell runs in the fork's copy.
	 */
	execed?: boolean;
	/** Where exec randomized the heap, stack, vdso and mmap base (a fork's child has its parent's). */
	layout?: Layout;
	/** fs->pwd as a path (the console shell's, which a fork copies). */
	cwd?: string;
	/** The open descriptors /proc/<pid>/fd lists (user tasks; kernel threads have none). */
	fds?: FdEntry[];
	/** timer_slack_ns when written (else the default: 50 us, 0 for a real-time task). */
	timerSlackNs?: number;
	/**
	 * utime, stime: the task's user and system time; cutime, cstime: its reaped children's
	 * (wait_task_zombie() adds a child's own and its children's), in USER_HZ ticks (0 if unset).
	 */
	times?: {utime: number; stime: number; cutime: number; cstime: number};
	/** Blocked reading a pipe (a shell reading a command substitution) rather than in wait4(). */
	waitsOn?: 'pipe_read';
	/**
	 * busybox's bb_full_fd_action() has its 64 KiB copy buffer mapped (an anonymous private
	 * mmap(2)): the task copies a file sendfile(2) could not take (no splice_read), from the
	 * failed sendfile to its munmap(2) at the end of that file.
	 */
	copyBuf?: boolean;
}

/** One open descriptor: its number, what the magic link names and how it was opened. */
export interface FdEntry {
	fd: number;
	/** d_path() of the file, or `pipe:[ino]`. */
	target: string;
	read: boolean;
	write: boolean;
	/** O_CLOEXEC: an execve() closes it. */
	cloexec?: boolean;
	/** flags as fdinfo shows them (octal) and the file's mount and inode. */
	flags?: number;
	mntId?: number;
	ino?: number;
	/** The read end of a pipe the task blocks on (see ProcessTable.waitChannel()). */
	pipeRead?: boolean;
}

/** What the shell put on a descriptor (dup2() after its redirections): a path or `pipe:[ino]`, and how it is open. */
export type OpenedFd = Pick<FdEntry, 'fd' | 'target' | 'read' | 'write'>;

/** The mount id and inode of a path, for fdinfo (the kernel's mount table and filesystem). */
export type FileWhere = (path: string) => {mntId: number; ino: number} | undefined;

const SIGCHLD = 17;

/** The access mode, O_LARGEFILE (every open by a 64-bit task) and O_CLOEXEC, as fdinfo shows flags. */
const accMode = (f: Pick<FdEntry, 'read' | 'write'>) => (f.read && f.write ? 2 : f.write ? 1 : 0);
const O_LARGEFILE = 0o100000;
const O_CLOEXEC = 0o2000000;
/** pipefs's internal mount: its id among the kernel's mounts before /init's (see mounts.ts). */
const PIPEFS_MNT_ID = 14;
/**
 * The console shell's descriptors, as init opened them (lab s44/pc: /dev/ttyS0 is inode 87 of
 * devtmpfs, /dev/tty 11; devtmpfs is mount 23). A redirection back to the terminal dup()s them.
 */
const CONSOLE_FDS: readonly FdEntry[] = [
	...[0, 1, 2].map(fd => ({fd, target: '/dev/ttyS0', read: true, write: true, flags: O_LARGEFILE | 2, mntId: 23, ino: 87})),
	{fd: 10, target: '/dev/tty', read: true, write: true, cloexec: true, flags: O_LARGEFILE | 2 | O_CLOEXEC, mntId: 23, ino: 11},
];

/** The lowest descriptor none of `fds` holds (what the next open() gets). */
export function lowestFreeFd(fds: readonly Pick<FdEntry, 'fd'>[]): number {
	let fd = 0;
	while (fds.some(f => f.fd === fd)) fd++;
	return fd;
}

/** A pipe's end, on pipefs (no O_LARGEFILE: pipe(2) does not set it). */
function pipeFd(fd: number, ino: number, write: boolean): FdEntry {
	return {fd, target: `pipe:[${ino}]`, read: !write, write, flags: write ? 1 : 0, mntId: PIPEFS_MNT_ID, ino};
}

/** The kernel's description of what the shell opened: the console's own entry, a pipe's, or a file's where it lives. */
function describeFd(o: OpenedFd, where: FileWhere): FdEntry {
	const console = CONSOLE_FDS.find(c => c.target === o.target && !c.cloexec);
	if (console) return {...console, fd: o.fd};
	const pipe = /^pipe:\[(\d+)\]$/.exec(o.target);
	if (pipe) return pipeFd(o.fd, Number(pipe[1]), o.write);
	return {...o, flags: O_LARGEFILE | accMode(o), ...where(o.target)};
}

/** task->flags bits: randomized layout, forked but not exec'ed, used a capability; a kernel thread's. */
const PF_RANDOMIZE = 0x400000;
const PF_FORKNOEXEC = 0x40;
const PF_SUPERPRIV = 0x100;
/** PF_KTHREAD | PF_NOFREEZE | PF_FORKNOEXEC. */
const KTHREAD_FLAGS = 0x208040;

/** SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU. */
const isStopSignal = (sig: number): boolean => sig >= 19 && sig <= 22;

/**
 * A kernel thread at boot end: its comm (a workqueue worker's as wq_worker_comm() builds it,
 * with the workqueue it last ran), its nice (-20: a high-priority worker or a workqueue's rescuer;
 * ksmd 5, khugepaged 19) and whether it sleeps in TASK_IDLE (workers, rescuers, the RCU threads:
 * `I`) rather than TASK_INTERRUPTIBLE (`S`). `null`: a pid handed out to a task that has exited
 * (an early helper, a usermode helper of request_module(), what /init ran before the shell).
 */
type BootKthread = {name: string; nice: number; idle: boolean} | null;

/**
 * The system time (ticks) boot left on the kernel threads that did work, as the lab's one-CPU
 * guests had them at the prompt (s51/r40 s3: `cut -d' ' -f1,14-17 /proc/PID/stat`; they vary
 * from boot to boot, the unbound worker most: 18 to 24), by name without the workqueue suffix;
 * `u*` stands for the unbound pool's number (2 per CPU). The second unbound worker ran boot's usermode
 * helpers, whose times it reaped. The console shell ran /init's script.
 */
const BOOT_KTHREAD_TICKS: Record<string, {stime: number; cutime?: number; cstime?: number}> = {
	'kworker/u*:0': {stime: 20}, rcu_preempt: {stime: 4}, 'kworker/u*:1': {stime: 3, cutime: 2, cstime: 5}, 'kworker/0:1': {stime: 2},
	kthreadd: {stime: 1}, kdevtmpfs: {stime: 1},
};
/** The same with two CPUs and more (s51/r40 s4): the second unbound worker did the most. */
const BOOT_KTHREAD_TICKS_SMP: Record<string, {stime: number; cutime?: number; cstime?: number}> = {
	'kworker/u*:1': {stime: 28}, 'kworker/u*:0': {stime: 15, cutime: 2, cstime: 5}, 'kworker/0:1': {stime: 9}, rcu_preempt: {stime: 3},
	kthreadd: {stime: 2}, kdevtmpfs: {stime: 2}, 'migration/1': {stime: 1},
};
const BOOT_INIT_TIMES = {utime: 3, stime: 80, cutime: 1, cstime: 4};

const kt = (name: string, nice = 0, idle = true): BootKthread => ({name, nice, idle});
const sleeping = (name: string, nice = 0): BootKthread => kt(name, nice, false);
const highpri = (name: string): BootKthread => kt(name, -20);
const exited = (n: number): BootKthread[] => Array<BootKthread>(n).fill(null);

/**
 * The guest's tasks from pid 2 on, for `cpus` CPUs, as the lab's Debian 6.1.0-57 guests list them
 * (`ps -o pid,ppid,stat,comm` right after boot, session 39, lab s39/ps): with one CPU the same
 * pids at 512M to 4G, khugepaged missing where THP is off (512M) and the pids after it one lower;
 * the first program the shell runs is pid 84. With two CPUs (also measured) each other CPU's
 * cpuhp, migration, ksoftirqd and two workers follow cpuhp/0, and more workers come later; more
 * CPUs repeat that pattern (the lab's four-CPU guest differs in where a few unbound workers land
 * and starts two more high-priority workers only later).
 */
function bootTasks(cpus: number, khugepaged = true): BootKthread[] {
	const u = `u${2 * cpus}`;
	const others = Array.from({length: cpus - 1}, (_, i) => i + 1);
	const head = [
		sleeping('kthreadd'), highpri('rcu_gp'), highpri('rcu_par_gp'), highpri('slub_flushwq'), highpri('netns'),
		kt(cpus > 1 ? 'kworker/0:0-events' : 'kworker/0:0-rcu_gp'), highpri('kworker/0:0H-events_highpri'), kt(`kworker/${u}:0-events_unbound`),
		highpri('mm_percpu_wq'), kt('rcu_tasks_kthread'), kt('rcu_tasks_rude_kthread'), kt('rcu_tasks_trace_kthread'), sleeping('ksoftirqd/0'),
		kt('rcu_preempt'), sleeping('migration/0'), kt(cpus > 1 ? 'kworker/0:1-events' : 'kworker/0:1-mm_percpu_wq'), sleeping('cpuhp/0'),
		// smp_init(): the other CPUs' threads.
		...others.flatMap(c => [sleeping(`cpuhp/${c}`), sleeping(`migration/${c}`), sleeping(`ksoftirqd/${c}`), kt(`kworker/${c}:0-events`), highpri(`kworker/${c}:0H-events_highpri`)]),
		...exited(1),
	];
	const middle = cpus === 1
		? [sleeping('kdevtmpfs'), highpri('inet_frag_wq'), sleeping('kauditd'), sleeping('khungtaskd'), kt(`kworker/${u}:1-events_unbound`), sleeping('oom_reaper'),
			highpri('writeback'), kt(`kworker/${u}:2`), sleeping('kcompactd0'), sleeping('ksmd', 5)]
		: [kt(`kworker/${u}:1-events_unbound`), sleeping('kdevtmpfs'), highpri('inet_frag_wq'), sleeping('kauditd'), sleeping('khungtaskd'), sleeping('oom_reaper'),
			kt(`kworker/${u}:2`), highpri('writeback'), sleeping('kcompactd0'), sleeping('ksmd', 5), ...others.map(c => kt(`kworker/${c}:1`))];
	return [
		...head, ...middle, ...(khugepaged ? [sleeping('khugepaged', 19)] : []),
		highpri('kintegrityd'), highpri('kblockd'), highpri('blkcg_punt_bio'), highpri('tpm_dev_wq'), highpri('edac-poller'), highpri('devfreq_wq'),
		highpri('quota_events_unbound'), highpri('kworker/0:1H'), sleeping('kswapd0'), ...exited(5), highpri('kthrotld'), ...exited(1),
		highpri('acpi_thermal_pm'), kt('kworker/0:2'), highpri('mld'), ...others.map(c => highpri(`kworker/${c}:1H`)), highpri('ipv6_addrconf'),
		...exited(4), highpri('kstrp'), ...exited(4), highpri('zswap-shrink'), highpri(`kworker/u${2 * cpus + 1}:0`),
		// /init's children and the kernel's usermode helpers: the shell's first program is pid 84
		// with one CPU, 91 with two (where later programs then skip pids now and then).
		...exited(22),
	];
}

/**
 * The unbound kworker that runs kacpi_hotplug work (acpi_hotplug_work_fn), by pid and comm: the
 * lab's traces of hot-adds (session 39) found kworker/u2:1 doing most of them.
 * `khugepaged`: whether hugepage_init() started khugepaged at boot (THP not off).
 */
export function kacpiHotplugWorker(cpus: number, khugepaged = true): {pid: number; comm: string} {
	const n = Math.max(1, cpus);
	const comm = `kworker/u${2 * n}:1`;
	const at = bootTasks(n, khugepaged).findIndex(t => t?.name.startsWith(`${comm}-`) || t?.name === comm);
	return {pid: at + 2, comm};
}

/** The name execve() gives a task: its program's file name (`sh` for none). */
const programName = (argv: readonly string[]): string => (argv[0] ?? 'sh').split('/').pop() || 'sh';

/** The task list: boot tasks, then one task per fork, pids handed out in order (alloc_pid). */
export class ProcessTable {
	private readonly tasks = new Map<number, Task>();
	private lastPid: number;
	private currentPid = 1;
	/** Bumped when a task appears or goes (the /proc listing follows it). */
	private gen = 0;

	/**
	 * `khugepaged`: whether hugepage_init() started khugepaged (THP not off at boot); `rlimits`:
	 * init_task's limits, which every boot task has.
	 */
	constructor(cpus: number, khugepaged = true, rlimits: Map<Resource, RLimit> = new Map()) {
		// The kernel's envp_init for /init, which the shell inherits through exec.
		// setsid made the shell a session and process group leader.
		// ash's descriptors: the console from init (0-2) and the controlling tty it opened for job
		// control (fd 10, O_CLOEXEC).
		this.tasks.set(1, {pid: 1, ppid: 0, comm: 'sh', argv: ['sh'], kthread: false, env: ['HOME=/', 'TERM=linux'], pgid: 1, rlimits: new Map(rlimits),
			flags: PF_RANDOMIZE | PF_SUPERPRIV, layout: randomLayout(1), cwd: '/', fds: CONSOLE_FDS.map(f => ({...f})), times: {...BOOT_INIT_TIMES}});
		let pid = 2;
		for (const t of bootTasks(Math.max(1, cpus), khugepaged)) {
			if (t) {
				// task->comm is cut to 15 characters; a workqueue worker's comm is built by
				// wq_worker_comm() from its name and workqueue, uncut ("kworker/0:0H-events_highpri").
				// proc_task_name() shows another kernel thread's full name (kthread->full_name,
				// `rcu_tasks_kthread`), but a rescuer (nice -20, PF_WQ_WORKER) goes through
				// wq_worker_comm() and shows task->comm (`quota_events_un`): the lab's /proc/PID/comm.
				const comm = t.name.startsWith('kworker/') ? t.name : t.name.slice(0, COMM_MAX);
				const fullName = comm !== t.name && t.nice !== -20 ? {fullName: t.name} : {};
				const ticks = (cpus > 1 ? BOOT_KTHREAD_TICKS_SMP : BOOT_KTHREAD_TICKS)[t.name.replace(/-.*/, '').replace(`kworker/u${2 * Math.max(1, cpus)}:`, 'kworker/u*:')];
				const times = ticks ? {times: {utime: 0, stime: ticks.stime, cutime: ticks.cutime ?? 0, cstime: ticks.cstime ?? 0}} : {};
				this.tasks.set(pid, {pid, ppid: pid === 2 ? 0 : 2, comm, ...fullName, argv: [], kthread: true, pgid: 0, rlimits, flags: KTHREAD_FLAGS, nice: t.nice, idle: t.idle, ...times});
			}
			pid++;
		}
		this.lastPid = pid - 1;
	}

	/** getpid() of the task in the kernel now. */
	current(): Task {
		return this.tasks.get(this.currentPid)!;
	}

	get(pid: number): Task | undefined {
		return this.tasks.get(pid);
	}

	/**
	 * The VMAs the live user processes hold at most (/proc/PID/maps): 10 each (the shell's, a
	 * forked child's copy of them, a program's image once exec'ed), and the one program running
	 * maps one more (its stdio buffer: `cat /proc/self/maps` lists 11). With one CPU the shell forks
	 * every stage of a pipeline before the first runs, so four stages peak at 51 VMAs, inside two
	 * slabs (lab s40/vma: `cat | cat | cat | wc` kept two, `echo $(cat | wc) | cat | wc` took a third).
	 */
	userVmas(): number {
		const n = this.taskCounts().user;
		return 10 * n + (n > 1 ? 1 : 0);
	}

	/**
	 * Pages the live user tasks have charged to vm_committed_as: each mm's VM_ACCOUNT mappings
	 * (dup_mmap() charges a fork's copy, exec a new image's; kernel threads have no mm).
	 */
	committedPages(): number {
		let n = 0;
		for (const t of this.tasks.values()) if (!t.kthread) n += accountedPages(taskVmas(t));
		return n;
	}

	/** Tasks alive: all of them (kernel threads included) and the user ones. */
	taskCounts(): {all: number; user: number} {
		let user = 0;
		for (const t of this.tasks.values()) if (!t.kthread) user++;
		return {all: this.tasks.size, user};
	}

	/** Live pids in ascending order (the order proc_pid_readdir walks them). */
	pids(): number[] {
		return [...this.tasks.keys()].sort((a, b) => a - b);
	}

	generation(): number {
		return this.gen;
	}

	/** The pid handed out last (idr_get_cursor() - 1 of the pid namespace). */
	lastAllocated(): number {
		return this.lastPid;
	}

	/**
	 * fork() + execve(argv) by the current task: the child gets the next pid and becomes
	 * current until it exits. Returns the child's pid. `newPgrp`: the child leads a process
	 * group of its own (setpgid() by a shell with job control) or joins the one of that number,
	 * else it stays in its parent's.
	 * The child has its parent's limits, or `rlimits` (the forking shell's, which a subshell
	 * may have changed on its own). `comm`: its name when not argv[0]'s (a NOEXEC applet).
	 */
	fork(argv: readonly string[], env?: readonly string[], newPgrp: boolean | number = false, rlimits?: ReadonlyMap<Resource, RLimit>, comm?: string): number {
		const pid = ++this.lastPid;
		const name = comm ?? programName(argv);
		const parent = this.tasks.get(this.currentPid);
		const pgid = typeof newPgrp === 'number' ? newPgrp : newPgrp ? pid : parent?.pgid ?? 1;
		// copy_signal(): the child has its parent's oom_score_adj.
		const adj = parent?.oomScoreAdj;
		const limits = new Map(rlimits ?? parent?.rlimits);
		// copy_process() sets PF_FORKNOEXEC (and drops PF_SUPERPRIV), which execve() clears: what
		// stays is PF_RANDOMIZE.
		const flags = PF_RANDOMIZE | (comm !== undefined ? PF_FORKNOEXEC : 0);
		// copy_files() and copy_fs(): the parent's descriptors and working directory; execve()
		// (no `comm`) gives a new mm, a new random layout, and closes the O_CLOEXEC descriptors.
		const execed = comm === undefined;
		// (a command substitution's child closes the read end its shell waits on: evalbackcmd())
		const fds = (parent?.fds ?? []).filter(f => !f.pipeRead && !(execed && f.cloexec)).map(f => ({...f}));
		const layout = execed ? randomLayout(pid) : parent?.layout ?? randomLayout(pid);
		this.tasks.set(pid, {pid, ppid: this.currentPid, comm: name.slice(0, COMM_MAX), argv: [...argv], kthread: false, env: env && [...env], pgid, rlimits: limits, flags,
			...(adj ? {oomScoreAdj: adj} : {}), execed, layout, cwd: parent?.cwd ?? '/', fds});
		this.currentPid = pid;
		this.gen++;
		return pid;
	}

	/**
	 * execve() by the current task: its command line and name become `argv`'s (flush_old_exec()
	 * clears PF_FORKNOEXEC); a NOEXEC applet (`comm`) keeps the command line and only renames it.
	 */
	execve(argv: readonly string[], comm?: string): void {
		const t = this.current();
		if (t.pid === 1 || t.kthread) return;
		if (comm === undefined) {
			t.argv = [...argv];
			t.comm = programName(argv).slice(0, COMM_MAX);
			t.flags = PF_RANDOMIZE;
			t.execed = true;
			t.layout = randomLayout(t.pid + 0x10000);
			t.fds = t.fds?.filter(f => !f.cloexec);
			// (a new mm: no mapping of the old one's survives)
			delete t.copyBuf;
		} else t.comm = comm.slice(0, COMM_MAX);
		this.gen++;
	}

	/**
	 * What the shell set up for a task it forked: its working directory and where descriptors
	 * 0-2 point after the command's redirections and pipes (dup2() before the exec).
	 */
	setFiles(pid: number, files: {cwd?: string; stdio?: readonly OpenedFd[]}, where: FileWhere = () => undefined): void {
		const t = this.tasks.get(pid);
		if (!t || t.kthread) return;
		if (files.cwd !== undefined) t.cwd = files.cwd;
		if (files.stdio) {
			// (a descriptor the redirections closed, `>&-`, is missing from stdio)
			const others = (t.fds ?? []).filter(f => f.fd > 2);
			t.fds = [...files.stdio.map(o => describeFd(o, where)), ...others].sort((a, b) => a.fd - b.fd);
		}
	}

	/**
	 * A task blocks reading a pipe (`ino`, whose read end it holds on its lowest free
	 * descriptor) while what it started runs, or stops doing so (`on` undefined).
	 */
	waitChannel(pid: number, on: 'pipe_read' | undefined, ino?: number): void {
		const t = this.tasks.get(pid);
		if (!t || t.kthread) return;
		t.waitsOn = on;
		const fds = (t.fds ?? []).filter(f => !f.pipeRead);
		if (on && ino !== undefined) {
			fds.push({...pipeFd(lowestFreeFd(fds), ino, false), pipeRead: true});
			fds.sort((a, b) => a.fd - b.fd);
		}
		t.fds = fds;
	}

	/** Makes a live task the current one (the one in the kernel now). */
	schedule(pid: number): void {
		if (this.tasks.has(pid)) this.currentPid = pid;
	}

	/** setrlimit() by the current task. */
	setRlimit(resource: Resource, limit: RLimit): void {
		this.current().rlimits.set(resource, {...limit});
	}

	/** kthread_run() of a kernel thread after boot: kthreadd's child, with the next pid. */
	startKthread(name: string, nice = 0): number {
		const pid = ++this.lastPid;
		this.tasks.set(pid, {pid, ppid: 2, comm: name.slice(0, COMM_MAX), argv: [], kthread: true, pgid: 0, rlimits: this.tasks.get(2)?.rlimits ?? new Map(), flags: KTHREAD_FLAGS, nice, idle: false});
		this.gen++;
		return pid;
	}

	/** kthread_stop(): the kernel thread of that name exits. */
	stopKthread(name: string): void {
		for (const [pid, t] of this.tasks) {
			if (!t.kthread || t.comm !== name.slice(0, COMM_MAX)) continue;
			this.tasks.delete(pid);
			this.gen++;
		}
	}

	/** The current task runs `ticks` of system time (account_system_time()). */
	chargeSystem(ticks: number): void {
		const t = this.current();
		t.times ??= {utime: 0, stime: 0, cutime: 0, cstime: 0};
		t.times.stime += ticks;
	}

	/** exit() + the parent's wait(): the task is reaped and its parent is current again. */
	exit(pid: number): void {
		const t = this.tasks.get(pid);
		if (!t || t.kthread || pid === 1) return;
		this.tasks.delete(pid);
		// wait_task_zombie(): the parent takes the child's times and its children's
		const parent0 = this.tasks.get(t.ppid);
		if (t.times && parent0) {
			parent0.times ??= {utime: 0, stime: 0, cutime: 0, cstime: 0};
			parent0.times.cutime += t.times.utime + t.times.cutime;
			parent0.times.cstime += t.times.stime + t.times.cstime;
		}
		if (this.currentPid === pid) this.currentPid = this.tasks.has(t.ppid) ? t.ppid : 1;
		// forget_original_parent(): its children (a background job a subshell left) go to init.
		for (const c of this.tasks.values()) if (c.ppid === pid) c.ppid = 1;
		this.gen++;
		// do_notify_parent(): the exit signal, SIGCHLD, goes to the parent.
		const parent = this.tasks.get(t.ppid);
		if (parent && !parent.kthread) this.queue(parent, SIGCHLD);
	}

	/** A signal becomes pending; a standard signal already pending is not queued twice. */
	private queue(t: Task, sig: number): void {
		if (sig < 32 && t.pending?.includes(sig)) return;
		(t.pending ??= []).push(sig);
	}

	/**
	 * kill(2) by the current task: pid > 0 one task, 0 the caller's process group, -1 every
	 * task but init and the caller, < -1 the group -pid. Kernel threads ignore signals; for the
	 * others the signal is queued (signal 0 only checks that the target exists). ESRCH when
	 * nothing matched. A stop signal to a user task other than init is ENOSYS: stopping a
	 * process (and the job control around it) is not simulated.
	 */
	kill(pid: number, sig: number): 'ESRCH' | 'ENOSYS' | undefined {
		const self = this.currentPid;
		const group = pid === 0 ? this.tasks.get(self)?.pgid : pid < -1 ? -pid : undefined;
		const targets = pid > 0 ? [this.tasks.get(pid)].filter(t => t !== undefined)
			: pid === -1 ? [...this.tasks.values()].filter(t => t.pid !== 1 && t.pid !== self)
			: [...this.tasks.values()].filter(t => !t.kthread && t.pgid === group);
		if (!targets.length) return 'ESRCH';
		if (sig === 0) return undefined;
		const live = targets.filter(t => !t.kthread);
		if (isStopSignal(sig) && live.some(t => t.pid !== 1)) return 'ENOSYS';
		for (const t of live) this.queue(t, sig);
		return undefined;
	}

	/** The signals sent to `pid` since it last looked, in the order they came (and forgotten). */
	takeSignals(pid: number): number[] {
		const t = this.tasks.get(pid);
		const sigs = t?.pending;
		if (!t || !sigs?.length) return [];
		t.pending = undefined;
		return sigs;
	}
}
