/**
 * What Tab does with the session's candidates: one candidate replaces the word; several extend
 * the word to their common prefix and are listed below the line, laid out as the real front-end
 * lays them out (busybox ash lineedit `showfiles`, column-major; QEMU `readline_completion`,
 * row-major in 80 columns).
 */

export interface CompletionResult {
	value: string;
	cursor: number;
	/** Candidates to list in the pane (several matches), already laid out in lines. */
	listing?: string[];
}

/** Longest common prefix of all strings. */
export function commonPrefix(words: string[]): string {
	if (words.length === 0) return '';
	let prefix = words[0];
	for (const w of words) {
		let i = 0;
		while (i < prefix.length && i < w.length && prefix[i] === w[i]) i++;
		prefix = prefix.slice(0, i);
	}
	return prefix;
}

/** Applies `complete()`'s answer to the line. Returns null when there is nothing to do. */
export function applyCompletion(
	value: string,
	cursor: number,
	answer: {replaceFrom: number; candidates: string[]},
	layout: (candidates: string[]) => string[],
): CompletionResult | null {
	const {candidates} = answer;
	if (candidates.length === 0) return null;
	const from = Math.max(0, Math.min(answer.replaceFrom, cursor));
	const word = candidates.length === 1 ? candidates[0] : commonPrefix(candidates);
	const current = value.slice(from, cursor);
	// Never shorten what the user typed (a case-insensitive match could have a shorter prefix).
	const insert = word.length >= current.length ? word : current;
	const next = value.slice(0, from) + insert + value.slice(cursor);
	const result: CompletionResult = {value: next, cursor: from + insert.length};
	if (candidates.length > 1) result.listing = layout(candidates);
	return result;
}

/** busybox lineedit showfiles(): columns of width max+2, filled top to bottom. */
export function layoutAsh(candidates: string[], termWidth: number): string[] {
	const columnWidth = Math.max(...candidates.map(c => c.length)) + 2;
	const ncols = Math.max(1, Math.floor(termWidth / columnWidth));
	const nrows = Math.ceil(candidates.length / ncols);
	const lines: string[] = [];
	for (let row = 0; row < nrows; row++) {
		let text = '';
		for (let col = 0; col < ncols; col++) {
			const n = row + col * nrows;
			if (n >= candidates.length) break;
			const last = n + nrows >= candidates.length || col === ncols - 1;
			text += last ? candidates[n] : candidates[n].padEnd(columnWidth);
		}
		lines.push(text);
	}
	return lines;
}

/** QEMU readline_completion(): padded to max+2 (10..80), 80 / width per row, left to right. */
export function layoutQemu(candidates: string[]): string[] {
	let maxWidth = Math.max(...candidates.map(c => c.length)) + 2;
	maxWidth = Math.min(80, Math.max(10, maxWidth));
	const nbCols = Math.max(1, Math.floor(80 / maxWidth));
	const lines: string[] = [];
	for (let i = 0; i < candidates.length; i += nbCols) {
		lines.push(
			candidates
				.slice(i, i + nbCols)
				.map(c => c.padEnd(maxWidth))
				.join(''),
		);
	}
	return lines;
}
