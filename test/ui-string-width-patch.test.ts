import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {stringWidthNarrowLines} from '../scripts/build.mjs';

/**
 * scripts/build.mjs gives both string-width versions in the bundle (8 for Ink's layout, 7 for
 * wrap-ansi) a fast path for lines of ASCII, box drawing, block elements and a few narrow
 * punctuation marks and arrows. Widths must stay exactly what the libraries compute: compare
 * the patched functions with the originals on random lines of those characters and of others
 * (wide, emoji, combining, ambiguous, ANSI codes), in both ambiguous-width modes.
 */
type Width = (s: string, options?: {ambiguousIsNarrow?: boolean}) => number;
const VERSIONS = {8: resolve('node_modules/string-width/index.js'), 7: resolve('node_modules/wrap-ansi/node_modules/string-width/index.js')};
let dir: string;
const widths: Record<string, {original: Width; patched: Width}> = {};

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'memhp-string-width-'));
	for (const [version, path] of Object.entries(VERSIONS)) {
		const bundled = await build({entryPoints: [path], bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'silent', plugins: [stringWidthNarrowLines]});
		const file = join(dir, `string-width-${version}.mjs`);
		writeFileSync(file, bundled.outputFiles[0]!.text);
		widths[version] = {patched: (await import(pathToFileURL(file).href)).default, original: (await import(pathToFileURL(path).href)).default};
	}
});

afterAll(() => rmSync(dir, {recursive: true, force: true}));

// The panel's and panes' characters, then others that must still take the slow path.
const NARROW = ['a', ' ', '~', '·', '–', '—', '…', '←', '↑', '→', '↓', '─', '║', '╔', '╝', '▁', '▅', '█', '░', '▒', '▟'];
const OTHER = ['↔', '↙', '↔\uFE0F', '中', '：', '😀', 'e\u0301', '\u00AD', '\u200B', '\t', '\x1b[31m', '\x1b[0m', '\u00E9', '\u2460', '\uFF21'];
const line = (pieces: string[]) => fc.array(fc.constantFrom(...pieces), {maxLength: 20}).map(p => p.join(''));

describe('string-width-narrow-lines (scripts/build.mjs)', () => {
	for (const version of Object.keys(VERSIONS)) {
		test(`string-width ${version}: the patched width is the library's own`, () => {
			const {original, patched} = widths[version]!;
			fc.assert(fc.property(fc.oneof(line(NARROW), line([...NARROW, ...OTHER])), fc.boolean(), (s, narrow) => {
				expect(patched(s, {ambiguousIsNarrow: narrow})).toBe(original(s, {ambiguousIsNarrow: narrow}));
				expect(patched(s)).toBe(original(s));
			}), {numRuns: 400});
			expect(patched('║▅ → ░░ ·')).toBe(9);
			expect(patched('─', {ambiguousIsNarrow: false})).toBe(2);
		});
	}
});
