/**
 * The contract between QEMU's ACPI memory-hotplug device (hw/acpi/memory_hotplug.c, the
 * `\_SB.MHPC` AML methods MSCN/MRST/MCRS/MOST/MEJ0) and the guest's ACPI code
 * (drivers/acpi/acpi_memhotplug.c, drivers/acpi/scan.c). Neither side reaches into the
 * other's objects: QEMU raises a GPE, the guest reads slot registers, clears events,
 * reports _OST and asks for _EJ0, exactly as the real hardware interface works.
 */

/** One DIMM slot as the guest's AML sees it (`MEMORY_SLOT_*` registers). */
export interface MemoryHotplugSlot {
	/** _STA bit: a DIMM is plugged in this slot and enabled. */
	enabled: boolean;
	/** MINS: a device-check (insert) event is pending. */
	inserting: boolean;
	/** MRMV: an eject request is pending. */
	removing: boolean;
	/** _CRS: guest-physical base address and length. */
	addr: number;
	size: number;
	/** _PXM: proximity domain (NUMA node). */
	node: number;
}

/** _OST event and status codes (ACPI spec 6.3.5). */
export const ACPI_NOTIFY_DEVICE_CHECK = 0x01;
export const ACPI_NOTIFY_EJECT_REQUEST = 0x03;
/** _OST source event of an eject the OS itself started (`echo 1 > .../eject`). */
export const ACPI_OST_EC_OSPM_EJECT = 0x103;
export const ACPI_OST_SC_SUCCESS = 0x00;
export const ACPI_OST_SC_NON_SPECIFIC_FAILURE = 0x01;
/** _OST status when the OS will not eject the device (drivers/acpi/scan.c: -EPERM). */
export const ACPI_OST_SC_REMOVE_NOT_SUPPORTED = 0x81;
export const ACPI_OST_SC_DEVICE_BUSY = 0x82;
/** _OST status for an eject request: ejection in progress (not a refusal). */
export const ACPI_OST_SC_EJECT_IN_PROGRESS = 0x84;

/** QEMU's side of the interface, called by the guest's ACPI code. */
export interface MemoryHotplugFirmware {
	/** Number of slots (`-m ...,slots=N`); 0 when memory hotplug is not enabled. */
	slotCount(): number;
	slot(index: number): MemoryHotplugSlot;
	/** MSCN clears MINS / MRMV after notifying the OS. */
	clearInsertEvent(index: number): void;
	clearRemoveEvent(index: number): void;
	/** _OST(event, status) for the slot: QEMU emits ACPI_DEVICE_OST and keeps the status. */
	ost(index: number, event: number, status: number): void;
	/** _EJ0: QEMU unplugs the DIMM (pc_dimm_unplug) and frees the slot. */
	eject(index: number): void;
}

/**
 * The chipset controls a kernel uses to reboot or power off the machine: the reset control
 * register (PIIX 0xcf9, the FADT's RESET_REG) and the ACPI PM1a control register (SLP_TYP S5 +
 * SLP_EN). QEMU resets the machine (guest-reset) or shuts down (guest-shutdown).
 */
export interface PowerControl {
	reset(): void;
	powerOff(): void;
}

/** The guest's side: QEMU raises the memory-hotplug GPE; an ACPI-aware OS scans the slots. */
export interface AcpiGuest {
	raiseMemoryHotplugGpe(): void;
	/** GPE bit 1 (`_E01`): run \_SB.PCI0.PCNT, which notifies the slots that came up. */
	raisePciHotplugGpe?(): void;
	/** An NMI on the boot CPU's LINT1 (QEMU's inject-nmi): an OS that handles it says so. */
	nmi?(): void;
}

/**
 * QEMU's ACPI PCI hotplug on the pc's root bus (hw/acpi/pcihp.c, the PCI_UP/PCI_DOWN registers
 * PCNT reads): which slots a device was added to, and what the guest's scan of such a slot finds
 * in config space.
 */
export interface PciHotplugFirmware {
	/** PCI_UP_BASE: the slots that got a device since the last read (the read clears them). */
	takeUpSlots(): number[];
	/** The slot's functions as config space shows them (BARs not yet assigned: start 0). */
	slotFunctions(slot: number): PciFunctionConfig[];
}

/** One E820 entry handed to the guest by the firmware (SeaBIOS) at boot. */
export interface E820Entry {
	addr: number;
	size: number;
	type: 'usable' | 'reserved';
}

/** A PCI BAR as the firmware programmed it (index 6: the expansion ROM, assigned but not enabled). */
export interface PciBarConfig {
	index: number;
	io: boolean;
	start: number;
	size: number;
	prefetch: boolean;
	/** A 64-bit memory BAR (PCI_BASE_ADDRESS_MEM_TYPE_64). */
	mem64?: boolean;
}

