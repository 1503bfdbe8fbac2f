import type {Errno} from '../errno.js';
import type {AttrNode, DirNode, SymlinkNode, VNode} from '../vfs/node.js';
import {instantiateOnReaddir, kdir, pfile, sdir, type KernfsDir, type LookupHook} from './kernfs.js';
import {lowestFreeFd, type FdEntry, type ProcessTable, type Task} from './process.js';
import type {Resource} from './rlimit.js';
import {randomLayout, showMaps, showNumaMaps, showSmaps, showSmapsRollup, taskVmas, vmSizes, type Layout, type Vma} from './task-mm.js';
import {stack, syscall, wchan} from './task-wait.js';
import {unsimulatedDir} from './unsimulated.js';

/**
 * /proc/<pid> (fs/proc/base.c) for the tasks of {@link ProcessTable}, and /proc/self, the
 * symlink proc_self_get_link() resolves to the reading task's pid. A task's directory has every
 * entry of tgid_base_stuff[] a Debian 6.1 kernel builds in (its thread's, tid_base_stuff[]'s),
 * in that order; readdir instantiates each entry (proc_fill_cache()), so listing a task's
 * directory allocates a dentry and a proc inode per entry not looked up before.
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
	l.push(`Name:\t${t.fullName ?? t.comm}`, `Umask:\t${t.kthread ? '0000' : '0022'}`, `State:\t${stateOf(t, current)}`);
	// Every task of this guest is in the initial pid namespace and the shell's session.
	const sid = t.kthread ? 0 : 1;
	l.push(`Tgid:\t${t.pid}`, 'Ngid:\t0', `Pid:\t${t.pid}`, `PPid:\t${t.ppid}`, 'TracerPid:\t0', 'Uid:\t0\t0\t0\t0', 'Gid:\t0\t0\t0\t0');
	l.push('FDSize:\t64', 'Groups:\t ', `NStgid:\t${t.pid}`, `NSpid:\t${t.pid}`, `NSpgid:\t${t.pgid}`, `NSsid:\t${sid}`);
	if (!t.kthread) {
		const v = taskVm(t);
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

/**
 * A user task's memory as status and statm count it: the sizes of its mappings, and the RSS the
 * mm's counters hold. The console shell's are the lab's; a program execve()d since its fork has
 * a new mm whose faults still sit in the task's SPLIT_RSS_COUNTING cache (flushed every 64
 * faults, which a short program does not reach): the counters hold the one stack page exec
 * wrote (the lab's `cat /proc/self/status`, `sleep`: VmRSS 4 kB). A fork's copy keeps its parent's.
 */
export function taskVm(t: Task): typeof BUSYBOX_VM {
	const sizes = vmSizes(taskVmas(t));
	const base = {...BUSYBOX_VM, peak: sizes.size, size: sizes.size, data: sizes.data, stk: sizes.stk, exe: sizes.exe};
	return t.execed ? {...base, hwm: 4, rss: 4, anon: 4, file: 0, shmem: 0} : base;
}

/** do_task_stat(): the 52 fields of /proc/<pid>/stat (page fault counts and start time are not tracked: 0). */
export function pidStat(t: Task, current: Task): string {
	const state = stateOf(t, current)[0];
	const sid = t.kthread ? 0 : 1;
	const vm = t.kthread ? undefined : taskVm(t);
	const vsize = vm ? vm.size * 1024 : 0;
	const rss = vm ? vm.rss / 4 : 0;
	// pid comm state ppid pgrp session tty_nr (ttyS0: 4:64) tpgid flags, then minflt..cstime,
	// (the terminal's foreground group is the running job's),
	// priority nice num_threads itrealvalue starttime vsize rss rsslim, then 26..52
	// (addresses, signals, wchan, exit_signal 17, processor ...; unused ones 0).
	const f: (number | string)[] = [t.pid, `(${t.fullName ?? t.comm})`, state, t.ppid, t.pgid, sid, t.kthread ? 0 : 0x440, t.kthread ? -1 : current.pgid,
		t.flags, 0, 0, 0, 0, t.times?.utime ?? 0, t.times?.stime ?? 0, t.times?.cutime ?? 0, t.times?.cstime ?? 0, 20 + (t.nice ?? 0), t.nice ?? 0, 1, 0, 0, vsize, rss, '18446744073709551615',
		...Array<number>(12).fill(0), 17, 0, 0, 0, 0, 0, 0, ...Array<number>(8).fill(0)];
	return f.join(' ') + '\n';
}

