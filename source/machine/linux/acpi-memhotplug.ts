import {ACPI_NOTIFY_DEVICE_CHECK, ACPI_NOTIFY_EJECT_REQUEST, ACPI_OST_EC_OSPM_EJECT, ACPI_OST_SC_DEVICE_BUSY, ACPI_OST_SC_EJECT_IN_PROGRESS, ACPI_OST_SC_REMOVE_NOT_SUPPORTED, ACPI_OST_SC_SUCCESS, type MemoryHotplugFirmware} from '../acpi.js';
import type {Errno} from '../errno.js';
import {EJECT_TRANSIENT_KMALLOC16, HOT_ADD_TRANSIENT_KMALLOC16} from './kmalloc-names.js';
import type {MemoryBlock} from './memory-block.js';
import type {GuestMm} from './mm.js';
import {KERN_ERR, KERN_INFO, KERN_WARNING} from './printk.js';
import {PAGE_SIZE} from './memblock.js';
import {acpiMemoryDeviceName} from './sysfs.js';

/** device_offline(): 1 when already offline, else the bus offline result. */
export type DeviceResult = 0 | 1 | Errno;

/**
 * The guest side of QEMU's memory hotplug: \_SB.MHPC.MSCN walks the slots and notifies the
 * OS; drivers/acpi/acpi_memhotplug.c adds the memory, drivers/acpi/scan.c ejects it.
 */
export class AcpiMemoryHotplug {
	/**
	 * memory_device_handler.hotplug.enabled: the "memory" hotplug profile's
	 * /sys/firmware/acpi/hotplug/memory/enabled. Off, ejects are refused (hot-add still works).
	 */
	hotplugEnabled = true;

	constructor(
		private readonly fw: MemoryHotplugFirmware,
		private readonly mm: GuestMm,
		private readonly device: {
			online(b: MemoryBlock, path: string[], forced?: MemoryBlock['zone']): DeviceResult;
			offline(b: MemoryBlock, path: string[]): DeviceResult;
			autoOnline(b: MemoryBlock): void;
		},
	) {}

	/** MSCN: for each slot, a pending insert -> device check, a pending removal -> eject request. */
	scan(): void {
		// \_GPE._E03 is evaluated from the GPE's worker: its evaluate info and walk states.
		this.mm.gpeMethod();
		for (let i = 0; i < this.fw.slotCount(); i++) {
			const s = this.fw.slot(i);
			if (s.inserting) {
				this.fw.clearInsertEvent(i);
				// MSCN's loop runs in the interpreter: its state objects (slub.ts), a slab of them if
				// an offline's shrink left none (the eject that follows then finds one)
				this.mm.acpiInterpreter();
				this.deviceCheck(i);
			} else if (s.removing) {
				this.fw.clearRemoveEvent(i);
				this.ejectRequest(i);
			}
		}
	}

	/**
	 * The boot-time namespace scan (acpi_bus_scan -> acpi_memory_device_add): every memory
	 * device _STA reports enabled (a DIMM QEMU got with -device) has its memory added, and no
	 * _OST is evaluated. With acpi_no_memhotplug the handler has no attach: nothing is added.
	 */
	bootScan(): void {
		if (this.mm.params.acpiNoMemhotplug) return;
		for (let i = 0; i < this.fw.slotCount(); i++) {
			if (this.fw.slot(i).enabled) this.addDevice(i, ['acpi_bus_scan', 'acpi_memory_device_add'], true);
		}
	}

	/**
	 * acpi_memory_device_add -> acpi_memory_enable_device -> __add_memory, then the blocks are
	 * onlined as memhp_default_state says. False when add_memory failed.
	 */
	private addDevice(slot: number, via: string[], atBoot = false): boolean {
		const s = this.fw.slot(slot);
		const blocks = this.mm.addMemory(s.addr, s.size, slot, atBoot);
		if (typeof blocks === 'string') {
			// acpi_memory_enable_device() counts no enabled range; acpi_memory_device_add() fails
			// and the scan handler stays unattached.
			const dev = {subsystem: 'acpi', name: acpiMemoryDeviceName(slot)};
			this.mm.printk.devPrintk(KERN_ERR, dev, 'add_memory failed');
			this.mm.printk.devPrintk(KERN_ERR, dev, 'acpi_memory_enable_device() error');
			// acpi_scan_device_check() (6.1.y after the stable rework of Device Check handling)
			// no longer says "Enumeration failure": the debian kernel has no such string.
			this.mm.events.push({kind: 'hot-add-failed', blocks: [], bytes: s.size, time: 0,
				reason: blocks === 'EINVAL' ? 'EINVAL: range not aligned to the memory block size' : 'ENOMEM: no room for its memmap',
				callPath: [...via, 'acpi_memory_enable_device', '__add_memory', 'add_memory_resource',
					...(blocks === 'EINVAL' ? ['check_hotplug_memory_range'] : ['arch_add_memory', 'vmemmap_populate'])]});
			this.fixTime();
			return false;
		}
		const res = this.mm.resources.find(r => r.slot === slot);
		// The add's kmalloc-96 objects in use at once (a new slab comes before any auto-online).
		this.mm.transientKmalloc96();
		if (this.mm.defaultOnlineType === 'offline') {
			this.mm.hotAddKernelPages(res, 'both');
		} else {
			this.mm.hotAddKernelPages(res, 'before-online');
			for (const b of blocks) this.device.autoOnline(b);
			this.mm.hotAddKernelPages(res, 'after-online', blocks, atBoot);
		}
		this.mm.placeHotAddKmalloc1k(res);
		this.mm.acpiBindMemoryBlocks(blocks);
		this.mm.transientKmalloc16(HOT_ADD_TRANSIENT_KMALLOC16);
		return true;
	}

