import type {FirmwareBootInfo} from '../acpi.js';
import {maxThreads} from './rlimit.js';
import type {VNode} from '../vfs/node.js';
import {cpuIds, cpuTopology} from './cpu-topology.js';
import {instantiateOnReaddir, kattr, kdir, pfile, sdir, type KernfsDir, type LookupHook} from './kernfs.js';
import type {Sysrq} from './sysrq.js';
import {HPAGE_KB} from './hugetlb.js';
import {e820RamBuffers} from './e820.js';
import {ioports, pciMemResources, pciWindows32, pnpDevices, Q35_MMCONFIG, romResources} from './pci-scan.js';
import {KERNEL_BRK, KERNEL_IMAGE, PAGE_SIZE} from './memblock.js';
import {PMD_SIZE} from './memblock-alloc.js';
import type {GuestMm} from './mm.js';
import {ZONE_NAMES} from './mmzone.js';
import type {ProcessTable} from './process.js';
import {pidEntries, procSelf, procThreadSelf} from './procfs-pid.js';
import {FILESYSTEMS} from './mounts.js';
import {buildSysctlKernel, buildSysctlVm, VmSysctls} from './procfs-sysctl.js';
import {nodeStats, VmEvents, VmStatFiles} from './procfs-vm.js';
import {PROC_SYS_UNSIMULATED, procUnsimulated, unsimulatedSysctlDir} from './unsimulated.js';
import {CpuTimes} from './cputime.js';
import {BOOT_EPOCH} from './build-info.js';
import {vmallocUsedKb} from './usage.js';

export const LINUX_VERSION = 'Linux version 6.1.0-57-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (2026-11-26)';

/** show_val_kb(): the label and the value share 24 columns (long labels eat into the value's). */
const labels = new Map<string, string>();
const field = (name: string, v: number) => {
	// /proc/meminfo is read on every `free`: the padded labels are built once.
	let label = labels.get(name);
	if (label === undefined) {
		label = (name + ':').padEnd(16);
		labels.set(name, label);
	}
	const value = String(v);
	const pad = 24 - label.length - value.length;
	return pad > 0 ? label + ' '.repeat(pad) + value : label + value;
};
const kb = (name: string, v: number) => `${field(name, v)} kB\n`;

/**
 * meminfo_proc_show() (fs/proc/meminfo.c order, KiB): the node counters of procfs-vm.ts, so
 * /proc/meminfo, /proc/vmstat and /proc/zoneinfo agree page for page. `vm` holds the overcommit
 * sysctls (CommitLimit); without it the defaults apply.
 */
