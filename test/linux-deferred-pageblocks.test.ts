import {describe, expect, it} from 'vitest';
import {bootMemory} from '../source/machine/linux/memblock.js';
import {pcBootInfo} from './linux-boot-fixture.js';
import {printed, startSession} from './session-helpers.js';

/** MemFree (kB) at the prompt of a one-CPU guest of `mib` MiB with 8 slots, as the lab's s37/odd probes booted them. */
function memFree(mib: number): number {
	const s = startSession(['-m', `${mib}M,slots=8,maxmem=12G`, '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
	return Number(/MemFree:\s+(\d+) kB/.exec(printed(s, 'serial', 'grep MemFree /proc/meminfo'))![1]);
}

describe('deferred struct page init leaves a pageblock that begins reserved unmovable', () => {
	it('counts the initrd pages in such a pageblock: the last, partial one of an odd-MiB guest', () => {
		const pages = (mib: number) => bootMemory(pcBootInfo({ramMiB: mib, maxMiB: 12 * 1024, slots: 8})).initrdUnmovablePages;
		// even: the initrd lies inside the last whole pageblock, which begins free
		expect([776, 778, 1000, 2046].map(pages)).toEqual([0, 0, 0, 0]);
		// odd: the last pageblock begins inside the initrd, 896 KiB below the end of RAM's 128 KiB of ACPI data
		expect([777, 779, 1001, 2047].map(pages)).toEqual([224, 224, 224, 224]);
		// with RAM above 4 GiB the initrd is in DMA32, which is not the last zone: nothing deferred there
		expect(pages(5 * 1024 + 1)).toBe(0);
	});
	it('spares the refills they stand in for: MemFree one MiB of RAM plus that many batches apart (the lab\'s boots)', () => {
		// lab s37/odd, first MemFree: 776M 628960, 777M 630852; 1000M 856072, 1001M 858104; 2046M 1908080, 2047M 1910112
		expect(memFree(777) - memFree(776)).toBe(630852 - 628960);
		expect(memFree(1001) - memFree(1000)).toBe(858104 - 856072);
		expect(memFree(2047) - memFree(2046)).toBe(1910112 - 1908080);
	});
});
