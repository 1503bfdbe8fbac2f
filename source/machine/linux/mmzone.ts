import type {ZoneName} from '../snapshot.js';
import type {MemoryBlock} from './memory-block.js';
import {KERN_INFO, KERN_WARNING} from './printk.js';

/** enum zone_type on x86_64 with CONFIG_ZONE_DEVICE (ZONE_DEVICE never has managed pages here). */
export const ZONE_NAMES: readonly ZoneName[] = ['DMA', 'DMA32', 'Normal', 'Movable'];
export const ZONE_NORMAL = 2;
export const ZONE_MOVABLE = 3;
/** sysctl_lowmem_reserve_ratio defaults: DMA 256, DMA32 256, Normal 32, Movable 0. */
const LOWMEM_RESERVE_RATIO = [256, 256, 32, 0];
/** MAX_NR_ZONES with CONFIG_ZONE_DEVICE: vm.lowmem_reserve_ratio has one more entry (ZONE_DEVICE, 0). */
export const MAX_NR_ZONES = 5;
/** watermark_scale_factor default. */
const WATERMARK_SCALE_FACTOR = 10;
/** pageblock_order 9 (2 MiB pageblocks), MIGRATE_PCPTYPES 3. */
export const PAGEBLOCK_NR_PAGES = 512;
const MIGRATE_PCPTYPES = 3;

/** struct zone: only what memory hotplug and the page allocator's accounting need. */
export class Zone {
	managed = 0;
	present = 0;
	/** present_early_pages: the present pages of boot memory (what auto-movable weighs against). */
	presentEarly = 0;
	/** zone_start_pfn and spanned_pages; spanned 0 = empty zone. */
	startPfn = 0;
	spanned = 0;
	/** NR_FREE_PAGES (pages on pcp lists are not counted, as in the kernel). */
	free = 0;
	wmarkMin = 0;
	wmarkLow = 0;
	wmarkHigh = 0;
	lowmemReserve = [0, 0, 0, 0];
	/** Pages parked on pcp lists (and cpu-partial slabs) until the zone's pcp is drained. */
	pcpParked = 0;
	/** Of pcpParked, what the CPUs other than CPU 0 hold in all from boot (their processes' frees); the rest is CPU 0's. */
	pcpOtherBoot = 0;
	/** Of pcpParked, what the other CPUs' lists gained in all since boot as programs ran (GuestMm.growOtherCpuLists()) and the hotplug worker's work left there (GuestMm.workerListsInNewNormal()). */
	pcpOtherGrown = 0;

