/**
 * The syntax tree of busybox ash commands (the node kinds of ash's nodes.c: NCMD, NPIPE,
 * NAND/NOR, NSEMI, NIF, NWHILE/NUNTIL, NFOR, NCASE, NSUBSHELL, NDEFUN, redirections).
 */

/** One piece of a word; `q` marks text that was quoted (no field splitting or globbing). */
export type WordPart =
	| {k: 'lit'; s: string; q: boolean}
	| {k: 'var'; name: string; op?: string; arg?: Word; repl?: Word; q: boolean}
	/** `$(...)` / backquotes; `node` is the `$(...)` body, parsed once with the command around it. */
	| {k: 'cmd'; src: string; q: boolean; paren?: boolean; node?: Node}
	| {k: 'arith'; expr: Word; q: boolean};

export type Word = WordPart[];

export type RedirOp = '>' | '>>' | '<' | '>&' | '<&' | '<>' | '>|' | '<<' | '<<-';

/**
 * A here-document's body, read by the lexer after the line that holds its `<<`. Quoting any
 * part of the delimiter makes it one quoted literal; otherwise it is expanded (parameters,
 * `$(...)`, backquotes, arithmetic) each time the redirection is applied.
 */
export interface HereDoc {
	body: Word;
}

export interface Redir {
	fd: number;
	op: RedirOp;
	/** The file name, or for `<<` and `<<-` the delimiter word. */
	target: Word;
	here?: HereDoc;
}

export type Node =
	| {t: 'simple'; assigns: {name: string; value: Word}[]; words: Word[]; redirs: Redir[]; line?: number}
	| {t: 'pipe'; cmds: Node[]; bang: boolean}
	| {t: 'andor'; first: Node; rest: {op: '&&' | '||'; node: Node}[]}
	| {t: 'list'; items: Node[]}
	| {t: 'if'; clauses: {cond: Node; body: Node}[]; else?: Node; redirs: Redir[]}
	| {t: 'for'; name: string; words: Word[] | undefined; body: Node; redirs: Redir[]}
	| {t: 'while'; until: boolean; cond: Node; body: Node; redirs: Redir[]}
	| {t: 'case'; word: Word; items: {patterns: Word[]; body: Node | undefined}[]; redirs: Redir[]}
	| {t: 'group'; body: Node; redirs: Redir[]}
	| {t: 'subshell'; body: Node; redirs: Redir[]}
	| {t: 'func'; name: string; body: Node}
	/** `cmd &` (NBACKGND): the and-or list runs as a background job. */
	| {t: 'bg'; body: Node};

/** The raw text of a word made only of literal parts (undefined if it has expansions). */
export function literalText(w: Word): string | undefined {
	let s = '';
	for (const p of w) {
		if (p.k !== 'lit') return undefined;
		s += p.s;
	}
	return s;
}

/** True when no part of the word was quoted (keywords and assignments must be unquoted). */
export function isUnquotedLiteral(w: Word): boolean {
	return w.every(p => p.k === 'lit' && !p.q);
}
