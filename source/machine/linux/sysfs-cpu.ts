/**
 * The guest's CPU devices in sysfs: /sys/devices/system/cpu (drivers/base/cpu.c) with each
 * cpuN's topology/ (drivers/base/topology.c), cache/ (drivers/base/cacheinfo.c over
 * arch/x86/kernel/cpu/cacheinfo.c), hotplug/ (kernel/cpu.c) and crash_notes
 * (kernel/kexec_core.c); the ACPI processor objects of QEMU's DSDT they are bound to
 * (\_SB.CPUS, drivers/acpi/acpi_processor.c) and the `processor` driver of the cpu bus
 * (drivers/acpi/processor_driver.c).
 *
 * What the guest knows of its CPUs comes from qemu64's CPUID: an AMD family 0xf vCPU without
 * TOPOEXT. arch/x86 takes cpu_core_id from all the APIC ID bits below the package field
 * (amd_detect_cmp(), CPUID 0x80000008 ECX[15:12]) and, with CmpLegacy set whenever a package
 * has more than one logical CPU, leaves smp_num_siblings at 1: no two CPUs share a core, so
 * `-smp N,threads=2` threads show up as cores. The LLC id (cacheinfo_amd_init_llc_id(), family
 * below 0x17) and cpu_die_id are the package id; cpu_l2c_id is never set (BAD_APICID).
 */
import type {FirmwareBootInfo} from '../acpi.js';
import type {Errno} from '../errno.js';
import type {DirNode, VNode} from '../vfs/node.js';
import {kstrtobool, sysfsStreq} from './cmdline.js';
import {cpuIds, cpuTopology, type CpuIds, type CpuTopology} from './cpu-topology.js';
import {kattr, kdir, klink, sdir, type LookupHook} from './kernfs.js';
import {PAGE_SIZE, PERCPU_PAGES_PER_CPU, percpuFirstChunk} from './memblock.js';
import type {GuestMm} from './mm.js';
import {subsysRoot, type PrintkDevice} from './printk.js';
import {SYS_CPU_UNSIMULATED, unsimulatedEntries} from './unsimulated.js';

/** What sysfs.ts lends the CPU devices: its power/ and uevent builders. */
export interface CpuSysfsHelpers {
	/** A device's power/ directory; `extra` are attributes the device's code adds to it. */
	power(hook: LookupHook, extra?: [string, VNode][]): DirNode;
	/** A device's uevent (read: `vars`; write: kobject_synth_uevent() with dev_err() of `who`). */
	uevent(devpath: string, who: PrintkDevice, vars?: () => string): VNode;
	/** A driver's or bus's write-only uevent. */
	busUevent(path: string): VNode;
}

/** CONFIG_NR_CPUS of this Debian build ("setup_percpu: NR_CPUS:8192" at boot). */
const NR_CPUS = 8192;
/**
 * CPUMAP_FILE_MAX_BYTES and CPULIST_FILE_MAX_BYTES (include/linux/cpumask.h): the sizes of the
 * topology bin_attributes (NR_CPUS * 9 / 32 is under a page, so a page; NR_CPUS * 7 / 2).
 */
const CPUMAP_FILE_MAX_BYTES = NR_CPUS * 9 / 32 > PAGE_SIZE ? NR_CPUS * 9 / 32 - 1 : PAGE_SIZE;
const CPULIST_FILE_MAX_BYTES = NR_CPUS * 7 / 2 > PAGE_SIZE ? NR_CPUS * 7 / 2 : PAGE_SIZE;

/**
 * bitmap_string() ("%*pb" over nr_cpu_ids bits): 32-bit chunks in hex, most significant first,
 * comma-separated; the first as wide as its bits need, the others eight digits.
 */
export function cpumaskHex(cpus: Iterable<number>, nrCpuIds: number): string {
	const set = new Set(cpus);
	const chunks: string[] = [];
	for (let lo = Math.ceil(nrCpuIds / 32) * 32 - 32; lo >= 0; lo -= 32) {
		const bits = Math.min(32, nrCpuIds - lo);
		let val = 0;
		for (let b = 0; b < bits; b++) if (set.has(lo + b)) val += 2 ** b;
		chunks.push(val.toString(16).padStart(Math.ceil(bits / 4), '0'));
	}
	return chunks.join(',');
}

