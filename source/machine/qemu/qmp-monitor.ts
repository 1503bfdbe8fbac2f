/**
 * A QMP monitor (monitor/qmp.c, qapi/qmp-dispatch.c): the greeting, capabilities negotiation,
 * request checking, argument checking as the generated QAPI marshallers do it, the `id`
 * echo, and events once negotiation is done. Pure: it reads text and writes text through the
 * callbacks it is given; the socket lives in the CLI layer.
 */
import {firstUnvisitedKey, qdictOrder} from './qdict-order.js';
import {JsonMessageParser, toQemuJson, type JsonValue} from './qmp-json.js';
import type {QmpResponse} from './qmp-commands.js';
import type {QapiEvent} from './machine.js';
import {QEMU_PKGVERSION, QEMU_VERSION} from './qmp-commands.js';


type ArgType = 'str' | 'int' | 'any' | 'bool' | 'str-list';
interface ArgSpec {
	name: string;
	type: ArgType;
	optional?: boolean;
}

/**
 * The QAPI schema of the commands memhp serves (qapi/*.json of QEMU 7.2), member order as
 * declared. `loose` commands take any further members (device_add is 'gen': false and hands
 * its dictionary to qdev; object-add is a union checked by the object's own properties).
 */
const SCHEMA: Record<string, {args: ArgSpec[]; loose?: boolean}> = {
	qmp_capabilities: {args: [{name: 'enable', type: 'str-list', optional: true}]},
	'query-version': {args: []},
	'query-status': {args: []},
	'query-name': {args: []},
	'query-uuid': {args: []},
	'query-commands': {args: []},
	'query-memdev': {args: []},
	'query-memory-devices': {args: []},
	'query-memory-size-summary': {args: []},
	'x-query-numa': {args: []},
	'query-acpi-ospm-status': {args: []},
	'object-add': {args: [{name: 'qom-type', type: 'str'}, {name: 'id', type: 'str'}], loose: true},
	'object-del': {args: [{name: 'id', type: 'str'}]},
	device_add: {args: [{name: 'driver', type: 'str'}, {name: 'bus', type: 'str', optional: true}, {name: 'id', type: 'str', optional: true}], loose: true},
	device_del: {args: [{name: 'id', type: 'str'}]},
	'qom-list': {args: [{name: 'path', type: 'str'}]},
	'qom-get': {args: [{name: 'path', type: 'str'}, {name: 'property', type: 'str'}]},
	'qom-set': {args: [{name: 'path', type: 'str'}, {name: 'property', type: 'str'}, {name: 'value', type: 'any'}]},
	'human-monitor-command': {args: [{name: 'command-line', type: 'str'}, {name: 'cpu-index', type: 'int', optional: true}]},
	'query-kvm': {args: []},
	'device-list-properties': {args: [{name: 'typename', type: 'str'}]},
	'query-balloon': {args: []},
	balloon: {args: [{name: 'value', type: 'int'}]},
	'query-iothreads': {args: []},
	'query-dump': {args: []},
	'query-cpus-fast': {args: []},
	'query-hotpluggable-cpus': {args: []},
	'query-chardev': {args: []},
	'query-block': {args: []},
	'query-mice': {args: []},
	'query-pci': {args: []},
	'query-spice': {args: []},
	'query-vnc': {args: []},
	'query-vnc-servers': {args: []},
	'query-migrate': {args: []},
	'x-query-ramblock': {args: []},
	'x-query-roms': {args: []},
	stop: {args: []},
	cont: {args: []},
	system_powerdown: {args: []},
	system_reset: {args: []},
	'inject-nmi': {args: []},
	quit: {args: []},
};

/** The commands a QMP client can run here (query-commands lists them). */
export const QMP_COMMAND_NAMES: readonly string[] = Object.keys(SCHEMA);

/**
 * Well-known QEMU 7.2 QMP commands outside memory hotplug: memhp answers them with a plain
 * "not simulated" instead of pretending they do not exist.
 */
const NOT_SIMULATED = new Set([
	'query-blockstats',
	'query-machines',
	'system_wakeup', 'migrate', 'screendump', 'blockdev-add', 'blockdev-del', 'netdev_add', 'netdev_del',
	'chardev-add', 'chardev-remove', 'query-cpu-definitions', 'query-target', 'qom-list-types',
	'qom-list-properties',
	'query-display-options', 'send-key', 'dump-guest-memory',
	'query-replay', 'query-sev', 'query-stats', 'query-yank', 'query-rocker', 'query-tpm', 'query-named-block-nodes',
]);

export interface QmpMonitorOptions {
	/** Runs one command against the machine (with its effects on the guest). */
	execute: (command: string, args: Record<string, unknown>) => QmpResponse;
	/** Text to the client. */
	write: (text: string) => void;
	/** Offer the `oob` capability (a socket chardev can; stdio cannot). */
	oob: boolean;
	/** -qmp-pretty / -mon ...,pretty=on. */
	pretty?: boolean;
}

/** One client connection's monitor state. */
export class QmpMonitor {
	private readonly parser = new JsonMessageParser();
	private negotiated = false;
	private oobEnabled = false;
	/** Events raised while a command runs: memhp's guest reacts at once, QEMU's after the reply. */
	private deferred: QapiEvent[] | undefined;

	constructor(private readonly opts: QmpMonitorOptions) {}

	/** CHR_EVENT_OPENED: capabilities reset, the greeting. */
	open(): void {
		this.negotiated = false;
		this.oobEnabled = false;
		this.send({QMP: {version: {qemu: {...QEMU_VERSION}, package: QEMU_PKGVERSION}, capabilities: this.opts.oob ? ['oob'] : []}});
	}

