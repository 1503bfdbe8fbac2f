import {describe, expect, it} from 'vitest';
import {bootMemory, probeMemoryBlockSize} from '../source/machine/linux/memblock.js';
import {DENTRY_HASH, largeSystemHash} from '../source/machine/linux/large-hash.js';
import {directMapMemblockPages} from '../source/machine/linux/memblock-alloc.js';
import {pcBootInfo} from './linux-boot-fixture.js';

describe('memblock: boot MemTotal as the kernel derives it', () => {
	it('512M with 2 CPUs and a hotplug range: 401864 kB (raw boot log)', () => {
		const m = bootMemory(pcBootInfo({ramMiB: 512, maxMiB: 8192, slots: 32, cpus: 2}));
		expect(m.presentPages * 4).toBe(523768);
		expect(m.totalramPages * 4).toBe(401864);
		expect(m.dentryHashBytes).toBe(524288);
		expect(m.inodeHashBytes).toBe(262144);
	});
	it('1G with 1 CPU: 917440 kB (tutorial.t)', () => {
		expect(bootMemory(pcBootInfo({ramMiB: 1024, maxMiB: 8192, slots: 32})).totalramPages * 4).toBe(917440);
	});
	it('4G with 1 CPU: 4009396 kB (bigger.t)', () => {
		expect(bootMemory(pcBootInfo({ramMiB: 4096, maxMiB: 131072, slots: 64})).totalramPages * 4).toBe(4009396);
	});
	it('no maxmem: no SRAT hotplug range above 4G, so no swiotlb bounce buffer', () => {
		const m = bootMemory(pcBootInfo({ramMiB: 1024}));
		expect(m.swiotlb).toBe(false);
		// The 64 MiB buffer and its slot array (786432 bytes): the lab's 1G guest without maxmem shows 983744 kB.
		expect(m.totalramPages * 4).toBe(917440 + 65536 + 768);
	});
});

/** MemTotal in kB after boot, recorded in the lab (Debian 6.1, QEMU 7.2), `-m SIZE,slots=N,maxmem=64G`. */
const LAB_MEMTOTAL: [number, number, number][] = [
	// [MiB, CPUs, kB]
	[512, 1, 402112], [768, 1, 659392], [1024, 1, 917440], [1280, 1, 1173952], [1536, 1, 1432000], [1792, 1, 1690048],
	[2048, 1, 1948096], [2560, 1, 2461120], [3072, 1, 2977212], [3584, 1, 3493300], [4096, 1, 4009396], [5120, 1, 5035444],
	[6144, 1, 6067636], [7168, 1, 7099824], [8192, 1, 8132020], [10240, 1, 10184112], [12288, 1, 12248496],
	// 20G: a second section-root page, and the brk buffer spent (seven page-table pages from memblock).
	[20480, 1, 20481432],
	[512, 2, 401864], [1024, 2, 917192], [1024, 4, 916696], [2048, 2, 1947848], [3072, 2, 2976964], [4096, 2, 4009148], [8192, 2, 8131772],
];

