import {isErrno, strerror, type Errno} from '../../errno.js';
import {NOT_SIMULATED, type MountFlags, type StatFs} from '../../linux/mounts.js';
import type {Stat, Vfs} from '../../vfs/types.js';
import {DEFAULT_PATH, readFile, type Proc, type Program} from '../proc.js';
import {bbShowUsage, getopt32} from '../getopt.js';
import {idName} from './ps.js';

/**
 * busybox 1.35 which, stat, mount (listing) and df over the simulated VFS, /proc/mounts and the
 * kernel's statfs(2). What a real stat(2) would add to the VFS's Stat (st_dev, st_ino,
 * st_blocks) comes from the kernel: the device from statfs's s_dev, the inode number from the
 * VFS's ino() accessor, blocks from the filesystem type (tmpfs pages; kernfs/procfs none).
 */

const TMPFS_MAGIC = 0x01021994;
/** shmem_symlink(): targets shorter than this are stored in the inode, longer ones in a page. */
const SHORT_SYMLINK_LEN = 128;

// ---------------------------------------------------------------- which


/** file_is_executable(): stat() succeeds, a regular file, and access(X_OK) (root: any x bit). */
export function fileIsExecutable(vfs: Vfs, path: string): boolean {
	const st = vfs.stat(path);
	return !isErrno(st) && st.type === 'file' && (st.mode & 0o111) !== 0;
}

/** concat_path_file(): one '/' between the parts unless the path already ends in one. */
export function concatPath(path: string, name: string): string {
	return path.endsWith('/') ? path + name.replace(/^\/+/, '') : `${path}/${name.replace(/^\/+/, '')}`;
}

const which: Program = p => {
	const o = getopt32(p, {opts: 'a'});
	if (typeof o === 'number') return o;
	if (o.args.length === 0) return bbShowUsage(p, 'which');
	const envPath = p.env.get('PATH') ?? DEFAULT_PATH;
	let status = 0;
	let out = '';
	for (const name of o.args) {
		p.tick();
		if (name.includes('/')) {
			if (fileIsExecutable(p.vfs, p.abs(name))) out += name + '\n';
			else status = 1;
			continue;
		}
		let missing = true;
		// find_executable(): an empty PATH element is the current directory.
		for (const dir of envPath.split(':')) {
			p.tick();
			const cand = concatPath(dir || '.', name);
			if (!fileIsExecutable(p.vfs, p.abs(cand))) continue;
			missing = false;
			out += cand + '\n';
			if (!o.has('a')) break;
		}
		if (missing) status = 1;
	}
	p.out(out);
	return status;
};

// ---------------------------------------------------------------- stat(2) details

/** statfs(2) through the kernel; ENOSYS on a kernel without it. */
export function statfs(p: Proc, path: string): StatFs | Errno {
	return p.sys.statfs ? p.sys.statfs(p.abs(path)) : 'ENOSYS';
}

/** What stat(2) returns beyond the VFS's Stat. */
export interface FullStat extends Stat {
	dev: [number, number];
	ino: number;
	/** st_blocks, in 512-byte units. */
	blocks: number;
}

function parentOf(path: string): string {
	const trimmed = path.replace(/\/+$/, '');
	const i = trimmed.lastIndexOf('/');
	return i <= 0 ? '/' : trimmed.slice(0, i);
}

/** stat(2)/lstat(2) with st_dev, st_ino and st_blocks filled in from the kernel. */
export function fullStat(p: Proc, path: string, follow: boolean): FullStat | Errno {
	// An empty pathname is ENOENT (getname()), not the working directory.
	if (path === '') return 'ENOENT';
	const abs = p.abs(path);
	const st = p.vfs.stat(abs, follow);
	if (isErrno(st)) return st;
	// A symlink itself lives on its directory's filesystem; statfs() would follow it.
	const fs = statfs(p, st.type === 'symlink' ? parentOf(abs) : abs);
	const dev: [number, number] = isErrno(fs) ? [0, 0] : fs.dev;
	const vfs = p.vfs as Vfs & {ino?(path: string, follow?: boolean): number | Errno};
	const ino = vfs.ino ? vfs.ino(abs, follow) : 0;
	let blocks = 0;
	if (!isErrno(fs) && fs.type === TMPFS_MAGIC) {
		if (st.type === 'file') blocks = st.blocks ?? Math.ceil(st.size / 4096) * 8;
		else if (st.type === 'symlink' && st.size >= SHORT_SYMLINK_LEN) blocks = 8;
	}
	return {...st, dev, ino: isErrno(ino) ? 0 : ino, blocks};
}

