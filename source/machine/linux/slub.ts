/**
 * The SLUB caches whose every object is freed before the system call that allocated it returns
 * (kmalloc-32's, below: before the program that allocated it exits), so that between two
 * commands all their slabs are empty and only the CPU slab, kept by SLUB though empty, remains:
 *
 * - names_cache: getname() copies the path of every open, stat, execve... into a PATH_MAX
 *   object (4 KiB, 8 to an order-3 slab);
 * - kmalloc-cg-8k: seq_read_iter() doubles a seq_file buffer (kvmalloc(), GFP_KERNEL_ACCOUNT)
 *   from one page to two when one record does not fit, and /proc/zoneinfo and
 *   /proc/pagetypeinfo print a node, every zone of it, as one record: /proc/zoneinfo passes
 *   4 KiB once a zone beside DMA and DMA32 is populated (the lab: 3577 bytes at 1G, 4204 after
 *   an online to ZONE_NORMAL). Nothing else uses the cache: its first slab is new.
 *
 * Memory offlining's MEM_GOING_OFFLINE notifier, slab_mem_going_offline_callback(), flushes the
 * CPU slabs of every cache and __kmem_cache_do_shrink() frees each empty slab: these ones go,
 * and the next getname() or big seq_file read allocates an order-3 slab from the kernel zone's
 * free lists again. GuestMm places it (transientSlabPfn()); page-dump.ts prints it.
 *
 * - pde_opener: proc_reg_open() of a /proc entry with a release method that is not "permanent"
 *   (zoneinfo, vmstat, buddyinfo, iomem...; meminfo, version, uptime, loadavg and cmdline are
 *   made permanent and skip it) records the opener in a 40-byte object (102 to an order-0 slab)
 *   until close(). The lab: a 1G guest's first read of /proc/iomem or /proc/zoneinfo after
 *   memory32's online_kernel leaves that slab in memory32, and the eject is refused; nothing at
 *   boot opened such a file, so the cache had no slab.
 *
 * What the lab's dumps show is an order-3 slab of eight 4 KiB objects whose kmem_cache address
 * changes from boot to boot, so the cache is inferred: names_cache fits every flow with a path
 * system call after the offline; a slab of the same shape also appears before an eject that
 * follows a shell offline with none (acpi-memhotplug.ts), which memhp models the same way.
 *
 * - kmalloc-32: the shell's programs (fork, exec, exit) allocate and free 32-byte objects; the
 *   CPU slab those use holds nothing else (128 objects to an order-0 slab). The lab's 1G and
 *   1280M guests: a boot block offlined (the shrink frees that slab), the first ZONE_NORMAL
 *   onlined, one program run, and the block's offline refused for a kmalloc-32 slab (pfn
 *   0x10000d, 0x11000d: after the program's own pages); with a program between the two offlines,
 *   or none after the online, the block went offline; the shell's own open and write of the
 *   sysfs file allocated none. The 512M guest of mixed-zones-512M ejects such a block: the
 *   eject's first offline (a Movable block) frees the slab before the Normal one is isolated.
 *
 * - kmalloc-cg-1k: a pipe's pipe_buffer array (16 x 40 bytes, GFP_KERNEL_ACCOUNT), freed at the
 *   pipe's last close; 8 to an order-1 slab. With one CPU boot leaves two free, so a pipeline of
 *   four stages (three pipes at once) takes a new slab: the lab's 512M to 4G guests went from 8
 *   to 16 objects at their first `true | true | true | true`, and a 640M guest's hand-onlined
 *   ZONE_NORMAL block was refused its offline for that slab at pfn 0x128000 (s40/pipe2, s40/vma).
 *   Two CPUs left 32 objects, and no pipeline of up to thirteen stages took another.
 *
 * - sigqueue and Acpi-State: 80-byte objects, 51 to an order-0 slab, each cache one slab at boot
 *   and every object freed soon after it was taken: a SIGCHLD's sigqueue when the shell takes the
 *   signal, the ACPI interpreter's state objects when the method returns. So the shrink discards
 *   both slabs (the lab's /proc/slabinfo, s48/r29 sq: 51 objects each, 0 after an offline), a
 *   program's exit takes sigqueue a new one (sigqueue 51 after `/bin/true`, Acpi-State still 0),
 *   and the ACPI methods of the next eject take Acpi-State one (51 after the device_del; memhp
 *   allocates it at the eject's start, after names_cache's: a device_add's methods after such a
 *   shrink left no slab in the ZONE_NORMAL block that the next offline dumped, s48/r29 ad, so
 *   where that one goes is not modelled). In a hot-added-only Normal zone they land in the block
 *   onlined first, whose offline is then refused: the lab's random flows
 *   dumped such a slab at that block's first page after an eject's own start (Acpi-State: s47/r24
 *   h3, h4, s48/r28 m4) and six or nine pages in after programs (sigqueue: r11 c11, s48/r28 m6).
 *   Their struct kmem_cache moves from boot to boot (SLAB_FREELIST_RANDOM shuffles the
 *   kmem_cache cache's slab: ...b7600, ...b7c00, ...bef00 in the lab).
 */
