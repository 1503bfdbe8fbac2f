/**
 * busybox 1.35 ls's options: sorting (-S -t -X -v -r -c -u --group-directories-first), layout
 * (-C -x -1 -w, the -F/-p indicator outside the column width), -p -F -Q -g --full-time
 * --color, symlinks on the command line (followed unless -l -i -s -F; -H, -L). Every row was
 * run through Debian's busybox-static 1.35.0 in a directory made by SETUP, its owner names
 * put back to the numbers the guest's static busybox prints (it has no NSS to name them).
 * Pipe rows went into a pipe; terminal rows ran on a pseudo-terminal of 80 columns.
 */
import {describe} from 'vitest';
import {busyboxRows} from './guest-shell.js';

const SETUP = "printf 1234567890 > big.c; printf 12 > small.txt; printf 12345 > mid.c; mkdir dir1; touch dir1/inner; touch -d '2020-01-01 00:00:00' big.c; touch -d '2021-01-01 00:00:00' mid.c; touch -d '2019-01-01 00:00:00' small.txt; touch -d '2022-01-01 00:00:00' dir1; touch file10 file9 file1; touch -d '2018-01-01 00:00:00' file10 file9 file1; ln -s big.c link; ln -s dir1 dl; ln -s nowhere broken; chmod +x small.txt; printf 'x' > 'q\"uote'";

