import {isErrno, strerror} from '../../errno.js';
import {BadNumber, bbShowUsage, dashDashHelp, getopt32, INT_MAX, UINT_MAX, xatonum} from '../getopt.js';
import {readFile, type Proc, type Program} from '../proc.js';

/**
 * busybox 1.35 diff (editors/diff.c), which writes unified diffs only: `--- FILE1` / `+++ FILE2`
 * headers without times, `@@ -a,b +c,d @@` hunks with -U (3) lines of context, exit status 0
 * (same), 1 (different) or 2 (trouble). -q says only whether they differ, -s also when they do
 * not; -i, -b, -w and -B compare lines loosely; -N takes a missing file as empty; -L labels.
 * The common subsequence is found with Myers' algorithm (busybox uses the BSD one; where several
 * are equally long the hunks can differ). Comparing directories (-r) is not simulated.
 */
export const diffMain: Program = p => {
	if (dashDashHelp(p)) return bbShowUsage(p, 'diff', 0);
	let context = 3;
	let badContext: BadNumber | undefined;
	const o = getopt32(p, {
		opts: 'abBdiL:*NqrsS:tTU:uw',
		each: (c, v) => {
			if (c !== 'U') return undefined;
			const n = xatonum(v ?? '', INT_MAX, UINT_MAX);
			if (n instanceof BadNumber) badContext ??= n;
			else context = n;
			return undefined;
		},
	});
	if (typeof o === 'number') return o;
	if (badContext) {
		p.err(`diff: ${badContext.message}\n`);
		return 2;
	}
	if (o.args.length !== 2) return bbShowUsage(p, 'diff', 2);
	if (o.has('r')) {
		p.err('memhp: diff: comparing directories (-r) is not simulated\n');
		return 2;
	}
	const labels = o.list('L');
	// The first file that cannot be read ends it (xfunc_die()).
	const a = read(p, o.args[0]!, o.has('N'));
	if (typeof a === 'number') return 2;
	const b = read(p, o.args[1]!, o.has('N'));
	if (typeof b === 'number') return 2;
	const key = lineKey(o.has('i'), o.has('w'), o.has('b'));
	const edits = myers(a.map(key), b.map(key), () => p.tick());
	// -B: a change made only of blank lines does not count.
	const changes = edits.filter(e => !(o.has('B') && (e.del.every(i => a[i]!.trim() === '') && e.ins.every(i => b[i]!.trim() === ''))));
	if (!changes.length) {
		if (o.has('s')) p.out(`Files ${o.args[0]} and ${o.args[1]} are identical\n`);
		return 0;
	}
	if (o.has('q')) {
		p.out(`Files ${o.args[0]} and ${o.args[1]} differ\n`);
		return 1;
	}
	p.out(`--- ${labels[0] ?? o.args[0]}\n+++ ${labels[1] ?? o.args[1]}\n${unified(a, b, changes, context)}`);
	return 1;
};

/** A file's lines; a missing last newline is kept as busybox shows it. */
function read(p: Proc, name: string, absentEmpty: boolean): string[] | number {
	const st = name === '-' ? undefined : name === '' ? 'ENOENT' : p.vfs.stat(p.abs(name));
	if (st !== undefined && isErrno(st)) {
		if (st === 'ENOENT' && absentEmpty) return [];
		p.err(`diff: can't stat '${name}': ${strerror[st]}\n`);
		return 2;
	}
	if (st && st.type === 'dir') {
		p.err('memhp: diff: comparing directories is not simulated\n');
		return 2;
	}
	const text = name === '-' ? p.stdin() : readFile(p.vfs, p.abs(name));
	if (isErrno(text)) {
		p.err(`diff: can't open '${name}': ${strerror[text]}\n`);
		return 2;
	}
	if (text === '') return [];
	const lines = text.split('\n');
	if (lines[lines.length - 1] === '') lines.pop();
	else lines[lines.length - 1] += '\n\\ No newline at end of file';
	return lines;
}

