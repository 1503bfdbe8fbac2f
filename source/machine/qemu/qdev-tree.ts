/**
 * The pc (i440FX) and q35 (MCH, ICH9) boards' qdev trees: their buses and the devices on them,
 * with each device's qdev properties, as `info qtree` (qdev-monitor.c qbus_print()/qdev_print())
 * and `info pci` (hmp_info_pci() over query-pci) show them in QEMU 7.2 (lab s62/qt*: the default
 * pc board, -nodefaults, -nic none, -vga none, more serial ports; s62/qtree-q35); and what the
 * guest's PCI scan finds of them once SeaBIOS is done (pciFirmwareView(), optionRomSizes()).
 *
 * A bus lists its devices newest first (bus_add_child() inserts at the head), a device its child
 * buses newest first; each device prints its GPIO lists, its class's properties, then its
 * parents' (down to TYPE_DEVICE), then what its bus adds (a sysbus device's MMIO regions, a PCI
 * function's class, address, ids and BARs). DIMMs are not there: pc-dimm has no bus, and
 * `info qtree` walks buses from main-system-bus (the lab's tree is the same after a device_add).
 *
 * The PCI BARs are where SeaBIOS put them (pci_setup()): I/O from 0xc000, memory in two regions
 * below the 32-bit window's end at 0xfec00000, the one with the smaller alignment on top
 * (pci_bios_init_root_regions_mem()), each filled in order of decreasing size; ROM BARs take
 * their room but stay disabled, which QEMU shows as unmapped (all ones).
 */
import type {PciFunctionConfig} from '../acpi.js';
import type {BoardDevices, QemuConfig} from './qemu-command-line.js';
import {VIRTIO_MEM_PCI_CLASS, VIRTIO_MEM_PCI_DEVICE, VIRTIO_MEM_PCI_VENDOR, VIRTIO_PCI_MODERN_BAR, type QtreeProp, type VirtIOMEMPCI} from './virtio-mem-pci.js';

/** A PCI BAR: index, I/O or memory, size, prefetchable. Index 6 is the expansion ROM. */
interface Bar {
	index: number;
	io: boolean;
	size: number;
	prefetch?: boolean;
	/** Where the firmware moves it after the allocation (SeaBIOS's ich9_smbus_setup(): the ICH9 SMBus at 0x700). */
	fixedAt?: number;
	/** Where SeaBIOS put it (assignBars()). */
	addr?: number;
	/** A 64-bit memory BAR. */
	mem64?: boolean;
	/** Not enabled (a hotplugged function no driver enabled): QEMU shows it unmapped (all ones). */
	unmapped?: boolean;
}

interface PciFunction {
	/** devfn: slot and function. */
	slot: number;
	fn: number;
	/** pci_class_descriptions[]'s name of the class, and the class code (base class, subclass) and programming interface. */
	className: string;
	classCode: number;
	progIf?: number;
	vendor: number;
	device: number;
	bars: Bar[];
	/** The interrupt pin SeaBIOS routed, and the IRQ line it wrote (pci_bios_init_device()). */
	irq?: number;
	/** romfile, its size (ROM_NONE without a ROM: -1 as a uint32), multifunction. */
	romfile: string;
	romsize: number;
	multifunction?: boolean;
	/** Subsystem vendor and id, when not QEMU's (the e1000e's are Intel's). */
	subsystem?: readonly [number, number];
	/** The interrupt pin without a line (a hotplugged function: pin A, line 0). */
	pinOnly?: boolean;
}

interface Device {
	type: string;
	/** qdev id (a device_add'ed one's). */
	id?: string;
	/** `gpio-in`/`gpio-out` lines: [in or out, name, count]. */
	gpios?: [string, string, number][];
	/** The class's own properties (already formatted `name = value`), then its parents'. */
	props: string[];
	pci?: PciFunction;
	/** Its PCIDevice properties, where they are not the board's defaults (pciProps()). */
	pciProps?: string[];
	/** A sysbus device's MMIO regions: [address, size]. */
	mmio?: [number, number][];
	buses?: Bus[];
}

interface Bus {
	name: string;
	type: string;
	/** In creation order; printed newest first. */
	devices: Device[];
}

/** serial_hds_isa_init() / parallel_hds_isa_init(): the ISA ports' standard I/O bases and IRQs (isa_serial_io, isa_serial_irq, isa_parallel_io). */
export const ISA_SERIAL_IO = [0x3f8, 0x2f8, 0x3e8, 0x2e8];
const ISA_SERIAL_IRQ = [4, 3, 4, 3];
export const ISA_PARALLEL_IO = [0x378, 0x278, 0x3bc];

/** The subsystem ids QEMU gives every PCI function of the pc board (PCI_SUBVENDOR_ID_REDHAT_QUMRANET, PCI_SUBDEVICE_ID_QEMU). */
const SUBSYSTEM = [0x1af4, 0x1100] as const;
const ROM_NONE = 0xffffffff;
/** The class codes of the classes on the board (include/hw/pci/pci_ids.h). */
const PCI_CLASS: Record<string, number> = {
	'IDE controller': 0x0101, 'SATA controller': 0x0106, 'Ethernet controller': 0x0200, 'VGA controller': 0x0300,
	'Host bridge': 0x0600, 'ISA bridge': 0x0601, Bridge: 0x0680, SMBus: 0x0c05,
};

