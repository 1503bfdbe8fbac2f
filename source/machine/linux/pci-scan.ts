/**
 * The guest kernel's view of the board's PCI functions and legacy devices (pc's i440FX/PIIX or
 * q35's MCH/ICH9), from what the firmware left in config space (FirmwareBootInfo.pci) and in the
 * option ROM area: pci_scan's boot log lines (drivers/pci/probe.c, quirks.c), acpiphp's hotplug
 * slots, the resources the functions and the legacy drivers claim in /proc/iomem and
 * /proc/ioports, and the ISA PnP devices the DSDT describes. Checked against the lab's 1G guests
 * with vl.c's defaults, -nodefaults, -nic none, -vga none, -parallel none and two serial ports,
 * on pc and q35 (lab s62/dev-*, q35-*, q35v-*).
 */
import type {FirmwareBootInfo, PciBarConfig, PciFunctionConfig} from '../acpi.js';

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/**
 * %pR of an I/O or memory resource ("[io  0xc040-0xc04f]", "[mem 0xfd000000-0xfdffffff pref]",
 * "[mem 0x3c0000000-0x3c0003fff 64bit pref]"); a one-port range shows its start only.
 */
export function resourceText(io: boolean, start: number, end: number, pref = false, mem64 = false): string {
	if (io) return `[io  0x${hex(start, 4)}${end > start ? `-0x${hex(end, 4)}` : ''}]`;
	return `[mem 0x${hex(start, 8)}-0x${hex(end, 8)}${mem64 ? ' 64bit' : ''}${pref ? ' pref' : ''}]`;
}

/** The function's name on the root bus (`0000:00:02.0`). */
export const bdf = (f: PciFunctionConfig): string => `0000:00:${hex(f.slot, 2)}.${f.fn}`;
const isVga = (f: PciFunctionConfig) => f.classCode >> 8 === 0x0300;
const isLegacyIde = (f: PciFunctionConfig) => f.classCode >> 8 === 0x0101 && (f.classCode & 0x05) === 0;
const isPiix4Acpi = (f: PciFunctionConfig) => f.vendor === 0x8086 && f.device === 0x7113;
const isIch9Lpc = (f: PciFunctionConfig) => f.vendor === 0x8086 && f.device === 0x2918;

/** q35's PCI Express ECAM window (MCH_HOST_BRIDGE_PCIEXBAR_DEFAULT, 256 buses). */
export const Q35_MMCONFIG = {start: 0xb0000000, end: 0xbfffffff};
/**
 * The root bridge's 32-bit memory windows (its _CRS): from the end of low RAM to 0xfebfffff, on
 * q35 without the MMCONFIG window, which the DSDT leaves out (two windows where RAM ends below it).
 */
export function pciWindows32(boot: FirmwareBootInfo): {start: number; end: number}[] {
	if (boot.board !== 'q35') return [{start: boot.pciHole32Start, end: 0xfebfffff}];
	return boot.pciHole32Start < Q35_MMCONFIG.start
		? [{start: boot.pciHole32Start, end: Q35_MMCONFIG.start - 1}, {start: Q35_MMCONFIG.end + 1, end: 0xfebfffff}]
		: [{start: Math.max(boot.pciHole32Start, Q35_MMCONFIG.end + 1), end: 0xfebfffff}];
}

/** ICH9's ACPI/GPIO/TCO I/O (PMBASE 0x600, 128 ports), which quirk_ich6_lpc() claims. */
const ICH6_ACPI: [number, number] = [0x600, 0x67f];
const barEnd = (b: PciBarConfig) => b.start + b.size - 1;

/** The legacy ranges an IDE controller in compatibility mode decodes (quirk_ide_bases()): BARs 0-3. */
const LEGACY_IDE: [number, number][] = [[0x1f0, 0x1f7], [0x3f6, 0x3f6], [0x170, 0x177], [0x376, 0x376]];
/** The PIIX4's ACPI and SMBus I/O, which quirk_piix4_acpi() claims from its config registers. */
const PIIX4_ACPI: [number, number] = [0x600, 0x63f];
const PIIX4_SMB: [number, number] = [0x700, 0x70f];

/**
 * pci_scan_single_device() .. pci_fixup_video(): each function's dev_printk() lines, in devfn
 * order (the function, and the message behind its `pci 0000:00:SS.F: ` prefix).
 */
