/**
 * `info mtree` for the pc machine's `memory` address space, built from the machine's real
 * layout (pc_memory_init: ram-below-4g / ram-above-4g aliases of pc.ram, the PCI window with
 * the BIOS and option ROM, the i440FX SMRAM/PAM aliases, device-memory with one region per
 * plugged DIMM) and, once the vCPUs ran, what SeaBIOS did (the default devices' BARs, PAM on
 * RAM, the kvmvapic option ROM). The I/O space and the device address spaces are not modelled;
 * memhp says so.
 */
import type {QemuMachine} from './machine.js';
import {aliasOf, flatViewText, mtreeText, region, type MemoryRegion} from './memory-region.js';
import {NVDIMMDevice} from './nvdimm.js';

const UINT64_SIZE = 2 ** 64;
const BIOS_SIZE = 256 * 1024;

export function systemMemoryRegion(m: QemuMachine): MemoryRegion {
	const {layout, config} = m;
	const pcRam = region('pc.ram', 0, config.memory.size, 'ram');
	const bios = region('pc.bios', 0x100000000 - BIOS_SIZE, BIOS_SIZE, 'rom');
	const withVga = !config.argv.includes('-nodefaults');
	// Once the vCPUs have run, SeaBIOS has assigned the default devices' BARs (top-down below
	// 0xfec00000, whatever the RAM size), loaded the option ROMs and programmed the PAM registers.
	const firmwareRan = m.runstate !== 'prelaunch';
	const bars = withVga && firmwareRan ? [
		region('vga.vram', 0xfd000000, 0x1000000, 'ram', 1),
		region('e1000-mmio', 0xfebc0000, 0x20000, 'i/o', 1),
		region('vga.mmio', 0xfebf0000, 0x1000, 'i/o', 1, [
			region('edid', 0, 0x180, 'i/o'),
			region('vga ioports remapped', 0x400, 0x20, 'i/o'),
			region('bochs dispi interface', 0x500, 0x16, 'i/o'),
			region('qemu extended regs', 0x600, 0x8, 'i/o'),
		]),
	] : [];
	const pci = region('pci', 0, UINT64_SIZE, 'i/o', -1, [
		...(withVga ? [region('vga-lowmem', 0xa0000, 0x20000, 'i/o', 1)] : []),
		region('pc.rom', 0xc0000, 0x20000, 'rom', 1),
		aliasOf('isa-bios', 0xe0000, 0x20000, bios, BIOS_SIZE - 0x20000, 1),
		...bars,
		bios,
	]);
	const children: MemoryRegion[] = [aliasOf('ram-below-4g', 0, layout.below4g, pcRam, 0)];
	children.push(pci);
	if (layout.above4g > 0) children.push(aliasOf('ram-above-4g', layout.above4gStart, layout.above4g, pcRam, layout.below4g));
	children.push(aliasOf('smram-region', 0xa0000, 0x20000, pci, 0xa0000, 1));
	// i440fx_init(): PAM1..6 split 0xc0000-0xeffff in twelve 16 KiB regions, PAM0 is the BIOS's 64 KiB
	// at 0xf0000. Reset leaves them all on PCI; SeaBIOS leaves RAM behind them, read-only but for
	// 0xe8000-0xeffff (the lab, with and without -nodefaults).
	const pam = (addr: number, size: number) => firmwareRan
		? (addr >= 0xe8000 && addr < 0xf0000 ? aliasOf('pam-ram', addr, size, pcRam, addr, 1) : aliasOf('pam-rom', addr, size, pcRam, addr, 1, {readonly: true}))
		: aliasOf('pam-pci', addr, size, pci, addr, 1);
	for (let addr = 0xc0000; addr < 0xf0000; addr += 0x4000) children.push(pam(addr, 0x4000));
	children.push(pam(0xf0000, 0x10000));
	// The kvmvapic option ROM (12 KiB), mapped over RAM above every PAM region: after the VGA BIOS,
	// or first with -nodefaults.
	if (firmwareRan) children.push(aliasOf('kvmvapic-rom', withVga ? 0xcb000 : 0xc0000, 0x3000, pcRam, withVga ? 0xcb000 : 0xc0000, 1000));
	children.push(region('ioapic', 0xfec00000, 0x1000, 'i/o'));
	children.push(region('hpet', 0xfed00000, 0x400, 'i/o'));
	children.push(region('apic-msi', 0xfee00000, 0x100000, 'i/o', 4096));
	const {deviceMemory} = layout;
	if (deviceMemory.size > 0) {
		const dimms = m.dimms().filter((d) => d.hostmem).map((d) => {
			const backend = region(d.hostmem!.regionName(), 0, d.hostmem!.size, 'ram');
			// An nvdimm maps an alias of its backend without the label area (nvdimm_prepare_memory_region).
			if (d instanceof NVDIMMDevice) return aliasOf('nvdimm-memory', d.addr - deviceMemory.base, d.size, backend, 0, 0, {nonvolatile: true});
			return {...backend, addr: d.addr - deviceMemory.base};
		});
		children.push(region('device-memory', deviceMemory.base, deviceMemory.size, 'i/o', 0, dimms));
	}
	return region('system', 0, UINT64_SIZE, 'i/o', 0, children);
}

const NOT_MODELLED = "memhp: the I/O address space and the devices' bus-master address spaces are not simulated\n";

/** hmp_info_mtree: `info mtree` and `info mtree -f` (other flags are not simulated). */
export function infoMtree(m: QemuMachine, args: string): string {
	const flags = args.trim().split(/\s+/).filter(Boolean);
	const system = systemMemoryRegion(m);
	// Every vCPU's address space shares the system root with `memory`.
	const cpus = Array.from({length: m.config.smp}, (_, i) => `cpu-memory-${i}`);
	if (flags.length === 0) return `${NOT_MODELLED}${mtreeText([...cpus, 'memory'], system)}`;
	if (flags.length === 1 && flags[0] === '-f') return `${NOT_MODELLED}${flatViewText(0, ['memory', ...cpus], system)}`;
	return `memhp: 'info mtree ${flags.join(' ')}' is not simulated\n`;
}

