import type {Errno} from '../errno.js';
import type {DirNode, FileNode, NodeMeta, SymlinkNode, VNode} from './node.js';
import {utf8Length} from './utf8.js';
import {allocate, allocatedPages, extentBytes, fill, hole, materialize, normalize, pageAllocated, PAGE_SIZE, slice, splice, text, unbuiltBytes, type Extent} from './extents.js';

/**
 * tmpfs (shmem) directories and files: the writable in-memory filesystem that backs the
 * initramfs rootfs, /tmp and /root. Unlike sysfs/procfs nodes, their content is plain data.
 */

/** shmem reports a directory's st_size as 20 bytes per entry plus 2 for `.` and `..`. */
export const BOGO_DIRENT_SIZE = 20;

export class TmpDir implements DirNode {
	readonly kind = 'dir' as const;
	mode: number;
	uid?: number;
	gid?: number;
	mtime?: number;
	private readonly entries = new Map<string, VNode>();
	/** Names of filesystems mounted on entries of this directory (unlink/rmdir gives EBUSY). */
	private readonly mountpoints = new Set<string>();
	/** What each mount on a name covers, innermost last (umount brings it back). */
	private readonly covered = new Map<string, VNode[]>();
	/** Set on the root of a tmpfs superblock: where the pages of the files below come from. */
	superblock?: ShmemAccountant;

	constructor(meta: NodeMeta = {mode: 0o755}) {
		this.mode = meta.mode;
		this.uid = meta.uid;
		this.gid = meta.gid;
		this.mtime = meta.mtime;
	}

	/**
	 * dcache_readdir() walks d_subdirs, where d_alloc() (and a rename's d_move()) puts each new
	 * dentry at the head: newest first.
	 */
	list(): string[] {
		return [...this.entries.keys()].reverse();
	}

	lookup(name: string): VNode | undefined {
		return this.entries.get(name);
	}

	create(name: string, node: VNode): Errno | undefined {
		if (this.entries.has(name)) return 'EEXIST';
		this.entries.set(name, node);
		return undefined;
	}

	remove(name: string): Errno | undefined {
		if (this.mountpoints.has(name)) return 'EBUSY';
		if (!this.entries.delete(name)) return 'ENOENT';
		return undefined;
	}

	/**
	 * Splices another filesystem's root in as `name` (a mount point: it cannot be removed); a
	 * directory already there is covered until the filesystem is unmounted, as is an earlier mount.
	 */
	mount(name: string, root: DirNode): void {
		const under = this.entries.get(name);
		if (under) this.covered.set(name, [...(this.covered.get(name) ?? []), under]);
		this.entries.set(name, root);
		this.mountpoints.add(name);
	}

	/** Takes the filesystem mounted last on `name` away; what it covered is back. */
	unmount(name: string): void {
		const stack = this.covered.get(name) ?? [];
		const under = stack.pop();
		if (!stack.length) this.covered.delete(name);
		if (under) this.entries.set(name, under);
		else this.entries.delete(name);
		// Still a mount point while an earlier mount remains underneath.
		if (!stack.length) this.mountpoints.delete(name);
	}

	/** True when another filesystem is mounted on `name`. */
	isMountpoint(name: string): boolean {
		return this.mountpoints.has(name);
	}

	/** st_size as shmem reports it. */
	bogoSize(): number {
		return BOGO_DIRENT_SIZE * (this.entries.size + 2);
	}
}

/**
 * Where a tmpfs file's pages come from: shmem_alloc_and_acct_folio() charges the superblock's
 * block limit (ENOSPC past `size=`) and allocates movable pages; a negative delta frees them.
 */
export interface ShmemAccountant {
	charge(deltaPages: number): Errno | undefined;
	/** Pages a charge could still get, and the error once they are used up. */
	room(): {pages: number; errno: Errno};
	/** The superblock's max_blocks (`size=` in pages): fallocate refuses a longer range at once. */
	maxPages(): number;
}

/** The page allocator behind every tmpfs superblock (Shmem pages are movable pages). */
export interface ShmemMemory {
	charge(deltaPages: number): Errno | undefined;
	/** Pages that could still be allocated for shmem, and the error once they are used up. */
	room(): {pages: number; errno: Errno};
}

