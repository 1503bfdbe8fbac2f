/**
 * Where things go for a terminal size. Pure, so every size can be tested without rendering.
 *
 * Wide (>= 120 columns): guest console over monitor on the left, 82 columns wide (80 inside the
 * borders) so 80-column output (`free -m` is 79 wide) is not wrapped; memory panel on the right.
 * Compact (80x24 up to 119 columns): both panes full width, the focused one taller, and a
 * four-line panel at the bottom; under 82 columns the panes have no side borders (PaneFrame's
 * consoleSides()), so their content keeps 80 columns. Below 80x24: a "terminal too small" message.
 */
export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

export interface PaneBox {
	width: number;
	height: number;
}

export type Layout =
	| {kind: 'too-small'; columns: number; rows: number}
	| {kind: 'wide'; serial: PaneBox; monitor: PaneBox; panel: PaneBox}
	| {kind: 'compact'; serial: PaneBox; monitor: PaneBox; panel: PaneBox};

/**
 * @param bottomRows compact layouts only: rows of the bottom panel (6 for the memory panel;
 *   the tutorial and the call-path view ask for more, the panes keep at least 4 rows each).
 */
export function computeLayout(columns: number, rows: number, focus: 'serial' | 'monitor', bottomRows = 6): Layout {
	if (columns < MIN_COLUMNS || rows < MIN_ROWS) return {kind: 'too-small', columns, rows};
	// Root box is rows - 1 tall (a full-height root makes Ink 6 clear the screen every frame),
	// and the status bar takes one of those.
	const content = rows - 2;
	if (columns >= 120) {
		const panelWidth = Math.min(72, Math.max(38, columns - 82));
		const left = columns - panelWidth;
		const serial = Math.ceil(content * 0.6);
		return {
			kind: 'wide',
			serial: {width: left, height: serial},
			monitor: {width: left, height: content - serial},
			panel: {width: panelWidth, height: content},
		};
	}
	const panel = Math.max(3, Math.min(bottomRows, content - 8 - 3));
	const panes = content - panel;
	const small = Math.max(4, Math.floor(panes * 0.38));
	const big = panes - small;
	return {
		kind: 'compact',
		serial: {width: columns, height: focus === 'serial' ? big : small},
		monitor: {width: columns, height: focus === 'monitor' ? big : small},
		panel: {width: columns, height: panel},
	};
}
