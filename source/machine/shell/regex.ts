/**
 * libbb's xregcomp() for `cut -F` and `find -regex`: a POSIX regular expression is checked
 * the way glibc's regcomp() rejects it, then translated to a JS RegExp. Failures carry
 * busybox's message, `bad regex 'PATTERN': <regerror text>`, never a JS exception text.
 * (grep, sed and awk use posix-regex.ts, which also keeps leftmost-longest matching.)
 */

const CLASSES: Record<string, string> = {
	alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
	blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', print: ' -~', graph: '!-~', cntrl: '\\x00-\\x1f',
};

/** Converts a POSIX BRE (or ERE when `extended`) to a JavaScript RegExp source. */
function posixToJs(re: string, extended: boolean): string {
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

/** A pattern regcomp() refuses; `message` is what bb_error_msg_and_die prints after "applet: ". */
export class BadRegex extends Error {}

/** The glibc regerror() text for a pattern regcomp() would reject, or undefined. */
export function posixRegerror(re: string, extended: boolean): string | undefined {
	let depth = 0;
	for (let i = 0; i < re.length; i++) {
		const c = re[i];
		if (c === '\\') {
			if (i + 1 >= re.length) return 'Trailing backslash';
			const n = re[++i];
			if (!extended && n === '(') depth++;
			else if (!extended && n === ')') {
				if (depth === 0) return 'Unmatched ) or \\)';
				depth--;
			}
			continue;
		}
		if (c === '[') {
			let j = i + 1;
			if (re[j] === '^') j++;
			if (re[j] === ']') j++;
			while (j < re.length && re[j] !== ']') {
				const open = /^\[([:.=])/.exec(re.slice(j));
				if (open) {
					const close = re.indexOf(`${open[1]}]`, j + 2);
					if (close < 0) return 'Unmatched [, [^, [:, [., or [=';
					j = close + 2;
					continue;
				}
				j++;
			}
			if (j >= re.length) return 'Unmatched [, [^, [:, [., or [=';
			i = j;
			continue;
		}
		if (extended && c === '(') depth++;
		// a lone ')' in an ERE is an ordinary character for glibc
		else if (extended && c === ')' && depth > 0) depth--;
	}
	return depth > 0 ? 'Unmatched ( or \\(' : undefined;
}

/** Maps what V8 reports for a translated pattern to the closest regerror() text. */
function regerrorFromJs(message: string): string {
	if (/out of order in \{\}/.test(message)) return 'Invalid content of \\{\\}';
	if (/Nothing to repeat|Lone quantifier|Incomplete quantifier/.test(message)) return 'Invalid preceding regular expression';
	if (/Unterminated group/.test(message)) return 'Unmatched ( or \\(';
	if (/Unmatched '\)'/.test(message)) return 'Unmatched ) or \\)';
	if (/Range out of order/.test(message)) return 'Invalid range end';
	if (/character class/.test(message)) return 'Unmatched [, [^, [:, [., or [=';
	if (/\\ at end of pattern/.test(message)) return 'Trailing backslash';
	return 'Invalid regular expression';
}

/** xregcomp(): a RegExp for a POSIX BRE/ERE, or throws BadRegex with busybox's message. */
export function xregcomp(pattern: string, extended: boolean, flags = ''): RegExp {
	const posix = posixRegerror(pattern, extended);
	if (posix) throw new BadRegex(`bad regex '${pattern}': ${posix}`);
	try {
		return new RegExp(posixToJs(pattern, extended), flags);
	} catch (e) {
		throw new BadRegex(`bad regex '${pattern}': ${regerrorFromJs((e as Error).message)}`);
	}
}
