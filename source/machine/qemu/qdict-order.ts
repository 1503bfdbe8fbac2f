/**
 * Iteration order of QEMU's QDict (qobject/qdict.c): 512 buckets chosen by tdb_hash, each a
 * list with the newest entry first. Property setters and the QAPI "unexpected parameter"
 * check walk dictionaries in this order, which decides which error a user sees first.
 */
import {GHashTable, utf8Bytes} from './glib-hash-table.js';

const QDICT_BUCKET_MAX = 512;

/** tdb_hash() from qdict.c (unsigned 32-bit arithmetic). */
export function tdbHash(name: string): number {
	const bytes = utf8Bytes(name);
	let value = Math.imul(0x238f13af, bytes.length) >>> 0;
	for (let i = 0; i < bytes.length; i++) value = (value + ((bytes[i] << ((i * 5) % 24)) >>> 0)) >>> 0;
	return (Math.imul(1103515243, value) + 12345) >>> 0;
}

/** Keys of a QDict built by inserting `keys` in order, in qdict_first/qdict_next order. */
export function qdictOrder(keys: Iterable<string>): string[] {
	// Buckets in index order; inside one, the newest key first (qdict_put_obj inserts at the
	// head). A key put again keeps its place.
	const entries: {bucket: number; seq: number; key: string}[] = [];
	const seen = new Set<string>();
	for (const key of keys) {
		if (seen.has(key)) continue;
		seen.add(key);
		entries.push({bucket: tdbHash(key) % QDICT_BUCKET_MAX, seq: entries.length, key});
	}
	entries.sort((a, b) => a.bucket - b.bucket || b.seq - a.seq);
	return entries.map((e) => e.key);
}

/**
 * qobject_input_check_struct: the first key left unvisited, walking a GHashTable filled from
 * the QDict and emptied of the visited members.
 */
export function firstUnvisitedKey(allKeys: Iterable<string>, visited: Iterable<string>): string | undefined {
	const table = new GHashTable<true>();
	for (const key of qdictOrder(allKeys)) table.set(key, true);
	for (const key of visited) table.delete(key);
	return table.keysInOrder()[0];
}
