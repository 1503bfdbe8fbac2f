import {seabiosFsegShift, type FirmwareBootInfo, type PciFunctionConfig} from '../acpi.js';
import type {KernelParams} from './cmdline.js';
import type {GuestMm} from './mm.js';
import {LINUX_VERSION} from './procfs.js';
import {INITRD_PAGES, IO_TLB_SLAB_BYTES, KERNEL_IMAGE, KERNEL_LATE_FREED_KB, MAX_DMA32_PFN, MAX_DMA_PFN, PAGE_SIZE, PAGES_PER_SECTION, SWIOTLB_BYTES, totalramAtInitcalls, type BootMemory} from './memblock.js';
import {devPrefix, KERN_DEBUG, KERN_INFO, KERN_NOTICE, KERN_WARNING, type PrintkDevice} from './printk.js';
import {BOOT_EPOCH, dmiHardwareName} from './build-info.js';
import {roundupPow2, DENTRY_HASH, futexHash, hashTableMessage, inetHashTables, INODE_HASH, largeSystemHash, MOUNT_HASHES} from './large-hash.js';
import {dmaAtomicPoolPages} from './usage.js';
import {acpiTables, percpuFirstChunk, srat, type ByteRange} from './boot-layout.js';
import {cpuIds, cpuTopology} from './cpu-topology.js';
import {e820PciGap, e820RamBuffers} from './e820.js';
import {acpiphpSlots, bdf, bootVga, pciScanLog, pciWindows32, pnpDevices, Q35_MMCONFIG, SERIAL_PORTS} from './pci-scan.js';

/**
 * [level, text, atWallClock?]; timestamps are assigned by the caller in order. A line whose text
 * reads the wall clock (the RTC) carries `atWallClock`, which the caller calls with the guest's
 * time() at the stamp it gives the line; `text` is the line as the recorded run printed it.
 */
export type BootLine = [level: number, text: string, atWallClock?: (epochSeconds: number) => string, dev?: PrintkDevice];

const hex = (n: number) => n.toString(16);
/** %#018llx, as `[mem %#018Lx-%#018Lx]` prints e820 and zone ranges. */
const hex16 = (n: number) => `0x${hex(n).padStart(16, '0')}`;
const memRange = (s: number, e: number) => `[mem ${hex16(s)}-${hex16(e)}]`;
/** %#010llx: at least 8 digits. */
const hex8 = (n: number) => `0x${hex(n).padStart(8, '0')}`;
const memRange8 = (s: number, e: number) => `[mem ${hex8(s)}-${hex8(e)}]`;
const numDigits = (n: number) => String(n).length;
/** fls_long(): the 1-based index of the highest set bit. */
const fls = (n: number) => (n <= 0 ? 0 : Math.floor(Math.log2(n)) + 1);
/** What free_initmem() and friends free late (KiB), as the boot log reports it. */
const late = KERNEL_IMAGE.lateFreedKb;

/** The TSC the boot CPU calibrates (tsc: Detected 2096.003 MHz): loops_per_jiffy at HZ=250. */
const BOOT_CPU_LPJ = 8384012;
/**
 * An application processor calibrates its delay loop itself (no constant_tsc under TCG, so
 * calibrate_delay_is_known() gives nothing): a measurement, not derivable. This value makes the
 * recorded -smp 2 run's "Total of 2 processors activated (8425.22 BogoMIPS)".
 */
const AP_LPJ = 8466436;
/** A q35 boot CPU's, from the HPET-calibrated TSC (2095.987 MHz: tsc_khz * 1000 / HZ). */
const Q35_BOOT_CPU_LPJ = 8383948;

/** `%lu.%02lu BogoMIPS` of a loops_per_jiffy sum at HZ=250. */
function bogoMips(lpj: number): string {
	return `${Math.floor(lpj / 2000)}.${String(Math.floor(lpj / 20) % 100).padStart(2, '0')}`;
}

/** The RTC line: rtc_hctosys() prints %ptRs and the seconds since the epoch (`rtc`: the PnP device rtc_cmos drives). */
function rtcLine(epochSeconds: number, rtc: PrintkDevice): string {
	const iso = new Date(epochSeconds * 1000).toISOString().slice(0, 19);
	return `${devPrefix(rtc)}setting system clock to ${iso} UTC (${epochSeconds})`;
}

/** Merged, sorted pfn intervals. */
function union(ranges: {start: number; end: number}[]): {start: number; end: number}[] {
	const sorted = ranges.filter(r => r.end > r.start).sort((a, b) => a.start - b.start);
	const out: {start: number; end: number}[] = [];
	for (const r of sorted) {
		const last = out[out.length - 1];
		if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
		else out.push({...r});
	}
	return out;
}

/**
 * CONFIG_DEFERRED_STRUCT_PAGE_INIT (defer_init()): in the node's highest zone only the first
 * section's worth of pages is initialised at boot, up to the next section boundary; the rest waits
 * for the deferred-init thread. Returns the first deferred pfn, or undefined when nothing is deferred.
 */
function firstDeferredPfn(b: BootMemory): number | undefined {
	// defer_init(): only the zone that ends at the node's end (ZONE_MOVABLE when there is one).
	const top = b.zones[b.zones.length - 1];
	if (!top) return undefined;
	let count = 0;
	for (const r of b.present) {
		const s = Math.max(r.start, top.start);
		const e = Math.min(r.end, top.end);
		if (e <= s) continue;
		// nr_initialised counts every pfn visited; defer at the first section-aligned pfn past
		// PAGES_PER_SECTION of them.
		const past = s + (PAGES_PER_SECTION - count);
		const p = Math.ceil(Math.max(past, s) / PAGES_PER_SECTION) * PAGES_PER_SECTION;
		if (p < e) return p;
		count += e - s;
	}
	return undefined;
}

/**
 * memmap_init(): the struct pages of holes get initialised as reserved, each hole with the zone of
 * the range after it (memmap_init_zone_range()), the tail up to the next section boundary with the
 * highest populated zone; init_unavailable_range() counts only pages of present sections.
 */
