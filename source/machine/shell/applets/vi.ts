import {isErrno, strerror, type Errno} from '../../errno.js';
import {bytesOf, textOf} from '../../vfs/utf8.js';
import {BB_VER} from '../bb-version.js';
import {bbShowUsage, getopt32} from '../getopt.js';
import {StepLimit, type Run, type TtyRead} from '../interp.js';
import {PosixRegex, RE_SYNTAX_POSIX_BASIC} from '../posix-regex.js';
import {Interrupted, type InteractiveProgram, type Proc} from '../proc.js';
import {terminalSize} from './termsize.js';

/**
 * editors/vi.c of busybox 1.35 as Debian's busybox-static builds it (every FEATURE_VI_* on:
 * colon commands with `%`/`#` expansion, yank/put and marks, regex search and `:s`, `.`, `-R`,
 * `:set` options, undo with its queue, verbose status; MAX_LEN 1024, 8-bit characters shown).
 * A port, function for function: the text is one buffer with `dot` in it, the screen is redrawn
 * by refresh() comparing each formatted line with what the terminal shows (only what changed is
 * written, at `ESC [ROW;COLH`), the status line is the last row, keys come through libbb's
 * read_key() (an escape sequence is one key only when its bytes come together, as over a serial
 * line), and the terminal is asked its size with `ESC [999;999H ESC [6n` (the console's window
 * is 0x0). The screen is the terminal's alternate one (`ESC [?1049h` ... `ESC [?1049l`).
 * Ctrl-C is SIGINT, which vi catches: the screen goes back to the top of the text (its
 * siglongjmp to `restart`). `:!CMD` runs CMD with the guest's `sh -c`. Checked against the
 * lab's guest typed at key by key (test/fixtures/lab/vi-keys*-512M.probe, 287 steps).
 */

const ESC = '\x1b';
const ESC_BOLD_TEXT = `${ESC}[7m`;
const ESC_NORM_TEXT = `${ESC}[m`;
const ESC_BELL = '\x07';
const ESC_CLEAR2EOL = `${ESC}[K`;
const ESC_CLEAR2EOS = `${ESC}[J`;
const ESC_SET_CURSOR_TOPLEFT = `${ESC}[H`;

const MAX_TABSTOP = 32;
const MAX_INPUT_LEN = 128;
/** CONFIG_FEATURE_VI_MAX_LEN */
const MAX_SCR = 1024;
const STATUS_BUFFER_LEN = 200;
const UNDO_QUEUE_MAX = 256;
const KEYCODE_BUFFER_SIZE = 16;

const KEYCODE_UP = -2;
const KEYCODE_DOWN = -3;
const KEYCODE_RIGHT = -4;
const KEYCODE_LEFT = -5;
const KEYCODE_HOME = -6;
const KEYCODE_END = -7;
const KEYCODE_INSERT = -8;
const KEYCODE_DELETE = -9;
const KEYCODE_PAGEUP = -10;
const KEYCODE_PAGEDOWN = -11;
const KEYCODE_BACKSPACE = -12;
const KEYCODE_D = -13;
const KEYCODE_CURSOR_POS = -0x100;

/** read_key()'s table of escape sequences (after ESC), shortest first, and their key codes. */
const ESC_SEQS: [string, number][] = [
	['\x7f', KEYCODE_BACKSPACE & ~0x20], ['\b', KEYCODE_BACKSPACE & ~0x20], ['d', KEYCODE_D & ~0x20],
	['f', KEYCODE_RIGHT & ~0x20], ['b', KEYCODE_LEFT & ~0x20],
	['OA', KEYCODE_UP], ['OB', KEYCODE_DOWN], ['OC', KEYCODE_RIGHT], ['OD', KEYCODE_LEFT], ['OH', KEYCODE_HOME], ['OF', KEYCODE_END],
	['[A', KEYCODE_UP], ['[B', KEYCODE_DOWN], ['[C', KEYCODE_RIGHT], ['[D', KEYCODE_LEFT], ['[H', KEYCODE_HOME], ['[F', KEYCODE_END],
	['[1~', KEYCODE_HOME], ['[2~', KEYCODE_INSERT], ['[3~', KEYCODE_DELETE], ['[4~', KEYCODE_END], ['[5~', KEYCODE_PAGEUP],
	['[6~', KEYCODE_PAGEDOWN], ['[7~', KEYCODE_HOME], ['[8~', KEYCODE_END],
	['[1;5C', KEYCODE_RIGHT & ~0x40], ['[1;5D', KEYCODE_LEFT & ~0x40], ['[1;3C', KEYCODE_RIGHT & ~0x20], ['[1;3D', KEYCODE_LEFT & ~0x20],
];

const YANKONLY = false;
const YANKDEL = true;
const FORWARD = 1;
const BACK = -1;
const LIMITED = 0;
const FULL = 1;
const PARTIAL = 0;
const WHOLE = 1;
const MULTI = 2;
const S_BEFORE_WS = 1;
const S_TO_WS = 2;
const S_OVER_WS = 3;
const S_END_PUNCT = 4;
const S_END_ALNUM = 5;
const C_END = -1;

const VI_AUTOINDENT = 1 << 0;
const VI_EXPANDTAB = 1 << 1;
const VI_ERR_METHOD = 1 << 2;
const VI_IGNORECASE = 1 << 3;
const VI_SHOWMATCH = 1 << 4;
const VI_TABSTOP = 1 << 5;
/** OPTS_STR: each option's short and long name, in VI_* bit order. */
const OPTS = [['ai', 'autoindent'], ['et', 'expandtab'], ['fl', 'flash'], ['ic', 'ignorecase'], ['sm', 'showmatch'], ['ts', 'tabstop']];

const UNDO_INS = 0;
const UNDO_DEL = 1;
const UNDO_INS_CHAIN = 2;
const UNDO_DEL_CHAIN = 3;
const UNDO_INS_QUEUED = 4;
const UNDO_DEL_QUEUED = 5;
const UNDO_USE_SPOS = 32;
const UNDO_EMPTY = 64;
const NO_UNDO = 0;
const ALLOW_UNDO = 1;
const ALLOW_UNDO_CHAIN = 2;
const ALLOW_UNDO_QUEUED = 3;

/** modifying_cmds[]: commands whose keys the `.` command replays. */
const MODIFYING_CMDS = 'aAcCdDiIJoOpPrRsxX<>~';

/** The text busybox's vi prints for -H (show_help()). */
const HELP = 'These features are available:\n\tPattern searches with / and ?\n\tLast command repeat with .\n\tLine marking with \'x\n\tNamed buffers with "x\n\tSome colon mode commands with :\n\tSettable options with ":set"\n\tSignal catching- ^C\n\tJob suspend and resume with ^Z\n\tAdapt to window re-sizes\n';

/** ctype in the C locale (bytes past 0x7f are none of these). */
const isspace = (c: number) => c === 32 || (c >= 9 && c <= 13);
const isblank = (c: number) => c === 32 || c === 9;
const isdigit = (c: number) => c >= 48 && c <= 57;
const isalpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isalnum = (c: number) => isdigit(c) || isalpha(c);
const ispunct = (c: number) => c > 32 && c < 127 && !isalnum(c);
const islower = (c: number) => c >= 97 && c <= 122;
/** Isprint() with FEATURE_VI_8BIT and no locale support (0x9b is Meta-ESC). */
const isprint8 = (c: number) => c >= 32 && c !== 0x7f && c !== 0x9b;

interface UndoObject {
	start: number;
	length: number;
	type: number;
	text: string;
}

/** vi dies (read_key() met the end of its input: bb_simple_error_msg_and_die()). */
class ViDie {
	constructor(readonly status: number) {}
}

/**
 * The console cannot be waited for here (a command substitution or a background job runs to its
 * end at once): where the real vi would edit on the terminal, memhp says so instead of leaving
 * the terminal on the alternate screen.
 */
class CannotWait {}

type Gen<T> = Generator<TtyRead, T, string | number | null | undefined>;

const vi: InteractiveProgram = p => viMain(p);

