import type {E820Entry, FirmwareBootInfo} from '../acpi.js';
import {DENTRY_HASH, INODE_HASH, largeSystemHash} from './large-hash.js';
import {memparse, simpleStrtoull} from './e820.js';
import {earlyAllocations, percpuAllocInfo, type ByteRange} from './memblock-alloc.js';

export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;
/** SECTION_SIZE_BITS = 27 on x86_64: 128 MiB sparsemem sections. */
export const PAGES_PER_SECTION = 1 << 15;
export const MIN_MEMORY_BLOCK_SIZE = 128 * 1024 * 1024;
const MAX_BLOCK_SIZE = 2 * 1024 * 1024 * 1024;
const MEM_SIZE_FOR_LARGE_BLOCK = 64 * 1024 * 1024 * 1024;
export const MAX_DMA_PFN = 0x1000;
export const MAX_DMA32_PFN = 0x100000;
/** sizeof(struct page). */
export const STRUCT_PAGE_SIZE = 64;

/** A range of page frames [start, end). */
export interface PfnRange {
	start: number;
	end: number;
}

/**
 * The kernel image as this Debian 6.1.0-57-amd64 build lays it out (iomem Kernel code /
 * rodata / data / bss), and what free_initmem() and friends give back after boot.
 */
/** The initramfs image (freed by populate_rootfs() after unpacking): about 1 MiB compressed. */
export const INITRD_PAGES = 256;
/** "Freeing SMP alternatives memory: 36K": check_bugs() frees it after rootfs is mounted, before the initcalls (devtmpfs, the watermarks). */
export const SMP_ALTERNATIVES_PAGES = 9;

export const KERNEL_IMAGE = {
	text: 0x1000000,
	/** __end_of_kernel_reserve (= __bss_stop): memblock reserves [_text, here). */
	end: 0x4400000,
	code: [0x1000000, 0x1e01d31],
	rodata: [0x2000000, 0x28eafff],
	data: [0x2a00000, 0x2c4897f],
	bss: [0x3310000, 0x43fffff],
	/** Freed late, in KiB, in the order the kernel frees them: check_bugs()'s SMP alternatives,
	 *  free_initmem()'s unused decrypted bss and init sections, mark_rodata_ro()'s two gaps. */
	lateFreedKb: {smpAlternatives: 36, decrypted: 2036, initmem: 2824, textRodataGap: 2040, rodataDataGap: 1108},
} as const;

/** All of KERNEL_IMAGE.lateFreedKb. */
export const KERNEL_LATE_FREED_KB = Object.values(KERNEL_IMAGE.lateFreedKb).reduce((a, b) => a + b, 0);

/** The kernel image's init sections (with the SMP alternatives), freed after boot's allocations, one page at a time. */
export const IMAGE_FREED_PAGES = Math.floor(KERNEL_LATE_FREED_KB / 4);
/** Pages freed after boot's allocations, one by one: the kernel image's init sections and the initrd. */
export const LATE_FREED_PAGES = IMAGE_FREED_PAGES + INITRD_PAGES;

/** totalram_pages() while the initcalls run: check_bugs() has freed the SMP alternatives, free_initmem() and the initrd not yet. */
export function totalramAtInitcalls(bootTotalramPages: number): number {
	return bootTotalramPages - (LATE_FREED_PAGES - SMP_ALTERNATIVES_PAGES);
}

/** reserve_brk(): the brk area after __end_of_kernel_reserve, the early page tables' buffer (pgt_buf) in it. */
export const KERNEL_BRK = {start: 0x4400000, end: 0x4411000};

/**
 * Where an initrd of `pages` pages ends up: QEMU's linuxboot_dma.bin option ROM moves it to the
 * end of memory as the BIOS reports it (`(get_e801_addr() - initrd_size) & -4096`: INT 15h E801
 * counts 64 KiB units, so the top of SeaBIOS's usable RAM below 4 GiB rounded down to 64 KiB).
 * The recorded 512M run (a 2192K initrd, `RAMDISK: [mem 0x1fdbc000-0x1ffdffff]`) ends at
 * below_4g - 0x20000; a q35 board whose AHCI has the CD-ROM keeps a page more (usable up to
 * below_4g - 0x21000) and the initrd ends 0x30000 below (lab s61/q35: `0x3fed4000-0x3ffcffff` at
 * 1G), without the CD-ROM 0x20000 below (s62/q35v-nodef2). A compressed cpio is not a whole
 * number of pages: its last page is partial, so the page-aligned end is that top.
 */
