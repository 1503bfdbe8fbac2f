import {describe, expect, it} from 'vitest';
import {ACPI_NOTIFY_DEVICE_CHECK, ACPI_NOTIFY_EJECT_REQUEST, ACPI_OST_SC_DEVICE_BUSY, ACPI_OST_SC_SUCCESS, type AcpiGuest} from '../source/machine/acpi.js';
import {VirtualClock} from '../source/machine/clock.js';
import {parseQemuCommandLine, QemuMachine} from '../source/machine/qemu/index.js';

function machine(args: string): QemuMachine {
	const parsed = parseQemuCommandLine(args.split(' '));
	if (!parsed.ok) throw new Error(parsed.stderr);
	const created = QemuMachine.create(parsed.config, new VirtualClock());
	if (!created.ok) throw new Error(created.stderr);
	return created.machine;
}

/** A minimal ACPI OS: MSCN-style scan; ejects on request unless `refuse`. */
class FakeGuest implements AcpiGuest {
	gpes = 0;
	inserted: number[] = [];
	constructor(private readonly m: QemuMachine, private readonly refuse = false) {}
	raiseMemoryHotplugGpe(): void {
		this.gpes++;
		const fw = this.m.firmware;
		for (let i = 0; i < fw.slotCount(); i++) {
			const slot = fw.slot(i);
			if (slot.inserting) {
				fw.clearInsertEvent(i);
				this.inserted.push(slot.addr);
				fw.ost(i, ACPI_NOTIFY_DEVICE_CHECK, ACPI_OST_SC_SUCCESS);
			}
			if (slot.removing) {
				fw.clearRemoveEvent(i);
				if (this.refuse) fw.ost(i, ACPI_NOTIFY_EJECT_REQUEST, ACPI_OST_SC_DEVICE_BUSY);
				else fw.eject(i);
			}
		}
	}
}

const run = (m: QemuMachine, ...lines: string[]): string => lines.map((l) => m.hmp(l).output).join('');

