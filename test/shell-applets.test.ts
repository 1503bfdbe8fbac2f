import {describe, expect, it} from 'vitest';
import {Shell} from '../source/machine/shell/index.js';
import {FakeKernel} from './shell-fake.js';

function setup(bootBlocks = 8) {
	const k = new FakeKernel(bootBlocks);
	k.hotplug(32, 4);
	return {k, sh: new Shell(k.syscalls(), {columns: 80})};
}

const out = (sh: Shell, line: string) => sh.run(line).output;

describe('ls', () => {
	it('lays out /sys/devices/system/memory/ like busybox on an 80-column tty (tutorial.t)', () => {
		const {sh} = setup();
		expect(out(sh, 'ls /sys/devices/system/memory/')).toBe(
			'auto_online_blocks  memory3             memory5\n'
			+ 'block_size_bytes    memory32            memory6\n'
			+ 'hard_offline_page   memory33            memory7\n'
			+ 'memory0             memory34            power\n'
			+ 'memory1             memory35            soft_offline_page\n'
			+ 'memory2             memory4             uevent\n');
		expect(out(sh, 'ls /sys/devices/system/memory/memory32')).toBe(
			'firmware_node  phys_device    removable      uevent\n'
			+ 'node0          phys_index     state          valid_zones\n'
			+ 'online         power          subsystem\n');
		expect(out(sh, 'ls /sys/devices/system/memory/memory7')).toBe(
			'node0        phys_device  power        state        uevent\n'
			+ 'online       phys_index   removable    subsystem    valid_zones\n');
	});

	it('-l uses busybox columns, numeric owners, kernfs sizes and link targets', () => {
		const {sh} = setup();
		const lines = out(sh, 'ls -l /sys/devices/system/memory/memory33/').split('\n');
		expect(lines[0]).toBe('total 0');
		expect(lines[1]).toBe('lrwxrwxrwx    1 0        0                0 Nov 14 22:13 firmware_node -> ../../../LNXSYSTM:00/LNXSYBUS:00/PNP0A06:04/PNP0C80:00');
		expect(lines[3]).toBe('-rw-r--r--    1 0        0             4096 Nov 14 22:13 online');
		expect(lines[6]).toBe('drwxr-xr-x    2 0        0                0 Nov 14 22:13 power');
		expect(lines[11]).toBe('-r--r--r--    1 0        0             4096 Nov 14 22:13 valid_zones');
		expect(out(sh, 'ls -l /dev/null')).toBe('crw-rw-rw-    1 0        0           1,   3 Nov 14 22:13 /dev/null\n');
	});

	it('-l reads a link without following it; --color and -F stat its target (what the kernel looks up)', () => {
		const k = new FakeKernel(8);
		k.hotplug(32, 4);
		const sys = k.syscalls();
		const followed: string[] = [];
		const stat = sys.vfs.stat.bind(sys.vfs);
		sys.vfs.stat = ((path: string, follow?: boolean) => {
			if (follow !== false && path.endsWith('firmware_node')) followed.push(path);
			return stat(path, follow);
		}) as typeof sys.vfs.stat;
		const sh = new Shell(sys, {columns: 80});
		expect(out(sh, 'ls -l /sys/devices/system/memory/memory33/ | wc -l')).toBe('12\n');
		expect(followed).toEqual([]);
		out(sh, 'ls -lF /sys/devices/system/memory/memory33/');
		out(sh, 'ls -l --color /sys/devices/system/memory/memory33/');
		expect(followed).toHaveLength(2);
	});

	it('-1, -a, -d and errors', () => {
		const {sh} = setup();
		expect(out(sh, 'ls -1 /sys/devices/system/memory/memory32 | head -n 3')).toBe('firmware_node\nnode0\nonline\n');
		expect(out(sh, 'ls -a /proc')).toBe('.        ..       meminfo  version\n');
		expect(out(sh, 'ls -d /sys /proc')).toBe('/proc  /sys\n');
		expect(out(sh, 'ls /sys/devices/system/memory/memory99; echo $?')).toBe('ls: /sys/devices/system/memory/memory99: No such file or directory\n1\n');
	});
});

