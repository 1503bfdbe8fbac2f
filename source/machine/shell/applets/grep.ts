import {isErrno, strerror} from '../../errno.js';
import {NeedConsoleInput, type Proc, type Program} from '../proc.js';
import {awkMain} from './awk.js';
import {PosixRegex, RE_SYNTAX_EGREP, RE_SYNTAX_GREP} from '../posix-regex.js';
import {argvOnly, BadNumber, bbShowUsage, getopt32, xatoiPositive} from '../getopt.js';
import {sed} from './sed.js';
import {openPath, StdioOut, statPath} from './stdio.js';

/**
 * busybox 1.35 `findutils/grep.c` (grep, egrep, fgrep) as Debian builds it: CONFIG_EXTRA_COMPAT
 * (GNU re_search with RE_SYNTAX_GREP / RE_SYNTAX_EGREP, -z) and FEATURE_GREP_CONTEXT (-A -B -C).
 * sed lives in sed.ts, the regular expressions in ../posix-regex.ts.
 */



/** exit(): -q's early success, or a die with its status. */
class GrepExit {
	constructor(readonly status: number, readonly msg?: string) {}
}

interface Pattern {
	pattern: string;
	compiled?: PosixRegex;
	/** matched_range: kept across lines and files, as the C struct is. */
	so: number;
	eo: number;
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

class Grep {
	flags = new Set<string>();
	patterns: Pattern[] = [];
	maxMatches = 0;
	linesBefore = 0;
	linesAfter = 0;
	invert = false;
	printFilename = false;
	openErrors = false;
	extended = false;
	private didPrintLine = false;
	private lastLinePrinted = 0;
	private beforeBuf: (string | null)[] = [];
	private curFile = '';
	private stdinUsed = false;

	constructor(private readonly p: Proc, private readonly out: StdioOut) {}

	has(f: string): boolean {
		return this.flags.has(f);
	}

	allocBefore(): void {
		this.beforeBuf = new Array<string | null>(Math.min(this.linesBefore, 1 << 16)).fill(null);
		this.linesBefore = this.beforeBuf.length;
	}

	readStdin(): string {
		if (this.stdinUsed) return '';
		this.stdinUsed = true;
		return this.p.stdin();
	}

	/** print_line() */
	private printLine(line: string, linenum: number, deco: string): void {
		if (linenum < 1) return;
		let s = '';
		if ((this.linesBefore || this.linesAfter) && this.didPrintLine && this.lastLinePrinted !== linenum - 1) s += '--\n';
		this.didPrintLine = true;
		this.lastLinePrinted = linenum;
		if (this.printFilename) s += this.curFile + deco;
		if (this.has('n')) s += String(linenum) + deco;
		// GNU grep's -ov prints the prefixes alone
		if (!(this.has('v') && this.has('o'))) s += line + (this.has('z') ? '\0' : '\n');
		this.out.write(s);
	}

	private compile(gl: Pattern): PosixRegex {
		if (!gl.compiled) {
			const re = PosixRegex.compile(gl.pattern, this.extended ? RE_SYNTAX_EGREP : RE_SYNTAX_GREP, this.has('i'), true);
			if (typeof re === 'string') throw new GrepExit(2, `bad regex '${gl.pattern}'`);
			gl.compiled = re;
		}
		return gl.compiled;
	}

	/** The -F search of one pattern in one line. */
	private fixedFound(gl: Pattern, line: string): boolean {
		const nul = line.indexOf('\0');
		const text = nul >= 0 ? line.slice(0, nul) : line;
		const icase = this.has('i');
		const hay = icase ? text.toLowerCase() : text;
		const pat = icase ? gl.pattern.toLowerCase() : gl.pattern;
		let str = 0;
		for (;;) {
			if (str > hay.length) return false;
			const match = hay.indexOf(pat, str);
			if (match < 0) return false;
			if (this.has('x')) return match === str && str + pat.length === hay.length;
			if (!this.has('w')) return true;
			let c: string | undefined = match !== 0 ? text[match - 1] : ' ';
			if (!isWordChar(c)) {
				c = text[match + pat.length];
				if (c === undefined || !isWordChar(c)) return true;
			}
			str = match + 1;
		}
	}

	/** The regex search of one pattern in one line (-x, -w included); sets the pattern's range. */
	private regexFound(gl: Pattern, line: string): boolean {
		const re = this.compile(gl);
		let start = 0;
		for (;;) {
						const m = re.exec(line, start);
			if (!m) return false;
			gl.so = m.start;
			gl.eo = m.end;
			if (this.has('x')) return m.start === 0 && (m.end >= line.length || line[m.end] === '\0');
			if (!this.has('w')) return true;
			let c: string | undefined = m.start !== 0 ? line[m.start - 1] : ' ';
			if (!isWordChar(c)) c = line[m.end];
			if (!isWordChar(c)) return true;
			if (m.end > start) start = m.end;
			else return false;
		}
	}

