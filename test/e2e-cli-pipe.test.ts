/**
 * The built bin on a pipe: a reader that stops early (`memhp replay f.t | head -3`) ends memhp
 * quietly, with no unhandled EPIPE and no stack trace; `--version` works outside the checkout.
 */
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {expect, it} from 'vitest';
import {ensureBuilt} from './e2e-pty.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

it('replay into a pipe that closes early exits 0 without a stack trace', async () => {
	await ensureBuilt();
	const lines = ['  $ qemu-system-x86_64 -m 1024M -kernel bzImage', ...Array.from({length: 400}, () => '  / # seq 200')].join('\n') + '\n';
	const child = spawn('node', ['dist/memhp.js', 'replay', '-'], {cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe']});
	let stderr = '';
	child.stderr.on('data', (d: Buffer) => {
		stderr += d.toString();
	});
	child.stdout.once('data', () => child.stdout.destroy());
	child.stdin.end(lines);
	const code = await new Promise<number | null>(resolve => child.on('close', resolve));
	expect(stderr).not.toMatch(/EPIPE|at .*\(node:/);
	expect(code).toBe(0);
}, 60_000);

it('--version names memhp\'s own version from any working directory', async () => {
	await ensureBuilt();
	const {version} = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {version: string};
	const cwd = mkdtempSync(join(tmpdir(), 'memhp-version-'));
	const child = spawn('node', [join(ROOT, 'dist', 'memhp.js'), '--version'], {cwd, stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	child.stdout.on('data', (d: Buffer) => {
		stdout += d.toString();
	});
	const code = await new Promise<number | null>(resolve => child.on('close', resolve));
	rmSync(cwd, {recursive: true});
	expect(stdout).toBe(`${version}\n`);
	expect(code).toBe(0);
}, 60_000);
