/**
 * The pc (i440FX) board's QOM composition tree below /machine and the root's /chardevs and
 * /backend, as pc_init1() and the console set-up build it in QEMU 7.2: the devices pc_init1()
 * creates without an id land in /machine/unattached as `device[N]` in creation order (the CPUs
 * first, the kvmvapic device right after CPU 0, whose APIC creates it), each with its memory
 * regions (`name[N]`, owner = the device), GPIO lines and buses; regions without an owner land in
 * /machine/unattached too. memhp does not model these objects' properties (they are opaque; a
 * region lists memory-region's, whose values only the RAM regions have), but their names and
 * types are known, so `info qom-tree` shows them and paths into them resolve.
 *
 * What changes the tree: the CPU count (every later device[N] moves), vl.c's default devices
 * (-nodefaults, -vga, -nic, -serial, -parallel), RAM above 4 GiB (`ram-above-4g`), DIMM slots
 * (the ACPI memory hotplug block), and two things the guest does: the firmware patching the
 * kvmvapic option ROM (`kvmvapic-rom`) and the guest's ACPI switching the CPU hotplug block to
 * its modern layout (a second `acpi-cpu-hotplug` region). Checked against the lab's 7.2 (lab
 * s38/qt, s38/qt2: 1 to 4 CPUs, 1G to 4G, with and without slots, -nodefaults, consoles).
 */
import type {QemuConfig} from './qemu-command-line.js';
import {Container, MemoryRegionObject, OpaqueObject, type QomObject} from './qom.js';
import {escapeRegionName} from './host-memory-backend.js';
import {ACPI_ROM_BLOBS} from './ram-block.js';

interface Part {
	name: string;
	type: string;
	children: Part[];
	/** A region memhp models (qom-get of container, addr, size, priority): its offset and size. */
	region?: {addr: number; size: number | bigint};
}

const part = (name: string, type: string, children: Part[] = []): Part => ({name, type, children});
/** `count` children `name[0]`..`name[count-1]` (memory_region_init's and qdev's "name[*]"). */
const indexed = (name: string, type: string, count = 1): Part[] => Array.from({length: count}, (_, i) => part(`${name}[${i}]`, type));
const mr = (name: string, count = 1): Part[] => indexed(name, 'memory-region', count);
const irq = (name: string, count = 1): Part[] => indexed(name, 'irq', count);
/** A PCI function's bus-master address space (pci_init_bus_master()). */
const busMaster = (): Part[] => [...mr('bus master container'), ...mr('bus master')];

function cpu(type: string): Part {
	return part('', type, [part('lapic', 'apic', mr('apic-msi')), ...mr('memory', 2), ...mr('smram')]);
}

