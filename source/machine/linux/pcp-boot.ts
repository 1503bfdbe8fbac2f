import {KERNEL_IMAGE} from './memblock.js';

/**
 * What CPU 0's per-order pcp lists hold when boot ends, where the DIMM slots decide it.
 *
 * In 6.1 a CPU's pcp lists are per order (0-3, and pageblock order) and per migratetype.
 * rmqueue_pcplist() serves an allocation from its list and, when that is empty, rmqueue_bulk()
 * moves `batch >> order` blocks (at least two) out of the buddy allocator onto it: 63 pages at
 * order 0, 31 order-1 blocks (62 pages), 15 order-2 blocks (60 pages) with a batch of 63. So
 * the kernel's boot allocations take MemFree down a whole refill at a time, and what the last
 * refill left sits on the list, counted in the zone's pcp `count:` and not in MemFree.
 *
 * QEMU's DSDT has a Device per DIMM slot, plugged or not, and acpi_bus_scan() makes each an ACPI
 * device; the lab's /proc/slabinfo at 1 to 256 slots grows per slot by order-0 slab objects
 * (20 kernfs nodes, 8 Acpi-Operand, 8 Acpi-Namespace, a kmalloc-256, a kmalloc-32, 4 kmalloc-16:
 * 0.946 pages), one kmalloc-2k object (order-2 slabs of 8: half a page) and about a third of a
 * radix_tree_node (kernfs_idr's; a reclaimable cache of order-1 slabs of 14). The lab's one-CPU
 * boots at 1 to 256 slots (1G, 1280M, 1536M, 2G, 3G, 4G, 6G, 8G; session 21) show exactly
 * that: MemFree constant over tens of slots, then 63, 60 or 62 pages less at once, while the
 * lists' count falls by 1.5 pages a slot and rises by the refill.
 *
 * Where each list stands before the slots' allocations is the rest of boot's history: fitted
 * per list, falling with RAM as the kernel's own allocations grow (8.3 order-0 pages per GiB,
 * the memory blocks' kernfs ids in radix_tree_node), and for order 2 by each late hash table
 * of order 2 (mount, mountpoint, futex, UDP at 1 GiB: alloc_pages_exact() of 16 KiB goes
 * through that list). A guest with RAM above 4 GiB allocates from ZONE_NORMAL, whose lists are
 * others (the image and the initrd are freed into DMA32's): fitted apart.
 *
 * The order-3 list serves the late hash tables of 32 KiB: one at most sizes (MPTCP token at 1
 * GiB, tcp_listen_portaddr from 2.25 GiB), four from 1.25 to 2 GiB (mount, mountpoint, UDP,
 * UDP-Lite), which the list cannot hold: it takes a refill of seven order-3 blocks (56 pages)
 * from the buddy allocator. The lab's one-CPU boots (session 24, 512M to 8G, three of them
 * twice) had MemFree 41, 37, 32 and 27 pages under memhp's at 1280M, 1536M, 1792M and 2G,
 * where 768M to 1G were within 3 pages (and 2304M to 3G 24 to 39 over: the RAM-proportional
 * share, DMA32_RAM_SHARE_PAGES_PER_GIB below); session 21's lab refilled it in one boot of four
 * or five. Measured on guests allocating from DMA32 alone: with RAM above 4 GiB (at most one
 * such table) the flat charge stays.
 *
 * The fit holds for a batch of 63 (zones from about 800 MiB), one CPU and up to 8 GiB; a boot
 * outside it keeps memhp's flat charge (pcpBootLists() returns undefined), but for a batch of 31's
 * order-1 reclaimable list (pcpBootReclaimable1Batch31()).
 */

/** The batch the fit is for (zone_batchsize() of zones from about 800 MiB up), and the largest RAM it was measured at. */
const FITTED_BATCH = 63;
const FITTED_MAX_GIB = 8;

