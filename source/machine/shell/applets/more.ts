import {isErrno, strerror} from '../../errno.js';
import {getopt32} from '../getopt.js';
import type {Program} from '../proc.js';
import {terminalSize} from './termsize.js';
import {FILE_PROGRAMS} from './fileutils.js';

/**
 * util-linux/more.c of busybox 1.35: `more [-dflsu] [FILE]...` (the options are accepted and
 * ignored). When stdout is not a terminal it is cat (bb_cat(): the cat applet itself, under
 * more's name). On the console it copies each file (or stdin) a character at a time, counting
 * rows of the terminal's width, and when a screenful less one row is out it prints `--More-- ` (with `(N% of SIZE bytes)` when fstat()
 * gives a size: a tmpfs or sysfs file, not /proc) and reads a key from /dev/tty.
 */

/** CONVERTED_TAB_SIZE: a tab becomes spaces up to the next multiple of 8. */
const TAB = 8;

/** What a screenful of `data` puts out, and whether the `--More--` prompt ended it. */
function page(data: string, size: number, width: number, height: number): {out: string; prompt?: string} {
	let out = '';
	let len = 0;
	let lines = 0;
	let spaces = 0;
	let i = 0;
	let c = '';
	for (;;) {
		if (spaces) spaces--;
		else {
			if (i >= data.length) return {out};
			c = data[i++]!;
		}
		for (;;) {
			// loop_top
			if (lines >= height) {
				let prompt = '--More-- ';
				// (ftello(): what getc() has taken so far)
				if (size) prompt += `(${Math.floor(i / Math.max(1, Math.floor(size / 100)))}% of ${size} bytes)`;
				return {out, prompt};
			}
			if (c === '\t') {
				spaces = (~len >>> 0) % TAB;
				c = ' ';
			}
			const wrap = ++len > width;
			if (c === '\n' || wrap) {
				lines++;
				len = 0;
			}
			// A character that wraps goes on the next row: the prompt (if due) comes first.
			if (c !== '\n' && wrap) continue;
			out += c;
			break;
		}
	}
}

const more: Program = p => {
	const o = getopt32(p, {opts: 'dflsu'});
	if (typeof o === 'number') return o;
	// "Another popular pager, most, detects when stdout is not a tty and turns into cat."
	if (!p.stdoutIsTty) return FILE_PROGRAMS.cat!({...p, argv: ['more', '--', ...o.args]});
	// (the size of /dev/tty, the console)
	const {width, height} = terminalSize(p, true);
	const files = o.args.length ? o.args : [undefined];
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
		const r = page(data, size, width, height - 1);
		p.out(r.out);
		if (r.prompt !== undefined) {
			// getc(tty): the guest's user answers with Space, Enter, r or q.
			p.out(r.prompt);
			p.err('\nmemhp: more: a key from the console is not simulated (in the guest: Space for the next page, q to quit); use cat, head or tail\n');
			return 0;
		}
		p.tick(Math.ceil(data.length / 4096));
	}
	return 0;
};

export const MORE_PROGRAMS: Record<string, Program> = {more};
