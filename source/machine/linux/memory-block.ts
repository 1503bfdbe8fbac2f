import type {BlockState} from '../snapshot.js';
import type {OnlineType} from './cmdline.js';
import {PAGEBLOCK_NR_PAGES, type Zone} from './mmzone.js';
import type {TransientCache} from './slub.js';

/** What occupies one tracked page of a hot-added block (for has_unmovable_pages/dump_page). */
export interface PinnedPage {
	pfn: number;
	/**
	 * `pgd`: a process's page directory, linked on pgd_list (page->index is its mm); `memmap`:
	 * boot's memblock-reserved memmap (PG_reserved); `vmemmap`: a hot-added DIMM's memmap, which
	 * vmemmap_alloc_block() takes with alloc_pages_node(): an ordinary kernel page, no flag set.
	 */
	kind: 'pgtable' | 'slab' | 'memmap' | 'vmemmap' | 'pgd';
	/**
	 * For slab pages: which kmem_cache (raw dump words differ); `R` / `P`: an order-1 slab of a
	 * path walk's inodes (inode_cache / proc_inode_cache, reclaimable); `names` / `cg8k` / `pde`: the slab of names_cache / kmalloc-cg-8k /
	 * pde_opener, `k32` kmalloc-32, `lsm` lsm_inode_cache (see slub.ts), `kn` kernfs_node_cache
	 * (kernfs-node-cache.ts), `k16` kmalloc-16 (kmalloc-names.ts), `D` a path walk's dentries,
	 * `ia` kernfs_iattrs_cache.
	 */
	cache?: 'A' | 'B' | 'R' | 'P' | 'D' | 'ia' | 'lsm' | 'kn' | 'k16' | TransientCache;
	/**
	 * For `kn`, `k16`, `R`, `P` and `D` slabs: whether it is still the CPU slab (frozen; unset means so) and,
	 * once unfrozen (flushed, or left full for a newer slab), its objects in use.
	 */
	inuse?: number;
	frozen?: boolean;
	/**
	 * For an `R` / `P` slab: taken off the node's partial list after a flush left it there
	 * (get_partial_node() -> remove_partial(): list_del() poisons slab_list, both words).
	 */
	fromPartial?: boolean;
	/** For an `R` slab: frozen on the CPU's partial list (put_cpu_partial()) rather than the CPU slab; `inuse` counts its live objects. */
	cpuPartial?: boolean;
	/** A compound page of 2^order pages from `pfn` on, all of them accounted (the order-3 slabs). */
	order?: number;
	/** For an `R`, `P` or `D` slab: drop_caches has run since it was allocated (it counts as unreclaimable now). */
	kept?: boolean;
	/** For a page directory: which mm_struct object of its slab owns it (pgd_set_mm()). */
	mmObject?: number;
	/**
	 * For a boot `memmap` page that register_page_bootmem_info_node() registered for memory
	 * hot-remove: get_page_bootmem()'s type (page->index: SECTION_INFO 12, MIX_SECTION_INFO 13,
	 * NODE_INFO 14), its info (page->private: a section number or the node) and how many times it
	 * was taken (each adds a reference, PG_private set).
	 */
	bootmem?: {type: number; info: number; refs: number};
}

/**
 * struct memory_block (drivers/base/memory.c) plus the page accounting of its pages. Counts,
 * never per-page arrays, so that a 1 TiB guest with thousands of blocks stays cheap; only
 * the few unmovable pages that a dump_page() may have to name are kept by pfn.
 */
