import {isErrno} from '../../errno.js';
import {BadNumber, bbShowUsage, getopt32, UINT_MAX, xatonum} from '../getopt.js';
import {Interrupted, readFile, type InteractiveProgram, type Proc} from '../proc.js';
import type {Run, TtyRead} from '../interp.js';
import {idName, procPids, readCmdline, scanTask} from './ps.js';
import {parseDurationStr} from './sysutils.js';
import {terminalSize} from './termsize.js';

/**
 * procps/top.c of busybox 1.35 as Debian builds it (CPU usage per process and in total, SMP
 * and threads, interactive keys; no decimals, no TOPMEM, no last-seen CPU column): every
 * SECONDS it reads /proc (the tasks' stat, /proc/stat, meminfo and loadavg, through the VFS as
 * busybox reads them) and shows a screenful; `-b` writes every task with no terminal codes.
 * Keys come from a stdin that is not the console: N, M, P, T sort by pid, VSZ, %CPU, time, H
 * toggles threads, Q, ^C and ^D quit.
 *
 * %CPU is a task's share of the ticks between two scans, so the first display comes from a
 * scan 100 ms after a first one; top's own reading of /proc is what the CPU does in between
 * (a tick of system time per scan on the lab's guest, which the kernel charges to top).
 */

interface TopStatus {
	pid: number;
	ppid: number;
	uid: number;
	state: string;
	comm: string;
	vsz: number;
	ticks: number;
	pcpu: number;
}

interface Jiffies {
	usr: number;
	nic: number;
	sys: number;
	idle: number;
	iowait: number;
	irq: number;
	softirq: number;
	steal: number;
	total: number;
	busy: number;
}

/** LINE_BUF_SIZE: the widest screen top formats for. */
const LINE_BUF_SIZE = 512 - 64;
/** What one pass over /proc costs top in the kernel, in ticks (about 10 ms on the lab's guest). */
const SCAN_TICKS = 1;

