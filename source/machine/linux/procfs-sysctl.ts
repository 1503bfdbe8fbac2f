import type {Errno} from '../errno.js';
import {MAX_THREADS} from './rlimit.js';
import {LINUX_RELEASE, LINUX_UTS_VERSION} from './build-info.js';
import type {AttrNode, VNode} from '../vfs/node.js';
import {kattr, sdir, type KernfsDir, type LookupHook} from './kernfs.js';
import type {GuestMm} from './mm.js';
import {MAX_NR_ZONES} from './mmzone.js';
import {KERN_INFO, KERN_WARNING} from './printk.js';
import type {ProcessTable} from './process.js';
import type {DirtyLimits, VmEvents} from './procfs-vm.js';

/** A /proc/sys file: shown and stored like a sysfs attribute, but st_size 0 as everywhere in procfs. */
function sysctlAttr(...args: Parameters<typeof kattr>): AttrNode {
	return {...kattr(...args), statSize: 0};
}

/**
 * /proc/sys/vm of Linux 6.1 (kernel/sysctl.c, mm/page_alloc.c, mm/page-writeback.c, ...): the
 * file set and modes of a Debian x86_64 kernel, values parsed as proc_dointvec_minmax() and
 * proc_doulongvec_minmax() do (strict writes: one buffer, whitespace-separated numbers, base
 * prefixes 0x/0, EINVAL for anything out of range or not a number). Writes take effect where
 * the model has the mechanism (watermarks, lowmem_reserve, pcp high marks, CommitLimit, dirty
 * thresholds, drop_caches' message and counters); the rest are kept and read back.
 */

const INT_MAX = 2 ** 31 - 1;
const ULONG_MAX = 2n ** 64n - 1n;
/** TAINT_FLAGS_COUNT of 6.1: the taint bits a write to /proc/sys/kernel/tainted may set. */
const TAINT_FLAGS_COUNT = 19;

/** CONFIG_HZ of the Debian kernel: proc_dointvec_jiffies stores seconds * HZ. */
const HZ = 250;
/** TMPBUFLEN of proc_get_long(): longer numbers are refused. */
const TMPBUFLEN = 22;

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const digitValue = (c: string): number => {
	const lc = c.toLowerCase();
	if (lc >= '0' && lc <= '9') return lc.charCodeAt(0) - 48;
	if (lc >= 'a' && lc <= 'z') return lc.charCodeAt(0) - 87;
	return 99;
};

/** proc_get_long(): one number at `p` of the `size` bytes left, or undefined for -EINVAL. */
function procGetLong(buf: string, p: number, size: number): {neg: boolean; val: bigint; len: number} | undefined {
	const tmp = buf.slice(p, p + Math.min(size, TMPBUFLEN - 1));
	let i = 0;
	let neg = false;
	if (tmp[0] === '-' && size > 1) {
		neg = true;
		i = 1;
	}
	if (!isDigit(tmp[i])) return undefined;
	// strtoul_lenient(base 0): 0x.. hexadecimal, 0.. octal, else decimal.
	let base = 10;
	if (tmp[i] === '0') {
		if (tmp[i + 1]?.toLowerCase() === 'x' && tmp[i + 2] !== undefined && digitValue(tmp[i + 2]!) < 16) {
			base = 16;
			i += 2;
		} else {
			base = 8;
		}
	}
	let val = 0n;
	while (i < tmp.length && digitValue(tmp[i]!) < base) {
		val = val * BigInt(base) + BigInt(digitValue(tmp[i]!));
		if (val > ULONG_MAX) return undefined;
		i++;
	}
	if (i === TMPBUFLEN - 1) return undefined;
	// Only whitespace may follow a number.
	if (i < size && tmp[i] !== ' ' && tmp[i] !== '\t' && tmp[i] !== '\n') return undefined;
	return {neg, val, len: i};
}

/**
 * __do_proc_dointvec() / __do_proc_doulongvec_minmax() for a write: up to `count` numbers,
 * each checked by `conv`. The values before a failing one are kept (as the kernel stores them).
 */
