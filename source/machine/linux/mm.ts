import type {PciHotplugResource} from './acpiphp.js';
import type {FirmwareBootInfo} from '../acpi.js';
import type {Errno} from '../errno.js';
import type {HotplugEvent} from '../snapshot.js';
import type {KernelParams, OnlineType, ThpMode} from './cmdline.js';
import {bootMemory, countPresent, IMAGE_FREED_PAGES, KERNEL_IMAGE, LATE_FREED_PAGES, totalramAtInitcalls, PAGES_PER_SECTION, STRUCT_PAGE_SIZE, PAGE_SIZE, type BootMemory} from './memblock.js';
import {MemoryBlock, type PinnedPage} from './memory-block.js';
import {PAGEBLOCK_NR_PAGES, Watermarks, Zone, zoneHighsize, ZONE_MOVABLE, ZONE_NAMES, ZONE_NORMAL} from './mmzone.js';
import {describePage, dumpPage} from './page-dump.js';
import {FirmwareMemmap} from './firmware-memmap.js';
import {KERN_ERR, KERN_INFO, KERN_WARNING, type PrintkRing} from './printk.js';
import {bootUsage, dmaAtomicPoolPages, type KernelUsage} from './usage.js';
import {lateHashTables} from './large-hash.js';
import {DMA32_CAPPED_AS_KERNEL, dma32ListedAsKernel, normalKernelPages, pcpBootListAfterFrees, pcpBootLists, pcpListAfterFrees, pcpOneCpuBootList, pcpBootReclaimable1Batch31, pcpRefillPages} from './pcp-boot.js';
import {DEBIAN_VERSION, dmiHardwareName, LINUX_RELEASE} from './build-info.js';
import {kacpiHotplugWorker} from './process.js';
import {HPAGE_PAGES, HugetlbPool} from './hugetlb.js';
import {kernelE820, type KernelE820} from './e820.js';
import {DENTRY_CACHE, GPE_METHOD_WALK_STATES, IATTRS_CACHE, KFREE_DRAIN_NS, KMALLOC96_RCU_AT_PROMPT, LSM_INODE_CACHE, SEQ_BUF_PAGE, TRANSIENT_CACHES, TTY_FLIP_BUFFER_CHARS, kmalloc1kFreeAtBoot, kmalloc2kFreeAtBoot, kmalloc96FreeAtBoot, pipeBufsFreeAtBoot, type TransientCache} from './slub.js';
import {HotplugSlabCache, type HotSlab} from './hotplug-slab-cache.js';
import {KERNFS_NODE_CACHE, kernfsFreeAtBoot, kernfsNodesBeforeOnline, kernfsNodesOfBind} from './kernfs-node-cache.js';
import {KMALLOC_16, kmalloc16FreeAtBoot, kmalloc16OfBind, kmalloc16OfBlock} from './kmalloc-names.js';

/** sizeof(struct page) * PAGES_PER_SECTION / PAGE_SIZE: one order-9 vmemmap block per section. */
const MEMMAP_PAGES_PER_SECTION = (PAGES_PER_SECTION * STRUCT_PAGE_SIZE) / PAGE_SIZE;
/** The exec's unmovable pages before load_elf_binary() takes its kmalloc-1k object (the new mm's page directory and the stack's tables). */
const EXEC_UNMOVABLE_BEFORE_PHDRS = 4;
/** get_page_bootmem()'s types (include/linux/bootmem_info.h). */
const SECTION_INFO = 12;
const MIX_SECTION_INFO = 13;
const NODE_INFO = 14;

/** A pageblock-order (order-9, 2 MiB) page: what vmemmap_populate_hugepages() allocates per section. */
const THP_PAGES = 512;
/**
 * dump_stack() of warn_alloc() for vmemmap_alloc_block() on the ACPI hotplug worker (the lab's
 * 200M guest, s61/vm/v200: a 1G DIMM's memmap with no free pageblock left).
 */
const VMEMMAP_ALLOC_TRACE = [
	'Call Trace:', ' <TASK>', ' dump_stack_lvl+0x44/0x5c', ' warn_alloc+0x151/0x170', ' vmemmap_alloc_block+0x80/0xd5', ' vmemmap_populate+0x119/0x32d',
	' __populate_section_memmap+0x1f5/0x217', ' sparse_add_section+0x13d/0x1f2', ' __add_pages+0x9d/0x120', ' add_pages+0x2c/0x90',
	' add_memory_resource+0x1a8/0x2e0', ' __add_memory+0x38/0x80', ' acpi_memory_device_add+0x1bb/0x320', ' acpi_bus_attach+0x149/0x260',
	' acpi_bus_scan+0x54/0x100', ' acpi_device_hotplug+0x3c0/0x420', ' acpi_hotplug_work_fn+0x1a/0x30', ' process_one_work+0x1c7/0x380',
	' worker_thread+0x4d/0x380', ' ? rescuer_thread+0x3a0/0x3a0', ' kthread+0xda/0x100', ' ? kthread_complete_and_exit+0x20/0x20',
	' ret_from_fork+0x22/0x30', ' </TASK>',
];
/**
 * CONFIG_PCP_BATCH_SCALE_MAX of the guest's kernel (Debian's 6.1.0-57 config: 5; the limit came
 * to 6.1 stable from 6.7): nr_pcp_free() stops doubling its batch after five doublings. The
 * lab's 3584M guest, whose ZONE_NORMAL list (batch 31, high 2785) took the 24 order-9 memmap
 * pages of a 3 GiB removal, kept five of them (2724 pages listed); uncapped, the doublings go
 * on past 992 pages to the list's whole length, which empties it twice and leaves one.
 */
const PCP_BATCH_SCALE_MAX = 5;
/** pageblock_order: the order pcp_allowed_order() admits besides 0..3. */
const PAGEBLOCK_ORDER = 9;
/**
 * What the flat 2560 pages of KernelUsage.parkedPages, fitted before the lists of pcp-boot.ts
 * were, counted of them: their pages and refills replace it, so that the goldens (1G with 32
 * slots after their first `ls`, 4G with 64) and the lab's 4G and 5G tutorials keep their figures.
 */
const PCP_BOOT_LISTS_FLAT = 106;
/**
 * The lists of the top zone's CPU 0 that boot's allocations refilled, each left on average half
 * a refill when boot ended (order 0 of each migratetype, the slabs' orders 1 to 3): that flat count
 * holds that at a batch of 63. A zone of a smaller batch refills by less and keeps less: the lab's
 * one-CPU guests with a top zone of batch 31 (768M's DMA32, 3584M's and 3712M's 512 and 640 MiB
 * ZONE_NORMAL, session 22) listed 85 to 145 pages fewer than memhp's flat count, MemFree 84 to
 * 125 pages above it.
 */
const PCP_BOOT_REFILLED_LISTS = 6;
const PCP_BOOT_FITTED_BATCH = 63;
const GIB = 1 << 30;
/**
 * What the second CPU keeps on its lists at boot, in batches of the top zone: what the processes
 * that ran there freed, a few refills of its per-order lists. The lab's two-CPU guests (s28/mi,
 * s28/smp) listed 366 to 476 pages more than one CPU's at 1G to 3G, whose top zone's batch is
 * 63, and 214 to 226 at 768M, whose batch is 31. Seven and a half batches, with the kernel's own
 * per-CPU costs (usage.ts), put the 34 two-CPU lab boots' MemFree 250 kB off the lab's on average
 * (400 with a flat 200 pages; 768M's eight had been 850 kB low) and keep the older two-CPU
 * fixtures.
 */
const PCP_BATCHES_PER_EXTRA_CPU = 7.5;
/**
 * And each CPU past the second, in pages. The lab's third and fourth CPUs listed 31 to 580 pages
 * more each (s28/mi), a third CPU about 500 with 630 kB less VmallocUsed than two, a fourth about
 * 120 with 380 kB more: the lists and vmalloc move together, and memhp charges neither the
 * vmalloc past two CPUs (usage.ts) nor the lists' swing, 260 pages each instead: the fit over the
 * lab's ten s28/mi boots with three and four CPUs and session 36's seven (s36/b4, 768M to 6G), once
 * SReclaimable followed the CPU count (usage.ts sreclaimableExtraCpuKb(); 220 had made up for the
 * 312 kB memhp charged four CPUs there): MemFree within 764 kB of the older boots, 450 of the
 * newer. Past four CPUs the lab's further lists hold 300 to 560 pages each (docs/known-gaps.md).
 */
const PCP_PAGES_PER_CPU_PAST_TWO = 260;
/**
 * Of those boot pages, the ones on the unmovable and reclaimable lists of the CPU the shell runs
 * on (what boot's processes freed from stolen pageblocks): the rest sit in MIGRATE_MOVABLE
 * pageblocks (memmap_init() marks every pageblock movable) and go to the movable list. The lab's
 * one-CPU 1G guest: a tmpfs write of 20, 80 or 300 MiB left 523-549 of its 2455-2470 pages.
 */
const PCP_BOOT_UNMOVABLE_PAGES = 500;
/**
 * Of those, the pages on the order-0 MIGRATE_UNMOVABLE list, which the kernel's own order-0
 * allocations take first. The lab's 1G guest gave a 512M, a 128M and a 2G hot-add's kernel pages
 * (about 34) from it with MemFree falling by the memmaps alone.
 */
const PCP_BOOT_KERNEL_PAGES = 40;
/**
 * What a program run by the shell (`cat`, `free`, `grep`) takes through the preferred zone's pcp
 * lists: its user pages (GFP_HIGHUSER_MOVABLE: the highest populated zone) and its kernel pages
 * (page tables, stack, task structures: the highest kernel zone). In the boot zone they come and
 * go on the boot pcp list; a newly onlined zone above it gives them from its buddy allocator
 * first, a batch at a time, and keeps them on its lists. The lab's 1G guests: a new ZONE_MOVABLE
 * 28-62 pages under its managed count with 6-28 on its list, a new ZONE_NORMAL serving both
 * 57-64 with 19-25.
 */
export const PROGRAM_USER_PAGES = 28;
export const PROGRAM_KERNEL_PAGES = 20;
/**
 * The kernel's lists the programs refill in such a zone (unmovable and reclaimable order 0, the
 * slabs' higher orders), each a refill longer once the zone's batch reaches 63 (six blocks
 * onlined to it, about 176k managed pages): the lab's guests onlining a 2G DIMM to a new
 * ZONE_NORMAL block by block (768M, 1G, 2560M; session 22) listed 84 to 90 more pages there from
 * the sixth block on, where its batch went from 31 to 63, and nothing like it in a new
 * ZONE_MOVABLE, which takes user pages alone. (Their programs' footprints are their own
 * initramfs's: memhp keeps the goldens' below that.) Nor in a ZONE_NORMAL that takes kernel
 * pages alone, a ZONE_MOVABLE above it taking the user ones: the lab's 1G to 1536M guests
 * (s28/lo, s31/pcp) listed 10 to 13 pages there with a batch of 63, blocks onlined one by one,
 * programs between.
 */
export const PROGRAM_KERNEL_LISTS = 3;
/**
 * What an auto-online's own work leaves on the lists of the ZONE_NORMAL it populates, once the
 * zone's batch is 63: the blocks' online uevents and the ACPI bind allocate there right after the
 * online and refill more of its per-order lists than a first program does. The lab's one-CPU 1G
 * to 3G guests auto-onlining 1 or 2 GiB (s28/nz, s27/big, gen4, gen5) listed 64 to 125 pages more
 * than blocks onlined by hand after their first program (208-269 there, 93-96 by hand); memhp
 * takes the fit over eleven such runs. A 512 MiB DIMM (batch 31) listed no more than by hand,
 * nor did a 3G guest with a ZONE_MOVABLE above (lab fixture auto-online-first-normal-3G).
 */
const AUTO_ONLINE_LIST_PAGES = 94;
/** Of the kacpi_hotplug worker's refills in a ZONE_NORMAL its auto-online populated, what the work keeps (workerListsInNewNormal()). */
const WORKER_KEPT_PAGES = 19;
/** What a program takes from a new zone serving both beside its two lists' refills (the lab's fit, s25/ko), and the refill from which memhp counts those. */
const PROGRAM_BOTH_FIXED_PAGES = 26;
const PROGRAM_BOTH_FROM_REFILL = 31;
/** The slab caches of the inodes a path walk instantiates (sysfs: inode_cache; procfs: proc_inode_cache). */
export type InodeCache = 'inode_cache' | 'proc_inode_cache';
/**
 * Free objects each inode cache has when boot ends (see GuestMm.inodeObject()): inode_cache's last
 * slab is full; proc_inode_cache has six left, 5 of 11 in use (the lab's 1G guest opening one
 * /proc file a line with builtins took its next slab at the seventh, s42/f; its
 * /sys/kernel/slab/proc_inode_cache/objects read by builtins at 512M and 4G showed the same).
 */
const INODE_FREE_AT_BOOT: Readonly<Record<InodeCache, number>> = {inode_cache: 0, proc_inode_cache: 6};
/** The inode caches' slabs: order 1, of twelve inodes and eleven proc inodes (the lab's dumps: counters 0x800c000c, 0x800b000b). */
const INODE_SLAB_ORDER = 1;
const INODE_SLAB_OBJECTS: Readonly<Record<InodeCache, number>> = {inode_cache: 12, proc_inode_cache: 11};
/** Pages of empty slabs slab_mem_going_offline_callback() frees besides slub.ts's caches. */
const SHRINK_FREED_SLAB_PAGES = 32;
/**
 * Of those, the pages of caches memhp does not follow one by one (GuestMm.freeBootEmptySlabs()),
 * sigqueue's and Acpi-State's boot slabs among them (slub.ts): all but kmalloc-32's CPU slab.
 */
const BOOT_EMPTY_SLAB_PAGES = 31;

/** Where pages taken off a pcp list for the kernel go: block `b`'s unmovable pages. */
const asKernelPages = (b: MemoryBlock, k: number): void => {
	b.unmovable += k;
};

/** vm_area_struct objects to a slab (152 bytes, order 0). */
const VMA_PER_SLAB = 26;
/**
 * A pipeline's second fork needs the new vm_area_struct slab, after the two forks' page
 * directories (order 1, PTI) and page tables, sixteen pages: at the block's head, or past its
 * first chunk when that went movable first (lab s40/tr: the slab at pfn 0x128010 after `free`
 * had run since the online, its freed page tables taken again; s40/k1: 0x128410 after a tmpfs
 * write).
 */
const VMA_FORK_PAGES = 16;
/**
 * The kernel pages a task holds from a fresh Normal block's first pageblock when an order-0 slab
 * of slub.ts is made in its context: at fork() (kmalloc-32's, for the child's objects) the
 * child's kernel stack and page directory (the lab's dumps: 6, 6, 5, 1, 8 and 13 pages into the
 * block, six the middle); after execve() (pde_opener's, at a program's open of /proc/zoneinfo)
 * those and the new image's page tables (13, 10, 9, 10, 13, 13). Random flows of s48/r28 and
 * earlier labs, the first Normal block onlined by hand, the dump that of a refused offline.
 */
const FORK_KERNEL_PAGES = 6;
const EXEC_KERNEL_PAGES = 13;
/**
 * kmalloc-96 objects a DIMM's hot-add has in use at once, all freed before it ends (lab s63: a
 * 512M guest's hot-add took a new slab with one of its two free objects held by a shrink's open,
 * none with both free, s63/b and a; none was in use after it, s63/g).
 */
const HOTPLUG_KMALLOC96_AT_ONCE = 2;
/** kmalloc-96 objects a fork() has in use until the program exits (lab s63/i: `sleep` took a new slab with none free). */
const FORK_KMALLOC96 = 1;
/** The pages before a builtin's new order-0 slab at a block's head once a program ran there (kernfsOpen()). */
const K96_AFTER_PROGRAM_SKIP = 6;
/** MAX_ORDER_NR_PAGES: the largest buddy chunk (order 10, 4 MiB). */
const MAX_ORDER_NR_PAGES = 1024;
/** The first page frame above 4 GiB. */
const FOUR_GIB_PFN = 0x100000;

/** The pages a pin covers (2^order from its pfn). */
function* pinnedPfns(p: PinnedPage): Generator<number> {
	for (let i = 0; i < 1 << (p.order ?? 0); i++) yield p.pfn + i;
}

/**
 * %#lx / %#llx in the kernel's vsprintf: `0x` and lowercase hex, zero too (number() writes the
 * prefix for base 16 whatever the value; glibc's printf would print a bare `0`): the lab's
 * `echo 01 > hard_offline_page` logged `Memory failure: 0x0: unhandlable page.` (s72/h gen13302).
 */
const hexAlt = (n: number): string => `0x${n.toString(16)}`;

/** hugepage_init() leaves THP off when totalram_pages() < 512 MiB. */
const THP_MIN_TOTALRAM_PAGES = (512 * 1024 * 1024) / PAGE_SIZE;

/** Pages of one allocation that a block gave (chargeKernelPages()). */
type PagePlacement = {b: MemoryBlock; n: number};

/**
 * A slab of a cache of slub.ts: pinned in a hot-added block (`block` and `pin`), or in the boot
 * blocks whose pages it took (`placed`). Boot's own slabs name neither; `inBootPool`: one of
 * those that BOOT_EMPTY_SLAB_PAGES counts.
 */
type TransientSlab = {block?: MemoryBlock; pin?: PinnedPage; placed?: PagePlacement[]; inBootPool?: true};

/**
 * The dentry cache's slabs: order 0, 21 dentries of 192 bytes. When boot ends they have 17 free
 * objects, then one slab per 21: the lab's 1G guest making one tmpfs file a line with builtins
 * alone took its next slab at the 18th dentry (s42/f), and its 3500M guest's first new slab after
 * a hand online held 7 dentries of a count that starts from 17 (gen-flows 7310, see
 * newDentrySlab()). (Until session 67 memhp kept 15, for readd-kernel-stale-dentries-2560M.t's
 * `free -m`, whose buff/cache sits 4 kB from a MiB boundary: that column is now both values.)
 * Session 26's reads by programs took it at the 14th lookup (their /proc/<pid> and exe dentries
 * in use too, see invalidateLookups()). A sysfs lookup of a missing name takes one too: kernfs
 * hashes a negative dentry and keeps it (gen-flows 9602, chargeNegativeDentry()).
 */
const DENTRY_SLAB_OBJECTS = DENTRY_CACHE.objects;
const DENTRY_FREE_AT_BOOT = 17;
const IATTRS_SLAB_OBJECTS = IATTRS_CACHE.objects;

/**
 * get_partial() of a slab page the cache allocates from again: one flush_all() left on the node's
 * partial list comes off it (list_del(): lru.next poisoned) and is frozen as the CPU slab.
 */
function takeAsCpuSlab(p: PinnedPage): void {
	if (p.frozen === false && !p.cpuPartial) p.fromPartial = true;
	delete p.frozen;
}
/** Programs a command line runs between two ends of grace periods (GuestMm.programExec()). */
const PROGRAMS_PER_GRACE_PERIOD = 2;

/**
 * Kernel memory a hot-add costs besides its memmap: per DIMM (its ACPI memory device, resource
 * and memory group) and per memory block (struct memory_block, its device and kernfs nodes,
 * section usemaps), slab included. They come off the unmovable pcp list
 * of the zone the kernel allocates from, so MemFree falls by the memmap alone while the list has
 * them. The lab's 1G to 8G guests: 2-4 pages for a 128M DIMM, 8-10 for 512M and for 1G, 21 for
 * 2G, none of them given back by the DIMM's removal.
 */
const HOTPLUG_KERNEL_PAGES_PER_DIMM = 4;
const HOTPLUG_KERNEL_PAGES_PER_BLOCK = 1;

/** A hot-added memory resource (`System RAM` in /proc/iomem) and where its memmap lives. */
export interface HotplugResource {
	start: number;
	size: number;
	slot: number;
	/** Block that holds this range's vmemmap (or the boot zone when null), and how many pages. */
	memmapBlock: MemoryBlock | null;
	/** The page that stands for that memmap in memmapBlock's pins. */
	memmapPin?: PinnedPage;
	memmapZone: Zone;
	memmapPages: number;
	/** Where a memmap not held by one hot-added block was taken from, block by block. */
	memmapCharges: {block: MemoryBlock; zone: Zone; pages: number}[];
	/** The hot-add's own long-lived kernel page, where it pins a hot-added block (hotAddKernelPages()). */
	kernelPage?: {block: MemoryBlock; pin: PinnedPage};
	/** The block its block devices' new kmalloc-1k slab comes from, placed at the add's end (placeHotAddKmalloc1k()). */
	kmalloc1kSlabIn?: MemoryBlock;
}

/** The pcp lists a drained zone's next programs refill, a batch each (refillZonePcp()). */
const PCP_REFILL_LISTS = 3;
/** Programs run per batch each other CPU's list gains (growOtherCpuLists()). */
const PROGRAMS_PER_LIST_BATCH = 15;

/**
 * The guest's memory-management core: zones, memory blocks and page accounting, with the
 * 6.1 memory-hotplug operations (mm/memory_hotplug.c) on top: add_memory_resource,
 * online_pages, offline_pages, try_remove_memory, and the zone choice of zone_for_pfn_range.
 */
export class GuestMm {
	readonly boot: BootMemory;
	/** The kernel's e820_table (the firmware's, after `mem=`), and what parsing it printed. */
	readonly e820: KernelE820;
	/** /sys/firmware/memmap: the BIOS e820 table, plus a "System RAM" entry per hot-added range. */
	readonly firmwareMemmap: FirmwareMemmap;
	/** Possible CPUs (unbound kworkers are named after the pool: kworker/u<2*cpus>:N). */
	private readonly cpus: number;
	readonly zones: Zone[];
	readonly wm: Watermarks;
	readonly blocks = new Map<number, MemoryBlock>();
	readonly blockPages: number;
	readonly usage: KernelUsage;
	/** BARs the PCI core assigned to hotplugged functions (acpiphp.ts): /proc/iomem shows them in their window. */
	readonly pciResources: PciHotplugResource[] = [];
	readonly resources: HotplugResource[] = [];
	/** mhp_default_online_type (auto_online_blocks). */
	defaultOnlineType: OnlineType;
	/** memory_hotplug.online_policy, auto_movable_ratio and auto_movable_numa_aware (module parameters, writable at run time). */
	onlinePolicy: 'contig-zones' | 'auto-movable';
	autoMovableRatio: number;
	autoMovableNumaAware: boolean;
	/** policy_zone only ever grows (check_highest_zone). */
	private policyZone = 0;
	/** Freed kernel pages of hot-added Normal blocks, most recent last (pcp lists are LIFO). */
	private pcpLifo: number[] = [];
	/** The page directory of the last program the shell ran, still held by an idle CPU (smp > 1). */
	private lazyPgd: {b: MemoryBlock; pfn: number} | undefined;
	/** Blocks onlined so far: a block's place in its zone's free lists (FPI_TO_TAIL). */
	private onlines = 0;
	/** `onlines` when the last add_memory_resource() began: the blocks its auto-online onlines come after. */
	private onlinesAtAdd = 0;
	/**
	 * Zones whose pcp list a hot-add left over its high mark, to be trimmed at the next program's
	 * exit: emptied (`drain`), or given back a batch at a time until under the mark (`batches`).
	 */
	private readonly pcpTrimAtExit = new Map<Zone, 'drain' | 'batches'>();
	/** Programs forked so far: which of the two mm_struct objects the slab hands out alternates. */
	private forks = 0;
	/** Programs the shell has run (each fork()). */
	private programs = 0;
	/** Tasks the shell forked that have not exited: a kernel allocation while one lives is made in its context. */
	private liveTasks = 0;
	/** The `B` CPU slab pages the last shrink freed onto the pcp lists, newest last: the next program takes them again. */
	private flushedCpuSlabs: {b: MemoryBlock; pfn: number}[] = [];
	/**
	 * The slab of each cache of slub.ts that has one: in a hot-added block (`pin`), or in a boot
	 * block; names_cache's and kmalloc-32's slabs at boot are part of the boot usage (no block named).
	 */
	private readonly transientSlabs = new Map<TransientCache, TransientSlab>([['names', {}], ['k32', {}], ['sigq', {inBootPool: true}], ['acpi', {inBootPool: true}]]);
	/** kmalloc-1k's free objects with one CPU (slub.ts); undefined with more, not followed. */
	private kmalloc1kFree: number | undefined;
	/** kmalloc-96's free objects (slub.ts), boot's slabs and the new ones (kmalloc96Slabs) together. */
	private kmalloc96Free = 0;
	/** kmalloc-96 slabs taken after boot; the first is transientSlabs' `k96`, where memhp places it. */
	private kmalloc96Slabs = 0;
	/** The batch kvfree_rcu() is filling: when its first object came, and the kernfs_open_nodes in it. */
	private kfreeRcuBatch: {startNs: number; objects: number} | undefined;
	/** Pages with PG_hwpoison set. */
	private readonly hwpoison = new Set<number>();
	/** num_poisoned_pages (HardwareCorrupted): in 6.1 it only grows, even when the memory is removed. */
	numPoisonedPages = 0;
	readonly events: HotplugEvent[] = [];
	/** The blocks by id, rebuilt only when a block device is created or removed. */
	private sorted: readonly MemoryBlock[] | undefined;
	/** Bumped whenever a memory block device is created or removed (sysfs listings follow it). */
	private blocksGen = 0;
	/** vmemmap_alloc_block()'s `warned`. */
	private vmemmapWarned = false;
	/** The default hstate's pool (vm.nr_hugepages). */
	readonly hugetlb: HugetlbPool;
	/**
	 * Boot's allocations found no free page before the kernel freed its init sections (a small
	 * guest whose swiotlb buffer took too much): the kernel panics, `System is deadlocked on memory`.
	 */
	outOfMemoryAtBoot = false;
	/**
	 * The initcalls are running (the boot's ACPI scan adding the DIMMs QEMU started with):
	 * free_initmem() and the initrd's free have not happened, so the pages the boot state counts
	 * as freed by them are not yet the zones'.
	 */
	initcallsRunning = false;
	/** The board, for the `Hardware name:` of the kernel's dumps. */
	private readonly board: 'pc' | 'q35';
	/** show_mem() up to a zone (procfs-vm.ts): warn_alloc() prints it after its call trace. */
	showMem?: (maxZoneIdx: number) => [number, string][];
	/** transparent_hugepage/enabled, and whether hugepage_init() started khugepaged at boot. */
	thpMode: ThpMode = 'always';
	khugepagedAtBoot = true;
	/** Told when khugepaged starts or stops (the task table follows). */
	onKhugepaged?: (running: boolean) => void;
	/** The tasks alive now, all and user ones (the process table's count; the counters that follow them). */
	taskCounts?: () => {all: number; user: number};
	/** memory_notify(MEM_ONLINE / MEM_OFFLINE) callbacks (mm/mmap.c's reserve_mem_notifier: /proc/sys/vm registers one). */
	readonly memoryNotifiers: ((action: 'online' | 'offline') => void)[] = [];

	/** `acpiSlots`: the PNP0C80 devices acpi_bus_scan() made of QEMU's DIMM slots (their slab is the kernel's). */
	constructor(bootInfo: FirmwareBootInfo, readonly params: KernelParams, readonly printk: PrintkRing, private readonly now: () => number, readonly acpiSlots = 0) {
		this.board = bootInfo.board ?? 'pc';
		this.e820 = kernelE820(bootInfo.e820, params.early);
		this.boot = bootMemory(bootInfo, this.e820.table, {early: params.early, movableNode: params.movableNode});
		this.firmwareMemmap = new FirmwareMemmap(bootInfo.e820);
		this.cpus = Math.max(1, bootInfo.cpus);
		// (one of them still held by a kfree_rcu() batch of boot's at the prompt: slub.ts)
		this.kmalloc96Free = kmalloc96FreeAtBoot(bootInfo.ramBelow4g + bootInfo.ramAbove4g, this.cpus) - KMALLOC96_RCU_AT_PROMPT;
		this.kfreeRcuBatch = {startNs: now(), objects: KMALLOC96_RCU_AT_PROMPT};
		this.blockPages = this.boot.blockSizeBytes / PAGE_SIZE;
		this.defaultOnlineType = params.memhpDefaultState;
		this.onlinePolicy = params.autoMovable ? 'auto-movable' : 'contig-zones';
		this.autoMovableRatio = params.autoMovableRatio;
		this.autoMovableNumaAware = params.autoMovableNumaAware;
		this.zones = ZONE_NAMES.map((n, i) => new Zone(n, i));
		this.wm = new Watermarks(this.zones);
		this.initBootZones();
		this.usage = bootUsage(this.boot.totalramPages, this.boot.nrKernelPages, this.cpus, acpiSlots, this.boot.blockSizeBytes);
		this.bootWatermarks();
		this.placeBootUsage();
		this.hugetlb = new HugetlbPool({allocHugePage: () => this.allocHugePage(), freeHugePage: b => this.freeHugePage(b)});
		// hugetlb_init() (subsys_initcall): the pool of hugepages= comes from the buddy allocator.
		if (params.hugepages) this.hugetlb.setMax(BigInt(params.hugepages));
		for (const z of this.zones) if (z.populated() && z.idx !== ZONE_MOVABLE) this.policyZone = Math.max(this.policyZone, z.idx);
	}

