/**
 * Typing while a program has the console in canonical mode (sleep, cat, read): the guest's n_tty
 * echoes and edits the keys as they come, and what is left typed when the program ends is the
 * line ash's lineedit starts with at its prompt. Against the lab's guest typed at key by key
 * (s57, `test/fixtures/lab/canonical{,2}-512M.probe`; the probe waited about 1.5 s after each step):
 * `xy` typed during `sleep 2` shows as `xy/ # xy`, a line finished there runs at the prompt,
 * Backspace echoes `\b \b`, Ctrl-W and Ctrl-U erase a word and the line, Ctrl-R reprints, Ctrl-V
 * takes a Ctrl-C or DEL literally (`^\b^C`), an arrow key is `^[[A`, Ctrl-D hands over a partial line;
 * a tab is erased back to its start column, and `stty -echo`, `-echoke`, `-iexten`, `-icrnl` change it all.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {ConsoleTty} from '../source/machine/linux/tty.js';
import type {Session} from '../source/machine/session.js';
import {Shell} from '../source/machine/shell/index.js';
import {injectFault, labProbe, serialOutput as output, startSession, typeLine} from './session-helpers.js';

const boot = () => {
	const s = startSession(['-m', '512M,slots=2,maxmem=2G', '-kernel', 'bzImage']);
	s.runInRealTime();
	return s;
};

/**
 * Plays a probe step key by key as the screen would: to the tty while a program has the console
 * in canonical mode, to a program reading raw keys, else to the line editor at ash's prompt
 * (which shows what is typed; lineedit's own redrawing bytes are the screen's business). What the
 * session leaves typed at a prompt the line editor takes, as lineedit shows it after the prompt.
 */
function play(s: Session, typing: {line: string}, keys: string): string {
	let text = '';
	const takeAhead = () => {
		const ahead = s.takeTypedAhead();
		typing.line += ahead;
		text += ahead;
	};
	if (keys.startsWith('@wait')) text += output(s, () => s.elapse(Number(keys.slice(5))));
	else {
		for (const key of keys) {
			if (key === '\x03') text += output(s, () => s.interrupt(typing.line, typing.line.length));
			else if (key === '\x1a' || key === '\x1c') text += output(s, () => s.ttySignal(key, typing.line, typing.line.length));
			else if (s.consoleCanonical()) text += output(s, () => s.ttyKeys(key));
			else if (s.consoleTakesKeys()) text += output(s, () => s.consoleKeys(key === '\r' ? '\n' : key));
			else if (key === '\r') {
				// Enter: the session echoes the whole line, of which the screen showed the start already
				const before = typing.line;
				typing.line = '';
				text += output(s, () => s.submitLine(before)).slice(before.length);
			} else if (key === '\x7f') typing.line = typing.line.slice(0, -1);
			else if (key === '\x15') typing.line = '';
			else if (key === '\x04' && typing.line === '') text += output(s, () => s.eof());
			else {
				typing.line += key;
				text += key;
			}
			takeAhead();
		}
	}
	text += output(s, () => s.elapse(1500));
	takeAhead();
	return text;
}

