/**
 * busybox 1.35 ps, which, stat, mount and df on the real guest model (process table, /proc,
 * /proc/mounts, statfs), run through the shell. Expected texts follow Debian's busybox 1.35
 * (checked against the binary: column widths, error texts, usage blocks, exit statuses).
 */
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {Shell} from '../source/machine/shell/index.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';
import {FakeKernel} from './shell-fake.js';

function boot(columns = 80) {
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB: 1024, maxMiB: 2048, slots: 4, cpus: 1}), firmware: new FakeFirmware(4), clock: new VirtualClock(), console: () => {}});
	return {g, sh: new Shell(g.syscalls, {columns})};
}

const out = (sh: Shell, line: string) => sh.run(line).output;

const PS_USAGE = 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: ps [-o COL1,COL2=HEADER] [-T]\n\n'
	+ 'Show list of processes\n\n\t-o COL1,COL2=HEADER\tSelect columns for display\n\t-T\t\t\tShow threads\n';

describe('NOEXEC and NOFORK applets (busybox 1.35, FEATURE_SH_STANDALONE, no SH_NOFORK; lab s39/top)', () => {
	it('a forked applet that is not execve()d keeps PF_FORKNOEXEC; execve() clears it; init has used a capability', () => {
		const {sh} = boot();
		const flags = (cmd: string) => out(sh, cmd).split(' ')[8];
		expect(flags('cat /proc/self/stat')).toBe(String(0x400000));
		expect(flags('head -c 60 /proc/self/stat')).toBe(String(0x400040));
		expect(flags('cat /proc/1/stat')).toBe(String(0x400100));
	});

	it('xargs and find -exec run a NOFORK applet in their own process: no pid is used', () => {
		const {sh} = boot();
		out(sh, "printf 'a b c' > /tmp/abc");
		const before = Number(out(sh, "sh -c 'echo $$'"));
		expect(out(sh, 'xargs -n 1 echo < /tmp/abc')).toBe('a\nb\nc\n');
		// xargs, then the next sh: two pids, none for xargs' three echoes
		expect(Number(out(sh, "sh -c 'echo $$'"))).toBe(before + 2);
		// a NOEXEC applet is forked with its parent's command line: xargs (NOEXEC too) has the shell's
		expect(out(sh, 'xargs head -c 300 /proc/self/cmdline < /dev/null | tr "\\0" " "')).toBe('sh ');
		expect(out(sh, 'xargs head -c 300 /proc/self/comm < /dev/null')).toBe('head\n');
	});
});

