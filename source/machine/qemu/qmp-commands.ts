/**
 * The QMP-shaped command layer: each command returns `{return: data}` or
 * `{error: {class, desc}}` where desc is exactly what HMP prints after "Error: ".
 * Data shapes follow the QAPI schema (query-memdev, query-memory-devices, ...).
 */
import {VirtIOMEMBackend, VirtIOMEMPCI} from './virtio-mem-pci.js';
import {HostMemoryBackend} from './host-memory-backend.js';
import type {QemuMachine} from './machine.js';
import {QmpError} from './qmp-error.js';
import {visitBackendValue, type OptionValue} from './object-add.js';
import {qapiBoolParse} from './keyval.js';
import {NVDIMMDevice} from './nvdimm.js';
import {PCDIMMDevice} from './pc-dimm.js';
import {PcMachineObject} from './pc-machine.js';
import {MemoryRegionObject, resolvePath, type QomObject} from './qom.js';
import {qemuStrtosz} from './qemu-strtosz.js';
import {queryCpusFast, queryHotpluggableCpus} from './cpus.js';
import {queryChardev} from './pc-composition.js';
import {infoRoms, ramBlockDump} from './ram-block.js';
import {queryBlock, queryMice} from './device-views.js';
import {qdevTreeKnown, queryPci} from './qdev-tree.js';
import {DEVICE_MODEL_NAMES, USER_CREATABLE_TYPES} from './qemu-catalog.js';

export type QmpResponse = {return: unknown} | {error: {class: string; desc: string}};

/** QEMU_VERSION and QEMU_PKGVERSION of the recorded Debian build. */
export const QEMU_VERSION = {major: 7, minor: 2, micro: 22};
export const QEMU_PKGVERSION = 'Debian 1:7.2+dfsg-7+deb12u18+b3';

const toOptions = (args: Record<string, unknown>): Map<string, OptionValue> => new Map(Object.entries(args) as Array<[string, OptionValue]>);

/** object_resolve_path for qom-* commands, with QEMU's "Device '%s' not found". */
function resolveQom(m: QemuMachine, path: string): QomObject {
	const {object, opaque} = resolvePath(m.root, path);
	if (opaque) throw notModelled(`'${path}' (below ${opaque.canonicalPath()})`);
	if (!object) throw new QmpError(`Device '${path}' not found`, 'DeviceNotFound');
	return object;
}

/** What memhp says about an object (or a property of one) real QEMU has but memhp does not model. */
function notModelled(what: string): QmpError {
	return new QmpError(`memhp: ${what} is not simulated`);
}

/**
 * A property qom-get/qom-set has no value for: real QEMU has it when the object's property list
 * names it or memhp does not model the object at all; otherwise QEMU's "not found".
 */
function unknownProperty(obj: QomObject, property: string): QmpError {
	if (!obj.modelsProperties() || obj.propertyList().some((p) => p.name === property)) {
		return notModelled(`property '${property}' of ${obj.canonicalPath()}`);
	}
	return new QmpError(`Property '${obj.typeName}.${property}' not found`);
}

function qomList(m: QemuMachine, path: string): unknown {
	const obj = resolveQom(m, path);
	if (!obj.modelsProperties()) throw notModelled(`qom-list of ${obj.canonicalPath()}`);
	return obj.qomList();
}

function qomGet(m: QemuMachine, path: string, property: string): unknown {
	const obj = resolveQom(m, path);
	if (obj instanceof MemoryRegionObject && !obj.valuesKnown && property !== 'type' && obj.hasProperty(property)) throw notModelled(`property '${property}' of ${obj.canonicalPath()}`);
	if (obj instanceof HostMemoryBackend || obj instanceof PCDIMMDevice || obj instanceof MemoryRegionObject || obj instanceof VirtIOMEMPCI || obj instanceof VirtIOMEMBackend) {
		if (obj.hasProperty(property)) return obj.getProperty(property);
	} else if (obj instanceof PcMachineObject) {
		const value = obj.propertyValue(property);
		if (value !== undefined) return value;
		if (property === 'type') return obj.typeName;
	} else if (property === 'type') {
		return obj.typeName;
	}
	const child = obj.children.get(property);
	if (child) return child.canonicalPath();
	throw unknownProperty(obj, property);
}

