/**
 * Where the firmware puts things the boot log prints addresses of: QEMU 7.2's ACPI tables
 * (hw/i386/acpi-build.c, SeaBIOS's table loader), and the percpu first chunk's geometry. The
 * initrd and the early memblock allocations (NODE_DATA, the memmap, the percpu chunk, the hashes,
 * the swiotlb buffer) are placed once, by the replay the page accounting uses (memblock.ts,
 * memblock-alloc.ts): BootMemory.layout.
 */
import {bootNic, bootVga} from './pci-scan.js';
import type {FirmwareBootInfo} from '../acpi.js';

// ---------------------------------------------------------------------------------------------
// ACPI tables

/** One ACPI table as the kernel prints it (acpi_tb_print_table_header). */
export interface AcpiTable {
	sig: string;
	addr: number;
	length: number;
	/** The header's revision (v01 unless said). */
	revision?: number;
}

/**
 * AML bytes of a PkgLength-prefixed object whose body is `len` bytes (QEMU aml-build.c
 * build_prepend_package_length: 1 byte up to 63, 2 up to 4095, 3 up to 1 MiB, else 4).
 */
function withPkgLength(len: number): number {
	if (len + 1 < 1 << 6) return len + 1;
	if (len + 2 < 1 << 12) return len + 2;
	if (len + 3 < 1 << 20) return len + 3;
	return len + 4;
}

/** aml_int(): ZeroOp/OneOp, then Byte/Word/DWord/QWord prefixes. */
function amlIntBytes(v: number): number {
	if (v === 0 || v === 1) return 1;
	if (v <= 0xff) return 2;
	if (v <= 0xffff) return 3;
	if (v <= 0xffffffff) return 5;
	return 9;
}

/**
 * The DSDT's per-CPU AML (hw/acpi/cpu.c build_cpus_aml, acpi_1_compatible): a Processor() object
 * C000.. with _STA, _MAT (an 8-byte MADT entry), _EJ0 (not for the boot CPU), _OST and, with NUMA,
 * _PXM; plus one `If (LEqual(Arg0, i)) {Notify(Cxxx, Arg1)}` in CTFY. The \_SB.CPUS device that
 * holds them has a fixed part whose exact size is not derived here (CPUS_FIXED_ESTIMATE): it only
 * decides when the container's PkgLength grows to 3 bytes (around 35 CPUs).
 */
const CPUS_FIXED_ESTIMATE = 1000;
function cpuAmlBytes(cpus: number, numa: boolean): number {
	let processors = 0;
	let ctfy = 0;
	for (let i = 0; i < cpus; i++) {
		const u = amlIntBytes(i);
		const content = (12 + u) + 17 + (i > 0 ? 12 + u : 0) + (14 + u) + (numa ? 6 : 0);
		processors += 2 + withPkgLength(10 + content);
		ctfy += 1 + withPkgLength(8 + u);
	}
	const ctfyMethod = 1 + withPkgLength(4 + 1 + ctfy);
	// Device(\_SB.CPUS): ExtOp + DeviceOp, PkgLength, a 10-byte root name path.
	return 2 + withPkgLength(10 + CPUS_FIXED_ESTIMATE + ctfyMethod + processors);
}

/**
 * The DSDT's memory hotplug AML (hw/acpi/memory_hotplug.c build_memory_hotplug_aml), built only
 * when there are DIMM slots: Device(\_SB.PCI0.MHPD) (94 bytes), Device(\_SB.MHPC) with its fixed
 * fields and methods (842 bytes counted from the source, MDNR a Byte constant), 111 bytes per slot
 * Device(MPxx) and one If per slot in MTFY (11 bytes for slots 0 and 1, 12 after), and
 * Method(\_GPE._E03) (28 bytes).
 */
function memoryAmlBytes(slots: number): number {
	if (slots <= 0) return 0;
	let mtfy = 0;
	for (let i = 0; i < slots; i++) mtfy += 1 + withPkgLength(8 + amlIntBytes(i));
	const mtfyMethod = 1 + withPkgLength(4 + 1 + mtfy);
	// (Per slot 111: the lab guest's DSDT grew 123 bytes a slot from 1 to 31 slots, where 113 made 125.)
	const content = 842 - 7 + 5 + amlIntBytes(slots) + 111 * slots + mtfyMethod;
	// (+1: with maxmem but no slots, so none of this AML, the lab's DSDT was one byte shorter than
	// the count from the source gave, s70/rs3 z; the lengths with slots are only compared to each other)
	return 94 + 2 + withPkgLength(10 + content) + 28 + 1;
}

/** DSDT length of the recorded run: -smp 2, slots=32, NUMA on (memory hotplug enables it). */
const DSDT_RECORDED = 0x2ce5;

/**
 * The DSDT's length for `cpus` CPUs and `slots` DIMM slots: the recorded run's length, moved by
 * the AML the CPU and memory-slot loops emit (everything else in the DSDT does not depend on the
 * machine's size). Exact while the containers' PkgLengths stay in the recorded run's classes
 * (roughly 28..256 slots, up to ~35 CPUs); without DIMM slots the fixed part of the memory AML is
 * our own count from the source, not checked against a real table.
 */
export function dsdtLength(cpus: number, slots: number, numa: boolean, board: DsdtBoard = DEFAULT_DSDT_BOARD): number {
	return DSDT_RECORDED + cpuAmlBytes(cpus, numa) - cpuAmlBytes(2, true) + memoryAmlBytes(slots) - memoryAmlBytes(32) + boardAmlDelta(board);
}

