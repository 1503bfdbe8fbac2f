/**
 * The human monitor (monitor/hmp.c): command-name lookup, argument parsing with QEMU's
 * messages (`X: string expected`, `Try "help X" for more information`), `help`, and thin
 * text wrappers over the QMP layer. Real commands memhp does not simulate say so plainly.
 */
import {infoMtree} from './hmp-mtree.js';
import {DEVICE_CATALOG_HELP, DEVICE_MODEL_NAMES, OBJECT_TYPES_HELP, QOM_TYPE_NAMES} from './qemu-catalog.js';
import {HMP_COMMANDS, HMP_INFO_COMMANDS, type HmpCommandHelp} from './hmp-command-table.js';
import {MEMORY_BACKEND_HELP} from './host-memory-backend.js';
import {infoMemdev, infoMemoryDevices, infoMemorySizeSummary, infoNuma, infoStatus, infoVersion} from './hmp-info.js';
import {ID_NOT_WELLFORMED, idWellformed, keyvalParse, qemuOptsParse} from './keyval.js';
import {PROG} from './qemu-command-line.js';
import type {QemuMachine} from './machine.js';
import {QmpError} from './qmp-error.js';
import {PC_DIMM_HELP} from './pc-dimm.js';
import {NVDIMM_HELP} from './nvdimm.js';
import {VIRTIO_MEM_PCI_HELP} from './virtio-mem-pci.js';
import {lookupDeviceModel} from './device-add.js';
import {hmpQomSet, type QmpResponse} from './qmp-commands.js';
import {getExpr} from './hmp-expr.js';
import {infoCpus, infoHotpluggableCpus} from './cpus.js';
import {toQemuJson} from './qmp-json.js';
import type {ChardevInfo} from './pc-composition.js';
import {MIGRATE_GLOBALS_TEXT, blockText, miceText, type BlockInfo, type MouseInfo} from './device-views.js';
import {OpaqueObject, qomCompositionText, resolvePath, type QomObject} from './qom.js';
import {pciText, qdevTreeKnown, qtreeText, type PciDeviceInfo} from './qdev-tree.js';

/** READLINE_MAX_CMDS (util/readline.c). */
const READLINE_MAX_CMDS = 64;

/**
 * One HMP monitor's own state: its readline history (the mux/stdio monitor has one; the
 * private monitor of QMP's human-monitor-command has none) and its current CPU
 * (mon_cpu_path; the first CPU until `cpu N`).
 */
export class HmpMonitor {
	readonly history: string[] | undefined;
	cpuIndex = 0;

	constructor(readline: boolean) {
		this.history = readline ? [] : undefined;
	}

	/**
	 * readline_hist_add(): empty lines are not kept; a line already in the history moves to its
	 * end (unless it is in the last of the 64 slots); a full history drops its oldest entry.
	 */
	addHistory(line: string): void {
		const history = this.history;
		if (!history || line === '') return;
		const idx = history.indexOf(line);
		if (idx >= 0) {
			if (idx === READLINE_MAX_CMDS - 1) return;
			history.splice(idx, 1);
		} else if (history.length === READLINE_MAX_CMDS) {
			history.shift();
		}
		history.push(line);
	}
}

export interface HmpResult {
	output: string;
	quit?: boolean;
}

/** qemu_isspace(): isspace() in the C locale. */
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';

/** get_str(): a word, or a "quoted string" with \n \r \\ \' \" escapes. */
function getStr(line: string, pos: number): {value: string; pos: number} | {error: string; pos: number} | undefined {
	let p = pos;
	while (isSpace(line[p])) p++;
	if (p >= line.length) return undefined;
	let value = '';
	if (line[p] === '"') {
		p++;
		while (p < line.length && line[p] !== '"') {
			if (line[p] === '\\') {
				const c = line[p + 1];
				p += 2;
				const map: Record<string, string> = {n: '\n', r: '\r', '\\': '\\', "'": "'", '"': '"'};
				if (c === undefined || !(c in map)) return {error: `unsupported escape code: '\\${c ?? ''}'\n`, pos: p};
				value += map[c];
			} else {
				value += line[p++];
			}
		}
		if (line[p] !== '"') return {error: 'unterminated string\n', pos: p};
		return {value, pos: p + 1};
	}
	const start = p;
	while (p < line.length && !isSpace(line[p])) p++;
	return {value: line.slice(start, p), pos: p};
}

