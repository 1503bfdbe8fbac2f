import {strerror, type Errno} from '../errno.js';
import type {GuestSyscalls} from '../linux/syscalls.js';
import type {OpenFile, Vfs} from '../vfs/types.js';
import type {Run} from './interp.js';

/**
 * What a userland program (a busybox applet, util-linux's lsmem/chmem) sees when it runs:
 * argv, its environment, the three standard streams and the system calls. Programs return
 * their exit status.
 */
export interface Proc {
	/** argv[0]'s basename, the name busybox dispatches on and prefixes messages with. */
	name: string;
	argv: string[];
	sys: GuestSyscalls;
	vfs: Vfs;
	cwd: string;
	env: Map<string, string>;
	/** Terminal width for ls. */
	columns: number;
	/** Standard input to its end of file (a pipe's or file's content; the console's lines up to Ctrl-D). */
	stdin(): string;
	stdinIsTty: boolean;
	/**
	 * The open file behind fd 0, for the builtins that run commands on the shell's own fds
	 * (eval, ., command): a program they start reads the console itself, waiting as it would.
	 */
	stdinFile?: Source;
	/** A read of the console with a timeout (read -t) ran out of time with nothing typed. */
	ttyTimedOut?: () => boolean;
	/**
	 * Where stdin is the console, for a program that acts on each line as it is typed (cat, head,
	 * grep): it looks at what was typed, takes what it read, writes, and waits for more by
	 * throwing NeedConsoleInput.
	 */
	console?: ConsoleReader;
	/**
	 * /dev/tty, the console, for a foreground program that reads keys from it whatever its stdin
	 * (more): what was typed since it started, taken as it reads; it waits for a key by throwing
	 * NeedConsoleInput(true). Undefined in a background job.
	 */
	tty?: ConsoleReader;
	/** sendfile(2) can read standard input (Source.splice). */
	stdinSplice?: boolean;
	stdoutIsTty: boolean;
	/**
	 * Standard output is a pipe whose reader exits once it has read its fill (`head -c 9`,
	 * `grep -m1`: PipeSink.reader): an endless writer (yes, cat /dev/zero) writes on until the
	 * write that raises SIGPIPE, at most ENDLESS_PIPE_CAP characters.
	 */
	stdoutReaderExits?: boolean;
	out(s: string): void;
	/**
	 * Writes `count` NUL bytes to stdout without building them, when stdout is a tmpfs file
	 * (cat /dev/zero > f fills it until ENOSPC); false when stdout is not such a file.
	 */
	outZeros?(count: number): boolean;
	/**
	 * Writes `unit` `count` times (Infinity: until full) to stdout when it is a tmpfs file, what
	 * was written and the write's error; undefined when stdout is not such a file. The program
	 * reports the error itself (`yes > f`).
	 */
	outFill?(unit: string, count: number): {written: number; error?: Errno} | undefined;
	err(s: string): void;
	/** Absolute form of a path argument. */
	abs(path: string): string;
	/** Counts work against the runaway-loop budget (throws when exhausted). */
	tick(n?: number): void;
	/** Advances virtual time (sleep). */
	sleep(seconds: number): void;
	/**
	 * timeout(1)'s watchdog: runs `body` (which execs the program) while a timer delivers `sig`
	 * to this process after `seconds` of guest time, and SIGKILL `killAfter` seconds later
	 * (0: never) if it is still there. A fatal signal ends this process then and there, as that
	 * signal: the call does not return. `watcher`: the process doing the watching, which wakes
	 * once a second and exits at the first wake-up that finds the program gone (or after its
	 * last signal).
	 */
	watchdog?(seconds: number, sig: number, killAfter: number, body: () => number | Errno, watcher?: number): number | Errno;
	/**
	 * Whether a timer (timeout's watchdog) will end an endless sleep of this process: a program
	 * that repeats until stopped (top, watch) then runs on until it fires.
	 */
	sleepEnds?(): boolean;
	/**
	 * Before a wait (sleep's, top's): whether the terminal's SIGQUIT reached the job earlier,
	 * while memhp ran the pipeline's stages before this one (real ones run at the same time, so
	 * this program was waiting then): it dies of it now. False where it ignores SIGQUIT.
	 */
	quitReached?(): boolean;
	/**
	 * Before the program waits (a sleep, /dev/kmsg's next record, the console): the readers of
	 * the pipeline on the terminal it writes into get to run, and what they print there shows
	 * (PipePreview; what it wrote so far goes into the pipe first). True for a writer of such a
	 * pipeline in the foreground: it then waits in real time on the screen, as its readers do.
	 */
	letReadersRun?(): boolean;
	/**
	 * What the program just wrote, the first page of more, went out in many write(2)s (cat copying
	 * /dev/kmsg a record at a time), the pipe's reader starting on it meanwhile: where that reader
	 * has had what it reads and exited, the program dies of SIGPIPE writing the next one (the call
	 * does not return; PipeSink.readerHadItsTurn()).
	 */
	wroteInPieces?(): void;
	/** It ignores SIGQUIT (started with it ignored, `trap '' QUIT`): the terminal's Ctrl-\ leaves it be. */
	ignoresQuit?: boolean;
	/**
	 * execvp() in a forked child and wait() for it (find -exec, xargs, awk's system() and
	 * pipes): the PATH search, then an applet, lsmem/chmem, a shell script or `sh` itself. Its
	 * output goes to this program's stdout, or to `pipe.output` (a popen()ed reader); its stdin
	 * is `pipe.input` (what a popen()ed writer wrote), else empty; `env` replaces the environment
	 * it gets (env -i); `how` says whether it forks and collects a death by signal. The child's
	 * exit status, or the errno execvp() failed with.
	 */
	execvp?(argv: string[], pipe?: {input?: string; output?: (s: string) => void}, env?: ReadonlyMap<string, string>, how?: ExecHow): number | Errno;
}

