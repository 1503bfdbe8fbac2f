import type {Proc} from './proc.js';

/**
 * busybox's getopt32() as it runs on glibc: getopt_long() with argument permutation (options
 * may follow operands unless the spec starts with '+' or POSIXLY_CORRECT is set), bundled
 * flags (`-nr`), `-kARG` and `-k ARG`, repeatable options, `--` ending the options and `-`
 * as an operand. Errors print glibc's message with argv[0] (as typed: `/usr/bin/sort: ...`)
 * and then the applet's usage block, like bb_show_usage(). Also libbb's number parsers
 * (xatou_sfx and friends) with their exact error texts.
 */

export const BB_BANNER = 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n';

/**
 * What `APPLET --help` prints after `Usage: APPLET `: the trivial and full usage texts of the
 * Debian build of busybox 1.35 (taken from the binary, which differs in a few words from the
 * `//usage:` lines of the source tree).
 */
export const USAGE: Record<string, string> = {
	head: '[OPTIONS] [FILE]...\n\nPrint first 10 lines of FILEs (or stdin).\nWith more than one FILE, precede each with a filename header.\n\n\t-n N[bkm]\tPrint first N lines\n\t-n -N[bkm]\tPrint all except N last lines\n\t-c [-]N[bkm]\tPrint first N bytes\n\t\t\t(b:*512 k:*1024 m:*1024^2)\n\t-q\t\tNever print headers\n\t-v\t\tAlways print headers\n',
	tail: '[OPTIONS] [FILE]...\n\nPrint last 10 lines of FILEs (or stdin) to.\nWith more than one FILE, precede each with a filename header.\n\n\t-c [+]N[bkm]\tPrint last N bytes\n\t-n N[bkm]\tPrint last N lines\n\t-n +N[bkm]\tStart on Nth line and print the rest\n\t\t\t(b:*512 k:*1024 m:*1024^2)\n\t-q\t\tNever print headers\n\t-v\t\tAlways print headers\n\t-f\t\tPrint data as file grows\n\t-F\t\tSame as -f, but keep retrying\n\t-s SECONDS\tWait SECONDS between reads with -f\n',
	wc: '[-cmlwL] [FILE]...\n\nCount lines, words, and bytes for FILEs (or stdin)\n\n\t-c\tCount bytes\n\t-m\tCount characters\n\t-l\tCount newlines\n\t-w\tCount words\n\t-L\tPrint longest line length\n',
	sort: '[-nrugMcszbdfiokt] [-o FILE] [-k START[.OFS][OPTS][,END[.OFS][OPTS]] [-t CHAR] [FILE]...\n\nSort lines of text\n\n\t-o FILE\tOutput to FILE\n\t-c\tCheck whether input is sorted\n\t-b\tIgnore leading blanks\n\t-f\tIgnore case\n\t-i\tIgnore unprintable characters\n\t-d\tDictionary order (blank or alphanumeric only)\n\t-n\tSort numbers\n\t-g\tGeneral numerical sort\n\t-M\tSort month\n\t-V\tSort version\n\t-t CHAR\tField separator\n\t-k N[,M] Sort by Nth field\n\t-r\tReverse sort order\n\t-s\tStable (don\'t sort ties alphabetically)\n\t-u\tSuppress duplicate lines\n\t-z\tNUL terminated input and output\n',
	uniq: '[-cduiz] [-f,s,w N] [FILE [OUTFILE]]\n\nDiscard duplicate lines\n\n\t-c\tPrefix lines by the number of occurrences\n\t-d\tOnly print duplicate lines\n\t-u\tOnly print unique lines\n\t-i\tIgnore case\n\t-z\tNUL terminated output\n\t-f N\tSkip first N fields\n\t-s N\tSkip first N chars (after any skipped fields)\n\t-w N\tCompare N characters in line\n',
	cut: '[OPTIONS] [FILE]...\n\nPrint selected fields from FILEs to stdout\n\n\t-b LIST\tOutput only bytes from LIST\n\t-c LIST\tOutput only characters from LIST\n\t-d SEP\tField delimiter for input (default -f TAB, -F run of whitespace)\n\t-O SEP\tField delimiter for output (default = -d for -f, one space for -F)\n\t-D\tDon\'t sort/collate sections or match -fF lines without delimiter\n\t-f LIST\tPrint only these fields (-d is single char)\n\t-F LIST\tPrint only these fields (-d is regex)\n\t-s\tOutput only lines containing delimiter\n\t-n\tIgnored\n',
	tr: '[-cds] STRING1 [STRING2]\n\nTranslate, squeeze, or delete characters from stdin, writing to stdout\n\n\t-c\tTake complement of STRING1\n\t-d\tDelete input characters coded STRING1\n\t-s\tSqueeze multiple output characters of STRING2 into one character\n',
	seq: '[-w] [-s SEP] [FIRST [INC]] LAST\n\nPrint numbers from FIRST to LAST, in steps of INC.\nFIRST, INC default to 1.\n\n\t-w\tPad to last with leading zeros\n\t-s SEP\tString separator\n',
	yes: '[STRING]\n\nRepeatedly print a line with STRING, or \'y\'\n',
	tee: '[-ai] [FILE]...\n\nCopy stdin to each FILE, and also to stdout\n\n\t-a\tAppend to the given FILEs, don\'t overwrite\n\t-i\tIgnore interrupt signals (SIGINT)\n',
};

