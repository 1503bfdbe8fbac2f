/**
 * QEMU's JSON as QMP reads and writes it (qobject/json-lexer.c, json-streamer.c,
 * json-parser.c, json-writer.c): a byte stream is cut into messages where the braces and
 * brackets balance; strings may also be 'single-quoted' (QEMU's extension); lexical and
 * syntax errors read "JSON parse error, ...". Output dictionaries come out in QDict order
 * (qdict-order.ts), strings escape everything outside printable ASCII as \uXXXX, and the
 * pretty form indents by four spaces with QEMU's "{\n}" for empty containers.
 */
import {qdictOrder} from './qdict-order.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | {[key: string]: JsonValue};

type TokenType = 'lcurly' | 'rcurly' | 'lsquare' | 'rsquare' | 'colon' | 'comma' | 'string' | 'number' | 'keyword';
interface Token {
	type: TokenType;
	text: string;
}

/** One message cut from the stream: a value, or the error QMP answers instead. */
export type JsonMessage = {ok: true; value: JsonValue} | {ok: false; error: string};

/** json-streamer.c's limits on one message: bytes of its tokens, tokens, nesting. */
const MAX_TOKEN_SIZE = 64 * 1024 * 1024;
const MAX_TOKEN_COUNT = 2 * 1024 * 1024;
const MAX_NESTING = 1024;

const PUNCTUATION: Readonly<Record<string, TokenType>> = {'{': 'lcurly', '}': 'rcurly', '[': 'lsquare', ']': 'rsquare', ':': 'colon', ',': 'comma'};
/** The escapes qstring_from_escaped_str() takes, `\'` included. */
const UNESCAPE: Readonly<Record<string, string>> = {'"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t'};
/** The escapes quoted_str() writes by name. */
const ESCAPE: Readonly<Record<string, string>> = {'"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t'};

const isWs = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/;

/**
 * The streaming parser. `feed()` takes any chunk of input (a message may span chunks, a chunk
 * may hold several messages) and returns the messages completed by it.
 */
export class JsonMessageParser {
	private pending = '';
	private tokens: Token[] = [];
	private braces = 0;
	private brackets = 0;
	private tokenSize = 0;
	/** A string still open at the end of the last chunk: its pieces (joined once it closes). */
	private open: {parts: string[]; size: number; quote: string; escape: boolean} | undefined;

	feed(chunk: string): JsonMessage[] {
		const out: JsonMessage[] = [];
		let s: string;
		if (this.open) {
			const o = this.open;
			// Only the new chunk is scanned: a long string costs its length once.
			let j = 0;
			let escape = o.escape;
			for (; j < chunk.length; j++) {
				const c = chunk[j];
				if (escape) escape = false;
				else if (c === '\\') escape = true;
				else if (c === o.quote || c.charCodeAt(0) < 0x20) break;
			}
			if (j >= chunk.length) {
				o.parts.push(chunk);
				o.size += chunk.length;
				o.escape = escape;
				return this.tokenSize + o.size > MAX_TOKEN_SIZE ? this.tooLarge() : [];
			}
			this.open = undefined;
			const text = o.parts.join('') + chunk.slice(0, j + 1);
			// A control character inside a string is the lexer's error state.
			out.push(...(chunk[j] === o.quote ? this.token({type: 'string', text}) : this.lexError(text)));
			s = chunk.slice(j + 1);
		} else {
			s = this.pending + chunk;
		}
		let i = 0;
		for (;;) {
			while (i < s.length && isWs(s[i])) i++;
			if (i >= s.length) break;
			const c = s[i];
			let tok: Token | undefined;
			let len = 1;
			if (Object.hasOwn(PUNCTUATION, c)) {
				tok = {type: PUNCTUATION[c], text: c};
			} else if (c === '"' || c === "'") {
				const end = stringEnd(s, i);
				if (typeof end === 'object') {
					// The string continues in the next chunk.
					this.open = {parts: [s.slice(i)], size: s.length - i, quote: c, escape: end.escape};
					i = s.length;
					break;
				}
				if (end < 0) {
					out.push(...this.lexError(s.slice(i, -end)));
					i = -end;
					continue;
				}
				len = end - i;
				tok = {type: 'string', text: s.slice(i, end)};
			} else if (c === '-' || (c >= '0' && c <= '9')) {
				const m = NUMBER.exec(s.slice(i, i + 400));
				if (!m) {
					out.push(...this.lexError(c));
					i++;
					continue;
				}
				// A number at the very end of the input may still grow.
				if (i + m[0].length >= s.length) break;
				len = m[0].length;
				tok = {type: 'number', text: m[0]};
			} else if (c >= 'a' && c <= 'z') {
				let j = i;
				while (j < s.length && s[j] >= 'a' && s[j] <= 'z') j++;
				if (j >= s.length) break;
				len = j - i;
				tok = {type: 'keyword', text: s.slice(i, j)};
			} else {
				out.push(...this.lexError(c));
				i++;
				continue;
			}
			i += len;
			out.push(...this.token(tok));
		}
		this.pending = s.slice(i);
		const openSize = this.open?.size ?? 0;
		if (this.tokenSize + this.pending.length + openSize > MAX_TOKEN_SIZE) out.push(...this.tooLarge());
		return out;
	}

