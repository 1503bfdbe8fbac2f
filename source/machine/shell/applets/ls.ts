import {isErrno, strerror} from '../../errno.js';
import type {Stat} from '../../vfs/types.js';
import {strcmp} from '../glob.js';
import {BadNumber, getopt32, UINT_MAX, xatonum} from '../getopt.js';
import type {Proc} from '../proc.js';
import {makeHumanReadable, modeString} from './fsutils.js';
import {strftime} from './strftime.js';
import {msort, strverscmp} from './text/collate.js';

/**
 * busybox 1.35 coreutils/ls.c as Debian builds it. Layout: columns (column-major; `-x` across
 * rows) on a terminal or with -C, each column as wide as the longest name + 2 (the indicator of
 * -F/-p rides in the gap) in a width one less than the terminal's (79 without one; `-w N` as
 * given), one name a line otherwise or with -1; `-l` (and -n, -g, --full-time) in busybox's
 * format, owners numeric (the static binary finds no NSS to name them). `-i` (`%7llu `), `-s`
 * (`%6u ` KiB), `-h`, `-a`/`-A`, `-d`, `-R` (subdirectories after their parent under `PATH:`
 * headers), `-F`/`-p`, `-Q`, `--color` (always with no WHEN; never the default).
 * Sorting: by name (strcmp, the C locale); -S size and -t time, the last given of the two
 * winning; else -v (strverscmp) before -X (extension); -c/-u pick ctime/atime (the last
 * given), which without -l also sorts by it; --group-directories-first; -r reverses all.
 * Symlinks on the command line are followed unless -l, -i, -s or -F (or -H asks); -L follows
 * all. tmpfs keeps one timestamp here, so ctime and atime are the mtime.
 */
interface Entry {
	name: string;
	path: string;
	/** dn->fullname: the operand, or the directory operand's name and the entry's. */
	full?: string;
	/** lstat, or stat where the link is followed. */
	st: Stat;
}

/** ls's date column: `Mon DD HH:MM` within six months of now, else `Mon DD  YYYY` (UTC). */
function lsTime(mtime: number, now: number): string {
	const age = now - mtime;
	return strftime(age < 365 * 24 * 3600 / 2 && age > -365 * 24 * 3600 / 2 ? '%b %e %H:%M' : '%b %e  %Y', mtime);
}

/** st_blocks in KiB: tmpfs regular files use whole pages, kernfs/procfs nothing. */
function kblocks(st: Stat): number {
	if (st.blocks !== undefined) return st.blocks / 2;
	return st.type === 'file' && st.size > 0 && st.size !== 4096 ? Math.ceil(st.size / 4096) * 4 : 0;
}

function typeChar(st: Stat): string {
	if (st.type === 'dir') return '/';
	if (st.type === 'symlink') return '@';
	if (st.type === 'fifo') return '|';
	if (st.type === 'file' && st.mode & 0o111) return '*';
	return '';
}

