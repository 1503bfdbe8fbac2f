import {isErrno, strerror, type Errno} from '../errno.js';
import type {GuestSyscalls} from '../linux/syscalls.js';
import {isUnquotedLiteral, literalText, type Node, type Redir, type Word} from './ast.js';
import {expandAssign, expandPattern, expandString, expandWords, ShellError, type ExpandEnv} from './expand.js';
import {fnmatch} from './glob.js';
import {parse} from './parser.js';
import {absPath, ConsoleInput, Interrupted, WaitsForever, PipeClosed, QuitPipe, ShownOutput, type PipeReader, STDIO_BUFSIZ, sync, DEFAULT_PATH, FileSink, NeedConsoleInput, PipeSink, readFile, readOffset, readRest, setReadOffset, stringSource, TTY_IN, TtyQuit, type Proc, type Sink, type Source} from './proc.js';
import {BUILTINS, SPECIAL_BUILTINS} from './builtins.js';
import {APPLET_NAMES} from '../vfs/applets.js';
import {catCopiesStdinFirst} from './applets/fileutils.js';
import {readsKmsg} from './applets/kmsg-readers.js';
import {grepReadLimit} from './applets/grep.js';
import {sedReadLimit} from './applets/sed.js';
import {awkReadLimit} from './applets/awk/read-limit.js';
import {headQuota} from './applets/text/headtail.js';
import {bytesOf} from '../vfs/utf8.js';
import type {Resource, RLimit} from '../linux/rlimit.js';
import type {OpenedFd} from '../linux/process.js';
import {BINARIES, findProgram, pathLookup, type Found} from './path.js';
import {PipePreview, runsAhead, writesAsItGoes, type PreviewHost, type PreviewStage} from './pipe-preview.js';
import {nextRandom, seedFromString, seedRandom, type RandomState} from './random.js';
import {defaultAction, getSigname, SIGINT, SIGKILL, SIGPIPE, SIGQUIT, SIGTERM, strsignal} from './signals.js';
import {commandText} from './cmdtxt.js';
import {BB_BANNER_TEXT} from './bb-version.js';
import {usageText} from './getopt.js';

/**
 * busybox 1.35's applets marked APPLET_NOEXEC or APPLET_NOFORK (Debian's static build: no
 * FEATURE_SH_NOFORK, so NOFORK ones are forked too): ash runs them in the forked child without
 * execve(). Those that are ash builtins ([, echo, kill, printf, pwd, test, true ...) never get here.
 */
const NOEXEC_APPLETS: ReadonlySet<string> = new Set(['[', '[[', 'add-shell', 'addgroup', 'adduser', 'adjtimex', 'arch', 'awk', 'basename', 'blkdiscard', 'blkid', 'blockdev', 'brctl', 'cal', 'chattr', 'chgrp', 'chmod', 'chown', 'chpst', 'chroot', 'chrt', 'chvt', 'cksum', 'clear', 'cp', 'crc32', 'cryptpw', 'cttyhack', 'cut', 'date', 'dd', 'deallocvt', 'delgroup', 'deluser', 'df', 'dirname', 'dnsdomainname', 'dos2unix', 'dumpkmap', 'dumpleases', 'echo', 'env', 'envdir', 'envuidgid', 'expr', 'false', 'fatattr', 'fgconsole', 'find', 'fold', 'free', 'freeramdisk', 'fsfreeze', 'fstrim', 'fsync', 'getopt', 'groups', 'hd', 'head', 'hexdump', 'hostid', 'hostname', 'id', 'ifenslave', 'ionice', 'ip', 'ipaddr', 'ipcalc', 'ipcrm', 'ipcs', 'iplink', 'ipneigh', 'iproute', 'iprule', 'iptunnel', 'kbd_mode', 'kill', 'killall5', 'killall', 'link', 'linux32', 'linux64', 'ln', 'loadfont', 'loadkmap', 'logname', 'losetup', 'ls', 'lsattr', 'lspci', 'lsscsi', 'lsusb', 'makedevs', 'md5sum', 'mesg', 'minips', 'mkdir', 'mkfifo', 'mknod', 'mkpasswd', 'mktemp', 'modinfo', 'mountpoint', 'mv', 'nameif', 'nbd-client', 'nice', 'nohup', 'nproc', 'nuke', 'partprobe', 'paste', 'pivot_root', 'printenv', 'printf', 'ps', 'pstree', 'pwd', 'pwdx', 'raidautorun', 'rdev', 'readlink', 'realpath', 'remove-shell', 'renice', 'reset', 'resize', 'resume', 'rm', 'rmdir', 'runlevel', 'seq', 'setarch', 'setconsole', 'setfattr', 'setfont', 'setkeycodes', 'setlogcons', 'setserial', 'setuidgid', 'sha1sum', 'sha256sum', 'sha3sum', 'sha512sum', 'shuf', 'softlimit', 'sort', 'stat', 'stty', 'sulogin', 'sv', 'svc', 'svok', 'sync', 'sysctl', 'tac', 'taskset', 'test', 'touch', 'true', 'truncate', 'tty', 'ttysize', 'tunctl', 'tune2fs', 'umount', 'uname', 'unix2dos', 'unlink', 'uptime', 'users', 'usleep', 'vconfig', 'w', 'which', 'who', 'whoami', 'xargs', 'xxd', 'yes']);

/**
 * FEATURE_SH_STANDALONE: tryexec() runs an applet found by name (no slash) as
 * execve(bb_busybox_exec_path), CONFIG_BUSYBOX_EXEC_PATH being /proc/self/exe; a name with a
 * slash, or a program that is no applet (lsmem), is execve()d by its path.
 */
const SELF_EXE = '/proc/self/exe';
/** The file execve() is given for command `name` (none for a NOEXEC applet, which is not execve()d). */
function standaloneExe(name: string, noexec?: string): string | undefined {
	return noexec === undefined && !name.includes('/') && APPLET_NAMES.has(name) ? SELF_EXE : undefined;
}

/** Of those, the NOFORK ones: spawn_and_wait() (xargs, find -exec) runs them in-process, no fork at all. */
const NOFORK_APPLETS: ReadonlySet<string> = new Set(['[', '[[', 'adjtimex', 'arch', 'basename', 'clear', 'dirname', 'echo', 'false', 'free', 'fsync', 'hostid', 'kill', 'killall5', 'killall', 'link', 'logname', 'mesg', 'mkdir', 'nproc', 'pivot_root', 'printenv', 'printf', 'pwd', 'pwdx', 'readlink', 'realpath', 'rmdir', 'sync', 'test', 'touch', 'true', 'truncate', 'tty', 'ttysize', 'uname', 'unlink', 'usleep', 'which', 'whoami']);

/** A word whose expansion runs nothing and assigns nothing: no `$(...)`, `$((...))` or `${x=y}`. */
function pureWord(word: Word): boolean {
	return word.every(p => p.k === 'lit' || (p.k === 'var' && !p.op?.includes('=') && (!p.arg || pureWord(p.arg)) && (!p.repl || pureWord(p.repl))));
}

/** What ash prints as an interactive shell starts (ash_main(): bb_banner, then the help hint). */
export const ASH_BANNER = `\n\n${BB_BANNER_TEXT} built-in shell (ash)\n` +
	"Enter 'help' for a list of built-in commands.\n\n";

/** Largest variable value or single write memhp keeps (16 Mi characters). */
export const MAX_DATA_CHARS = 1 << 24;

/** Runaway-loop bound: commands (and applet work units) per input line. */
export const STEP_BUDGET = 100_000;

export class StepLimit extends Error {}
export class ExitShell extends Error {
	constructor(readonly status: number) {
		super('exit');
	}
}
/**
 * The shell process `pid` dies of signal `sig` (its default action, no trap): evaluation unwinds
 * to where that shell runs, which ends with status 128 + sig and no EXIT trap.
 */
export class KilledBySignal extends Error {
	constructor(readonly pid: number, readonly sig: number) {
		super('killed');
	}
}
export {Interrupted, TtyQuit, WaitsForever};
/** timeout(1)'s watchdog signalled the process that set it (`owner`, its Proc): it dies of `sig`. */
class WatchdogKill extends Error {
	constructor(readonly owner: object, readonly sig: number) {
		super('watchdog');
	}
}
/**
 * A timer that signals a process after some of the guest's time (timeout(1)'s watchdog): `at`
 * on the clock its sleeps run on (the guest's uptime, or the background job's own time), then
 * SIGKILL at `killAt` (`-k`) when the first signal did not end it.
 */
interface Watchdog {
	owner: object;
	at: number;
	sig: number;
	killAt?: number;
	fired?: boolean;
	/** The background job whose time it counts (undefined: the console's). */
	linger: Linger | undefined;
	/** The setter's name and stderr, for what memhp says of a signal it does not simulate. */
	name: string;
	err: (s: string) => void;
}
export class LoopCtl extends Error {
	constructor(readonly kind: 'break' | 'continue', public count: number) {
		super(kind);
	}
}
export class ReturnCtl extends Error {
	constructor(readonly status: number) {
		super('return');
	}
}

/**
 * A child ash that reads its commands from the terminal (`sh` typed on the console), as
 * procargs() and init() leave it: the process that runs it asks whoever feeds the shell its
 * input for the console's further lines, until the child exits.
 */
export interface ChildAsh {
	state: ShellState;
	/** set's options (-e, -x, ... given on its command line). */
	opts: Set<string>;
	/** $-'s s, m, i and c letters. */
	mode: string;
	/** iflag: a prompt, the banner, $ENV; without it the lines are read silently (`sh > FILE`). */
	interactive: boolean;
	/** `-l`: /etc/profile and $HOME/.profile are read first. */
	login: boolean;
	umask: number;
	/** Where the child's own output goes (the terminal unless the `sh` command redirected it). */
	stdout: Sink;
	stderr: Sink;
}

/**
 * A program reading the console (its stdin the terminal) found nothing more typed: it waits in
 * read(2) for the next line, or for Ctrl-D (end of file).
 */
export interface TtyRead {
	tty: 'read';
	/** The program waiting (its name as ps shows it: a builtin's own name). */
	name: string;
	/** It reads keys in non-canonical mode (more, top, read -n): each key goes to it as typed. */
	raw?: boolean;
	/** The terminal's echo is off (more, top, read -s): what is typed is not shown. */
	noEcho?: boolean;
	/**
	 * It waits at most this many seconds of real time (top's delay, watch's interval), resumed
	 * with '' when they pass, where the front end runs in real time (the screen; Shell.realtime).
	 * Elsewhere (replay) the wait is for input alone, or with `noInput` (watch reads none) it is
	 * resumed at once with undefined, as where nothing can wait.
	 */
	timeout?: number;
	noInput?: boolean;
	/** Replay ends the wait at once as timed out ('' ): read -t, whose time passes with nothing typed. */
	expires?: boolean;
	/**
	 * The waiting process ignores SIGQUIT: ash itself where it is not a forked subshell (the
	 * interactive shell's `read`, a child sh), or a program started with it ignored (`trap '' QUIT`).
	 */
	ignoresQuit?: boolean;
	/**
	 * The terminal's signal characters reach it as keys: ISIG off (top), or Ctrl-Z whose SIGTSTP
	 * handler memhp runs as a key (vi's), `'tstp'`.
	 */
	signalKeys?: 'all' | 'tstp';
}

/**
 * Evaluation that can wait for the console: a command starting a child ash that reads the
 * terminal yields it, and is resumed with the child's exit status; a program waiting for a line
 * typed on the console yields a TtyRead, and is resumed with the line (its newline included) or
 * null for end of file. Where the console cannot be handed over (see {@link sync}) either is
 * resumed with undefined.
 */
export type Run<T = number> = Generator<ChildAsh | TtyRead, T, number | string | null | undefined>;

export interface Var {
	value: string;
	exported: boolean;
	readonly?: boolean;
	/** Declared by export/readonly without a value: still unset for expansions. */
	unset?: boolean;
}

/** Everything a subshell copies: variables, cwd, functions, positional parameters. */
export interface ShellState {
	vars: Map<string, Var>;
	cwd: string;
	functions: Map<string, Node>;
	positional: string[];
	status: number;
	/** $0 when it is not the console shell's `sh` (a script's name, sh -c's NAME). */
	arg0?: string;
	/** $$ of a child shell (the console shell is pid 1). */
	pid?: number;
	/** $!: the process id of the last background job. */
	lastBg?: number;
	/**
	 * getopts' place (ash's shellparam.optind and optoff): the next argument, and the offset in
	 * the previous one still being taken apart (-1: none). Undefined: 1 and -1.
	 */
	optind?: number;
	optoff?: number;
	/** The shell's resource limits once `ulimit` looked at them (init's until then). */
	limits?: Map<Resource, RLimit>;
}

/**
 * A background job (ash's struct job). Commands run one after another here, so a job's commands
 * have run when `&` returns; what they slept is the job's own time: its process lives on,
 * Running, until the virtual clock has passed it or a signal kills it. It stays in the table
 * until it is reported (the `Done` notice before the next prompt, `jobs`), waited for or brought
 * to the foreground.
 *
 * On one CPU the forked child does not run before the shell blocks (the scheduler puts a new
 * task behind its parent): until the shell waits for something (a foreground program, `wait`, the
 * next line) the job is "fresh" (its Linger's `epoch` is the shell's blockEpoch): its terminal output is held
 * back, the prompt's notice and `jobs` still see it Running, and a signal the interactive shell
 * ignores (SIGTERM, SIGQUIT), which the child has not reset yet, is lost (the lab, s50/r37 e13:
 * `echo a & echo b` prints b first; `true &` is reported at the prompt after the next line;
 * `sleep 100 & kill $!; wait $!` waits the 100 seconds, status 0).
 */
export interface Job {
	num: number;
	/** Its processes (one per pipeline stage), first the process group leader. */
	pids: number[];
	/**
	 * commandtext() of each process, kept by forkparent() only for a job made under job control
	 * (`doing_jobctl`): in `sh -c 'sleep 1 & jobs'` they are empty (`Running` and nothing after).
	 */
	texts: string[];
	/** Made under job control (set -m, the console's shell): fg and bg take only such jobs. */
	jobctl: boolean;
	/** The last process's exit status, or the signal that killed it. */
	status: number;
	signal?: number;
	/** While the job runs: its processes, asleep until the uptime `endsAt` (seconds). */
	live?: number[];
	endsAt?: number;
	/** How it started (its terminal output still to come; the shell's blockEpoch then). */
	linger: Linger;
	/** The shell's reap count when its processes ended: while equal they are zombies (zombie()). */
	endedAt?: number;
	/**
	 * A signal is ending it, but its process has not exited yet (it had not run, or it runs on
	 * another CPU): the dowait() of a `wait` for it collects it and says how it died.
	 */
	dying?: boolean;
}

/**
 * A background job as it starts: the shell forking it, what its commands slept, a pipeline's
 * stages (which pipeline() reports its processes for) and the processes kept asleep.
 */
interface Linger {
	shell: number;
	sleep: number;
	pipe?: readonly Node[];
	stages?: number[];
	live?: number[];
	/** A signal killed the job before the time of some of its terminal output (which is dropped). */
	killed?: boolean;
	/** The shell's blockEpoch when the job started: while they are equal the child has not run. */
	epoch: number;
}

/** Terminal output a background job wrote after sleeping: due on the virtual clock at `at`. */
interface LaterOutput {
	at: number;
	sink: Sink;
	text: string;
	job: Linger;
}

export interface IO {
	stdin: Source;
	stdout: Sink;
	stderr: Sink;
	/** Descriptors 3 and up that redirections opened (`3<<EOF`, `3<file`, `4>&1`). */
	fds?: ReadonlyMap<number, Source | Sink>;
	/** A pipeline stage the writer before it let run (PipePreview): what it printed on the terminal then. */
	shown?: ShownOutput;
}

