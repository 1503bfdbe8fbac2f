/**
 * Running a parsed awk program the way busybox's evaluate() does: variables are cells that
 * expressions return by reference (so `x (x = "b")` reads x after the assignment, as on the
 * guest), fields are split lazily, assigning a field or NF rebuilds $0 with OFS, and records
 * are read with RS as a character, a regex or (empty) paragraphs.
 */
import {isErrno, strerror, type Errno} from '../../../errno.js';
import type {OpenFile} from '../../../vfs/types.js';
import {NeedConsoleInput, type ConsoleReader, type Proc} from '../../proc.js';
import {hasEffects, readsInput, type Func, type Node, type Program, type Stmt} from './ast.js';
import {callBuiltin, awkPrintf, LIBM} from './builtins.js';
import {fmtNum} from './format.js';
import {unescape} from './lexer.js';
import {awkRegex, execAt, type AwkRegex} from './regex.js';
import {
	arrayOf, AwkDie, AwkError, Cell, copyCell, DIRTY, isNumeric, isTrue, numCell, NUMBER, setNum, setStr, setUser,
	strCell, toCInt, toLongLong, toNum, toStr, USER,
} from './value.js';

/** Longest string awk builds (as MAX_DATA_CHARS for shell variables): past it, "out of memory". */
export const MAX_STRING = 1 << 24;

export function checkLen(s: string): string {
	if (s.length > MAX_STRING) throw new RangeError('out of memory');
	return s;
}

const ERRNO_NUM: Partial<Record<Errno, number>> = {
	EPERM: 1, ENOENT: 2, EIO: 5, ENXIO: 6, EBADF: 9, ENOMEM: 12, EACCES: 13, EBUSY: 16, EEXIST: 17, ENODEV: 19,
	ENOTDIR: 20, EISDIR: 21, EINVAL: 22, ENOSPC: 28, EROFS: 30, ELOOP: 40, ENAMETOOLONG: 36,
};

/** `exit`: runs END (once) and ends awk with the status. */
export class AwkExit extends Error {}

/** `next` / `nextfile`: stops the rules for this record. */
class NextRecord extends Error {
	constructor(readonly file: boolean) {
		super('next');
	}
}

type Signal = undefined | 'break' | 'continue' | 'return';

/** A record source (the input files, a getline < file) or an output (print > file). */
interface Stream {
	mode: 'r' | 'w' | 'pipe';
	/** A `print | "cmd"` pipe: the command, run with what was written when it is closed. */
	command?: string;
	/** A `"cmd" | getline` reader: the command's exit status (pclose()'s). */
	status?: number;
	data?: string;
	pos: number;
	/** stdin on the terminal: records are read as lines are typed (data: what is typed, unread). */
	console?: ConsoleReader;
	readErr?: Errno;
	file?: OpenFile;
	to?: 'out' | 'err';
}

/** An operand that is a `var=value` assignment (is_assignment()). */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** How FS and RS split: a regex (more than one character), one character, or '' / ' '. */
export type Splitter = {re: string} | {c: string};

export const NOT_SIMULATED = 'running commands is not simulated; use the shell directly';

export class Runtime {
	readonly globals = new Map<string, Cell>();
	readonly CONVFMT: Cell;
	readonly OFMT: Cell;
	readonly FS: Cell;
	readonly OFS: Cell;
	readonly ORS: Cell;
	readonly RS: Cell;
	readonly RT: Cell;
	readonly FILENAME: Cell;
	readonly SUBSEP: Cell;
	readonly F0: Cell;
	readonly ARGIND: Cell;
	readonly ARGC: Cell;
	readonly ARGV: Cell;
	readonly ERRNO: Cell;
	readonly FNR: Cell;
	readonly NR: Cell;
	readonly NF: Cell;
	readonly IGNORECASE: Cell;
	readonly ENVIRON: Cell;

	/** Fields $1..$NF (fields[0] is $1). */
	private fields: Cell[] = [];
	private numFields = 0;
	private f0Split = false;
	fsplit: Splitter = {c: ' '};
	private rsplit: Splitter = {c: '\n'};
	icase = false;

	/** g_progname and g_lineno: where the code running now came from. */
	progname = 'cmd. line';
	line = 1;

