import {isErrno, strerror} from '../errno.js';
import {ShellError} from './expand.js';
import {ExitShell, LoopCtl, ReturnCtl, type Interp, type IO} from './interp.js';
import {parse} from './parser.js';
import {absPath, readFile, type Proc} from './proc.js';
import {echoMain} from './applets/echo.js';
import {printfMain} from './applets/printf.js';
import {testMain} from './applets/test.js';
import {findProgram} from './path.js';

export type Builtin = (p: Proc, sh: Interp) => number;

/** ash's builtintab, in its (sorted) order: `help` prints them like this. */
export const BUILTIN_NAMES = ['.', ':', '[', '[[', 'alias', 'bg', 'break', 'cd', 'chdir', 'command', 'continue', 'echo', 'eval', 'exec',
	'exit', 'export', 'false', 'fg', 'getopts', 'hash', 'help', 'history', 'jobs', 'kill', 'let', 'local', 'printf', 'pwd', 'read',
	'readonly', 'return', 'set', 'shift', 'source', 'test', 'times', 'trap', 'true', 'type', 'ulimit', 'umask', 'unalias', 'unset', 'wait'];

/** POSIX special builtins: their errors abort the command line, their assignments persist. */
export const SPECIAL_BUILTINS = new Set(['.', ':', 'break', 'continue', 'eval', 'exec', 'exit', 'export', 'readonly', 'return', 'set', 'shift',
	'source', 'times', 'trap', 'unset']);

function number(name: string, s: string | undefined, dflt: number): number {
	if (s === undefined) return dflt;
	if (!/^\d+$/.test(s)) throw new ShellError(`${name}: Illegal number: ${s}`);
	return Number(s);
}

function quote(v: string): string {
	return `'${v.replace(/'/g, `'"'"'`)}'`;
}

function cd(p: Proc, sh: Interp): number {
	let dest = p.argv[1];
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
	// ash keeps the logical path (symlinks not resolved), normalising . and ..
	const parts: string[] = [];
	for (const c of target.split('/')) {
		if (c === '' || c === '.') continue;
		if (c === '..') parts.pop();
		else parts.push(c);
	}
	const cwd = '/' + parts.join('/');
	sh.setVar('OLDPWD', sh.state.cwd);
	sh.state.cwd = cwd;
	sh.setVar('PWD', cwd);
	if (print) p.out(cwd + '\n');
	return 0;
}

function help(p: Proc): number {
	let out = 'Built-in commands:\n------------------\n';
	let col = 0;
	for (const name of BUILTIN_NAMES) {
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

function read(p: Proc, sh: Interp): number {
	const args = p.argv.slice(1);
	let raw = false;
	while (args[0]?.startsWith('-')) {
		const a = args.shift()!;
		if (a === '-r') raw = true;
		else if (a === '-p') args.shift();
	}
	const input = p.stdin();
	if (input === '') return 1;
	const nl = input.indexOf('\n');
	let line = nl >= 0 ? input.slice(0, nl) : input;
	if (!raw) line = line.replace(/\\(.)/g, '$1');
	const names = args.length ? args : ['REPLY'];
	const ifs = sh.getVar('IFS') ?? ' \t\n';
	let rest = line.replace(new RegExp(`^[${ifs.replace(/[\]\\^-]/g, '\\$&')}]+`), '');
	names.forEach((name, i) => {
		if (i === names.length - 1) {
			sh.setVar(name, rest.replace(/\s+$/, ''));
			return;
		}
		const m = /^(\S*)\s*/.exec(rest)!;
		sh.setVar(name, m[1]);
		rest = rest.slice(m[0].length);
	});
	return nl >= 0 ? 0 : 1;
}

/** ash's option table (optletters_optnames), in `set -o` order; '' for long-only options. */
const SET_OPTIONS: [string, string][] = [['errexit', 'e'], ['noglob', 'f'], ['ignoreeof', 'I'], ['monitor', 'm'], ['noexec', 'n'], ['xtrace', 'x'],
	['verbose', 'v'], ['noclobber', 'C'], ['allexport', 'a'], ['notify', 'b'], ['nounset', 'u'], ['errtrace', 'E'], ['vi', ''], ['pipefail', '']];

function set(p: Proc, sh: Interp): number {
	if (p.argv.length === 1) {
		const names = [...sh.state.vars.keys()].sort();
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
			sh.state.positional = args.slice(i);
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
				if (!opt) throw new ShellError(`set: illegal option ${a[0]}o ${name}`);
				if (on) sh.opts.add(key(...opt));
				else sh.opts.delete(key(...opt));
				continue;
			}
			if (!SET_OPTIONS.some(([, l]) => l === c)) throw new ShellError(`set: illegal option ${a[0]}${c}`);
			if (on) sh.opts.add(c);
			else sh.opts.delete(c);
		}
	}
	if (i < args.length) sh.state.positional = args.slice(i);
	return 0;
}