export function meminfo(mm: GuestMm, boot: FirmwareBootInfo, vm: VmSysctls, procs: ProcessTable): string {
	const u = mm.usage;
	const n = nodeStats(mm, Math.max(1, boot.cpus));
	const totalPages = mm.totalramPages();
	const total = totalPages * 4;
	const srecl = n.slabReclaimable * 4;
	const sunrecl = n.slabUnreclaimable * 4;
	const mapped = (directMappedBytes(mm) + mm.resources.reduce((sum, r) => sum + r.size, 0)) / 1024;
	const dm4k = Math.min(directMap4kKb(boot, mm.params.consoleLoglevel, mm.params.movableNode), mapped);
	let s = '';
	s += kb('MemTotal', total) + kb('MemFree', mm.freePages() * 4) + kb('MemAvailable', mm.memAvailablePages() * 4);
	s += kb('Buffers', 0) + kb('Cached', u.shmemKb) + kb('SwapCached', 0);
	s += kb('Active', n.activeAnon * 4) + kb('Inactive', n.inactiveAnon * 4) + kb('Active(anon)', n.activeAnon * 4) + kb('Inactive(anon)', n.inactiveAnon * 4);
	s += kb('Active(file)', 0) + kb('Inactive(file)', 0) + kb('Unevictable', 0) + kb('Mlocked', 0);
	s += kb('SwapTotal', 0) + kb('SwapFree', 0) + kb('Zswap', 0) + kb('Zswapped', 0) + kb('Dirty', 0) + kb('Writeback', 0);
	s += kb('AnonPages', n.anon * 4) + kb('Mapped', n.mapped * 4) + kb('Shmem', u.shmemKb);
	s += kb('KReclaimable', srecl) + kb('Slab', srecl + sunrecl) + kb('SReclaimable', srecl) + kb('SUnreclaim', sunrecl);
	s += kb('KernelStack', n.kernelStackKb) + kb('PageTables', n.pageTables * 4) + kb('SecPageTables', 0);
	s += kb('NFS_Unstable', 0) + kb('Bounce', 0) + kb('WritebackTmp', 0);
	// vm_memory_committed(): the exact sum of vm_committed_as. tmpfs files are VM_NORESERVE, so
	// shmem_acct_block() charges each page as it is allocated (the unpacked initramfs, then what
	// is written), and the user tasks' VM_ACCOUNT mappings (lab, 1G: 1948 kB of rootfs and 336 kB
	// for each of the shell and `grep`; 4 kB more with a one-page file in /tmp).
	const committed = n.shmem + procs.committedPages();
	s += kb('CommitLimit', vm.commitLimitPages(totalPages - mm.hugetlb.totalPages()) * 4) + kb('Committed_AS', committed * 4);
	s += kb('VmallocTotal', 34359738367) + kb('VmallocUsed', vmallocUsedKb(boot.cpus)) + kb('VmallocChunk', 0);
	s += kb('Percpu', mm.boot.percpuPages * 4) + kb('HardwareCorrupted', mm.numPoisonedPages * 4);
	s += kb('AnonHugePages', 0) + kb('ShmemHugePages', 0) + kb('ShmemPmdMapped', 0) + kb('FileHugePages', 0) + kb('FilePmdMapped', 0);
	// hugetlb_report_meminfo(): "HugePages_Total:   %5lu" and so on, then the total of every hstate.
	const hp = mm.hugetlb.nrHugePages;
	const huge = (name: string, v: number) => `${(name + ':').padEnd(19)}${String(v).padStart(5)}\n`;
	s += huge('HugePages_Total', hp) + huge('HugePages_Free', hp) + huge('HugePages_Rsvd', 0) + huge('HugePages_Surp', 0);
	s += kb('Hugepagesize', HPAGE_KB) + kb('Hugetlb', hp * HPAGE_KB);
	s += kb('DirectMap4k', dm4k) + kb('DirectMap2M', mapped - dm4k);
	return s;
}

/**
 * DirectMap4k: the direct map's 4 KiB-mapped part, fixed at boot (the lab's guests keep it
 * through hot-add, online, offline and removal: hot-added memory is mapped in 2 MiB pages).
 * Measured, not derived: 24448 kB is the first 2 MiB, the partial 2 MiB under the e820 RAM end
 * and ten 2 MiB pages split around the kernel image's text, rodata, data and bss boundaries
 * (set_memory_*() on the image's aliases); some boots split one more 2 MiB page after boot
 * (some page set_memory_*()'d away from those), and which do follows no rule memhp could derive,
 * so this is the lab's table (all booted `quiet`, each size the same in every run of it):
 * one-CPU guests had it at 384M and 512M (not at 256M, nor at 544M to 8G), and with
 * `movable_node` (memblock bottom-up) from 3G to 3400M (3G, 3200M, 3300M twice, 3400M; not at
 * 1100M to 2800M, nor at 3584M to 6G: s60/dm, dm2); guests with more CPUs
 * at every size from 320M to 16G (two CPUs: 320M to 3584M and 6G to 16G; three: 512M to 4G;
 * four: 512M and 2G), but for two CPUs at 4G and 5G and four at 1G, and not at 256M nor past
 * 16G (two CPUs at 32G and 48G, four boots: s61/big). The spec's
 * two-CPU 512M guest, booted without `quiet` (every boot message on the serial console), had two
 * more (28544 kB).
 */
function directMap4kKb(boot: FirmwareBootInfo, consoleLoglevel: number, movableNode: boolean): number {
	const ramMiB = (boot.ramBelow4g + boot.ramAbove4g) / (1 << 20);
	const quiet = consoleLoglevel <= 4;
	const unsplit = (boot.cpus === 2 && (ramMiB === 4096 || ramMiB === 5120)) || (boot.cpus === 4 && ramMiB === 1024);
	const lateSplits = boot.cpus > 1
		? (ramMiB <= 256 || ramMiB > 16384 || unsplit ? 0 : quiet || ramMiB > 1024 ? 1 : 2)
		: ((ramMiB >= 384 && ramMiB <= 512) || (movableNode && ramMiB >= 3072 && ramMiB < 3584) ? 1 : 0);
	return 24448 + lateSplits * 2048;
}