export function initrdRange(boot: FirmwareBootInfo, pages: number): ByteRange {
	const usableTop = Math.max(...boot.e820.filter(e => e.type === 'usable' && e.addr + e.size <= 2 ** 32).map(e => e.addr + e.size));
	const end = Math.floor(usableTop / 0x10000) * 0x10000;
	return {start: end - pages * PAGE_SIZE, end};
}

/**
 * The bzImage's setup header: the decompressor writes the kernel at pref_address (16 MiB,
 * LOAD_PHYSICAL_ADDR, with nokaslr and without) and needs init_size bytes from there, its
 * image, bss and brk and its own buffers (0x3f98000 for this build).
 */
export const BZIMAGE = {prefAddress: 0x1000000, initSize: 0x3f98000} as const;

/**
 * Why this kernel cannot come up in a machine's RAM, if it cannot. Lab runs of the same
 * bzImage (/work/lab, -m 8M to 96M): below 16 MiB + init_size of low RAM the decompressor runs
 * off the end of RAM and the machine resets and boots again and again (SeaBIOS, `Booting from
 * ROM...`, at 8M to 72M); with room for it but not for QEMU's initrd above it, the kernel's bss
 * clearing overwrites the initrd (80M: `RAMDISK: [mem 0x04ee4000-0x04fdffff]`, `Initramfs
 * unpacking failed: invalid magic at start of compressed archive`, then `Kernel panic - not
 * syncing: VFS: Unable to mount root fs on unknown-block(0,0)`); 84M boots.
 */
export function bootFailure(boot: FirmwareBootInfo, initrdPages = INITRD_PAGES): {kind: 'reset-loop' | 'initrd-overwritten'; kernelEnd: number; initrd: ByteRange} | undefined {
	const kernelEnd = BZIMAGE.prefAddress + BZIMAGE.initSize;
	const initrd = initrdRange(boot, initrdPages);
	if (boot.ramBelow4g < kernelEnd) return {kind: 'reset-loop', kernelEnd, initrd};
	if (initrd.start < kernelEnd) return {kind: 'initrd-overwritten', kernelEnd, initrd};
	return undefined;
}

export interface EarlyLayout {
	/** Where the initrd is once reserve_initrd() ran (moved when QEMU's copy lies outside the RAM memblock knows). */
	ramdisk: ByteRange;
	/** QEMU's copy, when relocate_initrd() moved it (`mem=` cut the RAM it was loaded into). */
	ramdiskMovedFrom?: ByteRange;
	nodeData: ByteRange | undefined;
	/** The bounce buffer memblock_alloc_low() found, if any (64 MiB, or less on a small guest). */
	swiotlb: ByteRange | undefined;
}
/** percpu first chunk kept per possible CPU: "Embedded 62 pages/cpu". */
export const PERCPU_PAGES_PER_CPU = 62;
/**
 * pcpu_nr_populated at the shell prompt: the first chunk's 62 pages (pcpu_setup_first_chunk()
 * counts PFN_DOWN(size_sum)) and 3 pages of a second chunk that boot populated. /proc/meminfo's
 * Percpu is this times pcpu_nr_units (the lab: 260 kB with one CPU, 520 kB with two, at 512 MiB
 * to 8 GiB).
 */
const PERCPU_POPULATED_PAGES = PERCPU_PAGES_PER_CPU + 3;

/** pcpu_build_alloc_info() for `cpus` CPUs of this kernel's first chunk (static 217088 + reserved 8192 + dynamic 28672 bytes). */
export function percpuFirstChunk(cpus: number): {upa: number; unitSize: number; nrUnits: number; sizeSum: number} {
	const sizeSum = PERCPU_PAGES_PER_CPU * PAGE_SIZE;
	return {...percpuAllocInfo(cpus, sizeSum), sizeSum};
}
/** IO_TLB_DEFAULT_SIZE, in slabs of 1 << IO_TLB_SHIFT bytes. */
export const SWIOTLB_BYTES = 64 * 1024 * 1024;
export const IO_TLB_SLAB_BYTES = 2048;