/** The board: pc (i440FX, PIIX3/4) or q35 (MCH, ICH9), its optional devices, and the RAM split q35's host shows. */
export interface QdevBoard {
	machine: 'pc' | 'q35';
	devices: BoardDevices;
	below4g: number;
	above4g: number;
	/** PCI devices -device and device_add put on the root bus, in the order they came. */
	added?: readonly VirtIOMEMPCI[];
}

export function qdevBoard(config: QemuConfig, below4g: number, above4g: number, added: readonly VirtIOMEMPCI[] = []): QdevBoard {
	return {machine: config.machineType === 'q35' ? 'q35' : 'pc', devices: config.board, below4g, above4g, added};
}

/**
 * A virtio-mem-pci as qdev shows it: the proxy's properties and PCI function (class 0xff, which
 * has no name; the modern BAR enabled by SeaBIOS for a -device one, left off for a hotplugged
 * one until a reset, since no driver enabled it), and its virtio bus with the virtio-mem device on it.
 */
function virtioMemPciDevice(dev: VirtIOMEMPCI): Device {
	const props = dev.qtreeProps();
	const show = ([name, v]: QtreeProp): string => `${name} = ${typeof v === 'number' ? int(v) : typeof v === 'string' ? str(v) : v}`;
	return {
		type: dev.typeName,
		...(dev.id !== undefined ? {id: dev.id} : {}),
		props: props.proxy.map(show),
		pciProps: props.pci.map(show),
		pci: {
			slot: dev.devfn >> 3, fn: dev.devfn & 7, className: `Class ${hex(VIRTIO_MEM_PCI_CLASS, 4)}`, classCode: VIRTIO_MEM_PCI_CLASS,
			vendor: VIRTIO_MEM_PCI_VENDOR, device: VIRTIO_MEM_PCI_DEVICE, romfile: '', romsize: ROM_NONE,
			multifunction: dev.getProperty('multifunction') === true,
			// SeaBIOS routed a -device's interrupt and enabled its BAR; a hotplugged one's stays off until a reset
			...(dev.biosConfigured ? {irq: pirqLine(dev.devfn >> 3, 1)} : {pinOnly: true}),
			bars: [{index: VIRTIO_PCI_MODERN_BAR.index, io: false, size: VIRTIO_PCI_MODERN_BAR.size, prefetch: true, mem64: true, ...(dev.biosConfigured ? {} : {unmapped: true})}],
		},
		buses: [{name: 'virtio-bus', type: 'virtio-pci-bus', devices: [{type: 'virtio-mem', props: props.backend.map(show)}]}],
	};
}

/** A hotplugged function's config space as the guest's scan reads it (its BARs unassigned). */
export function hotplugFunctionConfig(dev: VirtIOMEMPCI): PciFunctionConfig {
	const f = virtioMemPciDevice(dev).pci as PciFunction;
	return {
		slot: f.slot, fn: f.fn, vendor: f.vendor, device: f.device, classCode: f.classCode << 8,
		bars: f.bars.map((b) => ({index: b.index, io: b.io, start: 0, size: b.size, prefetch: !!b.prefetch, mem64: b.mem64})),
		...(f.multifunction ? {multifunction: true} : {}),
	};
}

/** Where SeaBIOS put the BARs of the virtio-mem-pci functions it configured: [device, BAR start] for `info mtree`. */
export function configuredVirtioBars(board: QdevBoard): {dev: VirtIOMEMPCI; start: number}[] {
	const bars = new Map(rootBusDevices(board, false).flatMap((d) => (d.type === 'virtio-mem-pci' && d.pci ? [[d.pci.slot * 8 + d.pci.fn, d.pci.bars[0]!.addr ?? 0] as const] : [])));
	return (board.added ?? []).filter((d) => d.biosConfigured).map((dev) => ({dev, start: bars.get(dev.devfn) ?? 0}));
}

/** The root bus's functions as do_pci_register_device() sees them: devfn, QEMU's type name and qdev id. */
export function rootBusOccupants(board: QdevBoard): {devfn: number; name: string; id?: string; multifunction?: boolean}[] {
	return rootBusDevices(board).flatMap((d) => (d.pci ? [{
		devfn: d.pci.slot * 8 + d.pci.fn, name: d.type, ...(d.id !== undefined ? {id: d.id} : {}), ...(d.pci.multifunction ? {multifunction: true} : {}),
	}] : []));
}

/**
 * The root bus's devices in creation order: the board's, the added ones SeaBIOS configured at the
 * last start or reset (their BARs assigned with the board's), then those hotplugged since.
 */
function rootBusDevices(board: QdevBoard, withHotplugged = true): Device[] {
	const added = board.added ?? [];
	const configured = added.filter((d) => d.biosConfigured).map(virtioMemPciDevice);
	const base = board.machine === 'q35' ? q35Devices(board.devices) : pciDevices(board.devices, configured);
	return [...base, ...(withHotplugged ? added.filter((d) => !d.biosConfigured).map(virtioMemPciDevice) : [])];
}

