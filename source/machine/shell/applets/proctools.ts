import {isErrno, strerror} from '../../errno.js';
import {bbShowUsage, bbUsage, dashDashHelp, getopt32, UINT_MAX, BadNumber, xatonum} from '../getopt.js';
import {parseDurationStr} from './sysutils.js';
import {errorMsg, readFile, type InteractiveProgram, type Proc, type Program} from '../proc.js';
import type {Run} from '../interp.js';
import {waitRealTime} from './realtime.js';
import {getSignum, SIGTERM} from '../signals.js';
import {listSignals} from './kill.js';
import {procPids, scanTask} from './ps.js';

/**
 * busybox 1.35 pidof and killall (procps/pidof.c, kill.c over libbb's find_pid_by_name()),
 * time (miscutils/time.c), usleep, factor and unlink, as the Debian build has them (pidof
 * without -s and -o).
 */

/**
 * find_pid_by_name(): the tasks in /proc order whose comm is the name (a comm cut at 15
 * characters also needs argv[1]'s basename to be it: a script), or whose argv[0]'s basename is.
 */
const base = (s: string | undefined) => (s === undefined ? undefined : s.slice(s.lastIndexOf('/') + 1));

function findPidByName(p: Proc, name: string): number[] {
	const found: number[] = [];
	for (const pid of procPids(p)) {
		p.tick();
		const task = scanTask(p, `/proc/${pid}`, pid);
		if (!task) continue;
		const cmdline = readFile(p.vfs, `/proc/${pid}/cmdline`);
		const argv = isErrno(cmdline) || cmdline === '' ? [] : cmdline.replace(/\0$/, '').split('\0');
		const commMatch = task.comm === name.slice(0, 15) && (task.comm.length < 15 || base(argv[1]) === name);
		if (commMatch || (argv.length && base(argv[0]) === name)) found.push(pid);
	}
	return found;
}

/** pidof NAME...: the matching pids on one line; 1 when none matched. */
const pidof: Program = p => {
	const o = getopt32(p, {opts: ''});
	if (typeof o === 'number') return o;
	const pids = o.args.flatMap(name => findPidByName(p, name));
	if (pids.length) p.out(`${pids.join(' ')}\n`);
	return pids.length ? 0 : 1;
};

/** killall [-lq] [-SIG] NAME...: the signal to every matching task but killall itself. */
const killall: Program = p => {
	if (dashDashHelp(p)) return bbShowUsage(p, 'killall', 0);
	const args = p.argv.slice(1);
	let signo = SIGTERM;
	let quiet = false;
	while (args[0]?.startsWith('-') && args[0] !== '-') {
		const opt = args.shift()!.slice(1);
		if (opt === 'q') quiet = true;
		else if (opt === 'l') return listSignals(p, args, msg => errorMsg(p, msg));
		else {
			signo = getSignum(opt);
			if (signo < 0) {
				errorMsg(p, `bad signal name '${opt}'`);
				return 1;
			}
		}
	}
	if (!args.length) {
		errorMsg(p, 'you need to specify whom to kill');
		return 1;
	}
	const self = p.sys.getpid?.();
	let errors = 0;
	for (const name of args) {
		const pids = findPidByName(p, name).filter(pid => pid !== self);
		if (!pids.length) {
			errors++;
			if (!quiet) errorMsg(p, `${name}: no process killed`);
			continue;
		}
		for (const pid of pids) {
			const err = p.sys.kill?.(pid, signo);
			if (err === undefined) continue;
			errors++;
			if (!quiet) errorMsg(p, `can't kill pid ${pid}: ${strerror[err]}`);
		}
	}
	return errors;
};

/** time.c's `%um %u.%02us` (an hour or more: `%uh %um %02us`). */
function minutesSeconds(ms: number): string {
	if (ms >= 3600 * 1000) return `${Math.floor(ms / 3600000)}h ${Math.floor(ms / 60000) % 60}m ${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}s`;
	return `${Math.floor(ms / 60000)}m ${Math.floor(ms / 1000) % 60}.${String(Math.floor(ms / 10) % 100).padStart(2, '0')}s`;
}

const seconds = (ms: number) => `${Math.floor(ms / 1000)}.${String(Math.floor(ms / 10) % 100).padStart(2, '0')}`;

/**
 * time [-pa] [-f FMT] [-o FILE] PROG ARGS: runs PROG and reports on stderr (or FILE) the time
 * it took on the guest's clock; user and system time are not accounted here (0). A failing
 * PROG adds `Command exited with non-zero status N` (`Command terminated by signal N` when a
 * signal killed it); time exits with PROG's status (or that signal's number).
 */
