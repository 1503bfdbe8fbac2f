import {isErrno, strerror} from '../../errno.js';
import {hasVfsExt} from '../../vfs/ext.js';
import {bytesOf} from '../../vfs/utf8.js';
import {ENDLESS_CHARDEVS} from '../../vfs/rootfs.js';
import {BadNumber, bbShowUsage, dashDashHelp, getopt32, xatouRange} from '../getopt.js';
import {ENDLESS_PIPE_CAP, errorMsg, NeedConsoleInput, OpenPipe, readFile, type InteractiveProgram, type Proc, type Program} from '../proc.js';
import type {Run} from '../interp.js';
import type {OpenFile} from '../../vfs/types.js';
import {RECORD_POLL, waitRealTime} from './realtime.js';
import {fullStat, modeString} from './fsutils.js';
import {parseDate} from './parsedate.js';
import {nextRandom, seedRandom} from '../random.js';

/**
 * busybox cat, mkdir, rm, rmdir, touch, cp, mv, ln, readlink, realpath, basename, dirname:
 * options through getopt32 (they may follow operands; unknown ones print the usage), messages
 * and exit statuses as the Debian busybox 1.35 binary prints them.
 */

/** catv's rendering of the bytes (-v, with -e `$` at line ends and -t `^I` for tabs): é is M-CM-). */
function catv(data: string, e: boolean, t: boolean): string {
	let r = '';
	for (const ch of bytesOf(data)) {
		let c = ch.charCodeAt(0);
		if (c >= 128) {
			r += 'M-';
			c -= 128;
		}
		if (c === 10) r += e ? '$\n' : '\n';
		else if (c === 9 && !t) r += '\t';
		else if (c < 32) r += '^' + String.fromCharCode(c + 64);
		else if (c === 127) r += '^?';
		else r += String.fromCharCode(c);
	}
	return r;
}

/**
 * print_numbered_lines() of cat -n / -b: `%6u\t` before each line (-b: a non-empty one), a last
 * line without '\n' given one; `count` runs on across the files.
 */
function numberLines(text: string, nonempty: boolean, count: {n: number}): string {
	if (text === '') return '';
	const lines = text.split('\n');
	if (lines[lines.length - 1] === '') lines.pop();
	let out = '';
	for (const l of lines) out += nonempty && l === '' ? '\n' : `${String(count.n++).padStart(6)}\t${l}\n`;
	return out;
}

/** cat's options: -n/-b and -v/-e/-t/-A, each of which reads through stdio instead of bb_copyfd_eof(). */
const CAT_OPTS = 'nbvteA';

/**
 * A `cat` (argv) that copies with bb_copyfd_eof() and whose first file is its standard input: in
 * a pipeline it waits in read(2) on the pipe, its copy buffer mapped (sendfile(2) from a pipe fails).
 */
export function catCopiesStdinFirst(argv: readonly string[]): boolean {
	const args = argv.slice(1);
	const end = args.indexOf('--');
	if (args.slice(0, end < 0 ? undefined : end).some(a => a.length > 1 && a.startsWith('-'))) return false;
	const files = args.filter((a, i) => i !== end);
	return files.length === 0 || files[0] === '-';
}

const cat: InteractiveProgram = p => {
	const o = getopt32(p, {opts: CAT_OPTS});
	if (typeof o === 'number') return o;
	const files = o.args.length ? o.args : ['-'];
	// bb_cat(): each file goes through bb_copyfd_eof(), which tries sendfile(2) first and, where
	// that fails (a pipe, a seq_read() /proc/PID file), mmap()s a 64 KiB buffer for read(2) and
	// write(2) until the end of the file. -n/-b and -v/-e/-t/-A read through stdio instead.
	const plain = ![...CAT_OPTS].some(c => o.has(c));
	const copying = <T>(buffered: boolean, read: () => T): T => {
		if (!plain || !buffered) return read();
		p.sys.copyBuffer?.(true);
		try {
			return read();
		} finally {
			p.sys.copyBuffer?.(false);
		}
	};
	const all = o.has('A');
	// -v/-e/-t/-A show control characters (catv(), which ignores -n/-b); -n/-b number the lines
	const showing = all || o.has('v') || o.has('e') || o.has('t');
	const numbering = !showing && (o.has('n') || o.has('b'));
	const count = {n: 1};
	const filtered = (text: string): string => {
		if (showing) return catv(text, all || o.has('e'), all || o.has('t'));
		if (numbering) return numberLines(text, o.has('b'), count);
		return text;
	};
	let st = 0;
	let out = '';
	for (const f of files) {
		p.tick();
		if (f === '-') {
			// The console: each line goes out as it is typed (the tty's read(2) returns a line), to
			// the terminal or into a pipe (whose reader shows it meanwhile, PipePreview); so does a
			// pipe whose writer is still there.
			if (plain && p.console && (p.stdoutIsTty || p.stdinIsTty || p.console instanceof OpenPipe)) {
				p.out(out);
				out = '';
				const typed = p.console.peek();
				p.console.take();
				p.out(typed.data);
				if (!typed.eof) throw new NeedConsoleInput();
				continue;
			}
			// (-n, -v...: through stdio, a line at a time too)
			const typed = p.stdoutIsTty ? p.console?.peek() : undefined;
			if (typed && !typed.eof) {
				p.out(out + filtered(typed.data));
				throw new NeedConsoleInput();
			}
			out += filtered(copying(!p.stdinSplice, () => p.stdin()));
			continue;
		}
		const file = p.vfs.open(p.abs(f), {read: true});
		if (typeof file === 'string') {
			p.out(out);
			out = '';
			// open_or_warn_stdin() for bb_cat() and catv(), fopen_or_warn_stdin() for -n/-b
			p.err(numbering ? `${p.name}: ${f}: ${strerror[file]}\n` : `${p.name}: can't open '${f}': ${strerror[file]}\n`);
			st = 1;
			continue;
		}
		if (file.nextRecord) {
			// /dev/kmsg: a record per read(2), and at the newest one read(2) waits for the next:
			// cat never gets to an end of file (nor to the files after this one).
			// A write(2) per record: a reader that starts at once reads the first page of them while
			// cat goes on, and one that has had its fill there (`| head -n 1`) ends cat at its next
			// write; one that reads further finds cat done and waiting (lab s65/c: `head -n 20` ends
			// the pipeline, `head -n 100` leaves cat waiting for the next record).
			const read = file.read();
			const dump = typeof read === 'string' ? read : '';
			const page = dump.lastIndexOf('\n', PIPE_PAGE - 1) + 1;
			p.out(out + filtered(dump.slice(0, page)));
			p.wroteInPieces?.();
			p.out(filtered(dump.slice(page)));
			return followRecords(p, file, filtered);
		}
		const data = copying(file.noSplice === true, () => file.read());
		file.close();
		if (isErrno(data)) {
			p.out(out);
			out = '';
			p.err(`${p.name}: read error: ${strerror[data]}\n`);
			st = 1;
			continue;
		}
		const st0 = p.vfs.stat(p.abs(f));
		if (typeof st0 !== 'string' && st0.rdev && ENDLESS_CHARDEVS.has(st0.rdev.join(':'))) {
			// /dev/zero or /dev/full into a tmpfs file: it fills up (ENOSPC at the size= limit).
			if ((st0.rdev[1] === 5 || st0.rdev[1] === 7) && plain) {
				p.out(out);
				out = '';
				if (p.outZeros?.(Infinity)) continue;
			}
			// An endless device: a pipe reader that exits kills cat with SIGPIPE at a write past
			// what the pipe holds (`cat /dev/zero | head -c 1`); any other gets a finite stream (64
			// KiB); on the console cat would print forever, so it is interrupted.
			if (p.stdoutReaderExits) {
				p.out(out);
				out = '';
				const chunk = filtered(data);
				for (let n = 0; chunk && n < ENDLESS_PIPE_CAP; n += chunk.length) p.out(chunk);
				continue;
			}
			if (p.stdoutIsTty) {
				p.out(out + filtered(data));
				p.tick(Infinity);
			}
			out += filtered(data.repeat(16));
			continue;
		}
		out += filtered(data);
		p.tick(Math.ceil(data.length / 4096));
	}
	p.out(out);
	return st;
};

