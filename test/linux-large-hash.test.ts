import {describe, expect, it} from 'vitest';
import {bootMemory} from '../source/machine/linux/memblock.js';
import {DENTRY_HASH, futexHash, hashTableMessage, inetHashTables, INODE_HASH, largeSystemHash, lateHashPages, MOUNT_HASHES} from '../source/machine/linux/large-hash.js';
import {KernelUsage} from '../source/machine/linux/usage.js';
import {pcBootInfo} from './linux-boot-fixture.js';

describe('alloc_large_system_hash: table sizes follow nr_kernel_pages in power-of-two steps', () => {
	const m512 = bootMemory(pcBootInfo({ramMiB: 512, maxMiB: 8192, slots: 32, cpus: 2}));

	it('nr_kernel_pages of a 512M guest is the boot log\'s "Total pages" (the first MiB is dma_reserve)', () => {
		expect(m512.nrKernelPages).toBe(128736);
	});

	it('every table of the real 512M / 2-CPU boot log, message for message', () => {
		const n = m512.nrKernelPages;
		const lines = [
			largeSystemHash(DENTRY_HASH, n), largeSystemHash(INODE_HASH, n),
			...MOUNT_HASHES.map(s => largeSystemHash(s, n)),
			largeSystemHash(futexHash(2), n),
			...inetHashTables(n),
		].map(hashTableMessage);
		expect(lines).toEqual([
			'Dentry cache hash table entries: 65536 (order: 7, 524288 bytes, linear)',
			'Inode-cache hash table entries: 32768 (order: 6, 262144 bytes, linear)',
			'Mount-cache hash table entries: 1024 (order: 1, 8192 bytes, linear)',
			'Mountpoint-cache hash table entries: 1024 (order: 1, 8192 bytes, linear)',
			'futex hash table entries: 512 (order: 3, 32768 bytes, linear)',
			'IP idents hash table entries: 8192 (order: 4, 65536 bytes, linear)',
			'tcp_listen_portaddr_hash hash table entries: 256 (order: 0, 4096 bytes, linear)',
			'Table-perturb hash table entries: 65536 (order: 6, 262144 bytes, linear)',
			'TCP established hash table entries: 4096 (order: 3, 32768 bytes, linear)',
			'TCP bind hash table entries: 4096 (order: 5, 131072 bytes, linear)',
			'MPTCP token hash table entries: 512 (order: 2, 12288 bytes, linear)',
			'UDP hash table entries: 256 (order: 1, 8192 bytes, linear)',
			'UDP-Lite hash table entries: 256 (order: 1, 8192 bytes, linear)',
		]);
	});

	it('alloc_pages_exact() keeps only the pages a table covers (MPTCP: 3 pages of an order-2 block)', () => {
		const mptcp = inetHashTables(m512.nrKernelPages).find(t => t.name === 'MPTCP token')!;
		expect(mptcp.order).toBe(2);
		expect(mptcp.pages).toBe(3);
		expect(largeSystemHash(DENTRY_HASH, m512.nrKernelPages).pages).toBe(0); // memblock, not buddy
	});

	it('a 3G guest gets the tables of a 4G one; a 2G guest those of half', () => {
		const pages = (mib: number) => lateHashPages(bootMemory(pcBootInfo({ramMiB: mib, maxMiB: 65536, slots: 8})).nrKernelPages, 1);
		expect(pages(3072)).toBe(pages(4096));
		expect(pages(2048)).toBeLessThan(pages(3072));
		expect(pages(1536)).toBe(pages(2048));
	});

	it('limits: TCP bind stops at 64K buckets, IP idents at 256K', () => {
		const big = inetHashTables(64 * 1024 * 256);
		expect(big.find(t => t.name === 'TCP bind')!.entries).toBe(65536);
		expect(big.find(t => t.name === 'IP idents')!.entries).toBe(262144);
		expect(big.find(t => t.name === 'TCP established')!.entries).toBe(524288);
	});

	it('futex: 256 buckets per possible CPU, rounded to a power of two', () => {
		expect(largeSystemHash(futexHash(1), 1).entries).toBe(256);
		expect(largeSystemHash(futexHash(3), 1).entries).toBe(1024);
	});

	it('the kernel\'s used memory takes the tables: 3G uses as much table memory as 4G', () => {
		const usage = (mib: number) => {
			const m = bootMemory(pcBootInfo({ramMiB: mib, maxMiB: 65536, slots: 8}));
			return new KernelUsage(m.totalramPages, m.nrKernelPages, 1).kernelOtherKb;
		};
		const linear = (a: number, b: number, t: number) => a + ((b - a) * (t - 2048)) / 2048;
		// Between the power-of-two sizes the tables do not interpolate: 3G sits above the line.
		expect(usage(3072) - linear(usage(2048), usage(4096), 3072)).toBeGreaterThan(400);
	});
});
