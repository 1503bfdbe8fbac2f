import type {AttrNode, DirNode, FileNode, SymlinkNode, VNode} from '../vfs/node.js';

/**
 * What the real guest (Linux 6.1, QEMU's `pc` machine, the goldens' initramfs) has next to the
 * parts memhp simulates: names read off the lab's guest (`ls -l` of /sys, /sys/devices,
 * /sys/devices/system, /sys/kernel, /sys/kernel/mm, /proc and /proc/sys, session 23; /dev's are in vfs/rootfs.ts), so a
 * listing shows what the real one does. Each such node says so when used: opening it or walking
 * below it fails with EMEMHP ("Not simulated by memhp"; a directory lists as empty, see
 * NodeMeta.unsimulated).
 */

/** A directory with `subdirs` subdirectories (its nlink is 2 more, as kernfs and procfs count). */
export function unsimulatedDir(subdirs: number, mode = 0o755): DirNode & {subdirs(): number} {
	return {kind: 'dir', mode, unsimulated: true, list: () => [], lookup: () => undefined, subdirs: () => subdirs};
}

/**
 * An unsimulated directory that still has the named `children` on the way to them, so links to
 * a node below it resolve (its listing stays unsimulated).
 */
export function unsimulatedContainer(children: ReadonlyMap<string, VNode>): DirNode & {subdirs(): number} {
	return {...unsimulatedDir(children.size), lookup: name => children.get(name)};
}

/** A sysfs attribute (st_size PAGE_SIZE unless given). */
export function unsimulatedAttr(mode: number, statSize = 4096): AttrNode {
	return {kind: 'attr', mode, unsimulated: true, statSize};
}

/** A procfs file (st_size 0 unless given). */
export function unsimulatedFile(mode: number, size = 0): FileNode {
	return {kind: 'file', mode, unsimulated: true, read: () => 'EMEMHP', size: () => size};
}

/** A listing entry: a directory with its subdirectory count, an attribute with its mode, a link. */
export type UnsimulatedEntry = [string, 'd', number] | [string, 'f', number] | [string, 'l', string];

/** The nodes of `entries` (sysfs: attributes of PAGE_SIZE, directories mode 0755). */
export function unsimulatedEntries(entries: UnsimulatedEntry[]): [string, VNode][] {
	return entries.map((e): [string, VNode] => {
		if (e[1] === 'd') return [e[0], unsimulatedDir(e[2])];
		if (e[1] === 'f') return [e[0], unsimulatedAttr(e[2])];
		return [e[0], {kind: 'symlink', mode: 0o777, target: e[2]}];
	});
}

/** /sys entries beside bus, devices, firmware, kernel and module. */
export const SYS_UNSIMULATED: UnsimulatedEntry[] = [['block', 'd', 0], ['class', 'd', 39], ['dev', 'd', 2], ['fs', 'd', 3], ['hypervisor', 'd', 0], ['power', 'd', 1]];

/** /sys/devices beside LNXSYSTM:00 and system. */
export const SYS_DEVICES_UNSIMULATED: UnsimulatedEntry[] = [
	['breakpoint', 'd', 1], ['kprobe', 'd', 2], ['msr', 'd', 3], ['pci0000:00', 'd', 9], ['platform', 'd', 7], ['pnp0', 'd', 7], ['software', 'd', 1],
	['tracepoint', 'd', 1], ['uprobe', 'd', 2], ['virtual', 'd', 12],
];

/** /sys/devices/system beside cpu, memory and node. */
export const SYS_DEVICES_SYSTEM_UNSIMULATED: UnsimulatedEntry[] = [['clockevents', 'd', 3], ['clocksource', 'd', 2], ['container', 'd', 6], ['edac', 'd', 2], ['machinecheck', 'd', 2]];

/** /sys/kernel/mm beside hugepages and transparent_hugepage. */
export const SYS_KERNEL_MM_UNSIMULATED: UnsimulatedEntry[] = [['ksm', 'd', 0], ['lru_gen', 'd', 0], ['numa', 'd', 0], ['swap', 'd', 0]];