/**
 * The kernel's e820_table after trim_bios_range()'s first update: page 0 is reserved, which
 * splits the usable entry it starts (`e820: update [mem 0x00000000-0x00000fff] usable ==> reserved`).
 */
function e820WithPageZeroReserved(table: readonly E820Entry[]): E820Entry[] {
	const first = table[0];
	if (!first || first.addr !== 0 || first.type !== 'usable' || first.size <= PAGE_SIZE) return [...table];
	return [{addr: 0, size: PAGE_SIZE, type: 'reserved'}, {...first, addr: PAGE_SIZE, size: first.size - PAGE_SIZE}, ...table.slice(1)];
}

/**
 * e820__register_nosave_regions(max_pfn): the holes between e820 entries and the non-RAM entries
 * below max_pfn; register_nosave_region() extends the last region when the next one starts where
 * it ends, and allocates a new one otherwise.
 */
function nosaveRegionCount(table: readonly E820Entry[], limitPfn: number): number {
	let count = 0;
	let lastEnd = -1;
	const register = (start: number, end: number) => {
		if (start >= end) return;
		if (lastEnd === start) {
			lastEnd = end;
			return;
		}
		count++;
		lastEnd = end;
	};
	let pfn = 0;
	for (const e of table) {
		const up = Math.ceil(e.addr / PAGE_SIZE);
		if (pfn < up) register(pfn, up);
		pfn = Math.floor((e.addr + e.size) / PAGE_SIZE);
		if (e.type !== 'usable') register(up, pfn);
		if (pfn >= limitPfn) break;
	}
	return count;
}

const utf8Bytes = (s: string): number => new TextEncoder().encode(s).length;

/** Present (usable) page ranges from the e820 map, as e820__memblock_setup() registers them. */
export function presentRanges(e820: readonly E820Entry[]): PfnRange[] {
	const out: PfnRange[] = [];
	for (const e of e820) {
		if (e.type !== 'usable') continue;
		// e820__memory_setup() marks page 0 reserved; partial pages are dropped.
		const start = Math.max(1, Math.ceil(e.addr / PAGE_SIZE));
		const end = Math.floor((e.addr + e.size) / PAGE_SIZE);
		if (end > start) out.push({start, end});
	}
	return out.sort((a, b) => a.start - b.start);
}

export function overlap(a: PfnRange, start: number, end: number): number {
	return Math.max(0, Math.min(a.end, end) - Math.max(a.start, start));
}

export function countPresent(ranges: PfnRange[], start: number, end: number): number {
	let n = 0;
	for (const r of ranges) n += overlap(r, start, end);
	return n;
}

/** arch/x86/mm/init_64.c probe_memory_block_size() (TCG sets X86_FEATURE_HYPERVISOR). */
export function probeMemoryBlockSize(maxPfn: number, hypervisor = true): number {
	const bootMemEnd = maxPfn * PAGE_SIZE;
	if (bootMemEnd < MEM_SIZE_FOR_LARGE_BLOCK) return MIN_MEMORY_BLOCK_SIZE;
	if (!hypervisor) return MAX_BLOCK_SIZE;
	let bz = MAX_BLOCK_SIZE;
	for (; bz > MIN_MEMORY_BLOCK_SIZE; bz /= 2) {
		if (bootMemEnd % bz === 0) break;
	}
	return bz;
}

/** calc_memmap_size(): pages of struct page a zone is charged for. */
export function calcMemmapSize(spanned: number, present: number): number {
	const pages = spanned > present + Math.floor(present / 16) ? present : spanned;
	return Math.ceil((pages * STRUCT_PAGE_SIZE) / PAGE_SIZE);
}

/** Number of memory sections with present pages (each gets a memmap and a usemap). */
export function presentSections(present: readonly PfnRange[]): number {
	const sections = new Set<number>();
	for (const r of present) {
		for (let s = Math.floor(r.start / PAGES_PER_SECTION); s * PAGES_PER_SECTION < r.end; s++) sections.add(s);
	}
	return sections.size;
}

