import {isErrno, strerror} from '../../errno.js';
import {hasVfsExt} from '../../vfs/ext.js';
import {ENDLESS_CHARDEVS} from '../../vfs/rootfs.js';
import {getopt, readFile, type Proc, type Program} from '../proc.js';

/** busybox cat, mkdir, rm, rmdir, touch, cp, mv, ln, readlink, realpath, basename, dirname. */

const cat: Program = p => {
	const o = getopt(p.argv, 'nbeutvA');
	const files = o.args.length ? o.args : ['-'];
	let st = 0;
	let out = '';
	for (const f of files) {
		if (f === '-') {
			out += p.stdin();
			continue;
		}
		const file = p.vfs.open(p.abs(f), {read: true});
		if (typeof file === 'string') {
			p.out(out);
			out = '';
			p.err(`cat: can't open '${f}': ${strerror[file]}\n`);
			st = 1;
			continue;
		}
		const data = file.read();
		file.close();
		if (isErrno(data)) {
			p.out(out);
			out = '';
			p.err(`cat: read error: ${strerror[data]}\n`);
			st = 1;
			continue;
		}
		const st0 = p.vfs.stat(p.abs(f));
		if (typeof st0 !== 'string' && st0.rdev && ENDLESS_CHARDEVS.has(st0.rdev.join(':'))) {
			// An endless device: a pipe reader gets a finite stream (64 KiB, enough for
			// `head -c`); on the console cat would print forever, so it is interrupted.
			if (p.stdoutIsTty) {
				p.out(out + data);
				p.tick(Infinity);
			}
			out += data.repeat(16);
			continue;
		}
		out += data;
		p.tick(Math.ceil(data.length / 4096));
	}
	if (o.flags.has('n')) {
		const lines = out.split('\n');
		const last = lines.pop();
		out = lines.map((l, i) => `${String(i + 1).padStart(6)}\t${l}\n`).join('') + (last ? `${String(lines.length + 1).padStart(6)}\t${last}` : '');
	}
	p.out(out);
	return st;
};

const mkdir: Program = p => {
	const o = getopt(p.argv, 'pm:');
	let st = 0;
	for (const d of o.args) {
		if (o.flags.has('p')) {
			let cur = '';
			for (const c of p.abs(d).split('/').filter(Boolean)) {
				cur += '/' + c;
				const s = p.vfs.stat(cur);
				if (typeof s !== 'string') {
					if (s.type !== 'dir') {
						p.err(`mkdir: can't create directory '${d}': File exists\n`);
						st = 1;
						break;
					}
					continue;
				}
				const e = p.vfs.mkdir(cur);
				if (e) {
					p.err(`mkdir: can't create directory '${d}': ${strerror[e]}\n`);
					st = 1;
					break;
				}
			}
			continue;
		}
		const e = p.vfs.mkdir(p.abs(d));
		if (e) {
			p.err(`mkdir: can't create directory '${d}': ${strerror[e]}\n`);
			st = 1;
		}
	}
	return st;
};

function removeTree(p: Proc, path: string): string | undefined {
	const st = p.vfs.stat(path, false);
	if (typeof st === 'string') return strerror[st];
	if (st.type === 'dir') {
		const names = p.vfs.readdir(path);
		if (typeof names !== 'string') {
			for (const n of names) {
				p.tick();
				const e = removeTree(p, `${path}/${n}`);
				if (e) return e;
			}
		}
		const e = p.vfs.rmdir(path);
		return e ? strerror[e] : undefined;
	}
	const e = p.vfs.unlink(path);
	return e ? strerror[e] : undefined;
}

