/**
 * `qemu-system-x86_64 ARGS...` parsing (softmmu/vl.c qemu_init, parse_memory_options and
 * hw/core/machine.c machine_set_mem). Only what memhp models is interpreted; other options
 * are accepted and ignored, with the right arity so their arguments are skipped.
 */
import {qemuStrtoi64, qemuStrtosz, qemuStrtou64, hex} from './qemu-strtosz.js';
import {X86_CPU_BOOL_PROPS, X86_CPU_HELP, X86_CPU_TYPED_PROPS} from './x86-cpu-props.js';
import {MachineOptions, machineBool, setMachineProperty} from './machine-options.js';
import {CPU_MODELS, fixed32BitPhysBits, isAmdCpuModel} from './cpu-models.js';
import {DEFAULT_SMP, parseSmpOption, type SmpTopology} from './smp.js';
import {ID_NOT_WELLFORMED, idWellformed, qapiBoolParse, qemuOptsElements, qemuOptsParse, type QemuOptsParsed} from './keyval.js';
import {userCreatableVisit, visitObjectHead, type OptionValue, type VisitedObjectOptions} from './object-add.js';
import {MEMORY_BACKEND_HELP} from './host-memory-backend.js';
import {DEVICE_CATALOG_HELP, OBJECT_TYPES_HELP, QOM_TYPE_NAMES} from './qemu-catalog.js';
import {PC_DIMM_HELP} from './pc-dimm.js';
import {NVDIMM_HELP} from './nvdimm.js';

/** Everything memhp takes from the QEMU command line. */
export interface QemuConfig {
	/**
	 * ram_size, ram_slots, maxram_size. QEMU's are uint64_t; `exact` keeps them so (a maxmem of
	 * 15E, slots of 2^64-1), the numbers are for a machine that was created (all far below 2^53).
	 */
	memory: {size: number; slots: number; maxmem: number; option: string; exact: {size: bigint; slots: bigint; maxmem: bigint}};
	/** Boot CPUs (-smp cpus). */
	smp: number;
	/** The whole -smp topology (sockets, dies, cores, threads, maxcpus). */
	topology: SmpTopology;
	/** `qemu-system-x86_64: warning: ...` lines QEMU prints while starting. */
	warnings: string[];
	/** `-object` memory backends, visited while parsing and created before the board (cold plug). */
	coldObjects: {arg: string; options: VisitedObjectOptions}[];
	/** `-device` options, created after the board in command-line order (only pc-dimm is simulated). */
	coldDevices: {arg: string; opts: Map<string, string>}[];
	physBits: number;
	cpuModel: string;
	startPaused: boolean;
	kernel?: string;
	append: string;
	monitorStdio: boolean;
	machineType: string;
	/** `-machine ...,nvdimm=on`: nvdimm devices may be plugged. */
	nvdimm: boolean;
	/**
	 * What creating the CPUs reports (x86_cpus_init() in the board's init: the -cpu globals, its
	 * +/- flags, realize), after the monitors exist; undefined when they are fine.
	 */
	cpuError?: string;
	/** What parse_cpu_option() reports (an unknown model, a bad tsc-freq), also after the monitors. */
	cpuParseError?: string;
	/**
	 * A serial port whose stdio a monitor took already (qemu_create_late_backends()): the
	 * option's location ("-serial stdio: ", or "" for -nographic's default), after the monitors.
	 */
	stdioTaken?: string;
	/** -usb or -machine usb=on: the pc machine gets a USB bus (no devices on it). */
	usb: boolean;
	/** The merged -machine dictionary (-kernel, -initrd, -append and -nographic's graphics=off in it), as the machine's properties were set from it. */
	machineOptions?: ReadonlyMap<string, string>;
	/** -name guest=NAME (or -name NAME): `info name`, query-name. */
	name?: string;
	/** -uuid, as qemu_uuid_unparse() prints it (all zeros by default). */
	uuid: string;
	/** -rtc base=DATE: the RTC's time at power-on, seconds since the epoch (else the host's time). */
	rtcBase?: number;
	/** What vl.c's defaults and the console options leave on the board and in /chardevs. */
	board: BoardDevices;
	argv: string[];
}

/**
 * The optional parts of the pc board (vl.c's default_vga, default_net, default_floppy,
 * default_cdrom, the serial and parallel ports) and the character devices the consoles made
 * (qemu_chr_parse_compat(): `serial0`, `parallel0`, `compat_monitor0`, ...), which `info
 * qom-tree` shows under /chardevs, with a text console (/backend) per graphics card and `vc`.
 */
export interface BoardDevices {
	vga: boolean;
	nic: boolean;
	floppy: boolean;
	cdrom: boolean;
	serialPorts: number;
	parallelPorts: number;
	/** In creation order: the monitors' (early backends), then each serial port's (a mux's base first), then the parallel ports'. */
	chardevs: Chardev[];
	consoles: number;
	/** vl.c's default_sdcard: an empty `sd0` drive with no device. */
	sdcard: boolean;
	/** A disk, CD or floppy image was given (-hda, -cdrom, -drive, ...): memhp has no block layer. */
	drives: boolean;
	/** No display at all (-nographic, -display none): `info vnc` has no server to show. */
	noDisplay: boolean;
	/**
	 * The graphics card is vl.c's standard VGA (or none) and the NIC its default e1000 on a hub
	 * (or none): the devices memhp knows the qdev properties of (`info qtree`, `info pci`).
	 */
	standardDevices: boolean;
}

/** A character device: its id, QOM type and the `filename` `info chardev` shows (undefined: memhp cannot know it, a host pty). */
export interface Chardev {
	id: string;
	type: string;
	filename?: string;
}

/** The options that give QEMU a drive (vl.c's drive_add() callers). */
const DRIVE_OPTIONS = new Set(['hda', 'hdb', 'hdc', 'hdd', 'cdrom', 'fda', 'fdb', 'drive', 'blockdev', 'sd', 'mtdblock', 'pflash']);

