import {getopt32} from '../getopt.js';
import type {Program} from '../proc.js';

/**
 * util-linux/getopt.c of busybox 1.35 (FEATURE_GETOPT_LONG): parses PARAMS with glibc's
 * getopt_long() (or getopt_long_only() with -a) against OPTSTRING and the -l long options, and
 * prints them normalized for `eval set --`: ` -a -b 'x' --long 'y' -- 'rest'`. Without -o the
 * first parameter is OPTSTRING, and a first parameter not starting with `-` (or GETOPT_COMPATIBLE)
 * is the old getopt: unquoted output.
 */

/** NON_OPT: what getopt_long() returns for a parameter in `-` (RETURN_IN_ORDER) mode; LONG_OPT a long option. */
const NON_OPT = 1;
const LONG_OPT = 2;

type HasArg = 'no' | 'required' | 'optional';
interface LongOption {
	name: string;
	hasArg: HasArg;
}

/** One result of getopt_long(): an option letter, '?' or ':' for an error, NON_OPT, or LONG_OPT. */
type Got = {opt: string | typeof NON_OPT | typeof LONG_OPT; arg?: string; long?: LongOption};

/**
 * glibc's getopt_long()/getopt_long_only() over argv[1..] (argv[0] names the program in its
 * messages): PERMUTE by default (the parameters that are no options move after the options),
 * REQUIRE_ORDER with a leading `+` or POSIXLY_CORRECT, RETURN_IN_ORDER with a leading `-`; a
 * leading `:` (after those) makes a missing argument `:` and silent. Messages go to `err`
 * unless `quiet`. Returns the options in order and the parameters left.
 */
function getoptLong(argv: string[], optstring: string, longs: LongOption[], longOnly: boolean, posix: boolean, quiet: boolean, err: (s: string) => void, tick: () => void): {got: Got[]; rest: string[]} {
	let spec = optstring;
	let ordering: 'permute' | 'require' | 'return' = posix ? 'require' : 'permute';
	if (spec.startsWith('-')) {
		ordering = 'return';
		spec = spec.slice(1);
	} else if (spec.startsWith('+')) {
		ordering = 'require';
		spec = spec.slice(1);
	}
	const colon = spec.startsWith(':');
	const say = (s: string) => {
		if (!quiet && !colon) err(`${argv[0]}: ${s}\n`);
	};
	const shortKind = (c: string): HasArg | undefined => {
		const i = spec.indexOf(c);
		if (i < 0 || c === ':' || c === ';') return undefined;
		return spec[i + 1] !== ':' ? 'no' : spec[i + 2] === ':' ? 'optional' : 'required';
	};
	const got: Got[] = [];
	const skipped: string[] = [];
	let i = 1;
	/** A long option by its name or a unique prefix; `dash` is how it was written, for messages. */
	const longOption = (text: string, dash: string): boolean => {
		const eq = text.indexOf('=');
		const name = eq < 0 ? text : text.slice(0, eq);
		let found = longs.find(o => o.name === name);
		if (!found) {
			const cands = longs.filter(o => o.name.startsWith(name));
			if (cands.length > 1 && cands.some(o => o.hasArg !== cands[0]!.hasArg)) {
				say(`option '${dash}${name}' is ambiguous; possibilities:${cands.map(o => ` '${dash}${o.name}'`).join('')}`);
				got.push({opt: '?'});
				return true;
			}
			found = cands[0];
		}
		if (!found) return false;
		let arg: string | undefined = eq < 0 ? undefined : text.slice(eq + 1);
		if (arg !== undefined && found.hasArg === 'no') {
			say(`option '${dash}${found.name}' doesn't allow an argument`);
			got.push({opt: '?'});
			return true;
		}
		if (found.hasArg === 'required' && arg === undefined) {
			arg = argv[++i];
			if (arg === undefined) {
				say(`option '${dash}${found.name}' requires an argument`);
				got.push({opt: colon ? ':' : '?'});
				return true;
			}
		}
		got.push({opt: LONG_OPT, long: found, ...(arg !== undefined ? {arg} : {})});
		return true;
	};
	for (; i < argv.length; i++) {
		tick();
		const a = argv[i]!;
		if (a === '--') {
			i++;
			break;
		}
		if (a.length < 2 || a[0] !== '-') {
			if (ordering === 'require') break;
			if (ordering === 'return') got.push({opt: NON_OPT, arg: a});
			else skipped.push(a);
			continue;
		}
		if (a.startsWith('--')) {
			if (!longOption(a.slice(2), '--')) {
				say(`unrecognized option '${a}'`);
				got.push({opt: '?'});
			}
			continue;
		}
		// getopt_long_only(): `-name` is a long option first, unless it is one short option letter
		if (longOnly && (a.length > 2 || shortKind(a[1]!) === undefined)) {
			const name = a.slice(1);
			const n = name.indexOf('=');
			const bare = n < 0 ? name : name.slice(0, n);
			if (longs.some(o => o.name.startsWith(bare))) {
				longOption(name, '-');
				continue;
			}
			if (shortKind(a[1]!) === undefined) {
				say(`unrecognized option '${a}'`);
				got.push({opt: '?'});
				continue;
			}
		}
		for (let j = 1; j < a.length; j++) {
			const c = a[j]!;
			const kind = shortKind(c);
			if (kind === undefined) {
				say(`invalid option -- '${c}'`);
				got.push({opt: '?'});
				continue;
			}
			if (kind === 'no') {
				got.push({opt: c});
				continue;
			}
			if (j + 1 < a.length) got.push({opt: c, arg: a.slice(j + 1)});
			else if (kind === 'optional') got.push({opt: c});
			else if (i + 1 < argv.length) got.push({opt: c, arg: argv[++i]!});
			else {
				say(`option requires an argument -- '${c}'`);
				got.push({opt: colon ? ':' : '?'});
			}
			break;
		}
	}
	return {got, rest: [...skipped, ...argv.slice(i)]};
}

