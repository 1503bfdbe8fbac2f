import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {JsonMessageParser, toQemuJson} from '../source/machine/qemu/qmp-json.js';
import {QmpMonitor} from '../source/machine/qemu/qmp-monitor.js';
import type {QapiEvent} from '../source/machine/qemu/machine.js';
import type {Session} from '../source/machine/session.js';
import {startSession, typeLine} from './session-helpers.js';
import {fcParams} from './prop-machine-model.js';

const TUTORIAL = ['-machine', 'pc', '-m', '1024M,slots=32,maxmem=8G', '-smp', '1', '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet nokaslr', '-nographic'];

/** A QMP client on a monitor wired to a real machine: send lines, read back parsed messages. */
function client(session: Session, oob = true) {
	let out = '';
	const monitor = new QmpMonitor({execute: (c, a) => session.qmp(c, a), write: t => {
		out += t;
	}, oob});
	session.onQapiEvent(e => monitor.event(e));
	monitor.open();
	const take = (): string[] => {
		const lines = out.split('\r\n').filter(Boolean);
		out = '';
		return lines;
	};
	return {
		raw: take,
		send(text: string): unknown[] {
			monitor.feed(text);
			return take().map(l => JSON.parse(l) as unknown);
		},
		greeting: take,
		feed(text: string): string[] {
			monitor.feed(text);
			return take();
		},
	};
}

describe('QEMU JSON', () => {
	it('cuts a stream into messages where braces balance, across chunks and several per chunk', () => {
		const p = new JsonMessageParser();
		expect(p.feed('{"execute": "qu')).toEqual([]);
		expect(p.feed('ery-status"}{"execute":')).toEqual([{ok: true, value: {execute: 'query-status'}}]);
		expect(p.feed(' "stop"}\n')).toEqual([{ok: true, value: {execute: 'stop'}}]);
	});

	it("takes QEMU's single-quoted strings and JSON escapes", () => {
		const p = new JsonMessageParser();
		expect(p.feed(`{'a': 'it\\'s', "b": "\\u00e9\\n", "c": [1, -2.5e1, true, null]}`)).toEqual([
			{ok: true, value: {a: "it's", b: 'é\n', c: [1, -25, true, null]}},
		]);
	});

	it("reports errors with json-parser.c's texts", () => {
		const p = new JsonMessageParser();
		expect(p.feed('@')).toEqual([{ok: false, error: "JSON parse error, stray '@'"}]);
		expect(p.feed('{"a" 1}')).toEqual([{ok: false, error: 'JSON parse error, missing : in object pair'}]);
		expect(p.feed('{1: 2}')).toEqual([{ok: false, error: 'JSON parse error, key is not a string in object'}]);
		expect(p.feed('[1 2]')).toEqual([{ok: false, error: 'JSON parse error, expected separator in list'}]);
		expect(p.feed('{"a": nul}')).toEqual([{ok: false, error: "JSON parse error, invalid keyword 'nul'"}]);
		// After an error the stream goes on.
		expect(p.feed('{"ok": 1}')).toEqual([{ok: true, value: {ok: 1}}]);
		expect(p.feed('['.repeat(1025))).toEqual([{ok: false, error: 'JSON nesting depth limit exceeded'}]);
		expect(p.feed(`"${'x'.repeat(64 * 1024 * 1024)}`)).toEqual([{ok: false, error: 'JSON token size limit exceeded'}]);
		expect(p.feed('{"ok": 2}')).toEqual([{ok: true, value: {ok: 2}}]);
	});

	it('writes dictionaries in QDict order, escapes non-ASCII, pretty-prints with four spaces', () => {
		expect(toQemuJson({QMP: {version: {qemu: {major: 7, minor: 2, micro: 22}}}})).toBe('{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}}}}');
		expect(toQemuJson({s: 'é"\\/'})).toBe('{"s": "\\u00E9\\"\\\\/"}');
		expect(toQemuJson({return: {}}, true)).toBe('{\n    "return": {\n    }\n}');
		expect(toQemuJson([1, 'a'], true)).toBe('[\n    1,\n    "a"\n]');
	});
});

