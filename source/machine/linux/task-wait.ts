/**
 * Where a task sleeps, as /proc/<pid>/wchan, stack and syscall show it. Kernel threads wait in
 * their thread functions (the lab's 1G guest, session 44: every boot thread's stack), the console
 * shell in wait4() for its foreground job or in pipe_read() for a command substitution's output,
 * `sleep` in clock_nanosleep(), and the task reading the file is running: wchan 0, and its stack
 * is the read(2) that shows it.
 */

import type {Task} from './process.js';
import type {Layout} from './task-mm.js';

const KTHREAD_TAIL = ['kthread+0xda/0x100', 'ret_from_fork+0x22/0x30'];
const SYSCALL_ENTRY = ['do_syscall_64+0x5d/0xb0', 'entry_SYSCALL_64_after_hwframe+0x6e/0xd8'];

/** A kernel thread's wait: its thread function's frames (kthread() and ret_from_fork() follow). */
function kthreadFrames(t: Task): string[] {
	const c = t.comm;
	if (c === 'kthreadd') return ['kthreadd+0x2bc/0x2d0'];
	if (c.startsWith('kworker/')) return ['worker_thread+0xaf/0x380'];
	if (/^(ksoftirqd|migration|cpuhp)\//.test(c)) return ['smpboot_thread_fn+0x147/0x1d0'];
	if (c.startsWith('rcu_tasks')) return ['rcu_tasks_one_gp+0x1df/0x3b0', 'rcu_tasks_kthread+0x2e/0x40'];
	const own: Record<string, string[]> = {
		rcu_preempt: ['rcu_gp_fqs_loop+0x141/0x560', 'rcu_gp_kthread+0xd8/0x1b0'],
		kdevtmpfs: ['devtmpfs_work_loop+0x317/0x320', 'devtmpfsd+0x22/0x2b'],
		kauditd: ['kauditd_thread+0x1ce/0x2d0'],
		khungtaskd: ['watchdog+0x7c/0x440'],
		oom_reaper: ['oom_reaper+0x24b/0x390'],
		ksmd: ['ksm_scan_thread+0x148d/0x2320'],
		khugepaged: ['khugepaged+0x5bf/0x970'],
	};
	if (own[c]) return own[c];
	if (c.startsWith('kcompactd')) return ['kcompactd+0x3cf/0x420'];
	if (c.startsWith('kswapd')) return ['kswapd+0x380/0x3a0'];
	// Every other boot thread is a workqueue's rescuer (WQ_MEM_RECLAIM), named after its workqueue.
	return ['rescuer_thread+0x2ae/0x3a0'];
}

type UserWait = 'running' | 'wait4' | 'nanosleep' | 'pipe_read';

function userWait(t: Task, reader: Task): UserWait {
	if (t === reader) return 'running';
	if (t.comm === 'sleep' && t.execed) return 'nanosleep';
	return t.waitsOn ?? 'wait4';
}

const USER_FRAMES: Record<UserWait, string[]> = {
	// The reader itself: proc_pid_stack() as seq_read() runs it.
	running: ['proc_pid_stack+0xab/0x120', 'proc_single_show+0x50/0xb0', 'seq_read_iter+0x122/0x450', 'seq_read+0xd0/0x100', 'vfs_read+0xa5/0x310', 'ksys_read+0x6b/0xf0', ...SYSCALL_ENTRY],
	wait4: ['do_wait+0x114/0x320', 'kernel_wait4+0xb4/0x160', '__do_sys_wait4+0xa2/0xb0', ...SYSCALL_ENTRY],
	pipe_read: ['pipe_read+0x3df/0x470', 'vfs_read+0x2de/0x310', 'ksys_read+0xb7/0xf0', ...SYSCALL_ENTRY],
	nanosleep: ['hrtimer_nanosleep+0x9e/0x170', 'common_nsleep+0x3f/0x50', '__x64_sys_clock_nanosleep+0xdb/0x140', ...SYSCALL_ENTRY],
};

/** proc_pid_wchan(): the first frame outside the scheduler, by name; 0 for a running task. */
export function wchan(t: Task, reader: Task): string {
	if (t.kthread) return kthreadFrames(t)[0]!.replace(/\+.*/, '');
	const w = userWait(t, reader);
	return w === 'running' ? '0' : USER_FRAMES[w][0]!.replace(/\+.*/, '');
}

/** proc_pid_stack(): the saved frames, `[<0>]` for the hashed addresses. */
export function stack(t: Task, reader: Task): string {
	const frames = t.kthread ? [...kthreadFrames(t), ...(t.comm === 'kthreadd' ? KTHREAD_TAIL.slice(1) : KTHREAD_TAIL)] : USER_FRAMES[userWait(t, reader)];
	return frames.map(f => `[<0>] ${f}\n`).join('');
}

const h = (n: number) => `0x${n.toString(16)}`;

/**
 * proc_pid_syscall(): the system call number, its six arguments, the stack pointer and the user
 * program counter. A kernel thread shows zeros; a user task the call it sleeps in (wait4(-1,
 * &status, WSTOPPED, NULL) from ash's waitproc(), clock_nanosleep(CLOCK_REALTIME, 0, &req, &rem)),
 * or the read(2) the reader is in (`cat`: fd 3 into its 64 KiB copy buffer).
 */
export function syscall(t: Task, reader: Task, layout: Layout | undefined): string {
	if (t.kthread || !layout) return '0 0x0 0x0 0x0 0x0 0x0 0x0 0x0 0x0\n';
	const end = layout.stackEnd;
	switch (userWait(t, reader)) {
		case 'running': {
			const buf = t.comm === 'cat' ? layout.mmapBase - 0x10000 : layout.heap + 0x2a0;
			const count = t.comm === 'cat' ? 0x10000 : 0x1000;
			return `0 0x3 ${h(buf)} ${h(count)} 0x22 0xffffffff 0x0 ${h(end - 0xc98)} 0x47b6fd\n`;
		}
		case 'pipe_read':
			// ash's readtoken() of the substitution's output: read(fd 3, a buffer on its stack, 128)
			return `0 0x3 ${h(end - 0x1a68)} 0x80 0x5b4f21 0xffff 0x5a1a98 ${h(end - 0x1b38)} 0x47b6fd\n`;
		case 'nanosleep':
			return `230 0x0 0x0 ${h(end - 0xa18)} ${h(end - 0xa18)} 0x1999999999999999 0x0 ${h(end - 0xa38)} 0x4bfde3\n`;
		default:
			return `61 0xffffffff ${h(end - 0x1164)} 0x2 0x0 ${h(layout.heap + 0x3f34)} 0x5a1a98 ${h(end - 0x1188)} 0x460a63\n`;
	}
}
