import type {Errno} from '../errno.js';
import type {Vfs} from './types.js';

/**
 * System calls beyond the shared {@link Vfs} contract that MemVfs also provides (symlink(2),
 * link(2), rename(2), utimensat(2), chmod(2), chown(2), mknod(2)). Userland feature-detects them with {@link hasVfsExt}, so
 * any other Vfs implementation keeps working (ln/mv/touch then fail with ENOSYS).
 */
export interface VfsExt extends Vfs {
	symlink(target: string, linkPath: string): Errno | undefined;
	/** link(2): another name for the same file. */
	link(oldPath: string, newPath: string): Errno | undefined;
	rename(from: string, to: string): Errno | undefined;
	/** Sets the modification time of an existing node (touch). */
	utime(path: string, mtime: number): Errno | undefined;
	chmod(path: string, mode: number): Errno | undefined;
	/**
	 * mknod(2) of a character or block device (`rdev`: major, minor) or a FIFO, `mode` before
	 * the umask.
	 */
	mknod(path: string, type: 'chardev' | 'blockdev' | 'fifo', mode: number, rdev?: [number, number]): Errno | undefined;
	/** chown(2) (lchown(2) with `nofollow`): -1 leaves an id as it is. */
	chown(path: string, uid: number, gid: number, nofollow?: boolean): Errno | undefined;
}

export function hasVfsExt(vfs: Vfs): vfs is VfsExt {
	const v = vfs as Partial<VfsExt>;
	return typeof v.symlink === 'function' && typeof v.link === 'function' && typeof v.rename === 'function'
		&& typeof v.utime === 'function' && typeof v.chmod === 'function' && typeof v.chown === 'function' && typeof v.mknod === 'function';
}