/**
 * proc_pid_statm(): size, resident, shared (file and shmem RSS), text, lib (always 0), data
 * (data and stack), dt (always 0), in pages; all 0 for a kernel thread.
 */
export function pidStatm(t: Task): string {
	if (t.kthread) return '0 0 0 0 0 0 0\n';
	const v = taskVm(t);
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
	const v = taskVm(t);
	const badness = v.rss / 4 + v.pte / 4 + adj * Math.floor(totalPages / 1000);
	return Math.floor(((1000 + Math.trunc((badness * 1000) / totalPages)) * 2) / 3);
}

/** What a task directory's files need besides the task: the task list, the CPUs, the RAM. */
interface PidCtx {
	procs: ProcessTable;
	cpus: number;
	hook: LookupHook;
	totalPages: () => number;
	/** /proc/<pid>/mounts and mountinfo (the mount table as the task's namespace sees it). */
	mounts: () => string;
	mountinfo: () => string;
}

/** A procfs file with a write method (size 0, as every procfs file). */
function pattr(show: (() => string | Errno) | undefined, store: ((data: string) => Errno | undefined) | undefined, mode: number): AttrNode {
	return {kind: 'attr', mode, statSize: 0, procfs: true, ...(show ? {show} : {}), ...(store ? {store} : {})};
}

/** A procfs magic link: `target` computed at each walk; `broken` when it resolves to nothing (readlink fails). */
function plink(target: () => string | undefined, mode = 0o777, size = 0): SymlinkNode {
	return {
		kind: 'symlink', mode, size,
		get target() {
			return target() ?? '';
		},
		get broken() {
			return target() === undefined ? 'ENOENT' as const : undefined;
		},
	};
}

/**
 * A directory of pid_entry files (proc_pident_readdir()): readdir instantiates every entry with
 * proc_fill_cache(), so listing it costs what looking each name up does. A fixed table's nodes
 * are made when first looked up or listed (an exec's walk of /proc/self/exe makes one of 56).
 */
function pidentDir(entries: () => [string, VNode | (() => VNode)][], hook: LookupHook, mode: number, fixed: boolean, lookupOne?: (name: string) => VNode | (() => VNode) | undefined): KernfsDir {
	const made = new Map<string, VNode>();
	let table: [string, VNode | (() => VNode)][] | undefined;
	const rows = () => (fixed ? (table ??= entries()) : entries());
	const node = (name: string, v: VNode | (() => VNode)): VNode => {
		if (typeof v !== 'function') return v;
		let n = made.get(name);
		if (!n) {
			n = v();
			made.set(name, n);
		}
		return n;
	};
	const find = (name: string) => {
		const v = lookupOne && !table ? lookupOne(name) : rows().find(([n]) => n === name)?.[1];
		return v && node(name, v);
	};
	return instantiateOnReaddir(kdir(() => rows().map(([n, v]) => [n, node(n, v)]), hook, mode, fixed ? () => 0 : undefined, 'as-given', undefined, fixed ? find : undefined));
}

/**
 * One /proc/<pid> directory: tgid_base_stuff[], with `task` holding the one thread's directory
 * (tid = pid: every task of this guest is single-threaded) of tid_base_stuff[].
 */
export function pidDir(procs: ProcessTable, t: Task, cpus: number, hook: LookupHook, totalPages: () => number, mounts: () => string = () => '', mountinfo: () => string = () => ''): DirNode {
	const ctx: PidCtx = {procs, cpus, hook, totalPages, mounts, mountinfo};
	const thread = () => pidentDir(() => pidEntriesOf(ctx, t, 'tid'), hook, 0o555, true, name => pidEntryOf(ctx, t, 'tid', name));
	// proc_task_readdir(): the thread's directory, instantiated as it is listed.
	const task = () => pidentDir(() => [[String(t.pid), thread]], hook, 0o555, true);
	return pidentDir(() => [['task', task], ...pidEntriesOf(ctx, t, 'tgid')], hook, 0o555, true, name => (name === 'task' ? task : pidEntryOf(ctx, t, 'tgid', name)));
}

