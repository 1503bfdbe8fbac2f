import type {Errno} from '../errno.js';
import type {AttrNode, DirNode, SymlinkNode, VNode} from '../vfs/node.js';

/**
 * Called the first time a node is looked up: charges the new dentry and inode. `epoch` changes when the dcache
 * drops its unused dentries (drop_caches): a name looked up before is then looked up afresh. `release(n)`:
 * n dentries went with their inodes (a stale directory's, and those under it, see kdir()).
 */
export type LookupHook = (() => void) & {epoch?: () => number; release?: (n: number) => void; negative?: () => void; releaseNegative?: () => void};

/**
 * The order readdir returns a directory's entries in: kernfs's (sysfs) by name hash, or the
 * order given (procfs, whose directories memhp lists as its builders give them).
 */
export type DirOrder = 'kernfs' | 'as-given';

/**
 * A kernfs directory: a {@link DirNode} that also counts its subdirectories (kn->dir.subdirs),
 * and the dentries path walks instantiated in it and below it (those of this dcache epoch).
 */
export type KernfsDir = DirNode & {subdirs(): number; liveDentries?(): number; invalidate?(name: string): number};

/** One listing of a kernfs directory, indexed for lookups. */
interface Listing {
	entries: [string, VNode][];
	byName: Map<string, VNode>;
	subdirs: number;
}

const GOLDEN_RATIO_64 = 0x61c8864680b583ebn;
const U64 = (1n << 64n) - 1n;
const hashes = new Map<string, number>();

/**
 * kernfs_name_hash() for a node without a namespace: the dcache's partial_name_hash() over the
 * name's bytes, end_name_hash() (hash_long() to 32 bits), kept in 31 bits and away from the
 * values kernfs reserves.
 */
export function kernfsNameHash(name: string): number {
	let cached = hashes.get(name);
	if (cached === undefined) {
		let hash = 0n;
		for (const c of Buffer.from(name, 'utf8')) hash = ((hash + (BigInt(c) << 4n) + (BigInt(c) >> 4n)) * 11n) & U64;
		let h = Number(((hash * GOLDEN_RATIO_64) & U64) >> 32n) & 0x7fffffff;
		if (h < 2) h += 2;
		if (h >= 0x7fffffff) h = 0x7ffffffe;
		cached = h;
		hashes.set(name, cached);
	}
	return cached;
}

