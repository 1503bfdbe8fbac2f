import type {MachineSnapshot} from './snapshot.js';

/** The two mux front-ends of `-nographic`: the guest's serial console and the QEMU monitor. */
export type Pane = 'serial' | 'monitor';

/**
 * Text appended to a front-end's output stream. Streams are terminal-like: they contain the
 * prompts (`/ # `, `(qemu) `), the echo of submitted lines and the command output, with '\n'
 * line ends. `terminal` is set on the unified stream (what one real `-nographic` terminal shows).
 */
export interface OutputChunk {
	pane: Pane;
	text: string;
}

/**
 * One running simulated machine: QEMU + guest + the mux chardev between them and the user.
 * Front ends (the Ink app, replay) talk to the machine only through this interface.
 */
/** The terminal's signal characters besides Ctrl-C: VSUSP (Ctrl-Z) and VQUIT (Ctrl-\). */
export type TtySignalKey = '\x1a' | '\x1c';

export interface MachineSession {
	/** Which front-end has the mux focus (C-a c switches). */
	focus(): Pane;
	/** The prompt the focused (or given) front-end currently shows, e.g. `/ # `, `> `, `(qemu) `. */
	prompt(pane?: Pane): string;
	/** The guest program waiting for a line typed on the console (`cat`, `read`), if one is. */
	consoleReader(): string | undefined;
	/** Whether that program reads keys in raw mode (more's `--More--` prompt): see consoleKeys(). */
	consoleTakesKeys(): boolean;
	/** Keys for a program reading the console in raw mode: no line editing (Enter is `\n`); echoed if consoleEchoes(). */
	consoleKeys(keys: string): void;
	/**
	 * Whether a program has the console in canonical mode (cat, read, sleep): keys typed go to
	 * the terminal's line discipline, ttyKeys(), not to a front end's line editor.
	 */
	consoleCanonical(): boolean;
	/** Whether a break (`C-a b`) armed the guest's SysRq: the next key typed on the console is its command (sysrqKey()). */
	sysrqArmed(): boolean;
	/** The key after a break, as the terminal sends it: the guest kernel's SysRq command. False if the break had expired (type it as usual). */
	sysrqKey(key: string): boolean;
	/**
	 * Keys typed while a program has the console in canonical mode, as the terminal sends them
	 * (Enter `\r`, Backspace DEL, Ctrl-letters as their bytes; Ctrl-C, Ctrl-Z and Ctrl-\ go to
	 * interrupt() and ttySignal()): n_tty echoes and edits them, a finished line goes to the
	 * program, and what it leaves typed is the line editor's at the next prompt (takeTypedAhead()).
	 */
	ttyKeys(keys: string): void;
	/**
	 * The start of a line typed ahead of the guest's prompt, taken (keys past what a program in raw
	 * mode read: `read -n 1` given `yz` leaves `z`): the line editor starts with it. Whole lines
	 * typed ahead the session runs at the prompt itself.
	 */
	takeTypedAhead(): string;
	/** Whether the guest console echoes typing now: off while more, top or `read -s` reads (the line editor hides it). */
	consoleEchoes(): boolean;
	/**
	 * Real time runs for the guest: a waiting program's delay (watch, top) counts down in
	 * elapse(); with `now` (the screen's clock, in ms) the guest's clock keeps up with it between
	 * inputs.
	 */
	runInRealTime(now?: () => number): void;
	/** The seconds the guest program waiting on the console waits at most (watch's interval, top's delay), if timed. */
	consoleTimeout(): number | undefined;
	/** `ms` of real time passed: a waiting program whose delay is over goes on (the guest clock moves by it). */
	elapse(ms: number): void;
	/**
	 * Enter pressed on a line typed into the focused front-end: echoes it, runs it (guest shell or
	 * HMP), lets the guest react (ACPI hot-add, eject) and appends output and the next prompt.
	 */
	submitLine(line: string): void;
	/**
	 * The key typed after C-a: 'c' switch focus, 'h' or '?' help, 't' timestamps, 'x' exit,
	 * 's' and 'b' (no visible effect), '\x01' a literal C-a for the focused line editor, anything else
	 * is swallowed. `sendsCtrlA`: the caller's line editor gets a C-a (both editors: beginning of line).
	 */
	muxKey(key: string): {sendsCtrlA?: boolean};
	/**
	 * Ctrl-C typed in the guest console: `^C` and a fresh prompt (discards a pending PS2 command).
	 * `line` is what was typed so far (the tty had echoed it), `cursor` where ash wrote `^C`.
	 */
	interrupt(line?: string, cursor?: number): void;
	/**
	 * Ctrl-Z (`\x1a`) or Ctrl-\ (`\x1c`) typed in the guest console: ignored at ash's prompt;
	 * while a program has the console, the terminal's SIGTSTP or SIGQUIT (`^Z`/`^\` echoed over
	 * `line` at `cursor`, typed input flushed), or a key for a program that reads them as keys.
	 */
	ttySignal(key: TtySignalKey, line?: string, cursor?: number): void;
	/**
	 * Ctrl-D on an empty guest console line: end of file for the shell reading it (a child `sh`
	 * exits back to its parent; the console shell exits and init respawns it).
	 */
	eof(): void;
	/**
	 * The lines Up/Down recall in a front-end: the monitor's readline history (QEMU's rules:
	 * a repeated line moves to the end) or the console shell's lineedit history (busybox's:
	 * a repeat of the previous line is not kept; a child `sh` has its own).
	 */
	history(pane: Pane): readonly string[];
	/** Tab completion for the focused front-end's current line. */
	complete(line: string, cursor: number): {replaceFrom: number; candidates: string[]};
	/** Subscribe to output; returns the unsubscribe function. */
	onOutput(listener: (chunk: OutputChunk) => void): () => void;
	/** Everything each front-end has printed so far (bounded by the caller's scrollback). */
	transcript(pane: Pane): string;
	/** The machine as plain data, for the memory panel. Cheap enough to call per render. */
	snapshot(): MachineSnapshot;
	/** Set once QEMU has exited (C-a x prints `QEMU: Terminated`, `quit`): the exit code. */
	exitCode(): number | undefined;
	/** Monotonic counter bumped on every state change (for memoised snapshots). */
	version(): number;
}
