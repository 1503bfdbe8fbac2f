/**
 * `mem=` (arch/x86/kernel/e820.c parse_memopt()): RAM above the limit leaves the kernel's e820
 * table before memblock sees it, so everything built from memblock follows; the firmware's table
 * (/sys/firmware/memmap) and memory hot-added later do not.
 */
import {describe, expect, it} from 'vitest';
import {e820PciGap, kernelE820, memparse} from '../source/machine/linux/e820.js';
import {parseKernelParams} from '../source/machine/linux/cmdline.js';
import {KERN_DEBUG, KERN_WARNING} from '../source/machine/linux/printk.js';
import type {Session} from '../source/machine/session.js';
import {pcBootInfo} from './linux-boot-fixture.js';
import {printed, startSession, typeLine} from './session-helpers.js';

function boot(append: string, ram = '1G'): Session {
	return startSession(['-machine', 'pc', '-m', `${ram},slots=8,maxmem=32G`, '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', `console=ttyS0 quiet nokaslr ${append}`.trim(), '-nographic']);
}

const sh = (s: Session, line: string): string => printed(s, 'serial', line).replace(/^\[ *\d+\.\d{6}\] /gm, '');
const meminfoKb = (s: Session, field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(sh(s, 'cat /proc/meminfo'))![1]);
const systemRam = (s: Session): string[] => sh(s, 'cat /proc/iomem').split('\n').filter(l => l.endsWith(' : System RAM'));
const zoneField = (s: Session, zone: string, field: string): number => {
	const zi = sh(s, 'cat /proc/zoneinfo');
	const at = zi.indexOf(`zone ${zone.padStart(8)}`);
	return Number(new RegExp(`\\n\\s+${field}\\s+(\\d+)`).exec(zi.slice(at))![1]);
};

describe('memparse()', () => {
	it('takes a number in C syntax and one K/M/G/T/P/E suffix, ignoring what follows', () => {
		expect(memparse('512M').value).toBe(512n << 20n);
		expect(memparse('2g').value).toBe(2n << 30n);
		expect(memparse('0x20000000').value).toBe(0x20000000n);
		expect(memparse('010k').value).toBe(8n << 10n);
		expect(memparse('768MB')).toEqual({value: 768n << 20n, rest: 'B'});
		expect(memparse('abc').value).toBe(0n);
		expect(memparse('-1G').value).toBe(0n);
		expect(memparse('16E').value).toBe(0n);
	});
});

describe('parse_memopt() on the e820 table', () => {
	const fw = pcBootInfo({ramMiB: 4096, maxMiB: 8192, slots: 4}).e820;
	it('removes every RAM range above the limit and keeps the reserved ones', () => {
		const k = kernelE820(fw, ['2G']);
		const usable = k.table.filter(e => e.type === 'usable');
		expect(usable.at(-1)).toEqual({addr: 0x100000, size: 0x80000000 - 0x100000, type: 'usable'});
		expect(k.table.filter(e => e.type === 'reserved')).toEqual(fw.filter(e => e.type === 'reserved'));
		expect(k.earlyParamLog).toEqual([[KERN_DEBUG, 'e820: remove [mem 0x80000000-0xfffffffffffffffe] usable']]);
		expect(k.userMapLog[0]![1]).toBe('user-defined physical RAM map:');
		expect(k.userMapLog.slice(1).map(([, t]) => t)).toContain('user: [mem 0x0000000000100000-0x000000007fffffff] usable');
		expect(k.maxMemSize).toBe(2n << 30n);
	});
	it('several mem= apply in turn: the lowest limit wins', () => {
		expect(kernelE820(fw, ['1G', '3G']).table).toEqual(kernelE820(fw, ['1G']).table);
		expect(kernelE820(fw, ['3G', '1G']).table).toEqual(kernelE820(fw, ['1G']).table);
	});
	it('a limit above all RAM removes nothing, but the user map is printed', () => {
		const k = kernelE820(fw, ['64G']);
		expect(k.table).toEqual(fw);
		expect(k.userMapLog.length).toBe(fw.length + 1);
	});
	it('mem=0 or garbage is refused (Malformed early option) after setting userdef; nopentium is x86_32 only', () => {
		const zero = kernelE820(fw, ['0']);
		expect(zero.table).toEqual(fw);
		expect(zero.earlyParamLog).toEqual([[KERN_WARNING, 'Malformed early option \'mem\'']]);
		expect(zero.userMapLog.length).toBe(fw.length + 1);
		const nop = kernelE820(fw, ['nopentium', undefined]);
		expect(nop.earlyParamLog.map(([, t]) => t)).toEqual(['mem=nopentium ignored! (only supported on x86_32)', 'Malformed early option \'mem\'', 'Malformed early option \'mem\'']);
		expect(nop.userMapLog).toEqual([]);
		expect(nop.table).toEqual(fw);
	});
	it('the PCI gap is searched in the kernel\'s table: RAM taken away below 4 GiB can become the biggest hole', () => {
		expect(e820PciGap(fw)).toEqual({start: 0xc0000000, size: 0x3ffc0000});
		expect(e820PciGap(kernelE820(fw, ['1G']).table)).toEqual({start: 0x40000000, size: 0x7ffe0000});
	});
	it('is an early parameter: never passed to init', () => {
		const p = parseKernelParams('mem=512M mem mem=nopentium foo');
		expect(p.mem).toEqual(['512M', undefined, 'nopentium']);
		expect(p.initArgs).toEqual(['foo']);
		expect(p.initEnv).toEqual([]);
	});
});

