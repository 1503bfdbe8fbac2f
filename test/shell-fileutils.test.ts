import {describe, expect, it} from 'vitest';
import {Shell} from '../source/machine/shell/index.js';
import {FakeKernel} from './shell-fake.js';
import {busyboxRows, guestShell} from './guest-shell.js';

/**
 * The file applets and the shared getopt32 through the shell; every expected text was printed
 * by Debian's busybox 1.35.0-4+deb12u1+b1 for the same commands in a scratch directory holding
 * f ("hi"), two ("a\nb"), d/ and d/g.
 */

function setup() {
	const k = new FakeKernel(8);
	const sh = new Shell(k.syscalls(), {columns: 80});
	sh.run('mkdir /tmp/w; cd /tmp/w; echo hi > f; mkdir d; echo x > d/g; printf "a\\nb\\n" > two');
	return sh;
}

const run = (line: string) => setup().run(`${line}; echo "[$?]"`).output;

const BANNER = 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\n';
const CAT_USAGE = `${BANNER}Usage: cat [-nbvteA] [FILE]...\n\nPrint FILEs to stdout\n\n\t-n\tNumber output lines\n\t-b\tNumber nonempty lines\n\t-v\tShow nonprinting characters as ^x or M-x\n\t-t\t...and tabs as ^I\n\t-e\t...and end lines with $\n\t-A\tSame as -vte\n`;
const MKDIR_USAGE = `${BANNER}Usage: mkdir [-m MODE] [-p] DIRECTORY...\n\nCreate DIRECTORY\n\n\t-m MODE\tMode\n\t-p\tNo error if exists; make parent directories as needed\n`;
const RM_USAGE = `${BANNER}Usage: rm [-irf] FILE...\n\nRemove (unlink) FILEs\n\n\t-i\tAlways prompt before removing\n\t-f\tNever prompt\n\t-R,-r\tRecurse\n`;
const READLINK_USAGE = `${BANNER}Usage: readlink [-fnv] FILE\n\nDisplay the value of a symlink\n\n\t-f\tCanonicalize by following all symlinks\n\t-n\tDon't add newline\n\t-v\tVerbose\n`;
const BASENAME_USAGE = `${BANNER}Usage: basename FILE [SUFFIX] | -a FILE... | -s SUFFIX FILE...\n\nStrip directory path and SUFFIX from FILE\n\n\t-a\t\tAll arguments are FILEs\n\t-s SUFFIX\tRemove SUFFIX (implies -a)\n`;

describe('getopt32 shared by every applet', () => {
	it('unknown options, missing arguments and long options print glibc\'s message and the usage', () => {
		expect(run('cat -q f')).toBe(`cat: invalid option -- 'q'\n${CAT_USAGE}[1]\n`);
		expect(run('cat --bogus')).toBe(`cat: unrecognized option '--bogus'\n${CAT_USAGE}[1]\n`);
		expect(run('mkdir -m')).toBe(`mkdir: option requires an argument -- 'm'\n${MKDIR_USAGE}[1]\n`);
		expect(run('ps -q')).toBe(`ps: invalid option -- 'q'\n${BANNER}Usage: ps [-o COL1,COL2=HEADER] [-T]\n\nShow list of processes\n\n\t-o COL1,COL2=HEADER\tSelect columns for display\n\t-T\t\t\tShow threads\n[1]\n`);
		expect(run('xargs --no-run-if-empty=3 echo </dev/null').split('\n')[0]).toBe("xargs: option '--no-run-if-empty' doesn't allow an argument");
		expect(run('xargs --no-run echo </dev/null')).toBe('[0]\n');
		expect(run('which --help x').split('\n')[0]).toBe("which: unrecognized option '--help'");
	});

	it('--help alone prints the usage with status 0; argv[0] is named as typed', () => {
		expect(run('cat --help')).toBe(`${CAT_USAGE}[0]\n`);
		expect(run('/bin/rm -z').split('\n')[0]).toBe("/bin/rm: invalid option -- 'z'");
	});
});