export type Program = (p: Proc) => number;

/**
 * A program that waits on the terminal as it goes (top for keys, watch and sleep for their delay
 * in real time): a generator that yields a TtyRead and is resumed with what was typed ('' when
 * a timed wait is over; null: end of input; undefined where the console cannot be waited for: a
 * command substitution, a trap, replay for a timed wait).
 */
export type InteractiveProgram = (p: Proc) => number | Run;

/**
 * Runs evaluation to its end where nothing can wait for the console: command substitution,
 * traps, `let`. A child asking for the terminal there gets undefined.
 */
export function sync<T>(run: Run<T>): T {
	let r = run.next(undefined);
	while (!r.done) r = run.next(undefined);
	return r.value;
}

/** A program's exit status where it runs to its end at once (env, find without a shell): sync(). */
export function exitStatus(r: number | Run): number {
	return typeof r === 'number' ? r : sync(r);
}

/** Options of Proc.execvp(). */
export interface ExecHow {
	/** No fork: the program replaces this one in its process (a bare execvp(); timeout). */
	inPlace?: boolean;
	/** Set to the signal that killed the program (wait()'s WIFSIGNALED), if one did. */
	died?: {signal?: number};
}

/** bb_default_path: the search path when PATH is unset. */
export const DEFAULT_PATH = '/sbin:/usr/sbin:/bin:/usr/bin';

/** A place output goes: the terminal, a pipe buffer or an open file. One call = one write(2). */
export interface Sink {
	kind: 'tty' | 'pipe' | 'file';
	write(s: string): Errno | undefined;
	/** What /proc/<pid>/fd names it: a file's path, a pipe's inode. */
	path?: string;
	ino?: number;
}

export class PipeSink implements Sink {
	readonly kind = 'pipe' as const;
	data = '';
	ino?: number;
	/**
	 * The pipe's reader, where memhp knows when it exits on its own (`head -n 3`: after three
	 * lines; `grep -q x`: at the first match). The stages run one after another here; in a real
	 * pipeline the reader reads that much and exits once the writer lets it run: when the writer
	 * sleeps, waits for a program it forked, or fills the pipe (64 KiB more). A write after that
	 * goes to a pipe with no reader, which raises SIGPIPE in the writer (PipeClosed). (The lab,
	 * s59/pipe2: `{ echo a; date >/dev/null; echo c; touch f; } | head -1` dies at `echo c`, f is
	 * not made; with `true`, a builtin, instead of date the group runs to its end.)
	 */
	reader?: PipeReader;
	/** When the reader had what it reads: the writer's blocking mark and the pipe's length then. */
	private sated?: {mark: [number, number]; length: number};
	/**
	 * The reader has exited (seen while the writer waited, PipePreview): the next write raises
	 * SIGPIPE whatever the reader is.
	 */
	readerGone = false;
	/**
	 * The writer wrote the pipe's first page in many write(2)s (cat: a record per read of
	 * /dev/kmsg) and goes on writing: a reader that started at once (PipeReader.early) and had
	 * what it reads in that page has exited by its next write. True when the reader is gone.
	 */
	readerHadItsTurn(): boolean {
		if (this.sated && this.reader?.early) this.readerGone = true;
		return this.readerGone;
	}
	write(s: string): undefined {
		if (this.readerGone) throw new PipeClosed();
		const reader = this.reader;
		if (reader && this.sated) {
			const [clock, waits] = reader.blocked();
			if (clock > this.sated.mark[0] || waits > this.sated.mark[1] || this.data.length - this.sated.length >= PIPE_CAPACITY) throw new PipeClosed();
		}
		this.data += s;
		if (reader && !this.sated && reader.feed(s)) this.sated = {mark: reader.blocked(), length: this.data.length};
		return undefined;
	}
}

