/**
 * More of ash's builtins, against Debian's busybox 1.35 and the lab's guest (real Linux 6.1):
 * ulimit over the init task's limits, exec with only redirections, exec CMD, `.`/source
 * messages, set -o pipefail and set -n, cd -P/-L, times.
 */
import {describe, expect, it} from 'vitest';
import {busyboxRows, guestShell} from './guest-shell.js';
import {singleQuote} from '../source/machine/shell/interp.js';
import {maxThreads} from '../source/machine/linux/rlimit.js';
import type {Shell} from '../source/machine/shell/index.js';

function boot(ramMiB = 1024) {
	return guestShell(ramMiB, 8192);
}
const out = (sh: Shell, line: string) => sh.run(line).output;

describe('ulimit', () => {
	it('lists init\'s limits as the lab\'s 1G guest does (max_threads from the memory at fork_init())', () => {
		const sh = boot();
		expect(out(sh, 'ulimit -a')).toBe([
			'core file size (blocks)         (-c) 0', 'data seg size (kb)              (-d) unlimited', 'scheduling priority             (-e) 0',
			'file size (blocks)              (-f) unlimited', 'pending signals                 (-i) 3548', 'max locked memory (kb)          (-l) 8192',
			'max memory size (kb)            (-m) unlimited', 'open files                      (-n) 1024', 'POSIX message queues (bytes)    (-q) 819200',
			'real-time priority              (-r) 0', 'stack size (kb)                 (-s) 8192', 'cpu time (seconds)              (-t) unlimited',
			'max user processes              (-u) 3548', 'virtual memory (kb)             (-v) unlimited', 'file locks                      (-x) unlimited', ''].join('\n'));
		expect(out(sh, 'ulimit -H -a | grep -E "\\((-c|-n|-s)\\)"')).toBe('core file size (blocks)         (-c) unlimited\nopen files                      (-n) 4096\nstack size (kb)                 (-s) unlimited\n');
		expect(out(sh, 'cat /proc/sys/kernel/threads-max')).toBe(`${maxThreads(229360)}\n`);
		// the lab's 4G guest: 15626 pending signals and processes
		expect(out(boot(4096), 'ulimit -u; ulimit -i')).toBe('15626\n15626\n');
	});

	it('prints and sets limits as busybox does', () => {
		const sh = boot();
		expect(out(sh, 'ulimit; ulimit -n; ulimit -n -s')).toBe('unlimited\n1024\nopen files                      (-n) 1024\nstack size (kb)                 (-s) 8192\n');
		expect(out(sh, 'ulimit -c10 -d 20; ulimit -c -d')).toBe('core file size (blocks)         (-c) 10\ndata seg size (kb)              (-d) 20\n');
		expect(out(sh, 'ulimit 50; ulimit; ulimit -S -n 10; ulimit -n; ulimit -H -n')).toBe('50\n10\n4096\n');
		expect(out(sh, 'ulimit -z; echo rc=$?')).toBe("ulimit: invalid option -- 'z'\nrc=1\n");
		expect(out(sh, 'ulimit -n abc; echo rc=$?')).toBe("sh: invalid number 'abc'\nrc=1\n");
		expect(out(sh, 'ulimit -n 2000000; echo rc=$?; ulimit -H -n 100; ulimit -S -n 200; echo rc=$?')).toBe(
			'sh: error setting limit: Operation not permitted\nrc=1\nsh: error setting limit: Invalid argument\nrc=1\n');
		// a subshell's limits are its own; a child shell inherits them
		expect(out(sh, '(ulimit -n 50); ulimit -n; ulimit -n 30; sh -c "ulimit -n"')).toBe('10\n30\n');
	});
});

