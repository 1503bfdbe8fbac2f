/**
 * The ACPI device nodes of QEMU's DSDT in the guest's sysfs, as the lab's guests list them
 * (session 39, lab s39/acpi: `ls -l /sys/bus/acpi/devices/` and `ls` of \\_SB's directory):
 * every node's name and where it lives, with and without DIMM slots, with one and three CPUs.
 * The nodes memhp does not simulate are there to be listed (reading them says so).
 */
import {describe, expect, it} from 'vitest';
import {acpiUnsimulatedNodes} from '../source/machine/linux/acpi-namespace.js';
import {printed, startSession} from './session-helpers.js';

const LAB_1G_SLOTS4: [string, string][] = [
		['ACPI0010:00', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0010:00'],
		['LNXCPU:00', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0010:00/LNXCPU:00'],
		['LNXPWRBN:00', '../../../devices/LNXSYSTM:00/LNXPWRBN:00'],
		['LNXSYBUS:00', '../../../devices/LNXSYSTM:00/LNXSYBUS:00'],
		['LNXSYBUS:01', '../../../devices/LNXSYSTM:00/LNXSYBUS:01'],
		['LNXSYSTM:00', '../../../devices/LNXSYSTM:00'],
		['PNP0103:00', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0103:00'],
		['PNP0303:00', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:01/PNP0303:00'],
		['PNP0400:00', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:01/PNP0400:00'],
		['PNP0501:00', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:01/PNP0501:00'],
		['PNP0700:00', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:01/PNP0700:00'],
		['PNP0A03:00', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00'],
		['PNP0A06:00', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/PNP0A06:00'],
		['PNP0A06:01', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/PNP0A06:01'],
		['PNP0A06:02', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/PNP0A06:02'],
		['PNP0A06:03', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/PNP0A06:03'],
		['PNP0A06:04', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04'],
		['PNP0B00:00', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:01/PNP0B00:00'],
		['PNP0C0F:00', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0C0F:00'],
		['PNP0C0F:01', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0C0F:01'],
		['PNP0C0F:02', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0C0F:02'],
		['PNP0C0F:03', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0C0F:03'],
		['PNP0C0F:04', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0C0F:04'],
		['PNP0C80:00', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04/PNP0C80:00'],
		['PNP0C80:01', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04/PNP0C80:01'],
		['PNP0C80:02', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04/PNP0C80:02'],
		['PNP0C80:03', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04/PNP0C80:03'],
		['PNP0F13:00', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:01/PNP0F13:00'],
		['QEMU0002:00', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/QEMU0002:00'],
		['device:00', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:00'],
		['device:01', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:01'],
		['device:02', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:01/PNP0700:00/device:02'],
		['device:03', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:03'],
		['device:04', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:04'],
		['device:05', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:05'],
		['device:06', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:06'],
		['device:07', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:07'],
		['device:08', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:08'],
		['device:09', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:09'],
		['device:0a', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:0a'],
		['device:0b', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:0b'],
		['device:0c', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:0c'],
		['device:0d', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:0d'],
		['device:0e', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:0e'],
		['device:0f', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:0f'],
		['device:10', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:10'],
		['device:11', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:11'],
		['device:12', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:12'],
		['device:13', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:13'],
		['device:14', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:14'],
		['device:15', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:15'],
		['device:16', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:16'],
		['device:17', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:17'],
		['device:18', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:18'],
		['device:19', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:19'],
		['device:1a', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:1a'],
		['device:1b', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:1b'],
		['device:1c', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:1c'],
		['device:1d', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:1d'],
		['device:1e', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:1e'],
		['device:1f', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:1f'],
		['device:20', '../../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:20'],
	];

const LAB_SB_1G_SLOTS4 = ['ACPI0010:00',  'PNP0103:00',  'PNP0A03:00',  'PNP0A06:04',  'PNP0C0F:00',  'PNP0C0F:01',  'PNP0C0F:02',  'PNP0C0F:03',  'PNP0C0F:04',  'hid',  'modalias',  'path',  'power',  'subsystem',  'uevent'];
const LAB_SB_NO_SLOTS = ['ACPI0010:00',  'PNP0103:00',  'PNP0A03:00',  'PNP0C0F:00',  'PNP0C0F:01',  'PNP0C0F:02',  'PNP0C0F:03',  'PNP0C0F:04',  'hid',  'modalias',  'path',  'power',  'subsystem',  'uevent'];

/** The lab's 1G guest without slots: the same less MHPD, MHPC and its PNP0C80s (GPE0 and PHPR renumbered). */
const LAB_NO_SLOTS_NAMES = ['ACPI0010:00',  'LNXCPU:00',  'LNXPWRBN:00',  'LNXSYBUS:00',  'LNXSYBUS:01',  'LNXSYSTM:00',  'PNP0103:00',  'PNP0303:00',  'PNP0400:00',  'PNP0501:00',  'PNP0700:00',  'PNP0A03:00',  'PNP0A06:00',  'PNP0A06:01',  'PNP0A06:02',  'PNP0B00:00',  'PNP0C0F:00',  'PNP0C0F:01',  'PNP0C0F:02',  'PNP0C0F:03',  'PNP0C0F:04',  'PNP0F13:00',  'QEMU0002:00',  'device:00',  'device:01',  'device:02',  'device:03',  'device:04',  'device:05',  'device:06',  'device:07',  'device:08',  'device:09',  'device:0a',  'device:0b',  'device:0c',  'device:0d',  'device:0e',  'device:0f',  'device:10',  'device:11',  'device:12',  'device:13',  'device:14',  'device:15',  'device:16',  'device:17',  'device:18',  'device:19',  'device:1a',  'device:1b',  'device:1c',  'device:1d',  'device:1e',  'device:1f',  'device:20'];
/** The lab's 4G guest with three CPUs and 8 slots. */
const LAB_SMP3_SLOTS8_NAMES = ['ACPI0010:00',  'LNXCPU:00',  'LNXCPU:01',  'LNXCPU:02',  'LNXPWRBN:00',  'LNXSYBUS:00',  'LNXSYBUS:01',  'LNXSYSTM:00',  'PNP0103:00',  'PNP0303:00',  'PNP0400:00',  'PNP0501:00',  'PNP0700:00',  'PNP0A03:00',  'PNP0A06:00',  'PNP0A06:01',  'PNP0A06:02',  'PNP0A06:03',  'PNP0A06:04',  'PNP0B00:00',  'PNP0C0F:00',  'PNP0C0F:01',  'PNP0C0F:02',  'PNP0C0F:03',  'PNP0C0F:04',  'PNP0C80:00',  'PNP0C80:01',  'PNP0C80:02',  'PNP0C80:03',  'PNP0C80:04',  'PNP0C80:05',  'PNP0C80:06',  'PNP0C80:07',  'PNP0F13:00',  'QEMU0002:00',  'device:00',  'device:01',  'device:02',  'device:03',  'device:04',  'device:05',  'device:06',  'device:07',  'device:08',  'device:09',  'device:0a',  'device:0b',  'device:0c',  'device:0d',  'device:0e',  'device:0f',  'device:10',  'device:11',  'device:12',  'device:13',  'device:14',  'device:15',  'device:16',  'device:17',  'device:18',  'device:19',  'device:1a',  'device:1b',  'device:1c',  'device:1d',  'device:1e',  'device:1f',  'device:20'];

function guest(args: string): (line: string) => string {
	const s = startSession([...args.split(' '), '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
	return line => printed(s, 'serial', line);
}

const links = (text: string) => [...text.matchAll(/ (\S+) -> (\S+)$/gm)].map(m => [m[1], m[2]]);

describe('/sys/bus/acpi/devices', () => {
	it('links every node of the DSDT where the lab has it (1G, 4 slots)', () => {
		const sh = guest('-m 1G,slots=4,maxmem=8G');
		expect(links(sh('ls -l /sys/bus/acpi/devices/'))).toEqual(LAB_1G_SLOTS4);
		expect(sh('ls /sys/devices/LNXSYSTM:00/LNXSYBUS:00/').split(/\s+/).filter(Boolean).sort()).toEqual(LAB_SB_1G_SLOTS4);
	});

	it('without slots has no MHPD and no memory-hotplug container: the later PNP0A06 nodes renumber', () => {
		const sh = guest('-m 1G');
		expect(links(sh('ls -l /sys/bus/acpi/devices/')).map(l => l[0])).toEqual(LAB_NO_SLOTS_NAMES);
		expect(sh('ls /sys/devices/LNXSYSTM:00/LNXSYBUS:00/').split(/\s+/).filter(Boolean).sort()).toEqual(LAB_SB_NO_SLOTS);
	});

	it('has a processor per CPU and a PNP0C80 per slot (4G, three CPUs, 8 slots)', () => {
		const sh = guest('-m 4G,slots=8,maxmem=16G -smp 3');
		expect(links(sh('ls -l /sys/bus/acpi/devices/')).map(l => l[0])).toEqual(LAB_SMP3_SLOTS8_NAMES);
	});

	it('numbers nodes without a _HID in walk order: with no floppy drive (no FLPA under FDC0) S10 is device:02', () => {
		const names = acpiUnsimulatedNodes({slots: 0, floppy: false, serialPorts: 0, parallelPorts: 0}).map(n => n.path);
		expect(names).toContain('LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:02');
		// (the floppy controller is there without a drive: the lab's -nodefaults guest found five PnP devices)
		expect(names.filter(p => /PNP0700|PNP0501|PNP0400/.test(p))).toEqual(['LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:01/PNP0700:00']);
		const two = acpiUnsimulatedNodes({slots: 2, floppy: true, serialPorts: 2, parallelPorts: 1}).map(n => n.name);
		expect(two.filter(n => n.startsWith('PNP0501'))).toEqual(['PNP0501:00', 'PNP0501:01']);
	});

	it('q35: a PCI Express root, a device node per function QEMU describes (the LPC bridge\'s ISA devices under SF8), PNP0C01 and sixteen links (lab s62/q35-acpi)', () => {
		const nodes = acpiUnsimulatedNodes({slots: 4, floppy: false, serialPorts: 1, parallelPorts: 1, q35: {devfns: [0x00, 0x08, 0x10, 0xf8, 0xfb]}});
		const at = (name: string) => nodes.find(n => n.name === name)?.path;
		expect(at('PNP0A08:00')).toBe('LNXSYSTM:00/LNXSYBUS:00/PNP0A08:00');
		expect(at('device:03')).toBe('LNXSYSTM:00/LNXSYBUS:00/PNP0A08:00/device:03');
		expect(at('PNP0B00:00')).toBe('LNXSYSTM:00/LNXSYBUS:00/PNP0A08:00/device:03/PNP0B00:00');
		expect(at('PNP0C01:00')).toBe('LNXSYSTM:00/LNXSYBUS:00/PNP0C01:00');
		expect(nodes.filter(n => n.name.startsWith('PNP0C0F')).length).toBe(16);
		expect(nodes.some(n => n.name.startsWith('PNP0700') || n.name === 'PNP0A03:00')).toBe(false);
		expect(nodes.filter(n => n.name.startsWith('device:')).length).toBe(5);
	});

	it('a node memhp does not simulate says so', () => {
		const sh = guest('-m 1G,slots=4,maxmem=8G');
		expect(sh('cat /sys/bus/acpi/devices/PNP0C0F:00/hid')).toBe("cat: can't open '/sys/bus/acpi/devices/PNP0C0F:00/hid': Not simulated by memhp\n");
		expect(sh('cat /sys/bus/acpi/devices/PNP0C80:00/hid')).toBe('PNP0C80\n');
	});
});
