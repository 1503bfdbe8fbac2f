/**
 * The machine object at /machine (TYPE_PC_MACHINE: `pc-i440fx-7.2-machine`, or q35's) and the root's other
 * containers. memhp models the containers memory hotplug uses (/objects, /machine/peripheral,
 * /machine/peripheral-anon); the machine's other children exist as opaque objects so that path
 * lookups find them, and the machine's own properties are listed as QEMU 7.2 lists them.
 */
import {Container, MemoryRegionObject, OpaqueObject, QomObject, type PropertyInfo} from './qom.js';
import type {QemuConfig} from './qemu-command-line.js';

/**
 * What qom-get reads of a pc-i440fx-7.2 machine's own properties that -machine left alone (the
 * lab's 7.2, s56: `qom-get /machine P` for each): the class and instance defaults after pc_init1().
 */
const PC_DEFAULTS: Readonly<Record<string, unknown>> = {
	'dt-compatible': '', 'boot': {order: 'cad'}, 'confidential-guest-support': '', 'graphics': true, 'usb': false,
	'firmware': 'bios-256k.bin', 'memory-encryption': '', 'dump-guest-core': true, 'phandle-start': 0, 'dumpdtb': '',
	// (with -m alone the machine's RAM is the backend it creates: /objects/pc.ram)
	'memory-backend': '/objects/pc.ram', 'dtb': '', 'mem-merge': true, 'suppress-vmdesc': false, 'smm': 'auto', 'acpi': 'auto',
	'pit': 'auto', 'pic': 'auto', 'x-oem-table-id': 'BXPC    ', 'bus-lock-ratelimit': 0, 'sgx-epc': [], 'x-oem-id': 'BOCHS ',
	'max-fw-size': 8388608, 'default-bus-bypass-iommu': false, 'sata': true, 'vmport': 'on', 'i8042': true, 'hpet': true,
	'smbios-entry-point-type': '32', 'max-ram-below-4g': 0xe0000000, 'smbus': true, 'nvdimm': false, 'nvdimm-persistence': '',
	'cxl-fmw': [], 'hmat': false, 'cxl': false, 'pcspk-audiodev': '', 'kernel': '', 'initrd': '', 'append': '',
};

/** The machine's links to board devices: the type of the /machine/unattached device, and the child of it that is meant. */
const PC_LINKS: Readonly<Record<string, {type: string; child?: string}>> = {
	'rtc_state': {type: 'mc146818rtc'},
	'smram': {type: 'i440FX', child: 'smram[0]'},
	'acpi-device': {type: 'PIIX4_PM'},
};

/**
 * `qom-list /machine` of a pc-i440fx-7.2 machine as the real monitor prints it: its class
 * properties, then its own property table (instance properties and children) in the table's
 * iteration order. A child line is printed only while the child exists (device-memory[0] is
 * the device memory region, created only when maxmem is above the RAM size).
 */
const PC_I440FX_QOM_LIST: readonly PropertyInfo[] = [
	'type:string', 'kernel:string', 'dt-compatible:string', 'boot:BootConfiguration', 'memory:MemorySizeConfiguration',
	'initrd:string', 'confidential-guest-support:link<confidential-guest-support>', 'graphics:bool', 'usb:bool',
	'firmware:string', 'memory-encryption:string', 'smp:SMPConfiguration', 'dump-guest-core:bool', 'phandle-start:int',
	'dumpdtb:string', 'memory-backend:link<memory-backend>', 'dtb:string', 'mem-merge:bool', 'append:string',
	'suppress-vmdesc:bool', 'smm:OnOffAuto', 'acpi:OnOffAuto', 'pit:OnOffAuto', 'pic:OnOffAuto', 'x-oem-table-id:string',
	'bus-lock-ratelimit:uint64_t', 'sgx-epc:SgxEPC', 'x-oem-id:string', 'max-fw-size:size', 'default-bus-bypass-iommu:bool',
	'device-memory-region-size:int', 'sata:bool', 'vmport:OnOffAuto', 'i8042:bool', 'hpet:bool',
	'smbios-entry-point-type:str', 'max-ram-below-4g:size', 'smbus:bool', 'unattached:child', 'fw_cfg:child',
	'peripheral-anon:child', 'nvdimm:bool', 'peripheral:child', 'rtc_state:link<isa-device>', 'nvdimm-persistence:string',
	'device-memory[0]:child', 'smram:link<memory-region>', 'cxl-fmw:CXLFixedMemoryWindow', 'rtc-time:struct tm',
	'acpi-device:link<hotplug-handler>', 'hmat:bool', 'cxl:bool', 'pcspk-audiodev:str', 'i440fx:child',
].map((text) => ({name: text.slice(0, text.indexOf(':')), type: text.slice(text.indexOf(':') + 1)}));

