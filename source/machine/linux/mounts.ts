import {isErrno, type Errno} from '../errno.js';
import type {DirNode, VNode} from '../vfs/node.js';
import {isTmpDir, TmpDir, TmpFile, TmpfsSuperblock, type ShmemMemory} from '../vfs/tmpfs.js';
import type {Vfs} from '../vfs/types.js';
import {memparse} from './e820.js';
import {LATE_FREED_PAGES, SMP_ALTERNATIVES_PAGES} from './memblock.js';

/**
 * The guest's mounts as /proc/mounts (show_vfsmnt) and statfs(2) report them: the initramfs
 * rootfs (tmpfs, since the command line has no root=), then what /init mounts in its order:
 * proc, sysfs and devtmpfs. tmpfs sizes are the defaults of shmem_fill_super() taken when the
 * superblock was created (totalram_pages()/2 blocks and inodes), so they are fixed at boot while
 * MemTotal moves with hot-add; shmem_show_options() prints size= and nr_inodes= only while they
 * differ from the default computed now.
 */

/** statfs(2)'s struct statfs, plus the superblock's device (st_dev of every inode on it). */
export interface StatFs {
	/** f_type: the filesystem magic (TMPFS_MAGIC, PROC_SUPER_MAGIC, SYSFS_MAGIC). */
	type: number;
	bsize: number;
	frsize: number;
	blocks: number;
	bfree: number;
	bavail: number;
	files: number;
	ffree: number;
	/** f_fsid as two 32-bit words (val[0], val[1]). */
	fsid: [number, number];
	namelen: number;
	/** s_dev: major, minor (anonymous devices are major 0). */
	dev: [number, number];
}

export interface Mount {
	/** mnt_fsname, mnt_dir, mnt_type as /proc/mounts prints them. */
	fsname: string;
	dir: string;
	type: string;
	dev: [number, number];
	/** The options column: mount flags then the filesystem's show_options(). */
	options(): string;
	statfs(): StatFs;
	/** mnt_id (mountinfo's first column), from the mount id allocator. */
	id?: number;
}

/** Per-mount flags (show_mnt_opts() and the atime ones); the rest of options() is the superblock's. */
const MNT_FLAGS = new Set(['rw', 'ro', 'nosuid', 'nodev', 'noexec', 'noatime', 'nodiratime', 'relatime', 'strictatime', 'lazytime', 'sync', 'dirsync', 'mand']);

const TMPFS_MAGIC = 0x01021994;
const PROC_SUPER_MAGIC = 0x9fa0;
const SYSFS_MAGIC = 0x62656572;
const NAME_MAX = 255;
const PAGE_SIZE = 4096;


/**
 * Anonymous device numbers (get_anon_bdev() hands them out in order): rootfs 0:2, devtmpfs 0:5
 * (both made at boot), proc and sysfs the first free numbers after the kernel's internal mounts,
 * in /init's mount order (the lab guest's mountinfo and stat, session 44: 0:19 and 0:20).
 */
export const DEV = {rootfs: [0, 2], devtmpfs: [0, 5], proc: [0, 19], sysfs: [0, 20]} as const;
/**
 * Mount ids: the rootfs is 1, the kernel's internal mounts take the next ones, and /init's
 * mounts of /proc, /sys and /dev are 21, 22 and 23 (the lab guest's mountinfo); later mounts
 * take the lowest free id (the IDA).
 */
const BOOT_MOUNT_IDS = [1, 21, 22, 23];

/**
 * s_uuid of the tmpfs and sysfs superblocks is random at each real boot (uuid_gen()); statfs's
 * f_fsid is derived from it (uuid_to_fsid). memhp's boot is deterministic, so these are fixed.
 */
const UUID_FSID: Record<'rootfs' | 'devtmpfs' | 'sysfs', [number, number]> = {
	rootfs: [0x5c0a3e91, 0x2d74b6f8],
	devtmpfs: [0x9e41d2a7, 0x71c3580b],
	sysfs: [0x3b8f6c20, 0xd4a9e157],
};

/** huge_encode_dev(): how simple_statfs() fills f_fsid (proc). */
function devFsid(dev: readonly [number, number]): [number, number] {
	const [major, minor] = dev;
	return [((minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12)) >>> 0, 0];
}

function simpleStatfs(type: number, fsid: [number, number], dev: readonly [number, number]): StatFs {
	return {type, bsize: PAGE_SIZE, frsize: PAGE_SIZE, blocks: 0, bfree: 0, bavail: 0, files: 0, ffree: 0, fsid, namelen: NAME_MAX, dev: [dev[0], dev[1]]};
}