describe('cat', () => {
	it('takes options after operands and `--`', () => {
		expect(run('cat f -n')).toBe('     1\thi\n[0]\n');
		expect(run('cat -- -n')).toBe("cat: can't open '-n': No such file or directory\n[1]\n");
		expect(run('cat f nope')).toBe("hi\ncat: can't open 'nope': No such file or directory\n[1]\n");
	});

	it('-n counts across files, -b skips empty lines, -v -e -t -A show control characters', () => {
		expect(run('printf "a\\n\\nb\\tc\\001\\n" > x; cat -n x -b')).toBe('     1\ta\n\n     2\tb\tc\x01\n[0]\n');
		expect(run('printf "a\\n" | cat -n - two')).toBe('     1\ta\n     2\ta\n     3\tb\n[0]\n');
		expect(run('printf "a\\n\\nb\\tc\\001\\n" > x; cat -e x; cat -t x; cat -A x; cat -v x')).toBe(
			'a$\n$\nb\tc^A$\n' + 'a\n\nb^Ic^A\n' + 'a$\n$\nb^Ic^A$\n' + 'a\n\nb\tc^A\n[0]\n');
	});

	it('a file it cannot open: -n/-b say so as fopen_or_warn_stdin() does and count on; -v -A show the file before it', () => {
		// the lab's guest (s54/r46 probe)
		expect(run('cat -n f /nonexist f')).toBe('     1\thi\ncat: /nonexist: No such file or directory\n     2\thi\n[1]\n');
		expect(run('cat -b f /nonexist')).toBe('     1\thi\ncat: /nonexist: No such file or directory\n[1]\n');
		expect(run('cat -A f /nonexist')).toBe("hi$\ncat: can't open '/nonexist': No such file or directory\n[1]\n");
		// print_numbered_lines() ends a last line without a newline; -v, -e and -A ignore -n
		expect(run('printf "a\\nb" > y; cat -n y y; cat -nA y')).toBe('     1\ta\n     2\tb\n     3\ta\n     4\tb\na$\nb[0]\n');
	});
});

