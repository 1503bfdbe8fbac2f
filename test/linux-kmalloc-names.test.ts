import {describe, expect, it} from 'vitest';
import {HotplugSlabCache, type HotSlab} from '../source/machine/linux/hotplug-slab-cache.js';
import {EJECT_TRANSIENT_KMALLOC16, HOT_ADD_TRANSIENT_KMALLOC16, kmalloc16FreeAtBoot, kmalloc16OfBind, kmalloc16OfBlock} from '../source/machine/linux/kmalloc-names.js';
import type {MemoryBlock} from '../source/machine/linux/memory-block.js';
import type {Session} from '../source/machine/session.js';
import {explainEvent} from '../source/tutorial/explain.js';
import {strings} from '../source/tutorial/i18n/index.js';
import {printed, startSession} from './session-helpers.js';

const ids = (n: number, above4G = 0): number[] => [...Array.from({length: Math.min(n, 24)}, (_, i) => i), ...Array.from({length: above4G}, (_, i) => 32 + i)];

describe('kmalloc-16 at boot end (one CPU)', () => {
	// [boot block ids, slots, objects in use in the lab (s29/k16), total_objects]
	it.each([
		['512M, 1 slot', ids(4), 1, 980, 1024],
		['512M, 64 slots', ids(4), 64, 1169, 1280],
		['640M, 4 slots', ids(5), 4, 989, 1024],
		['768M, 6 slots', ids(6), 6, 995, 1024],
		['1G, 8 slots', ids(8), 8, 1001, 1024],
		['1G, 32 slots', ids(8), 32, 1073, 1280],
		['1280M, 3 slots', ids(10), 3, 986, 1024],
		['1536M, 3 slots', ids(12), 3, 994, 1024],
		['2G, 8 slots', ids(16), 8, 1025, 1280],
		['3G, 16 slots', ids(24), 16, 1081, 1280],
		['4G, 64 slots', ids(24, 8), 64, 1257, 1280],
		['6G, 4 slots', ids(24, 24), 4, 1141, 1280],
	] as const)('leaves total_objects - objects free at %s', (_name, blocks, slots, inUse, total) => {
		expect(kmalloc16FreeAtBoot(blocks, slots, 1)).toBe(total - inUse);
	});

	it('copies a block name into kmalloc-16 from memory10 on, and every physical_node link name up to physical_node99', () => {
		expect(kmalloc16OfBlock(9)).toBe(0);
		expect(kmalloc16OfBlock(10)).toBe(4);
		expect(kmalloc16OfBlock(32)).toBe(4);
		expect(kmalloc16OfBlock(1000)).toBe(4);
		expect([0, 1, 9, 10, 99, 100].map(kmalloc16OfBind)).toEqual([1, 1, 1, 1, 1, 0]);
	});
});

describe('HotplugSlabCache', () => {
	const block = {pins: []} as unknown as MemoryBlock;
	const slabAt = (pfn: number) => (owner: number): HotSlab => ({block, pin: {pfn, kind: 'slab', inuse: 1, frozen: true}, owners: new Map([[owner, 1]])});

	it('takes a new slab only when no object is free, and fills it before counting the others', () => {
		const c = new HotplugSlabCache(4, () => 2);
		c.alloc(2, 100, slabAt(1));
		expect(c.slabs).toEqual([]);
		c.alloc(3, 100, slabAt(1));
		expect(c.slabs.map(s => [s.pin.pfn, s.pin.inuse, s.owners.get(100)])).toEqual([[1, 3, 3]]);
		expect(c.free).toBe(1);
	});

	it('puts a slab it could not place in hot-added memory among the uncounted ones', () => {
		const c = new HotplugSlabCache(4, () => 0);
		c.alloc(1, 100);
		expect(c.slabs).toEqual([]);
		expect(c.free).toBe(3);
	});

	it('gives a removal\'s objects back and discards an emptied slab on the next shrink', () => {
		const c = new HotplugSlabCache(4, () => 0);
		const b = {pins: [] as unknown[]} as unknown as MemoryBlock;
		c.alloc(2, 100, owner => {
			const s: HotSlab = {block: b, pin: {pfn: 7, kind: 'slab', inuse: 1, frozen: true}, owners: new Map([[owner, 1]])};
			b.pins.push(s.pin);
			return s;
		});
		const discarded: number[] = [];
		c.shrink(s => discarded.push(s.pin.pfn));
		expect(discarded).toEqual([]);
		expect(c.slabs[0]!.pin.frozen).toBe(false);
		c.release(100);
		expect(c.slabs[0]!.pin.inuse).toBe(0);
		c.shrink(s => discarded.push(s.pin.pfn));
		expect(discarded).toEqual([7]);
		expect(c.slabs).toEqual([]);
		// Its four objects were the only free ones.
		expect(c.free).toBe(0);
	});
});

