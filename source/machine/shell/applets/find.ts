import {isErrno, strerror, type Errno} from '../../errno.js';
import type {Stat} from '../../vfs/types.js';
import {fnmatch} from '../glob.js';
import {findProgram} from '../path.js';
import {DEFAULT_PATH, exitStatus, readFile, type Proc, type Program} from '../proc.js';
import type {PosixRegex} from '../posix-regex.js';
import {BadRegex, xregcomp} from '../regex.js';
import {concatPath, encodeDev, fullStat} from './fsutils.js';
import {BadNumber, bbShowUsage, dashDashHelp, getopt32, xatouRange, type Opts} from '../getopt.js';

/**
 * findutils of busybox 1.35 as Debian builds them: find (findutils/find.c: OR-groups of
 * AND-ed actions, `!` inverts the next action, parentheses nest, options take effect
 * wherever they are; recursive_action() walks in readdir order without following symlinks)
 * and xargs. `-exec` and xargs run their command through {@link spawn}: the shell's own PATH
 * search (findProgram) and fork/exit, with the child's output on the caller's stdout.
 */


// ---------------------------------------------------------------- running a command

/**
 * spawn_and_wait() as find -exec and xargs use it: execvp() through the shell's PATH search,
 * fork() and the child's exit. Returns the child's exit status, or the errno execvp() failed
 * with. Run by the shell (Proc.execvp) where there is one; else only applets, not scripts.
 */
export function spawn(p: Proc, argv: string[]): number | Errno {
	// the shell's own execvp(): scripts and `sh -c` too
	if (p.execvp) return p.execvp(argv);
	const name = argv[0];
	const found = findProgram(p.vfs, p.env.get('PATH') ?? DEFAULT_PATH, p.cwd, name);
	if (found.kind === 'missing') return 'ENOENT';
	if (found.kind === 'error') return found.errno;
	if (found.kind === 'script') {
		p.err(`memhp: ${name}: running a shell script from ${p.name} is not simulated\n`);
		return 127;
	}
	if (!found.program) {
		p.err(`memhp: ${found.applet}: not simulated\n`);
		return 127;
	}
	const env = [...p.env].map(([k, v]) => `${k}=${v}`);
	const pid = p.sys.fork?.(argv, env);
	try {
		const child: Proc = {...p, name: found.applet, argv, env: p.env, stdin: () => ''};
		return exitStatus(found.program(child));
	} finally {
		if (pid !== undefined) p.sys.exit?.(pid);
	}
}

// ---------------------------------------------------------------- find

const TRUE = 1;
const SKIP = 2;

/** What an action sees of the current file. */
interface Entry {
	name: string;
	st: Stat;
	/** The stat(2) was followed (-L/-H): -inum and -samefile look at the target. */
	follow: boolean;
}

type ActionFn = (e: Entry) => number;
interface Action {
	f: ActionFn;
	invert: boolean;
	exec?: ExecAction;
}
interface ExecAction {
	argv: string[];
	plus: boolean;
	files: string[];
}

/** A find invocation's global state (busybox's G). */
interface FindState {
	p: Proc;
	groups: Action[][];
	needPrint: boolean;
	follow: 0 | 1 | 2; // 0 never, 1 command line only (-H), 2 always (-L)
	depthFirst: boolean;
	xdev: boolean;
	xdevDevs: number[];
	minDepth: number;
	maxDepth: number;
	status: number;
	quit: boolean;
	out: string[];
}

class FindError extends Error {
	constructor(message: string, readonly usage = false) {
		super(message);
	}
}

function die(msg: string): never {
	throw new FindError(msg);
}

/** xatoul()/xatoi_positive(): digits only (bb_strtou refuses signs and blanks); out of range is invalid too. */
function xatoul(s: string, max = Number.MAX_SAFE_INTEGER): number {
	if (!/^\d+$/.test(s)) die(`invalid number '${s}'`);
	const n = Number(s);
	if (n > max) die(`invalid number '${s}'`);
	return n;
}