/** The chardev type qemu_chr_parse_compat() makes of a -serial / -parallel / -monitor backend. */
function chardevType(spec: string): string | undefined {
	const name = /^[a-z0-9]+/i.exec(spec)?.[0] ?? '';
	if (['null', 'stdio', 'vc', 'pty', 'msmouse', 'braille', 'testdev', 'file', 'pipe', 'udp'].includes(name)) return `chardev-${name}`;
	if (['tcp', 'telnet', 'tn3270', 'websocket', 'unix'].includes(name)) return 'chardev-socket';
	if (spec.startsWith('/dev/parport')) return 'chardev-parallel';
	if (spec.startsWith('/dev/')) return 'chardev-serial';
	return undefined;
}

/**
 * The chardevs one console option adds: `mon:X` is a mux (`id`) over X, which is created first
 * (`id-base`). A socket not yet connected says so in its filename (qemu_chr_socket_address()'s
 * text, with `,server=on` for a listening one).
 */
function chardevsFor(id: string, spec: string): Chardev[] {
	if (spec.startsWith('mon:')) {
		const base = chardevsFor(`${id}-base`, spec.slice(4));
		return base.length ? [...base, {id, type: 'chardev-mux', filename: 'mux'}] : [];
	}
	const type = chardevType(spec);
	if (!type) return [];
	const [address, ...opts] = spec.split(',');
	const server = opts.some((o) => o === 'server' || (o.startsWith('server=') && qapiBoolParse(o.slice(7)) === true));
	const filename = type === 'chardev-socket' ? `disconnected:${address}${server ? ',server=on' : ''}`
		: type === 'chardev-pty' || type === 'chardev-serial' || type === 'chardev-parallel' ? undefined
		: type.slice('chardev-'.length);
	return [{id, type, ...(filename !== undefined ? {filename} : {})}];
}

export type ParseCommandLineResult = {ok: true; config: QemuConfig} | {ok: false; stdout?: string; stderr: string; exitCode: number};

/** g_get_prgname(): what error_report() and warn_report() put first when no monitor is current. */
export const PROG = 'qemu-system-x86_64';
const DEFAULT_RAM_SIZE = 128 * 1024 * 1024;
const TARGET_PHYS_ADDR_SPACE_BITS = 52;
const TCG_PHYS_ADDR_BITS = 40;

/** Options that take an argument (qemu-options.hx HAS_ARG), the ones a user may plausibly pass. */
const OPTIONS_WITH_ARG = new Set([
	'm', 'smp', 'cpu', 'machine', 'M', 'accel', 'kernel', 'initrd', 'append', 'dtb', 'monitor', 'qmp', 'qmp-pretty',
	'mon', 'chardev', 'serial', 'parallel', 'hda', 'hdb', 'hdc', 'hdd', 'cdrom', 'fda', 'fdb', 'drive', 'blockdev',
	'D', 'd', 'device', 'object', 'numa', 'netdev', 'nic', 'net', 'display', 'vga', 'boot', 'name', 'uuid', 'bios',
	'L', 'k', 'rtc', 'global', 'pidfile', 'vnc', 'spice', 'usbdevice', 'icount', 'overcommit', 'mem-path', 'trace',
	'sandbox', 'msg', 'incoming', 'gdb', 'watchdog-action', 'action', 'audiodev', 'add-fd', 'set', 'runas', 'chroot',
	'smbios', 'fw_cfg', 'option-rom', 'tpmdev', 'iscsi', 'semihosting-config', 'plugin', 'compat', 'async-teardown',
	'run-with', 'acpitable', 'g', 'loadvm', 'virtfs', 'rtc-td-hack', 'readconfig', 'writeconfig', 'machine-type',
]);
const OPTIONS_WITHOUT_ARG = new Set([
	'S', 'nographic', 'nodefaults', 'enable-kvm', 'no-reboot', 'no-shutdown', 'snapshot', 'daemonize', 's', 'full-screen',
	'no-hpet', 'no-acpi', 'no-user-config', 'usb', 'mem-prealloc', 'version', 'h', 'help', 'preconfig', 'only-migratable',
	'no-fd-bootchk', 'win2k-hack', 'enable-sync-profile', 'singlestep', 'xen-attach', 'alt-grab', 'ctrl-grab', 'no-quit',
	'no-frame', 'curses', 'sdl', 'portrait', 'old-param', 'nouserconfig', 'perfmap', 'jitdump',
]);

/** Whether `-NAME` (or `--NAME`) takes the next word as its argument (qemu-options.hx HAS_ARG). */
export function qemuOptionTakesArg(option: string): boolean {
	return OPTIONS_WITH_ARG.has(option.replace(/^--?/, ''));
}

/** The "rtc" QemuOptsList (softmmu/vl.c qemu_rtc_opts): no implied name, merged, three strings. */
const RTC_OPTS = ['base', 'clock', 'driftfix'] as const;
const RTC_OPTS_HELP = `rtc options:\n${RTC_OPTS.map(n => `  ${n}=<str>`).join('\n')}\n`;

/** `-rtc TEXT` into the merged "rtc" options (a later key wins, as qemu_opt_get() reads the last). */
function parseRtcOption(text: string, opts: Map<string, string>, warnings: string[]): {ok: true} | {ok: false; error: string} | {ok: false; help: string} {
	if (qemuOptsElements(text, undefined).some(e => e.name === 'id')) return {ok: false, error: `-rtc ${text}: Invalid parameter 'id'`};
	for (const element of qemuOptsElements(text, undefined)) {
		if (element.warning) warnings.push(`${PROG}: -rtc ${text}: ${element.warning}`);
		if (element.isHelp) return {ok: false, help: RTC_OPTS_HELP};
		if (!(RTC_OPTS as readonly string[]).includes(element.name)) return {ok: false, error: `-rtc ${text}: Invalid parameter '${element.name}'`};
		opts.set(element.name, element.value);
	}
	return {ok: true};
}

