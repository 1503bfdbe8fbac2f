/**
 * When `awk PROGRAM` reading a pipe exits on its own (for the pipeline that feeds it,
 * PipeSink.reader): `awk 'NR==3{exit}'`, `awk '/x/{print; exit}'`. busybox awk reads a record at
 * a time (no read-ahead), so it has read the record whose rule reached `exit`.
 */
import {Cell, toNum} from './value.js';
import {hasEffects, someNode, type Func, type Node, type Program, type Stmt} from './ast.js';
import {Parser} from './parser.js';
import {awkOptions} from './main.js';
import {argvOnly} from '../../getopt.js';
import {awkRegex} from './regex.js';

/** Variables whose change moves where the program exits: record counts, the separator, case. */
const COUNTING = new Set(['NR', 'FNR', 'RS', 'IGNORECASE']);

/**
 * The test of the record (its text and number) at which awk exits, or undefined where that is
 * not plain from the program: awk's own options, but no -f and no -v of NR, FNR, RS or
 * IGNORECASE, and no file operand; no getline, `next` or `nextfile` anywhere, nothing that
 * assigns NR, FNR, RS or IGNORECASE, no exit in BEGIN; an exit rule is a main rule whose pattern
 * is none, `NR == N`, `NR >= N`, `NR > N` (or FNR) or a /regex/, and whose action is prints and
 * expressions up to an `exit` (a /regex/ only where nothing changes $0: no field assignment, no
 * sub or gsub).
 */
export function awkReadLimit(argv: readonly string[]): {counts(line: string, n: number): boolean} | undefined {
	const parsed = argv[0] === 'awk' ? commandLineProgram(argv) : undefined;
	if (!parsed || parsed.operands.length || parsed.o.list('v').some(v => COUNTING.has(v.split('=')[0]!))) return undefined;
	const {prog} = parsed;
	// (an assignment's target is `l`, an increment's operand `r`)
	const target = (n: Node): Node | null => n.t === 'move' || n.t === 'replace' ? n.l : n.t === 'preinc' || n.t === 'postinc' ? n.r : null;
	const assignsCount = (n: Node) => {
		const t = target(n);
		return t?.t === 'var' && COUNTING.has(t.name);
	};
	if (someNode(prog, n => n.t === 'getline' || n.t === 'pgetline' || assignsCount(n))) return undefined;
	if (anyStmt(prog.main, s => s.k === 'next' || s.k === 'nextfile') || [...prog.funcs.values()].some(f => anyStmt(f.body, s => s.k === 'next' || s.k === 'nextfile'))) return undefined;
	if (anyStmt(prog.begin, s => s.k === 'exit')) return undefined;
	const changesText = someNode(prog, n => target(n)?.t === 'field' || (n.t === 'builtin' && (n.name === 'sub' || n.name === 'gsub')));
	const tests: ((line: string, n: number) => boolean)[] = [];
	for (const rule of prog.main) {
		if (rule.k !== 'rule') continue;
		const at = rule.body.findIndex(s => s.k === 'exit');
		if (at < 0 || rule.body.slice(0, at).some(s => s.k !== 'print' && s.k !== 'printf' && s.k !== 'expr')) continue;
		const p = rule.pattern;
		if (!p) tests.push(() => true);
		else if (p.t === 're' && !changesText) {
			const re = awkRegex(p.name, true, false);
			tests.push(line => re.test(line));
		} else if (p.t === 'compare' && p.l?.t === 'var' && (p.l.name === 'NR' || p.l.name === 'FNR') && !p.l.sub && p.r?.t === 'const' && p.r.cell) {
			const limit = toNum(p.r.cell);
			if (p.op === '==') tests.push((_, n) => n === limit);
			else if (p.op === '>=') tests.push((_, n) => n >= limit);
			else if (p.op === '>') tests.push((_, n) => n > limit);
		}
	}
	return tests.length ? {counts: (line, n) => tests.some(t => t(line, n))} : undefined;
}

/**
 * Whether `awk ARGS` does nothing but read its input and print (no system(), no pipes, no `print >
 * file`), so that it can run ahead of a pipe's waiting writer and again after it (PipePreview):
 * false for a program given with -f, or one awk refuses.
 */
export function awkOnlyPrints(argv: readonly string[]): boolean {
	const parsed = commandLineProgram(argv);
	return parsed !== undefined && !hasEffects(parsed.prog);
}

/** The program of `awk ARGS` given on the command line (not -f), its options and operands; undefined where awk refuses it. */
function commandLineProgram(argv: readonly string[]): {o: Exclude<ReturnType<typeof awkOptions>, number>; prog: Program; operands: string[]} | undefined {
	const o = awkOptions(argvOnly(argv));
	if (typeof o === 'number' || o.has('f')) return undefined;
	const sources = o.list('e');
	const operands = [...o.args];
	if (!sources.length) {
		const first = operands.shift();
		if (first === undefined) return undefined;
		sources.push(first);
	}
	const prog: Program = {begin: [], main: [], end: [], funcs: new Map<string, Func>()};
	const globals = new Map<string, Cell>();
	const global = (name: string): Cell => {
		let c = globals.get(name);
		if (!c) globals.set(name, c = new Cell());
		return c;
	};
	try {
		for (const src of sources) new Parser(src, 'cmd. line', {global, funcs: prog.funcs}, prog).parse();
	} catch {
		// (a program awk refuses: it says so and reads nothing)
		return undefined;
	}
	return {o, prog, operands};
}

/** Whether a statement of the list, or of the blocks in it, passes `test`. */
function anyStmt(list: Stmt[], test: (s: Stmt) => boolean): boolean {
	return list.some(s => test(s) || ('body' in s && anyStmt(s.body, test)) || (s.k === 'if' && (anyStmt(s.then, test) || (!!s.else && anyStmt(s.else, test)))));
}
