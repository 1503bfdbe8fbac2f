import type {Proc} from '../proc.js';

/** coreutils/test.c: test / [ / [[ with the POSIX unary and binary primaries. */
export function testMain(p: Proc, bracket: boolean, close = ']'): number {
	let args = p.argv.slice(1);
	const name = p.argv[0];
	if (bracket) {
		if (args[args.length - 1] !== close) {
			p.err(`sh: ${name}: missing ${close}\n`);
			return 2;
		}
		args = args.slice(0, -1);
	}
	let i = 0;
	const fail = (msg: string): never => {
		throw new TestError(msg);
	};
	const statOf = (path: string, follow = true) => {
		const st = p.vfs.stat(p.abs(path), follow);
		return typeof st === 'string' ? undefined : st;
	};
	const int = (s: string): number => {
		// ash's builtin test dies through bb_error_msg: `sh: WORD: bad number`
		if (!/^\s*[-+]?\d+\s*$/.test(s)) throw new TestError(`${s}: bad number`, true);
		return Number(s);
	};
	const unary: Record<string, (a: string) => boolean> = {
		'-e': a => !!statOf(a),
		'-f': a => statOf(a)?.type === 'file',
		'-d': a => statOf(a)?.type === 'dir',
		'-c': a => statOf(a)?.type === 'chardev',
		'-L': a => statOf(a, false)?.type === 'symlink',
		'-h': a => statOf(a, false)?.type === 'symlink',
		'-s': a => (statOf(a)?.size ?? 0) > 0,
		'-r': a => !!statOf(a),
		'-w': a => !!statOf(a),
		'-x': a => ((statOf(a)?.mode ?? 0) & 0o111) !== 0,
		'-z': a => a.length === 0,
		'-n': a => a.length > 0,
		'-t': () => p.stdoutIsTty,
		'-b': () => false,
		'-p': () => false,
		'-S': () => false,
	};
	const binary: Record<string, (a: string, b: string) => boolean> = {
		'=': (a, b) => a === b,
		'==': (a, b) => a === b,
		'!=': (a, b) => a !== b,
		'<': (a, b) => a < b,
		'>': (a, b) => a > b,
		'-eq': (a, b) => int(a) === int(b),
		'-ne': (a, b) => int(a) !== int(b),
		'-lt': (a, b) => int(a) < int(b),
		'-le': (a, b) => int(a) <= int(b),
		'-gt': (a, b) => int(a) > int(b),
		'-ge': (a, b) => int(a) >= int(b),
	};
	function primary(): boolean {
		const a = args[i];
		if (a === undefined) fail('argument expected');
		if (a === '!') {
			i++;
			return !primary();
		}
		if (a === '(' && args.length - i > 2) {
			i++;
			const v = orExpr();
			if (args[i] !== ')') fail(`')' expected`);
			i++;
			return v;
		}
		// Own keys only: `in` would also find Object.prototype's (`test __proto__ x`).
		if (args[i + 1] !== undefined && Object.hasOwn(binary, args[i + 1]!) && args[i + 2] !== undefined) {
			const r = binary[args[i + 1]](a, args[i + 2]);
			i += 3;
			return r;
		}
		if (Object.hasOwn(unary, a) && args[i + 1] !== undefined) {
			i += 2;
			return unary[a](args[i - 1]);
		}
		i++;
		return a.length > 0;
	}
	function andExpr(): boolean {
		let v = primary();
		while (args[i] === '-a') {
			i++;
			v = primary() && v;
		}
		return v;
	}
	function orExpr(): boolean {
		let v = andExpr();
		while (args[i] === '-o') {
			i++;
			v = andExpr() || v;
		}
		return v;
	}
	try {
		if (args.length === 0) return 1;
		const v = orExpr();
		if (i < args.length) fail(`${args[i]}: unknown operand`);
		return v ? 0 : 1;
	} catch (e) {
		if (e instanceof TestError) {
			p.err(e.bare ? `sh: ${e.message}\n` : `sh: ${name}: ${e.message}\n`);
			return 2;
		}
		throw e;
	}
}

class TestError extends Error {
	constructor(message: string, readonly bare = false) {
		super(message);
	}
}