/** The zone ranges of free_area_init() on x86_64 (ZONE_DMA < 16M, ZONE_DMA32 < 4G). */
export function zoneLimits(maxPfn: number): {name: 'DMA' | 'DMA32' | 'Normal'; start: number; end: number}[] {
	return [
		{name: 'DMA', start: 0, end: Math.min(MAX_DMA_PFN, maxPfn)},
		{name: 'DMA32', start: MAX_DMA_PFN, end: Math.min(MAX_DMA32_PFN, maxPfn)},
		{name: 'Normal', start: MAX_DMA32_PFN, end: Math.max(MAX_DMA32_PFN, maxPfn)},
	];
}

/** MAX_ORDER_NR_PAGES (MAX_ORDER 11): ZONE_MOVABLE starts on a 4 MiB boundary. */
export const MAX_ORDER_NR_PAGES = 1024;

/** A zone as free_area_init() sized it at boot: its span [start, end) and present pages. */
export interface BootZone {
	name: 'DMA' | 'DMA32' | 'Normal' | 'Movable';
	start: number;
	end: number;
	present: number;
}

/**
 * cmdline_parse_kernelcore()/cmdline_parse_movablecore() for each value in turn: `N%` (simple_strtoull
 * then `%`) sets the percentage, anything else is memparse()d to pages and clears it;
 * `kernelcore=mirror` (parse_option_str()) only sets mirrored_kernelcore.
 */
export function coreParams(early: readonly {key: string; val?: string}[]): {kernelcore: number; kernelcorePercent: number; movablecore: number; movablecorePercent: number; mirror: boolean} {
	const c = {kernelcore: 0, kernelcorePercent: 0, movablecore: 0, movablecorePercent: 0, mirror: false};
	for (const {key, val} of early) {
		if ((key !== 'kernelcore' && key !== 'movablecore') || val === undefined) continue;
		if (key === 'kernelcore' && val.split(',').includes('mirror')) {
			c.mirror = true;
			continue;
		}
		// Value may be a percentage of total memory, otherwise bytes.
		const n = simpleStrtoull(val);
		if (n.rest[0] === '%') {
			if (key === 'kernelcore') c.kernelcorePercent = Number(n.value);
			else c.movablecorePercent = Number(n.value);
		} else {
			const pages = Number(memparse(val).value >> 12n);
			if (key === 'kernelcore') [c.kernelcore, c.kernelcorePercent] = [pages, 0];
			else [c.movablecore, c.movablecorePercent] = [pages, 0];
		}
	}
	return c;
}

/**
 * find_zone_movable_pfns_for_nodes() with one node: where ZONE_MOVABLE starts (0: none), and what
 * it printed. movable_node ignores kernelcore= and movablecore= (no boot memory is hotpluggable
 * here: QEMU's SRAT marks only the device-memory range, which memblock does not hold);
 * kernelcore=mirror finds no mirrored memory. Otherwise kernel memory is counted from the lowest
 * pfn up, everything below the highest zone's start counting as kernel memory, and the start is
 * rounded up to MAX_ORDER_NR_PAGES; a start at or past the node's end means no ZONE_MOVABLE.
 */
