/**
 * The hugetlb pool (mm/hugetlb.c): vm.nr_hugepages and /sys/kernel/mm/hugepages size it with
 * order-9 allocations from the page allocator (ZONE_MOVABLE first, lowest memory first, through
 * the pcp lists), an offline dissolves the free huge pages of its block, and /proc/meminfo,
 * node0/meminfo, CommitLimit and vmstat follow.
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {explainEvent} from '../source/tutorial/explain.js';
import {printed, startSession, typeLine} from './session-helpers.js';

const MEM = '/sys/devices/system/memory';
const HSTATE = '/sys/kernel/mm/hugepages/hugepages-2048kB';

function boot(dimm?: string): Session {
	const s = startSession(['-machine', 'pc', '-m', '1024M,slots=4,maxmem=8G', '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
	if (dimm) {
		typeLine(s, 'monitor', `object_add memory-backend-ram,id=m1,size=${dimm}`);
		typeLine(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
	}
	return s;
}

/** What a shell line printed, console messages included without their timestamps. */
const sh = (s: Session, line: string): string => printed(s, 'serial', line).replace(/^\[ *\d+\.\d{6}\] /gm, '');
const meminfo = (s: Session, key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(sh(s, 'cat /proc/meminfo'))![1]);
/** A zone's `pages free` and its CPU 0 pcp `count` in /proc/zoneinfo. */
function zone(s: Session, name: string): {free: number; pcp: number} {
	const text = sh(s, 'cat /proc/zoneinfo');
	const part = text.slice(text.indexOf(`zone ${name.padStart(8)}`));
	return {free: Number(/pages free\s+(\d+)/.exec(part)![1]), pcp: Number(/count:\s+(\d+)/.exec(part)![1])};
}