/** new_encode_dev()/makedev() as glibc's st_dev holds it. */
export function encodeDev(dev: readonly [number, number]): number {
	const [major, minor] = dev;
	return ((minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xff) << 12)) >>> 0;
}

/** bb_mode_string(): `drwxr-xr-x`, with s/S and t/T for the set-id and sticky bits. */
export function modeString(st: Stat): string {
	const t = {file: '-', dir: 'd', symlink: 'l', chardev: 'c', blockdev: 'b', fifo: 'p'}[st.type];
	const m = st.mode;
	let s = t;
	const specials = [0o4000, 0o2000, 0o1000];
	[6, 3, 0].forEach((shift, i) => {
		s += m & (4 << shift) ? 'r' : '-';
		s += m & (2 << shift) ? 'w' : '-';
		const x = (m & (1 << shift)) !== 0;
		if (m & specials[i]) s += i === 2 ? (x ? 't' : 'T') : (x ? 's' : 'S');
		else s += x ? 'x' : '-';
	});
	return s;
}

/** S_IFMT bits of st_mode. */
export function fileTypeBits(st: Stat): number {
	return {file: 0o100000, dir: 0o040000, symlink: 0o120000, chardev: 0o020000, blockdev: 0o060000, fifo: 0o010000}[st.type];
}

// ---------------------------------------------------------------- stat


