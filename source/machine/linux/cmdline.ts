/** Memory online types (include/linux/memory_hotplug.h MMOP_*). */
export type OnlineType = 'offline' | 'online' | 'online_kernel' | 'online_movable';

export const ONLINE_TYPES: readonly OnlineType[] = ['offline', 'online', 'online_kernel', 'online_movable'];

/** sysfs_streq(): equal, ignoring one trailing newline on either side. */
export function sysfsStreq(a: string, b: string): boolean {
	const strip = (s: string) => (s.endsWith('\n') ? s.slice(0, -1) : s);
	return strip(a) === strip(b);
}

/** kstrtouint(s, 0): decimal, 0x hex or 0 octal, an optional + and one trailing newline, below 2^32. */
export function kstrtouint0(s: string): number | undefined {
	const m = /^\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)\n?$/.exec(s);
	if (!m) return undefined;
	const t = m[1]!;
	const v = /^0[xX]/.test(t) ? Number.parseInt(t.slice(2), 16) : t.length > 1 && t[0] === '0' ? Number.parseInt(t.slice(1), 8) : Number(t);
	return v <= 0xffffffff ? v : undefined;
}

/** kstrtobool() of 6.1: only the first one or two characters count. */
export function kstrtobool(s: string): boolean | undefined {
	switch (s[0]) {
		case 'y': case 'Y': case 't': case 'T': case '1': return true;
		case 'n': case 'N': case 'f': case 'F': case '0': return false;
		case 'o': case 'O':
			if (s[1] === 'n' || s[1] === 'N') return true;
			if (s[1] === 'f' || s[1] === 'F') return false;
			return undefined;
		default: return undefined;
	}
}

/** param_set_bool(): kstrtobool(), where a bare `name` (no `=`) means true. */
export function kstrtoboolParam(s: string | undefined): boolean | undefined {
	return s === undefined ? true : kstrtobool(s);
}

/**
 * hugepages_setup()'s value: `N` (sscanf %lu: what follows the number is ignored), or the
 * node form `0:N[,0:M...]`, where node 0 is the only online node. Returns the count, or the
 * rest of the value from where it stopped making sense (what the warning prints).
 */
function parseHugepages(val: string): number | string {
	const num = /^\s*\+?(\d+)/;
	const first = num.exec(val);
	if (!first) return val;
	if (val[first[0].length] !== ':') return Math.min(Number(first[1]), Number.MAX_SAFE_INTEGER);
	let total = 0;
	let p = val;
	for (;;) {
		const node = num.exec(p);
		if (!node || p[node[0].length] !== ':' || Number(node[1]) !== 0) return p;
		const rest = p.slice(node[0].length + 1);
		const n = num.exec(rest);
		if (!n) return rest;
		total += Number(n[1]);
		if (rest[n[0].length] !== ',') return Math.min(total, Number.MAX_SAFE_INTEGER);
		p = rest.slice(n[0].length + 1);
	}
}

/** mhp_online_type_from_str(). */
export function onlineTypeFromStr(s: string): OnlineType | undefined {
	return ONLINE_TYPES.find(t => sysfsStreq(s, t));
}

/** /sys/kernel/mm/transparent_hugepage/enabled. */
export type ThpMode = 'always' | 'madvise' | 'never';

