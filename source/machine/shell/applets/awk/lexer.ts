/**
 * busybox awk's next_token(): a context-dependent lexer. The parser says which token classes
 * it expects; a `/` is a regex only where an operand may start, `>` and `|` are output
 * redirections only inside print, a newline after an operator or `{` `,` `;` is skipped,
 * and a concatenation operator is inserted between two adjacent operands. A token that is
 * not expected ends the program with `Unexpected token` (or `Unexpected end of string` right
 * after a newline or at the end).
 */
import {AwkError, strtodHexOct} from './value.js';
import {escapeSequence} from '../text/common.js';

export const TC = {
	LPAREN: 1 << 0,
	RPAREN: 1 << 1,
	REGEXP: 1 << 2,
	OUTRDR: 1 << 3,
	UOPPOST: 1 << 4,
	UOPPRE1: 1 << 5,
	BINOPX: 1 << 6,
	IN: 1 << 7,
	COMMA: 1 << 8,
	PIPE: 1 << 9,
	UOPPRE2: 1 << 10,
	ARRTERM: 1 << 11,
	LBRACE: 1 << 12,
	RBRACE: 1 << 13,
	SEMICOL: 1 << 14,
	NEWLINE: 1 << 15,
	STATX: 1 << 16,
	WHILE: 1 << 17,
	ELSE: 1 << 18,
	BUILTIN: 1 << 19,
	LENGTH: 1 << 20,
	GETLINE: 1 << 21,
	FUNCDECL: 1 << 22,
	BEGIN: 1 << 23,
	END: 1 << 24,
	EOF: 1 << 25,
	VARIABLE: 1 << 26,
	ARRAY: 1 << 27,
	FUNCTION: 1 << 28,
	STRING: 1 << 29,
	NUMBER: 1 << 30,
} as const;

export const TS = {
	UOPPRE: TC.UOPPRE1 | TC.UOPPRE2,
	BINOP: TC.BINOPX | TC.COMMA | TC.PIPE | TC.IN,
	OPERAND: TC.VARIABLE | TC.ARRAY | TC.FUNCTION | TC.BUILTIN | TC.LENGTH | TC.GETLINE | TC.LPAREN | TC.STRING | TC.NUMBER,
	LVALUE: TC.VARIABLE | TC.ARRAY,
	STATEMNT: TC.STATX | TC.WHILE,
	WORD: 0,
	NOTERM: 0,
	OPSEQ: 0,
	GRPSEQ: 0,
	CONCAT_L: TC.VARIABLE | TC.ARRTERM | TC.RPAREN | TC.STRING | TC.NUMBER | TC.UOPPOST | TC.LENGTH,
	CONCAT_R: 0,
};
TS.WORD = TC.IN | TS.STATEMNT | TC.ELSE | TC.BUILTIN | TC.LENGTH | TC.GETLINE | TC.FUNCDECL | TC.BEGIN | TC.END;
TS.NOTERM = TS.BINOP | TC.COMMA | TC.LBRACE | TC.RBRACE | TC.SEMICOL | TC.NEWLINE;
TS.OPSEQ = TS.OPERAND | TS.UOPPRE | TC.REGEXP;
TS.GRPSEQ = TS.OPSEQ | TS.STATEMNT | TC.SEMICOL | TC.NEWLINE | TC.LBRACE;
TS.CONCAT_R = TS.OPERAND | TS.UOPPRE;

/** What an operator token does: its operation class, text and precedence (smaller binds tighter). */
export interface OpInfo {
	oc: string;
	op: string;
	prec: number;
}

const op = (oc: string, o: string, prec: number): OpInfo => ({oc, op: o, prec});

