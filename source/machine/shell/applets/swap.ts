import {isErrno, strerror} from '../../errno.js';
import {bytesOf, textOf} from '../../vfs/utf8.js';
import {bbShowUsage, getopt32} from '../getopt.js';
import {errorMsg, type Proc, type Program} from '../proc.js';

/**
 * util-linux/mkswap.c and swaponoff.c of busybox 1.35 over the guest kernel's swapon(2) and
 * swapoff(2). mkswap writes a version-1 swap header into a file (its first KiB cleared, the
 * header at 1 KiB with the last page, a random UUID and the label, `SWAPSPACE2` at the end of
 * the first page). The guest has no block device, and none of its filesystems (tmpfs, proc,
 * sysfs, devtmpfs) can hold a swap file (shmem has no read_folio), so swapon refuses every file
 * with EINVAL, as the lab's guest did (s54/r46 probe4), and swapoff finds no swap area: `free`
 * keeps its `Swap: 0` row.
 */

const PAGE_SIZE = 4096;
const PROC_SUPER_MAGIC = 0x9fa0;

/** A little-endian 32-bit word as 4 bytes. */
const le32 = (n: number) => String.fromCharCode(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);

/** generate_uuid(): 16 bytes of /dev/urandom, version 4, variant 10x. */
function generateUuid(p: Proc): number[] {
	const f = p.vfs.open('/dev/urandom', {read: true});
	const data = isErrno(f) ? '' : f.read();
	if (!isErrno(f)) f.close();
	const bytes = Array.from({length: 16}, (_, i) => (typeof data === 'string' ? data.charCodeAt(i) || 0 : 0) & 0xff);
	bytes[6] = (bytes[6]! & 0x0f) | 0x40;
	bytes[8] = (bytes[8]! & 0x3f) | 0x80;
	return bytes;
}

/** mkswap [-L LBL] BLOCKDEV [KBYTES] */
const mkswap: Program = p => {
	const o = getopt32(p, {opts: 'L:', minArgs: 1});
	if (typeof o === 'number') return o;
	const [name, kbytes] = o.args;
	const path = p.abs(name!);
	// xopen(O_WRONLY)
	const f = p.vfs.open(path, {write: true});
	if (isErrno(f)) {
		errorMsg(p, `can't open '${name}': ${strerror[f]}`);
		return 1;
	}
	try {
		// get_volume_size_in_bytes(): KBYTES, or lseek(SEEK_END)
		let len: number;
		if (kbytes !== undefined) {
			len = Number.parseInt(kbytes, 10) * 1024;
			if (!(len >= 0)) return bbShowUsage(p);
			// (the file grows to it: a NUL written at its last byte)
			if (len > 0) f.pwrite?.(len - 1, '\0');
		} else {
			const st = p.vfs.stat(path);
			const fs = p.sys.statfs?.(path);
			if (!isErrno(fs) && fs?.type === PROC_SUPER_MAGIC) {
				errorMsg(p, `lseek(0, 2): ${strerror.EINVAL}`);
				return 1;
			}
			len = isErrno(st) || st.type !== 'file' ? 0 : st.size;
		}
		// "Picked 16k arbitrarily"
		if (len < 16 * 1024) {
			errorMsg(p, 'image is too small');
			return 1;
		}
		len -= PAGE_SIZE;
		p.out(`Setting up swapspace version 1, size = ${len} bytes\n`);
		const uuid = generateUuid(p);
		const hex = uuid.map(b => b.toString(16).padStart(2, '0')).join('');
		p.out(`UUID=${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}\n`);
		// struct swap_header_v1 at 1 KiB: version, last_page, nr_badpages, sws_uuid, sws_volume
		const label = bytesOf(o.arg('L') ?? '').slice(0, 15);
		const header = le32(1) + le32(Math.floor(len / PAGE_SIZE)) + le32(0) + String.fromCharCode(...uuid) + label.padEnd(16, '\0');
		f.pwrite?.(0, '\0'.repeat(1024));
		f.pwrite?.(1024, textOf(header.padEnd(129 * 4, '\0')));
		f.pwrite?.(PAGE_SIZE - 10, 'SWAPSPACE2');
		return 0;
	} finally {
		f.close();
	}
};

/**
 * swap_on_off_main(): `swapon [-a] [-e] [-d[POL]] [DEVICE]`, `swapoff [-a] [DEVICE]`. -a takes
 * the swap entries of /etc/fstab (swapoff those of /proc/swaps first); a regular file with holes
 * is refused before the system call.
 */
function swapOnOff(off: boolean): Program {
	return p => {
		const o = getopt32(p, {opts: off ? 'ae' : 'aed::'});
		if (typeof o === 'number') return o;
		const all = o.has('a');
		const enableDisable = (device: string, quiet: boolean): number => {
			const path = p.abs(device);
			let err: string | undefined;
			if (off) {
				err = p.sys.swapoff?.(path) ?? 'EINVAL';
				// (swapoff -a: not a swap area, or gone: nothing to say)
				if (quiet && (err === 'EINVAL' || err === 'ENOENT')) return 0;
			} else {
				const st = p.vfs.stat(path);
				if (isErrno(st)) err = st;
				else {
					if (st.type === 'file' && st.blocks !== undefined && st.blocks * 512 < st.size) {
						errorMsg(p, `${device}: file has holes`);
						return 1;
					}
					err = p.sys.swapon?.(path) ?? 'EINVAL';
					if (quiet && err === 'EBUSY') return 0;
				}
				if (err === 'ENOENT' && o.has('e')) return 0;
			}
			if (!err) return 0;
			p.err(`${p.name}: ${device}: ${strerror[err as keyof typeof strerror] ?? err}\n`);
			return 1;
		};
		let ret = 0;
		if (all) {
			if (off) {
				const swaps = p.vfs.open('/proc/swaps', {read: true});
				if (!isErrno(swaps)) {
					const text = swaps.read();
					swaps.close();
					if (!isErrno(text)) for (const line of text.split('\n')) if (line.startsWith('/')) ret |= enableDisable(line.split(' ')[0]!, true);
				}
			}
			// xfopen_for_read("/etc/fstab"): getmntent()'s entries of type swap (swapon skips noauto)
			const fstab = p.vfs.open('/etc/fstab', {read: true});
			const text = isErrno(fstab) ? fstab : fstab.read();
			if (!isErrno(fstab)) fstab.close();
			if (isErrno(text)) {
				errorMsg(p, `can't open '/etc/fstab': ${strerror[text]}`);
				return 1;
			}
			for (const line of text.split('\n')) {
				const fields = line.trim().split(/\s+/);
				if (fields[0] === undefined || fields[0].startsWith('#') || fields.length < 3 || fields[2] !== 'swap') continue;
				if (!off && (fields[3] ?? '').split(',').includes('noauto')) continue;
				ret |= enableDisable(fields[0], true);
			}
		} else if (!o.args.length) return bbShowUsage(p);
		for (const device of o.args) ret |= enableDisable(device, false);
		return ret;
	};
}

export const SWAP_PROGRAMS: Record<string, Program> = {mkswap, swapon: swapOnOff(false), swapoff: swapOnOff(true)};
