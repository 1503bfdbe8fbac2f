import {dashDashHelp, bbShowUsage} from '../getopt.js';
import {errorMsg, type Program} from '../proc.js';
import {BadRegex, xregcomp} from '../regex.js';
import {bytesOf, textOf} from './text/common.js';

/**
 * coreutils/expr.c of busybox 1.35 (CONFIG_EXPR_MATH_SUPPORT_64): a recursive-descent parser
 * over the argument words, lowest precedence first: `|`, `&`, comparisons, `+ -`, `* / %`,
 * `:`, the keywords (quote, length, match, index, substr), then `( )` and plain words.
 * Values are strings or 64-bit integers; a string turns into an integer where strtoll() reads
 * all of it. The result is printed; the exit status is 1 when it is null (`""` or 0), 0
 * otherwise, 2 on an error (xfunc_error_retval).
 */

type Value = {kind: 'int'; i: bigint} | {kind: 'str'; s: string};

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** An error expr dies with (status 2). */
class ExprError extends Error {}

const int = (i: bigint): Value => ({kind: 'int', i: BigInt.asIntN(64, i)});
const str = (s: string): Value => ({kind: 'str', s});

/** null(): the empty string, the string "0" or the integer 0. */
function isNull(v: Value): boolean {
	return v.kind === 'int' ? v.i === 0n : v.s === '' || v.s === '0';
}

function toString(v: Value): string {
	return v.kind === 'int' ? v.i.toString() : v.s;
}

/** toarith(): strtoll(s, &e, 10) that must read the whole (non-empty) string; ERANGE saturates. */
function toArith(v: Value): Value | undefined {
	if (v.kind === 'int') return v;
	const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/.exec(v.s);
	if (!m) return undefined;
	let i = BigInt(m[2]!);
	if (m[1] === '-') i = -i;
	if (i > INT64_MAX) i = INT64_MAX;
	if (i < INT64_MIN) i = INT64_MIN;
	return {kind: 'int', i};
}

