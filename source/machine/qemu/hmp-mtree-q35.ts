/**
 * `info mtree` for the q35 machine (pc_q35_init(), mch_realize(), ich9_lpc_realize()), built
 * from the same model as the pc's (hmp-mtree.ts): `memory` holds pc.ram's below-4G alias (up to
 * 2 GiB once RAM reaches 0xb0000000, pc-memory-layout.ts), the PCI window with the ROMs and,
 * once SeaBIOS ran, the BARs it placed (qdev-tree.ts: the VGA's, the e1000e's, the AHCI
 * controller's), the MCH's PAM aliases and SMRAM window, the MMCONFIG window SeaBIOS enables at
 * 0xb0000000 and the ICH9's root complex register block, ram-above-4g and device-memory with a
 * region per plugged DIMM. Each CPU's SMM view puts the MCH's smram over it (smram-low, pc.ram
 * behind the VGA window, once SeaBIOS opened it). `I/O` has the ISA ports, the ICH9's PM block
 * (disabled at 0 until SeaBIOS sets PMBASE 0x600), its SMBus BAR (0x700), the ACPI PCI, CPU and
 * memory hotplug blocks at 0xcc0, 0xcd8 and 0xa00, and the PCI I/O BARs. Every PCI function
 * has its own bus-master address space, whose `bus master` alias of system memory stays
 * disabled but for the AHCI controller's, which SeaBIOS turns on when it probes the ports
 * (lab s63/mtree: 1G to 4G, -S, firmware only, a guest booted, -nodefaults, -vga none,
 * -nic none, two serial ports, -smp 2, DIMMs hot-plugged and on the command line).
 */
import {BIOS_SIZE, deviceMemoryRegion, isaPorts, kvmvapicRom, pamAliases, pciBar, UINT64_SIZE, vgaMmioRegion} from './hmp-mtree.js';
import type {QemuMachine} from './machine.js';
import {aliasOf, container, emptyFlatViewText, flatViewText, mtreeText, region, type AddressSpaceView, type MemoryRegion} from './memory-region.js';
import {qdevTreeKnown} from './qdev-tree.js';

/** The class codes (base class, subclass) of the q35 board's functions with BARs. */
const VGA = 0x0300;
const NIC = 0x0200;
const SATA = 0x0106;
const SMBUS = 0x0c05;

/** q35's MMCONFIG window (MCH_HOST_BRIDGE_PCIEXBAR_DEFAULT, 256 buses) and the ICH9's RCRB (ICH9_LPC_RCBA_DEFAULT). */
const MMCONFIG = {base: 0xb0000000, size: 0x10000000};
const RCRB = {base: 0xfed1c000, size: 0x4000};

function firmwareRan(m: QemuMachine): boolean {
	return m.runstate !== 'prelaunch';
}

/** The BARs SeaBIOS mapped in the PCI window, each as the device's region (pci_update_mappings(): priority 1). */
function memoryBars(m: QemuMachine): MemoryRegion[] {
	const out: MemoryRegion[] = [];
	const bar = (cls: number, index: number, make: (start: number, size: number) => MemoryRegion) => {
		const b = pciBar(m, cls, index);
		if (b) out.push(make(b.start, b.size));
	};
	bar(VGA, 0, (start, size) => region('vga.vram', start, size, 'ram', 1));
	bar(VGA, 2, (start) => vgaMmioRegion(start));
	// e1000e_pci_realize(): the register BAR, a flash BAR with nothing behind it (a container, so
	// no flat range) and the MSI-X BAR holding its table (5 vectors) and pending bits.
	bar(NIC, 0, (start, size) => region('e1000e-mmio', start, size, 'i/o', 1));
	bar(NIC, 1, (start, size) => container('e1000e-flash', start, size, 1));
	bar(NIC, 3, (start, size) => container('e1000e-msix', start, size, 1, [region('msix-table', 0, 5 * 16, 'i/o'), region('msix-pba', 0x2000, 8, 'i/o')]));
	// ich9-ahci's ABAR (AHCI_MEM_BAR_SIZE)
	bar(SATA, 5, (start, size) => region('ahci', start, size, 'i/o', 1));
	return out;
}

