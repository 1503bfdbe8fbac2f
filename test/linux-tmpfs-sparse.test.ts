/**
 * tmpfs files that are not plain text: holes (truncate, dd seek=) have no pages, fallocate
 * gives a range pages of NULs, `yes` fills a file until the rootfs is full. The shell texts are
 * those of Debian's busybox 1.35, checked on a small tmpfs on a host (sizes, st_blocks, the
 * ENOSPC and EINVAL messages and exit statuses).
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {allocate, allocatedPages, fill, hole, materialize, slice, splice, text, type Extent} from '../source/machine/vfs/extents.js';
import {TmpFile, type ShmemAccountant} from '../source/machine/vfs/tmpfs.js';
import {printed, startSession} from './session-helpers.js';

function boot(): Session {
	return startSession(['-machine', 'pc', '-m', '1G,slots=4,maxmem=8G', '-kernel', 'bzImage', '-initrd', 'rootfs.cpio.gz', '-append', 'console=ttyS0 quiet nokaslr', '-nographic']);
}
const run = (s: Session, line: string) => printed(s, 'serial', line);
const lines = (...l: string[]) => l.map(x => `${x}\n`).join('');
const shmemKb = (s: Session) => Number(/^Shmem:\s+(\d+)/m.exec(run(s, 'cat /proc/meminfo'))![1]);

/** A filesystem of `max` pages that counts what is charged. */
function accountant(max: number): ShmemAccountant & {used: number} {
	const a = {
		used: 0,
		charge(delta: number) {
			if (delta > 0 && a.used + delta > max) return 'ENOSPC' as const;
			a.used += delta;
			return undefined;
		},
		room: () => ({pages: max - a.used, errno: 'ENOSPC' as const}),
		maxPages: () => max,
	};
	return a;
}

describe('extents', () => {
	it('keep bytes as text, repeated units and holes, and count the pages the data touches', () => {
		const e: Extent[] = [text('ab'), hole(8190), fill('y\n', 3)];
		expect(materialize(e)).toBe('ab' + '\0'.repeat(8190) + 'y\ny\ny\n');
		// page 0 (ab), page 1 only hole... no: the fill starts at 8192, page 2
		expect(allocatedPages(e)).toBe(2);
		expect(allocatedPages([hole(10000)])).toBe(0);
		expect(allocatedPages([hole(4095), text('x')])).toBe(1);
		expect(allocatedPages([text('x'), hole(4096), text('y')])).toBe(2);
	});

	it('slice, splice and allocate agree with the same operations on plain strings', () => {
		const arb = fc.array(fc.oneof(
			fc.string({maxLength: 9}).map(text),
			fc.tuple(fc.constantFrom('y\n', '\0', 'abc'), fc.integer({min: 0, max: 5})).map(([u, n]) => fill(u, n)),
			fc.integer({min: 0, max: 9}).map(hole),
		), {maxLength: 6});
		fc.assert(fc.property(arb, fc.nat(60), fc.nat(60), fc.string({maxLength: 7}), (ext, a, b, put) => {
			const plain = materialize(ext);
			const size = plain.length;
			const [from, to] = [Math.min(a, b, size), Math.min(Math.max(a, b), size)];
			expect(materialize(slice(ext, from, to))).toBe(plain.slice(from, to));
			const spliced = splice(ext, size, a, [text(put)]);
			const expected = (a > size ? plain + '\0'.repeat(a - size) : plain.slice(0, a)) + put + plain.slice(a + put.length);
			expect(materialize(spliced)).toBe(expected);
			const allocated = allocate(ext, size, from, a + 1);
			expect(materialize(allocated)).toBe(plain + '\0'.repeat(Math.max(0, a + 1 - size)));
			expect(allocatedPages(allocated)).toBeGreaterThanOrEqual(allocatedPages(ext));
		}));
	});
});

