import {isErrno, strerror} from '../../errno.js';
import {readFile, type Proc, type Program} from '../proc.js';
import {humanSize, readBlocks, SYSMEM} from './lsmem.js';

/**
 * util-linux 2.38 sys-utils/chmem.c: `-e|-d [-b] [-z ZONE] [-v] SIZE|RANGE|BLOCKRANGE`.
 * Writes `online`/`online_movable`/`online_kernel`/`offline` to memoryN/state; enabling
 * without -z uses online_movable when valid_zones lists Movable (chmem's default).
 */
const USAGE_HINT = "Try 'chmem --help' for more information.\n";

function parseSize(s: string): number | undefined {
	const m = /^(\d+)([KMGTPE]?)(i?B)?$/i.exec(s);
	if (!m) return undefined;
	const exp = ' KMGTPE'.indexOf(m[2].toUpperCase() || ' ');
	return Number(m[1]) * 1024 ** Math.max(exp, 0);
}

export const chmemMain: Program = (p: Proc) => {
	let enable: boolean | undefined;
	let blockMode = false;
	let verbose = false;
	let zone: string | undefined;
	let operand: string | undefined;
	const args = p.argv.slice(1);
	for (let i = 0; i < args.length; i++) {
		const a = args[i];
		if (a === '-e' || a === '--enable') enable = true;
		else if (a === '-d' || a === '--disable') enable = false;
		else if (a === '-b' || a === '--blocks') blockMode = true;
		else if (a === '-v' || a === '--verbose') verbose = true;
		else if (a === '-z' || a === '--zone') zone = args[++i];
		else if (a === '-V' || a === '--version') {
			p.out('chmem from util-linux 2.38.1\n');
			return 0;
		} else if (a.startsWith('-') && a.length > 1) {
			p.err(`chmem: invalid option -- '${a.slice(1)}'\n${USAGE_HINT}`);
			return 1;
		} else operand = a;
	}
	if (enable === undefined || operand === undefined) {
		p.err(`chmem: ${enable === undefined ? 'no action specified' : 'no size or range specified'}\n${USAGE_HINT}`);
		return 1;
	}
	const info = readBlocks(p.vfs);
	if (typeof info === 'string') {
		p.err(`chmem: ${info}\n`);
		return 1;
	}
	const {blockSize, blocks} = info;
	const zoneNames = ['DMA', 'DMA32', 'Normal', 'Highmem', 'Movable', 'Device'];
	if (zone !== undefined) {
		const z = zoneNames.find(n => n.toLowerCase() === zone!.toLowerCase());
		if (!z) {
			p.err(`chmem: unknown memory zone: ${zone}\n`);
			return 1;
		}
		zone = z;
		if (!enable) {
			p.err('chmem: zone ignored, no valid_zones sysfs attribute present\n');
		}
	}
	const desc = (idx: number) => {
		const start = idx * blockSize;
		return `Memory Block ${idx} (0x${start.toString(16).padStart(16, '0')}-0x${(start + blockSize - 1).toString(16).padStart(16, '0')})`;
	};
	const onlineWord = (idx: number): string => {
		if (zone === 'Movable') return 'online_movable';
		if (zone) return 'online_kernel';
		const vz = readFile(p.vfs, `${SYSMEM}/memory${idx}/valid_zones`);
		return !isErrno(vz) && /\bMovable\b/.test(vz) ? 'online_movable' : 'online';
	};
	const setState = (idx: number): boolean => {
		const f = p.vfs.open(`${SYSMEM}/memory${idx}/state`, {write: true});
		if (typeof f === 'string') return false;
		const e = f.write(enable ? onlineWord(idx) : 'offline');
		f.close();
		return !e;
	};
	const say = (s: string) => {
		if (verbose) p.out(s + '\n');
	};

	let first: number;
	let last: number;
	if (blockMode || operand.includes('-')) {
		if (blockMode) {
			const m = /^(\d+)(?:-(\d+))?$/.exec(operand);
			if (!m) {
				p.err(`chmem: invalid block number or range: ${operand}\n`);
				return 1;
			}
			first = Number(m[1]);
			last = Number(m[2] ?? m[1]);
		} else {
			const m = /^(0x[0-9a-fA-F]+|\d+)-(0x[0-9a-fA-F]+|\d+)$/.exec(operand);
			if (!m) {
				p.err(`chmem: invalid range: ${operand}\n`);
				return 1;
			}
			const start = Number(m[1]);
			const end = Number(m[2]);
			if (start % blockSize || (end + 1) % blockSize) {
				p.err(`chmem: Start address and (end address + 1) must be aligned to memory block size (${humanSize(blockSize)})\n`);
				return 1;
			}
			first = start / blockSize;
			last = (end + 1) / blockSize - 1;
		}
		let rc = 1;
		let todo = last - first + 1;
		for (const b of blocks) {
			if (b.index < first || b.index > last) continue;
			todo--;
			if ((b.state === 'online') === enable) {
				say(`${desc(b.index)} already ${enable ? 'enabled' : 'disabled'}`);
				rc = 0;
				continue;
			}
			if (setState(b.index)) {
				say(`${desc(b.index)} ${enable ? 'enabled' : 'disabled'}`);
				rc = 0;
			} else {
				say(`${desc(b.index)} ${enable ? 'enable' : 'disable'} failed`);
				rc = 1;
			}
		}
		return todo === last - first + 1 ? 1 : rc;
	}

	const bytes = parseSize(operand);
	if (bytes === undefined) {
		p.err(`chmem: invalid size: ${operand}\n`);
		return 1;
	}
	if (bytes % blockSize) {
		p.err(`chmem: Size must be aligned to memory block size (${humanSize(blockSize)})\n`);
		return 1;
	}
	let size = bytes / blockSize;
	const order = enable ? blocks : [...blocks].reverse();
	for (const b of order) {
		if (size === 0) break;
		if (enable ? b.state !== 'offline' : b.state !== 'online') continue;
		if (setState(b.index)) {
			say(`${desc(b.index)} ${enable ? 'enabled' : 'disabled'}`);
			size--;
		} else {
			say(`${desc(b.index)} ${enable ? 'enable' : 'disable'} failed`);
		}
	}
	if (size) {
		const done = bytes - size * blockSize;
		p.err(`chmem: Could only ${enable ? 'enable' : 'disable'} ${humanSize(done)} of memory\n`);
		return done === 0 ? 1 : 0;
	}
	void strerror;
	return 0;
};