describe('QMP monitor', () => {
	it("greets with 7.2.22's version and the oob capability a socket offers", () => {
		const c = client(startSession(TUTORIAL));
		expect(c.greeting()).toEqual(['{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "Debian 1:7.2+dfsg-7+deb12u18+b3"}, "capabilities": ["oob"]}}']);
		const stdio = client(startSession(TUTORIAL), false);
		expect(stdio.greeting()[0]).toContain('"capabilities": []');
	});

	it('wants qmp_capabilities first, and only once', () => {
		const c = client(startSession(TUTORIAL));
		c.greeting();
		expect(c.send('{"execute": "query-status"}')).toEqual([{error: {class: 'CommandNotFound', desc: "Expecting capabilities negotiation with 'qmp_capabilities'"}}]);
		expect(c.send('{"execute": "qmp_capabilities", "id": 7}')).toEqual([{return: {}, id: 7}]);
		expect(c.send('{"execute": "qmp_capabilities"}')).toEqual([{error: {class: 'CommandNotFound', desc: 'Capabilities negotiation is already complete, command ignored'}}]);
		expect(c.send('{"execute": "query-status"}')).toEqual([{return: {status: 'running', singlestep: false, running: true}}]);
	});

	it('refuses oob where it is not offered', () => {
		const c = client(startSession(TUTORIAL), false);
		c.greeting();
		expect(c.send('{"execute": "qmp_capabilities", "arguments": {"enable": ["oob"]}}')).toEqual([{error: {class: 'GenericError', desc: 'Capability oob not available'}}]);
	});

	it("checks requests and arguments as qmp-dispatch.c and the QAPI visitors do", () => {
		const c = client(startSession(TUTORIAL));
		c.send('{"execute": "qmp_capabilities"}');
		const err = (desc: string, cls = 'GenericError') => [{error: {class: cls, desc}}];
		expect(c.send('[1]')).toEqual(err('QMP input must be a JSON object'));
		expect(c.send('{"id": 1}')).toEqual([{error: {class: 'GenericError', desc: "QMP input lacks member 'execute'"}, id: 1}]);
		expect(c.send('{"execute": 1}')).toEqual(err("QMP input member 'execute' must be a string"));
		expect(c.send('{"execute": "stop", "argument": {}}')).toEqual(err("QMP input member 'argument' is unexpected"));
		expect(c.send('{"execute": "stop", "arguments": []}')).toEqual(err("QMP input member 'arguments' must be an object"));
		expect(c.send('{"execute": "no-such"}')).toEqual(err('The command no-such has not been found', 'CommandNotFound'));
		expect(c.send('{"execute": "query-machines"}')).toEqual(err("memhp: QMP command 'query-machines' is not simulated"));
		// the root bus's functions in devfn order, BARs where SeaBIOS put them, a ROM BAR unmapped (-1)
		const [pci] = c.send('{"execute": "query-pci"}') as [{return: {bus: number; devices: {slot: number; function: number; irq?: number; regions: {bar: number; address: number}[]}[]}[]}];
		expect(pci.return.map((b) => b.bus)).toEqual([0]);
		expect(pci.return[0]!.devices.map((d) => `${d.slot}.${d.function}`)).toEqual(['0.0', '1.0', '1.1', '1.3', '2.0', '3.0']);
		expect(pci.return[0]!.devices[5]).toMatchObject({irq: 11, regions: [{bar: 0, address: 0xfebc0000}, {bar: 1, address: 0xc000}, {bar: 6, address: -1}]});
		// the default drives as the lab's 7.2 wrote them over its socket, members in QDict order
		expect(c.feed('{"execute": "query-block"}')).toEqual(['{"return": [{"io-status": "ok", "device": "ide1-cd0", "locked": false, "removable": true, "qdev": "/machine/unattached/device[23]", "tray_open": false, "type": "unknown"}, {"device": "floppy0", "locked": false, "removable": true, "qdev": "/machine/unattached/device[16]", "type": "unknown"}, {"device": "sd0", "locked": false, "removable": true, "type": "unknown"}]}']);
		expect(c.feed('{"execute": "query-spice"}')).toEqual(['{"return": {"migrated": false, "enabled": false, "mouse-mode": "client"}}']);
		expect(c.feed('{"execute": "query-mice"}')).toEqual(['{"return": [{"index": 2, "name": "QEMU PS/2 Mouse", "current": true, "absolute": false}]}']);
		expect(c.send('{"execute": "object-del"}')).toEqual(err("Parameter 'id' is missing"));
		expect(c.send('{"execute": "object-del", "arguments": {"id": 5}}')).toEqual(err("Invalid parameter type for 'id', expected: string"));
		expect(c.send('{"execute": "query-memdev", "arguments": {"x": 1}}')).toEqual(err("Parameter 'x' is unexpected"));
		// device_add is 'gen': false: its dictionary becomes QemuOpts (strings; numbers and bools
		// as text, a non-string id dropped) and qdev parses the properties (the lab's 7.2).
		expect(c.send('{"execute": "device_add", "arguments": {"driver": "pc-dimm", "id": "d", "memdev": "m", "slot": "1"}}')).toEqual(err("Device 'm' not found", 'DeviceNotFound'));
		expect(c.send('{"execute": "device_add", "arguments": {"driver": "pc-dimm", "id": "d", "addr": "abc"}}')).toEqual(err("Parameter 'addr' expects integer"));
		expect(c.send('{"execute": "device_add", "arguments": {"driver": "pc-dimm", "id": "d", "addr": true}}')).toEqual(err("Parameter 'addr' expects integer"));
		expect(c.send('{"execute": "device_add", "arguments": {"driver": 5}}')).toEqual(err("'5' is not a valid device model name"));
		// The machine's own errors come back with their class.
		expect(c.send('{"execute": "device_del", "arguments": {"id": "nope"}}')).toEqual(err("Device 'nope' not found", 'DeviceNotFound'));
		expect(c.send('{"execute": "object-del", "arguments": {"id": "pc.ram"}}')).toEqual(err("object 'pc.ram' is in use, can not be deleted"));
	});
});