/** printf() of one conversion with the flags, width and precision stat passes through. */
function cfmt(mods: string, conv: 's' | 'u' | 'x' | 'o' | 'c', value: string | number): string {
	const m = /^([#\-+ 0I]*)(\d*)(?:\.(\d*))?/.exec(mods)!;
	const flags = m[1];
	const width = m[2] ? Number(m[2]) : 0;
	const prec = m[3] !== undefined ? Number(m[3] || '0') : undefined;
	let body: string;
	if (conv === 's' || conv === 'c') {
		body = String(value);
		if (prec !== undefined && conv === 's') body = body.slice(0, prec);
	} else {
		const n = BigInt(value as number);
		body = conv === 'x' ? n.toString(16) : conv === 'o' ? n.toString(8) : n.toString(10);
		if (prec !== undefined && body.length < prec) body = body.padStart(prec, '0');
		if (flags.includes('#') && n !== 0n) body = (conv === 'x' ? '0x' : conv === 'o' && !body.startsWith('0') ? '0' : '') + body;
	}
	if (body.length >= width) return body;
	if (flags.includes('-')) return body.padEnd(width);
	if (flags.includes('0') && conv !== 's' && conv !== 'c' && prec === undefined) {
		const prefix = body.startsWith('0x') ? '0x' : '';
		return prefix + body.slice(prefix.length).padStart(width - prefix.length, '0');
	}
	return body.padStart(width);
}

/** strftime "%Y-%m-%d %H:%M:%S" plus ".000000000 +0000" (the guest runs in UTC; no nanoseconds kept). */
function humanTime(t: number): string {
	const d = new Date(t * 1000);
	const two = (n: number) => String(n).padStart(2, '0');
	return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.000000000 +0000`;
}

/** human_fstype() for the filesystems this guest has (the rest of busybox's table never shows). */
function humanFstype(type: number): string {
	const names: Record<number, string> = {0x9fa0: 'proc', 0x1021994: 'tmpfs', 0x62656572: 'sysfs', 0x858458f6: 'ramfs', 0x1cd1: 'devpts', 0xef53: 'ext2/ext3'};
	return names[type] ?? 'UNKNOWN';
}

function fileType(st: Stat): string {
	switch (st.type) {
		case 'file':
			return st.size === 0 ? 'regular empty file' : 'regular file';
		case 'dir':
			return 'directory';
		case 'chardev':
			return 'character special file';
		case 'blockdev':
			return 'block special file';
		case 'fifo':
			return 'fifo';
		case 'symlink':
			return 'symbolic link';
	}
}

/** print_it(): literal text, `%%`, `%<mods><spec>`; a trailing lone `%` prints `%` and no newline. */
function printIt(format: string, spec: (mods: string, c: string) => string): string {
	let out = '';
	let i = 0;
	for (;;) {
		const pct = format.indexOf('%', i);
		if (pct < 0) return out + format.slice(i) + '\n';
		out += format.slice(i, pct);
		let j = pct + 1;
		while (j < format.length && '#-+.I 0123456789'.includes(format[j])) j++;
		const mods = format.slice(pct + 1, j);
		const c = format[j];
		if (c === undefined) return out + '%';
		out += c === '%' ? '%' : spec(mods, c);
		i = j + 1;
	}
}

function statSpec(p: Proc, name: string, st: FullStat, mods: string, c: string): string {
	const dev = encodeDev(st.dev);
	const rdev = st.rdev ?? [0, 0];
	const mode = fileTypeBits(st) | st.mode;
	switch (c) {
		case 'n':
			return cfmt(mods, 's', name);
		case 'N': {
			if (st.type !== 'symlink') return cfmt(mods, 's', name);
			const target = p.vfs.readlink(p.abs(name));
			if (isErrno(target)) {
				p.err(`stat: ${name}: ${strerror[target]}\n`);
				return '';
			}
			return `'${name}' -> '${target}'`;
		}
		case 'd':
			return cfmt(mods, 'u', dev);
		case 'D':
			return cfmt(mods, 'x', dev);
		case 'i':
			return cfmt(mods, 'u', st.ino);
		case 'a':
			return cfmt(mods, 'o', st.mode & 0o7777);
		case 'A':
			return cfmt(mods, 's', modeString(st));
		case 'f':
			return cfmt(mods, 'x', mode);
		case 'F':
			return cfmt(mods, 's', fileType(st));
		case 'h':
			return cfmt(mods, 'u', st.nlink);
		case 'u':
			return cfmt(mods, 'u', st.uid);
		case 'U':
			return cfmt(mods, 's', userName(p, '/etc/passwd', st.uid));
		case 'g':
			return cfmt(mods, 'u', st.gid);
		case 'G':
			return cfmt(mods, 's', userName(p, '/etc/group', st.gid));
		case 't':
			return cfmt(mods, 'x', rdev[0]);
		case 'T':
			return cfmt(mods, 'x', rdev[1]);
		case 's':
			return cfmt(mods, 'u', st.size);
		case 'B':
			return cfmt(mods, 'u', 512);
		case 'b':
			return cfmt(mods, 'u', st.blocks);
		case 'o':
			return cfmt(mods, 'u', 4096);
		case 'x':
		case 'y':
		case 'z':
			return cfmt(mods, 's', humanTime(st.mtime));
		case 'X':
		case 'Y':
		case 'Z':
			return cfmt(mods, 'u', st.mtime);
		default:
			return cfmt(mods, 'c', c);
	}
}

/** getpwuid()/getgrgid() name, "UNKNOWN" when there is no entry (stat's wording). */
function userName(p: Proc, file: '/etc/passwd' | '/etc/group', id: number): string {
	const n = idName(p, file, id);
	return n === String(id) ? 'UNKNOWN' : n;
}

function statfsSpec(name: string, s: StatFs, mods: string, c: string): string {
	switch (c) {
		case 'n':
			return cfmt(mods, 's', name);
		case 'i':
			// get_f_fsid(): the two words, most significant first.
			return cfmt(mods, 's', ((BigInt(s.fsid[0]) << 32n) | BigInt(s.fsid[1])).toString(16));
		case 'l':
			return cfmt(mods, 'u', s.namelen);
		case 't':
			return cfmt(mods, 'x', s.type);
		case 'T':
			return cfmt(mods, 's', humanFstype(s.type));
		case 'b':
			return cfmt(mods, 'u', s.blocks);
		case 'f':
			return cfmt(mods, 'u', s.bfree);
		case 'a':
			return cfmt(mods, 'u', s.bavail);
		case 's':
		case 'S':
			return cfmt(mods, 'u', s.bsize);
		case 'c':
			return cfmt(mods, 'u', s.files);
		case 'd':
			return cfmt(mods, 'u', s.ffree);
		default:
			return cfmt(mods, 'c', c);
	}
}

const FILE_FORMAT = '  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\nDevice: %Dh/%dd\tInode: %-10i  Links: %h\n'
	+ 'Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\nAccess: %x\nModify: %y\nChange: %z';
const DEV_FORMAT = '  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\nDevice: %Dh/%dd\tInode: %-10i  Links: %-5h Device type: %t,%T\n'
	+ 'Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\nAccess: %x\nModify: %y\nChange: %z';
const FS_FORMAT = '  File: "%n"\n    ID: %-8i Namelen: %-7l Type: %T\nBlock size: %-10s\nBlocks: Total: %-10b Free: %-10f Available: %a\n'
	+ 'Inodes: Total: %-10c Free: %d';

const stat: Program = p => {
	const o = getopt32(p, {opts: 'tLfc:'});
	if (typeof o === 'number') return o;
	if (o.args.length === 0) return bbShowUsage(p, 'stat');
	const format = o.arg('c');
	let ok = true;
	for (const name of o.args) {
		p.tick();
		if (o.has('f')) {
			const s = statfs(p, name);
			if (isErrno(s)) {
				p.err(`stat: can't read file system information for '${name}': ${strerror[s]}\n`);
				ok = false;
				continue;
			}
			const fmt = format ?? (o.has('t') ? '%n %i %l %t %s %b %f %a %c %d' : FS_FORMAT);
			p.out(printIt(fmt, (mods, c) => statfsSpec(name, s, mods, c)));
			continue;
		}
		const st = fullStat(p, name, o.has('L'));
		if (isErrno(st)) {
			p.err(`stat: can't stat '${name}': ${strerror[st]}\n`);
			ok = false;
			continue;
		}
		const fmt = format ?? (o.has('t') ? '%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %o' : st.type === 'chardev' || st.type === 'blockdev' ? DEV_FORMAT : FILE_FORMAT);
		p.out(printIt(fmt, (mods, c) => statSpec(p, name, st, mods, c)));
	}
	return ok ? 0 : 1;
};

