import {isErrno, strerror} from '../../errno.js';
import {bytesOf, textOf} from '../../vfs/utf8.js';
import {bbShowUsage, getopt32} from '../getopt.js';
import type {Run, TtyRead} from '../interp.js';
import {PosixRegex, RE_SYNTAX_POSIX_BASIC} from '../posix-regex.js';
import type {InteractiveProgram, Proc} from '../proc.js';
import {FILE_PROGRAMS} from './fileutils.js';
import {terminalSize} from './termsize.js';

/**
 * miscutils/less.c of busybox 1.35 on the console: `less [-EFIMmNSR~] [FILE]...`. It reads the
 * file (or a piped stdin) into lines wrapped at the terminal's width, draws a screenful from the
 * top left (`ESC [0;0H`, each line after `ESC [K`), the status line on the last row (the file's
 * name highlighted on the first page, `:` further on, `(END)` at the end, one `~` past it) and
 * reads keys from the terminal in raw mode (the console's size is unknown, so it asks with
 * `ESC [6n` and, with no answer, stays at 80x24). Checked against the lab's guest typed at key
 * by key (s54/r46 probe3): Space/f/z/PgDn, b/w/PgUp, Enter/j/e/Down, k/y/Up, d/u, g/</p/%,
 * G/>, /RE and ?RE (basic regular expressions, matches highlighted), n/N, NUMBER then g/Enter/
 * Space/b/p/n, :n :p :x :d :e :q, E, m/' marks, brackets, -N/-S/-M/-m/-E/-~ toggles, = status,
 * s FILE saves the input, q. Ctrl-C is SIGINT (the terminal's ISIG stays on). Its stdout not a
 * tty, it is cat.
 */

const HIGHLIGHT = '\x1b[7m';
const NORMAL = '\x1b[m';
const CLEAR_2_EOL = '\x1b[K';
/** CONFIG_FEATURE_LESS_MAXLINES */
const MAXLINES = 9999999;
/** How many lines past the end are shown at most. */
const TILDES = 1;

/** One screen line of the input: a source line, or a piece of a long one (wrapped). */
interface FLine {
	/** Its bytes (a former NUL is '\n'). */
	text: string;
	/** The source line's number, from 0. */
	lineno: number;
	/** A '\n' ended it (else it wrapped, or the input ended). */
	terminated: boolean;
	/** Where in the input it starts. */
	start: number;
}

/** The special keys read_key() knows (escape sequences), by name. */
type Key = string;

/**
 * The input cut into lines as read_lines() does: tabs to the next multiple of 8, a backspace
 * takes back the character before it (not a tab), a line that would pass `w` columns goes on
 * in the next one, -R drops `ESC [ ... m`. A '\n' at the end leaves one more, empty line.
 */