describe('device_add / device_del through the ACPI hotplug device', () => {
	it('a guest that ejects: the DIMM, slot and address are freed and the backend deletable', () => {
		const m = machine('-m 1024M,slots=32,maxmem=8G');
		const guest = new FakeGuest(m);
		m.attachGuest(guest);
		expect(run(m, 'object_add memory-backend-ram,id=mem1,size=512M', 'device_add pc-dimm,id=dimm1,memdev=mem1')).toBe('');
		expect(guest.inserted).toEqual([0x100000000]);
		expect(m.firmware.slot(0)).toEqual({enabled: true, inserting: false, removing: false, addr: 0x100000000, size: 0x20000000, node: 0});
		expect(run(m, 'device_del dimm1', 'object_del mem1', 'info memory-devices', 'info memory_size_summary')).toBe('base memory: 1073741824\nplugged memory: 0\n');
		expect(run(m, 'device_del dimm1')).toBe("Error: Device 'dimm1' not found\n");
		run(m, 'object_add memory-backend-ram,id=mem2,size=128M', 'device_add pc-dimm,id=dimm2,memdev=mem2');
		expect(m.snapshot().dimms).toEqual([{id: 'dimm2', slot: 0, addr: 0x100000000, size: 0x8000000, memdev: 'mem2', node: 0, status: 'plugged'}]);
	});

	it('a guest that refuses (_OST busy): the DIMM stays, object_del stays refused, retry is silent', () => {
		const m = machine('-m 1024M,slots=32,maxmem=8G');
		m.attachGuest(new FakeGuest(m, true));
		run(m, 'object_add memory-backend-ram,id=mem1,size=512M', 'device_add pc-dimm,id=dimm1,memdev=mem1');
		expect(run(m, 'device_del dimm1', 'device_del dimm1')).toBe('');
		expect(run(m, 'object_del mem1')).toBe("Error: object 'mem1' is in use, can not be deleted\n");
		expect(m.snapshot().dimms[0].status).toBe('eject-refused');
	});

	it('no guest OS: requests stay pending forever', () => {
		const m = machine('-m 1024M,slots=32,maxmem=8G');
		run(m, 'object_add memory-backend-ram,id=mem1,size=512M', 'device_add pc-dimm,id=dimm1,memdev=mem1');
		expect(run(m, 'device_del dimm1', 'device_del dimm1')).toBe('');
		expect(m.snapshot().dimms[0].status).toBe('eject-requested');
		expect(run(m, 'info memory_size_summary')).toBe('base memory: 1073741824\nplugged memory: 536870912\n');
	});

	it('-S holds the GPE until cont; stop holds it again', () => {
		const m = machine('-m 1024M,slots=32,maxmem=8G -S');
		const guest = new FakeGuest(m);
		m.attachGuest(guest);
		expect(run(m, 'info status')).toBe('VM status: paused (prelaunch)\n');
		run(m, 'object_add memory-backend-ram,id=mem1,size=512M', 'device_add pc-dimm,id=dimm1,memdev=mem1');
		expect(guest.gpes).toBe(0);
		expect(m.firmware.slot(0).inserting).toBe(true);
		expect(run(m, 'cont', 'info status')).toBe('VM status: running\n');
		expect(guest.gpes).toBe(1);
		expect(run(m, 'stop', 'info status')).toBe('VM status: paused\n');
		run(m, 'device_del dimm1');
		expect(m.dimms()).toHaveLength(1);
		run(m, 'c');
		expect(m.dimms()).toHaveLength(0);
	});

	it('first fit with 2 MiB alignment, lowest free slot, explicit slot and addr (real 7.2 run)', () => {
		const m = machine('-m 512M,slots=32,maxmem=8G');
		run(m, 'object_add memory-backend-ram,id=m1,size=512M', 'object_add qom-type=memory-backend-ram,id=m4,size=1G', 'object_add memory-backend-ram,id=m5,size=1073741824');
		run(m, 'object_add memory-backend-ram,id=m9,size=9G', 'object_add memory-backend-ram,id=m10,size=128M', 'object_add memory-backend-ram,id=m11,size=100M');
		expect(run(m, 'device_add pc-dimm,id=d1,memdev=m1', 'device_add pc-dimm,id=d5,memdev=m11')).toBe('');
		expect(run(m, 'device_add pc-dimm,id=d6,memdev=m9')).toBe('Error: not enough space, currently 0x26400000 in use of total space for memory devices 0x1e0000000\n');
		expect(run(m, 'device_add pc-dimm,id=d7,memdev=m10,addr=0x300000000', 'device_add pc-dimm,id=d8,memdev=m5,slot=5', 'device_add pc-dimm,memdev=m4')).toBe('');
		const placed = m.dimms().map((d) => `${d.id ?? ''}@${d.addr.toString(16)}/${d.slot}`);
		expect(placed).toEqual(['d1@100000000/0', 'd5@120000000/1', 'd8@126400000/5', '@166400000/3', 'd7@300000000/2']);
		expect(run(m, 'info numa')).toBe('1 nodes\nnode 0 cpus: 0\nnode 0 size: 3300 MB\nnode 0 plugged: 2788 MB\n');
		expect(run(m, 'qom-list /machine/peripheral')).toBe('type (string)\nd7 (child<pc-dimm>)\nd5 (child<pc-dimm>)\nd8 (child<pc-dimm>)\nd1 (child<pc-dimm>)\n');
		expect(run(m, 'qom-get /machine/peripheral/d1 addr', 'qom-get d1 size', 'qom-get /machine/peripheral/d1 slot')).toBe('4294967296\n536870912\n0\n');
		expect(run(m, 'qom-get /machine/peripheral/d1 foo')).toBe("Error: Property 'pc-dimm.foo' not found\n");
		expect(run(m, 'qom-set /objects/m10 size 1G')).toBe('Error: cannot change property size of memory-backend-ram \n');
		expect(run(m, 'qom-get vm0 size')).toBe("Error: Device 'vm0' not found\n");
	});

	it('slot errors without slots, and the fragmented-space error', () => {
		const noSlots = machine('-m 512M,maxmem=8G');
		run(noSlots, 'object_add memory-backend-ram,id=a,size=256M');
		expect(run(noSlots, 'device_add pc-dimm,id=d1,memdev=a')).toBe("Error: no slots where allocated, please specify the 'slots' option\n");
		expect(run(noSlots, 'device_add pc-dimm,id=d1,memdev=a,slot=0')).toBe('Error: invalid slot number 0, valid range is [0-18446744073709551615]\n');
		const tight = machine('-m 512M,slots=1,maxmem=1536M');
		run(tight, 'object_add memory-backend-ram,id=a,size=512M', 'object_add memory-backend-ram,id=b,size=512M');
		// region = 1G + 1G*1 slot; a DIMM at the very end leaves no 2 MiB-aligned 512M gap elsewhere
		expect(run(tight, 'device_add pc-dimm,id=d1,memdev=a,addr=0x160000000')).toBe('');
		expect(run(tight, 'device_add pc-dimm,id=d2,memdev=b')).toBe('Error: no free slots available\n');
	});

	it('object_add failures in user_creatable_complete insert and remove the child (tombstone)', () => {
		const m = machine('-m 1024M,slots=32,maxmem=8G');
		expect(run(m, 'object_add memory-backend-ram,id=p1,size=1G,policy=bind')).toBe('Error: host-nodes must be set for policy bind\n');
		expect(run(m, 'object_add memory-backend-ram,id=p1,size=1G,merge=maybe')).toBe("Error: Parameter 'merge' expects 'on' or 'off'\n");
		expect(run(m, 'object_add memory-backend-ram,id=p1,size=1G,policy=foo')).toBe("Error: Parameter 'policy' does not accept value 'foo'\n");
		expect(run(m, 'object_add memory-backend-ram,id=p1,size=1G,host-nodes.0=0,policy=bind', 'info memdev')).toContain('memory backend: p1\n  size:  1073741824\n  merge: true\n  dump: true\n  prealloc: false\n  share: false\n  reserve: true\n  policy: bind\n  host nodes: 0\n');
		expect(run(m, 'qom-list /objects/p1')).toBe(
			'type (string)\nshare (bool)\nsize (int)\ndump (bool)\nprealloc-threads (int)\nx-use-canonical-path-for-ramblock-id (bool)\npolicy (HostMemPolicy)\nprealloc-context (link<thread-context>)\nprealloc (bool)\nreserve (bool)\nhost-nodes (int)\nmerge (bool)\np1[0] (child<memory-region>)\n',
		);
	});
});