const int = (v: number): string => (v < 0 ? `${v} (0x${(BigInt.asUintN(64, BigInt(v))).toString(16)})` : `${v} (0x${v.toString(16)})`);
/** A size property: the bytes, then size_to_str()'s "%0.3g" in the unit frexp() picks. */
const size = (v: number): string => {
	const exp = v ? Math.floor(Math.log2(v / (1000 / 1024))) + 1 : 0;
	const i = Math.trunc((exp - 1) / 10);
	const scaled = v / 2 ** (i * 10);
	return `${v} (${Number(scaled.toPrecision(3))} ${['', 'Ki', 'Mi', 'Gi', 'Ti'][i]}B)`;
};
const str = (v: string): string => `"${v}"`;

/** PCIDevice's own properties (pci_props), after the device class's. */
function pciProps(f: PciFunction): string[] {
	return [
		`addr = ${f.slot.toString(16).padStart(2, '0')}.${f.fn}`,
		`romfile = ${str(f.romfile)}`,
		`romsize = ${int(f.romsize)}`,
		'rombar = 1 (0x1)',
		`multifunction = ${f.multifunction ? 'true' : 'false'}`,
		'x-pcie-lnksta-dllla = true',
		'x-pcie-extcap-init = true',
		'failover_pair_id = ""',
		'acpi-index = 0 (0x0)',
	];
}

/** The block device properties of ide-cd and floppy (DEFINE_BLOCK_PROPERTIES and friends). */
function blockProps(drive: string, granularity: number): string[] {
	return [
		`drive = ${str(drive)}`,
		'backend_defaults = "auto"',
		`logical_block_size = ${size(512)}`,
		`physical_block_size = ${size(512)}`,
		`min_io_size = ${size(0)}`,
		`opt_io_size = ${size(0)}`,
		`discard_granularity = ${size(granularity)}`,
		'write-cache = "auto"',
		'share-rw = false',
		'account-invalid = "auto"',
		'account-failed = "auto"',
	];
}

/** The ISA devices pc_init1() and its helpers create, in creation order. */
function isaDevices(b: BoardDevices, machine: 'pc' | 'q35' = 'pc'): Device[] {
	const i8257 = (base: number, pageBase: number, dshift: number): Device => ({
		type: 'i8257',
		props: [`base = ${int(base)}`, `page-base = ${int(pageBase)}`, `pageh-base = ${int(-1)}`, `dshift = ${int(dshift)}`],
	});
	const i8259 = (master: boolean): Device => ({
		type: 'isa-i8259',
		gpios: [['in', '', 8], ['out', '', 1]],
		props: master
			? [`iobase = ${int(0x20)}`, `elcr_addr = ${int(0x4d0)}`, `elcr_mask = ${int(0xf8)}`, 'master = true']
			: [`iobase = ${int(0xa0)}`, `elcr_addr = ${int(0x4d1)}`, `elcr_mask = ${int(0xde)}`, 'master = false'],
	});
	const fdc: Device = {
		type: 'isa-fdc',
		props: [`iobase = ${int(0x3f0)}`, `irq = ${int(6)}`, `dma = ${int(2)}`, 'fdtypeA = "auto"', 'fdtypeB = "auto"', 'fallback = "288"'],
		buses: [{
			name: 'floppy-bus.0', type: 'floppy-bus',
			devices: b.floppy ? [{type: 'floppy', props: ['unit = 0 (0x0)', ...blockProps('floppy0', 0xffffffff), 'drive-type = "288"']}] : [],
		}],
	};
	return [
		i8257(0, 0x80, 0), i8257(0xc0, 0x88, 1),
		i8259(true), i8259(false),
		{type: 'mc146818rtc', gpios: [['out', '', 1]], props: [`base_year = ${int(0)}`, `iobase = ${int(0x70)}`, `irq = ${int(8)}`, 'lost_tick_policy = "discard"']},
		{type: 'isa-pit', gpios: [['in', '', 1], ['out', '', 1]], props: [`iobase = ${int(0x40)}`]},
		{type: 'isa-pcspk', props: ['audiodev = ""', `iobase = ${int(0x61)}`, 'migrate = true']},
		...Array.from({length: b.serialPorts}, (_, i): Device => ({type: 'isa-serial', props: [`index = ${int(i)}`, `iobase = ${int(ISA_SERIAL_IO[i]!)}`, `irq = ${int(ISA_SERIAL_IRQ[i]!)}`]})),
		...Array.from({length: b.parallelPorts}, (_, i): Device => ({type: 'isa-parallel', props: [`index = ${int(i)}`, `iobase = ${int(ISA_PARALLEL_IO[i]!)}`, `irq = ${int(7)}`, `chardev = ${str(`parallel${i}`)}`]})),
		// (q35 creates the floppy controller only for a floppy drive given on the command line)
		...(machine === 'pc' ? [fdc] : []),
		{
			type: 'i8042',
			gpios: [['in', 'ps2-mouse-input-irq', 1], ['in', 'ps2-kbd-input-irq', 1], ['out', '', 2], ['out', 'a20', 1]],
			props: ['extended-state = true', 'kbd-throttle = false', `kbd-irq = ${int(1)}`, `mouse-irq = ${int(12)}`],
		},
		{
			type: 'vmport',
			props: ['x-read-set-eax = true', 'x-signal-unsupported-cmd = true', 'x-report-vmx-type = true', 'x-cmds-v2 = true', `vmware-vmx-version = ${int(6)}`, `vmware-vmx-type = ${int(2)}`],
		},
		{type: 'vmmouse', props: []},
		{type: 'port92', gpios: [['out', 'a20', 1]], props: []},
	];
}

