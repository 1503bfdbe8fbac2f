import {bbShowUsage, getopt32} from '../../getopt.js';
import type {Errno} from '../../../errno.js';
import {errorMsg, type Program} from '../../proc.js';
import {forEachOperand, perrorName} from './common.js';

/**
 * coreutils/od_bloaty.c of busybox 1.35 (the DESKTOP od, GNU's): each line of `-w` bytes (16)
 * as every `-t` type asks, the offset first (`-A o|d|x|n`), a line like the one before it as
 * `*` unless -v, the end offset last. Types: a (named characters), c (characters and escapes),
 * d/o/u/x with a size of 1, 2, 4 or 8 bytes (little-endian), f with 4 or 8; -b -c -d -o -x -h
 * -i -l -s -f are busybox's shorthands (o1, c, u2, o2, x2, x2, d2, d4, d2, f4). -j skips, -N
 * limits; operands are read one after the other.
 */

interface Spec {
	kind: 'a' | 'c' | 'd' | 'o' | 'u' | 'x' | 'f';
	size: number;
	/** Each field's width, the leading blank included. */
	width: number;
}

/** Field widths as od_bloaty.c prints them (width of the widest value + 1). */
const WIDTH: Record<string, number> = {
	o1: 4, o2: 7, o4: 12, o8: 23, x1: 3, x2: 5, x4: 9, x8: 17,
	u1: 4, u2: 6, u4: 11, u8: 21, d1: 5, d2: 7, d4: 12, d8: 21, f4: 16, f8: 24, a1: 4, c1: 4,
};

const NAMES = ['nul', 'soh', 'stx', 'etx', 'eot', 'enq', 'ack', 'bel', 'bs', 'ht', 'nl', 'vt', 'ff', 'cr', 'so', 'si',
	'dle', 'dc1', 'dc2', 'dc3', 'dc4', 'nak', 'syn', 'etb', 'can', 'em', 'sub', 'esc', 'fs', 'gs', 'rs', 'us', 'sp'];
