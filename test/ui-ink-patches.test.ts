import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {inkOutputCache} from '../scripts/build.mjs';

/**
 * scripts/build.mjs replaces Ink's Output.get with one that serialises only rows whose writes
 * changed (issue 5). The screen must stay byte for byte what Ink writes: compare the patched
 * class with Ink's own on random frames (styled, wide and combining text, clips, transformers),
 * many frames in a row so the row cache is hit as well as filled.
 */

type Op =
	| {type: 'write'; x: number; y: number; text: string; upper: boolean}
	| {type: 'clip'; clip: {x1?: number; x2?: number; y1?: number; y2?: number}}
	| {type: 'unclip'};

interface OutputLike {
	write(x: number, y: number, text: string, options: {transformers: Array<(line: string, index: number) => string>}): void;
	clip(clip: {x1?: number; x2?: number; y1?: number; y2?: number}): void;
	unclip(): void;
	get(): {output: string; height: number};
}
type OutputClass = new (options: {width: number; height: number}) => OutputLike;

const OUTPUT_JS = resolve('node_modules/ink/build/output.js');
let dir: string;
let Original: OutputClass;
let Patched: OutputClass;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'memhp-ink-output-'));
	const bundled = await build({
		entryPoints: [OUTPUT_JS],
		bundle: true,
		platform: 'node',
		format: 'esm',
		write: false,
		logLevel: 'silent',
		plugins: [inkOutputCache],
	});
	const file = join(dir, 'output.mjs');
	writeFileSync(file, bundled.outputFiles[0].text);
	Patched = (await import(pathToFileURL(file).href)).default;
	Original = (await import(pathToFileURL(OUTPUT_JS).href)).default;
});

afterAll(() => rmSync(dir, {recursive: true, force: true}));

// Pieces of text a frame is made of: ASCII, box drawing, CJK (two columns), an emoji, a
// combining accent, tabs-free control-free text and SGR codes that open and close styles.
const PIECES = ['a', 'b', 'Z', ' ', '0', '─', '║', '╔', '█', '▒', '中', '文', '😀', 'e\u0301', '\x1b[31m', '\x1b[1m', '\x1b[39m', '\x1b[22m', '\x1b[0m', '\x1b[7m', '\x1b[27m', '\x1b[96m'];
const line = fc.array(fc.constantFrom(...PIECES), {maxLength: 14}).map(parts => parts.join(''));
const text = fc.array(line, {minLength: 1, maxLength: 4}).map(lines => lines.join('\n'));
const small = fc.integer({min: -3, max: 24});
const op: fc.Arbitrary<Op> = fc.oneof(
	{weight: 6, arbitrary: fc.record({type: fc.constant('write' as const), x: small, y: fc.integer({min: -2, max: 9}), text, upper: fc.boolean()})},
	{
		weight: 1,
		arbitrary: fc.record({
			type: fc.constant('clip' as const),
			clip: fc.oneof(
				fc.record({x1: small, x2: small, y1: small, y2: small}),
				fc.record({x1: small, x2: small}),
				fc.record({y1: small, y2: small}),
			),
		}),
	},
	{weight: 1, arbitrary: fc.constant({type: 'unclip' as const})},
);
const frame = fc.record({width: fc.integer({min: 1, max: 24}), height: fc.integer({min: 1, max: 8}), ops: fc.array(op, {maxLength: 12})});

const upper = (l: string) => l.toUpperCase();

function draw(Output: OutputClass, f: {width: number; height: number; ops: Op[]}): {output: string; height: number} {
	const output = new Output({width: f.width, height: f.height});
	for (const o of f.ops) {
		if (o.type === 'write') output.write(o.x, o.y, o.text, {transformers: o.upper ? [upper] : []});
		else if (o.type === 'clip') output.clip(o.clip);
		else output.unclip();
	}
	return output.get();
}

describe('ink-output-cache (scripts/build.mjs)', () => {
	test('the patched Output.get writes exactly what Ink writes, frame after frame', () => {
		// The patch is in: get() consults the row cache.
		expect(String(Patched.prototype.get)).toContain('rowCache');
		expect(String(Original.prototype.get)).not.toContain('rowCache');
		fc.assert(
			fc.property(fc.array(frame, {minLength: 1, maxLength: 4}), frames => {
				for (const f of frames) expect(draw(Patched, f)).toEqual(draw(Original, f));
				// The same frames again: now every row comes from the cache.
				for (const f of frames) expect(draw(Patched, f)).toEqual(draw(Original, f));
			}),
			{numRuns: 300},
		);
	});

	test('a styled, clipped pane row and its wide characters come out as Ink draws them', () => {
		const f = {
			width: 12,
			height: 3,
			ops: [
				{type: 'write', x: 0, y: 0, text: '\x1b[96m╔═ 中文 ═══════╗\x1b[39m', upper: false},
				{type: 'clip', clip: {x1: 1, x2: 11, y1: 1, y2: 3}},
				{type: 'write', x: 1, y: 1, text: '/ # echo online > memory33', upper: false},
				{type: 'write', x: 1, y: 2, text: 'a\x1b[7m \x1b[27m', upper: false},
				{type: 'unclip'},
			] as Op[],
		};
		const expected = draw(Original, f);
		// The clip ends at x2 = 11: ten columns of the pane line after its left border column.
		expect(expected.output.split('\n')[1]).toBe(' / # echo o');
		expect(draw(Patched, f)).toEqual(expected);
		expect(draw(Patched, f)).toEqual(expected);
	});
});
