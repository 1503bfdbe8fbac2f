import {isErrno, strerror, type Errno} from '../../../errno.js';
import {BadNumber, bbShowUsage, getopt32, xatoiPositive} from '../../getopt.js';
import {errorMsg, NeedConsoleInput, type Program} from '../../proc.js';
import {bytesOf, consoleSoFar, isSpace, splitLines, textOf} from './common.js';

/**
 * coreutils/uniq.c of busybox 1.35: `uniq [-cduiz] [-f,s,w N] [FILE [OUTFILE]]`. The input
 * is opened before the output is truncated (`uniq f f` empties f), -f skips blank-separated
 * fields, -s characters, -w limits the comparison; -z ends output lines with NUL.
 */

function compareFrom(line: string, fields: number, chars: number): string {
	let i = 0;
	for (let k = fields; k; k--) {
		while (isSpace(line[i])) i++;
		while (i < line.length && !isSpace(line[i])) i++;
	}
	return line.slice(Math.min(line.length, i + chars));
}

/** strncasecmp() folds ASCII letters only. */
function asciiLower(s: string): string {
	return s.replace(/[A-Z]+/g, m => m.toLowerCase());
}

const uniq: Program = p => {
	const num: Record<string, number> = {f: 0, s: 0, w: 0x7fffffff};
	const o = getopt32(p, {
		opts: 'cduf:s:w:iz',
		// getopt32's "f:+s:+w:+": each number is converted as its option is parsed
		each: (c, v) => {
			if (v === undefined) return undefined;
			const n = xatoiPositive(v);
			if (n instanceof BadNumber) {
				errorMsg(p, n.message);
				return 1;
			}
			num[c] = n;
			return undefined;
		},
	});
	if (typeof o === 'number') return o;
	const [input, output] = o.args;
	if (o.args.length > 2) return bbShowUsage(p);
	let read: () => string = () => p.stdin();
	if (input !== undefined && input !== '-') {
		const f = p.vfs.open(p.abs(input), {read: true});
		if (typeof f === 'string') {
			errorMsg(p, `can't open '${input}': ${strerror[f]}`);
			return 1;
		}
		read = () => {
			const d = f.read();
			f.close();
			return d;
		};
	}
	let sink: ((s: string) => Errno | undefined) | undefined;
	if (output !== undefined && output !== '-') {
		const h = p.vfs.open(p.abs(output), {write: true, create: true, truncate: true});
		if (typeof h === 'string') {
			errorMsg(p, `can't open '${output}': ${strerror[h]}`);
			return 1;
		}
		sink = s => {
			const e = h.write(s);
			h.close();
			return e;
		};
	}
	// On the console it prints each run of lines once the next line is different (the last run
	// at Ctrl-D): its output is line buffered there (not into OUTFILE).
	const typed = input === undefined || input === '-' ? (sink ? undefined : consoleSoFar(p)) : undefined;
	const data = typed ?? read();
	const failed = isErrno(data);
	const ls = failed ? [] : splitLines(p, typed ?? bytesOf(data));
	const fold = o.has('i');
	const width = num.w;
	const term = o.has('z') ? '\0' : '\n';
	let out = '';
	for (let i = 0; i < ls.length;) {
		if ((i & 1023) === 0) p.tick();
		let a = compareFrom(ls[i], num.f, num.s).slice(0, width);
		if (fold) a = asciiLower(a);
		let j = i + 1;
		for (; j < ls.length; j++) {
			let b = compareFrom(ls[j], num.f, num.s).slice(0, width);
			if (fold) b = asciiLower(b);
			if (a !== b) break;
		}
		// (the last run may go on with the next line typed)
		if (typed !== undefined && j === ls.length) break;
		const dups = j - i - 1;
		if (!(dups ? o.has('u') : o.has('d'))) out += (o.has('c') ? `${String(dups + 1).padStart(7)} ` : '') + ls[i] + term;
		i = j;
	}
	const text = textOf(out);
	if (sink) {
		const e = sink(text);
		if (e) {
			errorMsg(p, `write error: ${strerror[e]}`);
			return 1;
		}
	} else p.out(text);
	if (typed !== undefined) throw new NeedConsoleInput();
	if (failed) {
		errorMsg(p, `${input ?? '-'}: I/O error`);
		return 1;
	}
	return 0;
};

export const UNIQ: Record<string, Program> = {uniq};