describe('exec with only redirections', () => {
	it('keeps them for the rest of the line and later lines; a subshell\'s or a child\'s stay there', () => {
		const sh = boot();
		expect(out(sh, 'cd /tmp; exec 3>o3; echo hi >&3; exec 3>&-; cat o3')).toBe('hi\n');
		out(sh, 'exec 4>o4');
		out(sh, 'echo one >&4');
		expect(out(sh, 'echo two >&4; cat o4; exec 4>&-; echo x >&4')).toBe('one\ntwo\nsh: 4: Bad file descriptor\n');
		expect(out(sh, '(exec 5>o5; echo in >&5); echo out >&5; cat o5')).toBe('sh: 5: Bad file descriptor\nin\n');
		expect(out(sh, 'sh -c "exec 6>o6"; echo p >&6')).toBe('sh: 6: Bad file descriptor\n');
		expect(out(sh, 'f() { exec 7>o7; }; f; echo fn >&7; cat o7')).toBe('fn\n');
		expect(out(sh, 'exec 2>/dev/null; ls /nonexist; exec 2>&1; ls /nonexist')).toBe('ls: /nonexist: No such file or directory\n');
	});
});

describe('exec CMD (execcmd(), shellexec())', () => {
	/** [sh -c ROW, its output and status] from Debian's busybox 1.35: `sh -c ROW 2>&1; echo rc=$?` */
	const REAL: [string, string][] = [
		["exec cd /tmp; echo x", "sh: exec: line 0: cd: not found\nrc=127\n"],
		["exec true; echo x", "rc=0\n"],
		["exec :", "sh: exec: line 0: :: not found\nrc=127\n"],
		["f(){ echo f; }; exec f", "sh: exec: line 0: f: not found\nrc=127\n"],
		["exec echo hi; echo x", "hi\nrc=0\n"],
		["exec -a foo echo hi", "hi\nrc=0\n"],
		["exec -- echo hi", "hi\nrc=0\n"],
		["exec set", "sh: exec: line 0: set: not found\nrc=127\n"],
		["exec ./", "sh: exec: line 0: ./: Permission denied\nrc=126\n"],
		["exec \"\"", "sh: exec: line 0: : Permission denied\nrc=126\n"],
		["exec nosuch 2>/dev/null; echo x", "rc=127\n"],
		["x=1 exec nosuch", "sh: exec: line 0: nosuch: not found\nrc=127\n"],
		["exec /tmp", "sh: exec: line 0: /tmp: Permission denied\nrc=126\n"],
		["exec sh -c 'echo inner $0' zz", "inner zz\nrc=0\n"],
		["source /nonexist", "sh: source: line 0: can't open '/nonexist': No such file or directory\nrc=2\n"],
		[". /nonexist", "sh: .: line 0: can't open '/nonexist': No such file or directory\nrc=2\n"],
		["exec -a /x/y/nope sleep 0", "nope: applet not found\nrc=127\n"],
		["exec -a echo sleep 0 hi", "0 hi\nrc=0\n"],
		["exec -b ls", "sh: exec: line 0: illegal option -b\nrc=2\n"],
		["exec -a", "sh: exec: line 0: no arg for -a option\nrc=2\n"],
		["x=1 exec sh -c 'echo $x'", "1\nrc=0\n"],
		["(exec nosuch); echo $?", "sh: exec: line 0: nosuch: not found\n127\nrc=0\n"],
		["exec -- nosuch", "sh: exec: line 0: nosuch: not found\nrc=127\n"],
		["exec ls /nonexistent; echo x", "ls: /nonexistent: No such file or directory\nrc=1\n"],
	];
	busyboxRows(REAL, {mode: 'sh-c-rc', boot});

	it('at the console a failed exec names the line too (execcmd() clears iflag) and ends the shell', () => {
		const sh = boot();
		expect(out(sh, 'echo $LINENO')).toBe('1\n');
		const r = sh.run('exec nosuch');
		expect(r.output).toBe('sh: exec: line 2: nosuch: not found\n');
		expect(r.exit).toBe(127);
		expect(boot().run('exec /tmp').output).toBe('sh: exec: line 1: /tmp: Permission denied\n');
		// a missing `.` file ends only that command line there
		const sh2 = boot();
		expect(out(sh2, 'source /nonexist; echo no')).toBe("sh: source: can't open '/nonexist': No such file or directory\n");
		expect(out(sh2, '. /nonexist')).toBe("sh: .: can't open '/nonexist': No such file or directory\n");
		expect(out(sh2, 'echo alive')).toBe('alive\n');
	});
});

