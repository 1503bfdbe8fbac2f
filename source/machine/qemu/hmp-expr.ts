/**
 * The HMP argument expression evaluator (monitor/hmp.c get_expr and expr_*): integer
 * arguments ('i', 'l', 'M' in args_type) are C-like expressions with + - * / % & | ^ ~,
 * parentheses, character constants and $registers, evaluated in 64-bit two's complement.
 * Errors are the monitor's own one-line messages.
 */

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';

class ExprError extends Error {}

const i64 = (v: bigint): bigint => BigInt.asIntN(64, v);

/** strtoull(p, &end, 0): optional spaces and sign, then 0x / 0 / decimal digits. */
function strtoull(text: string, pos: number): {value: bigint; end: number; overflow: boolean} {
	let p = pos;
	while (isSpace(text[p])) p++;
	let negative = false;
	if (text[p] === '+' || text[p] === '-') {
		negative = text[p] === '-';
		p++;
	}
	let base = 10;
	if (text[p] === '0' && (text[p + 1] === 'x' || text[p + 1] === 'X') && /[0-9a-fA-F]/.test(text[p + 2] ?? '')) {
		base = 16;
		p += 2;
	} else if (text[p] === '0') {
		base = 8;
	}
	const digit = (c: string | undefined): number => {
		if (c === undefined) return -1;
		const d = parseInt(c, 36);
		return Number.isNaN(d) || d >= base ? -1 : d;
	};
	const start = p;
	let value = 0n;
	let overflow = false;
	while (digit(text[p]) >= 0) {
		value = value * BigInt(base) + BigInt(digit(text[p]));
		if (value > 0xffffffffffffffffn) overflow = true;
		p++;
	}
	if (p === start) return {value: 0n, end: pos, overflow: false};
	if (negative) value = -value;
	return {value: i64(value), end: p, overflow};
}

class Parser {
	pos: number;

	constructor(readonly text: string, start: number) {
		this.pos = start;
	}

	private ch(): string {
		return this.text[this.pos] ?? '';
	}

	/** next(): past this character and the spaces after it. */
	private next(): void {
		if (this.ch() === '') return;
		this.pos++;
		while (isSpace(this.text[this.pos])) this.pos++;
	}

	unary(): bigint {
		switch (this.ch()) {
			case '+':
				this.next();
				return this.unary();
			case '-':
				this.next();
				return i64(-this.unary());
			case '~':
				this.next();
				return i64(~this.unary());
			case '(': {
				this.next();
				const n = this.sum();
				if (this.ch() !== ')') throw new ExprError("')' expected");
				this.next();
				return n;
			}
			case "'": {
				this.pos++;
				if (this.ch() === '') throw new ExprError('character constant expected');
				const n = BigInt(this.ch().charCodeAt(0));
				this.pos++;
				if (this.ch() !== "'") throw new ExprError("missing terminating ' character");
				this.next();
				return n;
			}
			case '$':
				// get_monitor_def(): the current CPU's registers, which memhp does not simulate.
				throw new ExprError('memhp: CPU registers are not simulated');
			case '':
				throw new ExprError('unexpected end of expression');
			default: {
				const {value, end, overflow} = strtoull(this.text, this.pos);
				if (overflow) throw new ExprError('number too large');
				if (end === this.pos) throw new ExprError(`invalid char '${this.ch()}' in expression`);
				this.pos = end;
				while (isSpace(this.text[this.pos])) this.pos++;
				return value;
			}
		}
	}

	private prod(): bigint {
		let val = this.unary();
		for (;;) {
			const op = this.ch();
			if (op !== '*' && op !== '/' && op !== '%') return val;
			this.next();
			const val2 = this.unary();
			if (op === '*') {
				val = i64(val * val2);
			} else {
				if (val2 === 0n) throw new ExprError('division by zero');
				// C division truncates toward zero, as BigInt's does.
				val = i64(op === '/' ? val / val2 : val % val2);
			}
		}
	}

	private logic(): bigint {
		let val = this.prod();
		for (;;) {
			const op = this.ch();
			if (op !== '&' && op !== '|' && op !== '^') return val;
			this.next();
			const val2 = this.prod();
			val = i64(op === '&' ? val & val2 : op === '|' ? val | val2 : val ^ val2);
		}
	}

	sum(): bigint {
		let val = this.logic();
		for (;;) {
			const op = this.ch();
			if (op !== '+' && op !== '-') return val;
			this.next();
			const val2 = this.logic();
			val = i64(op === '+' ? val + val2 : val - val2);
		}
	}
}

/** get_expr(): the value and where parsing stopped, or the message expr_error() printed. */
export function getExpr(text: string, start: number): {ok: true; value: bigint; pos: number} | {ok: false; error: string} {
	let p = start;
	while (isSpace(text[p])) p++;
	const parser = new Parser(text, p);
	try {
		const value = parser.sum();
		return {ok: true, value, pos: parser.pos};
	} catch (error) {
		if (error instanceof ExprError) return {ok: false, error: error.message};
		throw error;
	}
}
