import type {FirmwareBootInfo} from '../acpi.js';
import {ACPI_DRIVERS, acpiUnsimulatedNodes} from './acpi-namespace.js';
import type {Errno} from '../errno.js';
import type {DirNode, VNode} from '../vfs/node.js';
import {kstrtobool, kstrtouint0, onlineTypeFromStr, sysfsStreq, type ThpMode} from './cmdline.js';
import {HPAGE_KB, kstrtoul10} from './hugetlb.js';
import {kattr, kdir, klink, sdir, type LookupHook} from './kernfs.js';
import type {FirmwareMapEntry} from './firmware-memmap.js';
import type {MemoryBlock} from './memory-block.js';
import type {MemoryDevices} from './memory-device.js';
import type {GuestMm} from './mm.js';
import {KERN_ERR, KERN_WARNING, subsysRoot, type PrintkDevice} from './printk.js';
import {nodeMeminfo} from './procfs.js';
import {buildCpuSysfs, cpumaskHex, cpumaskList} from './sysfs-cpu.js';
import {SYS_BUS_PROBE_UNSIMULATED, SYS_BUS_UNSIMULATED, SYS_DEVICES_SYSTEM_UNSIMULATED, SYS_DEVICES_UNSIMULATED, SYS_FIRMWARE_ACPI_UNSIMULATED, SYS_FIRMWARE_UNSIMULATED, SYS_KERNEL_MM_UNSIMULATED, SYS_LNXSYBUS_UNSIMULATED, SYS_LNXSYSTM_UNSIMULATED, SYS_MODULE_UNSIMULATED, SYS_UNSIMULATED, sysKernelUnsimulated, unsimulatedContainer, unsimulatedDir, unsimulatedEntries} from './unsimulated.js';

/**
 * A device's power/ directory (drivers/base/power/sysfs.c) for a device without runtime PM:
 * `control` takes auto/on and `async` enabled/disabled (else EINVAL) and keep them;
 * autosuspend_delay_ms is EIO without use_autosuspend. Debian's CONFIG_PM_ADVANCED_DEBUG adds
 * runtime_usage, runtime_active_kids and runtime_enabled (and `async`). `extra` are attributes
 * the device's own code adds (a CPU's pm_qos_resume_latency_us).
 */
function emptyPower(hook: LookupHook, extra: [string, VNode][] = []): DirNode {
	let control = 'auto';
	let async = 'disabled';
	const word = (words: readonly string[], set: (w: string) => void) => (data: string): Errno | undefined => {
		const w = words.find(x => sysfsStreq(data, x));
		if (!w) return 'EINVAL';
		set(w);
		return undefined;
	};
	return sdir([
		['async', kattr(() => `${async}\n`, word(['enabled', 'disabled'], w => (async = w)))],
		['autosuspend_delay_ms', kattr(() => 'EIO', () => 'EIO')],
		['control', kattr(() => `${control}\n`, word(['auto', 'on'], w => (control = w)))],
		['runtime_active_kids', kattr(() => '0\n')],
		['runtime_active_time', kattr(() => '0\n')],
		['runtime_enabled', kattr(() => 'disabled\n')],
		['runtime_status', kattr(() => 'unsupported\n')],
		['runtime_suspended_time', kattr(() => '0\n')],
		['runtime_usage', kattr(() => '0\n')],
		...extra,
	], hook);
}

/** The node's counters as /sys/devices/system/node/node0 prints them (procfs-vm.ts's VmStatFiles). */
export interface NodeVmstatFiles {
	nodeVmstat(): string;
	numastat(): string;
}

/**
 * /sys/firmware/memmap (drivers/firmware/memmap.c): one kobject per firmware map entry, named by
 * its number, with the read-only `start`, `end` (inclusive) and `type` of memmap_ktype. A
 * directory lives as long as its entry.
 */
