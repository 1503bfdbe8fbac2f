/**
 * /sys/devices/system/memory/hard_offline_page and soft_offline_page: memory_failure() and
 * soft_offline_page() of mm/memory-failure.c on the page at a physical address, with their
 * messages, errnos and HardwareCorrupted (num_poisoned_pages).
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {VirtualClock} from '../source/machine/clock.js';
import {parseKernelParams} from '../source/machine/linux/cmdline.js';
import {GuestMm} from '../source/machine/linux/mm.js';
import {PrintkRing} from '../source/machine/linux/printk.js';
import {kstrtoull0} from '../source/machine/linux/sysfs.js';
import {pcBootInfo} from './linux-boot-fixture.js';
import {printed, startSession, typeLine} from './session-helpers.js';

const MEM = '/sys/devices/system/memory';

function boot(): Session {
	const s = startSession(['-machine', 'pc', '-m', '1024M,slots=4,maxmem=8G', '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
	typeLine(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=256M');
	typeLine(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
	return s;
}

/** What a shell line printed, console messages included without their timestamps. */
const sh = (s: Session, line: string): string => printed(s, 'serial', line).replace(/^\[ *\d+\.\d{6}\] /gm, '');

const meminfo = (s: Session, key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(sh(s, 'cat /proc/meminfo'))![1]);

describe('hard_offline_page (memory_failure)', () => {
	it('a free page of an online block: taken off the buddy lists, Recovered; a second time: already poisoned', () => {
		const s = boot();
		sh(s, `echo online_movable > ${MEM}/memory32/state`);
		const free = meminfo(s, 'MemFree');
		expect(sh(s, `echo 0x100001000 > ${MEM}/hard_offline_page`)).toBe('Memory failure: 0x100001: recovery action for free buddy page: Recovered\n');
		expect(meminfo(s, 'MemFree')).toBe(free - 4);
		expect(meminfo(s, 'HardwareCorrupted')).toBe(4);
		expect(sh(s, `echo 4294971392 > ${MEM}/hard_offline_page`)).toBe('Memory failure: 0x100001: already hardware poisoned\nsh: write error: Memory page has hardware error\n');
		expect(meminfo(s, 'HardwareCorrupted')).toBe(4);
	});

	it('memory of an offline block or with no memmap is outside kernel control (ENXIO)', () => {
		const s = boot();
		expect(sh(s, `echo 0x100001000 > ${MEM}/hard_offline_page`)).toBe('Memory failure: 0x100001: memory outside kernel control\nsh: write error: No such device or address\n');
		expect(sh(s, `echo 0xc0000000 > ${MEM}/hard_offline_page`)).toBe('Memory failure: 0xc0000: memory outside kernel control\nsh: write error: No such device or address\n');
		expect(meminfo(s, 'HardwareCorrupted')).toBe(0);
	});

	it('a kernel page (the kernel image at 16 MiB, an e820 hole page) is unhandlable: marked, Ignored, EBUSY', () => {
		const s = boot();
		expect(sh(s, `echo 0x1000000 > ${MEM}/hard_offline_page`)).toBe(
			'Memory failure: 0x1000: unhandlable page.\nMemory failure: 0x1000: recovery action for unknown page: Ignored\nsh: write error: Device or resource busy\n');
		expect(sh(s, `echo 0x3fff0000 > ${MEM}/hard_offline_page`)).toMatch(/^Memory failure: 0x3fff0: unhandlable page\.\n/);
		// pfn 0 (the address rounds down to it) is %#lx too: the kernel prints 0x0 (lab s72/h gen13302)
		expect(sh(s, `echo 01 > ${MEM}/hard_offline_page`)).toBe(
			'Memory failure: 0x0: unhandlable page.\nMemory failure: 0x0: recovery action for unknown page: Ignored\nsh: write error: Device or resource busy\n');
		expect(meminfo(s, 'HardwareCorrupted')).toBe(12);
	});

	it('a poisoned page does not stop its block from going offline; onlining again gives fresh struct pages, the count stays', () => {
		const s = boot();
		sh(s, `echo online_movable > ${MEM}/memory32/state`);
		sh(s, `echo 0x100001000 > ${MEM}/hard_offline_page`);
		expect(sh(s, `echo offline > ${MEM}/memory32/state`)).toBe('');
		expect(meminfo(s, 'HardwareCorrupted')).toBe(4);
		sh(s, `echo online_movable > ${MEM}/memory32/state`);
		expect(sh(s, `echo 0x100001000 > ${MEM}/hard_offline_page`)).toMatch(/free buddy page: Recovered/);
		expect(meminfo(s, 'HardwareCorrupted')).toBe(8);
	});

	it('refuses what kstrtoull(buf, 0) refuses', () => {
		const s = boot();
		for (const bad of ['abc', '0x', '1.5', '-1', '0x1g']) expect(sh(s, `echo ${bad} > ${MEM}/hard_offline_page`)).toBe('sh: write error: Invalid argument\n');
	});
});

