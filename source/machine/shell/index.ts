import {MachineDown, type GuestSyscalls} from '../linux/syscalls.js';
import {ConsoleTty, type CanonicalInput} from '../linux/tty.js';
import {hasGlobChars} from './glob.js';
import {ASH_BANNER, ExitShell, Interp, Interrupted, KilledBySignal, StepLimit, STEP_BUDGET, TtyQuit, WaitsForever, type ChildAsh, type Run, type TtyRead} from './interp.js';
import type {TtySignalKey} from '../session-types.js';
import {parse} from './parser.js';
import {BUILTIN_NAMES} from './builtins.js';
import {absPath, ConsoleInput, type Sink} from './proc.js';
import {strcmp} from './glob.js';

export {ASH_BANNER, STEP_BUDGET} from './interp.js';

/** One ash process that reads the console: the console shell, or a child started from it. */
class Ash {
	/** Lines of a command still incomplete (PS2). */
	pending: string[] = [];
	/** Lines read from the console so far (LINENO counts them). */
	linesRead = 0;
	/** The last PS1 expansion and what it was made of (front ends ask for the prompt often). */
	ps1Cache: {ps1: string; cwd: string; home: string; value: string} | undefined;
	/** The command line that started a child ash reading the console: it goes on when the child exits. */
	waiting: Run | undefined;
	/**
	 * The command line whose program waits on the console (cat, read, more, watch, ...), and what
	 * it waits for: its name, lines or keys, the echo, a time limit.
	 */
	reading: {run: Run; wait: TtyRead} | undefined;

	constructor(
		readonly interp: Interp,
		/** iflag: prompts are shown; a non-interactive reader (`sh > FILE`) just reads lines. */
		readonly interactive: boolean,
	) {}

	/** Where the shell's own messages go (a child's stderr may be redirected). */
	stderr(): Sink {
		return this.interp.topIO().stderr;
	}
}

/**
 * busybox 1.35 ash as the interactive root shell on /dev/ttyS0. Lines go in one at a time;
 * an incomplete compound command waits for more lines (PS2 `> `). Everything runs against
 * the guest's system calls only.
 *
 * `sh` typed there starts a child ash reading the terminal: the command line that ran it waits
 * (its evaluation is paused, see {@link Run}) while the console's lines go to the child, which is
 * a process of its own (its own variables, cwd, traps, history, pid). When it exits the waiting
 * line goes on with the child's status. Children nest; the innermost one has the console.
 */
/** CONFIG_FEATURE_EDITING_HISTORY of Debian's busybox: lines lineedit remembers. */
const MAX_HISTORY = 255;

/**
 * lineedit's remember_in_history(): every line read at an interactive prompt (PS1 or PS2),
 * except an empty one or a repeat of the line before; the oldest goes when 255 are kept.
 */
export function rememberInHistory(history: string[], line: string): void {
	if (line === '' || history[history.length - 1] === line) return;
	if (history.length >= MAX_HISTORY) history.shift();
	history.push(line);
}

export class Shell {
	/** The console shell first, then each child ash that has the console in turn. */
	private readonly stack: Ash[];
	private out = '';
	/** A command line is running (its tty output may be taken early, see takeOutput()). */
	private running = false;
	/** The last character of tty output taken early by takeOutput() during this command line. */
	private takenTail = '';
	private readonly tty: Sink;
	/** Set when reboot(2) took the machine down during a command line. */
	private down: MachineDown['how'] | undefined;
	/** The console as the programs' stdin: the lines typed while one waits for them. */
	private readonly consoleIn = new ConsoleInput();
	/**
	 * What was typed on the console that no program read (the tty's input queue): lines typed
	 * while a command ran without reading them (sleep), keys past what a program in raw mode
	 * took (`read -n 1` given `yz`). The shell's lineedit reads it at the next prompt: whole
	 * lines run as if typed there (takeTypedLine()), the start of one is the line being edited.
	 */
	private typedAhead = '';
	/** The console's tty where the guest has none to give (a shell on its own, in tests). */
	private ownTty: ConsoleTty | undefined;

	/**
	 * The front end runs in real time (the screen): a program may wait there for its delay
	 * (TtyRead.timeout: watch refreshes, top redisplays). Replay does not wait.
	 */
	realtime = false;

