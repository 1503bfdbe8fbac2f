import type {PinnedPage} from './memory-block.js';
import {KERNFS_NODE_CACHE} from './kernfs-node-cache.js';
import {KMALLOC_16} from './kmalloc-names.js';
import {DENTRY_CACHE, IATTRS_CACHE, LSM_INODE_CACHE, TRANSIENT_CACHES, isTransientCache} from './slub.js';

const hex16 = (n: bigint): string => n.toString(16).padStart(16, '0');

/** page->flags layout of this build: zone at bit 51, last_cpupid (0x1fffff, unset) at bit 30. */
function pageFlags(zoneIdx: number, bits: bigint): bigint {
	return (BigInt(zoneIdx) << 51n) | (0x1fffffn << 30n) | bits;
}

const PG_slab = 1n << 9n;
const PG_reserved = 1n << 12n;
const PG_private = 1n << 13n;
const PG_head = 1n << 16n;

/** The direct map and vmemmap bases of a nokaslr x86_64 kernel (page_offset_base, vmemmap_base). */
const PAGE_OFFSET = 0xffff888000000000n;
const VMEMMAP = 0xffffea0000000000n;
const STRUCT_PAGE = 64n;
/** offsetof(struct page, lru). */
const LRU_OFFSET = 8n;

/**
 * &pgd_list (arch/x86/mm/fault.c, .data) without KASLR: the recorded 512M run's address
 * (0xffffffffb103c210) has the same offset inside its 2 MiB alignment unit (0x3c210), which
 * puts it 0x3c210 into .data (0x2a00000 physical, 0xffffffff82a00000 virtual).
 */
const PGD_LIST = 0xffffffff82a3c210n;
/**
 * The shell's page directory, next on pgd_list after a child's: memhp does not place boot-time
 * user page tables, so this is the page the recorded 512M run had there (pfn 0x249a).
 */
const SHELL_PGD_PFN = 0x249an;
/**
 * mm_struct objects: 1152 bytes (sizeof plus the cpumask, cache-line aligned), 28 to an order-3
 * slab; the recorded run's mm sat at offset 0x3a80 = 13 * 1152 of its slab. memhp puts that slab
 * in the early slab memory above the kernel image, beside the kmem_caches named below.
 */
const MM_SLAB = 0x4a60000n;
const MM_STRUCT_SIZE = 1152n;
/**
 * inode_cache's kmem_cache_node partial list and a flushed slab's freelist head in the lab's
 * 1G run that dumped one (s27/gen5 708: both change from boot to boot, the freelist with
 * SLAB_FREELIST_RANDOM's order).
 */
const INODE_CACHE_NODE_PARTIAL = 0xffff8880049b8450n;
const INODE_SLAB_FREELIST_OFFSET = 0x780n;

/** What a pinned page is, in the kernel's words (the event's reason and the tutorial's explanation). */
export function describePage(page: PinnedPage): string {
	if (page.kind === 'slab') {
		if (page.cache !== undefined && isTransientCache(page.cache)) return `${TRANSIENT_CACHES[page.cache].name} slab`;
		if (page.cache === 'lsm') return 'lsm_inode_cache slab';
		if (page.cache === 'kn') return 'kernfs_node_cache slab';
		if (page.cache === 'k16') return page.inuse === 0 ? 'empty kmalloc-16 slab' : 'kmalloc-16 slab';
		if (page.cache === 'D') return 'dentry slab';
		if (page.cache === 'ia') return 'kernfs_iattrs_cache slab';
		return page.cache === 'R' ? 'inode slab' : page.cache === 'P' ? 'proc inode slab' : 'slab';
	}
	return page.kind === 'pgd' ? 'page directory' : page.kind === 'pgtable' ? 'page table' : 'memmap';
}

/** A slab cache as a dump shows it: objects per slab, its kmem_cache, and for one whose slabs a dump may show deactivated, its node's partial list and a freelist head's offset. */
interface DumpedCache {
	objects: number;
	kmemCache: bigint;
	nodePartial?: bigint;
	freelistOffset?: bigint;
}

/**
 * page->index (the freelist), the slab_list and kmem_cache words and the counters of a slab page.
 * The CPU slab is frozen, off every list (slab_list.prev poisoned), its freelist on the CPU, so
 * inuse = objects; once flush_all() or a newer slab took the CPU's place it is unfrozen: full,
 * on no list, or on the node's partial list with its live objects counted and its freelist head
 * in page->index.
 */
