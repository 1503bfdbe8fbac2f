/**
 * libbb's xregcomp() for the applets that compile one pattern and die on a bad one (`cut -F`,
 * `find -regex`, awk's errors): regcomp() through posix-regex.ts, and on failure busybox's
 * message, `bad regex 'PATTERN': <regerror text>`.
 */
import {PosixRegex, RE_SYNTAX_POSIX_BASIC, RE_SYNTAX_POSIX_EXTENDED} from './posix-regex.js';

/** A pattern regcomp() refuses; `message` is what bb_error_msg_and_die prints after "applet: ". */
export class BadRegex extends Error {}

/** xregcomp(): the compiled pattern (REG_EXTENDED when `extended`), or throws BadRegex. */
export function xregcomp(pattern: string, extended: boolean, icase = false): PosixRegex {
	const re = PosixRegex.compile(pattern, extended ? RE_SYNTAX_POSIX_EXTENDED : RE_SYNTAX_POSIX_BASIC, icase);
	if (typeof re === 'string') throw new BadRegex(`bad regex '${pattern}': ${re}`);
	return re;
}
