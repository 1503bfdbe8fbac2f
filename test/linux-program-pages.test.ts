/**
 * Where the pages of a hot-add's kernel objects and of the shell's programs come from
 * (source/machine/linux/mm.ts): the boot zone's per-CPU lists first, and a newly onlined zone
 * above the boot one for the programs, as the lab's 1G to 3G guests show page for page.
 */
import {describe, expect, it} from 'vitest';
import {PROGRAM_KERNEL_PAGES, PROGRAM_USER_PAGES} from '../source/machine/linux/mm.js';
import type {Session} from '../source/machine/session.js';
import {printed, startSession} from './session-helpers.js';
import {explainEvent} from '../source/tutorial/explain.js';
import {strings} from '../source/tutorial/i18n/index.js';

const MEM = '/sys/devices/system/memory';

function boot(m: string): Session {
	return startSession(['-machine', 'pc', '-m', m, '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
}

/** MemFree as the model has it (no program runs to read it). */
const memFree = (s: Session): number => s.snapshot().guest!.memFreeKb;

/** `pages free` and CPU 0's pcp `count` of a zone, from /proc/zoneinfo. */
function zoneOf(s: Session, name: string): {free: number; pcp: number} {
	const text = printed(s, 'serial', 'cat /proc/zoneinfo');
	const at = text.indexOf(`zone ${name.padStart(8)}`);
	const part = text.slice(at);
	return {free: Number(/pages free\s+(\d+)/.exec(part)![1]), pcp: Number(/count:\s+(\d+)/.exec(part)![1])};
}

function plug(s: Session, id: string, size: string): void {
	printed(s, 'monitor', `object_add memory-backend-ram,id=m${id},size=${size}`);
	printed(s, 'monitor', `device_add pc-dimm,id=d${id},memdev=m${id}`);
}

describe('a hot-add\'s own kernel pages', () => {
	it.each(['1G', '3G'])('come off the boot zone\'s pcp list at %s: MemFree falls by the memmap alone (lab: 8192 kB for 512 MiB)', (m) => {
		const s = boot(`${m},slots=4,maxmem=8G`);
		const pcp0 = zoneOf(s, 'DMA32').pcp;
		const free0 = memFree(s);
		plug(s, '1', '512M');
		expect(free0 - memFree(s)).toBe(4 * 2048);
		// The device, sysfs and slab pages (the lab: 8 to 10 pages off the list for 512M at 1G
		// to 8G, the reading `grep` one more).
		const taken = pcp0 - zoneOf(s, 'DMA32').pcp;
		expect(taken).toBeGreaterThanOrEqual(7);
		expect(taken).toBeLessThanOrEqual(12);
	});

	it.each([['512M', 2, '256M'], ['512M', 4, '512M'], ['512M', 32, '512M'], ['640M', 8, '1G'], ['768M', 32, '512M']] as const)(
		'come off the list where boot trimmed it at its high mark too (%s, %i slots, a %s DIMM): MemFree falls by the memmap alone (lab s46/r17)',
		(m, slots, size) => {
			const s = boot(`${m},slots=${slots},maxmem=16G`);
			const free0 = memFree(s);
			plug(s, '1', size);
			// (64 bytes of struct page per 4 KiB page: 1/64 of the DIMM.)
			expect(free0 - memFree(s)).toBe(parseInt(size, 10) * (size.endsWith('G') ? 1024 * 1024 : 1024) / 64);
		},
	);
});

describe('a hot-add\'s kernel pages by DIMM', () => {
	it('grow with the DIMM\'s blocks from a per-device part (lab at 1G: 2-4 pages for 128M, 21 for 2G), none of them given back by its removal', () => {
		const s = boot('1G,slots=4,maxmem=8G');
		const list = () => zoneOf(s, 'DMA32').pcp;
		const l0 = list();
		plug(s, '1', '128M');
		// Its memmap, one 2 MiB page of a pair rmqueue_bulk() took: the other waits on the list.
		const small = l0 + 512 - list();
		expect(small).toBeGreaterThanOrEqual(2);
		expect(small).toBeLessThanOrEqual(7);
		const l1 = list();
		const free1 = memFree(s);
		plug(s, '2', '2G');
		// Sixteen sections: the spare page and fifteen more, two at a time, the last one spare again.
		expect(free1 - memFree(s)).toBe(16 * 2048);
		const big = l1 - list();
		expect(big).toBeGreaterThanOrEqual(18);
		expect(big).toBeLessThanOrEqual(25);
		// device_del of the unonlined 128M DIMM: its memmap page back on the list, nothing else.
		const l2 = list();
		printed(s, 'monitor', 'device_del d1');
		expect(list() - l2).toBeGreaterThanOrEqual(511);
		expect(list() - l2).toBeLessThanOrEqual(512);
	});

	it('a 4G guest: ZONE_NORMAL\'s unmovable list holds what the slots left, and one run dry takes a batch out of MemFree', () => {
		// The lab (s45/r9, s45/big): a 256M DIMM with 4 slots and bigger.t's 2G and 1G with 64 took
		// their memmap alone out of Normal's free pages, the kernel pages off the list (33 for 3G).
		const s = boot('4G,slots=16,maxmem=32G');
		let free = memFree(s);
		let list = zoneOf(s, 'Normal').pcp;
		plug(s, '1', '512M');
		expect(free - memFree(s)).toBe(4 * 2048);
		expect(zoneOf(s, 'Normal').pcp).toBeLessThan(list);
		// More DIMMs use the list up: the one that finds it empty takes zone_batchsize() of 1 GiB
		// of Normal, 63 pages, and leaves the rest on the list.
		let refilled = 0;
		for (let i = 2; i <= 12 && !refilled; i++) {
			free = memFree(s);
			list = zoneOf(s, 'Normal').pcp;
			plug(s, String(i), '512M');
			refilled = (free - memFree(s) - 4 * 2048) / 4;
			if (refilled) {
				expect(refilled).toBe(63);
				expect(zoneOf(s, 'Normal').pcp - list).toBeGreaterThan(63 - 20);
			}
		}
		expect(refilled).toBe(63);
	});

	it('are not the dentries\' and inodes\' pages: a path walk\'s reclaimable slab leaves the kernel\'s list to the hot-add', () => {
		const s = boot('1G,slots=4,maxmem=8G');
		// Over two hundred first lookups: their slab pages come off the reclaimable list.
		printed(s, 'serial', 'ls -l /sys/devices/system/memory/memory*/ /sys/devices/system/cpu/cpu0/ > /dev/null');
		const free0 = memFree(s);
		plug(s, '1', '1G');
		plug(s, '2', '1G');
		plug(s, '3', '1G');
		expect(free0 - memFree(s)).toBe(3 * 8 * 2048);
	});
});

describe('a program\'s own pages', () => {
	it('come from a new ZONE_MOVABLE (user pages) and a new ZONE_NORMAL (kernel pages) once, and stay on their lists', () => {
		const s = boot('1G,slots=4,maxmem=8G');
		plug(s, '1', '512M');
		printed(s, 'serial', `echo online_movable > ${MEM}/memory32/state`);
		const free0 = memFree(s);
		printed(s, 'serial', 'cat /dev/null');
		expect(free0 - memFree(s)).toBe(4 * PROGRAM_USER_PAGES);
		// The next program finds them on Movable's list: MemFree does not move.
		const free1 = memFree(s);
		printed(s, 'serial', 'cat /dev/null');
		expect(memFree(s)).toBe(free1);
		// A Normal block: the kernel's part (page tables, stack) moves up to it too.
		printed(s, 'serial', `echo online_kernel > ${MEM}/memory33/state`);
		const free2 = memFree(s);
		printed(s, 'serial', 'cat /dev/null');
		expect(free2 - memFree(s)).toBe(4 * PROGRAM_KERNEL_PAGES);
		expect(zoneOf(s, 'Movable').pcp).toBeGreaterThan(0);
	});

	it('come from a large new ZONE_MOVABLE a whole refill at a time (lab s24/mv: a 1G DIMM on a 3G guest, `pages free` managed - 63)', () => {
		for (const how of ['auto', 'loop']) {
			const s = boot('3G,slots=8,maxmem=32G');
			if (how === 'auto') printed(s, 'serial', `echo online_movable > ${MEM}/auto_online_blocks`);
			plug(s, '1', '1G');
			if (how === 'loop') printed(s, 'serial', `for i in $(seq 32 39); do echo online_movable > ${MEM}/memory$i/state; done`);
			// (`seq` ran before the loop's onlines: `cat` is the zone's first program either way)
			printed(s, 'serial', 'cat /dev/null');
			expect(zoneOf(s, 'Movable').free).toBe(8 * 32768 - 63);
		}
	});

	it('come from a new ZONE_NORMAL for both when it is the highest zone, and again after an offline drained its lists', () => {
		const s = boot('1G,slots=4,maxmem=8G');
		plug(s, '1', '512M');
		printed(s, 'serial', `echo online > ${MEM}/memory32/state`);
		printed(s, 'serial', `echo online > ${MEM}/memory33/state`);
		const free0 = memFree(s);
		printed(s, 'serial', 'cat /dev/null');
		expect(free0 - memFree(s)).toBe(4 * (PROGRAM_USER_PAGES + PROGRAM_KERNEL_PAGES));
		// zone_pcp_disable() at the offline gives them back; the next program takes them again.
		expect(printed(s, 'serial', `echo offline > ${MEM}/memory33/state; echo rc=$?`)).toBe('rc=0\n');
		const free1 = memFree(s);
		printed(s, 'serial', 'cat /dev/null');
		// (and the slabs the offline's shrink freed: execve()'s getname() takes a new names_cache
		// one, 32 kB, the child's 32-byte objects a new kmalloc-32 one, 4 kB, and its exit's SIGCHLD
		// a new sigqueue one, 4 kB)
		expect(free1 - memFree(s)).toBe(4 * (PROGRAM_USER_PAGES + PROGRAM_KERNEL_PAGES) + 32 + 4 + 4);
	});

	it('stay in the boot zone\'s lists while no zone above it is populated', () => {
		const s = boot('1G,slots=4,maxmem=8G');
		plug(s, '1', '512M');
		const free0 = memFree(s);
		printed(s, 'serial', 'cat /dev/null');
		expect(memFree(s)).toBe(free0);
	});
});

describe('an auto-onlined DIMM that makes the first ZONE_NORMAL', () => {
	const start = (m: string, smp: string) => startSession(['-machine', 'pc', '-m', m, '-smp', smp, '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', 'console=ttyS0 quiet nokaslr memhp_default_state=online', '-nographic']);
	const ejected = (s: Session, id: string) => !printed(s, 'monitor', 'info memory-devices').includes(`"${id}"`);

	it('keeps its hot-add\'s long-lived page out of it with one CPU: the DIMM ejects (lab 3G)', () => {
		const s = start('3G,slots=4,maxmem=8G', '1');
		plug(s, '1', '256M');
		// (No path walk first: a new sysfs inode's slab would land in the block, as in the lab's 1536M run.)
		expect(s.snapshot().guest!.blocks.filter(b => b.zone === 'Normal').map(b => b.index)).toEqual([32, 33]);
		printed(s, 'monitor', 'device_del d1');
		expect(ejected(s, 'd1')).toBe(true);
		// Neither of the eject's passes met a page: nothing of the hot-add is left in the blocks
		// (lab s27/k1k: no dump at 3G, 1536M, and 1G with 1 to 64 slots).
		expect(printed(s, 'serial', 'dmesg | grep pfn:')).toBe('');
	});

	it('takes that page at the zone\'s first page with two CPUs: the eject is refused there (lab 3G, pfn 0x100000)', () => {
		const s = start('3G,slots=4,maxmem=8G', '2');
		plug(s, '1', '256M');
		printed(s, 'monitor', 'device_del d1');
		expect(ejected(s, 'd1')).toBe(false);
		expect(printed(s, 'serial', 'dmesg | grep pfn: | tail -n 1')).toMatch(/index:0x0 pfn:0x100000$/m);
	});

	// What refuses an offline typed right after such a hot-add is the shell's own path walk: the
	// first new inodes since boot take a new inode_cache slab, from the head of the zone the
	// kernel now allocates from (lab s27/k1k, s27/pl: pfn 0x100000 at 1G with 1 to 64 slots).
	const BUSY = 'sh: write error: Device or resource busy\n';
	const offline = (s: Session, n: number) => printed(s, 'serial', `echo offline > ${MEM}/memory${n}/state`);
	const firstDump = (s: Session) => printed(s, 'serial', 'dmesg | grep -A4 pfn: | head -5').replace(/^\[ *\d+\.\d+\] /gm, '').split('\n').slice(0, 5);

	it.each(['1', '4', '16', '32', '64'])('cannot offline its block with a first lookup right after the hot-add: the inode slab at the zone\'s head (lab 1G, %s slots)', (slots) => {
		const s = start(`1G,slots=${slots},maxmem=32G`, '1');
		plug(s, 'a', '128M');
		expect(offline(s, 32)).toBe(BUSY);
		expect(firstDump(s)).toEqual([
			'page:(____ptrval____) refcount:1 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x100000',
			'head:(____ptrval____) order:1 compound_mapcount:0 compound_pincount:0',
			'flags: 0x17ffffc0010200(slab|head|node=0|zone=2|lastcpupid=0x1fffff)',
			'raw: 0017ffffc0010200 0000000000000000 dead000000000122 ffff8880049bea00',
			'raw: 0000000000000000 00000000800c000c 00000001ffffffff 0000000000000000',
		]);
		const failed = [...s.snapshot().events].reverse().find(e => e.kind === 'offline-failed')!;
		expect(failed.reason).toMatch(/\(inode slab\)$/);
		const why = explainEvent(failed, s.snapshot())!;
		expect(strings('en').explanation(why)).toContain('Here it is an inode slab');
		expect(strings('zh').explanation(why)).toContain('这里是一个 inode slab');
	});

	it('ejects it when nothing ran in the guest in between (lab 1G, 1 to 64 slots; 1536M with 512M)', () => {
		for (const [m, size] of [['1G,slots=1,maxmem=32G', '128M'], ['1G,slots=64,maxmem=32G', '128M'], ['1536M,slots=2,maxmem=3G', '512M']] as const) {
			const s = start(m, '1');
			plug(s, 'a', size);
			printed(s, 'monitor', 'device_del da');
			expect(ejected(s, 'da')).toBe(true);
			expect(printed(s, 'serial', 'dmesg | grep pfn:')).toBe('');
		}
	});

	it('puts that slab past the head chunks a program split first: two dumps at pfn 0x100800 (lab 1G, `ls` before the eject)', () => {
		const s = start('1G,slots=32,maxmem=32G', '1');
		plug(s, 'a', '128M');
		printed(s, 'serial', `ls ${MEM}/`);
		printed(s, 'monitor', 'device_del da');
		expect(ejected(s, 'da')).toBe(false);
		expect(printed(s, 'serial', 'dmesg | grep -o "pfn:.*"')).toBe('pfn:0x100800\npfn:0x100800\n');
		// The listing needed a second inode slab: the first, full, was left unfrozen on no list
		// (lab: `00000000000c000c`, not the CPU slab's `00000000800c000c`).
		expect(printed(s, 'serial', 'dmesg | grep -c "raw: 0000000000000000 00000000000c000c "')).toBe('2\n');
	});

	it('freezes that full slab on the CPU partial list when a pipe\'s inode in it goes (lab s27/gen6 og801: 1G, `ls | wc -l` before the eject)', () => {
		const s = start('1G,slots=4,maxmem=32G', '1');
		plug(s, 'a', '128M');
		printed(s, 'serial', `ls ${MEM}/ | wc -l`);
		printed(s, 'monitor', 'device_del da');
		expect(ejected(s, 'da')).toBe(false);
		expect(printed(s, 'serial', 'dmesg | grep -o "pfn:.*"')).toBe('pfn:0x100000\npfn:0x100000\n');
		// put_cpu_partial(): slab->next none, slab->slabs 1 over LIST_POISON2's high half; frozen,
		// 11 of 12 in use, the freed inode on its freelist.
		const dump = printed(s, 'serial', 'dmesg | grep raw:');
		expect(dump).toMatch(/raw: 0017ffffc0010200 0000000000000000 dead000000000001 ffff8880049be[0-9a-f]00\n/);
		expect(dump).toMatch(/raw: ffff888100000[0-9a-f]{3} 00000000800c000b 00000001ffffffff 0000000000000000\n/);
	});

	it('takes that partial slab as the CPU slab once the newer one is used up (___slab_alloc(): slub_percpu_partial())', () => {
		const s = start('1G,slots=4,maxmem=32G', '1');
		plug(s, 'a', '128M');
		printed(s, 'serial', `ls ${MEM}/ | wc -l`);
		// Enough new inodes to use up the newer slab and the partial one's free object, then more.
		for (const b of ['memory32', 'memory0', 'memory1']) printed(s, 'serial', `ls -l ${MEM}/${b}/ > /dev/null`);
		printed(s, 'monitor', 'device_del da');
		expect(ejected(s, 'da')).toBe(false);
		const dump = printed(s, 'serial', 'dmesg | grep raw:');
		expect(dump).not.toContain('dead000000000001');
		expect(dump).toMatch(/raw: 0000000000000000 00000000000c000c 00000001ffffffff 0000000000000000\n/);
	});

	it('lets a second DIMM\'s Normal block go offline right after its hot-add when the first went Movable (lab 3G, s25/ko)', () => {
		const s = start('3G,slots=4,maxmem=8G', '1');
		printed(s, 'serial', `echo online_movable > ${MEM}/auto_online_blocks`);
		plug(s, '1', '256M');
		printed(s, 'serial', `echo online > ${MEM}/auto_online_blocks`);
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m2,size=256M');
		printed(s, 'monitor', 'device_add pc-dimm,id=d2,memdev=m2,addr=0x200000000');
		expect(s.snapshot().guest!.blocks.filter(b => b.zone === 'Normal').map(b => b.index)).toEqual([64, 65]);
		expect(offline(s, 64)).toBe('');
	});

	it('takes the next DIMM\'s page at the first page, the short-lived ones drained by the online (lab 1536M)', () => {
		const s = start('1536M,slots=2,maxmem=3G', '1');
		plug(s, 'a', '512M');
		plug(s, 'b', '512M');
		printed(s, 'monitor', 'device_del da');
		expect(ejected(s, 'da')).toBe(false);
		expect(printed(s, 'serial', 'dmesg | grep pfn: | tail -n 1')).toMatch(/index:0x0 pfn:0x100000$/m);
		printed(s, 'monitor', 'device_del db');
		expect(ejected(s, 'db')).toBe(true);
	});
});

describe('the other CPUs\' lists as programs run', () => {
	const free = (s: Session) => s.snapshot().guest!.memFreeKb;
	const run = (s: Session, n: number) => printed(s, 'serial', `for i in $(seq ${n}); do cat /proc/version > /dev/null; done`);
	const start = (smp: string) => startSession(['-machine', 'pc', '-m', '2G,slots=4,maxmem=8G', '-smp', smp, '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', 'console=ttyS0 quiet nokaslr', '-nographic']);

	it('grow by batches out of MemFree with two CPUs, three in all (lab 2G: 756 kB by the 45th program, none after 120)', () => {
		const s = start('2');
		const f0 = free(s);
		run(s, 50);
		expect(f0 - free(s)).toBe(3 * 63 * 4);
		run(s, 80);
		expect(f0 - free(s)).toBe(3 * 63 * 4);
	});

	it('grow further with four CPUs (lab 2G: 16 batches by the 120th program)', () => {
		const s = start('4');
		const f0 = free(s);
		run(s, 120);
		const batches = (f0 - free(s)) / (63 * 4);
		expect(batches).toBeGreaterThanOrEqual(12);
		expect(batches).toBeLessThanOrEqual(21);
	});

	it('do not exist with one CPU: MemFree stays', () => {
		const s = start('1');
		const f0 = free(s);
		run(s, 60);
		expect(free(s)).toBe(f0);
	});
});

describe('the late hash tables\' 2 MiB pages on the boot lists', () => {
	const counts = (m: string) => {
		const s = boot(`${m},slots=8,maxmem=64G`);
		return {dma32: zoneOf(s, 'DMA32').pcp, normal: zoneOf(s, 'Normal').pcp};
	};

	it('one order-9 table (TCP bind, 8G) or three (20G) leave one page on Normal\'s list; two (10G to 16G) one there and one on DMA32\'s (lab: DMA32 2263 and 2775)', () => {
		const g8 = counts('8G');
		const g12 = counts('12G');
		const g20 = counts('20G');
		expect(g12.dma32 - g8.dma32).toBe(512);
		expect(g20.dma32).toBe(g8.dma32);
		for (const g of [g8, g12, g20]) expect(g.normal).toBeGreaterThanOrEqual(512);
	});
});

describe('a new ZONE_NORMAL of four blocks onlined at once (batch 31)', () => {
	it.each(['768M', '1G', '2G'])('gives the first program two whole refills at %s (lab s25/ko: 92 pages out of the zone)', (m) => {
		const s = boot(`${m},slots=8,maxmem=8G`);
		plug(s, '1', '512M');
		printed(s, 'serial', `for i in 32 33 34 35; do echo online > ${MEM}/memory$i/state; done`);
		printed(s, 'serial', 'grep MemFree /proc/meminfo');
		const used = 131072 - zoneOf(s, 'Normal').free;
		expect(Math.abs(used - 92)).toBeLessThanOrEqual(4);
	});

	it('but not when its first block listed the programs\' pages at a batch of 7 (lab s22/on)', () => {
		const s = boot('768M,slots=8,maxmem=8G');
		plug(s, '1', '512M');
		const used: number[] = [];
		for (let b = 32; b < 36; b++) {
			printed(s, 'serial', `echo online > ${MEM}/memory${b}/state`);
			printed(s, 'serial', 'grep MemFree /proc/meminfo');
			used.push(32768 * (b - 31) - zoneOf(s, 'Normal').free);
		}
		// (The first zoneinfo read adds its 8 KiB seq buffer's slab: compare from the second block on.)
		expect(used[3]).toBe(used[1]);
		expect(used[3]).toBeLessThan(60);
	});
});

describe('a new ZONE_NORMAL whose batch reaches 63', () => {
	/** Onlines blocks first..last one by one, a program after each: ZONE_NORMAL's pcp count after each. */
	function normalCountsOnlining(s: Session, first: number, last: number): number[] {
		const counts: number[] = [];
		for (let b = first; b <= last; b++) {
			printed(s, 'serial', `echo online > ${MEM}/memory${b}/state`);
			printed(s, 'serial', 'grep MemFree /proc/meminfo');
			counts.push(zoneOf(s, 'Normal').pcp);
		}
		return counts;
	}

	it('lists a refill more on each of the kernel\'s lists from the sixth block on (lab s22/on: 768M + 2G, Normal count 52 -> 142 there)', () => {
		const s = boot('768M,slots=4,maxmem=8G');
		plug(s, '1', '2G');
		const counts = normalCountsOnlining(s, 32, 39);
		// Blocks 1 to 5: batch 7 to 31, the programs' pages; block 6 on: batch 63, three lists 32 pages longer.
		expect(new Set(counts.slice(0, 5)).size).toBe(1);
		expect(counts[5]! - counts[4]!).toBe(3 * (63 - 31));
		expect(counts.slice(5).every(c => c === counts[5])).toBe(true);
	});

	it('lists no more when a ZONE_MOVABLE above takes the user pages: the kernel\'s lists alone (lab s28/lo, s31/pcp: 10 to 13 pages at a batch of 63)', () => {
		const s = boot('1G,slots=4,maxmem=8G');
		plug(s, '1', '1G');
		for (let b = 32; b < 40; b++) printed(s, 'serial', `echo online_movable > ${MEM}/memory${b}/state`);
		plug(s, '2', '2G');
		const counts = normalCountsOnlining(s, 40, 47);
		expect(zoneOf(s, 'Movable').pcp).toBeGreaterThan(0);
		// The blocks went to ZONE_NORMAL, whose batch reaches 63 from the sixth on, and its lists stay as they were.
		expect(printed(s, 'serial', `cat ${MEM}/memory47/valid_zones`)).toContain('Normal');
		expect(new Set(counts).size).toBe(1);
		expect(counts[0]).toBe(PROGRAM_KERNEL_PAGES);
	});
});

describe('a list over its high mark below a populated ZONE_NORMAL', () => {
	/** DMA32's pcp `count` and `high` (CPU 0), from /proc/zoneinfo. */
	function dma32(s: Session): {count: number; high: number} {
		const text = printed(s, 'serial', 'cat /proc/zoneinfo');
		const part = text.slice(text.indexOf('zone    DMA32'));
		return {count: Number(/count:\s+(\d+)/.exec(part)![1]), high: Number(/high:\s+(\d+)/.exec(part)![1])};
	}

	it('is trimmed a batch at a time by the programs\' few frees to it until under its mark, not emptied (lab s26/pc: 512M and 640M)', () => {
		for (const m of ['512M', '640M']) {
			const s = boot(`${m},slots=16,maxmem=16G`);
			plug(s, '1', '512M');
			plug(s, '2', '512M');
			printed(s, 'serial', `echo online > ${MEM}/memory33/state`);
			const before = dma32(s);
			// Onlining a second Normal block moves the watermarks: DMA32's mark drops under its list.
			printed(s, 'serial', `echo online > ${MEM}/memory32/state`);
			const marked = dma32(s);
			expect(marked.high).toBeLessThan(before.count);
			expect(marked.count).toBe(before.count);
			// At that reader's exit, batches (31) go back until the list is under its mark: the lab's
			// 512M guest went from 640 to 579 under 590.
			const after = dma32(s);
			expect((before.count - after.count) % 31).toBe(0);
			expect(after.count).toBeLessThan(after.high);
			expect(after.count).toBeGreaterThanOrEqual(after.high - 31);
			// Under it, the next program leaves it alone.
			expect(dma32(s).count).toBe(after.count);
		}
	});

	it.each([2, 4])('is left alone with %i CPUs, each CPU\'s list under the lowered mark (lab s28/smp: 768M to 2G, a 2 GiB hot-add)', (cpus) => {
		const s = startSession(['-machine', 'pc', '-m', '768M,slots=8,maxmem=32G', '-smp', String(cpus), '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
		const lists = (): number => {
			const text = printed(s, 'serial', 'cat /proc/zoneinfo');
			const part = text.slice(text.indexOf('zone    DMA32'), text.indexOf('zone   Normal'));
			return [...part.matchAll(/count:\s+(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
		};
		plug(s, '1', '128M');
		printed(s, 'serial', `echo online > ${MEM}/memory32/state`);
		const before = lists();
		plug(s, '2', '2G');
		printed(s, 'serial', `for b in ${MEM}/memory*/state; do grep -q offline $b && echo online > $b; done`);
		const free0 = memFree(s);
		// The mark fell under what the shell's CPU lists in memhp, yet the programs' exits give
		// nothing back (the lab's 768M guests: 3153 pages listed on DMA32 before and after).
		expect(dma32(s).high).toBeLessThan(before);
		for (let i = 0; i < 3; i++) printed(s, 'serial', 'true');
		expect(lists()).toBeGreaterThanOrEqual(before);
		expect(memFree(s)).toBeLessThanOrEqual(free0);
	});
});

describe('an auto-online that populates ZONE_NORMAL', () => {
	/** Normal's pcp `count` (CPU 0), from /proc/zoneinfo. */
	function normalList(s: Session): number {
		const text = printed(s, 'serial', 'cat /proc/zoneinfo');
		const part = text.slice(text.indexOf('zone   Normal'));
		return Number(/count:\s+(\d+)/.exec(part)![1]);
	}

	it('leaves more on the new zone\'s lists than blocks onlined by hand (lab s28/nz: 1G, 2 GiB, 208-269 against 93)', () => {
		const start = (append: string) => startSession(['-machine', 'pc', '-m', '1G,slots=4,maxmem=32G', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', `console=ttyS0 quiet nokaslr${append}`, '-nographic']);
		const auto = start(' memhp_default_state=online');
		plug(auto, '1', '2G');
		const byHand = start('');
		plug(byHand, '1', '2G');
		printed(byHand, 'serial', `for b in ${MEM}/memory*/state; do grep -q offline $b && echo online > $b; done`);
		const a = normalList(auto);
		const h = normalList(byHand);
		expect(a).toBeGreaterThanOrEqual(208);
		expect(a).toBeLessThanOrEqual(269);
		expect(a - h).toBeGreaterThanOrEqual(64);
	});
});
