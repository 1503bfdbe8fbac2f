import type {MemoryBlock} from './memory-block.js';
import type {GuestMm} from './mm.js';
import {statThreshold, zoneHighsize, ZONE_MOVABLE, type Zone} from './mmzone.js';
import type {ProcessTable} from './process.js';
import {kernelStackKb, THREAD_SIZE_KB} from './usage.js';

/**
 * The page counters of mm/vmstat.c as the guest model knows them, and the files that print
 * them: /proc/zoneinfo, /proc/vmstat, /proc/buddyinfo and /proc/pagetypeinfo (Linux 6.1 with
 * Debian's config: NUMA, NUMA_BALANCING, SWAP, ZSMALLOC, MIGRATION, COMPACTION, HUGETLB, THP,
 * MEMORY_BALLOON, KSM, ZSWAP, MEMORY_ISOLATION; no CMA). /proc/meminfo (procfs.ts) reads the
 * same {@link nodeStats}, so every file tells one story.
 */

/** enum zone_stat_item (NR_VM_ZONE_STAT_ITEMS), as zone_stat_name() prints them. */
const ZONE_STAT_ITEMS = [
	'nr_free_pages', 'nr_zone_inactive_anon', 'nr_zone_active_anon', 'nr_zone_inactive_file', 'nr_zone_active_file',
	'nr_zone_unevictable', 'nr_zone_write_pending', 'nr_mlock', 'nr_bounce', 'nr_zspages', 'nr_free_cma',
] as const;

/** enum numa_stat_item (NR_VM_NUMA_EVENT_ITEMS). */
const NUMA_EVENT_ITEMS = ['numa_hit', 'numa_miss', 'numa_foreign', 'numa_interleave', 'numa_local', 'numa_other'] as const;

/** enum node_stat_item (NR_VM_NODE_STAT_ITEMS) of 6.1. */
const NODE_STAT_ITEMS = [
	'nr_inactive_anon', 'nr_active_anon', 'nr_inactive_file', 'nr_active_file', 'nr_unevictable', 'nr_slab_reclaimable',
	'nr_slab_unreclaimable', 'nr_isolated_anon', 'nr_isolated_file', 'workingset_nodes', 'workingset_refault_anon',
	'workingset_refault_file', 'workingset_activate_anon', 'workingset_activate_file', 'workingset_restore_anon',
	'workingset_restore_file', 'workingset_nodereclaim', 'nr_anon_pages', 'nr_mapped', 'nr_file_pages', 'nr_dirty',
	'nr_writeback', 'nr_writeback_temp', 'nr_shmem', 'nr_shmem_hugepages', 'nr_shmem_pmdmapped', 'nr_file_hugepages',
	'nr_file_pmdmapped', 'nr_anon_transparent_hugepages', 'nr_vmscan_write', 'nr_vmscan_immediate_reclaim', 'nr_dirtied',
	'nr_written', 'nr_throttled_written', 'nr_kernel_misc_reclaimable', 'nr_foll_pin_acquired', 'nr_foll_pin_released',
	'nr_kernel_stack', 'nr_page_table_pages', 'nr_sec_page_table_pages', 'nr_swapcached', 'pgpromote_success',
	'pgpromote_candidate',
] as const;

/** FOR_ALL_ZONES(): the per-zone event items, ZONE_DEVICE's too (CONFIG_ZONE_DEVICE; the lab guest's /proc/vmstat). */
const zoneTexts = (prefix: string): string[] => ['dma', 'dma32', 'normal', 'movable', 'device'].map(z => `${prefix}_${z}`);

/** enum vm_event_item (6.1, x86_64 with the config above), after the two writeback items. */
const EVENT_ITEMS: readonly string[] = [
	'pgpgin', 'pgpgout', 'pswpin', 'pswpout', ...zoneTexts('pgalloc'), ...zoneTexts('allocstall'), ...zoneTexts('pgskip'),
	'pgfree', 'pgactivate', 'pgdeactivate', 'pglazyfree', 'pgfault', 'pgmajfault', 'pglazyfreed', 'pgrefill', 'pgreuse',
	'pgsteal_kswapd', 'pgsteal_direct', 'pgdemote_kswapd', 'pgdemote_direct', 'pgscan_kswapd', 'pgscan_direct',
	'pgscan_direct_throttle', 'pgscan_anon', 'pgscan_file', 'pgsteal_anon', 'pgsteal_file', 'zone_reclaim_failed',
	'pginodesteal', 'slabs_scanned', 'kswapd_inodesteal', 'kswapd_low_wmark_hit_quickly', 'kswapd_high_wmark_hit_quickly',
	'pageoutrun', 'pgrotated', 'drop_pagecache', 'drop_slab', 'oom_kill', 'numa_pte_updates', 'numa_huge_pte_updates',
	'numa_hint_faults', 'numa_hint_faults_local', 'numa_pages_migrated', 'pgmigrate_success', 'pgmigrate_fail',
	'thp_migration_success', 'thp_migration_fail', 'thp_migration_split', 'compact_migrate_scanned', 'compact_free_scanned',
	'compact_isolated', 'compact_stall', 'compact_fail', 'compact_success', 'compact_daemon_wake',
	'compact_daemon_migrate_scanned', 'compact_daemon_free_scanned', 'htlb_buddy_alloc_success', 'htlb_buddy_alloc_fail',
	'unevictable_pgs_culled', 'unevictable_pgs_scanned', 'unevictable_pgs_rescued', 'unevictable_pgs_mlocked',
	'unevictable_pgs_munlocked', 'unevictable_pgs_cleared', 'unevictable_pgs_stranded', 'thp_fault_alloc',
	'thp_fault_fallback', 'thp_fault_fallback_charge', 'thp_collapse_alloc', 'thp_collapse_alloc_failed', 'thp_file_alloc',
	'thp_file_fallback', 'thp_file_fallback_charge', 'thp_file_mapped', 'thp_split_page', 'thp_split_page_failed',
	'thp_deferred_split_page', 'thp_split_pmd', 'thp_scan_exceed_none_pte', 'thp_scan_exceed_swap_pte',
	'thp_scan_exceed_share_pte', 'thp_split_pud', 'thp_zero_page_alloc', 'thp_zero_page_alloc_failed', 'thp_swpout',
	'thp_swpout_fallback', 'balloon_inflate', 'balloon_deflate', 'balloon_migrate', 'swap_ra', 'swap_ra_hit',
	'ksm_swpin_copy', 'cow_ksm', 'zswpin', 'zswpout', 'direct_map_level2_splits', 'direct_map_level3_splits',
];