function slabWords(pfn: number, cache: DumpedCache, page: PinnedPage): {index: bigint; raw1: string; raw2: string} {
	const objects = BigInt(cache.objects);
	const frozen = page.frozen !== false;
	const inuse = frozen && !page.cpuPartial ? objects : BigInt(page.inuse ?? 0);
	const counters = (frozen ? 1n << 31n : 0n) | (objects << 16n) | inuse;
	if (page.cpuPartial) {
		// On the CPU's partial list: slab->next (none) and slab->slabs (1) over lru, whose prev
		// still has LIST_POISON2's high half; the freelist is the freed object's.
		const index = PAGE_OFFSET + BigInt(pfn) * 4096n + (cache.freelistOffset ?? 0n);
		return {index, raw1: `0000000000000000 dead000000000001 ${hex16(cache.kmemCache)}`,
			raw2: `${hex16(index)} ${hex16(counters)} 00000001ffffffff 0000000000000000`};
	}
	if (inuse < objects && cache.nodePartial !== undefined) {
		const index = PAGE_OFFSET + BigInt(pfn) * 4096n + (cache.freelistOffset ?? 0n);
		return {index, raw1: `${hex16(cache.nodePartial)} ${hex16(cache.nodePartial)} ${hex16(cache.kmemCache)}`,
			raw2: `${hex16(index)} ${hex16(counters)} 00000001ffffffff 0000000000000000`};
	}
	// A new slab's slab_list has next cleared; one taken off the node's partial list was
	// list_del()ed, and stays poisoned while it is the CPU slab or full on no list.
	const next = page.fromPartial ? 'dead000000000100' : '0000000000000000';
	return {index: 0n, raw1: `${next} dead000000000122 ${hex16(cache.kmemCache)}`, raw2: `0000000000000000 ${hex16(counters)} 00000001ffffffff 0000000000000000`};
}

/**
 * __dump_page() + "page dumped because: unmovable page" as set_migratetype_isolate() prints
 * it with REPORT_FAILURE (pr_warn). The raw words are what struct page holds for each kind:
 * a page-table-like page with poisoned lru, a page directory on pgd_list with its mm in
 * page->index, or a slab page with its kmem_cache and counters.
 */
