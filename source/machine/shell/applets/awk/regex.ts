/**
 * Regular expressions as busybox awk compiles them with glibc's regcomp(): a `/literal/` is
 * an ERE (xregcomp(): a bad one stops awk with `bad regex 'RE': <regerror text>`); a dynamic
 * regex (a string used with ~, sub, split, ...) is tried as an ERE and, if glibc refuses it,
 * as a BRE (as_regex()), so `$0 ~ "("` matches a parenthesis.
 *
 * The pattern is parsed the way glibc's regcomp.c parses it, so the same patterns are
 * refused with the same message (REG_BADPAT for `[` at the end, REG_EBRACE for `a{1`, ...),
 * and translated to a JS RegExp: `.` matches newline but not NUL, `^`/`$` anchor the whole
 * string, GNU's \w \s \< \> \b \B \` \' work, `a**` and `{,n}` are accepted. Matching is JS's
 * leftmost-first rather than POSIX leftmost-longest (they differ only for alternations such
 * as `(a|ab)`).
 */
import {BadRegex} from '../../regex.js';

const MSG = {
	BADPAT: 'Invalid regular expression',
	ECOLLATE: 'Invalid collation character',
	ECTYPE: 'Invalid character class name',
	EESCAPE: 'Trailing backslash',
	ESUBREG: 'Invalid back reference',
	EBRACK: 'Unmatched [, [^, [:, [., or [=',
	EPAREN: 'Unmatched ( or \\(',
	EBRACE: 'Unmatched \\{',
	BADBR: 'Invalid content of \\{\\}',
	ERANGE: 'Invalid range end',
	BADRPT: 'Invalid preceding regular expression',
	ESIZE: 'Regular expression too big',
	ERPAREN: 'Unmatched ) or \\)',
};

class RegError extends Error {}

const RE_DUP_MAX = 0x7fff;

type Tok =
	| {t: 'char'; c: string; len: number}
	| {t: 'end' | 'backslash' | 'alt' | 'star' | 'plus' | 'quest' | 'dupOpen' | 'dupClose' | 'open' | 'close' | 'bracket' | 'any'; len: number; c?: string}
	| {t: 'anchor'; a: string; len: number}
	| {t: 'backref'; n: number; len: number}
	| {t: 'word'; w: string; len: number};

const CLASSES: Record<string, string> = {
	alpha: 'a-zA-Z',
	digit: '0-9',
	alnum: '0-9a-zA-Z',
	upper: 'A-Z',
	lower: 'a-z',
	space: '\\t\\n\\v\\f\\r ',
	blank: '\\t ',
	punct: '!-\\/:-@\\[-`{-~',
	print: ' -~',
	graph: '!-~',
	cntrl: '\\x00-\\x1f\\x7f',
	xdigit: '0-9A-Fa-f',
};

function esc(c: string): string {
	const code = c.charCodeAt(0);
	if (/[A-Za-z0-9_ ]/.test(c)) return c;
	if (code < 0x20 || code > 0x7e) return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
	return '\\' + c;
}

class Parser {
	private i = 0;
	private tok!: Tok;
	private nsub = 0;
	private completed = 0;

	constructor(private readonly s: string, private readonly ere: boolean) {}

	private fail(code: keyof typeof MSG): never {
		throw new RegError(MSG[code]);
	}

