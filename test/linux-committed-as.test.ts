/**
 * Committed_AS (vm_memory_committed(), the exact sum of vm_committed_as): the pages tmpfs charged
 * as its files grew (shmem_acct_block(), VM_NORESERVE) and every user task's VM_ACCOUNT mappings.
 * Figures from the lab's 1G guest (session 47, lab s47/r23 ca): 1948 kB of unpacked initramfs,
 * 336 kB (84 pages) per task, 64 kB more while busybox `cat` copies through its mmap'ed buffer.
 */
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../source/machine/clock.js';
import {LinuxGuest} from '../source/machine/linux/index.js';
import {accountedPages, randomLayout, taskVmas} from '../source/machine/linux/task-mm.js';
import {Shell} from '../source/machine/shell/index.js';
import {FakeFirmware, pcBootInfo} from './linux-boot-fixture.js';

function boot() {
	const g = new LinuxGuest({boot: pcBootInfo({ramMiB: 1024, maxMiB: 8192, slots: 32, cpus: 1}), firmware: new FakeFirmware(32), clock: new VirtualClock(), console: () => {}});
	return new Shell(g.syscalls, {columns: 80});
}

const out = (sh: Shell, line: string) => sh.run(line).output;
const committed = (sh: Shell, line = 'grep Committed_AS /proc/meminfo') => Number(/Committed_AS:\s+(\d+) kB/.exec(out(sh, line))?.[1]);

describe('Committed_AS', () => {
	it('a task charges its VM_ACCOUNT mappings: RELRO and data, bss, heap and stack, 84 pages', () => {
		const sh = {pid: 1, ppid: 0, comm: 'sh', argv: ['sh'], kthread: false, pgid: 1, flags: 0, rlimits: new Map()};
		expect(accountedPages(taskVmas(sh, randomLayout(1)))).toBe(84);
		// the copy buffer of a `cat` that could not sendfile(): 16 more
		expect(accountedPages(taskVmas({...sh, copyBuf: true}, randomLayout(1)))).toBe(100);
		// a kernel thread has no mm
		expect(accountedPages(taskVmas({...sh, kthread: true}, randomLayout(1)))).toBe(0);
	});

	it('counts the rootfs and each live task: the shell and the reader, a pipeline all its stages', () => {
		const sh = boot();
		expect(committed(sh)).toBe(2620);
		// sendfile() from /proc/meminfo works: cat maps no buffer
		expect(committed(sh, 'cat /proc/meminfo')).toBe(2620);
		expect(committed(sh, 'cat < /proc/meminfo | grep Committed_AS')).toBe(2956);
		expect(committed(sh, 'cat /proc/self/stat /proc/meminfo | grep Committed_AS')).toBe(2956);
		// a subshell's and a command substitution's one program runs in their process; so does
		// the whole of a -c string (ash's EV_EXIT)
		expect(committed(sh, '(grep Committed_AS /proc/meminfo)')).toBe(2620);
		expect(committed(sh, 'x=$(grep Committed_AS /proc/meminfo); echo $x')).toBe(2620);
		expect(committed(sh, "sh -c 'grep Committed_AS /proc/meminfo'")).toBe(2620);
	});

	it('tmpfs pages are charged as they are written and given back as they are freed', () => {
		const sh = boot();
		expect(committed(sh, 'echo hello > /tmp/x; grep Committed_AS /proc/meminfo')).toBe(2624);
		expect(committed(sh, 'dd if=/dev/zero of=/tmp/f bs=4096 count=100 2>/dev/null; grep Committed_AS /proc/meminfo')).toBe(3024);
		expect(committed(sh, 'rm /tmp/f /tmp/x; grep Committed_AS /proc/meminfo')).toBe(2620);
	});
});

describe("busybox cat's copy buffer", () => {
	it('is mapped while cat copies a file sendfile() cannot read: a /proc/PID seq_file, a pipe', () => {
		const sh = boot();
		const maps = out(sh, 'cat /proc/self/maps').split('\n');
		expect(maps.filter(l => / rw-p 00000000 00:00 0 *$/.test(l)).length).toBe(2);
		expect(out(sh, 'cat /proc/self/status | grep VmData')).toBe('VmData:\t     240 kB\n');
		expect(out(sh, 'cat < /proc/self/status | grep VmData')).toBe('VmData:\t     240 kB\n');
		expect(out(sh, 'echo x | cat /proc/self/status | grep VmData')).toBe('VmData:\t     240 kB\n');
		// only while that file is copied: a /proc/meminfo after it goes by sendfile()
		expect(out(sh, 'cat /proc/meminfo /proc/self/maps | grep -cE "rw-p 00000000 00:00 0 *$"')).toBe('2\n');
		expect(out(sh, 'cat /proc/self/maps /proc/meminfo | grep Committed_AS')).toBe('Committed_AS:       2956 kB\n');
	});

	it('is not mapped for sendfile()-able files, nor by -n or -v, which read through stdio', () => {
		const sh = boot();
		expect(out(sh, 'cat -n /proc/self/status | grep VmData')).toBe('    26\tVmData:\t     176 kB\n');
		expect(out(sh, 'cat -v /proc/self/status | grep VmData')).toBe('VmData:\t     176 kB\n');
		expect(out(sh, 'grep VmData /proc/self/status')).toBe('VmData:\t     176 kB\n');
	});
});
