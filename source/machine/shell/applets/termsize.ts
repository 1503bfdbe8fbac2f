import type {Proc} from '../proc.js';

/**
 * libbb's get_terminal_width_height() on the guest's console: the serial port's window size is
 * 0x0, so the LINES and COLUMNS variables when they hold a number above 1, else 24 rows of 80
 * columns.
 */
export function terminalSize(p: Proc): {width: number; height: number} {
	const helper = (name: string, dflt: number) => {
		const v = p.env.get(name);
		if (v === undefined || !/^\d+$/.test(v)) return dflt;
		const n = Number(v);
		return n <= 1 ? dflt : n;
	};
	return {width: helper('COLUMNS', 80), height: helper('LINES', 24)};
}
