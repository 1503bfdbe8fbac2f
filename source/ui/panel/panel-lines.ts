import type {GuestMemorySnapshot, MachineSnapshot} from '../../machine/snapshot.js';
import type {Segment, StyledLine} from '../styled.js';
import {cellColor, cellGlyph, layoutBlockMap, type BlockMap, type MapCell} from './block-map.js';
import {bar, formatAddr, formatBytes, formatDimmStatus, formatEvent, kbToMiB, sparkline, wordWrap} from './format.js';

/**
 * The memory panel's content as styled lines: a full view for the side panel and a four-line
 * compact view for 80x24. Pure: snapshot + free-memory history in, lines out.
 */

export interface PanelInput {
	snapshot: MachineSnapshot;
	/** MemFree samples (kB), oldest first, for the sparkline. */
	freeHistory: readonly number[];
	/** Inner width in columns. */
	width: number;
	/** Why the last command failed or surprised (outside the tutorial, whose panel says it). */
	explanation?: string;
}

const cellSegment = (cell: MapCell): Segment => ({
	text: cellGlyph(cell),
	color: cellColor(cell.kind),
	bold: cell.kind === 'offline' || cell.kind === 'partly-offline',
});

const LEGEND: Segment[] = [
	{text: 'D DMA', color: 'magenta'},
	{text: '3 DMA32', color: 'blue'},
	{text: 'N Normal', color: 'green'},
	{text: 'M Movable', color: 'cyan'},
	{text: '* 2 zones', color: 'white'},
	{text: '░░ offline', color: 'yellow', bold: true},
	{text: '▒▒ part offline', color: 'yellow'},
	{text: '~~ going-offline', color: 'red'},
	{text: '▁..█ used'},
];

/** Packs legend items into lines of `width`. */
function legendLines(width: number): StyledLine[] {
	const lines: StyledLine[] = [];
	let line: StyledLine = [];
	let used = 0;
	for (const item of LEGEND) {
		const need = (used > 0 ? 2 : 0) + item.text.length;
		if (used > 0 && used + need > width) {
			lines.push(line);
			line = [];
			used = 0;
		}
		if (used > 0) line.push({text: '  '});
		line.push(item);
		used += (used > 0 ? 2 : 0) + item.text.length;
	}
	if (line.length) lines.push(line);
	return lines;
}

function mapHeader(guest: GuestMemorySnapshot, map: BlockMap, width: number): StyledLine[] {
	const title = `memory blocks (${formatBytes(guest.blockSizeBytes)} each)`;
	if (map.perCell === 1) return [[{text: title, bold: true}]];
	const per = `1 cell = ${map.perCell} blocks`;
	if (title.length + per.length + 1 <= width) return [[{text: title, bold: true}, {text: ' ' + per, color: 'yellow'}]];
	return [[{text: title, bold: true}], [{text: per, color: 'yellow'}]];
}

/** Rows of the block map with right-aligned labels. */
function mapLines(map: BlockMap): StyledLine[] {
	const labelWidth = Math.max(1, ...map.rows.map(r => String(r.label).length));
	return map.rows.map(row => [
		{text: String(row.label).padStart(labelWidth) + ' ', dim: true},
		...row.cells.map(cellSegment),
	]);
}

/** Bytes in offline blocks: present in the machine but not in MemTotal. */
function offlineBytes(guest: GuestMemorySnapshot): number {
	return guest.blocks.filter(b => b.state !== 'online').reduce((n, b) => n + b.size, 0);
}

function memLine(label: string, kb: number, ofKb: number, width: number, color: string): StyledLine {
	const num = `${kbToMiB(kb)} MiB`.padStart(9);
	const barWidth = Math.max(4, width - 13 - num.length);
	return [{text: label.padEnd(13)}, {text: bar(ofKb > 0 ? kb / ofKb : 0, barWidth), color}, {text: num}];
}

const statusColor = (status: string) => (status === 'plugged' ? 'green' : status === 'eject refused' ? 'red' : 'yellow');

