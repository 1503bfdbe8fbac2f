/**
 * Read-only snapshots of the machine for front ends (the Ink panel, the tutorial). Plain
 * data: a snapshot never changes after it is taken and holds no references into the model.
 */

export type ZoneName = 'DMA' | 'DMA32' | 'Normal' | 'Movable';
export type BlockState = 'online' | 'offline' | 'going-offline';

export interface BlockSnapshot {
	/** memoryN */
	index: number;
	/** Guest-physical start address and size in bytes. */
	start: number;
	size: number;
	state: BlockState;
	/** The zone an online block is in; 'none' when it spans zones (memory0); null when offline. */
	zone: ZoneName | 'none' | null;
	/** Hot-added through ACPI (has firmware_node) rather than boot memory. */
	hotplugged: boolean;
	/** Pages in the block, and how they are used (sums to totalPages when online). */
	totalPages: number;
	freePages: number;
	movablePages: number;
	unmovablePages: number;
	/** valid_zones as sysfs prints it. */
	validZones: string;
}

export interface ZoneSnapshot {
	name: ZoneName;
	presentPages: number;
	managedPages: number;
	freePages: number;
}

export interface GuestMemorySnapshot {
	blockSizeBytes: number;
	blocks: BlockSnapshot[];
	zones: ZoneSnapshot[];
	memTotalKb: number;
	memFreeKb: number;
	memAvailableKb: number;
	/** HugePages_Total (2 MiB pages in the hugetlb pool; absent in older snapshots means 0). */
	hugePages?: number;
	/** Shmem written since boot (tmpfs files: dd, fallocate, yes; absent means 0), in kB. */
	tmpfsKb?: number;
	autoOnlineBlocks: string;
	/** Booted with acpi_no_memhotplug: hot-added DIMMs get no memory blocks. */
	acpiNoMemhotplug?: boolean;
}

/** An nvdimm is plugged too, but the guest (no nfit driver) makes nothing of it and it cannot be unplugged. */
export type DimmStatus = 'plugged' | 'eject-requested' | 'eject-refused' | 'nvdimm';

export interface DimmSnapshot {
	id: string;
	slot: number;
	addr: number;
	size: number;
	memdev: string;
	node: number;
	status: DimmStatus;
}

export interface BackendSnapshot {
	id: string;
	size: number;
	/** Used by a DIMM (object_del refused while true). */
	mapped: boolean;
}

export interface QemuSnapshot {
	ramSize: number;
	maxRamSize: number;
	slots: number;
	dimms: DimmSnapshot[];
	backends: BackendSnapshot[];
	pluggedBytes: number;
	deviceMemory?: {base: number; size: number};
	running: boolean;
	/** Hot-added virtio-mem-pci devices, by address (absent or empty: none). */
	virtioMem?: VirtioMemSnapshot[];
}

/** A virtio-mem-pci device: its region in device memory, what was asked of it and what it plugged. */
export interface VirtioMemSnapshot {
	id: string;
	/** PCI slot and function (`00:04.0`). */
	pciAddr: string;
	addr: number;
	/** The backend's size: the most it can plug (max-size). */
	size: number;
	requestedSize: number;
	pluggedSize: number;
	memdev: string;
}

/** A hotplug event the guest handled, with the kernel call path that ran (innermost last). */
export interface HotplugEvent {
	kind: 'hot-add' | 'hot-add-failed' | 'online' | 'offline' | 'offline-failed' | 'eject' | 'eject-refused' | 'remove';
	/** Block numbers involved. */
	blocks: number[];
	zone?: ZoneName;
	bytes?: number;
	dimm?: string;
	/** errno or a short reason for failures, e.g. 'EBUSY: unmovable page pfn 0x108006'. */
	reason?: string;
	/** Kernel functions in call order (outermost first), Linux 6.1 names. */
	callPath: string[];
	/** An eject the guest started itself (a write to the ACPI device's `eject`), not device_del. */
	byGuest?: boolean;
	/** An eject refused because /sys/firmware/acpi/hotplug/memory/enabled is 0 (nothing was offlined). */
	ejectDisabled?: boolean;
	/** Free huge pages an offline dissolved out of the hugetlb pool (dissolve_free_huge_pages()). */
	dissolvedHugePages?: number;
	/** Movable pages an offline migrated to other blocks (do_migrate_range()). */
	migratedPages?: number;
	/** Memory of a DIMM QEMU was started with, added by the ACPI scan at boot (not a hot-add). */
	atBoot?: boolean;
	/** Guest seconds since boot. */
	time: number;
}

export interface MachineSnapshot {
	/** `-m 1024M,slots=32,maxmem=8G` as given. */
	memoryOption: string;
	qemu: QemuSnapshot;
	/** Absent when the machine has no guest kernel, or its kernel did not come up. */
	guest?: GuestMemorySnapshot;
	/** Why the guest kernel did not come up: too little RAM to decompress it, or its initrd overwritten (session.ts). */
	guestBootFailure?: 'reset-loop' | 'initrd-overwritten' | 'out-of-memory';
	events: HotplugEvent[];
}