export function pciScanLog(boot: FirmwareBootInfo): [PciFunctionConfig, string][] {
	const out: [PciFunctionConfig, string][] = [];
	for (const f of boot.pci) {
		const add = (text: string) => out.push([f, text]);
		add(`[${hex(f.vendor, 4)}:${hex(f.device, 4)}] type 00 class 0x${hex(f.classCode, 6)}`);
		for (const b of f.bars) {
			if (b.index === 6) add(`ROM ${resourceText(false, b.start, barEnd(b), true)}`);
			else add(`BAR ${b.index} ${resourceText(b.io, b.start, barEnd(b), b.prefetch, b.mem64)}`);
		}
		if (isLegacyIde(f)) LEGACY_IDE.forEach(([s, e], i) => add(`BAR ${i} ${resourceText(true, s, e)}: legacy IDE quirk`));
		if (isPiix4Acpi(f)) {
			add(`quirk: ${resourceText(true, ...PIIX4_ACPI)} claimed by PIIX4 ACPI`);
			add(`quirk: ${resourceText(true, ...PIIX4_SMB)} claimed by PIIX4 SMB`);
		}
		if (isIch9Lpc(f)) add(`quirk: ${resourceText(true, ...ICH6_ACPI)} claimed by ICH6 ACPI/GPIO/TCO`);
		// pci_fixup_video(): the boot VGA's ROM is the shadow copy at 0xc0000.
		if (isVga(f) && f === bootVga(boot)) add('Video device with shadowed ROM at [mem 0x000c0000-0x000dffff]');
	}
	return out;
}

/** The board's network card, if it has one. */
export function bootNic(boot: FirmwareBootInfo): PciFunctionConfig | undefined {
	return boot.pci.find(f => f.classCode >> 8 === 0x0200);
}

/** The VGA device vgaarb makes the boot device: the first one. */
export function bootVga(boot: FirmwareBootInfo): PciFunctionConfig | undefined {
	return boot.pci.find(isVga);
}

/**
 * acpiphp's slots: each of bus 0's 32 device numbers that QEMU's DSDT makes hotpluggable on pc
 * (not the host bridge, not the PIIX3 with its functions, not a VGA card: the lab's default board
 * registers slots 3 to 31, without a VGA 2 to 31); none on q35.
 */
export function acpiphpSlots(boot: FirmwareBootInfo): number[] {
	// (q35's root bus is PCI Express: native hotplug through root ports, no ACPI slots)
	if (boot.board === 'q35') return [];
	const fixed = new Set(boot.pci.filter(f => f.slot === 0 || f.slot === 1 || isVga(f)).map(f => f.slot));
	return Array.from({length: 32}, (_, i) => i).filter(i => i > 1 && !fixed.has(i));
}

/** The 32-bit window's resources the functions' BARs and ROMs claim (the boot VGA's ROM is shadowed). */
export function pciMemResources(boot: FirmwareBootInfo): {start: number; end: number; name: string}[] {
	const vga = bootVga(boot);
	return boot.pci.flatMap(f => f.bars.filter(b => !b.io && !(b.index === 6 && f === vga)).map(b => ({start: b.start, end: barEnd(b), name: bdf(f)})))
		.sort((a, b) => a.start - b.start);
}

/**
 * probe_roms(): a ROM at 0xc0000 is the Video ROM; adapter ROMs are looked for on 2 KiB
 * boundaries from 0xc8000 (or past the Video ROM) on. SeaBIOS put the option ROMs one after the
 * other from 0xc0000, each on a 2 KiB boundary: the VGA BIOS first, so without one the first ROM
 * is called the Video ROM and the next ones, below 0xc8000, are not looked for.
 */
export function romResources(boot: FirmwareBootInfo): {start: number; end: number; name: string}[] {
	const out: {start: number; end: number; name: string}[] = [];
	let at = 0xc0000;
	let scanFrom = 0xc8000;
	for (const size of boot.optionRoms) {
		if (at === 0xc0000) {
			out.push({start: at, end: at + size - 1, name: 'Video ROM'});
			scanFrom = Math.max(scanFrom, Math.ceil((at + size) / 2048) * 2048);
		} else if (at >= scanFrom) {
			out.push({start: at, end: at + size - 1, name: 'Adapter ROM'});
		}
		at = Math.ceil((at + size) / 2048) * 2048;
	}
	return out;
}

/** The standard ISA serial ports (serial_hds_isa_init()): I/O base and IRQ of COM1..COM4. */
export const SERIAL_PORTS: [number, number][] = [[0x3f8, 4], [0x2f8, 3], [0x3e8, 4], [0x2e8, 3]];

/**
 * The ISA PnP devices of the DSDT in namespace order (the ISA bus lists its devices newest first):
 * the i8042's keyboard and mouse, the floppy controller, the parallel ports, the serial ports,
 * the RTC. Returns their pnp ids (`00:NN`).
 */
export function pnpDevices(boot: FirmwareBootInfo): {serial: string[]; rtc: string; count: number; fdc?: string; mch?: string} {
	const isa = boot.isaDevices ?? {floppy: true, serialPorts: 1, parallelPorts: 1};
	const q35 = boot.board === 'q35';
	const id = (n: number) => `00:${hex(n, 2)}`;
	// pc always has the floppy controller; q35 only for a floppy drive
	const fdc = !q35 || isa.floppy;
	const firstSerial = 2 + (fdc ? 1 : 0) + isa.parallelPorts;
	// serial[i]: the pnp id of ttyS<i>; the newest port (the highest index) comes first
	const serial = Array.from({length: isa.serialPorts}, (_, i) => id(firstSerial + isa.serialPorts - 1 - i));
	const rtc = firstSerial + isa.serialPorts;
	return {
		serial, rtc: id(rtc), count: rtc + 1 + (q35 ? 1 : 0),
		...(fdc ? {fdc: id(2)} : {}),
		// q35's PNP0C01 (the MCH's resources) after the ISA devices
		...(q35 ? {mch: id(rtc + 1)} : {}),
	};
}

