/**
 * busybox 1.35 expr: every row was run through Debian's busybox-static 1.35.0 binary (the
 * goldens' userland) and its stdout, stderr and exit status recorded here.
 */
import {describe, expect, it} from 'vitest';
import {guestShell} from './guest-shell.js';

function boot() {
	return guestShell();
}

/** [arguments as typed, stdout, stderr, exit status] */
const REAL: [string, string, string, number][] = [
	['1 + 2', '3\n', '', 0],
	['128 \\* 1024', '131072\n', '', 0],
	['134217728 / 1048576', '128\n', '', 0],
	['-7 / 2', '-3\n', '', 0],
	['-7 % 2', '-1\n', '', 0],
	['a + 1', '', 'expr: non-numeric argument\n', 2],
	['1 / 0', '', 'expr: division by zero\n', 2],
	['abc : \'a\\(.\\)c\'', 'b\n', '', 0],
	['abc : \'b\'', '0\n', '', 1],
	['abc : \'^ab\'', '2\n', 'expr: warning: \'^ab\': using \'^\' as the first character\nof a basic regular expression is not portable; it is ignored\n', 0],
	['memory33 : \'memory\\([0-9]*\\)\'', '33\n', '', 0],
	['match memory33 \'mem\'', '3\n', '', 0],
	['substr hello 2 3', 'ell\n', '', 0],
	['substr hello 0 3', '\n', '', 1],
	['index hello lo', '3\n', '', 0],
	['length hello', '5\n', '', 0],
	['quote length', 'length\n', '', 0],
	['quote', '', 'expr: syntax error\n', 2],
	['\\( 1 + 2 \\) \\* 3', '9\n', '', 0],
	['\\( 1 + 2', '', 'expr: syntax error\n', 2],
	['1 2', '', 'expr: syntax error\n', 2],
	['\'\'', '\n', '', 1],
	['0', '0\n', '', 1],
	['00', '00\n', '', 0],
	['a = b', '0\n', '', 1],
	['2 \\< 10', '1\n', '', 0],
	['abc \\< abd', '1\n', '', 0],
	['01 = 1', '1\n', '', 0],
	['\'\' \\| b', 'b\n', '', 0],
	['a \\& 0', '0\n', '', 1],
	['9223372036854775807 + 1', '-9223372036854775808\n', '', 0],
	['99999999999999999999 + 0', '9223372036854775807\n', '', 0],
	['\' 12\' + 1', '13\n', '', 0],
	['\'12 \' + 1', '', 'expr: non-numeric argument\n', 2],
	['1 +', '', 'expr: syntax error\n', 2],
	['length length', '', 'expr: syntax error\n', 2],
	['x : \'a\\(\'', '', 'expr: bad regex \'a\\(\': Unmatched ( or \\(\n', 2],
	['', '', 'expr: too few arguments\n', 2],
];

describe('expr', () => {
	it.each(REAL)('expr %s', (args, stdout, stderr, status) => {
		const sh = boot();
		const r = sh.run(`expr ${args} >/tmp/o 2>/tmp/e; echo $?`);
		expect(Number(r.output)).toBe(status);
		expect(sh.run('cat /tmp/o').output).toBe(stdout);
		expect(sh.run('cat /tmp/e').output).toBe(stderr);
	});

	it('works out memory block numbers from sysfs and prints its usage for --help', () => {
		const sh = boot();
		const bs = sh.run('cat /sys/devices/system/memory/block_size_bytes').output.trim();
		expect(sh.run(`expr $((0x${bs})) / 1048576`).output).toBe('128\n');
		expect(sh.run('for b in /sys/devices/system/memory/memory*; do expr $b : \'.*memory\\([0-9]*\\)\'; done | sort -n | tail -1').output).toBe('7\n');
		const help = sh.run('expr --help 2>&1; echo rc=$?').output;
		expect(help).toMatch(/^BusyBox v1\.35\.0 .*\n\nUsage: expr EXPRESSION\n\nPrint the value of EXPRESSION\n/);
		expect(help).toMatch(/\nof characters matched or 0\.\nrc=0\n$/);
	});
});
