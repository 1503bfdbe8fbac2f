import {bytesOf, textOf} from '../../vfs/utf8.js';
import type {Proc} from '../proc.js';

/** coreutils/echo.c (ash's echo builtin): -n, -e, -E; the whole line goes out in one write(2). */
export function echoMain(p: Proc): number {
	const args = p.argv.slice(1);
	let newline = true;
	let escapes = false;
	while (args.length && /^-[neE]+$/.test(args[0])) {
		for (const c of args.shift()!.slice(1)) {
			if (c === 'n') newline = false;
			else if (c === 'e') escapes = true;
			else escapes = false;
		}
	}
	let text = args.join(' ');
	if (escapes) {
		// the escapes make bytes (`\303\251` is é)
		const r = unescape(bytesOf(text));
		text = textOf(r.text);
		if (r.stop) newline = false;
	}
	p.out(newline ? text + '\n' : text);
	return 0;
}

/** Backslash escapes of echo -e and printf %b; `\c` stops output. */
export function unescape(s: string): {text: string; stop: boolean} {
	let out = '';
	for (let i = 0; i < s.length; i++) {
		const c = s[i];
		if (c !== '\\' || i + 1 >= s.length) {
			out += c;
			continue;
		}
		const n = s[++i];
		const map: Record<string, string> = {a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', e: '\x1b'};
		if (n in map) out += map[n];
		else if (n === 'c') return {text: out, stop: true};
		else if (n === '0' || /[1-7]/.test(n)) {
			const m = /^[0-7]{1,3}/.exec(s.slice(n === '0' ? i + 1 : i))!;
			const digits = m ? m[0] : '';
			out += String.fromCharCode(parseInt(digits || '0', 8));
			i += digits.length - (n === '0' ? 0 : 1);
		} else if (n === 'x') {
			const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
			if (m) {
				out += String.fromCharCode(parseInt(m[0], 16));
				i += m[0].length;
			} else out += '\\x';
		} else out += '\\' + n;
	}
	return {text: out, stop: false};
}
