import {bbShowUsage, dashDashHelp, getopt32} from '../../getopt.js';
import {errorMsg, NeedConsoleInput, type Program} from '../../proc.js';
import {escapeSequence, forEachOperand, linesKeepingNewlines, openRead, perrorName, Stdin, textOf} from './common.js';

/** coreutils/tac.c, util-linux/rev.c, coreutils/nl.c, coreutils/paste.c and editors/cmp.c of busybox 1.35. */

/** tac [FILE]...: each file's lines last first (a last line without '\n' stays without); a missing file is reported and skipped. */
const tac: Program = p => {
	if (dashDashHelp(p)) return bbShowUsage(p, 'tac', 0);
	const o = getopt32(p, {opts: ''});
	if (typeof o === 'number') return o;
	let out = '';
	const status = forEachOperand(p, o.args, data => {
		const lines = data === '' ? [] : linesKeepingNewlines(data);
		p.tick(Math.ceil(lines.length / 1000));
		out += lines.reverse().join('');
	});
	p.out(textOf(out));
	return status;
};

/** rev [FILE]...: each line's characters backwards, its newline kept at the end. */
const rev: Program = p => {
	if (dashDashHelp(p)) return bbShowUsage(p, 'rev', 0);
	const o = getopt32(p, {opts: ''});
	if (typeof o === 'number') return o;
	return forEachOperand(p, o.args, data => {
		let out = '';
		const text = textOf(data);
		for (const line of text === '' ? [] : linesKeepingNewlines(text)) {
			p.tick();
			const nl = line.endsWith('\n');
			out += [...(nl ? line.slice(0, -1) : line)].reverse().join('') + (nl ? '\n' : '');
		}
		p.out(out);
	}, undefined, true);
};

/**
 * nl [-b STYLE] [-i N] [-s STRING] [-v N] [-w N] [FILE]...: `%*u%s%s` for numbered lines
 * (-b t, the default: the non-empty ones; a: all; n: none), the others indented by the width and
 * the separator. The count runs on across files; a file that cannot be opened is reported and skipped.
 */
const nl: Program = p => {
	const o = getopt32(p, {opts: 'pw:+s:v:+i:+b:', longs: {'no-renumber': 'p', 'number-width': 'w', 'number-separator': 's', 'starting-line-number': 'v', 'line-increment': 'i', 'body-numbering': 'b'}});
	if (typeof o === 'number') return o;
	const width = Number(o.arg('w') ?? 6);
	const sep = o.arg('s') ?? '\t';
	let n = Number(o.arg('v') ?? 1);
	const inc = Number(o.arg('i') ?? 1);
	const style = (o.arg('b') ?? 't')[0];
	const blank = ' '.repeat(width + sep.length);
	return forEachOperand(p, o.args, data => {
		let out = '';
		const text = textOf(data);
		for (const line of text === '' ? [] : linesKeepingNewlines(text)) {
			p.tick();
			const body = line.endsWith('\n') ? line.slice(0, -1) : line;
			if (style === 'a' || (style === 't' && body !== '')) {
				out += `${String(n).padStart(width)}${sep}${body}\n`;
				n = (n + inc) >>> 0;
			} else out += `${blank}${body}\n`;
		}
		p.out(out);
	}, undefined, true);
};

/**
 * paste [-d LIST] [-s] [FILE]...: line N of each file side by side, the delimiters of LIST in
 * turn between them (tab by default; `\n \t \\ \0` escapes), a file that has run out left out
 * altogether; -s pastes each file's lines into one line instead. `-` is standard input, which
 * several `-` read in turn. A file that cannot be opened ends paste before any output.
 */