/** Per DIMM slot: pages of order-0 slab, of order-2 slab and of reclaimable order-1 slab (the lab's slabinfo). */
const SLOT_ORDER0_PAGES = 20 / 32 + 7.875 / 56 + 8 / 85 + 1 / 16 + 1 / 128 + 4 / 256;
const SLOT_ORDER2_PAGES = 4 / 8;
const SLOT_RECLAIMABLE1_PAGES = (0.328 / 14) * 2;

/** Where each list stands before the slots (pages; `a - b * GiB`), by the zone the kernel allocates from. */
interface Phase {
	order0: [number, number];
	reclaimable1: [number, number];
}
const PHASE_DMA32: Phase = {order0: [65.5, 8.3], reclaimable1: [5.3, 0.65]};
/**
 * (Normal's order-1 reclaimable list: the lab's boots with `grep MemFree` or `free` first, s45/r7,
 * r8 and r16, refilled it at boot from 24 slots at 5G, 16 at 6G and 2 at 8G, not with 16 at 4608M
 * and 5G nor 8 at 6G; the first `ls` of the memory directory then took a refill or none. Its order-0 unmovable list gave a 2G and a 1G
 * hot-add their 22 order-0 pages without a refill with 8 to 64 slots at 4G and 16 at 6G, s45/r15:
 * 54 to 60 pages before the slots' slab at 4G, at least 39 at 6G, where the old 48 less half a
 * page per GiB had refills taken at 4G with 32 slots and at 6G.)
 */
const PHASE_NORMAL: Phase = {order0: [57, 0], reclaimable1: [2.35, 0.3]};
/**
 * The order-1 reclaimable list of a guest allocating from DMA32, as measured (GiB, pages): its
 * boot step (1G: 101 slots) and whether the first `ls` of the memory directory refilled it
 * (1536M: already with 4 slots; 2G: from 8 slots, not with 4). Its radix_tree_node and inode
 * slabs hold 14 and 12 objects, so the list moves in steps the straight line above smooths:
 * memhp interpolates between these sizes and takes the line outside them.
 */
const RECLAIMABLE1_DMA32: readonly [number, number][] = [[1, 4.65], [1.25, 4.9], [1.5, 4.0], [2, 4.28], [3, 3.4]];

/** `table` at `x`, linear between its points; undefined outside them. */
function interpolate(table: readonly [number, number][], x: number): number | undefined {
	for (let i = 1; i < table.length; i++) {
		const [x0, y0] = table[i - 1]!;
		const [x1, y1] = table[i]!;
		if (x >= x0 && x <= x1) return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
	}
	return undefined;
}
/** The order-2 list, at any size: 50 pages, less 4 per late hash table of order 2. */
const ORDER2_BEFORE = 50;
/**
 * The order-3 list of a guest allocating from DMA32 before the late hash tables, 8 pages each:
 * one table fits, four take a refill. The flat charge counted it with one table taken.
 */
const ORDER3_BEFORE = 12;
const ORDER3_FLAT = ORDER3_BEFORE - 8;
/**
 * KernelUsage charges the kernel 104 kB per GiB of RAM, a two-point fit of the goldens' 1G and
 * 4G guests, of which the slab that grows with RAM (the memory blocks' devices) is 37. A guest
 * whose kernel allocates from DMA32 shows none of the other 67 (16.75 pages): the lab's
 * one-CPU boots from 768M to 3G (session 24) have the same pages outside free memory, slab and
 * the lists within each hash-table step, and memhp's MemFree fell 18 pages per GiB below theirs,
 * 39 pages at 3G (the tutorial's `used` 1 MiB high at 2560M and 3G). The fit gives it back here,
 * in the lists' count, relative to 1 GiB; a guest with boot ZONE_NORMAL keeps the goldens'
 * calibration, where bigger.t pins it, and past 6 GiB KernelUsage stops growing it (usage.ts,
 * KERNEL_KB_PER_GIB_ANCHOR_KB).
 */
const DMA32_RAM_SHARE_PAGES_PER_GIB = 16.75;

