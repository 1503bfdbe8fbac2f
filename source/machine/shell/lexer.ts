import type {RedirOp, Word, WordPart} from './ast.js';

/**
 * ash's tokenizer (readtoken1): words with their quoting, operators, redirections and
 * newlines. Unterminated quotes or substitutions throw {@link Incomplete}: an interactive
 * shell then asks for more input with PS2 instead of failing.
 */
export type Token =
	| {t: 'word'; w: Word; line?: number}
	| {t: 'op'; v: string}
	| {t: 'redir'; fd: number | undefined; op: RedirOp}
	| {t: 'nl'}
	| {t: 'eof'};

/**
 * The input ended inside a construct: an interactive shell reads another line (PS2); for
 * eval, `.` and scripts the message is ash's error text at end of input.
 */
export class Incomplete extends Error {
	constructor(message = 'unexpected end of file') {
		super(message);
	}
}

const UNTERMINATED = 'unterminated quoted string';

/** A syntax error, with ash's message text after `syntax error: `. */
export class SyntaxError_ extends Error {}

const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
/** Characters that end a run of plain word text: META and the quoting/expansion characters. */
const WORD_BREAK = new Set([...META, '\\', "'", '"', '$', '`']);
const OPERATORS = ['&&', '||', ';;', ';', '&', '|', '(', ')'];
const REDIR_OPS: readonly RedirOp[] = ['>>', '>&', '<&', '<>', '>|', '>', '<'];
/** An fd before a redirection has at most 11 digits (ash looks no further). */
const MAX_FD_DIGITS = 11;
/** Longest variable name `$name` reads (the scan window of the original). */
const MAX_NAME = 255;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isNameStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isNameChar = (c: number): boolean => isNameStart(c) || isDigit(c);
const SPECIAL_PARAMS = new Set(['?', '#', '$', '!', '@', '*', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

export function tokenize(src: string): Token[] {
	const lx = new Lexer(src);
	const out: Token[] = [];
	// Words carry their line (1-based) for `.` files' `line N:` messages.
	let line = 1;
	let counted = 0;
	for (;;) {
		const tok = lx.next();
		if (tok.t === 'word') {
			const at = lx.wordStart;
			for (; counted < at; counted++) if (src.charCodeAt(counted) === 10) line++;
			tok.line = line;
		}
		out.push(tok);
		if (tok.t === 'eof') return out;
	}
}

class Lexer {
	private i = 0;
	wordStart = 0;

	constructor(private readonly s: string) {}

	next(): Token {
		const s = this.s;
		for (;;) {
			while (this.i < s.length && (s[this.i] === ' ' || s[this.i] === '\t')) this.i++;
			if (s.startsWith('\\\n', this.i)) {
				this.i += 2;
				continue;
			}
			if (s[this.i] === '#') {
				while (this.i < s.length && s[this.i] !== '\n') this.i++;
			}
			break;
		}
		if (this.i >= s.length) return {t: 'eof'};
		const c = s[this.i];
		if (c === '\n') {
			this.i++;
			return {t: 'nl'};
		}
		for (const op of OPERATORS) {
			if (s.startsWith(op, this.i)) {
				this.i += op.length;
				return {t: 'op', v: op};
			}
		}
		const redir = this.redirOp(undefined);
		if (redir) return redir;
		// A word of digits directly followed by < or > is the fd of a redirection.
		let d = this.i;
		while (d < s.length && d - this.i <= MAX_FD_DIGITS && isDigit(s.charCodeAt(d))) d++;
		if (d > this.i && d - this.i <= MAX_FD_DIGITS && (s[d] === '<' || s[d] === '>')) {
			const fd = Number(s.slice(this.i, d));
			this.i = d;
			return this.redirOp(fd)!;
		}
		this.wordStart = this.i;
		return {t: 'word', w: this.word()};
	}

	private redirOp(fd: number | undefined): Token | undefined {
		for (const op of REDIR_OPS) {
			if (this.s.startsWith(op, this.i)) {
				if (this.s.startsWith('<<', this.i)) throw new SyntaxError_('here-documents are not supported by memhp');
				this.i += op.length;
				return {t: 'redir', fd, op};
			}
		}
		return undefined;
	}

	private word(): Word {
		const s = this.s;
		const parts: WordPart[] = [];
		const lit = (text: string, q: boolean) => {
			const last = parts[parts.length - 1];
			if (last && last.k === 'lit' && last.q === q) last.s += text;
			else parts.push({k: 'lit', s: text, q});
		};
		while (this.i < s.length && !META.has(s[this.i])) {
			const c = s[this.i];
			if (c === '\\') {
				if (this.i + 1 >= s.length) throw new Incomplete();
				if (s[this.i + 1] !== '\n') lit(s[this.i + 1], true);
				this.i += 2;
			} else if (c === "'") {
				const end = s.indexOf("'", this.i + 1);
				if (end < 0) throw new Incomplete(UNTERMINATED);
				lit(s.slice(this.i + 1, end), true);
				if (end === this.i + 1) parts.push({k: 'lit', s: '', q: true});
				this.i = end + 1;
			} else if (c === '"') {
				this.i++;
				const start = parts.length;
				this.dquoted(parts, lit);
				if (parts.length === start) parts.push({k: 'lit', s: '', q: true});
			} else if (c === '$') {
				parts.push(this.dollar(false) ?? {k: 'lit', s: '$', q: false});
			} else if (c === '`') {
				parts.push({k: 'cmd', src: this.backquote(), q: false});
			} else {
				// A run of plain characters in one piece, not one concatenation per character.
				const start = this.i;
				do this.i++;
				while (this.i < s.length && !WORD_BREAK.has(s[this.i]));
				lit(s.slice(start, this.i), false);
			}
		}
		return parts;
	}

	/** Inside "...": only $, ` and \ are special. */
	private dquoted(parts: WordPart[], lit: (t: string, q: boolean) => void, end = '"'): void {
		const s = this.s;
		for (;;) {
			if (this.i >= s.length) throw new Incomplete(UNTERMINATED);
			const c = s[this.i];
			if (c === end) {
				this.i++;
				return;
			}
			if (c === '\\' && this.i + 1 < s.length && '$`"\\\n'.includes(s[this.i + 1])) {
				if (s[this.i + 1] !== '\n') lit(s[this.i + 1], true);
				this.i += 2;
			} else if (c === '$') {
				const p = this.dollar(true);
				if (p) parts.push(p);
				else {
					lit('$', true);
				}
			} else if (c === '`') {
				parts.push({k: 'cmd', src: this.backquote(), q: true});
			} else {
				lit(c, true);
				this.i++;
			}
		}
	}

	private backquote(): string {
		const s = this.s;
		let out = '';
		this.i++;
		for (;;) {
			if (this.i >= s.length) throw new Incomplete('EOF in backquote substitution');
			const c = s[this.i];
			if (c === '`') {
				this.i++;
				return out;
			}
			if (c === '\\' && '$`\\'.includes(s[this.i + 1] ?? '')) {
				out += s[this.i + 1];
				this.i += 2;
				continue;
			}
			out += c;
			this.i++;
		}
	}

	/** `$...` at this.i; undefined when the `$` is literal. */
	private dollar(q: boolean): WordPart | undefined {
		const s = this.s;
		const n = s[this.i + 1];
		if (n === '(' && s[this.i + 2] === '(') {
			const start = this.i + 3;
			const end = this.matchParen(start, 2);
			const expr = s.slice(start, end);
			this.i = end + 2;
			return {k: 'arith', expr: subWord(expr), q};
		}
		if (n === '(') {
			const start = this.i + 2;
			const end = this.matchParen(start, 1);
			this.i = end + 1;
			return {k: 'cmd', src: s.slice(start, end), q, paren: true};
		}
		if (n === '{') return this.braceVar(q);
		if (this.i + 1 < s.length && isNameStart(s.charCodeAt(this.i + 1))) {
			const start = this.i + 1;
			let end = start + 1;
			while (end < s.length && end - start < MAX_NAME && isNameChar(s.charCodeAt(end))) end++;
			this.i = end;
			return {k: 'var', name: s.slice(start, end), q};
		}
		if (n !== undefined && SPECIAL_PARAMS.has(n)) {
			this.i += 2;
			return {k: 'var', name: n, q};
		}
		this.i++;
		return undefined;
	}

	/** Index of the `)` (or `))` when depth 2) closing a `$(` opened before `start`. */
	private matchParen(start: number, closers: number): number {
		const eof = closers === 2 ? "missing '))'" : 'unexpected end of file (expecting ")")';
		const s = this.s;
		let depth = 0;
		let i = start;
		while (i < s.length) {
			const c = s[i];
			if (c === '\\') {
				i += 2;
				continue;
			}
			if (c === "'") {
				const e = s.indexOf("'", i + 1);
				if (e < 0) throw new Incomplete(eof);
				i = e + 1;
				continue;
			}
			if (c === '"') {
				i++;
				while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
				if (i >= s.length) throw new Incomplete(eof);
				i++;
				continue;
			}
			if (c === '(') depth++;
			if (c === ')') {
				if (depth === 0) {
					if (closers === 2 && s[i + 1] !== ')') throw new SyntaxError_('unexpected ")"');
					return i;
				}
				depth--;
			}
			i++;
		}
		throw new Incomplete(eof);
	}

	private braceVar(q: boolean): WordPart {
		const s = this.s;
		let i = this.i + 2;
		let length = false;
		if (s[i] === '#' && s[i + 1] !== '}') {
			length = true;
			i++;
		}
		const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#$!@*-])/.exec(s.slice(i, i + 256));
		if (!m) {
			if (i >= s.length) throw new Incomplete("missing '}'");
			if (s[i] === '\n') throw new SyntaxError_("missing '}'");
			throw new SyntaxError_('bad substitution');
		}
		const name = m[0];
		i += name.length;
		if (length) {
			if (s[i] !== '}') throw new SyntaxError_('bad substitution');
			this.i = i + 1;
			return {k: 'var', name, op: '#len', q};
		}
		if (s[i] === '}') {
			this.i = i + 1;
			return {k: 'var', name, q};
		}
		// ash's bash-compatible forms too: ${v:off:len}, ${v/pat/repl}, ${v//pat/repl}.
		const opm = /^(:[-=+?]|:|[-=+?]|%%|%|##|#|\/\/|\/)/.exec(s.slice(i, i + 2));
		if (!opm) {
			if (i >= s.length) throw new Incomplete("missing '}'");
			throw new SyntaxError_('bad substitution');
		}
		i += opm[0].length;
		if (opm[0] === ':' && s[i] === '}') throw new SyntaxError_("missing '}'");
		// The operand runs to the matching }, honouring quotes and nested ${}.
		let depth = 0;
		let j = i;
		for (;;) {
			if (j >= s.length) throw new Incomplete("missing '}'");
			const c = s[j];
			if (c === '\\') j += 2;
			else if (c === "'" && !q) {
				const e = s.indexOf("'", j + 1);
				if (e < 0) throw new Incomplete("missing '}'");
				j = e + 1;
			} else if (c === '{') {
				depth++;
				j++;
			} else if (c === '}') {
				if (depth === 0) break;
				depth--;
				j++;
			} else j++;
		}
		this.i = j + 1;
		if (opm[0][0] === '/') {
			// The pattern ends at the first unquoted, unescaped slash.
			const body = s.slice(i, j);
			let k = 0;
			while (k < body.length && body[k] !== '/') {
				if (body[k] === '\\') k += 2;
				else if (body[k] === "'" && !q) {
					const e = body.indexOf("'", k + 1);
					k = e < 0 ? body.length : e + 1;
				} else if (body[k] === '"') {
					k++;
					while (k < body.length && body[k] !== '"') k += body[k] === '\\' ? 2 : 1;
					k++;
				} else k++;
			}
			const arg = subWord(body.slice(0, k));
			const repl = k < body.length ? subWord(body.slice(k + 1)) : undefined;
			return {k: 'var', name, op: opm[0], arg, repl, q};
		}
		const arg = subWord(s.slice(i, j));
		return {k: 'var', name, op: opm[0], arg, q};
	}
}

/** Lexes a text (an operand or an arithmetic expression) as one word, spaces included. */
export function subWord(text: string): Word {
	const lx = new Lexer(text + '\u0000');
	const parts: WordPart[] = [];
	const lit = (t: string, q: boolean) => {
		const last = parts[parts.length - 1];
		if (last && last.k === 'lit' && last.q === q) last.s += t;
		else parts.push({k: 'lit', s: t, q});
	};
	// Reuse the word scanner but treat blanks and operators as literal text.
	const self = lx as unknown as {i: number; s: string; dollar(q: boolean): WordPart | undefined; backquote(): string; dquoted(p: WordPart[], l: typeof lit): void};
	while (self.i < text.length) {
		const c = text[self.i];
		if (c === '\\' && self.i + 1 < text.length) {
			lit(text[self.i + 1], true);
			self.i += 2;
		} else if (c === "'") {
			const e = text.indexOf("'", self.i + 1);
			if (e < 0) throw new Incomplete(UNTERMINATED);
			lit(text.slice(self.i + 1, e), true);
			self.i = e + 1;
		} else if (c === '"') {
			self.i++;
			self.dquoted(parts, lit);
		} else if (c === '$') {
			parts.push(self.dollar(false) ?? {k: 'lit', s: '$', q: false});
		} else if (c === '`') {
			parts.push({k: 'cmd', src: self.backquote(), q: false});
		} else {
			lit(c, false);
			self.i++;
		}
	}
	return parts;
}
