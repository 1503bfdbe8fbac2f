import type {HereDoc, RedirOp, Word, WordPart} from './ast.js';
import {escapeSequence} from './applets/text/common.js';
import {bytesOf, textOf} from '../vfs/utf8.js';

/**
 * ash's tokenizer (readtoken1): words with their quoting, operators, redirections and
 * newlines. Unterminated quotes or substitutions throw {@link Incomplete}: an interactive
 * shell then asks for more input with PS2 instead of failing. Here-document bodies are read
 * where ash reads them, after the newline that ends their `<<` line.
 */
export type Token =
	| {t: 'word'; w: Word; line?: number}
	| {t: 'op'; v: string}
	| {t: 'redir'; fd: number | undefined; op: RedirOp; here?: HereDoc}
	| {t: 'nl'}
	| {t: 'eof'}
	/**
	 * A here-document body that could not be read (unfinished, or a syntax error in it): ash
	 * reads bodies after the line, so errors earlier on the line win; the parser raises this
	 * one when it gets here.
	 */
	| {t: 'err'; error: Incomplete | SyntaxError_};

export interface LexOptions {
	/**
	 * More lines may follow (an interactive shell, a script read so far): a here-document
	 * without its delimiter line is incomplete. Otherwise the input ends here, and so does
	 * such a body, as in ash at end of file.
	 */
	partial?: boolean;
	/** The input's final newline was added by the reader: a body that runs to the end loses it. */
	addedNewline?: boolean;
}

/** The `op` of a `${...}` in a here-document that ash reads but fails to expand. */
export const BAD_SUBST = '!bad';

/** Reserved words after which the next word is a command's (scanParen()'s `case` detection). */
const CMD_KEYWORDS: ReadonlySet<string> = new Set(['then', 'do', 'else', 'elif', 'if', 'while', 'until', 'time']);

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

/**
 * A syntax error, with ash's message text after `syntax error: `. `line` (1-based, in the
 * text lexed) is where ash's reader stands when it is not the line of the last word read.
 */
export class SyntaxError_ extends Error {
	constructor(message: string, readonly line?: number) {
		super(message);
	}
}

