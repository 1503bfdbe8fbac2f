/**
 * busybox 1.35 awk through the shell. Every expected text here was produced by Debian's
 * busybox-static 1:1.35.0-4+deb12u1+b1 (`busybox awk`) on the same input files, except the
 * lines marked memhp (commands awk would run through /bin/sh are not simulated).
 */
import {beforeEach, describe, expect, it} from 'vitest';
import {Shell} from '../source/machine/shell/index.js';
import {FakeKernel} from './shell-fake.js';

function setup() {
	const k = new FakeKernel(8);
	k.hotplug(32, 4);
	const sh = new Shell(k.syscalls(), {columns: 80});
	// the same files the expected outputs were made from on the real guest userland
	sh.run('mkdir /tmp/awkt; cp /proc/meminfo /tmp/awkt/m; cp /etc/passwd /tmp/awkt/passwd; cd /tmp/awkt');
	return {k, sh};
}

const out = (sh: Shell, line: string) => sh.run(line).output;

const USAGE = 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\n'
	+ 'Usage: awk [OPTIONS] [AWK_PROGRAM] [FILE]...\n\n'
	+ '\t-v VAR=VAL\tSet variable\n\t-F SEP\t\tUse SEP as field separator\n\t-f FILE\t\tRead program from FILE\n\t-e AWK_PROGRAM\n';

let sh: Shell;
beforeEach(() => {
	sh = setup().sh;
});

function check(cases: [string, string][]) {
	for (const [line, expected] of cases) expect(out(sh, line), line).toBe(expected);
}

describe('awk: the programs users type', () => {
	it('prints computed columns with their text (a division keeps the " MiB")', () => {
		check([
			[`awk '/MemFree/ {print $2/1024 " MiB"}' /tmp/awkt/m`, '866.641 MiB\n'],
			[`awk '/MemTotal/ {print $2}' /tmp/awkt/m; awk -F: '{print $1, NF}' /tmp/awkt/passwd`, '917440\nroot 7\n'],
			[`awk '{s += $2} END {print s, NR, s/NR}' /tmp/awkt/m`, '2650920 9 294547\n'],
			[`awk '$2 > 5000 {printf "%-14s %8.1f MiB\\n", $1, $2/1024}' /tmp/awkt/m`,
				'MemTotal:         895.9 MiB\nMemFree:          866.6 MiB\nMemAvailable:     808.0 MiB\nCached:             8.8 MiB\nSUnreclaim:         5.9 MiB\n'],
		]);
	});

	it('runs for loops with printf, ranges of records and default actions', () => {
		check([
			[`awk 'BEGIN{for(i=0;i<3;i++) printf "%d-", i; print ""}'`, '0-1-2-\n'],
			[`awk 'NR==2, NR==4 {print NR": "$1}' /tmp/awkt/m`, '2: MemFree:\n3: MemAvailable:\n4: Buffers:\n'],
			[`awk '/^Mem/,/^Buffers/' /tmp/awkt/m | wc -l`, '4\n'],
		]);
	});

	it('reads sysfs and writes to it through print > file', () => {
		check([
			[`awk 'BEGIN { print "online" > "/sys/devices/system/memory/memory33/state" }'; cat /sys/devices/system/memory/memory33/state`, 'online\n'],
			[`awk '{ print FILENAME ": " $0 }' /sys/devices/system/memory/memory33/phys_index`, '/sys/devices/system/memory/memory33/phys_index: 00000021\n'],
		]);
	});
});

