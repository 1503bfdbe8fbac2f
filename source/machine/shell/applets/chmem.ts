import {isErrno, strerror, type Errno} from '../../errno.js';
import {getopt32} from '../getopt.js';
import {readFile, type Proc, type Program} from '../proc.js';
import {humanSize, SYSMEM} from './lsmem.js';
import {parseSize, strtou64, type StrtoError} from './ul-strutils.js';

/**
 * util-linux 2.38.1 sys-utils/chmem.c: `chmem -e|-d [-b] [-z ZONE] [-v] SIZE|RANGE|BLOCKRANGE`,
 * followed step by step. The memoryN directories are read first (read_info()), then the
 * options (getopt_long, -d and -e exclusive), then the one operand; a SIZE enables the lowest
 * blocks not yet online (disables the highest online ones), a RANGE or BLOCKRANGE each block in
 * it. Enabling without -z writes online_movable where valid_zones lists Movable, else online;
 * -z Movable writes online_movable, another zone online_kernel, and skips blocks whose
 * valid_zones do not name it. Exit 0 when all was done, 1 when nothing, 64 when some.
 */

const PROG = 'chmem';
const CHMEM_EXIT_SOMEOK = 64;
const ZONE_NAMES = ['DMA', 'DMA32', 'Normal', 'Highmem', 'Movable', 'Device'];
const ZONE_MOVABLE = 4;

const USAGE = `
Usage:
 chmem [options] [SIZE|RANGE|BLOCKRANGE]

Set a particular size or range of memory online or offline.

Options:
 -e, --enable       enable memory
 -d, --disable      disable memory
 -b, --blocks       use memory blocks
 -z, --zone <name>  select memory zone (see below)
 -v, --verbose      verbose output
 -h, --help         display this help
 -V, --version      display version

Supported zones:
${ZONE_NAMES.map(z => ` ${z}\n`).join('')}
For more details see chmem(8).
`;

/** err()/errx() and exit(1): an exception the program turns into its status. */
class Exit {
	constructor(readonly status: number) {}
}

interface Desc {
	/** memoryN indexes in versionsort order. */
	dirs: number[];
	blockSize: bigint;
	start: bigint;
	end: bigint;
	size: bigint;
	useBlocks: boolean;
	isSize: boolean;
	verbose: boolean;
	haveZones: boolean;
}

export const chmemMain: Program = (p: Proc) => {
	const warnx = (msg: string) => p.err(`${PROG}: ${msg}\n`);
	const errx = (msg: string): never => {
		warnx(msg);
		throw new Exit(1);
	};
	const errtryhelp = (status: number): number => {
		p.err(`Try '${PROG} --help' for more information.\n`);
		return status;
	};
	// strtou64_or_err(), strtox64_or_err(), strtosize_or_err(): err() when errno says why.
	const orErr = (value: bigint | StrtoError, message: string, str: string, always: boolean): bigint => {
		if (typeof value === 'bigint') return value;
		return errx(value === 'ERANGE' || always ? `${message}: '${str}': ${strerror[value]}` : `${message}: '${str}'`);
	};
	try {
		// read_info(): scandir() of the memoryN directories, then block_size_bytes (hex).
		const names = p.vfs.readdir(SYSMEM);
		const dirs = typeof names === 'string' ? [] : names.filter(n => /^memory\d+$/.test(n)).map(n => Number(n.slice(6))).sort((a, b) => a - b);
		if (!dirs.length) errx(`Failed to read ${SYSMEM}: ${strerror[typeof names === 'string' ? names : 'ENOENT']}`);
		const bs = readFile(p.vfs, `${SYSMEM}/block_size_bytes`);
		const blockSize = isErrno(bs) ? 0n : BigInt(`0x${/^[0-9a-fA-F]+/.exec(bs.trim())?.[0] ?? '0'}`);
		const desc: Desc = {dirs, blockSize, start: 0n, end: 0n, size: 0n, useBlocks: false, isSize: false, verbose: false, haveZones: false};

		let cmd: 'enable' | 'disable' | undefined;
		let zone: string | undefined;
		let exclusive: string | undefined;
		const opts = getopt32(p, {
			opts: 'bdehvVz:',
			longs: {block: 'b', disable: 'd', enable: 'e', help: 'h', verbose: 'v', version: 'V', zone: 'z'},
			onError: errtryhelp,
			each: (c, value) => {
				// err_exclusive_options(): -d and -e
				if (c === 'd' || c === 'e') {
					if (exclusive === undefined) exclusive = c;
					else if (exclusive !== c) {
						p.err(`${PROG}: mutually exclusive arguments: --disable --enable\n`);
						return 1;
					}
				}
				switch (c) {
					case 'd': cmd = 'disable'; break;
					case 'e': cmd = 'enable'; break;
					case 'b': desc.useBlocks = true; break;
					case 'v': desc.verbose = true; break;
					case 'z': zone = value; break;
					case 'h': p.out(USAGE); return 0;
					case 'V': p.out('chmem from util-linux 2.38.1\n'); return 0;
				}
				return undefined;
			},
		});
		if (typeof opts === 'number') return opts;
		if (p.argv.length === 1 || opts.args.length !== 1 || cmd === undefined) {
			warnx('bad usage');
			return errtryhelp(1);
		}
		parseParameter(desc, opts.args[0], errx, orErr);

		// The valid_zones attribute (kernel 3.18 on).
		if (!isErrno(readFile(p.vfs, `${SYSMEM}/memory0/valid_zones`))) desc.haveZones = true;
		else if (zone !== undefined) warnx('zone ignored, no valid_zones sysfs attribute present');
		let zoneId = -1;
		if (zone !== undefined && desc.haveZones) {
			zoneId = ZONE_NAMES.findIndex(n => n.toLowerCase() === zone!.toLowerCase());
			if (zoneId === -1) {
				warnx(`unknown memory zone: ${zone}`);
				return errtryhelp(1);
			}
		}
		const enable = cmd === 'enable';
		const rc = desc.isSize ? chmemSize(p, desc, enable, zoneId) : chmemRange(p, desc, enable, zoneId);
		return rc === 0 ? 0 : rc < 0 ? 1 : CHMEM_EXIT_SOMEOK;
	} catch (error) {
		if (error instanceof Exit) return error.status;
		throw error;
	}
};

