import {describe, expect, it} from 'vitest';
import {Shell} from '../source/machine/shell/index.js';
import {FakeKernel} from './shell-fake.js';

/** Expected texts come from Debian's busybox 1.35.0 (1:1.35.0-4+deb12u1+b1). */

const BANNER = 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\n';

function sh(): Shell {
	const k = new FakeKernel(8);
	return new Shell(k.syscalls(), {columns: 80});
}

const run = (s: Shell, line: string) => s.run(line).output;

const UNAME_USAGE = `${BANNER}Usage: uname [-amnrspvio]\n\nPrint system information\n\n\t-a\tPrint all\n\t-m\tMachine (hardware) type\n\t-n\tHostname\n\t-r\tKernel release\n\t-s\tKernel name (default)\n\t-p\tProcessor type\n\t-v\tKernel version\n\t-i\tHardware platform\n\t-o\tOS name\n`;
const ID_USAGE = `${BANNER}Usage: id [-ugGnr] [USER]\n\nPrint information about USER or the current user\n\n\t-u\tUser ID\n\t-g\tGroup ID\n\t-G\tSupplementary group IDs\n\t-n\tPrint names instead of numbers\n\t-r\tPrint real ID instead of effective ID\n`;
const SLEEP_USAGE = `${BANNER}Usage: sleep [N]...\n\nPause for a time equal to the total of the args given, where each arg can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays\n`;

describe('uname', () => {
	it('prints -p and -i as unknown, -a leaves them out, operands and bad options are usage errors', () => {
		const s = sh();
		const u = s.run('uname -snrvm').output.trimEnd();
		expect(run(s, 'uname -p; uname -i; uname -o')).toBe('unknown\nunknown\nGNU/Linux\n');
		expect(run(s, 'uname -a')).toBe(`${u} GNU/Linux\n`);
		expect(run(s, 'uname --all')).toBe(`${u} GNU/Linux\n`);
		expect(run(s, 'uname -ap')).toBe(`${u} GNU/Linux\n`);
		expect(run(s, 'uname -sp')).toBe('Linux unknown\n');
		expect(run(s, 'uname; uname --kernel-name')).toBe('Linux\nLinux\n');
		expect(run(s, 'uname foo; echo $?')).toBe(`${UNAME_USAGE}1\n`);
		expect(run(s, 'uname -x; echo $?')).toBe(`uname: invalid option -- 'x'\n${UNAME_USAGE}1\n`);
	});
});

describe('id and whoami', () => {
	it('checks getopt32 rules: one of -u/-g/-G, -n and -r need one, at most one USER', () => {
		const s = sh();
		expect(run(s, 'id; id root; id -u; id -un; id -gn; id -G')).toBe(
			'uid=0(root) gid=0(root)\nuid=0(root) gid=0(root) groups=0(root)\n0\nroot\nroot\n0\n');
		expect(run(s, 'id -u -g; echo $?')).toBe(`${ID_USAGE}1\n`);
		expect(run(s, 'id -n; echo $?')).toBe(`${ID_USAGE}1\n`);
		expect(run(s, 'id -r; echo $?')).toBe(`${ID_USAGE}1\n`);
		expect(run(s, 'id a b; echo $?')).toBe(`${ID_USAGE}1\n`);
		expect(run(s, 'id nosuchuser; echo $?')).toBe('id: unknown user nosuchuser\n1\n');
		expect(run(s, 'id -x; echo $?')).toBe(`id: invalid option -- 'x'\n${ID_USAGE}1\n`);
	});

	it('whoami takes no arguments at all', () => {
		const s = sh();
		const usage = `${BANNER}Usage: whoami\n\nPrint the user name associated with the current effective user id\n`;
		expect(run(s, 'whoami')).toBe('root\n');
		expect(run(s, 'whoami x; echo $?')).toBe(`${usage}1\n`);
		expect(run(s, 'whoami -x; echo $?')).toBe(`${usage}1\n`);
	});
});

