import type {MemoryBlock, PinnedPage} from './memory-block.js';

/** A slab of the cache in hot-added memory, and how many of its objects each hot-add (by start address) holds. */
export interface HotSlab {
	block: MemoryBlock;
	pin: PinnedPage;
	owners: Map<number, number>;
}

/**
 * An order-0 slab cache a memory hot-add allocates from in two steps, before its blocks can come
 * online and in acpi_bind_memory_blocks() after them (kernfs_node_cache: kernfs-node-cache.ts;
 * kmalloc-16 for the names: kmalloc-names.ts). With one CPU the cache's free objects (its CPU
 * slab's and its partial slabs') are a count, and a new slab comes only when the count is zero:
 * from boot memory while the hot-added blocks are offline, and in the bind step from the zone
 * the kernel allocates from by then, which may be a ZONE_NORMAL made of the DIMM itself. Such a
 * slab stays while any of its objects lives, and the DIMM's offline is refused for it.
 */
export class HotplugSlabCache {
	private freeObjects: number | undefined;
	private cpuSlab: HotSlab | undefined;
	/** Objects each owner holds (a hot-add by its start address), wherever they are. */
	private readonly held = new Map<number, number>();
	/** The cache's slabs in hot-added memory. */
	readonly slabs: HotSlab[] = [];

	/** `freeAtBoot` is asked once, at the first allocation: what boot left free. */
	constructor(readonly objects: number, private readonly freeAtBoot: () => number) {}

	/** Free objects now. */
	get free(): number {
		this.freeObjects ??= this.freeAtBoot();
		return this.freeObjects;
	}

	/**
	 * `n` objects for the hot-add at `owner` (its start address): the CPU slab's free objects first
	 * (a slab in hot-added memory, while it has room), then the others; with none left a new slab,
	 * which `newSlab` places in hot-added memory (undefined, or no `newSlab`: boot memory).
	 */
	alloc(n: number, owner: number, newSlab?: (owner: number) => HotSlab | undefined): void {
		if (n > 0) this.held.set(owner, (this.held.get(owner) ?? 0) + n);
		let free = this.free;
		for (let i = 0; i < n; i++) {
			const cpu = this.cpuSlab;
			if (cpu && cpu.pin.inuse! < this.objects) {
				cpu.pin.inuse!++;
				cpu.pin.frozen = true;
				cpu.owners.set(owner, (cpu.owners.get(owner) ?? 0) + 1);
				free--;
				continue;
			}
			if (free > 0) {
				free--;
				continue;
			}
			free += this.objects - 1;
			// The full CPU slab is left behind, unfrozen, on no list.
			if (cpu) cpu.pin.frozen = false;
			this.cpuSlab = newSlab?.(owner);
			if (this.cpuSlab) this.slabs.push(this.cpuSlab);
		}
		this.freeObjects = free;
	}

	/** A removal: every object the hot-add at `owner` took goes back to its slab. */
	release(owner: number): void {
		const n = this.held.get(owner);
		if (!n) return;
		this.held.delete(owner);
		this.freeObjects = this.free + n;
		for (const s of this.slabs) {
			const k = s.owners.get(owner);
			if (!k) continue;
			s.owners.delete(owner);
			s.pin.inuse! -= k;
		}
	}

	/**
	 * slab_mem_going_offline_callback(): flush_all() puts the CPU slab on the partial list
	 * (unfrozen, its live objects counted), and __kmem_cache_do_shrink() discards an empty one:
	 * `discard` gives its page back to its block.
	 */
	shrink(discard: (s: HotSlab) => void): void {
		for (const s of [...this.slabs]) {
			s.pin.frozen = false;
			if (s.pin.inuse! > 0 || !s.block.pins.includes(s.pin)) continue;
			discard(s);
			this.slabs.splice(this.slabs.indexOf(s), 1);
			this.freeObjects = this.free - this.objects;
			if (this.cpuSlab === s) this.cpuSlab = undefined;
		}
	}
}