describe('echo into sysfs', () => {
	it('prints ash write errors with the store errno, status 1', () => {
		const {sh} = setup();
		expect(out(sh, 'echo foo > /sys/devices/system/memory/memory32/state; echo $?')).toBe('sh: write error: Invalid argument\n1\n');
		expect(out(sh, 'echo online > /sys/devices/system/memory/memory33/state; echo $?')).toBe('0\n');
		expect(out(sh, 'echo offline > /sys/devices/system/memory/memory33/state')).toBe('sh: write error: Device or resource busy\n');
		expect(out(sh, 'echo 1 > /sys/devices/system/memory/memory32/phys_index')).toBe(
			"sh: can't create /sys/devices/system/memory/memory32/phys_index: Permission denied\n");
		expect(out(sh, 'echo online > /sys/devices/system/memory/memory99/state')).toBe(
			"sh: can't create /sys/devices/system/memory/memory99/state: nonexistent directory\n");
		expect(out(sh, 'cat /sys/devices/system/memory/memory99/state')).toBe(
			"cat: can't open '/sys/devices/system/memory/memory99/state': No such file or directory\n");
	});
});

describe('free', () => {
	it('prints busybox 1.35 columns from sysinfo and /proc/meminfo', () => {
		const {sh} = setup();
		const head = '              total        used        free      shared  buff/cache   available\n';
		expect(out(sh, 'free -m')).toBe(head
			+ 'Mem:            896          19         867           2          10         808\n'
			+ 'Swap:             0           0           0\n');
		expect(out(sh, 'free')).toBe(head
			+ 'Mem:         917440       19500      887440        2100       10500      827440\n'
			+ 'Swap:             0           0           0\n');
		expect(out(sh, 'free -k')).toBe(out(sh, 'free'));
		expect(out(sh, 'free -b').split('\n')[1]).toBe('Mem:      939458560    19968000   908738560     2150400    10752000   847298560');
		expect(out(sh, 'free -g').split('\n')[1]).toBe('Mem:              1           0           1           0           0           1');
		expect(out(sh, 'free -x; echo $?')).toContain('Usage: free [-bkmgh]\n');
	});

	it('follows onlined memory', () => {
		const {sh} = setup();
		sh.run('echo online > /sys/devices/system/memory/memory33/state');
		expect(out(sh, 'free -m').split('\n')[1]).toBe('Mem:           1024          19         995           2          10         936');
	});
});

describe('text applets', () => {
	it('grep -E -v -i -c -n -o -q and file prefixes', () => {
		const {sh} = setup();
		expect(out(sh, "grep -E 'MemTotal|MemFree' /proc/meminfo")).toBe('MemTotal:         917440 kB\nMemFree:          887440 kB\n');
		expect(out(sh, 'grep -c kB /proc/meminfo')).toBe('9\n');
		expect(out(sh, 'grep -n Shmem /proc/meminfo')).toBe('7:Shmem:              2100 kB\n');
		expect(out(sh, 'grep -i memtotal /proc/meminfo | cut -d: -f1')).toBe('MemTotal\n');
		expect(out(sh, "grep -o '[0-9]*' /proc/version")).toBe('6\n1\n0\n57\n64\n');
		expect(out(sh, 'grep -q nothing /proc/meminfo; echo $?')).toBe('1\n');
		expect(out(sh, 'grep -v kB /proc/meminfo; echo $?')).toBe('1\n');
		expect(out(sh, 'grep Linux /proc/version /nope')).toBe('/proc/version:Linux version 6.1.0-57-amd64\ngrep: /nope: No such file or directory\n');
		expect(out(sh, "grep 'Mem\\(Total\\|Free\\)' /proc/meminfo | wc -l")).toBe('2\n');
	});

	it('head, tail, wc, sort, uniq, cut, tr, sed, awk, seq, printf', () => {
		const {sh} = setup();
		expect(out(sh, 'seq 5 | tail -n 2; seq 3 | head -2')).toBe('4\n5\n1\n2\n');
		expect(out(sh, 'seq 10 | wc -l; echo a b c | wc -w')).toBe('10\n3\n');
		expect(out(sh, 'printf "10\\n9\\n100\\n9\\n" | sort -n | uniq -c')).toBe('      2 9\n      1 10\n      1 100\n');
		expect(out(sh, 'printf "b\\na\\n" | sort -r')).toBe('b\na\n');
		expect(out(sh, 'echo hello | tr a-z A-Z; echo a:b:c | cut -d: -f2,3')).toBe('HELLO\nb:c\n');
		expect(out(sh, "echo online_movable | sed 's/_/ /g'; seq 3 | sed -n 2p")).toBe('online movable\n2\n');
		expect(out(sh, "awk '/MemTotal/ {print $2}' /proc/meminfo; awk -F: '{print $1}' /etc/passwd")).toBe('917440\nroot\n');
		expect(out(sh, "awk '{s += $2} END {print s}' /proc/meminfo")).toBe(String(917440 + 887440 + 827440 + 9000 + 2100 + 1500 + 6000) + '\n');
		expect(out(sh, 'printf "%5s|%-3d|%x|%o|%c|%%|%03d\\n" ab 7 255 8 xyz 5')).toBe('   ab|7  |ff|10|x|%|005\n');
	});
});