	/** Whether grep_file() counts this line (a pattern found, or none with -v). */
	countsLine(line: string): boolean {
		for (const gl of this.patterns) {
			if (this.has('F') ? this.fixedFound(gl, line) : this.regexFound(gl, line)) return !this.invert;
		}
		return this.invert;
	}

	/**
	 * grep_file(): true when the file "matched" (for the exit status). `partial`: the lines typed
	 * on the console so far, more to come: undefined when grep read them all and goes on
	 * reading (what it printed of them stands; the end-of-file counts wait).
	 */
	grepFile(data: string): boolean;
	grepFile(data: string, partial: true): boolean | undefined;
	grepFile(data: string, partial = false): boolean | undefined {
		const delim = this.has('z') ? '\0' : '\n';
		const lines = data.split(delim);
		if (lines[lines.length - 1] === '') lines.pop();
		if (partial && lines.length === 0) return undefined;
		let linenum = 0;
		let nmatches = 0;
		let printAfter = 0;
		let curpos = 0;
		const lb = this.linesBefore;
		this.p.tick(Math.ceil(lines.length / 100));
		for (const line of lines) {
			linenum++;
			let found = false;
			let gl = this.patterns[0];
			for (gl of this.patterns) {
				found = this.has('F') ? this.fixedFound(gl, line) : this.regexFound(gl, line);
				if (found) break;
			}
			if (found !== this.invert) {
				nmatches++;
				if (this.has('q') || this.has('l') || this.has('L')) {
					if (this.has('q')) throw new GrepExit(0);
					if (this.has('l')) {
						this.out.write(`${this.curFile}\n`);
						return true;
					}
					return false;
				}
				if (this.has('m') && nmatches > this.maxMatches) break;
				if (!this.has('c')) {
					const prevpos = curpos === 0 ? lb - 1 : curpos - 1;
					if (lb && this.beforeBuf[prevpos] !== null) {
						let first = linenum - lb;
						let idx = curpos;
						while (this.beforeBuf[idx] === null) {
							idx = (idx + 1) % lb;
							first++;
						}
						for (let b = this.beforeBuf[idx]; b !== null; b = this.beforeBuf[idx]) {
							this.printLine(b, first, '-');
							this.beforeBuf[idx] = null;
							idx = (idx + 1) % lb;
							first++;
						}
					}
					printAfter = this.linesAfter;
					if (this.has('o')) {
						if (this.has('F')) {
							if (found) this.printLine(gl.pattern, linenum, ':');
						} else {
							for (;;) {
																const start = gl.so;
								let end = gl.eo;
								const len = end - start;
								// an empty match is not printed: `echo test | grep -o ''`
								if (len !== 0) this.printLine(line.slice(start, end), linenum, ':');
								if (end >= line.length || line[end] === '\0') break;
								if (len === 0) end++;
								const m = this.compile(gl).exec(line, end);
								if (!m) break;
								gl.so = m.start;
								gl.eo = m.end;
							}
						}
					} else {
						this.printLine(line, linenum, ':');
					}
				}
			} else if (printAfter) {
				this.printLine(line, linenum, '-');
				printAfter--;
			} else if (lb) {
				this.beforeBuf[curpos] = line;
				curpos = (curpos + 1) % lb;
			}
			if (this.has('m') && !printAfter && nmatches === this.maxMatches) break;
			if (partial && linenum === lines.length) return undefined;
		}
		if (this.has('c')) this.out.write(`${this.printFilename ? `${this.curFile}:` : ''}${nmatches}\n`);
		if (this.has('L')) {
			this.out.write(`${this.curFile}\n`);
			return true;
		}
		return nmatches !== 0;
	}

	private perror(name: string, e: keyof typeof strerror): void {
		this.out.err(`${this.p.name}: ${name}: ${strerror[e]}\n`);
	}

	/** fopen + grep_file for one named file; false when it could not be opened. */
	grepNamed(name: string): boolean | null {
		const f = openPath(this.p, name, {read: true});
		if (isErrno(f)) {
			if (!this.has('s')) this.perror(name, f);
			this.openErrors = true;
			return null;
		}
		const data = f.read();
		f.close();
		this.curFile = name;
		// reading a directory (or a failing sysfs show) ends the file at once, silently
		return this.grepFile(isErrno(data) ? '' : data);
	}

