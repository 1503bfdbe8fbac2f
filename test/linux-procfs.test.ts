/**
 * /proc/zoneinfo, /proc/vmstat, /proc/buddyinfo, /proc/pagetypeinfo, /proc/meminfo and /proc/sys/vm
 * of the Linux 6.1 guest, read and written through the busybox shell: the kernel's exact
 * layouts, one consistent set of numbers across the files, and the sysctl handlers' effects
 * and errors.
 */
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {Shell} from '../source/machine/shell/index.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';
import {printed, startSession} from './session-helpers.js';

const MiB = 1024 * 1024;
const MEM = '/sys/devices/system/memory';

function boot(ramMiB = 1024, cpus = 2) {
	const fw = new FakeFirmware(4);
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB, maxMiB: 8192, slots: 4, cpus}), firmware: fw, clock: new VirtualClock(), console: () => {}});
	const sh = new Shell(g.syscalls, {columns: 80});
	const out = (line: string) => sh.run(line).output;
	const plug = (slot: number, addr: number, size: number) => {
		fw.plug(slot, addr, size);
		g.raiseMemoryHotplugGpe();
	};
	const unplug = (slot: number) => {
		fw.requestUnplug(slot);
		g.raiseMemoryHotplugGpe();
		return fw.ejected.includes(slot);
	};
	return {g, sh, out, plug, unplug};
}

/** `name value` lines (vmstat) or `Label: value` (meminfo) as a map. */
function pairs(text: string, sep: RegExp): Map<string, number> {
	const m = new Map<string, number>();
	for (const line of text.trim().split('\n')) {
		const [k, v] = line.split(sep);
		m.set(k!, Number(v!.replace(/ kB$/, '')));
	}
	return m;
}

/** The sections of /proc/zoneinfo by zone name. */
function zoneSections(text: string): Map<string, string> {
	const m = new Map<string, string>();
	for (const sec of text.split(/^(?=Node 0, zone )/m)) {
		const name = /^Node 0, zone +(\S+)/.exec(sec)![1]!;
		m.set(name, sec);
	}
	return m;
}

const num = (sec: string, re: RegExp): number => Number(re.exec(sec)![1]);

/**
 * vmstat_text[] of 6.1 with Debian's config (NUMA, NUMA_BALANCING, ZSMALLOC, SWAP, THP, COMPACTION,
 * ZONE_DEVICE, no CMA): the lab guest's /proc/vmstat names in its order (session 23).
 */
const VMSTAT_NAMES = [
	'nr_free_pages', 'nr_zone_inactive_anon', 'nr_zone_active_anon', 'nr_zone_inactive_file', 'nr_zone_active_file',
	'nr_zone_unevictable', 'nr_zone_write_pending', 'nr_mlock', 'nr_bounce', 'nr_zspages', 'nr_free_cma', 'numa_hit',
	'numa_miss', 'numa_foreign', 'numa_interleave', 'numa_local', 'numa_other', 'nr_inactive_anon', 'nr_active_anon',
	'nr_inactive_file', 'nr_active_file', 'nr_unevictable', 'nr_slab_reclaimable', 'nr_slab_unreclaimable',
	'nr_isolated_anon', 'nr_isolated_file', 'workingset_nodes', 'workingset_refault_anon', 'workingset_refault_file',
	'workingset_activate_anon', 'workingset_activate_file', 'workingset_restore_anon', 'workingset_restore_file',
	'workingset_nodereclaim', 'nr_anon_pages', 'nr_mapped', 'nr_file_pages', 'nr_dirty', 'nr_writeback',
	'nr_writeback_temp', 'nr_shmem', 'nr_shmem_hugepages', 'nr_shmem_pmdmapped', 'nr_file_hugepages', 'nr_file_pmdmapped',
	'nr_anon_transparent_hugepages', 'nr_vmscan_write', 'nr_vmscan_immediate_reclaim', 'nr_dirtied', 'nr_written',
	'nr_throttled_written', 'nr_kernel_misc_reclaimable', 'nr_foll_pin_acquired', 'nr_foll_pin_released',
	'nr_kernel_stack', 'nr_page_table_pages', 'nr_sec_page_table_pages', 'nr_swapcached', 'pgpromote_success',
	'pgpromote_candidate', 'nr_dirty_threshold', 'nr_dirty_background_threshold', 'pgpgin', 'pgpgout', 'pswpin',
	'pswpout', 'pgalloc_dma', 'pgalloc_dma32', 'pgalloc_normal', 'pgalloc_movable', 'pgalloc_device', 'allocstall_dma',
	'allocstall_dma32', 'allocstall_normal', 'allocstall_movable', 'allocstall_device', 'pgskip_dma', 'pgskip_dma32',
	'pgskip_normal', 'pgskip_movable', 'pgskip_device', 'pgfree', 'pgactivate', 'pgdeactivate', 'pglazyfree', 'pgfault',
	'pgmajfault', 'pglazyfreed', 'pgrefill', 'pgreuse', 'pgsteal_kswapd', 'pgsteal_direct', 'pgdemote_kswapd',
	'pgdemote_direct', 'pgscan_kswapd', 'pgscan_direct', 'pgscan_direct_throttle', 'pgscan_anon', 'pgscan_file',
	'pgsteal_anon', 'pgsteal_file', 'zone_reclaim_failed', 'pginodesteal', 'slabs_scanned', 'kswapd_inodesteal',
	'kswapd_low_wmark_hit_quickly', 'kswapd_high_wmark_hit_quickly', 'pageoutrun', 'pgrotated', 'drop_pagecache',
	'drop_slab', 'oom_kill', 'numa_pte_updates', 'numa_huge_pte_updates', 'numa_hint_faults', 'numa_hint_faults_local',
	'numa_pages_migrated', 'pgmigrate_success', 'pgmigrate_fail', 'thp_migration_success', 'thp_migration_fail',
	'thp_migration_split', 'compact_migrate_scanned', 'compact_free_scanned', 'compact_isolated', 'compact_stall',
	'compact_fail', 'compact_success', 'compact_daemon_wake', 'compact_daemon_migrate_scanned',
	'compact_daemon_free_scanned', 'htlb_buddy_alloc_success', 'htlb_buddy_alloc_fail', 'unevictable_pgs_culled',
	'unevictable_pgs_scanned', 'unevictable_pgs_rescued', 'unevictable_pgs_mlocked', 'unevictable_pgs_munlocked',
	'unevictable_pgs_cleared', 'unevictable_pgs_stranded', 'thp_fault_alloc', 'thp_fault_fallback',
	'thp_fault_fallback_charge', 'thp_collapse_alloc', 'thp_collapse_alloc_failed', 'thp_file_alloc', 'thp_file_fallback',
	'thp_file_fallback_charge', 'thp_file_mapped', 'thp_split_page', 'thp_split_page_failed', 'thp_deferred_split_page',
	'thp_split_pmd', 'thp_scan_exceed_none_pte', 'thp_scan_exceed_swap_pte', 'thp_scan_exceed_share_pte', 'thp_split_pud',
	'thp_zero_page_alloc', 'thp_zero_page_alloc_failed', 'thp_swpout', 'thp_swpout_fallback', 'balloon_inflate',
	'balloon_deflate', 'balloon_migrate', 'swap_ra', 'swap_ra_hit', 'ksm_swpin_copy', 'cow_ksm', 'zswpin', 'zswpout',
	'direct_map_level2_splits', 'direct_map_level3_splits', 'nr_unstable',
];

