import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';

const MEM = '/sys/devices/system/memory';
/** A dentry slab (order 0, 21 dentries) and an inode_cache slab (order 1, 12 inodes), in KiB. */
const DENTRY_SLAB_KB = 4;
const INODE_SLAB_KB = 8;

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
	/**
	 * SReclaimable as the lab read it, by programs: ash execs each as /proc/self/exe, so their
	 * /proc/<pid> and exe dentries and inodes are in use while they read, until the grace period
	 * after their exit. The lab's steps below fit two programs at once (a pipeline such as
	 * `cat /proc/slabinfo | grep dentry`); one would give dentry slabs at memory1 and 4.
	 */
	const sreclaimableByProgram = (): number => {
		const sys = g.syscalls;
		const pids = ['cat', 'grep'].map(p => sys.fork!([p], undefined, false, undefined, undefined, '/proc/self/exe'));
		const kb = sreclaimable();
		for (const pid of pids.reverse()) sys.exit!(pid);
		sys.idle!();
		return kb;
	};
	/** What busybox ls does: readdir, then lstat() every entry. */
	const ls = (dir: string): string[] => {
		const names = vfs.readdir(dir);
		if (typeof names === 'string') throw new Error(`${dir}: ${names}`);
		for (const n of names) expect(typeof vfs.stat(`${dir}/${n}`, false)).toBe('object');
		return names;
	};
	sreclaimable(); // /proc/meminfo's own dentry
	return {g, vfs, read, sreclaimable, sreclaimableByProgram, ls};
}

