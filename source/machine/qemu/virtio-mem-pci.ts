/**
 * virtio-mem-pci (hw/virtio/virtio-mem-pci.c over hw/virtio/virtio-mem.c, QEMU 7.2): a memory
 * device that is also a PCI function. Its memory region (the whole backend) sits in the
 * machine's device memory like a DIMM's, but the guest gets at it through the virtio-mem
 * driver, which plugs and unplugs blocks of it as `requested-size` asks: QEMU itself plugs
 * nothing (`size` stays 0 until a driver asks). The goldens' guest has no virtio driver (the
 * Debian kernel builds virtio_pci and virtio_mem as modules, and the initramfs has none), so
 * the guest only sees a new function on the PCI bus. Checked against the lab's QEMU 7.2.22
 * (s69/vm: a.t to e.t).
 *
 * The qdev properties are virtio-pci's and PCIDevice's (set on the proxy) and virtio-mem's
 * (aliased from the proxy to its `virtio-backend` child, so errors name `virtio-mem`); values
 * parse as 7.2's keyval visitor does for device_add.
 */
import type {HostMemoryBackend} from './host-memory-backend.js';
import {qapiBoolParse} from './keyval.js';
import {OpaqueObject, QomObject, type PropertyInfo} from './qom.js';
import {qemuStrtosz, qemuStrtou64} from './qemu-strtosz.js';

/** VIRTIO_MEM_MIN_BLOCK_SIZE: blocks smaller than 1 MiB are refused. */
export const VIRTIO_MEM_MIN_BLOCK_SIZE = 0x100000;
/** virtio_mem_default_block_size() for anonymous RAM on x86-64: the THP size, 2 MiB. */
export const VIRTIO_MEM_DEFAULT_BLOCK_SIZE = 0x200000;
/** The virtio-mem PCI function's ids: Red Hat's vendor, modern device id 0x1040 + VIRTIO_ID_MEM (24). */
export const VIRTIO_MEM_PCI_VENDOR = 0x1af4;
export const VIRTIO_MEM_PCI_DEVICE = 0x1058;
/** PCI_CLASS_OTHERS (0xff), which pci_class_descriptions[] has no name for. */
export const VIRTIO_MEM_PCI_CLASS = 0x00ff;
/** The modern virtio-pci capability BAR (BAR 4, 64-bit prefetchable, 16 KiB: four 4 KiB regions). */
export const VIRTIO_PCI_MODERN_BAR = {index: 4, size: 0x4000} as const;

/** `device_add virtio-mem-pci,help` (qdev_device_help), verbatim from the lab. */
export const VIRTIO_MEM_PCI_HELP = `virtio-mem-pci options:
  acpi-index=<uint32>    -  (default: 0)
  addr=<int32>           - Slot and optional function number, example: 06.0 or 06 (default: -1)
  aer=<bool>             - on/off (default: false)
  any_layout=<bool>      - on/off (default: true)
  ats=<bool>             - on/off (default: false)
  block-size=<size>
  disable-legacy=<OnOffAuto> - on/off/auto (default: "auto")
  disable-modern=<bool>  -  (default: false)
  event_idx=<bool>       - on/off (default: true)
  failover_pair_id=<str>
  indirect_desc=<bool>   - on/off (default: true)
  iommu_platform=<bool>  - on/off (default: false)
  memaddr=<uint64>       -  (default: 0)
  memdev=<link<memory-backend>>
  migrate-extra=<bool>   - on/off (default: true)
  modern-pio-notify=<bool> - on/off (default: false)
  multifunction=<bool>   - on/off (default: false)
  node=<uint32>          -  (default: 0)
  notify_on_empty=<bool> - on/off (default: true)
  packed=<bool>          - on/off (default: false)
  page-per-vq=<bool>     - on/off (default: false)
  prealloc=<bool>        -  (default: false)
  queue_reset=<bool>     - on/off (default: true)
  requested-size=<size>
  rombar=<uint32>        -  (default: 1)
  romfile=<str>
  romsize=<uint32>       -  (default: 4294967295)
  size=<size>
  unplugged-inaccessible=<OnOffAuto> - on/off/auto (default: "auto")
  use-disabled-flag=<bool> -  (default: true)
  use-started=<bool>     -  (default: true)
  virtio-backend=<child<virtio-mem>>
  virtio-pci-bus-master-bug-migration=<bool> - on/off (default: false)
  x-ats-page-aligned=<bool> - on/off (default: true)
  x-disable-legacy-check=<bool> -  (default: false)
  x-disable-pcie=<bool>  - on/off (default: false)
  x-ignore-backend-features=<bool> -  (default: false)
  x-pcie-deverr-init=<bool> - on/off (default: true)
  x-pcie-extcap-init=<bool> - on/off (default: true)
  x-pcie-flr-init=<bool> - on/off (default: true)
  x-pcie-lnkctl-init=<bool> - on/off (default: true)
  x-pcie-lnksta-dllla=<bool> - on/off (default: true)
  x-pcie-pm-init=<bool>  - on/off (default: true)
`;