/*
 * - kmalloc-1k: each memory block device is one object (struct memory_block, its struct device
 *   inside: about 820 bytes), and load_elf_binary() takes one for a program's program headers
 *   (busybox's ten, 560 bytes) and frees it before the exec returns; a NOEXEC applet (`free`,
 *   `ls`...) is not execve()d and takes none. So with one CPU the cache's free objects are a count
 *   (kmalloc1kFreeAtBoot()): a hot-add takes one per block, a removal gives them back, and an
 *   exec that finds none takes a new order-1 slab of 8, empty again at once and kept as the CPU
 *   slab until an offline's shrink discards it. The serial console's flip buffers are objects too
 *   (serialInput()). The lab (s62/d-*, e-*, k1k/*: one CPU, a DIMM
 *   added and its first block onlined to ZONE_NORMAL with no program since boot, then `cat
 *   /dev/null`): the block's offline was refused for that slab (struct kmem_cache
 *   0xffff888004841b00, pfn 0x100404) exactly where the DIMM's blocks used up what boot left:
 *   512M and 1536M with a 512M DIMM (4 left), 896M with 128M (1), 1152M with 896M (7), 1280M
 *   with 768M (6), 1664M with 384M (3), 1792M with 256M (2, not with 128M or 384M), 2G with 1G
 *   (0: the DIMM's own new slab, from boot memory, used up); the others found one. (With three
 *   or four blocks onlined a kmalloc-96 CPU slab sat at the block's first page too: the
 *   kernfs_open_nodes of the onlines' opens, below.)
 */
/*
 * - kmalloc-96: kernfs_fop_open() of a sysfs attribute nobody has open gives its kernfs_node a
 *   kernfs_open_node (72 bytes, 42 to an order-0 slab), and the last close frees it with
 *   kfree_rcu(). Since 6.0 kvfree_rcu() batches what it is handed for KFREE_DRAIN_JIFFIES (5 s)
 *   from the first object of a batch before a grace period frees them, so every attribute opened
 *   in those 5 s is in use at once: `echo online > .../state` typed a few times in a row, a `cat`
 *   of a few attributes, lsmem's three reads a block. Boot leaves the cache's slabs nearly full
 *   (kmalloc96FreeAtBoot(): 2 free objects or 43), one of them still in a batch of boot's at the
 *   prompt; a hot-add has two objects in use at once and a fork one (both freed soon after). An
 *   allocation that finds none free takes a new slab, and in a Normal zone of hot-added memory
 *   alone that slab lands in the block onlined first, whose offline is then refused. The lab
 *   (s63/a-j, /proc/slabinfo and shrinks for the counts, `read` of /proc/uptime for the times):
 *   a 512M guest onlining memory32 and opening two more attributes within 5 s was refused the
 *   offline for a frozen kmalloc-96 slab (struct kmem_cache 0xffff888004841600) at pfn 0x100000,
 *   one more attribute fitted, and 7 s later the batch was gone; the tutorial's four onlines
 *   were refused at 384M-640M, not at 768M. Guest time is memhp's 250 ms a command
 *   (session.ts), the goldens' pace: at that pace a hot-add typed within 5 s of the prompt takes
 *   the slab from boot memory (kmalloc96-hot-add-after-boot-*.t), and the blocks are safe.
 */
export type TransientCache = 'names' | 'cg8k' | 'pde' | 'k32' | 'cg1k' | 'sigq' | 'acpi' | 'k1k' | 'k96' | 'k2k';

export interface TransientCacheInfo {
	/** The cache's name, as /proc/slabinfo lists it. */
	name: string;
	/** Slab order (oo_order(s->oo)). */
	order: number;
	/** Objects per slab: a CPU slab is frozen with inuse = objects (its free objects are on the CPU's freelist). */
	objects: number;
	/** The struct kmem_cache, in the lab's 1G guests' raw dump words (`raw:` line one, fourth word). */
	kmemCache: bigint;
	/**
	 * Where a slab an offline's flush_all() unfroze is dumped from the node's partial list: the
	 * list head in its kmem_cache_node and the offset of its first free object (page->index).
	 */
	partial?: {nodePartial: bigint; freelistOffset: bigint};
}