/** bitmap_list_string() ("%*pbl"): ranges of set bits, "0-1,4,6-7". */
export function cpumaskList(cpus: Iterable<number>): string {
	const sorted = [...new Set(cpus)].sort((a, b) => a - b);
	const out: string[] = [];
	for (let i = 0; i < sorted.length;) {
		let j = i;
		while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
		out.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
		i = j + 1;
	}
	return out.join(',');
}

/** CPUs 0..n-1. */
const allCpus = (n: number): number[] => Array.from({length: n}, (_, i) => i);

/** The cpumasks set_cpu_sibling_map() builds for one CPU, and its topology ids. */
export interface CpuTopologyView {
	ids: CpuIds;
	/** cpu_sibling_map, cpu_l2c_shared_map (clusters), the SMT mask: the CPU alone. */
	thread: number[];
	/** cpu_core_map and cpu_die_map: the CPUs of its package. */
	package: number[];
}

/** Every CPU's view of the -smp topology, as the guest derives it (see the file comment). */
export function cpuTopologyViews(t: CpuTopology, cpus: number): CpuTopologyView[] {
	const ids = allCpus(cpus).map(i => cpuIds(t, i));
	return ids.map((id, i) => ({
		ids: id,
		thread: [i],
		package: allCpus(cpus).filter(j => ids[j]!.packageId === id.packageId),
	}));
}

/**
 * One cpuid4-style cache leaf of amd_cpuid4(), from QEMU's legacy AMD descriptors for qemu64
 * (CPUID 0x80000005/6: L1d and L1i 64 KiB 2-way, L2 512 KiB 16-way, L3 16 MiB 16-way, 64-byte
 * lines, one line per tag).
 */
interface CacheLeaf {
	level: number;
	type: 'Data' | 'Instruction' | 'Unified';
	sizeKb: number;
	ways: number;
}
const LINE_SIZE = 64;
const CACHE_LEAVES: readonly CacheLeaf[] = [
	{level: 1, type: 'Data', sizeKb: 64, ways: 2},
	{level: 1, type: 'Instruction', sizeKb: 64, ways: 2},
	{level: 2, type: 'Unified', sizeKb: 512, ways: 16},
	{level: 3, type: 'Unified', sizeKb: 16384, ways: 16},
];

/**
 * The CPUs sharing leaf `index` of CPU `cpu` (__cache_cpumap_setup()): the L3 is shared by
 * cpu_llc_shared_mask() (same LLC id: the package); amd_cpuid4() reports no thread sharing the
 * others (num_threads_sharing 0), so L1 and L2 are the CPU's own.
 */
export function cacheSharedCpus(views: readonly CpuTopologyView[], cpu: number, index: number): number[] {
	return index === 3 ? views[cpu]!.package : [cpu];
}

/** CPUHP_ONLINE in this kernel's enum cpuhp_state; CPUHP_INVALID; CPUHP_OFFLINE. */
const CPUHP_ONLINE = 236;
const CPUHP_INVALID = -1;
const CPUHP_OFFLINE = 0;

/** kstrtoint(buf, 10): an optional sign, decimal digits, one trailing newline; outside int is ERANGE. */
function kstrtoint10(buf: string): number | Errno {
	const m = /^([+-]?)([0-9]+)\n?$/.exec(buf);
	if (!m) return 'EINVAL';
	const v = Number(m[1] === '-' ? -BigInt(m[2]!) : BigInt(m[2]!));
	return v >= -(2 ** 31) && v < 2 ** 31 ? v : 'ERANGE';
}

/**
 * kstrtos32(buf, 0): an optional sign, then decimal, 0x hex or 0 octal, one trailing newline;
 * outside s32 is ERANGE.
 */
function kstrtos32auto(buf: string): number | Errno {
	const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)\n?$/.exec(buf);
	if (!m) return 'EINVAL';
	const t = m[2]!;
	const mag = /^0[xX]/.test(t) ? BigInt(t) : t.length > 1 ? BigInt(`0o${t.slice(1)}`) : BigInt(t);
	const v = Number(m[1] === '-' ? -mag : mag);
	return v >= -(2 ** 31) && v < 2 ** 31 ? v : 'ERANGE';
}