/** proc_fd_link()'s mode: lrwx for a descriptor open for both, lr-x for reading, l-wx for writing. */
const fdMode = (f: FdEntry) => 0o100 | (f.read ? 0o400 : 0) | (f.write ? 0o200 : 0);

/**
 * /proc/<pid>/fd (proc_readfd_common()): a link per open descriptor, size 64. A task listing its
 * own fd directory sees the descriptor of that directory too (the lowest free one); by the time
 * `ls -l` reads the link the directory is closed, and readlink() fails with ENOENT.
 */
function fdDir(ctx: PidCtx, t: Task): KernfsDir {
	const entries = (): [string, VNode][] => {
		const fds = [...(t.fds ?? [])];
		if (!t.kthread && ctx.procs.current() === t) fds.push({fd: lowestFreeFd(fds), target: '', read: true, write: false});
		fds.sort((a, b) => a.fd - b.fd);
		return fds.map(f => [String(f.fd), plink(() => f.target || undefined, fdMode(f), 64)]);
	};
	return pidentDir(entries, ctx.hook, 0o500, false);
}

/** /proc/<pid>/fdinfo/N: position, flags (octal), the file's mount id and inode. */
function fdinfoDir(ctx: PidCtx, t: Task): KernfsDir {
	return pidentDir(() => (t.fds ?? []).map(f => [String(f.fd),
		pfile(() => `pos:\t0\nflags:\t0${(f.flags ?? 0).toString(8)}\nmnt_id:\t${f.mntId ?? 0}\nino:\t${f.ino ?? 0}\n`)]), ctx.hook, 0o555, false);
}

/** /proc/<pid>/map_files: a link per file-backed mapping, named by its range (mode 0400). */
function mapFilesDir(ctx: PidCtx, t: Task, vmas: () => Vma[]): KernfsDir {
	return pidentDir(() => vmas().filter(v => v.file).map(v => [`${v.start.toString(16)}-${v.end.toString(16)}`, plink(() => v.name, 0o400, 64)]), ctx.hook, 0o500, false);
}

/**
 * /proc/<pid>/ns: the task's namespaces, all the initial ones: the fixed inode numbers of
 * PROC_{CGROUP,PID,USER,UTS,IPC,TIME}_INIT_INO, and the two the kernel allocates at boot (net, mnt).
 */
const NAMESPACES: readonly [string, string][] = [
	['cgroup', 'cgroup:[4026531835]'], ['ipc', 'ipc:[4026531839]'], ['mnt', 'mnt:[4026531841]'], ['net', 'net:[4026531840]'],
	['pid', 'pid:[4026531836]'], ['pid_for_children', 'pid:[4026531836]'], ['time', 'time:[4026531834]'], ['time_for_children', 'time:[4026531834]'],
	['user', 'user:[4026531837]'], ['uts', 'uts:[4026531838]'],
];

/** An nsfs inode, where a namespace link leads: it has no read method (ns_file_operations). */
const NSFS_FILE: VNode = {kind: 'attr', mode: 0o444, statSize: 0, procfs: true};

/**
 * /proc/<pid>/attr: the LSM attributes. AppArmor is the active major LSM of this Debian kernel:
 * every task is `unconfined`; the attributes nothing set read as EINVAL.
 */
function attrDir(ctx: PidCtx): KernfsDir {
	const current = pfile(() => 'unconfined\n', 0o666);
	const unset = (mode: number) => pattr(() => 'EINVAL', () => 'EINVAL', mode);
	const apparmor = sdir([['current', pfile(() => 'unconfined\n', 0o666)], ['exec', unset(0o666)], ['prev', unset(0o444)]], ctx.hook, 0o555, 'as-given');
	const dir = pidentDir(() => [['current', current], ['prev', unset(0o444)], ['exec', unset(0o666)], ['fscreate', unset(0o666)], ['keycreate', unset(0o666)], ['sockcreate', unset(0o666)], ['apparmor', apparmor]], ctx.hook, 0o555, true);
	// A pid_entry directory's inode has two links, whatever is in it.
	dir.subdirs = () => 0;
	return dir;
}