function firmwareMemmapDir(mm: GuestMm, hook: LookupHook): DirNode {
	const memmap = mm.firmwareMemmap;
	const dirs = new Map<FirmwareMapEntry, DirNode>();
	const dirOf = (e: FirmwareMapEntry): DirNode => {
		let dir = dirs.get(e);
		if (!dir) {
			dir = sdir([
				['end', kattr(() => `0x${e.end.toString(16)}\n`)],
				['start', kattr(() => `0x${e.start.toString(16)}\n`)],
				['type', kattr(() => `${e.type}\n`)],
			], hook);
			dirs.set(e, dir);
		}
		return dir;
	};
	return kdir(() => {
		const live = memmap.list();
		for (const e of dirs.keys()) if (!live.includes(e)) dirs.delete(e);
		return live.map(e => [String(e.index), dirOf(e)]);
	}, hook, undefined, () => memmap.generation);
}

const KOBJECT_ACTIONS = ['add', 'remove', 'change', 'move', 'online', 'offline', 'bind', 'unbind'];
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;

/**
 * kobject_synth_uevent(): an action word (kobject_action_type()), optionally followed by a UUID
 * and KEY=VALUE pairs (kobject_action_args()). There is no udev in this guest, so a good one goes
 * nowhere; a bad one is EINVAL with the kernel's "synth uevent" warning. Returns that warning's
 * message, or undefined when the write is good.
 */
function synthUevent(buf: string): string | undefined {
	let s = buf.endsWith('\n') || buf.endsWith('\0') ? buf.slice(0, -1) : buf;
	if (!s) return 'unknown uevent action string';
	const sp = s.indexOf(' ');
	if (!KOBJECT_ACTIONS.includes(sp < 0 ? s : s.slice(0, sp))) return 'unknown uevent action string';
	if (sp < 0) return undefined;
	s = s.slice(sp + 1);
	if (s.endsWith('\n') || s.endsWith('\0')) s = s.slice(0, -1);
	if (!UUID.test(s)) return 'incorrect uevent action arguments';
	const rest = s.slice(36);
	return rest === '' || /^( [^ =]+=[^ ]+)+$/.test(rest) ? undefined : 'incorrect uevent action arguments';
}

/**
 * A device's `uevent`: reading it is dev_uevent()'s variables; writing is uevent_store(), which on
 * failure adds dev_err()'s "uevent: failed to send synthetic uevent: -22" (`who`: the device, whose
 * bus makes the "bus name" prefix; a subsystem's root device has none).
 */
function ueventAttr(mm: GuestMm, devpath: string, who: PrintkDevice, vars: string | (() => string) = ''): VNode {
	return kattr(() => (typeof vars === 'string' ? vars : vars()), data => {
		const msg = synthUevent(data);
		if (!msg) return undefined;
		mm.printk.printk(KERN_WARNING, `synth uevent: ${devpath}: ${msg}`);
		// (uevent_store(): dev_err("...: %d", rc), kobject_synth_uevent()'s -EINVAL; lab s64/kmsg)
		mm.printk.devPrintk(KERN_ERR, who, 'uevent: failed to send synthetic uevent: -22');
		return 'EINVAL';
	});
}

/** bus_uevent_store() and a module's uevent: the same parse, write-only, without a device's message. */
function busUeventAttr(mm: GuestMm, path: string): VNode {
	return kattr(undefined, data => {
		const msg = synthUevent(data);
		if (!msg) return undefined;
		mm.printk.printk(KERN_WARNING, `synth uevent: ${path}: ${msg}`);
		return 'EINVAL';
	}, 0o200);
}

/** The ACPI device of a memory slot, as acpi_bind_memory_blocks links it (`PNP0C80:%02x`). */
export function acpiMemoryDeviceName(slot: number): string {
	return `PNP0C80:${slot.toString(16).padStart(2, '0')}`;
}

