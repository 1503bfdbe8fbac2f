/**
 * kernelcore= / movablecore= (mm/page_alloc.c find_zone_movable_pfns_for_nodes()): a boot-time
 * ZONE_MOVABLE at the top of the highest populated zone, started on a MAX_ORDER_NR_PAGES boundary,
 * and what the zones, memory blocks, offlining and hot-add do with it.
 */
import {describe, expect, it} from 'vitest';
import {bootZones, coreParams, findZoneMovablePfn, presentRanges} from '../source/machine/linux/memblock.js';
import {kernelE820} from '../source/machine/linux/e820.js';
import type {Session} from '../source/machine/session.js';
import {pcBootInfo} from './linux-boot-fixture.js';
import {printed, startSession, typeLine} from './session-helpers.js';

const MEM = '/sys/devices/system/memory';

function boot(append: string, ram = '1G'): Session {
	return startSession(['-machine', 'pc', '-m', `${ram},slots=8,maxmem=32G`, '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', `console=ttyS0 quiet nokaslr ${append}`, '-nographic']);
}

const sh = (s: Session, line: string): string => printed(s, 'serial', line).replace(/^\[ *\d+\.\d{6}\] /gm, '');
const zoneField = (s: Session, zone: string, field: string): number => {
	const zi = sh(s, 'cat /proc/zoneinfo');
	const at = zi.indexOf(`zone ${zone.padStart(8)}`);
	return Number(new RegExp(`\\n\\s+${field}\\s+(\\d+)`).exec(zi.slice(at))![1]);
};
const early = (line: string) => line.split(' ').map(w => {
	const [key, val] = w.split('=');
	return val === undefined ? {key: key!} : {key: key!, val};
});

describe('find_zone_movable_pfns_for_nodes()', () => {
	const present1G = presentRanges(pcBootInfo({ramMiB: 1024}).e820);
	const max1G = present1G.at(-1)!.end;
	it('counts kernelcore from the lowest pfn, then rounds the start up to 4 MiB', () => {
		// 158 + 3840 pages below DMA32's start, then 127074 more: pfn 0x20062, rounded to 0x20400.
		expect(findZoneMovablePfn(present1G, max1G, early('kernelcore=512M'), false).pfn).toBe(0x20400);
		expect(findZoneMovablePfn(present1G, max1G, early('kernelcore=1048576K'), false).pfn).toBe(0);
	});
	it('movablecore (rounded up to MAX_ORDER_NR_PAGES) leaves the rest to the kernel; the larger kernelcore wins', () => {
		expect(findZoneMovablePfn(present1G, max1G, early('movablecore=50%'), false).pfn).toBe(0x20000);
		expect(findZoneMovablePfn(present1G, max1G, early('movablecore=256M'), false).pfn).toBe(0x30000);
		expect(findZoneMovablePfn(present1G, max1G, early('movablecore=256M kernelcore=900M'), false).pfn).toBe(0x38800);
	});
	it('only the highest zone becomes movable: on a 4G guest everything below 4 GiB is kernel memory', () => {
		const p = presentRanges(pcBootInfo({ramMiB: 4096}).e820);
		expect(findZoneMovablePfn(p, p.at(-1)!.end, early('kernelcore=1G'), false).pfn).toBe(0x100000);
		expect(findZoneMovablePfn(p, p.at(-1)!.end, early('kernelcore=3584M'), false).pfn).toBe(0x120400);
	});
	it('movable_node ignores both; kernelcore=mirror finds no mirrored memory', () => {
		expect(findZoneMovablePfn(present1G, max1G, early('kernelcore=512M'), true).pfn).toBe(0);
		expect(findZoneMovablePfn(present1G, max1G, early('kernelcore=mirror movablecore=50%'), false))
			.toEqual({pfn: 0, log: [[4, 'The system has no mirror memory, ignore kernelcore=mirror.']]});
	});
	it('parses N% with simple_strtoull and sizes with memparse; a later value replaces an earlier one', () => {
		expect(coreParams(early('kernelcore=0x10% movablecore=1G'))).toMatchObject({kernelcorePercent: 16, movablecore: 262144});
		expect(coreParams(early('kernelcore=25% kernelcore=64M'))).toMatchObject({kernelcore: 16384, kernelcorePercent: 0});
		expect(kernelE820([], [{key: 'kernelcore'}]).earlyParamLog).toEqual([[4, 'Malformed early option \'kernelcore\'']]);
	});
	it('cuts the zone below at the start, and ZONE_MOVABLE runs to the node\'s end', () => {
		const z = bootZones(present1G, max1G, 0x20400);
		expect(z.map(x => [x.name, x.start, x.end])).toEqual([['DMA', 1, 0x1000], ['DMA32', 0x1000, 0x20400], ['Movable', 0x20400, max1G]]);
	});
});