function dimmLines(snapshot: MachineSnapshot, width: number): StyledLine[] {
	const {qemu} = snapshot;
	const lines: StyledLine[] = [
		[
			{text: 'DIMMs', bold: true},
			{text: `  slots ${qemu.dimms.length}/${qemu.slots}  plugged ${formatBytes(qemu.pluggedBytes)}`},
		],
		[{text: `ram ${formatBytes(qemu.ramSize)} + ${formatBytes(qemu.pluggedBytes)} of maxmem ${formatBytes(qemu.maxRamSize)}`, dim: true}],
	];
	// virtio-mem devices sit in device memory too; without a virtio_mem driver the guest plugs nothing of them
	const virtio: StyledLine[] = (qemu.virtioMem ?? []).map((v) => {
		const head = `virtio-mem ${v.id || '(anon)'} ${v.pciAddr} ${formatAddr(v.addr)} ${formatBytes(v.size)}`.slice(0, width);
		// (what was asked stays unplugged: the guest, like the goldens', has no virtio_mem driver)
		const why = v.requestedSize > v.pluggedSize ? ' (no guest driver)' : '';
		return [{text: head}, {text: ` req ${formatBytes(v.requestedSize)} plugged ${formatBytes(v.pluggedSize)}${why}`.slice(0, Math.max(0, width - head.length)), dim: true}];
	});
	if (qemu.dimms.length === 0) return [...lines, [{text: '(none: object_add + device_add)', dim: true}], ...virtio];
	const sorted = [...qemu.dimms].sort((a, b) => a.addr - b.addr);
	const idWidth = Math.min(16, Math.max(2, ...sorted.map(d => d.id.length)));
	const memdevWidth = Math.min(16, Math.max(6, ...sorted.map(d => d.memdev.length)));
	const oneLine = idWidth + memdevWidth + 49 <= width;
	if (oneLine) {
		lines.push([
			{text: `${'id'.padEnd(idWidth)} slot addr         size     ${'memdev'.padEnd(memdevWidth)} node status`, dim: true},
		]);
	}
	for (const d of sorted) {
		const status = formatDimmStatus(d.status);
		const id = d.id.slice(0, idWidth).padEnd(idWidth);
		const head = `${id} ${String(d.slot).padStart(4)} ${formatAddr(d.addr).padEnd(12)} ${formatBytes(d.size).padEnd(8)}`;
		if (oneLine) {
			lines.push([
				{text: `${head} ${d.memdev.slice(0, memdevWidth).padEnd(memdevWidth)} ${String(d.node).padStart(4)} `},
				{text: status, color: statusColor(status), bold: d.status !== 'plugged'},
			]);
		} else {
			lines.push([{text: head}]);
			lines.push([
				{text: `  memdev ${d.memdev} node ${d.node} `, dim: true},
				{text: status, color: statusColor(status), bold: d.status !== 'plugged'},
			]);
		}
	}
	return [...lines, ...virtio];
}

/** Last event, and the reason in red when it was a refusal. Compact: one line. */
function eventLines(snapshot: MachineSnapshot, width: number, full: boolean): StyledLine[] {
	const event = snapshot.events[snapshot.events.length - 1];
	if (!event) return [[{text: 'last event: ', bold: true}, {text: 'none yet', dim: true}]];
	const failed = event.kind === 'offline-failed' || event.kind === 'eject-refused' || event.kind === 'hot-add-failed';
	const style = {color: failed ? 'red' : 'green', bold: failed};
	const text = formatEvent(event);
	if (!full) return [[{text: 'last: ', bold: true}, {text, ...style}]];
	const lines: StyledLine[] = [[{text: 'last event', bold: true}, {text: ` at ${event.time.toFixed(1)} s`, dim: true}]];
	for (const chunk of wordWrap(text, width, width)) lines.push([{text: chunk, ...style}]);
	if (event.callPath.length > 0) {
		for (const chunk of wordWrap(event.callPath.join(' → '), width - 2, width - 2)) lines.push([{text: '  ' + chunk, dim: true}]);
	}
	return lines;
}

