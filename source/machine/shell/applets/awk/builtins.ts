/**
 * busybox awk's builtin functions (exec_builtin() and the simple ones in evaluate()),
 * printf/sprintf (awk_printf()) and sub/gsub/gensub (awk_sub()), with their argument
 * checks and messages.
 */
import type {Node} from './ast.js';
import {cFormat} from './format.js';
import {checkLen, glibcRandom, NOT_SIMULATED, type Runtime} from './interp.js';
import {execAt} from './regex.js';
import {arrayOf, Cell, isNumeric, numCell, setNum, setStr, setUser, strCell, toCInt, toCUnsigned, toLongLong, toNum} from './value.js';

/**
 * Debian builds busybox without FEATURE_AWK_LIBM: on the guest, `^`, `**`, sqrt(), exp(),
 * log(), sin(), cos() and atan2() all stop awk with "Math support is not compiled in".
 */
export const LIBM = false;

/** The simple builtins: Sx (string argument), Nx (number), Rx (argument required). */
const SIMPLE: Record<string, {arg: 'S' | 'N' | ''; required: boolean}> = {
	close: {arg: 'S', required: true},
	system: {arg: 'S', required: true},
	fflush: {arg: 'S', required: false},
	cos: {arg: 'N', required: true},
	exp: {arg: 'N', required: true},
	int: {arg: 'N', required: true},
	log: {arg: 'N', required: true},
	rand: {arg: '', required: false},
	sin: {arg: 'N', required: true},
	sqrt: {arg: 'N', required: true},
	srand: {arg: 'N', required: false},
	systime: {arg: '', required: false},
	length: {arg: 'S', required: false},
};

/**
 * The other builtins: which arguments are evaluated (v) and used as strings (s), as busybox's
 * table encodes them (bits v1 v2 v3 s1 s2 s3, then the minimum number of arguments).
 */
const ARGSPEC: Record<string, [number, number]> = {
	and: [0b000011, 2], compl: [0b000001, 1], lshift: [0b000011, 2], or: [0b000011, 2], rshift: [0b000011, 2],
	xor: [0b000011, 2], atan2: [0b000011, 2], gensub: [0b010110, 3], gsub: [0b110110, 2], index: [0b011011, 2],
	match: [0b001001, 2], split: [0b001011, 2], sub: [0b110110, 2], substr: [0b001111, 2], strftime: [0b001011, 0],
	mktime: [0b001011, 1], tolower: [0b001001, 1], toupper: [0b001001, 1],
};

export function callBuiltin(rt: Runtime, op: Node): Cell {
	const name = op.t === 'length' ? 'length' : op.name;
	if (name === 'sprintf') {
		// the result is a C string: a %c of 0 ends it
		const s = awkPrintf(rt, op.l);
		const nul = s.indexOf('\0');
		return strCell(nul < 0 ? s : s.slice(0, nul));
	}
	const simple = SIMPLE[name];
	if (simple) return simpleBuiltin(rt, op, name, simple);
	return builtin(rt, op, name);
}

function simpleBuiltin(rt: Runtime, op: Node, name: string, spec: {arg: 'S' | 'N' | ''; required: boolean}): Cell {
	const arg = op.l;
	let l: Cell | undefined;
	let ld = 0;
	let ls = '';
	if (spec.arg) {
		if (spec.required && !arg) rt.error('Too few arguments');
		l = rt.evaluate(arg);
		if (spec.arg === 'N') ld = toNum(l);
		else ls = rt.str(l);
	}
	if (arg && arg.t === 'comma') rt.error('Too many arguments');
	let rd = 0;
	switch (name) {
		case 'int':
			rd = toLongLong(ld);
			break;
		case 'rand': {
			if (arg) rt.error('Too many arguments');
			const u = ((rt.rand() << 16) ^ rt.rand()) >>> 0;
			const v = rt.rand() * 4294967296 + u;
			rd = v / 9223372036854775808;
			break;
		}
		case 'cos': case 'exp': case 'log': case 'sin': case 'sqrt':
			if (!LIBM) rt.error('Math support is not compiled in');
			rd = Math[name](ld);
			break;
		case 'srand':
			rd = rt.seed;
			rt.seed = arg ? toCUnsigned(ld) : Math.floor(rt.p.sys.time()) >>> 0;
			rt.rand = glibcRandom(rt.seed);
			break;
		case 'systime':
			if (arg) rt.error('Too many arguments');
			rd = Math.floor(rt.p.sys.time());
			break;
		case 'length':
			if (!arg) rd = rt.str(rt.F0).length;
			else if (l!.arr) rd = l!.arr.size;
			else rd = ls.length;
			break;
		case 'system':
			// fflush_all() (what awk printed so far goes first), then the command's exit status
			if (ls) rd = rt.runCommand(ls) ?? -1;
			break;
		case 'fflush':
			break;
		case 'close':
			rd = rt.close(ls);
			break;
	}
	return numCell(rd);
}

