/**
 * Where the firmware and the early kernel put things the boot log prints addresses of: QEMU 7.2's
 * ACPI tables (hw/i386/acpi-build.c, SeaBIOS's table loader), the initrd QEMU loads
 * (hw/i386/x86.c x86_load_linux), and the big early memblock allocations of Linux 6.1 (NODE_DATA,
 * the sparse memmap buffer, the percpu first chunk, the early hash tables, the swiotlb buffer),
 * all carved top-down (memblock's default direction) from the free RAM below the initrd.
 *
 * Only the log uses these addresses; the page accounting (memblock.ts bootMemory()) is separate.
 */
import type {FirmwareBootInfo} from '../acpi.js';
import {DENTRY_HASH, INODE_HASH, largeSystemHash} from './large-hash.js';
import {percpuAllocInfo as pcpuAllocInfo} from './memblock-alloc.js';
import {KERNEL_BRK, KERNEL_IMAGE, PAGE_SIZE, PAGES_PER_SECTION, PERCPU_PAGES_PER_CPU, presentSections, SWIOTLB_BYTES, type BootMemory} from './memblock.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

// ---------------------------------------------------------------------------------------------
// ACPI tables

/** One ACPI table as the kernel prints it (acpi_tb_print_table_header). */
export interface AcpiTable {
	sig: string;
	addr: number;
	length: number;
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
 * fields and methods (842 bytes counted from the source, MDNR a Byte constant), 113 bytes per slot
 * Device(MPxx) and one If per slot in MTFY (11 bytes for slots 0 and 1, 12 after), and
 * Method(\_GPE._E03) (28 bytes).
 */
function memoryAmlBytes(slots: number): number {
	if (slots <= 0) return 0;
	let mtfy = 0;
	for (let i = 0; i < slots; i++) mtfy += 1 + withPkgLength(8 + amlIntBytes(i));
	const mtfyMethod = 1 + withPkgLength(4 + 1 + mtfy);
	const content = 842 - 7 + 5 + amlIntBytes(slots) + 113 * slots + mtfyMethod;
	return 94 + 2 + withPkgLength(10 + content) + 28;
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
export function dsdtLength(cpus: number, slots: number, numa: boolean): number {
	return DSDT_RECORDED + cpuAmlBytes(cpus, numa) - cpuAmlBytes(2, true) + memoryAmlBytes(slots) - memoryAmlBytes(32);
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
	const sizes: [string, number][] = [
		['FACS', 0x40],
		['DSDT', dsdtLength(cpus, dimmSlots, numa)],
		['FACP', 0x74],
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
	sizes.push(['WAET', 0x28]);
	const rsdtEntries = sizes.filter(([s]) => s !== 'FACS' && s !== 'DSDT').length;
	sizes.push(['RSDT', 36 + 4 * rsdtEntries]);
	const out: AcpiTable[] = [];
	let off = 0;
	for (const [sig, length] of sizes) {
		out.push({sig, addr: base + off, length});
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
// The initrd and the early memblock allocations

/** A physical range [start, end) in bytes. */
export interface ByteRange {
	start: number;
	end: number;
}

/**
 * Where QEMU loads an initrd of `pages` pages: x86_load_linux() puts it at
 * `(initrd_max - size) & ~4095`, initrd_max just below the ACPI data at the top of low RAM. The
 * recorded 512M run (a 2192K initrd, `RAMDISK: [mem 0x1fdbc000-0x1ffdffff]`) puts its end at
 * below_4g - 0x20000, so initrd_max = below_4g - 0x20000 - 1 here (QEMU's pc_machine_class_init
 * says acpi_data_size 0x28000; the recorded placement is what we follow). A compressed cpio is
 * not a whole number of pages: its last page is partial, so the page-aligned end is initrd_max + 1.
 */
export function initrdRange(boot: FirmwareBootInfo, pages: number): ByteRange {
	const end = boot.ramBelow4g - 0x20000;
	return {start: end - pages * PAGE_SIZE, end};
}

/** sizeof(pg_data_t) rounded to a page: `NODE_DATA(0) allocated` of the recorded run is 0x2b000 long. */
export const NODE_DATA_BYTES = 0x2b000;
/** static 217088 + reserved 8192 + dynamic 28672 bytes: "Embedded 62 pages/cpu". */
const PERCPU_SIZE_SUM = PERCPU_PAGES_PER_CPU * PAGE_SIZE;
/** The percpu first chunk is allocated in PMD_SIZE atoms. */
const PERCPU_ATOM = 2 * MiB;
/** sizeof(struct mem_section_usage) + usemap_size() per present section. */
const USEMAP_BYTES_PER_SECTION = 40;
/** section_map_size(): a section's struct pages, PMD-aligned for the vmemmap. */
const SECTION_MAP_BYTES = 2 * MiB;

/** pcpu_build_alloc_info() for `cpus` CPUs of this kernel's first chunk. */
export function percpuAllocInfo(cpus: number): {upa: number; unitSize: number; nrUnits: number} {
	return pcpuAllocInfo(cpus, PERCPU_SIZE_SUM);
}

/** memblock with top-down allocation over the free ranges (memblock_find_in_range_node()). */
class EarlyMemblock {
	private free: ByteRange[];
	constructor(free: ByteRange[]) {
		this.free = free.filter(r => r.end > r.start).sort((a, b) => a.start - b.start);
	}

	reserve(start: number, end: number): void {
		const out: ByteRange[] = [];
		for (const r of this.free) {
			if (end <= r.start || start >= r.end) out.push(r);
			else {
				if (r.start < start) out.push({start: r.start, end: start});
				if (end < r.end) out.push({start: end, end: r.end});
			}
		}
		this.free = out;
	}

	/** The highest `size` bytes aligned to `align` within [min, max), or undefined. */
	alloc(size: number, align: number, min = 0, max = Infinity): ByteRange | undefined {
		for (let i = this.free.length - 1; i >= 0; i--) {
			const r = this.free[i];
			const top = Math.min(r.end, max);
			if (top < size) continue;
			const start = Math.floor((top - size) / align) * align;
			if (start >= Math.max(r.start, min)) {
				this.reserve(start, start + size);
				return {start, end: start + size};
			}
		}
		return undefined;
	}

	freeRange(start: number, end: number): void {
		this.free.push({start, end});
		this.free.sort((a, b) => a.start - b.start);
	}
}

export interface EarlyLayout {
	/** Where the initrd is once reserve_initrd() ran (moved when QEMU's copy lies outside the RAM memblock knows). */
	ramdisk: ByteRange;
	/** QEMU's copy, when relocate_initrd() moved it (`mem=` cut the RAM it was loaded into). */
	ramdiskMovedFrom?: ByteRange;
	nodeData: ByteRange | undefined;
	/** The 64 MiB bounce buffer memblock_alloc_low() finds, if any. */
	swiotlb: ByteRange | undefined;
}

/**
 * The early allocations in the order setup_arch() and start_kernel() make them, each top-down in
 * what is still free: NODE_DATA (numa_register_memblks), the section usemaps just below it
 * (sparse_early_usemaps_alloc_pgdat_section), the memmap buffer (sparse_buffer_init: 2 MiB per
 * present section, 2 MiB aligned, above 16 MiB), the percpu first chunk (pcpu_embed_first_chunk:
 * one atom-aligned block, the unused tail of every unit given back), the dentry and inode hashes
 * (vfs_caches_init_early), then in mem_init() the swiotlb buffer below 4 GiB. The first MiB, the
 * whole kernel image and the initrd are reserved before. Smaller allocations (vmemmap page tables,
 * the resource tree, ...) are left out: they fit in the gaps these leave. Before NODE_DATA the
 * direct map takes the page tables of the range holding the brk buffer from memblock, at the top
 * of RAM (memblock-alloc.ts: none below 3 GiB, three from 4 GiB, as the lab's memblock=debug
 * runs print). The page accounting replays every allocation (memblock-alloc.ts); this is the
 * part the log names.
 */
export function earlyLayout(boot: FirmwareBootInfo, b: BootMemory, initrdPages: number): EarlyLayout {
	const cpus = Math.max(1, boot.cpus);
	const mb = new EarlyMemblock(b.present.map(r => ({start: r.start * PAGE_SIZE, end: r.end * PAGE_SIZE})));
	mb.reserve(0, MiB);
	mb.reserve(KERNEL_IMAGE.text, KERNEL_IMAGE.end);
	mb.reserve(KERNEL_BRK.start, KERNEL_BRK.end);
	// early_reserve_initrd(): QEMU's copy, wherever it is.
	let ramdisk = initrdRange(boot, initrdPages);
	let ramdiskMovedFrom: ByteRange | undefined;
	mb.reserve(ramdisk.start, ramdisk.end);
	// init_mem_mapping(): a free PMD at the top decides where mapping starts; the page tables of
	// the range holding the brk buffer come from memblock, at the top of what is mapped by then.
	const top = b.maxPfn * PAGE_SIZE;
	const probe = mb.alloc(2 * MiB, 2 * MiB, MiB, top);
	const realEnd = probe ? probe.end : top;
	if (probe) mb.freeRange(probe.start, probe.end);
	for (let i = b.directMapTopPages; i > 0; i--) mb.alloc(PAGE_SIZE, PAGE_SIZE, 0, realEnd);
	// reserve_initrd(): an initrd the direct map covers (pfn_range_is_mapped(): inside one RAM
	// range) stays where QEMU put it; otherwise relocate_initrd() copies it to a top-down
	// memblock allocation below max_pfn_mapped (panic when there is no room).
	const mapped = b.present.some(r => r.start * PAGE_SIZE <= ramdisk.start && r.end * PAGE_SIZE >= ramdisk.end);
	if (!mapped) {
		const moved = mb.alloc(ramdisk.end - ramdisk.start, PAGE_SIZE, 0, b.maxPfn * PAGE_SIZE);
		if (moved) {
			ramdiskMovedFrom = ramdisk;
			ramdisk = moved;
		}
	}
	const nodeData = mb.alloc(NODE_DATA_BYTES, 64);
	const sections = presentSections(b.present);
	if (nodeData) {
		const goal = Math.floor(nodeData.start / (PAGES_PER_SECTION * PAGE_SIZE)) * PAGES_PER_SECTION * PAGE_SIZE;
		mb.alloc(USEMAP_BYTES_PER_SECTION * sections, 64, goal, goal + PAGES_PER_SECTION * PAGE_SIZE);
	}
	mb.alloc(SECTION_MAP_BYTES * sections, SECTION_MAP_BYTES, 16 * MiB);
	const pcpu = percpuAllocInfo(cpus);
	const chunk = mb.alloc(pcpu.nrUnits * pcpu.unitSize, PERCPU_ATOM, 16 * MiB);
	if (chunk) {
		for (let u = 0; u < pcpu.nrUnits; u++) {
			const unit = chunk.start + u * pcpu.unitSize;
			mb.freeRange(u < cpus ? unit + PERCPU_SIZE_SUM : unit, unit + pcpu.unitSize);
		}
	}
	for (const spec of [DENTRY_HASH, INODE_HASH]) mb.alloc(largeSystemHash(spec, b.nrKernelPages).bytes, 64);
	const swiotlb = b.swiotlb ? mb.alloc(SWIOTLB_BYTES, PAGE_SIZE, 0, 4 * GiB) : undefined;
	return {ramdisk, ...(ramdiskMovedFrom ? {ramdiskMovedFrom} : {}), nodeData, swiotlb};
}
