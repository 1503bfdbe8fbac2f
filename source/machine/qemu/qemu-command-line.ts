/**
 * `qemu-system-x86_64 ARGS...` parsing (softmmu/vl.c qemu_init, parse_memory_options and
 * hw/core/machine.c machine_set_mem). Only what memhp models is interpreted; other options
 * are accepted and ignored, with the right arity so their arguments are skipped.
 */
import {qemuStrtosz, qemuStrtou64, hex} from './qemu-strtosz.js';
import {CPU_MODELS, fixed32BitPhysBits, isAmdCpuModel} from './cpu-models.js';
import {DEFAULT_SMP, parseSmpOption, type SmpTopology} from './smp.js';
import {ID_NOT_WELLFORMED, idWellformed, qemuOptsParse, type QemuOptsParsed} from './keyval.js';
import {userCreatableVisit, type VisitedObjectOptions} from './object-add.js';
import {MEMORY_BACKEND_HELP} from './host-memory-backend.js';
import {DEVICE_CATALOG_HELP, OBJECT_TYPES_HELP} from './qemu-catalog.js';
import {PC_DIMM_HELP} from './pc-dimm.js';
import {NVDIMM_HELP} from './nvdimm.js';

/** Everything memhp takes from the QEMU command line. */
export interface QemuConfig {
	memory: {size: number; slots: number; maxmem: number; option: string};
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
	/** -name guest=NAME (or -name NAME): `info name`, query-name. */
	name?: string;
	/** -uuid, as qemu_uuid_unparse() prints it (all zeros by default). */
	uuid: string;
	argv: string[];
}

export type ParseCommandLineResult = {ok: true; config: QemuConfig} | {ok: false; stderr: string; exitCode: number};

const PROG = 'qemu-system-x86_64';
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

/** QemuOpts "memory" list parsing: `[size=]N[,slots=n][,maxmem=M]`. */
function parseMemoryOption(text: string): {ok: true; size?: string; slots?: string; maxmem?: string} | {ok: false; error: string} {
	const out: {size?: string; slots?: string; maxmem?: string} = {};
	const sizeError = (name: string): string =>
		`-m ${text}: Parameter '${name}' expects a non-negative number below 2^64\n` +
		'Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\nand exabytes, respectively.';
	const elements = text.replace(/,,/g, '\u0000').split(',').map((e) => e.replace(/\u0000/g, ','));
	for (let i = 0; i < elements.length; i++) {
		const element = elements[i];
		const eq = element.indexOf('=');
		const key = eq < 0 ? (i === 0 ? 'size' : element) : element.slice(0, eq);
		const value = eq < 0 ? (i === 0 ? element : 'on') : element.slice(eq + 1);
		if (key !== 'size' && key !== 'slots' && key !== 'maxmem') return {ok: false, error: `-m ${text}: Invalid parameter '${key}'`};
		if (key === 'slots') {
			if (!qemuStrtou64(value).ok) return {ok: false, error: `-m ${text}: Parameter 'slots' expects a number`};
		} else {
			const parsed = qemuStrtosz(value);
			if (!parsed.ok) {
				return {ok: false, error: parsed.erange ? `-m ${text}: Value '${value}' is out of range for parameter '${key}'` : sizeError(key)};
			}
		}
		out[key] = value;
	}
	return {ok: true, ...out};
}

/** parse_memory_options + machine_set_mem: sizes, defaults and the maxmem/slots consistency checks. */
function machineSetMem(text: string, warn: (line: string) => void): {ok: true; memory: QemuConfig['memory']} | {ok: false; error: string} {
	const parsed = parseMemoryOption(text);
	if (!parsed.ok) return parsed;
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
	size = Math.ceil(size / 8192) * 8192;
	const slots = parsed.slots === undefined ? 0 : Number((qemuStrtou64(parsed.slots) as {value: bigint}).value);
	let maxmem = size;
	if (parsed.maxmem !== undefined) {
		maxmem = Number((qemuStrtosz(parsed.maxmem) as {value: bigint}).value);
		if (maxmem < size) {
			return {ok: false, error: `invalid value of maxmem: maximum memory size (0x${hex(maxmem)}) must be at least the initial memory size (0x${hex(size)})`};
		}
		if (parsed.slots !== undefined && slots && maxmem === size) {
			return {
				ok: false,
				error: `invalid value of maxmem: memory slots were specified but maximum memory size (0x${hex(maxmem)}) is equal to the initial memory size (0x${hex(size)})`,
			};
		}
	} else if (parsed.slots !== undefined) {
		return {ok: false, error: 'slots specified but no max-size'};
	}
	return {ok: true, memory: {size, slots, maxmem, option: text}};
}