/** migratetype_names[] without CONFIG_CMA, with CONFIG_MEMORY_ISOLATION. */
const MIGRATETYPE_NAMES = ['Unmovable', 'Movable', 'Reclaimable', 'HighAtomic', 'Isolate'] as const;
/** show_migration_types()'s letter for each (no CMA in this kernel). */
const MIGRATETYPE_LETTERS = ['U', 'M', 'E', 'H', 'I'] as const;
const MIGRATE_UNMOVABLE = 0;
const MIGRATE_MOVABLE = 1;
const MIGRATE_RECLAIMABLE = 2;

/** MAX_ORDER (11 free lists) and pageblock_order 9 on x86_64. */
const NR_ORDERS = 11;
const PAGEBLOCK_ORDER = 9;
const PAGEBLOCK_NR_PAGES = 1 << PAGEBLOCK_ORDER;

/** The zone /proc lists after Movable: ZONE_DEVICE (CONFIG_ZONE_DEVICE), never populated here. */
const DEVICE_ZONE = 'Device';

/** NR_PAGETABLE with the console shell and one program (the reader) alive. */
const PAGE_TABLE_PAGES = 9;
/**
 * What each further user task adds: its page tables (a busybox task's PGD, PUD, PMD and PTE
 * pages), its private anonymous pages and its kernel stack; the lab's 1G guest with one to three
 * `sleep 1000 &` alive: 20 kB of PageTables, 52-56 kB of AnonPages and 16 kB of KernelStack
 * each (s47/r26 mf).
 */
const TASK_PAGE_TABLE_PAGES = 5;
const TASK_ANON_PAGES = 14;
/** The user tasks PAGE_TABLE_PAGES counts: the console shell and the reader. */
const BASE_USER_TASKS = 2;

/** The zone a block's pages are accounted to: its zone, or for the boot block spanning DMA and DMA32 the higher one. */
function blockZone(mm: GuestMm, b: MemoryBlock): Zone {
	if (b.zone) return b.zone;
	for (let i = ZONE_MOVABLE - 1; i >= 0; i--) {
		const z = mm.zones[i]!;
		if (z.present && z.startPfn < b.endPfn && z.endPfn > b.startPfn) return z;
	}
	return mm.zones[1]!;
}

/** The zone of one pfn of an online block (page_zone()). */
function pfnZone(mm: GuestMm, b: MemoryBlock, pfn: number): Zone | undefined {
	if (b.zone) return b.zone;
	for (let i = ZONE_MOVABLE - 1; i >= 0; i--) {
		const z = mm.zones[i]!;
		if (z.spanned && pfn >= z.startPfn && pfn < z.endPfn) return z;
	}
	return undefined;
}

/** Per zone: the anon LRU pages (shmem and anonymous memory) of its blocks, split active/inactive. */
interface ZoneLru {
	active: number;
	inactive: number;
}

/** node_page_state() of the items the model has numbers for, in pages (kernel stack in KiB, as NR_KERNEL_STACK_KB). */
export interface NodeStats {
	zones: Map<Zone, ZoneLru>;
	activeAnon: number;
	inactiveAnon: number;
	slabReclaimable: number;
	slabUnreclaimable: number;
	anon: number;
	mapped: number;
	file: number;
	shmem: number;
	kernelStackKb: number;
	pageTables: number;
}

/**
 * Anon LRU pages on the active list after boot, and how many more once a program has run a
 * second time (its code pages, referenced again): the lab's guests (the goldens' kernel and
 * initramfs) read 426 at their first program from 1G to 6G, 440-441 after `cat` ran twice, with
 * 56-88 inactive beside them. (The spec's raw run, another initramfs, had 44% active.)
 */
export const LRU_ACTIVE_BOOT = 426;
export const LRU_ACTIVE_REPEAT = 14;
/**
 * pgactivate after boot: fewer than the active pages, which include pages that were marked
 * accessed before they reached an LRU list (lab: 384 in every run, also after the repeat).
 */
export const PGACTIVATE_BOOT = 384;

/**
 * The node's counters. The anon LRU holds the initramfs's shmem pages and the shell's anonymous
 * memory, where the model placed them (each block's movable pages); LRU_ACTIVE_BOOT of those are
 * active, in the zones that hold the most (the boot zone: pages that moved to a new zone since
 * are new, so inactive, as in the lab's zoneinfo). Pages of files written since boot join the
 * inactive list (folio_add_lru() of a new shmem folio) and nothing here activates them.
 */