/** The devices pc_init1() creates after the CPUs, in order, without those this board leaves out. */
function boardDevices(config: QemuConfig): Part[] {
	const b = config.board;
	const i8259 = () => part('', 'isa-i8259', [...mr('elcr'), ...mr('pic'), ...irq('unnamed-gpio-in', 8)]);
	const i8257 = () => part('', 'i8257', [...mr('dma-chan'), ...mr('dma-cont'), ...mr('dma-page', 2)]);
	const devices: (Part | undefined)[] = [
		part('', 'i440FX', [...busMaster(), ...mr('smram-low'), ...mr('smram-region'), ...mr('smram')]),
		part('', 'PIIX3', [...busMaster(), part('isa.0', 'ISA'), ...mr('piix3-reset-control')]),
		i8257(), i8257(),
		i8259(), i8259(),
		b.vga ? part('', 'VGA', [
			...mr('bochs dispi interface'), ...busMaster(), ...mr('edid'), ...mr('qemu extended regs'), ...mr('vbe'),
			...mr('vga ioports remapped'), ...mr('vga-lowmem'), ...mr('vga.mmio'), ...mr('vga.rom'), ...mr('vga.vram'), ...mr('vga', 5),
		]) : undefined,
		part('', 'hpet', [...mr('hpet'), ...irq('unnamed-gpio-in', 2)]),
		part('', 'mc146818rtc', [...mr('rtc-index'), ...mr('rtc')]),
		part('', 'isa-pit', [...mr('pit'), ...irq('unnamed-gpio-in')]),
		part('', 'isa-pcspk', mr('pcspk')),
		...Array.from({length: b.serialPorts}, () => part('', 'isa-serial', [part('serial', 'serial'), ...mr('serial')])),
		...Array.from({length: b.parallelPorts}, () => part('', 'isa-parallel', mr('parallel'))),
		part('', 'isa-fdc', [...mr('fdc', 2), part('floppy-bus.0', 'floppy-bus')]),
		b.floppy ? part('', 'floppy') : undefined,
		part('', 'i8042', [...mr('i8042-cmd'), ...mr('i8042-data'), ...irq('ps2-kbd-input-irq'), ...irq('ps2-mouse-input-irq'), part('ps2kbd', 'ps2-kbd'), part('ps2mouse', 'ps2-mouse')]),
		part('', 'vmport', mr('vmport')),
		part('', 'vmmouse'),
		part('', 'port92', mr('port92')),
		b.nic ? part('', 'e1000', [...busMaster(), ...mr('e1000-io'), ...mr('e1000-mmio'), ...mr('e1000.rom')]) : undefined,
		part('', 'piix3-ide', [...mr('bmdma', 2), ...busMaster(), part('ide.0', 'IDE'), part('ide.1', 'IDE'), ...mr('piix-bmdma-container'), ...mr('piix-bmdma', 2)]),
		b.cdrom ? part('', 'ide-cd') : undefined,
		part('', 'PIIX4_PM', [
			...mr('acpi-cnt'), ...mr('acpi-cpu-hotplug'), ...mr('acpi-evt'), ...mr('acpi-gpe0'),
			// acpi_memory_hotplug_init(): only with DIMM slots
			...(config.memory.slots > 0 ? mr('acpi-mem-hotplug') : []),
			...mr('acpi-pci-hotplug'), ...mr('acpi-tmr'), ...mr('apm-io'), ...busMaster(), part('i2c', 'i2c-bus'), ...mr('piix4-pm'), ...mr('pm-smbus'),
		]),
		// smbus_eeprom_init(): eight SPD EEPROMs on the PIIX4's SMBus
		...Array.from({length: 8}, () => part('', 'smbus-eeprom')),
	];
	return devices.filter((d): d is Part => d !== undefined);
}

/** The RAM aliases pc_memory_init() maps into system memory, and system memory itself. */
export interface RamMap {
	below4g: number;
	above4g: number;
	above4gStart: number;
}

const ramRegion = (name: string, addr: number, size: number | bigint): Part => ({...part(`${name}[0]`, 'memory-region'), region: {addr, size}});

/** /machine/unattached: the devices as device[N] and the regions created without an owner. */
function unattached(config: QemuConfig, ram: RamMap): Part[] {
	const cpuType = `${config.cpuModel}-x86_64-cpu`;
	const devices = [
		cpu(cpuType),
		// apic_common_realize(): the first APIC creates the (one) kvmvapic device
		part('', 'kvmvapic', mr('kvmvapic')),
		...Array.from({length: config.smp - 1}, () => cpu(cpuType)),
		...boardDevices(config),
	].map((d, i) => ({...d, name: `device[${i}]`}));
	return [
		...devices,
		...mr('ide', 4), ...mr('io'), ...mr('ioport80'), ...mr('ioportF0'), ...mr('isa-bios'),
		...irq('non-qdev-gpio', 28), ...mr('pc.bios'), ...mr('pc.rom'), ...mr('pci'),
		ramRegion('ram-below-4g', 0, ram.below4g), ...(ram.above4g > 0 ? [ramRegion('ram-above-4g', ram.above4gStart, ram.above4g)] : []),
		// (a 2^64-byte region reads as UINT64_MAX)
		part('sysbus', 'System'), ramRegion('system', 0, 2n ** 64n - 1n),
	];
}

/** The i440FX host bridge (/machine/i440fx): the IOAPIC, the PAM aliases, the config ports, PCI bus 0. */
function i440fxHost(): Part[] {
	return [
		part('ioapic', 'ioapic', [...mr('ioapic'), ...irq('unnamed-gpio-in', 24)]),
		// init_pam(): four aliases for each of the 13 PAM regions, two of them "pam-pci"
		...mr('pam-pci', 26), ...mr('pam-ram', 13), ...mr('pam-rom', 13),
		...mr('pci-conf-data'), ...mr('pci-conf-idx'), part('pci.0', 'PCI'),
	];
}