/** What the DSDT describes of the board's other devices. */
export interface DsdtBoard {
	vga: boolean;
	nic?: boolean;
	floppy: boolean;
	serialPorts: number;
	parallelPorts: number;
	q35?: boolean;
}
const DEFAULT_DSDT_BOARD: DsdtBoard = {vga: true, nic: true, floppy: true, serialPorts: 1, parallelPorts: 1};
/** What q35's DSDT holds beyond pc's (PCIe root, ICH9 LPC, eight PIRQ and eight GSI links, the MCH resources; no floppy controller), measured with a VGA card, a serial and a parallel port. */
const Q35_DSDT_EXTRA = 0x2663 - 0x1f16;

/**
 * The board's AML against the recorded run's (a VGA card, a NIC, a floppy drive, one serial and
 * one parallel port), measured in the lab (s62/dev-*, q35v-*: 1G, 4 slots): each parallel port's
 * LPT device 52 bytes, each serial port's COM device 53. On pc, slot 2 without a VGA card is a
 * hotpluggable slot (+12), a NIC changes nothing (its slot is hotpluggable with or without it)
 * and the floppy drive's description (FLPA, _FDE) is 51. q35 describes only the functions
 * present: the VGA's node 44, the NIC's 17; no floppy controller unless a drive is given.
 */
function boardAmlDelta(b: DsdtBoard): number {
	const ports = (b.parallelPorts - 1) * 52 + (b.serialPorts - 1) * 53;
	if (b.q35) return ports + (b.vga ? 0 : -44) + (b.nic === false ? -17 : 0);
	return ports + (b.vga ? 0 : 12) + (b.floppy ? 0 : -51);
}

/**
 * The tables QEMU's acpi_build() puts in the `etc/acpi/tables` blob, in blob order: FACS (64 bytes),
 * DSDT, FACP, APIC (MADT), HPET, SRAT (with NUMA), WAET, RSDT. The blob is padded to 128 KiB
 * (ACPI_BUILD_TABLE_SIZE) and SeaBIOS's table loader puts it at the top of low RAM: the 128 KiB
 * e820 `reserved` range below `ramBelow4g`.
 */
export function acpiTables(boot: FirmwareBootInfo, dimmSlots: number): AcpiTable[] {
	const cpus = Math.max(1, boot.cpus);
	const numa = srat(boot, dimmSlots);
	const base = boot.ramBelow4g - 0x20000;
	const q35 = boot.board === 'q35';
	const sizes: [string, number, number?][] = [
		['FACS', 0x40],
		// (q35's DSDT: the lab's 1G and 4G q35 guests with one CPU and 4 slots, 0x2663 where pc's is 0x1F16)
		['DSDT', dsdtLength(cpus, dimmSlots, numa, {
			...(boot.isaDevices ?? DEFAULT_DSDT_BOARD), vga: bootVga(boot) !== undefined, nic: bootNic(boot) !== undefined, q35,
		}) + (q35 ? Q35_DSDT_EXTRA : 0)],
		// q35's FADT is revision 3 (ACPI 2.0, 244 bytes), pc's revision 1
		q35 ? ['FACP', 0xf4, 3] : ['FACP', 0x74],
		// MADT: header 44, a Processor Local APIC (8) per CPU, the IOAPIC (12), five Interrupt
		// Source Overrides (IRQ 0, 5, 9, 10, 11: 10 each), the Local APIC NMI (6).
		['APIC', 0x70 + 8 * cpus],
		['HPET', 0x38],
	];
	if (numa) {
		// SRAT: header 48, a Processor Local APIC affinity (16) per CPU, memory affinities (40):
		// [0, 640K), [1M, below 4G), [4G, ...) if any, padded to numa_nodes + 2, plus the
		// hotplug range.
		const ranges = boot.ramAbove4g ? 3 : 2;
		sizes.push(['SRAT', 48 + 16 * cpus + 40 * (Math.max(ranges, 3) + (boot.hotplugRange ? 1 : 0))]);
	}
	// MCFG: header 44, one 16-byte ECAM allocation
	if (q35) sizes.push(['MCFG', 0x3c]);
	sizes.push(['WAET', 0x28]);
	const rsdtEntries = sizes.filter(([s]) => s !== 'FACS' && s !== 'DSDT').length;
	sizes.push(['RSDT', 36 + 4 * rsdtEntries]);
	const out: AcpiTable[] = [];
	let off = 0;
	for (const [sig, length, revision] of sizes) {
		out.push({sig, addr: base + off, length, ...(revision ? {revision} : {})});
		off += length;
	}
	return out;
}

/**
 * QEMU builds an SRAT when the machine has NUMA nodes; without -numa the pc machine creates one
 * node when memory hotplug is configured (auto_enable_numa_with_memhp).
 */
export function srat(boot: FirmwareBootInfo, dimmSlots: number): boolean {
	return boot.hotplugRange !== undefined || dimmSlots > 0;
}

// ---------------------------------------------------------------------------------------------
// The early memblock allocations and the percpu first chunk are placed in memblock.ts

export type {ByteRange} from './memblock-alloc.js';
export {initrdRange, percpuFirstChunk, type EarlyLayout} from './memblock.js';
