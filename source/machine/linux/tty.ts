/**
 * The serial console's tty (ttyS0, which /dev/console also reaches): its termios as
 * tcgetattr()/tcsetattr() see them (glibc's struct termios: the four flag words, the line
 * discipline, 32 control characters; the speed in c_cflag's CBAUD bits) and its window size
 * (TIOCGWINSZ/TIOCSWINSZ). The lab's guest after boot: 9600 baud, cs8 cread hupcl clocal, icrnl
 * ixon, opost onlcr, isig icanon iexten echo echoe echok echoctl echoke, the standard control
 * characters, and a 0x0 window (a serial port has no size until someone sets one).
 *
 * memhp keeps what is set and reports it; the console's own line editing and echo are memhp's
 * screen, which these settings do not change.
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

export class ConsoleTty {
	private termios = bootTermios();
	private winsize: Winsize = {rows: 0, cols: 0};

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