	/** Of pcpParked, what the CPUs other than CPU 0 hold in all (none with one CPU). */
	pcpOtherCpus(cpus: number): number {
		return cpus > 1 ? Math.min(this.pcpParked, this.pcpOtherBoot + this.pcpOtherGrown + this.pcpWorkerThpPages()) : 0;
	}
	/** Of pcpParked, the pages on pcpWorkerThp. */
	pcpWorkerThpPages(): number {
		return PAGEBLOCK_NR_PAGES * this.pcpWorkerThp.length;
	}
	/** Each other CPU's share of the other CPUs' order-0 pages (none with one CPU). */
	pcpOtherCpuOrder0(cpus: number): number {
		return cpus > 1 ? Math.floor(Math.max(0, this.pcpOtherCpus(cpus) - this.pcpWorkerThpPages()) / (cpus - 1)) : 0;
	}
	/** The order-9 list the hotplug worker's memmap frees and allocations use: CPU 1's with more CPUs, else CPU 0's. */
	memmapThpList(cpus: number): MemoryBlock[] {
		return cpus > 1 ? this.pcpWorkerThp : this.pcpThp;
	}
	/**
	 * Of CPU 0's order-0 pcp pages, those not on its MIGRATE_MOVABLE list (the unmovable and
	 * reclaimable lists: boot processes' page tables, stacks, slabs): a user page allocation
	 * takes the movable list's pages first and never these.
	 */
	pcpUnmovable = 0;
	/**
	 * Of pcpUnmovable, the pages on CPU 0's order-0 MIGRATE_UNMOVABLE list: what an order-0
	 * GFP_KERNEL allocation (a slab page, a page table) takes before rmqueue_bulk() refills the
	 * list from the buddy allocator.
	 */
	pcpKernel = 0;
	/**
	 * Of pcpParked, the pages on CPU 0's order-1 MIGRATE_RECLAIMABLE list: the inode caches'
	 * order-1 slabs come from it, and an empty one takes a refill of `batch >> 1` order-1 blocks
	 * out of the buddy allocator (pcp-boot.ts: what boot left there).
	 */
	pcpReclaimable1 = 0;
	/**
	 * Pages the shell's programs drew from this zone's buddy allocator since it became the one
	 * their allocations prefer (a zone above the boot one): they cycle between the running
	 * program and the zone's pcp lists (counted in pcpParked) until the lists are drained.
	 */
	programPages = 0;
	/**
	 * The pcp list of pageblock-order (order-9) pages, most recently freed last: one entry per
	 * 2 MiB page, naming the memory block it lies in. Its pages are counted in pcpParked.
	 */
	pcpThp: MemoryBlock[] = [];
	/**
	 * With more than one CPU, the order-9 list of CPU 1, where the kacpi_hotplug worker ran: the
	 * memmap a removal freed and a hot-add's spare refill page (pcpThp is CPU 0's). Its pages are
	 * counted in pcpParked and among the other CPUs'.
	 */
	pcpWorkerThp: MemoryBlock[] = [];
	/**
	 * pcp->batch: zone_batchsize() of the managed pages when zone_pcp_update() last ran
	 * (setup_per_zone_wmarks(): at boot before free_initmem() and the initrd were freed, and after
	 * every online and offline). A zone freed into after that keeps its batch: the lab's 832M
	 * guest's DMA32 reports 31, which its final managed count would make 63.
	 */
	pcpBatch = 1;
	/** pcp->free_factor: how many times nr_pcp_free() doubled its batch since the last allocation. */
	pcpFreeFactor = 0;
	/**
	 * zone_managed_pages() when refresh_zone_stat_thresholds() last ran (init_per_zone_wmark_min
	 * at boot and after every online/offline): the vmstat threshold follows it.
	 */
	statThresholdManaged = 0;
	/** vm.percpu_pagelist_high_fraction (0: the pcp high mark follows the low watermark). */
	pcpHighFraction = 0;

	constructor(readonly name: ZoneName, readonly idx: number) {}

	get endPfn(): number {
		return this.startPfn + this.spanned;
	}

	populated(): boolean {
		return this.present > 0;
	}

	/** zone_intersects(). */
	intersects(start: number, nr: number): boolean {
		if (this.spanned === 0) return false;
		return !(start >= this.endPfn || start + nr <= this.startPfn);
	}

	/** resize_zone_range() on online. */
	growSpan(start: number, end: number): void {
		if (this.spanned === 0) {
			this.startPfn = start;
			this.spanned = end - start;
		} else {
			const s = Math.min(this.startPfn, start);
			const e = Math.max(this.endPfn, end);
			this.startPfn = s;
			this.spanned = e - s;
		}
	}
}

/**
 * zone_batchsize(): pages a pcp list takes from (or gives back to) the buddy allocator at once,
 * ~0.1% of the zone capped at 1 MiB, clamped to 2^n - 1.
 */
export function zoneBatchsize(managed: number): number {
	let batch = Math.min(Math.floor(managed / 1024), (1024 * 1024) / 4096);
	batch = Math.max(1, Math.floor(batch / 4));
	let pow = 1;
	while (pow * 2 <= batch + Math.floor(batch / 2)) pow *= 2;
	return pow - 1;
}

/**
 * zone_highsize(): a CPU's pcp lists hold up to the zone's low watermark (or, with
 * vm.percpu_pagelist_high_fraction set, managed / fraction) split across the node's CPUs, and
 * never less than four batches.
 */
export function zoneHighsize(zone: Zone, cpus: number): number {
	const batch = zone.pcpBatch;
	// A non-zero vm.percpu_pagelist_high_fraction sizes the lists from managed pages instead.
	const total = zone.pcpHighFraction ? Math.floor(zone.managed / zone.pcpHighFraction) : zone.wmarkLow;
	return Math.max(Math.floor(total / Math.max(1, cpus)), batch * 4);
}

/**
 * calculate_normal_threshold(): how far a CPU's vmstat differentials may drift before they are
 * folded into the zone counters ("vm stats threshold" in /proc/zoneinfo), from the zone's size
 * in 128 MiB units and the number of online CPUs, at most 125.
 */
