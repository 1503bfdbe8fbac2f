import {existsSync} from 'node:fs';
import {afterEach, describe, expect, test} from 'vitest';
import {cleanup} from 'ink-testing-library';
import type {MachineSession} from '../source/machine/session-types.js';
import {paneText, renderScreen} from './ui-helpers.js';

afterEach(() => cleanup());

// The real machine is built by other engineers in parallel; this runs once its parts exist.
const ready = ['qemu', 'linux', 'shell'].every(dir => existsSync(new URL(`../source/machine/${dir}/index.ts`, import.meta.url)));

async function tutorialMachine(): Promise<MachineSession> {
	const {createSession, DEFAULT_QEMU_ARGS} = await import('../source/machine/session.js');
	const created = createSession(DEFAULT_QEMU_ARGS);
	if (!created.ok) throw new Error(created.stderr);
	return created.session;
}

describe.skipIf(!ready)('the screen over the real machine', () => {
	test('object_add + device_add: hot-added blocks appear offline; echo online turns memory33 online', async () => {
		const session = await tutorialMachine();
		const ui = await renderScreen(session);
		const panel = () => paneText(ui.frame(), 'guest memory');
		await ui.type('\x01c');
		await ui.waitFor(f => expect(paneText(f, 'QEMU monitor')).toContain("QEMU 7.2.22 monitor - type 'help' for more information"));
		await ui.type('object_add memory-backend-ram,id=mem1,size=512M\r', 'device_add pc-dimm,id=dimm1,memdev=mem1\r');
		await ui.waitFor(() => expect(panel()).toMatch(/^32 ░░░░░░░░$/m));
		expect(panel()).toContain('512 MiB offline, not in MemTotal');
		expect(panel()).toMatch(/^dimm1 +0 0x100000000 +512 MiB$/m);
		const freeBefore = /MemFree .* (\d+) MiB/.exec(panel())?.[1];
		await ui.type('\x01c', 'echo online > /sys/devices/system/memory/memory33/state\r');
		await ui.waitFor(() => expect(panel()).toMatch(/^32 ░░N. ?░░░░$/m));
		expect(panel()).toContain('384 MiB offline, not in MemTotal');
		expect(panel()).toMatch(/memory33 online → Normal/);
		const freeAfter = /MemFree .* (\d+) MiB/.exec(panel())?.[1];
		expect(Number(freeAfter)).toBeGreaterThan(Number(freeBefore));
		await ui.type('free -m\r');
		await ui.waitFor(f => expect(paneText(f, 'ttyS0 — guest')).toMatch(/^ +total +used +free +shared +buff\/cache +available$/m));
		await ui.type('\x01x');
		await ui.waitFor(f => expect(f).toContain('QEMU: Terminated'));
		await ui.waitFor(() => expect(ui.exits).toEqual([0]));
	});

	test('sh starts a child shell; Ctrl-D at its empty prompt returns to the console shell with no echo', async () => {
		const session = await tutorialMachine();
		const ui = await renderScreen(session);
		const guest = () => paneText(ui.frame(), 'ttyS0 — guest');
		await ui.type('sh\r');
		await ui.waitFor(() => expect(guest().match(/built-in shell \(ash\)/g)?.length).toBe(2));
		await ui.type('echo $SHLVL\r');
		await ui.waitFor(() => expect(guest()).toMatch(/^3$/m));
		await ui.type('\x04');
		await ui.type('echo $SHLVL\r');
		await ui.waitFor(() => expect(guest()).toMatch(/^2$/m));
		expect(guest()).not.toMatch(/^\/ # exit$/m);
	});

	test('a program reading the console: no prompt, the status bar says how to end it, Ctrl-D ends it', async () => {
		const session = await tutorialMachine();
		const ui = await renderScreen(session, {columns: 160});
		const guest = () => paneText(ui.frame(), 'ttyS0 — guest');
		await ui.type('grep -c memory\r');
		await ui.waitFor(f => expect(f).toContain('grep is reading the console: type lines · Ctrl-D end of file · Ctrl-C interrupt'));
		await ui.type('hotplug memory\r', 'nothing\r');
		await ui.waitFor(() => expect(guest()).toMatch(/^nothing$/m));
		expect(guest()).not.toMatch(/^\/ # $/m);
		await ui.type('\x04');
		await ui.waitFor(() => expect(guest()).toMatch(/^nothing\n1\n\/ # ?$/m));
		expect(ui.frame()).not.toContain('reading the console');
		expect(ui.frame()).toContain('C-a c switch · C-a h help');
	});

	test('less asks the pane its size and fills it, PgDn and the arrows reach it, q leaves the last page and the prompt under it', async () => {
		const session = await tutorialMachine();
		const ui = await renderScreen(session, {columns: 160, rows: 50});
		const guest = () => paneText(ui.frame(), 'ttyS0 — guest');
		await ui.type('seq 1 100 | less\r');
		await ui.waitFor(f => expect(f).toContain('less reads keys as typed: Space/b page'));
		// the pane answered ESC [6n with its size: a page is every row of it but the status line
		await ui.waitFor(() => expect(guest()).toMatch(/\nstandard input$/));
		const rows = guest().split('\n').length;
		expect(rows).toBeGreaterThan(10);
		await ui.waitFor(() => expect(guest()).toBe(`${Array.from({length: rows - 1}, (_, i) => i + 1).join('\n')}\nstandard input`));
		await ui.type('\x1b[6~');
		await ui.waitFor(() => expect(guest().split('\n')[0]).toBe(String(rows)));
		expect(guest().endsWith(`\n${2 * rows - 2}\n:`)).toBe(true);
		await ui.type('\x1b[B');
		await ui.waitFor(() => expect(guest().split('\n')[0]).toBe(String(rows + 1)));
		await ui.type('q');
		await ui.waitFor(() => expect(guest()).toMatch(new RegExp(`^${2 * rows - 1}\\n/ # ?$`, 'm')));
		expect(ui.frame()).not.toContain('reads keys');
	});

	test('vi asks the pane its size and fills it, Esc and the keys reach it, :wq gives back the shell\'s screen as it was', async () => {
		const session = await tutorialMachine();
		const ui = await renderScreen(session, {columns: 160, rows: 50});
		const guest = () => paneText(ui.frame(), 'ttyS0 — guest');
		await ui.type('echo before\r');
		await ui.waitFor(() => expect(guest()).toMatch(/^before\n\/ # ?$/m));
		await ui.type('vi /tmp/v\r');
		await ui.waitFor(f => expect(f).toContain('vi reads keys as typed: i insert · Esc · hjkl move'));
		// the alternate screen: the text's one empty line, a ~ for each row past it, the status line
		await ui.waitFor(() => expect(guest()).toMatch(/\n- \/tmp\/v 1\/1 100%$/));
		const rows = guest().split('\n');
		expect(rows.length).toBeGreaterThan(10);
		expect(rows.slice(1, -1).every(row => row === '~')).toBe(true);
		await ui.type('i');
		await ui.type('hello');
		await ui.waitFor(() => expect(guest().split('\n')[0]).toBe('hello'));
		await ui.type('\x1b');
		await ui.waitFor(() => expect(guest()).toMatch(/\n- \/tmp\/v \[Modified\] 1\/1 100%$/));
		await ui.type(':wq\r');
		// back on the main screen: what was there before vi, the command line, a new prompt
		await ui.waitFor(() => expect(guest()).toMatch(/\/ # echo before\nbefore\n\/ # .*vi \/tmp\/v\n\/ #.*$/));
		expect(guest()).not.toMatch(/^~$/m);
		expect(ui.frame()).not.toContain('reads keys');
		await ui.type('cat /tmp/v\r');
		await ui.waitFor(() => expect(guest()).toMatch(/^hello\n\/ # ?$/m));
	});

	test('at 80 columns the status bar still says how to leave vi', async () => {
		const session = await tutorialMachine();
		const ui = await renderScreen(session, {columns: 80, rows: 24});
		await ui.type('vi /tmp/w\r');
		await ui.waitFor(f => expect(f).toContain('vi: :wq save · :q! quit'));
		await ui.type(':q\r');
		await ui.waitFor(f => expect(f).toContain('C-a c switch · C-a x quit'));
	});

	test('more pages with single keys: Space a page, q quits; the keys are not echoed and skip the line editor', async () => {
		const session = await tutorialMachine();
		const ui = await renderScreen(session, {columns: 160});
		const guest = () => paneText(ui.frame(), 'ttyS0 — guest');
		await ui.type('seq 1 100 | LINES=6 more\r');
		await ui.waitFor(f => expect(f).toContain('more reads keys as typed: Space next page · Enter next line · r the rest · q quit'));
		await ui.waitFor(() => expect(guest()).toMatch(/^5\n--More-- ?$/m));
		await ui.type(' ');
		await ui.waitFor(() => expect(guest()).toMatch(/^10\n--More-- ?$/m));
		// a key more does not know: its help line, the key itself not shown
		await ui.type('z');
		await ui.waitFor(() => expect(guest()).toContain('(Enter:next line Space:next page Q:quit R:show the rest)'));
		expect(guest()).not.toMatch(/rest\)z|^z$/m);
		// more erased each prompt (\r, spaces, \r): the next line starts where it was
		expect(guest()).toMatch(/^6 *\n7\n/m);
		await ui.type('q');
		await ui.waitFor(() => expect(guest()).toMatch(/^\/ # ?$/m));
		expect(ui.frame()).not.toContain('reads keys');
		await ui.type('echo $?\r');
		await ui.waitFor(() => expect(guest()).toMatch(/^0$/m));
	});

	test('read -s: what is typed is not shown while the guest\'s echo is off; read -n takes keys without Enter', async () => {
		const session = await tutorialMachine();
		const ui = await renderScreen(session, {columns: 160});
		const guest = () => paneText(ui.frame(), 'ttyS0 — guest');
		await ui.type('read -s p; echo "[$p]"\r');
		await ui.waitFor(f => expect(f).toContain('read is reading the console'));
		await ui.type('hunter2');
		// (give the frame time to show it, were it shown)
		await ui.type('');
		expect(guest()).not.toContain('hunter2');
		await ui.type('\r');
		await ui.waitFor(() => expect(guest()).toMatch(/^\[hunter2\]$/m));
		await ui.type('read -n 1 k; echo "<$k>"\r');
		await ui.waitFor(f => expect(f).toContain('read reads keys as typed: each key goes to it · Ctrl-C interrupt'));
		await ui.type('y');
		await ui.waitFor(() => expect(guest()).toMatch(/^y<y>$/m));
		// keys in one chunk past what read took start the shell's next line (the tty kept them,
		// having echoed the chunk as it came)
		await ui.type('read -n 1 k\r');
		await ui.waitFor(f => expect(f).toContain('read reads keys as typed'));
		await ui.type('xecho ty');
		await ui.waitFor(() => expect(guest()).toMatch(/^xecho ty\/ # echo ty$/m));
		await ui.type('ped\r');
		await ui.waitFor(() => expect(guest()).toMatch(/^typed$/m));
	});

	test('watch runs in real time on the screen: the command again after each interval, until Ctrl-C', async () => {
		const session = await tutorialMachine();
		const ui = await renderScreen(session, {columns: 160});
		const guest = () => paneText(ui.frame(), 'ttyS0 — guest');
		const uptime = () => Number(/^(\d+\.\d+) /m.exec(guest())?.[1]);
		await ui.type('watch -n 0.2 cat /proc/uptime\r');
		await ui.waitFor(() => expect(guest()).toContain('Every 0.2s: cat /proc/uptime'));
		await ui.waitFor(f => expect(f).toContain('watch runs again every 0.2 s · Ctrl-C stops it'));
		await ui.waitFor(() => expect(uptime()).toBeGreaterThan(0));
		const first = uptime();
		// the guest's clock moved on by the interval, and watch showed it
		await ui.waitFor(() => expect(uptime()).toBeGreaterThan(first + 0.1));
		await ui.type('\x03');
		await ui.waitFor(() => expect(guest()).toMatch(/\^C\n\/ # ?\s*$/));
		const after = guest();
		await new Promise(resolve => setTimeout(resolve, 400));
		expect(guest()).toBe(after);
	});

	test('top on the console: a display per key, its keys in the status bar, q ends it', async () => {
		const session = await tutorialMachine();
		const ui = await renderScreen(session, {columns: 160});
		const guest = () => paneText(ui.frame(), 'ttyS0 — guest');
		await ui.type('top\r');
		await ui.waitFor(f => expect(f).toContain('top reads keys as typed: N/M/P/T sort by pid/mem/cpu/time · H threads · q quit'));
		await ui.waitFor(() => expect(guest()).toContain('PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND'));
		await ui.type('q');
		await ui.waitFor(() => expect(guest()).toMatch(/^\/ # ?$/m));
		expect(ui.frame()).not.toContain('reads keys');
	});
});