	/** peek_token(): the token at the current position; `caretHere` is RE_CARET_ANCHORS_HERE. */
	private peek(caretHere = false): Tok {
		const s = this.s;
		const i = this.i;
		if (i >= s.length) return {t: 'end', len: 0};
		const c = s[i];
		if (c === '\\') {
			if (i + 1 >= s.length) return {t: 'backslash', len: 1};
			const c2 = s[i + 1];
			const ch: Tok = {t: 'char', c: c2, len: 2};
			switch (c2) {
				case '|': return this.ere ? ch : {t: 'alt', len: 2};
				case '<': case '>': case 'b': case 'B': case '`': case "'": return {t: 'anchor', a: '\\' + c2, len: 2};
				case 'w': case 'W': case 's': case 'S': return {t: 'word', w: c2, len: 2};
				case '(': return this.ere ? ch : {t: 'open', len: 2};
				case ')': return this.ere ? ch : {t: 'close', len: 2};
				case '+': return this.ere ? ch : {t: 'plus', len: 2};
				case '?': return this.ere ? ch : {t: 'quest', len: 2};
				case '{': return this.ere ? ch : {t: 'dupOpen', len: 2};
				case '}': return this.ere ? ch : {t: 'dupClose', len: 2};
				default:
					if (c2 >= '1' && c2 <= '9') return {t: 'backref', n: c2.charCodeAt(0) - 49, len: 2};
					return ch;
			}
		}
		const ch: Tok = {t: 'char', c, len: 1};
		switch (c) {
			case '|': return this.ere ? {t: 'alt', len: 1} : ch;
			case '*': return {t: 'star', len: 1};
			case '+': return this.ere ? {t: 'plus', len: 1} : ch;
			case '?': return this.ere ? {t: 'quest', len: 1} : ch;
			case '{': return this.ere ? {t: 'dupOpen', len: 1} : ch;
			case '}': return this.ere ? {t: 'dupClose', len: 1} : ch;
			case '(': return this.ere ? {t: 'open', len: 1} : ch;
			case ')': return this.ere ? {t: 'close', len: 1} : ch;
			case '[': return {t: 'bracket', len: 1};
			case '.': return {t: 'any', len: 1};
			case '^':
				if (!this.ere && !caretHere && i !== 0) return ch;
				return {t: 'anchor', a: '^', len: 1};
			case '$':
				if (!this.ere && i + 1 !== s.length) {
					this.i++;
					const next = this.peek();
					this.i--;
					if (next.t !== 'alt' && next.t !== 'close') return ch;
				}
				return {t: 'anchor', a: '$', len: 1};
			default:
				return ch;
		}
	}

	private fetch(caretHere = false): void {
		this.tok = this.peek(caretHere);
		this.i += this.tok.len;
	}

	parse(): string {
		this.fetch(true);
		return this.regExp(0);
	}

	private regExp(nest: number): string {
		const branches = [this.branch(nest)];
		while (this.tok.t === 'alt') {
			this.fetch(true);
			const t = this.tok.t;
			branches.push(t !== 'alt' && t !== 'end' && (nest === 0 || t !== 'close') ? this.branch(nest) : '');
		}
		// POSIX takes the longest match, JS the first alternative that matches: an empty
		// alternative goes last so that `|.` still matches a character (it has no groups,
		// so moving it renumbers nothing)
		return [...branches.filter(b => b !== ''), ...branches.filter(b => b === '')].join('|');
	}

	private branch(nest: number): string {
		let out = this.expression(nest);
		for (;;) {
			const t = this.tok.t;
			if (t === 'alt' || t === 'end' || (nest !== 0 && t === 'close')) return out;
			out += this.expression(nest);
		}
	}

	private expression(nest: number): string {
		const tok = this.tok;
		let atom: string;
		switch (tok.t) {
			case 'char':
				atom = esc(tok.c);
				break;
			case 'open':
				atom = this.subExp(nest + 1);
				break;
			case 'bracket':
				atom = this.bracket();
				break;
			case 'backref':
				if (!(this.completed & (1 << tok.n))) this.fail('ESUBREG');
				atom = `\\${tok.n + 1}`;
				break;
			case 'dupOpen':
				if (!this.ere) this.fail('BADRPT');
				this.fail('BADRPT');
				break;
			case 'star':
			case 'plus':
			case 'quest':
				if (this.ere) this.fail('BADRPT');
				atom = esc(this.s[this.i - 1]);
				break;
			case 'close':
				if (!this.ere) this.fail('ERPAREN');
				atom = '\\)';
				break;
			case 'dupClose':
				atom = '\\}';
				break;
			case 'anchor': {
				const a = tok.a;
				this.fetch();
				return a === '^' ? '^' : a === '$' ? '$' : a === '\\<' ? '\\b(?=\\w)' : a === '\\>' ? '\\b(?<=\\w)'
					: a === '\\`' ? '(?<![\\s\\S])' : a === "\\'" ? '(?![\\s\\S])' : a;
			}
			case 'any':
				atom = '[^\\0]';
				break;
			case 'word':
				atom = {w: '[0-9A-Za-z_]', W: '[^0-9A-Za-z_]', s: '[\\t\\n\\v\\f\\r ]', S: '[^\\t\\n\\v\\f\\r ]'}[tok.w]!;
				break;
			case 'alt':
			case 'end':
				return '';
			case 'backslash':
				this.fail('EESCAPE');
		}
		this.fetch();
		while (this.tok.t === 'star' || this.tok.t === 'plus' || this.tok.t === 'quest' || this.tok.t === 'dupOpen') {
			atom = this.dup(atom);
			if (!this.ere && (this.tok.t === 'star' || this.tok.t === 'dupOpen')) this.fail('BADRPT');
		}
		return atom;
	}

