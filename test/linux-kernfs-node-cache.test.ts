/**
 * kernfs_node_cache's free objects from boot on, and where the slab of a hot-add's ACPI bind
 * lands after an auto-online (source/machine/linux/kernfs-node-cache.ts), against the lab's
 * one-CPU guests (s27/kn: /proc/slabinfo and `find /sys | wc -l` at boot; s27/k1k: an eject
 * right after each auto-onlined hot-add).
 */
import {describe, expect, it} from 'vitest';
import {kernfsFreeAtBoot, kernfsNodesBeforeOnline, kernfsNodesOfBind, kernfsNodesOfPciFunction} from '../source/machine/linux/kernfs-node-cache.js';
import type {Session} from '../source/machine/session.js';
import {explainEvent} from '../source/tutorial/explain.js';
import {strings} from '../source/tutorial/i18n/index.js';
import {printed, startSession} from './session-helpers.js';

describe('kernfs_node_cache at boot end', () => {
	// [boot memory blocks, slots, RAM above 4 GiB, num_objs - sysfs nodes - 22 in the lab]
	it.each([
		['1G, 1 slot', 8, 1, false, 28],
		['1G, 2 slots', 8, 2, false, 8],
		['1G, 4 slots', 8, 4, false, 0],
		['1G, 8 slots', 8, 8, false, 16],
		['1G, 16 slots', 8, 16, false, 16],
		['1G, 32 slots', 8, 32, false, 16],
		['1G, 64 slots', 8, 64, false, 16],
		['512M, 32 slots', 4, 32, false, 8],
		['1536M, 8 slots', 12, 8, false, 24],
		['2G, 32 slots', 16, 32, false, 0],
		['3G, 32 slots', 24, 32, false, 16],
		['4G, 32 slots', 32, 32, true, 21],
		['5G, 2 slots', 40, 2, true, 29],
		['6G, 32 slots', 48, 32, true, 21],
	] as const)('leaves what rounding to whole slabs leaves (%s)', (_name, blocks, slots, above4G, free) => {
		expect(kernfsFreeAtBoot(blocks, slots, 1, above4G)).toBe(free);
	});

	it('counts 28 nodes for a one-block DIMM, 26 before its online and 2 for the ACPI bind (lab: find /sys, 11290 -> 11318)', () => {
		expect(kernfsNodesBeforeOnline(1) + kernfsNodesOfBind(1)).toBe(28);
		expect(kernfsNodesOfBind(4)).toBe(8);
	});
});

