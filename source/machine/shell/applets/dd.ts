import {isErrno, strerror, type Errno} from '../../errno.js';
import {ENDLESS_CHARDEVS} from '../../vfs/rootfs.js';
import {MAX_MATERIALIZED_ZEROS} from '../../vfs/tmpfs.js';
import {bytesOf} from '../../vfs/utf8.js';
import type {OpenFile} from '../../vfs/types.js';
import {bbShowUsage, bbUsage, dashDashHelp} from '../getopt.js';
import type {Program, Proc} from '../proc.js';
import {openPath, statPath} from './stdio.js';

/**
 * busybox 1.35's dd as Debian builds it (no third status line): the operands, dd_suffixes,
 * the "records in/out" counts on stderr, and a write that fills the filesystem ("error
 * writing ...: No space left on device"), seek= (the output cut or extended to the seek offset
 * with ftruncate(), a hole, unless conv=notrunc). Copying from /dev/zero into a tmpfs file is the
 * way to fill guest memory: its pages are shmem, movable pages that offlining must migrate.
 * Zeros are kept as a count, never built as text; other data is copied as text up to 64 MiB.
 */

/** dd_suffixes[] of dd.c. */
const SUFFIXES: [string, bigint][] = [
	['c', 1n], ['w', 2n], ['b', 512n], ['kB', 1000n], ['kD', 1000n], ['k', 1024n], ['K', 1024n],
	['MB', 1000000n], ['MD', 1000000n], ['M', 1048576n], ['GB', 1000000000n], ['GD', 1000000000n], ['G', 1073741824n],
];
const INT64_MAX = 0x7fffffffffffffffn;

/** xatoull_sfx(): decimal (or 0x/0 prefixed) digits and one suffix. */
function ddNumber(text: string): bigint | undefined {
	const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)([A-Za-z]*)$/.exec(text);
	if (!m) return undefined;
	const digits = m[1]!;
	let value = /^0[xX]/.test(digits) ? BigInt(digits) : digits.length > 1 && digits.startsWith('0') ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
	if (m[2]) {
		const sfx = SUFFIXES.find(([s]) => s === m[2]);
		if (!sfx) return undefined;
		value *= sfx[1];
	}
	return value > 0xffffffffffffffffn ? undefined : value;
}

const FLAG_WORDS: Record<string, readonly string[]> = {
	conv: ['notrunc', 'sync', 'noerror', 'fsync', 'swab'],
	iflag: ['skip_bytes', 'fullblock', 'count_bytes', 'direct'],
	oflag: ['seek_bytes', 'append', 'direct'],
	status: ['noxfer', 'none'],
};

/**
 * dd from a device read a record per read(2) (/dev/kmsg): each block read is one record, a
 * short one unless it fills ibs; a record longer than ibs fails the read (EINVAL; EPIPE where
 * the ring overwrote it), which dd dies of with the input's name and no counts
 * (bb_simple_perror_msg_and_die()). skip= reads and drops that many records. Past the newest
 * record read(2) waits: without count= (or with more than there are) dd waits there for ever,
 * what it read written.
 */
function ddRecords(p: Proc, inFile: OpenFile, inPath: string, out: OpenFile | undefined, outPath: string | undefined,
	o: {ibs: number; obs: number; bsMode: boolean; count: bigint | undefined; skip: number; quiet: boolean}): number {
	const count = o.count === undefined ? Infinity : Number(o.count);
	let [inFull, inPart, text] = [0, 0, ''];
	let failed: Errno | undefined;
	let waits = false;
	for (let i = 0; i < o.skip + count; i++) {
		p.tick();
		const r = inFile.nextRecord!();
		if (r === undefined) {
			waits = true;
			break;
		}
		const size = r === 'EPIPE' ? 0 : bytesOf(r).length;
		failed = r === 'EPIPE' ? 'EPIPE' : size > o.ibs ? 'EINVAL' : undefined;
		if (failed) break;
		if (i < o.skip) continue;
		if (size === o.ibs) inFull++;
		else inPart++;
		text += r;
	}
	const err = text ? (out ? out.write(text) : p.out(text)) : undefined;
	if (failed) {
		p.err(`dd: ${inPath}: ${strerror[failed]}\n`);
		return 1;
	}
	if (waits) {
		p.sleep(Infinity);
		return 0;
	}
	out?.close();
	inFile.close();
	if (err) {
		p.err(`dd: error writing '${outPath}': ${strerror[err]}\n`);
		return 1;
	}
	const bytes = bytesOf(text).length;
	const [outFull, outPart] = o.bsMode ? [inFull, inPart] : [Math.floor(bytes / o.obs), bytes % o.obs ? 1 : 0];
	if (!o.quiet) p.err(`${inFull}+${inPart} records in\n${outFull}+${outPart} records out\n`);
	return 0;
}

