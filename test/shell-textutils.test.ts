import {describe, expect, it} from 'vitest';
import {Shell} from '../source/machine/shell/index.js';
import {FakeKernel} from './shell-fake.js';
import {guestShell} from './guest-shell.js';

/**
 * busybox 1.35 text applets (head, tail, wc, sort, uniq, cut, tr, seq, tee, yes) and their
 * getopt32 option parsing, run through the shell. Every expected output below was checked
 * against the real `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1)` binary running the same
 * command lines on the same files (stdout and stderr together, then the exit status).
 */

const FIXTURES = [
	`printf 'memory10\nmemory2\nmemory1\nmemory33\nmemory0\n' > mem`,
	`printf 'b 2\nc 3\na 2\nB 1\nd 10\n a 1\n' > kv`,
	`printf 'x:3:zz\ny:1:aa\nz:2:bb\nw:1:cc\n' > colon`,
	`printf 'a\na\nb\nB\nb\nc\n' > dup`,
	`printf 'one\ttwo\tthree\nnodelim\n1\t2\n' > tabs`,
	`printf 'no newline' > nonl`,
	`printf '10 apple\n9 Banana\n-1 cherry\n1e2 date\n0x10 egg\n 5 fig\nabc grape\n\n3.5 kiwi\n' > nums`,
	`printf 'Jan 3\nfeb 1\nMAR 2\nxyz 0\nDec 9\n' > months`,
	`printf 'v1.10\nv1.2\nv1.1\nv1.9a\nv1.9\n' > vers`,
	`printf 'B\nb\na\nA\n_x\n.y\n' > cases`,
	`printf '  b  2\n a 10\nc   1\n\tx\t3\n' > blanks`,
	`printf 'k:2:b\nk:10:a\nj:2:c\n:1:\n::\nk\n' > tkeys`,
];

function setup() {
	const k = new FakeKernel(8);
	k.hotplug(32, 4);
	const sh = new Shell(k.syscalls(), {columns: 80});
	sh.run('cd /tmp');
	for (const line of FIXTURES) sh.run(line);
	return sh;
}

/** What the terminal shows for a command line (stdout and stderr), and its exit status. */
function run(sh: Shell, line: string): [string, number] {
	const output = sh.run(line).output;
	return [output, sh.lastStatus()];
}

