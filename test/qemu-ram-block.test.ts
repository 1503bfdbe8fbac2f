import {describe, expect, it} from 'vitest';
import {RamList, ramBlockDump} from '../source/machine/qemu/ram-block.js';
import {startQemu} from './session-helpers.js';

const MiB = 1024 * 1024;

describe('RAMBlocks (find_ram_offset, the size-sorted list)', () => {
	it('puts a block after the others, on a 256 KiB boundary, in the smallest gap that fits', () => {
		const ram = new RamList();
		const a = ram.add('a', 64 * MiB);
		const b = ram.add('b', 4096);
		const c = ram.add('c', 32 * MiB);
		expect([a.offset, b.offset, c.offset]).toEqual([0, 64 * MiB, 64 * MiB + 256 * 1024]);
		// gaps are looked for after each block: the space before the first is never used again
		ram.remove(a);
		const d = ram.add('d', 16 * MiB);
		expect(d.offset).toBe(96 * MiB + 256 * 1024);
		// of two gaps that fit, the smaller: c's 32 MiB once c is gone, not the open end
		ram.remove(c);
		const e = ram.add('e', 8 * MiB);
		expect(e.offset).toBe(64 * MiB + 256 * 1024);
		// the list stays biggest first, a block after those of its size
		ram.add('f', 16 * MiB);
		expect(ram.blocks.map((x) => x.idstr)).toEqual(['d', 'f', 'e', 'b']);
	});
	it('names a backend\'s block while a DIMM has it and frees it with the backend', () => {
		const m = startQemu('-m 1G,slots=2,maxmem=4G -nodefaults -S');
		m.hmp('object_add memory-backend-ram,id=m1,size=256M');
		const line = () => ramBlockDump(m.ram).split('\n').find((l) => l.includes('0x0000000010000000 0x0000000010000000'));
		expect(line()).toBe(`${' '.repeat(24)}    4 KiB  0x0000000040300000 0x0000000010000000 0x0000000010000000`);
		m.hmp('device_add pc-dimm,id=d1,memdev=m1');
		expect(line()).toBe(`${'m1'.padStart(24)}    4 KiB  0x0000000040300000 0x0000000010000000 0x0000000010000000`);
		expect(m.hmp('object_del m1').output).toBe("Error: object 'm1' is in use, can not be deleted\n");
		const q35 = startQemu('-M q35 -m 1G -S');
		expect(q35.hmp('info ramblock').output).toBe('Error: memhp: x-query-ramblock of a q35 machine is not simulated\n');
		// HMP prints x-query-ramblock's text
		expect((m.qmp('x-query-ramblock') as {return: {'human-readable-text': string}}).return['human-readable-text']).toBe(m.hmp('info ramblock').output);
	});
});