	private fnargs: Cell[] = [];
	private readonly streams = new Map<string, Stream>();
	private input: Stream | undefined;
	private argind = 0;
	private inputSeen = false;
	private readonly stdin: Stream;
	exitcode = 0;
	private exiting = false;
	private warnedCommands = false;
	seed = 1;
	rand: () => number;

	constructor(readonly p: Proc, readonly prog: Program, private readonly funcs: Map<string, Func>) {
		const v = (name: string) => this.global(name);
		this.CONVFMT = setStr(v('CONVFMT'), '%.6g');
		this.OFMT = setStr(v('OFMT'), '%.6g');
		this.FS = setStr(v('FS'), ' ');
		this.OFS = setStr(v('OFS'), ' ');
		this.ORS = setStr(v('ORS'), '\n');
		this.RS = setStr(v('RS'), '\n');
		this.RT = setStr(v('RT'), '');
		this.FILENAME = setStr(v('FILENAME'), '');
		this.SUBSEP = setStr(v('SUBSEP'), '\x1c');
		this.F0 = setStr(v('$'), '');
		this.ARGIND = setNum(v('ARGIND'), 0);
		this.ARGC = setNum(v('ARGC'), 0);
		this.ARGV = setNum(v('ARGV'), 0);
		this.ERRNO = setNum(v('ERRNO'), 0);
		this.FNR = setNum(v('FNR'), 0);
		this.NR = setNum(v('NR'), 0);
		this.NF = setNum(v('NF'), 0);
		this.IGNORECASE = setNum(v('IGNORECASE'), 0);
		this.ENVIRON = setNum(v('ENVIRON'), 0);
		this.NF.special = () => this.nfChanged();
		this.F0.special = () => {
			this.f0Split = false;
		};
		this.FS.special = () => {
			this.splitF0();
			this.fsplit = this.splitter(this.str(this.FS));
		};
		this.RS.special = () => {
			this.rsplit = this.splitter(this.str(this.RS));
		};
		this.IGNORECASE.special = () => {
			this.icase = isTrue(this.IGNORECASE);
		};
		this.stdin = {mode: 'r', pos: 0};
		this.streams.set('/dev/stdin', this.stdin);
		this.streams.set('/dev/stdout', {mode: 'w', pos: 0, to: 'out'});
		this.streams.set('/dev/stderr', {mode: 'w', pos: 0, to: 'err'});
		this.rand = glibcRandom(1);
	}

	global(name: string): Cell {
		let c = this.globals.get(name);
		if (!c) {
			c = new Cell();
			this.globals.set(name, c);
		}
		return c;
	}

	str(c: Cell): string {
		return toStr(c, () => this.str(this.CONVFMT));
	}

	error(msg: string): never {
		throw new AwkError(msg, this.line);
	}

	private steps = 0;

	/** Counts statements, loop rounds, calls and records: every 16 cost one shell step. */
	tick(): void {
		if (++this.steps >= 16) {
			this.steps = 0;
			this.p.tick();
		}
	}

	// --- regexes, splitting ------------------------------------------------------------------

	/** mk_splitter(): FS, RS and split()'s separator. */
	splitter(s: string): Splitter {
		if (s.length > 1) {
			awkRegex(s, true, false);
			return {re: s};
		}
		return {c: s};
	}

	/** as_regex(): a /literal/ node, or any expression's string as a dynamic regex. */
	asRegex(n: Node | null): AwkRegex {
		if (n?.t === 're') return awkRegex(n.name, true, this.icase);
		return awkRegex(this.str(this.evaluate(n)), false, this.icase);
	}

