/**
 * The busybox binary called by its own name (appletlib.c busybox_main()). The help's layout was
 * checked byte for byte against Debian's busybox 1.35 on this machine, given that binary's applet
 * list (`busyboxHelp(80, names)`); the guest's list is busybox-static's.
 */
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

describe('busybox', () => {
	it('without arguments: banner, usage and the applets wrapped at 79 columns, exit 0', () => {
		const sh = setup();
		const help = out(sh, 'busybox; echo rc=$?');
		expect(help.startsWith('BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\nBusyBox is copyrighted by many authors between 1998-2015.\n')).toBe(true);
		expect(help).toContain('\nCurrently defined functions:\n\t[, [[, acpid, adjtimex, ar, arch, arp, arping, ascii, ash, awk, base64,\n');
		expect(help.endsWith('xzcat, yes,\n\tzcat\nrc=0\n')).toBe(true);
		for (const line of help.split('\n')) expect(line.replace(/\t/g, '      ').length).toBeLessThanOrEqual(79);
		expect(out(sh, 'busybox --help')).toBe(busyboxHelp());
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
		// The binary in /bin is not one of its applets.
		expect(list.length).toBe(APPLETS.length - 1);
		expect(list).not.toContain('busybox');
		expect(list.slice(0, 3)).toEqual(['[', '[[', 'acpid']);
		expect(out(sh, 'busybox --list-full | grep -E "/(cat|free|ip|chroot)$"')).toBe('bin/cat\nusr/sbin/chroot\nusr/bin/free\nsbin/ip\n');
	});

	it('runs an applet by name or by path; an unknown name is "applet not found" (127)', () => {
		const sh = setup();
		expect(out(sh, 'busybox echo hi there')).toBe('hi there\n');
		expect(out(sh, 'busybox /any/dir/seq 3')).toBe('1\n2\n3\n');
		expect(out(sh, 'busybox cat /proc/nope; echo rc=$?')).toBe('cat: can\'t open \'/proc/nope\': No such file or directory\nrc=1\n');
		expect(out(sh, 'busybox frobnicate; echo rc=$?')).toBe('frobnicate: applet not found\nrc=127\n');
		expect(out(sh, 'busybox top; echo rc=$?')).toBe('memhp: top: not simulated\nrc=127\n');
	});
});