const C_ESCAPES: Record<number, string> = {0: '\\0', 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r'};

/** decode_format_string(): one -t TYPE, or an error text. */
function parseType(t: string): Spec[] | string {
	const out: Spec[] = [];
	for (let i = 0; i < t.length;) {
		const k = t[i]!;
		if (!'acdoufx'.includes(k)) return `invalid character '${k}' in type string '${t}'`;
		i++;
		let size = k === 'a' || k === 'c' ? 1 : k === 'f' ? 8 : 4;
		const m = /^\d+/.exec(t.slice(i));
		if (m && k !== 'a' && k !== 'c') {
			size = Number(m[0]);
			i += m[0].length;
			if (k === 'f' ? size !== 4 && size !== 8 : ![1, 2, 4, 8].includes(size)) return `invalid type string '${t}'`;
		} else if (k !== 'a' && k !== 'c' && /^[CSIL]/.test(t.slice(i))) {
			size = {C: 1, S: 2, I: 4, L: 8}[t[i] as 'C' | 'S' | 'I' | 'L'];
			i++;
		} else if (k === 'f' && /^[FDL]/.test(t.slice(i))) {
			size = t[i] === 'F' ? 4 : 8;
			i++;
		}
		out.push({kind: k as Spec['kind'], size, width: WIDTH[`${k}${size}`]!});
	}
	return out;
}

/** One value of `spec` from `b` at `at` (little-endian; bytes past the data read as 0). */
function field(spec: Spec, b: string, at: number): string {
	const w = spec.width;
	if (spec.kind === 'a') {
		const c = b.charCodeAt(at) & 0x7f;
		return (c <= 32 ? NAMES[c]! : c === 127 ? 'del' : String.fromCharCode(c)).padStart(w);
	}
	if (spec.kind === 'c') {
		const c = b.charCodeAt(at);
		const s = C_ESCAPES[c] ?? (c >= 32 && c < 127 ? String.fromCharCode(c) : c.toString(8).padStart(3, '0'));
		return s.padStart(w);
	}
	let v = 0n;
	for (let i = spec.size - 1; i >= 0; i--) v = (v << 8n) | BigInt(at + i < b.length ? b.charCodeAt(at + i) & 0xff : 0);
	const bits = BigInt(spec.size * 8);
	if (spec.kind === 'f') {
		const view = new DataView(new ArrayBuffer(8));
		if (spec.size === 4) {
			view.setUint32(0, Number(v));
			const d = view.getFloat32(0);
			return ` ${d.toExponential(7).replace(/e([+-])(\d)$/, 'e$10$2')}`.padStart(w);
		}
		view.setBigUint64(0, v);
		return ` ${view.getFloat64(0).toExponential(15).replace(/e([+-])(\d)$/, 'e$10$2')}`.padStart(w);
	}
	if (spec.kind === 'd') return String(BigInt.asIntN(Number(bits), v)).padStart(w);
	if (spec.kind === 'u') return String(v).padStart(w);
	const digits = (w - 1);
	return ` ${v.toString(spec.kind === 'o' ? 8 : 16).padStart(digits, '0')}`;
}

const od: Program = p => {
	const o = getopt32(p, {opts: 'A:N:abcdfhij:lot:vxsS:w::'});
	if (typeof o === 'number') return o;
	const specs: Spec[] = [];
	const add = (t: string): string | undefined => {
		const r = parseType(t);
		if (typeof r === 'string') return r;
		specs.push(...r);
		return undefined;
	};
	const SHORT: Record<string, string> = {a: 'a', b: 'o1', c: 'c', d: 'u2', f: 'f4', h: 'x2', i: 'd2', l: 'd4', o: 'o2', s: 'd2', x: 'x2'};
	for (const [c, v] of o.seq) {
		const err = c === 't' ? add(v!) : SHORT[c] ? add(SHORT[c]) : undefined;
		if (err) {
			errorMsg(p, err);
			return 1;
		}
	}
	if (o.has('S')) return 0;
	if (!specs.length) add('o2');
	const radix = o.arg('A') ?? 'o';
	if (!'odxn'.includes(radix) || radix.length !== 1) {
		errorMsg(p, `bad output address radix '${radix}' (must be [doxn])`);
		return 1;
	}
	const num = (s: string | undefined): number | undefined => {
		if (s === undefined) return undefined;
		const m = /^(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)([bkm]?)$/i.exec(s);
		if (!m) return NaN;
		const base = /^0x/i.test(m[1]!) ? Number(m[1]) : m[1]!.length > 1 && m[1]!.startsWith('0') ? parseInt(m[1]!, 8) : Number(m[1]);
		return base * ({'': 1, b: 512, k: 1024, m: 1024 * 1024} as Record<string, number>)[m[2]!.toLowerCase()]!;
	};
	const skip = num(o.arg('j')) ?? 0;
	const limit = num(o.arg('N'));
	const w = o.has('w') ? (o.arg('w') === undefined || o.arg('w') === '' ? 32 : Number(o.arg('w'))) : 16;
	if ([skip, limit ?? 0, w].some(n => !Number.isFinite(n)) || w <= 0) return bbShowUsage(p, 'od');
	// The operands are one stream, opened as the reads reach them (open_next_file()): a file
	// that cannot be opened is reported when a block's read first runs past the end of the file
	// before it, so its message lands between the lines; one the reads never reach (-N) is not
	// opened at all.
	let data = '';
	let opened = 0;
	const failures: {at: number; name: string; e: Errno}[] = [];
	forEachOperand(p, o.args, d => {
		opened++;
		data += d;
	}, (name, e) => failures.push({at: data.length, name, e}));
	let status = 0;
	/** Reports the files a read of the stream up to `end` (exclusive) has tried to open. */
	const reach = (end: number) => {
		while (failures.length && failures[0]!.at < end) {
			const f = failures.shift()!;
			perrorName(p, f.name, f.e);
			status = 1;
		}
	};
	if (skip > data.length) {
		reach(Infinity);
		errorMsg(p, "can't skip past end of combined input");
		return 1;
	}
	// (no operand could be opened: nothing to dump, not even the end offset)
	if (!opened) {
		reach(Infinity);
		return status;
	}
	const end = limit === undefined ? data.length : Math.min(data.length, skip + limit);
	const addr = (n: number) => (radix === 'n' ? '' : radix === 'o' ? n.toString(8).padStart(7, '0') : radix === 'd' ? String(n).padStart(7, '0') : n.toString(16).padStart(6, '0'));
	const pad = radix === 'n' ? '' : ' '.repeat(addr(0).length);
	let prev: string | undefined;
	let starred = false;
	const shown = data.slice(skip, end);
	let out = '';
	// (skip bytes read past whole files: those opened on the way first)
	reach(skip + 1);
	for (let at = 0; at < shown.length; at += w) {
		const line = shown.slice(at, at + w);
		// this block's read: w bytes, fewer when -N ends the dump first
		const want = limit === undefined ? w : Math.min(w, limit - at);
		if (failures.length && failures[0]!.at < skip + at + want) {
			p.out(out);
			out = '';
			reach(skip + at + want);
		}
		if (!o.has('v') && line.length === w && line === prev) {
			if (!starred) out += '*\n';
			starred = true;
			// Squeezed lines cost next to nothing (a swap file's 16 MiB of zeros): counted per 64 KiB.
			if (at % 65536 < w) p.tick();
			continue;
		}
		p.tick();
		starred = false;
		prev = line;
		specs.forEach((s, k) => {
			out += k === 0 ? addr(skip + at) : pad;
			for (let i = 0; i < line.length; i += s.size) out += field(s, line, i);
			out += '\n';
		});
	}
	// The last read, short, has opened every file left; with -N nothing is read past the limit.
	if (limit === undefined || skip + limit > data.length) {
		p.out(out);
		out = '';
		reach(Infinity);
	}
	if (radix !== 'n') out += `${addr(skip + shown.length)}\n`;
	p.out(out);
	return status;
};

export const OD_PROGRAM: Record<string, Program> = {od};
