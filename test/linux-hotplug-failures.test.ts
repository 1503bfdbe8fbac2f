/**
 * How the guest fails a hot-add the way Linux 6.1 does: an unaligned range
 * (check_hotplug_memory_range -EINVAL), a memmap the zones cannot feed (vmemmap_populate
 * -ENOMEM), a small guest whose swiotlb bounce buffer is halved until it fits, and a small
 * guest's boot allocations spilling into ZONE_DMA.
 */
import {describe, expect, it} from 'vitest';
import {bootMemory} from '../source/machine/linux/memblock.js';
import type {Session} from '../source/machine/session.js';
import {startSession, typeLine} from './session-helpers.js';
import {pcBootInfo} from './linux-boot-fixture.js';

function boot(ramMiB: number, maxMiB: number, slots = 8): Session {
	return startSession(['-machine', 'pc', '-m', `${ramMiB}M,slots=${slots},maxmem=${maxMiB}M`, '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', 'console=ttyS0', '-nographic']);
}

const run = typeLine;

const dmesgTail = (s: Session, n: number) => run(s, 'serial', `dmesg | tail -${n}`).split('\n').slice(1, -1).map(l => l.replace(/^\[[ \d.]+\] /, ''));

describe('unaligned hot-add range', () => {
	it('a 2 MiB DIMM: -EINVAL, no memory block, no scan handler (and no "Enumeration failure": 6.1.192 has no such message), device_del still ejects it', () => {
		const s = boot(1024, 2048, 4);
		run(s, 'monitor', 'object_add memory-backend-ram,id=m0,size=2M');
		run(s, 'monitor', 'device_add pc-dimm,id=d0,memdev=m0');
		expect(s.snapshot().qemu.dimms.map(d => [d.id, d.addr, d.status])).toEqual([['d0', 0x100000000, 'plugged']]);
		expect(s.snapshot().guest!.blocks.filter(b => b.hotplugged)).toEqual([]);
		expect(dmesgTail(s, 3)).toEqual([
			'Block size [0x8000000] unaligned hotplug range: start 0x100000000, size 0x200000',
			'acpi PNP0C80:00: add_memory failed',
			'acpi PNP0C80:00: acpi_memory_enable_device() error',
		]);
		expect(run(s, 'serial', 'ls /sys/devices/system/memory/ | grep -c memory')).toMatch(/\n8\n/);
		run(s, 'monitor', 'device_del d0');
		expect(s.snapshot().qemu.dimms).toEqual([]);
		expect(run(s, 'monitor', 'object_del m0')).toBe('object_del m0\n(qemu) ');
	});

	it('a 128 MiB DIMM placed after it starts unaligned and is refused too; an aligned one at an explicit addr works', () => {
		const s = boot(1024, 2048, 4);
		run(s, 'monitor', 'object_add memory-backend-ram,id=m0,size=2M');
		run(s, 'monitor', 'device_add pc-dimm,id=d0,memdev=m0');
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=128M');
		run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		expect(dmesgTail(s, 3)[0]).toBe('Block size [0x8000000] unaligned hotplug range: start 0x100200000, size 0x8000000');
		expect(dmesgTail(s, 3)[1]).toBe('acpi PNP0C80:01: add_memory failed');
		run(s, 'monitor', 'object_add memory-backend-ram,id=m2,size=128M');
		run(s, 'monitor', 'device_add pc-dimm,id=d2,memdev=m2,addr=0x110000000');
		expect(s.snapshot().guest!.blocks.filter(b => b.hotplugged).map(b => b.index)).toEqual([34]);
		// The later Device Checks do not retry the unattached devices (lab: d0's lines appear once).
		expect(run(s, 'serial', 'dmesg').match(/PNP0C80:00: add_memory failed/g)).toHaveLength(1);
	});
});