/** The PCI functions on pci.0, in creation order (pc_init1(), vl.c's default VGA and NIC). */
const fn = (slot: number, f: number, className: string, vendor: number, device: number, rest: Partial<PciFunction> = {}): PciFunction => ({
	slot, fn: f, className, classCode: PCI_CLASS[className]!, vendor, device, bars: [], romfile: '', romsize: ROM_NONE, ...rest,
});

/** vl.c's standard VGA in `slot`. */
function stdVga(slot: number): Device {
	return {
		type: 'VGA',
		props: [
			`vgamem_mb = ${int(16)}`, 'mmio = true', 'qemu-extended-regs = true', 'edid = true', `xres = ${int(1280)}`, `yres = ${int(800)}`,
			`xmax = ${int(0)}`, `ymax = ${int(0)}`, `refresh_rate = ${int(0)}`, 'global-vmstate = false',
		],
		pci: fn(slot, 0, 'VGA controller', 0x1234, 0x1111, {
			bars: [{index: 0, io: false, size: 16 << 20, prefetch: true}, {index: 2, io: false, size: 0x1000}, {index: 6, io: false, size: 0x10000}],
			romfile: 'vgabios-stdvga.bin', romsize: 0x10000,
		}),
	};
}

/** The ide-cd of the default CD-ROM drive. */
function ideCd(drive: string, serial: string): Device {
	return {
		type: 'ide-cd',
		props: [...blockProps(drive, 512), 'rerror = "auto"', 'werror = "auto"', 'ver = "2.5+"', 'wwn = 0 (0x0)', `serial = ${str(serial)}`, 'model = ""', 'unit = 0 (0x0)'],
	};
}

/** smbus_eeprom_init(): the eight SPD EEPROMs at 0x50-0x57. */
function spdBus(): Bus {
	return {name: 'i2c', type: 'i2c-bus', devices: Array.from({length: 8}, (_, i): Device => ({type: 'smbus-eeprom', props: [`address = ${int(0x50 + i)}`]}))};
}

/**
 * The q35 board's functions on pcie.0 (pc_q35_init(), ich9 devices at 00:1f), in creation
 * order: the MCH, the LPC bridge with the ISA devices, the AHCI controller with its six ports
 * (the CD-ROM on the third), the SMBus, then vl.c's VGA and NIC (an e1000e on q35) in the
 * first free slots. SeaBIOS routes slots 0-24 through PIRQ A-D rotated by the slot and 25-31
 * through PIRQ A (mch_pci_slot_get_irq()).
 */
function q35Devices(b: BoardDevices): Device[] {
	const mchIrq = (slot: number, pin: number) => [10, 10, 11, 11][(pin - 1 + (slot <= 24 ? slot : 0)) & 3]!;
	const mch: Device = {type: 'mch', props: [`extended-tseg-mbytes = ${int(16)}`, 'smbase-smram = true'], pci: fn(0, 0, 'Host bridge', 0x8086, 0x29c0)};
	const lpc: Device = {
		type: 'ICH9-LPC',
		gpios: [['out', 'gsi', 24]],
		props: ['noreboot = true', 'smm-compat = false', 'x-smi-broadcast = true', 'x-smi-cpu-hotplug = true', 'x-smi-cpu-hotunplug = true'],
		pci: fn(0x1f, 0, 'ISA bridge', 0x8086, 0x2918, {multifunction: true}),
		buses: [{name: 'isa.0', type: 'ISA', devices: isaDevices(b, 'q35')}],
	};
	const ahci: Device = {
		type: 'ich9-ahci', props: [],
		pci: fn(0x1f, 2, 'SATA controller', 0x8086, 0x2922, {
			bars: [{index: 4, io: true, size: 0x20}, {index: 5, io: false, size: 0x1000}], progIf: 0x01, irq: mchIrq(0x1f, 1), multifunction: true,
		}),
		buses: Array.from({length: 6}, (_, i): Bus => ({name: `ide.${i}`, type: 'IDE', devices: i === 2 && b.cdrom ? [ideCd('ide2-cd0', 'QM00005')] : []})),
	};
	const smb: Device = {
		type: 'ICH9-SMB', props: [],
		pci: fn(0x1f, 3, 'SMBus', 0x8086, 0x2930, {bars: [{index: 4, io: true, size: 0x40, fixedAt: 0x700}], irq: mchIrq(0x1f, 1), multifunction: true}),
		buses: [spdBus()],
	};
	const nicSlot = b.vga ? 2 : 1;
	const e1000e: Device = {
		type: 'e1000e',
		props: ['mac = "52:54:00:12:34:56"', 'netdev = "hub0port0"', `disable_vnet_hdr = ${int(0)}`, `subsys_ven = ${int(0x8086)}`, `subsys = ${int(0)}`, 'init-vet = true'],
		pci: fn(nicSlot, 0, 'Ethernet controller', 0x8086, 0x10d3, {
			bars: [{index: 0, io: false, size: 0x20000}, {index: 1, io: false, size: 0x20000}, {index: 2, io: true, size: 0x20}, {index: 3, io: false, size: 0x4000}, {index: 6, io: false, size: 0x40000}],
			irq: mchIrq(nicSlot, 1), romfile: 'efi-e1000e.rom', romsize: 0x40000, subsystem: [0x8086, 0x0000],
		}),
	};
	const devices = [mch, lpc, ahci, smb, ...(b.vga ? [stdVga(1)] : []), ...(b.nic ? [e1000e] : [])];
	assignBars(devices.flatMap((d) => (d.pci ? [d.pci] : [])));
	return devices;
}

