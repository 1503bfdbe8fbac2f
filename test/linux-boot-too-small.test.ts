/**
 * A machine too small for the guest kernel (source/machine/linux/memblock.ts, bootFailure()):
 * the bzImage decompresses into RAM from 16 MiB up to 16 MiB + init_size. Lab runs of the same
 * kernel (-m 8M to 96M): up to 72M the machine resets in a loop, at 80M the kernel's bss
 * clearing overwrites QEMU's initrd and it panics, 81M to 83M run out of memory unpacking the
 * initramfs (s61), 84M boots. memhp says so on the serial
 * console and keeps the monitor; it never throws (a fuzzed command line with `-m 08` once did).
 * With a hotplug range (slots and maxmem) the kernel also sets up a swiotlb bounce buffer, and a
 * small guest runs out of memory unpacking its initramfs (lab s61, GuestMm.outOfMemoryAtBoot()).
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
		expect(serial).toContain('memhp: give it -m 84M or more.');
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

	it('-m 81M to 83M run out of memory at boot (the lab, s61: System is deadlocked on memory); 84M and 86M boot to the shell', () => {
		for (const mem of ['81M', '83M']) {
			const s = boot(mem);
			expect(s.snapshot().guestBootFailure).toBe('out-of-memory');
			expect(s.transcript('serial')).toContain('memhp: give it -m 84M or more. C-a c');
			// No hotplug range: no swiotlb buffer to blame.
			expect(s.transcript('serial')).toContain('runs out of memory at boot: the kernel image and the memmap leave too little of its');
		}
		for (const mem of ['84M', '86M']) {
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

describe('a guest whose boot runs out of memory (a hotplug range: the swiotlb bounce buffer)', () => {
	const withSlots = (mem: string, append = 'console=ttyS0 quiet nokaslr') => startSession(['-machine', 'pc', '-m', `${mem},slots=4,maxmem=8G`, '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', append, '-nographic']);

	// The lab (s61, slots=4,maxmem=8G, one CPU): "Kernel panic - not syncing: System is deadlocked on memory".
	it.each(['84M', '90M', '96M', '108M', '112M', '144M', '150M'])('-m %s: the OOM killer panics; no shell, the monitor works', (mem) => {
		const s = withSlots(mem);
		expect(s.snapshot().guest).toBeUndefined();
		expect(s.snapshot().guestBootFailure).toBe('out-of-memory');
		expect(panelLines({snapshot: s.snapshot(), freeHistory: [], width: 60}, 20)[0]!.map(x => x.text).join('')).toBe('guest kernel panicked at boot: out of memory');
		const serial = s.transcript('serial');
		expect(serial).toContain(`memhp: the guest kernel runs out of memory at boot`);
		expect(serial).toContain(`leave too little of its ${mem.replace('M', ' MiB')}`);
		expect(serial).toContain('  Kernel panic - not syncing: System is deadlocked on memory\r\n');
		// Every size from 152M on boots (the lab: 150M does not, 152M and 160M do).
		expect(serial).toMatch(/memhp: give it -m 15[12]M or more/);
		expect(printed(s, 'monitor', 'info status')).toBe('VM status: running\n');
		printed(s, 'monitor', 'system_reset');
		expect(s.transcript('serial').split('runs out of memory at boot').length).toBe(3);
		expect(s.snapshot().guest).toBeUndefined();
	});

	// The lab: these sizes boot, the bounce buffer halved where 64 MiB does not fit (100M: 16 MiB, 128M: 32 MiB).
	it.each(['100M', '104M', '116M', '128M', '136M', '152M', '160M'])('-m %s boots to the shell', (mem) => {
		const s = withSlots(mem);
		expect(s.snapshot().guestBootFailure).toBeUndefined();
		expect(printed(s, 'serial', 'echo $((6 * 7))')).toBe('42\n');
	});

	it('without quiet the console shows the boot log up to the initramfs\'s unpacking, and nothing the kernel would print after it', () => {
		const serial = withSlots('144M', 'console=ttyS0 nokaslr').transcript('serial');
		expect(serial).toContain('software IO TLB: mapped [mem 0x0000000004800000-0x0000000008800000] (64MB)');
		const at = serial.indexOf('Trying to unpack rootfs image as initramfs...\r\n');
		expect(at).toBeGreaterThan(0);
		expect(serial.slice(at).split('\r\n')[1]).toMatch(/^memhp: the guest kernel runs out of memory at boot/);
		expect(serial).not.toContain('Freeing initrd memory');
		expect(serial).not.toContain('Run /init as init process');
	});
});