export class MemoryBlock {
	state: BlockState = 'offline';
	/** mem->zone: the zone of an online block, null when offline or spanning several zones. */
	zone: Zone | null = null;
	/** Present (RAM) pages; a boot block may contain holes. */
	present: number;
	free = 0;
	/** Migratable user pages (anon, shmem/page cache). */
	movable = 0;
	/** Of `movable`, the tmpfs pages of files written since boot (GuestMm.chargeShmem()). */
	shmemWritten = 0;
	/** Kernel pages that cannot move (slab, page tables, vmemmap of other memory). */
	unmovable = 0;
	/** memblock-reserved pages (kernel image, memmap, hash tables, swiotlb...). */
	reserved = 0;
	/** Pages freed onto a pcp list (not counted free until the zone's pcp is drained). */
	parked = 0;
	/** PG_hwpoison pages taken out of the other counts (memory_failure(), soft_offline_page()). */
	hwpoison = 0;
	/** Pages of free huge pages in the hugetlb pool (HPAGE_PAGES each). */
	hugetlb = 0;
	/**
	 * mem->nr_vmemmap_pages: with memory_hotplug.memmap_on_memory, the block's own memmap sits in
	 * its first pages (present, never managed, counted with `reserved` while online).
	 */
	vmemmapPages = 0;
	pins: PinnedPage[] = [];
	/** ACPI memory device slot that added the block (firmware_node), if hot-added. */
	slot?: number;
	/** mem->online_type: what the next memory_subsys_online() does (`offline`: MMOP_OFFLINE, none set). */
	onlineType: OnlineType = 'offline';
	/** When the block was last onlined (its chunks joined the zone's free lists at the tail). */
	onlineSeq = 0;
	/** Another block was onlined into this block's zone after it (see GuestMm.transientSlabPfn()). */
	followed = false;
	/** Onlined by a write to its state or online file (not by a hot-add's auto-online). */
	onlinedByHand = false;
	/** GuestMm's count of programs run when the block was last onlined. */
	programsAtOnline = 0;
	/** Characters the serial console had received when the block last came online (GuestMm.serialInput()). */
	serialAtOnline = 0;
	/**
	 * The block's first allocation since its online was a movable one (a tmpfs page a builtin
	 * wrote before any fork): its first 4 MiB chunk is MIGRATE_MOVABLE, and unmovable requests
	 * steal the next one.
	 */
	headMovable = false;
	/**
	 * Set by a refused offline (GuestMm.undoIsolationAt()): the pfn below which the block's free
	 * pages went back to the movable lists' tails, so unmovable requests steal from here on.
	 */
	movableUntil: number | undefined;

	constructor(
		readonly id: number,
		readonly startPfn: number,
		readonly nrPages: number,
		present: number,
		readonly hotplugged: boolean,
	) {
		this.present = present;
	}

	get endPfn(): number {
		return this.startPfn + this.nrPages;
	}

	/** Pages in use in any way (what must be migrated or is pinned). */
	used(): number {
		return this.present - this.free;
	}

	/** The pinned page covering `pfn` (a compound pin covers 2^order pages). */
	pinAt(pfn: number): PinnedPage | undefined {
		return this.pins.find(p => pfn >= p.pfn && pfn < p.pfn + (1 << (p.order ?? 0)));
	}

	/**
	 * Where start_isolate_page_range() meets `pfn`: it isolates the range's first pageblock, then
	 * its last (isolate_single_pageblock() of both ends), then the ones between from the start;
	 * has_unmovable_pages() scans each pageblock from its first page. A smaller key is met first.
	 */
	isolationOrder(pfn: number): number {
		const last = Math.floor((this.nrPages - 1) / PAGEBLOCK_NR_PAGES);
		const pageblock = Math.floor((pfn - this.startPfn) / PAGEBLOCK_NR_PAGES);
		const rank = pageblock === 0 ? 0 : pageblock === last ? 1 : pageblock + 1;
		return rank * PAGEBLOCK_NR_PAGES + ((pfn - this.startPfn) % PAGEBLOCK_NR_PAGES);
	}

	/** The unmovable page has_unmovable_pages() would find first, in isolationOrder(). */
	firstUnmovable(): PinnedPage | undefined {
		let best: PinnedPage | undefined;
		for (const p of this.pins) if (!best || this.isolationOrder(p.pfn) < this.isolationOrder(best.pfn)) best = p;
		// The block's self-hosted memmap is not part of the range offline_pages() isolates.
		if (!best && (this.reserved > this.vmemmapPages || this.unmovable > 0)) {
			return {pfn: this.startPfn, kind: this.reserved > 0 ? 'memmap' : 'slab', cache: 'A'};
		}
		return best;
	}
}
