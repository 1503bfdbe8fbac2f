import {describe, expect, it} from 'vitest';
import {parseQemuCommandLine} from '../source/machine/qemu/index.js';
import {printed, startQemu, startSession} from './session-helpers.js';

/** The children info qom-tree prints right below PATH: their names and types, one level down. */
function level(tree: string): string[] {
	return tree.split('\n').filter((l) => /^ {2}\//.test(l)).map((l) => l.trim());
}

const board = (args: string) => {
	const p = parseQemuCommandLine(args.split(' '));
	if (!p.ok) throw new Error(p.stderr);
	return p.config.board;
};

describe('info qom-tree (hmp_info_qom_tree)', () => {
	it('sorts children with strcmp, so device[10] comes before device[1]', () => {
		const m = startQemu('-m 1G,slots=2,maxmem=4G -nographic -S');
		const devices = level(m.hmp('info qom-tree /machine/unattached').output).filter((l) => l.startsWith('/device['));
		expect(devices.slice(0, 4)).toEqual(['/device[0] (qemu64-x86_64-cpu)', '/device[10] (mc146818rtc)', '/device[11] (isa-pit)', '/device[12] (isa-pcspk)']);
		expect(devices).toContain('/device[1] (kvmvapic)');
	});
	it('shows hot-plugged DIMMs, the backends with their regions, and forgets what was deleted', () => {
		const m = startQemu('-m 1G,slots=2,maxmem=4G -nographic -S');
		m.hmp('object_add memory-backend-ram,id=m1,size=128M');
		m.hmp('device_add pc-dimm,id=d1,memdev=m1');
		m.hmp('object_add memory-backend-ram,id=m2,size=128M');
		m.hmp('device_add pc-dimm,memdev=m2');
		expect(m.hmp('info qom-tree /machine/peripheral').output).toBe('/peripheral (container)\n  /d1 (pc-dimm)\n');
		expect(m.hmp('info qom-tree peripheral-anon').output).toBe('/peripheral-anon (container)\n  /device[0] (pc-dimm)\n');
		expect(m.hmp('info qom-tree m2').output).toBe('/m2 (memory-backend-ram)\n  /m2[0] (memory-region)\n');
		expect(m.hmp('info qom-tree /objects').output).toBe('/objects (container)\n  /m1 (memory-backend-ram)\n    /m1[0] (memory-region)\n  /m2 (memory-backend-ram)\n    /m2[0] (memory-region)\n  /pc.ram (memory-backend-ram)\n    /pc.ram[0] (memory-region)\n');
		// device[0] is both a DIMM and the first CPU: an ambiguous partial path resolves to nothing
		expect(m.hmp('info qom-tree device[0]').output).toBe("Path 'device[0]' could not be resolved.\n");
		expect(m.hmp('info qom-tree /nosuch').output).toBe("Path '/nosuch' could not be resolved.\n");
		expect(m.hmp('info qom-tree a b').output).toBe('qom-tree: extraneous characters at the end of line\nTry "help info qom-tree" for more information\n');
		expect(m.hmp('info qom-tree').output.split('\n')[0]).toBe('/machine (pc-i440fx-7.2-machine)');
		expect(m.hmp('info qom-tree /').output.split('\n')[0]).toBe('/ (container)');
		// the board's own regions list memory-region's properties, whose values memhp does not know
		expect(m.hmp('qom-list /machine/unattached/device[0]/lapic/apic-msi[0]').output).toBe('type (string)\ncontainer (link<memory-region>)\naddr (uint64)\nsize (uint64)\npriority (uint32)\n');
		expect(m.hmp('qom-get /machine/unattached/device[0]/lapic/apic-msi[0] size').output).toBe("Error: memhp: property 'size' of /machine/unattached/device[0]/lapic/apic-msi[0] is not simulated\n");
		expect(m.hmp('qom-get /machine/unattached/device[0]/lapic/apic-msi[0] type').output).toBe('"memory-region"\n');
	});
	it('grows as the firmware and the guest run: the kvmvapic ROM, then the modern CPU hotplug block', () => {
		const m = startQemu('-m 1G,slots=2,maxmem=4G -nographic -S');
		const vapic = () => m.hmp('info qom-tree /machine/unattached/device[1]').output;
		expect(vapic()).toBe('/device[1] (kvmvapic)\n  /kvmvapic[0] (memory-region)\n');
		m.hmp('cont');
		expect(vapic()).toBe('/device[1] (kvmvapic)\n  /kvmvapic-rom[0] (memory-region)\n  /kvmvapic[0] (memory-region)\n');
		// no guest kernel: nothing switches the CPU hotplug block to its modern layout
		expect(m.hmp('info qom-tree /machine/unattached/device[24]').output).not.toContain('acpi-cpu-hotplug[1]');
		const s = startSession('-m 1G,slots=2,maxmem=4G -smp 2 -kernel bzImage -nographic'.split(' '));
		const pm = printed(s, 'monitor', 'info qom-tree /machine/unattached/device[25]');
		expect(pm.split('\n')[0]).toBe('/device[25] (PIIX4_PM)');
		expect(pm).toContain('  /acpi-cpu-hotplug[0] (memory-region)\n  /acpi-cpu-hotplug[1] (memory-region)\n');
		expect(pm).toContain('  /acpi-mem-hotplug[0] (memory-region)\n');
		// without DIMM slots there is no ACPI memory hotplug block
		const noSlots = startQemu('-m 1G -nographic -S');
		expect(noSlots.hmp('info qom-tree /machine/unattached/device[24]').output).not.toContain('acpi-mem-hotplug');
	});
});

describe('the board vl.c leaves and the chardevs the consoles make', () => {
	it('follows -nographic, -nodefaults and the console options', () => {
		// (in creation order: a mux's base first)
		expect(board('-nographic')).toEqual({vga: true, nic: true, floppy: true, cdrom: true, sdcard: true, drives: false, noDisplay: true, standardDevices: true, serialPorts: 1, parallelPorts: 1, consoles: 1, chardevs: [
			{id: 'serial0-base', type: 'chardev-stdio', filename: 'stdio'}, {id: 'serial0', type: 'chardev-mux', filename: 'mux'}, {id: 'parallel0', type: 'chardev-null', filename: 'null'},
		]});
		expect(board('-nodefaults -nographic -S -monitor stdio')).toEqual({vga: false, nic: false, floppy: false, cdrom: false, sdcard: false, drives: false, noDisplay: true, standardDevices: true, serialPorts: 0, parallelPorts: 0, consoles: 0, chardevs: [
			{id: 'compat_monitor0', type: 'chardev-stdio', filename: 'stdio'},
		]});
		// without -nographic the defaults are virtual consoles, each a text console after the VGA's
		expect(board('-display none')).toMatchObject({consoles: 4, chardevs: [
			{id: 'compat_monitor0', type: 'chardev-vc'}, {id: 'serial0', type: 'chardev-vc'}, {id: 'parallel0', type: 'chardev-vc'},
		]});
		// monitors are numbered in command-line order, -qmp's included; a host pty's name is unknown
		expect(board('-nodefaults -monitor pty -qmp unix:/tmp/q.sock,server=on,wait=off -serial null -serial tcp:127.0.0.1:4444,server=on').chardevs).toEqual([
			{id: 'compat_monitor0', type: 'chardev-pty'}, {id: 'compat_monitor1', type: 'chardev-socket', filename: 'disconnected:unix:/tmp/q.sock,server=on'},
			{id: 'serial0', type: 'chardev-null', filename: 'null'}, {id: 'serial1', type: 'chardev-socket', filename: 'disconnected:tcp:127.0.0.1:4444,server=on'},
		]);
		const pty = startQemu('-m 1G -nodefaults -monitor pty -S');
		expect(pty.hmp('info chardev').output).toBe('Error: memhp: query-chardev with a host device (compat_monitor0: chardev-pty) is not simulated\n');
		// HMP prints query-chardev's list (the lab's order: fixtures/lab/chardev-serial-null-smp2-1G.t)
		const four = startQemu('-m 1G -smp 2 -nographic -S -vga none -serial null -serial null -monitor stdio');
		const info = (label: string, filename: string) => ({label, filename, 'frontend-open': true});
		expect(four.qmp('query-chardev')).toEqual({return: [info('serial1', 'null'), info('parallel0', 'null'), info('compat_monitor0', 'stdio'), info('serial0', 'null')]});
		expect(four.hmp('info chardev').output).toBe('serial1: filename=null\nparallel0: filename=null\ncompat_monitor0: filename=stdio\nserial0: filename=null\n');
		expect(board('-nographic -vga none -nic none -serial none -parallel none')).toMatchObject({vga: false, nic: false, serialPorts: 0, parallelPorts: 0, consoles: 0});
	});
});
