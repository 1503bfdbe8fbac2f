/**
 * memblock's allocator and the allocations this x86_64 6.1 kernel makes from it between
 * e820__memblock_setup() and memblock_free_all(), in their order, so that which pages stay
 * reserved (and so MemTotal) follows the real kernel at any RAM size. Recorded in the lab with
 * `memblock=debug` at 1, 2, 2.5, 3, 4, 8, 12 and 20 GiB: every address this replays is the one the
 * kernel printed, and MemTotal then differs from present pages by one constant (the kernel
 * image, its brk, the first MiB) at all the sizes measured from 512 MiB to 20 GiB.
 *
 * Two things here are not obvious from a size-by-size table: the direct map's page tables come
 * from the brk buffer except while mapping the range that holds that buffer, which then takes
 * them from memblock (0 pages at 1 or 2.5 GiB, 1 at 3 GiB, 3 from 4 GiB on); and the small
 * allocations share pages, so whether a usemap of 56 bytes per section leaves room for the next
 * ones decides a page more or less.
 */
import type {PfnRange} from './memblock.js';
import {roundupPow2} from './large-hash.js';

const PAGE = 4096;
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
export const PMD_SIZE = 2 * MiB;
const SECTION_SHIFT = 27;

interface Region {
	start: number;
	end: number;
	what: string;
}

const roundDown = (x: number, a: number) => Math.floor(x / a) * a;

/** memblock.memory and memblock.reserved, byte ranges; allocation is top-down first fit. */
export class Memblock {
	readonly reserved: Region[] = [];

	constructor(readonly memory: readonly {start: number; end: number}[]) {}

	reserve(start: number, end: number, what: string): void {
		this.reserved.push({start, end, what});
	}

	/** memblock_phys_free(): the range leaves memblock.reserved. */
	free(start: number, end: number): void {
		const keep: Region[] = [];
		for (const r of this.reserved) {
			if (r.end <= start || r.start >= end) {
				keep.push(r);
				continue;
			}
			if (r.start < start) keep.push({start: r.start, end: start, what: r.what});
			if (end < r.end) keep.push({start: end, end: r.end, what: r.what});
		}
		this.reserved.splice(0, this.reserved.length, ...keep);
	}

	/** The free ranges of memory inside [lo, hi), highest first. */
	private freeRanges(lo: number, hi: number): {start: number; end: number}[] {
		const out: {start: number; end: number}[] = [];
		const sorted = [...this.reserved].sort((a, b) => a.start - b.start);
		for (const m of this.memory) {
			let cur = Math.max(m.start, lo);
			const end = Math.min(m.end, hi);
			for (const r of sorted) {
				if (cur >= end) break;
				if (r.end <= cur || r.start >= end) continue;
				if (r.start > cur) out.push({start: cur, end: r.start});
				cur = Math.max(cur, r.end);
			}
			if (cur < end) out.push({start: cur, end});
		}
		return out.sort((a, b) => b.end - a.end);
	}

	/** __memblock_find_range_bottom_up(): the lowest aligned place of `size` bytes at or above `lo`. */
	allocBottomUp(size: number, align: number, what: string, lo: number): number | undefined {
		for (const r of this.freeRanges(Math.max(lo, PAGE), Number.MAX_SAFE_INTEGER).reverse()) {
			const at = Math.ceil(r.start / align) * align;
			if (at + size <= r.end) {
				this.reserve(at, at + size, what);
				return at;
			}
		}
		return undefined;
	}

	/**
	 * memblock_alloc_range_nid() -> __memblock_find_range_top_down(): the highest aligned place
	 * of `size` bytes in a free range inside [lo, hi) (never page 0), reserved at once.
	 */
	alloc(size: number, align: number, what: string, lo = 0, hi = Number.MAX_SAFE_INTEGER): number | undefined {
		for (const r of this.freeRanges(Math.max(lo, PAGE), hi)) {
			const at = roundDown(r.end - size, align);
			if (at >= r.start) {
				this.reserve(at, at + size, what);
				return at;
			}
		}
		return undefined;
	}
}

/** INIT_PGT_BUF_SIZE with CONFIG_X86_5LEVEL and CONFIG_RANDOMIZE_MEMORY: 4 * 4 pages of brk. */
export const PGT_BUF_PAGES = 16;