describe('QMP layer', () => {
	it('returns data or {error: {class, desc}}', () => {
		const m = machine('-m 1024M,slots=32,maxmem=8G');
		expect(m.qmp('object-add', {'qom-type': 'memory-backend-ram', id: 'm1', size: 536870912})).toEqual({return: {}});
		// (the lab's 7.2: qobject_input_type_uint64() words a string or a fraction so)
		expect(m.qmp('object-add', {'qom-type': 'memory-backend-ram', id: 'm2', size: '1G'})).toEqual({error: {class: 'GenericError', desc: "Parameter 'size' expects uint64"}});
		expect(m.qmp('object-add', {'qom-type': 'memory-backend-ram', id: 'm2', size: 1.5})).toEqual({error: {class: 'GenericError', desc: "Parameter 'size' expects uint64"}});
		expect(m.qmp('object-add', {'qom-type': 'memory-backend-ram', id: 'm2', size: 134217728, 'prealloc-threads': -1})).toEqual({error: {class: 'GenericError', desc: "Parameter 'prealloc-threads' expects uint32_t"}});
		expect(m.qmp('object-add', {'qom-type': 'memory-backend-ram', id: 'm2', size: 134217728, prealloc: 'yes'})).toEqual({error: {class: 'GenericError', desc: "Invalid parameter type for 'prealloc', expected: boolean"}});
		expect(m.qmp('device_add', {driver: 'pc-dimm', id: 'd1', memdev: 'm1'})).toEqual({return: {}});
		expect(m.qmp('query-memory-size-summary')).toEqual({return: {'base-memory': 1073741824, 'plugged-memory': 536870912}});
		expect(m.qmp('device_del', {id: 'nope'})).toEqual({error: {class: 'DeviceNotFound', desc: "Device 'nope' not found"}});
		expect(m.qmp('query-status')).toEqual({return: {running: true, singlestep: false, status: 'running'}});
		// qom-set: QMP's value is typed JSON, HMP's text is parsed
		expect(m.qmp('qom-set', {path: '/objects/m1', property: 'merge', value: 'off'})).toEqual({error: {class: 'GenericError', desc: "Invalid parameter type for 'merge', expected: boolean"}});
		expect(m.qmp('qom-set', {path: '/objects/m1', property: 'merge', value: false})).toEqual({return: {}});
		expect(m.hmp('qom-set /objects/m1 dump off').output).toBe('');
		expect(m.qmp('qom-get', {path: '/objects/m1', property: 'dump'})).toEqual({return: false});
		expect(m.qmp('no-such-command')).toMatchObject({error: {class: 'CommandNotFound'}});
	});
	it('device-list-properties lists the DIMMs\' qdev properties and refuses as 7.2 does (the lab\'s QMP socket)', () => {
		const m = machine('-m 1024M,slots=32,maxmem=8G');
		expect(m.qmp('device-list-properties', {typename: 'pc-dimm'})).toEqual({return: [
			{name: 'memdev', type: 'link<memory-backend>'},
			{'default-value': 0, name: 'node', type: 'uint32'},
			{'default-value': 0, name: 'addr', type: 'uint64'},
			{'default-value': -1, name: 'slot', type: 'int32'},
			{name: 'size', type: 'uint64'},
		]});
		expect(m.qmp('device-list-properties', {typename: 'nvdimm'})).toMatchObject({return: expect.arrayContaining([{name: 'label-size', type: 'int'}, {name: 'uuid', type: 'QemuUUID'}])});
		expect(m.qmp('device-list-properties', {typename: 'nope'})).toEqual({error: {class: 'DeviceNotFound', desc: "Device 'nope' not found"}});
		expect(m.qmp('device-list-properties', {typename: 'memory-backend-ram'})).toEqual({error: {class: 'GenericError', desc: "Parameter 'typename' expects a non-abstract device type"}});
		expect(m.qmp('device-list-properties', {typename: 'virtio-mem-pci'})).toMatchObject({error: {desc: expect.stringMatching(/not simulated/)}});
	});
});
