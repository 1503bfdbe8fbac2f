/** /proc/self and /proc/<pid>: the task list the guest kernel keeps and the fork/exit syscalls. */
import {describe, expect, it} from 'vitest';
import {ACPI_NOTIFY_DEVICE_CHECK, ACPI_OST_SC_SUCCESS} from '../source/machine/acpi.js';
import {VirtualClock} from '../source/machine/clock.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {kacpiHotplugWorker} from '../source/machine/linux/process.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';

function boot(cpus = 1) {
	const fw = new FakeFirmware(4);
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB: 1024, maxMiB: 2048, slots: 4, cpus}), firmware: fw, clock: new VirtualClock(), console: () => {}});
	const sys = g.syscalls;
	const read = (p: string) => {
		const f = sys.vfs.open(p, {read: true});
		return typeof f === 'string' ? f : f.read();
	};
	return {g, fw, sys, read};
}

describe('/proc/self', () => {
	it('is a symlink to the reading task: the shell (pid 1, it replaced /init) until it forks', () => {
		const {sys, read} = boot();
		expect(sys.vfs.readlink('/proc/self')).toBe('1');
		expect(sys.getpid!()).toBe(1);
		expect(read('/proc/self/comm')).toBe('sh\n');
		expect(read('/proc/self/environ')).toBe('HOME=/\0TERM=linux\0');
	});

	it('a forked program is current (new pid each fork, in order) until it exits; then the parent is again', () => {
		const {sys, read} = boot();
		const a = sys.fork!(['readlink', '/proc/self']);
		expect(sys.vfs.readlink('/proc/self')).toBe(String(a));
		expect(read('/proc/self/cmdline')).toBe('readlink\0/proc/self\0');
		expect(read(`/proc/${a}/status`)).toMatch(new RegExp(`^Name:\\treadlink\\nUmask:\\t0022\\nState:\\tR \\(running\\)\\nTgid:\\t${a}\\nNgid:\\t0\\nPid:\\t${a}\\nPPid:\\t1\\n`));
		expect(read('/proc/1/status')).toMatch(/^Name:\tsh\nUmask:\t0022\nState:\tS \(sleeping\)\n/);
		sys.exit!(a);
		expect(sys.vfs.readlink('/proc/self')).toBe('1');
		expect(read(`/proc/${a}/status`)).toBe('ENOENT');
		const b = sys.fork!(['/bin/ls', '/proc'], ['PATH=/bin']);
		expect(b).toBe(a + 1);
		expect(read('/proc/self/comm')).toBe('ls\n');
		expect(read('/proc/self/environ')).toBe('PATH=/bin\0');
		expect(read('/proc/self/stat').split(' ').slice(0, 5)).toEqual([String(b), '(ls)', 'R', '1', '1']);
		expect(read('/proc/self/stat').trim().split(' ')).toHaveLength(52);
	});

	it('/proc/thread-self follows self in the listing and names the reader\'s task directory; task/ holds the one thread', () => {
		const {sys, read} = boot();
		const names = sys.vfs.readdir('/proc') as string[];
		expect(names.slice(names.indexOf('self'), names.indexOf('self') + 3)).toEqual(['self', 'thread-self', '1']);
		expect(sys.vfs.readlink('/proc/thread-self')).toBe('1/task/1');
		const a = sys.fork!(['cat', '/proc/thread-self/comm']);
		expect(sys.vfs.readlink('/proc/thread-self')).toBe(`${a}/task/${a}`);
		expect(read('/proc/thread-self/comm')).toBe('cat\n');
		expect(sys.vfs.readdir(`/proc/${a}/task`)).toEqual([String(a)]);
		expect((sys.vfs.readdir('/proc/1') as string[])[0]).toBe('task');
		expect(read('/proc/1/task/1/cmdline')).toBe(read('/proc/1/cmdline'));
		expect(read(`/proc/self/task/1/comm`)).toBe('ENOENT');
		sys.exit!(a);
	});

	it('ls /proc lists the tasks: the shell, kthreadd and the kernel threads; comm shows a kernel thread\'s full name', () => {
		const {sys, read} = boot();
		const pids = (sys.vfs.readdir('/proc') as string[]).filter(n => /^\d+$/.test(n)).map(Number);
		expect(pids.slice(0, 3)).toEqual([1, 2, 3]);
		expect(read('/proc/2/comm')).toBe('kthreadd\n');
		expect(read('/proc/2/cmdline')).toBe('');
		const comms = pids.map(p => read(`/proc/${p}/comm`) as string);
		// (kthread->full_name: the lab's /proc/12/comm)
		expect(comms).toContain('rcu_tasks_rude_kthread\n');
		expect(comms).toContain('kswapd0\n');
		expect(read('/proc/2/status')).not.toMatch(/VmRSS/);
		expect(read('/proc/1/status')).toMatch(/\nVmRSS:\t {4}\d+ kB\n/);
	});

	it('the vmemmap failure names the unbound kworker of the task list', () => {
		const {read} = boot(2);
		const w = kacpiHotplugWorker(2);
		// (current->comm is the bare task name; /proc shows wq_worker_comm()'s, with its workqueue)
		expect(w).toEqual({pid: 25, comm: 'kworker/u4:1'});
		expect(read(`/proc/${w.pid}/comm`)).toBe('kworker/u4:1-events_unbound\n');
		expect(kacpiHotplugWorker(1)).toEqual({pid: 24, comm: 'kworker/u2:1'});
	});
});

