import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {AsciicastRecorder, formatEvent} from '../source/record/asciicast.js';
import {FakeSession} from './tutorial-fake-session.js';
import {tempDir} from './temp-dir.js';

function clock(start = 1_700_000_000_000) {
	let t = start;
	return {now: () => t, advance: (ms: number) => (t += ms)};
}

function hasAsciinema(): boolean {
	try {
		execFileSync('asciinema', ['--version'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

/** `asciinema cat` opens /dev/tty, so it runs in a pseudo-terminal; returns what it printed. */
async function catInPty(path: string): Promise<string> {
	const pty = await import('node-pty');
	return new Promise((resolve, reject) => {
		const child = pty.spawn('asciinema', ['cat', path], {cols: 200, rows: 50, env: {...process.env, TERM: 'xterm'}});
		let out = '';
		child.onData(data => (out += data));
		child.onExit(({exitCode}) => (exitCode === 0 ? resolve(out) : reject(new Error(`asciinema cat: exit ${exitCode}: ${out}`))));
	});
}

describe('asciicast v2 writer', () => {
	it('writes a header and timed output events, one JSON document per line', () => {
		const dir = tempDir('memhp-cast-');
		const path = join(dir, 'session.cast');
		const c = clock();
		const rec = AsciicastRecorder.open(path, {width: 80, height: 24, now: c.now, env: {TERM: 'xterm-256color', SHELL: '/bin/bash'}});
		rec.output('/ # ');
		c.advance(1500);
		rec.output(Buffer.from('free -m\r\n'));
		c.advance(250);
		// A UTF-8 character split across two writes is recorded whole.
		const bytes = Buffer.from('内存');
		rec.output(bytes.subarray(0, 2));
		rec.output(bytes.subarray(2));
		rec.resize(100, 30);
		rec.close();
		const lines = readFileSync(path, 'utf8').trimEnd().split('\n').map(line => JSON.parse(line));
		expect(lines).toEqual([
			{version: 2, width: 80, height: 24, timestamp: 1_700_000_000, env: {TERM: 'xterm-256color', SHELL: '/bin/bash'}},
			[0, 'o', '/ # '],
			[1.5, 'o', 'free -m\r\n'],
			[1.75, 'o', '内存'],
			[1.75, 'r', '100x30'],
		]);
		expect(readFileSync(path, 'utf8').split('\n')[2]).toBe('[1.500000, "o", "free -m\\r\\n"]');
		expect(readdirSync(dir)).toEqual(['session.cast']);
	});

	it('formats control characters as JSON escapes', () => {
		expect(formatEvent(0.1234567, 'o', '\x1b[?1049h\t"x"')).toBe('[0.123457, "o", "\\u001b[?1049h\\t\\"x\\""]');
	});

	it('refuses to clobber an existing file unless forced, and leaves no temp file behind', () => {
		const dir = tempDir('memhp-cast-');
		const path = join(dir, 'taken.cast');
		writeFileSync(path, 'precious');
		expect(() => AsciicastRecorder.open(path, {width: 80, height: 24})).toThrow(`${path} exists (use --force to overwrite)`);
		expect(readFileSync(path, 'utf8')).toBe('precious');

		// A file that appears while recording is not replaced either.
		const late = join(dir, 'late.cast');
		const rec = AsciicastRecorder.open(late, {width: 80, height: 24});
		rec.output('x');
		writeFileSync(late, 'someone else');
		expect(() => rec.close()).toThrow('exists');
		expect(readFileSync(late, 'utf8')).toBe('someone else');

		const forced = AsciicastRecorder.open(path, {width: 80, height: 24, force: true});
		forced.output('new');
		forced.close();
		expect(readFileSync(path, 'utf8')).toMatch(/\n\[\d+\.\d{6}, "o", "new"\]\n$/);
		expect(readdirSync(dir).sort()).toEqual(['late.cast', 'taken.cast']);
	});

	it('tees a stream: the terminal still gets every write, and restore undoes it', () => {
		const dir = tempDir('memhp-cast-');
		const path = join(dir, 'tee.cast');
		const seen: string[] = [];
		const stdout = {write: (chunk: string | Uint8Array) => (seen.push(String(chunk)), true)};
		const rec = AsciicastRecorder.open(path, {width: 80, height: 24});
		const restore = rec.tee(stdout);
		stdout.write('a');
		stdout.write('b');
		restore();
		stdout.write('c');
		rec.close();
		expect(seen).toEqual(['a', 'b', 'c']);
		const events = readFileSync(path, 'utf8').trimEnd().split('\n').slice(1).map(l => JSON.parse(l)[2]);
		expect(events).toEqual(['a', 'b']);
	});

	it.skipIf(!hasAsciinema())('plays back with asciinema cat, free -m outputs included', async () => {
		const dir = tempDir('memhp-cast-');
		const path = join(dir, 'tutorial.cast');
		const c = clock();
		const rec = AsciicastRecorder.open(path, {width: 80, height: 24, now: c.now});
		const session = new FakeSession();
		// What the terminal shows of the guest console, with CR LF like a tty in raw mode.
		session.onOutput(chunk => {
			c.advance(40);
			if (chunk.pane === 'serial') rec.output(chunk.text.replaceAll('\n', '\r\n'));
		});
		rec.output(session.transcript('serial'));
		session.submitLine('free -m');
		session.muxKey('c');
		session.submitLine('object_add memory-backend-ram,id=BiscuitOS-mem,size=512M');
		session.submitLine('device_add pc-dimm,id=BiscuitOS-dimm,memdev=BiscuitOS-mem');
		session.muxKey('c');
		session.submitLine('echo online > /sys/devices/system/memory/memory33/state');
		session.submitLine('free -m');
		rec.close();
		const played = (await catInPty(path)).replaceAll('\r\n', '\n');
		expect(played).toContain('/ # free -m\n              total        used        free      shared  buff/cache   available\nMem:            895');
		expect(played).toContain('Mem:           1023');
		expect(played).toBe(session.transcript('serial'));
	});
});
