/**
 * Guests whose kernel allocates from a boot ZONE_NORMAL (RAM above 4 GiB): their free memory at
 * boot, at a hot-add, at a boot block's offline and at the first program after a ZONE_MOVABLE
 * online, against the lab's one-CPU runs (session 45: s45/r4 boots with the goldens' first
 * commands, r8 `grep MemFree` first, r9 hot-adds, r10 boot-block offlines, r15 big hot-adds;
 * bigger.t re-recorded). The lab's initramfs is 4 pages smaller than the one memhp stands for;
 * memhp has those on DMA32's pcp list, so MemFree compares as it is.
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {printed, startSession} from './session-helpers.js';

const MEM = '/sys/devices/system/memory';

function boot(m: string): Session {
	return startSession(['-machine', 'pc', '-accel', 'tcg', '-m', m, '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
}

/** A /proc/meminfo field (kB), read by a program as the lab read it. */
function meminfo(s: Session, key: string): number {
	const out = printed(s, 'serial', `grep -E '^${key}:' /proc/meminfo`);
	return Number(/(\d+) kB/.exec(out)![1]);
}

/** The `free` column of `free -k`. */
function freeK(s: Session): number {
	const line = printed(s, 'serial', 'free -k').split('\n').find(l => l.startsWith('Mem:'))!;
	return Number(line.split(/\s+/)[3]);
}