/** A pipe's page: what a reader gets in its first read(2). */
const PIPE_PAGE = 4096;

/**
 * cat waiting in read(2) of /dev/kmsg: each new record goes out as it is logged (memhp looks
 * every RECORD_POLL seconds of real time on the screen, where the monitor's hotplug commands
 * log them meanwhile), until Ctrl-C. Where nothing waits in real time (replay, a pipeline
 * stage, a background job) it sleeps for ever as Proc.sleep(Infinity) does: the console's user
 * ends it with Ctrl-C, a background job lingers until it is killed.
 */
function* followRecords(p: Proc, file: OpenFile, filtered: (text: string) => string): Run {
	for (;;) {
		p.tick();
		if (!(yield* waitRealTime(p, p.name, RECORD_POLL))) {
			// (a background job's sleep is its own: it returns, the job asleep until killed)
			p.sleep(Infinity);
			return 0;
		}
		p.sleep(RECORD_POLL);
		const more = file.read();
		if (typeof more === 'string' && more) p.out(filtered(more));
	}
}

/** bb_parse_mode() for -m: octal, or symbolic clauses (applied to 0777 & ~umask). */
function parseMode(s: string): number | undefined {
	if (/^[0-7]+$/.test(s)) {
		const n = parseInt(s, 8);
		return n <= 0o7777 ? n : undefined;
	}
	let mode = 0o755;
	for (const clause of s.split(',')) {
		const m = /^([ugoa]*)([-+=])([rwxXst]*|[ugo])$/.exec(clause);
		if (!m) return undefined;
		const who = m[1] === '' || m[1].includes('a') ? 0o777 : (m[1].includes('u') ? 0o700 : 0) | (m[1].includes('g') ? 0o070 : 0) | (m[1].includes('o') ? 0o007 : 0);
		let bits = 0;
		for (const c of m[3]) bits |= c === 'r' ? 0o444 : c === 'w' ? 0o222 : c === 'x' || c === 'X' ? 0o111 : 0;
		bits &= who;
		mode = m[2] === '+' ? mode | bits : m[2] === '-' ? mode & ~bits : (mode & ~who) | bits;
	}
	return mode;
}