/**
 * A tmpfs superblock (shmem_sb_info): max_blocks (`size=`, 0 for no limit) and max_inodes, and
 * the pages its files hold (used_blocks). The pages themselves come from the page allocator.
 */
export class TmpfsSuperblock implements ShmemAccountant {
	constructor(
		public maxBlocks: number,
		public maxInodes: number,
		private readonly memory: ShmemMemory,
		/** Pages already held when the superblock starts counting (the unpacked initramfs). */
		public used = 0,
	) {}

	/** sbinfo->full_inums: 64-bit inode numbers (CONFIG_TMPFS_INODE64, on in this Debian build; `inode32` turns it off). */
	fullInums = true;

	charge(delta: number): Errno | undefined {
		if (delta > 0 && this.maxBlocks && this.used + delta > this.maxBlocks) return 'ENOSPC';
		const err = this.memory.charge(delta);
		if (err) return err;
		this.used += delta;
		return undefined;
	}

	room(): {pages: number; errno: Errno} {
		const memory = this.memory.room();
		if (!this.maxBlocks) return memory;
		const fs = Math.max(0, this.maxBlocks - this.used);
		return fs <= memory.pages ? {pages: fs, errno: 'ENOSPC'} : memory;
	}

	maxPages(): number {
		return this.maxBlocks || Infinity;
	}
}

/**
 * The most of a file's zeros, filler and holes a read hands out as text: such files are made
 * to fill memory, and reading hundreds of MiB back as one string would exhaust memhp.
 */
export const MAX_MATERIALIZED_ZEROS = 64 * 1024 * 1024;

/** MAX_LFS_FILESIZE on 64-bit: ftruncate past it is EINVAL. */
export const MAX_FILE_SIZE = 2 ** 63 - 1;

export class TmpFile implements FileNode {
	readonly kind = 'file' as const;
	mode: number;
	uid?: number;
	gid?: number;
	mtime?: number;
	/** The content as runs of text, filler and holes (see extents.ts). */
	private extents: Extent[];
	/** st_size. */
	private bytes: number;
	/** The pages the content holds (st_blocks / 8), kept with it: stat(2) runs on every PATH search. */
	private held: number;
	/**
	 * Charged for the pages this file gains or loses from the moment it is attached (files the
	 * initramfs unpacked are in the boot-time Shmem already).
	 */
	private shmem: ShmemAccountant | undefined;

	constructor(
		content = '',
		meta: NodeMeta = {mode: 0o644},
		/** Called on every change so the file's mtime follows the virtual clock. */
		private readonly now?: () => number,
	) {
		this.extents = content ? [text(content)] : [];
		this.bytes = content ? extentBytes(this.extents[0]!) : 0;
		this.held = allocatedPages(this.extents);
		this.mode = meta.mode;
		this.uid = meta.uid;
		this.gid = meta.gid;
		this.mtime = meta.mtime;
	}

	read(): string | Errno {
		const only = this.extents[0];
		if (this.extents.length === 1 && only?.t === 'text') return only.s;
		if (unbuiltBytes(this.extents) > MAX_MATERIALIZED_ZEROS) return 'EFBIG';
		return materialize(this.extents);
	}

	/** Starts charging this file's page count from now on (its current pages are already counted). */
	attach(shmem: ShmemAccountant): void {
		this.shmem ??= shmem;
	}

	/**
	 * The file becomes `extents` (`bytes` long) if the pages it then holds can be charged;
	 * otherwise it stays as it was and the errno comes back.
	 */
	private commit(extents: Extent[], bytes: number): Errno | undefined {
		const pages = allocatedPages(extents);
		if (this.shmem && pages !== this.held) {
			const err = this.shmem.charge(pages - this.held);
			if (err) return err;
		}
		this.held = pages;
		this.extents = extents;
		this.bytes = bytes;
		this.touch();
		return undefined;
	}

	write(data: string, append: boolean): Errno | undefined {
		if (!append) return this.commit(data ? [text(data)] : [], utf8Length(data));
		if (data === '') return undefined;
		const last = this.extents[this.extents.length - 1];
		const n = utf8Length(data);
		// Appending to text extends it: only the new bytes are counted.
		const extents: Extent[] = last?.t === 'text' ? [...this.extents.slice(0, -1), {t: 'text', s: last.s + data, n: last.n + n}] : [...this.extents, {t: 'text', s: data, n}];
		return this.commit(extents, this.bytes + n);
	}