/** hmp_compare_cmd: `name` matches one of the '|'-separated names. */
const findCommand = (table: readonly HmpCommandHelp[], name: string): HmpCommandHelp | undefined => table.find((c) => c.names.includes(name));

/** help_cmd_dump over the (sorted) tables. */
function helpCmd(args: string[]): string {
	let table: readonly HmpCommandHelp[] = HMP_COMMANDS;
	let prefix = '';
	for (let i = 0; ; i++) {
		if (i >= args.length) return table.map((c) => (prefix && !c.text.startsWith(prefix) ? prefix : '') + c.text).join('');
		const cmd = findCommand(table, args[i]);
		if (!cmd) {
			// QEMU only closes the quote when the unknown word is the last argument
			let out = "unknown command: '";
			for (let j = 0; j <= i; j++) out += `${args[j]}${j === args.length - 1 ? "'\n" : ' '}`;
			return out;
		}
		if (cmd.names[0] === 'info' && table === HMP_COMMANDS) {
			table = HMP_INFO_COMMANDS;
			prefix = 'info ';
			continue;
		}
		return cmd.text;
	}
}

const notSimulated = (what: string): HmpResult => ({output: `memhp: '${what}' is not simulated\n`});
/** monitor_parse_arguments()'s refusal of text after the last argument, then handle_hmp_command()'s hint with the typed command. */
const extraneous = (cmdName: string, typed: string): HmpResult => ({output: `${cmdName}: extraneous characters at the end of line\nTry "help ${typed}" for more information\n`});
const stringExpected = (name: string, tryName = name): HmpResult => ({output: `${name}: string expected\nTry "help ${tryName}" for more information\n`});
const fromQmp = (r: QmpResponse, format: (data: unknown) => string = () => ''): HmpResult =>
	'error' in r ? {output: `Error: ${r.error.desc}\n`} : {output: format(r.return)};

/** hmp_info_* over an x-query-* command: its HumanReadableText, or the error. */
const humanReadable = (r: QmpResponse): string => fromQmp(r, (v) => (v as {'human-readable-text': string})['human-readable-text']).output;