describe('vm.nr_hugepages', () => {
	it('allocates 2 MiB pages: HugePages_Total/Free and Hugetlb grow, MemFree falls by as much and `free` counts them used', () => {
		const s = boot();
		const free = meminfo(s, 'MemFree');
		const used = Number(sh(s, 'free -m').split('\n')[1]!.split(/\s+/)[2]);
		expect(sh(s, 'echo 16 > /proc/sys/vm/nr_hugepages; cat /proc/sys/vm/nr_hugepages')).toBe('16\n');
		expect(sh(s, 'grep -E "^(HugePages|Hugetlb)" /proc/meminfo')).toBe(
			'HugePages_Total:      16\nHugePages_Free:       16\nHugePages_Rsvd:        0\nHugePages_Surp:        0\nHugetlb:           32768 kB\n');
		// 16 pages, an even count: rmqueue_bulk() took them two at a time and left none on the pcp list.
		expect(free - meminfo(s, 'MemFree')).toBeGreaterThanOrEqual(32768);
		expect(free - meminfo(s, 'MemFree')).toBeLessThan(32768 + 64);
		expect(Number(sh(s, 'free -m').split('\n')[1]!.split(/\s+/)[2])).toBe(used + 32);
		expect(sh(s, 'grep -E "Huge" /sys/devices/system/node/node0/meminfo | tail -3')).toBe(
			'Node 0 HugePages_Total:    16\nNode 0 HugePages_Free:     16\nNode 0 HugePages_Surp:      0\n');
		expect(sh(s, 'grep htlb /proc/vmstat')).toBe('htlb_buddy_alloc_success 16\nhtlb_buddy_alloc_fail 0\n');
	});

	it('an odd count leaves the second page of the last rmqueue_bulk() on the pcp list, out of MemFree', () => {
		const s = boot();
		const before = zone(s, 'DMA32');
		sh(s, 'echo 3 > /proc/sys/vm/nr_hugepages');
		const after = zone(s, 'DMA32');
		// (less the kernel's own order-0 pages the list gave meanwhile, a few)
		expect(after.pcp - before.pcp).toBeLessThanOrEqual(512);
		expect(after.pcp - before.pcp).toBeGreaterThanOrEqual(512 - 8);
		expect(before.free - after.free).toBeGreaterThanOrEqual(4 * 512);
		expect(before.free - after.free).toBeLessThan(4 * 512 + 16);
	});

	it('shrinking frees the pages onto the pcp lists: MemFree comes back only when the zone is drained', () => {
		const s = boot();
		sh(s, 'echo 16 > /proc/sys/vm/nr_hugepages');
		const held = meminfo(s, 'MemFree');
		const pcp = zone(s, 'DMA32').pcp;
		expect(sh(s, 'echo 0 > /proc/sys/vm/nr_hugepages; grep HugePages_Total /proc/meminfo')).toBe('HugePages_Total:       0\n');
		// 16 x 512 pages stay under DMA32's pcp high mark (its low watermark): nothing reaches the buddy lists.
		expect(zone(s, 'DMA32').pcp).toBe(pcp + 16 * 512);
		expect(meminfo(s, 'MemFree')).toBe(held);
		// offline_pages() drains the zone's pcp lists (zone_pcp_disable()).
		sh(s, `echo offline > ${MEM}/memory1/state; echo online > ${MEM}/memory1/state`);
		expect(meminfo(s, 'MemFree')).toBeGreaterThan(held + 32768);
	});

	it('comes from ZONE_MOVABLE first, lowest block first; an offline dissolves the free huge pages of its block', () => {
		const s = boot('512M');
		for (const b of [32, 33, 34, 35]) sh(s, `echo online_movable > ${MEM}/memory${b}/state`);
		const dma32 = zone(s, 'DMA32').free;
		sh(s, `echo 100 > ${HSTATE}/nr_hugepages`);
		// (and the shell's programs' own pages, which ZONE_MOVABLE serves now: PROGRAM_USER_PAGES)
		expect(zone(s, 'Movable').free).toBeLessThanOrEqual(4 * 32768 - 100 * 512);
		expect(zone(s, 'Movable').free).toBeGreaterThan(4 * 32768 - 100 * 512 - 64);
		expect(zone(s, 'DMA32').free).toBeGreaterThan(dma32 - 64);
		// memory32 holds the first 63 (its first 2 MiB chunk has the shell's programs' pages: the
		// lab's 1G guest, 200 huge pages in a Movable DIMM), memory33 the other 37.
		expect(sh(s, `echo offline > ${MEM}/memory32/state; cat /proc/sys/vm/nr_hugepages`)).toBe('37\n');
		const event = s.snapshot().events.at(-1)!;
		expect(event).toMatchObject({kind: 'offline', blocks: [32], dissolvedHugePages: 63});
		expect(event.callPath).toContain('dissolve_free_huge_pages');
		expect(explainEvent(event, s.snapshot())).toEqual({kind: 'hugepages-dissolved', block: 32, pages: 63});
		expect(sh(s, `echo offline > ${MEM}/memory34/state; cat ${HSTATE}/free_hugepages`)).toBe('37\n');
		expect(sh(s, `echo offline > ${MEM}/memory33/state; cat ${HSTATE}/nr_hugepages`)).toBe('0\n');
		// Each dissolved page went back whole: the blocks left with no page counted.
		expect(s.snapshot().guest!.blocks.filter(b => b.index >= 32 && b.index <= 34).every(b => b.state === 'offline')).toBe(true);
	});

	it('a DIMM with huge pages in it is ejected: the pool shrinks and the DIMM goes', () => {
		const s = boot('256M');
		for (const b of [32, 33]) sh(s, `echo online_movable > ${MEM}/memory${b}/state`);
		sh(s, 'echo 20 > /proc/sys/vm/nr_hugepages');
		typeLine(s, 'monitor', 'device_del d1');
		expect(printed(s, 'monitor', 'info memory-devices')).toBe('');
		expect(sh(s, 'cat /proc/sys/vm/nr_hugepages')).toBe('0\n');
	});

	it('asks for more than memory holds: allocates down to the min watermarks and counts the failure; the write still succeeds', () => {
		const s = boot();
		expect(sh(s, 'echo 5000 > /proc/sys/vm/nr_hugepages; echo $?')).toBe('0\n');
		const n = Number(sh(s, 'cat /proc/sys/vm/nr_hugepages'));
		expect(n).toBeGreaterThan(300);
		expect(n).toBeLessThan(5000);
		expect(sh(s, 'grep htlb /proc/vmstat')).toBe(`htlb_buddy_alloc_success ${n}\nhtlb_buddy_alloc_fail 1\n`);
		// No zone gave a page that would have taken it to its min watermark plus lowmem_reserve.
		const text = sh(s, 'cat /proc/zoneinfo');
		for (const m of text.matchAll(/pages free\s+(\d+)\n\s+boost\s+\d+\n\s+min\s+(\d+)[\s\S]*?protection: \(([\d, ]+)\)/g)) {
			const reserve = Number(m[3]!.split(', ')[3]);
			if (Number(m[1]) > 0) expect(Number(m[1]) - 511).toBeLessThanOrEqual(Number(m[2]) + reserve + 512);
		}
		expect(meminfo(s, 'MemAvailable')).toBeLessThan(64 * 1024);
	});

	it('CommitLimit leaves the pool out: overcommit_ratio % of the rest of RAM', () => {
		const s = boot();
		const total = meminfo(s, 'MemTotal');
		expect(meminfo(s, 'CommitLimit')).toBe(Math.floor(total / 4 / 2) * 4);
		sh(s, 'echo 50 > /proc/sys/vm/nr_hugepages');
		expect(meminfo(s, 'CommitLimit')).toBe(Math.floor((total / 4 - 50 * 512) / 2) * 4);
	});
});