/** getvar_i_int(): an operand of the bit operations, as a C unsigned long. */
function u64(d: number): bigint {
	if (Number.isNaN(d)) return 1n << 63n;
	if (d >= 0) return d >= 18446744073709551616 ? 1n << 63n : BigInt(Math.trunc(d));
	const m = -d >= 9223372036854775808 ? 1n << 63n : BigInt(Math.trunc(-d));
	return BigInt.asUintN(64, -m);
}

function builtin(rt: Runtime, op: Node, name: string): Cell {
	const [bits, min] = ARGSPEC[name];
	const an = rt.args(op.l).slice(0, 4);
	const av: (Cell | undefined)[] = [];
	const as: string[] = [];
	// bit i of the spec word (shifted by the argument index) says v (evaluate) and, three
	// bits up, s (use as string); the fourth argument reads the s1 and count bits
	const word = bits | ((min & 3) << 6);
	for (let i = 0; i < an.length; i++) {
		const w = word >> i;
		if (w & 0b001001) {
			av[i] = rt.evaluate(an[i]);
			if (w & 0b001000) as[i] = rt.str(av[i]!);
		}
	}
	if (an.length < min) rt.error('Too few arguments');
	const n0 = () => toNum(av[0]!);
	const n1 = () => toNum(av[1]!);
	switch (name) {
		case 'atan2':
			rt.error('Math support is not compiled in');
			break;
		case 'and': return numCell(Number(u64(n0()) & u64(n1())));
		case 'or': return numCell(Number(u64(n0()) | u64(n1())));
		case 'xor': return numCell(Number(u64(n0()) ^ u64(n1())));
		case 'lshift': return numCell(Number(BigInt.asUintN(64, u64(n0()) << (u64(n1()) & 63n))));
		case 'rshift': return numCell(Number(u64(n0()) >> (u64(n1()) & 63n)));
		case 'compl': return numCell(Number(BigInt.asUintN(64, ~u64(n0()))));
		case 'split': {
			const spl = an.length > 2
				? an[2].t === 're' ? {re: an[2].name} : rt.splitter(rt.str(rt.evaluate(an[2])))
				: rt.fsplit;
			const parts = rt.split(as[0], spl);
			const arr = arrayOf(av[1]!);
			arr.clear();
			for (let i = 0; i < parts.length; i++) setUser(arr.find(String(i + 1)), parts[i]);
			return numCell(parts.length);
		}
		case 'substr': {
			const s = as[0];
			const l = s.length;
			let i = toCInt(n1() - 1);
			if (i > l) i = l;
			if (i < 0) i = 0;
			let n = an.length > 2 ? toCInt(toNum(av[2]!)) : l - i;
			if (n < 0) n = 0;
			return strCell(s.slice(i, i + n));
		}
		case 'tolower':
		case 'toupper':
			return strCell(name === 'toupper' ? as[0].replace(/[a-z]+/g, m => m.toUpperCase()) : as[0].replace(/[A-Z]+/g, m => m.toLowerCase()));
		case 'index': {
			let n = 0;
			const hay = as[0];
			const needle = as[1];
			if (needle.length > 0 && hay.length >= needle.length) {
				n = (rt.icase ? hay.toLowerCase().indexOf(needle.toLowerCase()) : hay.indexOf(needle)) + 1;
			}
			return numCell(n);
		}
		case 'strftime': {
			const t = an.length > 1 ? toNum(av[1]!) : Math.floor(rt.p.sys.time());
			const s = strftime(an.length > 0 ? as[0] : '%a %b %d %H:%M:%S %Z %Y', t);
			return strCell(s.length >= 240 ? '' : s);
		}
		case 'mktime':
			return numCell(mktime(as[0]));
		case 'match': {
			const m = execAt(rt.asRegex(an[1]), as[0], 0);
			setNum(rt.global('RLENGTH'), m ? m.end - m.start : -1);
			return setNum(rt.global('RSTART'), m ? m.start + 1 : 0);
		}
		case 'gensub': {
			const res = new Cell();
			awkSub(rt, an[0], as[1], toNum(av[2]!), av[3], res, true);
			return res;
		}
		case 'gsub':
		case 'sub':
			return numCell(awkSub(rt, an[0], as[1], name === 'sub' ? 1 : 0, av[2], av[2], false));
	}
	return numCell(0);
}

/**
 * awk_sub() as busybox 1.35 has it: the nm'th match (every match for 0) of `re` in src is
 * replaced. In the replacement, `&` is the match; backslashes before `&` (or before a digit,
 * for gensub's \N) are halved and an odd count makes the `&` literal; other backslashes stay.
 */
