import {isErrno, strerror, type Errno} from '../../errno.js';
import {hasVfsExt} from '../../vfs/ext.js';
import type {OpenFile} from '../../vfs/types.js';
import {argvOnly, bbShowUsage, getopt32} from '../getopt.js';
import {NeedConsoleInput, type ConsoleReader, type Proc, type Program} from '../proc.js';
import {PosixRegex, RE_SYNTAX_POSIX_BASIC, RE_SYNTAX_POSIX_EXTENDED} from '../posix-regex.js';
import {openPath, StdioOut, statPath} from './stdio.js';

/**
 * busybox 1.35 `editors/sed.c`. Its regular expressions are glibc's (../posix-regex.ts).
 */

// ---------------------------------------------------------------------------------------------
// sed


const SEMICOLON_WHITESPACE = '; \n\r\t\v';
const CMD_LETTERS = 'saicrw:btTydDgGhHlnNpPqx={}';
/** Largest pattern or hold space: past it a real guest's xrealloc() fails first. */
const MAX_SPACE = 1 << 24;

const isSpace = (c: string | undefined): boolean => c !== undefined && ' \t\n\v\f\r'.includes(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** bb_error_msg_and_die: the message and the exit status. */
class Die {
	constructor(readonly msg: string, readonly status = 1) {}
}

/** The end of a line: '\n' or '\0' as read, or none (last line of a file without one). */
type GetsChar = '\n' | '\0' | 'noeol' | 'lastnul';

interface SedCmd {
	cmd: string;
	begMatch?: PosixRegex;
	endMatch?: PosixRegex;
	subMatch?: PosixRegex;
	begLine: number;
	begLineOrig: number;
	endLine: number;
	endLineOrig: number;
	swFile?: WFile;
	/** a/i/c text, s replacement, r/w file name, b/t/T/: label, y pairs. */
	string?: string;
	whichMatch: number;
	invert: boolean;
	inMatch: boolean;
	subP: boolean;
}

/** A file written by `w` or the `w` flag of `s` (an fopen'ed FILE, flushed at exit). */
interface WFile {
	file: OpenFile;
	data: string;
	lastChar: string;
}

/** An output stream with the last character put, for puts_maybe_newline(). */
interface Sink {
	write(s: string): void;
}

/** strcpy, replacing "\from" with `to`; with `to` empty, replacing "\any" with "any". */
function parseEscapes(s: string, from: string, to: string): string {
	let d = '';
	let i = 0;
	while (i < s.length) {
		if (s[i] === '\\') {
			if (!to || s[i + 1] === from) {
				const ch = to || s[i + 1];
				if (ch === undefined) return d;
				d += ch;
				i += 2;
				continue;
			}
			i++;
			d += '\\';
		}
		if (i >= s.length) return d;
		d += s[i++];
	}
	return d;
}

/** sed's \n, and GNU's \t and \r. */
function copyParsingEscapes(s: string): string {
	return parseEscapes(parseEscapes(parseEscapes(s, 'n', '\n'), 't', '\t'), 'r', '\r');
}

/** The deterministic stand-in for mkstemp()'s six random characters. */
function tempSuffix(path: string, attempt: number): string {
	const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	let h = 2166136261 ^ attempt;
	for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 16777619);
	let out = '';
	for (let i = 0; i < 6; i++) {
		h = Math.imul(h ^ (h >>> 15), 2246822507) ^ Math.imul(h ^ (h >>> 13), 3266489909);
		out += letters[(h >>> 0) % letters.length];
	}
	return out;
}

class Sed {
	beQuiet = 0;
	extended = false;
	exitcode = 0;
	private cmds: SedCmd[] = [];
	private addCmdLine: string | null = null;
	private previousRegex?: PosixRegex;
	private holdSpace: string | null = null;
	private appendQueue: string[] = [];
	private wfiles: WFile[] = [];
	/** Input: the operand list and the file being read (G.current_fp). */
	inputFiles: string[] = [];
	currentInput = 0;
	lastInput = 0;
	/** (`console`: the terminal, read a line at a time as typed.) */
	private current: {data: string; pos: number; console?: ConsoleReader} | null = null;
	private stdinUsed = false;
	/** Where output goes: stdout, or the temporary file of -i. */
	nonstdout: Sink;
	private ops = 0;
	private outCount = 0;

	constructor(private readonly p: Proc, readonly stdout: StdioOut) {
		this.nonstdout = {write: s => stdout.write(s)};
	}

