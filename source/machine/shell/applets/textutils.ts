import {isErrno, strerror} from '../../errno.js';
import {strcmp} from '../glob.js';
import {getopt, readFile, type Proc, type Program} from '../proc.js';

/** busybox head, tail, wc, sort, uniq, cut, tr, seq, yes, tee. */

/** Reads each operand (or stdin for none / `-`); missing files print `prog: can't open`. */
export function inputs(p: Proc, files: string[], onError?: (f: string, e: string) => void): {name: string; data: string}[] | number {
	const out: {name: string; data: string}[] = [];
	let failed = false;
	for (const f of files.length ? files : ['-']) {
		if (f === '-') {
			out.push({name: '(standard input)', data: p.stdin()});
			continue;
		}
		const d = readFile(p.vfs, p.abs(f));
		if (isErrno(d)) {
			if (onError) onError(f, strerror[d]);
			else p.err(`${p.name}: can't open '${f}': ${strerror[d]}\n`);
			failed = true;
			continue;
		}
		out.push({name: f, data: d});
	}
	return out.length === 0 && failed ? 1 : out;
}

export function lines(data: string): string[] {
	if (data === '') return [];
	const l = data.split('\n');
	if (l[l.length - 1] === '') l.pop();
	return l;
}

/**
 * Lines with their '\n' kept (a last line without one stays as it is): what
 * `split(/(?<=\n)/)` gives, without a lookbehind regex over the whole input.
 */
export function linesKeepingNewlines(data: string): string[] {
	const out: string[] = [];
	let start = 0;
	for (let nl = data.indexOf('\n'); nl !== -1 && nl < data.length - 1; nl = data.indexOf('\n', nl + 1)) {
		out.push(data.slice(start, nl + 1));
		start = nl + 1;
	}
	out.push(data.slice(start));
	return out;
}

/** head/tail accept `-n N` and the historic `-N`. */
function countArg(argv: string[]): {n: number; plus: boolean; minus: boolean; rest: string[]; bytes?: number} | string {
	let n = 10;
	let plus = false;
	let minus = false;
	let bytes: number | undefined;
	const rest: string[] = [];
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i];
		let v: string | undefined;
		if (/^-\d+$/.test(a)) v = a.slice(1);
		else if (a === '-n' || a === '-c') v = argv[++i];
		else if (/^-[nc].+/.test(a)) v = a.slice(2);
		else if (a.startsWith('-') && a !== '-') return a;
		else {
			rest.push(a);
			continue;
		}
		if (v === undefined || !/^[+-]?\d+$/.test(v)) return `invalid number '${v ?? ''}'`;
		if (v.startsWith('+')) plus = true;
		// head -n -N / -c -N (FEATURE_FANCY_HEAD): all but the last N
		minus = v.startsWith('-');
		if (a.startsWith('-c')) bytes = Math.abs(Number(v));
		else n = Math.abs(Number(v));
	}
	return {n, plus, minus, rest, bytes};
}

function headTail(tail: boolean): Program {
	return p => {
		const a = countArg(p.argv);
		if (typeof a === 'string') {
			p.err(`${p.name}: ${a.startsWith('invalid') ? a : `invalid option -- '${a.slice(1)}'`}\n`);
			return 1;
		}
		const ins = inputs(p, a.rest);
		if (typeof ins === 'number') return ins;
		let out = '';
		ins.forEach((f, i) => {
			if (ins.length > 1) out += `${i ? '\n' : ''}==> ${f.name} <==\n`;
			if (a.bytes !== undefined) {
				out += tail ? f.data.slice(-a.bytes || f.data.length) : f.data.slice(0, a.minus ? Math.max(0, f.data.length - a.bytes) : a.bytes);
				return;
			}
			const ls = linesKeepingNewlines(f.data);
			const sel = tail ? (a.plus ? ls.slice(Math.max(a.n - 1, 0)) : a.n === 0 ? [] : ls.slice(-a.n)) : ls.slice(0, a.minus ? Math.max(0, ls.length - a.n) : a.n);
			out += sel.join('');
		});
		p.out(out);
		return ins.length < Math.max(a.rest.length, 1) ? 1 : 0;
	};
}