type Scalar = boolean | number | string;
/** A qdev property as `info qtree` prints it: a number as an integer, a string quoted, a bool bare. */
export type QtreeProp = readonly [string, Scalar];
/** A plain qdev property: its QAPI type and default. */
interface PlainProp {
	type: 'bool' | 'uint32' | 'str' | 'OnOffAuto';
	value: Scalar;
	/** The proxy's (virtio-pci, PCIDevice) or the backend's (virtio-mem, VirtIODevice): whose name errors carry. */
	owner: 'virtio-mem-pci' | 'virtio-mem';
}

/** The proxy's qdev properties in `info qtree` order (the class's, then PCIDevice's after `addr`). */
const PROXY_QTREE_PROPS: readonly string[] = [
	'disable-legacy', 'disable-modern', 'virtio-pci-bus-master-bug-migration', 'migrate-extra', 'modern-pio-notify',
	'x-disable-pcie', 'page-per-vq', 'x-ignore-backend-features', 'ats', 'x-ats-page-aligned', 'x-pcie-deverr-init',
	'x-pcie-lnkctl-init', 'x-pcie-pm-init', 'x-pcie-flr-init', 'aer',
];
const PCI_QTREE_PROPS: readonly string[] = ['romfile', 'romsize', 'rombar', 'multifunction', 'x-pcie-lnksta-dllla', 'x-pcie-extcap-init', 'failover_pair_id', 'acpi-index'];
/** The backend's VirtIODevice properties, after virtio-mem's own in `info qtree`. */
const VIRTIO_DEVICE_QTREE_PROPS: readonly string[] = [
	'indirect_desc', 'event_idx', 'notify_on_empty', 'any_layout', 'iommu_platform', 'packed', 'queue_reset', 'use-started',
	'use-disabled-flag', 'x-disable-legacy-check',
];

function plainDefaults(): Map<string, PlainProp> {
	const m = new Map<string, PlainProp>();
	const proxy = (name: string, type: PlainProp['type'], value: Scalar) => m.set(name, {type, value, owner: 'virtio-mem-pci'});
	const backend = (name: string, type: PlainProp['type'], value: Scalar) => m.set(name, {type, value, owner: 'virtio-mem'});
	proxy('disable-legacy', 'OnOffAuto', 'auto');
	for (const [name, value] of [['disable-modern', false], ['virtio-pci-bus-master-bug-migration', false], ['migrate-extra', true], ['modern-pio-notify', false],
		['x-disable-pcie', false], ['page-per-vq', false], ['x-ignore-backend-features', false], ['ats', false], ['x-ats-page-aligned', true],
		['x-pcie-deverr-init', true], ['x-pcie-lnkctl-init', true], ['x-pcie-pm-init', true], ['x-pcie-flr-init', true], ['aer', false],
		['multifunction', false], ['x-pcie-lnksta-dllla', true], ['x-pcie-extcap-init', true]] as const) proxy(name, 'bool', value);
	proxy('romfile', 'str', '');
	proxy('failover_pair_id', 'str', '');
	proxy('romsize', 'uint32', 0xffffffff);
	proxy('rombar', 'uint32', 1);
	proxy('acpi-index', 'uint32', 0);
	for (const [name, value] of [['indirect_desc', true], ['event_idx', true], ['notify_on_empty', true], ['any_layout', true], ['iommu_platform', false],
		['packed', false], ['queue_reset', true], ['use-started', true], ['use-disabled-flag', true], ['x-disable-legacy-check', false]] as const) backend(name, 'bool', value);
	backend('unplugged-inaccessible', 'OnOffAuto', 'auto');
	return m;
}

