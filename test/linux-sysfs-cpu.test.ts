/**
 * /sys/devices/system/cpu and node0's CPU entries follow `-smp`: the masks (drivers/base/cpu.c),
 * one cpuN device per CPU, and what reads them (busybox nproc).
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {printed, startSession} from './session-helpers.js';

function boot(smp: number): Session {
	return startSession(['-machine', 'pc', '-m', '1G', '-smp', String(smp), '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
}

const sh = (s: Session, line: string): string => printed(s, 'serial', line);

describe('/sys/devices/system/cpu', () => {
	it.each([
		[1, '0', '1'],
		[2, '0-1', '3'],
		[6, '0-5', '3f'],
	])('-smp %i: online/possible/present %s, node0 cpumap %s, nproc counts them', (smp, list, map) => {
		const s = boot(smp);
		const dir = '/sys/devices/system/cpu';
		expect(sh(s, `cat ${dir}/online ${dir}/possible ${dir}/present`)).toBe(`${list}\n${list}\n${list}\n`);
		expect(sh(s, `cat ${dir}/offline ${dir}/kernel_max`)).toBe('\n8191\n');
		expect(sh(s, 'cat /sys/devices/system/node/node0/cpulist /sys/devices/system/node/node0/cpumap')).toBe(`${list}\n${map}\n`);
		expect(sh(s, 'nproc')).toBe(`${smp}\n`);
		expect(sh(s, 'nproc --all')).toBe(`${smp}\n`);
		expect(sh(s, `ls -1 ${dir} | grep '^cpu[0-9]'`).split('\n').filter(Boolean)).toEqual(Array.from({length: smp}, (_, i) => `cpu${i}`));
	});

	it('cpu0 has no online file (x86 cannot offline it); the others stay online: CPU hotplug is not simulated', () => {
		const s = boot(2);
		expect(sh(s, 'ls /sys/devices/system/cpu/cpu0')).not.toMatch(/online/);
		expect(sh(s, 'cat /sys/devices/system/cpu/cpu1/online')).toBe('1\n');
		expect(sh(s, 'echo 1 > /sys/devices/system/cpu/cpu1/online')).toBe('');
		expect(sh(s, 'echo 0 > /sys/devices/system/cpu/cpu1/online')).toBe('sh: write error: Device or resource busy\n');
		expect(sh(s, 'echo maybe > /sys/devices/system/cpu/cpu1/online')).toBe('sh: write error: Invalid argument\n');
		expect(sh(s, 'cat /sys/devices/system/cpu/cpu1/online')).toBe('1\n');
	});

	it('SMT: not supported on qemu64, so a valid control word gets ENODEV and anything else EINVAL', () => {
		const s = boot(2);
		expect(sh(s, 'cat /sys/devices/system/cpu/smt/control /sys/devices/system/cpu/smt/active')).toBe('notsupported\n0\n');
		expect(sh(s, 'echo off > /sys/devices/system/cpu/smt/control')).toBe('sh: write error: No such device\n');
		expect(sh(s, 'echo bogus > /sys/devices/system/cpu/smt/control')).toBe('sh: write error: Invalid argument\n');
	});

	it('node0 links each CPU device', () => {
		const s = boot(2);
		expect(sh(s, 'ls -l /sys/devices/system/node/node0/cpu1')).toMatch(/cpu1 -> \.\.\/\.\.\/cpu\/cpu1\n$/);
		expect(sh(s, 'cat /sys/devices/system/node/node0/cpu1/online')).toBe('1\n');
	});
});

describe('sysfs links', () => {
	it.each([1, 3])('none dangles (-smp %i, a DIMM plugged and onlined): every subsystem, firmware_node and bus link resolves', (smp) => {
		const s = startSession(['-machine', 'pc', '-m', '1G,slots=4,maxmem=4G', '-smp', String(smp), '-kernel', 'bzImage',
			'-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=256M');
		printed(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		sh(s, 'echo online_movable > /sys/devices/system/memory/memory32/state');
		expect(Number(sh(s, 'find /sys -type l | wc -l'))).toBeGreaterThan(40);
		expect(sh(s, 'for l in $(find /sys -type l); do [ -e $l ] || echo dangling $l; done')).toBe('');
		expect(sh(s, 'ls /sys/bus/cpu/devices/')).toBe(`${Array.from({length: smp}, (_, i) => `cpu${i}`).join('  ')}\n`);
	});
});