export function lsMain(p: Proc): number {
	const o = getopt32(p, {
		opts: '1AaCxdLHRFplinshrSXvctugkQT:w:\u0001\u0002\u0003::',
		longs: {'full-time': '\u0001', 'group-directories-first': '\u0002', color: '\u0003'},
	});
	if (typeof o === 'number') return o;
	// Options that override each other: the last one given counts.
	let style: 'auto' | 'long' | 'columns' | 'rows' | 'single' = 'auto';
	let timeOf: 'mtime' | 'ctime' | 'atime' = 'mtime';
	let sortBy: '' | 'size' | 'time' = '';
	let color = false;
	let width = p.columns - 1;
	for (const [c, v] of o.seq) {
		if ('lng\u0001'.includes(c)) style = 'long';
		else if (c === 'C') style = 'columns';
		else if (c === 'x') style = 'rows';
		else if (c === '1' && style !== 'long') style = 'single';
		else if (c === 'c') timeOf = 'ctime';
		else if (c === 'u') timeOf = 'atime';
		else if (c === 'S') sortBy = 'size';
		else if (c === 't') sortBy = 'time';
		else if (c === '\u0003') color = v === undefined || ['always', 'yes', 'force'].includes(v) || (['auto', 'tty', 'if-tty'].includes(v) && p.stdoutIsTty);
		else if (c === 'w') {
			const n = xatonum(v ?? '', UINT_MAX);
			if (n instanceof BadNumber) {
				p.err(`ls: ${n.message}\n`);
				return 1;
			}
			width = n;
		}
	}
	if (style === 'auto') style = p.stdoutIsTty ? 'columns' : 'single';
	const long = style === 'long';
	// -c and -u without -l sort by that time (after -S, if given)
	if (!long && timeOf !== 'mtime' && sortBy === '') sortBy = 'time';
	const all = o.has('a');
	const almost = o.has('A');
	const blocks = o.has('s');
	const human = o.has('h');
	const quote = o.has('Q');
	const classify = o.has('F');
	const slash = classify || o.has('p');
	const followAll = o.has('L');
	const recurse = o.has('R') && !o.has('d');
	const vfs = p.vfs as typeof p.vfs & {ino?(path: string, follow?: boolean): number | string};
	// -i: `%7llu ` (the inode of the entry itself), then -s: `%6u ` (KiB allocated).
	const fields = (e: Entry): string => {
		let f = '';
		if (o.has('i')) {
			const ino = vfs.ino?.(e.path, followAll || e.st.type !== 'symlink');
			f += `${String(typeof ino === 'number' ? ino : 0).padStart(7)} `;
		}
		if (blocks) f += `${String(kblocks(e.st)).padStart(6)} `;
		return f;
	};
	/** print_name(): -Q quotes, escaping `"` and `\\`. */
	const shown = (name: string): string => (quote ? `"${name.replace(/["\\]/g, '\\$&')}"` : name);
	const paint = (name: string, st: Stat | undefined): string => (color ? `\x1b[${colorOf(st)}m${name}\x1b[m` : name);
	/** append_char(): `/` for a directory with -p or -F; -F also `*` `@` `|` `=`. */
	const indicator = (st: Stat | undefined): string => (!st || !slash ? '' : st.type === 'dir' ? '/' : !classify ? '' : typeChar(st));
	/** A symlink's target, stat()ed for its colour and -F indicator (undefined: dangling). */
	const targetOf = (e: Entry): Stat | undefined => {
		const st = p.vfs.stat(e.path);
		return typeof st === 'string' ? undefined : st;
	};
	const now = p.sys.time();
	let status = 0;
	const operands = o.args.length ? o.args : ['.'];
	const files: Entry[] = [];
	const dirs: Entry[] = [];
	// Command-line symlinks are followed unless -l, -i, -s or -F; -H and -L follow them always.
	const followArgs = !(long || o.has('i') || blocks || classify) || o.has('H') || followAll;
	for (const arg of operands) {
		const path = p.abs(arg);
		// (a trailing slash makes the kernel follow the link)
		const st = p.vfs.stat(path, followArgs || arg.endsWith('/'));
		if (typeof st === 'string') {
			p.err(`ls: ${arg}: ${strerror[st]}\n`);
			status = 1;
			continue;
		}
		const e = {name: arg, path, st, full: arg};
		if (st.type === 'dir' && !o.has('d')) dirs.push(e);
		else files.push(e);
	}
	const time = (st: Stat) => st.mtime;
	const ext = (name: string) => {
		const dot = name.indexOf('.');
		return dot < 0 ? '' : name.slice(dot);
	};
	const cmp = (a: Entry, b: Entry): number => {
		let dif = 0;
		if (o.has('\u0002')) dif = Number(b.st.type === 'dir') - Number(a.st.type === 'dir');
		if (!dif) {
			if (sortBy === 'size') dif = b.st.size - a.st.size;
			else if (sortBy === 'time') dif = time(b.st) - time(a.st);
			else if (o.has('v')) dif = strverscmp(a.name, b.name);
			else if (o.has('X')) dif = strcmp(ext(a.name), ext(b.name));
			if (!dif) dif = strcmp(a.name, b.name);
		}
		return o.has('r') ? -Math.sign(dif) : Math.sign(dif);
	};
	const sortEntries = (es: Entry[]) => msort(p, es, cmp);
	const longLine = (e: Entry, flush: () => void): string => {
		const st = e.st;
		// a device's numbers, "%4u,%4u" (the lab's `ls -l /dev/null`: `   1,   3`)
		const size = (st.type === 'chardev' || st.type === 'blockdev') && st.rdev ? `${String(st.rdev[0]).padStart(4)},${String(st.rdev[1]).padStart(4)}`
			: human ? makeHumanReadable(st.size, 1, 0).padStart(7) : String(st.size).padStart(9);
		const owner = o.has('g') ? '' : `${String(st.uid).padEnd(8)} `;
		const when = o.has('\u0001') ? strftime('%Y-%m-%d %H:%M:%S %z', time(st)) : lsTime(time(st), now);
		let line = `${fields(e)}${modeString(st)} ${String(st.nlink).padStart(4)} ${owner}${String(st.gid).padEnd(8)} ${size} ${when} ${paint(shown(e.name), st)}`;
		if (st.type === 'symlink') {
			// xmalloc_readlink_or_warn(): a procfs link that resolves to nothing (the
			// directory ls read /proc/self/fd through, closed by now) fails, with a warning.
			const text = st.target ?? p.vfs.readlink(e.path);
			if (isErrno(text)) {
				flush();
				p.err(`ls: ${e.full ?? e.name}: cannot read link: ${strerror[text]}\n`);
				return line + '\n';
			}
			// display_single() stat()s the target only for its colour or -F/-p indicator:
			// otherwise nothing past the link is looked up (no dentries instantiated there).
			const target = color || slash ? targetOf(e) : undefined;
			line += ` -> ${paint(shown(text), target)}${indicator(target)}`;
		} else line += indicator(st);
		return line + '\n';
	};
	const render = (es: Entry[]): string => {
		if (long) {
			let acc = '';
			for (const e of es) {
				const line = longLine(e, () => {
					// (what ls built so far comes first, as stdio has it on a terminal)
					p.out(out + acc);
					out = '';
					acc = '';
				});
				acc += line;
			}
			return acc;
		}
		const names = es.map(e => paint(shown(e.name), e.st) + indicator(e.st));
		if (style === 'single' || names.length === 0) return names.map((n, i) => fields(es[i]!) + n + '\n').join('');
		// display_files() counts 8 columns for the `%7llu ` of -i and 5 for the `%6u ` of -s.
		const extra = (o.has('i') ? 8 : 0) + (blocks ? 5 : 0);
		return columns(names, width, {
			extra,
			prefix: es.map(fields),
			nameWidth: es.map(e => shown(e.name).length),
			shownWidth: es.map(e => shown(e.name).length + indicator(e.st).length),
			rows: style === 'rows',
		});
	};
	const statEntry = (path: string) => p.vfs.stat(path, followAll);
	let out = '';
	sortEntries(files);
	if (files.length) {
		const r = render(files);
		out += r;
	}
	sortEntries(dirs);
	// scan_and_display_dirs_recur(): a `NAME:` header with several operands or -R (a blank line
	// before all but the first thing printed), the directory's entries, then with -R its
	// subdirectories (not . and .., not symlinks), sorted, named by the path that reached them
	const headers = operands.length > 1 || recurse;
	let first = files.length === 0;
	const showDirs = (list: Entry[]) => {
		for (const d of list) {
			if (headers) {
				out += `${first ? '' : '\n'}${d.name}:\n`;
				first = false;
			}
			const names = p.vfs.readdir(d.path);
			if (typeof names === 'string') {
				p.err(`ls: ${d.name}: ${strerror[names]}\n`);
				status = 1;
				continue;
			}
			const list = [...names];
			if (all) list.push('.', '..');
			const entries: Entry[] = [];
			for (const n of list) {
				if (n.startsWith('.') && !all && !almost) continue;
				const path = n === '.' ? d.path : n === '..' ? `${d.path}/..` : `${d.path.replace(/\/$/, '')}/${n}`;
				const st = statEntry(path);
				if (typeof st === 'string') {
					// -L on a dangling link: my_stat()'s bb_simple_perror_msg(fullname)
					if (followAll) {
						// (what ls built so far comes first, as stdio has it)
						p.out(out);
						out = '';
						p.err(`ls: ${d.name.replace(/\/$/, '')}/${n}: ${strerror[st]}\n`);
						status = 1;
					}
					continue;
				}
				entries.push({name: n, path, st, full: `${d.name.replace(/\/$/, '')}/${n}`});
			}
			sortEntries(entries);
			if (long || blocks) {
				const total = entries.reduce((s, e) => s + kblocks(e.st), 0);
				out += `total ${human ? makeHumanReadable(total * 1024, 0, 0).padEnd(7) : total}\n`;
			}
			const r = render(entries);
			out += r;
			p.tick(entries.length);
			if (recurse) {
				const sub = entries.filter(e => e.st.type === 'dir' && e.name !== '.' && e.name !== '..')
					.map(e => ({...e, name: `${d.name.replace(/\/+$/, '') || '/'}/${e.name}`.replace(/^\/\//, '/')}));
				showDirs(sortEntries(sub));
			}
		}
	};
	showDirs(dirs);
	p.out(out);
	return status;
}

/**
 * --color: `ESC[bold;colourm` from the file type (ls.c's ATTR() and COLOR() tables): files 0;0,
 * directories 1;34, symlinks 1;36, executables 1;32, character devices 1;35, block devices and
 * FIFOs 1;33, a dangling target 1;31.
 */
function colorOf(st: Stat | undefined): string {
	if (!st) return '1;31';
	if (st.type === 'dir') return '1;34';
	if (st.type === 'symlink') return '1;36';
	if (st.type === 'chardev') return '1;35';
	if (st.type === 'blockdev' || st.type === 'fifo') return '1;33';
	return st.mode & 0o111 ? '1;32' : '0;0';
}

/**
 * busybox display_files(): column-major (or across rows, -x), every column as wide as the
 * longest name + 2 (+ `extra` for the fields printed before each name, `prefix`). The widths
 * are what the terminal shows: a name's (`nameWidth`, quotes included) sets the columns, with
 * the -F/-p indicator (`shownWidth`) it places the next one; colour codes take no room.
 */
export function columns(names: string[], width: number, fields?: {extra: number; prefix: string[]; nameWidth?: number[]; shownWidth?: number[]; rows?: boolean}): string {
	const nameWidth = fields?.nameWidth ?? names.map(n => n.length);
	const shownWidth = fields?.shownWidth ?? nameWidth;
	const colWidth = Math.max(...nameWidth) + 2 + (fields?.extra ?? 0);
	let ncols = Math.floor(width / colWidth);
	let nrows: number;
	if (ncols > 1) {
		nrows = Math.ceil(names.length / ncols);
	} else {
		nrows = names.length;
		ncols = 1;
	}
	let out = '';
	for (let row = 0; row < nrows; row++) {
		let column = 0;
		let nexttab = 0;
		for (let nc = 0; nc < ncols; nc++) {
			const i = fields?.rows ? row * ncols + nc : nc * nrows + row;
			if (i >= names.length) continue;
			if (column > 0) {
				out += ' '.repeat(Math.abs(nexttab - column));
				column = nexttab;
			}
			nexttab = column + colWidth;
			const prefix = fields?.prefix[i] ?? '';
			out += prefix + names[i];
			column += prefix.length + shownWidth[i]!;
		}
		out += '\n';
	}
	return out;
}