	private regcomp(pattern: string, icase = false): PosixRegex {
		const re = PosixRegex.compile(pattern, this.extended ? RE_SYNTAX_POSIX_EXTENDED : RE_SYNTAX_POSIX_BASIC, icase);
		if (typeof re === 'string') throw new Die(`bad regex '${pattern}': ${re}`);
		return re;
	}

	readStdin(): string {
		if (this.stdinUsed) return '';
		this.stdinUsed = true;
		return this.p.stdin();
	}

	/** xfopen_stdin() for -f: the file's content, or dies with fopen_or_warn's message. */
	readScriptFile(name: string): string {
		if (name === '-') return this.readStdin();
		const f = openPath(this.p, name, {read: true});
		if (isErrno(f)) throw new Die(`${name}: ${strerror[f]}`);
		const data = f.read();
		f.close();
		return isErrno(data) ? '' : data;
	}

	// --- parsing -----------------------------------------------------------------------------

	/** The index just past the next unescaped `delim` in `s` from `from` (brackets skipped unless `noBracket`). */
	private indexOfDelim(delim: string, s: string, from: number, noBracket = false): number {
		let bracket = noBracket ? -2 : -1;
		let escaped = false;
		for (let idx = 0; from + idx < s.length; idx++) {
			const ch = s[from + idx];
			if (bracket >= 0) {
				if (ch === ']' && !(bracket === idx - 1 || (bracket === idx - 2 && s[from + idx - 1] === '^'))) bracket = -1;
			} else if (escaped) {
				escaped = false;
			} else if (ch === '\\') {
				escaped = true;
			} else if (bracket === -1 && ch === '[') {
				bracket = idx;
			} else if (ch === delim) {
				return idx;
			}
		}
		throw new Die(`unmatched '${delim}'`);
	}

	/** parse_regex_delim: match and replacement of s/y, and the index of the third delimiter. */
	private parseRegexDelim(s: string, at: number): {match: string; replace: string; end: number} {
		if (at >= s.length) throw new Die('bad format in substitution expression');
		const delim = s[at];
		const i1 = this.indexOfDelim(delim, s, at + 1);
		const match = copyParsingEscapes(s.slice(at + 1, at + 1 + i1));
		const start2 = at + 1 + i1 + 1;
		const i2 = this.indexOfDelim(delim, s, start2, true);
		const replace = copyParsingEscapes(s.slice(start2, start2 + i2));
		return {match, replace, end: start2 + i2};
	}

	/** get_address: characters used, with the line number or regex found. */
	private getAddress(s: string, at: number): {len: number; line: number; regex?: PosixRegex} {
		const c = s[at];
		if (isDigit(c)) {
			const m = /^\d+/.exec(s.slice(at))!;
			return {len: m[0].length, line: Number(m[0]) | 0};
		}
		if (c === '$') return {len: 1, line: -1};
		if (c === '/' || c === '\\') {
			let pos = at;
			let delim = '/';
			if (c === '\\') delim = s[++pos] ?? '';
			pos++;
			const next = this.indexOfDelim(delim, s, pos);
			let regex: PosixRegex | undefined;
			if (next !== 0) {
				regex = this.regcomp(copyParsingEscapes(s.slice(pos, pos + next)));
				this.previousRegex = regex;
			} else {
				regex = this.previousRegex;
				if (!regex) throw new Die('no previous regexp');
			}
			return {len: pos + next + 1 - at, line: 0, regex};
		}
		return {len: 0, line: 0};
	}

	/** parse_file_cmd: the file name (to the end of the line) and where it ends. */
	private parseFileCmd(s: string, at: number): {name: string; end: number} {
		let start = at;
		while (isSpace(s[start])) start++;
		let eol = s.indexOf('\n', start);
		if (eol < 0) eol = s.length;
		if (eol === start) throw new Die('empty filename');
		const name = s[eol] === '\n' ? s.slice(start, eol) + '\\' : s.slice(start);
		return {name, end: eol};
	}

	/** xfopen_for_write for `w`: the file is created (truncated) while the script is read. */
	private openWFile(name: string): WFile {
		const f = openPath(this.p, name, {write: true, create: true, truncate: true});
		if (isErrno(f)) throw new Die(`can't open '${name}': ${strerror[f]}`);
		const w: WFile = {file: f, data: '', lastChar: '\n'};
		this.wfiles.push(w);
		return w;
	}

