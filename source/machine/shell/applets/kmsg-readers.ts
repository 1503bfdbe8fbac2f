import {isErrno} from '../../errno.js';
import {isFilter, PipePreview, runsAhead, type PreviewHost} from '../pipe-preview.js';
import {ShownOutput, type InteractiveProgram, type Proc, type Program} from '../proc.js';
import type {Run} from '../interp.js';
import type {OpenFile} from '../../vfs/types.js';
import {RECORD_POLL, waitRealTime} from './realtime.js';

/** /dev/kmsg's device numbers (mem 1:11). */
const KMSG_RDEV = '1:11';

/**
 * A filter given /dev/kmsg as its last word (`grep -i memory /dev/kmsg`, `head -n 1000
 * /dev/kmsg`, `wc -l /dev/kmsg`) or as its standard input (`grep x < /dev/kmsg`, cat and tee too):
 * devkmsg_read() gives a record per read(2) and at the newest one waits for the next, so the
 * filter never meets an end of file. It handles the records there as `cat /dev/kmsg | FILTER`
 * would (PipePreview: a line-at-a-time filter prints what they give, one that needs the end of
 * file, wc, sort or tail, nothing) and then waits with them: on the screen each new record goes
 * through it as it is logged, in replay it is stopped as Ctrl-C would (Proc.sleep(Infinity));
 * one that has what it reads there (`head -n 5`) exits as usual. cat reads a /dev/kmsg operand
 * itself (as dd does); tee's words are files it writes.
 */
export function readsKmsg(p: Proc, main: Program | InteractiveProgram): number | Run {
	// (every program exec'ed comes here: the cheap tests first, what its words do last)
	if (!isFilter(p.name)) return main(p);
	// (the redirection's open file, its reader where it left off)
	const stdin = p.stdinFile?.file;
	if (stdin?.nextRecord) return runsAhead(p.name, p.argv) ? follow(p, main, stdin, p.argv, false) : main(p);
	const last = p.argv[p.argv.length - 1];
	if (p.argv.length < 2 || last === undefined || p.name === 'cat' || p.name === 'tee') return main(p);
	const st = p.vfs.stat(p.abs(last));
	if (isErrno(st) || st.type !== 'chardev' || st.rdev?.join(':') !== KMSG_RDEV) return main(p);
	// (`-` besides it is the console)
	if (p.argv.includes('-') || !runsAhead(p.name, p.argv)) return main(p);
	const file = p.vfs.open(p.abs(last), {read: true});
	if (isErrno(file)) return main(p);
	if (!file.nextRecord) {
		file.close();
		return main(p);
	}
	// (the filter reads the records as its standard input: its words without /dev/kmsg)
	return follow(p, main, file, p.argv.slice(0, -1), true);
}

function* follow(p: Proc, main: Program | InteractiveProgram, file: OpenFile, argv: string[], owned: boolean): Run {
	const host: PreviewHost = {
		sys: p.sys,
		vfs: p.vfs,
		cwd: p.cwd,
		columns: p.columns,
		env: () => p.env,
		tick: n => p.tick(n),
		stdout: {kind: p.stdoutIsTty ? 'tty' : 'pipe', write: s => void p.out(s)},
		stderr: {kind: 'pipe', write: s => void p.err(s)},
	};
	const preview = new PipePreview([{name: p.name, argv, main}], [new ShownOutput()], host);
	const first = file.read();
	let data = typeof first === 'string' ? first : '';
	try {
		for (;;) {
			if (preview.run(data)) return preview.status;
			if (!(yield* waitRealTime(p, p.name, RECORD_POLL))) {
				// (a background job's sleep is its own: it returns, the job asleep until killed)
				p.sleep(Infinity);
				return 0;
			}
			p.sleep(RECORD_POLL);
			const more = file.read();
			if (typeof more === 'string') data += more;
		}
	} finally {
		if (owned) file.close();
	}
}