const rm: Program = p => {
	const o = getopt(p.argv, 'rRfiv');
	const force = o.flags.has('f');
	const recursive = o.flags.has('r') || o.flags.has('R');
	let status = 0;
	for (const f of o.args) {
		const path = p.abs(f);
		const st = p.vfs.stat(path, false);
		if (typeof st === 'string') {
			if (!force) {
				p.err(`rm: can't remove '${f}': ${strerror[st]}\n`);
				status = 1;
			}
			continue;
		}
		if (st.type === 'dir' && !recursive) {
			p.err(`rm: '${f}' is a directory\n`);
			status = 1;
			continue;
		}
		const e = recursive ? removeTree(p, path) : (() => {
			const r = p.vfs.unlink(path);
			return r ? strerror[r] : undefined;
		})();
		if (e) {
			p.err(`rm: can't remove '${f}': ${e}\n`);
			status = 1;
		}
	}
	return status;
};

const rmdir: Program = p => {
	const o = getopt(p.argv, 'p');
	let status = 0;
	for (const d of o.args) {
		const e = p.vfs.rmdir(p.abs(d));
		if (e) {
			p.err(`rmdir: '${d}': ${strerror[e]}\n`);
			status = 1;
		}
	}
	return status;
};

const touch: Program = p => {
	const o = getopt(p.argv, 'cahmd:r:t:');
	let status = 0;
	for (const f of o.args) {
		const path = p.abs(f);
		if (typeof p.vfs.stat(path) === 'string') {
			if (o.flags.has('c')) continue;
			const h = p.vfs.open(path, {write: true, create: true});
			if (typeof h === 'string') {
				p.err(`touch: ${f}: ${strerror[h]}\n`);
				status = 1;
				continue;
			}
			h.close();
		} else if (hasVfsExt(p.vfs)) {
			p.vfs.utime(path, p.sys.time());
		}
	}
	return status;
};

function copyFile(p: Proc, from: string, to: string, label: [string, string]): boolean {
	const data = readFile(p.vfs, from);
	if (isErrno(data)) {
		p.err(`cp: can't open '${label[0]}': ${strerror[data]}\n`);
		return false;
	}
	const h = p.vfs.open(to, {write: true, create: true, truncate: true});
	if (typeof h === 'string') {
		p.err(`cp: can't create '${label[1]}': ${strerror[h]}\n`);
		return false;
	}
	const e = h.write(data);
	h.close();
	if (e) {
		p.err(`cp: write error: ${strerror[e]}\n`);
		return false;
	}
	return true;
}

function targetFor(p: Proc, src: string, dest: string, many: boolean): string | undefined {
	const dpath = p.abs(dest);
	const st = p.vfs.stat(dpath);
	if (typeof st !== 'string' && st.type === 'dir') return `${dpath.replace(/\/$/, '')}/${src.split('/').filter(Boolean).pop()}`;
	if (many) {
		p.err(`${p.name}: '${dest}' is not a directory\n`);
		return undefined;
	}
	return dpath;
}

const cp: Program = p => {
	const o = getopt(p.argv, 'rRapfidPL');
	if (o.args.length < 2) {
		p.err('cp: need at least two arguments\n');
		return 1;
	}
	const dest = o.args.pop()!;
	let status = 0;
	for (const src of o.args) {
		const sst = p.vfs.stat(p.abs(src));
		if (typeof sst === 'string') {
			p.err(`cp: can't stat '${src}': ${strerror[sst]}\n`);
			status = 1;
			continue;
		}
		const to = targetFor(p, src, dest, o.args.length > 1);
		if (!to) return 1;
		if (sst.type === 'dir') {
			if (!o.flags.has('r') && !o.flags.has('R') && !o.flags.has('a')) {
				p.err(`cp: omitting directory '${src}'\n`);
				status = 1;
				continue;
			}
			if (!copyTree(p, p.abs(src), to)) status = 1;
			continue;
		}
		if (!copyFile(p, p.abs(src), to, [src, dest])) status = 1;
	}
	return status;
};

