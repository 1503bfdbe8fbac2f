/**
 * Regular expressions as busybox awk compiles them with glibc's regcomp(): a `/literal/` is
 * an ERE (xregcomp(): a bad one stops awk with `bad regex 'RE': <regerror text>`); a dynamic
 * regex (a string used with ~, sub, split, ...) is tried as an ERE and, if glibc refuses it,
 * as a BRE (as_regex()), so `$0 ~ "("` matches a parenthesis.
 *
 * Compiling and matching is sed.ts's PosixRegex (glibc's parser and regerror() texts,
 * leftmost-longest matches, a linear-time VM for nested repetitions).
 */
import {BadRegex} from '../../regex.js';
import {PosixRegex, RE_SYNTAX_POSIX_BASIC, RE_SYNTAX_POSIX_EXTENDED, type ReMatch} from '../../posix-regex.js';

export type AwkRegex = PosixRegex;
export type {ReMatch};

const cache = new Map<string, PosixRegex>();

/**
 * A regex busybox awk would use: `literal` for /re/ (ERE only), else the ERE-then-BRE
 * fallback of a dynamic regex. Throws BadRegex with busybox's message.
 */
export function awkRegex(pattern: string, literal: boolean, icase: boolean): PosixRegex {
	const key = `${literal ? 'L' : 'D'}${icase ? 'i' : '-'}${pattern}`;
	const hit = cache.get(key);
	if (hit) return hit;
	let re = PosixRegex.compile(pattern, RE_SYNTAX_POSIX_EXTENDED, icase);
	if (typeof re === 'string' && !literal) re = PosixRegex.compile(pattern, RE_SYNTAX_POSIX_BASIC, icase);
	if (typeof re === 'string') throw new BadRegex(`bad regex '${pattern}': ${re}`);
	if (cache.size > 500) cache.clear();
	cache.set(key, re);
	return re;
}

/**
 * regexec() on `s` from `from`, as busybox runs it on the rest of a string: `^` matches
 * there unless `notbol` (REG_NOTBOL), and nothing before `from` is seen.
 */
export function execAt(re: PosixRegex, s: string, from: number, notbol = false): ReMatch | null {
	const m = re.exec(from ? s.slice(from) : s, 0, notbol);
	if (!m) return null;
	return {start: m.start + from, end: m.end + from, groups: m.groups};
}