	/**
	 * init_per_zone_wmark_min() (core_initcall) and khugepaged's set_recommended_min_free_kbytes()
	 * (subsys_initcall) run before free_initmem() and the initrd are freed: the watermarks are
	 * computed on the zones that still hold them (the kernel image's, and the initrd's at the top of
	 * RAM below 4 GiB, ZONE_MOVABLE under movablecore=: the lab's 2G guest with movablecore=512M,
	 * s60/wm2), and are not recomputed afterwards.
	 */
	private bootWatermarks(): void {
		const zoneOf = (pfn: number) => this.zones.find(zone => zone.present && zone.startPfn <= pfn && zone.endPfn > pfn);
		const imageZone = zoneOf(KERNEL_IMAGE.text / PAGE_SIZE)!;
		const initrdPages = Math.ceil((this.boot.layout.ramdisk.end - this.boot.layout.ramdisk.start) / PAGE_SIZE);
		const late = this.boot.totalramPages - totalramAtInitcalls(this.boot.totalramPages);
		const held: [Zone, number][] = [[imageZone, late - initrdPages], [zoneOf(Math.floor(this.boot.layout.ramdisk.start / PAGE_SIZE)) ?? imageZone, initrdPages]];
		for (const [z, n] of held) z.managed -= n;
		// hugepage_init(): THP (and with it khugepaged) is disabled on systems below 512 MiB,
		// whatever transparent_hugepage= said.
		this.thpMode = this.totalramPages() >= THP_MIN_TOTALRAM_PAGES ? this.params.transparentHugepage : 'never';
		this.wm.thp = this.thpMode !== 'never';
		this.khugepagedAtBoot = this.wm.thp;
		this.wm.initPerZoneWmarkMin();
		for (const [z, n] of held) z.managed += n;
	}

	private initBootZones(): void {
		const {present, maxPfn, reservations} = this.boot;
		for (const lim of this.boot.zones) {
			const z = this.zones[ZONE_NAMES.indexOf(lim.name)];
			const p = lim.present;
			z.startPfn = lim.start;
			z.spanned = lim.end - lim.start;
			z.present = p;
			z.presentEarly = p;
			let reserved = 0;
			for (const res of reservations) reserved += countPresent(present, Math.max(res.start, lim.start), Math.min(res.end, lim.end));
			z.managed = p - reserved;
			z.free = z.managed;
		}
		const last = Math.ceil(maxPfn / this.blockPages);
		for (let id = 0; id < last; id++) {
			const start = id * this.blockPages;
			const end = start + this.blockPages;
			const p = countPresent(present, start, end);
			if (!p) continue;
			const b = new MemoryBlock(id, start, this.blockPages, p, false);
			for (const res of reservations) b.reserved += countPresent(present, Math.max(res.start, start), Math.min(res.end, end));
			b.free = p - b.reserved;
			b.state = 'online';
			const zs = this.zones.filter(z => z.present && countPresent(present, Math.max(start, z.startPfn), Math.min(end, z.endPfn)) > 0);
			b.zone = zs.length === 1 ? zs[0] : null;
			this.blocks.set(id, b);
		}
		this.kmalloc1kFree = kmalloc1kFreeAtBoot(this.blocks.size, this.cpus);
	}

	/**
	 * The dynamic kernel and user memory of a booted system, where the buddy allocator hands it
	 * out: memblock_free_all() freed boot memory to the tails of the free lists, lowest pfn first,
	 * so allocations start at the bottom of the preferred zone (see bootAllocOrder()).
	 */
	private placeBootUsage(): void {
		const u = this.usage;
		const take = (pages: number, kind: 'unmovable' | 'movable' | 'parked', movableOrder = kind === 'movable') => {
			for (const {b, z} of this.bootAllocOrder(movableOrder)) {
				const n = Math.min(pages, this.freeFor(b, z));
				if (n <= 0) continue;
				this.takeBlockPages(b, n);
				b[kind] += n;
				if (kind === 'parked') z.pcpParked += n;
				pages -= n;
				if (!pages) return;
			}
		};
		// What init's processes freed sits on the pcp list of the CPU that freed it, up to that
		// list's high mark (a small zone, or one split across CPUs, holds less).
		const top = [...this.blocks.values()].reduce((a, b) => (b.id > a.id ? b : a));
		const topZone = top.zone ?? this.zones[1];
		const high = zoneHighsize(topZone, this.cpus);
		// A list that reached its high mark was trimmed by free_pcppages_bulk(), a batch shifted by
		// free_factor, which a run of frees with no allocation between doubles each time: on one
		// CPU the list ends where free_initmem()'s runs of frees leave it, less what the init
		// script's programs take (pcp-boot.ts pcpOneCpuBootList(): the lab's one-CPU guests from
		// 224M to 576M, twenty-one sizes, within 25 pages of their usual state). Where that run
		// starts is not followed for a batch not fitted nor with DIMM slots: such a list ends four
		// batches under the mark (the lab's 512M and 640M guests with 8 slots, within 40 pages
		// at 384M and 512M with 8 and 32). With more CPUs each list stops where its last trim left it,
		// which the CPUs the shell does not run on see no more frees to change (pcp-boot.ts
		// pcpBootListAfterFrees()). The lab's 256M to 640M guests with two to four CPUs (session
		// 36, s36/b4: fourteen boots) listed 0.41 to 0.83 of their marks in all, 90 pages from
		// memhp's on average, where memhp had kept the first list at its mark (250 more).
		let bootListCapped = false;
		// (free_initmem()'s runs reach the top zone's list only where it is the image's zone.)
		const capAtHigh = () => {
			if (u.parkedPages < high) return;
			bootListCapped = true;
			const lateFrees = topZone === imageZone ? pcpOneCpuBootList(high, topZone.pcpBatch, this.acpiSlots) : undefined;
			u.parkedPages = this.cpus > 1 ? pcpBootListAfterFrees(u.parkedPages, high, topZone.pcpBatch) : (lateFrees ?? Math.max(0, high - 4 * topZone.pcpBatch));
		};
		// (When the image's zone is another one, its list takes its part first: see below.)
		const imageZone = this.zones[1];
		// CPU 0's lists where the DIMM slots' ACPI devices took their slab (pcp-boot.ts): what the
		// last refills left on them, against what the flat count took them for.
		const ramGiB = this.zones.reduce((n, z) => n + z.present, 0) / (GIB / PAGE_SIZE);
		const hashTables = lateHashTables(this.boot.nrKernelPages, this.cpus);
		const order2Tables = hashTables.filter(t => t.order === 2 && t.pages).length;
		const order3Tables = hashTables.filter(t => t.order === 3 && t.pages).length;
		const lists = pcpBootLists(ramGiB, this.acpiSlots, topZone !== imageZone, order2Tables, topZone.pcpBatch, this.cpus, order3Tables);
		if (lists) {
			// The slots' slab is charged in usage; what the lists gave of it was on them already.
			const slotSlabPages = u.unmovablePages() - bootUsage(this.boot.totalramPages, this.boot.nrKernelPages, this.cpus, 0, this.boot.blockSizeBytes).unmovablePages();
			u.parkedPages += lists.before + lists.refilled - slotSlabPages - PCP_BOOT_LISTS_FLAT;
		}
		// The initrd's pages in a pageblock deferred struct page init left unmovable (memblock.ts
		// initrdUnmovablePages(): an initrd crossing into the last, partial pageblock of an odd-MiB
		// guest) go onto the order-0 UNMOVABLE list rather than the movable one, and the kernel's
		// later allocations take them there: the refills they spare stay free memory (the lab's
		// 777M: seven batches of 31; 1001M, 1023M, 2047M: four of 63). The movable list, which boot
		// never empties, holds as many fewer.
		const unmovableInitrd = topZone === imageZone ? this.boot.initrdUnmovablePages : 0;
		if (unmovableInitrd > 0) {
			const refill = pcpRefillPages(topZone.pcpBatch, 0);
			const listed = lists?.unmovable0 ?? 0;
			const spared = Math.floor((listed + unmovableInitrd) / refill) * refill;
			u.parkedPages -= spared;
			if (lists) lists.unmovable0 = listed + unmovableInitrd - spared;
		}
		// (The kernel's lists: a boot ZONE_MOVABLE on top, movablecore=, takes user pages alone.)
		const batch = (this.preferredZones()[1] ?? topZone).pcpBatch;
		if (!lists && batch < PCP_BOOT_FITTED_BATCH) {
			u.parkedPages -= Math.round((PCP_BOOT_REFILLED_LISTS * (pcpRefillPages(PCP_BOOT_FITTED_BATCH, 0) - pcpRefillPages(batch, 0))) / 2);
		}
		if (topZone === imageZone) capAtHigh();
		// Each further CPU's list keeps what the processes that ran there freed (see
		// PCP_BATCHES_PER_EXTRA_CPU), trimmed as the first CPU's is where that reaches its own
		// high mark (a small guest's four lists: 77-159 pages under marks of 187). (A top zone
		// apart from the image's gets only the processes' frees, far under its mark even split
		// across four CPUs: the lab's 4G, 4-CPU guest has 259-351 pages on each other CPU's Normal list.)
		const otherList = (frees: number) => pcpBootListAfterFrees(frees, high, topZone.pcpBatch);
		const otherCpus = this.cpus < 2 ? 0 : otherList(Math.round(PCP_BATCHES_PER_EXTRA_CPU * topZone.pcpBatch)) + otherList(PCP_PAGES_PER_CPU_PAST_TWO) * (this.cpus - 2);
		u.parkedPages += otherCpus;
		// free_initmem() and friends, and the initrd, free their pages one by one onto the pcp list
		// of the zone that holds them: DMA32, where the kernel image and the initrd are. With RAM
		// above 4 GiB, or a boot ZONE_MOVABLE (movablecore=, kernelcore=), that is not the zone the
		// processes' pages come from, and the two lists are apart (the lab's 4G to 8G guests: DMA32
		// 2263 pages, Normal a few hundred; a 1536M guest with movablecore=256M: 2353 and 222, the
		// small Movable list well under its own mark).
		// The newest pages on that list, so the ones a trim at the high mark spares, are the kernel
		// image's init sections (free_initmem() runs last), which lie in the image's own block.
		const imageBlock = this.blockForPfn(KERNEL_IMAGE.text / PAGE_SIZE);
		const park = (b: MemoryBlock, n: number, zone: Zone): number => {
			const k = Math.min(n, this.freeFor(b, zone));
			this.takeBlockPages(b, k);
			b.parked += k;
			zone.pcpParked += k;
			u.parkedPages -= k;
			return k;
		};
		// Where the image zone's list ends when the programs' pages come from a zone above it: at
		// most its mark, and a one-CPU list the late frees take past its mark ends under it, about
		// four batches (the lab's 512M guests with kernelcore=200M and movablecore=200M: 127 of 153
		// and 317 of 348; 640M with movablecore=300M: 2107 of 2162). (The run pcpOneCpuBootList()
		// follows starts from a count measured where DMA32 is the top zone, and holds the
		// programs' earlier frees, which go to the zone above here: 62, 303 and 1938 from it.)
		// Where the kernel's own allocations come from a ZONE_NORMAL above it (RAM past 4 GiB) no
		// allocation touches the image zone's list between the late frees: one run of frees, each
		// trim at the mark doubling the next (pcpListAfterFrees()); the lab's 48G guest (s61/big:
		// a DMA32 mark of 1782 under RAM's share of the watermarks) ended at 1318, as the run
		// does, where its 32G guest (mark 2299) kept all 2263.
		const imageHigh = zoneHighsize(imageZone, this.cpus);
		const kernelAbove = this.zones[ZONE_NORMAL].populated() && imageZone.idx < ZONE_NORMAL;
		// (kernel_init() frees them on the boot CPU, so with more CPUs too: the lab's two-CPU 32G
		// and 48G guests, whose split marks put even 32G's under them, had 3.8 and 7.7 MiB more
		// free than memhp keeping the frees listed.)
		const imageListEnd = imageHigh >= LATE_FREED_PAGES ? imageHigh
			: kernelAbove ? pcpListAfterFrees(LATE_FREED_PAGES, imageHigh, imageZone.pcpBatch) : this.cpus !== 1 ? imageHigh : Math.max(0, imageHigh - 4 * imageZone.pcpBatch);
		// (What the run's trims gave back is free memory, not another list's.)
		if (kernelAbove && imageListEnd < LATE_FREED_PAGES) u.parkedPages = Math.max(0, u.parkedPages - (LATE_FREED_PAGES - imageListEnd));
		if (imageBlock && this.zonesOf(imageBlock).includes(imageZone)) {
			park(imageBlock, Math.min(IMAGE_FREED_PAGES, u.parkedPages, topZone !== imageZone ? imageListEnd : u.parkedPages), imageZone);
		}
		if (topZone !== imageZone && imageZone.populated()) {
			// And below them the initrd's pages, at the top of DMA32.
			let n = Math.min(LATE_FREED_PAGES - IMAGE_FREED_PAGES, u.parkedPages, Math.max(0, imageListEnd - imageZone.pcpParked));
			for (const b of [...this.sortedBlocks()].reverse()) {
				if (b.zone !== imageZone || !n) continue;
				n -= park(b, n, imageZone);
			}
		}
		if (topZone !== imageZone) {
			// (Here the further CPUs' lists are counted already: the mark is the first CPU's.)
			const others = Math.min(otherCpus, u.parkedPages);
			u.parkedPages -= others;
			capAtHigh();
			u.parkedPages += others;
		}
		topZone.pcpOtherBoot = otherCpus;
		// A hash table of pageblock order (2 MiB: TCP bind's from 6 GiB) comes through the pcp
		// lists, whose rmqueue_bulk() takes two such pages: an odd number of them leaves one on
		// the top zone's list (the lab's 6G and 8G guests: Normal's list about 450 pages longer).
		// With two of them (IP idents and TCP bind, 10 to 16 GiB) the lab's guests end boot with a
		// 2 MiB page on Normal's list and another on DMA32's (512 pages more listed in each, in
		// three sizes; how the second comes to DMA32 is not known), with three (20 GiB) one.
		const order9 = hashTables.filter(t => t.order === PAGEBLOCK_ORDER).length;
		const parkHashPage = (zone: Zone) => {
			const b = [...this.sortedBlocks()].reverse().find(x => x.zone === zone && x.free >= HPAGE_PAGES);
			if (!b) return;
			this.takeBlockPages(b, HPAGE_PAGES);
			b.parked += HPAGE_PAGES;
			zone.pcpParked += HPAGE_PAGES;
			zone.pcpThp.push(b);
		};
		if (order9 && topZone.pcpBatch > 1) {
			if (order9 % 2) parkHashPage(topZone);
			else if (topZone !== imageZone && imageZone.pcpBatch > 1) {
				parkHashPage(topZone);
				parkHashPage(imageZone);
			}
		}
		// The DMA atomic pools: GFP_DMA's in ZONE_DMA (memory0's first 16 MiB), GFP_DMA32's in the
		// highest DMA32 block, GFP_KERNEL's with the rest of the kernel's memory.
		const pool = dmaAtomicPoolPages(this.boot.totalramPages);
		for (const zone of [this.zones[0], imageZone]) {
			if (!zone.populated() || zone === topZone) continue;
			const fits = (x: MemoryBlock) => this.zonesOf(x).includes(zone) && x.free >= pool;
			const b = zone === imageZone ? [...this.sortedBlocks()].reverse().find(fits) : this.sortedBlocks().find(fits);
			if (!b) continue;
			// (takeBlockPages() would charge memory0's DMA32 part first.)
			b.free -= pool;
			zone.free -= pool;
			b.unmovable += pool;
		}
		// (What the lab's guests hold as kernel memory where the fit lists it: pcp-boot.ts.)
		// (A list stopped at its high mark keeps what the mark lets it: they come out of free memory.)
		const notListed = topZone !== imageZone ? 0 : bootListCapped ? DMA32_CAPPED_AS_KERNEL : Math.min(dma32ListedAsKernel(ramGiB, topZone.pcpBatch), u.parkedPages);
		if (!bootListCapped) u.parkedPages -= notListed;
		const normalKernel = topZone !== imageZone && lists ? normalKernelPages(ramGiB) : 0;
		const kernelPages = u.unmovablePages() + notListed + normalKernel + pool * (topZone === imageZone ? 2 : 1);
		const restore = topZone === imageZone ? this.holdLateFrees(imageZone, kernelPages + u.movablePages()) : undefined;
		take(kernelPages, 'unmovable');
		restore?.();
		// (What is left listed is the top zone's: a boot ZONE_MOVABLE's (movablecore=, kernelcore=)
		// holds the programs' frees, as the lab's 512M guests with 200M of it: 213 and 229 pages.)
		take(u.parkedPages, 'parked', topZone.idx === ZONE_MOVABLE);
		const restoreMovable = topZone === imageZone ? this.holdLateFrees(imageZone, u.movablePages()) : undefined;
		take(u.movablePages(), 'movable');
		restoreMovable?.();
		// The unmovable pages on the list are what the kernel freed at boot into its own zone's
		// list (init sections, the initrd); a top zone apart from the image's holds the processes'
		// frees and what the DIMM slots' slab left on its unmovable list (pcpBootLists()), which
		// the first hot-adds' kernel pages come from: the lab's 4G guests (s45/r9, s45/big: a
		// 256M DIMM with 4 slots, bigger.t's 2G and 1G with 64) took their memmap alone out of
		// MemFree. One that runs it dry takes a batch (chargeKernelPages()).
		topZone.pcpUnmovable = topZone === imageZone ? Math.min(PCP_BOOT_UNMOVABLE_PAGES, this.shellPcpOrder0(topZone)) : Math.min(lists?.unmovable0 ?? 0, topZone.pcpParked);
		// (A one-CPU list trimmed at its high mark at boot keeps them too: the lab's 512M to 768M
		// guests, 2 to 32 slots, a 256M to 1G DIMM, took their hot-add's memmap alone out of
		// MemFree, twelve of twelve (s46/r17; memhp had taken a batch of 31). Not more than the
		// DIMM slots' slab left on the order-0 unmovable list: the lab's 1G guest with 256 slots
		// took a batch out of MemFree at its first hot-add. With more CPUs, not measured, none.)
		topZone.pcpKernel = bootListCapped && this.cpus > 1 ? 0 : Math.min(PCP_BOOT_KERNEL_PAGES, lists?.unmovable0 ?? Infinity, topZone.pcpUnmovable);
		// (Where the fit has no lists, a batch of 31 has its order-1 reclaimable list alone, trimmed
		// at the high mark or not: the lab's 512M and 768M guests.)
		const reclaimable1 = lists ? (bootListCapped ? undefined : lists.reclaimable1) : topZone === imageZone ? pcpBootReclaimable1Batch31(this.acpiSlots, topZone.pcpBatch, this.cpus) : undefined;
		this.reclaimable1Listed = reclaimable1 !== undefined;
		topZone.pcpReclaimable1 = reclaimable1 ?? 0;
		this.homeZone = topZone;
		// The zones init's and the shell's own pages came from: their lists already serve programs.
		const [user, kernel] = this.preferredZones();
		this.bootProgramZones = new Set([topZone, ...(user ? [user] : []), ...(kernel ? [kernel] : [])]);
	}

	/**
	 * A guest too small for boot's allocations to fit in the image's zone (DMA32) above its low
	 * watermark before free_initmem() and the initrd's free give their pages back: once the zone
	 * is down to the mark, get_page_from_freelist() serves the rest from the zonelist's next zone,
	 * ZONE_DMA, and the late frees come back to DMA32 afterwards (the lab's 100M, 128M and 160M
	 * guests: ZONE_DMA 3600, 490 and 1470 pages down, DMA32 holding about the late frees; from
	 * 192M on ZONE_DMA is untouched). Where `pages` would take the zone below that, the late
	 * frees and the mark are held out of its blocks while they are placed; the returned function
	 * gives them back. Undefined where they fit.
	 */
	private holdLateFrees(zone: Zone, pages: number): (() => void) | undefined {
		const late = Math.max(0, LATE_FREED_PAGES - zone.pcpParked);
		let held = Math.min(zone.free, late + zone.wmarkLow);
		if (zone.free - held >= pages) return undefined;
		const taken: [MemoryBlock, number][] = [];
		for (const b of this.sortedBlocks()) {
			if (!held) break;
			if (b.hotplugged || b.state !== 'online' || !this.zonesOf(b).includes(zone)) continue;
			const k = Math.min(held, this.freeFor(b, zone));
			if (!k) continue;
			this.takeBlockPages(b, k);
			taken.push([b, k]);
			held -= k;
		}
		return () => {
			for (const [b, k] of taken) this.giveBlockPages(b, k);
			// Where even the zones below cannot take the rest above their min watermark and the
			// protection they keep from `zone`'s allocations, the allocation finds nothing to
			// reclaim (the initramfs is shmem, there is no swap) and no process to kill: the OOM
			// killer panics (the lab's 84M to 96M, 112M, 144M and 150M guests with a hotplug range;
			// 100M, 136M and 152M boot).
			for (const z of this.zones.slice(0, zone.idx)) {
				if (z.populated() && z.free < z.wmarkMin + z.lowmemReserve[zone.idx]!) this.outOfMemoryAtBoot = true;
			}
		};
	}

	nowSeconds(): number {
		return this.now() / 1e9;
	}

	/**
	 * The zones a block's pages belong to, highest first: one for most blocks, two for the boot
	 * block that spans ZONE_DMA and ZONE_DMA32 (memory0) or a boot ZONE_MOVABLE's start, whose
	 * zone is null.
	 */
	private zonesOf(b: MemoryBlock): Zone[] {
		if (b.zone) return [b.zone];
		const zs: Zone[] = [];
		for (let i = ZONE_MOVABLE; i >= 0; i--) {
			const z = this.zones[i];
			if (z.present && z.startPfn < b.endPfn && z.endPfn > b.startPfn) zs.push(z);
		}
		return zs.length ? zs : [this.zones[1]];
	}

	/**
	 * Takes `n` free pages of block `b` (n <= b.free): the zone counters follow, the highest
	 * zone of a multi-zone block first, so no zone's NR_FREE_PAGES goes below zero.
	 */
	private takeBlockPages(b: MemoryBlock, n: number): void {
		b.free -= n;
		const zs = this.zonesOf(b);
		for (let i = 0; i < zs.length && n; i++) {
			const k = i === zs.length - 1 ? n : Math.min(n, Math.max(0, zs[i].free));
			zs[i].free -= k;
			n -= k;
		}
	}

	/** Gives `n` pages back to block `b`'s free pages (and its zones, without exceeding managed). */
	private giveBlockPages(b: MemoryBlock, n: number): void {
		b.free += n;
		const zs = this.zonesOf(b);
		for (let i = 0; i < zs.length && n; i++) {
			const k = i === zs.length - 1 ? n : Math.min(n, Math.max(0, zs[i].managed - zs[i].free));
			zs[i].free += k;
			n -= k;
		}
	}

	/**
	 * Online boot blocks in the order the buddy allocator hands out their pages: the preferred zone
	 * first (ZONE_NORMAL when boot memory has one, else DMA32; ZONE_MOVABLE before them for movable
	 * pages), then the zonelist's lower zones, each from its lowest block: memblock_free_all()
	 * put boot memory on the tails of the free lists (FPI_TO_TAIL), lowest pfn first. The lab: a
	 * 4G or 6G guest's memory32, the bottom of boot Normal, is pinned at its first page and
	 * memory33 goes offline; below 4 GiB the kernel's pages fill memory0 above the kernel image
	 * (a 1G guest's 2G DIMM spills its memmap into memory1), and the blocks under the top one,
	 * which memblock's own top-down allocations fill, go offline (2G: memory14, 3G: memory22).
	 */
	private bootAllocOrder(movable: boolean): {b: MemoryBlock; z: Zone}[] {
		const zones = this.zones.slice(0, movable ? ZONE_MOVABLE + 1 : ZONE_MOVABLE).filter(z => z.populated()).reverse();
		const order: {b: MemoryBlock; z: Zone}[] = [];
		for (const z of zones) {
			for (const b of this.sortedBlocks()) {
				// (Kernel pages never come from a block with a boot ZONE_MOVABLE part, kernelcore=/movablecore=.)
				if (!b.hotplugged && b.state === 'online' && this.zonesOf(b).includes(z) && (movable || this.kernelBlock(b))) order.push({b, z});
			}
		}
		return order;
	}

	/** Boot kernel blocks, the one bootAllocOrder() reaches last (where the newest kernel pages are) first. */
	private kernelBlocksNewestFirst(): MemoryBlock[] {
		return [...new Set(this.bootAllocOrder(false).map(x => x.b))].reverse();
	}

	/**
	 * A block's unmovable pages other than the memmap of DIMMs still present (the order-9 pages
	 * vmemmap_populate() took there): what frees of boot's kernel objects can give back. The
	 * memmap goes only with its DIMM (removeMemory()); a slab freed meanwhile was another page
	 * (the lab's 1792M guest, s66/b: a 512M DIMM's memmap, out of a removed 2G DIMM's pages on the
	 * pcp list, all four back on the list at its eject, and a 2G DIMM after took them with
	 * MemFree unchanged; memhp had let an offline's slab frees eat one).
	 */
	private kernelPagesOf(b: MemoryBlock): number {
		let held = 0;
		for (const r of this.resources) for (const c of r.memmapCharges) if (c.block === b) held += c.pages;
		return Math.max(0, b.unmovable - held);
	}

	/** The newest boot kernel block matching `pred`. */
	private lastKernelBlock(pred: (b: MemoryBlock) => boolean): MemoryBlock | undefined {
		return this.kernelBlocksNewestFirst().find(pred);
	}

	/** Free pages of block `b` that an allocation from zone `z` can take (memory0's ZONE_DMA pages stay out of a DMA32 one). */
	private freeFor(b: MemoryBlock, z: Zone): number {
		let n = b.free;
		for (const lower of this.zonesOf(b)) if (lower.idx < z.idx) n -= Math.max(0, lower.free);
		return Math.max(0, n);
	}

	/**
	 * What of a block's free pages in `z` an order-9 allocation can have: whole free pageblocks.
	 * In a boot block, the kernel image's late-freed parts (init sections, the gaps around
	 * rodata) and the initrd lie between reserved pages, none of them a whole aligned 2 MiB, and
	 * the pageblocks boot's allocations claimed (whole, by migratetype, as zoneFreeArea() has
	 * them) keep their unused rest on the lower orders' lists. The lab's 512M guest (s61/m512):
	 * a 2G DIMM's sixteen order-9 memmap pages fill what the image's block has whole and reach
	 * the first page of the next block (offlining it then fails), where 512M and 1G (twelve) do not.
	 */
	private pageblockFreeFor(b: MemoryBlock, z: Zone): number {
		if (z.idx === 0) return this.dmaPageblockFree(z);
		let n = this.freeFor(b, z);
		if (b.hotplugged) return n;
		const rest = (pages: number) => (pages > 0 ? Math.ceil(pages / PAGEBLOCK_NR_PAGES) * PAGEBLOCK_NR_PAGES - pages : 0);
		n -= rest(b.unmovable) + rest(b.movable + b.parked);
		const holds = (start: number, end: number) => start < b.endPfn && end > b.startPfn && this.zonesOf(b).includes(z);
		if (holds(KERNEL_IMAGE.text / PAGE_SIZE, KERNEL_IMAGE.end / PAGE_SIZE)) n -= IMAGE_FREED_PAGES;
		const rd = this.boot.layout.ramdisk;
		if (holds(Math.floor(rd.start / PAGE_SIZE), Math.ceil(rd.end / PAGE_SIZE))) n -= LATE_FREED_PAGES - IMAGE_FREED_PAGES;
		return Math.max(0, n);
	}

	/**
	 * ZONE_DMA's whole free pageblocks: its managed pages start at pfn 256 (the first MiB is
	 * reserved), so the pageblocks above the first are whole at boot (seven), and boot's
	 * allocations that spilled into the zone past the GFP_DMA atomic pool (a small guest,
	 * holdLateFrees()) each claimed some of them: the lab's 160M guests kept three or four of
	 * the seven after a spill of 1250-1470 pages, its 200M guest all seven.
	 */
	private dmaPageblockFree(z: Zone): number {
		const firstWhole = Math.ceil(Math.max(z.startPfn, 256) / PAGEBLOCK_NR_PAGES) * PAGEBLOCK_NR_PAGES;
		const whole = Math.max(0, Math.floor((z.endPfn - firstWhole) / PAGEBLOCK_NR_PAGES));
		const bootFree = z.managed - dmaAtomicPoolPages(this.boot.totalramPages);
		const claimed = Math.ceil(Math.max(0, bootFree - z.free) / PAGEBLOCK_NR_PAGES);
		return Math.min(z.free, Math.max(0, whole - claimed) * PAGEBLOCK_NR_PAGES);
	}

