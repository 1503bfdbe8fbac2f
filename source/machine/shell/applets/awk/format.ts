/**
 * glibc printf() conversions as busybox awk uses them (awk_printf(), fmt_num()): exact
 * decimal expansion of doubles with round-half-even (so `%.2f` of 0.125 is 0.12 and `%.0f`
 * of 2.5 is 2, as on the guest), %e/%g/%a, C int conversions, flags, width and precision.
 */
import {AwkError, setFmtNumHook, toCInt, toLongLong} from './value.js';

/** Longest string fmt_num() produces: it prints into a MAXVARFMT (240) byte buffer. */
const MAXVARFMT = 240;

/** Widths and precisions past this would only exhaust memory (busybox would too). */
const MAX_FIELD = 1 << 24;

/** The one argument a format segment is printed with. */
export type FmtArg = {kind: 'int'; v: number} | {kind: 'double'; v: number} | {kind: 'str'; v: string} | {kind: 'char'; v: string};

interface Spec {
	flags: string;
	width: number;
	prec?: number;
	conv: string;
}

/**
 * sprintf(fmt, arg) with glibc's parsing: `%%` prints %, an unknown conversion prints its
 * text, and the argument goes to the conversion that takes one.
 */
export function cFormat(fmt: string, arg: FmtArg): string {
	let out = '';
	let i = 0;
	while (i < fmt.length) {
		const at = fmt.indexOf('%', i);
		if (at < 0) {
			out += fmt.slice(i);
			break;
		}
		out += fmt.slice(i, at);
		const m = /^%([-+ #0'I]*)(\d*)(?:\.(\d*))?/.exec(fmt.slice(at))!;
		const j = at + m[0].length;
		const conv = fmt[j];
		if (conv === undefined) {
			out += fmt.slice(at);
			break;
		}
		i = j + 1;
		if (conv === '%') {
			out += '%';
			continue;
		}
		const width = Number(m[2] || 0);
		const prec = m[3] === undefined ? undefined : Number(m[3] || 0);
		if (!'diouxXeEfFgGaAcs'.includes(conv)) {
			out += unknown(m[1], width, prec, conv);
			continue;
		}
		if (width > MAX_FIELD || (prec ?? 0) > MAX_FIELD) throw new RangeError('out of memory');
		out += formatOne({flags: m[1], width, prec, conv}, arg);
	}
	return out;
}

/** printf_unknown(): glibc prints an unknown conversion back, its flags in a fixed order. */
function unknown(flags: string, width: number, prec: number | undefined, conv: string): string {
	let s = '%';
	if (flags.includes('#')) s += '#';
	if (flags.includes("'")) s += "'";
	if (flags.includes('+')) s += '+';
	else if (flags.includes(' ')) s += ' ';
	if (flags.includes('-')) s += '-';
	else if (flags.includes('0')) s += '0';
	if (flags.includes('I')) s += 'I';
	if (width) s += width;
	if (prec !== undefined) s += `.${prec}`;
	return s + conv;
}

function pad(s: string, spec: Spec, zeroOk: boolean): string {
	if (s.length >= spec.width) return s;
	if (spec.flags.includes('-')) return s.padEnd(spec.width);
	if (zeroOk && spec.flags.includes('0')) {
		const sign = /^[-+ ]?(?:0[xX])?/.exec(s)![0];
		return sign + s.slice(sign.length).padStart(spec.width - sign.length, '0');
	}
	return s.padStart(spec.width);
}

function formatOne(spec: Spec, arg: FmtArg): string {
	const {conv} = spec;
	if (conv === 's') {
		let s = arg.kind === 'str' || arg.kind === 'char' ? arg.v : '';
		if (spec.prec !== undefined) s = s.slice(0, spec.prec);
		return pad(s, spec, false);
	}
	if (conv === 'c') {
		const c = arg.kind === 'char' || arg.kind === 'str' ? arg.v.slice(0, 1) : String.fromCharCode(arg.v & 0xff);
		return pad(c, spec, false);
	}
	if ('diouxX'.includes(conv)) {
		const v = arg.kind === 'int' ? arg.v : arg.kind === 'double' ? toCInt(arg.v) : 0;
		return pad(formatInt(v, spec), spec, spec.prec === undefined);
	}
	const d = arg.kind === 'double' || arg.kind === 'int' ? arg.v : 0;
	const body = formatDouble(d, spec);
	return pad(body, spec, Number.isFinite(d));
}

function formatInt(v: number, spec: Spec): string {
	const {conv, flags} = spec;
	let sign = '';
	let digits: string;
	if (conv === 'd' || conv === 'i') {
		if (v < 0) sign = '-';
		else if (flags.includes('+')) sign = '+';
		else if (flags.includes(' ')) sign = ' ';
		digits = String(Math.abs(v));
	} else {
		const u = v >>> 0;
		digits = u.toString(conv === 'o' ? 8 : conv === 'u' ? 10 : 16);
		if (conv === 'X') digits = digits.toUpperCase();
	}
	if (spec.prec !== undefined) digits = spec.prec === 0 && v === 0 ? '' : digits.padStart(spec.prec, '0');
	if (flags.includes('#')) {
		if (conv === 'o' && !digits.startsWith('0')) digits = '0' + digits;
		else if ((conv === 'x' || conv === 'X') && v !== 0) sign = conv === 'x' ? '0x' : '0X';
	}
	return sign + digits;
}

const signView = new DataView(new ArrayBuffer(8));

/**
 * glibc prints a NaN's sign: x86 arithmetic makes negative ones (inf-inf is -nan), strtod
 * keeps the sign it read. V8 keeps NaN sign bits through arithmetic, so they can be read.
 */
function negativeNaN(d: number): boolean {
	signView.setFloat64(0, d);
	return (signView.getUint8(0) & 0x80) !== 0;
}

/** |v| = m * 2^e exactly. */
function decompose(v: number): {m: bigint; e: number} {
	const view = new DataView(new ArrayBuffer(8));
	view.setFloat64(0, v);
	const hi = view.getUint32(0);
	const lo = view.getUint32(4);
	const exp = (hi >>> 20) & 0x7ff;
	let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
	if (exp === 0) return {m, e: -1074};
	m |= 1n << 52n;
	return {m, e: exp - 1075};
}

/** round(|v| * 10^k), ties to even, exactly. */
function scaledRound(v: number, k: number): bigint {
	const {m, e} = decompose(v);
	let num = m;
	let den = 1n;
	if (e >= 0) num <<= BigInt(e);
	else den <<= BigInt(-e);
	if (k >= 0) num *= 10n ** BigInt(k);
	else den *= 10n ** BigInt(-k);
	const q = num / den;
	const r2 = (num % den) * 2n;
	if (r2 > den || (r2 === den && (q & 1n) === 1n)) return q + 1n;
	return q;
}

function fixed(v: number, prec: number, alt: boolean): string {
	let digits = v === 0 ? '0' : scaledRound(v, prec).toString();
	if (prec === 0) return alt ? digits + '.' : digits;
	digits = digits.padStart(prec + 1, '0');
	return `${digits.slice(0, -prec)}.${digits.slice(-prec)}`;
}

/** The digits (prec + 1 of them) and the decimal exponent %e prints for |v|. */
function expParts(v: number, prec: number): {digits: string; exp: number} {
	if (v === 0) return {digits: '0'.repeat(prec + 1), exp: 0};
	let exp = Math.floor(Math.log10(Math.abs(v)));
	for (let tries = 0; tries < 4; tries++) {
		const q = scaledRound(v, prec - exp);
		const s = q.toString();
		if (s.length > prec + 1) exp++;
		else if (s.length < prec + 1) exp--;
		else return {digits: s, exp};
	}
	const s = scaledRound(v, prec - exp).toString();
	return {digits: s.slice(0, prec + 1).padEnd(prec + 1, '0'), exp};
}

function expForm(v: number, prec: number, alt: boolean, upper: boolean): string {
	const {digits, exp} = expParts(v, prec);
	const mant = digits.length > 1 || alt ? `${digits[0]}.${digits.slice(1)}` : digits;
	const e = `${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
	return mant + e;
}

function hexForm(v: number, prec: number | undefined, upper: boolean, alt: boolean): string {
	let mant: bigint;
	let exp: number;
	let lead: bigint;
	if (v === 0) {
		mant = 0n;
		exp = 0;
		lead = 0n;
	} else {
		const {m, e} = decompose(v);
		if (m < 1n << 52n) {
			// subnormal: glibc prints 0x0.xxxp-1022
			lead = 0n;
			mant = m;
			exp = -1022;
		} else {
			lead = 1n;
			mant = m - (1n << 52n);
			exp = e + 52;
		}
	}
	let hex = mant.toString(16).padStart(13, '0');
	if (prec === undefined) hex = hex.replace(/0+$/, '');
	else if (prec < 13) {
		const drop = BigInt((13 - prec) * 4);
		let q = mant >> drop;
		const rem = mant & ((1n << drop) - 1n);
		const half = 1n << (drop - 1n);
		const odd = prec === 0 ? (lead & 1n) === 1n : (q & 1n) === 1n;
		if (rem > half || (rem === half && odd)) q++;
		if (q >> BigInt(prec * 4) !== 0n) {
			lead++;
			q = 0n;
		}
		hex = prec === 0 ? '' : q.toString(16).padStart(prec, '0');
	} else hex = hex.padEnd(prec, '0');
	let s = `0x${lead.toString(16)}${hex || alt ? '.' + hex : ''}p${exp < 0 ? '-' : '+'}${Math.abs(exp)}`;
	if (upper) s = s.toUpperCase();
	return s;
}

function formatDouble(d: number, spec: Spec): string {
	const {conv, flags} = spec;
	const upper = conv === conv.toUpperCase();
	const neg = d < 0 || Object.is(d, -0);
	const sign = neg ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
	if (Number.isNaN(d)) return (negativeNaN(d) ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + (upper ? 'NAN' : 'nan');
	if (!Number.isFinite(d)) return sign + (upper ? 'INF' : 'inf');
	const v = Math.abs(d);
	const alt = flags.includes('#');
	let body: string;
	switch (conv.toLowerCase()) {
		case 'f':
			body = fixed(v, spec.prec ?? 6, alt);
			break;
		case 'e':
			body = expForm(v, spec.prec ?? 6, alt, upper);
			break;
		case 'a':
			body = hexForm(v, spec.prec, upper, alt);
			break;
		default: {
			const p = spec.prec === undefined ? 6 : spec.prec === 0 ? 1 : spec.prec;
			const x = v === 0 ? 0 : expParts(v, p - 1).exp;
			body = p > x && x >= -4 ? fixed(v, p - 1 - x, alt) : expForm(v, p - 1, alt, upper);
			if (!alt) {
				const ei = body.search(/[eE]/);
				let mant = ei < 0 ? body : body.slice(0, ei);
				if (mant.includes('.')) mant = mant.replace(/0+$/, '').replace(/\.$/, '');
				body = mant + (ei < 0 ? '' : body.slice(ei));
			}
			break;
		}
	}
	return sign + body;
}

/** The integer fmt_num() prints with "%lld" (exactly, past 2^53 too). */
export function formatLongLong(n: number): string {
	return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
}

/**
 * fmt_num(): how CONVFMT and OFMT turn a number into a string. Integral values print as
 * integers; otherwise the format's last character picks an int or double conversion, and
 * anything else is "Invalid format specifier".
 */
export function fmtNum(format: string, n: number, intAsInt = true): string {
	if (intAsInt && n === toLongLong(n)) return formatLongLong(n);
	const c = format.length ? format[format.length - 1] : '';
	let s: string;
	if (c === '' || 'diouxX'.includes(c)) s = cFormat(format, {kind: 'int', v: toCInt(n)});
	else if ('eEfFgGaA'.includes(c)) s = cFormat(format, {kind: 'double', v: n});
	else throw new AwkError('Invalid format specifier');
	return intAsInt ? s.slice(0, MAXVARFMT - 1) : s;
}

setFmtNumHook((fmt, n) => fmtNum(fmt, n));