const mkdir: Program = p => {
	const o = getopt32(p, {opts: 'm:pv', longs: {mode: 'm', parents: 'p', verbose: 'v'}, minArgs: 1});
	if (typeof o === 'number') return o;
	let mode: number | undefined;
	const m = o.arg('m');
	if (m !== undefined) {
		mode = parseMode(m);
		if (mode === undefined) {
			p.err(`${p.name}: invalid mode '${m}'\n`);
			return 1;
		}
	}
	const make = (path: string, shown: string, last: boolean): boolean => {
		const e = p.vfs.mkdir(p.abs(path));
		if (!e) {
			if (last && mode !== undefined && hasVfsExt(p.vfs)) p.vfs.chmod(p.abs(path), mode);
			if (o.has('v')) p.out(`created directory: '${shown}'\n`);
			return true;
		}
		if (e === 'EEXIST' && o.has('p')) {
			// busybox stat()s what exists: a directory is fine, `f/` on a file is ENOTDIR.
			const s = p.vfs.stat(p.abs(path));
			if (typeof s !== 'string' && s.type === 'dir') return true;
			p.err(`${p.name}: can't create directory '${shown}': ${strerror[shown.endsWith('/') ? 'ENOTDIR' : 'EEXIST']}\n`);
			return false;
		}
		p.err(`${p.name}: can't create directory '${shown}': ${strerror[e]}\n`);
		return false;
	};
	let st = 0;
	for (const d of o.args) {
		p.tick();
		if (!o.has('p')) {
			if (!make(d, d, true)) st = 1;
			continue;
		}
		// bb_make_directory(): each prefix up to a '/' (as typed), then the whole path.
		let ok = true;
		for (let i = d.indexOf('/', 1); ok && i > 0; i = d.indexOf('/', i + 1)) {
			p.tick();
			if (d[i - 1] === '/') continue;
			ok = make(d.slice(0, i), d.slice(0, i + 1), false);
		}
		if (ok && !d.endsWith('/')) ok = make(d, d, true);
		if (!ok) st = 1;
	}
	return st;
};

/** remove_file(): depth first, `removed '...'` / `removed directory: '...'` with -v. */
function removeTree(p: Proc, path: string, shown: string, verbose: boolean): boolean {
	const st = p.vfs.stat(p.abs(path), false);
	if (typeof st === 'string') {
		p.err(`${p.name}: can't remove '${shown}': ${strerror[st]}\n`);
		return false;
	}
	if (st.type === 'dir') {
		const names = p.vfs.readdir(p.abs(path));
		let ok = true;
		if (typeof names !== 'string') {
			for (const n of names) {
				p.tick();
				const child = `${path.replace(/\/+$/, '')}/${n}`;
				ok = removeTree(p, child, child, verbose) && ok;
			}
		}
		if (!ok) return false;
		const e = p.vfs.rmdir(p.abs(path));
		if (e) {
			p.err(`${p.name}: can't remove '${shown}': ${strerror[e]}\n`);
			return false;
		}
		if (verbose) p.out(`removed directory: '${shown}'\n`);
		return true;
	}
	const e = p.vfs.unlink(p.abs(path));
	if (e) {
		p.err(`${p.name}: can't remove '${shown}': ${strerror[e]}\n`);
		return false;
	}
	if (verbose) p.out(`removed '${shown}'\n`);
	return true;
}

const rm: Program = p => {
	const o = getopt32(p, {opts: 'fiRrv', longs: {force: 'f', interactive: 'i', recursive: 'R', verbose: 'v'}});
	if (typeof o === 'number') return o;
	const force = o.has('f');
	if (o.args.length === 0) return force ? 0 : bbShowUsage(p, 'rm');
	const recursive = o.has('r') || o.has('R');
	let status = 0;
	for (const f of o.args) {
		p.tick();
		const base = f.replace(/\/+$/, '').split('/').pop();
		if (base === '.' || base === '..') {
			p.err(`${p.name}: can't remove '.' or '..'\n`);
			status = 1;
			continue;
		}
		const st = p.vfs.stat(p.abs(f), false);
		if (typeof st === 'string') {
			if (!(force && st === 'ENOENT')) {
				p.err(`${p.name}: can't remove '${f}': ${strerror[st]}\n`);
				status = 1;
			}
			continue;
		}
		if (st.type === 'dir' && !recursive) {
			p.err(`${p.name}: '${f}' is a directory\n`);
			status = 1;
			continue;
		}
		if (!removeTree(p, f, f, o.has('v'))) status = 1;
	}
	return status;
};

const rmdir: Program = p => {
	const o = getopt32(p, {opts: 'pv', longs: {parents: 'p', 'ignore-fail-on-non-empty': '\x01', verbose: 'v'}, minArgs: 1});
	if (typeof o === 'number') return o;
	let status = 0;
	for (const d of o.args) {
		let path = d;
		for (;;) {
			p.tick();
			if (o.has('v')) p.out(`${p.name}: removing directory, '${path}'\n`);
			const e = p.vfs.rmdir(p.abs(path));
			if (e) {
				if (!(o.has('\x01') && e === 'ENOTEMPTY')) {
					p.err(`${p.name}: '${path}': ${strerror[e]}\n`);
					status = 1;
				}
				break;
			}
			if (!o.has('p')) break;
			// -p: the parent, with trailing slashes and the last component stripped.
			const cut = path.replace(/\/+$/, '').lastIndexOf('/');
			if (cut < 0) break;
			path = path.slice(0, cut).replace(/\/+$/, '');
			if (path === '') break;
		}
	}
	return status;
};

const touch: Program = p => {
	const o = getopt32(p, {opts: 'cd:t:r:amh', longs: {'no-create': 'c', date: 'd', reference: 'r'}, minArgs: 1});
	if (typeof o === 'number') return o;
	let mtime = p.sys.time();
	// -d/-t DATE: parse_datestr() from now (`hh:mm` alone is today, and a time without seconds
	// keeps the current ones, as busybox does); a bad date ends touch
	const date = o.arg('d') ?? o.arg('t');
	if (date !== undefined) {
		const t = parseDate(date, mtime, false, true);
		if (t === undefined) {
			p.err(`${p.name}: invalid date '${date}'\n`);
			return 1;
		}
		mtime = t;
	}
	const ref = o.arg('r');
	if (ref !== undefined) {
		const st = p.vfs.stat(p.abs(ref));
		if (typeof st === 'string') {
			p.err(`${p.name}: can't stat '${ref}': ${strerror[st]}\n`);
			return 1;
		}
		mtime = st.mtime;
	}
	let status = 0;
	for (const f of o.args) {
		p.tick();
		const path = p.abs(f);
		if (typeof p.vfs.stat(path) === 'string') {
			if (o.has('c')) continue;
			const h = p.vfs.open(path, {write: true, create: true});
			if (typeof h === 'string') {
				p.err(`${p.name}: ${f}: ${strerror[h]}\n`);
				status = 1;
				continue;
			}
			h.close();
		}
		if (hasVfsExt(p.vfs)) p.vfs.utime(path, mtime);
	}
	return status;
};