/** qom-list of a virtio-mem-pci, as the lab's monitor prints it (its table's hash order). */
const VIRTIO_MEM_PCI_QOM_LIST: readonly PropertyInfo[] = (
	'type string|parent_bus link<bus>|realized bool|hotplugged bool|hotpluggable bool|failover_pair_id str|romfile str|addr int32|' +
	'romsize uint32|x-pcie-lnksta-dllla bool|rombar uint32|x-pcie-extcap-init bool|acpi-index uint32|multifunction bool|legacy-addr str|' +
	'migrate-extra bool|ats bool|x-ignore-backend-features bool|x-pcie-pm-init bool|aer bool|x-pcie-flr-init bool|x-pcie-lnkctl-init bool|' +
	'x-ats-page-aligned bool|page-per-vq bool|x-pcie-deverr-init bool|virtio-pci-bus-master-bug-migration bool|modern-pio-notify bool|' +
	'x-disable-pcie bool|disable-legacy OnOffAuto|disable-modern bool|memaddr uint64|indirect_desc bool|' +
	'virtio-pci-isr-virtio-mem[0] child<memory-region>|virtio-pci-device-virtio-mem[0] child<memory-region>|iommu_platform bool|' +
	'memdev link<memory-backend>|use-disabled-flag bool|event_idx bool|node uint32|virtio-pci-notify-pio-virtio-mem[0] child<memory-region>|' +
	'requested-size size|bus master container[0] child<memory-region>|x-disable-legacy-check bool|any_layout bool|queue_reset bool|' +
	'notify_on_empty bool|packed bool|block-size size|prealloc bool|use-started bool|virtio-pci-notify-virtio-mem[0] child<memory-region>|' +
	'virtio-pci-common-virtio-mem[0] child<memory-region>|unplugged-inaccessible OnOffAuto|virtio-pci[0] child<memory-region>|' +
	'virtio-bus child<virtio-pci-bus>|bus master[0] child<memory-region>|size size|virtio-backend child<virtio-mem>'
).split('|').map((e) => {
	const at = e.lastIndexOf(' ');
	return {name: e.slice(0, at), type: e.slice(at + 1)};
});

/** The proxy's QOM children (virtio_pci_realize()'s regions, the bus, the backend) and their types. */
const CHILDREN: readonly [string, string][] = [
	['bus master container[0]', 'memory-region'], ['bus master[0]', 'memory-region'], ['virtio-pci[0]', 'memory-region'],
	['virtio-pci-common-virtio-mem[0]', 'memory-region'], ['virtio-pci-isr-virtio-mem[0]', 'memory-region'],
	['virtio-pci-device-virtio-mem[0]', 'memory-region'], ['virtio-pci-notify-virtio-mem[0]', 'memory-region'],
	['virtio-pci-notify-pio-virtio-mem[0]', 'memory-region'], ['virtio-bus', 'virtio-pci-bus'],
];