describe('/proc/zoneinfo', () => {
	it('has the 6.1 layout: per-node stats on the first populated zone, pagesets per CPU, ZONE_DEVICE last', () => {
		const {out} = boot(1024, 2);
		const text = out('cat /proc/zoneinfo');
		const z = zoneSections(text);
		expect([...z.keys()]).toEqual(['DMA', 'DMA32', 'Normal', 'Movable', 'Device']);
		const dma = z.get('DMA')!;
		const lines = dma.split('\n');
		// The first program after boot: 426 of the 507 anon LRU pages active (the lab: 426 and 77-88).
		expect(lines.slice(0, 4)).toEqual(['Node 0, zone      DMA', '  per-node stats', '      nr_inactive_anon 81', '      nr_active_anon 426']);
		// The 43 node_stat_item counters, `%-12s %lu` after six spaces.
		const nodeLines = lines.slice(2, 45);
		expect(nodeLines.map(l => l.trim().split(/ +/)[0])).toEqual(VMSTAT_NAMES.slice(17, 60));
		expect(nodeLines).toContain('      nr_mapped    432');
		expect(nodeLines).toContain('      nr_dirty     0');
		// ZONE_DMA's 3840 managed pages less the GFP_KERNEL|GFP_DMA atomic pool (128 KiB at 1G), as in the lab.
		expect(lines[45]).toBe('  pages free     3808');
		expect(lines.slice(46, 55).map(l => l.replace(/\d+/g, 'N'))).toEqual([
			'        boost    N', '        min      N', '        low      N', '        high     N', '        spanned  N',
			'        present  N', '        managed  N', '        cma      N', '        protection: (N, N, N, N, N)',
		]);
		expect(lines.slice(55, 72).map(l => l.trim().split(/ +/)[0])).toEqual(VMSTAT_NAMES.slice(0, 17));
		expect(lines).toContain('      nr_mlock     0');
		// One allocation from ZONE_DMA since boot: the GFP_DMA atomic pool (the lab's zoneinfo says the same).
		expect(lines).toContain('      numa_hit     1');
		// ...made by an initcall, under the init task's interleave policy.
		expect(lines).toContain('      numa_interleave 1');
		// zone_batchsize() of 3840 pages is 0, raised to 1; high = max(low / 2 CPUs, 4 * batch).
		expect(dma.slice(dma.indexOf('  pagesets'))).toBe(
			'  pagesets\n'
			+ '    cpu: 0\n              count: 0\n              high:  118\n              batch: 1\n  vm stats threshold: 4\n'
			+ '    cpu: 1\n              count: 0\n              high:  118\n              batch: 1\n  vm stats threshold: 4\n'
			+ '  node_unreclaimable:  0\n  start_pfn:           1\n');
		const dma32 = z.get('DMA32')!;
		expect(dma32).not.toContain('per-node stats');
		// CPU 1's list holds what its processes freed at boot, seven and a half batches (the lab's 1G,
		// 2-CPU guests: 2338 and 706, 1743 and 1156, 244 and 2633, 432 more in all than one CPU's);
		// this first open of /proc/zoneinfo took CPU 0's newest page for pde_opener's first slab,
		// and boot's lists hold 80 pages fewer than the fit's (pcp-boot.ts, DMA32_LISTED_AS_KERNEL).
		expect(dma32).toMatch(/\n {4}cpu: 0\n {14}count: 2479\n {14}high: {2}6920\n {14}batch: 63\n {2}vm stats threshold: 16\n {4}cpu: 1\n {14}count: 473\n/);
		expect(dma32.endsWith('  node_unreclaimable:  0\n  start_pfn:           4096\n')).toBe(true);
		// Unpopulated zones stop after the protection line.
		expect(z.get('Normal')).toBe('Node 0, zone   Normal\n  pages free     0\n        boost    0\n        min      0\n        low      0\n'
			+ '        high     0\n        spanned  0\n        present  0\n        managed  0\n        cma      0\n        protection: (0, 0, 0, 0, 0)\n');
		expect(z.get('Device')).toBe(z.get('Normal')!.replace('zone   Normal', 'zone   Device'));
		expect(out('ls -l /proc/zoneinfo')).toMatch(/^-r-------- /);
	});

	it('vm stats threshold follows calculate_normal_threshold(): CPUs and the zone size at the last watermark setup', () => {
		const {out, plug} = boot(1024, 1);
		expect(out('grep threshold /proc/zoneinfo')).toBe('  vm stats threshold: 2\n  vm stats threshold: 8\n');
		plug(0, 0x100000000, 512 * MiB);
		out(`for i in 32 33 34 35; do echo online_movable > ${MEM}/memory$i/state; done`);
		// 131072 pages: mem = 4 (128 MiB units), 2 * fls(1) * (1 + fls(4)) = 8.
		expect(out('grep threshold /proc/zoneinfo')).toBe('  vm stats threshold: 2\n  vm stats threshold: 8\n  vm stats threshold: 8\n');
	});
});