describe('the processes ash forks (evalpipe, evalsubshell, evalbackcmd)', () => {
	it('a pipeline stage, ( ... ) and $( ... ) are processes of their own even when they run no program', () => {
		const {sh} = boot();
		const pid = () => Number(out(sh, "sh -c 'echo $$'"));
		let last = pid();
		const uses = (cmd: string) => {
			out(sh, cmd);
			const now = pid();
			const n = now - last - 1;
			last = now;
			return n;
		};
		expect(uses('echo a | cat')).toBe(2);
		expect(uses('x=$(echo hi)')).toBe(1);
		expect(uses('(cd /)')).toBe(1);
		// a program last in a subshell is exec'ed in its process (EV_EXIT): one pid, not two
		expect(uses('(ls > /dev/null)')).toBe(1);
		expect(uses('y=$(cat /proc/self/comm)')).toBe(1);
		expect(uses('(cat /proc/self/comm) | cat')).toBe(2);
		// a function keeps no EV_EXIT: its program is forked from the stage's process
		expect(uses('f() { ls > /dev/null; }; f | cat')).toBe(3);
	});

	it('the shell forks every stage before running any: ps sees the later ones, exec\'ed (lab s39/top)', () => {
		const {sh} = boot();
		expect(out(sh, 'ps | tail -n 2')).toBe('   84 root     {ps} sh\n   85 root     tail -n 2\n');
		expect(out(sh, 'ps | cat | tail -n 3')).toBe('   86 root     {ps} sh\n   87 root     cat\n   88 root     tail -n 3\n');
		// a stage whose words run a command substitution is still the forked shell
		expect(out(sh, 'ps | tail -n $(echo 2)')).toBe('   89 root     {ps} sh\n   90 root     sh\n');
	});

	it('a stage exec\'ed before it runs is one program run, not two (the LRU counts a program run twice)', () => {
		const {sh} = boot();
		// (builtins only: reading meminfo this way runs no program)
		const active = () => Number(out(sh, 'while read k v u; do [ "$k" = "Active(anon):" ] && echo $v; done < /proc/meminfo'));
		const first = active();
		out(sh, 'ps | tail -n 2 > /dev/null');
		out(sh, 'ls | cat > /dev/null');
		expect(active()).toBe(first);
		out(sh, 'ls | wc -l > /dev/null');
		expect(active()).toBe(first + 14 * 4);
	});

	it('a stage opens its redirections in its own process, which then execs the program (lab s39/top)', () => {
		const {sh} = boot();
		const base = Number(out(sh, "sh -c 'echo $$'"));
		// /proc/self/stat is read by tr after the execve(): its pid and name
		expect(out(sh, "tr ' ' '\\n' < /proc/self/stat | head -n 2")).toBe(`${base + 1}\n(tr)\n`);
		// a job's stages share the first stage's process group
		expect(out(sh, 'sed -n 1p /proc/self/stat | cut -d " " -f 1,5')).toBe(`${base + 3} ${base + 3}\n`);
		// (a first stage that reads a file: `cat` alone would wait for the console's input)
		expect(out(sh, 'cat /dev/null | cut -d " " -f 1,5 /proc/self/stat')).toBe(`${base + 6} ${base + 5}\n`);
	});

	it('the program a subshell execs is that subshell; a pipeline inside forks from it', () => {
		const {sh} = boot();
		const base = Number(out(sh, "sh -c 'echo $$'"));
		// the stage's process (base+1) is cat itself; cut is base+2
		expect(out(sh, '(cat /proc/self/stat) | cut -d " " -f 1,4')).toBe(`${base + 1} 1\n`);
		// $( ... ) is base+3, its pipeline's cat base+4, whose parent it is
		expect(out(sh, 'echo $(cat /proc/self/stat | cut -d " " -f 1,4)')).toBe(`${base + 4} ${base + 3}\n`);
	});
});