const time: Program = p => {
	const o = getopt32(p, {opts: '+vpaf:o:'});
	if (typeof o === 'number') return o;
	if (!o.args.length) return bbShowUsage(p);
	if (o.has('v')) {
		p.err('memhp: time: -v (the rusage report) is not simulated\n');
		return 1;
	}
	const fmt = o.arg('f') ?? (o.has('p') ? 'real %e\nuser %U\nsys %S' : 'real\t%E\nuser\t%u\nsys\t%T');
	const start = p.sys.uptime();
	let status: number;
	let cantRun = '';
	const died: {signal?: number} = {};
	const r = p.execvp ? p.execvp(o.args, undefined, undefined, {died}) : 'ENOSYS';
	if (typeof r === 'number') status = r;
	else {
		cantRun = `time: can't execute '${o.args[0]}': ${strerror[r]}\n`;
		status = r === 'ENOENT' ? 127 : 126;
	}
	const ms = Math.round((p.sys.uptime() - start) * 1000);
	let report = cantRun;
	if (died.signal !== undefined) report += `Command terminated by signal ${died.signal}\n`;
	else if (status !== 0) report += `Command exited with non-zero status ${status}\n`;
	// summarize(): `\c` is c; of the directives, what Debian's binary prints for these (`%%`
	// and ones it does not know print nothing)
	for (let i = 0; i < fmt.length; i++) {
		const c = fmt[i]!;
		if ((c !== '%' && c !== '\\') || i + 1 >= fmt.length) {
			report += c;
			continue;
		}
		const d = fmt[++i]!;
		if (c === '\\') report += d;
		else {
			report += d === 'E' ? minutesSeconds(ms) : d === 'e' ? seconds(ms) : d === 'u' || d === 'T' ? minutesSeconds(0)
				: d === 'U' || d === 'S' ? seconds(0) : d === 'C' ? o.args.join(' ') : d === 'x' ? String(status) : '';
		}
	}
	report += '\n';
	const file = o.arg('o');
	if (file !== undefined) {
		const f = p.vfs.open(p.abs(file), o.has('a') ? {write: true, create: true, append: true} : {write: true, create: true, truncate: true});
		if (isErrno(f)) {
			errorMsg(p, `can't open '${file}': ${strerror[f]}`);
			return 1;
		}
		f.write(report);
		f.close();
	} else p.err(report);
	// (WIFSIGNALED: the signal's number)
	return died.signal ?? status;
};

/** usleep N: sleeps N microseconds (in real time on the screen, as sleep). */
const usleep: InteractiveProgram = p => usleepMain(p);

function* usleepMain(p: Proc): Run {
	if (dashDashHelp(p) || p.argv.length < 2) return bbShowUsage(p, 'usleep', p.argv.length < 2 ? 1 : 0);
	const n = xatonum(p.argv[1]!, UINT_MAX);
	if (n instanceof BadNumber) {
		errorMsg(p, n.message);
		return 1;
	}
	yield* waitRealTime(p, 'usleep', n / 1e6);
	p.sleep(n / 1e6);
	return 0;
}

/** unlink FILE: unlink(2) of exactly one name. */
const unlink: Program = p => {
	const o = getopt32(p, {opts: ''});
	if (typeof o === 'number') return o;
	if (o.args.length !== 1) return bbShowUsage(p);
	const err = p.vfs.unlink(p.abs(o.args[0]!));
	if (err) {
		errorMsg(p, `can't remove file '${o.args[0]}': ${strerror[err]}`);
		return 1;
	}
	return 0;
};

const U64_MAX = (1n << 64n) - 1n;

function modPow(b: bigint, e: bigint, m: bigint): bigint {
	let r = 1n;
	b %= m;
	while (e > 0n) {
		if (e & 1n) r = (r * b) % m;
		b = (b * b) % m;
		e >>= 1n;
	}
	return r;
}

/** Deterministic Miller-Rabin for 64-bit numbers (these bases decide every n < 2^64). */
function isPrime(n: bigint): boolean {
	if (n < 2n) return false;
	for (const q of [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n]) {
		if (n % q === 0n) return n === q;
	}
	let d = n - 1n;
	let s = 0;
	while (!(d & 1n)) {
		d >>= 1n;
		s++;
	}
	for (const a of [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n]) {
		let x = modPow(a, d, n);
		if (x === 1n || x === n - 1n) continue;
		let composite = true;
		for (let i = 1; i < s && composite; i++) {
			x = (x * x) % n;
			if (x === n - 1n) composite = false;
		}
		if (composite) return false;
	}
	return true;
}

const gcd = (a: bigint, b: bigint): bigint => {
	while (b) [a, b] = [b, a % b];
	return a;
};