describe('hugepages= on the kernel command line', () => {
	const bootWith = (append: string): Session => startSession(['-machine', 'pc', '-m', '1024M,slots=4,maxmem=8G', '-smp', '1', '-kernel', 'bzImage',
		'-initrd', 'rootfs.cpio.gz', '-append', `console=ttyS0 quiet ${append}`, '-nographic']);
	const hugetlbLog = (s: Session) => sh(s, 'dmesg | grep HugeTLB').replace(/^\[ *\d+\.\d{6}\] /gm, '');

	it('hugetlb_init() allocates the pool at boot and reports it', () => {
		const s = bootWith('hugepages=20');
		const plain = bootWith('');
		// (Compared first thing: every later lookup may charge a dentry.)
		expect(meminfo(plain, 'MemFree') - meminfo(s, 'MemFree')).toBe(20 * 2048);
		expect(meminfo(s, 'MemTotal')).toBe(meminfo(plain, 'MemTotal'));
		expect(hugetlbLog(s)).toBe('HugeTLB: registered 2.00 MiB page size, pre-allocated 20 pages\nHugeTLB: 28 KiB vmemmap can be freed for a 2.00 MiB page\n');
		expect(sh(s, 'cat /proc/sys/vm/nr_hugepages')).toBe('20\n');
	});

	it('the node form for node 0 adds up; more than memory holds is reported and trimmed', () => {
		expect(sh(bootWith('hugepages=0:3,0:2'), 'cat /proc/sys/vm/nr_hugepages')).toBe('5\n');
		const s = bootWith('hugepages=9000');
		const n = Number(sh(s, 'cat /proc/sys/vm/nr_hugepages'));
		expect(n).toBeGreaterThan(300);
		expect(n).toBeLessThan(9000);
		expect(hugetlbLog(s)).toMatch(new RegExp(`^HugeTLB: allocating 9000 of page size 2\\.00 MiB failed\\.  Only allocated ${n} hugepages\\.\nHugeTLB: registered 2\\.00 MiB page size, pre-allocated ${n} pages\n`));
		expect(sh(s, 'dmesg -r | grep "allocating 9000"')).toMatch(/^<4>/);
	});

	it('bad values warn right after the command line and allocate nothing; a second hugepages= is ignored', () => {
		const s = bootWith('hugepages=abc hugepages=1:4');
		const log = sh(s, 'dmesg | grep -A2 "Kernel command line"').replace(/^\[ *\d+\.\d{6}\] /gm, '');
		expect(log).toBe('Kernel command line: console=ttyS0 quiet hugepages=abc hugepages=1:4\nHugeTLB: Invalid hugepages parameter abc\nHugeTLB: Invalid hugepages parameter 1:4\n');
		expect(sh(s, 'cat /proc/sys/vm/nr_hugepages')).toBe('0\n');
		const twice = bootWith('hugepages=2 hugepages=7');
		expect(sh(twice, 'dmesg | grep twice').replace(/^\[ *\d+\.\d{6}\] /gm, '')).toBe('HugeTLB: hugepages= specified twice without interleaving hugepagesz=, ignoring hugepages=7\n');
		expect(sh(twice, 'cat /proc/sys/vm/nr_hugepages')).toBe('2\n');
	});
});