/** tokenlist[] with tokeninfo[], in busybox's order (the first match in an expected class wins). */
const TOKENS: [number, string, OpInfo][] = [
	[TC.LPAREN, '(', op('', '(', 0)],
	[TC.RPAREN, ')', op('', ')', 0)],
	[TC.REGEXP, '/', op('regexp', '/', 0)],
	[TC.OUTRDR, '>>', op('redir', '>>', 0)],
	[TC.OUTRDR, '>', op('redir', '>', 0)],
	[TC.OUTRDR, '|', op('redir', '|', 0)],
	[TC.UOPPOST, '++', op('postinc', '++', 9)],
	[TC.UOPPOST, '--', op('postinc', '--', 9)],
	[TC.UOPPRE1, '++', op('preinc', '++', 9)],
	[TC.UOPPRE1, '--', op('preinc', '--', 9)],
	[TC.UOPPRE1, '$', op('field', '$', 5)],
	[TC.BINOPX, '==', op('compare', '==', 39)],
	[TC.BINOPX, '=', op('move', '=', 74)],
	[TC.BINOPX, '+=', op('replace', '+', 74)],
	[TC.BINOPX, '-=', op('replace', '-', 74)],
	[TC.BINOPX, '*=', op('replace', '*', 74)],
	[TC.BINOPX, '/=', op('replace', '/', 74)],
	[TC.BINOPX, '%=', op('replace', '%', 74)],
	[TC.BINOPX, '^=', op('replace', '^', 74)],
	[TC.BINOPX, '+', op('binary', '+', 29)],
	[TC.BINOPX, '-', op('binary', '-', 29)],
	[TC.BINOPX, '**=', op('replace', '^', 74)],
	[TC.BINOPX, '**', op('binary', '^', 15)],
	[TC.BINOPX, '/', op('binary', '/', 25)],
	[TC.BINOPX, '%', op('binary', '%', 25)],
	[TC.BINOPX, '^', op('binary', '^', 15)],
	[TC.BINOPX, '*', op('binary', '*', 25)],
	[TC.BINOPX, '!=', op('compare', '!=', 39)],
	[TC.BINOPX, '>=', op('compare', '>=', 39)],
	[TC.BINOPX, '<=', op('compare', '<=', 39)],
	[TC.BINOPX, '>', op('compare', '>', 39)],
	[TC.BINOPX, '<', op('compare', '<', 39)],
	[TC.BINOPX, '!~', op('match', '!~', 45)],
	[TC.BINOPX, '~', op('match', '~', 45)],
	[TC.BINOPX, '&&', op('land', '&&', 55)],
	[TC.BINOPX, '||', op('lor', '||', 59)],
	[TC.BINOPX, '?', op('ternary', '?', 64)],
	[TC.BINOPX, ':', op('colon', ':', 67)],
	[TC.IN, 'in', op('in', 'in', 49)],
	[TC.COMMA, ',', op('comma', ',', 80)],
	[TC.PIPE, '|', op('pgetline', '|', 37)],
	[TC.UOPPRE2, '+', op('unary', '+', 19)],
	[TC.UOPPRE2, '-', op('unary', '-', 19)],
	[TC.UOPPRE2, '!', op('unary', '!', 19)],
	[TC.ARRTERM, ']', op('', ']', 0)],
	[TC.LBRACE, '{', op('', '{', 0)],
	[TC.RBRACE, '}', op('', '}', 0)],
	[TC.SEMICOL, ';', op('', ';', 0)],
	[TC.NEWLINE, '\n', op('', '\n', 0)],
	...['if', 'do', 'for', 'break', 'continue', 'delete', 'print', 'printf', 'next', 'nextfile', 'return', 'exit']
		.map((w): [number, string, OpInfo] => [TC.STATX, w, op('stmt', w, 0)]),
	[TC.WHILE, 'while', op('stmt', 'while', 0)],
	[TC.ELSE, 'else', op('', 'else', 0)],
	...['and', 'compl', 'lshift', 'or', 'rshift', 'xor', 'close', 'system', 'fflush', 'atan2', 'cos', 'exp', 'int', 'log',
		'rand', 'sin', 'sqrt', 'srand', 'gensub', 'gsub', 'index', 'match', 'split', 'sprintf', 'sub', 'substr', 'systime',
		'strftime', 'mktime', 'tolower', 'toupper'].map((w): [number, string, OpInfo] => [TC.BUILTIN, w, op('builtin', w, 0)]),
	[TC.LENGTH, 'length', op('builtin', 'length', 0)],
	[TC.GETLINE, 'getline', op('getline', 'getline', 0)],
	[TC.FUNCDECL, 'func', op('', 'func', 0)],
	[TC.FUNCDECL, 'function', op('', 'function', 0)],
	[TC.BEGIN, 'BEGIN', op('', 'BEGIN', 0)],
	[TC.END, 'END', op('', 'END', 0)],
];

export const CONCAT: OpInfo = op('concat', ' ', 35);

const isAlnum = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);

/** bb_process_escape_sequence() on s[i..] (just after a backslash), as the text applets use it. */
export function processEscape(s: string, i: number): {c: string; next: number} {
	const {ch, next} = escapeSequence(s, i);
	return {c: ch, next};
}

/** nextchar(): one character of a "string", with escapes (`\z` is z, `\<newline>` a newline). */
export function nextChar(s: string, i: number): {c: string; next: number} {
	let c = s[i++] ?? '';
	const after = i;
	if (c === '\\') {
		const e = processEscape(s, i);
		c = e.c;
		i = e.next;
		if (c === '\\' && i === after) {
			c = s[i] ?? '';
			if (c !== '') i++;
		}
	}
	return {c, next: i};
}

