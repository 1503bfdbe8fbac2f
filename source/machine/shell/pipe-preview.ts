import type {GuestSyscalls} from '../linux/syscalls.js';
import type {Vfs} from '../vfs/types.js';
import {awkOnlyPrints} from './applets/awk/read-limit.js';
import {absPath, NeedConsoleInput, OpenPipe, readRest, STDIO_BUFSIZ, type InteractiveProgram, type Proc, type Program, type ShownOutput, type Sink} from './proc.js';

/**
 * The filters a pipeline's writer lets run while it waits (PipePreview): programs whose run on
 * what a pipe holds so far does nothing but print (or, tee and sed's `w`, write files that their
 * run after the writer writes again), and that read their standard input a line at a time there
 * as on the console, or to its end.
 */
const PREVIEW_APPLETS: ReadonlySet<string> = new Set(['cat', 'grep', 'egrep', 'fgrep', 'head', 'tail', 'sed', 'awk', 'tr', 'cut', 'uniq', 'nl', 'wc', 'sort', 'tee', 'rev', 'tac', 'fold', 'expand', 'unexpand']);

/** One of the filters that can run ahead of a waiting writer, whatever its words (runsAhead()). */
export function isFilter(name: string): boolean {
	return PREVIEW_APPLETS.has(name);
}

/**
 * Whether `name ARGV` can run ahead on a pipe whose writer waits: one of PREVIEW_APPLETS, but not
 * sed editing files in place, tee appending to them (its run after the writer would append the
 * same lines again) nor an awk program that writes files or runs commands.
 */
export function runsAhead(name: string, argv: readonly string[]): boolean {
	if (!isFilter(name)) return false;
	const opt = (letter: string, long: string) => argv.slice(1).some(a => a === long || (new RegExp(`^-[^-]*${letter}`)).test(a));
	if (name === 'sed') return !opt('i', '--in-place');
	if (name === 'tee') return !opt('a', '--append');
	if (name === 'awk') return awkOnlyPrints(argv);
	return true;
}

/**
 * Programs that write(2) what each read(2) gave (bb_copyfd(), tr's, tee's and dd's own buffers)
 * or flush stdout before they wait (top and watch, each round); the others write a pipe or file
 * through stdio, a full buffer (4 KiB) at a time until they exit, so the next stage sees nothing
 * of a few lines (busybox grep has no --line-buffered).
 */
const UNBUFFERED: ReadonlySet<string> = new Set(['cat', 'tr', 'tee', 'dd', 'top', 'watch']);

/** A reader that copies what each read(2) gave, a line's start too: cat without options (bb_copyfd()), tr, tee. */
function bytewise(stage: PreviewStage): boolean {
	if (stage.name === 'tr' || stage.name === 'tee') return true;
	return stage.name === 'cat' && stage.argv.slice(1).every(a => a === '-' || !a.startsWith('-'));
}

/** Whether what `name` wrote to a pipe or file is there by the time it waits (else only whole stdio buffers are). */
export function writesAsItGoes(name: string): boolean {
	return UNBUFFERED.has(name);
}

/** A stage of the pipeline after the waiting writer: argv as the shell will exec it, its program and its process. */
export interface PreviewStage {
	name: string;
	argv: string[];
	main: Program | InteractiveProgram;
	/** The process the shell forked (and exec'ed) for it: the current one while it runs (/proc/self). */
	pid?: number;
}

/** What the readers run with: the shell's view of the machine, and the terminal they print on. */
export interface PreviewHost {
	sys: GuestSyscalls;
	vfs: Vfs;
	cwd: string;
	columns: number;
	env(): Map<string, string>;
	/** The shell's step budget. */
	tick(n?: number): void;
	/** The pipeline's standard output (the terminal) and error. */
	stdout: Sink;
	stderr: Sink;
}

/** A reader would sleep or run a command: its run ahead stops there. */
class Blocked extends Error {}

/**
 * System calls with an effect on the machine (a process's pages, the scheduler, signals): a
 * reader run ahead does without them (its run after the writer makes them).
 */
const EFFECTS = ['copyBuffer', 'lineDone', 'nanosleep', 'kernelTime', 'fork', 'execve', 'idle', 'schedule', 'setrlimit', 'exit', 'kill', 'mount', 'umount', 'reboot', 'swapon', 'swapoff', 'setFiles', 'waitChannel', 'pipe'] as const;

function sandboxed(sys: GuestSyscalls): GuestSyscalls {
	const s = Object.create(sys) as Record<string, unknown>;
	for (const k of EFFECTS) s[k] = undefined;
	s.syslogClear = () => undefined;
	return s as unknown as GuestSyscalls;
}

