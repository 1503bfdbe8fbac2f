/**
 * `$((...))` as busybox's shell/math.c evaluates it: 64-bit signed integers (arith_t with
 * ENABLE_FEATURE_SH_MATH_64, BigInt wrapped to int64 here), C operators and precedence,
 * variables by name, assignments.
 */
export class ArithError extends Error {}

export interface ArithVars {
	get(name: string): string | undefined;
	set(name: string, value: string): void;
}

type Tok = {t: 'num'; v: bigint} | {t: 'id'; v: string} | {t: 'op'; v: string};

const OPS = ['<<=', '>>=', '**', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '++', '--',
	'+', '-', '*', '/', '%', '<', '>', '&', '|', '^', '!', '~', '?', ':', '=', '(', ')', ','];

function lex(s: string): Tok[] {
	const out: Tok[] = [];
	let i = 0;
	while (i < s.length) {
		const c = s[i];
		if (/\s/.test(c)) {
			i++;
			continue;
		}
		// BASE#DIGITS (bash's, in math.c since 1.33): bases 2 to 64; past 36 the upper-case letters
		// are 36-61, '@' 62 and '_' 63; the number ends at the first digit the base does not have
		const based = /^([0-9]+)#([0-9a-zA-Z@_]*)/.exec(s.slice(i));
		if (based) {
			const base = Number(based[1]);
			if (base < 2 || base > 64) throw new ArithError('arithmetic syntax error');
			let n = 0n;
			let k = 0;
			for (const ch of based[2]!) {
				let digit = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : /[a-zA-Z]/.test(ch) ? ch.toLowerCase().charCodeAt(0) - 87 : ch === '@' ? 62 : 63;
				if (base > 36 && ch >= 'A' && ch <= 'Z') digit += 26;
				if (digit >= base) break;
				n = BigInt.asUintN(64, n * BigInt(base) + BigInt(digit));
				k++;
			}
			out.push({t: 'num', v: wrap(n)});
			i += based[1]!.length + 1 + k;
			continue;
		}
		const num = /^(0[xX][0-9a-fA-F]+|[0-9]+)/.exec(s.slice(i));
		if (num) {
			const text = num[0];
			if (text.length > 1 && text.startsWith('0') && !/^0[xX]/.test(text) && /[89]/.test(text)) throw new ArithError('arithmetic syntax error');
			out.push({t: 'num', v: strtoArith(text)});
			i += text.length;
			continue;
		}
		const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i));
		if (id) {
			out.push({t: 'id', v: id[0]});
			i += id[0].length;
			continue;
		}
		const op = OPS.find(o => s.startsWith(o, i));
		if (!op) throw new ArithError('arithmetic syntax error');
		out.push({t: 'op', v: op});
		i += op.length;
	}
	return out;
}

/** int64 wrap-around, like arith_t arithmetic in C on x86-64. */
const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);

/**
 * strtoull(text, &end, 0) as math.c uses it for literals: hex, octal or decimal; on ERANGE the
 * value is 0 ("bash compat"); 2^63..2^64-1 wrap to negative.
 */
function strtoArith(text: string): bigint {
	const v = /^0[xX]/.test(text) ? BigInt(text) : text.length > 1 && text.startsWith('0') ? BigInt(`0o${text.slice(1)}`) : BigInt(text);
	return v > 0xffffffffffffffffn ? 0n : wrap(v);
}

const BINARY: Record<string, number> = {
	'||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7,
	'<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10, '**': 11,
};

