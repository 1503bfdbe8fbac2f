import type {Proc} from '../../proc.js';
import {isDigit} from './common.js';

/** The libc pieces busybox sort relies on: strptime("%b"), strverscmp(), qsort(). */

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** strptime(s, "%b") in the C locale: the month (0-11) a full or abbreviated name starts with. */
export function month(s: string): number | undefined {
	const l = s.slice(0, 9).toLowerCase();
	for (let m = 0; m < 12; m++) if (l.startsWith(MONTHS[m]) || l.startsWith(MONTHS[m].slice(0, 3))) return m;
	return undefined;
}

/** glibc strverscmp(). */
export function strverscmp(s1: string, s2: string): number {
	const S_N = 0, S_I = 3, S_F = 6, S_Z = 9, CMP = 2, LEN = 3;
	const next = [S_N, S_I, S_Z, S_N, S_I, S_I, S_N, S_F, S_F, S_N, S_F, S_Z];
	const result = [
		CMP, CMP, CMP, CMP, LEN, CMP, CMP, CMP, CMP,
		CMP, -1, -1, +1, LEN, LEN, +1, LEN, LEN,
		CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP,
		CMP, +1, +1, -1, CMP, CMP, -1, CMP, CMP,
	];
	const at = (s: string, i: number) => (i < s.length ? s.charCodeAt(i) : 0);
	const cls = (c: number) => (c === 48 ? 1 : 0) + (c >= 48 && c <= 57 ? 1 : 0);
	if (s1 === s2) return 0;
	let i = 0;
	let c1 = at(s1, i);
	let c2 = at(s2, i);
	i++;
	let state = S_N + cls(c1);
	let diff: number;
	while ((diff = c1 - c2) === 0) {
		if (c1 === 0) return diff;
		state = next[state];
		c1 = at(s1, i);
		c2 = at(s2, i);
		i++;
		state += cls(c1);
	}
	state = result[state * 3 + cls(c2)];
	if (state === CMP) return diff;
	if (state === LEN) {
		let p1 = i;
		let p2 = i;
		while (isDigit(s1[p1++])) if (!isDigit(s2[p2++])) return 1;
		return isDigit(s2[p2]) ? -1 : diff;
	}
	return state;
}

/**
 * glibc 2.36's qsort(): a top-down merge sort (msort_with_tmp) taking the left element on
 * ties. Same result as any stable sort for a consistent comparison, and the same order as
 * busybox where -n/-g meet NaN and the comparison is not consistent.
 */
export function msort<T>(p: Proc, a: T[], cmp: (x: T, y: T) => number): T[] {
	const tmp: T[] = new Array<T>(a.length);
	const rec = (lo: number, n: number): void => {
		if (n <= 1) return;
		const n1 = Math.floor(n / 2);
		rec(lo, n1);
		rec(lo + n1, n - n1);
		if (n > 64) p.tick();
		let i = lo;
		let j = lo + n1;
		const iEnd = lo + n1;
		const jEnd = lo + n;
		let k = 0;
		while (i < iEnd && j < jEnd) tmp[k++] = cmp(a[i], a[j]) <= 0 ? a[i++] : a[j++];
		while (i < iEnd) tmp[k++] = a[i++];
		for (let m = 0; m < k; m++) a[lo + m] = tmp[m];
	};
	rec(0, a.length);
	return a;
}