// ---------------------------------------------------------------- mount table

export interface MntEnt {
	fsname: string;
	dir: string;
	type: string;
	opts: string;
}

/** getmntent(): whitespace-separated fields with \040-style octal escapes. */
export function readMounts(p: Proc): MntEnt[] | Errno {
	const text = readFile(p.vfs, '/proc/mounts');
	if (isErrno(text)) return text;
	const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
	const out: MntEnt[] = [];
	for (const line of text.split('\n')) {
		p.tick();
		const f = line.trim().split(/[ \t]+/);
		if (f.length < 4 || f[0].startsWith('#')) continue;
		out.push({fsname: unescape(f[0]), dir: unescape(f[1]), type: unescape(f[2]), opts: unescape(f[3])});
	}
	return out;
}


/** -o words busybox turns into mount flags (the rest is the filesystem's data). */
const MOUNT_FLAG_WORDS = new Set(['defaults', 'rw', 'ro', 'nosuid', 'suid', 'nodev', 'dev', 'noexec', 'exec', 'sync', 'async', 'dirsync',
	'remount', 'bind', 'rbind', 'move', 'relatime', 'norelatime', 'noatime', 'atime', 'strictatime', 'nostrictatime', 'nodiratime', 'diratime',
	'lazytime', 'nolazytime', 'mand', 'nomand', 'loud', 'silent', 'nofail', 'noauto', 'auto', 'user', 'users', 'nouser', 'owner', 'group',
	'_netdev', 'loop', 'shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate', 'unbindable', 'runbindable', 'union']);

/**
 * busybox mount: without operands it lists /proc/mounts; `-t tmpfs [-o size=...] NAME DIR`
 * mounts a tmpfs (its pages are Shmem like the rootfs's), `-o remount,size=... DIR` changes a
 * tmpfs's limit (the rootfs's too). Errors are `mounting SRC on DIR failed: ...` with status 255.
 * Read-only, bind and move mounts and other filesystem types say they are not simulated.
 */