const wc: Program = p => {
	const o = getopt(p.argv, 'lwcmL');
	const ins = inputs(p, o.args);
	if (typeof ins === 'number') return ins;
	const sel = ['l', 'w', 'c'].filter(f => o.flags.has(f) || (f === 'c' && o.flags.has('m')));
	const show = sel.length ? sel : ['l', 'w', 'c'];
	const totals = [0, 0, 0];
	let out = '';
	const fmt = (v: number[], name?: string) => {
		const cols = show.map(s => v[['l', 'w', 'c'].indexOf(s)]);
		// busybox pads every count to 7 columns unless only one count of stdin is shown.
		const single = cols.length === 1 && name === undefined;
		return cols.map((c, i) => (single ? String(c) : (i ? ' ' : '') + String(c).padStart(7))).join('') + (name !== undefined ? ` ${name}` : '') + '\n';
	};
	for (const f of ins) {
		const v = [(f.data.match(/\n/g) ?? []).length, f.data.split(/\s+/).filter(Boolean).length, new TextEncoder().encode(f.data).length];
		v.forEach((x, i) => (totals[i] += x));
		out += fmt(v, o.args.length ? f.name : undefined);
	}
	if (ins.length > 1) out += fmt(totals, 'total');
	p.out(out);
	return 0;
};

const sort: Program = p => {
	const o = getopt(p.argv, 'nrufbdk:t:s');
	const ins = inputs(p, o.args);
	if (typeof ins === 'number') return ins;
	let all = ins.flatMap(f => lines(f.data));
	const key = (l: string): string => {
		const k = o.flags.get('k');
		if (typeof k !== 'string') return l;
		const t = o.flags.get('t');
		const fields = typeof t === 'string' ? l.split(t) : l.trim().split(/\s+/);
		return fields.slice(Number(k.split(',')[0]) - 1).join(typeof t === 'string' ? t : ' ');
	};
	const num = (s: string) => {
		const m = /^\s*[-+]?\d*\.?\d+/.exec(s);
		return m ? Number(m[0]) : 0;
	};
	all.sort((a, b) => {
		let ka = key(a);
		let kb = key(b);
		if (o.flags.has('f')) {
			ka = ka.toUpperCase();
			kb = kb.toUpperCase();
		}
		const c = o.flags.has('n') ? num(ka) - num(kb) || strcmp(a, b) : strcmp(ka, kb);
		return c;
	});
	if (o.flags.has('r')) all.reverse();
	if (o.flags.has('u')) all = all.filter((l, i) => i === 0 || (o.flags.has('n') ? num(key(l)) !== num(key(all[i - 1])) : key(l) !== key(all[i - 1])));
	p.tick(Math.ceil(all.length / 100));
	p.out(all.map(l => l + '\n').join(''));
	return 0;
};

const uniq: Program = p => {
	const o = getopt(p.argv, 'cdui');
	const ins = inputs(p, o.args.slice(0, 1));
	if (typeof ins === 'number') return ins;
	const ls = lines(ins[0].data);
	let out = '';
	for (let i = 0; i < ls.length;) {
		let j = i + 1;
		const eq = (a: string, b: string) => (o.flags.has('i') ? a.toLowerCase() === b.toLowerCase() : a === b);
		while (j < ls.length && eq(ls[j], ls[i])) j++;
		const n = j - i;
		if ((!o.flags.has('d') || n > 1) && (!o.flags.has('u') || n === 1)) out += (o.flags.has('c') ? `${String(n).padStart(7)} ` : '') + ls[i] + '\n';
		i = j;
	}
	p.out(out);
	return 0;
};

function ranges(spec: string): (n: number) => boolean {
	const parts = spec.split(',').map(r => {
		const m = /^(\d*)(-?)(\d*)$/.exec(r);
		if (!m) return () => false;
		const a = m[1] ? Number(m[1]) : 1;
		const b = m[2] ? (m[3] ? Number(m[3]) : Infinity) : a;
		return (n: number) => n >= a && n <= b;
	});
	return n => parts.some(f => f(n));
}

const cut: Program = p => {
	const o = getopt(p.argv, 'd:f:c:b:s');
	const f = o.flags.get('f');
	const c = o.flags.get('c') ?? o.flags.get('b');
	if (typeof f !== 'string' && typeof c !== 'string') {
		p.err('cut: expected a list of bytes, characters, or fields\n');
		return 1;
	}
	const ins = inputs(p, o.args);
	if (typeof ins === 'number') return ins;
	const d = typeof o.flags.get('d') === 'string' ? (o.flags.get('d') as string) : '\t';
	let out = '';
	for (const line of ins.flatMap(x => lines(x.data))) {
		if (typeof c === 'string') {
			const sel = ranges(c);
			out += [...line].filter((_, i) => sel(i + 1)).join('') + '\n';
			continue;
		}
		if (!line.includes(d)) {
			if (!o.flags.has('s')) out += line + '\n';
			continue;
		}
		const sel = ranges(f as string);
		out += line.split(d).filter((_, i) => sel(i + 1)).join(d) + '\n';
	}
	p.out(out);
	return 0;
};