/** The usage blocks of the real binary (`busybox APPLET --help`). */
const U = {
	head: 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: head [OPTIONS] [FILE]...\n\nPrint first 10 lines of FILEs (or stdin).\nWith more than one FILE, precede each with a filename header.\n\n\t-n N[bkm]\tPrint first N lines\n\t-n -N[bkm]\tPrint all except N last lines\n\t-c [-]N[bkm]\tPrint first N bytes\n\t\t\t(b:*512 k:*1024 m:*1024^2)\n\t-q\t\tNever print headers\n\t-v\t\tAlways print headers\n',
	tail: 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: tail [OPTIONS] [FILE]...\n\nPrint last 10 lines of FILEs (or stdin) to.\nWith more than one FILE, precede each with a filename header.\n\n\t-c [+]N[bkm]\tPrint last N bytes\n\t-n N[bkm]\tPrint last N lines\n\t-n +N[bkm]\tStart on Nth line and print the rest\n\t\t\t(b:*512 k:*1024 m:*1024^2)\n\t-q\t\tNever print headers\n\t-v\t\tAlways print headers\n\t-f\t\tPrint data as file grows\n\t-F\t\tSame as -f, but keep retrying\n\t-s SECONDS\tWait SECONDS between reads with -f\n',
	wc: 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: wc [-cmlwL] [FILE]...\n\nCount lines, words, and bytes for FILEs (or stdin)\n\n\t-c\tCount bytes\n\t-m\tCount characters\n\t-l\tCount newlines\n\t-w\tCount words\n\t-L\tPrint longest line length\n',
	sort: 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: sort [-nrugMcszbdfiokt] [-o FILE] [-k START[.OFS][OPTS][,END[.OFS][OPTS]] [-t CHAR] [FILE]...\n\nSort lines of text\n\n\t-o FILE\tOutput to FILE\n\t-c\tCheck whether input is sorted\n\t-b\tIgnore leading blanks\n\t-f\tIgnore case\n\t-i\tIgnore unprintable characters\n\t-d\tDictionary order (blank or alphanumeric only)\n\t-n\tSort numbers\n\t-g\tGeneral numerical sort\n\t-M\tSort month\n\t-V\tSort version\n\t-t CHAR\tField separator\n\t-k N[,M] Sort by Nth field\n\t-r\tReverse sort order\n\t-s\tStable (don\'t sort ties alphabetically)\n\t-u\tSuppress duplicate lines\n\t-z\tNUL terminated input and output\n',
	uniq: 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: uniq [-cduiz] [-f,s,w N] [FILE [OUTFILE]]\n\nDiscard duplicate lines\n\n\t-c\tPrefix lines by the number of occurrences\n\t-d\tOnly print duplicate lines\n\t-u\tOnly print unique lines\n\t-i\tIgnore case\n\t-z\tNUL terminated output\n\t-f N\tSkip first N fields\n\t-s N\tSkip first N chars (after any skipped fields)\n\t-w N\tCompare N characters in line\n',
	cut: 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: cut [OPTIONS] [FILE]...\n\nPrint selected fields from FILEs to stdout\n\n\t-b LIST\tOutput only bytes from LIST\n\t-c LIST\tOutput only characters from LIST\n\t-d SEP\tField delimiter for input (default -f TAB, -F run of whitespace)\n\t-O SEP\tField delimiter for output (default = -d for -f, one space for -F)\n\t-D\tDon\'t sort/collate sections or match -fF lines without delimiter\n\t-f LIST\tPrint only these fields (-d is single char)\n\t-F LIST\tPrint only these fields (-d is regex)\n\t-s\tOutput only lines containing delimiter\n\t-n\tIgnored\n',
	tr: 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: tr [-cds] STRING1 [STRING2]\n\nTranslate, squeeze, or delete characters from stdin, writing to stdout\n\n\t-c\tTake complement of STRING1\n\t-d\tDelete input characters coded STRING1\n\t-s\tSqueeze multiple output characters of STRING2 into one character\n',
	seq: 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: seq [-w] [-s SEP] [FIRST [INC]] LAST\n\nPrint numbers from FIRST to LAST, in steps of INC.\nFIRST, INC default to 1.\n\n\t-w\tPad to last with leading zeros\n\t-s SEP\tString separator\n',
	yes: 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: yes [STRING]\n\nRepeatedly print a line with STRING, or \'y\'\n',
	tee: 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: tee [-ai] [FILE]...\n\nCopy stdin to each FILE, and also to stdout\n\n\t-a\tAppend to the given FILEs, don\'t overwrite\n\t-i\tIgnore interrupt signals (SIGINT)\n',
};

describe('getopt32: glibc option parsing as busybox uses it', () => {
	it('options may follow operands, bundle, take -kARG or -k ARG; -- ends them', () => {
		const sh = setup();
		expect(run(sh, 'sort kv -r')).toEqual(['d 10\nc 3\nb 2\na 2\nB 1\n a 1\n', 0]);
		expect(run(sh, 'sort -rnk2 kv')).toEqual(['d 10\nc 3\nb 2\na 2\nB 1\n a 1\n', 0]);
		expect(run(sh, 'sort -k 2,2n -t \' \' kv')).toEqual([' a 1\nB 1\na 2\nb 2\nc 3\nd 10\n', 0]);
		expect(run(sh, 'sort -- -r kv')).toEqual(['sort: -r: No such file or directory\n', 2]);
		expect(run(sh, 'POSIXLY_CORRECT=1 sort kv -r')).toEqual(['sort: -r: No such file or directory\n', 2]);
	});
	it('errors print glibc\'s message with argv[0] as typed, then the usage block', () => {
		const sh = setup();
		expect(run(sh, 'sort -x')).toEqual(['sort: invalid option -- \'x\'\n' + U.sort, 2]);
		expect(run(sh, '/usr/bin/sort -k')).toEqual(['/usr/bin/sort: option requires an argument -- \'k\'\n' + U.sort, 2]);
		expect(run(sh, 'head --foo')).toEqual(['head: invalid option -- \'-\'\n' + U.head, 1]);
		expect(run(sh, 'wc --lines kv')).toEqual(['wc: unrecognized option \'--lines\'\n' + U.wc, 1]);
		// glibc quotes the whole word, `=VALUE` and all
		expect(run(sh, 'wc --lines=3 kv')).toEqual(['wc: unrecognized option \'--lines=3\'\n' + U.wc, 1]);
		expect(run(sh, 'cut -:')).toEqual(['cut: invalid option -- \':\'\n' + U.cut, 1]);
		expect(run(sh, 'uniq -f')).toEqual(['uniq: option requires an argument -- \'f\'\n' + U.uniq, 1]);
		expect(run(sh, 'tr -x a b')).toEqual(['tr: invalid option -- \'x\'\n' + U.tr, 1]);
	});
	it('option arguments are checked as they are parsed, before a later bad option', () => {
		const sh = setup();
		expect(run(sh, 'head -n x -z kv')).toEqual(['head: invalid number \'x\'\n', 1]);
		expect(run(sh, 'uniq -y -f x kv')).toEqual(['uniq: invalid option -- \'y\'\n' + U.uniq, 1]);
		expect(run(sh, 'uniq -f x -y kv')).toEqual(['uniq: invalid number \'x\'\n', 1]);
		expect(run(sh, 'tail -s x -z kv')).toEqual(['tail: invalid number \'x\'\n', 1]);
	});
	it('after the legacy -N, getopt sees the count as argv[0]', () => {
		const sh = setup();
		expect(run(sh, 'head -2 -x kv')).toEqual(['-2: invalid option -- \'x\'\n' + U.head, 1]);
		expect(run(sh, 'tail +2 -c')).toEqual(['+2: option requires an argument -- \'c\'\n' + U.tail, 1]);
	});
	it('--help alone prints the usage with status 0; with more arguments it is an unknown option', () => {
		const sh = setup();
		expect(run(sh, 'seq --help')).toEqual([U.seq, 0]);
		expect(run(sh, 'tee --help x')).toEqual(['tee: unrecognized option \'--help\'\n' + U.tee, 1]);
		expect(run(sh, 'yes --help')).toEqual([U.yes, 0]);
	});
	it('getopt32 complementary rules: -o and -t at most once, -b/-c/-f exclusive (but -F conflicts with nothing)', () => {
		const sh = setup();
		expect(run(sh, 'sort -o out -o out2 kv')).toEqual([U.sort, 2]);
		expect(run(sh, 'sort -t: -t: kv')).toEqual([U.sort, 2]);
		expect(run(sh, 'cut -b1 -c2 kv')).toEqual([U.cut, 1]);
		expect(run(sh, 'echo \'ab cd\' | cut -f1 -F2')).toEqual(['cd\n', 0]);
		expect(run(sh, 'echo \'ab cd\' | cut -b1 -F2')).toEqual(['b\n', 0]);
	});
});

describe('sort', () => {
	it('-k START.OFS sorts memoryN by N, keys end at field ends, per-key flags', () => {
		const sh = setup();
		expect(run(sh, 'sort -n -k1.7 mem')).toEqual(['memory0\nmemory1\nmemory2\nmemory10\nmemory33\n', 0]);
		expect(run(sh, 'sort -k2,2n -k1,1r kv')).toEqual(['B 1\n a 1\nb 2\na 2\nc 3\nd 10\n', 0]);
		expect(run(sh, 'sort -t: -k2,2n colon')).toEqual(['w:1:cc\ny:1:aa\nz:2:bb\nx:3:zz\n', 0]);
		expect(run(sh, 'sort -t: -k1,1 -k3,3r tkeys')).toEqual([':1:\n::\nj:2:c\nk:2:b\nk:10:a\nk\n', 0]);
		expect(run(sh, 'sort -k1.2,1.3 mem')).toEqual(['memory0\nmemory1\nmemory10\nmemory2\nmemory33\n', 0]);
	});
	it('a key\'s own flags replace the global ones; -r then only reverses the last-resort comparison', () => {
		const sh = setup();
		expect(run(sh, 'sort -k2,2nr kv')).toEqual(['d 10\nc 3\na 2\nb 2\n a 1\nB 1\n', 0]);
		expect(run(sh, 'sort -k2,2n -r kv')).toEqual(['B 1\n a 1\nb 2\na 2\nc 3\nd 10\n', 0]);
		expect(run(sh, 'sort -k2,2 -r kv')).toEqual(['c 3\nb 2\na 2\nd 10\nB 1\n a 1\n', 0]);
	});
	it('-s keeps input order for ties (reversed by a global -r, not by a key\'s r)', () => {
		const sh = setup();
		expect(run(sh, 'sort -s -k2,2n kv')).toEqual(['B 1\n a 1\nb 2\na 2\nc 3\nd 10\n', 0]);
		expect(run(sh, 'sort -sr -k2,2 kv')).toEqual(['c 3\na 2\nb 2\nd 10\n a 1\nB 1\n', 0]);
		expect(run(sh, 'sort -s -r -k2,2n kv')).toEqual(['B 1\n a 1\nb 2\na 2\nc 3\nd 10\n', 0]);
	});
	it('-u compares keys only, keeps the first of each run, and does nothing with -s', () => {
		const sh = setup();
		expect(run(sh, 'sort -k2,2n -u kv')).toEqual([' a 1\na 2\nc 3\nd 10\n', 0]);
		expect(run(sh, 'sort -fu dup')).toEqual(['a\nB\nc\n', 0]);
		expect(run(sh, 'sort -su dup')).toEqual(['B\na\na\nb\nb\nc\n', 0]);
	});
	it('-n and -g read numbers as strtod (hex, exponents), -M months, -V versions', () => {
		const sh = setup();
		expect(run(sh, 'sort -n nums')).toEqual(['-1 cherry\n\nabc grape\n3.5 kiwi\n 5 fig\n9 Banana\n10 apple\n0x10 egg\n1e2 date\n', 0]);
		expect(run(sh, 'sort -gr nums')).toEqual(['1e2 date\n0x10 egg\n10 apple\n9 Banana\n 5 fig\n3.5 kiwi\n-1 cherry\nabc grape\n\n', 0]);
		expect(run(sh, 'sort -M months')).toEqual(['xyz 0\nJan 3\nfeb 1\nMAR 2\nDec 9\n', 0]);
		expect(run(sh, 'sort -V vers')).toEqual(['v1.1\nv1.2\nv1.9\nv1.9a\nv1.10\n', 0]);
	});
	it('-f, -d, -i, -b', () => {
		const sh = setup();
		expect(run(sh, 'sort -f cases')).toEqual(['.y\nA\na\nB\nb\n_x\n', 0]);
		expect(run(sh, 'sort -d cases')).toEqual(['A\nB\na\nb\n_x\n.y\n', 0]);
		expect(run(sh, 'sort -i cases')).toEqual(['.y\nA\nB\n_x\na\nb\n', 0]);
		expect(run(sh, 'sort -b kv')).toEqual(['B 1\n a 1\na 2\nb 2\nc 3\nd 10\n', 0]);
		expect(run(sh, 'sort -k2b blanks')).toEqual(['c   1\n a 10\n  b  2\n\tx\t3\n', 0]);
	});
	it('-c reports the first line out of order; -cu also fails on equal lines', () => {
		const sh = setup();
		expect(run(sh, 'sort -c kv')).toEqual(['Check line 2\n', 1]);
		expect(run(sh, 'sort -c mem')).toEqual(['Check line 2\n', 1]);
		expect(run(sh, 'printf \'a\\nb\\nb\\n\' | sort -c')).toEqual(['', 0]);
		expect(run(sh, 'printf \'a\\nb\\nb\\n\' | sort -cu')).toEqual(['Check line 2\n', 1]);
	});
	it('-o writes after reading (the input may be the output), -z uses NUL terminators', () => {
		const sh = setup();
		expect(run(sh, 'sort -o kv kv; cat kv')).toEqual([' a 1\nB 1\na 2\nb 2\nc 3\nd 10\n', 0]);
		expect(run(sh, 'printf \'b\\0a\\0c\' | sort -z | tr \'\\0\' \'|\'')).toEqual(['a|b|c|', 0]);
		expect(run(sh, 'sort -o /nonexist/x kv')).toEqual(['sort: can\'t open \'/nonexist/x\': No such file or directory\n', 2]);
	});
	it('bad keys and separators, and a missing file, exit 2', () => {
		const sh = setup();
		expect(run(sh, 'sort -k0 kv')).toEqual(['sort: bad field specification\n', 2]);
		expect(run(sh, 'sort -k1x kv')).toEqual(['sort: unknown key option\n', 2]);
		expect(run(sh, 'sort -k1u kv')).toEqual(['sort: unknown sort type\n', 2]);
		expect(run(sh, 'sort -t \'\\t\' kv')).toEqual(['sort: bad -t parameter\n', 2]);
		expect(run(sh, 'sort kv nope colon')).toEqual(['sort: nope: No such file or directory\n', 2]);
		expect(run(sh, 'printf \'a\\nb\\n\' | sort -n -g')).toEqual(['sort: unknown sort type\n', 2]);
	});
});

describe('uniq', () => {
	it('-c, -d, -u, -i and their combinations', () => {
		const sh = setup();
		expect(run(sh, 'uniq dup')).toEqual(['a\nb\nB\nb\nc\n', 0]);
		expect(run(sh, 'uniq -c dup')).toEqual(['      2 a\n      1 b\n      1 B\n      1 b\n      1 c\n', 0]);
		expect(run(sh, 'uniq -d dup')).toEqual(['a\n', 0]);
		expect(run(sh, 'uniq -u dup')).toEqual(['b\nB\nb\nc\n', 0]);
		expect(run(sh, 'uniq -ic dup')).toEqual(['      2 a\n      3 b\n      1 c\n', 0]);
		expect(run(sh, 'uniq -du dup')).toEqual(['', 0]);
	});
	it('-f skips fields, -s characters, -w limits the comparison, -z ends lines with NUL', () => {
		const sh = setup();
		expect(run(sh, 'printf \'a 1\\nb 1\\nc 2\\n\' | uniq -f1 -c')).toEqual(['      2 a 1\n      1 c 2\n', 0]);
		expect(run(sh, 'uniq -s 1 -c kv')).toEqual(['      1 b 2\n      1 c 3\n      1 a 2\n      1 B 1\n      1 d 10\n      1  a 1\n', 0]);
		expect(run(sh, 'printf \'ab\\nac\\nbd\\n\' | uniq -w1 -c')).toEqual(['      2 ab\n      1 bd\n', 0]);
		expect(run(sh, 'uniq -w 0 dup')).toEqual(['a\n', 0]);
		expect(run(sh, 'uniq -z dup | tr \'\\0\' \'|\'')).toEqual(['a|b|B|b|c|', 0]);
	});
	it('OUTFILE, - for stdin, and the errors', () => {
		const sh = setup();
		expect(run(sh, 'uniq dup out; cat out')).toEqual(['a\nb\nB\nb\nc\n', 0]);
		expect(run(sh, 'uniq - out < dup; cat out')).toEqual(['a\nb\nB\nb\nc\n', 0]);
		expect(run(sh, 'uniq dup out extra')).toEqual([U.uniq, 1]);
		expect(run(sh, 'uniq nope')).toEqual(['uniq: can\'t open \'nope\': No such file or directory\n', 1]);
		expect(run(sh, 'uniq -f x kv')).toEqual(['uniq: invalid number \'x\'\n', 1]);
		expect(run(sh, 'uniq -s 2147483648 kv')).toEqual(['uniq: number 2147483648 is not in 0..2147483647 range\n', 1]);
	});
});

describe('cut', () => {
	it('-b/-c lists: N, N-, -M, N-M, overlapping and out of order', () => {
		const sh = setup();
		expect(run(sh, 'cut -c2-4 kv')).toEqual([' 2\n 3\n 2\n 1\n 10\na 1\n', 0]);
		expect(run(sh, 'cut -b3-,1 kv')).toEqual(['b2\nc3\na2\nB1\nd10\n  1\n', 0]);
		expect(run(sh, 'cut -c-2 kv')).toEqual(['b \nc \na \nB \nd \n a\n', 0]);
	});
	it('-f with -d and -s, -D keeps the list order, -O sets the output separator', () => {
		const sh = setup();
		expect(run(sh, 'cut -f2 tabs')).toEqual(['two\nnodelim\n2\n', 0]);
		expect(run(sh, 'cut -f2 -s tabs')).toEqual(['two\n2\n', 0]);
		expect(run(sh, 'cut -d: -f3,1 colon')).toEqual(['x:zz\ny:aa\nz:bb\nw:cc\n', 0]);
		expect(run(sh, 'cut -D -d: -f3,1 colon')).toEqual(['zz:x\naa:y\nbb:z\ncc:w\n', 0]);
		expect(run(sh, 'cut -d: -O \'|\' -f1- colon')).toEqual(['x|3|zz\ny|1|aa\nz|2|bb\nw|1|cc\n', 0]);
	});
	it('busybox 1.35\'s quirks: a missing field after a present one leaves its separator, -f-0 is field 1', () => {
		const sh = setup();
		expect(run(sh, 'echo 1.2 | cut -d. -f1,3')).toEqual(['1.\n', 0]);
		expect(run(sh, 'cut -d: -f-0 colon')).toEqual(['\n\n\n\n', 0]);
		expect(run(sh, 'cut -d: -f0 colon')).toEqual(['x\ny\nz\nw\n', 0]);
	});
	it('-F splits on a regex (runs of white space by default)', () => {
		const sh = setup();
		expect(run(sh, 'cut -F2 blanks')).toEqual(['b\na\n1\nx\n', 0]);
		expect(run(sh, 'cut -F 1,2 -O , kv')).toEqual(['b,2\nc,3\na,2\nB,1\nd,10\na\n', 0]);
	});
	it('errors', () => {
		const sh = setup();
		expect(run(sh, 'cut kv')).toEqual(['cut: expected a list of bytes, characters, or fields\n', 1]);
		expect(run(sh, 'cut -d: -c1 kv')).toEqual(['cut: a delimiter may be specified only when operating on fields\n', 1]);
		expect(run(sh, 'cut -s -c1 kv')).toEqual(['cut: suppressing non-delimited lines makes sense only when operating on fields\n', 1]);
		expect(run(sh, 'cut -d: -f3-1 colon')).toEqual(['cut: 1<2\n', 1]);
		expect(run(sh, 'cut -d: -fa colon')).toEqual(['cut: invalid number \'a\'\n', 1]);
		expect(run(sh, 'cut -d: -f , colon')).toEqual(['cut: missing list of positions\n', 1]);
		expect(run(sh, 'cut -c1 kv nope colon')).toEqual(['b\nc\na\nB\nd\n \ncut: nope: No such file or directory\nx\ny\nz\nw\n', 1]);
	});
});

describe('tr', () => {
	it('ranges, classes, escapes, a shorter STRING2 repeating its last character', () => {
		const sh = setup();
		expect(run(sh, 'echo hello | tr a-z A-Z')).toEqual(['HELLO\n', 0]);
		expect(run(sh, 'echo hello | tr \'[:lower:]\' \'[:upper:]\'')).toEqual(['HELLO\n', 0]);
		expect(run(sh, 'echo \'a1b2\' | tr \'[:alnum:]\' \'[:upper:]\'')).toEqual(['ZBZC\n', 0]);
		expect(run(sh, 'echo abc | tr a-c x')).toEqual(['xxx\n', 0]);
		expect(run(sh, 'echo \'abc\' | tr \'\\141\\x62\' XY')).toEqual(['XYc\n', 0]);
		expect(run(sh, 'echo \'a\tb\' | tr \'\\t\' \' \'')).toEqual(['a b\n', 0]);
		expect(run(sh, 'echo \'a=b\' | tr \'[=a=]\' x')).toEqual(['x=b\n', 0]);
	});
	it('an escape may start a range: a\\-c is a and \\ through c', () => {
		const sh = setup();
		expect(run(sh, 'echo \'abc\' | tr \'a\\-c\' \'XYZ\'')).toEqual(['ZZZ\n', 0]);
	});
	it('-d, -s, -c and their combinations', () => {
		const sh = setup();
		expect(run(sh, 'echo hello123 | tr -d \'[:digit:]\'')).toEqual(['hello\n', 0]);
		expect(run(sh, 'echo \'aaabbbccc\' | tr -s ab')).toEqual(['abccc\n', 0]);
		expect(run(sh, 'echo \'hello  world\' | tr -s \' \'')).toEqual(['hello world\n', 0]);
		expect(run(sh, 'echo \'hello world\' | tr -ds lo \' \'')).toEqual(['he wrd\n', 0]);
		expect(run(sh, 'echo hello123 | tr -cd \'[:alpha:]\'')).toEqual(['hello', 0]);
		expect(run(sh, 'echo \'one two  three\' | tr -cs \'[:alpha:]\' \'\\n\'')).toEqual(['one\ntwo\nthree\n', 0]);
	});
	it('options only before the first operand; errors', () => {
		const sh = setup();
		expect(run(sh, 'echo abc | tr a -d')).toEqual(['-bc\n', 0]);
		expect(run(sh, 'echo abc | tr a \'\'')).toEqual(['tr: STRING2 cannot be empty\n', 1]);
		expect(run(sh, 'echo abc | tr')).toEqual([U.tr, 1]);
		expect(run(sh, 'echo abc | tr \'[=a\' x')).toEqual([U.tr, 1]);
	});
});

describe('seq', () => {
	it('FIRST INC LAST, negative steps, floats with the widest operand\'s decimals', () => {
		const sh = setup();
		expect(run(sh, 'seq 3')).toEqual(['1\n2\n3\n', 0]);
		expect(run(sh, 'seq 2 4')).toEqual(['2\n3\n4\n', 0]);
		expect(run(sh, 'seq 5 -2 1')).toEqual(['5\n3\n1\n', 0]);
		expect(run(sh, 'seq 0.1 0.2 0.8')).toEqual(['0.1\n0.3\n0.5\n0.7\n', 0]);
		expect(run(sh, 'seq 1 1.0 3')).toEqual(['1.0\n2.0\n3.0\n', 0]);
		expect(run(sh, 'seq 3 1')).toEqual(['', 0]);
		// an INC of 0 is endless: a pipe's reader gets what it asks for (Debian's busybox: 1 1 1)
		expect(run(sh, 'seq 1 0 3 | head -3')).toEqual(['1\n1\n1\n', 0]);
	});
	it('-w pads to the widest operand, -s separates', () => {
		const sh = setup();
		expect(run(sh, 'seq -w 8 10')).toEqual(['08\n09\n10\n', 0]);
		expect(run(sh, 'seq -w 1 0.5 2')).toEqual(['1.0\n1.5\n2.0\n', 0]);
		expect(run(sh, 'seq -s \', \' 1 3')).toEqual(['1, 2, 3\n', 0]);
		expect(run(sh, 'seq -s: -w 9 11')).toEqual(['09:10:11\n', 0]);
	});
	it('numbers as strtod reads them; options only before the first operand', () => {
		const sh = setup();
		expect(run(sh, 'seq 0x10 0x11')).toEqual(['16\n17\n', 0]);
		expect(run(sh, 'seq 1e2 1e2')).toEqual(['100\n', 0]);
		expect(run(sh, 'seq -- -3 -1')).toEqual(['-3\n-2\n-1\n', 0]);
		expect(run(sh, 'seq -1')).toEqual(['seq: invalid option -- \'1\'\n' + U.seq, 1]);
		expect(run(sh, 'seq abc')).toEqual([U.seq, 1]);
		expect(run(sh, 'seq 1 2 3 4')).toEqual([U.seq, 1]);
	});
});

describe('head and tail', () => {
	it('-n, -c, the legacy -N, negative counts, bkm suffixes', () => {
		const sh = setup();
		expect(run(sh, 'head -n 2 kv')).toEqual(['b 2\nc 3\n', 0]);
		expect(run(sh, 'head -3 kv')).toEqual(['b 2\nc 3\na 2\n', 0]);
		expect(run(sh, 'head -n -2 kv')).toEqual(['b 2\nc 3\na 2\nB 1\n', 0]);
		expect(run(sh, 'head -c 5 kv')).toEqual(['b 2\nc', 0]);
		expect(run(sh, 'head -c -5 kv')).toEqual(['b 2\nc 3\na 2\nB 1\nd 10\n', 0]);
		expect(run(sh, 'head -n 1b kv')).toEqual(['b 2\nc 3\na 2\nB 1\nd 10\n a 1\n', 0]);
		expect(run(sh, 'tail -n 2 kv')).toEqual(['d 10\n a 1\n', 0]);
		expect(run(sh, 'tail -3 kv')).toEqual(['B 1\nd 10\n a 1\n', 0]);
		expect(run(sh, 'tail -n +5 kv')).toEqual(['d 10\n a 1\n', 0]);
		expect(run(sh, 'tail +5 kv')).toEqual(['d 10\n a 1\n', 0]);
		expect(run(sh, 'tail -c 4 nonl')).toEqual(['line', 0]);
		expect(run(sh, 'tail -c +4 nonl')).toEqual(['newline', 0]);
	});
	it('tail -c seeks from the size stat gives: a sysfs attribute (4096) past its content, a /proc file (0) read whole', () => {
		// The lab (s49/r35 e6): `tail -c 20 .../block_size_bytes` printed nothing.
		const g = guestShell();
		expect(g.run('tail -c 20 /sys/devices/system/memory/block_size_bytes').output).toBe('');
		expect(g.run('tail -c 4096 /sys/devices/system/memory/block_size_bytes').output).toBe('8000000\n');
		expect(g.run('tail -n 1 /sys/devices/system/memory/block_size_bytes').output).toBe('8000000\n');
		expect(g.run('tail -c 8 /proc/sys/vm/overcommit_memory').output).toBe('0\n');
		expect(g.run('echo hello > /tmp/a; tail -c 3 /tmp/a').output).toBe('lo\n');
	});
	it('-c and -n: the byte mode sticks, the last number (tail: -n\'s) wins', () => {
		const sh = setup();
		expect(run(sh, 'head -c 5 -n 2 kv')).toEqual(['b ', 0]);
		expect(run(sh, 'tail -n 2 -c 3 kv')).toEqual(['1\n', 0]);
	});
	it('headers for several files (head counts operands, tail files opened), -q, -v, - for stdin', () => {
		const sh = setup();
		expect(run(sh, 'head -n 1 kv nope colon')).toEqual(['==> kv <==\nb 2\nhead: nope: No such file or directory\n\n==> colon <==\nx:3:zz\n', 1]);
		expect(run(sh, 'tail -n 1 kv nope colon')).toEqual(['tail: can\'t open \'nope\': No such file or directory\n==> kv <==\n a 1\n\n==> colon <==\nw:1:cc\n', 1]);
		expect(run(sh, 'head -q -n1 kv colon')).toEqual(['b 2\nx:3:zz\n', 0]);
		expect(run(sh, 'tail -v -n1 kv')).toEqual(['==> kv <==\n a 1\n', 0]);
		expect(run(sh, 'head -n1 - kv < colon')).toEqual(['==> standard input <==\nx:3:zz\n\n==> kv <==\nb 2\n', 0]);
		expect(run(sh, 'head -n 1 - - < kv')).toEqual(['==> standard input <==\nb 2\n\n==> standard input <==\nc 3\n', 0]);
	});
	it('errors: numbers, missing files, directories', () => {
		const sh = setup();
		expect(run(sh, 'head -n abc kv')).toEqual(['head: invalid number \'abc\'\n', 1]);
		expect(run(sh, 'head -n 2K kv')).toEqual(['head: invalid number \'2K\'\n', 1]);
		expect(run(sh, 'head -n 99999999999999999m kv')).toEqual(['head: number 99999999999999999m is not in 0..18446744073709551615 range\n', 1]);
		expect(run(sh, 'tail -n 4294967296 kv')).toEqual(['tail: invalid number \'4294967296\'\n', 1]);
		expect(run(sh, 'tail nope')).toEqual(['tail: can\'t open \'nope\': No such file or directory\ntail: no files\n', 1]);
		expect(run(sh, 'head /')).toEqual(['head: /: Input/output error\n', 1]);
		expect(run(sh, 'tail /')).toEqual(['tail: read error: Is a directory\n', 1]);
		expect(run(sh, 'head -n -4294967296 nonl')).toEqual(['head: count is too big: 4294967296\nno newline', 0]);
	});
});

describe('wc', () => {
	it('counts in %9 columns, bare for a single count, totals, -L with tabs', () => {
		const sh = setup();
		expect(run(sh, 'wc kv')).toEqual(['        6        12        26 kv\n', 0]);
		expect(run(sh, 'wc -l kv')).toEqual(['6 kv\n', 0]);
		expect(run(sh, 'wc -lw kv')).toEqual(['        6        12 kv\n', 0]);
		expect(run(sh, 'wc < kv')).toEqual(['        6        12        26\n', 0]);
		expect(run(sh, 'printf \'a b\\tc\\n  d\' | wc')).toEqual(['        1         4         9\n', 0]);
		expect(run(sh, 'wc -c kv colon')).toEqual(['       26 kv\n       28 colon\n       54 total\n', 0]);
		expect(run(sh, 'printf \'a\\tb\\nxyz\\n\' | wc -L')).toEqual(['9\n', 0]);
	});
	it('errors keep the other files and the total', () => {
		const sh = setup();
		expect(run(sh, 'wc kv nope')).toEqual(['        6        12        26 kv\nwc: nope: No such file or directory\n        6        12        26 total\n', 1]);
		expect(run(sh, 'wc /')).toEqual(['wc: /: Is a directory\n        0         0         0 /\n', 1]);
		expect(run(sh, 'wc -l - - < kv')).toEqual(['        6 -\n        0 -\n        6 total\n', 0]);
	});
});

describe('tee and yes', () => {
	it('tee writes each FILE, - is stdout again, -a appends', () => {
		const sh = setup();
		expect(run(sh, 'echo hi | tee out; cat out')).toEqual(['hi\nhi\n', 0]);
		expect(run(sh, 'echo hi | tee - out')).toEqual(['hi\nhi\n', 0]);
		expect(run(sh, 'echo one > out; echo two | tee -a out; cat out')).toEqual(['two\none\ntwo\n', 0]);
		expect(run(sh, 'echo hi | tee /nonexist/x')).toEqual(['tee: /nonexist/x: No such file or directory\nhi\n', 1]);
		expect(run(sh, 'echo hi | tee /')).toEqual(['tee: /: Is a directory\nhi\n', 1]);
	});
	it('yes repeats its arguments', () => {
		const sh = setup();
		expect(run(sh, 'yes a b | head -n 2')).toEqual(['a b\na b\n', 0]);
		expect(run(sh, 'yes -x | head -n 1')).toEqual(['-x\n', 0]);
	});
});

describe('on the simulated guest', () => {
	it('sorts the memory block directories by number (the character offset of -k1.7)', () => {
		const sh = setup();
		expect(run(sh, "ls /sys/devices/system/memory | grep memory | sort -n -k1.7 | tr '\\n' ' '")).toEqual([
			'memory0 memory1 memory2 memory3 memory4 memory5 memory6 memory7 memory32 memory33 memory34 memory35 ', 0]);
		expect(run(sh, 'cat /sys/devices/system/memory/memory*/state | sort | uniq -c')).toEqual(['      4 offline\n      8 online\n', 0]);
	});

	it('tee writes sysfs attributes; a store that fails is an I/O error at exit', () => {
		const sh = setup();
		expect(run(sh, 'echo foo | tee /sys/devices/system/memory/memory32/state')).toEqual([
			'foo\ntee: /sys/devices/system/memory/memory32/state: I/O error\n', 1]);
		expect(run(sh, 'echo online | tee /sys/devices/system/memory/memory33/state')).toEqual(['online\n', 0]);
		expect(run(sh, 'cat /sys/devices/system/memory/memory33/state')).toEqual(['online\n', 0]);
	});

	it('endless commands stop at the step budget: tail -f after its output, seq with INC 0', () => {
		const sh = setup();
		expect(run(sh, 'tail -f -n 2 kv')).toEqual(['d 10\n a 1\nmemhp: command interrupted after 100000 steps\n', 130]);
		expect(run(sh, 'seq 1 0 3')).toEqual(['memhp: command interrupted after 100000 steps\n', 130]);
		expect(run(sh, 'echo x | tail -f')).toEqual(['x\n', 0]);
	});
});