	/** An online block whose pages all belong to kernel zones (GFP_KERNEL can use any of them). */
	private kernelBlock(b: MemoryBlock): boolean {
		return !this.zonesOf(b).some(z => z.idx === ZONE_MOVABLE);
	}

	blockOf(id: number): MemoryBlock | undefined {
		return this.blocks.get(id);
	}

	/**
	 * The memory block devices by id (the order of /sys/devices/system/memory). Shared and
	 * cached until a block is added or removed: callers must not modify it.
	 */
	sortedBlocks(): readonly MemoryBlock[] {
		this.sorted ??= [...this.blocks.values()].sort((a, b) => a.id - b.id);
		return this.sorted;
	}

	/** Changes whenever the set of memory block devices changes (for cached sysfs listings). */
	blocksGeneration(): number {
		return this.blocksGen;
	}

	private blocksChanged(): void {
		this.sorted = undefined;
		this.blocksGen++;
	}

	totalramPages(): number {
		return this.zones.reduce((n, z) => n + z.managed, 0);
	}

	freePages(): number {
		return this.zones.reduce((n, z) => n + z.free, 0);
	}

	memAvailablePages(): number {
		return this.wm.siMemAvailable(this.freePages(), 0, this.usage.sreclaimablePages());
	}

	// --- zone selection (mm/memory_hotplug.c) -------------------------------------------

	/** default_kernel_zone_for_pfn(). */
	defaultKernelZone(start: number, nr: number): Zone {
		for (let i = 0; i < ZONE_NORMAL; i++) if (this.zones[i].intersects(start, nr)) return this.zones[i];
		return this.zones[ZONE_NORMAL];
	}

	/** default_zone_for_pfn(). */
	defaultZone(start: number, nr: number): Zone {
		const kernel = this.defaultKernelZone(start, nr);
		const movable = this.zones[ZONE_MOVABLE];
		const inKernel = kernel.intersects(start, nr);
		const inMovable = movable.intersects(start, nr);
		if (inKernel !== inMovable) return inKernel ? kernel : movable;
		return this.params.movableNode ? movable : kernel;
	}

	/** zone_for_pfn_range(). */
	zoneForPfnRange(type: OnlineType, start: number, nr: number): Zone {
		if (type === 'online_kernel') return this.defaultKernelZone(start, nr);
		if (type === 'online_movable') return this.zones[ZONE_MOVABLE];
		if (this.onlinePolicy === 'auto-movable') return this.autoMovableZone(start, nr);
		return this.defaultZone(start, nr);
	}

	/**
	 * The memory group of a hot-added range: acpi_memory_enable_device() registers a static group
	 * per ACPI memory device, whose max_pages is the whole DIMM, and adjust_present_page_count()
	 * counts its online pages as movable or kernel by their zone.
	 */
	private memoryGroup(start: number): {maxPages: number; movable: number; kernel: number} | undefined {
		const b = this.blocks.get(Math.floor(start / this.blockPages));
		if (!b?.hotplugged) return undefined;
		const res = this.resources.find(r => r.slot === b.slot && start * PAGE_SIZE >= r.start && start * PAGE_SIZE < r.start + r.size);
		if (!res) return undefined;
		const group = {maxPages: res.size / PAGE_SIZE, movable: 0, kernel: 0};
		for (const m of this.sortedBlocks()) {
			if (m.state !== 'online' || !m.zone || m.slot !== b.slot || m.startPfn * PAGE_SIZE < res.start || m.endPfn * PAGE_SIZE > res.start + res.size) continue;
			if (m.zone.idx === ZONE_MOVABLE) group.movable += m.present;
			else group.kernel += m.present;
		}
		return group;
	}

	/**
	 * auto_movable_zone_for_pfn() (memory_hotplug.online_policy=auto-movable): ZONE_MOVABLE if the
	 * rest of the block's memory group (the whole DIMM; the block alone without one) could go
	 * online movable now and keep MOVABLE within auto_movable_ratio percent of the kernel zones'
	 * boot memory; a group with any kernel memory stays kernel. Otherwise the default kernel zone.
	 * With one NUMA node the numa-aware check repeats the same sums.
	 */
	private autoMovableZone(start: number, nr: number): Zone {
		const kernel = this.defaultKernelZone(start, nr);
		if (!this.autoMovableRatio) return kernel;
		const group = this.memoryGroup(start);
		if (group?.kernel) return kernel;
		const want = group ? group.maxPages - group.movable : nr;
		// auto_movable_can_online_movable(): ACPI's static groups add no dynamic-group terms.
		let kernelEarly = 0;
		let movable = want;
		for (const z of this.zones) {
			if (!z.populated()) continue;
			if (z.idx === ZONE_MOVABLE) movable += z.present;
			else kernelEarly += z.presentEarly;
		}
		if (kernelEarly <= 0) return kernel;
		return movable <= Math.floor((this.autoMovableRatio * kernelEarly) / 100) ? this.zones[ZONE_MOVABLE] : kernel;
	}

	/** valid_zones_show(). */
	validZones(b: MemoryBlock): string {
		if (b.state === 'online') return b.zone ? b.zone.name : 'none';
		const def = this.zoneForPfnRange('online', b.startPfn, b.nrPages);
		let s = def.name;
		for (const t of ['online_kernel', 'online_movable'] as const) {
			const z = this.zoneForPfnRange(t, b.startPfn, b.nrPages);
			if (z !== def) s += ` ${z.name}`;
		}
		return s;
	}

	// --- online / offline ------------------------------------------------------------------

	private event(e: Omit<HotplugEvent, 'time'>): void {
		this.events.push({...e, time: this.now() / 1e9});
	}

	/** build_all_zonelists(): the three lines printed whenever a zone is (un)populated. */
	private buildAllZonelists(): void {
		for (const z of this.zones) if (z.populated() && z.idx !== ZONE_MOVABLE) this.policyZone = Math.max(this.policyZone, z.idx);
		this.printk.printk(KERN_INFO, 'Fallback order for Node 0: 0 ');
		// (during the initcalls the init sections and the initrd are still reserved: lab s70/cold)
		const pending = this.initcallsRunning ? this.boot.totalramPages - totalramAtInitcalls(this.boot.totalramPages) : 0;
		this.printk.printk(KERN_INFO, `Built 1 zonelists, mobility grouping on.  Total pages: ${this.wm.nrFreePagecachePages() - pending}`);
		this.printk.printk(KERN_INFO, `Policy zone: ${ZONE_NAMES[this.policyZone]}`);
	}

	/** memory_block_online() -> online_pages(). Returns 0 or a negative-errno-like name. */
	memoryBlockOnline(b: MemoryBlock, type: OnlineType, path: string[]): Errno | undefined {
		const zone = this.zoneForPfnRange(type, b.startPfn, b.nrPages);
		const rebuild = !zone.populated();
		zone.growSpan(b.startPfn, b.endPfn);
		// mhp_init_memmap_on_memory(): a self-hosted memmap joins the zone as present, not managed.
		b.free = b.present - b.vmemmapPages;
		b.movable = b.shmemWritten = b.unmovable = b.parked = b.hwpoison = b.hugetlb = 0;
		b.reserved = b.vmemmapPages;
		b.pins = [];
		// move_pfn_range_to_zone() initialises the struct pages afresh: PG_hwpoison is gone too.
		for (const pfn of this.hwpoison) if (pfn >= b.startPfn && pfn < b.endPfn) this.hwpoison.delete(pfn);
		zone.managed += b.present - b.vmemmapPages;
		zone.present += b.present;
		// adjust_present_page_count(): boot memory stays "early" wherever it goes back online.
		if (!b.hotplugged) zone.presentEarly += b.present;
		zone.free += b.present - b.vmemmapPages;
		b.zone = zone;
		b.state = 'online';
		// generic_online_page() frees the block's chunks to the tail of the zone's free lists.
		b.onlineSeq = ++this.onlines;
		b.followed = false;
		b.headMovable = false;
		b.movableUntil = undefined;
		b.programsAtOnline = this.programs;
		b.serialAtOnline = this.serialBytes;
		// A block onlined by hand after another of the zone finds that one's head split already; the
		// blocks one hot-add auto-onlines come online in one go in the hotplug work, which allocates
		// nothing between them (the lab's 1000M guest: a 384M DIMM auto-onlined, then a builtin's
		// path walk put its inode slab at pfn 0x100000, the first block's first page).
		// Blocks one command line onlines with builtins (`for b in ...; do echo online > ...; done`:
		// no input read, no program run between them) likewise: the first one's head stays whole
		// (the lab's gen-flows 8202, 9307: a new inode slab at the first block's first page after
		// such a loop).
		const sameAdd = path.includes('online_memory_block');
		b.onlinedByHand = !sameAdd;
		for (const x of this.blocks.values()) {
			if (x === b || x.state !== 'online' || x.zone !== zone) continue;
			if (sameAdd && x.slot === b.slot && x.onlineSeq > this.onlinesAtAdd) continue;
			if (!sameAdd && x.onlinedByHand && x.serialAtOnline === this.serialBytes && x.programsAtOnline === this.programs) continue;
			x.followed = true;
		}
		if (rebuild) this.buildAllZonelists();
		this.wm.initPerZoneWmarkMin();
		this.event({kind: 'online', blocks: [b.id], zone: zone.name, bytes: (b.present - b.vmemmapPages) * PAGE_SIZE, callPath: [
			...path, 'memory_subsys_online', 'memory_block_change_state', 'memory_block_action',
			'memory_block_online', 'zone_for_pfn_range', ...(b.vmemmapPages ? ['mhp_init_memmap_on_memory'] : []), 'online_pages', 'move_pfn_range_to_zone', 'online_pages_range',
			'generic_online_page', ...(rebuild ? ['build_all_zonelists'] : []), 'init_per_zone_wmark_min',
		]});
		for (const notify of this.memoryNotifiers) notify('online');
		// memmap_init_range() calls cond_resched() at every pageblock of the block: the RCU grace
		// period a lookup's d_invalidate() started ends while the block comes online, and the next
		// lookups reuse the freed objects (the lab's 896M guest, s66/a: after a DIMM's eject,
		// `for b in memory39 ... memory42; do echo online > $b/state; done` used 6 inodes, not 8).
		this.rcuGracePeriod();
		return undefined;
	}

	/** Pages on CPU 0's pcp lists of `zone` (the shell's CPU: the other CPUs hold what their boot processes freed). */
	private shellPcp(zone: Zone): number {
		return zone.pcpParked - zone.pcpOtherCpus(this.cpus);
	}

	/** Of shellPcp(), the order-0 lists' pages (the order-9 list aside). */
	private shellPcpOrder0(zone: Zone): number {
		return Math.max(0, this.shellPcp(zone) - THP_PAGES * zone.pcpThp.length);
	}

	/**
	 * CPU 0's order-0 MIGRATE_MOVABLE list, what rmqueue_pcplist() hands a user page before it
	 * goes to the buddy allocator. (A list trimmed or partly drained below its unmovable pages
	 * lost those too: free_pcppages_bulk() walks all lists.)
	 */
	private pcpMovable(zone: Zone): number {
		return this.clampPcpLists(zone) - zone.pcpUnmovable;
	}

	/** Keeps the unmovable and kernel counts within what CPU 0's order-0 lists still hold; returns that. */
	private clampPcpLists(zone: Zone): number {
		const order0 = this.shellPcpOrder0(zone);
		zone.pcpUnmovable = Math.min(zone.pcpUnmovable, order0);
		zone.pcpKernel = Math.min(zone.pcpKernel, zone.pcpUnmovable);
		return order0;
	}

	/** Of block b's pages on zone's pcp lists, those on the order-0 lists (its 2 MiB pages on the order-9 list aside). */
	private parkedOrder0(zone: Zone, b: MemoryBlock): number {
		return b.parked - THP_PAGES * [...zone.pcpThp, ...zone.pcpWorkerThp].filter(t => t === b).length;
	}

	/** zone_pcp_disable(): drain the zone's pcp lists back to the buddy allocator. */
	private drainZonePcp(zone: Zone): void {
		for (const b of this.blocks.values()) {
			if ((b.zone ?? this.zones[1]) !== zone || !b.parked) continue;
			this.giveBlockPages(b, b.parked);
			b.parked = 0;
		}
		zone.pcpParked = 0;
		zone.pcpOtherBoot = 0;
		zone.pcpOtherGrown = 0;
		zone.pcpUnmovable = 0;
		zone.pcpKernel = 0;
		zone.pcpReclaimable1 = 0;
		zone.programPages = 0;
		zone.pcpThp = [];
		zone.pcpWorkerThp = [];
		this.programsAtDrain.set(zone, this.programs);
	}

	/**
	 * free_unref_page_commit(): a free that leaves a CPU's pcp list at or above its high mark
	 * hands pages back to the buddy allocator (free_pcppages_bulk), so the list never keeps
	 * more than `high` pages for long.
	 */
	private trimZonePcp(zone: Zone): void {
		// (Not the hotplug worker's list on another CPU: freeUnrefThp() trims that at its own mark.)
		this.trimZonePcpBy(zone, zone.pcpParked - zone.pcpWorkerThpPages() - zoneHighsize(zone, this.cpus));
	}

	/** free_pcppages_bulk() of `excess` pages: the order-0 lists first, then the order-9 one. */
	private trimZonePcpBy(zone: Zone, excess: number): void {
		if (excess <= 0) return;
		// free_pcppages_bulk() walks the lists round-robin from the one after the THP list, so
		// the order-0 lists give their pages first.
		const blocks = this.sortedBlocks();
		for (let i = blocks.length - 1; i >= 0 && excess > 0; i--) {
			const b = blocks[i]!;
			if ((b.zone ?? this.zones[1]) !== zone) continue;
			const order0 = this.parkedOrder0(zone, b);
			const n = Math.min(excess, order0);
			if (n <= 0) continue;
			b.parked -= n;
			this.giveBlockPages(b, n);
			zone.pcpParked -= n;
			excess -= n;
		}
		this.freePcpThp(zone, excess);
	}

	/** free_pcppages_bulk() of an order-9 list (CPU 0's), its oldest 2 MiB pages first, until `count` pages went back: what is left of count. */
	private freePcpThp(zone: Zone, count: number, list = zone.pcpThp): number {
		while (count > 0 && list.length) {
			const b = list.shift()!;
			b.parked -= THP_PAGES;
			this.giveBlockPages(b, THP_PAGES);
			zone.pcpParked -= THP_PAGES;
			count -= THP_PAGES;
		}
		return count;
	}

	/**
	 * A program's exit frees its pages onto the pcp lists. A list left at or over its high mark
	 * (an order-9 batch of rmqueue_bulk() put two 2 MiB pages on it, say) gives a batch back
	 * at the first free and raises pcp->free_factor; the next free of an order-1..3 page (a slab
	 * emptied at exit) then finds nr_pcp_high() at 0 and free_pcppages_bulk() empties the list,
	 * which the program's next allocations refill by one batch. In the lab, a 512M guest's DMA32
	 * list went from 615 pages at boot to 69 after a hot-add's memmap allocations.
	 */
	exitMm(): void {
		this.liveTasks = Math.max(0, this.liveTasks - 1);
		// do_notify_parent(): the shell's SIGCHLD carries a sigqueue (slub.ts), taken in the exiting
		// task's context, its page tables just freed and its kernel stack still held.
		this.ensureTransientSlab('sigq', this.programs, FORK_KERNEL_PAGES);
		// A list a hot-add left over its mark under the ZONE_NORMAL it populated: the exit's first
		// free there gives a batch back and raises free_factor, its next higher-order free empties
		// the list, refilled as when the hot-add itself empties one (the lab's 512M guest: DMA32's
		// 565 pages and the spare 2 MiB page still listed when `free` read MemFree, 48 pages when
		// the next program did, 48-58 after; s49/r32 w1, w2).
		for (const [zone, how] of this.pcpTrimAtExit) {
			const high = zoneHighsize(zone, this.cpus);
			if (zone.pcpParked <= high) continue;
			if (how === 'drain') {
				this.drainZonePcp(zone);
				this.refillZonePcp(zone, true);
				continue;
			}
			// nr_pcp_free(): each free while the list is at its mark gives back a batch shifted by
			// pcp->free_factor, which grows by one each time (up to the mark less a batch).
			for (let n = zone.pcpBatch; zone.pcpParked > high; n = Math.min(2 * n, Math.max(zone.pcpBatch, high - zone.pcpBatch))) {
				const before = zone.pcpParked;
				this.trimZonePcpBy(zone, n);
				if (zone.pcpParked === before) break;
			}
		}
		this.pcpTrimAtExit.clear();
		this.pcpFreesOverHigh();
	}

	/**
	 * The frees of exitMm() on every list over its high mark (see there). A hot-add's `deferred`
	 * zones see no free of the worker's: a list of theirs over its mark waits for the next exit,
	 * emptied there or trimmed a batch at a time (pcpTrimAtExit).
	 */
	private pcpFreesOverHigh(deferred?: (zone: Zone) => 'drain' | 'batches' | undefined): void {
		// Each CPU's list has its own mark. With more than one CPU memhp keeps boot's frees on CPU
		// 0's books, but the kernel spread them over the lists (free_initmem()'s on whichever CPU
		// ran it: the lab's two-CPU 768M to 2G guests listed 2297-2633 pages on CPU 1's DMA32 list
		// and 165-580 on CPU 0's, its 3G guest the other way round), each under its own mark, and
		// no list was emptied: not after an online lowered the mark (the lab's 1G, 4-CPU guest),
		// not by a hot-add's spare 2 MiB page (768M with four CPUs: 4 MiB more used after a 128M
		// hot-add, as with one), nor after a 2 GiB ZONE_NORMAL lowered DMA32's mark (768M to 2G
		// with two to four CPUs kept every list through it and the next programs; memhp had
		// emptied the shell's CPU's, 12-16 MiB of MemFree).
		if (this.cpus > 1) return;
		for (const zone of this.zones) {
			// (Boot leaves a small zone's list at its high mark at most: see placeBootUsage().)
			if (!zone.populated()) continue;
			const high = zoneHighsize(zone, this.cpus);
			if (zone.pcpParked <= high) continue;
			const later = deferred?.(zone);
			if (later) {
				this.pcpTrimAtExit.set(zone, later);
				continue;
			}
			// Below a populated ZONE_NORMAL the programs' pages come from above, and the few pages
			// a program frees to this list (older slab and page cache) trim a list a little over
			// its mark a batch at a time until it is under it: the lab's 512M and 640M guests, an
			// online lowering DMA32's mark under its list, 640 pages over 590 kept 579, 758 over
			// 720 kept 728, then 668 (not always: s33/pz c27 kept 538 over 492 through its next
			// programs, where memhp's trim takes a hot-add's spare 2 MiB page with the batches; the
			// pcp paragraph of docs/model.md has the figures). A list far over its mark keeps its pages:
			// 610 over 528, 634 over 524, 602 over 352, 774 over 657 (lab s33/pz; the next programs
			// freed nothing to them, or one batch). What later trims such a list is not modelled: a
			// loop of greps and onlines took three and four growing batches off two of them, and
			// session 26's flow (550 over 467 after four onlines by hand, emptied then; re-recorded
			// twice in session 33: 411 and 400, under the mark) lost its excess during the onlines.
			// memhp keeps the list.
			if (zone.idx < ZONE_NORMAL && this.zones[ZONE_NORMAL].populated()) {
				if (zone.pcpParked - high < 2 * zone.pcpBatch) this.trimZonePcpBy(zone, Math.ceil((zone.pcpParked - high + 1) / zone.pcpBatch) * zone.pcpBatch);
				continue;
			}
			// Otherwise the programs allocate from this list (no ZONE_NORMAL above it takes their
			// kernel pages): it is emptied, and their next allocations refill it by a batch.
			this.drainZonePcp(zone);
			this.refillZonePcp(zone);
		}
	}

	/**
	 * free_unref_page() of one order-9 page of block `b`: onto its zone's pcp list; a list at or
	 * over its high mark then gives back nr_pcp_free() pages, `batch << free_factor` (between
	 * batch and high - batch, free_factor growing while there is room, up to PCP_BATCH_SCALE_MAX),
	 * and free_pcppages_bulk() drains the list of the page just freed first, whole pages, the
	 * oldest first. So a removal's burst of frees keeps less than the high mark: the lab's 4G
	 * guest, its Normal list at 292 pages under a high mark of 5150, kept six of a 2 GiB DIMM's
	 * sixteen memmap pages (20 MiB back in MemFree; memhp had kept the list full, 12 MiB).
	 */
	private freeUnrefThp(b: MemoryBlock): void {
		const zone = b.zone ?? this.zones[1];
		this.freeToPcpThp(b, THP_PAGES);
		const high = zoneHighsize(zone, this.cpus);
		// With more CPUs the worker's list is CPU 1's: what that CPU's processes freed at boot and
		// since, and the order-9 pages the worker freed there (the lab's two-CPU 2G guest: four
		// 512M DIMMs' memmaps freed 5054, 6647, 8699, 10730 pages listed in all, each list under
		// its own mark, where memhp, trimming the sum at one mark, kept 3464 to 6974).
		const worker = this.cpus > 1;
		const otherOrder0 = zone.pcpOtherCpuOrder0(this.cpus);
		if ((worker ? otherOrder0 + zone.pcpWorkerThpPages() : zone.pcpParked) < high) return;
		const batch = zone.pcpBatch;
		const maxNrFree = high - batch;
		let count = batch * 2 ** zone.pcpFreeFactor;
		if (count < maxNrFree && zone.pcpFreeFactor < PCP_BATCH_SCALE_MAX) zone.pcpFreeFactor++;
		count = this.freePcpThp(zone, Math.min(Math.max(count, batch), maxNrFree), zone.memmapThpList(this.cpus));
		if (count <= 0) return;
		if (!worker) {
			this.trimZonePcpBy(zone, count);
			return;
		}
		// Then that CPU's order-0 lists.
		const before = zone.pcpParked;
		this.trimZonePcpBy(zone, Math.min(count, otherOrder0));
		let freed = before - zone.pcpParked;
		const grown = Math.min(freed, zone.pcpOtherGrown);
		zone.pcpOtherGrown -= grown;
		freed -= grown;
		zone.pcpOtherBoot -= Math.min(freed, zone.pcpOtherBoot);
	}

	/**
	 * With more than one CPU, the hotplug worker's frees after an auto-online, on its own CPU's
	 * lists of the zone the kernel now allocates from: a list its 2 MiB pages (the memmap refill's
	 * spare) put over that CPU's high mark gives them back. The lab's two-CPU 512M guests with
	 * memhp_default_state=online (s49/r32 z2, u1b, r31 x6): a second DIMM's memmap out of the
	 * first's ZONE_NORMAL, and no 2 MiB page on either CPU's Normal list after it (87 and 168
	 * pages under a mark of 457), where memhp had kept one (2 MiB more `used`). DMA32's own list
	 * under the new zone is left as it is: the lab's runs kept its spare page through one to two
	 * programs, or lost it at the first.
	 */
	private workerFreesOverHigh(): void {
		const zone = this.preferredZones()[1];
		if (!zone || !zone.pcpWorkerThp.length) return;
		const high = zoneHighsize(zone, this.cpus);
		while (zone.pcpWorkerThp.length && zone.pcpOtherCpuOrder0(this.cpus) + zone.pcpWorkerThpPages() >= high) this.freePcpThp(zone, THP_PAGES, zone.pcpWorkerThp);
	}

	/** Frees `n` pages of block `b` that the kernel held (memmap) as order-9 pages onto the zone's pcp list. */
	private freeToPcpThp(b: MemoryBlock, n: number): void {
		const zone = b.zone ?? this.zones[1];
		b.unmovable -= n;
		b.parked += n;
		zone.pcpParked += n;
		for (let i = 0; i + THP_PAGES <= n; i += THP_PAGES) zone.memmapThpList(this.cpus).push(b);
	}

	/**
	 * zone_pcp_enable() after an offline: the shell's next processes allocate through the
	 * empty pcp lists again, and the first rmqueue_bulk() moves one batch out of the buddy
	 * allocator (not counted in MemFree while it sits on the list).
	 */
	private refillZonePcp(zone: Zone, asBefore = false): void {
		const batch = zone.pcpBatch;
		if (!zone.populated() || batch < 2) return;
		if (asBefore) {
			// As before the hot-add's online made a zone above it the kernel's choice (the caller).
			const lists = batch < 63 ? 1 : PCP_REFILL_LISTS;
			for (let i = 0; i < lists && this.bulkToPcp(zone, batch); i++);
			return;
		}
		// Only the boot zone's lists, while no zone above it takes the programs' pages (those
		// zones give them through programPagesFromTopZones(); the lab's 1G guest with Normal and
		// Movable blocks online: DMA32's list stays empty after a boot block's offline).
		const [user, kernel] = this.preferredZones();
		if (zone !== this.homeZone || kernel !== zone || (user !== zone && batch < 63)) return;
		// Each order-0 list the next programs allocate from (movable, unmovable, reclaimable)
		// refills on its own: the lab's boot-block offlines, 1G to 12G, leave 203-211 pages listed.
		// Zones with a smaller batch (31) went either way in the lab (512M's DMA32 27 pages, a
		// 512 MiB ZONE_NORMAL 33, 768M's DMA32 81): memhp refills one list there. A ZONE_MOVABLE
		// above takes the user pages: the kernel's two lists refill (the lab's 4G and 5G guests
		// with a DIMM block in boot Normal and one in Movable, s45/r9: 215 pages back at the Normal
		// one's offline, where refilling none gave 344); with a batch of 31 none (the lab's 512M
		// guest with a Movable block, s45/r12: memhp's MemFree a batch under its after refilling one).
		const lists = batch < 63 ? 1 : user === zone ? PCP_REFILL_LISTS : PCP_REFILL_LISTS - 1;
		for (let i = 0; i < lists && this.bulkToPcp(zone, batch); i++);
	}

	/**
	 * rmqueue_bulk() of one batch onto `zone`'s pcp list, from the zone's lowest online block
	 * that has it (a boot block spanning DMA and DMA32 counts as DMA32's): whether it found one.
	 */
	private bulkToPcp(zone: Zone, batch: number): boolean {
		const b = this.sortedBlocks().find(x => (x.zone ?? this.zones[1]) === zone && x.state === 'online' && x.free >= batch);
		if (!b) return false;
		this.takeBlockPages(b, batch);
		b.parked += batch;
		zone.pcpParked += batch;
		return true;
	}

	/**
	 * The page has_unmovable_pages() stops at, scanning the block pageblock by pageblock in
	 * start_isolate_page_range()'s order (first, last, then the rest: isolationOrder()): for boot
	 * memory a memblock reservation (PG_reserved, which even ZONE_MOVABLE does not skip: a boot
	 * ZONE_MOVABLE of kernelcore=/movablecore= holds memblock's top-down allocations) or a page
	 * the block tracks, whichever comes first. The lab's 6G guest offlining its top block,
	 * memory55, stopped at pfn 0x1bff01 (swiotlb's slot array, in the last pageblock) rather than
	 * at the memmap 3.5 MiB into the block.
	 */
	private firstUnmovable(b: MemoryBlock): PinnedPage | undefined {
		const own = b.firstUnmovable();
		if (b.hotplugged) return own;
		let first: number | undefined;
		let what = '';
		let from = 0;
		for (const r of this.boot.reservations) {
			const start = Math.max(r.start, b.startPfn);
			const end = Math.min(r.end, b.endPfn);
			// A reservation's first page in each pageblock it covers is where a scan meets it.
			for (let s = start; s < end; s = s - (s % PAGEBLOCK_NR_PAGES) + PAGEBLOCK_NR_PAGES) {
				if (first === undefined || b.isolationOrder(s) < b.isolationOrder(first)) [first, what, from] = [s, r.what, r.start];
			}
		}
		if (first === undefined) return own;
		const pinned = b.pins.filter(p => b.isolationOrder(p.pfn) < b.isolationOrder(first!)).sort((x, y) => b.isolationOrder(x.pfn) - b.isolationOrder(y.pfn))[0];
		if (pinned) return pinned;
		const bootmem = this.bootmemInfo(what, first - from);
		return {pfn: first, kind: 'memmap', ...(bootmem ? {bootmem} : {})};
	}

