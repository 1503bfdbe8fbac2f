/**
 * `$((...))` as busybox 1.35's shell/math.c evaluates it: every row was run through Debian's
 * busybox-static 1.35.0 as `{ COMMAND; } 2>&1` and its output recorded.
 */
import {describe, expect, it} from 'vitest';
import {guestShell} from './guest-shell.js';

function boot() {
	return guestShell();
}

/** [command line, what it wrote to stdout and stderr] */
const REAL: [string, string][] = [
	['echo $(( 16#ff )) $(( 64#_ )) $(( 36#Z )) $(( 16# )) $(( 10#08 )) $(( 16#FF + 1 ))', '255 63 35 0 8 256\n'],
	['echo $(( 2#102 ))', 'sh: arithmetic syntax error\n'],
	['echo $(( 37#Z ))', 'sh: arithmetic syntax error\n'],
	['echo $(( 1#1 ))', 'sh: arithmetic syntax error\n'],
	['echo $(( 1 + 2 * 3 )) $(( (1 + 2) * 3 )) $(( 2 ** 10 )) $(( -2 ** 2 )) $(( 2 ** 3 ** 2 ))', '7 9 1024 4 512\n'],
	['echo $(( 7 / 2 )) $(( -7 / 2 )) $(( 7 % -3 )) $(( -7 % 3 ))', '3 -3 1 -1\n'],
	['echo $(( 1 / 0 ))', 'sh: divide by zero\n'],
	['echo $(( 1 % 0 ))', 'sh: divide by zero\n'],
	['echo $(( 9223372036854775807 + 1 )) $(( 18446744073709551615 )) $(( 18446744073709551616 ))', '-9223372036854775808 -1 0\n'],
	['echo $(( 010 )) $(( 0x1F )) $(( 0X1f ))', '8 31 31\n'],
	['echo $(( 08 ))', 'sh: arithmetic syntax error\n'],
	['echo $(( 1 < 2 )) $(( 2 <= 1 )) $(( 3 == 3 )) $(( 3 != 3 )) $(( !5 )) $(( ~5 ))', '1 0 1 0 0 -6\n'],
	['echo $(( 1 && 0 )) $(( 0 || 3 )) $(( 5 & 3 )) $(( 5 | 3 )) $(( 5 ^ 3 )) $(( 1 << 4 )) $(( -16 >> 2 ))', '0 1 1 7 6 16 -4\n'],
	['echo $(( 1 ? 10 : 20 )) $(( 0 ? 10 : 20 )) $(( 1, 2, 3 ))', '10 20 3\n'],
	['x=5; echo $(( x += 2 )) $(( x *= 3 )) $(( x-- )) $x $(( ++x )) $(( x <<= 1 )) $x', '7 21 21 20 21 42 42\n'],
	['y=z; z=4; echo $(( y + 1 )) $(( nosuch + 1 ))', '5 1\n'],
	['echo $(( 2 + ))', 'sh: arithmetic syntax error\n'],
	['echo $(( 1 2 ))', 'sh: arithmetic syntax error\n'],
	['a=3; echo $(( a = a * 2, a + 1 )) $a', '7 6\n'],
];

describe('arithmetic expansion', () => {
	it.each(REAL)('%s', (cmd, output) => {
		expect(boot().run(`{ ${cmd}; } 2>&1`).output).toBe(output);
	});

	it('reads a sysfs hex size with 16#', () => {
		expect(boot().run('echo $((16#$(cat /sys/devices/system/memory/block_size_bytes) >> 20)) MiB').output).toBe('128 MiB\n');
	});
});

describe('$RANDOM', () => {
	it('is busybox\'s generator: seeded by an assignment, the same sequence as Debian\'s binary', () => {
		const sh = boot();
		// busybox sh -c 'RANDOM=42; echo $RANDOM $RANDOM; RANDOM=1; ...' on Debian's 1.35
		expect(sh.run('RANDOM=42; echo $RANDOM $RANDOM; RANDOM=1; echo $RANDOM; RANDOM=0; echo $RANDOM $RANDOM; RANDOM=123456789; echo $RANDOM $RANDOM $RANDOM').output)
			.toBe('20351 9206\n9882\n3240 22231\n702 19580 30163\n');
		// a subshell draws from a generator of its own; unset RANDOM makes it an ordinary variable
		expect(sh.run('RANDOM=42; echo $RANDOM $RANDOM; (echo $RANDOM) > /dev/null; echo $RANDOM; unset RANDOM; echo "[$RANDOM]"; RANDOM=5; echo $RANDOM').output)
			.toBe('20351 9206\n20506\n[]\n5\n');
		expect(boot().run('echo $RANDOM | grep -c "^[0-9][0-9]*$"').output).toBe('1\n');
	});

	it('a pipeline stage expands its words in its own process: the shell\'s sequence goes on as it was', () => {
		const sh = boot();
		expect(sh.run('RANDOM=42; echo $RANDOM $RANDOM').output).toBe('20351 9206\n');
		expect(sh.run('RANDOM=42; echo a | grep -c $RANDOM; echo $RANDOM $RANDOM').output).toBe('0\n20351 9206\n');
		expect(sh.run('RANDOM=42; echo $RANDOM | cat > /dev/null; echo $RANDOM').output).toBe('20351\n');
	});
});

describe("$'...' (bash's ANSI-C quoting, ash's BASH_DOLLAR_SQUOTE)", () => {
	it.each([
		['printf \'[%s]\\n\' $\'x\\ny\'', '[x\ny]\n'],
		['printf \'[%s]\\n\' $\'\\101\\x42\\0103\'', '[AB\b3]\n'],
		['printf \'[%s]\\n\' $\'\\e[0m\' $\'\\z\' $\'\\\'\' $\'\\"\' $\'\\\\\'', '[\\e[0m]\n[\\z]\n[\']\n["]\n[\\]\n'],
		['printf \'[%s]\\n\' $\'a\\x\' $\'\\xZ\' $\'a\\0b\'', '[a\\x]\n[\\xZ]\n[ab]\n'],
		['printf \'[%s]\\n\' $\'\' a$\'b\'c "$\'x\'"', '[]\n[abc]\n[$\'x\']\n'],
		['printf \'[%s]\\n\' $\'\\777\' $\'\\12345\'', '[?]\n[S45]\n'],
		['x=$\'1\\n2\'; echo "$x" | wc -l', '2\n'],
	])('%s', (cmd, output) => {
		expect(boot().run(cmd).output).toBe(output);
	});
});