/**
 * What init_mem_mapping() maps at boot, as update_page_count() counts it: the whole first MiB
 * (the ISA range), then every RAM range of the kernel's e820 table above it (after `mem=`), page
 * by page.
 */
function directMappedBytes(mm: GuestMm): number {
	// With movable_node memblock is bottom-up, and init_mem_mapping() maps the RAM in two calls
	// split at the kernel's _end (memory_map_bottom_up(): [_end, top), then [1 MiB, _end)). Each
	// rounds its ragged end out to the whole 2 MiB page, which is all RAM
	// (adjust_range_page_size_mask()), so the page holding _end is mapped by both and
	// update_page_count() counts it twice: DirectMap2M 2048 kB over the RAM (the lab's every
	// movable_node flow, 512M to 6G, one and two CPUs, s59/dm1 and gen108 to gen168).
	const endPage = mm.params.movableNode && KERNEL_BRK.end % PMD_SIZE !== 0 ? PMD_SIZE : 0;
	let bytes = 0x100000 + endPage;
	for (const e of mm.e820.table) {
		if (e.type !== 'usable') continue;
		const start = Math.max(0x100000, Math.ceil(e.addr / PAGE_SIZE) * PAGE_SIZE);
		const end = Math.floor((e.addr + e.size) / PAGE_SIZE) * PAGE_SIZE;
		if (end > start) bytes += end - start;
	}
	return bytes;
}

/**
 * node_read_meminfo() (drivers/base/node.c) for /sys/devices/system/node/node0/meminfo: the
 * node's share of the same counters as /proc/meminfo (one node holds them all), in 6.1's
 * layout: `Node 0 ` before each label, values in 8 columns, MemUsed = MemTotal - MemFree, and
 * FileHugePages/FilePmdMapped one column short (their labels are one character too long).
 */
export function nodeMeminfo(mm: GuestMm, cpus: number, nid = 0): string {
	const u = mm.usage;
	const n = nodeStats(mm, Math.max(1, cpus));
	const total = mm.totalramPages() * 4;
	const free = mm.freePages() * 4;
	const srecl = n.slabReclaimable * 4;
	const sunrecl = n.slabUnreclaimable * 4;
	const line = (name: string, v: number, width = 16) => `Node ${nid} ${(name + ':').padEnd(width)}${String(v).padStart(8)} kB\n`;
	// hugetlb_report_node_meminfo(): "HugePages_Total: %5u", "HugePages_Free:  %5u".
	const huge = (name: string, v: number) => `Node ${nid} ${(name + ':').padEnd(17)}${String(v).padStart(5)}\n`;
	return [
		line('MemTotal', total), line('MemFree', free), line('MemUsed', total - free), line('SwapCached', 0),
		line('Active', n.activeAnon * 4), line('Inactive', n.inactiveAnon * 4),
		line('Active(anon)', n.activeAnon * 4), line('Inactive(anon)', n.inactiveAnon * 4),
		line('Active(file)', 0), line('Inactive(file)', 0), line('Unevictable', 0), line('Mlocked', 0),
		line('Dirty', 0), line('Writeback', 0), line('FilePages', n.file * 4), line('Mapped', n.mapped * 4),
		line('AnonPages', n.anon * 4), line('Shmem', u.shmemKb), line('KernelStack', n.kernelStackKb),
		line('PageTables', n.pageTables * 4), line('SecPageTables', 0), line('NFS_Unstable', 0), line('Bounce', 0),
		line('WritebackTmp', 0), line('KReclaimable', srecl), line('Slab', srecl + sunrecl), line('SReclaimable', srecl),
		line('SUnreclaim', sunrecl), line('AnonHugePages', 0), line('ShmemHugePages', 0), line('ShmemPmdMapped', 0),
		line('FileHugePages', 0, 15), line('FilePmdMapped', 0, 15),
		huge('HugePages_Total', mm.hugetlb.nrHugePages), huge('HugePages_Free', mm.hugetlb.nrHugePages), huge('HugePages_Surp', 0),
	].join('');
}

interface IomemRes {
	start: number;
	end: number;
	name: string;
	children?: IomemRes[];
}

const hexw = (n: number) => n.toString(16).padStart(8, '0');