describe('awk: numbers, strings and comparisons', () => {
	it('compares input numerically and constants as written', () => {
		check([
			[`awk 'BEGIN{x = "3.0"; y = 3; print (x == y), ("3.0" == 3), x + 0}'`, '0 0 3\n'],
			[`echo '10 9' | awk '{print ($1 > $2), ($1 > "9")}'`, '1 0\n'],
			[`echo '011 0x10 08.5' | awk '{print $1 + 0, $2 + 0, $3 + 0}'`, '9 16 8.5\n'],
		]);
	});

	it('prints integers as integers and others with OFMT/CONVFMT', () => {
		check([
			[`awk 'BEGIN{print 1e6, 1e16, 0.1 + 0.2, 1/3, 100000 * 100000, -0, 017, 0x1F}'`, '1000000 10000000000000000 0.3 0.333333 10000000000 0 15 31\n'],
			[`awk 'BEGIN{OFMT = "%.2f"; CONVFMT = "%.3g"; x = 3.14159; print x, x ""; print 2.5 "", 7}'`, '3.14 3.14\n2.5 7\n'],
		]);
	});

	it('has no math library, as Debian builds it', () => {
		check([
			[`awk 'BEGIN{print 2^10}'; echo $?`, 'awk: cmd. line:1: Math support is not compiled in\n1\n'],
			[`awk 'BEGIN{print sqrt(16)}'; echo $?`, 'awk: cmd. line:1: Math support is not compiled in\n1\n'],
		]);
	});

	it('parses concatenation and evaluation order like busybox', () => {
		check([
			[`awk 'BEGIN{print 1 " " -1}'`, '1-1\n'],
			[`awk 'BEGIN{x = "a"; print x (x = "b")}'`, 'bb\n'],
		]);
	});

	it('has glibc rand() sequences, srand() returning the old seed, and bit operations', () => {
		check([
			[`awk 'BEGIN { srand(1); print rand(), rand(); print srand(5), srand() }'`, '0.783099 0.197551\n1 5\n'],
			[`awk 'BEGIN { print rand() }'`, '0.783099\n'],
			[`awk 'BEGIN { print and(12, 10), or(12, 10), xor(12, 10), lshift(1, 4), rshift(16, 2), compl(0) }'`, '8 14 6 16 4 1.84467e+19\n'],
		]);
	});
});

describe('awk: fields and records', () => {
	it('rebuilds $0 with OFS when a field or NF is assigned', () => {
		check([
			[`echo 'a b c' | awk '{$5 = "e"; print; print NF; NF = 2; print; $0 = "x y z"; print $3, NF}'`, 'a b c  e\n5\na b\nz 3\n'],
			[`echo '  lead  and   trail  ' | awk '{$1 = $1; print "[" $0 "]"}'`, '[lead and trail]\n'],
		]);
	});

	it('splits with FS as a character, a tab, a regex, and records with RS', () => {
		check([
			[`printf 'a1b22c\\n' | awk -F '[0-9]+' '{ print NF, $3 }'`, '3 c\n'],
			[`printf 'a\\tb c\\n' | awk -F '\\t' '{ print $2 }'`, 'b c\n'],
			[`printf 'atb\\n' | awk -Ft '{ print $1 }'`, 'a\n'],
			[`printf 'a b\\n\\nc d\\ne\\n\\n\\nf\\n' | awk 'BEGIN { RS = "" } { print NR ": " $1 "-" $NF " (" NF ")" }'`, '1: a-b (2)\n2: c-e (3)\n3: f-f (1)\n'],
			[`printf 'a;b;;c' | awk 'BEGIN { RS = ";" } { print NR "[" $0 "]" }'`, '1[a]\n2[b]\n3[]\n4[c]\n'],
		]);
	});

	it('has length without parentheses and walks arrays in busybox hash order', () => {
		check([
			[`awk 'BEGIN{print length()}' </dev/null`, '0\n'],
			[`echo qwe | awk '{print length, length(), length($0) 1}'`, '3 3 31\n'],
			[`printf 'k 1\\nj 2\\nk 3\\n' | awk '{sum[$1] += $2} END {for (k in sum) print k, sum[k]}'`, 'j 2\nk 4\n'],
			[`awk 'BEGIN{a["x"];a["y"];a["z"];a[1];a[2];a[10]; for (k in a) printf "%s ", k; print ""}'`, 'z 10 1 2 x y \n'],
			[`awk 'BEGIN{SUBSEP=":"; m[1,2] = 3; for (k in m) print k; print ((1,2) in m), ((2,1) in m)}'`, '1:2\n1 0\n'],
		]);
	});
});