/** oom_adj's legacy scale (-17..15) from and to oom_score_adj's (-1000..1000). */
const OOM_DISABLE = -17;
const OOM_ADJUST_MAX = 15;
const OOM_SCORE_ADJ_MAX = 1000;

/**
 * The task files whose file_operations have splice_read (seq_read_iter() since 5.10: the mount
 * tables). The others read with seq_read() or a read method of their own, so sendfile(2) from
 * them fails (busybox `cat /proc/self/maps` copies through its mmap'ed buffer).
 */
const SPLICE_READ: ReadonlySet<string> = new Set(['mounts', 'mountinfo']);

function noSplice(node: VNode): VNode {
	if (node.kind === 'file' || node.kind === 'attr') node.noSpliceRead = true;
	return node;
}

/** One pid_entry of tgid_base_stuff[] / tid_base_stuff[]: its name, which table has it, and its node for a task. */
interface PidEntry {
	name: string;
	only?: 'tgid' | 'tid';
	make: (ctx: PidCtx, t: Task) => VNode;
}

const reader = (ctx: PidCtx): Task => ctx.procs.current();
const layout = (t: Task): Layout => t.layout ?? randomLayout(t.pid);
const users = (ctx: PidCtx): Task[] => ctx.procs.pids().map(p => ctx.procs.get(p)!).filter(u => !u.kthread);
/** A file whose text a kernel thread (no mm) shows empty. */
const user = (t: Task, text: () => string) => () => (t.kthread ? '' : text());

/**
 * A task's entries: tgid_base_stuff[] (`only` tgid) and tid_base_stuff[] (`only` tid) in one
 * static table, in order, as the Debian 6.1 configuration builds them (no latency, make-it-fail
 * or stack_depth). As in the kernel (NOD/DIR/REG/ONE/LNK) nothing of it is per task: a task's
 * node is made when its entry is looked up or listed.
 */
