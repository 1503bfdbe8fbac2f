import {BadNumber, bbShowUsage, dashDashHelp, getopt32, INT_MAX, UINT_MAX, xatouRange} from '../../getopt.js';
import {errorMsg, type Program, type Proc} from '../../proc.js';
import {forEachOperand, isPrintAscii, linesKeepingNewlines, textOf} from './common.js';

/**
 * coreutils/fold.c, expand.c (expand and unexpand) and miscutils/strings.c of busybox 1.35.
 * They work on bytes: the Debian build has no Unicode support, so a UTF-8 character is as many
 * columns as it has bytes.
 */

/** xatou_range(): a number in lo..hi, else busybox's message (undefined: status 1). */
function numberIn(p: Proc, s: string, lo: number, hi: number): number | undefined {
	const n = xatouRange(s, lo, hi);
	if (n instanceof BadNumber) {
		errorMsg(p, n.message);
		return undefined;
	}
	return n;
}

/**
 * fold [-bs] [-w WIDTH] [FILE]...: breaks lines longer than WIDTH (80) columns; a tab moves to
 * the next multiple of 8, backspace back one, carriage return to 0 (-b: every byte is one);
 * -s breaks after the last blank that fits. `-N` is `-w N`.
 */
const fold: Program = p => {
	const argv = p.argv.map((a, i) => (i > 0 && /^-\d/.test(a) ? `-w${a.slice(1)}` : a));
	const o = getopt32(p, {opts: 'bsw:', argv});
	if (typeof o === 'number') return o;
	const width = o.arg('w') === undefined ? 80 : numberIn(p, o.arg('w')!, 1, 10000);
	if (width === undefined) return 1;
	const bytes = o.has('b');
	const adjust = (column: number, c: string): number => {
		if (bytes) return column + 1;
		if (c === '\t') return column + 8 - (column % 8);
		if (c === '\b') return Math.max(0, column - 1);
		if (c === '\r') return 0;
		return column + 1;
	};
	let out = '';
	const status = forEachOperand(p, o.args, data => {
		p.tick(Math.ceil(data.length / 4096));
		let line = '';
		let column = 0;
		for (let i = 0; i < data.length; i++) {
			const c = data[i]!;
			if (c === '\n') {
				out += `${line}\n`;
				line = '';
				column = 0;
				continue;
			}
			for (;;) {
				column = adjust(column, c);
				if (column <= width) break;
				if (o.has('s')) {
					const blank = Math.max(line.lastIndexOf(' '), line.lastIndexOf('\t'));
					if (blank >= 0) {
						// the part up to the blank goes out; the rest starts the next line
						out += `${line.slice(0, blank + 1)}\n`;
						line = line.slice(blank + 1);
						column = 0;
						for (const d of line) column = adjust(column, d);
						continue;
					}
				}
				if (line === '') break;
				out += `${line}\n`;
				line = '';
				column = 0;
			}
			line += c;
		}
		out += line;
		// (each file's output as it is made: the console's lines as typed)
		p.out(textOf(out));
		out = '';
	}, undefined, true);
	return status;
};

/** The -t argument of expand and unexpand: tab stops every N (1..UINT_MAX) columns. */
function tabSize(p: Proc, s: string | undefined): number | undefined {
	return s === undefined ? 8 : numberIn(p, s, 1, Number(UINT_MAX));
}

/** expand [-i] [-t N] [FILE]...: each tab becomes the spaces to the next stop (-i: leading tabs only). */
const expand: Program = p => {
	const o = getopt32(p, {opts: 'it:', longs: {initial: 'i', tabs: 't'}});
	if (typeof o === 'number') return o;
	const tab = tabSize(p, o.arg('t'));
	if (tab === undefined) return 1;
	let out = '';
	const status = forEachOperand(p, o.args, data => {
		for (const line of data === '' ? [] : linesKeepingNewlines(data)) {
			p.tick();
			// each segment since the last tab starts on a tab stop
			let seg = 0;
			let i = 0;
			for (; i < line.length; i++) {
				const c = line[i]!;
				if (o.has('i') && c !== ' ' && c !== '\t') break;
				if (c === '\t') {
					out += `${line.slice(seg, i)}${' '.repeat(tab - ((i - seg) % tab))}`;
					seg = i + 1;
				}
			}
			out += line.slice(seg);
		}
		// (each file's output as it is made: the console's lines as typed)
		p.out(textOf(out));
		out = '';
	}, undefined, true);
	return status;
};