/**
 * Where crash_notes_memory_init()'s __alloc_percpu(sizeof(note_buf_t), 512) lands in the first
 * chunk's dynamic area (after the 217088-byte static and 8192-byte reserved areas): the
 * allocations of start_kernel() and the initcalls before it fill the first bytes of that area.
 * memhp does not replay those allocations, so this is calibrated on the lab: 0x3400 with 1 GiB
 * and 2 CPUs (-smp 2 and -smp 2,threads=2), 0x3600 with 2 GiB and 4 CPUs. Which of RAM and CPU
 * count moved it one 512-byte alignment step is not known; it is taken to be the CPU count.
 * Other sizes and counts (and a boot ZONE_NORMAL, whose per_cpu_pageset and per_cpu_zonestats
 * are two more allocations before it) may land elsewhere in the real kernel.
 */
const PCPU_STATIC_BYTES = 217088;
const PCPU_RESERVED_BYTES = 8192;
function crashNotesDynOffset(cpus: number): number {
	return cpus <= 2 ? 0x3400 : 0x3600;
}

/**
 * crash_notes_show(): per_cpu_ptr_to_phys(per_cpu_ptr(crash_notes, cpu)). The first chunk is
 * embedded in the direct map, so this is the physical address of CPU `cpu`'s unit (unit `cpu`
 * of the one group, unit_size apart, from the PMD-aligned block setup_per_cpu_areas() took
 * from memblock: memblock-alloc.ts places it) plus the allocation's offset in the unit.
 */
export function crashNotesAddress(mm: GuestMm, cpus: number, cpu: number): number {
	const {unitSize} = percpuFirstChunk(cpus);
	// The units memblock still holds: one reservation per used unit, the first the lowest.
	const units = mm.boot.reservations
		.filter(r => r.what === 'percpu' && r.end - r.start >= PERCPU_PAGES_PER_CPU)
		.map(r => r.start * PAGE_SIZE)
		.sort((a, b) => a - b);
	const base = units[0] ?? 0;
	return base + cpu * unitSize + PCPU_STATIC_BYTES + PCPU_RESERVED_BYTES + crashNotesDynOffset(cpus);
}

/** sizeof(note_buf_t): the ELF notes of one CPU's crash (prstatus and an empty note). */
const NOTE_BUF_BYTES = 368;

/**
 * The ACPI processor object of CPU `i` (QEMU's build_cpus_aml(), \_SB.CPUS.Cxxx): a Processor
 * (LNXCPU) while its APIC ID is below 255, else a Device with _HID ACPI0007 and _UID i. Device
 * names number instances per hid in namespace order (acpi_device_set_name(): "%s:%02x").
 */
interface AcpiCpu {
	name: string;
	hid: string;
	uid?: number;
	path: string;
}
function acpiCpus(views: readonly CpuTopologyView[]): AcpiCpu[] {
	const counts = new Map<string, number>();
	return views.map((v, i) => {
		const hid = v.ids.apicId < 255 ? 'LNXCPU' : 'ACPI0007';
		const n = counts.get(hid) ?? 0;
		counts.set(hid, n + 1);
		return {
			name: `${hid}:${n.toString(16).padStart(2, '0')}`, hid,
			...(hid === 'ACPI0007' ? {uid: i} : {}),
			path: `\\_SB_.CPUS.C${i.toString(16).toUpperCase().padStart(3, '0')}`,
		};
	});
}

/** \_SB.CPUS, the processor container (ACPI0010, _CID PNP0A05), under /sys/devices. */
const CPUS_PATH = 'LNXSYSTM:00/LNXSYBUS:00/ACPI0010:00';

/** The CPU devices and what links to them, for sysfs.ts to place. */
export interface CpuSysfs {
	/** /sys/devices/system/cpu */
	cpuDir: DirNode;
	/** /sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0010:00 */
	acpiContainer: DirNode;
	/** The container's and the processors' links in /sys/bus/acpi/devices. */
	acpiBusDevices: [string, VNode][];
	/** /sys/bus/cpu/drivers/processor */
	processorDriver: DirNode;
}

/**
 * drivers/base/cpu.c and friends for the guest's CPUs (all CPUs QEMU created are present,
 * possible and online: `-smp N` leaves no hotpluggable ones). CPU hotplug itself is not
 * simulated: a CPU stays online, as while cpu_hotplug_disabled.
 */
