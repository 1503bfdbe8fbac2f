/**
 * kernfs_iattrs_cache (fs/kernfs/inode.c): the shell's `>` opens a sysfs attribute with O_TRUNC,
 * whose setattr gives the node a kernfs_iattrs for its life. The cache has no object when boot
 * ends (the lab's /proc/slabinfo, s67/si), so the first such write takes its slab, from the
 * kernel's zone at that moment (lab: iattrs-slab-auto-online-1536M-slots1.t). chmod(2), chown(2)
 * and utimes(2) of any sysfs node are setattrs too (lab s68/ia: iattrs-chmod-*.t).
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {MemVfs} from '../source/machine/vfs/memvfs.js';
import type {VNode} from '../source/machine/vfs/node.js';
import {TmpDir, TmpFile} from '../source/machine/vfs/tmpfs.js';
import {startSession, typeLine} from './session-helpers.js';
import {attr, sdir} from './shell-fake.js';

const MEM = '/sys/devices/system/memory';
const BUSY = 'sh: write error: Device or resource busy\n';

function run(s: Session, pane: 'monitor' | 'serial', line: string): string {
	const text = typeLine(s, pane, line);
	return text.slice(text.indexOf('\n') + 1).replace(/\r/g, '').replace(/(\S* # |\(qemu\) )$/, '');
}

/** A 1536M guest whose hot-added DIMM is auto-onlined into a ZONE_NORMAL of its own. */
function autoOnlined(): Session {
	const s = startSession(['-machine', 'pc', '-m', '1536M,slots=1,maxmem=8G', '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', 'console=ttyS0 quiet nokaslr memhp_default_state=online_kernel', '-nographic']);
	// (A listing at boot, as in the lab's flow, leaves the inode cache room for memory32's names.)
	run(s, 'serial', `ls ${MEM}`);
	run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=128M');
	run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
	return s;
}

