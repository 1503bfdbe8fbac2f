import {utf8Length} from './utf8.js';

/**
 * A tmpfs file's bytes as runs, so that files made to fill memory (dd from /dev/zero, `yes`,
 * fallocate) and sparse files (truncate, dd seek=) never exist as hundreds of MiB of text:
 * - text: bytes written as data;
 * - fill: one short unit repeated (NULs from /dev/zero or fallocate, `y\n` from yes);
 * - hole: bytes never written, which read as NULs and have no pages.
 * Offsets and lengths count bytes (UTF-8), as st_size does.
 */
export type Extent =
	| {readonly t: 'text'; readonly s: string; readonly n: number}
	| {readonly t: 'fill'; readonly unit: string; readonly u: number; readonly count: number}
	| {readonly t: 'hole'; readonly n: number};

export const PAGE_SIZE = 4096;

export function text(s: string): Extent {
	return {t: 'text', s, n: utf8Length(s)};
}

export function fill(unit: string, count: number): Extent {
	return {t: 'fill', unit, u: utf8Length(unit), count};
}

export function hole(n: number): Extent {
	return {t: 'hole', n};
}

export function extentBytes(e: Extent): number {
	return e.t === 'fill' ? e.u * e.count : e.n;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Bytes [from, to) of a string, counted in UTF-8. */
function sliceUtf8(s: string, n: number, from: number, to: number): string {
	if (n === s.length) return s.slice(from, to);
	return decoder.decode(encoder.encode(s).subarray(from, to));
}

/** Bytes [from, to) of one extent (0 <= from < to <= its length), as extents. */
function sliceExtent(e: Extent, from: number, to: number): Extent[] {
	if (e.t === 'hole') return [hole(to - from)];
	if (e.t === 'text') return [text(sliceUtf8(e.s, e.n, from, to))];
	// A cut inside a unit leaves part of it as text.
	const wholeFrom = Math.ceil(from / e.u) * e.u;
	const wholeTo = Math.floor(to / e.u) * e.u;
	if (wholeFrom >= wholeTo) {
		// No whole unit in the range: it lies within two neighbouring units.
		const k = Math.floor(from / e.u);
		const units = Math.ceil(to / e.u) - k;
		return [text(sliceUtf8(e.unit.repeat(units), e.u * units, from - k * e.u, to - k * e.u))];
	}
	const out: Extent[] = [];
	if (from < wholeFrom) out.push(text(sliceUtf8(e.unit, e.u, from - (wholeFrom - e.u), e.u)));
	out.push(fill(e.unit, (wholeTo - wholeFrom) / e.u));
	if (to > wholeTo) out.push(text(sliceUtf8(e.unit, e.u, 0, to - wholeTo)));
	return out;
}

/** The extents covering bytes [from, to) of a file. */
export function slice(extents: readonly Extent[], from: number, to: number): Extent[] {
	const out: Extent[] = [];
	let at = 0;
	for (const e of extents) {
		const n = extentBytes(e);
		const a = Math.max(from, at);
		const b = Math.min(to, at + n);
		if (a < b) out.push(...(a === at && b === at + n ? [e] : sliceExtent(e, a - at, b - at)));
		at += n;
		if (at >= to) break;
	}
	return out;
}

/** Joins neighbours of the same kind and drops empty runs. */
export function normalize(extents: readonly Extent[]): Extent[] {
	const out: Extent[] = [];
	for (const e of extents) {
		if (extentBytes(e) === 0) continue;
		const last = out[out.length - 1];
		if (last?.t === 'text' && e.t === 'text') out[out.length - 1] = {t: 'text', s: last.s + e.s, n: last.n + e.n};
		else if (last?.t === 'hole' && e.t === 'hole') out[out.length - 1] = hole(last.n + e.n);
		else if (last?.t === 'fill' && e.t === 'fill' && last.unit === e.unit) out[out.length - 1] = {...last, count: last.count + e.count};
		else out.push(e);
	}
	return out;
}

/** Bytes [offset, offset + length of `put`) replaced by `put`; a gap past the end becomes a hole. */
export function splice(extents: readonly Extent[], size: number, offset: number, put: readonly Extent[]): Extent[] {
	const len = put.reduce((sum, e) => sum + extentBytes(e), 0);
	const end = offset + len;
	return normalize([
		...slice(extents, 0, Math.min(offset, size)),
		...(offset > size ? [hole(offset - size)] : []),
		...put,
		...(end < size ? slice(extents, end, size) : []),
	]);
}

/** Pages holding data: every page a text or fill run touches (a hole shares its page with data). */
export function allocatedPages(extents: readonly Extent[]): number {
	let pages = 0;
	let coveredTo = 0;
	let at = 0;
	for (const e of extents) {
		const n = extentBytes(e);
		if (e.t !== 'hole' && n > 0) {
			const first = Math.max(Math.floor(at / PAGE_SIZE), coveredTo);
			const end = Math.ceil((at + n) / PAGE_SIZE);
			if (end > first) pages += end - first;
			coveredTo = Math.max(coveredTo, end);
		}
		at += n;
	}
	return pages;
}

/** Whether the page holding byte `offset` has data (is allocated). */
export function pageAllocated(extents: readonly Extent[], offset: number): boolean {
	const page = Math.floor(offset / PAGE_SIZE);
	const from = page * PAGE_SIZE;
	const to = from + PAGE_SIZE;
	let at = 0;
	for (const e of extents) {
		const n = extentBytes(e);
		if (e.t !== 'hole' && at < to && at + n > from) return true;
		at += n;
		if (at >= to) break;
	}
	return false;
}

/** Bytes that would have to be built as text to read the file: everything but text runs. */
export function unbuiltBytes(extents: readonly Extent[]): number {
	let n = 0;
	for (const e of extents) if (e.t !== 'text') n += extentBytes(e);
	return n;
}

/** The file's content as one string. */
export function materialize(extents: readonly Extent[]): string {
	let out = '';
	for (const e of extents) out += e.t === 'text' ? e.s : e.t === 'fill' ? e.unit.repeat(e.count) : '\0'.repeat(e.n);
	return out;
}

/** Holes in [from, to) become allocated NULs (fallocate); data stays as it is. */
export function allocate(extents: readonly Extent[], size: number, from: number, to: number): Extent[] {
	const out: Extent[] = [];
	let at = 0;
	for (const e of extents) {
		const n = extentBytes(e);
		const a = Math.max(from, at);
		const b = Math.min(to, at + n);
		if (e.t !== 'hole' || a >= b) out.push(e);
		else out.push(hole(a - at), fill('\0', b - a), hole(at + n - b));
		at += n;
	}
	if (to > size) out.push(hole(Math.max(0, from - size)), fill('\0', to - Math.max(from, size)));
	return normalize(out);
}
