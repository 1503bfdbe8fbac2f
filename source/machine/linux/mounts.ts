import {isErrno, type Errno} from '../errno.js';
import type {DirNode, VNode} from '../vfs/node.js';
import {isTmpDir} from '../vfs/tmpfs.js';
import type {Vfs} from '../vfs/types.js';
import {INITRD_PAGES, KERNEL_IMAGE, SMP_ALTERNATIVES_PAGES} from './memblock.js';

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
}

const TMPFS_MAGIC = 0x01021994;
const PROC_SUPER_MAGIC = 0x9fa0;
const SYSFS_MAGIC = 0x62656572;
const NAME_MAX = 255;
const PAGE_SIZE = 4096;


/**
 * Anonymous device numbers (get_anon_bdev() hands them out in order): rootfs is the first
 * superblock, devtmpfs the one a Debian 6.1 kernel shows as 0:5, and proc and sysfs take the
 * first free numbers after the kernel's internal mounts, in /init's mount order.
 */
const DEV = {rootfs: [0, 1], devtmpfs: [0, 5], proc: [0, 20], sysfs: [0, 21]} as const;

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
	vfs: Vfs;
	/** totalram_pages() once boot finished (MemTotal's pages before any hotplug). */
	bootTotalramPages: number;
	/** totalram_pages() now. */
	totalramPages(): number;
	/** Pages tmpfs holds (Shmem): the unpacked initramfs. */
	shmemPages(): number;
}

/** The mount table of the running guest, in mount order. */
export class MountTable {
	readonly mounts: Mount[];
	/** The rootfs superblock's max_blocks (`size=`): tmpfs writes past it fail with ENOSPC. */
	readonly rootfsMaxPages: number;

	constructor(private readonly opts: MountTableOptions) {
		// totalram_pages() when each tmpfs superblock was created: the kernel image's init
		// sections and the initrd are freed later (KERNEL_IMAGE.lateFreedKb includes the SMP
		// alternatives, freed between the two).
		const early = opts.bootTotalramPages - Math.floor(KERNEL_IMAGE.lateFreedKb / 4) - INITRD_PAGES;
		const rootfsMax = Math.floor(early / 2);
		this.rootfsMaxPages = rootfsMax;
		const devtmpfsMax = Math.floor((early + SMP_ALTERNATIVES_PAGES) / 2);
		const devNode = (): DirNode | undefined => {
			const d = opts.root.lookup('dev');
			return d?.kind === 'dir' ? d : undefined;
		};
		const tmpfs = (name: 'rootfs' | 'devtmpfs', dir: string, maxPages: number, flags: string, mode: string): Mount => {
			const used = (): {blocks: number; inodes: number} => {
				const dev = devNode();
				if (name === 'devtmpfs') return {blocks: 0, inodes: dev ? countInodes(dev, new Set()) : 1};
				return {blocks: opts.shmemPages(), inodes: countInodes(opts.root, new Set(dev ? [dev] : []))};
			};
			return {
				fsname: name, dir, type: name, dev: [DEV[name][0], DEV[name][1]],
				options: () => {
					// shmem_default_max_blocks() and _inodes(): totalram_pages()/2 (no highmem on x86_64).
					const dflt = Math.floor(opts.totalramPages() / 2);
					let s = flags;
					if (maxPages !== dflt) s += `,size=${maxPages * 4}k,nr_inodes=${maxPages}`;
					return s + mode;
				},
				statfs: () => {
					const u = used();
					const free = Math.max(0, maxPages - u.blocks);
					return {type: TMPFS_MAGIC, bsize: PAGE_SIZE, frsize: PAGE_SIZE, blocks: maxPages, bfree: free, bavail: free,
						files: maxPages, ffree: Math.max(0, maxPages - u.inodes), fsid: UUID_FSID[name], namelen: NAME_MAX, dev: [DEV[name][0], DEV[name][1]]};
				},
			};
		};
		this.mounts = [
			tmpfs('rootfs', '/', rootfsMax, 'rw', ''),
			{fsname: 'proc', dir: '/proc', type: 'proc', dev: [0, 20], options: () => 'rw,relatime', statfs: () => simpleStatfs(PROC_SUPER_MAGIC, devFsid(DEV.proc), DEV.proc)},
			{fsname: 'sysfs', dir: '/sys', type: 'sysfs', dev: [0, 21], options: () => 'rw,relatime', statfs: () => simpleStatfs(SYSFS_MAGIC, UUID_FSID.sysfs, DEV.sysfs)},
			tmpfs('devtmpfs', '/dev', devtmpfsMax, 'rw,relatime', ',mode=755'),
		];
	}

	/** /proc/mounts: `fsname dir type options 0 0` per mount. */
	procMounts(): string {
		return this.mounts.map(m => `${m.fsname} ${m.dir} ${m.type} ${m.options()} 0 0\n`).join('');
	}

	/** The mount a canonical path lives on (the longest mount point that is its prefix). */
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
}
