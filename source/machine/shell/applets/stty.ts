import {isErrno, strerror, type Errno} from '../../errno.js';
import type {Termios} from '../../linux/tty.js';
import {BadNumber, bbShowUsage, dashDashHelp, UINT_MAX, xatonum} from '../getopt.js';
import {errorMsg, type Program} from '../proc.js';
import {terminalSize} from './termsize.js';

/**
 * coreutils/stty.c of busybox 1.35 over the console's termios (Linux's bits): with no setting it
 * prints the speed, the line discipline, the control characters and the modes that differ from
 * `stty sane`; -a everything, -g the `stty`-readable form; settings change the modes (`-echo`,
 * `raw`, `sane`, ...), control characters (`intr ^X`), `min`/`time`, the speed, `line`, and the
 * window size (`rows`, `cols`: what later programs on the console size their output by).
 */

type Field = 'cflag' | 'iflag' | 'oflag' | 'lflag' | 'combination';
const SANE_SET = 1;
const SANE_UNSET = 2;
const REV = 4;
const OMIT = 8;

interface Mode {
	name: string;
	type: Field;
	flags: number;
	bits: number;
	mask: number;
}

const m = (name: string, type: Field, flags: number, bits = 0, mask = 0): Mode => ({name, type, flags, bits, mask});

// <asm-generic/termbits.h>
const CSIZE = 0o60;
const NLDLY = 0o400;
const CRDLY = 0o3000;
const TABDLY = 0o14000;
const BSDLY = 0o20000;
const VTDLY = 0o40000;
const FFDLY = 0o100000;
const CBAUD = 0o10017;
const [PARENB, PARODD, HUPCL, CSTOPB, CREAD, CLOCAL, CMSPAR, CRTSCTS] = [0o400, 0o1000, 0o2000, 0o100, 0o200, 0o4000, 0o10000000000, 0o20000000000];
const [IGNBRK, BRKINT, IGNPAR, PARMRK, INPCK, ISTRIP, INLCR, IGNCR, ICRNL, IUCLC, IXON, IXANY, IXOFF, IMAXBEL, IUTF8] = [0o1, 0o2, 0o4, 0o10, 0o20, 0o40, 0o100, 0o200, 0o400, 0o1000, 0o2000, 0o4000, 0o10000, 0o20000, 0o40000];
const [OPOST, OLCUC, ONLCR, OCRNL, ONOCR, ONLRET, OFILL, OFDEL] = [0o1, 0o2, 0o4, 0o10, 0o20, 0o40, 0o100, 0o200];
const [ISIG, ICANON, XCASE, ECHO, ECHOE, ECHOK, ECHONL, NOFLSH, TOSTOP, ECHOCTL, ECHOPRT, ECHOKE, FLUSHO, IEXTEN, EXTPROC] = [0o1, 0o2, 0o4, 0o10, 0o20, 0o40, 0o100, 0o200, 0o400, 0o1000, 0o2000, 0o4000, 0o10000, 0o100000, 0o200000];
const [VINTR, VQUIT, VERASE, VKILL, VEOF, VTIME, VMIN, VSWTC, VSTART, VSTOP, VSUSP, VEOL, VREPRINT, VDISCARD, VWERASE, VLNEXT, VEOL2] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

