import {afterEach, describe, expect, test} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {FakeSession} from './ui-fake-session.js';
import {paneText, renderScreen, tick} from './ui-helpers.js';

afterEach(() => cleanup());

const GUEST = 'ttyS0 — guest';
const MONITOR = 'QEMU monitor';

describe('mux keys', () => {
	test('C-a c arriving as one chunk switches to the monitor (banner, prompt, focus)', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		expect(ui.frame()).toContain('╔═ ttyS0 — guest ');
		await ui.type('\x01c');
		await ui.waitFor(f => expect(f).toContain('╔═ QEMU monitor '));
		expect(paneText(ui.frame(), MONITOR).split('\n').slice(0, 3)).toEqual([
			"QEMU 7.2.22 monitor - type 'help' for more information",
			'(qemu)',
			'',
		]);
		expect(ui.frame()).toContain('┌─ ttyS0 — guest ');
		expect(ui.frame()).toContain('focus: QEMU monitor');
	});

	test('C-a and c in two writes switch too, and back again', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		await ui.type('\x01', 'c');
		await ui.waitFor(f => expect(f).toContain('focus: QEMU monitor'));
		await ui.type('\x01', 'c');
		await ui.waitFor(f => expect(f).toContain('focus: ttyS0 — guest'));
		expect(s.muxKeys).toEqual(['c', 'c']);
	});

	test('C-a c in the middle of typed text: text before goes to the guest, after to the monitor', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		await ui.type('ec\x01cinfo status\r');
		await ui.waitFor(f => expect(paneText(f, MONITOR)).toContain('VM status: running'));
		expect(paneText(ui.frame(), GUEST).split('\n')[0]).toBe('/ # ec');
	});

	test('C-a h prints the help text in the focused pane', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		await ui.type('\x01h');
		await ui.waitFor(f => expect(paneText(f, GUEST)).toContain('C-a C-a  sends C-a'));
		expect(paneText(ui.frame(), GUEST)).toContain('C-a x    exit emulator\nC-a s    save disk data back to file (if -snapshot)');
	});

	test('C-a C-a sends C-a (ash: beginning of line), unknown chords are swallowed', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		await ui.type('a\x01\x01b\x01zc');
		await ui.waitFor(f => expect(paneText(f, GUEST)).toContain('/ # bca'));
		await ui.type('\r');
		await ui.waitFor(() => expect(s.submitted).toEqual([{pane: 'serial', line: 'bca'}]));
	});

	test('C-a x shows QEMU: Terminated, then exits with code 0', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		await ui.type('\x01x');
		await ui.waitFor(f => expect(f).toContain('QEMU: Terminated'));
		await ui.waitFor(() => expect(ui.exits).toEqual([0]));
	});

	test('quit in the monitor exits', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		await ui.type('\x01c', 'quit\r');
		await ui.waitFor(() => expect(ui.exits).toEqual([0]));
	});
});

