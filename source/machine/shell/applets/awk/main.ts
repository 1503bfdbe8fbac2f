/**
 * awk_main() of busybox 1.35 (editors/awk.c): options (getopt32 with "+": the first operand
 * ends them), -v assignments, -f program files read from the VFS ("-" is stdin), -e, the
 * program operand, ARGV/ARGC and ENVIRON; then BEGIN, the input and END.
 *
 * Errors: syntax and run-time errors print `awk: PROG:LINE: MESSAGE` (PROG is "cmd. line" or
 * the -f file), other fatal ones `awk: MESSAGE`; both exit with status 1, as
 * bb_error_msg_and_die() does. Output already printed stays.
 */
import {isErrno, strerror} from '../../../errno.js';
import {readFile, type Proc} from '../../proc.js';
import {BadRegex} from '../../regex.js';
import {BB_BANNER, getopt32} from '../../getopt.js';
import type {Func, Program} from './ast.js';
import {Runtime} from './interp.js';
import {unescape} from './lexer.js';
import {Parser} from './parser.js';
import {arrayOf, AwkDie, AwkError, setNum, setStr, setUser} from './value.js';
import './format.js';

const USAGE = 'Usage: awk [OPTIONS] [AWK_PROGRAM] [FILE]...\n\n'
	+ '\t-v VAR=VAL\tSet variable\n'
	+ '\t-F SEP\t\tUse SEP as field separator\n'
	+ '\t-f FILE\t\tRead program from FILE\n'
	+ '\t-e AWK_PROGRAM\n';

/** bb_show_usage(): the banner and awk's usage text on stderr; the exit status 1. */
function showUsage(p: Proc): number {
	p.err(`${BB_BANNER}\n${USAGE}`);
	return 1;
}

/** awk_main()'s getopt32(): options up to the first operand (the program). */
export function awkOptions(p: Proc): ReturnType<typeof getopt32> {
	return getopt32(p, {opts: '+F:v:*f:*e:*W:', usageText: USAGE});
}

export function awkMain(p: Proc): number {
	const o = awkOptions(p);
	if (typeof o === 'number') return o;
	const prog: Program = {begin: [], main: [], end: [], funcs: new Map<string, Func>()};
	const rt = new Runtime(p, prog, prog.funcs);
	try {
		for (const [k, v] of p.env) setUser(arrayOf(rt.ENVIRON).find(k), v);
		if (o.has('W')) p.err('awk: warning: option -W is ignored\n');
		const fs = o.arg('F');
		if (fs !== undefined) setStr(rt.FS, unescape(fs));
		for (const v of o.list('v')) {
			if (!rt.assign(v)) return showUsage(p);
		}
		const env = {global: (name: string) => rt.global(name), funcs: prog.funcs};
		let parser: Parser | undefined;
		const parse = (src: string, name: string) => {
			rt.progname = name;
			parser = new Parser(src, name, env, prog);
			parser.parse();
		};
		for (const f of o.list('f')) {
			let text: string;
			if (f === '-') text = p.stdin();
			else {
				const d = readFile(p.vfs, p.abs(f));
				if (isErrno(d)) throw new AwkDie(`can't open '${f}': ${strerror[d]}`);
				text = d;
			}
			parse(text, f);
		}
		const es = o.list('e');
		for (const e of es) parse(e, 'cmd. line');
		const args = o.args;
		if (!o.has('f') && !es.length) {
			if (!args.length) return showUsage(p);
			parse(args.shift()!, 'cmd. line');
		}
		rt.progname = 'cmd. line';
		rt.line = parser?.line ?? 1;
		setUser(arrayOf(rt.ARGV).find('0'), 'awk');
		args.forEach((a, i) => setUser(arrayOf(rt.ARGV).find(String(i + 1)), a));
		setNum(rt.ARGC, args.length + 1);
		return rt.main();
	} catch (e) {
		if (e instanceof AwkError) p.err(`awk: ${rt.progname}:${e.line ?? rt.line}: ${e.message}\n`);
		else if (e instanceof AwkDie || e instanceof BadRegex) p.err(`awk: ${e.message}\n`);
		else throw e;
		return 1;
	}
}