/** glibc strcoll() in the C locale the initramfs runs in: byte order. */
function strcoll(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

class Parser {
	private at = 0;
	/** The warnings docolon() prints before the result. */
	readonly warnings: string[] = [];

	constructor(private readonly args: string[]) {}

	get done(): boolean {
		return this.at >= this.args.length;
	}

	private next(word: string): boolean {
		return this.args[this.at] === word;
	}

	/** eval(): `|` */
	eval(): Value {
		let l = this.eval1();
		while (this.next('|')) {
			this.at++;
			const r = this.eval1();
			if (isNull(l)) l = isNull(r) ? int(0n) : r;
		}
		return l;
	}

	/** `&` */
	private eval1(): Value {
		let l = this.eval2();
		while (this.next('&')) {
			this.at++;
			const r = this.eval2();
			if (isNull(l) || isNull(r)) l = int(0n);
		}
		return l;
	}

	/** `< <= = == != >= >`: arithmetic when both sides are numbers, else strcoll(). */
	private eval2(): Value {
		let l = this.eval3();
		for (;;) {
			const op = ['<', '<=', '=', '==', '!=', '>=', '>'].find(o => this.next(o));
			if (!op) return l;
			this.at++;
			const r = this.eval3();
			const li = toArith(l) ?? l;
			const ri = toArith(r) ?? r;
			let a: bigint;
			let b: bigint;
			if (li.kind === 'int' && ri.kind === 'int') {
				a = li.i;
				b = ri.i;
			} else {
				a = BigInt(strcoll(toString(li), toString(ri)));
				b = 0n;
			}
			const val = op === '<' ? a < b : op === '<=' ? a <= b : op === '=' || op === '==' ? a === b : op === '!=' ? a !== b : op === '>' ? a > b : a >= b;
			l = int(val ? 1n : 0n);
		}
	}

	/** arithmetic_common() */
	private arith(l: Value, r: Value, op: string): Value {
		const a = toArith(l);
		const b = toArith(r);
		if (!a || !b || a.kind !== 'int' || b.kind !== 'int') throw new ExprError('non-numeric argument');
		if (op === '+') return int(a.i + b.i);
		if (op === '-') return int(a.i - b.i);
		if (op === '*') return int(a.i * b.i);
		if (b.i === 0n) throw new ExprError('division by zero');
		// C division truncates toward zero, as BigInt's does.
		return int(op === '/' ? a.i / b.i : a.i % b.i);
	}

	/** `+ -` */
	private eval3(): Value {
		let l = this.eval4();
		for (;;) {
			const op = ['+', '-'].find(o => this.next(o));
			if (!op) return l;
			this.at++;
			l = this.arith(l, this.eval4(), op);
		}
	}

	/** `* / %` */
	private eval4(): Value {
		let l = this.eval5();
		for (;;) {
			const op = ['*', '/', '%'].find(o => this.next(o));
			if (!op) return l;
			this.at++;
			l = this.arith(l, this.eval5(), op);
		}
	}

	/** `:` */
	private eval5(): Value {
		let l = this.eval6();
		while (this.next(':')) {
			this.at++;
			l = this.docolon(l, this.eval6());
		}
		return l;
	}

	/** quote, length, match, index, substr */
	private eval6(): Value {
		const key = ['quote', 'length', 'match', 'index', 'substr'].indexOf(this.args[this.at] ?? '') + 1;
		if (!key) return this.eval7();
		this.at++;
		if (key === 1) {
			if (this.done) throw new ExprError('syntax error');
			return str(this.args[this.at++]!);
		}
		if (key === 2) return int(BigInt(bytesOf(toString(this.eval6())).length));
		const l = this.eval6();
		if (key === 3) return this.docolon(l, this.eval6());
		if (key === 4) {
			const s = bytesOf(toString(l));
			const chars = bytesOf(toString(this.eval6()));
			// strcspn() + 1 over the bytes, or 0 when none of CHARS is in STRING
			let i = 0;
			while (i < s.length && !chars.includes(s[i]!)) i++;
			return int(i === s.length ? 0n : BigInt(i + 1));
		}
		const i1 = toArith(this.eval6());
		const i2 = toArith(this.eval6());
		// Positions count bytes (a character of several bytes can be cut: the terminal shows U+FFFD).
		const bytes = bytesOf(toString(l));
		if (!i1 || !i2 || i1.kind !== 'int' || i2.kind !== 'int' || i1.i > BigInt(bytes.length) || i1.i <= 0n || i2.i <= 0n) return str('');
		const from = Number(i1.i) - 1;
		return str(textOf(bytes.slice(from, from + Number(i2.i > BigInt(bytes.length) ? BigInt(bytes.length) : i2.i))));
	}

	/** `( EXPRESSION )` and plain words */
	private eval7(): Value {
		if (this.done) throw new ExprError('syntax error');
		if (this.next('(')) {
			this.at++;
			const v = this.eval();
			if (!this.next(')')) throw new ExprError('syntax error');
			this.at++;
			return v;
		}
		if (this.next(')')) throw new ExprError('syntax error');
		return str(this.args[this.at++]!);
	}

	/**
	 * docolon(): STRING : REGEXP, a basic regular expression matched at the start of STRING:
	 * the first \(...\)'s text, or the length of the match; on no match "" or 0.
	 */
	private docolon(sv: Value, pv: Value): Value {
		const s = toString(sv);
		const pattern = toString(pv);
		if (pattern.startsWith('^')) {
			this.warnings.push(`warning: '${pattern}': using '^' as the first character\nof a basic regular expression is not portable; it is ignored`);
		}
		const re = xregcomp(pattern, false);
		const m = re.exec(s);
		if (m && m.start === 0) {
			if (re.nsub > 0 && m.groups[1] !== undefined) return str(m.groups[1]);
			return int(BigInt(bytesOf(s.slice(0, m.end)).length));
		}
		return re.nsub > 0 ? str('') : int(0n);
	}
}

export const exprMain: Program = p => {
	if (dashDashHelp(p)) return bbShowUsage(p, 'expr', 0);
	const parser = new Parser(p.argv.slice(1));
	let v: Value;
	try {
		if (parser.done) throw new ExprError('too few arguments');
		v = parser.eval();
		if (!parser.done) throw new ExprError('syntax error');
	} catch (e) {
		if (!(e instanceof ExprError) && !(e instanceof BadRegex)) throw e;
		for (const w of parser.warnings) errorMsg(p, w);
		errorMsg(p, e.message);
		return 2;
	}
	for (const w of parser.warnings) errorMsg(p, w);
	p.out(`${toString(v)}\n`);
	return isNull(v) ? 1 : 0;
};