	private parseSubstCmd(cmd: SedCmd, s: string, at: number): number {
		const {match, replace, end} = this.parseRegexDelim(s, at);
		cmd.string = replace;
		cmd.whichMatch = 1;
		let icase = false;
		let idx = end;
		out: while (++idx < s.length) {
			const c = s[idx];
			if (isDigit(c)) {
				if (match[0] !== '^') {
					const m = /^\d+/.exec(s.slice(idx))!;
					cmd.whichMatch = Number(m[0]) >>> 0;
					idx += m[0].length - 1;
				}
				continue;
			}
			if (isSpace(c)) continue;
			switch (c) {
				case 'g':
					cmd.whichMatch = 0;
					break;
				case 'p':
					cmd.subP = true;
					break;
				case 'w': {
					const f = this.parseFileCmd(s, idx + 1);
					cmd.swFile = this.openWFile(f.name);
					idx = f.end - 1;
					break;
				}
				case 'i':
				case 'I':
					icase = true;
					break;
				case '#':
					idx = s.length;
					break out;
				case ';':
				case '}':
					break out;
				default:
					throw new Die('bad option in substitution expression');
			}
		}
		if (match !== '') cmd.subMatch = this.regcomp(match, icase);
		return Math.min(idx, s.length);
	}

	/** parse_cmd_args: the command's arguments from `at`; returns where the next command starts. */
	private parseCmdArgs(cmd: SedCmd, s: string, at: number): number {
		const idx = CMD_LETTERS.indexOf(cmd.cmd);
		const c = cmd.cmd;
		if (c === 's') return this.parseSubstCmd(cmd, s, at);
		if (c === 'a' || c === 'i' || c === 'c') {
			if (c !== 'c' && (cmd.endLine || cmd.endMatch)) throw new Die(`command '${c}' uses only one address`);
			for (;;) {
				if (s[at] === '\n' || s[at] === '\\') {
					at++;
					break;
				}
				if (!isSpace(s[at])) break;
				at++;
			}
			cmd.string = parseEscapes(copyParsingEscapes(s.slice(at)), '', '');
			return s.length;
		}
		if (c === 'r' || c === 'w') {
			if (c === 'r' && (cmd.endLine || cmd.endMatch)) throw new Die(`command '${c}' uses only one address`);
			const f = this.parseFileCmd(s, at);
			cmd.string = f.name;
			if (c === 'w') cmd.swFile = this.openWFile(f.name);
			return f.end;
		}
		if (c === ':' || c === 'b' || c === 't' || c === 'T') {
			while (isSpace(s[at])) at++;
			let end = at;
			while (end < s.length && !SEMICOLON_WHITESPACE.includes(s[end])) end++;
			if (end > at) cmd.string = s.slice(at, end);
			return end;
		}
		if (c === 'y') {
			const delim = s[at];
			const r = this.parseRegexDelim(s, at);
			const match = parseEscapes(r.match, delim, delim);
			const replace = parseEscapes(r.replace, delim, delim);
			let pairs = '';
			for (let i = 0; i < match.length && i < replace.length; i++) pairs += match[i] + replace[i];
			cmd.string = pairs;
			return r.end + 1;
		}
		if (idx < 0) throw new Die(`unsupported command ${c}`);
		return at;
	}

	/** add_cmd: one line of script (lines ending in an odd number of backslashes continue). */
	addCmd(line: string): void {
		const nul = line.indexOf('\0');
		let s = nul >= 0 ? line.slice(0, nul) : line;
		if (this.addCmdLine !== null) {
			s = `${this.addCmdLine}\n${s}`;
			this.addCmdLine = s;
		}
		let n = s.length;
		while (n && s[n - 1] === '\\') n--;
		if ((s.length - n) & 1) {
			this.addCmdLine = s.slice(0, -1);
			return;
		}
		let i = 0;
		while (i < s.length) {
			while (i < s.length && SEMICOLON_WHITESPACE.includes(s[i])) i++;
			if (i >= s.length) break;
			if (s[i] === '#') {
				if (s[i + 1] === 'n') this.beQuiet++;
				const nl = s.slice(i).search(/[\n\r]/);
				if (nl < 0) break;
				i += nl;
				continue;
			}
			const cmd: SedCmd = {
				cmd: '', begLine: 0, begLineOrig: 0, endLine: 0, endLineOrig: 0, whichMatch: 0, invert: false, inMatch: false, subP: false,
			};
			const a1 = this.getAddress(s, i);
			i += a1.len;
			cmd.begLine = cmd.begLineOrig = a1.line;
			cmd.begMatch = a1.regex;
			if (s[i] === ',') {
				i++;
				let ok: boolean;
				if (s[i] === '+' && isDigit(s[i + 1])) {
					const m = /^\d+/.exec(s.slice(i + 1))!;
					cmd.endLine = -2 - (Number(m[0]) | 0);
					i += 1 + m[0].length;
					ok = true;
				} else {
					const a2 = this.getAddress(s, i);
					i += a2.len;
					cmd.endLine = a2.line;
					cmd.endMatch = a2.regex;
					ok = a2.len > 0;
				}
				if (!ok) throw new Die('no address after comma');
				cmd.endLineOrig = cmd.endLine;
			}
			while (isSpace(s[i])) i++;
			if (s[i] === '!') {
				cmd.invert = true;
				i++;
				while (isSpace(s[i])) i++;
			}
			if (i >= s.length) throw new Die('missing command');
			cmd.cmd = s[i++];
			i = this.parseCmdArgs(cmd, s, i);
			this.cmds.push(cmd);
		}
		this.addCmdLine = null;
	}