	/** awk_split(): the pieces of `s`, as busybox counts them. */
	split(s: string, spl: Splitter): string[] {
		const paragraph = this.str(this.RS) === '';
		if ('re' in spl) {
			if (s === '') return [];
			const re = awkRegex(spl.re, true, this.icase);
			const out: string[] = [];
			let n = 1;
			let pos = 0;
			do {
				let l = paragraph ? s.indexOf('\n', pos) : -1;
				if (l < 0) l = s.length;
				l -= pos;
				let m = execAt(re, s, pos);
				if (m && m.end === pos) {
					// regexec1_nonempty(): an empty separator at the start does not count
					let ofs = pos;
					m = null;
					while (++ofs < s.length) {
						const m2 = execAt(re, s, ofs);
						if (!m2) break;
						if (m2.end !== ofs) {
							m = m2;
							break;
						}
					}
				}
				let eo: number;
				if (m && m.start - pos <= l) {
					l = m.start - pos;
					eo = m.end - pos;
					n++;
				} else {
					eo = l;
					if (pos + l < s.length) eo++;
				}
				out.push(s.slice(pos, pos + l));
				pos += eo;
			} while (pos < s.length);
			// the last separator ends an empty field: "a--" split on "--" is 2 fields
			while (out.length < n) out.push('');
			return out.slice(0, n);
		}
		const c = spl.c;
		if (c === '') return [...s];
		if (c !== ' ') {
			if (s === '') return [];
			const seps = paragraph ? [c, '\n'] : [c];
			if (this.icase) seps.push(c.toUpperCase(), c.toLowerCase());
			const out: string[] = [];
			let start = 0;
			for (let i = 0; i < s.length; i++) {
				if (seps.includes(s[i])) {
					out.push(s.slice(start, i));
					start = i + 1;
				}
			}
			out.push(s.slice(start));
			return out;
		}
		// 1.35 splits on isspace(): \v, \f and \r separate fields too
		const out: string[] = [];
		const re = /[^ \t\n\v\f\r]+/g;
		for (let m = re.exec(s); m; m = re.exec(s)) out.push(m[0]);
		return out;
	}

	// --- fields ------------------------------------------------------------------------------

	/** fsrealloc(): NF fields exist; ones past it are cleared. */
	private setFieldCount(n: number): void {
		if (n > 0xffffff) throw new AwkDie('out of memory');
		if (n > this.fields.length) {
			this.p.tick(Math.ceil((n - this.fields.length) / 64));
			for (let i = this.fields.length; i < n; i++) {
				const c = new Cell();
				const idx = i;
				c.special = () => this.fieldChanged(idx);
				this.fields.push(c);
			}
		}
		for (let i = n; i < this.numFields; i++) {
			const c = this.fields[i];
			c.flags = DIRTY;
			c.str = null;
		}
		this.numFields = n;
	}

	splitF0(): void {
		if (this.f0Split) return;
		this.f0Split = true;
		this.setFieldCount(0);
		const parts = this.split(this.str(this.F0), this.fsplit);
		this.setFieldCount(parts.length);
		for (let i = 0; i < parts.length; i++) {
			const c = this.fields[i];
			c.flags = DIRTY | USER;
			c.str = parts[i];
		}
		this.NF.flags = NUMBER;
		this.NF.str = null;
		this.NF.num = parts.length;
	}

	field(i: number): Cell {
		if (i < 0) this.error('Access to negative field');
		if (i === 0) return this.F0;
		this.splitF0();
		if (i > this.numFields) this.setFieldCount(i);
		return this.fields[i - 1];
	}

	private fieldChanged(idx: number): void {
		const n = toCInt(toNum(this.NF));
		setNum(this.NF, n > idx ? n : idx + 1);
	}

	private nfChanged(): void {
		const n = toCInt(toNum(this.NF));
		if (n < 0) this.error('NF set to negative value');
		this.setFieldCount(n);
		const sep = this.str(this.OFS);
		let b = '';
		for (let i = 0; i < n; i++) b = checkLen(b + (i ? sep : '') + this.str(this.fields[i]));
		setStr(this.F0, b);
		this.f0Split = true;
	}

	// --- evaluation --------------------------------------------------------------------------

	private nextArg(n: Node | null): [Node | null, Node | null] {
		if (n && n.t === 'comma') return [n.l, n.r];
		return [n, null];
	}

	/** The argument nodes of a call or builtin (busybox's nextarg() walk). */
	args(n: Node | null): Node[] {
		const out: Node[] = [];
		while (n) {
			const [a, rest] = this.nextArg(n);
			out.push(a!);
			n = rest;
		}
		return out;
	}

	ptest(n: Node | null): boolean {
		return isTrue(this.evaluate(n));
	}

