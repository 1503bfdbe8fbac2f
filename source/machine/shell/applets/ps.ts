import {isErrno} from '../../errno.js';
import {readFile, type Proc, type Program} from '../proc.js';
import {getopt32} from '../getopt.js';

/**
 * procps/ps.c of busybox 1.35 as Debian builds it (DESKTOP: `-o` columns; no FEATURE_PS_TIME,
 * so the default columns are `pid,user,args`), over libbb's procps_scan(): the process table is
 * whatever /proc lists, read through the VFS as busybox reads it (/proc/PID/stat for the
 * numbers, the directory's owner for USER, /proc/PID/cmdline for COMMAND), so ps and /proc
 * always agree.
 */


/** Absolute maximum on output line length (MAX_WIDTH). */
const MAX_WIDTH = 2 * 1024;

/** One procps_status_t: the fields `-o` columns print. */
export interface ProcStatus {
	pid: number;
	ppid: number;
	pgid: number;
	sid: number;
	uid: number;
	gid: number;
	ruid: number;
	rgid: number;
	/** Up to 3 characters: the state letter, then 'W' (no memory) and '<'/'N' (nice), space padded. */
	state: string;
	comm: string;
	vsz: number;
	rss: number;
	ttyMajor: number;
	ttyMinor: number;
	nice: number;
	/** User and system time, in clock ticks. */
	utime: number;
	stime: number;
}

type Column = {name: string; header: string; width: number; f: (p: Proc, s: ProcStatus, width: number) => string};

/** getpwuid()/getgrgid() over /etc/passwd and /etc/group; a missing name prints the number. */
export function idName(p: Proc, file: '/etc/passwd' | '/etc/group', id: number): string {
	const text = readFile(p.vfs, file);
	if (!isErrno(text)) {
		for (const line of text.split('\n')) {
			const f = line.split(':');
			if (f.length >= 3 && f[2] === String(id)) return f[0];
		}
	}
	return String(id);
}

/** smart_ulltoa4(): a number in 4 characters, scaled by 1024 with a " mgtpezy" suffix past 9999. */
export function smartUlltoa4(value: number, scale = ' mgtpezy'): string {
	let ul = value;
	let idx = 0;
	if (ul > 9999) {
		ul *= 10;
		do {
			ul = Math.floor(ul / 1024);
			idx++;
		} while (ul >= 10000);
	}
	let u = Math.floor(ul / 10);
	let v = ul % 10;
	let fmt = ' 123456789';
	const digits = '0123456789';
	let out: string;
	if (!idx) {
		const c0 = ' 123456789'[Math.floor(u / 100)];
		if (c0 !== ' ') fmt = digits;
		const c1 = fmt[Math.floor(u / 10) % 10];
		if (c1 !== ' ') fmt = digits;
		return c0 + c1 + fmt[u % 10] + digits[v];
	}
	if (u >= 10) {
		const c0 = ' 123456789'[Math.floor(u / 100)];
		if (c0 !== ' ') fmt = digits;
		v = u % 10;
		u = Math.floor(u / 10);
		out = c0 + fmt[u % 10];
	} else {
		out = digits[u] + '.';
	}
	return out + digits[v] + scale[idx];
}

/** read_cmdline(): argv joined by spaces, `{comm} argv` when argv[0] is not comm, `[comm]` when empty. */
export function readCmdline(p: Proc, pid: number | string, comm: string, col: number): string {
	const raw = readFile(p.vfs, `/proc/${pid}/cmdline`);
	// open_read_close(filename, buf, col - 1)
	let buf = isErrno(raw) ? '' : raw.slice(0, Math.max(0, col - 1));
	if (buf.length === 0) return `[${comm}]`.slice(0, Math.max(0, col - 1));
	buf = buf.replace(/\0+$/, '');
	const argv0 = buf.split('\0')[0].split(' ')[0];
	let base = argv0.slice(argv0.lastIndexOf('/') + 1);
	buf = buf.replace(/[\x00-\x1f]/g, ' ');
	if (base.startsWith('-')) base = base.slice(1);
	if (!base.startsWith(comm)) {
		const prefix = `{${comm}} `;
		if (col <= prefix.length) return `{${comm}}`.slice(0, col - 1);
		buf = (prefix + buf).slice(0, col - 1);
	}
	return buf;
}