const mount: Program = p => {
	const o = getopt32(p, {opts: 'o:*t:rwanfvsiO:T:'});
	if (typeof o === 'number') return o;
	if (o.args.length === 0 && !o.has('a')) {
		const mounts = readMounts(p);
		if (isErrno(mounts)) {
			p.err('mount: no /proc/mounts\n');
			return 1;
		}
		const fstype = o.arg('t');
		p.out(mounts.filter(m => fstype === undefined || m.type === fstype).map(m => `${m.fsname} on ${m.dir} type ${m.type} (${m.opts})\n`).join(''));
		return 0;
	}
	if (o.has('a') || o.args.length > 2) {
		if (o.has('a')) {
			p.err('memhp: mount: mount -a is not simulated; the guest has the mounts /init made (see /proc/mounts)\n');
			return 1;
		}
		return bbShowUsage(p, 'mount');
	}
	const words = o.list('o').flatMap(x => x.split(','));
	if (o.has('r')) words.push('ro');
	if (o.has('w')) words.push('rw');
	const flags: MountFlags = {};
	const data: string[] = [];
	let remount = false;
	let ro = false;
	for (const w of words) {
		p.tick();
		if (!MOUNT_FLAG_WORDS.has(w)) {
			if (w !== '') data.push(w);
			continue;
		}
		if (w === 'remount') remount = true;
		else if (w === 'ro') ro = true;
		else if (w === 'rw' || w === 'defaults') ro = false;
		else if (w === 'nosuid' || w === 'suid') flags.nosuid = w === 'nosuid';
		else if (w === 'nodev' || w === 'dev') flags.nodev = w === 'nodev';
		else if (w === 'noexec' || w === 'exec') flags.noexec = w === 'noexec';
		else if (w === 'noatime' || w === 'relatime' || w === 'strictatime') flags.atime = w;
		else if (w === 'bind' || w === 'rbind' || w === 'move') {
			p.err(`memhp: mount: ${w} mounts are not simulated\n`);
			return 1;
		}
	}
	if (ro) {
		p.err('memhp: mount: read-only mounts are not simulated\n');
		return 1;
	}
	let source: string;
	let target: string;
	if (o.args.length === 1) {
		const mounts = readMounts(p);
		const found = isErrno(mounts) ? undefined : [...mounts].reverse().find(m => m.dir === o.args[0] || m.fsname === o.args[0]);
		if (!remount || !found) {
			// Not a remount: the one operand is looked up in /etc/fstab.
			const fstab = readFile(p.vfs, o.arg('T') ?? '/etc/fstab');
			const line = isErrno(fstab) ? undefined : fstab.split('\n').map(l => l.trim().split(/\s+/)).find(f => !f[0]?.startsWith('#') && (f[0] === o.args[0] || f[1] === o.args[0]));
			if (!line) {
				p.err(`mount: can't find ${o.args[0]} in ${o.arg('T') ?? '/etc/fstab'}\n`);
				return 1;
			}
			p.err(`memhp: mount: ${line[2]} on ${line[1]} is mounted already by /init; mounting it again is not simulated\n`);
			return 1;
		}
		source = found.fsname;
		target = found.dir;
	} else {
		[source, target] = o.args as [string, string];
	}
	const type = o.arg('t');
	if (type === undefined && !remount) {
		// busybox would take SOURCE for a block device and probe its filesystem.
		if (isErrno(p.vfs.stat(p.abs(source)))) {
			p.err(`mount: mounting ${source} on ${target} failed: ${strerror.ENOENT}\n`);
			return 255;
		}
		p.err('memhp: mount: probing a device for its filesystem is not simulated; give -t tmpfs\n');
		return 1;
	}
	const err = p.sys.mount ? p.sys.mount({source, target: p.abs(target), type: type ?? '', remount, flags, data: data.join(',')}) : NOT_SIMULATED;
	if (err === NOT_SIMULATED) {
		p.err(`memhp: mount: ${remount ? `remounting ${target}` : `a ${type} filesystem`} is not simulated (tmpfs is)\n`);
		return 1;
	}
	if (err) {
		p.err(`mount: mounting ${source} on ${target} failed: ${strerror[err]}\n`);
		return 255;
	}
	return 0;
};

