import type {FirmwareBootInfo} from '../acpi.js';
import type {KernelParams} from './cmdline.js';
import type {GuestMm} from './mm.js';
import {LINUX_VERSION} from './procfs.js';
import {KERNEL_IMAGE, MAX_DMA32_PFN, MAX_DMA_PFN} from './memblock.js';
import {KERN_WARNING} from './printk.js';
import {DMI_HARDWARE_NAME} from './build-info.js';

/** [level, text]; timestamps are assigned by the caller in order. */
export type BootLine = [number, string];

const hex16 = (n: number) => `0x${n.toString(16).padStart(16, '0')}`;
const memRange = (s: number, e: number) => `[mem ${hex16(s)}-${hex16(e)}]`;
const short = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

/**
 * The 6.1 boot log of this guest, generated from the machine: e820, SRAT, zones, memory block
 * size, the `Memory:` line, hash table sizes, ..., up to `Run /init` and the TSC lines.
 */
export function bootLog(boot: FirmwareBootInfo, params: KernelParams, mm: GuestMm): BootLine[] {
	const I = 6;
	const out: BootLine[] = [];
	const add = (text: string, level = I) => out.push([level, text]);
	const cpus = Math.max(1, boot.cpus);
	const b = mm.boot;
	add(LINUX_VERSION, 5);
	add(`Command line: ${boot.cmdline}`);
	add('BIOS-provided physical RAM map:');
	for (const e of boot.e820) add(`BIOS-e820: ${memRange(e.addr, e.addr + e.size - 1)} ${e.type}`);
	add('NX (Execute Disable) protection: active');
	add('SMBIOS 2.8 present.');
	add(`DMI: ${DMI_HARDWARE_NAME}`);
	add('tsc: Fast TSC calibration using PIT');
	add('tsc: Detected 2096.003 MHz processor');
	add('AGP: No AGP bridge found');
	const lowEnd = boot.ramBelow4g - 0x20000;
	add(`last_pfn = 0x${(lowEnd / 4096).toString(16)} max_arch_pfn = 0x400000000`);
	add('x86/PAT: Configuration [0-7]: WB  WC  UC- UC  WB  WP  UC- WT  ');
	add('found SMP MP-table at [mem 0x000f5ba0-0x000f5baf]');
	add('ACPI: Early table checksum verification disabled');
	add('ACPI: RSDP 0x00000000000F59D0 000014 (v00 BOCHS )');
	const acpiBase = boot.ramBelow4g - 0x20000;
	const tbl = (name: string, off: number, len: string, oem = true) =>
		add(`ACPI: ${name} 0x${(acpiBase + off).toString(16).toUpperCase().padStart(16, '0')} ${len}${oem ? ' (v01 BOCHS  BXPC     00000001 BXPC 00000001)' : ''}`);
	tbl('RSDT', 0x2f69, '000038');
	tbl('FACP', 0x2d25, '000074');
	tbl('DSDT', 0x0040, '002CE5');
	tbl('FACS', 0x0000, '000040', false);
	tbl('APIC', 0x2d99, '000080');
	tbl('HPET', 0x2e19, '000038');
	if (boot.hotplugRange) tbl('SRAT', 0x2e51, '0000F0');
	tbl('WAET', 0x2f41, '000028');
	for (let c = 0; c < cpus; c++) add(`SRAT: PXM 0 -> APIC 0x${c.toString(16).padStart(2, '0')} -> Node 0`);
	add('ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]');
	add(`ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-${short(boot.ramBelow4g - 1)}]`);
	if (boot.ramAbove4g) add(`ACPI: SRAT: Node 0 PXM 0 [mem 0x100000000-0x${(0x100000000 + boot.ramAbove4g - 1).toString(16)}]`);
	if (boot.hotplugRange) {
		const h = boot.hotplugRange;
		add(`ACPI: SRAT: Node 0 PXM 0 [mem 0x${h.base.toString(16)}-0x${(h.base + h.size - 1).toString(16)}] hotplug`);
	}
	add('Zone ranges:');
	const maxPfn = b.maxPfn;
	add(`  DMA      ${memRange(0x1000, MAX_DMA_PFN * 4096 - 1)}`);
	add(`  DMA32    ${memRange(MAX_DMA_PFN * 4096, Math.min(maxPfn, MAX_DMA32_PFN) * 4096 - 1)}`);
	add(maxPfn > MAX_DMA32_PFN ? `  Normal   ${memRange(MAX_DMA32_PFN * 4096, maxPfn * 4096 - 1)}` : '  Normal   empty');
	add('  Device   empty');
	add('Movable zone start for each node');
	add('Early memory node ranges');
	for (const r of b.present) add(`  node   0: ${memRange(r.start * 4096, r.end * 4096 - 1)}`);
	add(`Initmem setup node 0 ${memRange(b.present[0].start * 4096, maxPfn * 4096 - 1)}`);
	add('On node 0, zone DMA: 1 pages in unavailable ranges');
	add('On node 0, zone DMA: 97 pages in unavailable ranges');
	add(`On node 0, zone ${maxPfn > MAX_DMA32_PFN ? 'Normal' : 'DMA32'}: 32 pages in unavailable ranges`);
	add('ACPI: PM-Timer IO Port: 0x608');
	add('ACPI: Using ACPI (MADT) for SMP configuration information');
	add(`smpboot: Allowing ${cpus} CPUs, 0 hotplug CPUs`);
	add(`[mem ${short(boot.pciHole32Start)}-0xfffbffff] available for PCI devices`);
	add('Booting paravirtualized kernel on bare hardware');
	add(`setup_percpu: NR_CPUS:8192 nr_cpumask_bits:${cpus} nr_cpu_ids:${cpus} nr_node_ids:1`);
	add(`percpu: Embedded 62 pages/cpu s217088 r8192 d28672 u${cpus > 1 ? 1048576 : 2097152}`);
	add('Fallback order for Node 0: 0 ');
	add(`Built 1 zonelists, mobility grouping on.  Total pages: ${b.nrKernelPages}`);
	add(`Policy zone: ${maxPfn > MAX_DMA32_PFN ? 'Normal' : 'DMA32'}`);
	add(`Kernel command line: ${boot.cmdline}`);
	const hashLine = (name: string, bytes: number) => {
		const order = Math.round(Math.log2(bytes / 4096));
		add(`${name} hash table entries: ${bytes / 8} (order: ${order}, ${bytes} bytes, linear)`);
	};
	hashLine('Dentry cache', b.dentryHashBytes);
	hashLine('Inode-cache', b.inodeHashBytes);
	add('mem auto-init: stack:all(zero), heap alloc:on, heap free:off');
	if (b.swiotlb) add(`software IO TLB: area num ${cpus}.`);
	if (b.swiotlb && !b.swiotlbMapped) add('software IO TLB: swiotlb_init_remap: failed to allocate tlb structure', KERN_WARNING);
	const reservedKb = (b.presentPages - b.totalramPages) * 4 + KERNEL_IMAGE.lateFreedKb;
	const availKb = Math.max(0, b.presentPages * 4 - reservedKb - (b.swiotlb ? 0 : 0));
	add(`Memory: ${availKb}K/${b.presentPages * 4}K available (14343K kernel code, 2338K rwdata, 9132K rodata, 2824K init, 17344K bss, ${reservedKb}K reserved, 0K cma-reserved)`);
	add(`SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=${cpus}, Nodes=1`);
	add('ftrace: allocating 40521 entries in 159 pages');
	add('rcu: Preemptible hierarchical RCU implementation.');
	add('NR_IRQS: 524544, nr_irqs: 440, preallocated irqs: 16');
	add('Console: colour VGA+ 80x25');
	add('printk: console [ttyS0] enabled');
	add('ACPI: Core revision 20220331');
	add('APIC: Switch to symmetric I/O mode setup');
	add('Spectre V2 : Mitigation: Retpolines');
	add('x86/fpu: x87 FPU will use FXSAVE');
	add('Freeing SMP alternatives memory: 36K');
	add('pid_max: default: 32768 minimum: 301');
	add('Mount-cache hash table entries: 1024 (order: 1, 8192 bytes, linear)');
	add('smpboot: CPU0: AMD QEMU Virtual CPU version 2.5+ (family: 0xf, model: 0x6b, stepping: 0x1)');
	add(`smp: Brought up 1 node, ${cpus} CPU${cpus > 1 ? 's' : ''}`);
	add('node 0 deferred pages initialised in 4ms');
	add('devtmpfs: initialized');
	add(`x86/mm: Memory block size: ${b.blockSizeBytes / (1024 * 1024)}MB`);
	add('NET: Registered PF_NETLINK/PF_ROUTE protocol family');
	add('HugeTLB: registered 2.00 MiB page size, pre-allocated 0 pages');
	add('ACPI: Interpreter enabled');
	add('ACPI: PCI Root Bridge [PCI0] (domain 0000 [bus 00-ff])');
	add(`pci_bus 0000:00: root bus resource [mem ${short(boot.pciHole32Start)}-0xfebfffff window]`);
	if (boot.pciHole64) add(`pci_bus 0000:00: root bus resource [mem 0x${boot.pciHole64.base.toString(16)}-0x${(boot.pciHole64.base + boot.pciHole64.size - 1).toString(16)} window]`);
	add('clocksource: Switched to clocksource hpet');
	if (b.swiotlb) {
		add('PCI-DMA: Using software bounce buffering for IO (SWIOTLB)');
		// swiotlb_print_info(): nslabs is 0 when the allocation failed.
		const sw = b.reservations.find(r => r.what === 'swiotlb');
		if (sw) add(`software IO TLB: mapped ${memRange(sw.start * 4096, sw.end * 4096 - 1)} (64MB)`);
		else add('software IO TLB: No low mem', KERN_WARNING);
	}
	add('Trying to unpack rootfs image as initramfs...');
	add('Freeing initrd memory: 1024K');
	add('Serial: 8250/16550 driver, 4 ports, IRQ sharing enabled');
	add('00:04: ttyS0 at I/O 0x3f8 (irq = 4, base_baud = 115200) is a 16550A');
	add('NET: Registered PF_INET6 protocol family');
	add('zswap: loaded using pool lzo/zbud');
	add('Key type encrypted registered');
	add('AppArmor: AppArmor sha1 policy hashing enabled');
	for (const t of ['ima: No TPM chip found, activating TPM-bypass!', 'ima: Allocated hash algorithm: sha256', 'ima: No architecture policies found',
		'evm: Initialising EVM extended attributes:', 'evm: security.selinux', 'evm: security.SMACK64 (disabled)', 'evm: security.SMACK64EXEC (disabled)',
		'evm: security.SMACK64TRANSMUTE (disabled)', 'evm: security.SMACK64MMAP (disabled)', 'evm: security.apparmor', 'evm: security.ima',
		'evm: security.capability', 'evm: HMAC attrs: 0x1']) add(t);
	if (cpus > 1) {
		add('Unstable clock detected, switching default tracing clock to "global"\nIf you want to keep using the local clock, then add:\n  "trace_clock=local"\non the kernel command line', 4);
	}
	add('clk: Disabling unused clocks');
	add('Freeing unused decrypted memory: 2036K');
	add('Freeing unused kernel image (initmem) memory: 2824K');
	add('Write protecting the kernel read-only data: 26624k');
	add('Freeing unused kernel image (text/rodata gap) memory: 2040K');
	add('Freeing unused kernel image (rodata/data gap) memory: 1108K');
	add('x86/mm: Checked W+X mappings: passed, no W+X pages found.');
	add(`Run ${params.init} as init process`);
	add('  with arguments:');
	add(`    ${params.init}`);
	for (const a of params.initArgs) add(`    ${a}`);
	add('  with environment:');
	for (const e of ['HOME=/', 'TERM=linux', ...params.initEnv]) add(`    ${e}`);
	if (cpus === 1) {
		// A single CPU keeps a stable TSC: the refined calibration switches the clocksource.
		add('tsc: Refined TSC clocksource calibration: 2095.987 MHz');
		add('clocksource: tsc: mask: 0xffffffffffffffff max_cycles: 0x1e36616fc75, max_idle_ns: 440795221078 ns');
		add('clocksource: Switched to clocksource tsc');
	}
	return out;
}
