/**
 * lsm_inode_cache (source/machine/linux/slub.ts): every new inode takes a 32-byte LSM blob, and
 * the cache has 56 free objects when boot ends; a program ash runs by name holds two more while
 * it runs (its /proc/<pid> and exe inodes, freed by RCU after the line). The new slab the 57th
 * object needs comes from
 * where the kernel allocates then: boot memory, or the first block onlined to a ZONE_NORMAL
 * made of hot-added memory alone, which it pins (the lab's 2560M guest, session 22:
 * /work/lab/s22/tu/ot210.t, memory36's offline refused for a 128-object slab of the cache at
 * 0xffff8880049b7300).
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {pausable, startSession, typeLine} from './session-helpers.js';

const MEM = '/sys/devices/system/memory';
const FILES = ['phys_index', 'state', 'online', 'removable', 'valid_zones', 'phys_device', 'uevent'];
/** The named files of one memory block, as command-line operands. */
const files = (block: number, names: string[]) => names.map(f => `${MEM}/memory${block}/${f}`).join(' ');
const BUSY = 'sh: write error: Device or resource busy\n';

function run(s: Session, pane: 'monitor' | 'serial', line: string): string {
	const text = typeLine(s, pane, line);
	return text.slice(text.indexOf('\n') + 1).replace(/\r/g, '').replace(/(\S* # |\(qemu\) )$/, '');
}

/** A 1G guest with a 256M DIMM (memory32, memory33), nothing looked up in sysfs yet. */
function boot(): Session {
	const s = startSession(['-machine', 'pc', '-m', '1G,slots=4,maxmem=4G', '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
	run(s, 'monitor', 'object_add memory-backend-ram,id=m,size=256M');
	run(s, 'monitor', 'device_add pc-dimm,id=d,memdev=m');
	return s;
}

/**
 * Boot blocks' attribute files whose first lookups make exactly `inodes` new inodes: the first
 * instantiates system, memory, memory0 and the file (/sys/devices was walked at boot); a file in
 * a directory walked already one; a file in the next block's directory two.
 */
function paths(inodes: number): string[] {
	const out: string[] = [];
	let made = 0;
	for (let block = 0; made < inodes; block++) {
		// One short of a new directory's two: leave the previous block's last file out.
		if (made + 2 > inodes && made > 0) {
			out.pop();
			made--;
		}
		for (const f of FILES) {
			const cost = made === 0 ? 4 : f === FILES[0] ? 2 : 1;
			if (made + cost > inodes) break;
			out.push(`${MEM}/memory${block}/${f}`);
			made += cost;
		}
	}
	expect(made).toBe(inodes);
	return out;
}

describe('lsm_inode_cache: the 57th object in use takes a new slab', () => {
	it('after the first online to ZONE_NORMAL, in the block onlined, whose offline it refuses', () => {
		const s = boot();
		// 52 inodes (cat's two beside them), then memory32 and its state file: 54 of 56.
		run(s, 'serial', `cat ${paths(52).join(' ')} > /dev/null`);
		expect(run(s, 'serial', `echo online_kernel > ${MEM}/memory32/state`)).toBe('');
		// valid_zones and cat's two: a new slab, from the new Normal zone's head block.
		expect(run(s, 'serial', `cat ${MEM}/memory32/valid_zones`)).toBe('Normal\n');
		expect(run(s, 'serial', `echo offline > ${MEM}/memory32/state`)).toBe(BUSY);
		expect(run(s, 'serial', `cat ${MEM}/memory32/state`)).toBe('online\n');
		const dump = run(s, 'serial', 'dmesg | tail -n 5');
		// A frozen order-0 slab of 128 objects, all counted in use; zone 2 (Normal).
		expect(dump).toMatch(/flags: 0x17ffffc0000200\(slab\|node=0\|zone=2\|lastcpupid=0x1fffff\)\n/);
		expect(dump).toMatch(/raw: 0017ffffc0000200 0000000000000000 dead000000000122 ffff8880049b7300\n/);
		expect(dump).toMatch(/raw: 0000000000000000 0000000080800080 00000001ffffffff 0000000000000000\n/);
		// memory33, onlined after it, is not the head of the zone's free lists: it goes.
		run(s, 'serial', `echo online_kernel > ${MEM}/memory33/state`);
		expect(run(s, 'serial', `echo offline > ${MEM}/memory33/state`)).toBe('');
	});

	it('before the online, in boot memory: the block goes offline', () => {
		const s = boot();
		// 55 inodes, then memory32 and its state file: the slab comes before the online, in DMA32.
		run(s, 'serial', `cat ${paths(55).join(' ')} > /dev/null`);
		run(s, 'serial', `echo online_kernel > ${MEM}/memory32/state`);
		// (A builtin reads valid_zones: a program's own dentries would take a new dentry slab in
		// the block here, as dentry-slab-after-online-1G.t shows.)
		expect(run(s, 'serial', `read z < ${MEM}/memory32/valid_zones; echo $z`)).toBe('Normal\n');
		expect(run(s, 'serial', `echo offline > ${MEM}/memory32/state`)).toBe('');
	});

	it('a pipe\'s inode takes a blob for the pipe\'s life: the one that finds none left makes the slab', () => {
		const s = boot();
		run(s, 'serial', `cat ${paths(52).join(' ')} > /dev/null`);
		run(s, 'serial', `echo online_kernel > ${MEM}/memory32/state`);
		// 54 of 56 in use: the pipe's inode and cat's two need a new slab.
		run(s, 'serial', 'echo x | cat');
		expect(run(s, 'serial', `echo offline > ${MEM}/memory32/state`)).toBe(BUSY);
	});

	it('tmpfs files are inodes too: a file created and removed before the online leaves the count where it was', () => {
		const s = boot();
		run(s, 'serial', `cat ${paths(54).join(' ')} > /dev/null`);
		// Created and removed: its blob goes back (no slab yet: two objects were free).
		run(s, 'serial', 'echo x > /tmp/f; rm /tmp/f');
		run(s, 'serial', `echo online_kernel > ${MEM}/memory32/state`);
		expect(run(s, 'serial', `cat ${MEM}/memory32/valid_zones`)).toBe('Normal\n');
		expect(run(s, 'serial', `echo offline > ${MEM}/memory32/state`)).toBe(BUSY);
		// A file kept makes one inode more: created after the online, it takes the new slab.
		const t = boot();
		run(t, 'serial', `cat ${paths(54).join(' ')} > /dev/null`);
		run(t, 'serial', `echo online_kernel > ${MEM}/memory32/state`);
		run(t, 'serial', 'echo x > /tmp/kept');
		expect(run(t, 'serial', `echo offline > ${MEM}/memory32/state`)).toBe(BUSY);
	});

	it('a re-added block\'s lookup frees the removed one\'s stale dentries and inodes: their objects serve the next lines\' lookups', () => {
		const s = boot();
		// 40 inodes (inode_cache: four order-1 slabs of 12, all but 8 used), then memory32 and five
		// of its files: lsm_inode_cache has 10 of its 56 free objects left, inode_cache 2.
		// (the lab's recorder waited 2.5 s after each device_add and device_del, where memhp's
		// commands take a quarter of a second: the 5 s kfree_rcu() batch of the attributes opened
		// before, kmalloc-96's, had gone by the next lines)
		const pause = pausable(s);
		run(s, 'serial', `cat ${paths(40).join(' ')} > /dev/null`);
		run(s, 'serial', `cat ${files(32, FILES.slice(0, 5))} > /dev/null`);
		run(s, 'monitor', 'device_del d');
		pause(30);
		expect(run(s, 'serial', `ls ${MEM}/memory32`)).toBe(`ls: ${MEM}/memory32: No such file or directory\n`);
		run(s, 'monitor', 'device_add pc-dimm,id=d2,memdev=m');
		// memory32's stale dentry fails revalidation: it and its five files' go (12 and 8 free),
		// the new memory32 and its state take two.
		expect(run(s, 'serial', `echo online_kernel > ${MEM}/memory32/state`)).toBe('');
		// Four more of its files, memory33 and one of its files: 8 new inodes in all, no new slab
		// (counting only new inodes, memhp had put one of each cache in memory32 here).
		run(s, 'serial', `cat ${files(32, ['phys_index', 'online', 'removable', 'valid_zones'])} ${files(33, ['phys_index'])} > /dev/null`);
		expect(run(s, 'serial', `echo offline > ${MEM}/memory32/state`)).toBe('');
		// inode_cache has none left: the next sysfs inode takes a slab from the block onlined again.
		expect(run(s, 'serial', `echo online_kernel > ${MEM}/memory32/state`)).toBe('');
		run(s, 'serial', `cat ${files(33, ['state'])} > /dev/null`);
		expect(run(s, 'serial', `echo offline > ${MEM}/memory32/state`)).toBe(BUSY);
	});

	it('the stale objects come back by RCU, after the line: the lookups of the line that met them need new ones', () => {
		const s = boot();
		run(s, 'serial', `cat ${paths(40).join(' ')} > /dev/null`);
		run(s, 'serial', `cat ${files(32, FILES.slice(0, 5))} > /dev/null`);
		run(s, 'monitor', 'device_del d');
		run(s, 'monitor', 'device_add pc-dimm,id=d2,memdev=m');
		// memory33 (never looked up: no stale dentries) makes the new ZONE_NORMAL; its path walk
		// takes inode_cache's last two free objects.
		expect(run(s, 'serial', `echo online_kernel > ${MEM}/memory33/state`)).toBe('');
		// memory32's stale dentry and its five files' are invalidated, but their objects are
		// freed by call_rcu(): the new memory32 and its four files need a new inode slab now,
		// from the Normal block, which it pins.
		run(s, 'serial', `cat ${files(32, ['state', 'phys_index', 'online', 'removable'])} > /dev/null`);
		expect(run(s, 'serial', `echo offline > ${MEM}/memory33/state`)).toBe(BUSY);
	});

	it('met by a line of their own first, the stale objects serve the next line\'s lookups: no new slab', () => {
		const s = boot();
		// (the lab's recorder waited 2.5 s after each device_add and device_del, where memhp's
		// commands take a quarter of a second: the 5 s kfree_rcu() batch of the attributes opened
		// before, kmalloc-96's, had gone by the next lines)
		const pause = pausable(s);
		run(s, 'serial', `cat ${paths(40).join(' ')} > /dev/null`);
		run(s, 'serial', `cat ${files(32, FILES.slice(0, 5))} > /dev/null`);
		run(s, 'monitor', 'device_del d');
		pause(30);
		run(s, 'monitor', 'device_add pc-dimm,id=d2,memdev=m');
		// A builtin's lookup of memory32 alone: one new inode, and the six stale objects back after it.
		expect(run(s, 'serial', `[ -d ${MEM}/memory32 ] && echo yes`)).toBe('yes\n');
		expect(run(s, 'serial', `echo online_kernel > ${MEM}/memory33/state`)).toBe('');
		run(s, 'serial', `cat ${files(32, ['state', 'phys_index', 'online', 'removable'])} > /dev/null`);
		expect(run(s, 'serial', `echo offline > ${MEM}/memory33/state`)).toBe('');
	});
});