/** busybox umount: each operand's filesystem (a tmpfs the user mounted) goes, with its files. */
const umount: Program = p => {
	const o = getopt32(p, {opts: 'rlfdat:', minArgs: 0});
	if (typeof o === 'number') return o;
	if (o.has('a')) {
		p.err('memhp: umount: umount -a is not simulated\n');
		return 1;
	}
	if (!o.args.length) return bbShowUsage(p, 'umount');
	let status = 0;
	for (const arg of o.args) {
		p.tick();
		const err = p.sys.umount ? p.sys.umount(p.abs(arg), [p.cwd]) : NOT_SIMULATED;
		if (err === NOT_SIMULATED) {
			p.err(`memhp: umount: unmounting ${arg}, which /init mounted, is not simulated\n`);
			status = 1;
		} else if (err) {
			p.err(`umount: can't unmount ${arg}: ${strerror[err]}\n`);
			status = 1;
		}
	}
	return status;
};

// ---------------------------------------------------------------- df


/**
 * make_human_readable_str(size, block_size, display_unit): with a unit, size*block_size
 * divided by it rounding to nearest; without, scaled by 1024 with one decimal and a suffix
 * (no decimal when block_size is 0, as df's header uses it).
 */
export function makeHumanReadable(size: number, blockSize: number, displayUnit: number): string {
	if (size === 0) return '0';
	let v = BigInt(size);
	if (blockSize > 1) v *= BigInt(blockSize);
	if (displayUnit) {
		v = (v + BigInt(Math.floor(displayUnit / 2))) / BigInt(displayUnit);
		return v.toString();
	}
	const units = ' KMGTPEZY';
	let u = 0;
	let frac = 0n;
	while (v >= 1024n && u < units.length - 1) {
		u++;
		frac = ((v % 1024n) * 10n + 512n) / 1024n;
		v /= 1024n;
	}
	if (frac >= 10n) {
		v++;
		frac = 0n;
	}
	if (u === 0) return v.toString();
	if (blockSize === 0) {
		if (frac >= 5n) v++;
		return `${v}${units[u]}`;
	}
	return `${v}.${frac}${units[u]}`;
}

/** The -B suffixes busybox accepts (kmg_i_suffixes). */
const KMG_I: Record<string, number> = {
	k: 1024, K: 1024, KiB: 1024, m: 1024 ** 2, M: 1024 ** 2, MiB: 1024 ** 2, g: 1024 ** 3, G: 1024 ** 3, GiB: 1024 ** 3,
	t: 1024 ** 4, T: 1024 ** 4, TiB: 1024 ** 4, p: 1024 ** 5, P: 1024 ** 5, PiB: 1024 ** 5, e: 1024 ** 6, E: 1024 ** 6, EiB: 1024 ** 6,
};

/** xatoul_range_sfx(s, 1, ULONG_MAX, kmg_i_suffixes). */
function parseBlockSize(s: string): number | string {
	if (Object.hasOwn(KMG_I, s)) return KMG_I[s]!;
	const m = /^(\d+)(k|K|KiB|m|M|MiB|g|G|GiB|t|T|TiB|p|P|PiB|e|E|EiB)?$/.exec(s);
	if (!m) return `invalid number '${s}'`;
	const n = Number(m[1]) * (m[2] ? KMG_I[m[2]] : 1);
	if (n === 0) return 'number 0 is not in 1..18446744073709551615 range';
	return n;
}

/** find_mount_point(): an exact mount point or device name, else the mount whose root has the path's device. */
function findMountPoint(p: Proc, mounts: MntEnt[], name: string): MntEnt | undefined {
	const st = fullStat(p, name, true);
	if (isErrno(st)) return undefined;
	const byRdev = st.type === 'chardev';
	const devno = byRdev ? encodeDev(st.rdev ?? [0, 0]) : encodeDev(st.dev);
	for (const m of mounts) {
		p.tick();
		// FEATURE_SKIP_ROOTFS: the rootfs entry never matches (people mean their "real" root).
		if (m.fsname === 'rootfs') continue;
		if (name === m.dir || name === m.fsname) return m;
		const dev = fullStat(p, m.fsname, true);
		if (!isErrno(dev) && dev.type === 'chardev' && encodeDev(dev.rdev ?? [0, 0]) === devno) return m;
		const dir = fullStat(p, m.dir, true);
		if (!isErrno(dir) && encodeDev(dir.dev) === devno) return m;
	}
	return undefined;
}

