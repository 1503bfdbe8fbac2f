import type {MachineSession, Pane, TtySignalKey} from '../machine/session-types.js';
import type {MachineSnapshot} from '../machine/snapshot.js';
import type {KeyEvent} from './keys/key-event.js';
import {applyCompletion, layoutAsh, layoutQemu} from './line-editor/completion.js';
import {initialLineEditorState, lineEditorReducer, type LineEditorAction, type LineEditorState} from './line-editor/reducer.js';
import {PaneBuffer} from './pane/pane-buffer.js';
import {scrollToLine} from './pane/viewport.js';
import {placeCursor, wrapInputLine} from './pane/wrap.js';

/** MemFree samples kept for the sparkline. */
const FREE_SAMPLES = 240;

/** Named keys as an xterm-like terminal sends them, for a guest program reading raw keys. */
const RAW_KEY_BYTES: Partial<Record<string, string>> = {
	up: '\x1b[A', down: '\x1b[B', right: '\x1b[C', left: '\x1b[D', home: '\x1b[H', end: '\x1b[F',
	pageup: '\x1b[5~', pagedown: '\x1b[6~', delete: '\x1b[3~', backspace: '\x7f', tab: '\t', escape: '\x1b',
};

/** What a terminal sends for a key (Enter as CR, a control letter as its byte); undefined for a mux key or a named key it sends nothing for. */
function terminalBytes(event: KeyEvent): string | undefined {
	if (event.type === 'text') return event.text;
	if (event.type === 'key') return event.name === 'enter' ? '\r' : RAW_KEY_BYTES[event.name];
	if (event.type === 'ctrl') return String.fromCharCode(event.letter.charCodeAt(0) & 0x1f);
	return undefined;
}

/** Keys that map one-to-one onto line editor actions. */
const EDIT_KEYS: Partial<Record<string, LineEditorAction>> = {
	backspace: {type: 'backspace'},
	delete: {type: 'delete'},
	left: {type: 'left'},
	right: {type: 'right'},
	home: {type: 'home'},
	end: {type: 'end'},
	up: {type: 'history-prev'},
	down: {type: 'history-next'},
};

/** The terminal's signal characters besides Ctrl-C, by the letter the key parser names them with (Ctrl-\ is `|`). */
const SIGNAL_KEYS: Partial<Record<string, TtySignalKey>> = {z: '\x1a', '|': '\x1c'};

/**
 * Control letters each front end's line editor acts on; any other control byte is ignored.
 * busybox lineedit (read_line_input()): C-a/C-e line ends, C-b/C-f a character, C-d delete
 * (EOF on an empty line: ctrl()), C-h rubout, C-u/C-k kill before/after the cursor, C-w a word,
 * C-p/C-n history (C-c, and C-z and C-\ while a program has the console: ctrl()).
 * QEMU readline (readline_handle_byte()) knows only C-a, C-d (delete under the cursor), C-e,
 * C-h and C-w. C-a reaches either one as the mux's C-a C-a (`-nographic`).
 */
const CTRL_KEYS: Record<Pane, Partial<Record<string, LineEditorAction>>> = {
	serial: {
		a: {type: 'home'},
		b: {type: 'left'},
		f: {type: 'right'},
		d: {type: 'delete'},
		e: {type: 'end'},
		h: {type: 'backspace'},
		u: {type: 'kill-to-start'},
		k: {type: 'kill-to-end'},
		w: {type: 'kill-word-back'},
		p: {type: 'history-prev'},
		n: {type: 'history-next'},
	},
	monitor: {
		a: {type: 'home'},
		d: {type: 'delete'},
		e: {type: 'end'},
		h: {type: 'backspace'},
		w: {type: 'kill-word-back'},
	},
};

/**
 * Everything the screen holds besides the machine: a scrollback and a line editor per pane,
 * scroll offsets and the scrollback search. Key events come in from the router; the session
 * gets whole lines, mux keys, Ctrl-C and Tab. No React here, so it is testable with a fake
 * session and no terminal.
 */
export class ConsoleController {
	readonly buffers: Record<Pane, PaneBuffer> = {serial: new PaneBuffer(), monitor: new PaneBuffer()};
	readonly editors: Record<Pane, LineEditorState> = {serial: initialLineEditorState, monitor: initialLineEditorState};
	/** Screen rows scrolled up from the bottom, per pane (0 = following output). */
	readonly scroll: Record<Pane, number> = {serial: 0, monitor: 0};
	/** Size of each pane's text area, set by the view on every render (PageUp scrolls a page). */
	readonly viewSize: Record<Pane, {width: number; height: number}> = {
		serial: {width: 78, height: 10},
		monitor: {width: 78, height: 10},
	};
	/** Scrollback search: open prompt, last query and the line of the last match. */
	search: {open: boolean; query: string; match: number; message: string} = {open: false, query: '', match: -1, message: ''};
	/**
	 * MemFree (kB) after each machine change, oldest first. A new array per sample (never
	 * changed in place), so views memoised on it redraw exactly when it changes.
	 */
	freeHistory: readonly number[] = [];
	private sampledVersion = -1;
	private snapshotVersion = -1;
	private lastSnapshot: MachineSnapshot | undefined;
	private readonly unsubscribe: () => void;
	/** A look for keys typed ahead is queued after the session's output (see the constructor). */
	private typedAheadQueued = false;