	addCmdBlock(script: string): void {
		for (const line of script.split('\n')) this.addCmd(line);
	}

	/**
	 * Where the script, read, ends sed on its own: the first line a `q` acts on, by its number
	 * or by a test of its text. Undefined unless every line runs every command up to the `q`
	 * (no branch, `d`, `D`, `n`, `N`, `c`, `w`: those skip or read lines; a block only as
	 * `ADDR{...}` around unaddressed commands, whose `q` acts on ADDR's lines: `sed -n '/x/{p;q}'`)
	 * and a `q` fires before the end (`$q` does not); a `q` on a regular expression only before
	 * any command that changes the pattern space, so the text it tests is the line read.
	 */
	quitLine(): {line: number; matches: PosixRegex[]} | undefined {
		let line = Infinity;
		const matches: PosixRegex[] = [];
		let pristine = true;
		/** A `q` on `at`'s address (false where that cannot be followed). */
		const quitsAt = (at: SedCmd): boolean => {
			if (at.invert || at.endLine || at.endMatch) return false;
			if (at.begMatch) {
				if (!pristine) return false;
				matches.push(at.begMatch);
			} else if (at.begLine >= 0) {
				line = Math.min(line, Math.max(1, at.begLine));
			}
			return true;
		};
		const straight = (cmd: SedCmd) => !'{}bdDnNtTcw'.includes(cmd.cmd) && !cmd.swFile;
		for (let i = 0; i < this.cmds.length; i++) {
			const cmd = this.cmds[i]!;
			if (cmd.cmd === '{') {
				const end = this.cmds.findIndex((c, j) => j > i && c.cmd === '}');
				const inner = this.cmds.slice(i + 1, end);
				if (end < 0 || inner.some(c => !straight(c) || c.begLine || c.begMatch || c.endLine || c.endMatch || c.invert)) return undefined;
				if (inner.some(c => c.cmd === 'q') && !quitsAt(cmd)) return undefined;
				if (inner.some(c => 'sygGx'.includes(c.cmd))) pristine = false;
				i = end;
				continue;
			}
			if (!straight(cmd)) return undefined;
			if (cmd.cmd === 'q' && !quitsAt(cmd)) return undefined;
			if ('sygGx'.includes(cmd.cmd)) pristine = false;
		}
		return line < Infinity || matches.length ? {line, matches} : undefined;
	}

	// --- running -----------------------------------------------------------------------------

	private tick(): void {
		if (++this.ops >= 32) {
			this.ops = 0;
			this.p.tick();
		}
	}

	private checkSize(s: string): string {
		if (s.length > MAX_SPACE) throw new Die('out of memory');
		return s;
	}

	/** puts_maybe_newline() */
	private puts(s: string, sink: Sink, state: {lpc: string}, gc: GetsChar): void {
		let out = '';
		let lpc = state.lpc;
		if (lpc !== '\n' && lpc !== '\0') {
			out += '\n';
			lpc = '\n';
		}
		out += s;
		if (s) lpc = 'x';
		if (gc === 'lastnul') {
			out += '\0';
			lpc = 'x';
		} else if (gc !== 'noeol') {
			out += gc;
			lpc = gc;
		}
		this.written(out);
		sink.write(out);
		state.lpc = lpc;
	}

	/** A step per 256 characters written bounds runaway output (`sed ':a;p;ba'`). */
	private written(s: string): void {
		this.outCount += s.length;
		if (this.outCount >= 256) {
			this.p.tick(this.outCount >> 8);
			this.outCount &= 255;
		}
	}

