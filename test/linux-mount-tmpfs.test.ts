/**
 * tmpfs mounted from the shell (busybox mount/umount over mount(2)/umount(2)): each superblock
 * has its own size= (half of the RAM online when it is mounted, so it can take hot-added
 * memory), its pages are Shmem like the rootfs's, remount changes the limit (shmem_reconfigure()),
 * umount frees the files. Texts follow Debian's busybox 1.35 on a 6.x kernel, checked in a mount
 * namespace on a host.
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {printed, startSession} from './session-helpers.js';

function boot(append = 'console=ttyS0 quiet nokaslr'): Session {
	return startSession(['-machine', 'pc', '-m', '1G,slots=4,maxmem=8G', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', append, '-nographic']);
}
const run = (s: Session, line: string) => printed(s, 'serial', line);
const lines = (...l: string[]) => l.map(x => `${x}\n`).join('');
const shmemKb = (s: Session) => Number(/^Shmem:\s+(\d+)/m.exec(run(s, 'cat /proc/meminfo'))![1]);

describe('mount -t tmpfs', () => {
	it('names its inode number width, as a CONFIG_TMPFS_INODE64 kernel does; the boot rootfs and devtmpfs have one size (the lab guest)', () => {
		const s = boot();
		expect(run(s, 'mkdir /mnt/i; mount -t tmpfs -o inode32 none /mnt/i; grep /mnt/i /proc/mounts')).toBe(lines('none /mnt/i tmpfs rw,relatime,inode32 0 0'));
		expect(run(s, 'mount -o remount,inode64 /mnt/i; grep /mnt/i /proc/mounts')).toBe(lines('none /mnt/i tmpfs rw,relatime,inode64 0 0'));
		const sizes = run(s, 'grep -E "^(rootfs|devtmpfs)" /proc/mounts').match(/size=\d+k/g);
		expect(sizes).toEqual(['size=454204k', 'size=454204k']);
	});

	it('mounts a tmpfs with its own size=, shown in /proc/mounts, mount and df', () => {
		const s = boot();
		expect(run(s, 'mkdir /mnt/t; mount -t tmpfs -o size=1M tmpfs /mnt/t; echo $?')).toBe(lines('0'));
		expect(run(s, 'grep /mnt/t /proc/mounts; mount | grep /mnt/t')).toBe(lines('tmpfs /mnt/t tmpfs rw,relatime,size=1024k,inode64 0 0',
			'tmpfs on /mnt/t type tmpfs (rw,relatime,size=1024k,inode64)'));
		// the file system is full at 1 MiB, whatever the rootfs has left
		expect(run(s, 'dd if=/dev/zero of=/mnt/t/f bs=1k count=2000 2>&1 | head -1; stat -c %s /mnt/t/f')).toBe(lines("dd: error writing '/mnt/t/f': No space left on device", '1048576'));
		expect(run(s, 'df /mnt/t | tail -1')).toBe(lines('tmpfs                     1024      1024         0 100% /mnt/t'));
		// mount flags, mode= and the root's mode
		expect(run(s, 'mkdir /mnt/u; mount -t tmpfs -o nosuid,nodev,noexec,noatime,mode=700 x /mnt/u; grep /mnt/u /proc/mounts; stat -c %a /mnt/u'))
			.toBe(lines('x /mnt/u tmpfs rw,nosuid,nodev,noexec,noatime,mode=700,inode64 0 0', '700'));
	});

	it('without size= takes half of the RAM online now: a hot-added DIMM\'s memory can be filled', () => {
		const s = boot('console=ttyS0 quiet nokaslr memhp_default_state=online_movable');
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=2G');
		printed(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		const totalKb = Number(/^MemTotal:\s+(\d+)/m.exec(run(s, 'cat /proc/meminfo'))![1]);
		expect(run(s, 'mount -t tmpfs none /mnt; grep /mnt /proc/mounts')).toBe(lines('none /mnt tmpfs rw,relatime,inode64 0 0'));
		const blocks = Number(run(s, 'df -k /mnt | tail -1').trim().split(/\s+/)[1]);
		expect(blocks).toBe(Math.floor(totalKb / 4 / 2) * 4);
		const shmem = shmemKb(s);
		run(s, 'dd if=/dev/zero of=/mnt/fill bs=1M count=1200 2>/dev/null');
		expect(shmemKb(s) - shmem).toBe(1200 * 1024);
		// more than the rootfs (about 443 MiB here) could ever hold
		expect(run(s, 'grep rootfs /proc/mounts')).toMatch(/size=454204k/);
	});

	it('remount changes the limit, not below what is used (the rootfs too); the kernel logs why', () => {
		const s = boot();
		run(s, 'mkdir /mnt/t; mount -t tmpfs -o size=1M tmpfs /mnt/t');
		expect(run(s, 'mount -o remount,size=2M /mnt/t; echo $?; grep /mnt/t /proc/mounts')).toBe(lines('0', 'tmpfs /mnt/t tmpfs rw,relatime,size=2048k,inode64 0 0'));
		run(s, 'fallocate -l 1500k /mnt/t/f');
		// the kernel's KERN_ERR line reaches the console (quiet keeps loglevel 4), then busybox's
		expect(run(s, 'mount -o remount,size=1M /mnt/t; echo $?')).toMatch(/^\[ *\d+\.\d{6}\] tmpfs: Too small a size for current use\nmount: mounting tmpfs on \/mnt\/t failed: Invalid argument\n255\n$/);
		expect(run(s, 'dmesg | tail -1 | cut -d" " -f2-')).toMatch(/tmpfs: Too small a size for current use\n$/);
		expect(run(s, 'mount -o remount,size=800M /; grep rootfs /proc/mounts')).toBe(lines('rootfs / rootfs rw,size=819200k,nr_inodes=113551,inode64 0 0'));
	});

	it('refuses bad options and places with the kernel\'s errors, busybox\'s messages and status 255', () => {
		const s = boot();
		run(s, 'mkdir /mnt/t');
		expect(run(s, 'mount -t tmpfs -o size=bogus tmpfs /mnt/t; echo $?')).toMatch(/tmpfs: Bad value for 'size'\nmount: mounting tmpfs on \/mnt\/t failed: Invalid argument\n255\n$/);
		expect(run(s, 'mount -t tmpfs -o foo=1 tmpfs /mnt/t; echo $?')).toMatch(/tmpfs: Unknown parameter 'foo'\nmount: mounting tmpfs on \/mnt\/t failed: Invalid argument\n255\n$/);
		expect(run(s, 'mount -t tmpfs tmpfs /nonexist; echo $?')).toBe(lines('mount: mounting tmpfs on /nonexist failed: No such file or directory', '255'));
		expect(run(s, 'mount -t nosuchfs x /mnt/t; echo $?')).toBe(lines('mount: mounting x on /mnt/t failed: No such device', '255'));
		expect(run(s, 'mount -t tmpfs /mnt/t; echo $?')).toBe(lines("mount: can't find /mnt/t in /etc/fstab", '1'));
		expect(run(s, 'mount none /mnt/t; echo $?')).toBe(lines('mount: mounting none on /mnt/t failed: No such file or directory', '255'));
		expect(run(s, 'mount -t ramfs none /mnt/t; mount -o ro -t tmpfs x /mnt/t')).toBe(lines(
			'memhp: mount: a ramfs filesystem is not simulated (tmpfs is)', 'memhp: mount: read-only mounts are not simulated'));
	});
});

describe('umount', () => {
	it('frees the files\' pages; a working directory inside keeps it busy; non-mounts are EINVAL', () => {
		const s = boot();
		const shmem = shmemKb(s);
		run(s, 'mkdir /mnt/t; touch /mnt/t/under; mount -t tmpfs tmpfs /mnt/t; fallocate -l 1M /mnt/t/f');
		expect(shmemKb(s) - shmem).toBe(1024);
		expect(run(s, 'ls /mnt/t')).toBe(lines('f'));
		expect(run(s, 'cd /mnt/t; umount /mnt/t; echo $?; cd /')).toBe(lines("umount: can't unmount /mnt/t: Device or resource busy", '1'));
		expect(run(s, 'umount /mnt/t; echo $?; ls /mnt/t')).toBe(lines('0', 'under'));
		expect(shmemKb(s)).toBe(shmem);
		expect(run(s, 'umount /mnt/t; umount /nonexist; umount /; echo $?')).toBe(lines("umount: can't unmount /mnt/t: Invalid argument",
			"umount: can't unmount /nonexist: No such file or directory", "umount: can't unmount /: Invalid argument", '1'));
		expect(run(s, 'umount /proc; echo $?')).toBe(lines('memhp: umount: unmounting /proc, which /init mounted, is not simulated', '1'));
	});

	it('mounts stack: the last one goes first; rename across tmpfs superblocks is EXDEV, mv copies', () => {
		const s = boot();
		run(s, 'mkdir /mnt/t; mount -t tmpfs -o size=1M a /mnt/t; touch /mnt/t/in-a; mount -t tmpfs -o size=2M b /mnt/t');
		expect(run(s, 'ls /mnt/t; grep /mnt/t /proc/mounts | wc -l')).toBe(lines('2'));
		run(s, 'umount /mnt/t');
		expect(run(s, 'ls /mnt/t; df /mnt/t | tail -1 | cut -c1-5')).toBe(lines('in-a', 'a    '));
		const shmem = shmemKb(s);
		expect(run(s, 'echo data > /tmp/x; mv /tmp/x /mnt/t/x; cat /mnt/t/x; ls /tmp/x')).toBe(lines('data', 'ls: /tmp/x: No such file or directory'));
		// one page, now a's: the rootfs's copy was freed
		expect(shmemKb(s)).toBe(shmem + 4);
		expect(run(s, 'df /mnt/t | tail -1 | tr -s " " | cut -d" " -f3')).toBe(lines('4'));
	});
});
