import {PAGE_SIZE, totalramAtInitcalls} from './memblock.js';

/**
 * Resource limits as the init task hands them down (include/asm-generic/resource.h's
 * INIT_RLIMITS, with fork_init()'s RLIMIT_NPROC and RLIMIT_SIGPENDING), which the console shell
 * and everything it starts inherit. Infinity is RLIM_INFINITY.
 */
export type Resource = 'core' | 'data' | 'nice' | 'fsize' | 'sigpending' | 'memlock' | 'rss' | 'nofile' | 'msgqueue' | 'rtprio' | 'stack' | 'cpu' | 'nproc' | 'as' | 'locks' | 'rttime';

export interface RLimit {
	cur: number;
	max: number;
}

/** THREAD_SIZE on x86_64 (16 KiB kernel stacks). */
const THREAD_SIZE = 16384;
/** FUTEX_TID_MASK: the most threads set_max_threads() allows. */
export const MAX_THREADS = 0x3fffffff;
const MIN_THREADS = 20;

/**
 * set_max_threads() in fork_init(): as many threads as the memory allows with their stacks at
 * an eighth of it, counted from totalram_pages() at that point of start_kernel(), before the
 * initrd and the kernel's init sections are freed (the lab's 1G guest: kernel.threads-max 7097,
 * ulimit -u 3548; 4G: 15626, which fit the count of the initcalls, SMP alternatives freed).
 */
export function maxThreads(bootTotalramPages: number): number {
	const pages = totalramAtInitcalls(bootTotalramPages);
	const threads = Math.floor((pages * PAGE_SIZE) / (THREAD_SIZE * 8));
	return Math.min(MAX_THREADS, Math.max(MIN_THREADS, threads));
}

/** The init task's limits: RLIMIT_NPROC and RLIMIT_SIGPENDING are max_threads / 2. */
export function initRlimits(maxThreadsAtBoot: number): Map<Resource, RLimit> {
	const half = Math.floor(maxThreadsAtBoot / 2);
	const inf = Infinity;
	return new Map<Resource, RLimit>([
		['cpu', {cur: inf, max: inf}],
		['fsize', {cur: inf, max: inf}],
		['data', {cur: inf, max: inf}],
		// _STK_LIM
		['stack', {cur: 8 * 1024 * 1024, max: inf}],
		['core', {cur: 0, max: inf}],
		['rss', {cur: inf, max: inf}],
		['nproc', {cur: half, max: half}],
		// INR_OPEN_CUR, INR_OPEN_MAX
		['nofile', {cur: 1024, max: 4096}],
		// MLOCK_LIMIT (8 MiB since 5.16)
		['memlock', {cur: 8 * 1024 * 1024, max: 8 * 1024 * 1024}],
		['as', {cur: inf, max: inf}],
		['locks', {cur: inf, max: inf}],
		['sigpending', {cur: half, max: half}],
		// MQ_BYTES_MAX
		['msgqueue', {cur: 819200, max: 819200}],
		['nice', {cur: 0, max: 0}],
		['rtprio', {cur: 0, max: 0}],
		['rttime', {cur: inf, max: inf}],
	]);
}
