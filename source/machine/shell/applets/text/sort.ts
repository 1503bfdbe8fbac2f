import {strerror} from '../../../errno.js';
import {getopt32} from '../../getopt.js';
import {errorMsg, type Program, type Proc} from '../../proc.js';
import {msort, month, strverscmp} from './collate.js';
import {isAlnum, isPrintAscii, isSpace, openRead, perrorName, splitLines, Stdin, strtod, textOf} from './common.js';

/**
 * coreutils/sort.c of busybox 1.35 (FEATURE_SORT_BIG), its quirks included: a key's own
 * flags replace the global ones (`-k2,2n -r` sorts the key ascending and only the last-resort
 * comparison descending), ENDCHAR is an absolute column of the line, -s makes ties compare
 * by input position (reversed too by a global -r), -u drops lines whose keys compare equal
 * (and nothing with -s), -c reports `Check line N`. Errors exit 2.
 */

const F = {
	n: 1 << 0, g: 1 << 1, M: 1 << 2, V: 1 << 3, u: 1 << 4, c: 1 << 5, s: 1 << 6, z: 1 << 7,
	b: 1 << 8, r: 1 << 9, d: 1 << 10, f: 1 << 11, i: 1 << 12, bb: 1 << 30,
} as const;
/** getopt32's option string: a key option letter's bit is its index here. */
const OPT_STR = 'ngMVucszbrdfimS:T:o:k:*t:';
const ALLOWED_FOR_K = F.n | F.g | F.M | F.b | F.r | F.d | F.f | F.i;

interface Key {
	/** start field, start char, end field, end char (0: unset) */
	range: [number, number, number, number];
	flags: number;
}

class SortError {
	constructor(readonly message: string) {}
}

/** str2u(): a positive decimal at the start, or `bad field specification`. */
function str2u(s: string, at: number): {n: number; at: number} {
	const m = /^[0-9]+/.exec(s.slice(at));
	if (!m || Number(m[0]) === 0 || Number(m[0]) > 0x7fffffff) throw new SortError('bad field specification');
	return {n: Number(m[0]), at: at + m[0].length};
}

function parseKey(spec: string): Key {
	const key: Key = {range: [0, 0, 0, 0], flags: 0};
	let i = 0;
	let at = 0;
	while (at < spec.length) {
		let r = str2u(spec, at);
		key.range[2 * i] = r.n;
		at = r.at;
		if (spec[at] === '.') {
			r = str2u(spec, at + 1);
			key.range[2 * i + 1] = r.n;
			at = r.at;
		}
		while (at < spec.length) {
			if (spec[at] === ',' && !i++) {
				at++;
				break;
			}
			const idx = OPT_STR.indexOf(spec[at]);
			if (idx < 0) throw new SortError('unknown key option');
			let flag = 1 << idx;
			if (flag & ~ALLOWED_FOR_K) throw new SortError('unknown sort type');
			if (i && flag === F.b) flag = F.bb;
			key.flags |= flag;
			at++;
		}
	}
	return key;
}

/** get_key(): the part of the line a key compares, after -b/-d/-i/-f. */
function getKey(str: string, key: Key, flags: number, sep: string): string {
	const [f0, c0, f1, c1] = key.range;
	if (f0 === 1 && !c0 && !f1 && !c1 && !(flags & (F.b | F.d | F.f | F.i | F.bb))) return str;
	const len = str.length;
	let start = 0;
	let end = 0;
	for (let j = 0; j < 2; j++) {
		const field = key.range[2 * j];
		if (!field) end = len;
		else {
			let ch = '';
			end = 0;
			for (let k = 1; k < field + j; k++) {
				if (sep) {
					// ch is the last character looked at: '' (NUL) when the line ended
					while ((ch = end < len ? str[end] : '') !== '') {
						end++;
						if (ch === sep) break;
					}
				} else {
					while (isSpace(str[end])) end++;
					while (end < len && !isSpace(str[end])) end++;
				}
			}
			if (j && ch) end--;
		}
		if (!j) start = end;
	}
	if (flags & F.b) while (isSpace(str[start])) start++;
	if (flags & F.bb) while (end > start && isSpace(str[end - 1])) end--;
	if (c1) end = Math.min(c1, len);
	if (c0) start = Math.min(start + c0 - 1, len);
	if (end < start) end = start;
	let s = str.slice(start, end);
	if (flags & F.d) s = [...s].filter(c => isSpace(c) || isAlnum(c)).join('');
	if (flags & F.i) s = [...s].filter(isPrintAscii).join('');
	if (flags & F.f) s = s.replace(/[a-z]+/g, m => m.toUpperCase());
	return s;
}

