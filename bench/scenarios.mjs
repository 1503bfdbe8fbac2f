/**
 * The bench's measurements, each against a running PtyApp. Times are milliseconds from the
 * moment the bench wrote to the pty to the output chunk after which the screen shows the result.
 */
import {PtyApp, sleep} from './pty-app.mjs';

export const MEMHP = 'dist/memhp.js';
export const BARE = 'dist/bare-app.js';

/** Screen tests for "the first complete frame". */
export const READY = {
	// All three panes and the status bar drawn, with the shell prompt in the guest pane.
	memhp: app => {
		const t = app.text();
		return t.includes('ttyS0') && t.includes('QEMU monitor') && t.includes('guest memory') && t.includes('/ # ') && t.includes('C-a x quit');
	},
	bare: app => app.text().includes('bare ink') && app.text().includes('> '),
};

/** Spawn → first complete frame, then quit. Returns ms and the process's peak RSS. */
export async function coldStart(script, ready, args = []) {
	const app = new PtyApp(script, args);
	const at = await app.waitFor(ready, 15_000, `first frame of ${script}`);
	const ms = at - app.spawnedAt;
	await app.quit();
	return ms;
}

/** memhp's side panel at 120 columns: the rightmost 38 columns (layout.ts, wide layout). */
const PANEL_FROM = 120 - 38;

/**
 * The memory panel's text as one line: borders stripped and rows joined with spaces, so a
 * word-wrapped event (`memory2062 online → Movable`) reads as it was written.
 */
export function panelText(app) {
	return app
		.text(PANEL_FROM, 120)
		.split('\n')
		.map(row => row.replace(/^[│║┌└╔╚]/, '').replace(/[│║┐┘╗╝]\s*$/, '').trim())
		.join(' ');
}

/** The left column (guest console over monitor) with borders and trailing blanks stripped. */
export function consoleText(app) {
	return app
		.text(0, PANEL_FROM)
		.split('\n')
		.map(row => row.replace(/^[│║]/, '').replace(/[│║]\s*$/, '').trimEnd())
		.join('\n');
}

/** The left column's text area as one string (80 columns a row, unwrapped): finds long lines. */
function consoleFlat(app) {
	return app
		.text(0, PANEL_FROM)
		.split('\n')
		.map(row => row.slice(1, PANEL_FROM - 1))
		.join('');
}

/** Keys typed in the latency runs: no repeats, never part of any command the bench types. */
const KEYS = 'zqjxkvwyupbgfhmnoltrsdica0123456789ZQJXKVWY';

/**
 * Types `count` keys `gapMs` apart and records, per key, the time until the screen shows the
 * prompt followed by everything typed so far. Then clears the line and waits for that: C-u, or
 * in the monitor backspaces (QEMU's readline has no C-u).
 */
export async function keystrokes(app, prompt, gapMs, count = 40) {
	const typed = KEYS.slice(0, count);
	const line = i => `${prompt}${typed.slice(0, i + 1)}`;
	const sent = [];
	const seen = [];
	let next = 0;
	const stop = app.record();
	const done = app.waitFor(
		a => {
			const text = a.text();
			while (next < sent.length && text.includes(line(next))) seen[next++] = performance.now();
			return next === count;
		},
		15_000,
		`echo of ${count} keys after ${JSON.stringify(prompt)}`,
	);
	// The waiter records each key's time as the chunk showing it arrives (checked per chunk).
	for (let i = 0; i < count; i++) {
		sent.push(performance.now());
		app.write(typed[i]);
		if (i < count - 1) await sleep(gapMs);
	}
	await done;
	await app.settle(100);
	const {bytes, clears} = stop();
	app.write(prompt === '(qemu) ' ? '\x7f'.repeat(count) : '\x15');
	await app.waitFor(a => !a.text().includes(`${prompt}${typed[0]}`), 5000, 'the line to clear');
	await app.settle(100);
	return {latencies: seen.map((t, i) => t - sent[i]), bytesPerKey: bytes / count, clears};
}

/** Runs the keystroke measurement `rounds` times at each gap and pools the samples. */
export async function keystrokeFigures(app, prompt, rounds) {
	const out = {};
	for (const gap of [60, 20]) {
		const lat = [];
		const bytes = [];
		let clears = 0;
		for (let r = 0; r < rounds; r++) {
			const res = await keystrokes(app, prompt, gap);
			lat.push(...res.latencies);
			bytes.push(res.bytesPerKey);
			clears += res.clears;
		}
		out[gap] = {latencies: lat, bytesPerKey: bytes, clears};
	}
	return out;
}

/** Types a whole command line (as a paste), waits for its echo, then presses Enter. */
export async function typeLine(app, prompt, command) {
	app.write(command);
	const echo = `${prompt}${command}`;
	await app.waitFor(a => a.text().includes(echo) || consoleFlat(a).includes(echo), 10_000, JSON.stringify(echo));
	const sent = performance.now();
	app.write('\r');
	return sent;
}

/** C-a c, until the focus line in the status bar names the pane. */
export async function switchTo(app, pane) {
	const label = pane === 'monitor' ? 'focus: QEMU monitor' : 'focus: ttyS0';
	if (app.text().includes(label)) return;
	app.write('\x01c');
	await app.waitText(label, 5000);
	await app.settle(80);
}

/** Runs one command and waits for the prompt to come back after `until` appears. */
export async function run(app, prompt, command, until, timeoutMs = 30_000) {
	await typeLine(app, prompt, command);
	if (until) await app.waitFor(a => until(a.text()), timeoutMs, `result of ${command}`);
	await app.settle(60);
}

/**
 * Enter on `echo online > .../memoryN/state` until the panel's last event says `memoryN online`;
 * each round offlines the block again first (its event must be on screen before the next round).
 */
export async function commandToPanel(app, block, rounds) {
	const state = `/sys/devices/system/memory/memory${block}/state`;
	const samples = [];
	for (let r = 0; r < rounds; r++) {
		// The last event names the block; with many DIMMs listed it is below the panel's fold,
		// and the offline-bytes line (only this block is ever offline here) tells instead.
		const offline = () => panelText(app).includes(`memory${block} offline`) || panelText(app).includes('offline, not in MemTotal');
		const online = a => panelText(a).includes(`memory${block} online`) || panelText(a).includes('all blocks online');
		await run(app, '/ # ', `echo offline > ${state}`, offline);
		const sent = await typeLine(app, '/ # ', `echo online_movable > ${state}`);
		const at = await app.waitFor(online, 10_000, `memory${block} online in the panel`);
		samples.push(at - sent);
		await app.settle(60);
	}
	return samples;
}

/** Enter → the submitted line shown in the bare app's box (its nearest equivalent). */
export async function bareEnter(app, rounds) {
	const samples = [];
	for (let r = 0; r < rounds; r++) {
		const command = `echo online ${r}`;
		const sent = await typeLine(app, '> ', command);
		// Done when the line is in the log and the editor below it is empty again.
		const at = await app.waitFor(
			a => a.text().includes(`> ${command}`) && a.text().split('\n').some(l => /^│> +│?$/.test(l)),
			5000,
			'bare echo',
		);
		samples.push(at - sent);
		await app.settle(40);
	}
	return samples;
}