/** A PCI function of the root bus as the guest's scan finds it in config space after the firmware. */
export interface PciFunctionConfig {
	slot: number;
	fn: number;
	vendor: number;
	device: number;
	/** Base class, subclass and programming interface (`class 0x010180`). */
	classCode: number;
	bars: PciBarConfig[];
	/** The interrupt line the firmware routed, for a function with an interrupt pin. */
	irq?: number;
	/** The header type's multifunction bit (a hotplug scan looks past function 0 only then). */
	multifunction?: boolean;
}

/**
 * What the firmware tells the guest kernel about the machine at boot: the e820 map,
 * the SRAT hotplug range and the devices that show up in /proc/iomem.
 */
export interface FirmwareBootInfo {
	/** RAM below and above 4 GiB as QEMU split it (pc_init1). */
	ramBelow4g: number;
	ramAbove4g: number;
	e820: E820Entry[];
	/** SRAT `hotplug` memory affinity range: QEMU's device-memory region, if any. */
	hotplugRange?: {base: number; size: number};
	/** The 64-bit PCI hole QEMU places after device memory (iomem `PCI Bus 0000:00`). */
	pciHole64?: {base: number; size: number};
	/** 32-bit PCI window start (below 4 GiB): end of low RAM. */
	pciHole32Start: number;
	cpus: number;
	/**
	 * The -smp topology the CPUID leaves and the APIC IDs describe (sockets, dies, cores,
	 * threads per core); one package of `cpus` cores when absent.
	 */
	topology?: {sockets: number; dies: number; cores: number; threads: number};
	/** Kernel command line (`-append`). */
	cmdline: string;
	/** Guest physical address bits (CPUID 0x80000008). */
	physBits: number;
	/** The board (`-machine pc` or `q35`): pc when absent. */
	board?: 'pc' | 'q35';
	/** What the DSDT describes of the board besides memory and CPUs (ISA devices); the defaults' board when absent. */
	isaDevices?: {floppy: boolean; serialPorts: number; parallelPorts: number};
	/** The root bus's PCI functions, in devfn order, as SeaBIOS left them. */
	pci: PciFunctionConfig[];
	/** The sizes of the option ROMs SeaBIOS copied to 0xc0000 and up, in order (2 KiB aligned each). */
	optionRoms: number[];
	/** QEMU has NUMA nodes (one auto-created with memory hotplug), so its ACPI tables hold an SRAT. */
	numa?: boolean;
}

/**
 * The functions of either board's default devices: pc's i440FX, PIIX3 with its IDE and PM, VGA
 * and e1000; q35's host bridge, VGA, e1000e, LPC, SATA and SMBus.
 */
const DEFAULT_FUNCTIONS = 6;
/** The pc board's MP table interrupt sources: the PM's slot 1 and the e1000's slot 3, pin A each. */
const PC_DEFAULT_INTSRC = 2;

/**
 * mptable_setup()'s PCI interrupt sources: one 8-byte entry for each slot and pin on bus 0 (the
 * functions of one slot share theirs, pinmask).
 */
function mptableIntsrc(pci: readonly PciFunctionConfig[]): number {
	return new Set(pci.filter((f) => f.irq !== undefined).map((f) => f.slot)).size;
}

/**
 * How much lower the RSDP lands in the f-segment than with the pc board's default devices: the
 * MP table SeaBIOS allocated there before it grows by 8 bytes per interrupt source, rounded to
 * 16 (lab s70/rs2: 0x10 lower with one or two -device virtio-mem-pci, 0x20 with three or four;
 * the CPU count moved nothing from 1 to 8).
 */
export function seabiosFsegShift(boot: FirmwareBootInfo): number {
	if (boot.board === 'q35') return 0;
	return 16 * Math.ceil((8 * (mptableIntsrc(boot.pci) - PC_DEFAULT_INTSRC)) / 16);
}

/**
 * How much lower SeaBIOS's allocations below the top of RAM end than with the pc board's default
 * devices and no NUMA (what iPXE's PMM allocations then start under): its struct pci_device
 * for each function, 0x50 with the allocator's header (the no-VGA boards are 0x50 higher, lab
 * s62), and 0xd0 more with an SRAT among QEMU's ACPI tables (memory hotplug configured: its
 * table-loader entries). Lab s70/rs2, rs3 at 1G: slots and maxmem, or maxmem alone, 0xd0 with 1
 * to 8 CPUs; two CPUs without maxmem nothing; one to four virtio-mem-pci 0xd0 + 0x50 each. q35's
 * board allocates 0x270 more (lab s62, without memory hotplug; its SRAT's share not measured).
 */
export function seabiosHighShift(boot: FirmwareBootInfo): number {
	const board = boot.board === 'q35' ? 0x270 : boot.numa ? 0xd0 : 0;
	return 0x50 * (boot.pci.length - DEFAULT_FUNCTIONS) + board;
}