function copyFile(p: Proc, from: string, to: string, verbose: boolean): boolean {
	const data = readFile(p.vfs, p.abs(from));
	if (isErrno(data)) {
		p.err(`${p.name}: can't open '${from}': ${strerror[data]}\n`);
		return false;
	}
	// copy_file(): a new file gets the source's permission bits (then the umask).
	const st = p.vfs.stat(p.abs(from));
	const mode = typeof st === 'string' ? 0o666 : st.mode & 0o7777;
	const h = p.vfs.open(p.abs(to), {write: true, create: true, truncate: true, mode});
	if (typeof h === 'string') {
		p.err(`${p.name}: can't create '${to}': ${strerror[h]}\n`);
		return false;
	}
	const e = h.write(data);
	h.close();
	if (e) {
		p.err(`${p.name}: write error: ${strerror[e]}\n`);
		return false;
	}
	if (verbose) p.out(`'${from}' -> '${to}'\n`);
	return true;
}

function copyTree(p: Proc, from: string, to: string, verbose: boolean): boolean {
	const e = p.vfs.mkdir(p.abs(to));
	if (e && e !== 'EEXIST') {
		p.err(`${p.name}: can't create directory '${to}': ${strerror[e]}\n`);
		return false;
	}
	if (verbose) p.out(`'${from}' -> '${to}'\n`);
	const names = p.vfs.readdir(p.abs(from));
	if (typeof names === 'string') return false;
	let ok = true;
	for (const n of names) {
		p.tick();
		const src = `${from.replace(/\/+$/, '')}/${n}`;
		const dst = `${to.replace(/\/+$/, '')}/${n}`;
		const st = p.vfs.stat(p.abs(src));
		if (typeof st === 'string') continue;
		ok = (st.type === 'dir' ? copyTree(p, src, dst, verbose) : copyFile(p, src, dst, verbose)) && ok;
	}
	return ok;
}

const lastComponent = (s: string) => s.replace(/\/+$/, '').split('/').pop() || '/';

/**
 * cp's and mv's destinations: `-t DIR` or a last operand; with one source the target is DEST
 * (or DEST/NAME when DEST is a directory, unless -T), with several always DEST/NAME.
 */
function destinations(p: Proc, o: {args: string[]; has(c: string): boolean; arg(c: string): string | undefined}, applet: string): [string, string][] | number {
	const args = [...o.args];
	const t = o.arg('t');
	if (t === undefined ? args.length < 2 : args.length < 1) return bbShowUsage(p, applet);
	const dest = t ?? args.pop()!;
	const st = p.vfs.stat(p.abs(dest));
	const isDir = typeof st !== 'string' && st.type === 'dir';
	if (t === undefined && args.length === 1 && (!isDir || o.has('T'))) {
		if (isDir && o.has('T')) {
			p.err(`${p.name}: '${dest}' is a directory\n`);
			return 1;
		}
		return [[args[0], dest]];
	}
	return args.map(a => [a, `${dest.replace(/\/+$/, '')}/${lastComponent(a)}`]);
}

const cp: Program = p => {
	const o = getopt32(p, {opts: 'apdRrPLHfinlsTt:uv', longs: {archive: 'a', force: 'f', interactive: 'i', 'no-clobber': 'n', link: 'l', 'symbolic-link': 's', 'target-directory': 't', 'no-target-directory': 'T', update: 'u', verbose: 'v', recursive: 'R', dereference: 'L', 'no-dereference': 'P'}});
	if (typeof o === 'number') return o;
	const pairs = destinations(p, o, 'cp');
	if (typeof pairs === 'number') return pairs;
	const verbose = o.has('v');
	let status = 0;
	for (const [src, to] of pairs) {
		p.tick();
		const sst = p.vfs.stat(p.abs(src));
		if (typeof sst === 'string') {
			p.err(`${p.name}: can't stat '${src}': ${strerror[sst]}\n`);
			status = 1;
			continue;
		}
		if (sst.type === 'dir') {
			if (!o.has('r') && !o.has('R') && !o.has('a')) {
				p.err(`${p.name}: omitting directory '${src}'\n`);
				status = 1;
				continue;
			}
			if (!copyTree(p, src, to, verbose)) status = 1;
			continue;
		}
		const dst = fullStat(p, to, false);
		if (!isErrno(dst)) {
			if (o.has('n')) continue;
			// copy_file(): the same inode is refused; -i asks on stderr, a line from stdin answers
			const from = fullStat(p, src, true);
			if (!isErrno(from) && from.ino === dst.ino && from.dev.join() === dst.dev.join()) {
				p.err(`${p.name}: '${src}' and '${to}' are the same file\n`);
				status = 1;
				continue;
			}
			if (o.has('i')) {
				p.err(`${p.name}: overwrite '${to}'? `);
				if (!askYes(p)) continue;
			}
		}
		if (!copyFile(p, src, to, verbose)) status = 1;
	}
	return status;
};

/** bb_ask_y_confirmation(): a line from stdin that starts with y or Y. */
function askYes(p: Proc): boolean {
	const line = p.stdin().split('\n')[0] ?? '';
	return line.startsWith('y') || line.startsWith('Y');
}