describe('set -o pipefail, set -n', () => {
	/**
	 * Debian's busybox 1.35, `sh -c ROW 2>&1; echo rc=$?`: getstatus() takes the last status not 0
	 * with pipefail (an endless writer killed by SIGPIPE when its reader exits: 141); with set -n
	 * nothing more runs, `set +n` and `exit` included.
	 */
	const REAL: [string, string][] = [
		["set -o pipefail; false | true; echo $?", "1\nrc=0\n"],
		["set -o pipefail; true | false | true; echo $?", "1\nrc=0\n"],
		["set -o pipefail; (exit 3) | (exit 4) | true; echo $?", "4\nrc=0\n"],
		["set -o pipefail; echo $-", "c\nrc=0\n"],
		["set -o pipefail; ! false | true; echo $?", "0\nrc=0\n"],
		["set -o pipefail; seq 100000 | head -1; echo $?", "1\n141\nrc=0\n"],
		["set -o pipefail; set +o pipefail; false | true; echo $?", "0\nrc=0\n"],
		["set -o pipefail; if false | true; then echo t; else echo f; fi", "f\nrc=0\n"],
		["set -eo pipefail; false | true; echo after", "rc=1\n"],
		["set -n; echo no", "rc=0\n"],
		["set -n; echo no; set +n; echo still", "rc=0\n"],
		["set -v; echo v", "v\nrc=0\n"],
		["set -o noexec; echo no", "rc=0\n"],
		["set -o nolog; echo x", "sh: set: line 0: illegal option -o nolog\nx\nrc=0\n"],
		["set -o vi; set -o emacs; echo ok", "sh: set: line 0: illegal option -o emacs\nok\nrc=0\n"],
		["set -o debug; echo ok", "sh: set: line 0: illegal option -o debug\nok\nrc=0\n"],
		["set -o pipefail; false | true & wait $!; echo $?", "1\nrc=0\n"],
		["set -o pipefail; false | true & wait; echo $?", "0\nrc=0\n"],
		["set -o pipefail; x=$(false | true); echo $?", "1\nrc=0\n"],
		["set -o pipefail; sh -c 'false | true; echo $?'", "0\nrc=0\n"],
		["set -o pipefail; (false | true); echo $?", "1\nrc=0\n"],
		["set -o pipefail; false | true || echo failed", "failed\nrc=0\n"],
		["set -o pipefail; while false | true; do echo loop; break; done; echo end", "end\nrc=0\n"],
		["set -o pipefail; yes | head -1; echo $?", "y\n141\nrc=0\n"],
		["set -o pipefail; cat /nonexist | wc -l; echo $?", "cat: can't open '/nonexist': No such file or directory\n0\n1\nrc=0\n"],
		["set -o pipefail; yes | head -1; echo $?", "y\n141\nrc=0\n"],
		["set -o pipefail; yes | head -c 10000 >/dev/null; echo $?", "141\nrc=0\n"],
		["set -o pipefail; yes | sed 2q; echo $?", "y\ny\n141\nrc=0\n"],
		["set -o pipefail; cat /dev/zero | head -c 1 >/dev/null; echo $?", "141\nrc=0\n"],
		["set -o pipefail; (yes) | head -1; echo $?", "y\n141\nrc=0\n"],
		["set -o pipefail; { yes; } | head -1; echo $?", "y\n141\nrc=0\n"],
		["set -o pipefail; yes | grep -m1 y; echo $?", "y\n141\nrc=0\n"],
		["set -o pipefail; seq 3 | head -1; echo $?", "1\n0\nrc=0\n"],
		["set -o pipefail; while :; do echo x; done | head -1; echo $?", "x\n141\nrc=0\n"],
		["set -o pipefail; yes | head -c 10000 | wc -c; echo $?", "10000\n141\nrc=0\n"],
		["set -o pipefail; yes | head -c 10000 2>/dev/null | wc -c; echo $?", "10000\n141\nrc=0\n"],
		["set -o pipefail; yes | head -c 10000 >/dev/null; echo $?", "141\nrc=0\n"],
	];
	busyboxRows(REAL, {mode: 'sh-c-rc', boot});

	it('set -v echoes the lines a file, a pipe or the console gives the reader, not a -c string', () => {
		const REAL_V: [string, string][] = [
		["printf 'set -v\\necho a\\nif true; then\\necho in\\nfi\\n' > /tmp/v.sh; sh /tmp/v.sh 2>&1", "echo a\na\nif true; then\necho in\nfi\nin\nrc=0\n"],
		["printf 'echo a\\nfi\\n' > /tmp/v.sh; sh -v /tmp/v.sh 2>&1", "echo a\na\nfi\n/tmp/v.sh: line 2: syntax error: unexpected \"fi\"\nrc=2\n"],
		["sh -v -c 'echo x'", "x\nrc=0\n"],
		["printf 'echo p\\n' | sh -v", "echo p\np\nrc=0\n"],
			["printf 'echo a\\nfi\\n' > /tmp/v.sh; printf 'set -v\\n. /tmp/v.sh\\n' > /tmp/w.sh; sh /tmp/w.sh", ". /tmp/v.sh\necho a\na\nfi\n/tmp/w.sh: /tmp/v.sh: line 2: syntax error: unexpected \"fi\"\nrc=2\n"],
		];
		for (const [row, want] of REAL_V) expect(out(boot(), `sh -c ${singleQuote(row)} 2>&1; echo rc=$?`), row).toBe(want);
		// at the console each line as it is typed, PS2 lines too (busybox sh -i on a pty)
		const sh = boot();
		expect(out(sh, 'set -v')).toBe('');
		expect(out(sh, 'echo "a')).toBe('echo "a\n');
		expect(out(sh, 'b"')).toBe('b"\na\nb\n');
		expect(out(sh, 'set +v')).toBe('set +v\n');
		expect(out(sh, 'echo quiet')).toBe('quiet\n');
	});

	it('an endless writer into a reader that exits writes what that reader takes, however much', () => {
		expect(out(boot(), 'yes | head -c 3000000 | wc -c; cat /dev/zero | head -c 3000000 | wc -c')).toBe('3000000\n3000000\n');
	});
});

