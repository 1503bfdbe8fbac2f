/**
 * device_add / device-add for pc-dimm and nvdimm, following qmp_device_add → qdev_device_add_from_qdict
 * → device_set_realized: driver lookup, qdev_set_id (inserts into /machine/peripheral, so a
 * later failure leaves a tombstone there), property setting, pc_memory_pre_plug →
 * pc_dimm_pre_plug → memory_device_pre_plug, then pc_dimm_realize and the plug callbacks.
 */
import {ID_NOT_WELLFORMED, idWellformed} from './keyval.js';
import {HostMemoryBackend} from './host-memory-backend.js';
import {memoryDeviceGetFreeAddr, type DeviceMemoryState} from './memory-device.js';
import {NVDIMMDevice} from './nvdimm.js';
import {PCDIMMDevice, PC_DIMM_UNASSIGNED_SLOT, pcDimmCheckSlotRange, pcDimmGetFreeSlot} from './pc-dimm.js';
import {DEVICE_ALIASES, DEVICE_MODEL_NAMES} from './qemu-catalog.js';
import {resolvePath, type QomObject} from './qom.js';
import {qdictOrder} from './qdict-order.js';

/** Alignment of a RAM backend's region on an x86-64 Linux host (QEMU_VMALLOC_ALIGN, 2 MiB). */
export const MEMORY_BACKEND_ALIGN = 0x200000;

export interface DeviceAddContext {
	root: QomObject;
	peripheral: QomObject;
	peripheralAnon: QomObject;
	ramSlots: number;
	numaNodes: number;
	deviceMemory: () => DeviceMemoryState;
	/** The device-memory region's QOM object (/machine/device-memory[0]), what DIMMs map into. */
	deviceMemoryRegion: () => QomObject | undefined;
	usedSlots: () => ReadonlySet<number>;
	/** `-machine nvdimm=on` (NVDIMMState.is_enabled). */
	nvdimmEnabled: boolean;
	/** Counter for anonymous ids, like qdev_set_id's static anon_count. */
	nextAnonIndex: () => number;
}

type Result = {ok: true; dimm: PCDIMMDevice} | {ok: false; error: string; errorClass?: string};

/** qdev_get_device_class: resolve aliases, reject unknown names. */
export function lookupDeviceModel(driver: string): {ok: true; name: string} | {ok: false; error: string} {
	if (DEVICE_MODEL_NAMES.has(driver)) return {ok: true, name: driver};
	const alias = DEVICE_ALIASES.get(driver);
	if (alias) return {ok: true, name: alias};
	return {ok: false, error: `'${driver}' is not a valid device model name`};
}

/** object_resolve_link for memdev=: must name a memory-backend. */
function resolveMemdev(ctx: DeviceAddContext, path: string): {ok: true; backend: HostMemoryBackend} | {ok: false; error: string; errorClass?: string} {
	const typed: HostMemoryBackend[] = [];
	const walk = (obj: QomObject): void => {
		obj.forEachChild(child => {
			if (child instanceof HostMemoryBackend && (path.startsWith('/') ? child.canonicalPath() === path : child.name === path)) typed.push(child);
			walk(child);
		});
	};
	walk(ctx.root);
	if (typed.length > 1) return {ok: false, error: `Path '${path}' does not uniquely identify an object`};
	if (typed.length === 1) return {ok: true, backend: typed[0]};
	const any = resolvePath(ctx.root, path);
	if (any.object || any.ambiguous) return {ok: false, error: "Invalid parameter type for 'memdev', expected: memory-backend"};
	// object_resolve_link(): ERROR_CLASS_DEVICE_NOT_FOUND (the lab's QMP reply)
	return {ok: false, error: `Device '${path}' not found`, errorClass: 'DeviceNotFound'};
}

/**
 * Creates and realizes a pc-dimm or an nvdimm (`driver`) from `opts`. On success the DIMM is
 * realized with slot and addr assigned and its backend mapped; the caller plugs it.
 */
