/**
 * GLib 2.74's GHashTable (glib/ghash.c), reproduced faithfully enough that iteration
 * order matches the real thing. QEMU keeps every QOM object's properties (and so the
 * children of `/objects` and `/machine/peripheral`) in one of these, and `info memdev`,
 * `qom-list` print in its iteration order (reversed by QAPI_LIST_PREPEND). Open
 * addressing with quadratic probing, tombstones on remove, in-place resize.
 */

const HASH_TABLE_MIN_SHIFT = 3;
const UNUSED_HASH_VALUE = 0;
const TOMBSTONE_HASH_VALUE = 1;

/** prime_mod[shift]: the modulus used by g_hash_table_hash_to_index for 1 << shift buckets. */
const PRIME_MOD = [
	1, 2, 3, 7, 13, 31, 61, 127, 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071,
	262139, 524287, 1048573, 2097143, 4194301, 8388593, 16777213, 33554393, 67108859, 134217689,
	268435399, 536870909, 1073741789, 2147483647,
];

const isReal = (hash: number): boolean => hash >= 2;

/** g_str_hash: djb2 over the UTF-8 bytes taken as *signed* chars, in guint32 arithmetic. */
export function g_str_hash(key: string): number {
	let h = 5381;
	for (const byte of utf8Bytes(key)) {
		const c = byte >= 0x80 ? byte - 0x100 : byte;
		h = (Math.imul(h, 33) + c) >>> 0;
	}
	return h;
}

const encoder = new TextEncoder();

/**
 * The UTF-8 bytes of `s`. Ids and property names are nearly always ASCII, whose bytes are
 * the char codes: no encoder call per hash (every QOM lookup hashes its key).
 */
export function utf8Bytes(s: string): ArrayLike<number> & Iterable<number> {
	for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return encoder.encode(s);
	const bytes = new Array<number>(s.length);
	for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
	return bytes;
}

/** A string-keyed GHashTable (g_hash_table_new_full(g_str_hash, g_str_equal, ...)). */
export class GHashTable<V> {
	private size = 0;
	private mod = 0;
	private mask = 0;
	private nnodes = 0;
	/** nnodes + tombstones */
	private noccupied = 0;
	private hashes: number[] = [];
	private keys: (string | undefined)[] = [];
	private values: (V | undefined)[] = [];

	constructor() {
		this.setShift(HASH_TABLE_MIN_SHIFT);
		this.hashes = new Array<number>(this.size).fill(UNUSED_HASH_VALUE);
		this.keys = new Array<string | undefined>(this.size).fill(undefined);
		this.values = new Array<V | undefined>(this.size).fill(undefined);
	}

	get length(): number {
		return this.nnodes;
	}

	private setShift(shift: number): void {
		this.size = 1 << shift;
		this.mod = PRIME_MOD[shift];
		this.mask = this.size - 1;
	}

	private setShiftFromSize(size: number): void {
		// g_hash_table_find_closest_shift: number of significant bits of size
		let shift = 0;
		for (let n = size; n; n >>= 1) shift++;
		this.setShift(Math.max(shift, HASH_TABLE_MIN_SHIFT));
	}

	/** (hash * 11) % mod, the multiplication wrapping in guint like C. */
	private hashToIndex(hash: number): number {
		return (Math.imul(hash, 11) >>> 0) % this.mod;
	}

	private lookupNode(key: string): {index: number; hash: number} {
		let hash = g_str_hash(key);
		if (!isReal(hash)) hash = 2;
		let index = this.hashToIndex(hash);
		let nodeHash = this.hashes[index];
		let firstTombstone = 0;
		let haveTombstone = false;
		let step = 0;
		while (nodeHash !== UNUSED_HASH_VALUE) {
			if (nodeHash === hash) {
				if (this.keys[index] === key) return {index, hash};
			} else if (nodeHash === TOMBSTONE_HASH_VALUE && !haveTombstone) {
				firstTombstone = index;
				haveTombstone = true;
			}
			step++;
			index = (index + step) & this.mask;
			nodeHash = this.hashes[index];
		}
		return {index: haveTombstone ? firstTombstone : index, hash};
	}

	has(key: string): boolean {
		return isReal(this.hashes[this.lookupNode(key).index]);
	}

	get(key: string): V | undefined {
		const {index} = this.lookupNode(key);
		return isReal(this.hashes[index]) ? this.values[index] : undefined;
	}

