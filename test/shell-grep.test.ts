import {describe, expect, it} from 'vitest';
import {fakeShell, runOut, shellIn} from './shell-fake.js';

/**
 * grep, egrep and fgrep as busybox 1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) runs them. The
 * table's expected outputs were produced by that binary (in a pseudo-terminal, so stdout and
 * stderr interleave as on the guest console), each line followed by `echo rc=$?`; where the
 * order of a directory walk shows, on a tmpfs (newest entry first, as the guest's rootfs).
 */

const setup = fakeShell;
const out = runOut;
const shellWith = shellIn;

const GREP_USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: grep [-HhnlLoqvsrRiwFEz] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...

Search for PATTERN in FILEs (or stdin)

\t-H\tAdd 'filename:' prefix
\t-h\tDo not add 'filename:' prefix
\t-n\tAdd 'line_no:' prefix
\t-l\tShow only names of files that match
\t-L\tShow only names of files that don't match
\t-c\tShow only count of matching lines
\t-o\tShow only the matching part of line
\t-q\tQuiet. Return 0 if PATTERN is found, 1 otherwise
\t-v\tSelect non-matching lines
\t-s\tSuppress open and read errors
\t-r\tRecurse
\t-R\tRecurse and dereference symlinks
\t-i\tIgnore case
\t-w\tMatch whole words only
\t-x\tMatch whole lines only
\t-F\tPATTERN is a literal (not regexp)
\t-E\tPATTERN is an extended regexp
\t-z\tNUL terminated input
\t-m N\tMatch up to N times per file
\t-A N\tPrint N lines of trailing context
\t-B N\tPrint N lines of leading context
\t-C N\tSame as '-A N -B N'
\t-e PTRN\tPattern to match
\t-f FILE\tRead pattern from file
`;

/** egrep and fgrep have no usage text. */
const NO_USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

No help available
`;

