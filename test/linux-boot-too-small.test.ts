/**
 * A machine too small for the guest kernel (source/machine/linux/memblock.ts, bootFailure()):
 * the bzImage decompresses into RAM from 16 MiB up to 16 MiB + init_size. Lab runs of the same
 * kernel (-m 8M to 96M): up to 72M the machine resets in a loop, at 80M the kernel's bss
 * clearing overwrites QEMU's initrd and it panics, 84M boots. memhp says so on the serial
 * console and keeps the monitor; it never throws (a fuzzed command line with `-m 08` once did).
 */
import {describe, expect, it} from 'vitest';
import {createSession} from '../source/machine/session.js';
import {panelLines} from '../source/ui/panel/panel-lines.js';
import {printed, startSession} from './session-helpers.js';

const boot = (mem: string) => startSession(['-machine', 'pc', '-m', mem, '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
	'-append', 'console=ttyS0 quiet nokaslr', '-nographic']);

describe('a guest kernel that does not fit in the machine\'s RAM', () => {
	it.each(['8M', '16M', '64M', '72M'])('-m %s: the machine resets in a loop; no shell, the monitor works', (mem) => {
		const s = boot(mem);
		expect(s.snapshot().guest).toBeUndefined();
		expect(s.snapshot().guestBootFailure).toBe('reset-loop');
		expect(panelLines({snapshot: s.snapshot(), freeHistory: [], width: 60}, 20)[0]!.map(x => x.text).join('')).toBe('guest kernel does not fit in RAM: resets in a loop');
		const serial = s.transcript('serial');
		expect(serial).toContain('memhp: the guest never boots');
		expect(serial).toContain(`(79.6 MiB), and this machine has ${mem.replace('M', ' MiB')}, so it faults`);
		expect(serial).toContain('memhp: give it -m 81M or more.');
		expect(printed(s, 'monitor', 'info status')).toBe('VM status: running\n');
		// system_reset boots the same kernel again, with the same result.
		printed(s, 'monitor', 'system_reset');
		expect(s.transcript('serial').split('the guest never boots').length).toBe(3);
		expect(s.snapshot().guest).toBeUndefined();
	});

	it('-m 80M: the kernel comes up, but its bss clearing overwrote the initrd: the panic', () => {
		const s = boot('80M');
		expect(s.snapshot().guest).toBeUndefined();
		expect(s.snapshot().guestBootFailure).toBe('initrd-overwritten');
		const serial = s.transcript('serial');
		expect(serial).toContain('memhp: the guest kernel panics at boot: QEMU put the initrd at 0x4ee0000-0x4fdffff');
		expect(serial).toContain('Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)');
	});

	it('-m 81M and 84M boot to the shell', () => {
		for (const mem of ['81M', '84M']) {
			const s = boot(mem);
			expect(s.snapshot().guest).toBeDefined();
			expect(s.snapshot().guestBootFailure).toBeUndefined();
			expect(printed(s, 'serial', 'echo $((6 * 7))')).toBe('42\n');
		}
	});

	it('the fuzzed command line that threw starts a machine that says why its guest never boots', () => {
		const created = createSession(['😀', 'pc-dimm,id=d1,memdev=m1', '-m', '08', '-kernel', '-cpu', 'q35']);
		expect(created.ok).toBe(true);
		if (created.ok) expect(created.session.transcript('serial')).toContain('memhp: the guest never boots');
	});
});