describe('dcache: slab grows only for new dentries of a path walk', () => {
	it('ls of the memory directory instantiates one dentry+inode per entry, none for the entries\' children', () => {
		const {sreclaimableByProgram, ls} = boot();
		const s0 = sreclaimableByProgram();
		const names = ls(MEM);
		expect(names).toHaveLength(14); // 8 boot blocks + 6 attributes/directories at 1 GiB
		// system, memory and the 14 entries: inode_cache had no free object when boot ended, so
		// two new slabs; the dentry cache had 15, less /proc/meminfo's, so one with the reading
		// programs' (the lab's 1G guest, s26: 8760 -> 8780 kB, num_objs 9900 -> 9924 and 10311 -> 10332).
		expect(sreclaimableByProgram() - s0).toBe(2 * INODE_SLAB_KB + DENTRY_SLAB_KB);
	});

	it('SReclaimable moves by whole slabs: six block directories listed, 60 lookups, five inode and three dentry slabs', () => {
		const {sreclaimableByProgram, ls} = boot();
		ls(MEM);
		const s1 = sreclaimableByProgram();
		const steps: number[] = [];
		let last = s1;
		for (let i = 0; i < 6; i++) {
			expect(ls(`${MEM}/memory${i}`)).toHaveLength(10);
			const now = sreclaimableByProgram();
			steps.push(now - last);
			last = now;
		}
		// The lab's 1G guest, slabinfo after each: inode slabs at memory0, 2, 3, 4, 5; dentry slabs at 1, 3, 5.
		expect(steps).toEqual([8, 4, 8, 12, 8, 12]);
		expect(last - s1).toBe(5 * INODE_SLAB_KB + 3 * DENTRY_SLAB_KB);
	});

	it('stat of a directory reads kernfs\' subdirectory count (nlink) without looking children up', () => {
		const {vfs, sreclaimableByProgram, ls} = boot();
		ls(MEM);
		const s1 = sreclaimableByProgram();
		for (let i = 0; i < 8; i++) {
			const st = vfs.stat(`${MEM}/memory${i}`);
			if (typeof st === 'string') throw new Error(st);
			// memoryN holds one directory (power): nlink = 2 + 1.
			expect(st.nlink).toBe(3);
		}
		expect(sreclaimableByProgram()).toBe(s1);
		// The children are new dentries on the first real walk: 8 blocks x 10 entries, 80 inodes
		// and dentries on top of the 8 and 21 the listing left free: 6 inode slabs and 3 dentry
		// slabs (63 objects), whose 4 left hold the reading programs' /proc dentries.
		for (let i = 0; i < 8; i++) ls(`${MEM}/memory${i}`);
		expect(sreclaimableByProgram() - s1).toBe(6 * INODE_SLAB_KB + 3 * DENTRY_SLAB_KB);
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

describe('dcache: a pipe\'s dentry and inode', () => {
	/**
	 * A 1G guest with a 256M DIMM, memory32 onlined to ZONE_NORMAL and memory33 to ZONE_MOVABLE,
	 * after lookups that leave inode_cache without a free object: the next inode takes a new slab,
	 * from the hot-added ZONE_NORMAL.
	 */
	function setup() {
		const fw = new FakeFirmware(32);
		const g = new LinuxGuest({boot: pcBootInfo({ramMiB: 1024, maxMiB: 8192, slots: 32, cpus: 1}), firmware: fw, clock: new VirtualClock(), console: () => undefined});
		const vfs = g.syscalls.vfs;
		const sreclaimable = () => {
			const f = vfs.open('/proc/meminfo', {read: true});
			if (typeof f === 'string') throw new Error(f);
			return Number(/^SReclaimable:\s+(\d+)/m.exec(f.read() as string)![1]);
		};
		const write = (p: string, v: string): string | undefined => {
			const f = vfs.open(p, {write: true});
			if (typeof f === 'string') return f;
			const r = f.write(v);
			return typeof r === 'string' ? r : undefined;
		};
		fw.plug(0, 0x100000000, 0x10000000);
		g.raiseMemoryHotplugGpe();
		// Walk the directories first; then each file below is one new dentry and inode.
		for (const p of [`${MEM}/memory32/state`, `${MEM}/memory33/state`, `${MEM}/memory32/valid_zones`]) expect(typeof vfs.stat(p)).toBe('object');
		const files: string[] = [];
		for (let b = 0; b < 8; b++) {
			expect(typeof vfs.stat(`${MEM}/memory${b}`)).toBe('object');
			for (const f of ['state', 'online', 'phys_index', 'phys_device', 'removable', 'valid_zones', 'uevent']) files.push(`${MEM}/memory${b}/${f}`);
		}
		// Until inode_cache takes a new slab (8 kB): the slab's other eleven objects are free...
		let s = sreclaimable();
		for (;;) {
			expect(typeof vfs.stat(files.shift()!)).toBe('object');
			const grown = sreclaimable() - s;
			s += grown;
			if (grown >= 8) break;
		}
		// ...and eleven lookups more take them.
		for (let i = 0; i < 11; i++) expect(typeof vfs.stat(files.shift()!)).toBe('object');
		expect(write(`${MEM}/memory32/state`, 'online')).toBeUndefined();
		expect(write(`${MEM}/memory33/state`, 'online_movable')).toBeUndefined();
		expect(read(vfs, `${MEM}/memory32/valid_zones`)).toBe('Normal\n');
		return {g, fw, vfs, sreclaimable, write, next: () => files.shift()!};
	}
	const read = (vfs: LinuxGuest['syscalls']['vfs'], p: string): string => {
		const f = vfs.open(p, {read: true});
		if (typeof f === 'string') throw new Error(`${p}: ${f}`);
		return f.read() as string;
	};

	it('takes a new inode slab when the cache has no free object, and one only', () => {
		const {g, sreclaimable} = setup();
		const s0 = sreclaimable();
		g.syscalls.pipe!()();
		const s1 = sreclaimable();
		expect(s1 - s0).toBeGreaterThanOrEqual(8);
		// The slab stays (SLUB keeps it as the CPU slab): the next pipe finds its objects.
		g.syscalls.pipe!()();
		expect(sreclaimable()).toBe(s1);
	});

	it('an empty slab the pipe left in hot-added memory refuses that block\'s offline, but not an eject, whose first offline\'s shrink frees it', () => {
		const {g, fw, sreclaimable, write} = setup();
		g.syscalls.pipe!()();
		const s1 = sreclaimable();
		expect(write(`${MEM}/memory32/state`, 'offline')).toBe('EBUSY');
		// device_del: the eject offlines memory33, whose MEM_GOING_OFFLINE shrinks the caches, then memory32.
		fw.requestUnplug(0);
		g.raiseMemoryHotplugGpe();
		expect(fw.ejected).toEqual([0]);
		expect(sreclaimable()).toBe(s1 - 8);
	});

	it('an inode looked up into that slab after the pipe keeps it, and the eject is refused', () => {
		const {g, fw, vfs, sreclaimable, write, next} = setup();
		g.syscalls.pipe!()();
		expect(typeof vfs.stat(next())).toBe('object');
		const s1 = sreclaimable();
		expect(write(`${MEM}/memory32/state`, 'offline')).toBe('EBUSY');
		fw.requestUnplug(0);
		g.raiseMemoryHotplugGpe();
		expect(fw.ejected).toEqual([]);
		expect(sreclaimable()).toBe(s1);
		expect(read(vfs, `${MEM}/memory32/state`)).toBe('online\n');
	});
});