const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
/** Characters that end a run of plain word text: META and the quoting/expansion characters. */
const WORD_BREAK = new Set([...META, '\\', "'", '"', '$', '`']);
/** Characters that end a run of plain text in an unquoted here-document body. */
const BODY_BREAK = new Set(['\n', '\\', '$', '`']);
const OPERATORS = ['&&', '||', ';;', ';', '&', '|', '(', ')'];
const REDIR_OPS: readonly RedirOp[] = ['<<-', '<<', '>>', '>&', '<&', '<>', '>|', '>', '<'];
/** An fd before a redirection has at most 11 digits (ash looks no further). */
const MAX_FD_DIGITS = 11;
/** Longest variable name `$name` reads (the scan window of the original). */
const MAX_NAME = 255;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isNameStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isNameChar = (c: number): boolean => isNameStart(c) || isDigit(c);
const SPECIAL_PARAMS = new Set(['?', '#', '$', '!', '@', '*', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

export function tokenize(src: string, opts: LexOptions = {}): Token[] {
	const lx = new Lexer(src, opts);
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

/** A `<<` whose body has not been read yet. */
interface PendingHere {
	here: HereDoc;
	strip: boolean;
	delim: string;
	quoted: boolean;
}

class Lexer {
	private i = 0;
	wordStart = 0;
	/** The `<<` just read: the next word is its delimiter. */
	private wantDelim: {here: HereDoc; strip: boolean} | undefined;
	/** Here-documents whose bodies start after the next newline, in order. */
	private pending: PendingHere[] = [];
	/** A body that failed: handed out as the next token, then the input ends. */
	private failed: Token | undefined;
	private done = false;
	/**
	 * While an unquoted body is read: where its delimiter line ends (after the newline) when
	 * the line at `pos` is one, else -1. `${...}` and `$((...))` stop there as in ash, where
	 * they are read inline; `$(...)` and backquotes are not (ash parses those separately).
	 */
	private hereEnd: ((pos: number) => number) | undefined;

	constructor(
		private readonly s: string,
		private readonly opts: LexOptions = {},
	) {}

	next(): Token {
		const s = this.s;
		if (this.failed) {
			const t = this.failed;
			this.failed = undefined;
			this.done = true;
			return t;
		}
		if (this.done) return {t: 'eof'};
		const want = this.wantDelim;
		this.wantDelim = undefined;
		for (;;) {
			while (this.i < s.length && (s[this.i] === ' ' || s[this.i] === '\t')) this.i++;
			// (not a backslash that ends the input: the newline after it is not in the text)
			if (s.startsWith('\\\n', this.i) && !(this.opts.addedNewline && this.i + 2 >= s.length)) {
				this.i += 2;
				// (a line that ends in a backslash goes on on the next one: PS2 at the console)
				if (this.i >= s.length && this.opts.partial) throw new Incomplete();
				continue;
			}
			if (s[this.i] === '#') {
				while (this.i < s.length && s[this.i] !== '\n') this.i++;
			}
			break;
		}
		if (this.i >= s.length) {
			// ash reads the bodies of a last line without a newline at end of file (empty).
			if (this.pending.length) {
				this.readBodies();
				if (this.failed) return this.next();
			}
			return {t: 'eof'};
		}
		const c = s[this.i];
		if (c === '\n') {
			this.i++;
			if (this.pending.length) this.readBodies();
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
		if (want) {
			const d = this.delimWord();
			this.pending.push({...want, delim: d.text, quoted: d.quoted});
			return {t: 'word', w: [{k: 'lit', s: d.text, q: d.quoted}]};
		}
		return {t: 'word', w: this.word()};
	}

	private redirOp(fd: number | undefined): Token | undefined {
		for (const op of REDIR_OPS) {
			if (this.s.startsWith(op, this.i)) {
				this.i += op.length;
				if (op === '<<' || op === '<<-') {
					const here: HereDoc = {body: []};
					this.wantDelim = {here, strip: op === '<<-'};
					return {t: 'redir', fd, op, here};
				}
				return {t: 'redir', fd, op};
			}
		}
		return undefined;
	}

	/**
	 * A here-document's delimiter word (ash's CHKEOFMARK): quotes and backslashes are removed
	 * and make it quoted; `$` and backquotes are plain characters.
	 */
	private delimWord(): {text: string; quoted: boolean} {
		const s = this.s;
		let text = '';
		let quoted = false;
		while (this.i < s.length && !META.has(s[this.i])) {
			const c = s[this.i];
			if (c === '\\') {
				if (this.i + 1 >= s.length) throw new Incomplete();
				if (s[this.i + 1] !== '\n') {
					text += s[this.i + 1];
					quoted = true;
				}
				this.i += 2;
			} else if (c === "'") {
				const end = s.indexOf("'", this.i + 1);
				if (end < 0) throw new Incomplete(UNTERMINATED);
				text += s.slice(this.i + 1, end);
				quoted = true;
				this.i = end + 1;
			} else if (c === '"') {
				quoted = true;
				this.i++;
				for (;;) {
					if (this.i >= s.length) throw new Incomplete(UNTERMINATED);
					const d = s[this.i];
					if (d === '"') {
						this.i++;
						break;
					}
					if (d === '\\' && this.i + 1 < s.length && '$`"\\\n'.includes(s[this.i + 1])) {
						if (s[this.i + 1] !== '\n') text += s[this.i + 1];
						this.i += 2;
					} else {
						text += d;
						this.i++;
					}
				}
			} else {
				text += c;
				this.i++;
			}
		}
		return {text, quoted};
	}

	/** After a newline: the bodies of the line's here-documents, one after the other. */
	private readBodies(): void {
		const list = this.pending;
		this.pending = [];
		try {
			for (const h of list) h.here.body = h.quoted ? this.quotedBody(h) : this.hereBody(h);
		} catch (e) {
			if (!(e instanceof Incomplete || e instanceof SyntaxError_)) throw e;
			this.failed = {t: 'err', error: e};
		}
	}

	/** Where the line at `pos` ends (past its newline) if it is h's delimiter line, else -1. */
	private delimEnd(h: PendingHere, pos: number): number {
		const s = this.s;
		let j = pos;
		if (h.strip) while (s[j] === '\t') j++;
		if (!s.startsWith(h.delim, j)) return -1;
		j += h.delim.length;
		if (j === s.length) return this.opts.partial ? -1 : j;
		return s[j] === '\n' ? j + 1 : -1;
	}

	/**
	 * At the start of a body line: 'delim' (its delimiter line, now read) or 'eof' when the
	 * body ends here, false when the line belongs to it. `<<-` drops the line's leading tabs.
	 */
	private bodyEnds(h: PendingHere): 'delim' | 'eof' | false {
		const s = this.s;
		if (this.i >= s.length) {
			if (this.opts.partial) throw new Incomplete();
			return 'eof';
		}
		const end = this.delimEnd(h, this.i);
		if (end >= 0) {
			this.i = end;
			return 'delim';
		}
		if (h.strip) while (s[this.i] === '\t') this.i++;
		return false;
	}

	/** The lines of a body whose delimiter was quoted: text as it is. */
	private quotedBody(h: PendingHere): Word {
		const s = this.s;
		let body = '';
		let ended: 'delim' | 'eof' | false;
		while (!(ended = this.bodyEnds(h))) {
			const nl = s.indexOf('\n', this.i);
			const end = nl < 0 ? s.length : nl + 1;
			body += s.slice(this.i, end);
			this.i = end;
		}
		if (ended === 'eof' && this.opts.addedNewline && body.endsWith('\n')) body = body.slice(0, -1);
		return [{k: 'lit', s: body, q: true}];
	}

	/**
	 * An unquoted body, read as ash reads it (double-quote rules, where `"` is a plain
	 * character and a backslash quotes only `$`, backquote, backslash and newline).
	 * Backslash-newline joins the next line to this one, so that line is never the delimiter.
	 */
	private hereBody(h: PendingHere): Word {
		const s = this.s;
		const parts: WordPart[] = [];
		const lit = (text: string) => {
			const last = parts[parts.length - 1];
			if (last && last.k === 'lit') last.s += text;
			else parts.push({k: 'lit', s: text, q: true});
		};
		const atEof = () => {
			const last = parts[parts.length - 1];
			if (this.opts.addedNewline && last?.k === 'lit' && last.s.endsWith('\n')) last.s = last.s.slice(0, -1);
			return parts;
		};
		this.hereEnd = pos => this.delimEnd(h, pos);
		try {
			let lineStart = true;
			for (;;) {
				if (lineStart) {
					const ended = this.bodyEnds(h);
					if (ended === 'delim') return parts;
					if (ended === 'eof') return atEof();
					lineStart = false;
				}
				if (this.i >= s.length) {
					if (this.opts.partial) throw new Incomplete();
					return atEof();
				}
				const c = s[this.i];
				if (c === '\n') {
					lit('\n');
					this.i++;
					lineStart = true;
				} else if (c === '\\') {
					const n = s[this.i + 1];
					if (n === '\n') this.i += 2;
					else if (n !== undefined && '$`\\'.includes(n)) {
						lit(n);
						this.i += 2;
					} else {
						lit('\\');
						this.i++;
					}
				} else if (c === '$') {
					this.bodyDollar(parts, lit);
				} else if (c === '`') {
					parts.push({k: 'cmd', src: this.backquote(), q: true});
				} else {
					const start = this.i;
					do this.i++;
					while (this.i < s.length && !BODY_BREAK.has(s[this.i]));
					lit(s.slice(start, this.i));
				}
			}
		} finally {
			this.hereEnd = undefined;
		}
	}

	/**
	 * `$...` in a body. A malformed `${...}` is no syntax error yet: ash reads it up to its `}`
	 * and fails when the body is expanded (`syntax error: bad substitution`, status 1).
	 */
	private bodyDollar(parts: WordPart[], lit: (t: string) => void): void {
		const start = this.i;
		try {
			const p = this.dollar(true);
			if (p) parts.push(p);
			else lit('$');
		} catch (e) {
			if (!(e instanceof SyntaxError_) || e.line !== undefined || this.s[start + 1] !== '{') throw e;
			this.i = this.badSubst(start);
			parts.push({k: 'var', name: '', op: BAD_SUBST, q: true});
		}
	}

	/**
	 * The end (past the `}`) of a malformed `${...}` at `start` in a body. Each new line may be
	 * the delimiter (then the brace is missing), except the one after `${NAME` and a newline:
	 * ash reads that newline with the name and never looks at the next line.
	 */
	private badSubst(start: number): number {
		const s = this.s;
		let j = start + 2;
		const m = /^[A-Za-z_][A-Za-z0-9_]*\n/.exec(s.slice(j, j + MAX_NAME + 2));
		const unchecked = m ? j + m[0].length : -1;
		let depth = 0;
		while (j < s.length) {
			const c = s[j];
			if (c === '\\') {
				j += 2;
				continue;
			}
			if (c === '}') {
				if (depth === 0) return j + 1;
				depth--;
			} else if (c === '{') depth++;
			j++;
			if (c === '\n' && j !== unchecked) this.checkHereEnd(j, "missing '}'");
		}
		throw new Incomplete("missing '}'");
	}

	/**
	 * A malformed `${...}` in a word (parsesub()'s `badsub`: subtype 0). ash's reader goes on
	 * reading the word as the expansion's until its `}` (blanks, `;` and new lines are part of it;
	 * quotes, `${` and `$(` nest), and the expansion fails when it is expanded: `echo a; echo
	 * ${x y}` prints `a` first, a function never called never fails. The input ending first is
	 * `missing '}'` (or an unterminated quote). In a here-document's body the body's own rules
	 * hold ({@link badSubst}).
	 */
	private badSubstWord(q: boolean): WordPart {
		if (this.hereEnd) throw new SyntaxError_('bad substitution');
		this.i = this.braceBodyEnd(this.i + 2, q);
		return {k: 'var', name: '', op: BAD_SUBST, q};
	}

	/**
	 * Past the `}` that ends a `${` whose body starts at `from`, as ash's reader reads the word:
	 * quotes, nested `${` and `$(` skipped. Input ending first is `missing '}'`, or an
	 * unterminated quote (`q`: the `${` itself is inside double quotes).
	 */
	private braceBodyEnd(from: number, q: boolean): number {
		const s = this.s;
		let j = from;
		let depth = 0;
		let dq = false;
		while (j < s.length) {
			const c = s[j]!;
			if (c === '\\') j += 2;
			else if (c === "'" && !dq) {
				const e = s.indexOf("'", j + 1);
				if (e < 0) throw new Incomplete('unterminated quoted string');
				j = e + 1;
			} else if (c === '"') {
				dq = !dq;
				j++;
			} else if (c === '$' && s[j + 1] === '(') {
				const two = s[j + 2] === '(';
				j = this.matchParen(j + (two ? 3 : 2), two ? 2 : 1) + (two ? 2 : 1);
			} else if (c === '$' && s[j + 1] === '{') {
				depth++;
				j += 2;
			} else if (c === '}' && !dq) {
				j++;
				if (depth-- === 0) return j;
			} else j++;
		}
		throw new Incomplete(dq || q ? 'unterminated quoted string' : "missing '}'");
	}

	/** Inside `${...}` or `$((...))` in a body: a delimiter line at `pos` ends the body there. */
	private checkHereEnd(pos: number, message: string): void {
		const end = this.hereEnd?.(pos) ?? -1;
		if (end >= 0) throw new SyntaxError_(message, this.lineAt(end));
	}

	/** The 1-based line of position `pos`. */
	private lineAt(pos: number): number {
		let n = 1;
		for (let k = 0; k < pos; k++) if (this.s.charCodeAt(k) === 10) n++;
		return n;
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
				if (s[this.i + 1] === '\n' && this.i + 2 >= s.length) {
					if (this.opts.partial) throw new Incomplete();
					// a backslash at the end of a -c string or a file without a newline: itself
					if (this.opts.addedNewline) {
						lit('\\', true);
						this.i++;
						continue;
					}
				}
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
			} else if (c === '$' && s[this.i + 1] === "'") {
				const text = this.dollarSquote();
				lit(text, true);
				if (text === '') parts.push({k: 'lit', s: '', q: true});
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

	/**
	 * bash's $'...' (ash's BASH_DOLLAR_SQUOTE): a single-quoted string whose backslash escapes
	 * decode_dollar_squote() turns into characters: \n \r \b \t \f \a \v \\, up to three octal
	 * digits, \x and up to two hex digits; \' and \" are the quotes; any other \z stays as
	 * typed (\e too); a NUL is dropped.
	 */
	private dollarSquote(): string {
		const s = this.s;
		let j = this.i + 2;
		let text = '';
		for (;;) {
			if (j >= s.length) throw new Incomplete(UNTERMINATED);
			const d = s[j]!;
			if (d === "'") {
				j++;
				break;
			}
			if (d !== '\\') {
				const ch = String.fromCodePoint(s.codePointAt(j)!);
				text += bytesOf(ch);
				j += ch.length;
				continue;
			}
			if (j + 1 >= s.length) throw new Incomplete(UNTERMINATED);
			const c = s[j + 1]!;
			// decode_dollar_squote() takes the escape's characters first (a letter, up to three
			// octal digits, x and up to two hex digits), then bb_process_escape_sequence() reads them
			const seq = /^(?:[nrbtfav\\]|[0-7]{1,3}|x[0-9a-fA-F]{1,2})/.exec(s.slice(j + 1));
			if (seq) {
				const ch = escapeSequence(seq[0], 0).ch;
				if (ch !== '\0') text += ch;
				j += 1 + seq[0].length;
			} else if (c === 'x') {
				// \x with no hex digit: the backslash, then the x as it is
				text += '\\x';
				j += 2;
			} else {
				text += c === "'" || c === '"' ? c : `\\${c}`;
				j += 2;
			}
		}
		this.i = j;
		// (the escapes make bytes: $'\303\251' is é)
		return textOf(text);
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
			return {k: 'arith', expr: subWord(expr, false, true), q};
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

	/**
	 * Index of the `)` (or `))` when depth 2) closing a `$(` opened before `start`. A `$(...)`
	 * is a command of its own: here-documents in it are skipped line by line, and the body
	 * around it, if any, is not looked at for its delimiter.
	 */
	private matchParen(start: number, closers: number): number {
		const outer = this.hereEnd;
		if (closers === 1) this.hereEnd = undefined;
		try {
			return this.scanParen(start, closers);
		} finally {
			this.hereEnd = outer;
		}
	}

	private scanParen(start: number, closers: number): number {
		const eof = closers === 2 ? "missing '))'" : 'unexpected end of file (expecting ")")';
		const s = this.s;
		let depth = 0;
		let i = start;
		const heres: {delim: string; strip: boolean}[] = [];
		// (a command substitution is parsed as commands: a `case` in it has patterns whose `)`
		// closes nothing, and `${...}` is read to its `}`, a `)` in it included)
		let cases = 0;
		let atCmd = true;
		while (i < s.length) {
			const c = s[i]!;
			if (c === '\\') {
				i += 2;
				atCmd = false;
				continue;
			}
			if (c === '\n') {
				i++;
				atCmd = true;
				if (heres.length) i = this.skipBodies(i, heres.splice(0), eof);
				else if (closers === 2) this.checkHereEnd(i, eof);
				continue;
			}
			if (closers === 1) {
				if (c === '$' && s[i + 1] === '{') {
					i = this.braceBodyEnd(i + 2, false);
					atCmd = false;
					continue;
				}
				if (/[A-Za-z_]/.test(c) && (i === start || !/[A-Za-z0-9_]/.test(s[i - 1]!))) {
					const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i, i + 64))![0];
					const ends = i + word.length >= s.length || /[\s;&|()<>]/.test(s[i + word.length]!);
					if (atCmd && ends) {
						if (word === 'case') cases++;
						else if (word === 'esac' && cases > 0) cases--;
					}
					atCmd = ends && CMD_KEYWORDS.has(word) && atCmd;
					i += word.length;
					continue;
				}
				if (c === ';' || c === '&' || c === '|' || c === '{' || c === '!') atCmd = true;
				else if (c !== ' ' && c !== '\t' && c !== '(' && c !== ')') atCmd = false;
			}
			if (closers === 1 && c === '$' && s.startsWith('((', i + 1)) {
				// Arithmetic inside: its `<<` is a shift. Not arithmetic after all: scan on.
				try {
					i = this.scanParen(i + 3, 2) + 2;
					continue;
				} catch (e) {
					if (!(e instanceof Incomplete || e instanceof SyntaxError_)) throw e;
				}
			}
			if (closers === 1 && c === '<' && s[i + 1] === '<') {
				const strip = s[i + 2] === '-';
				const saved = this.i;
				this.i = i + (strip ? 3 : 2);
				while (s[this.i] === ' ' || s[this.i] === '\t') this.i++;
				try {
					if (this.i < s.length && !META.has(s[this.i])) heres.push({delim: this.delimWord().text, strip});
				} catch (e) {
					if (e instanceof Incomplete) throw new Incomplete(eof);
					throw e;
				} finally {
					i = this.i;
					this.i = saved;
				}
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
			if (c === '(') {
				depth++;
				atCmd = true;
			}
			if (c === ')') {
				if (depth === 0) {
					// (a pattern's end, in a case of the substitution's own)
					if (closers === 1 && cases > 0) {
						i++;
						atCmd = true;
						continue;
					}
					if (closers === 2 && s[i + 1] !== ')') throw new SyntaxError_('unexpected ")"');
					return i;
				}
				depth--;
			}
			i++;
		}
		throw new Incomplete(eof);
	}

	/** Past the bodies of here-documents inside a `$(...)`, from the line at `pos`. */
	private skipBodies(pos: number, heres: {delim: string; strip: boolean}[], eof: string): number {
		const s = this.s;
		let i = pos;
		for (const h of heres) {
			for (;;) {
				if (i >= s.length) throw new Incomplete(eof);
				let j = i;
				if (h.strip) while (s[j] === '\t') j++;
				const nl = s.indexOf('\n', i);
				const end = nl < 0 ? s.length : nl;
				i = nl < 0 ? s.length : nl + 1;
				if (s.slice(j, end) === h.delim) break;
			}
		}
		return i;
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
			return this.badSubstWord(q);
		}
		const name = m[0];
		i += name.length;
		if (length) {
			if (s[i] !== '}') return this.badSubstWord(q);
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
			return this.badSubstWord(q);
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
			} else {
				j++;
				if (c === '\n') this.checkHereEnd(j, "missing '}'");
			}
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
		// In double quotes (and bodies) single quotes in a value operand are plain characters.
		const arg = subWord(s.slice(i, j), q && /^:?[-=+?]$/.test(opm[0]));
		return {k: 'var', name, op: opm[0], arg, q};
	}
}

/**
 * Lexes a text (an operand or an arithmetic expression) as one word, spaces included;
 * `plainSq`: single quotes are ordinary characters.
 */
export function subWord(text: string, plainSq = false, arith = false): Word {
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
		if (arith && (c === '\\' || c === "'" || c === '"')) {
			// ARISYNTAX: inside $((...)) quotes and backslashes are plain characters (which the
			// arithmetic then refuses)
			lit(c, false);
			self.i++;
		} else if (c === '\\' && self.i + 1 < text.length) {
			lit(text[self.i + 1], true);
			self.i += 2;
		} else if (c === "'" && !plainSq) {
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
