import {isErrno, strerror} from '../../errno.js';
import {getopt32} from '../getopt.js';
import {NeedConsoleInput, type ConsoleReader, type InteractiveProgram, type Proc} from '../proc.js';
import {terminalSize} from './termsize.js';
import {FILE_PROGRAMS} from './fileutils.js';

/**
 * util-linux/more.c of busybox 1.35: `more [-dflsu] [FILE]...` (the options are accepted and
 * ignored). When stdout is not a terminal it is cat (bb_cat(): the cat applet itself, under
 * more's name). On the console it copies each file (or stdin) a character at a time, counting
 * rows of the terminal's width, and when a screenful less one row is out it prints `--More-- ` (with `(N% of SIZE bytes)` when fstat()
 * gives a size: a tmpfs or sysfs file, not /proc) and reads a key from /dev/tty in raw mode:
 * Space the next page, Enter the next line, r the rest, q quits, any other key shows the help.
 */

/** CONVERTED_TAB_SIZE: a tab becomes spaces up to the next multiple of 8. */
const TAB = 8;

/** What more answers a key it does not know (and any key, with the prompt erased, first). */
const HELP = '(Enter:next line Space:next page Q:quit R:show the rest)';

/**
 * The keys typed on /dev/tty since more started (raw mode: each as typed), read one at a time:
 * null at end of input (a background job's, or Ctrl-D in memhp), which more takes as `q`.
 * Without one yet it waits (NeedConsoleInput(true): memhp runs more again with the key).
 */
class TtyKeys {
	private at = 0;
	constructor(private readonly tty: ConsoleReader | undefined, private readonly gotsig: () => number) {}

	getc(): string | null {
		if (!this.tty) return null;
		const typed = this.tty.peek();
		if (this.at < typed.data.length) return typed.data[this.at++]!;
		if (typed.eof) return null;
		throw new NeedConsoleInput(true, false, undefined, this.gotsig);
	}

	/** more is done: the keys it read are gone from the terminal's input. */
	done(): void {
		this.tty?.take(this.at);
	}
}

/**
 * more_main()'s loop over one file: a character at a time, rows counted at the terminal's
 * width; after a screenful less one row (or one more line after Enter) the `--More--` prompt
 * and a key. `input` is the last key, kept from file to file (`r`: no more prompts). Returns
 * false when `q` ends more.
 */
function moreFile(p: Proc, data: string, size: number, keys: TtyKeys, state: {input: string}): boolean {
	// get_wh(): the terminal's size, one row kept for the prompt
	const dims = () => {
		const {width, height} = terminalSize(p, true);
		return {width, height: height - 1};
	};
	let {width, height} = dims();
	let out = '';
	let len = 0;
	let lines = 0;
	let spaces = 0;
	let prompt = false;
	let i = 0;
	let c = '';
	for (;;) {
		if (spaces) spaces--;
		else {
			if (i >= data.length) break;
			c = data[i++]!;
		}
		for (;;) {
			// loop_top
			if (state.input !== 'r' && prompt) {
				let msg = '--More-- ';
				// (ftello(): what getc() has taken so far)
				if (size) msg += `(${Math.floor(i / Math.max(1, Math.floor(size / 100)))}% of ${size} bytes)`;
				out += msg;
				for (;;) {
					// fflush_all(), then getc(tty): the prompt is out before more waits
					p.out(out);
					out = '';
					const key = keys.getc();
					state.input = key === null ? 'q' : key.toLowerCase();
					// erase the last message
					out += `\r${' '.repeat(msg.length)}\r`;
					if (state.input === 'q') {
						p.out(out);
						return false;
					}
					if (state.input === ' ' || state.input === '\n' || state.input === 'r') break;
					msg = HELP;
					out += msg;
				}
				len = 0;
				lines = 0;
				prompt = false;
				({width, height} = dims());
			}
			if (c === '\t') {
				spaces = (~len >>> 0) % TAB;
				c = ' ';
			}
			const wrap = ++len > width;
			if (c === '\n' || wrap) {
				if (++lines >= height || state.input === '\n') prompt = true;
				len = 0;
			}
			// A character that wraps goes on the next row: the prompt (if due) comes first.
			if (c !== '\n' && wrap) continue;
			out += c;
			break;
		}
		if (out.length >= 4096) {
			p.out(out);
			out = '';
		}
	}
	p.out(out);
	return true;
}

const more: InteractiveProgram = p => {
	const o = getopt32(p, {opts: 'dflsu'});
	if (typeof o === 'number') return o;
	// "Another popular pager, most, detects when stdout is not a tty and turns into cat."
	if (!p.stdoutIsTty) return FILE_PROGRAMS.cat!({...p, argv: ['more', '--', ...o.args]});
	// the keys come from /dev/tty, in raw mode, whatever stdin is (`dmesg | more`)
	// gotsig(), more's handler of BB_FATAL_SIGS (the terminal's SIGINT and SIGQUIT among them): a
	// newline on stderr, the terminal's settings back, _exit(EXIT_FAILURE); the command line goes on.
	const keys = new TtyKeys(p.tty, () => {
		p.err('\n');
		return 1;
	});
	const state = {input: ''};
	const files = o.args.length ? o.args : [undefined];
	try {
		for (const f of files) {
			p.tick();
			let data: string;
			let size = 0;
			if (f === undefined) data = p.stdin();
			else {
				const path = p.abs(f);
				const st = p.vfs.stat(path);
				if (isErrno(st)) {
					p.err(`more: ${f}: ${strerror[st]}\n`);
					continue;
				}
				// fopen() of a directory works; its first getc() fails (EISDIR) and ends the file.
				if (st.type === 'dir') continue;
				const file = p.vfs.open(path, {read: true});
				if (isErrno(file)) {
					p.err(`more: ${f}: ${strerror[file]}\n`);
					continue;
				}
				const read = file.read();
				file.close();
				if (isErrno(read)) continue;
				data = read;
				size = st.size;
			}
			p.tick(Math.ceil(data.length / 4096));
			if (!moreFile(p, data, size, keys, state)) break;
		}
	} finally {
		keys.done();
	}
	return 0;
};

export const MORE_PROGRAMS: Record<string, InteractiveProgram> = {more};
