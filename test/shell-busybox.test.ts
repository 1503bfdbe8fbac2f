/**
 * The busybox binary called by its own name (appletlib.c busybox_main()), against the output of
 * Debian's busybox-static 1.35 (1:1.35.0-4+deb12u1+b1, the goldens' build) saved in
 * test/fixtures/busybox: `busybox` (help, 80 columns) and `busybox --list-full`.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {busyboxHelp} from '../source/machine/shell/applets/busybox.js';
import {Shell} from '../source/machine/shell/index.js';
import {APPLETS} from '../source/machine/vfs/applets.js';
import {FakeKernel} from './shell-fake.js';

function setup() {
	const k = new FakeKernel(8);
	return new Shell(k.syscalls(), {columns: 80});
}
const out = (sh: Shell, line: string) => sh.run(line).output;
const fixture = (name: string) => readFileSync(new URL(`fixtures/busybox/${name}`, import.meta.url), 'utf8');

describe('busybox', () => {
	it('without arguments: banner, usage and the applets wrapped at 79 columns, exit 0', () => {
		const sh = setup();
		const help = out(sh, 'busybox; echo rc=$?');
		expect(help.startsWith('BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\nBusyBox is copyrighted by many authors between 1998-2015.\n')).toBe(true);
		expect(help).toContain('\nCurrently defined functions:\n\t[, [[, acpid, adjtimex, ar, arch, arp, arping, ascii, ash, awk, base64,\n');
		expect(help).toBe(`${fixture('help.txt')}rc=0\n`);
		for (const line of help.split('\n')) expect(line.replace(/\t/g, '      ').length).toBeLessThanOrEqual(79);
		expect(out(sh, 'busybox --help')).toBe(busyboxHelp());
		expect(busyboxHelp()).toBe(fixture('help.txt'));
		// `busybox busybox` is busybox_main() again
		expect(out(sh, 'busybox busybox')).toBe(fixture('help.txt'));
		// Written to stderr after dup2(1, 2): it follows stdout into a pipe.
		expect(out(sh, 'busybox | wc -l')).toBe(`${busyboxHelp().split('\n').length - 1}\n`);
	});

	it('wraps the way busybox_main() does: a name that would reach the last column starts a new line', () => {
		expect(busyboxHelp(80, ['aaaa', 'b'.repeat(60), 'cc', 'dddddddd']).split('Currently defined functions:\n')[1])
			.toBe(`\taaaa, ${'b'.repeat(60)}, cc,\n\tdddddddd\n`);
	});

	it('--list and --list-full: every applet, the full form with its install directory', () => {
		const sh = setup();
		const list = out(sh, 'busybox --list').trim().split('\n');
		// The Debian build lists itself, and linuxrc (installed in /, so no directory in --list-full).
		expect(list.length).toBe(APPLETS.length + 1);
		expect(list).toContain('busybox');
		expect(list.slice(0, 3)).toEqual(['[', '[[', 'acpid']);
		expect(out(sh, 'busybox --list-full')).toBe(fixture('list-full.txt'));
		expect(out(sh, 'busybox --list-full | grep -E "/(cat|free|ip|chroot)$"')).toBe('bin/cat\nusr/sbin/chroot\nusr/bin/free\nsbin/ip\n');
	});

	it('runs an applet by name or by path; an unknown name is "applet not found" (127)', () => {
		const sh = setup();
		expect(out(sh, 'busybox echo hi there')).toBe('hi there\n');
		expect(out(sh, 'busybox /any/dir/seq 3')).toBe('1\n2\n3\n');
		expect(out(sh, 'busybox cat /proc/nope; echo rc=$?')).toBe('cat: can\'t open \'/proc/nope\': No such file or directory\nrc=1\n');
		expect(out(sh, 'busybox frobnicate; echo rc=$?')).toBe('frobnicate: applet not found\nrc=127\n');
		expect(out(sh, 'busybox cal; echo rc=$?')).toBe('memhp: cal: not simulated\nrc=127\n');
		// no embedded scripts in this build: --show is taken for an applet's name
		expect(out(sh, 'busybox --show x; echo rc=$?')).toBe('--show: applet not found\nrc=127\n');
	});

	it('--install -s [DIR] links every applet to /bin/busybox; existing names are left alone', () => {
		const sh = setup();
		expect(out(sh, 'busybox --install -s /nonexist 2>&1 | head -2')).toBe('busybox: /nonexist/[: No such file or directory\nbusybox: /nonexist/[[: No such file or directory\n');
		expect(out(sh, 'mkdir /tmp/bb && busybox --install -s /tmp/bb/; echo rc=$?; ls /tmp/bb | wc -l; readlink /tmp/bb/free; readlink /tmp/bb/linuxrc')).toBe('rc=0\n269\n/bin/busybox\n/bin/busybox\n');
		expect(out(sh, 'busybox --install -s; echo rc=$?')).toBe('rc=0\n');
		expect(out(sh, 'busybox --install; echo rc=$?')).toBe('rc=0\n');
	});

	it('--install DIR makes hard links: the same inode as /bin/busybox, counted in its links', () => {
		const sh = setup();
		expect(out(sh, 'mkdir /tmp/hb && busybox --install /tmp/hb; echo rc=$?; ls /tmp/hb | wc -l')).toBe('rc=0\n269\n');
		expect(out(sh, 'ls -l /tmp/hb/free | cut -c1; [ /tmp/hb/free -ef /bin/busybox ] && echo same; stat -c %h /bin/busybox')).toBe('-\nsame\n270\n');
	});
});