/** bb_show_usage()'s text on stderr: the banner and `Usage: APPLET ...` from the table. */
export function bbUsage(p: Proc, applet: string = p.name): void {
	const text = USAGE[applet];
	p.err(text === undefined ? `${BB_BANNER}\nNo help available.\n` : `${BB_BANNER}\nUsage: ${applet} ${text}`);
}

/** bb_show_usage() then exit: prints the usage block and returns the status to exit with. */
export function bbShowUsage(p: Proc, applet: string = p.name, status = 1): number {
	bbUsage(p, applet);
	return status;
}

/**
 * busybox's applet dispatcher: `APPLET --help` with nothing after it prints the usage and
 * exits 0 (with more arguments, `--help` goes to the applet's own option parser).
 */
export function dashDashHelp(p: Proc): boolean {
	return p.argv.length === 2 && p.argv[1] === '--help';
}

export interface GetoptSpec {
	/**
	 * getopt32's option string: `x` a flag, `x:` takes an argument, `x::` an optional
	 * (attached) one; a leading `+` stops at the first operand.
	 */
	opts: string;
	/** Usage block to print on errors (default: p.name). */
	applet?: string;
	/** Exit status after a usage error (busybox's xfunc_error_retval, 2 for sort). */
	status?: number;
	/**
	 * Plain getopt() instead of getopt_long() (head): `--foo` is then the short options
	 * `-`, `f`, ... and fails with `invalid option -- '-'`.
	 */
	noLong?: boolean;
	/**
	 * getopt32's `x--yz` complementary rules: option x after any of y, z (or x itself, for
	 * "at most once") is a usage error.
	 */
	conflicts?: Record<string, string>;
	/** getopt32's `-N`: at least N operands, else the usage. */
	minArgs?: number;
	/** argv to parse instead of p.argv (head and tail take a leading `-N` out first). */
	argv?: string[];
	/**
	 * Called for each option as it is parsed, like the body of a getopt() loop or getopt32's
	 * `x:+` number conversion: a returned status ends the parsing there (an error that was
	 * already printed), before any later bad option is seen.
	 */
	each?: (c: string, value: string | undefined) => number | undefined;
}

export interface Opts {
	/** The operands, in order. */
	args: string[];
	/** Each option with its argument (undefined: none), in the order given. */
	seq: [string, string | undefined][];
	has(c: string): boolean;
	/** The last argument of option c. */
	arg(c: string): string | undefined;
	/** Every argument of option c, in order (a `*` list option of getopt32). */
	list(c: string): string[];
}

type Kind = 'flag' | 'required' | 'optional';

function parseSpec(opts: string): Map<string, Kind> {
	const letters = new Map<string, Kind>();
	for (let i = opts.startsWith('+') ? 1 : 0; i < opts.length; i++) {
		const c = opts[i];
		if (opts[i + 1] === ':') {
			const optional = opts[i + 2] === ':';
			letters.set(c, optional ? 'optional' : 'required');
			i += optional ? 2 : 1;
		} else letters.set(c, 'flag');
	}
	return letters;
}

/**
 * Parses p.argv like getopt32(). Returns the options, or the exit status when an error (or a
 * lone `--help`) was already reported and the applet should return it.
 */
