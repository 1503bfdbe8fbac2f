/**
 * busybox 1.35 find and xargs through the shell, on the real guest model (tmpfs, /proc, /sys,
 * /dev): expressions, options, -exec, and their busybox error texts and exit statuses.
 */
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {Shell} from '../source/machine/shell/index.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';

const TREE = 'mkdir -p /tmp/t/a/b /tmp/t/c; echo hello > /tmp/t/a/f1; echo x > /tmp/t/a/b/F2.txt; touch /tmp/t/c/empty; '
	+ 'ln -s a /tmp/t/link; ln -s nowhere /tmp/t/dangling';

function boot() {
	const clock = new VirtualClock();
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB: 1024, maxMiB: 2048, slots: 4, cpus: 1}), firmware: new FakeFirmware(4), clock, console: () => {}});
	const sh = new Shell(g.syscalls, {columns: 80});
	expect(sh.run(TREE).output).toBe('');
	return {sh, clock};
}

const out = (sh: Shell, line: string) => sh.run(line).output;
const lines = (...l: string[]) => l.map(x => x + '\n').join('');

describe('find: walking', () => {
	it('prints every path in readdir order (tmpfs: newest first), directories before their contents; symlinks are not followed', () => {
		const {sh} = boot();
		expect(out(sh, 'find /tmp/t')).toBe(lines('/tmp/t', '/tmp/t/dangling', '/tmp/t/link', '/tmp/t/c', '/tmp/t/c/empty', '/tmp/t/a', '/tmp/t/a/f1', '/tmp/t/a/b', '/tmp/t/a/b/F2.txt'));
		expect(out(sh, 'cd /tmp/t/c; find')).toBe(lines('.', './empty'));
		expect(out(sh, 'find /tmp/t/c/')).toBe(lines('/tmp/t/c/', '/tmp/t/c/empty'));
	});

	it('-depth, -mindepth, -maxdepth', () => {
		const {sh} = boot();
		expect(out(sh, 'find /tmp/t -depth')).toBe(lines('/tmp/t/dangling', '/tmp/t/link', '/tmp/t/c/empty', '/tmp/t/c', '/tmp/t/a/f1', '/tmp/t/a/b/F2.txt', '/tmp/t/a/b', '/tmp/t/a', '/tmp/t'));
		expect(out(sh, 'find /tmp/t -mindepth 2 -maxdepth 2')).toBe(lines('/tmp/t/c/empty', '/tmp/t/a/f1', '/tmp/t/a/b'));
		expect(out(sh, 'find /tmp/t/a /nope /etc -maxdepth 0; echo $?')).toBe(lines('/tmp/t/a', 'find: /nope: No such file or directory', '/etc', '1'));
	});

	it('-L follows every link (dangling ones are acted on as links), -H only the command line', () => {
		const {sh} = boot();
		expect(out(sh, 'find -L /tmp/t -type f')).toBe(lines('/tmp/t/link/f1', '/tmp/t/link/b/F2.txt', '/tmp/t/c/empty', '/tmp/t/a/f1', '/tmp/t/a/b/F2.txt'));
		expect(out(sh, 'find -L /tmp/t -type l')).toBe(lines('/tmp/t/dangling'));
		expect(out(sh, 'find -H /tmp/t/link -type d')).toBe(lines('/tmp/t/link', '/tmp/t/link/b'));
		expect(out(sh, 'find /tmp/t/link')).toBe(lines('/tmp/t/link'));
	});

	it('walks sysfs and procfs without following their links', () => {
		const {sh} = boot();
		// readdir order: kernfs sorts by name hash (the lab: memory1, memory2, memory0)
		expect(out(sh, 'find /sys/devices/system/memory -maxdepth 1 -name "memory[0-2]"')).toBe(lines('/sys/devices/system/memory/memory1',
			'/sys/devices/system/memory/memory2', '/sys/devices/system/memory/memory0'));
		expect(out(sh, 'find /sys/devices/system/memory/memory0 -type l')).toBe(lines('/sys/devices/system/memory/memory0/node0',
			'/sys/devices/system/memory/memory0/subsystem'));
		expect(out(sh, 'find /proc -maxdepth 1 -name "[0-9]*" | wc -l')).toBe('48\n');
		// find's own task directory comes first (tgid_base_stuff[] begins with `task`).
		const pid = out(sh, 'find /proc/self/task -mindepth 1 -maxdepth 1').trim().split('/').pop();
		expect(out(sh, 'find /proc/self/ -name comm')).toBe(lines(`/proc/self/task/${Number(pid) + 1}/comm`, '/proc/self/comm'));
	});

	it('-xdev stays on the starting filesystem: mount points are printed, not entered', () => {
		const {sh} = boot();
		const text = out(sh, 'find / -xdev');
		expect(text).toContain('\n/proc\n');
		expect(text).toContain('\n/sys\n');
		expect(text).toContain('\n/dev\n');
		expect(text).not.toContain('/proc/');
		expect(text).not.toContain('/dev/null');
		expect(text).toContain('\n/etc/passwd\n');
	});
});