/**
 * init_mem_mapping() after init_memory_mapping(0, ISA_END_ADDRESS): how many page-table pages
 * the direct map takes from memblock. The ISA mapping made the PUD page, the first PMD page and
 * the first PTE page (from the brk buffer); the rest maps 2 MiB pages, a PMD page per GiB and a
 * PTE page for a range edge that is not 2 MiB aligned. alloc_low_pages() serves them from the
 * brk buffer while it lasts, unless the range being mapped overlaps that buffer
 * (can_use_brk_pgt). memory_map_top_down() maps down from `realEnd` (a free PMD at the top) in
 * growing steps; with movable_node memblock is bottom-up until the SRAT is parsed, and
 * memory_map_bottom_up() maps [kernel end, top) first, then [1 MiB, kernel end).
 */
export function directMapMemblockPages(memory: readonly {start: number; end: number}[], realEnd: number, brk: {start: number; end: number},
	bottomUp?: {kernelEnd: number}): number {
	const pmds = new Set<number>([0]);
	const ptes = new Set<number>([0]);
	let brkLeft = PGT_BUF_PAGES - 3;
	let fromMemblock = 0;
	const mapRange = (a: number, b: number): number => {
		let mapped = 0;
		for (const m of memory) {
			const start = Math.max(m.start, a);
			const end = Math.min(m.end, b);
			if (start >= end) continue;
			mapped += end - start;
			const canUseBrk = Math.max(start, brk.start) >= Math.min(end, brk.end);
			const page = () => {
				if (canUseBrk && brkLeft > 0) brkLeft--;
				else fromMemblock++;
			};
			for (let g = Math.floor(start / GiB); g <= Math.floor((end - 1) / GiB); g++) {
				if (!pmds.has(g)) {
					pmds.add(g);
					page();
				}
			}
			for (const edge of [start % PMD_SIZE ? Math.floor(start / PMD_SIZE) : -1, end % PMD_SIZE ? Math.floor((end - 1) / PMD_SIZE) : -1]) {
				if (edge >= 0 && !ptes.has(edge)) {
					ptes.add(edge);
					page();
				}
			}
		}
		return mapped;
	};
	const mapStart = MiB;
	const end = memory.length ? memory[memory.length - 1]!.end : 0;
	// get_new_step_size(): PMD_SHIFT - PAGE_SHIFT - 1 bits more each time.
	const grow = (step: number) => step * 256;
	if (bottomUp) {
		const up = (from: number, to: number) => {
			let step = PMD_SIZE;
			let mapped = 0;
			for (let start = from; start < to;) {
				const next = to - start > step ? Math.min(Math.ceil((start + 1) / step) * step, to) : to;
				mapped += mapRange(start, next);
				start = next;
				if (mapped >= step) step = grow(step);
			}
		};
		up(bottomUp.kernelEnd, end);
		up(mapStart, bottomUp.kernelEnd);
		return fromMemblock;
	}
	let step = PMD_SIZE;
	let last = realEnd;
	let mapped = 0;
	while (last > mapStart) {
		let start = last > step ? roundDown(last - 1, step) : mapStart;
		if (start < mapStart) start = mapStart;
		mapped += mapRange(start, last);
		last = start;
		if (mapped >= step) step = grow(step);
	}
	if (realEnd < end) mapRange(realEnd, end);
	return fromMemblock;
}

export interface ByteRange {
	start: number;
	end: number;
}

export interface EarlyAllocInput {
	/** memblock.memory as pfn ranges. */
	present: readonly PfnRange[];
	/** Reserved before the first logged allocation: [start, end) bytes with their names. */
	fixed: readonly Region[];
	/** Where QEMU loaded the initrd (early_reserve_initrd() reserves it wherever it is). */
	initrd: ByteRange;
	/** The brk buffer holding the early page tables (pgt_buf). */
	brk: {start: number; end: number};
	cpus: number;
	cmdlineBytes: number;
	/** e820_table / e820_table_firmware entries, and nosave regions registered. */
	e820Entries: number;
	firmwareEntries: number;
	nosaveRegions: number;
	dentryHashBytes: number;
	inodeHashBytes: number;
	/** pcpu_build_alloc_info(): units of one group and their size. */
	percpu: {nrUnits: number; unitSize: number; sizeSum: number};
	/** swiotlb_init(): a bounce buffer is wanted (RAM or hotplug range above 4 GiB), of this many 2 KiB slabs at first. */
	swiotlb: boolean;
	swiotlbSlabs: number;
	/** movable_node: memblock is bottom-up from the kernel's end (`_end`) until the SRAT is parsed. */
	bottomUpFrom?: number;
}

