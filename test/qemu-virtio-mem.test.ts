// virtio-mem-pci on the pc machine, as QEMU 7.2 does it (lab s69/vm a..h): a memory device in
// device memory that is also a hotplugged PCI function; the goldens' guest has no virtio driver,
// so it only finds the function on its bus.
import {describe, expect, it} from 'vitest';
import {panelLines} from '../source/ui/panel/panel-lines.js';
import {startQemu, startSession, typeLine} from './session-helpers.js';

const ARGS = '-m 1G,slots=4,maxmem=8G -S';

describe('virtio-mem-pci (QEMU)', () => {
	it('takes the first free device memory, aligned to its block size, and a PCI slot after the board', () => {
		const m = startQemu(ARGS);
		m.hmp('object_add memory-backend-ram,id=m1,size=512M');
		m.hmp('object_add memory-backend-ram,id=m4,size=1G');
		m.hmp('object_add memory-backend-ram,id=m5,size=128M');
		expect(m.hmp('device_add virtio-mem-pci,id=v1,memdev=m1').output).toBe('');
		expect(m.hmp('device_add pc-dimm,id=d1,memdev=m5').output).toBe('');
		expect(m.hmp('device_add virtio-mem-pci,id=v2,memdev=m4').output).toBe('');
		expect(m.hmp('info memory-devices').output).toBe([
			'Memory device [virtio-mem]: "v1"', '  memaddr: 0x100000000', '  node: 0', '  requested-size: 0', '  size: 0',
			'  max-size: 536870912', '  block-size: 2097152', '  memdev: /objects/m1',
			'Memory device [dimm]: "d1"', '  addr: 0x120000000', '  slot: 0', '  node: 0', '  size: 134217728', '  memdev: /objects/m5',
			'  hotplugged: true', '  hotpluggable: true',
			'Memory device [virtio-mem]: "v2"', '  memaddr: 0x128000000', '  node: 0', '  requested-size: 0', '  size: 0',
			'  max-size: 1073741824', '  block-size: 2097152', '  memdev: /objects/m4', '',
		].join('\n'));
		// it plugged nothing: only the DIMM counts
		expect(m.hmp('info memory_size_summary').output).toBe('base memory: 1073741824\nplugged memory: 134217728\n');
		const pci = m.hmp('info pci').output;
		expect(pci).toContain('  Bus  0, device   4, function 0:\n    Class 0255: PCI device 1af4:1058\n      PCI subsystem 1af4:1100\n      IRQ 0, pin A\n      BAR4: 64 bit prefetchable memory at 0xffffffffffffffff [0x00003ffe].\n      id "v1"\n');
		expect(pci).toContain('  Bus  0, device   5, function 0:');
		// the newest device first on pci.0, each with its virtio bus
		const qtree = m.hmp('info qtree').output;
		expect(qtree.indexOf('dev: virtio-mem-pci, id "v2"')).toBeLessThan(qtree.indexOf('dev: virtio-mem-pci, id "v1"'));
		expect(qtree).toContain('        addr = 04.0\n');
		expect(qtree).toContain('          dev: virtio-mem, id ""\n            memaddr = 4966055936 (0x128000000)\n');
		expect(m.hmp('info mtree').output).toContain('      0000000100000000-000000011fffffff (prio 0, ram): m1\n');
	});

	it('checks the backend, the block size, the address, the slot and the node in QEMU order', () => {
		const m = startQemu(ARGS);
		m.hmp('object_add memory-backend-ram,id=m1,size=256M');
		m.hmp('object_add memory-backend-ram,id=m3,size=129M');
		m.hmp('object_add memory-backend-ram,id=m6,size=8G');
		const add = (args: string) => m.hmp(`device_add virtio-mem-pci,${args}`).output;
		expect(add('id=a')).toBe("Error: 'memdev' property must be set\n");
		expect(add('id=a,memdev=m3')).toBe('Error: backend memory size must be multiple of 0x200000\n');
		expect(add('id=a,memdev=m1,block-size=1G')).toBe('Error: backend memory size must be multiple of 0x40000000\n');
		expect(add('id=a,memdev=m1,block-size=4K')).toBe("Error: 'block-size' property has to be at least 0x100000\n");
		expect(add('id=a,memdev=m1,block-size=3M')).toBe("Error: 'block-size' property has to be a power of two\n");
		expect(add('id=a,memdev=m1,requested-size=1M')).toBe("Error: 'requested-size' property has to be multiples of 'block-size' (0x200000)\n");
		expect(add('id=a,memdev=m1,memaddr=0x120100000')).toBe('Error: address must be aligned to 0x200000 bytes\n');
		expect(add('id=a,memdev=m1,memaddr=0x80000000')).toBe("Error: can't add memory device [0x80000000:0x10000000], usable range for memory devices [0x100000000:0x2c0000000]\n");
		expect(add('id=a,memdev=m1,addr=zz')).toBe("Error: Property 'virtio-mem-pci.addr' doesn't take value 'zz'\n");
		expect(add('id=a,memdev=m1,addr=04.8')).toBe("Error: Property 'virtio-mem-pci.addr' doesn't take value '04.8'\n");
		expect(add('id=a,memdev=m1,addr=3')).toBe('Error: PCI: slot 3 function 0 not available for virtio-mem-pci, in use by e1000,id=(null)\n');
		expect(add('id=a,memdev=m1,node=1')).toBe("Error: 'node' property has value '1', which exceedsthe number of numa nodes: 1\n");
		expect(add('id=a,memdev=m1,size=128M')).toBe("Error: Property 'virtio-mem.size' is not writable\n");
		expect(add('id=a,memdev=m1,ats=maybe')).toBe("Error: Parameter 'ats' expects 'on' or 'off'\n");
		expect(add('id=a,memdev=m1,unplugged-inaccessible=maybe')).toBe("Error: Parameter 'unplugged-inaccessible' does not accept value 'maybe'\n");
		expect(add('id=a,memdev=m1,romsize=-1')).toBe("Error: Parameter 'romsize' expects uint32_t\n");
		expect(m.hmp('device_add virtio-mem,id=a,memdev=m1').output).toBe("Error: No 'virtio-bus' bus found for device 'virtio-mem'\n");
		// none of them left a device behind; requested-size above the backend is not checked at realize
		expect(m.hmp('info memory-devices').output).toBe('');
		expect(add('id=v1,memdev=m1,requested-size=512M')).toBe('');
		expect(add('id=v2,memdev=m1')).toBe("Error: 'memdev' property specifies a busy memdev: m1\n");
		expect(add('id=v3,memdev=m6')).toBe('Error: not enough space, currently 0x10000000 in use of total space for memory devices 0x1c0000000\n');
		expect(m.hmp('device_del v1').output).toBe('Error: virtio based memory devices cannot be unplugged.\n');
		expect(m.hmp('object_del m1').output).toBe("Error: object 'm1' is in use, can not be deleted\n");
	});

	it('puts a hotplugged function beside a function 0 nowhere, and another function 0 only as multifunction allows', () => {
		const m = startQemu(ARGS);
		for (const id of ['m1', 'm2', 'm3', 'm4']) m.hmp(`object_add memory-backend-ram,id=${id},size=256M`);
		expect(m.hmp('device_add virtio-mem-pci,id=v0,memdev=m1').output).toBe('');
		expect(m.hmp('device_add virtio-mem-pci,memdev=m2,addr=4.1').output).toBe('Error: PCI: slot 4 function 0 already occupied by virtio-mem-pci, new func virtio-mem-pci cannot be exposed to guest.\n');
		expect(m.hmp('device_add virtio-mem-pci,memdev=m2,addr=7.0,multifunction=on').output).toBe('');
		expect(m.hmp('device_add virtio-mem-pci,memdev=m3,addr=7.2').output).toBe('Error: PCI: slot 7 function 0 already occupied by virtio-mem-pci, new func virtio-mem-pci cannot be exposed to guest.\n');
		expect(m.hmp('device_add virtio-mem-pci,id=v6,memdev=m3,addr=6.1').output).toBe('');
		expect(m.hmp('device_add virtio-mem-pci,id=v8,memdev=m4,addr=6').output).toBe('Error: PCI: 6.0 indicates single function, but 6.1 is already populated.\n');
		expect(m.hmp('info qom-tree /machine/peripheral-anon').output).toBe([
			'/peripheral-anon (container)', '  /device[1] (virtio-mem-pci)', '    /bus master container[0] (memory-region)', '    /bus master[0] (memory-region)',
			'    /virtio-backend (virtio-mem)', '    /virtio-bus (virtio-pci-bus)', '    /virtio-pci-common-virtio-mem[0] (memory-region)',
			'    /virtio-pci-device-virtio-mem[0] (memory-region)', '    /virtio-pci-isr-virtio-mem[0] (memory-region)',
			'    /virtio-pci-notify-pio-virtio-mem[0] (memory-region)', '    /virtio-pci-notify-virtio-mem[0] (memory-region)', '    /virtio-pci[0] (memory-region)', '',
		].join('\n'));
	});

	it('takes requested-size at run time as virtio_mem_set_requested_size() does, and nothing else', () => {
		const m = startQemu(ARGS);
		m.hmp('object_add memory-backend-ram,id=m1,size=256M');
		expect(m.hmp('device_add virtio-mem-pci,id=v1,memdev=m1,block-size=1M,requested-size=3M,addr=0x1f').output).toBe("warning: 'block-size' property is smaller than the default block size (2 MiB)\n");
		const set = (prop: string, value: string) => m.hmp(`qom-set /machine/peripheral/v1 ${prop} ${value}`).output;
		expect(set('requested-size', '100M')).toBe('');
		expect(set('requested-size', '101.5M')).toBe("Error: 'requested-size' has to be multiples of 'block-size' (0x100000)\n");
		expect(set('requested-size', '512M')).toBe("Error: 'requested-size' cannot exceed the memory backend size(0x10000000)\n");
		expect(set('requested-size', 'abc')).toBe("Error: Parameter 'requested-size' expects a non-negative number below 2^64\nOptional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\nand exabytes, respectively.\n");
		expect(set('block-size', '2M')).toBe("Error: 'block-size' cannot be changed\n");
		expect(set('node', '0')).toBe("Error: Attempt to set property 'node' on anonymous device (type 'virtio-mem') after it was realized\n");
		expect(set('ats', 'on')).toBe("Error: Attempt to set property 'ats' on device 'v1' (type 'virtio-mem-pci') after it was realized\n");
		const get = (path: string, prop: string) => m.hmp(`qom-get ${path} ${prop}`).output;
		expect(get('/machine/peripheral/v1', 'requested-size')).toBe('104857600\n');
		expect(get('/machine/peripheral/v1', 'addr')).toBe('248\n');
		expect(get('/machine/peripheral/v1', 'legacy-addr')).toBe('"1f.0"\n');
		expect(get('/machine/peripheral/v1', 'unplugged-inaccessible')).toBe('"off"\n');
		expect(get('/machine/peripheral/v1/virtio-backend', 'size')).toBe('0\n');
		expect(get('/machine/peripheral/v1/virtio-backend', 'type')).toBe('"virtio-mem"\n');
	});

	it('is refused on q35 (no ACPI slots on pcie.0) and without device memory', () => {
		const q35 = startQemu('-machine q35 -m 1G,slots=4,maxmem=8G -S');
		q35.hmp('object_add memory-backend-ram,id=m1,size=256M');
		expect(q35.hmp('device_add virtio-mem-pci,id=v1,memdev=m1').output).toBe("Error: Bus 'pcie.0' does not support hotplugging\n");
		expect(q35.hmp('device_add virtio-mem-pci,id=v1,memdev=m1,bus=pci.0').output).toBe("Error: Bus 'pci.0' not found\n");
		const flat = startQemu('-m 1G -S');
		flat.hmp('object_add memory-backend-ram,id=m1,size=256M');
		expect(flat.hmp('device_add virtio-mem-pci,id=v1,memdev=m1').output).toBe('Error: memory devices (e.g. for memory hotplug) are not enabled, please specify the maxmem option\n');
	});
});