/**
 * What a program run again after waiting for the console (Interp.runProgram()) printed on the
 * terminal before: the same run prints it again, and only what comes after it is new. A
 * pipeline's reader shown while its writer waited (PipePreview) runs again so once the writer is
 * done.
 */
export class ShownOutput {
	private readonly shown = {out: 0, err: 0};
	private readonly written = {out: 0, err: 0};

	/** The part of `s` (written to `stream`) not shown by an earlier run. */
	skip(stream: 'out' | 'err', s: string): string {
		const from = this.written[stream];
		this.written[stream] += s.length;
		return from >= this.shown[stream] ? s : s.slice(Math.min(s.length, this.shown[stream] - from));
	}

	/** The program runs again from its start. */
	again(): void {
		for (const k of ['out', 'err'] as const) {
			this.shown[k] = Math.max(this.shown[k], this.written[k]);
			this.written[k] = 0;
		}
	}

	/** What was shown is all the program prints: a run of it again prints nothing (it had exited). */
	seal(): void {
		this.shown.out = this.shown.err = Infinity;
	}
}

/** A pipeline stage that exits on its own once it has read enough (PipeSink.reader). */
export interface PipeReader {
	/** Takes what the writer wrote: true once the reader has read all it reads. */
	feed(s: string): boolean;
	/** The writer's blocking mark: the guest's clock and the shell's waits for children. */
	blocked(): [number, number];
	/**
	 * A NOEXEC applet (head, awk): the forked stage runs it without exec()ing busybox again, so it
	 * reads the pipe's first page while the writer still writes (PipeSink.readerHadItsTurn()).
	 */
	early?: boolean;
}

/** A pipe's buffer (16 pages). */
const PIPE_CAPACITY = 65536;

/** glibc's stdio buffer for a pipe (its st_blksize, a page): a program's output goes into it a buffer at a time. */
export const STDIO_BUFSIZ = 4096;

/**
 * A write to a pipe whose reader has exited: SIGPIPE, whose default action kills the writing
 * process (a program run from the shell dies alone, a subshell writing with a builtin dies
 * with it). Thrown by PipeSink.write(), caught where that process ends.
 */
export class PipeClosed extends Error {
	constructor() {
		super('EPIPE');
	}
}

export class FileSink implements Sink {
	readonly kind = 'file' as const;
	constructor(readonly file: OpenFile, readonly path?: string) {}
	write(s: string): Errno | undefined {
		// Doubling a file in a loop (`cat f f > g`) would grow memhp without bound: one write
		// past the cap fails like a full tmpfs does.
		if (s.length > MAX_WRITE_CHARS) return 'ENOSPC';
		return this.file.write(s);
	}
}

/** How far an endless writer goes into a pipe whose reader exits (Proc.stdoutReaderExits): 4 Mi characters, as yes bounds its other streams. */
export const ENDLESS_PIPE_CAP = 1 << 22;

/** Largest single write to a file (16 Mi characters, as MAX_DATA_CHARS in interp.ts). */
const MAX_WRITE_CHARS = 1 << 24;

/** Standard input: the tty (nothing typed ahead), or a string. */
export interface Source {
	tty: boolean;
	read(): string;
	/** What /proc/<pid>/fd names it: a file's path, a pipe's inode. */
	path?: string;
	ino?: number;
	/** sendfile(2) can read it: a file whose file_operations have splice_read (not a pipe or the tty). */
	splice?: boolean;
	/** The open file behind a `<` redirection (a device read record by record: /dev/kmsg). */
	file?: OpenFile;
}

export const TTY_IN: Source = {tty: true, read: () => ''};

/**
 * SIGINT reached an interactive shell (its own, or a foreground job's under job control):
 * raise_interrupt() drops the rest of the command line; the shell prints a newline, $? is 130.
 */
export class Interrupted extends Error {}