	constructor(
		readonly session: MachineSession,
		private readonly changed: () => void,
	) {
		this.unsubscribe = session.onOutput(chunk => {
			const buffer = this.buffers[chunk.pane];
			buffer.append(chunk.text);
			if (chunk.pane === 'serial') {
				this.answer(buffer.takeReports());
				// (a prompt after a program the keys were typed to: what is left typed is lineedit's
				// line; once the session is done writing, one look for all of its chunks)
				if (!this.typedAheadQueued && session.consoleReader() === undefined) {
					this.typedAheadQueued = true;
					queueMicrotask(() => {
						this.typedAheadQueued = false;
						this.takeTypedAhead();
					});
				}
			}
			this.changed();
		});
		this.buffers.serial.append(session.transcript('serial'));
		this.buffers.monitor.append(session.transcript('monitor'));
		// (questions asked before this screen existed went unanswered)
		this.buffers.serial.takeReports();
	}

	/** The size of a pane's text area, set by its view as it draws: the terminal size a guest program that asks is told. */
	setViewSize(pane: Pane, width: number, height: number): void {
		this.viewSize[pane] = {width, height};
		this.buffers[pane].setScreen(height, width);
	}

	/**
	 * The terminal's answers to a guest program's `ESC [6n` (less asks the console's size so, with
	 * `ESC [999;999H` first): typed back to the program reading keys, after the output that asked
	 * (a terminal answers on its input). With no program reading keys they are dropped.
	 */
	private answer(reports: string[]): void {
		if (!reports.length) return;
		queueMicrotask(() => {
			for (const report of reports) if (this.session.consoleTakesKeys()) this.session.consoleKeys(report);
		});
	}

	dispose(): void {
		this.unsubscribe();
	}

	focus(): Pane {
		return this.session.focus();
	}

	/**
	 * The machine's snapshot, taken once per machine version: the same object until the
	 * machine changes, so the memory panel (memoised on it) is not redrawn by keystrokes.
	 */
	snapshot(): MachineSnapshot {
		const version = this.session.version();
		if (this.lastSnapshot === undefined || version !== this.snapshotVersion) {
			this.snapshotVersion = version;
			this.lastSnapshot = this.session.snapshot();
		}
		return this.lastSnapshot;
	}

	/** Records MemFree once per machine version, for the sparkline. */
	sample(): void {
		const version = this.session.version();
		if (version === this.sampledVersion) return;
		this.sampledVersion = version;
		const guest = this.snapshot().guest;
		if (!guest) return;
		const history = [...this.freeHistory, guest.memFreeKb];
		this.freeHistory = history.length > FREE_SAMPLES ? history.slice(-FREE_SAMPLES) : history;
	}

	private edit(pane: Pane, action: LineEditorAction): void {
		let state = this.editors[pane];
		// Up/Down walk the machine's own history (QEMU readline's or the shell's lineedit's),
		// taken when browsing starts.
		if (action.type === 'history-prev' && state.historyIndex === null) state = {...state, history: [...this.session.history(pane)]};
		this.editors[pane] = lineEditorReducer(state, action);
	}

	/** Handles one key event. */
	handle(event: KeyEvent): void {
		if (this.session.exitCode() !== undefined) return;
		if (event.type === 'mux') return this.mux(event.key);
		if (this.search.open) {
			// The search prompt (ink-text-input) reads its own keys; only closing is ours.
			if ((event.type === 'key' && event.name === 'escape') || (event.type === 'ctrl' && event.letter === 'c')) {
				this.search.open = false;
			}
			return;
		}
		const pane = this.focus();
		// After a break (C-a b) the next key is the guest kernel's SysRq command, whoever reads the console.
		if (pane === 'serial' && this.session.sysrqArmed() && this.sysrqKey(event)) return;
		// A program reading keys in raw mode (less, more, top, read -n) gets them all, the page keys too.
		if (pane === 'serial' && this.session.consoleTakesKeys()) {
			this.scroll[pane] = 0;
			if (this.rawKey(event)) return;
		}
		if (event.type === 'key' && (event.name === 'pageup' || event.name === 'pagedown')) {
			const page = Math.max(1, this.viewSize[pane].height - 1);
			this.scroll[pane] = Math.max(0, this.scroll[pane] + (event.name === 'pageup' ? page : -page));
			return;
		}
		if (this.scroll[pane] > 0 && this.scrollbackKey(pane, event)) return;
		this.scroll[pane] = 0;
		if (pane === 'serial' && this.session.consoleCanonical() && this.canonicalKey(event)) return;
		switch (event.type) {
			case 'text':
				return this.edit(pane, {type: 'insert', text: event.text});
			case 'ctrl':
				return this.ctrl(pane, event.letter);
			case 'key':
				if (event.name === 'enter') return this.submit(pane);
				if (event.name === 'tab') return this.complete(pane);
				if (EDIT_KEYS[event.name]) this.edit(pane, EDIT_KEYS[event.name]!);
		}
	}