describe('mkdir, rm, rmdir, touch', () => {
	it('mkdir: usage without operands, -p with its prefixes, -v, -m', () => {
		expect(run('mkdir')).toBe(`${MKDIR_USAGE}[1]\n`);
		expect(run('mkdir d')).toBe("mkdir: can't create directory 'd': File exists\n[1]\n");
		expect(run('mkdir a/b')).toBe("mkdir: can't create directory 'a/b': No such file or directory\n[1]\n");
		expect(run('mkdir -p a/b/c x -v; ls -1 a/b')).toBe(
			"created directory: 'a/'\ncreated directory: 'a/b/'\ncreated directory: 'a/b/c'\ncreated directory: 'x'\nc\n[0]\n");
		expect(run('mkdir -p f/x')).toBe("mkdir: can't create directory 'f/': Not a directory\n[1]\n");
		expect(run('mkdir -p f')).toBe("mkdir: can't create directory 'f': File exists\n[1]\n");
		expect(run('mkdir -m zz m')).toBe("mkdir: invalid mode 'zz'\n[1]\n");
		expect(run('mkdir -m 700 m; ls -ld m | cut -c1-10')).toBe('drwx------\n[0]\n');
	});

	it('rm: usage unless -f, -r with -v, directories and dot', () => {
		expect(run('rm')).toBe(`${RM_USAGE}[1]\n`);
		expect(run('rm -f')).toBe('[0]\n');
		expect(run('rm -f nope; echo ok')).toBe('ok\n[0]\n');
		expect(run('rm -r nope')).toBe("rm: can't remove 'nope': No such file or directory\n[1]\n");
		expect(run('rm d')).toBe("rm: 'd' is a directory\n[1]\n");
		expect(run('rm .')).toBe("rm: can't remove '.' or '..'\n[1]\n");
		expect(run('rm -rv d')).toBe("removed 'd/g'\nremoved directory: 'd'\n[0]\n");
		expect(run('rm f -v')).toBe("removed 'f'\n[0]\n");
	});

	it('rmdir: errors name the operand, -p walks up with -v', () => {
		expect(run('rmdir d')).toBe("rmdir: 'd': Directory not empty\n[1]\n");
		expect(run('rmdir -p q')).toBe("rmdir: 'q': No such file or directory\n[1]\n");
		expect(run('mkdir -p p/q/r; rmdir -pv p/q/r; ls -1')).toBe(
			"rmdir: removing directory, 'p/q/r'\nrmdir: removing directory, 'p/q'\nrmdir: removing directory, 'p'\nd\nf\ntwo\n[0]\n");
	});

	it('touch: -c after the operand, errors', () => {
		expect(run('touch n2 -c; ls -1')).toBe('d\nf\ntwo\n[0]\n');
		expect(run('touch d/nope/x')).toBe('touch: d/nope/x: No such file or directory\n[1]\n');
		expect(run('touch -r nope f')).toBe("touch: can't stat 'nope': No such file or directory\n[1]\n");
	});

	it('touch -d/-t: parse_datestr() from now, so what the date leaves out keeps its current value (digit forms: seconds 0)', () => {
		const sh = setup();
		const now = Number(sh.run('date +%s').output);
		const today = now - (now % 86400);
		const t = (d: string) => Number(sh.run(`touch -d "${d}" f; stat -c %Y f`).output);
		expect(t('2020-01-01')).toBe(1577836800 + (now % 86400));
		expect(t('2020-01-01 00:00')).toBe(1577836800 + (now % 60));
		expect(t('2020-01-01 00:00:05')).toBe(1577836805);
		expect(t('00:00')).toBe(today + (now % 60));
		expect(t('@100')).toBe(100);
		expect(Number(sh.run('touch -t 202001020304 f; stat -c %Y f').output)).toBe(1577934240);
		expect(sh.run('touch -d bad f; echo rc=$?').output).toBe("touch: invalid date 'bad'\nrc=1\n");
		// date -d starts from midnight instead
		expect(sh.run('date -d 2020-01-01 +%s').output).toBe('1577836800\n');
	});
});

describe('cp, mv, ln, readlink, basename, dirname', () => {
	it('cp and mv: usage, DEST/NAME with several sources, -t, -T, -v', () => {
		expect(run('cp f').split('\n').slice(2, 4)).toEqual(['Usage: cp [-arPLHpfinlsTu] SOURCE DEST', 'or: cp [-arPLHpfinlsu] SOURCE... { -t DIRECTORY | DIRECTORY }']);
		expect(run('cp f two d/nonexist')).toBe("cp: can't create 'd/nonexist/f': No such file or directory\ncp: can't create 'd/nonexist/two': No such file or directory\n[1]\n");
		expect(run('cp d e')).toBe("cp: omitting directory 'd'\n[1]\n");
		expect(run('cp -T f d')).toBe("cp: 'd' is a directory\n[1]\n");
		expect(run('cp -t d f two; ls -1 d')).toBe('f\ng\ntwo\n[0]\n');
		expect(run('cp -v f g')).toBe("'f' -> 'g'\n[0]\n");
		expect(run('mv f two nodir')).toBe("mv: can't rename 'f': No such file or directory\nmv: can't rename 'two': No such file or directory\n[1]\n");
		expect(run('mv -v f g')).toBe("'f' -> 'g'\n[0]\n");
	});

	it('ln -s, readlink', () => {
		expect(run('ln -sv f l; readlink l')).toBe("'l' -> 'f'\nf\n[0]\n");
		expect(run('ln -s f l; ln -s f l')).toBe('ln: l: File exists\n[1]\n');
		expect(run('readlink f')).toBe('[1]\n');
		expect(run('readlink -v f')).toBe('readlink: f: cannot read link: not a symlink\n[1]\n');
		expect(run('readlink a b')).toBe(`${READLINK_USAGE}[1]\n`);
	});

	it('basename and dirname operand rules', () => {
		expect(run('basename a.c .c; basename /a/b/; basename -- -z; basename -s .c x.c y.c')).toBe('a\nb\n-z\nx\ny\n[0]\n');
		expect(run('basename a b c')).toBe(`${BASENAME_USAGE}[1]\n`);
		expect(run('basename -z').split('\n')[0]).toBe("basename: invalid option -- 'z'");
		expect(run('dirname /a/b; dirname -z')).toBe('/a\n.\n[0]\n');
		expect(run('dirname a b')).toBe(`${BANNER}Usage: dirname FILENAME\n\nStrip non-directory suffix from FILENAME\n[1]\n`);
	});
});