const PID_BASE_STUFF: PidEntry[] = [];
const entry = (name: string, make: (ctx: PidCtx, t: Task) => VNode, only?: 'tgid' | 'tid'): void => {
	PID_BASE_STUFF.push({name, only, make: SPLICE_READ.has(name) ? make : (ctx, t) => noSplice(make(ctx, t))});
};
entry('fd', (ctx, t) => fdDir(ctx, t));
entry('map_files', (ctx, t) => mapFilesDir(ctx, t, () => taskVmas(t)), 'tgid');
entry('fdinfo', (ctx, t) => fdinfoDir(ctx, t));
entry('ns', ctx => pidentDir(() => NAMESPACES.map(([n, target]) => [n, {...plink(() => target), jump: NSFS_FILE}]), ctx.hook, 0o511, true));
// /proc/<pid>/net: the network namespace's proc entries (memhp does not simulate them).
entry('net', () => unsimulatedDir(3, 0o555));
entry('environ', (_ctx, t) => pfile(() => (t.env?.length ? t.env.join('\0') + '\0' : ''), 0o400));
entry('auxv', (_ctx, t) => pfile(user(t, () => auxv(t, layout(t).stackEnd)), 0o400));
entry('status', (ctx, t) => pfile(() => pidStatus(t, reader(ctx), ctx.cpus)));
entry('personality', () => pfile(() => '00000000\n', 0o400));
entry('limits', (_ctx, t) => pfile(() => pidLimits(t)));
entry('sched', (_ctx, t) => pattr(() => pidSched(t), () => undefined, 0o644));
// Autogroups: the console shell's session is autogroup 1; a kernel thread shows none.
entry('autogroup', (_ctx, t) => pattr(user(t, () => '/autogroup-1 nice 0\n'), () => undefined, 0o644), 'tgid');
entry('timens_offsets', () => pattr(() => 'monotonic           0         0\nboottime            0         0\n', () => 'EACCES', 0o644), 'tgid');
entry('comm', (_ctx, t) => pattr(() => `${t.fullName ?? t.comm}\n`, data => {
	// comm_write(): set_task_comm() with the first 15 bytes written, a newline included.
	t.comm = data.slice(0, 15);
	delete t.fullName;
	return undefined;
}, 0o644));
entry('syscall', (ctx, t) => pfile(() => syscall(t, reader(ctx), t.kthread ? undefined : layout(t)), 0o400));
entry('cmdline', (_ctx, t) => pfile(() => (t.argv.length ? t.argv.join('\0') + '\0' : '')));
entry('stat', (ctx, t) => pfile(() => pidStat(t, reader(ctx))));
entry('statm', (_ctx, t) => pfile(() => pidStatm(t)));
entry('maps', (_ctx, t) => pfile(() => showMaps(taskVmas(t))));
entry('children', (ctx, t) => pfile(() => ctx.procs.pids().filter(p => ctx.procs.get(p)!.ppid === t.pid && p !== t.pid).map(p => `${p} `).join('')), 'tid');
entry('numa_maps', (ctx, t) => pfile(() => showNumaMaps(t, taskVmas(t), users(ctx))));
// mem_rw(): reading address 0 (unmapped) fails.
entry('mem', () => pattr(() => 'EIO', () => 'EIO', 0o600));
entry('cwd', (_ctx, t) => plink(() => t.cwd ?? '/'));
entry('root', () => plink(() => '/'));
// proc_exe_link(): the file the task's mm maps; a kernel thread has no mm (readlink: ENOENT).
entry('exe', (_ctx, t) => plink(() => (t.kthread ? undefined : BUSYBOX_PATH)));
entry('mounts', ctx => pfile(() => ctx.mounts()));
entry('mountinfo', ctx => pfile(() => ctx.mountinfo()));
entry('mountstats', ctx => pfile(() => ctx.mounts().split('\n').filter(Boolean).map(l => {
	const [dev, dir, type] = l.split(' ');
	return `device ${dev} mounted on ${dir} with fstype ${type}\n`;
}).join(''), 0o400), 'tgid');
// clear_refs_write(): 1-5 clear the referenced bits (nothing memhp shows); no read method.
entry('clear_refs', () => pattr(undefined, data => (/^\s*[1-5]\s*$/.test(data) ? undefined : 'EINVAL'), 0o200));
entry('smaps', (ctx, t) => pfile(() => showSmaps(t, taskVmas(t), users(ctx))));
// show_smaps_rollup(): a task without an mm has nothing to walk.
entry('smaps_rollup', (ctx, t) => pfile(() => (t.kthread ? 'ESRCH' : showSmapsRollup(t, taskVmas(t), users(ctx)))));
entry('pagemap', (_ctx, t) => pfile(() => (t.kthread ? '' : '\0'.repeat(8 * 64)), 0o400));
entry('attr', ctx => attrDir(ctx));
entry('wchan', (ctx, t) => pfile(() => wchan(t, reader(ctx))));
entry('stack', (ctx, t) => pfile(() => stack(t, reader(ctx)), 0o400));
entry('schedstat', () => pfile(() => '0 0 1\n'));
entry('cpuset', () => pfile(() => '/\n'));
// proc_cgroup_show(): one line per mounted hierarchy; this initramfs mounts none.
entry('cgroup', () => pfile(() => ''));
entry('cpu_resctrl_groups', () => pfile(() => 'res:\nmon:\n'));
entry('oom_score', (ctx, t) => pfile(() => `${oomScore(t, ctx.totalPages())}\n`));
entry('oom_adj', (_ctx, t) => pattr(() => {
	const adj = t.oomScoreAdj ?? 0;
	return `${adj === OOM_SCORE_ADJ_MAX ? OOM_ADJUST_MAX : Math.trunc((adj * -OOM_DISABLE) / OOM_SCORE_ADJ_MAX)}\n`;
}, data => {
	// oom_adj_write(): -17..15, scaled onto oom_score_adj (15 is OOM_SCORE_ADJ_MAX).
	const m = /^\s*(-?\d+)\s*$/.exec(data);
	const v = m ? Number(m[1]) : NaN;
	if (!(v >= OOM_DISABLE && v <= OOM_ADJUST_MAX)) return 'EINVAL';
	t.oomScoreAdj = v === OOM_ADJUST_MAX ? OOM_SCORE_ADJ_MAX : Math.trunc((v * OOM_SCORE_ADJ_MAX) / -OOM_DISABLE);
	return undefined;
}, 0o644));
// oom_score_adj_write(): an int in [-1000, 1000].
entry('oom_score_adj', (_ctx, t) => pattr(() => `${t.oomScoreAdj ?? 0}\n`, data => {
	const m = /^\s*(-?\d+)\s*$/.exec(data);
	if (!m || Number(m[1]) < -1000 || Number(m[1]) > 1000) return 'EINVAL';
	t.oomScoreAdj = Number(m[1]);
	return undefined;
}, 0o644));
// Audit: nobody logged in (AUDIT_UID_UNSET, AUDIT_SID_UNSET), printed without a newline.
entry('loginuid', () => pattr(() => '4294967295', () => 'EPERM', 0o644));
entry('sessionid', () => pfile(() => '4294967295'));
entry('coredump_filter', (_ctx, t) => pattr(user(t, () => '00000033\n'), () => undefined, 0o644), 'tgid');
entry('io', (_ctx, t) => pfile(() => taskIo(t), 0o400));
for (const id of ['uid_map', 'gid_map', 'projid_map']) entry(id, () => pattr(() => '         0          0 4294967295\n', () => 'EPERM', 0o644));
entry('setgroups', () => pattr(() => 'allow\n', () => 'EPERM', 0o644));
entry('timers', () => pfile(() => ''), 'tgid');
// A real-time task (migration/N) has no timer slack.
// timerslack_ns_write(): a u64; 0 restores the task's default (50 us, none for a real-time task).
entry('timerslack_ns', (_ctx, t) => pattr(() => `${t.timerSlackNs ?? (/^migration\//.test(t.comm) ? 0 : 50000)}\n`, data => {
	const m = /^\s*(\d+)\s*$/.exec(data);
	if (!m || BigInt(m[1]!) >= 2n ** 64n) return 'EINVAL';
	if (BigInt(m[1]!) === 0n) delete t.timerSlackNs;
	else t.timerSlackNs = Number(m[1]);
	return undefined;
}, 0o666), 'tgid');
entry('patch_state', () => pfile(() => '-1\n', 0o400));
// proc_pid_arch_status(): AVX-512 use, reported only on CPUs that have it (QEMU's default has none).
entry('arch_status', () => pfile(() => ''));
entry('ksm_merging_pages', () => pfile(() => '0\n', 0o400));
entry('ksm_stat', (_ctx, t) => pfile(user(t, () => 'ksm_rmap_items 0\n'), 0o400));

