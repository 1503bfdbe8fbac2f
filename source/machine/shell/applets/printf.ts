import type {Proc} from '../proc.js';
import {cFormat} from './awk/format.js';
import {unescape} from './echo.js';

/** coreutils/printf.c: the format is reused until all arguments are consumed. */
export function printfMain(p: Proc): number {
	const fmt = p.argv[1];
	if (fmt === undefined) {
		p.err('printf: usage: printf FORMAT [ARGUMENT]...\n');
		return 2;
	}
	const args = p.argv.slice(2);
	let status = 0;
	let out = '';
	let ai = 0;
	const next = () => (ai < args.length ? args[ai++] : undefined);
	const num = (s: string | undefined): number => {
		if (s === undefined || s === '') return 0;
		if (/^['"]/.test(s)) return s.charCodeAt(1) || 0;
		const v = /^[-+]?0[xX][0-9a-fA-F]+$/.test(s) ? parseInt(s, 16) : /^[-+]?0[0-7]+$/.test(s) ? parseInt(s, 8) : /^[-+]?\d+$/.test(s) ? parseInt(s, 10) : NaN;
		if (Number.isNaN(v)) {
			p.err(`printf: invalid number '${s}'\n`);
			status = 1;
			return 0;
		}
		return v;
	};
	do {
		const startAi = ai;
		let stop = false;
		for (let i = 0; i < fmt.length && !stop; i++) {
			const c = fmt[i];
			if (c === '\\') {
				const m = /^\\(0[0-7]{0,3}|[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/.exec(fmt.slice(i))!;
				const r = unescape(m[0]);
				out += r.text;
				if (r.stop) stop = true;
				i += m[0].length - 1;
				continue;
			}
			if (c !== '%') {
				out += c;
				continue;
			}
			const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([a-zA-Z%])/.exec(fmt.slice(i));
			if (!m) {
				out += c;
				continue;
			}
			i += m[0].length - 1;
			const flags = m[1];
			const width = m[2] === '*' ? num(next()) : m[2] ? Number(m[2]) : 0;
			const prec = m[3] === '*' ? num(next()) : m[3] !== undefined ? Number(m[3]) : undefined;
			const conv = m[4];
			let s: string;
			switch (conv) {
				case '%':
					out += '%';
					continue;
				case 's':
					s = next() ?? '';
					if (prec !== undefined) s = s.slice(0, prec);
					break;
				case 'b': {
					const r = unescape(next() ?? '');
					s = r.text;
					if (r.stop) stop = true;
					break;
				}
				case 'c':
					s = (next() ?? '').slice(0, 1);
					break;
				case 'd':
				case 'i':
				case 'u': {
					const v = Math.trunc(num(next()));
					s = String(Math.abs(v));
					if (prec !== undefined) s = s.padStart(prec, '0');
					s = (v < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
					break;
				}
				case 'x':
				case 'X':
				case 'o': {
					let v = Math.trunc(num(next()));
					if (v < 0) v = Number(BigInt.asUintN(64, BigInt(v)));
					s = v.toString(conv === 'o' ? 8 : 16);
					if (conv === 'X') s = s.toUpperCase();
					if (prec !== undefined) s = s.padStart(prec, '0');
					if (flags.includes('#') && v !== 0) s = (conv === 'o' ? '0' : conv === 'x' ? '0x' : '0X') + s;
					break;
				}
				case 'f':
				case 'F':
				case 'e':
				case 'E':
				case 'g':
				case 'G':
				case 'a':
				case 'A': {
					// glibc's conversions (two-digit exponents, %g's trimming), width and flags included
					const v = Number(next() ?? 0);
					s = cFormat(`%${flags}${width || ''}${prec === undefined ? '' : `.${prec}`}${conv}`, {kind: 'double', v});
					break;
				}
				default:
					p.err(`printf: %${conv}: invalid format\n`);
					return 1;
			}
			if (s.length < width) {
				if (flags.includes('-')) s = s.padEnd(width);
				else if (flags.includes('0') && /[diuxXof]/.test(conv) && prec === undefined) {
					const sign = /^[-+ ]/.test(s) ? s[0] : '';
					s = sign + s.slice(sign.length).padStart(width - sign.length, '0');
				} else s = s.padStart(width);
			}
			out += s;
		}
		if (stop || ai === startAi) break;
	} while (ai < args.length);
	p.out(out);
	return status;
}