describe('/sys/kernel/mm/hugepages and node0/hugepages', () => {
	it('lists the 2048kB hstate only (no pdpe1gb on this CPU model) with its attributes', () => {
		const s = boot();
		expect(sh(s, 'ls /sys/kernel/mm/hugepages')).toBe('hugepages-2048kB\n');
		expect(sh(s, `ls -1 ${HSTATE}`)).toBe('free_hugepages\nnr_hugepages\nnr_hugepages_mempolicy\nnr_overcommit_hugepages\nresv_hugepages\nsurplus_hugepages\n');
		expect(sh(s, 'ls -1 /sys/devices/system/node/node0/hugepages/hugepages-2048kB')).toBe('free_hugepages\nnr_hugepages\nsurplus_hugepages\n');
	});

	it('the node file sizes the same pool; the sysctl and the sysfs files agree', () => {
		const s = boot();
		sh(s, 'echo 4 > /sys/devices/system/node/node0/hugepages/hugepages-2048kB/nr_hugepages');
		expect(sh(s, `cat /proc/sys/vm/nr_hugepages ${HSTATE}/nr_hugepages ${HSTATE}/free_hugepages ${HSTATE}/resv_hugepages`)).toBe('4\n4\n4\n0\n');
		sh(s, 'echo 6 > /proc/sys/vm/nr_hugepages_mempolicy');
		expect(sh(s, `cat ${HSTATE}/nr_hugepages_mempolicy /sys/devices/system/node/node0/hugepages/hugepages-2048kB/free_hugepages`)).toBe('6\n6\n');
	});

	it('bad values get kstrtoul()\'s errors; the sysctl takes any base; nr_overcommit_hugepages is kept', () => {
		const s = boot();
		expect(sh(s, `echo 0x10 > ${HSTATE}/nr_hugepages`)).toBe('sh: write error: Invalid argument\n');
		expect(sh(s, `echo -1 > ${HSTATE}/nr_hugepages`)).toBe('sh: write error: Invalid argument\n');
		expect(sh(s, `echo 99999999999999999999 > ${HSTATE}/nr_hugepages`)).toBe('sh: write error: Numerical result out of range\n');
		expect(sh(s, 'echo x > /proc/sys/vm/nr_hugepages')).toBe('sh: write error: Invalid argument\n');
		expect(sh(s, 'echo 0x2 > /proc/sys/vm/nr_hugepages; cat /proc/sys/vm/nr_hugepages')).toBe('2\n');
		sh(s, `echo 7 > ${HSTATE}/nr_overcommit_hugepages`);
		expect(sh(s, `cat /proc/sys/vm/nr_overcommit_hugepages ${HSTATE}/surplus_hugepages`)).toBe('7\n0\n');
		expect(sh(s, `echo 1 > ${HSTATE}/free_hugepages`)).toMatch(/Permission denied/);
	});
});

describe('memory failure on a free huge page', () => {
	it('hard_offline_page dissolves it (free huge page: Recovered); the rest of it is free again', () => {
		const s = boot('128M');
		sh(s, `echo online_movable > ${MEM}/memory32/state`);
		sh(s, 'echo 2 > /proc/sys/vm/nr_hugepages');
		const free = meminfo(s, 'MemFree');
		// The pool's pages are the lowest of the block: 0x100000000 is in the first.
		expect(sh(s, `echo 0x100000000 > ${MEM}/hard_offline_page`)).toBe('Memory failure: 0x100000: recovery action for free huge page: Recovered\n');
		expect(sh(s, 'cat /proc/sys/vm/nr_hugepages')).toBe('1\n');
		expect(meminfo(s, 'HardwareCorrupted')).toBe(4);
		expect(meminfo(s, 'MemFree')).toBe(free + 2048 - 4);
		// Above the pool's pages the block is free: a buddy page.
		expect(sh(s, `echo 0x100400000 > ${MEM}/hard_offline_page`)).toBe('Memory failure: 0x100400: recovery action for free buddy page: Recovered\n');
	});

	it('soft_offline_page dissolves it too, silently', () => {
		const s = boot('128M');
		sh(s, `echo online_movable > ${MEM}/memory32/state`);
		sh(s, 'echo 2 > /proc/sys/vm/nr_hugepages');
		expect(sh(s, `echo 0x100200000 > ${MEM}/soft_offline_page; echo $?`)).toBe('0\n');
		expect(sh(s, 'cat /proc/sys/vm/nr_hugepages')).toBe('1\n');
	});
});
