import type {BlockSnapshot} from '../../machine/snapshot.js';

/**
 * The memory block map as plain data: blocks in address order cut into labelled rows, one cell
 * per block (or per N blocks when there are more than fit). Each cell carries state, zone and
 * fill so the view can draw it with colour AND a glyph (NO_COLOR must still tell them apart).
 */

export type CellKind = 'DMA' | 'DMA32' | 'Normal' | 'Movable' | 'mixed-zone' | 'offline' | 'going-offline' | 'partly-offline';

export interface MapCell {
	kind: CellKind;
	/** Used fraction of the pages, 0..1 (0 for offline blocks: they hold no pages). */
	fill: number;
	/** First block number in the cell. */
	first: number;
	count: number;
	hotplugged: boolean;
}

export interface MapRow {
	/** Block number of the row's first cell. */
	label: number;
	cells: MapCell[];
}

export interface BlockMap {
	rows: MapRow[];
	/** Blocks per cell (1 unless aggregated). */
	perCell: number;
}

/** The kind of one block. */
function kindOf(block: BlockSnapshot): CellKind {
	if (block.state === 'offline') return 'offline';
	if (block.state === 'going-offline') return 'going-offline';
	if (block.zone === null || block.zone === 'none') return 'mixed-zone';
	return block.zone;
}

/** Folds several blocks into one cell: any offline part shows, the majority zone wins. */
function aggregate(blocks: BlockSnapshot[]): MapCell {
	const kinds = blocks.map(kindOf);
	const offline = kinds.filter(k => k === 'offline').length;
	let kind: CellKind;
	if (kinds.includes('going-offline')) kind = 'going-offline';
	else if (offline === blocks.length) kind = 'offline';
	else if (offline > 0) kind = 'partly-offline';
	else {
		const tally = new Map<CellKind, number>();
		for (const k of kinds) tally.set(k, (tally.get(k) ?? 0) + 1);
		kind = [...tally.entries()].sort((a, b) => b[1] - a[1])[0][0];
	}
	let total = 0;
	let used = 0;
	for (const b of blocks) {
		if (b.state !== 'online') continue;
		total += b.totalPages;
		used += b.totalPages - b.freePages;
	}
	return {
		kind,
		fill: total > 0 ? used / total : 0,
		first: blocks[0].index,
		count: blocks.length,
		hotplugged: blocks.some(b => b.hotplugged),
	};
}

/** Runs of consecutive block numbers (boot RAM and the device-memory area are apart). */
function runs(blocks: BlockSnapshot[]): BlockSnapshot[][] {
	const out: BlockSnapshot[][] = [];
	for (const b of blocks) {
		const last = out[out.length - 1];
		if (last && last[last.length - 1].index + 1 === b.index) last.push(b);
		else out.push([b]);
	}
	return out;
}

/**
 * Lays out the map in at most `maxRows` rows of `perRow` cells. One cell per block when that
 * fits (a new row starts at each gap in block numbers, so labels read as memoryN); otherwise
 * N blocks per cell, packed.
 */
export function layoutBlockMap(blocks: BlockSnapshot[], perRow: number, maxRows: number): BlockMap {
	const sorted = [...blocks].sort((a, b) => a.start - b.start);
	const width = Math.max(1, perRow);
	const rowsCap = Math.max(1, maxRows);
	if (sorted.length === 0) return {rows: [], perCell: 1};
	const segments = runs(sorted);
	const rowsNeeded = segments.reduce((n, s) => n + Math.ceil(s.length / width), 0);
	if (rowsNeeded <= rowsCap) {
		const rows: MapRow[] = [];
		for (const seg of segments) {
			for (let i = 0; i < seg.length; i += width) {
				const cells = seg.slice(i, i + width).map(b => aggregate([b]));
				rows.push({label: cells[0].first, cells});
			}
		}
		return {rows, perCell: 1};
	}
	const perCell = Math.ceil(sorted.length / (width * rowsCap));
	const cells: MapCell[] = [];
	for (let i = 0; i < sorted.length; i += perCell) cells.push(aggregate(sorted.slice(i, i + perCell)));
	const rows: MapRow[] = [];
	for (let i = 0; i < cells.length; i += width) {
		const rowCells = cells.slice(i, i + width);
		rows.push({label: rowCells[0].first, cells: rowCells});
	}
	return {rows, perCell};
}

/** Fill glyphs, emptiest first. */
const FILL = ' ▁▂▃▄▅▆▇█';

/** The two-column glyph of a cell: zone letter + fill bar, or a hatch for offline. */
export function cellGlyph(cell: MapCell): string {
	switch (cell.kind) {
		case 'offline':
			return '░░';
		case 'partly-offline':
			return '▒▒';
		case 'going-offline':
			return '~~';
		default: {
			const letter = {DMA: 'D', DMA32: '3', Normal: 'N', Movable: 'M', 'mixed-zone': '*'}[cell.kind];
			const level = Math.round(cell.fill * (FILL.length - 1));
			return letter + FILL[cell.fill > 0 ? Math.max(1, level) : 0];
		}
	}
}

/** Terminal colour of a cell kind (used only when colour is on). */
export function cellColor(kind: CellKind): string {
	return {
		DMA: 'magenta',
		DMA32: 'blue',
		Normal: 'green',
		Movable: 'cyan',
		'mixed-zone': 'white',
		offline: 'yellow',
		'partly-offline': 'yellow',
		'going-offline': 'red',
	}[kind];
}
