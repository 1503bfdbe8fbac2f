import type {Vfs} from '../vfs/types.js';

/**
 * fnmatch(3)/glob(3) as ash uses them: `*`, `?`, `[...]` (with `!`/`^` negation) and
 * backslash escapes in the pattern; glob results sorted with strcmp (LC_ALL=C).
 */
export function hasGlobChars(pattern: string): boolean {
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i];
		if (c === '\\') i++;
		else if (c === '*' || c === '?') return true;
		else if (c === '[' && closesBracket(pattern, i)) return true;
	}
	return false;
}

/**
 * ash's expmeta(): a `[` makes a pattern only if a `]` follows it, after at least one character
 * (after `!`), before the next `/`. So `[ $x = 1 ]`'s `[` and `a[b` are plain words: ash reads no
 * directory for them (the host's busybox 1.35 under strace: no getdents for `echo [` or `echo a[b`,
 * one for `echo a[b]c`).
 */
function closesBracket(pattern: string, open: number): boolean {
	let q = open + 1;
	if (pattern[q] === '!') q++;
	for (;;) {
		if (pattern[q] === '\\') q++;
		if (q >= pattern.length || pattern[q] === '/') return false;
		q++;
		if (pattern[q] === ']') return true;
	}
}

/** Translates a shell pattern to an anchored JS regular expression. */
export function patternToRegExp(pattern: string): RegExp {
	let re = '';
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i];
		if (c === '\\' && i + 1 < pattern.length) {
			re += escapeRe(pattern[++i]);
		} else if (c === '*') re += '[^]*';
		else if (c === '?') re += '[^]';
		else if (c === '[') {
			const end = pattern.indexOf(']', i + 2);
			if (end < 0) {
				re += '\\[';
				continue;
			}
			let body = pattern.slice(i + 1, end);
			let neg = false;
			if (body.startsWith('!') || body.startsWith('^')) {
				neg = true;
				body = body.slice(1);
			}
			re += `[${neg ? '^' : ''}${bracketBody(body)}]`;
			i = end;
		} else re += escapeRe(c);
	}
	return new RegExp(`^${re}$`, 'u');
}

/**
 * The inside of a `[...]` as a JS character class: every character escaped, `a-z` kept as a
 * range, and a reversed range such as `m-e` dropped (it matches nothing in fnmatch's C locale;
 * JS would reject the whole pattern).
 */
function bracketBody(body: string): string {
	const chars = [...body];
	const hex = (c: string) => `\\u{${c.codePointAt(0)!.toString(16)}}`;
	let out = '';
	for (let k = 0; k < chars.length; k++) {
		const a = chars[k];
		if (chars[k + 1] === '-' && k + 2 < chars.length) {
			const b = chars[k + 2];
			if (a.codePointAt(0)! <= b.codePointAt(0)!) out += `${hex(a)}-${hex(b)}`;
			k += 2;
		} else out += hex(a);
	}
	// everything dropped: `[]` matches nothing (and `[^]` anything), as the empty set should
	return out;
}

function escapeRe(c: string): string {
	return /[.*+?^${}()|[\]\\/]/.test(c) ? '\\' + c : c;
}

export function fnmatch(pattern: string, text: string): boolean {
	return patternToRegExp(pattern).test(text);
}

/** Removes pattern backslashes: the literal text a non-matching glob stands for. */
export function unescapePattern(pattern: string): string {
	return pattern.replace(/\\(.)/g, '$1');
}

/** Byte-wise comparison, like strcmp in the C locale. */
export function strcmp(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Expands a pattern against the VFS; relative patterns resolve from `cwd`. Returns the
 * matches sorted, or an empty list (the caller keeps the word as is).
 */
export function glob(vfs: Vfs, cwd: string, pattern: string): string[] {
	const absolute = pattern.startsWith('/');
	const comps = pattern.split('/').filter((c, i) => c !== '' || i === 0);
	let bases: string[] = [absolute ? '/' : ''];
	const start = absolute ? 1 : 0;
	for (let ci = start; ci < comps.length; ci++) {
		const comp = comps[ci];
		const last = ci === comps.length - 1;
		const next: string[] = [];
		for (const base of bases) {
			const dir = base === '' ? cwd : base;
			if (!hasGlobChars(comp)) {
				const candidate = join(base, unescapePattern(comp));
				if (last || isDir(vfs, cwd, candidate)) {
					if (!last || exists(vfs, cwd, candidate)) next.push(candidate);
				}
				continue;
			}
			const names = vfs.readdir(resolve(cwd, dir));
			if (typeof names === 'string') continue;
			const re = patternToRegExp(comp);
			for (const name of [...names].sort(strcmp)) {
				if (name.startsWith('.') && !comp.startsWith('.')) continue;
				if (!re.test(name)) continue;
				const candidate = join(base, name);
				if (!last && !isDir(vfs, cwd, candidate)) continue;
				next.push(candidate);
			}
		}
		bases = next;
		if (bases.length === 0) return [];
	}
	if (pattern.endsWith('/')) bases = bases.map(b => b + '/');
	return bases.sort(strcmp);
}

function join(base: string, name: string): string {
	if (base === '') return name;
	return base.endsWith('/') ? base + name : `${base}/${name}`;
}

function resolve(cwd: string, p: string): string {
	return p.startsWith('/') ? p : `${cwd.replace(/\/$/, '')}/${p}`;
}

function isDir(vfs: Vfs, cwd: string, p: string): boolean {
	const st = vfs.stat(resolve(cwd, p));
	return typeof st !== 'string' && st.type === 'dir';
}

function exists(vfs: Vfs, cwd: string, p: string): boolean {
	return typeof vfs.stat(resolve(cwd, p), false) !== 'string';
}