/** fw_cfg's DMA and I/O ports and the ACPI blobs' regions (memory_region_escape_name() of `/rom@<file>`). */
const FW_CFG: Part[] = [
	...ACPI_ROM_BLOBS.flatMap((b) => mr(escapeRegionName(`/rom@${b.file}`))),
	...mr('fwcfg.dma'), ...mr('fwcfg'),
];

function addParts(parent: QomObject, parts: Part[]): void {
	for (const p of parts) {
		if (p.region) {
			const region = new MemoryRegionObject(p.region.size);
			region.addr = p.region.addr;
			parent.addChild(p.name, region);
			continue;
		}
		// (a region's properties are memory-region's: qom-list them, memhp does not know their values)
		const child = p.type === 'memory-region' ? new MemoryRegionObject(0, false) : new OpaqueObject(p.type, true);
		parent.addChild(p.name, child);
		addParts(child, p.children);
	}
}

/** Fills the machine's opaque children and the root's console containers (an i440FX machine only). */
export function buildPcComposition(config: QemuConfig, root: QomObject, machine: QomObject, ram: RamMap): void {
	// (containers: qom-list shows their children, which are created in this order)
	const chardevs = root.children.get('chardevs');
	for (const c of config.board.chardevs) chardevs?.addChild(c.id, new ChardevObject(c.type, c.filename));
	// object_get_container("backend") happens with the first QemuConsole
	if (config.board.consoles > 0) {
		const backend = new Container();
		root.addChild('backend', backend);
		addParts(backend, indexed('console', 'qemu-console', config.board.consoles));
	}
	if (config.machineType === 'q35') return;
	const fill = (name: string, parts: Part[]) => {
		const obj = machine.children.get(name);
		if (!(obj instanceof OpaqueObject)) return;
		obj.childrenKnown = true;
		addParts(obj, parts);
	};
	fill('unattached', unattached(config, ram));
	fill('fw_cfg', FW_CFG);
	fill('i440fx', i440fxHost());
	// pc_memory_init(): the RAM aliases and the device-memory container go into system memory
	const unattachedObj = machine.children.get('unattached');
	const system = unattachedObj?.children.get('system[0]');
	for (const region of [unattachedObj?.children.get('ram-below-4g[0]'), unattachedObj?.children.get('ram-above-4g[0]'), machine.children.get('device-memory[0]')]) {
		if (region instanceof MemoryRegionObject) region.mapInto(system, region.addr);
	}
}

/** A character device in /chardevs: `info chardev` prints its filename. */
export class ChardevObject extends OpaqueObject {
	constructor(typeName: string, readonly filename: string | undefined) {
		super(typeName, true);
	}
}

/** A ChardevInfo of query-chardev (frontend-open: the serial ports and monitors have them open). */
export interface ChardevInfo {
	label: string;
	filename: string;
	'frontend-open': boolean;
}

/**
 * qmp_query_chardev(): /chardevs' children prepended to the list as they are walked, so last
 * first; not ok with a chardev whose filename memhp cannot know (a host pty: `unknown`).
 */
export function queryChardev(root: QomObject): {ok: true; list: ChardevInfo[]} | {ok: false; unknown: ChardevObject} {
	const devs = root.children.get('chardevs')?.childList().filter((c): c is ChardevObject => c instanceof ChardevObject) ?? [];
	const unknown = devs.find((d) => d.filename === undefined);
	if (unknown) return {ok: false, unknown};
	return {ok: true, list: devs.reverse().map((d) => ({label: d.name, filename: d.filename!, 'frontend-open': true}))};
}

/** A region one of the board's devices adds at run time, once. */
function addRegion(machine: QomObject, deviceType: string, name: string): void {
	const device = machine.children.get('unattached')?.childList().find((d) => d.typeName === deviceType);
	if (device instanceof OpaqueObject && !device.children.has(name)) device.addChild(name, new MemoryRegionObject(0, false));
}

/** vapic_map_rom_writable(): SeaBIOS ran the kvmvapic option ROM, which maps `kvmvapic-rom`. */
export function firmwareRan(machine: QomObject): void {
	addRegion(machine, 'kvmvapic', 'kvmvapic-rom[0]');
}

/** acpi_switch_to_modern_cphp(): the guest's ACPI selected the modern CPU hotplug interface. */
export function cpuHotplugModern(machine: QomObject): void {
	addRegion(machine, 'PIIX4_PM', 'acpi-cpu-hotplug[1]');
}
