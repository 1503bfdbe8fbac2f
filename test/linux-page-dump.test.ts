/** dump_page() of an inode slab: the slab_list words tell where the slab has been (lab s27/gen5, s40/dump). */
import {describe, expect, it} from 'vitest';
import {dumpPage} from '../source/machine/linux/page-dump.js';
import type {PinnedPage} from '../source/machine/linux/memory-block.js';
import {printed, startSession} from './session-helpers.js';

const raw1 = (page: PinnedPage): string[] => dumpPage(page, 2).find(l => l.startsWith('raw: 0017'))!.split(' ').slice(2);

describe('dump_page() of an order-1 inode slab', () => {
	it('a new CPU slab: slab_list.next cleared, prev poisoned; all twelve objects counted', () => {
		const page: PinnedPage = {pfn: 0x100001, kind: 'slab', cache: 'R'};
		const lines = dumpPage(page, 2);
		expect(lines[0]).toMatch(/ pfn:0x100000$/);
		expect(lines[1]).toBe('head:(____ptrval____) order:1 compound_mapcount:0 compound_pincount:0');
		expect(raw1(page).slice(0, 2)).toEqual(['0000000000000000', 'dead000000000122']);
		expect(lines.find(l => l.startsWith('raw: 0000'))).toContain(' 00000000800c000c ');
	});

	it('flushed onto the node\'s partial list: both words point at the list, the live objects counted', () => {
		const [next, prev] = raw1({pfn: 0x100000, kind: 'slab', cache: 'R', frozen: false, inuse: 5});
		expect(next).toBe(prev);
		expect(next).toMatch(/^ffff8880049b8[0-9a-f]{3}$/);
	});

	it('taken off the partial list again (frozen or left full): both list poisons', () => {
		expect(raw1({pfn: 0x100000, kind: 'slab', cache: 'R', fromPartial: true}).slice(0, 2)).toEqual(['dead000000000100', 'dead000000000122']);
		expect(raw1({pfn: 0x100000, kind: 'slab', cache: 'R', fromPartial: true, frozen: false, inuse: 12}).slice(0, 2)).toEqual(['dead000000000100', 'dead000000000122']);
		expect(raw1({pfn: 0x100000, kind: 'slab', cache: 'R', frozen: false, inuse: 12}).slice(0, 2)).toEqual(['0000000000000000', 'dead000000000122']);
	});
});

describe('dump_page() of memmap pages', () => {
	it('boot\'s memblock-reserved memmap: PG_reserved, lru pointing at itself', () => {
		const lines = dumpPage({pfn: 0x3fe00, kind: 'memmap'}, 1);
		expect(lines[1]).toBe('flags: 0xfffffc0001000(reserved|node=0|zone=1|lastcpupid=0x1fffff)');
		const [next, prev] = lines[2]!.split(' ').slice(2);
		expect(next).toBe(prev);
	});

	it('a hot-added DIMM\'s memmap (vmemmap_alloc_block(): alloc_pages_node()): no page flag, the lru words list_del() poisoned', () => {
		const lines = dumpPage({pfn: 0x100200, kind: 'vmemmap'}, 2);
		expect(lines[0]).toBe('page:(____ptrval____) refcount:1 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x100200');
		expect(lines[1]).toBe('flags: 0x17ffffc0000000(node=0|zone=2|lastcpupid=0x1fffff)');
		expect(lines[2]).toBe('raw: 0017ffffc0000000 dead000000000100 dead000000000122 0000000000000000');
	});
});

describe('dump_page() of pages register_page_bootmem_info_node() took', () => {
	it('a section\'s memmap: SECTION_INFO in index, the section in private, PG_private, a second reference (lab s62/top-8G)', () => {
		const lines = dumpPage({pfn: 0x238000, kind: 'memmap', bootmem: {type: 12, info: 1, refs: 1}}, 2);
		expect(lines).toEqual([
			'page:(____ptrval____) refcount:2 mapcount:0 mapping:0000000000000000 index:0xc pfn:0x238000',
			'flags: 0x17ffffc0003000(reserved|private|node=0|zone=2|lastcpupid=0x1fffff)',
			'raw: 0017ffffc0003000 ffffea0008e00008 ffffea0008e00008 0000000000000000',
			'raw: 000000000000000c 0000000000000001 00000002ffffffff 0000000000000000',
			'page dumped because: unmovable page',
		]);
	});

	it('the usemap page: one reference per present section, private the last one', () => {
		const lines = dumpPage({pfn: 0x23ffc8, kind: 'memmap', bootmem: {type: 13, info: 71, refs: 64}}, 2);
		expect(lines[0]).toBe('page:(____ptrval____) refcount:65 mapcount:0 mapping:0000000000000000 index:0xd pfn:0x23ffc8');
		expect(lines[3]).toBe('raw: 000000000000000d 0000000000000047 00000041ffffffff 0000000000000000');
	});
});