/** Inodes of a tmpfs tree (every directory, file, link and device node holds one), not crossing mounts. */
function countInodes(dir: DirNode, skip: ReadonlySet<VNode>): number {
	let n = 1;
	for (const name of dir.list()) {
		if (isTmpDir(dir) && dir.isMountpoint(name)) {
			n++;
			continue;
		}
		const child = dir.lookup(name);
		if (!child) continue;
		if (child.kind === 'dir' && !skip.has(child)) n += countInodes(child, skip);
		else n++;
	}
	return n;
}

export interface MountTableOptions {
	/** The rootfs tree (mounted filesystems are spliced in and not counted as its inodes). */
	root: DirNode;
	vfs: Vfs & {mountAt(path: string, root: DirNode): string | Errno; umountAt(path: string): Errno | undefined};
	/** The superblocks of the rootfs and of /dev, made at boot (see bootTmpfsPages()). */
	rootfs: TmpfsSuperblock;
	devtmpfs: TmpfsSuperblock;
	/** totalram_pages() now. */
	totalramPages(): number;
	/** The page allocator behind a new tmpfs. */
	memory: ShmemMemory;
	/** printk(KERN_ERR) of a filesystem's parameter errors (logfc() without a log). */
	logError(text: string): void;
	/** Seconds since the epoch, for a new filesystem's root. */
	now(): number;
}

/**
 * max_blocks (and max_inodes) of the tmpfs superblocks made at boot (shmem_fill_super() defaults, totalram_pages()/2
 * when each was made): the kernel image's init sections and the initrd are freed later. The
 * rootfs and devtmpfs have the same size on the real guest (the lab's 1G and 1536M guests; session
 * 23), the SMP alternatives freed before either. The lab's guests from 512M to 5G (session 44, lab
 * s44/tm) are all 2254 pages under MemTotal: the image's 2002 and their 1008K initrd's 252.
 */
export function bootTmpfsPages(bootTotalramPages: number): number {
	return Math.floor((bootTotalramPages - LATE_FREED_PAGES + SMP_ALTERNATIVES_PAGES) / 2);
}

/**
 * The filesystem types built into this Debian 6.1 kernel, in registration order (no modules are
 * loaded from this initramfs; the lab guest's /proc/filesystems), all without a block device: /proc/filesystems lists them, and
 * mount(2) of any other type is ENODEV.
 */
export const FILESYSTEMS = ['sysfs', 'tmpfs', 'proc', 'cgroup', 'cgroup2', 'cpuset', 'devtmpfs', 'debugfs', 'tracefs',
	'securityfs', 'sockfs', 'bpf', 'pipefs', 'ramfs', 'hugetlbfs', 'devpts', 'mqueue', 'pstore'] as const;
const KNOWN_FS: ReadonlySet<string> = new Set(FILESYSTEMS);

/** Mount flags as show_vfsmnt() prints them after rw/ro. */
export interface MountFlags {
	nosuid?: boolean;
	nodev?: boolean;
	noexec?: boolean;
	/** relatime (the default), noatime or strictatime (neither printed). */
	atime?: 'relatime' | 'noatime' | 'strictatime';
}

/** What mount(2) is asked; `type` is ignored on a remount. */
export interface MountRequest {
	source: string;
	target: string;
	type: string;
	remount: boolean;
	flags: MountFlags;
	/** The filesystem's own options (tmpfs: size=, nr_inodes=, mode=, ...). */
	data: string;
}

/** mount(2) of a filesystem memhp knows but does not model: the caller says so. */
export const NOT_SIMULATED = 'ENOSYS';

/** A parsed tmpfs option string (shmem_parse_one()). */
interface TmpfsParams {
	blocks?: number;
	inodes?: number;
	/** inode64 (true) or inode32 (false). */
	fullInums?: boolean;
	mode?: number;
	uid?: number;
	gid?: number;
}

const MAX_ULONG = 0xffff_ffff_ffff_ffffn;

/** The guest's mount table: what /init mounted, then what the user mounts and unmounts. */
export class MountTable {
	readonly mounts: Mount[];
	private readonly dynamic = new Map<Mount, {sb: TmpfsSuperblock; root: TmpDir}>();

