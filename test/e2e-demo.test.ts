import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {spawn} from 'node-pty';
import {beforeAll, describe, expect, it} from 'vitest';
import {ensureBuilt, spawnMemhp} from './e2e-pty.js';
import {VtScreen} from './e2e-vt.js';
import {tempDir} from './temp-dir.js';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function hasAsciinema(): boolean {
	try {
		execFileSync('asciinema', ['--version'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

/** `asciinema cat` opens /dev/tty, so it runs in a pseudo-terminal; resolves with what it printed. */
function asciinemaCat(path: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn('asciinema', ['cat', path], {cols: 120, rows: 40, env: {...process.env, TERM: 'xterm-256color'}});
		let out = '';
		child.onData(data => (out += data));
		child.onExit(({exitCode}) => (exitCode === 0 ? resolve(out) : reject(new Error(`asciinema cat: exit ${exitCode}: ${out}`))));
	});
}

beforeAll(async () => {
	await ensureBuilt();
}, 120_000);

/** busybox `free -m` rows as they appear inside the guest pane. */
const FREE_BEFORE = /║Mem: {12}896 +\d+ +\d+ +\d+ +\d+ +\d+ ║/;
const FREE_AFTER = /║Mem: {11}1024 +\d+ +\d+ +\d+ +\d+ +\d+ ║/;

describe('memhp demo in a pseudo-terminal', () => {
	it('plays the walkthrough to the end without input and exits 0', async () => {
		const m = spawnMemhp(['demo', '--speed', '50', '--lang', 'en']);
		await m.waitFor('demo: space pause · n skip · C-a x quit');
		// The demo types into the real machine: the panel and the consoles react.
		await m.waitFor(s => FREE_AFTER.test(s), 15_000);
		const {exitCode} = await m.exited;
		await sleep(100);
		expect(exitCode).toBe(0);
		const output = m.output();
		expect(output).toContain('(qemu) object_add memory-backend-ram,id=BiscuitOS-mem,size=512M');
		expect(output).toContain('(qemu) device_add pc-dimm,id=BiscuitOS-dimm,memdev=BiscuitOS-mem');
		expect(output).toContain('Walkthrough complete.');
		expect(output).toContain('QEMU: Terminated');
		expect(m.screen.altScreen).toBe(false);
	}, 30_000);

	it.skipIf(!hasAsciinema())('records the demo with --record; asciinema cat plays it back with the free -m outputs', async () => {
		const path = join(tempDir('memhp-demo-'), 'demo.cast');
		const m = spawnMemhp(['demo', '--speed', '50', '--record', path]);
		expect((await m.exited).exitCode).toBe(0);
		const header = JSON.parse(readFileSync(path, 'utf8').split('\n')[0]);
		expect(header).toMatchObject({version: 2, width: 120, height: 40});
		const played = await asciinemaCat(path);
		// Both sides of the tutorial's surprise: free -m before onlining (896) and after (1024).
		expect(played).toMatch(FREE_BEFORE);
		expect(played).toMatch(FREE_AFTER);
		// The played-back stream ends on the demo's last frame.
		const screen = new VtScreen(120, 40);
		screen.write(played);
		expect(screen.text()).toContain('QEMU: Terminated');
		// The demo ends in the monitor (device_del, object_del), with the summary on the panel.
		expect(screen.text()).toMatch(/^ -m 1024M,slots=32,maxmem=8G │ focus: QEMU monitor │/m);
		expect(screen.text()).toContain('Step 13/13  Summary  (done)');
		expect(screen.text()).toMatch(/║\(qemu\) object_del BiscuitOS-mem +║/);
	}, 30_000);
});

if (!hasAsciinema()) {
	console.warn('e2e-demo: asciinema is not installed (Debian package asciinema; .ci/run installs it): playback test skipped');
}
