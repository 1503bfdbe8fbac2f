import {bbShowUsage, dashDashHelp} from '../getopt.js';
import type {Program} from '../proc.js';
import {getSigname, getSignum, SIGNAL_NAMES, SIGTERM} from '../signals.js';

/**
 * busybox 1.35 kill_main() (procps/kill.c), which is both ash's `kill` builtin (messages start
 * `sh: `, as applet_name is the shell's) and the kill applet. `-l` lists or translates signals,
 * `-SIG`, `-s SIG` and `--` come first; each PID argument may hold several pids separated by
 * single spaces (the form ash turns `%N` into). The status is the number of failures.
 */
export const killMain: Program = p => {
	if (p.name === 'kill' && dashDashHelp(p)) return bbShowUsage(p, 'kill', 0);
	const say = (msg: string) => p.err(`${p.name}: ${msg}\n`);
	const args = p.argv.slice(1);
	let signo = SIGTERM;
	let first = 0;
	const opt = args[0];
	if (opt !== undefined && opt.startsWith('-')) {
		if (opt === '-l') return listSignals(p, args.slice(1), say);
		first = 1;
		if (opt !== '--') {
			let name = opt.slice(1);
			if (name === 's' && args.length > 1) name = args[first++]!;
			signo = getSignum(name);
			if (signo < 0) {
				say(`bad signal name '${name}'`);
				return 1;
			}
		}
	}
	if (first >= args.length) {
		say('you need to specify whom to kill');
		return 1;
	}
	let errors = 0;
	for (const arg of args.slice(first)) {
		p.tick();
		let rest = arg;
		while (rest !== '') {
			if (rest[0] === ' ') rest = rest.slice(1);
			const n = bbStrtoi(rest);
			if (n.errno && (n.errno !== 'EINVAL' || rest[n.end] !== ' ')) {
				say(`invalid number '${rest}'`);
				errors++;
				break;
			}
			const err = p.sys.kill ? p.sys.kill(n.value, signo) : 'ESRCH';
			if (err === 'ENOSYS') {
				p.err(`memhp: kill: stopping a process (${getSigname(signo)}) is not simulated\n`);
				errors++;
			} else if (err) {
				say(`can't kill pid ${n.value}: No such process`);
				errors++;
			}
			rest = rest.slice(n.end);
		}
	}
	return errors;
};

/** `kill -l`: the table as ` N) NAME`; with arguments, names for numbers (exit codes above 127 too) and numbers for names. */
/** kill -l (killall -l too): every signal, or each argument translated between name and number. */
export function listSignals(p: Parameters<Program>[0], args: string[], say: (msg: string) => void): number {
	if (!args.length) {
		for (let s = 1; s < SIGNAL_NAMES.length; s++) p.out(`${String(s).padStart(2)}) ${SIGNAL_NAMES[s]}\n`);
		return 0;
	}
	for (const a of args) {
		if (/^\d/.test(a)) {
			// bb_strtou(): digits only, within an unsigned int.
			if (!/^\d+$/.test(a) || Number(a) > 0xffffffff) {
				say(`unknown signal '${a}'`);
				return 1;
			}
			p.out(`${getSigname(Number(a) & 0x7f)}\n`);
			continue;
		}
		const n = getSignum(a);
		if (n < 0) {
			say(`unknown signal '${a}'`);
			return 1;
		}
		p.out(`${n}\n`);
	}
	return 0;
}

const isAlnum = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9]/.test(c);

/**
 * libbb's bb_strtoi(s, &end, 10): the number at the start of `s` and where it ended; ERANGE for
 * a bad start, trailing letters or digits, or a value outside int; EINVAL for another trailing
 * character (a good number with a suspicious terminator).
 */
function bbStrtoi(s: string): {value: number; end: number; errno?: 'ERANGE' | 'EINVAL'} {
	if (!isAlnum(s[0]) && s[0] !== '-') return {value: 0, end: 0, errno: 'ERANGE'};
	const m = /^-?\d+/.exec(s);
	const end = m ? m[0].length : 0;
	const value = m ? Number(m[0]) : 0;
	const outOfRange = value > 0x7fffffff || value < -0x80000000;
	if (end < s.length) return {value, end, errno: isAlnum(s[end]) || outOfRange ? 'ERANGE' : 'EINVAL'};
	return outOfRange ? {value, end, errno: 'ERANGE'} : {value, end};
}
