import type {FirmwareBootInfo, MemoryHotplugFirmware, MemoryHotplugSlot} from '../source/machine/acpi.js';
import {pcMemoryInit, seabiosE820} from '../source/machine/qemu/pc-memory-layout.js';
import {optionRomSizes, pciFirmwareView} from '../source/machine/qemu/qdev-tree.js';
import type {BoardDevices} from '../source/machine/qemu/qemu-command-line.js';

const MiB = 1024 * 1024;
/** vl.c's defaults on pc with -nographic: VGA, e1000, floppy, CD-ROM, one serial and one parallel port. */
const DEFAULT_BOARD: BoardDevices = {vga: true, nic: true, floppy: true, cdrom: true, serialPorts: 1, parallelPorts: 1, chardevs: [], consoles: 1, sdcard: true, drives: false, noDisplay: true, standardDevices: true};

/** The FirmwareBootInfo QEMU 7.2's pc machine hands a guest for `-m <ramMiB>M,slots=..,maxmem=..`. */
export function pcBootInfo(opts: {ramMiB: number; maxMiB?: number; slots?: number; cpus?: number; cmdline?: string}): FirmwareBootInfo {
	const max = (opts.maxMiB ?? opts.ramMiB) * MiB;
	const r = pcMemoryInit({machineType: 'pc', ramSize: BigInt(opts.ramMiB * MiB), maxRamSize: BigInt(max), slots: BigInt(opts.slots ?? 0), physBits: 40, amdCpu: true});
	if (!r.ok) throw new Error(r.error);
	const l = r.layout;
	return {
		ramBelow4g: l.below4g,
		ramAbove4g: l.above4g,
		e820: seabiosE820(l),
		hotplugRange: l.deviceMemory.size ? l.deviceMemory : undefined,
		pciHole64: l.pciHole64,
		pciHole32Start: l.below4g,
		cpus: opts.cpus ?? 1,
		cmdline: opts.cmdline ?? 'console=ttyS0 quiet nokaslr',
		physBits: 40,
		pci: pciFirmwareView({machine: 'pc', devices: DEFAULT_BOARD, below4g: l.below4g, above4g: l.above4g}),
		optionRoms: optionRomSizes(DEFAULT_BOARD, true),
	};
}

/** A fake QEMU ACPI memory-hotplug device: slots the test plugs and unplugs by hand. */
export class FakeFirmware implements MemoryHotplugFirmware {
	slots: MemoryHotplugSlot[] = [];
	osts: {slot: number; event: number; status: number}[] = [];
	ejected: number[] = [];
	constructor(count: number) {
		for (let i = 0; i < count; i++) this.slots.push({enabled: false, inserting: false, removing: false, addr: 0, size: 0, node: 0});
	}
	slotCount(): number { return this.slots.length; }
	slot(i: number): MemoryHotplugSlot { return this.slots[i]; }
	clearInsertEvent(i: number): void { this.slots[i].inserting = false; }
	clearRemoveEvent(i: number): void { this.slots[i].removing = false; }
	ost(slot: number, event: number, status: number): void { this.osts.push({slot, event, status}); }
	eject(i: number): void {
		this.ejected.push(i);
		this.slots[i] = {enabled: false, inserting: false, removing: false, addr: 0, size: 0, node: 0};
	}
	plug(i: number, addr: number, size: number): void {
		this.slots[i] = {enabled: true, inserting: true, removing: false, addr, size, node: 0};
	}
	requestUnplug(i: number): void { this.slots[i].removing = true; }
}