/** The machine's properties (no children) as `qom-list /machine` types them: what `-machine` sets. */
export const PC_MACHINE_PROPERTIES: readonly PropertyInfo[] = PC_I440FX_QOM_LIST.filter((p) => p.type !== 'child');

export class PcMachineObject extends QomObject {
	/**
	 * `config`, the values -machine set (`set`: machinePropertyFromOption()'s) and the host's wall
	 * clock in seconds (the RTC's time) give the properties' values; without them (a bare machine
	 * object) they are not known.
	 */
	constructor(typeName: string, private readonly deviceMemory: {base: number; size: number}, private readonly config?: QemuConfig,
		private readonly set: ReadonlyMap<string, unknown> = new Map(), private readonly wallClock?: () => number) {
		super(typeName);
		this.addChild('unattached', new OpaqueObject('container'));
		this.addChild('fw_cfg', new OpaqueObject('fw_cfg_io'));
		if (deviceMemory.size > 0) {
			const region = new MemoryRegionObject(deviceMemory.size);
			region.addr = deviceMemory.base;
			this.addChild('device-memory[0]', region);
		}
		// The host bridge: pc_init1()'s i440fx, pc_q35_init()'s q35.
		if (typeName.startsWith('pc-q35-')) this.addChild('q35', new OpaqueObject('q35-pcihost'));
		else this.addChild('i440fx', new OpaqueObject('i440FX-pcihost'));
	}

	/**
	 * qom-get of one of the machine's own properties (not a child): what -machine (with -kernel,
	 * -initrd, -append, -nographic) set, the memory and smp configurations from -m and -smp
	 * (machine_get_mem(): slots and max-size only with slots), the device-memory region's size,
	 * the links to the board's devices, the RTC's broken-down UTC time; else the default.
	 * Undefined where memhp does not know it (a q35 machine, or no such property).
	 */
	propertyValue(name: string): unknown {
		const config = this.config;
		if (!config || !this.modelsProperties() || !PC_MACHINE_PROPERTIES.some((p) => p.name === name)) return undefined;
		if (this.set.has(name)) return this.set.get(name);
		switch (name) {
			case 'type': return this.typeName;
			case 'memory': {
				const m = config.memory;
				return m.slots ? {size: m.size, 'max-size': m.maxmem, slots: m.slots} : {size: m.size};
			}
			case 'smp': {
				const t = config.topology;
				return {cpus: t.cpus, sockets: t.sockets, dies: t.dies, clusters: t.clusters, cores: t.cores, threads: t.threads, maxcpus: t.maxCpus};
			}
			case 'device-memory-region-size': return this.deviceMemory.size;
			case 'rtc-time': {
				if (!this.wallClock) return undefined;
				const d = new Date(this.wallClock() * 1000);
				return {tm_year: d.getUTCFullYear() - 1900, tm_mon: d.getUTCMonth(), tm_mday: d.getUTCDate(), tm_hour: d.getUTCHours(), tm_min: d.getUTCMinutes(), tm_sec: d.getUTCSeconds()};
			}
		}
		const link = PC_LINKS[name];
		if (link) {
			const unattached = this.children.get('unattached');
			for (const device of unattached?.childList() ?? []) {
				if (device.typeName !== link.type) continue;
				const target = link.child ? device.children.get(link.child) : device;
				return target ? target.canonicalPath() : undefined;
			}
			return undefined;
		}
		return PC_DEFAULTS[name];
	}

	/** A q35 machine's property list was not recorded. */
	override modelsProperties(): boolean {
		return this.typeName === 'pc-i440fx-7.2-machine';
	}

	override qomList(): PropertyInfo[] {
		return PC_I440FX_QOM_LIST.flatMap((p) => {
			if (p.type !== 'child') return [p];
			const child = this.children.get(p.name);
			return child ? [{name: p.name, type: `child<${child.typeName}>`}] : [];
		});
	}

	override propertyList(): PropertyInfo[] {
		return [...PC_MACHINE_PROPERTIES];
	}
}

/**
 * The QOM root's /chardevs (the consoles' character devices); /backend comes with the first
 * text or graphics console (pc-composition.ts).
 */
export function addRootContainers(root: QomObject): void {
	root.addChild('chardevs', new Container());
}
