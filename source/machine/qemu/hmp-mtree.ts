/**
 * `info mtree` for the pc machine's address spaces. `memory` is built from the machine's real
 * layout (pc_memory_init: ram-below-4g / ram-above-4g aliases of pc.ram, the PCI window with
 * the BIOS and option ROM, the i440FX SMRAM/PAM aliases, device-memory with one region per
 * plugged DIMM) and, once the vCPUs ran, what SeaBIOS did (the default devices' BARs, PAM on
 * RAM, the kvmvapic option ROM); each CPU's SMM view puts the i440FX's smram over it; `I/O` holds
 * the ISA and PIIX ports (the PM and SMBus bases and the PCI BARs where SeaBIOS put them, the CPU
 * hotplug block in the modern layout once the guest's ACPI switched it); the PCI devices' bus
 * master address spaces are empty containers (bus mastering off).
 */
import {infoMtreeQ35} from './hmp-mtree-q35.js';
import type {QemuMachine} from './machine.js';
import {aliasOf, container, emptyFlatViewText, flatViewText, mtreeText, region, type AddressSpaceView, type MemoryRegion} from './memory-region.js';
import {NVDIMMDevice} from './nvdimm.js';
import {ISA_PARALLEL_IO, ISA_SERIAL_IO, configuredVirtioBars, pciFirmwareView} from './qdev-tree.js';

export const UINT64_SIZE = 2 ** 64;
export const BIOS_SIZE = 256 * 1024;

/** Where SeaBIOS put BAR `index` of the function of class `cls` (base class and subclass), if the board has one. */
export function pciBar(m: QemuMachine, cls: number, index: number): {start: number; size: number} | undefined {
	return pciFirmwareView(m.qdevBoard()).find((f) => f.classCode >> 8 === cls)?.bars.find((b) => b.index === index);
}

function barStart(m: QemuMachine, cls: number, index: number): number | undefined {
	return pciBar(m, cls, index)?.start;
}

/** The standard VGA's MMIO BAR (pci_std_vga_mmio_region_init()): the EDID blob, the VGA and bochs registers. */
export function vgaMmioRegion(addr: number): MemoryRegion {
	return region('vga.mmio', addr, 0x1000, 'i/o', 1, [
		region('edid', 0, 0x180, 'i/o'),
		region('vga ioports remapped', 0x400, 0x20, 'i/o'),
		region('bochs dispi interface', 0x500, 0x16, 'i/o'),
		region('qemu extended regs', 0x600, 0x8, 'i/o'),
	]);
}

/** virtio_pci_modern_regions_init(): the modern BAR's container and its four 4 KiB capability regions. */
export function virtioPciModernRegion(addr: number, vdev: string): MemoryRegion {
	return region('virtio-pci', addr, 0x4000, 'i/o', 1, [
		region(`virtio-pci-common-${vdev}`, 0, 0x1000, 'i/o'),
		region(`virtio-pci-isr-${vdev}`, 0x1000, 0x1000, 'i/o'),
		region(`virtio-pci-device-${vdev}`, 0x2000, 0x1000, 'i/o'),
		region(`virtio-pci-notify-${vdev}`, 0x3000, 0x1000, 'i/o'),
	]);
}

/**
 * The chipset's PAM aliases (i440fx_init(), mch_realize()): PAM1..6 split 0xc0000-0xeffff in
 * twelve 16 KiB regions, PAM0 is the BIOS's 64 KiB at 0xf0000. Reset leaves them all on PCI;
 * SeaBIOS leaves RAM behind them, read-only but for 0xe8000-0xeffff (the lab, pc and q35, with
 * and without -nodefaults).
 */
export function pamAliases(firmwareRan: boolean, pcRam: MemoryRegion, pci: MemoryRegion): MemoryRegion[] {
	const pam = (addr: number, size: number) => firmwareRan
		? (addr >= 0xe8000 && addr < 0xf0000 ? aliasOf('pam-ram', addr, size, pcRam, addr, 1) : aliasOf('pam-rom', addr, size, pcRam, addr, 1, {readonly: true}))
		: aliasOf('pam-pci', addr, size, pci, addr, 1);
	const out: MemoryRegion[] = [];
	for (let addr = 0xc0000; addr < 0xf0000; addr += 0x4000) out.push(pam(addr, 0x4000));
	out.push(pam(0xf0000, 0x10000));
	return out;
}

