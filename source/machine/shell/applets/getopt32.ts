import type {Proc} from '../proc.js';

/**
 * busybox's getopt32() over glibc's getopt_long(), as the applets in ps.ts, find.ts and
 * fsutils.ts parse their options: options may follow operands (glibc permutes argv) unless
 * the spec starts with '+', `--` ends the options, `-` alone is an operand. `x:` takes an
 * argument (attached or the next word), `x::` an optional attached one. Errors print glibc's
 * message and the applet's usage block on stderr, status 1, like bb_show_usage().
 */

export const BB_BANNER = 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\n';

/** bb_show_usage(): the banner and the applet's usage text on stderr; returns the exit status 1. */
export function showUsage(p: Proc, usage: string): number {
	p.err(BB_BANNER + usage);
	return 1;
}

export interface Opts {
	/** How many times each option letter was given. */
	count: Map<string, number>;
	/** Every argument given to each option taking one, in order (`-o a -o b`: ['a', 'b']). */
	values: Map<string, string[]>;
	/** The operands, in order. */
	args: string[];
	/** Option letters in the order they were seen (for mutually exclusive options where the last wins). */
	order: string[];
	/** Each option with its argument (undefined: none), in the order given. */
	seq: [string, string | undefined][];
}

export function has(o: Opts, c: string): boolean {
	return o.count.has(c);
}

/** The last argument given to option `c`. */
export function val(o: Opts, c: string): string | undefined {
	const v = o.values.get(c);
	return v?.[v.length - 1];
}

/**
 * Parses p.argv by `spec`. Returns the options, or the exit status after an error was printed
 * (`--help` as the only first argument prints the usage and returns 0, as busybox does).
 * `longs` maps long option names to their short letter (getopt32long).
 */
export function getopt32(p: Proc, spec: string, usage: string, longs: Record<string, string> = {}): Opts | number {
	const argv = p.argv;
	if (argv[1] === '--help' && !('help' in longs)) {
		p.err(BB_BANNER + usage);
		return 0;
	}
	const stopAtOperand = spec.startsWith('+');
	const letters = new Map<string, 'none' | 'required' | 'optional'>();
	for (let i = stopAtOperand ? 1 : 0; i < spec.length; i++) {
		const c = spec[i];
		if (spec[i + 1] === ':' && spec[i + 2] === ':') {
			letters.set(c, 'optional');
			i += 2;
		} else if (spec[i + 1] === ':') {
			letters.set(c, 'required');
			i++;
		} else {
			letters.set(c, 'none');
		}
	}
	const o: Opts = {count: new Map(), values: new Map(), args: [], order: [], seq: []};
	const seen = (c: string, value?: string) => {
		o.count.set(c, (o.count.get(c) ?? 0) + 1);
		o.order.push(c);
		o.seq.push([c, value]);
		if (value !== undefined) {
			const list = o.values.get(c) ?? [];
			list.push(value);
			o.values.set(c, list);
		}
	};
	for (let i = 1; i < argv.length; i++) {
		p.tick();
		const a = argv[i];
		if (a === '--') {
			o.args.push(...argv.slice(i + 1));
			break;
		}
		if (!a.startsWith('-') || a === '-') {
			if (stopAtOperand) {
				o.args.push(...argv.slice(i));
				break;
			}
			o.args.push(a);
			continue;
		}
		if (a.startsWith('--')) {
			const [name, attached] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
			const c = longs[name];
			if (c === undefined) {
				p.err(`${p.name}: unrecognized option '${a}'\n`);
				return showUsage(p, usage);
			}
			seen(c, attached);
			continue;
		}
		for (let j = 1; j < a.length; j++) {
			const c = a[j];
			const kind = letters.get(c);
			if (kind === undefined || c === ':' || c === '+') {
				p.err(`${p.name}: invalid option -- '${c}'\n`);
				return showUsage(p, usage);
			}
			if (kind === 'none') {
				seen(c);
				continue;
			}
			if (kind === 'optional') {
				seen(c, j + 1 < a.length ? a.slice(j + 1) : undefined);
				break;
			}
			let value: string | undefined = a.slice(j + 1);
			if (value === '') {
				value = argv[++i];
				if (value === undefined) {
					p.err(`${p.name}: option requires an argument -- '${c}'\n`);
					return showUsage(p, usage);
				}
			}
			seen(c, value);
			break;
		}
	}
	return o;
}

/** libbb's bb_strtou() as xatou*() use it: decimal digits only (leading spaces and '+' allowed by strtoul). */
export function parseUnsigned(s: string): number | undefined {
	const m = /^\s*\+?(\d+)$/.exec(s);
	if (!m) return undefined;
	const n = Number(m[1]);
	return Number.isSafeInteger(n) ? n : undefined;
}