/** set_pci_devfn(): "slot[.fn]" in hex (sscanf %x), slot up to 31, function up to 7. */
export function parsePciDevfn(text: string): number | undefined {
	const m = /^[ \t\n\v\f\r]*([+-]?(?:0[xX])?[0-9a-fA-F]+)(?:\.[ \t\n\v\f\r]*([+-]?(?:0[xX])?[0-9a-fA-F]+))?$/.exec(text);
	if (!m) return undefined;
	const num = (s: string) => {
		const neg = s.startsWith('-');
		const v = BigInt(`0x${s.replace(/^[+-]/, '').replace(/^0[xX]/, '') || '0'}`);
		return neg ? -1 : v > 0xffffffffn ? -1 : Number(v);
	};
	const slot = num(m[1]);
	const fn = m[2] === undefined ? 0 : num(m[2]);
	if (slot < 0 || slot > 31 || fn < 0 || fn > 7) return undefined;
	return (slot << 3) | fn;
}

export class VirtIOMEMPCI extends QomObject {
	/** qdev id (`id=`); undefined for an anonymous device. */
	id?: string;
	hostmem?: HostMemoryBackend;
	/** `memaddr`: where the region sits in device memory (memory_device_pre_plug() picks it when 0). */
	memaddr = 0;
	node = 0;
	requestedSize = 0;
	/** 0 until set or realized: virtio_mem_default_block_size() then. */
	blockSize = 0;
	prealloc = false;
	/** The plugged size: what the guest's driver plugged (without a driver, nothing). */
	plugged = 0;
	/** PCI devfn (`addr`): -1 lets do_pci_register_device() pick the first free slot. */
	devfn = -1;
	realized = false;
	hotplugged = true;
	/**
	 * SeaBIOS's pci_setup() configured the function: its BARs assigned and decoding enabled, its
	 * interrupt line routed. A -device one at start-up; a hotplugged one at the next reset (no
	 * driver of the running guest enables it before: it shows unmapped, pin without a line).
	 */
	biosConfigured = false;
	/** Order among the PCI devices -device and device_add added (the machine's count). */
	serial = 0;
	readonly plain = plainDefaults();
	/** The backend device (`virtio-backend`): its properties are the proxy's aliased ones. */
	readonly backend: VirtIOMEMBackend = new VirtIOMEMBackend(this);

	constructor() {
		super('virtio-mem-pci');
		this.addChild('virtio-backend', this.backend);
	}

	/** virtio_pci_realize() and virtio_bus: the proxy's regions and its virtio bus. */
	addRealizeChildren(): void {
		for (const [name, type] of CHILDREN) this.addChild(name, new OpaqueObject(type, true));
	}

	override qomList(): PropertyInfo[] {
		return [...VIRTIO_MEM_PCI_QOM_LIST];
	}

	/** What memory device placement counts: the backend's whole region (max-size). */
	get addr(): number {
		return this.memaddr;
	}

	get size(): number {
		return this.hostmem?.size ?? 0;
	}

	/** The block size in effect: the set one, else the backend's default. */
	effectiveBlockSize(): number {
		return this.blockSize || VIRTIO_MEM_DEFAULT_BLOCK_SIZE;
	}

	hasProperty(name: string): boolean {
		return VIRTIO_MEM_PCI_QOM_LIST.some((p) => p.name === name && !p.type.startsWith('child<'));
	}

	getProperty(name: string): unknown {
		switch (name) {
			case 'type': return this.typeName;
			case 'parent_bus': return '/machine/i440fx/pci.0';
			case 'realized': return this.realized;
			case 'hotplugged': return this.hotplugged;
			case 'hotpluggable': return true;
			case 'addr': return this.devfn;
			case 'legacy-addr': return this.devfn < 0 ? '' : `${(this.devfn >> 3).toString(16).padStart(2, '0')}.${this.devfn & 7}`;
			case 'memaddr': return this.memaddr;
			case 'node': return this.node;
			case 'requested-size': return this.requestedSize;
			case 'block-size': return this.effectiveBlockSize();
			case 'size': return this.plugged;
			case 'prealloc': return this.prealloc;
			case 'memdev': return this.hostmem ? this.hostmem.canonicalPath() : '';
			case 'disable-legacy': return this.realized ? 'on' : this.plain.get(name)?.value;
			// (realize resolves auto: off where the backend has the shared zeropage, anonymous RAM; on for shmem, memfd)
			case 'unplugged-inaccessible': return this.realized && this.plain.get(name)?.value === 'auto' ? (this.hostmem?.typeName === 'memory-backend-ram' ? 'off' : 'on') : this.plain.get(name)?.value;
			default: return this.plain.get(name)?.value;
		}
	}

