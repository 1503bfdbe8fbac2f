/**
 * mkswap, swapon, swapoff, dos2unix and unix2dos against the lab's guest (s54/r46 probe4). The
 * guest has no block device and no filesystem that can hold a swap file, so swapon refuses
 * every file with EINVAL (shmem has no read_folio) and free's Swap row stays 0.
 */
import {describe, expect, it} from 'vitest';
import {startSession, printed} from './session-helpers.js';

const boot = () => startSession(['-m', '512M,slots=2,maxmem=2G', '-kernel', 'bzImage']);
const USAGE = 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\n';

describe('swap', () => {
	it('mkswap writes a version-1 header: size, a version-4 UUID, the label, SWAPSPACE2', () => {
		const s = boot();
		const out = printed(s, 'serial', 'dd if=/dev/zero of=/tmp/sw bs=1M count=16 2>/dev/null; mkswap /tmp/sw; echo $?');
		expect(out).toMatch(/^Setting up swapspace version 1, size = 16773120 bytes\nUUID=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\n0\n$/);
		const dump = printed(s, 'serial', 'mkswap -L lbl /tmp/sw >/dev/null; od -A d -t x1 /tmp/sw | head -n 5');
		const lines = dump.split('\n');
		expect(lines[0]).toBe('0000000 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00');
		expect(lines[1]).toBe('*');
		// version 1, last page 4095, no bad pages, then the UUID
		expect(lines[2]).toMatch(/^0001024 01 00 00 00 ff 0f 00 00 00 00 00 00( [0-9a-f]{2}){4}$/);
		// ... the UUID's last 12 bytes and the label
		expect(lines[3]).toMatch(/^0001040( [0-9a-f]{2}){12} 6c 62 6c 00$/);
		expect(printed(s, 'serial', 'head -c 4096 /tmp/sw | tail -c 10; echo; stat -c %s /tmp/sw')).toBe('SWAPSPACE2\n16777216\n');
		// too small (16 KiB at least), KBYTES, a missing file, a proc file lseek() refuses, the usage
		expect(printed(s, 'serial', 'dd if=/dev/zero of=/tmp/tiny bs=1k count=4 2>/dev/null; mkswap /tmp/tiny; echo $?')).toBe('mkswap: image is too small\n1\n');
		expect(printed(s, 'serial', 'mkswap /tmp/sw 8; echo $?')).toBe('mkswap: image is too small\n1\n');
		expect(printed(s, 'serial', 'mkswap /nonexist; echo $?')).toBe("mkswap: can't open '/nonexist': No such file or directory\n1\n");
		expect(printed(s, 'serial', 'mkswap /proc/meminfo; echo $?')).toBe('mkswap: lseek(0, 2): Invalid argument\n1\n');
		expect(printed(s, 'serial', 'mkswap; echo $?')).toBe(`${USAGE}Usage: mkswap [-L LBL] BLOCKDEV [KBYTES]\n\nPrepare BLOCKDEV to be used as swap partition\n\n\t-L LBL\tLabel\n1\n`);
	});

	it('swapon and swapoff refuse every file here (EINVAL); free keeps Swap at 0', () => {
		const s = boot();
		printed(s, 'serial', 'dd if=/dev/zero of=/tmp/sw bs=1M count=16 2>/dev/null; mkswap /tmp/sw');
		expect(printed(s, 'serial', 'swapon /tmp/sw; echo $?')).toBe('swapon: /tmp/sw: Invalid argument\n1\n');
		expect(printed(s, 'serial', 'swapoff /tmp/sw; echo $?')).toBe('swapoff: /tmp/sw: Invalid argument\n1\n');
		expect(printed(s, 'serial', 'swapon /dev/null; echo $?')).toBe('swapon: /dev/null: Invalid argument\n1\n');
		expect(printed(s, 'serial', 'swapon /nonexist; echo $?')).toBe('swapon: /nonexist: No such file or directory\n1\n');
		expect(printed(s, 'serial', 'swapoff /nonexist; echo $?')).toBe('swapoff: /nonexist: No such file or directory\n1\n');
		expect(printed(s, 'serial', 'swapon -e /nonexist; echo $?')).toBe('0\n');
		expect(printed(s, 'serial', 'swapon /tmp; echo $?')).toBe('swapon: /tmp: Is a directory\n1\n');
		// busybox's own check: a sparse file has holes
		expect(printed(s, 'serial', 'truncate -s 1M /tmp/sparse; swapon /tmp/sparse; echo $?')).toBe('swapon: /tmp/sparse: file has holes\n1\n');
		expect(printed(s, 'serial', 'swapon -s; echo $?')).toMatch(/^swapon: invalid option -- 's'\n[^]*Usage: swapon \[-a\] \[-e\] \[-d\[POL\]\] \[DEVICE\]\n[^]*\n1\n$/);
		expect(printed(s, 'serial', 'swapon; echo $?')).toMatch(/^BusyBox [^]*Start swapping on DEVICE\n[^]*\t-e\tSilently skip devices that do not exist\n1\n$/);
		// -a: the swap entries of /etc/fstab (memhp's has none); without the file, its error
		expect(printed(s, 'serial', 'swapon -a; echo $?')).toBe('0\n');
		expect(printed(s, 'serial', 'mv /etc/fstab /tmp/fstab; swapon -a; echo $?; swapoff -a; echo $?')).toBe(
			"swapon: can't open '/etc/fstab': No such file or directory\n1\nswapoff: can't open '/etc/fstab': No such file or directory\n1\n");
		expect(printed(s, 'serial', 'echo "/tmp/sw none swap sw 0 0" > /etc/fstab; swapon -a; echo $?')).toBe('swapon: /tmp/sw: Invalid argument\n1\n');
		expect(printed(s, 'serial', 'free | tail -n 1; cat /proc/swaps')).toBe(
			'Swap:             0           0           0\nFilename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n');
	});
});