export function pcDimmDeviceAdd(ctx: DeviceAddContext, opts: Map<string, string>, driver: 'pc-dimm' | 'nvdimm' = 'pc-dimm'): Result {
	const id = opts.get('id');
	const dimm = driver === 'nvdimm' ? new NVDIMMDevice() : new PCDIMMDevice();
	// qdev_set_id: the child is added before any property is set
	let container: QomObject;
	let name: string;
	if (id !== undefined) {
		if (!ctx.peripheral.addChild(id, dimm)) return {ok: false, error: `Duplicate device ID '${id}'`};
		dimm.id = id;
		container = ctx.peripheral;
		name = id;
	} else {
		name = `device[${ctx.nextAnonIndex()}]`;
		ctx.peripheralAnon.addChild(name, dimm);
		container = ctx.peripheralAnon;
	}
	const fail = (error: string, errorClass?: string): Result => {
		container.deleteChild(name); // object_unparent: leaves a tombstone
		return {ok: false, error, ...(errorClass ? {errorClass} : {})};
	};

	const props = [...opts.keys()].filter((k) => k !== 'driver' && k !== 'id' && k !== 'bus');
	for (const key of qdictOrder(props)) {
		const value = opts.get(key) as string;
		if (key === 'memdev') {
			const memdev = resolveMemdev(ctx, value);
			if (!memdev.ok) return fail(memdev.error, memdev.errorClass);
			dimm.hostmem = memdev.backend;
			continue;
		}
		const error = dimm.parseProperty(key, value);
		if (error) return fail(error);
	}

	// pc_memory_pre_plug → pc_dimm_pre_plug
	if (dimm instanceof NVDIMMDevice && !ctx.nvdimmEnabled) return fail("nvdimm is not enabled: missing 'nvdimm' in '-M'");
	const rangeError = pcDimmCheckSlotRange(dimm.slot, ctx.ramSlots);
	if (rangeError) return fail(rangeError);
	const slot = pcDimmGetFreeSlot(dimm.slot === PC_DIMM_UNASSIGNED_SLOT ? undefined : dimm.slot, ctx.ramSlots, ctx.usedSlots());
	if (!slot.ok) return fail(slot.error);
	dimm.slot = slot.slot;
	// memory_device_pre_plug: get_memory_region (an nvdimm prepares its alias region there)
	// (pc machines from 2.2 on enforce aligned DIMMs: the alignment is the backend region's own)
	const align = dimm.hostmem?.regionAlign() ?? MEMORY_BACKEND_ALIGN;
	const regionError = dimm instanceof NVDIMMDevice ? dimm.prepareMemoryRegion(align) : dimm.hostmem ? undefined : "'memdev' property must be set";
	if (regionError || !dimm.hostmem) return fail(regionError ?? "'memdev' property must be set");
	const addr = memoryDeviceGetFreeAddr(ctx.deviceMemory(), dimm.addrBig ?? (dimm.addr || undefined), align, dimm.size);
	if (!addr.ok) return fail(addr.error);
	dimm.addr = addr.addr;
	// pc_dimm_realize: the node, then the memdev (the lab: node=1 with a busy memdev names the node)
	const nodes = ctx.numaNodes;
	if ((nodes > 0 && dimm.node >= nodes) || (!nodes && dimm.node)) {
		return fail(`'DIMM property node has value ${dimm.node}' which exceeds the number of numa nodes: ${nodes || 1}`);
	}
	if (dimm.hostmem.mapped) return fail(`can't use already busy memdev: ${dimm.hostmem.name}`);
	dimm.hostmem.mapped = true;
	// memory_device_plug(): the region goes into device memory at the DIMM's offset
	dimm.mappedRegion()?.mapInto(ctx.deviceMemoryRegion(), dimm.addr - ctx.deviceMemory().base);
	// pc_dimm_realize(): vmstate_register_ram() names the backend's RAMBlock (a DIMM has no qdev path)
	if (dimm.hostmem.ramBlock) dimm.hostmem.ramBlock.idstr = dimm.hostmem.regionName();
	dimm.realized = true;
	return {ok: true, dimm};
}

/** qemu_opts_from_qdict's id check for the "device" option list. */
export function checkDeviceId(opts: Map<string, string>): string | undefined {
	const id = opts.get('id');
	return id !== undefined && !idWellformed(id) ? ID_NOT_WELLFORMED : undefined;
}
