/**
 * The pc machine's guest-physical memory map, computed like QEMU 7.2 does it:
 * pc_init1 / pc_q35_init split RAM below/above 4 GiB, pc_memory_init relocates above-4G RAM
 * past the AMD HyperTransport hole when needed, checks phys-bits, places device memory
 * (pc_get_device_memory_range) and the 64-bit PCI hole (pc_pci_hole64_start); SeaBIOS then
 * turns QEMU's etc/e820 table into the map the guest kernel sees.
 */
import type {E820Entry} from '../acpi.js';
import {hex} from './qemu-strtosz.js';

const GiB = 1024 ** 3;
const FOUR_GiB = 4 * GiB;
/** AMD_HT_START .. AMD_HT_END: reserved HyperTransport range below 1 TiB (hw/i386/pc.c). */
export const AMD_HT_START = 0xfd00000000;
export const AMD_ABOVE_1TB_START = 0x10000000000;
const AMD_HT_SIZE = AMD_ABOVE_1TB_START - AMD_HT_START;
/** ACPI_MAX_RAM_SLOTS (include/hw/acpi/acpi.h). */
export const ACPI_MAX_RAM_SLOTS = 256;

const roundUp = (n: number, align: number): number => Math.ceil(n / align) * align;

export interface MemoryLayoutInput {
	machineType: 'pc' | 'q35';
	ramSize: number;
	maxRamSize: number;
	slots: number;
	physBits: number;
	/** The CPU model reports the AMD vendor (qemu64 does). */
	amdCpu: boolean;
}

export interface MemoryLayout {
	below4g: number;
	above4g: number;
	/** Where above-4G RAM starts: 4 GiB, or 1 TiB when relocated past the AMD HT hole. */
	above4gStart: number;
	/** The device-memory region for DIMMs; size 0 when maxmem == ram (always allocated in 7.2). */
	deviceMemory: {base: number; size: number};
	pciHole64: {base: number; size: number};
	/** QEMU's etc/e820 table (RAM and reserved ranges it registers). */
	qemuE820: E820Entry[];
}

/** pc_init1 (i440fx) / pc_q35_init: how much RAM goes below 4 GiB. */
function splitRam(machineType: 'pc' | 'q35', ramSize: number): {below4g: number; above4g: number} {
	let lowmem: number;
	if (machineType === 'q35') {
		lowmem = ramSize >= 0xb0000000 ? 0x80000000 : 0xb0000000;
	} else {
		const maxRamBelow4g = 0xe0000000;
		lowmem = maxRamBelow4g;
		// gigabyte_align: keep the split on a 1 GiB boundary for big guests
		if (ramSize >= maxRamBelow4g) lowmem = Math.min(lowmem, 0xc0000000);
	}
	return ramSize >= lowmem ? {below4g: lowmem, above4g: ramSize - lowmem} : {below4g: ramSize, above4g: 0};
}

/**
 * pc_memory_init's layout and start-up checks. Returns the error QEMU reports (without the
 * `qemu-system-x86_64: ` prefix) when the machine cannot be created.
 */
export function pcMemoryInit(input: MemoryLayoutInput): {ok: true; layout: MemoryLayout} | {ok: false; error: string} {
	const {below4g, above4g} = splitRam(input.machineType, input.ramSize);
	const pciHole64Size = input.machineType === 'q35' ? 2 ** 35 : 2 ** 31;
	const hasDeviceMemory = input.ramSize < input.maxRamSize;
	let above4gStart = FOUR_GiB;

	const deviceMemoryRange = (): {base: number; size: number} => ({
		base: roundUp(above4gStart + above4g, GiB),
		// enforce_aligned_dimm: assume up to 1 GiB alignment waste per slot
		size: input.maxRamSize - input.ramSize + GiB * input.slots,
	});
	const pciHole64Start = (): number => {
		if (hasDeviceMemory) {
			const {base, size} = deviceMemoryRange();
			return roundUp(base + size, GiB);
		}
		return roundUp(above4gStart + above4g, GiB);
	};
	// pc_max_used_gpa: 32-bit CPUs have no hole64
	const maxUsedGpa = (): number =>
		input.physBits <= 32 ? 2 ** input.physBits - 1 : pciHole64Start() + pciHole64Size - 1;

	const qemuE820: E820Entry[] = [];
	if (input.amdCpu) {
		if (maxUsedGpa() >= AMD_HT_START) above4gStart = AMD_ABOVE_1TB_START;
		if (input.physBits >= 40) qemuE820.push({addr: AMD_HT_START, size: AMD_HT_SIZE, type: 'reserved'});
	}
	const maxPhysAddr = 2 ** input.physBits - 1;
	const maxUsed = maxUsedGpa();
	if (maxPhysAddr < maxUsed) {
		return {ok: false, error: `Address space limit 0x${hex(maxPhysAddr)} < 0x${hex(maxUsed)} phys-bits too low (${input.physBits})`};
	}
	qemuE820.push({addr: 0, size: below4g, type: 'usable'});
	if (above4g > 0) qemuE820.push({addr: above4gStart, size: above4g, type: 'usable'});

	let deviceMemory = {base: 0, size: 0};
	if (hasDeviceMemory) {
		if (input.slots > ACPI_MAX_RAM_SLOTS) return {ok: false, error: `unsupported amount of memory slots: ${input.slots}`};
		if (input.maxRamSize % 4096 !== 0) {
			return {ok: false, error: 'maximum memory size must by aligned to multiple of 4096 bytes'};
		}
		deviceMemory = deviceMemoryRange();
	}
	return {
		ok: true,
		layout: {
			below4g,
			above4g,
			above4gStart,
			deviceMemory,
			pciHole64: {base: pciHole64Start(), size: pciHole64Size},
			qemuE820,
		},
	};
}

/**
 * The e820 map SeaBIOS hands the guest: QEMU's RAM entries, minus the EBDA at 639 KiB, the
 * BIOS area 0xf0000-0xfffff and the 128 KiB SeaBIOS keeps at the top of low RAM, plus the
 * 256 KiB BIOS ROM below 4 GiB, sorted by address.
 */
export function seabiosE820(layout: MemoryLayout): E820Entry[] {
	const map: E820Entry[] = [
		{addr: 0, size: 0x9fc00, type: 'usable'},
		{addr: 0x9fc00, size: 0x400, type: 'reserved'},
		{addr: 0xf0000, size: 0x10000, type: 'reserved'},
		{addr: 0x100000, size: layout.below4g - 0x20000 - 0x100000, type: 'usable'},
		{addr: layout.below4g - 0x20000, size: 0x20000, type: 'reserved'},
		{addr: 0xfffc0000, size: 0x40000, type: 'reserved'},
	];
	for (const entry of layout.qemuE820) {
		if (entry.addr >= FOUR_GiB || entry.type === 'reserved') map.push({...entry});
	}
	return map.sort((a, b) => a.addr - b.addr);
}
