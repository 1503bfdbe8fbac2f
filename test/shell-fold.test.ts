/**
 * busybox 1.35 fold, expand, unexpand, strings and arch: every row was run through Debian's
 * busybox-static 1.35.0, its output going into a pipe, in a directory made by SETUP.
 */
import {describe} from 'vitest';
import {busyboxRows} from './guest-shell.js';

const SETUP = "printf 'The quick brown fox jumps over the lazy dog and keeps running far away\\n\\tindented\\tline with\\ttabs\\nabc\\bdef\\rgh\\n' > f.txt; printf 'a\\tbc\\tdef\\tg\\n\\t\\tx\\n    four\\n        eight y\\n  two  spaces  here\\n' > t.txt; printf 'ab      cd      ef\\n          x\\nabc     d\\n' > s.txt; printf 'hi\\001\\002hello\\000world!\\377abc\\tdefg\\nxyzw' > b.bin";

/** [command line, what came out through a pipe] */
const REAL: [string, string][] = [
	["fold -w 20 f.txt", "The quick brown fox \njumps over the lazy \ndog and keeps runnin\ng far away\n\tindented\n\tline with\n\ttabs\nabc\bdef\rgh\n"],
	["fold -w 20 -s f.txt", "The quick brown fox \njumps over the lazy \ndog and keeps \nrunning far away\n\t\nindented\t\nline with\ttabs\nabc\bdef\rgh\n"],
	["fold -b -w 10 f.txt", "The quick \nbrown fox \njumps over\n the lazy \ndog and ke\neps runnin\ng far away\n\tindented\t\nline with\t\ntabs\nabc\bdef\rgh\n"],
	["fold -10 f.txt", "The quick \nbrown fox \njumps over\n the lazy \ndog and ke\neps runnin\ng far away\n\tin\ndented\tli\nne with\tta\nbs\nabc\bdef\rgh\n"],
	["fold -w 3 t.txt", "a\n\t\nbc\n\t\ndef\n\t\ng\n\t\n\t\nx\n   \n fo\nur\n   \n   \n  e\nigh\nt y\n  t\nwo \n sp\nace\ns  \nher\ne\n"],
	["fold -w 0 f.txt; echo rc=$?", "fold: number 0 is not in 1..10000 range\nrc=1\n"],
	["fold -w x f.txt; echo rc=$?", "fold: invalid number 'x'\nrc=1\n"],
	["fold nonexist f.txt | head -2; echo rc=$?", "fold: nonexist: No such file or directory\nThe quick brown fox jumps over the lazy dog and keeps running far away\n\tindented\tline with\ttabs\nrc=0\n"],
	["printf 'h\\351llo w\\303\\266rld\\n' | fold -w 4 | od -c", "0000000   h 351   l   l  \\n   o       w 303  \\n 266   r   l   d  \\n\n0000017\n"],
	["printf 'abc\\tdef ghi jkl\\n' | fold -w 5 -s | od -c", "0000000   a   b   c  \\n  \\t  \\n   d   e   f      \\n   g   h   i      \\n\n0000020   j   k   l  \\n\n0000024\n"],
	["printf 'aaaaaaaaaa' | fold -w 3; echo", "aaa\naaa\naaa\na\n"],
	["expand t.txt", "a       bc      def     g\n                x\n    four\n        eight y\n  two  spaces  here\n"],
	["expand -t 4 t.txt", "a   bc  def g\n        x\n    four\n        eight y\n  two  spaces  here\n"],
	["expand -i t.txt | od -c | head -4", "0000000   a  \\t   b   c  \\t   d   e   f  \\t   g  \\n                    \n0000020                                               x  \\n            \n0000040       f   o   u   r  \\n                                   e   i\n0000060   g   h   t       y  \\n           t   w   o           s   p   a\n"],
	["expand -t 0 t.txt; echo rc=$?", "expand: number 0 is not in 1..4294967295 range\nrc=1\n"],
	["unexpand s.txt | od -c", "0000000   a   b  \\t   c   d                           e   f  \\n  \\t    \n0000020       x  \\n   a   b   c  \\t   d  \\n\n0000031\n"],
	["unexpand -a s.txt | od -c", "0000000   a   b  \\t   c   d  \\t   e   f  \\n  \\t           x  \\n   a   b\n0000020   c  \\t   d  \\n\n0000024\n"],
	["unexpand -t 4 s.txt | od -c", "0000000   a   b  \\t  \\t   c   d  \\t  \\t   e   f  \\n  \\t  \\t           x\n0000020  \\n   a   b   c  \\t  \\t   d  \\n\n0000030\n"],
	["unexpand t.txt | od -c | head -5", "0000000   a  \\t   b   c  \\t   d   e   f  \\t   g  \\n  \\t  \\t   x  \\n    \n0000020               f   o   u   r  \\n  \\t   e   i   g   h   t       y\n0000040  \\n           t   w   o           s   p   a   c   e   s        \n0000060   h   e   r   e  \\n\n0000065\n"],
	["unexpand -f s.txt | od -c", "0000000   a   b  \\t   c   d                           e   f  \\n  \\t    \n0000020       x  \\n   a   b   c  \\t   d  \\n\n0000031\n"],
	["strings b.bin", "hello\nworld!\nabc\tdefg\nxyzw\n"],
	["strings -n 2 b.bin", "hi\nhello\nworld!\nabc\tdefg\nxyzw\n"],
	["strings -o b.bin", "      4 hello\n     12 world!\n     21 abc\tdefg\n     32 xyzw\n"],
	["strings -t x b.bin", "      4 hello\n      a world!\n     11 abc\tdefg\n     1a xyzw\n"],
	["strings -t d -f b.bin f.txt | head -3", "b.bin:       4 hello\nb.bin:      10 world!\nb.bin:      17 abc\tdefg\n"],
	["strings -t q b.bin; echo rc=$?", "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: strings [-fo] [-t o|d|x] [-n LEN] [FILE]...\n\nDisplay printable strings in a binary file\n\n\t-f\t\tPrecede strings with filenames\n\t-o\t\tPrecede strings with octal offsets\n\t-t o|d|x\tPrecede strings with offsets in base 8/10/16\n\t-n LEN\t\tAt least LEN characters form a string (default 4)\nrc=1\n"],
	["strings < b.bin", "hello\nworld!\nabc\tdefg\nxyzw\n"],
	["strings -f < b.bin", "{standard input}: hello\n{standard input}: world!\n{standard input}: abc\tdefg\n{standard input}: xyzw\n"],
	["strings -n 0 b.bin; echo rc=$?", "strings: number 0 is not in 1..2147483647 range\nrc=1\n"],
	["strings nonexist b.bin; echo rc=$?", "strings: nonexist: No such file or directory\nhello\nworld!\nabc\tdefg\nxyzw\nrc=1\n"],
	["arch", "x86_64\n"],
	["arch -x foo", "x86_64\n"],
	["arch --help", "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: arch\n\nPrint system architecture\n"],
	["fold --help | head -3", "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: fold [-bs] [-w WIDTH] [FILE]...\n\nWrap input lines in FILEs (or stdin), writing to stdout\n\n\t-b\tCount bytes rather than columns\n\t-s\tBreak at spaces\n\t-w\tUse WIDTH columns instead of 80\n"],
];

describe('fold, expand, unexpand, strings, arch', () => {
	busyboxRows(REAL, {setup: `mkdir /tmp/w; cd /tmp/w; ${SETUP}`});
});
