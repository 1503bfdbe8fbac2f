import {strerror} from '../../../errno.js';
import type {OpenFile} from '../../../vfs/types.js';
import {bbShowUsage, dashDashHelp, getopt32} from '../../getopt.js';
import {ENDLESS_PIPE_CAP, errorMsg, perror, STDIO_BUFSIZ, type InteractiveProgram, type Proc, type Program} from '../../proc.js';
import type {Run} from '../../interp.js';
import {formatFixed, strtod} from './common.js';

/** coreutils/seq.c, tee.c and yes.c of busybox 1.35. */

/** strtod() of a whole operand: undefined when anything is left over or it overflows (ERANGE). */
function wholeNumber(s: string): number | undefined {
	const r = strtod(s);
	if (r.end !== s.length) return undefined;
	if (r.value === Infinity || r.value === -Infinity) return /inf/i.test(s) ? r.value : undefined;
	return r.value;
}

/**
 * seq [-w] [-s SEP] [FIRST [INC]] LAST: options only before the first operand (`seq -1`
 * is an invalid option), numbers as strtod() reads them (`0x10`, `1e2`), as many decimals as
 * the widest FIRST/INC, -w pads to the widest operand. Each value is FIRST + n*INC.
 */
const seq: Program = p => {
	const o = getopt32(p, {opts: '+ws:'});
	if (typeof o === 'number') return o;
	const args = o.args;
	if (args.length < 1 || args.length > 3) return bbShowUsage(p);
	const nums = args.map(wholeNumber);
	if (nums.some(n => n === undefined)) return bbShowUsage(p);
	const last = nums[nums.length - 1]!;
	const first = args.length > 1 ? nums[0]! : 1;
	const inc = args.length === 3 ? nums[1]! : 1;
	let width = 0;
	let frac = 0;
	args.forEach((a, i) => {
		const dot = a.indexOf('.') < 0 ? a.length : a.indexOf('.');
		width = Math.max(width, dot);
		if (i < args.length - 1) frac = Math.max(frac, a.length - dot);
	});
	if (frac) {
		frac--;
		if (frac) width += frac + 1;
	}
	if (!o.has('w')) width = 0;
	const sep = o.arg('s') ?? '\n';
	let out = '';
	let n = 0;
	// An INC of 0 is endless: into a pipe, as yes does here, a finite stream (the reader has
	// what it asks for: `seq 1 0 3 | head -3`); elsewhere the step budget ends it.
	const endless = inc === 0 && first <= last && !p.stdoutIsTty;
	for (let v = first; (inc >= 0 ? v <= last : v >= last) && !(endless && n >= 10_000); v = first + ++n * inc) {
		// one step per 10 numbers: `seq 1 1e9` (or an INC of 0) ends at the step budget
		if (n % 10 === 0) p.tick(1);
		out += (n ? sep : '') + formatFixed(v, frac, width);
		// (stdio writes a pipe a buffer at a time: `seq 1 1000000 | head -n 2` dies of SIGPIPE)
		if (!p.stdoutIsTty && out.length >= STDIO_BUFSIZ) {
			p.out(out);
			out = '';
		}
	}
	if (n) out += '\n';
	p.out(out);
	return 0;
};

/** tee [-ai] [FILE]...: `-` is stdout again; a failed write is `tee: FILE: I/O error`, status 1. */
/**
 * tee [-ai] [FILE]...: each read(2) of stdin written at once to stdout and every file (busybox
 * unbuffers them all). From the console that is each line as it is typed (so `tee STATE_FILE`
 * writes `online` the moment Enter is pressed), until Ctrl-D; a write that fails is `I/O error`
 * at the end.
 */
const tee: InteractiveProgram = p => teeMain(p);

function* teeMain(p: Proc): Run {
	const o = getopt32(p, {opts: 'ia'});
	if (typeof o === 'number') return o;
	let st = 0;
	const outs: {name: string; file?: OpenFile}[] = [];
	for (const name of o.args) {
		p.tick();
		if (name === '-') {
			outs.push({name});
			continue;
		}
		const append = o.has('a');
		const f = p.vfs.open(p.abs(name), {write: true, create: true, truncate: !append, append});
		if (typeof f === 'string') {
			perror(p, name, f);
			st = 1;
			continue;
		}
		outs.push({name, file: f});
	}
	let failed: string | undefined;
	const write = (data: string) => {
		if (data === '') return;
		p.out(data);
		for (const out of outs) {
			if (!out.file) {
				p.out(data);
				continue;
			}
			const e = out.file.write(data);
			if (e) failed ??= out.name;
		}
	};
	try {
		const con = p.console;
		if (!con) write(p.stdin());
		else {
			// what was typed before tee ran, then a line at a time (null: Ctrl-D; undefined: no
			// console to wait on, as in a command substitution)
			const typed = con.peek();
			con.take();
			write(typed.data);
			for (let eof = typed.eof; !eof;) {
				const line = yield {tty: 'read', name: 'tee'};
				if (typeof line === 'string') write(line);
				else eof = true;
			}
		}
	} finally {
		for (const out of outs) out.file?.close();
	}
	if (failed !== undefined) {
		errorMsg(p, `${failed}: I/O error`);
		return 1;
	}
	return st;
}

/**
 * yes: endless in reality. Into a tmpfs file it writes until the filesystem (or memory) is
 * full, then dies with bb_perror_nomsg_and_die(), whose NULL message glibc prints as
 * `(null)`; into a pipe whose reader exits it writes until SIGPIPE; elsewhere it is bounded
 * (a pipe's other readers get a finite stream, the console an interrupted one).
 */
const yes: Program = p => {
	if (dashDashHelp(p)) return bbShowUsage(p, 'yes', 0);
	const text = (p.argv.length > 1 ? p.argv.slice(1).join(' ') : 'y') + '\n';
	const filled = p.outFill?.(text, Infinity);
	if (filled) {
		p.err(`yes: (null): ${strerror[filled.error ?? 'ENOSPC']}\n`);
		return 1;
	}
	if (p.stdoutReaderExits) {
		// A stdio buffer at a time, as fputs() to a pipe goes out: a reader that exits (`yes | head
		// -1`) kills it with SIGPIPE at a write past what the pipe holds.
		const chunk = text.repeat(Math.max(1, Math.floor(STDIO_BUFSIZ / text.length)));
		for (let n = 0; n < ENDLESS_PIPE_CAP; n += chunk.length) p.out(chunk);
		return 0;
	}
	const limit = Math.max(1, Math.min(p.stdoutIsTty ? 2000 : 10_000, Math.floor((1 << 22) / text.length)));
	p.out(text.repeat(limit));
	if (p.stdoutIsTty) p.tick(Infinity);
	return 0;
};

export const SEQ_TEE_YES: Record<string, Program | InteractiveProgram> = {seq, tee, yes};
