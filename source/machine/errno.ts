/**
 * errno values as the simulated Linux guest returns them, with glibc's strerror() text
 * (busybox prints these, e.g. `sh: write error: Device or resource busy`).
 */
export const strerror = {
	EPERM: 'Operation not permitted',
	ENOENT: 'No such file or directory',
	ESRCH: 'No such process',
	EIO: 'Input/output error',
	ENXIO: 'No such device or address',
	E2BIG: 'Argument list too long',
	EBADF: 'Bad file descriptor',
	ENOMEM: 'Cannot allocate memory',
	EACCES: 'Permission denied',
	EFAULT: 'Bad address',
	EBUSY: 'Device or resource busy',
	EEXIST: 'File exists',
	EXDEV: 'Invalid cross-device link',
	ENODEV: 'No such device',
	ENOTTY: 'Inappropriate ioctl for device',
	ENOTDIR: 'Not a directory',
	EISDIR: 'Is a directory',
	EFBIG: 'File too large',
	EINVAL: 'Invalid argument',
	ENOSPC: 'No space left on device',
	EROFS: 'Read-only file system',
	ENOTEMPTY: 'Directory not empty',
	ELOOP: 'Too many levels of symbolic links',
	ENAMETOOLONG: 'File name too long',
	ENOSYS: 'Function not implemented',
	ERANGE: 'Numerical result out of range',
	EAGAIN: 'Resource temporarily unavailable',
	EINTR: 'Interrupted system call',
	EPIPE: 'Broken pipe',
	EHWPOISON: 'Memory page has hardware error',
	/** Not a Linux errno: a node the real guest has and memhp lists, but does not simulate. */
	EMEMHP: 'Not simulated by memhp',
} as const;

export type Errno = keyof typeof strerror;

/** An error carrying an errno, thrown or returned by kernel-side code (sysfs store, VFS). */
export class KernelError extends Error {
	constructor(readonly errno: Errno) {
		super(strerror[errno]);
		this.name = 'KernelError';
	}
}

/** The errno names, as own keys only (`'toString' in strerror` is true through the prototype). */
const ERRNO_NAMES: ReadonlySet<string> = new Set(Object.keys(strerror));

/** Longest errno name (ENAMETOOLONG): file contents are checked by length before any hashing. */
const MAX_ERRNO_LENGTH = Math.max(...[...ERRNO_NAMES].map(n => n.length));

export function isErrno(value: unknown): value is Errno {
	// Callers pass whole file contents (a read's result): a long string never hashes its way
	// into a property lookup.
	return typeof value === 'string' && value.length <= MAX_ERRNO_LENGTH && ERRNO_NAMES.has(value);
}