export function q35SystemRegion(m: QemuMachine): MemoryRegion {
	const {layout, config} = m;
	const ran = firmwareRan(m);
	const pcRam = region('pc.ram', 0, config.memory.size, 'ram');
	const bios = region('pc.bios', 0x100000000 - BIOS_SIZE, BIOS_SIZE, 'rom');
	const pci = container('pci', 0, UINT64_SIZE, -1, [
		...(config.board.vga ? [region('vga-lowmem', 0xa0000, 0x20000, 'i/o', 1)] : []),
		region('pc.rom', 0xc0000, 0x20000, 'rom', 1),
		aliasOf('isa-bios', 0xe0000, 0x20000, bios, BIOS_SIZE - 0x20000, 1),
		...(ran ? memoryBars(m) : []),
		bios,
	]);
	const children: MemoryRegion[] = [aliasOf('ram-below-4g', 0, layout.below4g, pcRam, 0), pci];
	if (layout.above4g > 0) children.push(aliasOf('ram-above-4g', layout.above4gStart, layout.above4g, pcRam, layout.below4g));
	children.push(aliasOf('smram-region', 0xa0000, 0x20000, pci, 0xa0000, 1));
	children.push(...pamAliases(ran, pcRam, pci));
	if (ran) {
		children.push(kvmvapicRom(m, pcRam));
		// SeaBIOS's mch_mmconfig_setup() and ich9_lpc_pm setup: PCIEXBAR and RCBA enabled.
		children.push(region('pcie-mmcfg-mmio', MMCONFIG.base, MMCONFIG.size, 'i/o'));
	}
	children.push(region('ioapic', 0xfec00000, 0x1000, 'i/o'));
	children.push(region('hpet', 0xfed00000, 0x400, 'i/o'));
	if (ran) children.push(region('lpc-rcrb-mmio', RCRB.base, RCRB.size, 'i/o', 1));
	children.push(region('apic-msi', 0xfee00000, 0x100000, 'i/o', 4096));
	const deviceMemory = deviceMemoryRegion(m);
	if (deviceMemory) children.push(deviceMemory);
	return container('system', 0, UINT64_SIZE, 0, children);
}

/**
 * The `io` address space: the ISA ports, ICH9's PM block (ich9_pm_init(): events, control,
 * timer, GPE0, SMI and TCO, 128 bytes at PMBASE), the SMBus's I/O BAR (fixed at 0x700), the ACPI
 * hotplug blocks (memory hotplug only with DIMM slots; CPU hotplug 32 bytes in the legacy layout,
 * 12 once the guest's ACPI switched it), the PCI config ports with the LPC's reset control, and
 * the I/O BARs SeaBIOS assigned.
 */
export function q35IoRegion(m: QemuMachine, guestAcpi: boolean): MemoryRegion {
	const ran = firmwareRan(m);
	const r = (name: string, addr: number, size: number, priority = 0) => region(name, addr, size, 'i/o', priority);
	const pm = container('ich9-pm', ran ? 0x600 : 0, 0x80, 0, [
		r('acpi-evt', 0, 4), r('acpi-cnt', 4, 2), r('acpi-tmr', 8, 4), r('acpi-gpe0', 0x20, 0x10), r('acpi-smi', 0x30, 8), r('sm-tco', 0x60, 0x20),
	], {disabled: !ran});
	const ioBar = (cls: number, index: number, name: string) => {
		const b = pciBar(m, cls, index);
		return ran && b ? [r(name, b.start, b.size, 1)] : [];
	};
	// (memory_region_init_io() with unassigned_io_ops: it fills what its subregions leave)
	return region('io', 0, 0x10000, 'i/o', 0, [
		// (The PM block is added after the ISA devices: at the same address it comes first.)
		...(ran ? [] : [pm]),
		...isaPorts(m),
		...(ran ? [pm] : []),
		// (the SMBus BAR SeaBIOS's ich9_smbus_setup() moves to 0x700)
		...ioBar(SMBUS, 4, 'pm-smbus'),
		// acpi_memory_hotplug_init(): only with DIMM slots
		...(m.config.memory.slots > 0 ? [r('acpi-mem-hotplug', 0xa00, 0x18)] : []),
		r('acpi-pci-hotplug', 0xcc0, 0x18), r('acpi-cpu-hotplug', 0xcd8, guestAcpi ? 0xc : 0x20),
		r('pci-conf-idx', 0xcf8, 4), r('lpc-reset-control', 0xcf9, 1, 1), r('pci-conf-data', 0xcfc, 4), r('vmport', 0x5658, 1),
		...ioBar(NIC, 2, 'e1000e-io'),
		...ioBar(SATA, 4, 'ahci-idp'),
	]);
}

/**
 * The MCH's SMRAM (mch_realize()): `smram` is always enabled and holds smram-low, pc.ram behind
 * the VGA window, which SeaBIOS opens; each CPU's SMM address space is its own `memory`
 * container with smram over an alias of system memory.
 */
function q35SmmRoots(m: QemuMachine, system: MemoryRegion): MemoryRegion[] {
	// (pc.ram: what ram-below-4g, system's first subregion, shows.)
	const pcRam = system.subregions[0]!.alias!.target;
	const smramLow = {...aliasOf('smram-low', 0xa0000, 0x20000, pcRam, 0xa0000), disabled: !firmwareRan(m)};
	const smram = container('smram', 0, 0x100000000, 0, [smramLow]);
	return Array.from({length: m.config.smp}, () => container('memory', 0, UINT64_SIZE, 0, [
		aliasOf('smram', 0, 0x100000000, smram, 0, 1),
		aliasOf('memory', 0, UINT64_SIZE, system, 0),
	]));
}

