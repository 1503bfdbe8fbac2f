/**
 * busybox awk's variables (`var` in editors/awk.c): one cell holds a number, a string or
 * both, with the flags that decide how it compares and prints:
 *
 * - NUMBER: the number is the primary value (constants, arithmetic results);
 * - CACHED: the other representation has been computed and is kept (a number's string is
 *   formatted with the CONVFMT of the moment it was first needed, and stays);
 * - USER: the string came from input (fields, getline, -v, ARGV, ENVIRON, split) and counts
 *   as a number if strtod() consumes all of it but trailing blanks (a "strnum");
 * - DIRTY: the cell was assigned at least once; a never-assigned cell is numeric zero.
 */

export const NUMBER = 1;
export const CACHED = 2;
export const USER = 4;
export const DIRTY = 8;

/** A run-time or parse error busybox reports with syntax_error(): `awk: PROG:LINE: MSG`, exit 1. */
export class AwkError extends Error {
	constructor(message: string, readonly line?: number) {
		super(message);
	}
}

/** An error busybox reports with bb_error_msg_and_die(): `awk: MSG`, exit 1. */
export class AwkDie extends Error {}

export class Cell {
	flags = 0;
	num = 0;
	str: string | null = null;
	/** The array this cell is (a cell can be both a scalar and an array, as in busybox). */
	arr?: AwkHash;
	/** For function parameters: the caller's cell, whose array a parameter used as one is. */
	parent?: Cell;
	/** Runs after every assignment (NF, $0, fields, FS, RS, IGNORECASE). */
	special?: (c: Cell) => void;
}

/** The cell an array operation works on: a parameter refers to its argument's array. */
export function arrayOf(c: Cell): AwkHash {
	while (c.parent) c = c.parent;
	c.arr ??= new AwkHash();
	return c.arr;
}

function clear(c: Cell): void {
	c.flags = DIRTY;
	c.str = null;
}

export function setStr(c: Cell, s: string): Cell {
	clear(c);
	c.str = s === '' ? null : s;
	c.special?.(c);
	return c;
}

/** setvar_u(): a string from input, which may be a number. */
export function setUser(c: Cell, s: string): Cell {
	setStr(c, s);
	c.flags |= USER;
	return c;
}

export function setNum(c: Cell, n: number): Cell {
	clear(c);
	c.flags |= NUMBER;
	c.num = n;
	c.special?.(c);
	return c;
}

export function copyCell(dest: Cell, src: Cell): Cell {
	if (dest !== src) {
		clear(dest);
		dest.flags |= src.flags & (NUMBER | CACHED | USER);
		dest.num = src.num;
		dest.str = src.str;
	}
	dest.special?.(dest);
	return dest;
}

export function numCell(n: number): Cell {
	const c = new Cell();
	c.flags = DIRTY | NUMBER;
	c.num = n;
	return c;
}

export function strCell(s: string): Cell {
	const c = new Cell();
	c.flags = DIRTY;
	c.str = s === '' ? null : s;
	return c;
}

/** getvar_s(): the string value; a number is formatted once with CONVFMT and cached. */
export function toStr(c: Cell, convfmt: () => string): string {
	if ((c.flags & (NUMBER | CACHED)) === NUMBER) {
		c.str = fmtNumHook(convfmt(), c.num);
		c.flags |= CACHED;
	}
	return c.str ?? '';
}

/** getvar_i(): the numeric value; a string is converted once with strtod() and cached. */
export function toNum(c: Cell): number {
	if ((c.flags & (NUMBER | CACHED)) === 0) {
		c.num = 0;
		const s = c.str;
		if (s) {
			const r = strtodHexOct(s, 0);
			c.num = r.value;
			if (c.flags & USER) {
				let i = r.end;
				// skip_spaces(): blanks and backslash-newlines
				for (;;) {
					if (s[i] === '\\' && s[i + 1] === '\n') i += 2;
					else if (s[i] === ' ' || s[i] === '\t') i++;
					else break;
				}
				if (i < s.length) c.flags &= ~USER;
			}
		} else c.flags &= ~USER;
		c.flags |= CACHED;
	}
	return c.num;
}

