import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {BUNDLE, ROOT, ensureBuilt, spawnMemhp} from './e2e-pty.js';
import {tempDir} from './temp-dir.js';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const tmp = () => tempDir('memhp-rec-');

/** The `o` (output) events of an asciicast v2 file, concatenated. */
function castOutput(path: string): string {
	const [, ...events] = readFileSync(path, 'utf8').trimEnd().split('\n');
	return events
		.map(line => JSON.parse(line) as [number, string, string])
		.filter(([, type]) => type === 'o')
		.map(([, , data]) => data)
		.join('');
}

beforeAll(async () => {
	await ensureBuilt();
}, 120_000);

describe('--record in a pseudo-terminal', () => {
	it('finishes the recording when memhp is killed with SIGTERM', async () => {
		const path = join(tmp(), 'killed.cast');
		const m = spawnMemhp(['--record', path]);
		await m.waitFor(s => /^║\/ #/m.test(s));
		await m.type('free -m', '\r');
		await m.waitFor(s => /║Mem: +896 /.test(s));
		m.pty.kill('SIGTERM');
		expect((await m.exited).exitCode).toBe(143);
		await sleep(100);
		expect(existsSync(path)).toBe(true);
		expect(JSON.parse(readFileSync(path, 'utf8').split('\n')[0])).toMatchObject({version: 2, width: 120, height: 40});
		const output = castOutput(path);
		expect(output).toMatch(/║Mem: {12}896 +\d+/);
		// The recording ends on the app's last frame, not on the restored main screen.
		expect(output).not.toContain('\x1b[?1049l');
	}, 20_000);

	it('refuses to overwrite a recording without --force, before opening the screen', async () => {
		const path = join(tmp(), 'exists.cast');
		writeFileSync(path, 'keep me\n');
		const m = spawnMemhp(['tutorial', '--record', path]);
		expect((await m.exited).exitCode).toBe(1);
		await sleep(100);
		expect(m.output()).toBe(`memhp: ${path} exists (use --force to overwrite)\r\n`);
		expect(readFileSync(path, 'utf8')).toBe('keep me\n');
	}, 20_000);

	it('memhp replay --record writes what replay prints, line ends as a terminal shows them', () => {
		const dir = tmp();
		const transcript = join(dir, 'free.t');
		writeFileSync(transcript, '  $ qemu-system-x86_64 -m 1024M,slots=32,maxmem=8G -kernel bzImage -append console=ttyS0 -nographic\n  / # free -m\n');
		const path = join(dir, 'replay.cast');
		const result = spawnSync(process.execPath, [BUNDLE, 'replay', transcript, '--record', path], {cwd: ROOT, encoding: 'utf8'});
		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/^ {2}Mem: {12}896 /m);
		expect(castOutput(path)).toBe(result.stdout.replace(/\n/g, '\r\n'));
	});
});

describe('memhp --help and the tutorial language', () => {
	it('lists the tutorial, demo and recording examples', () => {
		const help = execFileSync(process.execPath, [BUNDLE, '--help'], {cwd: ROOT, encoding: 'utf8'});
		expect(help).toMatch(/^ {2}memhp tutorial +the guided walkthrough/m);
		expect(help).toMatch(/^ {2}memhp demo +play the walkthrough on the live screen/m);
		expect(help).toMatch(/^ {2}memhp tutorial --lang zh +the guided walkthrough, in Chinese$/m);
		expect(help).toMatch(/^ {2}memhp replay session\.t --record session\.cast +/m);
	});

	it('speaks Chinese when LANG is zh_CN and nothing overrides it', async () => {
		const m = spawnMemhp(['tutorial'], {env: {LC_ALL: '', LC_MESSAGES: '', LANG: 'zh_CN.UTF-8'}});
		await m.waitFor('第 1/13 步');
		await m.type('\x01x');
		expect((await m.exited).exitCode).toBe(0);
	}, 20_000);

	it('says so when the subcommand is mistyped instead of opening the plain screen', () => {
		const result = spawnSync(process.execPath, [BUNDLE, 'tutorail'], {cwd: ROOT, encoding: 'utf8'});
		expect(result.status).toBe(2);
		expect(result.stderr).toBe('memhp: unknown command: tutorail (see memhp --help)\n');
	});

	it('rejects a speed that is not positive', () => {
		const result = spawnSync(process.execPath, [BUNDLE, 'demo', '--speed', '0'], {cwd: ROOT, encoding: 'utf8'});
		expect(result.status).toBe(2);
		expect(result.stderr).toBe('memhp: --speed must be a positive number, not 0\n');
	});
});