interface PortResource {
	start: number;
	end: number;
	name: string;
	children?: PortResource[];
}

/**
 * /proc/ioports: the root bridge's two I/O windows around PCI conf1, the legacy ranges the
 * platform code and drivers claimed (the 8250 driver each serial port, vgacon the VGA or CGA
 * registers, fw_cfg, the PIIX4's ACPI blocks), the IDE controller's legacy ranges and every
 * function's I/O BARs.
 */
export function ioports(boot: FirmwareBootInfo): string {
	const low: PortResource[] = [
		{start: 0x00, end: 0x1f, name: 'dma1'}, {start: 0x20, end: 0x21, name: 'pic1'}, {start: 0x40, end: 0x43, name: 'timer0'},
		{start: 0x50, end: 0x53, name: 'timer1'}, {start: 0x60, end: 0x60, name: 'keyboard'}, {start: 0x64, end: 0x64, name: 'keyboard'},
		{start: 0x70, end: 0x77, name: 'rtc0'}, {start: 0x80, end: 0x8f, name: 'dma page reg'}, {start: 0xa0, end: 0xa1, name: 'pic2'},
		{start: 0xc0, end: 0xdf, name: 'dma2'}, {start: 0xf0, end: 0xff, name: 'fpu'},
		// vgacon_startup(): the VGA's registers, or a CGA's without a VGA card
		bootVga(boot) ? {start: 0x3c0, end: 0x3df, name: 'vga+'} : {start: 0x3d4, end: 0x3d5, name: 'cga'},
		{start: 0x510, end: 0x51b, name: 'QEMU0002:00'},
	];
	// PIIX4's GPE0 block sits at 0xafe0; ICH9's inside its PMBASE range
	const high: PortResource[] = boot.board === 'q35' ? [] : [{start: 0xafe0, end: 0xafe3, name: 'ACPI GPE0_BLK'}];
	const serialPorts = boot.isaDevices?.serialPorts ?? 1;
	for (const [base] of SERIAL_PORTS.slice(0, serialPorts)) low.push({start: base, end: base + 7, name: 'serial'});
	for (const f of boot.pci) {
		if (isLegacyIde(f)) for (const [s, e] of LEGACY_IDE) low.push({start: s, end: e, name: bdf(f)});
		if (isPiix4Acpi(f)) {
			low.push({start: PIIX4_ACPI[0], end: PIIX4_ACPI[1], name: bdf(f), children: [
				{start: 0x600, end: 0x603, name: 'ACPI PM1a_EVT_BLK'}, {start: 0x604, end: 0x605, name: 'ACPI PM1a_CNT_BLK'}, {start: 0x608, end: 0x60b, name: 'ACPI PM_TMR'},
			]});
			low.push({start: PIIX4_SMB[0], end: PIIX4_SMB[1], name: bdf(f)});
		}
		if (isIch9Lpc(f)) {
			low.push({start: ICH6_ACPI[0], end: ICH6_ACPI[1], name: bdf(f), children: [
				{start: 0x600, end: 0x603, name: 'ACPI PM1a_EVT_BLK'}, {start: 0x604, end: 0x605, name: 'ACPI PM1a_CNT_BLK'}, {start: 0x608, end: 0x60b, name: 'ACPI PM_TMR'},
				{start: 0x620, end: 0x62f, name: 'ACPI GPE0_BLK'},
			]});
		}
		// (an I/O BAR below 0xcf8, as ICH9's SMBus at 0x700, is in the first window)
		for (const b of f.bars) if (b.io) (b.start < 0xcf8 ? low : high).push({start: b.start, end: barEnd(b), name: bdf(f)});
	}
	const top: PortResource[] = [
		{start: 0x0000, end: 0x0cf7, name: 'PCI Bus 0000:00', children: low.sort((a, b) => a.start - b.start)},
		{start: 0x0cf8, end: 0x0cff, name: 'PCI conf1'},
		{start: 0x0d00, end: 0xffff, name: 'PCI Bus 0000:00', children: high.sort((a, b) => a.start - b.start)},
	];
	const lines: string[] = [];
	const walk = (list: PortResource[], depth: number) => {
		for (const r of list) {
			lines.push(`${'  '.repeat(depth)}${hex(r.start, 4)}-${hex(r.end, 4)} : ${r.name}`);
			walk(r.children ?? [], depth + 1);
		}
	};
	walk(top, 0);
	return `${lines.join('\n')}\n`;
}