describe('one story across meminfo, zoneinfo, vmstat, buddyinfo and pagetypeinfo', () => {
	function check(out: (l: string) => string) {
		// Two reads: the first lookups of these files allocate dentries (pages move); the second is
		// stable. One NOEXEC applet reads them all: programs exec'd in between would hold /proc
		// inodes of their own, and one of them might take a new slab between two files.
		const cmd = 'head -n 100000 /proc/meminfo /proc/zoneinfo /proc/vmstat /proc/buddyinfo /proc/pagetypeinfo';
		out(cmd);
		const [mi, zi, vs, bi, pt] = out(cmd).split(/\n?==> \/proc\/\w+ <==\n/).slice(1);
		const meminfo = pairs(mi!, /:\s+/);
		const vmstat = pairs(vs!, / /);
		const zones = zoneSections(zi!);
		let free = 0;
		let inactive = 0;
		let active = 0;
		const populated = [...zones.values()].filter(s => s.includes('pagesets'));
		for (const s of zones.values()) {
			free += num(s, /pages free +(\d+)/);
			if (s.includes('pagesets')) {
				expect(num(s, /nr_free_pages (\d+)/)).toBe(num(s, /pages free +(\d+)/));
				inactive += num(s, /nr_zone_inactive_anon (\d+)/);
				active += num(s, /nr_zone_active_anon (\d+)/);
			}
		}
		expect(meminfo.get('MemFree')! / 4).toBe(free);
		expect(vmstat.get('nr_free_pages')).toBe(free);
		expect(vmstat.get('nr_zone_inactive_anon')).toBe(inactive);
		expect(vmstat.get('nr_inactive_anon')).toBe(inactive);
		expect(vmstat.get('nr_active_anon')).toBe(active);
		expect(meminfo.get('Active(anon)')! / 4).toBe(active);
		expect(meminfo.get('Inactive(anon)')! / 4).toBe(inactive);
		expect(meminfo.get('Active(anon)')! + meminfo.get('Inactive(anon)')!).toBe(meminfo.get('Shmem')! + meminfo.get('AnonPages')!);
		expect(meminfo.get('SReclaimable')! / 4).toBe(vmstat.get('nr_slab_reclaimable'));
		expect(meminfo.get('SUnreclaim')! / 4).toBe(vmstat.get('nr_slab_unreclaimable'));
		expect(meminfo.get('Shmem')! / 4).toBe(vmstat.get('nr_shmem'));
		expect(meminfo.get('Cached')! / 4).toBe(vmstat.get('nr_file_pages'));
		expect(meminfo.get('Mapped')! / 4).toBe(vmstat.get('nr_mapped'));
		expect(meminfo.get('KernelStack')).toBe(vmstat.get('nr_kernel_stack'));
		expect(meminfo.get('PageTables')! / 4).toBe(vmstat.get('nr_page_table_pages'));
		// The per-node block of zoneinfo is the node part of vmstat.
		const node = zones.get('DMA')!.split('  pages free')[0]!;
		for (const line of node.split('\n').slice(2, -1)) {
			const [k, v] = line.trim().split(/ +/);
			expect(vmstat.get(k!), k).toBe(Number(v));
		}
		// numa_hit of the zones adds up to vmstat's (same read: vmstat samples after zoneinfo, so >=).
		const hits = populated.reduce((n, s) => n + num(s, /numa_hit +(\d+)/), 0);
		expect(vmstat.get('numa_hit')! >= hits).toBe(true);
		expect(vmstat.get('numa_local')).toBe(vmstat.get('numa_hit'));
		// buddyinfo: free blocks per order add up to each zone's free pages; pagetypeinfo splits them by type.
		const buddy = bi!.split('\n').filter(Boolean);
		expect(buddy).toHaveLength(populated.length);
		for (const line of buddy) {
			const name = /zone +(\S+)/.exec(line)![1]!;
			const orders = line.trim().split(/ +/).slice(4).map(Number);
			expect(line).toBe(`Node 0, zone ${name.padStart(8)} ${orders.map(n => `${String(n).padStart(6)} `).join('')}`);
			expect(orders).toHaveLength(11);
			expect(orders.reduce((n, c, o) => n + c * 2 ** o, 0), name).toBe(num(zones.get(name)!, /pages free +(\d+)/));
			const perType = pt!.split('\n').filter(l => l.startsWith(`Node    0, zone ${name.padStart(8)}, type`));
			expect(perType).toHaveLength(5);
			const sum = new Array<number>(11).fill(0);
			for (const l of perType) l.slice(43).trim().split(/ +/).forEach((n, o) => (sum[o]! += Number(n)));
			expect(sum, name).toEqual(orders);
		}
	}

	it('at boot', () => {
		check(boot(1024, 2).out);
	});

	it('after hot-add with Movable and Normal blocks, an offline and a hot-remove of memmap', () => {
		const {out, plug, unplug} = boot(1024, 1);
		plug(0, 0x100000000, 512 * MiB);
		out(`echo online_movable > ${MEM}/memory32/state; echo online_kernel > ${MEM}/memory33/state; echo online_movable > ${MEM}/memory34/state`);
		check(out);
		out(`echo offline > ${MEM}/memory34/state`);
		check(out);
		// The procfs and sysfs files read since the online left a slab in the Normal block, which
		// drop_caches does not empty (as in the lab): memory33 stays, and so does the DIMM.
		out(`echo 2 > /proc/sys/vm/drop_caches; for i in 32 33; do echo offline > ${MEM}/memory$i/state; done`);
		expect(out(`cat ${MEM}/memory33/state`)).toBe('online\n');
		expect(unplug(0)).toBe(false);
		check(out);
	});

	it('after hot-add with Movable blocks, an offline and a hot-remove of memmap', () => {
		const {out, plug, unplug} = boot(1024, 1);
		plug(0, 0x100000000, 512 * MiB);
		out(`echo online_movable > ${MEM}/memory32/state; echo online_movable > ${MEM}/memory33/state; echo online_movable > ${MEM}/memory34/state`);
		check(out);
		out(`echo offline > ${MEM}/memory34/state`);
		check(out);
		out(`for i in 32 33; do echo offline > ${MEM}/memory$i/state; done`);
		expect(unplug(0)).toBe(true);
		// The removed DIMM's memmap went back as 2 MiB pages onto DMA32's pcp list (count).
		expect(Number(/DMA32[^]*?count: (\d+)/.exec(out('cat /proc/zoneinfo'))![1])).toBeGreaterThanOrEqual(2560 + 512);
		check(out);
	});
});

describe('pcp lists over their high mark', () => {
	it('a hot-add\'s memmap batch pushes a small zone\'s list over high; the next program\'s exit empties it, and its next allocation takes one batch', () => {
		const {out, plug} = boot(512, 1);
		const pcp = () => Number(/zone +DMA32[^]*?count: (\d+)[^]*?high: +(\d+)/.exec(out('cat /proc/zoneinfo'))![1]);
		const high = () => Number(/zone +DMA32[^]*?count: (\d+)[^]*?high: +(\d+)/.exec(out('cat /proc/zoneinfo'))![2]);
		const before = pcp();
		expect(before).toBeLessThanOrEqual(high());
		// 384M and 256M: five sections' memmaps, order-9 pages that rmqueue_bulk() takes two at a time.
		plug(2, 0x100000000, 384 * MiB);
		plug(0, 0x118000000, 256 * MiB);
		out('ls / > /dev/null');
		// As in the lab (615 at boot, 69 after): emptied, then refilled a batch of 31 pages
		// (zone_batchsize()) at a time by the allocations since, what they did not use left on it.
		expect(pcp()).toBeLessThan(before);
		expect(pcp()).toBeLessThanOrEqual(high());
		expect(pcp()).toBeGreaterThan(31);
		expect(pcp()).toBeLessThan(3 * 31);
	});

	it('the hot-add\'s own frees empty the list before anyone reads MemFree; a 1G guest keeps the spare 2 MiB page', () => {
		const memFree = (out: (l: string) => string) => Number(/MemFree: +(\d+)/.exec(out('cat /proc/meminfo'))![1]);
		const count = (out: (l: string) => string) => Number(/zone +DMA32[^]*?count: (\d+)/.exec(out('cat /proc/zoneinfo'))![1]);
		// The lab's 512M guest, one 128M DIMM: MemFree +216 kB, DMA32's list from 619 to 75 pages.
		const small = boot(512, 1);
		const free0 = memFree(small.out);
		small.plug(0, 0x100000000, 128 * MiB);
		expect(memFree(small.out) - free0).toBeGreaterThan(0);
		expect(count(small.out)).toBeLessThan(100);
		// Its 1G guest: MemFree -4096 kB (two 2 MiB pages out of the buddy allocator), the list +512.
		const big = boot(1024, 1);
		const free1 = memFree(big.out);
		const count1 = count(big.out);
		big.plug(0, 0x100000000, 128 * MiB);
		expect(free1 - memFree(big.out)).toBeGreaterThanOrEqual(4096);
		// (less the hot-add's own kernel pages, which the list gives first)
		expect(count(big.out) - count1).toBeLessThanOrEqual(512);
		expect(count(big.out) - count1).toBeGreaterThanOrEqual(512 - 8);
	});
});

