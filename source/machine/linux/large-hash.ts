/**
 * alloc_large_system_hash() (mm/page_alloc.c) and the tables of this kernel that use it.
 *
 * A table sized from memory gets one bucket per 2^scale bytes of nr_kernel_pages (rounded up to
 * a MiB), clamped to its limits and rounded up to a power of two: so the tables of a 3 GiB guest
 * are those of a 4 GiB one. Tables made before mem_init() come from memblock (reserved, outside
 * MemTotal); the others from the buddy allocator through alloc_pages_exact() and count as used.
 */
const PAGE_SHIFT = 12;
const PAGE_SIZE = 1 << PAGE_SHIFT;
/** MAX_ORDER (11): a linear table larger than order 10 would be vmalloc()ed instead. */
const MAX_ORDER = 11;
/** ADAPT_SCALE_BASE (64 GiB) in pages. */
const ADAPT_SCALE_NPAGES = (64 * 1024 * 1024 * 1024) / 4096;

export interface HashTableSpec {
	name: string;
	bucketsize: number;
	/** Buckets per 2^scale bytes of low memory; 0 when `numentries` is given. */
	scale: number;
	/** A fixed bucket count the caller passes (futex, Table-perturb, TCP bind). */
	numentries?: number;
	lowLimit?: number;
	/** 0: no limit beyond 1/16 of memory. */
	highLimit?: number;
	/** HASH_EARLY: allocated from memblock before the buddy allocator exists. */
	early?: boolean;
}

export interface HashTable {
	name: string;
	entries: number;
	bytes: number;
	/** get_order(bytes), as the boot message prints it. */
	order: number;
	/** Pages alloc_pages_exact() keeps (0 for an early table). */
	pages: number;
	early: boolean;
}

export const roundupPow2 = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

export function getOrder(size: number): number {
	let order = 0;
	let pages = Math.ceil(size / PAGE_SIZE) - 1;
	while (pages > 0) {
		order++;
		pages >>= 1;
	}
	return order;
}

/** alloc_large_system_hash(): the bucket count and size for `nrKernelPages` of low memory. */
export function largeSystemHash(spec: HashTableSpec, nrKernelPages: number, nrAllPages = nrKernelPages): HashTable {
	let numentries = spec.numentries ?? 0;
	if (!numentries) {
		// round applicable memory size up to nearest megabyte
		numentries = Math.ceil(nrKernelPages / 256) * 256;
		let scale = spec.scale;
		// ADAPT_SCALE: a table without a high limit grows four times slower past 64 GiB.
		if (!spec.highLimit) for (let adapt = ADAPT_SCALE_NPAGES; adapt < numentries; adapt *= 4) scale++;
		numentries = scale > PAGE_SHIFT ? Math.floor(numentries / 2 ** (scale - PAGE_SHIFT)) : numentries * 2 ** (PAGE_SHIFT - scale);
		// Make sure we've got at least a 0-order allocation.
		if (numentries * spec.bucketsize < PAGE_SIZE) numentries = PAGE_SIZE / spec.bucketsize;
	}
	numentries = roundupPow2(numentries);
	// limit allocation size to 1/16 total memory by default
	let max = spec.highLimit ?? 0;
	if (!max) max = Math.floor((nrAllPages * PAGE_SIZE) / 16 / spec.bucketsize);
	max = Math.min(max, 0x80000000);
	numentries = Math.max(numentries, spec.lowLimit ?? 0);
	numentries = Math.min(numentries, max);
	// log2qty = ilog2(numentries): a clamp to a limit that is not a power of two rounds down.
	const entries = 2 ** Math.floor(Math.log2(numentries));
	const bytes = entries * spec.bucketsize;
	const order = getOrder(bytes);
	const early = spec.early ?? false;
	return {name: spec.name, entries, bytes, order, pages: early || order >= MAX_ORDER ? 0 : Math.ceil(bytes / PAGE_SIZE), early};
}

/** dcache_init_early() / inode_init_early(): from memblock, in the boot reservations. */
export const DENTRY_HASH: HashTableSpec = {name: 'Dentry cache', bucketsize: 8, scale: 13, early: true};
export const INODE_HASH: HashTableSpec = {name: 'Inode-cache', bucketsize: 8, scale: 14, early: true};

/** mnt_init(): mount and mountpoint hashes (hlist_head), one bucket per 512 KiB. */
export const MOUNT_HASHES: HashTableSpec[] = [
	{name: 'Mount-cache', bucketsize: 8, scale: 19},
	{name: 'Mountpoint-cache', bucketsize: 8, scale: 19},
];

/** futex_init(): 256 buckets (64-byte futex_hash_bucket) per possible CPU, a power of two. */
export function futexHash(cpus: number): HashTableSpec {
	const n = roundupPow2(256 * Math.max(1, cpus));
	return {name: 'futex', bucketsize: 64, scale: 0, numentries: n, lowLimit: n, highLimit: n};
}

/**
 * inet_init() → ip_rt_init(), tcp_init(), mptcp_init(), udp_init(): the networking tables,
 * in the order of their boot messages. TCP bind is sized from TCP established.
 */
export function inetHashTables(nrKernelPages: number, nrAllPages = nrKernelPages): HashTable[] {
	const h = (spec: HashTableSpec) => largeSystemHash(spec, nrKernelPages, nrAllPages);
	const idents = h({name: 'IP idents', bucketsize: 8, scale: 16, lowLimit: 2048, highLimit: 256 * 1024});
	const listen = h({name: 'tcp_listen_portaddr_hash', bucketsize: 16, scale: 21, highLimit: 64 * 1024});
	const perturb = h({name: 'Table-perturb', bucketsize: 4, scale: 0, numentries: 1 << 16, lowLimit: 1 << 16, highLimit: 1 << 16});
	const established = h({name: 'TCP established', bucketsize: 8, scale: 17, highLimit: 512 * 1024});
	const bind = h({name: 'TCP bind', bucketsize: 32, scale: 17, numentries: established.entries, highLimit: 64 * 1024});
	const mptcp = h({name: 'MPTCP token', bucketsize: 24, scale: 20, highLimit: 64 * 1024});
	const udp = h({name: 'UDP', bucketsize: 32, scale: 21, lowLimit: 256, highLimit: 64 * 1024});
	const udplite = h({name: 'UDP-Lite', bucketsize: 32, scale: 21, lowLimit: 256, highLimit: 64 * 1024});
	return [idents, listen, perturb, established, bind, mptcp, udp, udplite];
}

/** Pages of every table allocated from the buddy allocator after mem_init(), for `cpus` CPUs. */
export function lateHashPages(nrKernelPages: number, cpus: number): number {
	return lateHashTables(nrKernelPages, cpus).reduce((n, t) => n + t.pages, 0);
}

/** The tables alloc_large_system_hash() takes from the buddy allocator (after mem_init()). */
export function lateHashTables(nrKernelPages: number, cpus: number): HashTable[] {
	return [...MOUNT_HASHES.map(s => largeSystemHash(s, nrKernelPages)), largeSystemHash(futexHash(cpus), nrKernelPages), ...inetHashTables(nrKernelPages)];
}

/** The boot message: `<name> hash table entries: N (order: O, B bytes, linear)`. */
export function hashTableMessage(t: HashTable): string {
	return `${t.name} hash table entries: ${t.entries} (order: ${t.order}, ${t.bytes} bytes, linear)`;
}