	/**
	 * A guest program reads the terminal in raw mode (more's prompt, top, read -n): typed
	 * characters, Enter and control keys go to it as they are, past the line editor (the session
	 * echoes them where the guest's echo is on); Ctrl-C still interrupts.
	 */
	private rawKey(event: KeyEvent): boolean {
		if (event.type === 'text') this.session.consoleKeys(event.text);
		else if (event.type === 'key' && event.name === 'enter') this.session.consoleKeys('\n');
		// (the other named keys as the terminal sends them: less pages with PgUp/PgDn and the arrows)
		else if (event.type === 'key' && RAW_KEY_BYTES[event.name] !== undefined) this.session.consoleKeys(RAW_KEY_BYTES[event.name]!);
		else if (event.type === 'ctrl' && event.letter === 'c') return false;
		// (Ctrl-Z and Ctrl-\: the terminal's SIGTSTP and SIGQUIT, or keys where ISIG is off; the session knows)
		else if (event.type === 'ctrl' && SIGNAL_KEYS[event.letter]) this.session.ttySignal(SIGNAL_KEYS[event.letter]!);
		// (ICANON off: Ctrl-D is a character like the others)
		else if (event.type === 'ctrl') this.session.consoleKeys(terminalBytes(event)!);
		this.takeTypedAhead();
		return true;
	}

	/**
	 * A program has the console in canonical mode (cat, read, sleep): each key goes to the
	 * guest's tty as the terminal sends it, and its line discipline echoes and edits (Backspace
	 * erases a character, Ctrl-U the line, Ctrl-W a word, Ctrl-R reprints, Ctrl-V takes the next
	 * key literally, an arrow is its escape sequence, echoed `^[[A`) until Enter or Ctrl-D hands
	 * the line over. Ctrl-C, Ctrl-Z and Ctrl-\ are its signal characters (ctrl()).
	 */
	private canonicalKey(event: KeyEvent): boolean {
		if (event.type === 'ctrl' && (event.letter === 'c' || SIGNAL_KEYS[event.letter])) return false;
		// (a named key the terminal sends nothing for goes nowhere)
		const bytes = terminalBytes(event) ?? '';
		this.session.ttyKeys(bytes);
		this.takeTypedAhead();
		return true;
	}

	/**
	 * The key after a break, as the terminal sends it, to the serial port's SysRq: its first byte
	 * is the command (the rest of a paste is typed as usual). False where the break had expired.
	 */
	private sysrqKey(event: KeyEvent): boolean {
		const bytes = terminalBytes(event);
		if (!bytes || !this.session.sysrqKey(bytes[0]!)) return false;
		if (event.type === 'text' && event.text.length > 1) this.handle({type: 'text', text: event.text.slice(1)});
		return true;
	}

	/** Keys typed ahead that no program read are the shell's: the line at its prompt starts with them. */
	private takeTypedAhead(): void {
		const ahead = this.session.takeTypedAhead();
		if (!ahead) return;
		this.edit('serial', {type: 'insert', text: ahead});
		this.changed();
	}

	/** Keys while a pane is scrolled back: q/Esc leave, / or Ctrl-R search, n next match. */
	private scrollbackKey(pane: Pane, event: KeyEvent): boolean {
		if (event.type === 'key' && (event.name === 'escape' || event.name === 'up' || event.name === 'down')) {
			if (event.name === 'escape') this.scroll[pane] = 0;
			else this.scroll[pane] = Math.max(0, this.scroll[pane] + (event.name === 'up' ? 1 : -1));
			return true;
		}
		if ((event.type === 'text' && event.text === '/') || (event.type === 'ctrl' && event.letter === 'r')) {
			this.search = {...this.search, open: true, message: ''};
			return true;
		}
		if (event.type === 'text' && event.text === 'q') {
			this.scroll[pane] = 0;
			return true;
		}
		if (event.type === 'text' && event.text === 'n' && this.search.query) {
			this.runSearch(this.search.query, this.search.match);
			return true;
		}
		return false;
	}

