/**
 * The machine object at /machine (TYPE_PC_MACHINE: `pc-i440fx-7.2-machine`, or q35's) and the root's other
 * containers. memhp models the containers memory hotplug uses (/objects, /machine/peripheral,
 * /machine/peripheral-anon); the machine's other children exist as opaque objects so that path
 * lookups find them, and the machine's own properties are listed as QEMU 7.2 lists them.
 */
import {Container, MemoryRegionObject, OpaqueObject, QomObject, type PropertyInfo} from './qom.js';

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
	constructor(typeName: string, deviceMemory: {base: number; size: number}) {
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