	evaluate(op: Node | null): Cell {
		if (!op) return strCell('');
		this.line = op.line;
		switch (op.t) {
			case 'const':
				return op.cell!;
			case 'var':
			case 'arg': {
				const sub = op.sub ? this.str(this.evaluate(op.sub)) : undefined;
				const base = op.t === 'var' ? op.cell! : this.fnargs[op.idx];
				if (base === this.NF) this.splitF0();
				return sub === undefined ? base : arrayOf(base).find(sub);
			}
			case 're':
				return numCell(awkRegex(op.name, true, this.icase).test(this.str(this.F0)) ? 1 : 0);
			case 'field': {
				const r = this.evaluate(op.r);
				return this.field(toCInt(toNum(r)));
			}
			case 'preinc':
			case 'postinc':
			case 'unary': {
				const r = this.evaluate(op.r);
				let rd = toNum(r);
				let ld = rd;
				if (op.t === 'unary') {
					if (op.op === '!') ld = isTrue(r) ? 0 : 1;
					else if (op.op === '-') ld = -rd;
				} else {
					rd += op.op === '++' ? 1 : -1;
					if (op.t === 'preinc') ld = rd;
					setNum(r, rd);
				}
				return numCell(ld);
			}
			case 'binary':
			case 'replace': {
				const l = this.evaluate(op.l);
				let ld = toNum(l);
				const rd = toNum(this.evaluate(op.r));
				switch (op.op) {
					case '+': ld += rd; break;
					case '-': ld -= rd; break;
					case '*': ld *= rd; break;
					case '/':
						if (rd === 0) this.error('Division by zero');
						ld /= rd;
						break;
					case '%':
						if (rd === 0) this.error('Division by zero');
						ld -= toLongLong(ld / rd) * rd;
						break;
					case '^':
						if (!LIBM) this.error('Math support is not compiled in');
						ld = ld ** rd;
						break;
				}
				return op.t === 'binary' ? numCell(ld) : setNum(l, ld);
			}
			case 'compare': {
				const l = this.evaluate(op.l);
				const r = this.evaluate(op.r);
				let d: number;
				if (isNumeric(l) && isNumeric(r)) d = toNum(l) - toNum(r);
				else d = strcmp(this.str(l), this.str(r), this.icase);
				// as busybox: < is !(d >= 0), so a NaN operand makes <, <= and != true
				let res: boolean;
				switch (op.op) {
					case '<': res = !(d >= 0); break;
					case '<=': res = !(d > 0); break;
					case '>': res = d > 0; break;
					case '>=': res = d >= 0; break;
					case '==': res = d === 0; break;
					default: res = !(d === 0);
				}
				return numCell(res ? 1 : 0);
			}
			case 'match': {
				const s = this.str(this.evaluate(op.l));
				const hit = this.asRegex(op.r).test(s);
				return numCell(hit !== (op.op === '!~') ? 1 : 0);
			}
			case 'land': {
				const l = this.evaluate(op.l);
				return numCell(isTrue(l) && this.ptest(op.r) ? 1 : 0);
			}
			case 'lor': {
				const l = this.evaluate(op.l);
				return numCell(isTrue(l) || this.ptest(op.r) ? 1 : 0);
			}
			case 'ternary': {
				const l = this.evaluate(op.l);
				if (op.r?.t !== 'colon') this.error('Possible syntax error');
				return this.evaluate(isTrue(l) ? op.r.l : op.r.r);
			}
			case 'in': {
				const l = this.evaluate(op.l);
				const r = this.evaluate(op.r);
				return numCell(arrayOf(r).has(this.str(l)) ? 1 : 0);
			}
			case 'comma':
			case 'concat': {
				const l = this.evaluate(op.l);
				const rs = this.str(this.evaluate(op.r));
				const ls = this.str(l);
				return strCell(checkLen(ls + (op.t === 'comma' ? this.str(this.SUBSEP) : '') + rs));
			}
			case 'move': {
				const l = this.evaluate(op.l);
				const r = this.evaluate(op.r);
				return copyCell(l, r);
			}
			case 'func':
				return this.call(op);
			case 'builtin':
			case 'length':
				return callBuiltin(this, op);
			case 'getline':
				return this.getline(op);
			case 'pgetline':
				return this.pipeGetline(op);
			default:
				this.error('Possible syntax error');
		}
	}

