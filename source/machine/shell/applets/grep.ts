import {BadRegex, xregcomp} from '../regex.js';
import {getopt, type Proc, type Program} from '../proc.js';
import {inputs, lines} from './textutils.js';
import {awkMain} from './awk.js';

/** busybox grep/egrep/fgrep and sed over POSIX basic/extended regular expressions. */

const CLASSES: Record<string, string> = {
	alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
	blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', print: ' -~', graph: '!-~', cntrl: '\\x00-\\x1f',
};

/** Converts a POSIX BRE (or ERE when `extended`) to a JavaScript RegExp source. */
export function posixToJs(re: string, extended: boolean): string {
	let out = '';
	for (let i = 0; i < re.length; i++) {
		const c = re[i];
		if (c === '[') {
			let j = i + 1;
			let body = '';
			if (re[j] === '^') {
				body += '^';
				j++;
			}
			if (re[j] === ']') {
				body += '\\]';
				j++;
			}
			while (j < re.length && re[j] !== ']') {
				const cls = /^\[:([a-z]+):\]/.exec(re.slice(j));
				if (cls) {
					body += CLASSES[cls[1]] ?? '';
					j += cls[0].length;
					continue;
				}
				body += re[j] === '\\' ? '\\\\' : re[j];
				j++;
			}
			out += `[${body}]`;
			i = j;
			continue;
		}
		if (c === '\\' && i + 1 < re.length) {
			const n = re[++i];
			if (!extended && '(){}|+?'.includes(n)) out += n;
			else if ('<>'.includes(n)) out += '\\b';
			else if (/[wWsSbB]/.test(n)) out += '\\' + n;
			else if (/\d/.test(n)) out += '\\' + n;
			else out += '\\' + n.replace(/[^\w]/, m => m).replace(/^(\w)$/, '$1');
			continue;
		}
		if (!extended && '(){}|+?'.includes(c)) {
			out += '\\' + c;
			continue;
		}
		if (c === '*' && (out === '' || out.endsWith('(') || out === '^')) {
			out += '\\*';
			continue;
		}
		if (c === '/') {
			out += '\\/';
			continue;
		}
		out += c;
	}
	return out;
}