/** Pollard's rho (Brent): a non-trivial factor of an odd composite n. */
function rho(n: bigint): bigint {
	for (let c = 1n; ; c++) {
		let x = 2n;
		let y = 2n;
		let d = 1n;
		while (d === 1n) {
			x = (x * x + c) % n;
			y = (y * y + c) % n;
			y = (y * y + c) % n;
			d = gcd(x > y ? x - y : y - x, n);
		}
		if (d !== n) return d;
	}
}

/** The prime factors of n in ascending order (what busybox's trial division prints). */
function primeFactors(n: bigint): bigint[] {
	const out: bigint[] = [];
	for (const q of [2n, 3n, 5n]) {
		while (n % q === 0n && n > 1n) {
			out.push(q);
			n /= q;
		}
	}
	const stack = n > 1n ? [n] : [];
	while (stack.length) {
		const m = stack.pop()!;
		if (isPrime(m)) out.push(m);
		else {
			const d = rho(m);
			stack.push(d, m / d);
		}
	}
	return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** factor [NUMBER]...: `N: p p ...` for each operand, or each word of stdin. */
const factor: Program = p => {
	// (no option parsing: `--` is a number that does not parse)
	if (dashDashHelp(p)) return bbShowUsage(p, 'factor', 0);
	const args = p.argv.slice(1);
	const words = args.length ? args : p.stdin().split(/\s+/).filter(Boolean);
	let out = '';
	for (const w of words) {
		p.tick();
		// xstrtoull(): decimal only, 0..2^64-1, else the usage
		if (!/^\d+$/.test(w) || BigInt(w) > U64_MAX) {
			p.out(out);
			return bbShowUsage(p, 'factor');
		}
		const n = BigInt(w);
		out += `${n}:${primeFactors(n).map(f => ` ${f}`).join('')}\n`;
	}
	p.out(out);
	return 0;
};

/**
 * coreutils/timeout.c: `timeout [-s SIG] [-k KILL_SECS] SECS PROG ARGS`. A vfork()ed child
 * daemonizes a grandchild and exits; timeout's process execs PROG, and the grandchild (init's
 * child now, `timeout ...` in ps) sleeps a second at a time: after SECS of them (as whole
 * seconds, at least one: `timeout 0.5` and `timeout 1.5` both fire at 1 s) it sends SIG, after
 * KILL_SECS more SIGKILL, and it exits at the first wake-up that finds PROG gone. The shell sees
 * PROG die of the signal (`Terminated`, 143).
 */
const timeout: Program = p => {
	if (dashDashHelp(p)) return bbShowUsage(p, 'timeout', 0);
	const o = getopt32(p, {opts: '+s:k:'});
	if (typeof o === 'number') return o;
	const opt = o.arg('s') ?? 'TERM';
	const signo = getSignum(opt);
	if (signo < 0) {
		errorMsg(p, `unknown signal '${opt}'`);
		return 1;
	}
	// parse_duration_str() into timeout_wait()'s whole seconds
	const duration = (s: string): number | undefined => {
		const n = parseDurationStr(s);
		if (n === 'usage') {
			bbUsage(p, 'timeout');
			return undefined;
		}
		if (n instanceof BadNumber) {
			errorMsg(p, n.message);
			return undefined;
		}
		return Math.floor(n);
	};
	const k = o.arg('k');
	const killAfter = k === undefined ? 0 : duration(k);
	if (killAfter === undefined) return 1;
	if (!o.args.length) return bbShowUsage(p, 'timeout');
	const secs = duration(o.args[0]!);
	if (secs === undefined) return 1;
	const argv = o.args.slice(1);
	if (!argv.length) return bbShowUsage(p, 'timeout');
	// xvfork(), then bb_daemonize_or_rexec() in the child: the grandchild is left, the child exits
	const self = p.sys.getpid?.();
	const child = p.sys.fork?.(p.argv, undefined, undefined, undefined, 'timeout');
	const watcher = p.sys.fork?.(p.argv, undefined, undefined, undefined, 'timeout');
	if (child !== undefined) p.sys.exit?.(child);
	if (self !== undefined) p.sys.schedule?.(self);
	const run = () => (p.execvp ? p.execvp(argv, undefined, undefined, {inPlace: true}) : 'ENOSYS' as const);
	const r = p.watchdog ? p.watchdog(Math.max(1, secs), signo, killAfter, run, watcher) : run();
	if (typeof r === 'number') return r;
	// BB_EXECVP_or_die()
	errorMsg(p, `can't execute '${argv[0]}': ${strerror[r]}`);
	return r === 'ENOENT' ? 127 : 126;
};

export const PROCTOOLS_PROGRAMS: Record<string, Program | InteractiveProgram> = {pidof, killall, time, timeout, usleep, unlink, factor};
