import {isErrno} from '../../errno.js';
import {errorMsg, type Proc} from '../proc.js';
import {fnmatch} from '../glob.js';
import {PosixRegex, RE_SYNTAX_POSIX_EXTENDED} from '../posix-regex.js';
import {encodeDev, fullStat} from './fsutils.js';

/**
 * coreutils/test.c of busybox 1.35: test, [ and [[ (ash's builtins: messages say `sh:`). POSIX's
 * special cases for up to three arguments first (`test '(' = '('`, `[ ! ]`), then the recursive
 * parser: -o over -a over ! over primaries; a primary is ( EXPR ), a unary operator and its
 * operand, an operand and a binary operator, or a string that must not be empty. Integers are
 * strtoll()'s (`out of range`, `bad number`); a missing operand is `argument expected`; words
 * left over are `unknown operand`. File tests stat(2) as root (-r/-w always pass, -x wants an
 * execute bit); -nt/-ot compare mtimes and -ef device and inode.
 */

type OpType = 'UNOP' | 'BINOP' | 'BUNOP' | 'BBINOP' | 'PAREN';
type Token =
	| 'EOI' | 'OPERAND' | 'UNOT' | 'BAND' | 'BOR' | 'LPAREN' | 'RPAREN'
	| 'FILRD' | 'FILWR' | 'FILEX' | 'FILEXIST' | 'FILREG' | 'FILDIR' | 'FILCDEV' | 'FILBDEV' | 'FILFIFO' | 'FILSOCK'
	| 'FILSYM' | 'FILGZ' | 'FILTT' | 'FILSUID' | 'FILSGID' | 'FILSTCK' | 'FILUID' | 'FILGID' | 'STREZ' | 'STRNZ'
	| 'STREQ' | 'STRNE' | 'STRLT' | 'STRGT' | 'INTEQ' | 'INTNE' | 'INTGE' | 'INTGT' | 'INTLE' | 'INTLT' | 'FILNT' | 'FILOT' | 'FILEQ'
	| 'REGEX';

/** ops_table: each operator's token and kind. */
const OPS: ReadonlyMap<string, [Token, OpType]> = new Map([
	['-r', ['FILRD', 'UNOP']], ['-w', ['FILWR', 'UNOP']], ['-x', ['FILEX', 'UNOP']], ['-e', ['FILEXIST', 'UNOP']],
	['-f', ['FILREG', 'UNOP']], ['-d', ['FILDIR', 'UNOP']], ['-c', ['FILCDEV', 'UNOP']], ['-b', ['FILBDEV', 'UNOP']],
	['-p', ['FILFIFO', 'UNOP']], ['-u', ['FILSUID', 'UNOP']], ['-g', ['FILSGID', 'UNOP']], ['-k', ['FILSTCK', 'UNOP']],
	['-s', ['FILGZ', 'UNOP']], ['-t', ['FILTT', 'UNOP']], ['-z', ['STREZ', 'UNOP']], ['-n', ['STRNZ', 'UNOP']],
	['-h', ['FILSYM', 'UNOP']], ['-O', ['FILUID', 'UNOP']], ['-G', ['FILGID', 'UNOP']], ['-L', ['FILSYM', 'UNOP']],
	['-S', ['FILSOCK', 'UNOP']],
	['=', ['STREQ', 'BINOP']], ['==', ['STREQ', 'BINOP']], ['!=', ['STRNE', 'BINOP']], ['<', ['STRLT', 'BINOP']], ['>', ['STRGT', 'BINOP']],
	['-eq', ['INTEQ', 'BINOP']], ['-ne', ['INTNE', 'BINOP']], ['-ge', ['INTGE', 'BINOP']], ['-gt', ['INTGT', 'BINOP']],
	['-le', ['INTLE', 'BINOP']], ['-lt', ['INTLT', 'BINOP']], ['-nt', ['FILNT', 'BINOP']], ['-ot', ['FILOT', 'BINOP']], ['-ef', ['FILEQ', 'BINOP']],
	['!', ['UNOT', 'BUNOP']], ['-a', ['BAND', 'BBINOP']], ['-o', ['BOR', 'BBINOP']], ['(', ['LPAREN', 'PAREN']], [')', ['RPAREN', 'PAREN']],
]);

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** syntax(): the message is printed and test exits with status 2. */
class TestSyntax extends Error {}
/** An error test reports by its status (2) alone. */
class TestFailed extends Error {}

