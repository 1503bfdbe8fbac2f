import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {zoneBatchsize, zoneHighsize, Zone} from '../source/machine/linux/mmzone.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';
import {printed, startSession} from './session-helpers.js';

const MEM = '/sys/devices/system/memory';
const MiB = 1024 * 1024;

function boot(ramMiB: number, cpus = 1, cmdline = 'console=ttyS0 quiet nokaslr') {
	const fw = new FakeFirmware(32);
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB, maxMiB: 8192, slots: 32, cpus, cmdline}), firmware: fw, clock: new VirtualClock(), console: () => undefined});
	const vfs = g.syscalls.vfs;
	const read = (p: string): string => {
		const f = vfs.open(p, {read: true});
		if (typeof f === 'string') throw new Error(`${p}: ${f}`);
		return f.read() as string;
	};
	const write = (p: string, data: string) => {
		const f = vfs.open(p, {write: true});
		if (typeof f === 'string') return f;
		return f.write(data) ?? 'ok';
	};
	const meminfo = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(read('/proc/meminfo'))![1]);
	let seen = 0;
	/** "Total pages" printed by build_all_zonelists since the last call. */
	const totalPages = () => {
		const all = [...g.syscalls.syslogRead().matchAll(/Total pages: (\d+)/g)].map(m => Number(m[1]));
		const fresh = all.slice(seen);
		seen = all.length;
		return fresh;
	};
	totalPages();
	const plug = (slot: number, addr: number, size: number) => {
		fw.plug(slot, addr, size);
		g.raiseMemoryHotplugGpe();
	};
	/** Per zone from /proc/zoneinfo: managed, high watermark, protection array, pcp count. */
	const zones = () => {
		const out: Record<string, {managed: number; low: number; high: number; protection: number[]; pcp: number; free: number}> = {};
		for (const sec of read('/proc/zoneinfo').split(/^Node 0, zone +/m).slice(1)) {
			const name = sec.split('\n')[0].trim();
			const num = (k: string) => Number(new RegExp(`^\\s+${k}\\s+(\\d+)`, 'm').exec(sec)?.[1] ?? 0);
			const prot = /protection: \(([^)]*)\)/.exec(sec)![1].split(', ').map(Number);
			const pcp = Number(/count: (\d+)/.exec(sec)?.[1] ?? 0);
			out[name] = {managed: num('managed'), low: num('low'), high: num('high'), protection: prot, pcp, free: Number(/pages free\s+(\d+)/.exec(sec)![1])};
		}
		return out;
	};
	const unplug = (slot: number) => {
		fw.requestUnplug(slot);
		g.raiseMemoryHotplugGpe();
		return fw.ejected.includes(slot);
	};
	return {g, read, write, meminfo, totalPages, plug, unplug, zones};
}

describe('THP and min_free_kbytes (hugepage_init, khugepaged)', () => {
	it('a 512M guest is below 512 MiB of RAM: THP off, min_free_kbytes stays int_sqrt(lowmem_kbytes * 16)', () => {
		const {read} = boot(512, 2, 'console=ttyS0');
		expect(read('/sys/kernel/mm/transparent_hugepage/enabled')).toBe('always madvise [never]\n');
		expect(Number(read('/proc/sys/vm/min_free_kbytes'))).toBeLessThan(4096);
	});
	it('a 1G guest runs khugepaged: 2 populated zones x 11 pageblocks = 45056 kB', () => {
		const {read} = boot(1024);
		expect(read('/sys/kernel/mm/transparent_hugepage/enabled')).toBe('[always] madvise never\n');
		expect(read('/proc/sys/vm/min_free_kbytes')).toBe('45056\n');
	});
	it('khugepaged counts zones up to Normal only, and caps at 5% of nr_free_buffer_pages', () => {
		const {read, write, plug} = boot(1024);
		plug(0, 0x100000000, 512 * MiB);
		expect(write(`${MEM}/memory32/state`, 'online_movable')).toBe('ok');
		// Movable populated: still two zones counted.
		expect(read('/proc/sys/vm/min_free_kbytes')).toBe('45056\n');
		expect(write(`${MEM}/memory33/state`, 'online_kernel')).toBe('ok');
		// Three zones want 16896 pages, more than 5% of the ~262000 buffer pages: the cap wins.
		const v = Number(read('/proc/sys/vm/min_free_kbytes'));
		expect(v).toBeLessThan(16896 * 4);
		expect(v % 4).toBe(0);
		expect(v).toBeGreaterThan(45056);
	});
});

