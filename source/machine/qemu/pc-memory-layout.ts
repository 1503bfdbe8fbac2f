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

export interface MemoryLayoutInput {
	machineType: 'pc' | 'q35';
	/** ram_size, maxram_size and ram_slots: uint64_t in QEMU, so exact here (maxmem may be 15E). */
	ramSize: bigint;
	maxRamSize: bigint;
	slots: bigint;
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
	/** The board: SeaBIOS reserves more for a q35 one (see seabiosE820()). */
	machineType: 'pc' | 'q35';
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

/** uint64_t arithmetic: what QEMU's hwaddr/uint64_t sums and products wrap to. */
const u64 = (n: bigint): bigint => BigInt.asUintN(64, n);
const GiBn = BigInt(GiB);
/** ROUND_UP(n, d) for a power of two d, in uint64_t. */
const roundUpU64 = (n: bigint, d: bigint): bigint => u64(n + d - 1n) & ~(d - 1n);

/**
 * pc_memory_init's layout and start-up checks. Returns the error QEMU reports (without the
 * `qemu-system-x86_64: ` prefix) when the machine cannot be created. The sizes are uint64_t
 * there and its sums wrap: `slots=18446744073709551615` (a -1 that qemu_strtou64 took) adds
 * 1 GiB times it to the device memory's size, which wraps to 1 GiB less, so the address-space
 * check passes and the slot count is what QEMU reports.
 */
export function pcMemoryInit(input: MemoryLayoutInput): {ok: true; layout: MemoryLayout} | {ok: false; error: string} {
	// (RAM that does not fit in a double failed its allocation before this runs.)
	const {below4g, above4g} = splitRam(input.machineType, Number(input.ramSize));
	const pciHole64Size = input.machineType === 'q35' ? 2n ** 35n : 2n ** 31n;
	const hasDeviceMemory = input.ramSize < input.maxRamSize;
	let above4gStart = BigInt(FOUR_GiB);

	const deviceMemoryRange = (): {base: bigint; size: bigint} => ({
		base: roundUpU64(above4gStart + BigInt(above4g), GiBn),
		// enforce_aligned_dimm: assume up to 1 GiB alignment waste per slot
		size: u64(input.maxRamSize - input.ramSize + u64(GiBn * input.slots)),
	});
	const pciHole64Start = (): bigint => {
		if (hasDeviceMemory) {
			const {base, size} = deviceMemoryRange();
			return roundUpU64(base + size, GiBn);
		}
		return roundUpU64(above4gStart + BigInt(above4g), GiBn);
	};
	// pc_max_used_gpa: 32-bit CPUs have no hole64
	const maxUsedGpa = (): bigint =>
		input.physBits <= 32 ? 2n ** BigInt(input.physBits) - 1n : u64(pciHole64Start() + pciHole64Size - 1n);

	const qemuE820: E820Entry[] = [];
	if (input.amdCpu) {
		if (maxUsedGpa() >= BigInt(AMD_HT_START)) above4gStart = BigInt(AMD_ABOVE_1TB_START);
		if (input.physBits >= 40) qemuE820.push({addr: AMD_HT_START, size: AMD_HT_SIZE, type: 'reserved'});
	}
	const maxPhysAddr = 2n ** BigInt(input.physBits) - 1n;
	const maxUsed = maxUsedGpa();
	if (maxPhysAddr < maxUsed) {
		return {ok: false, error: `Address space limit 0x${hex(maxPhysAddr)} < 0x${hex(maxUsed)} phys-bits too low (${input.physBits})`};
	}
	qemuE820.push({addr: 0, size: below4g, type: 'usable'});
	if (above4g > 0) qemuE820.push({addr: Number(above4gStart), size: above4g, type: 'usable'});

	let deviceMemory = {base: 0, size: 0};
	if (hasDeviceMemory) {
		if (input.slots > BigInt(ACPI_MAX_RAM_SLOTS)) return {ok: false, error: `unsupported amount of memory slots: ${input.slots}`};
		if (input.maxRamSize % 4096n !== 0n) {
			return {ok: false, error: 'maximum memory size must by aligned to multiple of 4096 bytes'};
		}
		const range = deviceMemoryRange();
		deviceMemory = {base: Number(range.base), size: Number(range.size)};
	}
	return {
		ok: true,
		layout: {
			below4g,
			above4g,
			above4gStart: Number(above4gStart),
			deviceMemory,
			pciHole64: {base: Number(pciHole64Start()), size: Number(pciHole64Size)},
			qemuE820,
			machineType: input.machineType,
		},
	};
}

/**
 * The e820 map SeaBIOS hands the guest: QEMU's RAM entries, minus the EBDA at 639 KiB, the
 * BIOS area 0xf0000-0xfffff and the 128 KiB SeaBIOS keeps at the top of low RAM, plus the
 * 256 KiB BIOS ROM below 4 GiB, sorted by address.
 */
export function seabiosE820(layout: MemoryLayout, opts: {ahciDrive?: boolean} = {}): E820Entry[] {
	// The top of low RAM SeaBIOS keeps for its tables: 128 KiB, a page more on q35 when its AHCI
	// controller has a drive (the port's buffers, malloc_high(): the lab's q35 guests with the
	// default CD-ROM, s61/q35 at 1G and 4G and s62/q35v-nodef-cd, `0x3ffdf000-0x3fffffff
	// reserved`; without one, s62/q35v-nodef2, 0x3ffe0000 as on pc); on q35 it also reserves the
	// MCH's PCIe MMCONFIG window (256 MiB at 0xb0000000) and the ICH9 root complex register block
	// (16 KiB at 0xfed1c000).
	const high = layout.machineType === 'q35' && opts.ahciDrive ? 0x21000 : 0x20000;
	const map: E820Entry[] = [
		{addr: 0, size: 0x9fc00, type: 'usable'},
		{addr: 0x9fc00, size: 0x400, type: 'reserved'},
		{addr: 0xf0000, size: 0x10000, type: 'reserved'},
		{addr: 0x100000, size: layout.below4g - high - 0x100000, type: 'usable'},
		{addr: layout.below4g - high, size: high, type: 'reserved'},
		...(layout.machineType === 'q35' ? [{addr: 0xb0000000, size: 0x10000000, type: 'reserved' as const}, {addr: 0xfed1c000, size: 0x4000, type: 'reserved' as const}] : []),
		{addr: 0xfffc0000, size: 0x40000, type: 'reserved'},
	];
	for (const entry of layout.qemuE820) {
		if (entry.addr >= FOUR_GiB || entry.type === 'reserved') map.push({...entry});
	}
	return map.sort((a, b) => a.addr - b.addr);
}
