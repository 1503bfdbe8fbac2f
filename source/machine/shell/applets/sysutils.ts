import {isErrno, strerror} from '../../errno.js';
import {errorMsg, readFile, type Proc, type Program} from '../proc.js';

/** busybox free, dmesg, uname, date, uptime, hostname, id, whoami, env, sleep, clear, nproc. */

function usage(p: Proc, usageLine: string, text: string): number {
	p.err(`BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: ${usageLine}\n\n${text}\n`);
	return 1;
}

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

const free: Program = p => {
	let unit = 1024;
	const opt = p.argv[1];
	if (opt !== undefined && opt.startsWith('-')) {
		const map: Record<string, number> = {b: 1, k: 1024, m: 2 ** 20, g: 2 ** 30, h: 0};
		if (!(opt[1] in map)) return usage(p, 'free [-bkmgh]', 'Display free and used memory');
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

/** util-linux-like busybox dmesg: -c clear, -n level, -r raw (keeps <level>). */
const dmesg: Program = p => {
	let raw = false;
	let clear = false;
	for (let i = 1; i < p.argv.length; i++) {
		const a = p.argv[i];
		if (a === '-r') raw = true;
		else if (a === '-c') clear = true;
		else if (a === '-n' || /^-n\d+$/.test(a)) {
			const v = a === '-n' ? p.argv[i + 1] : a.slice(2);
			if (v === undefined || !/^\d+$/.test(v)) return usage(p, 'dmesg [-cr] [-n LEVEL] [-s SIZE]', 'Print or control the kernel ring buffer');
			if (p.sys.syslogConsoleLevel(Number(v))) {
				p.err(`dmesg: klogctl: ${strerror.EINVAL}\n`);
				return 1;
			}
			return 0;
		} else if (a === '-s') i++;
		else return usage(p, 'dmesg [-cr] [-n LEVEL] [-s SIZE]', 'Print or control the kernel ring buffer');
	}
	let text = p.sys.syslogRead();
	if (!raw) text = text.replace(/^<\d+>/gm, '');
	if (text && !text.endsWith('\n')) text += '\n';
	p.out(text);
	if (clear) p.sys.syslogClear();
	return 0;
};

const uname: Program = p => {
	const u = p.sys.uname();
	const flags = p.argv.slice(1).join('').replace(/-/g, '');
	const all = flags.includes('a');
	const parts: string[] = [];
	const want = (c: string) => all || flags.includes(c);
	if (flags === '' || want('s')) parts.push(u.sysname);
	if (want('n')) parts.push(u.nodename);
	if (want('r')) parts.push(u.release);
	if (want('v')) parts.push(u.version);
	if (want('m')) parts.push(u.machine);
	if (all || flags.includes('o')) parts.push('GNU/Linux');
	const bad = flags.replace(/[asnrvmpio]/g, '');
	if (bad) {
		p.err(`uname: invalid option -- '${bad[0]}'\n`);
		return 1;
	}
	p.out(parts.join(' ') + '\n');
	return 0;
};

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

const date: Program = p => {
	const d = new Date(p.sys.time() * 1000);
	const fmt = p.argv.find(a => a.startsWith('+'));
	if (fmt) {
		const map: Record<string, () => string> = {
			Y: () => String(d.getUTCFullYear()), m: () => two(d.getUTCMonth() + 1), d: () => two(d.getUTCDate()),
			H: () => two(d.getUTCHours()), M: () => two(d.getUTCMinutes()), S: () => two(d.getUTCSeconds()),
			s: () => String(Math.floor(p.sys.time())), a: () => DAYS[d.getUTCDay()], b: () => MONTHS[d.getUTCMonth()],
			Z: () => 'UTC', '%': () => '%', n: () => '\n', T: () => `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`,
		};
		p.out(fmt.slice(1).replace(/%(.)/g, (m, c: string) => (map[c] ? map[c]() : m)) + '\n');
		return 0;
	}
	p.out(`${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}\n`);
	return 0;
};

const uptime: Program = p => {
	const d = new Date(p.sys.time() * 1000);
	const up = Math.floor(p.sys.uptime());
	const mins = Math.floor(up / 60);
	const span = mins >= 60 * 24 ? `${Math.floor(mins / 1440)} day${mins >= 2880 ? 's' : ''}, ${Math.floor((mins % 1440) / 60)}:${two(mins % 60)}`
		: mins >= 60 ? `${Math.floor(mins / 60)}:${two(mins % 60)}` : `${mins} min`;
	p.out(` ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} up ${span},  load average: 0.00, 0.00, 0.00\n`);
	return 0;
};

const env: Program = p => {
	if (p.argv.length > 1 && !p.argv[1].startsWith('-')) {
		errorMsg(p, 'running commands is not simulated; use the shell directly');
		return 127;
	}
	p.out([...p.env].map(([k, v]) => `${k}=${v}\n`).join(''));
	return 0;
};

const printenv: Program = p => {
	if (p.argv.length === 1) return env(p);
	let st = 0;
	for (const k of p.argv.slice(1)) {
		const v = p.env.get(k);
		if (v === undefined) st = 1;
		else p.out(v + '\n');
	}
	return st;
};

const sleep: Program = p => {
	let total = 0;
	for (const a of p.argv.slice(1)) {
		const m = /^(\d+(?:\.\d*)?)([smhd]?)$/.exec(a);
		if (!m) {
			p.err(`sleep: invalid number '${a}'\n`);
			return 1;
		}
		total += Number(m[1]) * ({'': 1, s: 1, m: 60, h: 3600, d: 86400}[m[2]] ?? 1);
	}
	if (p.argv.length === 1) return usage(p, 'sleep [N]...', 'Pause for a time equal to the total of the args given');
	p.sleep(total);
	return 0;
};

export const SYS_PROGRAMS: Record<string, Program> = {
	free,
	dmesg,
	uname,
	date,
	uptime,
	env,
	printenv,
	sleep,
	hostname: p => {
		p.out(p.sys.uname().nodename + '\n');
		return 0;
	},
	id: p => {
		p.out('uid=0(root) gid=0(root) groups=0(root)\n');
		return 0;
	},
	whoami: p => {
		p.out('root\n');
		return 0;
	},
	clear: p => {
		p.out('\x1b[H\x1b[J');
		return 0;
	},
	reset: p => {
		p.out('\x1bc\x1b(B\x1b[m\x1b[J\x1b[?25h');
		return 0;
	},
	nproc: p => {
		const online = readFile(p.vfs, '/sys/devices/system/cpu/online');
		const m = !isErrno(online) ? /(\d+)(?:-(\d+))?/.exec(online) : null;
		p.out(`${m ? Number(m[2] ?? m[1]) + 1 : 1}\n`);
		return 0;
	},
	tty: p => {
		p.out(p.stdinIsTty ? '/dev/ttyS0\n' : 'not a tty\n');
		return p.stdinIsTty ? 0 : 1;
	},
	sync: () => 0,
};
