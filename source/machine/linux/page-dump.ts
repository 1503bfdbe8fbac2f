import type {PinnedPage} from './memory-block.js';

const hex16 = (n: bigint): string => n.toString(16).padStart(16, '0');

/** page->flags layout of this build: zone at bit 51, last_cpupid (0x1fffff, unset) at bit 30. */
function pageFlags(zoneIdx: number, bits: bigint): bigint {
	return (BigInt(zoneIdx) << 51n) | (0x1fffffn << 30n) | bits;
}

const PG_slab = 1n << 9n;
const PG_reserved = 1n << 12n;

/**
 * __dump_page() + "page dumped because: unmovable page" as set_migratetype_isolate() prints
 * it with REPORT_FAILURE (pr_warn). The raw words are what struct page holds for each kind:
 * a page-table-like page with poisoned lru, or a slab page with its kmem_cache and counters.
 */
export function dumpPage(page: PinnedPage, zoneIdx: number): string[] {
	let bits = 0n;
	let names = '';
	let raw1: string;
	let raw2: string;
	if (page.kind === 'slab') {
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
		raw1 = `ffffea0000000008 ffffea0000000008 0000000000000000`;
		raw2 = `0000000000000000 0000000000000000 00000001ffffffff 0000000000000000`;
	} else {
		raw1 = `0000000000000000 dead000000000122 0000000000000000`;
		raw2 = `0000000000000000 0000000000000000 00000001ffffffff 0000000000000000`;
	}
	const flags = pageFlags(zoneIdx, bits);
	return [
		`page:(____ptrval____) refcount:1 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x${page.pfn.toString(16)}`,
		`flags: 0x${flags.toString(16)}(${names}node=0|zone=${zoneIdx}|lastcpupid=0x1fffff)`,
		`raw: ${hex16(flags)} ${raw1}`,
		`raw: ${raw2}`,
		'page dumped because: unmovable page',
	];
}