/** /proc/iomem: the resource tree as firmware, PCI and memory hotplug registered it. */
export function iomem(mm: GuestMm, boot: FirmwareBootInfo): string {
	// q35's DSDT leaves the MMCONFIG window out of the 32-bit PCI window: two windows, and the
	// window itself claimed by pci_mmcfg (its e820 reservation and the MCH's PnP device inside).
	const q35 = boot.board === 'q35';
	const bars = pciMemResources(boot);
	const windows: IomemRes[] = pciWindows32(boot).map(w => ({...w, name: 'PCI Bus 0000:00', children: bars.filter(b => b.start >= w.start && b.end <= w.end)}));
	const top: IomemRes[] = [
		{start: 0xa0000, end: 0xbffff, name: 'PCI Bus 0000:00'},
		...romResources(boot),
		...windows,
		{start: 0xfec00000, end: 0xfec003ff, name: 'IOAPIC 0'},
		{start: 0xfed00000, end: 0xfed003ff, name: 'HPET 0', children: [{start: 0xfed00000, end: 0xfed003ff, name: 'PNP0103:00'}]},
		{start: 0xfee00000, end: 0xfee00fff, name: 'Local APIC'},
		{start: 0, end: 0xfff, name: 'Reserved'},
	];
	// e820__reserve_resources(): the kernel's table, after `mem=` took RAM away.
	for (const e of mm.e820.table) {
		let start = e.addr;
		const end = e.addr + e.size - 1;
		if (e.type === 'usable') {
			if (start === 0) start = 0x1000;
			const children = start === 0x100000 ? [
				{start: KERNEL_IMAGE.code[0], end: KERNEL_IMAGE.code[1], name: 'Kernel code'},
				{start: KERNEL_IMAGE.rodata[0], end: KERNEL_IMAGE.rodata[1], name: 'Kernel rodata'},
				{start: KERNEL_IMAGE.data[0], end: KERNEL_IMAGE.data[1], name: 'Kernel data'},
				{start: KERNEL_IMAGE.bss[0], end: KERNEL_IMAGE.bss[1], name: 'Kernel bss'},
			] : undefined;
			top.push({start, end, name: 'System RAM', children});
		} else if (q35 && start === Q35_MMCONFIG.start) {
			top.push({start, end, name: 'PCI MMCONFIG 0000 [bus 00-ff]', children: [
				{start, end, name: 'Reserved', children: [{start, end, name: `pnp ${pnpDevices(boot).mch}`}]},
			]});
		} else {
			top.push({start, end, name: 'Reserved', children: start === 0xf0000 ? [{start, end, name: 'System ROM'}] : undefined});
		}
	}
	// e820__reserve_resources_late(): the padding after each RAM range is "RAM buffer" in the
	// gaps no resource holds (reserve_region_with_split()).
	for (const {start, end} of e820RamBuffers(mm.e820.table)) {
		let pieces = [{start, end}];
		for (const r of top) {
			pieces = pieces.flatMap(p => (r.end < p.start || r.start > p.end ? [p]
				: [{start: p.start, end: r.start - 1}, {start: r.end + 1, end: p.end}].filter(q => q.end >= q.start)));
		}
		for (const p of pieces) top.push({start: p.start, end: p.end, name: 'RAM buffer'});
	}
	for (const r of mm.resources) top.push({start: r.start, end: r.start + r.size - 1, name: 'System RAM'});
	if (boot.pciHole64) top.push({start: boot.pciHole64.base, end: boot.pciHole64.base + boot.pciHole64.size - 1, name: 'PCI Bus 0000:00'});
	// hotplugged functions' BARs, inside the window they were assigned from
	for (const r of mm.pciResources) {
		const window = top.find(w => w.name === 'PCI Bus 0000:00' && w.start <= r.start && r.end <= w.end);
		if (window) window.children = [...(window.children ?? []), {...r}].sort((a, b) => a.start - b.start);
	}
	top.sort((a, b) => a.start - b.start);
	let s = '';
	const walk = (list: IomemRes[], depth: number) => {
		for (const r of list) {
			s += `${'  '.repeat(depth)}${hexw(r.start)}-${hexw(r.end)} : ${r.name}\n`;
			walk(r.children ?? [], depth + 1);
		}
	};
	walk(top, 0);
	return s;
}

/**
 * /proc/cpuinfo of qemu64 vCPUs (show_cpuinfo(): show_cpuinfo_core() from the topology the APIC
 * IDs encode, show_cpuinfo_misc(): qemu64's CPUID level 0xd); `address sizes` reports the CPU's
 * phys-bits (x86_phys_bits).
 */