describe('TmpFile', () => {
	it('ftruncate: a longer file ends in a hole without pages, a shorter one gives its pages back', () => {
		const fs = accountant(100);
		const f = new TmpFile();
		f.attach(fs);
		expect(f.write('hello', false)).toBeUndefined();
		expect(fs.used).toBe(1);
		expect(f.setSize(1 << 20)).toBeUndefined();
		expect([f.size(), f.pages(), fs.used]).toEqual([1 << 20, 1, 1]);
		expect(f.setSize(3)).toBeUndefined();
		expect(f.read()).toBe('hel');
		expect(f.setSize(-1)).toBe('EINVAL');
		expect(f.setSize(0)).toBeUndefined();
		expect(fs.used).toBe(0);
	});

	it('fallocate: pages for the range only, ENOSPC at once past the filesystem, nothing changed when pages run out', () => {
		const fs = accountant(10);
		const f = new TmpFile();
		f.attach(fs);
		expect(f.fallocate(8192, 4096)).toBeUndefined();
		expect([f.size(), f.pages(), fs.used]).toEqual([12288, 1, 1]);
		expect(f.fallocate(0, 11 * 4096)).toBe('ENOSPC');
		expect(f.fallocate(0, 0)).toBe('EINVAL');
		f.write('x'.repeat(4096 * 5), true);
		expect(fs.used).toBe(6);
		// 5 more pages are needed, 4 are left: the file stays as it was
		expect(f.fallocate(f.size(), 5 * 4096)).toBe('ENOSPC');
		expect([f.pages(), fs.used]).toEqual([6, 6]);
	});

	it('appendFill writes whole units until the filesystem is full, then stops with its error', () => {
		const fs = accountant(3);
		const f = new TmpFile();
		f.attach(fs);
		expect(f.appendFill('y\n', Infinity)).toEqual({written: 3 * 4096, error: 'ENOSPC'});
		expect(f.size()).toBe(3 * 4096);
		const g = new TmpFile();
		const fs2 = accountant(1);
		g.attach(fs2);
		// a 3-byte unit does not divide the page: the last one is cut
		expect(g.appendFill('ab\n', Infinity).written).toBe(4096);
		expect((g.read() as string).slice(-4)).toBe('ab\na');
	});
});