const num = (v: number, w: number) => String(v).padStart(w);

const COLUMNS: Column[] = [
	{name: 'user', header: 'USER', width: 8, f: (p, s, w) => idName(p, '/etc/passwd', s.uid).slice(0, w)},
	{name: 'group', header: 'GROUP', width: 8, f: (p, s, w) => idName(p, '/etc/group', s.gid).slice(0, w)},
	{name: 'comm', header: 'COMMAND', width: 16, f: (_p, s, w) => s.comm.slice(0, w)},
	{name: 'args', header: 'COMMAND', width: MAX_WIDTH, f: (p, s, w) => readCmdline(p, s.pid, s.comm, w + 1)},
	{name: 'pid', header: 'PID', width: 5, f: (_p, s, w) => num(s.pid, w)},
	{name: 'ppid', header: 'PPID', width: 5, f: (_p, s, w) => num(s.ppid, w)},
	{name: 'pgid', header: 'PGID', width: 5, f: (_p, s, w) => num(s.pgid, w)},
	{name: 'nice', header: 'NI', width: 5, f: (_p, s, w) => num(s.nice, w)},
	{name: 'rgroup', header: 'RGROUP', width: 8, f: (p, s, w) => idName(p, '/etc/group', s.rgid).slice(0, w)},
	{name: 'ruser', header: 'RUSER', width: 8, f: (p, s, w) => idName(p, '/etc/passwd', s.ruid).slice(0, w)},
	{name: 'tty', header: 'TT', width: 6, f: (_p, s, w) => (s.ttyMajor ? `${s.ttyMajor},${s.ttyMinor}`.slice(0, w) : '?')},
	{name: 'vsz', header: 'VSZ', width: 4, f: (_p, s, w) => smartUlltoa4(s.vsz).slice(0, w)},
	{name: 'sid', header: 'SID', width: 5, f: (_p, s, w) => num(s.sid, w)},
	{name: 'stat', header: 'STAT', width: 4, f: (_p, s, w) => s.state.slice(0, w)},
	{name: 'rss', header: 'RSS', width: 4, f: (_p, s, w) => smartUlltoa4(s.rss).slice(0, w)},
];

/** find_out_spec(): names compare on their first 6 characters (so `rgroupX` is rgroup). */
function findColumn(name: string): Column | undefined {
	return COLUMNS.find(c => name.slice(0, 6) === c.name && (c.name.length === 6 || name.length === c.name.length));
}

/**
 * procps_scan() for one /proc entry: `base` is `/proc/PID` (or `/proc/PID/task/TID`).
 * Undefined when the task is gone or its stat is not parseable (busybox skips it).
 */
export function scanTask(p: Proc, base: string, pid: number, ruid = false): ProcStatus | undefined {
	const st = p.vfs.stat(`${base}/`);
	if (isErrno(st)) return undefined;
	const text = readFile(p.vfs, `${base}/stat`);
	if (isErrno(text)) return undefined;
	const buf = text.slice(0, 1023);
	const close = buf.lastIndexOf(')');
	const open = buf.indexOf('(');
	if (close < 0 || open < 0) return undefined;
	const comm = buf.slice(open + 1, close).slice(0, 15);
	const f = buf.slice(close + 2).split(/\s+/);
	// state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime cutime
	// cstime priority nice num_threads itrealvalue starttime vsize rss
	if (f.length < 22) return undefined;
	const n = (i: number) => Number(f[i]);
	const vsz = Math.floor(n(20) / 1024);
	const rss = n(21) * 4;
	const nice = n(16);
	const tty = n(4);
	let state = (f[0] || '?')[0] + '  ';
	let idx = 1;
	if (vsz === 0 && state[0] !== 'Z') {
		state = state[0] + 'W ';
		idx = 2;
	}
	if (nice !== 0) state = state.slice(0, idx) + (nice < 0 ? '<' : 'N') + state.slice(idx + 1);
	const status: ProcStatus = {
		pid, ppid: n(1), pgid: n(2), sid: n(3), uid: st.uid, gid: st.gid, ruid: 0, rgid: 0, state, comm, vsz, rss,
		ttyMajor: (tty >> 8) & 0xfff, ttyMinor: (tty & 0xff) | ((tty >> 12) & 0xfff00), nice, utime: n(11), stime: n(12),
	};
	if (ruid) {
		const s = readFile(p.vfs, `${base}/status`);
		if (!isErrno(s)) {
			const u = /^Uid:\s*(\d+)/m.exec(s);
			const g = /^Gid:\s*(\d+)/m.exec(s);
			if (u) status.ruid = Number(u[1]);
			if (g) status.rgid = Number(g[1]);
		}
	}
	return status;
}