/** qom-set with a string value (HMP without -j) parsed for the property's type. */
/**
 * qmp_device_add() in 7.2 ('gen': false, so no generated type checks): qemu_opts_from_qdict()
 * turns the arguments into QemuOpts, a string per scalar (qnum_to_string(), "on"/"off" for a
 * bool), drops arrays and objects, and takes `id` only when it is a string (an `id: 5` adds
 * a device without one). The properties are then parsed from those strings, as for HMP.
 */
function qemuOptsFromQdict(args: Record<string, unknown>): Map<string, string> {
	const opts = new Map<string, string>();
	for (const [key, v] of Object.entries(args)) {
		if (typeof v === 'string') opts.set(key, v);
		else if (key === 'id') continue;
		else if (typeof v === 'number') opts.set(key, Number.isInteger(v) ? String(v) : qnumDoubleToString(v));
		else if (typeof v === 'boolean') opts.set(key, v ? 'on' : 'off');
	}
	return opts;
}

/** qnum_to_string() of a double: "%.17g". */
function qnumDoubleToString(v: number): string {
	const text = v.toPrecision(17);
	// %g drops trailing zeros and uses an exponent below 1e-4 or from 1e17
	const [mant, exp] = text.includes('e') ? text.split('e') : [text, undefined];
	const trimmed = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
	if (exp === undefined) return trimmed;
	const e = Number(exp);
	return `${trimmed}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/**
 * qom-set: QMP's sets the property from the JSON value with a strict QObject input visitor
 * (object_property_set_qobject(): a bool property wants true or false), HMP's parses the text
 * with the string input visitor (object_property_parse(): `on`, `1G`, ...).
 */
export function qomSet(m: QemuMachine, path: string, property: string, value: unknown, parse = false): void {
	const obj = resolveQom(m, path);
	// Every object's `type` (TYPE_OBJECT's) has a getter only (the lab s49/r35 e12: the machine's).
	if (property === 'type') throw new QmpError(`Property '${obj.typeName}.type' is not writable`);
	if (obj instanceof HostMemoryBackend) {
		if (!obj.hasProperty(property)) throw new QmpError(`Property '${obj.typeName}.${property}' not found`);
		const error = obj.setProperty(property, parse ? coerce(property, value, obj) : typed(property, value, obj));
		if (error) throw new QmpError(error);
		return;
	}
	if (obj instanceof PCDIMMDevice) {
		if (!obj.hasProperty(property)) throw new QmpError(`Property '${obj.typeName}.${property}' not found`);
		if (property === 'realized') throw notModelled(`qom-set of a realized device's 'realized' (unplugging it under the guest; device_del does that)`);
		// The property's setter: getter-only ones are not writable, qdev properties refuse a
		// realized device, nvdimm's uuid is settable at any time and its label-size until the
		// region exists.
		const error = obj.parseProperty(property, String(value));
		if (error) throw new QmpError(error);
		return;
	}
	if (obj instanceof VirtIOMEMPCI || obj instanceof VirtIOMEMBackend) {
		if (!obj.hasProperty(property)) throw new QmpError(`Property '${obj.typeName}.${property}' not found`);
		if (property === 'realized') throw notModelled(`qom-set of a realized device's 'realized'`);
		const error = obj.parseProperty(property, String(value), parse ? 'string' : 'keyval');
		if (error) throw new QmpError(error);
		return;
	}
	// a memory region's properties have getters only
	if (obj instanceof MemoryRegionObject && obj.hasProperty(property)) throw new QmpError(`Property '${obj.typeName}.${property}' is not writable`);
	throw unknownProperty(obj, property);
}