/** A random device's endless stream, as the chardev stand-in reads it (4 KiB at a time). */
function endlessText(file: OpenFile, bytes: number): string | Errno {
	let out = '';
	while (out.length < bytes) {
		const chunk = file.read();
		if (isErrno(chunk)) return chunk;
		out += chunk;
	}
	return out.slice(0, bytes);
}

export const ddMain: Program = (p: Proc) => {
	if (dashDashHelp(p)) {
		bbUsage(p);
		return 0;
	}
	const nums = new Map<string, bigint>();
	const flags = new Set<string>();
	let inPath: string | undefined;
	let outPath: string | undefined;
	for (const arg of p.argv.slice(1)) {
		const eq = arg.indexOf('=');
		const key = eq < 0 ? arg : arg.slice(0, eq);
		const value = arg.slice(eq + 1);
		if (eq < 0 || !['if', 'of', 'bs', 'ibs', 'obs', 'count', 'skip', 'seek', ...Object.keys(FLAG_WORDS)].includes(key)) return bbShowUsage(p, 'dd');
		if (key === 'if') inPath = value;
		else if (key === 'of') outPath = value;
		else if (key in FLAG_WORDS) {
			for (const word of value.split(',')) {
				if (!FLAG_WORDS[key]!.includes(word)) {
					p.err(`dd: invalid argument '${word}' to '${key}'\n`);
					return 1;
				}
				flags.add(`${key}=${word}`);
			}
		} else {
			const n = ddNumber(value);
			if (n === undefined) {
				p.err(`dd: invalid number '${value}'\n`);
				return 1;
			}
			// Block sizes are xatoul_range_sfx(1, INT_MAX-ish); counts take any number.
			if ((key === 'bs' || key === 'ibs' || key === 'obs') && (n < 1n || n > INT64_MAX)) {
				p.err(`dd: number ${n} is not in 1..${INT64_MAX} range\n`);
				return 1;
			}
			nums.set(key, n);
		}
	}
	const bsMode = nums.has('bs');
	const ibs = Number(nums.get('bs') ?? nums.get('ibs') ?? 512n);
	const obs = Number(nums.get('bs') ?? nums.get('obs') ?? 512n);
	const countArg = nums.get('count');
	const countBytes = countArg === undefined ? undefined : flags.has('iflag=count_bytes') ? Number(countArg) : Number(countArg) * ibs;
	const skipBytes = Number(nums.get('skip') ?? 0n) * (flags.has('iflag=skip_bytes') ? 1 : ibs);
	const seekBytes = Number(nums.get('seek') ?? 0n) * (flags.has('oflag=seek_bytes') ? 1 : obs);
	const notrunc = flags.has('conv=notrunc');
	const append = flags.has('oflag=append');
	if (seekBytes > 0 && outPath === undefined) {
		p.err('memhp: dd: seek= on standard output is not simulated\n');
		return 1;
	}

	// Input: an endless device, or the data of a file / stdin.
	let endless: 'zeros' | 'random' | undefined;
	let inFile: OpenFile | undefined;
	let data = '';
	if (inPath !== undefined) {
		const st = statPath(p, inPath);
		const file = openPath(p, inPath, {read: true});
		if (isErrno(file)) {
			p.err(`dd: can't open '${inPath}': ${strerror[file]}\n`);
			return 1;
		}
		inFile = file;
		if (!isErrno(st) && st.rdev && ENDLESS_CHARDEVS.has(`${st.rdev[0]}:${st.rdev[1]}`)) {
			endless = st.rdev[1] === 5 || st.rdev[1] === 7 ? 'zeros' : 'random';
		} else if (!file.nextRecord) {
			const text = file.read();
			if (isErrno(text)) {
				p.err(`dd: error reading '${inPath}': ${strerror[text]}\n`);
				return 1;
			}
			data = text;
		}
	} else {
		data = p.stdin();
	}
	if (!endless) data = data.slice(skipBytes);

	let out: OpenFile | undefined;
	if (outPath !== undefined) {
		const file = openPath(p, outPath, {write: true, create: true, truncate: !seekBytes && !notrunc && !append, append});
		if (isErrno(file)) {
			p.err(`dd: can't open '${outPath}': ${strerror[file]}\n`);
			return 1;
		}
		out = file;
		// seek= without notrunc: ftruncate() to the seek offset, cutting the file or leaving a
		// hole (a device refuses, which dd ignores); then the writes start there.
		if (seekBytes && !notrunc && file.ftruncate) {
			const err = file.ftruncate(seekBytes);
			if (err) {
				p.err(`dd: ${outPath}: ${strerror[err]}\n`);
				return 1;
			}
		}
	}
	if (inFile?.nextRecord) return ddRecords(p, inFile, inPath!, out, outPath, {ibs, obs, bsMode, count: countArg, skip: Number(nums.get('skip') ?? 0n), quiet: flags.has('status=none')});
	// Where the writes land: at seek= (0 without it), which for O_APPEND is the end anyway.
	const outSize = (): number => {
		const st = outPath === undefined ? 'ENOENT' : statPath(p, outPath);
		return isErrno(st) || st.type !== 'file' ? 0 : st.size;
	};
	const offset = append ? undefined : seekBytes;
	const atEnd = offset === undefined || offset >= outSize();

	// How many bytes are read, in how many records.
	const total = endless ? countBytes ?? Infinity : Math.min(data.length, countBytes ?? Infinity);
	if (total === Infinity && !(endless === 'zeros' && out?.appendZeros)) {
		p.err('memhp: dd: an endless copy to a pipe, the terminal or a device is not simulated; give count=\n');
		return 1;
	}
	const inFull = Math.floor(total / ibs);
	const inPart = total % ibs ? 1 : 0;
	// conv=sync pads a short input block to ibs.
	const sync = flags.has('conv=sync');
	const outBytes = sync && inPart ? inFull * ibs + ibs : total;
	// With bs=, each block read is written as it is (a short one as a short record); with
	// ibs/obs the output is re-blocked.
	const records = (bytes: number): [number, number] => (bsMode ? [inFull + (sync ? inPart : 0), sync ? 0 : inPart] : [Math.floor(bytes / obs), bytes % obs ? 1 : 0]);

	let written = outBytes;
	let error: Errno | undefined;
	if (endless === 'zeros' && out?.appendZeros && atEnd) {
		// conv=notrunc with seek= past the end: the gap is a hole.
		if (offset !== undefined && offset > outSize()) out.ftruncate?.(offset);
		const r = out.appendZeros(outBytes);
		written = r.written;
		if (r.written < outBytes) error = r.error ?? 'ENOSPC';
	} else {
		if (outBytes > MAX_MATERIALIZED_ZEROS) {
			p.err('memhp: dd: copying more than 64 MiB as text (anything but zeros into a tmpfs file) is not simulated\n');
			return 1;
		}
		let text = endless === 'zeros' ? '\0'.repeat(outBytes) : endless === 'random' ? endlessText(inFile!, outBytes) : data.slice(0, total);
		if (isErrno(text)) {
			p.err(`dd: error reading '${inPath}': ${strerror[text]}\n`);
			return 1;
		}
		if (text.length < outBytes) text += '\0'.repeat(outBytes - text.length);
		p.tick(Math.ceil(outBytes / 65536));
		if (out) {
			// Not at the start of a truncated file: the data goes at its offset (pwrite).
			const err = offset && out.pwrite ? out.pwrite(offset, text) : notrunc && out.pwrite ? out.pwrite(0, text) : out.write(text);
			if (err) {
				error = err;
				written = 0;
			}
		} else {
			p.out(text);
		}
	}
	let [outFull, outPart] = records(written);
	let [readFull, readPart] = [inFull, inPart];
	if (error) {
		// The block that could not be written whole was read; it is not counted out.
		p.err(`dd: error writing '${outPath}': ${strerror[error]}\n`);
		readFull = Math.min(inFull, Math.floor(written / ibs) + 1);
		readPart = 0;
		outPart = 0;
		outFull = Math.floor(written / obs);
	}
	out?.close();
	inFile?.close();
	if (!flags.has('status=none')) p.err(`${readFull}+${readPart} records in\n${outFull}+${outPart} records out\n`);
	return error ? 1 : 0;
};
