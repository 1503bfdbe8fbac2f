/**
 * kernfs_node_cache (fs/kernfs/mount.c): every sysfs directory, file and symlink is one
 * 128-byte struct kernfs_node, 32 to an order-0 slab. A memory hot-add makes its nodes in two
 * steps, and where the second step's slab lands decides whether the DIMM can be ejected again:
 *
 * - add_memory_resource() before any online: each block's device (its directory, the seven
 *   attributes, uevent, subsystem, node0, the power group and its nine files: 20 nodes), its
 *   links in /sys/devices/system/node/node0 and /sys/bus/memory/devices (2), and the range's
 *   /sys/firmware/memmap entry (a directory and three files): 22 per block and 4 per DIMM;
 * - acpi_bind_memory_blocks() after add_memory() returns, so after the blocks' auto-online:
 *   `firmware_node` in each block's directory and `physical_node[N]` in the ACPI device's,
 *   2 per block.
 *
 * With one CPU the cache's free objects (its CPU slab and partial slabs) are a count, and a new
 * slab comes only when it is zero. At boot end that count is what rounding the boot's nodes up
 * to whole slabs leaves: the lab's one-CPU guests (s27/kn, `find /sys | wc -l` and
 * /proc/slabinfo) had 10474 sysfs nodes plus 22 per boot memory block, 20 per DIMM slot (its
 * PNP0C80 device) and 11 with RAM above 4 GiB (an e820 range's memmap entry and more), and 22
 * kernfs nodes outside sysfs, with num_objs the next multiple of 32 every time (512M to 6G, 1
 * to 64 slots). That count predicts each eject the lab tried right after an auto-onlined
 * hot-add (s27/k1k): where the bind's nodes found too few free objects, the slab they took
 * came from the ZONE_NORMAL the online had just made, at its first page, and the eject was
 * refused (1G with 4 or 8 slots, 2G with 8; 256M and 512M DIMMs); elsewhere it went through.
 * With more CPUs each CPU has its own slab and lists (the lab's 4-CPU guest: 72 objects to
 * spare at boot), which memhp does not follow.
 */
export const KERNFS_NODE_CACHE = {
	objects: 32,
	/** The struct kmem_cache (the lab's 1G run with 32 slots; it changes from boot to boot). */
	kmemCache: 0xffff8880049be900n,
	/** &kmem_cache_node->partial of that run: a deactivated slab's list neighbours when it is the only partial one. */
	nodePartial: 0xffff8880049b88d0n,
	/**
	 * The freelist head of that run's slab after its four bind nodes, object 6 (SLAB_FREELIST_RANDOM
	 * shuffles each new slab's order, from a sequence drawn at boot).
	 */
	freelistOffset: 0x300n,
} as const;

/** sysfs nodes of a one-CPU guest at boot end besides its memory blocks and DIMM slots. */
const SYSFS_BASE = 10474;
const SYSFS_PER_BOOT_BLOCK = 22;
const SYSFS_PER_SLOT = 20;
const SYSFS_RAM_ABOVE_4G = 11;
/** Per extra CPU (its cpu device, cache and topology directories...): the lab's 2- and 4-CPU guests. */
const SYSFS_PER_EXTRA_CPU = 184;
/** kernfs nodes outside sysfs (the cgroup hierarchies' roots and files). */
const KERNFS_OUTSIDE_SYSFS = 22;

/** Nodes a hot-add makes before its blocks can come online (per DIMM: its firmware memmap entry). */
export function kernfsNodesBeforeOnline(blocks: number): number {
	return 22 * blocks + 4;
}

/** Nodes acpi_bind_memory_blocks() makes: firmware_node and physical_node per block. */
export function kernfsNodesOfBind(blocks: number): number {
	return 2 * blocks;
}

/**
 * Nodes a hot-added PCI function makes (pci_device_add(), pci_bus_add_device()): its directory
 * with the PCI core's attributes, `link` and `power` groups, `uevent`, `subsystem` and `remove`
 * (39 with the directory), `resourceN` per BAR and `resourceN_wc` per prefetchable one
 * (pci_create_resource_files()), its link in /sys/bus/pci/devices; function 0 is bound to its
 * slot's ACPI device (`firmware_node`, `physical_node`), whose wakeup source registers a wakeup
 * device (the ACPI device's `wakeup` directory, the device's own with its 13 files and links,
 * /sys/class/wakeup's link): 18. The lab's 1G guest
 * (s72/e2 p9): `find /sys | wc -l` went up by 60 at each virtio-mem-pci hot-add (one 64-bit
 * prefetchable BAR), and /proc/slabinfo's kernfs_node_cache by two slabs each time. The other
 * functions of a multifunction device have no ACPI device of their own (not measured).
 */
export function kernfsNodesOfPciFunction(fn: number, bars: readonly {io: boolean; prefetch: boolean; index: number}[]): number {
	const resources = bars.filter(b => b.index < 6).reduce((n, b) => n + (!b.io && b.prefetch ? 2 : 1), 0);
	const rom = bars.some(b => b.index === 6) ? 1 : 0;
	const acpi = fn === 0 ? 18 : 0;
	return 39 + 1 + resources + rom + acpi;
}

/** Free objects of kernfs_node_cache when boot is over (one CPU). */
export function kernfsFreeAtBoot(bootBlocks: number, slots: number, cpus: number, ramAbove4G: boolean): number {
	const nodes = SYSFS_BASE + SYSFS_PER_BOOT_BLOCK * bootBlocks + SYSFS_PER_SLOT * slots + SYSFS_PER_EXTRA_CPU * (cpus - 1)
		+ (ramAbove4G ? SYSFS_RAM_ABOVE_4G : 0) + KERNFS_OUTSIDE_SYSFS;
	return (KERNFS_NODE_CACHE.objects - (nodes % KERNFS_NODE_CACHE.objects)) % KERNFS_NODE_CACHE.objects;
}