const df: Program = p => {
	const o = getopt32(p, {opts: 'kPTaiB:hmt:'});
	if (typeof o === 'number') return o;
	// "k-mB:m-Bk:B-km": of -k, -m and -B the last one given wins.
	let unit = 1024;
	for (const [c] of o.seq) {
		if (c === 'k') unit = 1024;
		else if (c === 'm') unit = 1024 * 1024;
		else if (c === 'B') unit = -1;
	}
	if (unit === -1) {
		const b = parseBlockSize(o.arg('B')!);
		if (typeof b === 'string') {
			p.err(`df: ${b}\n`);
			return 1;
		}
		unit = b;
	}
	if (p.env.has('POSIXLY_CORRECT')) unit = 512;
	const posix = o.has('P');
	let header: string;
	if (o.has('h')) unit = 0;
	if (o.has('i')) header = '   Inodes';
	else if (unit === 0) header = '     Size';
	else header = `${makeHumanReadable(unit, 0, posix ? 1 : 0)}-blocks`;
	let text = `Filesystem           ${o.has('T') ? 'Type       ' : ''}${header.padEnd(15)}Used Available ${posix ? 'Capacity' : 'Use%'} Mounted on\n`;
	const mounts = readMounts(p);
	let status = 0;
	const flush = () => {
		p.out(text);
		text = '';
	};
	let entries: (MntEnt | undefined)[];
	const names = o.args;
	if (names.length === 0) {
		if (isErrno(mounts)) {
			flush();
			p.err(`df: /proc/mounts: ${strerror[mounts]}\n`);
			return 1;
		}
		entries = mounts;
	} else {
		entries = names.map(n => (isErrno(mounts) ? undefined : findMountPoint(p, mounts, n)));
	}
	const fstype = o.arg('t');
	entries.forEach((m, i) => {
		p.tick();
		if (!m) {
			flush();
			p.err(`df: ${names[i]}: can't find mount point\n`);
			status = 1;
			return;
		}
		if (m.fsname === 'rootfs') return;
		if (fstype !== undefined && m.type !== fstype) return;
		const s = statfs(p, m.dir);
		if (isErrno(s)) {
			flush();
			p.err(`df: ${m.dir}: ${strerror[s]}\n`);
			status = 1;
			return;
		}
		if (!(s.blocks > 0 || names.length > 0 || o.has('a'))) return;
		let blocks = s.blocks;
		let bfree = s.bfree;
		let bavail = s.bavail;
		let frsize = s.frsize || s.bsize;
		let disp = unit;
		if (o.has('i')) {
			blocks = s.files;
			bfree = bavail = s.ffree;
			frsize = 1;
			if (disp) disp = 1;
		}
		let used = blocks - bfree;
		let total = used + bavail;
		let pct = 0;
		if (total !== 0) {
			while (total >= Math.floor(0x7fffffff / 101)) {
				total = Math.floor(total / 2);
				used = Math.floor(used / 2);
			}
			pct = Math.floor((used * 100 + Math.floor(total / 2)) / total);
		}
		let line = m.fsname;
		if (line.length > 20 && !posix) line += '\n' + ' '.repeat(20);
		else line = line.padEnd(20);
		if (o.has('T')) {
			const t = ' ' + m.type.padEnd(10);
			line += t;
			if (t.length > 11 && !posix) line += '\n' + ' '.repeat(30);
		}
		line += ` ${makeHumanReadable(blocks, frsize, disp).padStart(9)} `;
		line += `${makeHumanReadable(blocks - bfree, frsize, disp).padStart(9)} `;
		line += `${makeHumanReadable(bavail, frsize, disp).padStart(9)} ${String(pct).padStart(3)}% ${m.dir}\n`;
		text += line;
	});
	flush();
	return status;
};

export const FS_PROGRAMS: Record<string, Program> = {which, stat, mount, umount, df};