/** [commands preparing files, command line, busybox's output]. */
const REAL: [string[], string, string][] = [
	[["printf 'foo\\nbar\\nfoo bar\\nbaz\\n' > f1"], "grep foo f1", "foo\nfoo bar\nrc=0\n"],
	[["printf 'foo\\nbar\\nfoo bar\\nbaz\\n' > f1"], "grep -v foo f1; grep -c ba f1; grep -cv ba f1", "bar\nbaz\n3\n1\nrc=0\n"],
	[["printf 'foo\\nbar\\nfoo bar\\nbaz\\n' > f1"], "grep -n ba f1; grep -in FOO f1", "2:bar\n3:foo bar\n4:baz\n1:foo\n3:foo bar\nrc=0\n"],
	[["printf 'foo\\nbar\\nfoo bar\\nbaz\\n' > f1"], "grep -o 'ba.' f1; grep -on 'o' f1", "bar\nbar\nbaz\n1:o\n1:o\n3:o\n3:o\nrc=0\n"],
	[["printf 'foo\\nbar\\nfoo bar\\nbaz\\n' > f1"], "grep -w ba f1; grep -w 'ba.' f1; grep -wo 'ba.' f1", "bar\nfoo bar\nbaz\nbar\nbar\nbaz\nrc=0\n"],
	[["printf 'foo\\nbar\\nfoo bar\\nbaz\\n' > f1"], "grep -x foo f1; grep -x 'ba.' f1; grep -xF 'foo bar' f1", "foo\nbar\nbaz\nfoo bar\nrc=0\n"],
	[["printf 'foo\\nbar\\nfoo bar\\nbaz\\n' > f1"], "grep -E 'z$|^bar' f1; egrep 'o{2}' f1; grep 'o\\{2\\}' f1", "bar\nbaz\nfoo\nfoo bar\nfoo\nfoo bar\nrc=0\n"],
	[["printf 'a.b\\naxb\\n' > f"], "grep -F a.b f; fgrep -c . f; grep -c . f", "a.b\n1\n2\nrc=0\n"],
	[["printf 'foo\\nbar\\nfoo bar\\nbaz\\n' > f1"], "grep -e foo -e baz f1; grep \"$(printf 'bar\\nbaz')\" f1", "foo\nfoo bar\nbaz\nbar\nfoo bar\nbaz\nrc=0\n"],
	[["printf 'foo\\nbar\\n' > f1", "printf 'ba\\nzz\\n' > pats"], "grep -f pats f1; echo fo | grep -f - f1", "bar\nfoo\nrc=0\n"],
	[["printf 'foo\\nbar\\n' > f1", ": > empty"], "grep -f empty f1; echo $?; grep -x -f empty f1; echo $?", "1\n1\nrc=0\n"],
	[[], "echo ab | grep -o -e a -e b; echo ab | grep -Fo -e b -e a", "b\na\nrc=0\n"],
	[[], "echo ab | grep -o 'a\\|ab'; echo abcd | grep -oE 'a|ab|abc'", "ab\nabc\nrc=0\n"],
	[["printf 'foo\\nbar\\nfoo bar\\nbaz\\n' > f1", "printf 'xyz\\nfoo\\n' > f2"], "grep foo f1 f2; grep -h foo f1 f2; grep -H xyz f2", "f1:foo\nf1:foo bar\nf2:foo\nfoo\nfoo bar\nfoo\nf2:xyz\nrc=0\n"],
	[["printf 'foo\\nbar\\nfoo bar\\nbaz\\n' > f1", "printf 'xyz\\nfoo\\n' > f2"], "grep -c foo f1 f2; grep -c xyz f1 f2", "f1:2\nf2:1\nf1:0\nf2:1\nrc=0\n"],
	[["printf 'foo\\nbar\\n' > f1", "printf 'xyz\\n' > f2"], "grep -l foo f1 f2; echo $?; grep -L foo f1 f2; echo $?; grep -L foo f1; echo $?", "f1\n0\nf2\n0\n1\nrc=0\n"],
	[["printf 'foo\\nbar\\n' > f1"], "grep foo f1 nofile; echo $?; grep -s foo nofile f1; echo $?; grep xyz nofile f1; echo $?", "f1:foo\ngrep: nofile: No such file or directory\n2\nf1:foo\n2\ngrep: nofile: No such file or directory\n2\nrc=0\n"],
	[["printf 'foo\\nbar\\n' > f1"], "grep -q foo f1; echo $?; grep -q xyz f1; echo $?; grep -q foo nofile f1; echo $?; grep -q xyz f1 nofile; echo $?", "0\n1\ngrep: nofile: No such file or directory\n0\ngrep: nofile: No such file or directory\n2\nrc=0\n"],
	[[], "echo foo | grep -H foo; echo foo | grep -c foo -; echo foo | grep -l foo", "(standard input):foo\n1\n(standard input)\nrc=0\n"],
	[["printf '1\\n2\\n3\\n4\\n5\\n6\\n7\\n8\\n9\\n' > n"], "grep -A1 -e 2 -e 6 n", "2\n3\n--\n6\n7\nrc=0\n"],
	[["printf '1\\n2\\n3\\n4\\n5\\n6\\n7\\n8\\n9\\n' > n"], "grep -B2 -e 5 -e 9 n; grep -C1 -n 5 n", "3\n4\n5\n--\n7\n8\n9\n4-4\n5:5\n6-6\nrc=0\n"],
	[["printf '1\\n2\\n3\\n4\\n5\\n6\\n7\\n8\\n9\\n' > n"], "grep -A1 -C3 5 n; grep -C3 -A1 5 n", "2\n3\n4\n5\n6\n7\n8\n2\n3\n4\n5\n6\nrc=0\n"],
	[["printf '1\\n2\\n3\\n4\\n5\\n6\\n7\\n8\\n9\\n' > n", "printf 'a\\nb\\n1\\n' > m"], "grep -B2 1 n m; grep -A1 9 n m", "n:1\n--\nm-a\nm-b\nm:1\nn:9\nrc=0\n"],
	[["printf '1\\n2\\n3\\n4\\n5\\n6\\n7\\n8\\n9\\n' > n"], "grep -m2 '[2-5]' n; grep -m2 -A1 '[2-5]' n; grep -m2 -c '[0-9]' n", "2\n3\n2\n3\n2\nrc=0\n"],
	[["printf 'foo\\nbar\\n' > f1"], "grep -m 0 foo f1; echo $?; grep -m x foo f1; echo $?; grep -A -1 foo f1; echo $?", "0\ngrep: invalid number 'x'\n2\ngrep: invalid number '-1'\n2\nrc=0\n"],
	[["printf 'foo\\nbar\\nbaz\\n' > f1"], "grep -ov foo f1; grep -nov foo f1; echo", "2:3:\nrc=0\n"],
	[["mkdir -p d/e", "echo xyz > d/e/g", "echo xyz > f2", "ln -s ../f2 d/lnk"], "grep -r xyz d; grep -R xyz d; grep xyz d; echo $?; grep -rh xyz d/e", "d/lnk:xyz\nd/e/g:xyz\nd/lnk:xyz\nd/e/g:xyz\n1\nxyz\nrc=0\n"],
	[["printf 'Hello\\nhello\\nHELLO\\n' > h"], "grep -i hello h; grep -ic HELLO h; grep -i '[a-z]ELLO' h", "Hello\nhello\nHELLO\n3\nHello\nhello\nHELLO\nrc=0\n"],
	[["printf 'foo\\n' > f"], "grep 'a\\(' f; echo $?; grep -E 'a(' f; echo $?; grep '[' f; echo $?", "grep: bad regex 'a\\('\n2\ngrep: bad regex 'a('\n2\ngrep: bad regex '['\n2\nrc=0\n"],
	[[": > empty"], "grep 'a\\(' empty; echo $?", "1\nrc=0\n"],
	[["printf 'foo\\n' > f"], "grep -E '*foo' f; grep 'a\\{1' f; grep -E 'a{1' f; grep -E 'o{,1}$' f", "foo\ngrep: bad regex 'a\\{1'\nfoo\nrc=0\n"],
	[["printf 'the cat\\nconcat\\ncat_x\\n' > w"], "grep -w 'cat\\|the' w; grep -wc cat w; grep -Fw cat w", "the cat\n1\nthe cat\nrc=0\n"],
	[[], "printf 'abc\\n' | grep -o 'b*'; printf 'aaa bbb\\n' | grep -o '[ab]*'; printf 'foo\\n' | grep -o ''; echo $?", "b\naaa\nbbb\n0\nrc=0\n"],
	[[], "printf 'a\\0b\\0' | grep -z b", "b\u0000rc=0\n"],
	[[], "grep", GREP_USAGE + "rc=2\n"],
	[[], "grep -k x", "grep: invalid option -- 'k'\n" + GREP_USAGE + "rc=2\n"],
	[[], "grep -m", "grep: option requires an argument -- 'm'\n" + GREP_USAGE + "rc=2\n"],
	[[], "egrep", NO_USAGE + "rc=2\n"],
	[[], "fgrep -k", "fgrep: invalid option -- 'k'\n" + NO_USAGE + "rc=2\n"],
	[[], "grep --help", GREP_USAGE + "rc=0\n"],
	[[], "egrep --help", NO_USAGE + "rc=0\n"],
	[[], "grep --foo x", "grep: unrecognized option '--foo'\n" + GREP_USAGE + "rc=2\n"],
	[[], "grep -e", "grep: option requires an argument -- 'e'\n" + GREP_USAGE + "rc=2\n"],
	[[], "grep -f nofile x", "grep: nofile: No such file or directory\nrc=2\n"],
	[[], "echo foo | grep --color=auto foo; echo foo | grep --colour foo", "foo\ngrep: unrecognized option '--colour'\n" + GREP_USAGE + "rc=2\n"],
];