	/**
	 * device_add's (keyval visitor) or qom-set's (string visitor) visit of one property; memdev is
	 * resolved by the caller. Returns QEMU's error text, or undefined.
	 */
	parseProperty(name: string, text: string, visitor: 'keyval' | 'string' = 'keyval'): string | undefined {
		if (name === 'size') return "Property 'virtio-mem.size' is not writable";
		if (['type', 'parent_bus', 'hotplugged', 'hotpluggable', 'legacy-addr'].includes(name)) return `Property '${this.typeName}.${name}' is not writable`;
		// qdev's setters refuse a realized device; the backend device (virtio-mem) has no id
		const realizedError = (owner: string) => owner === this.typeName && this.id !== undefined
			? `Attempt to set property '${name}' on device '${this.id}' (type '${owner}') after it was realized`
			: `Attempt to set property '${name}' on anonymous device (type '${owner}') after it was realized`;
		switch (name) {
			case 'requested-size': {
				const v = qemuStrtosz(text);
				if (!v.ok) {
					return visitor === 'keyval' ? `Parameter 'requested-size' expects size`
						: "Parameter 'requested-size' expects a non-negative number below 2^64\nOptional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\nand exabytes, respectively.";
				}
				if (this.realized) {
					// virtio_mem_set_requested_size() on a running device (QEMU's message lacks a space)
					if (v.value % BigInt(this.effectiveBlockSize()) !== 0n) return `'requested-size' has to be multiples of 'block-size' (0x${this.effectiveBlockSize().toString(16)})`;
					if (v.value > BigInt(this.size)) return `'requested-size' cannot exceed the memory backend size(0x${this.size.toString(16)})`;
				}
				this.requestedSize = Number(v.value);
				return undefined;
			}
			case 'block-size': {
				if (this.realized) return `'block-size' cannot be changed`;
				const v = qemuStrtosz(text);
				if (!v.ok) return `Parameter 'block-size' expects size`;
				if (v.value < BigInt(VIRTIO_MEM_MIN_BLOCK_SIZE)) return `'block-size' property has to be at least 0x${VIRTIO_MEM_MIN_BLOCK_SIZE.toString(16)}`;
				if ((v.value & (v.value - 1n)) !== 0n) return `'block-size' property has to be a power of two`;
				this.blockSize = Number(v.value);
				return undefined;
			}
			case 'memaddr': case 'node': {
				if (this.realized) return realizedError('virtio-mem');
				const v = qemuStrtou64(text);
				if (!v.ok) return `Parameter '${name}' expects integer`;
				if (name === 'node') {
					if (v.value > 0xffffffffn) return `Parameter 'node' expects uint32_t`;
					this.node = Number(v.value);
				} else {
					this.memaddr = Number(v.value);
				}
				return undefined;
			}
			case 'prealloc': {
				if (this.realized) return realizedError('virtio-mem');
				const b = qapiBoolParse(text);
				if (b === undefined) return `Parameter 'prealloc' expects 'on' or 'off'`;
				this.prealloc = b;
				return undefined;
			}
			case 'addr': {
				if (this.realized) return realizedError(this.typeName);
				const devfn = parsePciDevfn(text);
				if (devfn === undefined) return `Property '${this.typeName}.addr' doesn't take value '${text}'`;
				this.devfn = devfn;
				return undefined;
			}
			default: {
				const prop = this.plain.get(name);
				if (!prop) return `Property '${this.typeName}.${name}' not found`;
				if (this.realized) return realizedError(prop.owner);
				const parsed = parsePlain(prop.type, name, text);
				if (typeof parsed === 'object') return parsed.error;
				prop.value = parsed;
				return undefined;
			}
		}
	}