const isSink = (f: Source | Sink): f is Sink => 'write' in f;
/** A descriptor read after `<&-` (or one open only for writing): nothing comes. */
const NO_INPUT: Source = {tty: false, read: () => ''};
/** The terminal init opened the console shell's descriptors on. */
const CONSOLE = '/dev/ttyS0';
/** A descriptor written after `>&-` (or one open only for reading). */
const BAD_OUTPUT: Sink = {kind: 'pipe', write: () => 'EBADF'};

/** A pipeline stage's program, known before the stage runs (Interp.stageProgram()). */
interface StageProgram {
	argv: string[];
	found: Extract<Found, {kind: 'applet'}> & {program: NonNullable<Extract<Found, {kind: 'applet'}>['program']>};
}

/** ash's VDYNAMIC variables. */
const DYNAMIC_VARS = ['LINENO', 'FUNCNAME', 'RANDOM'];

/** The simple command a list ends with (the one a -c string evaluates with EV_EXIT), if it ends so. */
function lastSimple(node: Node): Extract<Node, {t: 'simple'}> | undefined {
	while (node.t === 'list' && node.items.length) node = node.items[node.items.length - 1]!;
	return node.t === 'simple' ? node : undefined;
}

/** Evaluates syntax trees (ash's evaltree) against one shell state. */
export class Interp {
	steps = 0;
	history: string[] = [];
	loopDepth = 0;
	/** One frame per running function: the outer values of its `local` variables. */
	locals: Map<string, Var | undefined>[] = [];
	/** ash's cmdtable: commands the $PATH search found, by name, where (`hash`, `hash -r`). */
	readonly cmdtable = new Map<string, string>();
	/** Lines the console had given before the command running now (ash's plinno). */
	consoleBase = 0;
	/** The functions running, innermost last ($FUNCNAME). */
	private readonly funcNames: string[] = [];
	/**
	 * ash's VDYNAMIC variables that are still dynamic: LINENO and FUNCNAME until assigned or
	 * unset, RANDOM until unset (an assignment seeds it). A subshell has its own copy.
	 */
	dynamicVars = new Set(DYNAMIC_VARS);

	/** What a command's line number within its chunk of input is counted from. */
	private lineBase(): number {
		return this.ctx[this.ctx.length - 1]?.base ?? this.consoleBase;
	}

	/** Where each function was defined: the base of its commands' line numbers. */
	private readonly funcBase = new WeakMap<Node, number>();
	/**
	 * What ash's error messages start with: commandname (`eval`, a `.` file's name) and, while
	 * a file is read, `line N:` of the running command (ash_vmsg). `input`: the shell's own input
	 * (a `sh -c` string, a script, stdin, a `.` file), not an eval string.
	 */
	private ctx: {prefix: string; file: boolean; base: number; after?: number; input?: boolean}[] = [];
	private curLine = 0;
	/** `set` options by letter (e, f, u, x, C, a, v, n, ...); a subshell gets a copy. */
	opts = new Set<string>();
	/**
	 * $-'s letters for how the shell was started: s (commands from stdin), m and i (an
	 * interactive shell), c (sh -c). The console shell (setsid cttyhack sh) has s, m and i.
	 */
	mode = 'smi';
	/** The shell's own stdout and stderr when they are not the terminal (a child started as `sh > FILE`). */
	stdio: {stdout: Sink; stderr: Sink} | undefined;
	/** What `exec` with only redirections made the shell's streams and descriptors. */
	permanent: IO | undefined;
	/** $RANDOM's generator (seeded at its first use, or by an assignment); `unset RANDOM` ends it. */
	random: RandomState | undefined;
	/** Subshells entered that memhp runs without a task of their own (0: the shell is the current task). */
	private tasklessSubshells = 0;
	/** alias table; `lineAliases` is the table as it was when the running input was parsed. */
	aliases = new Map<string, string>();
	lineAliases = new Map<string, string>();
	/** trap actions by signal number (0 is EXIT); an empty action ignores the signal. */
	traps = new Map<number, string>();
	private ownUmask = 0o022;
	/** The shell's umask; the VFS masks creation modes with it (it is the running task's). */
	get umask(): number {
		return this.ownUmask;
	}
	set umask(v: number) {
		this.ownUmask = v;
		this.sys.vfs.umask = v;
	}
	/** The stdin of the running builtin (`read` consumes it line by line). */
	curStdin: Source = TTY_IN;
	/** The running builtin's descriptors 3 and up (`read -u 3`). */
	curFds: IO['fds'];
	/** Set by `command NAME`: the next simple command does not look up functions or aliases. */
	skipFunctions = false;
	private activeAliases = new Set<string>();
	/** The signal that killed the child shell this shell just waited for (ash reports it as it reaps the job). */
	childSignal: number | undefined;
	/** The simple command about to run is a pipeline stage other than the last: it is the forked stage itself. */
	private stageExec = false;
	/**
	 * The terminal's SIGQUIT reached the foreground job during this command line (Ctrl-\ while
	 * one of its programs waited, deliverQuit()). The forked subshells running then die of it
	 * (forkedFrames); the job's processes memhp runs only afterwards, a pipeline's later stages
	 * (real ones run at the same time), die where they were blocked when it came: reading their
	 * pipe past what the stage before wrote (QuitPipe), waiting on the console or a timer. The
	 * shell that ignores SIGQUIT forgets it once the command is done (eval()).
	 */
	quitGroup = false;
	/**
	 * The forked subshells (pipeline stages, `( )`) running now, innermost last: whether SIGQUIT
	 * reached each, and whether its process became the program it runs (execve() in place: then
	 * the program's fate is the process's).
	 */
	private forkedFrames: {quit: boolean; execed: boolean}[] = [];
	/**
	 * Whether the last simple command that ran was a program (fork and execve()) rather than a
	 * builtin, a function or assignments: a forked subshell whose last command is a program
	 * execs it in its own process (ash's EV_EXIT), any other keeps a process of its own.
	 */
	private lastRanProgram = false;
	/**
	 * The process of a forked subshell whose one command is a simple command (a pipeline stage,
	 * `( cmd )`, `$( cmd )`): a program it runs is execve()d in that process (ash's EV_EXIT),
	 * taken by the first exec() at that level.
	 */
	private execInto: number | undefined;
	/** The process a `( ... )` runs in when it is all of a forked subshell's command. */
	private subshellInto: number | undefined;
	/**
	 * A `sh -c` child's process and its string: the simple command that ends the string (once
	 * runLines() has parsed its last part) execs in that process (evalstring()'s EV_EXIT).
	 */
	private evExit: {pid: number; text: string; node?: Node} | undefined;
	/**
	 * How many times the shell has waited for a child (a forked program, a subshell): while it
	 * waits, the other stages of a pipeline it writes to get to run (PipeSink.reader).
	 */
	childWaits = 0;
	/** Pipeline stages forkStages() already exec'ed: running, they do not exec again. */
	private readonly execedStages = new Set<number>();
	/** The signal that killed such a forked command (nobody reports it; a background job keeps it). */
	private stageSignal: number | undefined;
	/** Watchdogs set by running programs (timeout), innermost last. */
	private watchdogs: Watchdog[] = [];
	/** The pipelines on the terminal whose writer stage is running now, innermost last: their readers' run ahead (PipePreview, where they can). */
	private readonly previews: (() => void)[] = [];
	/** The signal a watchdog killed the last program runProgram() ran with (exec() reports it). */
	private programSignal: number | undefined;
	/** This shell's jobs, oldest first (the last one is the current job, `%+`). */
	jobs: Job[] = [];
	/** >0 while a background job runs: it does not hold the shell up (sleep takes no time). */
	private background = 0;
	/** The background job being started (what its commands slept, the processes it keeps). */
	private linger: Linger | undefined;
	/** Sleeping processes of jobs a subshell left behind: reparented to init, which reaps them. */
	private orphans: {live: number[]; endsAt: number; job?: Linger}[] = [];
	/** What background jobs wrote to the terminal after their sleeps, in the order written. */
	private laterOutput: LaterOutput[] = [];
	/**
	 * Counts the times this shell blocked (waited for a child, read a line): a job started since
	 * the last one has not run yet (Linger.epoch).
	 */
	private blockEpoch = 0;
	/** Counts the shell's dowait() sweeps that reap every child that has ended (zombie()). */
	private reaps = 0;
	/** What fresh jobs wrote to the terminal: it comes out when the shell next blocks. */
	private freshOutput: {sink: Sink; text: string; job: Linger}[] = [];
	/** While a background simple command runs: the process its exec forks is the job's. */
	private jobPid: {pid?: number} | undefined;
	/** >0 while evaluating a condition (if/while/until, && || operands, !): set -e ignores failures. */
	private tested = 0;
	private substStatus = 0;

	constructor(
		readonly sys: GuestSyscalls,
		public state: ShellState,
		readonly tty: Sink,
		readonly columns: number,
		/** The console as stdin (shared by the shells on it: the innermost one has it). */
		readonly consoleIn: ConsoleInput,
	) {}

	/**
	 * The prefix of a message the shell itself prints now (`sh: `, `sh: eval: `, ...).
	 * `reader`: the line ash's reader is on (past the commands read so far), which its
	 * syntax errors found while expanding name.
	 */
	msgPrefix(reader = false): string {
		const top = this.ctx[this.ctx.length - 1];
		if (!top) return 'sh: ';
		return top.prefix + (top.file ? `line ${reader && top.after !== undefined ? top.after : this.curLine}: ` : '');
	}

	/** Runs fn with messages prefixed for eval or a `.` file; errors raised inside keep that prefix. */
	private *withCtx(prefix: string, file: boolean, body: Run, input = false): Run {
		const savedLine = this.curLine;
		// (an eval string's lines go on from the line of the eval)
		this.ctx.push({prefix, file, base: input ? 0 : this.curLine - 1, input});
		try {
			return yield* body;
		} catch (e) {
			if (e instanceof ShellError && e.prefix === undefined) e.prefix = this.msgPrefix(e.reader);
			throw e;
		} finally {
			this.ctx.pop();
			this.curLine = savedLine;
		}
	}

	/**
	 * eval: the whole string is parsed first, then run; errors say `sh: eval: ` ($0 and the
	 * builtin, as ash_vmsg() has commandname), and where the shell reads a file or a -c string
	 * the line too, counted on from the eval's (`sh: eval: line 0: syntax error: ...`,
	 * `/tmp/e.sh: eval: line 3: ...`).
	 */
	evalString(text: string, io: IO): Run {
		return this.withCtx(`${this.state.arg0 ?? 'sh'}: eval: `, this.ctx.some(c => c.input), this.evalText(text, io));
	}

	private *evalText(text: string, io: IO): Run {
		const parsed = parse(text);
		if (!parsed.ok) throw new ShellError(parsed.message);
		const saved = this.lineAliases;
		this.lineAliases = new Map(this.aliases);
		try {
			return yield* this.eval(parsed.node, io);
		} finally {
			this.lineAliases = saved;
		}
	}

	/**
	 * A file read by `.` or run as a script: like ash, one complete command at a time is parsed
	 * and run (output before a syntax error appears), and messages carry `line N:`.
	 */
	runFile(text: string, prefix: string, io: IO, lineBase = 0, file = true, fromFd = true): Run {
		return this.withCtx(prefix, file, this.runLines(text, io, lineBase, fromFd), true);
	}

	/**
	 * `fromFd`: the text is read from a file or pipe, whose lines set -v echoes on stderr as the
	 * reader takes them (a -c string is no such input: `sh -v -c 'echo x'` prints only x).
	 */
	private *runLines(text: string, io: IO, lineBase: number, fromFd: boolean): Run {
		const evExit = this.evExit?.text === text ? this.evExit : undefined;
		const top = this.ctx[this.ctx.length - 1]!;
		const lines = text.split('\n');
		if (text.endsWith('\n')) lines.pop();
		let st = 0;
		let start = 0;
		while (start < lines.length) {
			let end = start;
			let parsed: ReturnType<typeof parse>;
			for (;;) {
				this.tick();
				// Until the last line a here-document may still find its delimiter further on.
				const last = end + 1 >= lines.length;
				parsed = parse(lines.slice(start, end + 1).join('\n') + '\n', {partial: !last, addedNewline: last && !text.endsWith('\n')});
				if (!parsed.ok && parsed.incomplete && !last) {
					end++;
					continue;
				}
				break;
			}
			if (fromFd && this.opts.has('v')) io.stderr.write(lines.slice(start, end + 1).map(l => `${l}\n`).join(''));
			if (!parsed.ok) {
				// A newline that is the error has been read: ash's reader is on the next line.
				this.curLine = parsed.line !== undefined ? start + parsed.line
					: parsed.incomplete && text.endsWith('\n') ? lines.length + 1
					: end + (parsed.message.startsWith('syntax error: unexpected newline') ? 2 : 1);
				throw new ShellError(parsed.message);
			}
			top.base = start + lineBase;
			top.after = end + 2 + lineBase;
			if (evExit && end + 1 >= lines.length) evExit.node = lastSimple(parsed.node);
			const savedAliases = this.lineAliases;
			this.lineAliases = new Map(this.aliases);
			try {
				st = yield* this.eval(parsed.node, io);
			} finally {
				this.lineAliases = savedAliases;
			}
			start = end + 1;
		}
		return st;
	}

	tick(n = 1): void {
		this.steps += n;
		if (this.steps > STEP_BUDGET) throw new StepLimit();
	}

	getVar(name: string): string | undefined {
		if (name === '?') return String(this.state.status);
		if (name === '$') return String(this.state.pid ?? 1);
		if (name === '!') return this.state.lastBg === undefined ? '' : String(this.state.lastBg);
		if (name === '0') return this.state.arg0 ?? 'sh';
		// ash lists optlist backwards, after the c of sh -c.
		if (name === '-') return (this.mode.includes('c') ? 'c' : '') + [...'EubaCvxsnmiIfe'].filter(c => this.mode.includes(c) || this.opts.has(c)).join('');
		if (name === 'PWD') return this.state.vars.get('PWD')?.value ?? this.state.cwd;
		// ash's lineno: from 0 in `sh -c`, from 1 in a script, a `.` file, stdin and on the console
		if (name === 'LINENO' && this.dynamicVars.has(name)) return String(this.curLine);
		if (name === 'FUNCNAME' && this.dynamicVars.has(name)) return this.funcNames[this.funcNames.length - 1] ?? '';
		if (name === 'RANDOM' && this.dynamicVars.has(name)) {
			// INIT_RANDOM_T(rnd, getpid(), monotonic_us()) at the first use
			this.random ??= seedRandom(this.state.pid ?? 1, Math.floor(this.sys.uptime() * 1e6) >>> 0);
			return String(nextRandom(this.random));
		}
		const v = this.state.vars.get(name);
		return v && !v.unset ? v.value : undefined;
	}

	setVar(name: string, value: string, exported?: boolean): void {
		// A real guest's ash would meet the OOM killer; stopping here keeps memhp's own memory
		// bounded (Shell.run reports the RangeError as "out of memory").
		if (value.length > MAX_DATA_CHARS) throw new RangeError('out of memory');
		const v = this.state.vars.get(name);
		if (v?.readonly) throw new ShellError(`${name}: is read only`);
		this.state.vars.set(name, {value, exported: exported ?? v?.exported ?? false, readonly: v?.readonly});
		// changepath(): a new PATH makes the remembered places stale
		if (name === 'PATH') this.cmdtable.clear();
		// change_random(): an assignment seeds $RANDOM; LINENO and FUNCNAME become plain variables
		if (name !== 'RANDOM') this.dynamicVars.delete(name);
		else if (this.dynamicVars.has(name)) this.random = seedFromString(value);
		// getoptsreset(): assigning OPTIND starts getopts over at that argument
		if (name === 'OPTIND') {
			const n = /^\d+$/.test(value) ? Number(value) : 0;
			this.state.optind = n || 1;
			this.state.optoff = -1;
		}
	}