	/**
	 * register_page_bootmem_info_node() (mem_init(), for memory hot-remove): what it registered
	 * of a boot reservation, `offset` pages into it. Each present section's memmap, a PMD-mapped
	 * 2 MiB piece of the sparse buffer in section order, is SECTION_INFO of that section (the lab's
	 * 8G guest offlining memory71: pfn 0x238000, the buffer's second piece, private 1, refcount
	 * 2); the usemap page is MIX_SECTION_INFO of every present section in turn; pg_data_t's pages
	 * NODE_INFO of node 0.
	 */
	private bootmemInfo(what: string, offset: number): PinnedPage['bootmem'] {
		const sections: number[] = [];
		for (const r of this.boot.present) {
			for (let sec = Math.floor(r.start / PAGES_PER_SECTION); sec * PAGES_PER_SECTION < r.end; sec++) if (sections.at(-1) !== sec) sections.push(sec);
		}
		if (what === 'memmap') {
			const sec = sections[Math.floor(offset / MEMMAP_PAGES_PER_SECTION)];
			return sec === undefined ? undefined : {type: SECTION_INFO, info: sec, refs: 1};
		}
		if (what === 'usemap' && sections.length) return {type: MIX_SECTION_INFO, info: sections.at(-1)!, refs: sections.length};
		if (what === 'NODE_DATA') return {type: NODE_INFO, info: 0, refs: 1};
		return undefined;
	}

	blockForPfn(pfn: number): MemoryBlock | undefined {
		return this.blocks.get(Math.floor(pfn / this.blockPages));
	}

	/** memory_block_offline() -> offline_pages(). */
	memoryBlockOffline(b: MemoryBlock, path: string[]): Errno | undefined {
		const fail = (errno: Errno, reason: string, upTo: string[]) => {
			this.event({kind: 'offline-failed', blocks: [b.id], zone: b.zone?.name, reason: `${errno}: ${reason}`, callPath: [...path, ...upTo]});
			return errno;
		};
		if (!b.zone) return fail('EINVAL', 'block spans multiple zones', ['memory_block_offline']);
		const zone = b.zone;
		const base = ['memory_block_offline', 'offline_pages'];
		if (b.present !== b.nrPages) return fail('EINVAL', 'memory holes', [...base, 'walk_system_ram_range']);
		this.drainZonePcp(zone);
		const bad = this.firstUnmovable(b);
		if (bad) {
			for (const line of dumpPage(bad, zone.idx)) this.printk.printk(KERN_WARNING, line);
			if (b.hotplugged) this.undoIsolationAt(b, bad.pfn);
			this.refillZonePcp(zone);
			return fail('EBUSY', `unmovable page pfn 0x${bad.pfn.toString(16)} (${describePage(bad)})`, [...base, 'zone_pcp_disable', 'start_isolate_page_range',
				'set_migratetype_isolate', 'has_unmovable_pages', 'dump_page']);
		}
		// memory_notify(MEM_GOING_OFFLINE): slab_mem_going_offline_callback() shrinks every cache.
		this.shrinkTransientSlabs(zone);
		const migrated = b.movable;
		if (b.movable && !this.migrateOut(b)) {
			this.refillZonePcp(zone);
			return fail('EBUSY', 'migration failed: no free memory', [...base, 'start_isolate_page_range', 'do_migrate_range']);
		}
		// dissolve_free_huge_pages(): the pool's free huge pages in the block are dissolved into the
		// buddy allocator (straight to the isolated free lists, not via the pcp lists), and
		// nr_hugepages shrinks by as many.
		const dissolved = b.hugetlb ? this.hugetlb.dissolve(b) : 0;
		if (dissolved) {
			b.hugetlb = 0;
			b.free += dissolved * HPAGE_PAGES;
			zone.free += dissolved * HPAGE_PAGES;
		}
		zone.free -= b.free;
		zone.managed -= b.present - b.vmemmapPages;
		zone.present -= b.present;
		if (!b.hotplugged) zone.presentEarly -= b.present;
		b.free = 0;
		b.reserved = 0;
		// has_unmovable_pages() and test_pages_isolated() pass over PG_hwpoison pages: they go too.
		b.hwpoison = 0;
		b.state = 'offline';
		b.zone = null;
		this.pcpLifo = this.pcpLifo.filter(pfn => pfn < b.startPfn || pfn >= b.endPfn);
		const emptied = !zone.populated();
		this.wm.initPerZoneWmarkMin();
		if (emptied) this.buildAllZonelists();
		this.shrinkZoneSpan(zone, b.startPfn, b.endPfn);
		this.refillZonePcp(zone);
		this.event({kind: 'offline', blocks: [b.id], zone: zone.name, bytes: (b.present - b.vmemmapPages) * PAGE_SIZE, ...(dissolved ? {dissolvedHugePages: dissolved} : {}), ...(migrated ? {migratedPages: migrated} : {}), callPath: [...path, ...base,
			'zone_pcp_disable', 'start_isolate_page_range', 'scan_movable_pages', 'do_migrate_range',
			...(dissolved ? ['dissolve_free_huge_pages'] : []), 'test_pages_isolated',
			'__offline_isolated_pages', 'adjust_managed_page_count', 'init_per_zone_wmark_min',
			...(emptied ? ['build_all_zonelists'] : []), 'remove_pfn_range_from_zone', ...(b.vmemmapPages ? ['mhp_deinit_memmap_on_memory'] : [])]});
		for (const notify of this.memoryNotifiers) notify('offline');
		return undefined;
	}

	/**
	 * shrink_zone_span(): only an offlined range at the zone's edge shrinks it, to the next
	 * online section of the zone (a boot block spanning two zones still counts for both).
	 */
	private shrinkZoneSpan(zone: Zone, start: number, end: number): void {
		const atStart = zone.startPfn === start;
		const atEnd = zone.endPfn === end;
		if (!atStart && !atEnd) return;
		const oldStart = zone.startPfn;
		const oldEnd = zone.endPfn;
		let lo = Infinity;
		let hi = -Infinity;
		for (const b of this.blocks.values()) {
			if (b.state !== 'online' || b.endPfn <= oldStart || b.startPfn >= oldEnd) continue;
			if (b.zone === zone || (b.zone === null && !b.hotplugged)) {
				lo = Math.min(lo, Math.max(b.startPfn, oldStart));
				hi = Math.max(hi, Math.min(b.endPfn, oldEnd));
			}
		}
		if (lo === Infinity) {
			zone.startPfn = 0;
			zone.spanned = 0;
			return;
		}
		const s = atStart ? lo : oldStart;
		const e = atEnd ? hi : oldEnd;
		zone.startPfn = s;
		zone.spanned = e - s;
	}

	/**
	 * do_migrate_range(): the block's movable pages move to new pages from alloc_migration_target()
	 * (GFP_USER | __GFP_MOVABLE, plus __GFP_HIGHMEM for a page in ZONE_MOVABLE: such a page may go
	 * to ZONE_MOVABLE first, a page of a kernel zone only to the kernel zones). The page allocator
	 * serves them as it serves tmpfs (movableTargets()): each zone down to its low watermark, then
	 * to min, the CPU's movable pcp list first; the block itself is isolated, its free pages out of
	 * the zone's count. The lab's 1G guest offlining a Movable block that held 44 MiB of a file,
	 * the other Movable blocks full: the pages went to DMA32, whose pcp list (boot's 2500 pages)
	 * served first, so MemFree fell by 8 MiB less than the pages moved; Movable kept 258 pages
	 * (its watermark).
	 */
	private migrateOut(b: MemoryBlock): boolean {
		const fromMovable = b.zone?.idx === ZONE_MOVABLE;
		const zones = this.zones.slice(0, (fromMovable ? ZONE_MOVABLE : ZONE_NORMAL) + 1).reverse();
		if (this.movableTargetRoom(zones, b) < b.movable) return false;
		// The pages of files written since boot move like the others and stay theirs.
		let written = b.shmemWritten;
		this.movableTargets(zones, b.movable, b, (t, n) => {
			t.movable += n;
			const w = Math.min(written, n);
			t.shmemWritten += w;
			written -= w;
		});
		b.free += b.movable;
		b.zone!.free += b.movable;
		b.movable = 0;
		b.shmemWritten = 0;
		return true;
	}

	/** Pages movableTargets() can hand out from `zones` (`isolated` left out): each zone's room down to min, and its movable pcp list where that passes. */
	private movableTargetRoom(zones: Zone[], isolated?: MemoryBlock): number {
		return zones.reduce((n, z) => {
			const room = this.movableRoom(z, 'min', isolated);
			return n + room + (room > 0 ? this.pcpMovable(z) : 0);
		}, 0);
	}

	/**
	 * get_page_from_freelist() for `count` order-0 movable pages over `zones` (in zonelist order):
	 * first every zone down to its low watermark, then (the slow path, with nothing to reclaim
	 * and no swap) down to min. In a zone that passes, rmqueue_pcplist() hands out CPU 0's movable
	 * pcp list first (its pages are not in NR_FREE_PAGES), then rmqueue_bulk() refills it a batch
	 * at a time from the buddy allocator, the zone's blocks in address order: the last batch's
	 * rest stays on the list. `place` receives each block's share; the caller has checked the room.
	 */
	private movableTargets(zones: Zone[], count: number, isolated: MemoryBlock | undefined, place: (b: MemoryBlock, n: number) => void): void {
		let left = count;
		for (const mark of ['low', 'min'] as const) {
			for (const z of zones) {
				const room = this.movableRoom(z, mark, isolated);
				if (!room) continue;
				left -= this.takeParkedOrder0(z, Math.min(left, this.pcpMovable(z)), place);
				let take = Math.min(left, room);
				if (!take) continue;
				const fromBuddy = take;
				for (const b of this.sortedBlocks()) {
					if (b.zone !== z || b === isolated || b.state !== 'online' || !b.free) continue;
					const n = Math.min(take, b.free);
					this.takeBlockPages(b, n);
					place(b, n);
					take -= n;
					left -= n;
					if (!take) break;
				}
				this.parkBatchRest(z, fromBuddy - take);
			}
			if (!left) break;
		}
		if (left) throw new Error(`movableTargets: ${left} of ${count} pages not placed`);
	}

	// --- tmpfs pages (shmem) ------------------------------------------------------------------

	/**
	 * Pages a GFP_HIGHUSER_MOVABLE allocation can take from a zone: get_page_from_freelist() walks
	 * the zonelist from ZONE_MOVABLE down and takes from a zone while it stays above the given
	 * watermark plus its lowmem_reserve against movable requests.
	 */
	private movableRoom(z: Zone, mark: 'low' | 'min', isolated?: MemoryBlock): number {
		if (!z.populated()) return 0;
		const wmark = mark === 'low' ? z.wmarkLow : z.wmarkMin;
		// The pages come from the zone's own blocks (a boot block spanning two zones is left
		// alone), so no more than those hold; an isolated block's free pages are out of the
		// zone's NR_FREE_PAGES (set_migratetype_isolate()).
		let inBlocks = 0;
		for (const b of this.sortedBlocks()) if (b.zone === z && b.state === 'online' && b !== isolated) inBlocks += b.free;
		const free = z.free - (isolated?.zone === z ? isolated.free : 0);
		return Math.max(0, Math.min(inBlocks, free - wmark - z.lowmemReserve[ZONE_MOVABLE]));
	}

	/** Pages tmpfs could still allocate: the fast path's room, then the slow path's (down to min), and the movable pcp lists of the zones that pass. */
	shmemAllocatableRoom(): number {
		return this.movableTargetRoom([...this.zones].reverse());
	}

	/**
	 * shmem_alloc_and_acct_folio() for `delta` pages (a negative delta frees them): pages come
	 * from the zones in zonelist order (Movable, Normal, DMA32, DMA), first down to each zone's
	 * low watermark, then (the slow path, with nothing to reclaim and no swap) down to min. In a
	 * zone that passes, rmqueue_pcplist() hands out CPU 0's movable pcp list first (its pages are
	 * not in NR_FREE_PAGES), then rmqueue_bulk() refills it a batch at a time from the buddy
	 * allocator, the zone's blocks in address order: the last batch's rest stays on the list.
	 * They are movable pages, which offlining migrates. ENOMEM when even that is not enough (where
	 * a real guest would invoke the OOM killer).
	 * Freed pages (truncation, unlink) go onto CPU 0's pcp list of their zone, which keeps them
	 * below its high mark (the lab's 1G guest: 5120 pages of a 20 MiB file, all 20 MiB still
	 * `used`). A truncation that crosses the mark has free_pcppages_bulk() trim the list and
	 * raise free_factor, and the xarray nodes it frees next, order-1 slab pages, then find
	 * nr_pcp_high() at 0 and empty it (the lab's list held 186 pages after removing a 300 MiB
	 * file and running grep; when the RCU-freed nodes come decides the rest, memhp empties it).
	 */
	chargeShmem(delta: number): Errno | undefined {
		if (delta > 0) {
			if (this.shmemAllocatableRoom() < delta) return 'ENOMEM';
			this.movableTargets([...this.zones].reverse(), delta, undefined, (b, n) => {
				if (b.hotplugged && b.movable + b.unmovable === 0 && this.programs === b.programsAtOnline) b.headMovable = true;
				b.movable += n;
				b.shmemWritten += n;
			});
		} else if (delta < 0) {
			// shmem_evict_inode() / truncation: the pages go back, the newest first.
			let left = -delta;
			const zones = new Set<Zone>();
			for (const b of [...this.sortedBlocks()].reverse()) {
				if (!b.shmemWritten) continue;
				const n = Math.min(left, b.shmemWritten);
				const zone = b.zone ?? this.zones[1];
				b.shmemWritten -= n;
				b.movable -= n;
				b.parked += n;
				zone.pcpParked += n;
				zones.add(zone);
				left -= n;
				if (!left) break;
			}
			for (const zone of zones) {
				const shell = this.shellPcp(zone);
				if (shell < zoneHighsize(zone, this.cpus)) continue;
				this.trimZonePcpBy(zone, shell);
				zone.pcpUnmovable = 0;
				zone.pcpKernel = 0;
			}
		}
		this.usage.shmemKb += delta * 4;
		return undefined;
	}

	/**
	 * rmqueue_pcplist() of up to `n` kernel pages from CPU 0's order-0 MIGRATE_UNMOVABLE list of
	 * `z`, or with `reclaimable` its MIGRATE_RECLAIMABLE one (what the lists' unmovable part holds
	 * besides the unmovable list): how many it had.
	 */
	private takePcpKernel(z: Zone, n: number, reclaimable: boolean, place = asKernelPages): number {
		this.clampPcpLists(z);
		const onList = reclaimable ? z.pcpUnmovable - z.pcpKernel : z.pcpKernel;
		const got = this.takeParkedOrder0(z, Math.min(n, onList), place, true);
		z.pcpUnmovable -= got;
		if (!reclaimable) z.pcpKernel -= got;
		return got;
	}

	/**
	 * Kernel pages of orders and migratetypes other than the order-0 unmovable list's, from CPU 0's
	 * lists of the zone the kernel allocates from while they hold pages beside that list (the lab's
	 * 4G guests: a 2G and a 1G hot-add took 33 pages off Normal's lists, 22 of them order-0
	 * unmovable, and none out of MemFree), else as chargeKernelPages() does.
	 */
	private takeOtherListsKernel(pages: number): void {
		const zone = this.bootAllocOrder(false)[0]?.z;
		if (pages > 0 && zone && this.preferredZones()[1] === zone) {
			this.clampPcpLists(zone);
			const other = Math.max(0, this.shellPcpOrder0(zone) - zone.pcpUnmovable - zone.pcpReclaimable1);
			pages -= this.takeParkedOrder0(zone, Math.min(pages, other), asKernelPages, true);
		}
		this.chargeKernelPages(pages);
	}

	/** rmqueue_bulk() of one batch onto CPU 0's order-0 unmovable list of `z`, from the first of `order`'s blocks that has it: whether it did. */
	private refillUnmovableList(z: Zone, order: readonly {b: MemoryBlock; z: Zone}[]): boolean {
		const batch = z.pcpBatch;
		if (batch <= 1 || !this.rmqueueBulk(z, batch, order)) return false;
		z.pcpUnmovable += batch;
		z.pcpKernel += batch;
		return true;
	}

	/**
	 * rmqueue_bulk() of `pages` kernel pages onto one of `z`'s pcp lists, from the first of `order`'s
	 * blocks that has them (the caller counts them on its list): whether it did.
	 */
	private rmqueueBulk(z: Zone, pages: number, order: readonly {b: MemoryBlock; z: Zone}[]): boolean {
		// (__rmqueue() serves it from an unmovable pageblock's free pages before stealing a movable one.)
		const fits = (x: {b: MemoryBlock; z: Zone}) => x.z === z && this.freeFor(x.b, z) >= pages;
		const at = order.find(x => fits(x) && x.b.unmovable > 0) ?? order.find(fits);
		if (!at) return false;
		this.takeBlockPages(at.b, pages);
		at.b.parked += pages;
		z.pcpParked += pages;
		return true;
	}

	/**
	 * Takes `want` pages off `z`'s order-0 pcp lists, the newest blocks' first, handing each
	 * block's share to `use`: how many it got. `kernel`: the unmovable and reclaimable lists,
	 * whose pages came from pageblocks of those types, so from blocks the kernel already has
	 * pages in before pristine movable ones (a batch the programs' list took from an untouched
	 * block after an offline is movable).
	 */
	private takeParkedOrder0(z: Zone, want: number, use: (b: MemoryBlock, k: number) => void, kernel = false): number {
		const got = want;
		const blocks = this.sortedBlocks();
		for (const pass of kernel ? [true, false] : [false]) {
			for (let i = blocks.length - 1; i >= 0 && want > 0; i--) {
				const b = blocks[i]!;
				if ((b.zone ?? this.zones[1]) !== z || b.state !== 'online' || (pass && !b.unmovable)) continue;
				const k = Math.min(want, this.parkedOrder0(z, b));
				if (k <= 0) continue;
				b.parked -= k;
				z.pcpParked -= k;
				use(b, k);
				want -= k;
			}
		}
		return got - want;
	}

	/** rmqueue_bulk() moved `taken` pages through the list a batch at a time: the last batch's unused rest stays parked. */
	private parkBatchRest(z: Zone, taken: number): void {
		const batch = z.pcpBatch;
		const rest = batch > 1 && taken > 0 ? (batch - (taken % batch)) % batch : 0;
		if (!rest) return;
		const b = this.sortedBlocks().find(x => x.zone === z && x.state === 'online' && x.free >= rest);
		if (!b) return;
		this.takeBlockPages(b, rest);
		b.parked += rest;
		z.pcpParked += rest;
	}

	// --- kernel allocations that pin hot-added Normal memory ---------------------------------

	/**
	 * ZONE_NORMAL has boot memory (RAM above 4 GiB): its unmovable pageblocks, and the free blocks
	 * at the head of its free lists, are boot memory. Onlined pages join the free lists at the
	 * tail (FPI_TO_TAIL) in MIGRATE_MOVABLE pageblocks, so kernel allocations reach hot-added
	 * Normal memory only in a Normal zone made of hot-added memory alone.
	 */
	private bootNormalServesKernel(): boolean {
		return this.sortedBlocks().some(b => !b.hotplugged && b.state === 'online' && b.zone?.idx === ZONE_NORMAL && b.free > 0);
	}

	/** The page the buddy allocator hands a GFP_KERNEL order-0 request from hot-added Normal memory (kernelAllocate() has ruled out boot Normal memory). */
	private allocKernelPage(): {b: MemoryBlock; pfn: number} | undefined {
		// Only a block with free pages can hand one out (huge pages or tmpfs may fill a block).
		while (this.pcpLifo.length) {
			const pfn = this.pcpLifo.pop()!;
			const b = this.blockForPfn(pfn);
			if (b && b.state === 'online' && b.zone?.idx === ZONE_NORMAL && b.free > 0 && !b.pinAt(pfn) && !this.hwpoison.has(pfn)) return {b, pfn};
		}
		// The head of the free lists: the block onlined first (onlined pages join at the tail), not
		// the lowest address (lab 512M: memory32 onlined after memory33 stayed clean and went).
		const candidates = this.sortedBlocks().filter(b => b.hotplugged && b.state === 'online' && b.zone?.idx === ZONE_NORMAL && b.free > 0)
			.sort((x, y) => x.onlineSeq - y.onlineSeq);
		for (const b of candidates) {
			for (let pfn = this.unmovableBase(b); pfn < b.endPfn; pfn++) {
				if (!b.pinAt(pfn) && !this.hwpoison.has(pfn)) return {b, pfn};
			}
		}
		return undefined;
	}

	/**
	 * Where unmovable requests find free pages in hot-added block `b`: from its first page, or
	 * past the 4 MiB chunk a refused offline stopped in (undoIsolationAt()).
	 */
	private unmovableBase(b: MemoryBlock): number {
		return Math.max(b.startPfn + b.vmemmapPages, b.movableUntil ?? 0, b.headMovable ? b.startPfn + MAX_ORDER_NR_PAGES : 0);
	}

	/**
	 * undo_isolate_page_range() after has_unmovable_pages() refused pageblock `pfn`: the pageblocks
	 * isolated before it become MIGRATE_MOVABLE again (whatever steal had made them), and
	 * move_freepages_block() puts their free pages at the tails of the movable lists. The next
	 * unmovable request finds the unmovable lists empty, and __rmqueue_fallback() steals the
	 * first whole 4 MiB chunk at the head of the movable list: the first one past the chunk of
	 * the refused page, which was split already (the lab's 640M guest, s42/v: after a refusal on the
	 * proc inode slab at pfn 0x128800, the failed offline's own allocations and a new
	 * vm_area_struct slab left that slab the first unmovable page of memory37).
	 */
	private undoIsolationAt(b: MemoryBlock, pfn: number): void {
		b.movableUntil = Math.max(b.movableUntil ?? 0, pfn - (pfn % MAX_ORDER_NR_PAGES) + MAX_ORDER_NR_PAGES);
	}

	/**
	 * A page for a new inode slab (order 1, unmovable) in hot-added Normal memory, whose pageblocks
	 * are all MIGRATE_MOVABLE: __rmqueue_fallback() steals from the largest free chunk, and the
	 * first MAX_ORDER chunks of the block are already split by the order-0 requests the shell's
	 * programs made (pcp refills, page tables), so the slab lands in the third 4 MiB chunk, as in
	 * the lab's run (pfn 0x100800 of memory32); further slabs follow it. With no program run
	 * since the block came online (an auto-onlined DIMM, then the shell's builtins: `cd`, `echo
	 * offline > state`) nothing split the head yet, and the steal takes the first chunk: the lab's
	 * 1G guests with 1 to 64 slots, every one at pfn 0x100000 (s27/k1k, s27/pl). (After builtins
	 * following another online one older lab run had it at 0x100400; memhp keeps 0x100800 there,
	 * which keeps it above the transient slabs that other flows show first.)
	 */
	private allocInodeSlabPage(): {b: MemoryBlock; pfn: number} | undefined {
		const b = this.headNormalBlock(1);
		if (!b) return undefined;
		const base = b.startPfn + Math.max(b.vmemmapPages, this.untouchedSinceOnline(b) ? 0 : 2 * MAX_ORDER_NR_PAGES);
		for (let pfn = base; pfn < b.endPfn; pfn++) {
			if (!b.pinAt(pfn) && !this.hwpoison.has(pfn)) return {b, pfn};
		}
		return this.allocKernelPage();
	}

	/**
	 * A free page in the pageblock a transient slab's allocation stole (__rmqueue_fallback()
	 * turned it MIGRATE_UNMOVABLE, and __rmqueue_smallest() serves the next unmovable requests
	 * from its free rest): where the slab objects of a refused offline land when the pcp list has
	 * none, past the slab (the lab: after memory32's refusal by the names_cache slab at pfn
	 * 0x100400, the eject's first pass still finds that slab first; and where the slab lies pages
	 * into the pageblock, past the pages the program that made it held, the eject dumped that
	 * slab again: pde_opener's at 0x11000d and 0x10000d, kmalloc-32's at 0x100005, s48/r28 m0 and
	 * older random flows).
	 */
	private besideTransientSlab(): {b: MemoryBlock; pfn: number} | undefined {
		if (this.pcpLifo.length) return undefined;
		for (const {block: b, pin} of this.transientSlabs.values()) {
			if (!b || !pin || b.state !== 'online' || !b.free) continue;
			const start = pin.pfn - (pin.pfn % THP_PAGES);
			for (let pfn = Math.max(pin.pfn, b.startPfn + b.vmemmapPages); pfn < Math.min(start + THP_PAGES, b.endPfn); pfn++) {
				if (!b.pinAt(pfn) && !this.hwpoison.has(pfn)) return {b, pfn};
			}
		}
		return undefined;
	}

	/** Kernel page allocations (page tables of a short-lived helper, then long-lived objects). */
	kernelAllocate(kind: 'pgtable' | 'slab', count: number, cache?: 'A' | 'B', transient = 0): {block: MemoryBlock; pin: PinnedPage}[] {
		const placed: {block: MemoryBlock; pin: PinnedPage}[] = [];
		if (this.bootNormalServesKernel()) {
			// The same objects, in boot Normal memory: they pin no hot-added block.
			this.chargeKernelPages(count);
			this.usage.lateKernelPages += count;
			return placed;
		}
		const held: {b: MemoryBlock; pfn: number}[] = [];
		for (let i = 0; i < transient; i++) {
			const p = this.allocKernelPage();
			if (!p) break;
			p.b.pins.push({pfn: p.pfn, kind: 'pgtable'});
			held.push(p);
		}
		for (let i = 0; i < count; i++) {
			const p = (cache === 'B' && this.besideTransientSlab()) || this.allocKernelPage();
			if (!p) {
				// Hot-added Normal memory is full: the rest falls back to the boot zones.
				this.chargeKernelPages(count - i);
				this.usage.lateKernelPages += count - i;
				break;
			}
			const pin: PinnedPage = {pfn: p.pfn, kind, cache};
			p.b.pins.push(pin);
			placed.push({block: p.b, pin});
			p.b.free--;
			p.b.unmovable++;
			p.b.zone!.free--;
			this.usage.lateKernelPages++;
		}
		for (const h of held) {
			h.b.pins = h.b.pins.filter(p => p.pfn !== h.pfn);
			this.pcpLifo.push(h.pfn);
		}
		return placed;
	}

	/**
	 * fork() of a program by the shell: dup_mm() -> pgd_alloc() (GFP_PGTABLE_USER) takes the
	 * child's page directory from the highest kernel zone. With one CPU the child runs and exits
	 * before the shell's next command, and the switch back to the shell drops its mm: nothing
	 * stays. With more CPUs the child runs on an idle one (fork balancing), and when it exits
	 * that CPU's idle task keeps its mm as the lazy-TLB active_mm, so mmdrop() -> pgd_free() waits
	 * until the CPU next switches to a user task: the next child. One page directory is thus
	 * always held, and a Normal zone made of hot-added memory alone holds it in a hot-added block,
	 * where it blocks offlining (has_unmovable_pages(): not on an LRU, not movable). The page
	 * itself is part of what the shell's programs are calibrated to use: only its place is new.
	 */
	forkMm(program?: string): void {
		this.programs++;
		this.liveTasks++;
		this.growOtherCpuLists();
		if (program !== undefined) this.noteProgram(program);
		this.programPagesFromTopZones();
		if (this.flushedCpuSlabs.length) this.reallocCpuSlabs();
		// The child's short-lived 32-byte objects (slub.ts). The shell's PATH search named the
		// program before the fork: where both slabs are new in one block, names_cache's is first
		// (the lab: pfn 0x100000).
		this.ensureTransientSlab('k32', this.programs, FORK_KERNEL_PAGES);
		this.kmalloc96Need(FORK_KMALLOC96, FORK_KERNEL_PAGES);
		if (this.cpus < 2) return;
		this.forks++;
		const prev = this.lazyPgd;
		this.lazyPgd = undefined;
		if (this.zones[ZONE_NORMAL].populated() && !this.bootNormalServesKernel()) {
			const p = this.allocKernelPage();
			if (p) {
				p.b.pins.push({pfn: p.pfn, kind: 'pgd', mmObject: this.forks % 2});
				this.lazyPgd = p;
			}
		}
		// The previous child's page directory goes back to the pcp list once the new child runs.
		if (prev && this.blocks.get(prev.b.id) === prev.b) {
			prev.b.pins = prev.b.pins.filter(q => !(q.pfn === prev.pfn && q.kind === 'pgd'));
			this.pcpLifo.push(prev.pfn);
		}
	}