export function buildCpuSysfs(mm: GuestMm, boot: FirmwareBootInfo, hook: LookupHook, h: CpuSysfsHelpers): CpuSysfs {
	const cpus = Math.max(1, boot.cpus);
	const views = cpuTopologyViews(cpuTopology(boot), cpus);
	const acpi = acpiCpus(views);
	// The processor driver's binding: acpi_processor_start() probed every CPU at boot; unbind and
	// bind move it (drivers/base/bus.c unbind_store() / bind_store()).
	const bound = views.map(() => true);
	let bindGen = 0;
	const bindingGen = () => bindGen;

	const devices: [string, VNode][] = views.map((_, i) => [`cpu${i}`, cpuDeviceDir(i)]);
	const mask = `${cpumaskList(allCpus(cpus))}\n`;
	const cpuDir = sdir([
		...devices,
		['isolated', kattr(() => '\n')],
		['kernel_max', kattr(() => `${NR_CPUS - 1}\n`)],
		['offline', kattr(() => '\n')],
		['online', kattr(() => mask)],
		['possible', kattr(() => mask)],
		['power', h.power(hook)],
		['present', kattr(() => mask)],
		// kernel/cpu.c's SMT control: qemu64 has no SMT siblings.
		['smt', sdir([
			['active', kattr(() => '0\n')],
			// __store_smt_control(): a known word, then -ENODEV while SMT is not supported.
			['control', kattr(() => 'notsupported\n', data => (/^(on|off|forceoff)\n?$/.test(data) ? 'ENODEV' : 'EINVAL'))],
		], hook)],
		// A subsystem's root device: no bus, so dev_err() has an empty driver string before its name.
		['uevent', h.uevent('/devices/system/cpu', subsysRoot('cpu'))],
		...unsimulatedEntries(SYS_CPU_UNSIMULATED),
	], hook);

	/** drivers/base/topology.c: the ids, and each mask as a bin_attribute pair (%*pb, %*pbl). */
	function topologyDir(i: number): DirNode {
		const v = views[i]!;
		const masks: [string, number[]][] = [
			['cluster_cpus', v.thread], ['core_cpus', v.thread], ['core_siblings', v.package],
			['die_cpus', v.package], ['package_cpus', v.package], ['thread_siblings', v.thread],
		];
		return sdir([
			// topology_cluster_id(): cpu_l2c_id, BAD_APICID (a u16) for this vCPU.
			['cluster_id', kattr(() => '65535\n')],
			['core_id', kattr(() => `${v.ids.coreId}\n`)],
			['die_id', kattr(() => `${v.ids.packageId}\n`)],
			['physical_package_id', kattr(() => `${v.ids.packageId}\n`)],
			...masks.flatMap(([name, set]): [string, VNode][] => [
				[name, {...kattr(() => `${cpumaskHex(set, cpus)}\n`), statSize: CPUMAP_FILE_MAX_BYTES}],
				[`${name}_list`, {...kattr(() => `${cpumaskList(set)}\n`), statSize: CPULIST_FILE_MAX_BYTES}],
			]),
		], hook);
	}

	/**
	 * cache/ (cpu_device_create() "cache", then one "index%1u" device per leaf, neither with a
	 * bus nor power/): cache_default_groups; `id` is get_cache_id(): the APIC ID shifted by the
	 * order of the leaf's sharing count, which amd_cpuid4() reports as one.
	 */
	function cacheDir(i: number): DirNode {
		const path = `/devices/system/cpu/cpu${i}/cache`;
		const leaves: [string, VNode][] = CACHE_LEAVES.map((c, index) => {
			const shared = cacheSharedCpus(views, i, index);
			return [`index${index}`, sdir([
				['coherency_line_size', kattr(() => `${LINE_SIZE}\n`)],
				['id', kattr(() => `${views[i]!.ids.apicId}\n`)],
				['level', kattr(() => `${c.level}\n`)],
				['number_of_sets', kattr(() => `${c.sizeKb * 1024 / LINE_SIZE / c.ways}\n`)],
				['physical_line_partition', kattr(() => '1\n')],
				['shared_cpu_list', kattr(() => `${cpumaskList(shared)}\n`)],
				['shared_cpu_map', kattr(() => `${cpumaskHex(shared, cpus)}\n`)],
				['size', kattr(() => `${c.sizeKb}K\n`)],
				['type', kattr(() => `${c.type}\n`)],
				['uevent', h.uevent(`${path}/index${index}`, subsysRoot(`index${index}`))],
				['ways_of_associativity', kattr(() => `${c.ways}\n`)],
			], hook)];
		});
		return sdir([...leaves, ['uevent', h.uevent(path, subsysRoot('cache'))]], hook);
	}

	/**
	 * kernel/cpu.c cpuhp_cpu_attr_group. Every CPU is at CPUHP_ONLINE; the boot CPU's target
	 * stays 0 (boot_cpu_hotplug_init() sets only its state in 6.1), the others' is what
	 * bringup_cpu() aimed at. `fail` keeps -1 or a state of the online range (the kernel also
	 * refuses states without callbacks and the atomic STARTING ones, whose numbers memhp does
	 * not list); `target` takes CPUHP_OFFLINE or CPUHP_ONLINE: offline is refused like the
	 * `online` file's (EBUSY), online is a no-op (for the boot CPU the kernel's WARN_ON(), whose
	 * splat memhp does not print, then sets its target).
	 */
	function hotplugDir(i: number): DirNode {
		let target = i === 0 ? 0 : CPUHP_ONLINE;
		let fail = CPUHP_INVALID;
		return sdir([
			['fail', kattr(() => `${fail}\n`, data => {
				const v = kstrtoint10(data);
				if (typeof v === 'string') return v;
				if (v !== CPUHP_INVALID && (v < CPUHP_OFFLINE || v > CPUHP_ONLINE)) return 'EINVAL';
				fail = v;
				return undefined;
			})],
			['state', kattr(() => `${CPUHP_ONLINE}\n`)],
			['target', kattr(() => `${target}\n`, data => {
				const v = kstrtoint10(data);
				if (typeof v === 'string') return v;
				if (v !== CPUHP_OFFLINE && v !== CPUHP_ONLINE) return 'EINVAL';
				if (v === CPUHP_OFFLINE) return 'EBUSY';
				target = v;
				return undefined;
			})],
		], hook);
	}

	/**
	 * pm_qos_resume_latency_us, which register_cpu() exposes (dev_pm_qos_expose_latency_limit()
	 * with no constraint): "0" for none, "n/a" for 0 µs; kstrtos32(buf, 0), negative and
	 * S32_MAX refused.
	 */
	function resumeLatencyAttr(): VNode {
		const NO_CONSTRAINT = 2 ** 31 - 1;
		let value = NO_CONSTRAINT;
		return kattr(() => (value === 0 ? 'n/a\n' : `${value === NO_CONSTRAINT ? 0 : value}\n`), data => {
			const v = kstrtos32auto(data);
			if (typeof v === 'number') {
				if (v < 0 || v === NO_CONSTRAINT) return 'EINVAL';
				value = v === 0 ? NO_CONSTRAINT : v;
				return undefined;
			}
			if (sysfsStreq(data, 'n/a')) {
				value = 0;
				return undefined;
			}
			return 'EINVAL';
		});
	}

	/**
	 * cpuN: register_cpu()'s device (cpu0 of x86 cannot go offline, so it has no `online`), its
	 * attribute groups, the firmware_node acpi_bind_one() links and the processor driver.
	 */
	function cpuDeviceDir(i: number): DirNode {
		const path = `/devices/system/cpu/cpu${i}`;
		const fixed: [string, VNode][] = [
			['cache', cacheDir(i)],
			// DEVICE_ATTR_ADMIN_RO: 0400.
			['crash_notes', kattr(() => `${crashNotesAddress(mm, cpus, i).toString(16)}\n`, undefined, 0o400)],
			['crash_notes_size', kattr(() => `${NOTE_BUF_BYTES}\n`, undefined, 0o400)],
			['firmware_node', klink(`../../../${CPUS_PATH}/${acpi[i]!.name}`)],
			['hotplug', hotplugDir(i)],
			['node0', klink('../../node/node0')],
			...(i > 0 ? [['online', kattr(() => '1\n', data => {
				const on = kstrtobool(data);
				if (on === undefined) return 'EINVAL';
				return on ? undefined : 'EBUSY';
			})] as [string, VNode]] : []),
			['power', h.power(hook, [['pm_qos_resume_latency_us', resumeLatencyAttr()]])],
			['subsystem', klink('../../../../bus/cpu')],
			['topology', topologyDir(i)],
			// dev_uevent(): DRIVER= while bound. The cpu bus's MODALIAS= (print_cpu_modalias(),
			// every X86_FEATURE bit set) is not modelled.
			['uevent', h.uevent(path, {subsystem: 'cpu', name: `cpu${i}`}, () => (bound[i] ? 'DRIVER=processor\n' : ''))],
		];
		const driver = klink('../../../../bus/cpu/drivers/processor');
		return kdir(() => (bound[i] ? [...fixed, ['driver', driver]] : fixed), hook, undefined, bindingGen);
	}

	/**
	 * One ACPI processor device (drivers/acpi/device_sysfs.c): path, hid, modalias, `status`
	 * (QEMU's _STA: 0xf while the CPU is enabled), the physical_node acpi_bind_one() made.
	 * Not modelled: `eject` (QEMU gives all but the boot CPU _EJ0; CPU hot-unplug is not
	 * simulated) and the `thermal_cooling` link of acpi_pss_perf_init() (no /sys/class/thermal).
	 */
	function acpiCpuDir(i: number): DirNode {
		const a = acpi[i]!;
		const modalias = `acpi:${a.hid}:`;
		return sdir([
			['hid', kattr(() => `${a.hid}\n`)],
			['modalias', kattr(() => `${modalias}\n`)],
			['path', kattr(() => `${a.path}\n`)],
			['physical_node', klink(`../../../../system/cpu/cpu${i}`)],
			['power', h.power(hook)],
			['status', kattr(() => '15\n')],
			['subsystem', klink('../../../../../bus/acpi')],
			['uevent', h.uevent(`/devices/${CPUS_PATH}/${a.name}`, {subsystem: 'acpi', name: a.name}, () => `MODALIAS=${modalias}\n`)],
			...(a.uid !== undefined ? [['uid', kattr(() => `${a.uid}\n`)] as [string, VNode]] : []),
		], hook);
	}

	// \_SB.CPUS: the processor_container scan handler attaches it (no physical node, no _STA).
	const containerModalias = 'acpi:ACPI0010:PNP0A05:';
	const acpiContainer = sdir([
		...acpi.map((a, i): [string, VNode] => [a.name, acpiCpuDir(i)]),
		['hid', kattr(() => 'ACPI0010\n')],
		['modalias', kattr(() => `${containerModalias}\n`)],
		['path', kattr(() => '\\_SB_.CPUS\n')],
		['power', h.power(hook)],
		['subsystem', klink('../../../../bus/acpi')],
		['uevent', h.uevent(`/devices/${CPUS_PATH}`, {subsystem: 'acpi', name: 'ACPI0010:00'}, () => `MODALIAS=${containerModalias}\n`)],
	], hook);
	const acpiBusDevices: [string, VNode][] = [
		['ACPI0010:00', klink(`../../../devices/${CPUS_PATH}`)],
		...acpi.map((a): [string, VNode] => [a.name, klink(`../../../devices/${CPUS_PATH}/${a.name}`)]),
	];

	/** The CPU named by a bind/unbind write (bus_find_device_by_name(): sysfs_streq()). */
	const cpuByName = (buf: string): number | undefined => {
		const i = views.findIndex((_, n) => sysfsStreq(buf, `cpu${n}`));
		return i < 0 ? undefined : i;
	};
	const processorDriver = kdir(() => [
		// bind_store(): ENODEV for no such device; a bound one is EBUSY (__driver_probe_device()).
		['bind', kattr(undefined, data => {
			const i = cpuByName(data);
			if (i === undefined) return 'ENODEV';
			if (bound[i]) return 'EBUSY';
			bound[i] = true;
			bindGen++;
			return undefined;
		}, 0o200)],
		...views.flatMap((_, i): [string, VNode][] => (bound[i] ? [[`cpu${i}`, klink(`../../../../devices/system/cpu/cpu${i}`)]] : [])),
		['uevent', h.busUevent('/bus/cpu/drivers/processor')],
		// unbind_store(): ENODEV unless the device is bound to this driver.
		['unbind', kattr(undefined, data => {
			const i = cpuByName(data);
			if (i === undefined || !bound[i]) return 'ENODEV';
			bound[i] = false;
			bindGen++;
			return undefined;
		}, 0o200)],
	], hook, undefined, bindingGen);

	return {cpuDir, acpiContainer, acpiBusDevices, processorDriver};
}