describe('canonical-mode typing on the console', () => {
	it.each([
		// (Ctrl-U and Backspace at ash's prompt: lineedit's redrawing, which memhp's screen does itself)
		['canonical-512M.probe', 38, [7, 10]],
		// (the probe's Ctrl-A went to QEMU's mux, not the guest: `C-a b` sent a break, a sysrq)
		['canonical2-512M.probe', 30, [3, 14]],
	])('writes what the real guest wrote for each key of the lab probe %s', (file, count, skipped: number[]) => {
		const s = boot();
		const typing = {line: ''};
		const steps = labProbe(file);
		const differ: string[] = [];
		steps.forEach((step, i) => {
			const got = play(s, typing, step.keys);
			if (!skipped.includes(i) && got !== step.want) differ.push(`${i}: ${JSON.stringify(step.keys)}\n  got  ${JSON.stringify(got)}\n  want ${JSON.stringify(step.want)}`);
		});
		expect(differ.join('\n')).toBe('');
		expect(steps.length).toBe(count);
	});

	it('hands the keys to the tty only while a program reads in canonical mode, not at the prompt or to more', () => {
		const s = boot();
		expect(s.consoleCanonical()).toBe(false);
		typeLine(s, 'serial', 'read x; echo "[$x]"');
		expect(s.consoleCanonical()).toBe(true);
		expect(output(s, () => s.ttyKeys('ab\x7fc'))).toBe('ab\b \bc');
		expect(output(s, () => s.ttyKeys('\r'))).toBe('\n[ac]\n/ # ');
		expect(s.consoleCanonical()).toBe(false);
		// (at the prompt the keys are lineedit's: the tty takes none)
		expect(output(s, () => s.ttyKeys('zz'))).toBe('');
		typeLine(s, 'serial', 'seq 1 50 | LINES=4 more');
		expect(s.consoleTakesKeys()).toBe(true);
		expect(s.consoleCanonical()).toBe(false);
	});

	it('read -s: no echo, but the line is still edited', () => {
		const s = boot();
		typeLine(s, 'serial', 'read -s p; echo "[$p]"');
		expect(output(s, () => s.ttyKeys('pw\x7fx\r'))).toBe('[px]\n/ # ');
	});

	it('Ctrl-C flushes the line being typed: nothing of it reaches the next prompt', () => {
		const s = boot();
		typeLine(s, 'serial', 'cat');
		expect(output(s, () => s.ttyKeys('half'))).toBe('half');
		expect(output(s, () => s.interrupt('', 0))).toBe('^C\n/ # ');
		expect(s.takeTypedAhead()).toBe('');
	});

	it('a line finished during sleep runs at the prompt, the unfinished rest starts the next one', () => {
		const s = boot();
		typeLine(s, 'serial', 'sleep 2');
		expect(output(s, () => s.ttyKeys('echo one\recho tw'))).toBe('echo one\necho tw');
		expect(output(s, () => s.elapse(2500))).toBe('/ # echo one\none\n/ # ');
		expect(s.takeTypedAhead()).toBe('echo tw');
	});

	it('an internal error rebuilds the machine from its inputs, the keys given to the tty among them', () => {
		const s = boot();
		typeLine(s, 'serial', 'read x; echo "[$x]"');
		s.ttyKeys('ab');
		// (a fault after the tty took `c`: the machine goes back to where `ab` left it)
		const restore = injectFault(Shell.prototype, 'ttyReceive');
		try {
			expect(output(s, () => s.ttyKeys('c'))).toContain('memhp: internal error: injected fault');
		} finally {
			restore();
		}
		expect(output(s, () => s.ttyKeys('d\r'))).toBe('d\n[abd]\n/ # ');
	});
});

