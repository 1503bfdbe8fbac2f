/**
 * Linux x86 signals as busybox 1.35 names them (libbb/u_signal_names.c) and glibc describes
 * them (strsignal(), which ash prints for a job killed by a signal), with each signal's default
 * action (signal(7)).
 */

/** busybox's signals[] table by number; 0 is EXIT. SIGIO and SIGPOLL share 29: the table says POLL. */
export const SIGNAL_NAMES = ['EXIT', 'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM',
	'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'POLL', 'PWR', 'SYS'] as const;

/** glibc's _NSIG: signal numbers run from 1 to 64. */
export const NSIG = 65;

export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGKILL = 9;
export const SIGPIPE = 13;
export const SIGTERM = 15;

/**
 * get_signum(): a number below NSIG (0 allowed, for shells), or a name with or without `SIG` in
 * any case, IO and IOT being aliases; -1 for anything else. Debian's build has no RTMIN/RTMAX names.
 */
export function getSignum(s: string): number {
	if (/^\d+$/.test(s)) {
		const n = Number(s);
		if (n < NSIG) return n;
	}
	const name = (/^sig/i.test(s) ? s.slice(3) : s).toUpperCase();
	const i = (SIGNAL_NAMES as readonly string[]).indexOf(name);
	if (i >= 0) return i;
	if (name === 'IO') return 29;
	if (name === 'IOT') return 6;
	return -1;
}

/** get_signame(): the table's name, or the number itself. */
export function getSigname(n: number): string {
	return SIGNAL_NAMES[n] ?? String(n);
}

const DESCRIPTIONS = ['Unknown signal 0', 'Hangup', 'Interrupt', 'Quit', 'Illegal instruction', 'Trace/breakpoint trap', 'Aborted', 'Bus error',
	'Floating point exception', 'Killed', 'User defined signal 1', 'Segmentation fault', 'User defined signal 2', 'Broken pipe', 'Alarm clock',
	'Terminated', 'Stack fault', 'Child exited', 'Continued', 'Stopped (signal)', 'Stopped', 'Stopped (tty input)', 'Stopped (tty output)',
	'Urgent I/O condition', 'CPU time limit exceeded', 'File size limit exceeded', 'Virtual timer expired', 'Profiling timer expired',
	'Window changed', 'I/O possible', 'Power failure', 'Bad system call'];

/** glibc 2.36 strsignal(): real-time signals count from SIGRTMIN (34; 32 and 33 are glibc's own). */
export function strsignal(n: number): string {
	if (n < DESCRIPTIONS.length) return DESCRIPTIONS[n]!;
	if (n >= 34 && n < NSIG) return `Real-time signal ${n - 34}`;
	return `Unknown signal ${n}`;
}

/** A signal's default disposition (signal(7)): core-dumping ones terminate too (RLIMIT_CORE is 0). */
export function defaultAction(n: number): 'terminate' | 'ignore' | 'stop' {
	if (n === 17 || n === 18 || n === 23 || n === 28) return 'ignore';
	if (n >= 19 && n <= 22) return 'stop';
	return 'terminate';
}