const mv: Program = p => {
	const o = getopt32(p, {opts: 'finTt:v', longs: {force: 'f', interactive: 'i', 'no-clobber': 'n', 'no-target-directory': 'T', 'target-directory': 't', verbose: 'v'}});
	if (typeof o === 'number') return o;
	const pairs = destinations(p, o, 'mv');
	if (typeof pairs === 'number') return pairs;
	let status = 0;
	for (const [src, to] of pairs) {
		p.tick();
		if (o.has('n') && typeof p.vfs.stat(p.abs(to), false) !== 'string') continue;
		const e = hasVfsExt(p.vfs) ? p.vfs.rename(p.abs(src), p.abs(to)) : 'ENOSYS';
		if (e === 'EXDEV') {
			// Another filesystem: copy_file() recursively, then remove_file() the source.
			const st = p.vfs.stat(p.abs(src), false);
			const copied = typeof st !== 'string' && (st.type === 'dir' ? copyTree(p, src, to, false) : copyFile(p, src, to, false));
			if (!copied || !removeTree(p, src, src, false)) status = 1;
			else if (o.has('v')) p.out(`'${src}' -> '${to}'\n`);
		} else if (e) {
			p.err(`${p.name}: can't rename '${src}': ${strerror[e]}\n`);
			status = 1;
			// (mv.c prints the verbose line after a failed rename too)
			if (o.has('v')) p.out(`'${src}' -> '${to}'\n`);
		} else if (o.has('v')) p.out(`'${src}' -> '${to}'\n`);
	}
	return status;
};

const ln: Program = p => {
	const o = getopt32(p, {opts: 'sfnbS:vT', minArgs: 1});
	if (typeof o === 'number') return o;
	const args = [...o.args];
	if (args.length === 1) args.push('.');
	const last = args.pop()!;
	const lst = p.vfs.stat(p.abs(last), !o.has('n'));
	const lastIsDir = typeof lst !== 'string' && lst.type === 'dir' && !o.has('T');
	if (args.length > 1 && !lastIsDir) {
		p.err(`${p.name}: ${last}: ${strerror.ENOTDIR}\n`);
		return 1;
	}
	let status = 0;
	for (const target of args) {
		p.tick();
		const link = lastIsDir ? `${last.replace(/\/+$/, '')}/${lastComponent(target)}` : last;
		// a hard link needs its source (stat()ed first: `ln: SRC: No such file or directory`)
		if (!o.has('s')) {
			const st = p.vfs.stat(p.abs(target));
			if (typeof st === 'string') {
				p.err(`${p.name}: ${target}: ${strerror[st]}\n`);
				status = 1;
				continue;
			}
		}
		if (o.has('f')) p.vfs.unlink(p.abs(link));
		const e = !hasVfsExt(p.vfs) ? 'ENOSYS' : o.has('s') ? p.vfs.symlink(target, p.abs(link)) : p.vfs.link(p.abs(target), p.abs(link));
		if (e) {
			p.err(`${p.name}: ${link}: ${strerror[e]}\n`);
			status = 1;
		} else if (o.has('v')) p.out(`'${link}' -> '${target}'\n`);
	}
	return status;
};

/** link FILE LINK: link(2), nothing else. */
const link: Program = p => {
	const o = getopt32(p, {opts: ''});
	if (typeof o === 'number') return o;
	if (o.args.length !== 2) return bbShowUsage(p, 'link');
	const [file, name] = o.args as [string, string];
	const e = hasVfsExt(p.vfs) ? p.vfs.link(p.abs(file), p.abs(name)) : 'ENOSYS';
	if (e) {
		p.err(`${p.name}: can't create hardlink '${name}' to '${file}': ${strerror[e]}\n`);
		return 1;
	}
	return 0;
};

const readlink: Program = p => {
	const o = getopt32(p, {opts: 'fnvsq'});
	if (typeof o === 'number') return o;
	if (o.args.length !== 1) return bbShowUsage(p, 'readlink');
	const f = o.args[0];
	const r = o.has('f') ? p.vfs.realpath(p.abs(f)) : p.vfs.readlink(p.abs(f));
	if (isErrno(r)) {
		if (o.has('v') && !o.has('f')) p.err(`${p.name}: ${f}: cannot read link: ${r === 'EINVAL' ? 'not a symlink' : strerror[r]}\n`);
		return 1;
	}
	p.out(r + (o.has('n') ? '' : '\n'));
	return 0;
};

const realpath: Program = p => {
	if (dashDashHelp(p)) return bbShowUsage(p, 'realpath', 0);
	const args = p.argv.slice(1);
	if (args.length === 0) return bbShowUsage(p, 'realpath');
	let st = 0;
	for (const f of args) {
		p.tick();
		const r = p.vfs.realpath(p.abs(f));
		if (isErrno(r)) {
			p.err(`${p.name}: ${f}: ${strerror[r]}\n`);
			st = 1;
		} else p.out(r + '\n');
	}
	return st;
};

/** bb_get_last_path_component_strip() and the suffix rule of basename. */
function baseOf(name: string, suffix: string | undefined): string {
	let b = name.replace(/\/+$/, '').split('/').pop() || (name.startsWith('/') ? '/' : '');
	if (suffix && b !== suffix && b.endsWith(suffix)) b = b.slice(0, -suffix.length);
	return b;
}

const basename: Program = p => {
	const o = getopt32(p, {opts: '+as:', minArgs: 1});
	if (typeof o === 'number') return o;
	const suffix = o.arg('s');
	if (o.has('a') || suffix !== undefined) {
		p.out(o.args.map(a => baseOf(a, suffix) + '\n').join(''));
		return 0;
	}
	if (o.args.length > 2) return bbShowUsage(p, 'basename');
	p.out(baseOf(o.args[0], o.args[1]) + '\n');
	return 0;
};

