/**
 * The SLUB caches whose objects never outlive a system call (source/machine/linux/slub.ts):
 * names_cache (every path system call) and kmalloc-cg-8k (a seq_file record of a page or more).
 * A successful offline shrinks every cache and frees their empty slabs; the next user allocates
 * an order-3 slab from the kernel zone, which in a Normal zone of hot-added memory alone pins
 * the block onlined first (lab: test/fixtures/lab/names-slab-*.t, seqbuf-zoneinfo-1G.t).
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {explainEvent} from '../source/tutorial/explain.js';
import {strings} from '../source/tutorial/i18n/index.js';
import {startSession, typeLine} from './session-helpers.js';
import {PROGRAM_KERNEL_PAGES, PROGRAM_USER_PAGES} from '../source/machine/linux/mm.js';
import {kmalloc2kFreeAtBoot} from '../source/machine/linux/slub.js';

const MEM = '/sys/devices/system/memory';

function boot(mem: string): Session {
	return startSession(['-machine', 'pc', '-m', mem, '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
}

/** What a line printed after its echo, prompt and carriage returns removed. */
function run(s: Session, pane: 'monitor' | 'serial', line: string): string {
	const text = typeLine(s, pane, line);
	return text.slice(text.indexOf('\n') + 1).replace(/\r/g, '').replace(/(\S* # |\(qemu\) )$/, '');
}

const BUSY = 'sh: write error: Device or resource busy\n';

/** A guest with a 512M DIMM whose blocks' sysfs paths were all walked already (no new dentries later). */
function withDimm(mem: string): Session {
	const s = boot(mem);
	run(s, 'monitor', 'object_add memory-backend-ram,id=m,size=512M');
	run(s, 'monitor', 'device_add pc-dimm,id=d,memdev=m');
	run(s, 'serial', `cd ${MEM}`);
	run(s, 'serial', 'cat memory32/state memory33/state memory34/state memory35/state');
	run(s, 'serial', 'cat memory32/online memory33/online memory34/online memory35/online');
	return s;
}

const sunreclaim = (s: Session) => Number(/SUnreclaim:\s+(\d+) kB/.exec(run(s, 'serial', 'cat /proc/meminfo'))![1]);

describe('names_cache: the slab a path system call allocates after an offline', () => {
	it('1G: offlining memory34 leaves memory33 (Normal, onlined first) pinned by an order-3 names_cache slab', () => {
		const s = withDimm('1G,slots=8,maxmem=16G');
		expect(run(s, 'serial', 'echo online > memory33/state')).toBe('');
		expect(run(s, 'serial', 'echo online > memory34/state')).toBe('');
		expect(run(s, 'serial', 'echo offline > memory34/state')).toBe('');
		expect(run(s, 'serial', 'echo offline > memory33/state')).toBe(BUSY);
		const dump = run(s, 'serial', 'dmesg | tail -n 6').split('\n').map(l => l.replace(/^\[ *\d+\.\d+\] /, ''));
		expect(dump[0]).toMatch(/^page:.* pfn:0x108[0-9a-f]{3}$/);
		expect(dump.slice(1, 6)).toEqual([
			'head:(____ptrval____) order:3 compound_mapcount:0 compound_pincount:0',
			'flags: 0x17ffffc0010200(slab|head|node=0|zone=2|lastcpupid=0x1fffff)',
			'raw: 0017ffffc0010200 0000000000000000 dead000000000122 ffff8880049be800',
			'raw: 0000000000000000 0000000080080008 00000001ffffffff 0000000000000000',
			'page dumped because: unmovable page',
		]);
		// The eject offlines memory33 in both passes and gives up.
		run(s, 'monitor', 'device_del d');
		expect(run(s, 'monitor', 'info memory-devices')).toContain('memdev: /objects/m');
		expect(run(s, 'serial', 'dmesg | tail -n 1')).toMatch(/memory memory33: Offline failed\.\n$/);
	});

	it('the failure names the slab, and the tutorial explains where it came from', () => {
		const s = withDimm('1G,slots=8,maxmem=16G');
		run(s, 'serial', 'echo online > memory33/state');
		run(s, 'serial', 'echo online > memory34/state');
		run(s, 'serial', 'echo offline > memory34/state');
		run(s, 'serial', 'echo offline > memory33/state');
		const snap = s.snapshot();
		const failed = [...snap.events].reverse().find(e => e.kind === 'offline-failed')!;
		expect(failed.reason).toMatch(/^EBUSY: unmovable page pfn 0x108[0-9a-f]{3} \(names_cache slab\)$/);
		const why = explainEvent(failed, snap)!;
		expect(strings('en').explanation(why)).toContain('order-3 names_cache slab: the last successful offline shrank every slab cache');
		expect(strings('zh').explanation(why)).toContain('names_cache slab：上一次成功的下线收缩了所有 slab 缓存');
	});

	it('1G: the first-onlined block offlined first; the slab goes to the other one (memory34)', () => {
		const s = withDimm('1G,slots=8,maxmem=16G');
		run(s, 'serial', 'echo online > memory33/state');
		run(s, 'serial', 'echo online > memory34/state');
		expect(run(s, 'serial', 'echo offline > memory33/state')).toBe('');
		expect(run(s, 'serial', 'echo offline > memory34/state')).toBe(BUSY);
		expect(run(s, 'serial', 'dmesg | tail -n 6 | head -n 1')).toMatch(/pfn:0x110000\n$/);
	});

	it('1G: offlining a Movable block from the shell pins the Normal one too', () => {
		const s = withDimm('1G,slots=8,maxmem=16G');
		run(s, 'serial', 'echo online_movable > memory32/state');
		run(s, 'serial', 'echo online_kernel > memory33/state');
		expect(run(s, 'serial', 'echo offline > memory32/state')).toBe('');
		expect(run(s, 'serial', 'echo offline > memory33/state')).toBe(BUSY);
	});

	it('1G: an eject offlines Movable then Normal with no system call between: the DIMM goes', () => {
		const s = withDimm('1G,slots=8,maxmem=16G');
		run(s, 'serial', 'echo online_movable > memory32/state');
		run(s, 'serial', 'echo online_kernel > memory33/state');
		run(s, 'monitor', 'device_del d');
		expect(run(s, 'monitor', 'info memory-devices')).toBe('');
	});

	it('1G: after the shell offlined the Movable block, the eject itself puts the slab in memory33 and is refused', () => {
		// The lab (names-slab-eject-after-offline-1G.t): only a builtin between, and `[` is no glob.
		const s = withDimm('1G,slots=8,maxmem=16G');
		run(s, 'serial', 'echo online_movable > memory32/state');
		run(s, 'serial', 'echo online_kernel > memory33/state');
		expect(run(s, 'serial', 'echo offline > memory32/state')).toBe('');
		expect(run(s, 'serial', 'x=1; [ $x = 1 ] && echo yes')).toBe('yes\n');
		run(s, 'monitor', 'device_del d');
		expect(run(s, 'monitor', 'info memory-devices')).toContain('memdev: /objects/m');
		expect(run(s, 'serial', 'dmesg | tail -n 1')).toMatch(/memory memory33: Offline failed\.\n$/);
	});

	it('1G: one Normal block alone offlines (no earlier offline emptied names_cache)', () => {
		const s = withDimm('1G,slots=8,maxmem=16G');
		run(s, 'serial', 'echo online > memory33/state');
		run(s, 'serial', 'cat memory33/valid_zones');
		expect(run(s, 'serial', 'echo offline > memory33/state')).toBe('');
	});

	it('4G: boot ZONE_NORMAL takes the slab, so the second block offlines as well', () => {
		const s = boot('4G,slots=8,maxmem=16G');
		run(s, 'monitor', 'object_add memory-backend-ram,id=m,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d,memdev=m');
		run(s, 'serial', `cd ${MEM}`);
		run(s, 'serial', 'cat memory40/state memory41/state');
		run(s, 'serial', 'echo online > memory40/state');
		run(s, 'serial', 'echo online > memory41/state');
		expect(run(s, 'serial', 'echo offline > memory41/state')).toBe('');
		expect(run(s, 'serial', 'echo offline > memory40/state')).toBe('');
	});
});

describe('kmalloc-cg-8k: a seq_file record of a page or more', () => {
	it('1G: /proc/zoneinfo passes 4 KiB once ZONE_NORMAL is populated; its first read pins memory33', () => {
		const s = withDimm('1G,slots=8,maxmem=16G');
		run(s, 'serial', 'cat /proc/zoneinfo /proc/pagetypeinfo > /dev/null');
		const before = sunreclaim(s);
		expect(Number(run(s, 'serial', 'wc -c < /proc/zoneinfo'))).toBeLessThan(4096);
		expect(sunreclaim(s)).toBe(before);
		run(s, 'serial', 'echo online > memory33/state');
		// pagetypeinfo's one record stays under a page: nothing new.
		run(s, 'serial', 'cat /proc/pagetypeinfo > /dev/null');
		expect(sunreclaim(s)).toBe(before);
		expect(Number(run(s, 'serial', 'wc -c < /proc/zoneinfo'))).toBeGreaterThanOrEqual(4096);
		expect(sunreclaim(s)).toBe(before + 32);
		expect(run(s, 'serial', 'echo offline > memory33/state')).toBe(BUSY);
		const dump = run(s, 'serial', 'dmesg | tail -n 3 | head -n 2').split('\n').map(l => l.replace(/^\[ *\d+\.\d+\] /, ''));
		expect(dump.slice(0, 2)).toEqual([
			'raw: 0017ffffc0010200 0000000000000000 dead000000000122 ffff888004842b00',
			'raw: 0000000000000000 0000000080040004 00000001ffffffff 0000000000000000',
		]);
	});

	it('1G: another block\'s successful offline frees the empty slab (SUnreclaim back), and names_cache then pins memory33', () => {
		const s = withDimm('1G,slots=8,maxmem=16G');
		run(s, 'serial', 'echo online > memory33/state');
		run(s, 'serial', 'cat /proc/zoneinfo > /dev/null');
		const withSlab = sunreclaim(s);
		run(s, 'serial', 'echo online > memory34/state');
		expect(run(s, 'serial', 'echo offline > memory34/state')).toBe('');
		// The empty slabs went (names_cache's, kmalloc-cg-8k's, pde_opener's, and the 31 pages
		// of the other caches' that boot left: the lab's 1G guest had SUnreclaim 32 pages down at
		// its first offline); cat's execve() allocated names_cache's anew: net, the 8k slab's
		// 32 kB, pde_opener's 4 and boot's 124.
		expect(sunreclaim(s)).toBe(withSlab - 36 - 124);
		expect(run(s, 'serial', 'echo offline > memory33/state')).toBe(BUSY);
		// The lowest of the slabs cat's run took anew there: names_cache's (eight 4 KiB objects)
		// or kmalloc-32's (128 objects), whichever the block's free pages put first.
		expect(run(s, 'serial', 'dmesg | tail -n 2 | head -n 1')).toMatch(/ 0000000080(080008|800080) /);
	});

	it('4G: the first read costs an order-3 slab and pde_opener\'s first slab of boot memory, the next none', () => {
		// (The lab: SUnreclaim +40 kB, then nothing; 4 kB of it is not identified.)
		const s = boot('4G,slots=8,maxmem=16G');
		run(s, 'serial', 'cat /proc/meminfo > /dev/null');
		const s0 = sunreclaim(s);
		run(s, 'serial', 'wc -c /proc/zoneinfo');
		expect(sunreclaim(s)).toBe(s0 + 36);
		run(s, 'serial', 'wc -c /proc/zoneinfo');
		expect(sunreclaim(s)).toBe(s0 + 36);
	});
});

describe('pde_opener: opening a /proc entry that is not permanent', () => {
	/** memory32 online_kernel on a 1G guest, the /proc names looked up before (no new inodes later). */
	function online(): Session {
		const s = boot('1G,slots=4,maxmem=8G');
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		run(s, 'serial', '[ -e /proc/iomem ]; [ -e /proc/meminfo ]; [ -e /proc/vmstat ]; [ -e /proc/buddyinfo ]');
		expect(run(s, 'serial', `echo online_kernel > ${MEM}/memory32/state`)).toBe('');
		return s;
	}
	const ejected = (s: Session) => {
		run(s, 'monitor', 'device_del d1');
		return run(s, 'monitor', 'info memory-devices') === '';
	};

	it('iomem: the cache\'s first slab (order 0, 102 objects, frozen) lands in memory32 and the eject is refused', () => {
		const s = online();
		run(s, 'serial', 'read x < /proc/iomem');
		expect(ejected(s)).toBe(false);
		const dump = run(s, 'serial', 'dmesg | tail -n 6').split('\n').map(l => l.replace(/^\[ *\d+\.\d+\] /, ''));
		expect(dump.slice(0, 5)).toEqual([
			'page:(____ptrval____) refcount:1 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x100000',
			'flags: 0x17ffffc0000200(slab|node=0|zone=2|lastcpupid=0x1fffff)',
			'raw: 0017ffffc0000200 0000000000000000 dead000000000122 ffff8880049be500',
			'raw: 0000000000000000 0000000080660066 00000001ffffffff 0000000000000000',
			'page dumped because: unmovable page',
		]);
		const failed = [...s.snapshot().events].reverse().find(e => e.kind === 'offline-failed')!;
		expect(failed.reason).toBe('EBUSY: unmovable page pfn 0x100000 (pde_opener slab)');
		expect(strings('en').explanation(explainEvent(failed, s.snapshot())!)).toContain('pde_opener');
	});

	it('vmstat and buddyinfo take one too; meminfo, made permanent, does not', () => {
		for (const file of ['vmstat', 'buddyinfo']) {
			const s = online();
			run(s, 'serial', `read x < /proc/${file}`);
			expect(ejected(s)).toBe(false);
		}
		const s = online();
		run(s, 'serial', 'read x < /proc/meminfo');
		expect(ejected(s)).toBe(true);
	});

	it('a slab an open at boot allocated serves the opens after the online from boot memory: the DIMM goes', () => {
		const s = boot('1G,slots=4,maxmem=8G');
		run(s, 'serial', 'read x < /proc/iomem');
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		expect(run(s, 'serial', `echo online_kernel > ${MEM}/memory32/state`)).toBe('');
		run(s, 'serial', 'read x < /proc/iomem');
		run(s, 'serial', 'read x < /proc/vmstat');
		run(s, 'monitor', 'device_del d1');
		expect(run(s, 'monitor', 'info memory-devices')).toBe('');
	});

	it('an offline\'s shrink frees an empty one: the first open after it allocates the slab anew', () => {
		const s = online();
		expect(run(s, 'serial', `echo online_kernel > ${MEM}/memory33/state`)).toBe('');
		run(s, 'serial', 'read x < /proc/iomem');
		const before = sunreclaim(s);
		// memory33 holds none of it (the slab went to memory32, onlined first): its offline passes.
		expect(run(s, 'serial', `echo offline > ${MEM}/memory33/state`)).toBe('');
		// names_cache's slab came back (the `cat` of sunreclaim()); pde_opener's did not, nor
		// the empty slabs boot left in other caches (124 kB: the first shrink frees them).
		expect(sunreclaim(s)).toBe(before - 4 - 124);
		run(s, 'serial', 'read x < /proc/iomem');
		// pde_opener's slab is back, and sigqueue's: the first `cat`'s exit took it a new one.
		expect(sunreclaim(s)).toBe(before - 124 + 4);
	});
});

describe('inode slabs: the caches\' free objects decide when a path walk pins the block', () => {
	/** A guest with a 512M DIMM, `before` run, memory32 online_kernel, `after` run by builtins; true if the eject then goes. */
	function ejects(mem: string, before: string[], after: string[]): boolean {
		const s = boot(`${mem},slots=4,maxmem=8G`);
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		for (const line of before) run(s, 'serial', line);
		expect(run(s, 'serial', `echo online_kernel > ${MEM}/memory32/state`)).toBe('');
		for (const line of after) run(s, 'serial', line);
		run(s, 'monitor', 'device_del d1');
		return run(s, 'monitor', 'info memory-devices') === '';
	}
	const reads = (blocks: number[], files: string[]) => `for b in ${blocks.join(' ')}; do for f in ${files.join(' ')}; do read x < ${MEM}/memory$b/$f; done; done`;

	it('1G: six sysfs lookups after the online fit the free objects, fifteen need a new slab (lab)', () => {
		expect(ejects('1G', [], [reads([33, 34, 35], ['state'])])).toBe(true);
		expect(ejects('1G', [], [reads([33, 34, 35], ['state', 'valid_zones', 'online', 'phys_index'])])).toBe(false);
	});

	it('an `ls` of the memory directory before the online uses them up at 1G, not at 2G (lab)', () => {
		const six = `read x < ${MEM}/memory33/state; read x < ${MEM}/memory34/state; read x < ${MEM}/memory34/valid_zones; read x < ${MEM}/memory35/state; read x < ${MEM}/memory35/online; read x < ${MEM}/memory35/valid_zones`;
		expect(ejects('1G', [`ls ${MEM} > /dev/null`], [six])).toBe(false);
		expect(ejects('2G', [`ls ${MEM} > /dev/null`], [six])).toBe(true);
	});

	it('proc inodes have their own cache: four lookups fit, seven do not (lab)', () => {
		const procs = ['uptime', 'loadavg', 'version', 'cmdline', 'swaps', 'filesystems', 'cpuinfo'];
		const exists = (n: number) => procs.slice(0, n).map(f => `[ -e /proc/${f} ]`).join('; ');
		expect(ejects('1G', [], [exists(4)])).toBe(true);
		expect(ejects('1G', [], [exists(7)])).toBe(false);
	});
});

describe('CPU slabs left by a refused offline: flushed and freed by the next shrink', () => {
	/** memory32 refused by the names_cache slab (the objects the failure path used fill CPU slabs there too), memory33 online again. */
	function refused(): Session {
		const s = boot('1G,slots=4,maxmem=8G');
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=256M');
		run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		expect(run(s, 'serial', `echo online_kernel > ${MEM}/memory32/state`)).toBe('');
		expect(run(s, 'serial', `echo online_kernel > ${MEM}/memory33/state`)).toBe('');
		expect(run(s, 'serial', `echo offline > ${MEM}/memory33/state`)).toBe('');
		expect(run(s, 'serial', `echo offline > ${MEM}/memory32/state`)).toBe(BUSY);
		expect(run(s, 'serial', `echo online_kernel > ${MEM}/memory33/state`)).toBe('');
		return s;
	}

	it('the eject\'s first pass offlines memory33, whose shrink frees them with the names_cache slab: the second pass takes memory32 and the DIMM goes', () => {
		const s = refused();
		run(s, 'monitor', 'device_del d1');
		expect(run(s, 'monitor', 'info memory-devices')).toBe('');
		const log = run(s, 'serial', 'dmesg');
		expect(log).not.toContain('Offline failed');
		// The first pass's refusal of memory32 is in the log; nothing after the zone emptied.
		expect(log.trimEnd().split('\n').at(-1)).toMatch(/Policy zone: Normal$/);
		expect(run(s, 'serial', `cat ${MEM}/memory32/state`)).toBe(`cat: can't open '${MEM}/memory32/state': No such file or directory\n`);
	});

	it('they go onto the pcp list and come back from it: MemFree moves by names_cache\'s, kmalloc-32\'s and sigqueue\'s slabs at most', () => {
		const s = refused();
		expect(run(s, 'serial', `echo offline > ${MEM}/memory33/state`)).toBe('');
		const before = s.snapshot().guest!.memFreeKb;
		run(s, 'serial', 'cat /dev/null');
		// Besides the program's own pages, which the offline's drain of ZONE_NORMAL's lists sends
		// it back to that zone's buddy allocator for (it serves both its user and kernel pages).
		const program = 4 * (PROGRAM_USER_PAGES + PROGRAM_KERNEL_PAGES);
		// (its exit's SIGCHLD takes sigqueue a new slab, the shrink having freed boot's: 4 kB more)
		expect([program, program + 32 + 4 + 4]).toContain(before - s.snapshot().guest!.memFreeKb);
	});

	it('a program between the shrink and the eject takes them back: the eject is refused', () => {
		const s = refused();
		// memory33's offline shrinks every cache; `true` is a builtin, `cat` a program.
		expect(run(s, 'serial', `echo offline > ${MEM}/memory33/state`)).toBe('');
		expect(run(s, 'serial', `cat ${MEM}/memory33/state`)).toBe('offline\n');
		run(s, 'monitor', 'device_del d1');
		expect(run(s, 'monitor', 'info memory-devices')).toContain('memdev: /objects/m1');
		expect(run(s, 'serial', 'dmesg | tail -n 1')).toMatch(/memory memory32: Offline failed\.\n$/);
	});
});

describe('pcp lists around a successful offline', () => {
	const dma32Count = (s: Session) => {
		const zi = run(s, 'serial', "grep -E 'zone |count:|high:' /proc/zoneinfo");
		const dma32 = zi.slice(zi.indexOf('zone    DMA32'));
		return {count: Number(/count: (\d+)/.exec(dma32)![1]), high: Number(/high: +(\d+)/.exec(dma32)![1])};
	};

	it('boot: a 512M guest\'s DMA32 list ends four batches under its high mark (lab: 603 of 751), a 640M one\'s too (752 of 875)', () => {
		// (Less the page of pde_opener's first slab, which this read of /proc/zoneinfo takes off the list.)
		expect(dma32Count(boot('512M,slots=8,maxmem=4G'))).toEqual({count: 751 - 4 * 31 - 1, high: 751});
		expect(dma32Count(boot('640M,slots=8,maxmem=4G'))).toEqual({count: 875 - 4 * 31 - 1, high: 875});
	});

	it('512M and 640M: a list far over DMA32\'s mark lowered by a new ZONE_NORMAL and ZONE_MOVABLE stays listed while the programs\' pages come from above (lab s33/pz: 610 over 528, 774 over 657)', () => {
		for (const mem of ['512M', '640M']) {
			const s = boot(`${mem},slots=3,maxmem=8G`);
			run(s, 'monitor', 'object_add memory-backend-ram,id=m,size=512M');
			run(s, 'monitor', 'device_add pc-dimm,id=d,memdev=m');
			expect(run(s, 'serial', `echo online_kernel > ${MEM}/memory32/state`)).toBe('');
			const before = dma32Count(s);
			expect(run(s, 'serial', `echo online_movable > ${MEM}/memory33/state`)).toBe('');
			const after = dma32Count(s);
			// The mark drops by more than two batches under the list ...
			expect(after.count - after.high, mem).toBeGreaterThan(2 * 31);
			// ... and the programs that run next (this reader, free) give it nothing back.
			run(s, 'serial', 'free -k');
			expect(dma32Count(s).count, mem).toBe(before.count);
		}
	});

	it('512M and 1G: DMA32\'s list, under its mark, keeps its pages through a Normal block\'s offline and its shrink (lab s46/r17 ova/ovb at 512M: 602 before, 591 and 592 after)', () => {
		for (const mem of ['512M,slots=8,maxmem=4G', '1G,slots=8,maxmem=4G']) {
			const s = withDimm(mem);
			// (Read before the online: with ZONE_NORMAL populated /proc/zoneinfo passes 4 KiB and pins memory33.)
			const before = dma32Count(s).count;
			run(s, 'serial', 'echo online > memory33/state');
			// (A builtin reads valid_zones: `cat` takes a new dentry slab in memory33 and the offline
			// is refused, as the lab's dentry-slab-after-online-512M.t and -1G.t show.)
			run(s, 'serial', 'read z < memory33/valid_zones');
			expect(run(s, 'serial', 'echo offline > memory33/state')).toBe('');
			const after = dma32Count(s).count;
			expect(after, mem).toBeGreaterThan(before - 31);
			expect(after, mem).toBeLessThanOrEqual(before);
		}
	});
});

describe('kmalloc-32: the programs\' slab after an offline (lab: kmalloc32-*.t)', () => {
	/** A 1G guest with a 512M DIMM; `before` runs after boot block memory5's offline, before memory32's online. */
	function flow(before: string[], after: string[]): Session {
		const s = boot('1G,slots=32,maxmem=8G');
		expect(run(s, 'serial', `echo offline > ${MEM}/memory5/state`)).toBe('');
		for (const l of before) run(s, 'serial', l);
		run(s, 'monitor', 'object_add memory-backend-ram,id=m,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d,memdev=m');
		expect(run(s, 'serial', `echo online > ${MEM}/memory32/state`)).toBe('');
		for (const l of after) run(s, 'serial', l);
		return s;
	}

	it('a program after the first ZONE_NORMAL\'s online takes a new slab there: the block cannot go offline', () => {
		const s = flow([], ['free -k']);
		expect(run(s, 'serial', `echo offline > ${MEM}/memory32/state`)).toBe(BUSY);
		const dump = run(s, 'serial', 'dmesg | tail -n 5').split('\n').map(l => l.replace(/^\[ *\d+\.\d+\] /, ''));
		expect(dump[0]).toMatch(/^page:.* index:0x0 pfn:0x100[0-9a-f]{3}$/);
		expect(dump.slice(1, 5)).toEqual([
			'flags: 0x17ffffc0000200(slab|node=0|zone=2|lastcpupid=0x1fffff)',
			'raw: 0017ffffc0000200 0000000000000000 dead000000000122 ffff888004842100',
			'raw: 0000000000000000 0000000080800080 00000001ffffffff 0000000000000000',
			'page dumped because: unmovable page',
		]);
		const failed = [...s.snapshot().events].reverse().find(e => e.kind === 'offline-failed')!;
		expect(failed.reason).toMatch(/\(kmalloc-32 slab\)$/);
		const why = explainEvent(failed, s.snapshot())!;
		expect(strings('en').explanation(why)).toContain('kmalloc-32 slab: an earlier offline shrank every slab cache');
		expect(strings('zh').explanation(why)).toContain('kmalloc-32 的 slab');
	});

	it('a program between the offline and the online takes it from boot memory; no program, no slab', () => {
		expect(run(flow(['free -k'], ['free -k']), 'serial', `echo offline > ${MEM}/memory32/state`)).toBe('');
		expect(run(flow([], []), 'serial', `echo offline > ${MEM}/memory32/state`)).toBe('');
	});

	it('the shrink of an eject\'s first offline frees it before the Normal block is isolated', () => {
		const s = boot('512M,slots=4,maxmem=2G');
		run(s, 'monitor', 'object_add memory-backend-ram,id=m,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d,memdev=m');
		for (const l of ['online_movable > memory32', 'online_movable > memory33', 'online > memory34', 'online > memory35']) run(s, 'serial', `echo ${l.replace('> ', `> ${MEM}/`)}/state`);
		run(s, 'serial', `echo offline > ${MEM}/memory33/state`);
		run(s, 'serial', `echo offline > ${MEM}/memory35/state`);
		run(s, 'serial', 'free -m');
		run(s, 'monitor', 'device_del d');
		expect(run(s, 'monitor', 'info memory-devices')).toBe('');
	});
});

describe('the slabs a shrink frees go back to the blocks that gave them', () => {
	it('512M: a boot block full of tmpfs pages offlines, and no block counts more pages than it has', () => {
		// dd fills memory1 and part of memory2; cat's pipeline takes one transient slab off the
		// pcp list in memory2 and another through the buddy allocator elsewhere. The offline's
		// shrink frees both: each where its pages are (once, memhp freed memory2's page twice).
		const s = boot('512M,slots=4,maxmem=2G');
		run(s, 'serial', 'dd if=/dev/zero of=/tmp/fill bs=1M count=150 status=none');
		run(s, 'serial', 'cat /proc/iomem | tail -4');
		expect(run(s, 'serial', `echo offline > ${MEM}/memory1/state`)).toBe('');
		for (const b of s.snapshot().guest!.blocks) {
			expect(Math.min(b.freePages, b.movablePages, b.unmovablePages), `memory${b.index}`).toBeGreaterThanOrEqual(0);
			if (b.state === 'online') expect(b.freePages + b.movablePages + b.unmovablePages, `memory${b.index}`).toBe(b.totalPages);
		}
		// The file's pages all live on: memory2 took what memory1 held.
		expect(run(s, 'serial', 'ls -l /tmp/fill')).toMatch(/ 157286400 /);
	});
});

describe('an order-0 transient slab made in a program\'s context: after the pages that task holds', () => {
	/** The refused offline's dump: its pfn and the cache's kmem_cache word. */
	const refusal = (s: Session, block: number) => {
		expect(run(s, 'serial', `echo offline > ${MEM}/memory${block}/state`)).toBe(BUSY);
		const dump = run(s, 'serial', 'dmesg | tail -n 5').split('\n').map(l => l.replace(/^\[ *\d+\.\d+\] /, ''));
		expect(dump[4]).toBe('page dumped because: unmovable page');
		return [/pfn:(0x[0-9a-f]+)$/.exec(dump[0]!)?.[1], dump[2]!.split(' ').pop()];
	};

	it('kmalloc-32 at the first fork after the online: six pages in, past the child\'s kernel stack and page directory (lab s48/r28 m7, 1792M: the eject\'s refusal)', () => {
		const s = boot('1792M,slots=16,maxmem=18176M');
		run(s, 'monitor', 'object_add memory-backend-ram,id=mem1,size=384M');
		run(s, 'monitor', 'device_add pc-dimm,id=dimm1,memdev=mem1');
		run(s, 'serial', `ls ${MEM}/`);
		run(s, 'serial', `echo online_movable > ${MEM}/memory33/state`);
		run(s, 'serial', `echo online > ${MEM}/memory32/state`);
		run(s, 'serial', 'free -m');
		// The Movable block's offline shrinks every cache: kmalloc-32's empty CPU slab goes, and
		// the next fork makes a new one in the Normal block.
		expect(run(s, 'serial', `echo offline > ${MEM}/memory33/state`)).toBe('');
		run(s, 'serial', 'free -m');
		expect(refusal(s, 32)).toEqual(['0x100006', 'ffff888004842100']);
	});

	it('pde_opener at a program\'s open of /proc/zoneinfo: thirteen pages in, past its page tables too (lab s48/r28 m0, 896M)', () => {
		const s = boot('896M,slots=2,maxmem=4992M');
		run(s, 'monitor', 'object_add memory-backend-ram,id=mem1,size=384M');
		run(s, 'monitor', 'device_add pc-dimm,id=dimm1,memdev=mem1');
		run(s, 'serial', `ls ${MEM}/`);
		run(s, 'serial', `echo online_kernel > ${MEM}/memory34/state`);
		run(s, 'serial', `cat ${MEM}/memory33/valid_zones`);
		run(s, 'serial', 'free -m');
		run(s, 'serial', "grep -E 'MemTotal|MemFree|MemAvailable' /proc/meminfo");
		run(s, 'serial', "grep -E '^Node|spanned|present|managed' /proc/zoneinfo");
		expect(refusal(s, 34)).toEqual(['0x11000d', 'ffff8880049be500']);
		// What the refusal's undo and the shell's error report allocate goes past the slab: two
		// programs later the eject's two passes dump the same page (the lab's run of these steps).
		run(s, 'serial', 'free -m');
		run(s, 'serial', 'free -m');
		run(s, 'monitor', 'device_del dimm1');
		expect(run(s, 'monitor', 'info memory-devices')).toContain('memdev: /objects/mem1');
		const tail = run(s, 'serial', 'dmesg | tail -n 11').split('\n').map(l => l.replace(/^\[ *\d+\.\d+\] /, ''));
		expect(tail.filter(l => l.startsWith('page:')).map(l => l.split(' ').pop())).toEqual(['pfn:0x11000d', 'pfn:0x11000d']);
		expect(tail[10]).toBe('memory memory34: Offline failed.');
	});
});

describe('sigqueue and Acpi-State slabs in a refusal\'s explanation', () => {
	it('names the cache and says what took its new slab, in English and Chinese', () => {
		const s = boot('1G,slots=4,maxmem=8G');
		const refusal = (cache: string) => ({kind: 'offline-failed', blocks: [32], zone: 'Normal', reason: `EBUSY: unmovable page pfn 0x100000 (${cache} slab)`, callPath: [], time: 0}) as Parameters<typeof explainEvent>[0];
		const sig = explainEvent(refusal('sigqueue'), s.snapshot())!;
		expect(sig).toMatchObject({kind: 'offline-busy', slab: 'sigqueue'});
		expect(strings('en').explanation(sig)).toContain('Here it is a sigqueue slab: each program that exits sends the shell a SIGCHLD');
		expect(strings('zh').explanation(sig)).toContain('这里是 sigqueue 的 slab');
		const acpi = explainEvent(refusal('Acpi-State'), s.snapshot())!;
		expect(acpi).toMatchObject({kind: 'offline-busy', slab: 'Acpi-State'});
		expect(strings('en').explanation(acpi)).toContain('Here it is an Acpi-State slab: the ACPI interpreter');
		expect(strings('zh').explanation(acpi)).toContain('这里是 Acpi-State 的 slab');
	});
});

describe('kmalloc-1k: a struct memory_block per block device, one object per exec (lab s62/d-*, e-*)', () => {
	it('boot leaves 9 - blocks mod 8 free with one CPU, the first character typed takes one; more CPUs are not followed', async () => {
		const {kmalloc1kFreeAtBoot} = await import('../source/machine/linux/slub.js');
		// (lab s68/f0, after a line typed: 512M 4, 640M 3, 768M 2, 896M 1, 1G 8, 1152M 7, 1280M 6, 1536M 4, 2G 8, 3456M 5)
		expect([3, 4, 5, 6, 7, 8, 9, 10, 12, 16, 27].map(b => kmalloc1kFreeAtBoot(b, 1)! - 1)).toEqual([5, 4, 3, 2, 1, 8, 7, 6, 4, 8, 5]);
		expect(kmalloc1kFreeAtBoot(4, 2)).toBeUndefined();
	});

	/** A 512M DIMM added (programs `before` it, `between` it and the online), its first block onlined, then one exec. */
	function firstExecAfterOnline(mem: string, {before, between, program = 'cat /dev/null'}: {before?: string; between?: string; program?: string} = {}): string {
		const s = boot(mem);
		if (before) run(s, 'serial', before);
		run(s, 'monitor', 'object_add memory-backend-ram,id=m,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d,memdev=m');
		if (between) run(s, 'serial', between);
		run(s, 'serial', `echo online > ${MEM}/memory32/state`);
		run(s, 'serial', program);
		const out = run(s, 'serial', `echo offline > ${MEM}/memory32/state`);
		return out + run(s, 'serial', 'dmesg | grep -A3 pfn: | tail -n 4');
	}

	it('explains the refusal in both languages', () => {
		const s = boot('512M,slots=32,maxmem=16G');
		run(s, 'monitor', 'object_add memory-backend-ram,id=m,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d,memdev=m');
		run(s, 'serial', `echo online > ${MEM}/memory32/state`);
		run(s, 'serial', 'cat /dev/null');
		expect(run(s, 'serial', `echo offline > ${MEM}/memory32/state`)).toBe(BUSY);
		const failed = [...s.snapshot().events].reverse().find(e => e.kind === 'offline-failed')!;
		expect(failed.reason).toMatch(/\(kmalloc-1k slab\)$/);
		const why = explainEvent(failed, s.snapshot())!;
		expect(strings('en').explanation(why)).toContain('Here it is a kmalloc-1k slab');
		expect(strings('zh').explanation(why)).toContain('kmalloc-1k 的 slab');
	});

	it('4 free, the DIMM\'s 4 blocks take them: the exec\'s new slab lands in memory32, 4 pages into its second 4 MiB chunk', () => {
		const out = firstExecAfterOnline('512M,slots=32,maxmem=16G');
		expect(out.startsWith(BUSY)).toBe(true);
		expect(out).toMatch(/pfn:0x100404\n.*order:1 .*\n.*slab\|head.*\n.*ffff888004841b00\n/);
		expect(firstExecAfterOnline('1536M,slots=32,maxmem=16G').startsWith(BUSY)).toBe(true);
		// programs before the hot-add find the 4 free and leave them (the lab's s96c flows)
		expect(firstExecAfterOnline('512M,slots=32,maxmem=16G', {before: 'cat /dev/null; cat /dev/null'}).startsWith(BUSY)).toBe(true);
	});

	it('room left for the exec (640M, 1G), or a program between the hot-add and the online that took the slab in boot memory: the block goes offline', () => {
		expect(firstExecAfterOnline('640M,slots=32,maxmem=16G').startsWith(BUSY)).toBe(false);
		expect(firstExecAfterOnline('1G,slots=32,maxmem=16G').startsWith(BUSY)).toBe(false);
		expect(firstExecAfterOnline('512M,slots=32,maxmem=16G', {between: 'cat /dev/null'}).startsWith(BUSY)).toBe(false);
	});

	it('a NOEXEC applet (`free`, `ls`) runs in the forked shell, reads no program headers and takes no slab (lab s62/k1k h-1792-man2)', () => {
		expect(firstExecAfterOnline('512M,slots=32,maxmem=16G', {program: 'free -m'}).startsWith(BUSY)).toBe(false);
		expect(firstExecAfterOnline('512M,slots=32,maxmem=16G', {program: 'ls /'}).startsWith(BUSY)).toBe(false);
		expect(firstExecAfterOnline('512M,slots=32,maxmem=16G', {program: 'grep -c . /proc/version'}).startsWith(BUSY)).toBe(true);
	});
});

describe('kmalloc-1k objects come back with a removal', () => {
	it('a DIMM removed gives its blocks\' objects back: the same size re-added uses them up again, and the exec\'s slab pins its first block', () => {
		const s = boot('512M,slots=32,maxmem=16G');
		run(s, 'monitor', 'object_add memory-backend-ram,id=m,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d,memdev=m');
		run(s, 'monitor', 'device_del d');
		expect(run(s, 'monitor', 'info memory-devices')).toBe('');
		// 4 free at boot, the DIMM took them, its removal gave them back: a second 512M DIMM takes them
		// again (without the return it would have taken a new slab from boot memory, leaving 4)
		run(s, 'monitor', 'object_add memory-backend-ram,id=m2,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d2,memdev=m2');
		run(s, 'serial', `echo online > ${MEM}/memory32/state`);
		run(s, 'serial', 'cat /dev/null');
		expect(run(s, 'serial', `echo offline > ${MEM}/memory32/state`)).toBe(BUSY);
	});
});

describe('kmalloc-1k: the serial console\'s second tty flip buffer (lab s68/tty, tty-flip-buffer-*-896M.t)', () => {
	/** An 896M guest whose 128M DIMM was auto-onlined into a ZONE_NORMAL of its own (its block device took kmalloc-1k's last object). */
	function autoOnlined896M(size = '128M'): Session {
		const s = startSession(['-machine', 'pc', '-m', '896M,slots=4,maxmem=8G', '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
			'-append', 'console=ttyS0 quiet nokaslr memhp_default_state=online_kernel', '-nographic']);
		run(s, 'monitor', `object_add memory-backend-ram,id=m1,size=${size}`);
		run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		return s;
	}
	const ejected = (s: Session) => {
		run(s, 'monitor', 'device_del d1');
		return run(s, 'serial', `cat ${MEM}/memory32/state`) !== 'online\n';
	};
	const LINE = `: ${'x'.repeat(68)}`; // 70 characters and the Enter

	it('past 512 characters typed the 8250 driver takes a second buffer, whose new slab pins the DIMM', () => {
		const s = autoOnlined896M();
		for (let i = 0; i < 8; i++) run(s, 'serial', LINE);
		expect(ejected(s)).toBe(false);
		const dump = run(s, 'serial', 'dmesg | tail -n 7');
		expect(dump).toMatch(/pfn:0x100400\n/);
		expect(dump).toMatch(/raw: 0017ffffc0010200 0000000000000000 dead000000000122 ffff888004841b00\n/);
	});

	it('the first character typed takes the first buffer: two blocks that used up what the prompt left pin its slab (tty-first-buffer-*-896M.t)', () => {
		const s = autoOnlined896M('256M');
		run(s, 'serial', ':');
		expect(ejected(s)).toBe(false);
		const dump = run(s, 'serial', 'dmesg | tail -n 7');
		// flushed by memory33's offline: on the node's partial list, the buffer its one object
		expect(dump).toMatch(/index:0xffff888100000800 pfn:0x100000\n/);
		expect(dump).toMatch(/raw: ffff888100000800 0000000000080001 00000001ffffffff 0000000000000000\n/);
		const one = autoOnlined896M('128M');
		run(one, 'serial', ':');
		expect(ejected(one)).toBe(true);
	});

	it('497 characters fit the first buffer: the eject goes through', () => {
		const s = autoOnlined896M();
		for (let i = 0; i < 7; i++) run(s, 'serial', LINE);
		expect(ejected(s)).toBe(true);
	});

	it('the monitor\'s lines are not the guest\'s input', () => {
		const s = autoOnlined896M();
		for (let i = 0; i < 20; i++) run(s, 'monitor', `info memdev ${'x'.repeat(60)}`);
		for (let i = 0; i < 7; i++) run(s, 'serial', LINE);
		expect(ejected(s)).toBe(true);
	});

	it('keys a program reads count as typed lines do', () => {
		const s = autoOnlined896M();
		for (let i = 0; i < 7; i++) run(s, 'serial', LINE);
		// 497 characters and `read v` (504), then the 71 that `read` takes cross 512
		run(s, 'serial', 'read v');
		s.ttyKeys(`${'y'.repeat(70)}\r`);
		expect(ejected(s)).toBe(false);
	});
});

describe('Acpi-State: a hot-add\'s GPE runs the interpreter too (lab s71/g gen11603)', () => {
	it('a slab taken at the hot-add, in boot memory, serves the eject: the new Normal block goes', () => {
		const s = boot('3G,slots=8,maxmem=8G');
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		run(s, 'serial', `echo online_movable > ${MEM}/memory32/state`);
		// the offline's shrink frees every cache's empty slabs, Acpi-State's among them
		expect(run(s, 'serial', `echo offline > ${MEM}/memory32/state`)).toBe('');
		run(s, 'monitor', 'object_add memory-backend-ram,id=m2,size=1G');
		run(s, 'monitor', 'device_add pc-dimm,id=d2,memdev=m2');
		// the first ZONE_NORMAL, made of this block alone
		expect(run(s, 'serial', `echo online > ${MEM}/memory36/state`)).toBe('');
		run(s, 'monitor', 'device_del d2');
		expect(run(s, 'monitor', 'info memory-devices')).not.toContain('"d2"');
		expect(run(s, 'serial', 'dmesg | grep -c "Offline failed"')).toBe('0\n');
	});
});

describe('a GPE method\'s kmalloc-96 evaluate info and kmalloc-2k walk states (lab s72/e2 p16-p20, s72/mx, mx2)', () => {
	const cold = (mem: string): Session => startSession(['-machine', 'pc', '-m', `${mem},slots=32,maxmem=8G`, '-smp', '1',
		'-object', 'memory-backend-ram,id=mem1,size=1G', '-device', 'pc-dimm,id=dimm1,memdev=mem1',
		'-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
	const refusedOn = (s: Session): string | undefined => [...s.snapshot().events].reverse().find(e => e.kind === 'offline-failed')?.reason;

	it('512M with a DIMM on the command line: the `echo online` took boot\'s last free object, and the eject\'s GPE takes the new slab from the block onlined: refused', () => {
		const s = cold('512M');
		run(s, 'serial', `echo online > ${MEM}/memory32/state`);
		run(s, 'monitor', 'device_del dimm1');
		expect(run(s, 'monitor', 'info memory-devices')).toContain('"dimm1"');
		expect(run(s, 'serial', `cat ${MEM}/memory32/state`)).toBe('online\n');
		expect(refusedOn(s)).toMatch(/\(kmalloc-96 slab\)$/);
		const failed = [...s.snapshot().events].reverse().find(e => e.kind === 'offline-failed')!;
		expect(strings('en').explanation(explainEvent(failed, s.snapshot())!)).toContain('Here it is a kmalloc-96 slab');
	});

	it.each([[1, false], [2, false], [3, true], [4, true], [7, true], [8, false], [32, false], [64, false]] as const)(
		'1G with %i slots and a DIMM on the command line: the eject is refused on kmalloc-2k\'s new slab unless boot left three free (%s)', (slots, ejected) => {
			expect(kmalloc2kFreeAtBoot(slots, 1)! >= 3).toBe(ejected);
			const s = startSession(['-machine', 'pc', '-m', `1G,slots=${slots},maxmem=16G`, '-smp', '1',
				'-object', 'memory-backend-ram,id=mem1,size=128M', '-device', 'pc-dimm,id=dimm1,memdev=mem1',
				'-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
			run(s, 'serial', `echo online > ${MEM}/memory32/state`);
			run(s, 'monitor', 'device_del dimm1');
			expect(run(s, 'monitor', 'info memory-devices').includes('"dimm1"')).toBe(!ejected);
			if (ejected) return;
			expect(refusedOn(s)).toMatch(/\(kmalloc-2k slab\)$/);
			const failed = [...s.snapshot().events].reverse().find(e => e.kind === 'offline-failed')!;
			expect(strings('en').explanation(explainEvent(failed, s.snapshot())!)).toContain('Here it is a kmalloc-2k slab');
			expect(strings('zh').explanation(explainEvent(failed, s.snapshot())!)).toContain('kmalloc-2k 的 slab');
		});

	it('the empty slab goes with another block\'s offline: an eject whose first pass offlines a second block goes through (s72/a gen12701)', () => {
		const s = cold('1G');
		run(s, 'serial', `echo online > ${MEM}/memory32/state`);
		run(s, 'serial', `echo online > ${MEM}/memory33/state`);
		run(s, 'monitor', 'device_del dimm1');
		expect(run(s, 'monitor', 'info memory-devices')).not.toContain('"dimm1"');
	});

	it('a DIMM hot-added after boot: its own GPE took the slabs in boot memory, and the later eject goes through (p18)', () => {
		const s = boot('512M,slots=32,maxmem=8G');
		run(s, 'monitor', 'object_add memory-backend-ram,id=mem1,size=1G');
		run(s, 'monitor', 'device_add pc-dimm,id=dimm1,memdev=mem1');
		run(s, 'serial', `echo online > ${MEM}/memory36/state`);
		run(s, 'monitor', 'device_del dimm1');
		expect(run(s, 'monitor', 'info memory-devices')).not.toContain('"dimm1"');
	});
});