	private flushAppend(state: {lpc: string}): void {
		for (const data of this.appendQueue) this.puts(data, this.nonstdout, state, '\n');
		this.appendQueue = [];
	}

	/** get_next_line(): the next line of the operands, the append queue flushed first. */
	private getNextLine(state: {lpc: string}): {line: string; gc: GetsChar} | null {
		this.flushAppend(state);
		for (; this.currentInput <= this.lastInput; this.currentInput++) {
			if (!this.current) {
				const path = this.inputFiles[this.currentInput];
				if (path === '\0stdin' && this.p.console && !this.stdinUsed) {
					this.stdinUsed = true;
					this.current = {data: '', pos: 0, console: this.p.console};
				} else if (path === '\0stdin') {
					this.current = {data: this.readStdin(), pos: 0};
				} else {
					const f = openPath(this.p, path, {read: true});
					if (isErrno(f)) {
						this.stdout.err(`sed: ${path}: ${strerror[f]}\n`);
						this.exitcode = 1;
						continue;
					}
					const data = f.read();
					f.close();
					// a read error (a directory, a failing sysfs show) reads as end of file
					this.current = {data: isErrno(data) ? '' : data, pos: 0};
				}
			}
			const cur = this.current;
			if (cur.console) {
				// getline() on the tty: the next line typed, waiting for it (sed reads a line
				// ahead to know `$`, so a line typed is acted on when the next one is, or at Ctrl-D)
				const typed = cur.console.peek();
				if (!typed.data && !typed.eof) throw new NeedConsoleInput();
				cur.data = typed.data.slice(0, typed.data.indexOf('\n') + 1 || undefined);
				cur.pos = 0;
				cur.console.take(cur.data.length);
			}
			if (cur.pos < cur.data.length) {
				const rest = cur.data.slice(cur.pos);
				const m = /[\n\0]/.exec(rest);
				if (!m) {
					cur.pos = cur.data.length;
					return {line: rest, gc: 'noeol'};
				}
				cur.pos += m.index + 1;
				let gc: GetsChar = m[0] === '\n' ? '\n' : '\0';
				if (gc === '\0' && cur.pos >= cur.data.length) gc = 'lastnul';
				return {line: rest.slice(0, m.index), gc};
			}
			this.current = null;
		}
		return null;
	}

	private begMatch(cmd: SedCmd, ps: string): boolean {
		const r = cmd.begMatch !== undefined && cmd.begMatch.test(ps);
		if (r) this.previousRegex = cmd.begMatch;
		return r;
	}

	private branchTo(label: string): number {
		const i = this.cmds.findIndex(c => c.cmd === ':' && c.string === label);
		if (i < 0) throw new Die(`can't find label for jump to '${label}'`);
		return i;
	}

	/** do_subst_command(): the new pattern space, or null when nothing was replaced. */
	private doSubst(cmd: SedCmd, ps: string): string | null {
		let re = cmd.subMatch;
		if (!re) {
			re = this.previousRegex;
			if (!re) throw new Die('no previous regexp');
		}
		this.previousRegex = re;
		let m = re.exec(ps, 0, false);
		if (!m) return null;
		let line = ps;
		let out = '';
		let matchCount = 0;
		let altered = false;
		let prevMatchEmpty = true;
		let triedAtEol = false;
		const repl = cmd.string ?? '';
		for (;;) {
			this.tick();
			const start = m.start;
			let end = m.end;
			matchCount++;
			let skip = false;
			if (cmd.whichMatch && cmd.whichMatch !== matchCount) {
				out += line.slice(0, end);
				line = line.slice(end);
				if (start === end && line) {
					out += line[0];
					line = line.slice(1);
				}
				skip = true;
			}
			if (!skip) {
				out += line.slice(0, start);
				if (prevMatchEmpty || start !== 0 || start !== end) {
					for (let i = 0; i < repl.length; i++) {
						const c = repl[i];
						if (c === '\\') {
							const d = repl[++i];
							if (isDigit(d)) {
								out += m.groups[Number(d)] ?? '';
								continue;
							}
							out += d ?? '';
							continue;
						}
						out += c === '&' ? m.groups[0] ?? '' : c;
					}
					altered = true;
				}
				prevMatchEmpty = start === end;
				if (prevMatchEmpty) {
					if (end >= line.length) triedAtEol = true;
					else out += line[end++];
				}
				line = line.slice(end);
				if (cmd.whichMatch !== 0) break;
			}
			if (line === '') {
				if (triedAtEol) break;
				triedAtEol = true;
			}
			this.checkSize(out);
			m = re.exec(line, 0, true);
			if (!m) break;
		}
		out += line;
		// without a replacement the text is unchanged and `t` sees no substitution
		return altered ? this.checkSize(out) : null;
	}