function pciDevices(b: BoardDevices, cold: Device[] = []): Device[] {
	const i440fx: Device = {type: 'i440FX', props: [], pci: fn(0, 0, 'Host bridge', 0x8086, 0x1237)};
	const piix3: Device = {
		type: 'PIIX3', props: [],
		pci: fn(1, 0, 'ISA bridge', 0x8086, 0x7000, {multifunction: true}),
		buses: [{name: 'isa.0', type: 'ISA', devices: isaDevices(b)}],
	};
	const vga = stdVga(2);
	// The NIC takes the next free slot after the VGA's.
	const nicSlot = b.vga ? 3 : 2;
	const e1000: Device = {
		type: 'e1000',
		props: [
			'mac = "52:54:00:12:34:56"', 'netdev = "hub0port0"', 'autonegotiation = true', 'mitigation = true',
			'extra_mac_registers = true', 'migrate_tso_props = true', 'init-vet = true',
		],
		pci: fn(nicSlot, 0, 'Ethernet controller', 0x8086, 0x100e, {
			bars: [{index: 0, io: false, size: 0x20000}, {index: 1, io: true, size: 0x40}, {index: 6, io: false, size: 0x40000}],
			irq: pirqLine(nicSlot, 1), romfile: 'efi-e1000.rom', romsize: 0x40000,
		}),
	};
	const ide: Device = {
		type: 'piix3-ide', props: [],
		// (programming interface 0x80: legacy-mode channels with bus mastering)
		pci: fn(1, 1, 'IDE controller', 0x8086, 0x7010, {bars: [{index: 4, io: true, size: 0x10}], progIf: 0x80}),
		buses: [
			{name: 'ide.0', type: 'IDE', devices: []},
			{
				name: 'ide.1', type: 'IDE',
				devices: b.cdrom ? [ideCd('ide1-cd0', 'QM00003')] : [],
			},
		],
	};
	const pm: Device = {
		type: 'PIIX4_PM',
		gpios: [['out', 'smi-irq', 1], ['out', '', 1]],
		props: [
			`smb_io_base = ${int(0x700)}`, `disable_s3 = ${int(0)}`, `disable_s4 = ${int(0)}`, `s4_val = ${int(2)}`,
			'acpi-pci-hotplug-with-bridge-support = true', 'acpi-root-pci-hotplug = true', 'memory-hotplug-support = true',
			'smm-compat = false', 'smm-enabled = true', 'x-not-migrate-acpi-index = false',
		],
		// SeaBIOS's piix4_pm_setup() routes the SCI to IRQ 9.
		pci: fn(1, 3, 'Bridge', 0x8086, 0x7113, {irq: 9}),
		buses: [spdBus()],
	};
	const devices = [i440fx, piix3, ...(b.vga ? [vga] : []), ...(b.nic ? [e1000] : []), ide, pm, ...cold];
	assignBars(devices.flatMap((d) => (d.pci ? [d.pci] : [])));
	return devices;
}

/** SeaBIOS's piix PCI IRQ routing: PIRQ A-D on IRQs 10, 10, 11, 11, rotated by the slot less one (piix_pci_slot_get_irq()). */
function pirqLine(slot: number, pin: number): number {
	return [10, 10, 11, 11][(pin - 1 + slot - 1) & 3]!;
}

/**
 * pci_setup()'s root bus: I/O BARs from 0xc000, memory in a non-prefetchable and a prefetchable
 * region stacked below 0xfec00000 (the one whose largest BAR is smaller on top), each region's
 * BARs in order of decreasing size (equal sizes in devfn order), each aligned to its size.
 */
function assignBars(functions: PciFunction[]): void {
	// (pci_bios_check_devices() walks the functions in bus/devfn order)
	const scan = [...functions].sort((a, b) => a.slot * 8 + a.fn - (b.slot * 8 + b.fn));
	const entries = (pick: (b: Bar) => boolean) => scan.flatMap((f) => f.bars.filter(pick)).sort((x, y) => y.size - x.size);
	const fill = (list: Bar[], base: number) => {
		let at = base;
		for (const b of list) {
			at = Math.ceil(at / b.size) * b.size;
			b.addr = b.fixedAt ?? at;
			at += b.size;
		}
	};
	fill(entries((b) => b.io), 0xc000);
	const mem = entries((b) => !b.io && !b.prefetch);
	const pref = entries((b) => !b.io && !!b.prefetch);
	const sum = (l: Bar[]) => l.reduce((n, b) => n + b.size, 0);
	const align = (l: Bar[]) => (l.length ? l[0]!.size : 1);
	const alignDown = (v: number, a: number) => Math.floor(v / a) * a;
	let [top, below] = [pref, mem];
	if (align(mem) < align(pref)) [top, below] = [mem, pref];
	const topBase = alignDown(0xfec00000 - sum(top), align(top));
	fill(top, topBase);
	fill(below, alignDown(topBase - sum(below), align(below)));
}

