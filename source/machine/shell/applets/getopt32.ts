import {getopt32 as parse} from '../getopt.js';
import type {Proc} from '../proc.js';

/**
 * Deprecated adapter, kept only for awk/main.ts (another owner): the old call shape over the one
 * option parser in `shell/getopt.ts`. New code imports `../getopt.js` directly; delete this file
 * once awk does too.
 */

export const BB_BANNER = 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\n';

/** bb_show_usage(): the banner and the applet's usage text on stderr; returns the exit status 1. */
export function showUsage(p: Proc, usage: string): number {
	p.err(BB_BANNER + usage);
	return 1;
}

export interface Opts {
	count: Map<string, number>;
	values: Map<string, string[]>;
	args: string[];
	order: string[];
	seq: [string, string | undefined][];
}

/** getopt.ts's getopt32() with the usage text given and the old result shape. */
export function getopt32(p: Proc, spec: string, usage: string, longs: Record<string, string> = {}): Opts | number {
	const r = parse(p, {opts: spec, usageText: usage, longs});
	if (typeof r === 'number') return r;
	const o: Opts = {count: new Map(), values: new Map(), args: r.args, order: [], seq: r.seq};
	for (const [c, v] of r.seq) {
		o.count.set(c, (o.count.get(c) ?? 0) + 1);
		o.order.push(c);
		if (v !== undefined) o.values.set(c, [...(o.values.get(c) ?? []), v]);
	}
	return o;
}