	/**
	 * With more than one CPU a program's pages are not all freed on the CPU that took them (the
	 * child runs where fork balancing put it, RCU frees its task on another), so some CPU's list
	 * keeps running dry and refills with a batch from the buddy allocator while the one freed to
	 * grows: the lists hold more in all as programs run, until the flows balance. The lab's 2G
	 * guests, reading MemFree between runs of ten `cat`s (fifteen programs with the loop's and
	 * the reading's own): two CPUs no batch by the 15th program, one by the 30th, three by the
	 * 45th, then none (756 kB in all); four CPUs 2, 5, 8, 10 batches by the 15th to 60th program
	 * and 16 by the 120th (4 MB). memhp takes a batch per other CPU every fifteen programs from
	 * the zone user pages come from, up to (cpus - 1)(2 cpus - 1) batches (3 with two CPUs, 21
	 * with four); an offline's drain gives them back. (One CPU: the list the shell's programs use
	 * refills itself, see refillZonePcp().)
	 */
	private growOtherCpuLists(): void {
		if (this.cpus < 2 || this.programs % PROGRAMS_PER_LIST_BATCH) return;
		const zone = this.preferredZones()[0];
		if (!zone) return;
		const batch = zone.pcpBatch;
		if (batch < 2) return;
		for (let i = 0; i < this.cpus - 1 && this.listBatches < (this.cpus - 1) * (2 * this.cpus - 1); i++) {
			if (!this.bulkToPcp(zone, batch)) return;
			zone.pcpOtherGrown += batch;
			this.listBatches++;
		}
	}

	/** Batches growOtherCpuLists() has taken. */
	private listBatches = 0;

	/**
	 * execve() of an ELF program (not a NOEXEC applet, which runs in the forked child):
	 * load_elf_binary() reads the program headers into a kmalloc-1k object (busybox's ten, 560
	 * bytes) and frees it before the exec returns; with none free a new slab, kept empty as the
	 * CPU slab (slub.ts). In boot memory its pages are among what the lab's programs were
	 * calibrated to take (inBootPool); in a Normal zone of hot-added memory alone it is placed,
	 * and pins the block.
	 */
	execElf(): void {
		if (this.kmalloc1kFree !== 0) return;
		// (The exec's user pages split the block's first 4 MiB chunk for the movable lists first, so
		// its unmovable allocations steal the next one: the lab's slab 4 pages into it, pfn 0x100404,
		// when this is the first program since the block's online.)
		const hot = this.slabInHotNormal('k1k', TRANSIENT_CACHES.k1k.order, b => (this.programs - 1 === b.programsAtOnline ? 2 * THP_PAGES + EXEC_UNMOVABLE_BEFORE_PHDRS : this.unmovableSkip(b, this.programs)));
		if (hot) this.usage.lateKernelPages += 1 << TRANSIENT_CACHES.k1k.order;
		this.transientSlabs.set('k1k', hot ?? {inBootPool: true});
		this.kmalloc1kFree = TRANSIENT_CACHES.k1k.objects;
	}

	/**
	 * `n` kmalloc-1k objects kept (block devices, a tty flip buffer): what the free ones cannot
	 * hold comes in new order-1 slabs of 8. Where a ZONE_NORMAL of hot-added memory alone serves
	 * the kernel the newest lands in its head block past `skipOf(block)` pages, pins it and is the
	 * cache's CPU slab (the lab's 3456M guest, no RAM above 4 GiB, memory36 onlined by hand: the
	 * block devices of a later DIMM took one at pfn 0x120000 to 0x120004, and the first DIMM's
	 * eject was refused on it, s68/k1); otherwise they come from boot memory, among the kernel
	 * pages memhp's calibrated charges count (the hot-adds', the lab's flows typed past the tty's
	 * first flip buffer).
	 */
	private kmalloc1kTake(n: number, skipOf: (b: MemoryBlock) => number): void {
		const b = this.kmalloc1kNeedsSlab(n);
		if (b) this.placeKmalloc1kSlab(b, skipOf(b));
	}

	/** A new kmalloc-1k slab in block `b`, the cache's CPU slab (shrinkTransientSlabs() follows it while it could be empty). */
	private placeKmalloc1kSlab(b: MemoryBlock, skip: number): void {
		const slab = this.slabInBlock(b, 'k1k', TRANSIENT_CACHES.k1k.order, skip);
		if (!slab) return;
		this.usage.lateKernelPages += 1 << TRANSIENT_CACHES.k1k.order;
		this.transientSlabs.set('k1k', slab);
	}

	/** kmalloc1kTake()'s count: the block a new slab comes from, where a hot-added ZONE_NORMAL serves the kernel. */
	private kmalloc1kNeedsSlab(n: number): MemoryBlock | undefined {
		if (this.kmalloc1kFree === undefined) return undefined;
		const short = n - this.kmalloc1kFree;
		if (short <= 0) {
			this.kmalloc1kFree -= n;
			return undefined;
		}
		const {objects, order} = TRANSIENT_CACHES.k1k;
		this.kmalloc1kFree = Math.ceil(short / objects) * objects - short;
		return this.hotNormalHead(order);
	}

	/**
	 * The end of a hot-add (acpi-memhotplug.ts): the new kmalloc-1k slab its block devices took,
	 * from the zone that served the kernel before its blocks came online, lands past the pages
	 * the hot-add's work keeps at that block's head (lab: after a first DIMM auto-onlined, a
	 * second one's block devices left memory32's first page to that page, s65/gen 6501; a later
	 * DIMM's slab at 0x120000 of a hand-onlined memory36, s68/k1 a).
	 */
	placeHotAddKmalloc1k(res: HotplugResource | undefined): void {
		const b = res?.kmalloc1kSlabIn;
		if (!res || !b) return;
		res.kmalloc1kSlabIn = undefined;
		if (this.blocks.get(b.id) === b && b.state === 'online') this.placeKmalloc1kSlab(b, 0);
	}

	/** Whether the console shell has run a line since boot (shellLineDone()). */
	private shellRanLine = false;

	/**
	 * The console shell ran a line. After its first since boot ash's heap grows by a zeroed
	 * anonymous page (its page is in the calibrated usage of the boot; only its place counts
	 * here), from the zone user pages come from then: where that first line onlined a hot-added
	 * block that is now the top zone's, the page is that block's first allocation, its first
	 * 4 MiB chunk turns MIGRATE_MOVABLE and unmovable requests steal the next (the lab's trace,
	 * s73/hm pT: `sh-1` took pfn 0x148000 GFP_HIGHUSER_MOVABLE|__GFP_ZERO right after its first
	 * line onlined memory41, and the next hot-add's pages went from 0x148400; with a `free -m`
	 * typed first they went from 0x148000, pB, pD; s40/k1 likewise after a tmpfs write).
	 */
	shellLineDone(): void {
		// (measured with one CPU; with more the shell and the page tables of its programs meet
		// on per-CPU lists memhp keeps apart: linux-kernel-placement.test.ts)
		if (this.shellRanLine) return;
		this.shellRanLine = true;
		if (this.cpus > 1) return;
		const user = this.preferredZones()[0];
		for (const b of this.sortedBlocks()) {
			if (!b.hotplugged || b.state !== 'online' || b.zone !== user || !b.free) continue;
			if (b.movable + b.unmovable === 0 && this.programs === b.programsAtOnline) b.headMovable = true;
			return;
		}
	}

	/** Characters the serial console has received since boot. */
	private serialBytes = 0;

	/**
	 * The serial console received `bytes` characters (uart_insert_char() -> tty_insert_flip_char()):
	 * the port's flip buffers are kmalloc-1k objects of 256 cells, 512 characters of TTY_NORMAL
	 * input each (__tty_buffer_request_room()). The first character typed since boot takes the
	 * first (a hot-add before it finds one object more), the 513th a second, and from then on the
	 * two take turns: a consumed buffer of the smallest size goes to the port's free list, not
	 * back to the slab (tty_buffer_free()). Allocated in the UART's interrupt with no object free,
	 * it takes a new slab where the kernel allocates then: at the block's head when the shell has
	 * read nothing since it came online (the lab's 896M guest, a 256M DIMM auto-onlined right after
	 * the prompt, then `:`: the first character's buffer took a slab at pfn 0x100000 and the eject
	 * was refused on it, s68/tty0 a), else past its first 4 MiB chunk, which the shell's lines have
	 * split: the lab's 896M guest, 600 bytes of `:` lines typed after a 128M DIMM was auto-onlined
	 * into a ZONE_NORMAL of its own (its block device took the prompt's last object but one),
	 * refused the DIMM's eject on that slab at pfn 0x100400, and with 400 bytes the eject went
	 * through (s68/tty; alloc_traces counted the second buffer after the 512th byte, s68/ac).
	 */
	serialInput(bytes: number): void {
		const before = this.serialBytes;
		this.serialBytes += bytes;
		// (A program run since the block came online left its head pageblock unmovable, its pages
		// free again: the slab comes from there, the lab's 896M guest after `free -m`, pfn 0x100000,
		// s68/ttyfix p24. Otherwise, once the shell has read a line since the online, its movable
		// pages have split the first 4 MiB chunk and the steal takes the next.)
		const skip = (b: MemoryBlock) => (this.programs > b.programsAtOnline || before <= b.serialAtOnline ? 0 : 2 * THP_PAGES);
		for (const at of [0, TTY_FLIP_BUFFER_CHARS]) if (before <= at && this.serialBytes > at) this.kmalloc1kTake(1, skip);
	}

	/** A program a forked subshell execs in place (execve()): named as forkMm() names a forked one. */
	noteProgram(program: string): void {
		const name = program.slice(program.lastIndexOf('/') + 1);
		if (this.programNames.has(name)) this.repeated = true;
		else this.programNames.add(name);
	}

	/** The programs the shell has run (by name), and whether one of them ran a second time. */
	private readonly programNames = new Set<string>();
	private repeated = false;
	get programRepeated(): boolean {
		return this.repeated;
	}

	/** The zone the boot processes' freed pages went to (placeBootUsage()). */
	private homeZone: Zone | undefined;
	/** The zones whose pcp lists held the programs' pages from boot on. */
	private bootProgramZones = new Set<Zone>();

	/** The zones user pages (GFP_HIGHUSER_MOVABLE) and kernel pages (GFP_KERNEL) come from first: the highest populated of each kind. */
	private preferredZones(): [Zone | undefined, Zone | undefined] {
		const user = this.zones.slice(1, ZONE_MOVABLE + 1).reverse().find(z => z.populated());
		const kernel = this.zones.slice(1, ZONE_MOVABLE).reverse().find(z => z.populated());
		return [user, kernel];
	}

	/** A program's pages from the zones its allocations prefer, when those are above the boot one (see PROGRAM_USER_PAGES). */
	private programPagesFromTopZones(): void {
		const [user, kernel] = this.preferredZones();
		const need = new Map<Zone, number>();
		if (user) need.set(user, PROGRAM_USER_PAGES);
		const longerRefills = kernel && kernel === user && kernel.pcpBatch >= PCP_BOOT_FITTED_BATCH ? PROGRAM_KERNEL_LISTS * (pcpRefillPages(kernel.pcpBatch, 0) - pcpRefillPages(31, 0)) : 0;
		if (kernel) need.set(kernel, (need.get(kernel) ?? 0) + PROGRAM_KERNEL_PAGES + longerRefills);
		for (const [zone, pages] of need) {
			if (this.bootProgramZones.has(zone)) continue;
			zone.programPages = Math.min(zone.programPages, zone.pcpParked);
			let want = pages - zone.programPages;
			const refill = pcpRefillPages(zone.pcpBatch, 0);
			// A zone of user pages alone (a new ZONE_MOVABLE) has nothing on its list for them:
			// rmqueue_bulk() moves a whole batch (the lab's 3G and 4G guests with a 1G DIMM onlined
			// movable, by hand or auto-online: `pages free` managed - 63 after the first program;
			// bigger.t's 3G of ZONE_MOVABLE: 63 gone by `free -m`, 37 of them still listed).
			if (zone === user && zone !== kernel && want > 0) {
				want = Math.ceil(want / refill) * refill;
			}
			// A new zone serving both (hot-added ZONE_NORMAL on top) whose lists are empty refills
			// its movable and unmovable lists a whole batch each, which passes the goldens'
			// footprint from a batch of 31 (4 and 5 blocks): the lab's 768M, 1G, 2G and 1536M guests
			// with 4 blocks onlined at once took 92 pages out of the zone by the first program
			// (s25/ko), where blocks onlined one at a time, programs between, keep what the first
			// block's batch of 7 listed (lab s22/on: count 52 to the fifth block). (Smaller batches:
			// today's lab 41 and 59 pages for 1 and 2 blocks, older labs' 57-64 and a two-CPU
			// fixture's figure for 2 blocks: memhp keeps the goldens' 48. From a batch of 63 the
			// kernel's lists take PROGRAM_KERNEL_LISTS refills more, as older labs' block-by-block
			// onlines show; the lab's 8 blocks onlined at once took 281.)
			if (zone === user && zone === kernel && zone.programPages === 0 && refill >= PROGRAM_BOTH_FROM_REFILL && zone.pcpBatch < PCP_BOOT_FITTED_BATCH && !this.bootNormalServesKernel()) {
				want = Math.max(want, PROGRAM_BOTH_FIXED_PAGES + 2 * refill);
			}
			for (const b of this.sortedBlocks()) {
				if (want <= 0) break;
				if (b.zone !== zone || b.state !== 'online' || b.free <= 0) continue;
				const k = Math.min(want, b.free);
				this.takeBlockPages(b, k);
				b.parked += k;
				zone.pcpParked += k;
				zone.programPages += k;
				want -= k;
			}
		}
	}

	/**
	 * The first program after a shrink fills new CPU slabs: rmqueue_pcplist() hands it the pages
	 * the shrink freed, newest first, while they are still on the list; what a drain or an offline
	 * took off the list comes from wherever kernel pages come from now.
	 */
	private reallocCpuSlabs(): void {
		const freed = this.flushedCpuSlabs.reverse();
		this.flushedCpuSlabs = [];
		let missing = 0;
		for (const {b, pfn} of freed) {
			const zone = b.zone;
			if (this.blocks.get(b.id) !== b || b.state !== 'online' || !zone || this.parkedOrder0(zone, b) < 1 || zone.pcpParked < 1 || b.pinAt(pfn)) {
				missing++;
				continue;
			}
			b.parked--;
			zone.pcpParked--;
			b.unmovable++;
			b.pins.push({pfn, kind: 'slab', cache: 'B'});
			this.usage.lateKernelPages++;
		}
		if (missing) this.kernelAllocate('slab', missing, 'B');
	}

	/**
	 * enabled_store() -> start_stop_khugepaged(): khugepaged runs while THP is not `never`, and
	 * set_recommended_min_free_kbytes() raises min_free_kbytes for it, or, with THP off, goes
	 * back to calculate_min_free_kbytes(): the watermarks, and MemAvailable, move at once.
	 */
	setThpMode(mode: ThpMode): void {
		this.thpMode = mode;
		const running = mode !== 'never';
		if (running !== this.wm.thp) this.onKhugepaged?.(running);
		this.wm.thp = running;
		if (running) {
			this.wm.setRecommendedMinFreeKbytes();
		} else {
			this.wm.calculateMinFreeKbytes();
			this.wm.setupPerZoneWmarks();
		}
	}

	// --- huge pages (mm/hugetlb.c) ------------------------------------------------------------

	/**
	 * alloc_buddy_huge_page(): __alloc_pages(GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_RETRY_MAYFAIL,
	 * order 9). The zonelist runs from ZONE_MOVABLE down; a zone serves while, after the 511 pages
	 * an order-9 request cannot use, it stays above its low watermark (the fast path) or else its
	 * min watermark (the slow path: nothing can be reclaimed without swap) plus the lowmem_reserve
	 * that protects it from ZONE_MOVABLE requests. HugePages are not counted in MemAvailable.
	 */
	private allocHugePage(): MemoryBlock | undefined {
		const zonelist = this.zones.slice(0, ZONE_MOVABLE + 1).reverse().filter(z => z.populated());
		for (const mark of ['low', 'min'] as const) {
			for (const z of zonelist) {
				const wmark = mark === 'low' ? z.wmarkLow : z.wmarkMin;
				if (z.free - (HPAGE_PAGES - 1) <= wmark + z.lowmemReserve[ZONE_MOVABLE]) continue;
				const b = this.rmqueueThp(z);
				if (b) {
					b.hugetlb += HPAGE_PAGES;
					return b;
				}
			}
		}
		return undefined;
	}

	/**
	 * rmqueue() of an order-9 page in `zone`: pageblock-order pages go through the pcp lists
	 * (pcp_allowed_order()), so one waiting there is taken first (the list is LIFO); an empty list
	 * is refilled by rmqueue_bulk() with max(batch >> 9, 2) pages, the second of which stays on it.
	 */
	private rmqueueThp(zone: Zone): MemoryBlock | undefined {
		const b = zone.pcpThp.pop();
		if (b) {
			b.parked -= HPAGE_PAGES;
			zone.pcpParked -= HPAGE_PAGES;
			return b;
		}
		const first = this.buddyThp(zone);
		if (first && zone.pcpBatch > 1) {
			const second = this.buddyThp(zone);
			if (second) {
				const pcp = second.zone ?? this.zones[1];
				second.parked += HPAGE_PAGES;
				pcp.pcpParked += HPAGE_PAGES;
				pcp.pcpThp.push(second);
			}
		}
		return first;
	}

	/**
	 * __rmqueue_smallest() of an order-9 page: the buddy allocator's free lists hand out their
	 * head, which after boot and after online_pages() (pages freed to the tail, pfn by pfn) is the
	 * lowest free memory of the zone: the lowest block with 2 MiB free in the zone. memhp counts a
	 * block's free pages rather than mapping them, so it takes its free pages as contiguous.
	 */
	private buddyThp(zone: Zone): MemoryBlock | undefined {
		for (const b of this.sortedBlocks()) {
			if (b.state !== 'online') continue;
			const zs = this.zonesOf(b);
			if (!zs.includes(zone)) continue;
			// A block spanning two zones (memory0, where ZONE_DMA lies whole): a zone inside the block
			// has all its free pages there, and the other zone has the rest.
			const inside = (y: Zone) => y.startPfn >= b.startPfn && y.endPfn <= b.endPfn;
			const inZone = zs.length === 1 ? b.free
				: inside(zone) ? Math.min(b.free, zone.free)
					: b.free - zs.reduce((n, y) => (y !== zone && inside(y) ? n + Math.max(0, y.free) : n), 0);
			if (inZone < HPAGE_PAGES) continue;
			b.free -= HPAGE_PAGES;
			zone.free -= HPAGE_PAGES;
			return b;
		}
		return undefined;
	}

	/**
	 * update_and_free_page() -> __free_pages(page, 9): a huge page leaving the pool goes to the pcp
	 * list of its zone like any pageblock-order page, and only a list over its high mark gives pages
	 * back to the buddy allocator: MemFree does not get all of it back until the zone is drained.
	 */
	private freeHugePage(b: MemoryBlock): void {
		b.hugetlb -= HPAGE_PAGES;
		const pcp = b.zone ?? this.zones[1];
		b.parked += HPAGE_PAGES;
		pcp.pcpParked += HPAGE_PAGES;
		pcp.pcpThp.push(b);
		this.trimZonePcp(pcp);
	}

	// --- memory failure (mm/memory-failure.c) --------------------------------------------------

	/**
	 * What struct page `pfn` is, as memory_failure() finds it: no memmap (`invalid`), memory of an
	 * offline block, a reserved page (memblock reservations, holes, a memmap block), a kernel page,
	 * a user page on the LRU, or a free one. memhp counts a block's pages instead of tracking each,
	 * so places are a convention: reservations, holes and pinned pages are where they are; which
	 * block holds the used pages follows the allocator (bootAllocOrder()), and inside it they sit
	 * at the top (pcp lists, kernel, then user pages: in memory0 that keeps them in its DMA32 part),
	 * free huge pages at the bottom and the free ones between.
	 */
	pageUse(pfn: number): 'invalid' | 'offline' | 'reserved' | 'kernel' | 'user' | 'hugetlb' | 'free' {
		const b = this.blocks.get(Math.floor(pfn / this.blockPages));
		if (!b) return 'invalid';
		if (b.state !== 'online') return 'offline';
		if (this.fixedPage(b, pfn)) return 'reserved';
		const pin = b.pinAt(pfn);
		if (pin) return pin.kind === 'memmap' ? 'reserved' : 'kernel';
		const pool = this.dmaPoolRange(b);
		if (pool && pfn >= pool.start && pfn < pool.end) return 'kernel';
		// The block's ordinary pages (present, not reserved, pinned or poisoned) above pfn.
		let fromTop = b.hotplugged ? b.endPfn - pfn - 1 : countPresent(this.boot.present, pfn + 1, b.endPfn);
		if (!b.hotplugged) for (const r of this.boot.reservations) fromTop -= countPresent(this.boot.present, Math.max(r.start, pfn + 1), Math.min(r.end, b.endPfn));
		const above = new Set<number>();
		for (const p of b.pins) for (const q of pinnedPfns(p)) if (q > pfn && !this.fixedPage(b, q)) above.add(q);
		for (const q of this.hwpoison) if (q > pfn && q < b.endPfn && !this.fixedPage(b, q)) above.add(q);
		fromTop -= above.size;
		const countedPins = b.pins.filter(p => p.kind === 'slab' || p.kind === 'pgtable').reduce((n, p) => n + (1 << (p.order ?? 0)), 0);
		const kernel = b.parked + Math.max(0, b.unmovable - countedPins - (pool ? pool.end - pool.start : 0));
		if (fromTop < kernel) return 'kernel';
		if (fromTop < kernel + b.movable) return 'user';
		return this.ordinaryBelow(b, pfn) < b.hugetlb ? 'hugetlb' : 'free';
	}

	/**
	 * Where ZONE_DMA's GFP_DMA atomic pool lies, if block `b` holds it: the first MiB is reserved, so
	 * the zone's free memory starts at pfn 0x100 in chunks of order 8, 9, 10 and 10...; the pool takes
	 * the front of the smallest one big enough (the lab: pfn 0x100 of a 1G guest is an
	 * "unknown page" to memory_failure()).
	 */
	private dmaPoolRange(b: MemoryBlock): {start: number; end: number} | undefined {
		const dma = this.zones[0];
		if (!dma.populated() || !this.zonesOf(b).includes(dma)) return undefined;
		const pages = dmaAtomicPoolPages(this.boot.totalramPages);
		const start = pages <= 256 ? 0x100 : pages <= 512 ? 0x200 : 0x400;
		return {start, end: start + pages};
	}

	/** The block's ordinary pages (present, not reserved, pinned or poisoned) below `pfn`. */
	private ordinaryBelow(b: MemoryBlock, pfn: number): number {
		let n = b.hotplugged ? Math.max(0, pfn - b.startPfn - b.vmemmapPages) : countPresent(this.boot.present, b.startPfn, pfn);
		if (!b.hotplugged) for (const r of this.boot.reservations) n -= countPresent(this.boot.present, Math.max(r.start, b.startPfn), Math.min(r.end, pfn));
		const below = new Set<number>();
		for (const p of b.pins) for (const q of pinnedPfns(p)) if (q < pfn && !this.fixedPage(b, q)) below.add(q);
		for (const q of this.hwpoison) if (q >= b.startPfn && q < pfn && !this.fixedPage(b, q)) below.add(q);
		return n - below.size;
	}

	/**
	 * __page_handle_poison(): with the zone's pcp lists disabled (drained), a free huge page is
	 * dissolved back into the buddy allocator, which take_page_off_buddy() then takes the page
	 * from. Leaves the page counted free, for poison() to take.
	 */
	private handlePoisonedPage(b: MemoryBlock, use: 'hugetlb' | 'free'): void {
		this.drainZonePcp(b.zone ?? this.zones[1]);
		if (use === 'hugetlb' && this.hugetlb.dissolve(b, 1)) {
			b.hugetlb -= HPAGE_PAGES;
			this.giveBlockPages(b, HPAGE_PAGES);
		}
	}

	/** A boot block's page that is a hole or a memblock reservation. */
	private fixedPage(b: MemoryBlock, pfn: number): boolean {
		// A hot-added block's only fixed pages are a self-hosted memmap at its start.
		if (b.hotplugged) return pfn < b.startPfn + b.vmemmapPages;
		return !countPresent(this.boot.present, pfn, pfn + 1) || this.boot.reservations.some(r => pfn >= r.start && pfn < r.end);
	}

	/** SetPageHWPoison on a page `pageUse()` called `use`: it leaves its block's count for that use. */
	private poison(pfn: number, use: 'kernel' | 'user' | 'free' | 'reserved'): void {
		const b = this.blocks.get(Math.floor(pfn / this.blockPages))!;
		this.hwpoison.add(pfn);
		const pin = b.pinAt(pfn);
		// A page of a compound slab is only marked: the slab keeps its pages.
		if (use === 'kernel' && pin?.order) return;
		if (use === 'free') {
			// take_page_off_buddy()
			this.takeBlockPages(b, 1);
		} else if (use === 'user') {
			b.movable--;
			// A block of tmpfs pages alone lost one of them: the file's page (a hard-offlined one stays
			// in the file, poisoned, and its truncation does not give it back).
			if (b.shmemWritten > b.movable) b.shmemWritten--;
		} else if (use === 'kernel' && pin) {
			b.pins = b.pins.filter(p => p !== pin);
			if (pin.kind === 'slab' || pin.kind === 'pgtable') b.unmovable--;
			else return;
		} else if (use === 'kernel') {
			if (this.parkedOrder0(b.zone ?? this.zones[1], b) > 0) {
				b.parked--;
				(b.zone ?? this.zones[1]).pcpParked--;
			} else b.unmovable--;
		} else return;
		b.hwpoison++;
	}

	/**
	 * memory_failure(pfn, MF_SW_SIMULATED) for hard_offline_page: a free page is taken off the
	 * buddy lists, a user page unmapped and dropped from the LRU (its processes would get SIGBUS on
	 * their next touch, which memhp does not simulate), a kernel page only marked: the kernel
	 * cannot give it up. Every action result counts in num_poisoned_pages.
	 */
	memoryFailure(pfn: number): Errno | undefined {
		const mf = (text: string) => this.printk.printk(KERN_ERR, `Memory failure: ${hexAlt(pfn)}: ${text}`);
		const use = this.pageUse(pfn);
		if (use === 'invalid' || use === 'offline') {
			mf('memory outside kernel control');
			return 'ENXIO';
		}
		if (this.hwpoison.has(pfn)) {
			mf('already hardware poisoned');
			return 'EHWPOISON';
		}
		if (use === 'hugetlb') {
			// try_memory_failure_hugetlb(): a free huge page is dissolved, the rest of it stays free.
			this.handlePoisonedPage(this.blocks.get(Math.floor(pfn / this.blockPages))!, 'hugetlb');
			this.poison(pfn, 'free');
			this.numPoisonedPages++;
			mf('recovery action for free huge page: Recovered');
			return undefined;
		}
		this.poison(pfn, use);
		this.numPoisonedPages++;
		if (use === 'free') {
			mf('recovery action for free buddy page: Recovered');
			return undefined;
		}
		if (use === 'user') {
			mf('recovery action for dirty LRU page: Recovered');
			return undefined;
		}
		// get_any_page(): neither on an LRU nor free, so not handlable.
		mf('unhandlable page.');
		mf('recovery action for unknown page: Ignored');
		return 'EBUSY';
	}

	/**
	 * soft_offline_page(): a free page (or a free huge page, dissolved first) is taken off the buddy
	 * lists with the zone's pcp lists drained, a user page is first migrated to a new page
	 * (alloc_migration_target(): the highest zone with room), all silently; a kernel page cannot
	 * be handled (-EIO). No memmap: -ENXIO; an offline block: -EIO.
	 */
	softOfflinePage(pfn: number): Errno | undefined {
		const use = this.pageUse(pfn);
		if (use === 'invalid') return 'ENXIO';
		if (use === 'offline') return 'EIO';
		if (this.hwpoison.has(pfn)) {
			this.printk.printk(KERN_INFO, `Memory failure: soft_offline_page: ${hexAlt(pfn)} page already poisoned`);
			return undefined;
		}
		if (use === 'reserved' || use === 'kernel') {
			this.printk.printk(KERN_ERR, `Memory failure: ${hexAlt(pfn)}: unhandlable page.`);
			return 'EIO';
		}
		let to: MemoryBlock | undefined;
		if (use === 'user') {
			to = [...this.blocks.values()]
				.filter(t => t.state === 'online' && t.zone && t.free > 0)
				.sort((x, y) => (y.zone!.idx - x.zone!.idx) || (y.free - x.free))[0];
			if (!to) return 'EBUSY';
			this.takeBlockPages(to, 1);
			to.movable++;
		}
		// page_handle_poison(page, true, false) for a free page or a free huge page.
		const from = this.blocks.get(Math.floor(pfn / this.blockPages))!;
		if (use === 'free' || use === 'hugetlb') this.handlePoisonedPage(from, use);
		const shmemBefore = from.shmemWritten;
		this.poison(pfn, use === 'hugetlb' ? 'free' : use);
		// A tmpfs page migrated: its copy is the file's now.
		if (to && from.shmemWritten < shmemBefore) to.shmemWritten++;
		this.numPoisonedPages++;
		return undefined;
	}

	// --- hot add / remove -------------------------------------------------------------------