/** QEMU's mktimegm() (util/cutils.c), C's truncating division and all: out-of-range fields carry over. */
function mktimegm(year: number, mon: number, mday: number, hour: number, min: number, sec: number): number {
	let y = year;
	let m = mon;
	if (m < 3) {
		m += 12;
		y--;
	}
	const days = mday + Math.trunc((153 * m - 457) / 5) + 365 * y + Math.trunc(y / 4) - Math.trunc(y / 100) + Math.trunc(y / 400) - 719469;
	return 86400 * days + 3600 * hour + 60 * min + sec;
}

/**
 * configure_rtc() (softmmu/rtc.c), run with the early options, before the machine is made:
 * base=utc or localtime starts the RTC at the host's time (memhp's host is on UTC), base=DATE
 * at that date (sscanf's `%d-%d-%dT%d:%d:%d` or `%d-%d-%d`, what follows ignored), then clock=
 * host, rt or vm and driftfix=slew or none; anything else ends QEMU.
 */
function configureRtc(opts: ReadonlyMap<string, string>): {ok: true; base?: number} | {ok: false; error: string} {
	let base: number | undefined;
	const value = opts.get('base');
	if (value !== undefined && value !== 'utc' && value !== 'localtime') {
		const n = String.raw`\s*([+-]?\d+)`;
		const full = new RegExp(`^${n}-${n}-${n}T${n}:${n}:${n}`).exec(value);
		const date = full ?? new RegExp(`^${n}-${n}-${n}`).exec(value);
		const f = date ? date.slice(1).map(Number) : [];
		// (mktimegm() gives -1 for one second only, 1969-12-31T23:59:59, which QEMU takes for failure)
		const t = date ? mktimegm(f[0]!, f[1]!, f[2]!, f[3] ?? 0, f[4] ?? 0, f[5] ?? 0) : -1;
		if (t === -1) return {ok: false, error: "invalid datetime format\nvalid formats: '2006-06-17T16:01:21' or '2006-06-17'"};
		base = t;
	}
	const clock = opts.get('clock');
	if (clock !== undefined && !['host', 'rt', 'vm'].includes(clock)) return {ok: false, error: `invalid option value '${clock}'`};
	const driftfix = opts.get('driftfix');
	if (driftfix !== undefined && !['slew', 'none'].includes(driftfix)) return {ok: false, error: `invalid option value '${driftfix}'`};
	return {ok: true, ...(base !== undefined ? {base} : {})};
}

/** The "memory" QemuOptsList (softmmu/vl.c qemu_mem_opts): implied name "size", merged. */
const MEMORY_OPTS_DESC: ReadonlyMap<string, 'size' | 'num'> = new Map([['size', 'size'], ['slots', 'num'], ['maxmem', 'size']]);
/** qemu_opts_print_help() of that list: its options sorted, with their types. */
const MEMORY_OPTS_HELP = `memory options:\n${[...MEMORY_OPTS_DESC].map(([n, t]) => `  ${n}=<${t}>`).sort().join('\n')}\n`;

type MemoryOpts = Map<'size' | 'slots' | 'maxmem', string>;

/**
 * `-m TEXT`: qemu_opts_parse_noisily(qemu_find_opts("memory"), TEXT, permit_abbrev=true). The
 * list merges (merge_lists), so every -m adds to one QemuOpts and qemu_opt_get() reads the
 * last value of a name: `-m 1G,slots=2 -m maxmem=4G` is one memory option of three. An `id`
 * is refused (a merged list has none); each element is validated as it is read (opt_validate:
 * a name of the list, then its type's parser), warnings printed on the way; `help` or `?`
 * after the first element prints the list's options. On failure QEMU exits.
 */
function parseMemoryOption(text: string, opts: MemoryOpts, warnings: string[]): {ok: true} | {ok: false; error: string} | {ok: false; help: string} {
	const sizeError = (name: string): string =>
		`-m ${text}: Parameter '${name}' expects a non-negative number below 2^64\n` +
		'Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\nand exabytes, respectively.';
	const elements = qemuOptsElements(text, 'size');
	// opts_parse_id() then qemu_opts_create(): the first id= element, before anything is parsed.
	if (qemuOptsElements(text, undefined).some((e) => e.name === 'id')) return {ok: false, error: `-m ${text}: Invalid parameter 'id'`};
	for (const element of elements) {
		if (element.warning) warnings.push(`${PROG}: -m ${text}: ${element.warning}`);
		if (element.isHelp) return {ok: false, help: MEMORY_OPTS_HELP};
		const key = element.name;
		const value = element.value;
		if (key === 'id') continue;
		if (key !== 'size' && key !== 'slots' && key !== 'maxmem') return {ok: false, error: `-m ${text}: Invalid parameter '${key}'`};
		if (MEMORY_OPTS_DESC.get(key) === 'num') {
			// parse_option_number()
			const parsed = qemuStrtou64(value);
			if (!parsed.ok) return {ok: false, error: parsed.erange ? `-m ${text}: Value '${value}' is too large for parameter '${key}'` : `-m ${text}: Parameter '${key}' expects a number`};
		} else {
			// parse_option_size()
			const parsed = qemuStrtosz(value);
			if (!parsed.ok) {
				return {ok: false, error: parsed.erange ? `-m ${text}: Value '${value}' is out of range for parameter '${key}'` : sizeError(key)};
			}
		}
		opts.set(key, value);
	}
	return {ok: true};
}

