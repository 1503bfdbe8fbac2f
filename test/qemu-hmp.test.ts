import {describe, expect, it} from 'vitest';
import {GHashTable, g_str_hash, parseQemuCommandLine} from '../source/machine/qemu/index.js';
import {startQemu} from './session-helpers.js';

const machine = startQemu;

describe('GLib hash table order', () => {
	const order = (ins: string[], del: string[] = []): string => {
		const t = new GHashTable<number>();
		for (const k of ins) t.set(k, 1);
		for (const k of del) t.delete(k);
		return t.keysInOrder().reverse().join(' ');
	};
	it('g_str_hash is djb2 over signed chars', () => {
		expect(g_str_hash('')).toBe(5381);
		expect(g_str_hash('a')).toBe(5381 * 33 + 97);
		expect(g_str_hash('\u00e9')).toBe(((((5381 * 33) >>> 0) - 61) * 33 - 87) >>> 0);
	});
	it('reproduces the /objects orders of real runs (incl. resize and tombstone)', () => {
		expect(order(['pc.ram', 'm1', 'm5', 'm6', 'm11', 'm12'])).toBe('m12 m1 m6 m11 m5 pc.ram');
		expect(order(['pc.ram', 'm1', 'm5', 'm6', 'm11', 'm12', 'm20', 'big', 'fit', 'last'], ['big'])).toBe('m6 fit pc.ram m20 m11 m12 m1 last m5');
		expect(order(['pc.ram', 'm1', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11'])).toBe('m10 pc.ram m6 m11 m7 m1 m8 m9 m4 m5');
	});
	it('walks values in the same order as its entries, without a list (forEachValue, valuesInOrder)', () => {
		const t = new GHashTable<string>();
		for (const k of ['pc.ram', 'm1', 'm5', 'm6', 'm11', 'm12']) t.set(k, k.toUpperCase());
		t.delete('m5');
		const walked: string[] = [];
		t.forEachValue(v => walked.push(v));
		const expected = t.entries().map(([, v]) => v);
		expect(walked).toEqual(expected);
		expect(t.valuesInOrder()).toEqual(expected);
		expect(expected.join(' ')).toBe('PC.RAM M11 M6 M1 M12');
	});
	it('shrinks when mostly empty and keeps every remaining key', () => {
		const t = new GHashTable<number>();
		const keys = Array.from({length: 40}, (_, i) => `k${i}`);
		for (const k of keys) t.set(k, 1);
		for (const k of keys.slice(0, 35)) t.delete(k);
		expect(t.length).toBe(5);
		expect(t.keysInOrder().sort()).toEqual(keys.slice(35).sort());
		expect(t.get('k39')).toBe(1);
		expect(t.has('k0')).toBe(false);
	});
});

describe('HMP surface', () => {
	it('help lines, aliases and unknown commands', () => {
		const m = machine();
		expect(m.hmp('help quit').output).toBe('quit|q  -- quit the emulator\n');
		expect(m.hmp('help q').output).toBe('quit|q  -- quit the emulator\n');
		expect(m.hmp('help ?').output).toBe('help|? [cmd] -- show the help\n');
		expect(m.hmp('help info memdev').output).toBe('info memdev  -- show memory backends\n');
		expect(m.hmp('help qom-set').output).toBe('qom-set [-j] path property value -- set QOM property.\n\t\t\t-j: the value is specified in json format.\n');
		expect(m.hmp('help foo').output).toBe("unknown command: 'foo'\n");
		expect(m.hmp('help info foo').output).toBe("unknown command: 'info foo'\n");
		expect(m.hmp('info').output).toBe(m.hmp('help info').output);
		expect(m.hmp('?').output).toBe(m.hmp('help').output);
		expect(m.hmp('foo').output).toBe("unknown command: 'foo'\n");
		expect(m.hmp('').output).toBe('');
	});
	it('argument errors', () => {
		const m = machine();
		expect(m.hmp('object_add').output).toBe('object_add: string expected\nTry "help object_add" for more information\n');
		expect(m.hmp('device_del').output).toBe('device_del: string expected\nTry "help device_del" for more information\n');
		expect(m.hmp('device_add').output).toBe("Error: Parameter 'driver' is missing\n");
		expect(m.hmp('qom-list').output).toBe('/\n');
		expect(m.hmp('device_add pc-dimm,id=9x').output).toBe("qemu-system-x86_64: Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter.\nTry \"help device_add\" for more information\n");
		// One word of options: a space for a comma leaves the rest extraneous (lab s49/r35 e11); nothing is added.
		m.hmp('object_add memory-backend-ram,id=m1,size=128M');
		expect(m.hmp('device_add pc-dimm id=d1,memdev=m1').output).toBe('device_add: extraneous characters at the end of line\nTry "help device_add" for more information\n');
		expect(m.hmp('device_add pc-dimm,id=9x junk').output).toBe("qemu-system-x86_64: Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter.\nTry \"help device_add\" for more information\n");
		expect(m.hmp('info memory-devices').output).toBe('');
		expect(m.hmp('device_add pc-dimm,id=d1,memdev=m1  ').output).toBe('');
		// Words after the last argument (lab s49/r35 e12): the table's whole name, the typed one in the hint.
		expect(m.hmp('qom-list /objects extra').output).toBe('qom-list: extraneous characters at the end of line\nTry "help qom-list" for more information\n');
		expect(m.hmp('qom-get /machine type extra').output).toBe('qom-get: extraneous characters at the end of line\nTry "help qom-get" for more information\n');
		expect(m.hmp('s now').output).toBe('stop|s: extraneous characters at the end of line\nTry "help s" for more information\n');
		expect(m.hmp('cont please').output).toBe('cont|c: extraneous characters at the end of line\nTry "help cont" for more information\n');
		expect(m.hmp('info mtree -f extra').output).toBe('mtree: extraneous characters at the end of line\nTry "help info mtree" for more information\n');
		expect(m.hmp('qom-set /machine type x extra').output).toBe("Error: Property 'pc-i440fx-7.2-machine.type' is not writable\n");
		expect(m.hmp('quit now').quit).toBeFalsy();
	});
	it('object_add sizes: hex, and sizes no host can map, after the id check (lab: monitor-random-*.t, monitor-no-kernel-hex-1G.t)', () => {
		const m = machine();
		expect(m.hmp('object_add memory-backend-ram,id=m1,size=0x8000000').output).toBe('');
		expect(m.hmp('info memdev').output).toContain('memory backend: m1\n  size:  134217728\n');
		expect(m.hmp('object_add memory-backend-ram,id=m2,size=0x10M').output).toBe('warning: Using a multiplier suffix on hex numbers is deprecated: 0x10M\n');
		expect(m.hmp('info memdev').output).toContain('memory backend: m2\n  size:  16777216\n');
		expect(m.hmp('object_add memory-backend-ram,id=m2,size=0x1.8').output).toBe("Error: Parameter 'size' expects size\n");
		// The visit parses 2^64 - 1 (a u64); the id is refused first, as in the lab.
		expect(m.hmp('object_add memory-backend-ram,id=bad id,size=18446744073709551615').output)
			.toBe("Error: Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter.\n");
		// No x86_64 host maps 128 TiB or more (the lab: 0x8000000M, -m 0x40000000).
		expect(m.hmp('object_add memory-backend-ram,id=m3,size=18446744073709551615').output).toBe("Error: cannot set up guest memory 'm3': Cannot allocate memory\n");
		expect(m.hmp('object_add memory-backend-ram,id=m3,size=128T,policy=bind').output).toBe("Error: cannot set up guest memory 'm3': Cannot allocate memory\n");
		expect(m.hmp('object_add memory-backend-ram,id=m3,size=127T').output).toBe('');
		expect(m.hmp('object_add memory-backend-ram,id=m3,size=16E').output).toBe("Error: Parameter 'size' expects size\n");
	});
	it('device_add and qom-set errors as the lab\'s 7.2 prints them (monitor-random-only-*.t)', () => {
		const m = machine();
		m.hmp('object_add memory-backend-ram,id=m1,size=128M');
		expect(m.hmp('device_add pc-dimm,id=d1,memdev=m1,slot=x').output).toBe("Error: Parameter 'slot' expects integer\n");
		expect(m.hmp('device_add pc-dimm,id=d1,memdev=m1,node=x').output).toBe("Error: Parameter 'node' expects integer\n");
		expect(m.hmp('device_add pc-dimm,id=d1,memdev=m1,hotpluggable=off').output).toBe("Error: Property 'pc-dimm.hotpluggable' is not writable\n");
		expect(m.hmp('device_add pc-dimm,id=d1,memdev=m1').output).toBe('');
		// pc_dimm_realize() checks the node before the memdev.
		expect(m.hmp('device_add pc-dimm,id=d2,memdev=m1,node=1').output).toBe("Error: 'DIMM property node has value 1' which exceeds the number of numa nodes: 1\n");
		expect(m.hmp('device_add pc-dimm,id=d2,memdev=m1').output).toBe("Error: can't use already busy memdev: m1\n");
		expect(m.hmp('qom-set /machine/peripheral/d1 size 1').output).toBe("Error: Property 'pc-dimm.size' is not writable\n");
		expect(m.hmp('qom-set /objects/m1 type x').output).toBe("Error: Property 'memory-backend-ram.type' is not writable\n");
	});
	it('status, version, quit and unsimulated commands', () => {
		const m = machine();
		expect(m.hmp('info status').output).toBe('VM status: paused (prelaunch)\n');
		expect(m.hmp('info version').output).toBe('7.2.22Debian 1:7.2+dfsg-7+deb12u18+b3\n');
		expect(m.hmp('savevm snap1').output).toBe("memhp: 'savevm' is not simulated\n");
		expect(m.hmp('info registers').output).toBe("memhp: 'info registers' is not simulated\n");
		expect(m.hmp('system_powerdown').output).toBe('');
		expect(m.hmp('q')).toEqual({output: '', quit: true});
	});
	it('qom-list /objects prints type first, then children in reverse hash order', () => {
		const m = machine();
		m.hmp('object_add memory-backend-ram,id=m1,size=512M');
		expect(m.hmp('qom-list /objects').output).toBe('type (string)\nm1 (child<memory-backend-ram>)\npc.ram (child<memory-backend-ram>)\n');
		expect(m.hmp('qom-get /objects type').output).toBe('"container"\n');
	});
	it('a backend\'s memory region is named by its id, or with x-use-canonical-path-for-ramblock-id by its canonical path, escaped as a QOM child name (lab s33/g8)', () => {
		const m = machine();
		m.hmp('object_add memory-backend-ram,id=m1,size=128M');
		m.hmp('object_add memory-backend-ram,id=m2,size=128M,x-use-canonical-path-for-ramblock-id=on');
		const children = (id: string) => m.hmp(`qom-list /objects/${id}`).output.split('\n').filter((l) => l.includes('memory-region'));
		expect(children('m1')).toEqual(['m1[0] (child<memory-region>)']);
		expect(children('m2')).toEqual(['\\x2fobjects\\x2fm2[0] (child<memory-region>)']);
		// The region's own name is not escaped: info mtree shows the path.
		m.hmp('device_add pc-dimm,id=d2,memdev=m2');
		expect(m.hmp('info mtree').output).toContain('(prio 0, ram): /objects/m2\n');
	});
	it('qom paths: the root and /machine list as QEMU 7.2 does; unknown paths are not found, opaque ones not simulated', () => {
		const m = machine();
		expect(m.hmp('qom-list /').output).toBe('type (string)\nbackend (child<container>)\nobjects (child<container>)\nmachine (child<pc-i440fx-7.2-machine>)\nchardevs (child<container>)\n');
		const list = m.hmp('qom-list /machine').output.split('\n');
		expect(list.slice(0, 3)).toEqual(['type (string)', 'kernel (string)', 'dt-compatible (string)']);
		expect(list.filter((l) => l.includes('child<'))).toEqual([
			'unattached (child<container>)', 'fw_cfg (child<fw_cfg_io>)', 'peripheral-anon (child<container>)',
			'peripheral (child<container>)', 'device-memory[0] (child<memory-region>)', 'i440fx (child<i440FX-pcihost>)',
		]);
		expect(m.hmp('qom-get /machine type').output).toBe('"pc-i440fx-7.2-machine"\n');
		expect(m.hmp('qom-get /machine/unattached type').output).toBe('"container"\n');
		expect(m.hmp('qom-get / type').output).toBe('"container"\n');
		expect(m.hmp('qom-get /machine/nosuch type').output).toBe("Error: Device '/machine/nosuch' not found\n");
		expect(m.hmp('qom-list /nosuch').output).toBe("Error: Device '/nosuch' not found\n");
		expect(m.hmp('qom-set /nosuch a 1').output).toBe("Error: Device '/nosuch' not found\n");
		expect(m.hmp('qom-get /machine nosuch').output).toBe("Error: Property 'pc-i440fx-7.2-machine.nosuch' not found\n");
		// the machine's own properties read as QEMU's (test/fixtures/lab/qom-get-machine-*.t)
		expect(m.hmp('qom-get /machine memory').output).toBe('{\n    "size": 1073741824,\n    "slots": 32,\n    "max-size": 8589934592\n}\n');
		expect(m.hmp('qom-get /machine device-memory-region-size').output).toBe('41875931136\n');
		// what -machine set reads back in the property's type; vmport's auto is resolved at init
		const set = startQemu('-machine pc,hpet=off,vmport=auto,max-fw-size=16M,smm=off -m 2G -nographic -S');
		expect(['hpet', 'vmport', 'max-fw-size', 'smm', 'graphics', 'memory', 'device-memory-region-size'].map((p) => set.hmp(`qom-get /machine ${p}`).output))
			.toEqual(['false\n', '"on"\n', '16777216\n', '"off"\n', 'false\n', '{\n    "size": 2147483648\n}\n', '0\n']);
		expect(m.hmp('qom-list /machine/unattached').output).toBe('Error: memhp: qom-list of /machine/unattached is not simulated\n');
		// The board's composition is known (pc-composition.ts): its objects resolve, others do not
		expect(m.hmp('qom-get /machine/unattached/device[0] type').output).toBe('"qemu64-x86_64-cpu"\n');
		expect(m.hmp('qom-get /machine/unattached/device[99] type').output).toBe("Error: Device '/machine/unattached/device[99]' not found\n");
		expect(m.hmp('qom-list /machine/unattached/device[0]').output).toBe('Error: memhp: qom-list of /machine/unattached/device[0] is not simulated\n');
		// a q35 board's is not: memhp cannot say what is below it
		const q35 = machine('-M q35 -m 1G');
		expect(q35.hmp('qom-get /machine/unattached/device[0] type').output).toBe("Error: memhp: '/machine/unattached/device[0]' (below /machine/unattached) is not simulated\n");
		expect(q35.hmp('info qom-tree /machine').output).toBe('memhp: the QOM children of /machine/unattached are not simulated\n');
		expect(q35.hmp('info qom-tree /objects').output).toBe('/objects (container)\n  /pc.ram (memory-backend-ram)\n    /pc.ram[0] (memory-region)\n');
		// qobject_to_json_pretty(): an empty list opens and closes on two lines
		expect(m.hmp('qom-get /objects/pc.ram host-nodes').output).toBe('[\n]\n');
	});
	it('a machine without device memory has no device-memory[0] child', () => {
		const m = machine('-m 1G -S');
		expect(m.hmp('qom-list /machine').output).not.toContain('device-memory[0]');
	});
	it('tab completion', () => {
		const m = machine();
		m.hmp('object_add memory-backend-ram,id=mem1,size=512M');
		m.hmp('object_add memory-backend-ram,id=mem2,size=512M');
		m.hmp('device_add pc-dimm,id=dimm1,memdev=mem1');
		expect(m.hmpComplete('obj')).toEqual(['object_add', 'object_del']);
		expect(m.hmpComplete('info mem')).toEqual(['mem', 'memdev', 'memory-devices', 'memory_size_summary']);
		expect(m.hmpComplete('device_del d')).toEqual(['dimm1']);
		expect(m.hmpComplete('object_del m')).toEqual(['mem1', 'mem2']);
		expect(m.hmpComplete('device_add pc-dimm,id=x,memdev=')).toEqual(['mem2']);
		expect(m.hmpComplete('device_add pc-d')).toEqual(['pc-dimm']);
	});
});

describe('the boot RAM backend', () => {
	it('pc.ram is consumed by the machine', () => {
		const m = machine();
		expect(m.hmp('object_del pc.ram').output).toBe("Error: object 'pc.ram' is in use, can not be deleted\n");
		expect(m.hmp('device_add pc-dimm,id=d1,memdev=pc.ram').output).toBe("Error: can't use already busy memdev: pc.ram\n");
	});
});

describe('info name / info uuid (-name, -uuid)', () => {
	it('print what the command line set, and nothing / the zero UUID by default', () => {
		expect(machine('-m 1G -name vm1').hmp('info name').output).toBe('vm1\n');
		expect(machine('-m 1G -name guest=web,debug-threads=on').hmp('info name').output).toBe('web\n');
		expect(machine('-m 1G').hmp('info name').output).toBe('');
		expect(machine('-m 1G').qmp('query-name')).toEqual({return: {}});
		expect(machine('-m 1G -name vm1').qmp('query-name')).toEqual({return: {name: 'vm1'}});
		expect(machine('-m 1G').hmp('info uuid').output).toBe('00000000-0000-0000-0000-000000000000\n');
		expect(machine('-m 1G -uuid 6B29FC40-CA47-1067-B31D-00DD010662DA').qmp('query-uuid')).toEqual({return: {UUID: '6b29fc40-ca47-1067-b31d-00dd010662da'}});
	});
	it("refuse what QEMU refuses", () => {
		// (the lab's 7.2: located, lower case; older QEMUs said "Fail to parse UUID string. Wrong format.")
		expect(parseQemuCommandLine(['-uuid', '1234'])).toMatchObject({ok: false, stderr: 'qemu-system-x86_64: -uuid 1234: failed to parse UUID string: wrong format\n'});
		expect(parseQemuCommandLine(['-name', 'vm,bogus=1'])).toMatchObject({ok: false, stderr: "qemu-system-x86_64: -name vm,bogus=1: Invalid parameter 'bogus'\n"});
	});
});

describe('prealloc and reserve (hostmem.c setters)', () => {
	it('refuses prealloc=on without reserve, either order, and a prealloc that is done stays on', () => {
		const m = machine('-m 1G,slots=4,maxmem=8G');
		const incompatible = "Error: 'prealloc=on' and 'reserve=off' are incompatible\n";
		expect(m.hmp('object_add memory-backend-ram,id=a,size=128M,prealloc=on,reserve=off').output).toBe(incompatible);
		expect(m.hmp('object_add memory-backend-ram,id=b,size=128M,reserve=off,prealloc=on').output).toBe(incompatible);
		expect(m.hmp('object_add memory-backend-ram,id=c,size=128M,reserve=off').output).toBe('');
		expect(m.hmp('qom-set /objects/c prealloc on').output).toBe(incompatible);
		expect(m.hmp('object_add memory-backend-ram,id=d,size=128M,prealloc=on').output).toBe('');
		// (the lab: qom-set prealloc off leaves it true; the memory is allocated)
		expect(m.hmp('qom-set /objects/d prealloc off').output).toBe('');
		expect(m.hmp('qom-get /objects/d prealloc').output).toBe('true\n');
		expect(m.hmp('info memdev').output).not.toMatch(/memory backend: [ab]\n/);
	});
});

describe('memory-backend-memfd', () => {
	it('help lists the backend properties and memfd\'s own, sorted as QEMU sorts them', () => {
		const help = machine('-m 1G,slots=4,maxmem=8G').hmp('object_add memory-backend-memfd,help').output;
		expect(help.split('\n')[0]).toBe('memory-backend-memfd options:');
		expect(help).toContain('\n  hugetlb=<bool>         - Use huge pages\n  hugetlbsize=<int>      - Huge pages size (ex: 2M, 1G)\n  merge=<bool> ');
		expect(help).toContain('\n  seal=<bool>            - Seal growing & shrinking\n  share=<bool> ');
	});

	it('is shared and sealed by default, backs a pc-dimm, and checks hugetlbsize as hostmem-memfd.c does', () => {
		const m = machine('-m 1G,slots=4,maxmem=8G');
		expect(m.hmp('object_add memory-backend-memfd,id=f1,size=256M,hugetlbsize=0').output).toBe("Error: Property 'memory-backend-memfd.hugetlbsize' doesn't take value '0'\n");
		expect(m.hmp('object_add memory-backend-memfd,id=f1,size=256M').output).toBe('');
		expect(m.qmp('qom-get', {path: '/objects/f1', property: 'seal'})).toEqual({return: true});
		expect(m.hmp('info memdev').output).toMatch(/^memory backend: f1\n {2}size: {2}268435456\n(?:.*\n){2} {2}prealloc: false\n {2}share: true\n/);
		expect(m.hmp('qom-set /objects/f1 hugetlbsize 2M').output).toBe('Error: cannot change property value\n');
		// memfd's own properties come last in qom-list, before the memory region child.
		const names = (m.qmp('qom-list', {path: '/objects/f1'}) as {return: {name: string}[]}).return.map(p => p.name);
		expect(names.slice(0, 2)).toEqual(['type', 'share']);
		expect(names.slice(-4, -1).sort()).toEqual(['hugetlb', 'hugetlbsize', 'seal']);
		expect(names.at(-1)).toBe('f1[0]');
		expect(m.hmp('device_add pc-dimm,id=d1,memdev=f1').output).toBe('');
		expect(m.hmp('info memory-devices').output).toContain('memdev: /objects/f1');
		// QMP with typed values; a RAM backend has no hugetlb.
		expect(m.qmp('object-add', {'qom-type': 'memory-backend-memfd', id: 'f2', size: 134217728, seal: false})).toEqual({return: {}});
		expect(m.qmp('object-add', {'qom-type': 'memory-backend-ram', id: 'r1', size: 134217728, hugetlb: true})).toEqual({error: {class: 'GenericError', desc: "Parameter 'hugetlb' is unexpected"}});
	});

	it('Tab completes both simulated backend types, and memfd\'s own properties after its type', () => {
		const m = machine('-m 1G,slots=4,maxmem=8G');
		expect(m.hmpComplete('object_add memory-backend-')).toEqual(['memory-backend-memfd', 'memory-backend-ram']);
		expect(m.hmpComplete('object_add memory-backend-memfd,id=f,h')).toEqual(['help', 'host-nodes', 'hugetlb', 'hugetlbsize']);
		expect(m.hmpComplete('object_add memory-backend-ram,id=f,h')).toEqual(['help', 'host-nodes']);
	});

	it('hugetlb=on needs the host\'s huge page pool, empty on the simulated host: ENOMEM, nothing added', () => {
		const m = machine('-m 1G,slots=4,maxmem=8G');
		// (the lab's 7.2, vm.nr_hugepages 0)
		expect(m.hmp('object_add memory-backend-memfd,id=f1,size=256M,hugetlb=on').output).toBe('Error: unable to map backing store for guest RAM: Cannot allocate memory\n');
		expect(m.hmp('info memdev').output).not.toContain('f1');
	});
});

describe('backend types memhp does not create', () => {
	it('memory-backend-file: its properties are checked (size, then mem-path), then memhp refuses to open a host file', () => {
		const m = machine('-m 1G,slots=4,maxmem=8G');
		expect(m.hmp('object_add memory-backend-file,id=f3').output).toBe("Error: Parameter 'size' is missing\n");
		expect(m.hmp('object_add memory-backend-file,id=f2,mem-path=/tmp/x').output).toBe("Error: Parameter 'size' is missing\n");
		expect(m.hmp('object_add memory-backend-file,id=f1,size=128M').output).toBe("Error: Parameter 'mem-path' is missing\n");
		expect(m.hmp('object_add memory-backend-file,id=f1,size=128M,mem-path=/tmp/x,pmem=maybe').output).toBe("Error: Parameter 'pmem' expects 'on' or 'off'\n");
		expect(m.hmp('object_add memory-backend-file,id=f1,size=128M,mem-path=/tmp/x').output).toBe('Error: memhp: memory-backend-file is not simulated (it would open a host file)\n');
		expect(m.hmp('qom-list /objects').output).toBe('type (string)\npc.ram (child<memory-backend-ram>)\n');
		const help = m.hmp('object_add memory-backend-file,help').output;
		expect(help).toContain('memory-backend-file options:\n  align=<int>\n  discard-data=<bool>\n  dump=<bool>            - Set to');
		expect(help).toContain('\n  mem-path=<string>\n  merge=<bool> ');
		expect(help).toContain('\n  x-use-canonical-path-for-ramblock-id=<bool>\n');
	});

	it('memory-backend-epc is in the QAPI schema but not built into this QEMU: visited, then an invalid type', () => {
		const m = machine('-m 1G,slots=4,maxmem=8G');
		expect(m.hmp('object_add memory-backend-epc,id=e1').output).toBe("Error: Parameter 'size' is missing\n");
		expect(m.hmp('object_add memory-backend-epc,id=e1,size=128M').output).toBe('Error: invalid object type: memory-backend-epc\n');
		expect(m.hmp('object_add help').output).not.toContain('memory-backend-epc');
	});
});
