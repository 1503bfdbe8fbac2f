import {describe, expect, it} from 'vitest';
import {fakeShell, runOut, shellIn} from './shell-fake.js';

/**
 * sed as busybox 1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) runs it. The table's expected outputs
 * were produced by that binary (in a pseudo-terminal, so stdout and stderr interleave as on
 * the guest console), each line followed by `echo rc=$?`.
 */

const setup = fakeShell;
const out = runOut;
const shellWith = shellIn;

const SED_USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: sed [-i[SFX]] [-nrE] [-f FILE]... [-e CMD]... [FILE]...
or: sed [-i[SFX]] [-nrE] CMD [FILE]...

\t-e CMD\tAdd CMD to sed commands to be executed
\t-f FILE\tAdd FILE contents to sed commands to be executed
\t-i[SFX]\tEdit files in-place (otherwise write to stdout)
\t\tOptionally back files up, appending SFX
\t-n\tSuppress automatic printing of pattern space
\t-r,-E\tUse extended regex syntax

If no -e or -f, the first non-option argument is the sed command string.
Remaining arguments are input files (stdin if none).
`;

/** [commands preparing files, command line, busybox's output]. */
const REAL: [string[], string, string][] = [
	[[], "echo abc | sed 'y/abc/xyz/'", "xyz\nrc=0\n"],
	[[], "echo abc | sed 'y/abc/xy/'; echo 'a/b' | sed 'y/\\//|/'", "xyc\na|b\nrc=0\n"],
	[[], "echo hello | sed 's/l/L/'; echo hello | sed 's/l/L/g'; echo hello | sed 's/l/L/2'", "heLlo\nheLLo\nhelLo\nrc=0\n"],
	[[], "echo hello | sed -n 's/l/L/gp'; echo hello | sed -n 's/x/L/p'; echo $?", "heLLo\n0\nrc=0\n"],
	[[], "echo Hello | sed 's/h/J/I'; echo Hello | sed 's/h/J/i'", "Jello\nJello\nrc=0\n"],
	[[], "echo 'hello world' | sed 's/\\(hello\\) \\(world\\)/\\2 \\1/'; echo 'hello world' | sed -E 's/(h)(e)/[\\2\\1&]/'", "world hello\n[ehhe]llo world\nrc=0\n"],
	[[], "echo 'hello world' | sed 's/o/[&]/g;s/l/\\&/'", "he&l[o] w[o]rld\nrc=0\n"],
	[[], "echo 'a b c' | sed 's/ /\\n/g'; echo 'a b' | sed 's/ /\\t/' | cat", "a\nb\nc\na\tb\nrc=0\n"],
	[[], "echo /usr/local/bin | sed 's|/|:|g'; echo /usr/local/bin | sed 's,/,\\,,g'; echo abc | sed 'sxbxBx'", ":usr:local:bin\n,usr,local,bin\naBc\nrc=0\n"],
	[[], "echo abc | sed 's/b/\\L&X/'", "aLbXc\nrc=0\n"],
	[[], "echo aaa | sed 's/a/b/2g'; echo aaa | sed 's/^a/b/g'; echo aaa | sed 's/a/b/ g'", "bbb\nbaa\nbbb\nrc=0\n"],
	[[], "echo cccd | sed 's/c*/R/g'; echo abc | sed 's/x*/-/g'; echo abc | sed 's/b*/X/2'", "RdR\n-a-b-c-\naXc\nrc=0\n"],
	[[], "echo abcd | sed -E 's/a|ab|abc/X/'; echo online_movable | sed -E 's/(online|online_movable)/[\\1]/'", "Xd\n[online_movable]\nrc=0\n"],
	[[], "echo aaa | sed 's/\\<a/X/g'; echo 'aa aa' | sed 's/\\ba/X/g'", "XXX\nXX XX\nrc=0\n"],
	[[], "echo 'a$b^c' | sed 's/a$b^c/X/'; echo 'a+b' | sed 's/a+b/X/'; echo aab | sed 's/a\\+b/X/'", "X\nX\nX\nrc=0\n"],
	[[], "echo 'foo123bar' | sed -E 's/[0-9]{2}/N/'; echo 'foo123bar' | sed 's/[[:digit:]]\\{2,\\}/N/'", "fooN3bar\nfooNbar\nrc=0\n"],
	[[], "seq 10 | sed -n '3p;$p'", "3\n10\nrc=0\n"],
	[[], "seq 10 | sed '2,8d'", "1\n9\n10\nrc=0\n"],
	[[], "seq 10 | sed -n '/3/,/5/p'", "3\n4\n5\nrc=0\n"],
	[[], "seq 10 | sed -n '/3/,/5/!p'", "1\n2\n6\n7\n8\n9\n10\nrc=0\n"],
	[[], "seq 10 | sed -n '\\,7,p;\\|9|p'", "7\n9\nrc=0\n"],
	[[], "seq 6 | sed -n '2,+2p'", "2\n3\n4\nrc=0\n"],
	[[], "printf 'x\\na\\nb\\nx\\nc\\nd\\n' | sed -n '/x/,+1p'", "x\na\nx\nc\nrc=0\n"],
	[[], "seq 5 | sed -n '0p'", "1\n2\n3\n4\n5\nrc=0\n"],
	[[], "seq 5 | sed '1~2d'", "sed: unsupported command ~\nrc=1\n"],
	[[], "seq 5 | sed '0,/3/d'", "1\n2\n3\n4\n5\nrc=0\n"],
	[[], "seq 5 | sed -n '4,2p'", "4\nrc=0\n"],
	[[], "seq 5 | sed '2!d'", "2\nrc=0\n"],
	[[], "seq 6 | sed -n '2,4{=;p}'", "2\n2\n3\n3\n4\n4\nrc=0\n"],
	[[], "seq 5 | sed '1!G;h;$!d'", "5\n4\n3\n2\n1\nrc=0\n"],
	[[], "seq 6 | sed '$!N;s/\\n/ /'", "1 2\n3 4\n5 6\nrc=0\n"],
	[[], "seq 6 | sed 'N;P;D'", "1\n2\n3\n4\n5\n6\nrc=0\n"],
	[[], "seq 5 | sed -n '2{p;q}'", "2\nrc=0\n"],
	[[], "seq 5 | sed 3q", "1\n2\n3\nrc=0\n"],
	[[], "seq 5 | sed 3Q", "sed: unsupported command Q\nrc=1\n"],
	[[], "seq 3 | sed 'n;d'", "1\n3\nrc=0\n"],
	[[], "seq 4 | sed -n 'n;p'", "2\n4\nrc=0\n"],
	[[], "seq 3 | sed '$!N;$!D'", "2\n3\nrc=0\n"],
	[[], "seq 3 | sed =", "1\n1\n2\n2\n3\n3\nrc=0\n"],
	[[], "seq 3 | sed -n '$='", "3\nrc=0\n"],
	[[], "echo 'a\tb' | sed -n l", "rc=0\n"],
	[[], "seq 3 | sed '2i\\\ninserted'", "1\ninserted\n2\n3\nrc=0\n"],
	[[], "seq 3 | sed '2a\\\nappended\\\nsecond'", "1\n2\nappended\nsecond\n3\nrc=0\n"],
	[[], "seq 3 | sed '2c\\\nchanged'", "1\nchanged\n3\nrc=0\n"],
	[[], "seq 5 | sed '2,4c\\\nchanged'", "1\nchanged\n5\nrc=0\n"],
	[[], "seq 3 | sed '2i   lead'; seq 2 | sed '1a\\   kept'", "1\nlead\n2\n3\n1\n   kept\n2\nrc=0\n"],
	[[], "seq 3 | sed '$a end'", "1\n2\n3\nend\nrc=0\n"],
	[[], "seq 2 | sed -e 'a\\' -e 'foo'", "1\nfoo\n2\nfoo\nrc=0\n"],
	[[], "seq 3 | sed a", "1\n\n2\n\n3\n\nrc=0\n"],
	[[], "printf 'a\\nb\\n' | sed '1a foo\nN'", "foo\na\nb\nrc=0\n"],
	[["echo x > rf"], "seq 3 | sed '2r rf'; seq 2 | sed 'r nofile'", "1\n2\nx\n3\n1\n2\nrc=0\n"],
	[[], "seq 3 | sed -n 'w out'; cat out", "1\n2\n3\nrc=0\n"],
	[[], "seq 3 | sed 's/2/X/w out'; cat out", "1\nX\n3\nX\nrc=0\n"],
	[[], "seq 3 | sed 'w /nonexistent/x'; echo $?", "sed: can't open '/nonexistent/x': No such file or directory\n1\nrc=0\n"],
	[[], "echo hi | sed 'h;s/h/X/;G;x;g'; echo hi | sed 'x;p;x'; echo hi | sed G; echo hi | sed 'H;x'", "Xi\nhi\n\nhi\nhi\n\n\nhi\nrc=0\n"],
	[[], "printf 'one\\ntwo\\nthree\\n' | sed -n 'H;${x;s/\\n/,/g;p}'", ",one,two,three\nrc=0\n"],
	[[], "printf 'one\\ntwo\\nthree\\n' | sed ':a;N;$!ba;s/\\n/+/g'", "one+two+three\nrc=0\n"],
	[[], "echo hello | sed ':a;s/l/L/;ta'; echo hello | sed 's/x/y/;t;s/h/H/'", "heLLo\nHello\nrc=0\n"],
	[[], "echo hello | sed 's/h/H/;T;s/e/E/'; echo hello | sed 's/x/X/;T;s/e/E/'", "HEllo\nhello\nrc=0\n"],
	[[], "echo abc | sed 'b end;s/a/X/;:end'; echo abc | sed -n 'b;p'", "abc\nrc=0\n"],
	[[], "seq 3 | sed -n '/2/{s/2/two/;p}'", "two\nrc=0\n"],
	[[], "seq 3 | sed -n '1{p'", "1\nsed: unterminated {\nrc=1\n"],
	[[], "seq 3 | sed -n '1p}'", "1\nrc=0\n"],
	[[], "seq 3 | sed '#n\np'", "1\n2\n3\nrc=0\n"],
	[[], "seq 3 | sed -n 'p # comment'; seq 2 | sed '# a comment\ns/1/one/'", "1\n2\n3\none\n2\nrc=0\n"],
	[[], "seq 3 | sed -n '2p;  ;; 3p'", "2\n3\nrc=0\n"],
	[[], "seq 3 | sed -n -e 2p -e 3p", "2\n3\nrc=0\n"],
	[["printf '2p\\n3p\\n' > script.sed"], "seq 3 | sed -n -f script.sed", "2\n3\nrc=0\n"],
	[["printf 'p\\n' > sc"], "seq 2 | sed -e p -f sc -n", "1\n1\n2\n2\nrc=0\n"],
	[[], "seq 3 | sed p -n", "1\n2\n3\nrc=0\n"],
	[[], "seq 3 | sed -- -n", "sed: unsupported command -\nrc=1\n"],
	[[], "seq 3 | sed -n -- p -", "1\n2\n3\nrc=0\n"],
	[[], "seq 3 | sed -nE '/^(1|3)$/p'; seq 3 | sed -rn '/1|2/p'", "1\n3\n1\n2\nrc=0\n"],
	[[], "seq 3 | sed --quiet --expression=2p; seq 3 | sed --silent -e 3p; seq 3 | sed --regexp-extended -n '/1|3/p'", "2\n3\n1\n3\nrc=0\n"],
	[["printf 'a' > f1", "printf 'b\\n' > f2"], "sed p f1 f2", "a\na\nb\nb\nrc=0\n"],
	[[], "printf 'x' | sed p; printf 'x' | sed -n p; echo", "x\nxx\n\nrc=0\n"],
	[["printf 'a\\nb\\n' > f1", "printf 'c\\nd\\n' > f2"], "sed -n '1p;$=' f1 f2", "a\n4\nrc=0\n"],
	[[], "seq 3 | sed p - nofile; echo $?", "1\n1\n2\n2\n3\n3\nsed: nofile: No such file or directory\n1\nrc=0\n"],
	[[], "sed p nofile; echo $?", "sed: nofile: No such file or directory\n1\nrc=0\n"],
	[["printf 'a\\n' > g"], "sed -i s/a/b/ g; cat g", "b\nrc=0\n"],
	[["printf 'a\\n' > g"], "sed -i.bak s/a/b/ g; cat g g.bak", "b\na\nrc=0\n"],
	[["printf 'a\\n' > g"], "sed --in-place=.orig s/a/c/ g; cat g g.orig", "c\na\nrc=0\n"],
	[["printf 'a\\n' > g"], "sed s/a/b/ g -i; cat g", "b\nrc=0\n"],
	[["printf 'a\\n' > g"], "sed -in p g; ls", "g   gn\nrc=0\n"],
	[["printf 'a\\nb\\n' > f1", "printf 'c\\nd\\n' > f2"], "sed -i '$d' f1 f2; cat f1 f2", "a\nc\nrc=0\n"],
	[["printf 'a\\n' > g"], "sed -i p nofile g; echo $?; cat g", "sed: nofile: No such file or directory\n1\na\na\nrc=0\n"],
	[[], "sed -i p; echo $?", "sed: -i requires an argument\n1\nrc=0\n"],
	[[], "sed", SED_USAGE + "rc=1\n"],
	[[], "sed -k", "sed: invalid option -- 'k'\n" + SED_USAGE + "rc=1\n"],
	[[], "sed -e", "sed: option requires an argument -- 'e'\n" + SED_USAGE + "rc=1\n"],
	[[], "sed -s p", "sed: invalid option -- 's'\n" + SED_USAGE + "rc=1\n"],
	[[], "sed -z p", "sed: invalid option -- 'z'\n" + SED_USAGE + "rc=1\n"],
	[[], "sed --posix p", "sed: unrecognized option '--posix'\n" + SED_USAGE + "rc=1\n"],
	[[], "sed --version", "This is not GNU sed version 4.0\nrc=0\n"],
	[[], "echo abc | sed k", "sed: unsupported command k\nrc=1\n"],
	[[], "echo abc | sed Q", "sed: unsupported command Q\nrc=1\n"],
	[[], "echo abc | sed 'F'", "sed: unsupported command F\nrc=1\n"],
	[[], "echo abc | sed 's/a/b'", "sed: unmatched '/'\nrc=1\n"],
	[[], "echo abc | sed 's'", "sed: bad format in substitution expression\nrc=1\n"],
	[[], "echo abc | sed 's/a/b/x'", "sed: bad option in substitution expression\nrc=1\n"],
	[[], "echo abc | sed 'y/abc/'", "sed: unmatched '/'\nrc=1\n"],
	[[], "echo abc | sed '2q5'", "sed: missing command\nrc=1\n"],
	[[], "echo abc | sed '1,'", "sed: no address after comma\nrc=1\n"],
	[[], "echo abc | sed '1,+p'", "sed: no address after comma\nrc=1\n"],
	[[], "echo abc | sed '1 ,3p'", "sed: unsupported command ,\nrc=1\n"],
	[[], "echo abc | sed '1,2a foo'", "sed: command 'a' uses only one address\nrc=1\n"],
	[[], "echo abc | sed '1,2i foo'", "sed: command 'i' uses only one address\nrc=1\n"],
	[[], "echo abc | sed '1,2r foo'", "sed: command 'r' uses only one address\nrc=1\n"],
	[[], "echo abc | sed 'r'", "sed: empty filename\nrc=1\n"],
	[[], "echo abc | sed 'b foo'", "sed: can't find label for jump to 'foo'\nrc=1\n"],
	[[], "seq 3 | sed -n 'p;b foo'", "1\nsed: can't find label for jump to 'foo'\nrc=1\n"],
	[[], "echo abc | sed 's/a\\(/X/'", "sed: bad regex 'a\\(': Unmatched ( or \\(\nrc=1\n"],
	[[], "echo abc | sed -E 's/a(/X/'", "sed: bad regex 'a(': Unmatched ( or \\(\nrc=1\n"],
	[[], "echo abc | sed 's/a\\{2,1\\}/X/'", "sed: bad regex 'a\\{2,1\\}': Invalid content of \\{\\}\nrc=1\n"],
	[[], "echo abc | sed 's/[b-a]/X/'", "sed: bad regex '[b-a]': Invalid range end\nrc=1\n"],
	[[], "echo abc | sed 's/[[:foo:]]/X/'", "sed: bad regex '[[:foo:]]': Invalid character class name\nrc=1\n"],
	[[], "echo abc | sed 's/\\(a\\)\\2/X/'", "sed: bad regex '\\(a\\)\\2': Invalid back reference\nrc=1\n"],
	[[], "echo abc | sed -E 's/*a/X/'", "sed: bad regex '*a': Invalid preceding regular expression\nrc=1\n"],
	[[], "echo abc | sed '/[/d'", "sed: unmatched '/'\nrc=1\n"],
	[[], "echo abc | sed 's//X/'", "sed: no previous regexp\nrc=1\n"],
	[[], "echo abc | sed '/b/s//X/'", "aXc\nrc=0\n"],
	[[], "echo abc | sed '\\'", "abc\nrc=0\n"],
];

describe('sed (busybox 1.35 editors/sed.c)', () => {
	it.each(REAL.map(([pre, cmd, expected]) => ({pre, cmd, expected})))('$cmd', ({pre, cmd, expected}) => {
		const sh = shellWith(pre);
		expect(out(sh, `${cmd}\necho rc=$?`)).toBe(expected);
	});
});

describe('sed on the simulated guest', () => {
	it('strips leading zeros from a sysfs attribute (an all-zero index leaves one empty line)', () => {
		const {sh} = setup();
		expect(out(sh, "cat /sys/devices/system/memory/memory0/phys_index | sed 's/^0*//'; echo rc=$?")).toBe('\nrc=0\n');
		expect(out(sh, "sed -n 's/^0*//p' /sys/devices/system/memory/memory33/phys_index")).toBe('21\n');
		expect(out(sh, "sed -n '/MemTotal/s/[^0-9]//gp' /proc/meminfo")).toBe('917440\n');
	});

	it('-i cannot create its temporary file in sysfs: the attribute is left alone', () => {
		const {sh} = setup();
		expect(out(sh, 'sed -i s/offline/online/ /sys/devices/system/memory/memory32/state; echo rc=$?')).toMatch(
			/^sed: can't create temp file '\/sys\/devices\/system\/memory\/memory32\/state[A-Za-z0-9]{6}': Permission denied\nrc=1\n$/);
		expect(out(sh, 'cat /sys/devices/system/memory/memory32/state')).toBe('offline\n');
		expect(out(sh, 'ls /sys/devices/system/memory/memory32 | grep -c state')).toBe('1\n');
	});

	it('-i edits a tmpfs file through a temporary file renamed over it', () => {
		const {sh} = setup();
		expect(out(sh, 'cd /tmp; echo a > f; sed -i.bak s/a/b/ f; ls; cat f f.bak')).toBe('f      f.bak\nb\na\n');
	});

	it('`w` writes the pattern space to a sysfs attribute when sed exits (its store runs)', () => {
		const {sh} = setup();
		expect(out(sh, "echo online | sed -n 'w /sys/devices/system/memory/memory33/state'; echo rc=$?")).toBe('rc=0\n');
		expect(out(sh, 'cat /sys/devices/system/memory/memory33/state')).toBe('online\n');
		expect(out(sh, "echo 1 | sed 'w /sys/devices/system/memory/memory34/phys_index'; echo rc=$?")).toBe(
			"sed: can't open '/sys/devices/system/memory/memory34/phys_index': Permission denied\nrc=1\n");
		expect(out(sh, 'sed -n p /sys/devices/system/memory/soft_offline_page; echo rc=$?')).toBe(
			'sed: /sys/devices/system/memory/soft_offline_page: Permission denied\nrc=1\n');
	});

	it('endless scripts stop at the step budget; a doubling hold space runs out of memory', () => {
		const {sh} = setup();
		expect(out(sh, "echo a | sed ':a;ba'")).toBe('memhp: command interrupted after 100000 steps\n');
		expect(out(sh, "echo a | sed ':a;p;ba' | tail -1")).toBe('memhp: command interrupted after 100000 steps\n');
		expect(out(sh, "echo a | sed ':a;H;x;ba'; echo rc=$?")).toBe('sed: out of memory\nrc=1\n');
		expect(out(sh, "seq 100000 | sed -n '$p'")).toBe('100000\n');
	});
});

describe('sed regular expressions', () => {
	it('nested repetitions run in linear time (a backtracking matcher takes minutes here, past the test timeout)', () => {
		const {sh} = setup();
		const a = 'a'.repeat(40);
		expect(out(sh, `echo ${a} | sed -E 's/(a*)*b/X/'; echo ${a} | sed 's/\\(a\\|a\\)*b/X/'; echo ${a}b | sed -E 's/(a|aa)*b/X/'`)).toBe(`${a}\n${a}\nX\n`);
		expect(out(sh, `echo ${a} | grep -E '(a|a)*b'; echo rc=$?`)).toBe('rc=1\n');
	});

	it('finds the leftmost-longest match and its subexpressions', () => {
		const {sh} = setup();
		expect(out(sh, "echo xabcdy | sed -E 's/(a|ab)(c|bcd)(d*)/[\\1,\\2,\\3]/'")).toBe('x[a,bcd,]y\n');
		expect(out(sh, "echo aabab | sed -E 's/a*(ab)*/<&>/'")).toBe('<aabab>\n');
		expect(out(sh, "echo 'node0 node1' | sed 's/node[0-9]\\+/N/2'")).toBe('node0 N\n');
	});
});
