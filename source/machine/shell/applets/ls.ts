import {strerror} from '../../errno.js';
import type {Stat} from '../../vfs/types.js';
import {strcmp} from '../glob.js';
import {getopt32} from '../getopt.js';
import type {Proc} from '../proc.js';
import {makeHumanReadable} from './fsutils.js';

/**
 * busybox coreutils/ls.c: column-major layout for a terminal (width = longest name + 2, on a
 * terminal one column narrower than reported: `G_terminal_width--`), `-1`, `-l` in busybox's
 * format with numeric owners, `-i` (inode numbers, `%7llu `), `-s` (allocated KiB, `%6u `), `-h` (sizes as
 * make_human_readable_str() writes them), `-a`, `-A`, `-d`, `-F`, `-r`, `-R` (subdirectories after
 * their parent, each under its `PATH:` header).
 */
interface Entry {
	name: string;
	path: string;
	st: Stat;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function modeString(st: Stat): string {
	const t = {file: '-', dir: 'd', symlink: 'l', chardev: 'c'}[st.type];
	let s = t;
	const m = st.mode;
	for (const shift of [6, 3, 0]) {
		s += m & (4 << shift) ? 'r' : '-';
		s += m & (2 << shift) ? 'w' : '-';
		const x = (m & (1 << shift)) !== 0;
		if (shift === 0 && m & 0o1000) s += x ? 't' : 'T';
		else s += x ? 'x' : '-';
	}
	return s;
}

/** ls's date column: `Mon DD HH:MM` within six months of now, else `Mon DD  YYYY` (UTC). */
function lsTime(mtime: number, now: number): string {
	const d = new Date(mtime * 1000);
	const mon = MONTHS[d.getUTCMonth()];
	const day = String(d.getUTCDate()).padStart(2);
	const age = now - mtime;
	if (age < 365 * 24 * 3600 / 2 && age > -365 * 24 * 3600 / 2) {
		return `${mon} ${day} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
	}
	return `${mon} ${day}  ${d.getUTCFullYear()}`;
}

/** st_blocks in KiB: tmpfs regular files use whole pages, kernfs/procfs nothing. */
function kblocks(st: Stat): number {
	if (st.blocks !== undefined) return st.blocks / 2;
	return st.type === 'file' && st.size > 0 && st.size !== 4096 ? Math.ceil(st.size / 4096) * 4 : 0;
}

function typeChar(st: Stat): string {
	if (st.type === 'dir') return '/';
	if (st.type === 'symlink') return '@';
	if (st.type === 'file' && st.mode & 0o111) return '*';
	return '';
}

export function lsMain(p: Proc): number {
	const o = getopt32(p, {opts: '1aAdlFrRhnCesi'});
	if (typeof o === 'number') return o;
	const long = o.has('l') || o.has('n');
	const one = o.has('1') || !p.stdoutIsTty;
	const all = o.has('a');
	const almost = o.has('A');
	const blocks = o.has('s');
	const human = o.has('h');
	const vfs = p.vfs as typeof p.vfs & {ino?(path: string, follow?: boolean): number | string};
	// -i: `%7llu ` (the inode of the entry itself), then -s: `%6u ` (KiB allocated).
	const fields = (e: Entry): string => {
		let f = '';
		if (o.has('i')) {
			const ino = vfs.ino?.(e.path, false);
			f += `${String(typeof ino === 'number' ? ino : 0).padStart(7)} `;
		}
		if (blocks) f += `${String(kblocks(e.st)).padStart(6)} `;
		return f;
	};
	const now = p.sys.time();
	let status = 0;
	const operands = o.args.length ? o.args : ['.'];
	const files: Entry[] = [];
	const dirs: Entry[] = [];
	for (const arg of operands) {
		const path = p.abs(arg);
		const lst = p.vfs.stat(path, false);
		if (typeof lst === 'string') {
			p.err(`ls: ${arg}: ${strerror[lst]}\n`);
			status = 1;
			continue;
		}
		let st = lst;
		if (lst.type === 'symlink' && !long) {
			const followed = p.vfs.stat(path);
			if (typeof followed !== 'string') st = followed;
		} else if (lst.type === 'symlink' && long && arg.endsWith('/')) {
			const followed = p.vfs.stat(path);
			if (typeof followed !== 'string') st = followed;
		}
		const e = {name: arg, path, st};
		if (st.type === 'dir' && !o.has('d')) dirs.push(e);
		else files.push(e);
	}
	const sortEntries = (es: Entry[]) => {
		es.sort((a, b) => strcmp(a.name, b.name));
		if (o.has('r')) es.reverse();
		return es;
	};
	const render = (es: Entry[]): string => {
		if (long) {
			return es.map(e => {
				const st = e.st;
				const size = st.type === 'chardev' && st.rdev ? `${String(st.rdev[0]).padStart(4)}, ${String(st.rdev[1]).padStart(4)}`
					: human ? makeHumanReadable(st.size, 1, 0).padStart(7) : String(st.size).padStart(9);
				let line = `${fields(e)}${modeString(st)} ${String(st.nlink).padStart(4)} ${String(st.uid).padEnd(8)} ${String(st.gid).padEnd(8)} ${size} ${lsTime(st.mtime, now)} ${e.name}`;
				if (st.type === 'symlink') line += ` -> ${st.target ?? ''}`;
				else if (o.has('F')) line += typeChar(st);
				return line + '\n';
			}).join('');
		}
		const names = es.map(e => e.name + (o.has('F') ? typeChar(e.st) : ''));
		if (one || names.length === 0) return names.map((n, i) => fields(es[i]!) + n + '\n').join('');
		// display_files() counts 8 columns for the `%7llu ` of -i and 5 for the `%6u ` of -s.
		const extra = (o.has('i') ? 8 : 0) + (blocks ? 5 : 0);
		return columns(names, p.columns - 1, extra ? {extra, prefix: es.map(fields)} : undefined);
	};
	let out = '';
	sortEntries(files);
	if (files.length) out += render(files);
	sortEntries(dirs);
	// scan_and_display_dirs_recur(): a `NAME:` header with several operands or -R (a blank line
	// before all but the first thing printed), the directory's entries, then with -R its
	// subdirectories (not . and .., not symlinks), sorted, named by the path that reached them
	const headers = operands.length > 1 || o.has('R');
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
				const st = p.vfs.stat(path, false);
				if (typeof st === 'string') continue;
				entries.push({name: n, path, st});
			}
			sortEntries(entries);
			if (long || blocks) {
				const total = entries.reduce((s, e) => s + kblocks(e.st), 0);
				out += `total ${human ? makeHumanReadable(total * 1024, 0, 0).padEnd(7) : total}\n`;
			}
			out += render(entries);
			p.tick(entries.length);
			if (o.has('R')) {
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
 * busybox display_files(): column-major, every column as wide as the longest name + 2 (+ `extra`
 * for the fields printed before each name, `prefix`).
 */
export function columns(names: string[], width: number, fields?: {extra: number; prefix: string[]}): string {
	const colWidth = Math.max(...names.map(n => n.length)) + 2 + (fields?.extra ?? 0);
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
			const i = nc * nrows + row;
			if (i >= names.length) continue;
			if (column > 0) {
				out += ' '.repeat(Math.abs(nexttab - column));
				column = nexttab;
			}
			nexttab = column + colWidth;
			const entry = (fields?.prefix[i] ?? '') + names[i];
			out += entry;
			column += entry.length;
		}
		out += '\n';
	}
	return out;
}
