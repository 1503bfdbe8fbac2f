import {getopt, type Program} from '../proc.js';
import {inputs, lines} from './textutils.js';
import {BadRegex, xregcomp} from '../regex.js';

/**
 * A small subset of busybox awk: `BEGIN{}`, `END{}`, `pattern {action}` rules where a
 * pattern is `/re/`, `!/re/` or a comparison, and actions are `print`/`printf` lists and
 * assignments (`s += $2`), with $N, NF, NR, FS, string concatenation and arithmetic.
 */
type Val = string | number;

interface Rule {
	kind: 'begin' | 'end' | 'main';
	pattern?: string;
	action?: string;
}

function parseProgram(src: string): Rule[] {
	const rules: Rule[] = [];
	let i = 0;
	while (i < src.length) {
		while (/[\s;]/.test(src[i] ?? '')) i++;
		if (i >= src.length) break;
		let pattern = '';
		while (i < src.length && src[i] !== '{') {
			if (src[i] === '/') {
				const end = src.indexOf('/', i + 1);
				// an unterminated /regex/ (indexOf -1 would restart the scan at 0, forever)
				if (end < 0) throw new Error('Unexpected end of string');
				pattern += src.slice(i, end + 1);
				i = end + 1;
				continue;
			}
			if (src[i] === '\n' || src[i] === ';') break;
			pattern += src[i++];
		}
		let action: string | undefined;
		if (src[i] === '{') {
			let depth = 0;
			const start = i + 1;
			for (; i < src.length; i++) {
				if (src[i] === '"') {
					i = src.indexOf('"', i + 1);
					if (i < 0) throw new Error('Unexpected end of string');
				}
				else if (src[i] === '{') depth++;
				else if (src[i] === '}' && --depth === 0) break;
			}
			action = src.slice(start, i);
			i++;
		}
		pattern = pattern.trim();
		if (pattern === 'BEGIN') rules.push({kind: 'begin', action});
		else if (pattern === 'END') rules.push({kind: 'end', action});
		else rules.push({kind: 'main', pattern: pattern || undefined, action});
	}
	return rules;
}

function splitTop(s: string, sep: string): string[] {
	const out: string[] = [];
	let depth = 0;
	let cur = '';
	let inStr = false;
	for (let i = 0; i < s.length; i++) {
		const c = s[i];
		if (c === '"' && s[i - 1] !== '\\') inStr = !inStr;
		if (!inStr) {
			if (c === '(') depth++;
			if (c === ')') depth--;
			if (depth === 0 && c === sep) {
				out.push(cur);
				cur = '';
				continue;
			}
		}
		cur += c;
	}
	out.push(cur);
	return out.map(x => x.trim()).filter(x => x !== '');
}

