/**
 * The bench table: one row per figure of issue 5 with memhp's median / p95, the bare-Ink (or
 * default-machine) figure beside it, the ratio and the target, and whether it is met.
 */

const ms = v => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');
const mib = kb => (Number.isFinite(kb) ? `${(kb / 1024).toFixed(1)} MiB` : 'n/a');
const num = v => (Number.isFinite(v) ? v.toFixed(0) : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN);
const fmtRatio = r => (Number.isFinite(r) ? `${r.toFixed(2)}x` : 'n/a');

/** Rows as plain data (also stored in results.json). */
export function tableRows(r) {
	const rows = [];
	const add = (figure, memhp, base, rat, target, met) => rows.push({figure, memhp, base, ratio: fmtRatio(rat), target, met: met ? 'yes' : 'NO'});
	const c = r.coldStart;
	const coldRatio = ratio(c.memhp.median, c.bare.median);
	add('cold start (spawn → full frame)', `${ms(c.memhp.median)} / p95 ${ms(c.memhp.p95)}`, `${ms(c.bare.median)} / p95 ${ms(c.bare.p95)}`, coldRatio, '≤ 1.25x bare', coldRatio <= 1.25);

	const keyRows = (prefix, fig, base, baseLabel, scale) => {
		for (const pane of ['guest', 'monitor']) {
			for (const gap of ['60', '20']) {
				const m = fig[pane][gap].latency;
				const b = base(pane)[gap].latency;
				const rat = ratio(m.p95, b.p95);
				const target = scale ? '≤ 1.5x default' : 'p95 ≤ 16 ms, ≤ 1.5x bare';
				const met = scale ? rat <= 1.5 : m.p95 <= 16 && rat <= 1.5;
				add(`${prefix}key → echo, ${pane}, ${gap} ms gap`, `${ms(m.median)} / p95 ${ms(m.p95)}`, `${baseLabel} p95 ${ms(b.p95)}`, rat, target, met);
			}
		}
	};
	keyRows('', r.memhp, () => r.bare.keys, 'bare', false);

	const p = r.memhp.panel;
	add('command → panel (echo online)', `${ms(p.median)} / p95 ${ms(p.p95)}`, `bare Enter p95 ${ms(r.bare.enter.p95)}`, ratio(p.p95, r.bare.enter.p95), 'p95 ≤ 33 ms', p.p95 <= 33);

	for (const pane of ['guest', 'monitor']) {
		const m = r.memhp[pane]['60'];
		const b = r.bare.keys['60'];
		const clears = r.memhp[pane]['60'].clears + r.memhp[pane]['20'].clears;
		const rat = ratio(m.bytesPerKey.median, b.bytesPerKey.median);
		add(`bytes per keystroke, ${pane} (full clears)`, `${num(m.bytesPerKey.median)} B (${clears} clears)`, `${num(b.bytesPerKey.median)} B (${b.clears} clears)`, rat, '≤ 2x bare, 0 clears', rat <= 2 && clears === 0);
	}

	const rp = r.replay.stepsPerSecond;
	add(`replay, ${r.replay.steps} steps`, `${num(rp.median)} steps/s / worst ${num(rp.worst)}`, '—', NaN, '≥ 5000 steps/s', rp.median >= 5000);

	const bareRss = r.bare.rss.peakKb;
	const t = r.memhp.rss.tutorial.peakKb;
	const s = r.memhp.rss.seq100k.peakKb;
	const s2 = r.memhp.rss.seq100kAgain.peakKb;
	add('peak RSS after the tutorial', mib(t), mib(bareRss), ratio(t, bareRss), '≤ 1.3x bare', ratio(t, bareRss) <= 1.3);
	add('peak RSS after 100,000 lines', mib(s), mib(bareRss), ratio(s, bareRss), '≤ 1.3x bare', ratio(s, bareRss) <= 1.3);
	const growth = ratio(s2, s);
	add('RSS growth, another 100,001 lines', `${mib(s2)} (+${mib(s2 - s)})`, mib(s), growth, 'no growth past scrollback bound', growth <= 1.05);

	keyRows('scale: ', r.scale, pane => r.memhp[pane], 'default', true);
	const sp = r.scale.panel;
	const spr = ratio(sp.p95, p.p95);
	add('scale: command → panel', `${ms(sp.median)} / p95 ${ms(sp.p95)}`, `default p95 ${ms(p.p95)}`, spr, '≤ 1.5x default', spr <= 1.5);
	return rows;
}

/** Prints the table (markdown, so it can go into the README as is). */
export function printTable(results) {
	const rows = tableRows(results);
	results.table = rows;
	const head = ['figure', 'memhp (median / p95)', 'bare Ink / baseline', 'ratio', 'target', 'met'];
	const cells = rows.map(row => [row.figure, row.memhp, row.base, row.ratio, row.target, row.met]);
	const widths = head.map((h, i) => Math.max(h.length, ...cells.map(c => c[i].length)));
	const line = cols => `| ${cols.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	const m = results.machine;
	process.stdout.write(`\nmemhp bench — ${m.nproc} CPUs (${m.cpu}), node ${m.node}, ${m.platform}${results.quick ? ' (BENCH_QUICK)' : ''}\n\n`);
	process.stdout.write(`${line(head)}\n|${widths.map(w => '-'.repeat(w + 2)).join('|')}|\n`);
	for (const c of cells) process.stdout.write(`${line(c)}\n`);
	process.stdout.write('\n');
}
