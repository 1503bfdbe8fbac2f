/**
 * mm/mmap.c's reserve_mem_notifier(): vm.user_reserve_kbytes and vm.admin_reserve_kbytes are 3 %
 * of the free memory (capped at 128 MiB and 8 MiB), computed again after each online unless the
 * operator moved them out of those ranges, and reset with a KERN_INFO record after an offline
 * that leaves less free memory than they reserve.
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {printed, startSession} from './session-helpers.js';

function boot(): Session {
	const s = startSession(['-machine', 'pc', '-m', '1G,slots=4,maxmem=8G', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
	printed(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=512M');
	printed(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
	return s;
}
const run = (s: Session, line: string) => printed(s, 'serial', line);
const VM = '/proc/sys/vm';

describe('user_reserve_kbytes and admin_reserve_kbytes follow memory hotplug', () => {
	it('an online recomputes user_reserve_kbytes from the free memory then; admin stays at its 8 MiB cap', () => {
		const s = boot();
		const before = Number(run(s, `cat ${VM}/user_reserve_kbytes`));
		run(s, 'echo online_movable > /sys/devices/system/memory/memory32/state');
		const after = Number(run(s, `cat ${VM}/user_reserve_kbytes`));
		// 128 MiB more free, less the DIMM's 8 MiB memmap taken at the hot-add: (131072 - 8192) / 32
		// = 3840 kB more reserved than the boot value.
		expect(after - before).toBeGreaterThan(3800);
		expect(after - before).toBeLessThan(3900);
		expect(run(s, `cat ${VM}/admin_reserve_kbytes`)).toBe('8192\n');
	});

	it('a value the operator set out of the default range stays', () => {
		const s = boot();
		run(s, `echo 0 > ${VM}/user_reserve_kbytes`);
		run(s, 'echo online_movable > /sys/devices/system/memory/memory32/state');
		expect(run(s, `cat ${VM}/user_reserve_kbytes`)).toBe('0\n');
	});

	it('an offline leaving less free memory than the reserve resets it, with a KERN_INFO record', () => {
		const s = boot();
		run(s, 'echo online_movable > /sys/devices/system/memory/memory32/state');
		run(s, `echo 2000000 > ${VM}/user_reserve_kbytes`);
		run(s, 'echo offline > /sys/devices/system/memory/memory32/state');
		const reset = Number(run(s, `cat ${VM}/user_reserve_kbytes`));
		expect(reset).toBeLessThan(40000);
		expect(run(s, 'dmesg | tail -n 1')).toMatch(new RegExp(`vm\\.user_reserve_kbytes reset to ${reset}\\n$`));
	});
});
