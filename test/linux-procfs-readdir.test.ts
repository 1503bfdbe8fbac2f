/**
 * /proc as readdir returns it (lab s19/p11): the root's proc_dir_entry children in their rbtree's
 * order (proc_match(): shorter names first, then by bytes), then `self`, `thread-self` and the
 * tasks (proc_pid_readdir()); a task's directory in tgid_base_stuff[] order, `task` first.
 */
import {describe, expect, it} from 'vitest';
import {printed, startSession} from './session-helpers.js';

describe('procfs readdir order', () => {
	const s = startSession(['-m', '1024M,slots=32,maxmem=8G', '-kernel', 'bzImage']);
	it('the root: by name length, then name; self and thread-self after them, the pids last', () => {
		const names = printed(s, 'serial', "find /proc -maxdepth 1 | sed 's|/proc/||'").split('\n').slice(1, -1);
		const self = names.indexOf('self');
		const fixed = names.slice(0, self);
		expect(fixed.slice(0, 5)).toEqual(['fb', 'fs', 'bus', 'dma', 'irq']);
		expect(fixed.at(-1)).toBe('sysrq-trigger');
		for (let i = 1; i < fixed.length; i++) expect(fixed[i]!.length).toBeGreaterThanOrEqual(fixed[i - 1]!.length);
		expect(names[self + 1]).toBe('thread-self');
		expect(names.slice(self + 2).every((n) => /^\d+$/.test(n))).toBe(true);
	});
	it('a task: task, environ, status, limits, comm, cmdline, stat, statm, exe, oom_score, oom_score_adj', () => {
		expect(printed(s, 'serial', "find /proc/self/ -maxdepth 1 | sed 's|/proc/self/||' | tr '\\n' ' '")).toBe(' task environ status limits comm cmdline stat statm exe oom_score oom_score_adj ');
	});
});