	/** process_files(): every line of the operands from currentInput to lastInput. */
	processFiles(): void {
		const state = {lpc: '\n'};
		const puts = (s: string, gc: GetsChar) => this.puts(s, this.nonstdout, state, gc);
		let linenum = 0;
		let next = this.getNextLine(state);
		for (;;) {
			let substituted = false;
			if (!next) return;
			let ps = next.line;
			let lastGets = next.gc;
			next = this.getNextLine(state);
			linenum++;
			this.tick();
			let ending: 'autoprint' | 'discard' = 'autoprint';
			restart: for (;;) {
				for (let ci = 0; ci < this.cmds.length; ci++) {
					this.tick();
					let cmd = this.cmds[ci];
					const oldMatched = cmd.inMatch;
					if (!oldMatched) cmd.endLine = cmd.endLineOrig;
					cmd.inMatch = cmd.inMatch
						|| (!cmd.begLine && !cmd.endLine && !cmd.begMatch && !cmd.endMatch)
						|| (cmd.begLine > 0 && (cmd.endLine || cmd.endMatch ? cmd.begLine <= linenum : cmd.begLine === linenum))
						|| this.begMatch(cmd, ps)
						|| (cmd.begLine === -1 && next === null);
					const matched = cmd.inMatch;
					if (matched) {
						if (cmd.endLine <= -2) cmd.endLine = linenum + (-cmd.endLine - 2);
						if (cmd.begLine > 0) cmd.begLine = -2;
						cmd.inMatch = !(
							(cmd.endLine ? (cmd.endLine === -1 ? next === null : cmd.endLine <= linenum) : !cmd.endMatch)
							|| (cmd.endMatch !== undefined && oldMatched && cmd.endMatch.test(ps))
						);
					}
					if (cmd.cmd === '{') {
						if (cmd.invert ? matched : !matched) {
							let nest = 0;
							for (;;) {
								if (cmd.cmd === '{') nest++;
								if (cmd.cmd === '}') {
									nest--;
									if (nest === 0) break;
								}
								ci++;
								if (ci >= this.cmds.length) throw new Die('unterminated {');
								cmd = this.cmds[ci];
							}
						}
						continue;
					}
					if (cmd.invert ? matched : !matched) continue;
					if (cmd.begMatch) this.previousRegex = cmd.begMatch;
					switch (cmd.cmd) {
						case '=':
							this.written(`${linenum}\n`);
							this.nonstdout.write(`${linenum}\n`);
							break;
						case 'P': {
							const nl = ps.indexOf('\n');
							puts(nl >= 0 ? ps.slice(0, nl) : ps, '\n');
							break;
						}
						case 'p':
							puts(ps, '\n');
							break;
						case 'D': {
							const nl = ps.indexOf('\n');
							if (nl >= 0) {
								ps = ps.slice(nl + 1);
								continue restart;
							}
							ending = 'discard';
							break restart;
						}
						case 'd':
							ending = 'discard';
							break restart;
						case 's': {
							const r = this.doSubst(cmd, ps);
							if (r === null) break;
							ps = r;
							substituted = true;
							if (cmd.subP) puts(ps, lastGets);
							if (cmd.swFile) this.puts(ps, this.wSink(cmd.swFile), this.wState(cmd.swFile), lastGets);
							break;
						}
						case 'a':
							this.appendQueue.push(cmd.string ?? '');
							break;
						case 'i':
							puts(cmd.string ?? '', '\n');
							break;
						case 'c':
							if (!cmd.inMatch) puts(cmd.string ?? '', '\n');
							ending = 'discard';
							break restart;
						case 'r': {
							const f = openPath(this.p, cmd.string ?? '', {read: true});
							if (!isErrno(f)) {
								const data = f.read();
								f.close();
								if (!isErrno(data) && data !== '') {
									const lines = data.split('\n');
									if (lines[lines.length - 1] === '') lines.pop();
									this.appendQueue.push(...lines);
								}
							}
							break;
						}
						case 'w':
							this.puts(ps, this.wSink(cmd.swFile!), this.wState(cmd.swFile!), lastGets);
							break;
						case 'n':
							if (!this.beQuiet) puts(ps, lastGets);
							if (next === null) {
								ending = 'discard';
								break restart;
							}
							ps = next.line;
							lastGets = next.gc;
							next = this.getNextLine(state);
							substituted = false;
							linenum++;
							break;
						case 'q':
							next = null;
							break restart;
						case 'N':
							if (next === null) break restart;
							ps = this.checkSize(`${ps}\n${next.line}`);
							lastGets = next.gc;
							next = this.getNextLine(state);
							linenum++;
							break;
						case 't':
							if (!substituted) break;
							substituted = false;
							if (cmd.string === undefined) break restart;
							ci = this.branchTo(cmd.string);
							break;
						case 'T':
							if (substituted) break;
							if (cmd.string === undefined) break restart;
							ci = this.branchTo(cmd.string);
							break;
						case 'b':
							if (cmd.string === undefined) break restart;
							ci = this.branchTo(cmd.string);
							break;
						case 'y': {
							const pairs = cmd.string ?? '';
							let out = '';
							for (const ch of ps) {
								let r = ch;
								for (let j = 0; j < pairs.length; j += 2) {
									if (pairs[j] === ch) {
										r = pairs[j + 1];
										break;
									}
								}
								out += r;
							}
							ps = out;
							break;
						}
						case 'g':
							ps = this.holdSpace ?? '';
							break;
						case 'G':
							ps = this.checkSize(`${ps}\n${this.holdSpace ?? ''}`);
							lastGets = '\n';
							break;
						case 'h':
							this.holdSpace = ps;
							break;
						case 'H':
							this.holdSpace = this.checkSize(`${this.holdSpace ?? ''}\n${ps}`);
							break;
						case 'x': {
							const tmp = ps;
							ps = this.holdSpace ?? '';
							lastGets = '\n';
							this.holdSpace = tmp;
							break;
						}
					}
				}
				break;
			}
			if (ending === 'autoprint' && !this.beQuiet) puts(ps, lastGets);
			this.flushAppend(state);
		}
	}