/**
 * The console would wait for ever (`sleep inf`, `wait` for one, `cat /dev/kmsg`) where nothing
 * but the user's Ctrl-C ends it and memhp cannot hold the console (replay): the command line
 * stops as Ctrl-C would stop it, and the front end says why, on a line of its own.
 */
export class WaitsForever extends Interrupted {}

/**
 * The terminal's quit character (Ctrl-\, VQUIT) sent SIGQUIT to the foreground job, delivered
 * where a program waits on the console: a program that keeps SIGQUIT's default dies of it (ash
 * reports `Quit`, $? is 131); the interactive ash ignores it (its `read` reads on). Thrown out of
 * a forked subshell's commands, it is that subshell dying of the signal (Interp.forkedSubshell()).
 */
export class TtyQuit extends Error {}

/**
 * A reader found nothing more typed on the console and no end of file: the command has to wait
 * for the next line (the runner asks the shell that has the console for it, then runs the
 * command again with that input; see Interp.runProgram()).
 */
export class NeedConsoleInput extends Error {
	/**
	 * `raw`: keys in non-canonical mode (each as typed, no line editing), not a line; `echo`:
	 * whether the terminal echoes them (off for more, top, `read -s`); `fatalSignal`: the
	 * program's handler for the terminal's SIGINT and SIGQUIT while it waits, returning its exit
	 * status (more's gotsig()), where it has one.
	 */
	constructor(readonly raw = false, readonly echo = !raw, readonly timeout?: number, readonly fatalSignal?: () => number) {
		super('the console has no input yet');
	}
}

/**
 * The console as seen by a program that reads it a line at a time (Proc.console), or keys
 * (Proc.tty); one that was handed keys as it waited (an InteractiveProgram) gives back with
 * feed() those it did not read: they stay in the terminal's input for the shell.
 */
export type ConsoleReader = Pick<ConsoleInput, 'peek' | 'take' | 'feed'>;

/**
 * The console as a program's standard input (the tty in canonical mode): what was typed while
 * the command line ran, a line at a time, and where Ctrl-D ended it (each Ctrl-D an end of file
 * of its own, the lines after it for the readers after). Lines reach it while a command waits for
 * them, or while a program that reads nothing (sleep) runs; a reader that wants more than was
 * typed throws NeedConsoleInput. Reset when the command line ends: what no program read is the
 * shell's (unread()).
 */
export class ConsoleInput implements Source {
	readonly tty: boolean = true;
	private typed = '';
	/** Where each Ctrl-D not yet read was typed, in order: a reader reaching one sees end of file. */
	private eofs: number[] = [];
	/** A reader has met the first end of file (a program that read nothing, sleep, leaves it for the next). */
	private eofMet = false;

	/** What a reader can read: up to the first end of file. */
	read(): string {
		return this.eofs.length ? this.typed.slice(0, this.eofs[0]) : this.typed;
	}

	/** A line typed (with its newline), or end of file (Ctrl-D on an empty line). */
	feed(line: string | null): void {
		if (line === null) this.eofs.push(this.typed.length);
		else this.typed += line;
	}

	/**
	 * A reader is at `offset` and wants more: end of file if Ctrl-D was typed there, else it waits
	 * (for a line, or with `raw` for keys; `echo` off for a silent read).
	 */
	atEnd(offset: number, raw = false, echo = !raw, timeout?: number): void {
		if (!this.eofs.length || offset < this.eofs[0]!) throw new NeedConsoleInput(raw, echo, timeout);
		this.eofMet = true;
	}

	/** What was typed since the reader's offset, and whether Ctrl-D ended it there. */
	peek(): {data: string; eof: boolean} {
		const eof = this.eofs.length > 0;
		if (eof) this.eofMet = true;
		return {data: this.read().slice(readOffset(this)), eof};
	}

	/** The reader read `count` more characters (all that was typed by default). */
	take(count?: number): void {
		const at = readOffset(this);
		const end = this.read().length;
		readOffsets.set(this, count === undefined ? end : Math.min(end, at + count));
	}

	/** What a reader reading to the end of file gets from `offset`, or NeedConsoleInput. */
	rest(offset: number): string {
		this.atEnd(this.read().length);
		return this.read().slice(offset);
	}

	/**
	 * What was typed and no reader read (at the end of a command line: the shell's to read). An
	 * end of file no reader took is not in it: the tty holds it as a NUL, which the shell's
	 * lineedit, reading in raw mode, ignores (the lab: Ctrl-D during `sleep 2` leaves the shell
	 * at its prompt).
	 */
	unread(): string {
		return this.typed.slice(readOffset(this));
	}