/** kstrtoull(buf, 0, ...): decimal, 0x hex or 0 octal, an optional leading + and one trailing newline. */
export function kstrtoull0(buf: string): bigint | undefined {
	const m = /^\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)\n?$/.exec(buf);
	if (!m) return undefined;
	const t = m[1]!;
	const v = /^0[xX]/.test(t) ? BigInt(t) : t.length > 1 && t[0] === '0' ? BigInt(`0o${t.slice(1)}`) : BigInt(t);
	return v < 1n << 64n ? v : undefined;
}

/**
 * soft_offline_page_store() / hard_offline_page_store() (drivers/base/memory.c): the value is a
 * physical address, shifted down to a pfn; the handler's error is the write's.
 */
function offlinePageStore(data: string, handle: (pfn: number) => Errno | undefined): Errno | undefined {
	const addr = kstrtoull0(data);
	if (addr === undefined) return 'EINVAL';
	return handle(Number(addr >> 12n));
}

/** nr_hugepages_store_common(): kstrtoul(buf, 10) and set_max_huge_pages(); the write succeeds even when fewer pages were found. */
function nrHugepagesAttr(mm: GuestMm): VNode {
	return kattr(() => `${mm.hugetlb.nrHugePages}\n`, data => {
		const v = kstrtoul10(data);
		if (typeof v === 'string') return v;
		mm.hugetlb.setMax(v);
		return undefined;
	});
}

/**
 * /sys/kernel/mm/hugepages/hugepages-2048kB (hstate_attrs). Nothing maps huge pages, so all are
 * free and none is reserved or surplus; there is no smaller hstate to demote to.
 */
function hstateDir(mm: GuestMm, hook: LookupHook): DirNode {
	return sdir([
		['free_hugepages', kattr(() => `${mm.hugetlb.nrHugePages}\n`)],
		['nr_hugepages', nrHugepagesAttr(mm)],
		['nr_hugepages_mempolicy', nrHugepagesAttr(mm)],
		['nr_overcommit_hugepages', kattr(() => `${mm.hugetlb.overcommit}\n`, data => {
			const v = kstrtoul10(data);
			if (typeof v === 'string') return v;
			mm.hugetlb.overcommit = v;
			return undefined;
		})],
		['resv_hugepages', kattr(() => '0\n')],
		['surplus_hugepages', kattr(() => '0\n')],
	], hook);
}

/** /sys/devices/system/node/node0/hugepages/hugepages-2048kB (per_node_hstate_attrs): the whole pool is node 0's. */
function nodeHstateDir(mm: GuestMm, hook: LookupHook): DirNode {
	return sdir([
		['free_hugepages', kattr(() => `${mm.hugetlb.nrHugePages}\n`)],
		['nr_hugepages', nrHugepagesAttr(mm)],
		['surplus_hugepages', kattr(() => '0\n')],
	], hook);
}

/**
 * /sys/module/memory_hotplug: mm/memory_hotplug.c's module parameters. online_policy and the
 * auto-movable knobs take effect at the next online; memmap_on_memory is read-only (boot only).
 */
function memoryHotplugModule(mm: GuestMm, hook: LookupHook): DirNode {
	return sdir([
		['parameters', sdir([
			// param_get_bool() / param_set_bool(): Y or N, kstrtobool() on a write.
			['auto_movable_numa_aware', kattr(() => (mm.autoMovableNumaAware ? 'Y\n' : 'N\n'), data => {
				const v = kstrtobool(data);
				if (v === undefined) return 'EINVAL';
				mm.autoMovableNumaAware = v;
				return undefined;
			})],
			// param_set_uint(): kstrtouint(val, 0).
			['auto_movable_ratio', kattr(() => `${mm.autoMovableRatio}\n`, data => {
				const v = kstrtouint0(data);
				if (v === undefined) return 'EINVAL';
				mm.autoMovableRatio = v;
				return undefined;
			})],
			['memmap_on_memory', kattr(() => (mm.params.memmapOnMemory ? 'Y\n' : 'N\n'))],
			// set_online_policy(): sysfs_match_string() of contig-zones / auto-movable.
			['online_policy', kattr(() => `${mm.onlinePolicy}\n`, data => {
				const v = (['contig-zones', 'auto-movable'] as const).find(p => sysfsStreq(data, p));
				if (!v) return 'EINVAL';
				mm.onlinePolicy = v;
				return undefined;
			})],
		], hook)],
		['uevent', busUeventAttr(mm, '/module/memory_hotplug')],
	], hook);
}

