import type {Errno} from '../errno.js';

/**
 * The guest's virtual filesystem as system calls see it. Everything here is simulated:
 * nothing touches the host. Paths are absolute and already resolved against the cwd by
 * the caller; the VFS itself resolves `.`, `..` and symlinks and never leaves its root.
 *
 * Errors are errno names (`'ENOENT'`, `'EACCES'`, ...), returned, never thrown, so a shell
 * can turn them into busybox's messages.
 */
export type FileType = 'file' | 'dir' | 'symlink' | 'chardev' | 'blockdev' | 'fifo';

export interface Stat {
	type: FileType;
	/** Permission bits, e.g. 0o644. */
	mode: number;
	size: number;
	nlink: number;
	uid: number;
	gid: number;
	/** Modification time, seconds since the epoch (virtual clock). */
	mtime: number;
	/** For symlinks: the link text. */
	target?: string;
	/** For character and block devices: major, minor. */
	rdev?: [number, number];
	/** st_blocks (512-byte units) where the filesystem says (tmpfs files); else the caller works it out. */
	blocks?: number;
}

export interface OpenFile {
	/** Reads the whole content (sysfs/proc files are generated at read time, as `show`). */
	read(): string | Errno;
	/** sendfile(2) from it fails with EINVAL: its file_operations have no splice_read. */
	noSplice?: boolean;
	/**
	 * A device read a record per read(2) that never reaches end of file (/dev/kmsg): the next
	 * record from where this open file is, 'EPIPE' where the ring overwrote it (the file then
	 * goes on from the oldest), undefined where the reader would wait for the next one.
	 * read() is then every record there is.
	 */
	nextRecord?(): string | 'EPIPE' | undefined;
	/**
	 * One write(2) call. For sysfs attributes this runs the attribute's `store` and returns
	 * its errno on failure (e.g. `'EINVAL'`, `'EBUSY'`).
	 */
	write(data: string): Errno | undefined;
	/**
	 * Writes `count` NUL bytes at the end without building them as text (a tmpfs file: dd from
	 * /dev/zero); the bytes written, fewer with an error when the filesystem fills up.
	 */
	appendZeros?(count: number): {written: number; error?: Errno};
	/** Writes `unit` `count` times at the end (Infinity: until full), as appendZeros does (`yes > f`). */
	appendFill?(unit: string, count: number): {written: number; error?: Errno};
	/** ftruncate(2) of a tmpfs file opened for writing: cut, or extended with a hole. */
	ftruncate?(size: number): Errno | undefined;
	/** fallocate(2) mode 0 of a tmpfs file opened for writing. */
	fallocate?(offset: number, length: number): Errno | undefined;
	/** pwrite(2) of a tmpfs file opened for writing: at `offset`, past the end leaving a hole. */
	pwrite?(offset: number, data: string): Errno | undefined;
	close(): void;
}

export interface OpenFlags {
	read?: boolean;
	write?: boolean;
	create?: boolean;
	truncate?: boolean;
	append?: boolean;
	/** open(2)'s mode for a file O_CREAT makes (default 0666), masked with the umask. */
	mode?: number;
}

export interface Vfs {
	/** stat(2) following symlinks; lstat when `follow` is false. */
	stat(path: string, follow?: boolean): Stat | Errno;
	/** Directory entries (names only, without `.` and `..`), in the order the kernel lists them. */
	readdir(path: string): string[] | Errno;
	readlink(path: string): string | Errno;
	/** open(2): EACCES for a read-only sysfs attribute opened for writing, ENOENT for a missing file, ... */
	open(path: string, flags: OpenFlags): OpenFile | Errno;
	/** mkdir(2) with `mode` (default 0777) masked with the umask. */
	mkdir(path: string, mode?: number): Errno | undefined;
	/** The calling task's umask (current->fs->umask): creation modes are masked with it. */
	umask?: number;
	unlink(path: string): Errno | undefined;
	rmdir(path: string): Errno | undefined;
	/** Canonical absolute path (realpath), ENOENT when a component is missing. */
	realpath(path: string): string | Errno;
}
