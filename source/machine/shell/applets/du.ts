import {isErrno, strerror, type Errno} from '../../errno.js';
import {BadNumber, bbShowUsage, dashDashHelp, getopt32, xatoiPositive} from '../getopt.js';
import type {Proc, Program} from '../proc.js';
import {fullStat, makeHumanReadable} from './fsutils.js';

/**
 * busybox 1.35 du (coreutils/du.c): st_blocks summed over each tree (st_size with -b), printed
 * for every directory down to -d N (-s: the arguments only; -a: files too), in KiB by default,
 * -m rounded up, -h with one decimal, readdir order. -L/-H follow symlinks, -x stays on one
 * filesystem, -c adds a total. A sparse tmpfs file counts only its pages.
 */
export const duMain: Program = p => {
	if (dashDashHelp(p)) return bbShowUsage(p, 'du', 0);
	let depthError: BadNumber | undefined;
	const o = getopt32(p, {
		opts: 'aHkLsxd:lchbm',
		each: (c, v) => {
			if (c !== 'd') return undefined;
			const n = xatoiPositive(v ?? '');
			if (n instanceof BadNumber) depthError ??= n;
			return undefined;
		},
	});
	if (typeof o === 'number') return o;
	if (depthError) {
		p.err(`du: ${depthError.message}\n`);
		return 1;
	}
	const apparent = o.has('b');
	// The last of -h, -k, -m wins; -b alone shows bytes.
	let dispUnit = apparent ? 1 : 1024;
	// -s and -d cancel each other: the last one given wins.
	let maxDepth = Infinity;
	let slinkDepth = 0;
	for (const [c, v] of o.seq) {
		if (c === 'h') dispUnit = 0;
		else if (c === 'k') dispUnit = 1024;
		else if (c === 'm') dispUnit = 1024 * 1024;
		else if (c === 's') maxDepth = 0;
		else if (c === 'd') maxDepth = Number(v);
		else if (c === 'L') slinkDepth = Infinity;
		else if (c === 'H') slinkDepth = 1;
	}
	const walk = new DuWalk(p, {apparent, dispUnit, maxDepth, slinkDepth, files: o.has('a'), oneFs: o.has('x')});
	const names = o.args.length ? o.args : ['.'];
	// du with no operand does not follow a `.` symlink even with -H.
	if (!o.args.length && walk.slinkDepth === 1) walk.slinkDepth = 0;
	let total = 0;
	for (const name of names) total += walk.du(name, 0);
	if (o.has('c')) walk.print(total, 'total');
	return walk.status;
};

interface DuOptions {
	apparent: boolean;
	dispUnit: number;
	maxDepth: number;
	slinkDepth: number;
	files: boolean;
	oneFs: boolean;
}

class DuWalk {
	status = 0;
	slinkDepth: number;
	private dirDev: string | undefined;

	constructor(
		private readonly p: Proc,
		private readonly opts: DuOptions,
	) {
		this.slinkDepth = opts.slinkDepth;
	}

	private fail(name: string, e: Errno): void {
		this.p.err(`du: ${name}: ${strerror[e]}\n`);
		this.status = 1;
	}

	/** du(): the size of `name` and everything under it, printing directories on the way. */
	du(name: string, depth: number): number {
		this.p.tick();
		let st = fullStat(this.p, name, false);
		if (isErrno(st)) {
			this.fail(name, st);
			return 0;
		}
		if (this.opts.oneFs) {
			const dev = st.dev.join(':');
			if (depth === 0) this.dirDev = dev;
			else if (dev !== this.dirDev) return 0;
		}
		if (st.type === 'symlink' && this.slinkDepth > depth) {
			st = fullStat(this.p, name, true);
			if (isErrno(st)) {
				this.fail(name, st);
				return 0;
			}
			// -H follows the command line's links: from then on it is -L.
			if (this.slinkDepth === 1) this.slinkDepth = Infinity;
		}
		let sum = this.opts.apparent ? st.size : st.blocks;
		if (st.type === 'dir') {
			const entries = this.p.vfs.readdir(this.p.abs(name));
			if (isErrno(entries)) {
				this.fail(name, entries);
				return sum;
			}
			for (const entry of entries) sum += this.du(name.endsWith('/') ? name + entry : `${name}/${entry}`, depth + 1);
		} else if (!this.opts.files && depth !== 0) {
			return sum;
		}
		if (depth <= this.opts.maxDepth) this.print(sum, name);
		return sum;
	}

	/** print(): KiB by default; a fixed unit rounds up (coreutils does), -h to one decimal. */
	print(size: number, name: string): void {
		const blockSize = this.opts.apparent ? 1 : 512;
		const unit = this.opts.dispUnit;
		const v = unit ? size + Math.floor(Math.floor((unit - 1) / blockSize) / 2) : size;
		this.p.out(`${makeHumanReadable(v, blockSize, unit)}\t${name}\n`);
	}
}