describe('memblock replay: every early allocation, so MemTotal at any size', () => {
	for (const [mib, cpus, kb] of LAB_MEMTOTAL) {
		it(`${mib} MiB, ${cpus} CPU(s): ${kb} kB`, () => {
			expect(bootMemory(pcBootInfo({ramMiB: mib, maxMiB: 65536, slots: 4, cpus})).totalramPages * 4).toBe(kb);
		});
	}

	it('2560 MiB, 3 CPUs, no maxmem: the fourth percpu unit no CPU uses is freed whole (lab: 2526928 kB)', () => {
		expect(bootMemory(pcBootInfo({ramMiB: 2560, cpus: 3})).totalramPages * 4).toBe(2526928);
	});

	it('the lab\'s 3G memblock=debug trace: NODE_DATA, usemaps, memmap, percpu, hash tables, bounce buffer where the kernel put them', () => {
		const m = bootMemory(pcBootInfo({ramMiB: 3072, maxMiB: 65536, slots: 4, cmdline: 'console=ttyS0 quiet nokaslr memblock=debug'}));
		const at = (what: string) => m.reservations.filter(r => r.what === what).map(r => [r.start.toString(16), r.end.toString(16)]);
		// The lab's initrd was 16 KiB smaller than memhp's: what sits below it is 4 pages lower here.
		expect(at('NODE_DATA')).toEqual([['bfeb5', 'bfee0']]);
		expect(at('memmap')).toEqual([['bcc00', 'bfc00']]);
		expect(at('percpu').slice(0, 1)).toEqual([['bca00', 'bca3e']]);
		expect(at('dentry hash')).toEqual([['bc600', 'bca00']]);
		expect(at('inode hash')).toEqual([['bc400', 'bc600']]);
		expect(at('swiotlb')[0]).toEqual(['b8400', 'bc400']);
		expect(at('page tables')).toEqual([['bfdff', 'bfe00']]);
	});

	it('movable_node: memblock bottom-up until the SRAT, so the direct map\'s page tables all fit in brk (lab 3584M: 3493312 kB)', () => {
		const boot = pcBootInfo({ramMiB: 3584, maxMiB: 16384, slots: 4, cmdline: 'console=ttyS0 quiet nokaslr movable_node'});
		expect(bootMemory(boot, boot.e820, {early: [], movableNode: true}).totalramPages * 4).toBe(3493312);
		expect(bootMemory(boot).totalramPages * 4).toBe(3493312 - 12);
	});

	it('past 16 pages the brk buffer is spent and the rest come from memblock', () => {
		const MiB = 1024 * 1024;
		const GiB = 1024 * MiB;
		const brk = {start: 0x4400000, end: 0x4411000};
		const mem = (gib: number) => [{start: 0x1000, end: 0x9f000}, {start: MiB, end: 3 * GiB - 0x20000}, {start: 4 * GiB, end: (gib + 1) * GiB}];
		// 12G: ISA 3 + GiB 12 + GiB 4-11 + the low RAM's tail PTE = 13 in brk; 3 (GiB 1, 2, tail) in memblock.
		expect(directMapMemblockPages(mem(12), 13 * GiB, brk)).toBe(3);
		// 20G: GiB 4-19 need 16 more, brk has 12 left: 4 of them spill.
		expect(directMapMemblockPages(mem(20), 21 * GiB, brk)).toBe(3 + 4);
	});

	it('the direct map takes page tables from memblock only for the range holding the brk buffer', () => {
		const MiB = 1024 * 1024;
		const GiB = 1024 * MiB;
		const brk = {start: 0x4400000, end: 0x4411000};
		const low = (top: number) => [{start: 0x1000, end: 0x9f000}, {start: MiB, end: top - 0x20000}];
		// 1G, 2G, 2.5G: the last step maps [1M, 512M...) whose PMD pages exist already.
		expect(directMapMemblockPages(low(GiB), GiB - 2 * MiB, brk)).toBe(0);
		expect(directMapMemblockPages(low(2560 * MiB), 2560 * MiB - 2 * MiB, brk)).toBe(0);
		// 3G: GiB 1's PMD page; 4G: GiB 1 and 2 and the PTE page of the low RAM's unaligned end.
		expect(directMapMemblockPages(low(3 * GiB), 3 * GiB - 2 * MiB, brk)).toBe(1);
		expect(directMapMemblockPages([...low(3 * GiB), {start: 4 * GiB, end: 5 * GiB}], 5 * GiB, brk)).toBe(3);
	});
});

describe('probe_memory_block_size', () => {
	it('128 MiB below 64 GiB of boot memory', () => {
		expect(probeMemoryBlockSize(0x140000)).toBe(128 * 1024 * 1024);
	});
	it('under a hypervisor: the largest power of two <= 2 GiB dividing the boot memory end', () => {
		expect(probeMemoryBlockSize((64 * 1024 + 512) * 256)).toBe(512 * 1024 * 1024);
		expect(probeMemoryBlockSize(128 * 1024 * 256)).toBe(2 * 1024 * 1024 * 1024);
		expect(probeMemoryBlockSize((64 * 1024 + 128) * 256)).toBe(128 * 1024 * 1024);
	});
	it('hash tables grow with memory', () => {
		expect(largeSystemHash(DENTRY_HASH, 1032063).bytes).toBe(4 * 1024 * 1024);
	});
});
