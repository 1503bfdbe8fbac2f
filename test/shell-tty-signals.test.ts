/**
 * The terminal's signal characters on the guest console, against the lab's guest typed at key
 * by key (s56 and s57, `test/fixtures/lab/signals{,2,3,4,5}-512M.probe`: each step's keys and the
 * bytes the real guest wrote; the probe waited about 1.5 s after each step). Ctrl-Z (VSUSP) and
 * Ctrl-\ (VQUIT) are echoed (`^Z`, `^\`) and flush what was typed; SIGTSTP stops nothing (sleep,
 * cat and read go on), SIGQUIT kills a program (`Quit`, $? 131, the line goes on) but not the
 * interactive ash's own `read`; it reaches the whole pipeline (each stage that dies of it is
 * reported, a forked subshell dies with its program, `trap '' QUIT` keeps one alive, a trap runs);
 * more exits by its handler (status 1), as it does for Ctrl-C; top (ISIG off) takes the key; at
 * ash's prompt both keys do nothing.
 */
import {describe, expect, it} from 'vitest';
import type {Session} from '../source/machine/session.js';
import {afterEcho, labProbe, serialOutput as output, startSession, typeLine} from './session-helpers.js';

const boot = () => {
	const s = startSession(['-m', '512M,slots=2,maxmem=2G', '-kernel', 'bzImage']);
	s.runInRealTime();
	return s;
};

/**
 * Plays a probe step as the screen would: signal characters to ttySignal()/interrupt(), keys to
 * a program reading them raw, else typing into the line editor (which shows it) until Enter
 * submits the line; then the probe's 1.5 s of quiet (or `@waitN`) pass in real time.
 */
function play(s: Session, typing: {line: string}, keys: string): string {
	if (keys.startsWith('@wait')) return output(s, () => s.elapse(Number(keys.slice(5))));
	let text = '';
	for (const part of keys.match(/[\x1a\x1c\x03\x04]|[^\x1a\x1c\x03\x04]+/g) ?? []) {
		// (Ctrl-D on an empty line: end of file)
		if (part === '\x04' && !s.consoleTakesKeys() && typing.line === '') text += output(s, () => s.eof());
		else if (part === '\x03' || part === '\x1a' || part === '\x1c') {
			// (the session writes the typed line with the ^X over it, the screen had shown it)
			const reading = part === '\x03' || s.consoleReader() !== undefined;
			const printed = output(s, () => (part === '\x03' ? s.interrupt(typing.line, typing.line.length) : s.ttySignal(part, typing.line, typing.line.length)));
			text += printed.startsWith(typing.line) ? printed.slice(typing.line.length) : printed;
			// (the typed line goes with the signal; at the prompt lineedit keeps it)
			if (reading) typing.line = '';
		} else if (s.consoleTakesKeys()) text += output(s, () => s.consoleKeys(part.replace(/\r/g, '\n')));
		else if (!part.endsWith('\r')) {
			// (the line editor shows what is typed; nothing reaches the guest yet)
			text += part;
			typing.line += part;
		} else {
			// Enter: the session echoes the whole line, of which the screen showed the start already
			const before = typing.line;
			typing.line = '';
			text += output(s, () => s.submitLine(before + part.slice(0, -1))).slice(before.length);
		}
	}
	return text + output(s, () => s.elapse(1500));
}