	/**
	 * add_memory_resource(): sections, memmap, memory block devices (offline unless auto-online).
	 * Fails like the kernel does: -EINVAL for a range that is not memory-block aligned
	 * (check_hotplug_memory_range), -ENOMEM when vmemmap_populate() finds no free pages.
	 */
	addMemory(start: number, size: number, slot: number, atBoot = false): MemoryBlock[] | 'EINVAL' | 'ENOMEM' {
		const bs = this.boot.blockSizeBytes;
		if (!size || start % bs || size % bs) {
			this.printk.printk(KERN_ERR, `Block size [${hexAlt(bs)}] unaligned hotplug range: start ${hexAlt(start)}, size ${hexAlt(size)}`);
			return 'EINVAL';
		}
		const startPfn = start / PAGE_SIZE;
		const nr = size / PAGE_SIZE;
		const memmapPages = Math.ceil((nr * STRUCT_PAGE_SIZE) / PAGE_SIZE);
		// mhp_supports_memmap_on_memory(): with the parameter on, a range of exactly one memory
		// block carries its own memmap (the vmemmap comes from an altmap over its first pages)
		// and takes nothing from memory already online.
		const selfHosted = this.params.memmapOnMemory && size === bs;
		const res: HotplugResource = {start, size, slot, memmapBlock: null, memmapZone: this.zones[1], memmapPages: selfHosted ? 0 : memmapPages, memmapCharges: []};
		const listedBefore = atBoot ? this.zones.map(z => z.pcpParked) : [];
		if (!selfHosted && !this.allocMemmap(res)) return 'ENOMEM';
		// The hotplug work frees its own temporary objects right after (ACPI buffers, emptied
		// slabs): a list the memmap's order-9 batch left over its high mark is emptied there, before
		// anyone reads MemFree (the lab's 512M guest: +216 kB and 75 pages on DMA32's list after a
		// 128M hot-add, where its 1G guest keeps the spare 2 MiB page far under its mark). Blocks
		// onlined by the hot-add itself come first: then hotAddKernelPages('after-online').
		if (this.defaultOnlineType === 'offline') {
			if (atBoot) this.bootFreesOverSpareThp(listedBefore);
			else this.pcpFreesOverHigh();
		}
		this.resources.push(res);
		this.resources.sort((a, b) => a.start - b.start);
		const added: MemoryBlock[] = [];
		this.onlinesAtAdd = this.onlines;
		for (let pfn = startPfn; pfn < startPfn + nr; pfn += this.blockPages) {
			const id = pfn / this.blockPages;
			const b = new MemoryBlock(id, pfn, this.blockPages, this.blockPages, true);
			b.slot = slot;
			if (selfHosted) b.vmemmapPages = memmapPages;
			this.blocks.set(id, b);
			added.push(b);
		}
		this.blocksChanged();
		// add_memory_resource(): the new range's firmware memmap entry.
		this.firmwareMemmap.addHotplug(start, start + size);
		this.usage.sysfsNodes += added.length * 12;
		this.kernfsNodes.alloc(kernfsNodesBeforeOnline(added.length), start);
		this.kmalloc16.alloc(added.reduce((n, b) => n + kmalloc16OfBlock(b.id), 0), start);
		// Each block device is a kmalloc-1k object (create_memory_block_devices(), the blocks offline).
		res.kmalloc1kSlabIn = this.kmalloc1kNeedsSlab(added.length);
		const kernelPages = HOTPLUG_KERNEL_PAGES_PER_DIMM + added.length * HOTPLUG_KERNEL_PAGES_PER_BLOCK;
		// Of them, the order-0 unmovable allocations, about one a block less one (the lab's page
		// allocator trace, session 39: 5 for 512M, 7 for 1G, 15 for 2G, 32 for 4G), come off that
		// list; the rest (order-1 slabs of kmalloc-1k and the like, reclaimable ones) off the
		// zone's other lists (takeOtherListsKernel()). (A guest allocating from DMA32 keeps them
		// all on the order-0 list, which its boot list's size, PCP_BOOT_KERNEL_PAGES, was
		// calibrated with: lab s31/pcp's 1536M guest refilled it at its second 1G DIMM.)
		const order0 = this.bootNormalServesKernel() ? Math.min(kernelPages, Math.max(1, added.length - 1)) : kernelPages;
		this.chargeKernelPages(order0);
		this.takeOtherListsKernel(kernelPages - order0);
		this.usage.hotplugKernelPages += kernelPages;
		this.event({kind: 'hot-add', blocks: added.map(b => b.id), bytes: size, ...(atBoot ? {atBoot} : {}), callPath: [...(atBoot ? ['acpi_bus_scan'] : []), 'acpi_memory_device_add', 'acpi_memory_enable_device',
			'__add_memory', 'add_memory_resource', 'arch_add_memory', 'create_memory_block_devices',
			...(this.defaultOnlineType !== 'offline' ? ['online_memory_block'] : []), 'acpi_bind_memory_blocks']});
		return added;
	}

	/**
	 * What a hot-add leaves behind in kernel memory besides the memmap: six short-lived page-table
	 * pages of a helper, then one long-lived page, both from hot-added Normal memory first (lab:
	 * with the blocks onlined by hand, a later hot-add pins the seventh page of the first Normal
	 * block). With auto-online the blocks come online in between (add_memory_resource() ->
	 * online_memory_block()): the lab's pinned page is then the zone's first page, so the
	 * short-lived pages are taken before the online and the long-lived one after it, once
	 * online_pages() -> zone_pcp_disable() has drained the short-lived ones from the zone's pcp
	 * list back to the buddy allocator, whose head is the zone's first onlined page again. (Only
	 * here: memhp's list of freed Normal pages is otherwise calibrated on when objects land, the
	 * goldens' eject rollback among them.)
	 *
	 * When that online populated ZONE_NORMAL for the first time, the long-lived page stays out of
	 * it with one CPU and lands on its first page with two: the lab's one-CPU guests (1536M and 3G,
	 * the DIMM the only Normal memory) ejected it or refused only on a later slab in the eject's
	 * second pass), its two-CPU 3G guest refused the eject on pfn 0x100000. (With one CPU the
	 * hotplug work and the helper it started run one after the other; the allocation is made
	 * where the zonelist stood before the online.) Nothing else of the hot-add stays there: an
	 * eject right after such a hot-add went through at 1G with 1 to 64 slots, 1536M and 3G, one
	 * to eight blocks (lab s27/k1k); what refuses an offline typed right after it is the shell's
	 * own path walk (allocInodeSlabPage()).
	 *
	 * The long-lived page an auto-online's work left in a hot-added Normal block goes with the
	 * DIMM (`res.kernelPage`, freed by removeMemory()): the lab's 1G guest, a 128M DIMM
	 * auto-onlined beside a 512M one's ZONE_NORMAL, refused memory32's offline at its first page
	 * with the DIMM and at a slab 4 MiB in after its eject (s67/lp a, b). The page a hot-add
	 * without online leaves stays through the eject (the goldens' errors-guest refuses the first
	 * DIMM's eject on it after the second DIMM's removal).
	 */
	hotAddKernelPages(res: HotplugResource | undefined, phase: 'before-online' | 'after-online' | 'both', onlined: MemoryBlock[] = [], atBoot = false): void {
		const keep = (placed: {block: MemoryBlock; pin: PinnedPage}[]) => {
			if (res && placed[0]) res.kernelPage = placed[0];
		};
		if (phase === 'before-online') this.kernelAllocate('pgtable', 0, undefined, 6);
		else if (phase === 'after-online') {
			const normal = this.zones[ZONE_NORMAL];
			const inNormal = (b: MemoryBlock) => b.state === 'online' && b.zone === normal;
			if (onlined.some(inNormal)) this.pcpLifo = this.pcpLifo.filter(pfn => this.blockForPfn(pfn)?.zone !== normal);
			// ZONE_NORMAL had memory before this online: a Normal block other than the DIMM's own.
			const normalBefore = this.sortedBlocks().some(b => inNormal(b) && !onlined.includes(b));
			// The work's temporary objects, taken after the online, come from the zone it made the
			// kernel's first choice and go back to that zone's lists, whose high mark the online
			// raised: a 2 MiB page the memmap's refill left there stays (the lab's 512M guest with
			// memhp_default_state=online: a second 384M DIMM's memmap out of the first's ZONE_NORMAL,
			// 628 pages listed under a mark of 915 after it, s49/r32 z1, w1, w2). A list under a
			// ZONE_NORMAL this online populated sees its first free at the next program's exit.
			const newNormal = !normalBefore && onlined.some(inNormal);
			// (With the memmap refill's spare 2 MiB page on it the exit's higher-order free empties the
			// list; without it the exit's frees trim it a growing batch at a time until it is under
			// the mark: the lab's 512M guest with a first DIMM of 256M, three boots, lost 28-64 pages
			// and kept 543-557 under 590, with 512M 146 pages, kept 463 under 500, 640M with 256M
			// kept 677 under 720 (s50/r39); memhp had emptied them, 2.3-2.8 MiB less `used`. A 768M
			// DIMM lowered the mark to 449 and the list went to 212; memhp's ends at about 400.)
			this.pcpFreesOverHigh(newNormal ? z => (z.idx >= ZONE_NORMAL ? undefined : z.memmapThpList(this.cpus).length ? 'drain' : 'batches') : undefined);
			if (this.cpus > 1) this.workerFreesOverHigh();
			if (this.cpus < 2 && !normalBefore) {
				this.chargeKernelPages(1);
				this.usage.lateKernelPages++;
				if (normal.pcpBatch >= PCP_BOOT_FITTED_BATCH && !this.zones[ZONE_MOVABLE].populated()) this.bulkToPcp(normal, AUTO_ONLINE_LIST_PAGES);
			} else {
				keep(this.kernelAllocate('pgtable', 1));
				if (this.cpus > 1 && !atBoot && !normalBefore && onlined.some(inNormal)) this.workerListsInNewNormal(normal);
			}
		} else if (res && this.opensDirectMapRegion(res) && this.untouchedSinceOnline(this.headNormalBlock(1))) {
			// init_memory_mapping() maps the range into the direct map before anything else:
			// phys_pud_init() takes a page for the PMD table of a 1 GiB entry no RAM had mapped yet
			// (2 MiB pages: qemu64 has no pdpe1gb), before sparse_add_section() takes the memmap,
			// so that long-lived page is the first of a hot-added ZONE_NORMAL serving the kernel
			// (the lab's trace, s73/hm t2: pfn 0x148000 for a 1G DIMM at 6G and 0x14800e for a 128M
			// one at 7G, each before its memmap) and the page an offline of that block names
			// (s73/g gen15503). Then the helper's transient ones. Where a program ran since that
			// block came online, its pages split the block's first 4 MiB and the steal goes past
			// them (allocInodeSlabPage()): the lab's dump named the hot-add's kmalloc-1k slab at
			// +0x402 (s73/u gen16901), which memhp keeps first, as before.
			this.kernelAllocate('pgtable', 1);
			this.kernelAllocate('pgtable', 0, undefined, 6);
		} else this.kernelAllocate('pgtable', 1, undefined, 6);
	}

	/** No program has run since hot-added block `b` came online, nor another block of its zone after it. */
	private untouchedSinceOnline(b: MemoryBlock | undefined): boolean {
		return b !== undefined && this.programs === b.programsAtOnline && !b.followed;
	}

	/**
	 * Whether hot-add `res` reaches a 1 GiB region of the physical address space that no RAM maps
	 * in the direct map yet (boot RAM, or another hot-added range: phys_pud_init() finds the PUD
	 * entry empty). The goldens' second DIMM, in the first one's region, takes its long-lived page
	 * after the helper's (errors-guest: pfn 0x108006).
	 */
	private opensDirectMapRegion(res: HotplugResource): boolean {
		const first = Math.floor(res.start / GIB);
		const last = Math.floor((res.start + res.size - 1) / GIB);
		const mapped = (r: number) => this.sortedBlocks().some(b => !b.hotplugged && Math.floor((b.startPfn * PAGE_SIZE) / GIB) === r)
			|| this.resources.some(o => o !== res && Math.floor(o.start / GIB) <= r && Math.floor((o.start + o.size - 1) / GIB) >= r);
		for (let r = first; r <= last; r++) if (!mapped(r)) return true;
		return false;
	}

	/**
	 * With more than one CPU the auto-online's own allocations after it populated ZONE_NORMAL
	 * (the blocks' online uevents, the ACPI bind) are the kacpi_hotplug worker's, on another CPU
	 * than the shell's programs: they refill that CPU's lists of the new zone, one batch each of
	 * the unmovable order-0 to order-3 lists (rmqueue_bulk(), pcpRefillPages()), and what the
	 * work keeps of them stays out. With one CPU the programs that follow allocate from those
	 * same lists (AUTO_ONLINE_LIST_PAGES is what is left over). The lab's two-CPU guests (768M to
	 * 4G, s36/ao and s36/fx) listed two lists of about the same size in the new zone after the first
	 * program, the larger 21, 36-40, 94-96 and 220-223 pages at batches of 7, 15, 31 and 63, the
	 * refills less WORKER_KEPT_PAGES; the other (the program's) 7, 27-39, 57-81 and 167-176, where memhp's
	 * program model keeps 48, 48, 88 and 144 (docs/known-gaps.md). A ZONE_MOVABLE above does not
	 * change this (2G, 1G auto-onlined above a movable DIMM: 116 and 170 pages).
	 */
	private workerListsInNewNormal(normal: Zone): void {
		let pages = -WORKER_KEPT_PAGES;
		for (let order = 0; order <= 3; order++) pages += pcpRefillPages(normal.pcpBatch, order);
		if (pages > 0 && this.bulkToPcp(normal, pages)) normal.pcpOtherGrown += pages;
	}

	/**
	 * Pages a GFP_KERNEL allocation may take from a zone: down to its min watermark plus the
	 * lowmem_reserve that protects it from ZONE_NORMAL requests (__GFP_RETRY_MAYFAIL reclaims
	 * but never dips below min; the initramfs in shmem cannot be reclaimed without swap).
	 */
	private kernelRoom(z: Zone): number {
		if (!z.populated()) return 0;
		return Math.max(0, z.free - z.wmarkMin - z.lowmemReserve[ZONE_NORMAL]);
	}

	/**
	 * vmemmap_populate() for each section of the range: one order-9 GFP_KERNEL allocation per
	 * section, from the highest populated kernel zone down. Order-9 pages go through the pcp
	 * lists (pcp_allowed_order()): a page freed there earlier (the memmap of a removed DIMM) is
	 * used first, and a refill from the buddy allocator (rmqueue_bulk) takes two at a time, so an
	 * odd count leaves one 2 MiB page on the list. A section the zones cannot feed fails with
	 * -ENOMEM: warn_alloc() once per boot, its partial memmap is freed, but the sections
	 * populated before stay (__add_pages() does not undo them, their memmap is lost).
	 */
	private allocMemmap(res: HotplugResource): boolean {
		const normal = this.zones[ZONE_NORMAL];
		const zone = normal.populated() ? normal : this.zones[1];
		res.memmapZone = zone;
		// The zonelist: the preferred zone, then the kernel zones below it.
		const zonelist = this.zones.slice(0, zone.idx + 1).reverse();
		const room = zonelist.reduce((n, z) => n + this.kernelRoom(z), 0);
		let sections = res.memmapPages / THP_PAGES;
		// get_page_from_freelist(): the first zone over its watermark serves, from its own pcp
		// list first; a lower zone's list is reached only when the zones above it cannot serve
		// (the lab: a removed DIMM's memmap freed to DMA32's list, a new DIMM's memmap taken from
		// a hot-added ZONE_NORMAL all the same, MemFree 8 MiB lower for 512 MiB).
		const serving = zonelist.findIndex(z => this.kernelRoom(z) >= THP_PAGES);
		const pcpZones = serving < 0 ? zonelist : zonelist.slice(0, serving + 1);
		// (The hotplug worker's own list: Zone.memmapThpList().)
		const cached = pcpZones.reduce((n, z) => n + z.memmapThpList(this.cpus).length, 0);
		const need = (sections - Math.min(sections, cached)) * THP_PAGES;
		if (room < need) return this.allocMemmapFailing(res, zonelist, room);
		for (const z of pcpZones) {
			const list = z.memmapThpList(this.cpus);
			while (sections && list.length) {
				const b = list.pop()!;
				b.parked -= THP_PAGES;
				b.unmovable += THP_PAGES;
				z.pcpParked -= THP_PAGES;
				res.memmapCharges.push({block: b, zone: z, pages: THP_PAGES});
				sections--;
			}
		}
		if (!need) return true;
		const spare = sections % 2 && room >= need + THP_PAGES ? THP_PAGES : 0;
		// (the free lists' head: the block onlined first, as each online frees its pages to the
		// lists' tail; the lab's 2G guest, s66/gen4 6688: a 1G DIMM auto-onlined above a 256M one
		// added after it below, a third DIMM's memmap not in the lower one, whose offline went through)
		const hot = this.bootNormalServesKernel() ? [] : this.sortedBlocks().filter(b => b.hotplugged && b.state === 'online' && b.zone === normal && b.free >= need + spare)
			.sort((x, y) => x.onlineSeq - y.onlineSeq);
		if (hot.length && this.kernelRoom(normal) >= need + spare) {
			const b = hot[0];
			b.free -= need;
			b.unmovable += need;
			normal.free -= need;
			// (order-9 pages: past the pageblock where the unmovable requests before it split their
			// chunk, the direct map's page among them)
			const base = this.unmovableBase(b);
			res.memmapPin = {pfn: base - (base % PAGEBLOCK_NR_PAGES) + PAGEBLOCK_NR_PAGES, kind: 'vmemmap'};
			b.pins.push(res.memmapPin);
			res.memmapBlock = b;
			res.memmapCharges.push({block: b, zone: normal, pages: need});
			if (spare) this.parkThp(b, normal);
			return true;
		}
		// A section no free pageblock can take: vmemmap_alloc_block() warns (warn_alloc(), once per
		// boot), then vmemmap_populate_hugepages() maps that section's memmap with base pages
		// instead, each 2 MiB of it under a page-table page of its own, and the hot-add goes on
		// (the lab's 200M guest, s61/vm/v200: the warning, and every block of the 1G DIMM there).
		const spread = this.takeFromZonelist(zonelist, need, res, () => this.vmemmapAllocFailure());
		if (spread) this.takeFromZonelist(zonelist, Math.ceil(spread / THP_PAGES), res);
		if (spare) {
			const last = res.memmapCharges.at(-1)!;
			if (last.block.free >= THP_PAGES && this.kernelRoom(last.zone) >= THP_PAGES) this.parkThp(last.block, last.zone);
		}
		return true;
	}

	/**
	 * The boot scan's hot-add (acpi_bus_scan(), a subsys_initcall) comes before kernel_init()'s
	 * late frees (free_initmem() and the rest: placeBootUsage()), so the spare 2 MiB page its
	 * memmap's refill left on a one-CPU list sits there through them, counted against the list's
	 * high mark. Their trims take order-0 pages: free_pcppages_bulk() drains the list of the page
	 * just freed first and reaches the order-9 list only when the lists before it are empty. The
	 * list ends with the spare page and, in all, where those trims leave a list at its mark
	 * (placeBootUsage()'s high - 4 batches), or as it was if it was longer: the lab's 640M guests
	 * with one or two DIMMs on the command line (s73/e q2: 128M, 128M+512M, 128M+1G, with and
	 * without movable_node) listed 710 to 781 pages under a mark of 875, the spare among them,
	 * where memhp had emptied the list as a hot-add after boot does (pcpFreesOverHigh()).
	 */
	private bootFreesOverSpareThp(listedBefore: readonly number[]): void {
		if (this.cpus > 1) return;
		for (const zone of this.zones) {
			const high = zoneHighsize(zone, this.cpus);
			if (!zone.populated() || zone.pcpParked <= high) continue;
			const end = Math.max(listedBefore[zone.idx] ?? 0, high - 4 * zone.pcpBatch);
			this.trimZonePcpBy(zone, zone.pcpParked - end);
		}
	}

	/**
	 * rmqueue_bulk()'s second order-9 page: taken from `zone`'s buddy allocator onto a pcp list,
	 * kept with the block's zone as every parked page is (a boot block spanning DMA and DMA32
	 * parks on DMA32, which zone_pcp_disable() of DMA32 drains).
	 */
	private parkThp(b: MemoryBlock, zone: Zone): void {
		b.free -= THP_PAGES;
		zone.free -= THP_PAGES;
		const pcp = b.zone ?? this.zones[1];
		b.parked += THP_PAGES;
		pcp.pcpParked += THP_PAGES;
		pcp.memmapThpList(this.cpus).push(b);
	}

	/**
	 * Takes `pages` of memmap from the zonelist's zones, boot memory first, recording each
	 * block's share; returns how many no free pageblock could give (the base-page fallback's).
	 */
	private takeFromZonelist(zonelist: Zone[], pages: number, res: HotplugResource, beforeSpread?: () => void): number {
		let spread = 0;
		let want = pages;
		// Each section's memmap is one order-9 page, so from one block: whole sections first, in
		// every zone of the zonelist (get_page_from_freelist() goes on to the next zone for a free
		// pageblock: a small guest's DMA32, fragmented at boot, leaves its memmap to ZONE_DMA),
		// and a removal gives each back whole to the pcp list, where the next hot-add finds them
		// all (the lab's 1536M guest: two 1G DIMMs' memmaps freed to DMA32's list, a 2G DIMM's
		// taken from it again, 16 order-9 pages). What the blocks cannot give whole is spread.
		const taken = new Map<Zone, number>();
		for (const whole of [true, false]) {
			if (!whole && want) beforeSpread?.();
			for (const z of zonelist) {
				if (!want) break;
				let left = Math.min(want, this.kernelRoom(z) - (taken.get(z) ?? 0));
				if (left <= 0) continue;
				const blocks = this.sortedBlocks().filter(b => b.state === 'online' && this.zonesOf(b).includes(z) && this.kernelBlock(b));
				// Boot memory first, as the buddy allocator's lower pfns come first in a fresh zone.
				blocks.sort((x, y) => Number(x.hotplugged) - Number(y.hotplugged) || x.id - y.id);
				for (const b of blocks) {
					if (!left) break;
					let n = Math.min(left, whole ? this.pageblockFreeFor(b, z) : this.freeFor(b, z));
					if (whole) n -= n % THP_PAGES;
					if (!n) continue;
					b.free -= n;
					b.unmovable += n;
					z.free -= n;
					const charge = res.memmapCharges.find(c => c.block === b && c.zone === z);
					if (charge) charge.pages += n;
					else res.memmapCharges.push({block: b, zone: z, pages: n});
					left -= n;
					want -= n;
					taken.set(z, (taken.get(z) ?? 0) + n);
					if (!whole) spread += n;
				}
			}
		}
		return spread;
	}

	/** Not enough room for every section: whole sections only (the one that failed gave its pages back). */
	private allocMemmapFailing(res: HotplugResource, zonelist: Zone[], room: number): false {
		this.takeFromZonelist(zonelist, Math.floor(room / MEMMAP_PAGES_PER_SECTION) * MEMMAP_PAGES_PER_SECTION, res);
		this.vmemmapAllocFailure();
		return false;
	}

	/** warn_alloc() of vmemmap_alloc_block(): its `static bool warned` makes it once per boot. */
	private vmemmapAllocFailure(): void {
		if (this.vmemmapWarned) return;
		this.vmemmapWarned = true;
		const {pid, comm} = kacpiHotplugWorker(this.cpus, this.khugepagedAtBoot);
		this.printk.printk(KERN_WARNING, `${comm}: vmemmap alloc failure: order:9, mode:0x4cc0(GFP_KERNEL|__GFP_RETRY_MAYFAIL), nodemask=(null),cpuset=/,mems_allowed=0`);
		this.printk.printk(KERN_WARNING, `CPU: 0 PID: ${pid} Comm: ${comm} Not tainted ${LINUX_RELEASE} #1  Debian ${DEBIAN_VERSION}`);
		this.printk.printk(KERN_WARNING, `Hardware name: ${dmiHardwareName(this.board)}`);
		this.printk.printk(KERN_WARNING, 'Workqueue: kacpi_hotplug acpi_hotplug_work_fn');
		for (const line of VMEMMAP_ALLOC_TRACE) this.printk.printk(KERN_WARNING, line);
		// warn_alloc_show_mem(): show_mem() up to the request's highest zone, gfp_zone(GFP_KERNEL).
		for (const [level, text] of this.showMem?.(ZONE_NORMAL) ?? []) this.printk.printk(level, text);
	}

	/** try_remove_memory(): every block must be offline; the freed memmap goes to the pcp lists. */
	removeMemory(res: HotplugResource): MemoryBlock[] {
		const removed = this.sortedBlocks().filter(b => b.hotplugged && b.startPfn * PAGE_SIZE >= res.start && b.endPfn * PAGE_SIZE <= res.start + res.size);
		for (const b of removed) this.blocks.delete(b.id);
		if (removed.length) this.blocksChanged();
		// The struct pages go with the memmap; num_poisoned_pages does not come down (6.1).
		for (const pfn of this.hwpoison) if (removed.some(b => pfn >= b.startPfn && pfn < b.endPfn)) this.hwpoison.delete(pfn);
		// free_pagetable(): each section's memmap goes back as one order-9 page, onto the pcp
		// list of its zone (pcp_allowed_order() admits pageblock-order pages), one free at a time.
		// (only this DIMM's: another's memmap may lie in the same block)
		if (res.memmapBlock) res.memmapBlock.pins = res.memmapBlock.pins.filter(p => p !== res.memmapPin);
		// The hot-add's own kernel objects go with it: their page, where it pinned a block that stays.
		const kp = res.kernelPage;
		if (kp && this.blocks.get(kp.block.id) === kp.block && kp.block.pins.includes(kp.pin)) {
			kp.block.pins = kp.block.pins.filter(p => p !== kp.pin);
			kp.block.free++;
			kp.block.unmovable--;
			kp.block.zone!.free++;
			this.usage.lateKernelPages--;
			this.pcpLifo.push(kp.pin.pfn);
		}
		// The removal's frees come with no allocation between them: free_factor starts from
		// where the guest's ordinary allocations keep it, 0.
		for (const z of this.zones) z.pcpFreeFactor = 0;
		for (const c of res.memmapCharges) {
			if (!this.blocks.has(c.block.id) || c.block.state !== 'online') continue;
			const pages = Math.min(c.pages, c.block.unmovable);
			for (let i = 0; i + THP_PAGES <= pages; i += THP_PAGES) this.freeUnrefThp(c.block);
			if (pages % THP_PAGES) this.freeToPcpThp(c.block, pages % THP_PAGES);
		}
		const zones = new Set([res.memmapZone, ...res.memmapCharges.map(c => c.block.zone ?? this.zones[1])]);
		for (const z of zones) this.trimZonePcp(z);
		this.resources.splice(this.resources.indexOf(res), 1);
		this.firmwareMemmap.remove(res.start, res.start + res.size);
		this.usage.sysfsNodes -= removed.length * 12;
		this.releaseIattrs(removed);
		this.kernfsNodes.release(res.start);
		this.kmalloc16.release(res.start);
		// remove_memory_block_devices(): the blocks' struct memory_block objects go back to kmalloc-1k.
		if (this.kmalloc1kFree !== undefined) this.kmalloc1kFree += removed.length;
		return removed;
	}

	/**
	 * acpi_bind_memory_blocks(), once add_memory() has returned (after an auto-online): per block,
	 * acpi_bind_one() makes the ACPI device's physical_node link (its name copied into kmalloc-16,
	 * then its kernfs node) and the block's firmware_node link. A slab these need comes from the
	 * zone the kernel allocates from now: with one CPU and a ZONE_NORMAL made of hot-added memory
	 * alone, its head block (kernfs-node-cache.ts, kmalloc-names.ts).
	 */
	acpiBindMemoryBlocks(blocks: MemoryBlock[]): void {
		if (!blocks.length) return;
		const owner = blocks[0]!.startPfn * PAGE_SIZE;
		const k16Slab = this.hotSlabPlacer('k16');
		const knSlab = this.hotSlabPlacer('kn');
		for (let n = 0; n < blocks.length; n++) {
			this.kmalloc16.alloc(kmalloc16OfBind(n), owner, k16Slab);
			this.kernfsNodes.alloc(kernfsNodesOfBind(1), owner, knSlab);
		}
	}

	/** Owners of the nodes hot-added PCI functions hold (they are never removed: no key is reused). */
	private pciNodeOwner = -1;