	/**
	 * `info qtree`'s properties of the proxy (its own, then PCIDevice's past `addr`) and of the
	 * backend device, in qdev_print_props() order; qdev-tree.ts prints them by their types.
	 */
	qtreeProps(): {proxy: QtreeProp[]; pci: QtreeProp[]; backend: QtreeProp[]} {
		const prop = (name: string): QtreeProp => [name, this.getProperty(name) as Scalar];
		return {
			proxy: PROXY_QTREE_PROPS.map(prop),
			pci: PCI_QTREE_PROPS.map(prop),
			backend: ['memaddr', 'node', 'prealloc', 'unplugged-inaccessible', ...VIRTIO_DEVICE_QTREE_PROPS].map(prop),
		};
	}
}

/** The keyval visitor's parse of a plain property's text. */
function parsePlain(type: PlainProp['type'], name: string, text: string): Scalar | {error: string} {
	switch (type) {
		case 'bool': {
			const b = qapiBoolParse(text);
			return b === undefined ? {error: `Parameter '${name}' expects 'on' or 'off'`} : b;
		}
		case 'OnOffAuto':
			return ['on', 'off', 'auto'].includes(text) ? text : {error: `Parameter '${name}' does not accept value '${text}'`};
		case 'uint32': {
			const v = qemuStrtou64(text);
			if (!v.ok) return {error: `Parameter '${name}' expects integer`};
			if (v.value > 0xffffffffn) return {error: `Parameter '${name}' expects uint32_t`};
			return Number(v.value);
		}
		default:
			return text;
	}
}

/** virtio-mem's qom-list (the lab's order). */
const VIRTIO_MEM_QOM_LIST: readonly PropertyInfo[] = (
	'type string|parent_bus link<bus>|realized bool|hotplugged bool|hotpluggable bool|queue_reset bool|use-disabled-flag bool|packed bool|' +
	'iommu_platform bool|event_idx bool|x-disable-legacy-check bool|notify_on_empty bool|any_layout bool|use-started bool|indirect_desc bool|' +
	'memdev link<memory-backend>|node uint32|unplugged-inaccessible OnOffAuto|memaddr uint64|legacy-memdev str|prealloc bool|block-size size|' +
	'size size|requested-size size'
).split('|').map((e) => {
	const at = e.lastIndexOf(' ');
	return {name: e.slice(0, at), type: e.slice(at + 1)};
});

/**
 * The virtio-mem device on the proxy's virtio bus (`virtio-backend`): the properties the proxy
 * aliases live here, so it reads and refuses what the proxy does.
 */
export class VirtIOMEMBackend extends QomObject {
	constructor(private readonly proxy: VirtIOMEMPCI) {
		super('virtio-mem');
	}

	override qomList(): PropertyInfo[] {
		return [...VIRTIO_MEM_QOM_LIST];
	}

	hasProperty(name: string): boolean {
		return VIRTIO_MEM_QOM_LIST.some((p) => p.name === name);
	}

	getProperty(name: string): unknown {
		switch (name) {
			case 'type': return this.typeName;
			case 'parent_bus': return `${this.proxy.canonicalPath()}/virtio-bus`;
			case 'legacy-memdev': return this.proxy.getProperty('memdev');
			default: return this.proxy.getProperty(name);
		}
	}

	parseProperty(name: string, text: string, visitor: 'keyval' | 'string' = 'keyval'): string | undefined {
		if (name === 'legacy-memdev') return `Property '${this.typeName}.${name}' is not writable`;
		return this.proxy.parseProperty(name, text, visitor);
	}
}