function expandSet(s: string): string[] {
	const classes: Record<string, string> = {
		'[:upper:]': 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '[:lower:]': 'abcdefghijklmnopqrstuvwxyz', '[:digit:]': '0123456789',
		'[:space:]': ' \t\n\r\f\v', '[:blank:]': ' \t', '[:alpha:]': 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
	};
	let str = s;
	for (const [k, v] of Object.entries(classes)) str = str.split(k).join(v);
	str = str.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\\\/g, '\\');
	const out: string[] = [];
	for (let i = 0; i < str.length; i++) {
		if (str[i + 1] === '-' && i + 2 < str.length) {
			for (let c = str.charCodeAt(i); c <= str.charCodeAt(i + 2); c++) out.push(String.fromCharCode(c));
			i += 2;
		} else out.push(str[i]);
	}
	return out;
}

const tr: Program = p => {
	const o = getopt(p.argv, 'dsc');
	const set1 = expandSet(o.args[0] ?? '');
	const set2 = expandSet(o.args[1] ?? '');
	let out = '';
	let prev = '';
	for (const ch of p.stdin()) {
		let c: string | undefined = ch;
		if (o.flags.has('d')) {
			if (set1.includes(ch)) continue;
		} else if (set2.length) {
			const i = set1.indexOf(ch);
			if (i >= 0) c = set2[Math.min(i, set2.length - 1)];
		}
		if (o.flags.has('s') && c === prev && (set2.length ? set2 : set1).includes(c)) continue;
		prev = c;
		out += c;
	}
	p.out(out);
	return 0;
};

const seq: Program = p => {
	const o = p.argv.slice(1).filter(a => !/^-[ws]/.test(a));
	const nums = o.map(Number);
	if (nums.length === 0 || nums.some(Number.isNaN)) {
		p.err(nums.length === 0 ? 'seq: usage: seq [-w] [-s SEP] [FIRST [INC]] LAST\n' : `seq: invalid number '${o[nums.findIndex(Number.isNaN)]}'\n`);
		return 1;
	}
	const [first, inc, last] = nums.length === 1 ? [1, 1, nums[0]] : nums.length === 2 ? [nums[0], 1, nums[1]] : nums;
	let out = '';
	if (inc === 0) return 1;
	for (let v = first, n = 0; inc > 0 ? v <= last : v >= last; v += inc, n++) {
		// one step per 10 numbers: `seq 1 1e9` (or a FIRST too big for v += INC to move)
		// stops after a million lines instead of exhausting memory
		if (n % 10 === 0) p.tick(1);
		out += `${v}\n`;
	}
	p.out(out);
	return 0;
};

/** yes: endless in reality; bounded here by the shell's step budget (pipes get a finite stream). */
const yes: Program = p => {
	const text = (p.argv.length > 1 ? p.argv.slice(1).join(' ') : 'y') + '\n';
	const limit = p.stdoutIsTty ? 2000 : 10_000;
	let out = '';
	for (let i = 0; i < limit; i++) out += text;
	p.out(out);
	if (p.stdoutIsTty) p.tick(Infinity);
	return 0;
};

const tee: Program = p => {
	const o = getopt(p.argv, 'ai');
	const data = p.stdin();
	let st = 0;
	for (const f of o.args) {
		const h = p.vfs.open(p.abs(f), {write: true, create: true, truncate: !o.flags.has('a'), append: o.flags.has('a')});
		if (typeof h === 'string') {
			p.err(`tee: ${f}: ${strerror[h]}\n`);
			st = 1;
			continue;
		}
		const e = h.write(data);
		h.close();
		if (e) {
			p.err(`tee: ${f}: ${strerror[e]}\n`);
			st = 1;
		}
	}
	p.out(data);
	return st;
};

export const TEXT_PROGRAMS: Record<string, Program> = {head: headTail(false), tail: headTail(true), wc, sort, uniq, cut, tr, seq, yes, tee};
