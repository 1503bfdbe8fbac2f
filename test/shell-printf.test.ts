/**
 * busybox 1.35 printf, as ash's builtin and as the applet: every row was run through Debian's
 * busybox-static 1.35.0 (the goldens' userland) as `{ COMMAND; } 2>&1` and its output recorded.
 */
import {describe, expect, it} from 'vitest';
import {guestShell} from './guest-shell.js';

function boot() {
	return guestShell();
}

/** [command line, what it wrote to stdout and stderr] */
const REAL: [string, string][] = [
	['printf \'%d|%d|%d|%d|%d\\n\' 12 -12 +12 0x1f 010', '12|-12|12|31|8\n'],
	['printf \'%d\\n\' "\'a"', '97\n'],
	['printf \'%d\\n\' 1.5; echo rc=$?', 'sh: invalid number \'1.5\'\n0\nrc=1\n'],
	['printf \'%d\\n\' abc; echo rc=$?', 'sh: invalid number \'abc\'\n0\nrc=1\n'],
	['printf \'%d|\\n\' \'\'', 'sh: invalid number \'\'\n0|\n'],
	['printf \'%d\\n\' 99999999999999999999; echo rc=$?', 'sh: invalid number \'99999999999999999999\'\n0\nrc=1\n'],
	['printf \'%d %d\\n\' 9223372036854775807 -9223372036854775808', '9223372036854775807 -9223372036854775808\n'],
	['printf \'%u\\n\' 18446744073709551615', '18446744073709551615\n'],
	['printf \'%u %u\\n\' -1 -3', '18446744073709551615 18446744073709551613\n'],
	['printf \'%x %X %o\\n\' 255 255 8', 'ff FF 10\n'],
	['printf \'%x\\n\' -1', 'ffffffffffffffff\n'],
	['printf \'%#x %#o %#X\\n\' 255 8 0', '0xff 010 0\n'],
	['printf \'%5d|%-5d|%05d|%+d|% d\\n\' 42 42 42 42 42', '   42|42   |00042|+42| 42\n'],
	['printf \'%.3d|%8.3d|%-8.3d|\\n\' 7 7 7', '007|     007|007     |\n'],
	['printf \'%*d|%-*d|\\n\' 6 1 6 2', '     1|2     |\n'],
	['printf \'%.*d|\\n\' 4 3', '0003|\n'],
	['printf \'%c|%c|\\n\' hello \'\'', 'h|\0|\n'],
	['printf \'%.2s|%5.1s|\\n\' hello world', 'he|    w|\n'],
	['printf \'%s %s\\n\' a b c', 'a b\nc \n'],
	['printf \'%s\\n\'', '\n'],
	['printf \'x\\cy\\n\'; echo', 'x\n'],
	['printf \'%b|\\n\' \'a\\cb\'; echo', 'a\n'],
	['printf \'%z\\n\' 1; echo rc=$?', 'sh: %\\n: invalid format\nrc=1\n'],
	['printf; echo rc=$?', 'sh: usage: printf FORMAT [ARGUMENT...]\nrc=2\n'],
	['printf \'%%|%5%|\\n\'', '%|sh: %5%|\\n: invalid format\n'],
	['printf \'%i\\n\' 0x10', '16\n'],
	['printf \'%d\\n\' 0x; echo rc=$?', 'sh: invalid number \'0x\'\n0\nrc=1\n'],
	['printf \'%x\\n\' 12abc; echo rc=$?', 'sh: invalid number \'12abc\'\n0\nrc=1\n'],
	['printf \'%o\\n\' -8', '1777777777777777777770\n'],
	['printf \'%d\\n\' \' 12\'; echo rc=$?', '12\nrc=0\n'],
	['printf \'%d\\n\' \'12 \'; echo rc=$?', 'sh: invalid number \'12 \'\n0\nrc=1\n'],
	['printf \'%ld %lld %hd\\n\' 1 2 3', '1 2 3\n'],
	['printf \'%5s|%-5s|\\n\' ab cd', '   ab|cd   |\n'],
	['printf \'%f %.2f %e %g\\n\' 1 2.345 1234.5 0.00001', '1.000000 2.35 1.234500e+03 1e-05\n'],
	['printf \'%d\\n\' 1e3; echo rc=$?', 'sh: invalid number \'1e3\'\n0\nrc=1\n'],
	['printf \'\\101\\x42\\0103|\\n\'', 'AB\b3|\n'],
	['printf \'%s\\n\' -- x', '--\nx\n'],
	['printf \'%f|%s|%e|\\n\'; echo rc=$?', '0.000000||0.000000e+00|\nrc=0\n'],
	['printf \'%f\\n\' abc; echo rc=$?', 'sh: invalid number \'abc\'\n0.000000\nrc=1\n'],
	['printf \'%f %f\\n\' \' 1.5\' 0x10', '1.500000 16.000000\n'],
	['printf \'%*d|%-*d|\\n\' -5 1 x 2; echo rc=$?', '1    |sh: invalid number \'x\'\n2|\nrc=0\n'],
	['printf \'%.*f|\\n\' 2 3.14159', '3.14|\n'],
	['printf \'\\q\\\\|\\x41|\\101\\n\'', '\\q\\|A|A\n'],
	['printf \'%b|\\n\' \'\\0101\\101\\x41\\c\'; echo', 'AAA\n'],
	['printf \'a%sb\\n\' 1 2 3', 'a1b\na2b\na3b\n'],
	['printf \'%s-%s\\n\' 1 2 3', '1-2\n3-\n'],
	['printf \'%5c|\\n\' xyz', '    x|\n'],
	['printf \'%G %E\\n\' 0.000012345 123', '1.2345E-05 1.230000E+02\n'],
	['printf \'%d %s\\n\' \'"b\' "\'c"', '98 \'c\n'],
	['printf -- \'-%s-\\n\' x', '-x-\n'],
	['busybox printf; echo rc=$?', 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: printf FORMAT [ARG]...\n\nFormat and print ARG(s) according to FORMAT (a-la C printf)\nrc=1\n'],
	['busybox printf \'%d\\n\' x; echo rc=$?', 'printf: invalid number \'x\'\n0\nrc=1\n'],
	['printf \'%d %d\\n\' 1 x 2; echo rc=$?', '1 sh: invalid number \'x\'\n0\n2 sh: invalid number \'\'\n0\nrc=1\n'],
	['printf \'%+u|% x|%#5x|%-#5o|\\n\' 5 5 10 8', '5|5|  0xa|010  |\n'],
	['printf \'%05s|%-05d|%+05d|%#08x|\\n\' ab 3 4 255', '   ab|3    |+0004|0x0000ff|\n'],
	['printf \'%.3s|%.10d|%.0d|%.0x|\\n\' abcdef -5 0 0', 'abc|-0000000005|||\n'],
];

describe('printf', () => {
	it.each(REAL)('%s', (cmd, output) => {
		expect(boot().run(`{ ${cmd}; } 2>&1`).output).toBe(output);
	});

	it('formats memory sizes from sysfs as 64-bit numbers', () => {
		const sh = boot();
		expect(sh.run('printf "%d MiB\\n" $((0x$(cat /sys/devices/system/memory/block_size_bytes) / 1048576))').output).toBe('128 MiB\n');
		expect(sh.run("printf '%#x %u\\n' 0x100000000 -1").output).toBe('0x100000000 18446744073709551615\n');
	});
});

/**
 * Escapes make bytes, and files hold bytes: what Debian's busybox 1.35 wrote for these (a
 * byte that is no UTF-8 shows in od, and counts one).
 */
const BYTES: [string, string][] = [
	["printf '\\303\\251t\\303\\251\\n' > u; cat u; wc -c u; od -c u", 'été\n6 u\n0000000 303 251   t 303 251  \\n\n0000006\n'],
	["printf '\\200\\n' | od -c; printf '\\200' > v; ls -l v | cut -c30-43; wc -c < v", '0000000 200  \\n\n0000002\n             1\n1\n'],
	["echo -e 'a\\303\\251b' | od -c", '0000000   a 303 251   b  \\n\n0000005\n'],
	["printf '%5s|\\n' é; printf '%c\\n' é | od -c", '   é|\n0000000 303  \\n\n0000002\n'],
	["printf '\\303' | od -c; printf '\\303\\n' | sed 's/x/y/' | od -c", '0000000 303\n0000001\n0000000 303  \\n\n0000002\n'],
	["printf 'x\\377y\\n' | tr -d y | od -c", '0000000   x 377  \\n\n0000003\n'],
	["echo $'\\303\\251' | wc -c", '3\n'],
];

describe('bytes', () => {
	it.each(BYTES)('%s', (cmd, output) => {
		const sh = boot();
		sh.run('cd /tmp');
		expect(sh.run(`{ ${cmd}; } 2>&1 | cat`).output).toBe(output);
	});
});
