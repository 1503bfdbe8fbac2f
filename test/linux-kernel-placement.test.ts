/**
 * Where the kernel's own allocations land after hot-add, and so whether a hot-added
 * ZONE_NORMAL block can be offlined again: only a Normal zone made of hot-added memory alone
 * (a guest with no RAM above 4 GiB) feeds them from hot-added blocks; with boot memory in
 * ZONE_NORMAL its unmovable pageblocks and the head of its free lists serve them first.
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {startSession, typeLine} from './session-helpers.js';

function boot(mem: string, smp = 1): Session {
	return startSession(['-machine', 'pc', '-m', mem, '-smp', String(smp), '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
}

/** What a line printed after its echo. */
function run(s: Session, pane: 'monitor' | 'serial', line: string): string {
	const text = typeLine(s, pane, line);
	return text.slice(text.indexOf('\n') + 1);
}

const state = (s: Session, id: number) => run(s, 'serial', `cat /sys/devices/system/memory/memory${id}/state`).split('\n')[0];

/**
 * Hot-adds a DIMM, onlines its first block into Normal, then has a boot-block offline fail
 * (the undo path allocates slab objects; a 1G guest has no such boot block: memory7 holds the
 * e820 hole and is refused with EINVAL, memory1-6 offline).
 */
function normalBlockAfterKernelChurn(mem: string, firstBlock: number, bootBlock: number): Session {
	const s = boot(mem);
	run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=512M');
	run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
	expect(run(s, 'serial', `echo online > /sys/devices/system/memory/memory${firstBlock}/state`)).not.toMatch(/error/);
	expect(run(s, 'serial', `cat /sys/devices/system/memory/memory${firstBlock}/valid_zones`)).toMatch(/^Normal\n/);
	expect(run(s, 'serial', `echo offline > /sys/devices/system/memory/memory${bootBlock}/state`)).toMatch(/Device or resource busy/);
	return s;
}

describe('kernel allocations after hot-add', () => {
	it('4G guest: a failed offline of boot block memory39 allocates in boot Normal memory, so the hot-added block still offlines', () => {
		const s = normalBlockAfterKernelChurn('4G,slots=4,maxmem=16G', 40, 39);
		expect(run(s, 'serial', 'echo offline > /sys/devices/system/memory/memory40/state')).toBe('/ # ');
		expect(state(s, 40)).toBe('offline');
	});

	it('4G guest: a second DIMM\'s memmap comes from boot Normal memory, not from the first DIMM\'s online block', () => {
		const s = boot('4G,slots=4,maxmem=16G');
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		run(s, 'serial', 'echo online > /sys/devices/system/memory/memory40/state');
		run(s, 'monitor', 'object_add memory-backend-ram,id=m2,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d2,memdev=m2');
		expect(run(s, 'serial', 'echo offline > /sys/devices/system/memory/memory40/state')).toBe('/ # ');
	});

	it('1G guest: the same second DIMM\'s memmap lands in the first DIMM\'s Normal block and pins it', () => {
		const s = boot('1G,slots=4,maxmem=8G');
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		run(s, 'serial', 'echo online > /sys/devices/system/memory/memory32/state');
		run(s, 'monitor', 'object_add memory-backend-ram,id=m2,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d2,memdev=m2');
		expect(run(s, 'serial', 'echo offline > /sys/devices/system/memory/memory32/state')).toMatch(/Device or resource busy/);
	});
});

/**
 * With more than one CPU, the last program the shell ran leaves its page directory behind: its
 * CPU goes idle with the exited mm as lazy-TLB active_mm, so pgd_free() waits for the next
 * program. pgd_alloc() served it from the highest kernel zone.
 */
