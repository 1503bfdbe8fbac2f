/**
 * pc-dimm (hw/mem/pc-dimm.c): the device `device_add pc-dimm,...` creates. Its qdev
 * properties (addr, node, slot, memdev) are set from strings like the string input visitor
 * does; pc_dimm_pre_plug picks a slot; pc_dimm_realize checks the backend and NUMA node.
 */
import type {HostMemoryBackend} from './host-memory-backend.js';
import {QomObject, type MemoryRegionObject, type PropertyInfo} from './qom.js';
import {qemuStrtoi64, qemuStrtou64} from './qemu-strtosz.js';

/** PC_DIMM_UNASSIGNED_SLOT */
export const PC_DIMM_UNASSIGNED_SLOT = -1;

/** `device_add pc-dimm,help` (qdev_device_help), verbatim. */
export const PC_DIMM_HELP = `pc-dimm options:
  addr=<uint64>          -  (default: 0)
  memdev=<link<memory-backend>>
  node=<uint32>          -  (default: 0)
  size=<uint64>
  slot=<int32>           -  (default: -1)
`;

/**
 * The properties with a getter only (DeviceState's type, parent_bus, hotplugged, hotpluggable;
 * the legacy-memdev string; pc-dimm's size): object_property_set() refuses them as "not
 * writable" before any setter could check `realized` (the lab: device_add hotpluggable=off,
 * qom-set of a DIMM's size).
 */
const GETTER_ONLY_PROPERTIES: ReadonlySet<string> = new Set(['type', 'parent_bus', 'hotplugged', 'hotpluggable', 'legacy-memdev', 'size']);

/** qom-list order for a pc-dimm, as the real monitor prints it (class props, then own "size"). */
export const PC_DIMM_PROPERTIES: readonly PropertyInfo[] = [
	{name: 'type', type: 'string'},
	{name: 'parent_bus', type: 'link<bus>'},
	{name: 'realized', type: 'bool'},
	{name: 'hotplugged', type: 'bool'},
	{name: 'hotpluggable', type: 'bool'},
	{name: 'memdev', type: 'link<memory-backend>'},
	{name: 'node', type: 'uint32'},
	{name: 'addr', type: 'uint64'},
	{name: 'legacy-memdev', type: 'str'},
	{name: 'slot', type: 'int32'},
	{name: 'size', type: 'uint64'},
];

export class PCDIMMDevice extends QomObject {
	/** qdev id (`id=`); undefined for anonymous devices (/machine/peripheral-anon/device[N]). */
	id?: string;
	addr = 0;
	/** An addr= above 2^53, kept exact for the error message (addr stays 0). */
	addrBig?: bigint;
	node = 0;
	slot = PC_DIMM_UNASSIGNED_SLOT;
	hostmem?: HostMemoryBackend;
	realized = false;
	/** Added with device_add after machine init (info memory-devices "hotplugged"). */
	hotplugged = true;

	constructor(typeName = 'pc-dimm') {
		super(typeName);
	}

	override propertyList(): PropertyInfo[] {
		return [...PC_DIMM_PROPERTIES];
	}

	/** What memory_device_plug() maps into the device-memory region: the backend's RAM. */
	mappedRegion(): MemoryRegionObject | undefined {
		return this.hostmem?.region;
	}

	/** The backend's region size (pc_dimm_get_size → memory_device_get_region_size). */
	get size(): number {
		return this.hostmem?.size ?? 0;
	}

	getProperty(name: string): unknown {
		switch (name) {
			case 'type': return this.typeName;
			case 'parent_bus': return '';
			case 'realized': return this.realized;
			case 'hotplugged': return this.hotplugged;
			case 'hotpluggable': return true;
			case 'memdev': return this.hostmem ? this.hostmem.canonicalPath() : '';
			case 'legacy-memdev': return this.hostmem ? this.hostmem.canonicalPath() : '';
			case 'node': return this.node;
			case 'addr': return this.addr;
			case 'slot': return this.slot;
			case 'size': return this.size;
			default: return undefined;
		}
	}

	hasProperty(name: string): boolean {
		return this.propertyList().some((p) => p.name === name);
	}

	/**
	 * device_add's visit of addr/node/slot: 7.2's qdev_device_add_from_qdict() visits the options
	 * with the keyval flavour of the QObject input visitor, whose integer parse error is "expects
	 * integer" (the lab: slot=x, node=x); the range checks of the narrower types follow. (A qom-set
	 * of a realized DIMM is refused before any parse, a getter-only property before that.)
	 * memdev is handled by the caller. Returns an error text or undefined.
	 */
	parseProperty(name: string, text: string): string | undefined {
		if (GETTER_ONLY_PROPERTIES.has(name)) return `Property '${this.typeName}.${name}' is not writable`;
		if (this.realized) return `Attempt to set property '${name}' on device '${this.id ?? ''}' (type '${this.typeName}') after it was realized`;
		switch (name) {
			case 'addr': {
				const v = qemuStrtou64(text);
				if (!v.ok) return `Parameter 'addr' expects integer`;
				// Above 2^53 a guest-physical address cannot be inside device memory (phys-bits <= 52),
				// but memory_device_get_free_addr() still has to print it exactly.
				this.addrBig = v.value > BigInt(Number.MAX_SAFE_INTEGER) ? v.value : undefined;
				this.addr = this.addrBig === undefined ? Number(v.value) : 0;
				return undefined;
			}
			case 'node': {
				const v = qemuStrtou64(text);
				if (!v.ok) return `Parameter 'node' expects integer`;
				if (v.value > 0xffffffffn) return `Parameter 'node' expects uint32_t`;
				this.node = Number(v.value);
				return undefined;
			}
			case 'slot': {
				const v = qemuStrtoi64(text);
				if (!v.ok) return `Parameter 'slot' expects integer`;
				if (v.value > 0x7fffffffn || v.value < -0x80000000n) return `Parameter 'slot' expects int32_t`;
				this.slot = Number(v.value);
				return undefined;
			}
			default:
				return `Property '${this.typeName}.${name}' not found`;
		}
	}
}

/**
 * pc_dimm_get_free_slot: the requested slot if free, else the lowest free one among
 * realized DIMMs. Errors are QEMU's (including its "where" typo).
 */
export function pcDimmGetFreeSlot(hint: number | undefined, maxSlots: number, used: ReadonlySet<number>): {ok: true; slot: number} | {ok: false; error: string} {
	if (maxSlots <= 0) return {ok: false, error: "no slots where allocated, please specify the 'slots' option"};
	if (hint !== undefined) {
		if (hint >= maxSlots) return {ok: false, error: `invalid slot# ${hint}, should be less than ${maxSlots}`};
		if (used.has(hint)) return {ok: false, error: `slot ${hint} is busy`};
		return {ok: true, slot: hint};
	}
	for (let slot = 0; slot < maxSlots; slot++) if (!used.has(slot)) return {ok: true, slot};
	return {ok: false, error: 'no free slots available'};
}

/** pc_dimm_pre_plug's range check; ram_slots - 1 is printed as uint64 (wraps when 0). */
export function pcDimmCheckSlotRange(slot: number, ramSlots: number): string | undefined {
	if ((slot < 0 || slot >= ramSlots) && slot !== PC_DIMM_UNASSIGNED_SLOT) {
		const last = ramSlots === 0 ? '18446744073709551615' : String(ramSlots - 1);
		return `invalid slot number ${slot}, valid range is [0-${last}]`;
	}
	return undefined;
}
