/**
 * DIMMs QEMU is started with: `-object memory-backend-ram,...` and `-device pc-dimm,...` on the
 * command line (docs/memory-hotplug.txt). The backends are created before the board's pc.ram,
 * the DIMMs after it, in command-line order, with the same slot/address rules as device_add
 * but not `hotplugged` and without a GPE; the guest's ACPI scan at boot adds their memory.
 * Parse-time errors carry the option's location, as error_report() prints them.
 */
import {describe, expect, it} from 'vitest';
import {createSession} from '../source/machine/session.js';
import {printed} from './session-helpers.js';
import {qemuArgs} from '../source/cli/main.js';
import {formatEvent} from '../source/ui/panel/format.js';

const GUEST = ['-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic'];
const start = (args: string) => createSession([...'-machine pc -m 1G,slots=4,maxmem=8G'.split(' '), ...args.split(' ').filter(Boolean), ...GUEST]);

describe('cold-plugged DIMMs', () => {
	it('get slots and addresses in command-line order, are not hotplugged, and their backends precede pc.ram', () => {
		const r = start('-object memory-backend-ram,id=mem1,size=512M -device pc-dimm,id=dimm1,memdev=mem1,slot=2 -object memory-backend-ram,id=mem0,size=256M -device pc-dimm,id=dimm0,memdev=mem0');
		if (!r.ok) throw new Error(r.stderr);
		const s = r.session;
		const devices = printed(s, 'monitor', 'info memory-devices');
		expect(devices).toContain('Memory device [dimm]: "dimm1"\n  addr: 0x100000000\n  slot: 2\n');
		expect(devices).toContain('Memory device [dimm]: "dimm0"\n  addr: 0x120000000\n  slot: 0\n');
		expect(devices.match(/hotplugged: false/g)).toHaveLength(2);
		expect(printed(s, 'monitor', 'info memory_size_summary')).toBe('base memory: 1073741824\nplugged memory: 805306368\n');
		// /objects got mem1, mem0, then pc.ram: the GLib hash table's order of that history.
		expect(printed(s, 'monitor', 'qom-list /objects')).toBe('type (string)\nmem1 (child<memory-backend-ram>)\npc.ram (child<memory-backend-ram>)\nmem0 (child<memory-backend-ram>)\n');
		expect(printed(s, 'monitor', 'object_del mem1')).toBe("Error: object 'mem1' is in use, can not be deleted\n");
		// device_initfn() left `hotplugged` unset: qom-get reads the same flag.
		expect(printed(s, 'monitor', 'qom-get /machine/peripheral/dimm0 hotplugged')).toBe('false\n');
	});

	it('the guest finds them at boot: offline blocks (memhp_default_state), memmap taken, removable with device_del', () => {
		const r = start('-object memory-backend-ram,id=mem1,size=512M -device pc-dimm,id=dimm1,memdev=mem1');
		if (!r.ok) throw new Error(r.stderr);
		const s = r.session;
		expect(printed(s, 'serial', 'cat /sys/devices/system/memory/memory32/state /sys/devices/system/memory/memory35/state')).toBe('offline\noffline\n');
		expect(printed(s, 'serial', 'ls /sys/devices/system/memory/memory32/firmware_node/')).toContain('eject');
		expect(printed(s, 'serial', 'grep -c . /sys/firmware/memmap/7/type')).toBe('1\n');
		expect(printed(s, 'serial', 'echo online_movable > /sys/devices/system/memory/memory32/state; cat /sys/devices/system/memory/memory32/valid_zones')).toBe('Movable\n');
		printed(s, 'serial', 'echo offline > /sys/devices/system/memory/memory32/state');
		printed(s, 'monitor', 'device_del dimm1');
		expect(printed(s, 'monitor', 'info memory-devices')).toBe('');
		expect(printed(s, 'serial', 'ls /sys/devices/system/memory/ | grep -c memory3')).toBe('1\n');
	});

	it('the panel calls their blocks added at boot, not hot-added', () => {
		const r = start('-object memory-backend-ram,id=mem1,size=256M -device pc-dimm,id=dimm1,memdev=mem1');
		if (!r.ok) throw new Error(r.stderr);
		const added = r.session.snapshot().events.find(e => e.kind === 'hot-add')!;
		expect(added.atBoot).toBe(true);
		expect(added.callPath[0]).toBe('acpi_bus_scan');
		expect(formatEvent(added)).toMatch(/ added at boot: memory32-33 offline, 256 MiB$/);
	});

	it('are onlined at boot with memhp_default_state=online', () => {
		const r = createSession(['-m', '1G,slots=4,maxmem=8G', '-object', 'memory-backend-ram,id=m,size=256M', '-device', 'pc-dimm,memdev=m',
			'-kernel', 'bzImage', '-append', 'console=ttyS0 quiet memhp_default_state=online', '-nographic']);
		if (!r.ok) throw new Error(r.stderr);
		expect(printed(r.session, 'serial', 'cat /sys/devices/system/memory/memory33/state')).toBe('online\n');
		expect(printed(r.session, 'serial', 'free -m').split('\n')[1]).toMatch(/^Mem:\s+1152\s/);
		expect(printed(r.session, 'monitor', 'info memory-devices')).toContain('Memory device [dimm]: ""\n');
	});

	it('are added where acpi_bus_scan() runs in the boot log, before the initcalls after it (lab s70/cold)', () => {
		const r = createSession(['-m', '640M,slots=6,maxmem=4G', '-object', 'memory-backend-ram,id=m,size=256M', '-device', 'pc-dimm,memdev=m',
			'-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr memhp_default_state=online_movable', '-nographic']);
		if (!r.ok) throw new Error(r.stderr);
		const log = printed(r.session, 'serial', 'dmesg').split('\n').map(l => l.replace(/^\[ *\d+\.\d{6}\] /, ''));
		// ZONE_MOVABLE's first pages rebuild the zonelists right after the interrupt links; the
		// init sections and the initrd are not freed yet (the lab, with a 16K smaller initrd: 162025)
		const links = log.indexOf('ACPI: PCI: Interrupt link LNKS configured for IRQ 9');
		expect(log.slice(links + 1, links + 4)).toEqual(['Fallback order for Node 0: 0 ', 'Built 1 zonelists, mobility grouping on.  Total pages: 162021', 'Policy zone: DMA32']);
		expect(log.filter(l => l.startsWith('Built 1 zonelists'))).toHaveLength(2);
		// workingset_init() runs after it: totalram_pages() counts the DIMM (896M: order 18)
		expect(log).toContain('workingset: timestamp_bits=36 max_order=18 bucket_order=0');
		expect(log.at(-2)).toMatch(/^(TERM=linux|clocksource: Switched to clocksource tsc)$/);
	});

	it('onlined at boot into a ZONE_NORMAL of their own, keep a page of the boot after the scan: an eject right after boot is refused (lab s71/cold c1, c2)', () => {
		const r = createSession(['-m', '1G,slots=4,maxmem=8G', '-object', 'memory-backend-ram,id=m1,size=512M', '-device', 'pc-dimm,id=d1,memdev=m1',
			'-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr memhp_default_state=online', '-nographic']);
		if (!r.ok) throw new Error(r.stderr);
		printed(r.session, 'monitor', 'device_del d1');
		expect(printed(r.session, 'monitor', 'info memory-devices')).toContain('Memory device [dimm]: "d1"');
		const dump = printed(r.session, 'serial', 'dmesg | tail -n 6').trimEnd().split('\n').map(l => l.replace(/^\[ *\d+\.\d{6}\] /, ''));
		// a plain kernel page at the first block's first page, not a slab of the scan's own bind
		expect(dump).toEqual([
			'page:(____ptrval____) refcount:1 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x100000',
			'flags: 0x17ffffc0000000(node=0|zone=2|lastcpupid=0x1fffff)',
			'raw: 0017ffffc0000000 0000000000000000 dead000000000122 0000000000000000',
			'raw: 0000000000000000 0000000000000000 00000001ffffffff 0000000000000000',
			'page dumped because: unmovable page',
			'memory memory32: Offline failed.',
		]);
	});
});