	private subExp(nest: number): string {
		const n = this.nsub++;
		this.fetch(true);
		let inner = '';
		if (this.tok.t !== 'close') {
			inner = this.regExp(nest);
			if ((this.tok as Tok).t !== 'close') this.fail('EPAREN');
		}
		if (n < 9) this.completed |= 1 << n;
		return `(${inner})`;
	}

	/** fetch_number(): -1 for none, -2 for an invalid one. */
	private number(): {n: number; tok: Tok} {
		let n = -1;
		for (;;) {
			this.fetch();
			const tok = this.tok;
			if (tok.t === 'end') return {n: -2, tok};
			const c = tok.t === 'char' ? tok.c : undefined;
			if (tok.t === 'dupClose' || c === ',') return {n, tok};
			n = tok.t !== 'char' || c! < '0' || c! > '9' || n === -2 ? -2 : n === -1 ? Number(c) : Math.min(RE_DUP_MAX + 1, n * 10 + Number(c));
		}
	}

	private dup(atom: string): string {
		const tok = this.tok;
		let q: string;
		if (tok.t === 'dupOpen') {
			const first = this.number();
			let start = first.n;
			let end = 0;
			if (start === -1) {
				if (first.tok.t === 'char' && first.tok.c === ',') start = 0;
				else this.fail('BADBR');
			}
			if (start !== -2) {
				end = first.tok.t === 'dupClose' ? start : first.tok.t === 'char' && first.tok.c === ',' ? this.number().n : -2;
			}
			if (start === -2 || end === -2) this.fail(this.tok.t === 'end' ? 'EBRACE' : 'BADBR');
			if ((end !== -1 && start > end) || this.tok.t !== 'dupClose') this.fail('BADBR');
			if ((end === -1 ? start : end) > RE_DUP_MAX) this.fail('ESIZE');
			q = end === -1 ? `{${start},}` : start === end ? `{${start}}` : `{${start},${end}}`;
		} else q = tok.t === 'star' ? '*' : tok.t === 'plus' ? '+' : '?';
		this.fetch();
		return `(?:${atom})${q}`;
	}

	/** peek_token_bracket(). */
	private peekBracket(): {t: 'end' | 'char' | 'range' | 'close' | 'not' | 'coll' | 'equiv' | 'class'; c: string; len: number} {
		const s = this.s;
		const i = this.i;
		if (i >= s.length) return {t: 'end', c: '', len: 0};
		const c = s[i];
		if (c === '[') {
			const c2 = s[i + 1];
			if (c2 === '.') return {t: 'coll', c: c2, len: 2};
			if (c2 === '=') return {t: 'equiv', c: c2, len: 2};
			if (c2 === ':') return {t: 'class', c: c2, len: 2};
			return {t: 'char', c, len: 1};
		}
		if (c === '-') return {t: 'range', c, len: 1};
		if (c === ']') return {t: 'close', c, len: 1};
		if (c === '^') return {t: 'not', c, len: 1};
		return {t: 'char', c, len: 1};
	}

	/** parse_bracket_element(): a character, or a [.x.] [=x=] [:name:] element. */
	private bracketElement(tok: ReturnType<Parser['peekBracket']>, acceptHyphen: boolean): {type: 'char' | 'coll' | 'equiv' | 'class'; v: string} {
		this.i += tok.len;
		if (tok.t === 'coll' || tok.t === 'equiv' || tok.t === 'class') {
			if (this.i >= this.s.length) this.fail('EBRACK');
			let name = '';
			for (let n = 0; ; n++) {
				if (n >= 32) this.fail('EBRACK');
				const ch = this.s[this.i++];
				if (this.i >= this.s.length) this.fail('EBRACK');
				if (ch === tok.c && this.s[this.i] === ']') break;
				name += ch;
			}
			this.i++;
			return {type: tok.t, v: name};
		}
		if (tok.t === 'range' && !acceptHyphen && this.peekBracket().t !== 'close') this.fail('ERANGE');
		return {type: 'char', v: tok.c};
	}