export function nodeStats(mm: GuestMm, cpus: number): NodeStats {
	const u = mm.usage;
	const tasks = mm.taskCounts?.();
	const lru = new Map<Zone, number>();
	let total = 0;
	let written = 0;
	for (const b of mm.sortedBlocks()) {
		if (b.state !== 'online' || !b.movable) continue;
		const z = blockZone(mm, b);
		lru.set(z, (lru.get(z) ?? 0) + b.movable);
		total += b.movable;
		written += b.shmemWritten;
	}
	const active = Math.max(0, Math.min(total - written, LRU_ACTIVE_BOOT + (mm.programRepeated ? LRU_ACTIVE_REPEAT : 0)));
	const zones = new Map<Zone, ZoneLru>();
	let left = active;
	for (const [z, n] of [...lru.entries()].sort((x, y) => y[1] - x[1] || x[0].idx - y[0].idx)) {
		const a = Math.min(left, n);
		left -= a;
		zones.set(z, {active: a, inactive: n - a});
	}
	const shmem = Math.ceil(u.shmemKb / 4);
	return {
		zones,
		activeAnon: active,
		inactiveAnon: total - active,
		slabReclaimable: u.sreclaimablePages(),
		slabUnreclaimable: Math.ceil(u.sunreclaimKb() / 4),
		anon: Math.max(0, Math.ceil(u.anonKb / 4) + (tasks ? TASK_ANON_PAGES * (tasks.user - BASE_USER_TASKS) : 0)),
		mapped: Math.ceil(u.mappedKb / 4),
		file: shmem,
		shmem,
		// NR_KERNEL_STACK_KB: a THREAD_SIZE stack per task alive (kernelStackKb() counts the
		// booted guest's with one reader)
		kernelStackKb: tasks ? THREAD_SIZE_KB * tasks.all : kernelStackKb(cpus),
		pageTables: Math.max(0, PAGE_TABLE_PAGES + (tasks ? TASK_PAGE_TABLE_PAGES * (tasks.user - BASE_USER_TASKS) : 0)),
	};
}

/** Values of NODE_STAT_ITEMS, in order. */
function nodeStatValues(s: NodeStats): number[] {
	const v: Record<string, number> = {
		nr_inactive_anon: s.inactiveAnon, nr_active_anon: s.activeAnon, nr_slab_reclaimable: s.slabReclaimable,
		nr_slab_unreclaimable: s.slabUnreclaimable, nr_anon_pages: s.anon, nr_mapped: s.mapped, nr_file_pages: s.file,
		nr_shmem: s.shmem, nr_kernel_stack: s.kernelStackKb, nr_page_table_pages: s.pageTables,
	};
	return NODE_STAT_ITEMS.map(name => v[name] ?? 0);
}

/** Free pages of a zone by migratetype and order, and its pageblocks by migratetype. */
export interface ZoneFreeArea {
	/** [migratetype][order] free blocks. */
	free: number[][];
	/** pageblocks per migratetype ("Number of blocks type"). */
	blocks: number[];
}

/** Free blocks of `pages` free pages split into buddy orders the way a calm system looks (at most `maxOrder`). */
function buddyOrders(pages: number, maxOrder = NR_ORDERS - 1): number[] {
	const orders = new Array<number>(NR_ORDERS).fill(0);
	const top = 2 ** maxOrder;
	orders[maxOrder] = Math.floor(pages / top);
	let rest = pages % top;
	for (let o = maxOrder - 1; o >= 0; o--) {
		if (rest >= 2 ** o) {
			orders[o] = 1;
			rest -= 2 ** o;
		}
	}
	return orders;
}

/**
 * ZONE_DMA: its managed pages are pfn 256-4095 (x86 reserves the first MiB), free at boot as an
 * order-8, an order-9 and three order-10 chunks. memmap_init() marks a pageblock Movable at its
 * first pfn, and the zone starts at pfn 1: pageblock 0 keeps type 0, Unmovable, and its order-8
 * chunk is on the Unmovable list. Only the GFP_DMA atomic pool is taken from the zone: up to
 * order 8 it is cut from that chunk (the lab's 1G and 6G guests: 32 and 256 pages); larger,
 * __rmqueue_fallback() steals the largest Movable chunk, an order-10 one, both its pageblocks
 * turning Unmovable (the lab's 16G guest: 3 Unmovable and 5 Movable pageblocks). The halves
 * expand() splits off stay on the Unmovable list. Anything else in use: undefined (the generic
 * model).
 */
function dmaFreeArea(zone: Zone): ZoneFreeArea | undefined {
	if (zone.startPfn !== 1 || zone.endPfn !== 4096 || zone.managed !== 3840) return undefined;
	const used = zone.managed - zone.free;
	const order = Math.log2(used);
	if (used && (!Number.isInteger(order) || order > 10)) return undefined;
	const free = MIGRATETYPE_NAMES.map(() => new Array<number>(NR_ORDERS).fill(0));
	const unmovable = free[MIGRATE_UNMOVABLE]!;
	const movable = free[MIGRATE_MOVABLE]!;
	const blocks = [1, 7, 0, 0, 0];
	unmovable[8] = 1;
	movable[9] = 1;
	movable[10] = 3;
	if (used) {
		let from = 8;
		if (order <= 8) {
			unmovable[8]--;
		} else {
			from = 10;
			movable[10]--;
			blocks[MIGRATE_UNMOVABLE] += 2;
			blocks[MIGRATE_MOVABLE] -= 2;
		}
		for (let k = order; k < from; k++) unmovable[k]++;
	}
	return {free, blocks};
}

