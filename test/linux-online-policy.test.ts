/**
 * memory_hotplug.online_policy=auto-movable (mm/memory_hotplug.c auto_movable_zone_for_pfn()):
 * a plain `online` goes to ZONE_MOVABLE while the DIMM's whole memory group could, within
 * auto_movable_ratio percent of the kernel zones' boot memory; and the module parameters in
 * /sys/module/memory_hotplug/parameters.
 */
import {describe, expect, it} from 'vitest';
import {kstrtoboolParam, kstrtouint0, parseKernelParams} from '../source/machine/linux/cmdline.js';
import type {Session} from '../source/machine/session.js';
import {printed, startSession, typeLine} from './session-helpers.js';

const MEM = '/sys/devices/system/memory';
const PARAMS = '/sys/module/memory_hotplug/parameters';

function boot(append: string, ram = '1G'): Session {
	return startSession(['-machine', 'pc', '-m', `${ram},slots=8,maxmem=32G`, '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', `console=ttyS0 quiet ${append}`, '-nographic']);
}

function plug(s: Session, id: string, size: string): void {
	typeLine(s, 'monitor', `object_add memory-backend-ram,id=m${id},size=${size}`);
	typeLine(s, 'monitor', `device_add pc-dimm,id=d${id},memdev=m${id}`);
}

const sh = (s: Session, line: string): string => printed(s, 'serial', line).replace(/^\[ *\d+\.\d{6}\] /gm, '');
const zones = (s: Session, from: number, to: number): string[] => {
	const out: string[] = [];
	for (let i = from; i <= to; i++) out.push(sh(s, `cat ${MEM}/memory${i}/valid_zones`).trim());
	return out;
};
const onlineAll = (s: Session, from: number, to: number): void => {
	for (let i = from; i <= to; i++) sh(s, `echo online > ${MEM}/memory${i}/state`);
};