/** read_cpu_jiffy() of /proc/stat's first line; undefined when it has fewer than four numbers. */
function readJiffies(p: Proc): Jiffies | undefined {
	const text = readFile(p.vfs, '/proc/stat');
	if (isErrno(text) || !text.startsWith('c')) return undefined;
	const m = /^cp\S*((?:\s+\d+){4,8})/.exec(text.split('\n')[0]!);
	if (!m) return undefined;
	const n = m[1]!.trim().split(/\s+/).map(Number);
	const [usr = 0, nic = 0, sys = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = n;
	const total = usr + nic + sys + idle + iowait + irq + softirq + steal;
	return {usr, nic, sys, idle, iowait, irq, softirq, steal, total, busy: total - idle - iowait};
}

/** parse_meminfo(): the fields the header needs, in kB (0 when absent). */
function meminfo(p: Proc): Record<string, number> {
	const out: Record<string, number> = {};
	const text = readFile(p.vfs, '/proc/meminfo');
	if (isErrno(text)) return out;
	for (const line of text.split('\n')) {
		const c = line.indexOf(':');
		if (c > 0) out[line.slice(0, c)] = Number.parseInt(line.slice(c + 1).trim(), 10) || 0;
	}
	return out;
}

/** smart_ulltoa5(): a number in 5 characters, scaled by 1024 with a suffix past 99999. */
export function smartUlltoa5(value: number, scale = ' mgtpezy'): string {
	let ul = value;
	let idx = 0;
	if (ul > 99999) {
		ul *= 10;
		do {
			ul = Math.floor(ul / 1024);
			idx++;
		} while (ul >= 100000);
	}
	let u = Math.floor(ul / 10);
	let v = ul % 10;
	const digits = '0123456789';
	let fmt = ' 123456789';
	// each digit: a leading zero is a space until a digit has been written
	const put = (c: string) => {
		if (c !== ' ') fmt = digits;
		return c;
	};
	if (!idx) {
		// 99999 or less: "12345"
		const c0 = put(' 123456789'[Math.floor(u / 1000)]!);
		const c1 = put(fmt[Math.floor(u / 100) % 10]!);
		const c2 = put(fmt[Math.floor(u / 10) % 10]!);
		return c0 + c1 + c2 + fmt[u % 10] + digits[v];
	}
	// scaled into 0..9999.9: u is the value, v its tenths
	let head: string;
	if (u >= 100) {
		// "1234M", " 123M"
		const c0 = put(' 123456789'[Math.floor(u / 1000)]!);
		const c1 = put(fmt[Math.floor(u / 100) % 10]!);
		v = u % 10;
		u = Math.floor(u / 10);
		head = c0 + c1 + fmt[u % 10];
	} else {
		// "92.1M"
		const c0 = put(' 123456789'[Math.floor(u / 10)]!);
		head = `${c0}${fmt[u % 10]}.`;
	}
	return head + digits[v] + scale[idx];
}

/** make_all_argv_opts(): every argument is an option, with or without its dash. */
function allArgvOpts(argv: string[]): string[] {
	return argv.map((a, i) => (i === 0 || a.startsWith('-') ? a : `-${a}`));
}

type Sort = (a: TopStatus, b: TopStatus) => number;
const pidSort: Sort = (a, b) => b.pid - a.pid;
const memSort: Sort = (a, b) => (b.vsz < a.vsz ? -1 : Number(b.vsz !== a.vsz));
const pcpuSort: Sort = (a, b) => b.pcpu - a.pcpu;
const timeSort: Sort = (a, b) => (b.ticks < a.ticks ? -1 : Number(b.ticks !== a.ticks));

/**
 * top_main(). Interactive on the console (stdin the terminal, not batch mode): after each
 * display it waits for keys, the terminal in raw mode with ISIG cleared (Ctrl-C and Ctrl-D come
 * as keys and end it), and on the screen for its delay in real time too; replay, which does not
 * wait, gives the next display with the next key.
 */
const top: InteractiveProgram = p => topMain(p);

function* topMain(p: Proc): Run {
	const o = getopt32({...p, argv: allArgvOpts(p.argv)}, {opts: 'd:n:bHm', applet: 'top'});
	if (typeof o === 'number') return o;
	let interval = 5;
	let iterations = 0;
	const d = o.arg('d');
	if (d !== undefined) {
		// (make_all_argv_opts() turned `-d 1` into `-d -1`)
		const n = parseDurationStr(d.startsWith('-') ? d.slice(1) : d);
		if (n === 'usage') return bbShowUsage(p, 'top');
		if (n instanceof BadNumber) {
			p.err(`top: ${n.message}\n`);
			return 1;
		}
		interval = Math.min(n, Math.floor(0x7fffffff / 1000));
	}
	const nArg = o.arg('n');
	if (nArg !== undefined) {
		const n = xatonum(nArg.startsWith('-') ? nArg.slice(1) : nArg, UINT_MAX, UINT_MAX);
		if (n instanceof BadNumber) {
			p.err(`top: ${n.message}\n`);
			return 1;
		}
		iterations = n;
	}
	const batch = o.has('b');
	let threads = o.has('H');
	// (the lab's `echo r | top -n1` kept this order: R, which the usage lists, did not reverse it)
	let sorts: Sort[] = [pcpuSort, memSort, timeSort];
	// Keys from a stdin that is not the console: read until its end, each one taking effect
	// before the next display. From the console: as they are typed.
	let fromConsole = !batch && p.console !== undefined;
	const keys = !batch && !p.stdinIsTty ? [...p.stdin()] : [];
	let eof = batch || (p.stdinIsTty && !fromConsole);
	const handleInput = (): boolean => {
		if (!handleKeys()) {
			// (read_key() reads a key at a time: the keys typed past q stay in the terminal's input)
			if (fromConsole && keys.length) p.console?.feed(keys.splice(0).join(''));
			return false;
		}
		return true;
	};
	const handleKeys = (): boolean => {
		while (!eof) {
			const c = keys.shift();
			if (c === undefined) {
				if (!fromConsole) eof = true;
				break;
			}
			// ^C and ^D as the terminal's VINTR and VEOF, then the keys in either case
			if (c === '\x03' || c === '\x04') return false;
			const k = c.toLowerCase();
			if (k === 'q') return false;
			if (k === 'n') sorts = [pidSort, memSort, timeSort];
			else if (k === 'm') sorts = [memSort, pcpuSort, timeSort];
			else if (k === 'p') sorts = [pcpuSort, memSort, timeSort];
			else if (k === 't') sorts = [timeSort, memSort, pcpuSort];
			else if (k === 'h') threads = !threads;
		}
		return true;
	};

	let prev: Map<number, number> | undefined;
	let prevJif: Jiffies | undefined;
	let cur: Jiffies | undefined;
	const scan = (): TopStatus[] => {
		// reading every task's stat takes top a tick in the kernel
		p.sys.kernelTime?.(SCAN_TICKS);
		const list: TopStatus[] = [];
		for (const pid of procPids(p)) {
			p.tick();
			let bases: [string, number][] = [[`/proc/${pid}`, pid]];
			if (threads) {
				const tids = p.vfs.readdir(`/proc/${pid}/task`);
				if (!isErrno(tids)) bases = tids.filter(t => /^\d+$/.test(t)).map(t => [`/proc/${pid}/task/${t}`, Number(t)]);
			}
			for (const [base, id] of bases) {
				const s = scanTask(p, base, id);
				if (!s) continue;
				list.push({pid: id, ppid: s.ppid, uid: s.uid, state: s.state, comm: s.comm, vsz: s.vsz, ticks: s.utime + s.stime, pcpu: 0});
			}
		}
		return list;
	};
	/** do_stats(): each task's ticks since the last scan, and the CPU's. */
	const doStats = (list: TopStatus[]): number | undefined => {
		prevJif = cur;
		cur = readJiffies(p);
		if (!cur) return undefined;
		let total = 0;
		for (const t of list) {
			const before = prev?.get(t.pid);
			if (before !== undefined) {
				t.pcpu = t.ticks - before;
				total += t.pcpu;
			}
		}
		prev = new Map(list.map(t => [t.pid, t.ticks]));
		return total;
	};

	// handle_input(): the keys a piped stdin holds, taken until its end; at the end (batch
	// mode) it sleeps the interval instead. On the console it waits for the next keys typed
	// (where it cannot, in a command substitution or a trap, it goes on as at end of input).
	function* waitInput(wait: number): Generator<TtyRead, boolean, string | number | null | undefined> {
		if (fromConsole) {
			let typed: string | number | null | undefined;
			try {
				// (on the screen its delay runs in real time: '' when it is over, no key typed)
				typed = yield {tty: 'read', name: 'top', raw: true, noEcho: true, signalKeys: 'all', timeout: wait};
			} catch (e) {
				// (ISIG is off: the Ctrl-C the terminal would have made a SIGINT is a key)
				if (!(e instanceof Interrupted)) throw e;
				typed = '\x03';
			}
			if (typed === undefined || typeof typed === 'number') {
				fromConsole = false;
				eof = true;
			} else if (typed === '') {
				// its delay passed in real time, no key typed: the guest's clock moves on by it
				p.sleep(wait);
				return true;
			} else keys.push(...(typed ?? '\x04'));
		}
		if (eof) {
			p.sleep(wait);
			return true;
		}
		return handleInput();
	}
	// (eat the initial input: what a piped stdin holds; nothing is waited for)
	if (eof) p.sleep(0);
	else if (!handleInput()) {
		p.out('\n');
		return 0;
	}
	for (;;) {
		// the console's size (LINES and COLUMNS where set), re-read for each display
		const size = terminalSize(p, p.stdoutIsTty);
		const lines = batch ? Infinity : size.height;
		const col = batch ? LINE_BUF_SIZE - 2 : Math.min(size.width, LINE_BUF_SIZE - 2);
		let list = scan();
		if (!list.length) {
			p.err('top: no process info in /proc\n');
			break;
		}
		let totalPcpu = doStats(list);
		if (totalPcpu === undefined) {
			p.err("top: can't read '/proc/stat'\n");
			return 1;
		}
		if (prevJif === undefined) {
			// the first pass only sets the baseline
			p.sleep(0.1);
			list = scan();
			totalPcpu = doStats(list)!;
		}
		const cmp: Sort = (a, b) => {
			let r = 0;
			for (const f of sorts) if ((r = f(a, b)) !== 0) break;
			return r;
		};
		// (glibc's qsort() is a stable merge sort here)
		list = list.map((t, i) => ({t, i})).sort((a, b) => cmp(a.t, b.t) || a.i - b.i).map(x => x.t);
		p.out(display(p, list, totalPcpu, prevJif!, cur!, batch, lines, col));
		if (iterations >= 0 && --iterations === 0) break;
		// Without a count it goes on until a key or a signal stops it: under timeout until that
		// fires; else on the console memhp cuts it short as the guest's Ctrl-C would, and a pipe
		// or file gets a finite stream (the first display), as `yes` gives one.
		if (eof && iterations < 0 && !p.sleepEnds?.()) {
			if (!p.stdoutIsTty) break;
			p.sleep(Infinity);
		}
		if (!(yield* waitInput(interval))) break;
	}
	p.out('\n');
	return 0;
};

/** display_process_list(): the header lines and a screenful of tasks (every one in batch mode). */
function display(p: Proc, list: TopStatus[], totalPcpuIn: number, prev: Jiffies, cur: Jiffies, batch: boolean, linesIn: number, col: number): string {
	let out = '';
	let linesRem = linesIn;
	const clip = (s: string, width: number) => s.slice(0, Math.max(0, width - 1));
	// display_header(): its lines are at most 99 characters (a 100-byte buffer)
	const hw = Math.min(col, 100);
	const mi = meminfo(p);
	const mem = `Mem: ${(mi.MemTotal ?? 0) - (mi.MemFree ?? 0)}K used, ${mi.MemFree ?? 0}K free, ${(mi.MemShared ?? 0) + (mi.Shmem ?? 0)}K shrd, ${mi.Buffers ?? 0}K buff, ${mi.Cached ?? 0}K cached`;
	out += `${batch ? '' : '\x1b[H\x1b[J'}${clip(mem, hw)}\n`;
	linesRem--;
	// display_cpus(): the split of the ticks since the last scan
	const totalDiff = cur.total - prev.total || 1;
	const pct = (k: keyof Jiffies) => `${String(Math.floor((100 * (cur[k] - prev[k])) / totalDiff)).padStart(4)}% `;
	out += `${clip(`CPU:${pct('usr')}usr${pct('sys')}sys${pct('nic')}nic${pct('idle')}idle${pct('iowait')}io${pct('irq')}irq${pct('softirq')}sirq`, hw)}\n`;
	linesRem--;
	const load = readFile(p.vfs, '/proc/loadavg');
	out += `${clip(`Load average: ${isErrno(load) ? '' : load.split('\n')[0]}`, hw)}\n`;
	linesRem--;
	const header = '  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND'.slice(0, col);
	out += batch ? header : `\x1b[7m${header}\x1b[m`;
	linesRem--;
	const totalMemory = mi.MemTotal ?? 0;
	// %VSZ = vsz / MemTotal and %CPU = pcpu / sum(pcpu) * busy / total, by multiply and shift
	let pmemShift = 32 - 11;
	let pmemScale = totalMemory ? Math.floor((100 * 2 ** 21) / totalMemory) : 0;
	while (pmemScale >= 512) {
		pmemScale = Math.floor(pmemScale / 4);
		pmemShift -= 2;
	}
	const pmemHalf = Math.floor(2 ** pmemShift / 2);
	const busyJifs = cur.busy - prev.busy;
	const totalPcpu = Math.max(totalPcpuIn, busyJifs);
	let pcpuShift = 6;
	let pcpuScale = 100 * 64 * (busyJifs & 0xffff) || 1;
	while (pcpuScale < 2 ** 30) {
		pcpuScale *= 4;
		pcpuShift += 2;
	}
	const tmp = ((cur.total - prev.total) & 0xffff) * totalPcpu;
	if (tmp !== 0) pcpuScale = Math.floor(pcpuScale / tmp);
	while (pcpuScale >= 1024) {
		pcpuScale = Math.floor(pcpuScale / 4);
		pcpuShift -= 2;
	}
	const pcpuHalf = Math.floor(2 ** pcpuShift / 2);
	const width = col + 2;
	const n = Math.min(linesRem, list.length);
	for (let i = 0; i < n; i++) {
		p.tick();
		const s = list[i]!;
		const pmem = Math.floor(((s.vsz * pmemScale + pmemHalf) % 2 ** 32) / 2 ** pmemShift);
		const pcpu = Math.floor((s.pcpu * pcpuScale + pcpuHalf) / 2 ** pcpuShift);
		const user = idName(p, '/etc/passwd', s.uid).slice(0, 8).padEnd(8);
		let line = `\n${String(s.pid).padStart(5)}${String(s.ppid).padStart(6)} ${user} ${s.state}  ${smartUlltoa5(s.vsz)}${String(pmem).padStart(4)}%${String(pcpu).padStart(4)}% `;
		// snprintf(line_buf, scr_width, ...), then read_cmdline() into what is left
		line = line.slice(0, width - 1);
		if (width - line.length > 1) line += readCmdline(p, s.pid, s.comm, width - line.length);
		out += line;
	}
	out += batch ? '\n' : '\r';
	return out;
}

export const TOP_PROGRAMS: Record<string, InteractiveProgram> = {top};