describe('sleep', () => {
	it('parses durations like parse_duration_str()', () => {
		const s = sh();
		expect(run(s, 'sleep 0.5s .1 5. 1m; echo $?')).toBe('0\n');
		expect(run(s, 'sleep; echo $?')).toBe(`${SLEEP_USAGE}1\n`);
		expect(run(s, 'sleep x; echo $?')).toBe("sleep: invalid number 'x'\n1\n");
		expect(run(s, 'sleep 1s2; echo $?')).toBe("sleep: invalid number '1s2'\n1\n");
		expect(run(s, 'sleep -1; echo $?')).toBe("sleep: invalid number '-1'\n1\n");
		expect(run(s, "sleep ''; echo $?")).toBe("sleep: invalid number ''\n1\n");
		expect(run(s, 'sleep 1e-9; echo $?')).toBe("sleep: invalid number '1e-9'\n1\n");
		expect(run(s, 'sleep 0.5x; echo $?')).toBe("sleep: invalid number '1x'\n1\n");
		expect(run(s, 'sleep 0.0.1; echo $?')).toBe(`${SLEEP_USAGE}1\n`);
	});
});

describe('env', () => {
	it('-i, -, -u, -0, NAME=VALUE and running PROG', () => {
		const s = sh();
		expect(run(s, 'env -i A=1 B=2')).toBe('A=1\nB=2\n');
		expect(run(s, 'env - A=1')).toBe('A=1\n');
		expect(run(s, 'env -i =x')).toBe('=x\n');
		expect(run(s, 'env -i -0 A=1 B=2')).toBe('A=1\0B=2\0');
		expect(run(s, 'env -i A=1 B=2 env -u A')).toBe('B=2\n');
		expect(run(s, 'echo hi | env cat')).toBe('hi\n');
		expect(run(s, 'env -i A=1 nosuch; echo $?')).toBe("env: can't execute 'nosuch': No such file or directory\n127\n");
		expect(run(s, 'env -i A=1 --; echo $?')).toBe("env: can't execute '--': No such file or directory\n127\n");
		expect(run(s, 'env -u; echo $?')).toBe(`env: option requires an argument -- 'u'\n${BANNER}Usage: env [-i0] [-u NAME]... [-] [NAME=VALUE]... [PROG ARGS]\n\nPrint current environment or run PROG after setting up environment\n\n\t-, -i\tStart with empty environment\n\t-0\tNUL terminated output\n\t-u NAME\tRemove variable from environment\n1\n`);
	});
});

describe('date', () => {
	it('formats with glibc strftime in UTC', () => {
		const s = sh();
		expect(run(s, 'date -u -d @0')).toBe('Thu Jan  1 00:00:00 UTC 1970\n');
		expect(run(s, 'date -u -d @0 -R')).toBe('Thu, 01 Jan 1970 00:00:00 +0000\n');
		expect(run(s, 'date -u -d @0 -I; date -d @0 -Iseconds; date -d @0 -Ihours; date -d @0 -Ins')).toBe(
			'1970-01-01\n1970-01-01T00:00:00+00:00\n1970-01-01T00+00:00\n1970-01-01T00:00:00,000000000+00:00\n');
		expect(run(s, 'date -u -d @0 +%c')).toBe('Thu Jan  1 00:00:00 1970\n');
		expect(run(s, 'date -u -d @86400 +%a_%b_%e_%H_%I_%p_%y_%j_%Z_%z_%s_%u_%w_%C_%D_%F_%q')).toBe(
			'Fri_Jan_ 2_00_12_AM_70_002_UTC_+0000_86400_5_5_19_01/02/70_1970-01-02_%q\n');
	});

	it('parses -d TIME forms and reports bad ones', () => {
		const s = sh();
		expect(run(s, "date -u -d '1970-01-02 03:04:05'; date -u -d '1970-01-02 03:04'; date -u -d 1970.01.02-03:04:05")).toBe(
			'Fri Jan  2 03:04:05 UTC 1970\nFri Jan  2 03:04:00 UTC 1970\nFri Jan  2 03:04:05 UTC 1970\n');
		expect(run(s, 'date -u -d 03:04 +%H%M')).toBe('0304\n');
		expect(run(s, 'date -d garbage; echo $?')).toBe("date: invalid date 'garbage'\n1\n");
		expect(run(s, 'date -u -r /nonexist; echo $?')).toBe("date: can't stat '/nonexist': No such file or directory\n1\n");
		const usage = run(s, 'date a b; echo $?');
		expect(usage.startsWith(`${BANNER}Usage: date [OPTIONS] [+FMT] [[-s] TIME]\n\nDisplay time (using +FMT), or set time\n`)).toBe(true);
		expect(usage.endsWith("\t'date TIME' form accepts MMDDhhmm[[YY]YY][.ss] instead\n1\n")).toBe(true);
		expect(run(s, 'date -d @0 -Ix; echo $?').endsWith('instead\n1\n')).toBe(true);
	});
});

