/**
 * drivers/firmware/memmap.c: /sys/firmware/memmap, the firmware's memory map as kexec-tools
 * reads it. e820__reserve_resources() adds one entry per entry of the table the BIOS handed
 * over (before the kernel trims it: page 0, `mem=`), firmware_memmap_init() gives them sysfs
 * directories 0, 1, ...; add_memory_resource() adds a "System RAM" entry for hot-added memory
 * (firmware_map_add_hotplug) and try_remove_memory() removes it (firmware_map_remove).
 * add_sysfs_fw_map_entry()'s counter only grows: a removed entry's number is not reused.
 */
import type {E820Entry} from '../acpi.js';

export interface FirmwareMapEntry {
	/** The kobject's name: /sys/firmware/memmap/<index>. */
	readonly index: number;
	readonly start: number;
	/** Inclusive, as firmware_map_add_entry() stores it (end - 1). */
	readonly end: number;
	readonly type: string;
}

/** e820_type_to_string() for the types SeaBIOS reports. */
const E820_TYPE_STRING: Record<E820Entry['type'], string> = {usable: 'System RAM', reserved: 'Reserved'};

export class FirmwareMemmap {
	private readonly entries: FirmwareMapEntry[] = [];
	/** add_sysfs_fw_map_entry()'s static map_entries_nr. */
	private mapEntriesNr = 0;
	/** Bumped when an entry comes or goes (sysfs rebuilds its listing). */
	generation = 0;

	constructor(firmwareE820: readonly E820Entry[]) {
		// firmware_map_add_early() with an exclusive end, then firmware_memmap_init() in list order.
		for (const e of firmwareE820) this.add(e.addr, e.addr + e.size, E820_TYPE_STRING[e.type]);
	}

	private add(start: number, endExclusive: number, type: string): void {
		this.entries.push({index: this.mapEntriesNr++, start, end: endExclusive - 1, type});
		this.generation++;
	}

	private find(start: number, end: number, type: string): number {
		return this.entries.findIndex(e => e.start === start && e.end === end && e.type === type);
	}

	/** firmware_map_add_hotplug(start, end): an entry already there (same range and type) is kept. */
	addHotplug(start: number, endExclusive: number, type = 'System RAM'): void {
		if (this.find(start, endExclusive - 1, type) >= 0) return;
		this.add(start, endExclusive, type);
	}

	/** firmware_map_remove(): -EINVAL (false) when no entry has that range and type. */
	remove(start: number, endExclusive: number, type = 'System RAM'): boolean {
		const i = this.find(start, endExclusive - 1, type);
		if (i < 0) return false;
		this.entries.splice(i, 1);
		this.generation++;
		return true;
	}

	list(): readonly FirmwareMapEntry[] {
		return this.entries;
	}
}
