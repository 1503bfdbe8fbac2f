/**
 * One-CPU guests whose boot zone has a batch of 31 (about 448M to 800M of RAM): CPU 0's order-1
 * reclaimable pcp list, which the inode caches' slabs come off (source/machine/linux/pcp-boot.ts
 * pcpBootReclaimable1Batch31()). Its length decides which listing of a new memory block takes a
 * refill of 15 order-1 blocks, 120 kB out of MemFree: the lab's tutorial-shaped steps (s46/r20).
 */
import {describe, expect, it} from 'vitest';
import {pcpBootReclaimable1Batch31} from '../source/machine/linux/pcp-boot.js';
import type {Session} from '../source/machine/session.js';
import {printed, startSession} from './session-helpers.js';

const MEM = '/sys/devices/system/memory';

function boot(m: string, slots: number): Session {
	return startSession(['-machine', 'pc', '-m', `${m},slots=${slots},maxmem=8G`, '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
}

const memFree = (s: Session): number => Number(/MemFree:\s+(\d+)/.exec(printed(s, 'serial', "grep -E 'MemFree' /proc/meminfo"))![1]);

/**
 * The lab's steps: a 512M DIMM plugged, the memory directory listed, then each new block's
 * directory, MemFree read after each. Returns the listing after which MemFree fell by more than
 * the reads' own pages, with the fall in kB.
 */
function refillAt(m: string, slots: number): {step: string; kb: number}[] {
	const s = boot(m, slots);
	printed(s, 'serial', `ls ${MEM}/`);
	printed(s, 'serial', 'dmesg | tail -n 30');
	printed(s, 'monitor', 'object_add memory-backend-ram,id=mem1,size=512M');
	printed(s, 'monitor', 'device_add pc-dimm,id=dimm1,memdev=mem1');
	let before = memFree(s);
	const falls: {step: string; kb: number}[] = [];
	for (const step of ['', 'memory32', 'memory33', 'memory34', 'memory35']) {
		printed(s, 'serial', `ls ${MEM}/${step}`);
		const now = memFree(s);
		if (before - now > 64) falls.push({step: step || 'memory', kb: before - now});
		before = now;
	}
	return falls;
}

describe('the order-1 reclaimable list of a one-CPU guest with a batch of 31', () => {
	it('holds 11 pages before the slots\' share, in order-1 blocks, and none for other batches or CPU counts', () => {
		expect(pcpBootReclaimable1Batch31(2, 31, 1)).toBe(10);
		expect(pcpBootReclaimable1Batch31(32, 31, 1)).toBe(8);
		// (Past about 230 slots their radix_tree_node took the list below zero: one refill.)
		expect(pcpBootReclaimable1Batch31(256, 31, 1)).toBe(28);
		expect(pcpBootReclaimable1Batch31(32, 63, 1)).toBeUndefined();
		expect(pcpBootReclaimable1Batch31(32, 31, 2)).toBeUndefined();
	});

	it.each([
		['512M', 32, 'memory34'],
		['768M', 32, 'memory34'],
		['768M', 2, 'memory35'],
	] as const)('%s with %i slots: the listing of %s takes a refill, 120 kB of MemFree (lab s46/r20)', (m, slots, step) => {
		expect(refillAt(m, slots)).toEqual([{step, kb: 120}]);
	});

	it('512M with 2 slots: the lists of all four new blocks take none (lab s46/r20)', () => {
		expect(refillAt('512M', 2)).toEqual([]);
	});
});
