/**
 * The serial console's tty (ttyS0, which /dev/console also reaches): its termios as
 * tcgetattr()/tcsetattr() see them (glibc's struct termios: the four flag words, the line
 * discipline, 32 control characters; the speed in c_cflag's CBAUD bits) and its window size
 * (TIOCGWINSZ/TIOCSWINSZ). The lab's guest after boot: 9600 baud, cs8 cread hupcl clocal, icrnl
 * ixon, opost onlcr, isig icanon iexten echo echoe echok echoctl echoke, the standard control
 * characters, and a 0x0 window (a serial port has no size until someone sets one).
 *
 * While a program has the console in canonical mode (cat, read, sleep: anything but ash's
 * lineedit, which switches to raw mode, and the programs that do too, more, top, vi), the keys
 * go through n_tty's canonical input here (receive()): echoed as typed, edited with the erase,
 * kill, word-erase, reprint and literal-next characters, complete lines handed to the reader.
 * The rest of the settings memhp keeps and reports.
 */

export interface Termios {
	iflag: number;
	oflag: number;
	cflag: number;
	lflag: number;
	/** c_line: the line discipline (0, N_TTY). */
	line: number;
	/** c_cc[NCCS], NCCS 32 in glibc. */
	cc: number[];
}

export interface Winsize {
	rows: number;
	cols: number;
}

/** `stty -g` of the lab's console after boot: 500:5:cbd:8a3b:3:1c:7f:15:4:0:1:0:11:13:1a:0:12:f:17:16:0... */
function bootTermios(): Termios {
	const cc = Array<number>(32).fill(0);
	[3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0xf, 0x17, 0x16, 0].forEach((v, i) => (cc[i] = v));
	return {iflag: 0o2400, oflag: 0o5, cflag: 0o6275, lflag: 0o105073, line: 0, cc};
}

// c_lflag, c_iflag bits and c_cc indices (asm-generic/termbits.h)
const ISIG = 0o1;
const ECHO = 0o10;
const ECHOE = 0o20;
const ECHOK = 0o40;
const ECHONL = 0o100;
const ECHOCTL = 0o1000;
const ECHOKE = 0o4000;
const IEXTEN = 0o100000;
const INLCR = 0o100;
const IGNCR = 0o200;
const ICRNL = 0o400;
const IXON = 0o2000;
const VINTR = 0;
const VQUIT = 1;
const VERASE = 2;
const VKILL = 3;
const VEOF = 4;
const VSTART = 8;
const VSTOP = 9;
const VSUSP = 10;
const VREPRINT = 12;
const VWERASE = 14;
const VLNEXT = 15;

/** What keys typed in canonical mode did: the echo, and the input they made readable (a line, a pushed partial line; null: end of file). */
export interface CanonicalInput {
	echo: string;
	input: (string | null)[];
}

const isCntrl = (c: string) => c.charCodeAt(0) < 0x20 || c === '\x7f';

/** ECHOCTL's caret notation of a control character: `^C` for 0x03, `^?` for DEL (the byte XOR 0x40). */
export function caretNotation(c: string): string {
	return `^${String.fromCharCode(c.charCodeAt(0) ^ 0x40)}`;
}

/** The terminal's column after `echo` written from `column` (a backspace goes left, a tab to the next stop). */
function echoColumn(column: number, echo: string): number {
	for (const c of echo) {
		if (c === '\b') column = Math.max(0, column - 1);
		else if (c === '\t') column = (column | 7) + 1;
		else if (c === '\n') column = 0;
		else column++;
	}
	return column;
}

export class ConsoleTty {
	private termios = bootTermios();
	private winsize: Winsize = {rows: 0, cols: 0};
	/** n_tty's read buffer past the last line end: the line being typed in canonical mode. */
	private canon = '';
	/** The column the line being typed started at (canon_column: where a tab's erasure counts from). */
	private canonColumn = 0;
	/** The literal-next character (Ctrl-V) came: the next key is taken as it is. */
	private lnext = false;