export function findZoneMovablePfn(present: readonly PfnRange[], maxPfn: number, early: readonly {key: string; val?: string}[], movableNode: boolean): {pfn: number; log: [number, string][]} {
	const c = coreParams(early);
	const log: [number, string][] = [];
	// find_usable_zone_for_movable(): the highest zone with a non-empty arch range.
	const lims = zoneLimits(maxPfn).filter(z => z.end > z.start);
	const usableStart = lims.length ? lims[lims.length - 1]!.start : 0;
	if (movableNode) return {pfn: 0, log};
	if (c.mirror) {
		log.push([4, 'The system has no mirror memory, ignore kernelcore=mirror.']);
		return {pfn: 0, log};
	}
	const totalpages = present.reduce((n, r) => n + r.end - r.start, 0);
	let requiredKernelcore = c.kernelcore;
	let requiredMovablecore = c.movablecore;
	if (c.kernelcorePercent) requiredKernelcore = Math.floor((totalpages * 100 * c.kernelcorePercent) / 10000);
	if (c.movablecorePercent) requiredMovablecore = Math.floor((totalpages * 100 * c.movablecorePercent) / 10000);
	if (requiredMovablecore) {
		// Round up so that ZONE_MOVABLE is at least as large as what was asked for.
		requiredMovablecore = Math.min(totalpages, Math.ceil(requiredMovablecore / MAX_ORDER_NR_PAGES) * MAX_ORDER_NR_PAGES);
		requiredKernelcore = Math.max(requiredKernelcore, totalpages - requiredMovablecore);
	}
	if (!requiredKernelcore || requiredKernelcore >= totalpages) return {pfn: 0, log};
	let pfn = 0;
	let remaining = requiredKernelcore;
	for (const r of present) {
		let start = Math.max(r.start, pfn);
		const end = r.end;
		if (start >= end) continue;
		if (start < usableStart) {
			// What lies below the highest zone is only usable as kernel memory.
			const kernelPages = Math.min(end, usableStart) - start;
			remaining -= Math.min(kernelPages, remaining);
			if (end <= usableStart) {
				pfn = end;
				continue;
			}
			start = usableStart;
		}
		const size = Math.min(end - start, remaining);
		pfn = start + size;
		remaining -= size;
		if (!remaining) break;
	}
	pfn = Math.ceil(pfn / MAX_ORDER_NR_PAGES) * MAX_ORDER_NR_PAGES;
	// "mm/page_alloc: don't create ZONE_MOVABLE beyond the end of a node".
	if (pfn >= maxPfn) pfn = 0;
	return {pfn, log};
}

/**
 * zone_spanned_pages_in_node() and adjust_zone_range_for_zone_movable(): each zone's span within the
 * node (from the node's first present page to max_pfn), a zone reaching past ZONE_MOVABLE's start cut
 * there, one starting above it empty, and ZONE_MOVABLE from its start to the node's end. Only
 * populated zones are returned, lowest first.
 */
export function bootZones(present: readonly PfnRange[], maxPfn: number, movablePfn: number): BootZone[] {
	const out: BootZone[] = [];
	for (const lim of zoneLimits(maxPfn)) {
		const inZone = present.filter(r => r.end > lim.start && r.start < lim.end);
		if (!inZone.length) continue;
		// zone_spanned_pages_in_node(): the zone's possible range clamped to the node's span (its
		// first present page to max_pfn), so DMA32 reaches 4 GiB when RAM goes on above the hole.
		let start = Math.max(present[0]!.start, lim.start);
		let end = Math.min(maxPfn, lim.end);
		if (movablePfn) {
			if (start < movablePfn && end > movablePfn) end = movablePfn;
			else if (start >= movablePfn) start = end;
		}
		const p = countPresent(present as PfnRange[], start, end);
		if (p) out.push({name: lim.name, start, end, present: p});
	}
	if (movablePfn) {
		const p = countPresent(present as PfnRange[], movablePfn, maxPfn);
		if (p) out.push({name: 'Movable', start: movablePfn, end: maxPfn, present: p});
	}
	return out;
}

/** One memblock reservation that survives boot, with where it sits. */
export interface Reservation {
	what: string;
	start: number;
	end: number;
}

export interface BootMemory {
	present: PfnRange[];
	maxPfn: number;
	/** The populated zones as free_area_init() sized them (ZONE_MOVABLE of kernelcore=/movablecore= included). */
	zones: BootZone[];
	/** zone_movable_pfn[0]: where a boot ZONE_MOVABLE starts (0: none), and what finding it printed. */
	movablePfn: number;
	movableLog: [level: number, text: string][];
	presentPages: number;
	/** nr_kernel_pages of free_area_init_core(). */
	nrKernelPages: number;
	blockSizeBytes: number;
	reservations: Reservation[];
	reservedPages: number;
	/** totalram_pages() once boot finished (MemTotal). */
	totalramPages: number;
	/** x86_swiotlb_enable: max_possible_pfn (SRAT hotplug ranges included) is above 4 GiB. */
	swiotlb: boolean;
	/** The bounce buffer was allocated (memblock_alloc_low() found room below 4 GiB, perhaps for a smaller one). */
	swiotlbMapped: boolean;
	/** The buffer sizes (bytes) that found no room first, in order: each one a warning in the boot log. */
	swiotlbFailedBytes: number[];
	/** Where the early allocations the boot log names landed (memblock-alloc.ts). */
	layout: EarlyLayout;
	dentryHashBytes: number;
	inodeHashBytes: number;
	/** pcpu_nr_pages(): what /proc/meminfo calls Percpu, in pages. */
	percpuPages: number;
	/** The initrd's pages in pageblocks deferred struct page init left MIGRATE_UNMOVABLE (initrdUnmovablePages()). */
	initrdUnmovablePages: number;
}