	/**
	 * A hot-added PCI function's sysfs nodes (kernfsNodesOfPciFunction()): a slab they need comes
	 * from the zone the kernel allocates from, a new order-0 page each (SUnreclaim grows by it),
	 * so after a ZONE_NORMAL of hot-added memory came online its head block holds them and its
	 * offline is refused: the lab's 1G guest, a DIMM's block onlined online_kernel and a
	 * virtio-mem-pci hot-added, refused the offline and then the DIMM's eject on a full
	 * kernfs_node_cache slab (s72/e2 p7; gen13105 after reboots, on another slab of the hot-add).
	 */
	pciFunctionAdded(nodes: number): void {
		const hot = this.hotSlabPlacer('kn');
		this.kernfsNodes.alloc(nodes, --this.pciNodeOwner, owner => {
			this.usage.lateKernelPages++;
			this.chargeKernelPages(1);
			return hot?.(owner);
		});
	}

	/**
	 * Where a new slab of a hot-add cache goes from now on: with one CPU, hot-added ZONE_NORMAL
	 * (newHotSlab()); undefined, boot memory. The boot's own ACPI scan binds a command-line DIMM's
	 * blocks amid boot's allocations, whose slabs memhp does not follow: the lab's first page of
	 * such a ZONE_NORMAL was a plain kernel page (bootAllocationsAfterScan()), no slab.
	 */
	private hotSlabPlacer(cache: 'kn' | 'k16'): ((owner: number) => HotSlab | undefined) | undefined {
		return this.cpus === 1 && !this.initcallsRunning ? owner => this.newHotSlab(owner, cache) : undefined;
	}

	/**
	 * kmalloc-16 objects something takes and frees again: `n` at once, so with fewer free a new
	 * slab, which stays the CPU's, empty, until an offline's shrink discards it. Placed as the
	 * bind's slabs are: with one CPU and a ZONE_NORMAL of hot-added memory alone, at its head
	 * block (a first pass of an eject is refused on it until another block's offline shrinks it
	 * away; a one-block DIMM's eject is refused every time); else in boot memory. Two such
	 * moments were found in the lab, what allocates in them was not: the end of a hot-add, after
	 * the bind (HOT_ADD_TRANSIENT_KMALLOC16), and an eject's start, before its first offline
	 * (EJECT_TRANSIENT_KMALLOC16); see kmalloc-names.ts.
	 */
	transientKmalloc16(n: number): void {
		const transient = -1;
		this.kmalloc16.alloc(n, transient, this.hotSlabPlacer('k16'));
		this.kmalloc16.release(transient);
	}

	/** kernfs_node_cache (kernfs-node-cache.ts) and kmalloc-16 (kmalloc-names.ts) as hot-adds take and free their objects. */
	private readonly kernfsNodes = new HotplugSlabCache(KERNFS_NODE_CACHE.objects, () => {
		const boot = this.sortedBlocks().filter(b => !b.hotplugged);
		return kernfsFreeAtBoot(boot.length, this.acpiSlots, this.cpus, boot.some(b => b.endPfn > FOUR_GIB_PFN));
	});
	private readonly kmalloc16 = new HotplugSlabCache(KMALLOC_16.objects, () =>
		kmalloc16FreeAtBoot(this.sortedBlocks().filter(b => !b.hotplugged).map(b => b.id), this.acpiSlots, this.cpus));

	private newHotSlab(owner: number, cache: 'kn' | 'k16'): HotSlab | undefined {
		if (!this.zones[ZONE_NORMAL].populated() || this.bootNormalServesKernel()) return undefined;
		const b = this.headNormalBlock(1);
		// new_slab() right after an auto-online: the zone's first free page (the lab: pfn 0x100000
		// with one to four blocks onlined); after programs ran in the zone, where the other
		// unmovable slabs go (a DIMM onlined by hand, then another hot-added).
		const pfn = b && (this.programs === b.programsAtOnline ? this.transientSlabPfn(b, 0, 0) : this.transientSlabPfn(b, 0));
		if (!b || pfn === undefined) return undefined;
		const pin: PinnedPage = {pfn, kind: 'slab', cache, inuse: 1, frozen: true};
		if (!this.moveChargedPage(b, pin)) return undefined;
		return {block: b, pin, owners: new Map([[owner, 1]])};
	}

	/**
	 * A slab page the kernel's calibrated charges already count (a lookup's, a hot-add's), taken
	 * from the boot block that holds them and pinned in hot-added block `to` instead: MemFree
	 * does not move. False when no boot block holds such a page.
	 */
	private moveChargedPage(to: MemoryBlock, pin: PinnedPage): boolean {
		const boot = this.lastKernelBlock(b => this.kernelPagesOf(b) > 0);
		if (!boot) return false;
		boot.unmovable--;
		this.giveBlockPages(boot, 1);
		to.pins.push(pin);
		this.takeBlockPages(to, 1);
		to.unmovable++;
		return true;
	}

	/** slab_mem_going_offline_callback() for the hot-add caches: an empty slab's page goes back to its block. */
	private shrinkHotplugSlabs(): void {
		const discard = (s: HotSlab) => this.discardSlabPage(s);
		this.kernfsNodes.shrink(discard);
		this.kmalloc16.shrink(discard);
	}

	/** getname(): a path system call copies its path into a names_cache object. */
	getname(): void {
		this.ensureTransientSlab('names');
	}

	/** vm_area_struct slabs: what boot left (one: the lab's /proc/slabinfo, 26 of 26). */
	private vmaSlabs = 1;

	/**
	 * The VMAs the live processes hold, after a fork or an exec (ProcessTable.userVmas()):
	 * vm_area_struct has 152-byte objects, 26 to an order-0 slab, and boot leaves one slab. One
	 * program beside the shell fits, while a pipeline's stages need a second slab (up to four
	 * stages), and a substitution inside a pipeline a third: the lab's 640M guest went from one
	 * slab to two at its first `cat | grep` and stayed there. The new
	 * slab comes from the kernel's zone at that moment and stays (the CPU slab, then kept on the
	 * partial list): in a Normal zone made of hot-added memory alone it pins its block (lab s40/k1:
	 * `echo online` to a 1G DIMM's memory37 at 640M, `echo x > /tmp/a; cat /tmp/a | wc -c`, and
	 * the eject was refused on the slab at pfn 0x128410). There the tmpfs page came first and
	 * split the block's first 4 MiB chunk as movable, so the steal took the next chunk, whose
	 * first 16 pages the pipeline's forks had taken (VMA_FORK_PAGES).
	 */
	vmaDemand(vmas: number): void {
		for (; this.vmaSlabs < Math.ceil(vmas / VMA_PER_SLAB); this.vmaSlabs++) {
			this.usage.lateKernelPages++;
			// (In boot memory the buddy allocator gives it: the lab's MemFree falls by the page.)
			if (!this.slabInHotNormal('B', 0, b => (b.followed ? 2 * THP_PAGES : (b.headMovable ? MAX_ORDER_NR_PAGES : 0) + VMA_FORK_PAGES))) this.chargeKernelPages(1);
		}
	}

	/**
	 * The head of a hot-added Normal zone's free lists: its block onlined first (onlined pages join
	 * the lists at the tail) that has `pages` free.
	 */
	private headNormalBlock(pages: number): MemoryBlock | undefined {
		let head: MemoryBlock | undefined;
		for (const x of this.sortedBlocks()) {
			if (x.hotplugged && x.state === 'online' && x.zone?.idx === ZONE_NORMAL && x.free >= pages && (!head || x.onlineSeq < head.onlineSeq)) head = x;
		}
		return head;
	}

	/**
	 * The boot after acpi_bus_scan(): when the scan onlined a DIMM of the command line into a
	 * ZONE_NORMAL of its own (no boot memory there), every later initcall, the initramfs and
	 * init's first pages prefer that zone. The lab's guests (s71/cold c1, c2: 3G with 1G, 1G with
	 * 512M, `memhp_default_state=online`; s71/l gen12101, the same after `reboot -f`) had 5200-5800
	 * pages in use there after boot, and an eject right after it was refused on the block's first
	 * page, a plain kernel page (refcount 1, no flag). memhp pins that page, moved from boot
	 * memory's charges (MemFree does not move); the rest it keeps in boot memory (known gaps).
	 */
	bootAllocationsAfterScan(): void {
		if (this.bootNormalServesKernel()) return;
		const b = this.headNormalBlock(1);
		if (!b) return;
		const pfn = this.transientSlabPfn(b, 0, 0);
		if (pfn !== undefined) this.moveChargedPage(b, {pfn, kind: 'pgtable'});
	}

	/** The ACPI interpreter runs a hotplug event's methods (acpi_ut_create_generic_state(): Acpi-State objects), in a kernel thread. */
	acpiInterpreter(): void {
		// A kernel thread holds no pages of its own: the slab takes the page the zone's list gives
		// first, the last program's freed page tables past its fork pages while the list holds
		// them, the head of the free lists once an offline drained it (the lab's ejects right after
		// offlines: the block's first page, s47/r24 h3, h4, s48/r28 m4; after programs: past the
		// kmalloc-32 slab their fork took, m7). Where another block was onlined after the head one,
		// memhp keeps it two pageblocks in, as the names_cache slab: the lab's 1G eject right after
		// a Normal block's offline (s48/r29 ac) dumped that slab at 0x100400 first, though the
		// multi-DIMM flows above had Acpi-State's at the first page.
		const head = this.headNormalBlock(1);
		const since = Math.max(head?.programsAtOnline ?? 0, head?.zone ? this.programsAtDrain.get(head.zone) ?? 0 : 0);
		this.ensureTransientSlab('acpi', this.programs, this.programs > since ? EXEC_KERNEL_PAGES : 0);
	}

	/**
	 * An AML method run from a GPE (acpi_ev_asynch_execute_gpe_method(), in kacpid's worker): its
	 * struct acpi_evaluate_info is a kmalloc-96 object and each method level's struct
	 * acpi_walk_state a kmalloc-2k one, all freed when the method returns (traced in the lab,
	 * s72/e2 p20). A cache with too few free objects takes a new slab from where the kernel
	 * allocates: the lab's guests with DIMMs on the command line, one block onlined as the first
	 * ZONE_NORMAL, had the eject's GPE take kmalloc-96's new slab there at 512M (boot leaves one
	 * free object, the `echo online` took it: p16, p17, s72/n gen13905) and kmalloc-2k's wherever
	 * boot left it fewer than three (kmalloc2kFreeAtBoot(): s72/mx, mx2), and the eject was
	 * refused on it. kmalloc-2k's slab is empty once the method returns, so an offline's shrink
	 * discards it (an eject whose first pass offlines another block goes through: s72/a gen12701)
	 * and the next method takes one again. A DIMM hot-added after boot has its own GPE take them
	 * from boot memory (p18), where the calibrated hot-add figures hold them (not charged here).
	 */
	gpeMethod(): void {
		this.kmalloc96Need(1);
		const free = kmalloc2kFreeAtBoot(this.acpiSlots, this.cpus);
		if (free === undefined || free >= GPE_METHOD_WALK_STATES || this.transientSlabs.has('k2k')) return;
		// (a transient slab: shrinkTransientSlabs() discards it; in boot memory it is not charged)
		const {order} = TRANSIENT_CACHES.k2k;
		const hot = this.slabInHotNormal('k2k', order, b => this.unmovableSkip(b));
		if (hot) this.usage.lateKernelPages += 1 << order;
		this.transientSlabs.set('k2k', hot ?? {inBootPool: true});
	}

	/** The programs run when each zone's pcp lists were last drained (zone_pcp_disable()). */
	private readonly programsAtDrain = new Map<Zone, number>();

	/**
	 * __kernfs_setattr() -> kernfs_iattrs(): the first setattr of a kernfs node (the shell's `>`
	 * truncates the attribute it opens) gives it a kernfs_iattrs object for the node's life.
	 * kernfs_iattrs_cache has none at boot (the lab's /proc/slabinfo: 0 objects, 46 to an order-0
	 * slab), so the guest's first such write takes its slab, from the kernel's zone then: a
	 * ZONE_NORMAL of hot-added memory alone pins it (the lab's 1536M guest, gen-flows 7403: an
	 * `echo online > memory32/state` after memory32's auto-online, the DIMM's eject refused twice on
	 * that slab at pfn 0x100000, s67/si and rerun). A write before any such online leaves it in
	 * boot memory, where the tutorial's first `echo online` puts it. chmod(2), chown(2) and
	 * utimes(2) of any sysfs node (`chmod`, `chown`, `touch`) are setattrs too; made by a program
	 * (a forked applet), the slab lands as its other new slabs do, past the pages the task holds:
	 * the lab's 1536M guest after an auto-online and a `grep`, `chmod 644 memory32/state`,
	 * `chmod 755 memory32` or `touch auto_online_blocks` each put it at pfn 0x10000d, where the
	 * DIMM's eject was refused (s68/ia; `chown` of a missing file allocated nothing).
	 */
	kernfsSetattr(path: string): void {
		if (this.iattrs.has(path)) return;
		this.iattrs.add(path);
		if (this.iattrsFree > 0) {
			this.iattrsFree--;
			// A slab an offline's flush_all() left on the node's partial list is the CPU slab again:
			// get_partial() takes it off the list (lru.next poisoned) and freezes it (the lab's
			// 768M guest dumped it so, 46 of 46 counted, s68/gen2 8103).
			if (this.slabPlaced(this.iattrsSlab)) takeAsCpuSlab(this.iattrsSlab.pin);
			return;
		}
		this.iattrsFree = IATTRS_SLAB_OBJECTS - 1;
		const old = this.iattrsSlab;
		if (old) Object.assign(old.pin, {frozen: false, inuse: IATTRS_SLAB_OBJECTS});
		this.iattrsSlab = undefined;
		if (!this.liveTasks) {
			this.iattrsSlab = this.placeLookupSlabPage('ia');
			return;
		}
		const slab = this.newSlab('ia', 0, b => this.unmovableSkip(b, this.programs, EXEC_KERNEL_PAGES));
		if (slab.block && slab.pin) this.iattrsSlab = {block: slab.block, pin: slab.pin};
	}

	/**
	 * remove_memory_block_devices() -> kernfs_put(): a removed block's directory, its attributes
	 * and the links to it (the memory bus's, node0's) free their iattrs.
	 */
	private releaseIattrs(removed: readonly MemoryBlock[]): void {
		for (const b of removed) {
			const dir = `/sys/devices/system/memory/memory${b.id}`;
			const links = [`/sys/bus/memory/devices/memory${b.id}`, `/sys/devices/system/node/node0/memory${b.id}`];
			for (const path of this.iattrs) {
				if (path !== dir && !path.startsWith(dir + '/') && !links.includes(path)) continue;
				this.iattrs.delete(path);
				this.iattrsFree++;
			}
		}
	}

	/** Nodes that have their kernfs_iattrs, by path, and the cache's free objects. */
	private readonly iattrs = new Set<string>();
	private iattrsFree = 0;
	/** kernfs_iattrs_cache's newest slab where it lies in hot-added memory. */
	private iattrsSlab: {block: MemoryBlock; pin: PinnedPage} | undefined;

	/**
	 * kernfs_fop_open() of a sysfs attribute: a kernfs_open_node from kmalloc-96, which the close
	 * hands to kfree_rcu(); it stays in use until the batch it joined is drained (slub.ts). With
	 * no free object the open takes a new slab, in the block onlined first of a Normal zone made
	 * of hot-added memory alone (which pins it), else in boot memory.
	 */
	kernfsOpen(): void {
		this.kmalloc96Need(1);
		this.kmalloc96Free--;
		this.kfreeRcuBatch ??= {startNs: this.now(), objects: 0};
		this.kfreeRcuBatch.objects++;
	}

	/**
	 * `n` kmalloc-96 objects in use at once: with fewer free, ___slab_alloc() takes a new slab,
	 * where the kernel allocates then (`held`: the pages a program allocating it holds at a
	 * block's head; a builtin's open after a program finds six such pages kept, its kernel stack
	 * among them: the lab's slab at pfn 0x100006, and 0x100406 past kmalloc-1k's at 0x100404 when
	 * another block was onlined after it).
	 */
	private kmalloc96Need(n: number, held = this.liveTasks ? EXEC_KERNEL_PAGES : undefined): void {
		this.drainKfreeRcu();
		if (this.kmalloc96Free >= n) return;
		if (this.transientSlabs.has('k96')) this.usage.lateKernelPages++;
		else if (held !== undefined) this.ensureTransientSlab('k96', this.programs, held);
		else this.transientSlabs.set('k96', this.newSlab('k96', 0, b => (b.followed ? 2 * THP_PAGES : 0) + (this.programs > b.programsAtOnline ? K96_AFTER_PROGRAM_SKIP : 0)));
		this.kmalloc96Slabs++;
		this.kmalloc96Free += TRANSIENT_CACHES.k96.objects;
	}

	/**
	 * A hot-add's kmalloc-96 objects in use at once (slub.ts), before any auto-online of its blocks
	 * (acpi-memhotplug.ts): a new slab they need comes from where the kernel allocated before the
	 * DIMM, not from its own blocks. The lab's 640M guests with memhp_default_state=online_kernel,
	 * a DIMM added right after the prompt while boot's kfree_rcu() batch still held an object,
	 * ejected a 128M DIMM (s68/tty c2, c6); the 512M one of s63/q was refused on the tty's first
	 * flip buffer's kmalloc-1k slab (serialInput()), not on a kmalloc-96 one, which memhp had put
	 * there after the online.
	 */
	transientKmalloc96(): void {
		// The boot's own ACPI scan (a DIMM of the command line) runs no GPE method: its objects
		// come and go amid boot's, whose count at the prompt (kmalloc96FreeAtBoot()) is what was
		// measured (the lab's 512M guest with a 1G DIMM on the command line: the eject's GPE still
		// found no free object, s72/e2 p16, p17).
		if (this.initcallsRunning) return;
		this.kmalloc96Need(HOTPLUG_KMALLOC96_AT_ONCE);
	}

	/**
	 * kfree_rcu_monitor(), KFREE_DRAIN_JIFFIES after a batch's first object: a grace period later
	 * the batch's objects are free. (Drained when next looked at: nothing else reads the count.)
	 */
	private drainKfreeRcu(): void {
		const batch = this.kfreeRcuBatch;
		if (!batch || this.now() - batch.startNs < KFREE_DRAIN_NS) return;
		this.kmalloc96Free += batch.objects;
		this.kfreeRcuBatch = undefined;
	}

	/** proc_reg_open() of a /proc entry that is not permanent: its opener goes in a pde_opener object until close(). */
	pdeOpen(): void {
		this.ensureTransientSlab('pde');
	}

	/** seq_read_iter() with a record of `recordBytes`: past a page, the buffer doubles into kmalloc-cg-8k. */
	seqRecord(recordBytes: number): void {
		if (recordBytes >= SEQ_BUF_PAGE) this.ensureTransientSlab('cg8k');
	}

	/**
	 * ___slab_alloc() -> new_slab() for a cache of slub.ts with no slab: an unmovable allocation
	 * of the cache's order from the kernel zone's free lists. In a Normal zone made of hot-added
	 * memory alone it comes from the block onlined first (the head of the free lists) and pins it;
	 * otherwise boot memory serves it. `programs`: the programs run before the allocation, where
	 * the caller knows better than the forks counted so far; `held`: for an order-0 slab, the
	 * pages the allocating task holds at the block's head (unmovableSkip()), a program's after its
	 * exec by default.
	 */
	private ensureTransientSlab(cache: TransientCache, programs = this.programs, held = this.liveTasks ? EXEC_KERNEL_PAGES : undefined): void {
		if (this.transientSlabs.has(cache)) return;
		const order = TRANSIENT_CACHES[cache].order;
		this.transientSlabs.set(cache, this.newSlab(cache, order, b => this.unmovableSkip(b, programs, order ? undefined : held)));
	}

	/**
	 * new_slab() of an unmovable order-`order` slab of `cache`, charged as unreclaimable slab. In
	 * a Normal zone made of hot-added memory alone it comes from the block onlined first and pins
	 * it (the pin is returned); in boot memory the pcp lists hold pages of that size (slabs freed
	 * during boot or by the last shrink, the programs' frees), so MemFree does not move (the lab's
	 * 4G guest: SUnreclaim grows, MemFree stays; its 4G tutorial's `free -k` the same after the
	 * 52nd inode's lsm slab); else the buddy allocator gives one.
	 */
	private newSlab(cache: TransientCache | 'lsm' | 'ia', order: number, skipOf = (b: MemoryBlock): number => this.unmovableSkip(b)): TransientSlab {
		const pages = 1 << order;
		this.usage.lateKernelPages += pages;
		const inHotNormal = this.slabInHotNormal(cache, order, skipOf);
		if (inHotNormal) return inHotNormal;
		const zone = this.zones[this.zones[ZONE_NORMAL].populated() ? ZONE_NORMAL : ZONE_NORMAL - 1]!;
		// (A 2 MiB page on the order-9 list is not the order-0 list's: parkedOrder0().)
		const onPcp = [...this.sortedBlocks()].reverse().find(b => !b.hotplugged && b.state === 'online' && (b.zone ?? this.zones[1]) === zone && this.parkedOrder0(zone, b) >= pages);
		if (onPcp) {
			onPcp.parked -= pages;
			zone.pcpParked -= pages;
			onPcp.unmovable += pages;
			return {placed: [{b: onPcp, n: pages}]};
		}
		const placed: PagePlacement[] = [];
		this.chargeKernelPages(pages, false, placed);
		return {placed};
	}

	/**
	 * Where in block `b` the buddy allocator finds a free order-`order` chunk for an unmovable
	 * request. Onlined memory is all MIGRATE_MOVABLE, so __rmqueue_fallback() steals the block's
	 * first pageblock, unless earlier unmovable allocations took its head already. The lab's
	 * runs: at the block's start when nothing ran since its online (pfn 0x108000, 0x110000);
	 * 24 pages in once a program ran (its page tables and pcp batches: 0x108018, 0x110018);
	 * two pageblocks in when another block was onlined into the zone after it (0x100400 with
	 * a 2G guest, 0x108400 with 1G). Pinned pages are stepped over. `skip`: the pages before the
	 * first one the allocation may take, where the caller knows.
	 */
	private transientSlabPfn(b: MemoryBlock, order: number, skip = this.unmovableSkip(b)): number | undefined {
		const size = 1 << order;
		const from = Math.max(b.vmemmapPages + skip, this.unmovableBase(b) - b.startPfn);
		for (let pfn = b.startPfn + Math.ceil(from / size) * size; pfn + size <= b.endPfn; pfn += size) {
			let clear = true;
			for (let q = pfn; q < pfn + size && clear; q++) clear = !b.pinAt(q) && !this.hwpoison.has(q);
			if (clear) return pfn;
		}
		return undefined;
	}

	/**
	 * A new slab in a Normal zone made of hot-added memory alone: in the block onlined first, at
	 * transientSlabPfn() past `skipOf(block)` pages, pinned there. Undefined where boot memory
	 * serves the kernel or the block has no such chunk.
	 */
	private slabInHotNormal(cache: NonNullable<PinnedPage['cache']>, order: number, skipOf: (b: MemoryBlock) => number): {block: MemoryBlock; pin: PinnedPage} | undefined {
		const b = this.hotNormalHead(order);
		return b && this.slabInBlock(b, cache, order, skipOf(b));
	}

	/** The block a new slab of `order` would come from in a Normal zone of hot-added memory alone (undefined where boot memory serves the kernel). */
	private hotNormalHead(order: number): MemoryBlock | undefined {
		if (!this.zones[ZONE_NORMAL].populated() || this.bootNormalServesKernel()) return undefined;
		return this.headNormalBlock(1 << order);
	}

	/** A new slab in block `b` at transientSlabPfn() past `skip` pages, pinned there. */
	private slabInBlock(b: MemoryBlock, cache: NonNullable<PinnedPage['cache']>, order: number, skip: number): {block: MemoryBlock; pin: PinnedPage} | undefined {
		const pages = 1 << order;
		const pfn = this.transientSlabPfn(b, order, skip);
		if (pfn === undefined) return undefined;
		const pin: PinnedPage = {pfn, kind: 'slab', cache, order};
		b.pins.push(pin);
		this.takeBlockPages(b, pages);
		b.unmovable += pages;
		return {block: b, pin};
	}

	/**
	 * transientSlabPfn()'s default `skip`, with `programs` the programs run before the allocation
	 * and `held` the kernel pages the task allocating it holds from the block's first pageblock
	 * (an order-0 slab made in a program's context: the pages before it are that task's own, in
	 * use, while the earlier programs' went back to the lists and were taken again).
	 */
	private unmovableSkip(b: MemoryBlock, programs = this.programs, held?: number): number {
		if (b.followed) return 2 * THP_PAGES;
		if (held !== undefined) return held;
		return programs > b.programsAtOnline ? 24 : 0;
	}

	/**
	 * slab_mem_going_offline_callback(): flush_all() and __kmem_cache_do_shrink() free the empty
	 * slabs of slub.ts's caches, wherever they are.
	 */
	private shrinkTransientSlabs(offlining: Zone): void {
		// The other caches' empty slabs go too, a few dozen pages (the lab: 27 at 512M, 37 at 1G),
		// onto the pcp list of the zone the boot-time slab lives in. A list within that many pages
		// of its high mark overflows: free_pcppages_bulk() trims it and raises free_factor, and the
		// next order-1..3 slab freed finds nr_pcp_high() at 0, which empties it (a session 35 lab
		// 512M guest: DMA32's 620 pages back in the buddy allocator after an offline; its 1G one,
		// far below the mark, kept them, and so did s46/r17's 512M guests, their lists 160 pages
		// under the mark once the hot-add's kernel pages came off them).
		// (With several CPUs memhp holds their lists' pages together; each list has its share.)
		const slabZone = [...this.sortedBlocks()].reverse().find(b => !b.hotplugged && b.state === 'online' && this.kernelBlock(b))?.zone;
		const overflows = !!slabZone && slabZone.pcpParked / this.cpus + SHRINK_FREED_SLAB_PAGES >= zoneHighsize(slabZone, this.cpus);
		if (slabZone && overflows) this.drainZonePcp(slabZone);
		this.freeBootEmptySlabs(offlining, overflows);
		// The CPU slabs the shell's programs filled since the last shrink (`B`, see
		// MemoryDevices.kernelChurnAfterFailure()) are empty once flushed: discard_slab() puts them
		// on the pcp list, and the next program's first allocations take them back, newest first
		// (the lab 3G: an eject's first pass offlined memory33, and its second pass took memory32,
		// refused before; errors-guest.t: a program ran in between, and the slab is back at 0x108000).
		// (On the pcp list the pages count neither free nor slab: MemFree does not move.)
		for (const b of this.sortedBlocks()) {
			const cpuSlabs = b.pins.filter(p => p.kind === 'slab' && p.cache === 'B');
			if (!cpuSlabs.length) continue;
			b.pins = b.pins.filter(p => !cpuSlabs.includes(p));
			b.unmovable -= cpuSlabs.length;
			b.parked += cpuSlabs.length;
			b.zone!.pcpParked += cpuSlabs.length;
			this.usage.lateKernelPages -= cpuSlabs.length;
			for (const p of cpuSlabs) this.flushedCpuSlabs.push({b, pfn: p.pfn});
		}
		// The slabs whose pages memhp knows go first; boot's (no block named) then come from the
		// kernel pages left, never from a page another cache's slab holds.
		const known = (x: TransientSlab) => (x.pin || x.placed ? 0 : 1);
		// free_unref_page(): boot pages go onto the pcp list of their block's zone, while the block
		// still counts them (a page moveChargedPage() took since is a hot-added slab's now).
		const toPcp = (b: MemoryBlock, n: number) => {
			const k = this.blocks.get(b.id) === b && b.state === 'online' ? Math.min(n, this.kernelPagesOf(b)) : 0;
			if (!k) return;
			const zone = b.zone ?? this.zones[1];
			b.unmovable -= k;
			b.parked += k;
			zone.pcpParked += k;
			this.trimZonePcp(zone);
		};
		// kmalloc-96's new slabs go once kfree_rcu() has let their kernfs_open_nodes go; while a batch
		// holds some, they stay (memhp keeps them all).
		this.drainKfreeRcu();
		const keptK96 = this.kfreeRcuBatch ? this.transientSlabs.get('k96') : undefined;
		if (keptK96) this.transientSlabs.delete('k96');
		else if (this.kmalloc96Slabs) {
			// (beyond the first, which the loop below frees where memhp placed it)
			this.usage.lateKernelPages -= this.kmalloc96Slabs - (this.transientSlabs.has('k96') ? 1 : 0);
			this.kmalloc96Free -= this.kmalloc96Slabs * TRANSIENT_CACHES.k96.objects;
			this.kmalloc96Slabs = 0;
		}
		// kmalloc-1k's CPU slab goes only if empty; a hot-add since took its objects first, and then
		// it stays where it is, its objects the blocks' (memhp stops following it).
		const k1k = this.transientSlabs.get('k1k');
		if (k1k) {
			const free = this.kmalloc1kFree ?? 0;
			if (free < TRANSIENT_CACHES.k1k.objects) {
				// flush_all() unfreezes it: on the node's partial list with its live objects counted
				// (a tty buffer's, s68/tty0 a), or full on no list.
				if (k1k.pin) Object.assign(k1k.pin, {frozen: false, inuse: TRANSIENT_CACHES.k1k.objects - free});
				this.transientSlabs.delete('k1k');
			} else this.kmalloc1kFree! -= TRANSIENT_CACHES.k1k.objects;
		}
		for (const [cache, {block, pin, placed, inBootPool}] of [...this.transientSlabs].sort((x, y) => known(x[1]) - known(y[1]))) {
			const pages = 1 << TRANSIENT_CACHES[cache].order;
			// (Boot's sigqueue and Acpi-State slabs are among BOOT_EMPTY_SLAB_PAGES; kmalloc-1k's and
			// kmalloc-2k's new slabs in boot memory were never charged apart from the calibrated figures.)
			if (inBootPool) continue;
			this.usage.lateKernelPages -= pages;
			if (block && pin) {
				block.pins = block.pins.filter(p => p !== pin);
				block.unmovable -= pages;
				this.giveBlockPages(block, pages);
			} else if (placed) {
				for (const {b, n} of placed) toPcp(b, n);
			} else {
				const b = this.lastKernelBlock(x => this.kernelPagesOf(x) >= pages);
				if (b) toPcp(b, pages);
			}
		}
		this.transientSlabs.clear();
		if (keptK96) this.transientSlabs.set('k96', keptK96);
		this.shrinkEmptyInodeSlabs();
		this.shrinkHotplugSlabs();
	}