/**
 * unexpand [-fa] [-t N] [FILE]...: runs of blanks reaching a tab stop become tabs, at the
 * start of a line (-f, the default) or everywhere (-a; -t implies it). As busybox does it,
 * without -a the first blanks after the line's first word are converted too.
 */
const unexpand: Program = p => {
	const o = getopt32(p, {opts: 'ft:a', longs: {first_only: 'f', tabs: 't', all: 'a'}});
	if (typeof o === 'number') return o;
	const tab = tabSize(p, o.arg('t'));
	if (tab === undefined) return 1;
	const all = o.has('a') || o.has('t');
	let out = '';
	const status = forEachOperand(p, o.args, data => {
		for (const line of data === '' ? [] : linesKeepingNewlines(data)) {
			p.tick();
			let at = 0;
			let column = 0;
			while (at < line.length) {
				let len = 0;
				while (line[at] === ' ') {
					at++;
					len++;
				}
				column += len;
				if (line[at] === '\t') {
					column += tab - (column % tab);
					at++;
					continue;
				}
				let n = Math.floor(column / tab);
				if (n) {
					len = column = column % tab;
					while (n--) out += '\t';
				}
				if (!all && at !== 0) {
					out += ' '.repeat(len) + line.slice(at);
					break;
				}
				let end = at;
				while (end < line.length && line[end] !== ' ' && line[end] !== '\t') end++;
				out += ' '.repeat(len) + line.slice(at, end);
				column += end - at;
				at = end;
			}
		}
		// (each file's output as it is made: the console's lines as typed)
		p.out(textOf(out));
		out = '';
	}, undefined, true);
	return status;
};

/**
 * strings [-fo] [-t o|d|x] [-n LEN] [FILE]...: runs of at least LEN (4) printable ASCII
 * characters or tabs, each on a line; -f puts the file name first (`{standard input}` for
 * stdin), -o / -t the run's offset (`%7lo `).
 */
const strings: Program = p => {
	const o = getopt32(p, {opts: 'afon:t:'});
	if (typeof o === 'number') return o;
	const n = numberIn(p, o.arg('n') ?? '4', 1, Number(INT_MAX));
	if (n === undefined) return 1;
	const radix = o.arg('t') ?? 'o';
	if (!/^[dox]$/.test(radix)) return bbShowUsage(p);
	const offsetOf = (v: number) => `${v.toString(radix === 'd' ? 10 : radix === 'o' ? 8 : 16).padStart(7)} `;
	const names = o.args.length ? o.args : ['-'];
	let out = '';
	const status = forEachOperand(p, names, (data, name) => {
		p.tick(Math.ceil(data.length / 4096));
		const label = o.args.length ? `${name}: ` : '{standard input}: ';
		let run = 0;
		for (let i = 0; i <= data.length; i++) {
			const c = data[i];
			if (c !== undefined && (c === '\t' || isPrintAscii(c))) {
				run++;
				if (run === n) {
					if (o.has('f')) out += label;
					if (o.has('o') || o.has('t')) out += offsetOf(i + 1 - n);
					out += data.slice(i + 1 - n, i + 1);
				} else if (run > n) out += c;
				continue;
			}
			if (run >= n) out += '\n';
			run = 0;
		}
		// (each file's output as it is made: the console's lines as typed)
		p.out(textOf(out));
		out = '';
	}, undefined, true);
	return status;
};

/** arch: `uname -m` (uname.c; any arguments are ignored). */
const arch: Program = p => {
	if (dashDashHelp(p)) return bbShowUsage(p, 'arch', 0);
	p.out(`${p.sys.uname().machine}\n`);
	return 0;
};

export const FOLD_PROGRAMS: Record<string, Program> = {fold, expand, unexpand, strings, arch};