/** mode_info[]: the combinations first, then each flag in its word's display order. */
const MODES: Mode[] = [
	m('evenp', 'combination', REV | OMIT), m('parity', 'combination', REV | OMIT), m('oddp', 'combination', REV | OMIT),
	m('nl', 'combination', REV | OMIT), m('ek', 'combination', OMIT), m('sane', 'combination', OMIT),
	m('cooked', 'combination', REV | OMIT), m('raw', 'combination', REV | OMIT), m('pass8', 'combination', REV | OMIT),
	m('litout', 'combination', REV | OMIT), m('cbreak', 'combination', REV | OMIT), m('crt', 'combination', OMIT),
	m('dec', 'combination', OMIT), m('decctlq', 'combination', REV | OMIT), m('tabs', 'combination', REV | OMIT),
	m('lcase', 'combination', REV | OMIT), m('LCASE', 'combination', REV | OMIT),
	m('parenb', 'cflag', REV, PARENB), m('parodd', 'cflag', REV, PARODD), m('cmspar', 'cflag', REV, CMSPAR),
	m('cs5', 'cflag', 0, 0, CSIZE), m('cs6', 'cflag', 0, 0o20, CSIZE), m('cs7', 'cflag', 0, 0o40, CSIZE), m('cs8', 'cflag', 0, 0o60, CSIZE),
	m('hupcl', 'cflag', REV, HUPCL), m('hup', 'cflag', REV | OMIT, HUPCL), m('cstopb', 'cflag', REV, CSTOPB),
	m('cread', 'cflag', SANE_SET | REV, CREAD), m('clocal', 'cflag', REV, CLOCAL), m('crtscts', 'cflag', REV, CRTSCTS),
	m('ignbrk', 'iflag', SANE_UNSET | REV, IGNBRK), m('brkint', 'iflag', SANE_SET | REV, BRKINT), m('ignpar', 'iflag', REV, IGNPAR),
	m('parmrk', 'iflag', REV, PARMRK), m('inpck', 'iflag', REV, INPCK), m('istrip', 'iflag', REV, ISTRIP),
	m('inlcr', 'iflag', SANE_UNSET | REV, INLCR), m('igncr', 'iflag', SANE_UNSET | REV, IGNCR), m('icrnl', 'iflag', SANE_SET | REV, ICRNL),
	m('ixon', 'iflag', REV, IXON), m('ixoff', 'iflag', SANE_UNSET | REV, IXOFF), m('tandem', 'iflag', OMIT | REV, IXOFF),
	m('iuclc', 'iflag', SANE_UNSET | REV, IUCLC), m('ixany', 'iflag', SANE_UNSET | REV, IXANY), m('imaxbel', 'iflag', SANE_SET | REV, IMAXBEL),
	m('iutf8', 'iflag', SANE_UNSET | REV, IUTF8),
	m('opost', 'oflag', SANE_SET | REV, OPOST), m('olcuc', 'oflag', SANE_UNSET | REV, OLCUC), m('ocrnl', 'oflag', SANE_UNSET | REV, OCRNL),
	m('onlcr', 'oflag', SANE_SET | REV, ONLCR), m('onocr', 'oflag', SANE_UNSET | REV, ONOCR), m('onlret', 'oflag', SANE_UNSET | REV, ONLRET),
	m('ofill', 'oflag', SANE_UNSET | REV, OFILL), m('ofdel', 'oflag', SANE_UNSET | REV, OFDEL),
	m('nl1', 'oflag', SANE_UNSET, 0o400, NLDLY), m('nl0', 'oflag', SANE_SET, 0, NLDLY),
	m('cr3', 'oflag', SANE_UNSET, 0o3000, CRDLY), m('cr2', 'oflag', SANE_UNSET, 0o2000, CRDLY), m('cr1', 'oflag', SANE_UNSET, 0o1000, CRDLY), m('cr0', 'oflag', SANE_SET, 0, CRDLY),
	m('tab3', 'oflag', SANE_UNSET, 0o14000, TABDLY), m('tab2', 'oflag', SANE_UNSET, 0o10000, TABDLY), m('tab1', 'oflag', SANE_UNSET, 0o4000, TABDLY), m('tab0', 'oflag', SANE_SET, 0, TABDLY),
	m('bs1', 'oflag', SANE_UNSET, 0o20000, BSDLY), m('bs0', 'oflag', SANE_SET, 0, BSDLY),
	m('vt1', 'oflag', SANE_UNSET, 0o40000, VTDLY), m('vt0', 'oflag', SANE_SET, 0, VTDLY),
	m('ff1', 'oflag', SANE_UNSET, 0o100000, FFDLY), m('ff0', 'oflag', SANE_SET, 0, FFDLY),
	m('isig', 'lflag', SANE_SET | REV, ISIG), m('icanon', 'lflag', SANE_SET | REV, ICANON), m('iexten', 'lflag', SANE_SET | REV, IEXTEN),
	m('echo', 'lflag', SANE_SET | REV, ECHO), m('echoe', 'lflag', SANE_SET | REV, ECHOE), m('crterase', 'lflag', OMIT | REV, ECHOE),
	m('echok', 'lflag', SANE_SET | REV, ECHOK), m('echonl', 'lflag', SANE_UNSET | REV, ECHONL), m('noflsh', 'lflag', SANE_UNSET | REV, NOFLSH),
	m('xcase', 'lflag', SANE_UNSET | REV, XCASE), m('tostop', 'lflag', SANE_UNSET | REV, TOSTOP), m('echoprt', 'lflag', SANE_UNSET | REV, ECHOPRT),
	m('prterase', 'lflag', OMIT | REV, ECHOPRT), m('echoctl', 'lflag', SANE_SET | REV, ECHOCTL), m('ctlecho', 'lflag', OMIT | REV, ECHOCTL),
	m('echoke', 'lflag', SANE_SET | REV, ECHOKE), m('crtkill', 'lflag', OMIT | REV, ECHOKE), m('flusho', 'lflag', SANE_UNSET | REV, FLUSHO),
	m('extproc', 'lflag', SANE_UNSET | REV, EXTPROC),
];

