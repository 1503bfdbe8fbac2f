// nvdimm on the pc machine, as QEMU 7.2 does it (lab recordings s19/p3, p4, p5: the goldens'
// guest has no nfit driver, so only QEMU's side shows anything).
import {describe, expect, it} from 'vitest';
import {formatDimmStatus} from '../source/ui/panel/format.js';
import {printed, startQemu, startSession} from './session-helpers.js';

describe('nvdimm', () => {
	it('is refused without -machine nvdimm=on, after its properties are set', () => {
		const m = startQemu();
		m.hmp('object_add memory-backend-ram,id=m,size=128M');
		expect(m.hmp('device_add nvdimm,id=n1,memdev=m').output).toBe("Error: nvdimm is not enabled: missing 'nvdimm' in '-M'\n");
		// pc_memory_pre_plug's check comes before pc_dimm_pre_plug's slot range
		expect(m.hmp('device_add nvdimm,id=n1,memdev=m,slot=99').output).toBe("Error: nvdimm is not enabled: missing 'nvdimm' in '-M'\n");
		expect(m.hmp('device_add nvdimm,id=n1,memdev=nosuch').output).toBe("Error: Device 'nosuch' not found\n");
		expect(m.hmp('device_add nvdimm,id=n1,memdev=m,label-size=abc').output).toBe("Error: Parameter 'label-size' expects size\n");
		expect(m.hmp('device_add nvdimm,id=n1,memdev=m,label-size=1K').output).toBe("Error: Property 'nvdimm.label-size' (0x400) is required at least 0x20000\n");
		expect(m.hmp('device_add nvdimm,id=n1,memdev=m,uuid=bad').output).toBe("Error: Property 'nvdimm.uuid' has invalid value\n");
		expect(m.hmp('device_add nvdimm,id=n1,memdev=m,unarmed=maybe').output).toBe("Error: Parameter 'unarmed' expects 'on' or 'off'\n");
		expect(m.hmp('device_add nvdimm,id=n1,memdev=m,size=1').output).toBe("Error: Property 'nvdimm.size' is not writable\n");
		expect(m.hmp('device_add pc-dimm,id=x,memdev=m,size=1').output).toBe("Error: Property 'pc-dimm.size' is not writable\n");
		expect(m.hmp('qom-list /machine/peripheral').output).toBe('type (string)\n');
		expect(m.hmp('device_add nvdimm,help').output).toContain('  label-size=<int>\n');
		// Tab completion offers nvdimm's own properties after its driver name
		expect(m.hmpComplete('device_add nvdimm,id=n,')).toEqual(['addr', 'help', 'id', 'label-size', 'memdev', 'node', 'slot', 'unarmed', 'uuid']);
		expect(m.hmpComplete('device_add pc-dimm,id=n,')).toEqual(['addr', 'help', 'id', 'memdev', 'node', 'slot']);
	});

	it('with nvdimm=on: its region is the backend minus the label, aligned down; it takes a slot and device memory', () => {
		const m = startQemu('-machine pc,nvdimm=on -m 1024M,slots=4,maxmem=4G -S');
		m.hmp('object_add memory-backend-ram,id=m,size=128M');
		m.hmp('object_add memory-backend-ram,id=m2,size=4M');
		m.hmp('object_add memory-backend-ram,id=m3,size=256M');
		// what is left after the label aligns down to nothing; the message's last value is the alignment
		expect(m.hmp('device_add nvdimm,id=n3,memdev=m2,label-size=3M').output).toBe('Error: the size of memdev m2 (0x400000) is too small to contain nvdimm label (0x300000) and aligned PMEM (0x200000)\n');
		expect(m.hmp('device_add nvdimm,id=n3,memdev=m2,label-size=5M').output).toBe('Error: the size of memdev m2 (0x400000) is too small to contain nvdimm label (0x500000) and aligned PMEM (0x200000)\n');
		expect(m.hmp('device_add nvdimm,id=n6').output).toBe("Error: 'memdev' property must be set\n");
		expect(m.hmp('device_add nvdimm,id=n2,memdev=m2,label-size=2M').output).toBe('');
		expect(m.hmp('device_add nvdimm,id=n1,memdev=m,label-size=256K,slot=2,uuid=12345678-1234-1234-1234-123456789abc').output).toBe('');
		expect(m.hmp('device_add pc-dimm,id=d1,memdev=m3').output).toBe('');
		expect(m.hmp('info memory-devices').output).toBe([
			'Memory device [nvdimm]: "n2"', '  addr: 0x100000000', '  slot: 0', '  node: 0', '  size: 2097152', '  memdev: /objects/m2', '  hotplugged: true', '  hotpluggable: true',
			'Memory device [nvdimm]: "n1"', '  addr: 0x100200000', '  slot: 2', '  node: 0', '  size: 132120576', '  memdev: /objects/m', '  hotplugged: true', '  hotpluggable: true',
			'Memory device [dimm]: "d1"', '  addr: 0x108000000', '  slot: 1', '  node: 0', '  size: 268435456', '  memdev: /objects/m3', '  hotplugged: true', '  hotpluggable: true',
			'',
		].join('\n'));
		expect(m.hmp('info memory_size_summary').output).toBe('base memory: 1073741824\nplugged memory: 402653184\n');
		expect(m.hmp('qom-get n1 label-size').output).toBe('262144\n');
		expect(m.hmp('qom-get n1 uuid').output).toBe('"12345678-1234-1234-1234-123456789abc"\n');
		expect(m.hmp('qom-get n1 nvdimm-memory[0]').output).toBe('"/machine/peripheral/n1/nvdimm-memory[0]"\n');
		expect(m.hmp('qom-list /machine/peripheral/n1').output.split('\n').slice(-6)).toEqual(['unarmed (bool)', 'uuid (QemuUUID)', 'label-size (int)', 'size (uint64)', 'nvdimm-memory[0] (child<memory-region>)', '']);
		expect(m.hmp('qom-set n1 unarmed on').output).toBe("Error: Attempt to set property 'unarmed' on device 'n1' (type 'nvdimm') after it was realized\n");
		expect(m.hmp('qom-set n1 label-size 512K').output).toBe('Error: cannot change property value\n');
		expect(m.hmp('qom-set n1 uuid 12345678-1234-1234-1234-123456789abd').output).toBe('');
		expect(m.hmp('qom-get n1 uuid').output).toBe('"12345678-1234-1234-1234-123456789abd"\n');
		expect(m.hmp('device_del n1').output).toBe('Error: nvdimm device hot unplug is not supported yet.\n');
		expect(m.hmp('object_del m').output).toBe("Error: object 'm' is in use, can not be deleted\n");
		const tree = m.hmp('info mtree').output;
		expect(tree).toContain('      0000000100000000-00000001001fffff (prio 0, nv-ram): alias nvdimm-memory @m2 0000000000000000-00000000001fffff\n');
		expect(tree).toContain('      0000000100200000-0000000107ffffff (prio 0, nv-ram): alias nvdimm-memory @m 0000000000000000-0000000007dfffff\n');
		expect(tree).toContain('memory-region: m\n  0000000000000000-0000000007ffffff (prio 0, ram): m\n');
		expect(m.hmp('info mtree -f').output).toContain('  0000000100200000-0000000107ffffff (prio 0, nv-ram): m\n');
	});

	it('is not hot-added to the guest: no memory blocks appear', () => {
		const s = startSession(['-machine', 'pc,nvdimm=on', '-m', '1024M,slots=4,maxmem=4G', '-kernel', 'bzImage']);
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m,size=128M');
		printed(s, 'monitor', 'device_add nvdimm,id=n1,memdev=m');
		expect(printed(s, 'serial', 'ls /sys/devices/system/memory/ | grep -c memory')).toBe('8\n');
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m3,size=256M');
		printed(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m3');
		// the pc-dimm lands after the nvdimm's 128 MiB, in slot 1
		expect(printed(s, 'serial', 'ls /sys/devices/system/memory/ | grep memory3')).toBe('memory3\nmemory33\nmemory34\n');
		// the panel lists both, the nvdimm as one the guest does nothing with
		const dimms = s.snapshot().qemu.dimms;
		expect(dimms.map((d) => [d.id, d.slot, d.status])).toEqual([['n1', 0, 'nvdimm'], ['d1', 1, 'plugged']]);
		expect(formatDimmStatus(dimms[0]!.status)).toBe('nvdimm, no guest driver');
	});
});

describe('nvdimm in the explanations', () => {
	it('object_del of its backend: in use, and no device_del will free it (both languages)', async () => {
		const {explainLine} = await import('../source/tutorial/explain.js');
		const {en} = await import('../source/tutorial/i18n/en.js');
		const {zh} = await import('../source/tutorial/i18n/zh.js');
		const s = startSession(['-machine', 'pc,nvdimm=on', '-m', '1024M,slots=4,maxmem=4G', '-kernel', 'bzImage']);
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m,size=128M');
		printed(s, 'monitor', 'device_add nvdimm,id=n1,memdev=m');
		expect(printed(s, 'monitor', 'object_del m')).toBe("Error: object 'm' is in use, can not be deleted\n");
		const e = explainLine('monitor', "Error: object 'm' is in use, can not be deleted", s.snapshot());
		expect(e).toEqual({kind: 'object-in-use', backend: 'm', dimm: 'n1', dimmStatus: 'nvdimm'});
		expect(en.explanation(e!)).toBe('m backs NVDIMM n1, and QEMU 7.2 cannot hot-unplug an NVDIMM (device_del says so): the backend stays in use for as long as the machine runs.');
		expect(zh.explanation(e!)).toContain('不支持热拔 NVDIMM');
	});
});