/**
 * The kvmvapic option ROM (12 KiB), mapped over RAM above every PAM region once the firmware
 * ran: after the VGA BIOS's 40 KiB and the 4 KiB SeaBIOS keeps of the NIC's ROM (the lab's
 * -vga none, -nic none and -nodefaults: 0xc1000, 0xca000, 0xc0000; the same on q35).
 */
export function kvmvapicRom(m: QemuMachine, pcRam: MemoryRegion): MemoryRegion {
	const addr = 0xc0000 + (m.config.board.vga ? 0xa000 : 0) + (m.config.board.nic ? 0x1000 : 0);
	return aliasOf('kvmvapic-rom', addr, 0x3000, pcRam, addr, 1000);
}

/**
 * `device-memory` (with DIMM slots): one RAM region per plugged DIMM or virtio-mem device at its
 * offset, an nvdimm's alias without its label.
 */
export function deviceMemoryRegion(m: QemuMachine): MemoryRegion | undefined {
	const {deviceMemory} = m.layout;
	if (deviceMemory.size <= 0) return undefined;
	const dimms = m.memoryDevices().filter((d) => d.hostmem).map((d) => {
		// (a virtio-mem device maps its whole backend, plugged or not: 7.2 has no memslots of it)
		const backend = region(d.hostmem!.regionName(), 0, d.hostmem!.size, 'ram');
		// An nvdimm maps an alias of its backend without the label area (nvdimm_prepare_memory_region).
		if (d instanceof NVDIMMDevice) return aliasOf('nvdimm-memory', d.addr - deviceMemory.base, d.size, backend, 0, 0, {nonvolatile: true});
		return {...backend, addr: d.addr - deviceMemory.base};
	});
	return container('device-memory', deviceMemory.base, deviceMemory.size, 0, dimms);
}

/**
 * The ISA devices' ports both boards have, in creation order: the DMA controllers, PICs, PIT,
 * i8042, speaker, RTC, kvmvapic, port 0x80 and 0x92, APM, 0xf0, the VGA's, the serial and
 * parallel ports present, ELCR and fw_cfg.
 */
export function isaPorts(m: QemuMachine): MemoryRegion[] {
	const dev = m.config.board;
	const r = (name: string, addr: number, size: number, subregions: MemoryRegion[] = []) => region(name, addr, size, 'i/o', 0, subregions);
	return [
		r('dma-chan', 0, 8), r('dma-cont', 8, 8), r('pic', 0x20, 2), r('pit', 0x40, 4), r('i8042-data', 0x60, 1), r('pcspk', 0x61, 1),
		r('i8042-cmd', 0x64, 1), r('rtc', 0x70, 2, [r('rtc-index', 0, 1)]), r('kvmvapic', 0x7e, 2), r('ioport80', 0x80, 1),
		r('dma-page', 0x81, 3), r('dma-page', 0x87, 1), r('dma-page', 0x89, 3), r('dma-page', 0x8f, 1), r('port92', 0x92, 1),
		r('pic', 0xa0, 2), r('apm-io', 0xb2, 2), r('dma-chan', 0xc0, 0x10), r('dma-cont', 0xd0, 0x10), r('ioportF0', 0xf0, 1),
		...(dev.vga ? [r('vbe', 0x1ce, 4)] : []),
		...ISA_PARALLEL_IO.slice(0, dev.parallelPorts).map((base) => r('parallel', base, base === 0x3bc ? 4 : 8)),
		...(dev.vga ? [r('vga', 0x3b4, 2), r('vga', 0x3ba, 1), r('vga', 0x3c0, 0x10), r('vga', 0x3d4, 2), r('vga', 0x3da, 1)] : []),
		...ISA_SERIAL_IO.slice(0, dev.serialPorts).map((base) => r('serial', base, 8)),
		r('elcr', 0x4d0, 1), r('elcr', 0x4d1, 1), r('fwcfg', 0x510, 2), r('fwcfg.dma', 0x514, 8),
	];
}