/**
 * The zone's free lists and pageblock types. memmap_init() marks every pageblock Movable;
 * unmovable kernel allocations (slab, page tables, vmemmap of hot-added memory) steal whole
 * pageblocks, which become Unmovable (Reclaimable for the reclaimable slab caches): a block's
 * kernel pages fill ceil(pages / 512) of them, and the rest of those pageblocks is free on the
 * Unmovable (Reclaimable) lists. Reserved memory stays in Movable pageblocks, as at boot.
 */
export function zoneFreeArea(mm: GuestMm, zone: Zone): ZoneFreeArea {
	if (zone.idx === 0) {
		const dma = dmaFreeArea(zone);
		if (dma) return dma;
	}
	const blocks = [0, 0, 0, 0, 0];
	const free = MIGRATETYPE_NAMES.map(() => new Array<number>(NR_ORDERS).fill(0));
	// Reclaimable slab lives in the boot blocks, highest first (where chargeKernelPages() puts it).
	let reclaimable = mm.usage.sreclaimablePages();
	const kernelTypes = new Map<MemoryBlock, [number, number]>();
	const sorted = mm.sortedBlocks();
	for (let i = sorted.length - 1; i >= 0; i--) {
		const b = sorted[i]!;
		if (b.state !== 'online' || !b.unmovable) continue;
		const r = b.hotplugged ? 0 : Math.min(reclaimable, b.unmovable);
		reclaimable -= r;
		kernelTypes.set(b, [b.unmovable - r, r]);
	}
	let freeUnmovable = 0;
	let freeReclaimable = 0;
	let pageblocks = 0;
	const seen = new Set<MemoryBlock>();
	for (let pfn = zone.startPfn; pfn < zone.endPfn; pfn += PAGEBLOCK_NR_PAGES) {
		const b = mm.blockForPfn(pfn);
		if (!b || b.state !== 'online' || pfnZone(mm, b, pfn) !== zone) continue;
		pageblocks++;
		if (seen.has(b) || blockZone(mm, b) !== zone) continue;
		seen.add(b);
		const [u, r] = kernelTypes.get(b) ?? [0, 0];
		const ub = Math.ceil(u / PAGEBLOCK_NR_PAGES);
		const rb = Math.ceil(r / PAGEBLOCK_NR_PAGES);
		blocks[MIGRATE_UNMOVABLE] += ub;
		blocks[MIGRATE_RECLAIMABLE] += rb;
		// What the kernel pages leave free of their pageblocks, as far as the block has free pages.
		const fu = Math.min(ub * PAGEBLOCK_NR_PAGES - u, b.free);
		const fr = Math.min(rb * PAGEBLOCK_NR_PAGES - r, b.free - fu);
		const ou = buddyOrders(fu, PAGEBLOCK_ORDER - 1);
		const or = buddyOrders(fr, PAGEBLOCK_ORDER - 1);
		for (let o = 0; o < NR_ORDERS; o++) {
			free[MIGRATE_UNMOVABLE]![o]! += ou[o]!;
			free[MIGRATE_RECLAIMABLE]![o]! += or[o]!;
		}
		freeUnmovable += fu;
		freeReclaimable += fr;
	}
	blocks[MIGRATE_MOVABLE] = Math.max(0, pageblocks - blocks[MIGRATE_UNMOVABLE]! - blocks[MIGRATE_RECLAIMABLE]!);
	const movable = zone.free - freeUnmovable - freeReclaimable;
	if (movable < 0) {
		// The zone's free count is what counts: fall back to one list rather than show more free pages than there are.
		free[MIGRATE_UNMOVABLE] = new Array<number>(NR_ORDERS).fill(0);
		free[MIGRATE_RECLAIMABLE] = new Array<number>(NR_ORDERS).fill(0);
		free[MIGRATE_MOVABLE] = buddyOrders(Math.max(0, zone.free));
	} else {
		free[MIGRATE_MOVABLE] = buddyOrders(movable);
	}
	return {free, blocks};
}

/** Sampled from the model every time a vmstat file is read: monotonic event counters. */
export class VmEvents {
	/** PGALLOC per zone, and the zone's NUMA_HIT (= NUMA_LOCAL on one node). */
	readonly pgalloc = [0, 0, 0, 0];
	readonly numaHit = [0, 0, 0, 0];
	/** NUMA_INTERLEAVE_HIT per zone: boot's interleaved pages, in the zone the kernel allocated from. */
	readonly numaInterleave = [0, 0, 0, 0];
	pgfree = 0;
	pgfault = 0;
	pgactivate = 0;
	pgmigrate = 0;
	dropPagecache = 0;
	dropSlab = 0;
	/** vm.numa_stat: off stops (and clears) the NUMA counters. */
	numaStat = true;
	private readonly lastInuse: number[];
	private readonly lastManaged: number[];
	private lastExecs: number;
	private lastMovable = new Map<MemoryBlock, number>();

