import {isErrno, strerror} from '../../errno.js';
import {parseDate} from './parsedate.js';
import {strftime, two} from './strftime.js';
import {BadNumber, bbShowUsage, dashDashHelp, getopt32, ULONG_MAX, xatoiPositive, xatonum} from '../getopt.js';
import {findProgram} from '../path.js';
import {DEFAULT_PATH, exitStatus, readFile, type InteractiveProgram, type Proc, type Program} from '../proc.js';
import type {Run} from '../interp.js';
import {waitRealTime} from './realtime.js';

/**
 * busybox 1.35 free, dmesg, uname, date, uptime, hostname, id, whoami, env, sleep, clear,
 * reset, nproc, tty and sync as Debian builds them; options through getopt.ts.
 */

/**
 * libbb's make_human_readable_str(): with a display unit the value is divided rounding to the
 * nearest (so `free -m` shows 896 for 917440 kB); without one (`-h`) it is scaled by 1024 with
 * one rounded decimal and a K/M/G suffix.
 */
export function humanReadable(bytes: number, displayUnit: number): string {
	if (bytes === 0) return '0';
	if (displayUnit) return String(Math.floor((bytes + Math.floor(displayUnit / 2)) / displayUnit));
	let val = bytes;
	let frac = 0;
	let unit = 0;
	while (val >= 1024) {
		unit++;
		frac = Math.floor(((val % 1024) * 10 + 512) / 1024);
		val = Math.floor(val / 1024);
	}
	if (frac >= 10) {
		val++;
		frac = 0;
	}
	return unit === 0 ? String(val) : `${val}.${frac}${' KMGTPE'[unit]}`;
}

/** procps/free.c of busybox 1.35: sysinfo() plus Cached/SReclaimable/MemAvailable from /proc/meminfo. */
/** `^Name:\s+(\d+)` for the few /proc/meminfo fields free reads, compiled once each. */
const meminfoFieldRes = new Map<string, RegExp>();
function meminfoField(name: string): RegExp {
	let re = meminfoFieldRes.get(name);
	if (!re) {
		re = new RegExp(`^${name}:\\s+(\\d+)`, 'm');
		meminfoFieldRes.set(name, re);
	}
	return re;
}

/**
 * lsmod (FEATURE_LSMOD_PRETTY_2_6_OUTPUT): the header, check_tainted()'s verdict from
 * /proc/sys/kernel/tainted, then a line per module of /proc/modules (this initramfs loads none).
 */
const lsmod: Program = p => {
	if (dashDashHelp(p)) return bbShowUsage(p, 'lsmod', 0);
	const modules = readFile(p.vfs, '/proc/modules');
	if (isErrno(modules)) {
		p.err(`lsmod: can't open '/proc/modules': ${strerror[modules]}\n`);
		return 1;
	}
	const t = readFile(p.vfs, '/proc/sys/kernel/tainted');
	const tainted = isErrno(t) ? 0 : parseInt(t, 10) || 0;
	let out = `${'Module'.padEnd(24)}Size  Used by`;
	out += tainted ? `    Tainted: ${tainted & 1 ? 'P' : 'G'}${tainted & 2 ? 'F' : ' '}${tainted & 4 ? 'S' : ' '}\n` : '    Not tainted\n';
	for (const line of modules.split('\n')) {
		const [name, size, refs, users] = line.split(' ');
		if (users === undefined) continue;
		out += `${name!.padEnd(19)} ${size!.padStart(8)} ${refs!.padStart(2)} ${users === '-' ? '' : users.replace(/,$/, '')}\n`;
	}
	p.out(out);
	return 0;
};

