/**
 * Filling guest memory from the shell: busybox dd (as Debian builds it) into the initramfs
 * rootfs, a tmpfs, whose pages are shmem: movable pages taken zone by zone from ZONE_MOVABLE
 * down, counted in Shmem / shared / buff/cache and not available, limited by the rootfs's
 * size= (ENOSPC), migrated when their block goes offline, and freed with the file.
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {explainEvent} from '../source/tutorial/explain.js';
import {strings} from '../source/tutorial/i18n/index.js';
import {printed, startSession} from './session-helpers.js';

function boot(m = '1G,slots=4,maxmem=8G'): Session {
	return startSession(['-machine', 'pc', '-m', m, '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
}

const run = printed;
const meminfo = (s: Session): Record<string, number> => Object.fromEntries(run(s, 'serial', 'cat /proc/meminfo').trim().split('\n').map(l => {
	const [k, v] = l.split(/:\s+/);
	return [k!, Number.parseInt(v!, 10)];
}));
const zoneFree = (s: Session, zone: string): number => {
	const text = run(s, 'serial', 'cat /proc/zoneinfo');
	const at = text.indexOf(`zone ${zone.padStart(8)}`);
	return Number(/pages free\s+(\d+)/.exec(text.slice(at))![1]);
};
/** Pages on the zone's per-CPU list (free, but not counted in `pages free`). */
const zonePcp = (s: Session, zone: string): number => {
	const text = run(s, 'serial', 'cat /proc/zoneinfo');
	const at = text.indexOf(`zone ${zone.padStart(8)}`);
	return Number(/count:\s+(\d+)/.exec(text.slice(at))![1]);
};

