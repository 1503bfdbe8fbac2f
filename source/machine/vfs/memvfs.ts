import type {Errno} from '../errno.js';
import {kmsgReader, type DirNode, type VNode} from './node.js';
import type {OpenFile, OpenFlags, Stat} from './types.js';
import type {VfsExt} from './ext.js';
import {TmpDir, TmpFile, isTmpDir, isTmpSymlink, tmpSymlink, type ShmemAccountant} from './tmpfs.js';
import {utf8Length} from './utf8.js';

/** Linux's MAXSYMLINKS: path walks following more links than this fail with ELOOP. */
export const MAXSYMLINKS = 40;

const SLASH = 0x2f;

/**
 * A directory that knows how many subdirectories it holds without looking them up (kernfs's
 * kn->dir.subdirs): looking a child up would instantiate its dentry and inode.
 */
interface SubdirCounting {
	subdirs(): number;
}

function countsSubdirs(node: DirNode): node is DirNode & SubdirCounting {
	return typeof (node as Partial<SubdirCounting>).subdirs === 'function';
}

/** A path walked down to its last component (which may not exist yet). */
interface Walked {
	/** The directory holding the last component. */
	parent: DirNode;
	/** The last component's name ('' for the root itself). */
	name: string;
	node: VNode | undefined;
	/** Names of the directories from the root down to `parent` (the canonical path's prefix). */
	names: string[];
	/** The directories those names lead to, for mtime inheritance (the root is implied). */
	dirs: DirNode[];
	/** The path ended in '/': the last component must be a directory. */
	slash: boolean;
}

/** Canonical path of a walk's last component. */
/** Why a name cannot be created in a directory without i_op->create: procfs never got that far. */
function noCreate(w: Walked, errno: Errno): Errno {
	return w.parent.lookupEnoent || w.dirs.some(d => d.lookupEnoent) ? 'ENOENT' : errno;
}

function canonicalPath(w: Walked): string {
	if (w.name === '' && w.names.length === 0) return '/';
	let path = '';
	for (const n of w.names) path += '/' + n;
	return path + '/' + w.name;
}

export interface MemVfsOptions {
	/** Virtual wall clock (seconds) for mtimes of files created or written through this VFS. */
	now?: () => number;
	/** mtime of nodes (and their subtrees) that do not set one. */
	mountTime?: number;
	/** Charges the pages tmpfs files gain or lose (Shmem), from their first write on. */
	shmem?: ShmemAccountant;
	/** getname(): told of every path a system call copies in (the kernel's names_cache). */
	getname?: () => void;
	/** A tmpfs inode was created (a file, directory or symlink) or evicted (its last name gone): its LSM blob comes and goes. */
	inodeAlloc?: () => void;
	inodeFree?: () => void;
	/**
	 * kernfs_fop_open() of a sysfs attribute: its node gets a kernfs_open_node, which the last
	 * close hands to kfree_rcu(). (The guest's programs close what they open within the command,
	 * long before kfree_rcu() lets it go, so memhp counts both at the open.)
	 */
	kernfsOpen?: () => void;
	/**
	 * notify_change() -> kernfs_iop_setattr() on a sysfs node (attribute, directory or link), which
	 * gives the node its kernfs_iattrs on the first such call: an open with O_TRUNC of an attribute
	 * (the shell's `>`, do_truncate()), chmod(2), chown(2) and utimes(2) (`touch`).
	 */
	kernfsSetattr?: (path: string) => void;
}

/**
 * The guest's VFS over a tree of {@link VNode}s: the namei() path walk (`.`, `..`, symlinks,
 * ELOOP after 40 links, `/..` stays at `/`), open(2) with kernfs/procfs/tmpfs semantics and
 * the directory operations. All failures are returned as errno names.
 */