const free: Program = p => {
	if (dashDashHelp(p)) return bbShowUsage(p, 'free', 0);
	// only argv[1][1] counts: `free -mh` is -m, `free -m -b` too, operands are ignored
	let unit = 1024;
	const opt = p.argv[1];
	if (opt !== undefined && opt.startsWith('-')) {
		const map: Record<string, number> = {b: 1, k: 1024, m: 2 ** 20, g: 2 ** 30, h: 0};
		if (!Object.hasOwn(map, opt[1] ?? '')) return bbShowUsage(p, 'free');
		unit = map[opt[1]];
	}
	const info = p.sys.sysinfo();
	const meminfo = readFile(p.vfs, '/proc/meminfo');
	const field = (name: string): number | undefined => {
		if (isErrno(meminfo)) return undefined;
		const m = meminfoField(name).exec(meminfo);
		return m ? Number(m[1]) : undefined;
	};
	const available = field('MemAvailable');
	const cached = (field('Cached') ?? 0) * 1024 + info.bufferram + (field('SReclaimable') ?? 0) * 1024;
	const fields = (vals: number[]) => vals.map((v, i) => humanReadable(v, unit).padStart(i === 0 ? 12 : 11)).join(' ') + '\n';
	let out = `       ${['total', 'used', 'free', 'shared', 'buff/cache', 'available'].map(h => h.padStart(12)).join('')}\n`;
	out += 'Mem:   ' + fields([info.totalram, info.totalram - cached - info.freeram, info.freeram, info.sharedram, cached, (available ?? 0) * 1024]);
	if (available === undefined) out += '-/+ buffers/cache: ' + fields([info.totalram - cached - info.freeram, cached + info.freeram]);
	out += 'Swap:  ' + fields([info.totalswap, info.totalswap - info.freeswap, info.freeswap]);
	p.out(out);
	return 0;
};

/**
 * util-linux/dmesg.c: getopt32 "cs:+n:+r" (numbers through xatoi_positive), -n sets the
 * console level with klogctl(8), -c clears after printing, without -r the `<N>` prefixes go.
 */
const dmesg: Program = p => {
	const o = getopt32(p, {
		opts: 'cs:+n:+r',
		each: (c, v) => {
			if (c === 'r' || c === 'c') return undefined;
			const n = xatoiPositive(v ?? '');
			if (!(n instanceof BadNumber)) return undefined;
			p.err(`dmesg: ${n.message}\n`);
			return 1;
		},
	});
	if (typeof o === 'number') return o;
	const level = o.arg('n');
	if (level !== undefined) {
		if (p.sys.syslogConsoleLevel(Number(level))) {
			p.err(`dmesg: klogctl: ${strerror.EINVAL}\n`);
			return 1;
		}
		return 0;
	}
	let text = p.sys.syslogRead();
	if (!o.has('r')) text = text.replace(/^<\d+>/gm, '');
	if (text && !text.endsWith('\n')) text += '\n';
	p.out(text);
	if (o.has('c')) p.sys.syslogClear();
	return 0;
};

/** coreutils/uname.c: -a prints every field but the "unknown" processor and platform. */
const uname: Program = p => {
	const o = getopt32(p, {
		opts: 'snrvmpioa',
		longs: {
			all: 'a', 'kernel-name': 's', nodename: 'n', 'kernel-release': 'r', release: 'r', 'kernel-version': 'v',
			machine: 'm', processor: 'p', 'hardware-platform': 'i', 'operating-system': 'o',
		},
	});
	if (typeof o === 'number') return o;
	if (o.args.length) return bbShowUsage(p, 'uname');
	const u = p.sys.uname();
	const all = o.has('a');
	const unknown = all ? '' : 'unknown';
	const fields: [string, string][] = [
		['s', u.sysname], ['n', u.nodename], ['r', u.release], ['v', u.version], ['m', u.machine],
		['p', unknown], ['i', unknown], ['o', 'GNU/Linux'],
	];
	const any = fields.some(([c]) => o.has(c));
	const parts = fields.filter(([c, v]) => (all || o.has(c) || (!any && c === 's')) && v !== '').map(([, v]) => v);
	p.out(parts.join(' ') + '\n');
	return 0;
};