const INFO_HANDLERS: Record<string, (m: QemuMachine, args: string, mon: HmpMonitor) => string> = {
	mtree: infoMtree,
	memdev: infoMemdev,
	'memory-devices': infoMemoryDevices,
	memory_size_summary: infoMemorySizeSummary,
	numa: infoNuma,
	status: infoStatus,
	version: () => infoVersion(),
	// hmp_info_name / hmp_info_uuid over query-name / query-uuid.
	name: (m) => {
		const r = m.qmp('query-name');
		return 'return' in r && (r.return as {name?: string}).name !== undefined ? `${(r.return as {name: string}).name}\n` : '';
	},
	uuid: (m) => {
		const r = m.qmp('query-uuid');
		return 'return' in r ? `${(r.return as {UUID: string}).UUID}\n` : '';
	},
	// hmp_info_kvm over query-kvm: KVM is compiled into the Debian build, memhp runs TCG.
	kvm: (m) => {
		const r = m.qmp('query-kvm');
		const info = 'return' in r ? (r.return as {enabled: boolean; present: boolean}) : {enabled: false, present: false};
		return `kvm support: ${info.present ? (info.enabled ? 'enabled' : 'disabled') : 'not compiled'}\n`;
	},
	// hmp_info_history: the monitor's readline history, oldest first.
	history: (_m, _args, mon) => (mon.history ?? []).map((line, i) => `${i}: '${line}'\n`).join(''),
	// hmp_info_balloon over query-balloon (an error without a virtio-balloon device).
	balloon: (m) => fromQmp(m.qmp('query-balloon'), (v) => `balloon: actual=${Math.floor((v as {actual: number}).actual / 1048576)}\n`).output,
	// hmp_info_iothreads: one block per -object iothread (memhp's machine has none).
	iothreads: () => '',
	// hmp_info_dump over query-dump: no dump-guest-memory has run.
	dump: (m) => `Status: ${((m.qmp('query-dump') as {return: {status: string}}).return).status}\n`,
	cpus: (m, _args, mon) => infoCpus(m.config, mon.cpuIndex),
	// hmp_info_chardev over query-chardev; hmp_info_ramblock and hmp_info_roms print x-query-ramblock's and x-query-roms' text
	chardev: (m) => fromQmp(m.qmp('query-chardev'), (v) => (v as ChardevInfo[]).map((c) => `${c.label}: filename=${c.filename}\n`).join('')).output,
	ramblock: (m) => humanReadable(m.qmp('x-query-ramblock')),
	// hmp_info_block, _mice, _spice, _vnc, _migrate over their QMP queries; no snapshots, no capture
	block: (m) => fromQmp(m.qmp('query-block'), (v) => blockText(v as BlockInfo[])).output,
	mice: (m) => fromQmp(m.qmp('query-mice'), (v) => miceText(v as MouseInfo[])).output,
	// hmp_info_pci over query-pci; hmp_info_qtree walks qdev itself (no QMP command)
	pci: (m) => (qdevTreeKnown(m.config) ? fromQmp(m.qmp('query-pci'), (v) => pciText(v as {devices: PciDeviceInfo[]}[])).output : notSimulated('info pci').output),
	qtree: (m) => (qdevTreeKnown(m.config) ? qtreeText(m.qdevBoard()) : notSimulated('info qtree').output),
	spice: (m) => fromQmp(m.qmp('query-spice'), (v) => ((v as {enabled: boolean}).enabled ? '' : 'Server: disabled\n')).output,
	vnc: (m) => fromQmp(m.qmp('query-vnc-servers'), (v) => ((v as unknown[]).length ? '' : 'None\n')).output,
	migrate: (m) => fromQmp(m.qmp('query-migrate'), () => MIGRATE_GLOBALS_TEXT).output,
	// bdrv_all_find_vmstate_bs(): no drive can hold a VM state (the default ones are empty)
	snapshots: (m) => (m.config.board.drives ? notSimulated('info snapshots').output : 'no block device can store vmstate for snapshot\n'),
	capture: () => '',
	// Without a NIC there is no net client to list; with one, its user-mode netdev's generated id
	// (`#net170`) changes from run to run, which memhp cannot follow.
	network: (m) => (m.config.board.nic ? notSimulated('info network').output : ''),
	usernet: (m) => (m.config.board.nic ? notSimulated('info usernet').output : ''),
	roms: (m) => humanReadable(m.qmp('x-query-roms')),
	// What the machine does not have, as 7.2 reports it (the lab's, no guest or a running one):
	// no record/replay, no SEV, USB off on pc without -usb, no virtio, TPM or RDMA device, no
	// dirty-rate measurement started, no dirty page limit (a KVM feature). With -usb the bus is
	// there and has no devices to list.
	replay: () => 'Record/replay is not active\n',
	sev: () => 'SEV is not enabled\n',
	usb: (m) => (m.config.usb ? '' : 'Error: USB support not enabled\n'),
	virtio: () => 'No VirtIO devices\n',
	tpm: () => '',
	rdma: () => '',
	dirty_rate: () => 'Status: unstarted\nStart Time: 0 (ms)\nSample Pages: 0 (per GB)\nPeriod: 0 (sec)\nMode: page-sampling\nDirty rate: (not ready)\n',
	vcpu_dirty_limit: () => 'Dirty page limit not enabled!\n',
	'hotpluggable-cpus': (m) => infoHotpluggableCpus(m.config, m.numaNodes()),
};

/**
 * An integer argument of args_type 'i' or 'M' (monitor_parse_arguments): a get_expr()
 * expression; 'i' must fit 32 bits, 'M' is MiB and must not be negative.
 */
function intArg(cmd: string, rest: string, type: 'i' | 'M'): {ok: true; value: bigint} | {ok: false; output: string} {
	const tryHelp = `Try "help ${cmd}" for more information\n`;
	const expr = getExpr(rest, 0);
	if (!expr.ok) return {ok: false, output: `${expr.error}\n${tryHelp}`};
	let value = expr.value;
	if (type === 'i' && ((value >> 32n) & 0xffffffffn) !== 0n) return {ok: false, output: `'${cmd}' has failed: integer is for 32-bit values\n${tryHelp}`};
	if (type === 'M') {
		if (value < 0n) return {ok: false, output: `enter a positive value\n${tryHelp}`};
		value = BigInt.asIntN(64, value * 1048576n);
	}
	if (rest.slice(expr.pos).trim() !== '') return {ok: false, output: `${cmd}: extraneous characters at the end of line\n${tryHelp}`};
	return {ok: true, value};
}

/**
 * hmp_info_qom_tree (args_type "path:s?"): the composition tree below the object the path
 * resolves to (absolute or a unique partial path; an ambiguous one resolves to nothing), or
 * below /machine without one.
 */