describe('line editing in both panes', () => {
	test('typing, editing keys and history in the guest', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		await ui.type('echo one\r', 'echo two\r');
		await ui.waitFor(f => expect(paneText(f, GUEST)).toContain('/ # echo two\ntwo\n/ #'));
		// Up twice recalls the older line; edit it with Home, Ctrl-E, Ctrl-W, Backspace.
		await ui.type('\x1b[A', '\x1b[A', '\x05', '\x17', 'three\x7f\x7fee\r');
		await ui.waitFor(f => expect(paneText(f, GUEST)).toContain('/ # echo three\nthree'));
		await ui.type('xx\x1b[H', 'echo \x0b', 'ok\r');
		await ui.waitFor(() => expect(s.submitted.map(x => x.line)).toEqual(['echo one', 'echo two', 'echo three', 'echo ok']));
	});

	test('history is per pane, and a half-typed monitor line is dropped on re-entry', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		await ui.type('echo guest\r', '\x01c', 'info status\r', 'half', '\x01c', '\x01c');
		await ui.waitFor(f => expect(f).toContain('focus: QEMU monitor'));
		await ui.type('\x1b[A');
		await ui.waitFor(f => expect(paneText(f, MONITOR).trimEnd().endsWith('(qemu) info status')).toBe(true));
		await ui.type('\x01c', '\x1b[A');
		await ui.waitFor(f => expect(paneText(f, GUEST)).toMatch(/\/ # echo guest$/m));
	});

	test('many keys in one chunk are all applied', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		const line = 'echo ' + 'x'.repeat(300);
		await ui.type(line + '\r');
		await ui.waitFor(() => expect(s.submitted).toEqual([{pane: 'serial', line}]));
	});

	test('a paste of several lines runs them one by one', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		await ui.type('echo a\necho b\r\necho c\n');
		await ui.waitFor(f => expect(paneText(f, GUEST)).toContain('/ # echo c\nc\n/ #'));
		expect(s.submitted.map(x => x.line)).toEqual(['echo a', 'echo b', 'echo c']);
	});

	test('Ctrl-C: guest gets an interrupt, QEMU readline ignores it', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		await ui.type('sleep 5', '\x03');
		await ui.waitFor(f => expect(paneText(f, GUEST)).toContain('^C\n/ #'));
		expect(s.interrupts).toBe(1);
		await ui.type('\x01c', 'info', '\x03', ' status\r');
		await ui.waitFor(() => expect(s.submitted.at(-1)).toEqual({pane: 'monitor', line: 'info status'}));
		expect(s.interrupts).toBe(1);
	});

	test('Ctrl-Z and Ctrl-\\ go to the guest as the terminal\'s signal characters while a program has the console, with the typed line; at the prompt they do nothing', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		await ui.type('abc', '\x1a', '\x1c');
		await ui.waitFor(f => expect(paneText(f, GUEST)).toContain('/ # abc'));
		expect(s.signals).toEqual([]);
		await ui.type('\r');
		await ui.waitFor(() => expect(s.submitted.at(-1)).toEqual({pane: 'serial', line: 'abc'}));
		s.reader = 'sleep';
		await ui.type('xy', '\x1a');
		await ui.waitFor(f => expect(paneText(f, GUEST)).toContain('xy^Z'));
		await ui.type('q', '\x1c');
		await ui.waitFor(f => expect(paneText(f, GUEST)).toContain('xy^Zq^\\'));
		expect(s.signals).toEqual(['\x1a', '\x1c']);
		// (the flushed line is gone from the editor: Enter now submits an empty line)
		await ui.type('\r');
		await ui.waitFor(() => expect(s.submitted.at(-1)).toEqual({pane: 'serial', line: ''}));
	});

	test('while a program reads the console in canonical mode each key goes to the tty as the terminal sends it, not to the line editor; what it leaves typed starts the next prompt\'s line', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		s.reader = 'cat';
		s.canonical = true;
		await ui.type('a', '\x7f', '\x1b[A', '\x15', '\x17', '\x16', '\x04', '\t', '\r');
		await ui.waitFor(() => expect(s.ttyKeysSent).toEqual(['a', '\x7f', '\x1b[A', '\x15', '\x17', '\x16', '\x04', '\t', '\r']));
		expect(s.submitted).toEqual([]);
		expect(s.eofs).toBe(0);
		// (the signal characters are the session's, with no line of the editor's)
		await ui.type('\x03');
		await ui.waitFor(() => expect(s.interrupts).toBe(1));
		// PgUp still scrolls the pane, and is no key for the program
		await ui.type('\x1b[5~');
		expect(s.ttyKeysSent).toHaveLength(9);
		// the program ends: the prompt comes, and the line editor takes what was left typed
		s.reader = undefined;
		s.typedAhead = 'xy';
		s.emit('serial', 'xy/ # ');
		await ui.waitFor(f => expect(paneText(f, GUEST)).toContain('xy/ # xy'));
		await ui.type('\r');
		await ui.waitFor(() => expect(s.submitted.at(-1)).toEqual({pane: 'serial', line: 'xy'}));
	});

	test('after a break the next key goes to the guest\'s SysRq, not to the line editor; the rest of a paste is typed', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		s.armed = true;
		// (the status bar says why the next key will not be typed)
		await ui.type('\x01t');
		await ui.waitFor(f => expect(f).toContain('break sent: next key is a SysRq command'));
		await ui.type('m');
		await ui.waitFor(() => expect(s.sysrqKeys).toEqual(['m']));
		await ui.waitFor(f => expect(f).not.toContain('SysRq'));
		s.armed = true;
		await ui.type('hxy');
		await ui.waitFor(f => expect(paneText(f, GUEST)).toContain('/ # xy'));
		expect(s.sysrqKeys).toEqual(['m', 'h']);
		await ui.type('\r');
		await ui.waitFor(() => expect(s.submitted.at(-1)).toEqual({pane: 'serial', line: 'xy'}));
	});

	test('Ctrl-D on an empty guest line is end of file; on a non-empty line it deletes', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		await ui.type('ab\x1b[D\x04\r');
		await ui.waitFor(() => expect(s.submitted.at(-1)?.line).toBe('a'));
		expect(s.eofs).toBe(0);
		await ui.type('\x04');
		await ui.waitFor(() => expect(s.eofs).toBe(1));
		expect(s.submitted.at(-1)?.line).toBe('a');
	});

	test('Tab: one candidate completes, several are listed and the prefix extended', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s);
		await ui.type('\x01c', 'dev\t');
		await ui.waitFor(f => expect(paneText(f, MONITOR)).toContain('(qemu) dev\ndevice_add  device_del\n(qemu) device_'));
		await ui.type('a\t');
		await ui.waitFor(f => expect(paneText(f, MONITOR)).toContain('(qemu) device_add'));
		await ui.type('\x01c', 'fr\t\r');
		await ui.waitFor(() => expect(s.submitted.at(-1)).toEqual({pane: 'serial', line: 'free'}));
	});
});

