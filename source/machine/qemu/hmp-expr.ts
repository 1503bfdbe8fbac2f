import {strtoull} from '../strtoull.js';

/**
 * The HMP argument expression evaluator (monitor/hmp.c get_expr and expr_*): integer
 * arguments ('i', 'l', 'M' in args_type) are C-like expressions with + - * / % & | ^ ~,
 * parentheses, character constants and $registers, evaluated in 64-bit two's complement.
 * Errors are the monitor's own one-line messages.
 */

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';

class ExprError extends Error {}

const i64 = (v: bigint): bigint => BigInt.asIntN(64, v);

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
				return i64(value);
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