	/** acpi_scan_device_check -> acpi_memory_device_add -> __add_memory. */
	private deviceCheck(slot: number): void {
		if (this.mm.params.acpiNoMemhotplug) {
			// acpi_memory_hotplug_init() left the handler without .attach: acpi_scan_attach_handler()
			// skips the device, nothing adds its memory, and the bus check still succeeds.
			this.fw.ost(slot, ACPI_NOTIFY_DEVICE_CHECK, ACPI_OST_SC_SUCCESS);
			return;
		}
		if (this.mm.resources.some(r => r.slot === slot)) {
			this.fw.ost(slot, ACPI_NOTIFY_DEVICE_CHECK, ACPI_OST_SC_SUCCESS);
			return;
		}
		// A failed add leaves the scan handler unattached, but acpi_scan_device_check() returns what
		// acpi_bus_scan() does, and that is 0 for a device that exists: _OST still says success.
		// The handler is not retried by later Device Checks of other slots (lab).
		this.addDevice(slot, ['acpi_scan_device_check', 'acpi_memory_device_add']);
		this.fw.ost(slot, ACPI_NOTIFY_DEVICE_CHECK, ACPI_OST_SC_SUCCESS);
	}

	private blocksOf(slot: number): MemoryBlock[] {
		return this.mm.sortedBlocks().filter(b => b.hotplugged && b.slot === slot);
	}

	/** The slot's _STA as QEMU's MSTA returns it: present, enabled, shown, functioning, or nothing. */
	sta(slot: number): number {
		return this.fw.slot(slot).enabled ? 0xf : 0;
	}

	/**
	 * acpi_eject_store(): `1` (only the first character counts) schedules the same hot-remove
	 * an eject request runs, with ACPI_OST_EC_OSPM_EJECT as the _OST source; the write itself
	 * succeeds once scheduled. A slot without the memory scan handler attached (empty, or its
	 * add_memory failed), or with the handler's hotplug profile disabled, has nothing to eject
	 * and no driver: -ENODEV.
	 */
	ejectStore(slot: number, buf: string): Errno | undefined {
		if (!buf.length || buf[0] !== '1') return 'EINVAL';
		if (!this.fw.slot(slot).enabled || !this.mm.resources.some(r => r.slot === slot) || !this.hotplugEnabled) return 'ENODEV';
		this.ejectRequest(slot, ACPI_OST_EC_OSPM_EJECT);
		return undefined;
	}