/** A sysfs choice file: the words with the current one in brackets; a write must be one of them. */
function choiceAttr(words: readonly string[], get: () => string, set: (w: string) => void): VNode {
	return kattr(() => `${words.map(w => (w === get() ? `[${w}]` : w)).join(' ')}\n`, data => {
		const w = words.find(x => sysfsStreq(data, x));
		if (!w) return 'EINVAL';
		set(w);
		return undefined;
	});
}

/** A number kept by a store that takes kstrtoul/kstrtouint(buf, 10) within [min, max]. */
function numberAttr(initial: number, min: number, max: number): VNode {
	let v = initial;
	return kattr(() => `${v}\n`, data => {
		const n = kstrtoul10(data);
		if (typeof n === 'string' || n < BigInt(min) || n > BigInt(max)) return 'EINVAL';
		v = Number(n);
		return undefined;
	});
}

/**
 * /sys/kernel/mm/transparent_hugepage (mm/huge_memory.c, mm/khugepaged.c). `enabled` starts and
 * stops khugepaged (hugepage_init() clears it on systems below 512 MiB); the other knobs keep
 * what is written within the kernel's limits (nothing in the guest maps huge pages, so they
 * change no numbers); khugepaged's counters stay 0.
 */
function thpDir(mm: GuestMm, hook: LookupHook): DirNode {
	let defrag = 'madvise';
	let shmem = 'never';
	const UINT_MAX = 0xffffffff;
	return sdir([
		['defrag', choiceAttr(['always', 'defer', 'defer+madvise', 'madvise', 'never'], () => defrag, w => (defrag = w))],
		['enabled', choiceAttr(['always', 'madvise', 'never'], () => mm.thpMode, w => mm.setThpMode(w as ThpMode))],
		['hpage_pmd_size', kattr(() => `${HPAGE_KB * 1024}\n`)],
		['khugepaged', sdir([
			['alloc_sleep_millisecs', numberAttr(60000, 0, UINT_MAX)],
			['defrag', numberAttr(1, 0, 1)],
			['full_scans', kattr(() => '0\n')],
			// HPAGE_PMD_NR - 1
			['max_ptes_none', numberAttr(511, 0, 511)],
			['max_ptes_shared', numberAttr(256, 0, 511)],
			['max_ptes_swap', numberAttr(64, 0, 511)],
			['pages_collapsed', kattr(() => '0\n')],
			['pages_to_scan', numberAttr(4096, 1, UINT_MAX)],
			['scan_sleep_millisecs', numberAttr(10000, 0, UINT_MAX)],
		], hook)],
		['shmem_enabled', choiceAttr(['always', 'within_size', 'advise', 'never', 'deny', 'force'], () => shmem, w => (shmem = w))],
		['use_zero_page', numberAttr(1, 0, 1)],
	], hook);
}

/** QEMU's memory slots as the guest's ACPI devices see them. */
export interface AcpiSlots {
	count: number;
	/** _STA of slot i (MSTA: 0xf with a DIMM, else 0). */
	sta(i: number): number;
	/** acpi_eject_store() on slot i. */
	eject(i: number, buf: string): Errno | undefined;
	/** The memory scan handler, whose hotplug profile is /sys/firmware/acpi/hotplug/memory. */
	hotplug: {hotplugEnabled: boolean};
}