describe('awk: string functions and regexes', () => {
	it('sub, gsub (with & and backslashes as 1.35 treats them), match, gensub', () => {
		check([
			[`awk 'BEGIN{s = "hello world"; n = gsub(/o/, "[&]", s); print n, s; sub(/l+/, "L", s); print s}'`, '2 hell[o] w[o]rld\nheL[o] w[o]rld\n'],
			[`awk 'BEGIN{s = "a.b"; gsub(/\\./, "\\\\&", s); print s; t = "x"; gsub(/x/, "\\\\\\\\&", t); print t}'`, 'a&b\n\\x\n'],
			[`awk 'BEGIN{print match("foobar", /o+/), RSTART, RLENGTH; print match("x", /y/), RSTART, RLENGTH}'`, '2 2 2\n0 0 -1\n'],
			[`awk 'BEGIN { print gensub(/(o)(o)/, "\\\\2-\\\\1", 1, "foo boo"), gensub(/o/, "0", "g", "foo") }'`, 'fo-o boo f00\n'],
		]);
	});

	it('substr, index, split, toupper, int and IGNORECASE', () => {
		check([
			[`awk 'BEGIN{print substr("hello", 2, 3), substr("hello", 0, 2), substr("hello", -1), index("hello", "ll"), length("hello")}'`, 'ell he hello 3 5\n'],
			[`awk 'BEGIN{n = split("a:b::c", p, ":"); print n, p[1], p[4], "[" p[3] "]"; print split("  x  y ", q), q[1] q[2]}'`, '4 a c []\n2 xy\n'],
			[`awk 'BEGIN{print toupper("MiXed 1"), tolower("MiXed 1"), int(-3.9), int("12abc")}'`, 'MIXED 1 mixed 1 -3 12\n'],
			[`awk 'BEGIN { IGNORECASE = 1; print ("ABC" ~ /b/), index("ABC", "b"), ("a" == "A") }'`, '1 2 1\n'],
		]);
	});

	it('takes the longest match, and nested repetitions do not hang', () => {
		check([
			[`echo 'abcd xabx' | awk '{ print match($0, /(a|ab)(c|bcd)/), RSTART, RLENGTH; s = $0; gsub(/a|ab/, "<&>", s); print s }'`, '1 1 4\n<ab>cd x<ab>x\n'],
			[`awk 'BEGIN { s = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"; print match(s, /(x*)*y/), match(s, /(x+x+)+y/) }'`, '0 0\n'],
		]);
	});

	it('falls back to a basic regex for a dynamic one an ERE refuses', () => {
		check([
			[`echo 'a(b' | awk '$0 ~ "("'`, 'a(b\n'],
			[`awk '/(/'; echo $?`, "awk: bad regex '(': Unmatched ( or \\(\n1\n"],
			[`awk '/a{/'; echo $?`, "awk: bad regex 'a{': Unmatched \\{\n1\n"],
		]);
	});
});

describe('awk: printf and sprintf', () => {
	it('formats like glibc, with C int conversion', () => {
		check([
			[`awk 'BEGIN{printf "%5.2f|%-6s|%03d|%x|%o|%e|%c%c\\n", 3.14159, "ab", 7, 255, 8, 12345.678, 72, "i"}'`, ' 3.14|ab    |007|ff|10|1.234568e+04|Hi\n'],
			[`awk 'BEGIN{printf "%d %i %u\\n", 3e9, -1, -1}'`, '-2147483648 -1 4294967295\n'],
			[`awk 'BEGIN{x = sprintf("%s-%05.1f", "v", 2.25); print x, length(x)}'`, 'v-002.2 7\n'],
		]);
	});

	it('prints %c of 0, missing arguments as empty, and % without a letter as it is', () => {
		check([
			[`awk 'BEGIN { printf "%c", 0 }' | wc -c`, '1\n'],
			[`awk 'BEGIN { printf "%s %s %s|\\n", "only" }'`, 'only  |\n'],
			[`awk 'BEGIN { printf "100%%\\n"; printf "%5%|x\\n"; printf "tail%" ; print "" }'`, '100%\n%|x\ntail%\n'],
		]);
	});

	it('refuses length modifiers and * widths', () => {
		check([
			[`awk 'BEGIN { printf "%ld\\n", 1 }'; echo $?`, 'awk: cmd. line:1: Invalid format specifier\n1\n'],
			[`awk 'BEGIN { printf "%*d\\n", 5, 1 }'; echo $?`, 'awk: cmd. line:1: %*x formats are not supported\n1\n'],
		]);
	});
});

describe('awk: control flow and functions', () => {
	it('runs recursive functions, array parameters by reference and loops', () => {
		check([
			[`awk 'function fact(n) { return n <= 1 ? 1 : n * fact(n - 1) } BEGIN { print fact(5), fact(20) }'`, '120 2432902008176640000\n'],
			[`awk 'function fill(arr, n,   i) { for (i = 1; i <= n; i++) arr[i] = i * i } BEGIN { fill(sq, 4); print length(sq), sq[3] }'`, '4 9\n'],
			[`awk 'BEGIN { while (i < 10) { i++; if (i % 2) continue; if (i > 6) break; s = s i } print s; do k++; while (k < 3); print k }'`, '246\n3\n'],
		]);
	});

	it('next skips the rules, exit runs END and keeps its status', () => {
		check([
			[`printf '1\\n2\\n3\\n4\\n' | awk 'NR == 2 { next } { print } NR == 3 { exit 7 } END { print "end" }'; echo $?`, '1\n3\nend\n7\n'],
			[`awk 'BEGIN { exit 3 } END { exit }'; echo $?`, '3\n'],
		]);
	});
});