const dirname: Program = p => {
	// single_argv(): an optional `--`, then exactly one operand (no other options).
	const args = p.argv[1] === '--' ? p.argv.slice(2) : p.argv.slice(1);
	if (p.argv.length === 2 && p.argv[1] === '--help') return bbShowUsage(p, 'dirname', 0);
	if (args.length !== 1) return bbShowUsage(p, 'dirname');
	const trimmed = args[0].replace(/\/+$/, '');
	const i = trimmed.lastIndexOf('/');
	p.out((i < 0 ? (args[0].startsWith('/') ? '/' : '.') : i === 0 ? '/' : trimmed.slice(0, i).replace(/\/+$/, '') || '/') + '\n');
	return 0;
};

/**
 * libbb/parse_mode.c bb_parse_mode(): octal up to 07777, or symbolic clauses
 * `[augo]*[+-=]([rwxXst]*|[ugo])...`, comma separated, applied to `current` (type bits included,
 * for X). Without a who list, + and - (and =) are masked with the umask. undefined: invalid.
 */
export function bbParseMode(s: string, current: number, umask: number): number | undefined {
	if (/^[0-7]/.test(s)) {
		if (!/^[0-7]+$/.test(s)) return undefined;
		const n = Number.parseInt(s, 8);
		return n > 0o7777 ? undefined : n;
	}
	const WHO: Record<string, number> = {a: 0o7777, u: 0o4700, g: 0o2070, o: 0o0007};
	const PERM: Record<string, number> = {r: 0o444, w: 0o222, x: 0o111, X: 0o111, s: 0o6000, t: 0o1000};
	let mode = current;
	let i = 0;
	while (i < s.length) {
		if (s[i] === ',') {
			i++;
			continue;
		}
		let who = 0;
		while (Object.hasOwn(WHO, s[i]!)) {
			who |= WHO[s[i]!]!;
			if (++i >= s.length) return undefined;
		}
		do {
			const op = s[i];
			if (op !== '+' && op !== '-' && op !== '=') return undefined;
			if (op === '=') mode &= who ? ~who : ~0o7777;
			i++;
			let perms = 0;
			const c = s[i];
			if (c === 'u' || c === 'g' || c === 'o') {
				// permcopy: the r/w/x bits the named class has now, for every class.
				const have = WHO[c]! & 0o777 & mode;
				for (const bits of [0o444, 0o222, 0o111]) if (have & bits) perms |= bits;
				i++;
			} else {
				while (i < s.length && Object.hasOwn(PERM, s[i]!)) {
					if (s[i] !== 'X' || mode & (0o40000 | 0o111)) perms |= PERM[s[i]!]!;
					i++;
				}
			}
			if (perms) {
				perms &= who || ~umask;
				if (op === '-') mode &= ~perms;
				else mode |= perms;
			}
		} while (i < s.length && s[i] !== ',');
	}
	return mode;
}

/**
 * coreutils/chmod.c: MODE then FILEs, -R recursing (symlinks below the top are skipped), -v/-c
 * reporting, -f hiding chmod(2) errors (not a missing operand's). A leading `-x`-style mode is
 * told from options as busybox does (the first such argument is the mode).
 */
const chmod: Program = p => {
	const argv = [...p.argv];
	let modeAt = -1;
	for (let i = 1; i < argv.length; i++) {
		const a = argv[i]!;
		if (a[0] !== '-') break;
		if ('rwxXst'.includes(a[1] ?? '\0')) {
			argv[i] = `a${a.slice(1)}`;
			modeAt = i;
			break;
		}
	}
	const o = getopt32(p, {opts: 'Rvcf', argv, minArgs: 2});
	if (typeof o === 'number') return o;
	const [spec0, ...files] = o.args;
	const spec = modeAt >= 0 && spec0 === argv[modeAt] ? p.argv[modeAt]! : spec0!;
	const umask = p.vfs.umask ?? 0o022;
	let status = 0;
	const apply = (path: string, top: boolean): boolean => {
		const st = p.vfs.stat(p.abs(path), top);
		if (typeof st === 'string') {
			if (!top) return true;
			p.err(`chmod: ${path}: ${strerror[st]}\n`);
			return false;
		}
		if (!top && st.type === 'symlink') return true;
		const current = st.mode | (st.type === 'dir' ? 0o40000 : 0o100000);
		const next = bbParseMode(spec, current, umask);
		if (next === undefined) throw new InvalidMode();
		const e = hasVfsExt(p.vfs) ? p.vfs.chmod(p.abs(path), next) : 'ENOSYS';
		if (e) {
			if (!o.has('f')) p.err(`chmod: ${path}: ${strerror[e]}\n`);
			return false;
		}
		if (o.has('v') || (o.has('c') && (current & 0o7777) !== (next & 0o7777))) {
			p.out(`mode of '${path}' changed to ${(next & 0o7777).toString(8).padStart(4, '0')} (${modeString({...st, mode: next & 0o7777}).slice(1)})\n`);
		}
		let ok = true;
		if (o.has('R') && st.type === 'dir') {
			const names = p.vfs.readdir(p.abs(path));
			if (!isErrno(names)) for (const n of names) ok = apply(`${path.replace(/\/+$/, '')}/${n}`, false) && ok;
		}
		return ok;
	};
	try {
		for (const f of files) if (!apply(f, true)) status = 1;
	} catch (e) {
		if (!(e instanceof InvalidMode)) throw e;
		p.err(`chmod: invalid mode '${spec}'\n`);
		return 1;
	}
	return status;
};

class InvalidMode extends Error {}