describe('virtio-mem-pci (guest)', () => {
	it('on the command line: SeaBIOS routes it and places its BAR, the guest finds it at boot', () => {
		const s = startSession(['-machine', 'pc', '-m', '1G,slots=4,maxmem=8G', '-object', 'memory-backend-ram,id=m1,size=256M', '-device', 'virtio-mem-pci,id=v1,memdev=m1,requested-size=64M',
			'-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
		expect(typeLine(s, 'serial', "dmesg | grep 'pci 0000:00:04'")).toMatch(/\] pci 0000:00:04\.0: \[1af4:1058\] type 00 class 0x00ff00\r?\n.*\] pci 0000:00:04\.0: BAR 4 \[mem 0xfe000000-0xfe003fff 64bit pref\]\r?\n/);
		expect(typeLine(s, 'serial', 'cat /proc/iomem')).toMatch(/fd000000-fdffffff : 0000:00:02\.0\r?\n {2}fe000000-fe003fff : 0000:00:04\.0\r?\n/);
		const pci = typeLine(s, 'monitor', 'info pci');
		expect(pci).toMatch(/ {6}IRQ 11, pin A\r?\n {6}BAR4: 64 bit prefetchable memory at 0xfe000000 \[0xfe003fff\]\.\r?\n {6}id "v1"/);
		expect(typeLine(s, 'monitor', 'qom-get /machine/peripheral/v1 hotplugged')).toContain('false');
		expect(typeLine(s, 'monitor', 'info mtree')).toMatch(/ {6}00000000fe000000-00000000fe003fff \(prio 1, i\/o\): virtio-pci\r?\n {8}00000000fe000000-00000000fe000fff \(prio 0, i\/o\): virtio-pci-common-virtio-mem/);
	});

	it('acpiphp scans the new slot: the function and its BAR in dmesg and /proc/iomem, no memory added', () => {
		const s = startSession(['-machine', 'pc', '-m', '1G,slots=4,maxmem=8G', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
		const before = typeLine(s, 'serial', 'free -m');
		typeLine(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=256M');
		typeLine(s, 'monitor', 'object_add memory-backend-ram,id=m2,size=256M');
		typeLine(s, 'monitor', 'device_add virtio-mem-pci,id=v1,memdev=m1');
		// function 1 of a slot without a function 0: the guest never looks
		typeLine(s, 'monitor', 'device_add virtio-mem-pci,id=v2,memdev=m2,addr=6.1');
		expect(typeLine(s, 'serial', 'dmesg | tail -n 3')).toMatch(/\] pci 0000:00:04\.0: \[1af4:1058\] type 00 class 0x00ff00\r?\n.*\] pci 0000:00:04\.0: BAR 4 \[mem 0x00000000-0x00003fff 64bit pref\]\r?\n.*\] pci 0000:00:04\.0: BAR 4 \[mem 0x3c0000000-0x3c0003fff 64bit pref\]: assigned\r?\n/);
		const iomem = typeLine(s, 'serial', 'cat /proc/iomem');
		expect(iomem).toMatch(/3c0000000-43fffffff : PCI Bus 0000:00\r?\n {2}3c0000000-3c0003fff : 0000:00:04\.0\r?\n/);
		expect(iomem).not.toContain('0000:00:06.1');
		expect(typeLine(s, 'serial', 'ls /sys/devices/system/memory/')).not.toContain('memory32');
		expect(typeLine(s, 'serial', 'free -m').replace('free -m', '')).toBe(before.replace('free -m', ''));
		// the panel lists it with the DIMMs: its PCI address, region, what was asked and plugged
		const panel = panelLines({snapshot: s.snapshot(), freeHistory: [], width: 100}, 60).map(l => l.map(x => x.text).join(''));
		expect(panel).toContain('virtio-mem v1 00:04.0 0x100000000 256 MiB req 0 B plugged 0 B');
		typeLine(s, 'monitor', 'qom-set /machine/peripheral/v1 requested-size 128M');
		const asked = panelLines({snapshot: s.snapshot(), freeHistory: [], width: 100}, 60).map(l => l.map(x => x.text).join(''));
		expect(asked).toContain('virtio-mem v1 00:04.0 0x100000000 256 MiB req 128 MiB plugged 0 B (no guest driver)');
	});

	it('a reset configures a hotplugged function as SeaBIOS does a -device one: IRQ, BAR, the boot scan (lab s70/rs)', () => {
		const s = startSession(['-machine', 'pc', '-m', '1G,slots=4,maxmem=8G', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
		typeLine(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=1G');
		typeLine(s, 'monitor', 'device_add virtio-mem-pci,id=v1,memdev=m1');
		expect(typeLine(s, 'monitor', 'info pci')).toMatch(/ {6}IRQ 0, pin A\r?\n {6}BAR4: 64 bit prefetchable memory at 0xffffffffffffffff \[0x00003ffe\]\.\r?\n {6}id "v1"/);
		// one function past the board's: SeaBIOS's struct pci_device and the 0xd0 put iPXE's PMM blocks 0x120 lower
		expect(typeLine(s, 'monitor', 'system_reset')).toContain('PMM+3EFCEEE0+3EF0EEE0 CA00');
		expect(typeLine(s, 'monitor', 'info pci')).toMatch(/ {6}IRQ 11, pin A\r?\n {6}BAR4: 64 bit prefetchable memory at 0xfe000000 \[0xfe003fff\]\.\r?\n {6}id "v1"/);
		expect(typeLine(s, 'monitor', 'info mtree')).toContain('(prio 1, i/o): virtio-pci\n');
		// still a hotplugged device for QEMU
		expect(typeLine(s, 'monitor', 'qom-get /machine/peripheral/v1 hotplugged')).toContain('true');
		expect(typeLine(s, 'serial', "dmesg | grep -e 'pci 0000:00:04' -e RSDP")).toMatch(/ACPI: RSDP 0x00000000000F59C0 .*\r?\n.*\] pci 0000:00:04\.0: \[1af4:1058\] type 00 class 0x00ff00\r?\n.*\] pci 0000:00:04\.0: BAR 4 \[mem 0xfe000000-0xfe003fff 64bit pref\]\r?\n/);
		const iomem = typeLine(s, 'serial', 'cat /proc/iomem');
		expect(iomem).toMatch(/ {2}fe000000-fe003fff : 0000:00:04\.0\r?\n/);
		expect(iomem).not.toMatch(/3c0000000-3c0003fff/);
		// a device hotplugged after the reset waits for the next one
		typeLine(s, 'monitor', 'object_add memory-backend-ram,id=m2,size=256M');
		typeLine(s, 'monitor', 'device_add virtio-mem-pci,id=v2,memdev=m2');
		expect(typeLine(s, 'monitor', 'info pci')).toMatch(/ {6}IRQ 0, pin A\r?\n {6}BAR4: 64 bit prefetchable memory at 0xffffffffffffffff \[0x00003ffe\]\.\r?\n {6}id "v2"/);
	});

	it('SeaBIOS with an SRAT or more functions: the RSDP and iPXE\'s PMM blocks move down (lab s70/rs2, rs3)', () => {
		const seen = (mem: string, extra: string[] = []) => {
			const s = startSession(['-machine', 'pc', '-m', mem, ...extra, '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
			const rsdp = /RSDP 0x0000000000(\w+)/.exec(typeLine(s, 'serial', 'dmesg | grep RSDP'))?.[1];
			const pmm = /PMM\+(\w+)\+/.exec(typeLine(s, 'monitor', 'system_reset'))?.[1];
			return `${rsdp} ${pmm}`;
		};
		const devices = (n: number) => Array.from({length: n}, (_, i) => ['-object', `memory-backend-ram,id=m${i},size=256M`, '-device', `virtio-mem-pci,memdev=m${i}`]).flat();
		// no memory hotplug, no SRAT: the board's own allocations, whatever the CPU count
		expect(seen('1G')).toBe('0F59D0 3EFCF000');
		expect(seen('1G', ['-smp', '2'])).toBe('0F59D0 3EFCF000');
		// the NUMA node memory hotplug creates (with slots, or maxmem alone): 0xd0 more
		expect(seen('1G,slots=4,maxmem=8G')).toBe('0F59D0 3EFCEF30');
		expect(seen('1G,maxmem=8G')).toBe('0F59D0 3EFCEF30');
		expect(seen('1G,slots=4,maxmem=8G', ['-smp', '4'])).toBe('0F59D0 3EFCEF30');
		// each function 0x50; each two interrupt sources 0x10 off the RSDP
		expect(seen('1G,slots=4,maxmem=8G', devices(2))).toBe('0F59C0 3EFCEE90');
		expect(seen('1G,slots=4,maxmem=8G', ['-smp', '2', ...devices(2)])).toBe('0F59C0 3EFCEE90');
		expect(seen('1G,slots=4,maxmem=8G', devices(3))).toBe('0F59B0 3EFCEE40');
	});
});
