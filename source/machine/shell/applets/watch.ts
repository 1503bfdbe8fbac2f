import {BadNumber, bbShowUsage, getopt32} from '../getopt.js';
import type {InteractiveProgram, Proc} from '../proc.js';
import type {Run} from '../interp.js';
import {waitRealTime} from './realtime.js';
import {strftime} from './strftime.js';
import {parseDurationStr} from './sysutils.js';
import {terminalSize} from './termsize.js';

/**
 * procps/watch.c of busybox 1.35: `watch [-n SEC] [-t] PROG ARGS` runs `sh -c 'PROG ARGS'`
 * every SEC seconds (2 by default) for ever, each time clearing the screen and, without -t,
 * heading it `Every 2.0s: PROG ARGS` with the date and time at the right edge (the terminal's
 * width: the console's 0x0 leaves COLUMNS or 80) and an empty line. Under timeout it repeats until
 * that fires; on the screen it waits each interval in real time until Ctrl-C; else (replay) memhp
 * shows the first run: on the console it then stops as the guest's Ctrl-C would, and a pipe or
 * file gets that one screen.
 */
const watch: InteractiveProgram = p => watchMain(p);

function* watchMain(p: Proc): Run {
	const o = getopt32(p, {opts: '+dtn:', minArgs: 1});
	if (typeof o === 'number') return o;
	const cmd = o.args.join(' ');
	const n = parseDurationStr(o.arg('n') ?? '2');
	if (n === 'usage') return bbShowUsage(p, 'watch');
	if (n instanceof BadNumber) {
		p.err(`watch: ${n.message}\n`);
		return 1;
	}
	for (;;) {
		let screen = '\x1b[H\x1b[J';
		if (!o.has('t')) {
			// (stderr's size: the console's)
			const width = terminalSize(p, true).width;
			// "Every %.1fs: %-*s" cut where strftime() writes "YYYY-MM-DD HH:MM:SS" (20 bytes with its NUL)
			let header = `Every ${n.toFixed(1)}s: ${cmd.padEnd(width)}`;
			const timeLen = 20;
			if (timeLen < width) header = header.slice(0, width - timeLen) + strftime('%Y-%m-%d %H:%M:%S', p.sys.time());
			screen += `${header.slice(0, width)}\n\n`;
		}
		p.out(screen);
		// system(): the command line through sh -c (its fork and exec take the guest a tick)
		p.sys.kernelTime?.(1);
		const r = p.execvp?.(['sh', '-c', cmd]);
		if (r === undefined) {
			p.err('memhp: watch: running a command is not simulated here\n');
			return 1;
		}
		// under timeout it repeats until that fires; else see above
		if (!p.sleepEnds?.()) {
			if (!p.stdoutIsTty) return 0;
			if (!(yield* waitRealTime(p, 'watch', n))) p.sleep(Infinity);
		}
		p.sleep(n);
	}
}

export const WATCH_PROGRAMS: Record<string, InteractiveProgram> = {watch};
