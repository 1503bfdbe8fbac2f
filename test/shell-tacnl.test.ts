/**
 * busybox 1.35 tac, rev, nl and paste: every row was run through Debian's busybox-static 1.35.0
 * as `{ COMMAND; } 2>&1` in a directory holding the files below, and its output recorded.
 */
import {describe, expect, it} from 'vitest';
import {guestShell} from './guest-shell.js';

function boot() {
	const sh = guestShell();
	sh.run(`cd /tmp; ${SETUP}`);
	return sh;
}

const SETUP = "printf 'memory0 online Normal\\nmemory1 offline Movable\\nmemory32 online Movable\\nmemory33 offline Normal\\nmemory10 online DMA32\\n' > a.txt; printf 'b 2\\na 10\\nc 1\\na 2\\n\\nB 3\\n' > b.txt; printf 'x\\ty\\tz\\n1\\t2\\t3\\n' > t.txt; printf 'MemTotal:         917440 kB\\nMemFree:          880256 kB\\nMemAvailable:     795412 kB\\nShmem:              1600 kB\\n' > m.txt;";

/** [command line, what it wrote to stdout and stderr] */
const REAL: [string, string][] = [
	['tac a.txt b.txt', 'memory10 online DMA32\nmemory33 offline Normal\nmemory32 online Movable\nmemory1 offline Movable\nmemory0 online Normal\nB 3\n\na 2\nc 1\na 10\nb 2\n'],
	['printf \'a\\nb\' | tac', 'ba\n'],
	['tac nosuch a.txt; echo rc=$?', 'tac: nosuch: No such file or directory\nmemory10 online DMA32\nmemory33 offline Normal\nmemory32 online Movable\nmemory1 offline Movable\nmemory0 online Normal\nrc=1\n'],
	['rev b.txt', '2 b\n01 a\n1 c\n2 a\n\n3 B\n'],
	['printf \'ab\\ncd\' | rev; echo', 'ba\ndc\n'],
	['rev nosuch; echo rc=$?', 'rev: nosuch: No such file or directory\nrc=1\n'],
	['nl b.txt', '     1\tb 2\n     2\ta 10\n     3\tc 1\n     4\ta 2\n       \n     5\tB 3\n'],
	['nl -ba b.txt', '     1\tb 2\n     2\ta 10\n     3\tc 1\n     4\ta 2\n     5\t\n     6\tB 3\n'],
	['nl -w2 -s: b.txt', ' 1:b 2\n 2:a 10\n 3:c 1\n 4:a 2\n   \n 5:B 3\n'],
	['nl -v5 -i2 a.txt', '     5\tmemory0 online Normal\n     7\tmemory1 offline Movable\n     9\tmemory32 online Movable\n    11\tmemory33 offline Normal\n    13\tmemory10 online DMA32\n'],
	['nl -bn b.txt | head -2', '       b 2\n       a 10\n'],
	['nl nosuch; echo rc=$?', 'nl: nosuch: No such file or directory\nrc=1\n'],
	['nl -x; echo rc=$?', 'nl: invalid option -- \'x\'\nBusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: nl [OPTIONS] [FILE]...\n\nWrite FILEs to standard output with line numbers added\n\n\t-b STYLE\tWhich lines to number - a: all, t: nonempty, n: none\n\t-i N\t\tLine number increment\n\t-s STRING\tUse STRING as line number separator\n\t-v N\t\tStart from N\n\t-w N\t\tWidth of line numbers\nrc=1\n'],
	['paste a.txt b.txt', 'memory0 online Normal\tb 2\nmemory1 offline Movable\ta 10\nmemory32 online Movable\tc 1\nmemory33 offline Normal\ta 2\nmemory10 online DMA32\t\nB 3\n'],
	['paste -d, -s b.txt', 'b 2,a 10,c 1,a 2,,B 3\n'],
	['paste -s -d\':-\' a.txt', 'memory0 online Normal:memory1 offline Movable-memory32 online Movable:memory33 offline Normal-memory10 online DMA32\n'],
	['paste - - < a.txt; echo', 'memory0 online Normal\tmemory1 offline Movable\nmemory32 online Movable\tmemory33 offline Normal\nmemory10 online DMA32\t\n'],
	['paste -d \'\' a.txt b.txt; echo rc=$?', 'paste: -d \'\' is not supported\nrc=1\n'],
	['paste -s a.txt t.txt', 'memory0 online Normal\tmemory1 offline Movable\tmemory32 online Movable\tmemory33 offline Normal\tmemory10 online DMA32\nx\ty\tz\t1\t2\t3\n'],
	['paste a.txt nosuch; echo rc=$?', 'paste: nosuch: No such file or directory\nrc=1\n'],
	['printf \'x\\ny\\nz\\n\' | paste -d\'\\n\' - -', 'x\ny\nz\n'],
	['tac --help 2>&1 | head -3', 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: tac [FILE]...\n'],
	['nl --help 2>&1 | tail -3', '\t-s STRING\tUse STRING as line number separator\n\t-v N\t\tStart from N\n\t-w N\t\tWidth of line numbers\n'],
	['cat a.txt | paste - b.txt', 'memory0 online Normal\tb 2\nmemory1 offline Movable\ta 10\nmemory32 online Movable\tc 1\nmemory33 offline Normal\ta 2\nmemory10 online DMA32\t\nB 3\n'],
];

describe('tac, rev, nl, paste', () => {
	it.each(REAL)('%s', (cmd, output) => {
		expect(boot().run(`{ ${cmd}; } 2>&1`).output).toBe(output);
	});

	it('number and join sysfs listings', () => {
		const sh = boot();
		expect(sh.run('ls /sys/devices/system/memory | grep memory | nl | tail -1').output).toBe('     8\tmemory7\n');
		expect(sh.run('cat /sys/devices/system/memory/memory[0-2]/state | paste -s -d,').output).toBe('online,online,online\n');
	});
});

describe('ls -R', () => {
	it('lists subdirectories after their parent under PATH: headers, as Debian\'s busybox does', () => {
		const sh = boot();
		sh.run('mkdir -p /tmp/r/s/t /tmp/r/a; touch /tmp/r/f /tmp/r/s/g; cd /tmp/r');
		expect(sh.run('ls -R | cat').output).toBe('.:\na\nf\ns\n\n./a:\n\n./s:\ng\nt\n\n./s/t:\n');
		expect(sh.run('ls -R /tmp/r/s | cat').output).toBe('/tmp/r/s:\ng\nt\n\n/tmp/r/s/t:\n');
		expect(sh.run('ls -R f s | cat').output).toBe('f\n\ns:\ng\nt\n\ns/t:\n');
		// symlinks are not followed: memory0's subsystem and node0 stay names
		expect(sh.run('ls -R /sys/devices/system/memory/memory0 | grep :$').output).toBe('/sys/devices/system/memory/memory0:\n/sys/devices/system/memory/memory0/power:\n');
	});
});

/** [command line, output] run by Debian's busybox 1.35 with s1 "abc\n", s2 "abd\n", s3 "ab" besides the files above. */
const CMP: [string, string][] = [
	['cmp a.txt a.txt; echo rc=$?', 'rc=0\n'],
	['cmp s1 s2; echo rc=$?', 's1 s2 differ: char 3, line 1\nrc=1\n'],
	['cmp -s s1 s2; echo rc=$?', 'rc=1\n'],
	['cmp -l s1 s2; echo rc=$?', '3 143 144\nrc=1\n'],
	['cmp s1 s3; echo rc=$?', 'cmp: EOF on s3\nrc=1\n'],
	['cmp s3 s1; echo rc=$?', 'cmp: EOF on s3\nrc=1\n'],
	['cmp -l s1 s3; echo rc=$?', 'cmp: EOF on s3\nrc=1\n'],
	['cmp nosuch s1; echo rc=$?', 'cmp: nosuch: No such file or directory\nrc=2\n'],
	['cmp -s nosuch s1; echo rc=$?', 'rc=2\n'],
	['cmp s1 s2 2 2; echo rc=$?', 's1 s2 differ: char 1, line 1\nrc=1\n'],
	['cmp s1 s2 1; echo rc=$?', 's1 s2 differ: char 1, line 1\nrc=1\n'],
	['cmp - s1 < s2; echo rc=$?', '- s1 differ: char 3, line 1\nrc=1\n'],
	['cmp -n 2 s1 s2; echo rc=$?', 'rc=0\n'],
	['printf "a\\nb\\nc\\n" > m1; printf "a\\nb\\nd\\n" > m2; cmp m1 m2', 'm1 m2 differ: char 5, line 3\n'],
	['cmp -l a.txt b.txt | head -3', 'cmp: EOF on b.txt\n1 155 142\n2 145  40\n3 155  62\n'],
	['cmp -ls s1 s2; echo rc=$?', 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: cmp [-ls] [-n NUM] FILE1 [FILE2 [SKIP1 [SKIP2]]]\n\nCompare FILE1 with FILE2 (or stdin)\n\n\t-l\tWrite the byte numbers (decimal) and values (octal)\n\t\tfor all differing bytes\n\t-s\tQuiet\n\t-n NUM\tCompare at most NUM bytes\nrc=1\n'],
	['cmp; echo rc=$?', 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: cmp [-ls] [-n NUM] FILE1 [FILE2 [SKIP1 [SKIP2]]]\n\nCompare FILE1 with FILE2 (or stdin)\n\n\t-l\tWrite the byte numbers (decimal) and values (octal)\n\t\tfor all differing bytes\n\t-s\tQuiet\n\t-n NUM\tCompare at most NUM bytes\nrc=1\n'],
];

describe('cmp', () => {
	it.each(CMP)('%s', (cmd, output) => {
		const sh = boot();
		sh.run("printf 'abc\\n' > s1; printf 'abd\\n' > s2; printf 'ab' > s3");
		expect(sh.run(`{ ${cmd}; } 2>&1 </dev/null`).output).toBe(output);
	});
});

/** [command line, output] run by Debian's busybox 1.35 with bin holding the bytes 00 01 7f 20 61 62 63 0d 1b 09 02. */
const OD: [string, string][] = [
	['od a.txt | head -3', '0000000 062555 067555 074562 020060 067157 064554 062556 047040\n0000020 071157 060555 005154 062555 067555 074562 020061 063157\n0000040 066146 067151 020145 067515 060566 066142 005145 062555\n'],
	['od -c t.txt', '0000000   x  \\t   y  \\t   z  \\n   1  \\t   2  \\t   3  \\n\n0000014\n'],
	['od -An -tx1 t.txt', ' 78 09 79 09 7a 0a 31 09 32 09 33 0a\n'],
	['od -tx2 -Ad t.txt', '0000000 0978 0979 0a7a 0931 0932 0a33\n0000012\n'],
	['od -b -N4 t.txt', '0000000 170 011 171 011\n0000004\n'],
	['od -tc -tx1 t.txt | head -3', '0000000   x  \\t   y  \\t   z  \\n   1  \\t   2  \\t   3  \\n\n        78 09 79 09 7a 0a 31 09 32 09 33 0a\n0000014\n'],
	['od -x t.txt', '0000000 0978 0979 0a7a 0931 0932 0a33\n0000014\n'],
	['od -d t.txt', '0000000  2424  2425  2682  2353  2354  2611\n0000014\n'],
	['printf "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab" | od -c', '0000000   a   a   a   a   a   a   a   a   a   a   a   a   a   a   a   a\n*\n0000060   a   b\n0000062\n'],
	['od -tu4 t.txt', '0000000  158927224  154208890  171116850\n0000014\n'],
	['od -to1 -w4 t.txt', '0000000 170 011 171 011\n0000004 172 012 061 011\n0000010 062 011 063 012\n0000014\n'],
	['od -j 3 -N 4 -c t.txt', '0000003  \\t   z  \\n   1\n0000007\n'],
	['od -tf4 t.txt', '0000000   2.9976737e-33   2.1310526e-33   8.6202659e-33\n0000014\n'],
	['od -c bin', '0000000  \\0 001 177       a   b   c  \\r 033  \\t 002\n0000013\n'],
	['od -a bin', '0000000 nul soh del  sp   a   b   c  cr esc  ht stx\n0000013\n'],
	['od -tx1 bin', '0000000 00 01 7f 20 61 62 63 0d 1b 09 02\n0000013\n'],
	['od -td1 bin', '0000000    0    1  127   32   97   98   99   13   27    9    2\n0000013\n'],
	['od -tu1 bin', '0000000   0   1 127  32  97  98  99  13  27   9   2\n0000013\n'],
	['od -to2 bin', '0000000 000400 020177 061141 006543 004433 000002\n0000013\n'],
	['od -i bin', '0000000    256   8319  25185   3427   2331      2\n0000013\n'],
	['od -l bin', '0000000   545194240   224617057      133403\n0000013\n'],
	['od -s bin', '0000000    256   8319  25185   3427   2331      2\n0000013\n'],
	['od -tx8 bin', '0000000 0d636261207f0100 000000000002091b\n0000013\n'],
	['od -td2 bin', '0000000    256   8319  25185   3427   2331      2\n0000013\n'],
	['od -Ax bin', '000000 000400 020177 061141 006543 004433 000002\n00000b\n'],
	['od -An -c bin', '  \\0 001 177       a   b   c  \\r 033  \\t 002\n'],
	['od -w bin | head -2', '0000000 000400 020177 061141 006543 004433 000002\n0000013\n'],
	['od -v -c /dev/null', '0000000\n'],
	['od -tf8 bin', '0000000  3.548652924858372e-244  6.590983935215981e-319\n0000013\n'],
	['od -c -N3 -j1 bin', '0000001 001 177    \n0000004\n'],
	['od -tx2 bin', '0000000 0100 207f 6261 0d63 091b 0002\n0000013\n'],
	['od -td4 bin', '0000000   545194240   224617057      133403\n0000013\n'],
	['od -tu2 bin', '0000000   256  8319 25185  3427  2331     2\n0000013\n'],
	['od -to4 bin', '0000000 04037600400 01530661141 00000404433\n0000013\n'],
	['od -tc -tx1 bin', '0000000  \\0 001 177       a   b   c  \\r 033  \\t 002\n        00 01 7f 20 61 62 63 0d 1b 09 02\n0000013\n'],
	['od -x -N3 bin', '0000000 0100 007f\n0000003\n'],
	['od -tx1 -w3 bin', '0000000 00 01 7f\n0000003 20 61 62\n0000006 63 0d 1b\n0000011 09 02\n0000013\n'],
	['od -h bin', '0000000 0100 207f 6261 0d63 091b 0002\n0000013\n'],
	['od -o bin', '0000000 000400 020177 061141 006543 004433 000002\n0000013\n'],
	['od -f bin', '0000000   2.1599671e-19   7.0068195e-31   1.8693742e-40\n0000013\n'],
	['od nosuch; echo rc=$?', 'od: nosuch: No such file or directory\nrc=1\n'],
	['od -tz bin; echo rc=$?', 'od: invalid character \'z\' in type string \'z\'\nrc=1\n'],
	['printf \'ab\' | od -c', '0000000   a   b\n0000002\n'],
	['od a.txt t.txt | tail -2', '0000160 031501 005062 004570 004571 005172 004461 004462 005063\n0000200\n'],
	['od nosuch a.txt | tail -2', 'od: nosuch: No such file or directory\n0000160 031501 005062\n0000164\n'],
];

describe('od', () => {
	it.each(OD)('%s', (cmd, output) => {
		const sh = boot();
		sh.run("printf '\\000\\001\\177 abc\\r\\033\\t\\002' > bin");
		expect(sh.run(`{ ${cmd}; } 2>&1`).output).toBe(output);
	});
});
