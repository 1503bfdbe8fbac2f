/** info qtree and info pci of the pc board (qdev-tree.ts; lab s62/qt* in test/fixtures/lab/qtree-pci-*.t). */
import {describe, expect, it} from 'vitest';
import {startQemu} from './session-helpers.js';

const bars = (pci: string) => pci.split('\n').filter((l) => /^ *(BAR\d|IRQ|Bus)/.test(l)).map((l) => l.trim());

describe('info pci: SeaBIOS\'s BAR placement and IRQ routing', () => {
	it('-nodefaults: the IDE controller alone takes the I/O region\'s start; no memory BARs', () => {
		const m = startQemu('-m 1G,slots=2,maxmem=4G -nographic -nodefaults -S');
		expect(bars(m.hmp('info pci').output)).toEqual([
			'Bus  0, device   0, function 0:', 'Bus  0, device   1, function 0:', 'Bus  0, device   1, function 1:', 'BAR4: I/O at 0xc000 [0xc00f].',
			'Bus  0, device   1, function 3:', 'IRQ 9, pin A',
		]);
	});

	it('without the VGA the e1000 sits in slot 2: its BAR0 under its ROM\'s room, IRQ 10', () => {
		const m = startQemu('-m 1G,slots=2,maxmem=4G -nographic -vga none -S');
		expect(bars(m.hmp('info pci').output).slice(-5)).toEqual([
			'Bus  0, device   2, function 0:', 'IRQ 10, pin A', 'BAR0: 32 bit memory at 0xfebc0000 [0xfebdffff].', 'BAR1: I/O at 0xc000 [0xc03f].',
			'BAR6: 32 bit memory at 0xffffffffffffffff [0x0003fffe].',
		]);
	});
});

describe('info qtree', () => {
	it('lists a bus\'s devices newest first and formats sizes as size_to_str() does', () => {
		const tree = startQemu('-m 1G,slots=2,maxmem=4G -nographic -S').hmp('info qtree').output;
		const pciDevs = tree.split('\n').filter((l) => /^ {6}dev: /.test(l)).map((l) => l.trim());
		expect(pciDevs).toEqual(['dev: PIIX4_PM, id ""', 'dev: piix3-ide, id ""', 'dev: e1000, id ""', 'dev: VGA, id ""', 'dev: PIIX3, id ""', 'dev: i440FX, id ""']);
		expect(tree).toContain('\n    pci-hole64-size = 2147483648 (2 GiB)\n');
		expect(tree).toContain('\n                discard_granularity = 4294967295 (4 GiB)\n');
		expect(tree).toContain('\n            min_io_size = 0 (0 B)\n');
	});

	it('is the same after a DIMM is hot-added: pc-dimm has no bus', () => {
		const m = startQemu('-m 1G,slots=2,maxmem=4G -nographic -S');
		const before = m.hmp('info qtree').output;
		m.hmp('object_add memory-backend-ram,id=m1,size=128M');
		m.hmp('device_add pc-dimm,id=d1,memdev=m1');
		expect(m.hmp('info qtree').output).toBe(before);
	});

	it('says plainly what it does not know: other cards, drives', () => {
		for (const args of ['-vga cirrus', '-nic user,model=virtio-net-pci', '-hda disk.img', '-machine q35 -vga virtio']) {
			const m = startQemu(`-m 1G,slots=2,maxmem=4G -nographic -S ${args}`);
			expect(m.hmp('info qtree').output).toBe("memhp: 'info qtree' is not simulated\n");
			expect(m.hmp('info pci').output).toBe("memhp: 'info pci' is not simulated\n");
		}
	});
});

describe('a q35 machine', () => {
	it('has its own qdev tree and PCI functions, and its own memory tree (the MCH\'s regions, not the i440FX\'s)', () => {
		const m = startQemu('-machine q35 -m 1G,slots=2,maxmem=4G -nographic -S');
		expect(m.hmp('info qtree').output).toContain('\n  dev: q35-pcihost, id ""\n');
		expect(bars(m.hmp('info pci').output).filter((l) => l.startsWith('Bus'))).toEqual([
			'Bus  0, device   0, function 0:', 'Bus  0, device   1, function 0:', 'Bus  0, device   2, function 0:',
			'Bus  0, device  31, function 0:', 'Bus  0, device  31, function 2:', 'Bus  0, device  31, function 3:',
		]);
		expect(m.hmp('info mtree').output).toContain('address-space: ICH9-LPC\n');
		expect(m.hmp('info mtree').output).not.toContain('i440FX');
	});
});

describe('device_add bus= (qbus_find(); lab s71/bus in device-add-bus-*.t)', () => {
	it('resolves the bus before the device exists: a DIMM on a bus is refused and nothing is added', () => {
		const m = startQemu('-m 1G,slots=4,maxmem=8G -S');
		m.hmp('object_add memory-backend-ram,id=m1,size=128M');
		expect(m.hmp('device_add pc-dimm,id=d1,memdev=m1,bus=pci.0').output).toBe("Error: Device 'pc-dimm' can't go on PCI bus\n");
		expect(m.hmp('info memory-devices').output).toBe('');
		// the id is free still, and the backend unused
		expect(m.hmp('device_add pc-dimm,id=d1,memdev=m1').output).toBe('');
		expect(m.hmp('info memory-devices').output).toContain('Memory device [dimm]: "d1"');
	});

	it('prints the hint in the monitor; QMP gets the message and the class without it', () => {
		const m = startQemu('-m 1G,slots=4,maxmem=8G -S');
		m.hmp('object_add memory-backend-ram,id=m1,size=128M');
		expect(m.hmp('device_add virtio-mem-pci,id=v1,memdev=m1').output).toBe('');
		expect(m.hmp('device_add pc-dimm,memdev=m1,bus=pci.0/x').output).toBe(
			"Error: Device 'x' not found\ndevices at \"pci.0\": \"virtio-mem-pci\"/\"v1\", \"PIIX4_PM\", \"piix3-ide\", \"e1000\", \"VGA\", \"PIIX3\", \"i440FX\"\n");
		expect(m.qmp('device_add', {driver: 'pc-dimm', memdev: 'm1', bus: 'pci.0/x'})).toEqual({error: {class: 'DeviceNotFound', desc: "Device 'x' not found"}});
		// a device with one child bus stands for it: the virtio-mem-pci's virtio bus takes one device
		expect(m.hmp('device_add virtio-mem,memdev=m1,bus=pci.0/v1').output).toBe("Error: Bus 'pci.0/v1' is full\n");
	});
});
