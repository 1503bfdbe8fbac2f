/*
 * Parser choice: the maintained JS shell parsers (mvdan-sh, a 2 MB GopherJS build of a bash
 * parser; bash-parser, unmaintained since 2017; sh-syntax, WASM) all parse bash, not ash, and
 * none reproduces ash's error texts (`sh: syntax error: unexpected "fi"`) or lets an
 * interactive shell tell "incomplete, show PS2" from "error". shell-quote only splits words.
 * So this is a small recursive-descent parser modelled on ash's parser.c (list, andor,
 * pipeline, command, simplecmd) with ash's token names in its messages.
 */
import {isUnquotedLiteral, literalText, type Node, type Redir, type Word} from './ast.js';
import {Incomplete, SyntaxError_, tokenize, type LexOptions, type Token} from './lexer.js';

const KEYWORDS = new Set(['!', 'case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'if', 'in', 'then', 'until', 'while', '{', '}']);
/** Tokens that end a compound list (ash's tokname_array entries starting with \1). */
const LIST_END = new Set(['do', 'done', 'elif', 'else', 'esac', 'fi', 'then', '}', ')', ';;']);

/** ash's tokname(): keywords and operators in double quotes, the others bare. */
function tokname(tok: Token): string {
	switch (tok.t) {
		case 'eof':
		case 'err':
			return 'end of file';
		case 'nl':
			return 'newline';
		case 'redir':
			return 'redirection';
		case 'op':
			return `"${tok.v}"`;
		case 'word': {
			const kw = keywordOf(tok);
			return kw ? `"${kw}"` : 'word';
		}
	}
}

function keywordOf(tok: Token): string | undefined {
	if (tok.t !== 'word' || !isUnquotedLiteral(tok.w)) return undefined;
	const s = literalText(tok.w)!;
	return KEYWORDS.has(s) ? s : undefined;
}

/**
 * `message` is ash's text, also when the input is incomplete (what eval or `.` would print);
 * `line` (1-based in the input), when set, is the line ash's messages name for the error.
 */
export type ParseResult = {ok: true; node: Node} | {ok: false; incomplete: boolean; message: string; line?: number};

/**
 * Parses an input of one or more lines: by default all of it (a here-document left open ends
 * at its end); `partial` when more lines may follow (see {@link LexOptions}).
 */
export function parse(src: string, opts: LexOptions = {}): ParseResult {
	try {
		const toks = tokenize(src, opts);
		const p = new Parser(toks);
		const node = p.program();
		checkSubst(toks);
		return {ok: true, node};
	} catch (e) {
		if (e instanceof Incomplete) return {ok: false, incomplete: true, message: `syntax error: ${e.message}`};
		if (e instanceof SyntaxError_) {
			const r: ParseResult = {ok: false, incomplete: false, message: `syntax error: ${e.message}`};
			if (e.line !== undefined) r.line = e.line;
			return r;
		}
		throw e;
	}
}

/**
 * ash parses a `$(...)` with the command around it: an error inside is a syntax error of the
 * whole input, with `(expecting ")")` added (EOF inside reads as an unexpected `)`).
 */
function checkSubst(toks: Token[]): void {
	for (const t of toks) {
		const w = t.t === 'word' ? t.w : t.t === 'redir' ? t.here?.body : undefined;
		if (!w) continue;
		for (const part of w) {
			if (part.k !== 'cmd' || !part.paren) continue;
			const r = parse(part.src);
			if (r.ok) {
				// Kept for the expansion: parsing every level again there is cubic in the depth.
				part.node = r.node;
				continue;
			}
			throw new SyntaxError_(r.incomplete ? 'unexpected ")"' : `${r.message.replace(/^syntax error: /, '')}${r.message.includes('(expecting') ? '' : ' (expecting ")")'}`);
		}
	}
}

class Parser {
	private pos = 0;

	constructor(private readonly toks: Token[]) {}

	private peek(): Token {
		const t = this.toks[this.pos];
		if (t.t === 'err') throw t.error;
		return t;
	}

	private take(): Token {
		const t = this.toks[this.pos];
		if (t.t !== 'eof') this.pos++;
		return t;
	}

	private unexpected(expecting?: string): never {
		const tok = this.peek();
		const exp = expecting ? ` (expecting "${expecting}")` : '';
		if (tok.t === 'eof') throw new Incomplete(`unexpected end of file${exp}`);
		throw new SyntaxError_(`unexpected ${tokname(tok)}${exp}`);
	}

	private isOp(v: string): boolean {
		const t = this.peek();
		return t.t === 'op' && t.v === v;
	}

	private isKw(kw: string): boolean {
		return keywordOf(this.peek()) === kw;
	}

	private skipNewlines(): void {
		while (this.peek().t === 'nl') this.take();
	}

	private expectKw(kw: string): void {
		if (!this.isKw(kw)) this.unexpected(kw);
		this.take();
	}

	program(): Node {
		const items: Node[] = [];
		this.skipNewlines();
		while (this.peek().t !== 'eof') {
			items.push(this.andOr());
			const t = this.peek();
			if (t.t === 'op' && t.v === '&') items.push({t: 'bg', body: items.pop()!});
			if (t.t === 'op' && (t.v === ';' || t.v === '&')) this.take();
			else if (t.t === 'nl') this.take();
			else if (t.t !== 'eof') this.unexpected();
			this.skipNewlines();
		}
		return {t: 'list', items};
	}

	/** A compound list ending before one of LIST_END; at least one command. */
	private compoundList(expect: string): Node {
		const items: Node[] = [];
		this.skipNewlines();
		for (;;) {
			const t = this.peek();
			if (t.t === 'eof') this.unexpected(expect);
			const kw = keywordOf(t);
			if ((kw && LIST_END.has(kw)) || (t.t === 'op' && LIST_END.has(t.v))) break;
			items.push(this.andOr());
			const s = this.peek();
			if (s.t === 'op' && s.v === '&') items.push({t: 'bg', body: items.pop()!});
			if (s.t === 'op' && (s.v === ';' || s.v === '&')) this.take();
			else if (s.t === 'nl') this.take();
			else if (s.t === 'eof') this.unexpected(expect);
			else {
				const k2 = keywordOf(s);
				if (!((k2 && LIST_END.has(k2)) || (s.t === 'op' && LIST_END.has(s.v)))) this.unexpected();
			}
			this.skipNewlines();
		}
		if (items.length === 0) this.unexpected();
		return {t: 'list', items};
	}

	private andOr(): Node {
		const first = this.pipeline();
		const rest: {op: '&&' | '||'; node: Node}[] = [];
		while (this.isOp('&&') || this.isOp('||')) {
			const op = (this.take() as {v: '&&' | '||'}).v;
			this.skipNewlines();
			rest.push({op, node: this.pipeline()});
		}
		return rest.length ? {t: 'andor', first, rest} : first;
	}

	private pipeline(): Node {
		let bang = false;
		if (this.isKw('!')) {
			this.take();
			bang = true;
		}
		const cmds = [this.command()];
		while (this.isOp('|')) {
			this.take();
			this.skipNewlines();
			cmds.push(this.command());
		}
		return cmds.length === 1 && !bang ? cmds[0] : {t: 'pipe', cmds, bang};
	}

	private command(): Node {
		const t = this.peek();
		const kw = keywordOf(t);
		let node: Node;
		switch (kw) {
			case 'if':
				node = this.ifClause();
				break;
			case 'while':
			case 'until':
				node = this.whileClause(kw === 'until');
				break;
			case 'for':
				node = this.forClause();
				break;
			case 'case':
				node = this.caseClause();
				break;
			case '{': {
				this.take();
				const body = this.compoundList('}');
				this.expectKw('}');
				node = {t: 'group', body, redirs: []};
				break;
			}
			case undefined:
				if (t.t === 'op' && t.v === '(') {
					this.take();
					const body = this.compoundList(')');
					if (!this.isOp(')')) this.unexpected(')');
					this.take();
					node = {t: 'subshell', body, redirs: []};
					break;
				}
				return this.simpleCommand();
			default:
				return this.unexpected();
		}
		const redirs = (node as {redirs: Redir[]}).redirs;
		while (this.peek().t === 'redir') redirs.push(this.redirection());
		return node;
	}

	private redirection(): Redir {
		const r = this.take() as Extract<Token, {t: 'redir'}>;
		const target = this.peek();
		if (target.t !== 'word') this.unexpected();
		this.take();
		const fd = r.fd ?? (r.op.startsWith('<') ? 0 : 1);
		return r.here ? {fd, op: r.op, target: target.w, here: r.here} : {fd, op: r.op, target: target.w};
	}

	private simpleCommand(): Node {
		const assigns: {name: string; value: Word}[] = [];
		const words: Word[] = [];
		const redirs: Redir[] = [];
		const first = this.peek();
		const line = first.t === 'word' ? first.line : undefined;
		// BASH_TEST2: between `[[` and `]]`, && and || are test's -a and -o, not list operators
		let doubleBrackets = false;
		for (;;) {
			const t = this.peek();
			if (t.t === 'redir') {
				redirs.push(this.redirection());
				continue;
			}
			if (doubleBrackets && t.t === 'op' && (t.v === '&&' || t.v === '||')) {
				this.take();
				words.push([{k: 'lit', s: t.v === '&&' ? '-a' : '-o', q: false}]);
				continue;
			}
			if (t.t !== 'word') break;
			if (isUnquotedLiteral(t.w)) {
				const text = literalText(t.w);
				if (text === '[[') doubleBrackets = true;
				else if (text === ']]') doubleBrackets = false;
			}
			if (words.length === 0) {
				const a = assignment(t.w);
				if (a) {
					this.take();
					assigns.push(a);
					continue;
				}
				// name() compound-command: a function definition.
				const next = this.toks[this.pos + 1];
				if (assigns.length === 0 && next?.t === 'op' && next.v === '(' && isUnquotedLiteral(t.w)) {
					const name = literalText(t.w)!;
					this.pos += 2;
					if (!this.isOp(')')) this.unexpected(')');
					this.take();
					this.skipNewlines();
					if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new SyntaxError_(`bad function name`);
					return {t: 'func', name, body: this.command()};
				}
			}
			this.take();
			words.push(t.w);
		}
		if (words.length === 0 && assigns.length === 0 && redirs.length === 0) this.unexpected();
		return {t: 'simple', assigns, words, redirs, line};
	}

	private ifClause(): Node {
		this.take();
		const clauses: {cond: Node; body: Node}[] = [];
		let elseBody: Node | undefined;
		for (;;) {
			const cond = this.compoundList('then');
			this.expectKw('then');
			const body = this.compoundList('fi');
			clauses.push({cond, body});
			if (this.isKw('elif')) {
				this.take();
				continue;
			}
			if (this.isKw('else')) {
				this.take();
				elseBody = this.compoundList('fi');
			}
			this.expectKw('fi');
			return {t: 'if', clauses, else: elseBody, redirs: []};
		}
	}

	private whileClause(until: boolean): Node {
		this.take();
		const cond = this.compoundList('do');
		this.expectKw('do');
		const body = this.compoundList('done');
		this.expectKw('done');
		return {t: 'while', until, cond, body, redirs: []};
	}

	private forClause(): Node {
		this.take();
		const nameTok = this.peek();
		const name = nameTok.t === 'word' ? literalText(nameTok.w) : undefined;
		if (!name || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
			if (nameTok.t === 'eof') throw new Incomplete('unexpected end of file');
			throw new SyntaxError_(`bad for loop variable`);
		}
		this.take();
		let words: Word[] | undefined;
		this.skipNewlines();
		if (this.isKw('in')) {
			this.take();
			words = [];
			while (this.peek().t === 'word') words.push((this.take() as {w: Word}).w);
			const t = this.peek();
			if (t.t === 'op' && t.v === ';') this.take();
			else if (t.t === 'nl') this.take();
			else this.unexpected();
		} else if (this.isOp(';')) {
			this.take();
		}
		this.skipNewlines();
		this.expectKw('do');
		const body = this.compoundList('done');
		this.expectKw('done');
		return {t: 'for', name, words, body, redirs: []};
	}

	private caseClause(): Node {
		this.take();
		const wt = this.peek();
		if (wt.t !== 'word') this.unexpected();
		this.take();
		this.skipNewlines();
		// ash takes whatever token comes where a pattern goes, its text the last word read
		// (wordtext): `case in in ;) echo hi;; esac` says hi (Debian's busybox 1.35)
		let stale = this.isKw('in') ? (this.peek() as {w: Word}).w : wt.w;
		this.expectKw('in');
		const items: {patterns: Word[]; body: Node | undefined}[] = [];
		this.skipNewlines();
		while (!this.isKw('esac')) {
			if (this.isOp('(')) this.take();
			const patterns: Word[] = [];
			for (;;) {
				const p = this.peek();
				if (p.t === 'eof') this.unexpected(')');
				if (p.t === 'word') stale = (this.take() as {w: Word}).w;
				else this.take();
				patterns.push(stale);
				if (this.isOp('|')) {
					this.take();
					continue;
				}
				break;
			}
			// (read without keyword checking: `esac` there is a word)
			if (!this.isOp(')')) {
				if (this.peek().t === 'word') throw new SyntaxError_('unexpected word (expecting ")")');
				this.unexpected(')');
			}
			this.take();
			this.skipNewlines();
			let body: Node | undefined;
			if (!this.isOp(';;') && !this.isKw('esac')) body = this.compoundList(';;');
			items.push({patterns, body});
			if (this.isOp(';;')) {
				this.take();
				this.skipNewlines();
			} else if (!this.isKw('esac')) {
				this.unexpected('esac');
			}
		}
		this.take();
		return {t: 'case', word: wt.w, items, redirs: []};
	}
}

function assignment(w: Word): {name: string; value: Word} | undefined {
	const first = w[0];
	if (!first || first.k !== 'lit' || first.q) return undefined;
	const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.s);
	if (!m) return undefined;
	const rest = first.s.slice(m[0].length);
	const value: Word = [...(rest ? [{k: 'lit' as const, s: rest, q: false}] : []), ...w.slice(1)];
	return {name: m[1], value};
}
