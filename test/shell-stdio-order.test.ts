/**
 * busybox's messages flush stdout first: bb_verror_msg() calls fflush_all() before it writes to
 * stderr, so with `2>&1` into a pipe an applet's output and its messages keep the order in
 * which it made them. Every row was run through Debian's busybox-static 1.35.0 with its output
 * going into a pipe, and recorded.
 */
import {describe} from 'vitest';
import {busyboxRows} from './guest-shell.js';

const SETUP = "cd /tmp; printf 'memory0 online Normal\\nmemory1 offline Movable\\nmemory32 online Movable\\nmemory33 offline Normal\\nmemory10 online DMA32\\n' > a.txt; printf 'b 2\\na 10\\nc 1\\na 2\\n\\nB 3\\n' > b.txt";

/** [command line, what came through the pipe] */
const REAL: [string, string][] = [
	['cat a.txt nonexist b.txt 2>&1 | cat', 'memory0 online Normal\nmemory1 offline Movable\nmemory32 online Movable\nmemory33 offline Normal\nmemory10 online DMA32\ncat: can\'t open \'nonexist\': No such file or directory\nb 2\na 10\nc 1\na 2\n\nB 3\n'],
	['head -n1 a.txt nonexist b.txt 2>&1 | cat', '==> a.txt <==\nmemory0 online Normal\nhead: nonexist: No such file or directory\n\n==> b.txt <==\nb 2\n'],
	['wc -l a.txt nonexist b.txt 2>&1 | cat', '        5 a.txt\nwc: nonexist: No such file or directory\n        6 b.txt\n       11 total\n'],
	['sed -n 1p a.txt nonexist b.txt 2>&1 | cat', 'memory0 online Normal\nsed: nonexist: No such file or directory\n'],
	['grep -h o a.txt nonexist 2>&1 | cat', 'memory0 online Normal\nmemory1 offline Movable\nmemory32 online Movable\nmemory33 offline Normal\nmemory10 online DMA32\ngrep: nonexist: No such file or directory\n'],
	['awk "{print \\$1}" b.txt nonexist 2>&1 | cat', 'b\na\nc\na\n\nB\nawk: nonexist: No such file or directory\n'],
	['cut -c1-3 a.txt nonexist b.txt 2>&1 | cat', 'mem\nmem\nmem\nmem\nmem\ncut: nonexist: No such file or directory\nb 2\na 1\nc 1\na 2\n\nB 3\n'],
	['printf "%s %d\n" a x b 2>&1 | cat', 'a sh: invalid number \'x\'\n0\nb sh: invalid number \'\'\n0\n'],
	['tail -n1 a.txt nonexist b.txt 2>&1 | cat', 'tail: can\'t open \'nonexist\': No such file or directory\n==> a.txt <==\nmemory10 online DMA32\n\n==> b.txt <==\nB 3\n'],
	['ls a.txt nonexist b.txt 2>&1 | cat', 'ls: nonexist: No such file or directory\na.txt\nb.txt\n'],
	['dd if=b.txt bs=4 2>&1 | cat', 'b 2\na 10\nc 1\na 2\n\nB 3\n5+1 records in\n5+1 records out\n'],
	['od -c a.txt nonexist 2>&1 | cat', '0000000   m   e   m   o   r   y   0       o   n   l   i   n   e       N\n0000020   o   r   m   a   l  \\n   m   e   m   o   r   y   1       o   f\n0000040   f   l   i   n   e       M   o   v   a   b   l   e  \\n   m   e\n0000060   m   o   r   y   3   2       o   n   l   i   n   e       M   o\n0000100   v   a   b   l   e  \\n   m   e   m   o   r   y   3   3       o\n0000120   f   f   l   i   n   e       N   o   r   m   a   l  \\n   m   e\n0000140   m   o   r   y   1   0       o   n   l   i   n   e       D   M\nod: nonexist: No such file or directory\n0000160   A   3   2  \\n\n0000164\n'],
	['od -N 4 -c a.txt nonexist; echo rc=$?', '0000000   m   e   m   o\n0000004\nrc=0\n'],
	['od -c nonexist a.txt 2>&1 | head -2', 'od: nonexist: No such file or directory\n0000000   m   e   m   o   r   y   0       o   n   l   i   n   e       N\n'],
	['od -j 200 -c a.txt nonexist b.txt; echo rc=$?', 'od: nonexist: No such file or directory\nod: can\'t skip past end of combined input\nrc=1\n'],
	['od -j 4 -N 8 -c nonexist a.txt nonexist2 ; echo rc=$?', 'od: nonexist: No such file or directory\n0000004   r   y   0       o   n   l   i\n0000014\nrc=1\n'],
	['od -w4 -c b.txt nonexist b.txt 2>&1 | cat', '0000000   b       2  \\n\n0000004   a       1   0\n0000010  \\n   c       1\n0000014  \\n   a       2\n0000020  \\n  \\n   B    \nod: nonexist: No such file or directory\n0000024   3  \\n   b    \n0000030   2  \\n   a    \n0000034   1   0  \\n   c\n0000040       1  \\n   a\n0000044       2  \\n  \\n\n0000050   B       3  \\n\n0000054\n'],
	['od -c -w3 b.txt nonexist 2>&1 | cat', '0000000   b       2\n0000003  \\n   a    \n0000006   1   0  \\n\n0000011   c       1\n0000014  \\n   a    \n0000017   2  \\n  \\n\n0000022   B       3\nod: nonexist: No such file or directory\n0000025  \\n\n0000026\n'],
	['od -c -w11 b.txt nonexist 2>&1 | cat', '0000000   b       2  \\n   a       1   0  \\n   c    \n0000013   1  \\n   a       2  \\n  \\n   B       3  \\n\nod: nonexist: No such file or directory\n0000026\n'],
	['od -c -N 11 b.txt nonexist; echo rc=$?', '0000000   b       2  \\n   a       1   0  \\n   c    \n0000013\nrc=0\n'],
	['od -c -N 12 -w11 b.txt nonexist 2>&1 | cat; echo rc=$?', '0000000   b       2  \\n   a       1   0  \\n   c    \n0000013   1\n0000014\nrc=0\n'],
	['od -c -j 22 b.txt nonexist b.txt 2>&1 | cat', 'od: nonexist: No such file or directory\n0000026   b       2  \\n   a       1   0  \\n   c       1  \\n   a       2\n0000046  \\n  \\n   B       3  \\n\n0000054\n'],
	['od -c -j 23 b.txt nonexist b.txt 2>&1 | cat', 'od: nonexist: No such file or directory\n0000027       2  \\n   a       1   0  \\n   c       1  \\n   a       2  \\n\n0000047  \\n   B       3  \\n\n0000054\n'],
	['od -c -j 22 b.txt nonexist 2>&1 | cat; echo rc=$?', 'od: nonexist: No such file or directory\n0000026\nrc=0\n'],
	['od -c nonexist; echo rc=$?', 'od: nonexist: No such file or directory\nrc=1\n'],
	['sort b.txt nonexist 2>&1 | cat', 'sort: nonexist: No such file or directory\n'],
	['tee x1 < b.txt 2>&1 /nonexist/x | cat', 'tee: /nonexist/x: No such file or directory\nb 2\na 10\nc 1\na 2\n\nB 3\n'],
	['cat a.txt nonexist b.txt 2>out; cat out', 'memory0 online Normal\nmemory1 offline Movable\nmemory32 online Movable\nmemory33 offline Normal\nmemory10 online DMA32\nb 2\na 10\nc 1\na 2\n\nB 3\ncat: can\'t open \'nonexist\': No such file or directory\n'],
];

describe('stdout and stderr in one pipe', () => {
	// od opens its operands one after the other as its reads reach them (-j, -N, -w, a file
	// that cannot be opened: its message comes when a block first needs bytes past the file
	// before it; one that -N never reaches is not opened and not an error)
	busyboxRows(REAL, {setup: SETUP, mode: 'raw'});
});