/** parse_memory_options + machine_set_mem: sizes, defaults and the maxmem/slots consistency checks. */
function machineSetMem(opts: MemoryOpts, warn: (line: string) => void): {ok: true; memory: Omit<QemuConfig['memory'], 'option'>} | {ok: false; error: string} {
	const parsed = {size: opts.get('size'), slots: opts.get('slots'), maxmem: opts.get('maxmem')};
	let size = DEFAULT_RAM_SIZE;
	if (parsed.size !== undefined) {
		const bytes = qemuStrtosz(parsed.size);
		if (bytes.ok && bytes.value !== 0n) {
			// legacy suffix-less format means MiB (so hex gets a suffix: the lab's -m 0x40000000
			// warns "...: 0x40000000M")
			const text = /\d$/.test(parsed.size) ? `${parsed.size}M` : parsed.size;
			const fixed = qemuStrtosz(text);
			if (!fixed.ok) return {ok: false, error: `Parameter 'memory.size' expects size`};
			if (fixed.hexSuffix) warn(`Using a multiplier suffix on hex numbers is deprecated: ${text}`);
			size = Number(fixed.value);
		}
	}
	// ram_size = QEMU_ALIGN_UP(sz, 8192)
	const sizeU64 = BigInt.asUintN(64, ((BigInt(size) + 8191n) / 8192n) * 8192n);
	const slots = parsed.slots === undefined ? 0n : (qemuStrtou64(parsed.slots) as {value: bigint}).value;
	let maxmem = sizeU64;
	if (parsed.maxmem !== undefined) {
		maxmem = (qemuStrtosz(parsed.maxmem) as {value: bigint}).value;
		if (maxmem < sizeU64) {
			return {ok: false, error: `invalid value of maxmem: maximum memory size (0x${hex(maxmem)}) must be at least the initial memory size (0x${hex(sizeU64)})`};
		}
		if (parsed.slots !== undefined && slots && maxmem === sizeU64) {
			return {
				ok: false,
				error: `invalid value of maxmem: memory slots were specified but maximum memory size (0x${hex(maxmem)}) is equal to the initial memory size (0x${hex(sizeU64)})`,
			};
		}
	} else if (parsed.slots !== undefined) {
		return {ok: false, error: 'slots specified but no max-size'};
	}
	const exact = {size: sizeU64, slots, maxmem};
	return {ok: true, memory: {size: Number(sizeU64), slots: Number(slots), maxmem: Number(maxmem), exact}};
}

/** `-accel help`: the accelerator classes of the binary (qtest omitted). */
const ACCEL_HELP = 'Accelerators supported in QEMU binary:\ntcg\nkvm\n';

/**
 * configure_accelerators(): each accelerator asked for is tried in order until one starts. This
 * QEMU runs where there is no /dev/kvm (memhp's premise, and the lab's: a laptop, no KVM): kvm
 * fails as kvm_init() does there, tcg starts; a failure before a success is reported with
 * "falling back to tcg" and QEMU goes on. What was printed comes back either way.
 */
function configureAccelerators(machineAccel: string | undefined, accelOpts: {name: string; where: string}[]): {ok: boolean; printed: string[]} {
	const printed: string[] = [];
	if (accelOpts.length && machineAccel !== undefined) {
		return {ok: false, printed: [`${PROG}: The -accel and "-machine accel=" options are incompatible\n`]};
	}
	// (The default is "tcg:kvm": tcg starts.)
	const tries = accelOpts.length ? accelOpts : (machineAccel ?? 'tcg').split(':').map((name) => ({name, where: ''}));
	let failed = false;
	for (const {name, where} of tries) {
		if (name !== 'tcg' && name !== 'kvm') {
			failed = true;
			printed.push(`${PROG}: ${where}invalid accelerator ${name}\n`);
			continue;
		}
		if (name === 'kvm') {
			failed = true;
			printed.push('Could not access KVM kernel module: No such file or directory\n', `${PROG}: ${where}failed to initialize kvm: No such file or directory\n`);
			continue;
		}
		if (failed) printed.push(`${PROG}: falling back to tcg\n`);
		return {ok: true, printed};
	}
	if (!failed) printed.push(`${PROG}: no accelerator found\n`);
	return {ok: false, printed};
}

const UINT_MAX = {uint8: 0xffn, uint16: 0xffffn, uint32: 0xffffffffn, uint64: 2n ** 64n - 1n} as const;

/**
 * object_apply_global_props() of one `-cpu` global on the CPU object, through the string input
 * visitor: the error after "can't apply global T.P=V: ", or undefined when it applies.
 */
function applyCpuGlobal(type: string, name: string, value: string): string | undefined {
	if (X86_CPU_BOOL_PROPS.has(name)) return qapiBoolParse(value) !== undefined ? undefined : `Parameter '${name}' expects 'on' or 'off'`;
	const kind = X86_CPU_TYPED_PROPS.get(name);
	if (kind === undefined) return `Property '${type}.${name}' not found`;
	if (kind === 'uint8' || kind === 'uint16' || kind === 'uint32' || kind === 'uint64') {
		// parse_type_uint64() then visit_type_uintN()'s range check
		const parsed = qemuStrtou64(value);
		if (!parsed.ok) return `Parameter '${name}' expects uint64`;
		return parsed.value > UINT_MAX[kind] ? `Parameter '${name}' expects ${kind}_t` : undefined;
	}
	if (kind === 'int32' || kind === 'int64') {
		const parsed = qemuStrtoi64(value);
		if (!parsed.ok) return `Parameter '${name}' expects int64`;
		return kind === 'int32' && (parsed.value < -(2n ** 31n) || parsed.value >= 2n ** 31n) ? `Parameter '${name}' expects int32_t` : undefined;
	}
	if (kind === 'OnOffAuto') return ['on', 'off', 'auto'].includes(value) ? undefined : `Parameter '${name}' does not accept value '${value}'`;
	// x86_cpuid_set_vendor(): twelve characters
	if (kind === 'vendor' && value.length !== 12) return `Property '.vendor' doesn't take value '${value}'`;
	return undefined;
}

/**
 * `-cpu MODEL[,prop=value|,+flag|,-flag|,flag]...`: parse_cpu_option() finds the model, and
 * x86_cpu_parse_featurestr() (strtok on ',': empty elements vanish, no ",," escape; '_' in a
 * name reads as '-'; tsc-freq takes a metric size) turns each element into a global property
 * of the model's CPU type, or +flag/-flag into a feature set at realize. What creating the CPU
 * will report (realizeCpu()) comes back as `boardError`: the board's init prints it, after
 * the monitors exist. memhp models only what phys-bits does to the memory map.
 */
