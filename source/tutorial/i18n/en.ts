import type {HotplugEvent} from '../../machine/snapshot.js';
import type {Explanation} from '../explain.js';
import {blockRanges, mib} from '../facts.js';
import type {Strings} from './strings.js';

/** Why a write to a block's `state` got EINVAL. */
function stateRejected(e: Extract<Explanation, {kind: 'state-rejected'}>): string {
	switch (e.why) {
		case 'value':
			return e.file === 'online'
				? `\`${e.value}\` is not a value memory${e.block}/online takes: 1 or 0 (kstrtobool(): y/n, on/off too; online_store() says EINVAL to anything else).`
				: `\`${e.value}\` is not a value memory${e.block}/state takes: online, online_kernel, online_movable or offline (state_store() says EINVAL to anything else).`;
		case 'unchanged':
			return `memory${e.block} is already ${e.state}: a write to state that would not change it fails with EINVAL. ` +
				(e.state === 'online' ? 'To move the block to another zone, offline it first, then online it with online_movable or online_kernel.' : 'Only an online block can be offlined.');
		case 'spans-zones':
			return `memory${e.block} cannot go offline (EINVAL): it spans two zones (its valid_zones says "none"), and offline_pages() only takes a block within one zone.`;
		case 'holes':
			return `memory${e.block} cannot go offline (EINVAL): not all of its pages are RAM (it reaches into a firmware-reserved range or a hole of the e820 map), and offline_pages() refuses a block with holes.`;
	}
}