/** The explanation of the last failure or surprise, wrapped, after a `! `. */
function explanationLines(text: string | undefined, width: number): StyledLine[] {
	if (!text) return [];
	return wordWrap(`! ${text}`, width, width - 2).map((chunk, i) => [{text: i === 0 ? chunk : `  ${chunk}`, color: 'yellow'}]);
}

/**
 * The full side panel. `height` bounds the map rows; when even two map rows do not fit (the
 * panel shares its column with the tutorial), the legend goes first, then the spacing and
 * the secondary lines, so the DIMM table and the last event stay visible.
 */
export function panelLines(input: PanelInput, height: number): StyledLine[] {
	const {snapshot, width} = input;
	const guest = snapshot.guest;
	const dimms = dimmLines(snapshot, width);
	const events = eventLines(snapshot, width, true);
	const explanation = explanationLines(input.explanation, width);
	if (!guest) {
		const why = snapshot.guestBootFailure === 'reset-loop' ? 'guest kernel does not fit in RAM: resets in a loop'
			: snapshot.guestBootFailure === 'initrd-overwritten' ? 'guest kernel panicked at boot: initrd overwritten'
			: snapshot.guestBootFailure === 'out-of-memory' ? 'guest kernel panicked at boot: out of memory'
			: 'no guest kernel: firmware only';
		return [[{text: why, dim: true}], [], ...dimms, [], ...events, ...explanation];
	}
	const legend = legendLines(width);
	const perRow = Math.max(1, Math.min(32, Math.floor((width - 5) / 2)));
	// Everything but the map rows: header, legend, blank, 5 memory lines, blanks, DIMMs, event.
	const full = 2 + legend.length + 1 + 6 + 1 + dimms.length + 1 + events.length + explanation.length;
	const level = [0, legend.length + 1, legend.length + 6].findIndex(cut => height - (full - cut) >= 2);
	const tight = level < 0 ? 2 : level;
	const fixed = full - [0, legend.length + 1, legend.length + 6][tight];
	const map = layoutBlockMap(guest.blocks, perRow, Math.max(1, height - fixed));
	const lines: StyledLine[] = [...mapHeader(guest, map, width), ...mapLines(map)];
	if (tight === 0) lines.push(...legend, []);
	const presentKb = guest.blocks.reduce((n, b) => n + b.size, 0) / 1024;
	lines.push(memLine('MemTotal', guest.memTotalKb, presentKb, width, 'green'));
	lines.push(memLine('MemFree', guest.memFreeKb, guest.memTotalKb, width, 'cyan'));
	if (tight < 2) lines.push(memLine('MemAvailable', guest.memAvailableKb, guest.memTotalKb, width, 'cyan'));
	lines.push(stateLine(guest, width));
	if (tight < 2) {
		const spark = sparkline(input.freeHistory, width - 13, guest.memTotalKb);
		lines.push([{text: 'free history '}, {text: spark, color: 'cyan'}]);
		lines.push([]);
	}
	lines.push(...(tight < 2 ? dimms : dimms.filter((_, i) => i !== 1)));
	if (tight < 2) lines.push([]);
	lines.push(...events, ...explanation);
	return lines;
}

/**
 * Offline memory (not in MemTotal), the hugetlb pool and tmpfs files written since boot (used
 * memory the bars do not name), in the longest wording that fits the panel.
 */