export function getopt32(p: Proc, spec: GetoptSpec): Opts | number {
	const applet = spec.applet ?? p.name;
	const status = spec.status ?? 1;
	if (dashDashHelp(p)) return bbShowUsage(p, applet, 0);
	const argv = spec.argv ?? p.argv;
	const argv0 = argv[0] ?? applet;
	const letters = parseSpec(spec.opts);
	const inOrder = spec.opts.startsWith('+') || p.env.has('POSIXLY_CORRECT');
	const args: string[] = [];
	const seq: [string, string | undefined][] = [];
	const seen = new Set<string>();
	const fail = (msg: string): number => {
		p.err(`${argv0}: ${msg}\n`);
		return bbShowUsage(p, applet, status);
	};
	const take = (c: string, value: string | undefined): boolean => {
		const bad = spec.conflicts?.[c];
		if (bad && [...bad].some(x => seen.has(x))) return false;
		seen.add(c);
		seq.push([c, value]);
		return true;
	};
	let i = 1;
	for (; i < argv.length; i++) {
		p.tick();
		const a = argv[i];
		if (a === '--') {
			i++;
			break;
		}
		if (a.length < 2 || a[0] !== '-') {
			if (inOrder) break;
			args.push(a);
			continue;
		}
		if (a[1] === '-' && !spec.noLong) return fail(`unrecognized option '${a}'`);
		for (let j = 1; j < a.length; j++) {
			const c = a[j];
			const kind = letters.get(c);
			if (kind === undefined || c === ':') return fail(`invalid option -- '${c}'`);
			let value: string | undefined;
			if (kind === 'optional') value = j + 1 < a.length ? a.slice(j + 1) : undefined;
			else if (kind === 'required') {
				value = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
				if (value === undefined) return fail(`option requires an argument -- '${c}'`);
			}
			if (!take(c, value)) return bbShowUsage(p, applet, status);
			const stop = spec.each?.(c, value);
			if (stop !== undefined) return stop;
			if (kind !== 'flag') break;
		}
	}
	args.push(...argv.slice(i));
	if (spec.minArgs !== undefined && args.length < spec.minArgs) return bbShowUsage(p, applet, status);
	return {
		args,
		seq,
		has: c => seen.has(c),
		arg: c => {
			for (let k = seq.length - 1; k >= 0; k--) if (seq[k][0] === c) return seq[k][1];
			return undefined;
		},
		list: c => seq.filter(s => s[0] === c).map(s => s[1] ?? ''),
	};
}

/** A number that libbb's xato*() rejected: the message after `applet: `. */
export class BadNumber {
	constructor(readonly message: string) {}
}

/** The `b`, `k`, `m` suffixes of head and tail (libbb's bkm_suffixes). */
export const BKM_SUFFIXES: Record<string, bigint> = {b: 512n, k: 1024n, m: 1024n * 1024n};

export const UINT_MAX = 0xffff_ffffn;
export const ULONG_MAX = 0xffff_ffff_ffff_ffffn;
export const INT_MAX = 0x7fff_ffffn;

/**
 * libbb's xstrtou*_range_sfx(): decimal digits only (no sign, no leading space), an optional
 * suffix from the table, then the range check. `typeMax` is the C type's maximum (strtoul
 * overflow there is `invalid number`), `upper` the allowed maximum (`not in 0..N range`).
 */
export function xatonum(s: string, upper: bigint, typeMax: bigint = upper, suffixes?: Record<string, bigint>): number | BadNumber {
	const invalid = new BadNumber(`invalid number '${s}'`);
	const range = new BadNumber(`number ${s} is not in 0..${upper} range`);
	const m = /^[0-9]+/.exec(s);
	if (!m) return invalid;
	let r = BigInt(m[0]);
	if (r > typeMax) return invalid;
	const rest = s.slice(m[0].length);
	if (rest !== '') {
		const mult = suffixes && Object.hasOwn(suffixes, rest) ? suffixes[rest] : undefined;
		if (mult === undefined) return invalid;
		if (typeMax / mult < r) return range;
		r *= mult;
	}
	return r > upper ? range : Number(r);
}

/** xatoi_positive(): 0..INT_MAX, parsed as an unsigned int first. */
export function xatoiPositive(s: string): number | BadNumber {
	return xatonum(s, INT_MAX, UINT_MAX);
}