	constructor(private readonly sys: GuestSyscalls, private readonly opts: {columns?: number} = {}) {
		this.tty = {
			kind: 'tty',
			write: s => {
				this.out += s;
				return undefined;
			},
		};
		this.stack = [this.consoleAsh()];
	}

	/**
	 * The console shell as init starts it: the environment init passes, ash's own variables, `/`,
	 * no functions, options, aliases or history (a respawned one is a new process too).
	 */
	private consoleAsh(): Ash {
		const vars = new Map<string, {value: string; exported: boolean}>([
			['HOME', {value: '/', exported: true}],
			['TERM', {value: 'linux', exported: true}],
			['PATH', {value: '/sbin:/usr/sbin:/bin:/usr/bin', exported: true}],
			['SHELL', {value: '/bin/sh', exported: true}],
			['USER', {value: 'root', exported: true}],
			['LOGNAME', {value: 'root', exported: true}],
			['PWD', {value: '/', exported: true}],
			// /init is an ash script (SHLVL=1) that ends in `exec setsid cttyhack sh`: one more.
			['SHLVL', {value: '2', exported: true}],
			['PS1', {value: '\\w \\$ ', exported: false}],
			['PS2', {value: '> ', exported: false}],
			['IFS', {value: ' \t\n', exported: false}],
			// what ash's init() sets for itself: varinit's PS4 and OPTIND, getppid() (the console
			// shell is pid 1), and HOSTNAME from uname() when the environment has none
			['PS4', {value: '+ ', exported: false}],
			['OPTIND', {value: '1', exported: false}],
			['PPID', {value: '0', exported: false}],
			['HOSTNAME', {value: '(none)', exported: false}],
		]);
		const interp = new Interp(this.sys, {vars, cwd: '/', functions: new Map(), positional: [], status: 0}, this.tty, this.opts.columns ?? 80, this.consoleIn);
		// (init's umask, 022, not what the shell before it set)
		interp.umask = 0o022;
		return new Ash(interp, true);
	}

	/** The shell that has the console: the innermost child ash, else the console shell. */
	private get ash(): Ash {
		return this.stack[this.stack.length - 1]!;
	}

	private get interp(): Interp {
		return this.ash.interp;
	}

	/**
	 * PS1 (`\w \$ ` as busybox expands it for root) or PS2 while a command is incomplete; nothing
	 * for a child ash that is not interactive.
	 */
	prompt(): string {
		const ash = this.ash;
		if (!ash.interactive || ash.reading) return '';
		if (ash.pending.length) return this.interp.getVar('PS2') ?? '> ';
		const ps1 = this.interp.getVar('PS1') ?? '\\w \\$ ';
		const cwd = this.interp.state.cwd;
		const home = this.interp.getVar('HOME') ?? '';
		// \h asks the kernel each time; everything else depends on these three strings only.
		const c = ash.ps1Cache;
		if (c && c.ps1 === ps1 && c.cwd === cwd && c.home === home) return c.value;
		const value = this.expandPs1(ps1, cwd, home);
		ash.ps1Cache = ps1.includes('\\h') ? undefined : {ps1, cwd, home, value};
		return value;
	}

	private expandPs1(ps1: string, cwd: string, home: string): string {
		// lineedit's \w: $HOME becomes ~, except a HOME of "/" (the l != 1 check).
		const w = home.length > 1 && (cwd === home || cwd.startsWith(home + '/')) ? '~' + cwd.slice(home.length) : cwd;
		return ps1.replace(/\\([wWh$un\\])/g, (_m, c: string) => {
			switch (c) {
				case 'w': return w;
				case 'W': return w === '/' ? '/' : w.slice(w.lastIndexOf('/') + 1);
				case '$': return '#';
				case 'u': return 'root';
				case 'h': return this.interp.sys.uname().nodename.split('.')[0];
				case 'n': return '\n';
				default: return '\\';
			}
		});
	}