	/**
	 * The environment a program execs with: the exported variables (or `base`, what a program
	 * such as `env -i` gave it), plus `extra`.
	 */
	exportedEnv(extra?: Map<string, string>, base?: ReadonlyMap<string, string>): Map<string, string> {
		if (base) {
			const env = new Map<string, string>(base);
			if (extra) for (const [k, v] of extra) env.set(k, v);
			return env;
		}
		const entries: [string, string][] = [];
		for (const [k, v] of this.state.vars) if (v.exported && !v.unset && !extra?.has(k)) entries.push([k, v.value]);
		if (extra) entries.push(...extra);
		// listvars(): ash builds environ by walking its variable hash table, bucket by bucket
		// (each bucket in the order its variables were made), so `env` lists SHLVL before PATH
		entries.sort((a, b) => varBucket(a[0]) - varBucket(b[0]));
		return new Map(entries);
	}

	expandEnv(io: IO): ExpandEnv {
		return {
			vfs: this.sys.vfs,
			cwd: () => this.state.cwd,
			getVar: n => this.getVar(n),
			setVar: (n, v) => this.setVar(n, v),
			positional: () => this.state.positional,
			commandSubst: (src, node) => this.commandSubst(src, io, node),
			tick: () => this.tick(),
			opt: c => this.opts.has(c),
		};
	}

	/** `$(...)`: a subshell whose stdout is captured. */
	commandSubst(src: string, io: IO, node?: Node): string {
		let body = node;
		if (!body) {
			const parsed = parse(src);
			if (!parsed.ok) throw new ShellError(parsed.message);
			body = parsed.node;
		}
		const tree = body;
		const pipe = new PipeSink();
		// Its output is being captured: a child ash there cannot have the console (sync).
		const cio: IO = {stdin: io.stdin, stdout: pipe, stderr: io.stderr};
		const close = this.sys.pipe?.();
		pipe.ino = close?.ino;
		// evalbackcmd() then readtoken(): the shell reads the pipe while the subshell runs.
		const reader = this.sys.getpid?.();
		if (reader !== undefined) this.sys.waitChannel?.(reader, 'pipe_read', close?.ino);
		try {
			this.substStatus = sync(this.forkedSubshell(tree, () => this.eval(tree, cio), cio));
		} finally {
			close?.();
			if (reader !== undefined) this.sys.waitChannel?.(reader, undefined);
		}
		return pipe.data;
	}

	/** Runs a script's or a child shell's commands with their own message context; a shell error ends them. */
	private *runInChildCtx(io: IO, body: Run): Run {
		const saved = this.ctx;
		this.ctx = [];
		try {
			return yield* body;
		} catch (e) {
			if (!(e instanceof ShellError)) throw e;
			io.stderr.write(`${e.prefix ?? 'sh: '}${e.message}\n`);
			return e.status;
		} finally {
			this.ctx = saved;
		}
	}

	/**
	 * `sh ARGS` as a program (ash's procargs() and init()): a new ash process, which knows only
	 * the exported variables. `-c STRING [NAME [ARG...]]` runs STRING with $0 = NAME (messages
	 * `NAME: line 0: `, or `sh: ` without a NAME); `FILE [ARG...]` runs the file ($0 = FILE,
	 * messages `FILE: line N: `; a missing file is `can't open` and status 2); with neither (or
	 * with -s) commands come from standard input: a pipe or file is read to its end, and the
	 * terminal is handed to the child (see {@link ChildAsh}) until it exits. The child is
	 * interactive (banner, prompts, $ENV) with -i, or when it reads the terminal and writes to
	 * it. set's one-letter options may come first (-e, -x, -u, -f, -C, -v); -l makes a login
	 * shell, which reads /etc/profile and $HOME/.profile first. `env` is the environment it gets
	 * (its parent's exported variables, or what `env -i` gave it).
	 */
	private *childShell(argv: string[], io: IO, env: Map<string, string>, pid?: number): Run {
		// (the applet dispatcher: `sh --help` alone is the usage, status 0)
		if (argv.length === 2 && argv[1] === '--help') {
			io.stderr.write(usageText(argv[0]!.slice(argv[0]!.lastIndexOf('/') + 1) === 'ash' ? 'ash' : 'sh'));
			return 0;
		}
		const flags = new Set<string>();
		let minusC = false;
		let iflag = false;
		let login = false;
		let i = 1;
		for (; i < argv.length; i++) {
			const a = argv[i]!;
			if (a === '--' || a === '-') {
				i++;
				break;
			}
			// options(): a long option is read as `--login` or ignored (`sh --help FILE` runs FILE)
			if (a.startsWith('--')) {
				if (a === '--login') login = true;
				continue;
			}
			if (!/^[-+][a-zA-Z]+$/.test(a)) break;
			for (const c of a.slice(1)) {
				if (c === 'c') minusC = true;
				else if ('exufCvns'.includes(c)) {
					if (a[0] === '-') flags.add(c);
				} else if (c === 'i') iflag = a[0] === '-';
				else if (c === 'l') login = true;
				else if (c !== 'm') {
					io.stderr.write(`${argv[0]}: illegal option -${c}\n`);
					return 2;
				}
			}
		}
		const rest = argv.slice(i);
		/** The commands to run; undefined: the terminal's lines, as they are typed. */
		let text: string | undefined;
		// ash's arg0: argv[0] as invoked (`sh`, `/bin/sh`), until a NAME or FILE replaces it.
		let arg0 = argv[0]!;
		let prefix = `${arg0}: `;
		let file = false;
		let lineBase = 0;
		let positional = rest;
		const sflag = !minusC && (!rest.length || flags.has('s'));
		if (minusC) {
			if (!rest.length) {
				io.stderr.write(`${arg0}: -c requires an argument\n`);
				return 2;
			}
			text = rest[0]!;
			positional = rest.slice(2);
			// ash counts the lines of a -c string from 0 ($LINENO, `line N:`)
			lineBase = -1;
			if (rest.length > 1) {
				// commandname is set: messages name the line
				arg0 = rest[1]!;
				prefix = `${arg0}: `;
				file = true;
			}
		} else if (!sflag) {
			let content = readFile(this.sys.vfs, absPath(this.state.cwd, rest[0]!));
			// A directory opens; its first read fails, which ash's input takes as end of file.
			if (content === 'EISDIR') content = '';
			if (isErrno(content)) {
				io.stderr.write(`${arg0}: can't open '${rest[0]}': ${strerror[content]}\n`);
				return 2;
			}
			text = content;
			arg0 = rest[0]!;
			prefix = `${arg0}: `;
			file = true;
			positional = rest.slice(1);
		} else if (!io.stdin.tty) {
			text = readRest(io.stdin);
		}
		// procargs(): iflag by -i, or for commands from a terminal with the output on one.
		const interactive = iflag || (text === undefined && io.stdout.kind === 'tty');
		const mode = `${minusC ? 'c' : ''}${sflag ? 's' : ''}${interactive ? 'mi' : ''}`;
		const vars = new Map<string, Var>();
		for (const [k, v] of env) vars.set(k, {value: v, exported: true});
		// What a new ash sets for itself (init()): defaults, its parent's pid, one more SHLVL.
		for (const [k, v] of [['IFS', ' \t\n'], ['PS1', '\\w \\$ '], ['PS2', '> '], ['PS4', '+ '], ['OPTIND', '1']] as const) {
			if (!vars.has(k)) vars.set(k, {value: v, exported: false});
		}
		// (exported, as `env -i sh -c env` shows: the default PATH and setpwd()'s PWD)
		if (!vars.has('PATH')) vars.set('PATH', {value: DEFAULT_PATH, exported: true});
		if (!vars.has('PWD')) vars.set('PWD', {value: this.state.cwd, exported: true});
		vars.set('PPID', {value: String(this.state.pid ?? 1), exported: vars.get('PPID')?.exported ?? false});
		const shlvl = parseInt(vars.get('SHLVL')?.value ?? '', 10);
		vars.set('SHLVL', {value: String((Number.isNaN(shlvl) ? 0 : shlvl) + 1), exported: true});
		// (limits are inherited across fork and exec)
		const limits = this.state.limits && new Map([...this.state.limits].map(([k, v]) => [k, {...v}]));
		const state: ShellState = {vars, cwd: this.state.cwd, functions: new Map(), positional, status: 0, arg0, pid, limits};
		if (text === undefined) {
			let st: number | string | null | undefined;
			try {
				st = yield {state, opts: flags, mode, interactive, login, umask: this.umask, stdout: io.stdout, stderr: io.stderr};
			} finally {
				// The child has exited: the umask is this shell's again.
				this.sys.vfs.umask = this.umask;
			}
			if (typeof st === 'number') return st;
			// The console cannot wait here (a command substitution, a trap): memhp has no way to
			// pause the command around the child.
			io.stderr.write('memhp: sh: a shell reading the terminal from here is not simulated\n');
			return 127;
		}
		if (interactive) io.stdout.write(ASH_BANNER);
		const commands = text;
		// (the child's descriptors are its own: its exec's redirections stay in it)
		const cio = {...io};
		// evalstring(): the command that ends a -c string is evaluated with EV_EXIT, so a program
		// there is execve()d in the child's own process (`sh -c 'grep ...'` is two tasks, the
		// console shell and grep, not three; `sh -c 'echo hi; ps'` lists `{ps} sh -c ...` alone).
		const savedEvExit = this.evExit;
		this.evExit = minusC && pid !== undefined ? {pid, text: commands} : undefined;
		try {
			return yield* this.subshell(() => this.runChild(state, flags, mode, cio, this.runFile(commands, prefix, cio, lineBase, file, !minusC), interactive && !minusC));
		} finally {
			this.evExit = savedEvExit;
		}
	}

	/**
	 * The child ash of sh -c, sh FILE or `... | sh` (on this interpreter, with the child's state):
	 * its commands, then its EXIT trap. `eofNewline`: an interactive ash prints a newline when its
	 * input ends.
	 */
	private *runChild(state: ShellState, opts: Set<string>, mode: string, io: IO, commands: Run, eofNewline: boolean): Run {
		// (a new ash, which ignores SIGQUIT, not a forked subshell; its line-editing history is
		// its own, empty: `sh -c history` prints nothing)
		const frames = this.forkedFrames;
		const history = this.history;
		this.forkedFrames = [];
		this.history = [];
		try {
			return yield* this.runChildShell(state, opts, mode, io, commands, eofNewline);
		} finally {
			this.forkedFrames = frames;
			this.history = history;
		}
	}

	private *runChildShell(state: ShellState, opts: Set<string>, mode: string, io: IO, commands: Run, eofNewline: boolean): Run {
		// a new shell process: its own task is the current one, its special variables its own
		this.tasklessSubshells = 0;
		this.dynamicVars = new Set(DYNAMIC_VARS);
		this.state = state;
		this.aliases = new Map();
		this.traps = new Map();
		this.opts = opts;
		this.mode = mode;
		let st: number;
		try {
			st = yield* this.runInChildCtx(io, commands);
			if (eofNewline) io.stderr.write('\n');
		} catch (e) {
			if (this.killedHere(e, state)) return 128 + e.sig;
			// (`return` outside a function ends the input being read: the child exits with it)
			if (!(e instanceof ExitShell || e instanceof ReturnCtl)) throw e;
			st = e.status;
		}
		try {
			return yield* this.runExitTrap(io, st);
		} catch (e) {
			if (this.killedHere(e, state)) return 128 + e.sig;
			throw e;
		}
	}

	/**
	 * exitshell(): a child shell's EXIT trap runs once as it exits, on its own output, with $?
	 * its status; an `exit` in it sets the status the child exits with.
	 */
	private *runExitTrap(io: IO, st: number): Run {
		const action = this.traps.get(0);
		if (action === undefined) return st;
		this.traps.delete(0);
		this.state.status = st;
		try {
			yield* this.runInChildCtx(io, this.evalString(action, io));
		} catch (e) {
			if (!(e instanceof ExitShell)) throw e;
			return e.status;
		}
		return st;
	}

	/** Whether the process running shell code now ignores SIGQUIT: ash (not a forked subshell of it) does, and `trap '' QUIT`. */
	private ignoresQuit(): boolean {
		return this.forkedFrames.length === 0 || this.traps.get(SIGQUIT) === '';
	}

	/**
	 * Whether the terminal's SIGQUIT, come while memhp ran the job's earlier stages, reaches what
	 * reads or waits now: a program that keeps its default action (`builtin`: the shell itself,
	 * unless it ignores it); never a background job, forked with it ignored.
	 */
	private quitReaches(builtin = false): boolean {
		if (!this.quitGroup || this.background) return false;
		return builtin ? !this.ignoresQuit() : this.traps.get(SIGQUIT) !== '';
	}

	/** The terminal's SIGQUIT reaches the foreground job: the forked subshells running now too (see quitGroup). */
	deliverQuit(): void {
		this.quitGroup = true;
		for (const frame of this.forkedFrames) if (!frame.execed) frame.quit = true;
	}

	/**
	 * Back in a forked subshell after a command: one that SIGQUIT reached, and that keeps its
	 * default action, is dead, before it could reap that command or run another. (One that
	 * traps it runs its action after the command, quitTrap().)
	 */
	private checkQuit(): void {
		if (!this.forkedFrames[this.forkedFrames.length - 1]?.quit || this.traps.has(SIGQUIT)) return;
		this.childSignal = undefined;
		throw new TtyQuit();
	}

	/** A forked subshell that traps SIGQUIT, reached by it: the action runs once the command is done ($? kept). */
	private *quitTrap(io: IO): Run<void> {
		const frame = this.forkedFrames[this.forkedFrames.length - 1];
		const action = this.traps.get(SIGQUIT);
		if (!frame?.quit || !action) return;
		frame.quit = false;
		const status = this.state.status;
		yield* this.evalString(action, io);
		this.state.status = status;
	}

	/**
	 * After a forked subshell: ash reports that it died of the terminal's SIGQUIT as it reaps it
	 * (a pipeline stage but the last through stageSignal), unless this shell died of it too.
	 */
	private reportQuit(io: IO, stage: boolean): void {
		if (this.childSignal !== SIGQUIT || !this.quitGroup) return;
		this.checkQuit();
		this.reportChildSignal(io, stage);
	}

	/**
	 * The pipe the next stage reads: once the terminal's SIGQUIT reached the job, one whose
	 * reader dies of it where it would have waited for more (QuitPipe).
	 */
	private stagePipe(data: string, ino: number | undefined): Source {
		if (!this.quitGroup) return {...stringSource(data), ino};
		return new QuitPipe(data, () => this.quitReaches(), ino);
	}

	/** `e` kills the child shell of `state`: its parent will report the signal. */
	private killedHere(e: unknown, state: ShellState): e is KilledBySignal {
		if (!(e instanceof KilledBySignal) || e.pid !== state.pid) return false;
		this.childSignal = e.sig;
		return true;
	}

	/**
	 * What an ash that reads the console runs before its first prompt (ash_main()): with -l,
	 * /etc/profile and $HOME/.profile; when interactive, the file $ENV names. A file that does
	 * not exist is skipped; messages start `sh: ` and a syntax error ends that file ($? = 2).
	 */
	*startup(login: boolean, interactive: boolean): Run {
		if (login) {
			yield* this.readProfile('/etc/profile');
			const home = this.getVar('HOME');
			if (home !== undefined) yield* this.readProfile(`${home}/.profile`);
		}
		const env = interactive ? this.getVar('ENV') : undefined;
		// ENV is expanded as a double-quoted string (expandstr()).
		if (env) yield* this.readProfile(this.commandSubst(`printf %s "${env.replace(/"/g, '\\"')}"`, this.topIO()));
		return this.state.status;
	}