/** The kernel command line as start_kernel/parse_args sees it. */
export interface KernelParams {
	raw: string;
	consoleLoglevel: number;
	ignoreLoglevel: boolean;
	/** memhp_default_state= (default: offline, CONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE is not set). */
	memhpDefaultState: OnlineType;
	movableNode: boolean;
	/** memory_hotplug.online_policy=auto-movable (else contig-zones). */
	autoMovable: boolean;
	/** memory_hotplug.auto_movable_ratio (percent, default 301) and auto_movable_numa_aware (default Y). */
	autoMovableRatio: number;
	autoMovableNumaAware: boolean;
	/** memory_hotplug.memmap_on_memory (read-only at run time). */
	memmapOnMemory: boolean;
	/** acpi_no_memhotplug: the ACPI memory scan handler has no attach callback (no hot-add). */
	acpiNoMemhotplug: boolean;
	/** transparent_hugepage= (the Debian build's default is always: CONFIG_TRANSPARENT_HUGEPAGE_ALWAYS, the lab guest's sysfs). */
	transparentHugepage: ThpMode;
	/** hugepages= for the default (2 MiB) hstate: the pool hugetlb_init() allocates at boot. */
	hugepages: number;
	/** The values of the early parameter `mem`, in order (undefined: `mem` without `=`); e820.ts applies them. */
	mem: (string | undefined)[];
	/**
	 * The early parameters memhp models (`mem`, `kernelcore`, `movablecore`) in command-line order,
	 * as parse_early_param() hands them to their handlers (val undefined: no `=`).
	 */
	early: {key: 'mem' | 'kernelcore' | 'movablecore'; val?: string}[];
	/** What parse_args()'s handlers warned about, in order (KERN_WARNING, right after the command line). */
	parseWarnings: string[];
	/** Words the kernel did not recognise: passed to init as arguments (no '=') or environment. */
	initArgs: string[];
	initEnv: string[];
	init: string;
}

/**
 * Parameters the kernel consumes itself (never handed to init, so never in the "Unknown kernel
 * command line parameters" line). Only those parsed above change the model; the others are
 * accepted as the kernel accepts them, without their effect (docs/known-gaps.md lists what is modelled).
 * `nokaslr` is not here: it is the decompressor's, and the kernel hands it to init.
 */
const KNOWN = new Set([
	'console', 'quiet', 'debug', 'loglevel', 'ignore_loglevel', 'memhp_default_state', 'movable_node',
	'root', 'rw', 'ro', 'rootfstype', 'rootwait', 'rootdelay', 'init', 'rdinit', 'earlyprintk', 'earlycon',
	'keep_bootcon', 'no_console_suspend', 'mem', 'memmap', 'kernelcore', 'movablecore', 'nosmp', 'nosmt',
	'maxcpus', 'nr_cpus', 'possible_cpus', 'panic', 'oops', 'initcall_debug', 'nopti', 'pti', 'mitigations',
	'spectre_v2', 'nospectre_v2', 'mds', 'tsx', 'retbleed', 'hugepagesz', 'default_hugepagesz',
	'hugetlb_free_vmemmap', 'hugetlb_cma', 'crashkernel', 'swiotlb', 'numa', 'numa_balancing', 'acpi',
	'noapic', 'nolapic', 'apic', 'nox2apic', 'clocksource', 'tsc', 'elevator', 'log_buf_len', 'cma',
	'kasan', 'page_owner', 'page_poison', 'debug_pagealloc', 'slub_debug', 'slab_nomerge', 'init_on_alloc',
	'init_on_free', 'norandmaps', 'vsyscall', 'nomodeset', 'nowatchdog', 'nmi_watchdog', 'nosoftlockup',
	'sysrq_always_enabled', 'iommu', 'intel_iommu', 'amd_iommu', 'isolcpus', 'nohz', 'nohz_full',
	'irqaffinity', 'threadirqs', 'preempt', 'selinux', 'apparmor', 'security', 'audit', 'cgroup_disable',
	'cgroup_enable', 'cgroup_no_v1', 'memtest', 'mminit_loglevel', 'efi', 'noefi', 'reboot', 'lpj', 'idle',
]);

/**
 * Parses `-append`: `quiet` sets console_loglevel 4, `debug` 10, `loglevel=N`; unknown words
 * without `=` become init's arguments (`nokaslr` in the goldens: this kernel is built without
 * CONFIG_RANDOMIZE_BASE handling of it at parse_args time), `a=b` words become its environment.
 */
