/**
 * kmalloc-96 and kfree_rcu()'s 5 s batches (source/machine/linux/slub.ts): a sysfs attribute's
 * open takes a kernfs_open_node that stays in use until the batch it joined is drained, boot
 * leaves 2 free objects on a small guest, and the open that finds none takes a new slab, from the
 * block onlined first of a Normal zone made of hot-added memory alone (lab s63/d, e, j).
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {KMALLOC96_RCU_AT_PROMPT, kmalloc96FreeAtBoot} from '../source/machine/linux/slub.js';
import {explainEvent} from '../source/tutorial/explain.js';
import {strings} from '../source/tutorial/i18n/index.js';
import {pausable, printed, startSession} from './session-helpers.js';

const MEM = '/sys/devices/system/memory';
const BUSY = 'sh: write error: Device or resource busy\n';
const KMALLOC96 = 'raw: 0017ffffc0000200 0000000000000000 dead000000000122 ffff888004841600';

/** A guest whose clock can be moved on between inputs, as time passing with nothing typed. */
function guest(mem: string): {s: Session; pause: (seconds: number) => void} {
	const s = startSession(['-m', `${mem},slots=32,maxmem=16G`, '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet nokaslr']);
	return {s, pause: pausable(s)};
}

/** Boot's batch gone (6 s), a 512M DIMM hot-added, 6 s more: the cache as boot left it. */
function settled(mem: string): {s: Session; pause: (seconds: number) => void} {
	const g = guest(mem);
	g.pause(6);
	printed(g.s, 'monitor', 'object_add memory-backend-ram,id=mem1,size=512M');
	printed(g.s, 'monitor', 'device_add pc-dimm,id=dimm1,memdev=mem1');
	g.pause(12);
	return g;
}

const online32 = `echo online > ${MEM}/memory32/state`;
const offline32 = `echo offline > ${MEM}/memory32/state`;

describe('kmalloc-96 free objects at boot end', () => {
	it.each([
		['256M', 1, 2], ['512M', 1, 2], ['640M', 1, 2], ['704M', 1, 43], ['1G', 1, 43], ['2G', 1, 43],
		['3584M', 1, 2], ['4G', 1, 43], ['12G', 1, 2], ['512M', 2, 63], ['4G', 2, 63],
	] as const)('%s with %i CPU(s): %i', (mem, cpus, free) => {
		const bytes = Number.parseInt(mem, 10) * 2 ** (mem.endsWith('G') ? 30 : 20);
		expect(kmalloc96FreeAtBoot(bytes, cpus)).toBe(free);
	});

	it('has one of them in a batch of boot\'s until 5 s after the prompt (lab s63/o: gone between 6.7 s and 7.6 s of uptime)', () => {
		expect(KMALLOC96_RCU_AT_PROMPT).toBe(1);
		// 3 s on, the hot-add (two objects at once) finds one free and takes a slab from boot
		// memory: the later opens fit, memory32 goes (6 s on it finds two: see the next tests)
		const {s, pause} = guest('512M');
		pause(3);
		printed(s, 'monitor', 'object_add memory-backend-ram,id=mem1,size=512M');
		printed(s, 'monitor', 'device_add pc-dimm,id=dimm1,memdev=mem1');
		pause(12);
		expect(printed(s, 'serial', `${online32}; read x < ${MEM}/memory0/state; ${offline32}; echo rc=$?`)).toBe('rc=0\n');
	});
});

