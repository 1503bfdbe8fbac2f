/**
 * `$((...))` as busybox's shell/math.c evaluates it: 64-bit integers (here JS numbers,
 * exact to 2^53), C operators and precedence, variables by name, assignments.
 */
export class ArithError extends Error {}

export interface ArithVars {
	get(name: string): string | undefined;
	set(name: string, value: string): void;
}

type Tok = {t: 'num'; v: number} | {t: 'id'; v: string} | {t: 'op'; v: string};

const OPS = ['<<=', '>>=', '**', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '++', '--',
	'+', '-', '*', '/', '%', '<', '>', '&', '|', '^', '!', '~', '?', ':', '=', '(', ')'];

function lex(s: string): Tok[] {
	const out: Tok[] = [];
	let i = 0;
	while (i < s.length) {
		const c = s[i];
		if (/\s/.test(c)) {
			i++;
			continue;
		}
		const num = /^(0[xX][0-9a-fA-F]+|[0-9]+)/.exec(s.slice(i));
		if (num) {
			const text = num[0];
			let v: number;
			if (/^0[xX]/.test(text)) v = parseInt(text, 16);
			else if (text.length > 1 && text.startsWith('0')) {
				if (/[89]/.test(text)) throw new ArithError('arithmetic syntax error');
				v = parseInt(text, 8);
			} else v = parseInt(text, 10);
			out.push({t: 'num', v});
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

const BINARY: Record<string, number> = {
	'||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7,
	'<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10, '**': 11,
};

/** Evaluates an already parameter-expanded expression. */
export function evalArith(src: string, vars: ArithVars): number {
	const toks = lex(src);
	let p = 0;
	const peek = () => toks[p];
	const isOp = (v: string) => toks[p]?.t === 'op' && toks[p].v === v;
	const varValue = (name: string, depth = 0): number => {
		const raw = (vars.get(name) ?? '').trim();
		if (raw === '') return 0;
		if (/^-?(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(raw)) {
			const neg = raw.startsWith('-');
			const body = neg ? raw.slice(1) : raw;
			const v = /^0[xX]/.test(body) ? parseInt(body, 16) : body.length > 1 && body.startsWith('0') ? parseInt(body, 8) : parseInt(body, 10);
			return neg ? -v : v;
		}
		if (depth > 10) throw new ArithError('expression recursion loop detected');
		return evalArith(raw, vars);
	};
	const wrap = (v: number) => (Number.isFinite(v) ? Math.trunc(v) : 0);

	function primary(): number {
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
				const cur = nt.v === '=' ? 0 : varValue(t.v);
				const v = nt.v === '=' ? rhs : binop(nt.v.slice(0, -1), cur, rhs);
				vars.set(t.v, String(v));
				return v;
			}
			if (nt?.t === 'op' && (nt.v === '++' || nt.v === '--')) {
				p++;
				const cur = varValue(t.v);
				vars.set(t.v, String(cur + (nt.v === '++' ? 1 : -1)));
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
			const v = varValue(id.v) + (t.v === '++' ? 1 : -1);
			vars.set(id.v, String(v));
			return v;
		}
		if (['-', '+', '!', '~'].includes(t.v)) {
			p++;
			const v = unary();
			return t.v === '-' ? -v : t.v === '+' ? v : t.v === '!' ? Number(!v) : ~v;
		}
		throw new ArithError('arithmetic syntax error');
	}
	function unary(): number {
		return primary();
	}
	function binop(op: string, a: number, b: number): number {
		switch (op) {
			case '+': return a + b;
			case '-': return a - b;
			case '*': return wrap(a * b);
			case '/':
				if (b === 0) throw new ArithError('divide by zero');
				return wrap(a / b);
			case '%':
				if (b === 0) throw new ArithError('divide by zero');
				return a % b;
			case '**': return wrap(a ** b);
			case '<<': return Number(BigInt.asIntN(64, BigInt(a) << BigInt(b)));
			case '>>': return Number(BigInt(a) >> BigInt(b));
			case '<': return Number(a < b);
			case '>': return Number(a > b);
			case '<=': return Number(a <= b);
			case '>=': return Number(a >= b);
			case '==': return Number(a === b);
			case '!=': return Number(a !== b);
			case '&': return Number(BigInt(a) & BigInt(b));
			case '|': return Number(BigInt(a) | BigInt(b));
			case '^': return Number(BigInt(a) ^ BigInt(b));
			case '&&': return Number(Boolean(a) && Boolean(b));
			case '||': return Number(Boolean(a) || Boolean(b));
		}
		throw new ArithError('arithmetic syntax error');
	}
	function binary(minPrec: number): number {
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
	function ternary(): number {
		const c = binary(1);
		if (!isOp('?')) return c;
		p++;
		const a = assignment();
		if (!isOp(':')) throw new ArithError('arithmetic syntax error');
		p++;
		const b = assignment();
		return c ? a : b;
	}
	function assignment(): number {
		return ternary();
	}
	function expr(): number {
		return assignment();
	}
	if (toks.length === 0) return 0;
	const v = expr();
	if (p < toks.length) throw new ArithError('arithmetic syntax error');
	return v;
}