describe('watermarks, lowmem_reserve and totalreserve with ZONE_MOVABLE', () => {
	it('real 512M/2-CPU run: "Total pages" of build_all_zonelists after online_kernel, offline and online_movable', () => {
		// guest61-exp3A: these figures are sum(managed - high) over the zonelist, so they pin the
		// Movable zone's watermarks (its share of pages_min, like any lowmem zone in 6.1).
		const {write, plug, totalPages} = boot(512, 2, 'console=ttyS0');
		plug(0, 0x100000000, 512 * MiB);
		write(`${MEM}/memory32/state`, 'online_movable');
		totalPages();
		write(`${MEM}/memory34/state`, 'online_kernel');
		expect(totalPages()).toEqual([165062]);
		write(`${MEM}/memory33/state`, 'online_kernel');
		write(`${MEM}/memory35/state`, 'online');
		write(`${MEM}/memory32/state`, 'offline');
		expect(totalPages()).toEqual([197440]);
		write(`${MEM}/memory35/state`, 'offline');
		write(`${MEM}/memory32/state`, 'online_movable');
		expect(totalPages()).toEqual([197556]);
	});
	it('real 512M/2-CPU run: MemAvailable - MemFree gives totalreserve_pages 3769 with Movable and Normal populated', () => {
		const {write, plug, meminfo, zones} = boot(512, 2, 'console=ttyS0');
		plug(0, 0x100000000, 512 * MiB);
		for (const [b, t] of [[32, 'online_movable'], [34, 'online_kernel'], [33, 'online_kernel'], [35, 'online']] as const) write(`${MEM}/memory${b}/state`, t);
		const z = zones();
		// calculate_totalreserve_pages(): per zone min(max(lowmem_reserve) + high, managed).
		const reserve = Object.values(z).reduce((n, zone) => n + Math.min(Math.max(...zone.protection) + zone.high, zone.managed), 0);
		expect(reserve).toBe(3769);
		// si_mem_available(): free - totalreserve + reclaimable slab less min(half, sum of low watermarks).
		const slab = meminfo('SReclaimable') / 4;
		const low = Object.values(z).reduce((n, zone) => n + zone.low, 0);
		expect(meminfo('MemAvailable')).toBe(meminfo('MemFree') - 4 * reserve + 4 * (slab - Math.min(Math.floor(slab / 2), low)));
	});
	it('lowmem_reserve sums the managed pages of every higher zone, Movable included', () => {
		const {write, plug, zones} = boot(1024);
		plug(0, 0x100000000, 512 * MiB);
		write(`${MEM}/memory32/state`, 'online_movable');
		write(`${MEM}/memory33/state`, 'online_kernel');
		const z = zones();
		expect(z.Normal.managed).toBe(32768);
		expect(z.Movable.managed).toBe(32768);
		const dma32 = z.DMA32.managed;
		expect(z.DMA.protection).toEqual([0, Math.floor(dma32 / 256), Math.floor((dma32 + 32768) / 256), Math.floor((dma32 + 65536) / 256), Math.floor((dma32 + 65536) / 256)]);
		expect(z.DMA32.protection).toEqual([0, 0, 128, 256, 256]);
		expect(z.Normal.protection).toEqual([0, 0, 0, 1024, 1024]);
		expect(z.Movable.protection).toEqual([0, 0, 0, 0, 0]);
	});
	it('online recomputes the watermarks: MemAvailable follows totalreserve_pages after each online', () => {
		const {write, plug, meminfo, zones} = boot(1024);
		plug(0, 0x100000000, 512 * MiB);
		for (const [b, t] of [[32, 'online_movable'], [33, 'online_kernel'], [34, 'online']] as const) {
			write(`${MEM}/memory${b}/state`, t);
			const z = zones();
			const reserve = Object.values(z).reduce((n, zone) => n + Math.min(Math.max(...zone.protection) + zone.high, zone.managed), 0);
			const slab = meminfo('SReclaimable') / 4;
			expect(meminfo('MemAvailable')).toBe(meminfo('MemFree') - 4 * reserve + 4 * Math.ceil(slab / 2));
		}
	});
});