	/** read_profile(): the file's commands as the shell's own input, if it exists. */
	private *readProfile(path: string): Run {
		const text = readFile(this.sys.vfs, absPath(this.state.cwd, path));
		if (isErrno(text)) return this.state.status;
		const io = this.topIO();
		this.state.status = yield* this.runInChildCtx(io, this.runFile(text, 'sh: ', io, 0, false));
		return this.state.status;
	}

	/** The shell's standard streams when nothing redirects them. */
	topIO(): IO {
		if (this.permanent) return {...this.permanent};
		return {stdin: this.consoleIn, stdout: this.stdio?.stdout ?? this.tty, stderr: this.stdio?.stderr ?? this.tty};
	}

	/**
	 * A subshell ash forks (a pipeline stage, `( ... )`, `$( ... )`): its process is the program
	 * its last command execs in place, or, when that was a builtin, a function or assignments,
	 * a forked shell of its own, a pid (memhp forks that one after the subshell ran: a task with
	 * the shell's command line that has exited). `nojob`: a pipeline stage (ash's FORK_NOJOB),
	 * where a lone `jobs` keeps the parent's jobs to list them (the lab's `$(jobs -p)` listed none).
	 */
	private *forkedSubshell(body: Node, fn: () => Run, io?: IO, pgrp: boolean | number = false, preforked?: number, nojob = false): Run {
		// A pipeline inside forks its stages from the subshell's own process, which is forked first.
		let inner = body;
		while (inner.t === 'list' && inner.items.length === 1) inner = inner.items[0]!;
		// The process is forked first where its command is known to run in it: one simple command
		// (which execs a program in place) or a pipeline (whose stages it forks).
		const single = inner.t === 'simple';
		if (preforked !== undefined) this.sys.schedule?.(preforked);
		const upfront = preforked ?? (single || (inner.t === 'pipe' && inner.cmds.length > 1) ? this.forkAndWait([], undefined, pgrp, this.state.limits, 'sh') : undefined);
		const savedInto = this.execInto;
		this.execInto = single ? upfront : undefined;
		// A `( ... )` that is the whole of it runs in its process, not in one more (EV_EXIT).
		const savedSubshellInto = this.subshellInto;
		this.subshellInto = inner.t === 'subshell' ? upfront : undefined;
		this.lastRanProgram = false;
		// forkchild()'s "job hack": `jobs | cat` lists the parent's jobs.
		const jobsHack = nojob && single && inner.t === 'simple' && inner.words[0] !== undefined && literalText(inner.words[0]) === 'jobs';
		this.forkedFrames.push({quit: false, execed: false});
		try {
			return yield* this.subshell(fn, io, jobsHack);
		} catch (e) {
			// It wrote (a builtin's output) to a pipe with no reader: SIGPIPE killed it.
			if (e instanceof PipeClosed) {
				this.childSignal = SIGPIPE;
				return 128 + SIGPIPE;
			}
			// It died of the terminal's SIGQUIT: the shell that forked it reaps it (reportQuit()).
			if (!(e instanceof TtyQuit)) throw e;
			this.childSignal = SIGQUIT;
			return 128 + SIGQUIT;
		} finally {
			this.forkedFrames.pop();
			this.childWaits++;
			this.execInto = savedInto;
			this.subshellInto = savedSubshellInto;
			if (upfront !== undefined) {
				// (a background pipeline's stages are the job's: pipeline() ends them, or keeps them asleep)
				if (!this.linger?.stages?.includes(upfront)) this.sys.exit?.(upfront);
			} else if (!this.lastRanProgram && this.sys.fork) this.sys.exit?.(this.forkAndWait([], undefined, pgrp, this.state.limits, 'sh')!);
			// To a subshell around it this one was its last process (ash evaluates a subshell in
			// EV_EXIT position without forking again).
			this.lastRanProgram = true;
		}
	}

	/**
	 * Runs fn on a copy of the state (a forked subshell); changes are discarded. With the
	 * child's `io` it ends as a forked ash does: an error, `return` or `break` ends it alone
	 * (the message on its stderr), then its own EXIT trap runs on its output.
	 */
	*subshell(fn: () => Run, io?: IO, keepJobs = false): Run {
		const saved = this.state;
		const savedOpts = this.opts;
		const savedMode = this.mode;
		const {aliases, traps, umask, permanent, dynamicVars, random, tasklessSubshells} = this;
		this.dynamicVars = new Set(dynamicVars);
		this.tasklessSubshells++;
		// forkchild(): CLEAR_RANDOM_T, so a child's $RANDOM starts from its own pid and time
		// and what it draws does not move the parent's
		this.random = undefined;
		// (the child's hash table is a copy: what it looks up stays there)
		const cmdtable = [...this.cmdtable];
		this.opts = new Set(savedOpts);
		this.aliases = new Map(aliases);
		// a forked shell keeps ignored signals only
		this.traps = new Map([...traps].filter(([, a]) => a === ''));
		this.state = {
			vars: new Map([...saved.vars].map(([k, v]) => [k, {...v}])),
			cwd: saved.cwd,
			functions: new Map(saved.functions),
			positional: [...saved.positional],
			status: saved.status,
			// A forked subshell is still the same shell: $0 and $$ stay.
			arg0: saved.arg0,
			pid: saved.pid,
			lastBg: saved.lastBg,
			optind: saved.optind,
			optoff: saved.optoff,
			limits: saved.limits && new Map([...saved.limits].map(([k, v]) => [k, {...v}])),
		};
		// forkchild() frees the parent's jobs: a subshell starts with none (but `jobs | cat`).
		const jobs = this.jobs;
		this.jobs = keepJobs ? [...jobs] : [];
		try {
			let st: number;
			try {
				st = yield* fn();
			} catch (e) {
				if (e instanceof ExitShell) st = e.status;
				else if (!io) throw e;
				else if (e instanceof ShellError) {
					// an error ends the forked child only (its message on its own stderr)
					io.stderr.write(`${e.prefix ?? this.msgPrefix(e.reader)}${e.message}\n`);
					st = e.status;
				} else if (e instanceof ReturnCtl) st = e.status;
				else if (e instanceof LoopCtl) st = this.state.status;
				else throw e;
			}
			return io ? yield* this.runExitTrap(io, st) : st;
		} finally {
			this.state = saved;
			this.opts = savedOpts;
			this.mode = savedMode;
			this.permanent = permanent;
			this.random = random;
			this.dynamicVars = dynamicVars;
			this.cmdtable.clear();
			for (const [k, v] of cmdtable) this.cmdtable.set(k, v);
			this.aliases = aliases;
			this.traps = traps;
			this.umask = umask;
			// (what the subshell left running runs on, reparented to init as the subshell exits)
			for (const job of this.jobs) if (job.live && !jobs.includes(job)) this.orphans.push({live: job.live, endsAt: job.endsAt!, job: job.linger});
			this.jobs = jobs;
			this.tasklessSubshells = tasklessSubshells;
		}
	}

	/**
	 * Whether the shell running now is the current task: not a subshell memhp runs without a
	 * task of its own (what it changes in the kernel, setrlimit(), would be its parent's).
	 */
	ownsTask(): boolean {
		return this.tasklessSubshells === 0;
	}

	*eval(node: Node, io: IO): Run {
		// evaltree(): with set -n (noexec) commands are read, and syntax errors found, but none
		// runs, `set +n` and `exit` included: $? stays (an interactive ash too: only the end of its
		// input ends it).
		if (this.opts.has('n')) return this.state.status;
		const st = yield* this.evalNode(node, io);
		this.state.status = st;
		if (this.quitGroup) {
			this.checkQuit();
			yield* this.quitTrap(io);
			// (the shell that ignores it goes on with its next command: that job is over)
			if (!this.forkedFrames.length) this.quitGroup = false;
		}
		if (this.sys.takeSignals) yield* this.deliverSignals(io);
		return st;
	}

	/**
	 * Signals sent to this shell (kill), taken as it goes on after a command: a trap runs its
	 * action ($? kept), '' ignores; otherwise the default action, except that an interactive ash
	 * ignores SIGTERM and SIGQUIT and catches SIGINT, and the kernel drops signals for init (pid 1)
	 * that it does not catch.
	 */
	private *deliverSignals(io: IO): Run<void> {
		const pid = this.state.pid ?? 1;
		for (const sig of this.sys.takeSignals!(pid)) {
			const action = this.traps.get(sig);
			if (action === '') continue;
			if (action !== undefined) {
				const status = this.state.status;
				yield* this.evalString(action, io);
				this.state.status = status;
				continue;
			}
			if (defaultAction(sig) !== 'terminate') continue;
			if (this.mode.includes('i')) {
				if (sig === SIGINT) throw new Interrupted();
				if (sig === SIGTERM || sig === SIGQUIT) continue;
			}
			if (pid === 1) continue;
			throw new KilledBySignal(pid, sig);
		}
	}

	/**
	 * After waiting for a command: a child shell killed by a signal is reported as ash's
	 * sprint_status48() does (not for SIGINT and SIGPIPE); a shell doing job control that saw
	 * its foreground job die of SIGINT interrupts itself.
	 */
	private reportChildSignal(io: IO, forkedStage: boolean): void {
		const sig = this.childSignal;
		if (sig === undefined) return;
		this.childSignal = undefined;
		if (forkedStage) {
			this.stageSignal = sig;
			return;
		}
		if (sig === SIGINT) {
			if (this.mode.includes('m')) throw new Interrupted();
			return;
		}
		if (sig !== SIGPIPE) io.stderr.write(`${strsignal(sig)}\n`);
	}

	private *evalNode(node: Node, io: IO): Run {
		switch (node.t) {
			case 'list': {
				let st = this.state.status;
				for (const item of node.items) st = yield* this.eval(item, io);
				return st;
			}
			case 'andor': {
				// Every operand but the last is a condition (set -e does not apply to it).
				let st = yield* this.testedEval(node.first, io, node.rest.length > 0);
				for (let i = 0; i < node.rest.length; i++) {
					const {op, node: n} = node.rest[i]!;
					if ((op === '&&') === (st === 0)) st = yield* this.testedEval(n, io, i < node.rest.length - 1);
				}
				return st;
			}
			case 'pipe':
				// A `!` pipeline is a condition: its status never triggers set -e.
				if (node.bang) return (yield* this.testedEval({...node, bang: false}, io, true)) === 0 ? 1 : 0;
				return this.errexit(yield* this.pipeline(node.cmds, false, io));
			case 'simple': {
				// (the -c string's last command: a program there execs in the child's process)
				const evExit = this.evExit?.node === node ? this.evExit : undefined;
				const savedInto = this.execInto;
				if (evExit) {
					this.execInto = evExit.pid;
					this.evExit = undefined;
				}
				const forkedStage = this.stageExec;
				this.stageExec = false;
				let st: number;
				try {
					st = yield* this.simple(node, io);
				} finally {
					if (evExit) this.execInto = savedInto;
				}
				// (a subshell SIGQUIT reached died with its program, before reaping it)
				if (this.quitGroup) this.checkQuit();
				this.reportChildSignal(io, forkedStage);
				return this.errexit(st);
			}
			case 'func':
				this.state.functions.set(node.name, node.body);
				// its commands keep the line numbers of where it was read
				this.funcBase.set(node.body, this.lineBase());
				return 0;
			case 'bg':
				return yield* this.backgroundJob(node.body, io);
			default:
				return yield* this.withRedirs(node.redirs, io, rio => this.compound(node, rio));
		}
	}

	/**
	 * `CMD &` (evaltree NBACKGND, forkshell FORK_BG): the and-or list runs as a job, a process of
	 * its own (a simple command is that process itself, a pipeline its stages) in a process group
	 * of its own under job control, with /dev/null as stdin without it. Its commands run at once
	 * and take none of the shell's time; what they slept keeps the job's processes asleep that long
	 * (Job.live). `$!` is its (last) pid, and the shell goes on with status 0.
	 */
	private *backgroundJob(body: Node, io: IO): Run {
		const jobctl = this.mode.includes('m');
		const stages = body.t === 'pipe' && !body.bang ? body.cmds : [body];
		const simple = body.t === 'simple';
		// A pipeline's stages are the job's processes, forked by the shell itself (evalpipe());
		// any other compound command runs in a forked shell.
		const piped = stages.length > 1;
		const pid = simple || piped ? undefined : this.sys.fork?.(['sh'], undefined, jobctl, this.state.limits);
		const savedJobPid = this.jobPid;
		this.jobPid = simple ? {} : undefined;
		const savedLinger = this.linger;
		// (With more CPUs the child runs at once on another: never fresh.)
		const linger: Linger = {shell: this.sys.getpid?.() ?? 1, sleep: 0, epoch: this.oneCpu() ? this.blockEpoch : -1, ...(piped ? {pipe: stages} : {})};
		this.linger = linger;
		// What the job writes to the terminal after a sleep comes out when the clock gets there;
		// before that, once the shell has blocked and let the child run.
		const start = this.sys.uptime();
		const later = (sink: Sink): Sink => (sink.kind !== 'tty' ? sink : {
			kind: 'tty',
			write: text => {
				if (linger.sleep > 0) this.laterOutput.push({at: start + linger.sleep, sink, text, job: linger});
				else if (linger.epoch === this.blockEpoch) this.freshOutput.push({sink, text, job: linger});
				else return sink.write(text);
				return undefined;
			},
		});
		// (with job control a job keeps the terminal as stdin; one reading it here meets end of file,
		// where Linux would stop it with SIGTTIN: it never waits for the console's lines)
		const stdin = !jobctl ? NO_INPUT : io.stdin instanceof ConsoleInput ? TTY_IN : io.stdin;
		const bgIo: IO = {...io, stdin, stdout: later(io.stdout), stderr: later(io.stderr)};
		this.background++;
		this.stageExec = simple;
		this.stageSignal = undefined;
		let status: number;
		let signal: number | undefined;
		try {
			status = yield* this.subshell(() => this.eval(body, bgIo), bgIo);
			signal = this.stageSignal;
		} catch (e) {
			if (!(e instanceof KilledBySignal) || e.pid !== pid) throw e;
			status = 128 + e.sig;
			signal = e.sig;
		} finally {
			this.background--;
			this.stageExec = false;
			this.linger = savedLinger;
			if (pid !== undefined) this.exitOrLinger([pid], linger);
		}
		let pids = linger.stages;
		if (!pids) {
			// A builtin forks too: the job's shell runs it.
			let jobPid = pid ?? this.jobPid?.pid;
			if (jobPid === undefined && this.sys.fork) {
				jobPid = this.sys.fork(['sh'], undefined, jobctl, this.state.limits);
				this.sys.exit?.(jobPid);
			}
			pids = stages.map((_, i) => (jobPid ?? 0) + i);
		}
		this.jobPid = savedJobPid;
		const used = new Set(this.jobs.map(j => j.num));
		let num = 1;
		while (used.has(num)) num++;
		const job: Job = {num, pids, texts: stages.map(n => (jobctl ? commandText(n) : '')), jobctl, status, signal, linger};
		if (linger.live) {
			job.live = linger.live;
			job.endsAt = this.sys.uptime() + linger.sleep;
		} else job.endedAt = this.reaps;
		this.jobs.push(job);
		this.state.lastBg = pids[pids.length - 1];
		return 0;
	}

	/**
	 * exit() of a background job's own processes (the program of a simple command, a pipeline's
	 * stages, the shell running any other command), or, when the job slept, not yet: they stay
	 * asleep (the stages after a sleeping one wait in read(2) for its end) and the shell runs on.
	 */
	private exitOrLinger(pids: number[], linger: Linger): void {
		if (linger.sleep > 0 && !linger.live) {
			linger.live = pids;
			this.sys.schedule?.(linger.shell);
			return;
		}
		for (const pid of pids) this.sys.exit?.(pid);
	}

