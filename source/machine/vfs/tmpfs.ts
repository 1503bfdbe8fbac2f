import type {Errno} from '../errno.js';
import type {DirNode, FileNode, NodeMeta, SymlinkNode, VNode} from './node.js';
import {utf8Length} from './utf8.js';

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

	constructor(meta: NodeMeta = {mode: 0o755}) {
		this.mode = meta.mode;
		this.uid = meta.uid;
		this.gid = meta.gid;
		this.mtime = meta.mtime;
	}

	list(): string[] {
		return [...this.entries.keys()];
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

	/** Splices another filesystem's root in as `name` (a mount point: it cannot be removed). */
	mount(name: string, root: DirNode): void {
		this.entries.set(name, root);
		this.mountpoints.add(name);
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
}

const PAGE_SIZE = 4096;

/**
 * The most of a zero-filled tail (dd from /dev/zero) a read hands out as text: such files are
 * made to fill memory, and reading hundreds of MiB back as one string would exhaust memhp.
 */
export const MAX_MATERIALIZED_ZEROS = 64 * 1024 * 1024;

export class TmpFile implements FileNode {
	readonly kind = 'file' as const;
	mode: number;
	uid?: number;
	gid?: number;
	mtime?: number;
	/** st_size, kept until the content changes (every PATH search stats /bin/busybox). */
	private bytes: number | undefined;
	/** NUL bytes after `content`, kept as a count (dd if=/dev/zero), and text appended after them. */
	private zeros = 0;
	private tail = '';
	/**
	 * Charged for the pages this file gains or loses from the moment it is attached (files the
	 * initramfs unpacked are in the boot-time Shmem already).
	 */
	private shmem: ShmemAccountant | undefined;
	private chargedPages = 0;

	constructor(
		private content = '',
		meta: NodeMeta = {mode: 0o644},
		/** Called on every change so the file's mtime follows the virtual clock. */
		private readonly now?: () => number,
	) {
		this.mode = meta.mode;
		this.uid = meta.uid;
		this.gid = meta.gid;
		this.mtime = meta.mtime;
	}

	read(): string | Errno {
		if (!this.zeros) return this.content;
		if (this.zeros > MAX_MATERIALIZED_ZEROS) return 'EFBIG';
		return this.content + '\0'.repeat(this.zeros) + this.tail;
	}

	/** Starts charging this file's page count from now on (its current pages are already counted). */
	attach(shmem: ShmemAccountant): void {
		if (this.shmem) return;
		this.shmem = shmem;
		this.chargedPages = Math.ceil(this.size() / PAGE_SIZE);
	}

	/** Charges the pages a new size needs; the errno when they cannot be had. */
	private resize(bytes: number): Errno | undefined {
		if (!this.shmem) return undefined;
		const pages = Math.ceil(bytes / PAGE_SIZE);
		if (pages === this.chargedPages) return undefined;
		const err = this.shmem.charge(pages - this.chargedPages);
		if (!err) this.chargedPages = pages;
		return err;
	}

	write(data: string, append: boolean): Errno | undefined {
		if (append && this.zeros) {
			// After a run of zeros the text goes to the tail: nothing is built out of the zeros.
			const err = this.resize(this.size() + utf8Length(data));
			if (err) return err;
			this.tail += data;
		} else {
			const content = append ? this.content + data : data;
			const err = this.resize(utf8Length(content));
			if (err) return err;
			this.content = content;
			this.zeros = 0;
			this.tail = '';
		}
		this.bytes = undefined;
		this.touch();
		return undefined;
	}

	/**
	 * Appends `count` NUL bytes, as much of them as whole pages allow: the bytes written (fewer
	 * than asked, with ENOSPC or ENOMEM, when the pages run out).
	 */
	appendZeros(count: number): {written: number; error?: Errno} {
		const size = this.size();
		// Text already after the zeros: the new zeros go after it, so build it once.
		if (this.tail) {
			this.content = this.read() as string;
			this.zeros = 0;
			this.tail = '';
		}
		// Without an accountant nothing limits the file: only a finite run can be written.
		if (!this.shmem && !Number.isFinite(count)) return {written: 0, error: 'EFBIG'};
		if (!this.shmem || this.resize(size + count) === undefined) {
			this.zeros += count;
			this.bytes = undefined;
			this.touch();
			return {written: count};
		}
		// generic_perform_write(): page by page until shmem_write_begin() fails; the bytes of a
		// partly used last page need no new page.
		const room = this.shmem.room();
		const pages = Math.max(0, Math.min(room.pages, Math.ceil((size + count) / PAGE_SIZE) - this.chargedPages));
		if (pages) this.resize((this.chargedPages + pages) * PAGE_SIZE);
		const written = Math.min(count, this.chargedPages * PAGE_SIZE - size);
		this.zeros += written;
		this.bytes = undefined;
		this.touch();
		return {written, error: room.errno};
	}

	truncate(): void {
		this.resize(0);
		this.content = '';
		this.zeros = 0;
		this.tail = '';
		this.bytes = undefined;
		this.touch();
	}

	/** The file is gone (its last name unlinked): its pages go back. */
	release(): void {
		this.resize(0);
	}

	size(): number {
		// st_size counts bytes, not UTF-16 units.
		this.bytes ??= utf8Length(this.content) + this.zeros + utf8Length(this.tail);
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