/** -cpu MODEL[,phys-bits=N][,feature...] */
function parseCpu(text: string): {model: string; physBits: number} | string {
	const [model, ...props] = text.split(',');
	if (!CPU_MODELS.has(model)) return `unable to find CPU model '${model}'`;
	let physBits = 0;
	for (const prop of props) {
		const [key, value = 'on'] = prop.split('=');
		if (key !== 'phys-bits') continue;
		const parsed = qemuStrtou64(value, 10);
		if (!parsed.ok) return `can't apply global ${model}-x86_64-cpu.phys-bits=${value}: Parameter 'phys-bits' expects uint32_t`;
		physBits = Number(parsed.value);
	}
	const fixed = fixed32BitPhysBits(model);
	if (fixed !== undefined) {
		if (physBits) return 'phys-bits is not user-configurable in 32 bit';
		return {model, physBits: fixed};
	}
	if (physBits && (physBits > TARGET_PHYS_ADDR_SPACE_BITS || physBits < 32)) {
		return `phys-bits should be between 32 and ${TARGET_PHYS_ADDR_SPACE_BITS}  (but is ${physBits})`;
	}
	return {model, physBits: physBits || TCG_PHYS_ADDR_BITS};
}

function parseMachineType(text: string): string | undefined {
	const first = text.split(',')[0];
	const type = first.startsWith('type=') ? first.slice(5) : first;
	if (type === 'pc' || /^pc-i440fx-/.test(type)) return 'pc';
	if (type === 'q35' || /^pc-q35-/.test(type)) return 'q35';
	return undefined;
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
		memory: {size: DEFAULT_RAM_SIZE, slots: 0, maxmem: DEFAULT_RAM_SIZE, option: ''},
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
		uuid: '00000000-0000-0000-0000-000000000000',
		argv: [...argv],
	};
	let memoryText: string | undefined;
	let cpuText: string | undefined;
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
			continue;
		}
		if (!OPTIONS_WITH_ARG.has(name)) return fail(`${arg}: invalid option`);
		if (i + 1 >= argv.length) return fail(`${arg}: requires an argument`);
		const value = argv[++i];
		switch (name) {
			case 'm': memoryText = value; {
				const parsed = parseMemoryOption(value);
				if (!parsed.ok) return fail(parsed.error);
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
			case 'cpu': cpuText = value; break;
			case 'machine': case 'M': {
				// The one machine property memhp models: nvdimm (a bool, last one wins).
				for (const item of value.split(',')) {
					if (item.startsWith('nvdimm=')) config.nvdimm = ['on', 'yes', 'true', 'y'].includes(item.slice(7));
				}
				if (value.split(',')[0].includes('=') && !value.startsWith('type=')) break;
				const type = parseMachineType(value);
				if (!type) return fail('unsupported machine type\nUse -machine help to list supported machines');
				config.machineType = type;
			} break;
			case 'object': {
				const r = objectOption(value, objectIds, config);
				if (r) return r;
			} break;
			case 'device': {
				const r = deviceOption(value, deviceIds, config);
				if (r) return r;
			} break;
			case 'kernel': config.kernel = value; break;
			case 'append': config.append = value; break;
			case 'monitor': config.monitorStdio = value === 'stdio'; break;
			case 'name': {
				// QemuOpts with the implied key `guest`: `-name vm1` or `-name guest=vm1,process=...`.
				for (const [k, v] of value.split(',').map((e, j) => (e.includes('=') ? [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] : j === 0 ? ['guest', e] : [e, 'on']))) {
					if (!['guest', 'process', 'debug-threads'].includes(k)) return fail(`-name ${value}: Invalid parameter '${k}'`);
					if (k === 'guest') config.name = v;
				}
			} break;
			case 'uuid':
				// qemu_uuid_parse(): 8-4-4-4-12 hex digits.
				if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(value)) return fail('Fail to parse UUID string. Wrong format.');
				config.uuid = value.toLowerCase();
				break;
			default: break;
		}
	}
	// qemu_apply_machine_options(): the machine dict's properties in QDict order, "smp" before
	// "memory".
	if (smpText !== undefined) {
		const smp = parseSmpOption(smpText);
		if (!smp.ok) return fail(smp.error);
		config.topology = smp.topology;
		config.smp = smp.topology.cpus;
		config.warnings.push(...smp.warnings.map((w) => `${PROG}: warning: ${w}\n`));
	}
	const memory = machineSetMem(memoryText ?? `${DEFAULT_RAM_SIZE / 1048576}M`, w => config.warnings.push(`${PROG}: warning: ${w}\n`));
	if (!memory.ok) return fail(memory.error);
	config.memory = {...memory.memory, option: memoryText ?? ''};
	if (cpuText !== undefined) {
		const cpu = parseCpu(cpuText);
		if (typeof cpu === 'string') return fail(cpu);
		config.cpuModel = cpu.model;
		config.physBits = cpu.physBits;
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
		return {ok: false, stderr: `memhp: -object ${type},help is not simulated\n`, exitCode: 1};
	}
	if (type === undefined) return located('object', value, "Parameter 'qom-type' is missing");
	if (type === 'memory-backend-file') return {ok: false, stderr: 'memhp: memory-backend-file is not simulated (it would open a host file)\n', exitCode: 1};
	if (!type.startsWith('memory-backend-')) return undefined;
	const visited = userCreatableVisit(new Map(q.values), true, w => config.warnings.push(`${PROG}: -object ${value}: warning: ${w}\n`));
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