	constructor(private readonly mm: GuestMm, private readonly procs: ProcessTable) {
		this.lastInuse = mm.zones.map(z => this.inuse(z));
		this.lastManaged = mm.zones.map(z => z.managed);
		this.lastExecs = this.execs();
		for (const b of mm.sortedBlocks()) this.lastMovable.set(b, b.movable);
		// Boot: every managed page was freed into the buddy allocator once; what is in use now was
		// allocated; /init and its children each allocated (and freed) a busybox process's pages.
		const churn = BOOT_EXECS * PAGES_PER_EXEC;
		const pref = this.userZone();
		// The kernel's own allocations come from the highest kernel zone it has at boot.
		const kernelZone = Math.max(0, ...mm.zones.filter(z => z.populated() && z.idx !== ZONE_MOVABLE).map(z => z.idx));
		mm.zones.forEach((z, i) => {
			this.pgalloc[i] = this.lastInuse[i]! + (i === pref ? churn : 0);
			// Below the kernel's zone, what is in use is an atomic pool (atomic_pool_init(): GFP_DMA,
			// and GFP_DMA32 once ZONE_NORMAL exists): one request each, made by an initcall under
			// the init task's interleave policy, so alloc_page_interleave() counts it too (the lab's
			// DMA zone, and its DMA32 from 3584M on: numa_hit 1, numa_interleave 1).
			const pool = i < kernelZone;
			this.numaHit[i] = pool ? Math.min(1, this.pgalloc[i]!) : this.pgalloc[i]!;
			if (pool) this.numaInterleave[i] = this.numaHit[i]!;
			this.pgfree += z.managed;
		});
		this.pgfree += churn;
		this.pgfault = BOOT_EXECS * FAULTS_PER_EXEC;
		// The fit is of the node's total (numastat's interleave_hit): the pools' requests are in it.
		const pools = this.numaInterleave.reduce((a, b) => a + b, 0);
		this.numaInterleave[kernelZone] = bootInterleavePages(mm.sortedBlocks().length, mm.acpiSlots) - pools;
	}

	/** Pages of the zone neither in the buddy allocator nor on a pcp list. */
	private inuse(z: Zone): number {
		return z.managed - z.free - z.pcpParked;
	}

	/** Programs the shell has run (each fork exec'ed busybox): forks = (generation + live - 1) / 2. */
	private execs(): number {
		let live = 0;
		for (const pid of this.procs.pids()) if (!this.procs.get(pid)?.kthread) live++;
		return (this.procs.generation() + live - 1) / 2;
	}

	/** GFP_HIGHUSER_MOVABLE's first zone with pages above its high watermark (the highest populated one otherwise). */
	private userZone(): number {
		let best = -1;
		for (const z of this.mm.zones) {
			if (!z.populated()) continue;
			if (best < 0 || z.free > z.wmarkHigh) best = z.idx;
		}
		return Math.max(0, best);
	}

	/** Folds what changed in the model since the last read into the counters. */
	sample(activeAnon: number): void {
		const execs = this.execs();
		const newExecs = Math.max(0, execs - this.lastExecs);
		this.lastExecs = execs;
		this.pgfault += newExecs * FAULTS_PER_EXEC;
		const churn = newExecs * PAGES_PER_EXEC;
		const pref = this.userZone();
		this.pgalloc[pref]! += churn;
		if (this.numaStat) this.numaHit[pref]! += churn;
		this.pgfree += churn;
		this.mm.zones.forEach((z, i) => {
			const inuse = this.inuse(z);
			const d = inuse - this.lastInuse[i]!;
			this.lastInuse[i] = inuse;
			if (d > 0) {
				this.pgalloc[i]! += d;
				if (this.numaStat) this.numaHit[i]! += d;
			} else {
				this.pgfree -= d;
			}
			// online_pages() frees the new pages into the buddy allocator.
			const dm = z.managed - this.lastManaged[i]!;
			this.lastManaged[i] = z.managed;
			if (dm > 0) this.pgfree += dm;
		});
		// Movable pages only leave a block by migration (offline_pages' do_migrate_range).
		const now = new Map<MemoryBlock, number>();
		for (const b of this.mm.sortedBlocks()) now.set(b, b.state === 'online' ? b.movable : 0);
		for (const [b, before] of this.lastMovable) {
			const moved = before - (now.get(b) ?? 0);
			if (moved > 0) {
				this.pgmigrate += moved;
				this.pgfree += moved;
			}
		}
		this.lastMovable = now;
		this.pgactivate = Math.max(this.pgactivate, Math.min(activeAnon, PGACTIVATE_BOOT));
	}

	/** sysctl vm.numa_stat: disabling clears the NUMA counters (invalid_numa_statistics()). */
	setNumaStat(on: boolean): void {
		if (!on) {
			this.numaHit.fill(0);
			this.numaInterleave.fill(0);
		}
		this.numaStat = on;
	}
}

/**
 * Pages the init task allocated under the interleave policy numa_policy_init() gives it, until
 * kernel_init() resets it (numa_default_policy()): mostly the initcalls' slab, which grows with
 * the memory blocks memory_dev_init() registers and the PNP0C80 devices the ACPI scan makes of
 * the DIMM slots, and the atomic pools' requests. Fitted to the lab's boots (s19: 512M to 16G
 * with 4 slots, 635 to 749 pages; 1G with 32 slots, 670); boots of one size vary by a few pages.
 */
export function bootInterleavePages(blocks: number, slots: number): number {
	return Math.round(626 + 0.92 * blocks + 1.18 * slots);
}

