/**
 * system_reset (HMP and QMP): QEMU sends RESET and starts the machine over with its devices as
 * they are; the guest boots again, so what it had in memory is gone and the DIMMs plugged now
 * are found by its boot-time ACPI scan (offline, "added at boot"), while QEMU still calls them
 * hotplugged. The guest's uptime starts again; the wall clock goes on.
 */
import {describe, expect, it} from 'vitest';
import {parseTranscript} from '../source/transcript/parse.js';
import {Replayer} from '../source/transcript/replay.js';
import {printed, startSession} from './session-helpers.js';

const boot = (extra: string[] = []) => startSession(['-machine', 'pc', '-m', '1G,slots=4,maxmem=8G', ...extra, '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
	'-append', 'console=ttyS0 quiet nokaslr', '-nographic']);

describe('system_reset', () => {
	it('reboots the guest: files and onlined blocks are gone, the DIMM is found at boot', () => {
		const s = boot();
		printed(s, 'serial', 'echo hello > /tmp/x');
		printed(s, 'monitor', 'object_add memory-backend-ram,id=mem1,size=512M');
		printed(s, 'monitor', 'device_add pc-dimm,id=dimm1,memdev=mem1');
		printed(s, 'serial', 'echo online_movable > /sys/devices/system/memory/memory32/state');
		for (let i = 0; i < 30; i++) printed(s, 'serial', 'true');
		const date = printed(s, 'serial', 'date +%s');
		// The guest's reaction (the mux writes every front-end's output) comes before the next
		// monitor prompt, as a hot-add's does: its shell starts again.
		// (the firmware's banners first, on the serial console: SeaBIOS clears the terminal)
		expect(printed(s, 'monitor', 'system_reset')).toMatch(/^\x1bc\x1b\[\?7l\x1b\[2J\x1b\[0mSeaBIOS \(version [^]*Booting from ROM\.\.\x1bc\x1b\[\?7l\x1b\[2J\n\nBusyBox v1\.35\.0 .*built-in shell \(ash\)\n[^]*\/ # $/);
		expect(printed(s, 'serial', 'cat /tmp/x')).toBe("cat: can't open '/tmp/x': No such file or directory\n");
		expect(printed(s, 'serial', 'cat /sys/devices/system/memory/memory32/state /sys/devices/system/memory/memory35/state')).toBe('offline\noffline\n');
		expect(Number(printed(s, 'serial', 'cut -d. -f1 /proc/uptime'))).toBeLessThan(4);
		expect(Number(printed(s, 'serial', 'date +%s'))).toBeGreaterThanOrEqual(Number(date));
		expect(printed(s, 'monitor', 'info memory-devices')).toContain('hotplugged: true');
		const added = s.snapshot().events.find(e => e.kind === 'hot-add');
		expect(added?.atBoot).toBe(true);
		// The rebooted guest answers ejects as before.
		printed(s, 'monitor', 'device_del dimm1');
		expect(printed(s, 'monitor', 'info memory-devices')).toBe('');
	});

	it('replays as one step whose output is the firmware\'s and the guest\'s banners, not a prompt line', () => {
		const r = new Replayer();
		const t = parseTranscript("  $ qemu-system-x86_64 -m 1G -kernel bzImage -append 'console=ttyS0 quiet' -nographic\n  (qemu) system_reset\n  / # echo ok\n");
		const [, reset, echo] = t.steps.map(step => r.runStep(step).actual);
		expect(reset).toEqual(['SeaBIOS (version 1.16.2-debian-1.16.2-1)', '', '', 'iPXE (http://ipxe.org) 00:03.0 CA00 PCI2.10 PnP PMM+3EFCF000+3EF0F000 CA00',
			// (the blanking's carriage return is not kept, as in the spec's raw boot logs)
			`Press Ctrl-B to configure iPXE (PCI 00:03.0)...${' '.repeat(79)}`, '', '', 'Booting from ROM..', '',
			'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) built-in shell (ash)', "Enter 'help' for a list of built-in commands.", '']);
		expect(echo).toEqual(['ok']);
	});

	it('prints the firmware banners of the board it has (lab s62 reboot-*: q35, -vga none, -nic none at 1G)', () => {
		const banner = (args: string) => {
			const r = new Replayer();
			const t = parseTranscript(`  $ qemu-system-x86_64 ${args} -m 1G -kernel bzImage -append 'console=ttyS0 quiet' -nographic\n  (qemu) system_reset\n`);
			const [, reset] = t.steps.map(step => r.runStep(step).actual);
			return reset!.slice(0, 4).join('|');
		};
		expect(banner('-machine q35')).toBe('SeaBIOS (version 1.16.2-debian-1.16.2-1)|||iPXE (http://ipxe.org) 00:02.0 CA00 PCI2.10 PnP PMM+3EFCED90+3EF0ED90 CA00');
		expect(banner('-vga none')).toBe('SeaBIOS (version 1.16.2-debian-1.16.2-1)|||iPXE (http://ipxe.org) 00:02.0 C000 PCI2.10 PnP PMM+3EFCF050+3EF0F050 C000');
		expect(banner('-nic none')).toBe('SeaBIOS (version 1.16.2-debian-1.16.2-1)|Booting from ROM..||BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) built-in shell (ash)');
	});

	it('is a QMP command with a RESET event, and leaves a machine without a guest alone', () => {
		const s = boot();
		const events: string[] = [];
		s.onQapiEvent(e => events.push(`${e.event} ${JSON.stringify(e.data)}`));
		expect(s.qmp('system_reset', {})).toEqual({return: {}});
		expect(events).toEqual(['RESET {"guest":false,"reason":"host-qmp-system-reset"}']);
		expect(printed(s, 'serial', 'echo ok')).toBe('ok\n');
		const firmware = startSession(['-m', '1G', '-nodefaults', '-nographic', '-S', '-monitor', 'stdio']);
		expect(printed(firmware, 'monitor', 'system_reset')).toBe('');
		expect(printed(firmware, 'monitor', 'system_reset now')).toBe('system_reset: extraneous characters at the end of line\nTry "help system_reset" for more information\n');
	});
});