	/**
	 * popen() + pclose() of `sh -c CMD`: the command runs to its end with `input` as its stdin,
	 * its output captured (`capture`) or on awk's stdout. Returns its exit status, or undefined
	 * where no shell can run it.
	 */
	runCommand(cmd: string, input?: string, capture?: (s: string) => void): number | undefined {
		if (!this.p.execvp) {
			this.notSimulated();
			return undefined;
		}
		const r = this.p.execvp(['sh', '-c', cmd], {input, output: capture});
		return typeof r === 'number' ? r : 127;
	}

	/** `"cmd" | getline [var]`: the command's output, a record at a time (NR and FNR stay). */
	private pipeGetline(op: Node): Cell {
		const cmd = this.str(this.evaluate(op.l));
		const target = op.r ? this.evaluate(op.r) : this.F0;
		let st = this.streams.get(cmd);
		if (!st) {
			let data = '';
			const status = this.runCommand(cmd, undefined, s => {
				data += s;
			});
			if (status === undefined) {
				setNum(this.ERRNO, 0);
				return numCell(-1);
			}
			st = {mode: 'r', pos: 0, data, status};
			this.streams.set(cmd, st);
		}
		if (st.mode !== 'r') {
			setNum(this.ERRNO, 9);
			return numCell(-1);
		}
		return numCell(this.readRecord(st, target));
	}

	notSimulated(): void {
		if (this.warnedCommands) return;
		this.warnedCommands = true;
		this.p.err(`awk: ${NOT_SIMULATED}\n`);
	}

	private call(op: Node): Cell {
		const f = this.funcs.get(op.name);
		if (!f?.defined) this.error('Call to undefined function');
		this.tick();
		const argvars: Cell[] = [];
		for (let i = 0; i < f.nargs; i++) argvars.push(new Cell());
		let i = 0;
		for (const a of this.args(op.l)) {
			const arg = this.evaluate(a);
			if (i === f.nargs) {
				// busybox clears an argument the function has no parameter for
				arg.flags = DIRTY;
				arg.str = null;
				continue;
			}
			copyCell(argvars[i], arg);
			argvars[i].parent = arg;
			i++;
		}
		const saveArgs = this.fnargs;
		const saveProg = this.progname;
		this.fnargs = argvars;
		let res: Cell;
		try {
			res = this.run(f.body, true) ?? strCell('');
		} finally {
			this.fnargs = saveArgs;
			this.progname = saveProg;
		}
		return res;
	}

	// --- statements --------------------------------------------------------------------------

	private returned: Cell | undefined;

	/** Runs a function body (returns its value) or a BEGIN/END/main sequence. */
	run(stmts: Stmt[], isFunc = false): Cell | undefined {
		this.returned = undefined;
		this.block(stmts);
		const r = this.returned;
		this.returned = undefined;
		return isFunc ? r : undefined;
	}

	private block(stmts: Stmt[]): Signal {
		for (const s of stmts) {
			const sig = this.stmt(s);
			if (sig) return sig;
		}
		return undefined;
	}

	private loopBody(body: Stmt[]): 'break' | 'return' | undefined {
		this.tick();
		const sig = this.block(body);
		if (sig === 'break' || sig === 'return') return sig;
		return undefined;
	}

	private stmt(s: Stmt): Signal {
		this.tick();
		this.progname = s.src;
		this.line = s.line;
		switch (s.k) {
			case 'expr':
				this.evaluate(s.e);
				return undefined;
			case 'rule':
				if (s.pattern === null || this.matchRule(s.pattern)) return this.block(s.body);
				return undefined;
			case 'if':
				return this.block(this.ptest(s.cond) ? s.then : s.else ?? []);
			case 'while':
				while (this.ptest(s.cond)) {
					const sig = this.loopBody(s.body);
					if (sig === 'break') break;
					if (sig) return sig;
				}
				return undefined;
			case 'do':
				do {
					const sig = this.loopBody(s.body);
					if (sig === 'break') break;
					if (sig) return sig;
				} while (this.ptest(s.cond));
				return undefined;
			case 'for':
				for (this.evaluate(s.init); s.cond === null || this.ptest(s.cond); this.evaluate(s.incr)) {
					const sig = this.loopBody(s.body);
					if (sig === 'break') break;
					if (sig) return sig;
				}
				return undefined;
			case 'forin': {
				const v = this.evaluate(s.v);
				const keys = arrayOf(this.evaluate(s.arr)).keys();
				for (const k of keys) {
					setStr(v, k);
					const sig = this.loopBody(s.body);
					if (sig === 'break') break;
					if (sig) return sig;
				}
				return undefined;
			}
			case 'print':
			case 'printf':
				this.print(s);
				return undefined;
			case 'break':
			case 'continue':
				return s.k;
			case 'next':
			case 'nextfile':
				throw new NextRecord(s.k === 'nextfile');
			case 'return':
				this.returned = copyCell(new Cell(), this.evaluate(s.e));
				return 'return';
			case 'exit': {
				const code = toNum(this.evaluate(s.e));
				if (s.e) this.exitcode = toCInt(code) & 0xff;
				throw new AwkExit();
			}
			case 'delete':
				this.delete(s.e!);
				return undefined;
		}
	}

