import type {Node, Word} from './ast.js';
import {ArithError, evalArith} from './arith.js';
import {fnmatch, glob, hasGlobChars, unescapePattern} from './glob.js';
import {BAD_SUBST} from './lexer.js';
import type {Vfs} from '../vfs/types.js';

/** An error ash raises with ash_msg_and_raise_error: message printed as `sh: ...`, status 2. */
export class ShellError extends Error {
	/** Where the error was raised (`sh: eval: `, `sh: ./f.sh: line 3: `); unset means `sh: `. */
	prefix?: string;
	/** A syntax error found while expanding: ash names the line its reader is on. */
	reader?: boolean;
	constructor(message: string, readonly status = 2) {
		super(message);
	}
}

/** What expansion needs from the shell. */
export interface ExpandEnv {
	vfs: Vfs;
	cwd(): string;
	getVar(name: string): string | undefined;
	setVar(name: string, value: string): void;
	positional(): string[];
	/** Runs `$(...)` (`node`: its body already parsed) and returns its output (trailing newlines are stripped here). */
	commandSubst(src: string, node?: Node): string;
	/** Counts work against the runaway-loop budget. */
	tick?(): void;
	/** The shell option letters in effect (set -u, set -f). */
	opt?(letter: string): boolean;
}

interface Seg {
	s: string;
	/** Quoted text: not split, glob characters literal. */
	q: boolean;
}

const IFS_DEFAULT = ' \t\n';

/** Full expansion of command words: parameters, substitutions, splitting, globbing. */
export function expandWords(env: ExpandEnv, words: Word[]): string[] {
	const out: string[] = [];
	for (const w of words) out.push(...expandWord(env, tilde(env, w, false), true));
	return out;
}

/** An assignment's value: no splitting or globbing, tildes after `=` and each `:`. */
export function expandAssign(env: ExpandEnv, w: Word): string {
	return expandString(env, tilde(env, w, true));
}

/**
 * Tilde expansion of an unquoted leading `~` (and, in assignments, one after each `:`):
 * `~` is $HOME (left alone when HOME is unset), `~user` the user's home from /etc/passwd; an
 * unknown user keeps `~user` and, as ash's exptilde does, drops the rest of that text.
 */
function tilde(env: ExpandEnv, w: Word, assign: boolean): Word {
	const first = w[0];
	if (!first || first.k !== 'lit' || first.q || !(first.s.startsWith('~') || (assign && first.s.includes(':~')))) return w;
	const one = (text: string, last: boolean): string => {
		const slash = text.indexOf('/');
		const end = slash < 0 ? text.length : slash;
		// `~$x` or `~"u"`: the prefix must be the whole unquoted text up to / or the word's end.
		if (slash < 0 && !last) return text;
		const user = text.slice(1, end);
		let home: string | undefined;
		if (user === '') home = env.getVar('HOME');
		else {
			const f = env.vfs.open('/etc/passwd', {read: true});
			if (typeof f !== 'string') {
				const data = f.read();
				f.close();
				if (typeof data === 'string') {
					for (const line of data.split('\n')) {
						const fields = line.split(':');
						if (fields[0] === user && fields.length >= 6) home = fields[5];
					}
				}
			}
			if (home === undefined) return text.slice(0, end);
		}
		if (home === undefined) return text;
		return '\u0000' + home + '\u0000' + text.slice(end);
	};
	const last = w.length === 1;
	let text = first.s;
	if (text.startsWith('~')) text = one(text, last);
	if (assign) {
		const pieces = text.split(':');
		text = pieces.map((p, i) => (i > 0 && p.startsWith('~') ? one(p, last || i < pieces.length - 1) : p)).join(':');
	}
	if (!text.includes('\u0000')) return text === first.s ? w : [{k: 'lit', s: text, q: false}, ...w.slice(1)];
	// The home directories are quoted text (not split or globbed).
	const parts = text.split('\u0000').map((s, i) => ({k: 'lit' as const, s, q: i % 2 === 1}));
	return [...parts.filter(p => p.s !== '' || p.q), ...w.slice(1)];
}