export function testMain(p: Proc, bracket: boolean, close = ']'): number {
	let argv = p.argv.slice(1);
	if (bracket) {
		if (argv.at(-1) !== close) {
			errorMsg(p, `missing ${close}`);
			return 2;
		}
		argv = argv.slice(0, -1);
	}
	let args = argv;
	let at = 0;
	let lastOp: [Token, OpType] | undefined;

	const check = (s: string | undefined): Token => {
		if (s === undefined) {
			lastOp = undefined;
			return 'EOI';
		}
		// `=~` (regcomp(REG_EXTENDED), matching anywhere) is an operator of [[ only
		lastOp = OPS.get(s) ?? (s === '=~' && close === ']]' ? ['REGEX', 'BINOP'] : undefined);
		return lastOp ? lastOp[0] : 'OPERAND';
	};
	const syntax = (op: string | undefined, msg: string): never => {
		errorMsg(p, op ? `${op}: ${msg}` : msg);
		throw new TestSyntax();
	};
	/** getn(): strtoll(s, &end, 10), nothing but blanks after it. */
	const getn = (s: string): bigint => {
		const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
		if (m) {
			const v = BigInt(m[1]!);
			if (v < INT64_MIN || v > INT64_MAX) syntax(s, 'out of range');
		}
		if (!m || s.slice(m[0].length).replace(/^[ \t\n\v\f\r]+/, '') !== '') syntax(s, 'bad number');
		return BigInt(m![1]!);
	};
	const isatty = (fd: bigint): boolean => (fd === 0n ? p.stdinIsTty : fd === 1n || fd === 2n ? p.stdoutIsTty : false);

	const filstat = (name: string, mode: Token): boolean => {
		if (mode === 'FILSYM') {
			const l = p.vfs.stat(p.abs(name), false);
			return !isErrno(l) && l.type === 'symlink';
		}
		if (name === '') return false;
		const st = p.vfs.stat(p.abs(name), true);
		if (isErrno(st)) return false;
		switch (mode) {
			case 'FILEXIST':
			case 'FILRD':
			case 'FILWR':
				return true;
			case 'FILEX':
				return (st.mode & 0o111) !== 0;
			case 'FILREG':
				return st.type === 'file';
			case 'FILDIR':
				return st.type === 'dir';
			case 'FILCDEV':
				return st.type === 'chardev';
			case 'FILBDEV':
				return st.type === 'blockdev';
			case 'FILFIFO':
				return st.type === 'fifo';
			case 'FILSOCK':
				return false;
			case 'FILSUID':
				return (st.mode & 0o4000) !== 0;
			case 'FILSGID':
				return (st.mode & 0o2000) !== 0;
			case 'FILSTCK':
				return (st.mode & 0o1000) !== 0;
			case 'FILGZ':
				return st.size > 0;
			case 'FILUID':
				return st.uid === 0;
			case 'FILGID':
				return st.gid === 0;
			default:
				return true;
		}
	};

	const binop = (): boolean => {
		const opnd1 = args[at]!;
		check(args[++at]);
		const op = lastOp![0];
		const opnd2 = args[++at];
		if (opnd2 === undefined) syntax(args[at - 1], 'argument expected');
		const b = opnd2!;
		if (op.startsWith('INT')) {
			const v1 = getn(opnd1);
			const v2 = getn(b);
			return op === 'INTEQ' ? v1 === v2 : op === 'INTNE' ? v1 !== v2 : op === 'INTGE' ? v1 >= v2 : op === 'INTGT' ? v1 > v2 : op === 'INTLE' ? v1 <= v2 : v1 < v2;
		}
		if (op === 'REGEX') {
			const re = PosixRegex.compile(b, RE_SYNTAX_POSIX_EXTENDED);
			// a pattern regcomp() refuses: status 2, no message
			if (typeof re === 'string') throw new TestFailed();
			return re.exec(opnd1) !== null;
		}
		if ((op === 'STREQ' || op === 'STRNE') && close === ']]') {
			// [[ = / == / != match the right side as a pattern (fnmatch), unquoted or not
			const m = fnmatch(b, opnd1);
			return op === 'STREQ' ? m : !m;
		}
		if (op.startsWith('STR')) {
			// strcmp(): byte order
			const c = opnd1 < b ? -1 : opnd1 > b ? 1 : 0;
			return op === 'STREQ' ? c === 0 : op === 'STRNE' ? c !== 0 : op === 'STRLT' ? c < 0 : c > 0;
		}
		const s1 = fullStat(p, opnd1, true);
		const s2 = fullStat(p, b, true);
		if (isErrno(s1) || isErrno(s2)) return false;
		if (op === 'FILNT') return s1.mtime > s2.mtime;
		if (op === 'FILOT') return s1.mtime < s2.mtime;
		return encodeDev(s1.dev) === encodeDev(s2.dev) && s1.ino === s2.ino;
	};

	const primary = (n: Token): boolean => {
		p.tick();
		if (n === 'EOI') syntax(undefined, 'argument expected');
		if (n === 'LPAREN') {
			const res = oexpr(check(args[++at]));
			if (check(args[++at]) !== 'RPAREN') syntax(undefined, 'closing paren expected');
			return res;
		}
		// "is $1 a unary operator?" before "is $2 a binary one?" (coreutils 6.9 does the same)
		if (lastOp?.[1] === 'UNOP') {
			if (args[at + 1] !== undefined) {
				const operand = args[++at]!;
				if (n === 'STREZ') return operand === '';
				if (n === 'STRNZ') return operand !== '';
				if (n === 'FILTT') return isatty(getn(operand));
				return filstat(operand, n);
			}
		} else if (check(args[at + 1]) !== 'EOI' && lastOp?.[1] === 'BINOP') {
			return binop();
		}
		return args[at] !== '';
	};
	const nexpr = (n: Token): boolean => {
		if (n === 'UNOT') {
			const next = check(args[++at]);
			// [ ! ] and [ a -a ! ]: "!" may miss its operand
			if (next === 'EOI') {
				at--;
				return true;
			}
			return !nexpr(next);
		}
		return primary(n);
	};
	const aexpr = (n: Token): boolean => {
		const res = nexpr(n);
		if (check(args[++at]) === 'BAND') {
			const res2 = aexpr(check(args[++at]));
			return res && res2;
		}
		at--;
		return res;
	};
	const oexpr = (n: Token): boolean => {
		const res = aexpr(n);
		if (check(args[++at]) === 'BOR') {
			const res2 = oexpr(check(args[++at]));
			return res2 || res;
		}
		at--;
		return res;
	};

	try {
		// POSIX's special cases, after any leading "!"s
		let negate = false;
		for (;;) {
			if (argv[0] === undefined) return negate ? 0 : 1;
			if (argv[1] === undefined) return (argv[0] === '') !== negate ? 1 : 0;
			if (argv[2] !== undefined && argv[3] === undefined) {
				check(argv[1]);
				if (lastOp?.[1] === 'BINOP') {
					args = argv;
					at = 0;
					return binop() !== negate ? 0 : 1;
				}
			}
			if (argv[0] !== '!') break;
			argv = argv.slice(1);
			negate = !negate;
		}
		// (the general parser starts over from the first argument, any "!" included)
		args = bracket ? p.argv.slice(1, -1) : p.argv.slice(1);
		at = 0;
		const res = oexpr(check(args[0]));
		if (args[at] !== undefined && args[++at] !== undefined) {
			errorMsg(p, `${args[at]}: unknown operand`);
			return 2;
		}
		return res ? 0 : 1;
	} catch (e) {
		if (e instanceof TestSyntax || e instanceof TestFailed) return 2;
		throw e;
	}
}