/** control_info[]: name, `stty sane`'s value, c_cc index. */
const CONTROLS: [string, number, number][] = [
	['intr', 3, VINTR], ['quit', 28, VQUIT], ['erase', 127, VERASE], ['kill', 21, VKILL], ['eof', 4, VEOF], ['eol', 0, VEOL],
	['eol2', 0, VEOL2], ['swtch', 0, VSWTC], ['start', 17, VSTART], ['stop', 19, VSTOP], ['susp', 26, VSUSP], ['rprnt', 18, VREPRINT],
	['werase', 23, VWERASE], ['lnext', 22, VLNEXT], ['flush', 15, VDISCARD], ['min', 1, VMIN], ['time', 0, VTIME],
];

/** The speeds a serial port takes (tty_value_to_baud()): the value and its Bxxx code. */
const SPEEDS: [number, number][] = [
	[0, 0], [50, 1], [75, 2], [110, 3], [134, 4], [150, 5], [200, 6], [300, 7], [600, 8], [1200, 9], [1800, 10], [2400, 11], [4800, 12],
	[9600, 13], [19200, 14], [38400, 15], [57600, 0o10001], [115200, 0o10002], [230400, 0o10003], [460800, 0o10004], [500000, 0o10005],
	[576000, 0o10006], [921600, 0o10007], [1000000, 0o10010], [1152000, 0o10011], [1500000, 0o10012], [2000000, 0o10013],
	[2500000, 0o10014], [3000000, 0o10015], [3500000, 0o10016], [4000000, 0o10017],
];

const STTY_SUFFIXES: Record<string, bigint> = {b: 512n, k: 1024n, B: 1024n};

/** visible(): `^C`, `^?`, `M-x` for the high half. */
function visible(ch: number): string {
	let out = '';
	let c = ch;
	if (c >= 128) {
		c -= 128;
		out += 'M-';
	}
	if (c < 32 || c === 127) {
		out += '^';
		c ^= 0x40;
	}
	return out + String.fromCharCode(c);
}

