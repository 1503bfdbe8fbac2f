import {isErrno, strerror} from '../../errno.js';
import {BadNumber, bbShowUsage, dashDashHelp, getopt32, ULONG_MAX, xatonum} from '../getopt.js';
import {NeedConsoleInput, readFile, type Proc, type Program} from '../proc.js';

/**
 * busybox 1.35 hexdump and xxd over a file's bytes (UTF-8 of its text), checked against the
 * Debian binary: hexdump's default 16-bit words, -C (canonical: bytes and |ascii|) and -x, with
 * repeated lines squeezed to `*` unless -v, -s OFFSET and -n LENGTH; xxd's `ADDR: hhhh ...  ascii`
 * lines, -s, -l, -c, -g, -o and -p. Other formats say they are not simulated.
 */

const encoder = new TextEncoder();

/**
 * The bytes of the named files one after another (stdin without names); `failed` after an
 * error. `more`: stdin is the console and these are its lines typed so far (Ctrl-D not yet).
 */
function input(p: Proc, names: string[], applet: string): {bytes: Uint8Array; failed: boolean; more: boolean} {
	const chunks: Uint8Array[] = [];
	let failed = false;
	let more = false;
	for (const name of names.length ? names : ['-']) {
		const typed = name === '-' ? p.console?.peek() : undefined;
		if (typed && !typed.eof) {
			chunks.push(encoder.encode(typed.data));
			more = true;
			break;
		}
		const text = name === '-' ? p.stdin() : name === '' ? 'ENOENT' : readFile(p.vfs, p.abs(name));
		if (isErrno(text)) {
			p.err(`${applet}: ${name}: ${strerror[text]}\n`);
			failed = true;
			continue;
		}
		chunks.push(encoder.encode(text));
	}
	const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
	let at = 0;
	for (const c of chunks) {
		bytes.set(c, at);
		at += c.length;
	}
	return {bytes, failed, more};
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const printable = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');

function number(p: Proc, applet: string, s: string | undefined): number | undefined | BadNumber {
	if (s === undefined) return undefined;
	const n = xatonum(s, ULONG_MAX, ULONG_MAX, {b: 512n, k: 1024n, m: 1048576n});
	if (n instanceof BadNumber) p.err(`${applet}: ${n.message}\n`);
	return n;
}

export const hexdumpMain: Program = p => {
	if (dashDashHelp(p)) return bbShowUsage(p, 'hexdump', 0);
	const o = getopt32(p, {opts: 'bcdoxCve:f:n:s:'});
	if (typeof o === 'number') return o;
	const other = ['b', 'c', 'd', 'o', 'e', 'f'].find(c => o.has(c));
	if (other) {
		p.err(`memhp: hexdump: -${other} is not simulated (the default, -C and -x are)\n`);
		return 1;
	}
	const skip = number(p, 'hexdump', o.arg('s'));
	const length = number(p, 'hexdump', o.arg('n'));
	if (skip instanceof BadNumber || length instanceof BadNumber) return 1;
	const {bytes: all, failed, more: typing} = input(p, o.args, 'hexdump');
	const start = Math.min(skip ?? 0, all.length);
	const bytes = all.subarray(start, length === undefined ? all.length : Math.min(all.length, start + length));
	// On the console it prints each line of 16 bytes once they are typed, and the rest at Ctrl-D
	// (or once -n's bytes have come).
	const more = typing && !(length !== undefined && start + length <= all.length);
	// (the rest of the line typed went with its stdio buffer)
	if (typing && !more) p.console?.take();
	if (bytes.length === 0 && !more) return failed ? 1 : 0;
	const canonical = o.has('C');
	const line = (at: number, chunk: Uint8Array): string => {
		if (canonical) {
			let h = '';
			for (let i = 0; i < 16; i++) h += (i < chunk.length ? `${hex(chunk[i]!, 2)} ` : '   ') + (i === 7 ? ' ' : '');
			return `${hex(at, 8)}  ${h} |${[...chunk].map(printable).join('')}|\n`;
		}
		// 16-bit words, little-endian: `%04x` apart by one space (default) or `    %04x` (-x); a
		// short last line keeps the room of its missing words.
		const words: string[] = [];
		for (let i = 0; i < 16; i += 2) words.push(i < chunk.length ? hex(chunk[i]! | ((chunk[i + 1] ?? 0) << 8), 4) : '    ');
		return `${hex(at, 7)} ${o.has('x') ? words.map(w => `    ${w}`).join('').slice(1) : words.join(' ')}\n`;
	};
	let out = '';
	let squeezed = false;
	for (let off = 0; off < bytes.length; off += 16) {
		const chunk = bytes.subarray(off, off + 16);
		if (more && chunk.length < 16) break;
		// A line equal to the one before is one `*` (unless -v), the last partial line never.
		// Squeezed lines cost next to nothing: a filled file's are counted in 64 KiB steps.
		if (!o.has('v') && off >= 16 && chunk.length === 16 && sameBytes(chunk, bytes.subarray(off - 16, off))) {
			if (!squeezed) out += '*\n';
			squeezed = true;
			if (off % 65536 === 0) p.tick();
			continue;
		}
		p.tick();
		squeezed = false;
		out += line(start + off, chunk);
	}
	if (more) {
		p.out(out);
		throw new NeedConsoleInput();
	}
	out += `${hex(start + bytes.length, canonical ? 8 : 7)}\n`;
	p.out(out);
	return failed ? 1 : 0;
};

export const xxdMain: Program = p => {
	if (dashDashHelp(p)) return bbShowUsage(p, 'xxd', 0);
	const o = getopt32(p, {opts: 'prig:c:n:l:s:o:'});
	if (typeof o === 'number') return o;
	const other = ['i', 'r'].find(c => o.has(c));
	if (other) {
		p.err(`memhp: xxd: -${other} is not simulated\n`);
		return 1;
	}
	const nums = [o.arg('s'), o.arg('l') ?? o.arg('n'), o.arg('c'), o.arg('g') ?? '2', o.arg('o')].map(a => number(p, 'xxd', a));
	if (nums.some(n => n instanceof BadNumber)) return 1;
	const [skip, length, cols, group, shown] = nums as (number | undefined)[];
	if (o.args.length > 1) {
		p.err('memhp: xxd: writing to an output file is not simulated; use >\n');
		return 1;
	}
	const {bytes: all, failed} = input(p, o.args, 'xxd');
	if (failed) return 1;
	const start = Math.min(skip ?? 0, all.length);
	const bytes = all.subarray(start, length === undefined ? all.length : Math.min(all.length, start + length));
	const h = (b: number) => hex(b, 2);
	let out = '';
	if (o.has('p')) {
		// Plain: 30 bytes a line.
		const per = cols || 30;
		for (let off = 0; off < bytes.length; off += per) out += `${[...bytes.subarray(off, off + per)].map(h).join('')}\n`;
	} else {
		const per = cols || 16;
		const g = group || per;
		// Each group of -g bytes (2) is followed by a space; the text starts after one more.
		const width = per * 2 + Math.ceil(per / g);
		const base = start + (shown ?? 0);
		for (let off = 0; off < bytes.length; off += per) {
			p.tick();
			const chunk = bytes.subarray(off, off + per);
			let hx = '';
			for (let i = 0; i < chunk.length; i++) hx += h(chunk[i]!) + ((i + 1) % g === 0 || i === per - 1 ? ' ' : '');
			out += `${hex(base + off, 8)}: ${hx.padEnd(width)} ${[...chunk].map(printable).join('')}\n`;
		}
	}
	p.out(out);
	return 0;
};