	/** A program the shell forked has exited: outside a background job the shell's waitforjob() reaps it, and every other child that ended meanwhile. */
	private programDone(pid: number): void {
		this.exitProgram(pid);
		if (!this.background) this.reaped();
	}

	/** exit() of a program's process; a background simple command's may linger (exitOrLinger()). */
	private exitProgram(pid: number): void {
		const linger = this.linger;
		if (linger && this.jobPid?.pid === pid) this.exitOrLinger([pid], linger);
		else this.sys.exit?.(pid);
	}

	/**
	 * dowait(): processes of running jobs (and orphans init reaps) that have ended, their sleep
	 * over or a signal's default action (sleep catches none) having killed them. A job is done
	 * when its processes are: killed by the signal its last one took, else with its status.
	 */
	reapJobs(): void {
		this.flushLaterOutput();
		const ended = (live: number[], endsAt: number): {over: boolean; sig?: number} => {
			let over = this.sys.uptime() >= endsAt;
			let sig: number | undefined;
			for (const pid of live) {
				const fatal = (this.sys.takeSignals?.(pid) ?? []).find(n => defaultAction(n) === 'terminate');
				if (fatal === undefined) continue;
				over = true;
				if (pid === live[live.length - 1]) sig = fatal;
			}
			return sig === undefined ? {over} : {over, sig};
		};
		for (const job of this.jobs) {
			if (!job.live) continue;
			const {over, sig} = ended(job.live, job.endsAt!);
			if (!over) continue;
			if (sig !== undefined) job.signal = sig;
			// (killed early: what it had still to write is never written)
			if (this.sys.uptime() < job.endsAt!) job.linger.killed = true;
			this.endJob(job);
		}
		this.orphans = this.orphans.filter(o => {
			if (!ended(o.live, o.endsAt).over) return true;
			if (o.job && this.sys.uptime() < o.endsAt) o.job.killed = true;
			for (const pid of o.live) this.sys.exit?.(pid);
			return false;
		});
		this.laterOutput = this.laterOutput.filter(o => !o.job.killed);
	}

	/** Background jobs' terminal output whose time has come, in the order of those times. */
	private flushLaterOutput(): void {
		if (!this.laterOutput.length) return;
		const now = this.sys.uptime();
		const due = this.laterOutput.filter(o => o.at <= now && !o.job.killed).sort((a, b) => a.at - b.at);
		this.laterOutput = this.laterOutput.filter(o => o.at > now && !o.job.killed);
		for (const o of due) o.sink.write(o.text);
	}

	/**
	 * The console would wait for ever (`sleep inf`, `wait` for one): the guest's user ends that
	 * with Ctrl-C, and memhp, which cannot hold the console, cuts it short the same way.
	 */
	private sleepsForever(): never {
		throw new WaitsForever();
	}

	/** The clock a sleep here runs on: the guest's uptime, or inside a background job its own time. */
	private watchdogClock(): number {
		return this.background ? this.linger?.sleep ?? 0 : this.sys.uptime();
	}

	/**
	 * A program is about to sleep `sec` seconds: a watchdog (timeout) of this clock that fires
	 * first takes the time up to then and signals its process; a fatal signal ends it there
	 * (WatchdogKill unwinds to the program that set it), one it survives (its default action is
	 * to ignore it, or to stop it, which memhp does not simulate and says so) lets the sleep go
	 * on, until a `-k` SIGKILL.
	 * Returns what is left to sleep.
	 */
	private watchdogSleep(sec: number): number {
		const linger = this.background ? this.linger : undefined;
		for (;;) {
			const now = this.watchdogClock();
			let next: Watchdog | undefined;
			let nextAt = Infinity;
			for (const w of this.watchdogs) {
				if (w.linger !== linger) continue;
				const at = w.fired ? w.killAt : w.at;
				if (at !== undefined && at < nextAt) {
					next = w;
					nextAt = at;
				}
			}
			// (a program that ends as the timer fires is gone first)
			if (!next || nextAt >= now + sec) return sec;
			const slept = Math.max(0, nextAt - now);
			if (this.background) {
				if (this.linger) this.linger.sleep += slept;
			} else {
				this.sys.nanosleep?.(slept);
				this.reapJobs();
			}
			sec -= slept;
			if (next.fired) throw new WatchdogKill(next.owner, SIGKILL);
			next.fired = true;
			const action = defaultAction(next.sig);
			if (action === 'terminate') throw new WatchdogKill(next.owner, next.sig);
			if (action === 'stop') next.err(`memhp: ${next.name}: stopping a process (${getSigname(next.sig)}) is not simulated\n`);
		}
	}

	/** waitcmd() and fgcmd() on a running job: the shell blocks until it ends (the clock moves on). */
	waitJob(job: Job): void {
		if (!job.live) return;
		const left = job.endsAt! - this.sys.uptime();
		if (left > 0 && this.background) {
			if (this.linger) this.linger.sleep += left;
		} else if (left === Infinity) this.sleepsForever();
		else if (left > 0) this.sys.nanosleep?.(left);
		this.reapJobs();
		// (a job started inside a background job: its time is that job's)
		this.endJob(job);
	}

	/** exit() of a running job's processes: it is done. */
	private endJob(job: Job): void {
		for (const pid of job.live ?? []) this.sys.exit?.(pid);
		delete job.live;
		delete job.endsAt;
		job.endedAt = this.reaps;
	}

	/**
	 * A finished job whose processes the shell has not reaped yet (no dowait() since they ended:
	 * the prompt's, a foreground command's, `jobs`, `wait`): zombies, which kill(2) still finds
	 * (to no effect). memhp's processes are gone; the job table remembers them.
	 */
	zombie(job: Job): boolean {
		return !this.running(job) && job.endedAt === this.reaps;
	}

	/** A dowait() sweep: every child that has ended is reaped (and a dying one collected). */
	reaped(): void {
		this.reaps++;
		for (const job of this.jobs) delete job.dying;
	}

	/** showjob(): `[N]+  Done                       cmd`, the status from column 33 on. */
	jobLine(job: Job, withPid = false): string {
		const current = this.jobs[this.jobs.length - 1];
		const previous = this.jobs[this.jobs.length - 2];
		let s = `[${job.num}]${job === current ? '+' : job === previous ? '-' : ' '}  `;
		if (withPid) s += `${job.pids[0]} `;
		s += this.running(job) ? 'Running' : job.signal !== undefined ? strsignal(job.signal) : job.status ? `Done(${job.status})` : 'Done';
		return `${s}${' '.repeat(Math.max(1, 33 - s.length))}${job.texts.join(' | ')}\n`;
	}

	/** Whether the shell still sees the job running: its processes live, or it has not run yet. */
	running(job: Job): boolean {
		return job.live !== undefined || this.fresh(job);
	}

	/** Whether the guest has one CPU online (/sys/devices/system/cpu/online is `0`). */
	oneCpu(): boolean {
		const online = readFile(this.sys.vfs, '/sys/devices/system/cpu/online');
		return isErrno(online) || online.trim() === '0';
	}

	/** A job the shell has not blocked since starting: its child has not run (see Job). */
	fresh(job: Job): boolean {
		return job.linger.epoch === this.blockEpoch;
	}

	/**
	 * The shell blocks (waits for a child, or for its next line): the jobs started before run, and
	 * what they wrote comes out. `reaped`: its dowait() collected every child that had ended (a
	 * foreground command's waitforjob(), the prompt's showjobs()).
	 */
	blocks(reaped: boolean): void {
		// (the fresh ones that ended did so now, after any sweep before)
		for (const job of this.jobs) if (this.fresh(job) && !job.live) job.endedAt = this.reaps;
		this.blockEpoch++;
		this.flushFreshOutput();
		if (reaped) this.reaped();
	}

	private flushFreshOutput(): void {
		const out = this.freshOutput;
		this.freshOutput = [];
		for (const o of out) if (!o.job.killed) o.sink.write(o.text);
	}

	/** A signal kills a job that has not run: it ends with it, having written nothing. */
	killUnrun(job: Job, sig: number): void {
		job.signal = sig;
		job.status = 128 + sig;
		job.dying = true;
		job.linger.killed = true;
		this.laterOutput = this.laterOutput.filter(o => !o.job.killed);
	}

	/**
	 * The command line is done and the shell goes back to reading the console: what its fresh
	 * jobs wrote is shown (memhp puts it before the prompt, where the terminal has it after), and
	 * a shell doing job control reports the jobs that finished (showjobs(SHOW_CHANGED)), not
	 * those that have not run yet. Then the shell blocks in read(2), and those run (their
	 * processes zombies until the next sweep).
	 */
	lineDone(out: Sink): void {
		this.flushFreshOutput();
		if (this.mode.includes('m')) this.notifyJobs(out);
		this.blocks(false);
	}

	/**
	 * showjobs(SHOW_CHANGED): every finished job is reported (the current one first) and freed;
	 * not one a signal is still ending on another CPU (lab s50/r37 e17: `kill %1` of a sleeping
	 * job with two CPUs, its `Terminated` at the line after).
	 */
	notifyJobs(out: Sink): void {
		this.reapJobs();
		const dying = this.jobs.filter(j => j.dying);
		this.reaped();
		for (const job of [...this.jobs].reverse()) {
			if (this.running(job) || dying.includes(job)) continue;
			out.write(this.jobLine(job));
			this.jobs = this.jobs.filter(j => j !== job);
		}
	}

	/** Evaluates a condition: failures inside do not trigger set -e. */
	private *testedEval(node: Node, io: IO, tested: boolean): Run {
		if (!tested) return yield* this.eval(node, io);
		this.tested++;
		try {
			return yield* this.eval(node, io);
		} finally {
			this.tested--;
		}
	}

	/** set -e: a failing command outside a condition exits the shell (ash's checkexit). */
	private errexit(st: number): number {
		if (st !== 0 && this.tested === 0 && this.opts.has('e')) throw new ExitShell(st);
		return st;
	}

	/**
	 * set -x: `+ ` (PS4), assignments, then the words, each quoted as ash's xtrace does
	 * (maybe_single_quote; reserved words always quoted), on the shell's stderr.
	 */
	private xtrace(io: IO, assigns: {name: string; value: string}[], argv: string[]): void {
		if (!this.opts.has('x')) return;
		const words = [...assigns.map(a => `${a.name}=${maybeQuote(a.value)}`), ...argv.map(a => (RESERVED.has(a) ? singleQuote(a) : maybeQuote(a)))];
		io.stderr.write(`${this.getVar('PS4') ?? '+ '}${words.join(' ')}\n`);
	}

	private *compound(node: Node, io: IO): Run {
		switch (node.t) {
			case 'group':
				return yield* this.eval(node.body, io);
			case 'subshell': {
				const sio = {...io};
				const into = this.subshellInto;
				this.subshellInto = undefined;
				// (the forked subshell this is all of runs it in its own process: its fate is this one's)
				const outer = this.forkedFrames[this.forkedFrames.length - 1];
				if (into !== undefined && outer) outer.execed = true;
				const st = yield* this.forkedSubshell(node.body, () => this.eval(node.body, sio), sio, this.mode.includes('m'), into);
				this.reportQuit(io, false);
				return this.errexit(st);
			}
			case 'if': {
				for (const c of node.clauses) {
					if ((yield* this.testedEval(c.cond, io, true)) === 0) return yield* this.eval(c.body, io);
				}
				return node.else ? yield* this.eval(node.else, io) : 0;
			}
			case 'while': {
				const cond = node.cond;
				const until = node.until;
				return yield* this.loop(io, () => this.holds(cond, until, io), () => this.eval(node.body, io));
			}
			case 'for': {
				const env = this.expandEnv(io);
				const items = node.words ? expandWords(env, node.words) : [...this.state.positional];
				let i = 0;
				return yield* this.loop(io, () => {
					if (i >= items.length) return false;
					this.setVar(node.name, items[i++]);
					return true;
				}, () => this.eval(node.body, io));
			}
			case 'case': {
				const env = this.expandEnv(io);
				const word = expandString(env, node.word);
				for (const item of node.items) {
					if (item.patterns.some(p => fnmatch(expandPattern(env, p), word))) {
						return item.body ? yield* this.eval(item.body, io) : 0;
					}
				}
				return 0;
			}
			default:
				return yield* this.eval(node, io);
		}
	}

	/** A while (until) condition: true while it succeeds (fails). */
	private *holds(cond: Node, until: boolean, io: IO): Run<boolean> {
		return ((yield* this.testedEval(cond, io, true)) === 0) !== until;
	}

	/** `cond`: a plain test (for) or a condition that runs commands (while, until). */
	private *loop(io: IO, cond: () => boolean | Run<boolean>, body: () => Run): Run {
		let st = 0;
		this.loopDepth++;
		try {
			for (;;) {
				this.tick();
				const c = cond();
				if (!(typeof c === 'boolean' ? c : yield* c)) break;
				try {
					st = yield* body();
				} catch (e) {
					if (!(e instanceof LoopCtl)) throw e;
					if (e.count > 1) {
						e.count--;
						throw e;
					}
					if (e.kind === 'break') break;
				}
			}
		} finally {
			this.loopDepth--;
		}
		void io;
		return st;
	}

	/**
	 * evalpipe(): the shell forks every stage before any of them has run, in order, the first
	 * leading the job's process group; a stage that runs a program has exec'ed it by the time
	 * an earlier stage looks (`ps | tail` lists `tail -n 4`). memhp then runs the stages one after
	 * another, each in its process. A stage whose words would run commands to be expanded
	 * (`$(...)`, `$((...))`, `${x:=y}`) is left as the forked shell until it runs.
	 */
	private forkStages(cmds: Node[], io: IO, closes: ((() => void) & {ino?: number})[]): {pids: number[]; piped: boolean; programs?: (StageProgram | undefined)[]} {
		const sys = this.sys;
		if (!sys.fork || !sys.schedule || !sys.getpid) return {pids: [], piped: false};
		const shell = sys.getpid();
		const jobctl = this.mode.includes('m');
		const pids: number[] = [];
		const programs: (StageProgram | undefined)[] = [];
		for (const [i, cmd] of cmds.entries()) {
			// ash makes each pipe before forking the stage that writes it.
			if (i < cmds.length - 1) {
				const close = sys.pipe?.();
				if (close) closes.push(close);
			}
			const pid = this.forkAndWait([], undefined, pids.length && jobctl ? pids[0]! : jobctl, this.state.limits, 'sh')!;
			pids.push(pid);
			sys.schedule(shell);
			const prog = this.stageProgram(cmd, io);
			programs.push(prog);
			if (!prog) continue;
			const {argv, found} = prog;
			const name = argv[0]!;
			sys.schedule(pid);
			const noexec = !name.includes('/') && NOEXEC_APPLETS.has(found.applet) ? found.applet : undefined;
			sys.execve?.(argv, noexec, standaloneExe(name, noexec));
			// A plain `cat` reading the pipe has run into its read(2) by the time an earlier stage
			// runs: sendfile(2) from a pipe failed, so its copy buffer is mapped (lab: `ps | cat`).
			if (i > 0 && found.applet === 'cat' && catCopiesStdinFirst(argv)) sys.copyBuffer?.(true);
			sys.schedule(shell);
			this.execedStages.add(pid);
		}
		return {pids, piped: true, programs};
	}

	/**
	 * The program a pipeline stage execs, where the shell can tell before it runs: a simple command
	 * whose words and assignments run nothing, naming an applet (not a builtin or function), with
	 * the words the stage will have (stageWords()).
	 */
	private stageProgram(cmd: Node, io: IO): StageProgram | undefined {
		if (cmd.t !== 'simple' || !cmd.words.every(pureWord) || !cmd.assigns.every(a => pureWord(a.value))) return undefined;
		// (`${x?msg}` fails in the stage itself, when it runs)
		const argv = this.stageWords(cmd.words, io);
		const name = argv?.[0];
		if (!argv || name === undefined || name in BUILTINS || this.state.functions.has(name)) return undefined;
		const found = findProgram(this.sys.vfs, this.getVar('PATH') ?? '', this.state.cwd, name);
		return found.kind === 'applet' && found.program ? {argv, found: {...found, program: found.program}} : undefined;
	}