/** \_SB.MHPC (QEMU's memory hotplug container) under /sys/devices: the PNP0C80 slots' parent. */
const MHPC_PATH = 'LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04';

/**
 * One PNP0C80 device of QEMU's DSDT (\_SB.MHPC.MPxx) as drivers/acpi/device_sysfs.c shows it:
 * path, hid, uid (QEMU's "0x%02X" string) and modalias, `status` and `eject` because the object
 * has _STA and _EJ0, and a physical_node link per memory block acpi_bind_memory_blocks() bound
 * to it (physical_node, physical_node1, ...; none for an empty slot).
 */
function acpiMemoryDeviceDir(mm: GuestMm, slots: AcpiSlots, i: number, hook: LookupHook): DirNode {
	const mp = i.toString(16).toUpperCase().padStart(2, '0');
	// One power directory for the device's life: a listing rebuilt after hotplug keeps its dentry.
	const power = emptyPower(hook);
	return kdir(() => {
		const bound = mm.sortedBlocks().filter(b => b.hotplugged && b.slot === i);
		return [
			['eject', kattr(undefined, data => slots.eject(i, data), 0o200)],
			['hid', kattr(() => 'PNP0C80\n')],
			['modalias', kattr(() => 'acpi:PNP0C80:\n')],
			['path', kattr(() => `\\_SB_.MHPC.MP${mp}\n`)],
			...bound.map((b, n) => [n ? `physical_node${n}` : 'physical_node', klink(`../../../../system/memory/memory${b.id}`)] as [string, VNode]),
			['power', power],
			['status', kattr(() => `${slots.sta(i)}\n`)],
			['subsystem', klink('../../../../../bus/acpi')],
			// acpi_device_uevent(): the PNP modalias.
			['uevent', ueventAttr(mm, `/devices/${MHPC_PATH}/${acpiMemoryDeviceName(i)}`, {subsystem: 'acpi', name: acpiMemoryDeviceName(i)}, 'MODALIAS=acpi:PNP0C80:\n')],
			['uid', kattr(() => `0x${mp}\n`)],
		];
	}, hook, undefined, () => mm.blocksGeneration());
}

/** drivers/base/memory.c attributes of one block. */
function memoryBlockDir(mm: GuestMm, dev: MemoryDevices, b: MemoryBlock, hook: LookupHook): DirNode {
	const entries: [string, VNode][] = [
		['online', kattr(() => (b.state === 'online' ? '1\n' : '0\n'), data => dev.onlineStore(b, data))],
		['phys_device', kattr(() => '0\n')],
		['phys_index', kattr(() => `${(b.startPfn / (32768)).toString(16).padStart(8, '0')}\n`)],
		['removable', kattr(() => '1\n')],
		['state', kattr(() => `${b.state}\n`, data => dev.stateStore(b, data))],
		['uevent', ueventAttr(mm, `/devices/system/memory/memory${b.id}`, {subsystem: 'memory', name: `memory${b.id}`})],
		['valid_zones', kattr(() => `${mm.validZones(b)}\n`)],
		['node0', klink('../../node/node0')],
		['power', emptyPower(hook)],
		['subsystem', klink('../../../../bus/memory')],
	];
	if (b.slot !== undefined) {
		entries.push(['firmware_node', klink(`../../../${MHPC_PATH}/${acpiMemoryDeviceName(b.slot)}`)]);
	}
	return sdir(entries, hook);
}

/**
 * /sys as far as memory hotplug shows it: /sys/devices/system/memory (block devices appear and
 * disappear with hotplug), node0's memory and CPU links, /sys/bus/memory and the ACPI memory
 * devices, and the CPU masks of /sys/devices/system/cpu.
 */