const PID_ENTRY_BY_NAME = new Map(PID_BASE_STUFF.map(e => [e.name, e]));

/** A task's entries of one table (`tgid` or `tid`), each made on first use. */
function pidEntriesOf(ctx: PidCtx, t: Task, kind: 'tgid' | 'tid'): [string, () => VNode][] {
	return PID_BASE_STUFF.filter(e => !e.only || e.only === kind).map(e => [e.name, () => e.make(ctx, t)]);
}

/** proc_pident_lookup(): one entry of a task's table by name, without the others. */
function pidEntryOf(ctx: PidCtx, t: Task, kind: 'tgid' | 'tid', name: string): (() => VNode) | undefined {
	const e = PID_ENTRY_BY_NAME.get(name);
	return e && (!e.only || e.only === kind) ? () => e.make(ctx, t) : undefined;
}

/**
 * proc_tgid_io_accounting(): a program just exec'ed has read its ELF headers through
 * kernel_read() (3 reads, 816 bytes) and made one write; memhp does not count a task's later I/O.
 * Kernel threads do none.
 */
function taskIo(t: Task): string {
	const [rchar, wchar, syscr, syscw] = t.kthread ? [0, 0, 0, 0] : [816, 0, 3, 1];
	return `rchar: ${rchar}\nwchar: ${wchar}\nsyscr: ${syscr}\nsyscw: ${syscw}\nread_bytes: 0\nwrite_bytes: 0\ncancelled_write_bytes: 0\n`;
}

/**
 * The ELF auxiliary vector exec gave the task (AT_* type/value pairs, little-endian 64-bit words),
 * as the static busybox sees it: the vDSO, hardware capabilities, page size, clock ticks, the
 * program headers at 0x400040, the entry point, root's ids, the random bytes and platform string
 * on the stack.
 */