export class MemVfs implements VfsExt {
	/** The calling task's umask; the shell keeps it in step with its own (the `umask` builtin). */
	umask = 0o022;
	private readonly now: () => number;
	private readonly mountTime: number;
	private readonly shmem: ShmemAccountant | undefined;
	private readonly getname: (() => void) | undefined;
	private readonly inodeAlloc: (() => void) | undefined;
	private readonly inodeFree: (() => void) | undefined;
	private readonly kernfsOpen: (() => void) | undefined;
	private readonly kernfsSetattr: ((path: string) => void) | undefined;

	constructor(private readonly root: DirNode, opts: MemVfsOptions = {}) {
		this.shmem = opts.shmem;
		this.getname = opts.getname;
		this.inodeAlloc = opts.inodeAlloc;
		this.inodeFree = opts.inodeFree;
		this.kernfsOpen = opts.kernfsOpen;
		this.kernfsSetattr = opts.kernfsSetattr;
		this.mountTime = opts.mountTime ?? root.mtime ?? 0;
		this.now = opts.now ?? (() => this.mountTime);
		this.inos.set(root, this.nextIno++);
	}

	/**
	 * link_path_walk(): resolves every component but the last, then the last if `follow`.
	 * Runs for every open and stat (a PATH search is several), so it scans the string in place
	 * and keeps one stack of names and directories; the canonical path is only joined when a
	 * caller asks for it.
	 */
	private walk(path: string, follow: boolean): Walked | Errno {
		this.getname?.();
		if (path.length > 4095) return 'ENAMETOOLONG';
		const slash = path.length > 1 && path.endsWith('/');
		// The path still to walk, and where in it the next component starts. A symlink replaces
		// the walked part with its target (the rest is kept), as nd->stack does.
		let rest = path;
		let i = 0;
		const names: string[] = [];
		const dirs: DirNode[] = [];
		let links = 0;
		for (;;) {
			while (i < rest.length && rest.charCodeAt(i) === SLASH) i++;
			if (i >= rest.length) break;
			let end = rest.indexOf('/', i);
			if (end < 0) end = rest.length;
			const c = rest.slice(i, end);
			i = end;
			while (i < rest.length && rest.charCodeAt(i) === SLASH) i++;
			const last = i >= rest.length;
			if (c.length > 255) return 'ENAMETOOLONG';
			if (c === '.') continue;
			if (c === '..') {
				names.pop();
				dirs.pop();
				continue;
			}
			const dir = dirs.length > 0 ? dirs[dirs.length - 1]! : this.root;
			const child = dir.lookup(c);
			// (An unsimulated directory leads only to the nodes memhp knows below it.)
			if (dir.unsimulated && !child) return 'EMEMHP';
			if (!child) {
				if (!last) return 'ENOENT';
				return {parent: dir, name: c, node: undefined, names, dirs, slash};
			}
			if (child.kind === 'symlink' && (!last || follow || slash)) {
				if (child.broken) return child.broken;
				if (child.jump) {
					if (last) return {parent: dir, name: c, node: child.jump, names, dirs, slash};
					if (child.jump.kind !== 'dir') return 'ENOTDIR';
					names.push(c);
					dirs.push(child.jump);
					continue;
				}
				if (++links > MAXSYMLINKS) return 'ELOOP';
				// Relative targets resolve from the link's directory (the current stack).
				if (child.target.startsWith('/')) {
					names.length = 0;
					dirs.length = 0;
				}
				rest = `${child.target}/${rest.slice(i)}`;
				i = 0;
				continue;
			}
			if (last) return {parent: dir, name: c, node: child, names, dirs, slash};
			if (child.kind !== 'dir') return 'ENOTDIR';
			names.push(c);
			dirs.push(child);
		}
		// The walk ended on a directory (the root, or after `.`/`..`/a link to a directory).
		const top = dirs.pop();
		if (!top) return {parent: this.root, name: '', node: this.root, names, dirs, slash};
		const name = names.pop()!;
		return {parent: dirs.length > 0 ? dirs[dirs.length - 1]! : this.root, name, node: top, names, dirs, slash};
	}

