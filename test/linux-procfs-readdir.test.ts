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
	// The lab guest's `find /proc/1 -maxdepth 1` and `find /proc/1/task/1 -maxdepth 1` (session 44, lab s44/pc b).
	const TGID = 'task fd map_files fdinfo ns net environ auxv status personality limits sched autogroup timens_offsets comm syscall cmdline stat statm maps numa_maps mem cwd root exe mounts mountinfo mountstats clear_refs smaps smaps_rollup pagemap attr wchan stack schedstat cpuset cgroup cpu_resctrl_groups oom_score oom_adj oom_score_adj loginuid sessionid coredump_filter io uid_map gid_map projid_map setgroups timers timerslack_ns patch_state arch_status ksm_merging_pages ksm_stat';
	const TID = 'fd fdinfo ns net environ auxv status personality limits sched comm syscall cmdline stat statm maps children numa_maps mem cwd root exe mounts mountinfo clear_refs smaps smaps_rollup pagemap attr wchan stack schedstat cpuset cgroup cpu_resctrl_groups oom_score oom_adj oom_score_adj loginuid sessionid io uid_map gid_map projid_map setgroups patch_state arch_status ksm_merging_pages ksm_stat';
	it('a task: tgid_base_stuff[] in its order, task first; its thread: tid_base_stuff[]', () => {
		expect(printed(s, 'serial', "find /proc/1 -maxdepth 1 | sed 's|/proc/1/\\?||' | tr '\\n' ' '")).toBe(` ${TGID} `);
		expect(printed(s, 'serial', "find /proc/1/task/1 -maxdepth 1 | sed 's|/proc/1/task/1/\\?||' | tr '\\n' ' '")).toBe(` ${TID} `);
	});
	it('a name looked up without a listing: each table has only its own entries (proc_pident_lookup())', () => {
		// A fresh task (the reader itself), whose directory nothing has listed yet.
		expect(printed(s, 'serial', 'cat /proc/self/children; echo $?')).toBe('cat: can\'t open \'/proc/self/children\': No such file or directory\n1\n');
		expect(printed(s, 'serial', 'cat /proc/self/task/*/autogroup; echo $?')).toBe('cat: can\'t open \'/proc/self/task/*/autogroup\': No such file or directory\n1\n');
		expect(printed(s, 'serial', 'cat /proc/self/autogroup')).toBe('/autogroup-1 nice 0\n');
		expect(printed(s, 'serial', 'readlink /proc/self/exe; readlink /proc/$$/task/$$/exe')).toBe('/bin/busybox\n/bin/busybox\n');
	});
});