describe('/proc/meminfo', () => {
	it('KernelStack: one 16 KiB stack per task alive, seven tasks per CPU; 864 kB on the raw 2-CPU run (MemTotal 926152 kB)', () => {
		const kstack = (cpus: number, ram = 1024) => Number(/KernelStack: +(\d+) kB/.exec(boot(ram, cpus).out('cat /proc/meminfo'))![1]);
		expect(kstack(2)).toBe(864);
		expect(kstack(4) - kstack(2)).toBe(2 * 7 * 16);
		// Under 512 MiB of RAM hugepage_init() turns THP off and starts no khugepaged: one task
		// less (the lab's one-CPU guests: 736 kB at 512M, 748-752 from 1536M up, s46/r19)
		expect(kstack(1)).toBe(752);
		expect(kstack(1, 512)).toBe(736);
	});

	it('Percpu: 65 populated pages times pcpu_nr_units, padding units included (the lab: 260, 520, 1040, 1040 kB)', () => {
		const percpu = (cpus: number) => Number(/Percpu: +(\d+) kB/.exec(boot(1024, cpus).out('cat /proc/meminfo'))![1]);
		expect([1, 2, 3, 4].map(percpu)).toEqual([260, 520, 1040, 1040]);
	});

	it('SReclaimable by CPU count: more with two and three CPUs, back to one CPU\'s with four (the lab\'s 1G boots, s36/b4), so `free -m` shows 10 MiB of buff/cache there', () => {
		const field = (cpus: number) => Number(/SReclaimable: +(\d+) kB/.exec(boot(1024, cpus).out('cat /proc/meminfo'))![1]);
		const lab: Array<[number, number]> = [[2, 8878], [3, 8940], [4, 8756], [5, 8772], [6, 8812], [7, 8932], [8, 9020], [16, 9300]];
		const one = field(1);
		for (const [cpus, kb] of lab) {
			expect(Math.abs(field(cpus) - kb), `${cpus} CPUs`).toBeLessThanOrEqual(32);
		}
		expect(Math.abs(field(4) - one)).toBeLessThanOrEqual(16);
		const s = startSession(['-machine', 'pc', '-m', '1G,slots=8,maxmem=12G', '-smp', '4', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
		const row = /Mem: +(\d+) +(\d+) +(\d+) +(\d+) +(\d+)/.exec(printed(s, 'serial', 'free -m'))!;
		expect(Number(row[5])).toBe(10);
	});

	it('VmallocUsed by CPU count (the spec\'s two-CPU run; the lab\'s one, three and four CPUs)', () => {
		const field = (cpus: number, name: string) => Number(new RegExp(`${name}: +(\\d+) kB`).exec(boot(1024, cpus).out('cat /proc/meminfo'))![1]);
		expect([1, 2, 3, 4, 8].map(n => field(n, 'VmallocUsed'))).toEqual([7356, 5596, 4964, 5348, 5348]);
	});

	it('numa_hit and numa_interleave of the zones under the kernel\'s: the atomic pools, one interleaved request each (the lab\'s DMA, and its DMA32 once ZONE_NORMAL exists: 3584M on)', () => {
		const numa = (ramMiB: number) => {
			const zi = boot(ramMiB, 1).out('cat /proc/zoneinfo');
			return Object.fromEntries(zi.split(/(?=^Node 0, zone)/m).map(sec => [/zone +(\w+)/.exec(sec)![1],
				[Number(/numa_hit +(\d+)/.exec(sec)?.[1]), Number(/numa_interleave +(\d+)/.exec(sec)?.[1])]]));
		};
		const small = numa(1024);
		expect(small.DMA).toEqual([1, 1]);
		// DMA32 is the kernel's zone at 1G: boot's interleaved initcall pages (hundreds) are there.
		expect(small.DMA32![1]).toBeGreaterThan(600);
		const big = numa(4096);
		expect(big.DMA).toEqual([1, 1]);
		expect(big.DMA32).toEqual([1, 1]);
		expect(big.Normal![1]).toBeGreaterThan(600);
	});

	it('DirectMap4k as the lab\'s boots had it (s48/r27: one CPU at 256M-8G, two at 512M-4G; s56: two at 256M-16G, three and four CPUs; s61: two at 32G and 48G; all `quiet`; the spec\'s two-CPU 512M without `quiet`), the 2M part the rest of RAM, and both unchanged by a hot-add', () => {
		const direct = (ramMiB: number, cpus: number, cmdline?: string) => {
			const fw = new FakeFirmware(4);
			const g = new LinuxGuest({boot: pcBootInfo({ramMiB, maxMiB: 8192, slots: 4, cpus, cmdline}), firmware: fw, clock: new VirtualClock(), console: () => {}});
			const sh = new Shell(g.syscalls, {columns: 80});
			const read = () => /DirectMap4k: +(\d+) kB\nDirectMap2M: +(\d+) kB/.exec(sh.run('cat /proc/meminfo').output)!.slice(1).map(Number);
			return {read, plug: (addr: number, size: number) => { fw.plug(0, addr, size); g.raiseMemoryHotplugGpe(); }};
		};
		const lab: Array<[number, number, number]> = [[256, 1, 24448], [384, 1, 26496], [512, 1, 26496], [544, 1, 24448], [608, 1, 24448],
			[704, 1, 24448], [1024, 1, 24448], [4096, 1, 24448], [8192, 1, 24448], [512, 2, 26496], [1024, 2, 26496], [4096, 2, 24448],
			[3072, 1, 24448], [256, 2, 24448], [320, 2, 26496], [384, 2, 26496], [1536, 2, 26496], [2048, 2, 26496], [2560, 2, 26496],
			[3072, 2, 26496], [3200, 2, 26496], [3584, 2, 26496], [5120, 2, 24448], [6144, 2, 26496], [7168, 2, 26496], [8192, 2, 26496],
			[10240, 2, 26496], [12288, 2, 26496], [16384, 2, 26496], [512, 3, 26496], [1024, 3, 26496], [2048, 3, 26496], [4096, 3, 26496],
			[512, 4, 26496], [1024, 4, 24448], [2048, 4, 26496], [32768, 2, 24448], [49152, 2, 24448]];
		for (const [ram, cpus, kb] of lab) {
			const [k4, m2] = direct(ram, cpus).read();
			expect(k4, `${ram}M ${cpus} CPU`).toBe(kb);
			// e820 RAM: all of it less the 128 KiB QEMU's BIOS keeps under the 32-bit top (and the 3G split above 4G).
			if (ram <= 2048) expect(k4 + m2, `${ram}M`).toBe(ram * 1024 - 128);
		}
		expect(direct(512, 2, 'console=ttyS0').read()[0]).toBe(28544);
		const d = direct(1024, 1);
		d.plug(0x100000000, 512 << 20);
		expect(d.read()).toEqual([24448, 1024000 + 524288]);
	});
});

describe('/proc/loadavg and /proc/swaps', () => {
	it('loadavg: idle averages, the reader running, every task, the last pid (the reader\'s)', () => {
		const {out} = boot(1024, 1);
		const tasks = out('ls -d /proc/[0-9]*').trim().split(/\s+/).length;
		const [a, b] = [out('cat /proc/loadavg'), out('cat /proc/loadavg')];
		expect(a).toMatch(new RegExp(`^0\\.00 0\\.00 0\\.00 1/${tasks + 1} (\\d+)\n$`));
		// Each cat is a new task with the next pid.
		expect(Number(b.split(' ')[4]) - Number(a.split(' ')[4])).toBe(1);
	});

	it('swaps: no swap device, the header alone (tabs as the kernel writes them)', () => {
		expect(boot().out('cat /proc/swaps')).toBe('Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n');
	});
});

describe('/proc/vmstat', () => {
	it('prints vmstat_text in 6.1 order, `name value`', () => {
		const {out} = boot();
		const lines = out('cat /proc/vmstat').trim().split('\n');
		expect(lines.map(l => l.split(' ')[0])).toEqual(VMSTAT_NAMES);
		for (const l of lines) expect(l).toMatch(/^[a-z0-9_]+ \d+$/);
		expect(out('ls -l /proc/vmstat /proc/buddyinfo /proc/pagetypeinfo').split('\n').map(l => l.slice(0, 10))).toEqual(['-r--r--r--', '-r--------', '-r--r--r--', '']);
	});

	it('nr_dirty_threshold and the background one come from dirtyable memory and the vm.dirty_* sysctls', () => {
		const {out} = boot();
		out('cat /proc/vmstat /proc/zoneinfo /proc/sys/vm/dirty_ratio /proc/sys/vm/dirty_bytes > /dev/null');
		const expected = () => {
			// global_dirtyable_memory(): free pages above totalreserve_pages (+1), no file LRU here.
			const zones = zoneSections(out('cat /proc/zoneinfo'));
			let free = 0;
			let reserve = 0;
			for (const s of zones.values()) {
				free += num(s, /pages free +(\d+)/);
				const prot = /protection: \(([^)]*)\)/.exec(s)![1]!.split(', ').map(Number);
				reserve += Math.min(Math.max(...prot) + num(s, /high +(\d+)/), num(s, /managed +(\d+)/));
			}
			return free - Math.min(free, reserve) + 1;
		};
		const dirty = () => out('grep dirty.*threshold /proc/vmstat');
		const avail = expected();
		// (20 * 4096 / 100) and (10 * 4096 / 100) in 1/PAGE_SIZE units.
		expect(dirty()).toBe(`nr_dirty_threshold ${Math.floor((819 * avail) / 4096)}\nnr_dirty_background_threshold ${Math.floor((409 * avail) / 4096)}\n`);
		out('echo 40 > /proc/sys/vm/dirty_ratio; echo 50 > /proc/sys/vm/dirty_background_ratio');
		// A background threshold at or above the threshold is halved from it.
		const t = Math.floor((1638 * avail) / 4096);
		expect(dirty()).toBe(`nr_dirty_threshold ${t}\nnr_dirty_background_threshold ${Math.floor(t / 2)}\n`);
		expect(out('echo 1000000 > /proc/sys/vm/dirty_bytes; cat /proc/sys/vm/dirty_ratio /proc/sys/vm/dirty_bytes')).toBe('0\n1000000\n');
		expect(dirty()).toBe('nr_dirty_threshold 245\nnr_dirty_background_threshold 122\n');
		expect(out('echo 4096 > /proc/sys/vm/dirty_bytes; echo $?')).toBe('sh: write error: Invalid argument\n1\n');
	});

	it('event counters grow with what the guest does: faults and allocations per program, pgfree for onlined memory', () => {
		const {out, plug} = boot(1024, 1);
		const read = () => pairs(out('cat /proc/vmstat'), / /);
		const a = read();
		const b = read();
		// One `cat` ran in between: a busybox process's faults and pages.
		expect(b.get('pgfault')! - a.get('pgfault')!).toBe(64);
		expect(b.get('pgalloc_dma32')! - a.get('pgalloc_dma32')!).toBe(40);
		expect(b.get('pgfree')! - a.get('pgfree')!).toBe(40);
		expect(b.get('numa_hit')! - a.get('numa_hit')!).toBe(40);
		// pgfree - pgalloc = pages free in the buddy allocator and on the pcp lists.
		const zones = zoneSections(out('cat /proc/zoneinfo'));
		const c = read();
		let idle = 0;
		for (const s of zones.values()) if (s.includes('pagesets')) idle += num(s, /pages free +(\d+)/) + num(s, /count: (\d+)/);
		const allocs = ['dma', 'dma32', 'normal', 'movable'].reduce((n, z) => n + c.get(`pgalloc_${z}`)!, 0);
		expect(c.get('pgfree')! - allocs).toBe(idle);
		plug(0, 0x100000000, 128 * MiB);
		out(`echo online_movable > ${MEM}/memory32/state`);
		const d = read();
		// online_pages() freed 32768 pages into the buddy allocator, the `cat` its own 40; the new
		// DIMM's memmap (one 2 MiB page per section) came from DMA32; programs now allocate from Movable.
		expect(d.get('pgfree')! - c.get('pgfree')!).toBe(32768 + 40);
		expect(d.get('pgalloc_dma32')! - c.get('pgalloc_dma32')!).toBeGreaterThanOrEqual(512);
		expect(d.get('pgalloc_movable')).toBe(40);
		for (const k of VMSTAT_NAMES.filter(n => /^(pg|numa_hit)/.test(n))) expect(d.get(k)! >= c.get(k)!, k).toBe(true);
	});

	it('vm.numa_stat=0 clears and stops the NUMA counters, with the kernel message', () => {
		const {out, g} = boot();
		expect(Number(/numa_hit (\d+)/.exec(out('cat /proc/vmstat'))![1])).toBeGreaterThan(0);
		expect(out('echo 0 > /proc/sys/vm/numa_stat; grep -E "^numa_(hit|local)" /proc/vmstat; grep numa_hit /proc/zoneinfo')).toBe(
			'numa_hit 0\nnuma_local 0\n      numa_hit     0\n      numa_hit     0\n');
		expect(g.syscalls.syslogRead()).toMatch(/\] disable numa statistics, and clear numa counters\n$/);
		out('echo 0 > /proc/sys/vm/numa_stat');
		expect(g.syscalls.syslogRead().match(/disable numa/g)).toHaveLength(1);
		out('echo 1 > /proc/sys/vm/numa_stat; cat /proc/vmstat > /dev/null');
		expect(g.syscalls.syslogRead()).toMatch(/\] enable numa statistics\n$/);
		// Counting again from 0: the two programs run since (cat and grep).
		expect(out('grep ^numa_hit /proc/vmstat')).toBe('numa_hit 80\n');
	});
});