function parseVec<T>(data: string, count: number, conv: (neg: boolean, val: bigint) => T | undefined): {values: T[]; err?: Errno} {
	const values: T[] = [];
	let left = Math.min(data.length, 4095);
	let p = 0;
	let first = true;
	let err: Errno | undefined;
	while (left && count-- > 0) {
		while (left && isSpace(data[p])) {
			p++;
			left--;
		}
		if (!left) break;
		const n = procGetLong(data, p, left);
		const v = n && conv(n.neg, n.val);
		if (!n || v === undefined) {
			err = 'EINVAL';
			break;
		}
		values.push(v);
		p += n.len;
		left -= n.len;
		first = false;
	}
	if (first) return {values, err: err ?? 'EINVAL'};
	return {values, err};
}

/** do_proc_dointvec_minmax_conv(): an int within [min, max]. */
function intConv(min?: number, max?: number): (neg: boolean, val: bigint) => number | undefined {
	return (neg, val) => {
		if (neg ? val > BigInt(INT_MAX) + 1n : val > BigInt(INT_MAX)) return undefined;
		const v = neg ? -Number(val) : Number(val);
		if ((min !== undefined && v < min) || (max !== undefined && v > max)) return undefined;
		return v;
	};
}

/** proc_doulongvec_minmax(): a non-negative unsigned long within [min, max]. */
function ulongConv(min?: bigint, max?: bigint): (neg: boolean, val: bigint) => bigint | undefined {
	return (neg, val) => {
		if (neg) return undefined;
		if ((min !== undefined && val < min) || (max !== undefined && val > max)) return undefined;
		return val;
	};
}

/** The vm sysctls the rest of the guest reads (CommitLimit, dirty limits). */
export class VmSysctls implements DirtyLimits {
	overcommitMemory = 0;
	overcommitRatio = 50;
	overcommitKbytes = 0n;
	ratio = 20;
	backgroundRatio = 10;
	bytes = 0;
	backgroundBytes = 0;

	/** vm_commit_limit() in pages: overcommit_kbytes, or overcommit_ratio % of the RAM outside the hugetlb pool (no swap). */
	commitLimitPages(totalramPages: number): number {
		if (this.overcommitKbytes) return Number(this.overcommitKbytes / 4n);
		return Math.floor((totalramPages * this.overcommitRatio) / 100);
	}
}

interface IntOpts {
	min?: number;
	max?: number;
	mode?: number;
	/** proc_dointvec_jiffies: seconds, stored as jiffies. */
	jiffies?: boolean;
}

/** A one-int sysctl: `get` shows it, `set` runs the handler's work after the value is accepted. */
function intFile(get: () => number, set: (v: number) => Errno | undefined, o: IntOpts = {}): VNode {
	const max = o.jiffies ? Math.floor(INT_MAX / HZ) : o.max;
	const min = o.jiffies ? -max! : o.min;
	return sysctlAttr(() => `${get()}\n`, data => {
		const {values, err} = parseVec(data, 1, intConv(min, max));
		if (err) return err;
		return set(values[0]!);
	}, o.mode ?? 0o644);
}

/** A one-unsigned-long sysctl. */
function ulongFile(get: () => bigint, set: (v: bigint) => Errno | undefined, min?: bigint): VNode {
	return sysctlAttr(() => `${get()}\n`, data => {
		const {values, err} = parseVec(data, 1, ulongConv(min));
		if (err) return err;
		return set(values[0]!);
	}, 0o644);
}

/** A sysctl the model only keeps: int with bounds, initial value. */
function keptInt(value: number, o: IntOpts = {}): VNode {
	let v = value;
	return intFile(() => v, n => {
		v = n;
		return undefined;
	}, o);
}

function keptUlong(value: bigint, min?: bigint): VNode {
	let v = value;
	return ulongFile(() => v, n => {
		v = n;
		return undefined;
	}, min);
}

export interface SysctlContext {
	mm: GuestMm;
	procs: ProcessTable;
	events: VmEvents;
	vm: VmSysctls;
	printk: (level: number, text: string) => void;
}