	/** Walks and requires the last component to exist (ENOTDIR for `file/`). */
	private lookupNode(path: string, follow: boolean): Walked & {node: VNode} | Errno {
		const w = this.walk(path, follow);
		if (typeof w === 'string') return w;
		if (!w.node) return 'ENOENT';
		if (w.slash && w.node.kind !== 'dir') return 'ENOTDIR';
		return w as Walked & {node: VNode};
	}

	stat(path: string, follow = true): Stat | Errno {
		const w = this.lookupNode(path, follow);
		if (typeof w === 'string') return w;
		return this.statNode(w.node, w.dirs);
	}

	/** stat of `node` reached through `dirs` below the root (mtimes are inherited down the path). */
	private statNode(node: VNode, dirs: DirNode[]): Stat {
		let mtime = node.mtime;
		if (mtime === undefined) {
			mtime = this.root.mtime ?? this.mountTime;
			for (const d of dirs) if (d.mtime !== undefined) mtime = d.mtime;
		}
		const mode = node.mode & 0o7777;
		const uid = node.uid ?? 0;
		const gid = node.gid ?? 0;
		switch (node.kind) {
			case 'dir': {
				// Like kernfs and shmem: nlink = 2 + number of subdirectories. kernfs keeps that count
				// in the directory's node (kn->dir.subdirs): stat() instantiates no child dentries.
				let subdirs = 0;
				if (countsSubdirs(node)) subdirs = node.subdirs();
				else for (const name of node.list()) if (node.lookup(name)?.kind === 'dir') subdirs++;
				return {mode, uid, gid, mtime, type: 'dir', size: isTmpDir(node) ? node.bogoSize() : 0, nlink: 2 + subdirs};
			}
			case 'file':
				// st_blocks: a tmpfs file's pages (a sparse one has fewer than its size says).
				return {mode, uid, gid, mtime, type: 'file', size: node.size(), nlink: this.links.get(node) ?? 1, ...(node instanceof TmpFile ? {blocks: node.pages() * 8} : {})};
			case 'attr':
				// sysfs attributes report PAGE_SIZE whatever they would print; /proc/sys files 0.
				return {mode, uid, gid, mtime, type: 'file', size: node.statSize ?? 4096, nlink: 1};
			case 'symlink':
				// tmpfs reports the target's length; kernfs (sysfs) links report 0.
				return {mode, uid, gid, mtime, type: 'symlink', size: isTmpSymlink(node) ? utf8Length(node.target) : node.size ?? 0, nlink: this.links.get(node) ?? 1, ...(node.broken ? {} : {target: node.target})};
			case 'chardev':
				return {mode, uid, gid, mtime, type: 'chardev', size: 0, nlink: 1, rdev: node.rdev};
			case 'blockdev':
				return {mode, uid, gid, mtime, type: 'blockdev', size: 0, nlink: 1, rdev: node.rdev};
			case 'fifo':
				return {mode, uid, gid, mtime, type: 'fifo', size: 0, nlink: 1};
		}
	}

	/**
	 * st_ino of a path (lstat's when `follow` is false). Numbers are handed out the first time a
	 * node is asked for one, the root being 1: stat(2) callers that print inode numbers (busybox
	 * stat, find -inum) feature-detect this accessor; the hot stat() path does not pay for it.
	 */
	ino(path: string, follow = true): number | Errno {
		const w = this.lookupNode(path, follow);
		if (typeof w === 'string') return w;
		let n = this.inos.get(w.node);
		if (n === undefined) {
			n = this.nextIno++;
			this.inos.set(w.node, n);
		}
		return n;
	}

	private readonly inos = new WeakMap<VNode, number>();
	/** i_nlink of files and symlinks with more than one name (link(2)); absent: 1. */
	private readonly links = new WeakMap<VNode, number>();

	/** One name of `node` is gone: the last one frees a tmpfs file's pages (shmem_evict_inode()). */
	private dropName(node: VNode): void {
		const n = this.links.get(node) ?? 1;
		if (n > 1) {
			this.links.set(node, n - 1);
			return;
		}
		this.links.delete(node);
		if (node instanceof TmpFile) node.release();
		this.inodeFree?.();
	}
	private nextIno = 1;