function infoQomTree(m: QemuMachine, args: string, typed: string): string {
	const arg = getStr(args, 0);
	// (get_str() printf()s its own complaint to the terminal first)
	if (arg && 'error' in arg) return `${arg.error}qom-tree: string expected\nTry "help ${typed}" for more information\n`;
	if (arg && args.slice(arg.pos).trim() !== '') return `qom-tree: extraneous characters at the end of line\nTry "help ${typed}" for more information\n`;
	const path = arg?.value;
	const {object, opaque} = path === undefined ? {object: m.machineObject, opaque: undefined} : resolvePath(m.root, path);
	if (opaque) return notSimulated(`info qom-tree ${path}`).output;
	if (!object) return `Path '${path}' could not be resolved.\n`;
	const unknown = findUnknownChildren(object);
	if (unknown) return `memhp: the QOM children of ${unknown.canonicalPath()} are not simulated\n`;
	return qomCompositionText(object, m.root);
}

/** An object below `obj` (or itself) whose children memhp does not know (a q35 board's). */
function findUnknownChildren(obj: QomObject): QomObject | undefined {
	if (obj instanceof OpaqueObject && !obj.childrenKnown) return obj;
	for (const c of obj.childList()) {
		const found = findUnknownChildren(c);
		if (found) return found;
	}
	return undefined;
}