describe('boot ZONE_NORMAL: free memory against the lab', () => {
	// `free -k` after the goldens' first four commands, 16 slots (s45/r4). memhp had 164 to 176 kB
	// more at 3840M to 4608M, 124 at 5G.
	it.each([
		['3840M', 3711008],
		['4G', 3969032],
		['4608M', 4473192],
		['5G', 4989260],
		['6G', 6021452],
		['8G', 8085756],
	])('-m %s: MemFree within 8 pages of the lab\'s %i kB', (m, lab) => {
		const s = boot(`${m},slots=16,maxmem=32G`);
		for (const c of [`ls ${MEM}/`, `cat ${MEM}/block_size_bytes`, `cat ${MEM}/auto_online_blocks`, 'free -m']) printed(s, 'serial', c);
		expect(Math.abs(freeK(s) - lab)).toBeLessThanOrEqual(32);
	});

	it('-m 8G with 2 slots: boot refilled Normal\'s order-1 reclaimable list already (lab s45/r16: `free -m`, then 8085756 kB free)', () => {
		const s = boot('8G,slots=2,maxmem=16G');
		printed(s, 'serial', 'free -m');
		expect(Math.abs(freeK(s) - 8085756)).toBeLessThanOrEqual(32);
	});

	it('an inode slab comes off the order-1 list its refill filled: an `ls` after that refill costs MemFree no inode pages', () => {
		// 5G with 24 slots: the boot refilled the list; the lab's `ls` of the memory directory
		// left MemFree as it was (its two dentry pages came off a list too; memhp's from MemFree).
		const s = boot('5G,slots=24,maxmem=32G');
		const before = meminfo(s, 'MemFree');
		printed(s, 'serial', `ls ${MEM}/`);
		expect(before - meminfo(s, 'MemFree')).toBeLessThanOrEqual(8);
		// With 8 slots the list was empty: the `ls` takes its refill, 31 order-1 blocks (62 pages).
		const t = boot('5G,slots=8,maxmem=32G');
		const before8 = meminfo(t, 'MemFree');
		printed(t, 'serial', `ls ${MEM}/`);
		expect(before8 - meminfo(t, 'MemFree')).toBeGreaterThanOrEqual(62 * 4);
		expect(before8 - meminfo(t, 'MemFree')).toBeLessThanOrEqual(64 * 4);
	});

	it('a hot-add\'s kernel pages come off the list the slots left: MemFree falls by the memmap alone (lab 4G, 4 slots, 256M)', () => {
		const s = boot('4G,slots=4,maxmem=12G');
		printed(s, 'serial', `ls ${MEM}/`);
		const before = meminfo(s, 'MemFree');
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=256M');
		printed(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		expect(before - meminfo(s, 'MemFree')).toBe(2 * 2048);
	});

	it.each([['4G', 8], ['4G', 32], ['6G', 16]])('-m %s with %i slots: a 2G and a 1G hot-add take their memmap alone out of MemFree (lab s45/r15)', (m, slots) => {
		// Their order-0 unmovable pages (15 and 7, the lab's trace) come off the list the slots
		// left, the rest off Normal's other lists; memhp had run the list dry at 6G and 4G/32.
		const s = boot(`${m},slots=${slots},maxmem=64G`);
		printed(s, 'serial', `ls ${MEM}/`);
		const before = freeK(s);
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=2G');
		printed(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m2,size=1G');
		printed(s, 'monitor', 'device_add pc-dimm,id=d2,memdev=m2');
		expect(before - freeK(s)).toBe(24 * 2048);
	});

	it('a boot block\'s offline gives back the empty slabs boot left, straight to the buddy allocator (lab 4G: SUnreclaim down 39 pages)', () => {
		// The lab's s45/r10 d4096: a 512M DIMM hot-added, then `free -k` before and after.
		const s = boot('4G,slots=32,maxmem=16G');
		printed(s, 'serial', `ls ${MEM}/`);
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=512M');
		printed(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		const slab0 = meminfo(s, 'SUnreclaim');
		const free0 = freeK(s);
		expect(printed(s, 'serial', `echo offline > ${MEM}/memory33/state`)).toBe('');
		// zone_pcp_disable() drained Normal's lists, and the shrink's pages did not stay on them.
		// (The lab's 164 kB came after two reads of /proc/zoneinfo, whose kmalloc-cg-8k slab, 32
		// kB, and pde_opener's, 4, went too.)
		expect(Math.abs(meminfo(s, 'SUnreclaim') - (slab0 - 164 + 36))).toBeLessThanOrEqual(16);
		// The lab: 3960840 -> 3830288 kB, 130552 kB less for the block's 131072.
		const free1 = freeK(s);
		expect(Math.abs(free0 - free1 - 130552)).toBeLessThanOrEqual(32);
		// A second offline finds no such slabs: the block's pages alone (the lab: 131072 kB).
		expect(printed(s, 'serial', `echo offline > ${MEM}/memory34/state`)).toBe('');
		expect(Math.abs(free1 - freeK(s) - 131072)).toBeLessThanOrEqual(40);
	});

	it('with a ZONE_MOVABLE above it, a drained boot Normal refills the kernel\'s two lists at the next program (lab 4G: 215 pages back)', () => {
		// The lab's s45/r9 h4096: a 256M DIMM, memory40 online (boot Normal), memory41 movable.
		const s = boot('4G,slots=4,maxmem=12G');
		freeK(s);
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=256M');
		printed(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		printed(s, 'serial', `ls ${MEM}/`);
		freeK(s);
		printed(s, 'serial', `echo online > ${MEM}/memory40/state`);
		freeK(s);
		printed(s, 'serial', `echo online_movable > ${MEM}/memory41/state`);
		freeK(s);
		printed(s, 'serial', 'grep -E "pages free|count:" /proc/zoneinfo');
		expect(printed(s, 'serial', `echo offline > ${MEM}/memory40/state`)).toBe('');
		// The lab: 4096812 kB free (refilling no list, memhp had 516 kB more).
		expect(Math.abs(freeK(s) - 4096812)).toBeLessThanOrEqual(32);
	});

	it('a ZONE_MOVABLE above boot Normal takes a whole batch at its first program (bigger.t: 63 pages by `free -m`)', () => {
		const s = boot('4G,slots=64,maxmem=128G');
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=1G');
		printed(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		for (let i = 40; i < 48; i++) printed(s, 'serial', `echo online_movable > ${MEM}/memory${i}/state`);
		printed(s, 'serial', 'free -m');
		const zoneinfo = printed(s, 'serial', 'cat /proc/zoneinfo');
		const movable = zoneinfo.slice(zoneinfo.indexOf('zone  Movable'));
		expect(Number(/pages free\s+(\d+)/.exec(movable)![1])).toBe(8 * 32768 - 63);
	});
});
