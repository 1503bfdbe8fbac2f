/**
 * vm_area_struct slabs (26 VMAs each, one at boot): a pipeline's programs need a second one, and
 * where it lands decides whether a hand-onlined ZONE_NORMAL block can go again (lab s40/vma, s40/k1).
 */
import {describe, expect, it} from 'vitest';
import {ProcessTable} from '../source/machine/linux/process.js';
import {printed, startSession} from './session-helpers.js';

function guestWithNormalBlock(pipelineFirst: boolean) {
	const s = startSession(['-m', '640M,slots=8,maxmem=16G', '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet nokaslr']);
	// (the lab's flows typed a line before the online, as here: one the online was the first of
	// would have ash's heap page split the block's head, GuestMm.shellLineDone())
	printed(s, 'serial', pipelineFirst ? 'cat /proc/version | wc -c' : 'free -m');
	printed(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=1G');
	printed(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
	expect(printed(s, 'serial', 'echo online > /sys/devices/system/memory/memory37/state')).toBe('');
	expect(printed(s, 'serial', 'cat /sys/devices/system/memory/memory37/valid_zones')).toBe('Normal\n');
	return s;
}

describe('vm_area_struct slabs', () => {
	it('the shell maps 10 VMAs, every child 10 (a fork\'s copy, an exec\'ed image), the running program one more', () => {
		const procs = new ProcessTable(1);
		expect(procs.userVmas()).toBe(10);
		procs.fork(['cat', '/proc/self/maps']);
		expect(procs.userVmas()).toBe(21);
		procs.fork(['sh'], undefined, undefined, undefined, 'sh');
		expect(procs.userVmas()).toBe(31);
		procs.fork(['cat']);
		procs.fork(['wc', '-c']);
		expect(procs.userVmas()).toBe(51);
	});

	it('a three-stage pipeline fits two vm_area_struct slabs, but its programs\' /proc inodes take a proc_inode_cache slab from the new zone', () => {
		const s = guestWithNormalBlock(true);
		// Three programs exec'd as /proc/self/exe at once: six proc inodes beside /proc/version's,
		// one more than boot left free (lab s42/v: the offline refused, an order-1 slab of the cache
		// at 0xffff8880049beb00 at the block's 2049th page).
		expect(printed(s, 'serial', 'cat /proc/version | cat | wc -c')).toBe('197\n');
		expect(printed(s, 'serial', 'echo offline > /sys/devices/system/memory/memory37/state')).toBe('sh: write error: Device or resource busy\n');
		const dump = printed(s, 'serial', 'dmesg | grep -A3 pfn: | tail -n 4');
		expect(dump).toMatch(/pfn:0x128800\n.*head:\(____ptrval____\) order:1 /);
		expect(dump).toContain('raw: 0017ffffc0010200 0000000000000000 dead000000000122 ffff8880049beb00');
	});

	it('one program at a time fits boot\'s slab: the block goes offline after it', () => {
		const s = guestWithNormalBlock(false);
		printed(s, 'serial', 'cat /proc/version');
		expect(printed(s, 'serial', 'echo offline > /sys/devices/system/memory/memory37/state')).toBe('');
	});

	it('the session\'s first pipeline takes a second slab from the new ZONE_NORMAL, and it stays', () => {
		const s = guestWithNormalBlock(false);
		printed(s, 'serial', 'cat /proc/version | wc -c');
		expect(printed(s, 'serial', 'echo offline > /sys/devices/system/memory/memory37/state')).toBe('sh: write error: Device or resource busy\n');
		const dump = printed(s, 'serial', 'dmesg | grep -A3 pfn: | tail -n 4');
		// A program ran since the online (cat valid_zones): the pipeline's forks take its freed page
		// tables again and the slab follows them, sixteen pages in (lab s40/tr).
		expect(dump).toMatch(/pfn:0x128010\n/);
		expect(dump).toContain('raw: 0000000000000000 00000000801a001a 00000001ffffffff 0000000000000000');
	});

	it('a pipeline run before the online had its slab in boot memory already: the block goes', () => {
		const s = guestWithNormalBlock(true);
		printed(s, 'serial', 'cat /proc/version | wc -c');
		expect(printed(s, 'serial', 'echo offline > /sys/devices/system/memory/memory37/state')).toBe('');
	});

	it('four stages hold three pipes, one past the two pipe buffers boot left in kmalloc-cg-1k: a new order-1 slab in the block', () => {
		const s = guestWithNormalBlock(true);
		printed(s, 'serial', 'cat /proc/version | cat | cat | wc -c');
		expect(printed(s, 'serial', 'echo offline > /sys/devices/system/memory/memory37/state')).toBe('sh: write error: Device or resource busy\n');
		const dump = printed(s, 'serial', 'dmesg | grep -A4 pfn: | tail -n 5');
		expect(dump).toMatch(/ pfn:0x1280[0-9a-f]{2}\n.*head:\(____ptrval____\) order:1 /);
		expect(dump).toContain('raw: 0017ffffc0010200 0000000000000000 dead000000000122 ffff888004842800');
	});
});
