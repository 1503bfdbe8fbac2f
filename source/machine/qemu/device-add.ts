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
import {DEVICE_ALIASES, DEVICE_CATALOG_HELP, DEVICE_MODEL_NAMES} from './qemu-catalog.js';
import {resolvePath, type QomObject} from './qom.js';
import {qdictOrder} from './qdict-order.js';
import {VIRTIO_MEM_DEFAULT_BLOCK_SIZE, VirtIOMEMPCI} from './virtio-mem-pci.js';

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
	/** The root PCI bus's functions (devfn, QEMU's type name, qdev id), for a PCI device's slot. */
	pciFunctions: () => readonly PciBusFunction[];
	/** What warn_report() prints on the way (the monitor shows it). */
	warn?: (line: string) => void;
}

/** A function on the root PCI bus as do_pci_register_device() checks it. */
export interface PciBusFunction {
	devfn: number;
	name: string;
	id?: string;
	/** Its header's multifunction bit (QEMU_PCI_CAP_MULTIFUNCTION). */
	multifunction?: boolean;
}

type Result = {ok: true; dimm: PCDIMMDevice} | {ok: false; error: string; errorClass?: string};

let busTypes: Map<string, string> | undefined;
/**
 * A device class's bus_type as `device_add help` lists it ("name "virtio-mem-pci", bus PCI"); a
 * device on no bus (pc-dimm, nvdimm) has none.
 */