export const awkMain: Program = p => {
	const o = getopt(p.argv, 'F:v:f:');
	const prog = o.args.shift();
	if (prog === undefined) {
		p.err('awk: usage: awk [OPTIONS] [AWK_PROGRAM] [FILE]...\n');
		return 1;
	}
	const vars = new Map<string, Val>();
	const fsOpt = o.flags.get('F');
	vars.set('FS', typeof fsOpt === 'string' ? (fsOpt === 't' ? '\t' : fsOpt) : ' ');
	const v = o.flags.get('v');
	if (typeof v === 'string') vars.set(v.split('=')[0], v.split('=').slice(1).join('='));
	let fields: string[] = [];
	let record = '';
	let out = '';
	const setRecord = (line: string) => {
		record = line;
		const fs = String(vars.get('FS'));
		fields = fs === ' ' ? line.trim().split(/[ \t]+/).filter(Boolean) : line.split(fs.length === 1 ? fs : xregcomp(fs, true));
		vars.set('NF', fields.length);
	};
	const num = (x: Val) => (typeof x === 'number' ? x : Number.parseFloat(x) || 0);
	// %.6g as glibc prints it: inf, -inf, nan for what JS calls Infinity and NaN
	const str = (x: Val) => (typeof x === 'number' ? (Number.isNaN(x) ? 'nan' : !Number.isFinite(x) ? (x > 0 ? 'inf' : '-inf')
		: Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)))) : x);

	function expr(e: string): Val {
		e = e.trim();
		if (e === '') return '';
		// Lowest precedence first: ||, &&, comparisons/match, concatenation, +-, */%.
		for (const ops of [['||'], ['&&'], ['==', '!=', '<=', '>=', '<', '>', '!~', '~'], ['+', '-'], ['*', '/', '%']]) {
			const at = findOp(e, ops);
			if (at) {
				const [idx, op] = at;
				const l = expr(e.slice(0, idx));
				const rText = e.slice(idx + op.length).trim();
				if (op === '~' || op === '!~') {
					const re = rText.startsWith('/') ? rText.slice(1, -1) : str(expr(rText));
					const hit = xregcomp(re, true).test(str(l));
					return Number(op === '~' ? hit : !hit);
				}
				if (op === '&&' || op === '||') {
					const lv = Boolean(num(l)) || (typeof l === 'string' && l !== '' && Number.isNaN(Number(l)));
					if (op === '&&' && !lv) return 0;
					if (op === '||' && lv) return 1;
					return Number(Boolean(num(expr(rText))));
				}
				const r = expr(rText);
				switch (op) {
					case '+': return num(l) + num(r);
					case '-': return num(l) - num(r);
					case '*': return num(l) * num(r);
					case '/': return num(r) === 0 ? divisionByZero() : num(l) / num(r);
					case '%': return num(r) === 0 ? divisionByZero() : num(l) % num(r);
				}
				const numeric = isNumeric(l) && isNumeric(r);
				const a = numeric ? num(l) : str(l);
				const b = numeric ? num(r) : str(r);
				switch (op) {
					case '==': return Number(a === b);
					case '!=': return Number(a !== b);
					case '<': return Number(a < b);
					case '>': return Number(a > b);
					case '<=': return Number(a <= b);
					case '>=': return Number(a >= b);
				}
			}
		}
		const parts = concatParts(e);
		if (parts.length > 1) return parts.map(x => str(expr(x))).join('');
		if (e.startsWith('(') && e.endsWith(')')) return expr(e.slice(1, -1));
		if (e.startsWith('!')) return Number(!num(expr(e.slice(1))) );
		if (e.startsWith('-')) return -num(expr(e.slice(1)));
		if (e.startsWith('"')) return e.slice(1, -1).replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\"/g, '"');
		if (e.startsWith('/')) return Number(xregcomp(e.slice(1, -1), true).test(record));
		if (/^\d+(\.\d+)?$/.test(e)) return Number(e);
		if (e.startsWith('$')) {
			const n = num(expr(e.slice(1)));
			return n === 0 ? record : fields[n - 1] ?? '';
		}
		const fn = /^(length|toupper|tolower|substr|int)\((.*)\)$/.exec(e);
		if (fn) {
			const args = splitTop(fn[2], ',').map(expr);
			switch (fn[1]) {
				case 'length': return str(args[0] ?? record).length;
				case 'toupper': return str(args[0]).toUpperCase();
				case 'tolower': return str(args[0]).toLowerCase();
				case 'int': return Math.trunc(num(args[0]));
				case 'substr': return str(args[0]).substr(num(args[1]) - 1, args[2] === undefined ? undefined : num(args[2]));
			}
		}
		if (e === 'length') return record.length;
		return vars.get(e) ?? '';
	}

	function exec(action: string | undefined): void {
		if (action === undefined) {
			out += record + '\n';
			return;
		}
		for (const stmt of splitTop(action.replace(/\n/g, ';'), ';')) {
			p.tick();
			const pr = /^print(f)?\b(.*)$/.exec(stmt);
			if (pr) {
				const args = splitTop(pr[2].trim().replace(/^\((.*)\)$/, '$1'), ',');
				if (pr[1]) {
					const [fmt, ...rest] = args.map(expr);
					let k = 0;
					out += str(fmt).replace(/\\n/g, '\n').replace(/%(-?\d*)(?:\.(\d+))?([sdif%])/g, (_m, w: string, pr2: string, c: string) => {
						if (c === '%') return '%';
						const a = rest[k++] ?? '';
						let s = c === 's' ? str(a) : c === 'f' ? num(a).toFixed(pr2 ? Number(pr2) : 6) : String(Math.trunc(num(a)));
						const width = Math.abs(Number(w || 0));
						s = w.startsWith('-') ? s.padEnd(width) : s.padStart(width);
						return s;
					});
				} else {
					out += (args.length ? args.map(a => str(expr(a))).join(vars.has('OFS') ? str(vars.get('OFS')!) : ' ') : record) + '\n';
				}
				continue;
			}
			const asg = /^([A-Za-z_]\w*)\s*([-+*/]?=)(?!=)\s*(.*)$/.exec(stmt);
			if (asg) {
				const cur = vars.get(asg[1]) ?? 0;
				const r = expr(asg[3]);
				vars.set(asg[1], asg[2] === '=' ? r : asg[2] === '+=' ? num(cur) + num(r) : asg[2] === '-=' ? num(cur) - num(r) : asg[2] === '*=' ? num(cur) * num(r) : num(cur) / num(r));
				continue;
			}
			const inc = /^([A-Za-z_]\w*)(\+\+|--)$/.exec(stmt);
			if (inc) {
				vars.set(inc[1], num(vars.get(inc[1]) ?? 0) + (inc[2] === '++' ? 1 : -1));
				continue;
			}
			expr(stmt);
		}
	}

	let rules: Rule[];
	try {
		rules = parseProgram(prog);
	} catch {
		p.err('awk: cmd. line:1: syntax error\n');
		return 2;
	}
	try {
		for (const r of rules) if (r.kind === 'begin') exec(r.action);
		const ins = inputs(p, o.args);
		if (typeof ins === 'number') return 2;
		let nr = 0;
		for (const f of ins) {
			for (const line of lines(f.data)) {
				vars.set('NR', ++nr);
				setRecord(line);
				for (const r of rules) {
					if (r.kind !== 'main') continue;
					if (r.pattern !== undefined && !truthy(expr(r.pattern))) continue;
					exec(r.action);
				}
			}
		}
		for (const r of rules) if (r.kind === 'end') exec(r.action);
	} catch (e) {
		// bb_error_msg_and_die / syntax_error: what was printed so far stays, then the message.
		if (!(e instanceof BadRegex) && !(e instanceof AwkFatal)) throw e;
		p.out(out);
		p.err(`awk: ${e.message}\n`);
		return 1;
	}
	p.out(out);
	return 0;
};