	/** A message (or one unfinished token) that never ends: dropped, not buffered forever. */
	private tooLarge(): JsonMessage[] {
		this.pending = '';
		this.open = undefined;
		this.reset();
		return [{ok: false, error: 'JSON token size limit exceeded'}];
	}

	/** json_message_process_token(): count nesting, emit when it balances (or goes negative). */
	private token(tok: Token): JsonMessage[] {
		if (tok.type === 'lcurly') this.braces++;
		else if (tok.type === 'rcurly') this.braces--;
		else if (tok.type === 'lsquare') this.brackets++;
		else if (tok.type === 'rsquare') this.brackets--;
		this.tokens.push(tok);
		this.tokenSize += tok.text.length;
		if (this.braces < 0 || this.brackets < 0 || (this.braces === 0 && this.brackets === 0)) {
			const tokens = this.tokens;
			this.reset();
			return [parseTokens(tokens)];
		}
		const limit = this.tokens.length > MAX_TOKEN_COUNT ? 'JSON token count limit exceeded'
			: this.braces + this.brackets > MAX_NESTING ? 'JSON nesting depth limit exceeded' : undefined;
		if (limit) {
			this.reset();
			return [{ok: false, error: limit}];
		}
		return [];
	}

	private lexError(text: string): JsonMessage[] {
		this.reset();
		return [{ok: false, error: `JSON parse error, stray '${text}'`}];
	}

	private reset(): void {
		this.tokens = [];
		this.braces = 0;
		this.brackets = 0;
		this.tokenSize = 0;
	}
}

/**
 * Index just past the closing quote of the string starting at `start`; `{escape}` when the
 * input ends first (whether its last character was an unfinished backslash escape); minus the
 * index after a control character (a lexical error).
 */
function stringEnd(s: string, start: number): number | {escape: boolean} {
	const quote = s[start];
	for (let i = start + 1; i < s.length; i++) {
		const c = s[i];
		if (c === '\\') {
			if (i + 1 >= s.length) return {escape: true};
			i++;
			continue;
		}
		if (c === quote) return i + 1;
		if (c.charCodeAt(0) < 0x20) return -(i + 1);
	}
	return {escape: false};
}

class ParseError extends Error {}

/** json_parser_parse(): one message's tokens to a value. */
function parseTokens(tokens: Token[]): JsonMessage {
	let pos = 0;
	const peek = (): Token | undefined => tokens[pos];
	const fail = (message: string): never => {
		throw new ParseError(`JSON parse error, ${message}`);
	};
	const value = (): JsonValue => {
		const t = peek();
		if (!t) return fail('premature EOI');
		switch (t.type) {
			case 'lcurly':
				return object();
			case 'lsquare':
				return array();
			case 'string':
				pos++;
				return unescape(t.text);
			case 'number':
				pos++;
				return Number(t.text);
			case 'keyword':
				pos++;
				if (t.text === 'true') return true;
				if (t.text === 'false') return false;
				if (t.text === 'null') return null;
				return fail(`invalid keyword '${t.text}'`);
			default:
				return fail('expecting value');
		}
	};
	const object = (): JsonValue => {
		pos++;
		const dict: Record<string, JsonValue> = {};
		if (peek()?.type === 'rcurly') {
			pos++;
			return dict;
		}
		for (;;) {
			const keyTok = peek();
			if (keyTok?.type !== 'string') return fail('key is not a string in object');
			pos++;
			if (peek()?.type !== 'colon') return fail('missing : in object pair');
			pos++;
			if (!peek()) return fail('premature EOI');
			Object.defineProperty(dict, unescape(keyTok.text), {value: value(), enumerable: true, writable: true, configurable: true});
			const sep = peek();
			pos++;
			if (sep?.type === 'rcurly') return dict;
			if (sep?.type !== 'comma') return fail(sep ? 'expected separator in dict' : 'premature EOI');
		}
	};
	const array = (): JsonValue => {
		pos++;
		const list: JsonValue[] = [];
		if (peek()?.type === 'rsquare') {
			pos++;
			return list;
		}
		for (;;) {
			list.push(value());
			const sep = peek();
			pos++;
			if (sep?.type === 'rsquare') return list;
			if (sep?.type !== 'comma') return fail(sep ? 'expected separator in list' : 'premature EOI');
		}
	};
	try {
		const v = value();
		if (pos < tokens.length) fail('expecting value');
		return {ok: true, value: v};
	} catch (error) {
		if (error instanceof ParseError) return {ok: false, error: error.message};
		throw error;
	}
}

