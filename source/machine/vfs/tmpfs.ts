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

export class TmpFile implements FileNode {
	readonly kind = 'file' as const;
	mode: number;
	uid?: number;
	gid?: number;
	mtime?: number;
	/** st_size, kept until the content changes (every PATH search stats /bin/busybox). */
	private bytes: number | undefined;

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

	read(): string {
		return this.content;
	}

	write(data: string, append: boolean): Errno | undefined {
		this.content = append ? this.content + data : data;
		this.bytes = undefined;
		this.touch();
		return undefined;
	}

	truncate(): void {
		this.content = '';
		this.bytes = undefined;
		this.touch();
	}

	size(): number {
		// st_size counts bytes, not UTF-16 units.
		this.bytes ??= utf8Length(this.content);
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