/** set_mode(): a flag (or its `-` form), or a combination. */
function setMode(mode: Mode, reversed: boolean, t: Termios): void {
	if (mode.type !== 'combination') {
		const val = t[mode.type] & ~mode.mask;
		t[mode.type] = (reversed ? val & ~mode.bits : val | mode.bits) >>> 0;
		return;
	}
	const cs = (c: number) => (t.cflag & ~CSIZE) | c;
	switch (mode.name) {
		case 'evenp':
		case 'parity':
			t.cflag = reversed ? (t.cflag & ~PARENB & ~CSIZE) | 0o60 : (t.cflag & ~PARODD & ~CSIZE) | PARENB | 0o40;
			break;
		case 'oddp':
			t.cflag = reversed ? (t.cflag & ~PARENB & ~CSIZE) | 0o60 : cs(0o40) | PARODD | PARENB;
			break;
		case 'nl':
			if (reversed) {
				t.iflag = (t.iflag | ICRNL) & ~INLCR & ~IGNCR;
				t.oflag = (t.oflag | ONLCR) & ~OCRNL & ~ONLRET;
			} else {
				t.iflag &= ~ICRNL;
				t.oflag &= ~ONLCR;
			}
			break;
		case 'ek':
			t.cc[VERASE] = 127;
			t.cc[VKILL] = 21;
			break;
		case 'sane':
			for (const [, sane, at] of CONTROLS) t.cc[at] = sane;
			for (const f of MODES) {
				if (f.type === 'combination') continue;
				const val = t[f.type] & ~f.mask;
				if (f.flags & SANE_SET) t[f.type] = (val | f.bits) >>> 0;
				else if (f.flags & SANE_UNSET) t[f.type] = (val & ~f.bits) >>> 0;
			}
			break;
		case 'cbreak':
			t.lflag = reversed ? t.lflag | ICANON : t.lflag & ~ICANON;
			break;
		case 'pass8':
			if (reversed) {
				t.cflag = cs(0o40) | PARENB;
				t.iflag |= ISTRIP;
			} else {
				t.cflag = (t.cflag & ~PARENB & ~CSIZE) | 0o60;
				t.iflag &= ~ISTRIP;
			}
			break;
		case 'litout':
			if (reversed) {
				t.cflag = cs(0o40) | PARENB;
				t.iflag |= ISTRIP;
				t.oflag |= OPOST;
			} else {
				t.cflag = (t.cflag & ~PARENB & ~CSIZE) | 0o60;
				t.iflag &= ~ISTRIP;
				t.oflag &= ~OPOST;
			}
			break;
		case 'raw':
		case 'cooked':
			if ((mode.name === 'raw') === reversed) {
				t.iflag |= BRKINT | IGNPAR | ISTRIP | ICRNL | IXON;
				t.oflag |= OPOST;
				t.lflag |= ISIG | ICANON;
			} else {
				t.iflag = 0;
				t.oflag &= ~OPOST;
				t.lflag &= ~(ISIG | ICANON | XCASE);
				t.cc[VMIN] = 1;
				t.cc[VTIME] = 0;
			}
			break;
		case 'decctlq':
			t.iflag = reversed ? t.iflag | IXANY : t.iflag & ~IXANY;
			break;
		case 'tabs':
			t.oflag = (t.oflag & ~TABDLY) | (reversed ? 0o14000 : 0);
			break;
		case 'lcase':
		case 'LCASE':
			if (reversed) {
				t.lflag &= ~XCASE;
				t.iflag &= ~IUCLC;
				t.oflag &= ~OLCUC;
			} else {
				t.lflag |= XCASE;
				t.iflag |= IUCLC;
				t.oflag |= OLCUC;
			}
			break;
		case 'crt':
			t.lflag |= ECHOE | ECHOCTL | ECHOKE;
			break;
		case 'dec':
			t.cc[VINTR] = 3;
			t.cc[VERASE] = 127;
			t.cc[VKILL] = 21;
			t.lflag |= ECHOE | ECHOCTL | ECHOKE;
			t.iflag &= ~IXANY;
			break;
	}
}

/** An error that ends stty (bb_error_msg_and_die()). */
class Die extends Error {}