describe('unset names as setvar() reads them', () => {
	/** Debian's busybox 1.35, `sh -c ROW 2>&1; echo rc=$?`: the name ends at an `=` (`unset x=1` unsets x); anything else is a bad variable name, an error of a special builtin */
	const REAL: [string, string][] = [
		["unset 1x; echo $?", "sh: unset: line 0: 1x: bad variable name\nrc=2\n"],
		["unset -f 1x; echo $?", "0\nrc=0\n"],
		["unset -v a-b; echo $?", "sh: unset: line 0: a-b: bad variable name\nrc=2\n"],
		["unset \"\"; echo $?", "sh: unset: line 0: : bad variable name\nrc=2\n"],
		["x=2; unset x=1; echo $? ${x-gone}", "0 gone\nrc=0\n"],
		["unset PPID; echo $?", "0\nrc=0\n"],
		["readonly r; unset r; echo $?", "sh: unset: line 0: r: is read only\nrc=2\n"],
		["unset -x; echo $?", "sh: unset: line 0: illegal option -x\nrc=2\n"],
		["unset -fv x", "rc=0\n"],
		["unset a b=c 2x d; echo no", "sh: unset: line 0: 2x: bad variable name\nrc=2\n"],
	];
	busyboxRows(REAL, {mode: 'sh-c-rc', boot});
});