	readdir(path: string): string[] | Errno {
		const w = this.lookupNode(path, true);
		if (typeof w === 'string') return w;
		if (w.node.kind !== 'dir') return 'ENOTDIR';
		// (An unsimulated directory lists as empty, so walks such as `find /sys` and `du` go past
		// it quietly; opening what is in it fails.)
		return w.node.list();
	}

	readlink(path: string): string | Errno {
		const w = this.lookupNode(path, false);
		if (typeof w === 'string') return w;
		if (w.node.kind !== 'symlink') return 'EINVAL';
		return w.node.broken ?? w.node.target;
	}

	realpath(path: string): string | Errno {
		const w = this.lookupNode(path, true);
		if (typeof w === 'string') return w;
		return canonicalPath(w);
	}

	open(path: string, flags: OpenFlags): OpenFile | Errno {
		const writing = Boolean(flags.write || flags.append);
		const w = this.walk(path, true);
		if (typeof w === 'string') return w;
		let node = w.node;
		if (!node) {
			if (!flags.create) return 'ENOENT';
			if (w.slash) return 'EISDIR';
			// vfs_create() without an i_op->create (sysfs) fails with EACCES.
			if (!w.parent.create) return noCreate(w, 'EACCES');
			const file = new TmpFile('', {mode: (flags.mode ?? 0o666) & ~(this.umask ?? 0o022) & 0o7777, mtime: this.now()}, this.now);
			const err = w.parent.create(w.name, file);
			if (err) return err;
			this.inodeAlloc?.();
			this.touchDir(w.parent);
			node = file;
		} else if (w.slash && node.kind !== 'dir') {
			return 'ENOTDIR';
		} else if (flags.create && (node.kind === 'chardev' || node.kind === 'blockdev') && isTmpDir(w.parent) && mayNotCreateInSticky(w.parent, node)) {
			// may_create_in_sticky(): with protected_fifos and protected_regular at the kernel's
			// default 0, an O_CREAT open of another user's device in a sticky world-writable
			// directory (/tmp) is refused, even to root.
			return 'EACCES';
		}
		// (An unsimulated directory opens as a directory: reading it is EISDIR, as for any other.)
		if (node.unsimulated && node.kind !== 'dir') return 'EMEMHP';
		switch (node.kind) {
			case 'dir':
				if (writing) return 'EISDIR';
				return {read: () => 'EISDIR', write: () => 'EBADF', close: () => {}};
			case 'attr': {
				// kernfs_fop_open(): the attribute must implement the access mode requested, and its
				// mode must allow it: a chmod'ed attribute refuses even root (no DAC override here).
				// proc_reg_open() checks nothing of the kind: root opens any procfs file, and a
				// read the file has no method for fails with EINVAL.
				if (!node.procfs && writing && (!node.store || !(node.mode & 0o222))) return 'EACCES';
				if (!node.procfs && flags.read && (!node.show || !(node.mode & 0o444))) return 'EACCES';
				const attr = node;
				if (!attr.procfs) this.kernfsOpen?.();
				// (handle_truncate() comes after vfs_open())
				if (!attr.procfs && writing && flags.truncate) this.setattr(w, attr);
				return {
					...(attr.noSpliceRead ? {noSplice: true} : {}),
					read: () => (flags.read === false ? 'EBADF' : !attr.show ? (attr.procfs ? 'EINVAL' : 'EBADF') : attr.show()),
					write: data => (writing ? attr.store!(data) : 'EBADF'),
					close: () => {},
				};
			}
			case 'chardev': {
				const dev = node;
				const file: OpenFile = {read: () => dev.read(), write: data => (writing ? dev.write(data) : 'EBADF'), close: () => {}};
				if (dev.kmsg) {
					const reader = kmsgReader(dev.kmsg);
					file.nextRecord = reader.next;
					file.read = reader.rest;
				}
				return file;
			}
			case 'blockdev':
				// blkdev_open(): no disk has this number (the guest has no block devices)
				return 'ENXIO';
			case 'fifo':
				// fifo_open() waits for the other end, which memhp's one-at-a-time programs cannot be
				return 'EMEMHP';
			case 'file':
				return this.openFile(node, flags, writing, this.superblockOf(w));
			case 'symlink':
				// Only reachable when the link loops back onto itself past the walk; treat as ELOOP.
				return 'ELOOP';
		}
	}