/** is_numeric(): numbers, numeric input strings and never-assigned cells compare as numbers. */
export function isNumeric(c: Cell): boolean {
	toNum(c);
	return ((c.flags ^ DIRTY) & (NUMBER | USER | DIRTY)) !== 0;
}

export function isTrue(c: Cell): boolean {
	if (isNumeric(c)) return c.num !== 0;
	return c.str !== null && c.str !== '';
}

/** Set by format.ts (avoids an import cycle): fmt_num() with integers printed as integers. */
export let fmtNumHook: (fmt: string, n: number) => string = (_f, n) => String(n);

export function setFmtNumHook(f: (fmt: string, n: number) => string): void {
	fmtNumHook = f;
}

/** NaNs with either sign bit (a literal -NaN could be folded to NaN by a bundler). */
const NAN = Number('nan');
const NEG_NAN = -NAN;

const SPACE = new Set([' ', '\t', '\n', '\v', '\f', '\r']);

/**
 * glibc strtod() in the C locale: leading white space, a sign, decimal or hexadecimal
 * (0x...p...) digits, inf/infinity/nan. `end` is where conversion stopped (`start` if
 * nothing was converted).
 */
export function strtod(s: string, start: number): {value: number; end: number} {
	let i = start;
	while (SPACE.has(s[i])) i++;
	let neg = false;
	if (s[i] === '+' || s[i] === '-') {
		neg = s[i] === '-';
		i++;
	}
	const rest = s.slice(i, i + 9).toLowerCase();
	if (rest.startsWith('inf')) {
		const len = rest.startsWith('infinity') ? 8 : 3;
		return {value: neg ? -Infinity : Infinity, end: i + len};
	}
	if (rest.startsWith('nan')) {
		let end = i + 3;
		const m = /^\([0-9A-Za-z_]*\)/.exec(s.slice(end));
		if (m) end += m[0].length;
		return {value: neg ? NEG_NAN : NAN, end};
	}
	if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X')) {
		const m = /^(?:[0-9a-fA-F]+(?:\.[0-9a-fA-F]*)?|\.[0-9a-fA-F]+)/.exec(s.slice(i + 2));
		if (m) {
			let end = i + 2 + m[0].length;
			const [ip, fp = ''] = m[0].split('.');
			let exp = 0;
			const e = /^[pP]([+-]?\d+)/.exec(s.slice(end));
			if (e) {
				exp = Number(e[1]);
				end += e[0].length;
			}
			let v = 0;
			for (const d of ip) v = v * 16 + parseInt(d, 16);
			let scale = 1 / 16;
			for (const d of fp) {
				v += parseInt(d, 16) * scale;
				scale /= 16;
			}
			v *= 2 ** exp;
			return {value: neg ? -v : v, end};
		}
		// "0x" without hex digits: the 0 is the number
		return {value: neg ? -0 : 0, end: i + 1};
	}
	const m = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(s.slice(i, i + 4096));
	if (!m) return {value: 0, end: start};
	const v = Number(m[0]);
	return {value: neg ? -v : v, end: i + m[0].length};
}

/** strtoull()'s result when the number does not fit: 2^64 - 1 (as a double, 2^64). */
const ULLONG_MAX = 2 ** 64;

/**
 * my_strtod() of busybox 1.35 (DESKTOP build): a string starting with 0x is a hex integer
 * and one starting with 0 and a digit an octal one, unless a digit or '.' follows the octal
 * digits (then strtod() reads it: 08.5, 009). This applies to program constants and to
 * input alike, so the field "011" is 9 and "0x10" is 16.
 */