describe('nproc, dmesg, tty, sync, free, uptime, hostname', () => {
	it('use the busybox option texts', () => {
		const s = sh();
		expect(run(s, 'nproc --ignore=100')).toBe('1\n');
		expect(run(s, 'nproc --ignore=x; echo $?')).toBe("nproc: invalid number 'x'\n1\n");
		expect(run(s, 'nproc -a; echo $?')).toBe(`nproc: invalid option -- 'a'\n${BANNER}Usage: nproc [--all] [--ignore=N]\n\nPrint number of available CPUs\n\n\t--all\t\tNumber of installed CPUs\n\t--ignore=N\tExclude N CPUs\n1\n`);
		expect(run(s, 'dmesg -s x; echo $?')).toBe("dmesg: invalid number 'x'\n1\n");
		expect(run(s, 'dmesg -n abc; echo $?')).toBe("dmesg: invalid number 'abc'\n1\n");
		expect(run(s, 'dmesg -n; echo $?')).toBe(`dmesg: option requires an argument -- 'n'\n${BANNER}Usage: dmesg [-cr] [-n LEVEL] [-s SIZE]\n\nPrint or control the kernel ring buffer\n\n\t-c\t\tClear ring buffer after printing\n\t-n LEVEL\tSet console logging level\n\t-s SIZE\t\tBuffer size\n\t-r\t\tPrint raw message buffer\n1\n`);
		expect(run(s, 'tty -x < /dev/null; echo $?')).toBe(`tty: invalid option -- 'x'\n${BANNER}Usage: tty [-s]\n\nPrint file name of stdin's terminal\n\n\t-s\tPrint nothing, only return exit status\n2\n`);
		expect(run(s, 'tty a < /dev/null; echo $?')).toBe('tty: ignoring all arguments\nnot a tty\n1\n');
		expect(run(s, 'tty -s < /dev/null; echo $?')).toBe('1\n');
		expect(run(s, 'sync /nonexist; echo $?')).toBe("sync: can't open '/nonexist': No such file or directory\n1\n");
		expect(run(s, 'free -x; echo $?')).toBe(`${BANNER}Usage: free [-bkmgh]\n\nDisplay free and used memory\n1\n`);
		expect(run(s, 'free --help; echo $?')).toBe(`${BANNER}Usage: free [-bkmgh]\n\nDisplay free and used memory\n0\n`);
		expect(run(s, 'uptime')).toMatch(/^ \d\d:\d\d:\d\d up .*, {2}0 users, {2}load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d\n$/);
		expect(run(s, 'uptime -x; echo $?')).toBe(`uptime: invalid option -- 'x'\n${BANNER}Usage: uptime\n\nDisplay the time since the last boot\n1\n`);
		expect(run(s, 'hostname -F /nonexist; echo $?')).toBe("hostname: can't open '/nonexist': No such file or directory\n1\n");
		expect(run(s, 'clear x -x; echo $?')).toBe('\x1b[H\x1b[J0\n');
	});
});

describe('sed, grep and awk on the shared getopt32', () => {
	it('print the shared usage blocks', () => {
		const s = sh();
		expect(run(s, 'egrep -Q; echo $?')).toBe(`egrep: invalid option -- 'Q'\n${BANNER}No help available\n2\n`);
		expect(run(s, 'grep -m x -Q a; echo $?')).toBe("grep: invalid number 'x'\n2\n");
		expect(run(s, 'sed --help 2>&1 | head -n 3; echo $?')).toBe(`${BANNER}Usage: sed [-i[SFX]] [-nrE] [-f FILE]... [-e CMD]... [FILE]...\n0\n`);
		expect(run(s, "echo ab | sed -n -e p -- ; echo ab | awk -F b -- '{print $1}'")).toBe('ab\na\n');
	});
});

describe('printf and test', () => {
	it('printf formats doubles like glibc (two-digit exponents, %g trimming)', () => {
		const s = sh();
		expect(run(s, 'printf "%5.2f|%e|%E|%g|%G|%10.3e|%-12g|\\n" 3.14159 1234.5 0.00001 1e20 0.0001 5 2.5')).toBe(
			' 3.14|1.234500e+03|1.000000E-05|1e+20|0.0001| 5.000e+00|2.5         |\n');
	});

	it('test reports a bad number as ash does', () => {
		const s = sh();
		expect(run(s, 'test 1 -eq a; echo $?')).toBe('sh: a: bad number\n2\n');
		expect(run(s, '[ 1 -lt x ]; echo $?')).toBe('sh: x: bad number\n2\n');
	});
});