function parseCpu(text: string): {model: string; physBits: number; boardError?: string} | string {
	const comma = text.indexOf(',');
	const model = comma < 0 ? text : text.slice(0, comma);
	if (!CPU_MODELS.has(model)) return `unable to find CPU model '${model}'`;
	const type = `${model}-x86_64-cpu`;
	const globals: [string, string][] = [];
	const flags: string[] = [];
	for (const feature of (comma < 0 ? '' : text.slice(comma + 1)).split(',').filter(Boolean)) {
		if (feature[0] === '+' || feature[0] === '-') {
			flags.push(feature.slice(1).replace(/_/g, '-'));
			continue;
		}
		const eq = feature.indexOf('=');
		let name = (eq < 0 ? feature : feature.slice(0, eq)).replace(/_/g, '-');
		let value = eq < 0 ? 'on' : feature.slice(eq + 1);
		if (name === 'tsc-freq') {
			const hz = qemuStrtosz(value, 'B', 1000n); // qemu_strtosz_metric()
			if (!hz.ok || hz.value > 2n ** 63n - 1n) return `bad numerical value ${value}`;
			[name, value] = ['tsc-frequency', String(hz.value)];
		}
		globals.push([name, value]);
	}
	const realized = realizeCpu(model, type, globals, flags);
	return typeof realized === 'string' ? {model, physBits: TCG_PHYS_ADDR_BITS, boardError: realized} : {model, physBits: realized};
}

/**
 * x86_cpus_init() creating the first CPU: object_apply_global_props() applies the globals in
 * order (the first bad one is fatal; phys-bits: the last one wins), then the +flag/-flag
 * features (x86_cpu_expand_features(): the lab's `-cpu host,+foo` reports foo), then
 * x86_cpu_realizefn(): memhp's QEMU runs TCG, and `host` needs KVM's or HVF's CPUID; phys-bits
 * must fit. The phys-bits, or the error.
 */
function realizeCpu(model: string, type: string, globals: [string, string][], flags: string[]): number | string {
	let physBits = 0;
	for (const [name, value] of globals) {
		const error = applyCpuGlobal(type, name, value);
		if (error) return `can't apply global ${type}.${name}=${value}: ${error}`;
		if (name === 'phys-bits') physBits = Number((qemuStrtou64(value) as {value: bigint}).value);
	}
	for (const flag of flags) if (!X86_CPU_BOOL_PROPS.has(flag) && !X86_CPU_TYPED_PROPS.has(flag)) return `Property '${type}.${flag}' not found`;
	if (model === 'host') return "CPU model 'host' requires KVM or HVF";
	const fixed = fixed32BitPhysBits(model);
	if (fixed !== undefined) return physBits ? 'phys-bits is not user-configurable in 32 bit' : fixed;
	if (physBits && (physBits > TARGET_PHYS_ADDR_SPACE_BITS || physBits < 32)) {
		return `phys-bits should be between 32 and ${TARGET_PHYS_ADDR_SPACE_BITS}  (but is ${physBits})`;
	}
	return physBits || TCG_PHYS_ADDR_BITS;
}

function boardDevices(o: {vga: boolean; nic: boolean; floppy: boolean; cdrom: boolean; sdcard: boolean; drives: boolean; noDisplay: boolean; standardDevices: boolean; monitors: string[]; serials: string[]; parallels: string[]}): BoardDevices {
	const chardevs = [
		...o.monitors.flatMap((spec, i) => chardevsFor(`compat_monitor${i}`, spec)),
		...o.serials.flatMap((spec, i) => chardevsFor(`serial${i}`, spec)),
		...o.parallels.flatMap((spec, i) => chardevsFor(`parallel${i}`, spec)),
	];
	const textConsoles = chardevs.filter((c) => c.type === 'chardev-vc').length;
	return {
		vga: o.vga, nic: o.nic, floppy: o.floppy, cdrom: o.cdrom,
		// (the ISA bus has four serial and three parallel ports)
		serialPorts: Math.min(o.serials.length, 4), parallelPorts: Math.min(o.parallels.length, 3),
		chardevs,
		consoles: (o.vga ? 1 : 0) + textConsoles,
		sdcard: o.sdcard, drives: o.drives, noDisplay: o.noDisplay, standardDevices: o.standardDevices,
	};
}