describe('Ctrl-Z and Ctrl-\\ on the console', () => {
	it.each([
		// (top's screens and meminfo's kB are the lab guest's own numbers: those steps are not compared)
		['signals-512M.probe', 31, []],
		['signals2-512M.probe', 17, [2, 4, 5, 7]],
		['signals3-512M.probe', 8, []],
		['signals4-512M.probe', 36, []],
		// (memhp runs a pipeline's stages one after another, so what a later stage prints comes
		// after the earlier one's wait, `cat | cat` passes a line on only when the first cat ends,
		// and a command substitution does not wait in real time: those steps are not compared)
		['signals5-512M.probe', 37, [9, 10, 12, 13, 25, 31, 32, 34, 35]],
	])('write what the real guest wrote for each key of the lab probe %s', (file, count, skipped: number[]) => {
		const s = boot();
		const typing = {line: ''};
		const steps = labProbe(file);
		// (every step that differs, so that one report shows them all)
		const differ: string[] = [];
		steps.forEach((step, i) => {
			let got = play(s, typing, step.keys);
			let want = step.want;
			if (skipped.includes(i)) return;
			if (step.keys.endsWith('\r') && !step.keys.startsWith('\x1c')) {
				want = afterEcho(want, step.keys.replace(/\r$/, ''));
				got = afterEcho(got, step.keys.replace(/\r$/, ''));
			}
			if (got !== want) differ.push(`${i}: ${JSON.stringify(step.keys)}\n  got  ${JSON.stringify(got)}\n  want ${JSON.stringify(want)}`);
		});
		expect(differ.join('\n')).toBe('');
		expect(steps.length).toBe(count);
	});

	it('a line typed ahead during sleep is flushed by Ctrl-Z and never runs; one typed after it does', () => {
		const s = boot();
		typeLine(s, 'serial', 'sleep 5');
		typeLine(s, 'serial', 'touch /tmp/ahead');
		expect(output(s, () => s.ttySignal('\x1a', 'par', 3))).toBe('par^Z');
		typeLine(s, 'serial', 'touch /tmp/after');
		expect(output(s, () => s.elapse(5000))).toBe('/ # touch /tmp/after\n/ # ');
		expect(typeLine(s, 'serial', 'ls /tmp')).toBe('ls /tmp\nafter\n/ # ');
	});

	it('SIGQUIT kills each program of the line it reaches; a child sh ignores it and goes on', () => {
		const s = boot();
		typeLine(s, 'serial', 'sh -c "sleep 4; echo x"; echo st $?');
		expect(output(s, () => s.ttySignal('\x1c'))).toBe('^\\Quit\nx\nst 0\n/ # ');
		typeLine(s, 'serial', 'sh');
		typeLine(s, 'serial', 'cat; echo "in child $?"');
		expect(output(s, () => s.ttySignal('\x1c'))).toBe('^\\Quit\nin child 131\n/ # ');
		expect(typeLine(s, 'serial', 'exit')).toBe('exit\n/ # ');
		// ash reading its own line (read) ignores it; end of file then ends the read
		typeLine(s, 'serial', 'read v; echo "read $?"');
		expect(output(s, () => s.ttySignal('\x1c', 'half', 4))).toBe('half^\\');
		expect(output(s, () => s.eof())).toBe('read 1\n/ # ');
	});

	it('a SIGQUIT the shell\'s read ignored, its line then cut short by Ctrl-C, reaches no later command line', () => {
		const s = boot();
		typeLine(s, 'serial', 'read x');
		expect(output(s, () => s.ttySignal('\x1c'))).toBe('^\\');
		expect(output(s, () => s.interrupt('', 0))).toBe('^C\n/ # ');
		expect(typeLine(s, 'serial', 'sleep 3 | cat; echo $?')).toBe('sleep 3 | cat; echo $?\n');
		expect(s.consoleReader()).toBe('sleep');
		expect(output(s, () => s.elapse(3500))).toBe('0\n/ # ');
	});

	it('a background job started in a later stage is not in the foreground job: SIGQUIT leaves its sleep be', () => {
		const s = boot();
		typeLine(s, 'serial', 'sleep 3 | { sleep 100 & }; echo $?');
		expect(output(s, () => s.ttySignal('\x1c'))).toBe('^\\Quit\n0\n/ # ');
		// (forked with SIGQUIT ignored, it sleeps on, an orphan of init)
		expect(typeLine(s, 'serial', 'ps | grep -c "[s]leep 100"')).toBe('ps | grep -c "[s]leep 100"\n1\n/ # ');
	});

	it('at the prompt, and with nothing running, the keys do nothing', () => {
		const s = boot();
		expect(output(s, () => s.ttySignal('\x1a', 'ls', 2))).toBe('');
		expect(output(s, () => s.ttySignal('\x1c'))).toBe('');
		expect(typeLine(s, 'serial', 'echo $?')).toBe('echo $?\n0\n/ # ');
	});

	it('vi: Ctrl-Z is its own key (memhp stops no process); Ctrl-\\ kills it, leaving the terminal on its screen', () => {
		const s = startSession(['-m', '512M,slots=2,maxmem=2G', '-kernel', 'bzImage']);
		typeLine(s, 'serial', 'vi /tmp/x; echo "after $?"');
		expect(output(s, () => s.ttySignal('\x1a'))).toContain('memhp: stopping vi (Ctrl-Z, SIGTSTP) is not simulated');
		expect(s.consoleReader()).toBe('vi');
		const quit = output(s, () => s.ttySignal('\x1c'));
		expect(quit).toBe('Quit\nafter 131\n/ # ');
		expect(s.consoleReader()).toBeUndefined();
	});
});