describe('the page directory an idle CPU holds (smp > 1)', () => {
	/** Hot-adds 512M, onlines memory`block` into `type`, then runs `cat` (a fork) if asked. */
	function onlineThenFork(mem: string, smp: number, block: number, type: string, fork: boolean): Session {
		const s = boot(mem, smp);
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		expect(run(s, 'serial', `echo ${type} > /sys/devices/system/memory/memory${block}/state`)).toBe('/ # ');
		if (fork) expect(state(s, block)).toBe('online');
		return s;
	}

	it('pins a Normal zone made of hot-added memory: the offline fails with a dump of the page directory', () => {
		const s = onlineThenFork('1G,slots=4,maxmem=8G', 2, 33, 'online', true);
		expect(run(s, 'serial', 'echo offline > /sys/devices/system/memory/memory33/state')).toMatch(/Device or resource busy/);
		const dmesg = run(s, 'serial', 'dmesg | tail -5').split('\n');
		// page->index is the owning mm_struct; lru links the page on pgd_list, head first.
		expect(dmesg[0]).toMatch(/\] page:\(____ptrval____\) refcount:1 mapcount:0 mapping:0000000000000000 index:0xffff888[0-9a-f]{9} pfn:0x1080[0-9a-f]{2}$/);
		expect(dmesg[1]).toMatch(/\] flags: 0x17ffffc0000000\(node=0\|zone=2\|lastcpupid=0x1fffff\)$/);
		expect(dmesg[2]).toMatch(/\] raw: 0017ffffc0000000 ffffea[0-9a-f]{10} ffffffff82a3c210 0000000000000000$/);
		expect(dmesg[3]).toMatch(/\] raw: ffff888[0-9a-f]{9} 0000000000000000 00000001ffffffff 0000000000000000$/);
		expect(state(s, 33)).toBe('online');
	});

	it('the guest refuses the eject of that DIMM', () => {
		const s = onlineThenFork('1G,slots=4,maxmem=8G', 2, 33, 'online', true);
		run(s, 'monitor', 'device_del d1');
		expect(run(s, 'serial', 'dmesg | tail -1')).toMatch(/\] memory memory33: Offline failed\.\n/);
		expect(run(s, 'monitor', 'info memory-devices')).toMatch(/Memory device \[dimm\]: "d1"/);
	});

	it('is not left behind with one CPU: the shell\'s switch back frees it', () => {
		const s = onlineThenFork('1G,slots=4,maxmem=8G', 1, 33, 'online', true);
		expect(run(s, 'serial', 'echo offline > /sys/devices/system/memory/memory33/state')).toBe('/ # ');
	});

	it('is not in the block when no program ran since the online (the held one came from DMA32)', () => {
		const s = onlineThenFork('1G,slots=4,maxmem=8G', 2, 33, 'online', false);
		expect(run(s, 'serial', 'echo offline > /sys/devices/system/memory/memory33/state')).toBe('/ # ');
	});

	it('never lands in ZONE_MOVABLE', () => {
		const s = onlineThenFork('1G,slots=4,maxmem=8G', 2, 33, 'online_movable', true);
		expect(run(s, 'serial', 'echo offline > /sys/devices/system/memory/memory33/state')).toBe('/ # ');
	});

	it('comes from boot Normal memory on a guest with RAM above 4 GiB', () => {
		const s = onlineThenFork('4G,slots=4,maxmem=16G', 2, 40, 'online', true);
		expect(run(s, 'serial', 'cat /sys/devices/system/memory/memory40/valid_zones')).toBe('Normal\n/ # ');
		expect(run(s, 'serial', 'echo offline > /sys/devices/system/memory/memory40/state')).toBe('/ # ');
	});

	it('moves with each program: the next one\'s is allocated, then the previous one is freed', () => {
		const s = onlineThenFork('1G,slots=4,maxmem=8G', 2, 33, 'online', true);
		// The first cat's directory took the block's first page; the second cat's takes the next
		// free one before the first is freed, so only the second pins the block.
		run(s, 'serial', 'cat /sys/devices/system/memory/memory33/state');
		expect(run(s, 'serial', 'echo offline > /sys/devices/system/memory/memory33/state')).toMatch(/Device or resource busy/);
		expect(run(s, 'serial', 'dmesg | tail -5').split('\n')[0]).toMatch(/ index:0xffff888[0-9a-f]{9} pfn:0x108001$/);
	});
});

describe('a hot-added Normal block with no free page left', () => {
	it('gets no kernel page: the allocation falls back to the boot zones, and the block can still go', () => {
		const s = boot('512M,slots=4,maxmem=4G', 2);
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=256M');
		run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		run(s, 'serial', 'echo online_kernel > /sys/devices/system/memory/memory32/state; echo online_kernel > /sys/devices/system/memory/memory33/state');
		// The huge page pool takes every free page of both blocks (but for a pageblock with a kernel
		// page in it, if any).
		run(s, 'serial', 'echo 5000 > /proc/sys/vm/nr_hugepages');
		const [b32, b33] = s.snapshot().guest!.blocks.filter(b => b.index >= 32);
		expect(b32!.freePages).toBeLessThan(512);
		expect(b33!.freePages).toBe(0);
		// Programs run (an idle CPU keeps a page directory) and a block goes offline: nothing lands in the full block.
		run(s, 'serial', 'cat /proc/meminfo > /dev/null; echo 0 > /sys/devices/system/memory/memory33/online');
		for (const b of s.snapshot().guest!.blocks) expect(b.freePages).toBeGreaterThanOrEqual(0);
		expect(state(s, 33)).toBe('offline');
	});
});
