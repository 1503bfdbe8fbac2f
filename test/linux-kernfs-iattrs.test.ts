/**
 * kernfs_iattrs_cache (fs/kernfs/inode.c): the shell's `>` opens a sysfs attribute with O_TRUNC,
 * whose setattr gives the node a kernfs_iattrs for its life. The cache has no object when boot
 * ends (the lab's /proc/slabinfo, s67/si), so the first such write takes its slab, from the
 * kernel's zone at that moment (lab: iattrs-slab-auto-online-1536M-slots1.t).
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {startSession, typeLine} from './session-helpers.js';

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
