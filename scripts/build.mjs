// Bundles cli.tsx into one ESM file: loading Ink from many files costs ~1 s on start-up here.
import {build} from 'esbuild';
import {chmodSync} from 'node:fs';
import {readFile} from 'node:fs/promises';

// Ink imports react-devtools-core only when DEV=true; bundle an empty stand-in instead of
// leaving a top-level import of a package that is not installed.
const noDevtools = {
	name: 'no-devtools',
	setup(b) {
		b.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'stub'}));
		b.onLoad({filter: /.*/, namespace: 'stub'}, () => ({contents: 'export default {connectToDevTools() {}};'}));
	},
};

// Ink 6.8's incremental renderer moves the cursor up one line too few when the previous frame
// ended in a newline (every frame shorter than the terminal does), so each frame lands one row
// low and scrolls: the second screen row goes stale. Return to the first line of the frame.
const INK_CURSOR_UP = 'buffer.push(ansiEscapes.cursorUp(previousVisible - 1));';
// It also writes each changed line and then erases to the end of the line. After a line as wide
// as the terminal the cursor sits in the last column (pending wrap) and xterm-style terminals
// erase that column: the right border vanished on every redrawn line. Erase first, then write.
const INK_LINE_WRITE = /ansiEscapes\.cursorTo\(0\) \+\s*nextLines\[i\] \+\s*ansiEscapes\.eraseEndLine \+/;
const inkIncrementalFix = {
	name: 'ink-incremental-fix',
	setup(b) {
		b.onLoad({filter: /ink[\\/]build[\\/]log-update\.js$/}, async (args) => {
			const source = await readFile(args.path, 'utf8');
			if (!source.includes(INK_CURSOR_UP) || !INK_LINE_WRITE.test(source)) {
				throw new Error('ink-incremental-fix: log-update.js changed; check whether the fixes are still needed');
			}
			const fixed = source
				.replace(INK_CURSOR_UP, "buffer.push(ansiEscapes.cursorUp(previousOutput.endsWith('\\n') ? previousVisible : previousVisible - 1));")
				.replace(INK_LINE_WRITE, 'ansiEscapes.cursorTo(0) + ansiEscapes.eraseEndLine + nextLines[i] +');
			return {contents: fixed, loader: 'js'};
		});
	},
};

// Ink 6.8 builds a fresh OutputCaches for every frame, so each frame re-tokenizes every styled
// line on screen (~half of a frame's CPU in `npm run bench`) although most lines did not
// change. Keep one cache across frames, emptied when it grows past a bound.
const INK_OUTPUT_CACHES = '    caches = new OutputCaches();';
const inkOutputCache = {
	name: 'ink-output-cache',
	setup(b) {
		b.onLoad({filter: /ink[\\/]build[\\/]output\.js$/}, async (args) => {
			const source = await readFile(args.path, 'utf8');
			if (!source.includes(INK_OUTPUT_CACHES)) {
				throw new Error('ink-output-cache: output.js changed; check whether the cache is still per frame');
			}
			const shared = [
				'const sharedCaches = new OutputCaches();',
				'const sharedCachesFor = () => {',
				'    if (sharedCaches.styledChars.size + sharedCaches.widths.size > 20000) {',
				'        sharedCaches.styledChars.clear();',
				'        sharedCaches.widths.clear();',
				'        sharedCaches.blockWidths.clear();',
				'    }',
				'    return sharedCaches;',
				'};',
			].join('\n');
			const fixed = source
				.replace('export default class Output {', `${shared}\nexport default class Output {`)
				.replace(INK_OUTPUT_CACHES, '    caches = sharedCachesFor();');
			return {contents: fixed, loader: 'js'};
		});
	},
};

/** Shared by memhp and the bench's bare Ink app, so the bench compares like with like. */
const common = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	jsx: 'automatic',
	minify: false,
	legalComments: 'none',
	// node-pty is only for tests and the bench.
	external: ['node-pty'],
	plugins: [noDevtools, inkIncrementalFix, inkOutputCache],
	banner: {
		js: "import {createRequire as __memhpCreateRequire} from 'node:module';\nconst require = __memhpCreateRequire(import.meta.url);",
	},
	// React's production build: the development build checks every element and fiber, which
	// cost ~40% of the CPU per keystroke frame in the bench (npm run bench).
	define: {'process.env.NODE_ENV': '"production"'},
	logLevel: 'warning',
};

await build({...common, entryPoints: ['cli.tsx'], outfile: 'dist/memhp.js'});
chmodSync('dist/memhp.js', 0o755);

// The bench's floor: a bare Ink app (one box, one line editor), bundled the same way. Only
// built when the bench asks for it, so `npm run build` stays as it was.
if (process.argv.includes('--bench')) {
	await build({...common, entryPoints: ['bench/bare-app.tsx'], outfile: 'dist/bare-app.js'});
}