function strcmp(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function compareGeneral(x: string, y: string): number {
	const a = strtod(x);
	const b = strtod(y);
	const dx = a.value;
	const dy = b.value;
	if (a.end === 0) return b.end === 0 ? 0 : -1;
	if (b.end === 0) return 1;
	if (Number.isNaN(dx)) return Number.isNaN(dy) ? 0 : -1;
	if (Number.isNaN(dy)) return 1;
	return dx > dy ? 1 : dx < dy ? -1 : 0;
}

interface Line {
	text: string;
	index: number;
	/** Each key's text as get_key() cuts it (the same on every comparison, so kept). */
	keys: (string | undefined)[];
	/** Each numeric key's atof()/strtod() value. */
	nums: (number | undefined)[];
}

/** compare_keys(), with `global` as option_mask32. */
function makeCompare(keys: Key[], global: number, sep: string, noTieBreak: boolean): (a: Line, b: Line) => number {
	const keyOf = (l: Line, k: number, flags: number) => (l.keys[k] ??= getKey(l.text, keys[k], flags, sep));
	const numOf = (l: Line, k: number, flags: number) => (l.nums[k] ??= strtod(keyOf(l, k, flags)).value);
	return (a, b) => {
		let flags = global;
		let ret = 0;
		for (let k = 0; k < keys.length; k++) {
			flags = keys[k].flags || global;
			switch (flags & (F.n | F.g | F.M | F.V)) {
				case 0: ret = strcmp(keyOf(a, k, flags), keyOf(b, k, flags)); break;
				case F.V: ret = strverscmp(keyOf(a, k, flags), keyOf(b, k, flags)); break;
				case F.g: ret = compareGeneral(keyOf(a, k, flags), keyOf(b, k, flags)); break;
				case F.M: {
					const mx = month(keyOf(a, k, flags));
					const my = month(keyOf(b, k, flags));
					ret = mx === undefined ? (my === undefined ? 0 : -1) : my === undefined ? 1 : mx - my;
					break;
				}
				case F.n: {
					const dx = numOf(a, k, flags);
					const dy = numOf(b, k, flags);
					ret = dx > dy ? 1 : dx < dy ? -1 : 0;
					break;
				}
				default: throw new SortError('unknown sort type');
			}
			if (ret) break;
		}
		if (ret === 0) {
			if (global & F.s) ret = a.index > b.index ? 1 : -1;
			else if (!noTieBreak) {
				flags = global;
				ret = strcmp(a.text, b.text);
			}
		}
		return flags & F.r ? -ret : ret;
	};
}

function writeOutput(p: Proc, path: string, data: string): number {
	const h = p.vfs.open(p.abs(path), {write: true, create: true, truncate: true});
	if (typeof h === 'string') {
		errorMsg(p, `can't open '${path}': ${strerror[h]}`);
		return 2;
	}
	const e = h.write(data);
	h.close();
	if (e) {
		errorMsg(p, `write error: ${strerror[e]}`);
		return 2;
	}
	return 0;
}

const sort: Program = p => {
	const o = getopt32(p, {opts: 'ngMVucszbrdfimS:T:o:k:t:', status: 2, conflicts: {o: 'o', t: 't'}});
	if (typeof o === 'number') return o;
	let global = 0;
	for (const c of 'ngMVucszbrdfi') if (o.has(c)) global |= F[c as keyof typeof F];
	if (global & F.b) global |= F.bb;
	let sep = '';
	const keys: Key[] = [];
	try {
		const t = o.arg('t');
		if (t !== undefined) {
			if (t.length !== 1) throw new SortError('bad -t parameter');
			sep = t;
		}
		for (const k of o.list('k')) keys.push(parseKey(k));
	} catch (e) {
		if (!(e instanceof SortError)) throw e;
		errorMsg(p, e.message);
		return 2;
	}
	const stdin = new Stdin(p);
	let all: Line[] = [];
	for (const name of o.args.length ? o.args : ['-']) {
		p.tick();
		const f = openRead(p, name, stdin);
		if (!f.ok && f.openErr) {
			// coreutils 6.9 compat: the first file that cannot be opened ends sort
			perrorName(p, name, f.openErr);
			return 2;
		}
		// a read error (a directory) ends that file's lines silently, as getline() does
		if (f.ok) for (const text of splitLines(p, f.data, global & F.z ? '\0' : '\n')) all.push({text, index: all.length, keys: [], nums: []});
	}
	if (keys.length === 0) keys.push({range: [1, 0, 0, 0], flags: 0});
	try {
		if (global & F.c) {
			const cmp = makeCompare(keys, global, sep, false);
			const j = global & F.u ? -1 : 0;
			for (let i = 1; i < all.length; i++) {
				if (cmp(all[i - 1], all[i]) > j) {
					p.err(`Check line ${i}\n`);
					return 1;
				}
			}
			return 0;
		}
		msort(p, all, makeCompare(keys, global, sep, false));
		if (global & F.u && all.length) {
			const cmp = makeCompare(keys, global, sep, true);
			const kept = [all[0]];
			for (let i = 1; i < all.length; i++) if (cmp(kept[kept.length - 1], all[i]) !== 0) kept.push(all[i]);
			all = kept;
		}
	} catch (e) {
		if (!(e instanceof SortError)) throw e;
		errorMsg(p, e.message);
		return 2;
	}
	const term = global & F.z ? '\0' : '\n';
	const text = textOf(all.map(l => l.text + term).join(''));
	const out = o.arg('o');
	if (out !== undefined) return writeOutput(p, out, text);
	p.out(text);
	return 0;
};

export const SORT: Record<string, Program> = {sort};
