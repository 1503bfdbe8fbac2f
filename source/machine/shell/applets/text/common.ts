import {isErrno, strerror, type Errno} from '../../../errno.js';
import {NeedConsoleInput, readFile, type Proc} from '../../proc.js';

/** What the text applets share: reading operands and stdin, bytes, lines, libc's number parsing. */

/** Reads each operand (or stdin for none / `-`); missing files print `prog: can't open`. */
export function inputs(p: Proc, files: string[], onError?: (f: string, e: string) => void): {name: string; data: string}[] | number {
	const out: {name: string; data: string}[] = [];
	let failed = false;
	for (const f of files.length ? files : ['-']) {
		if (f === '-') {
			out.push({name: '(standard input)', data: p.stdin()});
			continue;
		}
		const d = readFile(p.vfs, p.abs(f));
		if (isErrno(d)) {
			if (onError) onError(f, strerror[d]);
			else p.err(`${p.name}: can't open '${f}': ${strerror[d]}\n`);
			failed = true;
			continue;
		}
		out.push({name: f, data: d});
	}
	return out.length === 0 && failed ? 1 : out;
}

export function lines(data: string): string[] {
	if (data === '') return [];
	const l = data.split('\n');
	if (l[l.length - 1] === '') l.pop();
	return l;
}

/**
 * Lines with their '\n' kept (a last line without one stays as it is): what
 * `split(/(?<=\n)/)` gives, without a lookbehind regex over the whole input.
 */
export function linesKeepingNewlines(data: string): string[] {
	const out: string[] = [];
	let start = 0;
	for (let nl = data.indexOf('\n'); nl !== -1 && nl < data.length - 1; nl = data.indexOf('\n', nl + 1)) {
		out.push(data.slice(start, nl + 1));
		start = nl + 1;
	}
	out.push(data.slice(start));
	return out;
}

/** Lines split on `sep` (its terminator dropped, a last unterminated line kept), ticking per 1000. */
export function splitLines(p: Proc, data: string, sep = '\n'): string[] {
	const l = data === '' ? [] : data.split(sep);
	if (l.length && l[l.length - 1] === '') l.pop();
	p.tick(Math.ceil(l.length / 1000));
	return l;
}

import {bytesOf, textOf} from '../../../vfs/utf8.js';

export {bytesOf, textOf};

/**
 * What was typed on the console so far, as bytes, for a program that reads its standard input
 * a line at a time there (stdio's getline() gets a line per read(2) of the tty, and stdout is
 * line buffered): undefined where stdin is not the console or Ctrl-D has ended it.
 */
export function consoleSoFar(p: Proc): string | undefined {
	const typed = p.console?.peek();
	return typed && !typed.eof ? bytesOf(typed.data) : undefined;
}

/**
 * Standard input as a stream: a second `-` operand continues where the first one stopped.
 * `lineByLine`: on the console it gives the lines typed so far (cut, rev, nl...), the program
 * handles and prints them, and waitForMore() then waits for the next line; it runs again from
 * its start with it (Interp.runProgram()), what it printed before not printed again.
 */
export class Stdin {
	private data: string | undefined;
	private pos = 0;
	/** What rest() gave was typed on the console, and more may come. */
	private partial = false;
	constructor(private readonly p: Proc, private readonly lineByLine = false) {}
	private read(): string {
		const typed = this.lineByLine ? consoleSoFar(this.p) : undefined;
		this.partial = typed !== undefined;
		return typed ?? bytesOf(this.p.stdin());
	}
	/** The unread rest, as bytes. */
	rest(): string {
		this.data ??= this.read();
		return this.data.slice(this.pos);
	}
	/** Marks n more bytes as read (all of them by default). */
	consume(n?: number): void {
		this.data ??= this.read();
		this.pos = n === undefined ? this.data.length : Math.min(this.data.length, this.pos + n);
	}
	/** Whether what rest() gave was typed on the console so far, more to come. */
	more(): boolean {
		return this.partial;
	}
	/** After the lines typed so far were handled: wait in read(2) for the next one. */
	waitForMore(): void {
		if (this.partial) throw new NeedConsoleInput();
	}
}

/** One operand opened and read: its bytes, or the errno of open(2) or of read(2). */
export type Opened = {ok: true; data: string; stdin: boolean} | {ok: false; openErr?: Errno; readErr?: Errno};

/** open(2) + read(2) of an operand (`-` is stdin, read whole unless `keep` leaves it unconsumed). */
export function openRead(p: Proc, name: string, stdin: Stdin, keep = false): Opened {
	if (name === '-') {
		const data = stdin.rest();
		if (!keep) stdin.consume();
		return {ok: true, data, stdin: true};
	}
	const f = p.vfs.open(p.abs(name), {read: true});
	if (typeof f === 'string') return {ok: false, openErr: f};
	const d = f.read();
	f.close();
	if (isErrno(d)) return {ok: false, readErr: d};
	return {ok: true, data: bytesOf(d), stdin: false};
}

/**
 * fopen_or_warn_stdin() over the operands (none: `-`, standard input): `fn` gets each file's
 * bytes in turn; one that cannot be opened or read is `applet: NAME: error` and skipped.
 * Returns the exit status so far: 1 if any failed. `lineByLine`: a program that handles a line
 * at a time gets the console's lines as they are typed (Stdin); `fn` prints what it made of them.
 */
