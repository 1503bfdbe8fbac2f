/**
 * A subshell ends as the forked ash it is: an error (`${v:?}`, set -u, a read-only variable),
 * `return` or `break` ends it alone, with the message on its own stderr, and its EXIT trap runs
 * on its output as it exits; inside $((...)) quotes and backslashes are plain characters. Each
 * row ran as `sh -c 'ROW'` through Debian's busybox-static 1.35.0.
 */
import {describe, expect, it} from 'vitest';
import {busyboxRows, guestShell} from './guest-shell.js';

/** [commands for sh -c, what it wrote to stdout and stderr] */
const REAL: [string, string][] = [
	["(trap \"echo sub\" EXIT; echo in); echo after", "in\nsub\nafter\n"],
	["( ( unset v; echo ${v:?msg} ); echo rc=$? ); echo outer=$?", "sh: v: msg\nrc=2\nouter=0\n"],
	["(unset v; echo ${v:?}); echo rc=$?", "sh: v: parameter not set or null\nrc=2\n"],
	["echo $(( \"3\" + 4 ))", "sh: arithmetic syntax error\n"],
	["echo $(( '3' + 4 )); echo rc=$?", "sh: arithmetic syntax error\n"],
	["x=3; echo $(( x \\* 2 ))", "sh: arithmetic syntax error\n"],
	["f() { (return 3); echo r=$?; }; f; for i in 1 2; do (break); echo $i; done", "r=3\n1\n2\n"],
	["( (exit 5); echo inner=$? ); echo $?", "inner=5\n0\n"],
	["x=$(trap \"echo T\" EXIT; echo body); echo \"[$x]\"", "[body\nT]\n"],
	["(trap \"echo T; exit 7\" EXIT; exit 3); echo $?", "T\n7\n"],
	["(set -u; echo $nope; echo no); echo rc=$?", "sh: nope: parameter not set\nrc=2\n"],
	["readonly r=1; (r=2; echo no); echo rc=$?", "sh: r: is read only\nrc=2\n"],
	["(trap \"echo piped\" EXIT; echo a) | cat", "a\npiped\n"],
	["echo $( ( echo ${v:?inner} ) 2>&1; echo after )", "sh: v: inner after\n"],
	["( echo ${v:?q} ) 2>/dev/null; echo rc=$?", "rc=2\n"],
	// a pipeline stage expands its words in its own process: the error ends that stage alone
	["echo a | cat ${v:?q}; echo rc=$?", "sh: v: q\nrc=2\n"],
	["echo a | cat ${v:?q} | cat; echo rc=$?", "sh: v: q\nrc=0\n"],
	// `return` outside a function ends the child ash's input: it exits with that status
	["sh -c 'return 5; echo not'; echo rc=$?", "rc=5\n"],
	["sh -c 'for i in 1 2; do echo $i; return 3; done; echo after'; echo rc=$?", "1\nrc=3\n"],
	["sh -c 'trap \"echo trap \\$?\" EXIT; return 6'; echo rc=$?", "trap 6\nrc=6\n"],
	["sh -c 'f(){ return 3; }; f; echo $?; eval \"return 9\"; echo not'; echo rc=$?", "3\nrc=9\n"],
	["sh -c 'false; return'; echo rc=$?", "rc=1\n"],
	["printf 'echo a; return 4; echo b\\necho c\\n' > r.sh; sh r.sh; echo rc=$?", "a\nrc=4\n"],
];

describe('subshells end as forked shells', () => {
	busyboxRows(REAL, {mode: 'sh-c'});

	it('on the console too: the rest of the line runs after a failing subshell', () => {
		const sh = guestShell();
		expect(sh.run('( echo ${v:?q} ); echo rc=$?').output).toBe('sh: v: q\nrc=2\n');
		expect(sh.run('(trap "echo sub" EXIT; echo in); echo after').output).toBe('in\nsub\nafter\n');
	});
});

/**
 * A script run by its path is a new ash (tryexec()'s ENOEXEC): only exported variables, no
 * functions; `env` runs a script or `sh` with the environment it made. Debian's busybox 1.35
 * (its own environment HOME and PATH), in a scratch directory.
 */
const NEW_SHELLS: [string, string][] = [
	["x=1; export y=2; f() { :; }; printf \"echo \\\"[\\$x][\\$y]\\\"; f; echo \\$0 \\$1\\n\" > t.sh; chmod +x t.sh; ./t.sh b", "[][2]\n./t.sh: line 1: f: not found\n./t.sh b\n"],
	["env -i sh -c \"echo \\\"[\\$HOME][\\$PATH]\\\"\"", "[][/sbin:/usr/sbin:/bin:/usr/bin]\n"],
	["A=1 env B=2 sh -c \"echo \\$A \\$B\"", "1 2\n"],
	["env -u HOME sh -c \"echo \\\"[\\$HOME]\\\"\"", "[]\n"],
	["printf \"echo script \\$X\\n\" > s.sh; chmod +x s.sh; env X=7 ./s.sh", "script 7\n"],
];

describe('scripts and env start new shells', () => {
	busyboxRows(NEW_SHELLS, {setup: 'mkdir /tmp/sc; cd /tmp/sc', mode: 'tty'});
});