	private wSink(w: WFile): Sink {
		return {write: s => (w.data = this.checkSize(w.data + s))};
	}

	private wState(w: WFile): {lpc: string} {
		return {
			get lpc() {
				return w.lastChar;
			},
			set lpc(v: string) {
				w.lastChar = v;
			},
		};
	}

	/** The `w` files are flushed when sed exits (stdio), whatever the exit. */
	closeWFiles(): void {
		for (const w of this.wfiles) {
			if (w.data) w.file.write(w.data);
			w.file.close();
			w.data = '';
		}
		this.wfiles = [];
	}

	/** -i: fix the ranges that ran (beg_line disabled, ",+N" mangled) before the next file. */
	resetRanges(): void {
		for (const c of this.cmds) {
			c.begLine = c.begLineOrig;
			c.endLine = c.endLineOrig;
		}
	}
}

/** xmkstemp(TEMPLATE): the created file, or dies like libbb. */
function mkstemp(p: Proc, template: string): {name: string; file: OpenFile} {
	for (let attempt = 0; attempt < 100; attempt++) {
		const name = template.slice(0, -6) + tempSuffix(template, attempt);
		const path = p.abs(name);
		if (!isErrno(p.vfs.stat(path, false))) continue;
		const f = p.vfs.open(path, {write: true, create: true, truncate: true});
		if (isErrno(f)) throw new Die(`can't create temp file '${name}': ${strerror[f]}`);
		return {name, file: f};
	}
	throw new Die(`can't create temp file '${template}': ${strerror.EEXIST}`);
}

function rename(p: Proc, from: string, to: string): void {
	const e: Errno | undefined = hasVfsExt(p.vfs) ? p.vfs.rename(p.abs(from), p.abs(to)) : 'ENOSYS';
	if (e) throw new Die(`can't move '${from}' to '${to}': ${strerror[e]}`);
}

/**
 * When `sed ARGS` reading a pipe exits on its own (for the pipeline that feeds it,
 * PipeSink.reader): the number of lines it has read by then, counting the line it reads ahead
 * (process_files() reads the next line before it runs the script on one, to know `$`), so
 * `sed 3q` exits once a fourth line, or the end of input, is there. Undefined where sed reads
 * to the end (Sed.quitLine()), reads files or a script file, or edits in place.
 */
