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

	it('ESC [2J and ESC c clear too; a home without an erase, colours and modes are dropped', () => {
		const b = new PaneBuffer();
		b.append('x\n\x1b[2Jy\n');
		expect(view(b, 3)).toEqual(['y', '/ # ', '']);
		b.append('\x1bc\x1b(B\x1b[m\x1b[J\x1b[?25h');
		expect(view(b, 3)).toEqual(['/ # ', '', '']);
		b.append('\x1b[Hkept\n\x1b[J\x1b[7mPID\x1b[m\n');
		expect(view(b, 3)).toEqual(['kept', 'PID', '/ # ']);
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
});