	constructor(private readonly opts: MountTableOptions) {
		const devNode = (): DirNode | undefined => {
			const d = opts.root.lookup('dev');
			return d?.kind === 'dir' ? d : undefined;
		};
		this.mounts = [
			this.tmpfsMount('rootfs', '/', 'rootfs', DEV.rootfs, opts.rootfs, {}, () => {
				const dev = devNode();
				return countInodes(opts.root, new Set(dev ? [dev] : []));
			}, UUID_FSID.rootfs, 0o1777, 'rw'),
			{fsname: 'proc', dir: '/proc', type: 'proc', dev: [DEV.proc[0], DEV.proc[1]], options: () => 'rw,relatime', statfs: () => simpleStatfs(PROC_SUPER_MAGIC, devFsid(DEV.proc), DEV.proc)},
			{fsname: 'sysfs', dir: '/sys', type: 'sysfs', dev: [DEV.sysfs[0], DEV.sysfs[1]], options: () => 'rw,relatime', statfs: () => simpleStatfs(SYSFS_MAGIC, UUID_FSID.sysfs, DEV.sysfs)},
			this.tmpfsMount('devtmpfs', '/dev', 'devtmpfs', DEV.devtmpfs, opts.devtmpfs, {atime: 'relatime'}, () => {
				const dev = devNode();
				return dev ? countInodes(dev, new Set()) : 1;
			}, UUID_FSID.devtmpfs, 0o755),
		];
		this.mounts.forEach((m, i) => (m.id = BOOT_MOUNT_IDS[i]));
	}

	/** The rootfs superblock's max_blocks (`size=`): tmpfs writes past it fail with ENOSPC. */
	get rootfsMaxPages(): number {
		return this.opts.rootfs.maxBlocks;
	}

	/**
	 * A tmpfs mount as /proc/mounts and statfs(2) show it: shmem_show_options() prints size=,
	 * nr_inodes= and mode= only where they differ from the defaults computed now
	 * (totalram_pages()/2 moves with hotplug; mode 1777, the superblock's mode= option).
	 */
	private tmpfsMount(fsname: string, dir: string, type: string, dev: readonly [number, number], sb: TmpfsSuperblock, flags: MountFlags,
		inodes: () => number, fsid: [number, number], sbMode: number, base = 'rw'): Mount & {flags: MountFlags} {
		const m = {
			fsname, dir, type, dev: [dev[0], dev[1]] as [number, number], flags,
			options: () => {
				const dflt = Math.floor(this.opts.totalramPages() / 2);
				let o = base + showFlags(m.flags);
				if (sb.maxBlocks !== dflt) o += `,size=${sb.maxBlocks * 4}k`;
				if (sb.maxInodes !== dflt) o += `,nr_inodes=${sb.maxInodes}`;
				if (sbMode !== 0o1777) o += `,mode=${sbMode.toString(8).padStart(3, '0')}`;
				// With CONFIG_TMPFS_INODE64 shmem_show_options() always names the inode number width.
				o += sb.fullInums ? ',inode64' : ',inode32';
				return o;
			},
			statfs: (): StatFs => {
				const blocks = sb.maxBlocks ? {blocks: sb.maxBlocks, bfree: Math.max(0, sb.maxBlocks - sb.used)} : {blocks: 0, bfree: 0};
				const files = sb.maxInodes ? {files: sb.maxInodes, ffree: Math.max(0, sb.maxInodes - inodes())} : {files: 0, ffree: 0};
				return {type: TMPFS_MAGIC, bsize: PAGE_SIZE, frsize: PAGE_SIZE, ...blocks, bavail: blocks.bfree, ...files, fsid, namelen: NAME_MAX, dev: m.dev};
			},
		};
		return m;
	}

	/** /proc/mounts: `fsname dir type options 0 0` per mount. */
	procMounts(): string {
		return this.mounts.map(m => `${m.fsname} ${m.dir} ${m.type} ${m.options()} 0 0\n`).join('');
	}

	/**
	 * /proc/<pid>/mountinfo (show_mountinfo()): mount id, parent id, major:minor, the root within
	 * the filesystem, the mount point, the per-mount flags, `-`, type, source and the superblock's
	 * options (its read-only state and show_options()).
	 */
	procMountinfo(): string {
		const parentOf = (m: Mount) => (m.dir === '/' ? m : this.mountOf(m.dir.replace(/\/[^/]*$/, '') || '/'));
		return this.mounts.map(m => {
			const opts = m.options().split(',');
			const mnt = opts.filter(o => MNT_FLAGS.has(o));
			const sb = [opts.includes('ro') ? 'ro' : 'rw', ...opts.filter(o => !MNT_FLAGS.has(o))];
			return `${m.id ?? 0} ${parentOf(m).id ?? 0} ${m.dev[0]}:${m.dev[1]} / ${m.dir} ${mnt.join(',')} - ${m.type} ${m.fsname} ${sb.join(',')}\n`;
		}).join('');
	}