export function dumpPage(page: PinnedPage, zoneIdx: number): string[] {
	let bits = 0n;
	let names = '';
	let raw1: string;
	let raw2: string;
	let index = 0n;
	let pfn = page.pfn;
	let head: string | undefined;
	let refcount = 1;
	if (page.kind === 'slab' && page.cache !== undefined && (page.cache === 'lsm' || isTransientCache(page.cache))) {
		// The CPU slab of a cache of slub.ts, frozen (kmalloc-1k's may be flushed to the node's partial list).
		const info = page.cache === 'lsm' ? {order: 0, ...LSM_INODE_CACHE} : TRANSIENT_CACHES[page.cache];
		const {order, objects, kmemCache} = info;
		bits = order ? PG_slab | PG_head : PG_slab;
		names = order ? 'slab|head|' : 'slab|';
		if (order) head = `head:(____ptrval____) order:${order} compound_mapcount:0 compound_pincount:0`;
		const partial = 'partial' in info ? info.partial : undefined;
		({index, raw1, raw2} = slabWords(pfn, {objects, kmemCache, ...partial}, page));
	} else if (page.kind === 'slab' && (page.cache === 'R' || page.cache === 'P')) {
		// An order-1 slab of inodes (12 objects; proc inodes: 11): has_unmovable_pages() reports the head.
		pfn &= ~1;
		bits = PG_slab | PG_head;
		names = 'slab|head|';
		head = 'head:(____ptrval____) order:1 compound_mapcount:0 compound_pincount:0';
		// (proc_inode_cache's struct kmem_cache: the lab's dumps of its slabs, s40/k1 and s42/v.)
		const cache = page.cache === 'R'
			? {objects: 12, kmemCache: 0xffff8880049bea00n, nodePartial: INODE_CACHE_NODE_PARTIAL, freelistOffset: INODE_SLAB_FREELIST_OFFSET}
			: {objects: 11, kmemCache: 0xffff8880049beb00n, nodePartial: INODE_CACHE_NODE_PARTIAL, freelistOffset: INODE_SLAB_FREELIST_OFFSET};
		({index, raw1, raw2} = slabWords(pfn, cache, page));
	} else if (page.kind === 'slab' && page.cache === 'ia') {
		// kernfs_iattrs_cache's slab: order 0, 46 objects.
		bits = PG_slab;
		names = 'slab|';
		({index, raw1, raw2} = slabWords(pfn, IATTRS_CACHE, page));
	} else if (page.kind === 'slab' && page.cache === 'D') {
		// The dentry cache's slab: order 0, 21 dentries of 192 bytes.
		bits = PG_slab;
		names = 'slab|';
		({index, raw1, raw2} = slabWords(pfn, DENTRY_CACHE, page));
	} else if (page.kind === 'slab' && (page.cache === 'kn' || page.cache === 'k16')) {
		// kernfs_node_cache's slab (order 0, 32 objects) or kmalloc-16's (order 0, 256).
		bits = PG_slab;
		names = 'slab|';
		({index, raw1, raw2} = slabWords(pfn, page.cache === 'kn' ? KERNFS_NODE_CACHE : KMALLOC_16, page));
	} else if (page.kind === 'pgd') {
		// pgd_list_add(): list_add() at the head, so lru.prev is &pgd_list and lru.next the shell's page.
		index = PAGE_OFFSET + MM_SLAB + BigInt(page.mmObject ?? 0) * MM_STRUCT_SIZE;
		raw1 = `${hex16(VMEMMAP + SHELL_PGD_PFN * STRUCT_PAGE + LRU_OFFSET)} ${hex16(PGD_LIST)} 0000000000000000`;
		raw2 = `${hex16(index)} 0000000000000000 00000001ffffffff 0000000000000000`;
	} else if (page.kind === 'slab') {
		bits = PG_slab;
		names = 'slab|';
		if (page.cache === 'B') {
			raw1 = `0000000000000000 dead000000000122 ffff8880049b7900`;
			raw2 = `0000000000000000 00000000801a001a 00000001ffffffff 0000000000000000`;
		} else {
			raw1 = `dead000000000100 dead000000000122 ffff8880049be900`;
			raw2 = `0000000000000000 0000000080220022 00000001ffffffff 0000000000000000`;
		}
	} else if (page.kind === 'memmap') {
		bits = PG_reserved;
		names = 'reserved|';
		// reserve_bootmem_region(): INIT_LIST_HEAD(&page->lru), so lru points at itself.
		const lru = hex16(VMEMMAP + BigInt(page.pfn) * STRUCT_PAGE + LRU_OFFSET);
		raw1 = `${lru} ${lru} 0000000000000000`;
		raw2 = `0000000000000000 0000000000000000 00000001ffffffff 0000000000000000`;
		if (page.bootmem) {
			// get_page_bootmem(): page->index = type, SetPagePrivate(), page->private = info, a reference each time.
			const {type, info, refs} = page.bootmem;
			bits |= PG_private;
			names = 'reserved|private|';
			index = BigInt(type);
			refcount = 1 + refs;
			raw2 = `${hex16(index)} ${hex16(BigInt(info))} ${(0xffffffffn + (BigInt(refcount) << 32n)).toString(16).padStart(16, '0')} 0000000000000000`;
		}
	} else if (page.kind === 'vmemmap') {
		// The head of the order-9 block rmqueue took off the buddy free list: list_del() poisons
		// its lru; no page flag, refcount 1.
		raw1 = `dead000000000100 dead000000000122 0000000000000000`;
		raw2 = `0000000000000000 0000000000000000 00000001ffffffff 0000000000000000`;
	} else {
		raw1 = `0000000000000000 dead000000000122 0000000000000000`;
		raw2 = `0000000000000000 0000000000000000 00000001ffffffff 0000000000000000`;
	}
	const flags = pageFlags(zoneIdx, bits);
	return [
		`page:(____ptrval____) refcount:${refcount} mapcount:0 mapping:0000000000000000 index:0x${index.toString(16)} pfn:0x${pfn.toString(16)}`,
		...(head ? [head] : []),
		`flags: 0x${flags.toString(16)}(${names}node=0|zone=${zoneIdx}|lastcpupid=0x1fffff)`,
		`raw: ${hex16(flags)} ${raw1}`,
		`raw: ${raw2}`,
		'page dumped because: unmovable page',
	];
}
