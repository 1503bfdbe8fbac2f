import type {PaneBuffer} from './pane-buffer.js';
import {placeCursor, toDisplay, wrapLine, type ScreenRow} from './wrap.js';

export interface Viewport {
	rows: ScreenRow[];
	/** The scroll offset actually used (clamped to the scrollback). */
	scroll: number;
	/** Buffer line shown on the first visible row, for search and the scroll marker. */
	topLine: number;
}

/**
 * The rows a pane shows: the tail of its scrollback wrapped to `width`, ending with the live
 * input rows, moved up by `scroll` screen rows. Only the lines needed are wrapped, so a full
 * 10,000-line scrollback costs nothing per keystroke.
 */
export function computeViewport(
	buffer: PaneBuffer,
	inputRows: ScreenRow[],
	width: number,
	height: number,
	scroll: number,
	cursor?: {line: number; column: number},
): Viewport {
	const want = Math.max(0, height) + Math.max(0, scroll);
	const pad = Array.from({length: clearedPad(buffer, inputRows.length, width, height)}, (): ScreenRow => ({text: ''}));
	const collected: ScreenRow[][] = [pad, inputRows];
	const owners: number[] = [buffer.lineCount(), buffer.lineCount()];
	let count = inputRows.length + pad.length;
	let i = buffer.lineCount() - 1;
	for (; i >= 0 && count < want; i--) {
		const rows: ScreenRow[] = wrapLine(toDisplay(buffer.line(i)), width).map(text => ({text}));
		// (a program moved the cursor up here: vi, less)
		if (cursor?.line === i) placeCursor(rows, cursor.column, width);
		collected.push(rows);
		owners.push(i);
		count += rows.length;
	}
	const flat: ScreenRow[] = [];
	const lineOf: number[] = [];
	for (let k = collected.length - 1; k >= 0; k--) {
		for (const row of collected[k]) {
			flat.push(row);
			lineOf.push(owners[k]);
		}
	}
	const maxScroll = Math.max(0, flat.length - height);
	const used = Math.min(Math.max(0, scroll), maxScroll);
	const end = flat.length - used;
	const start = Math.max(0, end - height);
	return {rows: flat.slice(start, end), scroll: used, topLine: lineOf[start] ?? 0};
}

/**
 * After the screen was cleared, what was written since sits at the top of the pane, and the
 * rows under it are blank until output fills them: those blank rows, below the input rows.
 */
function clearedPad(buffer: PaneBuffer, inputRows: number, width: number, height: number): number {
	const from = buffer.clearedAt();
	if (from === undefined) return 0;
	let rows = inputRows;
	for (let i = from; i < buffer.lineCount() && rows < height; i++) rows += wrapLine(toDisplay(buffer.line(i)), width).length;
	return Math.max(0, height - rows);
}

/** Scroll offset (rows from the bottom) that puts buffer line `line` at the top of the pane. */
export function scrollToLine(
	buffer: PaneBuffer,
	inputRows: number,
	line: number,
	width: number,
	height: number,
): number {
	let rows = inputRows + clearedPad(buffer, inputRows, width, height);
	for (let i = buffer.lineCount() - 1; i >= line; i--) rows += wrapLine(toDisplay(buffer.line(i)), width).length;
	return Math.max(0, rows - height);
}
