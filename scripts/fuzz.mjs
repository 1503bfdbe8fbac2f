// `npm run fuzz`: the long version of the property and fuzz tests (test/prop-*, test/fuzz-*).
// Runs rounds with a fresh random seed and MEMHP_FUZZ_SCALE times the CI counts until the time
// budget is spent, prints the seed of every failing round (with fast-check's own counterexample
// and path) and a summary of how many cases ran.
//
//   npm run fuzz                      5 minutes, scale 10
//   npm run fuzz -- --minutes 30 --scale 50
//   npm run fuzz -- --seed 12345      one round with that seed (reproduce a failure)
import {spawnSync} from 'node:child_process';
import {randomInt} from 'node:crypto';

const FILES = ['test/prop-machine.test.ts', 'test/prop-replay.test.ts', 'test/fuzz-parsers.test.ts', 'test/qmp-monitor.test.ts'];
/** Cases per round at scale 1 (the CI counts in those files): sequences, replays, fuzzed line batches, QMP byte streams. */
const CI_CASES = {'machine op sequences': 1500, 'determinism replays': 300, 'transcript round trips': 300, 'HMP line batches': 400, 'guest line batches': 400, 'QMP byte streams': 200};

function option(name, fallback) {
	const at = process.argv.indexOf(`--${name}`);
	if (at < 0) return fallback;
	const value = Number(process.argv[at + 1]);
	if (!Number.isFinite(value) || value <= 0) {
		console.error(`fuzz: --${name} needs a positive number`);
		process.exit(2);
	}
	return value;
}

const minutes = option('minutes', Number(process.env.MEMHP_FUZZ_MINUTES ?? 5));
const scale = option('scale', Number(process.env.MEMHP_FUZZ_SCALE ?? 10));
const fixedSeed = option('seed', undefined);
const deadline = Date.now() + minutes * 60_000;

let rounds = 0;
const failures = [];
const started = Date.now();
do {
	const seed = fixedSeed ?? randomInt(1, 2 ** 31 - 1);
	rounds++;
	process.stdout.write(`round ${rounds}: seed ${seed}, scale ${scale} ... `);
	// Scale times the runs take scale times as long: so does the per-test timeout.
	const run = spawnSync('npx', ['vitest', 'run', ...FILES, '--reporter=dot', `--testTimeout=${60_000 * scale}`], {
		env: {...process.env, MEMHP_FUZZ_SEED: String(seed), MEMHP_FUZZ_SCALE: String(scale), FORCE_COLOR: '0', NO_COLOR: '1'},
		encoding: 'utf8',
		maxBuffer: 1 << 28,
	});
	if (run.status === 0) {
		console.log('ok');
	} else {
		console.log('FAILED');
		failures.push(seed);
		const text = `${run.stdout}\n${run.stderr}`;
		// fast-check's report: the counterexample, its seed and path, and the broken invariant
		const report = text.split('\n').filter((l) => /FAIL|Property failed|seed:|Counterexample|Caused by|invariant violated|Error:|expected/.test(l));
		console.log(report.slice(0, 40).map((l) => `    ${l.slice(0, 400)}`).join('\n'));
		console.log(`    reproduce: MEMHP_FUZZ_SEED=${seed} MEMHP_FUZZ_SCALE=${scale} npx vitest run ${FILES.join(' ')}`);
	}
} while (fixedSeed === undefined && Date.now() < deadline);

const elapsed = ((Date.now() - started) / 1000).toFixed(0);
console.log(`\nfuzz: ${rounds} round(s) in ${elapsed} s at scale ${scale}, ${failures.length} failed${failures.length ? ` (seeds: ${failures.join(', ')})` : ''}`);
for (const [what, n] of Object.entries(CI_CASES)) console.log(`  ${(n * scale * rounds).toLocaleString('en')} ${what}`);
process.exit(failures.length ? 1 : 0);