export function strtodHexOct(s: string, i: number): {value: number; end: number} {
	if (s[i] === '0') {
		const c = (s[i + 1] ?? '').toLowerCase();
		if (c === 'x' || (c >= '0' && c <= '9')) {
			const m = c === 'x' ? /^0[xX]([0-9a-fA-F]*)/.exec(s.slice(i, i + 4096)) : /^0([0-7]*)/.exec(s.slice(i, i + 4096));
			const digits = m![1];
			let value = digits ? Number(BigInt(`0${c === 'x' ? 'x' : 'o'}${digits}`)) : 0;
			if (value > ULLONG_MAX) value = ULLONG_MAX;
			const end = c === 'x' && !digits ? i + 1 : i + m![0].length;
			if (c === 'x') return {value, end};
			const after = s[end];
			if (after === undefined || !/[0-9.]/.test(after)) return {value, end};
		}
	}
	return strtod(s, i);
}

/** C's (long long)d on x86-64: truncation, or INT64_MIN when out of range or NaN. */
export function toLongLong(d: number): number {
	if (!(d >= -9223372036854775808 && d < 9223372036854775808)) return -9223372036854775808;
	return Math.trunc(d) || 0;
}

/** C's (int)d on x86-64: truncation, or INT_MIN when out of range or NaN. */
export function toCInt(d: number): number {
	if (!(d > -2147483649 && d < 2147483648)) return -2147483648;
	return Math.trunc(d) || 0;
}

/** C's (unsigned)d as busybox converts srand()'s argument (via a 64-bit conversion). */
export function toCUnsigned(d: number): number {
	const ll = toLongLong(d);
	return Number(BigInt.asUintN(32, BigInt(ll)));
}

/** hashidx(): the bucket hash of busybox's xhash (busybox builds with -funsigned-char). */
function hashidx(name: string): number {
	let idx = 0;
	for (let i = 0; i < name.length; i++) idx = (Math.imul(idx, 63) + (name.charCodeAt(i) & 0xff)) >>> 0;
	return idx;
}

const PRIMES = [251, 1021, 4093, 16381, 65521];

interface HashItem {
	name: string;
	cell: Cell;
}

/**
 * busybox's xhash: chained buckets, new items at the head of their chain, grown through a
 * list of primes. `for (k in a)` walks buckets in order, which is why its order looks random
 * but is the same on every run (and here the same as on the real guest).
 */
export class AwkHash {
	private buckets: HashItem[][] = Array.from({length: 61}, () => []);
	private nprime = 0;
	private index = new Map<string, HashItem>();

	get size(): number {
		return this.index.size;
	}

	get(name: string): Cell | undefined {
		return this.index.get(name)?.cell;
	}

	has(name: string): boolean {
		return this.index.has(name);
	}

	/** hash_find(): the element, created empty if missing. */
	find(name: string): Cell {
		const old = this.index.get(name);
		if (old) return old.cell;
		if (this.index.size + 1 > this.buckets.length * 8) this.rebuild();
		const item = {name, cell: new Cell()};
		this.buckets[hashidx(name) % this.buckets.length].unshift(item);
		this.index.set(name, item);
		return item.cell;
	}

	remove(name: string): void {
		const item = this.index.get(name);
		if (!item) return;
		this.index.delete(name);
		const b = this.buckets[hashidx(name) % this.buckets.length];
		b.splice(b.indexOf(item), 1);
	}

	clear(): void {
		for (const b of this.buckets) b.length = 0;
		this.index.clear();
	}

	/** The names in walk order (hashwalk_init() copies them before the loop starts). */
	keys(): string[] {
		const out: string[] = [];
		for (const b of this.buckets) for (const item of b) out.push(item.name);
		return out;
	}

	private rebuild(): void {
		if (this.nprime === PRIMES.length) return;
		const size = PRIMES[this.nprime++];
		const next: HashItem[][] = Array.from({length: size}, () => []);
		for (const b of this.buckets) for (const item of b) next[hashidx(item.name) % size].unshift(item);
		this.buckets = next;
	}
}
