import {getopt32} from '../../getopt.js';
import type {Program} from '../../proc.js';
import {isPrintAscii, openRead, perrorName, Stdin} from './common.js';

/**
 * coreutils/wc.c of busybox 1.35: counts bytes (-m is the same without a UTF-8 locale),
 * words as runs of printable non-space ASCII (other bytes neither start nor end a word),
 * -L with tabs to the next multiple of 8. Columns are `%9llu` joined by spaces, except a
 * single count of at most one file, which is printed bare.
 */

const LINES = 0;
const WORDS = 1;
const CHARS = 2;
const BYTES = 3;
const LENGTH = 4;
const LETTERS = 'lwmcL';

function count(data: string, tick: () => void): number[] {
	const c = [0, 0, 0, 0, 0];
	let linepos = 0;
	let inWord = false;
	const endLine = (ch: string | undefined) => {
		if (linepos > c[LENGTH]) c[LENGTH] = linepos;
		if (ch === '\n') c[LINES]++;
		if (ch !== '\v') linepos = 0;
	};
	for (let i = 0; i <= data.length; i++) {
		if ((i & 0xffff) === 0) tick();
		if (i === data.length) {
			endLine(undefined);
			if (inWord) c[WORDS]++;
			break;
		}
		const ch = data[i];
		c[BYTES]++;
		c[CHARS]++;
		if (isPrintAscii(ch)) {
			linepos++;
			if (ch !== ' ') {
				inWord = true;
				continue;
			}
		} else if (ch >= '\t' && ch <= '\r') {
			if (ch === '\t') linepos = (linepos | 7) + 1;
			else endLine(ch);
		} else continue;
		if (inWord) c[WORDS]++;
		inWord = false;
	}
	return c;
}

const wc: Program = p => {
	const o = getopt32(p, {opts: 'lwmcL'});
	if (typeof o === 'number') return o;
	let show = [...LETTERS].map((l, i) => (o.has(l) ? i : -1)).filter(i => i >= 0);
	if (show.length === 0) show = [LINES, WORDS, BYTES];
	const named = o.args.length > 0;
	const files = named ? o.args : ['-'];
	const bare = files.length === 1 && show.length === 1;
	const totals = [0, 0, 0, 0, 0];
	const stdin = new Stdin(p);
	let st = 0;
	const print = (v: number[], name: string | undefined) => {
		const cols = show.map((k, i) => (bare && i === 0 ? String(v[k]) : (i ? ' ' : '') + String(v[k]).padStart(9)));
		p.out(cols.join('') + (name === undefined ? '\n' : ` ${name}\n`));
	};
	for (const name of files) {
		p.tick();
		const f = openRead(p, name, stdin);
		if (!f.ok && f.openErr) {
			perrorName(p, name, f.openErr);
			st = 1;
			continue;
		}
		let v = [0, 0, 0, 0, 0];
		if (f.ok) v = count(f.data, () => p.tick());
		else {
			perrorName(p, name, f.readErr!);
			st = 1;
		}
		for (let k = 0; k < 5; k++) totals[k] = k === LENGTH ? Math.max(totals[k], v[k]) : totals[k] + v[k];
		print(v, named ? name : undefined);
	}
	if (files.length > 1) print(totals, 'total');
	return st;
};

export const WC: Record<string, Program> = {wc};
