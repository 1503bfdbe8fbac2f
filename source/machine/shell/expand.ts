import type {Word} from './ast.js';
import {ArithError, evalArith} from './arith.js';
import {fnmatch, glob, hasGlobChars, unescapePattern} from './glob.js';
import type {Vfs} from '../vfs/types.js';

/** An error ash raises with ash_msg_and_raise_error: message printed as `sh: ...`, status 2. */
export class ShellError extends Error {
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
	/** Runs `$(...)` and returns its output (trailing newlines are stripped here). */
	commandSubst(src: string): string;
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
	for (const w of words) out.push(...expandWord(env, w, true));
	return out;
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
	for (const part of w) {
		if (part.k === 'lit') {
			cur().push({s: part.s, q: part.q});
			if (part.q) forced[forced.length - 1] = true;
			continue;
		}
		if (part.k === 'var' && part.name === '@' && !part.op && part.q && split) {
			const params = env.positional();
			params.forEach((p, i) => {
				if (i > 0) newField();
				cur().push({s: p, q: true});
				forced[forced.length - 1] = true;
			});
			continue;
		}
		const value = valueOf(env, part);
		if (part.q || !split) {
			cur().push({s: value, q: true});
			forced[forced.length - 1] = true;
			continue;
		}
		// Unquoted expansion: field splitting on IFS.
		const ifs = env.getVar('IFS') ?? IFS_DEFAULT;
		let piece = '';
		let pendingBreak = false;
		for (const c of value) {
			if (ifs.includes(c)) {
				if (piece) cur().push({s: piece, q: false});
				piece = '';
				if (/\s/.test(c)) pendingBreak = true;
				else {
					newField();
					forced[forced.length - 1] = true;
					pendingBreak = false;
				}
				continue;
			}
			if (pendingBreak && (cur().length > 0)) newField();
			pendingBreak = false;
			piece += c;
		}
		if (piece) cur().push({s: piece, q: false});
		if (pendingBreak && cur().length > 0) newField();
	}
	const result: string[] = [];
	fields.forEach((segs, i) => {
		if (segs.length === 0 && !forced[i]) return;
		if (!split) {
			result.push(segs.map(s => s.s).join(''));
			return;
		}
		const pattern = segs.map(s => (s.q ? s.s.replace(/[\\*?[\]]/g, m => '\\' + m) : s.s)).join('');
		if (segs.some(s => !s.q && /[*?[]/.test(s.s)) && hasGlobChars(pattern)) {
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
		const params = env.positional();
		return params.length ? params.join(' ') : undefined;
	}
	if (name === '#') return String(env.positional().length);
	if (/^[1-9][0-9]*$/.test(name)) return env.positional()[Number(name) - 1];
	return env.getVar(name);
}

function valueOf(env: ExpandEnv, part: Exclude<Word[number], {k: 'lit'}>): string {
	if (part.k === 'cmd') return env.commandSubst(part.src).replace(/\n+$/, '');
	if (part.k === 'arith') {
		const text = expandString(env, part.expr);
		try {
			return String(evalArith(text, {get: n => env.getVar(n), set: (n, v) => env.setVar(n, v)}));
		} catch (e) {
			if (e instanceof ArithError) throw new ShellError(e.message);
			throw e;
		}
	}
	const v = paramValue(env, part.name);
	const arg = () => (part.arg ? expandString(env, part.arg) : '');
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
				throw new ShellError(`${part.name}: ${a || (part.op === ':?' ? 'parameter null or not set' : 'parameter not set')}`);
			}
			return v!;
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