/** unescape_string_in_place(): -F and -v values and var=value operands. */
export function unescape(s: string): string {
	let out = '';
	let i = 0;
	while (i < s.length) {
		const r = nextChar(s, i);
		if (r.c === '') break;
		out += r.c;
		i = r.next;
	}
	return out;
}

export class Lexer {
	/** Class of the current token (t_tclass), starting as a newline. */
	tclass: number = TC.NEWLINE;
	info: OpInfo = TOKENS[0][2];
	string = '';
	number = 0;
	/** Line of the current token (g_lineno), for error messages and run-time errors. */
	line = 1;
	private tline = 1;
	private pos = 0;
	private rollback = false;
	private concatPending: {tclass: number; info: OpInfo} | undefined;

	constructor(private readonly src: string) {}

	error(msg: string): never {
		throw new AwkError(msg, this.line);
	}

	back(): void {
		this.rollback = true;
	}

	next(expected: number): number {
		const last = this.tclass;
		if (this.rollback) this.rollback = false;
		else if (this.concatPending) {
			this.tclass = this.concatPending.tclass;
			this.info = this.concatPending.info;
			this.concatPending = undefined;
		} else this.scan(expected, last);
		if (!(this.tclass & expected)) this.error(last & (TC.NEWLINE | TC.EOF) ? 'Unexpected end of string' : 'Unexpected token');
		return this.tclass;
	}

	private skipSpaces(): void {
		const s = this.src;
		for (;;) {
			if (s[this.pos] === '\\' && s[this.pos + 1] === '\n') {
				this.pos++;
				this.tline++;
			} else if (s[this.pos] !== ' ' && s[this.pos] !== '\t') break;
			this.pos++;
		}
	}

	private scan(expected: number, last: number): void {
		const s = this.src;
		let tc: number;
		for (;;) {
			this.skipSpaces();
			this.line = this.tline;
			if (s[this.pos] === '#') while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
			const c = s[this.pos];
			if (c === undefined) tc = TC.EOF;
			else if (c === '"') {
				let i = this.pos + 1;
				let out = '';
				while (s[i] !== '"') {
					if (s[i] === undefined || s[i] === '\n') this.error('Unexpected end of string');
					const r = nextChar(s, i);
					out += r.c;
					i = r.next;
				}
				this.pos = i + 1;
				this.string = out;
				tc = TC.STRING;
			} else if (expected & TC.REGEXP && c === '/') {
				let i = this.pos + 1;
				let out = '';
				while (s[i] !== '/') {
					if (s[i] === undefined || s[i] === '\n') this.error('Unexpected end of string');
					const ch = s[i++];
					if (ch !== '\\') {
						out += ch;
						continue;
					}
					const e = processEscape(s, i);
					out += e.c;
					if (s[i] === '\\') out += '\\';
					if (e.next === i) {
						if (s[i] !== undefined) out += s[i++];
					} else i = e.next;
				}
				this.pos = i + 1;
				this.string = out;
				tc = TC.REGEXP;
			} else if (c === '.' || (c >= '0' && c <= '9')) {
				const r = strtodHexOct(s, this.pos);
				this.number = r.value;
				this.pos = r.end;
				if (s[this.pos] === '.') this.error('Unexpected token');
				tc = TC.NUMBER;
			} else {
				if (c === '\n') this.tline++;
				let found: [number, string, OpInfo] | undefined;
				for (const t of TOKENS) {
					if (t[0] & (expected | TS.WORD | TC.NEWLINE) && s.startsWith(t[1], this.pos) && !(t[0] & TS.WORD && isAlnum(s[this.pos + t[1].length]))) {
						found = t;
						break;
					}
				}
				if (found) {
					tc = found[0];
					this.info = found[2];
					this.pos += found[1].length;
				} else {
					if (!isAlnum(c)) this.error('Unexpected token');
					const start = this.pos;
					while (isAlnum(s[this.pos])) this.pos++;
					this.string = s.slice(start, this.pos);
					if (last === TC.FUNCDECL) this.skipSpaces();
					else if (expected & TC.ARRAY) {
						const save = this.pos;
						this.skipSpaces();
						if (s[this.pos] !== '[') this.pos = save;
					}
					if (s[this.pos] === '(') {
						this.pos++;
						tc = TC.FUNCTION;
					} else if (s[this.pos] === '[') {
						this.pos++;
						tc = TC.ARRAY;
					} else tc = TC.VARIABLE;
				}
			}
			if (last & TS.NOTERM && tc & TC.NEWLINE) continue;
			break;
		}
		if (last & TS.CONCAT_L && tc & TS.CONCAT_R && expected & TS.BINOP && !(last === TC.LENGTH && tc === TC.LPAREN)) {
			this.concatPending = {tclass: tc, info: this.info};
			tc = TC.BINOPX;
			this.info = CONCAT;
		}
		this.tclass = tc;
	}
}