function wrap(data: string, w: number, raw: boolean): FLine[] {
	const out: FLine[] = [];
	let lineno = 0;
	let i = 0;
	let inEscape = false;
	for (;;) {
		const start = i;
		let cur = '';
		let pos = 0;
		let terminated = false;
		let eof = false;
		for (;;) {
			if (i >= data.length) {
				eof = true;
				break;
			}
			let c = data[i]!;
			if (c === '\b' && pos && cur[cur.length - 1] !== '\t') {
				i++;
				pos--;
				cur = cur.slice(0, -1);
				continue;
			}
			if (raw) {
				if (c === '\x1b' || (inEscape && /[0-9[;m]/.test(c))) {
					inEscape = c !== 'm';
					i++;
					continue;
				}
				inEscape = false;
			}
			let next = pos + 1;
			if (c === '\t') next = (next + 7) & ~7;
			if (next > w) break;
			pos = next;
			i++;
			if (c === '\n') {
				terminated = true;
				break;
			}
			if (c === '\0') c = '\n';
			cur += c;
		}
		out.push({text: cur, lineno, terminated, start});
		if (terminated) lineno++;
		if (eof || out.length > MAXLINES) return out;
	}
}

/** Control characters print_ascii() shows highlighted (`^X` without the caret); TAB is not one. */
const CONTROLS = /[\x01-\x08\x0a-\x1f\x7f\x9b]+/g;

/** print_ascii(): the line, its control characters as highlighted letters (`\n`, a former NUL, as `@`), then '\n'. */
function asciiLine(s: string): string {
	return `${s.replace(CONTROLS, run => HIGHLIGHT + [...run].map(c => (c === '\x7f' ? '?' : c === '\x9b' ? '{' : c === '\n' ? '@' : String.fromCharCode(c.charCodeAt(0) + 0x40))).join('') + NORMAL)}\n`;
}

/**
 * read_key(): the key at the start of `buf` and its length; an escape sequence is one key, the
 * terminal's answer to `ESC [6n` (`ESC [ROW;COLR`) too: `CURSOR_POS` with the row and column.
 */
function readKey(buf: string): {key: Key; len: number; pos?: {row: number; col: number}} {
	if (buf[0] !== '\x1b' || buf.length < 3) return {key: buf[0]!, len: 1};
	const report = /^\x1b\[(\d+);(\d+)R/.exec(buf);
	if (report) return {key: 'CURSOR_POS', len: report[0].length, pos: {row: Number(report[1]) & 0x7fff, col: Number(report[2]) & 0x7fff}};
	const m = /^\x1b(?:\[([1-8])~|\[([ABCDHF])|O([ABCDHF]))/.exec(buf);
	if (!m) return {key: '\x1b', len: 1};
	const names: Record<string, Key> = {A: 'UP', B: 'DOWN', C: 'RIGHT', D: 'LEFT', H: 'HOME', F: 'END', 1: 'HOME', 2: 'INSERT', 3: 'DELETE', 4: 'END', 5: 'PAGEUP', 6: 'PAGEDOWN', 7: 'HOME', 8: 'END'};
	return {key: names[m[1] ?? m[2] ?? m[3]!]!, len: m[0].length};
}

/** less_exit(): what ends less (q, :q, -E/-F at the end, the keyboard's end of input). */
class LessExit {
	constructor(readonly status: number) {}
}

const less: InteractiveProgram = p => lessMain(p);

function* lessMain(p: Proc): Run {
	const o = getopt32(p, {opts: 'EMmN~IFSRs'});
	if (typeof o === 'number') return o;
	const flag = new Set([...'EMmN~IFSR'].filter(c => o.has(c)));
	// Tools pass LESS="FRSXMK"; what it does not know it ignores.
	for (const c of p.env.get('LESS') ?? '') if ('FMRS'.includes(c)) flag.add(c);
	// (cat of /dev/kmsg waits at its end: a Run)
	const args = o.args;
	function* cat(): Run {
		const r = FILE_PROGRAMS.cat!({...p, argv: ['less', '--', ...args]});
		return typeof r === 'number' ? r : yield* r;
	}
	// "Another popular pager, most, detects when stdout is not a tty and turns into cat."
	if (!p.stdoutIsTty) return yield* cat();
	let files = o.args;
	if (!files.length && p.stdinIsTty) return bbShowUsage(p, 'less');
	const size = terminalSize(p, true);
	if (size.width < 20 || size.height < 3) return yield* cat();
	let width = size.width;
	let maxDisplayed = size.height - 2;
	const marker = flag.has('~') ? '' : '~';
	let out = '';
	const clearLine = () => (out += `\x1b[${maxDisplayed + 2};0H${CLEAR_2_EOL}`);
	const statusline = (s: string) => {
		clearLine();
		out += `${HIGHLIGHT}${s.slice(0, width - 1)}${NORMAL}`;
	};

	// the keyboard: /dev/tty in raw mode, a key at a time (escape sequences whole)
	let typed = '';
	/** less_gets_pos: the column of line input on the status line, -1 when none (the status line is left alone). */
	let getsPos = -1;
	function* getchNowait(pos: number): Generator<TtyRead, Key, string | number | null | undefined> {
		getsPos = pos;
		try {
			for (;;) {
				// (the cursor goes where line input is being typed)
				if (pos >= 0) out += `\x1b[${maxDisplayed + 2};${pos + 1}H`;
				p.out(out);
				out = '';
				if (typed) break;
				// poll() on the input too when the page is at its end and the input is not: what
				// comes is read and shown before a key is waited for
				if (atEnd() && !eofSeen) {
					readLines();
					fillAndPrint();
					continue;
				}
				const r = p.tty ? yield {tty: 'read', name: 'less', raw: true, noEcho: true} : undefined;
				// end of the keyboard's input (none to read here): it ends
				if (typeof r !== 'string') throw new LessExit(0);
				// (the terminal does not map CR to NL for it: Enter is CR)
				typed += r.replace(/\n/g, '\r');
				break;
			}
		} finally {
			getsPos = -1;
		}
		const {key, len, pos: at} = readKey(typed);
		typed = typed.slice(len);
		cursorPos = at;
		return key;
	}
	/** The terminal's answer to the size question (the last CURSOR_POS key). */
	let cursorPos: {row: number; col: number} | undefined;
	/** less_getch(): the next key, control characters other than CR and backspace dropped. */
	function* getch(pos: number): Generator<TtyRead, Key, string | number | null | undefined> {
		for (;;) {
			const key = yield* getchNowait(pos);
			if (key.length > 1 || key >= ' ' || key === '\r' || key === '\b') return key;
		}
	}
	/** less_gets(): a line typed on the status line after `sz` columns, echoed; Enter ends it. */
	function* gets(sz: number): Generator<TtyRead, string, string | number | null | undefined> {
		let s = '';
		for (;;) {
			let c = yield* getchNowait(sz + s.length);
			if (c === '\r') return s;
			if (c === '\x7f') c = '\b';
			if (c === '\b' && s) {
				out += '\b \b';
				s = s.slice(0, -1);
			}
			if (c.length > 1 || c < ' ') continue;
			if (s.length >= width - sz - 1) continue;
			out += c;
			s += c;
		}
	}

	// the file being shown
	let filename = '';
	let currentFile = 1;
	let data = '';
	let all: FLine[] = [];
	let maxFline = -1;
	let curFline = 0;
	let eofSeen = false;
	/** Where reading stopped inside the line all[maxFline] (re_wrap() after -N: a piece read in part). */
	let clipAt: number | undefined;
	/** -M's count of lines: known (>= 0), to count by reading the file again, or not a regular file. */
	let numLines: number | 'count' | 'stdin' | 'not regular' = 'stdin';
	let pattern: PosixRegex | undefined;
	let matchLines: number[] = [];
	let matchPos = 0;
	let backwards = false;
	const marks: [string, number][] = [];
	let buffer: (FLine | null)[] = [];

	const textWidth = () => (flag.has('N') ? width - 8 : width);
	const linenoAt = (i: number) => all[i]!.lineno;
	const maxLineno = () => (maxFline < 0 ? 0 : all[maxFline]!.lineno + (all[maxFline]!.terminated ? 1 : 0));
	const atEnd = () =>
		flag.has('S') ? !(curFline <= maxFline && maxLineno() > linenoAt(curFline) + maxDisplayed) : !(maxFline > curFline + maxDisplayed);
	const fillMatchLines = (from: number) => {
		if (!pattern) return;
		for (let i = from; i <= maxFline; i++) {
			if (pattern.test(all[i]!.text) && matchLines[matchLines.length - 1] !== i) matchLines.push(i);
		}
	};
	/** read_lines(): reads on until the screen (or the wanted match) is there, or to the end. */
	const readLines = (wantedMatch = -1) => {
		if (eofSeen) return;
		if (clipAt !== undefined) {
			// (the line read in part is read to its end first)
			clipAt = undefined;
			if (maxFline >= all.length - 1) {
				eofSeen = true;
				numLines = maxLineno();
				return;
			}
			if (!atEnd() && wantedMatch < 0) return;
		}
		const from = maxFline + 1;
		do {
			p.tick();
			maxFline++;
			if (maxFline >= all.length - 1) {
				maxFline = all.length - 1;
				eofSeen = true;
				numLines = maxLineno();
				break;
			}
		} while (atEnd() || (wantedMatch >= 0 && (fillMatchLines(from), matchLines.length <= wantedMatch)));
		fillMatchLines(from);
	};
	const safeLineno = (fline: number) => {
		if (fline >= maxFline) fline = maxFline - 1;
		return fline < 0 ? 0 : all[fline]!.lineno + 1;
	};
	/** update_num_lines(): a regular file (or stdin redirected from one) counted by reading it again, its '\n's. */
	const updateNumLines = () => {
		if (numLines !== 'count' && (numLines !== 'stdin' || !p.stdinSplice)) {
			if (numLines === 'stdin') numLines = 'not regular';
			return;
		}
		let count = 0;
		for (let i = data.indexOf('\n'); i >= 0 && count < MAXLINES; i = data.indexOf('\n', i + 1)) count++;
		numLines = count;
	};
	const mStatus = () => {
		// (not while line input is being typed there)
		if (getsPos >= 0) return;
		clearLine();
		out += HIGHLIGHT + filename;
		if (files.length > 1) out += ` (file ${currentFile} of ${files.length})`;
		const first = safeLineno(curFline);
		const last = flag.has('S') ? Math.min(first + maxDisplayed, maxLineno()) : safeLineno(curFline + maxDisplayed);
		out += ` lines ${first}-${last}`;
		updateNumLines();
		if (typeof numLines === 'number') out += `/${numLines}`;
		if (atEnd()) {
			out += ' (END)';
			if (files.length > 1 && currentFile !== files.length) out += ` - next: ${files[currentFile]}`;
		} else if (typeof numLines === 'number' && numLines > 0) {
			const percent = Math.floor((100 * last + Math.floor(numLines / 2)) / numLines);
			out += ` ${Math.min(100, percent)}%`;
		}
		out += NORMAL;
	};
	const status = () => {
		if (getsPos >= 0) return;
		if (flag.has('M') || flag.has('m')) return mStatus();
		clearLine();
		if (curFline && !atEnd()) {
			out += ':';
			return;
		}
		const what = curFline ? '(END)' : filename;
		out += files.length > 1 ? `${HIGHLIGHT}${what} (file ${currentFile} of ${files.length})${NORMAL}` : HIGHLIGHT + what + NORMAL;
	};
	/** print_found(): the matches highlighted, control characters as dots. */
	const foundLine = (line: string) => {
		const shown = line.replace(CONTROLS, run => '.'.repeat(run.length));
		let grow = '';
		let at = 0;
		for (;;) {
			const m = pattern!.exec(line.slice(at), 0, at > 0);
			// (an empty match is no match)
			if (!m || m.start >= m.end) break;
			grow += shown.slice(at, at + m.start) + HIGHLIGHT + shown.slice(at + m.start, at + m.end) + NORMAL;
			at += m.end;
		}
		return `${grow}${shown.slice(at)}\n`;
	};
	const bufferPrint = () => {
		out += '\x1b[0;0H';
		for (const line of buffer) {
			out += CLEAR_2_EOL;
			if (flag.has('N')) out += line ? `${String((line.lineno + 1) % 10000000).padStart(7, line.lineno + 1 > 9999999 ? '0' : ' ')} ` : ' '.repeat(8);
			const text = line && clipAt !== undefined && line === all[maxFline] ? line.text.slice(0, clipAt - line.start) : line?.text;
			out += textOf(text !== undefined ? (pattern ? foundLine(text) : asciiLine(text)) : asciiLine(marker));
		}
		if ((flag.has('E') || flag.has('F')) && eofSeen) {
			const from = flag.has('F') ? 0 : curFline;
			if (maxFline - from <= maxDisplayed) throw new LessExit(0);
		}
		status();
	};
	const fillAndPrint = () => {
		buffer = [];
		let fpos = curFline;
		if (flag.has('S')) while (fpos && all[fpos]!.lineno === all[fpos - 1]!.lineno) fpos--;
		while (buffer.length <= maxDisplayed && fpos <= maxFline) {
			const lineno = all[fpos]!.lineno;
			buffer.push(all[fpos]!);
			do fpos++;
			while (fpos <= maxFline && flag.has('S') && all[fpos]!.lineno === lineno);
		}
		while (buffer.length <= maxDisplayed) buffer.push(null);
		bufferPrint();
	};
	const gotoLineno = (target: number) => {
		if (target <= 0) curFline = 0;
		else if (target > linenoAt(curFline)) {
			for (;;) {
				while (linenoAt(curFline) !== target && curFline < maxFline) ++curFline;
				if (linenoAt(curFline) === target || eofSeen) break;
				readLines();
			}
		} else while (linenoAt(curFline) !== target && curFline > 0) --curFline;
	};
	const capCurFline = () => {
		if (flag.has('S')) {
			if (curFline > maxFline) curFline = maxFline;
			if (linenoAt(curFline) + maxDisplayed > maxLineno() + TILDES) {
				gotoLineno(maxLineno() - maxDisplayed + TILDES);
				readLines();
			}
		} else {
			if (curFline + maxDisplayed > maxFline + TILDES) curFline = maxFline - maxDisplayed + TILDES;
			if (curFline < 0) curFline = 0;
		}
	};
	const down = (n: number) => {
		if (flag.has('S')) gotoLineno(linenoAt(curFline) + n);
		else curFline += n;
		readLines();
		capCurFline();
		fillAndPrint();
	};
	const up = (n: number) => {
		if (flag.has('S')) gotoLineno(linenoAt(curFline) - n);
		else curFline = Math.max(0, curFline - n);
		readLines();
		fillAndPrint();
	};
	const toLine = (n: number, isLineno: boolean) => {
		if (n <= 0) curFline = 0;
		else if (isLineno) gotoLineno(n);
		else curFline = n;
		readLines();
		capCurFline();
		fillAndPrint();
	};
	/** reinitialize(): open the file (a failure ends less: xopen()), read a screenful, show it. */
	const reinitialize = () => {
		const name = files[currentFile - 1];
		if (name === undefined) {
			filename = 'standard input';
			data = bytesOf(p.stdin());
			numLines = 'stdin';
		} else {
			filename = name;
			const f = p.vfs.open(p.abs(name), {read: true});
			if (isErrno(f)) {
				p.out(out);
				out = '';
				p.err(`less: can't open '${name}': ${strerror[f]}\n`);
				throw new LessExit(1);
			}
			const d = f.read();
			f.close();
			data = isErrno(d) ? '' : bytesOf(d);
			numLines = 'count';
		}
		p.tick(Math.ceil(data.length / 4096));
		all = wrap(data, textWidth(), flag.has('R'));
		maxFline = -1;
		curFline = 0;
		eofSeen = false;
		matchLines = [];
		readLines();
		// (the console's window is 0x0: it asks the terminal, which here does not answer)
		if (size.err) out += '\x1b[999;999H\x1b[6n';
		fillAndPrint();
	};
	const changeFile = (direction: number) => {
		if (currentFile !== (direction > 0 ? files.length : 1)) {
			currentFile = direction ? currentFile + direction : 1;
			reinitialize();
		} else statusline(direction > 0 ? 'No next file' : 'No previous file');
	};
	function* examine(): Generator<TtyRead, void, string | number | null | undefined> {
		statusline('Examine: ');
		const name = yield* gets('Examine: '.length);
		if (!name) return status();
		const st = p.vfs.stat(p.abs(name));
		if (isErrno(st)) return statusline('Cannot read this file');
		files = [name];
		currentFile = 1;
		reinitialize();
	}
	const gotoMatch = (match: number) => {
		if (!pattern) return;
		if (match < 0) match = 0;
		if (match >= matchLines.length && !eofSeen) readLines(match);
		if (matchLines.length) {
			matchPos = Math.max(0, Math.min(match, matchLines.length - 1));
			toLine(matchLines[matchPos]!, false);
		} else statusline('No matches found');
	};
	function* regexProcess(): Generator<TtyRead, void, string | number | null | undefined> {
		matchLines = [];
		matchPos = 0;
		pattern = undefined;
		clearLine();
		out += backwards ? '?' : '/';
		const re = yield* gets(1);
		if (!re) return bufferPrint();
		const compiled = PosixRegex.compile(re, RE_SYNTAX_POSIX_BASIC, flag.has('I'));
		if (typeof compiled === 'string') return statusline(compiled);
		pattern = compiled;
		fillMatchLines(0);
		while (matchPos < matchLines.length && matchLines[matchPos]! <= curFline) matchPos++;
		if (backwards) matchPos--;
		gotoMatch(matchPos);
	}
	function* numberProcess(first: string): Generator<TtyRead, void, string | number | null | undefined> {
		clearLine();
		out += `:${first}`;
		let digits = first;
		let key: Key;
		for (;;) {
			key = yield* getch(digits.length + 1);
			if (key.length > 1 || !/[0-9]/.test(key) || digits.length >= 15) break;
			digits += key;
			out += key;
		}
		const num = Number(digits);
		if (!(num >= 1 && num <= MAXLINES)) return bufferPrint();
		switch (key) {
			case 'DOWN': case 'z': case 'd': case 'e': case ' ': case '\r':
				return down(num);
			case 'UP': case 'b': case 'w': case 'y': case 'u':
				return up(num);
			case 'g': case '<': case 'G': case '>':
				return toLine(num - 1, true);
			case 'p': case '%': {
				updateNumLines();
				const total = typeof numLines === 'number' && numLines > 0 ? numLines : maxLineno();
				return toLine(Math.floor((num * total) / 100), true);
			}
			case 'n':
				return gotoMatch(matchPos + num);
			case '/':
			case '?':
				backwards = key === '?';
				return yield* regexProcess();
		}
	}
	/**
	 * re_wrap(): the lines read so far cut again at the width (the last one read in part stays so
	 * until read on), the same line on top; the search pattern is dropped.
	 */
	const reWrap = () => {
		const top = linenoAt(curFline);
		const last = all[maxFline]!;
		const readTo = clipAt ?? (maxFline + 1 < all.length ? all[maxFline + 1]!.start : data.length);
		all = wrap(data, textWidth(), flag.has('R'));
		if (!eofSeen) {
			maxFline = Math.max(0, all.findIndex(l => l.start + l.text.length + (l.terminated ? 1 : 0) >= readTo && l.lineno >= last.lineno));
			const piece = all[maxFline]!;
			clipAt = piece.start + piece.text.length + (piece.terminated ? 1 : 0) > readTo ? readTo : undefined;
		} else maxFline = all.length - 1;
		curFline = Math.max(0, all.findIndex(l => l.lineno === top));
		pattern = undefined;
	};
	function* flagChange(): Generator<TtyRead, void, string | number | null | undefined> {
		clearLine();
		out += '-';
		const key = yield* getch(1);
		if (key.length !== 1 || !'MmE~SN'.includes(key)) return;
		if (flag.has(key)) flag.delete(key);
		else flag.add(key);
		if (key === 'S') fillAndPrint();
		if (key === 'N') {
			reWrap();
			fillAndPrint();
		}
	}
	const saveInput = function* (): Generator<TtyRead, void, string | number | null | undefined> {
		statusline('Log file: ');
		const name = yield* gets('Log file: '.length);
		let msg = '';
		if (name) {
			const f = p.vfs.open(p.abs(name), {write: true, create: true, truncate: true});
			if (isErrno(f)) msg = 'Error opening log file';
			else {
				f.write(textOf(all.slice(0, maxFline + 1).map(l => `${l.text}\n`).join('')));
				f.close();
				msg = 'Done';
			}
		}
		statusline(msg);
	};
	const bracket = (key: string) => {
		const opposite: Record<string, string> = {'{': '}', '(': ')', '[': ']', '}': '{', ')': '(', ']': '['};
		if ('{(['.includes(key)) {
			let i = curFline;
			if (i >= maxFline || !all[i]!.text.includes(key)) return statusline('No bracket in top line');
			for (; i < maxFline; i++) if (all[i]!.text.includes(opposite[key]!)) return toLine(i - maxDisplayed, false);
		} else {
			let i = curFline + maxDisplayed;
			if (i >= maxFline || !all[i]!.text.includes(key)) return statusline('No bracket in bottom line');
			for (; i >= 0; i--) if (all[i]!.text.includes(opposite[key]!)) return toLine(i, false);
		}
		statusline('No matching bracket found');
	};

	try {
		reinitialize();
		for (;;) {
			const key = yield* getch(-1);
			switch (key) {
				case 'CURSOR_POS':
					// the terminal told its size (got_size): at least 20 columns and 3 rows
					width = Math.max(20, cursorPos!.col);
					maxDisplayed = Math.max(3, cursorPos!.row) - 2;
					reWrap();
					fillAndPrint();
					break;
				case 'DOWN': case 'e': case 'j': case '\r':
					down(1);
					break;
				case 'UP': case 'y': case 'k':
					up(1);
					break;
				case 'PAGEDOWN': case ' ': case 'z': case 'f':
					down(maxDisplayed + 1);
					break;
				case 'PAGEUP': case 'w': case 'b':
					up(maxDisplayed + 1);
					break;
				case 'd':
					down(Math.floor((maxDisplayed + 1) / 2));
					break;
				case 'u':
					up(Math.floor((maxDisplayed + 1) / 2));
					break;
				case 'HOME': case 'g': case 'p': case '<': case '%':
					toLine(0, false);
					break;
				case 'END': case 'G': case '>':
					curFline = MAXLINES;
					readLines();
					toLine(curFline, false);
					break;
				case 'q': case 'Q':
					throw new LessExit(0);
				case 'm': {
					statusline('Mark: ');
					const letter = yield* getch('Mark: '.length);
					if (/^[A-Za-z]$/.test(letter)) {
						if (marks.length === 14) marks.length = 0;
						marks.push([letter, curFline]);
					} else statusline('Invalid mark letter');
					bufferPrint();
					break;
				}
				case "'": {
					statusline('Go to mark: ');
					const letter = yield* getch('Go to mark: '.length);
					clearLine();
					if (/^[A-Za-z]$/.test(letter)) {
						const mark = marks.find(m => m[0] === letter);
						if (mark) toLine(mark[1], false);
					} else statusline('Invalid mark letter');
					bufferPrint();
					break;
				}
				case 'r': case 'R':
					bufferPrint();
					break;
				case 's':
					yield* saveInput();
					break;
				case 'E':
					yield* examine();
					break;
				case '=':
					mStatus();
					break;
				case '/': case '?':
					backwards = key === '?';
					yield* regexProcess();
					break;
				case 'n':
					gotoMatch(matchPos + 1);
					break;
				case 'N':
					gotoMatch(matchPos - 1);
					break;
				case '-':
					yield* flagChange();
					bufferPrint();
					break;
				case '{': case '(': case '[': case '}': case ')': case ']':
					bracket(key);
					break;
				case ':': {
					statusline(' :');
					const c = yield* getch(2);
					if (c === 'd' && files.length >= 2) {
						const at = currentFile;
						changeFile(at !== 1 ? -1 : 1);
						files = files.filter((_, i) => i !== at - 1);
						if (at === 1) currentFile--;
					} else if (c === 'e') yield* examine();
					else if (c === 'f') mStatus();
					else if (c === 'n') changeFile(1);
					else if (c === 'p') changeFile(-1);
					else if (c === 'q') throw new LessExit(0);
					else if (c === 'x') changeFile(0);
					break;
				}
				default:
					if (/^[0-9]$/.test(key)) yield* numberProcess(key);
			}
		}
	} catch (e) {
		if (!(e instanceof LessExit)) throw e;
		// less_exit(): the terminal back to how it was, the status line cleared
		if (e.status === 0) clearLine();
		p.out(out);
		// (keys typed past q are the shell's)
		if (typed) p.tty?.feed(typed.replace(/\r/g, '\n'));
		return e.status;
	}
}

export const LESS_PROGRAMS: Record<string, InteractiveProgram> = {less};