export function sedReadLimit(argv: readonly string[]): {counts(line: string, n: number): boolean} | undefined {
	if (argv[0] !== 'sed') return undefined;
	const o = sedOptions(argvOnly(argv));
	if (typeof o === 'number' || o.has('i') || o.has('f')) return undefined;
	// (only the script is read here: a `w` file it names is not opened, the parse fails there)
	const parseOnly = {abs: (path: string) => path, vfs: {open: (): Errno => 'EACCES'}} as unknown as Proc;
	const g = new Sed(parseOnly, undefined as unknown as StdioOut);
	// (as sed's main reads the options)
	for (const [name] of o.seq) {
		if (name === 'n') g.beQuiet++;
		else if (name === 'r' || name === 'E') g.extended = true;
	}
	const scripts = o.list('e');
	const operands = [...o.args];
	if (!scripts.length) {
		const first = operands.shift();
		if (first === undefined) return undefined;
		scripts.push(first);
	}
	if (operands.length) return undefined;
	let quit: ReturnType<Sed['quitLine']>;
	try {
		for (const s of scripts) g.addCmdBlock(s);
		g.addCmd('');
		quit = g.quitLine();
	} catch {
		// (a script sed refuses: it says so and reads nothing)
		return undefined;
	}
	if (!quit) return undefined;
	const {line, matches} = quit;
	let at: number | undefined;
	return {
		counts: (text, n) => {
			if (at === undefined && (n === line || matches.some(re => re.test(text)))) at = n;
			return at !== undefined && n > at;
		},
	};
}

/** sed's getopt32long(): the options sed_main() reads. */
function sedOptions(p: Proc): ReturnType<typeof getopt32> {
	return getopt32(p, {
		opts: 'i::rEne:*f:*',
		longs: {'in-place': 'i', 'regexp-extended': 'r', quiet: 'n', silent: 'n', expression: 'e', file: 'f'},
	});
}

export const sed: Program = p => {
	if (p.argv[1] === '--version') {
		p.out('This is not GNU sed version 4.0\n');
		return 0;
	}
	const o = sedOptions(p);
	if (typeof o === 'number') return o;
	const out = new StdioOut(p);
	const g = new Sed(p, out);
	let inPlace = false;
	let suffix = '';
	const scripts: string[] = [];
	const files: string[] = [];
	for (const [name, value] of o.seq) {
		const arg = value ?? '';
		if (name === 'i') {
			inPlace = true;
			suffix = arg;
		} else if (name === 'r' || name === 'E') {
			g.extended = true;
		} else if (name === 'n') {
			g.beQuiet++;
		} else if (name === 'e') {
			scripts.push(arg);
		} else if (name === 'f') {
			files.push(arg);
		}
	}
	const args = o.args;
	let outname: string | null = null;
	try {
		try {
			for (const s of scripts) g.addCmdBlock(s);
			for (const f of files) {
				const data = g.readScriptFile(f);
				const lines = data.split('\n');
				if (lines[lines.length - 1] === '') lines.pop();
				for (const line of lines) g.addCmd(line);
			}
			if (scripts.length === 0 && files.length === 0) {
				if (args.length === 0) return bbShowUsage(p, 'sed');
				g.addCmdBlock(args.shift()!);
			}
			g.addCmd('');
			g.inputFiles = args;
			if (args.length === 0) {
				if (inPlace) throw new Die('-i requires an argument');
				g.inputFiles = ['\0stdin'];
			} else {
				for (let k = 0; k < args.length; k++) {
					if (k > 0) g.lastInput++;
					if (!inPlace) {
						if (args[k] === '-') {
							args[k] = '\0stdin';
							g.processFiles();
						}
						continue;
					}
					const file = args[k];
					const st = statPath(p, file);
					if (isErrno(st)) {
						out.err(`sed: ${file}: ${strerror[st]}\n`);
						g.exitcode = 1;
						g.currentInput++;
						continue;
					}
					const tmp = mkstemp(p, `${file}XXXXXX`);
					outname = tmp.name;
					if (hasVfsExt(p.vfs)) p.vfs.chmod(p.abs(tmp.name), st.mode);
					let data = '';
					g.nonstdout = {
						write: s => {
							data += s;
							if (data.length > MAX_SPACE) throw new Die('write error', 4);
						},
					};
					try {
						g.processFiles();
					} finally {
						if (data) tmp.file.write(data);
						tmp.file.close();
						g.nonstdout = {write: s => out.write(s)};
					}
					if (suffix) rename(p, file, file + suffix);
					rename(p, tmp.name, file);
					outname = null;
					g.resetRanges();
				}
			}
			g.processFiles();
			return g.exitcode;
		} catch (e) {
			if (!(e instanceof Die)) throw e;
			if (outname !== null) p.vfs.unlink(p.abs(outname));
			out.err(`sed: ${e.msg}\n`);
			return e.status;
		}
	} finally {
		g.closeWFiles();
		out.flush();
	}
};
