/**
 * busybox ash's [[ (BASH_TEST2): && and || between [[ and ]] are test's -a and -o; = == != match
 * a pattern; =~ an extended regex; words are still split and globbed. $LINENO (from 0 in sh -c,
 * the line a function was read on) and $FUNCNAME follow the shell until assigned. Each row ran
 * as `sh -c 'ROW'` through Debian's busybox-static 1.35.0 in an empty directory.
 */
import {describe, expect, it} from 'vitest';
import {busyboxRows, guestShell} from './guest-shell.js';

/** [commands for sh -c, what it wrote to stdout and stderr] */
const REAL: [string, string][] = [
	["[[ a = a || b = c ]] && echo or", "or\n"],
	["[[ -n x && 1 -eq 1 ]] && echo dbl", "dbl\n"],
	["[[ -n \"\" && 1 -eq 1 ]] || echo no", "no\n"],
	["[[ abc =~ ^a.c$ ]] && echo anch", "anch\n"],
	["[[ abc =~ \"^(a|x)b\" ]]; echo $?; [[ abc =~ \"[\" ]]; echo $?", "0\n2\n"],
	["[ abc =~ b ]; echo $?", "sh: =~: unknown operand\n2\n"],
	["x=\"a b\"; [[ $x = \"a b\" ]] && echo nosplit", "sh: b: unknown operand\n"],
	["[[ -e /nonexist || -d / ]] && echo ordir", "ordir\n"],
	["echo $LINENO\necho $LINENO", "0\n1\n"],
	["f() {\necho $LINENO $FUNCNAME\n}\nf; echo \"[$FUNCNAME]\"", "1 f\n[]\n"],
	["LINENO=5; echo $LINENO; unset LINENO; echo \"[$LINENO]\"", "5\n[]\n"],
	["g() { echo $FUNCNAME; h; echo $FUNCNAME; }; h() { echo $FUNCNAME; }; g", "g\nh\ng\n"],
	["FUNCNAME=x; f() { echo $FUNCNAME; }; f", "x\n"],
	["eval \"echo \\$LINENO\"", "0\n"],
	// a subshell's assignment or unset stays there; a new shell's RANDOM is its own
	["(LINENO=5); echo $LINENO; (unset FUNCNAME); f() { echo $FUNCNAME; }; f", "0\nf\n"],
	["(unset RANDOM); [ -n \"$RANDOM\" ] && echo dyn; unset RANDOM; sh -c \"[ -n \\\"\\$RANDOM\\\" ] && echo child\"", "dyn\nchild\n"],
	["[[ abc == a?c ]]; echo $?; [[ abc = \"a*\" ]]; echo $?; [[ abc != \"a*\" ]]; echo $?; [ abc == \"a*\" ]; echo $?", "0\n0\n1\n1\n"],
	["[[ \"a*\" == \"a*\" ]]; echo $?; [[ abc == \"[ab]bc\" ]]; echo $?", "0\n0\n"],
];

describe('[[, $LINENO and $FUNCNAME', () => {
	busyboxRows(REAL, {setup: 'mkdir /tmp/e; cd /tmp/e', mode: 'sh-c'});

	it('counts the console\'s lines and a script\'s from 1', () => {
		const sh = guestShell();
		expect(sh.run('echo $LINENO').output).toBe('1\n');
		sh.run('');
		expect(sh.run('echo $LINENO; f() { echo f$LINENO $FUNCNAME; }').output).toBe('3\n');
		expect(sh.run('f').output).toBe('f3 f\n');
		// what Debian's busybox printed for `printf 'echo $LINENO\necho $LINENO\n' | sh`
		expect(sh.run("printf 'echo $LINENO\\necho $LINENO\\n' | sh").output).toBe('1\n2\n');
	});
});