describe('QMP on a running machine', () => {
	const negotiated = () => {
		const session = startSession(TUTORIAL);
		const c = client(session);
		c.greeting();
		c.send('{"execute": "qmp_capabilities"}');
		return {session, c};
	};
	const plug = (c: ReturnType<typeof client>, id: string, size: number) => [
		...c.send(`{"execute": "object-add", "arguments": {"qom-type": "memory-backend-ram", "id": "m${id}", "size": ${size}}}`),
		...c.send(`{"execute": "device_add", "arguments": {"driver": "pc-dimm", "id": "${id}", "memdev": "m${id}"}}`),
	];

	it('hot-adds a DIMM: the reply, then the guest _OST as ACPI_DEVICE_OST; the guest sees the blocks', () => {
		const {session, c} = negotiated();
		const msgs = plug(c, 'dimm1', 512 * 1024 * 1024) as Array<Record<string, unknown>>;
		expect(msgs[0]).toEqual({return: {}});
		expect(msgs[1]).toEqual({return: {}});
		expect(msgs[2]).toMatchObject({event: 'ACPI_DEVICE_OST', data: {info: {device: 'dimm1', slot: '0', 'slot-type': 'DIMM', source: 1, status: 0}}});
		expect(msgs[2].timestamp).toEqual({seconds: expect.any(Number) as number, microseconds: expect.any(Number) as number});
		expect(typeLine(session, 'serial', 'cat /sys/devices/system/memory/memory35/state')).toContain('offline');
		expect(c.send('{"execute": "query-memory-devices"}')).toEqual([{return: [{type: 'dimm', data: {
			id: 'dimm1', addr: 4294967296, slot: 0, node: 0, size: 536870912, memdev: '/objects/mdimm1', hotplugged: true, hotpluggable: true,
		}}]}]);
		expect(c.send('{"execute": "query-acpi-ospm-status"}')[0]).toMatchObject({return: expect.arrayContaining([
			{device: 'dimm1', slot: '0', 'slot-type': 'DIMM', source: 1, status: 0},
			{slot: '1', 'slot-type': 'DIMM', source: 0, status: 0},
		]) as unknown});
	});

	it('device_del of an offline DIMM: reply, _OST in progress, DEVICE_DELETED, _OST success on the empty slot', () => {
		const {c} = negotiated();
		plug(c, 'dimm1', 128 * 1024 * 1024);
		const msgs = c.send('{"execute": "device_del", "arguments": {"id": "dimm1"}}') as Array<Record<string, unknown>>;
		expect(msgs.map(m => m.event ?? 'reply')).toEqual(['reply', 'ACPI_DEVICE_OST', 'DEVICE_DELETED', 'ACPI_DEVICE_OST']);
		expect(msgs[1].data).toEqual({info: {device: 'dimm1', slot: '0', 'slot-type': 'DIMM', source: 3, status: 0x84}});
		expect(msgs[2].data).toEqual({device: 'dimm1', path: '/machine/peripheral/dimm1'});
		expect(msgs[3].data).toEqual({info: {slot: '0', 'slot-type': 'DIMM', source: 3, status: 0}});
		expect(c.send('{"execute": "object-del", "arguments": {"id": "mdimm1"}}')).toEqual([{return: {}}]);
	});

	it('device_del the guest refuses: _OST DEVICE_BUSY, no DEVICE_DELETED, the DIMM stays', () => {
		const {session, c} = negotiated();
		plug(c, 'dimm1', 512 * 1024 * 1024);
		// The only Normal memory of a 1 GiB guest: kernel allocations land in it and pin it.
		typeLine(session, 'serial', 'echo online_kernel > /sys/devices/system/memory/memory33/state');
		plug(c, 'dimm2', 128 * 1024 * 1024);
		typeLine(session, 'serial', 'ls /sys/devices/system/memory/memory33/');
		const msgs = c.send('{"execute": "device_del", "arguments": {"id": "dimm1"}}') as Array<Record<string, unknown>>;
		expect(msgs.map(m => m.event ?? 'reply')).toEqual(['reply', 'ACPI_DEVICE_OST', 'ACPI_DEVICE_OST']);
		expect(msgs[2].data).toEqual({info: {device: 'dimm1', slot: '0', 'slot-type': 'DIMM', source: 3, status: 0x82}});
		expect(session.snapshot().qemu.dimms.map(d => d.id)).toEqual(['dimm1', 'dimm2']);
	});

	it('events from the monitor pane reach the QMP client too; stop/cont send STOP and RESUME', () => {
		const {session, c} = negotiated();
		const seen: QapiEvent[] = [];
		session.onQapiEvent(e => seen.push(e));
		typeLine(session, 'monitor', 'stop');
		typeLine(session, 'monitor', 'cont');
		expect(seen.map(e => e.event)).toEqual(['STOP', 'RESUME']);
		expect(c.raw().map(l => (JSON.parse(l) as {event: string}).event)).toEqual(['STOP', 'RESUME']);
		expect(c.send('{"execute": "cont"}').map(m => (m as {event?: string}).event ?? 'reply')).toEqual(['reply', 'STOP', 'RESUME']);
	});

	it('human-monitor-command returns HMP text; quit replies, sends SHUTDOWN and ends the machine', () => {
		const {session, c} = negotiated();
		expect(c.send(`{"execute": "human-monitor-command", "arguments": {"command-line": "info memory_size_summary"}}`)).toEqual([
			{return: 'base memory: 1073741824\nplugged memory: 0\n'},
		]);
		const msgs = c.send('{"execute": "quit"}') as Array<Record<string, unknown>>;
		expect(msgs[0]).toEqual({return: {}});
		expect(msgs[1]).toMatchObject({event: 'SHUTDOWN', data: {guest: false, reason: 'host-qmp-quit'}});
		expect(session.exitCode()).toBe(0);
	});

	it('QMP commands are part of the input log: an internal error later rebuilds the machine with them', () => {
		const {session, c} = negotiated();
		plug(c, 'dimm1', 256 * 1024 * 1024);
		// Rebuild as an internal error would (private API, the same path the guard uses).
		(session as unknown as {rebuild: () => boolean}).rebuild();
		expect(session.snapshot().qemu.dimms.map(d => d.id)).toEqual(['dimm1']);
		expect(typeLine(session, 'serial', 'ls -d /sys/devices/system/memory/memory33')).toContain('memory33');
	});
});