describe('mktemp', () => {
	it('makes a unique file (0600) or directory (0700) from the template\'s six X\'s; errors as Debian\'s busybox prints them', () => {
		const sh = setup();
		const f = sh.run('mktemp').output.trim();
		expect(f).toMatch(/^\/tmp\/tmp\.[A-Za-z0-9]{6}$/);
		expect(sh.run(`stat -c %a ${f}`).output).toBe('600\n');
		const d = sh.run('mktemp -d').output.trim();
		expect(sh.run(`stat -c '%a %F' ${d}`).output).toBe('700 directory\n');
		expect(sh.run('mktemp -u').output.trim()).not.toBe(f);
		expect(sh.run('mktemp -p /tmp barXXXXXX; TMPDIR=/root mktemp -t bazXXXXXX').output).toMatch(/^\/tmp\/bar[A-Za-z0-9]{6}\n\/root\/baz[A-Za-z0-9]{6}\n$/);
		expect(sh.run('mktemp fooXXXX; echo rc=$?; mktemp -p /nonexist; echo rc=$?; mktemp -q x; echo rc=$?').output)
			.toBe('mktemp: (null): Invalid argument\nrc=1\nmktemp: (null): No such file or directory\nrc=1\nrc=1\n');
		// every call a new name
		expect(new Set(sh.run('for i in 1 2 3 4 5; do mktemp; done').output.trim().split('\n')).size).toBe(5);
	});
});

/** cat -v works on bytes; set-id and sticky bits show as s/S and t/T (Debian's busybox 1.35, into a pipe). */
const MODES_AND_BYTES: [string, string][] = [
	["printf 'x\\001y\\200z\\n' | cat -v", 'x^AyM-^@z\n'],
	["printf '\\303\\251\\t\\177\\n' | cat -A", 'M-CM-)^I^?$\n'],
	["printf '\\303\\251\\n' | cat -e", 'M-CM-)$\n'],
	["touch m1 m2 m3; chmod 4755 m1; chmod 2644 m2; chmod 7000 m3; ls -l m1 m2 m3 | cut -c1-10; stat -c '%A %a' m1 m2 m3", '-rwsr-xr-x\n-rw-r-Sr--\n---S--S--T\n-rwsr-xr-x 4755\n-rw-r-Sr-- 2644\n---S--S--T 7000\n'],
	["mkdir sd; chmod 1777 sd; ls -ld sd | cut -c1-10; chmod -v 755 sd; chmod -c o+t sd", "drwxrwxrwt\nmode of 'sd' changed to 0755 (rwxr-xr-x)\n"],
];

describe('cat -v and mode strings', () => {
	it.each(MODES_AND_BYTES)('%s', (cmd, output) => {
		expect(setup().run(`{ ${cmd}; } 2>&1 | cat`).output).toBe(output);
	});
});