export interface EarlyAllocResult {
	memblock: Memblock;
	/** Where the initrd is once reserve_initrd() ran, and QEMU's copy when relocate_initrd() moved it. */
	ramdisk: ByteRange;
	ramdiskMovedFrom?: ByteRange;
	/** Where NODE_DATA(0) landed (the boot log prints it). */
	nodeData: ByteRange | undefined;
	/** The bounce buffer memblock_alloc_low() found below 4 GiB, if any. */
	swiotlb: ByteRange | undefined;
	/** The sizes (bytes) swiotlb_memblock_alloc() tried and did not find, in order. */
	swiotlbFailedBytes: number[];
	/** Page-table pages init_mem_mapping() took from memblock. */
	directMapPages: number;
}

/** The percpu first chunk is allocated in PMD-size atoms. */
const PERCPU_ATOM = PMD_SIZE;

/** pcpu_build_alloc_info(): units per allocation and unit size for one node of `cpus` CPUs whose areas need `sizeSum` bytes. */
export function percpuAllocInfo(cpus: number, sizeSum: number): {upa: number; unitSize: number; nrUnits: number} {
	const minUnit = Math.max(sizeSum, 32 * 1024);
	const allocSize = Math.ceil(minUnit / PERCPU_ATOM) * PERCPU_ATOM;
	const ok = (upa: number) => allocSize % upa === 0 && (allocSize / upa) % PAGE === 0;
	let maxUpa = Math.floor(allocSize / minUnit);
	while (!ok(maxUpa)) maxUpa--;
	let best = 0;
	let lastAllocs = Infinity;
	for (let upa = maxUpa; upa > 0; upa--) {
		if (!ok(upa)) continue;
		const allocs = Math.ceil(cpus / upa);
		const wasted = allocs * upa - cpus;
		// Don't accept if wastage is over 1/3; and then don't consume more memory.
		if (wasted > Math.floor(cpus / 3)) continue;
		if (allocs > lastAllocs) break;
		lastAllocs = allocs;
		best = upa;
	}
	return {upa: best, unitSize: allocSize / best, nrUnits: Math.ceil(cpus / best) * best};
}

/** sizeof(pg_data_t), page-rounded: NODE_DATA(0) is 0x2b000 long. */
export const NODE_DATA_BYTES = 0x2b000;
/** sizeof(struct mem_section_usage) + the pageblock flags of a section. */
const USEMAP_BYTES_PER_SECTION = 56;
/**
 * The mem_section root array (sparse_init()): NR_SECTION_ROOTS pointers, 2^(46-27) sections (four-
 * level paging at run time) in roots of SECTIONS_PER_ROOT = PAGE_SIZE / sizeof(struct mem_section),
 * 32 bytes here: a root page per 16 GiB of physical address space (the lab's 20G guest has two).
 */
const SECTION_ROOTS_BYTES = 32768;
const SECTIONS_PER_ROOT = 128;
/** vmemmap: a PMD page maps 1 GiB of struct pages, 512 sections' memmap. */
const SECTIONS_PER_VMEMMAP_PMD = 512;
/** pcpu_setup_first_chunk()'s slot lists and pcpu_alloc_first_chunk()'s two chunks (static, dynamic). */
const PCPU_SLOTS_BYTES = 368;
const PCPU_CHUNK_BYTES = [144, 256, 264, 64, 144, 896, 904, 224];
/** sizeof(struct io_tlb_slot) per 2 KiB slab (IO_TLB_SHIFT), and of a struct io_tlb_area. */
const IO_TLB_SLOT_BYTES = 24;
const IO_TLB_SLAB = 2048;
const IO_TLB_AREA_BYTES = 16;
/** IO_TLB_SEGSIZE: a shrunk buffer stays a whole number of segments. */
const IO_TLB_SEGSIZE = 128;
/** IO_TLB_MIN_SLABS: 1 MiB, below which swiotlb_init_remap() gives up. */
const IO_TLB_MIN_SLABS = (1 << 20) / IO_TLB_SLAB;