	/** The mount a canonical path lives on (the longest mount point that is its prefix; the last mounted of equals). */
	mountOf(canonical: string): Mount {
		let best = this.mounts[0];
		for (const m of this.mounts) {
			if ((m.dir === '/' || canonical === m.dir || canonical.startsWith(m.dir + '/')) && m.dir.length >= best.dir.length) best = m;
		}
		return best;
	}

	/** statfs(2): follows symlinks like the path walk does. */
	statfs(path: string): StatFs | Errno {
		const real = this.opts.vfs.realpath(path);
		if (isErrno(real)) return real;
		return this.mountOf(real).statfs();
	}

	/**
	 * mount(2): a new tmpfs on a directory (its size= defaulting to half of the RAM online now),
	 * or a remount of a tmpfs with new flags and limits (shmem_reconfigure()). Filesystem types
	 * the kernel has but memhp does not model are NOT_SIMULATED; unknown ones ENODEV.
	 */
	mount(req: MountRequest): Errno | undefined {
		if (req.remount) return this.remount(req);
		if (!KNOWN_FS.has(req.type)) return 'ENODEV';
		if (req.type !== 'tmpfs') return NOT_SIMULATED;
		const params = this.parseTmpfs(req.data);
		if (isErrno(params)) return params;
		const dflt = Math.floor(this.opts.totalramPages() / 2);
		const sb = new TmpfsSuperblock(params.blocks ?? dflt, params.inodes ?? dflt, this.opts.memory);
		if (params.fullInums !== undefined) sb.fullInums = params.fullInums;
		const mode = params.mode ?? 0o1777;
		const root = new TmpDir({mode, uid: params.uid, gid: params.gid, mtime: this.opts.now()});
		root.superblock = sb;
		const dir = this.opts.vfs.mountAt(req.target, root);
		if (isErrno(dir)) return dir;
		const minor = this.anonMinor();
		const m = this.tmpfsMount(req.source, dir, 'tmpfs', [0, minor], sb, {atime: 'relatime', ...req.flags}, () => countInodes(root, new Set()),
			[(0x6a09e667 ^ (minor * 0x9e3779b1)) >>> 0, (0xbb67ae85 ^ (minor * 0x85ebca6b)) >>> 0], mode);
		// (ids 2-20 are the kernel's internal mounts: sockfs, pipefs, bdev and the like)
		const used = new Set(this.mounts.map(x => x.id));
		let id = 1;
		while (used.has(id) || (id >= 2 && id <= 20)) id++;
		m.id = id;
		this.mounts.push(m);
		this.dynamic.set(m, {sb, root});
		return undefined;
	}

	/** shmem_reconfigure() plus the new mount flags, on the mount last made on that directory. */
	private remount(req: MountRequest): Errno | undefined {
		const real = this.opts.vfs.realpath(req.target);
		if (isErrno(real)) return real;
		const m = [...this.mounts].reverse().find(x => x.dir === real);
		if (!m) return 'EINVAL';
		const sb = m === this.mounts[0] ? this.opts.rootfs : m.type === 'devtmpfs' ? this.opts.devtmpfs : this.dynamic.get(m)?.sb;
		if (!sb) return NOT_SIMULATED;
		const params = this.parseTmpfs(req.data);
		if (isErrno(params)) return params;
		if (params.blocks) {
			if (!sb.maxBlocks) return this.invalid('Cannot retroactively limit size');
			if (sb.used > params.blocks) return this.invalid('Too small a size for current use');
		}
		if (params.inodes) {
			if (!sb.maxInodes) return this.invalid('Cannot retroactively limit inodes');
			if (params.inodes < this.usedInodes(m)) return this.invalid('Too few inodes for current use');
		}
		if (params.blocks !== undefined) sb.maxBlocks = params.blocks;
		if (params.inodes !== undefined) sb.maxInodes = params.inodes;
		if (params.fullInums !== undefined) sb.fullInums = params.fullInums;
		const flagged = m as Mount & {flags?: MountFlags};
		if (flagged.flags) flagged.flags = {...flagged.flags, ...req.flags};
		return undefined;
	}

	private usedInodes(m: Mount): number {
		const s = m.statfs();
		return s.files - s.ffree;
	}

