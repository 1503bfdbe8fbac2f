import {kmsgReader, type CharDevNode, type DirNode, type KmsgDevice} from './node.js';
import {TmpDir, TmpFile, tmpSymlink} from './tmpfs.js';
import {APPLETS, type AppletDir} from './applets.js';

/**
 * The guest's initramfs, unpacked into tmpfs as the kernel does for an initrd without
 * `root=`: Debian's static busybox 1.35 with its applet symlinks (`busybox --install -s`),
 * util-linux's lsmem/chmem, a minimal /etc, device nodes and the `/init` script that mounts
 * /proc and /sys and starts `sh` on the console.
 */
export interface RootfsOptions {
	/** Filesystems to mount, by absolute path of the mount point (e.g. '/sys', '/proc'). */
	mounts: Record<string, DirNode>;
	/** Seconds since the epoch when the initramfs was unpacked (mtime of its files). */
	mountTime: number;
	/** /dev/kmsg: the kernel's log (PrintkRing.devkmsgWrite() and devkmsgRead()). */
	kmsg?: KmsgDevice;
}

const INIT = `#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
hostname memhp
exec setsid cttyhack sh
`;

const ETC: Record<string, string> = {
	passwd: 'root:x:0:0:root:/root:/bin/sh\n',
	group: 'root:x:0:\n',
	hostname: 'memhp\n',
	inittab: '::sysinit:/etc/init.d/rcS\n::respawn:-/bin/sh\n::ctrlaltdel:/sbin/reboot\n::shutdown:/bin/umount -a -r\n',
	profile: 'export PATH=/sbin:/usr/sbin:/bin:/usr/bin\n',
	fstab: 'proc\t/proc\tproc\tdefaults\t0\t0\nsysfs\t/sys\tsysfs\tdefaults\t0\t0\n',
};

/** Character devices of a devtmpfs on a PC: [name, major, minor, mode]. */
const DEVICES: [string, number, number, number][] = [
	['null', 1, 3, 0o666],
	['zero', 1, 5, 0o666],
	['full', 1, 7, 0o666],
	['random', 1, 8, 0o666],
	['urandom', 1, 9, 0o666],
	['kmsg', 1, 11, 0o644],
	['tty', 5, 0, 0o666],
	['console', 5, 1, 0o600],
	['ttyS0', 4, 64, 0o620],
];

/**
 * The rest of the lab guest's devtmpfs, which memhp lists but does not simulate (opening one
 * fails with EMEMHP): [name, major, minor, mode].
 */
const UNSIMULATED_DEVICES: [string, number, number, number][] = [
	['cpu_dma_latency', 10, 125, 0o600], ['hpet', 10, 228, 0o600], ['hwrng', 10, 183, 0o600], ['mem', 1, 1, 0o600], ['port', 1, 4, 0o600],
	['psaux', 10, 1, 0o600], ['ptmx', 5, 2, 0o666], ['rtc0', 251, 0, 0o600], ['snapshot', 10, 231, 0o600],
	...Array.from({length: 64}, (_, i): [string, number, number, number] => [`tty${i}`, 4, i, 0o600]),
	['ttyS1', 4, 65, 0o600], ['ttyS2', 4, 66, 0o600], ['ttyS3', 4, 67, 0o600],
	['userfaultfd', 10, 126, 0o600], ['vcs', 7, 0, 0o600], ['vcs1', 7, 1, 0o600], ['vcsa', 7, 128, 0o600], ['vcsa1', 7, 129, 0o600],
	['vcsu', 7, 64, 0o600], ['vcsu1', 7, 65, 0o600], ['vga_arbiter', 10, 127, 0o600],
];

function unsimulatedChardev(rdev: [number, number], mode: number, mtime: number): CharDevNode {
	return {kind: 'chardev', rdev, mode, mtime, unsimulated: true, read: () => 'EMEMHP', write: () => 'EMEMHP'};
}

/** mem-class devices (major 1) whose reads never reach end of file: zero, full, random, urandom. */
export const ENDLESS_CHARDEVS: ReadonlySet<string> = new Set(['1:5', '1:7', '1:8', '1:9']);