/**
 * The stages after a pipeline's writer, as they run while the writer waits (ash forks every
 * stage at once; memhp runs them one after another). A writer that waits (sleeps, waits for the
 * next /dev/kmsg record, for a line on the console, for ever) lets them run first: each gets what
 * the pipe before it holds, its whole lines (cat, tr and tee all of it), with no end of file yet
 * (an OpenPipe), as the process it is (PreviewStage.pid), and runs until it would wait for more,
 * sleep or run a command, or exits. The last one prints on the terminal, as it would meanwhile: a
 * line-at-a-time reader (grep, sed, cat...) what those lines give, one reading to the end of file
 * (sort, wc) nothing. Each stage's run after the writer is done prints only what comes after
 * what these runs printed (the ShownOutput per stage), nothing where it exited here. A stage in
 * the middle passes on what it wrote through stdio's buffer: whole 4 KiB buffers, all of it once
 * it exited (UNBUFFERED readers: all of it).
 */
export class PipePreview {
	private seen: string | undefined;
	private exited = false;
	/** The first reader's exit status, once it has exited. */
	status = 0;
	private readonly sys: GuestSyscalls;

	/** `shown[i]`: what stage i printed on the terminal so far (its real run skips it). */
	constructor(private readonly stages: readonly PreviewStage[], private readonly shown: readonly ShownOutput[], private readonly host: PreviewHost) {
		this.sys = sandboxed(host.sys);
	}

	/** The readers run on what the writer's pipe holds: true once the first one has exited (the writer's next write raises SIGPIPE). */
	run(data: string): boolean {
		// (once the first reader exited, what follows it is settled)
		if (this.exited || data === this.seen) return this.exited;
		this.seen = data;
		let input = data;
		let ended = false;
		for (const [i, stage] of this.stages.entries()) {
			const last = i === this.stages.length - 1;
			// (stdio's getline() waits for a line's end; cat, tr and tee copy what read(2) gave)
			const read = ended || bytewise(stage) ? input : input.slice(0, input.lastIndexOf('\n') + 1);
			const r = this.runStage(stage, read, ended, last, this.shown[i]!);
			if (i === 0) {
				this.exited = r.exited;
				this.status = r.status;
			}
			ended = r.exited;
			input = ended || UNBUFFERED.has(stage.name) ? r.out : r.out.slice(0, r.out.length - (r.out.length % STDIO_BUFSIZ));
		}
		return this.exited;
	}

	private runStage(stage: PreviewStage, input: string, ended: boolean, last: boolean, shown: ShownOutput): {out: string; exited: boolean; status: number} {
		const host = this.host;
		// (each run reads its whole pipe again: that work counts against the step budget, a
		// hundred lines a step, so a writer looping for ever with sleeps ends there in replay)
		host.tick(Math.ceil(lineCount(input) / 100));
		const pipe = new OpenPipe(input, ended);
		let out = '';
		let env: Map<string, string> | undefined;
		const p: Proc = {
			name: stage.name,
			argv: stage.argv,
			sys: this.sys,
			vfs: host.vfs,
			cwd: host.cwd,
			get env() {
				env ??= host.env();
				return env;
			},
			columns: host.columns,
			stdin: () => readRest(pipe),
			stdinIsTty: false,
			stdinFile: pipe,
			console: pipe,
			stdoutIsTty: last && host.stdout.kind === 'tty',
			out: s => {
				if (!last) {
					out += s;
					return;
				}
				const t = shown.skip('out', s);
				if (t) host.stdout.write(t);
			},
			err: s => {
				const t = shown.skip('err', s);
				if (t) host.stderr.write(t);
			},
			abs: path => absPath(host.cwd, path),
			tick: n => host.tick(n),
			sleep: () => {
				throw new Blocked();
			},
			// (a command it runs, awk's system(), runs in its run after the writer: here it waits there)
			execvp: () => {
				throw new Blocked();
			},
		};
		let exited = true;
		let status = 0;
		// (it runs in its own process: /proc/self is its)
		const back = stage.pid !== undefined ? host.sys.getpid?.() : undefined;
		if (stage.pid !== undefined) host.sys.schedule?.(stage.pid);
		try {
			const r = stage.main(p);
			if (typeof r === 'number') status = r;
			else {
				// (one that would wait on the console, tee: it waits for the pipe here)
				const step = r.next(undefined);
				if (step.done) status = step.value;
				else {
					exited = false;
					r.return(0);
				}
			}
		} catch (e) {
			if (!(e instanceof NeedConsoleInput || e instanceof Blocked)) throw e;
			exited = false;
		} finally {
			if (back !== undefined) host.sys.schedule?.(back);
		}
		shown.again();
		// (a reader that exited here has printed all it prints: its run after the writer prints nothing)
		if (exited) shown.seal();
		return {out, exited, status};
	}
}

function lineCount(s: string): number {
	let n = 0;
	for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
	return n;
}