/** A run-time error busybox awk reports with syntax_error() ("awk: cmd. line:N: ..."). */
class AwkFatal extends Error {}

function divisionByZero(): never {
	throw new AwkFatal('cmd. line:1: Division by zero');
}

function truthy(v: Val): boolean {
	return typeof v === 'number' ? v !== 0 : v !== '';
}

function isNumeric(v: Val): boolean {
	return typeof v === 'number' || /^\s*[-+]?\d+(\.\d+)?\s*$/.test(v);
}

/** Finds the rightmost top-level binary operator of a precedence class. */
function findOp(e: string, ops: string[]): [number, string] | undefined {
	let depth = 0;
	let inStr = false;
	let inRe = false;
	let found: [number, string] | undefined;
	for (let i = 0; i < e.length; i++) {
		const c = e[i];
		if (c === '"' && e[i - 1] !== '\\') inStr = !inStr;
		if (inStr) continue;
		if (c === '/' && !inRe && (i === 0 || /[~(,!\s]/.test(e[i - 1]))) {
			inRe = true;
			continue;
		}
		if (c === '/' && inRe) {
			inRe = false;
			continue;
		}
		if (inRe) continue;
		if (c === '(') depth++;
		if (c === ')') depth--;
		if (depth !== 0 || i === 0) continue;
		for (const op of ops) {
			if (!e.startsWith(op, i)) continue;
			if ((op === '<' || op === '>') && e[i + 1] === '=') continue;
			if (op === '~' && e[i - 1] === '!') continue;
			if ((op === '+' || op === '-') && (/[-+*/%<>=!~,(&|]$/.test(e.slice(0, i).trim()) || e[i + 1] === op || e[i - 1] === op)) continue;
			if (op === '!' ) continue;
			if (op === '=' ) continue;
			found = [i, op];
			i += op.length - 1;
			break;
		}
	}
	return found;
}

/** Splits `a " " b` (awk concatenation by juxtaposition) at top level. */
function concatParts(e: string): string[] {
	const parts: string[] = [];
	let cur = '';
	let depth = 0;
	let inStr = false;
	for (let i = 0; i < e.length; i++) {
		const c = e[i];
		if (c === '"' && e[i - 1] !== '\\') inStr = !inStr;
		if (!inStr && c === '(') depth++;
		if (!inStr && c === ')') depth--;
		if (!inStr && depth === 0 && c === ' ') {
			if (cur) parts.push(cur);
			cur = '';
			continue;
		}
		cur += c;
	}
	if (cur) parts.push(cur);
	return parts;
}