/** The address QEMU shows for a BAR: where it was put, or all ones for a ROM the guest never enabled. */
function barAddress(b: Bar): bigint {
	return b.index === 6 || b.unmapped ? 0xffffffffffffffffn : BigInt(b.addr ?? 0);
}

/** `addr` first, then the rest of PCIDevice's properties (a device's own, or the board's defaults). */
function pciAddrAndProps(d: Device): string[] {
	const f = d.pci as PciFunction;
	const all = pciProps(f);
	return d.pciProps ? [all[0], ...d.pciProps] : all;
}

/** main-system-bus: the sysbus devices, in creation order. */
function systemBus(board: QdevBoard): Bus {
	const host: Device = board.machine === 'q35'
		? {
			type: 'q35-pcihost',
			props: [
				`MCFG = ${int(0xb0000000)}`, `pci-hole64-size = ${size(2 ** 35)}`, `short_root_bus = ${int(0)}`,
				`below-4g-mem-size = ${size(board.below4g)}`, `above-4g-mem-size = ${size(board.above4g)}`,
				'x-pci-hole64-fix = true', 'x-config-reg-migration-enabled = true', 'bypass-iommu = false',
			],
			buses: [{name: 'pcie.0', type: 'PCIE', devices: q35Devices(board.devices)}],
		}
		: {
			type: 'i440FX-pcihost',
			props: [`pci-hole64-size = ${size(2 ** 31)}`, `short_root_bus = ${int(0)}`, 'x-pci-hole64-fix = true', 'x-config-reg-migration-enabled = true', 'bypass-iommu = false'],
			buses: [{name: 'pci.0', type: 'PCI', devices: rootBusDevices(board)}],
		};
	return {
		name: 'main-system-bus', type: 'System',
		devices: [
			{type: 'kvmvapic', props: []},
			{type: 'fw_cfg_io', props: ['dma_enabled = true', `x-file-slots = ${int(32)}`, 'acpi-mr-restore = true']},
			host,
			{type: 'ioapic', gpios: [['in', '', 24]], props: [`version = ${int(0x20)}`], mmio: [[0xfec00000, 0x1000]]},
			{
				type: 'hpet', gpios: [['in', '', 2], ['out', '', 1], ['out', 'sysbus-irq', 32]],
				// (q35's HPET routes its timers to IRQ 2 or GSIs 16-23: hpet-intcap 0xff0104)
				props: [`timers = ${int(3)}`, 'msi = false', `hpet-intcap = ${int(board.machine === 'q35' ? 0xff0104 : 4)}`, 'hpet-offset-saved = true'], mmio: [[0xfed00000, 0x400]],
			},
			{type: 'ps2-kbd', gpios: [['out', '', 1]], props: []},
			{type: 'ps2-mouse', gpios: [['out', '', 1]], props: []},
		],
	};
}

const hex = (v: number | bigint, width = 0): string => v.toString(16).padStart(width, '0');

function printBus(bus: Bus, indent: number, out: string[]): void {
	const pad = ' '.repeat(indent);
	out.push(`${pad}bus: ${bus.name}`, `${pad}  type ${bus.type}`);
	for (const d of [...bus.devices].reverse()) printDevice(d, indent + 2, out);
}

function printDevice(d: Device, indent: number, out: string[]): void {
	const pad = ' '.repeat(indent + 2);
	out.push(`${' '.repeat(indent)}dev: ${d.type}, id "${d.id ?? ''}"`);
	for (const [dir, name, n] of d.gpios ?? []) out.push(`${pad}gpio-${dir} "${name}" ${n}`);
	for (const p of [...d.props, ...(d.pci ? pciAddrAndProps(d) : [])]) out.push(`${pad}${p}`);
	if (d.pci) {
		const f = d.pci;
		const [sv, sd] = f.subsystem ?? SUBSYSTEM;
		out.push(`${pad}class ${f.className}, addr 00:${hex(f.slot, 2)}.${f.fn}, pci id ${hex(f.vendor, 4)}:${hex(f.device, 4)} (sub ${hex(sv, 4)}:${hex(sd, 4)})`);
		for (const b of [...f.bars].sort((x, y) => x.index - y.index)) {
			const addr = barAddress(b);
			out.push(`${pad}bar ${b.index}: ${b.io ? 'i/o' : 'mem'} at 0x${hex(addr)} [0x${hex(BigInt.asUintN(64, addr + BigInt(b.size) - 1n))}]`);
		}
	}
	for (const [addr, len] of d.mmio ?? []) out.push(`${pad}mmio ${hex(addr, 16)}/${hex(len, 16)}`);
	for (const bus of [...(d.buses ?? [])].reverse()) printBus(bus, indent + 2, out);
}

/** Whether memhp knows this machine's qdev tree: pc or q35 with vl.c's standard VGA and default NIC. */
export function qdevTreeKnown(config: QemuConfig): boolean {
	return config.board.standardDevices && !config.board.drives && !config.usb;
}

/** A bus qbus_find() found: its name, its QOM type, whether it takes hotplugged devices. */
export interface FoundBus {
	name: string;
	type: string;
	hotpluggable: boolean;
}

/** The bus types' parents (TYPE_PCIE_BUS is a TYPE_PCI_BUS, TYPE_VIRTIO_PCI_BUS a TYPE_VIRTIO_BUS). */
const BUS_PARENT: Record<string, string> = {PCIE: 'PCI', 'virtio-pci-bus': 'virtio-bus'};