	private single(e: {type: string; v: string}): string {
		if (e.type === 'class') {
			const cls = CLASSES[e.v];
			if (cls === undefined) this.fail('ECTYPE');
			return cls;
		}
		if (e.type !== 'char' && e.v.length !== 1) this.fail('ECOLLATE');
		return classEsc(e.v);
	}

	private bracket(): string {
		let tok = this.peekBracket();
		if (tok.t === 'end') this.fail('BADPAT');
		let negate = false;
		if (tok.t === 'not') {
			negate = true;
			this.i += tok.len;
			tok = this.peekBracket();
			if (tok.t === 'end') this.fail('BADPAT');
		}
		if (tok.t === 'close') tok = {...tok, t: 'char'};
		let body = '';
		let first = true;
		for (;;) {
			const start = this.bracketElement(tok, first);
			first = false;
			tok = this.peekBracket();
			let end: ReturnType<Parser['bracketElement']> | undefined;
			if (start.type !== 'class' && start.type !== 'equiv') {
				if (tok.t === 'end') this.fail('EBRACK');
				if (tok.t === 'range') {
					this.i += tok.len;
					const tok2 = this.peekBracket();
					if (tok2.t === 'end') this.fail('EBRACK');
					if (tok2.t === 'close') {
						this.i -= tok.len;
						tok = {...tok, t: 'char'};
					} else {
						end = this.bracketElement(tok2, true);
						tok = this.peekBracket();
					}
				}
			}
			if (end) {
				if (start.type === 'class' || start.type === 'equiv' || end.type === 'class' || end.type === 'equiv') this.fail('ERANGE');
				if (start.v.length !== 1 || end.v.length !== 1) this.fail('ECOLLATE');
				if (start.v > end.v) this.fail('ERANGE');
				body += `${classEsc(start.v)}-${classEsc(end.v)}`;
			} else body += this.single(start);
			if (tok.t === 'end') this.fail('EBRACK');
			if (tok.t === 'close') {
				this.i += tok.len;
				break;
			}
		}
		return `[${negate ? '^' : ''}${body}]`;
	}
}

function classEsc(c: string): string {
	const code = c.charCodeAt(0);
	if (/[A-Za-z0-9_ ]/.test(c)) return c;
	if (code < 0x20 || code > 0x7e) return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
	return '\\' + c;
}

/** The JS source for a POSIX ERE or BRE, or throws RegError with glibc's regerror() text. */
function translate(pattern: string, ere: boolean): string {
	return new Parser(pattern, ere).parse();
}

const cache = new Map<string, RegExp>();

/**
 * A regex busybox awk would use: `literal` for /re/ (ERE only), else the ERE-then-BRE
 * fallback of a dynamic regex. Throws BadRegex with busybox's message.
 */
export function awkRegex(pattern: string, literal: boolean, icase: boolean): RegExp {
	const key = `${literal ? 'L' : 'D'}${icase ? 'i' : '-'}${pattern}`;
	const hit = cache.get(key);
	if (hit) {
		hit.lastIndex = 0;
		return hit;
	}
	let src: string;
	try {
		src = translate(pattern, true);
	} catch (e) {
		if (!(e instanceof RegError)) throw e;
		if (literal) throw new BadRegex(`bad regex '${pattern}': ${e.message}`);
		try {
			src = translate(pattern, false);
		} catch (e2) {
			if (!(e2 instanceof RegError)) throw e2;
			throw new BadRegex(`bad regex '${pattern}': ${e2.message}`);
		}
	}
	const re = new RegExp(src, icase ? 'gi' : 'g');
	if (cache.size > 500) cache.clear();
	cache.set(key, re);
	return re;
}

/** regexec() from `from`: the first match at or after `from` (lastIndex-based, so ^ only matches at 0). */
export function execAt(re: RegExp, s: string, from: number): RegExpExecArray | null {
	re.lastIndex = from;
	return re.exec(s);
}
