/**
 * Wrapping a line as a terminal does: hard breaks at the pane width (no word wrap: `ls` and
 * `free` columns must stay where the program put them), tabs to the next multiple of 8, and
 * control characters shown in caret notation (`^A`) so they cannot move the real cursor.
 */

/** Expands tabs and replaces control characters with caret notation. */
export function toDisplay(text: string, startColumn = 0): string {
	let out = '';
	for (const ch of text) {
		const code = ch.charCodeAt(0);
		if (ch === '\t') out += ' '.repeat(8 - ((startColumn + out.length) % 8));
		else if (code < 0x20) out += '^' + String.fromCharCode(code + 0x40);
		else if (code === 0x7f) out += '^?';
		else out += ch;
	}
	return out;
}

/** Splits a display string into rows of at most `width` columns (an empty line is one row). */
export function wrapLine(text: string, width: number): string[] {
	const w = Math.max(1, width);
	if (text.length <= w) return [text];
	const rows: string[] = [];
	for (let i = 0; i < text.length; i += w) rows.push(text.slice(i, i + w));
	return rows;
}

/** One screen row of a pane; `cursorAt` marks the column drawn as the (fake) cursor. */
export interface ScreenRow {
	text: string;
	cursorAt?: number;
}

/** Puts the cursor on wrapped `rows` at `column` of the line they wrap (adding empty rows past the end). */
export function placeCursor(rows: ScreenRow[], column: number, width: number): ScreenRow[] {
	const w = Math.max(1, width);
	const at = Math.floor(column / w);
	while (rows.length <= at) rows.push({text: ''});
	rows[at]!.cursorAt = column - at * w;
	return rows;
}

/**
 * Wraps the prompt line plus the user's input, placing the cursor. The cursor may sit one
 * past the last column; a terminal then shows it at the start of the next row.
 */
export function wrapInputLine(prompt: string, input: string, cursor: number, width: number): ScreenRow[] {
	const promptDisplay = toDisplay(prompt);
	const before = toDisplay(input.slice(0, cursor), promptDisplay.length);
	const all = promptDisplay + toDisplay(input, promptDisplay.length);
	const w = Math.max(1, width);
	const cursorCol = promptDisplay.length + before.length;
	return placeCursor(wrapLine(all, w).map(text => ({text})), cursorCol, w);
}