function explanation(e: Explanation): string {
	switch (e.kind) {
		case 'offline-busy':
			return `memory${e.block} could not go offline (EBUSY): it was onlined into ZONE_${e.zone === 'Movable' ? 'MOVABLE' : 'NORMAL'}, ` +
				'and the kernel has put unmovable pages (slab, page tables) in it that cannot be migrated away. ' +
				(e.slab === 'names_cache' ? 'Here it is an order-3 names_cache slab: the last successful offline shrank every slab cache, and the next command that named a path (this `echo ... > state` too) allocated a new one in the block onlined first. An eject right after an offline meets the same kind of slab. ' : '') +
				(e.slab === 'kmalloc-cg-8k' ? 'Here it is kmalloc-cg-8k\'s first slab, allocated when /proc/zoneinfo (over 4 KiB once ZONE_NORMAL is populated) was read. ' : '') +
				(e.slab === 'kmalloc-32' ? 'Here it is a kmalloc-32 slab: an earlier offline shrank every slab cache, which freed the one the shell\'s programs use for their short-lived 32-byte objects, and the next program took a new one from this block. ' : '') +
				(e.slab === 'kmalloc-96' ? 'Here it is a kmalloc-96 slab: every open of a sysfs file (each `echo online > .../state`, each file `cat` or lsmem reads) takes a 96-byte object that the kernel frees only in a batch 5 seconds later (kfree_rcu()), and boot leaves only a few free (2 on guests of 256M to 640M, 43 on most bigger ones); the file opened within those 5 seconds that found none took a new slab from this block, the first one onlined to the Normal zone. It stays as the cache\'s current slab, which the next sysfs opens use again. ' : '') +
				(e.slab === 'kmalloc-2k' ? 'Here it is a kmalloc-2k slab: the AML method an ACPI event runs (this eject request\'s, or a PCI hotplug\'s) holds three 2 KiB walk states, and boot leaves that cache (2 - slots) mod 8 free objects (each DIMM slot\'s ACPI device is one), too few with 1, 2, 8, 32 or 64 slots; the method took a new slab from this block, the first one onlined to the Normal zone. It is empty once the method returns: another block\'s successful offline would discard it. ' : '') +
				(e.slab === 'kmalloc-1k' ? 'Here it is a kmalloc-1k slab. The cache holds one struct memory_block per memory block, every exec of a program borrows a 1 KiB object for its program headers, and the serial console keeps what you type in 1 KiB buffers (one from the first character typed since boot, a second after 512); when the blocks had used up what boot left free, the next of these took a new slab from this zone, where the kernel allocates first. An exec\'s slab stays (empty) until an offline of another block shrinks the caches; `free` and `ls` run inside the forked shell and take none. ' : '') +
				(e.slab === 'kmalloc-16' && e.emptySlab ? 'Here it is an empty kmalloc-16 slab: the end of a hot-add takes two 16-byte objects for a moment, and an eject four before its first offline; with fewer free (the DIMM\'s sysfs names had used the rest) that got a new slab from this zone. The objects are freed at once, but the slab stays the CPU\'s own until an offline of another block shrinks the caches, so a DIMM with more blocks ejects at the second pass and a one-block DIMM is refused every time. ' : '') +
				(e.slab === 'kmalloc-16' && !e.emptySlab ? 'Here it is a kmalloc-16 slab: the kernel copies every sysfs name of 8 to 15 characters into a 16-byte kmalloc object, four per block for `memoryN` and one for each physical_node link of the ACPI device, made last (after the auto-online); when those found no free object, the new slab came from this zone. The names live as long as the DIMM, so this block cannot go offline while it is plugged; with auto_online_blocks set to online_movable the slab stays out of the DIMM. ' : '') +
				(e.slab === 'kernfs_node_cache' ? 'Here it is a kernfs_node_cache slab: every sysfs entry is a 128-byte kernfs_node, and the hot-add\'s last ones, each block\'s firmware_node and the ACPI device\'s physical_node links (made after the blocks were added and, with auto-online, online), found no free object, so their new slab came from this zone. The links live as long as the DIMM, so this block cannot go offline while it is plugged; a DIMM hot-added with auto_online_blocks set to online_movable keeps such slabs out of its blocks. ' : '') +
				(e.slab === 'inode' ? 'Here it is an inode slab: a path lookup (this `echo ... > state` too) met a sysfs file or directory nothing had looked up since boot, its new inode found no free object in inode_cache, and a new slab came from the zone the kernel allocates from, which this block is part of. The inode stays cached, so the slab stays. ' : '') +
				(e.slab === 'dentry' ? 'Here it is a dentry slab: every name a path lookup meets for the first time gets a 192-byte dentry (21 to a page), and boot leaves only 17 free; the lookup that found none (a program\'s own names count too) took a new slab from the zone the kernel allocates from, which this block is part of. The dentries stay cached, so the slab stays. ' : '') +
				(e.slab === 'kernfs_iattrs_cache' ? 'Here it is kernfs_iattrs_cache\'s first slab: the shell\'s `>` truncates the sysfs file it opens (as `chmod`, `chown` and `touch` change a sysfs node\'s attributes), and that gives the file\'s kernfs node an attributes object for its life; the cache has none at boot, so the first such change since boot took a new slab from this zone. A write before any block of this zone came online (as the tutorial\'s first `echo online`) leaves it in boot memory. ' : '') +
				(e.slab === 'sigqueue' ? 'Here it is a sigqueue slab: each program that exits sends the shell a SIGCHLD, queued in a sigqueue object until the shell takes it; an earlier offline shrank every slab cache, which freed this cache\'s only (empty) slab, and the next program\'s exit took a new one from this block. ' : '') +
				(e.slab === 'Acpi-State' ? 'Here it is an Acpi-State slab: the ACPI interpreter keeps its state objects there while it runs a method (the hotplug GPE\'s, _STA, _OST, _EJ0); an earlier offline shrank every slab cache, which freed this cache\'s only (empty) slab, and the next hotplug event\'s methods took a new one from this block. ' : '') +
				(e.slab === 'pde_opener' ? 'Here it is pde_opener\'s slab: opening a /proc file such as zoneinfo, vmstat, buddyinfo or iomem records the opener there until close() (meminfo is "permanent" and skips it); the cache had no slab, so a new one came from the block. ' : '') +
				'Next time online the block with `echo online_movable > .../state`: ZONE_MOVABLE only holds movable pages, so offline can migrate them whenever there is free memory elsewhere.';
		case 'offline-no-room':
			return `memory${e.block} could not go offline: its pages are movable, but there is not enough free memory elsewhere to migrate them to ` +
				'(do_migrate_range() found no target pages, and without swap nothing can be reclaimed). ' +
				'Free memory first (rm the file that filled tmpfs) or online another block, then offline again.';
		case 'eject-refused':
			if (e.disabled) {
				return 'device_del had no effect: ejects of memory devices are switched off in the guest ' +
					'(/sys/firmware/acpi/hotplug/memory/enabled is 0: `Eject disabled`), so it answered "remove not supported" without offlining anything, and the DIMM stays. ' +
					'`echo 1 > /sys/firmware/acpi/hotplug/memory/enabled`, then device_del again.';
			}
			if (e.byGuest) {
				return `The eject written to the ACPI device did not happen: the guest could not offline ${blockRanges(e.blocks) || 'the DIMM\'s blocks'} ` +
					'(`Offline failed.`), so it put them back online and the DIMM stays. ' +
					'Offline every block of the DIMM first (or online them as online_movable), then write 1 to eject again.';
			}
			return `device_del had no effect: the guest could not offline ${blockRanges(e.blocks) || 'the DIMM\'s blocks'} ` +
				'(`Offline failed.`), so it answered the eject request with "busy" and the DIMM stays. ' +
				'Offline every block of the DIMM first (or online them as online_movable), then device_del again.';
		case 'object-in-use':
			if (e.dimmStatus === 'plugged') {
				return `${e.backend} is still the memdev of DIMM ${e.dimm}: object_del only works once nothing maps the backend. ` +
					`Remove the DIMM first with \`device_del ${e.dimm}\`.`;
			}
			if (e.dimmStatus === 'eject-requested') {
				return `${e.backend} is still mapped: device_del only asked the guest to eject ${e.dimm}, and the DIMM goes away ` +
					'when the guest has offlined its blocks and called _EJ0. Wait for the eject (info memory-devices), then object_del.';
			}
			if (e.dimmStatus === 'eject-refused') {
				return `${e.backend} is still mapped: the guest refused to eject ${e.dimm} because some of its blocks are online and busy. ` +
					'Offline them in the guest, device_del again, then object_del.';
			}
			if (e.dimmStatus === 'nvdimm') {
				return `${e.backend} backs NVDIMM ${e.dimm}, and QEMU 7.2 cannot hot-unplug an NVDIMM (device_del says so): ` +
					'the backend stays in use for as long as the machine runs.';
			}
			return `${e.backend} is still in use by a device: remove that device first, then object_del.`;
		case 'free-unchanged':
			return `free has not grown: ${blockRanges(e.blocks)} were added but are offline ` +
				`(auto_online_blocks is \`${e.autoOnline}\`, and no udev rule onlines them in this guest). ` +
				'Memory counts in MemTotal only once a block is online.';
		case 'state-rejected':
			return stateRejected(e);
		case 'read-only':
			return `${e.path} is read-only (mode 0444, no store function): even root cannot write it. ` +
				'The writable files of a memory block are `state` and `online`.';
		case 'hot-add-failed':
			return e.errno === 'EINVAL'
				? `QEMU plugged the DIMM, but the guest could not add its ${mib(e.bytes)} MiB: its range is not a whole number of 128 MiB memory blocks ` +
					'(dmesg: `Block size [0x8000000] unaligned hotplug range`), so no memoryN appeared. device_del it and plug a DIMM whose size and addr are multiples of 128M.'
				: `QEMU plugged the DIMM, but the guest could not add its ${mib(e.bytes)} MiB: the memmap for it (2 MiB per 128 MiB) must come from memory that is ` +
					'already online, and there was not enough (dmesg: `vmemmap alloc failure`). Online some memory first, or plug a smaller DIMM.';
		case 'memhotplug-disabled':
			return `free has not grown and no memoryN appeared for ${e.dimms.join(', ')}: this guest was booted with acpi_no_memhotplug, ` +
				'so Linux leaves hot-plugged DIMMs alone (no memory is added; device_del still ejects them). Boot without it to use memory hotplug.';
		case 'hugepages-dissolved':
			return `Offlining memory${e.block} dissolved ${e.pages} free huge pages (nr_hugepages went down by as many): ` +
				'they are not migrated but broken back into free pages so the block can go. Write nr_hugepages again to regrow the pool.';
		case 'pages-migrated':
			return `memory${e.block} went offline after its ${e.pages} used pages (${mib(e.pages * 4096)} MiB) were migrated to free pages in other blocks ` +
				'(do_migrate_range(): each is copied and the page tables and page cache point at the copy). ' +
				'They are all movable pages (tmpfs, user memory); MemFree shrinks by the block\'s free pages only, and the migrated data is still there.';
	}
}

