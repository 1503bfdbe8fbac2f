/**
 * `npm run bench`: memhp measured side by side with a bare Ink app (bench/bare-app.tsx) through
 * a real pseudo-terminal, as issue 5 asks. Prints a table (median, p95, the bare figure, the
 * ratio and the target) and writes bench/results.json. Not part of `npm test`.
 *
 * Env: BENCH_QUICK=1 for fewer repetitions (a smoke run).
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {cpus, tmpdir} from 'node:os';
import {join} from 'node:path';
import {PtyApp, stats} from './pty-app.mjs';
import {BARE, MEMHP, READY, bareEnter, coldStart, commandToPanel, consoleText, keystrokeFigures, panelText, run, switchTo} from './scenarios.mjs';
import {generateTranscript} from './transcript-gen.mjs';
import {printTable} from './table.mjs';

const QUICK = process.env.BENCH_QUICK === '1';
const N = {cold: QUICK ? 3 : 10, keyRounds: QUICK ? 1 : 3, panel: QUICK ? 5 : 20, replay: QUICK ? 2 : 5};
const SCALE_ARGS = ['-m', '64G,slots=256,maxmem=1T', '-cpu', 'qemu64,phys-bits=48'];
const SCALE_DIMMS = 200;
const log = message => process.stderr.write(`bench: ${message}\n`);

execFileSync(process.execPath, ['scripts/build.mjs', '--bench'], {stdio: 'inherit'});
const started = performance.now();
const results = {
	machine: {nproc: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, platform: process.platform},
	date: new Date().toISOString(),
	quick: QUICK,
};

// Cold start, alternating the two apps so drift hits both alike.
log(`cold start x${N.cold}`);
const cold = {memhp: [], bare: []};
for (let i = 0; i < N.cold; i++) {
	cold.bare.push(await coldStart(BARE, READY.bare));
	cold.memhp.push(await coldStart(MEMHP, READY.memhp));
}
results.coldStart = {memhp: stats(cold.memhp), bare: stats(cold.bare)};

// The floor: keystrokes and Enter in the bare app.
log('bare Ink: keystrokes, Enter');
const bare = new PtyApp(BARE);
await bare.waitFor(READY.bare);
const bareKeys = await keystrokeFigures(bare, '> ', N.keyRounds);
const bareEnterMs = await bareEnter(bare, N.panel);
results.bare = {keys: summariseKeys(bareKeys), enter: stats(bareEnterMs), rss: bare.rss()};
await bare.quit();

/**
 * Memory blocks of DIMM `id`, asked the way a user would: `info memory-devices` in the monitor
 * (address and size) and block_size_bytes in the guest. Leaves the focus on the guest.
 */
async function dimmBlocks(app, id) {
	await switchTo(app, 'monitor');
	await run(app, '(qemu) ', 'info memory-devices', () => /hotpluggable: \w+\n\(qemu\)/.test(consoleText(app)));
	const device = consoleText(app).split(`"${id}"`).at(-1);
	const addr = Number(device.match(/addr: (0x[0-9a-f]+)/)[1]);
	const size = Number(device.match(/size: (\d+)/)[1]);
	await switchTo(app, 'serial');
	const sizeLine = /block_size_bytes\n([0-9a-f]+)\n/;
	await run(app, '/ # ', 'cat /sys/devices/system/memory/block_size_bytes', () => sizeLine.test(consoleText(app)));
	const blockSize = Number(`0x${consoleText(app).match(sizeLine)[1]}`);
	return {first: addr / blockSize, last: (addr + size) / blockSize - 1};
}

/** Keystrokes in both panes, then command → panel on a block of the newest DIMM. */
async function interactiveFigures(app, label, block) {
	log(`${label}: keystrokes in the guest`);
	await switchTo(app, 'serial');
	const guest = await keystrokeFigures(app, '/ # ', N.keyRounds);
	log(`${label}: keystrokes in the monitor`);
	await switchTo(app, 'monitor');
	const monitor = await keystrokeFigures(app, '(qemu) ', N.keyRounds);
	await switchTo(app, 'serial');
	log(`${label}: command → panel on memory${block}`);
	const panel = await commandToPanel(app, block, N.panel);
	return {guest: summariseKeys(guest), monitor: summariseKeys(monitor), panel: stats(panel)};
}

