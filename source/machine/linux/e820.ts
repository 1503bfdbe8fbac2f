/**
 * arch/x86/kernel/e820.c of Linux 6.1: the kernel's own copy of the firmware's E820 table
 * (e820_table), as the early parameters change it before memblock sees it. Only `mem=` is
 * modelled: parse_memopt() removes every RAM range above the limit with e820__range_remove(),
 * and e820__finish_early_params() sanitises the table (e820__update_table()) and prints it as
 * the "user-defined physical RAM map". The firmware's table (e820_table_firmware, which
 * /sys/firmware/memmap shows) is left as it was.
 */
import type {E820Entry} from '../acpi.js';
import {KERN_DEBUG, KERN_INFO, KERN_WARNING} from './printk.js';

const U64_MAX = (1n << 64n) - 1n;

/**
 * lib/cmdline.c memparse(): simple_strtoull(s, 0) (0x hex, leading 0 octal, else decimal; no
 * sign, stops at the first character that is not a digit of the base) and one optional
 * K/M/G/T/P/E suffix, either case; the value wraps at 64 bits. Returns the value and where
 * parsing stopped.
 */
export function memparse(s: string): {value: bigint; rest: string} {
	const n = simpleStrtoull(s);
	let {value} = n;
	let i = s.length - n.rest.length;
	const shift = i < s.length ? 'KMGTPE'.indexOf(s[i]!.toUpperCase()) : -1;
	if (shift >= 0) {
		value = (value << BigInt(10 * (shift + 1))) & U64_MAX;
		i++;
	}
	return {value, rest: s.slice(i)};
}

/** simple_strtoull(s, &end, 0): the number alone, wrapping at 64 bits, and what follows it. */
export function simpleStrtoull(s: string): {value: bigint; rest: string} {
	let base = 10n;
	let i = 0;
	if (s[0] === '0' && (s[1] === 'x' || s[1] === 'X') && /[0-9a-fA-F]/.test(s[2] ?? '')) {
		base = 16n;
		i = 2;
	} else if (s[0] === '0') {
		base = 8n;
	}
	let value = 0n;
	for (; i < s.length; i++) {
		const d = Number.parseInt(s[i]!, 16);
		if (Number.isNaN(d) || BigInt(d) >= base) break;
		value = (value * base + BigInt(d)) & U64_MAX;
	}
	return {value, rest: s.slice(i)};
}

/** %#010Lx */
const hex10 = (n: bigint): string => `0x${n.toString(16).padStart(8, '0')}`;
/** %#018Lx */
const hex18 = (n: number): string => `0x${n.toString(16).padStart(16, '0')}`;

/** e820__range_remove(start, size, old_type, check_type) on a copy of the table. */
export function e820RangeRemove(table: readonly E820Entry[], start: number, end: number, type?: E820Entry['type']): E820Entry[] {
	const out: E820Entry[] = [];
	for (const e of table) {
		const entryEnd = e.addr + e.size;
		if ((type && e.type !== type) || entryEnd <= start || e.addr >= end) {
			out.push({...e});
			continue;
		}
		// Partly or completely covered: what lies outside [start, end) stays.
		if (e.addr < start) out.push({addr: e.addr, size: start - e.addr, type: e.type});
		if (entryEnd > end) out.push({addr: end, size: entryEnd - end, type: e.type});
	}
	return out;
}

/**
 * e820__update_table() for tables without overlaps (what SeaBIOS hands over): empty entries
 * go, the rest sorted by address, and touching entries of one type become one.
 */
export function e820UpdateTable(table: readonly E820Entry[]): E820Entry[] {
	const sorted = table.filter(e => e.size > 0).sort((a, b) => a.addr - b.addr);
	const out: E820Entry[] = [];
	for (const e of sorted) {
		const last = out[out.length - 1];
		if (last && last.type === e.type && last.addr + last.size === e.addr) last.size += e.size;
		else out.push({...e});
	}
	return out;
}

/** The kernel's e820_table after the early parameters, and what their parsing printed. */
export interface KernelE820 {
	table: E820Entry[];
	/** Records of parse_early_param() (right after the BIOS map, before the NX line). */
	earlyParamLog: [level: number, text: string][];
	/** e820__finish_early_params(): the user-defined map, printed after the NX line (empty when no mem= set userdef). */
	userMapLog: [level: number, text: string][];
	/** max_mem_size (CONFIG_MEMORY_HOTPLUG): the last valid mem= limit, in bytes. */
	maxMemSize?: bigint;
}