describe('kernfs_open_nodes held by kfree_rcu()', () => {
	it('two opens after the online fit what boot left: memory32 goes', () => {
		const {s} = settled('512M');
		expect(printed(s, 'serial', `${online32}; ${offline32}; echo rc=$?`)).toBe('rc=0\n');
	});

	it('a third takes a new slab from memory32, the Normal zone\'s only block, at its first page: the offline is refused', () => {
		const {s} = settled('512M');
		expect(printed(s, 'serial', `${online32}; read x < ${MEM}/memory0/state; ${offline32}; echo rc=$?`)).toBe(`${BUSY}rc=1\n`);
		const dump = printed(s, 'serial', 'dmesg | grep -A3 pfn: | tail -n 4');
		expect(dump).toContain(' pfn:0x100000\n');
		expect(dump).toContain(KMALLOC96);
		// a frozen CPU slab: all 42 objects counted in use
		expect(dump).toContain('raw: 0000000000000000 00000000802a002a 00000001ffffffff 0000000000000000');
	});

	it('the refusal names the slab, and the tutorial explains it in both languages', () => {
		const {s} = settled('512M');
		printed(s, 'serial', `${online32}; read x < ${MEM}/memory0/state; ${offline32}`);
		const failed = [...s.snapshot().events].reverse().find(e => e.kind === 'offline-failed')!;
		expect(failed.reason).toMatch(/\(kmalloc-96 slab\)$/);
		const why = explainEvent(failed, s.snapshot())!;
		expect(strings('en').explanation(why)).toContain('Here it is a kmalloc-96 slab');
		expect(strings('zh').explanation(why)).toContain('kmalloc-96 的 slab');
	});

	it('after a program the slab comes past the six pages its exec kept', () => {
		const {s} = settled('512M');
		expect(printed(s, 'serial', `${online32}; cat /dev/null; read x < ${MEM}/memory0/state; ${offline32}; echo rc=$?`)).toBe(`${BUSY}rc=1\n`);
		expect(printed(s, 'serial', 'dmesg | grep -A3 pfn: | tail -n 4')).toContain(' pfn:0x100006\n');
	});

	it('5 s after the batch\'s first object its nodes are free again (lab s63/e: refused 4.9 s on, not 6.9 s)', () => {
		const {s, pause} = settled('512M');
		expect(printed(s, 'serial', `${online32}; read x < ${MEM}/memory0/state`)).toBe('');
		pause(7);
		expect(printed(s, 'serial', `read x < ${MEM}/memory1/state; ${offline32}; echo rc=$?`)).toBe('rc=0\n');
	});

	it('within the 5 s they are still held', () => {
		const {s, pause} = settled('512M');
		expect(printed(s, 'serial', `${online32}; read x < ${MEM}/memory0/state`)).toBe('');
		pause(3);
		expect(printed(s, 'serial', `read x < ${MEM}/memory1/state; ${offline32}; echo rc=$?`)).toBe(`${BUSY}rc=1\n`);
	});

	it('a guest whose boot left 43 free fits them', () => {
		const {s} = settled('1G');
		expect(printed(s, 'serial', `${online32}; read x < ${MEM}/memory0/state; ${offline32}; echo rc=$?`)).toBe('rc=0\n');
	});

	it('a hot-add typed right after the prompt, with boot\'s batch still holding one, takes the slab from boot memory: the blocks stay free of it', () => {
		const {s} = guest('512M');
		printed(s, 'monitor', 'object_add memory-backend-ram,id=mem1,size=512M');
		printed(s, 'monitor', 'device_add pc-dimm,id=dimm1,memdev=mem1');
		for (const b of [32, 33, 34, 35]) expect(printed(s, 'serial', `echo online > ${MEM}/memory${b}/state`)).toBe('');
		expect(printed(s, 'serial', `${offline32}; echo rc=$?`)).toBe('rc=0\n');
	});

	it('the tutorial\'s onlines one line each after a settled hot-add: the third open\'s slab is in memory32, whose offline is refused', () => {
		const {s} = settled('384M');
		for (const b of [32, 33, 34, 35]) expect(printed(s, 'serial', `echo online > ${MEM}/memory${b}/state`)).toBe('');
		expect(printed(s, 'serial', offline32)).toBe(BUSY);
		expect(printed(s, 'serial', 'dmesg | grep -A3 pfn: | tail -n 4')).toContain(KMALLOC96);
		// memory33 goes: the slab is in the block onlined first
		expect(printed(s, 'serial', `echo offline > ${MEM}/memory33/state`)).toBe('');
	});
});