/** coreutils/date.c: getopt32 "Rs:ud:r:D:I::" ("R--I:I--R"), the guest's clock is UTC. */
const date: Program = p => {
	const o = getopt32(p, {
		opts: 'Rs:ud:r:D:I::',
		conflicts: {R: 'I', I: 'R'},
		longs: {'rfc-822': 'R', 'rfc-2822': 'R', set: 's', utc: 'u', date: 'd', reference: 'r', 'iso-8601': 'I'},
	});
	if (typeof o === 'number') return o;
	let fmt: string | undefined;
	const args = [...o.args];
	if (args[0]?.startsWith('+')) fmt = args.shift()!.slice(1);
	let setTo = o.arg('s');
	if (setTo === undefined && args.length) setTo = args.shift();
	if (args.length) return bbShowUsage(p, 'date');
	let t = p.sys.time();
	const ref = o.arg('r');
	const when = o.arg('d') ?? setTo;
	if (ref !== undefined) {
		const st = ref === '' ? 'ENOENT' as const : p.vfs.stat(p.abs(ref));
		if (isErrno(st)) {
			p.err(`date: can't stat '${ref}': ${strerror[st]}\n`);
			return 1;
		}
		t = st.mtime;
	} else if (when !== undefined) {
		const parsed = parseDate(when, t, o.arg('d') === undefined);
		if (parsed === undefined) {
			p.err(`date: invalid date '${when}'\n`);
			return 1;
		}
		t = parsed;
	}
	if (fmt === undefined) {
		if (o.has('I')) {
			const spec = o.arg('I') ?? 'date';
			const specs: Record<string, string> = {date: '%Y-%m-%d', hours: '%Y-%m-%dT%H+00:00', minutes: '%Y-%m-%dT%H:%M+00:00', seconds: '%Y-%m-%dT%H:%M:%S+00:00', ns: '%Y-%m-%dT%H:%M:%S,%N+00:00'};
			const key = Object.keys(specs).find(k => spec !== '' && k.startsWith(spec));
			if (key === undefined) return bbShowUsage(p, 'date');
			fmt = specs[key];
		} else if (o.has('R')) fmt = '%a, %d %b %Y %H:%M:%S %z';
		else fmt = '%a %b %e %H:%M:%S %Z %Y';
	}
	p.out(strftime(fmt, t) + '\n');
	return 0;
};

/** procps/uptime.c: time, uptime (days, h:mm or N min), users from utmp (none), load average. */
const uptime: Program = p => {
	const o = getopt32(p, {opts: 's'});
	if (typeof o === 'number') return o;
	const now = p.sys.time();
	const up = Math.floor(p.sys.uptime());
	if (o.has('s')) {
		p.out(strftime('%Y-%m-%d %H:%M:%S', now - up) + '\n');
		return 0;
	}
	const days = Math.floor(up / 86400);
	const mins = Math.floor(up / 60) % 60;
	const hours = Math.floor(up / 3600) % 24;
	let out = ` ${strftime('%H:%M:%S', now)} up `;
	if (days) out += `${days} day${days !== 1 ? 's' : ''}, `;
	out += hours ? `${String(hours).padStart(2)}:${two(mins)}` : `${mins} min`;
	const load = readFile(p.vfs, '/proc/loadavg');
	const avg = !isErrno(load) ? /^(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)/.exec(load) : null;
	p.out(`${out},  0 users,  load average: ${avg ? `${avg[1]}, ${avg[2]}, ${avg[3]}` : '0.00, 0.00, 0.00'}\n`);
	return 0;
};