describe('an eject right after an auto-onlined hot-add, where kmalloc-16 runs short', () => {
	const ejectAtOnce = (m: string, size: string): {s: Session; ejected: boolean; dumps: string[]} => {
		const s = startSession(['-machine', 'pc', '-m', m, '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
			'-append', 'console=ttyS0 quiet nokaslr memhp_default_state=online', '-nographic']);
		printed(s, 'monitor', `object_add memory-backend-ram,id=m1,size=${size}`);
		printed(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		printed(s, 'monitor', 'device_del d1');
		const ejected = !printed(s, 'monitor', 'info memory-devices').includes('"d1"');
		const dumps = printed(s, 'serial', 'dmesg | grep -A4 pfn:').split('\n').filter(Boolean).map(l => l.replace(/^\[ *\d+\.\d+\] /, ''));
		return {s, ejected, dumps};
	};

	// The lab (s28/k16): the binds that found no free object are in a slab at the zone's first
	// page; the eject's first pass meets it frozen (inuse = objects), the second, after
	// memory33's offline flushed it, with its live names counted.
	it.each([
		['1280M,slots=3,maxmem=32G', '1G', 2],
		['768M,slots=6,maxmem=32G', '768M', 1],
	] as const)('is refused on a kmalloc-16 slab at %s with %s (%i names in it)', (m, size, live) => {
		const {s, ejected, dumps} = ejectAtOnce(m, size);
		expect(ejected).toBe(false);
		expect(dumps.slice(-10)).toEqual([
			'page:(____ptrval____) refcount:1 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x100000',
			'flags: 0x17ffffc0000200(slab|node=0|zone=2|lastcpupid=0x1fffff)',
			'raw: 0017ffffc0000200 0000000000000000 dead000000000122 ffff888004841300',
			'raw: 0000000000000000 0000000081000100 00000001ffffffff 0000000000000000',
			'page dumped because: unmovable page',
			'page:(____ptrval____) refcount:1 mapcount:0 mapping:0000000000000000 index:0xffff8881000000c0 pfn:0x100000',
			'flags: 0x17ffffc0000200(slab|node=0|zone=2|lastcpupid=0x1fffff)',
			'raw: 0017ffffc0000200 ffff8880048400d0 ffff8880048400d0 ffff888004841300',
			`raw: ffff8881000000c0 000000000100000${live} 00000001ffffffff 0000000000000000`,
			'page dumped because: unmovable page',
		]);
		const failed = [...s.snapshot().events].reverse().find(e => e.kind === 'offline-failed')!;
		expect(failed.reason).toMatch(/\(kmalloc-16 slab\)$/);
		const why = explainEvent(failed, s.snapshot())!;
		expect(strings('en').explanation(why)).toContain('Here it is a kmalloc-16 slab');
		expect(strings('zh').explanation(why)).toContain('kmalloc-16 的 slab');
	});

	it('goes through where the block names ran the cache out before the online (1G, 8 slots, a 1 GiB DIMM)', () => {
		const {ejected, dumps} = ejectAtOnce('1G,slots=8,maxmem=32G', '1G');
		expect({ejected, dumps}).toEqual({ejected: true, dumps: []});
	});

	const frozenEmptyK16 = [
		'page:(____ptrval____) refcount:1 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x100000',
		'flags: 0x17ffffc0000200(slab|node=0|zone=2|lastcpupid=0x1fffff)',
		'raw: 0017ffffc0000200 0000000000000000 dead000000000122 ffff888004841300',
		'raw: 0000000000000000 0000000081000100 00000001ffffffff 0000000000000000',
		'page dumped because: unmovable page',
	];

	// The lab (s29/k16, s30/k16): the eject's start takes four objects and frees them; where the
	// binds left fewer than four, that leaves an empty CPU slab at the zone's head for the first
	// pass to meet, and another block's offline shrinks it away.
	it.each([
		['1536M,slots=3,maxmem=32G', '768M', 0],
		['1536M,slots=8,maxmem=32G', '384M', 0],
		['1G,slots=8,maxmem=8G', '512M', 3],
	] as const)('meets an empty kmalloc-16 CPU slab on its first pass and then ejects (%s with %s: %i objects left by the binds)', (m, size, left) => {
		const {s, ejected, dumps} = ejectAtOnce(m, size);
		expect(left).toBeLessThan(EJECT_TRANSIENT_KMALLOC16);
		expect(ejected).toBe(true);
		expect(dumps).toEqual(frozenEmptyK16);
		expect(s.snapshot().events.some(e => e.kind === 'eject')).toBe(true);
	});

	it.each([
		['1536M,slots=5,maxmem=32G', '512M'],
		['1G,slots=11,maxmem=32G', '256M'],
		['1G,slots=9,maxmem=32G', '384M'],
	] as const)('ejects with nothing dumped where the binds left at least the four objects the eject takes (%s with %s)', (m, size) => {
		const {ejected, dumps} = ejectAtOnce(m, size);
		expect({ejected, dumps}).toEqual({ejected: true, dumps: []});
	});

	it('is refused for good where a one-block DIMM has no other block whose offline would shrink that slab away (1G, 13 slots, 128M)', () => {
		const {s, ejected, dumps} = ejectAtOnce('1G,slots=13,maxmem=32G', '128M');
		expect(ejected).toBe(false);
		expect(dumps).toEqual([...frozenEmptyK16, ...frozenEmptyK16]);
		printed(s, 'monitor', 'device_del d1');
		expect(printed(s, 'monitor', 'info memory-devices')).toContain('"d1"');
		expect(printed(s, 'serial', 'dmesg | grep -c pfn:')).toBe('4\n');
		expect(printed(s, 'serial', 'cat /sys/devices/system/memory/memory32/state')).toBe('online\n');
		const failed = [...s.snapshot().events].reverse().find(e => e.kind === 'offline-failed')!;
		expect(failed.reason).toMatch(/\(empty kmalloc-16 slab\)$/);
		const why = explainEvent(failed, s.snapshot())!;
		expect(strings('en').explanation(why)).toContain('Here it is an empty kmalloc-16 slab');
		expect(strings('en').explanation(why)).not.toContain('The names live as long as the DIMM');
		expect(strings('zh').explanation(why)).toContain('空的 kmalloc-16 slab');
	});

	it('gives the names back at a removal: the same DIMM plugged again ejects as the first did', () => {
		const {s, ejected} = ejectAtOnce('1G,slots=32,maxmem=32G', '1G');
		expect(ejected).toBe(true);
		printed(s, 'monitor', 'device_add pc-dimm,id=d2,memdev=m1');
		printed(s, 'monitor', 'device_del d2');
		expect(printed(s, 'monitor', 'info memory-devices')).not.toContain('"d2"');
	});
});

describe('kmalloc-16 objects the end of a hot-add and an eject take and free again', () => {
	const boot = (m: string, auto: boolean): Session => startSession(['-machine', 'pc', '-m', m, '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', `console=ttyS0 quiet nokaslr${auto ? ' memhp_default_state=online' : ''}`, '-nographic']);
	const dumpedPfns = (s: Session): string[] => [...printed(s, 'serial', 'dmesg').matchAll(/pfn:(0x[0-9a-f]+)/g)].map(m => m[1]!);

	it('takes two at the hot-add\'s end: where the bind left fewer, an auto-onlined block is refused an offline on their empty slab (1G, 14 slots, 128M)', () => {
		expect(HOT_ADD_TRANSIENT_KMALLOC16).toBe(2);
		const s = boot('1G,slots=14,maxmem=32G', true);
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=128M');
		printed(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		expect(printed(s, 'serial', 'echo offline > /sys/devices/system/memory/memory32/state')).toBe('sh: write error: Device or resource busy\n');
		expect(printed(s, 'serial', 'dmesg | grep -A4 pfn: | cut -d] -f2-')).toBe([
			' page:(____ptrval____) refcount:1 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x100000',
			' flags: 0x17ffffc0000200(slab|node=0|zone=2|lastcpupid=0x1fffff)',
			' raw: 0017ffffc0000200 0000000000000000 dead000000000122 ffff888004841300',
			' raw: 0000000000000000 0000000081000100 00000001ffffffff 0000000000000000',
			' page dumped because: unmovable page',
			'',
		].join('\n'));
		const failed = [...s.snapshot().events].reverse().find(e => e.kind === 'offline-failed')!;
		expect(strings('en').explanation(explainEvent(failed, s.snapshot())!)).toContain('the end of a hot-add takes two 16-byte objects');
	});

	// Onlined by hand: the hot-add's new slab comes while its blocks are offline (boot memory), so
	// only the eject's can land in the DIMM, where the bind left 2 or 3 (lab s30/k16).
	const handOnlined = (m: string, size: string, blocks: number): {s: Session; ejected: boolean} => {
		const s = boot(m, false);
		printed(s, 'monitor', `object_add memory-backend-ram,id=m1,size=${size}`);
		printed(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		for (let i = 0; i < blocks; i++) expect(printed(s, 'serial', `echo online > /sys/devices/system/memory/memory${32 + i}/state`)).toBe('');
		printed(s, 'serial', 'free -m');
		printed(s, 'monitor', 'device_del d1');
		return {s, ejected: !printed(s, 'monitor', 'info memory-devices').includes('"d1"')};
	};

	it.each([
		['1G,slots=14,maxmem=32G', '128M', 1, 0],
		['1536M,slots=11,maxmem=32G', '128M', 1, 1],
		['1G,slots=12,maxmem=32G', '256M', 2, 1],
		['1792M,slots=7,maxmem=32G', '256M', 2, 0],
	] as const)('ejects a DIMM onlined by hand whose bind left under two (%s, %s, %i blocks: %i left)', (m, size, blocks, left) => {
		expect(left).toBeLessThan(HOT_ADD_TRANSIENT_KMALLOC16);
		const {s, ejected} = handOnlined(m, size, blocks);
		expect(ejected).toBe(true);
		expect(dumpedPfns(s)).toEqual([]);
	});

	it.each([
		['1792M,slots=8,maxmem=32G', 2],
		['2G,slots=5,maxmem=32G', 3],
		['1G,slots=13,maxmem=32G', 3],
	] as const)('refuses a one-block DIMM onlined by hand whose bind left two or three: the eject\'s slab in it (%s: %i left)', (m, left) => {
		expect(left).toBeGreaterThanOrEqual(HOT_ADD_TRANSIENT_KMALLOC16);
		expect(left).toBeLessThan(EJECT_TRANSIENT_KMALLOC16);
		const {s, ejected} = handOnlined(m, '128M', 1);
		expect(ejected).toBe(false);
		const pfns = dumpedPfns(s);
		expect(pfns).toHaveLength(2);
		expect(parseInt(pfns[0]!, 16) >> 15).toBe(0x100000 >> 15);
		expect(printed(s, 'serial', 'dmesg | grep -c ffff888004841300')).toBe('2\n');
	});

	it('ejects a two-block DIMM onlined by hand at the second pass (1536M, 9 slots, 256M: 2 left)', () => {
		const {s, ejected} = handOnlined('1536M,slots=9,maxmem=32G', '256M', 2);
		expect(ejected).toBe(true);
		expect(dumpedPfns(s)).toHaveLength(1);
		expect(printed(s, 'serial', 'dmesg | grep -c ffff888004841300')).toBe('1\n');
	});
});
