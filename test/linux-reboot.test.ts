/**
 * reboot, poweroff and halt from the guest (busybox init/halt.c over reboot(2)): without -f they
 * signal init, which on this initramfs is the console shell and catches none of them; with -f the
 * kernel says so on the console and the machine restarts (QEMU: RESET, guest-reset; the guest
 * boots again), powers off (SHUTDOWN, guest-shutdown; QEMU exits) or halts (the console is
 * silent until system_reset).
 */
import {describe, expect, it} from 'vitest';
import type {QapiEvent} from '../source/machine/qemu/machine.js';
import {labProbe, printed, startSession, typeLine} from './session-helpers.js';

const boot = () => startSession(['-machine', 'pc', '-m', '1G,slots=4,maxmem=8G', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
	'-append', 'console=ttyS0 quiet nokaslr', '-nographic']);

describe('reboot, poweroff, halt', () => {
	it('without -f ask init with a signal: the console shell ignores it, status 0', () => {
		const s = boot();
		expect(printed(s, 'serial', 'reboot; echo $?; poweroff; echo $?; halt; echo $?; halt -w; echo $?')).toBe('0\n0\n0\n0\n');
		expect(printed(s, 'serial', 'halt -d x; echo $?')).toBe("halt: invalid number 'x'\n1\n");
	});

	it.each([['2G', 'reboot-2G.probe'], ['768M', 'reboot-768M.probe']])('reboot -f at %s: the firmware\'s banners, as the lab\'s console showed them (s57, %s)', (mem, file) => {
		const s = startSession(['-machine', 'pc', '-m', mem, '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
		const want = labProbe(file).map(step => step.want).join('');
		const stamps = (text: string) => text.replace(/\[ *\d+\.\d{6}\]/g, '[T]');
		expect(stamps(typeLine(s, 'serial', 'reboot -f').replace(/\r/g, ''))).toBe(stamps(want));
	});

	it('reboot -f restarts the machine: the rest of the line never runs, the guest boots again', () => {
		const s = boot();
		const events: QapiEvent[] = [];
		s.onQapiEvent(e => events.push(e));
		printed(s, 'serial', 'touch /tmp/x');
		const out = printed(s, 'serial', 'reboot -f; echo not-here');
		// (SeaBIOS's and iPXE's banners between, the screen cleared before and after them)
		// (memory hotplug's SRAT: SeaBIOS ends 0xd0 lower than without, lab s70/rs3)
		expect(out).toMatch(/^\[ *\d+\.\d{6}\] reboot: Restarting system\n\x1bc[^]*PMM\+3EFCEF30\+3EF0EF30 [^]*Booting from ROM\.\.\x1bc\x1b\[\?7l\x1b\[2J\n\nBusyBox v1\.35\.0 [^\n]*\nEnter 'help' for a list of built-in commands\.\n\n$/);
		expect(out).not.toContain('not-here');
		expect(events.map(e => [e.event, e.data])).toEqual([['RESET', {guest: true, reason: 'guest-reset'}]]);
		expect(printed(s, 'serial', 'ls /tmp; echo $?')).toBe('0\n');
	});

	it('poweroff -f: SHUTDOWN from the guest and QEMU exits', () => {
		const s = boot();
		const events: QapiEvent[] = [];
		s.onQapiEvent(e => events.push(e));
		expect(printed(s, 'serial', 'poweroff -f')).toMatch(/^\[ *\d+\.\d{6}\] reboot: Power down\n$/);
		expect(events.map(e => [e.event, e.data])).toEqual([['SHUTDOWN', {guest: true, reason: 'guest-shutdown'}]]);
		expect(s.exitCode()).toBe(0);
	});

	it('halt -f: the console stays silent (QEMU runs on) until system_reset', () => {
		const s = boot();
		expect(printed(s, 'serial', 'halt -f')).toMatch(/^\[ *\d+\.\d{6}\] reboot: System halted\n$/);
		expect(printed(s, 'serial', 'echo ignored')).toBe('');
		expect(s.prompt('serial')).toBe('');
		expect(printed(s, 'monitor', 'info status')).toBe('VM status: running\n');
		printed(s, 'monitor', 'system_reset');
		expect(printed(s, 'serial', 'echo back')).toBe('back\n');
	});
});