function typeCmd(p: Proc, sh: Interp): number {
	let st = 0;
	for (const name of p.argv.slice(1)) {
		if (sh.state.functions.has(name)) p.out(`${name} is a function\n`);
		else if (BUILTINS[name]) p.out(`${name} is a ${SPECIAL_BUILTINS.has(name) ? 'special ' : ''}shell builtin\n`);
		else {
			const f = findProgram(p.vfs, sh.getVar('PATH') ?? '', sh.state.cwd, name);
			const path = (sh.getVar('PATH') ?? '').split(':').map(d => `${d}/${name}`).find(c => typeof p.vfs.stat(c) !== 'string');
			if (f.kind === 'missing' || !path) {
				p.out(`${name}: not found\n`);
				st = 127;
			} else p.out(`${name} is ${name.includes('/') ? name : path}\n`);
		}
	}
	return st;
}

/** The IO a builtin's nested commands use: its own streams. */
function procIo(p: Proc): IO {
	return {stdin: {tty: p.stdinIsTty, read: () => p.stdin()}, stdout: {kind: 'tty', write: s => {
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
	pwd: (p, sh) => {
		p.out(sh.state.cwd + '\n');
		return 0;
	},
	help: p => help(p),
	read,
	set,
	type: typeCmd,
	export: (p, sh) => {
		const args = p.argv.slice(1).filter(a => a !== '-p');
		if (args.length === 0) {
			for (const [k, v] of [...sh.state.vars].sort(([a], [b]) => (a < b ? -1 : 1))) if (v.exported) p.out(`export ${k}=${quote(v.value)}\n`);
			return 0;
		}
		for (const a of args) {
			const eq = a.indexOf('=');
			if (eq >= 0) sh.setVar(a.slice(0, eq), a.slice(eq + 1), true);
			else sh.setVar(a, sh.getVar(a) ?? '', true);
		}
		return 0;
	},
	readonly: (p, sh) => {
		for (const a of p.argv.slice(1)) {
			const eq = a.indexOf('=');
			const name = eq >= 0 ? a.slice(0, eq) : a;
			if (eq >= 0) sh.setVar(name, a.slice(eq + 1));
			const v = sh.state.vars.get(name) ?? {value: '', exported: false};
			sh.state.vars.set(name, {...v, readonly: true});
		}
		return 0;
	},
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
	unset: (p, sh) => {
		for (const a of p.argv.slice(1).filter(x => !x.startsWith('-'))) {
			if (sh.state.vars.get(a)?.readonly) throw new ShellError(`unset: ${a}: is read only`);
			sh.state.vars.delete(a);
			if (p.argv.includes('-f')) sh.state.functions.delete(a);
		}
		return 0;
	},
	shift: (p, sh) => {
		const n = number('shift', p.argv[1], 1);
		// busybox 1.35: shifting more than there are fails quietly (status 1).
		if (n > sh.state.positional.length) return 1;
		sh.state.positional = sh.state.positional.slice(n);
		return 0;
	},
	exit: (p, sh) => {
		throw new ExitShell(number('exit', p.argv[1], sh.state.status) & 255);
	},
	return: (p, sh) => {
		throw new ReturnCtl(number('return', p.argv[1], sh.state.status));
	},
	break: (p, sh) => {
		if (sh.loopDepth === 0) return 0;
		throw new LoopCtl('break', Math.min(number('break', p.argv[1], 1), sh.loopDepth));
	},
	continue: (p, sh) => {
		if (sh.loopDepth === 0) return 0;
		throw new LoopCtl('continue', Math.min(number('continue', p.argv[1], 1), sh.loopDepth));
	},
	eval: (p, sh) => sh.evalString(p.argv.slice(1).join(' '), procIo(p)),
	'.': (p, sh) => {
		const file = p.argv[1];
		// ash's dotcmd: no operand is status 2 without a message.
		if (!file) return 2;
		const text = readFile(p.vfs, p.abs(file));
		if (isErrno(text)) throw new ShellError(`.: can't open '${file}': ${strerror[text]}`);
		// Operands become the positional parameters while the file runs; `return` ends it.
		const saved = sh.state.positional;
		if (p.argv.length > 2) sh.state.positional = p.argv.slice(2);
		try {
			return sh.runFile(text, `sh: ${file}: `, procIo(p));
		} catch (e) {
			if (e instanceof ReturnCtl) return e.status;
			throw e;
		} finally {
			if (p.argv.length > 2) sh.state.positional = saved;
		}
	},
	source: (p, sh) => BUILTINS['.'](p, sh),
	history: (p, sh) => {
		p.out(sh.history.map((h, i) => `${String(i).padStart(4)} ${h}\n`).join(''));
		return 0;
	},
	let: (p, sh) => {
		let v = 0;
		for (const expr of p.argv.slice(1)) {
			v = Number(sh.commandSubst(`echo $((${expr}))`, {stdin: {tty: true, read: () => ''}, stdout: {kind: 'pipe', write: () => undefined}, stderr: {kind: 'tty', write: s => {
				p.err(s);
				return undefined;
			}}}));
		}
		return v === 0 ? 1 : 0;
	},
	umask: p => {
		if (p.argv.length === 1) p.out('0022\n');
		return 0;
	},
	times: p => {
		p.out('0m0.000000s 0m0.000000s\n0m0.000000s 0m0.000000s\n');
		return 0;
	},
	trap: () => 0,
	wait: () => 0,
	jobs: () => 0,
	hash: () => 0,
	alias: () => 0,
	unalias: () => 0,
	getopts: () => 1,
	ulimit: p => {
		p.out('unlimited\n');
		return 0;
	},
	command: (p, sh) => {
		const args = p.argv.slice(1).filter(a => a !== '-p');
		if (args[0] === '-v' || args[0] === '-V') return typeCmd({...p, argv: ['type', ...args.slice(1)]}, sh);
		if (args.length === 0) return 0;
		const node = parse(args.map(quote).join(' '));
		return node.ok ? sh.eval(node.node, procIo(p)) : 2;
	},
	exec: (p, sh) => {
		if (p.argv.length === 1) return 0;
		const st = BUILTINS.command({...p, argv: ['command', ...p.argv.slice(1)]}, sh);
		throw new ExitShell(st);
	},
	kill: p => {
		if (p.argv.length < 2) {
			p.err('kill: usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\nkill -l [exitstatus]\n');
			return 1;
		}
		for (const a of p.argv.slice(1).filter(x => !x.startsWith('-'))) p.err(`sh: kill: can't kill pid ${a}: No such process\n`);
		return 1;
	},
	fg: () => {
		throw new ShellError('no current job');
	},
	bg: () => {
		throw new ShellError('no current job');
	},
};

/** Null prototype: a command named `__proto__` or `constructor` is not a builtin. */
export const BUILTINS: Record<string, Builtin> = Object.assign(Object.create(null) as Record<string, Builtin>, BUILTIN_TABLE);
