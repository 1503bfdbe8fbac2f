/**
 * What each DIMM slot costs the booted guest (source/machine/linux/usage.ts, acpiSlotSlabKb()):
 * QEMU's DSDT has a PNP0C80 device per slot, plugged or not, and the kernel's ACPI scan makes
 * each one an ACPI device with its namespace objects, struct acpi_device and sysfs nodes. The
 * lab's 4G guest: SUnreclaim 6288 kB with 8 slots, 7720 kB with 256; SReclaimable 8768 and 8816;
 * free + pcp pages 367 lower (1468 kB); maxmem (64G or 128G) changes none of it. MemFree
 * itself falls a pcp refill at a time (pcp-boot.ts; test/linux-pcp-boot.test.ts).
 */
import {describe, expect, it} from 'vitest';
import {acpiSlotSlabKb} from '../source/machine/linux/usage.js';
import type {Session} from '../source/machine/session.js';
import {printed, startSession} from './session-helpers.js';

function boot(m: string): Session {
	return startSession(['-machine', 'pc', '-m', m, '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
}

function meminfo(s: Session, field: string): number {
	const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(printed(s, 'serial', 'cat /proc/meminfo'));
	return Number(m![1]);
}

const memFree = (s: Session): number => s.snapshot().guest!.memFreeKb;

/** MemFree and the pages on the pcp lists (zoneinfo's `count:`): what the slots' slab comes out of. */
function freeAndListed(s: Session): number {
	const counts = [...printed(s, 'serial', 'cat /proc/zoneinfo').matchAll(/count:\s+(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
	return memFree(s) + 4 * counts;
}

describe('the ACPI devices of QEMU\'s DIMM slots', () => {
	it('hold ~5.77 kB of unreclaimable slab a slot (lab: +1432 kB from 8 to 256 slots)', () => {
		const few = boot('4G,slots=8,maxmem=128G');
		const many = boot('4G,slots=256,maxmem=128G');
		const grown = meminfo(many, 'SUnreclaim') - meminfo(few, 'SUnreclaim');
		expect(grown).toBeGreaterThan(1400);
		expect(grown).toBeLessThan(1460);
		// kernfs_idr's radix tree nodes: reclaimable (lab: +48 kB).
		const reclaimable = meminfo(many, 'SReclaimable') - meminfo(few, 'SReclaimable');
		expect(reclaimable).toBeGreaterThan(38);
		expect(reclaimable).toBeLessThan(54);
	});

	it('come out of free and listed pages at boot, at any RAM size (lab: 1468 kB at 4G, 1328 kB from 32 to 256 slots at 1G)', () => {
		const fall = (m: string, a: number, b: number): number => freeAndListed(boot(`${m},slots=${a},maxmem=64G`)) - freeAndListed(boot(`${m},slots=${b},maxmem=64G`));
		expect(fall('4G', 8, 256)).toBeGreaterThan(1400);
		expect(fall('4G', 8, 256)).toBeLessThan(1500);
		expect(fall('1G', 32, 256)).toBeGreaterThan(1250);
		expect(fall('1G', 32, 256)).toBeLessThan(1350);
	});

	it('do not depend on maxmem, and a machine without slots has none', () => {
		expect(memFree(boot('4G,slots=8,maxmem=64G'))).toBe(memFree(boot('4G,slots=8,maxmem=128G')));
		// Lab: free + pcp pages 102 lower (408 kB) with 64 slots than without.
		const fall = freeAndListed(boot('4G')) - freeAndListed(boot('4G,slots=64,maxmem=64G'));
		expect(fall).toBeGreaterThanOrEqual(acpiSlotSlabKb(64).unreclaimable);
		expect(fall).toBeLessThan(420);
		expect(acpiSlotSlabKb(0)).toEqual({unreclaimable: 0, reclaimable: 0});
	});
});