describe('soft_offline_page', () => {
	it('a free page: poisoned without a word; already poisoned: still success, at KERN_INFO', () => {
		const s = boot();
		sh(s, `echo online_movable > ${MEM}/memory32/state`);
		const free = meminfo(s, 'MemFree');
		expect(sh(s, `echo 0x100002000 > ${MEM}/soft_offline_page`)).toBe('');
		expect(meminfo(s, 'MemFree')).toBe(free - 4);
		expect(sh(s, `echo 0x100002000 > ${MEM}/soft_offline_page`)).toBe('');
		expect(sh(s, 'dmesg | tail -1')).toBe('Memory failure: soft_offline_page: 0x100002 page already poisoned\n');
		expect(meminfo(s, 'HardwareCorrupted')).toBe(4);
	});

	it('no memmap: ENXIO; an offline block: EIO; a kernel page: unhandlable, EIO', () => {
		const s = boot();
		expect(sh(s, `echo 0xc0000000 > ${MEM}/soft_offline_page`)).toBe('sh: write error: No such device or address\n');
		expect(sh(s, `echo 0x100002000 > ${MEM}/soft_offline_page`)).toBe('sh: write error: Input/output error\n');
		expect(sh(s, `echo 0x1000000 > ${MEM}/soft_offline_page`)).toBe('Memory failure: 0x1000: unhandlable page.\nsh: write error: Input/output error\n');
		expect(meminfo(s, 'HardwareCorrupted')).toBe(0);
	});
});

describe('kstrtoull(buf, 0)', () => {
	it('reads decimal, hex and octal, a leading + and one newline', () => {
		expect(kstrtoull0('4096\n')).toBe(4096n);
		expect(kstrtoull0('0x1000')).toBe(4096n);
		expect(kstrtoull0('010000')).toBe(4096n);
		expect(kstrtoull0('+0')).toBe(0n);
		expect(kstrtoull0('08')).toBeUndefined();
		expect(kstrtoull0('4096\n\n')).toBeUndefined();
		expect(kstrtoull0('0x10000000000000000')).toBeUndefined();
	});
});

describe('user pages (the model\'s page layout)', () => {
	function mm() {
		const clock = new VirtualClock();
		const printk = new PrintkRing(clock, () => {}, {consoleLoglevel: 4, ignoreLoglevel: false});
		const boot = pcBootInfo({ramMiB: 1024, maxMiB: 8192, slots: 4});
		return {mm: new GuestMm(boot, parseKernelParams(boot.cmdline), printk, () => clock.now()), printk};
	}
	/** The highest pfn of memory0 that the layout calls a user page (boot's pages fill memory0 above the kernel image). */
	const userPfn = (m: GuestMm) => {
		for (let pfn = 32768 - 1; pfn >= 0; pfn--) if (m.pageUse(pfn) === 'user') return pfn;
		throw new Error('no user page in memory0');
	};

	it('boot\'s pages are in memory0 (the bottom of DMA32), at the top of its DMA32 part: pcp and kernel pages above the user pages, free pages below', () => {
		const {mm: m} = mm();
		const b = m.blockOf(0)!;
		expect(m.blockOf(7)!.movable).toBe(0);
		const pfn = userPfn(m);
		expect(m.pageUse(pfn + 1)).toBe('kernel');
		expect(m.pageUse(pfn - b.movable)).toBe('free');
		expect(m.pageUse(pfn - b.movable + 1)).toBe('user');
	});

	it('ZONE_DMA\'s GFP_DMA atomic pool is the front of its first free chunk: pfn 0x100.. is a kernel page, the page after it free', () => {
		const {mm: m} = mm();
		// 1 GiB: a 128 KiB pool, 32 pages (the lab: pfn 0x100 is an "unknown page").
		expect([m.pageUse(0xff), m.pageUse(0x100), m.pageUse(0x11f), m.pageUse(0x120)]).toEqual(['reserved', 'kernel', 'kernel', 'free']);
		expect(m.memoryFailure(0x100)).toBe('EBUSY');
	});

	it('memory_failure() on a user page: unmapped and off the LRU, Recovered, still not free', () => {
		const {mm: m, printk} = mm();
		const b = m.blockOf(0)!;
		const [movable, free] = [b.movable, m.freePages()];
		const pfn = userPfn(m);
		expect(m.memoryFailure(pfn)).toBeUndefined();
		expect(printk.readAll().trimEnd().split('\n').at(-1)).toMatch(new RegExp(`\\] Memory failure: 0x${pfn.toString(16)}: recovery action for dirty LRU page: Recovered$`));
		expect([b.movable, b.hwpoison, m.freePages(), m.numPoisonedPages]).toEqual([movable - 1, 1, free, 1]);
		// The layout does not move: the user page below it is still one.
		expect(m.pageUse(pfn - 1)).toBe('user');
	});

	it('soft_offline_page() on a user page migrates it to a free page first', () => {
		const {mm: m} = mm();
		const b = m.blockOf(0)!;
		const [movable, free] = [b.movable, m.freePages()];
		const total = [...m.blocks.values()].reduce((n, x) => n + x.movable, 0);
		expect(m.softOfflinePage(userPfn(m))).toBeUndefined();
		expect(b.movable).toBe(movable - 1);
		expect([...m.blocks.values()].reduce((n, x) => n + x.movable, 0)).toBe(total);
		expect(m.freePages()).toBe(free - 1);
	});

	it('a tmpfs page stays the file\'s: soft-offlined its copy is, hard-offlined it is kept poisoned; rm gives back the rest (fuzz seed -1450109574)', () => {
		for (const file of ['soft_offline_page', 'hard_offline_page']) {
			const s = boot();
			sh(s, `echo online_movable > ${MEM}/memory32/state`);
			sh(s, `echo online_movable > ${MEM}/memory33/state`);
			const free = meminfo(s, 'MemFree');
			sh(s, 'dd if=/dev/zero of=/tmp/f bs=1M count=200');
			const block = () => s.snapshot().guest!.blocks.find(b => b.index === 32)!;
			expect(block().movablePages).toBe(32768);
			sh(s, `echo 0x100002000 > ${MEM}/${file}`);
			sh(s, 'rm /tmp/f');
			expect(block().movablePages).toBe(0);
			expect(block().freePages).toBe(32767);
			expect(meminfo(s, 'MemFree')).toBe(free - 4);
		}
	});
});