describe('/proc/pagetypeinfo', () => {
	it('prints the free lists per migratetype and the pageblock table of every populated zone', () => {
		const {out, plug} = boot(1024, 1);
		plug(0, 0x100000000, 256 * MiB);
		out(`echo online_movable > ${MEM}/memory32/state`);
		const text = out('cat /proc/pagetypeinfo');
		const lines = text.split('\n');
		expect(lines.slice(0, 4)).toEqual(['Page block order: 9', 'Pages per block:  512', '',
			'Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10 ']);
		expect(lines.slice(4, 19).map(l => l.slice(0, 44))).toEqual(['DMA', 'DMA32', 'Movable'].flatMap(z =>
			['Unmovable', 'Movable', 'Reclaimable', 'HighAtomic', 'Isolate'].map(t => `Node    0, zone ${z.padStart(8)}, type ${t.padStart(12)} `)));
		expect(lines[18]).toBe('Node    0, zone  Movable, type      Isolate      0      0      0      0      0      0      0      0      0      0      0 ');
		expect(lines[17]).toBe('Node    0, zone  Movable, type   HighAtomic      0      0      0      0      0      0      0      0      0      0      0 ');
		expect(lines.slice(19)).toEqual([
			'',
			'Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic      Isolate ',
			// DMA spans pfn 1-4095: eight pageblocks, the first stolen for the GFP_DMA atomic pool (as in the lab).
			'Node 0, zone      DMA            1            7            0            0            0 ',
			// The slab and page tables of boot, plus the new DIMM's memmap (one pageblock per section),
			// counted per block (boot's pages fill memory0; the lab's kernel spreads over 51 pageblocks).
			expect.stringMatching(/^Node 0, zone {4}DMA32 {11}10 {10}489 {12}5 {12}0 {12}0 $/),
			// Only the block onlined as movable counts: its 64 pageblocks (32768 pages).
			'Node 0, zone  Movable            0           64            0            0            0 ',
			'',
		]);
		const dma32Blocks = lines[22]!.trim().split(/ +/).slice(4).map(Number).reduce((a, b) => a + b, 0);
		expect(dma32Blocks).toBe(Math.ceil(258016 / 512));
	});
});