export const TRANSIENT_CACHES: Readonly<Record<TransientCache, TransientCacheInfo>> = {
	names: {name: 'names_cache', order: 3, objects: 8, kmemCache: 0xffff8880049be800n},
	cg8k: {name: 'kmalloc-cg-8k', order: 3, objects: 4, kmemCache: 0xffff888004842b00n},
	pde: {name: 'pde_opener', order: 0, objects: 102, kmemCache: 0xffff8880049be500n},
	k32: {name: 'kmalloc-32', order: 0, objects: 128, kmemCache: 0xffff888004842100n},
	cg1k: {name: 'kmalloc-cg-1k', order: 1, objects: 8, kmemCache: 0xffff888004842800n},
	sigq: {name: 'sigqueue', order: 0, objects: 51, kmemCache: 0xffff8880049b7600n},
	acpi: {name: 'Acpi-State', order: 0, objects: 51, kmemCache: 0xffff8880049b7c00n},
	// (partial: the lab's 896M guest, its first tty buffer's slab flushed by the eject's first
	// offline, 1 of 8 in use, s68/tty0 a; the same list head in s68/gen 8009)
	k1k: {name: 'kmalloc-1k', order: 1, objects: 8, kmemCache: 0xffff888004841b00n, partial: {nodePartial: 0xffff8880048402d0n, freelistOffset: 0x800n}},
	k96: {name: 'kmalloc-96', order: 0, objects: 42, kmemCache: 0xffff888004841600n},
	k2k: {name: 'kmalloc-2k', order: 2, objects: 8, kmemCache: 0xffff888004841c00n},
};

/**
 * kmalloc-2k's free objects when boot ends (one CPU): (2 - slots) mod 8, as if each DIMM slot's
 * ACPI device (struct acpi_device, kmalloc-2k: usage.ts) were one object and boot's others left
 * two free of whole order-2 slabs of 8 (fitted, not counted object by object). The lab's 1G guests with DIMMs
 * on the command line (s72/mx, mx2: 1 to 8, 32 and 64 slots, 1 to 4 DIMMs) had an eject whose GPE
 * method was the first since boot refused on kmalloc-2k's new slab with 1, 2, 8, 32 and 64 slots
 * (0 to 2 free for its three walk states) and not with 3 to 7, whatever the DIMM count and at 1G,
 * 2G and 3G alike. More CPUs (a CPU slab each) were not measured: undefined.
 */
export function kmalloc2kFreeAtBoot(slots: number, cpus: number): number | undefined {
	return cpus === 1 ? (((2 - slots) % 8) + 8) % 8 : undefined;
}

/** The struct acpi_walk_state objects (kmalloc-2k) a GPE's method holds at once: _E03, MSCN and the slot's method it calls. */
export const GPE_METHOD_WALK_STATES = 3;

/**
 * kmalloc-96 objects a kfree_rcu() batch of boot's still holds at the shell's prompt (lab s63/i:
 * a shrink right at the prompt counted one more in use than 6 s later, at 384M to 1G; s63/o: the
 * batch was gone between 6.7 s and 7.6 s of uptime, about 5 s after memhp's 2.5 s prompt, where
 * GuestMm starts it).
 */
export const KMALLOC96_RCU_AT_PROMPT = 1;

/** kvfree_rcu()'s batching delay, KFREE_DRAIN_JIFFIES (5 * HZ), in nanoseconds. */
export const KFREE_DRAIN_NS = 5_000_000_000;

/**
 * kmalloc-1k's free objects when boot ends, with one CPU (see the cache list above), before the
 * serial console's first character (which takes the first tty flip buffer, serialInput()). The
 * lab's alloc_traces (slub_debug=U, s68/ac) count 239 objects besides the blocks' and that buffer,
 * the same at 1G and 1536M, and its slab counts over 16 sizes from 512M to 6G (s68/f0: single-block
 * DIMMs added until a new slab came) leave 8 - (boot blocks mod 8) free once a character has been
 * typed: boot's peak held two objects more than the prompt does, so with a multiple of 8 boot
 * blocks a whole slab and one more object are free at the prompt (1G, 2G, 3G...: 9), with 4 or 12
 * five. More CPUs were not measured: each has its own CPU slab, and memhp leaves them out
 * (undefined).
 */
export function kmalloc1kFreeAtBoot(bootBlocks: number, cpus: number): number | undefined {
	return cpus === 1 ? 9 - (bootBlocks % 8) : undefined;
}

/**
 * Characters of TTY_NORMAL input one flip buffer of the serial port holds (tty_buffer.c: a
 * buffer of 256 cells, its flag bytes unused, 2 * 256): each buffer is a kmalloc-1k object.
 */
export const TTY_FLIP_BUFFER_CHARS = 512;

/**
 * kmalloc-96's slabs when boot ends, by guest RAM size (MiB, one CPU): the lab's /proc/slabinfo
 * at the prompt (s63/c), ~419 objects in use either way. What boot's peak use was, and so whether
 * it took the eleventh slab, is not modelled; sizes between two measured ones take the nearer's
 * count. Runs differ: at 768M and 3G one run of two had ten, and its first program (`sleep`)
 * took the eleventh; at 5G s63/c's had ten, s19/tz's free -k (tutorial-5G-boot-normal) counts one
 * slab fewer than a new one would make. memhp gives those three eleven.
 */
