import {bbShowUsage, getopt32} from '../../getopt.js';
import {errorMsg, NeedConsoleInput, type Program} from '../../proc.js';
import {bytesOf, consoleSoFar, escapeSequence, isAlnum, isPrintAscii, isSpace, textOf} from './common.js';

/**
 * coreutils/tr.c of busybox 1.35 on bytes: ranges, `[:class:]` (alpha alnum digit lower
 * upper space blank punct cntrl xdigit), `[=c=]`, backslash escapes (octal, `\xHH`, C
 * letters; an escape may start a range, so `a\-c` is `a` plus `\`..`c`), -c/-C, -d, -s.
 * A shorter STRING2 repeats its last character; `[x*N]` is not supported (as in busybox).
 */

const CLASSES = ['alpha', 'alnum', 'digit', 'lower', 'upper', 'space', 'blank', 'punct', 'cntrl', 'xdigit'];

function range(from: number, to: number): number[] {
	const out: number[] = [];
	for (let c = from; c <= to; c++) out.push(c);
	return out;
}

class TrUsage {}

/** expand(): a STRING operand to its list of byte values. */
function expand(s: string): number[] {
	const out: number[] = [];
	let i = 0;
	while (i < s.length) {
		// the current character: an escape replaces the last character it consumed
		let c = s.charCodeAt(i);
		if (s[i] === '\\') {
			const r = escapeSequence(s, i + 1);
			i = r.next - 1;
			c = r.ch.charCodeAt(0);
		}
		if (s[i + 1] === '-') {
			if (i + 2 >= s.length) {
				out.push(c);
				i++;
				continue;
			}
			let to = s.charCodeAt(i + 2);
			const escaped = s[i + 2] === '\\';
			i += 3;
			if (escaped) {
				const r = escapeSequence(s, i);
				to = r.ch.charCodeAt(0);
				i = r.next;
			}
			out.push(...range(c, to));
			continue;
		}
		if (c === 0x5b /* [ */) {
			const kind = s[i + 1];
			const at = i + 2;
			if (kind === ':') {
				const len = 7 + (s[at] === 'x' ? 1 : 0);
				const token = s.slice(at, at + len);
				const name = CLASSES.find(n => `${n}:]` === token);
				if (name) {
					i = at + len;
					if (name === 'alnum' || name === 'digit' || name === 'xdigit') out.push(...range(48, 57));
					if (name === 'alpha' || name === 'alnum' || name === 'upper') out.push(...range(65, 90));
					if (name === 'alpha' || name === 'alnum' || name === 'lower') out.push(...range(97, 122));
					if (name === 'space') out.push(9, 10, 11, 12, 13, 32);
					if (name === 'blank') out.push(9, 32);
					if (name === 'punct') for (let k = 0; k < 256; k++) {
						const ch = String.fromCharCode(k);
						if (isPrintAscii(ch) && !isAlnum(ch) && !isSpace(ch)) out.push(k);
					}
					if (name === 'cntrl') out.push(...range(0, 31), 127);
					if (name === 'xdigit') out.push(...range(65, 70), ...range(97, 102));
					continue;
				}
			} else if (kind === '=') {
				out.push(at < s.length ? s.charCodeAt(at) : 0);
				if (at >= s.length || s[at + 1] !== '=' || s[at + 2] !== ']') throw new TrUsage();
				i = at + 3;
				continue;
			}
		}
		out.push(c);
		i++;
	}
	return out;
}

const tr: Program = p => {
	const o = getopt32(p, {opts: '+Ccds', minArgs: 1});
	if (typeof o === 'number') return o;
	const vector = range(0, 255);
	const invec = new Array<boolean>(256).fill(false);
	const outvec = new Array<boolean>(256).fill(false);
	let str1: number[];
	let str2: number[] = [];
	try {
		str1 = expand(bytesOf(o.args[0]));
		if (o.has('c') || o.has('C')) {
			const inSet = new Set(str1);
			str1 = range(0, 255).filter(c => !inSet.has(c));
		}
		if (o.args[1] !== undefined) {
			if (o.args[1] === '') {
				errorMsg(p, 'STRING2 cannot be empty');
				return 1;
			}
			str2 = expand(bytesOf(o.args[1]));
			let last = 0x30;
			for (let i = 0, j = 0; i < str1.length; i++) vector[str1[i] & 0xff] = j < str2.length ? (last = str2[j++]) : last;
		}
	} catch (e) {
		if (!(e instanceof TrUsage)) throw e;
		return bbShowUsage(p);
	}
	for (const c of str1) invec[c & 0xff] = true;
	for (const c of str2) outvec[c & 0xff] = true;
	const del = o.has('d');
	const squeeze = o.has('s');
	// (on the console it reads and writes a line at a time as it is typed: read(2) of the tty)
	const typed = consoleSoFar(p);
	const input = typed ?? bytesOf(p.stdin());
	p.tick(Math.ceil(input.length / 65536));
	const out: number[] = [];
	let text = '';
	let last = 256;
	for (let i = 0; i < input.length; i++) {
		const c = input.charCodeAt(i) & 0xff;
		if (del && invec[c]) continue;
		const coded = vector[c] & 0xff;
		if (squeeze && last === coded && (invec[c] || outvec[coded])) continue;
		out.push((last = coded));
		if (out.length === 8192) {
			text += String.fromCharCode(...out);
			out.length = 0;
		}
	}
	text += String.fromCharCode(...out);
	p.out(textOf(text));
	if (typed !== undefined) throw new NeedConsoleInput();
	return 0;
};

export const TR: Record<string, Program> = {tr};