const stty: Program = p => {
	if (dashDashHelp(p)) return bbShowUsage(p, 'stty', 0);
	let out = '';
	let col = 0;
	let maxCol = 80;
	const die = (msg: string): never => {
		p.out(out);
		out = '';
		errorMsg(p, msg);
		throw new Die();
	};
	/** wrapf(): a space between items, a line break before one that would reach the edge. */
	const wrapf = (s: string) => {
		if (col > 0) {
			col++;
			if (s[0] !== '\n') {
				if (col + s.length >= maxCol) {
					col = 0;
					out += '\n';
				} else out += ' ';
			}
		}
		out += s;
		col += s.length;
		if (s.endsWith('\n')) col = 0;
	};
	const newline = () => {
		if (col !== 0) wrapf('\n');
	};
	let device = 'standard input';
	/** perror_on_device(): the device, and strerror() when errno is set. */
	const perrorOnDevice = (errno?: Errno) => {
		p.out(out);
		out = '';
		p.err(`stty: ${device}${errno ? `: ${strerror[errno]}` : ''}\n`);
	};
	const number = (s: string, lo: number, hi: number): number => {
		const n = xatonum(s, BigInt(hi), UINT_MAX, STTY_SUFFIXES);
		if (n instanceof BadNumber) return die(n.message);
		if (n < lo) return die(`number ${s} is not in ${lo}..${hi} range`);
		return n;
	};
	const baud = (s: string): number => {
		const v = xatonum(s, UINT_MAX);
		if (v instanceof BadNumber) return die(v.message);
		const b = SPEEDS.find(([n]) => n === v);
		return b ? b[1] : -1;
	};
	const findMode = (name: string) => MODES.find(x => x.name === name);
	const findControl = (name: string) => CONTROLS.find(c => c[0] === name);
	const controlValue = (c: [string, number, number], arg: string): number => {
		if (c[0] === 'min' || c[0] === 'time') return number(arg, 0, 0xff);
		if (arg.length <= 1) return arg.length ? arg.charCodeAt(0) & 0xff : 0;
		if (arg === '^-' || arg === 'undef') return 0;
		if (arg[0] === '^') return arg[1] === '?' ? 127 : arg.charCodeAt(1) & 0x1f;
		return number(arg, 0, 0xff);
	};
	try {
		const argv = p.argv.slice(1);
		let verbose = false;
		let recoverable = false;
		let noargs = true;
		let file: string | undefined;
		// first pass: check the arguments
		for (let k = 0; k < argv.length; k++) {
			p.tick();
			const arg = argv[k]!;
			const next = argv[k + 1];
			if (arg[0] === '-') {
				const mode = findMode(arg.slice(1));
				if (mode) {
					if (!(mode.flags & REV)) die(`invalid argument '${arg}'`);
					noargs = false;
					continue;
				}
				for (let i = 1; i < arg.length; i++) {
					const c = arg[i];
					if (c === 'a') verbose = true;
					else if (c === 'g') recoverable = true;
					else if (c === 'F') {
						if (file !== undefined) die('only one device may be specified');
						file = arg.slice(i + 1);
						if (!file) {
							if (next === undefined) die('-F requires an argument');
							file = next;
							argv.splice(k + 1, 1);
						}
						break;
					} else die(`invalid argument '${arg}'`);
				}
				continue;
			}
			if (findMode(arg)) {
				noargs = false;
				continue;
			}
			const control = findControl(arg);
			if (control) {
				if (next === undefined) die(`${arg} requires an argument`);
				controlValue(control, next!);
				noargs = false;
				k++;
				continue;
			}
			if (['line', 'rows', 'cols', 'columns', 'ispeed', 'ospeed'].includes(arg)) {
				if (next === undefined) die(`${arg} requires an argument`);
				k++;
				// (set_speed_or_die(): only xatou() can die; cfsetispeed() of a speed the table
				// lacks fails with EINVAL, unchecked)
				if (arg === 'ispeed' || arg === 'ospeed') baud(next!);
				else number(next!, 1, 0x7fffffff);
			} else if (arg !== 'size' && arg !== 'speed' && !/^[0-9a-f]+(:[0-9a-f]+){35}$/i.test(arg)) {
				if (baud(arg) < 0) die(`invalid argument '${arg}'`);
			}
			noargs = false;
		}
		if (verbose && recoverable) die('-a and -g are mutually exclusive');
		if ((verbose || recoverable) && !noargs) die('modes may not be set when -a or -g is used');
		// the descriptor: stdin, or the -F device (the console's nodes are the one tty here)
		let onTty = p.stdinIsTty;
		if (file !== undefined) {
			device = file;
			const st = p.vfs.stat(p.abs(file));
			if (isErrno(st)) die(`can't open '${file}': ${strerror[st]}`);
			const name = p.vfs.realpath?.(p.abs(file));
			onTty = !isErrno(st) && st.type === 'chardev' && ['/dev/ttyS0', '/dev/console', '/dev/tty'].includes(typeof name === 'string' ? name : file);
		}
		const tty = p.sys.tty?.();
		if (!onTty || !tty) {
			perrorOnDevice('ENOTTY');
			return 1;
		}
		const t = tty.getattr();
		if (verbose || recoverable || noargs) {
			maxCol = terminalSize(p, p.stdoutIsTty).width;
			if (recoverable) {
				p.out(`${[t.iflag, t.oflag, t.cflag, t.lflag].map(v => v.toString(16)).join(':')}${t.cc.map(c => `:${c.toString(16)}`).join('')}\n`);
				return 0;
			}
			const speed = SPEEDS.find(([, b]) => b === (t.cflag & CBAUD))?.[0] ?? 0;
			wrapf(`speed ${speed} baud;`);
			if (verbose) {
				const size = terminalSize(p, true);
				if (size.err) perrorOnDevice();
				else wrapf(`rows ${size.height}; columns ${size.width};`);
			}
			wrapf(`line = ${t.line};\n`);
			for (const [name, , at] of CONTROLS.slice(0, -2)) wrapf(`${name} = ${t.cc[at] === 0 ? '<undef>' : visible(t.cc[at]!)};`);
			wrapf(`min = ${t.cc[VMIN]}; time = ${t.cc[VTIME]};`);
			newline();
			let prev: Field = 'cflag';
			for (const f of MODES) {
				if (f.flags & OMIT) continue;
				if (f.type !== prev) {
					newline();
					prev = f.type;
				}
				const word = t[f.type as Exclude<Field, 'combination'>];
				const mask = f.mask || f.bits;
				if ((word & mask) === f.bits) {
					if (verbose || f.flags & SANE_UNSET) wrapf(f.name);
				} else if ((verbose && f.flags & REV) || (!verbose && (f.flags & (SANE_SET | REV)) === (SANE_SET | REV))) wrapf(`-${f.name}`);
			}
			newline();
			p.out(out);
			return 0;
		}
		// second pass: do it
		let set = false;
		for (let k = 0; k < argv.length; k++) {
			const arg = argv[k]!;
			const next = argv[k + 1];
			if (arg[0] === '-') {
				const mode = findMode(arg.slice(1));
				if (mode) {
					setMode(mode, true, t);
					set = true;
				}
				continue;
			}
			const mode = findMode(arg);
			if (mode) {
				setMode(mode, false, t);
				set = true;
				continue;
			}
			const control = findControl(arg);
			if (control) {
				k++;
				t.cc[control[2]] = controlValue(control, next!);
				set = true;
				continue;
			}
			switch (arg) {
				case 'line':
					k++;
					t.line = number(next!, 0, 0xffffffff) & 0xff;
					set = true;
					break;
				case 'rows':
				case 'cols':
				case 'columns': {
					k++;
					const ws = tty.getWinsize();
					const n = number(next!, 0, 0xffffffff);
					tty.setWinsize(arg === 'rows' ? {...ws, rows: n} : {...ws, cols: n});
					break;
				}
				case 'size': {
					const size = terminalSize(p, true);
					if (size.err) perrorOnDevice();
					else wrapf(`${size.height} ${size.width}\n`);
					break;
				}
				case 'speed':
					wrapf(`${SPEEDS.find(([, b]) => b === (t.cflag & CBAUD))?.[0] ?? 0}\n`);
					break;
				case 'ispeed':
				case 'ospeed': {
					k++;
					const b = baud(next!);
					if (b >= 0) t.cflag = (t.cflag & ~CBAUD) | b;
					set = true;
					break;
				}
				default:
					if (/:/.test(arg)) {
						const f = arg.split(':').map(x => Number.parseInt(x, 16));
						[t.iflag, t.oflag, t.cflag, t.lflag] = f.slice(0, 4) as [number, number, number, number];
						t.cc = f.slice(4);
					} else t.cflag = (t.cflag & ~CBAUD) | baud(arg);
					set = true;
			}
		}
		p.out(out);
		if (set) tty.setattr(t);
		return 0;
	} catch (e) {
		if (e instanceof Die) return 1;
		throw e;
	}
};

export const STTY_PROGRAMS: Record<string, Program> = {stty};