	private *pipeline(cmds: Node[], bang: boolean, io: IO): Run {
		let input = io.stdin;
		let st = 0;
		const statuses: number[] = [];
		// ash makes each pipe before forking the stage that writes it; all close when the pipeline is done.
		const closes: ((() => void) & {ino?: number})[] = [];
		const {pids: stagePids, piped, programs} = cmds.length > 1 ? this.forkStages(cmds, io, closes) : {pids: [], piped: false};
		// (the pipeline that is a background job: its stages are the job's processes)
		const job = this.linger?.pipe === cmds ? this.linger : undefined;
		if (job) job.stages = stagePids;
		// (the stages a waiting writer lets run, from `ahead.from` to the last; in a background job
		// what they print before the writer's sleep is due then)
		const ahead = cmds.length > 1 && io.stdout.kind === 'tty' ? this.previewStages(cmds, io, stagePids, programs) : undefined;
		try {
			for (let i = 0; i < cmds.length; i++) {
				const cmd = cmds[i]!;
				const last = i === cmds.length - 1;
				const pipe = last ? undefined : new PipeSink();
				if (pipe) pipe.reader = this.pipeReader(cmds[i + 1]!);
				const close = pipe && !piped && this.sys.pipe?.();
				if (close) closes.push(close);
				// (forkStages() made the stages' pipes in order)
				if (pipe) pipe.ino = (close || closes[i])?.ino;
				const stageIo: IO = {stdin: input, stdout: pipe ?? io.stdout, stderr: io.stderr};
				if (ahead && i >= ahead.from) stageIo.shown = ahead.shown[i - ahead.from];
				// (a writer into a pipeline on the terminal waits as the readers do, in real time on the
				// screen, whether or not they can run ahead)
				const writing = pipe && io.stdout.kind === 'tty';
				if (writing) {
					const from = ahead && i + 1 >= ahead.from ? i + 1 - ahead.from : undefined;
					const preview = ahead && from !== undefined ? new PipePreview(ahead.stages.slice(from), ahead.shown.slice(from), this.previewHost(io)) : undefined;
					this.previews.push(() => {
						if (preview?.run(pipe.data)) pipe.readerGone = true;
					});
				}
				// Every stage but the last runs in a subshell, as in ash.
				this.stageExec = !last && cmd.t === 'simple';
				const reports = !last && !job && !this.background;
				// (a job's status is its last process's: `seq 1 100000 | head -n 1 &` is Done, seq's SIGPIPE aside)
				this.stageSignal = undefined;
				// (forkStages() forked the stage's process, in the job's process group)
				try {
					st = cmds.length > 1 ? yield* this.forkedSubshell(cmd, () => this.eval(cmd, stageIo), stageIo, false, stagePids[i], true) : yield* this.eval(cmd, stageIo);
				} finally {
					if (writing) this.previews.pop();
				}
				statuses.push(st);
				if (cmds.length > 1) this.reportQuit(io, !last);
				// dowait() says how each process of the job it waits for died, as it reaps it (a
				// stage killed by a signal other than SIGINT and SIGPIPE: `Terminated`).
				const sig = this.stageSignal;
				if (reports && sig !== undefined) {
					this.stageSignal = undefined;
					if (sig !== SIGINT && sig !== SIGPIPE) io.stderr.write(`${strsignal(sig)}\n`);
				}
				if (pipe) input = this.stagePipe(pipe.data, pipe.ino);
			}
		} finally {
			for (const close of closes) close();
			// (a stage the pipeline did not get to, its shell having exited, goes too)
			for (const pid of stagePids) this.execedStages.delete(pid);
			if (job) this.exitOrLinger(stagePids, job);
			else for (const pid of stagePids) this.sys.exit?.(pid);
			// (the stages were processes of their own: the shell running the pipeline execs nothing)
			if (cmds.length > 1) this.lastRanProgram = false;
		}
		// getstatus(): the last process's status; with set -o pipefail the last one not 0
		if (this.opts.has('pipefail')) for (let k = statuses.length - 2; st === 0 && k >= 0; k--) st = statuses[k]!;
		return bang ? Number(st === 0) : st;
	}

	/**
	 * The stages at the end of a pipeline on the terminal that its writers let run as they wait
	 * (PipePreview): simple commands of words that expand without running anything, no
	 * redirection, that exec a program that can (runsAhead()). Undefined where the
	 * last stage is not one. `programs`: what forkStages() found the stages exec.
	 */
	private previewStages(cmds: Node[], io: IO, pids: readonly number[], programs?: readonly (StageProgram | undefined)[]): {from: number; stages: PreviewStage[]; shown: ShownOutput[]} | undefined {
		const stages: PreviewStage[] = [];
		for (let i = cmds.length - 1; i > 0; i--) {
			const cmd = cmds[i]!;
			if (cmd.t !== 'simple' || cmd.redirs.length || cmd.assigns.length) break;
			const prog = programs ? programs[i] : this.stageProgram(cmd, io);
			if (!prog || !runsAhead(prog.found.applet, prog.argv)) break;
			stages.unshift({name: prog.found.applet, argv: prog.argv, main: prog.found.program, ...(pids[i] !== undefined ? {pid: pids[i]} : {})});
		}
		if (!stages.length) return undefined;
		return {from: cmds.length - stages.length, stages, shown: stages.map(() => new ShownOutput())};
	}

	/**
	 * A pipeline stage's words (pure: no command runs) as the stage will expand them in its own
	 * process: $RANDOM drawn there leaves the shell's generator as it was; undefined where the
	 * expansion fails (`${x?msg}`: the stage says so when it runs).
	 */
	private stageWords(words: Word[], io: IO): string[] | undefined {
		const random = this.random && {...this.random};
		try {
			return expandWords(this.expandEnv(io), words);
		} catch (e) {
			if (!(e instanceof ShellError)) throw e;
			return undefined;
		} finally {
			this.random = random;
		}
	}

	/** What a pipeline's readers run ahead with (PipePreview): the shell as it runs the pipeline. */
	private previewHost(io: IO): PreviewHost {
		const cwd = this.state.cwd;
		return {sys: this.sys, vfs: this.sys.vfs, cwd, columns: this.columns, env: () => this.exportedEnv(), tick: n => this.tick(n), stdout: io.stdout, stderr: io.stderr};
	}

	/**
	 * A program about to wait lets the readers of the pipelines on the terminal it writes into run
	 * (PipePreview, where they can), the innermost first: true for a writer of such a pipeline in
	 * the foreground, which then waits in real time on the screen as its readers do.
	 */
	private letReadersRun(): boolean {
		for (let i = this.previews.length - 1; i >= 0; i--) this.previews[i]!();
		return this.previews.length > 0 && !this.background;
	}