describe('dos2unix and unix2dos', () => {
	it('convert files in place or stdin to stdout; every CR goes, unix2dos puts one before each LF', () => {
		const s = boot();
		expect(printed(s, 'serial', 'printf "a\\r\\nb\\r\\n" > /tmp/d; dos2unix /tmp/d; echo $?; od -c /tmp/d')).toBe('0\n0000000   a  \\n   b  \\n\n0000004\n');
		expect(printed(s, 'serial', 'unix2dos /tmp/d; od -c /tmp/d')).toBe('0000000   a  \\r  \\n   b  \\r  \\n\n0000006\n');
		expect(printed(s, 'serial', 'printf "x\\r\\ny\\n" | dos2unix | od -c')).toBe('0000000   x  \\n   y  \\n\n0000004\n');
		expect(printed(s, 'serial', 'printf "x\\ny" | unix2dos | od -c')).toBe('0000000   x  \\r  \\n   y\n0000004\n');
		expect(printed(s, 'serial', 'dos2unix -u /tmp/d; unix2dos -d /tmp/d; od -c /tmp/d')).toBe('0000000   a  \\r  \\n   b  \\r  \\n\n0000006\n');
		expect(printed(s, 'serial', 'printf "a\\rb\\n" | unix2dos -d -u | od -c')).toBe('0000000   a   b  \\n\n0000003\n');
		expect(printed(s, 'serial', 'dos2unix /nonexist; echo $?')).toBe("dos2unix: can't open '/nonexist': No such file or directory\n1\n");
		expect(printed(s, 'serial', 'dos2unix --help')).toBe(
			`${USAGE}Usage: dos2unix [-ud] [FILE]\n\nConvert FILE in-place from DOS to Unix format.\nWhen no file is given, use stdin/stdout.\n\n\t-u\tdos2unix\n\t-d\tunix2dos\n`);
	});
});
