import {isErrno, strerror} from '../errno.js';
import {ShellError} from './expand.js';
import {ArithError, evalArith} from './arith.js';
import {ExitShell, LoopCtl, ReturnCtl, singleQuote, type Interp, type IO, type Job, type Run} from './interp.js';
import {parse} from './parser.js';
import {absPath, ConsoleInput, readFile, readOffset, setReadOffset, type Proc} from './proc.js';
import {echoMain} from './applets/echo.js';
import {printfMain} from './applets/printf.js';
import {testMain} from './applets/test.js';
import {killMain} from './applets/kill.js';
import {defaultAction, getSigname, getSignum, SIGINT, SIGPIPE, SIGQUIT, SIGTERM, strsignal} from './signals.js';
import {findProgram} from './path.js';
import {APPLET_LIST, APPLET_NAMES} from '../vfs/applets.js';
import type {Resource, RLimit} from '../linux/rlimit.js';

/** A builtin's status, or for those that run commands (eval, ., command, exec) the running itself. */
export type Builtin = (p: Proc, sh: Interp) => number | Run;

/** ash's builtintab, in its (sorted) order: `help` prints them like this. */
export const BUILTIN_NAMES = ['.', ':', '[', '[[', 'alias', 'bg', 'break', 'cd', 'chdir', 'command', 'continue', 'echo', 'eval', 'exec',
	'exit', 'export', 'false', 'fg', 'getopts', 'hash', 'help', 'history', 'jobs', 'kill', 'let', 'local', 'printf', 'pwd', 'read',
	'readonly', 'return', 'set', 'shift', 'source', 'test', 'times', 'trap', 'true', 'type', 'ulimit', 'umask', 'unalias', 'unset', 'wait'];

/**
 * POSIX special builtins, and ash's `local` (BUILTIN_SPEC_REG_ASSG, as dash has it; the lab's
 * `type local`: "local is a special shell builtin", s49/r35): their errors abort the command
 * line, their assignments persist.
 */
export const SPECIAL_BUILTINS = new Set(['.', ':', 'break', 'continue', 'eval', 'exec', 'exit', 'export', 'local', 'readonly', 'return', 'set', 'shift',
	'source', 'times', 'trap', 'unset']);

function number(name: string, s: string | undefined, dflt: number): number {
	if (s === undefined) return dflt;
	if (!/^\d+$/.test(s)) throw new ShellError(`${name}: Illegal number: ${s}`);
	return Number(s);
}

function loopCmd(p: Proc, sh: Interp, kind: 'break' | 'continue'): number {
	const n = number(kind, p.argv[1], 1);
	if (n <= 0) throw new ShellError(`${kind}: Illegal number: ${p.argv[1]}`);
	if (sh.loopDepth === 0) return 0;
	throw new LoopCtl(kind, Math.min(n, sh.loopDepth));
}

function quote(v: string): string {
	return singleQuote(v);
}

/** cdopt(): -L (the logical path, the default) or -P (symlinks resolved), the last one wins; where the operands start. */
function cdopt(p: Proc): {physical: boolean; next: number} {
	let physical = false;
	let i = 1;
	for (; i < p.argv.length; i++) {
		const a = p.argv[i]!;
		if (a === '--') {
			i++;
			break;
		}
		if (a[0] !== '-' || a.length === 1) break;
		for (const c of a.slice(1)) {
			if (c === 'P') physical = true;
			else if (c === 'L') physical = false;
			else throw new ShellError(`illegal option -${c}`);
		}
	}
	return {physical, next: i};
}

function cd(p: Proc, sh: Interp): number {
	const {physical, next} = cdopt(p);
	let dest = p.argv[next];
	let print = false;
	if (dest === undefined) dest = sh.getVar('HOME') ?? '/';
	else if (dest === '-') {
		dest = sh.getVar('OLDPWD') ?? sh.state.cwd;
		print = true;
	}
	const target = absPath(sh.state.cwd, dest);
	const st = p.vfs.stat(target);
	if (typeof st === 'string' || st.type !== 'dir') {
		throw new ShellError(`can't cd to ${dest}: ${strerror[typeof st === 'string' ? st : 'ENOTDIR']}`);
	}
	// ash keeps the logical path (symlinks not resolved), normalising . and ..; -P the real one
	const parts: string[] = [];
	for (const c of target.split('/')) {
		if (c === '' || c === '.') continue;
		if (c === '..') parts.pop();
		else parts.push(c);
	}
	const real = physical ? p.vfs.realpath(target) : undefined;
	const cwd = typeof real === 'string' && !isErrno(real) ? real : '/' + parts.join('/');
	sh.setVar('OLDPWD', sh.state.cwd);
	sh.state.cwd = cwd;
	sh.setVar('PWD', cwd);
	if (print) p.out(cwd + '\n');
	return 0;
}

/** helpcmd(): the builtins, then (FEATURE_SH_STANDALONE) the binary's applets, lines broken past column 60. */
function help(p: Proc): number {
	let out = 'Built-in commands:\n------------------\n';
	let col = 0;
	for (const name of [...BUILTIN_NAMES, ...APPLET_LIST]) {
		const s = `${col === 0 ? '\t' : ' '}${name}`;
		out += s;
		col += s.length;
		if (col > 60) {
			out += '\n';
			col = 0;
		}
	}
	p.out(out + '\n');
	return 0;
}