	/**
	 * acpi_scan_hot_remove -> acpi_scan_try_to_offline: a first pass that ignores errors, a
	 * second pass over what is still online; on failure `Offline failed.`, re-online what this
	 * attempt offlined and report DEVICE_BUSY through _OST (for the event that started it). On
	 * success remove and _EJ0.
	 */
	private ejectRequest(slot: number, src = ACPI_NOTIFY_EJECT_REQUEST): void {
		const blocks = this.blocksOf(slot);
		// The OS's own eject runs in the same kacpi_hotplug work, scheduled by the sysfs store.
		const byGuest = src === ACPI_OST_EC_OSPM_EJECT;
		// With acpi_no_memhotplug no handler is attached to the device, so no profile is checked.
		if (!this.hotplugEnabled && !this.mm.params.acpiNoMemhotplug) {
			// acpi_generic_hotplug_event(): the profile is off, -EPERM, nothing is offlined.
			this.mm.printk.devPrintk(KERN_INFO, {subsystem: 'acpi', name: acpiMemoryDeviceName(slot)}, 'Eject disabled');
			this.mm.events.push({kind: 'eject-refused', blocks: blocks.map(b => b.id), reason: 'EPERM: eject disabled',
				callPath: [...(byGuest ? ['acpi_eject_store', 'acpi_hotplug_schedule'] : []), 'acpi_device_hotplug', 'acpi_generic_hotplug_event'],
				time: 0, ejectDisabled: true, ...(byGuest ? {byGuest} : {})});
			this.fixTime();
			this.fw.ost(slot, src, ACPI_OST_SC_REMOVE_NOT_SUPPORTED);
			return;
		}
		// Between a successful offline, whose shrink emptied the 4 KiB caches (slub.ts), and the
		// eject's first offline, something takes a new order-3 slab of 4 KiB objects from the head
		// of the Normal zone: the lab's 1G guest refuses the eject of a DIMM whose Movable block
		// was offlined from the shell (only a builtin between), and ejects the same DIMM when the
		// eject offlines both blocks itself. Which allocation it is was not found; it has
		// names_cache's shape, and memhp allocates that (as a getname() would).
		this.mm.getname();
		// The GPE's method and _OST: the interpreter's state objects (slub.ts).
		this.mm.acpiInterpreter();
		this.mm.transientKmalloc16(EJECT_TRANSIENT_KMALLOC16);
		// acpi_generic_hotplug_event(): _OST(EJECT_REQUEST, EJECT_IN_PROGRESS) before acpi_scan_hot_remove().
		this.fw.ost(slot, ACPI_NOTIFY_EJECT_REQUEST, ACPI_OST_SC_EJECT_IN_PROGRESS);
		const origin = byGuest ? ['acpi_eject_store', 'acpi_hotplug_schedule'] : [];
		const path = [...origin, 'acpi_device_hotplug', 'acpi_generic_hotplug_event', 'acpi_scan_hot_remove', 'acpi_scan_try_to_offline', 'acpi_bus_offline', 'device_offline'];
		const putOnline = new Set<MemoryBlock>();
		let errdev: MemoryBlock | undefined;
		for (const b of blocks) {
			const r = this.device.offline(b, path);
			if (r === 0) putOnline.add(b);
			else if (r !== 1) errdev = b;
		}
		if (errdev) {
			errdev = undefined;
			for (const b of blocks) {
				if (putOnline.has(b)) continue;
				const r = this.device.offline(b, path);
				if (r === 0) {
					putOnline.add(b);
				} else if (r !== 1) {
					errdev = b;
					break;
				}
			}
			if (errdev) {
				this.mm.printk.devPrintk(KERN_WARNING, {subsystem: 'memory', name: `memory${errdev.id}`}, 'Offline failed.');
				// acpi_bus_online(): device_online() with no type of its own, so each block goes to its
				// default zone, or where a stale online_type says (see MemoryDevices.online()), not
				// necessarily back where it was.
				for (const b of blocks) {
					if (putOnline.has(b)) this.device.online(b, ['acpi_scan_hot_remove', 'acpi_bus_online', 'device_online']);
				}
				// kobject uevents and the _OST evaluation allocate kernel objects.
				this.mm.kernelAllocate('slab', 1, 'A');
				this.mm.events.push({kind: 'eject-refused', blocks: blocks.map(b => b.id), reason: `EBUSY: memory${errdev.id} could not be offlined`,
					callPath: [...path.slice(0, origin.length + 4), 'acpi_bus_online'], time: 0, ...(byGuest ? {byGuest} : {})});
				this.fixTime();
				this.fw.ost(slot, src, ACPI_OST_SC_DEVICE_BUSY);
				return;
			}
		}
		const res = this.mm.resources.find(r => r.slot === slot);
		if (res) {
			const removed = this.mm.removeMemory(res);
			this.mm.events.push({kind: 'remove', blocks: removed.map(b => b.id), bytes: res.size, callPath: ['acpi_scan_hot_remove', 'acpi_bus_trim',
				'acpi_memory_device_remove', 'acpi_memory_remove_memory', '__remove_memory', 'try_remove_memory', 'remove_memory_block_devices',
				'arch_remove_memory'], time: 0});
			this.fixTime();
			void PAGE_SIZE;
		}
		this.mm.events.push({kind: 'eject', blocks: blocks.map(b => b.id), callPath: [...origin, 'acpi_scan_hot_remove', 'acpi_evaluate_ej0'], time: 0,
			...(byGuest ? {byGuest} : {})});
		this.fixTime();
		this.fw.eject(slot);
		// acpi_device_hotplug() reports the outcome on the (now empty) slot.
		this.fw.ost(slot, src, ACPI_OST_SC_SUCCESS);
	}

	private fixTime(): void {
		const e = this.mm.events[this.mm.events.length - 1];
		e.time = this.mm.nowSeconds();
	}
}
