/**
 * The scrollback of one pane: the session's output stream cut into lines, bounded like a
 * terminal's history so a long session cannot grow memory or render time without limit.
 */

/** Lines kept per pane. */
export const SCROLLBACK_LINES = 10_000;

export class PaneBuffer {
	/** Finished lines, oldest first. */
	private lines: string[] = [];
	/** The line being written (no line end yet): usually the prompt. */
	private partial = '';
	/** Bumped on every append, so views can memoise on it. */
	revision = 0;

	constructor(private readonly limit = SCROLLBACK_LINES) {}

	/** Appends stream text. `\r` is dropped: the streams use `\n` (QEMU's mux adds `\n\r`). */
	append(text: string): void {
		if (!text) return;
		const parts = text.replace(/\r/g, '').split('\n');
		this.partial += parts[0];
		for (let i = 1; i < parts.length; i++) {
			this.lines.push(this.partial);
			this.partial = parts[i];
		}
		if (this.lines.length > this.limit) this.lines.splice(0, this.lines.length - this.limit);
		this.revision++;
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