interface BusMaster {
	name: string;
	root: MemoryRegion;
	/** The `bus master` alias is on: the address space renders system memory. */
	enabled: boolean;
}

/**
 * The PCI functions' bus-master address spaces, in the order the devices were created (the MCH,
 * the LPC bridge, AHCI, SMBus, then vl.c's VGA and NIC): each a container with a `bus master`
 * alias of system memory that PCI_COMMAND_MASTER enables. SeaBIOS sets it on the AHCI
 * controller; with no guest driver for the others (and no iPXE boot with -kernel) they stay off.
 */
function q35BusMasters(m: QemuMachine, system: MemoryRegion): BusMaster[] {
	const dev = m.config.board;
	const names = ['mch', 'ICH9-LPC', 'ich9-ahci', 'ICH9-SMB', ...(dev.vga ? ['VGA'] : []), ...(dev.nic ? ['e1000e'] : [])];
	return names.map((name) => {
		const enabled = name === 'ich9-ahci' && firmwareRan(m);
		const alias = {...aliasOf('bus master', 0, UINT64_SIZE, system, 0), disabled: !enabled};
		return {name, enabled, root: container('bus master container', 0, UINT64_SIZE, 0, [alias])};
	});
}

/**
 * The order memhp prints q35's address spaces in. Real QEMU iterates a GHashTable keyed by the
 * root regions' addresses (mtree_info_as()), so the order follows where the heap put them: it
 * changes from run to run and with the command line. In the lab's runs of q35 with its default
 * devices and a guest kernel (s63/mtree, 45 runs, -S or running) the MCH's, the SMM view,
 * memory and I/O came together and the e1000e's after them; memhp uses the most frequent order
 * (7 of 45): the LPC's, SMBus's, AHCI's and VGA's, that block, the e1000e's.
 */
const AS_ORDER = ['ICH9-LPC', 'ICH9-SMB', 'ich9-ahci', 'VGA', 'mch', 'cpu-smm', 'memory', 'I/O', 'e1000e'];

/** hmp_info_mtree() for q35: `info mtree` and `info mtree -f` (other flags are not simulated). */
export function infoMtreeQ35(m: QemuMachine, flags: string[]): string {
	const shown = `info mtree${flags.length ? ` ${flags.join(' ')}` : ''}`;
	// (other cards, drives or USB: the qdev model has no BARs for them)
	if (!qdevTreeKnown(m.config)) return `memhp: '${shown}' of a q35 machine with other graphics or network cards, drives or USB is not simulated\n`;
	const system = q35SystemRegion(m);
	const cpus = Array.from({length: m.config.smp}, (_, i) => `cpu-memory-${i}`);
	// (The guest's ACPI switches the CPU hotplug block as it boots, once the vCPUs run.)
	const io = q35IoRegion(m, m.hasGuest() && m.runstate !== 'prelaunch');
	const smm = q35SmmRoots(m, system);
	const masters = q35BusMasters(m, system);
	if (flags.length === 0) {
		const rank = (name: string) => AS_ORDER.indexOf(name.replace(/-\d+$/, ''));
		const spaces: (AddressSpaceView & {key: string})[] = [
			...smm.map((root, i) => ({key: 'cpu-smm', names: [`cpu-smm-${i}`], root})),
			// (one root, its address spaces' names sorted with strcmp)
			{key: 'memory', names: [...cpus, 'memory'].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), root: system},
			{key: 'I/O', names: ['I/O'], root: io},
			...masters.map((b) => ({key: b.name, names: [b.name], root: b.root})),
		];
		// (stable: the SMM views in CPU order)
		return mtreeText(spaces.sort((a, b) => rank(a.key) - rank(b.key)));
	}
	if (flags.length === 1 && flags[0] === '-f') {
		// One FlatView per distinct rendered root (address_space_get_flatview()), its address
		// spaces in creation order: memory, the CPUs', then the bus masters whose alias is on; the
		// others share the empty view. The views are numbered in a GHashTable's order of their
		// addresses, which changes from run to run; memhp uses the one the lab's q35 with -S and a
		// guest kernel showed in 28 of 30 runs (s63/mtree): I/O, memory, the empty view, SMM.
		const off = masters.filter((b) => !b.enabled);
		let n = 0;
		const views = [
			flatViewText(n++, ['I/O'], io),
			flatViewText(n++, ['memory', ...cpus, ...masters.filter((b) => b.enabled).map((b) => ({name: b.name, root: b.root.name}))], system),
			emptyFlatViewText(n++, off.map((b) => b.name), 'bus master container'),
			...smm.map((root, i) => flatViewText(n++, [`cpu-smm-${i}`], root)),
		];
		return views.join('');
	}
	return `memhp: '${shown}' is not simulated\n`;
}