describe("eval's messages", () => {
	/** Debian's busybox 1.35, `sh -c ROW 2>&1; echo rc=$?`: `$0: eval: line N: ` where the shell reads a -c string or a file */
	const REAL: [string, string][] = [
		["eval \"echo \\\"x\"", "sh: eval: line 0: syntax error: unterminated quoted string\nrc=2\n"],
		["eval \"eval \\\"(\\\"\"", "sh: eval: line 0: syntax error: unexpected end of file (expecting \")\")\nrc=2\n"],
		["eval \"echo \\${x?unset}\"", "sh: eval: line 0: x: unset\nrc=2\n"],
		["eval \"cd /nonexist\"", "sh: cd: line 0: can't cd to /nonexist: No such file or directory\nrc=2\n"],
		["eval \"echo a\"; eval \"echo \\${y?q}\"", "a\nsh: eval: line 0: y: q\nrc=2\n"],
		["eval 'f() { echo ${z?zz}; }'; f", "sh: z: zz\nrc=2\n"],
		["eval \"shift 5\"; echo $?", "1\nrc=0\n"],
		["eval \"readonly r=1; r=2\"", "sh: eval: line 0: r: is read only\nrc=2\n"],
		["eval 'exit 3'", "rc=3\n"],
	];
	busyboxRows(REAL, {mode: 'sh-c-rc', boot});

	it("count an eval's lines on from its own; a script names itself; the console names no line", () => {
		const sh = boot();
		expect(out(sh, `printf 'echo 1\\n\\neval "echo \\\\"x"\\n' > /tmp/e.sh; cat /tmp/e.sh; sh /tmp/e.sh`)).toBe(
			'echo 1\n\neval "echo \\"x"\n1\n/tmp/e.sh: eval: line 3: syntax error: unterminated quoted string\n');
		expect(out(sh, "sh -c 'echo a\neval \"echo \\${y?q}\"'")).toBe('a\nsh: eval: line 1: y: q\n');
		expect(out(sh, 'eval "echo \\"x"')).toBe('sh: eval: syntax error: unterminated quoted string\n');
	});
});

