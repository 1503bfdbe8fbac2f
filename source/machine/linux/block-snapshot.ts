import type {BlockSnapshot} from '../snapshot.js';
import {PAGE_SIZE} from './memblock.js';
import type {MemoryBlock} from './memory-block.js';
import type {GuestMm} from './mm.js';

/**
 * The memory panel's view of each memory block, kept per block and rebuilt only when that
 * block's counts change. A snapshot is taken after every command; with thousands of blocks
 * (a 1 TiB guest) rebuilding them all would make each command cost O(blocks) where the
 * kernel touched one. Cached snapshots are frozen: they are shared by later snapshots.
 */
export class BlockSnapshotCache {
	private readonly cache = new WeakMap<MemoryBlock, BlockSnapshot>();

	constructor(private readonly mm: GuestMm) {}

	/** Snapshots of every block, in block order. */
	blocks(): BlockSnapshot[] {
		return this.mm.sortedBlocks().map(b => this.of(b));
	}

	private of(b: MemoryBlock): BlockSnapshot {
		const online = b.state === 'online';
		const zone = online ? (b.zone ? b.zone.name : 'none') : null;
		// Poisoned pages are neither free nor movable: the panel shows them with the kernel's.
		const unmovablePages = b.unmovable + b.reserved + b.parked + b.hwpoison;
		// valid_zones of an offline block depends on the zones around it, not on the block.
		const validZones = online ? (zone as string) : this.mm.validZones(b);
		// Free huge pages leave with an offline too (dissolved, not migrated): the panel counts them movable.
		const movablePages = b.movable + b.hugetlb;
		const c = this.cache.get(b);
		if (c && c.state === b.state && c.zone === zone && c.totalPages === b.present && c.freePages === b.free
			&& c.movablePages === movablePages && c.unmovablePages === unmovablePages && c.validZones === validZones) {
			return c;
		}
		const snap: BlockSnapshot = Object.freeze({
			index: b.id,
			start: b.startPfn * PAGE_SIZE,
			size: b.nrPages * PAGE_SIZE,
			state: b.state,
			zone,
			hotplugged: b.hotplugged,
			totalPages: b.present,
			freePages: b.free,
			movablePages,
			unmovablePages,
			validZones,
		});
		this.cache.set(b, snap);
		return snap;
	}
}