describe('find: tests and operators', () => {
	it('name, path and regex matching', () => {
		const {sh} = boot();
		expect(out(sh, 'find /tmp/t -iname "f*"')).toBe(lines('/tmp/t/a/f1', '/tmp/t/a/b/F2.txt'));
		expect(out(sh, 'find /tmp/t -name "f*"')).toBe(lines('/tmp/t/a/f1'));
		expect(out(sh, 'find /tmp/t -path "*/a/*"')).toBe(lines('/tmp/t/a/f1', '/tmp/t/a/b', '/tmp/t/a/b/F2.txt'));
		expect(out(sh, 'find /tmp/t -ipath "*/B/*"')).toBe(lines('/tmp/t/a/b/F2.txt'));
		expect(out(sh, 'find /tmp/t -regex ".*/[a-z]1"')).toBe(lines('/tmp/t/a/f1'));
		expect(out(sh, 'find /tmp/t -regex "f1"')).toBe('');
		// "DIR/" on the command line matches -name DIR
		expect(out(sh, 'find /tmp/t/c/ -name c')).toBe(lines('/tmp/t/c/'));
	});

	it('type, size (512-byte blocks by default), links, perm, user, group, empty, executable', () => {
		const {sh} = boot();
		expect(out(sh, 'find /tmp/t -type l')).toBe(lines('/tmp/t/dangling', '/tmp/t/link'));
		expect(out(sh, 'find /tmp/t -size -1 -type f')).toBe(lines('/tmp/t/c/empty', '/tmp/t/a/f1', '/tmp/t/a/b/F2.txt'));
		expect(out(sh, 'find /tmp/t -size 6c')).toBe(lines('/tmp/t/a/f1'));
		expect(out(sh, 'find /tmp/t -size +1k')).toBe('');
		expect(out(sh, 'find /tmp/t -links 3')).toBe(lines('/tmp/t/a'));
		expect(out(sh, 'find /tmp/t -perm 644')).toBe(lines('/tmp/t/c/empty', '/tmp/t/a/f1', '/tmp/t/a/b/F2.txt'));
		expect(out(sh, 'find /dev -perm -g+w -type c')).toBe(lines('/dev/ptmx', '/dev/ttyS0', '/dev/tty', '/dev/urandom', '/dev/random', '/dev/full', '/dev/zero', '/dev/null'));
		expect(out(sh, 'find /dev -perm /o=w -name "tty*"')).toBe(lines('/dev/tty'));
		expect(out(sh, 'find /tmp/t -user root -group 0 -type d')).toBe(lines('/tmp/t', '/tmp/t/c', '/tmp/t/a', '/tmp/t/a/b'));
		expect(out(sh, 'find /tmp/t -empty')).toBe(lines('/tmp/t/c/empty'));
		expect(out(sh, 'find /usr/bin -executable -name "ls*"')).toBe(lines('/usr/bin/lsmem', '/usr/bin/lsscsi'));
	});

	it('times: -newer, -mmin and -mtime against the virtual clock', () => {
		const {sh, clock} = boot();
		clock.advance(120e9);
		expect(out(sh, 'echo new > /tmp/t/new; find /tmp/t -newer /tmp/t/a/f1 -type f')).toBe(lines('/tmp/t/new'));
		expect(out(sh, 'find /tmp/t -mmin -1 -type f')).toBe(lines('/tmp/t/new'));
		expect(out(sh, 'find /tmp/t -mmin +1 -type f')).toBe(lines('/tmp/t/c/empty', '/tmp/t/a/f1', '/tmp/t/a/b/F2.txt'));
		expect(out(sh, 'find /tmp/t -mtime 0 -name f1')).toBe(lines('/tmp/t/a/f1'));
		expect(out(sh, 'find /tmp/t -mtime +0')).toBe('');
	});

	it('-inum and -samefile use the inode numbers stat shows', () => {
		const {sh} = boot();
		const ino = out(sh, 'stat -c %i /tmp/t/a').trim();
		expect(out(sh, `find /tmp -inum ${ino}`)).toBe(lines('/tmp/t/a'));
		expect(out(sh, 'find /tmp/t -samefile /tmp/t/link')).toBe(lines('/tmp/t/a'));
	});

	it('-a binds tighter than -o, ! and -not invert, parentheses group, -prune cuts a subtree', () => {
		const {sh} = boot();
		expect(out(sh, 'find /tmp/t -name a -prune -o -print')).toBe(lines('/tmp/t', '/tmp/t/dangling', '/tmp/t/link', '/tmp/t/c', '/tmp/t/c/empty'));
		expect(out(sh, 'find /tmp/t -not -type d -a ! -type l')).toBe(lines('/tmp/t/c/empty', '/tmp/t/a/f1', '/tmp/t/a/b/F2.txt'));
		expect(out(sh, 'find /tmp/t \\( -name f1 -o -name empty \\) -print')).toBe(lines('/tmp/t/c/empty', '/tmp/t/a/f1'));
		expect(out(sh, 'find /tmp/t -name f1 -o -name empty -print')).toBe(lines('/tmp/t/c/empty'));
		expect(out(sh, 'find /tmp/t ! ! -name f1')).toBe(lines('/tmp/t/a/f1'));
		// an -o with nothing after it ends the expression: only the groups before it can match
		expect(out(sh, 'find /tmp/t -name f1 -o; echo $?')).toBe(lines('/tmp/t/a/f1', '0'));
		expect(out(sh, 'find /tmp/t -name nothing -o')).toBe('');
	});

	it('-print0 and -quit', () => {
		const {sh} = boot();
		expect(out(sh, 'find /tmp/t/c -print0')).toBe('/tmp/t/c\0/tmp/t/c/empty\0');
		expect(out(sh, 'find /tmp/t -name f1 -print -quit; echo $?')).toBe(lines('/tmp/t/a/f1', '0'));
		expect(out(sh, 'find /tmp/t -name f1 -quit -print')).toBe('');
	});
});