	/**
	 * A line typed on the console, for the shell that has it. `exit` is set when the console
	 * shell itself exits (init respawns it); a child's exit just hands the console back.
	 * `typedAhead`: a whole line that was typed ahead, which lineedit reads at its prompt.
	 */
	run(line: string, typedAhead = false): {output: string; exit?: number; down?: MachineDown['how']} {
		this.out = '';
		const ash = this.ash;
		// (keys typed in canonical mode before it start the line)
		if (ash.reading) return this.ttyInput(this.consoleTty().takeCanon() + line + '\n');
		// (the start of a line typed ahead that the front end did not take into its editor; not
		// for a line the session runs from what was typed ahead, which comes before it)
		if (!typedAhead && !this.typedAhead.includes('\n')) {
			line = this.typedAhead + line;
			this.typedAhead = '';
		}
		rememberInHistory(ash.interp.history, line);
		// set -v: the line as the reader takes it, on the shell's stderr
		if (ash.interp.opts.has('v')) ash.stderr().write(`${line}\n`);
		ash.pending.push(line);
		ash.linesRead++;
		const result = this.submit(ash, true);
		// (the console's own shell, pid 1: a child `sh` run at its prompt grows a heap of its own)
		if (ash === this.stack[0]) ash.interp.sys.lineDone?.();
		return result;
	}

	/**
	 * The lines typed so far as one command: parsed and run, or kept while it is incomplete and
	 * `more` lines may come (at end of file none do).
	 */
	private submit(ash: Ash, more: boolean): {output: string; exit?: number; down?: MachineDown['how']} {
		const src = ash.pending.join('\n') + '\n';
		let parsed: ReturnType<typeof parse>;
		try {
			// More lines may come: an open here-document waits for its delimiter (PS2).
			parsed = parse(src, {partial: more});
		} catch (e) {
			if (!(e instanceof RangeError)) throw e;
			// Thousands of nested ( or $( exhaust the parser's stack: drop the input like ash
			// drops a line it cannot parse.
			ash.pending = [];
			ash.interp.state.status = 2;
			return {output: 'memhp: command interrupted: nesting too deep\n'};
		}
		if (!parsed.ok && parsed.incomplete && more) return {output: this.out};
		// (the lines before this command: its own are counted from 1)
		ash.interp.consoleBase = ash.linesRead - ash.pending.length;
		ash.pending = [];
		if (!parsed.ok) {
			ash.stderr().write(`sh: ${parsed.message}\n`);
			ash.interp.state.status = 2;
			// A shell that is not interactive stops at a syntax error.
			if (!ash.interactive) return this.session(() => this.exitAsh(ash, 2));
			return {output: this.out};
		}
		const node = parsed.node;
		// The whole lines typed ahead after this one are the tty's for the command's programs to read.
		const whole = this.typedAhead.lastIndexOf('\n') + 1;
		if (whole) {
			this.consoleIn.feed(this.typedAhead.slice(0, whole));
			this.typedAhead = this.typedAhead.slice(whole);
		}
		return this.session(() => this.drive(ash, ash.interp.runTop(node), undefined));
	}

	/**
	 * Runs fn as a command line: its output, `exit` if the console shell exited, `down` if a
	 * program took the machine down (reboot -f).
	 */
	private session(fn: () => number | undefined): {output: string; exit?: number; down?: MachineDown['how']} {
		this.running = true;
		this.takenTail = '';
		try {
			const exit = fn();
			if (this.down) return {output: this.out, down: this.down};
			return exit === undefined ? {output: this.out} : {output: this.out, exit};
		} finally {
			this.running = false;
			// The line is done and the shell waits for the next one.
			this.sys.idle?.();
		}
	}