describe('vmemmap_populate -ENOMEM', () => {
	it('a 192 MiB guest takes one 2 GiB DIMM (32 MiB memmap) but not a second; no zone goes below zero', () => {
		const s = boot(192, 192 + 8192);
		run(s, 'monitor', 'object_add memory-backend-ram,id=m0,size=2G');
		run(s, 'monitor', 'device_add pc-dimm,id=d0,memdev=m0');
		expect(s.snapshot().guest!.blocks.filter(b => b.hotplugged)).toHaveLength(16);
		const before = s.snapshot().guest!.memFreeKb;
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=2G');
		run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		const g = s.snapshot().guest!;
		expect(g.blocks.filter(b => b.hotplugged)).toHaveLength(16);
		for (const z of g.zones) expect(z.freePages, z.name).toBeGreaterThanOrEqual(0);
		// The sections populated before the failing one keep their memmap (__add_pages does not undo them).
		expect(g.memFreeKb).toBeLessThan(before);
		expect((before - g.memFreeKb) % 2048).toBe(0);
		const log = dmesgTail(s, 80);
		const at = log.findIndex(l => l.includes('vmemmap alloc failure'));
		expect(log.slice(at, at + 7)).toEqual([
			'kworker/u2:1: vmemmap alloc failure: order:9, mode:0x4cc0(GFP_KERNEL|__GFP_RETRY_MAYFAIL), nodemask=(null),cpuset=/,mems_allowed=0',
			// PID 38: below 512 MiB hugepage_init() starts no khugepaged, so the kworker comes one pid earlier.
			'CPU: 0 PID: 24 Comm: kworker/u2:1 Not tainted 6.1.0-57-amd64 #1  Debian 6.1.192-3',
			'Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014',
			'Workqueue: kacpi_hotplug acpi_hotplug_work_fn',
			'Call Trace:',
			' <TASK>',
			' dump_stack_lvl+0x44/0x5c',
		]);
		// warn_alloc()'s show_mem(), then the base pages ran out too: the ACPI driver's errors.
		expect(log.slice(-7)).toEqual([
			'Total swap = 0kB',
			expect.stringMatching(/^\d+ pages RAM$/),
			'0 pages HighMem/MovableOnly',
			expect.stringMatching(/^\d+ pages reserved$/),
			'0 pages hwpoisoned',
			'acpi PNP0C80:01: add_memory failed',
			'acpi PNP0C80:01: acpi_memory_enable_device() error',
		]);
	});

	it('a section no free pageblock can give: warn_alloc() once, then its memmap in base pages and the hot-add goes on (the lab, s61/vm/v200 and gen7-14)', () => {
		const s = startSession(['-machine', 'pc', '-m', '160M,slots=8,maxmem=8G', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
			'-append', 'console=ttyS0 quiet nokaslr memhp_default_state=online_movable', '-nographic']);
		for (const [i, size] of [[0, '512M'], [1, '256M'], [2, '256M']] as const) {
			run(s, 'monitor', `object_add memory-backend-ram,id=m${i},size=${size}`);
			run(s, 'monitor', `device_add pc-dimm,id=d${i},memdev=m${i}`);
		}
		const g = s.snapshot().guest!;
		// Every block of all three DIMMs is there and online (Movable).
		expect(g.blocks.filter(b => b.hotplugged && b.state === 'online')).toHaveLength(8);
		const log = run(s, 'serial', 'dmesg');
		expect(log.match(/vmemmap alloc failure: order:9/g)).toHaveLength(1);
		expect(log).toContain(']  warn_alloc+0x151/0x170');
		expect(log).toContain('] Mem-Info:');
		// show_mem() up to ZONE_NORMAL: the Movable zone the DIMMs came online in is not listed.
		expect(log).toMatch(/\] Node 0 DMA32 free:\d+kB boost:0kB min:/);
		expect(log).not.toMatch(/\] Node 0 Movable free:/);
		expect(log).not.toContain('add_memory failed');
		for (const z of g.zones) expect(z.freePages, z.name).toBeGreaterThanOrEqual(0);
	});

	it('warn_alloc is printed once per boot; later failures only log the ACPI lines', () => {
		const s = boot(192, 192 + 8192);
		for (const i of [0, 1, 2]) {
			run(s, 'monitor', `object_add memory-backend-ram,id=m${i},size=2G`);
			run(s, 'monitor', `device_add pc-dimm,id=d${i},memdev=m${i}`);
		}
		const log = run(s, 'serial', 'dmesg');
		expect(log.match(/vmemmap alloc failure/g)).toHaveLength(1);
		expect(log.match(/acpi_memory_enable_device\(\) error/g)).toHaveLength(2);
		expect(dmesgTail(s, 1)).toEqual(['acpi PNP0C80:02: acpi_memory_enable_device() error']);
	});
});

