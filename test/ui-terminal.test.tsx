import {EventEmitter} from 'node:events';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, test} from 'vitest';
import {renderApp} from '../source/ui/render-app.js';
import {colorEnabled, enterAltScreen, restoreTerminal} from '../source/ui/terminal.js';
import {FakeSession} from './ui-fake-session.js';
import {tick} from './ui-helpers.js';
import {tempDir} from './temp-dir.js';

/** A TTY-like stdout/stdin pair, enough for Ink. */
class FakeStdout extends EventEmitter {
	columns = 120;
	rows = 40;
	isTTY = true;
	written = '';
	write = (data: string) => {
		this.written += data;
		return true;
	};
}
class FakeStdin extends EventEmitter {
	isTTY = true;
	rawMode: boolean[] = [];
	private queue: string[] = [];
	setEncoding() {}
	setRawMode(on: boolean) {
		this.rawMode.push(on);
	}
	ref() {}
	unref() {}
	resume() {}
	pause() {}
	read = () => this.queue.shift() ?? null;
	type(data: string) {
		this.queue.push(data);
		this.emit('readable');
	}
}

describe('terminal helpers', () => {
	test('alternate screen in, and out with the cursor shown and raw mode off', () => {
		const out = new FakeStdout();
		const stdin = new FakeStdin();
		enterAltScreen(out);
		restoreTerminal(out, stdin);
		expect(out.written).toBe('\x1b[?1049h\x1b[?1049l\x1b[?25h');
		expect(stdin.rawMode).toEqual([false]);
	});

	test('NO_COLOR (non-empty) and TERM=dumb turn colour off', () => {
		expect(colorEnabled({})).toBe(true);
		expect(colorEnabled({NO_COLOR: '1'})).toBe(false);
		expect(colorEnabled({NO_COLOR: ''})).toBe(true);
		expect(colorEnabled({TERM: 'dumb'})).toBe(false);
	});
});

describe('renderApp', () => {
	const run = async (record?: string, force?: boolean) => {
		const stdout = new FakeStdout();
		const stdin = new FakeStdin();
		const session = new FakeSession();
		const done = renderApp(session, {
			stdout: stdout as unknown as NodeJS.WriteStream,
			stdin: stdin as unknown as NodeJS.ReadStream,
			color: false,
			record,
			force,
		});
		await tick(50);
		stdin.type('echo hi\r');
		await tick(50);
		stdin.type('\x01x');
		return {code: await done, stdout, stdin};
	};

	test('resolves with the exit code after C-a x; QEMU: Terminated was drawn; raw mode released', async () => {
		const {code, stdout, stdin} = await run();
		expect(code).toBe(0);
		expect(stdout.written).toContain('QEMU: Terminated');
		// Incremental rendering: no full-screen clear (ESC[2J) per frame.
		expect(stdout.written).not.toContain('\x1b[2J');
		expect(stdin.rawMode[0]).toBe(true);
		expect(stdin.rawMode.at(-1)).toBe(false);
	});

	test('--record writes an asciicast v2 file; an existing file needs --force', async () => {
		const dir = tempDir('memhp-ui-');
		const file = join(dir, 'session.cast');
		await run(file);
		const [header, ...events] = readFileSync(file, 'utf8').trim().split('\n');
		expect(JSON.parse(header)).toMatchObject({version: 2, width: 120, height: 40});
		const output = events.map(e => JSON.parse(e) as [number, string, string]);
		expect(output.every(([t, kind]) => typeof t === 'number' && kind === 'o')).toBe(true);
		expect(output.map(e => e[2]).join('')).toContain('QEMU: Terminated');
		writeFileSync(file, 'keep');
		const stdout = new FakeStdout();
		await expect(
			renderApp(new FakeSession(), {
				stdout: stdout as unknown as NodeJS.WriteStream,
				stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
				color: false,
				record: file,
			}),
		).rejects.toThrow(`${file} exists (use --force to overwrite)`);
		expect(readFileSync(file, 'utf8')).toBe('keep');
		expect(stdout.written).toBe('');
		expect((await run(file, true)).code).toBe(0);
	});
});
