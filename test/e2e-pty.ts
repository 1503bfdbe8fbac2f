/**
 * Drives the built `memhp` in a real pseudo-terminal (node-pty) with a screen model, for the
 * end-to-end tests. The bundle is rebuilt when any source is newer than it; a lock directory
 * keeps test files running in parallel from building over each other.
 */
import {execFileSync} from 'node:child_process';
import {mkdirSync, readdirSync, rmdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {spawn, type IPty} from 'node-pty';
import {VtScreen} from './e2e-vt.js';

export const ROOT = join(import.meta.dirname, '..');
export const BUNDLE = join(ROOT, 'dist', 'memhp.js');

function newestSource(dir: string): number {
	let newest = 0;
	for (const entry of readdirSync(dir, {withFileTypes: true})) {
		const path = join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
	}
	return newest;
}

function bundleFresh(): boolean {
	let built: number;
	try {
		built = statSync(BUNDLE).mtimeMs;
	} catch {
		return false;
	}
	const sources = Math.max(newestSource(join(ROOT, 'source')), statSync(join(ROOT, 'cli.tsx')).mtimeMs, statSync(join(ROOT, 'scripts', 'build.mjs')).mtimeMs);
	return built >= sources;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Builds dist/memhp.js (npm run build) unless it is newer than every source file. */
export async function ensureBuilt(): Promise<void> {
	const lock = join(ROOT, 'dist', '.e2e-build-lock');
	mkdirSync(join(ROOT, 'dist'), {recursive: true});
	for (let waited = 0; ; waited += 100) {
		try {
			mkdirSync(lock);
			break;
		} catch {
			// Another test file is building: wait, then judge freshness again. A lock left by
			// a killed run is stale after a minute.
			if (waited > 60_000) rmdirSync(lock);
			await sleep(100);
		}
	}
	try {
		if (!bundleFresh()) execFileSync('node', ['scripts/build.mjs'], {cwd: ROOT, stdio: 'pipe'});
	} finally {
		rmdirSync(lock);
	}
}

export interface MemhpPty {
	pty: IPty;
	screen: VtScreen;
	/** Everything the process wrote to the terminal. */
	output(): string;
	/** Writes each chunk separately, with a pause after each (a person typing). */
	type(...chunks: string[]): Promise<void>;
	/** Polls the screen until `check` passes (it throws or returns false until then). */
	waitFor(check: string | ((screen: string) => boolean), timeoutMs?: number): Promise<string>;
	resize(cols: number, rows: number): void;
	exited: Promise<{exitCode: number; signal?: number}>;
}

/** Spawns `node dist/memhp.js ...args` in a cols x rows pty. */
export function spawnMemhp(args: string[], options: {cols?: number; rows?: number; env?: Record<string, string>} = {}): MemhpPty {
	const cols = options.cols ?? 120;
	const rows = options.rows ?? 40;
	const screen = new VtScreen(cols, rows);
	let raw = '';
	const env: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
	Object.assign(env, {TERM: 'xterm-256color', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8'}, options.env ?? {});
	// Ink prints only the last frame when CI is set.
	env.CI = 'false';
	delete env.NO_COLOR;
	const pty = spawn(process.execPath, [BUNDLE, ...args], {name: 'xterm-256color', cols, rows, cwd: ROOT, env});
	pty.onData(data => {
		raw += data;
		screen.write(data);
	});
	const exited = new Promise<{exitCode: number; signal?: number}>(resolve => pty.onExit(resolve));
	return {
		pty,
		screen,
		output: () => raw,
		async type(...chunks) {
			for (const chunk of chunks) {
				pty.write(chunk);
				await sleep(60);
			}
		},
		async waitFor(check, timeoutMs = 10_000) {
			const test = typeof check === 'string' ? (s: string) => s.includes(check) : check;
			const start = Date.now();
			for (;;) {
				const text = screen.text();
				let ok: boolean;
				try {
					ok = test(text) !== false;
				} catch {
					ok = false;
				}
				if (ok) return text;
				if (Date.now() - start > timeoutMs) {
					throw new Error(`timed out waiting for ${typeof check === 'string' ? JSON.stringify(check) : 'the screen'}; screen:\n${text}`);
				}
				await sleep(50);
			}
		},
		resize(c, r) {
			pty.resize(c, r);
			screen.resize(c, r);
		},
		exited,
	};
}