/** An id from a number or from /etc/passwd or /etc/group (getpwnam(), getgrnam()). */
function lookupId(p: Proc, file: '/etc/passwd' | '/etc/group', name: string): {id: number; gid?: number} | undefined {
	if (/^\d+$/.test(name) && Number(name) <= 0xffffffff) {
		const id = Number(name);
		// (a uid's login group, when the user exists)
		const entry = file === '/etc/passwd' ? passwdEntries(p).find(e => e[2] === name) : undefined;
		return entry ? {id, gid: Number(entry[3])} : {id};
	}
	const text = readFile(p.vfs, file);
	if (isErrno(text)) return undefined;
	for (const line of text.split('\n')) {
		const f = line.split(':');
		if (f.length >= 3 && f[0] === name) return {id: Number(f[2]), ...(file === '/etc/passwd' ? {gid: Number(f[3])} : {})};
	}
	return undefined;
}

function passwdEntries(p: Proc): string[][] {
	const text = readFile(p.vfs, '/etc/passwd');
	return isErrno(text) ? [] : text.split('\n').map(l => l.split(':')).filter(f => f.length >= 4);
}

/**
 * libbb's parse_chown_usergroup_or_die(): `USER`, `:GROUP`, `USER:` (the user's login group),
 * `USER:GROUP`, `.` for `:`; numbers or names. -1 leaves an id as it is.
 */
function parseUserGroup(p: Proc, arg: string): {uid: number; gid: number} | string {
	let sep = arg.indexOf('.');
	if (sep < 0) sep = arg.indexOf(':');
	if (sep < 0) {
		const u = lookupId(p, '/etc/passwd', arg);
		return u ? {uid: u.id, gid: -1} : `unknown user ${arg}`;
	}
	if (sep === 0) {
		if (arg.length === 1) return {uid: -1, gid: -1};
		const g = lookupId(p, '/etc/group', arg.slice(1));
		return g ? {uid: -1, gid: g.id} : `unknown group ${arg.slice(1)}`;
	}
	// get_uidgid(): the user (and its login group), then the group if one is given
	const user = arg.slice(0, sep);
	const group = arg.slice(sep + 1);
	const u = lookupId(p, '/etc/passwd', user);
	const unknown = `unknown user/group ${group ? `${user}:${group}` : user}`;
	if (!u) return unknown;
	if (!group) return {uid: u.id, gid: u.gid ?? -1};
	const g = lookupId(p, '/etc/group', group);
	return g ? {uid: u.id, gid: g.id} : unknown;
}

/**
 * coreutils/chown.c with DESKTOP: `chown [-RhLHPcvf]... USER[:[GRP]] FILE...`, depth first with
 * -R (a directory after what it holds), chown(2) following a symlink unless -h; -v and -c
 * (when the ids change) print `changed ownership of 'F' to U:G`, -f hides chown(2) errors.
 * chgrp is `chown :GROUP`.
 */
const chown: Program = p => {
	const o = getopt32(p, {opts: 'RhLHPcvf', minArgs: 2});
	if (typeof o === 'number') return o;
	const [spec, ...files] = o.args;
	const ids = parseUserGroup(p, spec!);
	if (typeof ids === 'string') {
		p.err(`${p.name}: ${ids}\n`);
		return 1;
	}
	const apply = (path: string, top: boolean): boolean => {
		const abs = p.abs(path);
		// recursive_action(): lstat() (stat() with -L, or -H on the command line)
		const follow = o.has('L') || (top && o.has('H'));
		const st = p.vfs.stat(abs, follow);
		if (typeof st === 'string') {
			p.err(`${p.name}: ${path}: ${strerror[st]}\n`);
			return false;
		}
		let ok = true;
		if (o.has('R') && st.type === 'dir') {
			const names = p.vfs.readdir(abs);
			if (!isErrno(names)) for (const n of names) ok = apply(`${path.replace(/\/+$/, '')}/${n}`, false) && ok;
		}
		// fileAction(): the ids it had for what is not given, chown() or lchown() with -h
		const target = st.type === 'symlink' && !o.has('h') ? p.vfs.stat(abs, true) : st;
		const before = typeof target === 'string' ? st : target;
		const uid = ids.uid === -1 ? before.uid : ids.uid;
		const gid = ids.gid === -1 ? before.gid : ids.gid;
		const e = hasVfsExt(p.vfs) ? p.vfs.chown(abs, uid, gid, o.has('h')) : 'ENOSYS';
		if (e) {
			if (!o.has('f')) p.err(`${p.name}: ${path}: ${strerror[e]}\n`);
			return false;
		}
		if (o.has('v') || (o.has('c') && (before.uid !== uid || before.gid !== gid))) p.out(`changed ownership of '${path}' to ${uid}:${gid}\n`);
		return ok;
	};
	let status = 0;
	for (const f of files) {
		p.tick();
		if (!apply(f, true)) status = 1;
	}
	return status;
};

/**
 * getopt_mk_fifo_nod(): `-m MODE` is bb_parse_mode() from a=rw, and then umask(0) makes it exact
 * (this process's umask: put back when the applet is done); without it 0666, less the umask.
 */
function withFifoNodMode<T>(p: Proc, m: string | undefined, make: (mode: number) => T): T {
	if (m === undefined) return make(0o666);
	const mode = bbParseMode(m, 0o666, 0);
	// (an invalid mode is -1 to mknod(2): every bit, less the umask it kept)
	if (mode === undefined) return make(0o7777);
	const saved = p.vfs.umask;
	p.vfs.umask = 0;
	try {
		return make(mode);
	} finally {
		p.vfs.umask = saved;
	}
}

/** coreutils/mkfifo.c: `mkfifo [-m MODE] NAME...`, each a FIFO; an error names the file and goes on. */
const mkfifo: Program = p => {
	const o = getopt32(p, {opts: 'm:'});
	if (typeof o === 'number') return o;
	if (!o.args.length) return bbShowUsage(p, 'mkfifo');
	return withFifoNodMode(p, o.arg('m'), mode => {
		let status = 0;
		for (const name of o.args) {
			p.tick();
			const e = hasVfsExt(p.vfs) ? p.vfs.mknod(p.abs(name), 'fifo', mode) : 'ENOSYS';
			if (e) {
				p.err(`mkfifo: ${name}: ${strerror[e]}\n`);
				status = 1;
			}
		}
		return status;
	});
};