describe('awk: getline, files and operands', () => {
	it('reads the next record, a variable or a file with getline', () => {
		check([
			[`printf 'a\\nb\\nc\\n' | awk 'NR == 1 { getline; print "got " $0 } { print NR, $0 }'`, 'got b\n2 b\n3 c\n'],
			[`printf 'a\\nb\\n' | awk 'BEGIN { while ((getline line) > 0) n++; print n, line, NR }'`, '2 b 2\n'],
			[`awk 'BEGIN { while ((getline l < "/tmp/awkt/m") > 0) if (l ~ /^Shmem/) print l; print (getline x < "/nonexistent") }'`, 'Shmem:              2100 kB\n-1\n'],
		]);
	});

	it('writes files with > and >> (truncating on the first open only) and /dev/stderr', () => {
		check([
			[`awk 'BEGIN { print "one" > "/tmp/awkt/out"; print "two" > "/tmp/awkt/out"; close("/tmp/awkt/out"); print "three" >> "/tmp/awkt/out" }'; cat /tmp/awkt/out`, 'one\ntwo\nthree\n'],
			[`awk 'BEGIN { print "to stderr" > "/dev/stderr" }' 2>/dev/null; awk 'BEGIN { print "to stderr" > "/dev/stderr" }' 2>&1 >/dev/null`, 'to stderr\n'],
		]);
	});

	it('takes -v, -f, -e, var=value operands, ARGV, ENVIRON and FILENAME', () => {
		check([
			[`awk -v 'x=a\\tb' -v n=5 'BEGIN { print x, n + 1 }'`, 'a\tb 6\n'],
			[`printf 'x\\n' | awk '{ print v, $0 }' v=1 -`, '1 x\n'],
			[`awk 'BEGIN { print ARGC, ARGV[0], ARGV[1], ARGV[2] }' one two=2`, '3 awk one two=2\n'],
			[`awk 'BEGIN { print ENVIRON["USER"], ENVIRON["HOME"] }'`, 'root /\n'],
			[`printf '1\\n2\\n' > /tmp/awkt/a; printf '3\\n' > /tmp/awkt/b; awk '{ print FILENAME, FNR, NR }' /tmp/awkt/a /tmp/awkt/b`, '/tmp/awkt/a 1 1\n/tmp/awkt/a 2 2\n/tmp/awkt/b 1 3\n'],
			[`printf 'BEGIN { print "from -f" }\\n{ print FILENAME ": " $0 }\\n' > /tmp/awkt/p.awk; echo zz | awk -f /tmp/awkt/p.awk`, 'from -f\n-: zz\n'],
			[`awk -e 'BEGIN { print 1 }' -e 'BEGIN { print 2 }'`, '1\n2\n'],
			[`awk -W foo 'BEGIN { print 1 }'`, 'awk: warning: option -W is ignored\n1\n'],
		]);
	});

	it('runs commands through the shell: system(), print | "cmd", "cmd" | getline (as Debian\'s busybox 1.35 printed them)', () => {
		check([
			[`awk 'BEGIN { print "x" | "cat; exit 3"; r = close("cat; exit 3"); print r }'`, 'x\n768\n'],
			[`awk 'BEGIN { "echo a; echo b; exit 2" | getline v; print v, NR; "echo a; echo b; exit 2" | getline v; print v; r = close("echo a; echo b; exit 2"); print r; print system("echo sys; exit 5") }'`, 'a 0\nb\n512\nsys\n5\n'],
			// system() flushes what awk printed; a pipe's command runs when it is closed (here at exit)
			[`awk 'BEGIN { printf "p1 "; system("echo s"); print "p2" | "cat"; print "p3" }'`, 'p1 s\np3\np2\n'],
			[`awk 'BEGIN { while (("printf \\"x y\\\\nz\\\\n\\"" | getline) > 0) print NF, $2 }'`, '2 y\n1 \n'],
			[`awk 'BEGIN { print "b\\na" | "sort"; print "end" }'`, 'end\na\nb\n'],
			[`awk 'BEGIN { "cat /sys/devices/system/memory/block_size_bytes" | getline bs; print bs }'`, '8000000\n'],
		]);
	});
});

