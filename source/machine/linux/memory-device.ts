import type {Errno} from '../errno.js';
import {kstrtobool, onlineTypeFromStr} from './cmdline.js';
import type {MemoryBlock} from './memory-block.js';
import type {GuestMm} from './mm.js';
import type {DeviceResult} from './acpi-memhotplug.js';

/**
 * The driver-core side of memory blocks: device_online()/device_offline() with
 * memory_subsys_online/offline, and the sysfs stores that call them (state_store,
 * online_store) with the kernel's errno mapping.
 */
export class MemoryDevices {
	constructor(private readonly mm: GuestMm) {}

	/**
	 * device_online(): 1 if already online (memory_subsys_online() does not run), else
	 * memory_subsys_online(): the block's online_type, MMOP_ONLINE when nobody set one, and
	 * MMOP_OFFLINE again afterwards whatever the outcome. A state_store() that found the block
	 * online leaves its type behind: the next online without a type (online_store(), the eject's
	 * acpi_bus_online()) uses it.
	 */
	online(b: MemoryBlock, path: string[]): DeviceResult {
		if (b.state === 'online') return 1;
		const type = b.onlineType === 'offline' ? 'online' : b.onlineType;
		const r = this.mm.memoryBlockOnline(b, type, path);
		b.onlineType = 'offline';
		return r ?? 0;
	}

	/** device_offline(): 1 if already offline, else memory_block_change_state(MEM_OFFLINE). */
	offline(b: MemoryBlock, path: string[]): DeviceResult {
		if (b.state !== 'online') return 1;
		b.state = 'going-offline';
		const r = this.mm.memoryBlockOffline(b, [...path, 'memory_subsys_offline', 'memory_block_change_state', 'memory_block_action']);
		if (r) b.state = 'online';
		return r ?? 0;
	}

	/** Auto-online of freshly added blocks (online_memory_block with mhp_default_online_type). */
	autoOnline(b: MemoryBlock): void {
		b.onlineType = this.mm.defaultOnlineType;
		this.online(b, ['add_memory_resource', 'online_memory_block', 'device_online']);
	}

	/** state_store(). */
	stateStore(b: MemoryBlock, buf: string): Errno | undefined {
		const type = onlineTypeFromStr(buf);
		if (!type) return 'EINVAL';
		// mem->online_type is set before device_online(), even when the block is already online.
		if (type !== 'offline') b.onlineType = type;
		const r = type === 'offline'
			? this.offline(b, ['kernfs_fop_write_iter', 'state_store', 'device_offline'])
			: this.online(b, ['kernfs_fop_write_iter', 'state_store', 'device_online']);
		if (r === 'EBUSY') this.kernelChurnAfterFailure();
		if (typeof r === 'string') return r;
		return r ? 'EINVAL' : undefined;
	}

	/** online_store() (drivers/base/core.c): kstrtobool, then device_online/offline; 1 is success. */
	onlineStore(b: MemoryBlock, buf: string): Errno | undefined {
		const val = kstrtobool(buf);
		if (val === undefined) return 'EINVAL';
		const r = val ? this.online(b, ['online_store', 'device_online']) : this.offline(b, ['online_store', 'device_offline']);
		if (r === 'EBUSY') this.kernelChurnAfterFailure();
		return typeof r === 'string' ? r : undefined;
	}

	/** The failed offline's undo path and the shell's error reporting allocate slab objects. */
	private kernelChurnAfterFailure(): void {
		this.mm.kernelAllocate('slab', 5, 'B');
	}
}