describe('find -exec', () => {
	it('runs the command per file with {} replaced, or once with all files for +', () => {
		const {sh} = boot();
		expect(out(sh, 'find /tmp/t/a -exec echo [{}] \\;')).toBe(lines('[/tmp/t/a]', '[/tmp/t/a/f1]', '[/tmp/t/a/b]', '[/tmp/t/a/b/F2.txt]'));
		expect(out(sh, 'find /tmp/t -type f -exec cat {} +')).toBe(lines('hello', 'x'));
		expect(out(sh, 'find /tmp/t -type f -exec echo files: {} +')).toBe(lines('files: /tmp/t/c/empty /tmp/t/a/f1 /tmp/t/a/b/F2.txt'));
		expect(out(sh, 'find /etc -name hostname -exec cat {} \\; -print')).toBe(lines('memhp', '/etc/hostname'));
	});

	it('a failing command fails the action; only -exec + makes the exit status 1', () => {
		const {sh} = boot();
		expect(out(sh, 'find /tmp/t -type f -exec false \\; -print; echo $?')).toBe('0\n');
		expect(out(sh, 'find /tmp/t -type f -exec false {} +; echo $?')).toBe('1\n');
		expect(out(sh, 'find /tmp/t/c -exec nosuch {} \\; ; echo $?')).toBe(lines('find: nosuch: No such file or directory', 'find: nosuch: No such file or directory', '0'));
		expect(out(sh, 'find /tmp/t/c -type f -exec cal {} \\;')).toBe(lines('memhp: cal: not simulated'));
	});

	it('each command is a forked process: /proc/self is the child', () => {
		const {sh} = boot();
		expect(out(sh, 'find /tmp/t/c -type f -exec cat /proc/self/comm \\;')).toBe(lines('cat'));
		// the tree's mkdir, touch, ln, ln were 84-87; then find 88 and cat 89; find 90 runs readlink
		// itself (a NOFORK applet: spawn_and_wait() calls it in-process); find 91 and cat 92, which
		// stays in the process group of find, the job the console shell started
		expect(out(sh, 'find /tmp/t/c -type f -exec readlink /proc/self \\;')).toBe(lines('90'));
		expect(out(sh, 'find /tmp/t/c -type f -exec cat /proc/self/stat \\;').split(' ').slice(0, 5)).toEqual(['92', '(cat)', 'R', '91', '91']);
	});

	it('argument errors', () => {
		const {sh} = boot();
		expect(out(sh, 'find /tmp -exec; echo $?')).toBe(lines('find: -exec requires an argument', '1'));
		expect(out(sh, 'find /tmp -exec \\; ; echo $?')).toBe(lines('find: -exec requires an argument', '1'));
		expect(out(sh, 'find /tmp -exec echo {} {} +; echo $?')).toBe(lines("find: only one '{}' allowed for -exec +", '1'));
		expect(out(sh, 'find /tmp -exec echo {} ; echo $?')).toBe(lines('find: -exec requires an argument', '1'));
	});
});

