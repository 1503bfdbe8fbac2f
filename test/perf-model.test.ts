import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {isErrno} from '../source/machine/errno.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {kattr, kdir} from '../source/machine/linux/kernfs.js';
import type {VNode} from '../source/machine/vfs/node.js';
import {utf8Length} from '../source/machine/vfs/utf8.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';

/**
 * Behaviour pinned by the replay-throughput work: the fast paths (errno check, UTF-8 sizes,
 * cached kernfs listings, the index-based path walk) must answer exactly as the slow ones did.
 */

const MEM = '/sys/devices/system/memory';

function boot() {
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB: 1024, maxMiB: 8192, slots: 32}), firmware: new FakeFirmware(32), clock: new VirtualClock(), console: () => undefined});
	const vfs = g.syscalls.vfs;
	const read = (p: string): string => {
		const f = vfs.open(p, {read: true});
		if (typeof f === 'string') throw new Error(`${p}: ${f}`);
		return f.read() as string;
	};
	const sreclaimable = () => Number(/^SReclaimable:\s+(\d+)/m.exec(read('/proc/meminfo'))![1]);
	return {vfs, read, sreclaimable};
}

describe('isErrno', () => {
	it('accepts errno names only, not inherited object keys or file contents', () => {
		expect(isErrno('EBUSY')).toBe(true);
		expect(isErrno('ENAMETOOLONG')).toBe(true);
		for (const v of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'ebusy', 'EBUSY\n', '', 'online\n']) expect(isErrno(v)).toBe(false);
		expect(isErrno('E'.repeat(100_000))).toBe(false);
		expect(isErrno(undefined)).toBe(false);
	});
});

describe('utf8Length', () => {
	it('counts what TextEncoder writes, lone surrogates included', () => {
		const enc = new TextEncoder();
		fc.assert(fc.property(fc.array(fc.integer({min: 0, max: 0xffff}), {maxLength: 40}), units => {
			const s = String.fromCharCode(...units);
			expect(utf8Length(s)).toBe(enc.encode(s).length);
		}));
		expect(utf8Length('中文')).toBe(6);
		expect(utf8Length('\u{1f600}')).toBe(4);
		expect(utf8Length('\ud800x')).toBe(4);
	});
});

describe('kdir with a generation', () => {
	it('builds its listing once per generation and follows the generation', () => {
		let gen = 0;
		let builds = 0;
		const names = ['a', 'b'];
		const dir = kdir(() => {
			builds++;
			return names.map(n => [n, kattr(() => `${n}\n`)] as [string, VNode]);
		}, undefined, 0o755, () => gen);
		for (let i = 0; i < 100; i++) expect(dir.lookup(i % 2 ? 'a' : 'b')?.kind).toBe('attr');
		expect(dir.list()).toEqual(['a', 'b']);
		expect(builds).toBe(1);
		names.push('c');
		expect(dir.lookup('c')).toBeUndefined();
		gen++;
		expect(dir.lookup('c')?.kind).toBe('attr');
		expect(dir.list()).toEqual(['a', 'b', 'c']);
		expect(builds).toBe(2);
	});
});

describe('sysfs and the path walk', () => {
	it('a dentry of a directory under /sys/devices/system/memory stays in the dcache (power/ is not re-instantiated per lookup)', () => {
		const {read, sreclaimable} = boot();
		expect(read(`${MEM}/power/control`)).toBe('auto\n');
		const s = sreclaimable();
		for (let i = 0; i < 200; i++) read(`${MEM}/power/control`);
		for (let i = 0; i < 200; i++) read('/sys/devices/system/node/node0/power/control');
		read('/sys/devices/system/node/node0/power/control');
		const s2 = sreclaimable();
		for (let i = 0; i < 200; i++) read('/sys/devices/system/node/node0/power/control');
		expect(sreclaimable()).toBe(s2);
		expect(s2 - s).toBeLessThanOrEqual(4);
	});

	it('realpath and stat through links, `.`, `..` and repeated slashes', () => {
		const {vfs} = boot();
		expect(vfs.realpath('/')).toBe('/');
		expect(vfs.realpath('//sys/./devices/../devices/system/')).toBe('/sys/devices/system');
		expect(vfs.realpath('/sys/bus/memory/devices/memory3')).toBe(`${MEM}/memory3`);
		expect(vfs.realpath('/sys/bus/memory/devices/memory3/node0/..')).toBe('/sys/devices/system/node');
		expect(vfs.realpath('/sys/bus/memory/devices/memory3/state')).toBe(`${MEM}/memory3/state`);
		expect(vfs.realpath('/usr/bin/free')).toBe('/bin/busybox');
		expect(vfs.realpath('/../..')).toBe('/');
		expect(vfs.stat('/sys/bus/memory/devices/memory3/state/')).toBe('ENOTDIR');
		expect(vfs.stat(`${MEM}/memory999/state`)).toBe('ENOENT');
		const link = vfs.stat('/sys/bus/memory/devices/memory3', false);
		expect(typeof link !== 'string' && [link.type, link.size, link.target]).toEqual(['symlink', 0, '../../../devices/system/memory/memory3']);
		const busybox = vfs.stat('/bin/sh');
		expect(typeof busybox !== 'string' && [busybox.type, busybox.size, busybox.mode]).toEqual(['file', 4, 0o755]);
		const dir = vfs.stat(`${MEM}/memory3`);
		expect(typeof dir !== 'string' && [dir.type, dir.nlink]).toEqual(['dir', 3]);
	});
});