	private matchRule(pattern: Node): boolean {
		if (pattern.t !== 'comma') return this.ptest(pattern);
		// a range: on from a record matching the first pattern through one matching the second
		if (pattern.checked || this.ptest(pattern.l)) {
			pattern.checked = !this.ptest(pattern.r);
			return true;
		}
		return false;
	}

	private delete(e: Node): void {
		if (e.t !== 'var' && e.t !== 'arg') this.error('Not an array');
		const base = e.t === 'var' ? e.cell! : this.fnargs[e.idx];
		if (e.sub) {
			const k = this.str(this.evaluate(e.sub));
			arrayOf(base).remove(k);
		} else arrayOf(base).clear();
	}

	// --- output ------------------------------------------------------------------------------

	private print(s: Extract<Stmt, {k: 'print' | 'printf'}>): void {
		let dest: Stream | undefined;
		if (s.dest !== undefined) {
			const name = this.str(this.evaluate(s.dest));
			dest = this.outStream(name, s.redir!);
		}
		if (s.k === 'printf') {
			this.write(dest, awkPrintf(this, s.args));
			return;
		}
		// print's pieces go to a stdio buffer as they are evaluated: if a later argument
		// stops awk (division by zero...), what was already printed still comes out
		let text = '';
		try {
			if (!s.args) text = this.str(this.F0);
			else {
				let n: Node | null = s.args;
				for (;;) {
					const [a, rest] = this.nextArg(n);
					const v = this.evaluate(a);
					text += v.flags & NUMBER ? fmtNum(this.str(this.OFMT), toNum(v)) : this.str(v);
					n = rest;
					if (!n) break;
					text += this.str(this.OFS);
					checkLen(text);
				}
			}
			text = checkLen(text + this.str(this.ORS));
		} catch (e) {
			if (text && !(e instanceof RangeError)) this.write(dest, text);
			throw e;
		}
		this.write(dest, text);
	}

	private write(dest: Stream | undefined, text: string): void {
		if (!dest || dest.to === 'out') this.p.out(text);
		else if (dest.to === 'err') this.p.err(text);
		else if (dest.file) dest.file.write(text);
		else if (dest.command !== undefined) dest.data += text;
	}

	private outStream(name: string, redir: string): Stream {
		let st = this.streams.get(name);
		if (st) return st;
		if (redir === '|') {
			// what is written waits for the command, which runs when the pipe is closed
			st = {mode: 'pipe', pos: 0, command: name, data: ''};
		} else {
			const f = name === '' ? 'ENOENT' : this.p.vfs.open(this.p.abs(name), {write: true, create: true, truncate: redir === '>', append: redir === '>>'});
			if (typeof f === 'string') throw new AwkDie(`can't open '${name}': ${strerror[f]}`);
			st = {mode: 'w', pos: 0, file: f};
		}
		this.streams.set(name, st);
		return st;
	}

	/**
	 * close(): 0 for files (and names never opened), as busybox 1.35 returns; for a pipe
	 * pclose()'s wait status (exit status << 8): a `print | "cmd"` pipe's command runs now.
	 */
	close(name: string): number {
		const st = this.streams.get(name);
		if (!st) return 0;
		st.file?.close();
		this.streams.delete(name);
		if (st.command !== undefined) return (this.runCommand(st.command, st.data) ?? 0) << 8;
		if (st.status !== undefined) return st.status << 8;
		return 0;
	}

