/**
 * The unreclaimable slab of a freshly booted guest (usage.ts, sunreclaimBaseKb): the lab's boots
 * after `ls /sys/devices/system/memory/` and `free -m` (32 slots unless said): 6176 kB at 512M,
 * 6276-6328 at 1G, 6300-6352 at 2G, 6416 at 4G, 6560 at 8G, 6632 at 12G; two CPUs 6916 at 1G and
 * 6944 at 4G; 64 slots 6460-6464 at 1G. It used to be one constant (6868 kB) at every size.
 * What grows with RAM is the memory blocks' devices: with 1 GiB blocks (boot memory ending past
 * 64 GiB on a 1 GiB boundary) the lab's 64G and 80G guests (8 slots, s61/big) had 6368 and 6444 kB,
 * less than its 48G guest's 7668 with 128 MiB blocks.
 */
import {describe, expect, it} from 'vitest';
import {printed, startSession} from './session-helpers.js';

function sunreclaim(m: string, smp = '1'): number {
	const s = startSession(['-machine', 'pc', '-m', m, '-smp', smp, '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
	printed(s, 'serial', 'free -m');
	return Number(/^SUnreclaim:\s+(\d+) kB$/m.exec(printed(s, 'serial', 'cat /proc/meminfo'))![1]);
}

describe('SUnreclaim after boot', () => {
	it.each([
		['512M,slots=32,maxmem=8G', '1', 6176],
		['1G,slots=32,maxmem=8G', '1', 6300],
		['1G,slots=64,maxmem=8G', '1', 6462],
		['2G,slots=32,maxmem=8G', '1', 6335],
		['4G,slots=32,maxmem=64G', '1', 6416],
		['8G,slots=32,maxmem=64G', '1', 6560],
		['12G,slots=32,maxmem=64G', '1', 6632],
		['1G,slots=32,maxmem=64G', '2', 6916],
		['4G,slots=32,maxmem=64G', '2', 6944],
		['48G,slots=8,maxmem=128G', '1', 7668],
		['64G,slots=8,maxmem=128G', '1', 6368],
		['80G,slots=8,maxmem=128G', '1', 6444],
	])('-m %s -smp %s: within 110 kB of the lab\'s %i kB', (m, smp, lab) => {
		expect(Math.abs(sunreclaim(m, smp) - lab)).toBeLessThanOrEqual(110);
	});

	it('grows with RAM and with CPUs', () => {
		expect(sunreclaim('8G,slots=32,maxmem=64G')).toBeGreaterThan(sunreclaim('1G,slots=32,maxmem=64G') + 200);
		expect(sunreclaim('2G,slots=32,maxmem=64G', '4')).toBeGreaterThan(sunreclaim('2G,slots=32,maxmem=64G', '2') + 1000);
	});
});