export function deviceBusType(name: string): string | undefined {
	busTypes ??= new Map([...DEVICE_CATALOG_HELP.matchAll(/^name "([^"]+)", bus ([^,\n]+)/gm)].map((m) => [m[1]!, m[2]!]));
	return busTypes.get(name);
}

/** qdev_get_device_class: resolve aliases, reject unknown names. */
export function lookupDeviceModel(driver: string): {ok: true; name: string} | {ok: false; error: string} {
	if (DEVICE_MODEL_NAMES.has(driver)) return {ok: true, name: driver};
	const alias = DEVICE_ALIASES.get(driver);
	if (alias) return {ok: true, name: alias};
	return {ok: false, error: `'${driver}' is not a valid device model name`};
}

/** object_set_link_property() for memdev=: empty clears the link, else it must name a memory-backend. */
function resolveMemdev(ctx: DeviceAddContext, path: string): {ok: true; backend?: HostMemoryBackend} | {ok: false; error: string; errorClass?: string} {
	if (path === '') return {ok: true};
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
	const inserted = insertDevice(ctx, dimm, id);
	if (!inserted.ok) return inserted;
	if (id !== undefined) dimm.id = id;
	const fail = inserted.fail as (error: string, errorClass?: string) => Result;

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

/**
 * qdev_set_id(): the device joins /machine/peripheral under its id (a duplicate is refused) or
 * /machine/peripheral-anon as device[N]; a later failure unparents it (leaving a tombstone).
 */
function insertDevice(ctx: DeviceAddContext, dev: QomObject, id: string | undefined): {ok: true; fail: (error: string, errorClass?: string) => {ok: false; error: string; errorClass?: string}} | {ok: false; error: string} {
	let container: QomObject;
	let name: string;
	if (id !== undefined) {
		if (!ctx.peripheral.addChild(id, dev)) return {ok: false, error: `Duplicate device ID '${id}'`};
		container = ctx.peripheral;
		name = id;
	} else {
		name = `device[${ctx.nextAnonIndex()}]`;
		ctx.peripheralAnon.addChild(name, dev);
		container = ctx.peripheralAnon;
	}
	return {
		ok: true,
		fail: (error, errorClass) => {
			container.deleteChild(name);
			return {ok: false, error, ...(errorClass ? {errorClass} : {})};
		},
	};
}

/**
 * do_pci_register_device()'s slot checks for a function on the root bus: the first free slot's
 * function 0 when no addr= was given; a taken devfn names its owner (a board device has no id:
 * glibc prints "(null)"); a hotplugged function beside an existing function 0 is refused, since
 * the guest would never see it; pci_init_multifunction()'s rule for a single-function device.
 */
function pciRegisterDevfn(functions: readonly PciBusFunction[], devfn: number, name: string, multifunction: boolean, hotplug: boolean): {ok: true; devfn: number} | {ok: false; error: string} {
	const at = (d: number) => functions.find((f) => f.devfn === d);
	if (devfn < 0) {
		for (let d = 0; d < 256; d += 8) if (!at(d)) return {ok: true, devfn: d};
		return {ok: false, error: `PCI: no slot/function available for ${name}, all in use or reserved`};
	}
	const slot = devfn >> 3;
	const taken = at(devfn);
	if (taken) return {ok: false, error: `PCI: slot ${slot} function ${devfn & 7} not available for ${name}, in use by ${taken.name},id=${taken.id ?? '(null)'}`};
	const f0 = at(slot << 3);
	if (f0 && hotplug) return {ok: false, error: `PCI: slot ${slot} function 0 already occupied by ${f0.name}, new func ${name} cannot be exposed to guest.`};
	// pci_init_multifunction()
	if ((devfn & 7) !== 0) {
		if (f0 && !f0.multifunction) return {ok: false, error: `PCI: single function device can't be populated in function ${slot.toString(16)}.${(devfn & 7).toString(16)}`};
	} else if (!multifunction) {
		const other = functions.find((f) => f.devfn >> 3 === slot);
		if (other) return {ok: false, error: `PCI: ${slot.toString(16)}.0 indicates single function, but ${slot.toString(16)}.${other.devfn & 7} is already populated.`};
	}
	return {ok: true, devfn};
}

type VirtioResult = {ok: true; dev: VirtIOMEMPCI} | {ok: false; error: string; errorClass?: string};

/**
 * device_add virtio-mem-pci: properties, then pc_virtio_md_pci_pre_plug() (memory_device_pre_plug():
 * the region, its alignment (the block size, at least the backend's) and address), the PCI slot
 * (do_pci_register_device()), virtio_mem_device_realize()'s checks (a busy backend, the NUMA
 * node, requested-size against the block size), and the plug: the backend's RAM mapped into
 * device memory at memaddr. ACPI PCI hotplug then tells the guest about the slot (the caller).
 */
export function virtioMemPciDeviceAdd(ctx: DeviceAddContext, opts: Map<string, string>, hotplug: boolean): VirtioResult {
	const dev = new VirtIOMEMPCI();
	const id = opts.get('id');
	const inserted = insertDevice(ctx, dev, id);
	if (!inserted.ok) return inserted;
	if (id !== undefined) dev.id = id;
	const {fail} = inserted;
	const props = [...opts.keys()].filter((k) => k !== 'driver' && k !== 'id' && k !== 'bus');
	for (const key of qdictOrder(props)) {
		const value = opts.get(key) as string;
		if (key === 'memdev') {
			const memdev = resolveMemdev(ctx, value);
			if (!memdev.ok) return fail(memdev.error, memdev.errorClass);
			dev.hostmem = memdev.backend;
			continue;
		}
		const error = dev.parseProperty(key, value);
		if (error) return fail(error);
	}
	// memory_device_pre_plug(): virtio_mem_get_memory_region(), then the free range
	if (!dev.hostmem) return fail("'memdev' property must be set");
	const align = Math.max(dev.effectiveBlockSize(), dev.hostmem.regionAlign());
	const addr = memoryDeviceGetFreeAddr(ctx.deviceMemory(), dev.memaddr || undefined, align, dev.size);
	if (!addr.ok) return fail(addr.error);
	dev.memaddr = addr.addr;
	// pci_qdev_realize() → do_pci_register_device()
	const devfn = pciRegisterDevfn(ctx.pciFunctions(), dev.devfn, dev.typeName, dev.getProperty('multifunction') === true, hotplug);
	if (!devfn.ok) return fail(devfn.error);
	dev.devfn = devfn.devfn;
	// virtio_mem_device_realize()
	if (dev.hostmem.mapped) return fail(`'memdev' property specifies a busy memdev: ${dev.hostmem.name}`);
	const nodes = ctx.numaNodes;
	if ((nodes > 0 && dev.node >= nodes) || (!nodes && dev.node)) {
		return fail(`'node' property has value '${dev.node}', which exceedsthe number of numa nodes: ${nodes || 1}`);
	}
	if (dev.blockSize && dev.blockSize < VIRTIO_MEM_DEFAULT_BLOCK_SIZE) {
		ctx.warn?.(`'block-size' property is smaller than the default block size (${VIRTIO_MEM_DEFAULT_BLOCK_SIZE / 0x100000} MiB)`);
	}
	if (dev.requestedSize % dev.effectiveBlockSize() !== 0) {
		return fail(`'requested-size' property has to be multiples of 'block-size' (0x${dev.effectiveBlockSize().toString(16)})`);
	}
	dev.blockSize = dev.effectiveBlockSize();
	dev.hostmem.mapped = true;
	dev.addRealizeChildren();
	dev.realized = true;
	dev.hotplugged = hotplug;
	dev.biosConfigured = !hotplug;
	// memory_device_plug()
	dev.hostmem.region?.mapInto(ctx.deviceMemoryRegion(), dev.memaddr - ctx.deviceMemory().base);
	// vmstate_register_ram(): the virtio bus names the block after its proxy's PCI address
	if (dev.hostmem.ramBlock) dev.hostmem.ramBlock.idstr = `0000:00:${(dev.devfn >> 3).toString(16).padStart(2, '0')}.${dev.devfn & 7}/${dev.hostmem.regionName()}`;
	return {ok: true, dev};
}

/** qemu_opts_from_qdict's id check for the "device" option list. */
export function checkDeviceId(opts: Map<string, string>): string | undefined {
	const id = opts.get('id');
	return id !== undefined && !idWellformed(id) ? ID_NOT_WELLFORMED : undefined;
}