/** parse_parameter(): SIZE, or START-END split on '-' (empty pieces dropped, as strv_split()). */
function parseParameter(
	desc: Desc,
	param: string,
	errx: (msg: string) => never,
	orErr: (value: bigint | StrtoError, message: string, str: string, always: boolean) => bigint,
): void {
	const split = param.split('-').filter(Boolean);
	if (split.length > 2) errx(`Invalid parameter: ${param}`);
	if (split.length <= 1) {
		const str = split[0] ?? '';
		if (desc.useBlocks) {
			desc.start = desc.end = orErr(strtou64(str, 10), 'Failed to parse block number', str, false);
		} else {
			desc.isSize = true;
			desc.size = orErr(parseSize(str), 'Failed to parse size', str, true);
			if (/[0-9]$/.test(str)) desc.size *= 1024n * 1024n;
			if (desc.blockSize === 0n || desc.size % desc.blockSize) errx(`Size must be aligned to memory block size (${humanSize(Number(desc.blockSize))})`);
			desc.size /= desc.blockSize;
		}
	} else {
		const [start, end] = split;
		if (desc.useBlocks) {
			desc.start = orErr(strtou64(start, 10), 'Failed to parse start', start, false);
			desc.end = orErr(strtou64(end, 10), 'Failed to parse end', end, false);
		} else {
			if (start.length < 2 || start[1] !== 'x') errx(`Invalid start address format: ${start}`);
			if (end.length < 2 || end[1] !== 'x') errx(`Invalid end address format: ${end}`);
			desc.start = orErr(strtou64(start, 16), 'Failed to parse start address', start, false);
			desc.end = orErr(strtou64(end, 16), 'Failed to parse end address', end, false);
			if (desc.blockSize === 0n || desc.start % desc.blockSize || (desc.end + 1n) % desc.blockSize) {
				errx(`Start address and (end address + 1) must be aligned to memory block size (${humanSize(Number(desc.blockSize))})`);
			}
			desc.start /= desc.blockSize;
			desc.end /= desc.blockSize;
		}
	}
	if (desc.start > desc.end) errx(`Invalid range: ${param}`);
}

/** idxtostr(). */
function blockText(desc: Desc, index: number): string {
	const start = BigInt(index) * desc.blockSize;
	const hex = (v: bigint) => `0x${v.toString(16).padStart(16, '0')}`;
	return `Memory Block ${index} (${hex(start)}-${hex(start + desc.blockSize - 1n)})`;
}