/**
 * swiotlb_adjust_nareas() and limit_nareas(): one area per possible CPU, rounded up to a power
 * of two, and no more areas than the buffer has segments.
 */
function swiotlbAreas(cpus: number, nslabs: number): number {
	return Math.min(roundupPow2(cpus), Math.max(1, Math.floor(nslabs / IO_TLB_SEGSIZE)));
}

/** The allocations of setup_arch() and mm_init()'s early part, in order (see the file comment). */
export function earlyAllocations(input: EarlyAllocInput): EarlyAllocResult {
	const memory = input.present.map(r => ({start: r.start * PAGE, end: r.end * PAGE}));
	const mb = new Memblock(memory);
	for (const r of input.fixed) mb.reserve(r.start, r.end, r.what);
	mb.reserve(input.initrd.start, input.initrd.end, 'initrd');
	const top = memory.length ? memory[memory.length - 1]!.end : 0;
	let directMapPages: number;
	if (input.bottomUpFrom !== undefined) {
		directMapPages = directMapMemblockPages(memory, top, input.brk, {kernelEnd: input.bottomUpFrom});
		for (let i = 0; i < directMapPages; i++) mb.allocBottomUp(PAGE, PAGE, 'page tables', input.bottomUpFrom);
	} else {
		// init_mem_mapping(): a free PMD at the top of RAM decides where mapping starts.
		const probe = mb.alloc(PMD_SIZE, PMD_SIZE, 'probe', MiB, top);
		const realEnd = probe === undefined ? top : probe + PMD_SIZE;
		if (probe !== undefined) mb.free(probe, realEnd);
		directMapPages = directMapMemblockPages(memory, realEnd, input.brk);
		for (let i = 0; i < directMapPages; i++) mb.alloc(PAGE, PAGE, 'page tables', 0, realEnd);
	}
	// reserve_initrd(): an initrd the direct map covers (pfn_range_is_mapped(): inside one RAM
	// range) stays where QEMU put it; otherwise relocate_initrd() copies it to a top-down
	// allocation below max_pfn_mapped, and QEMU's copy is given back.
	let ramdisk = input.initrd;
	let ramdiskMovedFrom: ByteRange | undefined;
	if (!memory.some(m => m.start <= ramdisk.start && m.end >= ramdisk.end)) {
		const size = ramdisk.end - ramdisk.start;
		const moved = mb.alloc(size, PAGE, 'initrd', 0, top);
		if (moved !== undefined) {
			mb.free(ramdisk.start, ramdisk.end);
			ramdiskMovedFrom = ramdisk;
			ramdisk = {start: moved, end: moved + size};
		}
	}
	const nodeDataAt = mb.alloc(NODE_DATA_BYTES, 64, 'NODE_DATA');
	const nodeData = nodeDataAt === undefined ? undefined : {start: nodeDataAt, end: nodeDataAt + NODE_DATA_BYTES};
	// sparse_init(): the section roots, a root page per 128 sections with RAM, the usemaps near
	// NODE_DATA, then the memmap of every present section in one PMD-aligned block.
	const sections = new Set<number>();
	for (const m of memory) {
		for (let s = Math.floor(m.start / 2 ** SECTION_SHIFT); s <= Math.floor((m.end - 1) / 2 ** SECTION_SHIFT); s++) sections.add(s);
	}
	mb.alloc(SECTION_ROOTS_BYTES, 64, 'mem_section');
	for (const _ of new Set([...sections].map(s => Math.floor(s / SECTIONS_PER_ROOT)))) mb.alloc(PAGE, 64, 'mem_section');
	const goal = roundDown(nodeData?.start ?? 0, 2 ** SECTION_SHIFT);
	const usemap = USEMAP_BYTES_PER_SECTION * sections.size;
	if (mb.alloc(usemap, 64, 'usemap', goal, goal + 2 ** SECTION_SHIFT) === undefined) mb.alloc(usemap, 64, 'usemap');
	mb.alloc(sections.size * PMD_SIZE, PMD_SIZE, 'memmap', 16 * MiB);
	// vmemmap_populate(): its PUD page and a PMD page per GiB of struct pages.
	mb.alloc(PAGE, PAGE, 'vmemmap page tables', 16 * MiB);
	for (const _ of new Set([...sections].map(s => Math.floor(s / SECTIONS_PER_VMEMMAP_PMD)))) mb.alloc(PAGE, PAGE, 'vmemmap page tables', 16 * MiB);
	// acpi_parse_hpet(), io_apic_init_mappings(), e820__reserve_resources(),
	// firmware_map_add_early() per firmware entry, register_nosave_region(), setup_command_line().
	const small = [73, 75, 64 * input.e820Entries, ...Array<number>(input.firmwareEntries).fill(104),
		...Array<number>(input.nosaveRegions).fill(32), input.cmdlineBytes, input.cmdlineBytes];
	for (const size of small) mb.alloc(size, 64, 'misc');
	// setup_per_cpu_areas() -> pcpu_embed_first_chunk(): the alloc info and areas (freed at the
	// end), the units in PMD-size atoms with each unit's unused tail given back.
	const ai = mb.alloc(PAGE, PAGE, 'percpu');
	const areas = mb.alloc(PAGE, 64, 'percpu');
	const {nrUnits, unitSize, sizeSum} = input.percpu;
	const cpus = Math.max(1, input.cpus);
	const units = mb.alloc(nrUnits * unitSize, PMD_SIZE, 'percpu', 16 * MiB);
	if (units !== undefined) {
		// A unit no CPU uses is freed whole.
		for (let u = 0; u < nrUnits; u++) mb.free(units + u * unitSize + (u < cpus ? sizeSum : 0), units + (u + 1) * unitSize);
	}
	for (const size of [8, 8, 4 * cpus, 8 * cpus, PCPU_SLOTS_BYTES, ...PCPU_CHUNK_BYTES]) mb.alloc(size, 64, 'percpu');
	if (areas !== undefined) mb.free(areas, areas + PAGE);
	if (ai !== undefined) mb.free(ai, ai + PAGE);
	// alloc_bootmem_cpumask_var() x5; a 9-byte buffer start_kernel() frees again.
	for (let i = 0; i < 5; i++) mb.alloc(8, 64, 'misc');
	const tmp = mb.alloc(9, 64, 'misc');
	if (tmp !== undefined) mb.free(tmp, tmp + 9);
	mb.alloc(input.dentryHashBytes, 64, 'dentry hash');
	mb.alloc(input.inodeHashBytes, 64, 'inode hash');
	// spp_getpage(): the fixmap's page tables.
	for (let i = 0; i < 3; i++) mb.alloc(PAGE, PAGE, 'fixmap page tables');
	let swiotlb: ByteRange | undefined;
	const swiotlbFailedBytes: number[] = [];
	if (input.swiotlb) {
		// swiotlb_init_remap(): memblock_alloc_low() for the buffer; where that finds no room it
		// halves the buffer (whole segments) down to IO_TLB_MIN_SLABS, each failure warned
		// about. Then the slots array and the areas (one per CPU, rounded to a power of two).
		let nslabs = input.swiotlbSlabs;
		for (;;) {
			const bytes = Math.ceil((nslabs * IO_TLB_SLAB) / PAGE) * PAGE;
			const at = mb.alloc(bytes, PAGE, 'swiotlb', 0, 4 * GiB);
			if (at !== undefined) {
				swiotlb = {start: at, end: at + bytes};
				break;
			}
			swiotlbFailedBytes.push(bytes);
			if (nslabs <= IO_TLB_MIN_SLABS) break;
			nslabs = Math.ceil(Math.floor(nslabs / 2) / IO_TLB_SEGSIZE) * IO_TLB_SEGSIZE;
		}
		if (swiotlb) {
			mb.alloc(Math.ceil((nslabs * IO_TLB_SLOT_BYTES) / PAGE) * PAGE, PAGE, 'swiotlb');
			mb.alloc(IO_TLB_AREA_BYTES * swiotlbAreas(input.cpus, nslabs), 64, 'swiotlb');
		}
	}
	return {memblock: mb, ramdisk, ...(ramdiskMovedFrom ? {ramdiskMovedFrom} : {}), nodeData, swiotlb, swiotlbFailedBytes, directMapPages};
}