const KMALLOC96_BOOT_SLABS: readonly (readonly [mib: number, slabs: number])[] = [
	[256, 10], [320, 10], [384, 10], [448, 10], [512, 10], [576, 10], [640, 10],
	[672, 11], [704, 11], [768, 11], [896, 11], [960, 11], [1024, 11], [1280, 11], [1536, 11], [2048, 11],
	[2304, 11], [2560, 11], [2816, 11], [3072, 11], [3200, 11], [3328, 10], [3584, 10], [3840, 10],
	[4096, 11], [5120, 11], [6144, 11], [7168, 11], [8192, 11], [12288, 10],
];

/**
 * kmalloc-96's objects in use when boot ends, with one CPU: the lab's counts after a shrink, 418
 * where boot left ten slabs and 419 where it left eleven (441 with two CPUs).
 */
const kmalloc96InUseAtBoot = (slabs: number): number => (slabs > 10 ? 419 : 418);

/**
 * kmalloc-96's free objects when boot ends: its slabs (42 objects each) less those in use: 2 or
 * 43 with one CPU. Two CPUs (512M to 4G in the lab) left twelve slabs, 63 free.
 */
export function kmalloc96FreeAtBoot(ramBytes: number, cpus: number): number {
	if (cpus > 1) return 12 * TRANSIENT_CACHES.k96.objects - 441;
	const mib = ramBytes / 2 ** 20;
	let best = KMALLOC96_BOOT_SLABS[0]!;
	for (const e of KMALLOC96_BOOT_SLABS) if (Math.abs(e[0] - mib) < Math.abs(best[0] - mib)) best = e;
	return best[1] * TRANSIENT_CACHES.k96.objects - kmalloc96InUseAtBoot(best[1]);
}

/**
 * kmalloc-cg-1k objects boot leaves free: two with one CPU (8 objects, 6 in use); with two, 32
 * objects (two order-2 slabs of 16: the order grows with the CPU count) less the same six, 26,
 * of which the lab showed at least twelve (no pipeline of up to thirteen stages took a slab).
 */
export function pipeBufsFreeAtBoot(cpus: number): number {
	return cpus > 1 ? 26 : 2;
}

export function isTransientCache(cache: string): cache is TransientCache {
	return Object.hasOwn(TRANSIENT_CACHES, cache);
}

/**
 * lsm_inode_cache: security_inode_alloc() gives every new inode (a sysfs or proc lookup's, a
 * tmpfs file's, a pipe's) a 32-byte LSM blob, 128 to an order-0 slab of an unmergeable cache,
 * freed with the inode (by RCU: a pipe's after its last close, an exec'd program's /proc/<pid>
 * ones after its exit). Its slabs are full when boot ends but for 56 free objects: the lab's 1G
 * guest making tmpfs files with builtins alone (forty, then one a line) took a new slab at the
 * 57th new inode, /proc/slabinfo's own (read by a builtin loop) among them (s42/f: num_objs
 * 10368 -> 10496); session 22's 1G and 2G guests, reading sysfs files one at a time by programs,
 * took it at the 53rd, the programs' /proc/<pid> and exe inodes in use beside them;
 * a 2560M guest that had made 51 by the first online of a DIMM's block to ZONE_NORMAL,
 * one more after it, then piped `dmesg | tail` had that block's offline refused for the slab
 * its programs' inodes took (session 22: a frozen slab of 128 objects, the cache at
 * 0xffff8880049b7300). Unlike slub.ts's other caches its objects live on, so its slab stays
 * where it landed.
 */
export const LSM_INODE_CACHE = {objects: 128, kmemCache: 0xffff8880049b7300n, freeAtBoot: 56} as const;

/**
 * The dentry cache: order-0 slabs of 21 dentries of 192 bytes. Its struct kmem_cache, node partial
 * list and a partial slab's freelist head (0xe40 into the page) are the lab's 3500M guest's dump of
 * one on the node's partial list (gen-flows 7310).
 */
export const DENTRY_CACHE = {objects: 21, kmemCache: 0xffff8880049be900n, nodePartial: 0xffff8880049b8210n, freelistOffset: 0xe40n} as const;

/** kernfs_iattrs_cache: 88-byte objects, 46 to an order-0 slab, none allocated at boot (the lab's frozen CPU slab, s67/rerun). */
export const IATTRS_CACHE = {objects: 46, kmemCache: 0xffff8880049be800n} as const;

/** The record size from which a seq_file read needs its buffer doubled (seq_has_overflowed() at PAGE_SIZE). */
export const SEQ_BUF_PAGE = 4096;