/** ul_path_readf_buffer(): the attribute's text without its newline, '' when unreadable. */
function attr(p: Proc, index: number, name: string): string {
	const text = readFile(p.vfs, `${SYSMEM}/memory${index}/${name}`);
	return isErrno(text) ? '' : text.replace(/\n$/, '');
}

/** ul_path_writef_string(): one write of the word to memoryN/state; the errno when it fails. */
function writeState(p: Proc, index: number, word: string): Errno | undefined {
	const f = p.vfs.open(`${SYSMEM}/memory${index}/state`, {write: true});
	if (typeof f === 'string') return f;
	const e = f.write(word);
	f.close();
	return e;
}

/**
 * The word to write when the block's valid_zones allow it, or undefined to skip it: with a
 * zone, enabling needs the zone among valid_zones and disabling the block in it (valid_zones
 * begins with it); enabling without one prefers Movable.
 */
function zoneWord(p: Proc, desc: Desc, index: number, enable: boolean, zoneId: number, onoff: string): string | undefined {
	if (!desc.haveZones) return onoff;
	const line = attr(p, index, 'valid_zones').toLowerCase();
	if (zoneId >= 0) {
		const zn = ZONE_NAMES[zoneId].toLowerCase();
		if (enable && !line.includes(zn)) return undefined;
		if (!enable && !line.startsWith(zn)) return undefined;
		return onoff;
	}
	if (enable) return line.includes(ZONE_NAMES[ZONE_MOVABLE].toLowerCase()) ? 'online_movable' : 'online';
	return onoff;
}

function initialWord(enable: boolean, zoneId: number): string {
	if (!enable) return 'offline';
	if (zoneId < 0) return 'online';
	return zoneId === ZONE_MOVABLE ? 'online_movable' : 'online_kernel';
}

/** chmem_size(): the lowest blocks up (enable) or the highest down (disable) until SIZE is done. */
function chmemSize(p: Proc, desc: Desc, enable: boolean, zoneId: number): number {
	let size = desc.size;
	let onoff = initialWord(enable, zoneId);
	const order = enable ? desc.dirs : [...desc.dirs].reverse();
	for (const index of order) {
		if (size === 0n) break;
		p.tick();
		// (strncmp of six characters: "online" for any online word, "offlin")
		if (attr(p, index, 'state').slice(0, 6) === onoff.slice(0, 6)) continue;
		const word = zoneWord(p, desc, index, enable, zoneId, onoff);
		if (word === undefined) continue;
		onoff = word;
		const failed = writeState(p, index, onoff);
		if (desc.verbose) p.out(`${blockText(desc, index)} ${enable ? 'enable' : 'disable'}${failed ? ' failed' : 'd'}\n`);
		if (!failed) size--;
	}
	if (size) {
		const bytes = (desc.size - size) * desc.blockSize;
		p.err(`${PROG}: Could only ${enable ? 'enable' : 'disable'} ${humanSize(Number(bytes))} of memory\n`);
	}
	return size === 0n ? 0 : size === desc.size ? -1 : 1;
}

/** chmem_range(): each existing block from START to END; a failed write is reported with errno. */
function chmemRange(p: Proc, desc: Desc, enable: boolean, zoneId: number): number {
	const all = desc.end - desc.start + 1n;
	let todo = all;
	let onoff = initialWord(enable, zoneId);
	for (const index of desc.dirs) {
		p.tick();
		if (BigInt(index) < desc.start) continue;
		if (BigInt(index) > desc.end) break;
		const str = blockText(desc, index);
		if (attr(p, index, 'state').slice(0, 6) === onoff.slice(0, 6)) {
			if (desc.verbose) p.out(`${str} already ${enable ? 'enabled' : 'disabled'}\n`);
			todo--;
			continue;
		}
		const word = zoneWord(p, desc, index, enable, zoneId, onoff);
		if (word === undefined) {
			p.err(`${PROG}: ${str} ${enable ? 'enable' : 'disable'} failed: Zone mismatch\n`);
			continue;
		}
		onoff = word;
		const failed = writeState(p, index, onoff);
		if (failed) p.err(`${PROG}: ${str} ${enable ? 'enable' : 'disable'} failed: ${strerror[failed]}\n`);
		else if (desc.verbose) p.out(`${str} ${enable ? 'enabled' : 'disabled'}\n`);
		if (!failed) todo--;
	}
	return todo === 0n ? 0 : todo === all ? -1 : 1;
}