export function buildSysfs(mm: GuestMm, dev: MemoryDevices, acpiSlots: AcpiSlots, boot: FirmwareBootInfo, hook: LookupHook, vmstat: NodeVmstatFiles): DirNode {
	const cpus = Math.max(1, boot.cpus);
	const cpu = buildCpuSysfs(mm, boot, hook, {
		power: (h, extra) => emptyPower(h, extra),
		uevent: (devpath, who, vars) => ueventAttr(mm, devpath, who, vars),
		busUevent: path => busUeventAttr(mm, path),
	});
	const blockDirs = new WeakMap<MemoryBlock, DirNode>();
	const dirOf = (b: MemoryBlock) => {
		let d = blockDirs.get(b);
		if (!d) {
			d = memoryBlockDir(mm, dev, b, hook);
			blockDirs.set(b, d);
		}
		return d;
	};
	// Listings that hold memoryN change only when a block device is created or removed.
	const blocksGen = () => mm.blocksGeneration();
	const blockEntries = (): [string, VNode][] => mm.sortedBlocks().map(b => [`memory${b.id}`, dirOf(b)]);
	const memoryPower = emptyPower(hook);
	const memory = kdir(() => [
		['auto_online_blocks', kattr(() => `${mm.defaultOnlineType}\n`, data => {
			const t = onlineTypeFromStr(data);
			if (!t) return 'EINVAL';
			mm.defaultOnlineType = t;
			return undefined;
		})],
		['block_size_bytes', kattr(() => `${mm.boot.blockSizeBytes.toString(16)}\n`)],
		['hard_offline_page', kattr(undefined, data => offlinePageStore(data, pfn => mm.memoryFailure(pfn)), 0o200)],
		...blockEntries(),
		['power', memoryPower],
		['soft_offline_page', kattr(undefined, data => offlinePageStore(data, pfn => mm.softOfflinePage(pfn)), 0o200)],
		['uevent', ueventAttr(mm, '/devices/system/memory', subsysRoot('memory'))],
	], hook, undefined, blocksGen);
	const node0Power = emptyPower(hook);
	const allCpus = Array.from({length: cpus}, (_, i) => i);
	const node0X86 = sdir([], hook);
	const node0 = kdir(() => [
		...Array.from({length: cpus}, (_, i) => [`cpu${i}`, klink(`../../cpu/cpu${i}`)] as [string, VNode]),
		// sysfs_compact_node(): compacts the node, whatever was written.
		['compact', kattr(undefined, () => undefined, 0o200)],
		// A bin_attribute sized CPULIST_FILE_MAX_BYTES: NR_CPUS (8192 in Debian's config) * 7 / 2.
		['cpulist', {...kattr(() => `${cpumaskList(allCpus)}\n`), statSize: 28672}],
		// "%*pb": the mask in hex, 32-bit groups comma-separated, nr_cpu_ids bits wide.
		['cpumap', kattr(() => `${cpumaskHex(allCpus, cpus)}\n`)],
		// node_read_distance(): one node, LOCAL_DISTANCE to itself.
		['distance', kattr(() => '10\n')],
		...mm.sortedBlocks().map(b => [`memory${b.id}`, klink(`../../memory/memory${b.id}`)] as [string, VNode]),
		['hugepages', sdir([[`hugepages-${HPAGE_KB}kB`, nodeHstateDir(mm, hook)]], hook)],
		['meminfo', kattr(() => nodeMeminfo(mm, cpus))],
		['numastat', kattr(() => vmstat.numastat())],
		['power', node0Power],
		['subsystem', klink('../../../../bus/node')],
		['uevent', ueventAttr(mm, '/devices/system/node/node0', {subsystem: 'node', name: 'node0'})],
		['vmstat', kattr(() => vmstat.nodeVmstat())],
		// arch/x86's node attribute group: SGX's sgx_total_bytes, absent without SGX.
		['x86', node0X86],
	], hook, undefined, blocksGen);
	// drivers/base/node.c node_state_attrs: the nodes in each nodemask (node 0, or none).
	const node = sdir([
		['has_cpu', kattr(() => '0\n')],
		['has_generic_initiator', kattr(() => '\n')],
		['has_memory', kattr(() => '0\n')],
		['has_normal_memory', kattr(() => '0\n')],
		['node0', node0],
		['online', kattr(() => '0\n')],
		['possible', kattr(() => '0\n')],
		['power', emptyPower(hook)],
		['uevent', ueventAttr(mm, '/devices/system/node', subsysRoot('node'))],
	], hook);
	const system = sdir([['cpu', cpu.cpuDir], ['memory', memory], ['node', node], ...unsimulatedEntries(SYS_DEVICES_SYSTEM_UNSIMULATED)], hook);
	const slots: [string, VNode][] = [];
	for (let i = 0; i < acpiSlots.count; i++) slots.push([acpiMemoryDeviceName(i), acpiMemoryDeviceDir(mm, acpiSlots, i, hook)]);
	// The DSDT's other device nodes are listed, not simulated (acpi-namespace.ts); \_SB.MHPC
	// exists with DIMM slots only.
	const acpiBoard = {
		slots: acpiSlots.count, ...(boot.isaDevices ?? {floppy: true, serialPorts: 1, parallelPorts: 1}),
		...(boot.board === 'q35' ? {q35: {devfns: boot.pci.filter(f => f.classCode >> 8 !== 0x0106).map(f => f.slot * 8 + f.fn)}} : {}),
	};
	const otherNodes = acpiUnsimulatedNodes(acpiBoard);
	// (Each node is unsimulated, but the nodes below it can be walked to: their links resolve.)
	const nodeDir = (path: string): VNode => unsimulatedContainer(new Map(childrenOf(path)));
	const childrenOf = (parent: string): [string, VNode][] => otherNodes.filter(n => n.path === `${parent}/${n.name}`).map(n => [n.name, nodeDir(n.path)]);
	const sb = sdir([
		['ACPI0010:00', cpu.acpiContainer],
		...(acpiSlots.count > 0 ? [['PNP0A06:04', sdir(slots, hook)] as [string, VNode]] : []),
		...childrenOf('LNXSYSTM:00/LNXSYBUS:00'),
		...unsimulatedEntries(SYS_LNXSYBUS_UNSIMULATED),
	], hook);
	const acpi = sdir([['LNXSYBUS:00', sb], ...unsimulatedEntries(SYS_LNXSYSTM_UNSIMULATED)], hook);
	const devices = sdir([['LNXSYSTM:00', acpi], ['system', system], ...unsimulatedEntries(SYS_DEVICES_UNSIMULATED)], hook);
	let memoryAutoprobe = true;
	const busMemory = sdir([
		['devices', kdir(() => mm.sortedBlocks().map(b => [`memory${b.id}`, klink(`../../../devices/system/memory/memory${b.id}`)]), hook, undefined, blocksGen)],
		['drivers', sdir([], hook)],
		// bus_attrs: drivers_autoprobe (a bool, kept) and drivers_probe, which finds no driver
		// for a memory block (the bus has none): ENODEV.
		['drivers_autoprobe', kattr(() => `${memoryAutoprobe ? 1 : 0}\n`, data => {
			memoryAutoprobe = !(data.length > 0 && data[0] === '0');
			return undefined;
		})],
		['drivers_probe', kattr(undefined, () => 'ENODEV', 0o200)],
		['uevent', busUeventAttr(mm, '/bus/memory')],
	], hook);
	// drivers/acpi/bus.c acpi_bus_type: every ACPI device node is linked here (memhp models the
	// path to the memory devices: the root, \_SB, the MHPC container and its PNP0C80 slots; and
	// to the CPUs: the processor container and its processors).
	const acpiDevices: [string, VNode][] = [
		...cpu.acpiBusDevices,
		['LNXSYBUS:00', klink('../../../devices/LNXSYSTM:00/LNXSYBUS:00')],
		['LNXSYSTM:00', klink('../../../devices/LNXSYSTM:00')],
		...(acpiSlots.count > 0 ? [['PNP0A06:04', klink(`../../../devices/${MHPC_PATH}`)] as [string, VNode]] : []),
		...Array.from({length: acpiSlots.count}, (_, i): [string, VNode] => [acpiMemoryDeviceName(i), klink(`../../../devices/${MHPC_PATH}/${acpiMemoryDeviceName(i)}`)]),
		...otherNodes.map((n): [string, VNode] => [n.name, klink(`../../../devices/${n.path}`)]),
	];
	const busAcpi = sdir([
		['devices', sdir(acpiDevices, hook)],
		['drivers', sdir(ACPI_DRIVERS.map((d): [string, VNode] => [d, unsimulatedDir(0)]), hook)],
		['uevent', busUeventAttr(mm, '/bus/acpi')],
		...unsimulatedEntries(SYS_BUS_PROBE_UNSIMULATED),
	], hook);
	// drivers/base/cpu.c cpu_subsys: the CPUs register_cpu() added.
	const busCpu = sdir([
		['devices', sdir(Array.from({length: cpus}, (_, i): [string, VNode] => [`cpu${i}`, klink(`../../../devices/system/cpu/cpu${i}`)]), hook)],
		['drivers', sdir([['processor', cpu.processorDriver]], hook)],
		['uevent', busUeventAttr(mm, '/bus/cpu')],
		...unsimulatedEntries(SYS_BUS_PROBE_UNSIMULATED),
	], hook);
	const busNode = sdir([
		['devices', sdir([['node0', klink('../../../devices/system/node/node0')]], hook)],
		...unsimulatedEntries([['drivers', 'd', 0], ...SYS_BUS_PROBE_UNSIMULATED, ['uevent', 'f', 0o200]]),
	], hook);
	const bus = sdir([['acpi', busAcpi], ['cpu', busCpu], ['memory', busMemory], ['node', busNode], ...unsimulatedEntries(SYS_BUS_UNSIMULATED)], hook);
	const kernel = sdir([['mm', sdir([
		['hugepages', sdir([[`hugepages-${HPAGE_KB}kB`, hstateDir(mm, hook)]], hook)],
		['transparent_hugepage', thpDir(mm, hook)],
		...unsimulatedEntries(SYS_KERNEL_MM_UNSIMULATED),
	], hook)], ...sysKernelUnsimulated()], hook);
	// drivers/acpi/sysfs.c acpi_sysfs_add_hotplug_profile(): one directory per scan handler
	// registered with a hotplug profile; memhp models the memory one (absent with acpi_no_memhotplug).
	const memoryProfile = sdir([
		['enabled', kattr(() => `${acpiSlots.hotplug.hotplugEnabled ? 1 : 0}\n`, data => {
			// enabled_store(): kstrtouint(buf, 10) and at most 1, else -EINVAL.
			const v = kstrtoul10(data);
			if (typeof v !== 'bigint' || v > 1n) return 'EINVAL';
			acpiSlots.hotplug.hotplugEnabled = v === 1n;
			return undefined;
		})],
	], hook);
	const profiles: [string, VNode][] = mm.params.acpiNoMemhotplug ? [] : [['memory', memoryProfile]];
	const firmware = sdir([
		['acpi', sdir([['hotplug', sdir(profiles, hook)], ...unsimulatedEntries(SYS_FIRMWARE_ACPI_UNSIMULATED)], hook)],
		['memmap', firmwareMemmapDir(mm, hook)],
		...unsimulatedEntries(SYS_FIRMWARE_UNSIMULATED),
	], hook);
	return sdir([['bus', bus], ['devices', devices], ['firmware', firmware], ['kernel', kernel], ['module', sdir([['memory_hotplug', memoryHotplugModule(mm, hook)], ...unsimulatedEntries(SYS_MODULE_UNSIMULATED)], hook)], ...unsimulatedEntries(SYS_UNSIMULATED)], undefined);
}