describe('awk: errors', () => {
	it('reports syntax errors with busybox texts and line numbers, status 1', () => {
		check([
			[`awk 'BEGIN { print 2==v=2 }'; echo $?`, 'awk: cmd. line:1: Unexpected token\n1\n'],
			[`awk 'BEGIN { print "x }'; echo $?`, 'awk: cmd. line:1: Unexpected end of string\n1\n'],
			[`awk 'BEGIN {'; echo $?`, 'awk: cmd. line:1: Unexpected token\n1\n'],
			[`awk 's/a/b/'; echo $?`, 'awk: cmd. line:1: Unexpected token\n1\n'],
			[`awk 'BEGIN { print(}'; echo $?`, 'awk: cmd. line:1: Unexpected token\n1\n'],
			[`awk 'BEGIN { print () }'; echo $?`, 'awk: cmd. line:1: Empty sequence\n1\n'],
			[`awk 'BEGIN { if (1) break }'; echo $?`, "awk: cmd. line:1: 'break' not in a loop\n1\n"],
			[`awk 'function f(a) { return a } function f(b) { return b } BEGIN { print f(1) }'; echo $?`, 'awk: cmd. line:1: Duplicate function\n1\n'],
		]);
	});

	it('reports run-time errors at the line they happen, in the -f file', () => {
		check([
			[`awk 'BEGIN { x = 1; y = x / 0 }'; echo $?`, 'awk: cmd. line:1: Division by zero\n1\n'],
			[`awk 'BEGIN {\n  a = 1\n  b = a % 0 }'; echo $?`, 'awk: cmd. line:3: Division by zero\n1\n'],
			[`printf 'BEGIN {\\n  x = 1\\n  y = x / 0\\n}\\n' > /tmp/awkt/bad.awk; awk -f /tmp/awkt/bad.awk; echo $?`, 'awk: /tmp/awkt/bad.awk:3: Division by zero\n1\n'],
			[`awk 'BEGIN { undefined_function(1) }'; echo $?`, 'awk: cmd. line:1: Call to undefined function\n1\n'],
			[`awk 'BEGIN { $(-1) = 1 }'; echo $?`, 'awk: cmd. line:1: Access to negative field\n1\n'],
			[`awk 'BEGIN { x = 1; x[1] = 2; delete 5 }'; echo $?`, 'awk: cmd. line:1: Not an array\n1\n'],
		]);
	});

	it('reports missing files, directories and bad options', () => {
		check([
			[`awk '{ print }' /tmp/awkt/nope; echo $?`, 'awk: /tmp/awkt/nope: No such file or directory\n1\n'],
			[`awk '{ print }' /tmp/awkt; echo $?`, 'awk: cmd. line:1: Is a directory\n1\n'],
			[`awk -f /tmp/awkt/nope.awk; echo $?`, "awk: can't open '/tmp/awkt/nope.awk': No such file or directory\n1\n"],
			[`echo q | awk '{ print }' -F:; echo $?`, 'awk: -F:: No such file or directory\n1\n'],
			[`awk -x 'BEGIN{}'; echo $?`, `awk: invalid option -- 'x'\n${USAGE}1\n`],
			[`awk -F; echo $?`, `awk: option requires an argument -- 'F'\n${USAGE}1\n`],
			[`awk; echo $?`, `${USAGE}1\n`],
			[`awk -v x 'BEGIN { print 1 }'; echo $?`, `${USAGE}1\n`],
		]);
	});

	it('stops runaway programs without hanging the shell (memhp limits)', () => {
		expect(out(sh, `seq 1 20000 | awk '{ s += $1 } END { print s }'`)).toBe('200010000\n');
		expect(out(sh, `awk 'BEGIN { while (1) x++ }'; echo $?`)).toBe('memhp: command interrupted after 100000 steps\n');
		expect(out(sh, `awk 'BEGIN { s = "x"; while (1) s = s s }'`)).toBe('memhp: command interrupted: out of memory\n');
		expect(out(sh, `awk 'function f(n) { return f(n + 1) } BEGIN { f(1) }'`)).toBe('memhp: command interrupted: nesting too deep\n');
		expect(out(sh, 'echo alive')).toBe('alive\n');
	});
});