	/** At exit every output pipe is closed: their commands run, in the order they were opened. */
	closePipes(): void {
		for (const [name, st] of [...this.streams]) if (st.command !== undefined) this.close(name);
	}

	// --- input -------------------------------------------------------------------------------

	private readAll(name: string): Stream {
		const f = name === '' ? 'ENOENT' : this.p.vfs.open(this.p.abs(name), {read: true});
		if (typeof f === 'string') return {mode: 'r', pos: 0, readErr: f};
		const data = f.read();
		f.close();
		if (isErrno(data)) return {mode: 'r', pos: 0, readErr: data};
		this.p.tick(Math.ceil(data.length / 65536));
		return {mode: 'r', pos: 0, data};
	}

	private stdinData(): Stream {
		if (this.p.console && this.stdin.data === undefined) this.stdin.console = this.p.console;
		else this.stdin.data ??= this.p.stdin();
		return this.stdin;
	}

	/** next_input_file(): the next ARGV operand that is not a var=value assignment, or stdin. */
	nextInputFile(): boolean {
		this.input = undefined;
		for (;;) {
			this.argind++;
			if (this.argind >= toNum(this.ARGC)) {
				if (this.inputSeen) return false;
				this.input = this.stdinData();
				setStr(this.FILENAME, '-');
				break;
			}
			const fname = this.str(arrayOf(this.ARGV).find(String(this.argind)));
			if (fname === '') continue;
			if (this.assign(fname)) continue;
			if (fname === '-') this.input = this.stdinData();
			else {
				this.input = this.readAll(fname);
				if (this.input.readErr && this.input.readErr !== 'EISDIR') throw new AwkDie(`${fname}: ${strerror[this.input.readErr]}`);
			}
			setNum(this.ARGIND, this.argind);
			setStr(this.FILENAME, fname);
			break;
		}
		this.inputSeen = true;
		return true;
	}

	/** Whether the command line's operands leave awk reading stdin: none names a file, or one is `-`. */
	private operandsReadStdin(): boolean {
		const names: string[] = [];
		for (let i = 1; i < toNum(this.ARGC); i++) {
			const a = this.str(arrayOf(this.ARGV).find(String(i)));
			if (a !== '' && !ASSIGNMENT.test(a)) names.push(a);
		}
		return names.length === 0 || names.includes('-');
	}

	/** is_assignment(): `name=value` sets a variable (the value's escapes are processed). */
	assign(expr: string): boolean {
		const m = ASSIGNMENT.exec(expr);
		if (!m) return false;
		setUser(this.global(m[0].slice(0, -1)), unescape(expr.slice(m[0].length)));
		return true;
	}

	/** awk_getline(): the next record of `st` into `v`: 1, 0 at the end, -1 on a read error. */
	readRecord(st: Stream, v: Cell): number {
		let typed: {data: string; eof: boolean} | undefined;
		if (st.console) {
			typed = st.console.peek();
			st.data = typed.data;
			st.pos = 0;
		}
		if (st.readErr || st.data === undefined) {
			setNum(this.ERRNO, ERRNO_NUM[st.readErr ?? 'EBADF'] ?? 5);
			return -1;
		}
		const data = st.data;
		if (st.pos >= data.length) {
			if (typed && !typed.eof) throw new NeedConsoleInput();
			return 0;
		}
		const rs = this.rsplit;
		let start = st.pos;
		let so: number;
		let eo: number;
		if ('re' in rs) {
			const m = execAt(awkRegex(rs.re, true, this.icase), data, start);
			if (m) {
				so = m.start;
				eo = m.end;
			} else so = eo = data.length;
		} else if (rs.c === '') {
			// paragraph mode: blank lines separate records, leading newlines are skipped
			while (data[start] === '\n') start++;
			const at = data.indexOf('\n\n', start);
			if (at >= 0) {
				so = at;
				eo = at;
				while (data[eo] === '\n') eo++;
			} else so = eo = data.length;
		} else {
			const at = data.indexOf(rs.c, start);
			if (at >= 0) {
				so = at;
				eo = at + 1;
			} else so = eo = data.length;
		}
		if (typed && !typed.eof) {
			// read(2) of the tty returns what was typed: a record not ended yet (or a separator
			// that more input could extend) waits for the next line
			if (so === data.length || (!('c' in rs && rs.c !== '') && eo === data.length)) throw new NeedConsoleInput();
		}
		setUser(v, data.slice(start, so));
		setStr(this.RT, data.slice(so, eo));
		st.pos = eo;
		st.console?.take(eo);
		return 1;
	}