/** Expansion without splitting or globbing (assignments, redirection targets, case words). */
export function expandString(env: ExpandEnv, w: Word): string {
	return expandWord(env, w, false).join('');
}

/** A case pattern: quoted parts become literal (escaped) text. */
export function expandPattern(env: ExpandEnv, w: Word): string {
	let pat = '';
	for (const part of w) {
		const v = part.k === 'lit' ? part.s : valueOf(env, part);
		pat += part.q ? v.replace(/[\\*?[\]]/g, m => '\\' + m) : v;
	}
	return pat;
}

function expandWord(env: ExpandEnv, w: Word, split: boolean): string[] {
	const fields: Seg[][] = [[]];
	const forced = [false];
	const cur = () => fields[fields.length - 1];
	const newField = () => {
		fields.push([]);
		forced.push(false);
	};
	// Field splitting on IFS: IFS white space runs delimit (and are trimmed at the ends); every
	// other IFS character ends a field, possibly empty, but never starts a trailing empty one.
	const ifs = env.getVar('IFS') ?? IFS_DEFAULT;
	let pendingBreak = false;
	const splitInto = (value: string) => {
		let piece = '';
		for (const c of value) {
			if (ifs.includes(c)) {
				if (piece) cur().push({s: piece, q: false});
				piece = '';
				if (c === ' ' || c === '\t' || c === '\n') {
					if (cur().length > 0) pendingBreak = true;
				} else {
					forced[forced.length - 1] = true;
					newField();
					pendingBreak = false;
				}
				continue;
			}
			if (pendingBreak) newField();
			pendingBreak = false;
			piece += c;
		}
		if (piece) cur().push({s: piece, q: false});
	};
	for (const part of w) {
		if (pendingBreak && !(part.k === 'lit' && part.s === '' && !part.q)) {
			newField();
			pendingBreak = false;
		}
		if (part.k === 'lit') {
			cur().push({s: part.s, q: part.q});
			if (part.q) forced[forced.length - 1] = true;
			continue;
		}
		if (part.k === 'var' && (part.name === '@' || part.name === '*') && !part.op && split) {
			const params = env.positional();
			if (part.q && part.name === '@') {
				// "$@": one field per parameter, joined to the text around it.
				params.forEach((p, i) => {
					if (i > 0) newField();
					cur().push({s: p, q: true});
					forced[forced.length - 1] = true;
				});
				continue;
			}
			if (!part.q) {
				// $@ and $*: each parameter is split on its own; parameters never join.
				params.forEach((p, i) => {
					if (i > 0 && cur().length > 0) {
						newField();
						pendingBreak = false;
					}
					splitInto(p);
				});
				continue;
			}
		}
		const value = valueOf(env, part);
		if (part.q || !split) {
			cur().push({s: value, q: true});
			forced[forced.length - 1] = true;
			continue;
		}
		splitInto(value);
	}
	const result: string[] = [];
	fields.forEach((segs, i) => {
		if (segs.length === 0 && !forced[i]) return;
		if (!split) {
			result.push(segs.map(s => s.s).join(''));
			return;
		}
		const pattern = segs.map(s => (s.q ? s.s.replace(/[\\*?[\]]/g, m => '\\' + m) : s.s)).join('');
		if (!env.opt?.('f') && segs.some(s => !s.q && /[*?[]/.test(s.s)) && hasGlobChars(pattern)) {
			const matches = glob(env.vfs, env.cwd(), pattern);
			if (matches.length > 0) {
				result.push(...matches);
				return;
			}
			result.push(unescapePattern(pattern));
			return;
		}
		result.push(segs.map(s => s.s).join(''));
	});
	if (!split) return [result.join('')];
	return result;
}

function paramValue(env: ExpandEnv, name: string): string | undefined {
	if (name === '@' || name === '*') {
		// "$*" joins with IFS's first character (none when IFS is empty, a space when unset).
		const params = env.positional();
		const ifs = env.getVar('IFS');
		return params.length ? params.join(name === '@' || ifs === undefined ? ' ' : ifs.slice(0, 1)) : undefined;
	}
	if (name === '#') return String(env.positional().length);
	if (/^[1-9][0-9]*$/.test(name)) return env.positional()[Number(name) - 1];
	return env.getVar(name);
}

function arith(env: ExpandEnv, text: string): bigint | number {
	try {
		return evalArith(text, {get: n => env.getVar(n), set: (n, v) => env.setVar(n, v)});
	} catch (e) {
		if (e instanceof ArithError) throw new ShellError(e.message);
		throw e;
	}
}

function valueOf(env: ExpandEnv, part: Exclude<Word[number], {k: 'lit'}>): string {
	if (part.k === 'cmd') return env.commandSubst(part.src, part.node).replace(/\n+$/, '');
	if (part.k === 'arith') return String(arith(env, expandString(env, part.expr)));
	if (part.op === BAD_SUBST) {
		// A malformed ${...} in a here-document, which ash's reader let through.
		const e = new ShellError('syntax error: bad substitution');
		e.reader = true;
		throw e;
	}
	const v = paramValue(env, part.name);
	const arg = () => (part.arg ? expandString(env, part.arg) : '');
	// set -u: a plain expansion of an unset parameter ($@ and $* excepted) is an error.
	if (v === undefined && (part.op === undefined || part.op === '#len') && part.name !== '@' && part.name !== '*' && env.opt?.('u')) {
		throw new ShellError(`${part.name}: parameter not set`);
	}
	switch (part.op) {
		case undefined:
			return v ?? '';
		case '#len':
			return String((v ?? '').length);
		case ':-':
			return v ? v : arg();
		case '-':
			return v !== undefined ? v : arg();
		case ':=':
		case '=':
			if (part.op === ':=' ? !v : v === undefined) {
				const a = arg();
				env.setVar(part.name, a);
				return a;
			}
			return v!;
		case ':+':
			return v ? arg() : '';
		case '+':
			return v !== undefined ? arg() : '';
		case ':?':
		case '?':
			if (part.op === ':?' ? !v : v === undefined) {
				const a = arg();
				throw new ShellError(`${part.name}: ${a || (part.op === ':?' ? 'parameter not set or null' : 'parameter not set')}`);
			}
			return v!;
		case ':': {
			// ${v:offset[:length]}, both arithmetic (ash's VSSUBSTR, bash-compatible).
			const s = v ?? '';
			const text = arg();
			const colon = text.indexOf(':');
			let pos = Number(arith(env, colon < 0 ? text : text.slice(0, colon)));
			let len = colon < 0 ? s.length : Number(arith(env, text.slice(colon + 1)));
			if (pos < 0) pos += s.length;
			if (pos < 0 || pos >= s.length) return '';
			if (len < 0) len += s.length - pos;
			if (len < 0 || len > s.length - pos) len = s.length - pos;
			return s.slice(pos, pos + len);
		}
		case '/':
		case '//': {
			const s = v ?? '';
			const pat = part.arg ? expandPattern(env, part.arg) : '';
			if (pat === '') return s;
			const repl = part.repl ? expandString(env, part.repl) : '';
			let out = '';
			let i = 0;
			while (i <= s.length) {
				env.tick?.();
				let end = -1;
				for (let e = s.length; e >= i; e--) {
					if (fnmatch(pat, s.slice(i, e))) {
						end = e;
						break;
					}
				}
				if (end < 0 || (end === i && i === s.length)) {
					if (i < s.length) out += s[i];
					i++;
					continue;
				}
				out += repl;
				if (end === i) {
					if (i < s.length) out += s[i];
					i++;
				} else i = end;
				if (part.op === '/') return out + s.slice(i);
			}
			return out;
		}
		case '#':
		case '##':
		case '%':
		case '%%': {
			const s = v ?? '';
			const pat = part.arg ? expandPattern(env, part.arg) : '';
			const longest = part.op.length === 2;
			if (part.op[0] === '#') {
				const lens = [...Array(s.length + 1).keys()];
				if (longest) lens.reverse();
				for (const n of lens) if (fnmatch(pat, s.slice(0, n))) return s.slice(n);
				return s;
			}
			const starts = [...Array(s.length + 1).keys()];
			if (!longest) starts.reverse();
			for (const n of starts) if (fnmatch(pat, s.slice(n))) return s.slice(0, n);
			return s;
		}
	}
	return v ?? '';
}