export function parseKernelParams(cmdline: string): KernelParams {
	const p: KernelParams = {
		raw: cmdline, consoleLoglevel: 7, ignoreLoglevel: false, memhpDefaultState: 'offline',
		movableNode: false, autoMovable: false, autoMovableRatio: 301, autoMovableNumaAware: true, hugepages: 0, parseWarnings: [],
		transparentHugepage: 'always', memmapOnMemory: false, acpiNoMemhotplug: false,
		initArgs: [], initEnv: [], init: '/init', mem: [], early: [],
	};
	let hugepagesSeen = false;
	for (const word of cmdline.split(/\s+/).filter(w => w !== '')) {
		const eq = word.indexOf('=');
		const key = eq < 0 ? word : word.slice(0, eq);
		const val = eq < 0 ? '' : word.slice(eq + 1);
		if (key === 'quiet') p.consoleLoglevel = 4;
		else if (key === 'debug') p.consoleLoglevel = 10;
		else if (key === 'loglevel' && /^\d+$/.test(val)) p.consoleLoglevel = Number(val);
		else if (key === 'ignore_loglevel') p.ignoreLoglevel = true;
		else if (key === 'movable_node') p.movableNode = true;
		else if (key === 'memhp_default_state') {
			const t = onlineTypeFromStr(val);
			if (t) p.memhpDefaultState = t;
		} else if (key === 'memory_hotplug.online_policy') {
			// set_online_policy(): sysfs_match_string(); a value it does not know leaves the default.
			if (sysfsStreq(val, 'auto-movable')) p.autoMovable = true;
			else if (sysfsStreq(val, 'contig-zones')) p.autoMovable = false;
		} else if (key === 'transparent_hugepage' && eq >= 0) {
			// setup_transparent_hugepage(): an exact word, else a warning, and the unknown
			// parameter goes on to init's environment as any other.
			if (val === 'always' || val === 'madvise' || val === 'never') p.transparentHugepage = val;
			else {
				p.parseWarnings.push('transparent_hugepage= cannot parse, ignored');
				p.initEnv.push(word);
			}
		} else if (key === 'hugepages') {
			// hugepages_setup(): sscanf("%lu") of the value (what follows the number is ignored);
			// a second hugepages= for the same hstate is refused.
			if (hugepagesSeen) {
				p.parseWarnings.push(`HugeTLB: hugepages= specified twice without interleaving hugepagesz=, ignoring hugepages=${val}`);
				continue;
			}
			const count = parseHugepages(val);
			if (typeof count === 'string') {
				p.parseWarnings.push(`HugeTLB: Invalid hugepages parameter ${count}`);
				continue;
			}
			hugepagesSeen = true;
			p.hugepages = count;
		} else if (key === 'memory_hotplug.auto_movable_ratio') {
			const v = kstrtouint0(val);
			if (v !== undefined) p.autoMovableRatio = v;
		} else if (key === 'memory_hotplug.memmap_on_memory') {
			const v = kstrtoboolParam(eq < 0 ? undefined : val);
			if (v !== undefined) p.memmapOnMemory = v;
		} else if (key === 'memory_hotplug.auto_movable_numa_aware') {
			const v = kstrtoboolParam(eq < 0 ? undefined : val);
			if (v !== undefined) p.autoMovableNumaAware = v;
		}
		else if (word.startsWith('acpi_no_memhotplug')) {
			// __setup("acpi_no_memhotplug", ...): obsolete_checksetup() matches the prefix.
			p.acpiNoMemhotplug = true;
		}
		else if (key === 'mem' || key === 'kernelcore' || key === 'movablecore') {
			if (key === 'mem') p.mem.push(eq < 0 ? undefined : val);
			p.early.push(eq < 0 ? {key} : {key, val});
		}
		else if (key === 'rdinit' || key === 'init') p.init = val;
		else if (KNOWN.has(key) || key.includes('.')) continue;
		else if (eq < 0) p.initArgs.push(word);
		else p.initEnv.push(word);
	}
	return p;
}