describe('system applets', () => {
	it('uname, dmesg, clear, test', () => {
		const {sh, k} = setup();
		expect(out(sh, 'uname -r; uname -m; uname')).toBe('6.1.0-57-amd64\nx86_64\nLinux\n');
		expect(out(sh, 'uname -a')).toBe('Linux (none) 6.1.0-57-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.176-1 (2025-01-01) x86_64 GNU/Linux\n');
		expect(out(sh, 'dmesg | tail -n 1')).toBe('[    1.234567] Run /init as init process\n');
		expect(out(sh, 'dmesg -r | head -n 1')).toBe('<6>[    0.000000] Linux version 6.1.0-57-amd64\n');
		out(sh, 'dmesg -c > /dev/null');
		expect(k.log).toEqual([]);
		expect(out(sh, 'clear')).toBe('\x1b[H\x1b[J');
		expect(out(sh, '[ -d /sys ] && [ -f /etc/passwd ] && [ ! -e /nope ] && [ 3 -gt 2 ] && echo ok')).toBe('ok\n');
		expect(out(sh, '[ 1 = 1')).toBe('sh: missing ]\n');
	});

	it('help lists ash builtins, then the binary\'s applets (FEATURE_SH_STANDALONE), as Debian\'s busybox 1.35 does', () => {
		const {sh} = setup();
		const lines = out(sh, 'help').split('\n');
		expect(lines.slice(0, 6)).toEqual([
			'Built-in commands:', '------------------', '\t. : [ [[ alias bg break cd chdir command continue echo eval exec',
			'\texit export false fg getopts hash help history jobs kill let', '\tlocal printf pwd read readonly return set shift source test times',
			'\ttrap true type ulimit umask unalias unset wait [ [[ acpid adjtimex']);
		expect(lines.slice(-3)).toEqual(['\twatchdog wc wget which who whoami xargs xxd xz xzcat yes zcat', '', '']);
		expect(lines).toHaveLength(35);
	});

	it('files: mkdir, touch, cp, mv, rm, ln -s, readlink -f, basename, dirname', () => {
		const {sh} = setup();
		expect(out(sh, 'mkdir /tmp/d && touch /tmp/d/a && cp /etc/hostname /tmp/d/b && mv /tmp/d/b /tmp/d/c && ls /tmp/d')).toBe('a  c\n');
		expect(out(sh, 'mkdir /tmp/d')).toBe("mkdir: can't create directory '/tmp/d': File exists\n");
		expect(out(sh, 'rm /tmp/d')).toBe("rm: '/tmp/d' is a directory\n");
		expect(out(sh, 'rm -r /tmp/d; ls /tmp')).toBe('');
		expect(out(sh, 'ln -s /sys/devices/system/memory /tmp/m; readlink /tmp/m; readlink -f /tmp/m/memory33/node0')).toBe(
			'/sys/devices/system/memory\n/sys/devices/system/node/node0\n');
		expect(out(sh, 'basename /sys/devices/system/memory/memory33/; dirname /sys/devices/system')).toBe('memory33\n/sys/devices\n');
		expect(out(sh, 'touch /sys/devices/system/memory/x')).toBe('touch: /sys/devices/system/memory/x: Permission denied\n');
	});
});