describe('ps', () => {
	it('lists /proc in pid order with the DESKTOP default columns: the shell, kernel threads in brackets, itself', () => {
		const {sh} = boot();
		const lines = out(sh, 'ps').split('\n');
		expect(lines.slice(0, 4)).toEqual(['PID   USER     COMMAND', '    1 root     sh', '    2 root     [kthreadd]', '    3 root     [rcu_gp]']);
		// comm is read from /proc/PID/stat and cut to 15 characters, as procps_scan() keeps it.
		expect(lines).toContain('    8 root     [kworker/0:0H-ev]');
		expect(lines).toContain('   24 root     [kworker/u2:1-ev]');
		// (the lab's one-CPU guest: the shell's first program is pid 84)
		// ps is a NOEXEC applet: ash runs it in the forked child, whose command line is still the shell's.
		expect(lines.at(-2)).toBe('   84 root     {ps} sh');
		expect(lines.at(-1)).toBe('');
	});

	it('agrees with /proc: one line per numeric /proc entry, the same pids', () => {
		const {sh} = boot();
		const pids = out(sh, 'ls /proc').split(/\s+/).filter(n => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);
		const psPids = out(sh, 'ps -o pid=').trim().split('\n').map(Number);
		// ls (pid 84) and ps (pid 85) each see themselves; everything else is the same table.
		expect(psPids.slice(0, -1)).toEqual(pids.slice(0, -1));
		expect(pids.at(-1)).toBe(84);
		expect(psPids.at(-1)).toBe(85);
	});

	it('-o prints the requested columns with busybox widths, states and tty numbers', () => {
		const {sh} = boot();
		const cols = 'pid,ppid,pgid,sid,nice,user,group,ruser,rgroup,stat,vsz,rss,tty,comm';
		// On the 80-column terminal the columns past 79 characters are dropped (alloc_line_buffer).
		expect(out(sh, `ps -o ${cols}`).split('\n')[0]).toBe('PID   PPID  PGID  SID   NI    USER     GROUP    RUSER    RGROUP   STAT VSZ  RSS');
		const lines = out(sh, `ps -o ${cols} | cat`).split('\n');
		expect(lines[0]).toBe('PID   PPID  PGID  SID   NI    USER     GROUP    RUSER    RGROUP   STAT VSZ  RSS  TT     COMMAND');
		expect(lines[1]).toBe('    1     0     1     1     0 root     root     root     root     S    2260 1676 4,64   sh');
		expect(lines[2]).toBe('    2     0     0     0     0 root     root     root     root     SW      0    0 ?      kthreadd');
		// A workqueue's rescuer runs at nice -20 (`<`), ksmd at 5 and khugepaged at 19 (`N`).
		expect(lines).toContain('    3     2     0     0   -20 root     root     root     root     IW<     0    0 ?      rcu_gp');
		expect(lines).toContain('   30     2     0     0    19 root     root     root     root     SWN     0    0 ?      khugepaged');
		// The console shell does job control (cttyhack gave it a terminal): ps leads a group of its own.
		// the pipeline's stages are all there as ps reads /proc, in the job's process group
		expect(lines.at(-3)).toBe('   85     1    85     1     0 root     root     root     root     R    2260 1676 4,64   ps');
		// cat execve()d: a new mm with its 64 KiB copy buffer, whose faults are still in the task's RSS cache
		expect(lines.at(-2)).toBe('   86     1    85     1     0 root     root     root     root     S    2324    4 4,64   cat');
	});

	it('-o NAME=HEADER renames a column; an empty header keeps the width; the last value keeps trailing spaces', () => {
		const {sh} = boot();
		expect(out(sh, 'ps -o pid=X,comm | head -3')).toBe('X COMMAND\n1 sh\n2 kthreadd\n');
		expect(out(sh, 'ps -o pid=,comm= | head -2')).toBe('    1 sh\n    2 kthreadd\n');
		expect(out(sh, 'ps -o pid=A,comm= | head -2')).toBe('A \n1 sh\n');
		expect(out(sh, 'ps -o stat | head -3')).toBe('STAT\nS  \nSW \n');
		expect(out(sh, 'ps -o pid -o comm | head -2')).toBe('PID   COMMAND\n    1 sh\n');
		// find_out_spec() compares 6 characters: rgroupXYZ is rgroup.
		expect(out(sh, 'ps -o rgroupxyz | head -2')).toBe('RGROUP\nroot\n');
		// a wider value than its column is still followed by one space
		expect(out(boot().sh, 'ps -o pid=X,comm | tail -2')).toBe('84 ps\n85 tail\n');
	});

	it('args shows the command line from /proc/PID/cmdline, [comm] for kernel threads', () => {
		const {sh} = boot();
		expect(out(sh, 'ps -o pid,args | sed -n "2,3p"')).toBe('    1 sh\n    2 [kthreadd]\n');
		// (a NOEXEC applet shows its parent's argv: here a `sh -c` with arguments)
		expect(out(sh, 'sh -c \'ps -o args | tail -n 3\' a b "c  d"')).toBe('sh -c ps -o args | tail -n 3 a b c  d\n{ps} sh -c ps -o args | tail -n 3 a b c  d\ntail -n 3\n');
		// one that is execve()d has its own
		expect(out(sh, 'cat /proc/self/cmdline | tr "\\\\0" " "')).toBe('cat /proc/self/cmdline ');
	});

	it('on the terminal, lines are cut at the width minus one', () => {
		const {sh} = boot(40);
		const long = 'x'.repeat(60);
		// (ps, which ends the -c string, runs in the child shell's own process: ash's EV_EXIT;
		// lab s47/r23 jb: `{ps} sh -c echo hi; ps -o pid,args` and no other sh)
		const listed = out(boot().sh, "sh -c 'echo hi; ps -o pid,ppid,args' | tail -n 3").split('\n');
		expect(listed.slice(1)).toEqual(['   84     1 {ps} sh -c echo hi; ps -o pid,ppid,args', '   85     1 tail -n 3', '']);
		const text = out(sh, `sh -c 'ps -o pid,args' ${long}`);
		expect(text.split('\n').at(-2)).toBe(`   84 {ps} sh -c ps -o pid,args ${'x'.repeat(7)}`);
		expect(text.split('\n').every(l => l.length <= 39)).toBe(true);
		// through a pipe, nothing is cut
		expect(out(sh, `sh -c 'ps -o pid,args | tail -3 | head -1' ${long}`)).toMatch(new RegExp(`^ +\\d+ \\{ps\\} sh -c ps -o pid,args \\| tail -3 \\| head -1 ${long}\n$`));
	});

	it('-T lists each task as its own only thread', () => {
		const {sh} = boot();
		expect(out(sh, 'ps -T | head -3')).toBe('PID   USER     COMMAND\n    1 root     sh\n    2 root     [kthreadd]\n');
	});

	it('option errors: bad -o names, missing arguments, unknown options', () => {
		const {sh} = boot();
		const list = 'user,group,comm,args,pid,ppid,pgid,nice,rgroup,ruser,tty,vsz,sid,stat,rss';
		expect(out(sh, 'ps -o foo; echo $?')).toBe(`ps: bad -o argument 'foo', supported arguments: ${list}\n1\n`);
		expect(out(sh, 'ps -o pid,,comm; echo $?')).toBe(`ps: bad -o argument '', supported arguments: ${list}\n1\n`);
		expect(out(sh, 'ps -o; echo $?')).toBe(`ps: option requires an argument -- 'o'\n${PS_USAGE}1\n`);
		expect(out(sh, 'ps -x; echo $?')).toBe(`ps: invalid option -- 'x'\n${PS_USAGE}1\n`);
		expect(out(sh, 'ps --foo; echo $?')).toBe(`ps: unrecognized option '--foo'\n${PS_USAGE}1\n`);
		// POSIX selection flags are accepted and ignored
		expect(out(sh, 'ps -Aef -o pid= | head -1')).toBe('    1\n');
	});
});