/** kernfs_sd_compare(): a directory's rbtree (and so readdir) orders children by hash, then name. */
function kernfsOrder(entries: [string, VNode][]): [string, VNode][] {
	return [...entries].sort(([a], [b]) => kernfsNameHash(a) - kernfsNameHash(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function indexListing(entries: [string, VNode][]): Listing {
	const byName = new Map<string, VNode>();
	let subdirs = 0;
	for (const [name, node] of entries) {
		// The first of two equal names wins, as the linear search it replaces found it.
		if (!byName.has(name)) byName.set(name, node);
		if (node.kind === 'dir') subdirs++;
	}
	return {entries, byName, subdirs};
}

/**
 * A kernfs directory whose entries are computed at lookup time (memoryN come and go). The first
 * path-walk lookup of a node allocates its dentry and inode (onNewLookup); a directory removed
 * and created again under the same name (a re-added memory block) is a new kernfs node with a
 * new dentry. stat() of the directory reads the subdirectory count and instantiates nothing.
 *
 * With `generation`, the listing is computed once per value of it (kernfs keeps its children in
 * an rbtree that only changes when a node is added or removed): a lookup is then one map probe
 * instead of rebuilding every entry, which keeps a path walk under /sys independent of the
 * number of memory blocks. `mounted`: names whose dentries the filesystem made at mount time
 * and keeps (procfs's self and thread-self): their lookups allocate nothing. `find`: a lookup
 * that finds one name without the listing (procfs's root: proc_pid_lookup() of one task).
 */
export function kdir(entries: () => [string, VNode][], onNewLookup?: LookupHook, mode = 0o755, generation?: () => number, order: DirOrder = 'kernfs', mounted: ReadonlySet<string> = NONE,
	find?: (name: string) => VNode | undefined): KernfsDir {
	const ordered = order === 'kernfs' ? () => kernfsOrder(entries()) : entries;
	const epochNow = (): number => onNewLookup?.epoch?.() ?? 0;
	// The dentries a name's entry of this epoch stands for: its own and every live one under it.
	const live = (known: {node: VNode; epoch: number} | undefined): number => (known && known.epoch === epochNow() ? 1 + (liveDentries(known.node) ?? 0) : 0);
	// Names with a live dentry; directories are kept per node (attributes and links are rebuilt
	// on every listing, directories of a memory block live as long as the block).
	const seen = new Map<string, {node: VNode; epoch: number}>();
	// Names with a negative dentry, by the dcache epoch it was made in.
	const negatives = new Map<string, number>();
	let cached: Listing | undefined;
	let cachedGen = NaN;
	const listing = (): Listing => {
		const gen = generation!();
		if (!cached || gen !== cachedGen) {
			cached = indexListing(ordered());
			cachedGen = gen;
		}
		return cached;
	};
	return {
		kind: 'dir',
		mode,
		list: () => (generation ? listing().entries : ordered()).map(([n]) => n),
		lookup(name: string): VNode | undefined {
			const hit = find ? find(name) : generation ? listing().byName.get(name) : entries().find(([n]) => n === name)?.[1];
			const known = seen.get(name);
			const epoch = epochNow();
			// kernfs_iop_lookup() of a name that is not there hashes a negative dentry, which
			// stays; once the name exists, kernfs_dop_revalidate() drops it for a new one
			if (!hit && onNewLookup?.negative && !mounted.has(name) && negatives.get(name) !== epoch) {
				negatives.set(name, epoch);
				onNewLookup.negative();
			} else if (hit && negatives.has(name)) {
				if (negatives.get(name) === epoch) onNewLookup?.releaseNegative?.();
				negatives.delete(name);
			}
			if (hit && onNewLookup && !mounted.has(name) && (!known || known.epoch !== epoch || (hit.kind === 'dir' && known.node !== hit))) {
				// kernfs_dop_revalidate() fails on the dentry of a removed node (a memory block
				// ejected and added again): d_invalidate() drops it and the unused dentries under
				// it, and kernfs's drop_inode (generic_delete_inode) evicts their inodes at once;
				// dentries, inodes and LSM blobs are freed by call_rcu(), so their objects are
				// back in the caches' slabs once a grace period ends (GuestMm.invalidateLookups()).
				if (known && known.epoch === epoch) onNewLookup.release?.(live(known));
				seen.set(name, {node: hit, epoch});
				onNewLookup();
			}
			return hit;
		},
		liveDentries(): number {
			let n = 0;
			for (const known of seen.values()) n += live(known);
			return n;
		},
		/**
		 * d_invalidate() of the child `name`'s dentry and every dentry under it (proc_flush_pid()
		 * at a task's exit): how many of this epoch there were. The next lookup instantiates
		 * it anew.
		 */
		invalidate(name: string): number {
			const n = live(seen.get(name));
			seen.delete(name);
			return n;
		},
		subdirs: () => (generation ? listing().subdirs : entries().filter(([, n]) => n.kind === 'dir').length),
	};
}

/**
 * procfs's readdir of task directories (proc_fill_cache()): listing `dir` instantiates each entry
 * `which` accepts as a lookup would (a dentry and an inode, the first time).
 */
export function instantiateOnReaddir(dir: KernfsDir, which: (name: string) => boolean = () => true): KernfsDir {
	const list = dir.list;
	dir.list = () => {
		const names = list();
		for (const n of names) if (which(n)) dir.lookup(n);
		return names;
	};
	return dir;
}

/** The live dentries under a directory node kdir() built (none under other nodes). */
function liveDentries(node: VNode): number | undefined {
	return node.kind === 'dir' ? (node as Partial<KernfsDir>).liveDentries?.() : undefined;
}

const NONE: ReadonlySet<string> = new Set();

/** A sysfs attribute: mode 0444 without store, 0644 with one (0200 for write-only). */
export function kattr(show: (() => string | Errno) | undefined, store?: (data: string) => Errno | undefined, mode?: number): AttrNode {
	return {kind: 'attr', mode: mode ?? (store ? (show ? 0o644 : 0o200) : 0o444), show, store};
}

export function klink(target: string): SymlinkNode {
	return {kind: 'symlink', mode: 0o777, target};
}

/** A read-only procfs file (size 0, generated on open). */
export function pfile(read: () => string | Errno, mode = 0o444, open?: () => void): VNode {
	return {kind: 'file', mode, read, size: () => 0, ...(open ? {open} : {})};
}

/** A static directory listing. */
export function sdir(entries: [string, VNode][], onNewLookup?: LookupHook, mode = 0o755, order: DirOrder = 'kernfs'): KernfsDir {
	return kdir(() => entries, onNewLookup, mode, () => 0, order);
}
