import {isErrno, strerror, type Errno} from '../../errno.js';
import {hasVfsExt} from '../../vfs/ext.js';
import type {OpenFile, OpenFlags, Stat} from '../../vfs/types.js';
import type {Proc, Program} from '../proc.js';

/**
 * busybox 1.35 `editors/sed.c`, and the glibc regular expressions that sed and grep compile.
 *
 * The regex part reads a pattern the way glibc's regcomp.c does (peek_token, parse_expression,
 * parse_dup_op, parse_bracket_exp, with the syntax bits of regcomp(), RE_SYNTAX_GREP and
 * RE_SYNTAX_EGREP), so the same patterns are refused with the same regerror() text, and
 * translates it into a JavaScript RegExp. POSIX's leftmost-longest rule is kept by extending
 * a JavaScript match while a longer one exists at the same start.
 */

export const BB_BANNER = 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n';

// ---------------------------------------------------------------------------------------------
// Regular expressions

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
		this.fetch(true);
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

	private fetch(caretHere = false): void {
		this.tok = this.peek(caretHere);
		this.pos += this.tok.len;
	}

	private parseRegExp(nest: number): ReNode {
		const initial = this.completed;
		const branches = [this.parseBranch(nest)];
		while (this.tok.type === 'alt') {
			this.ambiguous = true;
			this.fetch(true);
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
						this.fetch();
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
				this.fetch();
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
		this.fetch();
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
		this.fetch();
		this.ambiguous = true;
		return {t: 'rep', min: start, max: end, body: atom};
	}

	private fetchNumber(): number {
		let num = -1;
		for (;;) {
			this.fetch();
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
		this.fetch(true);
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

// ---------------------------------------------------------------------------------------------
// Option parsing (libbb getopt32 on glibc getopt_long: options may follow operands)

export type ArgKind = 'none' | 'required' | 'optional';

export interface OptResult {
	/** Each option seen, in order, with its argument ('' when none). */
	opts: {name: string; arg: string}[];
	args: string[];
}

/** A getopt32 failure: the message (without "prog: ") and whether the usage follows it. */
export interface OptError {
	error: string;
	usage: boolean;
}

/**
 * getopt32: `spec` is a getopt string ("i::rEne:*" style; '*' and '+' after ':' are accepted
 * and ignored here), `longs` maps long names to their letter and argument. `check` sees each
 * option as getopt32 converts it (xatoi_positive for "m:+") and may fail it. Returns glibc's
 * getopt error text for a bad option.
 */
export function getopt32(
	argv: string[],
	spec: string,
	longs: Record<string, [string, ArgKind]> = {},
	check?: (name: string, arg: string) => string | undefined,
): OptResult | OptError {
	const kinds = new Map<string, ArgKind>();
	for (let i = 0; i < spec.length; i++) {
		const c = spec[i];
		if (c === ':' || c === '*' || c === '+') continue;
		kinds.set(c, spec[i + 1] === ':' ? (spec[i + 2] === ':' ? 'optional' : 'required') : 'none');
	}
	const opts: {name: string; arg: string}[] = [];
	const args: string[] = [];
	const bad = (error: string): OptError => ({error, usage: true});
	const add = (name: string, arg: string): OptError | undefined => {
		const e = check?.(name, arg);
		if (e !== undefined) return {error: e, usage: false};
		opts.push({name, arg});
		return undefined;
	};
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--') {
			args.push(...argv.slice(i + 1));
			break;
		}
		if (a.startsWith('--')) {
			const eq = a.indexOf('=');
			const name = a.slice(2, eq < 0 ? undefined : eq);
			const exact = Object.hasOwn(longs, name) ? [name] : [];
			const cands = exact.length ? exact : Object.keys(longs).filter(n => n.startsWith(name));
			const distinct = new Set(cands.map(n => longs[n][0]));
			if (cands.length === 0 || distinct.size > 1) return bad(`unrecognized option '${a.slice(0, eq < 0 ? undefined : eq)}'`);
			const full = cands[0];
			const [letter, kind] = longs[full];
			let e: OptError | undefined;
			if (eq >= 0) {
				if (kind === 'none') return bad(`option '--${full}' doesn't allow an argument`);
				e = add(letter, a.slice(eq + 1));
			} else if (kind === 'required') {
				if (i + 1 >= argv.length) return bad(`option '--${full}' requires an argument`);
				e = add(letter, argv[++i]);
			} else {
				e = add(letter, '');
			}
			if (e) return e;
			continue;
		}
		if (!a.startsWith('-') || a === '-') {
			args.push(a);
			continue;
		}
		for (let j = 1; j < a.length; j++) {
			const c = a[j];
			const kind = kinds.get(c);
			if (kind === undefined) return bad(`invalid option -- '${c}'`);
			let e: OptError | undefined;
			if (kind === 'none') {
				e = add(c, '');
				if (e) return e;
				continue;
			}
			if (j + 1 < a.length) e = add(c, a.slice(j + 1));
			else if (kind === 'optional') e = add(c, '');
			else if (i + 1 < argv.length) e = add(c, argv[++i]);
			else return bad(`option requires an argument -- '${c}'`);
			if (e) return e;
			break;
		}
	}
	return {opts, args};
}

/** libbb xatoi_positive(): the number, or bb_error_msg_and_die's text. */
export function xatoiPositive(s: string): number | string {
	const m = /^[0-9]+$/.exec(s);
	if (!m) return `invalid number '${s}'`;
	const n = Number(s);
	// strtoul past UINT_MAX sets ERANGE, which xstrtou reports as an invalid number
	if (n > 0xffffffff) return `invalid number '${s}'`;
	if (n > 0x7fffffff) return `number ${s} is not in 0..2147483647 range`;
	return n;
}

/**
 * stdout through stdio: line buffered on a terminal, block buffered (4 KiB) otherwise, so
 * messages on stderr land where a real run puts them.
 */
export class StdioOut {
	private buf = '';

	constructor(private readonly p: Proc) {}

	write(s: string): void {
		this.buf += s;
		if (this.buf.length >= 4096) this.flushSome();
	}

	/** A message on stderr: what stdio has flushed so far comes first. */
	err(s: string): void {
		if (this.p.stdoutIsTty) {
			const nl = this.buf.lastIndexOf('\n');
			if (nl >= 0) {
				this.p.out(this.buf.slice(0, nl + 1));
				this.buf = this.buf.slice(nl + 1);
			}
		}
		this.p.err(s);
	}

	private flushSome(): void {
		const n = this.p.stdoutIsTty ? this.buf.lastIndexOf('\n') + 1 : this.buf.length - (this.buf.length % 4096);
		if (n > 0) {
			this.p.out(this.buf.slice(0, n));
			this.buf = this.buf.slice(n);
		}
	}

	flush(): void {
		if (this.buf) this.p.out(this.buf);
		this.buf = '';
	}
}

/** open(2) of a path argument: "" names no file (ENOENT), not the working directory. */
export function openPath(p: Proc, name: string, flags: OpenFlags): OpenFile | Errno {
	return name === '' ? 'ENOENT' : p.vfs.open(p.abs(name), flags);
}

/** stat(2) (lstat(2) when `follow` is false) of a path argument. */
export function statPath(p: Proc, name: string, follow = true): Stat | Errno {
	return name === '' ? 'ENOENT' : p.vfs.stat(p.abs(name), follow);
}

// ---------------------------------------------------------------------------------------------
// sed

const SED_USAGE = `${BB_BANNER}
Usage: sed [-i[SFX]] [-nrE] [-f FILE]... [-e CMD]... [FILE]...
or: sed [-i[SFX]] [-nrE] CMD [FILE]...

	-e CMD	Add CMD to sed commands to be executed
	-f FILE	Add FILE contents to sed commands to be executed
	-i[SFX]	Edit files in-place (otherwise write to stdout)
		Optionally back files up, appending SFX
	-n	Suppress automatic printing of pattern space
	-r,-E	Use extended regex syntax

If no -e or -f, the first non-option argument is the sed command string.
Remaining arguments are input files (stdin if none).
`;

const SEMICOLON_WHITESPACE = '; \n\r\t\v';
const CMD_LETTERS = 'saicrw:btTydDgGhHlnNpPqx={}';
/** Largest pattern or hold space: past it a real guest's xrealloc() fails first. */
const MAX_SPACE = 1 << 24;

const isSpace = (c: string | undefined): boolean => c !== undefined && ' \t\n\v\f\r'.includes(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** bb_error_msg_and_die: the message and the exit status. */
class Die {
	constructor(readonly msg: string, readonly status = 1) {}
}

/** The end of a line: '\n' or '\0' as read, or none (last line of a file without one). */
type GetsChar = '\n' | '\0' | 'noeol' | 'lastnul';

interface SedCmd {
	cmd: string;
	begMatch?: PosixRegex;
	endMatch?: PosixRegex;
	subMatch?: PosixRegex;
	begLine: number;
	begLineOrig: number;
	endLine: number;
	endLineOrig: number;
	swFile?: WFile;
	/** a/i/c text, s replacement, r/w file name, b/t/T/: label, y pairs. */
	string?: string;
	whichMatch: number;
	invert: boolean;
	inMatch: boolean;
	subP: boolean;
}

/** A file written by `w` or the `w` flag of `s` (an fopen'ed FILE, flushed at exit). */
interface WFile {
	file: OpenFile;
	data: string;
	lastChar: string;
}

/** An output stream with the last character put, for puts_maybe_newline(). */
interface Sink {
	write(s: string): void;
}

/** strcpy, replacing "\from" with `to`; with `to` empty, replacing "\any" with "any". */
function parseEscapes(s: string, from: string, to: string): string {
	let d = '';
	let i = 0;
	while (i < s.length) {
		if (s[i] === '\\') {
			if (!to || s[i + 1] === from) {
				const ch = to || s[i + 1];
				if (ch === undefined) return d;
				d += ch;
				i += 2;
				continue;
			}
			i++;
			d += '\\';
		}
		if (i >= s.length) return d;
		d += s[i++];
	}
	return d;
}

/** sed's \n, and GNU's \t and \r. */
function copyParsingEscapes(s: string): string {
	return parseEscapes(parseEscapes(parseEscapes(s, 'n', '\n'), 't', '\t'), 'r', '\r');
}

/** The deterministic stand-in for mkstemp()'s six random characters. */
function tempSuffix(path: string, attempt: number): string {
	const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	let h = 2166136261 ^ attempt;
	for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 16777619);
	let out = '';
	for (let i = 0; i < 6; i++) {
		h = Math.imul(h ^ (h >>> 15), 2246822507) ^ Math.imul(h ^ (h >>> 13), 3266489909);
		out += letters[(h >>> 0) % letters.length];
	}
	return out;
}

class Sed {
	beQuiet = 0;
	extended = false;
	exitcode = 0;
	private cmds: SedCmd[] = [];
	private addCmdLine: string | null = null;
	private previousRegex?: PosixRegex;
	private holdSpace: string | null = null;
	private appendQueue: string[] = [];
	private wfiles: WFile[] = [];
	/** Input: the operand list and the file being read (G.current_fp). */
	inputFiles: string[] = [];
	currentInput = 0;
	lastInput = 0;
	private current: {data: string; pos: number} | null = null;
	private stdinUsed = false;
	/** Where output goes: stdout, or the temporary file of -i. */
	nonstdout: Sink;
	private ops = 0;
	private outCount = 0;

	constructor(private readonly p: Proc, readonly stdout: StdioOut) {
		this.nonstdout = {write: s => stdout.write(s)};
	}

	private regcomp(pattern: string, icase = false): PosixRegex {
		const re = PosixRegex.compile(pattern, this.extended ? RE_SYNTAX_POSIX_EXTENDED : RE_SYNTAX_POSIX_BASIC, icase);
		if (typeof re === 'string') throw new Die(`bad regex '${pattern}': ${re}`);
		return re;
	}

	readStdin(): string {
		if (this.stdinUsed) return '';
		this.stdinUsed = true;
		return this.p.stdin();
	}

	/** xfopen_stdin() for -f: the file's content, or dies with fopen_or_warn's message. */
	readScriptFile(name: string): string {
		if (name === '-') return this.readStdin();
		const f = openPath(this.p, name, {read: true});
		if (isErrno(f)) throw new Die(`${name}: ${strerror[f]}`);
		const data = f.read();
		f.close();
		return isErrno(data) ? '' : data;
	}

	// --- parsing -----------------------------------------------------------------------------

	/** The index just past the next unescaped `delim` in `s` from `from` (brackets skipped unless `noBracket`). */
	private indexOfDelim(delim: string, s: string, from: number, noBracket = false): number {
		let bracket = noBracket ? -2 : -1;
		let escaped = false;
		for (let idx = 0; from + idx < s.length; idx++) {
			const ch = s[from + idx];
			if (bracket >= 0) {
				if (ch === ']' && !(bracket === idx - 1 || (bracket === idx - 2 && s[from + idx - 1] === '^'))) bracket = -1;
			} else if (escaped) {
				escaped = false;
			} else if (ch === '\\') {
				escaped = true;
			} else if (bracket === -1 && ch === '[') {
				bracket = idx;
			} else if (ch === delim) {
				return idx;
			}
		}
		throw new Die(`unmatched '${delim}'`);
	}

	/** parse_regex_delim: match and replacement of s/y, and the index of the third delimiter. */
	private parseRegexDelim(s: string, at: number): {match: string; replace: string; end: number} {
		if (at >= s.length) throw new Die('bad format in substitution expression');
		const delim = s[at];
		const i1 = this.indexOfDelim(delim, s, at + 1);
		const match = copyParsingEscapes(s.slice(at + 1, at + 1 + i1));
		const start2 = at + 1 + i1 + 1;
		const i2 = this.indexOfDelim(delim, s, start2, true);
		const replace = copyParsingEscapes(s.slice(start2, start2 + i2));
		return {match, replace, end: start2 + i2};
	}

	/** get_address: characters used, with the line number or regex found. */
	private getAddress(s: string, at: number): {len: number; line: number; regex?: PosixRegex} {
		const c = s[at];
		if (isDigit(c)) {
			const m = /^\d+/.exec(s.slice(at))!;
			return {len: m[0].length, line: Number(m[0]) | 0};
		}
		if (c === '$') return {len: 1, line: -1};
		if (c === '/' || c === '\\') {
			let pos = at;
			let delim = '/';
			if (c === '\\') delim = s[++pos] ?? '';
			pos++;
			const next = this.indexOfDelim(delim, s, pos);
			let regex: PosixRegex | undefined;
			if (next !== 0) {
				regex = this.regcomp(copyParsingEscapes(s.slice(pos, pos + next)));
				this.previousRegex = regex;
			} else {
				regex = this.previousRegex;
				if (!regex) throw new Die('no previous regexp');
			}
			return {len: pos + next + 1 - at, line: 0, regex};
		}
		return {len: 0, line: 0};
	}

	/** parse_file_cmd: the file name (to the end of the line) and where it ends. */
	private parseFileCmd(s: string, at: number): {name: string; end: number} {
		let start = at;
		while (isSpace(s[start])) start++;
		let eol = s.indexOf('\n', start);
		if (eol < 0) eol = s.length;
		if (eol === start) throw new Die('empty filename');
		const name = s[eol] === '\n' ? s.slice(start, eol) + '\\' : s.slice(start);
		return {name, end: eol};
	}

	/** xfopen_for_write for `w`: the file is created (truncated) while the script is read. */
	private openWFile(name: string): WFile {
		const f = openPath(this.p, name, {write: true, create: true, truncate: true});
		if (isErrno(f)) throw new Die(`can't open '${name}': ${strerror[f]}`);
		const w: WFile = {file: f, data: '', lastChar: '\n'};
		this.wfiles.push(w);
		return w;
	}

	private parseSubstCmd(cmd: SedCmd, s: string, at: number): number {
		const {match, replace, end} = this.parseRegexDelim(s, at);
		cmd.string = replace;
		cmd.whichMatch = 1;
		let icase = false;
		let idx = end;
		out: while (++idx < s.length) {
			const c = s[idx];
			if (isDigit(c)) {
				if (match[0] !== '^') {
					const m = /^\d+/.exec(s.slice(idx))!;
					cmd.whichMatch = Number(m[0]) >>> 0;
					idx += m[0].length - 1;
				}
				continue;
			}
			if (isSpace(c)) continue;
			switch (c) {
				case 'g':
					cmd.whichMatch = 0;
					break;
				case 'p':
					cmd.subP = true;
					break;
				case 'w': {
					const f = this.parseFileCmd(s, idx + 1);
					cmd.swFile = this.openWFile(f.name);
					idx = f.end - 1;
					break;
				}
				case 'i':
				case 'I':
					icase = true;
					break;
				case '#':
					idx = s.length;
					break out;
				case ';':
				case '}':
					break out;
				default:
					throw new Die('bad option in substitution expression');
			}
		}
		if (match !== '') cmd.subMatch = this.regcomp(match, icase);
		return Math.min(idx, s.length);
	}

	/** parse_cmd_args: the command's arguments from `at`; returns where the next command starts. */
	private parseCmdArgs(cmd: SedCmd, s: string, at: number): number {
		const idx = CMD_LETTERS.indexOf(cmd.cmd);
		const c = cmd.cmd;
		if (c === 's') return this.parseSubstCmd(cmd, s, at);
		if (c === 'a' || c === 'i' || c === 'c') {
			if (c !== 'c' && (cmd.endLine || cmd.endMatch)) throw new Die(`command '${c}' uses only one address`);
			for (;;) {
				if (s[at] === '\n' || s[at] === '\\') {
					at++;
					break;
				}
				if (!isSpace(s[at])) break;
				at++;
			}
			cmd.string = parseEscapes(copyParsingEscapes(s.slice(at)), '', '');
			return s.length;
		}
		if (c === 'r' || c === 'w') {
			if (c === 'r' && (cmd.endLine || cmd.endMatch)) throw new Die(`command '${c}' uses only one address`);
			const f = this.parseFileCmd(s, at);
			cmd.string = f.name;
			if (c === 'w') cmd.swFile = this.openWFile(f.name);
			return f.end;
		}
		if (c === ':' || c === 'b' || c === 't' || c === 'T') {
			while (isSpace(s[at])) at++;
			let end = at;
			while (end < s.length && !SEMICOLON_WHITESPACE.includes(s[end])) end++;
			if (end > at) cmd.string = s.slice(at, end);
			return end;
		}
		if (c === 'y') {
			const delim = s[at];
			const r = this.parseRegexDelim(s, at);
			const match = parseEscapes(r.match, delim, delim);
			const replace = parseEscapes(r.replace, delim, delim);
			let pairs = '';
			for (let i = 0; i < match.length && i < replace.length; i++) pairs += match[i] + replace[i];
			cmd.string = pairs;
			return r.end + 1;
		}
		if (idx < 0) throw new Die(`unsupported command ${c}`);
		return at;
	}

	/** add_cmd: one line of script (lines ending in an odd number of backslashes continue). */
	addCmd(line: string): void {
		const nul = line.indexOf('\0');
		let s = nul >= 0 ? line.slice(0, nul) : line;
		if (this.addCmdLine !== null) {
			s = `${this.addCmdLine}\n${s}`;
			this.addCmdLine = s;
		}
		let n = s.length;
		while (n && s[n - 1] === '\\') n--;
		if ((s.length - n) & 1) {
			this.addCmdLine = s.slice(0, -1);
			return;
		}
		let i = 0;
		while (i < s.length) {
			while (i < s.length && SEMICOLON_WHITESPACE.includes(s[i])) i++;
			if (i >= s.length) break;
			if (s[i] === '#') {
				if (s[i + 1] === 'n') this.beQuiet++;
				const nl = s.slice(i).search(/[\n\r]/);
				if (nl < 0) break;
				i += nl;
				continue;
			}
			const cmd: SedCmd = {
				cmd: '', begLine: 0, begLineOrig: 0, endLine: 0, endLineOrig: 0, whichMatch: 0, invert: false, inMatch: false, subP: false,
			};
			const a1 = this.getAddress(s, i);
			i += a1.len;
			cmd.begLine = cmd.begLineOrig = a1.line;
			cmd.begMatch = a1.regex;
			if (s[i] === ',') {
				i++;
				let ok: boolean;
				if (s[i] === '+' && isDigit(s[i + 1])) {
					const m = /^\d+/.exec(s.slice(i + 1))!;
					cmd.endLine = -2 - (Number(m[0]) | 0);
					i += 1 + m[0].length;
					ok = true;
				} else {
					const a2 = this.getAddress(s, i);
					i += a2.len;
					cmd.endLine = a2.line;
					cmd.endMatch = a2.regex;
					ok = a2.len > 0;
				}
				if (!ok) throw new Die('no address after comma');
				cmd.endLineOrig = cmd.endLine;
			}
			while (isSpace(s[i])) i++;
			if (s[i] === '!') {
				cmd.invert = true;
				i++;
				while (isSpace(s[i])) i++;
			}
			if (i >= s.length) throw new Die('missing command');
			cmd.cmd = s[i++];
			i = this.parseCmdArgs(cmd, s, i);
			this.cmds.push(cmd);
		}
		this.addCmdLine = null;
	}

	addCmdBlock(script: string): void {
		for (const line of script.split('\n')) this.addCmd(line);
	}

	// --- running -----------------------------------------------------------------------------

	private tick(): void {
		if (++this.ops >= 32) {
			this.ops = 0;
			this.p.tick();
		}
	}

	private checkSize(s: string): string {
		if (s.length > MAX_SPACE) throw new Die('out of memory');
		return s;
	}

	/** puts_maybe_newline() */
	private puts(s: string, sink: Sink, state: {lpc: string}, gc: GetsChar): void {
		let out = '';
		let lpc = state.lpc;
		if (lpc !== '\n' && lpc !== '\0') {
			out += '\n';
			lpc = '\n';
		}
		out += s;
		if (s) lpc = 'x';
		if (gc === 'lastnul') {
			out += '\0';
			lpc = 'x';
		} else if (gc !== 'noeol') {
			out += gc;
			lpc = gc;
		}
		this.written(out);
		sink.write(out);
		state.lpc = lpc;
	}

	/** A step per 256 characters written bounds runaway output (`sed ':a;p;ba'`). */
	private written(s: string): void {
		this.outCount += s.length;
		if (this.outCount >= 256) {
			this.p.tick(this.outCount >> 8);
			this.outCount &= 255;
		}
	}

	private flushAppend(state: {lpc: string}): void {
		for (const data of this.appendQueue) this.puts(data, this.nonstdout, state, '\n');
		this.appendQueue = [];
	}

	/** get_next_line(): the next line of the operands, the append queue flushed first. */
	private getNextLine(state: {lpc: string}): {line: string; gc: GetsChar} | null {
		this.flushAppend(state);
		for (; this.currentInput <= this.lastInput; this.currentInput++) {
			if (!this.current) {
				const path = this.inputFiles[this.currentInput];
				if (path === '\0stdin') {
					this.current = {data: this.readStdin(), pos: 0};
				} else {
					const f = openPath(this.p, path, {read: true});
					if (isErrno(f)) {
						this.stdout.err(`sed: ${path}: ${strerror[f]}\n`);
						this.exitcode = 1;
						continue;
					}
					const data = f.read();
					f.close();
					// a read error (a directory, a failing sysfs show) reads as end of file
					this.current = {data: isErrno(data) ? '' : data, pos: 0};
				}
			}
			const cur = this.current;
			if (cur.pos < cur.data.length) {
				const rest = cur.data.slice(cur.pos);
				const m = /[\n\0]/.exec(rest);
				if (!m) {
					cur.pos = cur.data.length;
					return {line: rest, gc: 'noeol'};
				}
				cur.pos += m.index + 1;
				let gc: GetsChar = m[0] === '\n' ? '\n' : '\0';
				if (gc === '\0' && cur.pos >= cur.data.length) gc = 'lastnul';
				return {line: rest.slice(0, m.index), gc};
			}
			this.current = null;
		}
		return null;
	}

	private begMatch(cmd: SedCmd, ps: string): boolean {
		const r = cmd.begMatch !== undefined && cmd.begMatch.test(ps);
		if (r) this.previousRegex = cmd.begMatch;
		return r;
	}

	private branchTo(label: string): number {
		const i = this.cmds.findIndex(c => c.cmd === ':' && c.string === label);
		if (i < 0) throw new Die(`can't find label for jump to '${label}'`);
		return i;
	}

	/** do_subst_command(): the new pattern space, or null when nothing was replaced. */
	private doSubst(cmd: SedCmd, ps: string): string | null {
		let re = cmd.subMatch;
		if (!re) {
			re = this.previousRegex;
			if (!re) throw new Die('no previous regexp');
		}
		this.previousRegex = re;
		let m = re.exec(ps, 0, false);
		if (!m) return null;
		let line = ps;
		let out = '';
		let matchCount = 0;
		let altered = false;
		let prevMatchEmpty = true;
		let triedAtEol = false;
		const repl = cmd.string ?? '';
		for (;;) {
			this.tick();
			const start = m.start;
			let end = m.end;
			matchCount++;
			let skip = false;
			if (cmd.whichMatch && cmd.whichMatch !== matchCount) {
				out += line.slice(0, end);
				line = line.slice(end);
				if (start === end && line) {
					out += line[0];
					line = line.slice(1);
				}
				skip = true;
			}
			if (!skip) {
				out += line.slice(0, start);
				if (prevMatchEmpty || start !== 0 || start !== end) {
					for (let i = 0; i < repl.length; i++) {
						const c = repl[i];
						if (c === '\\') {
							const d = repl[++i];
							if (isDigit(d)) {
								out += m.groups[Number(d)] ?? '';
								continue;
							}
							out += d ?? '';
							continue;
						}
						out += c === '&' ? m.groups[0] ?? '' : c;
					}
					altered = true;
				}
				prevMatchEmpty = start === end;
				if (prevMatchEmpty) {
					if (end >= line.length) triedAtEol = true;
					else out += line[end++];
				}
				line = line.slice(end);
				if (cmd.whichMatch !== 0) break;
			}
			if (line === '') {
				if (triedAtEol) break;
				triedAtEol = true;
			}
			this.checkSize(out);
			m = re.exec(line, 0, true);
			if (!m) break;
		}
		out += line;
		// without a replacement the text is unchanged and `t` sees no substitution
		return altered ? this.checkSize(out) : null;
	}

	/** process_files(): every line of the operands from currentInput to lastInput. */
	processFiles(): void {
		const state = {lpc: '\n'};
		const puts = (s: string, gc: GetsChar) => this.puts(s, this.nonstdout, state, gc);
		let linenum = 0;
		let next = this.getNextLine(state);
		for (;;) {
			let substituted = false;
			if (!next) return;
			let ps = next.line;
			let lastGets = next.gc;
			next = this.getNextLine(state);
			linenum++;
			this.tick();
			let ending: 'autoprint' | 'discard' = 'autoprint';
			restart: for (;;) {
				for (let ci = 0; ci < this.cmds.length; ci++) {
					this.tick();
					let cmd = this.cmds[ci];
					const oldMatched = cmd.inMatch;
					if (!oldMatched) cmd.endLine = cmd.endLineOrig;
					cmd.inMatch = cmd.inMatch
						|| (!cmd.begLine && !cmd.endLine && !cmd.begMatch && !cmd.endMatch)
						|| (cmd.begLine > 0 && (cmd.endLine || cmd.endMatch ? cmd.begLine <= linenum : cmd.begLine === linenum))
						|| this.begMatch(cmd, ps)
						|| (cmd.begLine === -1 && next === null);
					const matched = cmd.inMatch;
					if (matched) {
						if (cmd.endLine <= -2) cmd.endLine = linenum + (-cmd.endLine - 2);
						if (cmd.begLine > 0) cmd.begLine = -2;
						cmd.inMatch = !(
							(cmd.endLine ? (cmd.endLine === -1 ? next === null : cmd.endLine <= linenum) : !cmd.endMatch)
							|| (cmd.endMatch !== undefined && oldMatched && cmd.endMatch.test(ps))
						);
					}
					if (cmd.cmd === '{') {
						if (cmd.invert ? matched : !matched) {
							let nest = 0;
							for (;;) {
								if (cmd.cmd === '{') nest++;
								if (cmd.cmd === '}') {
									nest--;
									if (nest === 0) break;
								}
								ci++;
								if (ci >= this.cmds.length) throw new Die('unterminated {');
								cmd = this.cmds[ci];
							}
						}
						continue;
					}
					if (cmd.invert ? matched : !matched) continue;
					if (cmd.begMatch) this.previousRegex = cmd.begMatch;
					switch (cmd.cmd) {
						case '=':
							this.written(`${linenum}\n`);
							this.nonstdout.write(`${linenum}\n`);
							break;
						case 'P': {
							const nl = ps.indexOf('\n');
							puts(nl >= 0 ? ps.slice(0, nl) : ps, '\n');
							break;
						}
						case 'p':
							puts(ps, '\n');
							break;
						case 'D': {
							const nl = ps.indexOf('\n');
							if (nl >= 0) {
								ps = ps.slice(nl + 1);
								continue restart;
							}
							ending = 'discard';
							break restart;
						}
						case 'd':
							ending = 'discard';
							break restart;
						case 's': {
							const r = this.doSubst(cmd, ps);
							if (r === null) break;
							ps = r;
							substituted = true;
							if (cmd.subP) puts(ps, lastGets);
							if (cmd.swFile) this.puts(ps, this.wSink(cmd.swFile), this.wState(cmd.swFile), lastGets);
							break;
						}
						case 'a':
							this.appendQueue.push(cmd.string ?? '');
							break;
						case 'i':
							puts(cmd.string ?? '', '\n');
							break;
						case 'c':
							if (!cmd.inMatch) puts(cmd.string ?? '', '\n');
							ending = 'discard';
							break restart;
						case 'r': {
							const f = openPath(this.p, cmd.string ?? '', {read: true});
							if (!isErrno(f)) {
								const data = f.read();
								f.close();
								if (!isErrno(data) && data !== '') {
									const lines = data.split('\n');
									if (lines[lines.length - 1] === '') lines.pop();
									this.appendQueue.push(...lines);
								}
							}
							break;
						}
						case 'w':
							this.puts(ps, this.wSink(cmd.swFile!), this.wState(cmd.swFile!), lastGets);
							break;
						case 'n':
							if (!this.beQuiet) puts(ps, lastGets);
							if (next === null) {
								ending = 'discard';
								break restart;
							}
							ps = next.line;
							lastGets = next.gc;
							next = this.getNextLine(state);
							substituted = false;
							linenum++;
							break;
						case 'q':
							next = null;
							break restart;
						case 'N':
							if (next === null) break restart;
							ps = this.checkSize(`${ps}\n${next.line}`);
							lastGets = next.gc;
							next = this.getNextLine(state);
							linenum++;
							break;
						case 't':
							if (!substituted) break;
							substituted = false;
							if (cmd.string === undefined) break restart;
							ci = this.branchTo(cmd.string);
							break;
						case 'T':
							if (substituted) break;
							if (cmd.string === undefined) break restart;
							ci = this.branchTo(cmd.string);
							break;
						case 'b':
							if (cmd.string === undefined) break restart;
							ci = this.branchTo(cmd.string);
							break;
						case 'y': {
							const pairs = cmd.string ?? '';
							let out = '';
							for (const ch of ps) {
								let r = ch;
								for (let j = 0; j < pairs.length; j += 2) {
									if (pairs[j] === ch) {
										r = pairs[j + 1];
										break;
									}
								}
								out += r;
							}
							ps = out;
							break;
						}
						case 'g':
							ps = this.holdSpace ?? '';
							break;
						case 'G':
							ps = this.checkSize(`${ps}\n${this.holdSpace ?? ''}`);
							lastGets = '\n';
							break;
						case 'h':
							this.holdSpace = ps;
							break;
						case 'H':
							this.holdSpace = this.checkSize(`${this.holdSpace ?? ''}\n${ps}`);
							break;
						case 'x': {
							const tmp = ps;
							ps = this.holdSpace ?? '';
							lastGets = '\n';
							this.holdSpace = tmp;
							break;
						}
					}
				}
				break;
			}
			if (ending === 'autoprint' && !this.beQuiet) puts(ps, lastGets);
			this.flushAppend(state);
		}
	}

	private wSink(w: WFile): Sink {
		return {write: s => (w.data = this.checkSize(w.data + s))};
	}

	private wState(w: WFile): {lpc: string} {
		return {
			get lpc() {
				return w.lastChar;
			},
			set lpc(v: string) {
				w.lastChar = v;
			},
		};
	}

	/** The `w` files are flushed when sed exits (stdio), whatever the exit. */
	closeWFiles(): void {
		for (const w of this.wfiles) {
			if (w.data) w.file.write(w.data);
			w.file.close();
			w.data = '';
		}
		this.wfiles = [];
	}

	/** -i: fix the ranges that ran (beg_line disabled, ",+N" mangled) before the next file. */
	resetRanges(): void {
		for (const c of this.cmds) {
			c.begLine = c.begLineOrig;
			c.endLine = c.endLineOrig;
		}
	}
}

/** xmkstemp(TEMPLATE): the created file, or dies like libbb. */
function mkstemp(p: Proc, template: string): {name: string; file: OpenFile} {
	for (let attempt = 0; attempt < 100; attempt++) {
		const name = template.slice(0, -6) + tempSuffix(template, attempt);
		const path = p.abs(name);
		if (!isErrno(p.vfs.stat(path, false))) continue;
		const f = p.vfs.open(path, {write: true, create: true, truncate: true});
		if (isErrno(f)) throw new Die(`can't create temp file '${name}': ${strerror[f]}`);
		return {name, file: f};
	}
	throw new Die(`can't create temp file '${template}': ${strerror.EEXIST}`);
}

function rename(p: Proc, from: string, to: string): void {
	const e: Errno | undefined = hasVfsExt(p.vfs) ? p.vfs.rename(p.abs(from), p.abs(to)) : 'ENOSYS';
	if (e) throw new Die(`can't move '${from}' to '${to}': ${strerror[e]}`);
}

export const sed: Program = p => {
	if (p.argv[1] === '--version') {
		p.out('This is not GNU sed version 4.0\n');
		return 0;
	}
	if (p.argv[1] === '--help' && p.argv.length === 2) {
		p.err(SED_USAGE);
		return 0;
	}
	const o = getopt32(p.argv, 'i::rEne:*f:*', {
		'in-place': ['i', 'optional'], 'regexp-extended': ['r', 'none'], quiet: ['n', 'none'], silent: ['n', 'none'],
		expression: ['e', 'required'], file: ['f', 'required'],
	});
	if ('error' in o) {
		p.err(`sed: ${o.error}\n${o.usage ? SED_USAGE : ''}`);
		return 1;
	}
	const out = new StdioOut(p);
	const g = new Sed(p, out);
	let inPlace = false;
	let suffix = '';
	const scripts: string[] = [];
	const files: string[] = [];
	for (const {name, arg} of o.opts) {
		if (name === 'i') {
			inPlace = true;
			suffix = arg;
		} else if (name === 'r' || name === 'E') {
			g.extended = true;
		} else if (name === 'n') {
			g.beQuiet++;
		} else if (name === 'e') {
			scripts.push(arg);
		} else if (name === 'f') {
			files.push(arg);
		}
	}
	const args = o.args;
	let outname: string | null = null;
	try {
		try {
			for (const s of scripts) g.addCmdBlock(s);
			for (const f of files) {
				const data = g.readScriptFile(f);
				const lines = data.split('\n');
				if (lines[lines.length - 1] === '') lines.pop();
				for (const line of lines) g.addCmd(line);
			}
			if (scripts.length === 0 && files.length === 0) {
				if (args.length === 0) {
					p.err(SED_USAGE);
					return 1;
				}
				g.addCmdBlock(args.shift()!);
			}
			g.addCmd('');
			g.inputFiles = args;
			if (args.length === 0) {
				if (inPlace) throw new Die('-i requires an argument');
				g.inputFiles = ['\0stdin'];
			} else {
				for (let k = 0; k < args.length; k++) {
					if (k > 0) g.lastInput++;
					if (!inPlace) {
						if (args[k] === '-') {
							args[k] = '\0stdin';
							g.processFiles();
						}
						continue;
					}
					const file = args[k];
					const st = statPath(p, file);
					if (isErrno(st)) {
						out.err(`sed: ${file}: ${strerror[st]}\n`);
						g.exitcode = 1;
						g.currentInput++;
						continue;
					}
					const tmp = mkstemp(p, `${file}XXXXXX`);
					outname = tmp.name;
					if (hasVfsExt(p.vfs)) p.vfs.chmod(p.abs(tmp.name), st.mode);
					let data = '';
					g.nonstdout = {
						write: s => {
							data += s;
							if (data.length > MAX_SPACE) throw new Die('write error', 4);
						},
					};
					try {
						g.processFiles();
					} finally {
						if (data) tmp.file.write(data);
						tmp.file.close();
						g.nonstdout = {write: s => out.write(s)};
					}
					if (suffix) rename(p, file, file + suffix);
					rename(p, tmp.name, file);
					outname = null;
					g.resetRanges();
				}
			}
			g.processFiles();
			return g.exitcode;
		} catch (e) {
			if (!(e instanceof Die)) throw e;
			if (outname !== null) p.vfs.unlink(p.abs(outname));
			out.err(`sed: ${e.msg}\n`);
			return e.status;
		}
	} finally {
		g.closeWFiles();
		out.flush();
	}
};
