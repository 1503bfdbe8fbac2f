import type {Errno} from '../../errno.js';
import type {OpenFile, OpenFlags, Stat} from '../../vfs/types.js';
import type {Proc} from '../proc.js';

/** Small libc-level helpers that sed and grep share. */

/**
 * stdout through stdio: line buffered on a terminal, block buffered (4 KiB) otherwise; a
 * message on stderr flushes it, as busybox's error path does.
 */
export class StdioOut {
	private buf = '';

	constructor(private readonly p: Proc) {}

	write(s: string): void {
		this.buf += s;
		if (this.buf.length >= 4096) this.flushSome();
	}

	/** A message on stderr: bb_verror_msg() flushes stdout first (fflush_all()). */
	err(s: string): void {
		this.flush();
		this.p.err(s);
	}

	private flushSome(): void {
		const n = this.p.stdoutIsTty ? this.buf.lastIndexOf('\n') + 1 : this.buf.length - (this.buf.length % 4096);
		if (n > 0) {
			this.p.out(this.buf.slice(0, n));
			this.buf = this.buf.slice(n);
		}
	}

	flush(): void {
		if (this.buf) this.p.out(this.buf);
		this.buf = '';
	}
}

/** open(2) of a path argument: "" names no file (ENOENT), not the working directory. */
export function openPath(p: Proc, name: string, flags: OpenFlags): OpenFile | Errno {
	return name === '' ? 'ENOENT' : p.vfs.open(p.abs(name), flags);
}

/** stat(2) (lstat(2) when `follow` is false) of a path argument. */
export function statPath(p: Proc, name: string, follow = true): Stat | Errno {
	return name === '' ? 'ENOENT' : p.vfs.stat(p.abs(name), follow);
}