/** normalize(): the argument in single quotes (`'` as `'\''`); tcsh also gets `!`, newlines and blanks escaped. */
function normalize(arg: string, quote: boolean, tcsh: boolean): string {
	if (!quote) return arg;
	let out = "'";
	for (const c of arg) {
		if (c === "'") out += "'\\''";
		else if (tcsh && c === '!') out += "'\\!'";
		else if (tcsh && c === '\n') out += '\\n';
		else if (tcsh && /\s/.test(c)) out += `'\\${c}'`;
		else out += c;
	}
	return `${out}'`;
}

const getopt: Program = p => {
	const compatible = p.env.has('GETOPT_COMPATIBLE');
	if (p.argv.length < 2) {
		if (compatible) {
			p.out(' --\n');
			return 0;
		}
		p.err('getopt: missing optstring argument\n');
		return 1;
	}
	const posix = p.env.has('POSIXLY_CORRECT');
	const output = (argv: string[], optstr: string, longs: LongOption[], o: {quote: boolean; tcsh: boolean; quiet: boolean; quietOutput: boolean; longOnly: boolean}): number => {
		const {got, rest} = getoptLong(argv, optstr, longs, o.longOnly, posix, o.quiet, s => p.err(s), () => p.tick());
		let out = '';
		let status = 0;
		const norm = (s: string) => normalize(s, o.quote, o.tcsh);
		for (const g of got) {
			if (g.opt === '?' || g.opt === ':') {
				status = 1;
				continue;
			}
			if (o.quietOutput) continue;
			if (g.opt === LONG_OPT) {
				out += ` --${g.long!.name}`;
				if (g.long!.hasArg !== 'no') out += ` ${norm(g.arg ?? '')}`;
			} else if (g.opt === NON_OPT) out += ` ${norm(g.arg!)}`;
			else {
				out += ` -${g.opt}`;
				const at = optstr.indexOf(g.opt);
				if (at >= 0 && optstr[at + 1] === ':') out += ` ${norm(g.arg ?? '')}`;
			}
		}
		if (!o.quietOutput) p.out(`${out} --${rest.map(r => ` ${norm(r)}`).join('')}\n`);
		return status;
	};
	if (!p.argv[1]!.startsWith('-') || compatible) {
		// the old getopt: OPTSTRING first (leading - and + dropped), no quoting
		const optstr = p.argv[1]!.replace(/^[-+]*/, '');
		return output([p.argv[0]!, ...p.argv.slice(2)], optstr, [], {quote: false, tcsh: false, quiet: false, quietOutput: false, longOnly: false});
	}
	const o = getopt32(p, {
		opts: '+o:n:qQs:Tual:',
		longs: {options: 'o', longoptions: 'l', quiet: 'q', 'quiet-output': 'Q', shell: 's', test: 'T', unquoted: 'u', alternative: 'a', name: 'n'},
	});
	if (typeof o === 'number') return o;
	const longs: LongOption[] = [];
	for (const list of o.list('l')) {
		for (const tok of list.split(/[, \t\n]+/)) {
			if (!tok) continue;
			let name = tok;
			let hasArg: HasArg = 'no';
			if (name.endsWith('::')) {
				hasArg = 'optional';
				name = name.slice(0, -2);
			} else if (name.endsWith(':')) {
				hasArg = 'required';
				name = name.slice(0, -1);
			}
			if (hasArg !== 'no' && !name) {
				p.err('getopt: empty long option specified\n');
				return 1;
			}
			longs.push({name, hasArg});
		}
	}
	let tcsh = false;
	const shell = o.arg('s');
	if (shell !== undefined) {
		if (shell === 'tcsh' || shell === 'csh') tcsh = true;
		else if (shell !== 'bash' && shell !== 'sh') p.err(`getopt: unknown shell '${shell}', assuming bash\n`);
	}
	if (o.has('T')) return 4;
	let optstr = o.arg('o');
	let params = o.args;
	if (optstr === undefined) {
		optstr = params[0];
		if (optstr === undefined) {
			p.err('getopt: missing optstring argument\n');
			return 1;
		}
		params = params.slice(1);
	}
	return output([o.arg('n') ?? p.argv[0]!, ...params], optstr, longs, {quote: !o.has('u'), tcsh, quiet: o.has('q'), quietOutput: o.has('Q'), longOnly: o.has('a')});
};

export const GETOPT_PROGRAMS: Record<string, Program> = {getopt};

