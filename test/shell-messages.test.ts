/**
 * ash_vmsg()'s prefix on a builtin's message: `$0: NAME: `, and in a shell reading `sh -c`
 * (lines from 0) or a script (from 1) `line N: `; the console (interactive) has none. Each
 * row ran as `sh -c 'ROW'` through Debian's busybox-static 1.35.0; `let` and `unset` options
 * and `break 0` as it has them.
 */
import {describe, expect, it} from 'vitest';
import {busyboxRows, guestShell} from './guest-shell.js';

/** [commands for sh -c, what it wrote to stdout and stderr] */
const REAL: [string, string][] = [
	["cd /nonexist; let 1+; wait %9; getopts; echo end", "sh: cd: line 0: can't cd to /nonexist: No such file or directory\nsh: let: line 0: arithmetic syntax error\nsh: wait: line 0: %9: no such job\nsh: getopts: line 0: usage: getopts optstring var [arg]\nend\n"],
	["echo a\ncd /nonexist\necho ${v:?x}", "a\nsh: cd: line 1: can't cd to /nonexist: No such file or directory\nsh: v: x\n"],
	["f() { cd /nonexist; }\nf", "sh: cd: line 0: can't cd to /nonexist: No such file or directory\n"],
	["readonly r=1; export r=2; echo after", "sh: export: line 0: r: is read only\n"],
	["unset -x; echo rc=$?", "sh: unset: line 0: illegal option -x\n"],
	["trap foo BAD; echo rc=$?", "sh: trap: line 0: BAD: invalid signal specification\nrc=1\n"],
	["exit foo; echo after", "sh: exit: line 0: Illegal number: foo\n"],
	["break 0; echo rc=$?", "sh: break: line 0: Illegal number: 0\n"],
	["umask 999; echo rc=$?", "sh: umask: line 0: illegal mode: 999\nrc=2\n"],
	["eval \"cd /nonexist\"", "sh: cd: line 0: can't cd to /nonexist: No such file or directory\n"],
	["hash nonexist; echo rc=$?", "sh: hash: line 0: nonexist: not found\nrc=1\n"],
	["local x", "sh: local: line 0: not in a function\n"],
	["set -o nonexist; echo rc=$?", "sh: set: line 0: illegal option -o nonexist\nrc=1\n"],
	["set -z; echo rc=$?", "sh: set: line 0: illegal option -z\n"],
	[". /nonexist; echo after", "sh: .: line 0: can't open '/nonexist': No such file or directory\n"],
	["fg; echo rc=$?", "sh: fg: line 0: No current job\nrc=2\n"],
	["cd /a /b; echo rc=$?", "sh: cd: line 0: can't cd to /a: No such file or directory\nrc=2\n"],
	["let x=2+3 y=x*2; echo $x $y; let; echo rc=$?", "5 10\nsh: let: line 0: expression expected\nrc=2\n"],
	["x=\"a b\"; let x=2; echo $x", "2\n"],
	["unset -f -v y; f() { :; }; unset -f f; f; echo rc=$?", "sh: f: not found\nrc=127\n"],
	["printf \"%d\\n\" x; ulimit -n x", "sh: invalid number 'x'\n0\nsh: invalid number 'x'\n"],
];

describe('builtin messages name the line in a shell that is not interactive', () => {
	busyboxRows(REAL, {mode: 'sh-c'});

	it('a script names itself and the line; the console names neither', () => {
		const sh = guestShell();
		sh.run("cd /tmp; printf 'echo a\\ncd /nonexist\\nlet 1+\\necho ${v:?x}\\n' > s2.sh");
		expect(sh.run('sh s2.sh 2>&1').output).toBe('a\ns2.sh: cd: line 2: can\'t cd to /nonexist: No such file or directory\ns2.sh: let: line 3: arithmetic syntax error\ns2.sh: line 4: v: x\n');
		expect(sh.run('cd /nonexist').output).toBe('sh: cd: can\'t cd to /nonexist: No such file or directory\n');
	});
});

describe('a special builtin\'s redirection error is a shell error', () => {
	// The lab's console (s49/r35, busybox 1.35 ash as the goldens' guest): the rest of the line
	// is dropped, $? is 1, a subshell ends there; a regular builtin or a program just fails.
	const NOPE = "sh: can't create /nope/a: nonexistent directory\n";
	it.each([': > /nope/a; echo one', 'export A=1 > /nope/a; echo two', 'set > /nope/a; echo three', 'exec 3> /nope/a; echo four',
		"eval 'echo six' > /nope/a; echo seven", 'true; : > /nope/a || echo eight', 'for i in 1 2; do : > /nope/a; echo in$i; done; echo nine'])('%s', (line) => {
		const sh = guestShell();
		expect(sh.run(line).output).toBe(NOPE);
		expect(sh.run('echo $? $A').output).toBe('1\n');
	});

	it('ends a subshell, not its parent; a regular builtin or a program only fails', () => {
		const sh = guestShell();
		expect(sh.run('(: > /nope/a; echo eleven); echo twelve $?').output).toBe(`${NOPE}twelve 1\n`);
		expect(sh.run('echo x > /nope/a; echo $?').output).toBe(`${NOPE}1\n`);
		expect(sh.run('ls > /nope/a; echo $?').output).toBe(`${NOPE}1\n`);
	});

	it('printf (a builtin writing through stdio) fails silently where echo says write error', () => {
		// The lab (s49/r35 e6): `printf offline > .../memory3/state` on a busy boot block.
		const sh = guestShell();
		expect(sh.run('printf online > /sys/devices/system/memory/memory3/state; echo $?').output).toBe('1\n');
		expect(sh.run('echo online > /sys/devices/system/memory/memory3/state; echo $?').output).toBe('sh: write error: Invalid argument\n1\n');
	});

	it('counts local among them, as ash does', () => {
		const sh = guestShell();
		expect(sh.run('type local cd').output).toBe('local is a special shell builtin\ncd is a shell builtin\n');
		expect(sh.run('local v=1 > /nope/a; echo after').output).toBe(NOPE);
		expect(sh.run("sh -c 'local x; echo after'; echo rc=$?").output).toBe('sh: local: line 0: not in a function\nrc=2\n');
	});

	it('ends a script run by sh', () => {
		const sh = guestShell();
		sh.run("printf ': > /nope/a\\necho after\\n' > /tmp/s.sh");
		expect(sh.run('sh /tmp/s.sh; echo rc=$?').output).toBe("/tmp/s.sh: line 1: can't create /nope/a: nonexistent directory\nrc=1\n");
	});
});