describe('kernfs_iattrs_cache: the first truncating write to sysfs takes its slab', () => {
	it('after an auto-online, in the new ZONE_NORMAL: the DIMM\'s eject is refused on it', () => {
		const s = autoOnlined();
		expect(run(s, 'serial', `echo online > ${MEM}/memory32/state`)).toBe('sh: write error: Invalid argument\n');
		run(s, 'monitor', 'device_del d1');
		expect(run(s, 'serial', `cat ${MEM}/memory32/state`)).toBe('online\n');
		const dump = run(s, 'serial', 'dmesg | tail -n 16');
		// Both passes stop at the frozen CPU slab of 46 objects on the block's first page.
		expect(dump.match(/pfn:0x100000\n/g)).toHaveLength(2);
		expect(dump).toMatch(/raw: 0000000000000000 00000000802e002e 00000001ffffffff 0000000000000000\n/);
		expect(dump).toMatch(/memory memory32: Offline failed\.\n/);
	});

	it('without that write the eject goes through', () => {
		const s = autoOnlined();
		run(s, 'serial', `cat ${MEM}/memory32/state`);
		run(s, 'monitor', 'device_del d1');
		expect(run(s, 'serial', `ls ${MEM}/memory32`)).toMatch(/No such file or directory/);
	});

	it('a write before the online leaves the slab in boot memory, and later writes fill it', () => {
		const s = startSession(['-machine', 'pc', '-m', '1536M,slots=4,maxmem=8G', '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
			'-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=256M');
		run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		expect(run(s, 'serial', `echo online_kernel > ${MEM}/memory32/state`)).toBe('');
		for (const f of ['online', 'uevent']) run(s, 'serial', `echo > ${MEM}/memory33/${f} 2>/dev/null; true`);
		expect(run(s, 'serial', `echo offline > ${MEM}/memory32/state`)).toBe('');
		expect(run(s, 'serial', `echo online_kernel > ${MEM}/memory32/state`)).toBe('');
		// The first writes after the online are new objects of the boot-memory slab: nothing here.
		expect(run(s, 'serial', `echo offline > ${MEM}/memory32/state`)).not.toBe(BUSY);
	});
});

describe('kernfs_iattrs_cache: chmod, chown and touch of sysfs nodes are setattrs', () => {
	/** The eject's outcome after `cmd` run right after the auto-online: true when it was refused. */
	function refusedAfter(cmd: string): boolean {
		const s = autoOnlined();
		run(s, 'serial', cmd);
		run(s, 'monitor', 'device_del d1');
		return run(s, 'serial', `cat ${MEM}/memory32/state`) === 'online\n';
	}

	it.each([
		`chmod 644 ${MEM}/memory32/state`,
		`chmod 755 ${MEM}/memory32`,
		`touch ${MEM}/auto_online_blocks`,
		`chown 0 ${MEM}/memory32/online`,
		`chmod 755 /sys/bus/memory/devices/memory32`,
	])('%s takes the cache\'s first slab in the new ZONE_NORMAL', (cmd) => {
		expect(refusedAfter(cmd)).toBe(true);
	});

	it('a program\'s setattr puts it past the 13 pages the task holds (pfn 0x10000d)', () => {
		const s = autoOnlined();
		run(s, 'serial', `grep . ${MEM}/memory32/online`);
		expect(run(s, 'serial', `chmod 644 ${MEM}/memory32/state`)).toBe('');
		run(s, 'monitor', 'device_del d1');
		const dump = run(s, 'serial', 'dmesg | tail -n 14');
		expect(dump.match(/pfn:0x10000d\n/g)).toHaveLength(2);
		expect(dump).toMatch(/raw: 0000000000000000 00000000802e002e 00000001ffffffff 0000000000000000\n/);
	});

	it.each([
		// a missing node has no setattr, a tmpfs mounted over /sys/kernel is tmpfs
		`chown 0 ${MEM}/probe 2>/dev/null; true`,
		'mount -t tmpfs none /sys/kernel && touch /sys/kernel/f && chmod 600 /sys/kernel/f /sys/kernel',
		'touch /tmp/f && chmod 600 /tmp/f',
	])('%s leaves the cache alone', (cmd) => {
		expect(refusedAfter(cmd)).toBe(false);
	});
});

describe('MemVfs: which setattrs are kernfs_iop_setattr()', () => {
	function vfsWith(): {vfs: MemVfs; seen: string[]} {
		const root = new TmpDir({mode: 0o755});
		const state = attr(() => 'online\n', () => undefined);
		const memory32 = sdir({state});
		root.create('sys', sdir({devices: sdir({memory32}), bus: sdir({link: {kind: 'symlink', mode: 0o777, target: '../devices/memory32'}})}));
		root.create('proc', sdir({meminfo: {...attr(() => 'MemTotal: 1 kB\n'), procfs: true} as VNode}));
		root.create('tmp', new TmpDir({mode: 0o1777}));
		(root.lookup('tmp') as TmpDir).create('f', new TmpFile('x', {mode: 0o644}));
		const seen: string[] = [];
		return {vfs: new MemVfs(root, {kernfsSetattr: path => seen.push(path)}), seen};
	}

	it('chmod, chown and utime of sysfs attributes, directories and followed links, and a truncating open', () => {
		const {vfs, seen} = vfsWith();
		expect(vfs.chmod('/sys/devices/memory32/state', 0o600)).toBeUndefined();
		expect(vfs.chown('/sys/devices/memory32', 0, 0)).toBeUndefined();
		expect(vfs.utime('/sys/bus/link', 0)).toBeUndefined();
		expect(vfs.chown('/sys/bus/link', 0, -1, true)).toBeUndefined();
		const h = vfs.open('/sys/devices/memory32/state', {write: true, truncate: true});
		expect(typeof h).toBe('object');
		expect(seen).toEqual(['/sys/devices/memory32/state', '/sys/devices/memory32', '/sys/devices/memory32', '/sys/bus/link', '/sys/devices/memory32/state']);
	});

	it('not procfs, tmpfs, missing nodes or a write without O_TRUNC', () => {
		const {vfs, seen} = vfsWith();
		expect(vfs.chmod('/proc/meminfo', 0o600)).toBeUndefined();
		expect(vfs.chmod('/tmp/f', 0o600)).toBeUndefined();
		expect(vfs.chmod('/tmp', 0o755)).toBeUndefined();
		expect(vfs.chmod('/sys/devices/memory33', 0o755)).toBe('ENOENT');
		vfs.open('/sys/devices/memory32/state', {write: true});
		expect(seen).toEqual([]);
	});
});

describe('kernfs_iattrs_cache: a flushed slab becomes the CPU slab again', () => {
	it('taken off the node\'s partial list by the next setattr: frozen, all objects counted, lru.next poisoned (lab s68/gen2 8103)', () => {
		const s = startSession(['-machine', 'pc', '-m', '768M,slots=4,maxmem=32G', '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
			'-append', 'console=ttyS0 quiet nokaslr memhp_default_state=online_kernel', '-nographic']);
		const steps: [pane: 'monitor' | 'serial', line: string][] = [
			['serial', 'dmesg | tail -n 6'],
			['monitor', 'object_add memory-backend-ram,id=mem1,size=512M'],
			['monitor', 'device_add pc-dimm,id=dimm1,memdev=mem1'],
			// the boot's first setattr: kernfs_iattrs_cache's slab at memory32's first page
			['serial', `echo online > ${MEM}/memory35/state`],
			['serial', "grep -E 'System RAM|Hot|hotplug' /proc/iomem"],
			['serial', "grep -E 'Node|pages free|min |low |high |spanned|present|managed|start_pfn' /proc/zoneinfo"],
			['serial', `echo offline > ${MEM}/memory33/state`],
			['serial', `echo online > ${MEM}/memory32/state`],
			['monitor', 'object_add memory-backend-ram,id=mem2,size=512M'],
			['monitor', 'device_add pc-dimm,id=dimm2,memdev=mem2,addr=0x140000000'],
			['serial', 'free -m'],
			['serial', 'cat /proc/buddyinfo'],
			['serial', `for b in memory40 memory41 memory42 memory43; do echo online_movable > ${MEM}/$b/state; done`],
			['serial', `echo offline > ${MEM}/memory32/state`],
			['serial', "grep -E 'MemTotal|MemFree|MemAvailable|Slab|SUnreclaim|PageTables|KernelStack|DirectMap' /proc/meminfo"],
			['serial', `for b in memory40 memory41 memory42 memory43; do echo online_kernel > ${MEM}/$b/state; done`],
			['serial', `echo offline > ${MEM}/memory5/state`],
			['monitor', 'object_add memory-backend-ram,id=mem3,size=256M'],
			['monitor', 'device_add pc-dimm,id=dimm3,memdev=mem3'],
			['serial', `echo online > ${MEM}/memory42/state`],
			['monitor', 'device_del dimm3'],
			['monitor', 'object_add memory-backend-ram,id=mem4,size=128M'],
			['monitor', 'device_add pc-dimm,id=dimm4,memdev=mem4'],
		];
		for (const [pane, line] of steps) run(s, pane, line);
		const dump = run(s, 'serial', 'dmesg | tail -n 8');
		expect(dump).toMatch(/pfn:0x100000\n.*flags: 0x17ffffc0000200\(slab\|node=0\|zone=2\|lastcpupid=0x1fffff\)\n/);
		expect(dump).toMatch(/raw: 0017ffffc0000200 dead000000000100 dead000000000122 ffff8880049be800\n.*raw: 0000000000000000 00000000802e002e 00000001ffffffff 0000000000000000\n/);
	});
});
