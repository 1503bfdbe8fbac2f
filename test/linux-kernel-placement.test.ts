/**
 * Where the kernel's own allocations land after hot-add, and so whether a hot-added
 * ZONE_NORMAL block can be offlined again: only a Normal zone made of hot-added memory alone
 * (a guest with no RAM above 4 GiB) feeds them from hot-added blocks; with boot memory in
 * ZONE_NORMAL its unmovable pageblocks and the head of its free lists serve them first.
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {startSession, typeLine} from './session-helpers.js';

function boot(mem: string): Session {
	return startSession(['-machine', 'pc', '-m', mem, '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
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