describe('/proc/sys/vm', () => {
	it('lists the 6.1 files with their modes (drop_caches and compact_memory write-only, mmap_rnd_bits root-only)', () => {
		const {out} = boot();
		const ls = out('ls -l /proc/sys/vm');
		const mode = (name: string) => new RegExp(`^(\\S+) .* ${name}$`, 'm').exec(ls)?.[1];
		expect(mode('drop_caches')).toBe('--w-------');
		expect(mode('compact_memory')).toBe('--w-------');
		expect(mode('mmap_rnd_bits')).toBe('-rw-------');
		expect(mode('stat_refresh')).toBe('-rw-------');
		expect(mode('min_free_kbytes')).toBe('-rw-r--r--');
		expect(ls.trim().split('\n')).toHaveLength(1 + 50);
		expect(out('ls -ld /proc/sys /proc/sys/vm')).toMatch(/^dr-xr-xr-x .* \/proc\/sys\ndr-xr-xr-x .* \/proc\/sys\/vm\n$/);
		expect(out('cd /proc/sys/vm; cat swappiness overcommit_memory overcommit_ratio watermark_boost_factor watermark_scale_factor lowmem_reserve_ratio percpu_pagelist_high_fraction numa_zonelist_order page-cluster vfs_cache_pressure'))
			.toBe('60\n0\n50\n15000\n10\n256\t256\t32\t0\t0\n0\nNode\n3\n100\n');
		expect(out('cat /proc/sys/vm/drop_caches; echo $?')).toBe("cat: can't open '/proc/sys/vm/drop_caches': Permission denied\n1\n");
		expect(out('echo 1 > /proc/sys/vm/nr_free_pages')).toBe("sh: can't create /proc/sys/vm/nr_free_pages: nonexistent directory\n");
	});

	it('parses like proc_dointvec_minmax: 0x and 0 prefixes, whitespace, EINVAL for garbage and out-of-range values', () => {
		const {out} = boot();
		// (printf, a builtin writing through stdio, fails silently: lab s49/r35 e7)
		const set = (v: string) => out(`printf '${v}' > /proc/sys/vm/swappiness; echo $?; cat /proc/sys/vm/swappiness`);
		expect(set('0x20\\n')).toBe('0\n32\n');
		expect(set('010')).toBe('0\n8\n');
		expect(set('  7  \\n')).toBe('0\n7\n');
		expect(set('12 junk')).toBe('0\n12\n');
		expect(set('08')).toBe('1\n12\n');
		expect(set('abc')).toBe('1\n12\n');
		expect(set('\\n')).toBe('1\n12\n');
		expect(set('201')).toBe('1\n12\n');
		expect(set('-1')).toBe('1\n12\n');
		expect(set('5x')).toBe('1\n12\n');
		expect(set('200')).toBe('0\n200\n');
		expect(out('echo 99999999999999999999999 > /proc/sys/vm/max_map_count; echo $?')).toBe('sh: write error: Invalid argument\n1\n');
		expect(out('echo 2147483648 > /proc/sys/vm/max_map_count; echo $?; echo 2147483647 > /proc/sys/vm/max_map_count; cat /proc/sys/vm/max_map_count'))
			.toBe('sh: write error: Invalid argument\n1\n2147483647\n');
		expect(out('echo -5 > /proc/sys/vm/laptop_mode; cat /proc/sys/vm/laptop_mode')).toBe('-5\n');
		expect(out('echo 3 > /proc/sys/vm/overcommit_memory; echo $?; echo 0 > /proc/sys/vm/watermark_scale_factor; echo $?; echo 3001 > /proc/sys/vm/watermark_scale_factor; echo $?'))
			.toBe('sh: write error: Invalid argument\n1\nsh: write error: Invalid argument\n1\nsh: write error: Invalid argument\n1\n');
		expect(out('echo -1 > /proc/sys/vm/user_reserve_kbytes; echo $?; echo 18446744073709551615 > /proc/sys/vm/user_reserve_kbytes; cat /proc/sys/vm/user_reserve_kbytes'))
			.toBe('sh: write error: Invalid argument\n1\n18446744073709551615\n');
	});

	it('min_free_kbytes: setup_per_zone_wmarks() at once, then kept over the computed value on hotplug (with the warning)', () => {
		const {out, plug, g} = boot(1024, 1);
		expect(out('cat /proc/sys/vm/min_free_kbytes')).toBe('45056\n');
		out('echo 65536 > /proc/sys/vm/min_free_kbytes');
		const z = zoneSections(out('cat /proc/zoneinfo'));
		const managed = ['DMA', 'DMA32'].map(n => num(z.get(n)!, /managed +(\d+)/));
		const total = managed[0]! + managed[1]!;
		// pages_min split by managed pages; low and high add max(min / 4, 0.1% of the zone).
		['DMA', 'DMA32'].forEach((n, i) => {
			const min = Math.floor((16384 * managed[i]!) / total);
			const gap = Math.max(min >> 2, Math.floor((managed[i]! * 10) / 10000));
			expect(num(z.get(n)!, /min +(\d+)/), n).toBe(min);
			expect(num(z.get(n)!, /low +(\d+)/), n).toBe(min + gap);
			expect(num(z.get(n)!, /high +(\d+)/), n).toBe(min + 2 * gap);
		});
		plug(0, 0x100000000, 128 * MiB);
		out(`echo online_kernel > ${MEM}/memory32/state`);
		expect(out('cat /proc/sys/vm/min_free_kbytes')).toBe('65536\n');
		expect(g.syscalls.syslogRead()).toMatch(/\] min_free_kbytes is not updated to \d+ because user defined value 65536 is preferred\n/);
		// khugepaged wants more than a smaller user value (its 11 pageblocks per zone, at most 5% of the
		// buffer pages, which the user's higher watermarks shrank): it raises it and says so.
		const raised = Number(out('echo 40000 > /proc/sys/vm/min_free_kbytes; echo offline > /sys/devices/system/memory/memory32/state; cat /proc/sys/vm/min_free_kbytes'));
		expect(raised).toBeGreaterThan(40000);
		expect(raised).toBeLessThan(45056);
		expect(g.syscalls.syslogRead()).toMatch(new RegExp(`\\] khugepaged: raising min_free_kbytes from 40000 to ${raised} to help transparent hugepage allocations\\n`));
		expect(out('echo -1 > /proc/sys/vm/min_free_kbytes; echo $?')).toBe('sh: write error: Invalid argument\n1\n');
	});

	it('watermark_scale_factor widens the low/high gap; lowmem_reserve_ratio changes protection (errors ignored as the handler does)', () => {
		const {out} = boot(1024, 1);
		const dma32 = () => zoneSections(out('cat /proc/zoneinfo')).get('DMA32')!;
		out('echo 1000 > /proc/sys/vm/watermark_scale_factor');
		const managed = num(dma32(), /managed +(\d+)/);
		const min = num(dma32(), /min +(\d+)/);
		const gap = Math.max(min >> 2, Math.floor((managed * 1000) / 10000));
		expect(num(dma32(), /low +(\d+)/)).toBe(min + gap);
		expect(num(dma32(), /high +(\d+)/)).toBe(min + 2 * gap);
		expect(out('cat /proc/sys/vm/watermark_scale_factor')).toBe('1000\n');
		// lowmem_reserve is not recomputed by a watermark change: still the boot one, from DMA32's pages then.
		expect(out('grep protection /proc/zoneinfo | head -1')).toMatch(/^ {8}protection: \(0, (87\d), \1, \1, \1\)\n$/);
		expect(out('echo 32 > /proc/sys/vm/lowmem_reserve_ratio; echo $?; cat /proc/sys/vm/lowmem_reserve_ratio')).toBe('0\n32\t256\t32\t0\t0\n');
		expect(out('grep protection /proc/zoneinfo | head -1')).toBe(`        protection: (0, ${Math.floor(managed / 32)}, ${Math.floor(managed / 32)}, ${Math.floor(managed / 32)}, ${Math.floor(managed / 32)})\n`);
		// A ratio below 1 means no reserve; garbage after a number is ignored without an error.
		expect(out('echo -4 7 zz > /proc/sys/vm/lowmem_reserve_ratio; echo $?; cat /proc/sys/vm/lowmem_reserve_ratio')).toBe('0\n0\t7\t32\t0\t0\n');
		expect(out('grep protection /proc/zoneinfo | head -1')).toBe('        protection: (0, 0, 0, 0, 0)\n');
	});

	it('percpu_pagelist_high_fraction sizes the pcp high mark from managed pages; 1..7 is EINVAL', () => {
		const {out} = boot(1024, 2);
		expect(out('echo 7 > /proc/sys/vm/percpu_pagelist_high_fraction; echo $?; cat /proc/sys/vm/percpu_pagelist_high_fraction')).toBe('sh: write error: Invalid argument\n1\n0\n');
		const managed = num(zoneSections(out('cat /proc/zoneinfo')).get('DMA32')!, /managed +(\d+)/);
		out('echo 8 > /proc/sys/vm/percpu_pagelist_high_fraction');
		expect(out('grep -m 1 -A 3 "cpu: 1" /proc/zoneinfo | tail -1; grep high: /proc/zoneinfo | tail -1')).toBe(`              batch: 1\n              high:  ${Math.floor(managed / 8 / 2)}\n`);
		out('echo 0 > /proc/sys/vm/percpu_pagelist_high_fraction');
		expect(out('grep high: /proc/zoneinfo | tail -1')).toBe('              high:  6920\n');
	});

	it('drop_caches: 1..4, counted in vmstat, logged once per value until 4 silences it', () => {
		const {out, g} = boot();
		expect(out('echo 3 > /proc/sys/vm/drop_caches; echo $?; grep ^drop_ /proc/vmstat')).toBe('0\ndrop_pagecache 1\ndrop_slab 1\n');
		expect(g.syscalls.syslogRead()).toMatch(/\] sh \(1\): drop_caches: 3\n$/);
		expect(out('echo 0 > /proc/sys/vm/drop_caches; echo $?; echo 5 > /proc/sys/vm/drop_caches; echo $?')).toBe('sh: write error: Invalid argument\n1\nsh: write error: Invalid argument\n1\n');
		out('echo 6 > /proc/sys/vm/drop_caches');
		out('echo 4 > /proc/sys/vm/drop_caches');
		out('echo 1 > /proc/sys/vm/drop_caches');
		expect(g.syscalls.syslogRead().match(/drop_caches: \d/g)).toEqual(['drop_caches: 3', 'drop_caches: 4']);
		expect(out('grep ^drop_ /proc/vmstat')).toBe('drop_pagecache 2\ndrop_slab 1\n');
	});

	it('drop_caches 2 frees the unused dentries of sysfs lookups: SReclaimable falls, the pages wait on the pcp lists, and a new walk allocates again', () => {
		// One CPU: with two, the programs' runs also grow the other CPU's list (MemFree moves by batches).
		const {out} = boot(1024, 1);
		const mi = () => pairs(out('cat /proc/meminfo'), /:\s+/);
		const walk = `for i in 0 1 2 3 4 5 6 7; do ls -l ${MEM}/memory$i/ > /dev/null; done`;
		out(walk);
		const before = mi();
		out('echo 2 > /proc/sys/vm/drop_caches');
		const dropped = mi();
		// 8 directories of 12 entries and the directories themselves: about 80 KiB of dentries and inodes.
		expect(before.get('SReclaimable')! - dropped.get('SReclaimable')!).toBeGreaterThan(60);
		// The freed slab pages wait on the pcp lists, so MemFree does not grow; the write's own path
		// walk (/proc/sys/vm/drop_caches) may have taken one more page first, which the drop then
		// parked there too.
		const onePage = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(4);
		onePage(dropped.get('MemFree')!, before.get('MemFree')!);
		out(walk);
		const again = mi();
		expect(again.get('SReclaimable')).toBe(before.get('SReclaimable'));
		onePage(again.get('MemFree')!, before.get('MemFree')!);
	});

	it('compact_memory takes only 1; overcommit_ratio and overcommit_kbytes set CommitLimit', () => {
		const {out} = boot();
		expect(out('echo 1 > /proc/sys/vm/compact_memory; echo $?; echo 2 > /proc/sys/vm/compact_memory; echo $?')).toBe('0\nsh: write error: Invalid argument\n1\n');
		const total = Number(/MemTotal: +(\d+)/.exec(out('cat /proc/meminfo'))![1]) / 4;
		const limit = () => Number(/CommitLimit: +(\d+)/.exec(out('cat /proc/meminfo'))![1]);
		expect(limit()).toBe(Math.floor(total / 2) * 4);
		out('echo 80 > /proc/sys/vm/overcommit_ratio');
		expect(limit()).toBe(Math.floor((total * 80) / 100) * 4);
		expect(out('echo 100000 > /proc/sys/vm/overcommit_kbytes; cat /proc/sys/vm/overcommit_ratio')).toBe('0\n');
		expect(limit()).toBe(100000);
		expect(out('echo 50 > /proc/sys/vm/overcommit_ratio; cat /proc/sys/vm/overcommit_kbytes')).toBe('0\n');
		expect(limit()).toBe(Math.floor(total / 2) * 4);
	});

	it('numa_zonelist_order keeps Node: other orders are refused with the warning', () => {
		const {out, g} = boot();
		expect(out('echo node > /proc/sys/vm/numa_zonelist_order; echo $?; echo zone > /proc/sys/vm/numa_zonelist_order; echo $?; cat /proc/sys/vm/numa_zonelist_order'))
			.toBe('0\nsh: write error: Invalid argument\n1\nNode\n');
		expect(g.syscalls.syslogRead()).toMatch(/\] Ignoring unsupported numa_zonelist_order value: {2}zone\n$/);
	});
});