function escapeFixed(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function grepWith(mode: 'G' | 'E' | 'F'): Program {
	return p => {
		const o = getopt(p.argv, 'EFGvicnoqlLhHwxsre:f:A:B:C:m:');
		if (o.bad) {
			p.err(`grep: invalid option -- '${o.bad}'\n`);
			return 2;
		}
		const f = o.flags;
		const m = f.has('F') ? 'F' : f.has('E') ? 'E' : mode;
		const patterns: string[] = [];
		if (typeof f.get('e') === 'string') patterns.push(f.get('e') as string);
		else {
			const pat = o.args.shift();
			if (pat === undefined) {
				p.err('BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n\nSearch for PATTERN in FILEs (or stdin)\n');
				return 2;
			}
			patterns.push(...pat.split('\n'));
		}
		let res: RegExp[];
		try {
			res = patterns.map(pt => {
				if (m !== 'F') xregcomp(pt, m === 'E');
				let src = m === 'F' ? escapeFixed(pt) : posixToJs(pt, m === 'E');
				if (f.has('w')) src = `(?<![\\w])(?:${src})(?![\\w])`;
				if (f.has('x')) src = `^(?:${src})$`;
				return new RegExp(src, f.has('i') ? 'gi' : 'g');
			});
		} catch (e) {
			p.err(`grep: ${e instanceof BadRegex ? e.message : `bad regex '${patterns[0]}': Invalid regular expression`}\n`);
			return 2;
		}
		let error = false;
		const operands = o.args.length ? o.args : ['-'];
		const prefixName = (o.args.length > 1 || f.has('H')) && !f.has('h');
		let any = false;
		let out = '';
		const max = typeof f.get('m') === 'string' ? Number(f.get('m')) : Infinity;
		for (const operand of operands) {
			// Files are read one at a time so messages and matches keep their order.
			const ins = inputs(p, [operand], (file, e) => {
				error = true;
				p.out(out);
				out = '';
				if (!f.has('s')) p.err(`grep: ${file}: ${e}\n`);
			});
			if (typeof ins === 'number') continue;
			const file = ins[0];
			let count = 0;
			const ls = lines(file.data);
			p.tick(Math.ceil(ls.length / 100));
			for (let n = 0; n < ls.length && count < max; n++) {
				const line = ls[n];
				const hit = res.some(r => {
					r.lastIndex = 0;
					return r.test(line);
				});
				if (hit === f.has('v')) continue;
				count++;
				any = true;
				if (f.has('q')) return 0;
				if (f.has('l') || f.has('c') || f.has('L')) continue;
				const prefix = (prefixName ? `${file.name}:` : '') + (f.has('n') ? `${n + 1}:` : '');
				if (f.has('o') && !f.has('v')) {
					for (const r of res) {
						r.lastIndex = 0;
						for (const mm of line.matchAll(r)) if (mm[0]) out += prefix + mm[0] + '\n';
					}
				} else out += prefix + line + '\n';
			}
			if (f.has('c')) out += (prefixName ? `${file.name}:` : '') + count + '\n';
			if (f.has('l') && count > 0) out += file.name + '\n';
			if (f.has('L') && count === 0) out += file.name + '\n';
		}
		p.out(out);
		if (error && !f.has('q')) return 2;
		return any ? 0 : 1;
	};
}

interface SedCmd {
	addr1?: string | number;
	addr2?: string | number;
	cmd: string;
	re?: RegExp;
	rep?: string;
	global?: boolean;
	print?: boolean;
	nth?: number;
	text?: string;
}

function parseSed(script: string, extended: boolean): SedCmd[] {
	const cmds: SedCmd[] = [];
	let i = 0;
	const readAddr = (): string | number | undefined => {
		if (/\d/.test(script[i] ?? '')) {
			const m = /^\d+/.exec(script.slice(i))!;
			i += m[0].length;
			return Number(m[0]);
		}
		if (script[i] === '$') {
			i++;
			return '$';
		}
		if (script[i] === '/') {
			const end = findDelim(script, i + 1, '/');
			const re = script.slice(i + 1, end);
			i = end + 1;
			xregcomp(re, extended); // get_address() compiles it now: a bad one stops sed before any input
			return '/' + re;
		}
		return undefined;
	};
	while (i < script.length) {
		while (/[\s;]/.test(script[i] ?? '')) i++;
		if (i >= script.length) break;
		const c: SedCmd = {cmd: ''};
		c.addr1 = readAddr();
		if (script[i] === ',') {
			i++;
			c.addr2 = readAddr();
			if (c.addr2 === undefined) throw new Error('no address after comma');
		}
		while (script[i] === ' ') i++;
		if (i >= script.length || script[i] === '\n') throw new Error('missing command');
		c.cmd = script[i++];
		if (c.cmd === 's') {
			const d = script[i];
			if (d === undefined) throw new Error('bad format in substitution expression');
			const e1 = findDelim(script, i + 1, d);
			const e2 = findDelim(script, e1 + 1, d);
			const pat = script.slice(i + 1, e1);
			c.rep = script.slice(e1 + 1, e2);
			i = e2 + 1;
			let flags = '';
			while (i < script.length && /[gpI0-9]/.test(script[i])) flags += script[i++];
			c.global = flags.includes('g');
			c.print = flags.includes('p');
			const nth = /\d+/.exec(flags);
			c.nth = nth ? Number(nth[0]) : 1;
			c.re = xregcomp(pat, extended, 'g' + (flags.includes('I') ? 'i' : ''));
		} else if ('aic'.includes(c.cmd)) {
			const m = /^\\?\s*([^;\n]*)/.exec(script.slice(i))!;
			c.text = m[1];
			i += m[0].length;
		} else if (!'pdqn=g'.includes(c.cmd) || c.cmd === undefined) {
			throw new Error(`unknown command: '${c.cmd}'`);
		}
		cmds.push(c);
	}
	return cmds;
}

function findDelim(s: string, from: number, d: string): number {
	for (let i = from; i < s.length; i++) {
		if (s[i] === '\\') i++;
		else if (s[i] === d) return i;
	}
	throw new Error(`unmatched '${d}'`);
}

const sed: Program = p => {
	const argv = p.argv.slice(1);
	let quiet = false;
	let extended = false;
	const scripts: string[] = [];
	const files: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '-n') quiet = true;
		else if (a === '-E' || a === '-r') extended = true;
		else if (a === '-e') scripts.push(argv[++i] ?? '');
		else if (a.startsWith('-') && a.length > 1 && !a.startsWith('-e')) {
			for (const ch of a.slice(1)) {
				if (ch === 'n') quiet = true;
				else if (ch === 'E' || ch === 'r') extended = true;
			}
		} else if (scripts.length === 0) scripts.push(a);
		else files.push(a);
	}
	let cmds: SedCmd[];
	try {
		cmds = parseSed(scripts.join('\n'), extended);
	} catch (e) {
		p.err(`sed: ${(e as Error).message}\n`);
		return 1;
	}
	const ins = inputs(p, files);
	if (typeof ins === 'number') return ins;
	const all = ins.flatMap(f => lines(f.data));
	let out = '';
	const inRange = new Map<SedCmd, boolean>();
	const match = (a: string | number, line: string, n: number) => {
		if (typeof a === 'number') return n === a;
		if (a === '$') return n === all.length;
		return xregcomp(a.slice(1), extended).test(line);
	};
	for (let n = 1; n <= all.length; n++) {
		let line = all[n - 1];
		let deleted = false;
		let quit = false;
		for (const c of cmds) {
			let sel = true;
			if (c.addr1 !== undefined) {
				if (c.addr2 !== undefined) {
					if (inRange.get(c)) {
						sel = true;
						if (match(c.addr2, line, n) || (typeof c.addr2 === 'number' && n >= c.addr2)) inRange.set(c, false);
					} else if (match(c.addr1, line, n)) {
						sel = true;
						inRange.set(c, !(typeof c.addr2 === 'number' && c.addr2 <= n));
					} else sel = false;
				} else sel = match(c.addr1, line, n);
			}
			if (!sel) continue;
			if (c.cmd === 'p') out += line + '\n';
			else if (c.cmd === 'd') {
				deleted = true;
				break;
			} else if (c.cmd === 'q') {
				quit = true;
				break;
			} else if (c.cmd === '=') out += `${n}\n`;
			else if (c.cmd === 'i') out += c.text + '\n';
			else if (c.cmd === 'c') {
				out += c.text + '\n';
				deleted = true;
				break;
			} else if (c.cmd === 's') {
				let count = 0;
				let did = false;
				line = line.replace(c.re!, (...m) => {
					count++;
					if (!c.global && count !== c.nth) return m[0];
					if (c.global && count < c.nth!) return m[0];
					did = true;
					return c.rep!.replace(/\\(\d)|&|\\n|\\(.)/g, (r, d, lit) => (d !== undefined ? (m[Number(d)] ?? '') : r === '&' ? m[0] : r === '\\n' ? '\n' : lit));
				});
				if (did && c.print) out += line + '\n';
			}
		}
		if (!deleted && !quiet) out += line + '\n';
		for (const c of cmds) if (c.cmd === 'a' && (c.addr1 === undefined || match(c.addr1, line, n)) && !deleted) out += c.text + '\n';
		if (quit) break;
	}
	p.out(out);
	return 0;
};

export const GREP_PROGRAMS: Record<string, Program> = {
	grep: grepWith('G'),
	egrep: grepWith('E'),
	fgrep: grepWith('F'),
	sed,
	awk: awkMain,
};

export type {Proc};
