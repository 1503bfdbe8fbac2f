/**
 * The scrollback of one pane: the session's output stream cut into lines, bounded like a
 * terminal's history so a long session cannot grow memory or render time without limit.
 */

/** Lines kept per pane. */
export const SCROLLBACK_LINES = 10_000;

/**
 * The terminal controls programs write (a CSI sequence, a character set's designation, or ESC
 * and one character): `clear` and `top` clear the screen with `ESC [H ESC [J`, `reset` with
 * `ESC c`, `top` marks its header with `ESC [7m`, `less` moves the cursor (`ESC [ROW;COLH`) and
 * erases lines (`ESC [K`).
 */
const CONTROL = /\x1b(?:\[([0-9;?]*)([@-~])|[()*+][0-9A-Za-z]|([^[()*+]))/g;

/** The screen a pane is until the view tells it its size (a terminal's 80x24). */
export const SCREEN = {rows: 24, cols: 80};

export class PaneBuffer {
	/** Finished lines, oldest first. */
	private lines: string[] = [];
	/** The line being written (no line end yet): usually the prompt. */
	private partial = '';
	/** The finished line the cursor is on (a program moved it up: less), undefined: on `partial`. */
	private row: number | undefined;
	/** Where in the cursor's line the next character goes (undefined: its end). */
	private column: number | undefined;
	/** The first line written since the screen was last cleared (undefined: never cleared). */
	private cleared: number | undefined;
	/** The cursor was sent home (`ESC [H`) and nothing written since: an erase then clears the screen. */
	private homed = false;
	/** Bumped on every append, so views can memoise on it. */
	revision = 0;
	/** The screen's size: the pane's text area (cursor moves address its last `rows` lines). */
	private screen = {...SCREEN};
	/** Answers to `ESC [6n` (where is the cursor?) not yet sent back: `ESC [ROW;COLR`. */
	private reports: string[] = [];
	/**
	 * The main screen while a program draws on the alternate one (`ESC [?1049h`, vi): where its
	 * lines end and the cursor state, given back at `ESC [?1049l`.
	 */
	private saved?: {count: number; partial: string; row?: number; column?: number; cleared?: number; homed: boolean};

	constructor(private readonly limit = SCROLLBACK_LINES) {}

	/**
	 * Appends stream text. `\r` returns to the start of the line, what follows overwrites it (more
	 * erases its prompt so), a backspace moves back one; `\r\n` and QEMU's mux's `\n\r` are plain
	 * line ends. Terminal controls do what a terminal does where a scrolling pane can: clearing the
	 * screen (`ESC [H ESC [J`, `ESC [2J`, `ESC c`) starts the pane afresh below the scrollback; a
	 * cursor move goes to that row and column of the screen, its last SCREEN.rows lines (less
	 * draws its page over them, as over a terminal's screen), `ESC [K` erases to the end of the
	 * line; the rest (colours, modes) are taken and not shown.
	 */
	append(text: string): void {
		if (!text) return;
		let at = 0;
		for (const m of text.matchAll(CONTROL)) {
			this.write(text.slice(at, m.index));
			at = m.index + m[0].length;
			const [, params, final, single] = m;
			// (RIS, `reset`'s ESC c, also takes xterm back to the main screen: a program that died on the alternate one)
			if (single === 'c') {
				this.leaveAlternate();
				this.clearScreen();
			} else if ((final === 'J' && (params === '2' || ((params === '' || params === '0') && this.homed)))) this.clearScreen();
			else if (params === '?1049' && final === 'h') this.enterAlternate();
			else if (params === '?1049' && final === 'l') this.leaveAlternate();
			else if (final === 'H' || final === 'f') {
				const [r = 1, c = 1] = params!.split(';').map(n => Number(n) || 1);
				this.cursorTo(r, c);
				this.homed = r === 1 && c === 1;
			} else if (final === 'K' && (params === '' || params === '0')) {
				this.setLine(this.lineAt().slice(0, this.column ?? Infinity));
			} else if (final === 'n' && params === '6') {
				// a terminal answers with the cursor's row and column on its screen
				const row = (this.row ?? this.lines.length) - this.screenTop() + 1;
				const col = Math.min(this.column ?? this.lineAt().length, this.screen.cols - 1) + 1;
				this.reports.push(`\x1b[${row};${col}R`);
			}
		}
		this.write(text.slice(at));
		if (this.lines.length > this.limit) {
			const drop = this.lines.length - this.limit;
			this.lines.splice(0, drop);
			if (this.cleared !== undefined) this.cleared = Math.max(0, this.cleared - drop);
			if (this.row !== undefined) this.row = Math.max(0, this.row - drop);
			if (this.saved) this.saved.count = Math.max(0, this.saved.count - drop);
		}
		this.revision++;
	}

	/** The line the cursor is on. */
	private lineAt(): string {
		return this.row === undefined ? this.partial : this.lines[this.row]!;
	}

	private setLine(s: string): void {
		if (this.row === undefined) this.partial = s;
		else this.lines[this.row] = s;
	}

	/** The size of the screen: the pane's text area (the view sets it as it draws). */
	setScreen(rows: number, cols: number): void {
		this.screen = {rows: Math.max(1, rows), cols: Math.max(1, cols)};
	}

	/** The answers to `ESC [6n` written since the last call, for the program that asked. */
	takeReports(): string[] {
		return this.reports.length ? this.reports.splice(0) : this.reports;
	}

	/** The screen's first line: the last `rows` lines (the partial one the last), none from before it was last cleared. */
	private screenTop(): number {
		return Math.max(this.cleared ?? 0, this.lines.length + 1 - this.screen.rows);
	}

	/** `ESC [ROW;COLH`: that row and column of the screen. */
	private cursorTo(r: number, c: number): void {
		const top = this.screenTop();
		let target = top + Math.min(r, this.screen.rows) - 1;
		// (a screen not filled yet: the rows below exist, empty)
		while (target > this.lines.length) {
			this.lines.push(this.partial);
			this.partial = '';
		}
		if (target === this.lines.length) target = -1;
		this.row = target < 0 ? undefined : target;
		this.column = Math.min(c, this.screen.cols) - 1;
	}

	private write(text: string): void {
		if (!text) return;
		this.homed = false;
		const parts = text.split('\n');
		this.put(parts[0]);
		for (let i = 1; i < parts.length; i++) {
			if (this.row !== undefined) {
				// (onto the next row of the screen, at its start: less's next line overwrites it)
				this.row++;
				if (this.row === this.lines.length) this.row = undefined;
				this.column = 0;
			} else {
				this.lines.push(this.partial);
				this.partial = '';
				this.column = undefined;
			}
			this.put(parts[i]);
		}
	}

	/** Text within the cursor's line: after a `\r` it overwrites the line from its start. */
	private put(text: string): void {
		if (this.column === undefined && this.row === undefined && !text.includes('\r') && !text.includes('\b')) {
			this.partial += text;
			return;
		}
		let line = this.lineAt();
		let column = this.column ?? line.length;
		for (const piece of text.split(/([\r\b])/)) {
			if (piece === '\r') column = 0;
			else if (piece === '\b') column = Math.max(0, column - 1);
			else if (piece) {
				if (column > line.length) line = line.padEnd(column);
				line = line.slice(0, column) + piece + line.slice(column + piece.length);
				column += piece.length;
			}
		}
		this.setLine(line);
		this.column = this.row === undefined && column >= line.length ? undefined : column;
	}

	/** xterm's 1049 mode: the cursor saved, an empty screen (the main one's lines stay, out of sight). */
	private enterAlternate(): void {
		if (this.saved) return;
		this.saved = {count: this.lines.length, partial: this.partial, row: this.row, column: this.column, cleared: this.cleared, homed: this.homed};
		this.clearScreen();
	}

	/** Back to the main screen as it was, the cursor where it was: what the alternate one showed is gone. */
	private leaveAlternate(): void {
		const saved = this.saved;
		if (!saved) return;
		this.saved = undefined;
		this.lines.length = Math.min(this.lines.length, saved.count);
		this.partial = saved.partial;
		this.row = saved.row;
		this.column = saved.column;
		this.cleared = saved.cleared;
		this.homed = saved.homed;
	}

	/**
	 * Where the cursor is, when a program moved it (vi, less): on finished line `line`, or on the
	 * unfinished last line (line undefined), at `column`. Undefined: at the end of the last line.
	 */
	cursor(): {line?: number; column: number} | undefined {
		if (this.row !== undefined) return {line: this.row, column: this.column ?? this.lines[this.row]!.length};
		return this.column === undefined ? undefined : {column: this.column};
	}

	/** The screen is cleared: what was on it stays in the scrollback, and writing starts at the top. */
	private clearScreen(): void {
		if (this.partial) this.lines.push(this.partial);
		this.partial = '';
		this.row = undefined;
		this.column = undefined;
		this.cleared = this.lines.length;
		this.homed = false;
	}

	/** The first line of the cleared screen, or undefined when it was never cleared. */
	clearedAt(): number | undefined {
		return this.cleared;
	}

	/** Number of finished lines. */
	lineCount(): number {
		return this.lines.length;
	}

	/** Finished line `i` (0 = oldest kept). */
	line(i: number): string {
		return this.lines[i];
	}

	/** The unfinished last line (the prompt the user types after). */
	current(): string {
		return this.partial;
	}

	/** Index of the newest finished line containing `needle` before `before`, or -1. */
	findBackward(needle: string, before = this.lines.length): number {
		const lower = needle.toLowerCase();
		for (let i = Math.min(before, this.lines.length) - 1; i >= 0; i--) {
			if (this.lines[i].toLowerCase().includes(lower)) return i;
		}
		return -1;
	}
}