/** object_dynamic_cast() of a bus to `target` (a device class's bus_type; none casts to nothing). */
export function busIsA(type: string, target: string | undefined): boolean {
	for (let t: string | undefined = type; t !== undefined; t = BUS_PARENT[t]) if (t === target) return true;
	return false;
}

/** qbus_is_full(): a virtio bus takes one device (VirtioBusClass max_dev); the board's other buses have no limit. */
const busFull = (bus: Bus): boolean => busIsA(bus.type, 'virtio-bus') && bus.devices.length >= 1;

/** A bus's children as bus->children lists them (bus_add_child() inserts at the head: newest first); a device's child buses likewise. */
const children = (bus: Bus): Device[] => [...bus.devices].reverse();
const childBuses = (d: Device): Bus[] => [...(d.buses ?? [])].reverse();

/** qbus_find_recursive(): the first bus `match` takes that is not full, else the first one it takes. */
function findBusRecursive(bus: Bus, match: (b: Bus) => boolean): Bus | undefined {
	const matched = match(bus);
	if (matched && !busFull(bus)) return bus;
	let pick = matched ? bus : undefined;
	for (const dev of children(bus)) {
		for (const child of childBuses(dev)) {
			const found = findBusRecursive(child, match);
			if (found && !busFull(found)) return found;
			pick ??= found;
		}
	}
	return pick;
}

/** The bus's name, type and whether it takes hotplugged devices (qbus_is_hotpluggable()). */
function foundBus(bus: Bus): FoundBus {
	// pc's root bus has the PIIX4's ACPI PCI hotplug; q35's PCI Express root bus and the others
	// have no hotplug handler
	return {name: bus.name, type: bus.type, hotpluggable: bus.name === 'pci.0' && bus.type === 'PCI'};
}

/**
 * qdev_device_add() without `bus=`: the first bus of the device class's bus type that can take
 * another device (`No 'virtio-bus' bus found for device 'virtio-mem'` where none can).
 */
export function qbusFindByType(board: QdevBoard, type: string): FoundBus | undefined {
	const bus = findBusRecursive(systemBus(board), (b) => busIsA(b.type, type));
	return bus && !busFull(bus) ? foundBus(bus) : undefined;
}

/**
 * qbus_find() (qdev-monitor.c) for device_add's `bus=`: a bus name searched for from
 * main-system-bus, or a path of devices (by id, then type name) and their buses from it or from
 * `/`; a path that ends at a device takes its one child bus. Errors as QEMU words them, with the
 * hint HMP prints after the message (the bus's devices, a device's child buses).
 */
export function qbusFind(board: QdevBoard, path: string): {ok: true; bus: FoundBus} | {ok: false; error: string; errorClass?: string; hint?: string} {
	const root = systemBus(board);
	let bus: Bus | undefined;
	let pos = 0;
	const element = (): string => {
		const end = path.indexOf('/', pos);
		const elem = path.slice(pos, end < 0 ? path.length : end);
		pos += elem.length;
		return elem;
	};
	if (path.startsWith('/')) bus = root;
	else {
		const elem = element();
		bus = findBusRecursive(root, (b) => b.name === elem);
		if (!bus) return {ok: false, error: `Bus '${elem}' not found`};
	}
	const busHint = (dev: Device): string => `child buses at "${dev.id ?? dev.type}":${childBuses(dev).map((b, i) => `${i ? ', ' : ' '}"${b.name}"`).join('')}\n`;
	for (;;) {
		while (path[pos] === '/') pos++;
		if (pos >= path.length) break;
		const devName = element();
		const kids: Device[] = children(bus);
		const dev = kids.find((d) => d.id === devName) ?? kids.find((d) => d.type === devName);
		if (!dev) {
			const list = kids.map((d, i) => `${i ? ', ' : ' '}"${d.type}"${d.id !== undefined ? `/"${d.id}"` : ''}`).join('');
			return {ok: false, error: `Device '${devName}' not found`, errorClass: 'DeviceNotFound', hint: `devices at "${bus.name}":${list}\n`};
		}
		while (path[pos] === '/') pos++;
		if (pos >= path.length) {
			const own = dev.buses ?? [];
			if (own.length === 1) {
				bus = own[0]!;
				break;
			}
			return own.length
				? {ok: false, error: `Device '${devName}' has multiple child buses`, hint: busHint(dev)}
				: {ok: false, error: `Device '${devName}' has no child bus`};
		}
		const busName = element();
		bus = childBuses(dev).find((b) => b.name === busName);
		if (!bus) return {ok: false, error: `Bus '${busName}' not found`, hint: busHint(dev)};
	}
	if (busFull(bus)) return {ok: false, error: `Bus '${path}' is full`};
	return {ok: true, bus: foundBus(bus)};
}

/** `info qtree`. */
export function qtreeText(board: QdevBoard): string {
	const out: string[] = [];
	printBus(systemBus(board), 0, out);
	return `${out.join('\n')}\n`;
}

/** The root bus's functions in devfn order. */
function rootBusFunctions(board: QdevBoard, withHotplugged = true): {f: PciFunction; id?: string}[] {
	const devices = rootBusDevices(board, withHotplugged);
	return devices.flatMap((d) => (d.pci ? [{f: d.pci, id: d.id}] : [])).sort((a, b) => a.f.slot * 8 + a.f.fn - (b.f.slot * 8 + b.f.fn));
}

