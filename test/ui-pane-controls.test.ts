/**
 * Terminal controls in a pane's output: `clear` (ESC [H ESC [J), `reset` (ESC c) and top's
 * console display clear the screen, as the user's terminal would, keeping what was there in the
 * pane's scrollback; other controls (top's reverse-video header) are taken, not shown.
 */
import {describe, expect, it} from 'vitest';
import {PaneBuffer} from '../source/ui/pane/pane-buffer.js';
import {computeViewport, scrollToLine} from '../source/ui/pane/viewport.js';

const prompt = [{text: '/ # ', cursorAt: 4}];
const view = (b: PaneBuffer, height: number, scroll = 0) => computeViewport(b, prompt, 20, height, scroll).rows.map(r => r.text);

describe('pane terminal controls', () => {
	it('clear: the next prompt at the top of the pane, blank rows below, the old lines scrolled back', () => {
		const b = new PaneBuffer();
		b.append('one\ntwo\nthree\n/ # clear\n');
		b.append('\x1b[H\x1b[J');
		expect(b.lineCount()).toBe(4);
		expect(view(b, 4)).toEqual(['/ # ', '', '', '']);
		// scrolling up shows what was there
		expect(view(b, 4, 2)).toEqual(['three', '/ # clear', '/ # ', '']);
		b.append('a\nb\n');
		expect(view(b, 4)).toEqual(['a', 'b', '/ # ', '']);
		// once the output fills the pane it scrolls as before
		b.append('c\nd\ne\n');
		expect(view(b, 4)).toEqual(['c', 'd', 'e', '/ # ']);
		expect(scrollToLine(b, 1, 0, 20, 4)).toBe(b.lineCount() + 1 - 4);
	});

	it('a carriage return goes back to the start of the line and what follows overwrites it; CR LF and LF CR end a line', () => {
		const b = new PaneBuffer();
		b.append('one\r\ntwo\n\rthree\n');
		expect([b.line(0), b.line(1), b.line(2)]).toEqual(['one', 'two', 'three']);
		// more's prompt, erased by `\r`, spaces, `\r`, then the next line written over it
		b.append('--More-- (9%)');
		b.append(`\r${' '.repeat(13)}\r`);
		expect(b.current()).toBe(' '.repeat(13));
		b.append('6\n7');
		expect(b.line(3)).toBe(`6${' '.repeat(12)}`);
		expect(b.current()).toBe('7');
		// past the old text the line simply grows
		b.append('\rabcdef');
		expect(b.current()).toBe('abcdef');
		b.append('\rXY');
		expect(b.current()).toBe('XYcdef');
	});

	it('ESC [2J and ESC c clear too; a home after a clear writes at the top of the fresh screen; colours and modes are dropped', () => {
		const b = new PaneBuffer();
		b.append('x\n\x1b[2Jy\n');
		expect(view(b, 3)).toEqual(['y', '/ # ', '']);
		b.append('\x1bc\x1b(B\x1b[m\x1b[J\x1b[?25h');
		expect(view(b, 3)).toEqual(['/ # ', '', '']);
		b.append('\x1b[Hkept\n\x1b[J\x1b[7mPID\x1b[m\n');
		expect(view(b, 3)).toEqual(['kept', 'PID', '/ # ']);
	});

	it('a cursor move goes to that row of the screen, its last 24 lines: less draws its page over them and erases lines', () => {
		const b = new PaneBuffer();
		for (let i = 1; i <= 30; i++) b.append(`l${i}\n`);
		b.append('/ # less\n');
		// (the real guest's bytes, lab probe s54/r46: it asks the size, then draws from the top left)
		let page = '\x1b[999;999H\x1b[6n\x1b[0;0H';
		for (let i = 1; i <= 23; i++) page += `\x1b[Kp${i}\n`;
		b.append(`${page}\x1b[24;0H\x1b[K\x1b[7mstandard input\x1b[m`);
		expect(b.lineCount()).toBe(31);
		expect([b.line(7), b.line(8), b.line(30)]).toEqual(['l8', 'p1', 'p23']);
		expect(b.current()).toBe('standard input');
		// a shorter line over a longer one: ESC [K took the rest; the prompt after q on the last row
		b.append('\x1b[0;0H\x1b[K9\n\x1b[24;0H\x1b[K:');
		expect(b.line(8)).toBe('9');
		b.append('\x1b[24;0H\x1b[K/ # ');
		expect(b.current()).toBe('/ # ');
		// a backspace moves back one (less's line input erases with `\b \b`)
		b.append('abc\b\bX\b \b');
		expect(b.current()).toBe('/ # a c');
	});

	it('answers ESC [6n with the cursor\'s row and column on its screen, the size the view gave it', () => {
		const b = new PaneBuffer();
		b.setScreen(10, 40);
		for (let i = 1; i <= 30; i++) b.append(`l${i}\n`);
		b.append('\x1b[999;999H\x1b[6n');
		expect(b.takeReports()).toEqual(['\x1b[10;40R']);
		expect(b.takeReports()).toEqual([]);
		// the screen is its last 10 lines: row 1 is l22
		b.append('\x1b[0;0Hx\x1b[6n');
		expect(b.line(21)).toBe('x22');
		expect(b.takeReports()).toEqual(['\x1b[1;2R']);
	});

	it('a partial line before the clear stays in the scrollback; a pane never cleared is bottom-anchored', () => {
		const b = new PaneBuffer();
		b.append('half\x1b[H\x1b[Jnew\n');
		expect(b.line(0)).toBe('half');
		expect(view(b, 3)).toEqual(['new', '/ # ', '']);
		const plain = new PaneBuffer();
		plain.append('a\n');
		expect(view(plain, 3)).toEqual(['a', '/ # ']);
	});

	it('ESC [?1049h draws on an empty alternate screen; ESC [?1049l gives back the main one and its cursor as they were (vi)', () => {
		const b = new PaneBuffer();
		b.setScreen(4, 20);
		b.append('before\n/ # vi f\n');
		b.append('\x1b[?1049h\x1b[H\x1b[J\x1b[1;1Habc\x1b[2;1H~\x1b[3;1H~\x1b[4;1H- f 1/1 100%\x1b[1;2H');
		expect(computeViewport(b, [{text: b.current()}], 20, 4, 0).rows.map(r => r.text)).toEqual(['abc', '~', '~', '- f 1/1 100%']);
		// the cursor is where vi put it: row 1, column 2 (a finished line of the screen)
		expect(b.cursor()).toEqual({line: b.lineCount() - 3, column: 1});
		const rows = computeViewport(b, [{text: b.current()}], 20, 4, 0, {line: b.lineCount() - 3, column: 1}).rows;
		expect(rows[0]).toEqual({text: 'abc', cursorAt: 1});
		b.append('\x1b[4;1H\x1b[K\x1b[?1049l/ # ');
		expect(b.lineCount()).toBe(2);
		expect([b.line(0), b.line(1), b.current()]).toEqual(['before', '/ # vi f', '/ # ']);
		expect(b.cursor()).toBeUndefined();
		// a second leave, or one without an enter, changes nothing
		b.append('\x1b[?1049l');
		expect(b.current()).toBe('/ # ');
	});

	it('ESC c (RIS, `reset`) takes the terminal back from the alternate screen a killed vi left it on, and clears it', () => {
		const b = new PaneBuffer();
		b.setScreen(4, 20);
		b.append('before\n/ # vi f\n');
		b.append('\x1b[?1049h\x1b[H\x1b[J\x1b[1;1Habc\x1b[4;1H- f 1/1 100%\x1b[1;2H');
		// (vi died of SIGQUIT: the shell writes on its screen)
		b.append('Quit\n/ # reset\n');
		b.append('\x1bc\x1b(B\x1b[m\x1b[J\x1b[?25h/ # ');
		expect(b.cursor()).toBeUndefined();
		expect(computeViewport(b, [{text: b.current()}], 20, 4, 0).rows.map(r => r.text)).toEqual(['/ # ', '', '', '']);
		// the main screen's lines are in the scrollback, vi's are not
		expect([b.line(0), b.line(1)]).toEqual(['before', '/ # vi f']);
		b.append('\x1b[?1049l');
		expect(b.current()).toBe('/ # ');
	});

	it('the cursor on the last line at a column a program moved it to; none when it writes on at the end', () => {
		const b = new PaneBuffer();
		b.append('/ # less f\nline\n:');
		expect(b.cursor()).toBeUndefined();
		b.append('\r');
		expect(b.cursor()).toEqual({column: 0});
	});

	it('the alternate screen under a full scrollback: lines dropped from the top meanwhile are dropped from the main screen too', () => {
		const b = new PaneBuffer(6);
		b.append('m1\nm2\nm3\nm4\n/ # ');
		b.append('\x1b[?1049h');
		b.append('a1\na2\na3\na4\n');
		// the scrollback keeps 6 lines: m1..m3 went, and with them the main screen's first ones
		b.append('\x1b[?1049l');
		expect(Array.from({length: b.lineCount()}, (_, i) => b.line(i))).toEqual(['m4']);
		expect(b.current()).toBe('/ # ');
	});
});