	/** The tmpfs superblock a walk ended in: the nearest mounted tmpfs root above, else the rootfs. */
	private superblockOf(w: Walked): ShmemAccountant | undefined {
		for (let i = w.dirs.length - 1; i >= 0; i--) {
			const d = w.dirs[i]!;
			if (isTmpDir(d) && d.superblock) return d.superblock;
		}
		return this.shmem;
	}

	private openFile(node: Extract<VNode, {kind: 'file'}>, flags: OpenFlags, writing: boolean, shmem: ShmemAccountant | undefined): OpenFile | Errno {
		const tmp = node instanceof TmpFile ? node : undefined;
		if (writing && tmp && shmem) tmp.attach(shmem);
		if (writing && flags.truncate && node.truncate) node.truncate();
		node.open?.();
		let pos = 0;
		return {
			...(writing && tmp ? {
				appendZeros: (count: number) => tmp.appendZeros(count),
				appendFill: (unit: string, count: number) => tmp.appendFill(unit, count),
				ftruncate: (size: number) => tmp.setSize(size),
				fallocate: (offset: number, length: number) => tmp.fallocate(offset, length),
				pwrite: (offset: number, data: string) => tmp.writeAt(offset, data),
			} : {}),
			...(node.noSpliceRead ? {noSplice: true} : {}),
			read: () => node.read(),
			write: data => {
				if (!writing) return 'EBADF';
				// procfs files without a write handler fail the write(2) itself.
				if (!node.write) return 'EIO';
				if (flags.append) return node.write(data, true);
				const old = node.read();
				if (typeof old !== 'string') return old;
				let err: Errno | undefined;
				if (pos >= old.length) err = pos === 0 ? node.write(data, false) : node.write(data, true);
				else err = node.write(old.slice(0, pos) + data + old.slice(pos + data.length), false);
				if (!err) pos += data.length;
				return err;
			},
			close: () => {},
		};
	}

	mkdir(path: string, mode = 0o777): Errno | undefined {
		const w = this.walk(path, false);
		if (typeof w === 'string') return w;
		if (w.node) return 'EEXIST';
		// vfs_mkdir() without i_op->mkdir: EPERM.
		if (!w.parent.create) return noCreate(w, 'EPERM');
		const err = w.parent.create(w.name, new TmpDir({mode: mode & ~(this.umask ?? 0o022) & 0o7777, mtime: this.now()}));
		if (!err) {
			this.inodeAlloc?.();
			this.touchDir(w.parent);
		}
		return err;
	}

	unlink(path: string): Errno | undefined {
		const w = this.walk(path, false);
		if (typeof w === 'string') return w;
		if (!w.node) return 'ENOENT';
		if (w.node.kind === 'dir') return 'EISDIR';
		if (!w.parent.remove) return 'EPERM';
		const err = w.parent.remove(w.name);
		if (!err) {
			this.touchDir(w.parent);
			this.dropName(w.node);
		}
		return err;
	}

	/**
	 * link(2): a second name for a file or symlink (not followed) on the same tmpfs; a directory
	 * is EPERM, an existing name EEXIST, another filesystem EXDEV, kernfs/procfs EPERM.
	 */
	link(oldPath: string, newPath: string): Errno | undefined {
		const src = this.walk(oldPath, false);
		if (typeof src === 'string') return src;
		if (!src.node) return 'ENOENT';
		if (src.node.kind === 'dir') return 'EPERM';
		const dst = this.walk(newPath, false);
		if (typeof dst === 'string') return dst;
		if (dst.node) return 'EEXIST';
		if (!dst.parent.create) return noCreate(dst, 'EPERM');
		if (this.superblockOf(src) !== this.superblockOf(dst)) return 'EXDEV';
		if (!(src.node instanceof TmpFile || isTmpSymlink(src.node))) return 'EPERM';
		const err = dst.parent.create(dst.name, src.node);
		if (err) return err;
		this.links.set(src.node, (this.links.get(src.node) ?? 1) + 1);
		this.touchDir(dst.parent);
		return undefined;
	}