/**
 * What the guest's PCI scan reads from config space once SeaBIOS is done: each function's ids,
 * class (with its programming interface), the BARs and expansion ROM where pci_setup() put them
 * (the ROM's address is programmed, only not enabled), and the interrupt line it routed.
 */
export function pciFirmwareView(board: QdevBoard): PciFunctionConfig[] {
	return rootBusFunctions(board, false).map(({f}) => ({
		slot: f.slot, fn: f.fn, vendor: f.vendor, device: f.device,
		classCode: (f.classCode << 8) | (f.progIf ?? 0),
		bars: [...f.bars].sort((x, y) => x.index - y.index).map((b) => ({index: b.index, io: b.io, start: b.addr ?? 0, size: b.size, prefetch: !!b.prefetch || b.index === 6, ...(b.mem64 ? {mem64: true} : {})})),
		...(f.irq !== undefined ? {irq: f.irq} : {}),
	}));
}

/**
 * The option ROMs SeaBIOS copies into the 0xc0000 area, in order, as their size once run: the
 * VGA BIOS (vgabios-stdvga.bin, 39 KiB), the PCI devices' (the e1000's iPXE leaves 3.5 KiB),
 * then fw_cfg's (linuxboot_dma.bin with -kernel). Each starts on a 2 KiB boundary.
 */
export function optionRomSizes(board: BoardDevices, kernel: boolean): number[] {
	return [...(board.vga ? [0x9c00] : []), ...(board.nic ? [0xe00] : []), ...(kernel ? [0x600] : [])];
}

/** query-pci's PciDeviceInfo (qapi/pci.json, its fields in the schema's order). */
export interface PciDeviceInfo {
	bus: number;
	slot: number;
	function: number;
	class_info: {desc?: string; class: number};
	id: {device: number; vendor: number; subsystem: number; 'subsystem-vendor': number};
	irq?: number;
	irq_pin: number;
	qdev_id: string;
	regions: {bar: number; type: 'io' | 'memory'; address: number; size: number; prefetch?: boolean; mem_type_64?: boolean}[];
}

/** qmp_query_pci(): the root bus's functions in devfn order (pci.0 is the pc board's only bus). */
export function queryPci(board: QdevBoard): {bus: number; devices: PciDeviceInfo[]}[] {
	const devices = rootBusFunctions(board).map(({f, id}): PciDeviceInfo => ({
		bus: 0, slot: f.slot, function: f.fn,
		// (get_class_desc(): a class pci_class_descriptions[] does not name has no desc)
		class_info: {...(PCI_CLASS[f.className] !== undefined ? {desc: f.className} : {}), class: f.classCode},
		id: {device: f.device, vendor: f.vendor, subsystem: (f.subsystem ?? SUBSYSTEM)[1], 'subsystem-vendor': (f.subsystem ?? SUBSYSTEM)[0]},
		...(f.irq !== undefined ? {irq: f.irq} : f.pinOnly ? {irq: 0} : {}),
		irq_pin: f.irq !== undefined || f.pinOnly ? 1 : 0,
		qdev_id: id ?? '',
		regions: [...f.bars].sort((x, y) => x.index - y.index).map((b) => ({
			// (PCI_BAR_UNMAPPED is -1 in the int64 address)
			bar: b.index, type: b.io ? 'io' as const : 'memory' as const, address: b.index === 6 || b.unmapped ? -1 : b.addr ?? 0, size: b.size,
			...(b.io ? {} : {prefetch: !!b.prefetch, mem_type_64: !!b.mem64}),
		})),
	}));
	return [{bus: 0, devices}];
}

/** hmp_info_pci(): each function of each bus query-pci lists. */
export function pciText(buses: readonly {devices: readonly PciDeviceInfo[]}[]): string {
	let out = '';
	for (const d of buses.flatMap((b) => b.devices)) {
		out += `  Bus ${String(d.bus).padStart(2)}, device ${String(d.slot).padStart(3)}, function ${d.function}:\n`;
		// (hmp_info_pci_device(): a class without a name as "Class %04" PRId64, in decimal)
		out += `    ${d.class_info.desc ?? `Class ${String(d.class_info.class).padStart(4, '0')}`}: PCI device ${hex(d.id.vendor, 4)}:${hex(d.id.device, 4)}\n`;
		out += `      PCI subsystem ${hex(d.id['subsystem-vendor'], 4)}:${hex(d.id.subsystem, 4)}\n`;
		if (d.irq_pin) out += `      IRQ ${d.irq}, pin ${String.fromCharCode(64 + d.irq_pin)}\n`;
		for (const r of d.regions) {
			const addr = BigInt.asUintN(64, BigInt(r.address));
			const end = BigInt.asUintN(64, addr + BigInt(r.size) - 1n);
			out += r.type === 'io'
				? `      BAR${r.bar}: I/O at 0x${hex(addr, 4)} [0x${hex(end, 4)}].\n`
				: `      BAR${r.bar}: ${r.mem_type_64 ? 64 : 32} bit${r.prefetch ? ' prefetchable' : ''} memory at 0x${hex(addr, 8)} [0x${hex(end, 8)}].\n`;
		}
		out += `      id "${d.qdev_id}"\n`;
	}
	return out;
}