	/**
	 * The read(2) that returned end of file consumed it: the next reader waits for new lines
	 * (`cat; cat` takes a Ctrl-D each), or reads those typed after it.
	 */
	consumeEof(): void {
		if (!this.eofMet) return;
		this.eofs.shift();
		this.eofMet = false;
	}

	/**
	 * The terminal flushed its input queue (a signal character; no NOFLSH): what no reader has
	 * read is gone, the ends of file typed with it too. (A reader waiting for more has read all
	 * before it; what a program that reads nothing, sleep, let pass is what goes.)
	 */
	flush(): void {
		const at = readOffset(this);
		this.typed = this.typed.slice(0, at);
		this.eofs = this.eofs.filter(e => e < at);
		this.eofMet = false;
	}

	reset(): void {
		this.typed = '';
		this.eofs = [];
		this.eofMet = false;
		readOffsets.delete(this);
	}
}

/** How much of each input has been read: a pipe or file is read on from there by the next reader. */
const readOffsets = new WeakMap<Source, number>();

export function readOffset(src: Source): number {
	return readOffsets.get(src) ?? 0;
}

export function setReadOffset(src: Source, offset: number): void {
	readOffsets.set(src, offset);
}

/** A program reading its stdin to the end: what is left of it, all consumed afterwards. */
/**
 * The pipe a later stage of a pipeline reads once the terminal's SIGQUIT has reached the job
 * (memhp ran the stages before it first; real ones run at the same time, and the writer died
 * of it with what it had written in the pipe). A reader gets that data as it came and, where
 * the signal reaches it (`reaches()`: it does not ignore SIGQUIT), finds no end of file after
 * it: it would have been blocked there, waiting for more, and dies of it (Interp.runProgram());
 * one that ignores it reads to the end of file as from any pipe.
 */
export class QuitPipe extends ConsoleInput {
	override readonly tty = false;
	private ended = false;

	constructor(data: string, private readonly reaches: () => boolean, readonly ino?: number) {
		super();
		this.feed(data);
	}

	/** (for a reader that ignores the signal, the writer's exit: end of file) */
	private settle(): void {
		if (this.ended || this.reaches()) return;
		this.ended = true;
		this.feed(null);
	}

	override atEnd(offset: number, raw = false, echo = !raw, timeout?: number): void {
		this.settle();
		super.atEnd(offset, raw, echo, timeout);
	}

	override peek(): {data: string; eof: boolean} {
		this.settle();
		return super.peek();
	}
}

/**
 * A pipe whose writer is still there (a pipeline's writer waiting, PipePreview): a reader gets
 * what is in it and then waits for more, as on the console: a line-at-a-time reader handles the
 * lines there and throws NeedConsoleInput, one that reads to the end of file throws it at once.
 * `ended`: what wrote it has exited (a stage before that had its fill, `head -n 3`): an end of
 * file comes after the data.
 */
export class OpenPipe extends ConsoleInput {
	override readonly tty = false;

	constructor(data: string, ended: boolean) {
		super();
		this.feed(data);
		if (ended) this.feed(null);
	}
}

export function readRest(src: Source): string {
	if (src instanceof ConsoleInput) {
		const rest = src.rest(readOffset(src));
		readOffsets.set(src, src.read().length);
		return rest;
	}
	const data = src.read();
	const off = readOffset(src);
	if (data.length) readOffsets.set(src, data.length);
	return off ? data.slice(off) : data;
}

export function stringSource(s: string): Source {
	return {tty: false, read: () => s};
}

/** `prog: msg` on stderr, busybox's bb_error_msg. */
export function errorMsg(p: Proc, msg: string): void {
	p.err(`${p.name}: ${msg}\n`);
}

/** bb_perror_msg: `prog: msg: strerror`. */
export function perror(p: Proc, msg: string, e: Errno): void {
	p.err(`${p.name}: ${msg}: ${strerror[e]}\n`);
}

/** Reads a whole file through open(2)/read(2). */
export function readFile(vfs: Vfs, path: string): string | Errno {
	const f = vfs.open(path, {read: true});
	if (typeof f === 'string') return f;
	const data = f.read();
	f.close();
	return data;
}

/** Joins a path argument to the cwd (the kernel would do this for relative paths). */
export function absPath(cwd: string, path: string): string {
	if (path.startsWith('/')) return path;
	if (path === '') return cwd;
	return cwd === '/' ? `/${path}` : `${cwd}/${path}`;
}
