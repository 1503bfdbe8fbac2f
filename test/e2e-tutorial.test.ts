import {spawnSync} from 'node:child_process';
import {beforeAll, describe, expect, it} from 'vitest';
import {BUNDLE, ROOT, ensureBuilt, spawnMemhp} from './e2e-pty.js';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const MEMORY = '/sys/devices/system/memory';

beforeAll(async () => {
	await ensureBuilt();
}, 120_000);

describe('memhp in a pseudo-terminal', () => {
	it('runs the tutorial by keyboard: hot-add, online, free -m grows, C-a x restores the terminal', async () => {
		const m = spawnMemhp([]);
		await m.waitFor(s => /^║\/ #/m.test(s));
		// C-a and c as two separate writes, like a person pressing them.
		await m.type('\x01', 'c');
		await m.waitFor('╔═ QEMU monitor');
		await m.waitFor(s => /║QEMU 7\.2\.\d+ monitor - type 'help' for more information +║/.test(s));
		await m.type('object_add memory-backend-ram,', 'id=mem1,size=512M', '\r');
		await m.type('device_add pc-dimm,id=dimm1,', 'memdev=mem1', '\r');
		// The memory panel: the DIMM plugged, its blocks offline and out of MemTotal.
		await m.waitFor('512 MiB offline, not in MemTotal');
		const plugged = m.screen.text();
		// Device memory starts above 4 GiB: the first DIMM is at 0x100000000 in slot 0.
		expect(plugged).toMatch(/│dimm1 +0 0x100000000 +512 MiB +│/);
		expect(plugged).toMatch(/│ {2}memdev mem1 node 0 plugged +│/);
		await m.type('\x01', 'c');
		await m.waitFor('╔═ ttyS0 — guest');
		await m.type(`echo online > ${MEMORY}/memory33/state`, '\r');
		await m.waitFor('memory33 online');
		await m.type('free -m', '\r');
		const screen = await m.waitFor(s => /Mem: +1024 +\d+ +\d+ +\d+ +\d+ +\d+/.test(s));
		// busybox free's header, inside the guest pane's borders (80 columns: not wrapped).
		expect(screen).toContain('║              total        used        free      shared  buff/cache   available ║');
		expect(screen).toMatch(/║Mem: {11}1024 +\d+ +\d+ +\d+ +\d+ +\d+ ║/);
		// The panel's last event names the block, its zone and the memory it added.
		expect(screen).toMatch(/memory33 online → (Normal|Movable), \+128 MiB/);
		expect(screen).toContain('384 MiB offline, not in MemTotal');
		// Every row but the status bar ends with the panel's right border in column 120: nothing
		// the renderer wrote into the last column was erased again.
		const rows = m.screen.text().split('\n').slice(0, 38);
		expect(rows.filter(row => !/[│┐┘]$/.test(row) || [...row].length !== 120)).toEqual([]);
		await m.type('\x01', 'x');
		await m.waitFor('QEMU: Terminated');
		const {exitCode} = await m.exited;
		await sleep(100);
		expect(exitCode).toBe(0);
		// Back on the main screen with the cursor shown: the last thing written restores them.
		// (Ink's exit hook shows the cursor once more after that: harmless.)
		expect(m.output()).toMatch(/\x1b\[\?1049l(\x1b\[\?25h)+$/);
		expect(m.screen.altScreen).toBe(false);
		expect(m.screen.cursorVisible).toBe(true);
	}, 30_000);

	it('restores the terminal and exits non-zero on SIGTERM', async () => {
		const m = spawnMemhp([]);
		await m.waitFor(s => /^║\/ #/m.test(s));
		m.pty.kill('SIGTERM');
		const {exitCode} = await m.exited;
		await sleep(100);
		expect(exitCode).toBe(143);
		// QEMU's message comes after the restore, so it lands on the user's main screen.
		expect(m.output()).toMatch(/\x1b\[\?1049l\x1b\[\?25h[^]*qemu-system-x86_64: terminating on signal 15\r\n/);
		expect(m.screen.text()).toContain('qemu-system-x86_64: terminating on signal 15');
		expect(m.screen.altScreen).toBe(false);
	}, 20_000);

	it('says how to run without a terminal when stdin is not a TTY, and exits 2', () => {
		const result = spawnSync(process.execPath, [BUNDLE], {cwd: ROOT, input: '', encoding: 'utf8', env: {...process.env, CI: 'false'}});
		expect(result.status).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toBe(
			'memhp: the interactive screen needs a terminal (stdin and stdout must be a TTY).\n' +
				'       To drive memhp from a script or a pipe, use a transcript: memhp replay FILE.t (or - for stdin).\n',
		);
	});

	it('refuses a bad QEMU command line with QEMU\'s message before looking at the terminal', () => {
		const result = spawnSync(process.execPath, [BUNDLE, '-m', '512M,slots=300,maxmem=8G'], {cwd: ROOT, input: '', encoding: 'utf8', env: {...process.env, CI: 'false'}});
		expect(result.status).toBe(1);
		expect(result.stderr).toBe('qemu-system-x86_64: unsupported amount of memory slots: 300\n');
	});

	it('shows "terminal too small" at 40x12 and the screen again after a resize to 120x40', async () => {
		const m = spawnMemhp([], {cols: 40, rows: 12});
		await m.waitFor('terminal too small (40x12, need 80x24)');
		m.resize(120, 40);
		// The root box is one row shorter than the terminal (Ink clears the screen otherwise): the
		// status bar is the last line. A frame arrives in chunks, so wait for the whole of it.
		const statusBar = /^ -m 1024M,slots=32,maxmem=8G │ focus: ttyS0 — guest │ /;
		const screen = await m.waitFor(s => s.includes('┌─ guest memory') && /^║\/ #/m.test(s) && statusBar.test(s.trimEnd().split('\n').at(-1) ?? ''));
		expect(screen).not.toContain('terminal too small');
		await m.type('\x01x');
		expect((await m.exited).exitCode).toBe(0);
	}, 20_000);
});