describe('which', () => {
	it('searches PATH for executable regular files: applet links, util-linux binaries; not builtins', () => {
		const {sh} = boot();
		expect(out(sh, 'which ls lsmem; echo $?')).toBe('/bin/ls\n/usr/bin/lsmem\n0\n');
		expect(out(sh, 'which cd ls; echo $?')).toBe('/bin/ls\n1\n');
		expect(out(sh, 'which /bin/ls /etc/passwd; echo $?')).toBe('/bin/ls\n1\n');
		expect(out(sh, 'PATH=/usr/bin:/bin:/usr/bin which -a free')).toBe('/usr/bin/free\n/usr/bin/free\n');
		expect(out(sh, 'PATH=/usr/bin:/bin:/usr/bin which free')).toBe('/usr/bin/free\n');
		// an empty PATH element is the current directory
		expect(out(sh, 'cd /bin; PATH=:/usr/bin which ls sort')).toBe('./ls\n/usr/bin/sort\n');
	});

	it('needs a command; -a may follow it', () => {
		const {sh} = boot();
		const usage = 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: which [-a] COMMAND...\n\nLocate COMMAND\n\n\t-a\tShow all matches\n';
		expect(out(sh, 'which; echo $?')).toBe(`${usage}1\n`);
		expect(out(sh, 'which -x ls; echo $?')).toBe(`which: invalid option -- 'x'\n${usage}1\n`);
		expect(out(sh, 'PATH=/bin:/bin which ls -a')).toBe('/bin/ls\n/bin/ls\n');
		expect(out(sh, 'which --help; echo $?')).toBe(`${usage}0\n`);
	});
});