describe('st_size of /proc files', () => {
	it('procfs files, sysctls included, report 0 bytes; sysfs attributes report PAGE_SIZE', () => {
		const {g} = boot();
		const size = (p: string) => {
			const st = g.syscalls.vfs.stat(p);
			if (typeof st === 'string') throw new Error(`${p}: ${st}`);
			return st.size;
		};
		expect(size('/proc/meminfo')).toBe(0);
		expect(size('/proc/sys/vm/min_free_kbytes')).toBe(0);
		expect(size('/proc/sys/vm/drop_caches')).toBe(0);
		expect(size(`${MEM}/block_size_bytes`)).toBe(4096);
	});
});

describe('creating names in /proc', () => {
	it('procfs lookups fail with ENOENT before any create: ash says nonexistent directory, mkdir ENOENT; sysfs keeps EACCES/EPERM', () => {
		const {out} = boot();
		expect(out('echo x > /proc/foo')).toBe("sh: can't create /proc/foo: nonexistent directory\n");
		expect(out('echo x > /proc/sys/vm/foo')).toBe("sh: can't create /proc/sys/vm/foo: nonexistent directory\n");
		expect(out('mkdir /proc/foo')).toBe("mkdir: can't create directory '/proc/foo': No such file or directory\n");
		expect(out('echo x > /sys/foo')).toBe("sh: can't create /sys/foo: Permission denied\n");
		expect(out('mkdir /sys/foo')).toBe("mkdir: can't create directory '/sys/foo': Operation not permitted\n");
	});
});