describe('find: option errors', () => {
	it('prints busybox messages and exits 1; unknown words show the usage', () => {
		const {sh} = boot();
		expect(out(sh, 'find /tmp -type z; echo $?')).toBe(lines("find: invalid argument 'z' to '-type'", '1'));
		expect(out(sh, 'find /tmp -type; echo $?')).toBe(lines('find: -type requires an argument', '1'));
		expect(out(sh, 'find /tmp -maxdepth x; echo $?')).toBe(lines("find: invalid number 'x'", '1'));
		expect(out(sh, 'find /tmp -maxdepth +3; echo $?')).toBe(lines("find: invalid number '+3'", '1'));
		expect(out(sh, 'find /tmp -mtime +x; echo $?')).toBe(lines("find: invalid number 'x'", '1'));
		expect(out(sh, 'find /tmp -size 1x; echo $?')).toBe(lines("find: invalid number '1x'", '1'));
		expect(out(sh, 'find /tmp -perm 8; echo $?')).toBe(lines("find: invalid mode '8'", '1'));
		expect(out(sh, 'find /tmp -perm g+q; echo $?')).toBe(lines("find: invalid mode 'g+q'", '1'));
		expect(out(sh, 'find /tmp -newer /nope; echo $?')).toBe(lines("find: can't stat '/nope': No such file or directory", '1'));
		expect(out(sh, 'find /tmp -user nobodyx; echo $?')).toBe(lines('find: unknown user nobodyx', '1'));
		expect(out(sh, 'find /tmp -group nogroupx; echo $?')).toBe(lines('find: unknown group nogroupx', '1'));
		expect(out(sh, 'find /tmp -regex "\\("; echo $?')).toBe(lines("find: bad regex '\\(': Unmatched ( or \\(", '1'));
		expect(out(sh, 'find /tmp \\( -name x; echo $?')).toBe(lines("find: unpaired '('", '1'));
		const usage = out(sh, 'find /tmp -foo; echo $?');
		expect(usage.startsWith('find: unrecognized: -foo\nBusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\n'
			+ 'Usage: find [-HL] [PATH]... [OPTIONS] [ACTIONS]\n\nSearch for files and perform actions on them.\n')).toBe(true);
		expect(usage.endsWith('\t-exec CMD ARG + Run CMD with {} replaced by list of file names\n\t-quit\t\tExit\n1\n')).toBe(true);
		expect(out(sh, 'find --help; echo $?').endsWith('\t-quit\t\tExit\n0\n')).toBe(true);
		// a word that is not an option is a path, even after the expression started
		expect(out(sh, 'find /tmp/t/c ")"; echo $?')).toBe(lines('/tmp/t/c', '/tmp/t/c/empty', 'find: ): No such file or directory', '1'));
	});
});