/** The /proc/sys/vm directory. */
export function buildSysctlVm(ctx: SysctlContext, hook: LookupHook): KernfsDir {
	const {mm, vm, events} = ctx;
	const wm = mm.wm;
	// init_user_reserve() / init_admin_reserve(): 3% of free memory, capped at 128 MiB / 8 MiB.
	const USER_CAP = 1n << 17n;
	const ADMIN_CAP = 1n << 13n;
	const reserve = (cap: bigint): bigint => {
		const kb = BigInt(mm.freePages() * 4) / 32n;
		return kb < cap ? kb : cap;
	};
	let userReserve = reserve(USER_CAP);
	let adminReserve = reserve(ADMIN_CAP);
	// reserve_mem_notifier(): after an online both are computed again from the free memory now,
	// unless the operator moved them out of their default ranges; after an offline, one above the
	// free memory left is reset (with a KERN_INFO record).
	mm.memoryNotifiers.push(action => {
		if (action === 'online') {
			if (userReserve > 0n && userReserve < USER_CAP) userReserve = reserve(USER_CAP);
			if (adminReserve > 0n && adminReserve < ADMIN_CAP) adminReserve = reserve(ADMIN_CAP);
			return;
		}
		const free = BigInt(mm.freePages() * 4);
		if (userReserve > free) {
			userReserve = reserve(USER_CAP);
			ctx.printk(KERN_INFO, `vm.user_reserve_kbytes reset to ${userReserve}`);
		}
		if (adminReserve > free) {
			adminReserve = reserve(ADMIN_CAP);
			ctx.printk(KERN_INFO, `vm.admin_reserve_kbytes reset to ${adminReserve}`);
		}
	});
	let percpuHighFraction = 0;
	let watermarkBoostFactor = 15000;
	let dropCachesStfu = 0;
	let dropCaches = 0;
	let compactMemory = 0;
	let numaStat = 1;
	let swappiness = 60;
	const entries: [string, VNode][] = [
		['admin_reserve_kbytes', ulongFile(() => adminReserve, v => void (adminReserve = v))],
		// sysctl_compaction_handler(): only 1 starts a compaction (nothing to compact in the model).
		['compact_memory', sysctlAttr(undefined, data => {
			const {values, err} = parseVec(data, 1, intConv());
			if (err) return err;
			compactMemory = values[0]!;
			return compactMemory === 1 ? undefined : 'EINVAL';
		}, 0o200)],
		['compact_unevictable_allowed', keptInt(1, {min: 0, max: 1})],
		['compaction_proactiveness', keptInt(20, {min: 0, max: 100})],
		['dirty_background_bytes', ulongFile(() => BigInt(vm.backgroundBytes), v => {
			vm.backgroundBytes = Number(v);
			vm.backgroundRatio = 0;
			return undefined;
		}, 1n)],
		['dirty_background_ratio', intFile(() => vm.backgroundRatio, v => {
			vm.backgroundRatio = v;
			vm.backgroundBytes = 0;
			return undefined;
		}, {min: 0, max: 100})],
		// dirty_bytes_min: two pages.
		['dirty_bytes', ulongFile(() => BigInt(vm.bytes), v => {
			if (Number(v) !== vm.bytes) vm.ratio = 0;
			vm.bytes = Number(v);
			return undefined;
		}, 8192n)],
		['dirty_expire_centisecs', keptInt(3000, {min: 0})],
		['dirty_ratio', intFile(() => vm.ratio, v => {
			if (v !== vm.ratio) vm.bytes = 0;
			vm.ratio = v;
			return undefined;
		}, {min: 0, max: 100})],
		['dirty_writeback_centisecs', keptInt(500)],
		['dirtytime_expire_seconds', keptInt(43200, {min: 0})],
		// drop_caches_sysctl_handler(): tmpfs pages are not page cache that can be dropped; drop_slab()
		// frees the unused dentries and inodes of path walks. The counters and the message are the kernel's.
		['drop_caches', sysctlAttr(undefined, data => {
			const {values, err} = parseVec(data, 1, intConv(1, 4));
			if (err) return err;
			dropCaches = values[0]!;
			if (dropCaches & 1) events.dropPagecache++;
			if (dropCaches & 2) {
				mm.dropSlab();
				events.dropSlab++;
			}
			if (!dropCachesStfu) {
				const t = ctx.procs.current();
				ctx.printk(KERN_INFO, `${t.comm} (${t.pid}): drop_caches: ${dropCaches}`);
			}
			dropCachesStfu |= dropCaches & 4;
			return undefined;
		}, 0o200)],
		['extfrag_threshold', keptInt(500, {min: 0, max: 1000})],
		['hugetlb_optimize_vmemmap', keptInt(0, {min: 0, max: 1})],
		['hugetlb_shm_group', keptInt(0)],
		['laptop_mode', keptInt(0, {jiffies: true})],
		['legacy_va_layout', keptInt(0, {min: 0})],
		// lowmem_reserve_ratio_sysctl_handler() ignores parse errors: what was read is applied.
		['lowmem_reserve_ratio', sysctlAttr(() => `${wm.lowmemReserveRatio.join('\t')}\n`, data => {
			const ratios = [...wm.lowmemReserveRatio];
			parseVec(data, MAX_NR_ZONES, intConv()).values.forEach((v, i) => (ratios[i] = v));
			wm.writeLowmemReserveRatio(ratios);
			return undefined;
		}, 0o644)],
		['max_map_count', keptInt(65530, {min: 0})],
		['memory_failure_early_kill', keptInt(0, {min: 0, max: 1})],
		['memory_failure_recovery', keptInt(1, {min: 0, max: 1})],
		['min_free_kbytes', intFile(() => wm.minFreeKbytes, v => {
			wm.writeMinFreeKbytes(v);
			return undefined;
		}, {min: 0})],
		['min_slab_ratio', keptInt(5, {min: 0, max: 100})],
		['min_unmapped_ratio', keptInt(1, {min: 0, max: 100})],
		['mmap_min_addr', keptUlong(65536n)],
		['mmap_rnd_bits', keptInt(28, {min: 28, max: 32, mode: 0o600})],
		['mmap_rnd_compat_bits', keptInt(8, {min: 8, max: 16, mode: 0o600})],
		// hugetlb_sysctl_handler(): max_huge_pages, and set_max_huge_pages() on a write (the default
		// mempolicy allows node 0, the only node, so the _mempolicy file does the same).
		['nr_hugepages', ulongFile(() => BigInt(mm.hugetlb.nrHugePages), v => void mm.hugetlb.setMax(v))],
		['nr_hugepages_mempolicy', ulongFile(() => BigInt(mm.hugetlb.nrHugePages), v => void mm.hugetlb.setMax(v))],
		['nr_overcommit_hugepages', ulongFile(() => mm.hugetlb.overcommit, v => void (mm.hugetlb.overcommit = v))],
		['numa_stat', intFile(() => numaStat, v => {
			if (v !== numaStat) ctx.printk(KERN_INFO, v ? 'enable numa statistics' : 'disable numa statistics, and clear numa counters');
			numaStat = v;
			events.setNumaStat(v === 1);
			return undefined;
		}, {min: 0, max: 1})],
		// Only node order is left; anything but d/D/n/N is refused with a warning.
		['numa_zonelist_order', sysctlAttr(() => 'Node\n', data => {
			if ('dDnN'.includes(data[0] ?? '\0') && data.length) return undefined;
			ctx.printk(KERN_WARNING, `Ignoring unsupported numa_zonelist_order value:  ${data.replace(/\n$/, '')}`);
			return 'EINVAL';
		}, 0o644)],
		['oom_dump_tasks', keptInt(1)],
		['oom_kill_allocating_task', keptInt(0)],
		['overcommit_kbytes', ulongFile(() => vm.overcommitKbytes, v => {
			vm.overcommitKbytes = v;
			vm.overcommitRatio = 0;
			return undefined;
		})],
		['overcommit_memory', intFile(() => vm.overcommitMemory, v => void (vm.overcommitMemory = v), {min: 0, max: 2})],
		['overcommit_ratio', intFile(() => vm.overcommitRatio, v => {
			vm.overcommitRatio = v;
			vm.overcommitKbytes = 0n;
			return undefined;
		})],
		['page-cluster', keptInt(3, {min: 0, max: 31})],
		['page_lock_unfairness', keptInt(5, {min: 0})],
		['panic_on_oom', keptInt(0, {min: 0, max: 2})],
		// MIN_PERCPU_PAGELIST_HIGH_FRACTION is 8; 0 goes back to the low-watermark sizing.
		['percpu_pagelist_high_fraction', intFile(() => percpuHighFraction, v => {
			if (v && v < 8) return 'EINVAL';
			percpuHighFraction = v;
			wm.writePercpuPagelistHighFraction(v);
			return undefined;
		}, {min: 0})],
		['stat_interval', keptInt(1, {jiffies: true})],
		// vmstat_refresh(): folds the per-CPU counters; reads give nothing.
		['stat_refresh', sysctlAttr(() => '', () => undefined, 0o600)],
		['swappiness', intFile(() => swappiness, v => void (swappiness = v), {min: 0, max: 200})],
		['unprivileged_userfaultfd', keptInt(0, {min: 0, max: 1})],
		['user_reserve_kbytes', ulongFile(() => userReserve, v => void (userReserve = v))],
		['vfs_cache_pressure', keptInt(100, {min: 0})],
		['watermark_boost_factor', intFile(() => watermarkBoostFactor, v => void (watermarkBoostFactor = v), {min: 0})],
		['watermark_scale_factor', intFile(() => wm.watermarkScaleFactor, v => {
			wm.writeWatermarkScaleFactor(v);
			return undefined;
		}, {min: 1, max: 3000})],
		['zone_reclaim_mode', keptInt(0, {min: 0})],
	];
	return sdir(entries, hook, 0o555, 'as-given');
}