	rmdir(path: string): Errno | undefined {
		const w = this.walk(path, false);
		if (typeof w === 'string') return w;
		if (!w.node) return 'ENOENT';
		if (w.node.kind !== 'dir') return 'ENOTDIR';
		// vfs_rmdir() refuses mount points (and the root) before asking the filesystem.
		if (w.name === '' || (isTmpDir(w.parent) && w.parent.isMountpoint(w.name))) return 'EBUSY';
		if (w.node.list().length > 0) return 'ENOTEMPTY';
		if (!w.parent.remove) return 'EPERM';
		const err = w.parent.remove(w.name);
		if (!err) {
			this.touchDir(w.parent);
			this.inodeFree?.();
		}
		return err;
	}

	symlink(target: string, linkPath: string): Errno | undefined {
		const w = this.walk(linkPath, false);
		if (typeof w === 'string') return w;
		if (w.node) return 'EEXIST';
		if (!w.parent.create) return noCreate(w, 'EPERM');
		const err = w.parent.create(w.name, tmpSymlink(target, {mode: 0o777, mtime: this.now()}));
		if (!err) {
			this.inodeAlloc?.();
			this.touchDir(w.parent);
		}
		return err;
	}

	rename(from: string, to: string): Errno | undefined {
		const src = this.walk(from, false);
		if (typeof src === 'string') return src;
		if (!src.node) return 'ENOENT';
		const dst = this.walk(to, false);
		if (typeof dst === 'string') return dst;
		if (!src.parent.remove || !dst.parent.create || !dst.parent.remove) return 'EPERM';
		if (src.node === dst.node) return undefined;
		// Another tmpfs superblock: rename(2) cannot move an inode between filesystems.
		if (this.superblockOf(src) !== this.superblockOf(dst)) return 'EXDEV';
		// A mount point cannot be renamed.
		if (isTmpDir(src.parent) && src.parent.isMountpoint(src.name)) return 'EBUSY';
		if (src.node.kind === 'dir' && (canonicalPath(dst) + '/').startsWith(canonicalPath(src) + '/')) return 'EINVAL';
		if (dst.node) {
			if (dst.node.kind === 'dir') {
				if (src.node.kind !== 'dir') return 'EISDIR';
				if (dst.node.list().length > 0) return 'ENOTEMPTY';
			} else if (src.node.kind === 'dir') {
				return 'ENOTDIR';
			}
			const err = dst.parent.remove(dst.name);
			if (err) return err;
			this.dropName(dst.node);
		}
		const err = src.parent.remove(src.name);
		if (err) return err;
		const err2 = dst.parent.create(dst.name, src.node);
		this.touchDir(src.parent);
		this.touchDir(dst.parent);
		return err2;
	}

	/**
	 * mount(2) of a filesystem `root` on the directory `path` (which it covers until umount):
	 * the mount point's canonical path, or ENOENT/ENOTDIR.
	 */
	mountAt(path: string, root: DirNode): string | Errno {
		const w = this.lookupNode(path, true);
		if (typeof w === 'string') return w;
		if (w.node.kind !== 'dir') return 'ENOTDIR';
		// The root directory itself cannot be covered here (the rootfs stays underneath everything).
		if (w.name === '' || !isTmpDir(w.parent)) return 'EINVAL';
		w.parent.mount(w.name, root);
		return canonicalPath(w);
	}