function unavailableRanges(b: BootMemory): {zone: string; pages: number}[] {
	const zones = b.zones;
	const sections = new Set<number>();
	for (const r of b.present) for (let s = Math.floor(r.start / PAGES_PER_SECTION); s * PAGES_PER_SECTION < r.end; s++) sections.add(s);
	const valid = (s: number, e: number): number => {
		let n = 0;
		for (let sec = Math.floor(s / PAGES_PER_SECTION); sec * PAGES_PER_SECTION < e; sec++) {
			if (sections.has(sec)) n += Math.min(e, (sec + 1) * PAGES_PER_SECTION) - Math.max(s, sec * PAGES_PER_SECTION);
		}
		return n;
	};
	const out: {zone: string; pages: number}[] = [];
	const emit = (zone: string, s: number, e: number) => {
		const pages = valid(s, e);
		if (pages) out.push({zone, pages});
	};
	let hole = 0;
	let zoneId = zones[zones.length - 1]?.name ?? 'DMA';
	let lastEnd = 0;
	for (const r of b.present) {
		for (const z of zones) {
			zoneId = z.name;
			const s = Math.min(Math.max(r.start, z.start), z.end);
			const e = Math.min(Math.max(r.end, z.start), z.end);
			if (s >= e) continue;
			if (hole < s) emit(z.name, hole, s);
			hole = e;
		}
		lastEnd = r.end;
	}
	const end = Math.ceil(lastEnd / PAGES_PER_SECTION) * PAGES_PER_SECTION;
	if (hole < end) emit(zoneId, hole, end);
	return out;
}

/**
 * SeaBIOS's last f-segment allocation, the RSDP, sits below the SMBIOS tables it copied from
 * QEMU, which hold a type 19 record per e820 RAM range (a second one with RAM above 4 GiB) and a
 * type 17 per 16 GiB of RAM (MAX_DIMM_SZ), so it moves down with them, in 16-byte steps. The lab
 * (s34/av): 0xF59D0 at 1G and 3G, 0xF59B0 from 3584M to 16G, 0xF5980 at 17G and 18G. A type 17
 * past the second is taken to move it the same 0x30 (not measured: the lab host holds no more).
 * The MP table before it grows with the PCI interrupt sources (seabiosFsegShift()).
 */
function rsdpAddress(boot: FirmwareBootInfo): number {
	const ram = boot.ramBelow4g + boot.ramAbove4g;
	const type17 = Math.max(1, Math.ceil(ram / (16 * 2 ** 30)));
	// (q35's SMBIOS tables are 16 bytes shorter: the lab's q35 guests had 0xF59E0 at 1G, 0xF59C0 at 4G)
	return 0xf59d0 + (boot.board === 'q35' ? 0x10 : 0) - (boot.ramAbove4g > 0 ? 0x20 : 0) - 0x30 * (type17 - 1) - seabiosFsegShift(boot);
}

/**
 * x86_64 mem_init() -> preallocate_vmalloc_pages(), after memblock_free_all(): with 4-level
 * paging a PUD page for each PGD entry of the vmalloc area (VMALLOC_SIZE_TB 32 TiB, 512 GiB an
 * entry), from the page allocator, before mem_init_print_info() counts free pages. The lab's
 * `Memory:` lines (s34/av, nokaslr) are 256K under a count without them at 1G and 2G, and 240K at
 * 4G to 16G, where the lab's initramfs, 16K smaller than memhp's, sits in counted memory.
 */
const VMALLOC_PGD_ENTRIES = (32 * 2 ** 40) / 2 ** 39;

/**
 * mem_init_print_info()'s "available": nr_free_pages() when memblock has released what it can,
 * i.e. the initialised (non-deferred) pages that are not reserved then, less the vmalloc area's
 * page tables mem_init() took. At mem_init() the whole kernel image (its init sections too), the
 * initrd and the early allocations are still reserved.
 */
function memInitFreePages(b: BootMemory, ramdisk: ByteRange): number {
	const deferred = firstDeferredPfn(b) ?? Infinity;
	const init = b.present.map(r => ({start: r.start, end: Math.min(r.end, deferred)})).filter(r => r.end > r.start);
	const reserved = union([
		{start: 0, end: 256},
		{start: KERNEL_IMAGE.text / PAGE_SIZE, end: KERNEL_IMAGE.end / PAGE_SIZE},
		{start: ramdisk.start / PAGE_SIZE, end: ramdisk.end / PAGE_SIZE},
		...b.reservations.filter(r => r.what !== 'kernel image' && r.what !== 'first 1MiB'),
	]);
	let free = 0;
	for (const r of init) {
		free += r.end - r.start;
		for (const res of reserved) free -= Math.max(0, Math.min(r.end, res.end) - Math.max(r.start, res.start));
	}
	return free - VMALLOC_PGD_ENTRIES;
}

/**
 * pcpu_dump_alloc_info() at KERN_DEBUG: the first chunk's sizes, then its groups of units, as
 * many allocations to a line as fit in 60 columns; units without a CPU print as dashes.
 */
function pcpuDumpAllocInfo(cpus: number): string[] {
	const {upa, unitSize, nrUnits} = percpuFirstChunk(cpus);
	const allocSize = upa * unitSize;
	const cpuWidth = String(cpus).length;
	const width = upa * (cpuWidth + 1) + 1 + 3;
	const apl = 2 ** Math.floor(Math.log2(Math.max(Math.floor(60 / width), 1)));
	const lines = [`pcpu-alloc: s217088 r8192 d28672 u${unitSize} alloc=${allocSize / 0x200000}*${0x200000}`];
	let line = '';
	for (let alloc = 0; alloc < nrUnits / upa; alloc++) {
		if (alloc % apl === 0) {
			if (line) lines.push(line);
			line = 'pcpu-alloc: ';
		}
		line += '[0] ';
		for (let unit = alloc * upa; unit < (alloc + 1) * upa; unit++) line += unit < cpus ? `${String(unit).padStart(cpuWidth, '0')} ` : `${'-'.repeat(cpuWidth)} `;
	}
	lines.push(line);
	return lines;
}

/**
 * The boot log of this guest (what `dmesg` shows after boot), record for record as the Debian
 * 6.1.0-57-amd64 kernel prints it under QEMU 7.2 (pc, TCG), generated from the machine: RAM size
 * and layout, CPU count, DIMM slots and the kernel command line. Levels are the printk levels of
 * the 6.1 sources (pr_notice 5, pr_warn 4, pr_debug in init/main.c, which defines DEBUG, 7).
 *
 * KERN_DEBUG records are those the lab's `dmesg` shows (scripts/lab: the same kernel under the
 * same QEMU); the serial console at console_loglevel 7, the first reference, never showed them.
 * `clockStart`: the first record stamped after 0 (the TSC calibrated, local_clock() runs).
 */