	/**
	 * Keys typed in canonical mode (n_tty_receive_char() and its special characters under the
	 * current termios; the signal characters are the caller's, see isSignal()). `column`: where
	 * the terminal's cursor is, for the first key of a line. `echoOn`: the program waiting has not
	 * turned the echo off (read -s).
	 */
	receive(keys: string, column: number, echoOn = true): CanonicalInput {
		const {iflag, lflag, cc} = this.termios;
		const echo = echoOn && (lflag & ECHO) !== 0;
		const iexten = (lflag & IEXTEN) !== 0;
		const ch = (i: number) => (cc[i] ? String.fromCharCode(cc[i]!) : undefined);
		let out = '';
		const input: (string | null)[] = [];
		// echo_char(): a control character as ^X with ECHOCTL (not a tab or newline)
		const echoChar = (c: string) => {
			if (!echo) return;
			out += (lflag & ECHOCTL) && isCntrl(c) && c !== '\t' && c !== '\n' ? caretNotation(c) : c;
		};
		const put = (c: string) => {
			if (this.canon === '') this.canonColumn = echoColumn(column, out);
			this.canon += c;
		};
		for (let c of keys) {
			if (this.lnext) {
				this.lnext = false;
				put(c);
				echoChar(c);
				continue;
			}
			if (c === '\r') {
				if (iflag & IGNCR) continue;
				if (iflag & ICRNL) c = '\n';
			} else if (c === '\n' && iflag & INLCR) c = '\r';
			if (iflag & IXON && (c === ch(VSTART) || c === ch(VSTOP))) continue;
			if (iexten && c === ch(VLNEXT)) {
				this.lnext = true;
				if (echo && lflag & ECHOCTL) out += '^\b';
				continue;
			}
			if (c === ch(VERASE) || c === ch(VKILL) || (iexten && c === ch(VWERASE))) {
				out += this.erase(c === ch(VERASE) ? 'erase' : c === ch(VKILL) ? 'kill' : 'werase', c, echo, lflag);
				continue;
			}
			if (iexten && echo && c === ch(VREPRINT)) {
				echoChar(c);
				out += '\n';
				// (the newline's ONLCR puts canon_column back to 0: the line is drawn again from there)
				this.canonColumn = 0;
				for (const d of this.canon) echoChar(d);
				continue;
			}
			if (c === '\n') {
				if (echo || lflag & ECHONL) out += '\n';
				input.push(this.canon + '\n');
				this.canon = '';
				continue;
			}
			if (c === ch(VEOF)) {
				// (not echoed) what was typed goes to the reader as it is; on an empty line, end of file
				input.push(this.canon === '' ? null : this.canon);
				this.canon = '';
				continue;
			}
			put(c);
			echoChar(c);
		}
		return {echo: out, input};
	}

	/** n_tty's eraser(): the erase, kill or word-erase character, and what it echoes. */
	private erase(kind: 'erase' | 'kill' | 'werase', key: string, echo: boolean, lflag: number): string {
		if (this.canon === '') return '';
		const ctl = (c: string) => ((lflag & ECHOCTL) && isCntrl(c) ? caretNotation(c) : c);
		if (kind === 'kill') {
			if (!echo) {
				this.canon = '';
				return '';
			}
			if (!(lflag & ECHOK) || !(lflag & ECHOKE) || !(lflag & ECHOE)) {
				// the kill character, and a newline with ECHOK
				this.canon = '';
				return ctl(key) + (lflag & ECHOK ? '\n' : '');
			}
		}
		let out = '';
		let alnums = 0;
		while (this.canon !== '') {
			const c = this.canon.slice(-1);
			if (kind === 'werase') {
				if (/[A-Za-z0-9_]/.test(c)) alnums++;
				else if (alnums) break;
			}
			this.canon = this.canon.slice(0, -1);
			if (echo) {
				if (kind === 'erase' && !(lflag & ECHOE)) out += ctl(key);
				else if (c === '\t') {
					// back to where the tab started: the columns since the line start or the tab before
					let cols = 0;
					let afterTab = false;
					for (let i = this.canon.length - 1; i >= 0; i--) {
						const d = this.canon[i]!;
						if (d === '\t') {
							afterTab = true;
							break;
						}
						cols += isCntrl(d) ? (lflag & ECHOCTL ? 2 : 0) : 1;
					}
					if (!afterTab) cols += this.canonColumn;
					out += '\b'.repeat(8 - (cols & 7));
				} else {
					if (isCntrl(c) && lflag & ECHOCTL) out += '\b \b';
					if (!isCntrl(c) || lflag & ECHOCTL) out += '\b \b';
				}
			}
			if (kind === 'erase') break;
		}
		return out;
	}

	/** Whether `key` is a signal character of the termios now (ISIG), unless the literal-next character came before it. */
	isSignal(key: '\x03' | '\x1a' | '\x1c'): boolean {
		const {lflag, cc} = this.termios;
		if (this.lnext || !(lflag & ISIG)) return false;
		const index = key === '\x03' ? VINTR : key === '\x1a' ? VSUSP : VQUIT;
		return cc[index] === key.charCodeAt(0);
	}

	/** The line typed so far in canonical mode, taken: the tty leaves canonical mode (ash's lineedit reads it as typed keys). */
	takeCanon(): string {
		const line = this.canon;
		this.canon = '';
		this.lnext = false;
		return line;
	}

	/** A signal character flushed the input (no NOFLSH). */
	flushInput(): void {
		this.canon = '';
		this.lnext = false;
	}

	/** tcgetattr(): a copy. */
	getattr(): Termios {
		return {...this.termios, cc: [...this.termios.cc]};
	}

	/** tcsetattr(): the kernel keeps the settings (the tty's termios has 19 control characters). */
	setattr(t: Termios): void {
		this.termios = {...t, cc: t.cc.map((c, i) => (i < 19 ? c & 0xff : 0))};
	}

	/** TIOCGWINSZ. */
	getWinsize(): Winsize {
		return {...this.winsize};
	}

	/** TIOCSWINSZ (the kernel would signal the foreground group with SIGWINCH, which ash ignores). */
	setWinsize(w: Winsize): void {
		this.winsize = {rows: w.rows & 0xffff, cols: w.cols & 0xffff};
	}
}