	/**
	 * Runs (or resumes, with `reply`) a command line of `ash`. When it starts a child ash that
	 * reads the terminal, the line waits and the child gets the console. Returns the console
	 * shell's exit status when it exits.
	 */
	private drive(ash: Ash, run: Run, reply: number | string | null | undefined, thrown?: Error): number | undefined {
		ash.interp.steps = 0;
		let r: IteratorResult<ChildAsh | TtyRead, number>;
		for (;;) {
			try {
				r = thrown ? run.throw(thrown) : run.next(reply);
			} catch (e) {
				return this.stopped(ash, e);
			}
			thrown = undefined;
			if (!r.done && 'tty' in r.value && r.value.timeout !== undefined && !this.realtime && (r.value.noInput || r.value.expires)) {
				// Where nothing runs in real time a timed wait for no input ends at once (undefined:
				// it cannot wait), and one that times out (read -t) does so ('': nothing was typed
				// before the step ended). The line goes on with the same step budget: a loop that
				// sleeps (`while :; do sleep 1; done`) ends at it like one that does not.
				reply = r.value.noInput ? undefined : '';
				continue;
			}
			break;
		}
		if (!r.done) {
			if ('tty' in r.value) {
				// A program waits for a line from the console: the next input is its.
				ash.reading = {run, wait: r.value};
				return undefined;
			}
			ash.waiting = run;
			// (the shell waits while the child reads the console: its jobs run, even one the child is in)
			ash.interp.blocks(false);
			return this.startAsh(r.value);
		}
		this.lineDone(ash);
		return undefined;
	}

	/** A command line ended by what its run threw: the shell exiting, a signal, the machine going down, an interruption. */
	private stopped(ash: Ash, e: unknown): number | undefined {
		if (e instanceof ExitShell) return this.exitAsh(ash, e.status);
		if (e instanceof KilledBySignal) return this.exitAsh(ash, 128 + e.sig, e.sig);
		if (e instanceof MachineDown) {
			// reboot(2): nothing of this guest runs any more.
			this.down = e.how;
			return undefined;
		}
		const stderr = ash.stderr();
		if (e instanceof Interrupted) {
			if (e instanceof WaitsForever) stderr.write(`${this.lineBreak()}memhp: this never ends (in the guest Ctrl-C stops it): interrupted\n`);
			// raise_interrupt(): the rest of the line is dropped; the main loop prints a newline.
			stderr.write('\n');
			ash.interp.state.status = 130;
		} else if (e instanceof StepLimit) {
			stderr.write(`${this.lineBreak()}memhp: command interrupted after ${STEP_BUDGET} steps\n`);
			ash.interp.state.status = 130;
		} else if (e instanceof RangeError) {
			// Unbounded recursion (`f() { f; }; f`) or a string past the engine's limit: real
			// ash would crash or run out of memory; here the command stops, the shell lives on.
			stderr.write(`${this.lineBreak()}memhp: command interrupted: ${/stack/i.test(e.message) ? 'nesting too deep' : 'out of memory'}\n`);
			ash.interp.state.status = 130;
		} else throw e;
		this.lineDone(ash);
		return undefined;
	}

	/** The line is done: its fresh jobs' output, and with job control the finished jobs, before the next prompt (Interp.lineDone()). */
	private lineDone(ash: Ash): void {
		// what no program read goes back to the shell's lineedit, which takes the tty out of
		// canonical mode: the line being typed there is its too
		this.typedAhead = this.consoleIn.unread() + this.typedAhead + this.consoleTty().takeCanon();
		this.consoleIn.reset();
		ash.interp.lineDone(ash.stderr());
	}

	/**
	 * The program waiting on the console goes on: with a line typed, with end of file (null:
	 * Ctrl-D, which the terminal does not echo) or killed by SIGINT (Ctrl-C).
	 */
	private resumeReader(ash: Ash, input: string | null, thrown?: Error): {output: string; exit?: number; down?: MachineDown['how']} {
		const {run} = ash.reading!;
		ash.reading = undefined;
		return this.session(() => this.drive(ash, run, input, thrown));
	}

	/** A child ash starts on the console: banner (if interactive), its startup files, then its prompt. */
	private startAsh(req: ChildAsh): number | undefined {
		const interp = new Interp(this.sys, req.state, this.tty, this.opts.columns ?? 80, this.consoleIn);
		interp.opts = req.opts;
		interp.mode = req.mode;
		interp.umask = req.umask;
		interp.stdio = {stdout: req.stdout, stderr: req.stderr};
		const child = new Ash(interp, req.interactive);
		this.stack.push(child);
		if (req.interactive) req.stdout.write(ASH_BANNER);
		return this.drive(child, interp.startup(req.login, req.interactive), undefined);
	}