describe('grep (busybox 1.35 findutils/grep.c)', () => {
	it.each(REAL.map(([pre, cmd, expected]) => ({pre, cmd, expected})))('$cmd', ({pre, cmd, expected}) => {
		const sh = shellWith(pre);
		expect(out(sh, `${cmd}\necho rc=$?`)).toBe(expected);
	});
});

describe('grep on the simulated guest', () => {
	it('names files when given several, counts per file, lists matching attributes', () => {
		const {sh} = setup();
		out(sh, 'echo online > /sys/devices/system/memory/memory33/state');
		expect(out(sh, 'grep -c MemTotal /proc/meminfo /proc/version; echo rc=$?')).toBe('/proc/meminfo:1\n/proc/version:0\nrc=0\n');
		expect(out(sh, 'grep -H . /sys/devices/system/memory/memory3[23]/state')).toBe(
			'/sys/devices/system/memory/memory32/state:offline\n/sys/devices/system/memory/memory33/state:online\n');
		expect(out(sh, 'grep -L online /sys/devices/system/memory/memory3*/state')).toBe(
			'/sys/devices/system/memory/memory32/state\n/sys/devices/system/memory/memory34/state\n/sys/devices/system/memory/memory35/state\n');
	});

	it('a write-only sysfs attribute cannot be opened for reading: status 2', () => {
		const {sh} = setup();
		expect(out(sh, 'grep x /sys/devices/system/memory/soft_offline_page; echo rc=$?')).toBe(
			'grep: /sys/devices/system/memory/soft_offline_page: Permission denied\nrc=2\n');
		expect(out(sh, 'grep -s x /sys/devices/system/memory/soft_offline_page; echo rc=$?')).toBe('rc=2\n');
	});

	it('-o prints the POSIX leftmost-longest match of an alternation', () => {
		const {sh} = setup();
		expect(out(sh, "echo online_movable | grep -oE 'online|online_movable|movable'")).toBe('online_movable\n');
	});
});