describe('truncate, fallocate, yes, dd seek= and ls -s in the guest', () => {
	it('truncate makes sparse files and cuts them; its errors are busybox\'s', () => {
		const s = boot();
		const shmem = shmemKb(s);
		expect(run(s, 'truncate -s 1G /tmp/t; echo $?; ls -ls /tmp/t')).toMatch(/^0\n {5}0 -rw-r--r-- .* 1073741824 .*\/tmp\/t\n$/);
		expect(shmemKb(s)).toBe(shmem);
		expect(run(s, 'echo hello > /tmp/h; truncate -s 3 /tmp/h; cat /tmp/h; echo; truncate -s 8k /tmp/h; wc -c < /tmp/h; stat -c %b /tmp/h')).toBe(lines('hel', '8192', '8'));
		expect(run(s, 'truncate -c -s 10 /tmp/nofile; echo $?; ls /tmp/nofile')).toBe(lines('0', 'ls: /tmp/nofile: No such file or directory'));
		expect(run(s, 'truncate -s 5x /tmp/t; truncate -s 1m /tmp/t; truncate -s +5 /tmp/t; echo $?')).toBe(lines(
			"truncate: invalid number '5x'", "truncate: invalid number '1m'", "truncate: invalid number '+5'", '1'));
		expect(run(s, 'truncate -s 1k /tmp/nodir/x; truncate -s 0 /tmp; truncate -s 0 /dev/null; echo $?')).toBe(lines(
			'truncate: /tmp/nodir/x: open: No such file or directory', 'truncate: /tmp: open: Is a directory', 'truncate: /dev/null: truncate: Invalid argument', '1'));
		expect(run(s, 'truncate /tmp/t 2>&1 | head -3')).toBe(lines('BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.', '', 'Usage: truncate [-c] -s SIZE FILE...'));
	});

	it('fallocate gives pages (Shmem grows with them) and fails with ENOSPC past the rootfs size', () => {
		const s = boot();
		const shmem = shmemKb(s);
		expect(run(s, 'fallocate -l 100M /tmp/f; echo $?')).toBe(lines('0'));
		expect(shmemKb(s) - shmem).toBe(100 * 1024);
		expect(run(s, 'fallocate -o 8k -l 4k /tmp/s; stat -c "%s %b" /tmp/s')).toBe(lines('12288 8'));
		expect(run(s, 'fallocate -l 1G /tmp/g; echo $?; stat -c %s /tmp/g')).toBe(lines("fallocate: fallocate '/tmp/g': No space left on device", '1', '0'));
		// 400M fits the rootfs size= on its own, not with the 100M already there: all or nothing
		expect(run(s, 'fallocate -l 400M /tmp/g; echo $?; stat -c %b /tmp/g')).toBe(lines("fallocate: fallocate '/tmp/g': No space left on device", '1', '0'));
		expect(run(s, 'fallocate -l 0 /tmp/z; fallocate -l 1x /tmp/z; fallocate -l 1k /dev/null; fallocate -l 1k /tmp; echo $?')).toBe(lines(
			"fallocate: fallocate '/tmp/z': Invalid argument", "fallocate: invalid number '1x'", "fallocate: fallocate '/dev/null': No such device",
			"fallocate: can't open '/tmp': Is a directory", '1'));
		expect(run(s, 'fallocate -l 4KiB /tmp/k; stat -c %s /tmp/k; fallocate /tmp/k 2>&1 | sed -n 3p')).toBe(lines('4096', 'Usage: fallocate [-o OFS] -l LEN FILE'));
		run(s, 'rm /tmp/f /tmp/s /tmp/g /tmp/z /tmp/k');
		expect(shmemKb(s)).toBe(shmem);
	});

	it('yes into a file fills the rootfs and dies as busybox does; into a pipe it stays bounded', () => {
		const s = boot();
		const shmem = shmemKb(s);
		expect(run(s, 'yes > /tmp/y; echo $?')).toBe(lines('yes: (null): No space left on device', '1'));
		const size = Number(run(s, 'stat -c %s /tmp/y'));
		// the rootfs size= (454204k here) less what the initramfs holds
		expect(size).toBe((454204 - shmem) * 1024);
		expect(run(s, 'yes | head -2')).toBe(lines('y', 'y'));
		run(s, 'rm /tmp/y');
		expect(shmemKb(s)).toBe(shmem);
	});

	it('dd seek= cuts or extends the output to the offset, conv=notrunc writes inside it', () => {
		const s = boot();
		expect(run(s, 'dd if=/dev/zero of=/tmp/s bs=1k seek=100 count=4 2>/dev/null; stat -c "%s %b" /tmp/s')).toBe(lines('106496 8'));
		expect(run(s, 'echo hello > /tmp/h; dd if=/dev/zero of=/tmp/h bs=1 seek=2 count=1 2>/dev/null; wc -c < /tmp/h')).toBe(lines('3'));
		expect(run(s, 'echo hello > /tmp/h; dd if=/dev/zero of=/tmp/h bs=1 seek=2 count=1 conv=notrunc 2>/dev/null; tr "\\0" _ < /tmp/h')).toBe(lines('he_lo'));
		expect(run(s, 'echo abc > /tmp/src; dd if=/tmp/src of=/tmp/t bs=1 seek=3 2>/dev/null; tr "\\0" _ < /tmp/t')).toBe(lines('___abc'));
		expect(run(s, 'dd if=/dev/zero of=/tmp/h3 bs=1k seek=2 count=0 2>/dev/null; stat -c "%s %b" /tmp/h3')).toBe(lines('2048 0'));
	});

	it('ls -s shows allocated KiB before each name and a total; -i inode numbers; -h human sizes', () => {
		const s = boot();
		run(s, 'mkdir /tmp/d; cd /tmp/d; truncate -s 1M t; fallocate -l 16k f; echo hi > h; mkdir d; ln -s h l; cd /');
		expect(run(s, 'ls -s /tmp/d | cat')).toBe(lines('total 20', '     0 d', '    16 f', '     4 h', '     0 l', '     0 t'));
		expect(run(s, 'ls -sh /tmp/d | head -1')).toBe(lines('total 20K    '));
		expect(run(s, 'ls -lsh /tmp/d/f /tmp/d/t')).toMatch(/^ {4}16 -rw-r--r-- .* {10}16\.0K .* \/tmp\/d\/f\n {5}0 -rw-r--r-- .* {11}1\.0M .* \/tmp\/d\/t\n$/);
		// on the terminal, display_files() counts 5 columns for the block field
		expect(run(s, 'ls -s /tmp/d')).toBe(lines('total 20', '     0 d    16 f     4 h     0 l     0 t'));
		// -i: `%7llu ` first, the inode stat(1) shows; 8 more columns each on the terminal
		const ino = (n: string) => run(s, `stat -c %i /tmp/d/${n}`).trim().padStart(7);
		expect(run(s, 'ls -is /tmp/d/f /tmp/d/h | cat')).toBe(lines(`${ino('f')}     16 /tmp/d/f`, `${ino('h')}      4 /tmp/d/h`));
		expect(run(s, 'ls -i /tmp/d/f /tmp/d/h')).toBe(`${ino('f')} /tmp/d/f  ${ino('h')} /tmp/d/h\n`);
	});
});