export function bootLog(boot: FirmwareBootInfo, params: KernelParams, mm: GuestMm, dimmSlots: number, wallEpoch = BOOT_EPOCH, acpiScan?: () => BootLine[]): {lines: BootLine[]; clockStart: number} {
	const I = KERN_INFO;
	const out: BootLine[] = [];
	/** The first record after the TSC is calibrated: before it local_clock() reads 0. */
	let clockStart = 0;
	const add = (text: string, level = I) => out.push([level, text]);
	/** dev_printk(): the device's prefix, and the device kept with the record (/dev/kmsg shows it). */
	const addDev = (dev: PrintkDevice, text: string, level = I) => out.push([level, devPrefix(dev) + text, undefined, dev]);
	const acpiRoot: PrintkDevice = {subsystem: 'acpi', name: boot.board === 'q35' ? 'PNP0A08:00' : 'PNP0A03:00'};
	const rootBus: PrintkDevice = {subsystem: 'pci_bus', name: '0000:00'};
	const pciDev = (f: PciFunctionConfig): PrintkDevice => ({subsystem: 'pci', name: bdf(f)});
	const cpus = Math.max(1, boot.cpus);
	const topology = cpuTopology(boot);
	const smp = cpus > 1;
	const b = mm.boot;
	const numa = srat(boot, dimmSlots);
	const layout = b.layout;
	const maxPfn = b.maxPfn;
	const highest = maxPfn > MAX_DMA32_PFN ? 'Normal' : 'DMA32';
	/** totalram_pages() after check_bugs() freed the SMP alternatives, before free_initmem() and the initrd. */
	const ramBeforeInitFree = totalramAtInitcalls(b.totalramPages);
	const hash = (spec: Parameters<typeof largeSystemHash>[0]) => add(hashTableMessage(largeSystemHash(spec, b.nrKernelPages)));

	// setup_arch()
	add(LINUX_VERSION, KERN_NOTICE);
	add(`Command line: ${boot.cmdline}`);
	add('BIOS-provided physical RAM map:');
	for (const e of boot.e820) add(`BIOS-e820: ${memRange(e.addr, e.addr + e.size - 1)} ${e.type}`);
	// parse_early_param() (mem=), x86_report_nx(), then e820__finish_early_params().
	for (const [level, text] of mm.e820.earlyParamLog) add(text, level);
	add('NX (Execute Disable) protection: active');
	for (const [level, text] of mm.e820.userMapLog) add(text, level);
	add('SMBIOS 2.8 present.');
	add(`DMI: ${dmiHardwareName(boot.board)}`);
	// tsc_early_init(): quick_pit_calibrate() succeeds on pc; on q35 it fails in every lab run
	// (s61/q35, s62/q35), and tsc_init() calibrates against the HPET later.
	if (boot.board === 'q35') {
		add('tsc: Fast TSC calibration failed');
	} else {
		add('tsc: Fast TSC calibration using PIT');
		add('tsc: Detected 2096.003 MHz processor');
		clockStart = out.length;
	}
	// trim_bios_range(): page 0 reserved, the legacy BIOS area out of RAM.
	add('e820: update [mem 0x00000000-0x00000fff] usable ==> reserved', KERN_DEBUG);
	add('e820: remove [mem 0x000a0000-0x000fffff] usable', KERN_DEBUG);
	add('AGP: No AGP bridge found');
	// e820__end_of_ram_pfn() (max_pfn), mtrr_bp_init() → PAT, then with RAM above 4 GiB
	// e820__end_of_low_ram_pfn() (max_low_pfn) prints its own last_pfn.
	add(`last_pfn = 0x${hex(maxPfn)} max_arch_pfn = 0x400000000`);
	add('x86/PAT: Configuration [0-7]: WB  WC  UC- UC  WB  WP  UC- WT  ');
	if (maxPfn > MAX_DMA32_PFN) {
		const lowEnd = Math.max(...b.present.filter(r => r.start < MAX_DMA32_PFN).map(r => Math.min(r.end, MAX_DMA32_PFN)));
		add(`last_pfn = 0x${hex(lowEnd)} max_arch_pfn = 0x400000000`);
	}
	// SeaBIOS's f-segment tables: the MP table lists one CPU per package (QEMU 7.2's -smp N is one
	// socket of N cores), so neither it nor the RSDP below it moves with the CPU count.
	add('found SMP MP-table at [mem 0x000f5ba0-0x000f5baf]');
	{
		const from = layout.ramdiskMovedFrom;
		add(`RAMDISK: ${memRange8((from ?? layout.ramdisk).start, (from ?? layout.ramdisk).end - 1)}`);
		if (from) {
			// relocate_initrd(): QEMU loaded it into RAM that `mem=` took away.
			const to = layout.ramdisk;
			add(`Allocated new RAMDISK: ${memRange8(to.start, to.end - 1)}`);
			add(`Move RAMDISK from ${memRange8(from.start, from.end - 1)} to ${memRange8(to.start, to.end - 1)}`);
		}
	}
	add('ACPI: Early table checksum verification disabled');
	// acpi_tb_print_table_header(): addresses as %8.8X%8.8X.
	const acpiAddr = (addr: number) => hex(addr).toUpperCase().padStart(16, '0');
	add(`ACPI: RSDP 0x${acpiAddr(rsdpAddress(boot))} 000014 (v00 BOCHS )`);
	const tables = acpiTables(boot, dimmSlots);
	const header = (t: {sig: string; addr: number; length: number; revision?: number}) =>
		`ACPI: ${t.sig} 0x${acpiAddr(t.addr)} ${hex(t.length).toUpperCase().padStart(6, '0')}${t.sig === 'FACS' ? '' : ` (v${String(t.revision ?? 1).padStart(2, '0')} BOCHS  BXPC     00000001 BXPC 00000001)`}`;
	// acpi_tb_print_table_header: the RSDT, then its entries, FACP followed by the DSDT and FACS it points to.
	const bySig = (sig: string) => tables.find(t => t.sig === sig)!;
	const installed = ['FACP', 'DSDT', 'FACS', ...tables.filter(t => !['FACS', 'DSDT', 'FACP', 'RSDT'].includes(t.sig)).map(t => t.sig)];
	for (const sig of ['RSDT', 'FACP', 'DSDT', 'FACS', ...installed.slice(3)]) add(header(bySig(sig)));
	for (const sig of installed) {
		const t = bySig(sig);
		add(`ACPI: Reserving ${sig} table memory at [mem 0x${hex(t.addr)}-0x${hex(t.addr + t.length - 1)}]`);
	}
	if (numa) {
		for (let c = 0; c < cpus; c++) add(`SRAT: PXM 0 -> APIC 0x${hex(cpuIds(topology, c).apicId).padStart(2, '0')} -> Node 0`);
		add('ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]');
		add(`ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-${hex8(boot.ramBelow4g - 1)}]`);
		if (boot.ramAbove4g) add(`ACPI: SRAT: Node 0 PXM 0 [mem 0x100000000-0x${hex(0x100000000 + boot.ramAbove4g - 1)}]`);
		if (boot.hotplugRange) {
			const h = boot.hotplugRange;
			add(`ACPI: SRAT: Node 0 PXM 0 [mem 0x${hex(h.base)}-0x${hex(h.base + h.size - 1)}] hotplug`);
		}
		// numa_cleanup_meminfo(): the SRAT's RAM ranges are clipped to max_pfn (the hotplug range is
		// beyond memblock.memory and set aside), then joined pairwise on the node.
		const high = maxPfn * PAGE_SIZE;
		const blks = [[0, 0xa0000], [0x100000, boot.ramBelow4g], ...(boot.ramAbove4g ? [[0x100000000, 0x100000000 + boot.ramAbove4g]] : [])]
			.map(([s, e]) => [s, Math.min(e, high)]).filter(([s, e]) => e > s);
		let [s0, e0] = blks[0];
		for (const [s1, e1] of blks.slice(1)) {
			const s = Math.min(s0, s1);
			const e = Math.max(e0, e1);
			add(`NUMA: Node 0 ${memRange8(s0, e0 - 1)} + ${memRange8(s1, e1 - 1)} -> ${memRange8(s, e - 1)}`);
			[s0, e0] = [s, e];
		}
	} else {
		// dummy_numa_init()
		add('No NUMA configuration found');
		add(`Faking a node at ${memRange(0, maxPfn * PAGE_SIZE - 1)}`);
	}
	if (layout.nodeData) add(`NODE_DATA(0) allocated ${memRange8(layout.nodeData.start, layout.nodeData.end - 1)}`);
	// free_area_init(): find_zone_movable_pfns_for_nodes() warns before the zone ranges.
	for (const [level, text] of b.movableLog) add(text, level);
	add('Zone ranges:');
	add(`  DMA      ${memRange(0x1000, MAX_DMA_PFN * 4096 - 1)}`);
	add(`  DMA32    ${memRange(MAX_DMA_PFN * 4096, Math.min(maxPfn, MAX_DMA32_PFN) * 4096 - 1)}`);
	add(maxPfn > MAX_DMA32_PFN ? `  Normal   ${memRange(MAX_DMA32_PFN * 4096, maxPfn * 4096 - 1)}` : '  Normal   empty');
	add('  Device   empty');
	add('Movable zone start for each node');
	if (b.movablePfn) add(`  Node 0: ${hex16(b.movablePfn * PAGE_SIZE)}`);
	add('Early memory node ranges');
	for (const r of b.present) add(`  node   0: ${memRange(r.start * 4096, r.end * 4096 - 1)}`);
	add(`Initmem setup node 0 ${memRange(b.present[0].start * 4096, maxPfn * 4096 - 1)}`);
	for (const u of unavailableRanges(b)) add(`On node 0, zone ${u.zone}: ${u.pages} pages in unavailable ranges`);
	add('ACPI: PM-Timer IO Port: 0x608');
	add('ACPI: LAPIC_NMI (acpi_id[0xff] dfl dfl lint[0x1])');
	add('IOAPIC[0]: apic_id 0, version 32, address 0xfec00000, GSI 0-23');
	add('ACPI: INT_SRC_OVR (bus 0 bus_irq 0 global_irq 2 dfl dfl)');
	for (const irq of [5, 9, 10, 11]) add(`ACPI: INT_SRC_OVR (bus 0 bus_irq ${irq} global_irq ${irq} high level)`);
	add('ACPI: Using ACPI (MADT) for SMP configuration information');
	add('ACPI: HPET id: 0x8086a201 base: 0xfed00000');
	add(`smpboot: Allowing ${cpus} CPUs, 0 hotplug CPUs`);
	// e820__register_nosave_regions() (the 6.1.y version that walks the RAM entries): the holes
	// between RAM, page 0 included (trim_bios_range() made it reserved), up to max_pfn.
	{
		let last = 0;
		const nosave = (s: number, e: number) => {
			if (e > s) add(`PM: hibernation: Registered nosave memory: ${memRange8(s * PAGE_SIZE, e * PAGE_SIZE - 1)}`);
		};
		for (const e of mm.e820.table) {
			if (e.type !== 'usable') continue;
			const start = e.addr === 0 ? PAGE_SIZE : e.addr;
			if (last < start) nosave(Math.floor(last / PAGE_SIZE), Math.ceil(start / PAGE_SIZE));
			last = e.addr + e.size;
		}
		nosave(Math.floor(last / PAGE_SIZE), maxPfn);
	}
	{
		// e820__setup_pci_gap(): the biggest hole below 4 GiB in the kernel's table.
		const gap = e820PciGap(mm.e820.table);
		if (gap) add(`[mem ${hex8(gap.start)}-${hex8(gap.start + gap.size - 1)}] available for PCI devices`);
	}
	add('Booting paravirtualized kernel on bare hardware');
	add('clocksource: refined-jiffies: mask: 0xffffffff max_cycles: 0xffffffff, max_idle_ns: 7645519600211568 ns');

	// start_kernel()
	add(`setup_percpu: NR_CPUS:8192 nr_cpumask_bits:${cpus} nr_cpu_ids:${cpus} nr_node_ids:1`);
	add(`percpu: Embedded 62 pages/cpu s217088 r8192 d28672 u${percpuFirstChunk(cpus).unitSize}`);
	for (const line of pcpuDumpAllocInfo(cpus)) add(line, KERN_DEBUG);
	add('Fallback order for Node 0: 0 ');
	add(`Built 1 zonelists, mobility grouping on.  Total pages: ${b.nrKernelPages}`);
	add(`Policy zone: ${highest}`);
	add(`Kernel command line: ${boot.cmdline}`, KERN_NOTICE);
	// parse_args(): what the parameters' handlers warn about, then print_unknown_bootoptions().
	for (const w of params.parseWarnings) add(w, KERN_WARNING);
	if (params.initArgs.length || params.initEnv.length) {
		add(`Unknown kernel command line parameters "${[...params.initArgs, ...params.initEnv].join(' ')}", will be passed to user space.`, KERN_NOTICE);
	}
	hash(DENTRY_HASH);
	hash(INODE_HASH);
	add('mem auto-init: stack:all(zero), heap alloc:on, heap free:off');
	// mem_init() → pci_iommu_alloc(): gart_iommu_hole_init(), then swiotlb_init()
	add('AGP: Checking aperture...');
	add('AGP: No AGP bridge found');
	if (b.swiotlb) add(`software IO TLB: area num ${roundupPow2(cpus)}.`);
	// swiotlb_init_remap(): each size memblock_alloc_low() could not find, halving down to 1 MiB.
	for (const bytes of b.swiotlbFailedBytes) add(`software IO TLB: swiotlb_memblock_alloc: Failed to allocate ${bytes} bytes tlb structure`, KERN_WARNING);
	if (b.swiotlbMapped && b.swiotlbFailedBytes.length) {
		const slabs = (layout.swiotlb!.end - layout.swiotlb!.start) / IO_TLB_SLAB_BYTES;
		add(`software IO TLB: SWIOTLB bounce buffer size adjusted ${SWIOTLB_BYTES / IO_TLB_SLAB_BYTES} -> ${slabs} slabs`);
	}
	{
		// reserved = physpages - totalram_pages(): at mem_init() the init sections, the SMP
		// alternatives and the initrd are not freed yet.
		const reservedKb = (b.presentPages - b.totalramPages) * 4 + KERNEL_LATE_FREED_KB + INITRD_PAGES * 4;
		const availKb = memInitFreePages(b, layout.ramdisk) * 4;
		add(`Memory: ${availKb}K/${b.presentPages * 4}K available (14343K kernel code, 2338K rwdata, 9132K rodata, 2824K init, 17344K bss, ${reservedKb}K reserved, 0K cma-reserved)`);
	}
	add(`SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=${cpus}, Nodes=1`);
	add('ftrace: allocating 40521 entries in 159 pages');
	add('ftrace: allocated 159 pages with 6 groups');
	add('Dynamic Preempt: voluntary');
	add('rcu: Preemptible hierarchical RCU implementation.');
	add(`rcu: \tRCU restricting CPUs from NR_CPUS=8192 to nr_cpu_ids=${cpus}.`);
	add('\tTrampoline variant of Tasks RCU enabled.');
	add('\tRude variant of Tasks RCU enabled.');
	add('\tTracing variant of Tasks RCU enabled.');
	// adjust_jiffies_till_sched_qs(): at least HZ/10 + nr_cpu_ids/RCU_JIFFIES_FQS_DIV (256).
	add(`rcu: RCU calculated value of scheduler-enlistment delay is ${25 + Math.floor(cpus / 256)} jiffies.`);
	add(`rcu: Adjusting geometry for rcu_fanout_leaf=16, nr_cpu_ids=${cpus}`);
	// arch_probe_nr_irqs(): at most NR_VECTORS per CPU, and (gsi_top + legacy) + 8 per CPU + gsi_top * 16.
	add(`NR_IRQS: 524544, nr_irqs: ${Math.min(256 * cpus, 24 + 16 + 8 * cpus + 24 * 16)}, preallocated irqs: 16`);
	add('rcu: srcu_init: Setting srcu_struct sizes based on contention.');
	// vgacon_startup(): a VGA card's registers, else the CGA it assumes
	add(`Console: colour ${bootVga(boot) ? 'VGA+' : '*CGA'} 80x25`);
	add('printk: console [ttyS0] enabled');
	add('ACPI: Core revision 20220331');
	add('clocksource: hpet: mask: 0xffffffff max_cycles: 0xffffffff, max_idle_ns: 19112604467 ns');
	add('APIC: Switch to symmetric I/O mode setup');
	add('..TIMER: vector=0x30 apic1=0 pin1=2 apic2=-1 pin2=-1');
	// tsc_init(): an AMD CPU without constant_tsc and more than one possible CPU (unsynchronized_tsc()).
	const bootLpj = boot.board === 'q35' ? Q35_BOOT_CPU_LPJ : BOOT_CPU_LPJ;
	if (boot.board === 'q35') {
		// pit_hpet_ptimer_calibrate_cpu(): the HPET reference, then the tsc-early clocksource.
		// The frequency is the host's: memhp takes the refined one of the goldens' host.
		add('tsc: Unable to calibrate against PIT');
		add('tsc: using HPET reference calibration');
		add('tsc: Detected 2095.987 MHz processor');
		add('clocksource: tsc-early: mask: 0xffffffffffffffff max_cycles: 0x1e36616fc75, max_idle_ns: 440795221078 ns');
		clockStart = out.length;
	}
	if (smp) add('tsc: Marking TSC unstable due to TSCs unsynchronized');
	add(`Calibrating delay loop (skipped), value calculated using timer frequency.. ${bogoMips(bootLpj)} BogoMIPS (lpj=${bootLpj})`);
	add('process: using AMD E400 aware idle routine');
	add('Last level iTLB entries: 4KB 512, 2MB 255, 4MB 127');
	add('Last level dTLB entries: 4KB 512, 2MB 255, 4MB 127, 1GB 0');
	add('Spectre V1 : Mitigation: usercopy/swapgs barriers and __user pointer sanitization');
	add('Spectre V2 : Mitigation: Retpolines');
	add('Spectre V2 : Spectre v2 / SpectreRSB: Filling RSB on context switch and VMEXIT');
	add('x86/fpu: x87 FPU will use FXSAVE');
	add(`Freeing SMP alternatives memory: ${late.smpAlternatives}K`);
	// pid_idr_init(): PIDS_PER_CPU_DEFAULT 1024, PIDS_PER_CPU_MIN 8, RESERVED_PIDS + 1.
	add(`pid_max: default: ${Math.max(32768, 1024 * cpus)} minimum: ${Math.max(301, 8 * cpus)}`);
	add('LSM: Security Framework initializing');
	add('landlock: Up and running.');
	add('Yama: disabled by default; enable with sysctl kernel.yama.*');
	add('AppArmor: AppArmor initialized');
	add('TOMOYO Linux initialized');
	add('LSM support for eBPF active');
	for (const spec of MOUNT_HASHES) hash(spec);

	// kernel_init_freeable()
	add('smpboot: CPU0: AMD QEMU Virtual CPU version 2.5+ (family: 0xf, model: 0x6b, stepping: 0x1)');
	{
		// cblist_init_generic() for the Tasks, Tasks Rude and Tasks Trace flavours: one callback
		// queue (lim 1), shift so that rcu_task_cpu_ids >> shift < lim.
		let shift = Math.floor(Math.log2(cpus));
		if ((cpus - 1) >> shift >= 1) shift++;
		for (let f = 0; f < 3; f++) {
			add('cblist_init_generic: Setting adjustable number of callback queues.');
			add(`cblist_init_generic: Setting shift to ${shift} and lim to 1 rcu_task_cpu_ids=${cpus}.`);
		}
	}
	add('Performance Events: PMU not available due to virtualization, using software events only.');
	add('signal: max sigframe size: 1440');
	add('rcu: Hierarchical SRCU implementation.');
	add('rcu: \tMax phase no-delay instances is 1000.');
	add('NMI watchdog: Perf NMI watchdog permanently disabled');
	add('smp: Bringing up secondary CPUs ...');
	if (smp) {
		// announce_cpu(): the AP numbers continue one KERN_CONT record.
		add('x86: Booting SMP configuration:');
		const width = numDigits(cpus) + 1;
		let line = `.... node ${' '.repeat(Math.max(1, 2 - numDigits(0)))}#0, CPUs:  ${' '.repeat(width + 1)}`;
		for (let c = 1; c < cpus; c++) line += `${' '.repeat(Math.max(1, width - numDigits(c)))}#${c}`;
		add(line);
	}
	add(`smp: Brought up 1 node, ${cpus} CPU${smp ? 's' : ''}`);
	// smp_prepare_cpus_common(): DIV_ROUND_UP(total_cpus, logical CPUs per package).
	add(`smpboot: Max logical packages: ${Math.ceil(cpus / (topology.threads * topology.cores * topology.dies))}`);
	add(`smpboot: Total of ${cpus} processors activated (${bogoMips(bootLpj + (cpus - 1) * AP_LPJ)} BogoMIPS)`);
	// deferred_init_memmap(): the time is a measurement (jiffies at HZ=250); the recorded run's.
	if (firstDeferredPfn(b) !== undefined) add('node 0 deferred pages initialised in 4ms');
	add('devtmpfs: initialized');
	add(`x86/mm: Memory block size: ${b.blockSizeBytes / (1024 * 1024)}MB`);
	add('clocksource: jiffies: mask: 0xffffffff max_cycles: 0xffffffff, max_idle_ns: 7645041785100000 ns');
	hash(futexHash(cpus));
	add('pinctrl core: initialized pinctrl subsystem');
	add('NET: Registered PF_NETLINK/PF_ROUTE protocol family');
	{
		const kib = (dmaAtomicPoolPages(b.totalramPages) * PAGE_SIZE) >> 10;
		for (const gfp of ['GFP_KERNEL', 'GFP_KERNEL|GFP_DMA', 'GFP_KERNEL|GFP_DMA32']) add(`DMA: preallocated ${kib} KiB ${gfp} pool for atomic allocations`);
	}
	add('audit: initializing netlink subsys (disabled)');
	// The wall clock then: the recorded run's (its RTC read BOOT_EPOCH + 1 at 1.93 s).
	add(`audit: type=2000 audit(${wallEpoch}.568:1): state=initialized audit_enabled=0 res=1`, KERN_NOTICE);
	for (const gov of ['fair_share', 'bang_bang', 'step_wise', 'user_space', 'power_allocator']) add(`thermal_sys: Registered thermal governor '${gov}'`);
	add('cpuidle: using governor ladder');
	add('cpuidle: using governor menu');
	add('acpiphp: ACPI Hot Plug PCI Controller Driver version: 0.5');
	const q35 = boot.board === 'q35';
	if (q35) {
		// pci_mmcfg_early_init(): the MCFG table's ECAM window, which SeaBIOS's e820 reserves
		add(`PCI: MMCONFIG for domain 0000 [bus 00-ff] at [mem 0x${hex(Q35_MMCONFIG.start)}-0x${hex(Q35_MMCONFIG.end)}] (base 0x${hex(Q35_MMCONFIG.start)})`);
		add(`PCI: MMCONFIG at [mem 0x${hex(Q35_MMCONFIG.start)}-0x${hex(Q35_MMCONFIG.end)}] reserved in E820`);
	}
	add('PCI: Using configuration type 1 for base access');
	if (smp) {
		// mtrr_state_warn(): SeaBIOS programs the MTRRs of the boot CPU only.
		add('mtrr: your CPUs had inconsistent fixed MTRR settings', KERN_WARNING);
		add('mtrr: your CPUs had inconsistent variable MTRR settings', KERN_WARNING);
		add('mtrr: your CPUs had inconsistent MTRRdefType settings', KERN_WARNING);
		add('mtrr: probably your BIOS does not setup all CPUs.');
		add('mtrr: corrected configuration.');
	}
	add('kprobes: kprobe jump-optimization is enabled. All kprobes are optimized if possible.');
	// hugetlb_init(): hugepages= asked for a pool; a short one is reported and kept.
	const huge = mm.hugetlb.nrHugePages;
	if (huge < params.hugepages) {
		add(`HugeTLB: allocating ${params.hugepages} of page size 2.00 MiB failed.  Only allocated ${huge} hugepages.`, KERN_WARNING);
	}
	add(`HugeTLB: registered 2.00 MiB page size, pre-allocated ${huge} pages`);
	add('HugeTLB: 28 KiB vmemmap can be freed for a 2.00 MiB page');
	add('ACPI: Added _OSI(Module Device)');
	add('ACPI: Added _OSI(Processor Device)');
	add('ACPI: Added _OSI(Processor Aggregator Device)');
	add('ACPI: 1 ACPI AML tables successfully acquired and loaded');
	add('ACPI: Interpreter enabled');
	add('ACPI: PM: (supports S0 S3 S4 S5)');
	add('ACPI: Using IOAPIC for interrupt routing');
	add('PCI: Using host bridge windows from ACPI; if necessary, use "pci=nocrs" and report a bug');
	add('PCI: Using E820 reservations for host bridge windows');
	// \_GPE._E01 (PCI hotplug), _E02 (CPU hotplug), _E03 (memory hotplug, only with DIMM slots).
	// (ICH9's GPE0 block is 64 events wide, PIIX4's 16)
	add(`ACPI: Enabled ${dimmSlots > 0 ? 3 : 2} GPEs in block 00 to ${q35 ? '3F' : '0F'}`);
	add('ACPI: PCI Root Bridge [PCI0] (domain 0000 [bus 00-ff])');
	if (q35) {
		// a PCI Express root (PNP0A08) with ECAM: the OS asks for and gets native control
		addDev(acpiRoot, '_OSC: OS supports [ExtendedConfig ASPM ClockPM Segments MSI HPX-Type3]');
		addDev(acpiRoot, '_OSC: platform does not support [PCIeHotplug LTR]');
		addDev(acpiRoot, '_OSC: OS now controls [SHPCHotplug PME AER PCIeCapability]');
	} else {
		addDev(acpiRoot, '_OSC: OS supports [ASPM ClockPM Segments MSI HPX-Type3]');
		addDev(acpiRoot, '_OSC: not requesting OS control; OS requires [ExtendedConfig ASPM ClockPM MSI]');
		addDev(acpiRoot, 'fail to add MMCONFIG information, can\'t access extended PCI configuration space under this bridge.', KERN_WARNING);
	}
	// The hotpluggable PCI slots of bus 0 (not the DIMM slots).
	for (const slot of acpiphpSlots(boot)) add(`acpiphp: Slot [${slot}] registered`);
	add('PCI host bridge to bus 0000:00');
	const windows = [
		'[io  0x0000-0x0cf7 window]',
		'[io  0x0d00-0xffff window]',
		'[mem 0x000a0000-0x000bffff window]',
		...pciWindows32(boot).map(w => `[mem ${hex8(w.start)}-${hex8(w.end)} window]`),
		...(boot.pciHole64 ? [`[mem 0x${hex(boot.pciHole64.base)}-0x${hex(boot.pciHole64.base + boot.pciHole64.size - 1)} window]`] : []),
	];
	for (const w of windows) addDev(rootBus, `root bus resource ${w}`);
	addDev(rootBus, 'root bus resource [bus 00-ff]');
	for (const [f, t] of pciScanLog(boot)) addDev(pciDev(f), t);
	// The DSDT's interrupt links: PIIX4's LNKA-LNKD and the SCI's LNKS; ICH9's LNKA-LNKH (PIRQ
	// A-H, SeaBIOS's 10, 10, 11, 11 twice) and GSIA-GSIH on GSI 16-23.
	const links = q35
		? [...[...'ABCDEFGH'].map((c, i): [string, number] => [`LNK${c}`, [10, 10, 11, 11][i % 4]!]), ...[...'ABCDEFGH'].map((c, i): [string, number] => [`GSI${c}`, 16 + i])]
		: [['LNKA', 10], ['LNKB', 10], ['LNKC', 11], ['LNKD', 11], ['LNKS', 9]] as [string, number][];
	for (const [name, irq] of links) add(`ACPI: PCI: Interrupt link ${name} configured for IRQ ${irq}`);
	// acpi_bus_scan() attaches the memory devices after the links: the DIMMs QEMU started with
	// are added (and onlined as memhp_default_state says) here, before the initcalls that follow.
	const ramBeforeScan = mm.totalramPages();
	if (acpiScan) out.push(...acpiScan());
	const scanOnlined = mm.totalramPages() - ramBeforeScan;
	for (const t of [
		'iommu: Default domain type: Translated ',
		'iommu: DMA domain TLB invalidation policy: lazy mode ',
		'pps_core: LinuxPPS API ver. 1 registered',
		'pps_core: Software ver. 5.3.6 - Copyright 2005-2007 Rodolfo Giometti <giometti@linux.it>',
		'PTP clock support registered',
		'EDAC MC: Ver: 3.0.0',
		'NetLabel: Initializing',
		'NetLabel:  domain hash size = 128',
		'NetLabel:  protocols = UNLABELED CIPSOv4 CALIPSO',
		'NetLabel:  unlabeled traffic allowed by default',
		'PCI: Using ACPI for IRQ routing',
	]) add(t);
	add('PCI: pci_cache_line_size set to 64 bytes', KERN_DEBUG);
	for (const r of e820RamBuffers(mm.e820.table)) add(`e820: reserve RAM buffer ${memRange8(r.start, r.end)}`, KERN_DEBUG);
	const vga = bootVga(boot);
	if (vga) {
		for (const t of [
			'vgaarb: setting as boot VGA device',
			'vgaarb: bridge control possible',
			'vgaarb: VGA device added: decodes=io+mem,owns=io+mem,locks=none',
		]) addDev(pciDev(vga), t);
	}
	for (const t of [
		'vgaarb: loaded',
		'hpet: 3 channels of 0 reserved for per-cpu timers',
		'hpet0: at MMIO 0xfed00000, IRQs 2, 8, 0',
		'hpet0: 3 comparators, 64-bit 100.000000 MHz counter',
		// (with the HPET-calibrated tsc-early registered, q35 switches to it rather than the HPET)
		`clocksource: Switched to clocksource ${q35 ? 'tsc-early' : 'hpet'}`,
	]) add(t);
	add('VFS: Disk quotas dquot_6.6.0', KERN_NOTICE);
	add('VFS: Dquot-cache hash table entries: 512 (order 0, 4096 bytes)');
	add('AppArmor: AppArmor Filesystem Enabled');
	add('pnp: PnP ACPI init');
	const pnp = pnpDevices(boot);
	// The floppy controller's DMA channel, from its _CRS (pnp_show_resources(), dev_dbg).
	if (pnp.fdc) addDev({subsystem: 'pnp', name: pnp.fdc}, '[dma 2]', KERN_DEBUG);
	// q35's MCH resources (PNP0C01): the system driver reserves the MMCONFIG window
	if (pnp.mch) addDev({subsystem: 'pnp', name: pnp.mch, driver: 'system'}, `[mem 0x${hex(Q35_MMCONFIG.start)}-0x${hex(Q35_MMCONFIG.end)} window] has been reserved`);
	add(`pnp: PnP ACPI: found ${pnp.count} devices`);
	add('clocksource: acpi_pm: mask: 0xffffff max_cycles: 0xffffff, max_idle_ns: 2085701024 ns');
	add('NET: Registered PF_INET protocol family');
	{
		const inet = inetHashTables(b.nrKernelPages);
		const established = inet.find(t => t.name === 'TCP established')!;
		const bind = inet.find(t => t.name === 'TCP bind')!;
		for (const t of inet) {
			add(hashTableMessage(t));
			if (t === bind) add(`TCP: Hash tables configured (established ${established.entries} bind ${bind.entries})`);
		}
	}
	add('NET: Registered PF_UNIX/PF_LOCAL protocol family');
	add('NET: Registered PF_XDP protocol family');
	windows.forEach((w, i) => addDev(rootBus, `resource ${4 + i} ${w}`));
	if (!q35) {
		// pcibios fixups of the PIIX3 and the i440FX
		addDev({subsystem: 'pci', name: '0000:00:01.0'}, 'PIIX3: Enabling Passive Release');
		addDev({subsystem: 'pci', name: '0000:00:00.0'}, 'Limiting direct PCI/PCI transfers');
	}
	add('PCI: CLS 0 bytes, default 64');
	if (b.swiotlb) {
		add('PCI-DMA: Using software bounce buffering for IO (SWIOTLB)');
		// swiotlb_print_info(): `mapped [mem %pa-%pa]` prints mem->start and mem->end = start + size.
		const sw = b.swiotlbMapped ? layout.swiotlb : undefined;
		if (sw) add(`software IO TLB: mapped [mem ${hex16(sw.start)}-${hex16(sw.end)}] (${(sw.end - sw.start) / (1024 * 1024)}MB)`);
		else add('software IO TLB: No low mem', KERN_WARNING);
	}
	add('Initialise system trusted keyrings', KERN_NOTICE);
	add('Trying to unpack rootfs image as initramfs...');
	add('Key type blacklist registered', KERN_NOTICE);
	// workingset_init(): max_order = fls_long(totalram_pages() - 1), the DIMMs the scan onlined
	// counted (lab s70/cold); buckets beyond the timestamp bits are grouped.
	{
		const maxOrder = fls(ramBeforeInitFree + scanOnlined - 1);
		add(`workingset: timestamp_bits=36 max_order=${maxOrder} bucket_order=${Math.max(0, maxOrder - 36)}`);
	}
	add('zbud: loaded');
	add('integrity: Platform Keyring initialized', KERN_NOTICE);
	add('integrity: Machine keyring initialized', KERN_NOTICE);
	add('Key type asymmetric registered', KERN_NOTICE);
	add('Asymmetric key parser \'x509\' registered', KERN_NOTICE);
	// populate_rootfs() runs async: the initrd is freed once it is unpacked (free_initrd_mem()
	// frees its pages up to the page-aligned end).
	add(`Freeing initrd memory: ${INITRD_PAGES * 4}K`);
	add('alg: self-tests for CTR-KDF (hmac(sha256)) passed');
	add('Block layer SCSI generic (bsg) driver version 0.4 loaded (major 248)');
	add('io scheduler mq-deadline registered');
	add('shpchp: Standard Hot Plug PCI Controller Driver version: 0.4');
	add('Serial: 8250/16550 driver, 4 ports, IRQ sharing enabled');
	// serial8250's PnP probe, in the devices' order (the newest port first)
	for (let i = pnp.serial.length - 1; i >= 0; i--) {
		const [base, irq] = SERIAL_PORTS[i]!;
		add(`${pnp.serial[i]}: ttyS${i} at I/O 0x${hex(base)} (irq = ${irq}, base_baud = 115200) is a 16550A`);
	}
	add('Linux agpgart interface v0.103');
	add('AMD-Vi: AMD IOMMUv2 functionality not available on this system - This is not a bug.');
	add('i8042: PNP: PS/2 Controller [PNP0303:KBD,PNP0f13:MOU] at 0x60,0x64 irq 1,12');
	add('serio: i8042 KBD port at 0x60,0x64 irq 1');
	add('serio: i8042 AUX port at 0x60,0x64 irq 12');
	add('mousedev: PS/2 mouse device common for all mice');
	add('input: AT Translated Set 2 keyboard as /devices/platform/i8042/serio0/input/input0');
	const rtc: PrintkDevice = {subsystem: 'pnp', name: pnp.rtc, driver: 'rtc_cmos'};
	addDev(rtc, 'RTC can wake from S4');
	addDev(rtc, 'registered as rtc0');
	// rtc_hctosys(): the RTC's time when the line is printed, i.e. the guest's wall clock (time())
	// at the line's stamp; the recorded run read BOOT_EPOCH + 1.
	out.push([I, rtcLine(wallEpoch + 1, rtc), (epoch: number) => rtcLine(epoch, rtc), rtc]);
	addDev(rtc, 'alarms up to one day, y3k, 242 bytes nvram, hpet irqs');
	add('ledtrig-cpu: registered to indicate activity on CPUs');
	add('NET: Registered PF_INET6 protocol family');
	add('Segment Routing with IPv6');
	add('In-situ OAM (IOAM) with IPv6');
	add('mip6: Mobile IPv6');
	add('NET: Registered PF_PACKET protocol family');
	add('mpls_gso: MPLS GSO support');
	add('IPI shorthand broadcast: enabled');
	add('registered taskstats version 1');
	add('Loading compiled-in X.509 certificates', KERN_NOTICE);
	add('Loaded X.509 cert \'Build time autogenerated kernel key: 35ec5eb42ea9fd1caf03b977c56ef26a3720f629\'', KERN_NOTICE);
	add('zswap: loaded using pool lzo/zbud');
	add('Key type .fscrypt registered', KERN_NOTICE);
	add('Key type fscrypt-provisioning registered', KERN_NOTICE);
	add('Key type encrypted registered', KERN_NOTICE);
	add('AppArmor: AppArmor sha1 policy hashing enabled');
	for (const t of ['ima: No TPM chip found, activating TPM-bypass!', 'ima: Allocated hash algorithm: sha256', 'ima: No architecture policies found',
		'evm: Initialising EVM extended attributes:', 'evm: security.selinux', 'evm: security.SMACK64 (disabled)', 'evm: security.SMACK64EXEC (disabled)',
		'evm: security.SMACK64TRANSMUTE (disabled)', 'evm: security.SMACK64MMAP (disabled)', 'evm: security.apparmor', 'evm: security.ima',
		'evm: security.capability', 'evm: HMAC attrs: 0x1']) add(t);
	if (smp) {
		add('Unstable clock detected, switching default tracing clock to "global"\nIf you want to keep using the local clock, then add:\n  "trace_clock=local"\non the kernel command line', KERN_WARNING);
	}
	add('clk: Disabling unused clocks');
	add(`Freeing unused decrypted memory: ${late.decrypted}K`);
	add(`Freeing unused kernel image (initmem) memory: ${late.initmem}K`);
	add('Write protecting the kernel read-only data: 26624k');
	add(`Freeing unused kernel image (text/rodata gap) memory: ${late.textRodataGap}K`);
	add(`Freeing unused kernel image (rodata/data gap) memory: ${late.rodataDataGap}K`);
	add('x86/mm: Checked W+X mappings: passed, no W+X pages found.');
	// run_init_process(): init/main.c defines DEBUG, so its pr_debug()s are KERN_DEBUG records.
	add(`Run ${params.init} as init process`);
	add('  with arguments:', KERN_DEBUG);
	add(`    ${params.init}`, KERN_DEBUG);
	for (const a of params.initArgs) add(`    ${a}`, KERN_DEBUG);
	add('  with environment:', KERN_DEBUG);
	for (const e of ['HOME=/', 'TERM=linux', ...params.initEnv]) add(`    ${e}`, KERN_DEBUG);
	if (!smp) {
		// A single CPU keeps a stable TSC: the refined calibration switches the clocksource.
		add('tsc: Refined TSC clocksource calibration: 2095.987 MHz');
		add('clocksource: tsc: mask: 0xffffffffffffffff max_cycles: 0x1e36616fc75, max_idle_ns: 440795221078 ns');
		add('clocksource: Switched to clocksource tsc');
	}
	return {lines: out, clockStart};
}