/** cp's same-file check and -i prompt, mv -v after a failed rename (Debian's busybox 1.35). */
const CP_MV: [string, string][] = [
	['cp -i a.txt d/a.txt < /dev/null; echo rc=$?', "cp: overwrite 'd/a.txt'? rc=0\n"],
	['echo y | cp -i a.txt d/a.txt; echo rc=$?', "cp: overwrite 'd/a.txt'? rc=0\n"],
	['cp a.txt a.txt; echo rc=$?', "cp: 'a.txt' and 'a.txt' are the same file\nrc=1\n"],
	['cp a.txt ./a.txt d; echo rc=$?', 'rc=0\n'],
	['ln -s a.txt l; cp a.txt l; echo rc=$?', 'rc=0\n'],
	['mv -v nonexist e.txt; echo rc=$?', "mv: can't rename 'nonexist': No such file or directory\n'nonexist' -> 'e.txt'\nrc=1\n"],
	['cp -n a.txt d/a.txt; echo rc=$?', 'rc=0\n'],
];

describe('cp and mv: same file, -i, -v', () => {
	it.each(CP_MV)('%s', (cmd, output) => {
		const sh = setup();
		sh.run('mkdir /tmp/c; cd /tmp/c; echo x > a.txt; mkdir d; cp a.txt d');
		expect(sh.run(`{ ${cmd}; } 2>&1`).output).toBe(output);
	});

	it('-i overwrites on a yes', () => {
		const sh = setup();
		sh.run('mkdir /tmp/c; cd /tmp/c; echo new > a.txt; mkdir d; echo old > d/a.txt');
		sh.run('echo n | cp -i a.txt d/a.txt 2>/dev/null');
		expect(sh.run('cat d/a.txt').output).toBe('old\n');
		sh.run('echo y | cp -i a.txt d/a.txt 2>/dev/null');
		expect(sh.run('cat d/a.txt').output).toBe('new\n');
	});
});

/** Hard links (link(2) on tmpfs): Debian's busybox 1.35 in a directory holding `a` ("x"). */
const HARD_LINKS: [string, string][] = [
	["ln a b; ls -l a b | cut -c11-16; echo y >> b; cat a", "    2 \n    2 \nx\ny\n"],
	["ln a b; rm a; cat b; ls -l b | cut -c11-16", "x\n    1 \n"],
	["ln a b; ln a b; echo rc=$?", "ln: b: File exists\nrc=1\n"],
	["mkdir d; ln d e; echo rc=$?", "ln: e: Operation not permitted\nrc=1\n"],
	["ln nonexist z; echo rc=$?", "ln: nonexist: No such file or directory\nrc=1\n"],
	["ln -v a b", "'b' -> 'a'\n"],
	["ln -s a s; ln s h; ls -l h | cut -c1", "l\n"],
	["ln a /proc/x; echo rc=$?", "ln: /proc/x: No such file or directory\nrc=1\n"],
	["link a c; ls -l a | cut -c11-16; link a c; echo rc=$?", "    2 \nlink: can't create hardlink 'c' to 'a': File exists\nrc=1\n"],
	["link a; echo rc=$?", "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: link FILE LINK\n\nCreate hard LINK to FILE\nrc=1\n"],
	["ln a b; ls -i a b | awk \"{print \\$1}\" | uniq | wc -l", "1\n"],
	["ln a b; stat -c %h a", "2\n"],
	["ln -f a a; echo rc=$?", "ln: a: No such file or directory\nrc=1\n"],
];