function awkSub(rt: Runtime, reNode: Node, repl: string, nm: number, src: Cell | undefined, dest: Cell | undefined, subexp: boolean): number {
	const re = rt.asRegex(reNode);
	const s = rt.str(src ?? rt.F0);
	let out = '';
	let pos = 0;
	let matches = 0;
	let atEnd = false;
	for (;;) {
		rt.tick();
		const m = execAt(re, s, pos, pos > 0);
		if (!m) break;
		const so = m.start - pos;
		const eo = m.end - pos;
		out += s.slice(pos, pos + eo);
		if (++matches >= nm) {
			out = out.slice(0, out.length - (eo - so));
			let nbs = 0;
			for (const c of repl) {
				out += c;
				if (c === '\\') {
					nbs++;
					continue;
				}
				if (c === '&' || (subexp && c >= '0' && c <= '9')) {
					out = out.slice(0, out.length - ((nbs + 3) >> 1));
					let j = 0;
					if (c !== '&') {
						j = c.charCodeAt(0) - 48;
						nbs++;
					}
					out += nbs % 2 ? c : m.groups[j] ?? '';
				}
				nbs = 0;
			}
			checkLen(out);
		}
		pos += eo;
		if (matches === nm) break;
		if (eo === so) {
			if (pos >= s.length) {
				atEnd = true;
				break;
			}
			out += s[pos++];
		}
	}
	if (!atEnd) out += s.slice(pos);
	setStr(dest ?? rt.F0, checkLen(out));
	return matches;
}

/**
 * awk_printf() as in busybox 1.35: text is copied as it is (`%%` is one %); at each
 * conversion letter the text since the last one is printed with the next argument (missing
 * ones are empty). %c prints a number as a character, s d i o u x X e E f F g G a A are
 * glibc's, any other letter is "Invalid format specifier" (so %ld is refused), `*` widths
 * are not supported, and a % with no letter after it is printed as it is.
 */
export function awkPrintf(rt: Runtime, args: Node | null): string {
	const list = rt.args(args);
	const fmt = rt.str(rt.evaluate(list[0] ?? null));
	let next = 1;
	let out = '';
	let f = 0;
	const len = fmt.length;
	for (;;) {
		const s = f;
		while (f < len && fmt[f] !== '%') f++;
		if (f >= len || f + 1 >= len) {
			out += fmt.slice(s);
			break;
		}
		f++;
		if (fmt[f] === '%') {
			out += fmt.slice(s, f);
			f++;
			continue;
		}
		while (f < len && !/[A-Za-z]/.test(fmt[f])) {
			if (fmt[f] === '*') rt.error('%*x formats are not supported');
			f++;
		}
		if (f >= len) {
			out += fmt.slice(s);
			break;
		}
		const c = fmt[f++];
		const seg = fmt.slice(s, f);
		const arg = rt.evaluate(list[next++] ?? null);
		if (c === 'c') {
			const ch = isNumeric(arg) ? String.fromCharCode(toCInt(toNum(arg)) & 0xff) : rt.str(arg)[0] ?? '\0';
			out += cFormat(seg, {kind: 'char', v: ch});
		} else if (c === 's') out += cFormat(seg, {kind: 'str', v: rt.str(arg)});
		else {
			const d = toNum(arg);
			if ('diouxX'.includes(c)) out += cFormat(seg, {kind: 'int', v: toCInt(d)});
			else if ('eEfFgGaA'.includes(c)) out += cFormat(seg, {kind: 'double', v: d});
			else rt.error('Invalid format specifier');
		}
		checkLen(out);
	}
	return out;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** strftime() in the guest's UTC time zone, C locale. */
function strftime(fmt: string, t: number): string {
	const d = new Date(toLongLong(t) * 1000);
	if (Number.isNaN(d.getTime())) return '';
	const two = (n: number) => String(n).padStart(2, '0');
	const yday = Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1;
	const map: Record<string, () => string> = {
		a: () => DAYS[d.getUTCDay()], A: () => ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][d.getUTCDay()],
		b: () => MONTHS[d.getUTCMonth()], h: () => MONTHS[d.getUTCMonth()],
		B: () => ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][d.getUTCMonth()],
		d: () => two(d.getUTCDate()), e: () => String(d.getUTCDate()).padStart(2), H: () => two(d.getUTCHours()),
		I: () => two(d.getUTCHours() % 12 || 12), j: () => String(yday).padStart(3, '0'), m: () => two(d.getUTCMonth() + 1),
		M: () => two(d.getUTCMinutes()), p: () => (d.getUTCHours() < 12 ? 'AM' : 'PM'), S: () => two(d.getUTCSeconds()),
		y: () => two(d.getUTCFullYear() % 100), Y: () => String(d.getUTCFullYear()), Z: () => 'UTC', z: () => '+0000',
		s: () => String(toLongLong(t)), u: () => String(d.getUTCDay() || 7), w: () => String(d.getUTCDay()),
		n: () => '\n', t: () => '\t', '%': () => '%',
		D: () => `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${two(d.getUTCFullYear() % 100)}`,
		F: () => `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`,
		T: () => `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`,
		R: () => `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`,
		c: () => `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`,
	};
	return fmt.replace(/%([a-zA-Z%])/g, (m, c: string) => (map[c] ? map[c]() : m));
}

/** do_mktime(): "YYYY MM DD HH MM SS [DST]" in UTC, -1 when it does not parse. */
function mktime(s: string): number {
	const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/.exec(s);
	if (!m) return -1;
	const [y, mo, d, h, mi, sec] = m.slice(1).map(Number);
	if (mo < 1 || y < 1900) return -1;
	return Math.floor(Date.UTC(y, mo - 1, d, h, mi, sec) / 1000);
}

export {NOT_SIMULATED};