/** The strict QObject input visitor's check of a JSON value for a backend property. */
function typed(property: string, value: unknown, backend: HostMemoryBackend): unknown {
	// (size and hugetlbsize refuse in the setter, before visiting, once the memory exists)
	if (backend.mrInited && (property === 'size' || property === 'hugetlbsize')) return 0;
	const visited = visitBackendValue(property, value as OptionValue);
	if (!visited.ok) throw new QmpError(visited.error);
	return visited.value;
}

/** String input visitor conversions for backend properties. */
function coerce(property: string, value: unknown, backend: HostMemoryBackend): unknown {
	if (typeof value !== 'string') return value;
	switch (property) {
		case 'size': case 'hugetlbsize': {
			if (backend.mrInited) return 0; // the setter refuses before parsing
			const parsed = qemuStrtosz(value);
			if (!parsed.ok) throw new QmpError(`Parameter '${property}' expects a size value`);
			return Number(parsed.value);
		}
		case 'prealloc-threads': {
			const n = Number(value);
			if (!Number.isInteger(n) || n < 0) throw new QmpError(`Parameter 'prealloc-threads' expects a uint64 value`);
			return n;
		}
		case 'host-nodes':
			return value.split(',').filter(Boolean).map(Number);
		case 'policy':
			if (!['default', 'preferred', 'bind', 'interleave'].includes(value)) throw new QmpError(`Parameter 'policy' does not accept value '${value}'`);
			return value;
		default: {
			const parsed = qapiBoolParse(value);
			if (parsed === undefined) throw new QmpError(`Parameter '${property}' expects 'on' or 'off'`);
			return parsed;
		}
	}
}

/** query-memdev: QAPI_LIST_PREPEND over object_child_foreach of /objects → reversed order. */
export function queryMemdev(m: QemuMachine): unknown[] {
	return m.backends().reverse().map((b) => ({
		id: b.name,
		size: b.size,
		merge: b.merge,
		dump: b.dump,
		prealloc: b.prealloc,
		share: b.share,
		reserve: b.reserve,
		'host-nodes': [...b.hostNodes],
		policy: b.policy,
	}));
}

export function queryMemoryDevices(m: QemuMachine): unknown[] {
	return m.memoryDevices().map((d) => {
		if (d instanceof VirtIOMEMPCI) {
			// VirtioMEMDeviceInfo, its members in the schema's order
			return {type: 'virtio-mem', data: {
				...(d.id !== undefined ? {id: d.id} : {}), memaddr: d.memaddr, 'requested-size': d.requestedSize, size: d.plugged,
				'max-size': d.size, 'block-size': d.effectiveBlockSize(), node: d.node, memdev: d.hostmem?.canonicalPath() ?? '',
			}};
		}
		// Members in PCDIMMDeviceInfo order; `id` only when the device has one. Assigned one by
		// one: a conditional object spread per device is the slow path with hundreds of DIMMs.
		const data: Record<string, unknown> = {};
		if (d.id !== undefined) data.id = d.id;
		data.addr = d.addr;
		data.slot = d.slot;
		data.node = d.node;
		data.size = d.size;
		data.memdev = d.hostmem?.canonicalPath() ?? '';
		data.hotplugged = d.hotplugged;
		data.hotpluggable = true;
		return {type: d instanceof NVDIMMDevice ? 'nvdimm' : 'dimm', data};
	});
}

/** x-query-numa's text (hmp_info_numa): boot RAM + DIMMs per node, MiB truncated. */
export function numaText(m: QemuMachine): string {
	const nodes = m.numaNodes();
	let out = `${nodes} nodes\n`;
	for (let i = 0; i < nodes; i++) {
		// (numa_stat_memory_devices(): a virtio-mem device counts what it plugged)
		const plugged = m.memoryDevices().filter((d) => d.node === i).reduce((s, d) => s + (d instanceof VirtIOMEMPCI ? d.plugged : d.size), 0);
		const boot = i === 0 ? m.config.memory.size : 0;
		const cpus = Array.from({length: m.config.smp}, (_, c) => ` ${c}`).join('');
		out += `node ${i} cpus:${cpus}\nnode ${i} size: ${Math.floor((boot + plugged) / 1048576)} MB\nnode ${i} plugged: ${Math.floor(plugged / 1048576)} MB\n`;
	}
	return out;
}