describe('ln and link: hard links', () => {
	// (the guest's own /proc: a link there is ENOENT)
	busyboxRows(HARD_LINKS, {setup: 'mkdir /tmp/h; cd /tmp/h; echo x > a', mode: 'tty'});

	it('the pages go back with the last name; sysfs refuses, devtmpfs is another filesystem', () => {
		const sh = guestShell();
		sh.run('cd /tmp; echo x > a');
		expect(sh.run('ln a /sys/x; ln a /dev/x').output).toBe('ln: /sys/x: Operation not permitted\nln: /dev/x: Invalid cross-device link\n');
		const shmem = () => Number(/Shmem: +(\d+)/.exec(sh.run('cat /proc/meminfo').output)![1]);
		const before = shmem();
		sh.run('dd if=/dev/zero of=big bs=1M count=4 2>/dev/null; ln big big2');
		expect(shmem()).toBe(before + 4096);
		sh.run('rm big');
		expect(shmem()).toBe(before + 4096);
		sh.run('rm big2');
		expect(shmem()).toBe(before);
	});
});

describe('chown and chgrp (lab s51/r40 s7)', () => {
	const CHOWN_USAGE = `${BANNER}Usage: chown [-RhLHPcvf]... USER[:[GRP]] FILE...\n\nChange the owner and/or group of FILEs to USER and/or GRP\n\n\t-h\tAffect symlinks instead of symlink targets\n\t-L\tTraverse all symlinks to directories\n\t-H\tTraverse symlinks on command line only\n\t-P\tDon't traverse symlinks (default)\n\t-R\tRecurse\n\t-c\tList changed files\n\t-v\tVerbose\n\t-f\tHide errors\n`;
	it('USER, :GROUP, USER:GROUP, the old `.`; names from /etc/passwd and /etc/group; what is not given stays', () => {
		const sh = setup();
		const ids = () => sh.run("ls -ln f | awk '{print $3, $4}'").output;
		sh.run('chown 1:2 f');
		expect(ids()).toBe('1 2\n');
		sh.run('chown root f; chown :3 f');
		expect(ids()).toBe('0 3\n');
		sh.run('chgrp 0 f');
		expect(ids()).toBe('0 0\n');
		sh.run('chown 1.1 f');
		expect(ids()).toBe('1 1\n');
		// root: its login group with `root:`
		sh.run('chown root: f');
		expect(ids()).toBe('0 0\n');
		expect(sh.run('chgrp nogroup f; echo $?').output).toBe('chgrp: unknown group nogroup\n1\n');
		expect(sh.run('chown nobody f; echo $?').output).toBe('chown: unknown user nobody\n1\n');
		expect(sh.run('chown 0:nogroup f; echo $?').output).toBe('chown: unknown user/group 0:nogroup\n1\n');
		expect(sh.run('chown 5 /nonexist; echo $?').output).toBe('chown: /nonexist: No such file or directory\n1\n');
	});

	it('-R goes depth first, -v reports each file, -c only a change; sysfs attributes take an owner too', () => {
		const sh = setup();
		sh.run('chown -R 7:7 d');
		expect(sh.run("ls -lnd d d/g | awk '{print $3, $4, $9}'").output).toBe('7 7 d\n7 7 d/g\n');
		expect(sh.run('chown -c -R 7 d').output).toBe('');
		expect(sh.run('chown -c -R 8 d').output).toBe("changed ownership of 'd/g' to 8:7\nchanged ownership of 'd' to 8:7\n");
		expect(sh.run('chown -v 8 d').output).toBe("changed ownership of 'd' to 8:7\n");
		expect(sh.run('chown; echo $?').output).toBe(`${CHOWN_USAGE}1\n`);
		expect(sh.run('chown 1; echo $?').output).toBe(`${CHOWN_USAGE}1\n`);
	});
});