/** Parses `qemu-system-x86_64 ARGS...` (argv without the program name). */
export function parseQemuCommandLine(argv: string[]): ParseCommandLineResult {
	// (the warnings printed before the error stay on the terminal)
	const fail = (message: string): ParseCommandLineResult => ({
		ok: false,
		stderr: config.warnings.join('') + message.split('\n').map((line, i) => (i === 0 ? `${PROG}: ${line}` : line)).join('\n') + '\n',
		exitCode: 1,
	});
	const config: QemuConfig = {
		memory: {size: DEFAULT_RAM_SIZE, slots: 0, maxmem: DEFAULT_RAM_SIZE, option: '', exact: {size: BigInt(DEFAULT_RAM_SIZE), slots: 0n, maxmem: BigInt(DEFAULT_RAM_SIZE)}},
		smp: 1,
		topology: {...DEFAULT_SMP},
		warnings: [],
		coldObjects: [],
		coldDevices: [],
		physBits: TCG_PHYS_ADDR_BITS,
		cpuModel: 'qemu64',
		startPaused: false,
		append: '',
		monitorStdio: false,
		machineType: 'pc',
		nvdimm: false,
		usb: false,
		uuid: '00000000-0000-0000-0000-000000000000',
		board: {vga: true, nic: true, floppy: true, cdrom: true, serialPorts: 0, parallelPorts: 0, chardevs: [], consoles: 0, sdcard: true, drives: false, noDisplay: true, standardDevices: true},
		argv: [...argv],
	};
	let memoryText: string | undefined;
	const memoryOpts: MemoryOpts = new Map();
	const rtcOpts = new Map<string, string>();
	let cpuText: string | undefined;
	// The -machine dictionary (its accel=A[:B] is what -enable-kvm sets to kvm) and the -accel
	// options: the accelerators asked for come from one or the other.
	const machineOptions = new MachineOptions();
	const accelOpts: {name: string; where: string}[] = [];
	// The consoles (vl.c): -nographic's defaults unless -serial, -monitor (-qmp, -mon) or
	// -nodefaults took their place.
	let nographic = false;
	let defaultSerial = true;
	let defaultMonitor = true;
	let defaultParallel = true;
	let defaultVga = true;
	let defaultNet = true;
	let nodefaults = false;
	let vga: string | undefined;
	const nics: string[] = [];
	const monitors: string[] = [];
	// Every monitor_parse() (-monitor, -qmp) numbers a compat_monitor chardev, in order.
	const monitorChardevs: string[] = [];
	const serials: {value: string; where: string}[] = [];
	const parallels: string[] = [];
	let smpText: string | undefined;
	// QemuOpts ids of the "object" and "device" lists (qemu_opts_create refuses duplicates).
	const objectIds = new Set<string>();
	const deviceIds = new Set<string>();
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('-')) continue; // a bare image name is -hda
		const name = arg.replace(/^--?/, '');
		if (OPTIONS_WITHOUT_ARG.has(name)) {
			if (name === 'S') config.startPaused = true;
			// (vl.c puts graphics=off into the machine's dictionary there and then)
			if (name === 'nographic') {
				nographic = true;
				machineOptions.dict.set('graphics', 'off');
			}
			if (name === 'nodefaults') {
				defaultSerial = defaultMonitor = defaultParallel = defaultVga = defaultNet = false;
				nodefaults = true;
			}
			if (name === 'enable-kvm') machineOptions.dict.set('accel', 'kvm');
			if (name === 'usb') machineOptions.dict.set('usb', 'on');
			continue;
		}
		if (!OPTIONS_WITH_ARG.has(name)) return fail(`${arg}: invalid option`);
		if (i + 1 >= argv.length) return fail(`${arg}: requires an argument`);
		const value = argv[++i];
		switch (name) {
			case 'm': memoryText = value; {
				const warnings: string[] = [];
				const parsed = parseMemoryOption(value, memoryOpts, warnings);
				config.warnings.push(...warnings);
				if (!parsed.ok) return 'help' in parsed ? {ok: false, stdout: parsed.help, stderr: config.warnings.join(''), exitCode: 1} : fail(parsed.error);
			} break;
			case 'smp': {
				// keyval_parse() at once (errors carry the option's location); the topology is
				// checked when the machine's options are applied.
				const smp = parseSmpOption(value);
				if (!smp.ok && smp.located) return fail(`-smp ${value}: ${smp.error}`);
				// `-smp help`: qemu_opts_print_help() of smp-opts, then exit(0).
				if (smp.ok && smp.help !== undefined) return {ok: false, stderr: smp.help, exitCode: 0};
				smpText = value;
			} break;
			case 'cpu':
				// qemu_init(): `-cpu help` lists the models and flags and exits at once.
				if (value === 'help' || value === '?') return {ok: false, stdout: X86_CPU_HELP, stderr: '', exitCode: 0};
				cpuText = value;
				break;
			case 'accel': {
				// QemuOpts of the "accel" list, implied name "accel"; `help` lists them and exits.
				const accel = qemuOptsElements(value, 'accel').find((e) => e.name === 'accel')?.value;
				if (accel === undefined || accel === 'help' || accel === '?') return {ok: false, stdout: ACCEL_HELP, stderr: '', exitCode: 0};
				accelOpts.push({name: accel, where: `-accel ${value}: `});
			} break;
			case 'machine': case 'M': {
				const added = machineOptions.add(value);
				if (added && 'error' in added) return fail(added.error);
				if (added) return {ok: false, stdout: added.help, stderr: config.warnings.join(''), exitCode: 0};
			} break;
			case 'object': {
				const r = objectOption(value, objectIds, config);
				if (r) return r;
			} break;
			case 'device': {
				const r = deviceOption(value, deviceIds, config);
				if (r) return r;
			} break;
			// (-kernel, -initrd and -append are the machine's kernel, initrd and append)
			case 'kernel': case 'initrd': case 'append': machineOptions.dict.set(name, value); break;
			case 'monitor':
				defaultMonitor = false;
				if (!value.startsWith('none')) {
					monitors.push(value);
					monitorChardevs.push(value);
				}
				break;
			case 'qmp': case 'qmp-pretty': defaultMonitor = false; monitorChardevs.push(value); break;
			case 'mon': defaultMonitor = false; break;
			case 'parallel': defaultParallel = false; parallels.push(value); break;
			case 'vga': vga = value; break;
			case 'net': case 'netdev': defaultNet = false; if (name === 'net' && /^nic\b/.test(value)) nics.push(value); break;
			case 'nic': defaultNet = false; nics.push(value); break;
			case 'serial':
				defaultSerial = false;
				if (value.startsWith('mon:')) defaultMonitor = false;
				serials.push({value, where: `-serial ${value}: `});
				break;
			// More than the one node would change what every memory view shows (SRAT, zones per
			// node, `info numa`), so memhp refuses rather than pretend.
			case 'numa': return {ok: false, stderr: `memhp: -numa ${value}: NUMA is not simulated (memhp's guest has the one node QEMU gives it without -numa)\n`, exitCode: 1};
			case 'name': {
				// QemuOpts with the implied key `guest`: `-name vm1` or `-name guest=vm1,process=...`.
				for (const [k, v] of value.split(',').map((e, j) => (e.includes('=') ? [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] : j === 0 ? ['guest', e] : [e, 'on']))) {
					if (!['guest', 'process', 'debug-threads'].includes(k)) return fail(`-name ${value}: Invalid parameter '${k}'`);
					if (k === 'guest') config.name = v;
				}
			} break;
			case 'rtc': {
				const warnings: string[] = [];
				const parsed = parseRtcOption(value, rtcOpts, warnings);
				config.warnings.push(...warnings);
				if (!parsed.ok) return 'help' in parsed ? {ok: false, stdout: parsed.help, stderr: config.warnings.join(''), exitCode: 1} : fail(parsed.error);
			} break;
			case 'uuid':
				// qemu_uuid_parse(): 8-4-4-4-12 hex digits.
				if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(value)) return fail(`-uuid ${value}: failed to parse UUID string: wrong format`);
				config.uuid = value.toLowerCase();
				break;
			default: break;
		}
	}
	// qemu_process_early_options(): configure_rtc(), before the machine is selected.
	const rtc = configureRtc(rtcOpts);
	if (!rtc.ok) return fail(rtc.error);
	if (rtc.base !== undefined) config.rtcBase = rtc.base;
	// select_machine(), then qemu_apply_machine_options(): the machine dict's properties in QDict
	// order, -smp's "smp" and -m's "memory" among them (parse_memory_options() always puts one).
	const machine = machineOptions.select();
	if (!machine.ok) return fail(machine.error);
	config.machineType = machine.model;
	for (const key of machineOptions.applyOrder([...(smpText !== undefined ? ['smp'] : []), 'memory'])) {
		if (key === 'smp' && smpText !== undefined && !machineOptions.dict.has('smp')) {
			const smp = parseSmpOption(smpText);
			if (!smp.ok) return fail(smp.error);
			config.topology = smp.topology;
			config.smp = smp.topology.cpus;
			config.warnings.push(...smp.warnings.map((w) => `${PROG}: warning: ${w}\n`));
		} else if (key === 'memory') {
			// (keyval_merge() of -m's dictionary into a -machine memory=... scalar)
			if (machineOptions.dict.has('memory')) return fail("Parameter 'memory' used inconsistently");
			const memory = machineSetMem(memoryOpts, w => config.warnings.push(`${PROG}: warning: ${w}\n`));
			if (!memory.ok) return fail(memory.error);
			config.memory = {...memory.memory, option: memoryText ?? ''};
		} else {
			const error = setMachineProperty(machine.typeName, key, machineOptions.dict.get(key) ?? '');
			if (error) return fail(error);
		}
	}
	const dict = machineOptions.dict;
	config.machineOptions = new Map(dict);
	config.nvdimm = machineBool(dict.get('nvdimm') ?? 'off');
	config.usb = machineBool(dict.get('usb') ?? 'off');
	if (dict.has('kernel')) config.kernel = dict.get('kernel');
	config.append = dict.get('append') ?? '';
	// -nographic: serial and monitor share stdio through the mux (mon:stdio), unless one of them
	// was given: then the other default still goes to plain stdio (without -nographic, to a
	// virtual console memhp has no window for).
	if (nographic) {
		if (defaultSerial && defaultMonitor) serials.push({value: 'mon:stdio', where: ''});
		else {
			if (defaultSerial) serials.push({value: 'stdio', where: ''});
			if (defaultMonitor) {
				monitors.push('stdio');
				monitorChardevs.push('stdio');
			}
		}
	}
	// Without -nographic the defaults go to virtual consoles; -nographic's parallel port is null.
	if (!nographic) {
		if (defaultSerial) serials.push({value: 'vc:80Cx24C', where: ''});
		if (defaultMonitor) monitorChardevs.push('vc:80Cx24C');
	}
	if (defaultParallel) parallels.push(nographic ? 'null' : 'vc:80Cx24C');
	config.board = boardDevices({
		vga: vga === undefined ? defaultVga : vga !== 'none',
		nic: defaultNet || nics.some((n) => !n.startsWith('none')),
		// (q35's machine class has no_floppy: no default floppy drive)
		floppy: !nodefaults && config.machineType !== 'q35',
		cdrom: !nodefaults || argv.includes('-cdrom'),
		sdcard: !nodefaults,
		// (a bare word is -hda's image)
		drives: argv.some((a, i) => (a.startsWith('-') ? DRIVE_OPTIONS.has(a.replace(/^--?/, '')) : i === 0 || !argv[i - 1]!.startsWith('-') || !OPTIONS_WITH_ARG.has(argv[i - 1]!.replace(/^--?/, '')))),
		// (-vnc starts a VNC server whatever the display)
		noDisplay: (nographic || argv.some((a, i) => (a === '-display' || a === '--display') && (argv[i + 1] ?? '').startsWith('none'))) && !argv.some((a) => a === '-vnc' || a === '--vnc'),
		standardDevices: (vga === undefined || vga === 'std' || vga === 'none') && (defaultNet || nics.every((n) => n.startsWith('none'))),
		monitors: monitorChardevs.filter((v) => !v.startsWith('chardev:')),
		serials: serials.map((p) => p.value).filter((v) => v !== 'none'),
		parallels: parallels.filter((v) => v !== 'none'),
	});
	// qemu_create_late_backends(): the monitors' chardevs, then the serial ports'; stdio serves
	// one of them (a second is "cannot use stdio by multiple character devices").
	config.monitorStdio = monitors.includes('stdio');
	const stdioSerial = serials.find((p) => p.value === 'stdio' || p.value === 'mon:stdio');
	if (config.monitorStdio && stdioSerial) config.stdioTaken = stdioSerial.where;
	const accel = configureAccelerators(dict.get('accel'), accelOpts);
	config.warnings.push(...accel.printed);
	if (!accel.ok) return {ok: false, stderr: config.warnings.join(''), exitCode: 1};
	if (cpuText !== undefined) {
		const cpu = parseCpu(cpuText);
		if (typeof cpu === 'string') {
			config.cpuParseError = cpu;
			return {ok: true, config};
		}
		config.cpuModel = cpu.model;
		config.physBits = cpu.physBits;
		if (cpu.boardError) config.cpuError = cpu.boardError;
	}
	return {ok: true, config};
}