describe('ACPI _OST of a failed hot-add', () => {
	it('an unaligned range: acpi_scan_device_check() returns acpi_bus_scan()\'s 0, so DEVICE_CHECK reports success; the slot ejects later without removing anything', () => {
		const {g, fw, read} = boot();
		fw.plug(0, 0x100000000, 2 * 1024 * 1024);
		g.raiseMemoryHotplugGpe();
		expect(fw.osts).toEqual([{slot: 0, event: ACPI_NOTIFY_DEVICE_CHECK, status: ACPI_OST_SC_SUCCESS}]);
		expect(read('/proc/iomem')).not.toMatch(/100000000-/);
		fw.requestUnplug(0);
		g.raiseMemoryHotplugGpe();
		expect(fw.ejected).toEqual([0]);
	});
});

describe('the shell forks programs', () => {
	it('each external command reads its own /proc/self; builtins stay in the shell (pid 1)', async () => {
		const {Shell} = await import('../source/machine/shell/index.js');
		const {sys} = boot();
		const sh = new Shell(sys, {columns: 80});
		const first = Number(sh.run('readlink /proc/self').output.trim());
		const second = Number(sh.run('readlink /proc/self').output.trim());
		expect(first).toBeGreaterThan(2);
		expect(second).toBe(first + 1);
		expect(sh.run('cat /proc/self/comm').output).toBe('cat\n');
		expect(sh.run('echo $$').output).toBe('1\n');
		expect(sys.getpid!()).toBe(1);
	});
});

describe('/proc/<pid>/limits', () => {
	// what the lab's 1 GiB guest (QEMU 7.2, this Linux 6.1) printed for `cat /proc/self/limits`
	const LAB_1G = 'Limit                     Soft Limit           Hard Limit           Units     \nMax cpu time              unlimited            unlimited            seconds   \nMax file size             unlimited            unlimited            bytes     \nMax data size             unlimited            unlimited            bytes     \nMax stack size            8388608              unlimited            bytes     \nMax core file size        0                    unlimited            bytes     \nMax resident set          unlimited            unlimited            bytes     \nMax processes             3548                 3548                 processes \nMax open files            1024                 4096                 files     \nMax locked memory         8388608              8388608              bytes     \nMax address space         unlimited            unlimited            bytes     \nMax file locks            unlimited            unlimited            locks     \nMax pending signals       3548                 3548                 signals   \nMax msgqueue size         819200               819200               bytes     \nMax nice priority         0                    0                    \nMax realtime priority     0                    0                    \nMax realtime timeout      unlimited            unlimited            us        \n';

	it('shows the task\'s limits as init handed them down, in proc_pid_limits()\'s table', async () => {
		const {Shell} = await import('../source/machine/shell/index.js');
		const {sys, read} = boot();
		const sh = new Shell(sys, {columns: 80});
		expect(sh.run('cat /proc/self/limits').output).toBe(LAB_1G);
		// kernel threads share init_task's
		expect(read('/proc/2/limits')).toBe(LAB_1G);
		expect(read('/proc/1/status')).toContain('SigQ:\t0/3548\n');
	});

	it('follows ulimit: the shell\'s own task and what it forks; a subshell\'s change stays in it', async () => {
		const {Shell} = await import('../source/machine/shell/index.js');
		const {sys, read} = boot();
		const sh = new Shell(sys, {columns: 80});
		const openFiles = (t: string) => /^Max open files +(\S+) +(\S+)/m.exec(t)?.slice(1, 3).join(' ');
		sh.run('ulimit -n 100');
		expect(openFiles(read('/proc/1/limits') as string)).toBe('100 100');
		expect(openFiles(sh.run('cat /proc/self/limits').output)).toBe('100 100');
		expect(openFiles(sh.run('(ulimit -S -n 50; cat /proc/self/limits)').output)).toBe('50 100');
		expect(openFiles(sh.run('cat /proc/$$/limits').output)).toBe('100 100');
		expect(openFiles(sh.run("sh -c 'ulimit -S -n 20; cat /proc/$$/limits'").output)).toBe('20 100');
		expect(openFiles(read('/proc/1/limits') as string)).toBe('100 100');
		sh.run('ulimit -S -c unlimited');
		expect(/^Max core file size +(\S+)/m.exec(read('/proc/1/limits') as string)?.[1]).toBe('unlimited');
	});
});