/** The numeric entries of /proc in readdir order (bb_strtou fails on anything else). */
export function procPids(p: Proc): number[] {
	const names = p.vfs.readdir('/proc');
	if (isErrno(names)) return [];
	return names.filter(n => /^\d+$/.test(n)).map(Number);
}

const ps: Program = p => {
	const o = getopt32(p, {opts: 'Zo:aAdeflT'});
	if (typeof o === 'number') return o;
	const out: Column[] = [];
	let printHeader = false;
	const specs = o.has('o') ? o.list('o') : ['pid,user,args'];
	for (const spec of specs) {
		for (const item of spec.split(',')) {
			p.tick();
			const eq = item.indexOf('=');
			const name = eq < 0 ? item : item.slice(0, eq);
			const col = findColumn(name);
			if (!col) {
				p.err(`ps: bad -o argument '${name}', supported arguments: ${COLUMNS.map(c => c.name).join(',')}\n`);
				return 1;
			}
			const c = {...col};
			if (eq >= 0) {
				c.header = item.slice(eq + 1);
				if (c.header) {
					c.width = c.header.length;
					printHeader = true;
				}
			} else {
				printHeader = true;
			}
			out.push(c);
		}
	}
	// Was INT_MAX, but some libc's go belly up with printf("%.*s") and such large widths.
	let termWidth = MAX_WIDTH;
	if (p.stdoutIsTty) termWidth = Math.min(MAX_WIDTH, p.columns - 1);
	// alloc_line_buffer(): columns past the screen width are dropped.
	let width = 0;
	for (let i = 0; i < out.length; i++) {
		if (out[i].header) printHeader = true;
		width += out[i].width + 1;
		if (width > termWidth) {
			out.length = i + 1;
			break;
		}
	}
	const line = (cells: string[]) => {
		let s = '';
		cells.forEach((cell, i) => {
			// sprintf("%*s", width - len + 1, " "): a negative pad left-justifies, so a value wider
			// than its column is still followed by at least one space.
			const pad = out[i].width - cell.length + 1;
			s += i === cells.length - 1 ? cell : cell + ' '.repeat(Math.max(1, Math.abs(pad)));
		});
		return s.slice(0, termWidth) + '\n';
	};
	let text = '';
	if (printHeader && out.length) text += line(out.map(c => c.header));
	const needRuid = out.some(c => c.name === 'ruser' || c.name === 'rgroup');
	for (const pid of procPids(p)) {
		p.tick();
		let bases: [string, number][] = [[`/proc/${pid}`, pid]];
		if (o.has('T')) {
			// -T: every thread from /proc/PID/task/TID (each of these tasks is its own only thread).
			const tids = p.vfs.readdir(`/proc/${pid}/task`);
			if (!isErrno(tids)) bases = tids.filter(t => /^\d+$/.test(t)).map(t => [`/proc/${pid}/task/${t}`, Number(t)]);
		}
		for (const [base, id] of bases) {
			const s = scanTask(p, base, id, needRuid);
			if (!s) continue;
			text += line(out.map(c => {
				const v = c.f(p, s, c.width);
				return v === '' ? '-' : v;
			}));
		}
	}
	p.out(text);
	return 0;
};

export const PS_PROGRAMS: Record<string, Program> = {ps};