	/** Bytes from the client. */
	feed(text: string): void {
		for (const msg of this.parser.feed(text)) {
			if (!msg.ok) this.send({error: {class: 'GenericError', desc: msg.error}});
			else this.dispatch(msg.value);
		}
	}

	/** monitor_qapi_event_emit(): only monitors past negotiation get events. */
	event(e: QapiEvent): void {
		if (!this.negotiated) return;
		if (this.deferred) {
			this.deferred.push(e);
			return;
		}
		this.send({timestamp: e.timestamp, event: e.event, ...(e.data ? {data: e.data} : {})});
	}

	private send(obj: unknown): void {
		// monitor_puts(): every '\n' goes out as "\r\n".
		this.opts.write(`${toQemuJson(obj, this.opts.pretty)}\n`.replace(/\n/g, '\r\n'));
	}

	/** qmp_dispatch() for one request. */
	private dispatch(request: JsonValue): void {
		const dict = request !== null && typeof request === 'object' && !Array.isArray(request) ? request : undefined;
		const id = dict && Object.hasOwn(dict, 'id') ? dict.id : undefined;
		const reply = (rsp: Record<string, unknown>) => this.send(id === undefined ? rsp : {...rsp, id});
		const error = (desc: string, cls = 'GenericError') => reply({error: {class: cls, desc}});
		if (!dict) {
			error('QMP input must be a JSON object');
			return;
		}
		// qmp_dispatch_check_obj(): members in QDict order.
		let execKey: string | undefined;
		for (const key of qdictOrder(Object.keys(dict))) {
			const v = dict[key];
			if (key === 'execute' || (key === 'exec-oob' && this.oobEnabled)) {
				if (typeof v !== 'string') return error(`QMP input member '${key}' must be a string`);
				if (execKey) return error(`QMP input member '${key}' clashes with '${execKey}'`);
				execKey = key;
			} else if (key === 'arguments') {
				if (v === null || typeof v !== 'object' || Array.isArray(v)) return error(`QMP input member 'arguments' must be an object`);
			} else if (key !== 'id') {
				return error(`QMP input member '${key}' is unexpected`);
			}
		}
		if (!execKey) return error(`QMP input lacks member 'execute'`);
		const command = dict[execKey] as string;
		const args = (dict.arguments ?? {}) as Record<string, unknown>;
		if (!this.negotiated) {
			// Before negotiation only qmp_capabilities exists.
			if (command !== 'qmp_capabilities') return error(`Expecting capabilities negotiation with 'qmp_capabilities'`, 'CommandNotFound');
			const bad = checkArgs(command, args);
			if (bad) return error(bad);
			const enable = (args.enable as string[] | undefined) ?? [];
			for (const [i, cap] of enable.entries()) {
				if (cap !== 'oob') return error(`Parameter 'enable[${i}]' does not accept value '${cap}'`);
			}
			if (enable.length && !this.opts.oob) return error(`Capability ${enable.join(', ')} not available`);
			this.oobEnabled = enable.includes('oob');
			this.negotiated = true;
			return reply({return: {}});
		}
		if (execKey === 'exec-oob') return error(`The command ${command} does not support OOB`);
		if (command === 'qmp_capabilities') return error('Capabilities negotiation is already complete, command ignored', 'CommandNotFound');
		if (!Object.hasOwn(SCHEMA, command)) {
			if (NOT_SIMULATED.has(command)) return error(`memhp: QMP command '${command}' is not simulated`);
			return error(`The command ${command} has not been found`, 'CommandNotFound');
		}
		const bad = checkArgs(command, args);
		if (bad) return error(bad);
		if (command === 'query-commands') return reply({return: QMP_COMMAND_NAMES.map(name => ({name}))});
		this.deferred = [];
		let rsp: QmpResponse;
		try {
			rsp = this.opts.execute(command, args);
		} catch (e) {
			this.deferred = undefined;
			throw e;
		}
		const events = this.deferred;
		this.deferred = undefined;
		reply(rsp as Record<string, unknown>);
		for (const e of events) this.event(e);
	}
}

/** The generated visitor: members in schema order (missing, wrong type), then leftovers. */
function checkArgs(command: string, args: Record<string, unknown>): string | undefined {
	// device_add is 'gen': false: no generated visitor, qmp_device_add() turns its dictionary
	// into QemuOpts (qemuOptsFromQdict()) and qdev checks what it needs (the lab's 7.2: "addr"
	// as a string works, an `id` that is not a string is dropped).
	if (command === 'device_add') return undefined;
	const spec = SCHEMA[command];
	for (const a of spec.args) {
		if (!Object.hasOwn(args, a.name)) {
			if (a.optional) continue;
			return `Parameter '${a.name}' is missing`;
		}
		const v = args[a.name];
		const expected = typeMismatch(a.type, v);
		if (expected) return `Invalid parameter type for '${a.name}', expected: ${expected}`;
	}
	if (spec.loose) return undefined;
	const extra = firstUnvisitedKey(Object.keys(args), spec.args.map(a => a.name));
	return extra === undefined ? undefined : `Parameter '${extra}' is unexpected`;
}

function typeMismatch(type: ArgType, v: unknown): string | undefined {
	switch (type) {
		case 'str':
			return typeof v === 'string' ? undefined : 'string';
		case 'int':
			return typeof v === 'number' && Number.isInteger(v) ? undefined : 'integer';
		case 'bool':
			return typeof v === 'boolean' ? undefined : 'boolean';
		case 'str-list':
			return Array.isArray(v) && v.every(x => typeof x === 'string') ? undefined : 'array of strings';
		default:
			return undefined;
	}
}
