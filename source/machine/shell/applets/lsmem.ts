import {isErrno, strerror} from '../../errno.js';
import type {Vfs} from '../../vfs/types.js';
import {getopt32} from '../getopt.js';
import {readFile, type Proc, type Program} from '../proc.js';

/**
 * util-linux 2.38 sys-utils/lsmem.c over /sys/devices/system/memory (under -s's root): blocks
 * are merged while contiguous and equal in the split columns (-S, else the printed ones among
 * STATE, REMOVABLE, NODE, ZONES; never with -a), printed through a libsmartcols-like table
 * (count_column_width(): the widest cell, at least the header, SIZE's width hint of 5; right-
 * aligned columns padded on the left, one space between), or as raw, key="value" pairs or JSON
 * with typed values, then the summary (`%-23s %5s`, `%15` in bytes). Checked against 2.38.1 on
 * the host (with -s over a sysfs tree of the same blocks) and in the lab's guest.
 */
export const SYSMEM = '/sys/devices/system/memory';

export interface MemBlock {
	index: number;
	state: string;
	removable: boolean;
	node: number;
	zones: string[];
}

const ZONE_NAMES: Record<string, string> = {none: 'None', dma: 'DMA', dma32: 'DMA32', normal: 'Normal', highmem: 'Highmem', movable: 'Movable', device: 'Device'};

/**
 * Reads block_size_bytes and every memoryN in index order, under `sysroot` (lsmem -s); like
 * ul_path, a missing directory is reported by its path without the root.
 */
export function readBlocks(vfs: Vfs, sysroot = ''): {blockSize: number; blocks: MemBlock[]} | string {
	const root = sysroot.replace(/\/+$/, '') + SYSMEM;
	const names = vfs.readdir(root);
	if (typeof names === 'string') return `cannot open ${SYSMEM}: ${strerror[names]}`;
	const bs = readFile(vfs, `${root}/block_size_bytes`);
	if (isErrno(bs)) return `failed to read memory block size: ${strerror[bs]}`;
	const blockSize = parseInt(bs.trim(), 16);
	const blocks: MemBlock[] = [];
	for (const name of names) {
		const m = /^memory(\d+)$/.exec(name);
		if (!m) continue;
		const dir = `${root}/${name}`;
		const state = readFile(vfs, `${dir}/state`);
		const removable = readFile(vfs, `${dir}/removable`);
		const zones = readFile(vfs, `${dir}/valid_zones`);
		const entries = vfs.readdir(dir);
		const nodeEntry = typeof entries === 'string' ? undefined : entries.find(e => /^node\d+$/.test(e));
		blocks.push({
			index: Number(m[1]),
			state: !isErrno(state) ? state.trim() : 'unknown',
			removable: !isErrno(removable) && removable.trim() === '1',
			node: nodeEntry ? Number(nodeEntry.slice(4)) : 0,
			zones: !isErrno(zones) ? zones.trim().split(/\s+/).filter(Boolean).map(z => ZONE_NAMES[z.toLowerCase()] ?? z) : [],
		});
	}
	blocks.sort((a, b) => a.index - b.index);
	return {blockSize, blocks};
}

/** util-linux size_to_human_string(SIZE_SUFFIX_1LETTER). */
export function humanSize(bytes: number): string {
	const letters = 'BKMGTPE';
	let exp = 0;
	for (let shft = 10; shft <= 60; shft += 10) {
		if (bytes < 2 ** shft) {
			exp = shft - 10;
			break;
		}
		exp = shft;
	}
	const unit = 2 ** exp;
	let dec = exp ? Math.floor(bytes / unit) : bytes;
	let frac = exp ? bytes % unit : 0;
	const suffix = letters[exp / 10];
	if (frac) {
		frac = Math.floor((frac * 1000) / unit);
		frac = Math.floor((frac + 50) / 100) * 10;
		if (frac === 100) {
			dec++;
			frac = 0;
		}
	}
	if (frac) {
		let s = `${dec}.${String(frac).padStart(2, '0')}`;
		if (s.endsWith('0')) s = s.slice(0, -1);
		return s + suffix;
	}
	return `${dec}${suffix}`;
}