describe('/sys/devices/system/node/node0/meminfo', () => {
	/** `Node 0 Label: value` lines as a map of Label to value. */
	const nodePairs = (text: string) => pairs(text.replace(/^Node 0 /gm, ''), /:\s+/);

	it('has node_read_meminfo()\'s 6.1 layout, misaligned FileHugePages and HugePages lines included', () => {
		const {out} = boot();
		const lines = out('cat /sys/devices/system/node/node0/meminfo').trimEnd().split('\n');
		expect(lines.map(l => l.split(':')[0])).toEqual([
			'MemTotal', 'MemFree', 'MemUsed', 'SwapCached', 'Active', 'Inactive', 'Active(anon)', 'Inactive(anon)', 'Active(file)',
			'Inactive(file)', 'Unevictable', 'Mlocked', 'Dirty', 'Writeback', 'FilePages', 'Mapped', 'AnonPages', 'Shmem', 'KernelStack',
			'PageTables', 'SecPageTables', 'NFS_Unstable', 'Bounce', 'WritebackTmp', 'KReclaimable', 'Slab', 'SReclaimable', 'SUnreclaim',
			'AnonHugePages', 'ShmemHugePages', 'ShmemPmdMapped', 'FileHugePages', 'FilePmdMapped', 'HugePages_Total', 'HugePages_Free',
			'HugePages_Surp',
		].map(name => `Node 0 ${name}`));
		expect(lines).toContain('Node 0 Bounce:                0 kB');
		expect(lines).toContain('Node 0 FileHugePages:        0 kB');
		expect(lines).toContain('Node 0 HugePages_Total:     0');
		expect(lines).toContain('Node 0 HugePages_Free:      0');
	});

	it('agrees with /proc/meminfo, and MemUsed is MemTotal - MemFree, before and after a hot-added block goes online', () => {
		const {out, plug} = boot();
		const check = () => {
			const node = nodePairs(out('cat /sys/devices/system/node/node0/meminfo'));
			const global = pairs(out('cat /proc/meminfo'), /:\s+/);
			for (const k of ['MemTotal', 'MemFree', 'Shmem', 'KernelStack', 'SReclaimable', 'SUnreclaim', 'AnonPages']) {
				expect(node.get(k), k).toBe(global.get(k));
			}
			// (The second `cat` activates its code pages: the split moves, the LRU's size does not.)
			expect(node.get('Active(anon)')! + node.get('Inactive(anon)')!).toBe(global.get('Active(anon)')! + global.get('Inactive(anon)')!);
			expect(node.get('FilePages')).toBe(global.get('Cached'));
			expect(node.get('MemUsed')).toBe(node.get('MemTotal')! - node.get('MemFree')!);
			return node.get('MemTotal')!;
		};
		const before = check();
		plug(0, 0x100000000, 512 * MiB);
		out(`echo online_movable > ${MEM}/memory33/state`);
		expect(check()).toBe(before + 128 * 1024);
	});
});

describe('/proc/cpuinfo address sizes', () => {
	it('report the CPU\'s phys-bits (x86_phys_bits), 40 for TCG\'s default and what -cpu ...,phys-bits= set', () => {
		const run = (cpu: string[]) => printed(startSession(['-m', '1G', ...cpu, '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet', '-nographic']), 'serial', 'grep -m1 "address sizes" /proc/cpuinfo');
		expect(run([])).toBe('address sizes\t: 40 bits physical, 48 bits virtual\n');
		expect(run(['-cpu', 'qemu64,phys-bits=46'])).toBe('address sizes\t: 46 bits physical, 48 bits virtual\n');
	});
});

describe('the anon LRU lists', () => {
	const lru = (text: string) => ({active: Number(/^Active\(anon\):\s+(\d+)/m.exec(text)![1]), inactive: Number(/^Inactive\(anon\):\s+(\d+)/m.exec(text)![1])});
	it('hold the lab\'s 426 active pages at the first program and 440 once a program ran a second time; pgactivate stays 384', () => {
		const s = startSession(['-m', '1G', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
		const first = lru(printed(s, 'serial', 'cat /proc/meminfo'));
		expect(first.active).toBe(426 * 4);
		// The lab: 77-88 pages inactive beside them.
		expect(first.inactive / 4).toBeGreaterThanOrEqual(60);
		expect(first.inactive / 4).toBeLessThanOrEqual(90);
		expect(lru(printed(s, 'serial', 'grep -i active /proc/meminfo')).active).toBe(426 * 4);
		const again = lru(printed(s, 'serial', 'cat /proc/meminfo'));
		expect(again.active).toBe(440 * 4);
		expect(again.active + again.inactive).toBe(first.active + first.inactive);
		expect(printed(s, 'serial', 'grep pgactivate /proc/vmstat')).toBe('pgactivate 384\n');
	});

	it('keep the active pages in the boot zone: a new top zone\'s LRU pages are inactive', () => {
		const s = startSession(['-m', '1G,slots=4,maxmem=4G', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m,size=128M');
		printed(s, 'monitor', 'device_add pc-dimm,id=d,memdev=m');
		printed(s, 'serial', `echo online_movable > ${MEM}/memory32/state`);
		printed(s, 'serial', 'dd if=/dev/zero of=/tmp/f bs=4096 count=64');
		const text = printed(s, 'serial', 'cat /proc/zoneinfo');
		const movable = text.slice(text.indexOf('zone  Movable'));
		expect(Number(/nr_zone_active_anon (\d+)/.exec(movable)![1])).toBe(0);
	});
});

describe('/proc/modules, lsmod and /proc/sys/kernel/tainted (lab s44/pc a)', () => {
	it('no module is loaded: lsmod prints its header and check_tainted()\'s verdict; a taint write ORs bits in', () => {
		const s = startSession(['-m', '1G', '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet nokaslr']);
		expect(printed(s, 'serial', 'cat /proc/modules; lsmod; echo $?')).toBe('Module                  Size  Used by    Not tainted\n0\n');
		expect(printed(s, 'serial', 'echo 1 > /proc/sys/kernel/tainted; echo 4 > /proc/sys/kernel/tainted; cat /proc/sys/kernel/tainted; lsmod'))
			.toBe('5\nModule                  Size  Used by    Tainted: P S\n');
		expect(printed(s, 'serial', 'echo x > /proc/sys/kernel/tainted')).toBe('sh: write error: Invalid argument\n');
	});
});