describe('wrapping', () => {
	test('a long input line wraps at the pane width, with the cursor on the next row', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s, {columns: 90, rows: 24});
		await ui.type('echo ' + 'x'.repeat(83));
		await ui.waitFor(f => expect(paneText(f, GUEST).split('\n').slice(0, 2)).toEqual(['/ # echo ' + 'x'.repeat(79), 'xxxx']));
		await ui.type('\r');
		await ui.waitFor(f => expect(paneText(f, GUEST).split('\n').slice(2, 5)).toEqual(['x'.repeat(83), '/ #', '']));
	});

	test('on an 80-column terminal the consoles drop their side borders: 80-column output is not wrapped', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s, {columns: 80, rows: 24});
		await ui.type('echo ' + 'x'.repeat(75));
		await ui.waitFor(f => expect(paneText(f, GUEST).split('\n').slice(0, 2)).toEqual(['/ # echo ' + 'x'.repeat(71), 'xxxx']));
		const top = ui.frame().split('\n').find(l => l.includes(` ${GUEST} `))!;
		expect(top.startsWith('══ ttyS0 — guest ')).toBe(true);
		expect([...top].length).toBe(80);
	});
});

describe('scrollback', () => {
	test('PageUp scrolls with a marker, PageDown returns; search finds older lines', async () => {
		const s = new FakeSession();
		const ui = await renderScreen(s, {columns: 80, rows: 24});
		const lines = Array.from({length: 60}, (_, i) => `echo line${i}`).join('\n') + '\n';
		await ui.type(lines);
		await ui.waitFor(f => expect(paneText(f, GUEST)).toContain('line59\n/ #'));
		await ui.type('\x1b[5~');
		await ui.waitFor(f => expect(f).toMatch(/↑ \d+ rows back/));
		expect(paneText(ui.frame(), GUEST)).not.toContain('line59');
		await ui.type('\x1b[6~');
		await ui.waitFor(f => expect(paneText(f, GUEST)).toContain('line59'));
		await ui.type('\x1b[5~', '/');
		await ui.waitFor(f => expect(f).toContain('search scrollback:'));
		// ink-text-input (the search prompt) wants human speed: one key per frame.
		for (const key of [...'line3', '\r']) {
			await ui.type(key);
			await tick(60);
		}
		await ui.waitFor(f => expect(paneText(f, GUEST).split('\n')[0]).toBe('line39'));
		expect(ui.frame()).toContain('match at line');
		await ui.type('q');
		await ui.waitFor(f => expect(paneText(f, GUEST)).toContain('line59'));
	});
});