function cpuinfo(boot: FirmwareBootInfo): string {
	const cpus = Math.max(1, boot.cpus);
	const topology = cpuTopology(boot);
	const ids = Array.from({length: cpus}, (_, i) => cpuIds(topology, i));
	// cpu_x86_cpuid(): with more than one logical CPU per package, CPUID 1 sets HTT and, for a
	// non-Intel vendor, CPUID 0x80000001 sets CmpLegacy.
	const multi = topology.dies * topology.cores * topology.threads > 1;
	let s = '';
	for (let i = 0; i < cpus; i++) {
		const {apicId, packageId, coreId} = ids[i]!;
		const inPackage = ids.filter(c => c.packageId === packageId);
		const cores = new Set(inPackage.map(c => c.coreId)).size;
		s += `processor\t: ${i}\nvendor_id\t: AuthenticAMD\ncpu family\t: 15\nmodel\t\t: 107\nmodel name\t: QEMU Virtual CPU version 2.5+\n`;
		// QEMU's TCG qemu64 reports AMD microcode revision 0x01000065 (the lab guest's cpuinfo).
		s += `stepping\t: 1\nmicrocode\t: 0x1000065\ncpu MHz\t\t: 2095.987\ncache size\t: 512 KB\nphysical id\t: ${packageId}\nsiblings\t: ${inPackage.length}\ncore id\t\t: ${coreId}\ncpu cores\t: ${cores}\n`;
		s += `apicid\t\t: ${apicId}\ninitial apicid\t: ${apicId}\nfpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: 13\nwp\t\t: yes\nflags\t\t: fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2${multi ? ' ht' : ''} syscall nx lm rep_good nopl cpuid extd_apicid pni cx16 hypervisor lahf_lm${multi ? ' cmp_legacy' : ''} svm 3dnowprefetch vmmcall\n`;
		// cpu_set_bug_bits() for an AMD family 0xf CPU without the mitigation CPUID bits.
		s += 'bugs\t\t: fxsave_leak sysret_ss_attrs null_seg swapgs_fence amd_e400 spectre_v1 spectre_v2\n';
		s += `bogomips\t: 4191.97\nTLB size\t: 1024 4K pages\nclflush size\t: 64\ncache_alignment\t: 64\naddress sizes\t: ${boot.physBits} bits physical, 48 bits virtual\npower management:\n\n`;
	}
	return s;
}

/** The vm sysctls and event counters, and the files that print them (procfs, and sysfs's node0). */
export interface VmCounters {
	vm: VmSysctls;
	events: VmEvents;
	files: VmStatFiles;
}

export function createVmCounters(mm: GuestMm, boot: FirmwareBootInfo, procs: ProcessTable): VmCounters {
	const vm = new VmSysctls();
	const events = new VmEvents(mm, procs);
	return {vm, events, files: new VmStatFiles(mm, Math.max(1, boot.cpus), events, () => vm)};
}

/** /proc: the files memory hotplug users read, `self` and a directory per task. */
/** What /proc/stat reads besides the task table: the CPUs' times and the boot's wall-clock time. */
export interface ProcStatSource {
	times: CpuTimes;
	/** btime: the epoch second the guest booted at. */
	btime: number;
}