	/**
	 * A path walk instantiated a dentry and its inode (first lookup of a sysfs or proc node):
	 * both are reclaimable slab objects. Free objects in the caches' slabs serve first; with none
	 * left, new_slab() takes a slab (dentry: one page; inode: two), which SReclaimable counts
	 * whole from then on (the lab's: it moves by 4 and 8 kB, never between).
	 */
	chargeLookup(cache: InodeCache): void {
		this.usage.dentries++;
		this.reclaimableObjects(cache);
		this.lsmInodeAlloc();
	}

	/**
	 * get_pipe_inode(): a pipe's inode comes from inode_cache (pipefs has no cache of its own)
	 * and its dentry from d_alloc_pseudo(), with its LSM blob; all go at the last close, back to
	 * slabs that stay. So a pipe takes a new slab when its cache has no free object (the lab's
	 * `dmesg | tail`: a dentry slab at 768M, an inode slab at 2G, nothing where objects were left).
	 */
	pipeInode(): () => void {
		this.reclaimableObjects('inode_cache');
		this.lsmInodeAlloc();
		// The slab the inode came from, where that is memhp's newest in hot-added memory.
		const from = this.newestInodeSlab.get('inode_cache');
		// alloc_pipe_info(): the pipe's buffer array, from kmalloc-cg-1k (slub.ts); the pipes open
		// at once past what boot left free take a new slab (one is modelled: eight more pipes).
		// ash makes each stage's pipe just before forking it: the pipeline's earlier stages are
		// forked, none has run yet (one CPU), and a fork alone leaves the block's head whole (the
		// lab's 640M guest: the slab at the block's first page after `cat | cat | cat | wc`).
		this.livePipes++;
		if (this.livePipes > pipeBufsFreeAtBoot(this.cpus)) this.ensureTransientSlab('cg1k', this.programs - (this.livePipes - 1));
		return () => {
			this.livePipes--;
			this.freeReclaimableObjects('inode_cache', 1);
			if (from && this.newestInodeSlab.get('inode_cache') !== from) this.freeToOlderInodeSlab(from);
		};
	}

	/** Pipes open now (each holds a kmalloc-cg-1k object). */
	private livePipes = 0;

	/**
	 * __slab_free() of an inode into a slab that is no longer the CPU slab: a full one (left behind
	 * unfrozen when a newer slab took over) is frozen and put on the CPU's partial list
	 * (put_cpu_partial(): slab->next the old head, none here, slab->slabs 1); one on the node's
	 * partial list just has one object less in use. The lab's 1G guest (s27/gen6 og801): a pipe's
	 * inode, the first object of the slab at pfn 0x100000, freed after `ls` had filled it and
	 * taken another, and the eject's dump showed the slab frozen with 11 of 12 in use.
	 */
	private freeToOlderInodeSlab(slab: {block: MemoryBlock; pins: PinnedPage[]}): void {
		const {pins} = slab;
		const head = pins[0];
		if (!head) return;
		if (head.cpuPartial) {
			for (const p of pins) p.inuse = Math.max(0, (p.inuse ?? 0) - 1);
			return;
		}
		if (pins.some(p => p.frozen !== false)) return;
		const full = head.inuse === INODE_SLAB_OBJECTS.inode_cache;
		for (const p of pins) Object.assign(p, {inuse: Math.max(0, (p.inuse ?? 0) - 1), ...(full ? {frozen: true, cpuPartial: true} : {})});
		if (full) this.inodeCpuPartial = slab;
	}

	/** inode_cache's slab on the CPU partial list, where memhp put one there (freeToOlderInodeSlab()). */
	private inodeCpuPartial: {block: MemoryBlock; pins: PinnedPage[]} | undefined;

	/** slab_alloc() of a dentry and an inode of `cache`, each from a new slab if its cache has no free object left. */
	/** d_alloc() of a negative dentry (a sysfs lookup of a missing name): a dentry object alone. */
	chargeNegativeDentry(): void {
		const pages = this.takeDentry();
		this.usage.lookupSlabPages += pages;
		this.chargeKernelPages(pages, true);
		if (pages) this.newDentrySlab();
		this.dentryObjectsInUse();
	}

	/** A dentry from the cache's free objects, or a new slab's (the pages it takes: 0 or 1). */
	private takeDentry(): number {
		if (this.dentryFree > 0) {
			this.dentryFree--;
			return 0;
		}
		this.dentryFree = DENTRY_SLAB_OBJECTS - 1;
		return 1;
	}

	/** A negative dentry dropped for a positive one: its object back by RCU (here at once). */
	releaseNegativeDentry(): void {
		this.dentryFree++;
		this.dentryObjectsInUse();
	}

	private reclaimableObjects(cache: InodeCache): void {
		const pages = this.takeDentry();
		const slab = this.inodeFreeOf(cache) ? 0 : 1 << INODE_SLAB_ORDER;
		this.usage.lookupSlabPages += pages + slab;
		// (A slab from CPU 0's order-1 list is taken off it there: takeReclaimable1().)
		this.chargeKernelPages(pages + (slab && this.inodeSlabFromList() ? 0 : slab), true);
		if (pages) this.newDentrySlab();
		this.dentryObjectsInUse();
		this.inodeObject(cache);
	}

	/**
	 * new_slab() of the dentry cache (order 0, reclaimable): where hot-added memory alone makes
	 * ZONE_NORMAL, its page comes from the head of that zone's lists as an inode slab's does,
	 * and it stays while dentries live in it (the lab's 3500M guest, gen-flows 7310: memory34
	 * onlined first, then a builtin loop's lookups of memory32, 33 and 35 and a `cat
	 * /proc/meminfo` took a new dentry slab at pfn 0x110000 with 7 of 21 in use, and the DIMM's
	 * eject was refused on it). The slab before it is left full.
	 */
	private newDentrySlab(): void {
		const old = this.dentrySlab;
		if (old) Object.assign(old.pin, {frozen: false, inuse: DENTRY_SLAB_OBJECTS});
		this.dentrySlab = undefined;
		this.dentrySlab = this.placeLookupSlabPage('D');
	}

	/**
	 * An order-0 slab page the kernel's calibrated charges already count, moved to the head of a
	 * ZONE_NORMAL made of hot-added memory alone when that zone serves the kernel, where a lookup's
	 * inode slab goes (allocInodeSlabPage()); undefined where it stays in boot memory.
	 */
	private placeLookupSlabPage(cache: 'D' | 'ia'): {block: MemoryBlock; pin: PinnedPage} | undefined {
		if (!this.zones[ZONE_NORMAL].populated() || this.bootNormalServesKernel()) return undefined;
		const p = this.allocInodeSlabPage();
		if (!p) return undefined;
		const pin: PinnedPage = {pfn: p.pfn, kind: 'slab', cache};
		return this.moveChargedPage(p.b, pin) ? {block: p.b, pin} : undefined;
	}

	/** Whether a slab page memhp tracks is still pinned in a block that is still there. */
	private slabPlaced(s: {block: MemoryBlock; pin: PinnedPage} | undefined): s is {block: MemoryBlock; pin: PinnedPage} {
		return !!s && this.blocks.get(s.block.id) === s.block && s.block.pins.includes(s.pin);
	}

	/** discard_slab() of a one-page slab in hot-added memory: its page goes back to its block. */
	private discardSlabPage(s: {block: MemoryBlock; pin: PinnedPage}): void {
		s.block.pins = s.block.pins.filter(p => p !== s.pin);
		s.block.unmovable--;
		this.giveBlockPages(s.block, 1);
	}

	/**
	 * flush_all() of an order-0 CPU slab in hot-added memory: onto the node's partial list with
	 * its live objects counted (what the cache's `free` leaves of `objects`); true when it is
	 * empty, and __kmem_cache_do_shrink() discards it.
	 */
	private flushSlabPage(s: {block: MemoryBlock; pin: PinnedPage}, objects: number, free: number): boolean {
		Object.assign(s.pin, {frozen: false, inuse: Math.max(0, objects - free)});
		if (s.pin.inuse || s.pin.kept) return false;
		this.discardSlabPage(s);
		return true;
	}

	/** The newest dentry slab's objects in use: what the cache's free count leaves of it. */
	private dentryObjectsInUse(): void {
		const d = this.dentrySlab;
		if (!this.slabPlaced(d)) {
			this.dentrySlab = undefined;
			return;
		}
		d.pin.inuse = Math.max(0, DENTRY_SLAB_OBJECTS - this.dentryFree);
	}

	/** The dentry cache's newest slab where it lies in hot-added memory (newDentrySlab()). */
	private dentrySlab: {block: MemoryBlock; pin: PinnedPage} | undefined;

	/**
	 * The RCU callbacks of `n` invalidated dentries run: the dentries, their inodes and LSM blobs
	 * go back to their slabs, which stay allocated (SReclaimable unchanged), where the next
	 * lookups find them.
	 */
	private releaseLookups(cache: InodeCache, n: number): void {
		n = Math.min(n, this.usage.dentries);
		if (n <= 0) return;
		this.usage.dentries -= n;
		this.freeReclaimableObjects(cache, n);
	}

	/**
	 * d_invalidate() of `n` dentries: proc_flush_pid() at a task's exit (its /proc/<pid> dentries,
	 * the ones ash's exec of /proc/self/exe made, and any the task looked up below them), or a
	 * lookup meeting stale ones (kernfs_dop_revalidate() fails for a removed sysfs node's). The
	 * dentries (dentry_free()), inodes (destroy_inode()) and LSM blobs are all freed by
	 * call_rcu(), so their objects stay in use until the grace period ends (rcuGracePeriod()):
	 * the lab's 1G guest had two proc inodes more in use after each exec'd program of a command
	 * line (`dmesg | tail` four), and none by the next line; and a listing that met a removed
	 * DIMM's stale memory32 and memory33 could not reuse their objects for the new DIMM's
	 * blocks: a new inode slab went into memory35, whose offline the lab refused too (s40/k4 408_4).
	 */
	invalidateLookups(cache: InodeCache, n: number): void {
		if (n > 0) this.rcuPendingLookups.push({cache, n});
	}

	/** The lookups invalidateLookups() handed to call_rcu(), not yet freed. */
	private rcuPendingLookups: {cache: InodeCache; n: number}[] = [];

	/**
	 * A program is about to be exec'd (its path walk next): within a command line the grace periods end
	 * while programs run, every two or three of them (the lab's 1G guest, s42/g: loops of one
	 * to three `cat`s left one to three programs' proc inodes in use after them, a fourth found
	 * the first three's freed; a loop of three `grep`s, slower, left one; longer loops two to
	 * four). memhp ends one before every second program's exec (after the earlier ones exited:
	 * a pipeline's stages are all alive at once, and hold theirs together).
	 */
	programExec(): void {
		if (this.programsSinceGracePeriod >= PROGRAMS_PER_GRACE_PERIOD) this.rcuGracePeriod();
		this.programsSinceGracePeriod++;
	}

	/** Programs exec'd since the last grace period ended. */
	private programsSinceGracePeriod = 0;

	/**
	 * A grace period ends (the one CPU idles: the shell waits for its next line, or a program
	 * sleeps): the RCU callbacks queued since free their objects back into the caches' slabs.
	 */
	rcuGracePeriod(): void {
		this.programsSinceGracePeriod = 0;
		const pending = this.rcuPendingLookups;
		if (!pending.length) return;
		this.rcuPendingLookups = [];
		for (const {cache, n} of pending) this.releaseLookups(cache, n);
	}

	/** kmem_cache_free() of `n` dentries, inodes of `cache` and their LSM blobs: back in slabs that stay. */
	private freeReclaimableObjects(cache: InodeCache, n: number): void {
		this.dentryFree += n;
		this.dentryObjectsInUse();
		this.inodeFree.set(cache, this.inodeFreeOf(cache) + n);
		this.lsmInodeRelease(n);
	}

	/** Free objects of inode cache `cache` (its CPU slab and partial slabs). */
	private inodeFreeOf(cache: InodeCache): number {
		return this.inodeFree.get(cache) ?? INODE_FREE_AT_BOOT[cache];
	}

	/** Free objects of the dentry cache (CPU slab and partial slabs). */
	private dentryFree = DENTRY_FREE_AT_BOOT;

	/**
	 * security_inode_alloc(): a new inode's LSM blob from lsm_inode_cache (slub.ts). With no free
	 * object left, new_slab() takes an order-0 page where the kernel's unmovable allocations go:
	 * in a Normal zone made of hot-added memory alone, the head block, which it pins for as long
	 * as its inodes live (the lab's 2560M guest: pfn 0x120009 of memory36, onlined to Normal just
	 * before); otherwise boot memory.
	 */
	lsmInodeAlloc(): void {
		if (this.lsmInodeFree > 0) {
			this.lsmInodeFree--;
			return;
		}
		this.lsmInodeFree = LSM_INODE_CACHE.objects - 1;
		this.newSlab('lsm', 0);
	}

	/** security_inode_free(): `n` inodes went, and their blobs back to their slabs (which stay: other objects live in them). */
	lsmInodeRelease(n = 1): void {
		this.lsmInodeFree += n;
	}

	/** Free objects of lsm_inode_cache. */
	private lsmInodeFree: number = LSM_INODE_CACHE.freeAtBoot;

	/**
	 * slab_alloc() of one inode: the cache's free objects (its CPU slab and partial slabs) serve
	 * it; with none left, new_slab() allocates an order-1 slab, from the zone the kernel's
	 * allocations go to. While that is a Normal zone made of hot-added memory alone, the slab lands
	 * in a hot-added block and stays (its inodes stay cached), so whether the block can go offline
	 * depends on every path walk since boot: the lab's 1G guest with memory32 online_kernel keeps
	 * it free after six sysfs lookups and pins it after fifteen, but after an `ls` of the memory
	 * directory (which stats every entry, in boot memory) six pin it; a 2G guest's longer listing
	 * leaves room for six; four /proc lookups do not pin, seven do (an 11-object slab). The page
	 * is one the lookup's accounting charged to a boot block: it moves.
	 */
	private inodeObject(cache: InodeCache): void {
		const free = this.inodeFreeOf(cache);
		const newest = this.newestInodeSlab.get(cache);
		if (free > 0) {
			this.inodeFree.set(cache, free - 1);
			// The CPU slab used up, the one on the CPU partial list is the CPU slab next
			// (___slab_alloc() -> slub_percpu_partial()), and the used-up one stays full on no list.
			const partial = cache === 'inode_cache' ? this.inodeCpuPartial : undefined;
			if (partial && free <= INODE_SLAB_OBJECTS[cache] - (partial.pins[0]?.inuse ?? 0)) {
				this.inodeCpuPartial = undefined;
				if (newest && newest !== partial) for (const p of newest.pins) Object.assign(p, {frozen: false, inuse: INODE_SLAB_OBJECTS[cache]});
				for (const p of partial.pins) {
					delete p.frozen;
					delete p.cpuPartial;
				}
				this.newestInodeSlab.set(cache, partial);
				return;
			}
			// A flushed slab with room is the CPU slab again (get_partial() takes it off the node's
			// partial list and freezes it: the lab's second dump of one, s40/dump).
			if (newest) for (const p of newest.pins) takeAsCpuSlab(p);
			return;
		}
		this.inodeFree.set(cache, INODE_SLAB_OBJECTS[cache] - 1);
		// The full CPU slab is left behind, unfrozen, on no list (get_freelist() found it empty).
		if (newest) for (const p of newest.pins) Object.assign(p, {frozen: false, inuse: INODE_SLAB_OBJECTS[cache]});
		this.newestInodeSlab.delete(cache);
		if (this.inodeSlabFromList()) {
			this.takeReclaimable1(this.homeZone!);
			return;
		}
		if (!this.zones[ZONE_NORMAL].populated() || this.bootNormalServesKernel()) return;
		const slab: PinnedPage[] = [];
		let block: MemoryBlock | undefined;
		for (let i = 0; i < 1 << INODE_SLAB_ORDER; i++) {
			const p = this.allocInodeSlabPage();
			const pin: PinnedPage | undefined = p && {pfn: p.pfn, kind: 'slab', cache: cache === 'inode_cache' ? 'R' : 'P'};
			if (!p || !pin || !this.moveChargedPage(p.b, pin)) break;
			slab.push(pin);
			block = p.b;
		}
		if (block) this.newestInodeSlab.set(cache, {block, pins: slab});
	}

	/** The newest inode slab of each cache where it lies in hot-added memory: the CPU slab, which the next inodes fill. */
	private readonly newestInodeSlab = new Map<InodeCache, {block: MemoryBlock; pins: PinnedPage[]}>();

	/**
	 * __kmem_cache_do_shrink() of the inode caches: a newest slab in hot-added memory whose objects
	 * are all free again (a pipe's inode took it and went at the pipe's last close) is discarded,
	 * its pages back in its block (mixed-dimms-2560M.t: a `dmesg | tail` between an online and an
	 * eject, and the eject went through).
	 */
	private shrinkEmptyInodeSlabs(): void {
		// kernfs_iattrs_cache's and the dentry cache's CPU slabs in hot-added memory
		if (this.slabPlaced(this.iattrsSlab) && this.flushSlabPage(this.iattrsSlab, IATTRS_SLAB_OBJECTS, this.iattrsFree)) {
			this.iattrsFree -= IATTRS_SLAB_OBJECTS;
			this.iattrsSlab = undefined;
		}
		if (this.slabPlaced(this.dentrySlab) && this.flushSlabPage(this.dentrySlab, DENTRY_SLAB_OBJECTS, this.dentryFree)) {
			this.usage.lookupSlabPages--;
			this.dentryFree -= DENTRY_SLAB_OBJECTS;
			this.dentrySlab = undefined;
		}
		// flush_all() unfreezes the CPU partial slabs too: onto the node's partial list, their live objects counted.
		for (const p of this.inodeCpuPartial?.pins ?? []) Object.assign(p, {frozen: false, cpuPartial: false});
		this.inodeCpuPartial = undefined;
		for (const [cache, {block, pins}] of this.newestInodeSlab) {
			const free = this.inodeFreeOf(cache);
			// flush_all(): the CPU slab goes to the partial list with its live objects counted.
			for (const p of pins) Object.assign(p, {frozen: false, inuse: Math.max(0, INODE_SLAB_OBJECTS[cache] - free)});
			if (free < INODE_SLAB_OBJECTS[cache] || pins.length !== 1 << INODE_SLAB_ORDER || pins.some(p => p.kept || !block.pins.includes(p))) continue;
			block.pins = block.pins.filter(p => !pins.includes(p));
			block.unmovable -= pins.length;
			this.giveBlockPages(block, pins.length);
			this.usage.lookupSlabPages -= 1 << INODE_SLAB_ORDER;
			this.inodeFree.set(cache, free - INODE_SLAB_OBJECTS[cache]);
			this.newestInodeSlab.delete(cache);
		}
	}

	/**
	 * rmqueue_pcplist() of an order-1 reclaimable slab from CPU 0's list of `zone` (the boot zone
	 * the kernel allocates from): an empty list first takes a refill out of the buddy allocator
	 * (the lab's 1G guests: an `ls` of the memory directory that needed a second inode slab took
	 * 62 pages out of MemFree with 16 or more DIMM slots, none with 8 or fewer).
	 */
	private takeReclaimable1(zone: Zone): void {
		const slab = 1 << INODE_SLAB_ORDER;
		// (A trim at the high mark, free_pcppages_bulk(), takes this list's pages with the others.)
		zone.pcpReclaimable1 = Math.min(zone.pcpReclaimable1, this.shellPcp(zone));
		if (zone.pcpReclaimable1 < slab) {
			const refill = pcpRefillPages(zone.pcpBatch, INODE_SLAB_ORDER);
			if (!this.rmqueueBulk(zone, refill, this.bootAllocOrder(false))) {
				this.chargeKernelPages(slab, true);
				return;
			}
			zone.pcpReclaimable1 += refill;
		}
		zone.pcpReclaimable1 -= slab;
		const got = this.takeParkedOrder0(zone, slab, asKernelPages, true);
		if (got < slab) this.chargeKernelPages(slab - got, true);
	}

	/**
	 * Whether a new inode slab comes off CPU 0's order-1 reclaimable list that pcpBootLists() placed
	 * (takeReclaimable1()): the kernel allocates from the boot zone whose list it is.
	 */
	private inodeSlabFromList(): boolean {
		return this.reclaimable1Listed && this.homeZone !== undefined && (!this.zones[ZONE_NORMAL].populated() || this.bootNormalServesKernel());
	}

	/** Whether boot placed the boot zone's order-1 reclaimable list: pcpBootLists()'s (one CPU, a batch of 63, a list under its high mark) or pcpBootReclaimable1Batch31()'s. */
	private reclaimable1Listed = false;

	/** Free objects of each inode cache (CPU slab and partial slabs). */
	private readonly inodeFree = new Map<InodeCache, number>();

	/**
	 * drop_slab() (drop_caches & 2): the dcache and icache shrinkers free every unused dentry and
	 * inode, which are those of the sysfs and proc lookups (tmpfs pins its own, and the boot-time
	 * slab is in use), and the slab pages they empty go back to the per-CPU lists of their zone.
	 */
	dropSlab(): void {
		const before = this.usage.sreclaimablePages();
		this.lsmInodeRelease(this.usage.dentries);
		this.usage.lookupSlabPages = 0;
		this.usage.dentries = 0;
		this.dentryFree = DENTRY_FREE_AT_BOOT;
		this.inodeFree.clear();
		this.usage.dcacheEpoch++;
		let pages = before - this.usage.sreclaimablePages();
		const zones = new Set<Zone>();
		// The slabs a path walk placed in hot-added Normal memory keep objects the shrinkers do
		// not free (the lab's: an order-1 slab, 12 of 12 objects in use before and after
		// drop_caches, and the offline still refused): they stay, as unreclaimable slab.
		for (const b of this.sortedBlocks()) {
			const kept = b.pins.filter(p => p.kind === 'slab' && (p.cache === 'R' || p.cache === 'P' || p.cache === 'D') && !p.kept);
			for (const p of kept) p.kept = true;
			this.usage.lateKernelPages += kept.length;
			pages -= kept.length;
		}
		// chargeKernelPages() took them in bootAllocOrder(): give them back there, the newest first.
		for (const b of this.kernelBlocksNewestFirst()) {
			if (pages <= 0) break;
			const n = Math.min(pages, this.kernelPagesOf(b));
			if (!n) continue;
			const zone = b.zone ?? this.zones[1];
			b.unmovable -= n;
			b.parked += n;
			zone.pcpParked += n;
			zones.add(zone);
			this.slabFreedToPcp.push({block: b, pages: n});
			pages -= n;
		}
		for (const z of zones) this.trimZonePcp(z);
	}

	/**
	 * The empty slabs boot left on the caches' partial lists (SLUB keeps up to min_partial of
	 * them), which the first shrink frees: onto the pcp list of the zone they are in, or, when that
	 * is the zone being offlined, whose lists zone_pcp_disable() set to a high mark of 0, straight to
	 * the buddy allocator, as when the list overflows (shrinkTransientSlabs()). The lab's one-CPU
	 * 4G and 6G guests (s45/r10: a boot ZONE_NORMAL block offlined) had SUnreclaim 39 pages down and
	 * MemFree 130 pages up besides the block, where memhp's transient slabs made 8; a second offline
	 * freed none.
	 */
	private freeBootEmptySlabs(offlining: Zone, overflowed: boolean): void {
		const pages = this.bootEmptySlabPages;
		// (Boot's slabs are the first kernel pages the buddy allocator handed out: bootAllocOrder().)
		const b = pages ? this.bootAllocOrder(false).map(x => x.b).find(x => !x.hotplugged && x.unmovable >= pages) : undefined;
		if (!b) return;
		this.bootEmptySlabPages = 0;
		const zone = b.zone ?? this.zones[1];
		this.usage.lateKernelPages -= pages;
		// (In DMA32 the boot lists' fit, calibrated on the lab's drains, holds these pages as kernel
		// memory already: pcp-boot.ts DMA32_LISTED_AS_KERNEL. The lab's 1G and 2G guests: SUnreclaim
		// 32 pages down at a boot block's offline, MemFree as memhp's.)
		if (zone === this.zones[1]) return;
		b.unmovable -= pages;
		if (overflowed || zone === offlining) {
			this.giveBlockPages(b, pages);
		} else {
			b.parked += pages;
			zone.pcpParked += pages;
		}
	}

	private bootEmptySlabPages = BOOT_EMPTY_SLAB_PAGES;

	/** Pages the last drop_slab() freed onto pcp lists, the first the next kernel allocations reuse (LIFO). */
	private slabFreedToPcp: {block: MemoryBlock; pages: number}[] = [];

	/**
	 * Kernel pages taken where the buddy allocator hands them out (bootAllocOrder()): slab, page
	 * tables; `reclaimable` for the slabs of SLAB_RECLAIM_ACCOUNT caches (dentries, inodes), which
	 * come from the MIGRATE_RECLAIMABLE lists.
	 */
	chargeKernelPages(pages: number, reclaimable = false, placed?: PagePlacement[]): void {
		const place = (b: MemoryBlock, n: number) => {
			b.unmovable += n;
			if (placed && n) placed.push({b, n});
		};
		// Most lookups fill no new slab page: nothing to place.
		if (!pages) return;
		// rmqueue_pcplist(): pages drop_slab() just freed onto the pcp lists come back first.
		while (pages && this.slabFreedToPcp.length) {
			const last = this.slabFreedToPcp.at(-1)!;
			const b = last.block;
			const n = b.state === 'online' && this.blocks.get(b.id) === b ? Math.max(0, Math.min(pages, last.pages, this.parkedOrder0(b.zone ?? this.zones[1], b))) : 0;
			b.parked -= n;
			(b.zone ?? this.zones[1]).pcpParked -= n;
			place(b, n);
			pages -= n;
			last.pages -= n;
			if (!n || !last.pages) this.slabFreedToPcp.pop();
		}
		// Then the rest of CPU 0's order-0 list of that migratetype: the buddy allocator is reached
		// only once that is empty (the lab's 1G to 8G guests: a hot-add's device, sysfs and slab
		// pages come off the list, MemFree falls by the memmap alone).
		const order = this.bootAllocOrder(false);
		if (!pages || !order.length) return;
		const zone = order[0]!.z;
		// (Only while no hot-added zone above it serves the kernel: that one's list is its own.)
		if (this.preferredZones()[1] === zone) {
			pages -= this.takePcpKernel(zone, pages, reclaimable, place);
			// rmqueue_bulk(): an empty unmovable list takes a batch from the buddy allocator, and what
			// the allocation does not use stays on it.
			// (A list memhp cannot count as CPU 0's after the refill, its other CPUs' share and a 2 MiB
			// page on the order-9 list making up the zone's whole count, gets one batch, not one per page.)
			while (pages && !reclaimable && this.refillUnmovableList(zone, order)) {
				const got = this.takePcpKernel(zone, pages, false, place);
				pages -= got;
				if (!got) break;
			}
		}
		for (const {b, z} of order) {
			if (!pages) break;
			const n = Math.min(pages, this.freeFor(b, z));
			if (n <= 0) continue;
			this.takeBlockPages(b, n);
			place(b, n);
			pages -= n;
		}
	}

	pinsOf(b: MemoryBlock): PinnedPage[] {
		return b.pins;
	}

	sectionsPerBlock(): number {
		return this.blockPages / PAGES_PER_SECTION;
	}
}