/** [command line, what came out through a pipe] */
const PIPE: [string, string][] = [
	["ls", "big.c\nbroken\ndir1\ndl\nfile1\nfile10\nfile9\nlink\nmid.c\nq\"uote\nsmall.txt\n"],
	["ls -r", "small.txt\nq\"uote\nmid.c\nlink\nfile9\nfile10\nfile1\ndl\ndir1\nbroken\nbig.c\n"],
	["ls -S big.c mid.c small.txt file1 link", "big.c\nlink\nmid.c\nsmall.txt\nfile1\n"],
	["ls -S -r big.c mid.c small.txt file1 link", "file1\nsmall.txt\nmid.c\nlink\nbig.c\n"],
	["ls -t big.c mid.c small.txt file1 dir1", "mid.c\nbig.c\nsmall.txt\nfile1\n\ndir1:\ninner\n"],
	["ls -tr big.c mid.c small.txt file1 dir1", "file1\nsmall.txt\nbig.c\nmid.c\n\ndir1:\ninner\n"],
	["ls -t -S big.c mid.c small.txt file1 dir1/inner", "big.c\nmid.c\nsmall.txt\ndir1/inner\nfile1\n"],
	["ls -S -t big.c mid.c small.txt file1 dir1/inner", "dir1/inner\nmid.c\nbig.c\nsmall.txt\nfile1\n"],
	["ls -X", "broken\ndir1\ndl\nfile1\nfile10\nfile9\nlink\nq\"uote\nbig.c\nmid.c\nsmall.txt\n"],
	["ls -v", "big.c\nbroken\ndir1\ndl\nfile1\nfile9\nfile10\nlink\nmid.c\nq\"uote\nsmall.txt\n"],
	["ls -X -v", "big.c\nbroken\ndir1\ndl\nfile1\nfile9\nfile10\nlink\nmid.c\nq\"uote\nsmall.txt\n"],
	["ls -v -X", "big.c\nbroken\ndir1\ndl\nfile1\nfile9\nfile10\nlink\nmid.c\nq\"uote\nsmall.txt\n"],
	["ls -u big.c mid.c small.txt file1", "mid.c\nbig.c\nsmall.txt\nfile1\n"],
	["ls -c -S big.c mid.c small.txt file1", "big.c\nmid.c\nsmall.txt\nfile1\n"],
	["ls -p", "big.c\nbroken\ndir1/\ndl\nfile1\nfile10\nfile9\nlink\nmid.c\nq\"uote\nsmall.txt\n"],
	["ls -F", "big.c\nbroken@\ndir1/\ndl@\nfile1\nfile10\nfile9\nlink@\nmid.c\nq\"uote\nsmall.txt*\n"],
	["ls -pF", "big.c\nbroken@\ndir1/\ndl@\nfile1\nfile10\nfile9\nlink@\nmid.c\nq\"uote\nsmall.txt*\n"],
	["ls -d -p dir1 dl", "dir1/\ndl/\n"],
	["ls -d -F dir1 dl broken small.txt", "broken@\ndir1/\ndl@\nsmall.txt*\n"],
	["ls -Q", "\"big.c\"\n\"broken\"\n\"dir1\"\n\"dl\"\n\"file1\"\n\"file10\"\n\"file9\"\n\"link\"\n\"mid.c\"\n\"q\\\"uote\"\n\"small.txt\"\n"],
	["ls -Q -l small.txt 'q\"uote' | cut -c1-10,57-", "-rw-r--r-- \"q\\\"uote\"\n-rwxr-xr-x \"small.txt\"\n"],
	["ls -l dl link broken | cut -c1-10,57-", "lrwxrwxrwx broken -> nowhere\nlrwxrwxrwx dl -> dir1\nlrwxrwxrwx link -> big.c\n"],
	["ls -lF dl link broken small.txt | cut -c1-10,57-", "lrwxrwxrwx broken -> nowhere\nlrwxrwxrwx dl -> dir1/\nlrwxrwxrwx link -> big.c\n-rwxr-xr-x small.txt*\n"],
	["ls -lp dl | cut -c57-", " dl -> dir1/\n"],
	["ls broken; echo rc=$?", "ls: broken: No such file or directory\nrc=1\n"],
	["ls -L; echo rc=$?", "ls: ./broken: No such file or directory\nbig.c\ndir1\ndl\nfile1\nfile10\nfile9\nlink\nmid.c\nq\"uote\nsmall.txt\nrc=1\n"],
	["ls -L dl", "inner\n"],
	["ls -ldL dl | cut -c1-10", "drwxr-xr-x\n"],
	["ls -lH dl | cut -c1-10", "total 0\n-rw-r--r--\n"],
	["ls -Hd dl", "dl\n"],
	["ls -l dl | cut -c1-10", "lrwxrwxrwx\n"],
	["ls -s dl | head -1", "     0 dl\n"],
	["ls -i dl | wc -w", "2\n"],
	["ls --group-directories-first", "dir1\nbig.c\nbroken\ndl\nfile1\nfile10\nfile9\nlink\nmid.c\nq\"uote\nsmall.txt\n"],
	["ls --group-directories-first -r", "small.txt\nq\"uote\nmid.c\nlink\nfile9\nfile10\nfile1\ndl\nbroken\nbig.c\ndir1\n"],
	["ls -C -w 33", "big.c      file1      mid.c\nbroken     file10     q\"uote\ndir1       file9      small.txt\ndl         link\n"],
	["ls -C -w 32", "big.c      file9\nbroken     link\ndir1       mid.c\ndl         q\"uote\nfile1      small.txt\nfile10\n"],
	["ls -x -w 33", "big.c      broken     dir1\ndl         file1      file10\nfile9      link       mid.c\nq\"uote     small.txt\n"],
	["ls -C -F -w 33", "big.c      file1      mid.c\nbroken@    file10     q\"uote\ndir1/      file9      small.txt*\ndl@        link@\n"],
	["ls -C -Q -w 30", "\"big.c\"      \"file9\"\n\"broken\"     \"link\"\n\"dir1\"       \"mid.c\"\n\"dl\"         \"q\\\"uote\"\n\"file1\"      \"small.txt\"\n\"file10\"\n"],
	["ls -C -w 0", "big.c\nbroken\ndir1\ndl\nfile1\nfile10\nfile9\nlink\nmid.c\nq\"uote\nsmall.txt\n"],
	["ls -w abc; echo rc=$?", "ls: invalid number 'abc'\nrc=1\n"],
	["ls -e; echo rc=$?", "ls: invalid option -- 'e'\nBusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: ls [-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]...\n\nList directory contents\n\n\t-1\tOne column output\n\t-a\tInclude names starting with .\n\t-A\tLike -a, but exclude . and ..\n\t-x\tList by lines\n\t-d\tList directory names, not contents\n\t-L\tFollow symlinks\n\t-H\tFollow symlinks on command line\n\t-R\tRecurse\n\t-p\tAppend / to directory names\n\t-F\tAppend indicator (one of */=@|) to names\n\t-l\tLong format\n\t-i\tList inode numbers\n\t-n\tList numeric UIDs and GIDs instead of names\n\t-s\tList allocated blocks\n\t-lc\tList ctime\n\t-lu\tList atime\n\t--full-time\tList full date/time\n\t-h\tHuman readable sizes (1K 243M 2G)\n\t--group-directories-first\n\t-S\tSort by size\n\t-X\tSort by extension\n\t-v\tSort by version\n\t-t\tSort by mtime\n\t-tc\tSort by ctime\n\t-tu\tSort by atime\n\t-r\tReverse sort order\n\t-w N\tFormat N columns wide\n\t--color[={always,never,auto}]\nrc=1\n"],
	["ls -l -C -w 60", "big.c      dl         file9      q\"uote\nbroken     file1      link       small.txt\ndir1       file10     mid.c\n"],
	["ls -C -l big.c", "-rw-r--r--    1 0        0               10 Jan  1  2020 big.c\n"],
	["ls -1 -C -w 40", "big.c      file1      mid.c\nbroken     file10     q\"uote\ndir1       file9      small.txt\ndl         link\n"],
	["ls -C -1", "big.c\nbroken\ndir1\ndl\nfile1\nfile10\nfile9\nlink\nmid.c\nq\"uote\nsmall.txt\n"],
	["ls -g big.c mid.c", "-rw-r--r--    1 0               10 Jan  1  2020 big.c\n-rw-r--r--    1 0                5 Jan  1  2021 mid.c\n"],
	["ls -n -g big.c", "-rw-r--r--    1 0               10 Jan  1  2020 big.c\n"],
	["ls -g -n big.c", "-rw-r--r--    1 0               10 Jan  1  2020 big.c\n"],
	["ls -lg big.c", "-rw-r--r--    1 0               10 Jan  1  2020 big.c\n"],
	["ls --full-time big.c mid.c", "-rw-r--r--    1 0        0               10 2020-01-01 00:00:00 +0000 big.c\n-rw-r--r--    1 0        0                5 2021-01-01 00:00:00 +0000 mid.c\n"],
	["ls -ld --full-time dir1 | cut -c1-14", "drwxr-xr-x    \n"],
	["ls -k big.c", "big.c\n"],
	["ls -T 5 big.c", "big.c\n"],
	["ls --color=always big.c dir1 small.txt | od -c", "0000000 033   [   0   ;   0   m   b   i   g   .   c 033   [   m  \\n 033\n0000020   [   1   ;   3   2   m   s   m   a   l   l   .   t   x   t 033\n0000040   [   m  \\n  \\n   d   i   r   1   :  \\n 033   [   0   ;   0   m\n0000060   i   n   n   e   r 033   [   m  \\n\n0000071\n"],
	["ls --color big.c | od -c", "0000000 033   [   0   ;   0   m   b   i   g   .   c 033   [   m  \\n\n0000017\n"],
	["ls --color=never big.c", "big.c\n"],
	["ls --color=auto big.c", "big.c\n"],
	["ls --color=bogus big.c", "big.c\n"],
	["ls --color=always -l broken | cut -c57- | od -c", "0000000     033   [   1   ;   3   6   m   b   r   o   k   e   n 033   [\n0000020   m       -   >     033   [   1   ;   3   1   m   n   o   w   h\n0000040   e   r   e 033   [   m  \\n\n0000047\n"],
	["ls --colour=always big.c | od -c", "ls: unrecognized option '--colour=always'\nBusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: ls [-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]...\n\nList directory contents\n\n\t-1\tOne column output\n\t-a\tInclude names starting with .\n\t-A\tLike -a, but exclude . and ..\n\t-x\tList by lines\n\t-d\tList directory names, not contents\n\t-L\tFollow symlinks\n\t-H\tFollow symlinks on command line\n\t-R\tRecurse\n\t-p\tAppend / to directory names\n\t-F\tAppend indicator (one of */=@|) to names\n\t-l\tLong format\n\t-i\tList inode numbers\n\t-n\tList numeric UIDs and GIDs instead of names\n\t-s\tList allocated blocks\n\t-lc\tList ctime\n\t-lu\tList atime\n\t--full-time\tList full date/time\n\t-h\tHuman readable sizes (1K 243M 2G)\n\t--group-directories-first\n\t-S\tSort by size\n\t-X\tSort by extension\n\t-v\tSort by version\n\t-t\tSort by mtime\n\t-tc\tSort by ctime\n\t-tu\tSort by atime\n\t-r\tReverse sort order\n\t-w N\tFormat N columns wide\n\t--color[={always,never,auto}]\n0000000\n"],
	["ls -a -A", ".\n..\nbig.c\nbroken\ndir1\ndl\nfile1\nfile10\nfile9\nlink\nmid.c\nq\"uote\nsmall.txt\n"],
	["ls -A -a", ".\n..\nbig.c\nbroken\ndir1\ndl\nfile1\nfile10\nfile9\nlink\nmid.c\nq\"uote\nsmall.txt\n"],
	["ls -d -R dir1", "dir1\n"],
	["ls -R -d dir1", "dir1\n"],
	["ls -x -w 40 big.c dir1 mid.c", "big.c  mid.c\n\ndir1:\ninner\n"],
];