describe('mkfifo and mknod (lab s51/r40 s2, s7)', () => {
	it('make FIFOs and device nodes that ls, stat and test tell apart; -m sets the mode exactly', () => {
		const sh = setup();
		sh.run('umask 077');
		expect(sh.run('mkfifo p; mkfifo -m 644 q; ls -l p q | cut -c1-10; stat -c "%F %s %h" p').output).toBe('prw-------\nprw-r--r--\nfifo 0 1\n');
		sh.run('umask 022');
		expect(sh.run("mknod n c 1 3; mknod -m 600 n2 c 1 5; mknod b b 8 0; mknod p2 p; ls -l n n2 b | awk '{print $1, $5, $6, $NF}'; ls -l p2 | cut -c1-10").output)
			.toBe('brw-r--r-- 8, 0 b\ncrw-r--r-- 1, 3 n\ncrw------- 1, 5 n2\nprw-r--r--\n');
		expect(sh.run("stat -c '%F %t %T' n b").output).toBe('character special file 1 3\nblock special file 8 0\n');
		expect(sh.run('test -p p && test -c n && test -b b && ! test -p n && echo ok').output).toBe('ok\n');
		expect(sh.run('ls -F p; find . -type p | sort').output).toBe('p|\n./p\n./p2\n./q\n');
		// the node reaches /dev/null's driver; a block device has none here; a FIFO waits for a writer
		expect(sh.run('echo x > n; cat n; echo $?').output).toBe('0\n');
		expect(sh.run('cat b; echo $?').output).toBe("cat: can't open 'b': No such device or address\n1\n");
		expect(sh.run('cat p; echo $?').output).toBe("cat: can't open 'p': Not simulated by memhp\n1\n");
		expect(sh.run('rm p n b; ls -1').output).toBe('d\nf\nn2\np2\nq\ntwo\n');
	});

	it('errors: an existing name, a missing type or number, a FIFO with numbers', () => {
		const sh = setup();
		sh.run('mkfifo p; mknod n c 1 3');
		expect(sh.run('mkfifo p; echo $?').output).toBe('mkfifo: p: File exists\n1\n');
		expect(sh.run('mknod n c 1 3; echo $?').output).toBe('mknod: n: File exists\n1\n');
		for (const bad of ['mknod x c 1', 'mknod x q 1 1', 'mknod y p 1 2', 'mknod x']) expect(sh.run(`${bad}; echo $?`).output).toMatch(/\nUsage: mknod \[-m MODE\] NAME TYPE \[MAJOR MINOR\]\n[^]*\tp\tNamed pipe \(MAJOR MINOR must be omitted\)\n1\n$/);
		expect(sh.run('mknod x c 5000 1; echo $?').output).toBe('mknod: number 5000 is not in 0..4095 range\n1\n');
		// another user's device in /tmp (sticky, world-writable): an O_CREAT open is refused, even to root
		expect(sh.run('mknod /tmp/n c 1 3; chown 1 /tmp/n; echo x > /tmp/n; echo $?; cat /tmp/n; echo $?').output).toBe("sh: can't create /tmp/n: Permission denied\n1\n0\n");
	});
});

describe('shuf', () => {
	it('permutes the lines, the -e arguments or the -i numbers; -n keeps that many, -z ends them with NUL', () => {
		const sh = setup();
		expect(sh.run('shuf -i 1-5 | sort -n').output).toBe('1\n2\n3\n4\n5\n');
		expect(sh.run('shuf -i 3-3; shuf -e a | wc -l; echo 1 | shuf').output).toBe('3\n1\n1\n');
		expect(sh.run('shuf -n 2 -e a b c | wc -l; shuf -z -e x | od -c | head -1').output).toBe('2\n0000000   x  \\0\n');
		expect(sh.run('shuf two | sort; shuf -o out -e q; cat out').output).toBe('a\nb\nq\n');
		// a shuffle, not the identity, for most seeds: twenty numbers in order would be a rare draw
		expect(sh.run('shuf -i 1-20 | tr "\\n" " "').output).not.toBe('1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 ');
		expect(sh.run('shuf -i 5-3; echo $?; shuf -i x; echo $?').output).toBe("shuf: bad range '5-3'\n1\nshuf: bad range 'x'\n1\n");
		// (Debian's busybox 1.35 --help, the lab's binary)
		expect(sh.run('shuf --help 2>&1 | grep "Write to"').output).toBe('\t-o FILE\tWrite to FILE, not standard output\n');
	});
});