function plusMinus(s: string): string {
	return s[0] === '-' || s[0] === '+' ? s.slice(1) : s;
}

/** bb_parse_mode() starting from mode 0: octal, or symbolic `[ugoa]*[+-=][rwxXst]*`, comma separated. */
export function parseMode(s: string, current = 0): number | undefined {
	if (/^[0-7]/.test(s)) {
		if (!/^[0-7]+$/.test(s)) return undefined;
		const n = parseInt(s, 8);
		return n > 0o7777 ? undefined : n;
	}
	let mode = current;
	for (const clause of s.split(',')) {
		const m = /^([ugoa]*)([-+=][rwxXst]*)+$/.exec(clause);
		if (!m) return undefined;
		let who = 0;
		for (const c of m[1]) who |= {u: 0o4700, g: 0o2070, o: 0o1007, a: 0o7777}[c as 'u' | 'g' | 'o' | 'a'];
		if (!m[1]) who = 0o7777;
		for (const op of clause.slice(m[1].length).match(/[-+=][rwxXst]*/g) ?? []) {
			let bits = 0;
			for (const c of op.slice(1)) {
				bits |= {r: 0o444, w: 0o222, x: 0o111, X: 0o111, s: 0o6000, t: 0o1000}[c as 'r' | 'w' | 'x' | 'X' | 's' | 't'];
			}
			bits &= who;
			if (op[0] === '+') mode |= bits;
			else if (op[0] === '-') mode &= ~bits;
			else mode = (mode & ~who) | bits;
		}
	}
	return mode;
}

/** xuname2uid()/xgroup2gid() over /etc/passwd and /etc/group. */
function nameToId(p: Proc, file: '/etc/passwd' | '/etc/group', name: string): number | undefined {
	const text = readFile(p.vfs, file);
	if (isErrno(text)) return undefined;
	for (const line of text.split('\n')) {
		const f = line.split(':');
		if (f.length >= 3 && f[0] === name) return Number(f[2]);
	}
	return undefined;
}