describe('swiotlb on small guests', () => {
	const ioTlb = (s: Session) => run(s, 'serial', 'dmesg | grep "IO TLB"').split('\n').slice(1, -1).map(l => l.replace(/^\[[ \d.]+\] /, ''));

	it('128 MiB with a hotplug range: no 64 MiB below 4 GiB beside the kernel image, so the buffer is halved to 32 MiB (lab s61)', () => {
		const m = bootMemory(pcBootInfo({ramMiB: 128, maxMiB: 8192, slots: 4}));
		expect(m.swiotlb).toBe(true);
		expect(m.swiotlbMapped).toBe(true);
		expect(m.swiotlbFailedBytes).toEqual([64 << 20]);
		expect(m.layout.swiotlb).toEqual({start: 0x5a00000, end: 0x7a00000});
		// MemTotal: 48768 kB, as the lab's guest has.
		expect(m.totalramPages * 4).toBe(48768);
		expect(ioTlb(boot(128, 8192, 4))).toEqual([
			'software IO TLB: area num 1.',
			'software IO TLB: swiotlb_memblock_alloc: Failed to allocate 67108864 bytes tlb structure',
			'software IO TLB: SWIOTLB bounce buffer size adjusted 32768 -> 16384 slabs',
			'software IO TLB: mapped [mem 0x0000000005a00000-0x0000000007a00000] (32MB)',
		]);
	});

	it('100 MiB halves twice, to 16 MiB; 192 MiB fits the whole 64 MiB', () => {
		const m = bootMemory(pcBootInfo({ramMiB: 100, maxMiB: 8192, slots: 4}));
		expect(m.swiotlbFailedBytes).toEqual([64 << 20, 32 << 20]);
		expect(m.layout.swiotlb).toEqual({start: 0x4e00000, end: 0x5e00000});
		expect(m.totalramPages * 4).toBe(36672);
		expect(ioTlb(boot(100, 8192, 4))).toContain('software IO TLB: SWIOTLB bounce buffer size adjusted 32768 -> 8192 slabs');
		const big = bootMemory(pcBootInfo({ramMiB: 192, maxMiB: 2240, slots: 4}));
		expect(big.swiotlbFailedBytes).toEqual([]);
		expect(big.layout.swiotlb!.end - big.layout.swiotlb!.start).toBe(64 << 20);
	});
});

describe('boot allocations that do not fit DMA32 above its watermark', () => {
	const zoneFree = (s: Session) => Object.fromEntries(s.snapshot().guest!.zones.filter(z => z.name === 'DMA' || z.name === 'DMA32').map(z => [z.name, z.freePages]));

	it('spill into ZONE_DMA until the kernel frees its init sections and the initrd into DMA32 (lab s61: 100M DMA 226 DMA32 2229, 128M 3321/2096 and 3297/2190, 160M 2337/2488)', () => {
		const near = (got: number, want: number) => expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThan(250);
		const at100 = zoneFree(boot(100, 8192, 4));
		near(at100.DMA!, 226);
		near(at100.DMA32!, 2229);
		const at128 = zoneFree(boot(128, 8192, 4));
		near(at128.DMA!, 3309);
		near(at128.DMA32!, 2143);
		const at160 = zoneFree(boot(160, 8192, 4));
		near(at160.DMA!, 2337);
		near(at160.DMA32!, 2488);
	});

	it('from 192M on ZONE_DMA stays untouched', () => {
		expect(zoneFree(boot(192, 8192, 4)).DMA).toBe(3808);
		expect(zoneFree(boot(256, 8192, 4)).DMA).toBe(3808);
	});
});