describe('the page a refused offline names in a ZONE_NORMAL onlined by hand before a hot-add', () => {
	const refusedPage = (ram: string, dimm1: string, online: string, adds: string[], program?: string, firstLine = 'free -m') => {
		const s = startSession(['-machine', 'pc', '-m', `${ram},slots=32,maxmem=16G`, '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
		if (firstLine) printed(s, 'serial', firstLine);
		printed(s, 'monitor', `object_add memory-backend-ram,id=mem1,size=${dimm1}`);
		printed(s, 'monitor', 'device_add pc-dimm,id=dimm1,memdev=mem1');
		printed(s, 'serial', `echo ${online}`);
		if (program) printed(s, 'serial', program);
		adds.forEach((size, i) => {
			printed(s, 'monitor', `object_add memory-backend-ram,id=m${i},size=${size}`);
			printed(s, 'monitor', `device_add pc-dimm,id=d${i},memdev=m${i}`);
		});
		const block = /memory(\d+)\//.exec(online)![1];
		expect(printed(s, 'serial', `echo offline > /sys/devices/system/memory/memory${block}/state`)).toContain('Device or resource busy');
		return printed(s, 'serial', "dmesg | grep -A3 'pfn:'").split('\n').slice(0, 4).map(l => l.replace(/^\[[ \d.]+\] /, ''));
	};

	it('a DIMM that opens a new 1 GiB region of the direct map takes its PMD table page first: a plain kernel page (lab s73/hm t2, pB, s73/g gen15503, with a `free -m` first: pfn 0x148000)', () => {
		const [page, flags, r1] = refusedPage('512M', '2048M', 'online > /sys/devices/system/memory/memory41/state', ['1024M', '128M']);
		expect(page).toMatch(/ pfn:0x148000$/);
		expect(flags).toBe('flags: 0x17ffffc0000000(node=0|zone=2|lastcpupid=0x1fffff)');
		expect(r1).toBe('raw: 0017ffffc0000000 0000000000000000 dead000000000122 0000000000000000');
	});

	it('where the online was the shell\'s first line, ash\'s heap page after it split the block\'s first 4 MiB: the hot-add\'s pages go from the next chunk (lab s73/hm pA, f1: pfn 0x148400, a plain page)', () => {
		const [page, flags] = refusedPage('512M', '2048M', 'online > /sys/devices/system/memory/memory41/state', ['1024M'], undefined, '');
		expect(page).toMatch(/ pfn:0x148400$/);
		expect(flags).toBe('flags: 0x17ffffc0000000(node=0|zone=2|lastcpupid=0x1fffff)');
	});

	it('after a program ran there, the hot-add\'s pages go past the 4 MiB its pages split, and memhp names the kmalloc-1k slab first (the lab: at +0x402, s73/u gen16901)', () => {
		const [, head, flags] = refusedPage('640M', '512M', 'online_kernel > /sys/devices/system/memory/memory35/state', ['1024M'], 'grep MemFree /proc/meminfo');
		expect(head).toBe('head:(____ptrval____) order:1 compound_mapcount:0 compound_pincount:0');
		expect(flags).toBe('flags: 0x17ffffc0010200(slab|head|node=0|zone=2|lastcpupid=0x1fffff)');
	});

	it('one inside a region already mapped takes none there: its long-lived page comes after the helper\'s (the goldens\' errors-guest: pfn 0x108006)', () => {
		const [page] = refusedPage('1G', '512M', 'online_kernel > /sys/devices/system/memory/memory33/state', ['256M']);
		expect(page).toMatch(/ pfn:0x108006$/);
	});
});
