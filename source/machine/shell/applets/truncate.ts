import {isErrno, strerror, type Errno} from '../../errno.js';
import {BadNumber, bbShowUsage, dashDashHelp, getopt32, xatonum} from '../getopt.js';
import type {Program} from '../proc.js';
import {openPath} from './stdio.js';

/**
 * busybox 1.35 truncate and fallocate (coreutils/truncate.c, util-linux/fallocate.c): a file's
 * size changed without writing it (ftruncate: a hole, which has no pages), or a range of it
 * given pages (posix_fallocate: on tmpfs, shmem pages, which count in Shmem like written ones).
 */

const ULLONG_MAX = 0xffff_ffff_ffff_ffffn;
/** kMG_suffixes of libbb (truncate: no lowercase m, unlike coreutils). */
const KMG: Record<string, bigint> = {k: 1024n, K: 1024n, M: 1024n ** 2n, G: 1024n ** 3n};
/** kmg_i_suffixes of libbb (fallocate). */
const KMG_I: Record<string, bigint> = {k: 1024n, K: 1024n, kiB: 1024n, KiB: 1024n, m: 1024n ** 2n, M: 1024n ** 2n, miB: 1024n ** 2n, MiB: 1024n ** 2n,
	g: 1024n ** 3n, G: 1024n ** 3n, giB: 1024n ** 3n, GiB: 1024n ** 3n};
/** off_t: values past it are negative to the kernel. */
const OFF_MAX = 2 ** 63 - 1;

/** Sizes memhp keeps as exact numbers; a bigger one would be rounded. */
const EXACT = Number.MAX_SAFE_INTEGER;

function size(s: string, suffixes: Record<string, bigint>): number | BadNumber {
	return xatonum(s, ULLONG_MAX, ULLONG_MAX, suffixes);
}

export const truncateMain: Program = p => {
	if (dashDashHelp(p)) return bbShowUsage(p, 'truncate', 0);
	const o = getopt32(p, {opts: 'cs:', minArgs: 1});
	if (typeof o === 'number') return o;
	const sizeArg = o.arg('s');
	if (sizeArg === undefined) return bbShowUsage(p, 'truncate');
	const n = size(sizeArg, KMG);
	if (n instanceof BadNumber) {
		p.err(`truncate: ${n.message}\n`);
		return 1;
	}
	if (n > EXACT && n <= OFF_MAX) {
		p.err('memhp: truncate: sizes past 2^53 bytes are not simulated\n');
		return 1;
	}
	let st = 0;
	for (const name of o.args) {
		p.tick();
		const f = openPath(p, name, {write: true, create: !o.has('c')});
		if (isErrno(f)) {
			// -c: a missing file is no error.
			if (f !== 'ENOENT' || !o.has('c')) {
				p.err(`truncate: ${name}: open: ${strerror[f]}\n`);
				st = 1;
			}
			continue;
		}
		// ftruncate(2) of anything but a regular tmpfs file (a device) is EINVAL.
		const err: Errno | undefined = n > OFF_MAX ? 'EINVAL' : f.ftruncate ? f.ftruncate(n) : 'EINVAL';
		f.close();
		if (err) {
			p.err(`truncate: ${name}: truncate: ${strerror[err]}\n`);
			st = 1;
		}
	}
	return st;
};

export const fallocateMain: Program = p => {
	if (dashDashHelp(p)) return bbShowUsage(p, 'fallocate', 0);
	const o = getopt32(p, {opts: 'l:o:'});
	if (typeof o === 'number') return o;
	const lenArg = o.arg('l');
	// exactly one FILE, and -l
	if (lenArg === undefined || o.args.length !== 1) return bbShowUsage(p, 'fallocate');
	const ofs = size(o.arg('o') ?? '0', KMG_I);
	const len = ofs instanceof BadNumber ? ofs : size(lenArg, KMG_I);
	if (len instanceof BadNumber || ofs instanceof BadNumber) {
		p.err(`fallocate: ${(len as BadNumber).message}\n`);
		return 1;
	}
	const name = o.args[0]!;
	const f = openPath(p, name, {read: true, write: true, create: true});
	if (isErrno(f)) {
		p.err(`fallocate: can't open '${name}': ${strerror[f]}\n`);
		return 1;
	}
	// posix_fallocate(): offsets past off_t are EINVAL/EFBIG; a device has no blocks (ENODEV).
	let err: Errno | undefined;
	if (ofs > OFF_MAX || len > OFF_MAX) err = 'EINVAL';
	else if (ofs + len > OFF_MAX) err = 'EFBIG';
	else err = f.fallocate ? f.fallocate(ofs, len) : 'ENODEV';
	f.close();
	if (err) {
		p.err(`fallocate: fallocate '${name}': ${strerror[err]}\n`);
		return 1;
	}
	return 0;
};