/**
 * coreutils/mknod.c: `mknod [-m MODE] NAME TYPE [MAJOR MINOR]`, TYPE `b`, `c` (or `u`) with a
 * major (0-4095) and minor (0-1048575), or `p` without.
 */
const mknod: Program = p => {
	const o = getopt32(p, {opts: 'm:'});
	if (typeof o === 'number') return o;
	const [name, typeArg, ...rest] = o.args;
	if (name === undefined || typeArg === undefined) return bbShowUsage(p, 'mknod');
	const type = ({p: 'fifo', c: 'chardev', u: 'chardev', b: 'blockdev'} as const)[typeArg[0] as 'p' | 'c' | 'u' | 'b'];
	if (!type) return bbShowUsage(p, 'mknod');
	let rdev: [number, number] = [0, 0];
	if (type !== 'fifo') {
		if (rest.length < 2) return bbShowUsage(p, 'mknod');
		const major = xatouRange(rest[0]!, 0, 0xfff);
		if (major instanceof BadNumber) {
			errorMsg(p, major.message);
			return 1;
		}
		const minor = xatouRange(rest[1]!, 0, 0xfffff);
		if (minor instanceof BadNumber) {
			errorMsg(p, minor.message);
			return 1;
		}
		rdev = [major, minor];
		rest.splice(0, 2);
	}
	if (rest.length) return bbShowUsage(p, 'mknod');
	const e = withFifoNodMode(p, o.arg('m'), mode => (hasVfsExt(p.vfs) ? p.vfs.mknod(p.abs(name), type, mode, rdev) : 'ENOSYS'));
	if (e) {
		p.err(`mknod: ${name}: ${strerror[e]}\n`);
		return 1;
	}
	return 0;
};

/** chgrp_main(): the first operand becomes `:GROUP` and chown does the rest. */
const chgrp: Program = p => {
	const argv = [...p.argv];
	const i = argv.findIndex((a, k) => k > 0 && !a.startsWith('-'));
	if (i > 0) argv[i] = `:${argv[i]}`;
	return chown({...p, argv});
};

/** glibc's __gen_tempname() letters. */
const TEMP_LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * mktemp [-dqu] [-t|-p DIR] [TEMPLATE] (debianutils/mktemp.c): TEMPLATE's last six X's made
 * unique (glibc's mkstemp()/mkdtemp()/mktemp(): a file 0600, a directory 0700, or -u only the
 * name), relative to -p DIR or $TMPDIR or /tmp with -t; no TEMPLATE is `-t tmp.XXXXXX`. A
 * template without six X's, or a directory that is missing, is busybox's `(null): error`.
 * The letters come from the shell's random.c generator seeded by pid and the virtual clock, so
 * replays repeat them.
 */
const mktemp: Program = p => {
	let dir = p.env.get('TMPDIR') || '/tmp';
	const o = getopt32(p, {opts: 'dqtp:u'});
	if (typeof o === 'number') return o;
	if (o.args.length > 1) return bbShowUsage(p, 'mktemp');
	let template = o.args[0];
	let prefixDir = o.has('t') || o.has('p');
	if (template === undefined) {
		template = 'tmp.XXXXXX';
		prefixDir = true;
	}
	if (o.has('p')) dir = o.arg('p')!;
	const path = prefixDir ? `${dir.replace(/\/+$/, '')}/${template}` : template;
	const fail = (e: 'EINVAL' | 'ENOENT' | 'ENOTDIR' | 'EACCES' | 'EEXIST'): number => {
		if (!o.has('q')) p.err(`mktemp: (null): ${strerror[e]}\n`);
		return 1;
	};
	if (!path.endsWith('XXXXXX')) return fail('EINVAL');
	const random = seedRandom(p.sys.getpid?.() ?? 1, Math.floor(p.sys.uptime() * 1e6) >>> 0);
	for (let attempt = 0; attempt < 100; attempt++) {
		p.tick();
		let suffix = '';
		for (let i = 0; i < 6; i++) suffix += TEMP_LETTERS[nextRandom(random) % TEMP_LETTERS.length];
		const name = path.slice(0, -6) + suffix;
		const abs = p.abs(name);
		const st = p.vfs.stat(abs, false);
		if (typeof st !== 'string') continue;
		if (st !== 'ENOENT') return fail(st === 'ENOTDIR' ? 'ENOTDIR' : 'EACCES');
		if (!o.has('u')) {
			const e = o.has('d') ? p.vfs.mkdir(abs, 0o700) : (() => {
				const h = p.vfs.open(abs, {write: true, create: true, mode: 0o600});
				if (typeof h === 'string') return h;
				h.close();
				return undefined;
			})();
			if (e) return fail(e === 'ENOENT' || e === 'ENOTDIR' ? e : 'EACCES');
		} else {
			// mktemp(): only the name, but its directory must be there
			const parent = p.vfs.stat(p.abs(name.includes('/') ? name.slice(0, name.lastIndexOf('/')) || '/' : '.'));
			if (typeof parent === 'string') return fail('ENOENT');
		}
		p.out(`${name}\n`);
		return 0;
	}
	return fail('EEXIST');
};

export const FILE_PROGRAMS: Record<string, InteractiveProgram> = {cat, chmod, chown, chgrp, mkfifo, mknod, mkdir, rm, rmdir, touch, cp, mv, ln, link, readlink, realpath, basename, dirname, mktemp};
