/**
 * The glibc regular expressions that busybox's sed, grep and awk compile (regcomp(3) and
 * re_compile_pattern() with RE_SYNTAX_GREP / RE_SYNTAX_EGREP).
 *
 * A pattern is read the way glibc's regcomp.c reads it (peek_token, parse_expression,
 * parse_dup_op, parse_bracket_exp, with the syntax bits), so the same patterns are refused with
 * the same regerror() text, and is translated into a JavaScript RegExp. POSIX's leftmost-longest
 * rule is kept by extending a JavaScript match while a longer one exists at the same start;
 * patterns whose backtracking could explode run on a linear-time Pike VM instead.
 */

/** The glibc syntax bits (regex.h) that change how a pattern is read. */
export interface ReSyntax {
	/** RE_NO_BK_PARENS, RE_NO_BK_VBAR, RE_NO_BK_BRACES, RE_CONTEXT_INDEP_ANCHORS, no RE_BK_PLUS_QM. */
	ere: boolean;
	contextInvalidOps: boolean;
	contextIndepOps: boolean;
	contextInvalidDup: boolean;
	invalidIntervalOrd: boolean;
	newlineAlt: boolean;
	dotNotNull: boolean;
	unmatchedRightParenOrd: boolean;
}

/** regcomp(3) without REG_EXTENDED (RE_SYNTAX_POSIX_BASIC). */
export const RE_SYNTAX_POSIX_BASIC: ReSyntax = {
	ere: false, contextInvalidOps: false, contextIndepOps: false, contextInvalidDup: true,
	invalidIntervalOrd: false, newlineAlt: false, dotNotNull: true, unmatchedRightParenOrd: false,
};
/** regcomp(3) with REG_EXTENDED (RE_SYNTAX_POSIX_EXTENDED). */
export const RE_SYNTAX_POSIX_EXTENDED: ReSyntax = {
	ere: true, contextInvalidOps: true, contextIndepOps: true, contextInvalidDup: false,
	invalidIntervalOrd: false, newlineAlt: false, dotNotNull: true, unmatchedRightParenOrd: true,
};
/** busybox grep (CONFIG_EXTRA_COMPAT: re_compile_pattern with RE_SYNTAX_GREP). */
export const RE_SYNTAX_GREP: ReSyntax = {...RE_SYNTAX_POSIX_BASIC, contextInvalidDup: false, newlineAlt: true, dotNotNull: false};
/** busybox grep -E (RE_SYNTAX_EGREP | RE_INTERVALS | RE_NO_BK_BRACES). */
export const RE_SYNTAX_EGREP: ReSyntax = {
	...RE_SYNTAX_POSIX_EXTENDED, contextInvalidOps: false, invalidIntervalOrd: true, newlineAlt: true, dotNotNull: false,
};

/** glibc's regerror() texts. */
const REG_EBRACK = 'Unmatched [, [^, [:, [., or [=';
const REG_EPAREN = 'Unmatched ( or \\(';
const REG_EBRACE = 'Unmatched \\{';
const REG_BADBR = 'Invalid content of \\{\\}';
const REG_ERANGE = 'Invalid range end';
const REG_ECTYPE = 'Invalid character class name';
const REG_ECOLLATE = 'Invalid collation character';
const REG_EESCAPE = 'Trailing backslash';
const REG_ESUBREG = 'Invalid back reference';
const REG_BADRPT = 'Invalid preceding regular expression';
const REG_ESIZE = 'Regular expression too big';
const REG_BADPAT = 'Invalid regular expression';

const RE_DUP_MAX = 0x7fff;

class RegError extends Error {}

type TokType = 'char' | 'end' | 'backslash' | 'alt' | 'backref' | 'anchor' | 'class' | 'open' | 'close'
	| 'star' | 'plus' | 'qmark' | 'openDup' | 'closeDup' | 'bracket' | 'period';

interface Token {
	type: TokType;
	/** The character (for a backslash pair: the one after the backslash). */
	c: string;
	len: number;
}

