/**
 * Memory-device address space management (hw/mem/memory-device.c): the space check against
 * maxmem - ram, the first-fit address search with alignment, and the sorted device list.
 */
import {hex} from './qemu-strtosz.js';

/** A realized memory device as the allocator sees it. */
export interface PlacedDevice {
	id?: string;
	addr: number;
	size: number;
}

export interface DeviceMemoryState {
	/** device-memory region; size 0 when maxmem == ram. */
	base: number;
	regionSize: number;
	/** maxram_size - ram_size: what memory devices may use in total. */
	space: number;
	/** Realized devices (any order). */
	devices: readonly PlacedDevice[];
}

/** memory_device_build_list: realized devices sorted by address. */
export function memoryDeviceBuildList<T extends PlacedDevice>(devices: readonly T[]): T[] {
	return [...devices].sort((a, b) => a.addr - b.addr);
}

/**
 * memory_device_get_free_addr (QEMU 7.2), including memory_device_check_addable.
 * `hint` is the user's addr= (undefined when 0/unset).
 */
export function memoryDeviceGetFreeAddr(state: DeviceMemoryState, hint: number | bigint | undefined, align: number, size: number): {ok: true; addr: number} | {ok: false; error: string} {
	if (!state.regionSize) {
		return {ok: false, error: 'memory devices (e.g. for memory hotplug) are not enabled, please specify the maxmem option'};
	}
	const used = state.devices.reduce((sum, d) => sum + d.size, 0);
	if (used + size > state.space) {
		return {ok: false, error: `not enough space, currently 0x${hex(used)} in use of total space for memory devices 0x${hex(state.space)}`};
	}
	if (hint !== undefined && BigInt(hint) % BigInt(align) !== 0n) return {ok: false, error: `address must be aligned to 0x${hex(align)} bytes`};
	if (size % align !== 0) return {ok: false, error: `backend memory size must be multiple of 0x${hex(align)}`};
	const asLob = state.base;
	const asUpb = state.base + state.regionSize - 1;
	let newLob: number;
	if (hint !== undefined) {
		// range_init() also fails when hint + size wraps past 2^64: same message.
		if (typeof hint === 'bigint' || size === 0 || hint < asLob || hint + size - 1 > asUpb) {
			return {ok: false, error: `can't add memory device [0x${hint.toString(16)}:0x${hex(size)}], usable range for memory devices [0x${hex(asLob)}:0x${hex(state.regionSize)}]`};
		}
		newLob = hint;
	} else {
		newLob = Math.ceil(asLob / align) * align;
	}
	let empty = false;
	for (const d of memoryDeviceBuildList(state.devices)) {
		const tmpLob = d.addr;
		const tmpUpb = d.addr + d.size - 1;
		const newUpb = newLob + size - 1;
		if (tmpLob <= newUpb && newLob <= tmpUpb) {
			if (hint !== undefined) return {ok: false, error: `address range conflicts with memory device id='${d.id ?? '(unnamed)'}'`};
			newLob = Math.ceil((tmpUpb + 1) / align) * align;
		} else if (tmpLob > newUpb) {
			break;
		}
	}
	if (newLob + size - 1 > asUpb) empty = true;
	if (empty) {
		return {ok: false, error: 'could not find position in guest address space for memory device - memory fragmented due to alignments'};
	}
	return {ok: true, addr: newLob};
}