	/**
	 * `ash` exits with `status`: its EXIT trap runs; the console shell's exit is returned (init
	 * respawns it), a child's hands the console back to the line that started it. A child killed
	 * by signal `sig` runs no trap, and its parent reports the signal.
	 */
	private exitAsh(ash: Ash, status: number, sig?: number): number | undefined {
		if (sig === undefined) ash.interp.exitTrap();
		// Its jobs go with it (those that had not run yet run now).
		ash.interp.blocks(true);
		ash.interp.jobs = [];
		// The console shell's exit: init starts a new one.
		if (this.stack.length === 1) {
			this.stack[0] = this.consoleAsh();
			return status;
		}
		this.stack.pop();
		const parent = this.ash;
		parent.interp.childSignal = sig;
		const run = parent.waiting!;
		parent.waiting = undefined;
		return this.drive(parent, run, status);
	}

	/**
	 * What the running command line has written to the tty so far, handed over and forgotten:
	 * the kernel's console is about to write to the same serial line, and the shell's earlier
	 * output must come first. Empty between command lines.
	 */
	takeOutput(): string {
		if (!this.running || !this.out) return '';
		const s = this.out;
		this.takenTail = s.slice(-1);
		this.out = '';
		return s;
	}

	/** memhp's own messages start on a fresh line even after output without a final newline. */
	private lineBreak(): string {
		const tail = this.out ? this.out.slice(-1) : this.takenTail;
		return tail === '' || tail === '\n' ? '' : '\n';
	}

	/**
	 * Ctrl-C (SIGINT): an interactive ash drops the line being typed ($? = 130). Shells that are
	 * not interactive (`sh > FILE`) die of it, and the interactive shell whose command line
	 * started them drops the rest of that line, as for any foreground job killed by SIGINT.
	 */
	interrupt(): {output: string; exit?: number; down?: MachineDown['how']} {
		// The tty flushes its input queue on the interrupt character (no NOFLSH).
		this.typedAhead = '';
		this.consoleIn.reset();
		this.consoleTty().flushInput();
		if (this.ash.reading) {
			// The foreground program dies of SIGINT: the rest of its line is dropped, $? is 130.
			this.out = '';
			return this.resumeReader(this.ash, null, new Interrupted());
		}
		this.ash.pending = [];
		let killed = false;
		while (!this.ash.interactive) {
			this.stack.pop();
			// The lines waiting in the dying shells end too (their files close, their children are reaped).
			this.ash.waiting?.return(130);
			this.ash.waiting = undefined;
			killed = true;
		}
		this.ash.interp.state.status = 130;
		if (!killed) return {output: '\n'};
		// Its foreground job gone, the interactive shell's main loop reports the background jobs
		// that finished meanwhile before its prompt (cmdloop(): showjobs(SHOW_CHANGED)).
		this.out = '';
		this.lineDone(this.ash);
		const notices = this.out;
		this.out = '';
		return {output: `\n${notices}`};
	}

	/**
	 * What the terminal's signal character `key` (Ctrl-Z, Ctrl-\) is now: nothing at the
	 * prompt (lineedit, ISIG off, ignores it), a key for a reader that takes it as one (top's
	 * ISIG is off; vi's SIGTSTP handler memhp runs as its key), else a signal (ttySignal()).
	 */
	readerSignals(key: TtySignalKey): 'none' | 'key' | 'signal' {
		const wait = this.ash.reading?.wait;
		if (!wait) return 'none';
		if (wait.signalKeys === 'all' || (wait.signalKeys === 'tstp' && key === '\x1a')) return 'key';
		return 'signal';
	}

	/**
	 * n_tty's isig() for Ctrl-Z or Ctrl-\ while a program waits on the console: the input queue
	 * is flushed (lines typed ahead, and what the front end had of the next line). SIGTSTP stops
	 * nothing here: the console shell is init, and its children inherit SIGTSTP ignored (the lab:
	 * `sleep`, `cat` and `read` go on after `^Z`). SIGQUIT goes to the foreground job: the
	 * interactive ash ignores it (its `read` reads on), a program with its default action dies
	 * of it (ash reports `Quit`, $? 131, and the command line goes on), more exits by its
	 * handler, and the job's other processes, a pipeline's forked subshells and later stages,
	 * die of it too (Interp.deliverQuit()). Undefined where the program goes on.
	 */
	ttySignal(key: TtySignalKey): {output: string; exit?: number; down?: MachineDown['how']} | undefined {
		this.typedAhead = '';
		this.consoleIn.flush();
		this.consoleTty().flushInput();
		const wait = this.ash.reading?.wait;
		if (key === '\x1a' || !wait) return undefined;
		// SIGQUIT goes to the whole foreground job: the pipeline's other stages die of it too
		this.ash.interp.deliverQuit();
		if (wait.ignoresQuit) return undefined;
		this.out = '';
		return this.resumeReader(this.ash, null, new TtyQuit());
	}

