import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';

const MEM = '/sys/devices/system/memory';
/** struct dentry (192 B) + the kernfs inode from inode_cache (600 B). */
const KERNFS_LOOKUP_BYTES = 192 + 600;

function boot(ramMiB = 1024) {
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB, maxMiB: 8192, slots: 32, cpus: 1, cmdline: 'console=ttyS0 quiet nokaslr'}), firmware: new FakeFirmware(32), clock: new VirtualClock(), console: () => undefined});
	const vfs = g.syscalls.vfs;
	const read = (p: string): string => {
		const f = vfs.open(p, {read: true});
		if (typeof f === 'string') throw new Error(`${p}: ${f}`);
		return f.read() as string;
	};
	/** SReclaimable in KiB (whole slab pages). */
	const sreclaimable = () => Number(/^SReclaimable:\s+(\d+)/m.exec(read('/proc/meminfo'))![1]);
	/** What busybox ls does: readdir, then lstat() every entry. */
	const ls = (dir: string): string[] => {
		const names = vfs.readdir(dir);
		if (typeof names === 'string') throw new Error(`${dir}: ${names}`);
		for (const n of names) expect(typeof vfs.stat(`${dir}/${n}`, false)).toBe('object');
		return names;
	};
	sreclaimable(); // /proc/meminfo's own dentry
	return {g, vfs, read, sreclaimable, ls};
}

describe('dcache: slab grows only for new dentries of a path walk', () => {
	it('ls of the memory directory instantiates one dentry+inode per entry, none for the entries\' children', () => {
		const {sreclaimable, ls} = boot();
		const s0 = sreclaimable();
		const names = ls(MEM);
		expect(names).toHaveLength(14); // 8 boot blocks + 6 attributes/directories at 1 GiB
		// devices, system, memory on the way, then every entry: slab in whole pages.
		const bytes = (3 + names.length) * KERNFS_LOOKUP_BYTES;
		const grown = (sreclaimable() - s0) * 1024;
		expect(grown).toBeGreaterThanOrEqual(bytes - 4096);
		expect(grown).toBeLessThanOrEqual(bytes + 4096);
	});

	it('stat of a directory reads kernfs\' subdirectory count (nlink) without looking children up', () => {
		const {vfs, sreclaimable, ls} = boot();
		ls(MEM);
		const s1 = sreclaimable();
		for (let i = 0; i < 8; i++) {
			const st = vfs.stat(`${MEM}/memory${i}`);
			if (typeof st === 'string') throw new Error(st);
			// memoryN holds one directory (power): nlink = 2 + 1.
			expect(st.nlink).toBe(3);
		}
		expect(sreclaimable()).toBe(s1);
		// The children are new dentries on the first real walk: 8 blocks x 10 entries.
		for (let i = 0; i < 8; i++) ls(`${MEM}/memory${i}`);
		const grown = (sreclaimable() - s1) * 1024;
		const entries = 8 * 10;
		expect(grown).toBeGreaterThanOrEqual(entries * KERNFS_LOOKUP_BYTES - 4096);
		expect(grown).toBeLessThanOrEqual(entries * KERNFS_LOOKUP_BYTES + 4096);
	});

	it('a dentry already in the dcache costs nothing', () => {
		const {read, sreclaimable} = boot();
		expect(read(`${MEM}/memory7/state`)).toBe('online\n');
		const s = sreclaimable();
		for (let i = 0; i < 200; i++) read(`${MEM}/memory7/state`);
		expect(sreclaimable()).toBe(s);
	});
});

describe('dcache: listings rebuilt by hotplug keep their directories', () => {
	it('the memory directory\'s, node0\'s and an ACPI device\'s power are looked up once, however often hot-add rebuilds their parents', () => {
		const fw = new FakeFirmware(32);
		const g = new LinuxGuest({boot: pcBootInfo({ramMiB: 1024, maxMiB: 8192, slots: 32, cpus: 1}), firmware: fw, clock: new VirtualClock(), console: () => undefined});
		const vfs = g.syscalls.vfs;
		const sreclaimable = () => {
			const f = vfs.open('/proc/meminfo', {read: true});
			if (typeof f === 'string') throw new Error(f);
			return Number(/^SReclaimable:\s+(\d+)/m.exec(f.read() as string)![1]);
		};
		const paths = ['/sys/devices/system/memory/power', '/sys/devices/system/node/node0/power', '/sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04/PNP0C80:1f/power'];
		for (const p of paths) expect(typeof vfs.stat(p)).toBe('object');
		const s0 = sreclaimable();
		for (let slot = 0; slot < 20; slot++) {
			fw.plug(slot, 0x100000000 + slot * 0x8000000, 0x8000000);
			g.raiseMemoryHotplugGpe();
			for (const p of paths) expect(typeof vfs.stat(p)).toBe('object');
		}
		// 60 more dentry+inode pairs would be 46 KiB of slab.
		expect(sreclaimable()).toBe(s0);
	});
});
