/**
 * nvdimm (hw/mem/nvdimm.c): a pc-dimm whose region is an alias of its backend minus the label
 * area at the end, aligned down to the backend's alignment, marked non-volatile. The pc machine
 * plugs it only with `-machine nvdimm=on`; hot-plug raises the NVDIMM GPE, which a guest without
 * the nfit driver (the goldens' initramfs has no modules) ignores; hot-unplug is refused.
 */
import {PCDIMMDevice, PC_DIMM_PROPERTIES} from './pc-dimm.js';
import {MemoryRegionObject, type PropertyInfo} from './qom.js';
import {qemuStrtosz} from './qemu-strtosz.js';
import {qapiBoolParse} from './keyval.js';

/** MIN_NAMESPACE_LABEL_SIZE: an NVDIMM label area is at least 128 KiB. */
const MIN_NAMESPACE_LABEL_SIZE = 128 * 1024;

/** `device_add nvdimm,help` (qdev_device_help), verbatim. */
export const NVDIMM_HELP = `nvdimm options:
  addr=<uint64>          -  (default: 0)
  label-size=<int>
  memdev=<link<memory-backend>>
  node=<uint32>          -  (default: 0)
  size=<uint64>
  slot=<int32>           -  (default: -1)
  unarmed=<bool>         -  (default: false)
  uuid=<QemuUUID>
`;

/** qom-list of an nvdimm: pc-dimm's class properties, nvdimm's, then `size`; the region child last. */
const NVDIMM_PROPERTIES: readonly PropertyInfo[] = [
	...PC_DIMM_PROPERTIES.filter((p) => p.name !== 'size'),
	{name: 'unarmed', type: 'bool'},
	{name: 'uuid', type: 'QemuUUID'},
	{name: 'label-size', type: 'int'},
	{name: 'size', type: 'uint64'},
];

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export class NVDIMMDevice extends PCDIMMDevice {
	labelSize = 0;
	unarmed = false;
	uuid = '00000000-0000-0000-0000-000000000000';
	/** Bytes of the backend the region shows (nvdimm_prepare_memory_region); set once prepared. */
	private pmemSize?: number;
	/** nvdimm_prepare_memory_region(): the alias of the backend without the label area (`nvdimm-memory[0]`). */
	region?: MemoryRegionObject;

	constructor() {
		super('nvdimm');
	}

	/** The nvdimm maps its alias, not the backend's region. */
	override mappedRegion(): MemoryRegionObject | undefined {
		return this.region;
	}

	override propertyList(): PropertyInfo[] {
		return [...NVDIMM_PROPERTIES];
	}

	/** The alias region's size: what device memory and `info memory-devices` count. */
	override get size(): number {
		return this.pmemSize ?? 0;
	}

	override getProperty(name: string): unknown {
		switch (name) {
			case 'label-size': return this.labelSize;
			case 'unarmed': return this.unarmed;
			case 'uuid': return this.uuid;
			default: return super.getProperty(name);
		}
	}

	override parseProperty(name: string, text: string): string | undefined {
		switch (name) {
			case 'label-size': {
				// nvdimm_set_label_size() refuses once the region exists, before parsing
				if (this.pmemSize !== undefined) return 'cannot change property value';
				const v = qemuStrtosz(text);
				if (!v.ok) return `Parameter 'label-size' expects size`;
				if (v.value < BigInt(MIN_NAMESPACE_LABEL_SIZE)) {
					return `Property '${this.typeName}.label-size' (0x${v.value.toString(16)}) is required at least 0x${MIN_NAMESPACE_LABEL_SIZE.toString(16)}`;
				}
				this.labelSize = Number(v.value);
				return undefined;
			}
			case 'uuid':
				// nvdimm_set_uuid(): settable at any time
				if (!UUID.test(text)) return `Property '${this.typeName}.uuid' has invalid value`;
				this.uuid = text.toLowerCase();
				return undefined;
			case 'unarmed': {
				if (this.realized) return super.parseProperty(name, text);
				const unarmed = qapiBoolParse(text);
				if (unarmed === undefined) return `Parameter 'unarmed' expects 'on' or 'off'`;
				this.unarmed = unarmed;
				return undefined;
			}
			default:
				return super.parseProperty(name, text);
		}
	}

	/**
	 * nvdimm_prepare_memory_region(), from memory_device_pre_plug's get_memory_region: the label
	 * takes the end of the backend and the rest is aligned down to the backend's alignment; an
	 * error text if nothing is left.
	 */
	prepareMemoryRegion(backendAlign: number): string | undefined {
		if (this.pmemSize !== undefined) return undefined;
		if (!this.hostmem) return "'memdev' property must be set";
		const size = BigInt(this.hostmem.size);
		const align = BigInt(backendAlign);
		const label = BigInt(this.labelSize);
		const pmem = size > label ? ((size - label) / align) * align : 0n;
		if (size <= label || pmem === 0n) {
			// QEMU prints the alignment where the message says "aligned PMEM"
			return `the size of memdev ${this.hostmem.name} (0x${size.toString(16)}) is too small to contain nvdimm label (0x${label.toString(16)}) and aligned PMEM (0x${align.toString(16)})`;
		}
		this.pmemSize = Number(pmem);
		this.region = new MemoryRegionObject(this.pmemSize);
		this.addChild('nvdimm-memory[0]', this.region);
		return undefined;
	}
}