describe('n_tty canonical input (ConsoleTty.receive)', () => {
	it('echoes control characters as ^X and erases them two columns at a time', () => {
		const tty = new ConsoleTty();
		expect(tty.receive('a\x01', 0)).toEqual({echo: 'a^A', input: []});
		expect(tty.receive('\x7f\x7f', 0).echo).toBe('\b \b\b \b\b \b');
		expect(tty.receive('\x7f', 0).echo).toBe('');
	});

	it('erases a tab back to where it started, counted from the line start column', () => {
		const tty = new ConsoleTty();
		// typed at column 4 (after `/ # `): `ab` ends at 6, the tab at 8
		tty.receive('ab\t', 4);
		expect(tty.receive('\x7f', 8).echo).toBe('\b\b');
		tty.receive('\t', 6);
		tty.receive('cd\t', 8);
		// after a tab, from that tab: `cd` is two columns, the tab two more
		expect(tty.receive('\x7f', 16).echo).toBe('\b'.repeat(6));
		// a line erased and typed again starts where the erasing left the cursor, not where the keys began
		const again = new ConsoleTty();
		expect(again.receive('ab\x17\t\x7f', 0).echo).toBe('ab\b \b\b \b\t' + '\b'.repeat(8));
		// Ctrl-R draws the line again from column 0: a tab in it is erased from there
		const reprinted = new ConsoleTty();
		expect(reprinted.receive('x\t\x12\x7f', 4).echo).toBe('x\t^R\nx\t' + '\b'.repeat(7));
	});

	it('Ctrl-W erases back to the start of a word, Ctrl-U the whole line, Ctrl-D pushes a partial line', () => {
		const tty = new ConsoleTty();
		expect(tty.receive('ls -l /tm\x17', 0).echo).toBe('ls -l /tm\b \b\b \b');
		// (what is not a word before the word goes with it: `l /`)
		expect(tty.receive('\x17', 0).echo).toBe('\b \b'.repeat(3));
		expect(tty.receive('\x15', 0).echo).toBe('\b \b'.repeat(4));
		expect(tty.receive('xy\x04', 0)).toEqual({echo: 'xy', input: ['xy']});
		expect(tty.receive('\x04', 0)).toEqual({echo: '', input: [null]});
	});

	it('follows the termios: -echoctl, -echoke, -iexten, -icrnl, -echo as stty sets them', () => {
		const tty = new ConsoleTty();
		const t = tty.getattr();
		// ECHOCTL and ECHOKE off: ^A echoed as itself, Ctrl-U echoes ^U... as the kill character and a newline
		tty.setattr({...t, lflag: t.lflag & ~0o1000 & ~0o4000});
		expect(tty.receive('a\x01', 0).echo).toBe('a\x01');
		expect(tty.receive('\x15', 0).echo).toBe('\x15\n');
		// IEXTEN off: Ctrl-V and Ctrl-W are characters like any other
		tty.setattr({...t, lflag: t.lflag & ~0o100000});
		expect(tty.receive('\x16\x17\r', 0)).toEqual({echo: '^V^W\n', input: ['\x16\x17\n']});
		// ICRNL off: Enter (CR) ends no line
		tty.setattr({...t, iflag: t.iflag & ~0o400});
		expect(tty.receive('ab\r', 0)).toEqual({echo: 'ab^M', input: []});
		tty.flushInput();
		// ECHO off: nothing echoed, the line edited all the same
		tty.setattr({...t, lflag: t.lflag & ~0o10});
		expect(tty.receive('ab\x7fc\r', 0)).toEqual({echo: '', input: ['ac\n']});
	});

	it('whatever is typed and erased, the echo leaves on screen the line the tty holds (property)', () => {
		// The screen of one line: \b moves left, a tab to the next tab stop, anything else is drawn.
		// (a newline, Ctrl-R's, starts the line again at column 0)
		const screen = (echo: string, start: number) => {
			let cells: string[] = [];
			let x = start;
			for (const c of echo) {
				if (c === '\b') x = Math.max(start, x - 1);
				else if (c === '\t') x = (x | 7) + 1;
				else if (c === '\n') {
					cells = [];
					x = start = 0;
				} else cells[x++] = c;
			}
			return {start, text: Array.from({length: cells.length}, (_, i) => cells[i] ?? ' ').join('').slice(start).trimEnd()};
		};
		// The line as the tty holds it, drawn: ^X for a control character, a tab to its stop.
		const drawn = (line: string, start: number) => {
			let out = '';
			for (const c of line) {
				if (c === '\t') out += ' '.repeat(8 - ((start + out.length) % 8));
				else out += c.charCodeAt(0) < 0x20 || c === '\x7f' ? `^${String.fromCharCode(c.charCodeAt(0) ^ 0x40)}` : c;
			}
			return out.trimEnd();
		};
		// (a tab after Ctrl-V moves past the `^` without drawing over it, on a real terminal too)
		const keyArb = fc.array(fc.constantFrom('a', 'b', ' ', '_', '-', '\t', '\x01', '\x1b', '\x7f', '\x17', '\x15', '\x16', '\x12'), {maxLength: 40})
			.filter(keys => !keys.join('').includes('\x16\t'));
		fc.assert(fc.property(keyArb, fc.nat(20), (keys, start) => {
			const tty = new ConsoleTty();
			// (a last `a` ends a Ctrl-V still waiting for its key, whose `^` stands under the cursor)
			const {echo, input} = tty.receive(`${keys.join('')}a`, start);
			expect(input).toEqual([]);
			const shown = screen(echo, start);
			expect(shown.text).toBe(drawn(tty.takeCanon(), shown.start));
		}), {numRuns: 2000});
	});

	it('a signal character is a signal unless Ctrl-V came before it or ISIG is off', () => {
		const tty = new ConsoleTty();
		expect(tty.isSignal('\x03')).toBe(true);
		tty.receive('\x16', 0);
		expect(tty.isSignal('\x03')).toBe(false);
		expect(tty.receive('\x03', 0).echo).toBe('^C');
		const t = tty.getattr();
		tty.setattr({...t, lflag: t.lflag & ~0o1});
		expect(tty.isSignal('\x1c')).toBe(false);
	});
});