describe('online_policy=auto-movable', () => {
	it('puts DIMMs in ZONE_MOVABLE up to 301% of boot kernel memory, then in ZONE_NORMAL', () => {
		// 1 GiB guest: 262014 present early pages in DMA and DMA32, so up to 788662 movable pages (3080 MiB).
		const s = boot('memory_hotplug.online_policy=auto-movable');
		plug(s, '1', '2G');
		plug(s, '2', '1G');
		plug(s, '3', '1G');
		expect(zones(s, 32, 32)).toEqual(['Movable Normal']);
		onlineAll(s, 32, 47);
		onlineAll(s, 48, 55);
		expect(s.snapshot().guest!.blocks.filter(b => b.index >= 32 && b.index <= 55).every(b => b.zone === 'Movable')).toBe(true);
		// 3 GiB movable already: a fourth GiB would make 4096 MiB > 3080 MiB, so the kernel zone.
		expect(zones(s, 56, 56)).toEqual(['Normal Movable']);
		sh(s, `echo online > ${MEM}/memory56/state`);
		expect(zones(s, 56, 56)).toEqual(['Normal']);
		// online_movable still overrides the policy.
		expect(sh(s, `echo online_movable > ${MEM}/memory57/state; cat ${MEM}/memory57/valid_zones`)).toBe('Movable\n');
	});

	it('weighs the whole DIMM, not the block: a DIMM too big for the ratio goes Normal from its first block', () => {
		const s = boot('memory_hotplug.online_policy=auto-movable');
		plug(s, '1', '4G');
		expect(zones(s, 32, 32)).toEqual(['Normal Movable']);
		// With a ratio that fits the DIMM, the same block would go Movable.
		sh(s, `echo 500 > ${PARAMS}/auto_movable_ratio`);
		expect(zones(s, 32, 32)).toEqual(['Movable Normal']);
	});

	it('a DIMM with any kernel memory keeps onlining to the kernel zone', () => {
		const s = boot('memory_hotplug.online_policy=auto-movable');
		plug(s, '1', '512M');
		sh(s, `echo online_kernel > ${MEM}/memory32/state`);
		expect(zones(s, 33, 35)).toEqual(['Normal Movable', 'Normal Movable', 'Normal Movable']);
		// Another DIMM is its own group.
		plug(s, '2', '256M');
		expect(zones(s, 36, 37)).toEqual(['Movable Normal', 'Movable Normal']);
	});

	it('boot memory that went offline no longer counts (present_early_pages)', () => {
		const s = boot('memory_hotplug.online_policy=auto-movable');
		plug(s, '1', '3G');
		expect(zones(s, 32, 32)).toEqual(['Movable Normal']);
		// 3072 MiB needs 1021 MiB of early kernel memory at 301%: offlining one 128 MiB boot block tips it.
		sh(s, `echo offline > ${MEM}/memory3/state`);
		expect(zones(s, 32, 32)).toEqual(['Normal Movable']);
		// Boot memory has no memory group: under this policy a plain online of it goes movable
		// too, and boot memory in ZONE_MOVABLE is not kernel memory.
		expect(zones(s, 3, 3)).toEqual(['Movable DMA32']);
		sh(s, `echo online > ${MEM}/memory3/state`);
		expect(zones(s, 3, 3)).toEqual(['Movable']);
		expect(zones(s, 32, 32)).toEqual(['Normal Movable']);
		sh(s, `echo offline > ${MEM}/memory3/state; echo online_kernel > ${MEM}/memory3/state`);
		expect(zones(s, 3, 3)).toEqual(['DMA32']);
		expect(zones(s, 32, 32)).toEqual(['Movable Normal']);
	});

	it('with memhp_default_state=online every hot-added block is onlined by the policy', () => {
		const s = boot('memhp_default_state=online memory_hotplug.online_policy=auto-movable');
		plug(s, '1', '1G');
		const blocks = s.snapshot().guest!.blocks.filter(b => b.hotplugged);
		expect(blocks.length).toBe(8);
		expect(blocks.every(b => b.state === 'online' && b.zone === 'Movable')).toBe(true);
	});

	it('contig-zones (the default) keeps the zone next to the block', () => {
		const s = boot('');
		plug(s, '1', '512M');
		expect(zones(s, 32, 32)).toEqual(['Normal Movable']);
	});
});

describe('/sys/module/memory_hotplug/parameters', () => {
	it('shows the boot values and takes new ones; bad values are EINVAL', () => {
		const s = boot('memory_hotplug.auto_movable_ratio=0x100 memory_hotplug.auto_movable_numa_aware=off');
		expect(sh(s, `ls ${PARAMS}`)).toBe('auto_movable_numa_aware  memmap_on_memory\nauto_movable_ratio       online_policy\n');
		expect(sh(s, `cat ${PARAMS}/auto_movable_numa_aware ${PARAMS}/auto_movable_ratio ${PARAMS}/memmap_on_memory ${PARAMS}/online_policy`))
			.toBe('N\n256\nN\ncontig-zones\n');
		expect(sh(s, `echo auto-movable > ${PARAMS}/online_policy; cat ${PARAMS}/online_policy`)).toBe('auto-movable\n');
		expect(sh(s, `echo auto > ${PARAMS}/online_policy`)).toBe('sh: write error: Invalid argument\n');
		expect(sh(s, `echo -5 > ${PARAMS}/auto_movable_ratio`)).toBe('sh: write error: Invalid argument\n');
		expect(sh(s, `echo yes > ${PARAMS}/auto_movable_numa_aware; cat ${PARAMS}/auto_movable_numa_aware`)).toBe('Y\n');
		expect(sh(s, `echo Y > ${PARAMS}/memmap_on_memory`)).toMatch(/Permission denied/);
	});

	it('a ratio of 0 turns auto-movable into always-kernel', () => {
		const s = boot('memory_hotplug.online_policy=auto-movable memory_hotplug.auto_movable_ratio=0');
		plug(s, '1', '128M');
		expect(zones(s, 32, 32)).toEqual(['Normal Movable']);
	});
});