	private getline(op: Node): Cell {
		const l = this.evaluate(op.l);
		const target = op.r ? this.evaluate(op.r) : this.F0;
		let st: Stream | undefined;
		if (op.l) {
			const name = this.str(l);
			st = this.streams.get(name);
			if (st === this.stdin) st = this.stdinData();
			else if (!st || (st.mode === 'r' && st.readErr && st.readErr !== 'EISDIR')) {
				st = this.readAll(name);
				this.streams.set(name, st);
			}
			if (st.mode !== 'r') {
				setNum(this.ERRNO, 9);
				return numCell(-1);
			}
		} else {
			if (!this.input) this.nextInputFile();
			st = this.input;
			if (!st) {
				setNum(this.ERRNO, 0);
				return numCell(-1);
			}
		}
		const i = this.readRecord(st, target);
		if (i > 0 && !op.l) {
			setNum(this.FNR, toNum(this.FNR) + 1);
			setNum(this.NR, toNum(this.NR) + 1);
		}
		return numCell(i);
	}

	// --- the main loop -----------------------------------------------------------------------

	private runSeq(stmts: Stmt[]): void {
		try {
			this.run(stmts);
		} catch (e) {
			if (!(e instanceof NextRecord)) throw e;
		}
	}

	/** BEGIN, the records of every input file through the rules, END. Returns the exit status. */
	main(): number {
		if (this.p.console && hasEffects(this.prog) && readsInput(this.prog) && this.operandsReadStdin()) this.stdin.data = this.p.stdin();
		try {
			this.runSeq(this.prog.begin);
			if (this.prog.main.length || this.prog.end.length) {
				if (!this.input) this.nextInputFile();
				while (this.input) {
					setNum(this.FNR, 0);
					let i: number;
					for (;;) {
						i = this.readRecord(this.input, this.F0);
						if (i <= 0) break;
						this.tick();
						setNum(this.NR, toNum(this.NR) + 1);
						setNum(this.FNR, toNum(this.FNR) + 1);
						try {
							this.run(this.prog.main);
						} catch (e) {
							if (!(e instanceof NextRecord)) throw e;
							if (e.file) break;
						}
					}
					if (i < 0) this.error(strerror[this.input.readErr ?? 'EIO']);
					if (!this.nextInputFile()) break;
				}
			}
		} catch (e) {
			if (!(e instanceof AwkExit)) throw e;
		}
		return this.exit();
	}

	/** awk_exit(): END runs once, even after `exit` in BEGIN or a rule; then the pipes close. */
	exit(): number {
		if (!this.exiting) {
			this.exiting = true;
			try {
				this.runSeq(this.prog.end);
			} catch (e) {
				if (!(e instanceof AwkExit)) throw e;
			}
			this.closePipes();
		}
		return this.exitcode;
	}
}

/** strcmp()/strcasecmp() of byte strings (C locale). */
function strcmp(a: string, b: string, icase: boolean): number {
	if (icase) {
		a = a.toLowerCase();
		b = b.toLowerCase();
	}
	return a < b ? -1 : a > b ? 1 : 0;
}

/** glibc's random() (TYPE_3, the generator behind rand()) seeded like srand(seed). */
export function glibcRandom(seed: number): () => number {
	if (seed === 0) seed = 1;
	const state: number[] = [seed | 0];
	let word = seed | 0;
	for (let i = 1; i < 31; i++) {
		// word = 16807 * word % 2147483647, computed as glibc does (Schrage's method)
		const hi = Math.trunc(word / 127773);
		const lo = word % 127773;
		word = 16807 * lo - 2836 * hi;
		if (word < 0) word += 2147483647;
		state.push(word | 0);
	}
	let f = 3;
	let b = 0;
	const step = (): number => {
		state[f] = (state[f] + state[b]) | 0;
		const out = state[f] >>> 1;
		f = (f + 1) % 31;
		b = (b + 1) % 31;
		return out;
	};
	for (let i = 0; i < 310; i++) step();
	return step;
}
