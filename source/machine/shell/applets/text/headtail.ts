import {strerror} from '../../../errno.js';
import {BadNumber, BKM_SUFFIXES, bbShowUsage, dashDashHelp, getopt32, UINT_MAX, ULONG_MAX, xatoiPositive, xatonum} from '../../getopt.js';
import {errorMsg, NeedConsoleInput, type ConsoleReader, type Program, type Proc} from '../../proc.js';
import {bytesOf, openRead, perrorName, Stdin, textOf} from './common.js';

/** coreutils/head.c and tail.c of busybox 1.35 (FEATURE_FANCY_HEAD/TAIL). */

const HEADER = '\n==> %s <==\n';

/** Index just past the n-th '\n' of s (or s.length when there are fewer). */
function afterNewlines(p: Proc, s: string, n: number): number {
	let at = 0;
	for (let k = 0; k < n; k++) {
		if ((k & 1023) === 0) p.tick();
		const nl = s.indexOf('\n', at);
		if (nl < 0) return s.length;
		at = nl + 1;
	}
	return at;
}

/** Start of the last n lines of s (a last line without '\n' counts). */
function lastLinesStart(p: Proc, s: string, n: number): number {
	if (n === 0) return s.length;
	let at = s.length - (s.endsWith('\n') ? 1 : 0);
	for (let k = 0; k < n; k++) {
		if ((k & 1023) === 0) p.tick();
		const nl = s.lastIndexOf('\n', at - 1);
		if (nl < 0) return 0;
		at = nl;
	}
	return at + 1;
}

/**
 * print_first_N() on the console: getc() gets a line per read(2) of the tty, so head prints
 * each line as it is typed and exits once it has `count` lines (or bytes); the rest of a line
 * it read went with its stdio buffer. Before that it waits for more (or Ctrl-D).
 */
function headConsole(p: Proc, con: ConsoleReader, count: number, bytes: boolean): void {
	const typed = con.peek();
	const d = bytesOf(typed.data);
	const enough = bytes ? d.length >= count : d.split('\n').length - 1 >= count;
	if (!enough && !typed.eof) {
		p.out(textOf(d));
		throw new NeedConsoleInput();
	}
	const end = bytes ? Math.min(count, d.length) : afterNewlines(p, d, count);
	// the line holding the last byte printed was read whole
	const read = end === 0 ? 0 : d.indexOf('\n', end - 1) + 1 || d.length;
	con.take(textOf(d.slice(0, read)).length);
	p.out(textOf(d.slice(0, end)));
}

/**
 * How much of a pipe `head ARGS` reads before it exits on its own, for the pipeline that feeds
 * it (PipeSink.reader): its count of lines (or bytes with -c) when it reads its standard
 * input alone; undefined where that is not plain (files, a negative count, a bad number: memhp
 * then lets the writer run to its end).
 */
export function headQuota(argv: readonly string[]): {bytes: boolean; count: number} | undefined {
	let count = 10;
	let bytes = false;
	// (head's own number parsing, as eat() in head below)
	const number = (s: string): number | undefined => {
		const n = xatonum(s, ULONG_MAX, ULONG_MAX, BKM_SUFFIXES);
		return n instanceof BadNumber ? undefined : n;
	};
	let i = 1;
	if (argv.length > 1 && /^-[0-9]/.test(argv[1])) {
		const n = number(argv[1].slice(1));
		if (n === undefined) return undefined;
		count = n;
		i = 2;
	}
	for (; i < argv.length; i++) {
		const a = argv[i];
		if (a === '-' || !a.startsWith('-')) return undefined;
		if (a === '-q' || a === '-v' || a === '-qv' || a === '-vq') continue;
		const m = /^-([nc])(.*)$/.exec(a);
		if (!m) return undefined;
		const text = m[2] || argv[++i];
		const n = text === undefined ? undefined : number(text);
		if (n === undefined) return undefined;
		if (m[1] === 'c') bytes = true;
		count = n;
	}
	return {bytes, count};
}

const head: Program = p => {
	if (dashDashHelp(p)) return bbShowUsage(p, 'head', 0);
	let count = 10;
	let bytes = false;
	let negative = false;
	let threshold = 1;
	const eat = (s: string): number | undefined => {
		if (s.startsWith('-')) {
			negative = true;
			s = s.slice(1);
		}
		const n = xatonum(s, ULONG_MAX, ULONG_MAX, BKM_SUFFIXES);
		if (n instanceof BadNumber) {
			errorMsg(p, n.message);
			return undefined;
		}
		return n;
	};
	let argv = p.argv;
	// the legacy `head -N` only as the first argument
	if (argv.length > 1 && /^-[0-9]/.test(argv[1])) {
		const n = eat(argv[1].slice(1));
		if (n === undefined) return 1;
		count = n;
		// argv++: getopt now takes the count for argv[0] (`head -2 -x`: "-2: invalid option")
		argv = argv.slice(1);
	}
	const o = getopt32(p, {
		opts: 'n:c:qv',
		noLong: true,
		argv,
		each: (c, v) => {
			if (c === 'q') threshold = Infinity;
			else if (c === 'v') threshold = -1;
			else {
				if (c === 'c') bytes = true;
				const n = eat(v!);
				if (n === undefined) return 1;
				count = n;
			}
			return undefined;
		},
	});
	if (typeof o === 'number') return o;
	const files = o.args.length ? o.args : ['-'];
	if (o.args.length <= threshold) threshold = 0;
	if (negative && count >= 268435455) {
		errorMsg(p, `count is too big: ${count}`);
		count %= 2 ** 32;
	}
	const stdin = new Stdin(p);
	let fmt = HEADER.slice(1);
	let st = 0;
	for (const name of files) {
		p.tick();
		if (name === '-' && !negative && p.console) {
			if (threshold) p.out(fmt.replace('%s', 'standard input'));
			headConsole(p, p.console, count, bytes);
			fmt = HEADER;
			continue;
		}
		const f = openRead(p, name, stdin, true);
		if (!f.ok && f.openErr) {
			perrorName(p, name, f.openErr);
			st = 1;
		} else {
			if (threshold) p.out(fmt.replace('%s', name === '-' ? 'standard input' : name));
			if (!f.ok) {
				// fclose_if_not_stdin() of a stream that failed to read sets errno = EIO
				errorMsg(p, `${name}: ${strerror.EIO}`);
				st = 1;
			} else {
				const d = f.data;
				let shown: string;
				if (negative) shown = d.slice(0, bytes ? Math.max(0, d.length - count) : lastLinesStart(p, d, count));
				else shown = d.slice(0, bytes ? count : afterNewlines(p, d, count));
				if (f.stdin) stdin.consume(negative ? undefined : shown.length);
				p.out(textOf(shown));
			}
		}
		fmt = HEADER;
	}
	return st;
};