/** The basename -name matches: "DIR/" given on the command line matches as "DIR" (GNU compatible). */
function nameOf(fileName: string): string {
	const slash = fileName.lastIndexOf('/');
	const tmp = fileName.slice(slash + 1);
	if (tmp !== '') return tmp;
	const trimmed = fileName.replace(/\/+$/, '');
	if (trimmed === '') return fileName.length > 1 ? '/' : fileName;
	return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function timeTest(s: FindState, arg: string, unit: number): ActionFn {
	const c = arg[0];
	const n = xatoul(plusMinus(arg));
	return e => {
		const age = s.p.sys.time() - e.st.mtime;
		const secs = n * unit;
		if (c === '+') return Number(age >= secs + unit);
		if (c === '-') return Number(age < secs);
		return Number(age >= secs && age < secs + unit);
	};
}

/** parse_params(): the expression after the paths, as OR-groups of AND-ed actions. */
function parseParams(s: FindState, argv: string[]): Action[][] {
	const groups: Action[][] = [[]];
	let invert = false;
	const add = (f: ActionFn, exec?: ExecAction) => {
		groups[groups.length - 1].push({f, invert, exec});
		invert = false;
	};
	const p = s.p;
	const WITH_ARG = new Set(['-name', '-iname', '-path', '-wholename', '-ipath', '-regex', '-type', '-perm', '-mtime', '-atime', '-ctime',
		'-mmin', '-amin', '-cmin', '-newer', '-inum', '-samefile', '-user', '-group', '-size', '-links', '-mindepth', '-maxdepth']);
	for (let i = 0; i < argv.length; i++) {
		p.tick();
		const arg = argv[i];
		let arg1 = '';
		if (WITH_ARG.has(arg)) {
			if (i + 1 >= argv.length) die(`${arg} requires an argument`);
			arg1 = argv[++i];
		}
		switch (arg) {
			case '-follow':
				s.follow = 2;
				break;
			case '-xdev':
				s.xdev = true;
				break;
			case '-depth':
				s.depthFirst = true;
				break;
			case '-mindepth':
				s.minDepth = xatoul(arg1, 2147483647);
				break;
			case '-maxdepth':
				s.maxDepth = xatoul(arg1, 2147483647);
				break;
			case '-a':
			case '-and':
				break;
			case '-o':
			case '-or':
				groups.push([]);
				break;
			case '!':
			case '-not':
				invert = !invert;
				break;
			case '-print':
				s.needPrint = false;
				add(e => {
					emit(s, e.name + '\n');
					return TRUE;
				});
				break;
			case '-print0':
				s.needPrint = false;
				add(e => {
					emit(s, e.name + '\0');
					return TRUE;
				});
				break;
			case '-prune':
				add(() => SKIP + TRUE);
				break;
			case '-quit':
				add(() => {
					s.quit = true;
					return TRUE;
				});
				break;
			case '-exec': {
				s.needPrint = false;
				const start = i + 1;
				let j = start;
				for (;; j++) {
					if (j >= argv.length) die(`-exec requires an argument`);
					if (argv[j] === ';' || argv[j] === '+') break;
				}
				const ex: ExecAction = {argv: argv.slice(start, j), plus: argv[j] === '+', files: []};
				if (ex.argv.length === 0) die(`-exec requires an argument`);
				const subst = ex.argv.reduce((n, a) => n + a.split('{}').length - 1, 0);
				if (ex.plus && subst !== 1) die("only one '{}' allowed for -exec +");
				i = j;
				add(e => {
					if (ex.plus) {
						ex.files.push(e.name);
						return TRUE;
					}
					return doExec(s, ex, [e.name]);
				}, ex);
				break;
			}
			case '-executable':
				// access(X_OK) as root: directories always, other files with any x bit.
				add(e => Number(e.st.type === 'dir' || (e.st.mode & 0o111) !== 0));
				break;
			case '-empty':
				add(e => {
					if (e.st.type === 'dir') {
						const names = p.vfs.readdir(p.abs(e.name));
						if (isErrno(names)) {
							p.err(`find: ${e.name}: ${strerror[names]}\n`);
							return 0;
						}
						return Number(names.length === 0);
					}
					return Number(e.st.type === 'file' && e.st.size === 0);
				});
				break;
			case '(': {
				let nested = 1;
				let end = i;
				for (;;) {
					end++;
					if (end >= argv.length) die("unpaired '('");
					if (argv[end] === '(') nested++;
					else if (argv[end] === ')' && --nested === 0) break;
				}
				const sub = parseParams(s, argv.slice(i + 1, end));
				add(e => execActions(s, sub, e));
				i = end;
				break;
			}
			case '-name':
			case '-iname': {
				const ci = arg === '-iname';
				const pat = ci ? arg1.toUpperCase() : arg1;
				add(e => {
					const n = nameOf(e.name);
					return Number(fnmatch(pat, ci ? n.toUpperCase() : n));
				});
				break;
			}
			case '-path':
			case '-wholename':
			case '-ipath': {
				const ci = arg === '-ipath';
				const pat = ci ? arg1.toUpperCase() : arg1;
				add(e => Number(fnmatch(pat, ci ? e.name.toUpperCase() : e.name)));
				break;
			}
			case '-regex': {
				let re: PosixRegex;
				try {
					re = xregcomp(arg1, false);
				} catch (err) {
					if (err instanceof BadRegex) die(err.message);
					throw err;
				}
				add(e => {
					// regexec() with one match: it must start at 0 and, longest first, cover the name.
					const m = re.exec(e.name);
					return Number(m !== null && m.start === 0 && m.end === e.name.length);
				});
				break;
			}
			case '-type': {
				const types: Record<string, string> = {f: 'file', d: 'dir', l: 'symlink', c: 'chardev', b: 'blockdev', p: 'fifo', s: 'socket'};
				const t = arg1.length === 1 ? types[arg1] : undefined;
				if (!t) die(`invalid argument '${arg1}' to '-type'`);
				add(e => Number(e.st.type === t));
				break;
			}
			case '-perm': {
				const c = arg1[0];
				const m = parseMode(c === '/' ? arg1.slice(1) : plusMinus(arg1));
				if (m === undefined) die(`invalid mode '${c === '/' ? arg1.slice(1) : plusMinus(arg1)}'`);
				add(e => {
					const mode = e.st.mode;
					if (c === '+' || c === '/') return Number((mode & m) !== 0);
					if (c === '-') return Number((mode & m) === m);
					return Number((mode & 0o7777) === m);
				});
				break;
			}
			case '-mtime':
			case '-atime':
			case '-ctime':
				add(timeTest(s, arg1, 24 * 60 * 60));
				break;
			case '-mmin':
			case '-amin':
			case '-cmin':
				add(timeTest(s, arg1, 60));
				break;
			case '-newer': {
				const st = p.vfs.stat(p.abs(arg1));
				if (isErrno(st)) die(`can't stat '${arg1}': ${strerror[st]}`);
				add(e => Number(st.mtime < e.st.mtime));
				break;
			}
			case '-inum': {
				const n = xatoul(arg1);
				add(e => {
					const fs = fullStat(p, e.name, e.follow);
					return Number(!isErrno(fs) && fs.ino === n);
				});
				break;
			}
			case '-samefile': {
				const ref = fullStat(p, arg1, true);
				if (isErrno(ref)) die(`can't stat '${arg1}': ${strerror[ref]}`);
				add(e => {
					const fs = fullStat(p, e.name, e.follow);
					return Number(!isErrno(fs) && fs.ino === ref.ino && encodeDev(fs.dev) === encodeDev(ref.dev));
				});
				break;
			}
			case '-user':
			case '-group': {
				const file = arg === '-user' ? '/etc/passwd' : '/etc/group';
				const id = /^\d+$/.test(arg1) ? Number(arg1) : nameToId(p, file, arg1);
				if (id === undefined) die(`unknown ${arg.slice(1)} ${arg1}`);
				add(e => Number((arg === '-user' ? e.st.uid : e.st.gid) === id));
				break;
			}
			case '-size': {
				const c = arg1[0];
				const m = /^(\d+)([cwbk]?)$/.exec(plusMinus(arg1));
				if (!m) die(`invalid number '${plusMinus(arg1)}'`);
				const size = Number(m[1]) * {c: 1, w: 2, '': 512, b: 512, k: 1024}[m[2] as 'c' | 'w' | '' | 'b' | 'k'];
				add(e => Number(c === '+' ? e.st.size > size : c === '-' ? e.st.size < size : e.st.size === size));
				break;
			}
			case '-links': {
				const c = arg1[0];
				const n = xatoul(plusMinus(arg1));
				add(e => Number(c === '-' ? e.st.nlink < n : c === '+' ? e.st.nlink > n : e.st.nlink === n));
				break;
			}
			default:
				throw new FindError(`unrecognized: ${arg}`, true);
		}
	}
	return groups;
}

/** exec_actions(): the first OR-group whose actions all succeed; -prune's SKIP bit sticks. */
function execActions(s: FindState, groups: Action[][], e: Entry): number {
	let rc = 0;
	for (const group of groups) {
		// An OR-group with no action ends the list (a trailing `-o` adds nothing that can match).
		if (group.length === 0) break;
		rc &= ~TRUE;
		let failed = false;
		for (const a of group) {
			if (s.quit) return rc;
			rc |= TRUE ^ a.f(e);
			if (a.invert) rc ^= TRUE;
			if (rc & TRUE) {
				failed = true;
				break;
			}
		}
		if (!failed) return rc ^ TRUE;
	}
	return rc ^ TRUE;
}

/** do_exec(): {} replaced in every argument; a failed exec is reported, the action fails. */
function doExec(s: FindState, ex: ExecAction, files: string[]): number {
	const p = s.p;
	let argv: string[];
	if (ex.plus) {
		argv = [];
		for (const a of ex.argv) {
			if (a.includes('{}')) for (const f of files) argv.push(a.split('{}').join(f));
			else argv.push(a);
		}
	} else {
		argv = ex.argv.map(a => a.split('{}').join(files[0]));
	}
	p.out(s.out.join(''));
	s.out.length = 0;
	const rc = spawn(p, argv);
	if (typeof rc === 'string') {
		p.err(`find: ${argv[0]}: ${strerror[rc]}\n`);
		return 0;
	}
	return Number(rc === 0);
}

/** Queues a printed name; written out in chunks so a terminal sees a long walk as it goes. */
function emit(s: FindState, text: string): void {
	s.out.push(text);
	if (s.out.length >= 256) flushOut(s);
}

function fileAction(s: FindState, e: Entry, depth: number): number {
	let sameFs = true;
	if (e.st.type === 'dir' && s.xdev) {
		const fs = fullStat(s.p, e.name, e.follow);
		sameFs = !isErrno(fs) && s.xdevDevs.includes(encodeDev(fs.dev));
	}
	if (depth < s.minDepth) return sameFs ? TRUE : SKIP;
	if (depth > s.maxDepth) return SKIP;
	const r = execActions(s, s.groups, e);
	// -quit: exit() right there, before anything else is printed.
	if (s.quit) return SKIP;
	if (r & TRUE && s.needPrint) emit(s, e.name + '\n');
	if (e.st.type === 'dir' && depth === s.maxDepth) return SKIP;
	if (!sameFs) return SKIP;
	return r & SKIP ? SKIP : TRUE;
}

/** recursive_action1(): stat (or lstat), act, and descend into directories in readdir order. */
function recurse(s: FindState, fileName: string, depth: number): boolean {
	const p = s.p;
	p.tick();
	if (s.quit) return true;
	const follow = s.follow === 2 || (s.follow === 1 && depth === 0);
	let st = p.vfs.stat(p.abs(fileName), follow);
	if (isErrno(st)) {
		const l = follow && st === 'ENOENT' ? p.vfs.stat(p.abs(fileName), false) : st;
		if (isErrno(l)) {
			flushOut(s);
			p.err(`find: ${fileName}: ${strerror[st]}\n`);
			return false;
		}
		// A dangling link under -L/-H: acted on as the link itself.
		st = l;
		fileAction(s, {name: fileName, st, follow: false}, depth);
		return true;
	}
	const e: Entry = {name: fileName, st, follow};
	if (st.type !== 'dir') {
		fileAction(s, e, depth);
		return true;
	}
	if (!s.depthFirst) {
		const r = fileAction(s, e, depth);
		if (r === SKIP || s.quit) return true;
	}
	const names = p.vfs.readdir(p.abs(fileName));
	if (isErrno(names)) {
		flushOut(s);
		p.err(`find: ${fileName}: ${strerror[names]}\n`);
		return false;
	}
	let ok = true;
	for (const n of names) {
		if (s.quit) break;
		if (n === '.' || n === '..') continue;
		if (!recurse(s, concatPath(fileName, n), depth + 1)) ok = false;
	}
	if (s.depthFirst && !s.quit) fileAction(s, e, depth);
	return ok;
}

function flushOut(s: FindState): void {
	if (s.out.length) {
		s.p.out(s.out.join(''));
		s.out.length = 0;
	}
}

const find: Program = p => {
	const argv = p.argv;
	if (dashDashHelp(p)) return bbShowUsage(p, 'find', 0);
	// getopt32(argv, "+HLP") over the leading words made of H, L and P only.
	let i = 1;
	let follow: 0 | 1 | 2 = 0;
	for (; i < argv.length; i++) {
		const a = argv[i];
		if (a[0] !== '-' || a.length < 2 || !/^-[HLP]+$/.test(a)) break;
		for (const c of a.slice(1)) {
			if (c === 'H') follow = Math.max(follow, 1) as 1 | 2;
			else if (c === 'L') follow = 2;
		}
	}
	if (argv[i] === '--') i++;
	let firstopt = i;
	while (firstopt < argv.length && argv[firstopt][0] !== '-' && argv[firstopt] !== '!' && argv[firstopt] !== '(') firstopt++;
	const paths = argv.slice(i, firstopt);
	if (paths.length === 0) paths.push('.');
	const s: FindState = {
		p, groups: [], needPrint: true, follow, depthFirst: false, xdev: false, xdevDevs: [], minDepth: 0, maxDepth: 2147483647,
		status: 0, quit: false, out: [],
	};
	try {
		s.groups = parseParams(s, argv.slice(firstopt));
	} catch (e) {
		if (!(e instanceof FindError)) throw e;
		p.err(`find: ${e.message}\n`);
		return e.usage ? bbShowUsage(p, 'find') : 1;
	}
	if (s.xdev) {
		for (const path of paths) {
			const fs = fullStat(p, path, true);
			s.xdevDevs.push(isErrno(fs) ? -1 : encodeDev(fs.dev));
		}
	}
	for (const path of paths) {
		if (s.quit) break;
		if (!recurse(s, path, 0)) s.status = 1;
	}
	flushOut(s);
	if (!s.quit) {
		// flush_exec_plus(): the collected `-exec ... {} +` lists run once at the end.
		for (const group of s.groups) {
			for (const a of group) {
				if (!a.exec?.plus || a.exec.files.length === 0) continue;
				let rc = doExec(s, a.exec, a.exec.files);
				a.exec.files = [];
				if (a.invert) rc = Number(!rc);
				if (rc === 0) {
					s.status = 1;
					break;
				}
			}
		}
	}
	return s.status;
};

// ---------------------------------------------------------------- xargs

/** process_stdin(): words split on blanks, with '...', "..." and backslash quoting. */
function splitWords(input: string, p: Proc, eofStr: string | undefined): string[] | string {
	const words: string[] = [];
	let word = '';
	let inWord = false;
	let q = '';
	let backslash = false;
	for (let i = 0; i <= input.length; i++) {
		if ((i & 1023) === 0) p.tick();
		const c = i < input.length ? input[i] : undefined;
		let close = false;
		if (c === undefined) {
			if (!inWord) break;
			close = true;
		} else if (backslash) {
			backslash = false;
			word += c;
			inWord = true;
		} else if (q) {
			if (c === q) q = '';
			else word += c;
			inWord = true;
		} else if (/[ \t\n\v\f\r]/.test(c)) {
			if (inWord) close = true;
		} else if (c === '\\') {
			backslash = true;
			inWord = true;
		} else if (c === "'" || c === '"') {
			q = c;
			inWord = true;
		} else {
			word += c;
			inWord = true;
		}
		if (close) {
			if (q) return `unmatched ${q === "'" ? 'single' : 'double'} quote`;
			if (eofStr !== undefined && word === eofStr) return words;
			words.push(word);
			word = '';
			inWord = false;
		}
	}
	if (q) return `unmatched ${q === "'" ? 'single' : 'double'} quote`;
	return words;
}

const xargs: Program = p => {
	const o = getopt32(p, {opts: '+trn:s:e::E:px0I:i::a:P:', longs: {'no-run-if-empty': 'r'}});
	if (typeof o === 'number') return o;
	// -e[STR] and -E STR set the same string; `-E ''` means none (old xargs used "_" by default).
	let eofStr: string | undefined;
	for (const [c, v] of o.seq) if ((c === 'e' || c === 'E') && v !== undefined) eofStr = v;
	if (o.has('E') && eofStr === '') eofStr = undefined;
	const cmd = o.args.length ? o.args : ['echo'];
	let input: string;
	const file = o.arg('a');
	if (file !== undefined) {
		const text = readFile(p.vfs, p.abs(file));
		if (isErrno(text)) {
			p.err(`xargs: can't open '${file}': ${strerror[text]}\n`);
			return 1;
		}
		input = text;
	} else {
		input = p.stdin();
	}
	const fail = (msg: string) => {
		p.err(`xargs: ${msg}\n`);
		return 1;
	};
	let maxChars = 32 * 1024 - 2048;
	if (o.has('s')) {
		const n = xatouRange(o.arg('s')!, 1, 2147483647);
		if (n instanceof BadNumber) return fail(n.message);
		maxChars = n;
	}
	maxChars -= cmd.reduce((n, a) => n + a.length + 1, 0);
	if (maxChars <= 0) return fail("can't fit single argument within argument list size limit");
	let maxArgs = Infinity;
	if (o.has('n')) {
		const n = xatouRange(o.arg('n')!, 1, 2147483647);
		if (n instanceof BadNumber) return fail(n.message);
		maxArgs = n;
	}
	if (o.has('P')) {
		const n = xatouRange(o.arg('P')!, 0, 2147483647);
		if (n instanceof BadNumber) return fail(n.message);
	}
	const repl = o.has('I') ? o.arg('I')! : o.has('i') ? (o.arg('i') ?? '{}') : undefined;
	const batches: string[][] = [];
	if (repl !== undefined) {
		// -I: one command per input line, the line replacing every occurrence of STR (implies -r).
		const eol = o.has('0') ? '\0' : '\n';
		for (const line of input.split(eol)) {
			p.tick();
			if (line === '') continue;
			if (line.length + 1 > maxChars) return fail('argument line too long');
			batches.push(cmd.map(a => a.split(repl).join(line)));
		}
	} else {
		let words: string[] | string;
		if (o.has('0')) {
			words = input.split('\0');
			if (words[words.length - 1] === '') words.pop();
		} else {
			words = splitWords(input, p, eofStr);
		}
		if (typeof words === 'string') return fail(words);
		let cur: string[] = [];
		let used = 0;
		for (const w of words) {
			p.tick();
			if (w.length + 1 > maxChars) {
				if (cur.length === 0) return fail('argument line too long');
			}
			if (cur.length && (used + w.length + 1 > maxChars || cur.length >= maxArgs)) {
				batches.push([...cmd, ...cur]);
				cur = [];
				used = 0;
			}
			if (w.length + 1 > maxChars) {
				// Runs what was gathered, then stops: the word fits no command line.
				return runBatches(p, o, batches, 'argument line too long');
			}
			cur.push(w);
			used += w.length + 1;
		}
		if (cur.length || (!o.has('r') && batches.length === 0)) batches.push([...cmd, ...cur]);
	}
	return runBatches(p, o, batches);
};

function runBatches(p: Proc, o: Opts, batches: string[][], error?: string): number {
	let status = 0;
	for (const argv of batches) {
		p.tick();
		if (o.has('t') || o.has('p')) p.err(argv.join(' ') + (o.has('p') ? '' : '\n'));
		if (o.has('p')) {
			// xargs_ask_confirmation() reads /dev/tty: nothing is typed ahead, so the answer is no.
			p.err(' ?...');
			continue;
		}
		const rc = spawn(p, argv);
		if (typeof rc === 'string') {
			p.err(`xargs: ${argv[0]}: ${strerror[rc]}\n`);
			return rc === 'ENOENT' ? 127 : 126;
		}
		if (rc === 255) {
			p.err(`xargs: ${argv[0]}: exited with status 255; aborting\n`);
			return 124;
		}
		if (rc !== 0) status = 123;
	}
	if (error) {
		p.err(`xargs: ${error}\n`);
		return 1;
	}
	return status;
}

export const FIND_PROGRAMS: Record<string, Program> = {find, xargs};