/** coreutils/env.c: getopt32 "+i0u:*", a lone `-` is -i, NAME=VALUE operands, then PROG ARGS. */
const env: Program = p => {
	const o = getopt32(p, {opts: '+i0u:*', longs: {'ignore-environment': 'i', unset: 'u', null: '0'}});
	if (typeof o === 'number') return o;
	const args = [...o.args];
	let clear = o.has('i');
	if (args[0] === '-') {
		clear = true;
		args.shift();
	}
	const vars = new Map(clear ? [] : p.env);
	for (const n of o.list('u')) vars.delete(n);
	while (args.length && args[0].includes('=')) {
		p.tick();
		const a = args.shift()!;
		const eq = a.indexOf('=');
		vars.set(a.slice(0, eq), a.slice(eq + 1));
	}
	if (args.length) {
		const name = args[0];
		const found = findProgram(p.vfs, vars.get('PATH') ?? DEFAULT_PATH, p.cwd, name);
		if (found.kind === 'missing' || found.kind === 'error') {
			const e = found.kind === 'missing' ? 'ENOENT' : found.errno;
			p.err(`env: can't execute '${name}': ${strerror[e]}\n`);
			return e === 'ENOENT' ? 127 : 126;
		}
		if (found.kind === 'script' || !found.program) {
			// a script or `sh` itself: through the shell's own exec, with this environment
			if (p.execvp) {
				const r = p.execvp(args, undefined, vars);
				return typeof r === 'number' ? r : 127;
			}
			p.err(`memhp: ${name}: running it from env is not simulated\n`);
			return 127;
		}
		const pid = p.sys.fork?.(args, [...vars].map(([k, v]) => `${k}=${v}`));
		try {
			return exitStatus(found.program({...p, name: found.applet, argv: args, env: vars}));
		} finally {
			if (pid !== undefined) p.sys.exit?.(pid);
		}
	}
	const end = o.has('0') ? '\0' : '\n';
	p.out([...vars].map(([k, v]) => `${k}=${v}${end}`).join(''));
	return 0;
};

const DURATION_SUFFIXES: Record<string, bigint> = {s: 1n, m: 60n, h: 3600n, d: 86400n};

/**
 * libbb's parse_duration_str() (FLOAT_DURATION): xatoul_sfx() with the s/m/h/d suffixes; with a
 * `.`, strtod of the leading digits and dots (anything else there is bb_show_usage(): 'usage'),
 * then the rest checked as the suffix of "1SUFFIX", which is what its error message shows.
 */
export function parseDurationStr(a: string): number | BadNumber | 'usage' {
	if (!a.includes('.')) return xatonum(a, ULONG_MAX, ULONG_MAX, DURATION_SUFFIXES);
	const len = /^[0-9.]*/.exec(a)![0].length;
	const num = a.slice(0, len);
	if (!/^(\d+\.?\d*|\.\d+)$/.test(num)) return 'usage';
	const mult = xatonum(`1${a.slice(len)}`, ULONG_MAX, ULONG_MAX, DURATION_SUFFIXES);
	return mult instanceof BadNumber ? mult : Number(num) * mult;
}

/**
 * coreutils/sleep.c with FLOAT_DURATION: no option parsing, each operand through
 * parse_duration_str(). On the screen it sleeps in real time (`while :; do free -m; sleep 1;
 * done` runs at the guest's pace until Ctrl-C); replay only moves the guest's clock.
 */
const sleep: InteractiveProgram = p => sleepMain(p);

function* sleepMain(p: Proc): Run {
	if (p.argv.length === 1) return bbShowUsage(p, 'sleep');
	if (dashDashHelp(p)) return bbShowUsage(p, 'sleep', 0);
	// As GNU sleep: "inf", "infinity" (strncasecmp(argv[0], "inf", 3)) is for (;;) sleep(INT_MAX).
	if (/^inf/i.test(p.argv[1]!)) {
		yield* waitRealTime(p, 'sleep', Infinity);
		p.sleep(Infinity);
		return 0;
	}
	let total = 0;
	for (const a of p.argv.slice(1)) {
		p.tick();
		const n = parseDurationStr(a);
		if (n === 'usage') return bbShowUsage(p, 'sleep');
		if (n instanceof BadNumber) {
			p.err(`sleep: ${n.message}\n`);
			return 1;
		}
		total += n;
	}
	yield* waitRealTime(p, 'sleep', total);
	p.sleep(total);
	return 0;
}