type Handler = (m: QemuMachine, args: Record<string, unknown>) => unknown;

const str = (args: Record<string, unknown>, name: string): string => {
	const v = args[name];
	if (v === undefined) throw new QmpError(`Parameter '${name}' is missing`);
	if (typeof v !== 'string') throw new QmpError(`Invalid parameter type for '${name}', expected: string`);
	return v;
};

const COMMANDS: Record<string, Handler> = {
	'object-add': (m, args) => m.objectAdd(toOptions(args)),
	'object-del': (m, args) => m.objectDel(str(args, 'id')),
	device_add: (m, args) => m.deviceAdd(qemuOptsFromQdict(args)),
	device_del: (m, args) => m.deviceDel(str(args, 'id')),
	'query-memdev': (m) => queryMemdev(m),
	'query-memory-devices': (m) => queryMemoryDevices(m),
	'query-memory-size-summary': (m) => ({'base-memory': m.config.memory.size, 'plugged-memory': m.pluggedMemory()}),
	'query-status': (m) => ({running: m.running(), singlestep: false, status: m.runstate}),
	'query-version': () => ({qemu: {...QEMU_VERSION}, package: QEMU_PKGVERSION}),
	'x-query-numa': (m) => ({'human-readable-text': numaText(m)}),
	'qom-list': (m, args) => qomList(m, str(args, 'path')),
	'qom-get': (m, args) => qomGet(m, str(args, 'path'), str(args, 'property')),
	'qom-set': (m, args) => qomSet(m, str(args, 'path'), str(args, 'property'), args.value),
	system_powerdown: (m) => m.systemPowerdown(),
	'inject-nmi': (m) => m.injectNmi(),
	system_reset: (m) => m.systemReset(),
	'query-name': (m) => (m.config.name !== undefined ? {name: m.config.name} : {}),
	'query-uuid': (m) => ({UUID: m.config.uuid}),
	'query-acpi-ospm-status': (m) => m.acpi.ospmStatus(),
	'human-monitor-command': (m, args) => m.humanMonitorCommand(str(args, 'command-line'), args['cpu-index'] as number | undefined).output,
	// KVM is compiled into the Debian build; memhp always emulates with TCG.
	'query-kvm': () => ({enabled: false, present: true}),
	'device-list-properties': (_m, args) => deviceListProperties(str(args, 'typename')),
	// have_balloon(): no virtio-balloon device registered a balloon handler.
	'query-balloon': () => {
		throw new QmpError('No balloon device has been activated', 'DeviceNotActive');
	},
	balloon: () => {
		throw new QmpError('No balloon device has been activated', 'DeviceNotActive');
	},
	'query-iothreads': () => [],
	// qmp_query_dump(): dump_state_global of a VM that never ran dump-guest-memory.
	'query-dump': () => ({status: 'none', completed: 0, total: 0}),
	'query-cpus-fast': (m) => queryCpusFast(m.config, m.numaNodes()),
	'query-hotpluggable-cpus': (m) => queryHotpluggableCpus(m.config, m.numaNodes()),
	'query-chardev': (m) => {
		const r = queryChardev(m.root);
		if (!r.ok) throw notModelled(`query-chardev with a host device (${r.unknown.name}: ${r.unknown.typeName})`);
		return r.list;
	},
	'query-block': (m) => {
		const list = m.config.machineType === 'q35' ? undefined : queryBlock(m.config, m.machineObject);
		if (!list) throw notModelled('query-block with drives on the command line (memhp has no block layer) or on a q35 machine');
		return list;
	},
	'query-mice': () => queryMice(),
	'query-pci': (m) => {
		if (!qdevTreeKnown(m.config)) throw notModelled('query-pci with other graphics or network cards, drives or USB');
		return queryPci(m.qdevBoard());
	},
	// Debian's build has SPICE and VNC, with no server here (-nographic, -display none)
	'query-spice': (m) => {
		if (m.config.argv.some((a) => a === '-spice' || a === '--spice')) throw notModelled('query-spice with -spice');
		return {migrated: false, enabled: false, 'mouse-mode': 'client'};
	},
	'query-vnc': (m) => {
		if (!m.config.board.noDisplay) throw notModelled('query-vnc with a display or -vnc');
		return {enabled: false};
	},
	'query-vnc-servers': (m) => {
		if (!m.config.board.noDisplay) throw notModelled('query-vnc-servers with a display or -vnc');
		return [];
	},
	// no migration ran
	'query-migrate': () => ({}),
	// (a q35 board's devices and ROMs are not modelled)
	'x-query-ramblock': (m) => {
		if (m.config.machineType === 'q35') throw notModelled('x-query-ramblock of a q35 machine');
		return {'human-readable-text': ramBlockDump(m.ram)};
	},
	'x-query-roms': (m) => {
		if (m.config.machineType === 'q35') throw notModelled('x-query-roms of a q35 machine');
		return {'human-readable-text': infoRoms(m.config.kernel !== undefined)};
	},
	stop: (m) => m.stop(),
	cont: (m) => m.cont(),
	quit: () => ({}),
};
COMMANDS['object_add'] = COMMANDS['object-add'];
COMMANDS['object_del'] = COMMANDS['object-del'];
COMMANDS['device-add'] = COMMANDS.device_add;
COMMANDS['device-del'] = COMMANDS.device_del;