export function forEachOperand(p: Proc, operands: readonly string[], fn: (data: string, name: string) => void, onError = (name: string, e: Errno) => perrorName(p, name, e), lineByLine = false): number {
	const stdin = new Stdin(p, lineByLine);
	let status = 0;
	for (const name of operands.length ? operands : ['-']) {
		const r = openRead(p, name, stdin);
		if (!r.ok) {
			onError(name, r.openErr ?? r.readErr!);
			status = 1;
			continue;
		}
		fn(r.data, name);
		if (r.stdin) stdin.waitForMore();
	}
	return status;
}

/** bb_simple_perror_msg(name): `applet: name: strerror`. */
export function perrorName(p: Proc, name: string, e: Errno): void {
	p.err(`${p.name}: ${name}: ${strerror[e]}\n`);
}

/** C isspace() in the C locale. */
export function isSpace(c: string | undefined): boolean {
	return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

export function isDigit(c: string | undefined): boolean {
	return c !== undefined && c >= '0' && c <= '9';
}

export function isAlnum(c: string | undefined): boolean {
	return c !== undefined && ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
}

/** isprint_asciionly(): 0x20..0x7e. */
export function isPrintAscii(c: string): boolean {
	const n = c.charCodeAt(0);
	return n >= 0x20 && n <= 0x7e;
}

/**
 * glibc strtod() from `start`: leading white space, a sign, `inf`/`infinity`/`nan[(...)]`,
 * hexadecimal (`0x1.8p3`) and decimal forms with exponents. `end === start` means no number.
 */
export function strtod(s: string, start = 0): {value: number; end: number} {
	let i = start;
	while (isSpace(s[i])) i++;
	let sign = 1;
	if (s[i] === '+' || s[i] === '-') {
		if (s[i] === '-') sign = -1;
		i++;
	}
	const word = /^(infinity|inf|nan(\([0-9A-Za-z_]*\))?)/i.exec(s.slice(i, i + 40));
	if (word) {
		const isNan = word[1].toLowerCase().startsWith('nan');
		return {value: isNan ? NaN : sign * Infinity, end: i + word[0].length};
	}
	const hex = /^0[xX](?:([0-9a-fA-F]+)\.?([0-9a-fA-F]*)|\.([0-9a-fA-F]+))(?:[pP]([+-]?[0-9]+))?/.exec(s.slice(i));
	if (hex) {
		const intPart = hex[1] ?? '';
		const frac = hex[2] ?? hex[3] ?? '';
		const mant = BigInt('0x' + (intPart + frac || '0'));
		const exp = (hex[4] ? Number(hex[4]) : 0) - 4 * frac.length;
		return {value: sign * Number(mant) * 2 ** exp, end: i + hex[0].length};
	}
	const dec = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(s.slice(i));
	if (!dec) return {value: 0, end: start};
	return {value: sign * Number(dec[0]), end: i + dec[0].length};
}

/**
 * printf("%0*.*f", width, prec, v) as glibc prints a double: the exact binary value rounded
 * half to even, zero padding after the sign.
 */
export function formatFixed(v: number, prec: number, width = 0): string {
	let body: string;
	if (Number.isNaN(v)) body = 'nan';
	else if (!Number.isFinite(v)) body = 'inf';
	else if (Number.isSafeInteger(v)) body = String(Math.abs(v)) + (prec ? `.${'0'.repeat(prec)}` : '');
	else {
		const abs = Math.abs(v);
		// abs = mant * 2^exp exactly
		let exp = 0;
		let mant = abs;
		while (mant !== Math.floor(mant) && exp > -1100) {
			mant *= 2;
			exp--;
		}
		let num = BigInt(mant) * 10n ** BigInt(prec);
		let q: bigint;
		if (exp >= 0) q = num;
		else {
			const den = 1n << BigInt(-exp);
			q = num / den;
			const r2 = (num % den) * 2n;
			if (r2 > den || (r2 === den && q % 2n === 1n)) q++;
		}
		num = q;
		let digits = num.toString().padStart(prec + 1, '0');
		if (prec > 0) digits = `${digits.slice(0, -prec)}.${digits.slice(-prec)}`;
		body = digits;
	}
	const sign = v < 0 || Object.is(v, -0) ? '-' : '';
	const pad = Number.isFinite(v) ? '0' : ' ';
	const len = sign.length + body.length;
	if (len >= width) return sign + body;
	return pad === '0' ? sign + '0'.repeat(width - len) + body : ' '.repeat(width - len) + sign + body;
}

/**
 * libbb's bb_process_escape_sequence() on s from i (just past the backslash): octal (up to 3
 * digits, at most 0377), `\xHH`, the C letters and `\\`; anything else is a backslash with
 * nothing consumed.
 */
export function escapeSequence(s: string, i: number): {ch: string; next: number} {
	let q = i;
	let base = 8;
	let digits = 0;
	let n = 0;
	if (s[q] === 'x') {
		q++;
		base = 16;
		digits = 1;
	}
	do {
		const c = s[q];
		if (c === undefined) {
			if (base === 16 && digits === 1) return {ch: '\\', next: i};
			break;
		}
		let d = c.charCodeAt(0) - 48;
		if (d < 0 || d >= 10) {
			const l = c.toLowerCase().charCodeAt(0) - 97;
			d = l >= 0 ? l + 10 : 99;
		}
		if (d >= base) {
			if (base === 16 && --digits === 0) return {ch: '\\', next: i};
			break;
		}
		const r = n * base + d;
		if (r > 255) break;
		n = r;
		q++;
	} while (++digits < 3);
	if (digits === 0) {
		const map: Record<string, string> = {a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\'};
		const c = s[q];
		if (c !== undefined && Object.hasOwn(map, c)) return {ch: map[c], next: q + 1};
		return {ch: '\\', next: q};
	}
	return {ch: String.fromCharCode(n), next: q};
}