describe('du (checked against Debian\'s busybox 1.35 on a tmpfs)', () => {
	function tree(): Session {
		const s = boot();
		run(s, 'mkdir -p /tmp/tt/a/b; cd /tmp/tt; fallocate -l 8k a/f; fallocate -l 12k a/b/g; echo hi > h; truncate -s 1M sp; ln -s h l; ln -s nowhere dl; cd /');
		return s;
	}

	it('sums pages per directory in readdir order (newest first); a sparse file counts only its pages', () => {
		const s = tree();
		expect(run(s, 'du /tmp/tt')).toBe(lines('12\t/tmp/tt/a/b', '20\t/tmp/tt/a', '24\t/tmp/tt'));
		expect(run(s, 'du -a /tmp/tt/')).toBe(lines('0\t/tmp/tt/dl', '0\t/tmp/tt/l', '0\t/tmp/tt/sp', '4\t/tmp/tt/h', '8\t/tmp/tt/a/f',
			'12\t/tmp/tt/a/b/g', '12\t/tmp/tt/a/b', '20\t/tmp/tt/a', '24\t/tmp/tt/'));
		expect(run(s, 'du -s /tmp/tt/a /tmp/tt/h /tmp/tt/sp /tmp/tt/l')).toBe(lines('20\t/tmp/tt/a', '4\t/tmp/tt/h', '0\t/tmp/tt/sp', '0\t/tmp/tt/l'));
	});

	it('units: -h one decimal, -m rounded up, -b apparent sizes (the last of -h -k -m wins), -c a total', () => {
		const s = tree();
		expect(run(s, 'du -sh /tmp/tt; du -h /tmp/tt/a')).toBe(lines('24.0K\t/tmp/tt', '12.0K\t/tmp/tt/a/b', '20.0K\t/tmp/tt/a'));
		expect(run(s, 'du -m /tmp/tt/a')).toBe(lines('1\t/tmp/tt/a/b', '1\t/tmp/tt/a'));
		expect(run(s, 'du -b /tmp/tt/a')).toBe(lines('12348\t/tmp/tt/a/b', '20620\t/tmp/tt/a'));
		expect(run(s, 'du -h -k /tmp/tt/a/b; du -k -h /tmp/tt/a/b; du -b -h /tmp/tt/a/b')).toBe(lines('12\t/tmp/tt/a/b', '12.0K\t/tmp/tt/a/b', '12.1K\t/tmp/tt/a/b'));
		expect(run(s, 'du -c /tmp/tt/a /tmp/tt/h')).toBe(lines('12\t/tmp/tt/a/b', '20\t/tmp/tt/a', '4\t/tmp/tt/h', '24\ttotal'));
	});

	it('depth (-d, -s: the last wins), links (-L), errors', () => {
		const s = tree();
		expect(run(s, 'du -d 0 /tmp/tt/a; du -s -d 1 /tmp/tt/a; du -as /tmp/tt/a')).toBe(lines('20\t/tmp/tt/a', '12\t/tmp/tt/a/b', '20\t/tmp/tt/a', '20\t/tmp/tt/a'));
		// -L: l counts h again; the dangling dl cannot be followed
		expect(run(s, 'du -L -s /tmp/tt; echo $?; du /tmp/tt/dl')).toBe(lines('du: /tmp/tt/dl: No such file or directory', '28\t/tmp/tt', '1', '0\t/tmp/tt/dl'));
		expect(run(s, 'du -L /tmp/tt/dl; echo $?')).toBe(lines('du: /tmp/tt/dl: No such file or directory', '1'));
		expect(run(s, 'du -d x /tmp/tt; echo $?; du /nosuch; echo $?')).toBe(lines("du: invalid number 'x'", '1', 'du: /nosuch: No such file or directory', '1'));
		expect(run(s, 'du -s /sys /proc')).toBe(lines('0\t/sys', '0\t/proc'));
		// an empty name is no file, not the working directory
		expect(run(s, "du ''; echo $?")).toBe(lines('du: : No such file or directory', '1'));
	});
});
