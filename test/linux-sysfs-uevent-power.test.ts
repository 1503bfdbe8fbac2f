/**
 * Every device's `uevent` (kobject_synth_uevent(): a write is an action word, optionally a UUID
 * and KEY=VALUE pairs; a bad one is EINVAL with the kernel's two messages) and `power/`
 * (control auto/on, async enabled/disabled); and the order of the kernel's console messages
 * against the shell's own output within one command line.
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {printed, startSession, typeLine} from './session-helpers.js';

const MEM = '/sys/devices/system/memory';

function boot(append = 'quiet'): Session {
	const s = startSession(['-machine', 'pc', '-m', '1024M,slots=2,maxmem=4G', '-smp', '2', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', `console=ttyS0 ${append}`, '-nographic']);
	typeLine(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=128M');
	typeLine(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
	return s;
}

const sh = (s: Session, line: string): string => printed(s, 'serial', line).replace(/^\[ *\d+\.\d{6}\] /gm, '');

describe('uevent', () => {
	it('takes the kobject actions, with or without a UUID and KEY=VALUE arguments: nothing listens, nothing is printed', () => {
		const s = boot();
		for (const w of ['add', 'remove', 'change', 'move', 'online', 'offline', 'bind', 'unbind']) {
			expect(sh(s, `echo ${w} > ${MEM}/memory32/uevent; echo $?`)).toBe('0\n');
		}
		expect(sh(s, `echo "change 01234567-89ab-cdef-0123-456789abcdef A=1 B=2" > ${MEM}/memory32/uevent; echo $?`)).toBe('0\n');
		expect(sh(s, 'dmesg | grep -c synth')).toBe('0\n');
	});

	it('anything else is EINVAL: "synth uevent" (KERN_WARNING) and the device\'s dev_err() (on the quiet console too)', () => {
		const s = boot();
		expect(sh(s, `echo adds > ${MEM}/memory32/uevent`)).toBe('memory memory32: uevent: failed to send synthetic uevent: -22\nsh: write error: Invalid argument\n');
		expect(sh(s, `echo "add not-a-uuid" > ${MEM}/memory32/uevent`)).toBe('memory memory32: uevent: failed to send synthetic uevent: -22\nsh: write error: Invalid argument\n');
		expect(sh(s, `echo "add 01234567-89ab-cdef-0123-456789abcdef =x" > ${MEM}/memory32/uevent`)).toMatch(/Invalid argument/);
		expect(sh(s, 'dmesg | grep "synth uevent"')).toBe(
			'synth uevent: /devices/system/memory/memory32: unknown uevent action string\n' +
			'synth uevent: /devices/system/memory/memory32: incorrect uevent action arguments\n' +
			'synth uevent: /devices/system/memory/memory32: incorrect uevent action arguments\n');
	});

	it('names each kind of device as dev_err() does; bus and module files have only the warning', () => {
		const s = boot();
		const prefix = (path: string) => sh(s, `echo x > ${path}; dmesg | tail -1`).split('\n').at(-2);
		expect(prefix('/sys/devices/system/node/node0/uevent')).toBe('node node0: uevent: failed to send synthetic uevent: -22');
		expect(prefix('/sys/devices/system/cpu/cpu1/uevent')).toBe('cpu cpu1: uevent: failed to send synthetic uevent: -22');
		expect(prefix('/sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04/PNP0C80:00/uevent')).toBe('acpi PNP0C80:00: uevent: failed to send synthetic uevent: -22');
		// A subsystem's root device has no bus: an empty driver string before its name.
		expect(prefix(`${MEM}/uevent`)).toBe(' memory: uevent: failed to send synthetic uevent: -22');
		expect(prefix('/sys/bus/memory/uevent')).toBe('synth uevent: /bus/memory: unknown uevent action string');
		expect(prefix('/sys/module/memory_hotplug/uevent')).toBe('synth uevent: /module/memory_hotplug: unknown uevent action string');
	});

	it('an ACPI device reads as its modalias; a memory block has no variables', () => {
		const s = boot();
		expect(sh(s, 'cat /sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04/PNP0C80:00/uevent')).toBe('MODALIAS=acpi:PNP0C80:\n');
		expect(sh(s, `cat ${MEM}/memory32/uevent`)).toBe('');
	});
});

describe('power/', () => {
	it('control is auto or on, async enabled or disabled; other words are EINVAL and change nothing', () => {
		const s = boot();
		const p = `${MEM}/memory32/power`;
		expect(sh(s, `cat ${p}/control ${p}/async`)).toBe('auto\ndisabled\n');
		sh(s, `echo on > ${p}/control; echo enabled > ${p}/async`);
		expect(sh(s, `cat ${p}/control ${p}/async`)).toBe('on\nenabled\n');
		expect(sh(s, `echo off > ${p}/control`)).toBe('sh: write error: Invalid argument\n');
		expect(sh(s, `echo yes > ${p}/async`)).toBe('sh: write error: Invalid argument\n');
		expect(sh(s, `cat ${p}/control ${p}/async`)).toBe('on\nenabled\n');
		// Each device has its own.
		expect(sh(s, `cat ${MEM}/memory33/power/control`)).toBe('cat: can\'t open \'/sys/devices/system/memory/memory33/power/control\': No such file or directory\n');
		expect(sh(s, `cat ${MEM}/memory0/power/control`)).toBe('auto\n');
		expect(sh(s, `cat ${p}/autosuspend_delay_ms`)).toBe('cat: read error: Input/output error\n');
	});
});

describe('console messages and shell output in one command line', () => {
	it('a kernel message comes out when the write that caused it happens, between the shell\'s outputs', () => {
		const s = boot();
		expect(sh(s, `echo x > ${MEM}/memory32/uevent; echo between; echo y > ${MEM}/memory0/uevent`)).toBe(
			'memory memory32: uevent: failed to send synthetic uevent: -22\nsh: write error: Invalid argument\nbetween\n' +
			'memory memory0: uevent: failed to send synthetic uevent: -22\nsh: write error: Invalid argument\n');
	});

	it('after output without a newline the console message goes on the same line, as on a serial console', () => {
		const s = boot();
		expect(printed(s, 'serial', `printf abc; echo x > ${MEM}/memory32/uevent`)).toMatch(
			/^abc\[ *\d+\.\d{6}\] memory memory32: uevent: failed to send synthetic uevent: -22\nsh: write error: Invalid argument\n$/);
	});
});