/** Handles one monitor line; returns what QEMU prints. */
export function runHmpLine(m: QemuMachine, line: string, mon: HmpMonitor): HmpResult {
	mon.addHistory(line);
	let p = 0;
	while (isSpace(line[p])) p++;
	if (p >= line.length) return {output: ''};
	const start = p;
	while (p < line.length && line[p] !== '/' && !isSpace(line[p])) p++;
	const name = line.slice(start, p);
	const cmd = findCommand(HMP_COMMANDS, name);
	if (!cmd) return {output: `unknown command: '${name}'\n`};
	const canonical = cmd.names[0];
	const rest = line.slice(p);
	const words = (): string[] => rest.trim().split(/\s+/).filter(Boolean);

	switch (canonical) {
		case 'help': {
			const arg = rest.trim();
			if (arg === 'log') return notSimulated('help log');
			return {output: helpCmd(arg ? words() : [])};
		}
		case 'info': {
			const sub = getStr(rest, 0);
			if (!sub || 'error' in sub) return {output: helpCmd(['info'])};
			const info = findCommand(HMP_INFO_COMMANDS, sub.value);
			if (!info) return {output: `unknown command: 'info ${sub.value}'\n`};
			const handler = INFO_HANDLERS[info.names[0]];
			const args = rest.slice(sub.pos);
			if (info.names[0] === 'qom-tree') return {output: infoQomTree(m, args, line.slice(start, p + sub.pos))};
			if (!handler) return notSimulated(`info ${rest.trim()}`);
			// Only `info mtree` takes arguments among the other simulated subcommands (args_type ""),
			// and those are flags (-f -d -o -D): a word that is none is extraneous (lab s49/r35 e12).
			if (args.trim() !== '' && (info.names[0] !== 'mtree' || args.trim().split(/\s+/).some(w => !w.startsWith('-')))) {
				return {output: `${info.names[0]}: extraneous characters at the end of line\nTry "help ${line.slice(start, p + sub.pos)}" for more information\n`};
			}
			return {output: handler(m, args, mon)};
		}
		case 'object_add': {
			const text = rest.trim();
			if (!text) return stringExpected('object_add');
			const parsed = keyvalParse(text, 'qom-type');
			if (!parsed.ok) return {output: `Error: ${parsed.error}\n`};
			if (parsed.options.help) {
				const type = parsed.options.values.get('qom-type');
				const help = type !== undefined && Object.hasOwn(MEMORY_BACKEND_HELP, type) ? MEMORY_BACKEND_HELP[type] : undefined;
				// user_creatable_print_help_from_qdict(): a type with no class lists the types
				return {output: help ?? (type === undefined || !QOM_TYPE_NAMES.has(type) ? OBJECT_TYPES_HELP : notSimulated(`object_add ${type},help`).output)};
			}
			let warnings = '';
			try {
				m.objectAdd(parsed.options.values, true, line => (warnings += `warning: ${line}\n`));
				return {output: warnings};
			} catch (error) {
				if (error instanceof QmpError) return {output: `${warnings}Error: ${error.message}\n`};
				throw error;
			}
		}
		case 'object_del':
		case 'device_del': {
			const arg = getStr(rest, 0);
			if (!arg || 'error' in arg) return {output: `${arg && 'error' in arg ? arg.error : ''}${canonical}: string expected\nTry "help ${canonical}" for more information\n`};
			if (rest.slice(arg.pos).trim() !== '') return {output: `${canonical}: extraneous characters at the end of line\nTry "help ${canonical}" for more information\n`};
			return fromQmp(m.qmp(canonical === 'object_del' ? 'object-del' : 'device_del', {id: arg.value}));
		}
		case 'device_add': {
			const arg = getStr(rest, 0);
			if (arg && 'error' in arg) return {output: `${arg.error}Try "help device_add" for more information\n`};
			const opts = arg ? qemuOptsParse(arg.value, 'driver') : {values: new Map<string, string>(), help: false, warnings: []};
			const id = opts.values.get('id');
			// monitor_parse_arguments() runs qemu_opts_parse_noisily() before handle_hmp_command()
			// makes this monitor the current one, so its error_report()s and warn_report()s go to
			// stderr with the program's name in front (the lab's -nographic terminal shows them
			// among the monitor's lines); the "Try" hint is the monitor's own. qemu_opts_create()
			// rejects the id before opts_do_parse() warns about flags.
			if (id !== undefined && !idWellformed(id)) return {output: `${PROG}: ${ID_NOT_WELLFORMED}\nTry "help device_add" for more information\n`};
			const warnings = opts.warnings.map(w => `${PROG}: ${w}`).join('');
			// monitor_parse_arguments(): "device:O" takes one word; anything after it is refused once
			// the options parsed (`device_add pc-dimm id=d1,memdev=m1`, the lab s49/r35 e11).
			if (arg && rest.slice(arg.pos).trim() !== '') return {output: `${warnings}device_add: extraneous characters at the end of line\nTry "help device_add" for more information\n`};
			const driver = opts.values.get('driver');
			if (opts.help || driver === 'help' || driver === '?') {
				if (driver === undefined || driver === 'help' || driver === '?') return {output: warnings + DEVICE_CATALOG_HELP};
				const model = lookupDeviceModel(driver);
				if (!model.ok) return {output: `${warnings}Error: ${model.error}\n`};
				const help = model.name === 'pc-dimm' ? PC_DIMM_HELP : model.name === 'nvdimm' ? NVDIMM_HELP : model.name === 'virtio-mem-pci' ? VIRTIO_MEM_PCI_HELP : undefined;
				return {output: warnings + (help ?? notSimulated(`device_add ${driver},help`).output)};
			}
			// qmp_device_add(); warn_report()s during realize print on this monitor
			let realizeWarnings = '';
			try {
				m.deviceAdd(opts.values, true, (line) => (realizeWarnings += `warning: ${line}\n`));
				return {output: warnings + realizeWarnings};
			} catch (error) {
				if (error instanceof QmpError) return {output: `${warnings}${realizeWarnings}Error: ${error.message}\n${error.hint ?? ''}`};
				throw error;
			}
		}
		case 'qom-list': {
			const arg = getStr(rest, 0);
			if (!arg) return {output: '/\n'};
			if ('error' in arg) return {output: `${arg.error}qom-list: string expected\nTry "help qom-list" for more information\n`};
			// "path:s?": one word (the lab s49/r35 e12: `qom-list /objects extra`)
			if (rest.slice(arg.pos).trim() !== '') return extraneous('qom-list', 'qom-list');
			return fromQmp(m.qmp('qom-list', {path: arg.value}), (list) => (list as Array<{name: string; type: string}>).map((pi) => `${pi.name} (${pi.type})\n`).join(''));
		}
		case 'qom-get': {
			const path = getStr(rest, 0);
			if (!path || 'error' in path) return stringExpected('qom-get');
			const prop = getStr(rest, path.pos);
			if (!prop || 'error' in prop) return stringExpected('qom-get');
			if (rest.slice(prop.pos).trim() !== '') return extraneous('qom-get', 'qom-get');
			return fromQmp(m.qmp('qom-get', {path: path.value, property: prop.value}), (v) => `${toQemuJson(v, true)}\n`);
		}
		case 'qom-set': {
			const ws = words();
			if (ws[0] === '-j') return notSimulated('qom-set -j');
			const path = getStr(rest, 0);
			if (!path || 'error' in path) return stringExpected('qom-set');
			const prop = getStr(rest, path.pos);
			if (!prop || 'error' in prop) return stringExpected('qom-set');
			const value = rest.slice(prop.pos).trim();
			if (!value) return stringExpected('qom-set');
			return fromQmp(hmpQomSet(m, path.value, prop.value, value));
		}
		case 'nmi':
			// hmp_nmi() → qmp_inject_nmi()
			if (rest.trim() !== '') return extraneous(cmd.names.join('|'), name);
			return fromQmp(m.qmp('inject-nmi'));
		case 'system_powerdown':
		case 'system_reset':
		case 'stop':
		case 'cont':
			// (cmd->name is the table's whole name: `stop|s`, `cont|c`)
			if (rest.trim() !== '') return extraneous(cmd.names.join('|'), name);
			return fromQmp(m.qmp(canonical));
		case 'quit':
			if (rest.trim() !== '') return extraneous(cmd.names.join('|'), name);
			return {output: '', quit: true};
		case 'balloon': {
			const value = intArg(canonical, rest, 'M');
			if (!value.ok) return {output: value.output};
			return fromQmp(m.qmp('balloon', {value: Number(value.value)}));
		}
		case 'cpu': {
			const index = intArg(canonical, rest, 'i');
			if (!index.ok) return {output: index.output};
			// monitor_set_cpu(): qemu_get_cpu() of the index (an int).
			const cpu = Number(BigInt.asIntN(32, index.value));
			if (cpu < 0 || cpu >= m.config.smp) return {output: 'invalid CPU index\n'};
			mon.cpuIndex = cpu;
			return {output: ''};
		}
		default:
			return notSimulated(canonical);
	}
}