function lineKey(ignoreCase: boolean, ignoreAllSpace: boolean, ignoreSpaceChange: boolean): (line: string) => string {
	return line => {
		let k = ignoreCase ? line.toLowerCase() : line;
		if (ignoreAllSpace) k = k.replace(/[ \t]+/g, '');
		else if (ignoreSpaceChange) k = k.replace(/[ \t]+/g, ' ').replace(/ $/, '');
		return k;
	};
}

/** One change: lines `del` of the first file replaced by lines `ins` of the second (indexes), at a, b. */
interface Change {
	a: number;
	b: number;
	del: number[];
	ins: number[];
}

/** Myers' O(ND) shortest edit script, as runs of deletions and insertions. */
function myers(a: string[], b: string[], tick: () => void): Change[] {
	const n = a.length;
	const m = b.length;
	const max = n + m;
	const v = new Map<number, number>([[1, 0]]);
	const trace: Map<number, number>[] = [];
	let found = false;
	for (let d = 0; d <= max && !found; d++) {
		trace.push(new Map(v));
		for (let k = -d; k <= d; k += 2) {
			tick();
			let x = k === -d || (k !== d && (v.get(k - 1) ?? 0) < (v.get(k + 1) ?? 0)) ? v.get(k + 1) ?? 0 : (v.get(k - 1) ?? 0) + 1;
			let y = x - k;
			while (x < n && y < m && a[x] === b[y]) {
				x++;
				y++;
			}
			v.set(k, x);
			if (x >= n && y >= m) {
				found = true;
				break;
			}
		}
	}
	// Walk back through the trace: each step is a deletion or an insertion after a diagonal run.
	const ops: {del: boolean; x: number; y: number}[] = [];
	let x = n;
	let y = m;
	for (let d = trace.length - 1; d > 0; d--) {
		const vd = trace[d]!;
		const k = x - y;
		const prevK = k === -d || (k !== d && (vd.get(k - 1) ?? 0) < (vd.get(k + 1) ?? 0)) ? k + 1 : k - 1;
		const prevX = vd.get(prevK) ?? 0;
		const prevY = prevX - prevK;
		while (x > prevX && y > prevY) {
			x--;
			y--;
		}
		if (prevK === k + 1) ops.push({del: false, x, y: prevY});
		else ops.push({del: true, x: prevX, y});
		x = prevX;
		y = prevY;
	}
	ops.reverse();
	const changes: Change[] = [];
	for (const op of ops) {
		const last = changes[changes.length - 1];
		const at = {a: op.del ? op.x : op.x, b: op.del ? op.y : op.y};
		const adjacent = last && last.a + last.del.length === at.a && last.b + last.ins.length === at.b;
		const c = adjacent ? last : {a: at.a, b: at.b, del: [], ins: []};
		if (op.del) c.del.push(op.x);
		else c.ins.push(op.y);
		if (!adjacent) changes.push(c);
	}
	return changes;
}

/** Hunks with `context` lines around each change; changes closer than twice that share one. */
function unified(a: string[], b: string[], changes: Change[], context: number): string {
	let out = '';
	let i = 0;
	while (i < changes.length) {
		let j = i;
		while (j + 1 < changes.length && changes[j + 1]!.a - (changes[j]!.a + changes[j]!.del.length) <= 2 * context) j++;
		const first = changes[i]!;
		const last = changes[j]!;
		const aStart = Math.max(0, first.a - context);
		const bStart = Math.max(0, first.b - context);
		const aEnd = Math.min(a.length, last.a + last.del.length + context);
		const bEnd = Math.min(b.length, last.b + last.ins.length + context);
		const range = (start: number, count: number) => (count === 1 ? `${start + 1}` : `${count === 0 ? start : start + 1},${count}`);
		out += `@@ -${range(aStart, aEnd - aStart)} +${range(bStart, bEnd - bStart)} @@\n`;
		let ai = aStart;
		for (let c = i; c <= j; c++) {
			const ch = changes[c]!;
			for (; ai < ch.a; ai++) out += ` ${a[ai]}\n`;
			for (const d of ch.del) out += `-${a[d]}\n`;
			for (const n of ch.ins) out += `+${b[n]}\n`;
			ai = ch.a + ch.del.length;
		}
		for (; ai < aEnd; ai++) out += ` ${a[ai]}\n`;
		i = j + 1;
	}
	return out;
}