function stateLine(guest: GuestMemorySnapshot, width: number): StyledLine {
	const off = offlineBytes(guest);
	const long = off > 0 ? `${formatBytes(off)} offline, not in MemTotal` : 'all blocks online';
	const first = (text: string): Segment => (off > 0 ? {text, color: 'yellow', bold: true} : {text, dim: true});
	const n = guest.hugePages ?? 0;
	const tmpfs = guest.tmpfsKb ?? 0;
	const extras: Segment[] = [];
	if (n) extras.push({text: ` · ${n} huge page${n === 1 ? '' : 's'}`, color: 'magenta'});
	// Below 1 MiB (a few small files) it is not worth a word.
	if (tmpfs >= 1024) extras.push({text: ` · ${formatBytes(tmpfs * 1024)} tmpfs`, color: 'blue'});
	if (!extras.length) return [first(long)];
	const fits = (line: Segment[]) => line.reduce((w, seg) => w + seg.text.length, 0) <= width;
	for (const head of [long, off > 0 ? `${formatBytes(off)} offline` : undefined]) {
		if (head === undefined) continue;
		for (let k = extras.length; k > 0; k--) if (fits([first(head), ...extras.slice(0, k)])) return [first(head), ...extras.slice(0, k)];
	}
	if (off > 0) return [first(`${formatBytes(off)} offline`)];
	return n ? [{text: `${n} huge page${n === 1 ? '' : 's'} (2 MiB each)`, color: 'magenta'}] : [{text: `${formatBytes(tmpfs * 1024)} in tmpfs files`, color: 'blue'}];
}

/** Inline map for the compact panel: every run on one line, or aggregated to fit. */
function compactMap(guest: GuestMemorySnapshot, width: number): StyledLine {
	const exact = layoutBlockMap(guest.blocks, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
	const measure = (m: BlockMap) => m.rows.reduce((n, r) => n + String(r.label).length + 2 + r.cells.length * 2, 0);
	const prefix = 'blocks ';
	let map = exact;
	if (measure(exact) + prefix.length > width) {
		const cells = Math.max(1, Math.floor((width - prefix.length - 8 - 12) / 2));
		map = layoutBlockMap(guest.blocks, cells, 1);
	}
	const line: StyledLine = [{text: prefix, bold: true}];
	for (const row of map.rows) {
		line.push({text: `${row.label}:`, dim: true}, ...row.cells.map(cellSegment), {text: ' '});
	}
	if (map.perCell > 1) line.push({text: `(cell=${map.perCell})`, dim: true});
	return line;
}

/** The four lines of the compact (80x24) panel. */
export function compactPanelLines(input: PanelInput): StyledLine[] {
	const {snapshot, width} = input;
	const {guest, qemu} = snapshot;
	const lines: StyledLine[] = [];
	if (guest) {
		lines.push(compactMap(guest, width));
		const off = offlineBytes(guest);
		const mem = `MemTotal ${kbToMiB(guest.memTotalKb)}M  MemFree ${kbToMiB(guest.memFreeKb)}M  MemAvailable ${kbToMiB(guest.memAvailableKb)}M `;
		const huge = guest.hugePages ? `HugePages ${guest.hugePages} ` : '';
		lines.push([
			{text: mem},
			...(off > 0 ? [{text: `${formatBytes(off)} offline `, color: 'yellow', bold: true}] : []),
			...(huge ? [{text: huge, color: 'magenta'}] : []),
			{text: sparkline(input.freeHistory, Math.max(0, width - mem.length - huge.length - 14), guest.memTotalKb), color: 'cyan'},
		]);
	} else {
		lines.push([{text: 'no guest kernel', dim: true}], []);
	}
	const dimmLine: StyledLine = [
		{text: `DIMMs ${qemu.dimms.length}/${qemu.slots} ${formatBytes(qemu.pluggedBytes)}/maxmem ${formatBytes(qemu.maxRamSize)}`, bold: true},
	];
	for (const d of qemu.dimms) {
		const status = formatDimmStatus(d.status);
		dimmLine.push(
			{text: ` ${d.id} ${d.slot} ${formatAddr(d.addr)} ${formatBytes(d.size)} `},
			{text: status, color: statusColor(status), bold: d.status !== 'plugged'},
		);
	}
	const explanation = explanationLines(input.explanation, width);
	if (explanation.length > 0) {
		// Right after a failure the reason matters more than the DIMM list: two lines of it.
		lines.push(...explanation.slice(0, 2));
		return lines;
	}
	lines.push(dimmLine);
	lines.push(eventLines(snapshot, width, false)[0]);
	return lines;
}
