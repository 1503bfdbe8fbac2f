import {isErrno, strerror} from '../../errno.js';
import {BadNumber, bbShowUsage, getopt32, UINT_MAX, ULONG_MAX, xatonum} from '../getopt.js';
import {errorMsg, readFile, type Program} from '../proc.js';
import {nextRandom, seedRandom} from '../random.js';

/**
 * coreutils/shuf.c of busybox 1.35: `shuf [-n NUM] [-o FILE] [-z] [FILE | -e [ARG...] | -i L-H]`
 * prints the lines (of FILE or stdin, the arguments with -e, the numbers L to H with -i) in a
 * random order: a Fisher-Yates shuffle from the last line down. busybox seeds random() from the
 * monotonic clock; memhp draws from the shell's generator seeded by the pid and the guest's clock.
 */
const shuf: Program = p => {
	const o = getopt32(p, {opts: 'ei:n:o:z', conflicts: {e: 'i', i: 'e'}});
	if (typeof o === 'number') return o;
	let lines: string[];
	if (o.has('e')) lines = [...o.args];
	else if (o.has('i')) {
		const range = o.arg('i')!;
		const dash = range.indexOf('-');
		if (dash < 0) {
			errorMsg(p, `bad range '${range}'`);
			return 1;
		}
		const lo = xatonum(range.slice(0, dash), ULONG_MAX);
		if (lo instanceof BadNumber) {
			errorMsg(p, lo.message);
			return 1;
		}
		const hi = xatonum(range.slice(dash + 1), ULONG_MAX);
		if (hi instanceof BadNumber) {
			errorMsg(p, hi.message);
			return 1;
		}
		if (hi < lo) {
			errorMsg(p, `bad range '${range}'`);
			return 1;
		}
		// (what memhp holds in memory: a guest with 512 MiB would not list more either)
		if (hi - lo >= 1_000_000) {
			errorMsg(p, 'memhp: a range of more than a million numbers is not simulated');
			return 1;
		}
		lines = Array.from({length: hi - lo + 1}, (_, i) => String(lo + i));
	} else {
		if (o.args.length > 1) return bbShowUsage(p, 'shuf');
		const f = o.args[0] ?? '-';
		let text: string;
		if (f === '-') text = p.stdin();
		else {
			const r = readFile(p.vfs, p.abs(f));
			if (isErrno(r)) {
			errorMsg(p, `can't open '${f}': ${strerror[r]}`);
			return 1;
		}
			text = r;
		}
		lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
	}
	const random = seedRandom(p.sys.getpid?.() ?? 1, Math.floor(p.sys.uptime() * 1e6) >>> 0);
	for (let i = lines.length - 1; i > 0; i--) {
		p.tick();
		const r = nextRandom(random) % (i + 1);
		[lines[i], lines[r]] = [lines[r]!, lines[i]!];
	}
	const n = o.arg('n');
	if (n !== undefined) {
		const max = xatonum(n, UINT_MAX);
		if (max instanceof BadNumber) {
			errorMsg(p, max.message);
			return 1;
		}
		lines = lines.slice(0, max);
	}
	const eol = o.has('z') ? '\0' : '\n';
	const text = lines.map(l => l + eol).join('');
	const out = o.arg('o');
	if (out !== undefined) {
		const f = p.vfs.open(p.abs(out), {write: true, create: true, truncate: true});
		if (isErrno(f)) {
			errorMsg(p, `can't open '${out}': ${strerror[f]}`);
			return 1;
		}
		f.write(text);
		f.close();
		return 0;
	}
	p.out(text);
	return 0;
};

export const SHUF_PROGRAMS: Record<string, Program> = {shuf};