export {isAmdCpuModel};

/** A start-up failure with the option's location, as error_report() prints it during parsing. */
function located(option: string, value: string, message: string, exitCode = 1): ParseCommandLineResult {
	const [first, ...rest] = message.split('\n');
	return {ok: false, stderr: [`${PROG}: -${option} ${value}: ${first}`, ...rest].join('\n') + '\n', exitCode};
}

/** What opts_do_parse() warned about, located at the option. */
function optionWarnings(option: string, value: string, warnings: string[], config: QemuConfig): void {
	for (const w of warnings) config.warnings.push(`${PROG}: -${option} ${value}: ${w}`);
}

/**
 * qemu_opts_create() for an option of the "object" or "device" list: its id must be well formed
 * and new in the list; then what opts_do_parse() warned about is printed.
 */
function qemuOptsCreate(list: 'object' | 'device', value: string, q: QemuOptsParsed, ids: Set<string>, config: QemuConfig): ParseCommandLineResult | undefined {
	const id = q.values.get('id');
	if (id !== undefined && !idWellformed(id)) return located(list, value, ID_NOT_WELLFORMED);
	if (id !== undefined && ids.has(id)) return located(list, value, `Duplicate ID '${id}' for ${list}`);
	if (id !== undefined) ids.add(id);
	optionWarnings(list, value, q.warnings, config);
	return undefined;
}

