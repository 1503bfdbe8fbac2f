/**
 * kmalloc-16 and the names of memory blocks. A device's name (dev_set_name() ->
 * kvasprintf_const()), its sysfs directory's and each sysfs link's (kernfs_new_node() ->
 * kstrdup_const()) are kmalloc()ed copies unless they are string literals, so a name of up to 7
 * characters lives in kmalloc-8 and one of 8 to 15 in kmalloc-16 (256 objects to an order-0
 * slab). Per memory block:
 *
 * - add_memory_resource() before any online: the device name `memoryN`, its directory's name,
 *   its link in /sys/bus/memory/devices and its link in /sys/devices/system/node/node0: four
 *   copies of `memoryN`, in kmalloc-16 from memory10 on (memory0..memory9 fit kmalloc-8);
 * - acpi_bind_one() after add_memory() returns (so after an auto-online): the ACPI device's
 *   `physical_node`, `physical_node1`... link, one kmalloc-16 name (the `firmware_node` link's
 *   name is a literal).
 *
 * The lab (s29/k16: /sys/kernel/slab/kmalloc-16/objects and total_objects read with shell
 * builtins right after `echo 1 > shrink`, so nothing allocates between) had, at boot end, 977
 * objects in use plus 3 per DIMM slot (its PNP0C80:NN device's name, directory and
 * /sys/bus/acpi/devices link), 4 per boot block from memory10 on and 23 per CPU past the first,
 * on 25 one- and two-CPU guests from 512M to 6G with 1 to 64 slots; the one-CPU guests'
 * total_objects was the next multiple of 256 every time (the two-CPU guest had a slab more: each
 * CPU its own, which memhp does not follow); a hot-add took 5 objects per block, its online none.
 *
 * So an auto-onlined DIMM's bind finds kmalloc-16 short when fewer than one object per block is
 * left after the blocks' names: the new slab comes from the ZONE_NORMAL the online just made, at
 * its first page, and the eject is refused (the lab s28/k16: 1280M with 3 slots and a 1 GiB DIMM,
 * 6 objects left for 8 binds, a slab at pfn 0x100000 holding 2; 768M with 6 slots and 768M, 1
 * of 6), while a DIMM whose names ran the cache out before the online ejects (1G with 8 slots).
 */
export const KMALLOC_16 = {
	objects: 256,
	/** kmalloc-16's struct kmem_cache and its node's partial list: created early, the same every boot in the lab's dumps. */
	kmemCache: 0xffff888004841300n,
	nodePartial: 0xffff8880048400d0n,
	/** A flushed slab's freelist head in the lab's 1280M run (SLAB_FREELIST_RANDOM: it changes from boot to boot). */
	freelistOffset: 0xc0n,
} as const;

/**
 * kmalloc-16 objects taken and freed again at two moments of a DIMM's life (mm.ts
 * transientKmalloc16()): fewer free than that, and a new slab comes, empty once they are freed,
 * placed where the kernel allocates from then. The lab (s30/k16, one CPU, `device_del` of a
 * 128M-512M DIMM at nine sizes and slot counts, the free count after the bind from the counts
 * above): onlined by hand, the DIMM ejected with 0 or 1 objects left (the hot-add's own new
 * slab, `/proc/slabinfo` showed it right after `device_add`, is in boot memory: the blocks were
 * offline) and met an empty slab in its ZONE_NORMAL with 2 or 3 left; auto-onlined it met one
 * with 0 to 3 left (the hot-add's slab, or the eject's) and none with 4 to 6.
 */
export const HOT_ADD_TRANSIENT_KMALLOC16 = 2;
export const EJECT_TRANSIENT_KMALLOC16 = 4;

const IN_USE_AT_BOOT = 977;
const PER_SLOT = 3;
const PER_EXTRA_CPU = 23;
/** Copies of a block's name add_memory_resource() makes: the device, its directory, two links. */
const BLOCK_NAME_COPIES = 4;

/** Whether a kmalloc()ed copy of `name` (with its NUL) is a kmalloc-16 object. */
function inKmalloc16(name: string): boolean {
	return name.length + 1 > 8 && name.length + 1 <= 16;
}

/** kmalloc-16 objects add_memory_resource() takes for block `id`. */
export function kmalloc16OfBlock(id: number): number {
	return inKmalloc16(`memory${id}`) ? BLOCK_NAME_COPIES : 0;
}

/** kmalloc-16 objects acpi_bind_one() takes for the `n`th block bound to a memory device (0 first). */
export function kmalloc16OfBind(n: number): number {
	return inKmalloc16(n ? `physical_node${n}` : 'physical_node') ? 1 : 0;
}

/** kmalloc-16's free objects at boot end (one CPU counts them all; see above). */
export function kmalloc16FreeAtBoot(bootBlockIds: readonly number[], slots: number, cpus: number): number {
	const inUse = IN_USE_AT_BOOT + PER_SLOT * slots + PER_EXTRA_CPU * (cpus - 1) + bootBlockIds.reduce((n, id) => n + kmalloc16OfBlock(id), 0);
	return (KMALLOC_16.objects - (inUse % KMALLOC_16.objects)) % KMALLOC_16.objects;
}