/**
 * Pages the fit above leaves on the lists of a guest allocating from DMA32 that the lab's guests
 * hold as kernel memory instead (GiB, pages). The fit matches their MemFree at boot to a few
 * pages, but the lab's one-CPU boots (s34/ua: `cat /proc/zoneinfo /proc/meminfo > /tmp/p` as the
 * first command, so one process reads both) list 80 pages fewer at 1G, 49 at 1536M, 44 at 2G, 43
 * at 3G and hold as many more outside free memory, the lists and every counter. (Read through a
 * pipe, with a second process alive, they list about 23 fewer still, the same at 4 to 64 slots:
 * 105 at 896M, 84 at 1152M and 1280M, 69 at 2560M, 40 at 3328M, which give the other points.)
 * Where it shows is a drain (an offline of a boot block): what memhp listed comes back as
 * MemFree (the lab's errors-guest.t replay with 8 slots printed the golden's `free` where memhp's
 * was 1 MiB over). Which allocations they are was not traced.
 */
const DMA32_LISTED_AS_KERNEL: readonly [number, number][] = [[0.875, 82], [1, 80], [1.125, 61], [1.25, 61], [1.5, 49], [2, 44], [2.5, 46], [3, 43], [3.25, 17]];

/**
 * Those pages for a guest of `ramGiB` whose kernel allocates from DMA32, at any CPU count (the
 * lab's two-CPU boots at 1G to 1536M: 64 to 66 pages fewer free or listed than memhp's, as with
 * one), and with a batch of 31 too where the list stayed under its high mark (768M: 80 fewer
 * listed, MemFree the same). Outside the measured sizes the nearest end of the table holds.
 */
export function dma32ListedAsKernel(ramGiB: number, batch: number): number {
	if (batch !== FITTED_BATCH && batch !== 31) return 0;
	const ends = [DMA32_LISTED_AS_KERNEL[0]!, DMA32_LISTED_AS_KERNEL.at(-1)!];
	return Math.round(interpolate(DMA32_LISTED_AS_KERNEL, ramGiB) ?? (ramGiB < ends[0][0] ? ends[0][1] : ends[1][1]));
}

/**
 * The same kernel memory in a guest allocating from DMA32 whose boot list stopped at its high
 * mark (256M to 640M, batches 7 to 31): the list holds what the mark lets it keep whatever the
 * kernel took from it, so the pages come out of the buddy allocator. The lab's one-process probes
 * (s35/ua) read DMA32's free plus listed pages 44 to 66 under memhp's there (384M 66, 448M 64,
 * 512M 61 and 51, 576M 46, 640M 48; 512M with 4 slots 66; two CPUs 44 at 512M), how they split
 * between free and listed changing from boot to boot by up to 150 pages; their mean, which puts
 * every boot measured since (256M to 640M, two CPUs at 384M) within 20 pages.
 */
export const DMA32_CAPPED_AS_KERNEL = 56;

/**
 * Kernel memory the lab's one-CPU guests whose kernel allocates from ZONE_NORMAL (a batch of 63:
 * from 3840M) hold beyond memhp's fit. KernelUsage's share grows 67 kB a GiB up to its anchor, a
 * 6 GiB guest, where the lab's kernel does not grow (DMA32_RAM_SHARE_PAGES_PER_GIB), so below the
 * anchor memhp's free memory and lists together were that much over the lab's: after the goldens'
 * first commands (s45/r4: 2, 16 and 64 slots alike, read from /proc/zoneinfo) 31 to 37 pages at
 * 3840M and 4G, 8 to 24 at 4352M and 4608M, 1 to 16 at 5G, and -17 to 1 from 5632M to 8G.
 */
export function normalKernelPages(ramGiB: number): number {
	return Math.round(DMA32_RAM_SHARE_PAGES_PER_GIB * Math.max(0, NORMAL_ANCHOR_RAM_GIB - ramGiB));
}
/** The RAM of the guest at KernelUsage's anchor (usage.ts KERNEL_KB_PER_GIB_ANCHOR_KB). */
const NORMAL_ANCHOR_RAM_GIB = 6;
/**
 * And what those guests' Normal lists hold beyond the fit, out of free memory: with the share
 * charged and the inode slabs taken off the order-1 list (GuestMm.takeReclaimable1()), their MemFree
 * was still 12 to 24 pages under memhp's (s45/r4, r7, r8: the goldens' first commands, or
 * `grep MemFree` first), from 3840M to 8G: 18 pages, of which the order-0 unmovable list's phase
 * (PHASE_NORMAL: 57 where it was 48 less half a page per GiB) holds 11 to 13.
 */
