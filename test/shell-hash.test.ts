/**
 * ash's command hash table (`hash`), as Debian's busybox 1.35 shows it: only commands found by
 * the $PATH search are in it (the binary's own applets run without one), listed in the table's
 * bucket order; `-r` empties it, a PATH assignment too.
 */
import {describe, expect, it} from 'vitest';
import {guestShell} from './guest-shell.js';

function boot() {
	return guestShell();
}

describe('hash', () => {
	it('remembers what the $PATH search found, in bucket order, never an applet', () => {
		const sh = boot();
		expect(sh.run('ls > /dev/null; cat /dev/null; hash; echo rc=$?').output).toBe('rc=0\n');
		// chmem hashes to bucket 29, lsmem to 7 (((c << 4) + sum of the bytes) % 31)
		expect(sh.run('chmem 2>/dev/null; lsmem > /dev/null; hash').output).toBe('/usr/bin/lsmem\n/usr/bin/chmem\n');
		expect(sh.run('hash -r; hash; echo rc=$?').output).toBe('rc=0\n');
		expect(sh.run('hash lsmem ls /bin/ls; echo rc=$?; hash').output).toBe('rc=0\n/usr/bin/lsmem\n');
		expect(sh.run('PATH=$PATH; hash; echo done').output).toBe('done\n');
		// a subshell's lookups stay in the subshell
		expect(sh.run('(lsmem > /dev/null; hash); hash; echo done').output).toBe('/usr/bin/lsmem\ndone\n');
	});

	it('reports a name it cannot find and a bad option as ash does', () => {
		const sh = boot();
		expect(sh.run('hash nosuch; echo rc=$?').output).toBe('sh: hash: nosuch: not found\nrc=1\n');
		expect(sh.run('hash -x; echo rc=$?').output).toBe('sh: hash: illegal option -x\nrc=2\n');
	});
});