describe('dd into tmpfs', () => {
	it('takes its pages from the pcp list, then free memory: Shmem, Cached and Inactive(anon) grow, MemAvailable falls; rm gives them back', () => {
		const s = boot();
		const pcp0 = zonePcp(s, 'DMA32');
		const before = meminfo(s);
		expect(run(s, 'serial', 'dd if=/dev/zero of=/tmp/fill bs=1M count=200')).toBe('200+0 records in\n200+0 records out\n');
		expect(run(s, 'serial', 'ls -l /tmp/fill')).toMatch(/ 209715200 /);
		const after = meminfo(s);
		const pcp1 = zonePcp(s, 'DMA32');
		const mib = 200 * 1024;
		expect(after.Shmem! - before.Shmem!).toBe(mib);
		expect(after.Cached! - before.Cached!).toBe(mib);
		expect(after['Inactive(anon)']! - before['Inactive(anon)']!).toBe(mib);
		expect(after['Active(anon)']).toBe(before['Active(anon)']);
		// The movable pcp list went first (not counted free before either); what stays on the list
		// is boot's unmovable and reclaimable pages and the last refill batch's rest (the lab's 1G
		// guest: 2470 pages before a 300 MiB write, 526 after; its boots at 1 to 129 slots list
		// 2390 to 2557, as the DIMM slots' slab and the refills leave them: pcp-boot.ts).
		expect(pcp0).toBeGreaterThanOrEqual(2390);
		expect(pcp0).toBeLessThanOrEqual(2557);
		expect(pcp1).toBeGreaterThanOrEqual(500);
		expect(pcp1).toBeLessThan(500 + 63);
		// (The list also gives the kernel its order-0 pages meanwhile, a slab page or so: MemFree
		// falls by that much less.)
		expect(before.MemFree! - after.MemFree!).toBeLessThanOrEqual(mib - 4 * (pcp0 - pcp1) + 16);
		expect(before.MemFree! - after.MemFree!).toBeGreaterThanOrEqual(mib - 4 * (pcp0 - pcp1));
		// Shmem cannot be reclaimed without swap: it is not available.
		expect(before.MemAvailable! - after.MemAvailable!).toBe(before.MemFree! - after.MemFree!);
		expect(run(s, 'serial', 'free -m').split('\n')[1]).toMatch(/^Mem:\s+896\s+\d+\s+\d+\s+202\s+210\s+\d+$/);
		// 51200 frees onto a list with a high mark of 13841: trimmed, then emptied (the lab: 186
		// pages left), so more is free than before the write.
		run(s, 'serial', 'rm /tmp/fill');
		const gone = meminfo(s);
		expect(zonePcp(s, 'DMA32')).toBe(0);
		expect(gone.MemFree! - before.MemFree!).toBeLessThanOrEqual(4 * pcp0);
		expect(gone.MemFree! - before.MemFree!).toBeGreaterThanOrEqual(4 * pcp0 - 16);
		expect(gone.Shmem).toBe(before.Shmem);
	});

	it('a small file\'s pages go back onto the pcp list when it is removed: `used` grows by its size (lab 1G: 5120 pages)', () => {
		const s = boot();
		run(s, 'serial', 'dd if=/dev/zero of=/tmp/f bs=1M count=20');
		const pcp1 = zonePcp(s, 'DMA32');
		const free1 = meminfo(s).MemFree!;
		const used1 = Number(run(s, 'serial', 'free -k').split('\n')[1]!.split(/\s+/)[2]);
		run(s, 'serial', 'rm /tmp/f');
		// (less the kernel's own pages the list gave meanwhile: a slab page or so)
		expect(zonePcp(s, 'DMA32')).toBeLessThanOrEqual(pcp1 + 5120);
		expect(zonePcp(s, 'DMA32')).toBeGreaterThanOrEqual(pcp1 + 5120 - 4);
		expect(meminfo(s).MemFree).toBe(free1);
		const used2 = Number(run(s, 'serial', 'free -k').split('\n')[1]!.split(/\s+/)[2]);
		expect(used2 - used1).toBe(20 * 1024);
		// The next file takes them back first: MemFree does not move.
		run(s, 'serial', 'dd if=/dev/zero of=/tmp/g bs=1M count=16');
		expect(meminfo(s).MemFree).toBe(free1);
		expect(zonePcp(s, 'DMA32')).toBeLessThanOrEqual(pcp1 + 1024);
		expect(zonePcp(s, 'DMA32')).toBeGreaterThanOrEqual(pcp1 + 1024 - 4);
	});

	it('stops at the rootfs size= with ENOSPC, as the Debian binary reports it', () => {
		const s = boot();
		const out = run(s, 'serial', 'dd if=/dev/zero of=/tmp/fill bs=1M; echo rc=$?');
		expect(out).toMatch(/^dd: error writing '\/tmp\/fill': No space left on device\n(\d+)\+0 records in\n(\d+)\+0 records out\nrc=1\n$/);
		const [, recIn, recOut] = /(\d+)\+0 records in\n(\d+)\+0/.exec(out)!;
		expect(Number(recIn)).toBe(Number(recOut) + 1);
		// The file holds every page the superblock allows (size=454204k on this guest).
		const size = Number(run(s, 'serial', 'ls -l /tmp/fill').split(/\s+/)[4]);
		expect(size % 4096).toBe(0);
		expect(Math.ceil(meminfo(s).Shmem! / 4)).toBe(113551);
		expect(run(s, 'serial', 'echo hi > /tmp/x')).toBe('sh: write error: No space left on device\n');
		expect(run(s, 'serial', 'dd if=/dev/zero of=/tmp/y bs=4k count=1')).toBe("dd: error writing '/tmp/y': No space left on device\n1+0 records in\n0+0 records out\n");
		run(s, 'serial', 'rm /tmp/fill');
		expect(run(s, 'serial', 'echo hi > /tmp/x; cat /tmp/x')).toBe('hi\n');
	});

	it('on a small guest takes no more than the zones\' blocks hold (memory0 spans DMA and DMA32 and is left alone)', () => {
		const s = boot('256M,slots=4,maxmem=8G');
		const before = meminfo(s);
		run(s, 'serial', 'dd if=/dev/zero of=/tmp/fill bs=1M status=none');
		const after = meminfo(s);
		expect(after.Shmem! - before.Shmem!).toBeGreaterThan(0);
		expect(before.MemFree! - after.MemFree!).toBe(after.Shmem! - before.Shmem!);
		const [, total, used] = /Mem:\s+(\d+)\s+(-?\d+)/.exec(run(s, 'serial', 'free -k'))!;
		expect(Number(used)).toBeGreaterThan(0);
		expect(Number(total)).toBe(after.MemTotal);
	});

	it('keeps zeros as a count: small files read back whole, big ones say so, text can follow them', () => {
		const s = boot();
		expect(run(s, 'serial', 'dd if=/dev/zero of=/tmp/small bs=1k count=3 status=none; echo ab >> /tmp/small; wc -c < /tmp/small; tail -c 3 /tmp/small')).toBe('3075\nab\n');
		run(s, 'serial', 'dd if=/dev/zero of=/tmp/big bs=1M count=100 status=none');
		expect(run(s, 'serial', 'echo tail >> /tmp/big; ls -l /tmp/big')).toMatch(/ 104857605 /);
		expect(run(s, 'serial', 'cat /tmp/big | wc -c')).toBe('cat: read error: File too large\n0\n');
		expect(Math.ceil(meminfo(s).Shmem! / 4) - 487).toBe(1 + 25601);
	});

	it('cat /dev/zero > file fills the rootfs too; into a pipe it is still a finite stand-in', () => {
		const s = boot();
		expect(run(s, 'serial', 'cat /dev/zero > /tmp/x; echo rc=$?')).toBe('cat: write error: No space left on device\nrc=1\n');
		expect(Math.ceil(meminfo(s).Shmem! / 4)).toBe(113551);
		expect(run(s, 'serial', 'cat /dev/zero | head -c 5 | wc -c')).toBe('5\n');
		run(s, 'serial', 'rm /tmp/x');
		expect(meminfo(s).Shmem).toBe(1948);
	});

	it('fills ZONE_MOVABLE first; offlining the block migrates the pages, and they stay the file\'s', () => {
		const s = boot();
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		run(s, 'serial', 'for i in 32 33 34 35; do echo online_movable > /sys/devices/system/memory/memory$i/state; done');
		const movable0 = zoneFree(s, 'Movable');
		const movablePcp0 = zonePcp(s, 'Movable');
		const dma32 = zoneFree(s, 'DMA32');
		run(s, 'serial', 'dd if=/dev/zero of=/tmp/fill bs=1M count=100');
		// (The last rmqueue_bulk() batch's rest waits on Movable's pcp list.)
		expect(movable0 - zoneFree(s, 'Movable')).toBe(25600 + zonePcp(s, 'Movable') - movablePcp0);
		expect(zonePcp(s, 'Movable')).toBeGreaterThan(0);
		expect(zoneFree(s, 'DMA32')).toBe(dma32);
		// memory32 holds them (a zone's blocks fill in address order): it offlines by migrating.
		expect(run(s, 'serial', 'echo offline > /sys/devices/system/memory/memory32/state; echo rc=$?')).toBe('rc=0\n');
		const snap = s.snapshot();
		const offline = [...snap.events].reverse().find(e => e.kind === 'offline')!;
		expect(offline.migratedPages).toBe(25600);
		const why = explainEvent(offline, snap)!;
		expect(strings('en').explanation(why)).toMatch(/^memory32 went offline after its 25600 used pages \(100 MiB\) were migrated to free pages in other blocks/);
		expect(strings('zh').explanation(why)).toMatch(/^memory32 下线前，先把块里 25600 个已用页（100 MiB）迁移/);
		expect(meminfo(s).Shmem).toBe(1948 + 100 * 1024);
		run(s, 'serial', 'rm /tmp/fill');
		expect(meminfo(s).Shmem).toBe(1948);
		// The file's pages left with it, wherever migration had put them: the three blocks left
		// in the zone are as free as before the dd.
		expect(zoneFree(s, 'Movable') + zonePcp(s, 'Movable') + 32768).toBe(movable0 + movablePcp0);
	});

	it('migrates into the target zone\'s pcp list first, then its buddy allocator (lab 1G: `free` 816 after the offlines, not 808)', () => {
		const s = boot();
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		run(s, 'serial', 'for i in 32 33 34 35; do echo online_movable > /sys/devices/system/memory/memory$i/state; done');
		run(s, 'serial', 'dd if=/dev/zero of=/tmp/big bs=1M count=300');
		const pcp = zonePcp(s, 'DMA32');
		const free = zoneFree(s, 'DMA32');
		expect(pcp).toBeGreaterThan(2000);
		// memory32 and 33 are full of the file, memory34 holds its last 44 MiB: they go to DMA32.
		run(s, 'serial', 'echo offline > /sys/devices/system/memory/memory35/state; echo offline > /sys/devices/system/memory/memory34/state');
		// What the list held served first; the buddy allocator gave the rest, in batches whose last
		// rest waits on the list again.
		const fromBuddy = free - zoneFree(s, 'DMA32');
		// (memory35 held a few pages of the shell's too.)
		expect(fromBuddy - zonePcp(s, 'DMA32')).toBeGreaterThanOrEqual(11264 - pcp);
		expect(fromBuddy - zonePcp(s, 'DMA32')).toBeLessThanOrEqual(11264 - pcp + 32);
		expect(run(s, 'serial', 'free -m').split('\n')[1]).toMatch(/^Mem:\s+1152\s+\d+\s+816\s/);
	});

	it('moves a kernel zone\'s pages within the kernel zones (alloc_migration_target() adds __GFP_HIGHMEM only for ZONE_MOVABLE pages)', () => {
		const s = boot();
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=512M');
		run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		// The file fills Normal (33, then 34); an empty ZONE_MOVABLE comes after it.
		run(s, 'serial', 'for i in 33 34; do echo online_kernel > /sys/devices/system/memory/memory$i/state; done');
		run(s, 'serial', 'dd if=/dev/zero of=/tmp/big bs=1M count=200');
		run(s, 'serial', 'echo online_movable > /sys/devices/system/memory/memory35/state');
		// (From the model: a read of /proc/zoneinfo would put its seq buffer in Normal memory.)
		const movableFree = () => s.snapshot().guest!.blocks.filter(b => b.zone === 'Movable').reduce((n, b) => n + b.freePages, 0);
		const movable = movableFree();
		expect(run(s, 'serial', 'echo offline > /sys/devices/system/memory/memory34/state; echo rc=$?')).toBe('rc=0\n');
		expect(movableFree()).toBe(movable);
	});

	it('a block whose pages have nowhere to go does not offline', () => {
		const s = boot('512M,slots=4,maxmem=8G');
		// Less room elsewhere: two boot blocks offline.
		expect(run(s, 'serial', 'echo offline > /sys/devices/system/memory/memory1/state; echo offline > /sys/devices/system/memory/memory2/state; echo rc=$?')).toBe('rc=0\n');
		run(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=128M');
		run(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		run(s, 'serial', 'echo online_movable > /sys/devices/system/memory/memory32/state');
		run(s, 'serial', 'dd if=/dev/zero of=/tmp/fill bs=1M count=180 status=none');
		const shmem = meminfo(s).Shmem;
		const out = run(s, 'serial', 'echo offline > /sys/devices/system/memory/memory32/state; echo rc=$?');
		expect(out).toMatch(/write error: .*\nrc=1\n$/);
		expect(run(s, 'serial', 'cat /sys/devices/system/memory/memory32/state')).toBe('online\n');
		expect(meminfo(s).Shmem).toBe(shmem);
		// The screen says why: nowhere to migrate to, not unmovable pages.
		const snap = s.snapshot();
		const failed = [...snap.events].reverse().find(e => e.kind === 'offline-failed')!;
		const why = explainEvent(failed, snap)!;
		expect(why).toEqual({kind: 'offline-no-room', block: 32});
		expect(strings('en').explanation(why)).toMatch(/^memory32 could not go offline: its pages are movable, but there is not enough free memory elsewhere/);
		expect(strings('zh').explanation(why)).toMatch(/^memory32 下线失败：块里的页都可迁移/);
		run(s, 'serial', 'rm /tmp/fill');
		expect(run(s, 'serial', 'echo offline > /sys/devices/system/memory/memory32/state; echo rc=$?')).toBe('rc=0\n');
	});
});

describe('busybox dd operands', () => {
	const s = boot();
	it('counts records in and out, re-blocking with ibs/obs and mirroring short blocks with bs', () => {
		expect(run(s, 'serial', 'dd if=/dev/zero of=/tmp/y ibs=1k obs=4k count=10')).toBe('10+0 records in\n2+1 records out\n');
		expect(run(s, 'serial', 'echo hello | dd of=/tmp/y; cat /tmp/y')).toBe('0+1 records in\n0+1 records out\nhello\n');
		expect(run(s, 'serial', 'dd if=/dev/urandom bs=4 count=2 2>/dev/null | wc -c')).toBe('8\n');
		expect(run(s, 'serial', 'dd if=/dev/zero of=/tmp/y bs=1K count=1kB status=none; ls -l /tmp/y')).toMatch(/ 1024000 /);
		expect(run(s, 'serial', 'printf abcdefg | dd bs=2 skip=1 count=2 2>/dev/null')).toBe('cdef');
	});
	it('refuses bad operands with busybox\'s messages', () => {
		expect(run(s, 'serial', 'dd if=/dev/zero of=/tmp/y bs=0; echo rc=$?')).toBe('dd: number 0 is not in 1..9223372036854775807 range\nrc=1\n');
		expect(run(s, 'serial', 'dd if=/dev/zero of=/tmp/y bs=1x')).toBe("dd: invalid number '1x'\n");
		expect(run(s, 'serial', 'dd if=/dev/zero of=/tmp/y count=1 conv=bogus')).toBe("dd: invalid argument 'bogus' to 'conv'\n");
		expect(run(s, 'serial', 'dd if=/nonexist of=/tmp/y')).toBe("dd: can't open '/nonexist': No such file or directory\n");
		expect(run(s, 'serial', 'dd foo=bar 2>&1 | head -3')).toBe('BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: dd [if=FILE] [of=FILE] [ibs=N obs=N/bs=N] [count=N] [skip=N] [seek=N]\n');
	});
});