const NORMAL_LISTED_PAGES = 7;

/** CPU 0's boot lists: where they stood before the slots' slab, the refills it took, what is left on two of them. */
export interface BootPcpLists {
	/** Pages on the lists before the slots' allocations (order 0, order 2, order-1 reclaimable). */
	before: number;
	/** Pages the slots' allocations made rmqueue_bulk() move out of the buddy allocator. */
	refilled: number;
	/** Pages left on the order-0 MIGRATE_UNMOVABLE list, and on the order-1 MIGRATE_RECLAIMABLE one (inode and radix_tree_node slabs), whole blocks. */
	unmovable0: number;
	reclaimable1: number;
}

/** rmqueue_bulk()'s refill of an order-`order` list: batch >> order blocks (at least 2), in pages. */
export function pcpRefillPages(batch: number, order: number): number {
	return Math.max(batch >> order, 2) << order;
}

/**
 * Where an empty pcp list ends that `frees` pages reach one by one with no allocation between,
 * trimmed at `high` as pcpFree() says (an allocation would halve free_factor again).
 */
export function pcpListAfterFrees(frees: number, high: number, batch: number): number {
	return pcpListCounts(frees, high, batch).at(-1)!;
}

/** A pcp list under a run of frees and allocations: its count and free_factor. */
interface PcpListState {
	count: number;
	freeFactor: number;
}

/**
 * One order-0 free onto the list (free_unref_page_commit()): at its high mark nr_pcp_free()
 * trims `batch` shifted by free_factor, which each trim raises while that is under
 * `high - batch`, clamped to [batch, high - batch]. Whether it trimmed.
 */
function pcpFree(list: PcpListState, high: number, batch: number): boolean {
	if (++list.count < high) return false;
	const maxNrFree = high - batch;
	let nr = batch * 2 ** list.freeFactor;
	if (nr < maxNrFree) list.freeFactor++;
	nr = Math.max(batch, Math.min(nr, maxNrFree));
	list.count -= nr;
	return true;
}

/** The list's count after 0, 1, ... `frees` of those frees: each a step of the same run. */
function pcpListCounts(frees: number, high: number, batch: number): number[] {
	const counts = [0];
	const list: PcpListState = {count: 0, freeFactor: 0};
	for (let i = 0; i < frees; i++) {
		pcpFree(list, high, batch);
		counts.push(list.count);
	}
	return counts;
}

/**
 * kernel_init()'s late frees onto the image zone's list, in order, with the allocations the
 * kernel makes between them (lab s58/tr512c: a one-CPU 512M boot traced with
 * `trace_event=kmem:mm_page_*`): 19 pages freed just before (not identified), free_initmem()'s
 * unused decrypted bss and init sections, mark_rodata_ro()'s text/rodata and rodata/data gaps.
 * Each allocation (rmqueue_pcplist()) takes a page off the list and halves free_factor.
 */
const LATE_FREE_RUNS: readonly {frees: number; allocsAfter: number}[] = [
	{frees: 19, allocsAfter: 1},
	{frees: KERNEL_IMAGE.lateFreedKb.decrypted / 4, allocsAfter: 1},
	{frees: KERNEL_IMAGE.lateFreedKb.initmem / 4, allocsAfter: 2},
	{frees: KERNEL_IMAGE.lateFreedKb.textRodataGap / 4, allocsAfter: 2},
	{frees: KERNEL_IMAGE.lateFreedKb.rodataDataGap / 4, allocsAfter: 0},
];

