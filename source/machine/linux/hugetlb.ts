import type {Errno} from '../errno.js';
import type {MemoryBlock} from './memory-block.js';

/** huge_page_order(&default_hstate): 2 MiB pages. The CPU model has no pdpe1gb, so no 1 GiB hstate. */
export const HPAGE_PAGES = 512;
export const HPAGE_KB = 2048;

/** What the pool needs of the page allocator (GuestMm). */
export interface HugePageAllocator {
	/** alloc_buddy_huge_page(): the block an order-9 page came from, or undefined when none could be found. */
	allocHugePage(): MemoryBlock | undefined;
	/** update_and_free_page(): an order-9 page of block `b` goes back to the page allocator. */
	freeHugePage(b: MemoryBlock): void;
}

/**
 * The default hstate of mm/hugetlb.c: the persistent pool that vm.nr_hugepages and
 * /sys/kernel/mm/hugepages size. Nothing in the guest maps huge pages (busybox has no program
 * that would), so every page of the pool is free: no reservations, no surplus.
 */
export class HugetlbPool {
	/**
	 * h->hugepage_freelists[0], its head last: enqueue_huge_page() adds at the head and
	 * remove_pool_huge_page() takes the head, so the newest page leaves first.
	 */
	private readonly freelist: MemoryBlock[] = [];
	/** nr_overcommit_hugepages: surplus pages are only ever allocated for a mapping. */
	overcommit = 0n;
	/** HTLB_BUDDY_PGALLOC / HTLB_BUDDY_PGALLOC_FAIL. */
	allocSuccess = 0;
	allocFail = 0;

	constructor(private readonly alloc: HugePageAllocator) {}

	/** h->nr_huge_pages (= max_huge_pages and free_huge_pages: no surplus, nothing in use). */
	get nrHugePages(): number {
		return this.freelist.length;
	}

	/** hugetlb_total_pages() in base pages. */
	totalPages(): number {
		return this.freelist.length * HPAGE_PAGES;
	}

	/**
	 * set_max_huge_pages(): grows the pool one alloc_pool_huge_page() at a time until the count is
	 * reached or an allocation fails (silently: the write still succeeds), or shrinks it from the
	 * head of the free list. The removed pages are freed in the order remove_pool_huge_page()'s
	 * list_add() leaves them on page_list: the last removed first.
	 */
	setMax(count: bigint): void {
		const want = count > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(count);
		while (this.freelist.length < want) {
			const b = this.alloc.allocHugePage();
			if (!b) {
				this.allocFail++;
				break;
			}
			this.allocSuccess++;
			this.freelist.push(b);
		}
		if (this.freelist.length > want) {
			for (const b of this.freelist.splice(want)) this.alloc.freeHugePage(b);
		}
	}

	/** Free huge pages the pool holds in block `b`. */
	pagesIn(b: MemoryBlock): number {
		let n = 0;
		for (const x of this.freelist) if (x === b) n++;
		return n;
	}

	/**
	 * dissolve_free_huge_page() of `count` pages in block `b` (all of them when omitted): they
	 * leave the pool and max_huge_pages shrinks with it. The caller gives the pages back.
	 */
	dissolve(b: MemoryBlock, count = Infinity): number {
		let n = 0;
		for (let i = this.freelist.length - 1; i >= 0 && n < count; i--) {
			if (this.freelist[i] !== b) continue;
			this.freelist.splice(i, 1);
			n++;
		}
		return n;
	}
}

/** kstrtoul(buf, 10, ...): digits with an optional leading + and one trailing newline; too big is ERANGE. */
export function kstrtoul10(buf: string): bigint | Errno {
	const m = /^\+?([0-9]+)\n?$/.exec(buf);
	if (!m) return 'EINVAL';
	const v = BigInt(m[1]!);
	return v < 1n << 64n ? v : 'ERANGE';
}
