import {describe, expect, it} from 'vitest';
import {bootMemory, probeMemoryBlockSize} from '../source/machine/linux/memblock.js';
import {DENTRY_HASH, largeSystemHash} from '../source/machine/linux/large-hash.js';
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
		expect(m.totalramPages * 4).toBe(917440 + 65536);
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