export function statThreshold(managed: number, cpus: number): number {
	const fls = (x: number): number => (x <= 0 ? 0 : Math.floor(Math.log2(x)) + 1);
	const mem = Math.floor(managed / 32768);
	return Math.min(125, 2 * fls(Math.max(1, cpus)) * (1 + fls(mem)));
}

const intSqrt = (x: number): number => Math.floor(Math.sqrt(x));
/** mult_frac(x, n, d) */
const multFrac = (x: number, n: number, d: number): number => Math.floor(x / d) * n + Math.floor(((x % d) * n) / d);

/**
 * The node's watermark machinery (mm/page_alloc.c): min_free_kbytes, per-zone watermarks,
 * lowmem_reserve and totalreserve_pages, plus khugepaged's recommended min_free_kbytes
 * (THP is enabled in this kernel, and khugepaged raises min_free_kbytes at boot and after
 * every hotplug: khugepaged_min_free_kbytes_update()).
 */
export class Watermarks {
	minFreeKbytes = 0;
	totalreservePages = 0;
	/** user_min_free_kbytes: -1 until vm.min_free_kbytes is written. */
	userMinFreeKbytes = -1;
	/** vm.watermark_scale_factor. */
	watermarkScaleFactor = WATERMARK_SCALE_FACTOR;
	/** vm.lowmem_reserve_ratio, one entry per zone type up to ZONE_DEVICE. */
	lowmemReserveRatio: number[] = [...LOWMEM_RESERVE_RATIO, 0];
	/** Where pr_warn()/pr_info() of this code go (the guest's printk ring, once wired). */
	log?: (level: number, text: string) => void;

	/**
	 * khugepaged is running (hugepage_init() left THP enabled): only then does
	 * khugepaged_min_free_kbytes_update() raise min_free_kbytes.
	 */
	thp = true;

	constructor(readonly zones: Zone[]) {}

	/** nr_free_zone_pages(gfp_zone(GFP_USER) = ZONE_NORMAL). */
	nrFreeBufferPages(): number {
		let sum = 0;
		for (const z of this.zones) {
			if (z.idx > ZONE_NORMAL) continue;
			if (z.managed > z.wmarkHigh) sum += z.managed - z.wmarkHigh;
		}
		return sum;
	}

	/** nr_free_zone_pages(gfp_zone(GFP_HIGHUSER_MOVABLE)): "Total pages" of build_all_zonelists. */
	nrFreePagecachePages(): number {
		let sum = 0;
		for (const z of this.zones) if (z.managed > z.wmarkHigh) sum += z.managed - z.wmarkHigh;
		return sum;
	}

	calculateMinFreeKbytes(): void {
		const lowmemKbytes = this.nrFreeBufferPages() * 4;
		const value = intSqrt(lowmemKbytes * 16);
		// A value written to vm.min_free_kbytes wins over a smaller computed one.
		if (value > this.userMinFreeKbytes) {
			this.minFreeKbytes = Math.min(262144, Math.max(128, value));
		} else {
			this.log?.(KERN_WARNING, `min_free_kbytes is not updated to ${value} because user defined value ${this.userMinFreeKbytes} is preferred`);
		}
	}

	/** min_free_kbytes_sysctl_handler(): the written value becomes user_min_free_kbytes. */
	writeMinFreeKbytes(kbytes: number): void {
		this.minFreeKbytes = kbytes;
		this.userMinFreeKbytes = kbytes;
		this.setupPerZoneWmarks();
	}

	/** watermark_scale_factor_sysctl_handler(). */
	writeWatermarkScaleFactor(factor: number): void {
		this.watermarkScaleFactor = factor;
		this.setupPerZoneWmarks();
	}

	/** lowmem_reserve_ratio_sysctl_handler(): ratios below 1 become 0 (no reserve). */
	writeLowmemReserveRatio(ratios: readonly number[]): void {
		this.lowmemReserveRatio = ratios.map(r => (r < 1 ? 0 : r));
		this.setupPerZoneLowmemReserve();
	}

