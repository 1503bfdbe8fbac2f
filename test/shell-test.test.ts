/**
 * busybox 1.35 test / [ / [[ (ash's builtins): every row was run through Debian's
 * busybox-static 1.35.0 (the goldens' userland) as `{ COMMAND; } 2>&1` in a directory holding
 * a.txt and b.txt, and its output recorded.
 */
import {describe, expect, it} from 'vitest';
import {guestShell} from './guest-shell.js';

function boot() {
	const sh = guestShell();
	sh.run('cd /tmp; echo x > a.txt; echo y > b.txt');
	return sh;
}

/** [command line, what it wrote to stdout and stderr] */
const REAL: [string, string][] = [
	['[ 1 -lt ]; echo $?', 'sh: -lt: argument expected\n2\n'],
	['[ 1 = ]; echo $?', 'sh: =: argument expected\n2\n'],
	['[ x y ]; echo $?', 'sh: y: unknown operand\n2\n'],
	['[ x y z ]; echo $?', 'sh: y: unknown operand\n2\n'],
	['[ \\( ]; echo $?', '0\n'],
	['[ -f ]; echo $?', '0\n'],
	['[ 1 -eq a ]; echo $?', 'sh: a: bad number\n2\n'],
	['[ a -a ]; echo $?', 'sh: argument expected\n2\n'],
	['test 1 2 3; echo $?', 'sh: 2: unknown operand\n2\n'],
	['[ 1; echo $?', 'sh: missing ]\n2\n'],
	['[ ! ]; echo $?', '0\n'],
	['[ -z ]; echo $?', '0\n'],
	['test; echo $?', '1\n'],
	['[ = ]; echo $?', '0\n'],
	['[ = = = ]; echo $?', '0\n'],
	['[ ! = ]; echo $?', '1\n'],
	['[ -n = ]; echo $?', '0\n'],
	['[ \\( x \\) ]; echo $?', '0\n'],
	['[ \\( -z x \\) -o x ]; echo $?', '0\n'],
	['[ 1 -eq 1 -a ]; echo $?', 'sh: argument expected\n2\n'],
	['[ x -o ]; echo $?', 'sh: argument expected\n2\n'],
	['[ -d /tmp -a -e /nonexist ]; echo $?', '1\n'],
	['[ a \\< b ]; echo $?', '0\n'],
	['[ 01 -eq 1 ]; echo $?', '0\n'],
	['[ \' 1\' -eq 1 ]; echo $?', '0\n'],
	['[ 1x -eq 1 ]; echo $?', 'sh: 1x: bad number\n2\n'],
	['[ 99999999999999999999 -gt 1 ]; echo $?', 'sh: 99999999999999999999: out of range\n2\n'],
	['[ -1 -lt 0 ]; echo $?', '0\n'],
	['[ /bin -ef /bin ]; echo $?', '0\n'],
	['[ a.txt -ot b.txt ]; echo $?', '1\n'],
	['[ -e ]; echo $?', '0\n'],
	['[ ! -e /nonexist ]; echo $?', '0\n'],
	['[ -G /tmp ]; echo $?', '0\n'],
	['[ -O /tmp ]; echo $?', '0\n'],
	['[ -k /tmp ]; echo $?', '0\n'],
	['[ -u /bin/busybox ]; echo $?', '1\n'],
	['[[ a == a ]]; echo $?', '0\n'],
	['[ a == a ]; echo $?', '0\n'],
];

describe('test', () => {
	it.each(REAL)('%s', (cmd, output) => {
		expect(boot().run(`{ ${cmd}; } 2>&1`).output).toBe(output);
	});

	it('-nt and -ot compare modification times, -ef the inode', () => {
		const sh = boot();
		expect(sh.run('sleep 2; echo z > c.txt; [ c.txt -nt a.txt ] && [ a.txt -ot c.txt ] && ! [ a.txt -nt c.txt ] && echo newer').output).toBe('newer\n');
		expect(sh.run('ln -s a.txt l; [ l -ef a.txt ] && ! [ b.txt -ef a.txt ] && [ -h l ] && echo same').output).toBe('same\n');
		expect(sh.run('[ -t 0 ] && echo tty; [ -t 5 ]; echo $?; [ -t x ]; echo $?').output).toBe('tty\n1\nsh: x: bad number\n2\n');
	});
});