interface Column {
	name: string;
	right: boolean;
	/** scols_column_set_json_type(): what --json prints unquoted (SIZE only with --bytes). */
	json: 'string' | 'number' | 'boolean';
	/** libsmartcols width hint from lsmem's coldescs (SIZE has 5). */
	hint: number;
	help: string;
}

const COLUMNS: Record<string, Column> = {
	RANGE: {name: 'RANGE', right: false, json: 'string', hint: 0, help: 'start and end address of the memory range'},
	SIZE: {name: 'SIZE', right: true, json: 'number', hint: 5, help: 'size of the memory range'},
	STATE: {name: 'STATE', right: true, json: 'string', hint: 0, help: 'online status of the memory range'},
	REMOVABLE: {name: 'REMOVABLE', right: true, json: 'boolean', hint: 0, help: 'memory is removable'},
	BLOCK: {name: 'BLOCK', right: true, json: 'string', hint: 0, help: 'memory block number or blocks range'},
	NODE: {name: 'NODE', right: true, json: 'number', hint: 0, help: 'numa node of memory'},
	ZONES: {name: 'ZONES', right: true, json: 'string', hint: 0, help: 'valid zones for the memory range'},
};
const DEFAULT_COLUMNS = ['RANGE', 'SIZE', 'STATE', 'REMOVABLE', 'BLOCK'];

interface Range {
	first: MemBlock;
	count: number;
}

const USAGE = `
Usage:
 lsmem [options]

List the ranges of available memory with their online status.

Options:
 -J, --json           use JSON output format
 -P, --pairs          use key="value" output format
 -a, --all            list each individual memory block
 -b, --bytes          print SIZE in bytes rather than in human readable format
 -n, --noheadings     don't print headings
 -o, --output <list>  output columns
     --output-all     output all columns
 -r, --raw            use raw output format
 -S, --split <list>   split ranges by specified columns
 -s, --sysroot <dir>  use the specified directory as system root
     --summary[=when] print summary information (never,always or only)

 -h, --help           display this help
 -V, --version        display version

Available output columns:
${Object.values(COLUMNS).map(c => ` ${c.name.padStart(10)}  ${c.help}\n`).join('')}
For more details see lsmem(1).
`;

/** The ids of a column list: util-linux string_to_idarray(), or why it failed (already said). */
function columnIds(p: Proc, list: string, room: number): string[] | undefined {
	const ids: string[] = [];
	// Pieces end at each ',' and at the end; an empty piece ends the list unreported.
	let begin = -1;
	for (let i = 0; i < list.length; i++) {
		if (ids.length >= room) return undefined;
		if (begin < 0) begin = i;
		let end = -1;
		if (list[i] === ',') end = i;
		if (i + 1 === list.length) end = i + 1;
		if (end < 0) continue;
		if (end <= begin) return undefined;
		// column_name_to_id(): strncasecmp over the piece, which must be the whole name; the
		// warning prints the rest of the list from the piece on.
		const name = list.slice(begin, end);
		const id = Object.keys(COLUMNS).find(c => c.toLowerCase() === name.toLowerCase());
		if (id === undefined) {
			p.err(`lsmem: unknown column: ${list.slice(begin)}\n`);
			return undefined;
		}
		ids.push(id);
		begin = -1;
	}
	return list ? ids : undefined;
}

/** string_add_to_idarray(): `+LIST` appends to `current`, LIST replaces it; the array holds `size`. */
function addColumnIds(p: Proc, list: string, current: string[], size: number): string[] | undefined {
	if (!list) return undefined;
	const base = list.startsWith('+') ? current : [];
	const ids = columnIds(p, list.startsWith('+') ? list.slice(1) : list, size - base.length);
	return ids ? [...base, ...ids] : undefined;
}

/**
 * lsmem's main(), in its order: getopt_long (-J/-P/-r exclusive, -S/-a exclusive, a bad
 * --summary argument at once), no operands, the --summary=only conflict, then the columns, the
 * split list, and the blocks.
 */