	/**
	 * Ctrl-D on an empty line: end of file. In the middle of a command the parser meets it (a
	 * here-document ends there, anything else is a syntax error); otherwise the shell exits with
	 * $?, after a newline when interactive.
	 */
	eof(): {output: string; exit?: number; down?: MachineDown['how']} {
		this.out = '';
		const ash = this.ash;
		// A program that reads nothing (sleep) goes on: the end of file waits in the tty for the
		// next reader of this command line (the shell's lineedit ignores it, see unread()).
		if (ash.reading?.wait.noInput) {
			this.consoleIn.feed(null);
			return {output: ''};
		}
		if (ash.reading) return this.resumeReader(ash, null);
		if (ash.pending.length) return this.submit(ash, false);
		if (ash.interactive) ash.stderr().write('\n');
		return this.session(() => this.exitAsh(ash, ash.interp.state.status));
	}

	/**
	 * The next whole line typed ahead (see typedAhead), for the shell's prompt: the front end
	 * echoes it after the prompt, as lineedit does, and runs it.
	 */
	takeTypedLine(): string | undefined {
		if (this.ash.reading) return undefined;
		const nl = this.typedAhead.indexOf('\n');
		if (nl < 0 || this.typedAhead.slice(0, nl).includes('\x04')) return undefined;
		const line = this.typedAhead.slice(0, nl);
		this.typedAhead = this.typedAhead.slice(nl + 1);
		return line;
	}

	/**
	 * A Ctrl-D key typed ahead (past what a program in raw mode took), now first: lineedit reads
	 * it at the empty prompt as the shell's end of file (eof()).
	 */
	takeTypedEof(): boolean {
		if (this.ash.reading || !this.typedAhead.startsWith('\x04')) return false;
		this.typedAhead = this.typedAhead.slice(1);
		return true;
	}

	/** The start of a line typed ahead (no whole line before it), taken into the front end's line editor. */
	takeTypedStart(): string {
		if (this.typedAhead.includes('\n') || this.typedAhead.startsWith('\x04')) return '';
		// (Ctrl-D inside a line deletes the character under the cursor: at its end, nothing)
		const start = this.typedAhead.replace(/\x04/g, '');
		this.typedAhead = '';
		return start;
	}

	/** The program waiting for a line typed on the console, if one is. */
	reader(): string | undefined {
		return this.ash.reading?.wait.name;
	}

	/** How many seconds of real time the program waiting waits at most (watch, top), if it is timed. */
	readerTimeout(): number | undefined {
		return this.realtime ? this.ash.reading?.wait.timeout : undefined;
	}

	/** The waiting program's time is up: it goes on with no input ('' ). */
	timeUp(): {output: string; exit?: number; down?: MachineDown['how']} {
		this.out = '';
		const ash = this.ash;
		if (this.readerTimeout() === undefined) return {output: ''};
		return this.resumeReader(ash, '');
	}

	/** The console's tty (the kernel's n_tty). */
	private consoleTty(): ConsoleTty {
		const tty = this.sys.tty?.();
		if (tty) return tty;
		this.ownTty ??= new ConsoleTty();
		return this.ownTty;
	}

	/**
	 * Whether a program has the console in canonical mode (cat, read, sleep, watch: not ash's
	 * lineedit, nor more, top or vi, which read raw keys): keys typed go through the tty's line
	 * discipline, ttyReceive().
	 */
	consoleCanonical(): boolean {
		return this.ash.reading !== undefined && this.ash.reading.wait.raw !== true;
	}