/**
 * The early parameters in command-line order (a string: a `mem` value; undefined: a bare `mem`
 * without `=`), `mem` applied as parse_memopt() does to the firmware's table; kernelcore= and
 * movablecore= only report a missing value here (find_zone_movable_pfns_for_nodes() uses them).
 */
export function kernelE820(firmware: readonly E820Entry[], early: readonly (string | undefined | {key: string; val?: string})[]): KernelE820 {
	let table: E820Entry[] = firmware.map(e => ({...e}));
	const earlyParamLog: [number, string][] = [];
	let userdef = false;
	let maxMemSize: bigint | undefined;
	for (const param of early) {
		const {key, val} = typeof param === 'object' ? param : {key: 'mem', val: param};
		// do_early_param(): a handler's non-zero return is reported, and parsing goes on.
		const malformed = () => earlyParamLog.push([KERN_WARNING, `Malformed early option '${key}'`]);
		if (key !== 'mem') {
			// cmdline_parse_kernelcore()/cmdline_parse_movablecore(): only a missing value is refused.
			if (val === undefined) malformed();
			continue;
		}
		if (val === undefined) {
			malformed();
			continue;
		}
		if (val === 'nopentium') {
			earlyParamLog.push([KERN_WARNING, 'mem=nopentium ignored! (only supported on x86_32)']);
			malformed();
			continue;
		}
		// userdef is set before the value is checked: even an invalid mem= prints the user map.
		userdef = true;
		const {value} = memparse(val);
		if (value === 0n) {
			malformed();
			continue;
		}
		// e820__range_remove(mem_size, ULLONG_MAX - mem_size, E820_TYPE_RAM, 1): its KERN_DEBUG line.
		earlyParamLog.push([KERN_DEBUG, `e820: remove [mem ${hex10(value)}-${hex10(U64_MAX - 1n)}] usable`]);
		const start = value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
		table = e820RangeRemove(table, start, Number.MAX_SAFE_INTEGER + 1, 'usable');
		maxMemSize = value;
	}
	const userMapLog: [number, string][] = [];
	if (userdef) {
		table = e820UpdateTable(table);
		userMapLog.push([KERN_INFO, 'user-defined physical RAM map:']);
		for (const e of table) userMapLog.push([KERN_INFO, `user: [mem ${hex18(e.addr)}-${hex18(e.addr + e.size - 1)}] ${e.type}`]);
	}
	return {table, earlyParamLog, userMapLog, ...(maxMemSize !== undefined ? {maxMemSize} : {})};
}

/**
 * e820__reserve_resources_late(): the end of each RAM range padded to 64 KiB (first MiB), 1 MiB
 * (first 16 MiB) or 64 MiB, the span it prints as "e820: reserve RAM buffer" and reserves
 * (as "RAM buffer", in the gaps no other resource holds) for /proc/iomem.
 */
export function e820RamBuffers(table: readonly E820Entry[]): {start: number; end: number}[] {
	const out: {start: number; end: number}[] = [];
	for (const e of table) {
		if (e.type !== 'usable') continue;
		const start = e.addr + e.size;
		const mb = Math.floor(start / 0x100000);
		const align = mb === 0 ? 0x10000 : mb < 16 ? 0x100000 : 0x4000000;
		const end = Math.ceil(start / align) * align - 1;
		if (start < end) out.push({start, end});
	}
	return out;
}

/**
 * e820_search_gap() over the kernel's table: the biggest gap below 4 GiB (at least 4 MiB, ties
 * to the lower one), which e820__setup_pci_gap() hands to PCI ("available for PCI devices").
 */
export function e820PciGap(table: readonly E820Entry[]): {start: number; size: number} | undefined {
	let last = 0x100000000;
	let best: {start: number; size: number} | undefined;
	let size = 0x400000;
	for (let i = table.length - 1; i >= 0; i--) {
		const start = table[i]!.addr;
		const end = start + table[i]!.size;
		if (last > end) {
			const gap = last - end;
			if (gap >= size) {
				size = gap;
				best = {start: end, size: gap};
			}
		}
		if (start < last) last = start;
	}
	return best;
}