	grepStdin(): boolean {
		this.curFile = '(standard input)';
		// The console: each line is matched (and printed, stdout being line buffered) as it is
		// typed, and -q, -l and -m end grep at the line that decides, as on a tty.
		const con = this.stdinUsed || this.has('z') ? undefined : this.p.console;
		const typed = con?.peek();
		if (con && typed && !typed.eof) {
			let r: boolean | undefined;
			try {
				r = this.grepFile(typed.data, true);
			} catch (e) {
				if (e instanceof GrepExit) con.take();
				throw e;
			}
			if (r === undefined) throw new NeedConsoleInput();
			this.stdinUsed = true;
			con.take();
			return r;
		}
		return this.grepFile(this.readStdin());
	}

	/** recursive_action(dir, ACTION_RECURSE | ACTION_FOLLOWLINKS_L0 | ACTION_DEPTHFIRST [| ACTION_FOLLOWLINKS]) */
	grepDir(path: string, depth = 0): boolean {
		this.p.tick();
		const follow = depth === 0 || this.has('R');
		const st = this.p.vfs.stat(this.p.abs(path), follow);
		if (isErrno(st)) {
			this.perror(path, st);
			return false;
		}
		if (st.type !== 'dir') {
			// file_action_grep
			if (st.type === 'symlink') {
				const target = this.p.vfs.stat(this.p.abs(path), true);
				if (isErrno(target)) {
					if (!this.has('s')) this.perror(path, target);
					return false;
				}
				if (target.type === 'dir') return false;
			}
			return this.grepNamed(path) ?? false;
		}
		const names = this.p.vfs.readdir(this.p.abs(path));
		if (isErrno(names)) {
			this.perror(path, names);
			return false;
		}
		let matched = false;
		for (const n of names) {
			if (n === '.' || n === '..') continue;
			if (this.grepDir(path.endsWith('/') ? path + n : `${path}/${n}`, depth + 1)) matched = true;
		}
		return matched;
	}
}

/** grep's getopt32long(), -m/-A/-B/-C read by xatoi_positive() as they come (status 2 on a bad one). */
function grepOptions(p: Proc, applet: 'grep' | 'egrep' | 'fgrep'): ReturnType<typeof getopt32> {
	return getopt32(p, {
		opts: 'lnqvscFiHhe:*f:*LorRm:+wxA:+B:+C:+EzaI\xff::',
		applet,
		status: 2,
		longs: {color: '\xff'},
		each: (name, arg) => {
			if (!'mABC'.includes(name)) return undefined;
			const n = xatoiPositive(arg ?? '');
			if (!(n instanceof BadNumber)) return undefined;
			p.err(`${applet}: ${n.message}\n`);
			return 2;
		},
	});
}

function grepWith(applet: 'grep' | 'egrep' | 'fgrep'): Program {
	return p => {
		const out = new StdioOut(p);
		const g = new Grep(p, out);
		// egrep and fgrep have no usage text of their own (NOUSAGE_STR): `No help available`
		const o = grepOptions(p, applet);
		if (typeof o === 'number') return o;
		const ePatterns: string[] = [];
		const fFiles: string[] = [];
		let copt = 0;
		for (const [name, value] of o.seq) {
			const arg = value ?? '';
			if (name === 'e') ePatterns.push(arg);
			else if (name === 'f') fFiles.push(arg);
			else if (name === 'm') g.maxMatches = Number(arg);
			else if (name === 'A') g.linesAfter = Number(arg);
			else if (name === 'B') g.linesBefore = Number(arg);
			else if (name === 'C') {
				copt = Number(arg);
				// "C-AB": -C clears earlier -A and -B
				g.flags.delete('A');
				g.flags.delete('B');
			}
			// "H-h": -H clears an earlier -h
			if (name === 'H') g.flags.delete('h');
			if (name !== '\xff') g.flags.add(name);
		}
		if (g.has('C')) {
			if (!g.has('A')) g.linesAfter = copt;
			if (!g.has('B')) g.linesBefore = copt;
		}
		if (g.has('c') || g.has('q') || g.has('l') || g.has('L')) {
			g.flags.delete('n');
			g.linesBefore = 0;
			g.linesAfter = 0;
		} else if (g.linesBefore > 0) {
			g.allocBefore();
		}
		g.invert = g.has('v');
		// pattern lists are built by prepending: the last pattern given is tried first
		const add = (pattern: string) => g.patterns.unshift({pattern, so: 0, eo: 0});
		for (const e of ePatterns) for (const piece of e.split('\n')) add(piece);
		try {
			try {
				if (g.has('f')) {
					for (const f of fFiles) {
						let data: string;
						if (f === '-') {
							data = g.readStdin();
						} else {
							const h = openPath(p, f, {read: true});
							if (isErrno(h)) throw new GrepExit(2, `${f}: ${strerror[h]}`);
							const d = h.read();
							h.close();
							data = isErrno(d) ? '' : d;
						}
						const lines = data.split('\n');
						if (lines[lines.length - 1] === '') lines.pop();
						for (const line of lines) add(line);
					}
					if (g.patterns.length === 0) {
						// -f EMPTY_FILE: nothing matches (every line with -x)
						add(g.has('x') ? '.*' : '');
						g.invert = !g.invert;
					}
				}
				if (applet === 'fgrep') g.flags.add('F');
				g.extended = applet === 'egrep' || g.has('E');
				const args = o.args;
				if (g.patterns.length === 0) {
					if (args.length === 0) return bbShowUsage(p, applet, 2);
					for (const piece of args.shift()!.split('\n')) add(piece);
				}
				if (args.length >= 2) g.printFilename = true;
				if (g.has('H')) g.printFilename = true;
				if (g.has('h')) g.printFilename = false;
				let matched = false;
				let i = 0;
				do {
					const cur = args[i];
					if (cur === undefined || cur === '-') {
						if (g.grepStdin()) matched = true;
						continue;
					}
					if (g.has('r') || g.has('R')) {
						const st = statPath(p, cur);
						if (!isErrno(st) && st.type === 'dir') {
							if (!g.has('h')) g.printFilename = true;
							if (g.grepDir(cur)) matched = true;
							continue;
						}
					}
					if (g.grepNamed(cur)) matched = true;
				} while (i < args.length && ++i < args.length);
				if (g.openErrors) return 2;
				return matched ? 0 : 1;
			} catch (e) {
				if (!(e instanceof GrepExit)) throw e;
				if (e.msg !== undefined) out.err(`${applet}: ${e.msg}\n`);
				return e.status;
			}
		} finally {
			out.flush();
		}
	};
}

/**
 * When `grep ARGS` reading a pipe stops on its own (for the pipeline that feeds it,
 * PipeSink.reader): the lines it counts before it exits, and the test of a line. grep_file()
 * ends at the first counted line with -q or -l, and with -m N at the N-th (no context lines are
 * asked for). Undefined where grep reads to the end of its input (no -q, -l, -m), where it reads
 * files, or where the options are not the plain ones (context, -f, -r, -z...).
 */
export function grepReadLimit(argv: readonly string[]): {lines: number; counts(line: string): boolean} | undefined {
	const applet = argv[0];
	if (applet !== 'grep' && applet !== 'egrep' && applet !== 'fgrep') return undefined;
	const o = grepOptions(argvOnly(argv), applet);
	// (the plain options only: no context, pattern files, recursion, NUL lines...)
	if (typeof o === 'number' || o.seq.some(([name]) => !'qlEiFwxvsnohHcme'.includes(name))) return undefined;
	const g = new Grep(undefined as unknown as Proc, undefined as unknown as StdioOut);
	for (const [name] of o.seq) g.flags.add(name);
	if (o.has('m')) g.maxMatches = Number(o.arg('m'));
	const patterns = o.list('e');
	const operands = [...o.args];
	if (!patterns.length) {
		const first = operands.shift();
		if (first === undefined) return undefined;
		patterns.push(first);
	}
	if (operands.length) return undefined;
	// (-m 0 stops after the first line, whatever it is: not modelled)
	const lines = g.has('q') || g.has('l') ? 1 : g.has('m') ? g.maxMatches : 0;
	if (!lines) return undefined;
	for (const e of patterns) for (const piece of e.split('\n')) g.patterns.unshift({pattern: piece, so: 0, eo: 0});
	if (applet === 'fgrep') g.flags.add('F');
	g.extended = applet === 'egrep' || g.has('E');
	g.invert = g.has('v');
	try {
		// (a pattern the regex compiler refuses: grep says so and reads nothing)
		g.countsLine('');
	} catch (e) {
		if (e instanceof GrepExit) return undefined;
		throw e;
	}
	return {lines, counts: line => g.countsLine(line)};
}

export const GREP_PROGRAMS: Record<string, Program> = {
	grep: grepWith('grep'),
	egrep: grepWith('egrep'),
	fgrep: grepWith('fgrep'),
	sed,
	awk: awkMain,
};

export type {Proc};
