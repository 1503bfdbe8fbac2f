import {bbShowUsage} from '../getopt.js';
import {errorMsg, type Proc} from '../proc.js';
import {cFormat} from './awk/format.js';
import {unescape} from './echo.js';
import {bytesOf, escapeSequence, textOf} from './text/common.js';

/**
 * coreutils/printf.c of busybox 1.35, the applet and ash's builtin (whose messages say `sh:`):
 * the format is reused while arguments remain; directives are parsed as busybox parses them (flags
 * from `-+ #`, width or `*`, precision or `.*`, any number of l/L/h/z dropped) and printed
 * the way glibc's printf() prints them, integers as 64-bit `long long` (diouxX get "ll"), with
 * arguments read by bb_strtoll()/bb_strtoull() (base 0: 0x.., 0..; a negative number for %u/%x/%o
 * wraps, as coreutils and bash do), `'c` for a character's code, and `invalid number` (value 0,
 * exit status 1) for the rest. An unknown conversion stops everything: `%...: invalid format`.
 */

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** What bb_strto{ll,ull}() read, or undefined for errno (ERANGE, EINVAL). */
function bbStrto(arg: string, unsigned: boolean): bigint | undefined {
	// bb_strtoull() wants an alphanumeric first character, bb_strtoll() one after an optional '-'
	const first = !unsigned && arg[0] === '-' ? arg[1] : arg[0];
	if (first === undefined || !/[0-9A-Za-z]/.test(first)) return undefined;
	// strtoll(arg, &end, 0)
	const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(arg);
	if (!m || m[0].length !== arg.length) return undefined;
	const digits = m[2]!;
	let v = /^0[xX]/.test(digits) ? BigInt(digits) : digits.length > 1 && digits[0] === '0' ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
	if (unsigned) {
		if (v > UINT64_MAX) return undefined;
		// strtoull() of "-N" is its negation modulo 2^64
		return m[1] === '-' ? BigInt.asUintN(64, -v) : v;
	}
	if (m[1] === '-') v = -v;
	return v < INT64_MIN || v > INT64_MAX ? undefined : v;
}

/** glibc's %d %i %o %u %x %X of a `long long` (flags from "-+ #0", width, precision). */
function formatInt(v: bigint, conv: string, flags: string, width: number, prec: number | undefined): string {
	let sign = '';
	let u = v;
	if (conv === 'd' || conv === 'i') {
		if (v < 0n) {
			sign = '-';
			u = -v;
		} else if (flags.includes('+')) sign = '+';
		else if (flags.includes(' ')) sign = ' ';
	} else u = BigInt.asUintN(64, v);
	let digits = u.toString(conv === 'o' ? 8 : conv === 'x' || conv === 'X' ? 16 : 10);
	if (conv === 'X') digits = digits.toUpperCase();
	if (prec !== undefined) digits = prec === 0 && u === 0n ? '' : digits.padStart(prec, '0');
	if (flags.includes('#')) {
		if (conv === 'o' && !digits.startsWith('0')) digits = `0${digits}`;
		else if ((conv === 'x' || conv === 'X') && u !== 0n) sign = conv === 'x' ? '0x' : '0X';
	}
	return pad(sign, digits, flags, width, prec === undefined);
}

/** Width padding: left-justified with '-', zeros after the sign with '0' (where allowed), else spaces. */
function pad(prefix: string, body: string, flags: string, width: number, zeroOk: boolean): string {
	const len = prefix.length + body.length;
	if (len >= width) return prefix + body;
	if (flags.includes('-')) return prefix + body + ' '.repeat(width - len);
	if (flags.includes('0') && zeroOk) return prefix + '0'.repeat(width - len) + body;
	return ' '.repeat(width - len) + prefix + body;
}

