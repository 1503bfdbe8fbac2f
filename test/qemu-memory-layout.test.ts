import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {parseQemuCommandLine, QemuMachine} from '../source/machine/qemu/index.js';

function machine(args: string): QemuMachine {
	const parsed = parseQemuCommandLine(args.split(' '));
	if (!parsed.ok) throw new Error(parsed.stderr);
	const created = QemuMachine.create(parsed.config, new VirtualClock());
	if (!created.ok) throw new Error(created.stderr);
	return created.machine;
}

const hexRange = (r?: {base: number; size: number}): string => (r ? `${r.base.toString(16)}-${(r.base + r.size - 1).toString(16)}` : 'none');

describe('pc memory map', () => {
	it('512M guest: SeaBIOS e820 and SRAT hotplug range as the real boot log shows', () => {
		const info = machine('-m 512M,slots=32,maxmem=8G').bootInfo();
		expect(info.e820.map((e) => `${e.addr.toString(16)}-${(e.addr + e.size - 1).toString(16)} ${e.type}`)).toEqual([
			'0-9fbff usable',
			'9fc00-9ffff reserved',
			'f0000-fffff reserved',
			'100000-1ffdffff usable',
			'1ffe0000-1fffffff reserved',
			'fffc0000-ffffffff reserved',
			'fd00000000-ffffffffff reserved',
		]);
		expect(hexRange(info.hotplugRange)).toBe('100000000-adfffffff');
		expect(info.pciHole32Start).toBe(0x20000000);
	});
	it('1G guest: 64-bit PCI hole after device memory (tutorial iomem ac0000000-b3fffffff)', () => {
		const info = machine('-m 1024M,slots=32,maxmem=8G').bootInfo();
		expect(hexRange(info.pciHole64)).toBe('ac0000000-b3fffffff');
		expect(info.ramBelow4g).toBe(0x40000000);
		expect(info.ramAbove4g).toBe(0);
	});
	it('4G guest: 3G below, 1G at 4G, device memory from 0x140000000 (bigger.t)', () => {
		const m = machine('-m 4G,slots=64,maxmem=128G');
		const info = m.bootInfo();
		expect(info.ramBelow4g).toBe(0xc0000000);
		expect(info.e820).toContainEqual({addr: 0x100000000, size: 0x40000000, type: 'usable'});
		expect(info.e820).toContainEqual({addr: 0xbffe0000, size: 0x20000, type: 'reserved'});
		expect(hexRange(info.pciHole64)).toBe('3040000000-30bfffffff');
		expect(hexRange(info.hotplugRange)).toBe('140000000-303fffffff');
	});
	it('3584M: gigabyte alignment puts the first DIMM at 0x140000000', () => {
		const m = machine('-m 3584M,slots=4,maxmem=8G');
		m.hmp('object_add memory-backend-ram,id=a,size=1G');
		m.hmp('device_add pc-dimm,id=d1,memdev=a');
		expect(m.hmp('info memory-devices').output).toContain('  addr: 0x140000000\n');
	});
	it('without maxmem there is no hotplug range and info numa shows 0 nodes', () => {
		const m = machine('-m 512M');
		expect(m.bootInfo().hotplugRange).toBeUndefined();
		expect(hexRange(m.bootInfo().pciHole64)).toBe('100000000-17fffffff');
		expect(m.hmp('info numa').output).toBe('0 nodes\n');
		expect(m.hmp('info memory_size_summary').output).toBe('base memory: 536870912\nplugged memory: 0\n');
	});
	it('phys-bits 39 drops the AMD HT reservation from e820', () => {
		const info = machine('-m 1G,slots=4,maxmem=8G -cpu qemu64,phys-bits=39').bootInfo();
		expect(info.e820.some((e) => e.addr === 0xfd00000000)).toBe(false);
		expect(info.physBits).toBe(39);
	});
	it('an Intel CPU model gets no HT hole', () => {
		expect(machine('-m 1G,slots=4,maxmem=8G -cpu Skylake-Client').bootInfo().e820.some((e) => e.addr === 0xfd00000000)).toBe(false);
	});
	it('-smp 2 lists both CPUs on node 0', () => {
		expect(machine('-m 1G,slots=4,maxmem=8G -smp 2').hmp('info numa').output).toBe('1 nodes\nnode 0 cpus: 0 1\nnode 0 size: 1024 MB\nnode 0 plugged: 0 MB\n');
	});
});