/** ash's nextopt(): options up to the first operand or `--`; `:` after a letter takes an argument. */
function nextopts(args: string[], spec: string, name: string): Map<string, string> {
	const opts = new Map<string, string>();
	// errors of special builtins propagate to the line; the others get `NAME: ` where they are caught
	const pre = SPECIAL_BUILTINS.has(name) ? `${name}: ` : '';
	while (args.length && args[0].startsWith('-') && args[0] !== '-') {
		const a = args.shift()!;
		if (a === '--') break;
		for (let i = 1; i < a.length; i++) {
			const c = a[i];
			const k = spec.indexOf(c);
			if (k < 0 || c === ':') throw new ShellError(`${pre}illegal option -${c}`);
			if (spec[k + 1] !== ':') {
				opts.set(c, '');
				continue;
			}
			const arg = i + 1 < a.length ? a.slice(i + 1) : args.shift();
			if (arg === undefined) throw new ShellError(`${pre}no arg for -${c} option`);
			opts.set(c, arg);
			break;
		}
	}
	return opts;
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** ash's read (shell_builtin_read): IFS splitting char by char, -r -p -n -s -t -d -u. */
function read(p: Proc, sh: Interp): number {
	const args = p.argv.slice(1);
	const o = nextopts(args, 'p:u:rt:n:sd:', 'read');
	let nchars = 0;
	if (o.has('n')) {
		const n = o.get('n')!;
		if (!/^\d+$/.test(n) || Number(n) > 0xffffffff) throw new ShellError('invalid count');
		nchars = Number(n);
	}
	if (o.has('t') && !/^(\d+(\.\d*)?|\.\d+)$/.test(o.get('t')!)) throw new ShellError('invalid timeout');
	const timeout = o.has('t') ? Number(o.get('t')) : undefined;
	let src = sh.curStdin;
	if (o.has('u')) {
		const u = o.get('u')!;
		if (!/^\d+$/.test(u)) throw new ShellError('invalid file descriptor');
		if (Number(u) > 2) {
			// A descriptor a redirection opened for reading (`read -u 3 l 3<<EOF`); others fail.
			const f = sh.curFds?.get(Number(u));
			if (!f || !('read' in f)) return 1;
			src = f;
		}
	}
	for (const name of args) if (!NAME_RE.test(name)) throw new ShellError(`'${name}': not a valid identifier`);
	// -t 0: poll() only, nothing read: 0 when input is ready (a file or a pipe, at its end too;
	// the terminal has nothing typed ahead)
	if (o.has('t') && Number(o.get('t')) === 0) return src.tty ? 1 : 0;
	if (o.has('p') && src.tty) p.err(o.get('p')!);
	const input = src.read();
	let pos = readOffset(src);
	const raw = o.has('r');
	const delim = o.has('d') ? (o.get('d')!.slice(0, 1) || '\0') : '\n';
	const ifs = sh.getVar('IFS') ?? ' \t\n';
	const isSpace = (c: string) => c === ' ' || (c >= '\t' && c <= '\r');
	const names = [...args];
	let buf = '';
	let startword = 1;
	let backslash = false;
	let eof = false;
	let left = nchars;
	for (;;) {
		p.tick();
		if (pos >= input.length) {
			// The console: a line not finished yet waits for more typing (or Ctrl-D). With -n the
			// terminal is out of canonical mode (each key as typed), with -s its echo is off; with
			// -t it waits that long at most (replay: nothing is typed in the meantime), then fails
			// with status 1, the variables as they were (the lab, r44 t2).
			if (src instanceof ConsoleInput) {
				if (timeout !== undefined && p.ttyTimedOut?.()) {
					p.sleep(timeout);
					return 1;
				}
				src.atEnd(pos, nchars > 0, !o.has('s'), timeout);
			}
			eof = true;
			break;
		}
		const c = input[pos++];
		let put = false;
		if (c === '\0') {
			// NULs are dropped
		} else if (!raw && backslash) {
			backslash = false;
			put = c !== '\n';
		} else if (!raw && c === '\\') {
			backslash = true;
		} else if (c === delim) {
			break;
		} else if (names.length) {
			const ifsChar = ifs.includes(c);
			let skip = false;
			if (startword && ifsChar) {
				if (isSpace(c)) skip = true;
				else if (--startword === 1) skip = true;
			}
			if (!skip) {
				startword = 0;
				if (names.length > 1 && ifsChar) {
					sh.setVar(names.shift()!, buf);
					buf = '';
					startword = isSpace(c) ? 2 : 1;
				} else put = true;
			}
		} else put = true;
		if (put) buf += c;
		if (nchars && --left === 0) break;
	}
	setReadOffset(src, pos);
	if (names.length) {
		let end = buf.length;
		while (end > 0 && isSpace(buf[end - 1]) && ifs.includes(buf[end - 1])) end--;
		sh.setVar(names.shift()!, buf.slice(0, end));
		for (const n of names) sh.setVar(n, '');
	} else sh.setVar('REPLY', buf);
	return eof ? 1 : 0;
}

/** ash's option table (optletters_optnames), in `set -o` order; '' for long-only options. */
const SET_OPTIONS: [string, string][] = [['errexit', 'e'], ['noglob', 'f'], ['ignoreeof', 'I'], ['monitor', 'm'], ['noexec', 'n'], ['xtrace', 'x'],
	['verbose', 'v'], ['noclobber', 'C'], ['allexport', 'a'], ['notify', 'b'], ['nounset', 'u'], ['errtrace', 'E'], ['vi', ''], ['pipefail', '']];

function set(p: Proc, sh: Interp): number {
	if (p.argv.length === 1) {
		const names = [...sh.state.vars.keys()].filter(n => !sh.state.vars.get(n)!.unset).sort();
		p.out(names.map(n => `${n}=${quote(sh.state.vars.get(n)!.value)}\n`).join(''));
		return 0;
	}
	const args = p.argv.slice(1);
	const key = (name: string, letter: string) => letter || name;
	let i = 0;
	for (; i < args.length; i++) {
		const a = args[i];
		if (a === '--') {
			i++;
			setParams(sh, args.slice(i));
			return 0;
		}
		if ((a[0] !== '-' && a[0] !== '+') || a.length === 1) break;
		const on = a[0] === '-';
		for (const c of a.slice(1)) {
			if (c === 'o') {
				const name = args[i + 1];
				if (name === undefined) {
					p.out(SET_OPTIONS.map(([n, l]) => (on ? `${n.padEnd(16)}${sh.opts.has(key(n, l)) ? 'on' : 'off'}\n` : `set ${sh.opts.has(key(n, l)) ? '-' : '+'}o ${n}\n`)).join(''));
					continue;
				}
				i++;
				const opt = SET_OPTIONS.find(([n]) => n === name);
				// plus_minus_o(): a message and status 1, not an error that ends the shell
				if (!opt) {
					p.err(`${sh.builtinPrefix('set')}illegal option ${a[0]}o ${name}\n`);
					return 1;
				}
				if (on) sh.opts.add(key(...opt));
				else sh.opts.delete(key(...opt));
				continue;
			}
			if (!SET_OPTIONS.some(([, l]) => l === c)) throw new ShellError(`set: illegal option ${a[0]}${c}`);
			if (on) sh.opts.add(c);
			else sh.opts.delete(c);
		}
	}
	if (i < args.length) setParams(sh, args.slice(i));
	return 0;
}

/**
 * hash [-r] [NAME...]: with no NAME the commands the $PATH search found and where; -r forgets
 * them; NAMEs are looked up again (`sh: hash: NAME: not found`, status 1). The binary's own
 * applets are never in the table (they run without a $PATH search).
 */
function hashCmd(p: Proc, sh: Interp): number {
	let args = p.argv.slice(1);
	if (args[0] === '--') args = args.slice(1);
	else if (args[0]?.startsWith('-') && args[0].length > 1) {
		const bad = [...args[0].slice(1)].find(c => c !== 'r');
		if (bad !== undefined) throw new ShellError(`illegal option -${bad}`, 2);
		sh.cmdtable.clear();
		return 0;
	}
	if (!args.length) {
		const names = [...sh.cmdtable.keys()].sort((a, b) => ashHash(a, 31) - ashHash(b, 31));
		p.out(names.map(n => `${sh.cmdtable.get(n)!}\n`).join(''));
		return 0;
	}
	let st = 0;
	for (const name of args) {
		p.tick();
		sh.cmdtable.delete(name);
		if (name.includes('/') || APPLET_NAMES.has(name) || BUILTINS[name] || sh.state.functions.has(name)) continue;
		if (sh.hashCommand(name) === undefined) {
			p.err(`${sh.builtinPrefix('hash')}${name}: not found\n`);
			st = 1;
		}
	}
	return st;
}

/** shell_builtin_ulimit()'s table: option letter, resource, label, and the shift of its unit (blocks of 512, KiB). */
const ULIMITS: readonly [string, Resource, string, number][] = [
	['c', 'core', 'core file size (blocks)', 9],
	['d', 'data', 'data seg size (kb)', 10],
	['e', 'nice', 'scheduling priority', 0],
	['f', 'fsize', 'file size (blocks)', 9],
	['i', 'sigpending', 'pending signals', 0],
	['l', 'memlock', 'max locked memory (kb)', 10],
	['m', 'rss', 'max memory size (kb)', 10],
	['n', 'nofile', 'open files', 0],
	['q', 'msgqueue', 'POSIX message queues (bytes)', 0],
	['r', 'rtprio', 'real-time priority', 0],
	['s', 'stack', 'stack size (kb)', 10],
	['t', 'cpu', 'cpu time (seconds)', 0],
	['u', 'nproc', 'max user processes', 0],
	['v', 'as', 'virtual memory (kb)', 10],
	['x', 'locks', 'file locks', 0],
];

/** fs.nr_open: RLIMIT_NOFILE may not go past it, not even for root. */
const NR_OPEN = 1024 * 1024;

/**
 * busybox's shell_builtin_ulimit(): -H/-S pick the hard or soft limit (printing shows the soft
 * one unless -H; setting sets both unless one is named), -a lists them all; each limit option
 * prints its value, or sets it from an attached or following number (or `unlimited`); a bare
 * number is -f, a bare `ulimit` prints -f; with several limits the values get their labels.
 * The limits are the shell's own (a subshell's changes stay there) and start as init's.
 */
function ulimitCmd(p: Proc, sh: Interp): number {
	const limits = (sh.state.limits ??= p.sys.rlimits?.() ?? new Map<Resource, RLimit>());
	const args = p.argv.slice(1);
	type Item = {letter: string; value?: string; index: number};
	const items: Item[] = [];
	let hard = false;
	let soft = false;
	let all = false;
	for (let i = 0; i < args.length; i++) {
		const a = args[i]!;
		if (a === '--') break;
		if (!a.startsWith('-') || a === '-') {
			// getopt's "-" mode: an operand comes back as option 1, which is -f
			items.push({letter: 'f', value: a, index: i});
			continue;
		}
		for (let j = 1; j < a.length; j++) {
			const c = a[j]!;
			if (c === 'H') hard = true;
			else if (c === 'S') soft = true;
			else if (c === 'a') all = true;
			else if (ULIMITS.some(([l]) => l === c)) {
				// an optional argument: only attached
				items.push({letter: c, value: j + 1 < a.length ? a.slice(j + 1) : undefined, index: i});
				break;
			} else {
				p.err(`ulimit: invalid option -- '${c}'\n`);
				return 1;
			}
		}
	}
	if (!hard && !soft) hard = soft = true;
	const show = (r: RLimit | undefined, shift: number): string => {
		const v = r === undefined ? Infinity : soft ? r.cur : r.max;
		return v === Infinity ? 'unlimited' : String(Math.floor(v / 2 ** shift));
	};
	const label = (l: readonly [string, Resource, string, number]) => `${l[2].padEnd(32)}(-${l[0]}) `;
	if (all) {
		p.out(ULIMITS.map(l => `${label(l)}${show(limits.get(l[1]), l[3])}\n`).join(''));
		return 0;
	}
	// (the first pass counts every getopt() return, the operand after an option too: labels
	// come with more than one)
	const count = items.length;
	const taken = new Set<number>();
	for (const it of items) {
		if (taken.has(it.index)) continue;
		const l = ULIMITS.find(([c]) => c === it.letter)!;
		let value = it.value;
		if (value === undefined && args[it.index + 1] !== undefined && !args[it.index + 1]!.startsWith('-')) {
			value = args[it.index + 1]!;
			taken.add(it.index + 1);
		}
		const cur = limits.get(l[1]) ?? {cur: Infinity, max: Infinity};
		if (value === undefined) {
			p.out(`${count > 1 ? label(l) : ''}${show(cur, l[3])}\n`);
			continue;
		}
		let v = Infinity;
		if (value !== 'unlimited') {
			if (!/^\d+$/.test(value) || BigInt(value) > 0xffffffffffffffffn) {
				p.err(`sh: invalid number '${value}'\n`);
				return 1;
			}
			v = Number(value) * 2 ** l[3];
		}
		const next = {cur: soft ? v : cur.cur, max: hard ? v : cur.max};
		// do_prlimit(): soft above hard is EINVAL; root may raise the hard limit, but not an
		// open-files limit past fs.nr_open
		const err = next.cur > next.max ? 'EINVAL' : l[1] === 'nofile' && next.max > NR_OPEN ? 'EPERM' : undefined;
		if (err) {
			p.err(`sh: error setting limit: ${strerror[err]}\n`);
			return 1;
		}
		limits.set(l[1], next);
		// setrlimit(): the shell's task has them too (/proc/$$/limits), unless this is a
		// subshell without a task of its own
		if (sh.ownsTask()) p.sys.setrlimit?.(l[1], next);
	}
	if (items.length === 0) p.out(`${show(limits.get('fsize'), 9)}\n`);
	return 0;
}

/** setparam(): new positional parameters, and getopts starts over. */
function setParams(sh: Interp, params: string[]): void {
	sh.state.positional = params;
	sh.state.optind = 1;
	sh.state.optoff = -1;
}

/**
 * ash's getopts: the next option of OPTSTRING in the positional parameters (or the ARGs), its
 * letter in VAR and its argument in OPTARG, OPTIND the next argument; `?` and `Illegal option
 * -x` (or OPTARG=x, quietly, with a leading `:` or OPTERR=0) for an unknown one, `No arg for -x
 * option` (or `:`) for a missing argument; status 1 at the first operand or after `--`.
 */
function getoptsCmd(p: Proc, sh: Interp): number {
	const argv = p.argv;
	if (argv.length < 3) throw new ShellError('usage: getopts optstring var [arg]');
	const optstr = argv[1]!;
	const optvar = argv[2]!;
	const base = argv.length === 3 ? sh.state.positional : argv.slice(3);
	let ind = sh.state.optind ?? 1;
	let off = sh.state.optoff ?? -1;
	if (ind > base.length + 1) {
		ind = 1;
		off = -1;
	}
	const quiet = () => sh.getVar('OPTERR') === '0' || optstr.startsWith(':');
	const unset = (n: string) => {
		const v = sh.state.vars.get(n);
		if (v && !v.readonly) sh.state.vars.delete(n);
	};
	// next: index in base of the argument after the current one; word/pos: where we are
	let next = ind - 1;
	let word: string | undefined;
	let pos = -1;
	if (ind > 1 && off >= 0 && base[next - 1] !== undefined && base[next - 1]!.length >= off) {
		word = base[next - 1];
		pos = off;
	}
	let c = '?';
	let done = 0;
	finish: {
		if (word === undefined || pos >= word.length) {
			// the current word is done: the next one must be an option cluster
			const w = base[next];
			if (w === undefined || w[0] !== '-' || w.length === 1 || w === '--') {
				if (w === '--') next++;
				unset('OPTARG');
				word = undefined;
				done = 1;
				break finish;
			}
			word = w;
			pos = 1;
			next++;
		}
		c = word[pos++]!;
		const at = c === ':' ? -1 : optstr.indexOf(c);
		if (at < 0) {
			if (quiet()) sh.setVar('OPTARG', c);
			else {
				p.err(`Illegal option -${c}\n`);
				unset('OPTARG');
			}
			c = '?';
			break finish;
		}
		if (optstr[at + 1] === ':') {
			let arg: string;
			if (pos < word.length) arg = word.slice(pos);
			else if (base[next] !== undefined) arg = base[next++]!;
			else {
				if (quiet()) {
					sh.setVar('OPTARG', c);
					c = ':';
				} else {
					p.err(`No arg for -${c} option\n`);
					unset('OPTARG');
					c = '?';
				}
				word = undefined;
				break finish;
			}
			sh.setVar('OPTARG', arg);
			word = undefined;
		} else sh.setVar('OPTARG', '');
	}
	const newInd = next + 1;
	sh.setVar('OPTIND', String(newInd));
	sh.setVar(optvar, c);
	sh.state.optind = newInd;
	sh.state.optoff = word !== undefined ? pos : -1;
	return done;
}

const KEYWORDS = new Set(['!', 'case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'if', 'in', 'then', 'until', 'while', '{', '}']);

/**
 * ash's describe_command: keyword, alias, function, builtin, then $PATH. verbose is `type` and
 * `command -V`; otherwise `command -v` (just the name, the path or the alias definition).
 */
function describe(p: Proc, sh: Interp, name: string, verbose: boolean): number {
	const say = (long: string, short: string) => {
		p.out(`${verbose ? `${name} ${long}` : short}\n`);
		return 0;
	};
	if (KEYWORDS.has(name)) return say('is a shell keyword', name);
	const alias = sh.aliases.get(name);
	if (alias !== undefined) return say(`is an alias for ${alias}`, `alias ${name}=${singleQuote(alias)}`);
	if (sh.state.functions.has(name)) return say('is a function', name);
	if (BUILTINS[name]) return say(`is a ${SPECIAL_BUILTINS.has(name) ? 'special ' : ''}shell builtin`, name);
	// An applet of the binary itself is found by its name (FEATURE_SH_STANDALONE): `cat is cat`.
	if (!name.includes('/') && APPLET_NAMES.has(name)) return say(`is ${name}`, name);
	const pathVar = sh.getVar('PATH') ?? '';
	const f = findProgram(p.vfs, pathVar, sh.state.cwd, name);
	const path = name.includes('/') ? name : pathVar.split(':').map(d => `${d || '.'}/${name}`).find(c => typeof p.vfs.stat(absPath(sh.state.cwd, c)) !== 'string');
	if (f.kind === 'missing' || !path) {
		if (verbose) p.out(`${name}: not found\n`);
		return 127;
	}
	return say(`is ${path}`, path);
}

function typeCmd(p: Proc, sh: Interp): number {
	// typecmd(): a first argument starting with '-' (type -t, type -p) makes it `command -v`
	let names = p.argv.slice(1);
	const verbose = !names[0]?.startsWith('-');
	if (!verbose) names = names.slice(1);
	let st = 0;
	for (const name of names) {
		p.tick();
		const r = describe(p, sh, name, verbose);
		if (r) st = r;
	}
	return st;
}

/**
 * ash's table hash (hashalias() for the 39 alias buckets, cmdlookup() for the 31 of the command
 * table): the first byte << 4 plus every byte; listings go bucket by bucket.
 */
function ashHash(name: string, buckets: number): number {
	let h = name.charCodeAt(0) << 4;
	for (let i = 0; i < name.length; i++) h += name.charCodeAt(i);
	return h % buckets;
}

function aliasCmd(p: Proc, sh: Interp): number {
	const args = p.argv.slice(1);
	const show = (n: string) => p.out(`${n}=${singleQuote(sh.aliases.get(n)!)}\n`);
	if (args.length === 0) {
		const names = [...sh.aliases.keys()];
		names.sort((a, b) => ashHash(a, 39) - ashHash(b, 39));
		for (const n of names) show(n);
		return 0;
	}
	let st = 0;
	for (const a of args) {
		p.tick();
		const eq = a.indexOf('=');
		if (eq < 0) {
			if (sh.aliases.has(a)) show(a);
			else {
				p.err(`alias: ${a} not found\n`);
				st = 1;
			}
			continue;
		}
		const name = a.slice(0, eq);
		// a redefined alias keeps its place in its bucket
		sh.aliases.set(name, a.slice(eq + 1));
	}
	return st;
}

function unaliasCmd(p: Proc, sh: Interp): number {
	const args = p.argv.slice(1);
	const o = nextopts(args, 'a', 'unalias');
	if (o.has('a')) {
		sh.aliases.clear();
		return 0;
	}
	let st = 0;
	for (const a of args) {
		if (!sh.aliases.delete(a)) {
			p.err(`unalias: ${a} not found\n`);
			st = 1;
		}
	}
	return st;
}

/**
 * ash's getjob(): the job a `%` spec names, or getjob()'s message for a spec that names none;
 * `getctl` (fg, bg): only a job made under job control (`job %1 not created under job control`,
 * `job (null) ...` for the current one, as glibc prints a null %s).
 */
function getjob(sh: Interp, name: string | undefined, getctl = false): Job {
	const job = findJob(sh, name);
	if (getctl && !job.jobctl) throw new ShellError(`job ${name ?? '(null)'} not created under job control`);
	return job;
}

function findJob(sh: Interp, name: string | undefined): Job {
	const jobs = sh.jobs;
	if (name === undefined || name === '%' || name === '%%' || name === '%+') {
		const cur = jobs[jobs.length - 1];
		if (!cur) throw new ShellError('No current job');
		return cur;
	}
	if (name === '%-') {
		const prev = jobs[jobs.length - 2];
		if (!prev) throw new ShellError('No previous job');
		return prev;
	}
	const spec = name.startsWith('%') ? name.slice(1) : undefined;
	if (spec !== undefined && /^\d+$/.test(spec)) {
		const job = jobs.find(j => j.num === Number(spec));
		if (job) return job;
	} else if (spec !== undefined) {
		// %string: the job whose command starts with it; %?string: the one containing it.
		const found = jobs.filter(j => (spec.startsWith('?') ? j.texts[0]!.includes(spec.slice(1)) : j.texts[0]!.startsWith(spec)));
		if (found.length > 1) throw new ShellError(`${name}: ambiguous`);
		if (found[0]) return found[0];
	}
	throw new ShellError(`${name}: no such job`);
}

/** A job's exit status as $? sees it. */
function jobStatus(job: Job): number {
	return job.signal !== undefined ? 128 + job.signal : job.status;
}

/** Takes a job out of the table (freejob()). */
function freeJob(sh: Interp, job: Job): void {
	sh.jobs = sh.jobs.filter(j => j !== job);
}

function trapCmd(p: Proc, sh: Interp): number {
	const args = p.argv.slice(1);
	nextopts(args, '', 'trap');
	if (args.length === 0) {
		for (const [sig, action] of [...sh.traps].sort(([a], [b]) => a - b)) p.out(`trap -- ${singleQuote(action)} ${getSigname(sig)}\n`);
		return 0;
	}
	let action: string | undefined;
	if (args.length > 1 && !/^\d+$/.test(args[0])) action = args.shift()!;
	let st = 0;
	for (const a of args) {
		p.tick();
		const n = getSignum(a);
		if (n < 0) {
			p.err(`${sh.builtinPrefix('trap')}${a}: invalid signal specification\n`);
			st = 1;
			continue;
		}
		if (action === undefined || action === '-') sh.traps.delete(n);
		else sh.traps.set(n, action);
	}
	return st;
}

/** The umask builtin: octal or symbolic (through the mode parser), -S prints u=,g=,o=. */
function umaskCmd(p: Proc, sh: Interp): number {
	const args = p.argv.slice(1);
	const o = nextopts(args, 'S', 'umask');
	if (args.length === 0) {
		if (o.has('S')) {
			const perm = ~sh.umask & 0o777;
			const who = (shift: number) => ['r', 'w', 'x'].filter((_c, i) => perm & (4 >> i) << shift).join('');
			p.out(`u=${who(6)},g=${who(3)},o=${who(0)}\n`);
		} else p.out(`${sh.umask.toString(8).padStart(4, '0')}\n`);
		return 0;
	}
	const m = args[0];
	if (/^[0-7]+$/.test(m)) {
		const v = parseInt(m, 8);
		if (v > 0o7777) throw new ShellError(`illegal mode: ${m}`);
		sh.umask = v & 0o777;
		return 0;
	}
	const mode = symbolicMode(m, ~sh.umask & 0o777);
	if (mode === undefined) throw new ShellError(`illegal mode: ${m}`);
	sh.umask = ~mode & 0o777;
	return 0;
}

/** busybox bb_parse_mode's symbolic form: [ugoa]*[+-=][rwxXst]* clauses, comma-separated. */
function symbolicMode(spec: string, mode: number): number | undefined {
	for (const clause of spec.split(',')) {
		const m = /^([ugoa]*)((?:[-+=][rwxXst]*|[-+=][ugo])+)$/.exec(clause);
		if (!m) return undefined;
		let who = 0;
		for (const c of m[1]) who |= c === 'u' ? 0o4700 : c === 'g' ? 0o2070 : c === 'o' ? 0o1007 : 0o7777;
		if (!who) who = 0o7777;
		for (const [, op, perms] of m[2].matchAll(/([-+=])([rwxXstugo]*)/g)) {
			let bits = 0;
			for (const c of perms) {
				if (c === 'r') bits |= 0o444;
				else if (c === 'w') bits |= 0o222;
				else if (c === 'x' || c === 'X') bits |= 0o111;
				else if (c === 's') bits |= 0o6000;
				else if (c === 't') bits |= 0o1000;
				else {
					const sh = c === 'u' ? 6 : c === 'g' ? 3 : 0;
					const v = (mode >> sh) & 7;
					bits |= v * 0o111;
				}
			}
			bits &= who;
			if (op === '=') mode = (mode & ~who) | bits;
			else if (op === '+') mode |= bits;
			else mode &= ~bits;
		}
	}
	return mode & 0o777;
}

/** `readonly` / `export` with no operands (or -p): their NAME='value' lines, sorted. */
function listVars(p: Proc, sh: Interp, word: string, pick: (v: {exported: boolean; readonly?: boolean}) => boolean): number {
	for (const [k, v] of [...sh.state.vars].sort(([a], [b]) => (a < b ? -1 : 1))) {
		if (pick(v)) p.out(v.unset ? `${word} ${k}\n` : `${word} ${k}=${quote(v.value)}\n`);
	}
	return 0;
}

/** export / readonly: NAME[=VALUE]...; a read-only NAME fails with `CMD: NAME: is read only`. */
function exportCmd(p: Proc, sh: Interp, ro: boolean): number {
	const word = ro ? 'readonly' : 'export';
	const args = p.argv.slice(1);
	const o = nextopts(args, 'p', word);
	if (args.length === 0 || o.has('p')) return listVars(p, sh, word, v => (ro ? !!v.readonly : v.exported));
	for (const a of args) {
		p.tick();
		const eq = a.indexOf('=');
		const name = eq >= 0 ? a.slice(0, eq) : a;
		const old = sh.state.vars.get(name);
		if (eq >= 0) {
			if (old?.readonly) throw new ShellError(`${word}: ${name}: is read only`);
			sh.state.vars.set(name, {value: a.slice(eq + 1), exported: old?.exported ?? false, readonly: old?.readonly});
		} else if (!old) sh.state.vars.set(name, {value: '', exported: false, unset: true});
		const v = sh.state.vars.get(name)!;
		if (ro) v.readonly = true;
		else v.exported = true;
	}
	return 0;
}

/** The IO a builtin's nested commands use: its own streams. */
function procIo(p: Proc): IO {
	return {stdin: p.stdinFile ?? {tty: p.stdinIsTty, read: () => p.stdin()}, stdout: {kind: 'tty', write: s => {
		p.out(s);
		return undefined;
	}}, stderr: {kind: 'tty', write: s => {
		p.err(s);
		return undefined;
	}}};
}

const BUILTIN_TABLE: Record<string, Builtin> = {
	':': () => 0,
	true: () => 0,
	false: () => 1,
	echo: p => echoMain(p),
	printf: p => printfMain(p),
	test: p => testMain(p, false),
	'[': p => testMain(p, true),
	'[[': p => testMain(p, true, ']]'),
	cd,
	chdir: cd,
	// pwdcmd(): the logical path, or with -P the real one (operands are ignored)
	pwd: (p, sh) => {
		const real = cdopt(p).physical ? p.vfs.realpath(sh.state.cwd) : undefined;
		p.out(`${typeof real === 'string' && !isErrno(real) ? real : sh.state.cwd}\n`);
		return 0;
	},
	help: p => help(p),
	read,
	set,
	type: typeCmd,
	export: (p, sh) => exportCmd(p, sh, false),
	readonly: (p, sh) => exportCmd(p, sh, true),
	local: (p, sh) => {
		const frame = sh.locals[sh.locals.length - 1];
		if (!frame) throw new ShellError('not in a function');
		for (const a of p.argv.slice(1)) {
			const eq = a.indexOf('=');
			const name = eq >= 0 ? a.slice(0, eq) : a;
			if (!frame.has(name)) {
				const old = sh.state.vars.get(name);
				frame.set(name, old ? {...old} : undefined);
			}
			// `local v` without a value unsets v inside the function.
			if (eq >= 0) sh.setVar(name, a.slice(eq + 1));
			else if (!sh.state.vars.get(name)?.readonly) sh.state.vars.delete(name);
		}
		return 0;
	},
	// unsetcmd(): nextopt("vf") (the last of -v/-f decides), then each name
	unset: (p, sh) => {
		const args = p.argv.slice(1);
		let fn = false;
		while (args[0]?.startsWith('-') && args[0] !== '-') {
			const opt = args.shift()!;
			if (opt === '--') break;
			for (const c of opt.slice(1)) {
				if (c !== 'v' && c !== 'f') throw new ShellError(`illegal option -${c}`);
				fn = c === 'f';
			}
		}
		for (const a of args) {
			if (fn) {
				sh.state.functions.delete(a);
				continue;
			}
			// setvar(): the name is what endofname() takes, up to an `=` if any (`unset x=1` unsets x)
			const q = /^[A-Za-z_][A-Za-z0-9_]*/.exec(a)?.[0].length ?? 0;
			const eq = a.indexOf('=', q);
			const end = eq < 0 ? a.length : eq;
			if (end === 0 || end !== q) throw new ShellError(`unset: ${a.slice(0, end)}: bad variable name`);
			const name = a.slice(0, q);
			if (sh.state.vars.get(name)?.readonly) throw new ShellError(`unset: ${name}: is read only`);
			sh.state.vars.delete(name);
			// unsetting LINENO, FUNCNAME or RANDOM drops its special meaning (VDYNAMIC)
			sh.dynamicVars.delete(name);
		}
		return 0;
	},
	shift: (p, sh) => {
		const n = number('shift', p.argv[1], 1);
		// busybox 1.35: shifting more than there are fails quietly (status 1).
		if (n > sh.state.positional.length) return 1;
		setParams(sh, sh.state.positional.slice(n));
		return 0;
	},
	exit: (p, sh) => {
		throw new ExitShell(number('exit', p.argv[1], sh.state.status) & 255);
	},
	return: (p, sh) => {
		throw new ReturnCtl(number('return', p.argv[1], sh.state.status));
	},
	// breakcmd(): the count is checked (0 is not a number here) even outside a loop
	break: (p, sh) => loopCmd(p, sh, 'break'),
	continue: (p, sh) => loopCmd(p, sh, 'continue'),
	eval: (p, sh) => sh.evalString(p.argv.slice(1).join(' '), procIo(p)),
	'.': function* (p, sh) {
		// dotcmd(): nextopt(nullstr), so `. -- FILE` and `. --help` (illegal option --)
		const args = p.argv.slice(1);
		nextopts(args, '', p.argv[0]!);
		const file = args[0];
		// ash's dotcmd: no operand is status 2 without a message.
		if (!file) return 2;
		const text = readFile(p.vfs, p.abs(file));
		if (isErrno(text)) throw new ShellError(`${p.argv[0]}: can't open '${file}': ${strerror[text]}`);
		// Operands become the positional parameters while the file runs; `return` ends it.
		const saved = sh.state.positional;
		if (args.length > 1) sh.state.positional = args.slice(1);
		try {
			return yield* sh.runFile(text, `${sh.state.arg0 ?? 'sh'}: ${file}: `, procIo(p));
		} catch (e) {
			if (e instanceof ReturnCtl) return e.status;
			throw e;
		} finally {
			if (args.length > 1) sh.state.positional = saved;
		}
	},
	source: (p, sh) => BUILTINS['.'](p, sh),
	history: (p, sh) => {
		p.out(sh.history.map((h, i) => `${String(i).padStart(4)} ${h}\n`).join(''));
		return 0;
	},
	// letcmd(): each argument through ash_arith() in the shell itself (assignments stay); the
	// status is !last value; an error is the shell's (status 2)
	let: (p, sh) => {
		const exprs = p.argv.slice(1);
		if (!exprs.length) throw new ShellError('expression expected');
		let v: bigint | number = 0;
		for (const expr of exprs) {
			try {
				v = evalArith(expr, {get: n => sh.getVar(n), set: (n, val) => sh.setVar(n, val)});
			} catch (e) {
				if (e instanceof ArithError) throw new ShellError(e.message);
				throw e;
			}
		}
		return Number(v) === 0 ? 1 : 0;
	},
	umask: umaskCmd,
	// timescmd(): the shell's and its children's user and system times, `%um%u.%03us` (memhp's
	// programs take no CPU time)
	times: p => {
		p.out('0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n');
		return 0;
	},
	trap: trapCmd,
	// waitcmd(): the shell blocks until the job ends (a running one's sleep moves the clock on);
	// the status is the last one waited for, 127 for a pid that is no job of this shell. Without
	// operands it waits for every job and returns 0. Waiting does not take a job out of the table.
	// The dowait() of a named job that collects its process as it exits says how a signal killed
	// it, as for a foreground job (sprint_status48(): `Killed`; not for SIGINT and SIGPIPE): one
	// that had not run yet, or ran on another CPU (lab s50/r37 e13, e15, e16; a sleeping job a
	// kill woke on the one CPU had died before the `wait`, and nothing is said), or that a signal
	// killed while the shell waited (`timeout 1 sleep 2 & wait $!`, lab s51/r40 s5).
	wait: (p, sh) => {
		const args = p.argv.slice(1);
		nextopts(args, '', 'wait');
		sh.blocks(false);
		if (!args.length) {
			for (const job of [...sh.jobs].sort((a, b) => (a.endsAt ?? 0) - (b.endsAt ?? 0))) sh.waitJob(job);
			sh.reaped();
			return 0;
		}
		const waitFor = (job: Job): number => {
			// (still running, and a signal ends it while the shell waits: timeout's)
			const dying = job.dying || (job.live !== undefined && !sh.fresh(job) && job.signal !== undefined);
			sh.waitJob(job);
			delete job.dying;
			if (dying && job.signal !== undefined && job.signal !== SIGINT && job.signal !== SIGPIPE) p.err(`${strsignal(job.signal)}\n`);
			return jobStatus(job);
		};
		let st = 0;
		for (const a of args) {
			if (a.startsWith('%')) {
				st = waitFor(getjob(sh, a));
				continue;
			}
			if (!/^\d+$/.test(a)) throw new ShellError(`Illegal number: ${a}`);
			const job = sh.jobs.find(j => j.pids.includes(Number(a)));
			st = job ? waitFor(job) : 127;
		}
		sh.reaped();
		return st;
	},
	// jobscmd(): the named jobs, or all (the current one first); -l adds the pid, -p prints only
	// the pid. Finished jobs are freed once shown.
	jobs: (p, sh) => {
		const args = p.argv.slice(1);
		const o = nextopts(args, 'lp', 'jobs');
		sh.reapJobs();
		sh.reaped();
		const list = args.length ? args.map(a => getjob(sh, a)) : [...sh.jobs].reverse();
		for (const job of list) {
			p.out(o.has('p') ? `${job.pids[0]}\n` : sh.jobLine(job, o.has('l')));
			if (!sh.running(job)) freeJob(sh, job);
		}
		return 0;
	},
	hash: hashCmd,
	alias: aliasCmd,
	unalias: unaliasCmd,
	getopts: getoptsCmd,
	ulimit: ulimitCmd,
	command: function* (p, sh) {
		const args = p.argv.slice(1);
		const o = nextopts(args, 'pvV', 'command');
		// -v/-V describe the first name only (ash's describe_command on argv[0]).
		if (o.has('v') || o.has('V')) return args.length ? describe(p, sh, args[0], o.has('V')) : 0;
		if (args.length === 0) return 0;
		const node = parse(args.map(quote).join(' '));
		if (!node.ok) return 2;
		sh.skipFunctions = true;
		try {
			return yield* sh.eval(node.node, procIo(p));
		} finally {
			sh.skipFunctions = false;
		}
	},
	exec: (p, sh) => {
		const args = p.argv.slice(1);
		const o = nextopts(args, 'a:', 'exec');
		return sh.execcmd(args, o.get('a'), procIo(p));
	},
	kill: (p, sh) => {
		// killcmd(): `%N` job specs become ` -PGID` (job control) or ` PID PID...` (the space
		// keeps them from reading as options).
		if (p.argv[1] === '-l') return killMain(p);
		const jobctl = sh.mode.includes('m');
		const argv = p.argv.map((a, i) => {
			if (i === 0 || !a.startsWith('%')) return a;
			const job = getjob(sh, a);
			return jobctl ? ` -${job.pids[0]}` : ` ${job.pids.join(' ')}`;
		});
		const live = sh.jobs.filter(j => j.live);
		// A job that has not run yet (Job) still ignores what the interactive shell ignores, which
		// its child resets before it execs: SIGTERM and SIGQUIT are lost. Another signal kills it
		// before it did anything (memhp ran its commands already: what it wrote is not shown).
		// A finished job the shell has not reaped is zombies: the signal finds them, to no effect.
		const sys: typeof p.sys = Object.create(p.sys) as typeof p.sys;
		const realKill = (pid: number, sig: number) => (p.sys.kill ? p.sys.kill(pid, sig) : 'ESRCH');
		sys.kill = (pid, sig) => {
			const job = sh.jobs.find(j => j.pids.includes(pid) || -pid === j.pids[0]);
			if (!job) return realKill(pid, sig);
			if (sh.fresh(job)) {
				if (sig === 0) return job.live ? realKill(pid, sig) : undefined;
				if (sig === SIGTERM || sig === SIGQUIT) return undefined;
				if (job.live) return realKill(pid, sig);
				if (defaultAction(sig) !== 'terminate') return defaultAction(sig) === 'stop' ? 'ENOSYS' : undefined;
				sh.killUnrun(job, sig);
				return undefined;
			}
			return sh.zombie(job) ? undefined : realKill(pid, sig);
		};
		const st = killMain({...p, argv, sys});
		// A sleeping job's process takes the signal at once; on the one CPU it dies before the
		// shell goes on, unless it had not run; on another CPU it is still dying.
		sh.reapJobs();
		const oneCpu = sh.oneCpu();
		for (const job of live) if (!job.live && job.signal !== undefined && (sh.fresh(job) || !oneCpu)) job.dying = true;
		return st;
	},
	// fgcmd(): the job's command is printed as it comes to the foreground, and the shell waits
	// for it (a running job's sleep moves the clock on). bg prints `[N] cmd`: a running job is
	// running already, a finished one has nothing to restart.
	fg: (p, sh) => {
		const args = p.argv.slice(1);
		nextopts(args, '', 'fg');
		const job = getjob(sh, args[0], true);
		p.out(`${job.texts.join(' | ')}\n`);
		sh.blocks(true);
		sh.waitJob(job);
		freeJob(sh, job);
		return jobStatus(job);
	},
	bg: (p, sh) => {
		const args = p.argv.slice(1);
		nextopts(args, '', 'bg');
		const job = getjob(sh, args[0], true);
		p.out(`[${job.num}] ${job.texts.join(' | ')}\n`);
		return 0;
	},
};

/** Null prototype: a command named `__proto__` or `constructor` is not a builtin. */
export const BUILTINS: Record<string, Builtin> = Object.assign(Object.create(null) as Record<string, Builtin>, BUILTIN_TABLE);