describe("builtins' options", () => {
	/**
	 * Debian's busybox 1.35, `sh -c ROW 2>&1; echo rc=$?`: the builtins that read options with
	 * nextopt() take `--help` as the option `-` (pwd, wait, fg, bg, `.` among them); pwd -P prints
	 * the real path, as cdopt() decides. `sh --help` alone is the applet dispatcher's usage; with
	 * more after it ash ignores the long option (`--login` alone counts).
	 */
	const REAL: [string, string][] = [
		["ash --help", "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: ash [-il] [-|+Cabefmnuvx] [-|+o OPT]... [-c 'SCRIPT' [ARG0 ARGS] | FILE ARGS | -s ARGS]\n\nUnix shell interpreter\nrc=0\n"],
		["busybox sh --help", "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: sh [-il] [-|+Cabefmnuvx] [-|+o OPT]... [-c 'SCRIPT' [ARG0 ARGS] | FILE ARGS | -s ARGS]\n\nUnix shell interpreter\nrc=0\n"],
		["realpath --help", "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: realpath FILE...\n\nPrint absolute pathnames of FILEs\nrc=0\n"],
		["sh --foo -c \"echo hi\"", "hi\nrc=0\n"],
		["sh --help", "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: sh [-il] [-|+Cabefmnuvx] [-|+o OPT]... [-c 'SCRIPT' [ARG0 ARGS] | FILE ARGS | -s ARGS]\n\nUnix shell interpreter\nrc=0\n"],
		["sh --help x; echo $?", "sh: can't open 'x': No such file or directory\n2\nrc=0\n"],
		["sh --login -c \"echo \\$0\"", "sh\nrc=0\n"],
		["cd --help", "sh: cd: line 0: illegal option --\nrc=2\n"],
		["pwd --help", "sh: pwd: line 0: illegal option --\nrc=2\n"],
		["hash --help", "sh: hash: line 0: illegal option --\nrc=2\n"],
		["jobs --help", "sh: jobs: line 0: illegal option --\nrc=2\n"],
		["read --help", "sh: read: line 0: illegal option --\nrc=2\n"],
		["ulimit --help", "ulimit: invalid option -- '-'\nrc=1\n"],
		["umask --help", "sh: umask: line 0: illegal option --\nrc=2\n"],
		["type --help", "rc=0\n"],
		["command --help", "sh: command: line 0: illegal option --\nrc=2\n"],
		["kill --help", "sh: bad signal name '-help'\nrc=1\n"],
		["wait --help", "sh: wait: line 0: illegal option --\nrc=2\n"],
		["trap --help", "sh: trap: line 0: illegal option --\nrc=2\n"],
		["export --help", "sh: export: line 0: illegal option --\nrc=2\n"],
		["readonly --help", "sh: readonly: line 0: illegal option --\nrc=2\n"],
		["unset --help", "sh: unset: line 0: illegal option --\nrc=2\n"],
		["local --help", "sh: local: line 0: not in a function\nrc=2\n"],
		["set --help", "sh: set: line 0: illegal option --\nrc=2\n"],
		["shift --help", "sh: shift: line 0: Illegal number: --help\nrc=2\n"],
		["getopts --help", "sh: getopts: line 0: usage: getopts optstring var [arg]\nrc=2\n"],
		["alias --help", "alias: --help not found\nrc=1\n"],
		["unalias --help", "sh: unalias: line 0: illegal option --\nrc=2\n"],
		["times --help", "0m0.000s 0m0.000s\n0m0.000s 0m0.000s\nrc=0\n"],
		["fg --help", "sh: fg: line 0: illegal option --\nrc=2\n"],
		["bg --help", "sh: bg: line 0: illegal option --\nrc=2\n"],
		["exec --help", "sh: exec: line 0: illegal option --\nrc=2\n"],
		["eval --help", "sh: eval: line 0: --help: not found\nrc=127\n"],
		["exit --help", "sh: exit: line 0: Illegal number: --help\nrc=2\n"],
		["return --help", "sh: return: line 0: Illegal number: --help\nrc=2\n"],
		["break --help", "sh: break: line 0: Illegal number: --help\nrc=2\n"],
		["continue --help", "sh: continue: line 0: Illegal number: --help\nrc=2\n"],
		["source --help", "sh: source: line 0: illegal option --\nrc=2\n"],
		[". --help", "sh: .: line 0: illegal option --\nrc=2\n"],
		["cd /sys/devices/system/memory/memory0/subsystem; pwd -P; pwd; pwd -PL; pwd -LP", "/sys/bus/memory\n/sys/devices/system/memory/memory0/subsystem\n/sys/devices/system/memory/memory0/subsystem\n/sys/bus/memory\nrc=0\n"],
		["cd /sys/devices/system/memory/memory0/subsystem; pwd -x", "sh: pwd: line 0: illegal option -x\nrc=2\n"],
		["wait -x", "sh: wait: line 0: illegal option -x\nrc=2\n"],
		["fg -x", "sh: fg: line 0: illegal option -x\nrc=2\n"],
		[". -x", "sh: .: line 0: illegal option -x\nrc=2\n"],
		[". -- /nonexist", "sh: .: line 0: can't open '/nonexist': No such file or directory\nrc=2\n"],
		["echo \"echo \\$1 \\$#\" > /tmp/p.sh; . /tmp/p.sh a b; . -- /tmp/p.sh c", "a 2\nc 1\nrc=0\n"],
	];
	busyboxRows(REAL, {mode: 'sh-c-rc', boot});
});

describe('cd -P / -L and times', () => {
	it('cd -P resolves symlinks, -L (the default) keeps them', () => {
		const sh = boot();
		expect(out(sh, 'cd /sys/devices/system/memory/memory0/subsystem; pwd; cd -P .; pwd; cd -L /sys/bus; pwd')).toBe(
			'/sys/devices/system/memory/memory0/subsystem\n/sys/bus/memory\n/sys/bus\n');
		expect(out(sh, 'cd -x; echo rc=$?')).toBe('sh: cd: illegal option -x\nrc=2\n');
	});

	it('times prints four times as ash does (%um%u.%03us)', () => {
		expect(out(boot(), 'times')).toBe('0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n');
	});
});

describe('read -t 0', () => {
	it('only polls: ready for a file or a pipe (busybox: rc=0, nothing read), not for the terminal', () => {
		expect(out(boot(), 'read -t 0 x < /dev/null; echo rc=$?; echo a | { read -t 0 x; echo rc=$? "[$x]"; }; read -t 0 x; echo rc=$?')).toBe('rc=0\nrc=0 []\nrc=1\n');
	});
});