	/** umount(2): the filesystem mounted last on `path` goes; EINVAL when `path` is no mount point. */
	umountAt(path: string): Errno | undefined {
		const w = this.lookupNode(path, true);
		if (typeof w === 'string') return w;
		if (w.name === '' || !isTmpDir(w.parent) || !w.parent.isMountpoint(w.name)) return 'EINVAL';
		w.parent.unmount(w.name);
		return undefined;
	}

	utime(path: string, mtime: number): Errno | undefined {
		const w = this.lookupNode(path, true);
		if (typeof w === 'string') return w;
		w.node.mtime = mtime;
		this.setattr(w, w.node);
		return undefined;
	}

	chmod(path: string, mode: number): Errno | undefined {
		const w = this.lookupNode(path, true);
		if (typeof w === 'string') return w;
		w.node.mode = mode & 0o7777;
		this.setattr(w, w.node);
		return undefined;
	}

	/**
	 * notify_change() reached the inode's setattr: kernfs_iop_setattr() for a sysfs node (an
	 * attribute that is not procfs's, or a directory or link below /sys that no tmpfs mount covers).
	 */
	private setattr(w: Walked, node: VNode): void {
		if (!this.kernfsSetattr) return;
		const path = canonicalPath(w);
		const underSys = path === '/sys' || path.startsWith('/sys/');
		const kernfs = node.kind === 'attr' ? !node.procfs : (node.kind === 'dir' || node.kind === 'symlink') && underSys && !isTmpDir(node) && !isTmpSymlink(node) && !w.dirs.some(isTmpDir);
		if (kernfs) this.kernfsSetattr(path);
	}

	mknod(path: string, type: 'chardev' | 'blockdev' | 'fifo', mode: number, rdev: [number, number] = [0, 0]): Errno | undefined {
		const w = this.walk(path, false);
		if (typeof w === 'string') return w;
		if (w.node) return 'EEXIST';
		if (!w.parent.create) return noCreate(w, 'EPERM');
		const meta = {mode: mode & ~(this.umask ?? 0o022) & 0o7777, mtime: this.now()};
		let node: VNode;
		if (type === 'chardev') {
			// the driver is whatever registered the number: the one behind /dev's node for it
			const driver = this.charDriver(rdev);
			node = {kind: 'chardev', rdev, ...meta, read: () => driver?.read() ?? 'ENXIO', write: data => (driver ? driver.write(data) : 'ENXIO'), ...(driver?.kmsg ? {kmsg: driver.kmsg} : {})};
		} else node = {kind: type, rdev, ...meta};
		const err = w.parent.create(w.name, node);
		if (!err) {
			this.inodeAlloc?.();
			this.touchDir(w.parent);
		}
		return err;
	}

	/** The character device /dev has for a number (chrdev_open() finds the driver by it). */
	private charDriver(rdev: [number, number]): Extract<VNode, {kind: 'chardev'}> | undefined {
		const dev = this.walk('/dev', true);
		if (typeof dev === 'string' || dev.node?.kind !== 'dir') return undefined;
		for (const name of dev.node.list()) {
			const n = dev.node.lookup(name);
			if (n?.kind === 'chardev' && !n.unsimulated && n.rdev[0] === rdev[0] && n.rdev[1] === rdev[1]) return n;
		}
		return undefined;
	}

	chown(path: string, uid: number, gid: number, nofollow = false): Errno | undefined {
		const w = this.lookupNode(path, !nofollow);
		if (typeof w === 'string') return w;
		if (uid !== -1) w.node.uid = uid;
		if (gid !== -1) w.node.gid = gid;
		this.setattr(w, w.node);
		return undefined;
	}

	private touchDir(dir: DirNode): void {
		if (isTmpDir(dir)) dir.mtime = this.now();
	}
}

/** may_create_in_sticky() for a node that is neither a FIFO nor a regular file. */
function mayNotCreateInSticky(dir: DirNode, node: VNode): boolean {
	if (!(dir.mode & 0o1000)) return false;
	const owner = node.uid ?? 0;
	if (owner === (dir.uid ?? 0) || owner === 0) return false;
	return (dir.mode & 0o002) !== 0;
}