/** Characters of the C locale's ctype classes, as JavaScript class contents. */
const CTYPE: Record<string, string> = {
	alpha: 'A-Za-z', upper: 'A-Z', lower: 'a-z', digit: '0-9', xdigit: '0-9A-Fa-f', space: '\\t\\n\\v\\f\\r ',
	print: ' -~', punct: '!-\\/:-@\\[-`{-~', graph: '!-~', cntrl: '\\x00-\\x1f\\x7f', blank: ' \\t', alnum: '0-9A-Za-z',
};

const WORD = 'A-Za-z0-9_';

function jsChar(c: string): string {
	return /[A-Za-z0-9_ ]/.test(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** A parsed pattern (glibc's bin_tree_t, reduced). */
type ReNode =
	| {t: 'set'; src: string}
	| {t: 'cat'; items: ReNode[]}
	| {t: 'alt'; items: ReNode[]}
	| {t: 'group'; n: number; body: ReNode}
	| {t: 'rep'; min: number; max: number; body: ReNode}
	| {t: 'assert'; kind: string}
	| {t: 'backref'; n: number};

const EMPTY: ReNode = {t: 'cat', items: []};

/** One pattern read the way glibc's regcomp.c reads it, written out as JavaScript. */
class PosixParser {
	private pos = 0;
	private tok: Token = {type: 'end', c: '', len: 0};
	nsub = 0;
	private completed = 0;
	/** Alternation or a repetition: JavaScript's first match may then be shorter than POSIX's. */
	ambiguous = false;
	/** A back-reference: only a backtracking matcher can run the pattern. */
	backrefs = false;

	constructor(
		private readonly re: string,
		private readonly syn: ReSyntax,
		private readonly foldUpper: boolean,
	) {}

	parse(): ReNode {
		this.fetchToken(true);
		const src = this.parseRegExp(0);
		// RE_UNMATCHED_RIGHT_PAREN_ORD aside, the loops above only stop at the end
		if (this.tok.type !== 'end') throw new RegError(REG_EPAREN);
		return src;
	}

	private peek(caretHere: boolean): Token {
		const re = this.re;
		const i = this.pos;
		if (i >= re.length) return {type: 'end', c: '', len: 0};
		const c = re[i];
		const syn = this.syn;
		if (c === '\\') {
			if (i + 1 >= re.length) return {type: 'backslash', c: '\\', len: 1};
			const c2 = re[i + 1];
			const t = (type: TokType): Token => ({type, c: c2, len: 2});
			switch (c2) {
				case '|': return t(syn.ere ? 'char' : 'alt');
				case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
					return t('backref');
				case '<': case '>': case 'b': case 'B': case '`': case '\'':
					return t('anchor');
				case 'w': case 'W': case 's': case 'S':
					return t('class');
				case '(': return t(syn.ere ? 'char' : 'open');
				case ')': return t(syn.ere ? 'char' : 'close');
				case '+': return t(syn.ere ? 'char' : 'plus');
				case '?': return t(syn.ere ? 'char' : 'qmark');
				case '{': return t(syn.ere ? 'char' : 'openDup');
				case '}': return t(syn.ere ? 'char' : 'closeDup');
				default: return t('char');
			}
		}
		const t = (type: TokType): Token => ({type, c, len: 1});
		switch (c) {
			case '\n': return t(syn.newlineAlt ? 'alt' : 'char');
			case '|': return t(syn.ere ? 'alt' : 'char');
			case '*': return t('star');
			case '+': return t(syn.ere ? 'plus' : 'char');
			case '?': return t(syn.ere ? 'qmark' : 'char');
			case '{': return t(syn.ere ? 'openDup' : 'char');
			case '}': return t(syn.ere ? 'closeDup' : 'char');
			case '(': return t(syn.ere ? 'open' : 'char');
			case ')': return t(syn.ere ? 'close' : 'char');
			case '[': return t('bracket');
			case '.': return t('period');
			case '^':
				if (!syn.ere && !caretHere && i !== 0 && !(syn.newlineAlt && re[i - 1] === '\n')) return t('char');
				return t('anchor');
			case '$':
				if (!syn.ere && i + 1 !== re.length) {
					this.pos++;
					const next = this.peek(false);
					this.pos--;
					if (next.type !== 'alt' && next.type !== 'close') return t('char');
				}
				return t('anchor');
			default: return t('char');
		}
	}

	/** The current token's type (a method, so TypeScript does not narrow it across fetches). */
	private tt(): TokType {
		return this.tok.type;
	}

	private fetchToken(caretHere = false): void {
		this.tok = this.peek(caretHere);
		this.pos += this.tok.len;
	}

	private parseRegExp(nest: number): ReNode {
		const initial = this.completed;
		const branches = [this.parseBranch(nest)];
		while (this.tok.type === 'alt') {
			this.ambiguous = true;
			this.fetchToken(true);
			if (this.tok.type !== 'alt' && this.tok.type !== 'end' && (nest === 0 || this.tok.type !== 'close')) {
				const accumulated = this.completed;
				this.completed = initial;
				branches.push(this.parseBranch(nest));
				this.completed |= accumulated;
			} else {
				branches.push(EMPTY);
			}
		}
		return branches.length === 1 ? branches[0] : {t: 'alt', items: branches};
	}

	private parseBranch(nest: number): ReNode {
		const items: ReNode[] = [];
		const first = this.parseExpression(nest);
		if (first) items.push(first);
		while (this.tok.type !== 'alt' && this.tok.type !== 'end' && (nest === 0 || this.tok.type !== 'close')) {
			const e = this.parseExpression(nest);
			if (e) items.push(e);
		}
		return items.length === 1 ? items[0] : {t: 'cat', items};
	}

	private parseExpression(nest: number): ReNode | null {
		const syn = this.syn;
		const tok = this.tok;
		let atom: ReNode;
		switch (tok.type) {
			case 'char':
				atom = {t: 'set', src: jsChar(tok.c)};
				break;
			case 'open':
				atom = this.parseSubExp(nest + 1);
				break;
			case 'bracket':
				atom = {t: 'set', src: this.parseBracket()};
				break;
			case 'backref': {
				const n = Number(tok.c);
				if (!(this.completed & (1 << (n - 1)))) throw new RegError(REG_ESUBREG);
				atom = {t: 'backref', n};
				this.backrefs = true;
				break;
			}
			case 'openDup':
			case 'star':
			case 'plus':
			case 'qmark':
			case 'close':
			case 'closeDup': {
				// glibc's fall-through chain: a repetition with nothing before it, a stray ')'
				const t = tok.type;
				if (t === 'openDup' && syn.contextInvalidDup) throw new RegError(REG_BADRPT);
				if (t === 'openDup' || t === 'star' || t === 'plus' || t === 'qmark') {
					if (syn.contextInvalidOps && !syn.contextInvalidDup) throw new RegError(REG_BADRPT);
					if (syn.contextIndepOps) {
						this.fetchToken();
						return this.parseExpression(nest);
					}
				}
				// REG_ERPAREN, which regcomp() reports as REG_EPAREN (POSIX has one code for both)
				if (t === 'close' && !syn.unmatchedRightParenOrd) throw new RegError(REG_EPAREN);
				atom = {t: 'set', src: jsChar(tok.c)};
				break;
			}
			case 'anchor':
				// an anchor is never repeated: "^*" is an anchor and a '*' starting the next expression
				this.fetchToken();
				return {t: 'assert', kind: tok.c};
			case 'period':
				atom = {t: 'set', src: syn.dotNotNull ? '[^\\x00]' : '[\\s\\S]'};
				break;
			case 'class':
				atom = {t: 'set', src: {w: `[${WORD}]`, W: `[^${WORD}]`, s: '[\\t\\n\\v\\f\\r ]', S: '[^\\t\\n\\v\\f\\r ]'}[tok.c]!};
				break;
			case 'alt':
			case 'end':
				return null;
			case 'backslash':
				throw new RegError(REG_EESCAPE);
		}
		this.fetchToken();
		for (let t = this.tt(); t === 'star' || t === 'plus' || t === 'qmark' || t === 'openDup'; t = this.tt()) {
			const rep = this.parseDupOp(atom);
			if (!rep) break;
			atom = rep;
			if (syn.contextInvalidDup && (this.tt() === 'star' || this.tt() === 'openDup')) throw new RegError(REG_BADRPT);
		}
		return atom;
	}

	/** One repetition of `atom`; null when an invalid interval was rolled back to a '{'. */
	private parseDupOp(atom: ReNode): ReNode | null {
		const tok = this.tok;
		let start: number;
		let end: number;
		if (tok.type === 'openDup') {
			const startIdx = this.pos;
			start = this.fetchNumber();
			end = 0;
			if (start === -1) {
				if (this.tok.type === 'char' && this.tok.c === ',') start = 0;
				else throw new RegError(REG_BADBR);
			}
			if (start !== -2) {
				end = this.tok.type === 'closeDup' ? start : this.tok.type === 'char' && this.tok.c === ',' ? this.fetchNumber() : -2;
			}
			if (start === -2 || end === -2) {
				if (!this.syn.invalidIntervalOrd) throw new RegError(this.tok.type === 'end' ? REG_EBRACE : REG_BADBR);
				// RE_INVALID_INTERVAL_ORD: the '{' is an ordinary character
				this.pos = startIdx;
				this.tok = {type: 'char', c: tok.c, len: tok.len};
				return null;
			}
			if ((end !== -1 && start > end) || this.tok.type !== 'closeDup') throw new RegError(REG_BADBR);
			if ((end === -1 ? start : end) > RE_DUP_MAX) throw new RegError(REG_ESIZE);
		} else {
			start = tok.type === 'plus' ? 1 : 0;
			end = tok.type === 'qmark' ? 1 : -1;
		}
		this.fetchToken();
		this.ambiguous = true;
		return {t: 'rep', min: start, max: end, body: atom};
	}

	private fetchNumber(): number {
		let num = -1;
		for (;;) {
			this.fetchToken();
			const c = this.tok.c;
			if (this.tok.type === 'end') return -2;
			if (this.tok.type === 'closeDup' || c === ',') break;
			num = this.tok.type !== 'char' || c < '0' || c > '9' || num === -2 ? -2
				: num === -1 ? Number(c) : Math.min(RE_DUP_MAX + 1, num * 10 + Number(c));
		}
		return num;
	}

	private parseSubExp(nest: number): ReNode {
		const cur = this.nsub++;
		this.fetchToken(true);
		let body = EMPTY;
		if (this.tok.type !== 'close') {
			body = this.parseRegExp(nest);
			if (this.tt() !== 'close') throw new RegError(REG_EPAREN);
		}
		if (cur <= 8) this.completed |= 1 << cur;
		return {t: 'group', n: cur + 1, body};
	}

	/** parse_bracket_exp: the pattern position is just after the '['. */
	private parseBracket(): string {
		const re = this.re;
		const items: string[] = [];
		type Elem = {kind: 'char'; c: string} | {kind: 'class'; name: string} | {kind: 'equiv'; name: string} | {kind: 'coll'; name: string};
		const peekB = (): {type: 'end' | 'char' | 'range' | 'close' | 'hat' | 'coll' | 'equiv' | 'cclass'; c: string; len: number} => {
			const i = this.pos;
			if (i >= re.length) return {type: 'end', c: '', len: 0};
			const c = re[i];
			if (c === '[' && i + 1 < re.length) {
				const c2 = re[i + 1];
				if (c2 === '.') return {type: 'coll', c: c2, len: 2};
				if (c2 === '=') return {type: 'equiv', c: c2, len: 2};
				if (c2 === ':') return {type: 'cclass', c: c2, len: 2};
			}
			if (c === '-') return {type: 'range', c, len: 1};
			if (c === ']') return {type: 'close', c, len: 1};
			if (c === '^') return {type: 'hat', c, len: 1};
			return {type: 'char', c, len: 1};
		};
		const symbol = (delim: string): string => {
			// parse_bracket_symbol: the name up to "delim]"
			let name = '';
			for (let i = 0; ; i++) {
				if (i >= 32) throw new RegError(REG_EBRACK);
				const ch = re[this.pos++];
				if (this.pos >= re.length) throw new RegError(REG_EBRACK);
				if (ch === delim && re[this.pos] === ']') break;
				name += ch;
			}
			this.pos++;
			return name;
		};
		const element = (t: ReturnType<typeof peekB>, acceptHyphen: boolean): Elem => {
			this.pos += t.len;
			if (t.type === 'coll') return {kind: 'coll', name: symbol('.')};
			if (t.type === 'equiv') return {kind: 'equiv', name: symbol('=')};
			if (t.type === 'cclass') return {kind: 'class', name: symbol(':')};
			if (t.type === 'range' && !acceptHyphen && peekB().type !== 'close') throw new RegError(REG_ERANGE);
			return {kind: 'char', c: t.c};
		};
		const single = (e: Elem): string => {
			if (e.kind === 'char') return e.c;
			if (e.name.length !== 1) throw new RegError(REG_ECOLLATE);
			return e.name;
		};
		let negate = false;
		let t = peekB();
		if (t.type === 'end') throw new RegError(REG_BADPAT);
		if (t.type === 'hat') {
			negate = true;
			this.pos += t.len;
			t = peekB();
			if (t.type === 'end') throw new RegError(REG_BADPAT);
		}
		if (t.type === 'close') t = {...t, type: 'char'};
		let first = true;
		for (;;) {
			if (t.type === 'end') throw new RegError(REG_EBRACK);
			const startElem = element(t, first);
			first = false;
			t = peekB();
			let range = false;
			let t2 = t;
			if (startElem.kind !== 'class' && startElem.kind !== 'equiv') {
				if (t.type === 'end') throw new RegError(REG_EBRACK);
				if (t.type === 'range') {
					this.pos += t.len;
					t2 = peekB();
					if (t2.type === 'end') throw new RegError(REG_EBRACK);
					if (t2.type === 'close') {
						this.pos -= t.len;
						t = {...t, type: 'char'};
					} else {
						range = true;
					}
				}
			}
			if (range) {
				const endElem = element(t2, true);
				t = peekB();
				if (endElem.kind === 'class' || endElem.kind === 'equiv') throw new RegError(REG_ERANGE);
				let lo = single(startElem);
				let hi = single(endElem);
				if (this.foldUpper) {
					// case-insensitive: glibc has folded the pattern to upper case before the range is built
					lo = lo >= 'a' && lo <= 'z' ? lo.toUpperCase() : lo;
					hi = hi >= 'a' && hi <= 'z' ? hi.toUpperCase() : hi;
				}
				if (lo > hi) throw new RegError(REG_ERANGE);
				items.push(`${jsChar(lo)}-${jsChar(hi)}`);
			} else if (startElem.kind === 'class') {
				const cls = CTYPE[startElem.name];
				if (cls === undefined) throw new RegError(REG_ECTYPE);
				items.push(cls);
			} else {
				items.push(jsChar(single(startElem)));
			}
			if (t.type === 'end') throw new RegError(REG_EBRACK);
			if (t.type === 'close') {
				this.pos += t.len;
				break;
			}
		}
		return `[${negate ? '^' : ''}${items.join('')}]`;
	}
}

/** JavaScript source for a parsed pattern; `notbol` makes '^' unable to match (REG_NOTBOL). */
function emit(n: ReNode, notbol: boolean, multiline: boolean): string {
	switch (n.t) {
		case 'set':
			return n.src;
		case 'cat':
			return n.items.map(i => (i.t === 'alt' ? `(?:${emit(i, notbol, multiline)})` : emit(i, notbol, multiline))).join('');
		case 'alt':
			return n.items.map(i => emit(i, notbol, multiline)).join('|');
		case 'group':
			return `(${emit(n.body, notbol, multiline)})`;
		case 'backref':
			return `(?:\\${n.n})`;
		case 'rep': {
			const b = n.body;
			const inner = emit(b, notbol, multiline);
			const base = b.t === 'set' || b.t === 'group' || b.t === 'backref' ? inner : `(?:${inner})`;
			const {min, max} = n;
			return base + (min === 0 && max === -1 ? '*' : min === 1 && max === -1 ? '+' : min === 0 && max === 1 ? '?'
				: max === -1 ? `{${min},}` : min === max ? `{${min}}` : `{${min},${max}}`);
		}
		case 'assert':
			switch (n.kind) {
				case '^': return notbol && !multiline ? '(?!)' : '^';
				case '$': return '$';
				case '<': return `(?<![${WORD}])(?=[${WORD}])`;
				case '>': return `(?<=[${WORD}])(?![${WORD}])`;
				case 'b': return '\\b';
				case 'B': return '\\B';
				case '`': return '(?<![\\s\\S])';
				default: return '(?![\\s\\S])';
			}
	}
}

/**
 * Patterns JavaScript's backtracking could take exponential (or high polynomial) time over:
 * a repetition of something itself repeated or alternated (`(a*)*`, `(a|a)*`), or several
 * unbounded repetitions in a row.
 */
function risky(n: ReNode): boolean {
	let unbounded = 0;
	const walk = (m: ReNode, inRep: boolean): boolean => {
		switch (m.t) {
			case 'rep':
				if (inRep) return true;
				if (m.max === -1 || m.max > 1) unbounded++;
				return walk(m.body, m.max === -1 || m.max > 1);
			case 'alt':
				if (inRep) return true;
				return m.items.some(i => walk(i, inRep));
			case 'cat':
				return m.items.some(i => walk(i, inRep));
			case 'group':
				return walk(m.body, inRep);
			default:
				return false;
		}
	};
	return walk(n, false) || unbounded >= 3;
}

type Inst =
	| {op: 'char'; set: number}
	| {op: 'split'; x: number; y: number}
	| {op: 'jmp'; x: number}
	| {op: 'save'; n: number}
	| {op: 'assert'; kind: string}
	| {op: 'match'};

/** Largest program the VM runs (`a{32767}` and friends stay with JavaScript). */
const MAX_PROG = 20000;

class TooBig extends Error {}

/** A Thompson NFA run as a Pike VM: linear time, leftmost-longest overall match. */
class PikeVm {
	private readonly prog: Inst[] = [];
	private readonly sets: {re: RegExp; cache: Map<number, boolean>}[] = [];
	private readonly setIndex = new Map<string, number>();

	constructor(root: ReNode, private readonly nsub: number, private readonly flags: string, private readonly multiline: boolean) {
		this.prog.push({op: 'save', n: 0});
		this.compile(root);
		this.prog.push({op: 'save', n: 1}, {op: 'match'});
	}

	private emitInst(i: Inst): number {
		if (this.prog.length >= MAX_PROG) throw new TooBig();
		this.prog.push(i);
		return this.prog.length - 1;
	}

	private compile(n: ReNode): void {
		switch (n.t) {
			case 'set': {
				let k = this.setIndex.get(n.src);
				if (k === undefined) {
					k = this.sets.length;
					this.sets.push({re: new RegExp(`^${n.src}$`, this.flags.replace('m', '')), cache: new Map()});
					this.setIndex.set(n.src, k);
				}
				this.emitInst({op: 'char', set: k});
				return;
			}
			case 'cat':
				for (const i of n.items) this.compile(i);
				return;
			case 'alt': {
				const jumps: Inst[] = [];
				for (let k = 0; k < n.items.length; k++) {
					if (k < n.items.length - 1) {
						const split = {op: 'split', x: 0, y: 0} as Extract<Inst, {op: 'split'}>;
						this.emitInst(split);
						split.x = this.prog.length;
						this.compile(n.items[k]);
						const j = {op: 'jmp', x: 0} as Extract<Inst, {op: 'jmp'}>;
						this.emitInst(j);
						jumps.push(j);
						split.y = this.prog.length;
					} else {
						this.compile(n.items[k]);
					}
				}
				for (const j of jumps) (j as Extract<Inst, {op: 'jmp'}>).x = this.prog.length;
				return;
			}
			case 'group':
				this.emitInst({op: 'save', n: 2 * n.n});
				this.compile(n.body);
				this.emitInst({op: 'save', n: 2 * n.n + 1});
				return;
			case 'assert':
				this.emitInst({op: 'assert', kind: n.kind});
				return;
			case 'backref':
				throw new TooBig();
			case 'rep': {
				for (let k = 0; k < n.min; k++) this.compile(n.body);
				if (n.max === -1) {
					const split = {op: 'split', x: 0, y: 0} as Extract<Inst, {op: 'split'}>;
					const loop = this.emitInst(split);
					split.x = this.prog.length;
					this.compile(n.body);
					this.emitInst({op: 'jmp', x: loop});
					split.y = this.prog.length;
				} else {
					const splits: Extract<Inst, {op: 'split'}>[] = [];
					for (let k = n.min; k < n.max; k++) {
						const split = {op: 'split', x: 0, y: 0} as Extract<Inst, {op: 'split'}>;
						this.emitInst(split);
						split.x = this.prog.length;
						splits.push(split);
						this.compile(n.body);
					}
					for (const sp of splits) sp.y = this.prog.length;
				}
				return;
			}
		}
	}

	private matches(set: number, c: string): boolean {
		const s = this.sets[set];
		const code = c.charCodeAt(0);
		let r = s.cache.get(code);
		if (r === undefined) {
			r = s.re.test(c);
			s.cache.set(code, r);
		}
		return r;
	}

	private assertion(kind: string, s: string, pos: number, notbol: boolean): boolean {
		const prev = pos > 0 ? s[pos - 1] : undefined;
		const next = pos < s.length ? s[pos] : undefined;
		const w = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);
		switch (kind) {
			case '^': return this.multiline ? pos === 0 || prev === '\n' : pos === 0 && !notbol;
			case '$': return pos === s.length || (this.multiline && next === '\n');
			case '<': return !w(prev) && w(next);
			case '>': return w(prev) && !w(next);
			case 'b': return w(prev) !== w(next);
			case 'B': return w(prev) === w(next);
			case '`': return pos === 0;
			default: return pos === s.length;
		}
	}

	exec(s: string, from: number, notbol: boolean): ReMatch | null {
		const prog = this.prog;
		const ncap = 2 * (this.nsub + 1);
		const mark = new Int32Array(prog.length).fill(-1);
		type Thread = {pc: number; caps: number[]};
		let clist: Thread[] = [];
		let nlist: Thread[] = [];
		const add = (list: Thread[], pc: number, caps: number[], pos: number, gen: number): void => {
			// epsilon closure, depth first in priority order
			const stack: Thread[] = [{pc, caps}];
			while (stack.length) {
				const t = stack.pop()!;
				if (mark[t.pc] === gen) continue;
				mark[t.pc] = gen;
				const inst = prog[t.pc];
				switch (inst.op) {
					case 'jmp':
						stack.push({pc: inst.x, caps: t.caps});
						break;
					case 'split':
						stack.push({pc: inst.y, caps: t.caps}, {pc: inst.x, caps: t.caps});
						break;
					case 'save': {
						const c = t.caps.slice();
						c[inst.n] = pos;
						stack.push({pc: t.pc + 1, caps: c});
						break;
					}
					case 'assert':
						if (this.assertion(inst.kind, s, pos, notbol)) stack.push({pc: t.pc + 1, caps: t.caps});
						break;
					default:
						list.push(t);
				}
			}
		};
		let best: {start: number; end: number; caps: number[]} | null = null;
		for (let pos = from; pos <= s.length; pos++) {
			const gen = pos;
			if (best === null) add(clist, 0, new Array<number>(ncap).fill(-1), pos, gen);
			if (clist.length === 0) {
				if (best !== null) break;
				continue;
			}
			const c = s[pos];
			for (const t of clist) {
				const inst = prog[t.pc];
				if (inst.op === 'match') {
					const start = t.caps[0];
					if (best === null || start < best.start || (start === best.start && pos > best.end)) best = {start, end: pos, caps: t.caps};
					continue;
				}
				if (inst.op === 'char' && pos < s.length && this.matches(inst.set, c)) {
					if (best === null || t.caps[0] <= best.start) add(nlist, t.pc + 1, t.caps, pos + 1, gen + 1);
				}
			}
			[clist, nlist] = [nlist, clist];
			nlist.length = 0;
		}
		if (!best) return null;
		const caps = best.caps;
		caps[1] = best.end;
		const groups: (string | undefined)[] = [];
		for (let i = 0; i <= this.nsub; i++) groups.push(caps[2 * i] >= 0 && caps[2 * i + 1] >= 0 ? s.slice(caps[2 * i], caps[2 * i + 1]) : undefined);
		return {start: best.start, end: best.end, groups};
	}
}

export interface ReMatch {
	/** Start and end offsets of the whole match. */
	start: number;
	end: number;
	/** The match and its subexpressions (undefined: did not take part). */
	groups: (string | undefined)[];
}

/** A compiled POSIX regular expression (regex_t). */
export class PosixRegex {
	private readonly re: RegExp;
	private reNotbol?: RegExp;
	private readonly longer = new Map<string, RegExp>();
	private readonly src: string;
	private readonly srcNotbol: string;

	private constructor(
		readonly pattern: string,
		root: ReNode,
		private readonly flags: string,
		private readonly ambiguous: boolean,
		readonly nsub: number,
		private readonly vm: PikeVm | null,
	) {
		const multiline = flags.includes('m');
		this.src = emit(root, false, multiline);
		this.srcNotbol = emit(root, true, multiline);
		this.re = new RegExp(this.src, `g${flags}`);
	}

	/**
	 * regcomp(): the compiled pattern, or glibc's regerror() text. With `icase` glibc reads
	 * bracket expressions upper-cased (REG_ICASE, or grep -i's translate table), so `[a-[]` is
	 * a range. `newlineAnchor` is re_compile_pattern's '^'/'$' at newlines (grep).
	 */
	static compile(pattern: string, syntax: ReSyntax, icase = false, newlineAnchor = false): PosixRegex | string {
		try {
			const p = new PosixParser(pattern, syntax, icase);
			const root = p.parse();
			const flags = (icase ? 'i' : '') + (newlineAnchor ? 'm' : '');
			let vm: PikeVm | null = null;
			if (!p.backrefs && risky(root)) {
				try {
					vm = new PikeVm(root, p.nsub, flags, newlineAnchor);
				} catch (e) {
					if (!(e instanceof TooBig)) throw e;
				}
			}
			return new PosixRegex(pattern, root, flags, p.ambiguous, p.nsub, vm);
		} catch (e) {
			if (e instanceof RegError) return e.message;
			// a translation JavaScript refuses (nothing glibc accepts should get here)
			return REG_BADPAT;
		}
	}

	/**
	 * regexec() from `from`: the leftmost match, extended to the longest one starting there.
	 * `notbol` is REG_NOTBOL ('^' cannot match at the start of `s`).
	 */
	exec(s: string, from = 0, notbol = false): ReMatch | null {
		if (this.vm) return this.vm.exec(s, from, notbol);
		let re = this.re;
		if (notbol) re = this.reNotbol ??= new RegExp(this.srcNotbol, `g${this.flags}`);
		re.lastIndex = from;
		let m: RegExpExecArray | null = re.exec(s);
		if (!m) return null;
		if (this.ambiguous && s.length - m.index <= 4096) {
			// POSIX wants the longest match at the leftmost position; JavaScript's backtracking
			// stops at the first. Ask for one ending further on until there is none.
			for (let guard = 0; guard < 256; guard++) {
				const end: number = m.index + m[0].length;
				if (end >= s.length) break;
				const key = `${notbol ? 1 : 0}:${s.length - end - 1}`;
				let ext = this.longer.get(key);
				if (!ext) {
					if (this.longer.size > 256) this.longer.clear();
					ext = new RegExp(`(?:${notbol ? this.srcNotbol : this.src})(?![\\s\\S]{${s.length - end}})`, `y${this.flags}`);
					this.longer.set(key, ext);
				}
				ext.lastIndex = m.index;
				const m2: RegExpExecArray | null = ext.exec(s);
				if (!m2) break;
				m = m2;
			}
		}
		return {start: m.index, end: m.index + m[0].length, groups: [...m]};
	}

	test(s: string): boolean {
		if (this.vm) return this.vm.exec(s, 0, false) !== null;
		this.re.lastIndex = 0;
		return this.re.test(s);
	}
}