// The default machine: the tutorial, then the interactive figures, then 100,000 lines.
log('memhp (default machine): tutorial');
const memhp = new PtyApp(MEMHP);
await memhp.waitFor(READY.memhp);
await switchTo(memhp, 'monitor');
await run(memhp, '(qemu) ', 'object_add memory-backend-ram,id=mem1,size=512M');
await run(memhp, '(qemu) ', 'device_add pc-dimm,id=dimm1,memdev=mem1', () => panelText(memhp).includes('hot-added'));
await switchTo(memhp, 'serial');
const blocks = await dimmBlocks(memhp, 'dimm1');
for (let b = blocks.first; b <= blocks.last; b++) {
	await run(memhp, '/ # ', `echo online_movable > /sys/devices/system/memory/memory${b}/state`, () => panelText(memhp).includes(`memory${b} online`));
}
await run(memhp, '/ # ', 'free -m', t => t.includes('Swap:'));
const defaultFigures = await interactiveFigures(memhp, 'memhp', blocks.last);
for (let b = blocks.first; b <= blocks.last; b++) {
	await run(memhp, '/ # ', `echo offline > /sys/devices/system/memory/memory${b}/state`);
}
await switchTo(memhp, 'monitor');
await run(memhp, '(qemu) ', 'device_del dimm1', () => /ejected|removed/.test(panelText(memhp)));
await run(memhp, '(qemu) ', 'object_del mem1');
await switchTo(memhp, 'serial');
const rssTutorial = memhp.rss();
log('memhp: seq 100000, twice');
await run(memhp, '/ # ', 'seq 100000', t => /\n║100000 +║/.test(t), 120_000);
const rssSeq = memhp.rss();
await run(memhp, '/ # ', 'seq 100001', t => /\n║100001 +║/.test(t), 120_000);
const rssSeq2 = memhp.rss();
await memhp.quit();
results.memhp = {...defaultFigures, rss: {tutorial: rssTutorial, seq100k: rssSeq, seq100kAgain: rssSeq2}};

// The scale machine: 200 DIMMs plugged through the monitor and onlined by a guest loop.
log(`scale: ${SCALE_ARGS.join(' ')}, plugging ${SCALE_DIMMS} DIMMs`);
const big = new PtyApp(MEMHP, SCALE_ARGS);
await big.waitFor(READY.memhp, 20_000);
await switchTo(big, 'monitor');
const BATCH = 10;
for (let i = 0; i < SCALE_DIMMS; i += BATCH) {
	let paste = '';
	for (let k = i; k < Math.min(SCALE_DIMMS, i + BATCH); k++) {
		paste += `object_add memory-backend-ram,id=m${k},size=2G\rdevice_add pc-dimm,id=d${k},memdev=m${k}\r`;
	}
	big.write(paste);
	const want = `slots ${Math.min(SCALE_DIMMS, i + BATCH)}/256`;
	await big.waitText(want, 60_000);
}
await big.settle(100);
const bigBlocks = await dimmBlocks(big, `d${SCALE_DIMMS - 1}`);
const loop = 'for f in /sys/devices/system/memory/memory*/state; do echo online_movable > $f 2>/dev/null; done';
await run(big, '/ # ', loop, () => panelText(big).includes('all blocks online'), 300_000);
const scaleFigures = await interactiveFigures(big, 'scale', bigBlocks.last);
results.scale = {...scaleFigures, rss: big.rss()};
await big.quit();

// Replay throughput of a generated 10,000-step transcript (outputs filled in by memhp first).
log('replay: generating and timing a 10,000-step transcript');
const dir = mkdtempSync(join(tmpdir(), 'memhp-bench-'));
const bare10k = join(dir, 'gen.t');
const full10k = join(dir, 'gen-full.t');
writeFileSync(bare10k, generateTranscript(10_000));
writeFileSync(full10k, execFileSync(process.execPath, [MEMHP, 'replay', bare10k], {maxBuffer: 1 << 28}));
const check = spawnSync(process.execPath, [MEMHP, 'check', full10k], {maxBuffer: 1 << 28, encoding: 'utf8'});
const replayRates = [];
for (let i = 0; i < N.replay; i++) {
	const t0 = performance.now();
	execFileSync(process.execPath, [MEMHP, 'replay', full10k], {maxBuffer: 1 << 28, stdio: ['ignore', 'ignore', 'inherit']});
	replayRates.push(10_000 / ((performance.now() - t0) / 1000));
}
results.replay = {
	steps: 10_000,
	// For a throughput the slow tail is the low end: `worst` stands in for the p95.
	stepsPerSecond: {...stats(replayRates), worst: Math.min(...replayRates)},
	check: check.stdout.trim().split('\n').at(-1),
	checkExit: check.status,
	transcriptBytes: readFileSync(full10k).length,
};
rmSync(dir, {recursive: true, force: true});

results.totalSeconds = (performance.now() - started) / 1000;
printTable(results);
writeFileSync('bench/results.json', `${JSON.stringify(results, null, '\t')}\n`);
log(`done in ${results.totalSeconds.toFixed(0)} s; raw figures in bench/results.json`);

function summariseKeys(figures) {
	const out = {};
	for (const [gap, f] of Object.entries(figures)) {
		out[gap] = {latency: stats(f.latencies), bytesPerKey: stats(f.bytesPerKey), clears: f.clears};
	}
	return out;
}