describe('kernel parameter parsing', () => {
	it('takes kstrtouint base 0 and param_set_bool values; leaves the defaults for bad ones', () => {
		expect(kstrtouint0('301')).toBe(301);
		expect(kstrtouint0('0x12d\n')).toBe(301);
		expect(kstrtouint0('0455')).toBe(301);
		expect(kstrtouint0('4294967296')).toBeUndefined();
		expect(kstrtouint0('-1')).toBeUndefined();
		expect(kstrtoboolParam(undefined)).toBe(true);
		expect(kstrtoboolParam('')).toBeUndefined();
		expect(kstrtoboolParam('off')).toBe(false);
		const p = parseKernelParams('memory_hotplug.online_policy=bogus memory_hotplug.auto_movable_ratio=x memory_hotplug.auto_movable_numa_aware');
		expect([p.autoMovable, p.autoMovableRatio, p.autoMovableNumaAware]).toEqual([false, 301, true]);
		expect(parseKernelParams('memory_hotplug.online_policy=auto-movable').autoMovable).toBe(true);
	});
});

describe('memory_hotplug.memmap_on_memory=1', () => {
	const MiB = 1024;
	const meminfo = (s: Session, key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(sh(s, 'cat /proc/meminfo'))![1]);

	it('a one-block DIMM carries its own memmap: nothing taken at hot-add, 2 MiB of it present but not managed', () => {
		const s = boot('memory_hotplug.memmap_on_memory=1');
		expect(sh(s, `cat ${PARAMS}/memmap_on_memory`)).toBe('Y\n');
		const free = meminfo(s, 'MemFree');
		const total = meminfo(s, 'MemTotal');
		plug(s, '1', '128M');
		// Only the block device's own objects (32 KiB), no 2 MiB memmap.
		expect(free - meminfo(s, 'MemFree')).toBeLessThan(64);
		sh(s, `echo online_movable > ${MEM}/memory32/state`);
		expect(meminfo(s, 'MemTotal') - total).toBe(126 * MiB);
		const zone = sh(s, 'cat /proc/zoneinfo');
		const movable = zone.slice(zone.indexOf('zone  Movable'));
		expect(/present\s+(\d+)/.exec(movable)![1]).toBe('32768');
		expect(/managed\s+(\d+)/.exec(movable)![1]).toBe('32256');
		// The memmap pages are not in the range offline_pages() isolates: the block still goes.
		sh(s, `echo offline > ${MEM}/memory32/state`);
		expect(meminfo(s, 'MemTotal')).toBe(total);
		expect(sh(s, `cat ${MEM}/memory32/state`)).toBe('offline\n');
	});

	it('a DIMM of several blocks does not qualify (mhp_supports_memmap_on_memory(): one block only)', () => {
		const s = boot('memory_hotplug.memmap_on_memory=1');
		const free = meminfo(s, 'MemFree');
		const total = meminfo(s, 'MemTotal');
		plug(s, '1', '256M');
		// 4 MiB of memmap from boot memory, as without the parameter.
		expect(free - meminfo(s, 'MemFree')).toBeGreaterThanOrEqual(4 * MiB);
		sh(s, `echo online > ${MEM}/memory32/state`);
		expect(meminfo(s, 'MemTotal') - total).toBe(128 * MiB);
	});

	it('off by default: the parameter reads N and a 128 MiB DIMM takes its memmap from boot memory', () => {
		const s = boot('');
		expect(sh(s, `cat ${PARAMS}/memmap_on_memory`)).toBe('N\n');
		const free = meminfo(s, 'MemFree');
		plug(s, '1', '128M');
		expect(free - meminfo(s, 'MemFree')).toBeGreaterThanOrEqual(2 * MiB);
	});
});
