/**
 * Runs a bundled app in a real pseudo-terminal (node-pty, 120x40, CI unset) and follows its
 * screen through the VT model, so the bench waits for what a user would *see*.
 */
import {readFileSync} from 'node:fs';
import pty from 'node-pty';
import {Screen, countClears} from './vt.mjs';

export const COLS = 120;
export const ROWS = 40;

/** The environment of an interactive user: a colour terminal, and no CI (Ink draws less in CI). */
export function userEnv() {
	const env = {...process.env, TERM: 'xterm-256color', COLUMNS: String(COLS), LINES: String(ROWS)};
	delete env.CI;
	delete env.NO_COLOR;
	return env;
}

export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

export class PtyApp {
	/** Spawns `node <script> ...args` the way the bin is started (same node, same flags). */
	constructor(script, args = []) {
		this.spawnedAt = performance.now();
		this.screen = new Screen(COLS, ROWS);
		this.bytes = 0;
		this.raw = '';
		this.recording = false;
		this.waiters = new Set();
		this.exited = new Promise(resolve => {
			this.proc = pty.spawn(process.execPath, [script, ...args], {
				name: 'xterm-256color',
				cols: COLS,
				rows: ROWS,
				cwd: process.cwd(),
				env: userEnv(),
			});
			this.proc.onExit(resolve);
		});
		this.pid = this.proc.pid;
		this.proc.onData(data => {
			const at = performance.now();
			this.bytes += Buffer.byteLength(data);
			if (this.recording) this.raw += data;
			this.screen.feed(data);
			for (const waiter of [...this.waiters]) waiter(at);
		});
	}

	write(data) {
		this.proc.write(data);
	}

	/** Screen text (all of it, or columns [from, to)). */
	text(from, to) {
		return from === undefined ? this.screen.text() : this.screen.region(from, to);
	}

	/**
	 * Resolves with the time (performance.now) of the first output chunk after which
	 * `predicate(this)` holds; at once if it holds already.
	 */
	waitFor(predicate, timeoutMs = 10_000, what = 'screen condition') {
		if (predicate(this)) return Promise.resolve(performance.now());
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.waiters.delete(check);
				reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.text()}`));
			}, timeoutMs);
			const check = at => {
				if (!predicate(this)) return;
				clearTimeout(timer);
				this.waiters.delete(check);
				resolve(at);
			};
			this.waiters.add(check);
		});
	}

	waitText(needle, timeoutMs = 10_000) {
		return this.waitFor(app => app.text().includes(needle), timeoutMs, JSON.stringify(needle));
	}

	/** Waits until no output has arrived for `quietMs`. */
	async settle(quietMs = 150, maxMs = 5000) {
		const start = performance.now();
		let last = this.bytes;
		for (;;) {
			await sleep(quietMs);
			if (this.bytes === last || performance.now() - start > maxMs) return;
			last = this.bytes;
		}
	}

	/** Starts keeping raw output (for bytes and clears of one measured phase). */
	record() {
		this.raw = '';
		this.recording = true;
		const bytesAt = this.bytes;
		return () => {
			this.recording = false;
			return {bytes: this.bytes - bytesAt, clears: countClears(this.raw)};
		};
	}

	/** Peak and current resident set size in KiB, from /proc (Linux). */
	rss() {
		try {
			const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
			const kb = key => Number(status.match(new RegExp(`^${key}:\\s+(\\d+)`, 'm'))?.[1] ?? NaN);
			return {peakKb: kb('VmHWM'), currentKb: kb('VmRSS')};
		} catch {
			return {peakKb: NaN, currentKb: NaN};
		}
	}

	/** C-a x (both apps quit on it), then the kill signal if it does not exit. */
	async quit() {
		this.write('\x01x');
		const timeout = sleep(3000).then(() => 'timeout');
		if ((await Promise.race([this.exited, timeout])) === 'timeout') {
			this.proc.kill();
			await this.exited;
		}
	}
}

/** Median and 95th percentile (nearest rank) of samples. */
export function stats(samples) {
	const sorted = [...samples].filter(Number.isFinite).sort((a, b) => a - b);
	if (sorted.length === 0) return {median: NaN, p95: NaN, n: 0};
	const rank = q => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
	const mid = sorted.length >> 1;
	const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	return {median, p95: rank(0.95), n: sorted.length};
}