/**
 * A one-CPU guest's list of the image's zone before those frees (with no DIMM slots), and what
 * the init script's programs take off it after them up to the first command (less the 4 pages
 * memhp's own first command takes), by batch: fitted to the lab's one-CPU boots (s58: twenty-two
 * sizes from 192M to 576M, one to seven boots each, the count at the first command). Traced
 * boots listed 442 pages before them at 512M, 377 at 256M and 375 at 416M (a batch of 15 leaves
 * less), as the fit; the programs then took 81, 41 and 80 pages (an order-1 list the 256M boot
 * found empty took a refill), which one figure per batch averages.
 */
const ONE_CPU_LATE_FREES_FIT: Readonly<Record<number, {before: number; after: number}>> = {
	// (192M to 240M: traced at 224M, 373 before; the programs took 108 at 224M and 240M, 188 at 192M.)
	7: {before: 373, after: 104},
	15: {before: 375, after: 56},
	31: {before: 442, after: 72},
};

/**
 * Where a one-CPU guest's boot list of the image's zone ends when its high mark is under what
 * boot frees onto it (RAM under about 600M): the late frees' trims from the fitted start, less
 * the programs' pages; undefined for a batch not fitted and for a guest with DIMM slots. Where it
 * ends moves by hundreds of pages from one size to the next, as the trims fall (the lab's usual
 * state: 733 pages at 512M, 583 at 560M).
 */
export function pcpOneCpuBootList(high: number, batch: number, slots: number): number | undefined {
	// The DIMM slots' ACPI devices take their slab off the lists before those frees, and a list
	// they run empty takes a refill of a batch: the start moves by tens of pages either way,
	// which decides where the trims fall (the lab's 512M guests, mark 751: 589 and 603
	// pages listed with 8 slots, 644 with 32; 384M with 32: 527). Not followed: undefined.
	const end = slots === 0 ? pcpLateFreesRunEnd(high, batch) : undefined;
	return end === undefined ? undefined : Math.max(0, end - ONE_CPU_LATE_FREES_FIT[batch]!.after);
}

/**
 * Where the late frees alone leave a one-CPU list of that mark and batch, from the fitted start,
 * if they reach the mark; undefined for a batch not fitted and for a list they leave under it.
 */
function pcpLateFreesRunEnd(high: number, batch: number): number | undefined {
	const fit = ONE_CPU_LATE_FREES_FIT[batch];
	if (!fit) return undefined;
	const list: PcpListState = {count: fit.before, freeFactor: 0};
	let trimmed = false;
	for (const {frees, allocsAfter} of LATE_FREE_RUNS) {
		for (let i = 0; i < frees; i++) trimmed = pcpFree(list, high, batch) || trimmed;
		for (let i = 0; i < allocsAfter; i++) {
			list.count--;
			list.freeFactor >>= 1;
		}
	}
	return trimmed ? list.count : undefined;
}

/**
 * The boot's frees onto a list differ from boot to boot by about this many pages either way
 * (the lab's probes of one command line, session 36).
 */
const BOOT_FREES_SPREAD = 200;

/**
 * pcpListAfterFrees() of a list the boot's processes and the kernel freed `frees` pages to,
 * averaged over the spread of those frees: a list that reached its mark only just keeps close
 * to it, as the lab's 768M four-CPU and 1G six-to-sixteen-CPU boots do (2048 of 2459, 2200 of 2306,
 * 800 of 862), while one reached many times over ends anywhere from a batch to the mark (the
 * lab's 256M to 640M guests with two to four CPUs: 45 to 337 pages under a mark of 375).
 */
export function pcpBootListAfterFrees(frees: number, high: number, batch: number): number {
	if (frees < high) return frees;
	const spread = pcpListCounts(frees + BOOT_FREES_SPREAD, high, batch).slice(Math.max(0, frees - BOOT_FREES_SPREAD));
	return Math.round(spread.reduce((a, b) => a + b, 0) / spread.length);
}

/** A list `start` pages long that gave `used` pages, `refill` at a time when empty: the pages its refills took, and what is left on it. */
function afterSlots({start, used, refill}: {start: number; used: number; refill: number}): {refilled: number; left: number} {
	const refilled = used > start ? Math.ceil((used - start) / refill) * refill : 0;
	return {refilled, left: start + refilled - used};
}