/** pageblock_nr_pages (2 MiB). */
const PAGEBLOCK_PAGES = 512;

/**
 * Deferred struct page init (CONFIG_DEFERRED_STRUCT_PAGE_INIT, on in Debian's kernel): in the
 * node's last zone defer_init() stops memmap_init() at the first section boundary past one
 * section of pages, and deferred_init_memmap() initializes the rest later, setting a pageblock
 * MIGRATE_MOVABLE only as deferred_free_range() frees its first page. A pageblock that begins
 * with a page memblock still holds (an allocation, the initrd) keeps the zeroed flags,
 * MIGRATE_UNMOVABLE; memmap_init_range() marks every earlier pageblock movable. This counts the
 * initrd's pages that lie in such pageblocks: populate_rootfs() frees them onto the UNMOVABLE pcp
 * list, where the kernel's next allocations find them (lab s38/odd: at 777M the initrd crosses
 * into the last, partial pageblock, which begins inside it, and boot refilled that list seven
 * batches of 31 fewer than at 776M; `trace_event=kmem:mm_page_alloc_zone_locked`).
 */
function initrdUnmovablePages(zones: readonly BootZone[], reserved: readonly {start: number; end: number; what: string}[]): number {
	const last = zones.at(-1);
	const initrd = reserved.find(r => r.what === 'initrd');
	if (!last || !initrd) return 0;
	// memmap_init_range() counts the zone's pages from its start (its memory ranges are contiguous here)
	const firstDeferred = Math.ceil((last.start + PAGES_PER_SECTION) / PAGES_PER_SECTION) * PAGES_PER_SECTION;
	const held = (pfn: number) => reserved.some(r => r.start < (pfn + 1) * PAGE_SIZE && r.end > pfn * PAGE_SIZE);
	let pages = 0;
	for (let pfn = Math.floor(initrd.start / PAGE_SIZE); pfn < Math.ceil(initrd.end / PAGE_SIZE); pfn++) {
		const block = pfn - (pfn % PAGEBLOCK_PAGES);
		if (pfn >= last.start && block >= firstDeferred && held(block)) pages++;
	}
	return pages;
}

/**
 * memblock at the end of boot: which physical pages stay reserved. The kernel image and the
 * first MiB are fixed; memmap, the early hash tables, percpu, page tables and misc allocations are
 * carved top-down from the end of RAM (memblock's default direction); swiotlb top-down below 4 GiB.
 */