describe('start-up errors of -object and -device', () => {
	const err = (args: string) => {
		const r = start(args);
		return r.ok ? undefined : r.stderr;
	};
	it('parse-time errors carry the option', () => {
		expect(err('-object memory-backend-ram,id=m1')).toBe("qemu-system-x86_64: -object memory-backend-ram,id=m1: Parameter 'size' is missing\n");
		expect(err('-object memory-backend-ram,id=m1,size=1G,bogus=2')).toBe("qemu-system-x86_64: -object memory-backend-ram,id=m1,size=1G,bogus=2: Invalid parameter 'bogus'\n");
		expect(err('-object memory-backend-ram,id=m1,size=abc')).toBe("qemu-system-x86_64: -object memory-backend-ram,id=m1,size=abc: Parameter 'size' expects a size value\n");
		expect(err('-object memory-backend-ram,id=m1,size=1G -object memory-backend-ram,id=m1,size=2G')).toBe("qemu-system-x86_64: -object memory-backend-ram,id=m1,size=2G: Duplicate ID 'm1' for object\n");
		expect(err('-device pc-dimm,id=d1,memdev=a -device pc-dimm,id=d1,memdev=b')).toBe("qemu-system-x86_64: -device pc-dimm,id=d1,memdev=b: Duplicate ID 'd1' for device\n");
		// The board's own backend comes after the -object ones and cannot take a used name.
		// (the lab's 7.2: machine_run_board_init() checks the name before create_default_memdev())
		expect(err('-object memory-backend-ram,id=pc.ram,size=1G')).toBe("qemu-system-x86_64: object name 'pc.ram' is reserved for the default RAM backend, it can't be used for any other purposes. Change the object's 'id' to something else\n");
	});
	it('device errors are pc_dimm_pre_plug\'s and memory_device_pre_plug\'s, located at the -device', () => {
		expect(err('-device pc-dimm,id=d1')).toBe("qemu-system-x86_64: -device pc-dimm,id=d1: 'memdev' property must be set\n");
		expect(err('-device foo')).toBe("qemu-system-x86_64: -device foo: 'foo' is not a valid device model name\n");
		expect(err('-object memory-backend-ram,id=m1,size=1G -device pc-dimm,memdev=m1 -device pc-dimm,memdev=m1')).toBe('qemu-system-x86_64: -device pc-dimm,memdev=m1: can\'t use already busy memdev: m1\n');
		expect(err('-object memory-backend-ram,id=m1,size=1G -device pc-dimm,memdev=m1,slot=9')).toBe('qemu-system-x86_64: -device pc-dimm,memdev=m1,slot=9: invalid slot number 9, valid range is [0-3]\n');
	});
	it('-device help lists the models and exits 0; other device and object types are accepted', () => {
		const help = start('-device help');
		expect(help.ok).toBe(false);
		expect(!help.ok && help.exitCode).toBe(0);
		expect(!help.ok && help.stderr).toContain('name "pc-dimm", desc "DIMM memory module"');
		expect(start('-object iothread,id=io1 -device virtio-net-pci').ok).toBe(true);
	});
});

describe('memhp --object/--device', () => {
	it('reach QEMU\'s command line, so the screen\'s machine starts with the DIMMs', () => {
		const args = qemuArgs({m: '1G,slots=4,maxmem=8G', append: 'console=ttyS0', object: ['memory-backend-ram,id=m1,size=512M'], device: ['pc-dimm,id=d1,memdev=m1']});
		expect(args.slice(args.indexOf('-object'))).toEqual(['-object', 'memory-backend-ram,id=m1,size=512M', '-device', 'pc-dimm,id=d1,memdev=m1', '-nographic']);
		const r = createSession(args);
		expect(r.ok && printed(r.session, 'monitor', 'info memory-devices')).toContain('"d1"');
	});
});