export function buildProcfs(mm: GuestMm, boot: FirmwareBootInfo, uptimeSeconds: () => number, hook: LookupHook, procs: ProcessTable, mounts: () => string = () => '', vmCounters = createVmCounters(mm, boot, procs), mountinfo: () => string = () => '',
	cpu: ProcStatSource = {times: new CpuTimes(Math.max(1, boot.cpus), uptimeSeconds), btime: BOOT_EPOCH}, sysrq?: Sysrq): KernfsDir {
	const cpus = Math.max(1, boot.cpus);
	const {vm, events, files: vmstat} = vmCounters;
	const printk = (level: number, text: string) => mm.printk.printk(level, text);
	// A seq_file whose one record is the whole node (zoneinfo_show(), pagetypeinfo_show()).
	const seqRecord = (text: string) => {
		mm.seqRecord(text.length);
		return text;
	};
	// proc_reg_open(): entries with a release method that pde_make_permanent() did not mark take a
	// pde_opener object while open (meminfo, version, uptime, loadavg and cmdline are permanent).
	const pde = () => mm.pdeOpen();
	// The watermark code's pr_warn()/pr_info() (a written min_free_kbytes) go to the guest's log.
	mm.wm.log = printk;
	const fixed: [string, VNode][] = [
		['buddyinfo', pfile(() => vmstat.buddyinfo(), 0o444, pde)],
		['cmdline', pfile(() => `${boot.cmdline}\n`)],
		['cpuinfo', pfile(() => cpuinfo(boot), 0o444, pde)],
		['filesystems', pfile(() => FILESYSTEMS.map(fs => `nodev\t${fs}\n`).join(''), 0o444, pde)],
		['iomem', pfile(() => iomem(mm, boot), 0o400, pde)],
		['ioports', pfile(() => ioports(boot), 0o444, pde)],
		// loadavg_proc_show(): an idle guest's averages (calc_load() has nothing to count), the
		// reader itself running, every task, and the last pid handed out (the reader's).
		['loadavg', pfile(() => `0.00 0.00 0.00 1/${procs.pids().length} ${procs.lastAllocated()}\n`)],
		['meminfo', pfile(() => meminfo(mm, boot, vm, procs))],
		// m_show() of the loaded modules: the initramfs loads none (everything it needs is built in).
		['modules', pfile(() => '', 0o444, pde)],
		['mounts', pfile(mounts)],
		['pagetypeinfo', pfile(() => seqRecord(vmstat.pagetypeinfo()), 0o400, pde)],
		['sys', sdir([['kernel', buildSysctlKernel(mm.printk, Math.max(1, boot.cpus), hook, maxThreads(mm.boot.totalramPages), sysrq)], ['vm', buildSysctlVm({mm, procs, events, vm, printk}, hook)], ...PROC_SYS_UNSIMULATED.map((name): [string, VNode] => [name, unsimulatedSysctlDir()])], hook, 0o555, 'as-given')],
		// show_stat(): the CPUs' times (single_open_size(): a pde_opener while open).
		['stat', pfile(() => cpu.times.stat(procs.lastAllocated(), cpu.btime), 0o444, pde)],
		// uptime_proc_show(): the uptime and the CPUs' idle time summed.
		['uptime', pfile(() => `${uptimeSeconds().toFixed(2)} ${cpu.times.idleSeconds().toFixed(2)}\n`)],
		// swap_start()/swap_show(): no swap device, the header alone.
		['swaps', pfile(() => 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n', 0o444, pde)],
		['version', pfile(() => `${LINUX_VERSION}\n`)],
		// write_sysrq_trigger(): the first character written is a command, unmasked; no read op (EIO).
		['sysrq-trigger', {...kattr(() => 'EIO', data => {
			if (data.length) sysrq?.handle(data[0]!, false);
			return undefined;
		}, 0o200), statSize: 0, procfs: true}],
		['vmstat', pfile(() => vmstat.vmstat(), 0o444, pde)],
		['zoneinfo', pfile(() => seqRecord(vmstat.zoneinfo()), 0o400, pde)],
		...procUnsimulated(),
	];
	// proc_root_readdir(): the proc_dir_entry children in their rbtree's order (proc_match():
	// shorter names first, then by bytes), then proc_pid_readdir(): `self`, `thread-self`, one directory per task.
	fixed.sort(([a], [b]) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
	const self: [string, VNode] = ['self', procSelf(procs)];
	const threadSelf: [string, VNode] = ['thread-self', procThreadSelf(procs)];
	const tasks = pidEntries(procs, cpus, hook, () => mm.totalramPages(), mounts, mountinfo);
	// proc_setup_self() and proc_setup_thread_self() made their dentries when /proc was mounted.
	// proc_root_lookup(): a proc_dir_entry child, else proc_pid_lookup(), without building the listing.
	const named = new Map<string, VNode>([...fixed, self, threadSelf]);
	const root = kdir(() => [...fixed, self, threadSelf, ...tasks.list()], hook, 0o555, () => procs.generation(), 'as-given', new Set([self[0], threadSelf[0]]),
		name => named.get(name) ?? tasks.dir(name));
	root.lookupEnoent = true;
	// proc_pid_readdir() instantiates each task's directory with proc_fill_cache() (the
	// proc_dir_entry children and self/thread-self are only emitted).
	return instantiateOnReaddir(root, name => /^\d+$/.test(name));
}

export {PAGE_SIZE, ZONE_NAMES};
