/**
 * /sys/firmware/memmap (drivers/firmware/memmap.c): the BIOS e820 table as the kernel received
 * it, then a "System RAM" entry per hot-added range (firmware_map_add_hotplug) that the
 * hot-remove takes away again (firmware_map_remove); entry numbers are never reused.
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {FirmwareMemmap} from '../source/machine/linux/firmware-memmap.js';
import {printed, startSession} from './session-helpers.js';

function boot(m: string, append = 'console=ttyS0 quiet nokaslr'): Session {
	return startSession(['-machine', 'pc', '-m', m, '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', append, '-nographic']);
}

const run = printed;
const MAP = 'for d in $(ls /sys/firmware/memmap | sort -n); do echo $d $(cat /sys/firmware/memmap/$d/start) $(cat /sys/firmware/memmap/$d/end) "$(cat /sys/firmware/memmap/$d/type)"; done';

describe('/sys/firmware/memmap', () => {
	it('lists the BIOS-e820 entries the boot log prints, end inclusive, in their order', () => {
		const s = boot('4G,slots=4,maxmem=16G');
		const bios = run(s, 'serial', 'dmesg | grep BIOS-e820').trim().split('\n').map(l => {
			const [, a, b, type] = /\[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\] (\w+)/.exec(l)!;
			return `${BigInt(a!).toString(16)} ${BigInt(b!).toString(16)} ${type === 'usable' ? 'System RAM' : 'Reserved'}`;
		});
		const map = run(s, 'serial', MAP).trim().split('\n').map(l => l.split(' ').slice(1).join(' ').replace(/0x/g, ''));
		expect(map).toEqual(bios);
		expect(map).toContain('100000000 13fffffff System RAM');
		expect(run(s, 'serial', 'ls -l /sys/firmware/memmap/0 | cut -c1-10')).toBe('total 0\n-r--r--r--\n-r--r--r--\n-r--r--r--\n');
	});

	it('a q35 board: SeaBIOS keeps a page more at the top of low RAM and reserves MMCONFIG and the ICH9 root complex block (lab s61/q35, 1G)', () => {
		const s = startSession(['-machine', 'q35', '-m', '1G,slots=4,maxmem=8G', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
		expect(run(s, 'serial', 'dmesg | grep -E "BIOS-e820|DMI:|RAMDISK" | cut -c16-')).toBe([
			'BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable',
			'BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved',
			'BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved',
			'BIOS-e820: [mem 0x0000000000100000-0x000000003ffdefff] usable',
			'BIOS-e820: [mem 0x000000003ffdf000-0x000000003fffffff] reserved',
			'BIOS-e820: [mem 0x00000000b0000000-0x00000000bfffffff] reserved',
			'BIOS-e820: [mem 0x00000000fed1c000-0x00000000fed1ffff] reserved',
			'BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved',
			'BIOS-e820: [mem 0x000000fd00000000-0x000000ffffffffff] reserved',
			'DMI: QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.2-debian-1.16.2-1 04/01/2014',
			// (the goldens' initrd: 256 pages; the lab's q35 run had 252, at 0x3fed4000)
			'RAMDISK: [mem 0x3fed0000-0x3ffcffff]',
			'',
		].join('\n'));
		// zoneinfo: DMA32 as the lab's (258015 present, 225519 managed).
		expect(run(s, 'serial', "grep -E '^ +(present|managed) ' /proc/zoneinfo | sed -n 3,4p")).toMatch(/present +258015\n +managed +225519\n/);
	});

	it('a DIMM adds a System RAM entry; its removal takes it away; a re-add gets the next number', () => {
		const s = boot('1G,slots=4,maxmem=8G');
		const boot0 = run(s, 'serial', 'ls /sys/firmware/memmap');
		expect(boot0).toBe('0  1  2  3  4  5  6\n');
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		run(s, 'monitor', 'object_add memory-backend-ram,id=m2,size=256M');
		run(s, 'monitor', 'device_add pc-dimm,id=d2,memdev=m2');
		expect(run(s, 'serial', 'cat /sys/firmware/memmap/7/start /sys/firmware/memmap/7/end /sys/firmware/memmap/7/type')).toBe('0x100000000\n0x11fffffff\nSystem RAM\n');
		expect(run(s, 'serial', 'cat /sys/firmware/memmap/8/start /sys/firmware/memmap/8/end')).toBe('0x120000000\n0x12fffffff\n');
		run(s, 'monitor', 'device_del d1');
		expect(run(s, 'serial', 'ls /sys/firmware/memmap')).toBe('0  1  2  3  4  5  6  8\n');
		run(s, 'monitor', 'object_del m1');
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		expect(run(s, 'serial', 'ls /sys/firmware/memmap')).toBe('0  1  2  3  4  5  6  8  9\n');
		expect(run(s, 'serial', 'cat /sys/firmware/memmap/9/start')).toBe('0x100000000\n');
	});

	it('has no entry for a DIMM the guest never added (acpi_no_memhotplug)', () => {
		const s = boot('1G,slots=4,maxmem=8G', 'console=ttyS0 quiet nokaslr acpi_no_memhotplug');
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		expect(run(s, 'serial', 'ls /sys/firmware/memmap')).toBe('0  1  2  3  4  5  6\n');
	});

	it('keeps one entry per range and type; removing an unknown range fails', () => {
		const map = new FirmwareMemmap([{addr: 0, size: 0x1000, type: 'usable'}]);
		map.addHotplug(0x100000000, 0x108000000);
		map.addHotplug(0x100000000, 0x108000000);
		expect(map.list().map(e => e.index)).toEqual([0, 1]);
		expect(map.remove(0x100000000, 0x110000000)).toBe(false);
		expect(map.remove(0x100000000, 0x108000000)).toBe(true);
		expect(map.list().map(e => e.index)).toEqual([0]);
	});
});