describe('stat', () => {
	it('default format: tmpfs file with pages as blocks, a device node, a symlink, sysfs and procfs files', () => {
		const {sh} = boot();
		const t = '2026-11-29 12:55:34.000000000 +0000';
		const times = `Access: ${t}\nModify: ${t}\nChange: ${t}\n`;
		expect(out(sh, 'stat /etc/passwd')).toBe('  File: /etc/passwd\n  Size: 30        \tBlocks: 8          IO Block: 4096   regular file\n'
			+ 'Device: 2h/2d\tInode: 2           Links: 1\nAccess: (0644/-rw-r--r--)  Uid: (    0/    root)   Gid: (    0/    root)\n' + times);
		expect(out(sh, 'stat /dev/null')).toBe('  File: /dev/null\n  Size: 0         \tBlocks: 0          IO Block: 4096   character special file\n'
			+ 'Device: 5h/5d\tInode: 3           Links: 1     Device type: 1,3\nAccess: (0666/crw-rw-rw-)  Uid: (    0/    root)   Gid: (    0/    root)\n' + times);
		expect(out(sh, 'stat /bin/sh').split('\n').slice(0, 2)).toEqual(["  File: '/bin/sh' -> 'busybox'", '  Size: 7         \tBlocks: 0          IO Block: 4096   symbolic link']);
		expect(out(sh, 'stat -L /bin/sh').split('\n').slice(0, 2)).toEqual(['  File: /bin/sh', '  Size: 4         \tBlocks: 8          IO Block: 4096   regular file']);
		expect(out(sh, 'stat -c "%n %s %b %F %d %a" /sys/devices/system/memory/block_size_bytes /proc/meminfo /proc /')).toBe(
			'/sys/devices/system/memory/block_size_bytes 4096 0 regular file 20 444\n/proc/meminfo 0 0 regular empty file 19 444\n'
			+ '/proc 0 0 directory 19 555\n/ 320 0 directory 2 755\n');
	});

	it('inode numbers are stable for a file and shared with find -inum', () => {
		const {sh} = boot();
		const ino = out(sh, 'stat -c %i /etc/fstab').trim();
		expect(out(sh, 'stat -c %i /etc/fstab').trim()).toBe(ino);
		expect(out(sh, `find /etc -inum ${ino}`)).toBe('/etc/fstab\n');
		expect(out(sh, 'stat -c %i /')).toBe('1\n');
	});

	it('-t, -c with printf flags, %% and a trailing lone % (no newline)', () => {
		const {sh} = boot();
		expect(out(sh, 'stat -t /etc/passwd /dev/null')).toBe('/etc/passwd 30 8 81a4 0 0 2 2 1 0 0 1795956934 1795956934 1795956934 4096\n'
			+ '/dev/null 0 0 21b6 0 0 5 3 1 1 3 1795956934 1795956934 1795956934 4096\n');
		expect(out(sh, 'stat -c "%N|%A|%f|%t,%T|%h|%B|%o|%X|%%|%5s|%-5s|%05s|%q|x%" /bin/sh /dev/ttyS0; echo')).toBe(
			"'/bin/sh' -> 'busybox'|lrwxrwxrwx|a1ff|0,0|1|512|4096|1795956934|%|    7|7    |00007|q|x%"
			+ '/dev/ttyS0|crw--w----|2190|4,40|1|512|4096|1795956934|%|    0|0    |00000|q|x%\n');
		expect(out(sh, 'stat -c "%-8.3n|%U:%G" /etc/group')).toBe('/et     |root:root\n');
		expect(out(sh, "stat -c '' /etc")).toBe('\n');
	});

	it('-f shows the filesystem from statfs: tmpfs sizes fixed at boot, proc and sysfs with no blocks', () => {
		const {sh} = boot();
		expect(out(sh, 'stat -f /')).toBe('  File: "/"\n    ID: 5c0a3e912d74b6f8 Namelen: 255     Type: tmpfs\nBlock size: 4096      \n'
			+ 'Blocks: Total: 113551     Free: 113064     Available: 113064\nInodes: Total: 113551     Free: 113257\n');
		expect(out(sh, 'stat -f -t / /proc /sys /dev')).toBe('/ 5c0a3e912d74b6f8 255 1021994 4096 113551 113064 113064 113551 113257\n'
			+ '/proc 1300000000 255 9fa0 4096 0 0 0 0 0\n/sys 3b8f6c20d4a9e157 255 62656572 4096 0 0 0 0 0\n'
			+ '/dev 9e41d2a771c3580b 255 1021994 4096 113551 113551 113551 113551 113455\n');
		expect(out(sh, 'stat -f -c "%n %T %t %l %s %S %c" /proc/meminfo')).toBe('/proc/meminfo proc 9fa0 255 4096 4096 0\n');
		// a new file takes an inode of the rootfs
		expect(out(sh, 'touch /tmp/x; stat -f -c %d /')).toBe('113256\n');
	});

	it('errors: missing files, missing operand, bad options', () => {
		const {sh} = boot();
		expect(out(sh, 'stat /nope /etc/group -c %n; echo $?')).toBe("stat: can't stat '/nope': No such file or directory\n/etc/group\n1\n");
		expect(out(sh, 'stat -f /nope; echo $?')).toBe("stat: can't read file system information for '/nope': No such file or directory\n1\n");
		const st = out(sh, 'stat; echo $?');
		expect(st.startsWith('BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: stat [-ltf] [-c FMT] FILE...\n\nDisplay file (default) or filesystem status\n')).toBe(true);
		expect(st.endsWith(' %t\tType in hex\n %T\tType in human readable form\n1\n')).toBe(true);
		expect(out(sh, 'stat -l /; echo $?').split('\n')[0]).toBe("stat: invalid option -- 'l'");
		expect(out(sh, 'stat -c; echo $?').split('\n')[0]).toBe("stat: option requires an argument -- 'c'");
	});

	it('without a statfs syscall -f fails with ENOSYS and stat still works', () => {
		const k = new FakeKernel();
		const sh = new Shell(k.syscalls(), {columns: 80});
		expect(out(sh, 'stat -f /; echo $?')).toBe("stat: can't read file system information for '/': Function not implemented\n1\n");
		expect(out(sh, 'stat -c "%n %F %a" /etc/passwd')).toBe('/etc/passwd regular file 644\n');
	});
});