	/** percpu_pagelist_high_fraction_sysctl_handler(): every zone's pcp high mark follows. */
	writePercpuPagelistHighFraction(fraction: number): void {
		for (const z of this.zones) z.pcpHighFraction = fraction;
		this.zonePcpUpdate();
	}

	/** zone_pcp_update() of every zone: zone_set_pageset_high_and_batch() sets the batch (at least 1) from the managed pages now. */
	private zonePcpUpdate(): void {
		for (const z of this.zones) z.pcpBatch = Math.max(1, zoneBatchsize(z.managed));
	}

	setupPerZoneWmarks(): void {
		const pagesMin = this.minFreeKbytes >> 2;
		let lowmemPages = 0;
		for (const z of this.zones) lowmemPages += z.managed;
		for (const z of this.zones) {
			const tmp = lowmemPages ? Math.floor((pagesMin * z.managed) / lowmemPages) : 0;
			z.wmarkMin = tmp;
			const gap = Math.max(tmp >> 2, multFrac(z.managed, this.watermarkScaleFactor, 10000));
			z.wmarkLow = z.wmarkMin + gap;
			z.wmarkHigh = z.wmarkLow + gap;
		}
		this.calculateTotalreservePages();
		// The watermarks changed: the pcp batch and high limits follow.
		this.zonePcpUpdate();
	}

	setupPerZoneLowmemReserve(): void {
		for (let i = 0; i < this.zones.length; i++) {
			const z = this.zones[i];
			const ratio = this.lowmemReserveRatio[i];
			const clear = !ratio || !z.managed;
			let managed = 0;
			for (let j = 0; j < this.zones.length; j++) {
				if (j <= i) {
					z.lowmemReserve[j] = 0;
					continue;
				}
				managed += this.zones[j].managed;
				z.lowmemReserve[j] = clear ? 0 : Math.floor(managed / ratio);
			}
		}
		this.calculateTotalreservePages();
	}

	calculateTotalreservePages(): void {
		let reserve = 0;
		for (const z of this.zones) {
			let max = 0;
			for (let j = z.idx; j < this.zones.length; j++) max = Math.max(max, z.lowmemReserve[j]);
			max += z.wmarkHigh;
			reserve += Math.min(max, z.managed);
		}
		this.totalreservePages = reserve;
	}

	/** set_recommended_min_free_kbytes(): 2 + 3*3 pageblocks per populated zone up to Normal, max 5% of lowmem. */
	setRecommendedMinFreeKbytes(): void {
		let nrZones = 0;
		for (const z of this.zones) if (z.populated() && z.idx <= ZONE_NORMAL) nrZones++;
		let recommended = PAGEBLOCK_NR_PAGES * nrZones * 2 + PAGEBLOCK_NR_PAGES * nrZones * MIGRATE_PCPTYPES * MIGRATE_PCPTYPES;
		recommended = Math.min(recommended, Math.floor(this.nrFreeBufferPages() / 20));
		recommended *= 4;
		if (recommended > this.minFreeKbytes) {
			if (this.userMinFreeKbytes >= 0) {
				this.log?.(KERN_INFO, `khugepaged: raising min_free_kbytes from ${this.minFreeKbytes} to ${recommended} to help transparent hugepage allocations`);
			}
			this.minFreeKbytes = recommended;
		}
		this.setupPerZoneWmarks();
	}

	/** init_per_zone_wmark_min(): run at boot and by online_pages()/offline_pages(). */
	initPerZoneWmarkMin(): void {
		this.calculateMinFreeKbytes();
		this.setupPerZoneWmarks();
		// refresh_zone_stat_thresholds(), populated zones only.
		for (const z of this.zones) if (z.populated()) z.statThresholdManaged = z.managed;
		this.setupPerZoneLowmemReserve();
		if (this.thp) this.setRecommendedMinFreeKbytes();
	}

	wmarkLowTotal(): number {
		return this.zones.reduce((n, z) => n + z.wmarkLow, 0);
	}

	/** si_mem_available() in pages. */
	siMemAvailable(freePages: number, filePages: number, reclaimableSlabPages: number): number {
		const low = this.wmarkLowTotal();
		let available = freePages - this.totalreservePages;
		available += filePages - Math.min(Math.floor(filePages / 2), low);
		available += reclaimableSlabPages - Math.min(Math.floor(reclaimableSlabPages / 2), low);
		return Math.max(0, available);
	}
}