describe('an eject right after an auto-onlined hot-add (one CPU)', () => {
	const start = (m: string): Session => startSession(['-machine', 'pc', '-m', m, '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', 'console=ttyS0 quiet nokaslr memhp_default_state=online', '-nographic']);
	let last: Session | undefined;
	const ejectAtOnce = (m: string, size: string): {ejected: boolean; dumps: string[]} => {
		const s = start(m);
		last = s;
		printed(s, 'monitor', `object_add memory-backend-ram,id=m1,size=${size}`);
		printed(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		printed(s, 'monitor', 'device_del d1');
		const ejected = !printed(s, 'monitor', 'info memory-devices').includes('"d1"');
		const dumps = printed(s, 'serial', 'dmesg | grep -A4 pfn:').split('\n').filter(Boolean).map(l => l.replace(/^\[ *\d+\.\d+\] /, ''));
		return {ejected, dumps};
	};

	// The bind's links found too few free objects: a new slab at the zone's first page holds
	// them; the first pass meets it frozen, the second (after memory33's offline flushed it) with
	// its live links counted.
	it.each([
		['1G,slots=4,maxmem=8G', '512M', 4],
		['1G,slots=8,maxmem=8G', '256M', 4],
		['2G,slots=8,maxmem=8G', '512M', 4],
		['768M,slots=8,maxmem=8G', '512M', 8],
		['1G,slots=32,maxmem=32G', '256M', 4],
	] as const)('is refused on the bind\'s kernfs_node_cache slab at %s with %s (%i links in it)', (m, size, live) => {
		const {ejected, dumps} = ejectAtOnce(m, size);
		expect(ejected).toBe(false);
		expect(dumps).toEqual([
			'page:(____ptrval____) refcount:1 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x100000',
			'flags: 0x17ffffc0000200(slab|node=0|zone=2|lastcpupid=0x1fffff)',
			'raw: 0017ffffc0000200 0000000000000000 dead000000000122 ffff8880049be900',
			'raw: 0000000000000000 0000000080200020 00000001ffffffff 0000000000000000',
			'page dumped because: unmovable page',
			'page:(____ptrval____) refcount:1 mapcount:0 mapping:0000000000000000 index:0xffff888100000300 pfn:0x100000',
			'flags: 0x17ffffc0000200(slab|node=0|zone=2|lastcpupid=0x1fffff)',
			'raw: 0017ffffc0000200 ffff8880049b88d0 ffff8880049b88d0 ffff8880049be900',
			`raw: ffff888100000300 000000000020000${live.toString(16)} 00000001ffffffff 0000000000000000`,
			'page dumped because: unmovable page',
		]);
		const failed = [...last!.snapshot().events].reverse().find(e => e.kind === 'offline-failed')!;
		expect(failed.reason).toMatch(/\(kernfs_node_cache slab\)$/);
		const why = explainEvent(failed, last!.snapshot())!;
		expect(strings('en').explanation(why)).toContain('Here it is a kernfs_node_cache slab');
		expect(strings('zh').explanation(why)).toContain('kernfs_node_cache 的 slab');
	});

	// (1G with 8 slots and 512M: the links fit too, but kmalloc-16's transient slab is met on the
	// first pass; test/linux-kmalloc-names.test.ts.)
	it.each([
		['1G,slots=16,maxmem=8G', '512M'],
		['1G,slots=32,maxmem=8G', '512M'],
		['1G,slots=32,maxmem=8G', '1G'],
		['1G,slots=4,maxmem=8G', '128M'],
		['1G,slots=4,maxmem=8G', '256M'],
		['1G,slots=1,maxmem=8G', '128M'],
	] as const)('goes through where the free objects held the links (%s with %s)', (m, size) => {
		expect(ejectAtOnce(m, size)).toEqual({ejected: true, dumps: []});
	});
});

describe('a hot-added PCI function\'s sysfs nodes (one CPU)', () => {
	it('counts 60 for virtio-mem-pci (one 64-bit prefetchable BAR, function 0), as the lab\'s find /sys did', () => {
		const bar4 = {index: 4, io: false, prefetch: true};
		expect(kernfsNodesOfPciFunction(0, [bar4])).toBe(60);
		// an I/O BAR has no _wc file; a function past 0 has no ACPI companion, so no wakeup device
		expect(kernfsNodesOfPciFunction(0, [bar4, {index: 0, io: true, prefetch: false}])).toBe(61);
		expect(kernfsNodesOfPciFunction(1, [bar4])).toBe(42);
	});

	const start = (): Session => startSession(['-machine', 'pc', '-m', '1G,slots=4,maxmem=8G', '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
	const SYS = '/sys/devices/system/memory';
	const sunreclaim = (s: Session): number => Number(/SUnreclaim: +(\d+)/.exec(printed(s, 'serial', 'grep SUnreclaim /proc/meminfo'))![1]);

	it('takes two new slabs at 1G with 4 slots (no free object at boot): 8 kB more SUnreclaim each time', () => {
		const s = start();
		const before = sunreclaim(s);
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=256M');
		printed(s, 'monitor', 'device_add virtio-mem-pci,id=v1,memdev=m1');
		expect(sunreclaim(s) - before).toBe(8);
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m2,size=256M');
		printed(s, 'monitor', 'device_add virtio-mem-pci,id=v2,memdev=m2');
		expect(sunreclaim(s) - before).toBe(16);
	});

	it('puts them in a ZONE_NORMAL of hot-added memory: the block\'s offline and the DIMM\'s eject are refused (lab s72/e2 p7)', () => {
		const s = start();
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=128M');
		printed(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		printed(s, 'serial', `echo online_kernel > ${SYS}/memory32/state`);
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m2,size=256M');
		printed(s, 'monitor', 'device_add virtio-mem-pci,id=v2,memdev=m2');
		expect(printed(s, 'serial', `echo offline > ${SYS}/memory32/state`)).toBe('sh: write error: Device or resource busy\n');
		const failed = [...s.snapshot().events].reverse().find(e => e.kind === 'offline-failed')!;
		expect(failed.reason).toMatch(/\(kernfs_node_cache slab\)$/);
		printed(s, 'monitor', 'device_del d1');
		expect(printed(s, 'monitor', 'info memory-devices')).toContain('"d1"');
	});

	it('leaves a DIMM whose block came online after the device alone: the slabs were taken in boot memory', () => {
		const s = start();
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m2,size=256M');
		printed(s, 'monitor', 'device_add virtio-mem-pci,id=v2,memdev=m2');
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=128M');
		printed(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		// (the device memory's first 256 MiB are the virtio-mem device's: the DIMM follows it)
		printed(s, 'serial', `echo online_kernel > ${SYS}/memory34/state`);
		expect(printed(s, 'serial', `echo offline > ${SYS}/memory34/state`)).toBe('');
	});
});