export function printfMain(p: Proc): number {
	// printf works on bytes: the escapes of the format make bytes, %s and widths count them
	let argv = p.argv.slice(1).map(bytesOf);
	if (argv[0] === '--') argv = argv.slice(1);
	const fmt = argv[0];
	if (fmt === undefined) {
		// ash's builtin (applet_name "sh") answers as bash does; the applet prints its usage
		if (!p.name.startsWith('p')) {
			errorMsg(p, 'usage: printf FORMAT [ARGUMENT...]');
			return 2;
		}
		return bbShowUsage(p, 'printf');
	}
	const args = argv.slice(1);
	let out = '';
	let convErr = false;
	let ai = 0;
	/** bb_error_msg() flushes stdout first: what was printed so far comes before the message. */
	const complain = (msg: string) => {
		if (out) p.out(textOf(out));
		out = '';
		errorMsg(p, textOf(msg));
	};

	/** multiconvert(): `'c` / `"c` is the character's code; a failed conversion says so and gives 0. */
	const number = (raw: string, unsigned: boolean): bigint => {
		// (1.35 skips leading blanks first, and a '+' inside the conversion)
		let arg = raw.replace(/^[ \t\n\v\f\r]+/, '');
		if (arg[0] === '"' || arg[0] === "'") arg = String(arg.length > 1 ? arg.codePointAt(1)! & 0xff : 0);
		const body = arg[0] === '+' ? arg.slice(1) : arg;
		const v = bbStrto(body, unsigned) ?? (unsigned ? bbStrto(body, false) : undefined);
		if (v === undefined) {
			complain(`invalid number '${arg}'`);
			convErr = true;
			return 0n;
		}
		return unsigned ? BigInt.asUintN(64, v) : v;
	};
	/** get_width_prec(): bb_strtoi(str, NULL, 10); an error is reported but does not change the status. */
	const widthPrec = (s: string): number => {
		const m = /^[+-]?\d+$/.exec(s.replace(/^[ \t\n\v\f\r]+/, ''));
		const v = m ? Number(m[0]) : NaN;
		if (!Number.isFinite(v) || Math.abs(v) > 2 ** 31 - 1) {
			complain(`invalid number '${s}'`);
			return 0;
		}
		return v;
	};
	/** strtod() of the whole argument (leading blanks allowed, "" is 0); else invalid, 0. */
	const double = (raw: string): number => {
		const s = raw.replace(/^[ \t\n\v\f\r]+/, '');
		if (s === '') return 0;
		const m = /^[+-]?(0[xX][0-9a-fA-F]+(\.[0-9a-fA-F]*)?([pP][+-]?\d+)?|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf(inity)?|nan)$/i.exec(s);
		if (!m) {
			complain(`invalid number '${raw}'`);
			convErr = true;
			return 0;
		}
		const neg = s[0] === '-';
		const body = s.replace(/^[+-]/, '');
		let v: number;
		if (/^0x/i.test(body)) {
			const [mant, exp] = body.slice(2).split(/[pP]/);
			const [ip, fp = ''] = mant!.split('.');
			v = (parseInt(ip || '0', 16) + (fp ? parseInt(fp, 16) / 16 ** fp.length : 0)) * 2 ** Number(exp ?? 0);
		} else if (/^inf/i.test(body)) v = Infinity;
		else if (/^nan/i.test(body)) v = NaN;
		else v = Number(body);
		return neg ? -v : v;
	};

	/** print_formatted(): the format once; 'stop' after \c or %b's \c, 'error' after an invalid format. */
	const once = (): 'ok' | 'stop' | 'error' => {
		let f = fmt;
		for (let i = 0; i < f.length; i++) {
			p.tick();
			const c = f[i]!;
			if (c === '\\') {
				if (f[i + 1] === 'c') return 'stop';
				const e = escapeSequence(f, i + 1);
				out += e.ch;
				i = e.next - 1;
				continue;
			}
			if (c !== '%') {
				out += c;
				continue;
			}
			const start = i;
			let j = i + 1;
			if (f[j] === '%') {
				out += '%';
				i = j;
				continue;
			}
			if (f[j] === 'b') {
				i = j;
				if (ai < args.length) {
					const r = unescape(args[ai++]!);
					out += r.text;
					if (r.stop) return 'stop';
				}
				continue;
			}
			let flags = '';
			while (f[j] !== undefined && '-+ #'.includes(f[j]!)) flags += f[j++];
			let width = 0;
			if (f[j] === '*') {
				j++;
				if (ai < args.length) width = widthPrec(args[ai++]!);
				if (width < 0) {
					flags += '-';
					width = -width;
				}
			} else {
				const w = /^\d*/.exec(f.slice(j))![0];
				if (w.startsWith('0')) flags += '0';
				width = Number(w || 0);
				j += w.length;
			}
			let prec: number | undefined;
			if (f[j] === '.') {
				j++;
				if (f[j] === '*') {
					j++;
					prec = ai < args.length ? widthPrec(args[ai++]!) : 0;
					// a negative precision is taken as if it were missing
					if (prec < 0) prec = undefined;
				} else {
					const d = /^\d*/.exec(f.slice(j))![0];
					prec = Number(d || 0);
					j += d.length;
				}
			}
			// "lLhz" size modifiers are dropped (from the format itself: an error shows it without them)
			while (f[j] !== undefined && /[lLhz]/.test(f[j]!)) f = f.slice(0, j) + f.slice(j + 1);
			const conv = f[j];
			if (conv === undefined || !'diouxXfeEgGcs'.includes(conv)) {
				complain(`${f.slice(start)}: invalid format`);
				return 'error';
			}
			i = j;
			const arg = ai < args.length ? args[ai++]! : '';
			// (the conversion may report an error, which flushes `out` first)
			let text: string;
			if (conv === 'c') {
				text = pad('', arg === '' ? '\0' : arg[0]!, flags.replace('0', ''), width, false);
			} else if (conv === 's') {
				text = pad('', prec === undefined ? arg : arg.slice(0, prec), flags.replace('0', ''), width, false);
			} else if ('dioxXu'.includes(conv)) {
				text = formatInt(number(arg, conv !== 'd' && conv !== 'i'), conv, flags, width, prec);
			} else {
				const v = double(arg);
				text = cFormat(`%${flags}${width || ''}${prec === undefined ? '' : `.${prec}`}${conv}`, {kind: 'double', v});
			}
			out += text;
		}
		return 'ok';
	};

	let status: 'ok' | 'stop' | 'error';
	for (;;) {
		const before = ai;
		status = once();
		if (status !== 'ok' || ai === before || ai >= args.length) break;
	}
	if (out) p.out(textOf(out));
	return status === 'error' || convErr ? 1 : 0;
}