describe('mount', () => {
	it('lists /proc/mounts: the initramfs rootfs and what /init mounted', () => {
		const {sh} = boot();
		expect(out(sh, 'cat /proc/mounts')).toBe('rootfs / rootfs rw,size=454204k,nr_inodes=113551,inode64 0 0\nproc /proc proc rw,relatime 0 0\n'
			+ 'sysfs /sys sysfs rw,relatime 0 0\ndevtmpfs /dev devtmpfs rw,relatime,size=454204k,nr_inodes=113551,mode=755,inode64 0 0\n');
		expect(out(sh, 'mount')).toBe('rootfs on / type rootfs (rw,size=454204k,nr_inodes=113551,inode64)\nproc on /proc type proc (rw,relatime)\n'
			+ 'sysfs on /sys type sysfs (rw,relatime)\ndevtmpfs on /dev type devtmpfs (rw,relatime,size=454204k,nr_inodes=113551,mode=755,inode64)\n');
		expect(out(sh, 'mount -t proc')).toBe('proc on /proc type proc (rw,relatime)\n');
		expect(out(sh, 'mount -t proc,sysfs; echo $?')).toBe('0\n');
		expect(out(sh, 'mount -r | head -1')).toBe('rootfs on / type rootfs (rw,size=454204k,nr_inodes=113551,inode64)\n');
	});

	it('rejects what busybox rejects and says which filesystems are not modelled (tmpfs is)', () => {
		const {sh} = boot();
		expect(out(sh, 'mount -q; echo $?').split('\n').slice(0, 3)).toEqual(["mount: invalid option -- 'q'", 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.', '']);
		expect(out(sh, 'mount -t proc proc /mnt; echo $?')).toBe('memhp: mount: a proc filesystem is not simulated (tmpfs is)\n1\n');
	});
});

describe('df', () => {
	const head = 'Filesystem           1K-blocks      Used Available Use% Mounted on\n';
	it('skips rootfs (FEATURE_SKIP_ROOTFS) and filesystems without blocks unless -a', () => {
		const {sh} = boot();
		expect(out(sh, 'df')).toBe(`${head}devtmpfs                454204         0    454204   0% /dev\n`);
		expect(out(sh, 'df -a')).toBe(`${head}proc                         0         0         0   0% /proc\nsysfs                        0         0         0   0% /sys\n`
			+ 'devtmpfs                454204         0    454204   0% /dev\n');
	});

	it('units and formats: -h, -m, -B, -P, -T, -i, -t', () => {
		const {sh} = boot();
		expect(out(sh, 'df -h')).toBe('Filesystem                Size      Used Available Use% Mounted on\ndevtmpfs                443.6M         0    443.6M   0% /dev\n');
		expect(out(sh, 'df -T -m')).toBe('Filesystem           Type       1M-blocks      Used Available Use% Mounted on\ndevtmpfs             devtmpfs         444         0       444   0% /dev\n');
		expect(out(sh, 'df -P')).toBe('Filesystem           1024-blocks    Used Available Capacity Mounted on\ndevtmpfs                454204         0    454204   0% /dev\n');
		expect(out(sh, 'df -B 4k')).toBe('Filesystem           4K-blocks      Used Available Use% Mounted on\ndevtmpfs                113551         0    113551   0% /dev\n');
		// of -k, -m and -B the last one wins; -h overrides them all
		expect(out(sh, 'df -B 4k -m | tail -1')).toBe('devtmpfs                   444         0       444   0% /dev\n');
		expect(out(sh, 'df -m -B 4k | tail -1')).toBe('devtmpfs                113551         0    113551   0% /dev\n');
		expect(out(sh, 'df -h -k | tail -1')).toBe('devtmpfs                443.6M         0    443.6M   0% /dev\n');
		expect(out(sh, 'df -i')).toBe('Filesystem              Inodes      Used Available Use% Mounted on\ndevtmpfs                113551        96    113455   0% /dev\n');
		expect(out(sh, 'df -t tmpfs')).toBe(head);
	});

	it('FILESYSTEM arguments are found by device: the rootfs never matches, /proc files show proc', () => {
		const {sh} = boot();
		expect(out(sh, 'df /dev/ /proc/meminfo')).toBe(`${head}devtmpfs                454204         0    454204   0% /dev\nproc                         0         0         0   0% /proc\n`);
		expect(out(sh, 'df /; echo $?')).toBe(`${head}df: /: can't find mount point\n1\n`);
		expect(out(sh, 'df /dev/null; echo $?')).toBe(`${head}df: /dev/null: can't find mount point\n1\n`);
		expect(out(sh, 'df /nope /dev; echo $?')).toBe(`${head}df: /nope: can't find mount point\ndevtmpfs                454204         0    454204   0% /dev\n1\n`);
	});

	it('option errors', () => {
		const {sh} = boot();
		expect(out(sh, 'df -B 0; echo $?')).toBe('df: number 0 is not in 1..18446744073709551615 range\n1\n');
		expect(out(sh, 'df -B x; echo $?')).toBe("df: invalid number 'x'\n1\n");
		expect(out(sh, 'df -x; echo $?')).toContain("df: invalid option -- 'x'\nBusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\n"
			+ 'Usage: df [-PkmhTai] [-B SIZE] [-t TYPE] [FILESYSTEM]...\n\nPrint filesystem usage statistics\n\n\t-P\tPOSIX output format\n');
		expect(out(sh, 'df -t; echo $?').split('\n')[0]).toBe("df: option requires an argument -- 't'");
	});

	it('the tmpfs sizes are fixed at boot: hot-added memory raises MemTotal, not the mounts', () => {
		const fw = new FakeFirmware(4);
		const g = new LinuxGuest({boot: pcBootInfo({ramMiB: 1024, maxMiB: 2048, slots: 4, cpus: 1}), firmware: fw, clock: new VirtualClock(), console: () => {}});
		const sh = new Shell(g.syscalls, {columns: 80});
		const before = out(sh, 'df; cat /proc/mounts');
		const total = g.snapshot().memTotalKb;
		fw.plug(0, 4 * 1024 ** 3, 512 * 1024 ** 2);
		g.raiseMemoryHotplugGpe();
		out(sh, 'for b in /sys/devices/system/memory/memory3[2-5]; do echo online > $b/state; done');
		expect(g.snapshot().memTotalKb).toBe(total + 512 * 1024);
		expect(out(sh, 'df; cat /proc/mounts')).toBe(before);
	});
});