describe('mem= in a running guest', () => {
	it('512M of a 1G guest: MemTotal, memory blocks, iomem and zones follow; the firmware memmap does not', () => {
		const full = boot('');
		const s = boot('mem=512M');
		expect(meminfoKb(s, 'MemTotal')).toBeLessThan(meminfoKb(full, 'MemTotal') - 450 * 1024);
		expect(sh(s, 'ls /sys/devices/system/memory').match(/memory\d+/g)?.sort()).toEqual(['memory0', 'memory1', 'memory2', 'memory3']);
		expect(systemRam(s)).toEqual(['00001000-0009fbff : System RAM', '00100000-1fffffff : System RAM']);
		expect(zoneField(s, 'DMA32', 'spanned')).toBe(0x20000 - 0x1000);
		expect(sh(s, 'cat /sys/firmware/memmap/3/end')).toBe(sh(full, 'cat /sys/firmware/memmap/3/end'));
		expect(sh(s, 'lsmem -b --summary=only')).toMatch(new RegExp(`Total online memory: +${512 * 1024 * 1024}\n`));
		const log = sh(s, 'dmesg');
		expect(log).toContain('\ne820: remove [mem 0x20000000-0xfffffffffffffffe] usable\nNX (Execute Disable) protection: active\nuser-defined physical RAM map:\n');
		expect(log).toContain('user: [mem 0x0000000000100000-0x000000001fffffff] usable\nuser: [mem 0x000000003ffe0000-0x000000003fffffff] reserved\n');
		expect(log).toContain('user: [mem 0x000000fd00000000-0x000000ffffffffff] reserved\nSMBIOS 2.8 present.');
		// The initrd QEMU loaded below 1 GiB is outside RAM now: relocate_initrd() copies it.
		expect(log).toMatch(/\nRAMDISK: \[mem 0x3fee0000-0x3ffdffff\]\nAllocated new RAMDISK: \[mem 0x1ff00000-0x1fffffff\]\nMove RAMDISK from /);
		// A section-aligned end leaves no unavailable tail in DMA32.
		expect(log).not.toContain('zone DMA32');
		expect(log).toContain('Memory block size: 128MB');
	});
	it('a cut inside a section leaves the rest of the section unavailable and padded by a RAM buffer', () => {
		const s = boot('mem=500M');
		expect(sh(s, 'dmesg')).toContain('On node 0, zone DMA32: 3072 pages in unavailable ranges');
		expect(sh(s, 'cat /proc/iomem')).toContain('00100000-1f3fffff : System RAM\n');
		expect(sh(s, 'cat /proc/iomem')).toContain('1f400000-1fffffff : RAM buffer\n');
		expect(zoneField(s, 'DMA32', 'present')).toBe(0x1f400 - 0x1000);
	});
	it('a 4G guest cut to 2G has no ZONE_NORMAL at boot; a hot-added DIMM still goes online above 4 GiB', () => {
		const s = boot('mem=2G', '4G');
		expect(systemRam(s).filter(l => l.startsWith('1'))).toEqual([]);
		expect(zoneField(s, 'Normal', 'present')).toBe(0);
		expect(sh(s, 'dmesg')).toContain('  Normal   empty');
		const before = meminfoKb(s, 'MemTotal');
		typeLine(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=1G');
		typeLine(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		expect(systemRam(s).at(-1)).toBe('140000000-17fffffff : System RAM');
		expect(sh(s, 'cat /sys/devices/system/memory/memory40/valid_zones')).toBe('Normal Movable\n');
		sh(s, 'for i in 40 41 42 43 44 45 46 47; do echo online > /sys/devices/system/memory/memory$i/state; done');
		expect(zoneField(s, 'Normal', 'present')).toBe(262144);
		expect(meminfoKb(s, 'MemTotal')).toBeGreaterThan(before + 1000 * 1024);
	});
});