	/** g_hash_table_insert / replace: an existing key keeps its bucket. */
	set(key: string, value: V): void {
		const {index, hash} = this.lookupNode(key);
		const oldHash = this.hashes[index];
		if (isReal(oldHash)) {
			this.values[index] = value;
			return;
		}
		this.hashes[index] = hash;
		this.keys[index] = key;
		this.values[index] = value;
		this.nnodes++;
		if (oldHash === UNUSED_HASH_VALUE) {
			// only filling an empty bucket (not a tombstone) can raise the load
			this.noccupied++;
			this.maybeResize();
		}
	}

	/** g_hash_table_remove: leaves a tombstone, then may shrink/clean up. */
	delete(key: string): boolean {
		const {index} = this.lookupNode(key);
		if (!isReal(this.hashes[index])) return false;
		this.hashes[index] = TOMBSTONE_HASH_VALUE;
		this.keys[index] = undefined;
		this.values[index] = undefined;
		this.nnodes--;
		this.maybeResize();
		return true;
	}

	/** Entries in GHashTableIter order (bucket 0 upwards). */
	entries(): Array<[string, V]> {
		const out: Array<[string, V]> = [];
		for (let i = 0; i < this.size; i++) {
			if (isReal(this.hashes[i])) out.push([this.keys[i] as string, this.values[i] as V]);
		}
		return out;
	}

	/** g_hash_table_foreach(): each value in iteration order, with no array built. */
	forEachValue(fn: (value: V) => void): void {
		for (let i = 0; i < this.size; i++) {
			if (isReal(this.hashes[i])) fn(this.values[i] as V);
		}
	}

	/** The values in iteration order. */
	valuesInOrder(): V[] {
		const out: V[] = [];
		this.forEachValue(v => out.push(v));
		return out;
	}

	keysInOrder(): string[] {
		return this.entries().map(([k]) => k);
	}

	private maybeResize(): void {
		const noccupied = this.noccupied;
		const size = this.size;
		if ((size > this.nnodes * 4 && size > 1 << HASH_TABLE_MIN_SHIFT) || size <= noccupied + Math.trunc(noccupied / 16)) {
			this.resize();
		}
	}

	private resize(): void {
		const oldSize = this.size;
		// (gint)(nnodes * 1.333): C truncates the double
		this.setShiftFromSize(Math.trunc(this.nnodes * 1.333));
		if (this.size > oldSize) {
			for (let i = oldSize; i < this.size; i++) {
				this.hashes[i] = UNUSED_HASH_VALUE;
				this.keys[i] = undefined;
				this.values[i] = undefined;
			}
		}
		const reallocated = new Array<boolean>(Math.max(this.size, oldSize)).fill(false);
		this.resizeMap(oldSize, reallocated);
		if (this.size < oldSize) {
			this.hashes.length = this.size;
			this.keys.length = this.size;
			this.values.length = this.size;
		}
		this.noccupied = this.nnodes;
	}

	/** resize_map: rehash in place, evicting occupants into a chain until a free bucket. */
	private resizeMap(oldSize: number, reallocated: boolean[]): void {
		for (let i = 0; i < oldSize; i++) {
			let nodeHash = this.hashes[i];
			if (!isReal(nodeHash)) {
				this.hashes[i] = UNUSED_HASH_VALUE;
				continue;
			}
			if (reallocated[i]) continue;
			this.hashes[i] = UNUSED_HASH_VALUE;
			let key = this.keys[i];
			let value = this.values[i];
			this.keys[i] = undefined;
			this.values[i] = undefined;
			for (;;) {
				let idx = this.hashToIndex(nodeHash);
				let step = 0;
				while (reallocated[idx]) {
					step++;
					idx = (idx + step) & this.mask;
				}
				reallocated[idx] = true;
				const replacedHash = this.hashes[idx];
				this.hashes[idx] = nodeHash;
				if (!isReal(replacedHash)) {
					this.keys[idx] = key;
					this.values[idx] = value;
					break;
				}
				nodeHash = replacedHash;
				const evictedKey = this.keys[idx];
				const evictedValue = this.values[idx];
				this.keys[idx] = key;
				this.values[idx] = value;
				key = evictedKey;
				value = evictedValue;
			}
		}
	}
}