	/** Runs a scrollback search in the focused pane, older than line `before`. */
	runSearch(query: string, before?: number): void {
		const pane = this.focus();
		const buffer = this.buffers[pane];
		this.search.open = false;
		this.search.query = query;
		if (!query) return;
		const found = buffer.findBackward(query, before ?? buffer.lineCount());
		if (found < 0) {
			this.search.message = `not found: ${query}`;
			return;
		}
		const {width, height} = this.viewSize[pane];
		const inputRows = this.inputRows(pane, width).length;
		this.search.match = found;
		this.search.message = `match at line ${found + 1} of ${buffer.lineCount()}`;
		this.scroll[pane] = Math.max(1, scrollToLine(buffer, inputRows, found, width, height));
	}

	/** Opens the search prompt (the view shows it in the status bar). */
	closeSearch(): void {
		this.search.open = false;
	}

	/** The prompt line with the pane's input and cursor, wrapped to `width` (hidden while the guest's echo is off: `read -s`). */
	inputRows(pane: Pane, width: number) {
		const editor = this.editors[pane];
		const buffer = this.buffers[pane];
		const moved = buffer.cursor();
		if (moved && editor.value === '') {
			// A program put the cursor elsewhere (vi, less): on this last line at its column, or above
			const rows = wrapInputLine(buffer.current(), '', 0, width);
			for (const row of rows) delete row.cursorAt;
			return moved.line === undefined ? placeCursor(rows, moved.column, width) : rows;
		}
		if (pane === 'serial' && !this.session.consoleEchoes()) return wrapInputLine(buffer.current(), '', 0, width);
		return wrapInputLine(buffer.current(), editor.value, editor.cursor, width);
	}

	/** The finished line and column the cursor is on when a program moved it there (vi's text), for the view. */
	cursorAbove(pane: Pane): {line: number; column: number} | undefined {
		const moved = this.editors[pane].value === '' ? this.buffers[pane].cursor() : undefined;
		return moved?.line === undefined ? undefined : {line: moved.line, column: moved.column};
	}

	private mux(key: string): void {
		const before = this.focus();
		const result = this.session.muxKey(key);
		// C-a C-a sends the front end a C-a: both line editors move to the beginning of the line.
		if (result.sendsCtrlA) this.ctrl(before, 'a');
		const after = this.focus();
		// Entering the monitor runs QEMU's readline_restart: a half-typed line is gone. The
		// guest's half-typed line lives in the guest (ash) and survives the switch.
		if (after !== before && after === 'monitor') this.edit('monitor', {type: 'clear'});
	}

	private ctrl(pane: Pane, letter: string): void {
		if (pane === 'serial' && letter === 'c') {
			// ash gets SIGINT (`^C`, a fresh prompt); QEMU readline ignores the byte.
			const {value, cursor} = this.editors.serial;
			this.edit(pane, {type: 'clear'});
			this.session.interrupt(value, cursor);
			return;
		}
		if (pane === 'serial' && SIGNAL_KEYS[letter] && this.session.consoleReader() !== undefined) {
			// A program has the console: n_tty's signal character, echoed where the typing is, and
			// the typed input flushed with it. (At the prompt lineedit ignores both keys.)
			const {value, cursor} = this.editors.serial;
			this.edit(pane, {type: 'clear'});
			this.session.ttySignal(SIGNAL_KEYS[letter]!, value, cursor);
			return;
		}
		if (pane === 'serial' && letter === 'd' && this.editors.serial.value === '') {
			// EOF at an empty ash prompt: a child sh exits to its parent; the console shell
			// exits and init respawns it. Nothing is echoed (ash prints a newline itself).
			this.session.eof();
			return;
		}
		const action = CTRL_KEYS[pane][letter];
		if (action) this.edit(pane, action);
	}

	private submit(pane: Pane): void {
		const line = this.editors[pane].value;
		this.edit(pane, {type: 'submit'});
		this.session.submitLine(line);
	}

	private complete(pane: Pane): void {
		const editor = this.editors[pane];
		const answer = this.session.complete(editor.value, editor.cursor);
		const width = this.viewSize[pane].width;
		const layout = pane === 'serial' ? (c: string[]) => layoutAsh(c, width) : layoutQemu;
		const result = applyCompletion(editor.value, editor.cursor, answer, layout);
		if (!result) return;
		if (result.listing) {
			// Like ash and QEMU readline: the typed line, the candidates, then the prompt again.
			const buffer = this.buffers[pane];
			const prompt = buffer.current();
			buffer.append(`${editor.value}\n${result.listing.join('\n')}\n${prompt}`);
		}
		this.edit(pane, {type: 'set', value: result.value, cursor: result.cursor});
	}
}