function copyTree(p: Proc, from: string, to: string): boolean {
	const e = p.vfs.mkdir(to);
	if (e && e !== 'EEXIST') {
		p.err(`cp: can't create directory '${to}': ${strerror[e]}\n`);
		return false;
	}
	const names = p.vfs.readdir(from);
	if (typeof names === 'string') return false;
	let ok = true;
	for (const n of names) {
		p.tick();
		const st = p.vfs.stat(`${from}/${n}`);
		if (typeof st === 'string') continue;
		ok = (st.type === 'dir' ? copyTree(p, `${from}/${n}`, `${to}/${n}`) : copyFile(p, `${from}/${n}`, `${to}/${n}`, [n, n])) && ok;
	}
	return ok;
}

const mv: Program = p => {
	const o = getopt(p.argv, 'fin');
	if (o.args.length < 2) {
		p.err('mv: need at least two arguments\n');
		return 1;
	}
	const dest = o.args.pop()!;
	let status = 0;
	for (const src of o.args) {
		const to = targetFor(p, src, dest, o.args.length > 1);
		if (!to) return 1;
		const e = hasVfsExt(p.vfs) ? p.vfs.rename(p.abs(src), to) : 'ENOSYS';
		if (e) {
			p.err(`mv: can't rename '${src}': ${strerror[e]}\n`);
			status = 1;
		}
	}
	return status;
};

const ln: Program = p => {
	const o = getopt(p.argv, 'sfnTv');
	if (!o.flags.has('s')) {
		p.err('ln: hard links are not simulated; use ln -s\n');
		return 1;
	}
	const [target, link] = o.args.length === 1 ? [o.args[0], o.args[0].split('/').filter(Boolean).pop()!] : o.args;
	if (!target) {
		p.err('ln: need at least one argument\n');
		return 1;
	}
	let path = p.abs(link);
	const st = p.vfs.stat(path);
	if (typeof st !== 'string' && st.type === 'dir' && !o.flags.has('n')) path = `${path.replace(/\/$/, '')}/${target.split('/').filter(Boolean).pop()}`;
	if (o.flags.has('f')) p.vfs.unlink(path);
	const e = hasVfsExt(p.vfs) ? p.vfs.symlink(target, path) : 'ENOSYS';
	if (e) {
		p.err(`ln: ${link}: ${strerror[e]}\n`);
		return 1;
	}
	return 0;
};

const readlink: Program = p => {
	const o = getopt(p.argv, 'fnsv');
	const f = o.args[0];
	if (f === undefined) return 1;
	const r = o.flags.has('f') ? p.vfs.realpath(p.abs(f)) : p.vfs.readlink(p.abs(f));
	if (isErrno(r)) return 1;
	p.out(r + (o.flags.has('n') ? '' : '\n'));
	return 0;
};

const realpath: Program = p => {
	let st = 0;
	for (const f of p.argv.slice(1)) {
		const r = p.vfs.realpath(p.abs(f));
		if (isErrno(r)) {
			p.err(`realpath: ${f}: ${strerror[r]}\n`);
			st = 1;
		} else p.out(r + '\n');
	}
	return st;
};

const basename: Program = p => {
	const [, name, suffix] = p.argv;
	if (name === undefined) {
		p.err('basename: missing operand\n');
		return 1;
	}
	let b = name.replace(/\/+$/, '').split('/').pop() || (name.startsWith('/') ? '/' : '');
	if (suffix && b !== suffix && b.endsWith(suffix)) b = b.slice(0, -suffix.length);
	p.out(b + '\n');
	return 0;
};

const dirname: Program = p => {
	const name = p.argv[1];
	if (name === undefined) {
		p.err('dirname: missing operand\n');
		return 1;
	}
	const trimmed = name.replace(/\/+$/, '');
	const i = trimmed.lastIndexOf('/');
	p.out((i < 0 ? '.' : i === 0 ? '/' : trimmed.slice(0, i).replace(/\/+$/, '') || '/') + '\n');
	return 0;
};

export const FILE_PROGRAMS: Record<string, Program> = {cat, mkdir, rm, rmdir, touch, cp, mv, ln, readlink, realpath, basename, dirname};