/** networking/hostname.c: getopt32 "dfiF:s" on the guest's uname nodename and /etc/hosts. */
const hostname: Program = p => {
	const o = getopt32(p, {opts: 'dfiF:s'});
	if (typeof o === 'number') return o;
	const name = p.sys.uname().nodename;
	const dot = name.indexOf('.');
	if (o.has('d') || o.has('f') || o.has('i')) {
		if (o.has('f')) p.out(name + '\n');
		else if (o.has('s')) p.out((dot < 0 ? name : name.slice(0, dot)) + '\n');
		else if (o.has('d')) {
			if (dot >= 0) p.out(name.slice(dot + 1) + '\n');
		} else {
			const hosts = readFile(p.vfs, '/etc/hosts');
			const addrs = isErrno(hosts) ? [] : hosts.split('\n').map(l => l.replace(/#.*/, '').trim().split(/\s+/)).filter(f => f.length > 1 && f.slice(1).includes(name)).map(f => f[0]);
			if (!addrs.length && name !== 'localhost') {
				p.err(`hostname: bad address '${name}'\n`);
				return 1;
			}
			p.out(`${addrs.length ? addrs.join(' ') : '127.0.0.1'}\n`);
		}
		return 0;
	}
	if (o.has('s')) {
		p.out((dot < 0 ? name : name.slice(0, dot)) + '\n');
		return 0;
	}
	const file = o.arg('F');
	if (file !== undefined) {
		const d = readFile(p.vfs, p.abs(file));
		if (isErrno(d)) {
			p.err(`hostname: can't open '${file}': ${strerror[d]}\n`);
			return 1;
		}
	}
	if (file !== undefined || o.args.length) {
		p.err('memhp: hostname: setting the host name is not simulated\n');
		return 1;
	}
	p.out(name + '\n');
	return 0;
};

/**
 * coreutils/id.c: getopt32 "^rnugG\0?1:u--g:g--u:G--u:u--G:g--G:G--g:r?ugG:n?ugG". The guest
 * has one user, root.
 */
const id: Program = p => {
	const o = getopt32(p, {opts: 'rnugG', conflicts: {u: 'gG', g: 'uG', G: 'ug'}});
	if (typeof o === 'number') return o;
	const only = ['u', 'g', 'G'].find(c => o.has(c));
	if (o.args.length > 1 || ((o.has('r') || o.has('n')) && !only)) return bbShowUsage(p, 'id');
	const user = o.args[0];
	if (user !== undefined && user !== 'root' && user !== '0') {
		p.err(`id: unknown user ${user}\n`);
		return 1;
	}
	if (only) p.out(o.has('n') ? 'root\n' : '0\n');
	// getgroups(): the shell, like init, has no supplementary groups (/proc/self/status: `Groups:`
	// empty), so the process's own `id` has no groups= part; getgrouplist() of a named user has
	// the primary group (Debian's busybox on a root shell without groups prints the same)
	else p.out(`uid=0(root) gid=0(root)${user === undefined ? '' : ' groups=0(root)'}\n`);
	return 0;
};

/** The CPU numbers in a sysfs cpu list ("0-3,6"). */
function cpuCount(list: string): number {
	let n = 0;
	for (const part of list.trim().split(',')) {
		const m = /^(\d+)(?:-(\d+))?$/.exec(part);
		if (m) n += Number(m[2] ?? m[1]) - Number(m[1]) + 1;
	}
	return n;
}

/** coreutils/nproc.c: --all counts /sys/devices/system/cpu/cpuN, else the online CPUs. */
const nproc: Program = p => {
	// only the long names exist (letters no one can type stand for them)
	const o = getopt32(p, {opts: '\x01\x02:', longs: {all: '\x01', ignore: '\x02'}, each: (c, v) => {
		const n = c === '\x02' ? xatoiPositive(v ?? '') : 0;
		if (!(n instanceof BadNumber)) return undefined;
		p.err(`nproc: ${n.message}\n`);
		return 1;
	}});
	if (typeof o === 'number') return o;
	let count: number;
	if (o.has('\x01')) {
		const names = p.vfs.readdir('/sys/devices/system/cpu');
		count = isErrno(names) ? 0 : names.filter(n => /cpu.*\d$/.test(n)).length;
	} else {
		const online = readFile(p.vfs, '/sys/devices/system/cpu/online');
		count = isErrno(online) ? 1 : cpuCount(online);
	}
	count -= Number(o.arg('\x02') ?? 0);
	p.out(`${count <= 0 ? 1 : count}\n`);
	return 0;
};

/**
 * busybox halt, poweroff and reboot (init/halt.c): without -f they ask init with a signal
 * (SIGUSR1, SIGUSR2, SIGTERM to pid 1); on this initramfs init is the console shell, which
 * catches none of them, so nothing happens (status 0). With -f they call reboot(2) themselves:
 * the kernel says so on the console and the machine restarts (QEMU resets it and the guest
 * boots again), powers off (QEMU exits) or halts. -d waits first, -w does nothing, -n skips sync.
 */
const halt: Program = p => {
	const which = 'hpr'.indexOf(p.name[0]!);
	const o = getopt32(p, {
		opts: 'd:nfwi',
		each: (c, v) => {
			if (c !== 'd') return undefined;
			const n = xatoiPositive(v ?? '');
			if (!(n instanceof BadNumber)) return undefined;
			p.err(`${p.name}: ${n.message}\n`);
			return 1;
		},
	});
	if (typeof o === 'number') return o;
	p.sleep(Number(o.arg('d') ?? 0));
	if (o.has('w')) return 0;
	if (!o.has('f')) {
		p.sys.kill?.(1, [10, 12, 15][which]!);
		return 0;
	}
	if (!p.sys.reboot) {
		p.err(`memhp: ${p.name}: not simulated\n`);
		return 1;
	}
	return p.sys.reboot((['halt', 'power-off', 'restart'] as const)[which]!);
};

export const SYS_PROGRAMS: Record<string, Program | InteractiveProgram> = {
	halt,
	lsmod,
	poweroff: halt,
	reboot: halt,
	free,
	dmesg,
	uname,
	date,
	uptime,
	env,
	sleep,
	hostname,
	id,
	nproc,
	whoami: p => {
		if (dashDashHelp(p)) return bbShowUsage(p, 'whoami', 0);
		if (p.argv.length > 1) return bbShowUsage(p, 'whoami');
		p.out('root\n');
		return 0;
	},
	clear: p => {
		if (dashDashHelp(p)) return bbShowUsage(p, 'clear', 0);
		p.out('\x1b[H\x1b[J');
		return 0;
	},
	reset: p => {
		if (dashDashHelp(p)) return bbShowUsage(p, 'reset', 0);
		p.out('\x1bc\x1b(B\x1b[m\x1b[J\x1b[?25h');
		return 0;
	},
	tty: p => {
		const o = getopt32(p, {opts: 's', status: 2});
		if (typeof o === 'number') return o;
		if (o.args.length) p.err('tty: ignoring all arguments\n');
		if (!o.has('s')) p.out(p.stdinIsTty ? '/dev/ttyS0\n' : 'not a tty\n');
		return p.stdinIsTty ? 0 : 1;
	},
	sync: p => {
		const o = getopt32(p, {opts: 'df'});
		if (typeof o === 'number') return o;
		let st = 0;
		for (const f of o.args) {
			const e = f === '' ? 'ENOENT' as const : p.vfs.stat(p.abs(f));
			if (isErrno(e)) {
				p.err(`sync: can't open '${f}': ${strerror[e]}\n`);
				st = 1;
			}
		}
		return st;
	},
};
