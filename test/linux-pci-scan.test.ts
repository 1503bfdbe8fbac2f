/** The guest's view of the board's PCI functions and ROMs (pci-scan.ts; lab s62/dev-* in test/fixtures/lab/board-devices-*.t). */
import {describe, expect, it} from 'vitest';
import type {FirmwareBootInfo} from '../source/machine/acpi.js';
import {acpiphpSlots, bdf, ioports, pciMemResources, pciScanLog, pnpDevices, resourceText, romResources} from '../source/machine/linux/pci-scan.js';
import {optionRomSizes, pciFirmwareView} from '../source/machine/qemu/qdev-tree.js';
import type {BoardDevices} from '../source/machine/qemu/qemu-command-line.js';
import {pcBootInfo} from './linux-boot-fixture.js';

const DEFAULTS: BoardDevices = {vga: true, nic: true, floppy: true, cdrom: true, serialPorts: 1, parallelPorts: 1, chardevs: [], consoles: 1, sdcard: true, drives: false, noDisplay: true, standardDevices: true};
function boot(board: Partial<BoardDevices>): FirmwareBootInfo {
	const b = {...DEFAULTS, ...board};
	return {...pcBootInfo({ramMiB: 1024}), pci: pciFirmwareView({machine: 'pc', devices: b, below4g: 1 << 30, above4g: 0}), optionRoms: optionRomSizes(b, true), isaDevices: {floppy: b.floppy, serialPorts: b.serialPorts, parallelPorts: b.parallelPorts}};
}

describe('the PCI scan', () => {
	it('%pR: a one-port range shows its start only, memory eight digits and pref', () => {
		expect(resourceText(true, 0x3f6, 0x3f6)).toBe('[io  0x03f6]');
		expect(resourceText(true, 0xc040, 0xc04f)).toBe('[io  0xc040-0xc04f]');
		expect(resourceText(false, 0xfd000000, 0xfdffffff, true)).toBe('[mem 0xfd000000-0xfdffffff pref]');
	});

	it('the default board: the VGA\'s shadowed ROM is not in the window, the e1000\'s is', () => {
		const b = boot({});
		expect(pciScanLog(b).map(([f, t]) => `pci ${bdf(f)}: ${t}`)).toContain('pci 0000:00:02.0: Video device with shadowed ROM at [mem 0x000c0000-0x000dffff]');
		expect(pciMemResources(b).map(r => `${r.start.toString(16)} ${r.name}`)).toEqual(['fd000000 0000:00:02.0', 'feb80000 0000:00:03.0', 'febc0000 0000:00:03.0', 'febf0000 0000:00:02.0']);
		expect(acpiphpSlots(b)).toEqual(Array.from({length: 29}, (_, i) => i + 3));
	});

	it('without a VGA card slot 2 is hotpluggable, and the first option ROM is taken for the Video ROM', () => {
		const b = boot({vga: false});
		expect(acpiphpSlots(b)[0]).toBe(2);
		// iPXE at 0xc0000; linuxboot_dma.bin at 0xc1000 is below 0xc8000, where adapter ROMs are looked for
		expect(romResources(b)).toEqual([{start: 0xc0000, end: 0xc0dff, name: 'Video ROM'}]);
		expect(ioports(b)).toContain('\n  03d4-03d5 : cga\n');
	});

	it('option ROMs on 2 KiB boundaries after the VGA BIOS', () => {
		expect(romResources(boot({})).map(r => [r.start, r.end, r.name])).toEqual([[0xc0000, 0xc9bff, 'Video ROM'], [0xca000, 0xcadff, 'Adapter ROM'], [0xcb000, 0xcb5ff, 'Adapter ROM']]);
	});

	it('PnP ids: keyboard, mouse, floppy controller, parallel ports, serial ports newest first, RTC', () => {
		expect(pnpDevices(boot({}))).toEqual({serial: ['00:04'], rtc: '00:05', count: 6, fdc: '00:02'});
		expect(pnpDevices(boot({serialPorts: 2, parallelPorts: 0}))).toEqual({serial: ['00:04', '00:03'], rtc: '00:05', count: 6, fdc: '00:02'});
		// q35: no floppy controller without a drive; the MCH's resources (PNP0C01) after the RTC
		expect(pnpDevices({...boot({floppy: false}), board: 'q35'})).toEqual({serial: ['00:03'], rtc: '00:04', count: 6, mch: '00:05'});
	});
});