function* viMain(p: Proc): Run {
	const o = getopt32(p, {opts: 'c:*HhR'});
	if (typeof o === 'number') return o;
	if (o.has('H')) p.out(HELP);
	if (o.has('H') || o.has('h')) return bbShowUsage(p, 'vi');

	// ---- the globals ----
	let text = '';
	let dot = 0;
	let screenbegin = 0;
	const end = () => text.length;
	/** *p: the byte at p (0 past the end, as the zeroed buffer there reads). */
	const at = (i: number) => (i >= 0 && i < text.length ? text.charCodeAt(i) : 0);
	let viSetops = 0;
	const autoindent = () => viSetops & VI_AUTOINDENT;
	const expandtab = () => viSetops & VI_EXPANDTAB;
	const errMethod = () => viSetops & VI_ERR_METHOD;
	const ignorecase = () => viSetops & VI_IGNORECASE;
	const showmatch = () => viSetops & VI_SHOWMATCH;
	let readonlyMode = 0;
	let editing = 0;
	let cmdMode = 0;
	let modifiedCount = 0;
	let lastModifiedCount = -1;
	let cmdlineFilecnt = 0;
	let cmdcnt = 0;
	let rows = 24;
	let columns = 80;
	let getRowcolError = false;
	let crow = 0;
	let ccol = 0;
	let offset = 0;
	let haveStatusMsg = 0;
	let lastStatusCksum = 0;
	let currentFilename: string | undefined;
	let altFilename: string | undefined;
	let screen: string[] = [];
	let tabstop = 8;
	let lastSearchChar = 0;
	let lastSearchCmd = 0;
	let undoQueueState = UNDO_EMPTY;
	let adding2q = false;
	let lmcLen = 0;
	let ioq: string | undefined;
	let dotcnt = 0;
	let lastSearchPattern = '';
	let indentcol = 0;
	let cmdError = false;
	let curLine = -1;
	let oldOffset = 0;
	let tot = 0;
	let ydReg = 26;
	const UREG = 27;
	const reg: (string | undefined)[] = new Array(28).fill(undefined);
	const regtype: number[] = new Array(28).fill(0);
	let mark: (number | undefined)[] = new Array(28).fill(undefined);
	let cindex = 0;
	/** How many times text_yank() ran (a register became a new copy). */
	let yankCount = 0;
	let keepIndex = false;
	let statusBuffer = '';
	let lastModifyingCmd = '';
	let undoStack: UndoObject[] = [];
	let undoQueueSpos = 0;
	let undoQ = 0;
	let undoQueue = '';
	let optind = 0;
	const files = o.args;
	const initialCmds: string[] = o.list('c');

	// ---- the terminal ----
	let out = '';
	const write1 = (s: string) => (out += s);
	const flush = () => {
		if (out) p.out(textOf(out));
		out = '';
	};
	/** Bytes typed and not read yet (read_key()'s buffer and the tty's queue). */
	let typed = '';
	let eof = false;
	/** Waits for keys (raw, no echo); false at the end of input. */
	function* waitInput(timeoutMs?: number): Gen<boolean> {
		flush();
		if (eof) return false;
		if (!p.stdinIsTty) {
			// keys come from standard input: a pipe's bytes, all there at once, then its end
			eof = true;
			typed += bytesOf(p.stdin());
			return typed.length > 0;
		}
		// (the console as stdin, but no /dev/tty to wait on: a background job)
		if (!p.tty) throw new CannotWait();
		const wait: TtyRead = {tty: 'read', name: 'vi', raw: true, noEcho: true, signalKeys: 'tstp'};
		if (timeoutMs !== undefined) {
			wait.timeout = timeoutMs / 1000;
			wait.expires = true;
		}
		const r = yield wait;
		// (in raw mode the console has no end of file, Ctrl-D is a key: no answer means memhp cannot wait here)
		if (typeof r !== 'string') throw new CannotWait();
		if (r === '' && timeoutMs !== undefined) return false;
		// (raw mode without ICRNL: Enter is CR)
		typed += bytesOf(r).replace(/\n/g, '\r');
		return true;
	}
	/** The size the terminal answered with, from the last KEYCODE_CURSOR_POS. */
	let cursorPos = {row: 0, col: 0};
	/** read_key(): one key; an escape sequence that came whole is one key code; -1 at the end of input or on timeout. */
	function* readKey(timeoutMs?: number): Gen<number> {
		for (;;) {
			if (!typed && !(yield* waitInput(timeoutMs))) return -1;
			const c = typed.charCodeAt(0);
			typed = typed.slice(1);
			if (c === 26 && p.stdinIsTty) {
				// Ctrl-Z is the terminal's SIGTSTP: tstp_handler() clears the bottom line and stops
				// vi (the lab's shell: `[1]+  Stopped (signal)`) until `fg`, which redraws it all.
				// memhp does not stop processes: vi goes on at once and says why.
				yield* tstpHandler();
				continue;
			}
			if (c !== 27) return c;
			// (what came with the ESC: a serial line's escape sequence arrives in one go)
			for (const [seq, code] of ESC_SEQS) {
				if (typed.length < seq.length && typed === seq.slice(0, typed.length)) break;
				if (typed.startsWith(seq)) {
					typed = typed.slice(seq.length);
					return code;
				}
			}
			let n = 0;
			while (n < Math.min(typed.length, KEYCODE_BUFFER_SIZE - 1)) {
				n++;
				const m = n >= 5 ? /^\[(\d+);(\d+)R$/.exec(typed.slice(0, n)) : null;
				if (m) {
					const row = Number(m[1]);
					const col = Number(m[2]);
					if (row >= 1 && col >= 1 && (row | col) <= 0x7fff) {
						typed = typed.slice(n);
						cursorPos = {row, col};
						return KEYCODE_CURSOR_POS;
					}
				}
			}
			// Alt-x is ESC x: ESC now, x the next key; anything longer unknown is dropped
			if (n <= 1) return 27;
			typed = typed.slice(n);
		}
	}
	/** tstp_handler() with the stop left out (memhp does not stop processes; see readKey()). */
	function* tstpHandler(): Gen<void> {
		// (before vi has its screen, waiting for the terminal's size, there is nothing to redraw)
		if (!screen.length) return;
		goBottomAndClearToEol();
		statusLineBold('memhp: stopping vi (Ctrl-Z, SIGTSTP) is not simulated');
		lastStatusCksum = 0;
		yield* redraw(true);
	}
	/** readit(): a key; the end of input ends vi ("can't read user input"). */
	function* readit(): Gen<number> {
		const c = yield* readKey();
		if (c === -1) {
			goBottomAndClearToEol();
			flush();
			p.err("vi: can't read user input\n");
			throw new ViDie(1);
		}
		return c;
	}
	function* getOneChar(): Gen<number> {
		if (!adding2q) {
			if (ioq !== undefined) {
				if (ioq.length) {
					// (a key replayed by `.` counts as work, ten steps: a queue that re-queues itself, as
					// `p` with an empty register leaves recording on so that `p.r ` replays `.` for ever,
					// hangs vi.c; memhp's step limit ends it. A `.` replays at most MAX_INPUT_LEN keys.)
					p.tick(10);
					const c = ioq.charCodeAt(0);
					ioq = ioq.slice(1);
					return c;
				}
				ioq = undefined;
			}
			return yield* readit();
		}
		const c = yield* readit();
		if (lmcLen >= MAX_INPUT_LEN - 2) {
			adding2q = false;
			lmcLen = 0;
		} else {
			lastModifyingCmd = lastModifyingCmd.slice(0, lmcLen) + String.fromCharCode(c & 0xff);
			lmcLen++;
		}
		return c;
	}
	/** mysleep(0): is input waiting? (A pipe at its end polls readable too.) */
	const inputPending = () => typed.length > 0 || (eof && !p.stdinIsTty);
	/** mysleep(h): h hundredths of a second, cut short by input. */
	const mysleep = (h: number) => {
		flush();
		if (!inputPending()) p.sleep(h / 100);
	};

	const queryScreenDimensions = () => {
		// (of STDIN_FILENO: a pipe has no window, nor does the serial console until stty sets one)
		const size = terminalSize(p, p.stdinIsTty);
		rows = Math.min(size.height, MAX_SCR);
		columns = Math.min(size.width, MAX_SCR);
		return size.err;
	};
	const placeCursor = (row: number, col: number) => {
		if (row < 0) row = 0;
		if (row >= rows) row = rows - 1;
		if (col < 0) col = 0;
		if (col >= columns) col = columns - 1;
		write1(`${ESC}[${row + 1};${col + 1}H`);
	};
	const clearToEol = () => write1(ESC_CLEAR2EOL);
	const goBottomAndClearToEol = () => {
		placeCursor(rows - 1, 0);
		clearToEol();
	};
	const standoutStart = () => write1(ESC_BOLD_TEXT);
	const standoutEnd = () => write1(ESC_NORM_TEXT);

	// ---- text movement ----
	const beginLine = (q: number) => {
		if (q > 0) {
			const nl = text.lastIndexOf('\n', q - 1);
			return nl < 0 ? 0 : nl + 1;
		}
		return q;
	};
	const endLine = (q: number) => {
		if (q < end() - 1) {
			const nl = text.indexOf('\n', q);
			return nl < 0 || nl >= end() - 1 ? end() - 1 : nl;
		}
		return q;
	};
	const dollarLine = (q: number) => {
		q = endLine(q);
		if (at(q) === 10 && q - beginLine(q) > 0) q--;
		return q;
	};
	const prevLine = (q: number) => {
		q = beginLine(q);
		if (q > 0 && at(q - 1) === 10) q--;
		return beginLine(q);
	};
	const nextLine = (q: number) => {
		q = endLine(q);
		if (q < end() - 1 && at(q) === 10) q++;
		return q;
	};
	const endScreen = () => {
		let q = screenbegin;
		for (let cnt = 0; cnt < rows - 2; cnt++) q = nextLine(q);
		return endLine(q);
	};
	const countLines = (start: number, stop: number) => {
		if (stop < start) [start, stop] = [stop, start];
		let cnt = 0;
		stop = endLine(stop);
		while (start <= stop && start <= end() - 1) {
			start = endLine(start);
			if (at(start) === 10) cnt++;
			start++;
		}
		return cnt;
	};
	const findLine = (li: number) => {
		let q = 0;
		for (; li > 1; li--) q = nextLine(q);
		return q;
	};
	const nextTabstop = (col: number) => col + (tabstop - 1 - (col % tabstop));
	const prevTabstop = (col: number) => col - (col % tabstop || tabstop);
	const nextColumn = (c: number, co: number) => {
		if (c === 9) co = nextTabstop(co);
		else if (c < 32 || c === 0x7f) co++;
		return co + 1;
	};
	const getColumn = (q: number) => {
		let co = 0;
		for (let r = beginLine(q); r < q; r++) co = nextColumn(at(r), co);
		return co;
	};

	// ---- the screen ----
	const screenErase = () => {
		screen = screen.map(() => ' '.repeat(columns));
	};
	const newScreen = (ro: number, co: number) => {
		screen = [];
		for (let i = 0; i < ro; i++) screen.push(i >= 1 && i <= ro - 2 ? `~${' '.repeat(co - 1)}` : ' '.repeat(co));
	};
	/** sync_cursor(): the screen's row and column of `d`, scrolling the screen (screenbegin, offset) to show it. */
	const syncCursor = (d: number): [number, number] => {
		const begCur = beginLine(d);
		let cnt: number;
		const sc1 = () => {
			screenbegin = begCur;
			if (cnt > Math.trunc((rows - 1) / 2)) {
				for (cnt = 0; cnt < Math.trunc((rows - 1) / 2); cnt++) screenbegin = prevLine(screenbegin);
			}
		};
		if (begCur < screenbegin) {
			cnt = countLines(begCur, screenbegin);
			sc1();
		} else {
			let endScr = endScreen();
			if (begCur > endScr) {
				cnt = countLines(endScr, begCur);
				if (cnt > Math.trunc((rows - 1) / 2)) sc1();
				else {
					for (let ro = 0; ro < cnt - 1; ro++) {
						screenbegin = nextLine(screenbegin);
						endScr = endLine(nextLine(endScr));
					}
				}
			}
		}
		let tp = screenbegin;
		let ro = 0;
		for (; ro < rows - 1; ro++) {
			if (tp === begCur) break;
			tp = nextLine(tp);
		}
		let co = 0;
		for (;;) {
			if (at(tp) === 10) break;
			co = nextColumn(at(tp), co) - 1;
			// inserting text before a tab, don't include its position
			if (cmdMode && tp === d - 1 && at(d) === 9) {
				co++;
				break;
			}
			if (!(tp++ < d)) break;
			if (!++co) break;
		}
		if (co < offset) offset = co;
		if (co >= columns + offset) offset = co - columns + 1;
		if (d === begCur && at(d) === 9) offset = 0;
		co -= offset;
		return [ro, co];
	};
	/** format_line(): a text line as the screen shows it, `columns` wide, past `offset`. */
	const formatLine = (src: number) => {
		let ofs = offset;
		let dest = '';
		let c = '~';
		while (dest.length < columns + tabstop) {
			if (src < end()) {
				let code = at(src++);
				if (code === 10) break;
				if (code & 0x80 && !isprint8(code)) code = 46;
				if (code < 32 || code === 0x7f) {
					if (code === 9) {
						code = 32;
						while (dest.length % tabstop !== tabstop - 1) dest += ' ';
					} else {
						dest += '^';
						code = code === 0x7f ? 63 : code + 64;
					}
				}
				c = String.fromCharCode(code);
			}
			dest += c;
			if (ofs >= tabstop && dest.length >= tabstop) {
				dest = dest.slice(tabstop);
				ofs -= tabstop;
			}
			if (src >= end()) break;
		}
		if (dest.length < ofs) ofs = dest.length;
		dest = dest.slice(ofs);
		return dest.length < columns ? dest.padEnd(columns) : dest.slice(0, columns);
	};
	/** refresh(): the lines that changed since the terminal last showed them, then the cursor. */
	const refresh = (fullScreen: boolean) => {
		[crow, ccol] = syncCursor(dot);
		let tp = screenbegin;
		for (let li = 0; li < rows - 1; li++) {
			const outBuf = formatLine(tp);
			if (tp < end()) {
				const t = text.indexOf('\n', tp);
				tp = (t < 0 ? end() - 1 : t) + 1;
			}
			let changed = false;
			let cs = 0;
			let ce = columns - 1;
			const sp = screen[li]!;
			// (a changed horizontal offset redraws the line, but only from its first to its last difference)
			if (!fullScreen) {
				for (; cs <= ce; cs++) {
					if (outBuf[cs] !== sp[cs]) {
						changed = true;
						break;
					}
				}
				for (; ce >= cs; ce--) {
					if (outBuf[ce] !== sp[ce]) {
						changed = true;
						break;
					}
				}
			}
			if (fullScreen || offset !== oldOffset) changed = true;
			if (cs < 0) cs = 0;
			if (ce > columns - 1) ce = columns - 1;
			if (cs > ce) {
				cs = 0;
				ce = columns - 1;
			}
			if (changed) {
				screen[li] = sp.slice(0, cs) + outBuf.slice(cs, ce + 1) + sp.slice(ce + 1);
				placeCursor(li, cs);
				write1(outBuf.slice(cs, ce + 1));
			}
		}
		placeCursor(crow, ccol);
		if (!keepIndex) cindex = ccol + offset;
		oldOffset = offset;
	};
	const redraw = (fullScreen: boolean) => {
		write1(ESC_SET_CURSOR_TOPLEFT + ESC_CLEAR2EOS);
		screenErase();
		lastStatusCksum = 0;
		refresh(fullScreen);
		return showStatusLine();
	};
	function* flash(h: number): Gen<void> {
		standoutStart();
		yield* redraw(true);
		mysleep(h);
		standoutEnd();
		yield* redraw(true);
	}
	function* indicateError(): Gen<void> {
		cmdError = true;
		if (!errMethod()) write1(ESC_BELL);
		else yield* flash(10);
	}

	// ---- the status line ----
	function* getMotionChar(): Gen<number> {
		let c = yield* getOneChar();
		if (isdigit(c)) {
			if (c !== 48) {
				let cnt = 0;
				for (; isdigit(c); c = yield* getOneChar()) cnt = (Math.imul(cnt, 10) + (c - 48)) | 0;
				cmdcnt = Math.imul(cmdcnt || 1, cnt);
			} else cmdcnt = 0;
		}
		return c;
	}
	/** get_input_line(): a line typed on the status line after `prompt` (Enter or ESC ends it; erasing the prompt gives ""). */
	function* getInputLine(prompt: string): Gen<string> {
		let buf = prompt;
		lastStatusCksum = 0;
		goBottomAndClearToEol();
		write1(buf);
		while (buf.length < MAX_INPUT_LEN - 1) {
			const c = yield* getOneChar();
			if (c === 10 || c === 13 || c === 27) break;
			if (c === 8 || c === 127) {
				write1('\b \b');
				buf = buf.slice(0, -1);
				if (buf.length <= 0) break;
			} else if (c > 0 && c < 256) {
				buf += String.fromCharCode(c);
				write1(String.fromCharCode(c));
			}
		}
		refresh(false);
		return buf;
	}
	function* hitReturn(): Gen<void> {
		standoutStart();
		write1('[Hit return to continue]');
		standoutEnd();
		for (;;) {
			const c = yield* getOneChar();
			if (c === 10 || c === 13) break;
		}
		yield* redraw(true);
	}
	const formatEditStatus = () => {
		let cur = countLines(0, dot);
		if (modifiedCount !== lastModifiedCount) {
			tot = cur + countLines(dot, end() - 1) - 1;
			lastModifiedCount = modifiedCount;
		}
		let percent: number;
		if (tot > 0) percent = Math.trunc((100 * cur) / tot);
		else {
			cur = tot = 0;
			percent = 100;
		}
		const truncAt = columns < STATUS_BUFFER_LEN - 1 ? columns : STATUS_BUFFER_LEN - 1;
		const s = `${'-IR-'[cmdMode & 3]} ${currentFilename ?? 'No file'}${readonlyMode ? ' [Readonly]' : ''}${modifiedCount ? ' [Modified]' : ''} ${cur}/${tot} ${percent}%`;
		statusBuffer = s.slice(0, truncAt);
		return statusBuffer.length;
	};
	const bufsum = (s: string) => {
		let sum = 0;
		for (let i = 0; i < s.length; i++) sum += s.charCodeAt(i) & 0xff;
		return sum;
	};
	function* showStatusLine(): Gen<void> {
		let cnt = 0;
		let cksum = 0;
		if (!haveStatusMsg) {
			cnt = formatEditStatus();
			cksum = bufsum(statusBuffer);
		}
		if (haveStatusMsg || (cnt > 0 && lastStatusCksum !== cksum)) {
			lastStatusCksum = cksum;
			goBottomAndClearToEol();
			write1(statusBuffer);
			if (haveStatusMsg) {
				if (statusBuffer.length - (haveStatusMsg - 1) > columns - 1) {
					haveStatusMsg = 0;
					yield* hitReturn();
				}
				haveStatusMsg = 0;
			}
			placeCursor(crow, ccol);
		}
	}
	const statusLine = (s: string) => {
		statusBuffer = s.slice(0, STATUS_BUFFER_LEN - 1);
		haveStatusMsg = 1;
	};
	const statusLineBold = (s: string) => {
		// (vsnprintf() into what is left of the buffer: 200 less both sequences with their NULs)
		statusBuffer = ESC_BOLD_TEXT + s.slice(0, STATUS_BUFFER_LEN - (ESC_BOLD_TEXT.length + 1) - (ESC_NORM_TEXT.length + 1) - 1) + ESC_NORM_TEXT;
		haveStatusMsg = 1 + ESC_BOLD_TEXT.length + ESC_NORM_TEXT.length;
	};
	const statusLineBoldErrno = (fn: string, errno: Errno) => statusLineBold(`'${fn}' ${strerror[errno]}`);
	const printLiteral = (s: string) => {
		if (!s) s = '(NULL)';
		let d = '';
		for (let i = 0; i < s.length; i++) {
			let c = s.charCodeAt(i);
			if (c & 0x80 && !isprint8(c)) c = 63;
			if (c < 32 || c === 0x7f) {
				d += '^';
				c |= 64;
				if (c === 0x7f) c = 63;
			}
			d += String.fromCharCode(c);
			if (d.length > MAX_INPUT_LEN - 10) break;
		}
		return d;
	};
	const notImplemented = (s: string) => statusLineBold(`'${printLiteral(s)}' is not implemented`);

	// ---- registers, marks, undo ----
	const textYank = (q: number, r: number, dest: number, buftype: number) => {
		let cnt = r - q;
		if (cnt < 0) {
			q = r;
			cnt = -cnt;
		}
		// (xstrndup(p, cnt + 1): the character at the end of the range is in too)
		const s = text.slice(q, q + cnt + 1);
		reg[dest] = s.includes('\0') ? s.slice(0, s.indexOf('\0')) : s;
		regtype[dest] = buftype;
		yankCount++;
		return q;
	};
	const whatReg = () => (ydReg <= 25 ? String.fromCharCode(97 + ydReg) : ydReg === 27 ? 'U' : 'D');
	const checkContext = (cmd: number) => {
		if (':%{}\'GHLMz/?Nn'.includes(String.fromCharCode(cmd)) && cmd > 0) {
			mark[27] = mark[26];
			mark[26] = dot;
		}
	};
	const swapContext = (q: number) => {
		const m27 = mark[27];
		if (m27 !== undefined && m27 >= 0 && m27 <= end() - 1) {
			mark[27] = q;
			mark[26] = q = m27;
		}
		return q;
	};
	const yankStatus = (op: string, s: string, cnt: number) => {
		let lines = 0;
		for (const c of s) if (c === '\n') lines++;
		statusLine(`${op} ${lines * cnt} lines (${s.length * cnt} chars) from [${whatReg()}]`);
	};
	/** text_hole_make(): `size` spaces at q. */
	const textHoleMake = (q: number, size: number) => {
		if (size <= 0) return;
		text = text.slice(0, q) + ' '.repeat(size) + text.slice(q);
	};
	const setText = (q: number, s: string) => {
		text = text.slice(0, q) + s + text.slice(q + s.length);
	};
	/** text_hole_delete(): q through r (inclusive) out of the text; where the text after them now is. */
	const textHoleDelete = (q: number, r: number, undo: number) => {
		let src = r + 1;
		let dest = q;
		if (r < q) {
			src = q + 1;
			dest = r;
		}
		const holeSize = r - q + 1;
		switch (undo) {
			case ALLOW_UNDO: undoPush(q, holeSize, UNDO_DEL); break;
			case ALLOW_UNDO_CHAIN: undoPush(q, holeSize, UNDO_DEL_CHAIN); break;
			case ALLOW_UNDO_QUEUED: undoPush(q, holeSize, UNDO_DEL_QUEUED); break;
		}
		modifiedCount--;
		if (src < 0 || src > end()) return dest;
		if (dest < 0 || dest >= end()) return dest;
		modifiedCount++;
		text = text.slice(0, dest) + text.slice(Math.min(src, end()));
		if (dest >= end()) dest = end() - 1;
		if (end() <= 0) {
			text = '';
			dest = 0;
		}
		return dest;
	};
	const undoQueueCommit = () => {
		if (undoQ > 0) {
			undoPush(0, undoQ, undoQueueState | UNDO_USE_SPOS, undoQueue);
			undoQueueState = UNDO_EMPTY;
			undoQ = 0;
			undoQueue = '';
		}
	};
	const flushUndoData = () => {
		undoStack = [];
	};
	/**
	 * undo_push() at text position `src`. A deletion's text is read there, or given as `deleted`:
	 * the undo queue's characters, or a `:s` match taken from the text as it was before the
	 * substitutions put together so far.
	 */
	function undoPush(src: number, length: number, uType: number, deleted?: string): void {
		const useSpos = uType & UNDO_USE_SPOS;
		switch (uType) {
			case UNDO_EMPTY:
				return;
			case UNDO_DEL_QUEUED:
				if (length !== 1) return;
				if (undoQueueState === UNDO_EMPTY) undoQueueState = UNDO_DEL;
				switch (undoQueueState) {
					case UNDO_DEL:
						undoQueueSpos = src;
						undoQ++;
						undoQueue = (String.fromCharCode(at(src)) + undoQueue).slice(-UNDO_QUEUE_MAX);
						if (undoQ === UNDO_QUEUE_MAX) undoQueueCommit();
						return;
					case UNDO_INS:
						undoQueueCommit();
						undoPush(src, length, UNDO_DEL_QUEUED);
						return;
				}
				break;
			case UNDO_INS_QUEUED:
				if (length < 1) return;
				if (undoQueueState === UNDO_EMPTY) {
					undoQueueState = UNDO_INS;
					undoQueueSpos = src;
				}
				switch (undoQueueState) {
					case UNDO_INS:
						while (length--) {
							undoQ++;
							if (undoQ === UNDO_QUEUE_MAX) undoQueueCommit();
						}
						return;
					case UNDO_DEL:
						undoQueueCommit();
						undoPush(src, length, UNDO_INS_QUEUED);
						return;
				}
				break;
		}
		uType &= ~UNDO_USE_SPOS;
		let saved = '';
		if (uType === UNDO_DEL || uType === UNDO_DEL_CHAIN) {
			// (a deletion of the whole text: its newline comes back by itself)
			if (length === end()) length--;
			saved = deleted !== undefined ? deleted.slice(0, length) : text.slice(src, src + length);
		}
		undoStack.push({start: useSpos ? undoQueueSpos : src, length, type: uType, text: saved});
		modifiedCount++;
	}
	const undoPushInsert = (q: number, len: number, undo: number) => {
		switch (undo) {
			case ALLOW_UNDO: undoPush(q, len, UNDO_INS); break;
			case ALLOW_UNDO_CHAIN: undoPush(q, len, UNDO_INS_CHAIN); break;
			case ALLOW_UNDO_QUEUED: undoPush(q, len, UNDO_INS_QUEUED); break;
		}
	};
	/**
	 * undo_pop(): the newest change undone, and the changes chained to it (a replace, a `:s`), one
	 * after another as undo_pop() recursing does. Where each undoes text before the one undone
	 * before it (a `:s` over many lines: its changes come back last first) the text is rebuilt once,
	 * from the end, instead of once per change.
	 */
	const undoPop = (): void => {
		undoQueueCommit();
		/** text[from..] as the changes undone so far leave it, in pieces, last first. */
		let tail: string[] = [];
		let from = end();
		let len = end();
		const settle = () => {
			if (tail.length) text = text.slice(0, from) + tail.reverse().join('');
			tail = [];
			from = end();
		};
		for (let n = 0; ; n++) {
			if ((n & 255) === 255) p.tick();
			const u = undoStack[undoStack.length - 1];
			if (!u) {
				settle();
				statusLine('Already at oldest change');
				return;
			}
			switch (u.type) {
				case UNDO_DEL:
				case UNDO_DEL_CHAIN:
					if (u.start > from) settle();
					tail.push(text.slice(u.start, from), u.text);
					from = u.start;
					len += u.length;
					statusLine(`Undo [${modifiedCount}] restored ${u.length} chars at position ${u.start}`);
					break;
				case UNDO_INS:
				case UNDO_INS_CHAIN:
					// (text_hole_delete() of what is not there changes nothing, and counts a change less)
					if (u.start + u.length > len || u.start >= len) modifiedCount--;
					else {
						if (u.start + u.length > from) settle();
						tail.push(text.slice(u.start + u.length, from));
						from = u.start;
						len -= u.length;
					}
					statusLine(`Undo [${modifiedCount}] deleted ${u.length} chars at position ${u.start}`);
					break;
			}
			const chained = u.type === UNDO_DEL_CHAIN || u.type === UNDO_INS_CHAIN;
			if (!chained) {
				settle();
				dot = u.start;
				refresh(false);
			}
			undoStack.pop();
			modifiedCount--;
			if (!chained) return;
		}
	};

	// ---- dot movement ----
	const dotLeft = () => {
		undoQueueCommit();
		if (dot > 0 && at(dot - 1) !== 10) dot--;
	};
	const dotRight = () => {
		undoQueueCommit();
		if (dot < end() - 1 && at(dot) !== 10) dot++;
	};
	const dotBegin = () => {
		undoQueueCommit();
		dot = beginLine(dot);
	};
	const dotEnd = () => {
		undoQueueCommit();
		dot = endLine(dot);
	};
	const moveToCol = (q: number, l: number) => {
		q = beginLine(q);
		let co = 0;
		do {
			if (at(q) === 10) break;
			co = nextColumn(at(q), co);
		} while (co <= l && q++ < end());
		return q;
	};
	const dotNext = () => {
		undoQueueCommit();
		dot = nextLine(dot);
	};
	const dotPrev = () => {
		undoQueueCommit();
		dot = prevLine(dot);
	};
	const dotSkipOverWs = () => {
		while (isspace(at(dot)) && at(dot) !== 10 && dot < end() - 1) dot++;
	};
	function* dotToChar(cmd: number): Gen<void> {
		let q = dot;
		const dir = islower(cmd) ? FORWARD : BACK;
		if (lastSearchChar === 0) return;
		do {
			do {
				q += dir;
				if ((dir === FORWARD ? q > end() - 1 : q < 0) || at(q) === 10) {
					yield* indicateError();
					return;
				}
			} while (at(q) !== lastSearchChar);
		} while (--cmdcnt > 0);
		dot = q;
		if (cmd === 116) dotLeft();
		else if (cmd === 84) dotRight();
	}
	const dotScroll = (cnt: number, dir: number) => {
		undoQueueCommit();
		for (; cnt > 0; cnt--) screenbegin = dir < 0 ? prevLine(screenbegin) : nextLine(screenbegin);
		if (dot < screenbegin) dot = screenbegin;
		const q = endScreen();
		if (dot > q) dot = beginLine(q);
		dotSkipOverWs();
	};
	function* boundDot(q: number): Gen<number> {
		if (q >= end() && end() > 0) {
			q = end() - 1;
			yield* indicateError();
		}
		if (q < 0) {
			q = 0;
			yield* indicateError();
		}
		return q;
	}
	const startNewCmdQ = (c: number) => {
		dotcnt = cmdcnt || 1;
		lastModifyingCmd = String.fromCharCode(c);
		lmcLen = 1;
		adding2q = true;
	};
	const endCmdQ = () => {
		ydReg = 26;
		adding2q = false;
	};
	const yankDelete = (start: number, stop: number, buftype: number, yf: boolean, undo: number) => {
		if (start > stop) [start, stop] = [stop, start];
		if (buftype === PARTIAL && at(start) === 10) return start;
		let q = start;
		textYank(start, stop, ydReg, buftype);
		if (yf === YANKDEL) q = textHoleDelete(start, stop, undo);
		return q;
	};

	// ---- files ----
	/**
	 * file_insert(): the file's bytes at q; their count, or -1. As vi.c it reads st_size bytes:
	 * a sysfs attribute (4096) comes short ("can't read"), a /proc file (0) comes empty.
	 */
	const fileInsert = (fn: string, q: number, initial: boolean) => {
		let cnt = -1;
		if (q < 0) q = 0;
		if (q > end()) q = end();
		const path = p.abs(fn);
		const st = p.vfs.stat(path);
		// (open(O_RDONLY) of a directory works; fstat() then tells)
		const f = !isErrno(st) && st.type === 'dir' ? undefined : p.vfs.open(path, {read: true});
		if (isErrno(f)) {
			if (!initial) statusLineBoldErrno(fn, f);
			return cnt;
		}
		if (isErrno(st)) statusLineBoldErrno(fn, st);
		else if (st.type !== 'file') statusLineBold(`'${fn}' is not a regular file`);
		else {
			const d = f!.read();
			if (isErrno(d)) statusLineBoldErrno(fn, d);
			else {
				const size = Math.min(st.size, 0x7fffffff);
				const data = bytesOf(d).slice(0, size);
				p.tick(Math.ceil(data.length / 4096));
				text = text.slice(0, q) + data + text.slice(q);
				cnt = data.length;
				if (cnt < size) statusLineBold(`can't read '${fn}'`);
				else undoPushInsert(q, size, ALLOW_UNDO);
			}
		}
		f?.close();
		// (root may write anything: the file's permission bits decide)
		if (initial && !isErrno(st) && !(st.mode & 0o222)) readonlyMode |= 1;
		return cnt;
	};
	/** file_write(): first..last to fn; the bytes written (0 when the write failed), -1 when it cannot be opened (errno in writeErrno), -2 with no name. */
	let writeErrno: Errno = 'EIO';
	const fileWrite = (fn: string | undefined, first: number, last: number) => {
		if (fn === undefined) {
			statusLineBold('No current filename');
			return -2;
		}
		const f = p.vfs.open(p.abs(fn), {write: true, create: true, truncate: true, mode: 0o666});
		if (isErrno(f)) {
			writeErrno = f;
			return -1;
		}
		const data = text.slice(first, last + 1);
		const e = data.length ? f.write(textOf(data)) : undefined;
		f.close();
		return e ? 0 : data.length;
	};
	const findPair = (q: number, c: number) => {
		const braces = '()[]{}';
		let dir = braces.indexOf(String.fromCharCode(c));
		dir ^= 1;
		const match = braces.charCodeAt(dir);
		dir = ((dir & 1) << 1) - 1;
		let level = 1;
		for (;;) {
			q += dir;
			if (q < 0 || q >= end()) return undefined;
			if (at(q) === c) level++;
			if (at(q) === match) {
				level--;
				if (level === 0) return q;
			}
		}
	};
	function* showmatching(q: number): Gen<void> {
		const r = findPair(q, at(q));
		if (r === undefined) yield* indicateError();
		else {
			const saveDot = dot;
			dot = r;
			refresh(false);
			mysleep(40);
			dot = saveDot;
			refresh(false);
		}
	}
	const stupidInsert = (q: number, c: string) => {
		textHoleMake(q, 1);
		setText(q, c);
	};
	const indentLen = (q: number) => {
		let r = q;
		while (r < end() - 1 && isblank(at(r))) r++;
		return r - q;
	};
	/** char_insert(): c typed at q in insert mode (ESC, Ctrl-V, Ctrl-D, a tab, backspace, a character); where the cursor goes. */
	function* charInsert(q: number, c: number, undo: number): Gen<number> {
		let bol = beginLine(q);
		if (c === 22) {
			stupidInsert(q, '^');
			refresh(false);
			c = yield* getOneChar();
			setText(q, String.fromCharCode(c & 0xff));
			undoPushInsert(q, 1, undo);
			q++;
		} else if (c === 27) {
			cmdMode = 0;
			undoQueueCommit();
			cmdcnt = 0;
			endCmdQ();
			lastStatusCksum = 0;
			if (dot > 0 && at(q - 1) !== 10) q--;
			if (autoindent()) {
				const len = indentLen(bol);
				if (len && getColumn(bol + len) === indentcol && at(bol + len) === 10) {
					textHoleDelete(bol, bol + len - 1, undo);
					q = bol;
				}
			}
		} else if (c === 4) {
			let r = bol + indentLen(bol);
			const prev = prevTabstop(getColumn(r));
			while (r > bol && getColumn(r) > prev) {
				if (q > bol) q--;
				r--;
				r = textHoleDelete(r, r, ALLOW_UNDO_QUEUED);
			}
			if (autoindent() && indentcol && r === endLine(q)) {
				indentcol = getColumn(q);
				return q;
			}
		} else if (c === 9 && expandtab()) {
			let col = getColumn(q);
			col = nextTabstop(col) - col + 1;
			while (col--) {
				undoPushInsert(q, 1, undo);
				stupidInsert(q, ' ');
				q++;
			}
		} else if (c === 8 || c === 127) {
			if (q > 0) {
				q--;
				q = textHoleDelete(q, q, ALLOW_UNDO_QUEUED);
			}
		} else {
			if (c === 13) c = 10;
			if (c === 10) undoQueueCommit();
			undoPushInsert(q, 1, undo);
			stupidInsert(q, String.fromCharCode(c & 0xff));
			q++;
			if (showmatch() && ')]}'.includes(String.fromCharCode(c))) yield* showmatching(q - 1);
			if (autoindent() && c === 10) {
				bol = indentcol < 0 ? q : prevLine(q);
				const len = indentLen(bol);
				const col = getColumn(bol + len);
				if (len && col === indentcol) {
					// the line before held only its autoindent: it moves down here
					text = `${text.slice(0, bol)}\n${text.slice(bol, bol + len)}${text.slice(bol + len + 1)}`;
					return q;
				}
				if (indentcol < 0) q--;
				if (len) {
					indentcol = col;
					const ntab = expandtab() ? 0 : Math.trunc(col / tabstop);
					const nspc = expandtab() ? col : col % tabstop;
					textHoleMake(q, ntab + nspc);
					undoPushInsert(q, ntab + nspc, undo);
					setText(q, '\t'.repeat(ntab) + ' '.repeat(nspc));
					return q + ntab + nspc;
				}
			}
		}
		indentcol = 0;
		return q;
	}
	const initFilename = (fn: string) => {
		if (currentFilename === undefined) currentFilename = fn;
		else altFilename = fn;
	};
	const updateFilename = (fn: string | undefined) => {
		if (fn === undefined) return;
		if (currentFilename === undefined || fn !== currentFilename) {
			altFilename = currentFilename;
			currentFilename = fn;
		}
	};
	function* initTextBuffer(fn: string | undefined): Gen<number> {
		text = '';
		screenbegin = dot = 0;
		updateFilename(fn);
		const rc = fn === undefined ? -1 : fileInsert(fn, 0, true);
		if (rc < 0) yield* charInsert(0, 10, NO_UNDO);
		flushUndoData();
		modifiedCount = 0;
		lastModifiedCount = -1;
		mark = new Array(28).fill(undefined);
		return rc;
	}
	const stringInsert = (q: number, s: string, undo: number) => {
		undoPushInsert(q, s.length, undo);
		text = text.slice(0, q) + s + text.slice(q);
	};

	// ---- search ----
	/** char_search(): pat (a basic regex; `^`/`$` at line ends, `.` not a newline) from q, forward or back, to the end of the text or of the line. */
	const charSearch = (q: number, pat: string, dirAndRange: number): number | undefined => {
		const re = PosixRegex.compile(pat, RE_SYNTAX_POSIX_BASIC, !!ignorecase(), true);
		if (typeof re === 'string') {
			statusLineBold(`bad search pattern '${pat}': ${re}`);
			return q;
		}
		const notbol = q !== 0;
		let range = dirAndRange & 1;
		let r = end() - 1;
		if (range === LIMITED) r = nextLine(q);
		if (dirAndRange < 0) {
			r = 0;
			if (range === LIMITED) r = prevLine(q);
		}
		range = r - q;
		let size: number;
		let start: number;
		if (range < 0) {
			size = -range;
			start = size;
		} else {
			size = range;
			start = 0;
		}
		let base = q - start;
		if (base < 0) base = 0;
		const s = text.slice(base, base + size);
		if (range >= 0) {
			const m = re.exec(s, start, notbol);
			return m && m.start <= start + range ? base + m.start : undefined;
		}
		// re_search() backwards: the last position, from `start` down, where a match starts. The
		// positions where one starts are met in order going forward, a match at a time.
		let best: number | undefined;
		for (let pos = 0, k = 1; pos <= s.length; k++) {
			if ((k & 1023) === 0) p.tick();
			const m = re.exec(s, pos, notbol);
			if (!m || m.start > start) break;
			best = m.start;
			pos = m.start + 1;
		}
		return best === undefined ? undefined : base + best;
	};

	// ---- colon commands ----
	/** get_one_address(): an address at buf[i] (`.`, `$`, `'x`, `/re/`, `?re?`, a number, +N/-N); undefined after an error. */
	const getOneAddress = (buf: string, i: number): {i: number; addr: number; valid: boolean} | undefined => {
		let gotAddr = false;
		let addr = countLines(0, dot);
		let sign = 0;
		for (;;) {
			const c = buf.charCodeAt(i);
			if (isblank(c)) {
				if (gotAddr) {
					addr += sign;
					sign = 0;
				}
				i++;
			} else if (!gotAddr && buf[i] === '.') {
				i++;
				gotAddr = true;
			} else if (!gotAddr && buf[i] === '$') {
				i++;
				addr = countLines(0, end() - 1);
				gotAddr = true;
			} else if (!gotAddr && buf[i] === "'") {
				i++;
				const letter = (buf[i] ?? '').toLowerCase();
				i++;
				const q = letter >= 'a' && letter <= 'z' ? mark[letter.charCodeAt(0) - 97] : undefined;
				if (q === undefined) {
					statusLineBold('Mark not set');
					return undefined;
				}
				addr = countLines(0, q);
				gotAddr = true;
			} else if (!gotAddr && (buf[i] === '/' || buf[i] === '?')) {
				const delim = buf[i]!;
				let q = buf.indexOf(delim, i + 1);
				if (q < 0) q = buf.length;
				if (i + 1 !== q) lastSearchPattern = buf.slice(i, q);
				i = q;
				if (buf[i] === delim) i++;
				let from: number;
				let dir: number;
				if (delim === '/') {
					from = nextLine(dot);
					dir = (FORWARD << 1) | FULL;
				} else {
					from = beginLine(dot);
					dir = (BACK << 1) | FULL;
				}
				let found = charSearch(from, lastSearchPattern.slice(1), dir);
				if (found === undefined) {
					found = charSearch(dir > 0 ? 0 : end() - 1, lastSearchPattern.slice(1), dir);
					if (found === undefined) {
						statusLineBold('Pattern not found');
						return undefined;
					}
				}
				addr = countLines(0, found);
				gotAddr = true;
			} else if (isdigit(c)) {
				let num = 0;
				while (isdigit(buf.charCodeAt(i))) num = num * 10 + buf.charCodeAt(i++) - 48;
				if (!gotAddr) {
					addr = num;
					gotAddr = true;
				} else addr += sign >= 0 ? num : -num;
				sign = 0;
			} else if (buf[i] === '-' || buf[i] === '+') {
				if (!gotAddr) gotAddr = true;
				else addr += sign;
				sign = buf[i++] === '-' ? -1 : 1;
			} else {
				addr += sign;
				break;
			}
		}
		return {i, addr, valid: gotAddr};
	};
	/** get_address(): the addresses before a colon command; the last two are b and e, `got` says how many came. */
	const getAddress = (buf: string, a: {b: number; e: number; got: number}): number | undefined => {
		let state = 0;
		const saveDot = dot;
		let i = 0;
		for (;;) {
			if (isblank(buf.charCodeAt(i))) i++;
			else if (state === 0 && buf[i] === '%') {
				i++;
				a.b = 1;
				a.e = countLines(0, end() - 1);
				a.got = 3;
				state = 1;
			} else if (state === 0) {
				const r = getOneAddress(buf, i);
				if (r === undefined) {
					dot = saveDot;
					return undefined;
				}
				i = r.i;
				if (!(r.valid || buf[i] === ',' || buf[i] === ';' || a.got & 1)) break;
				a.b = a.e;
				a.e = r.addr;
				a.got = (a.got << 1) | 1;
				state = 1;
			} else if (state === 1 && (buf[i] === ',' || buf[i] === ';')) {
				if (buf[i] === ';') dot = findLine(a.e);
				i++;
				state = 0;
			} else break;
		}
		dot = saveDot;
		return i;
	};
	const setops = (args: string, flgNo: number) => {
		const eq = args.indexOf('=');
		const name = (eq >= 0 ? args.slice(0, eq) : args).slice(flgNo);
		let index = -1;
		OPTS.forEach((names, k) => {
			if (index < 0 && names.includes(name)) index = k;
		});
		const bad = () => statusLineBold(`bad option: ${args}`);
		if (index < 0) return bad();
		const bit = 1 << index;
		if (bit & VI_TABSTOP) {
			if (eq < 0 || flgNo) return bad();
			const v = args.slice(eq + 1);
			const t = /^\d+$/.test(v) ? Number(v) : -1;
			if (t <= 0 || t > MAX_TABSTOP) return bad();
			tabstop = t;
			return;
		}
		if (eq >= 0) return bad();
		if (flgNo) viSetops &= ~bit;
		else viSetops |= bit;
	};
	/** expand_args(): `%` the current file name, `#` the other one, `\x` x. */
	const expandArgs = (args: string): string | undefined => {
		let s = '';
		for (let i = 0; i < args.length; i++) {
			const c = args[i]!;
			if (c === '%' || c === '#') {
				const replace = c === '%' ? currentFilename : altFilename;
				if (replace === undefined) {
					statusLineBold('No previous filename');
					return undefined;
				}
				s += replace;
			} else if (c === '\\' && i + 1 < args.length) s += args[++i];
			else s += c;
		}
		return s;
	};
	const strchrBackslash = (s: string, c: string, from: number) => {
		for (let i = from; i < s.length; i++) {
			if (s[i] === c) return i;
			if (s[i] === '\\') {
				if (++i >= s.length) break;
			}
		}
		return -1;
	};
	/** regex_search(): the first match in the line from q, and its replacement (`\0`..`\9` the groups). */
	const regexSearch = (q: number, re: PosixRegex, rorig: string) => {
		const line = text.slice(q, endLine(q));
		const m = re.exec(line, 0, false);
		if (!m) return undefined;
		let r = '';
		for (let i = 0; i < rorig.length; i++) {
			let piece = rorig[i]!;
			if (piece === '\\') {
				piece = rorig[++i] ?? '';
				if (piece >= '0' && piece <= '9') {
					const g = m.groups[Number(piece)];
					if (g !== undefined) piece = g;
				}
			}
			r += piece;
		}
		return {found: q + m.start, lenF: m.end - m.start, r};
	};
	function* colon(input: string): Gen<void> {
		let buf = input;
		let exp: string | undefined;
		const ret = function* (): Gen<void> {
			dot = yield* boundDot(dot);
		};
		let k = 0;
		while (buf[k] === ':') k++;
		while (isblank(buf.charCodeAt(k))) k++;
		buf = buf.slice(k);
		if (!buf || buf[0] === '"') return yield* ret();
		const a = {b: -1, e: -1, got: 0};
		let li = countLines(0, end() - 1);
		let fn = currentFilename;
		const after = getAddress(buf, a);
		if (after === undefined) return yield* ret();
		buf = buf.slice(after);
		const gotAddress = !!(a.got & 1);
		const gotRange = (a.got & 3) === 3;
		let cmdend = 0;
		while (cmdend < buf.length && !isspace(buf.charCodeAt(cmdend))) cmdend++;
		let cmd = buf.slice(0, cmdend);
		let argStart = cmdend;
		while (isblank(buf.charCodeAt(argStart))) argStart++;
		const args = buf.slice(argStart);
		let useforce = false;
		if (cmd.length && cmd.endsWith('!')) {
			useforce = true;
			cmd = cmd.slice(0, -1);
		}
		let q: number;
		let r: number;
		if (!gotAddress) {
			q = 0;
			r = end() - 1;
		} else {
			if (a.e < 0 || a.e > li) {
				statusLineBold('Invalid range');
				return yield* ret();
			}
			q = r = findLine(a.e);
			if (!gotRange) r = endLine(q);
			else {
				if (a.b < 0 || a.b > li || a.b > a.e) {
					statusLineBold('Invalid range');
					return yield* ret();
				}
				q = findLine(a.b);
				r = endLine(r);
			}
		}
		const i = cmd.length;
		const is = (word: string) => i > 0 && word.startsWith(cmd);
		if (i === 0) {
			if (a.e >= 0) {
				dot = findLine(a.e);
				dotSkipOverWs();
			}
		} else if (cmd[0] === '!') {
			// :!CMD: the command line after the `!`, run by sh -c
			exp = expandArgs(buf.slice(1));
			if (exp === undefined) return yield* ret();
			goBottomAndClearToEol();
			flush();
			// system(): the wait status (an exit status in its second byte, or the signal)
			const died: {signal?: number} = {};
			const status = p.execvp ? p.execvp(['sh', '-c', exp], undefined, undefined, {died}) : 127;
			const code = died.signal ?? (typeof status === 'number' ? status : 127) << 8;
			if (code) p.out(`\nshell returned ${code}\n\n`);
			yield* hitReturn();
		} else if (cmd === '=') {
			if (!gotAddress) a.e = countLines(0, dot);
			statusLine(String(a.e));
		} else if (is('delete')) {
			if (!gotAddress) {
				q = beginLine(dot);
				r = endLine(dot);
			}
			dot = yankDelete(q, r, WHOLE, YANKDEL, ALLOW_UNDO);
			dotSkipOverWs();
		} else if (is('edit')) {
			if (modifiedCount && !useforce) {
				statusLineBold(`No write since last change (:${cmd}! overrides)`);
				return yield* ret();
			}
			if (args) {
				fn = exp = expandArgs(args);
				if (exp === undefined) return yield* ret();
			} else if (currentFilename === undefined) {
				statusLineBold('No current filename');
				return yield* ret();
			}
			const size = yield* initTextBuffer(fn);
			reg[UREG] = undefined;
			reg[ydReg] = undefined;
			li = countLines(0, end() - 1);
			statusLine(`'${fn}'${size < 0 ? ' [New file]' : ''}${readonlyMode ? ' [Readonly]' : ''} ${li}L, ${end()}C`);
		} else if (is('file')) {
			if (a.e >= 0) {
				statusLineBold('No address allowed on this command');
				return yield* ret();
			}
			if (args) {
				exp = expandArgs(args);
				if (exp === undefined) return yield* ret();
				updateFilename(exp);
			} else lastStatusCksum = 0;
		} else if (is('features')) {
			goBottomAndClearToEol();
			write1(HELP.replace(/\n/g, '\r\n'));
			yield* hitReturn();
		} else if (is('list')) {
			if (!gotAddress) {
				q = beginLine(dot);
				r = endLine(dot);
			}
			goBottomAndClearToEol();
			write1('\r\n');
			for (; q <= r; q++) {
				let c = at(q);
				const noPrint = !!(c & 0x80) && !isprint8(c);
				if (noPrint) {
					c = 46;
					standoutStart();
				}
				if (c === 10) write1('$\r');
				else if (c < 32 || c === 127) {
					write1('^');
					c = c === 127 ? 63 : c + 64;
				}
				write1(String.fromCharCode(c));
				if (noPrint) standoutEnd();
			}
			yield* hitReturn();
		} else if (is('quit') || is('next') || is('prev')) {
			if (useforce) {
				if (cmd[0] === 'q') optind = cmdlineFilecnt;
				editing = 0;
				return yield* ret();
			}
			if (modifiedCount) {
				statusLineBold(`No write since last change (:${cmd}! overrides)`);
				return yield* ret();
			}
			const n = cmdlineFilecnt - optind - 1;
			if (cmd[0] === 'q' && n > 0) {
				statusLineBold(`${n} more file(s) to edit`);
				return yield* ret();
			}
			if (cmd[0] === 'n' && n <= 0) {
				statusLineBold('No more files to edit');
				return yield* ret();
			}
			if (cmd[0] === 'p') {
				if (optind < 1) {
					statusLineBold('No previous files to edit');
					return yield* ret();
				}
				optind -= 2;
			}
			editing = 0;
		} else if (is('read')) {
			if (args) {
				fn = exp = expandArgs(args);
				if (exp === undefined) return yield* ret();
				initFilename(exp);
			} else if (currentFilename === undefined) {
				statusLineBold('No current filename');
				return yield* ret();
			}
			if (a.e === 0) q = 0;
			else {
				q = nextLine(gotAddress ? findLine(a.e) : dot);
				if (q === end() - 1) ++q;
			}
			let num = countLines(0, q);
			if (q === end()) num++;
			const size = fileInsert(fn!, q, false);
			if (size < 0) return yield* ret();
			li = countLines(q, q + size - 1);
			statusLine(`'${fn}'${readonlyMode ? ' [Readonly]' : ''} ${li}L, ${size}C`);
			dot = findLine(num);
		} else if (is('rewind')) {
			if (modifiedCount && !useforce) statusLineBold(`No write since last change (:${cmd}! overrides)`);
			else {
				optind = -1;
				editing = 0;
			}
		} else if (is('set')) {
			if (!args || args === 'all') {
				statusLineBold(`${autoindent() ? '' : 'no'}autoindent ${expandtab() ? '' : 'no'}expandtab ${errMethod() ? '' : 'no'}flash ${ignorecase() ? '' : 'no'}ignorecase ${showmatch() ? '' : 'no'}showmatch tabstop=${tabstop}`);
				return yield* ret();
			}
			for (const word of args.split(/[ \t\n\v\f\r]+/).filter(Boolean)) setops(word, word.startsWith('no') ? 2 : 0);
		} else if (cmd[0] === 's') {
			const delim = buf[1] ?? '';
			const fStart = 2;
			const rAt = delim ? strchrBackslash(buf, delim, fStart) : -1;
			if (rAt < 0) {
				statusLine(':s expression missing delimiters');
				return;
			}
			let find = buf.slice(fStart, rAt);
			const flagsAt = strchrBackslash(buf, delim, rAt + 1);
			const rorig = buf.slice(rAt + 1, flagsAt < 0 ? undefined : flagsAt);
			const gflag = flagsAt >= 0 ? buf[flagsAt + 1] ?? '' : '';
			if (find.length) lastSearchPattern = `/${find}`;
			else if (lastSearchPattern.length <= 1) {
				statusLineBold('No previous search');
				return yield* ret();
			} else find = lastSearchPattern.slice(1);
			if (!gotAddress) {
				q = beginLine(dot);
				a.b = a.e = countLines(0, q);
			} else if (!gotRange) a.b = a.e;
			const re = PosixRegex.compile(find, RE_SYNTAX_POSIX_BASIC, !!ignorecase());
			if (typeof re === 'string') {
				statusLine(':s bad search pattern');
				return yield* ret();
			}
			let subs = 0;
			let undo = 0;
			let lastLine = 0;
			let lines = 0;
			// Each substitution deletes the match and inserts the replacement where it was, as
			// text_hole_delete() and string_insert() do, with their undo records; no line is joined
			// or split, so the text after a match is the text as it was: the new text is put
			// together once, and `delta` says how far positions moved so far.
			const pieces: string[] = [];
			let copied = 0;
			let delta = 0;
			for (let n = a.b; n <= a.e; n++) {
				const ls = q;
				const lsNow = q + delta;
				const eol = endLine(ls);
				for (;;) {
					const m = regexSearch(q, re, rorig);
					if (!m) break;
					const found = m.found;
					if ((subs & 15) === 15 || (!m.lenF && !m.r.length)) p.tick();
					if (m.lenF) {
						undoPush(found + delta, m.lenF, undo++ ? UNDO_DEL_CHAIN : UNDO_DEL, text.slice(found, found + m.lenF));
					}
					if (m.r.length) undoPushInsert(found + delta, m.r.length, undo++ ? ALLOW_UNDO_CHAIN : ALLOW_UNDO);
					pieces.push(text.slice(copied, found), m.r);
					copied = found + m.lenF;
					delta += m.r.length - m.lenF;
					if (m.lenF || m.r.length) {
						dot = lsNow;
						subs++;
						if (lastLine !== n) {
							lastLine = n;
							++lines;
						}
					}
					// (vi.c: found + len_R < end_line(ls) in the new text, that is found + len_F < the line's old end)
					if (gflag === 'g' && found + m.lenF < eol) {
						q = found + m.lenF;
						continue;
					}
					break;
				}
				q = nextLine(ls);
			}
			if (pieces.length) text = pieces.join('') + text.slice(copied);
			if (subs === 0) statusLineBold('No match');
			else {
				dotSkipOverWs();
				if (subs > 1) statusLine(`${subs} substitutions on ${lines} lines`);
			}
		} else if (is('version')) {
			statusLine(BB_VER);
		} else if (is('write') || cmd === 'wq' || cmd === 'wn' || cmd === 'x') {
			if (args) {
				exp = expandArgs(args);
				if (exp === undefined) return yield* ret();
				if (!useforce && (fn === undefined || fn !== exp) && !isErrno(p.vfs.stat(p.abs(exp)))) {
					statusLineBold('File exists (:w! overrides)');
					return yield* ret();
				}
				fn = exp;
				initFilename(fn);
			} else if (readonlyMode && !useforce && fn !== undefined) {
				statusLineBold(`'${fn}' is read only`);
				return yield* ret();
			}
			let size: number;
			let l: number;
			if (modifiedCount !== 0 || cmd[0] !== 'x') {
				size = r - q + 1;
				l = fileWrite(fn, q, r);
			} else {
				size = 0;
				l = 0;
			}
			if (l < 0) {
				if (l === -1) statusLineBoldErrno(fn!, writeErrno);
			} else {
				li = countLines(q, q + l - 1);
				statusLine(`'${fn}' ${li}L, ${l}C`);
				if (l === size) {
					if (q === 0 && q + l === end()) {
						modifiedCount = 0;
						lastModifiedCount = -1;
					}
					if (cmd[1] === 'n') editing = 0;
					else if (cmd[0] === 'x' || cmd[1] === 'q') {
						const n = cmdlineFilecnt - optind - 1;
						if (n > 0) {
							if (useforce) optind = cmdlineFilecnt;
							else {
								statusLineBold(`${n} more file(s) to edit`);
								return yield* ret();
							}
						}
						editing = 0;
					}
				}
			}
		} else if (is('yank')) {
			if (!gotAddress) {
				q = beginLine(dot);
				r = endLine(dot);
			}
			textYank(q, r, ydReg, WHOLE);
			li = countLines(q, r);
			statusLine(`Yank ${li} lines (${reg[ydReg]!.length} chars) into [${whatReg()}]`);
		} else notImplemented(cmd);
		return yield* ret();
	}

	// ---- commands ----
	const stTest = (q: number, type: number, dir: number): [boolean, number] => {
		const c0 = at(q);
		const ci = at(q + dir);
		switch (type) {
			case S_BEFORE_WS: return [!isspace(ci) || ci === 10, ci];
			case S_TO_WS: return [!isspace(c0) || c0 === 10, c0];
			case S_OVER_WS: return [isspace(c0), c0];
			case S_END_PUNCT: return [ispunct(ci), ci];
			case S_END_ALNUM: return [isalnum(ci) || ci === 95, ci];
		}
		return [false, 0];
	};
	const skipThing = (q: number, linecnt: number, dir: number, type: number) => {
		for (;;) {
			const [test, c] = stTest(q, type, dir);
			if (!test) break;
			if (c === 10 && --linecnt < 1) break;
			if (dir >= 0 && q >= end() - 1) break;
			if (dir < 0 && q <= 0) break;
			q += dir;
		}
		return q;
	};
	const atEof = (s: number) => (s === end() - 2 && at(s + 1) === 10) || s === end() - 1;
	/** find_range(): the range a motion after c/d/y/</> covers; its buffer type, -1 for none. */
	function* findRange(cmd: number): Gen<{buftype: number; start: number; stop: number}> {
		let q0: number;
		let buftype = -1;
		const c = cmd === 89 ? 121 : yield* getMotionChar();
		const ch = String.fromCharCode(c);
		const p0 = dot;
		if ((cmd === 89 || cmd === c) && c > 0 && 'cdy><'.includes(ch)) {
			buftype = WHOLE;
			if (--cmdcnt > 0) {
				yield* doCmd(106);
				if (cmdError) buftype = -1;
			}
		} else if (c > 0 && '^%$0bBeEfFtThnN/?|{}\b\x7f'.includes(ch)) {
			buftype = 'nN/?'.includes(ch) ? MULTI : PARTIAL;
			yield* doCmd(c);
			if (p0 === dot) buftype = -1;
		} else if (c === 119 || c === 87) {
			buftype = MULTI;
			yield* doCmd(c);
			if (dot > p0 && (!atEof(dot) || (c === 119 && ispunct(at(dot))))) dot--;
			let t = dot;
			while (dot > p0 && isspace(at(dot))) {
				if (at(dot--) === 10) t = dot;
			}
			if (cmd !== 99 && dot !== t && at(dot) !== 10) dot = t;
		} else if (c > 0 && 'GHL+-gjk\'\r\n'.includes(ch)) {
			buftype = WHOLE;
			yield* doCmd(c);
			if (cmdError) buftype = -1;
		} else if (c === 32 || c === 108) {
			const tmpcnt = cmdcnt || 1;
			buftype = PARTIAL;
			yield* doCmd(c);
			if (tmpcnt === dot - p0) dot--;
		}
		if (buftype === -1) {
			if (c !== 27) yield* indicateError();
			return {buftype, start: 0, stop: 0};
		}
		let q = dot;
		q0 = p0;
		if (q < q0) [q, q0] = [q0, q];
		if (q > q0) {
			if ('^0bBFThnN/?|\b\x7f'.includes(ch)) q--;
			else if ('{}'.includes(ch)) {
				buftype = q0 === beginLine(q0) && (at(q) === 10 || atEof(q)) ? WHOLE : MULTI;
				if (!atEof(q)) {
					q--;
					if (q > q0 && q0 !== beginLine(q0)) q--;
				}
			}
		}
		return {buftype, start: q0, stop: q};
	}

	/** do_cmd(): one command (or, in insert and replace mode, one typed character). */
	function* doCmd(c: number): Gen<void> {
		let origDot = dot;
		let allowUndo = ALLOW_UNDO;
		let undoDel = UNDO_DEL;
		keepIndex = false;
		cmdError = false;
		yield* showStatusLine();
		// 'dc1' is the end below; the body returns there
		yield* (function* (): Gen<void> {
			const isKey = c === KEYCODE_UP || c === KEYCODE_DOWN || c === KEYCODE_LEFT || c === KEYCODE_RIGHT || c === KEYCODE_HOME || c === KEYCODE_END || c === KEYCODE_PAGEUP || c === KEYCODE_PAGEDOWN || c === KEYCODE_DELETE;
			if (!isKey) {
				if (cmdMode === 2) {
					if (c === KEYCODE_INSERT) {
						cmdMode = 1;
						undoQueueCommit();
						return;
					}
					if (at(dot) === 10) {
						cmdMode = 1;
						undoQueueCommit();
					} else {
						if (c >= 1 || isprint8(c & 0xff)) {
							if (c !== 27) dot = yankDelete(dot, dot, PARTIAL, YANKDEL, ALLOW_UNDO);
							dot = yield* charInsert(dot, c, ALLOW_UNDO_CHAIN);
						}
						return;
					}
				}
				if (cmdMode === 1) {
					if (c === KEYCODE_INSERT) {
						cmdMode = 2;
						undoQueueCommit();
						return;
					}
					if (c >= 1 || isprint8(c & 0xff)) dot = yield* charInsert(dot, c, ALLOW_UNDO_QUEUED);
					return;
				}
			}
			let q: number;
			let r: number;
			let cnt: number;
			let dir: number;
			let c1: number;
			/** G: line cmdcnt, or the last one. */
			const goLine = () => {
				dot = end() - 1;
				if (cmdcnt > 0) dot = findLine(cmdcnt);
				dotBegin();
				dotSkipOverWs();
			};
			/**
			 * j/k, +/-, Enter: cmdcnt lines on with `step` (no line there when it lands where `edge`
			 * of the line is: an error, and dot stays); then to the first non-blank, or the column
			 * kept from before. False after the error (do_cmd's goto dc1).
			 */
			const lineMotion = function* (step: (q: number) => number, edge: (q: number) => number, firstNonBlank: boolean): Gen<boolean> {
				let q = dot;
				do {
					const r = step(q);
					if (r === edge(q)) {
						yield* indicateError();
						return false;
					}
					q = r;
				} while (--cmdcnt > 0);
				dot = q;
				if (firstNonBlank) dotSkipOverWs();
				else {
					dot = cindex === C_END ? endLine(dot) : moveToCol(dot, cindex);
					keepIndex = true;
				}
				return true;
			};
			const dcI = () => {
				cmdMode = 1;
				undoQueueCommit();
			};
			switch (c) {
				default:
					// (buf[0] = c: a key code's low byte; 0 makes it "")
					notImplemented(c & 0xff ? String.fromCharCode(c & 0xff) : '');
					endCmdQ();
					break;
				case 0:
					break;
				case 2:
				case KEYCODE_PAGEUP:
					dotScroll(rows - 2, -1);
					break;
				case 4:
					dotScroll(Math.trunc((rows - 2) / 2), 1);
					break;
				case 5:
					dotScroll(1, 1);
					break;
				case 6:
				case KEYCODE_PAGEDOWN:
					dotScroll(rows - 2, 1);
					break;
				case 7:
					lastStatusCksum = 0;
					break;
				case 104: case KEYCODE_LEFT: case 8: case 0x7f:
					do dotLeft();
					while (--cmdcnt > 0);
					break;
				case 10: case 106: case KEYCODE_DOWN: case 13: case 43:
					if (!(yield* lineMotion(nextLine, endLine, c === 13 || c === 43))) return;
					break;
				case 12:
				case 18:
					yield* redraw(true);
					break;
				case 21:
					dotScroll(Math.trunc((rows - 2) / 2), -1);
					break;
				case 25:
					dotScroll(1, -1);
					break;
				case 27:
					if (cmdMode === 0) yield* indicateError();
					cmdMode = 0;
					undoQueueCommit();
					endCmdQ();
					lastStatusCksum = 0;
					break;
				case 32: case 108: case KEYCODE_RIGHT:
					do dotRight();
					while (--cmdcnt > 0);
					break;
				case 34:
					c1 = ((yield* getOneChar()) | 0x20) - 97;
					if (c1 >= 0 && c1 <= 25) ydReg = c1;
					else yield* indicateError();
					break;
				case 39:
					c1 = (yield* getOneChar()) | 0x20;
					if (c1 - 97 >= 0 && c1 - 97 <= 25) {
						const m = mark[c1 - 97];
						if (m !== undefined && m < end()) {
							dot = m;
							dotBegin();
							dotSkipOverWs();
						} else yield* indicateError();
					} else if (c1 === 39) {
						dot = swapContext(dot);
						dotBegin();
						dotSkipOverWs();
						origDot = dot;
					} else yield* indicateError();
					break;
				case 109:
					c1 = ((yield* getOneChar()) | 0x20) - 97;
					if (c1 >= 0 && c1 <= 25) mark[c1] = dot;
					else yield* indicateError();
					break;
				case 80:
				case 112: {
					const s = reg[ydReg];
					if (s === undefined) {
						statusLineBold(`Nothing in register ${whatReg()}`);
						break;
					}
					cnt = 0;
					const i = cmdcnt || 1;
					if (regtype[ydReg] === WHOLE) {
						if (c === 80) dotBegin();
						else if (endLine(dot) === end() - 1) dot = end();
						else dotNext();
					} else {
						if (c === 112) dotRight();
						if (!s.includes('\n')) cnt = i * s.length - 1;
					}
					do {
						stringInsert(dot, s, allowUndo);
						allowUndo = ALLOW_UNDO_CHAIN;
					} while (--cmdcnt > 0);
					dot += cnt;
					dotSkipOverWs();
					yankStatus('Put', s, i);
					endCmdQ();
					break;
				}
				case 85: {
					const s = reg[UREG];
					if (s !== undefined) {
						q = beginLine(dot);
						r = endLine(dot);
						q = textHoleDelete(q, r, ALLOW_UNDO);
						stringInsert(q, s, ALLOW_UNDO_CHAIN);
						dot = q;
						dotSkipOverWs();
						yankStatus('Undo', s, 1);
					}
					break;
				}
				case 117:
					undoPop();
					break;
				case 36: case KEYCODE_END:
					for (;;) {
						dot = endLine(dot);
						if (--cmdcnt <= 0) break;
						dotNext();
					}
					cindex = C_END;
					keepIndex = true;
					break;
				case 37:
					for (q = dot; q < end() && at(q) !== 10; q++) {
						if ('()[]{}'.includes(String.fromCharCode(at(q)))) {
							const pair = findPair(q, at(q));
							if (pair === undefined) yield* indicateError();
							else dot = pair;
							break;
						}
					}
					if (at(q) === 10) yield* indicateError();
					break;
				case 102: case 70: case 116: case 84:
					lastSearchChar = yield* getOneChar();
					lastSearchCmd = c;
					yield* dotToChar(lastSearchCmd);
					break;
				case 59: case 44:
					yield* dotToChar(c !== 44 ? lastSearchCmd : lastSearchCmd ^ 0x20);
					break;
				case 46:
					if (lmcLen !== 0) {
						if (cmdcnt) dotcnt = cmdcnt;
						ioq = `${dotcnt}${lastModifyingCmd.slice(0, lmcLen)}`;
					}
					break;
				case 78:
				case 63: case 47: case 110: {
					if (c === 78) dir = lastSearchPattern[0] === '/' ? BACK : FORWARD;
					else {
						if (c === 63 || c === 47) {
							const line = yield* getInputLine(String.fromCharCode(c));
							if (!line) break;
							if (line.length === 1) {
								if (lastSearchPattern) lastSearchPattern = String.fromCharCode(c) + lastSearchPattern.slice(1);
							} else lastSearchPattern = line;
						}
						dir = lastSearchPattern[0] === '/' ? FORWARD : BACK;
					}
					if (lastSearchPattern.length <= 1) {
						statusLineBold('No previous search');
						break;
					}
					do {
						const found = charSearch(dot + dir, lastSearchPattern.slice(1), (dir << 1) | FULL);
						if (found !== undefined) dot = found;
						else {
							const again = charSearch(dir === FORWARD ? 0 : end() - 1, lastSearchPattern.slice(1), (dir << 1) | FULL);
							let msg: string;
							if (again !== undefined) {
								dot = again;
								msg = dir === FORWARD ? 'search hit BOTTOM, continuing at TOP' : 'search hit TOP, continuing at BOTTOM';
							} else {
								cmdcnt = 0;
								msg = 'Pattern not found';
							}
							statusLineBold(msg);
						}
					} while (--cmdcnt > 0);
					break;
				}
				case 123:
				case 125:
					dir = c === 125 ? FORWARD : BACK;
					do {
						let skip = true;
						let found = false;
						while (dir === FORWARD ? dot < end() - 1 : dot > 0) {
							if (at(dot) === 10 && at(dot + dir) === 10) {
								if (!skip) {
									if (dir === FORWARD) ++dot;
									found = true;
									break;
								}
							} else skip = false;
							dot += dir;
						}
						if (!found) {
							// (goto dc6: the end of the text)
							endCmdQ();
							return;
						}
					} while (--cmdcnt > 0);
					break;
				case 48: case 49: case 50: case 51: case 52: case 53: case 54: case 55: case 56: case 57:
					if (c === 48 && cmdcnt < 1) dotBegin();
					// (vi.c's `int cmdcnt`: a count past INT_MAX wraps as it does in C, 2^63 to 0)
					else cmdcnt = (Math.imul(cmdcnt, 10) + (c - 48)) | 0;
					break;
				case 58: {
					const line = yield* getInputLine(':');
					yield* colon(line);
					break;
				}
				case 60:
				case 62: {
					cnt = countLines(0, dot);
					const range = yield* findRange(c);
					if (range.buftype === -1) {
						endCmdQ();
						break;
					}
					let i = countLines(range.start, range.stop);
					for (q = beginLine(range.start); i > 0; i--, q = nextLine(q)) {
						if (c === 60) {
							if (at(q) === 9) textHoleDelete(q, q, allowUndo);
							else if (at(q) === 32) {
								for (let j = 0; at(q) === 32 && j < tabstop; j++) {
									textHoleDelete(q, q, allowUndo);
									allowUndo = ALLOW_UNDO_CHAIN;
								}
							}
						} else if (q !== endLine(q)) yield* charInsert(q, 9, allowUndo);
						allowUndo = ALLOW_UNDO_CHAIN;
					}
					dot = findLine(cnt);
					dotSkipOverWs();
					endCmdQ();
					break;
				}
				case 65:
				case 97:
					if (c === 65) dotEnd();
					if (at(dot) !== 10) dot++;
					dcI();
					break;
				case 66: case 69: case 87:
					dir = c === 66 ? BACK : FORWARD;
					do {
						if (c === 87 || isspace(at(dot + dir))) {
							dot = skipThing(dot, 1, dir, S_TO_WS);
							dot = skipThing(dot, 2, dir, S_OVER_WS);
						}
						if (c !== 87) dot = skipThing(dot, 1, dir, S_BEFORE_WS);
					} while (--cmdcnt > 0);
					break;
				case 67:
				case 68: {
					const saveDot = dot;
					dot = dollarLine(dot);
					dot = yankDelete(saveDot, dot, PARTIAL, YANKDEL, ALLOW_UNDO);
					if (c === 67) dcI();
					else endCmdQ();
					break;
				}
				case 103:
					c1 = yield* getOneChar();
					if (c1 !== 103) {
						notImplemented(`g${c1 >= 0 ? String.fromCharCode(c1 & 0xff) : '*'}`);
						cmdError = true;
						break;
					}
					if (cmdcnt === 0) cmdcnt = 1;
					goLine();
					break;
				case 71:
					goLine();
					break;
				case 72:
					dot = screenbegin;
					if (cmdcnt > rows - 1) cmdcnt = rows - 1;
					while (--cmdcnt > 0) dotNext();
					dotBegin();
					dotSkipOverWs();
					break;
				case 73:
				case 105:
				case KEYCODE_INSERT:
					if (c === 73) {
						dotBegin();
						dotSkipOverWs();
					}
					dcI();
					break;
				case 74:
					do {
						dotEnd();
						if (dot < end() - 1) {
							undoPush(dot, 1, UNDO_DEL);
							setText(dot, ' ');
							dot++;
							undoPush(dot - 1, 1, UNDO_INS_CHAIN);
							while (isblank(at(dot))) textHoleDelete(dot, dot, ALLOW_UNDO_CHAIN);
						}
					} while (--cmdcnt > 0);
					endCmdQ();
					break;
				case 76:
					dot = endScreen();
					if (cmdcnt > rows - 1) cmdcnt = rows - 1;
					while (--cmdcnt > 0) dotPrev();
					dotBegin();
					dotSkipOverWs();
					break;
				case 77:
					dot = screenbegin;
					for (cnt = 0; cnt < Math.trunc((rows - 1) / 2); cnt++) dot = nextLine(dot);
					dotSkipOverWs();
					break;
				case 79:
				case 111:
					if (c === 79) {
						dotBegin();
						indentcol = -1;
					} else dotEnd();
					dot = yield* charInsert(dot, 10, ALLOW_UNDO);
					if (c === 79 && !autoindent()) dotPrev();
					dcI();
					break;
				case 82:
					cmdMode = 2;
					undoQueueCommit();
					break;
				case KEYCODE_DELETE:
					if (dot < end() - 1) dot = yankDelete(dot, dot, PARTIAL, YANKDEL, ALLOW_UNDO);
					break;
				case 88: case 120: case 115:
					dir = c === 88 ? -1 : 0;
					do {
						if (at(dot + dir) !== 10) {
							if (c === 88) dot--;
							dot = yankDelete(dot, dot, PARTIAL, YANKDEL, allowUndo);
							allowUndo = ALLOW_UNDO_CHAIN;
						}
					} while (--cmdcnt > 0);
					endCmdQ();
					if (c === 115) dcI();
					break;
				case 90: {
					c1 = yield* getOneChar();
					if (c1 !== 90) {
						yield* indicateError();
						break;
					}
					if (modifiedCount) {
						if (readonlyMode && currentFilename !== undefined) {
							statusLineBold(`'${currentFilename}' is read only`);
							break;
						}
						cnt = fileWrite(currentFilename, 0, end() - 1);
						if (cnt < 0) {
							if (cnt === -1) statusLineBold(`Write error: ${strerror[writeErrno]}`);
						} else if (cnt === end()) editing = 0;
					} else editing = 0;
					const j = cmdlineFilecnt - optind - 1;
					if (editing === 0 && j > 0) {
						editing = 1;
						modifiedCount = 0;
						lastModifiedCount = -1;
						statusLineBold(`${j} more file(s) to edit`);
					}
					break;
				}
				case 94:
					dotBegin();
					dotSkipOverWs();
					break;
				case 98:
				case 101:
					dir = c === 98 ? BACK : FORWARD;
					do {
						if (dot + dir < 0 || dot + dir > end() - 1) break;
						dot += dir;
						if (isspace(at(dot))) dot = skipThing(dot, c === 101 ? 2 : 1, dir, S_OVER_WS);
						if (isalnum(at(dot)) || at(dot) === 95) dot = skipThing(dot, 1, dir, S_END_ALNUM);
						else if (ispunct(at(dot))) dot = skipThing(dot, 1, dir, S_END_PUNCT);
					} while (--cmdcnt > 0);
					break;
				case 99: case 100: case 121: case 89: {
					const yf = c === 121 || c === 89 ? YANKONLY : YANKDEL;
					const yanks = yankCount;
					const range = yield* findRange(c);
					if (range.buftype === -1) {
						endCmdQ();
						break;
					}
					let saveDot = range.start;
					let start = range.start;
					let stop = range.stop;
					if (range.buftype === WHOLE) {
						saveDot = start;
						start = beginLine(start);
						stop = endLine(stop);
					}
					dot = yankDelete(start, stop, range.buftype, yf, ALLOW_UNDO);
					if (range.buftype === WHOLE) {
						if (c === 99) {
							dot = yield* charInsert(dot, 10, ALLOW_UNDO_CHAIN);
							if (dot !== end() - 1) dotPrev();
						} else if (c === 100) {
							dotBegin();
							dotSkipOverWs();
						} else dot = saveDot;
					}
					if (c === 99) {
						dcI();
						break;
					}
					// (only when a yank happened: text_yank() made the register a new copy)
					if (yankCount !== yanks) yankStatus(c === 100 ? 'Delete' : 'Yank', reg[ydReg]!, 1);
					endCmdQ();
					break;
				}
				case 107: case KEYCODE_UP: case 45:
					if (!(yield* lineMotion(prevLine, beginLine, c === 45))) return;
					break;
				case 114:
					c1 = yield* getOneChar();
					if (c1 !== 27) {
						if (endLine(dot) - dot < (cmdcnt || 1)) {
							yield* indicateError();
							endCmdQ();
							break;
						}
						do {
							dot = textHoleDelete(dot, dot, allowUndo);
							allowUndo = ALLOW_UNDO_CHAIN;
							dot = yield* charInsert(dot, c1, allowUndo);
						} while (--cmdcnt > 0);
						dotLeft();
					}
					endCmdQ();
					break;
				case 119:
					do {
						if (isalnum(at(dot)) || at(dot) === 95) dot = skipThing(dot, 1, FORWARD, S_END_ALNUM);
						else if (ispunct(at(dot))) dot = skipThing(dot, 1, FORWARD, S_END_PUNCT);
						if (dot < end() - 1) dot++;
						if (isspace(at(dot))) dot = skipThing(dot, 2, FORWARD, S_OVER_WS);
					} while (--cmdcnt > 0);
					break;
				case 122:
					c1 = yield* getOneChar();
					cnt = 0;
					if (c1 === 46) cnt = Math.trunc((rows - 2) / 2);
					if (c1 === 45) cnt = rows - 2;
					screenbegin = beginLine(dot);
					dotScroll(cnt, -1);
					break;
				case 124:
					dot = moveToCol(dot, cmdcnt - 1);
					break;
				case 126:
					do {
						const ch = at(dot);
						if (isalpha(ch)) {
							undoPush(dot, 1, undoDel);
							setText(dot, String.fromCharCode(islower(ch) ? ch - 32 : ch + 32));
							undoPush(dot, 1, UNDO_INS_CHAIN);
							undoDel = UNDO_DEL_CHAIN;
						}
						dotRight();
					} while (--cmdcnt > 0);
					endCmdQ();
					break;
				case KEYCODE_HOME:
					dotBegin();
					break;
			}
		})();
		// dc1: an emptied text gets its empty line back, dot stays valid
		if (end() === 0) {
			text = '\n';
			dot = 0;
		}
		if (dot !== end()) dot = yield* boundDot(dot);
		{
			if (dot !== origDot) checkContext(c);
			if (!isdigit(c)) cmdcnt = 0;
			const cnt = dot - beginLine(dot);
			if (at(dot) === 10 && cnt > 0 && cmdMode === 0) dot--;
		}
	}
	/** run_cmds(): colon commands one per line. */
	function* runCmds(cmds: string): Gen<void> {
		for (const q of cmds.split(/\n+/)) {
			if (q.length < MAX_INPUT_LEN) yield* colon(q);
		}
	}

	/** edit_file(): one file from start to `:q`. */
	function* editFile(fn: string | undefined): Gen<void> {
		editing = 1;
		rows = 24;
		columns = 80;
		getRowcolError = queryScreenDimensions();
		if (getRowcolError) {
			write1(`${ESC}[999;999H${ESC}[6n`);
			const k = yield* readKey(100);
			if (k === KEYCODE_CURSOR_POS) {
				columns = Math.min(cursorPos.col, MAX_SCR);
				rows = Math.min(cursorPos.row, MAX_SCR);
			}
		}
		newScreen(rows, columns);
		yield* initTextBuffer(fn);
		ydReg = 26;
		mark[26] = mark[27] = 0;
		crow = 0;
		ccol = 0;
		let restarted = false;
		for (;;) {
			try {
				if (restarted) screenbegin = dot = 0;
				cmdMode = 0;
				cmdcnt = 0;
				offset = 0;
				ioq = undefined;
				adding2q = false;
				while (initialCmds.length) yield* runCmds(initialCmds.shift()!);
				yield* redraw(false);
				while (editing > 0) {
					const c = yield* getOneChar();
					if (beginLine(dot) !== curLine) {
						curLine = beginLine(dot);
						textYank(beginLine(dot), endLine(dot), UREG, PARTIAL);
					}
					if (!adding2q && ioq === undefined && cmdMode === 0 && c > 0 && c < 0x7f && MODIFYING_CMDS.includes(String.fromCharCode(c))) startNewCmdQ(c);
					yield* doCmd(c);
					if (!inputPending()) {
						refresh(false);
						yield* showStatusLine();
					}
				}
				break;
			} catch (e) {
				// SIGINT: int_handler()'s siglongjmp() back to `restart`
				if (!(e instanceof Interrupted)) throw e;
				typed = '';
				restarted = true;
			}
		}
		goBottomAndClearToEol();
	}

	// ---- vi_main ----
	if (o.has('R')) readonlyMode |= 2;
	cmdlineFilecnt = files.length;
	const exinit = p.env.get('EXINIT');
	let cmds: string | undefined;
	if (exinit !== undefined) cmds = exinit;
	else {
		const home = p.env.get('HOME');
		if (home) {
			const exrc = `${home.replace(/\/+$/, '')}/.exrc`;
			const st = p.vfs.stat(p.abs(exrc));
			if (!isErrno(st)) {
				if ((st.mode & 0o022) === 0) {
					const f = p.vfs.open(p.abs(exrc), {read: true});
					if (!isErrno(f)) {
						const d = f.read();
						f.close();
						cmds = isErrno(d) ? '' : bytesOf(d);
					}
				} else statusLineBold('.exrc: permission denied');
			}
		}
	}
	try {
		if (cmds !== undefined) {
			yield* initTextBuffer(undefined);
			yield* runCmds(cmds);
		}
		write1(`${ESC}[?1049h`);
		optind = 0;
		for (;;) {
			yield* editFile(files[optind]);
			optind++;
			if (optind >= cmdlineFilecnt) break;
		}
		write1(`${ESC}[?1049l`);
		flush();
		if (typed) p.tty?.feed(textOf(typed.replace(/\r/g, '\n')));
		return 0;
	} catch (e) {
		if (e instanceof CannotWait) {
			write1(`${ESC}[?1049l`);
			flush();
			p.err('memhp: vi: an editor reading the terminal from here is not simulated\n');
			return 1;
		}
		if (e instanceof StepLimit || e instanceof RangeError) {
			// memhp's own limits (a `:s/x*/y/g` that never ends, as it never ends in vi.c): the
			// command is cut short, and the terminal gets its main screen back first
			goBottomAndClearToEol();
			write1(`${ESC}[?1049l`);
			flush();
		}
		if (!(e instanceof ViDie)) throw e;
		flush();
		return e.status;
	}
}

export const VI_PROGRAMS: Record<string, InteractiveProgram> = {vi};