/** /sys/kernel beside mm. */
export function sysKernelUnsimulated(): [string, VNode][] {
	const dir = (subdirs: number, mode = 0o755) => unsimulatedDir(subdirs, mode);
	return [
		['boot_params', dir(0)], ['btf', dir(0)], ['cgroup', dir(0)], ['debug', dir(0, 0o555)],
		['fscaps', unsimulatedAttr(0o444)], ['iommu_groups', dir(0)], ['irq', dir(16)],
		['kexec_crash_loaded', unsimulatedAttr(0o444)], ['kexec_crash_size', unsimulatedAttr(0o644)], ['kexec_loaded', unsimulatedAttr(0o444)],
		['livepatch', dir(0)], ['notes', unsimulatedAttr(0o444, 504)], ['oops_count', unsimulatedAttr(0o444)], ['profiling', unsimulatedAttr(0o644)],
		['rcu_expedited', unsimulatedAttr(0o644)], ['rcu_normal', unsimulatedAttr(0o644)], ['reboot', dir(0)], ['security', dir(0, 0o555)],
		['slab', dir(145)], ['software_nodes', dir(0)], ['tracing', dir(0, 0o555)], ['uevent_seqnum', unsimulatedAttr(0o444)],
		['vmcoreinfo', unsimulatedAttr(0o444)], ['warn_count', unsimulatedAttr(0o444)],
	];
}

/**
 * /proc entries beside the simulated files, `self`, `sys` and the task directories: [name,
 * node]. kcore's size is what the lab guest's `ls -l` showed (proc_root_kcore->size, from the
 * kernel's kcore ranges; not modelled).
 */
export function procUnsimulated(): [string, VNode][] {
	const file = (mode = 0o444, size = 0) => unsimulatedFile(mode, size);
	const dir = (subdirs: number) => unsimulatedDir(subdirs, 0o555);
	const link = (target: string): SymlinkNode => ({kind: 'symlink', mode: 0o777, target});
	return [
		['acpi', dir(0)], ['bus', dir(2)], ['cgroups', file()], ['consoles', file()], ['crypto', file()], ['devices', file()],
		['diskstats', file()], ['dma', file()], ['driver', dir(0)], ['dynamic_debug', dir(0)], ['execdomains', file()], ['fb', file()],
		['fs', dir(1)], ['interrupts', file()], ['irq', dir(16)], ['kallsyms', file()],
		['kcore', file(0o400, 140737471590400)], ['key-users', file()], ['keys', file()], ['kmsg', file(0o400)],
		['kpagecgroup', file(0o400)], ['kpagecount', file(0o400)], ['kpageflags', file(0o400)], ['locks', file()], ['misc', file()],
		['mtrr', file(0o644)], ['net', link('self/net')], ['partitions', file()], ['pressure', dir(0)],
		['schedstat', file()], ['slabinfo', file(0o400)], ['softirqs', file()],
		['sysvipc', dir(0)], ['timer_list', file(0o400)], ['tty', dir(2)], ['vmallocinfo', file(0o400)],
	];
}

/** /proc/sys beside kernel and vm (sysctl directories count no subdirectories: nlink 1). */
export const PROC_SYS_UNSIMULATED = ['abi', 'crypto', 'debug', 'dev', 'fs', 'net', 'user'];

/** A sysctl directory of /proc/sys that memhp does not simulate. */
export function unsimulatedSysctlDir(): DirNode & {subdirs(): number} {
	// proc_sys_getattr() reports nlink 1 for its directories: subdirs -1 on top of the 2.
	return unsimulatedDir(-1, 0o555);
}

/** /sys/devices/system/cpu beside the CPUs, the masks, power, smt and uevent. */
export const SYS_CPU_UNSIMULATED: UnsimulatedEntry[] = [
	['cpufreq', 'd', 0], ['cpuidle', 'd', 0], ['hotplug', 'd', 0], ['modalias', 'f', 0o444], ['nohz_full', 'f', 0o444], ['vulnerabilities', 'd', 0],
];