describe('QMP input nobody should send', () => {
	it('any bytes, in any chunks: no exception, every line out is one JSON object, the machine still answers', () => {
		const words = ['{', '}', '[', ']', ':', ',', '"execute"', '"arguments"', '"id"', "'x'", '"qmp_capabilities"', '"device_add"',
			'"object-add"', '"device_del"', '"human-monitor-command"', '"command-line"', '"info memdev"', '"quit"', '"qom-type"',
			'"memory-backend-ram"', '"size"', '1', '-5', '1e400', 'true', 'null', 'nul', '"\\u00e9"', '"\\x"', '@', '\n', ' ', '"driver"',
			'"pc-dimm"', '"memdev"', '"__proto__"', '"constructor"', '"exec-oob"', '"enable"', '"oob"'];
		fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom(...words), fc.string({maxLength: 4})), {maxLength: 60}), fc.integer({min: 1, max: 7}), (tokens, cut) => {
			const session = startSession(TUTORIAL);
			const c = client(session);
			c.greeting();
			const text = tokens.join('');
			for (let i = 0; i < text.length; i += cut) {
				for (const line of c.feed(text.slice(i, i + cut))) {
					const v = JSON.parse(line) as unknown;
					expect(typeof v === 'object' && v !== null && !Array.isArray(v)).toBe(true);
				}
			}
			// The machine is usable afterwards (unless the input quit it).
			if (session.exitCode() === undefined) expect(typeLine(session, 'monitor', 'info status')).toMatch(/VM status: (running|paused)/);
		}), fcParams(200));
	});
});