export function systemMemoryRegion(m: QemuMachine): MemoryRegion {
	const {layout, config} = m;
	const pcRam = region('pc.ram', 0, config.memory.size, 'ram');
	const bios = region('pc.bios', 0x100000000 - BIOS_SIZE, BIOS_SIZE, 'rom');
	const withVga = config.board.vga;
	// Once the vCPUs have run, SeaBIOS has assigned the default devices' BARs (top-down below
	// 0xfec00000, whatever the RAM size), loaded the option ROMs and programmed the PAM registers.
	const firmwareRan = m.runstate !== 'prelaunch';
	// (where pci_setup() put them: qdev-tree.ts)
	const vgaVram = barStart(m, 0x0300, 0);
	const vgaMmio = barStart(m, 0x0300, 2);
	const nicMmio = barStart(m, 0x0200, 0);
	const bars = firmwareRan ? [
		...(vgaVram !== undefined ? [region('vga.vram', vgaVram, 0x1000000, 'ram', 1)] : []),
		...(nicMmio !== undefined ? [region('e1000-mmio', nicMmio, 0x20000, 'i/o', 1)] : []),
		...(vgaMmio !== undefined ? [vgaMmioRegion(vgaMmio)] : []),
		// a virtio-mem-pci's modern BAR, which SeaBIOS enabled (a hotplugged one's stays off until a reset)
		...configuredVirtioBars(m.qdevBoard()).map(({start}) => virtioPciModernRegion(start, 'virtio-mem')),
	].sort((a, b) => a.addr - b.addr) : [];
	const pci = container('pci', 0, UINT64_SIZE, -1, [
		...(withVga ? [region('vga-lowmem', 0xa0000, 0x20000, 'i/o', 1)] : []),
		region('pc.rom', 0xc0000, 0x20000, 'rom', 1),
		aliasOf('isa-bios', 0xe0000, 0x20000, bios, BIOS_SIZE - 0x20000, 1),
		...bars,
		bios,
	]);
	const children: MemoryRegion[] = [aliasOf('ram-below-4g', 0, layout.below4g, pcRam, 0)];
	children.push(pci);
	if (layout.above4g > 0) children.push(aliasOf('ram-above-4g', layout.above4gStart, layout.above4g, pcRam, layout.below4g));
	children.push(aliasOf('smram-region', 0xa0000, 0x20000, pci, 0xa0000, 1));
	children.push(...pamAliases(firmwareRan, pcRam, pci));
	if (firmwareRan) children.push(kvmvapicRom(m, pcRam));
	children.push(region('ioapic', 0xfec00000, 0x1000, 'i/o'));
	children.push(region('hpet', 0xfed00000, 0x400, 'i/o'));
	children.push(region('apic-msi', 0xfee00000, 0x100000, 'i/o', 4096));
	const deviceMemory = deviceMemoryRegion(m);
	if (deviceMemory) children.push(deviceMemory);
	return container('system', 0, UINT64_SIZE, 0, children);
}


/**
 * The `io` address space: the ISA devices' ports, the PIIX3/PIIX4 blocks and, once SeaBIOS ran,
 * the PM (0x600) and SMBus (0x700; 0xb100 at reset) bases it programs and the PCI BARs it
 * assigns (e1000's I/O BAR, then the IDE bus-master block). The CPU hotplug block is the legacy
 * 32-byte one until the guest's ACPI switches it to the modern 12-byte interface.
 */
function ioRegion(m: QemuMachine, guestAcpi: boolean): MemoryRegion {
	const firmwareRan = m.runstate !== 'prelaunch';
	const r = (name: string, addr: number, size: number, priority = 0, subregions: MemoryRegion[] = []) => region(name, addr, size, 'i/o', priority, subregions);
	// piix4_pm_realize(): its 64-byte block at the base SeaBIOS writes (disabled at 0 until then).
	const pm = container('piix4-pm', firmwareRan ? 0x600 : 0, 0x40, 0, [r('acpi-evt', 0, 4), r('acpi-cnt', 4, 2), r('acpi-tmr', 8, 4)], {disabled: !firmwareRan});
	const nicIo = barStart(m, 0x0200, 1);
	const bars = firmwareRan ? [
		...(nicIo !== undefined ? [r('e1000-io', nicIo, 0x40, 1)] : []),
		container('piix-bmdma-container', barStart(m, 0x0101, 4)!, 0x10, 1, [r('piix-bmdma', 0, 4), r('bmdma', 4, 4), r('piix-bmdma', 8, 4), r('bmdma', 0xc, 4)]),
	] : [];
	return r('io', 0, 0x10000, 0, [
		// (Added after the ISA devices: at the same address it comes first.)
		...(firmwareRan ? [] : [pm]),
		...isaPorts(m),
		// the PIIX3 IDE's legacy ports and the floppy controller (printed by address among the ISA ports)
		r('ide', 0x170, 8), r('ide', 0x1f0, 8), r('ide', 0x376, 1), r('fdc', 0x3f1, 5), r('ide', 0x3f6, 1), r('fdc', 0x3f7, 1),
		...(firmwareRan ? [pm] : []), r('pm-smbus', firmwareRan ? 0x700 : 0xb100, 0x40),
		// acpi_memory_hotplug_init(): only with DIMM slots
		...(m.config.memory.slots > 0 ? [r('acpi-mem-hotplug', 0xa00, 0x18)] : []),
		r('pci-conf-idx', 0xcf8, 4), r('piix3-reset-control', 0xcf9, 1, 1), r('pci-conf-data', 0xcfc, 4), r('vmport', 0x5658, 1),
		r('acpi-pci-hotplug', 0xae00, 0x18), r('acpi-cpu-hotplug', 0xaf00, guestAcpi ? 0xc : 0x20), r('acpi-gpe0', 0xafe0, 4),
		...bars,
	]);
}

