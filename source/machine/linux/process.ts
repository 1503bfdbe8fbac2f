/**
 * The guest's tasks, as much of them as /proc shows: pid, parent, comm and argv. PID 1 is the
 * interactive shell (the initramfs `/init` script ends in `exec setsid cttyhack sh`, so the
 * shell replaces it), kthreadd and the kernel threads follow, then what /init forked.
 * Userland forks through {@link ProcessTable.fork} and leaves through {@link ProcessTable.exit};
 * `current` is whichever task last entered the kernel, as /proc/self resolves it.
 */

import type {Resource, RLimit} from './rlimit.js';

/** TASK_COMM_LEN - 1: comm is cut to 15 characters. */
const COMM_MAX = 15;

/** One task_struct as /proc/<pid> reports it. */
export interface Task {
	pid: number;
	ppid: number;
	/** task->comm (at most 15 characters). */
	comm: string;
	/** The argv of the exec'ed image; empty for kernel threads (their cmdline is empty). */
	argv: string[];
	kthread: boolean;
	/** The environment passed to execve ("NAME=value"), when the caller told it. */
	env?: string[];
	/** Process group (kernel threads: 0, as kthreadd's). */
	pgid: number;
	/** Signals sent and not yet delivered: the task takes them when it next runs (returns to user mode). */
	pending?: number[];
	/** /proc/PID/oom_score_adj (0 unless written). */
	oomScoreAdj?: number;
	/** signal->rlim: the resource limits (kernel threads and init share init_task's). */
	rlimits: Map<Resource, RLimit>;
}

const SIGCHLD = 17;

/** SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU. */
const isStopSignal = (sig: number): boolean => sig >= 19 && sig <= 22;

/**
 * Kernel threads of this 6.1 build in creation order, for one CPU: the per-CPU ones of the other
 * CPUs are created by smp_init() right after cpuhp/0. Approximate (the order in which early
 * initcalls and workqueues spawn them), kept short of the device-driver threads.
 */
function kernelThreads(cpus: number, khugepaged = true): string[] {
	const perCpu: string[] = [];
	for (let c = 1; c < cpus; c++) perCpu.push(`cpuhp/${c}`, `migration/${c}`, `ksoftirqd/${c}`, `kworker/${c}:0H-events_highpri`);
	return [
		'kthreadd', 'rcu_gp', 'rcu_par_gp', 'slub_flushwq', 'netns', 'kworker/0:0H-events_highpri', 'mm_percpu_wq',
		'rcu_tasks_kthread', 'rcu_tasks_rude_kthread', 'rcu_tasks_trace_kthread', 'ksoftirqd/0', 'rcu_preempt', 'migration/0',
		'cpuhp/0', ...perCpu, 'kdevtmpfs', 'inet_frag_wq', 'kauditd', 'khungtaskd', 'oom_reaper', 'writeback', 'kcompactd0',
		'ksmd', ...(khugepaged ? ['khugepaged'] : []), 'kintegrityd', 'kblockd', 'blkcg_punt_bio', 'tpm_dev_wq', 'edac-poller', 'devfreq_wq',
		'kworker/0:1H-kblockd', 'kswapd0', 'kthrotld', 'acpi_thermal_pm', 'mld', 'ipv6_addrconf', 'kstrp', 'zswap-shrink',
		`kworker/u${2 * cpus}:1`,
	];
}

/** What /init ran as children before exec'ing the shell (mount proc, sysfs, devtmpfs; hostname). */
const INIT_CHILDREN = 4;

/**
 * The unbound kworker that runs kacpi_hotplug work (acpi_hotplug_work_fn), by pid and comm.
 * `khugepaged`: whether hugepage_init() started khugepaged at boot (THP not off).
 */
export function kacpiHotplugWorker(cpus: number, khugepaged = true): {pid: number; comm: string} {
	const names = kernelThreads(Math.max(1, cpus), khugepaged);
	const comm = `kworker/u${2 * Math.max(1, cpus)}:1`;
	return {pid: names.indexOf(comm) + 2, comm};
}

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
		this.tasks.set(1, {pid: 1, ppid: 0, comm: 'sh', argv: ['sh'], kthread: false, env: ['HOME=/', 'TERM=linux'], pgid: 1, rlimits: new Map(rlimits)});
		let pid = 2;
		for (const name of kernelThreads(Math.max(1, cpus), khugepaged)) {
			// task->comm is cut to 15 characters; a workqueue worker's comm is built by
			// wq_worker_comm() from its name and workqueue, uncut ("kworker/0:0H-events_highpri").
			const comm = name.startsWith('kworker/') ? name : name.slice(0, COMM_MAX);
			this.tasks.set(pid, {pid, ppid: pid === 2 ? 0 : 2, comm, argv: [], kthread: true, pgid: 0, rlimits});
			pid++;
		}
		this.lastPid = pid - 1 + INIT_CHILDREN;
	}

	/** getpid() of the task in the kernel now. */
	current(): Task {
		return this.tasks.get(this.currentPid)!;
	}

	get(pid: number): Task | undefined {
		return this.tasks.get(pid);
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
	 * group of its own (setpgid() by a shell with job control), else it stays in its parent's.
	 * The child has its parent's limits, or `rlimits` (the forking shell's, which a subshell
	 * may have changed on its own).
	 */
	fork(argv: readonly string[], env?: readonly string[], newPgrp = false, rlimits?: ReadonlyMap<Resource, RLimit>): number {
		const pid = ++this.lastPid;
		const name = (argv[0] ?? 'sh').split('/').pop() || 'sh';
		const parent = this.tasks.get(this.currentPid);
		const pgid = newPgrp ? pid : parent?.pgid ?? 1;
		// copy_signal(): the child has its parent's oom_score_adj.
		const adj = parent?.oomScoreAdj;
		const limits = new Map(rlimits ?? parent?.rlimits);
		this.tasks.set(pid, {pid, ppid: this.currentPid, comm: name.slice(0, COMM_MAX), argv: [...argv], kthread: false, env: env && [...env], pgid, rlimits: limits, ...(adj ? {oomScoreAdj: adj} : {})});
		this.currentPid = pid;
		this.gen++;
		return pid;
	}

	/** setrlimit() by the current task. */
	setRlimit(resource: Resource, limit: RLimit): void {
		this.current().rlimits.set(resource, {...limit});
	}

	/** kthread_run() of a kernel thread after boot: kthreadd's child, with the next pid. */
	startKthread(name: string): number {
		const pid = ++this.lastPid;
		this.tasks.set(pid, {pid, ppid: 2, comm: name.slice(0, COMM_MAX), argv: [], kthread: true, pgid: 0, rlimits: this.tasks.get(2)?.rlimits ?? new Map()});
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

	/** exit() + the parent's wait(): the task is reaped and its parent is current again. */
	exit(pid: number): void {
		const t = this.tasks.get(pid);
		if (!t || t.kthread || pid === 1) return;
		this.tasks.delete(pid);
		if (this.currentPid === pid) this.currentPid = this.tasks.has(t.ppid) ? t.ppid : 1;
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
