/**
 * The parsed program. Expressions keep busybox's node shapes (a binary operator has `l` and
 * `r`; a prefix/postfix operator and `$` have their operand in `r`; argument lists are
 * right-nested `comma` nodes), because evaluation order and a few quirks depend on them.
 */
import type {Cell} from './value.js';

export type NodeType =
	| 'root' | 'var' | 'arg' | 'const' | 're' | 'func' | 'builtin' | 'length' | 'getline' | 'pgetline'
	| 'field' | 'preinc' | 'postinc' | 'unary' | 'binary' | 'move' | 'replace' | 'compare' | 'match'
	| 'land' | 'lor' | 'ternary' | 'colon' | 'in' | 'comma' | 'concat' | 'regexp';

export class Node {
	l: Node | null = null;
	r: Node | null = null;
	/** Parent while parsing (busybox's `a` link). */
	a: Node | null = null;
	/** For `var`: the global's cell; for `const`: the constant's own cell. */
	cell?: Cell;
	/** For `var` and `arg`: the subscript of an array element. */
	sub: Node | null = null;
	/** For `arg`: the parameter index. */
	idx = 0;
	/** Variable, function or builtin name; regex source for `re`. */
	name = '';
	/** Range-pattern state (busybox's OF_CHECKED). */
	checked = false;

	constructor(public t: NodeType, public prec: number, public op: string, public line: number) {}
}

/** Where a statement came from: its line and program (`cmd. line` or the -f file). */
interface At {
	line: number;
	src: string;
}

export type Stmt = At & (
	| {k: 'expr'; e: Node | null}
	| {k: 'if'; cond: Node | null; then: Stmt[]; else?: Stmt[]}
	| {k: 'while'; cond: Node | null; body: Stmt[]}
	| {k: 'do'; body: Stmt[]; cond: Node | null}
	| {k: 'for'; init: Node | null; cond: Node | null; incr: Node | null; body: Stmt[]}
	| {k: 'forin'; v: Node | null; arr: Node | null; body: Stmt[]}
	| {k: 'print' | 'printf'; args: Node | null; redir?: string; dest?: Node | null}
	| {k: 'break' | 'continue' | 'next' | 'nextfile'}
	| {k: 'return' | 'exit' | 'delete'; e: Node | null}
	| {k: 'rule'; pattern: Node | null; body: Stmt[]}
);

export interface Func {
	name: string;
	defined: boolean;
	nargs: number;
	body: Stmt[];
}

export interface Program {
	begin: Stmt[];
	main: Stmt[];
	end: Stmt[];
	funcs: Map<string, Func>;
}

/** Whether any expression of the program (or a print statement, `print`) passes `test`. */
export function someNode(prog: Program, test: (n: Node) => boolean, print: (s: Stmt & {k: 'print' | 'printf'}) => boolean = () => false): boolean {
	const node = (n: Node | null | undefined): boolean => !!n && (test(n) || node(n.l) || node(n.r) || node(n.sub));
	const stmts = (list: Stmt[]): boolean => list.some(s => {
		switch (s.k) {
			case 'expr':
			case 'return':
			case 'exit':
			case 'delete':
				return node(s.e);
			case 'if':
				return node(s.cond) || stmts(s.then) || (!!s.else && stmts(s.else));
			case 'while':
			case 'do':
				return node(s.cond) || stmts(s.body);
			case 'for':
				return node(s.init) || node(s.cond) || node(s.incr) || stmts(s.body);
			case 'forin':
				return node(s.v) || node(s.arr) || stmts(s.body);
			case 'print':
			case 'printf':
				return print(s) || node(s.args) || node(s.dest);
			case 'rule':
				return node(s.pattern) || stmts(s.body);
			default:
				return false;
		}
	});
	return stmts(prog.begin) || stmts(prog.main) || stmts(prog.end) || [...prog.funcs.values()].some(f => stmts(f.body));
}

/**
 * What a program can do besides printing to stdout: run commands (system(), `cmd | getline`,
 * `print | cmd`) or write files (`print > file`). memhp runs a program reading the console again
 * from the start with each line typed, so one that does such things reads the console to its end
 * of file before it starts (Interp.main()).
 */
export function hasEffects(prog: Program): boolean {
	return someNode(prog, n => n.t === 'pgetline' || (n.t === 'builtin' && n.name === 'system'), s => s.redir !== undefined);
}

/** Whether the program reads its input: rules or END to run over it, or a plain `getline`. */
export function readsInput(prog: Program): boolean {
	return prog.main.length > 0 || prog.end.length > 0 || someNode(prog, n => n.t === 'getline' && !n.l);
}