/**
 * i440FX's SMRAM (i440fx_init): `smram` holds smram-low, pc.ram behind the VGA window, and is
 * enabled once SeaBIOS set G_SMRAME. Each CPU's SMM address space is its own `memory`
 * container: smram above an alias of the whole system memory.
 */
function smmRoots(m: QemuMachine, system: MemoryRegion): MemoryRegion[] {
	// (pc.ram: what ram-below-4g, system's first subregion, shows.)
	const pcRam = system.subregions[0]!.alias!.target;
	const smram = container('smram', 0, 0x100000000, 0, [aliasOf('smram-low', 0xa0000, 0x20000, pcRam, 0xa0000)], {disabled: m.runstate === 'prelaunch'});
	return Array.from({length: m.config.smp}, () => container('memory', 0, UINT64_SIZE, 0, [
		aliasOf('smram', 0, 0x100000000, smram, 0, 1),
		aliasOf('memory', 0, UINT64_SIZE, system, 0),
	]));
}

/** The PCI functions' bus-master address spaces, in the order the devices were created (hotplugged ones last). */
function busMasters(m: QemuMachine): string[] {
	const dev = m.config.board;
	return ['i440FX', 'PIIX3', ...(dev.vga ? ['VGA'] : []), ...(dev.nic ? ['e1000'] : []), 'piix3-ide', 'PIIX4_PM', ...m.virtioMems('creation').map((d) => d.typeName)];
}

/**
 * hmp_info_mtree: `info mtree` and `info mtree -f` (other flags are not simulated). Real QEMU
 * walks its address spaces, and numbers the flat views, in the order of a GHashTable keyed by
 * the root regions' (or views') addresses, which changes from run to run; memhp uses one such
 * order: the SMM views, the memory views, I/O, the bus masters for `info mtree` (the order of a
 * run of the lab's), memory, I/O, SMM and bus masters for `-f`.
 */
export function infoMtree(m: QemuMachine, args: string): string {
	const flags = args.trim().split(/\s+/).filter(Boolean);
	// (q35: the MCH's and ICH9's regions and address spaces, hmp-mtree-q35.ts)
	if (m.config.machineType === 'q35') return infoMtreeQ35(m, flags);
	const system = systemMemoryRegion(m);
	// Every vCPU's address space shares the system root with `memory`.
	const cpus = Array.from({length: m.config.smp}, (_, i) => `cpu-memory-${i}`);
	// (The guest's ACPI switches the CPU hotplug block as it boots, once the vCPUs run.)
	const io = ioRegion(m, m.hasGuest() && m.runstate !== 'prelaunch');
	const smm = smmRoots(m, system);
	const masters = busMasters(m);
	if (flags.length === 0) {
		// (A bus master's own container; its `bus master` alias of memory is disabled.)
		const master = container('bus master container', 0, UINT64_SIZE);
		const spaces: AddressSpaceView[] = [
			...smm.map((root, i) => ({names: [`cpu-smm-${i}`], root})),
			{names: [...cpus, 'memory'], root: system},
			{names: ['I/O'], root: io},
			...['PIIX3', 'piix3-ide', 'e1000', 'VGA', 'i440FX', 'PIIX4_PM'].filter((n) => masters.includes(n)).map((n) => ({names: [n], root: master})),
			// (hotplugged devices' spaces go where their regions' addresses hash: memhp puts them last)
			...m.virtioMems('creation').map((d) => ({names: [d.typeName], root: master})),
		];
		return mtreeText(spaces);
	}
	if (flags.length === 1 && flags[0] === '-f') {
		let n = 0;
		const views = [
			flatViewText(n++, ['memory', ...cpus], system),
			flatViewText(n++, ['I/O'], io),
			...smm.map((root, i) => flatViewText(n++, [`cpu-smm-${i}`], root)),
		];
		return views.join('') + emptyFlatViewText(n, masters, 'bus master container');
	}
	return `memhp: 'info mtree ${flags.join(' ')}' is not simulated\n`;
}