describe('a boot ZONE_MOVABLE in a running guest', () => {
	it('kernelcore=512M on 1G: zoneinfo, the boot log and valid_zones show it; memblock allocations sit in it', () => {
		const s = boot('kernelcore=512M');
		expect(sh(s, 'dmesg')).toContain('Movable zone start for each node\n  Node 0: 0x0000000020400000\nEarly memory node ranges');
		expect(zoneField(s, 'DMA32', 'spanned')).toBe(0x20400 - 0x1000);
		const present = zoneField(s, 'Movable', 'present');
		expect(present).toBe(0x3ffe0 - 0x20400);
		// memmap, hash tables, percpu... are carved top-down by memblock: they are in ZONE_MOVABLE.
		expect(zoneField(s, 'Movable', 'managed')).toBeLessThan(present - 4096);
		expect(zoneField(s, 'Movable', 'min')).toBeGreaterThan(0);
		expect(sh(s, `cat ${MEM}/memory4/valid_zones`)).toBe('none\n');
		expect(sh(s, `cat ${MEM}/memory5/valid_zones`)).toBe('Movable\n');
		// No kernel allocation is in ZONE_MOVABLE: a block without memblock allocations goes offline.
		expect(sh(s, `echo offline > ${MEM}/memory5/state`)).toBe('');
		expect(sh(s, `cat ${MEM}/memory5/valid_zones`)).toBe('Movable Normal\n');
		expect(sh(s, `echo online > ${MEM}/memory5/state`)).toBe('');
		expect(sh(s, `cat ${MEM}/memory5/valid_zones`)).toBe('Movable\n');
	});
	it('a Movable boot block holding memblock allocations is refused at once: PG_reserved is checked before ZONE_MOVABLE is skipped', () => {
		// RAM ends on a block boundary, so the top block has no hole and holds memblock's top-down allocations.
		const s = boot('mem=1G movablecore=50%', '2G');
		expect(sh(s, `echo offline > ${MEM}/memory7/state`)).toBe('sh: write error: Device or resource busy\n');
		const out = sh(s, 'dmesg | tail -5');
		expect(out).toMatch(/flags: 0x1fffffc0001000\(reserved\|node=0\|zone=3\|lastcpupid=0x1fffff\)\n/);
		expect(out).toContain('page dumped because: unmovable page\n');
		expect(sh(s, `cat ${MEM}/memory7/state`)).toBe('online\n');
		expect(sh(s, `echo offline > ${MEM}/memory6/state`)).toBe('');
	});
	it('a hot-added DIMM still defaults to ZONE_NORMAL (default_zone_for_pfn), ZONE_MOVABLE with movable_node', () => {
		for (const [append, zones] of [['kernelcore=512M', 'Normal Movable\n'], ['kernelcore=512M movable_node', 'Movable Normal\n']] as const) {
			const s = boot(append);
			typeLine(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=128M');
			typeLine(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
			expect(sh(s, `cat ${MEM}/memory32/valid_zones`)).toBe(zones);
		}
		// movable_node makes find_zone_movable_pfns_for_nodes() ignore kernelcore=.
		expect(sh(boot('kernelcore=512M movable_node'), 'dmesg')).toContain('Movable zone start for each node\nEarly memory node ranges');
	});

	it('boot\'s pcp pages: the kernel image\'s and initrd\'s on DMA32\'s list, under its own mark, not the small Movable list\'s (lab 1536M, movablecore=256M: MemFree 1393760 kB)', () => {
		const s = boot('movablecore=256M', '1536M');
		const memFree = Number(/MemFree:\s+(\d+)/.exec(sh(s, 'cat /proc/meminfo'))![1]);
		expect(Math.abs(memFree - 1393760)).toBeLessThan(512);
		expect(zoneField(s, 'DMA32', 'count:')).toBeGreaterThan(2000);
	});
});