describe('/proc/<pid>/statm, oom_score, oom_score_adj', () => {
	it('statm is status\'s Vm figures in pages; a kernel thread has none', () => {
		const {sys, read} = boot();
		const pid = sys.fork!(['cat']);
		const status = read(`/proc/${pid}/status`) as string;
		const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)![1]);
		const statm = (read(`/proc/${pid}/statm`) as string).trim().split(' ').map(Number);
		expect(statm).toEqual([kb('VmSize') / 4, kb('VmRSS') / 4, (kb('RssFile') + kb('RssShmem')) / 4, kb('VmExe') / 4, 0, (kb('VmData') + kb('VmStk')) / 4, 0]);
		expect(read('/proc/2/statm')).toBe('0 0 0 0 0 0 0\n');
	});

	it('oom_score: init and kernel threads 0, others scaled by oom_badness(); oom_score_adj moves it and is inherited', () => {
		const {sys, read} = boot();
		const totalPages = Number(/^MemTotal:\s+(\d+)/m.exec(read('/proc/meminfo') as string)![1]) / 4;
		expect(read('/proc/1/oom_score')).toBe('0\n');
		expect(read('/proc/2/oom_score')).toBe('0\n');
		// An exec'ed program's mm counts one resident page yet (its other faults are in the
		// task's RSS cache), plus its 7 page-table pages.
		const pid = sys.fork!(['sh']);
		const rssAndTables = 1 + 7;
		expect(read(`/proc/${pid}/oom_score`)).toBe(`${Math.floor(((1000 + Math.trunc((rssAndTables * 1000) / totalPages)) * 2) / 3)}\n`);
		const adj = sys.vfs.open(`/proc/${pid}/oom_score_adj`, {write: true});
		if (typeof adj === 'string') throw new Error(adj);
		expect(adj.write('1001')).toBe('EINVAL');
		expect(adj.write('1000')).toBeUndefined();
		const child = sys.fork!(['cat']);
		expect(read(`/proc/${child}/oom_score_adj`)).toBe('1000\n');
		expect(Number(read(`/proc/${child}/oom_score`))).toBeGreaterThan(1300);
	});
});

describe('/proc/<pid>/exe and the programs ash execs as /proc/self/exe', () => {
	it('links every user task to the static busybox; kernel threads have none', async () => {
		const {printed, startSession} = await import('./session-helpers.js');
		const s = startSession(['-m', '1G', '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet nokaslr']);
		expect(printed(s, 'serial', 'readlink /proc/self/exe; readlink /proc/1/exe')).toBe('/bin/busybox\n/bin/busybox\n');
		expect(printed(s, 'serial', 'ls /proc/2/exe')).toBe('ls: /proc/2/exe: No such file or directory\n');
	});

	it('holds a program\'s /proc inodes until the line is done: three at once need a new slab, one at a time do not', async () => {
		const {printed, startSession} = await import('./session-helpers.js');
		const sreclaimable = (s: ReturnType<typeof startSession>) => Number(/SReclaimable:\s+(\d+)/.exec(printed(s, 'serial', 'head -n 30 /proc/meminfo'))![1]);
		// Boot left six proc inodes free; /proc/meminfo's own takes one.
		const one = startSession(['-m', '1G', '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet nokaslr']);
		const s0 = sreclaimable(one);
		for (let i = 0; i < 4; i++) printed(one, 'serial', 'cat /proc/version > /dev/null');
		expect(sreclaimable(one)).toBe(s0);
		const three = startSession(['-m', '1G', '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet nokaslr']);
		const t0 = sreclaimable(three);
		printed(three, 'serial', 'cat /proc/version | cat | cat > /dev/null');
		// /proc/version and six programs' inodes: an order-1 slab (8 kB), with their dentries'.
		expect(sreclaimable(three) - t0).toBeGreaterThanOrEqual(8);
	});
});