export const lsmemMain: Program = (p: Proc) => {
	let all = false;
	let bytes = false;
	let noheadings = false;
	let raw = false;
	let json = false;
	let pairs = false;
	let wantTable = true;
	let wantSummary = true;
	let sysroot = '';
	let outarg: string | undefined;
	let splitarg: string | undefined;
	let outputAll = false;
	const excl: [string, string][] = [['JPr', '--json --pairs --raw'], ['Sa', '--split --all']];
	const exclSeen = new Map<string, string>();
	const opts = getopt32(p, {
		opts: 'abhJno:PrS:s:V',
		longs: {all: 'a', bytes: 'b', help: 'h', json: 'J', noheadings: 'n', output: 'o', 'output-all': '\u0001', pairs: 'P', raw: 'r', sysroot: 's', split: 'S', version: 'V', summary: '\u0002'},
		longOnly: {'\u0001': 'flag', '\u0002': 'optional'},
		onError: (status) => {
			p.err("Try 'lsmem --help' for more information.\n");
			return status;
		},
		each: (c, value) => {
			// err_exclusive_options()
			for (const [group, names] of excl) {
				if (!group.includes(c)) continue;
				const first = exclSeen.get(group);
				if (first === undefined) exclSeen.set(group, c);
				else if (first !== c) {
					p.err(`lsmem: mutually exclusive arguments: ${names}\n`);
					return 1;
				}
			}
			switch (c) {
				case 'a': all = true; break;
				case 'b': bytes = true; break;
				case 'h': p.out(USAGE); return 0;
				case 'J': json = true; wantSummary = false; break;
				case 'n': noheadings = true; break;
				case 'o': outarg = value; break;
				case '\u0001': outputAll = true; break;
				case 'P': pairs = true; wantSummary = false; break;
				case 'r': raw = true; wantSummary = false; break;
				case 's': sysroot = value ?? ''; break;
				case 'S': splitarg = value; break;
				case 'V': p.out('lsmem from util-linux 2.38.1\n'); return 0;
				case '\u0002':
					if (value === undefined) wantTable = false;
					else if (value === 'never') wantSummary = false;
					else if (value === 'only') wantTable = false;
					else if (value === 'always') wantSummary = true;
					else {
						p.err('lsmem: unsupported --summary argument\n');
						return 1;
					}
					break;
			}
			return undefined;
		},
	});
	if (typeof opts === 'number') return opts;
	if (opts.args.length) {
		p.err("lsmem: bad usage\nTry 'lsmem --help' for more information.\n");
		return 1;
	}
	if (!wantTable && !wantSummary) {
		p.err('lsmem: options --{raw,json,pairs} and --summary=only are mutually exclusive\n');
		return 1;
	}
	// (--summary=only reads the blocks and prints the summary without looking at the columns)
	let cols = outputAll ? Object.keys(COLUMNS) : [...DEFAULT_COLUMNS];
	let split: string[] | undefined;
	if (wantTable) {
		if (outarg !== undefined) {
			const ids = addColumnIds(p, outarg, cols, Object.keys(COLUMNS).length * 2);
			if (!ids) return 1;
			cols = ids;
		}
		if (splitarg !== undefined) {
			if (splitarg.toLowerCase() === 'none') split = [];
			else {
				const ids = addColumnIds(p, splitarg, [], Object.keys(COLUMNS).length);
				if (!ids) return 1;
				split = ids;
			}
		}
	}
	const info = readBlocks(p.vfs, sysroot);
	if (typeof info === 'string') {
		p.err(`lsmem: ${info}\n`);
		return 1;
	}
	const {blockSize, blocks} = info;
	const haveZones = blocks.some(b => b.zones.length > 0);
	const ranges: Range[] = [];
	for (const b of blocks) {
		const cur = ranges[ranges.length - 1];
		// The split columns: -S's, or the printed ones.
		const splits = (c: string) => (split ?? cols).includes(c);
		const mergeable = cur && !all && cur.first.index + cur.count === b.index
			&& (!splits('STATE') || cur.first.state === b.state)
			&& (!splits('REMOVABLE') || cur.first.removable === b.removable)
			&& (!splits('NODE') || cur.first.node === b.node)
			&& (!splits('ZONES') || !haveZones || cur.first.zones.join('/') === b.zones.join('/'));
		if (mergeable) cur.count++;
		else ranges.push({first: b, count: 1});
	}
	const size = (n: number) => (bytes ? String(n) : humanSize(n));
	const hex = (n: number) => '0x' + n.toString(16).padStart(16, '0');
	const cell = (r: Range, c: string): string => {
		const start = r.first.index * blockSize;
		const len = r.count * blockSize;
		switch (c) {
			case 'RANGE':
				return `${hex(start)}-${hex(start + len - 1)}`;
			case 'SIZE':
				return size(len);
			case 'STATE':
				return r.first.state === 'going-offline' ? 'on->off' : r.first.state;
			case 'REMOVABLE':
				return r.first.state !== 'online' ? '' : r.first.removable ? 'yes' : 'no';
			case 'BLOCK':
				return r.count > 1 ? `${r.first.index}-${r.first.index + r.count - 1}` : String(r.first.index);
			case 'NODE':
				return String(r.first.node);
			case 'ZONES':
				return r.first.zones.join('/');
		}
		return '';
	};
	let out = '';
	if (wantTable) {
		const rows = ranges.map(r => cols.map(c => cell(r, c)));
		if (json) {
			// libsmartcols' JSON: lowercase keys, three-space indents, typed values.
			const value = (c: string, r: Range, text: string): string => {
				const type = COLUMNS[c].json;
				if (type === 'boolean') return r.first.state !== 'offline' && r.first.removable ? 'true' : 'false';
				if (type === 'number' && (c !== 'SIZE' || bytes)) return text;
				return JSON.stringify(text);
			};
			const objects = ranges.map((r, k) => cols.map((c, i) => `         "${c.toLowerCase()}": ${value(c, r, rows[k][i])}`).join(',\n'));
			out += `{\n   "memory": [\n      {\n${objects.join('\n      },{\n')}\n      }\n   ]\n}\n`;
		} else if (pairs) {
			for (const row of rows) out += row.map((v, i) => `${cols[i]}="${v}"`).join(' ') + '\n';
		} else if (raw) {
			if (!noheadings) out += cols.join(' ') + '\n';
			for (const row of rows) out += row.join(' ') + '\n';
		} else {
			// count_column_width(): the widest cell, enlarged to the header; a width hint of 1 or
			// more (SIZE's 5) applies only when the cells are not narrower than the header.
			const widths = cols.map((c, i) => {
				const header = noheadings ? 0 : c.length;
				const width = Math.max(0, ...rows.map(r => r[i].length));
				if (width < header) return header;
				return COLUMNS[c].hint >= 1 && width < COLUMNS[c].hint && header < COLUMNS[c].hint ? COLUMNS[c].hint : width;
			});
			const line = (cells: string[]) => cells.map((s, i) => {
				const last = i === cells.length - 1;
				if (COLUMNS[cols[i]].right) return s.padStart(widths[i]);
				return last ? s : s.padEnd(widths[i]);
			}).join(' ').replace(/\s+$/, '') + '\n';
			if (!noheadings) out += line(cols);
			for (const row of rows) out += line(row);
		}
	}
	if (wantSummary) {
		const online = blocks.filter(b => b.state === 'online').length * blockSize;
		const offline = blocks.filter(b => b.state !== 'online').length * blockSize;
		if (wantTable) out += '\n';
		// print_summary(): "%-23s %15"PRId64 in bytes, "%-23s %5s" human-readable.
		const row = (k: string, v: number) => `${k.padEnd(23)} ${size(v).padStart(bytes ? 15 : 5)}\n`;
		out += row('Memory block size:', blockSize) + row('Total online memory:', online) + row('Total offline memory:', offline);
	}
	p.out(out);
	return 0;
};
