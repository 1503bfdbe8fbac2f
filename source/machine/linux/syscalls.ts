import type {OpenedFd} from './process.js';
import type {Resource, RLimit} from './rlimit.js';
import type {Errno} from '../errno.js';
import type {Vfs} from '../vfs/types.js';
import type {MountRequest, StatFs} from './mounts.js';
import type {ConsoleTty} from './tty.js';

/** sysinfo(2) in bytes (mem_unit 1), as busybox `free` reads it. */
export interface SysInfo {
	uptime: number;
	totalram: number;
	freeram: number;
	sharedram: number;
	bufferram: number;
	totalswap: number;
	freeswap: number;
	procs: number;
}

export interface Utsname {
	sysname: string;
	nodename: string;
	release: string;
	version: string;
	machine: string;
}

/**
 * reboot(2) took the machine down: the calling process never returns, nor does anything else
 * running in this guest. `how` says what the machine does next.
 */
export class MachineDown extends Error {
	constructor(readonly how: 'restart' | 'power-off' | 'halt') {
		super(`machine ${how}`);
	}
}

/**
 * The system calls the simulated userland (busybox, util-linux) may make into the
 * simulated kernel. Userland never sees kernel objects, only these calls and the VFS.
 */
export interface GuestSyscalls {
	vfs: Vfs;
	sysinfo(): SysInfo;
	uname(): Utsname;
	/**
	 * klogctl(SYSLOG_ACTION_READ_ALL): the ring as text, one record per line in the kernel's
	 * format `<level>[%5lu.%06lu] message` (busybox dmesg strips `<level>` unless -r).
	 */
	syslogRead(): string;
	/** klogctl(SYSLOG_ACTION_CLEAR). */
	syslogClear(): void;
	/** klogctl(SYSLOG_ACTION_CONSOLE_LEVEL): `dmesg -n N`. Returns EINVAL text on bad level. */
	syslogConsoleLevel(level: number): 'EINVAL' | undefined;
	/** Wall-clock seconds since the epoch (virtual). */
	time(): number;
	/**
	 * pipe(2): a pipefs inode for the pipe's life; the returned function closes both ends, and
	 * carries the inode's number (`pipe:[ino]` in /proc/<pid>/fd).
	 */
	pipe?(): (() => void) & {ino?: number};
	/**
	 * What the shell set up for task `pid` before it runs its program: the working directory and
	 * descriptors 0-2 after redirections and pipes (/proc/<pid>/cwd and fd show them). Optional.
	 */
	setFiles?(pid: number, files: {cwd: string; stdio: readonly OpenedFd[]}): void;
	/**
	 * Where task `pid` blocks while what it started runs, when not in wait4(): `pipe_read` for a
	 * shell reading a command substitution's output (the pipe `ino`, open on its lowest free
	 * descriptor meanwhile); undefined when that is over. Optional.
	 */
	waitChannel?(pid: number, on: 'pipe_read' | undefined, ino?: number): void;
	/** Seconds since boot (virtual clock). */
	uptime(): number;
	/** The serial console's tty: its termios and window size (tcgetattr(), TIOCGWINSZ, ...). */
	tty?(): ConsoleTty;
	/** nanosleep(): the caller's time passes (the virtual clock moves on). */
	nanosleep?(seconds: number): void;
	/**
	 * The current task runs in the kernel for `ticks` USER_HZ ticks (a program whose system
	 * calls take time that shows: top reading /proc): the clock moves on, and the time is the
	 * task's and its CPU's system time.
	 */
	kernelTime?(ticks: number): void;
	/** The resource limits the console shell inherits from init (a fresh copy each call). */
	rlimits?(): Map<Resource, RLimit>;
	/**
	 * mmap(2) (`mapped`) or munmap(2) by the current task of busybox's 64 KiB copy buffer
	 * (bb_full_fd_action(), after a sendfile(2) that failed). Optional.
	 */
	copyBuffer?(mapped: boolean): void;
	/**
	 * The console shell (pid 1's ash) has run a line read at its prompt: after its first, ash's
	 * heap grows by a page (the lab's trace). Optional.
	 */
	lineDone?(): void;
	/** getpid() of the task in the kernel now: the shell (1), or a program it forked. Optional. */
	getpid?(): number;
	/**
	 * fork() + execve(argv, env) by the current task: the child gets the next pid and is the
	 * current task (what /proc/self resolves to) until {@link exit}. Returns the child's pid.
	 * `newPgrp`: the child leads a process group of its own (a shell with job control forked it),
	 * or joins the group of that number (a later stage of a pipeline the shell runs as a job).
	 * `rlimits`: the child's limits (the forking shell's own), else its parent task's.
	 * `noexec`: the child runs that applet without execve() (busybox's NOEXEC applets): it keeps
	 * its parent's argv, and set_task_comm() names it after the applet. `exe`: the file execve()
	 * is given, when its path walk matters: `/proc/self/exe` for an applet ash runs by name
	 * (FEATURE_SH_STANDALONE re-execs busybox so).
	 */
	fork?(argv: readonly string[], env?: readonly string[], newPgrp?: boolean | number, rlimits?: ReadonlyMap<Resource, RLimit>, noexec?: string, exe?: string): number;
	/**
	 * execve(argv) by the current task (a forked subshell running its last command in place):
	 * its command line and name become the program's; `noexec`: the applet runs without execve(),
	 * the task keeps its command line and takes the applet's name; `exe` as for {@link fork}.
	 */
	execve?(argv: readonly string[], noexec?: string, exe?: string): void;
	/**
	 * The shell waits for its next line: the one CPU idles, and RCU's grace period ends (the
	 * objects freed by call_rcu() since go back to their caches). Optional.
	 */
	idle?(): void;
	/** The scheduler runs `pid` next: it is the current task (what /proc/self resolves to). */
	schedule?(pid: number): void;
	/** setrlimit() of the current task. */
	setrlimit?(resource: Resource, limit: RLimit): void;
	/** exit() of a forked task and its parent's wait(): the parent is current again. */
	exit?(pid: number): void;
	/**
	 * kill(2) by the current task (see ProcessTable.kill): ESRCH when no task matched, ENOSYS
	 * for a stop signal to a process that would stop (not simulated).
	 */
	kill?(pid: number, sig: number): 'ESRCH' | 'ENOSYS' | undefined;
	/** The signals queued for task `pid` since it last looked; the task acts on them now. */
	takeSignals?(pid: number): number[];
	/**
	 * mount(2): a tmpfs on a directory, or a remount with new flags and limits; ENOSYS for a
	 * filesystem type the kernel has but memhp does not model. Optional.
	 */
	mount?(req: MountRequest): Errno | undefined;
	/** umount(2); `cwds`: the working directories of the running tasks (EBUSY inside). Optional. */
	umount?(target: string, cwds: readonly string[]): Errno | undefined;
	/**
	 * reboot(2) with LINUX_REBOOT_CMD_RESTART, _POWER_OFF or _HALT: the kernel says so on the
	 * console and never returns (throws MachineDown). Optional.
	 */
	reboot?(how: 'restart' | 'power-off' | 'halt'): never;
	/** statfs(2) of the filesystem holding `path` (with its s_dev, the st_dev of its files). Optional. */
	statfs?(path: string): StatFs | Errno;
	/** swapon(2) of a file or block device. Optional. */
	swapon?(path: string): Errno | undefined;
	/** swapoff(2). Optional. */
	swapoff?(path: string): Errno | undefined;
}