/** Evaluates an already parameter-expanded expression. */
export function evalArith(src: string, vars: ArithVars, depth = 0): bigint {
	const toks = lex(src);
	let p = 0;
	const peek = () => toks[p];
	const isOp = (v: string) => toks[p]?.t === 'op' && toks[p].v === v;
	const varValue = (name: string): bigint => {
		const raw = (vars.get(name) ?? '').trim();
		if (raw === '') return 0n;
		if (/^-?(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(raw)) {
			const neg = raw.startsWith('-');
			const v = strtoArith(neg ? raw.slice(1) : raw);
			return neg ? wrap(-v) : v;
		}
		if (depth > 10) throw new ArithError('expression recursion loop detected');
		return evalArith(raw, vars, depth + 1);
	};

	function primary(): bigint {
		const t = peek();
		if (!t) throw new ArithError('arithmetic syntax error');
		if (t.t === 'num') {
			p++;
			return t.v;
		}
		if (t.t === 'id') {
			p++;
			const assignOps = ['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '|=', '^='];
			const nt = peek();
			if (nt?.t === 'op' && assignOps.includes(nt.v)) {
				p++;
				const rhs = assignment();
				const cur = nt.v === '=' ? 0n : varValue(t.v);
				const v = nt.v === '=' ? rhs : binop(nt.v.slice(0, -1), cur, rhs);
				vars.set(t.v, String(v));
				return v;
			}
			if (nt?.t === 'op' && (nt.v === '++' || nt.v === '--')) {
				p++;
				const cur = varValue(t.v);
				vars.set(t.v, String(wrap(cur + (nt.v === '++' ? 1n : -1n))));
				return cur;
			}
			return varValue(t.v);
		}
		if (t.v === '(') {
			p++;
			const v = expr();
			if (!isOp(')')) throw new ArithError('arithmetic syntax error');
			p++;
			return v;
		}
		if (t.v === '++' || t.v === '--') {
			p++;
			const id = peek();
			if (id?.t !== 'id') throw new ArithError('arithmetic syntax error');
			p++;
			const v = wrap(varValue(id.v) + (t.v === '++' ? 1n : -1n));
			vars.set(id.v, String(v));
			return v;
		}
		if (['-', '+', '!', '~'].includes(t.v)) {
			p++;
			const v = unary();
			return t.v === '-' ? wrap(-v) : t.v === '+' ? v : t.v === '!' ? (v === 0n ? 1n : 0n) : ~v;
		}
		throw new ArithError('arithmetic syntax error');
	}
	function unary(): bigint {
		return primary();
	}
	const bool = (c: boolean): bigint => (c ? 1n : 0n);
	function binop(op: string, a: bigint, b: bigint): bigint {
		switch (op) {
			case '+': return wrap(a + b);
			case '-': return wrap(a - b);
			case '*': return wrap(a * b);
			case '/':
				if (b === 0n) throw new ArithError('divide by zero');
				return wrap(a / b);
			case '%':
				if (b === 0n) throw new ArithError('divide by zero');
				return a % b;
			case '**': {
				if (b < 0n) throw new ArithError('exponent less than 0');
				// math.c multiplies b times; square-and-multiply gives the same value mod 2^64.
				let r = 1n;
				let base = a;
				for (let e = b; e > 0n; e >>= 1n) {
					if (e & 1n) r = wrap(r * base);
					base = wrap(base * base);
				}
				return r;
			}
			// x86-64 masks the shift count to 6 bits.
			case '<<': return wrap(a << (b & 63n));
			case '>>': return a >> (b & 63n);
			case '<': return bool(a < b);
			case '>': return bool(a > b);
			case '<=': return bool(a <= b);
			case '>=': return bool(a >= b);
			case '==': return bool(a === b);
			case '!=': return bool(a !== b);
			case '&': return a & b;
			case '|': return a | b;
			case '^': return a ^ b;
			case '&&': return bool(a !== 0n && b !== 0n);
			case '||': return bool(a !== 0n || b !== 0n);
		}
		throw new ArithError('arithmetic syntax error');
	}
	function binary(minPrec: number): bigint {
		let left = unary();
		for (;;) {
			const t = peek();
			if (!t || t.t !== 'op' || !(t.v in BINARY)) return left;
			const prec = BINARY[t.v];
			if (prec < minPrec) return left;
			p++;
			// ** is right-associative.
			const right = binary(t.v === '**' ? prec : prec + 1);
			left = binop(t.v, left, right);
		}
	}
	function ternary(): bigint {
		const c = binary(1);
		if (!isOp('?')) return c;
		p++;
		const a = assignment();
		if (!isOp(':')) throw new ArithError('arithmetic syntax error');
		p++;
		const b = assignment();
		return c !== 0n ? a : b;
	}
	function assignment(): bigint {
		return ternary();
	}
	/** The comma operator: evaluate left to right, the value is the last one. */
	function expr(): bigint {
		let v = assignment();
		while (isOp(',')) {
			p++;
			v = assignment();
		}
		return v;
	}
	if (toks.length === 0) return 0n;
	const v = expr();
	if (p < toks.length) throw new ArithError('arithmetic syntax error');
	return v;
}
