/**
 * The scrollback of one pane: the session's output stream cut into lines, bounded like a
 * terminal's history so a long session cannot grow memory or render time without limit.
 */

/** Lines kept per pane. */
export const SCROLLBACK_LINES = 10_000;

/**
 * The terminal controls programs write (a CSI sequence, a character set's designation, or ESC
 * and one character): `clear` and `top` clear the screen with `ESC [H ESC [J`, `reset` with
 * `ESC c`, and `top` marks its header with `ESC [7m`.
 */
const CONTROL = /\x1b(?:\[([0-9;?]*)([@-~])|[()*+][0-9A-Za-z]|([^[()*+]))/g;

export class PaneBuffer {
	/** Finished lines, oldest first. */
	private lines: string[] = [];
	/** The line being written (no line end yet): usually the prompt. */
	private partial = '';
	/** Where in `partial` the next character goes after a carriage return (undefined: its end). */
	private column: number | undefined;
	/** The first line written since the screen was last cleared (undefined: never cleared). */
	private cleared: number | undefined;
	/** The cursor was sent home (`ESC [H`) and nothing written since: an erase then clears the screen. */
	private homed = false;
	/** Bumped on every append, so views can memoise on it. */
	revision = 0;

	constructor(private readonly limit = SCROLLBACK_LINES) {}

	/**
	 * Appends stream text. `\r` returns to the start of the line, what follows overwrites it (more
	 * erases its prompt so); `\r\n` and QEMU's mux's `\n\r` are plain line ends.
	 * Terminal controls do what a terminal does where a scrolling pane can: clearing the screen
	 * (`ESC [H ESC [J`, `ESC [2J`, `ESC c`) starts the pane afresh below the scrollback; the
	 * rest (colours, cursor moves, modes) are taken and not shown.
	 */
	append(text: string): void {
		if (!text) return;
		let at = 0;
		for (const m of text.matchAll(CONTROL)) {
			this.write(text.slice(at, m.index));
			at = m.index + m[0].length;
			const [, params, final, single] = m;
			if (single === 'c' || (final === 'J' && (params === '2' || ((params === '' || params === '0') && this.homed)))) this.clearScreen();
			else if (final === 'H' && (params === '' || params === '1;1' || params === ';')) this.homed = true;
		}
		this.write(text.slice(at));
		if (this.lines.length > this.limit) {
			const drop = this.lines.length - this.limit;
			this.lines.splice(0, drop);
			if (this.cleared !== undefined) this.cleared = Math.max(0, this.cleared - drop);
		}
		this.revision++;
	}

	private write(text: string): void {
		if (!text) return;
		this.homed = false;
		const parts = text.split('\n');
		this.put(parts[0]);
		for (let i = 1; i < parts.length; i++) {
			this.lines.push(this.partial);
			this.partial = '';
			this.column = undefined;
			this.put(parts[i]);
		}
	}

	/** Text within the current line: after a `\r` it overwrites the line from its start. */
	private put(text: string): void {
		if (this.column === undefined && !text.includes('\r')) {
			this.partial += text;
			return;
		}
		const pieces = text.split('\r');
		for (let k = 0; k < pieces.length; k++) {
			if (k > 0) this.column = 0;
			const piece = pieces[k];
			if (!piece) continue;
			if (this.column === undefined) {
				this.partial += piece;
				continue;
			}
			this.partial = this.partial.slice(0, this.column) + piece + this.partial.slice(this.column + piece.length);
			this.column += piece.length;
			if (this.column >= this.partial.length) this.column = undefined;
		}
	}

	/** The screen is cleared: what was on it stays in the scrollback, and writing starts at the top. */
	private clearScreen(): void {
		if (this.partial) this.lines.push(this.partial);
		this.partial = '';
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