describe('/proc/<pid>: the whole directory (lab s44/pc)', () => {
	const start = async () => {
		const {printed, startSession} = await import('./session-helpers.js');
		const s = startSession(['-m', '1G', '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet nokaslr']);
		return (cmd: string) => printed(s, 'serial', cmd);
	};

	it('listing a task directory instantiates its entries (proc_fill_cache()): the first time only', async () => {
		const sh = await start();
		const reclaimable = () => Number(/SReclaimable:\s+(\d+)/.exec(sh('grep SReclaimable /proc/meminfo'))![1]);
		reclaimable();
		const before = reclaimable();
		sh('ls /proc/1/ > /dev/null');
		const after = reclaimable();
		// 56 proc inodes (order-1 slabs of 11) and their dentries: the lab's +40 kB and more.
		expect(after - before).toBeGreaterThanOrEqual(40);
		sh('ls /proc/1/ > /dev/null');
		expect(reclaimable()).toBe(after);
		// a glob reads the directory and stats nothing: the readdir alone instantiates the entries
		sh('echo /proc/2/* > /dev/null');
		const globbed = reclaimable();
		expect(globbed - after).toBeGreaterThanOrEqual(40);
		sh('ls /proc/2/ > /dev/null');
		expect(reclaimable()).toBe(globbed);
	});

	it('fd: the descriptors as redirected, and the listing\'s own directory, closed before ls reads its link', async () => {
		const sh = await start();
		expect(sh('ls -l /proc/self/fd 2>&1 >/dev/null')).toBe('ls: /proc/self/fd/3: cannot read link: No such file or directory\n');
		expect(sh('ls /proc/self/fd; readlink /proc/1/fd/0; readlink /proc/1/fd/10')).toBe('0   1   10  2   3\n/dev/ttyS0\n/dev/tty\n');
		expect(sh('ls -l /proc/self/fd 2>/dev/null | grep " 1 -> "')).toMatch(/^l-wx------ .* 1 -> pipe:\[\d+\]\n$/);
		expect(sh('ls -l /proc/self/fd 2>/dev/null > /tmp/f; grep " 1 -> " /tmp/f')).toMatch(/ 1 -> \/tmp\/f\n$/);
		// `<&-` closes 0: the directory ls opens takes it
		expect(sh('ls /proc/self/fd <&-')).toBe('0   1   10  2\n');
		expect(sh('readlink /proc/self/fd/0 < /etc/passwd')).toBe('/etc/passwd\n');
		// cat is exec'ed: ash's tty descriptor (O_CLOEXEC) is gone
		expect(sh('cat /proc/self/fdinfo/10')).toBe("cat: can't open '/proc/self/fdinfo/10': No such file or directory\n");
	});

	it('an exec\'ed program: a new layout, its RSS still in the task\'s cache, cat\'s copy buffer; a NOEXEC applet has the shell\'s', async () => {
		const sh = await start();
		expect(sh('cat /proc/self/status | grep -E "VmSize|VmRSS"')).toBe('VmSize:\t    2324 kB\nVmRSS:\t       4 kB\n');
		expect(sh('grep -E "VmSize|VmRSS" /proc/self/status')).toBe('VmSize:\t    2260 kB\nVmRSS:\t       4 kB\n');
		expect(sh('head -n 30 /proc/self/status | grep VmRSS')).toBe(sh('grep VmRSS /proc/1/status'));
		expect(sh('cat /proc/self/maps | wc -l; grep -c . /proc/self/maps')).toBe('11\n10\n');
		expect(sh('head -n 1 /proc/1/maps')).toBe('00400000-00401000 r--p 00000000 00:02 251                                /bin/busybox\n');
		expect(sh('cat /proc/self/statm')).toBe('581 1 0 388 0 93 0\n');
	});

	it('smaps: PSS divides each page of the image by the tasks mapping it (the shell\'s text with grep running)', async () => {
		const sh = await start();
		// 260 pages shared with grep's working set, 64 the shell's alone: 260 * 2 + 64 * 4 kB
		const text = sh('grep -A5 "^00401000" /proc/1/smaps');
		expect(text).toContain('Rss:                1296 kB\nPss:                 776 kB\n');
		// piped into a second grep, a third task maps the 260 pages: 260 * 4 / 3 + 64 * 4
		expect(sh('grep -A5 "^00401000" /proc/1/smaps | grep Pss')).toBe('Pss:                 602 kB\n');
		expect(sh('grep Shared_Clean /proc/1/smaps_rollup')).toBe('Shared_Clean:          4 kB\n');
	});

	it('kernel threads: their thread function\'s wait, no mm (smaps_rollup: ESRCH), full names but for rescuers', async () => {
		const sh = await start();
		expect(sh('cat /proc/2/wchan; echo; cat /proc/2/stack')).toBe('kthreadd\n[<0>] kthreadd+0x2bc/0x2d0\n[<0>] ret_from_fork+0x22/0x30\n');
		expect(sh('cat /proc/2/smaps_rollup')).toBe('cat: read error: No such process\n');
		expect(sh('cat /proc/11/comm /proc/37/comm; cat /proc/1/wchan; echo')).toBe('rcu_tasks_kthread\nquota_events_un\ndo_wait\n');
		expect(sh('readlink /proc/2/exe; echo $?')).toBe('1\n');
	});

	it('the shell waits in wait4() for a command, in pipe_read() for a substitution (holding the pipe on fd 3)', async () => {
		const sh = await start();
		expect(sh('cat /proc/1/wchan; echo')).toBe('do_wait\n');
		expect(sh('echo $(cat /proc/1/wchan)')).toBe('pipe_read\n');
		expect(sh('echo "$(cat /proc/1/stack)"')).toBe('[<0>] pipe_read+0x3df/0x470\n[<0>] vfs_read+0x2de/0x310\n[<0>] ksys_read+0xb7/0xf0\n'
			+ '[<0>] do_syscall_64+0x5d/0xb0\n[<0>] entry_SYSCALL_64_after_hwframe+0x6e/0xd8\n');
		expect(sh('echo $(ls /proc/1/fd)')).toBe('0 1 10 2 3\n');
		// the substitution's own child has not the read end: its 3 is the directory it lists
		expect(sh('echo $(ls /proc/self/fd)')).toBe('0 1 10 2 3\n');
		expect(sh('echo $(readlink /proc/self/fd/1)')).toMatch(/^pipe:\[\d+\]\n$/);
		expect(sh('ls /proc/1/fd')).toBe('0   1   10  2\n');
		// a kernel thread's sched has no mm->numa_scan_seq line (the lab's 1774 bytes for pid 10, 1831 for the shell)
		expect(sh('wc -c < /proc/10/sched; wc -c < /proc/1/sched')).toBe('1774\n1831\n');
	});

	it('listing the directories after a kernel online puts their objects in the new block: its offline fails', async () => {
		const {printed, startSession} = await import('./session-helpers.js');
		const s = startSession(['-m', '1G,slots=4,maxmem=8G', '-kernel', 'bzImage', '-append', 'console=ttyS0 quiet nokaslr']);
		printed(s, 'monitor', 'object_add memory-backend-ram,id=m1,size=512M');
		printed(s, 'monitor', 'device_add pc-dimm,id=d1,memdev=m1');
		expect(printed(s, 'serial', 'echo online_kernel > /sys/devices/system/memory/memory32/state')).toBe('');
		// lab s44/eb: the same refusal (the lab's dump names an order-0 slab at 0x10000a)
		expect(printed(s, 'serial', 'ls /proc/1/ > /dev/null; echo offline > /sys/devices/system/memory/memory32/state')).toBe('sh: write error: Device or resource busy\n');
	});

	it('oom_adj is oom_score_adj on the old -17..15 scale; comm takes what is written, newline included; timerslack_ns, ns', async () => {
		const sh = await start();
		expect(sh('echo 3 > /proc/1/oom_adj; cat /proc/1/oom_adj /proc/1/oom_score_adj')).toBe('2\n176\n');
		expect(sh('echo 15 > /proc/1/oom_adj; cat /proc/1/oom_score_adj; echo 16 > /proc/1/oom_adj')).toBe('1000\nsh: write error: Invalid argument\n');
		expect(sh('echo hi > /proc/1/comm; cat /proc/1/comm')).toBe('hi\n\n');
		// timerslack_ns: a write sets it, 0 restores the default; a namespace link leads to an nsfs inode without read
		expect(sh('echo 5 > /proc/1/timerslack_ns; cat /proc/1/timerslack_ns; echo 0 > /proc/1/timerslack_ns; cat /proc/1/timerslack_ns')).toBe('5\n50000\n');
		expect(sh('readlink /proc/1/ns/mnt; cat /proc/1/ns/mnt')).toBe('mnt:[4026531841]\ncat: read error: Invalid argument\n');
	});
});