describe('xargs', () => {
	it('runs the command with the words from stdin, echo by default, in batches of -n', () => {
		const {sh} = boot();
		expect(out(sh, 'echo /etc/hostname /etc/group | xargs cat')).toBe(lines('memhp', 'root:x:0:'));
		expect(out(sh, 'printf "a b\\nc" | xargs')).toBe(lines('a b c'));
		expect(out(sh, 'echo a b c | xargs -n 2 echo X')).toBe(lines('X a b', 'X c'));
		expect(out(sh, 'find /tmp/t -name "*.txt" | xargs cat')).toBe(lines('x'));
		expect(out(sh, 'find /tmp/t -type f -print0 | xargs -0 -n1 echo')).toBe(lines('/tmp/t/c/empty', '/tmp/t/a/f1', '/tmp/t/a/b/F2.txt'));
	});

	it('quotes and backslashes, -E/-e end-of-input strings, -I replacement, -t tracing', () => {
		const {sh} = boot();
		expect(out(sh, `printf '"a b" c\\\\ d e' | xargs -n1 echo`)).toBe(lines('a b', 'c d', 'e'));
		expect(out(sh, 'echo a b _ c | xargs -E _ echo')).toBe(lines('a b'));
		expect(out(sh, 'echo a b _ c | xargs -e_ echo')).toBe(lines('a b'));
		expect(out(sh, 'printf "l1 x\\nl2\\n" | xargs -I{} echo [{}]')).toBe(lines('[l1 x]', '[l2]'));
		expect(out(sh, 'echo a b | xargs -t -n1 echo')).toBe(lines('echo a', 'a', 'echo b', 'b'));
	});

	it('empty input runs the command once unless -r', () => {
		const {sh} = boot();
		expect(out(sh, 'printf "" | xargs echo x; echo $?')).toBe(lines('x', '0'));
		expect(out(sh, 'printf "" | xargs -r echo x; echo $?')).toBe('0\n');
	});

	it('exit statuses: 123 when a command failed (an unsimulated applet exits 127), 127 when it cannot be found', () => {
		const {sh} = boot();
		expect(out(sh, 'echo a b | xargs -n1 false; echo $?')).toBe('123\n');
		expect(out(sh, 'echo a b | xargs nosuch; echo $?')).toBe(lines('xargs: nosuch: No such file or directory', '127'));
		// (the rows below are what Debian's busybox 1.35 printed)
		expect(out(sh, 'echo 255 | xargs -n1 sh -c; echo $?')).toBe(lines('sh: 255: not found', '123'));
		expect(out(sh, 'echo "exit 255" | xargs -0 sh -c; echo $?')).toBe(lines('xargs: sh: exited with status 255; aborting', '124'));
	});

	it('runs sh -c and shell scripts through the shell, as execvp() does', () => {
		const {sh} = boot();
		expect(out(sh, "seq 3 | xargs sh -c 'echo $# $0 $1'")).toBe(lines('2 1 2'));
		expect(out(sh, "echo a b | xargs -n1 sh -c 'echo [$0]'")).toBe(lines('[a]', '[b]'));
		sh.run("printf 'echo script $1\\n' > /tmp/s.sh; chmod +x /tmp/s.sh");
		expect(out(sh, 'seq 2 | xargs -n1 /tmp/s.sh')).toBe(lines('script 1', 'script 2'));
		expect(out(sh, "find /sys/devices/system/memory -maxdepth 1 -name 'memory[0-2]' -exec sh -c 'echo $1 $(cat $1/state)' _ {} \\; | sort"))
			.toBe(lines('/sys/devices/system/memory/memory0 online', '/sys/devices/system/memory/memory1 online', '/sys/devices/system/memory/memory2 online'));
	});

	it('size limits and option errors', () => {
		const {sh} = boot();
		expect(out(sh, "printf \"'a\" | xargs echo; echo $?")).toBe(lines('xargs: unmatched single quote', '1'));
		expect(out(sh, 'echo a | xargs -n 0 echo; echo $?')).toBe(lines('xargs: number 0 is not in 1..2147483647 range', '1'));
		// xatou_range() takes digits only (Debian's busybox: `xargs: invalid number ' 2'`)
		expect(out(sh, "echo a | xargs -n ' 2' echo; echo a | xargs -n +2 echo")).toBe(lines("xargs: invalid number ' 2'", "xargs: invalid number '+2'"));
		expect(out(sh, 'echo a b | xargs -s 5 echo; echo $?')).toBe(lines("xargs: can't fit single argument within argument list size limit", '1'));
		expect(out(sh, 'echo aaaa b | xargs -s 8 echo; echo $?')).toBe(lines('xargs: argument line too long', '1'));
		expect(out(sh, 'echo b aaaa | xargs -s 8 echo; echo $?')).toBe(lines('b', 'xargs: argument line too long', '1'));
		expect(out(sh, 'xargs -a /nope echo; echo $?')).toBe(lines("xargs: can't open '/nope': No such file or directory", '1'));
		expect(out(sh, 'xargs -a /etc/hostname echo host:')).toBe(lines('host: memhp'));
		expect(out(sh, 'xargs -q; echo $?').split('\n')[0]).toBe("xargs: invalid option -- 'q'");
		expect(out(sh, 'xargs --foo; echo $?').split('\n')[0]).toBe("xargs: unrecognized option '--foo'");
		// options after the command belong to the command ("+" in the option string)
		expect(out(sh, 'echo a | xargs echo -n; echo')).toBe(lines('a'));
	});
});

describe('find -regex reads the pattern as glibc does', () => {
	it('leftmost-longest: an alternation whose first branch is a prefix still matches the whole name (real busybox: ./ab)', () => {
		const {sh} = boot();
		out(sh, 'mkdir /tmp/rx; cd /tmp/rx; touch ab abab');
		expect(out(sh, "find . -regex './a\\|./ab'")).toBe('./ab\n');
	});
});
