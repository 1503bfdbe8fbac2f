/**
 * What the real guest has beside what memhp simulates (source/machine/linux/unsimulated.ts and
 * the devtmpfs table of vfs/rootfs.ts): listed as on the lab's guest, and plain about it when
 * used (EMEMHP, "Not simulated by memhp"), never an empty file or a missing one.
 */
import {describe, expect, it} from 'vitest';
import {startSession, typeLine} from './session-helpers.js';

function boot() {
	return startSession(['-machine', 'pc', '-m', '1G,slots=4,maxmem=4G', '-smp', '1', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz',
		'-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
}

function run(s: ReturnType<typeof boot>, line: string): string {
	const text = typeLine(s, 'serial', line);
	return text.slice(text.indexOf('\n') + 1).replace(/\r/g, '').replace(/\S* # $/, '');
}

describe('nodes memhp lists but does not simulate', () => {
	it('/sys/devices/system lists the lab guest\'s directories, with their link counts', () => {
		const s = boot();
		expect(run(s, 'ls /sys/devices/system')).toBe('clockevents   container     edac          memory\nclocksource   cpu           machinecheck  node\n');
		expect(run(s, "ls -l /sys/devices/system | grep -E 'clockevents|container' | awk '{print $1, $2, $NF}'")).toBe('drwxr-xr-x 5 clockevents\ndrwxr-xr-x 8 container\n');
	});

	it('opening one fails with a memhp errno; walking below one too; the session goes on', () => {
		const s = boot();
		expect(run(s, 'cat /proc/interrupts; echo $?')).toBe("cat: can't open '/proc/interrupts': Not simulated by memhp\n1\n");
		expect(run(s, 'ls /sys/class/net')).toBe('ls: /sys/class/net: Not simulated by memhp\n');
		expect(run(s, 'cat /dev/ptmx')).toBe("cat: can't open '/dev/ptmx': Not simulated by memhp\n");
		expect(run(s, 'cat /sys/devices/system/memory/block_size_bytes')).toBe('8000000\n');
	});

	it('a directory lists as empty, so walks of the tree pass it quietly', () => {
		const s = boot();
		expect(run(s, 'ls /sys/class')).toBe('');
		expect(run(s, 'find /sys -name block_size_bytes')).toBe('/sys/devices/system/memory/block_size_bytes\n');
	});

	it('devtmpfs nodes keep their numbers and modes', () => {
		const s = boot();
		expect(run(s, "ls -l /dev/ptmx /dev/rtc0 /dev/tty63 | awk '{print $1, $5, $6, $NF}'")).toBe('crw-rw-rw- 5, 2 /dev/ptmx\ncrw------- 251, 0 /dev/rtc0\ncrw------- 4, 63 /dev/tty63\n');
		expect(run(s, 'ls /dev/input')).toBe('mice\n');
	});
});