const tail: Program = p => {
	if (dashDashHelp(p)) return bbShowUsage(p, 'tail', 0);
	let count = 10;
	let fromTop = false;
	const eat = (s: string): number | undefined => {
		if (s.startsWith('-')) s = s.slice(1);
		else if (s.startsWith('+')) {
			s = s.slice(1);
			fromTop = true;
		}
		const n = xatonum(s, UINT_MAX, UINT_MAX, BKM_SUFFIXES);
		if (n instanceof BadNumber) {
			errorMsg(p, n.message);
			return undefined;
		}
		return n;
	};
	let argv = p.argv;
	if (argv.length > 1 && /^[+-][0-9]/.test(argv[1])) {
		const n = eat(argv[1]);
		if (n === undefined) return 1;
		count = n;
		// argv++: getopt now takes the count for argv[0] (`head -2 -x`: "-2: invalid option")
		argv = argv.slice(1);
	}
	const o = getopt32(p, {
		opts: 'fc:n:qs:vF',
		argv,
		// getopt32's "s:+": the number is converted as the option is parsed
		each: (c, v) => {
			if (c !== 's') return undefined;
			const n = xatoiPositive(v!);
			if (!(n instanceof BadNumber)) return undefined;
			errorMsg(p, n.message);
			return 1;
		},
	});
	if (typeof o === 'number') return o;
	const bytes = o.has('c');
	for (const c of ['c', 'n']) {
		const v = o.arg(c);
		if (v === undefined) continue;
		const n = eat(v);
		if (n === undefined) return 1;
		count = n;
	}
	let threshold = o.has('q') ? Infinity : 1;
	if (o.has('v')) threshold = 0;
	// -f on a pipe (no operands, stdin not a terminal) is cleared, as S_ISFIFO(stdin) does
	const follow = (o.has('f') || o.has('F')) && !(o.args.length === 0 && !p.stdinIsTty);
	const stdin = new Stdin(p);
	const opened: {name: string; data?: string; err?: string; size?: number}[] = [];
	let st = 0;
	for (const name of o.args.length ? o.args : ['standard input']) {
		p.tick();
		const f = openRead(p, name === 'standard input' && o.args.length === 0 ? '-' : name, stdin);
		if (!f.ok && f.openErr) {
			errorMsg(p, `can't open '${name}': ${strerror[f.openErr]}`);
			st = 1;
			if (!o.has('F')) continue;
		}
		// lseek(fd, 0, SEEK_END) for -c: a file whose size is known (not a /proc file's 0)
		const stat = f.ok && !f.stdin ? p.vfs.stat(p.abs(name)) : undefined;
		const size = stat && typeof stat !== 'string' && stat.type === 'file' && stat.size > 0 ? stat.size : undefined;
		opened.push({name, data: f.ok ? f.data : undefined, err: !f.ok && f.readErr ? strerror[f.readErr] : undefined, size});
	}
	if (opened.length === 0) {
		errorMsg(p, 'no files');
		return 1;
	}
	let fmt = HEADER.slice(1);
	for (const f of opened) {
		if (f.data === undefined && f.err === undefined) continue;
		if (opened.length > threshold) {
			p.out(fmt.replace('%s', f.name));
			fmt = HEADER;
		}
		if (f.err !== undefined) {
			errorMsg(p, `read error: ${f.err}`);
			st = 1;
			continue;
		}
		const d = f.data!;
		let shown: string;
		if (fromTop) shown = bytes ? d.slice(Math.max(count, 1) - 1) : d.slice(count <= 1 ? 0 : afterNewlines(p, d, count - 1));
		else if (count === 0) shown = '';
		else if (bytes && f.size !== undefined) {
			// "Optimizing count-bytes case if the file is seekable": count bytes from size - count.
			// A sysfs attribute says 4096 whatever it holds, so `tail -c 20` of one reads past its
			// end and prints nothing (the lab: block_size_bytes, s49/r35 e6).
			const from = Math.max(0, f.size - count);
			shown = d.slice(from, from + count);
		} else shown = bytes ? d.slice(Math.max(0, d.length - count)) : d.slice(lastLinesStart(p, d, count));
		p.out(textOf(shown));
	}
	// tail -f never ends by itself: it waits for more data until interrupted.
	if (follow) p.tick(Infinity);
	return st;
};

export const HEAD_TAIL: Record<string, Program> = {head, tail};