/** /sys/bus beside acpi, cpu, memory and node (each with devices/ and drivers/; pci with slots/ too). */
export const SYS_BUS_UNSIMULATED: UnsimulatedEntry[] = [
	'auxiliary', 'clockevents', 'clocksource', 'container', 'coreboot', 'cxl', 'dax', 'edac', 'event_source', 'gpio', 'i2c', 'machinecheck',
	'memory_tiering', 'mipi-dsi', 'nvmem', 'pci', 'pci_express', 'platform', 'pnp', 'serial', 'serio', 'spi', 'workqueue', 'xen', 'xen-backend',
].map((name): UnsimulatedEntry => [name, 'd', name === 'pci' ? 3 : 2]);

/** A bus's driver-core attributes (bus_add_driver()'s drivers_autoprobe and drivers_probe). */
export const SYS_BUS_PROBE_UNSIMULATED: UnsimulatedEntry[] = [['drivers_autoprobe', 'f', 0o644], ['drivers_probe', 'f', 0o200]];

/** /sys/firmware beside acpi and memmap. */
export const SYS_FIRMWARE_UNSIMULATED: UnsimulatedEntry[] = [['dmi', 'd', 2]];

/** /sys/firmware/acpi beside hotplug. */
export const SYS_FIRMWARE_ACPI_UNSIMULATED: UnsimulatedEntry[] = [['interrupts', 'd', 0], ['pm_profile', 'f', 0o444], ['tables', 'd', 2]];

/** \_SB's own attributes (/sys/devices/LNXSYSTM:00/LNXSYBUS:00). */
export const SYS_LNXSYBUS_UNSIMULATED: UnsimulatedEntry[] = [
	['hid', 'f', 0o444], ['modalias', 'f', 0o444], ['path', 'f', 0o444], ['power', 'd', 0], ['subsystem', 'l', '../../../bus/acpi'], ['uevent', 'f', 0o644],
];

/** /sys/devices/LNXSYSTM:00 beside LNXSYBUS:00. */
export const SYS_LNXSYSTM_UNSIMULATED: UnsimulatedEntry[] = [
	['LNXPWRBN:00', 'd', 2], ['LNXSYBUS:01', 'd', 1], ['hid', 'f', 0o444], ['modalias', 'f', 0o444], ['path', 'f', 0o444], ['power', 'd', 0],
	['subsystem', 'l', '../../bus/acpi'], ['uevent', 'f', 0o644],
];

/** /sys/module beside memory_hotplug: the built-in modules with parameters (each a parameters/ directory, some more). */
export const SYS_MODULE_UNSIMULATED: UnsimulatedEntry[] = [
	'8250', 'acpi', 'acpiphp', 'apparmor', 'blk_cgroup', 'block', 'clocksource', 'cpufreq', 'cpuidle', 'cpuidle_haltpoll', 'cryptomgr', 'cxl_core',
	'device_hmem', 'dynamic_debug', 'edac_core', 'fb', 'firmware_class', 'fscrypto', 'gpiolib_acpi', 'grant_table', 'i8042', 'ima', 'intel_idle',
	'ipv6', 'kernel', 'keyboard', 'module', 'mousedev', 'netpoll', 'nmi_backtrace', 'page_alloc', 'page_reporting', 'pci_hotplug', 'pcie_aspm',
	'pciehp', 'printk', 'processor', 'pstore', 'random', 'rcupdate', 'rcutree', 'rng_core', 'rtc_cmos', 'secretmem', 'shpchp', 'spidev', 'spurious',
	'srcutree', 'suspend', 'syscall', 'sysrq', 'tcp_cubic', 'thermal', 'tpm', 'tpm_crb', 'tpm_tis', 'tpm_tis_core', 'vt', 'workqueue', 'xen',
	'xen_kbdfront', 'xz_dec', 'zswap',
].map((name): UnsimulatedEntry => [name, 'd', name === 'cxl_core' || name === 'shpchp' ? 2 : name === 'tpm_crb' || name === 'tpm_tis_core' || name === 'xz_dec' ? 0 : 1]);