	/** Keys typed in canonical mode: what n_tty echoes, and the input they complete (ttyInput() each). */
	ttyReceive(keys: string, column: number): CanonicalInput {
		return this.consoleTty().receive(keys, column, this.readerEchoes());
	}

	/** Whether the tty takes the next key literally (after Ctrl-V): a signal character is then a key. */
	ttyTakesLiterally(key: '\x03' | '\x1a' | '\x1c'): boolean {
		return this.consoleCanonical() && !this.consoleTty().isSignal(key);
	}

	/**
	 * Input the tty made readable in canonical mode (a line, a partial line Ctrl-D pushed; null:
	 * end of file) for the program waiting: it reads it, or, one that reads nothing (sleep), it
	 * waits in the tty for the next reader or the shell's prompt. With no program waiting any
	 * more it is the shell's lineedit's, typed ahead.
	 */
	ttyInput(data: string | null): {output: string; exit?: number; down?: MachineDown['how']} {
		this.out = '';
		const ash = this.ash;
		if (!ash.reading) {
			this.typedAhead += data ?? '\x04';
			return {output: ''};
		}
		if (ash.reading.wait.noInput) {
			this.consoleIn.feed(data);
			return {output: ''};
		}
		return this.resumeReader(ash, data);
	}

	/** Whether the program waiting reads nothing from the console (sleep, watch): what is typed waits in the tty. */
	readerIgnoresInput(): boolean {
		return this.ash.reading?.wait.noInput === true;
	}

	/** Whether the program waiting reads keys in non-canonical mode (more's prompt, top, read -n). */
	readerTakesKeys(): boolean {
		return this.ash.reading?.wait.raw === true;
	}

	/** Whether the terminal echoes what is typed for the program waiting (not for more, top, read -s). */
	readerEchoes(): boolean {
		return this.ash.reading?.wait.noEcho !== true;
	}

	/** Keys typed for a program reading the terminal in non-canonical mode: they go to it as they are. */
	keys(keys: string): {output: string; exit?: number; down?: MachineDown['how']} {
		this.out = '';
		const ash = this.ash;
		if (!this.readerTakesKeys() || keys === '') return {output: ''};
		return this.resumeReader(ash, keys);
	}

	lastStatus(): number {
		return this.interp.state.status;
	}

	/** The line-editing history of the shell that has the console (Up/Down walk it). */
	history(): readonly string[] {
		return this.ash.interp.history;
	}

	complete(line: string, cursor: number): {replaceFrom: number; candidates: string[]} {
		const before = line.slice(0, cursor);
		const m = /[^\s;|&<>()]*$/.exec(before)!;
		const word = m[0];
		const start = cursor - word.length;
		const prefix = before.slice(0, start);
		const firstWord = /(^|[;|&(]|&&|\|\|)\s*$/.test(prefix);
		const vfs = this.interp.sys.vfs;
		if (firstWord && !word.includes('/')) {
			const names = new Set<string>([...BUILTIN_NAMES, ...this.interp.state.functions.keys()]);
			for (const dir of (this.interp.getVar('PATH') ?? '').split(':')) {
				const entries = vfs.readdir(dir);
				if (typeof entries !== 'string') for (const e of entries) names.add(e);
			}
			return {replaceFrom: start, candidates: [...names].filter(n => n.startsWith(word)).sort(strcmp)};
		}
		if (hasGlobChars(word)) return {replaceFrom: start, candidates: []};
		const slash = word.lastIndexOf('/');
		const dirPart = slash >= 0 ? word.slice(0, slash + 1) : '';
		const base = word.slice(slash + 1);
		const dir = absPath(this.interp.state.cwd, dirPart || '.');
		const entries = vfs.readdir(dir);
		if (typeof entries === 'string') return {replaceFrom: start, candidates: []};
		const candidates = entries
			.filter(e => e.startsWith(base) && (base.startsWith('.') || !e.startsWith('.')))
			.sort(strcmp)
			.map(e => {
				const st = vfs.stat(`${dir.replace(/\/$/, '')}/${e}`);
				return dirPart + e + (typeof st !== 'string' && st.type === 'dir' ? '/' : '');
			});
		return {replaceFrom: start, candidates};
	}
}