function auxv(t: Task, stackEnd: number): string {
	const vdso = (t.layout?.vvar ?? stackEnd) + 4 * 4096;
	const onStack = (off: number) => stackEnd - off;
	const pairs: [number, number][] = [
		[33, vdso], [51, 0x5a0], [16, 0x78bfbfd], [6, 4096], [17, 100], [3, 0x400040], [4, 56], [5, 10], [7, 0], [8, 0], [9, 0x40ebf0],
		[11, 0], [12, 0], [13, 0], [14, 0], [23, 0], [25, onStack(0x3b7)], [26, 0], [31, onStack(0x17)], [15, onStack(0x3a7)], [0, 0],
	];
	let out = '';
	for (const [k, v] of pairs) for (const n of [k, v]) for (let i = 0; i < 8; i++) out += String.fromCharCode(Math.floor(n / 2 ** (8 * i)) & 0xff);
	return out;
}

/** sched_prio_to_weight[] for nice -20..19. */
const PRIO_TO_WEIGHT = [88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
	1024, 820, 655, 526, 423, 335, 272, 215, 172, 137, 110, 87, 70, 56, 45, 36, 29, 23, 18, 15];

/**
 * proc_sched_show_task(): the task's scheduling entity (and its mm's NUMA scan sequence, which
 * a kernel thread has not). memhp keeps no CPU time: the runtime figures are 0 and each task has
 * switched once; policy, priority and load weight are its nice's.
 */
function pidSched(t: Task): string {
	const nice = t.nice ?? 0;
	const rtMigration = t.kthread && /^migration\//.test(t.comm);
	const row = (k: string, v: string) => `${k.padEnd(45)}:${v.padStart(21)}`;
	// p->comm itself: a worker's without the workqueue wq_worker_comm() appends.
	const comm = t.kthread ? t.comm.replace(/^(kworker\/[^-]+)-.*$/, '$1') : t.comm;
	const l = [`${comm} (${t.pid}, #threads: 1)`, '-'.repeat(67),
		row('se.exec_start', '0.000000'), row('se.vruntime', '0.000000'), row('se.sum_exec_runtime', '0.000000'), row('se.nr_migrations', '0'),
		row('nr_switches', '1'), row('nr_voluntary_switches', '1'), row('nr_involuntary_switches', '0'),
		row('se.load.weight', String(PRIO_TO_WEIGHT[nice + 20]! * 1024)), row('se.avg.load_sum', '0'), row('se.avg.runnable_sum', '0'), row('se.avg.util_sum', '0'),
		row('se.avg.load_avg', '0'), row('se.avg.runnable_avg', '0'), row('se.avg.util_avg', '0'), row('se.avg.last_update_time', '0'),
		row('se.avg.util_est.ewma', '0'), row('se.avg.util_est.enqueued', '0'),
		row('policy', rtMigration ? '1' : '0'), row('prio', String(rtMigration ? 0 : 120 + nice)), row('clock-delta', '0'),
		...(t.kthread ? [] : [row('mm->numa_scan_seq', '0')]), row('numa_pages_migrated', '0'), row('numa_preferred_nid', '-1'), row('total_numa_faults', '0'),
		'current_node=0, numa_group_id=0', 'numa_faults node=0 task_private=0 task_shared=0 group_private=0 group_shared=0'];
	return l.join('\n') + '\n';
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
export function pidEntries(procs: ProcessTable, cpus: number, hook: LookupHook, totalPages: () => number, mounts: () => string = () => '', mountinfo: () => string = () => ''): {list: () => [string, VNode][]; dir: (name: string) => DirNode | undefined} {
	// (a task's directory goes with the task: the map does not keep it alive)
	const dirs = new WeakMap<Task, DirNode>();
	const dirOf = (t: Task): DirNode => {
		let d = dirs.get(t);
		if (!d) {
			d = pidDir(procs, t, cpus, hook, totalPages, mounts, mountinfo);
			dirs.set(t, d);
		}
		return d;
	};
	return {
		list: () => procs.pids().map(pid => [String(pid), dirOf(procs.get(pid)!)]),
		// proc_pid_lookup(): the task of that pid, found without listing the others.
		dir: name => {
			if (!/^[1-9]\d*$/.test(name)) return undefined;
			const t = procs.get(Number(name));
			return t && dirOf(t);
		},
	};
}
