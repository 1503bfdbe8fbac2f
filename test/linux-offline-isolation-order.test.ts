/**
 * offline_pages() -> start_isolate_page_range(): the block's first pageblock is isolated first,
 * then its last, then those between from the start; has_unmovable_pages() names the first
 * unmovable page it meets in that order (lab s62/top-*: the top boot block of 3584M to 8G guests).
 */
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {MemoryBlock} from '../source/machine/linux/memory-block.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';

function offlineDump(ramMiB: number, block: number): {result: string; dump: string[]} {
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB, maxMiB: 16384, slots: 8}), firmware: new FakeFirmware(8), clock: new VirtualClock(), console: () => {}});
	const vfs = g.syscalls.vfs;
	const f = vfs.open(`/sys/devices/system/memory/memory${block}/state`, {write: true});
	if (typeof f === 'string') throw new Error(f);
	const result = f.write('offline\n') ?? 'ok';
	const log = g.syscalls.syslogRead().split('\n').map(l => l.replace(/^<\d>\[[ \d.]+\] /, ''));
	const at = log.map(l => l.startsWith('page:')).lastIndexOf(true);
	return {result: String(result), dump: at < 0 ? [] : log.slice(at, at + 5)};
}

describe('start_isolate_page_range() order', () => {
	it('ranks the first pageblock, then the last, then the rest in order', () => {
		const b = new MemoryBlock(3, 3 * 32768, 32768, 32768, false);
		const start = 3 * 32768;
		expect(b.isolationOrder(start + 5)).toBeLessThan(b.isolationOrder(start + 32768 - 512));
		expect(b.isolationOrder(start + 32767)).toBeLessThan(b.isolationOrder(start + 512));
		expect(b.isolationOrder(start + 512)).toBeLessThan(b.isolationOrder(start + 1024));
		expect(b.isolationOrder(start + 511)).toBeLessThan(b.isolationOrder(start + 32768 - 512));
	});

	it('6G: the top block stops at swiotlb\'s slot array in its last pageblock, not the memmap 3.5 MiB in', () => {
		const {result, dump} = offlineDump(6144, 55);
		expect(result).toBe('EBUSY');
		expect(dump[0]).toMatch(/refcount:1 .* index:0x0 pfn:0x1bff01$/);
		expect(dump[1]).toBe('flags: 0x17ffffc0001000(reserved|node=0|zone=2|lastcpupid=0x1fffff)');
	});

	it('8G: the first pageblock is section 1\'s memmap, registered as SECTION_INFO; the block below starts with section 0\'s', () => {
		const top = offlineDump(8192, 71);
		expect(top.dump[0]).toBe('page:(____ptrval____) refcount:2 mapcount:0 mapping:0000000000000000 index:0xc pfn:0x238000');
		expect(top.dump[3]).toBe('raw: 000000000000000c 0000000000000001 00000002ffffffff 0000000000000000');
		const below = offlineDump(8192, 70);
		expect(below.dump[0]).toMatch(/refcount:2 .* index:0xc pfn:0x237e00$/);
		expect(below.dump[3]).toBe('raw: 000000000000000c 0000000000000000 00000002ffffffff 0000000000000000');
	});
});