	/**
	 * The next stage of a pipeline, where it reads its pipe and exits on its own: `head` (its
	 * count of lines or bytes), `grep -q`/`-l`/`-m N` (its count of matching lines), a `sed`
	 * script that quits (`sed 3q`, `sed '/x/q'`: at its `q` line and the one it reads ahead) or an
	 * awk program that exits (`awk 'NR==3{exit}'`: at that record), with
	 * literal words (no expansion, no glob), no redirection of its input and no function of that name. The
	 * writer then dies of SIGPIPE once the reader would have had its fill and exited
	 * (PipeSink.reader), as with the stages running at the same time: `while :; do date; sleep
	 * 1; done | head -n 3`. The writer lets the reader run when it sleeps or waits for a child
	 * (the clock, childWaits).
	 */
	private pipeReader(cmd: Node): PipeReader | undefined {
		// (redirections of its output leave what it reads as it was: `yes | head -c 9 > f`)
		if (cmd.t !== 'simple' || cmd.redirs.some(r => r.fd === 0) || cmd.assigns.length || !cmd.words.length) return undefined;
		const argv: string[] = [];
		for (const w of cmd.words) {
			const text = literalText(w);
			if (text === undefined || w.some(part => part.k === 'lit' && !part.q && /[*?[]/.test(part.s))) return undefined;
			argv.push(text);
		}
		if (this.state.functions.has(argv[0]!)) return undefined;
		const blocked = (): [number, number] => [this.sys.uptime(), this.childWaits];
		if (argv[0] === 'head') {
			const quota = headQuota(argv);
			if (!quota) return undefined;
			let taken = 0;
			return {blocked, early: true, feed: s => (taken += quota.bytes ? bytesOf(s).length : s.split('\n').length - 1) >= quota.count};
		}
		// (grep, sed and awk read whole lines, awk's records with the default RS: a line counts
		// once its newline is in the pipe)
		const byLine = (sated: (line: string, n: number) => boolean): PipeReader => {
			let partial = '';
			let n = 0;
			return {
				blocked,
				feed: s => {
					const lines = (partial + s).split('\n');
					partial = lines.pop()!;
					return lines.some(line => sated(line, ++n));
				},
			};
		};
		const limit = grepReadLimit(argv);
		if (limit) {
			let counted = 0;
			return byLine(line => limit.counts(line) && ++counted >= limit.lines);
		}
		const sedQuits = sedReadLimit(argv);
		if (sedQuits) return byLine(sedQuits.counts);
		const awkQuits = awkReadLimit(argv);
		return awkQuits && {...byLine(awkQuits.counts), early: true};
	}

	/** exec's redirections become the standard streams and descriptors of `io` and of later command lines. */
	// eslint-disable-next-line require-yield
	private *makePermanent(io: IO, rio: IO): Run {
		io.stdin = rio.stdin;
		io.stdout = rio.stdout;
		io.stderr = rio.stderr;
		io.fds = rio.fds;
		this.permanent = {...rio};
		return 0;
	}

	/**
	 * Applies redirections around fn; failures print ash's message and give status 1, or for a
	 * `special` builtin raise it as a shell error. Files it opened are closed after fn, unless
	 * `keep` (exec's permanent redirections).
	 */
	*withRedirs(redirs: Redir[], io: IO, fn: (io: IO) => Run, keep = false, special = false): Run {
		if (redirs.length === 0) return yield* fn(io);
		const rio: IO = {...io};
		const env = this.expandEnv(io);
		const opened: {close(): void}[] = [];
		try {
			for (const r of redirs) {
				if (r.here) {
					// A here-document: its body, expanded now (a failure fails the redirection).
					let body: string;
					try {
						body = expandString(env, r.here.body);
					} catch (e) {
						if (!(e instanceof ShellError)) throw e;
						this.tty.write(`${e.prefix ?? this.msgPrefix(e.reader)}${e.message}\n`);
						return 1;
					}
					this.setFd(rio, r.fd, stringSource(body));
					continue;
				}
				const target = expandString(env, r.target);
				const err = this.applyRedir(r, target, rio, opened);
				if (err && special) {
					// A special builtin's redirection error is a shell error (evalcommand() with
					// spclbltin): the rest of the command line is dropped, a child shell or script
					// ends, $? is 1 (the lab: `: > /nope/a; echo one` prints no `one`, s49/r35).
					const e = new ShellError(err, 1);
					e.prefix = this.msgPrefix();
					throw e;
				}
				if (err) {
					this.tty.write(`${this.msgPrefix()}${err}\n`);
					return 1;
				}
			}
			return yield* fn(rio);
		} finally {
			if (!keep) for (const f of opened) f.close();
		}
	}

	/**
	 * Points descriptor `fd` of io at `f`. A descriptor is one object here, a source or a sink:
	 * the terminal is both; a file or pipe read through a descriptor meant for writing (or the
	 * other way round) fails with EBADF.
	 */
	private setFd(io: IO, fd: number, f: Source | Sink | undefined): void {
		if (fd === 0) io.stdin = !f ? NO_INPUT : !isSink(f) ? f : f.kind === 'tty' ? this.consoleIn : NO_INPUT;
		else if (fd === 1 || fd === 2) {
			const sink = !f ? BAD_OUTPUT : isSink(f) ? f : f.tty ? this.tty : BAD_OUTPUT;
			if (fd === 1) io.stdout = sink;
			else io.stderr = sink;
		} else {
			const fds = new Map(io.fds);
			if (f) fds.set(fd, f);
			else fds.delete(fd);
			io.fds = fds;
		}
	}

	private applyRedir(r: Redir, target: string, io: IO, opened: {close(): void}[]): string | undefined {
		const vfs = this.sys.vfs;
		const path = absPath(this.state.cwd, target);
		const setFd = (fd: number, f: Sink | Source) => this.setFd(io, fd, f);
		switch (r.op) {
			case '>&':
			case '<&': {
				if (target === '-') {
					this.setFd(io, r.fd, undefined);
					return undefined;
				}
				if (!/^\d+$/.test(target)) return `${target}: bad number`;
				const src = Number(target);
				const from = src === 0 ? io.stdin : src === 1 ? io.stdout : src === 2 ? io.stderr : io.fds?.get(src);
				if (!from) return `${src}: Bad file descriptor`;
				setFd(r.fd, from);
				return undefined;
			}
			case '<':
				return this.openInput(path, target, r, io, opened, setFd);
			default: {
				if (r.op === '<>' && r.fd === 0) return this.openInput(path, target, r, io, opened, setFd);
				if (r.op === '>' && this.opts.has('C')) {
					// set -C: `>` does not overwrite an existing regular file (`>|` does).
					const st = vfs.stat(path);
					if (typeof st !== 'string' && st.type === 'file') return `can't create ${target}: File exists`;
				}
				const f = vfs.open(path, r.op === '<>' ? {read: true, write: true, create: true}
					: r.op === '>>' ? {write: true, create: true, append: true} : {write: true, create: true, truncate: true});
				if (typeof f === 'string') return `can't create ${target}: ${errmsg(f, 'nonexistent directory')}`;
				opened.push(f);
				setFd(r.fd, new FileSink(f, path));
				return undefined;
			}
		}
	}

	/** `<` (and `<>` on stdin, which opens O_RDWR|O_CREAT): the file's content becomes the input. */
	private openInput(path: string, target: string, r: Redir, io: IO, opened: {close(): void}[], setFd: (fd: number, s: Source) => void): string | undefined {
		const f = this.sys.vfs.open(path, r.op === '<>' ? {read: true, write: true, create: true} : {read: true});
		if (typeof f === 'string') return `can't ${r.op === '<>' ? 'create' : 'open'} ${target}: ${errmsg(f, r.op === '<>' ? 'nonexistent directory' : 'no such file')}`;
		opened.push(f);
		// read(2) comes when the command reads its input, after the fork and execve() that
		// follow a pipeline stage's redirections (a /proc file shows the reader then).
		let data: string | undefined;
		setFd(r.fd, {tty: false, path, splice: !f.noSplice, file: f, read: () => {
			if (data === undefined) {
				const text = f.read();
				data = isErrno(text) ? '' : text;
			}
			return data;
		}});
		void io;
		return undefined;
	}

	/**
	 * ash's alias substitution: an unquoted first word naming an alias (as the table was when the
	 * input was parsed) is replaced by the alias text; the command's other words, redirections
	 * and assignments join the text's last simple command. An alias is not expanded inside itself.
	 */
	private *expandAlias(node: Extract<Node, {t: 'simple'}>, io: IO): Run<number | undefined> {
		const w = node.words[0];
		if (!w || !isUnquotedLiteral(w)) return undefined;
		const name = literalText(w)!;
		const value = this.lineAliases.get(name);
		if (value === undefined || this.activeAliases.has(name)) return undefined;
		const parsed = parse(value);
		if (!parsed.ok) throw new ShellError(parsed.message);
		const rest = node.words.slice(1);
		// An alias ending in a blank makes the next word a command start too.
		const next = /[ \t]$/.test(value) && rest[0] && isUnquotedLiteral(rest[0]) ? this.lineAliases.get(literalText(rest[0])!) : undefined;
		if (next !== undefined) {
			const p2 = parse(next);
			const cmd = p2.ok && p2.node.t === 'list' && p2.node.items.length === 1 ? p2.node.items[0] : undefined;
			const simple = cmd?.t === 'andor' && !cmd.rest.length && cmd.first.t === 'pipe' && cmd.first.cmds.length === 1 ? cmd.first.cmds[0] : cmd;
			if (simple?.t === 'simple') rest.splice(0, 1, ...simple.words);
		}
		const merge = (n: Node): Node => {
			switch (n.t) {
				case 'list':
					return n.items.length ? {...n, items: [...n.items.slice(0, -1), merge(n.items[n.items.length - 1])]} : n;
				case 'andor':
					return n.rest.length ? {...n, rest: [...n.rest.slice(0, -1), {...n.rest[n.rest.length - 1], node: merge(n.rest[n.rest.length - 1].node)}]} : {...n, first: merge(n.first)};
				case 'pipe':
					return {...n, cmds: [...n.cmds.slice(0, -1), merge(n.cmds[n.cmds.length - 1])]};
				case 'simple':
					return {...n, line: node.line, assigns: [...node.assigns, ...n.assigns], words: [...n.words, ...rest], redirs: [...n.redirs, ...node.redirs]};
				default:
					return n;
			}
		};
		this.activeAliases.add(name);
		try {
			return yield* this.eval(merge(parsed.node), io);
		} finally {
			this.activeAliases.delete(name);
		}
	}

	private *simple(node: Extract<Node, {t: 'simple'}>, io: IO): Run {
		this.tick();
		if (!this.skipFunctions && this.lineAliases.size) {
			const st = yield* this.expandAlias(node, io);
			if (st !== undefined) return st;
		}
		if (node.line !== undefined) this.curLine = this.lineBase() + node.line;
		const env = this.expandEnv(io);
		this.substStatus = 0;
		const argv = expandWords(env, node.words);
		const assigns = node.assigns.map(a => ({name: a.name, value: expandAssign(env, a.value)}));
		this.xtrace(io, assigns, argv);
		this.lastRanProgram = false;
		if (argv.length === 0) {
			// An assignment-only command returns the status of its last command substitution.
			const st = this.substStatus;
			for (const a of assigns) this.setVar(a.name, a.value);
			return yield* this.withRedirs(node.redirs, io, rio => this.fail(rio, '', st));
		}
		const name = argv[0];
		const skipFn = this.skipFunctions;
		this.skipFunctions = false;
		const fn = skipFn ? undefined : this.state.functions.get(name);
		if (fn) {
			const into = this.execInto;
			this.execInto = undefined;
			try {
				return yield* this.withRedirs(node.redirs, io, rio => this.callFunction(fn, argv, rio));
			} finally {
				this.execInto = into;
				// (ash runs a function without EV_EXIT: its last program forked a process of its own)
				this.lastRanProgram = false;
			}
		}
		if (name === 'exec' && argv.length === 1 && node.redirs.length) {
			// `exec` with only redirections makes them the shell's own (ash's redirect() without
			// REDIR_PUSH): the rest of this command line and later ones use them, files stay open.
			for (const a of assigns) this.setVar(a.name, a.value);
			return yield* this.withRedirs(node.redirs, io, rio => this.makePermanent(io, rio), true, true);
		}
		if (name in BUILTINS) {
			// Assignments before special builtins persist; before others they are temporary.
			const special = SPECIAL_BUILTINS.has(name);
			const saved = special ? [] : assigns.map(a => [a.name, this.state.vars.get(a.name)] as const);
			for (const a of assigns) this.setVar(a.name, a.value);
			// (`VAR=v exec CMD`: evalcommand()'s listsetvar(..., VEXPORT) hands them to CMD)
			if (name === 'exec' && argv.length > 1) for (const a of assigns) this.state.vars.get(a.name)!.exported = true;
			try {
				return yield* this.withRedirs(node.redirs, io, rio => this.runBuiltin(name, special, argv, rio), false, special);
			} finally {
				for (const [k, v] of saved) {
					if (v) this.state.vars.set(k, v);
					else this.state.vars.delete(k);
				}
			}
		}
		const found = findProgram(this.sys.vfs, this.getVar('PATH') ?? '', this.state.cwd, name);
		if (found.kind !== 'missing' && found.kind !== 'error') this.hashCommand(name);
		if (found.kind === 'missing') {
			return yield* this.withRedirs(node.redirs, io, rio => this.fail(rio, `${this.msgPrefix()}${name}: not found\n`, 127));
		}
		if (found.kind === 'error') {
			return yield* this.withRedirs(node.redirs, io, rio => this.fail(rio, `${this.msgPrefix()}${name}: ${strerror[found.errno]}\n`, 126));
		}
		const extra = new Map(assigns.map(a => [a.name, a.value]));
		return yield* this.withRedirs(node.redirs, io, rio => this.exec(name, argv, found, rio, extra));
	}

	/**
	 * execcmd(): `exec [-a NAME] CMD [ARG...]` (`args` from CMD on, `arg0` the NAME) runs CMD in
	 * place of the shell, found as shellexec() finds it: an applet of the binary, or a file by its slash or $PATH, never a
	 * builtin or a function (`exec cd /` is `cd: not found`); the shell ends with CMD's status.
	 * execcmd() clears iflag first, so a CMD that cannot run ends even the console's shell, the
	 * message naming the line: `sh: exec: line 3: x: not found` (127; 126 for any other error,
	 * as for "" where $PATH gives directories). With -a NAME an execve()d busybox gets NAME as its
	 * argv[0] and runs the applet NAME names (`NAME: applet not found` if none); a NOEXEC applet
	 * runs in place, as itself.
	 */
	*execcmd(args: string[], arg0: string | undefined, io: IO): Run {
		const prog = args[0];
		if (prog === undefined) return 0;
		let found = prog === '' ? {kind: 'error' as const, errno: 'EACCES' as Errno} : findProgram(this.sys.vfs, this.getVar('PATH') ?? '', this.state.cwd, prog);
		if (found.kind === 'missing' || found.kind === 'error') {
			const err = found.kind === 'missing' ? 'not found' : strerror[found.errno];
			io.stderr.write(`${this.state.arg0 ?? 'sh'}: exec: line ${this.curLine}: ${prog}: ${err}\n`);
			throw new ExitShell(found.kind === 'missing' ? 127 : 126);
		}
		if (arg0 !== undefined) {
			args[0] = arg0;
			if (found.kind === 'applet' && !BINARIES.has(found.applet) && (prog.includes('/') || !NOEXEC_APPLETS.has(found.applet))) {
				const base = arg0.slice(arg0.lastIndexOf('/') + 1);
				if (!APPLET_NAMES.has(base)) {
					io.stderr.write(`${base}: applet not found\n`);
					throw new ExitShell(127);
				}
				found = findProgram(this.sys.vfs, '', '/', base);
			}
		}
		if (found.kind === 'missing' || found.kind === 'error') throw new ExitShell(127);
		throw new ExitShell(yield* this.exec(prog, args, found, io, new Map()));
	}

	/**
	 * find_command()'s cmdlookup(name, 1): a command found by the $PATH search is remembered with
	 * where it was found (`hash` lists them); the binary's own applets and names with a slash are not.
	 */
	hashCommand(name: string): string | undefined {
		if (name.includes('/') || APPLET_NAMES.has(name)) return undefined;
		const known = this.cmdtable.get(name);
		if (known !== undefined) return known;
		const path = pathLookup(this.sys.vfs, this.getVar('PATH') ?? '', this.state.cwd, name);
		if (path !== undefined) this.cmdtable.set(name, path);
		return path;
	}

	/** A command that only reports: `msg` on its stderr (once its redirections are in place), then `st`. */
	// eslint-disable-next-line require-yield
	private *fail(io: IO, msg: string, st: number): Run {
		if (msg) io.stderr.write(msg);
		return st;
	}

	/** A function call: its arguments are the positional parameters while it runs; `local`s are undone after. */
	private *callFunction(fn: Node, argv: string[], io: IO): Run {
		const saved = this.state.positional;
		const {optind, optoff} = this.state;
		this.state.positional = argv.slice(1);
		this.state.optind = 1;
		this.state.optoff = -1;
		const frame = new Map<string, Var | undefined>();
		this.locals.push(frame);
		const top = this.ctx[this.ctx.length - 1];
		const savedBase = top ? top.base : this.consoleBase;
		const defBase = this.funcBase.get(fn);
		if (defBase !== undefined) {
			if (top) top.base = defBase;
			else this.consoleBase = defBase;
		}
		this.funcNames.push(argv[0] ?? '');
		try {
			return yield* this.eval(fn, io);
		} catch (e) {
			if (e instanceof ReturnCtl) return e.status;
			throw e;
		} finally {
			this.funcNames.pop();
			if (top) top.base = savedBase;
			else this.consoleBase = savedBase;
			this.state.positional = saved;
			this.state.optind = optind;
			this.state.optoff = optoff;
			this.locals.pop();
			// `local` variables get their outer values back (or are unset again).
			for (const [k, v] of frame) {
				if (v) this.state.vars.set(k, v);
				else this.state.vars.delete(k);
			}
		}
	}

	/** A builtin runs in the shell itself; errors of the regular ones end that command only. */
	private *runBuiltin(name: string, special: boolean, argv: string[], io: IO): Run {
		const builtin = BUILTINS[name]!;
		try {
			this.curStdin = io.stdin;
			this.curFds = io.fds;
			return yield* this.runProgram('sh', argv, io, p => builtin(p, this));
		} catch (e) {
			if (e instanceof ShellError && e.prefix === undefined) {
				const named = `${name}: `;
				if (e.message.startsWith(named)) e.message = e.message.slice(named.length);
				e.prefix = this.builtinPrefix(name);
			}
			if (e instanceof ShellError && !special) {
				io.stderr.write(`${e.prefix}${e.message}\n`);
				return e.status;
			}
			throw e;
		}
	}

	/**
	 * ash_vmsg()'s prefix for a builtin's error: `$0: `, the builtin's name, and in a shell that is
	 * not interactive (or reads a file) `line N: ` (the command's line: from 0 in `sh -c`, from 1
	 * in a script): `sh: cd: line 0: can't cd to /x`, `s.sh: cd: line 2: ...`, on the console
	 * `sh: cd: ...`.
	 */
	builtinPrefix(name: string): string {
		const arg0 = this.state.arg0 ?? 'sh';
		// none on the console (interactive), which reads no input file
		const line = this.ctx.some(c => c.input) ? `line ${this.curLine}: ` : '';
		return `${arg0}: ${arg0 === name ? '' : `${name}: `}${line}`;
	}

	/** fork() + execve() of what PATH found: a script, a busybox applet (ash among them), lsmem/chmem. */
	private *exec(name: string, argv: string[], found: Extract<Found, {kind: 'applet' | 'script'}>, io: IO, extra: Map<string, string>, byShell = true, baseEnv?: ReadonlyMap<string, string>, execIn?: number): Run {
		// tryexec(): a text file fails execve() with ENOEXEC, and ash runs `ash PATH ARGS...`, a new
		// shell that sees only the environment; `busybox sh ...` runs ash in the same process,
		// with argv from the applet's name on.
		const shArgv = found.kind === 'script' ? ['ash', found.path, ...argv.slice(1)]
			: found.applet === 'busybox' && /^(.*\/)?(sh|ash)$/.test(argv[1] ?? '') ? argv.slice(1)
			: !found.program && (found.applet === 'sh' || found.applet === 'ash') ? argv : undefined;
		// fork() + execve(): the program runs as a new task, so /proc/self is its own pid.
		if (byShell) this.lastRanProgram = true;
		const childEnv = this.exportedEnv(extra, baseEnv);
		const env = this.sys.fork ? [...childEnv].map(([k, v]) => `${k}=${v}`) : undefined;
		// A shell doing job control puts each job in a process group of its own (a program's
		// children stay in its group).
		const newPgrp = byShell && this.mode.includes('m');
		// A subshell's one command execs in the subshell's process; a program's execvp() without
		// a fork (timeout) in the program's.
		const into = byShell ? this.execInto : execIn;
		if (into !== undefined) this.execInto = undefined;
		// (the forked subshell's process is the program now)
		const frame = this.forkedFrames[this.forkedFrames.length - 1];
		if (byShell && into !== undefined && frame) frame.execed = true;
		// (a pipeline stage the shell had already seen exec)
		const execed = byShell && into !== undefined && this.execedStages.has(into);
		if (shArgv) {
			// (a script's execve() fails with ENOEXEC, and tryexec() runs ash as /proc/self/exe)
			const exe = found.kind === 'script' ? SELF_EXE : standaloneExe(name);
			if (into !== undefined && !execed) this.sys.execve?.(argv, undefined, exe);
			const pid = into ?? this.forkJob(argv, env, newPgrp, undefined, exe);
			try {
				return yield* this.childShell(shArgv, io, childEnv, pid);
			} finally {
				if (pid !== undefined && into === undefined) this.programDone(pid);
			}
		}
		if (found.kind === 'script') return 127;
		if (!found.program) {
			io.stderr.write(`memhp: ${found.applet}: not simulated\n`);
			return 127;
		}
		const prog = found.program;
		// A name without a slash is looked up as an applet first (FEATURE_SH_STANDALONE, and
		// spawn_and_wait()'s find_applet_by_name()).
		const applet = !name.includes('/') ? found.applet : undefined;
		// spawn_and_wait() (byShell false: xargs, find -exec) runs a NOFORK applet in-process.
		if (!byShell && execIn === undefined && applet !== undefined && NOFORK_APPLETS.has(applet)) return yield* this.runProgram(found.applet, argv, io, p => prog(p), extra, baseEnv);
		// tryexec() and spawn_and_wait(): a NOEXEC (or NOFORK) applet runs in the forked child as
		// it is, `{ps} sh` to ps; any other program is execve()d with its argv.
		// (a program's own execvp() of an applet execs /proc/self/exe: bb_execvp())
		const noexec = execIn === undefined && applet !== undefined && NOEXEC_APPLETS.has(applet) ? applet : undefined;
		const exe = standaloneExe(name, noexec);
		if (into !== undefined && !execed) this.sys.execve?.(argv, noexec, exe);
		const pid = into ?? this.forkJob(argv, env, newPgrp, noexec, exe);
		if (pid !== undefined) this.sys.setFiles?.(pid, {cwd: this.state.cwd, stdio: this.stdioOf(io)});
		try {
			this.programSignal = undefined;
			// (a filter reading /dev/kmsg waits at its newest record)
			const st = yield* this.runProgram(found.applet, argv, io, p => readsKmsg(p, prog), extra, baseEnv);
			// (the shell's wait sees the signal; a program's execvp() leaves it for the program)
			if (byShell && this.programSignal !== undefined) this.childSignal = this.programSignal;
			if (byShell) this.programSignal = undefined;
			return st;
		} finally {
			if (pid !== undefined && into === undefined) {
				this.programDone(pid);
				// (the shell waited for it: a pipeline's reader ran meanwhile, PipeSink.reader)
				this.childWaits++;
			}
		}
	}

	/**
	 * Descriptors 0-2 as the child has them after its redirections (dup2()): the console, a
	 * file by its path, a pipe by its inode; the kernel describes each (setFiles()).
	 */
	private stdioOf(io: IO): OpenedFd[] {
		const out = (fd: number, sink: Sink): OpenedFd => sink.kind === 'tty' ? {fd, target: CONSOLE, read: true, write: true}
			: {fd, target: sink.kind === 'file' && sink.path ? sink.path : `pipe:[${sink.ino ?? 0}]`, read: false, write: true};
		const src = io.stdin;
		const stdin: OpenedFd = src.tty ? {fd: 0, target: CONSOLE, read: true, write: true}
			: {fd: 0, target: src.path ?? `pipe:[${src.ino ?? 0}]`, read: true, write: false};
		// `<&-` and `>&-` close the descriptor: the child has none there.
		return [src === NO_INPUT ? undefined : stdin, io.stdout === BAD_OUTPUT ? undefined : out(1, io.stdout), io.stderr === BAD_OUTPUT ? undefined : out(2, io.stderr)]
			.filter((f): f is OpenedFd => f !== undefined);
	}

	/**
	 * fork() of a child the shell then waits for (outside a background job): the shell blocks,
	 * and its fresh jobs run first (blocks()).
	 */
	private forkAndWait(...args: Parameters<NonNullable<GuestSyscalls['fork']>>): number | undefined {
		if (!this.sys.fork) return undefined;
		const pid = this.sys.fork(...args);
		if (!this.background) this.blocks(true);
		return pid;
	}

	/** fork() for a command; the first one a background simple command makes is the job's process. */
	private forkJob(argv: string[], env: string[] | undefined, newPgrp: boolean, noexec?: string, exe?: string): number | undefined {
		const pid = this.forkAndWait(argv, env, newPgrp, this.state.limits, noexec, exe);
		if (this.jobPid && this.jobPid.pid === undefined) this.jobPid.pid = pid;
		return pid;
	}

	/**
	 * Runs a program with stdio; buffers stdout for non-tty sinks into one write(2) at exit.
	 * `main` is a builtin or an applet; the builtins that run commands (eval, ., command, exec)
	 * give back the evaluation itself. A busybox message on stderr (bb_verror_msg()) flushes
	 * stdout first (fflush_all()), so `cat a nonexist b 2>&1 | cat` keeps its order; util-linux's
	 * lsmem and chmem warn with glibc's warnx(), which does not, so their buffered table or
	 * verbose lines come after.
	 */
	*runProgram(name: string, argv: string[], io: IO, main: (p: Proc) => number | Run, extraEnv?: Map<string, string>, baseEnv?: ReadonlyMap<string, string>): Run {
		let writeErr: Errno | undefined;
		let buffered = '';
		const direct = io.stdout.kind === 'tty' || name === 'sh';
		const shown = io.shown ?? new ShownOutput();
		// What of the buffered output went out (to a pipe, a file): a program that runs again
		// from its start (it reads the console) does not write twice what it wrote before.
		const wrote = new ShownOutput();
		const writeBuffered = (): Errno | undefined => {
			const s = wrote.skip('out', buffered);
			buffered = '';
			return s ? io.stdout.write(s) : undefined;
		};
		const con = io.stdin instanceof ConsoleInput ? io.stdin : undefined;
		// /dev/tty: the console, for a program in the foreground on it
		const tty = con ?? (this.background === 0 && io.stdout.kind === 'tty' ? this.consoleIn : undefined);
		// (util-linux's lsmem and chmem are no busybox applets: glibc's warnx() flushes nothing)
		const flushOnError = !BINARIES.has(name);
		// The environment a program sees is the exported variables at exec time; built on first
		// use only (most builtins and applets never read it).
		let env: Map<string, string> | undefined;
		const exportedEnv = () => this.exportedEnv(extraEnv, baseEnv);
		// A program about to wait: what it wrote is in its pipe or file by then where it writes as it
		// goes (cat) or has filled a stdio buffer; the rest waits in its buffer (grep).
		const flushBeforeWait = (): void => {
			if (direct || !buffered || writeErr) return;
			if (!writesAsItGoes(name) && buffered.length < STDIO_BUFSIZ) return;
			writeErr = writeBuffered();
		};
		// (a writer about to wait: its readers run)
		const letReadersRun = (): boolean => {
			if (!this.previews.length) return false;
			flushBeforeWait();
			return this.letReadersRun();
		};
		const proc: Proc = {
			name,
			argv,
			sys: this.sys,
			vfs: this.sys.vfs,
			cwd: this.state.cwd,
			get env() {
				env ??= exportedEnv();
				return env;
			},
			columns: this.columns,
			stdin: () => readRest(io.stdin),
			stdinIsTty: io.stdin.tty,
			stdinFile: io.stdin,
			stdinSplice: io.stdin.splice === true,
			console: con,
			tty,
			ttyTimedOut: () => timedOut,
			stdoutIsTty: io.stdout.kind === 'tty',
			stdoutReaderExits: io.stdout instanceof PipeSink && io.stdout.reader !== undefined,
			out: s => {
				if (writeErr || s === '') return;
				if (!direct) {
					buffered += s;
					// (a pipe gets a program's output a stdio buffer at a time: a reader that
					// exited kills the writer at its next one, PipeSink.reader)
					if (io.stdout instanceof PipeSink && io.stdout.reader && buffered.length >= STDIO_BUFSIZ) writeErr = writeBuffered();
					return;
				}
				s = shown.skip('out', s);
				if (s) writeErr = io.stdout.write(s);
			},
			outZeros: count => {
				const r = proc.outFill!('\0', count);
				if (!r) return false;
				if (r.written < count) writeErr ??= r.error ?? 'ENOSPC';
				return true;
			},
			outFill: (unit, count) => {
				const sink = io.stdout;
				if (!(sink instanceof FileSink) || !sink.file.appendFill) return undefined;
				if (writeErr) return {written: 0, error: writeErr};
				if (buffered) {
					const err = sink.write(buffered);
					buffered = '';
					if (err) return {written: 0, error: err};
				}
				return sink.file.appendFill(unit, count);
			},
			err: s => {
				if (flushOnError && buffered) {
					if (!writeErr) writeErr = writeBuffered();
					buffered = '';
				}
				s = shown.skip('err', s);
				if (s) io.stderr.write(s);
			},
			abs: p => absPath(this.state.cwd, p),
			tick: n => this.tick(n),
			sleep: sec => {
				sec = this.watchdogSleep(sec);
				// A background job does not hold the shell up: the time is the job's own.
				if (this.background) {
					if (this.linger) this.linger.sleep += sec;
					// (asleep for ever: a stdio buffer it had not flushed is never written)
					if (!Number.isFinite(sec)) {
						flushBeforeWait();
						buffered = '';
					}
					return;
				}
				if (!Number.isFinite(sec)) {
					flushBeforeWait();
					letReadersRun();
					this.sleepsForever();
				}
				this.sys.nanosleep?.(sec);
				this.reapJobs();
			},
			letReadersRun,
			wroteInPieces: () => {
				const sink = io.stdout;
				if (!(sink instanceof PipeSink)) return;
				flushBeforeWait();
				if (sink.readerHadItsTurn()) throw new PipeClosed();
			},
			quitReached: () => {
				if (!this.quitReaches()) return false;
				this.deliverQuit();
				return true;
			},
			...(this.traps.get(SIGQUIT) === '' ? {ignoresQuit: true} : {}),
			sleepEnds: () => {
				const linger = this.background ? this.linger : undefined;
				return this.watchdogs.some(w => w.linger === linger);
			},
			watchdog: (seconds, sig, killAfter, body, watcher) => {
				const start = this.watchdogClock();
				const at = start + seconds;
				const w: Watchdog = {owner: proc, at, sig, killAt: killAfter > 0 ? at + killAfter : undefined, linger: this.background ? this.linger : undefined, name, err: proc.err};
				this.watchdogs.push(w);
				try {
					return body();
				} finally {
					this.watchdogs.splice(this.watchdogs.indexOf(w), 1);
					if (watcher !== undefined) {
						// It wakes each second: past its last signal, or with the program gone, it exits
						// (and init, the shell, reaps it).
						const ran = this.watchdogClock() - start;
						const last = w.killAt ?? at;
						const left = Math.min(last - start, Math.max(1, Math.ceil(ran)));
						this.orphans.push({live: [watcher], endsAt: (this.background ? this.sys.uptime() : 0) + start + left});
					}
				}
			},
			execvp: (childArgv, pipe, childEnv, how) => {
				// (what this program wrote so far goes first)
				if (buffered) {
					if (!writeErr) writeErr = writeBuffered();
					buffered = '';
				}
				const file = childArgv[0] ?? '';
				const found = findProgram(this.sys.vfs, (childEnv ?? proc.env).get('PATH') ?? DEFAULT_PATH, this.state.cwd, file);
				if (found.kind === 'missing') return 'ENOENT';
				if (found.kind === 'error') return found.errno;
				const output = pipe?.output;
				const childIo: IO = {
					...io,
					// (what the program showed ahead of its pipe's writer is its own)
					shown: undefined,
					stdin: pipe?.input === undefined ? NO_INPUT : stringSource(pipe.input),
					stdout: output ? {kind: 'pipe', write: (t: string) => {
						output(t);
						return undefined;
					}} : io.stdout,
				};
				this.programSignal = undefined;
				const st = sync(this.exec(file, childArgv, found, childIo, childEnv ? new Map() : extraEnv ?? new Map(), false, childEnv, how?.inPlace ? this.sys.getpid?.() : undefined));
				if (how?.died && this.programSignal !== undefined) how.died.signal = this.programSignal;
				this.programSignal = undefined;
				return st;
			},
		};
		let st: number;
		// A program reading the console that finds nothing more typed waits for the next line
		// (or Ctrl-D): it runs again with that input from where it started reading, and what it
		// printed on the terminal the first time is not printed again.
		const ttyStart = tty ? readOffset(tty) : 0;
		let timedOut = false;
		const stdinStart = readOffset(io.stdin);
		// SIGQUIT's default action: what the program wrote goes out, and it dies of the signal.
		const diesOfQuit = () => {
			if (!direct && buffered) writeBuffered();
			this.programSignal = SIGQUIT;
			return 128 + SIGQUIT;
		};
		for (;;) {
			try {
				const r = main(proc);
				st = typeof r === 'number' ? r : yield* r;
				break;
			} catch (e) {
				if (e instanceof NeedConsoleInput && tty && (con || e.raw)) {
					// (a builtin is the shell itself: the interactive one ignores SIGQUIT, a forked subshell does not)
					const ignoresQuit = name === 'sh' ? this.ignoresQuit() : this.traps.get(SIGQUIT) === '';
					let line: string | number | null | undefined;
					try {
						// (SIGQUIT that reached the job while memhp ran the stages before this one: it was waiting then)
						if (this.quitReaches(name === 'sh')) {
							this.deliverQuit();
							throw new TtyQuit();
						}
						letReadersRun();
						line = yield {tty: 'read', name: name === 'sh' ? (argv[0] ?? name) : name, ...(ignoresQuit ? {ignoresQuit: true} : {}), ...(e.raw ? {raw: true} : {}),
							...(e.echo ? {} : {noEcho: true}), ...(e.timeout !== undefined ? {timeout: e.timeout, expires: true} : {})};
					} catch (sig) {
						// The terminal's SIGINT or SIGQUIT as it waits: its handler, where it has one (more's)
						if (e.fatalSignal && (sig instanceof Interrupted || sig instanceof TtyQuit)) {
							st = e.fatalSignal();
							break;
						}
						if (!(sig instanceof TtyQuit)) throw sig;
						// (a forked subshell's builtin: the subshell dies, see forkedSubshell())
						if (name === 'sh') throw sig;
						return diesOfQuit();
					}
					// (a timed read resumed with '' timed out: it runs again to find that out)
					if (line === '' && e.timeout !== undefined) timedOut = true;
					else tty.feed(typeof line === 'string' ? line : null);
					setReadOffset(tty, ttyStart);
					// (stdin too, where it is not the console: `dmesg | more` reads the pipe again)
					setReadOffset(io.stdin, stdinStart);
					buffered = '';
					shown.again();
					wrote.again();
					continue;
				}
				// SIGQUIT from the terminal where the program itself waited (sleep, less, vi)
				if (e instanceof TtyQuit && name !== 'sh') return diesOfQuit();
				// A write to a pipe with no reader: SIGPIPE kills the program (a builtin: the shell).
				if (e instanceof PipeClosed && name !== 'sh') {
					this.programSignal = SIGPIPE;
					return 128 + SIGPIPE;
				}
				// A watchdog's signal: what the program wrote goes out (the ones that run that long,
				// top and watch, flush stdout as they go), and the one that set it ends by that signal.
				if (!(e instanceof WatchdogKill)) throw e;
				if (!direct && buffered) writeBuffered();
				buffered = '';
				if (e.owner !== proc) throw e;
				this.programSignal = e.sig;
				return 128 + e.sig;
			}
		}
		tty?.consumeEof();
		try {
			if (!direct && buffered) writeErr = writeBuffered();
		} catch (e) {
			if (!(e instanceof PipeClosed) || name === 'sh') throw e;
			this.programSignal = SIGPIPE;
			return 128 + SIGPIPE;
		}
		if (writeErr) {
			// ash's printf builtin writes through stdio and says nothing of a failed flush: status 1
			// alone (the lab: `printf offline > memoryN/state` on a busy block, s49/r35 e6).
			if (!(name === 'sh' && argv[0] === 'printf')) io.stderr.write(`${name}: write error: ${strerror[writeErr]}\n`);
			st = 1;
		}
		return st;
	}

	/** The EXIT trap, run once as the shell exits (on the shell's own output). */
	exitTrap(): void {
		const action = this.traps.get(0);
		if (action === undefined) return;
		this.traps.delete(0);
		const parsed = parse(action);
		if (!parsed.ok) {
			(this.stdio?.stderr ?? this.tty).write(`sh: ${parsed.message}\n`);
			return;
		}
		try {
			sync(this.runTop(parsed.node));
		} catch (e) {
			if (!(e instanceof ExitShell || e instanceof StepLimit)) throw e;
		}
	}

	/** Runs a whole parsed line at top level; returns the output-visible status. */
	*runTop(node: Node): Run {
		const io = this.topIO();
		this.lineAliases = new Map(this.aliases);
		// (a SIGQUIT of a command line cut short, by Ctrl-C, went with it)
		this.quitGroup = false;
		try {
			return yield* this.eval(node, io);
		} catch (e) {
			if (e instanceof ShellError) {
				io.stderr.write(`${e.prefix ?? 'sh: '}${e.message}\n`);
				this.state.status = e.status;
				return e.status;
			}
			if (e instanceof LoopCtl) return this.state.status;
			// `return` outside a function ends the input being read: at top level the shell exits.
			if (e instanceof ReturnCtl) throw new ExitShell(e.status);
			throw e;
		}
	}
}

const RESERVED = new Set(['!', 'case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'if', 'in', 'then', 'until', 'while', '{', '}']);

/** hashvar(): the bucket of ash's 39-entry variable table a name falls in. */
function varBucket(name: string): number {
	let h = (name.charCodeAt(0) & 0xff) << 4;
	for (let i = 0; i < name.length; i++) h += name.charCodeAt(i) & 0xff;
	return h % 39;
}

/** ash's single_quote(): '...' runs, with runs of ' in "...". */
export function singleQuote(s: string): string {
	let out = '';
	let i = 0;
	do {
		let j = s.indexOf("'", i);
		if (j < 0) j = s.length;
		out += `'${s.slice(i, j)}'`;
		i = j;
		if (s[i] !== "'") break;
		while (s[j] === "'") j++;
		out += `"${s.slice(i, j)}"`;
		i = j;
	} while (i < s.length);
	return out;
}

/** ash's maybe_single_quote(): quotes when any character is outside +,-./0-9:@A-Z]^_a-z. */
export function maybeQuote(s: string): string {
	return /^[+,\-./0-9:@A-Z\]^_a-z]*$/.test(s) ? s : singleQuote(s);
}

/** ash's errmsg(): ENOENT/ENOTDIR get the caller's wording, the rest strerror(). */
export function errmsg(e: Errno, em: string): string {
	return e === 'ENOENT' || e === 'ENOTDIR' ? em : strerror[e];
}