export function bootMemory(boot: FirmwareBootInfo, e820: readonly E820Entry[] = boot.e820,
	core: {early: readonly {key: string; val?: string}[]; movableNode: boolean} = {early: [], movableNode: false},
	initrdPages = INITRD_PAGES): BootMemory {
	const present = presentRanges(e820);
	const maxPfn = present.length ? present[present.length - 1].end : 0;
	const presentPages = present.reduce((n, r) => n + r.end - r.start, 0);
	const movable = findZoneMovablePfn(present, maxPfn, core.early, core.movableNode);
	const zones = bootZones(present, maxPfn, movable.pfn);
	let nrKernelPages = 0;
	// free_area_init_core(): every zone's present pages less its memmap count as kernel pages
	// (ZONE_MOVABLE too: it is not highmem on x86_64).
	for (const z of zones) {
		const p = z.present;
		const spanned = z.end - z.start;
		const memmap = calcMemmapSize(spanned, p);
		let freesize = p >= memmap ? p - memmap : p;
		// dma_reserve (memblock_find_dma_reserve()): the pages of the first 16 MiB memblock holds
		// reserved during setup_arch(), which are the whole first MiB; ZONE_DMA's freesize loses them.
		const dmaReserve = countPresent(present, 0, 256);
		if (z.name === 'DMA' && freesize > dmaReserve) freesize -= dmaReserve;
		nrKernelPages += freesize;
	}
	const maxPossiblePfn = Math.max(maxPfn, boot.hotplugRange ? (boot.hotplugRange.base + boot.hotplugRange.size) / PAGE_SIZE : 0);
	const swiotlb = maxPossiblePfn > MAX_DMA32_PFN;
	const dentry = largeSystemHash(DENTRY_HASH, nrKernelPages).bytes;
	const inode = largeSystemHash(INODE_HASH, nrKernelPages).bytes;
	const percpu = percpuFirstChunk(Math.max(1, boot.cpus));
	// pcpu_nr_pages(): populated pages times every unit of the groups, unused ones included.
	const percpuPages = PERCPU_POPULATED_PAGES * percpu.nrUnits;

	const reservations: Reservation[] = [];
	const low = countPresent(present, 0, 256);
	if (low) reservations.push({what: 'first 1MiB', start: 0, end: 256});
	const kernelPages = (KERNEL_IMAGE.end - KERNEL_IMAGE.text) / PAGE_SIZE - KERNEL_LATE_FREED_KB / 4;
	reservations.push({what: 'kernel image', start: KERNEL_IMAGE.text / PAGE_SIZE, end: KERNEL_IMAGE.text / PAGE_SIZE + kernelPages});
	reservations.push({what: 'brk', start: KERNEL_BRK.start / PAGE_SIZE, end: KERNEL_BRK.end / PAGE_SIZE});
	const fixed = [
		{start: 0, end: 256 * PAGE_SIZE, what: 'first 1MiB'},
		{start: KERNEL_IMAGE.text, end: KERNEL_IMAGE.end, what: 'kernel image'},
		{start: KERNEL_BRK.start, end: KERNEL_BRK.end, what: 'brk'},
	];
	const kernelTable = e820WithPageZeroReserved(e820);
	const early = earlyAllocations({
		// The initrd is reserved until populate_rootfs() frees it: not part of the final picture.
		present, fixed, initrd: initrdRange(boot, initrdPages), brk: KERNEL_BRK, cpus: Math.max(1, boot.cpus),
		// setup_command_line(): saved_command_line and static_command_line, each strlen + 1.
		cmdlineBytes: utf8Bytes(boot.cmdline) + 1,
		e820Entries: kernelTable.length, firmwareEntries: boot.e820.length,
		nosaveRegions: nosaveRegionCount(kernelTable, maxPfn),
		dentryHashBytes: dentry, inodeHashBytes: inode,
		percpu,
		swiotlb, swiotlbSlabs: SWIOTLB_BYTES / IO_TLB_SLAB_BYTES,
		...(core.movableNode ? {bottomUpFrom: KERNEL_BRK.end} : {}),
	});

	// What memblock still holds at memblock_free_all(), besides the fixed ranges above, in whole
	// pages (a page any allocation touches stays reserved): allocations sharing a page make one
	// range, named after the first.
	const ranges = early.memblock.reserved
		.filter(r => r.what !== 'initrd' && !fixed.some(f => f.what === r.what))
		.map(r => ({what: r.what, start: Math.floor(r.start / PAGE_SIZE), end: Math.ceil(r.end / PAGE_SIZE)}))
		.sort((a, b) => a.start - b.start);
	for (const r of ranges) {
		const last = reservations.at(-1);
		if (last && !fixed.some(f => f.what === last.what) && r.start < last.end) last.end = Math.max(last.end, r.end);
		else reservations.push(r);
	}
	let reservedPages = 0;
	for (const res of reservations) reservedPages += countPresent(present, res.start, res.end);
	return {
		present, maxPfn, presentPages, nrKernelPages, zones, movablePfn: movable.pfn, movableLog: movable.log,
		blockSizeBytes: probeMemoryBlockSize(maxPfn),
		reservations, reservedPages, totalramPages: presentPages - reservedPages, swiotlb, swiotlbMapped: early.swiotlb !== undefined, swiotlbFailedBytes: early.swiotlbFailedBytes,
		layout: {ramdisk: early.ramdisk, ...(early.ramdiskMovedFrom ? {ramdiskMovedFrom: early.ramdiskMovedFrom} : {}), nodeData: early.nodeData, swiotlb: early.swiotlb},
		dentryHashBytes: dentry, inodeHashBytes: inode, percpuPages,
		initrdUnmovablePages: initrdUnmovablePages(zones, early.memblock.reserved),
	};
}