	/** pwrite(2) of text at a byte offset: past the end leaves a hole, inside overwrites. */
	writeAt(offset: number, data: string): Errno | undefined {
		const put = text(data);
		return this.commit(splice(this.extents, this.bytes, offset, [put]), Math.max(this.bytes, offset + extentBytes(put)));
	}

	/** Appends `count` NUL bytes (dd from /dev/zero); see {@link appendFill}. */
	appendZeros(count: number): {written: number; error?: Errno} {
		return this.appendFill('\0', count);
	}

	/**
	 * Appends `unit` `count` times (Infinity: until the filesystem or memory is full), as much
	 * of it as whole pages allow: generic_perform_write() goes page by page until
	 * shmem_write_begin() fails. The bytes written come back, fewer than asked with the error.
	 */
	appendFill(unit: string, count: number): {written: number; error?: Errno} {
		const u = utf8Length(unit);
		if (u === 0 || count === 0) return {written: 0};
		// Without an accountant nothing limits the file: only a finite run can be written.
		if (!this.shmem && !Number.isFinite(count)) return {written: 0, error: 'EFBIG'};
		if (Number.isFinite(count) && this.commit(splice(this.extents, this.bytes, this.bytes, [fill(unit, count)]), this.bytes + u * count) === undefined) {
			return {written: u * count};
		}
		// The bytes of a partly used last page need no new page.
		const room = this.shmem!.room();
		const size = this.bytes;
		const firstNew = this.bytes % PAGE_SIZE && pageAllocated(this.extents, size) ? Math.ceil(size / PAGE_SIZE) : Math.floor(size / PAGE_SIZE);
		const fits = Math.max(0, Math.min(u * count, (firstNew + room.pages) * PAGE_SIZE - size));
		// Whole units, and the start of one more where the room ends inside it.
		if (fits) this.commit(splice(this.extents, size, size, slice([fill(unit, Math.ceil(fits / u))], 0, fits)), size + fits);
		return {written: fits, error: room.errno};
	}

	/** ftruncate(2): a shorter file loses its tail (and the pages past it), a longer one ends in a hole. */
	setSize(size: number): Errno | undefined {
		if (size < 0 || size > MAX_FILE_SIZE) return 'EINVAL';
		const extents = size <= this.bytes ? slice(this.extents, 0, size) : normalize([...this.extents, hole(size - this.bytes)]);
		return this.commit(extents, size);
	}

	/**
	 * fallocate(2) mode 0 (shmem_fallocate()): the range's holes get pages of NULs and the file
	 * grows to its end. A range longer than the filesystem is ENOSPC at once; one that runs out of
	 * pages on the way leaves the file as it was.
	 */
	fallocate(offset: number, length: number): Errno | undefined {
		if (offset < 0 || length <= 0) return 'EINVAL';
		const end = offset + length;
		if (end > MAX_FILE_SIZE) return 'EFBIG';
		if (this.shmem && Math.ceil(end / PAGE_SIZE) - Math.floor(offset / PAGE_SIZE) > this.shmem.maxPages()) return 'ENOSPC';
		return this.commit(allocate(this.extents, this.bytes, offset, end), Math.max(this.bytes, end));
	}

	/** Pages the file holds (st_blocks / 8). */
	pages(): number {
		return this.held;
	}

	truncate(): void {
		this.commit([], 0);
	}

	/** The file is gone (its last name unlinked): its pages go back. */
	release(): void {
		if (this.shmem && this.held) this.shmem.charge(-this.held);
		this.shmem = undefined;
	}

	size(): number {
		return this.bytes;
	}

	private touch(): void {
		if (this.now) this.mtime = this.now();
	}
}

/** Symlinks made by tmpfs (st_size = length of the target); kernfs links report 0. */
const tmpSymlinks = new WeakSet<VNode>();

export function tmpSymlink(target: string, meta: NodeMeta = {mode: 0o777}): SymlinkNode {
	const node: SymlinkNode = {kind: 'symlink', target, mode: meta.mode, mtime: meta.mtime, uid: meta.uid, gid: meta.gid};
	tmpSymlinks.add(node);
	return node;
}

export function isTmpSymlink(node: VNode): boolean {
	return tmpSymlinks.has(node);
}

export function isTmpDir(node: VNode): node is TmpDir {
	return node instanceof TmpDir;
}