/** qstring_from_escaped_str(): the escapes JSON has, plus \' (QEMU's single-quoted strings). */
function unescape(text: string): string {
	if (!text.includes('\\')) return text.slice(1, -1);
	let out = '';
	for (let i = 1; i < text.length - 1; i++) {
		const c = text[i];
		if (c !== '\\') {
			out += c;
			continue;
		}
		const e = text[++i];
		if (Object.hasOwn(UNESCAPE, e)) {
			out += UNESCAPE[e];
		} else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) {
			out += String.fromCharCode(parseInt(text.slice(i + 1, i + 5), 16));
			i += 4;
		} else {
			throw new ParseError(e === 'u' ? 'JSON parse error, invalid hex escape sequence in string' : 'JSON parse error, invalid escape sequence in string');
		}
	}
	return out;
}

/** quoted_str(): QEMU escapes quotes, backslash, the C escapes, and anything not printable ASCII. */
function quoted(s: string): string {
	let out = '"';
	for (const ch of s) {
		const cp = ch.codePointAt(0)!;
		if (Object.hasOwn(ESCAPE, ch)) out += ESCAPE[ch];
		else if (cp > 0xffff) out += `\\u${hex4(0xd800 + ((cp - 0x10000) >> 10))}\\u${hex4(0xdc00 + ((cp - 0x10000) & 0x3ff))}`;
		else if (cp < 0x20 || cp >= 0x7f) out += `\\u${hex4(cp)}`;
		else out += ch;
	}
	return `${out}"`;
}

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

/**
 * qobject_to_json_pretty(): dictionaries in QDict iteration order (they are QDicts in QEMU,
 * whatever order the command built them in).
 */
export function toQemuJson(value: unknown, pretty = false): string {
	const nl = (depth: number) => (pretty ? `\n${' '.repeat(depth * 4)}` : '');
	const write = (v: unknown, depth: number): string => {
		if (v === null || v === undefined) return 'null';
		if (typeof v === 'boolean') return v ? 'true' : 'false';
		if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatDouble(v);
		if (typeof v === 'bigint') return v.toString();
		if (typeof v === 'string') return quoted(v);
		if (Array.isArray(v)) {
			const items = v.map(item => `${nl(depth + 1)}${write(item, depth + 1)}`);
			return `[${items.join(pretty ? ',' : ', ')}${nl(depth)}]`;
		}
		const obj = v as Record<string, unknown>;
		const keys = qdictOrder(Object.keys(obj).filter(k => obj[k] !== undefined));
		const items = keys.map(k => `${nl(depth + 1)}${quoted(k)}: ${write(obj[k], depth + 1)}`);
		return `{${items.join(pretty ? ',' : ', ')}${nl(depth)}}`;
	};
	return write(value, 0);
}

/** "%.17g". */
function formatDouble(v: number): string {
	if (!Number.isFinite(v)) return v > 0 ? 'inf' : v < 0 ? '-inf' : 'nan';
	const exp = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(v)));
	if (exp < -4 || exp >= 17) {
		const [m, e] = v.toExponential(16).split('e');
		const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
		const n = Number(e);
		return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
	}
	const fixed = v.toPrecision(17);
	return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}