/**
 * The opts visitor's uint16 list for host-nodes: every `host-nodes=` element adds to it, each a
 * number or an inclusive range `lo-hi` of at most 65536 (OPTS_VISITOR_RANGE_MAX). The list, its
 * error, or undefined when there is none.
 */
function optsVisitHostNodes(value: string): number[] | string | undefined {
	const raw = qemuOptsElements(value, 'qom-type').filter((e) => e.name === 'host-nodes').map((e) => e.value);
	if (!raw.length) return undefined;
	const nodes: number[] = [];
	for (const text of raw) {
		const m = /^([^-]+)(?:-(.+))?$/.exec(text);
		const lo = m ? qemuStrtou64(m[1]) : undefined;
		const hi = m?.[2] !== undefined ? qemuStrtou64(m[2]) : lo;
		if (!lo?.ok || !hi?.ok || text.startsWith('-') || hi.value < lo.value || hi.value - lo.value >= 65536n) return "Parameter 'host-nodes' expects a uint64 value or range";
		for (let n = lo.value; n <= hi.value; n++) {
			// (visit_type_uint16() names no member inside a list)
			if (n > 0xffffn) return "Parameter 'null' expects uint16_t";
			nodes.push(Number(n));
		}
	}
	return nodes;
}

/**
 * object_option_parse(): QemuOpts of the "object" list (implied key qom-type), `help`, then
 * visit_type_ObjectOptions() with the opts visitor, all while the command line is parsed.
 * memhp creates memory backends; other object types are accepted and ignored.
 */
function objectOption(value: string, ids: Set<string>, config: QemuConfig): ParseCommandLineResult | undefined {
	if (value.startsWith('{')) return {ok: false, stderr: `memhp: -object in JSON form is not simulated: ${value}\n`, exitCode: 1};
	const q = qemuOptsParse(value, 'qom-type');
	const refused = qemuOptsCreate('object', value, q, ids, config);
	if (refused) return refused;
	const type = q.values.get('qom-type');
	if (q.help || type === 'help') {
		// user_creatable_print_help(): stdout, then exit(0).
		if (type === undefined || type === 'help') return {ok: false, stderr: OBJECT_TYPES_HELP, exitCode: 0};
		if (Object.hasOwn(MEMORY_BACKEND_HELP, type)) return {ok: false, stderr: MEMORY_BACKEND_HELP[type], exitCode: 0};
		// (a type with no class prints nothing: the option is visited as any other)
		if (QOM_TYPE_NAMES.has(type)) return {ok: false, stderr: `memhp: -object ${type},help is not simulated\n`, exitCode: 1};
	}
	if (type === undefined) return located('object', value, "Parameter 'qom-type' is missing");
	if (type === 'memory-backend-file') return {ok: false, stderr: 'memhp: memory-backend-file is not simulated (it would open a host file)\n', exitCode: 1};
	if (!type.startsWith('memory-backend-')) {
		// Other objects are visited (an ObjectType value, an id) and not simulated further.
		const head = visitObjectHead(q.values);
		return head.ok ? undefined : located('object', value, head.error);
	}
	const values: Map<string, OptionValue> = new Map(q.values);
	const nodes = optsVisitHostNodes(value);
	if (typeof nodes === 'string') return located('object', value, nodes);
	if (nodes) values.set('host-nodes', nodes);
	const visited = userCreatableVisit(values, true, w => config.warnings.push(`${PROG}: -object ${value}: warning: ${w}\n`));
	// The opts visitor words two errors its own way: a leftover option is QERR_INVALID_PARAMETER,
	// and opts_type_size() expects "a size value".
	if (!visited.ok) {
		const error = visited.error.replace(/^Parameter '(.*)' is unexpected$/, "Invalid parameter '$1'").replace(/^(Parameter '.*' expects) size$/, '$1 a size value');
		return located('object', value, error);
	}
	config.coldObjects.push({arg: value, options: visited.options});
	return undefined;
}

/**
 * `-device`: QemuOpts of the "device" list (implied key driver); `help` lists the device
 * models. The devices are created after the board (qemu_create_cli_devices).
 */
function deviceOption(value: string, ids: Set<string>, config: QemuConfig): ParseCommandLineResult | undefined {
	if (value.startsWith('{')) return {ok: false, stderr: `memhp: -device in JSON form is not simulated: ${value}\n`, exitCode: 1};
	const q = qemuOptsParse(value, 'driver');
	const refused = qemuOptsCreate('device', value, q, ids, config);
	if (refused) return refused;
	const driver = q.values.get('driver');
	if (q.help || driver === 'help' || driver === '?') {
		// qdev_device_help(): stdout, then exit(0).
		if (driver === undefined || driver === 'help' || driver === '?') return {ok: false, stderr: DEVICE_CATALOG_HELP, exitCode: 0};
		if (driver === 'pc-dimm') return {ok: false, stderr: PC_DIMM_HELP, exitCode: 0};
		if (driver === 'nvdimm') return {ok: false, stderr: NVDIMM_HELP, exitCode: 0};
		return {ok: false, stderr: `memhp: -device ${driver},help is not simulated\n`, exitCode: 1};
	}
	config.coldDevices.push({arg: value, opts: new Map(q.values)});
	return undefined;
}