/** [command line, what the terminal showed] */
const TTY: [string, string][] = [
	["ls", "big.c      dir1       file1      file9      mid.c      small.txt\nbroken     dl         file10     link       q\"uote\n"],
	["ls -F", "big.c      dir1/      file1      file9      mid.c      small.txt*\nbroken@    dl@        file10     link@      q\"uote\n"],
	["ls -x", "big.c      broken     dir1       dl         file1      file10     file9\nlink       mid.c      q\"uote     small.txt\n"],
	["ls -Q", "\"big.c\"      \"dir1\"       \"file1\"      \"file9\"      \"mid.c\"      \"small.txt\"\n\"broken\"     \"dl\"         \"file10\"     \"link\"       \"q\\\"uote\"\n"],
	["ls -s big.c broken dl file1 file10 file9 link mid.c small.txt", "     4 big.c         0 file1         0 link\n     0 broken        0 file10        4 mid.c\n     0 dl            0 file9         4 small.txt\n"],
	["ls -C -i | wc -l", "3\n"],
	["ls --color=auto big.c dir1 | od -c", "0000000   b   i   g   .   c  \\n  \\n   d   i   r   1   :  \\n   i   n   n\n0000020   e   r  \\n\n0000023\n"],
	["ls -C -w 33 -F", "big.c      file1      mid.c\nbroken@    file10     q\"uote\ndir1/      file9      small.txt*\ndl@        link@\n"],
];

describe('ls options, through a pipe', () => {
	busyboxRows(PIPE, {setup: `mkdir /tmp/w; cd /tmp/w; ${SETUP}`});
});

describe('ls options, on the terminal', () => {
	busyboxRows(TTY, {setup: `mkdir /tmp/w; cd /tmp/w; ${SETUP}`, mode: 'tty'});
});