/** Programs /init ran before the shell (/init itself, mount x3, hostname, setsid, cttyhack, sh). */
const BOOT_EXECS = 8;
/** Pages a short busybox process allocates and frees (anon, page tables, stack, task structures). */
const PAGES_PER_EXEC = 40;
/** Minor faults of one busybox run (fault-around maps 16 pages of the binary per fault). */
const FAULTS_PER_EXEC = 64;

/** The dirty-page limits of vmstat (global_dirty_limits()), from vm.dirty_* and the dirtyable memory. */
export interface DirtyLimits {
	ratio: number;
	backgroundRatio: number;
	bytes: number;
	backgroundBytes: number;
}

/** global_dirty_limits(): [threshold, background threshold] in pages. */
export function globalDirtyLimits(mm: GuestMm, d: DirtyLimits): [number, number] {
	// global_dirtyable_memory(): free pages above the reserves, plus the file LRU (empty here), + 1.
	const free = mm.freePages();
	const avail = free - Math.min(free, mm.wm.totalreservePages) + 1;
	// domain_dirty_limits(): ratios in 1/PAGE_SIZE units for precision.
	const ratio = Math.floor((d.ratio * 4096) / 100);
	const bgRatio = Math.floor((d.backgroundRatio * 4096) / 100);
	const thresh = d.bytes ? Math.ceil(d.bytes / 4096) : Math.floor((ratio * avail) / 4096);
	let bg = d.backgroundBytes ? Math.ceil(d.backgroundBytes / 4096) : Math.floor((bgRatio * avail) / 4096);
	if (bg >= thresh) bg = Math.floor(thresh / 2);
	return [thresh, bg];
}

/** A zone's lowmem_reserve[MAX_NR_ZONES]: ZONE_DEVICE has no pages, so its entry repeats Movable's. */
function lowmemReserve(z: Zone): number[] {
	return [...z.lowmemReserve, z.lowmemReserve[ZONE_MOVABLE]!];
}

/** The free blocks of each order, every migratetype's list together (area->nr_free). */
function orderCounts(area: ZoneFreeArea): number[] {
	const orders = new Array<number>(NR_ORDERS).fill(0);
	for (const t of area.free) t.forEach((n, o) => (orders[o]! += n));
	return orders;
}

/** `%-12s %lu` after six spaces, as zoneinfo prints every counter. */
const stat = (name: string, v: number): string => `\n      ${name.padEnd(12)} ${v}`;

/** Everything /proc/zoneinfo, /proc/vmstat, /proc/buddyinfo and /proc/pagetypeinfo print. */
export class VmStatFiles {
	constructor(
		private readonly mm: GuestMm,
		private readonly cpus: number,
		readonly events: VmEvents,
		private readonly dirty: () => DirtyLimits,
	) {}

	private stats(): NodeStats {
		const s = nodeStats(this.mm, this.cpus);
		this.events.sample(s.activeAnon);
		return s;
	}

	private zoneStatValues(z: Zone, s: NodeStats): number[] {
		const lru = s.zones.get(z) ?? {active: 0, inactive: 0};
		return [z.free, lru.inactive, lru.active, 0, 0, 0, 0, 0, 0, 0, 0];
	}

	private numaValues(i: number): number[] {
		const hit = this.events.numaHit[i]!;
		return [hit, 0, 0, this.events.numaInterleave[i]!, hit, 0];
	}

	/** zoneinfo_show(): every zone of node 0, ZONE_DEVICE included. */
	zoneinfo(): string {
		const s = this.stats();
		const firstPopulated = this.mm.zones.find(z => z.populated());
		let out = '';
		for (const z of this.mm.zones) {
			out += `Node 0, zone ${z.name.padStart(8)}`;
			if (z === firstPopulated) {
				out += '\n  per-node stats';
				const values = nodeStatValues(s);
				NODE_STAT_ITEMS.forEach((name, i) => (out += stat(name, values[i]!)));
			}
			out += `\n  pages free     ${z.free}\n        boost    0\n        min      ${z.wmarkMin}\n        low      ${z.wmarkLow}`;
			out += `\n        high     ${z.wmarkHigh}\n        spanned  ${z.spanned}\n        present  ${z.present}`;
			out += `\n        managed  ${z.managed}\n        cma      0`;
			out += `\n        protection: (${lowmemReserve(z).join(', ')})`;
			if (!z.populated()) {
				out += '\n';
				continue;
			}
			const zv = this.zoneStatValues(z, s);
			ZONE_STAT_ITEMS.forEach((name, i) => (out += stat(name, zv[i]!)));
			const nv = this.numaValues(z.idx);
			NUMA_EVENT_ITEMS.forEach((name, i) => (out += stat(name, nv[i]!)));
			out += '\n  pagesets';
			const batch = z.pcpBatch;
			const high = zoneHighsize(z, this.cpus);
			const threshold = statThreshold(z.statThresholdManaged, this.cpus);
			this.pcpListCounts(z).forEach((count, cpu) => {
				out += `\n    cpu: ${cpu}\n              count: ${count}\n              high:  ${high}`;
				out += `\n              batch: ${batch}\n  vm stats threshold: ${threshold}`;
			});
			out += `\n  node_unreclaimable:  0\n  start_pfn:           ${z.startPfn}\n`;
		}
		out += `Node 0, zone ${DEVICE_ZONE.padStart(8)}\n  pages free     0\n        boost    0\n        min      0\n        low      0`;
		out += '\n        high     0\n        spanned  0\n        present  0\n        managed  0\n        cma      0';
		out += '\n        protection: (0, 0, 0, 0, 0)\n';
		return out;
	}