export function dispatchQmp(m: QemuMachine, command: string, args: Record<string, unknown>): QmpResponse {
	const handler = COMMANDS[command];
	if (!handler) return {error: {class: 'CommandNotFound', desc: `The command ${command} has not been found`}};
	return asResponse(() => handler(m, args));
}

function asResponse(run: () => unknown): QmpResponse {
	try {
		const data = run();
		return {return: data === undefined ? {} : data};
	} catch (error) {
		if (error instanceof QmpError) return {error: {class: error.errorClass, desc: error.message}};
		throw error;
	}
}

/** The memory devices' qdev properties as qmp_device_list_properties() lists them (7.2). */
const DIMM_PROPERTIES: readonly Record<string, unknown>[] = [
	{name: 'memdev', type: 'link<memory-backend>'},
	{'default-value': 0, name: 'node', type: 'uint32'},
	{'default-value': 0, name: 'addr', type: 'uint64'},
	{'default-value': -1, name: 'slot', type: 'int32'},
];
const DEVICE_PROPERTIES: Readonly<Record<string, readonly Record<string, unknown>[]>> = {
	'pc-dimm': [...DIMM_PROPERTIES, {name: 'size', type: 'uint64'}],
	nvdimm: [...DIMM_PROPERTIES, {'default-value': false, name: 'unarmed', type: 'bool'}, {name: 'uuid', type: 'QemuUUID'}, {name: 'label-size', type: 'int'}, {name: 'size', type: 'uint64'}],
};

/**
 * device-list-properties: the memory devices' lists; a type that is no device model (a backend,
 * an abstract type) or no type at all is refused as 7.2 refuses it (the lab's QMP socket).
 */
function deviceListProperties(typename: string): unknown {
	const props = Object.hasOwn(DEVICE_PROPERTIES, typename) ? DEVICE_PROPERTIES[typename] : undefined;
	if (props) return props.map((p) => ({...p}));
	if (DEVICE_MODEL_NAMES.has(typename)) throw notModelled(`device-list-properties of '${typename}'`);
	if (USER_CREATABLE_TYPES.includes(typename) || ['device', 'object', 'memory-backend', 'cpu', 'x86_64-cpu'].includes(typename)) {
		throw new QmpError("Parameter 'typename' expects a non-abstract device type");
	}
	throw new QmpError(`Device '${typename}' not found`, 'DeviceNotFound');
}

/** HMP's qom-set without -j (hmp_qom_set(): object_property_parse() of the text). */
export function hmpQomSet(m: QemuMachine, path: string, property: string, text: string): QmpResponse {
	return asResponse(() => qomSet(m, path, property, text, true));
}