describe('per-cpu pagesets', () => {
	it('zone_batchsize: 0.1% of the zone up to 1 MiB, clamped to 2^n - 1', () => {
		expect(zoneBatchsize(3840)).toBe(0);
		expect(zoneBatchsize(32768)).toBe(7);
		expect(zoneBatchsize(65536)).toBe(15);
		expect(zoneBatchsize(225520)).toBe(63);
		expect(zoneBatchsize(4 * 1024 * 1024)).toBe(63);
	});
	it('offlining a boot block drains the DMA32 pcp lists into MemFree; the next programs refill three lists, a batch each', () => {
		const {read, write, meminfo, zones} = boot(1024);
		// Walk the path once first: its new dentries and inodes are slab, not pcp pages.
		expect(read(`${MEM}/memory5/state`)).toBe('online\n');
		const before = zones().DMA32;
		expect(before.pcp).toBeGreaterThan(63);
		const free0 = meminfo('MemFree');
		// The lab (s19/pz, 1G to 12G): 203-211 pages listed after such an offline and a program.
		// (and the page of kmalloc-32's CPU slab, which the offline's shrink freed onto the list)
		expect(write(`${MEM}/memory5/state`, 'offline')).toBe('ok');
		expect(zones().DMA32.pcp).toBe(3 * 63 + 1);
		expect(write(`${MEM}/memory5/state`, 'online')).toBe('ok');
		expect(zones().DMA32.pcp).toBe(3 * 63 + 1);
		expect(meminfo('MemFree')).toBe(free0 + 4 * (before.pcp - 3 * 63));
	});
	it('zone_highsize: the low watermark split across the CPUs, at least four batches', () => {
		const z = new Zone('DMA32', 1);
		z.managed = 96626;
		// zone_pcp_update() set the batch with the watermarks.
		z.pcpBatch = 31;
		z.wmarkLow = 751;
		expect(zoneHighsize(z, 1)).toBe(751);
		expect(zoneHighsize(z, 2)).toBe(375);
		z.wmarkLow = 100;
		expect(zoneHighsize(z, 1)).toBe(4 * 31);
	});
	it('what init freed stays on one CPU pcp list only up to its high mark, trimmed below it (real 512M/2-CPU boot: used 17008 kB)', () => {
		// guest61-walkthrough-normal-zone: `free` right after boot. Its initramfs differs (more
		// shmem), which changes buff/cache but not used = total - free - buff/cache.
		const {meminfo, zones} = boot(512, 2, 'console=ttyS0');
		const z = zones().DMA32;
		// The first CPU's list, trimmed in doubling steps each time the boot's frees reached its
		// mark (the lab's 512M two-CPU lists: 45 to 337 pages under 375).
		expect(z.pcp).toBeLessThan(Math.floor(z.low / 2) - 31);
		expect(z.pcp).toBeGreaterThan(31);
		const used = meminfo('MemTotal') - meminfo('MemFree') - meminfo('Cached') - meminfo('SReclaimable');
		expect(Math.abs(used - 17008)).toBeLessThan(512);
	});
	it('the DMA32 lists of a 1G guest are far below their high mark: the boot pcp pages all stay parked', () => {
		const {zones} = boot(1024);
		// The lab's one-CPU 1G boots list 2390 to 2557 pages (1 to 129 DIMM slots: pcp-boot.ts),
		// under the lists' high mark (zone_highsize(): the low watermark, one CPU) that would trim them.
		const z = zones().DMA32;
		expect(z.pcp).toBeGreaterThanOrEqual(2390);
		expect(z.pcp).toBeLessThanOrEqual(2557);
		expect(z.pcp).toBeLessThan(z.low);
	});
	it('memmap freed by hot-remove lands on the pcp lists, which hand the excess over high back to the buddy allocator', () => {
		const {plug, unplug, zones, meminfo} = boot(512, 2, 'console=ttyS0');
		plug(0, 0x100000000, 512 * MiB);
		const free0 = meminfo('MemFree');
		// Eject the offline DIMM: its 2048 memmap pages are freed into DMA32's pcp lists, which
		// keep no more than their high mark; the rest is free again.
		expect(unplug(0)).toBe(true);
		const z = zones().DMA32;
		expect(z.pcp).toBeLessThanOrEqual(Math.floor(z.low / 2));
		expect(meminfo('MemFree')).toBeGreaterThan(free0 + 4 * 2040);
	});
	it('a DIMM\'s memmap comes from the zone that serves the allocation, not from a lower zone\'s pcp list (lab 1536M: MemFree 8 MiB lower)', () => {
		const {plug, unplug, zones, meminfo, write} = boot(1024);
		// A's memmap (4 MiB) comes from DMA32; B's blocks make a hot-added-only ZONE_NORMAL.
		plug(0, 0x100000000, 256 * MiB);
		plug(1, 0x110000000, 512 * MiB);
		for (const b of [34, 35, 36, 37]) expect(write(`${MEM}/memory${b}/state`, 'online')).toBe('ok');
		// A goes: its memmap, two order-9 pages, lands on DMA32's pcp list.
		expect(unplug(0)).toBe(true);
		const dma32Pcp = zones().DMA32.pcp;
		const normal0 = zones().Normal.free;
		const free0 = meminfo('MemFree');
		// C's 8 MiB memmap comes from ZONE_NORMAL, the first zone over its watermark: DMA32's
		// cached pages stay where they are.
		plug(2, 0x130000000, 512 * MiB);
		expect(zones().DMA32.pcp).toBe(dma32Pcp);
		expect(normal0 - zones().Normal.free).toBeGreaterThanOrEqual(2048);
		expect(free0 - meminfo('MemFree')).toBeGreaterThanOrEqual(8192);
	});
	it('a removal\'s burst of order-9 frees: past the high mark each free drains the THP list first, batch << free_factor pages, so the list ends well under its mark (lab 4G: 20 of 32 MiB back)', () => {
		const {plug, unplug, zones, meminfo, write} = boot(4096);
		plug(0, 0x1c0000000, 2048 * MiB);
		const blocks = Array.from({length: 16}, (_, i) => 56 + i);
		for (const b of blocks) expect(write(`${MEM}/memory${b}/state`, 'online_kernel')).toBe('ok');
		for (const b of [...blocks].reverse()) expect(write(`${MEM}/memory${b}/state`, 'offline')).toBe('ok');
		const before = zones().Normal;
		const free0 = meminfo('MemFree');
		expect(unplug(0)).toBe(true);
		const after = zones().Normal;
		// Sixteen 2 MiB pages freed onto a list at ~300 of 5150: the tenth crosses the mark and
		// frees one (batch 63), the next ones one each as free_factor doubles the batch, the
		// fourteenth two, the sixteenth four: six stay.
		// (Less the names_cache slab the eject's start takes off the list, 8 pages, and the
		// Acpi-State one its GPE's method takes, 1: the offlines' shrinks freed both.)
		expect(after.pcp - before.pcp).toBe(6 * 512 - 8 - 1);
		expect(meminfo('MemFree') - free0).toBe(10 * 2048);
	});
	it('free_factor stops doubling at CONFIG_PCP_BATCH_SCALE_MAX (5): a 3 GiB removal onto a small ZONE_NORMAL list keeps five of its 24 memmap pages (lab 3584M: 2724 of 2785)', () => {
		const s = startSession(['-machine', 'pc', '-m', '3584M,slots=8,maxmem=32G', '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
			'-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
		const normal = () => {
			const zi = printed(s, 'serial', 'cat /proc/zoneinfo');
			const sec = zi.slice(zi.indexOf('zone   Normal'), zi.indexOf('zone  Movable'));
			return {pcp: Number(/count: (\d+)/.exec(sec)![1]), high: Number(/high: +(\d+)/.exec(sec)![1]), free: Number(/pages free +(\d+)/.exec(sec)![1])};
		};
		// Never onlined: the memmap's 24 order-9 pages come from the 512 MiB ZONE_NORMAL.
		printed(s, 'monitor', 'object_add memory-backend-ram,id=mem1,size=3G');
		printed(s, 'monitor', 'device_add pc-dimm,id=dimm1,memdev=mem1');
		const before = normal();
		expect(before.high).toBe(2785);
		expect(printed(s, 'monitor', 'device_del dimm1')).toBe('');
		const after = normal();
		// Batch 31: the sixth free crosses the mark and gives back 31 pages, the next ones 62, 124,
		// 248 and 496 (a 2 MiB page each), then 992 at most, two pages each time. Uncapped,
		// free_factor would go on to 1984 (four pages) and then the list's whole 2754, emptying it
		// twice and leaving one page; capped at five doublings the list ends with five. (Less the
		// names_cache slab the eject's start takes off the list: 8 pages.)
		expect(after.pcp - before.pcp).toBe(5 * 512 - 8);
		expect(after.pcp).toBeLessThan(after.high);
		expect(after.free - before.free).toBe(19 * 512);
	});
	it('with two CPUs a removal frees its memmap onto the hotplug worker\'s list, under that list\'s own mark (lab s35/cpu: 2G, four 512M DIMMs out)', () => {
		const s = startSession(['-machine', 'pc', '-m', '2G,slots=8,maxmem=16G', '-smp', '2', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
			'-append', 'console=ttyS0 quiet nokaslr memhp_default_state=online_movable', '-nographic']);
		for (let i = 1; i <= 4; i++) {
			printed(s, 'monitor', `object_add memory-backend-ram,id=mem${i},size=512M`);
			printed(s, 'monitor', `device_add pc-dimm,id=dimm${i},memdev=mem${i}`);
		}
		/** DMA32's lists, CPU by CPU, and their high mark, read with one process as the lab did. */
		const dma32 = () => {
			printed(s, 'serial', 'cat /proc/zoneinfo > /tmp/p');
			const zi = printed(s, 'serial', 'cat /tmp/p');
			const sec = zi.slice(zi.indexOf('zone    DMA32'), zi.indexOf('zone   Normal'));
			return {counts: [...sec.matchAll(/count: +(\d+)/g)].map(m => Number(m[1])), high: Number(/high: +(\d+)/.exec(sec)![1])};
		};
		const listed: number[] = [];
		for (let i = 1; i <= 4; i++) {
			printed(s, 'monitor', `device_del dimm${i}`);
			const {counts, high} = dma32();
			for (const c of counts) expect(c).toBeLessThanOrEqual(high);
			listed.push(counts[0]! + counts[1]!);
		}
		// The lab's two runs listed 5054 and 3971, 6647 and 4995, 8699 and 7107, 10730 and 9138
		// pages in all (the worker ran on CPU 1 for the first, second and fourth DIMM, on CPU 0 for
		// the third); trimming the sum at one mark, memhp had 3464, 4488, 5000 and 6974.
		const lab = [[3971, 5054], [4995, 6647], [7107, 8699], [9138, 10730]];
		listed.forEach((n, i) => {
			expect(n).toBeGreaterThanOrEqual(lab[i]![0]! - 600);
			expect(n).toBeLessThanOrEqual(lab[i]![1]! + 600);
		});
	});
	it('with two CPUs an auto-online that populates ZONE_NORMAL leaves the hotplug worker\'s lists there, beside the first program\'s (lab s36/ao: 768M to 4G)', () => {
		/** The new Normal zone's lists, CPU by CPU, after the first program, and the zone's batch. */
		const normalLists = (mem: string, cpus: number, dimm: string) => {
			const s = startSession(['-machine', 'pc', '-m', `${mem},slots=4,maxmem=16G`, '-smp', String(cpus), '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
				'-append', 'console=ttyS0 quiet nokaslr memhp_default_state=online', '-nographic']);
			printed(s, 'monitor', `object_add memory-backend-ram,id=mem1,size=${dimm}`);
			printed(s, 'monitor', 'device_add pc-dimm,id=dimm1,memdev=mem1');
			printed(s, 'serial', 'cat /proc/zoneinfo > /tmp/p');
			const zi = printed(s, 'serial', 'cat /tmp/p');
			const sec = zi.slice(zi.indexOf('zone   Normal'), zi.indexOf('zone  Movable'));
			return {counts: [...sec.matchAll(/count: +(\d+)/g)].map(m => Number(m[1])), batch: Number(/batch: +(\d+)/.exec(sec)![1])};
		};
		// One batch each of the unmovable order-0 to order-3 lists, less what the work keeps: the
		// lab's larger list was 220-223 pages at a batch of 63 (six runs), 94-96 at 31 (four).
		const big = normalLists('1G', 2, '1G');
		expect(big.batch).toBe(63);
		expect(big.counts[1]).toBeGreaterThanOrEqual(220);
		expect(big.counts[1]).toBeLessThanOrEqual(223);
		// The lists of both CPUs: the lab's 390-398 pages in all.
		expect(big.counts[0]! + big.counts[1]!).toBeGreaterThanOrEqual(390 - 40);
		const mid = normalLists('768M', 2, '512M');
		expect(mid.batch).toBe(31);
		expect(mid.counts[1]).toBeGreaterThanOrEqual(94);
		expect(mid.counts[1]).toBeLessThanOrEqual(96);
		// With one CPU the programs take from the worker's lists themselves (AUTO_ONLINE_LIST_PAGES).
		expect(normalLists('1G', 1, '1G').counts).toHaveLength(1);
	});
	it('each CPU\'s list keeps its own mark: a 4-CPU guest whose lists hold more in all than the lowered mark frees nothing (lab 1G, 4 CPUs)', () => {
		const {plug, zones, meminfo, write, g} = boot(1024, 4);
		plug(0, 0x100000000, 512 * MiB);
		expect(write(`${MEM}/memory32/state`, 'online_movable')).toBe('ok');
		expect(write(`${MEM}/memory33/state`, 'online')).toBe('ok');
		// (The first program after the online draws its own pages from the new zones: see
		// PROGRAM_USER_PAGES in mm.ts.)
		g.syscalls.exit!(g.syscalls.fork!(['true']));
		const z = zones().DMA32;
		const free0 = meminfo('MemFree');
		// The lists hold more than one CPU's mark in all, but CPU 0's holds less.
		expect(z.pcp).toBeLessThan(z.low);
		// A program runs and exits: its frees find CPU 0's list under its mark.
		const pid = g.syscalls.fork!(['true']);
		g.syscalls.exit!(pid);
		expect(meminfo('MemFree')).toBe(free0);
	});
	it('RAM above 4 GiB: each further CPU\'s Normal list keeps its processes\' frees even when four CPUs split the mark (lab 4G, 4 CPUs: 259-351 pages each)', () => {
		const zi = boot(4096, 4).read('/proc/zoneinfo');
		const normal = zi.slice(zi.indexOf('zone   Normal'), zi.indexOf('zone  Movable'));
		const counts = [...normal.matchAll(/count: (\d+)/g)].map(m => Number(m[1]));
		expect(counts).toHaveLength(4);
		for (const c of counts.slice(1)) expect(c).toBeGreaterThanOrEqual(200);
	});
	it('vmemmap of an odd number of sections leaves one order-9 page on the pcp list (rmqueue_bulk takes two)', () => {
		const {plug, zones, meminfo} = boot(1024);
		const pcp0 = zones().DMA32.pcp;
		const free0 = meminfo('MemFree');
		plug(0, 0x100000000, 128 * MiB);
		// (less the hot-add's own kernel pages, which the list gives first)
		expect(zones().DMA32.pcp).toBeLessThanOrEqual(pcp0 + 512);
		expect(zones().DMA32.pcp).toBeGreaterThan(pcp0 + 512 - 16);
		const free1 = meminfo('MemFree');
		// Two 2 MiB pages left the buddy allocator: one is the section's memmap.
		expect(free0 - free1).toBeGreaterThanOrEqual(4 * 1024);
		expect(free0 - free1).toBeLessThan(4 * 1024 + 4 * 64);
		// The next section takes the page waiting on the list: MemFree moves by kernel objects only.
		const pcp1 = zones().DMA32.pcp;
		plug(1, 0x108000000, 128 * MiB);
		expect(zones().DMA32.pcp).toBeLessThanOrEqual(pcp1 - 512);
		expect(zones().DMA32.pcp).toBeGreaterThan(pcp1 - 512 - 16);
		expect(free1 - meminfo('MemFree')).toBeLessThan(4 * 64);
	});
	it('a DIMM re-added after removal gets its memmap from the order-9 pages the removal freed onto the pcp list', () => {
		const {plug, unplug, zones, meminfo} = boot(1024);
		plug(0, 0x100000000, 512 * MiB);
		const pcp0 = zones().DMA32.pcp;
		expect(unplug(0)).toBe(true);
		expect(zones().DMA32.pcp).toBe(pcp0 + 2048);
		const free0 = meminfo('MemFree');
		plug(0, 0x100000000, 512 * MiB);
		// (less the hot-add's own kernel pages, which the list gives first)
		expect(zones().DMA32.pcp).toBeLessThanOrEqual(pcp0);
		expect(zones().DMA32.pcp).toBeGreaterThan(pcp0 - 32);
		expect(free0 - meminfo('MemFree')).toBeLessThan(4 * 64);
	});
	it('each section\'s memmap is one order-9 page: two removed DIMMs\' memmaps feed a DIMM of both sizes whole (lab s31/pcp: 1536M, two 1G DIMMs out, a 2G one in)', () => {
		const {plug, unplug, zones, meminfo} = boot(1536);
		plug(0, 0x100000000, 1024 * MiB);
		plug(1, 0x140000000, 1024 * MiB);
		const pcp0 = zones().DMA32.pcp;
		expect(unplug(0)).toBe(true);
		expect(unplug(1)).toBe(true);
		expect(zones().DMA32.pcp).toBe(pcp0 + 2 * 4096);
		const free0 = meminfo('MemFree');
		plug(0, 0x100000000, 2048 * MiB);
		// All sixteen 2 MiB pages come off the list; the buddy allocator gives none of them.
		expect(zones().DMA32.pcp).toBeLessThanOrEqual(pcp0);
		expect(zones().DMA32.pcp).toBeGreaterThan(pcp0 - 32);
		expect(free0 - meminfo('MemFree')).toBeLessThan(4 * 64);
	});
});
