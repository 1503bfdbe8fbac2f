/**
 * QEMU's `nmi` (inject-nmi) and the guest's unknown-NMI report (source/machine/linux/nmi.ts),
 * against the lab's 1G guests (s72/e2 p14, p15; fixtures nmi-*.t).
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {printed, startSession} from './session-helpers.js';

const start = (...extra: string[]): Session => startSession(['-machine', 'pc', '-m', '1G,slots=4,maxmem=8G', '-smp', '1', ...extra, '-nographic']);
const withKernel = (): Session => start('-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr');
const strip = (text: string): string[] => text.split('\n').filter(Boolean).map(l => l.replace(/^\[ *\d+\.\d+\] /, ''));

describe('nmi', () => {
	it('reaches CPU 0, which reports an unknown NMI on the console: the reason\'s refresh bit flips at each read of port 0x61', () => {
		const s = withKernel();
		expect(strip(printed(s, 'monitor', 'nmi'))).toEqual(['Uhhuh. NMI received for unknown reason 21 on CPU 0.', 'Dazed and confused, but trying to continue']);
		expect(strip(printed(s, 'monitor', 'nmi'))[0]).toBe('Uhhuh. NMI received for unknown reason 31 on CPU 0.');
		expect(strip(printed(s, 'serial', 'dmesg | grep -c Uhhuh'))).toEqual(['2']);
	});

	it('takes no argument, as HMP\'s args_type says', () => {
		const s = withKernel();
		expect(printed(s, 'monitor', 'nmi 1')).toBe('nmi: extraneous characters at the end of line\nTry "help nmi" for more information\n');
		expect(printed(s, 'monitor', 'help nmi')).toBe('nmi  -- inject an NMI\n');
	});

	it('waits for `cont` when the VM is stopped, and several are one pending interrupt', () => {
		const s = withKernel();
		printed(s, 'monitor', 'stop');
		expect(printed(s, 'monitor', 'nmi')).toBe('');
		expect(printed(s, 'monitor', 'nmi')).toBe('');
		expect(strip(printed(s, 'monitor', 'cont'))).toEqual(['Uhhuh. NMI received for unknown reason 21 on CPU 0.', 'Dazed and confused, but trying to continue']);
	});

	it('is lost in a reset of the stopped VM (the CPUs\' reset clears it)', () => {
		const s = withKernel();
		printed(s, 'monitor', 'stop');
		printed(s, 'monitor', 'nmi');
		printed(s, 'monitor', 'system_reset');
		expect(printed(s, 'monitor', 'cont')).not.toContain('Uhhuh');
		expect(printed(s, 'serial', 'dmesg | grep -c Uhhuh')).toBe('0\n');
	});

	it('shows nothing without a guest kernel (the firmware)', () => {
		const s = start();
		expect(printed(s, 'monitor', 'nmi')).toBe('');
	});

	it('is rate-limited per message: ten in five seconds, then the suppressed count at KERN_WARNING', () => {
		const s = withKernel();
		const shown: string[] = [];
		for (let i = 0; i < 12; i++) shown.push(...strip(printed(s, 'monitor', 'nmi')));
		expect(shown.filter(l => l.startsWith('Uhhuh'))).toHaveLength(10);
		expect(shown.filter(l => l.startsWith('Dazed'))).toHaveLength(10);
		expect(strip(printed(s, 'serial', 'dmesg | grep -c Uhhuh'))).toEqual(['10']);
		// five seconds on, the next report says what was dropped (not on a quiet console)
		printed(s, 'serial', 'sleep 6');
		expect(strip(printed(s, 'monitor', 'nmi'))).toEqual(['Uhhuh. NMI received for unknown reason 21 on CPU 0.', 'Dazed and confused, but trying to continue']);
		expect(strip(printed(s, 'serial', 'dmesg | tail -n 4'))).toEqual(['unknown_nmi_error: 2 callbacks suppressed', 'Uhhuh. NMI received for unknown reason 21 on CPU 0.',
			'unknown_nmi_error: 2 callbacks suppressed', 'Dazed and confused, but trying to continue']);
	});

	it('is the QMP command inject-nmi', () => {
		const s = withKernel();
		expect(s.qemu.qmp('inject-nmi')).toEqual({return: {}});
	});
});
