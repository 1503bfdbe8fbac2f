import type {Proc} from '../proc.js';

/** atoi(): leading blanks, a sign, the digits there are (0 for none). */
function atoi(s: string): number {
	const m = /^\s*([+-]?\d+)/.exec(s);
	return m ? Number.parseInt(m[1]!, 10) : 0;
}

/**
 * libbb's get_terminal_width_height() of a descriptor: TIOCGWINSZ on the console (a serial
 * port's window is 0x0 until `stty rows N cols M`), nothing on a pipe or file; LINES and
 * COLUMNS override it (wh_helper()), and what is not above 1 and under 30000 is 24 rows of 80
 * columns. `err`: the size was not known (an ioctl that failed or gave no rows, and no LINES
 * or COLUMNS).
 */
export function terminalSize(p: Proc, onTty: boolean): {width: number; height: number; err: boolean} {
	const ws = onTty ? p.sys.tty?.().getWinsize() : undefined;
	let err = !ws || ws.rows === 0;
	const helper = (value: number, name: string, dflt: number) => {
		const v = p.env.get(name);
		if (v !== undefined) {
			value = atoi(v);
			err = false;
		}
		return value <= 1 || value >= 30000 ? dflt : value;
	};
	const height = helper(ws?.rows ?? 0, 'LINES', 24);
	const width = helper(ws?.cols ?? 0, 'COLUMNS', 80);
	return {width, height, err};
}
