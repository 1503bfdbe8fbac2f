/**
 * busybox 1.35 sysctl over the guest's /proc/sys. Expected texts were checked against Debian's
 * busybox 1.35 binary (reads and error cases on a host; writes follow procps/sysctl.c).
 */
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {Shell} from '../source/machine/shell/index.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';

function boot() {
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB: 1024, maxMiB: 2048, slots: 4, cpus: 1}), firmware: new FakeFirmware(4), clock: new VirtualClock(), console: () => {}});
	return new Shell(g.syscalls);
}

const out = (sh: Shell, line: string) => sh.run(line).output;
const lines = (...l: string[]) => l.map(x => `${x}\n`).join('');

describe('sysctl', () => {
	it('reads keys as `name = value` (-n: values only), the same files /proc/sys/vm holds', () => {
		const sh = boot();
		const kb = out(sh, 'cat /proc/sys/vm/min_free_kbytes');
		expect(out(sh, 'sysctl vm.min_free_kbytes')).toBe(`vm.min_free_kbytes = ${kb}`);
		expect(out(sh, 'sysctl -n vm.min_free_kbytes vm.overcommit_memory')).toBe(`${kb}0\n`);
		expect(out(sh, 'sysctl vm/swappiness')).toBe(lines('vm.swappiness = 60'));
		// tab-separated values stay as the file has them
		expect(out(sh, 'sysctl vm.lowmem_reserve_ratio')).toBe(lines('vm.lowmem_reserve_ratio = 256\t256\t32\t0\t0'));
	});

	it('walks a directory or everything (-a, -A) in readdir order, skipping write-only files', () => {
		const sh = boot();
		const all = out(sh, 'sysctl -a').split('\n').filter(l => l.startsWith('vm.'));
		const files = out(sh, 'ls /proc/sys/vm').trim().split(/\s+/);
		// compact_memory and drop_caches are write-only; stat_refresh reads as nothing
		expect(out(sh, 'find /proc/sys/vm -perm 200')).toBe(lines('/proc/sys/vm/compact_memory', '/proc/sys/vm/drop_caches'));
		expect(all).toHaveLength(files.length - 3);
		expect(all.filter(l => /^vm\.(compact_memory|drop_caches|stat_refresh) /.test(l))).toEqual([]);
		expect(all[0]).toBe('vm.admin_reserve_kbytes = 8192');
		// kernel comes before vm in /proc/sys
		expect(out(sh, 'sysctl -A | head -1')).toBe(lines('kernel.osrelease = 6.1.0-57-amd64'));
		expect(out(sh, 'sysctl vm | wc -l')).toBe(lines(String(all.length)));
		expect(out(sh, 'sysctl vm.drop_caches; echo $?')).toBe(lines('0'));
	});

	it('writes KEY=VALUE (or -w) through the handler and echoes it; -q is quiet', () => {
		const sh = boot();
		expect(out(sh, 'sysctl vm.swappiness=10; cat /proc/sys/vm/swappiness')).toBe(lines('vm.swappiness = 10', '10'));
		expect(out(sh, 'sysctl -w -n vm.swappiness=20')).toBe(lines('20'));
		expect(out(sh, 'sysctl -q vm.nr_hugepages=4; grep HugePages_Total /proc/meminfo')).toBe(lines('HugePages_Total:       4'));
		// an empty value writes nothing
		expect(out(sh, 'sysctl vm.swappiness=; cat /proc/sys/vm/swappiness')).toBe(lines('vm.swappiness = ', '20'));
		// the handler's EINVAL kills the applet (xwrite)
		expect(out(sh, 'sysctl -w vm.swappiness=abc vm.swappiness=5; echo $?; sysctl -n vm.swappiness')).toBe(lines('sysctl: write error: Invalid argument', '1', '20'));
	});

	it('names keys that do not exist by swapping dots and slashes, as busybox does', () => {
		const sh = boot();
		expect(out(sh, 'sysctl foo.bar; echo $?; sysctl -e foo.bar; echo $?')).toBe(lines("sysctl: error: 'foo/bar' is an unknown key", '1', '1'));
		expect(out(sh, 'sysctl vm.nonexist vm/nonexist.x')).toBe(lines("sysctl: error: 'vm.nonexist' is an unknown key", "sysctl: error: 'vm.nonexist/x' is an unknown key"));
		expect(out(sh, 'sysctl vm.min_free_kbytes.x; echo $?')).toBe(lines("sysctl: error reading key 'vm.min_free_kbytes.x': Not a directory", '1'));
		expect(out(sh, 'sysctl -w foo.bar=1; echo $?')).toBe(lines("sysctl: error: 'foo/bar' is an unknown key", '1'));
		expect(out(sh, 'sysctl vm=5; echo $?')).toBe(lines("sysctl: error setting key 'vm': Is a directory", '1'));
		expect(out(sh, "sysctl ''; sysctl vm. | head -1")).toBe(lines("sysctl: error: '' is an unknown key", 'vm.admin_reserve_kbytes = 8192'));
	});

	it('refuses -w without a value and a setting without a name; no arguments do nothing', () => {
		const sh = boot();
		expect(out(sh, 'sysctl -w vm.swappiness; echo $?')).toBe(lines("sysctl: error: 'vm.swappiness' must be of the form name=value", '1'));
		expect(out(sh, 'sysctl -w =5; echo $?')).toBe(lines("sysctl: error: malformed setting '=5'", '1'));
		expect(out(sh, 'sysctl; echo $?')).toBe(lines('0'));
		expect(out(sh, 'sysctl -x 2>&1 | head -1')).toBe(lines("sysctl: invalid option -- 'x'"));
	});

	it('-p applies key = value lines of a file (default /etc/sysctl.conf), skipping comments', () => {
		const sh = boot();
		expect(out(sh, 'sysctl -p; echo $?')).toBe(lines('sysctl: /etc/sysctl.conf: No such file or directory', '0'));
		out(sh, "printf 'vm.nr_hugepages = 2\\n# vm.swappiness = 1\\n; c\\n  vm.swappiness=10\\nbogus\\n' > /etc/sysctl.conf");
		expect(out(sh, 'sysctl -p')).toBe(lines('vm.nr_hugepages = 2', 'vm.swappiness = 10'));
		expect(out(sh, 'sysctl -n vm.nr_hugepages vm.swappiness')).toBe(lines('2', '10'));
	});

	it('kernel.printk is the console loglevel dmesg -n sets; the uname strings and pid_max are there too', () => {
		const sh = boot();
		expect(out(sh, 'cat /proc/sys/kernel/printk')).toMatch(/^[47]\t4\t1\t7\n$/);
		expect(out(sh, 'dmesg -n 3; cat /proc/sys/kernel/printk; echo 8 > /proc/sys/kernel/printk; sysctl kernel.printk')).toBe(lines('3\t4\t1\t7', 'kernel.printk = 8\t4\t1\t7'));
		expect(out(sh, 'echo x > /proc/sys/kernel/printk')).toBe(lines('sh: write error: Invalid argument'));
		expect(out(sh, 'sysctl -n kernel.osrelease kernel.ostype kernel.pid_max')).toBe(lines('6.1.0-57-amd64', 'Linux', '32768'));
		// The lab guest's /proc/sys; memhp simulates kernel and vm.
		expect(out(sh, 'ls /proc/sys')).toBe(lines('abi     crypto  debug   dev     fs      kernel  net     user    vm'));
	});
});