	/**
	 * umount(2) of a tmpfs the user mounted: EBUSY while a task's working directory is on it,
	 * EINVAL for a directory that is no mount point. Its files go with it (their pages are
	 * freed, shmem_evict_inode()). The filesystems /init mounted are NOT_SIMULATED.
	 */
	umount(target: string, cwds: readonly string[]): Errno | undefined {
		const real = this.opts.vfs.realpath(target);
		if (isErrno(real)) return real;
		const m = [...this.mounts].reverse().find(x => x.dir === real);
		if (!m) return 'EINVAL';
		const dyn = this.dynamic.get(m);
		if (!dyn) return m.dir === '/' ? 'EINVAL' : NOT_SIMULATED;
		if (cwds.some(c => c === real || c.startsWith(real + '/'))) return 'EBUSY';
		releaseTree(dyn.root);
		const err = this.opts.vfs.umountAt(real);
		if (err) return err;
		this.mounts.splice(this.mounts.indexOf(m), 1);
		this.dynamic.delete(m);
		return undefined;
	}

	/** get_anon_bdev(): the lowest free minor past the boot mounts. */
	private anonMinor(): number {
		const used = new Set(this.mounts.map(m => m.dev[1]));
		let minor = DEV.sysfs[1] + 1;
		while (used.has(minor)) minor++;
		return minor;
	}

	private invalid(msg: string): Errno {
		this.opts.logError(`tmpfs: ${msg}`);
		return 'EINVAL';
	}

	/** shmem_parse_one() over a comma-separated option string; EINVAL (and the kernel's message) on a bad one. */
	private parseTmpfs(data: string): TmpfsParams | Errno {
		const out: TmpfsParams = {};
		for (const opt of data.split(',')) {
			if (opt === '') continue;
			const eq = opt.indexOf('=');
			const key = eq < 0 ? opt : opt.slice(0, eq);
			const value = eq < 0 ? undefined : opt.slice(eq + 1);
			const bad = () => this.invalid(`Bad value for '${key}'`);
			switch (key) {
				case 'size': {
					if (value === undefined) return bad();
					const m = memparse(value);
					let bytes = m.value;
					let rest = m.rest;
					if (rest.startsWith('%')) {
						bytes = ((bytes << 12n) * BigInt(this.opts.totalramPages())) / 100n;
						rest = rest.slice(1);
					}
					if (rest || value === '' || !/^[0-9]/.test(value)) return bad();
					out.blocks = Number((bytes + 4095n) / 4096n);
					break;
				}
				case 'nr_blocks':
				case 'nr_inodes': {
					if (value === undefined || !/^[0-9]/.test(value)) return bad();
					const m = memparse(value);
					if (m.rest || m.value > MAX_ULONG) return bad();
					if (key === 'nr_blocks') out.blocks = Number(m.value);
					else out.inodes = Number(m.value);
					break;
				}
				case 'mode':
					if (value === undefined || !/^[0-7]+$/.test(value)) return bad();
					out.mode = Number.parseInt(value, 8) & 0o7777;
					break;
				case 'uid':
				case 'gid':
					if (value === undefined || !/^[0-9]+$/.test(value) || Number(value) > 0xffffffff) return bad();
					out[key] = Number(value);
					break;
				case 'huge':
					if (value === undefined || !['never', 'always', 'within_size', 'advise', 'deny', 'force'].includes(value)) return bad();
					break;
				case 'inode32':
				case 'inode64':
					if (value !== undefined) return bad();
					out.fullInums = key === 'inode64';
					break;
				default:
					return this.invalid(`Unknown parameter '${key}'`);
			}
		}
		return out;
	}
}

/** show_mnt_opts(): the mount flags after rw. */
function showFlags(f: MountFlags): string {
	let s = '';
	if (f.nosuid) s += ',nosuid';
	if (f.nodev) s += ',nodev';
	if (f.noexec) s += ',noexec';
	if (f.atime === 'noatime') s += ',noatime';
	else if (f.atime === 'relatime') s += ',relatime';
	return s;
}

/** Every tmpfs file under `dir` gives its pages back (the superblock is going away). */
function releaseTree(dir: DirNode): void {
	for (const name of dir.list()) {
		if (isTmpDir(dir) && dir.isMountpoint(name)) continue;
		const child = dir.lookup(name);
		if (child instanceof TmpFile) child.release();
		else if (child?.kind === 'dir') releaseTree(child);
	}
}