	/** The NUMA events summed over the node's zones (sum_zone_numa_event_state()). */
	private numaTotals(): number[] {
		const numa = new Array<number>(NUMA_EVENT_ITEMS.length).fill(0);
		for (const z of this.mm.zones) this.numaValues(z.idx).forEach((v, i) => (numa[i]! += v));
		return numa;
	}

	/**
	 * The zone, NUMA and node items, as /proc/vmstat starts and node_read_vmstat()
	 * (/sys/devices/system/node/node0/vmstat) prints them: with one node the same values.
	 */
	private nodeLines(s: NodeStats): string[] {
		const lines: string[] = [];
		const zoneTotals = new Array<number>(ZONE_STAT_ITEMS.length).fill(0);
		for (const z of this.mm.zones) this.zoneStatValues(z, s).forEach((v, i) => (zoneTotals[i]! += v));
		ZONE_STAT_ITEMS.forEach((name, i) => lines.push(`${name} ${zoneTotals[i]}`));
		const numa = this.numaTotals();
		NUMA_EVENT_ITEMS.forEach((name, i) => lines.push(`${name} ${numa[i]}`));
		const nv = nodeStatValues(s);
		NODE_STAT_ITEMS.forEach((name, i) => lines.push(`${name} ${nv[i]}`));
		return lines;
	}

	/** /sys/devices/system/node/node0/vmstat. */
	nodeVmstat(): string {
		return this.nodeLines(this.stats()).join('\n') + '\n';
	}

	/** node_read_numastat(): the node's NUMA events under their older names. */
	numastat(): string {
		this.stats();
		const [hit, miss, foreign, interleave, local, other] = this.numaTotals();
		return `numa_hit ${hit}\nnuma_miss ${miss}\nnuma_foreign ${foreign}\ninterleave_hit ${interleave}\nlocal_node ${local}\nother_node ${other}\n`;
	}

	/** vmstat_start()/vmstat_show(): `name value` per item. */
	vmstat(): string {
		const lines = this.nodeLines(this.stats());
		const [thresh, bg] = globalDirtyLimits(this.mm, this.dirty());
		lines.push(`nr_dirty_threshold ${thresh}`, `nr_dirty_background_threshold ${bg}`);
		const e = this.events;
		const ev: Record<string, number> = {
			pgalloc_dma: e.pgalloc[0]!, pgalloc_dma32: e.pgalloc[1]!, pgalloc_normal: e.pgalloc[2]!, pgalloc_movable: e.pgalloc[3]!,
			pgfree: e.pgfree, pgactivate: e.pgactivate, pgfault: e.pgfault, pgmigrate_success: e.pgmigrate,
			drop_pagecache: e.dropPagecache, drop_slab: e.dropSlab,
			htlb_buddy_alloc_success: this.mm.hugetlb.allocSuccess, htlb_buddy_alloc_fail: this.mm.hugetlb.allocFail,
		};
		for (const name of EVENT_ITEMS) lines.push(`${name} ${ev[name] ?? 0}`);
		// vmstat_start(): the legacy nr_unstable, always 0, after the events.
		lines.push('nr_unstable 0');
		return lines.join('\n') + '\n';
	}

	/**
	 * The pages on a zone's per-CPU list of each CPU (pcp->count). What the model parks sits on
	 * the boot CPU's lists, but for what the other CPUs' processes freed at boot; and no list
	 * holds more than its mark: what CPU 0's books hold beyond it, free_initmem()'s pages, is on
	 * CPU 1's list (where the lab's small two-CPU guests had them). (CPU 1 also holds the hotplug
	 * worker's order-9 pages: Zone.pcpWorkerThp.)
	 */
	private pcpListCounts(z: Zone): number[] {
		const others = z.pcpOtherCpus(this.cpus);
		const each = z.pcpOtherCpuOrder0(this.cpus);
		const spill = this.cpus > 1 ? Math.max(0, z.pcpParked - others - zoneHighsize(z, this.cpus)) : 0;
		return Array.from({length: this.cpus}, (_, cpu) => (cpu === 0 ? z.pcpParked - others - spill : each + (cpu === 1 ? others - each * (this.cpus - 1) + spill : 0)));
	}