/** An order-1 list's pages, in whole two-page blocks. */
const order1Blocks = (pages: number): number => 2 * Math.floor(pages / 2);

/**
 * CPU 0's order-1 reclaimable list of a one-CPU guest whose boot zone has a batch of 31 (RAM from
 * about 448M to 800M), the one list of pcpBootLists() measured there: the inode caches' order-1
 * slabs (two pages) come off it and an empty one takes a refill of 15 order-1 blocks (30
 * pages) out of MemFree. The lab's tutorial-shaped listings (s46/r20: `ls` of a memory block's
 * directory takes about one slab) refilled it at the fifth new slab with 32 slots at 512M and
 * 768M and at the sixth with 2 at 768M: 11 pages before the slots' radix_tree_node slabs take
 * their share, as in the fit above. 512M with 2 slots took none through the sixth, and a 640M boot
 * whose list had been trimmed at its high mark (count 617 of 875) took one at the third.
 * Undefined for other batches and CPU counts.
 */
export function pcpBootReclaimable1Batch31(slots: number, batch: number, cpus: number): number | undefined {
	if (batch !== 31 || cpus !== 1) return undefined;
	return order1Blocks(afterSlots({start: RECLAIMABLE1_BATCH31, used: SLOT_RECLAIMABLE1_PAGES * slots, refill: pcpRefillPages(batch, 1)}).left);
}

/** pcpBootReclaimable1Batch31()'s list before the slots, in pages. */
const RECLAIMABLE1_BATCH31 = 11;

/**
 * The boot lists of a one-CPU guest with `ramGiB` of RAM and `slots` DIMM slots, whose kernel
 * allocates from ZONE_NORMAL (`normalTop`) or DMA32, with `order2HashTables` and
 * `order3HashTables` late hash tables of order 2 and 3; undefined outside the fitted batch, CPU
 * count and sizes.
 */
export function pcpBootLists(ramGiB: number, slots: number, normalTop: boolean, order2HashTables: number, batch: number, cpus: number, order3HashTables = 1): BootPcpLists | undefined {
	if (batch !== FITTED_BATCH || cpus !== 1 || ramGiB > FITTED_MAX_GIB) return undefined;
	const phase = normalTop ? PHASE_NORMAL : PHASE_DMA32;
	const at = ([a, b]: [number, number]) => a - b * ramGiB;
	// (A list the rest of boot ran past empty was refilled: it starts with what that left.)
	const lists = [
		{start: at(phase.order0), used: SLOT_ORDER0_PAGES * slots, refill: pcpRefillPages(batch, 0)},
		{start: ORDER2_BEFORE - 4 * order2HashTables, used: SLOT_ORDER2_PAGES * slots, refill: pcpRefillPages(batch, 2)},
		{start: (normalTop ? undefined : interpolate(RECLAIMABLE1_DMA32, ramGiB)) ?? at(phase.reclaimable1), used: SLOT_RECLAIMABLE1_PAGES * slots, refill: pcpRefillPages(batch, 1)},
		// (The order-3 list last: the tables take it below zero, a refill each 56 pages short.)
		...(normalTop ? [] : [{start: ORDER3_BEFORE - 8 * order3HashTables, used: 0, refill: pcpRefillPages(batch, 3)}]),
	].map(l => ({...l, start: l.start < 0 ? l.start + l.refill * Math.ceil(-l.start / l.refill) : l.start}));
	const after = lists.map(afterSlots);
	const before = lists.reduce((n, l) => n + l.start, 0) + (normalTop ? NORMAL_LISTED_PAGES : -ORDER3_FLAT - DMA32_RAM_SHARE_PAGES_PER_GIB * (ramGiB - 1));
	return {before: Math.floor(before), refilled: after.reduce((n, a) => n + a.refilled, 0), unmovable0: Math.floor(after[0]!.left), reclaimable1: order1Blocks(after[2]!.left)};
}
