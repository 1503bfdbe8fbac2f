/**
 * busybox less on the console, against the lab's guest typed at key by key (s54/r46 probe3,
 * `test/fixtures/lab/less-keys-512M.probe`: each step's keys and the bytes the real guest wrote,
 * a node-pty terminal that does not answer less's size query). Pages, lines, search with its
 * highlights, a line number, the arrows, q, -N, -F, -M, Ctrl-C, the usage, a missing file, cat
 * for a stdout that is no tty, control characters.
 */
import {describe, expect, it} from 'vitest';
import {afterEcho, labProbe, serialOutput as output, startSession, typeLine} from './session-helpers.js';

const boot = () => startSession(['-m', '512M,slots=2,maxmem=2G', '-kernel', 'bzImage']);

describe('less', () => {
	it.each([
		['less-keys-512M.probe', 31],
		['less-keys2-512M.probe', 36],
	])('writes what the real guest wrote for each key of the lab probe %s, byte for byte', (file, count) => {
		const s = boot();
		let steps = 0;
		for (const step of labProbe(file)) {
			const keys = step.keys;
			let want = step.want;
			const typed = !s.consoleTakesKeys() && keys !== '\x03';
			let got = output(s, () => {
				// Ctrl-C is the terminal's SIGINT; keys go to a program reading them raw; else a line for the shell
				if (keys === '\x03') s.interrupt('', 0);
				else if (s.consoleTakesKeys()) s.consoleKeys(keys.replace(/\r/g, '\n'));
				else s.submitLine(keys.replace(/\r$/, ''));
			});
			if (typed) {
				want = afterEcho(want, keys.replace(/\r$/, ''));
				got = afterEcho(got, keys.replace(/\r$/, ''));
			}
			expect(got, JSON.stringify(keys)).toBe(want);
			steps++;
		}
		expect(steps).toBe(count);
	});

	it('pages a file with its name in the status line; the end shows (END) and one ~; q leaves the last page', () => {
		const s = boot();
		const page = typeLine(s, 'serial', 'less /proc/meminfo');
		expect(page).toContain('\x1b[0;0H\x1b[KMemTotal:');
		expect(page.endsWith('\x1b[24;0H\x1b[K\x1b[7m/proc/meminfo\x1b[m')).toBe(true);
		expect(s.consoleReader()).toBe('less');
		expect(s.consoleTakesKeys()).toBe(true);
		expect(s.consoleEchoes()).toBe(false);
		const end = output(s, () => s.consoleKeys('G'));
		expect(end).toContain('\x1b[K\n\x1b[K~\n\x1b[24;0H\x1b[K\x1b[7m(END)\x1b[m');
		// -M on the fly: a regular file's lines counted
		expect(output(s, () => s.consoleKeys('g-M'))).toMatch(/\x1b\[7m\/proc\/meminfo lines 1-23\/5\d 4\d%\x1b\[m$/);
		expect(output(s, () => s.consoleKeys('q'))).toBe('\x1b[24;0H\x1b[K/ # ');
		expect(typeLine(s, 'serial', 'echo $?')).toBe('echo $?\n0\n/ # ');
	});

	it('searches with a basic regular expression: the matches highlighted, n and N between them, a bad one reported', () => {
		const s = boot();
		typeLine(s, 'serial', 'dmesg | less');
		const found = output(s, () => s.consoleKeys('/Linux v[a-z]*\n'));
		expect(found).toContain('\x1b[24;0H\x1b[K/\x1b[24;2HL\x1b[24;3Hi');
		expect(found).toContain('\x1b[7mLinux version\x1b[m 6.1.0');
		// (one match: n stays on it, drawn again)
		expect(output(s, () => s.consoleKeys('n'))).toMatch(/^\x1b\[0;0H\x1b\[K\[ +0\.000000\] \x1b\[7mLinux version\x1b\[m/);
		expect(output(s, () => s.consoleKeys('/zzzz\n'))).toMatch(/\x1b\[7mNo matches found\x1b\[m$/);
		// (regcomp()'s message on the status line)
		expect(output(s, () => s.consoleKeys('/a\\{\n'))).toMatch(/\x1b\[24;0H\x1b\[K\x1b\[7mUnmatched \\\{\x1b\[m$/);
		expect(output(s, () => s.consoleKeys('q'))).toBe('\x1b[24;0H\x1b[K/ # ');
	});

	it('sizes itself from the terminal\'s answer to ESC [6n (the screen answers; replay, like the lab\'s pty, does not)', () => {
		const s = boot();
		expect(typeLine(s, 'serial', 'seq 1 100 | less')).toContain('\x1b[999;999H\x1b[6n\x1b[0;0H\x1b[K1\n');
		// a terminal of 10 rows and 40 columns: 9 lines and the status line on row 10
		const page = output(s, () => s.consoleKeys('\x1b[10;40R'));
		expect(page).toBe(`\x1b[0;0H${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(n => `\x1b[K${n}\n`).join('')}\x1b[10;0H\x1b[K\x1b[7mstandard input\x1b[m`);
		expect(output(s, () => s.consoleKeys(' '))).toMatch(/^\x1b\[0;0H\x1b\[K10\n[^]*\x1b\[K18\n\x1b\[10;0H\x1b\[K:$/);
		// lines wrap at its width
		typeLine(s, 'serial', 'q');
		typeLine(s, 'serial', 'printf "%050d\\n" 7 | less');
		expect(output(s, () => s.consoleKeys('\x1b[5;30R'))).toBe(`\x1b[0;0H\x1b[K${'0'.repeat(30)}\n\x1b[K${'0'.repeat(19)}7\n\x1b[K\n\x1b[K~\n\x1b[5;0H\x1b[K\x1b[7mstandard input\x1b[m`);
	});

	it('keys past q start the next line; with its stdout not a terminal it is cat; under $(...) it ends at once', () => {
		const s = boot();
		typeLine(s, 'serial', 'seq 1 3 | less');
		expect(output(s, () => s.consoleKeys('qecho x\n'))).toBe('\x1b[24;0H\x1b[K/ # echo x\nx\n/ # ');
		expect(typeLine(s, 'serial', 'seq 1 3 | less | wc -l')).toBe('seq 1 3 | less | wc -l\n3\n/ # ');
		expect(typeLine(s, 'serial', 'x=$(seq 1 3 | less); echo "${#x}"')).toBe('x=$(seq 1 3 | less); echo "${#x}"\n5\n/ # ');
		expect(s.consoleReader()).toBeUndefined();
	});
});