/** The printk levels kernel.printk shows: console_loglevel lives in the ring (dmesg -n sets it too). */
export interface PrintkLevels {
	consoleLoglevel: number;
}

/**
 * The /proc/sys/kernel files a memory-hotplug session reaches for: printk (console_loglevel,
 * default_message_loglevel 4, minimum_console_loglevel 1, default_console_loglevel 7; proc_dointvec,
 * so `echo 8 > /proc/sys/kernel/printk` puts every message on the console, as `dmesg -n 8` does),
 * the uname strings, pid_max (PID_MAX_DEFAULT, 32768, for up to 32 CPUs), threads-max and panic.
 */
export function buildSysctlKernel(ring: PrintkLevels, cpus: number, hook: LookupHook, threadsMax: number, sysrq?: {enabled: number}): KernfsDir {
	const levels = [4, 1, 7];
	let tainted = 0;
	const entries: [string, VNode][] = [
		['osrelease', sysctlAttr(() => `${LINUX_RELEASE}\n`, undefined, 0o444)],
		['ostype', sysctlAttr(() => 'Linux\n', undefined, 0o444)],
		['panic', keptInt(0)],
		// pid_max_min is RESERVED_PIDS + 1, pid_max_max PID_MAX_LIMIT (4 Mi on 64-bit).
		['pid_max', keptInt(Math.max(32768, 1024 * cpus), {min: 301, max: 4 * 1024 * 1024})],
		['printk', sysctlAttr(() => `${[ring.consoleLoglevel, ...levels].join('\t')}\n`, data => {
			const {values, err} = parseVec(data, 4, intConv());
			if (err) return err;
			values.forEach((v, i) => {
				if (i === 0) ring.consoleLoglevel = v;
				else levels[i - 1] = v;
			});
			return undefined;
		}, 0o644)],
		// sysrq_sysctl_handler(): proc_dointvec, then sysrq_toggle_support() (0 off, 1 all, else a mask)
		...(sysrq ? [['sysrq', intFile(() => sysrq.enabled, v => void (sysrq.enabled = v))] as [string, VNode]] : []),
		// max_threads (fork_init()'s set_max_threads()); sysctl_max_threads() takes 20..FUTEX_TID_MASK
		// proc_taint(): the taint mask (nothing has tainted this kernel); a write ORs bits in.
		['tainted', sysctlAttr(() => `${tainted}\n`, data => {
			const m = /^\s*(\d+)\s*$/.exec(data);
			if (!m || Number(m[1]) >= 2 ** TAINT_FLAGS_COUNT) return 'EINVAL';
			tainted = Number(BigInt(tainted) | BigInt(m[1]!));
			return undefined;
		}, 0o644)],
		['threads-max', keptInt(threadsMax, {min: 20, max: MAX_THREADS})],
		['version', sysctlAttr(() => `${LINUX_UTS_VERSION}\n`, undefined, 0o444)],
	];
	return sdir(entries, hook, 0o555, 'as-given');
}