const paste: Program = p => {
	const o = getopt32(p, {opts: 'd:s'});
	if (typeof o === 'number') return o;
	let delims = '\t';
	const d = o.arg('d');
	if (d !== undefined) {
		if (d === '') {
			errorMsg(p, "-d '' is not supported");
			return 1;
		}
		// strcpy_and_process_escape_sequences(): unknown ones stay as they are
		delims = '';
		for (let i = 0; i < d.length;) {
			if (d[i] === '\\' && i + 1 < d.length) {
				const e = escapeSequence(d, i + 1);
				delims += e.ch;
				i = e.next === i + 1 && e.ch === '\\' ? i + 1 : e.next;
			} else delims += d[i++];
		}
	}
	// (the console's lines as they are typed: paste writes what it can of each output line)
	const stdin = new Stdin(p, true);
	// every file is opened first (xfopen_for_read() dies on the first that fails)
	const files: {lines: string[]; at: number; stdin: boolean}[] = [];
	const stdinLines: string[] = [];
	let stdinAt = 0;
	let stdinRead = false;
	for (const name of o.args.length ? o.args : ['-']) {
		if (name === '-') {
			if (!stdinRead) {
				stdinRead = true;
				const t = textOf(stdin.rest());
				stdin.consume();
				stdinLines.push(...(t === '' ? [] : linesKeepingNewlines(t).map(l => (l.endsWith('\n') ? l.slice(0, -1) : l))));
			}
			files.push({lines: stdinLines, at: 0, stdin: true});
			continue;
		}
		const r = openRead(p, name, stdin);
		if (!r.ok) {
			perrorName(p, name, r.openErr ?? r.readErr!);
			return 1;
		}
		const t = textOf(r.data);
		files.push({lines: t === '' ? [] : linesKeepingNewlines(t).map(l => (l.endsWith('\n') ? l.slice(0, -1) : l)), at: 0, stdin: false});
	}
	let out = '';
	// xmalloc_fgetline() on a file: stdin's lines are shared by every `-`; on the console it
	// waits for the next line typed, with what it wrote so far out
	const next = (f: (typeof files)[number]): string | undefined => {
		if (f.stdin) {
			if (stdinAt < stdinLines.length) return stdinLines[stdinAt++];
			if (stdin.more()) {
				p.out(out);
				throw new NeedConsoleInput();
			}
			return undefined;
		}
		return f.at < f.lines.length ? f.lines[f.at++] : undefined;
	};
	const delim = (k: number) => delims[k % delims.length]!;
	if (o.has('s')) {
		for (const f of files) {
			p.tick();
			let k = 0;
			let line = next(f);
			if (line === undefined) continue;
			for (let l = next(f); l !== undefined; l = next(f)) {
				out += line + delim(k++).replace('\0', '');
				line = l;
			}
			out += `${line}\n`;
		}
	} else {
		const active = files.map(() => true);
		while (active.some(Boolean)) {
			p.tick();
			let k = 0;
			files.forEach((f, i) => {
				if (!active[i]) return;
				const line = next(f);
				if (line === undefined) {
					active[i] = false;
					return;
				}
				out += line + (i === files.length - 1 ? '\n' : delim(k++).replace('\0', ''));
			});
		}
	}
	p.out(out);
	return 0;
};


/**
 * cmp [-l|-s] [-n NUM] FILE1 [FILE2 [SKIP1 [SKIP2]]] (coreutils/cmp.c): the first differing byte
 * as `F1 F2 differ: char N, line L`, or with -l every one as `N %3o %3o`; `cmp: EOF on F` on
 * stderr when one file ends first; -s says nothing. Status 1 for a difference, 2 for a file
 * that cannot be opened.
 */
const cmp: Program = p => {
	const o = getopt32(p, {opts: 'sln:', minArgs: 1, conflicts: {l: 's', s: 'l'}});
	if (typeof o === 'number') return o;
	// getopt32's `?4`: at most four operands
	if (o.args.length > 4) return bbShowUsage(p, 'cmp');
	if (o.has('n') && !/^\d+$/.test(o.arg('n')!)) {
		errorMsg(p, `invalid number '${o.arg('n')}'`);
		return 2;
	}
	const [name1, name2 = '-', skipA, skipB] = o.args;
	const stdin = new Stdin(p);
	const quiet = o.has('s');
	const open = (name: string): string | undefined => {
		const r = openRead(p, name, stdin);
		if (r.ok) return r.data;
		if (!quiet) perrorName(p, name, r.openErr ?? r.readErr!);
		return undefined;
	};
	const d1 = open(name1!);
	if (d1 === undefined) return 2;
	// the same stdin twice: nothing to compare
	if (name1 === '-' && name2 === '-') return 0;
	const d2 = open(name2);
	if (d2 === undefined) return 2;
	const skip1 = Number(skipA ?? 0);
	const skip2 = Number(skipB ?? 0);
	let max = o.has('n') ? Number(o.arg('n')) : -1;
	let status = 0;
	let out = '';
	let line = 1;
	for (let pos = 1; ; pos++) {
		if (max >= 0 && --max < 0) break;
		if ((pos & 4095) === 0) p.tick();
		const c1 = d1.charCodeAt(skip1 + pos - 1);
		const c2 = d2.charCodeAt(skip2 + pos - 1);
		const e1 = Number.isNaN(c1);
		const e2 = Number.isNaN(c2);
		if (c1 !== c2 && !(e1 && e2)) {
			status = 1;
			if (e1 || e2) {
				if (!quiet) {
					p.out(out);
					out = '';
					p.err(`cmp: EOF on ${e2 ? name2 : name1}\n`);
				}
				break;
			}
			if (quiet) break;
			if (o.has('l')) {
				out += `${pos} ${c1.toString(8).padStart(3)} ${c2.toString(8).padStart(3)}\n`;
				continue;
			}
			out += `${name1} ${name2} differ: char ${pos}, line ${line}\n`;
			break;
		}
		if (e1) break;
		if (c1 === 10) line++;
	}
	p.out(out);
	return status;
};

export const TAC_NL_PROGRAMS: Record<string, Program> = {tac, rev, nl, paste, cmp};