function eventTitle(e: HotplugEvent): string {
	const blocks = blockRanges(e.blocks);
	const size = e.bytes ? ` (${mib(e.bytes)} MiB)` : '';
	const dimm = e.dimm ? ` of ${e.dimm}` : '';
	switch (e.kind) {
		case 'hot-add':
			return `${e.atBoot ? 'added at boot' : 'hot-add'}${dimm}: ${blocks} created, offline${size}`;
		case 'hot-add-failed':
			return `hot-add${dimm} FAILED${e.reason ? `: ${e.reason}` : ''}`;
		case 'online':
			return `online ${blocks}${e.zone ? ` into ZONE_${e.zone.toUpperCase()}` : ''}${size}`;
		case 'offline':
			return `offline ${blocks}${size}`;
		case 'offline-failed':
			return `offline ${blocks} FAILED${e.reason ? `: ${e.reason}` : ''}`;
		case 'eject':
			return `eject${dimm}: ${blocks} offlined and removed`;
		case 'eject-refused':
			return e.ejectDisabled ? `eject${dimm} refused: ejects are disabled` : `eject${dimm} refused: ${blocks} could not be offlined`;
		case 'remove':
			return `remove ${blocks}${size}`;
	}
}

/** English texts. */
export const en: Strings = {
	steps: {
		'kernel-config': {
			title: 'Kernel configuration',
			body: () => [
				'The guest kernel was built with the options below; without them nothing in this walkthrough works.',
				'Press F8 to start.',
			],
		},
		'start-qemu': {
			title: 'Start QEMU with room for DIMMs',
			body: p => [
				`QEMU needs free DIMM slots and a maximum size to hot-plug memory: \`-m ${p.ramMib}M,slots=32,maxmem=8G\`.`,
				'Without slots= and maxmem= device_add refuses every pc-dimm; restart memhp with them.',
			],
		},
		'enter-monitor': {
			title: 'Switch to the QEMU monitor',
			body: () => [
				'With -nographic the guest console and the monitor share one terminal; Ctrl-A then c switches between them.',
			],
		},
		'object-add': {
			title: 'Create the memory backend',
			body: () => [
				'A memory-backend-ram object is the host RAM that will back the DIMM; creating it does not give the guest anything yet.',
			],
		},
		'device-add': {
			title: 'Plug the DIMM',
			body: p => [
				`device_add plugs a pc-dimm using ${p.backend} into a free slot; QEMU raises an ACPI GPE and the guest's acpi_memory_device_add calls __add_memory.`,
			],
		},
		'back-to-console': {
			title: 'Back to the guest console',
			body: () => ['Ctrl-A c again takes you back to the guest shell (press Enter if the prompt is not shown).'],
		},
		'see-offline': {
			title: 'New memory blocks, still offline',
			body: p => [
				`The guest created ${p.blocks || 'new memoryN directories'} (${p.blockMib} MiB each) in /sys/devices/system/memory, all offline.`,
				'Run free -m: the total has not grown, because offline memory is not given to the page allocator.',
			],
		},
		'online': {
			title: `Online a block`,
			body: p => [
				`Writing to memory${p.block}/state hands its pages to the buddy allocator (online_pages). Any way counts: \`echo 1 > online\`, a for loop, chmem -e.`,
			],
		},
		'free-grows': {
			title: 'free -m grows',
			body: p => [`Run free -m again: the total grows by ${p.blockMib} MiB for each block you onlined.`],
		},
		'offline': {
			title: 'Offline it again',
			body: p => [
				`Take memory${p.block} offline: the kernel isolates its pages, migrates the used ones away and removes them from the zone; free shrinks again.`,
				'If it fails with "Device or resource busy", the block holds unmovable kernel pages.',
			],
		},
		'device-del': {
			title: 'Unplug the DIMM',
			body: p => [
				`device_del ${p.dimm} only asks the guest to eject it; the guest offlines the DIMM's blocks, removes them and calls _EJ0, and only then does QEMU unplug it.`,
			],
		},
		'object-del': {
			title: 'Delete the backend',
			body: p => [`With the DIMM gone nothing maps ${p.backend} any more, so object_del can free it.`],
		},
		'summary': {
			title: 'Summary',
			body: () => [],
		},
	},
	kernelConfig: [
		{
			option: 'CONFIG_MEMORY_HOTPLUG',
			enables: 'memory blocks in /sys/devices/system/memory, add_memory() and online_pages()',
			without: 'QEMU still plugs the DIMM, but the guest has nowhere to put it: no memoryN, free never grows',
		},
		{
			option: 'CONFIG_MEMORY_HOTREMOVE',
			enables: 'offline_pages() and removing memory blocks again',
			without: 'writing offline fails, so the guest refuses every eject and device_del never completes',
		},
		{
			option: 'CONFIG_ACPI_HOTPLUG_MEMORY',
			enables: 'the ACPI driver for PNP0C80 memory devices (acpi_memhotplug) that answers QEMU\'s hotplug GPE and _EJ0',
			without: 'the guest never hears of the DIMM: no new memoryN after device_add, and device_del waits forever',
		},
		{
			option: 'CONFIG_SPARSEMEM',
			enables: 'the memory model with 128 MiB sections whose mem_map can be added at run time',
			without: 'FLATMEM has one fixed mem_map, so memory hotplug cannot even be selected',
		},
		{
			option: 'CONFIG_MIGRATION',
			enables: 'page migration: offline moves used pages out of the block (do_migrate_range)',
			without: 'hot-remove cannot be built (5.0: depends on MIGRATION; 6.1 selects it): no offline, no unplug',
		},
	],
	explanation,
	summary: s => [
		`You hot-added ${s.hotAddedMib} MiB as ${s.hotAddedBlocks || 'no blocks'} (DIMM ${s.dimm}, backend ${s.backend}).`,
		s.onlinedBlocks
			? `You onlined ${s.onlinedBlocks} into ${s.zones || 'a zone'}; free -m grew by ${s.gainedMib} MiB.`
			: 'No block was onlined.',
		s.offlineFailures > 0 ? `Offline was refused ${s.offlineFailures} time(s) (EBUSY: unmovable pages).` : 'Offline went through without EBUSY.',
		s.removed ? 'The DIMM was ejected and the backend deleted: the machine is as it booted.' : 'The DIMM is still plugged.',
	],
	eventTitle,
	linux50: {
		kernfs_fop_write_iter: '5.0: kernfs_fop_write (write_iter since 5.12)',
		memory_block_online: 'not in 5.0: memory_block_action called online_pages directly',
		memory_block_offline: 'not in 5.0: memory_block_action called offline_pages directly',
		zone_for_pfn_range: '5.0: online_pages chose the zone itself (move_pfn_range)',
		online_pages: '5.0: online_pages(pfn, nr_pages, online_type), then walk_system_ram_range(..., online_pages_range)',
		online_pages_range: '5.0: called through walk_system_ram_range',
		generic_online_page: '5.0: generic_online_page(page), one page at a time: __online_page_free -> __free_reserved_page -> __free_page',
		__free_pages_core: '5.0: __free_page (order-0 pages, via __free_reserved_page)',
		__add_memory: '5.0: __add_memory(nid, start, size); 6.1: __add_memory(mgid, start, size, MHP_NID_IS_MGID)',
		memory_group_register_static: 'not in 5.0 (memory groups came in 5.15)',
		add_memory_resource: '5.0: add_memory_resource(nid, res, online)',
		create_memory_block_devices: '5.0: link_mem_sections / register_mem_sect_under_node per section',
		offline_pages: '5.0: offline_pages(start_pfn, nr_pages) -> __offline_pages(start, end)',
		__remove_memory: '5.0: __remove_memory(nid, start, size)',
		remove_memory_block_devices: '5.0: unregister_memory_section per section via __remove_pages',
	},
	ui: {
		stepOf: (i, n) => `Step ${i}/${n}`,
		type: 'Type:',
		done: 'done',
		waiting: 'waiting for the machine',
		keys: 'F7 back  F8 next  F2 call paths',
		callPaths: 'Kernel call paths (innermost first)',
		noEvents: 'No hotplug event yet.',
		failedHere: reason => `<- failed here${reason ? `: ${reason}` : ''}`,
		innermostFirst: 'innermost first',
		linux50: 'Linux 5.0',
		finished: 'Walkthrough complete.',
		nothingToType: 'Nothing to type: read, then F8.',
	},
};