/** Tab completion candidates for the last word of a partial monitor line. */
export function hmpComplete(m: QemuMachine, line: string): string[] {
	const word = /[^\s,=]*$/.exec(line)?.[0] ?? '';
	const before = line.slice(0, line.length - word.length);
	const tokens = before.trim().split(/\s+/).filter(Boolean);
	const pick = (names: Iterable<string>): string[] => [...new Set([...names].filter((n) => n.startsWith(word)))].sort();
	if (tokens.length === 0) return pick(HMP_COMMANDS.flatMap((c) => c.names));
	const cmd = findCommand(HMP_COMMANDS, tokens[0])?.names[0];
	if (cmd === 'help' && tokens.length === 1) return pick(HMP_COMMANDS.flatMap((c) => c.names));
	if ((cmd === 'info' && tokens.length === 1) || (cmd === 'help' && tokens[1] === 'info' && tokens.length === 2)) {
		return pick(HMP_INFO_COMMANDS.flatMap((c) => c.names));
	}
	if (tokens.length !== 1 && !(cmd === 'device_add' || cmd === 'object_add')) return [];
	switch (cmd) {
		case 'device_del':
			return pick(m.peripheral.childList().map((o) => o.name));
		case 'object_del':
			return pick(m.objects.childList().map((o) => o.name));
		case 'device_add':
			if (before.endsWith('memdev=')) return pick(m.backends().filter((b) => !b.mapped).map((b) => b.name));
			if (!before.includes(',') && before.endsWith(' ')) return pick([...DEVICE_MODEL_NAMES, 'help']);
			if (before.endsWith(',')) {
				// (virtio-mem-pci: the properties a user sets; its help lists virtio-pci's and PCIDevice's others)
				if (/\bvirtio-mem-pci,/.test(before)) return pick(['addr', 'block-size', 'bus', 'id', 'memaddr', 'memdev', 'node', 'prealloc', 'requested-size', 'help']);
				const nvdimm = /\bnvdimm,/.test(before) ? ['label-size', 'unarmed', 'uuid'] : [];
				return pick(['addr', 'id', 'memdev', 'node', 'slot', ...nvdimm, 'help']);
			}
			return [];
		case 'object_add':
			// The simulated user-creatable types (QEMU lists every one; the others only say "not simulated").
			if (!before.includes(',') && before.endsWith(' ')) return pick(['memory-backend-memfd', 'memory-backend-ram', 'help']);
			if (before.endsWith(',')) {
				const memfd = /\bmemory-backend-memfd,/.test(before) ? ['hugetlb', 'hugetlbsize', 'seal'] : [];
				return pick(['id', 'size', 'merge', 'dump', 'prealloc', 'share', 'reserve', 'policy', 'host-nodes', 'prealloc-threads', ...memfd, 'help']);
			}
			return [];
		default:
			return [];
	}
}