function chardev(name: string, rdev: [number, number], mode: number, mtime: number, kmsg?: KmsgDevice): CharDevNode {
	// Reads of /dev/zero and /dev/random would be endless; bounded, deterministic stand-ins
	// (one 4 KiB read; readers such as cat know these devices never end, see ENDLESS_CHARDEVS).
	// The random devices give a fixed pseudo-random sequence (xorshift32) so replays repeat.
	let seed = 0x2545f491;
	const read = (): string => {
		switch (name) {
			case 'zero':
			case 'full':
				return '\0'.repeat(4096);
			case 'kmsg':
				// (what one open reads before it waits: every record there is)
				return kmsg ? kmsgReader(kmsg).rest() : '';
			case 'random':
			case 'urandom': {
				let out = '';
				for (let i = 0; i < 4096; i++) {
					seed ^= seed << 13;
					seed ^= seed >>> 17;
					seed ^= seed << 5;
					// 7-bit: guest data are JS strings written out as UTF-8, so a char >= 0x80
					// would count as two bytes in `wc -c`.
					out += String.fromCharCode(seed & 0x7f);
				}
				return out;
			}
			default:
				return '';
		}
	};
	return {
		kind: 'chardev',
		rdev,
		mode,
		mtime,
		read,
		write: data => (name === 'full' ? 'ENOSPC' : name === 'kmsg' ? kmsg?.write(data) : undefined),
		...(name === 'kmsg' && kmsg ? {kmsg} : {}),
	};
}

function mkdirs(root: TmpDir, path: string, mtime: number): TmpDir {
	let dir = root;
	for (const c of path.split('/').filter(Boolean)) {
		let next = dir.lookup(c);
		if (!next) {
			next = new TmpDir({mode: c === 'tmp' ? 0o1777 : c === 'root' ? 0o700 : 0o755, mtime});
			dir.create(c, next);
		}
		if (!(next instanceof TmpDir)) throw new Error(`rootfs: ${path} is not a directory`);
		dir = next;
	}
	return dir;
}

/** Where `busybox --install -s` puts each applet, and the symlink target it writes. */
const DIRS: Record<AppletDir, {path: string; target: string}> = {
	bin: {path: '/bin', target: 'busybox'},
	sbin: {path: '/sbin', target: '../bin/busybox'},
	usrbin: {path: '/usr/bin', target: '../../bin/busybox'},
	usrsbin: {path: '/usr/sbin', target: '../../bin/busybox'},
};

/** Builds the initramfs tree and mounts `opts.mounts` on it. */
export function buildRootfs(opts: RootfsOptions): DirNode {
	const t = opts.mountTime;
	const root = new TmpDir({mode: 0o755, mtime: t});
	for (const d of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'root', 'tmp', 'dev', 'proc', 'sys', 'mnt', 'var/log', 'run']) {
		mkdirs(root, d, t);
	}
	// The static busybox binary: content is a stand-in (an ELF header would be binary noise).
	const bin = mkdirs(root, 'bin', t);
	bin.create('busybox', new TmpFile('\x7fELF', {mode: 0o755, mtime: t}));
	for (const [name, where] of APPLETS) {
		const d = DIRS[where];
		const dir = mkdirs(root, d.path, t);
		if (!dir.lookup(name)) dir.create(name, tmpSymlink(d.target, {mode: 0o777, mtime: t}));
	}
	// util-linux programs copied into the initramfs next to busybox.
	const usrbin = mkdirs(root, 'usr/bin', t);
	for (const prog of ['lsmem', 'chmem']) usrbin.create(prog, new TmpFile('\x7fELF', {mode: 0o755, mtime: t}));
	const etc = mkdirs(root, 'etc', t);
	for (const [name, content] of Object.entries(ETC)) etc.create(name, new TmpFile(content, {mode: 0o644, mtime: t}));
	const dev = mkdirs(root, 'dev', t);
	for (const [name, major, minor, mode] of DEVICES) dev.create(name, chardev(name, [major, minor], mode, t, opts.kmsg));
	for (const [name, major, minor, mode] of UNSIMULATED_DEVICES) dev.create(name, unsimulatedChardev([major, minor], mode, t));
	// The PS/2 mouse's input node (the only input device a `pc` machine's guest registers here).
	mkdirs(root, 'dev/input', t).create('mice', unsimulatedChardev([13, 63], 0o600, t));
	root.create('init', new TmpFile(INIT, {mode: 0o755, mtime: t}));
	// The init applet's other name, which busybox installs at the root (the lab's `ls /` has it).
	root.create('linuxrc', tmpSymlink('bin/busybox', {mode: 0o777, mtime: t}));
	for (const [path, fs] of Object.entries(opts.mounts)) {
		const parts = path.split('/').filter(Boolean);
		const name = parts.pop();
		if (!name) throw new Error(`rootfs: cannot mount on ${path}`);
		const parent = mkdirs(root, parts.join('/'), t);
		parent.remove(name);
		parent.mount(name, fs);
	}
	return root;
}
