import {BadNumber, getopt32, xatoiPositive} from '../../getopt.js';
import {errorMsg, type Program, type Proc} from '../../proc.js';
import type {PosixRegex} from '../../posix-regex.js';
import {BadRegex, xregcomp} from '../../regex.js';
import {openRead, perrorName, splitLines, Stdin, textOf} from './common.js';

/**
 * coreutils/cut.c of busybox 1.35: -b/-c (bytes), -f with a one-character -d, -F with a
 * regex -d, -O output separator, -D (keep the list order), -s, the `N`, `N-`, `-M`, `N-M`
 * lists. Its quirks are kept: `echo 1.2 | cut -d. -f1,3` prints `1.`, `-f-0` selects the
 * first field only, a reversed range is `cut: 1<2`.
 */

interface Range {
	start: number;
	end: number;
}

class CutError {
	constructor(readonly message: string) {}
}

function parseList(list: string, keepOrder: boolean): Range[] {
	const out: Range[] = [];
	for (const tok of list.split(',')) {
		if (tok === '') continue;
		const dash = tok.indexOf('-');
		const ntok = dash < 0 ? tok : tok.slice(0, dash);
		const ltok = dash < 0 ? undefined : tok.slice(dash + 1);
		const num = (s: string): number => {
			const n = xatoiPositive(s);
			if (n instanceof BadNumber) throw new CutError(n.message);
			return n;
		};
		let s = 0;
		if (ntok !== '') {
			s = num(ntok);
			if (s !== 0) s--;
		}
		let e: number;
		if (ltok === undefined) e = s;
		else if (ltok === '') e = 0x7fffffff;
		else {
			e = num(ltok);
			if (e < s) throw new CutError(`${e}<${s}`);
			e--;
		}
		out.push({start: s, end: e});
	}
	if (out.length === 0) throw new CutError('missing list of positions');
	// glibc qsort() is a merge sort: equal starts keep their order
	if (!keepOrder) out.sort((a, b) => a.start - b.start);
	return out;
}

interface CutOpts {
	chars: boolean;
	delim: string;
	odelim: string;
	regex?: PosixRegex;
	suppress: boolean;
	noSort: boolean;
}

/** cut_file() for one line: what it prints, or undefined for nothing (not even '\n'). */
function cutLine(p: Proc, line: string, linenum: number, lists: Range[], o: CutOpts): string | undefined {
	const len = line.length;
	let clPos = 0;
	if (o.chars) {
		const printed = new Set<number>();
		let out = '';
		for (; clPos < lists.length; clPos++) {
			for (let spos = lists[clPos].start; spos < len;) {
				if (!printed.has(spos)) {
					printed.add(spos);
					out += line[spos];
				}
				if (++spos > lists[clPos].end) break;
			}
		}
		return out + '\n';
	}
	if (o.delim[0] === '\n') {
		let spos = lists[0].start;
		if (linenum < spos) return undefined;
		while (spos < linenum) {
			spos++;
			if (spos > lists[clPos].end) {
				if (++clPos >= lists.length) return undefined;
				spos = lists[clPos].start;
				if (linenum < spos) return undefined;
			}
		}
		return line + '\n';
	}
	const shoe = o.regex !== undefined;
	let uu = 0;
	let start = 0;
	let end = 0;
	let printedFields = 0;
	let dcount = 0;
	let out = '';
	for (let step = 0; ; step++) {
		// an empty regex match (`-F1- -d 'x*'`) never moves on: busybox loops forever
		if ((step & 1023) === 1023) p.tick();
		if (end === len || dcount > lists[clPos].end) {
			if (++clPos >= lists.length) break;
			if (o.noSort) start = dcount = uu = 0;
			end = 0;
		}
		if (uu === len) {
			if (!clPos && !dcount && !shoe) {
				if (o.suppress) return undefined;
			} else if (dcount < lists[clPos].start) start = len;
			end = len;
		} else {
			if (o.regex) {
				const m = o.regex.exec(line.slice(uu));
				if (!m) {
					uu = len;
					continue;
				}
				end = uu + m.start;
				uu += m.end;
			} else if (line[(end = uu++)] !== o.delim[0]) continue;
			if (dcount++ < lists[clPos].start) {
				start = uu;
				continue;
			}
		}
		if (end !== start || !shoe) out += (printedFields++ ? o.odelim : '') + (end >= start ? line.slice(start, end) : line.slice(start));
		start = uu;
		if (!dcount) break;
	}
	return out + '\n';
}

const cut: Program = p => {
	// "b--bcfF:c--bcfF:f--bcfF" "F--bcfF" lost its ':' in busybox, so -F conflicts with nothing
	const o = getopt32(p, {opts: 'b:c:f:d:O:sDF:n', conflicts: {b: 'bcfF', c: 'bcfF', f: 'bcfF'}});
	if (typeof o === 'number') return o;
	const regex = o.has('F');
	let delim = o.arg('d');
	if (!delim) delim = regex ? '[[:space:]]+' : '\t';
	const odelim = o.arg('O') ?? (regex ? ' ' : delim);
	// -b, -c, -f and -F share one variable: the last one given
	const list = o.seq.filter(([c]) => 'bcfF'.includes(c)).pop()?.[1];
	const fields = o.has('f') || regex;
	let lists: Range[];
	try {
		if (list === undefined) throw new CutError('expected a list of bytes, characters, or fields');
		if (!fields && o.has('s')) throw new CutError('suppressing non-delimited lines makes sense only when operating on fields');
		if (!fields && o.has('d')) throw new CutError('a delimiter may be specified only when operating on fields');
		lists = parseList(list, o.has('D'));
	} catch (e) {
		if (!(e instanceof CutError)) throw e;
		errorMsg(p, e.message);
		return 1;
	}
	const opts: CutOpts = {chars: o.has('b') || o.has('c'), delim, odelim, suppress: o.has('s'), noSort: o.has('D')};
	// (the console's lines as they are typed)
	const stdin = new Stdin(p, true);
	let st = 0;
	for (const name of o.args.length ? o.args : ['-']) {
		p.tick();
		const f = openRead(p, name, stdin);
		if (!f.ok && f.openErr) {
			perrorName(p, name, f.openErr);
			st = 1;
			continue;
		}
		if (regex && !opts.regex) {
			try {
				opts.regex = xregcomp(delim, true);
			} catch (e) {
				if (!(e instanceof BadRegex)) throw e;
				errorMsg(p, e.message);
				return 1;
			}
		}
		if (!f.ok) continue;
		let out = '';
		splitLines(p, f.data).forEach((line, n) => {
			out += cutLine(p, line, n, lists, opts) ?? '';
		});
		p.out(textOf(out));
		if (f.stdin) stdin.waitForMore();
	}
	return st;
};

export const CUT: Record<string, Program> = {cut};