	/**
	 * __show_free_areas() and show_mem() (SysRq m): the page allocator's own report, one printk
	 * record per entry ([level, text]; a record's continuation lines start with a space): the
	 * node's counters in pages, then per populated zone its free memory, watermarks, LRU pages,
	 * per-CPU lists and lowmem_reserve, then each zone's free blocks by order with the
	 * migratetypes of their lists (U M E H I), the huge page pool, and the totals of RAM.
	 */
	showMem(maxZoneIdx = this.mm.zones.length - 1): [number, string][] {
		const s = this.stats();
		// (__show_free_areas() skips the zones above the failed request's highest one; the RAM
		// totals at the end count every zone.)
		const all = this.mm.zones.filter(z => z.populated());
		const zones = all.filter(z => z.idx <= maxZoneIdx);
		const kb = (pages: number) => `${pages * 4}kB`;
		const free = all.reduce((n, z) => n + z.free, 0);
		const freePcp = zones.reduce((n, z) => n + z.pcpParked, 0);
		const out: [number, string][] = [[4, 'Mem-Info:']];
		out.push([4, `active_anon:${s.activeAnon} inactive_anon:${s.inactiveAnon} isolated_anon:0\n active_file:0 inactive_file:0 isolated_file:0`
			+ `\n unevictable:0 dirty:0 writeback:0\n slab_reclaimable:${s.slabReclaimable} slab_unreclaimable:${s.slabUnreclaimable}`
			+ `\n mapped:${s.mapped} shmem:${s.shmem} pagetables:${s.pageTables}\n sec_pagetables:0 bounce:0\n kernel_misc_reclaimable:0`
			+ `\n free:${free} free_pcp:${freePcp} free_cma:0`]);
		out.push([4, `Node 0 active_anon:${kb(s.activeAnon)} inactive_anon:${kb(s.inactiveAnon)} active_file:0kB inactive_file:0kB unevictable:0kB`
			+ ` isolated(anon):0kB isolated(file):0kB mapped:${kb(s.mapped)} dirty:0kB writeback:0kB shmem:${kb(s.shmem)} shmem_thp: 0kB`
			+ ` shmem_pmdmapped: 0kB anon_thp: 0kB writeback_tmp:0kB kernel_stack:${s.kernelStackKb}kB pagetables:${kb(s.pageTables)}`
			+ ' sec_pagetables:0kB all_unreclaimable? no']);
		for (const z of zones) {
			const lru = s.zones.get(z) ?? {active: 0, inactive: 0};
			const pcp = this.pcpListCounts(z);
			out.push([4, `Node 0 ${z.name} free:${kb(z.free)} boost:0kB min:${kb(z.wmarkMin)} low:${kb(z.wmarkLow)} high:${kb(z.wmarkHigh)}`
				+ ` reserved_highatomic:0KB active_anon:${kb(lru.active)} inactive_anon:${kb(lru.inactive)} active_file:0kB inactive_file:0kB`
				+ ` unevictable:0kB writepending:0kB present:${kb(z.present)} managed:${kb(z.managed)} mlocked:0kB bounce:0kB`
				+ ` free_pcp:${kb(z.pcpParked)} local_pcp:${kb(pcp[0]!)} free_cma:0kB`]);
			out.push([4, `lowmem_reserve[]: ${lowmemReserve(z).join(' ')}`]);
		}
		for (const z of zones) {
			const area = zoneFreeArea(this.mm, z);
			let line = `Node 0 ${z.name}: `;
			let total = 0;
			orderCounts(area).forEach((nr, o) => {
				total += nr << o;
				line += `${nr}*${4 << o}kB `;
				// show_migration_types(): the lists of this order that hold blocks
				if (nr) line += `(${area.free.map((t, i) => (t[o] ? MIGRATETYPE_LETTERS[i] : '')).join('')}) `;
			});
			out.push([4, `${line}= ${total * 4}kB`]);
		}
		const hp = this.mm.hugetlb.nrHugePages;
		out.push([6, `Node 0 hugepages_total=${hp} hugepages_free=${hp} hugepages_surp=0 hugepages_size=2048kB`]);
		out.push([4, `${s.file} total pagecache pages`], [4, '0 pages in swap cache'], [4, 'Free swap  = 0kB'], [4, 'Total swap = 0kB']);
		const ram = all.reduce((n, z) => n + z.present, 0);
		const reserved = all.reduce((n, z) => n + z.present - z.managed, 0);
		out.push([4, `${ram} pages RAM`], [4, '0 pages HighMem/MovableOnly'], [4, `${reserved} pages reserved`], [4, `${this.mm.numPoisonedPages} pages hwpoisoned`]);
		return out;
	}

	/** frag_show(): the free blocks of each order, populated zones only. */
	buddyinfo(): string {
		let out = '';
		for (const z of this.mm.zones) {
			if (!z.populated()) continue;
			out += `Node 0, zone ${z.name.padStart(8)} ${orderCounts(zoneFreeArea(this.mm, z)).map(n => `${String(n).padStart(6)} `).join('')}\n`;
		}
		return out;
	}

	/** pagetypeinfo_show(): free blocks per migratetype and order, then pageblocks per migratetype. */
	pagetypeinfo(): string {
		const zones = this.mm.zones.filter(z => z.populated());
		if (!zones.length) return '';
		const areas = zones.map(z => zoneFreeArea(this.mm, z));
		let out = `Page block order: ${PAGEBLOCK_ORDER}\nPages per block:  ${PAGEBLOCK_NR_PAGES}\n\n`;
		out += 'Free pages count per migrate type at order'.padEnd(43) + ' ';
		for (let o = 0; o < NR_ORDERS; o++) out += `${String(o).padStart(6)} `;
		out += '\n';
		zones.forEach((z, zi) => {
			MIGRATETYPE_NAMES.forEach((t, ti) => {
				out += `Node ${'0'.padStart(4)}, zone ${z.name.padStart(8)}, type ${t.padStart(12)} `;
				// The kernel stops counting a free list at 100000 entries.
				for (const n of areas[zi]!.free[ti]!) out += n >= 100000 ? '>100000 ' : `${String(n).padStart(6)} `;
				out += '\n';
			});
		});
		out += '\n' + 'Number of blocks type '.padEnd(23);
		for (const t of MIGRATETYPE_NAMES) out += `${t.padStart(12)} `;
		out += '\n';
		zones.forEach((z, zi) => {
			out += `Node 0, zone ${z.name.padStart(8)} `;
			for (const n of areas[zi]!.blocks) out += `${String(n).padStart(12)} `;
			out += '\n';
		});
		return out;
	}
}
