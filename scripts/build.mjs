// Bundles cli.tsx into one ESM file: loading Ink from many files costs ~1 s on start-up here.
import {build} from 'esbuild';
import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {pathToFileURL} from 'node:url';

// Ink imports its devtools module (react-devtools-core, and the `ws` WebSocket client for its
// window polyfill) only when DEV=true. react-devtools-core is not installed, so that path can
// only fail; bundle an empty module in its place instead of 130 KB of `ws` that every start-up
// would parse for nothing.
export const noDevtools = {
	name: 'no-devtools',
	setup(b) {
		b.onResolve({filter: /^\.\/devtools\.js$/}, (args) =>
			/ink[\\/]build[\\/]reconciler\.js$/.test(args.importer) ? {path: 'ink-devtools', namespace: 'stub'} : undefined);
		b.onLoad({filter: /.*/, namespace: 'stub'}, () => ({contents: 'export {};'}));
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
export const inkIncrementalFix = {
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
// Output.get() then paints every write into a fresh 120x40 grid of cell objects, clips each
// line of an overflow="hidden" box with sliceAnsi and serialises all 40 rows again (~75% of a
// keystroke frame after the cache above). A row's text depends only on the frame width and the
// (x, text) writes that land on it, in order, so get() below collects those per row and
// serialises only rows whose writes changed since an earlier frame: a keystroke repaints one
// row. The cell-painting and serialisation steps are Ink's own, unchanged, so the output is
// byte for byte what Ink would write.
const INK_OUTPUT_GET = /\n {4}get\(\) \{[\s\S]*\n {4}\}\n\}\n/;
const rowCachedGet = `
const ROW_CACHE_LIMIT = 4000;
const rowCache = new Map();
const sliceCache = new Map();
const cachedSliceAnsi = (line, from, to) => {
    const key = from + ',' + to + ',' + line;
    let sliced = sliceCache.get(key);
    if (sliced === undefined) {
        sliced = sliceAnsi(line, from, to);
        sliceCache.set(key, sliced);
    }
    return sliced;
};
const paintRow = (width, segments, caches) => {
    const currentLine = [];
    for (let x = 0; x < width; x++) {
        currentLine.push({ type: 'char', value: ' ', fullWidth: false, styles: [] });
    }
    for (let s = 0; s < segments.length; s += 2) {
        const characters = caches.getStyledChars(segments[s + 1]);
        let offsetX = segments[s];
        for (const character of characters) {
            currentLine[offsetX] = character;
            const characterWidth = Math.max(1, caches.getStringWidth(character.value));
            if (characterWidth > 1) {
                for (let index = 1; index < characterWidth; index++) {
                    currentLine[offsetX + index] = { type: 'char', value: '', fullWidth: false, styles: character.styles };
                }
            }
            offsetX += characterWidth;
        }
    }
    return styledCharsToString(currentLine.filter(item => item !== undefined)).trimEnd();
};
`;
const ROW_CACHED_GET_METHOD = `
    get() {
        const rows = [];
        for (let y = 0; y < this.height; y++) {
            rows.push([]);
        }
        const clips = [];
        for (const operation of this.operations) {
            if (operation.type === 'clip') {
                clips.push(operation.clip);
            }
            if (operation.type === 'unclip') {
                clips.pop();
            }
            if (operation.type === 'write') {
                const { text, transformers } = operation;
                let { x, y } = operation;
                let lines = text.split('\\n');
                const clip = clips.at(-1);
                if (clip) {
                    const clipHorizontally = typeof clip?.x1 === 'number' && typeof clip?.x2 === 'number';
                    const clipVertically = typeof clip?.y1 === 'number' && typeof clip?.y2 === 'number';
                    if (clipHorizontally) {
                        const width = this.caches.getWidestLine(text);
                        if (x + width < clip.x1 || x > clip.x2) {
                            continue;
                        }
                    }
                    if (clipVertically) {
                        const height = lines.length;
                        if (y + height < clip.y1 || y > clip.y2) {
                            continue;
                        }
                    }
                    if (clipHorizontally) {
                        lines = lines.map(line => {
                            const from = x < clip.x1 ? clip.x1 - x : 0;
                            const width = this.caches.getStringWidth(line);
                            const to = x + width > clip.x2 ? clip.x2 - x : width;
                            return cachedSliceAnsi(line, from, to);
                        });
                        if (x < clip.x1) {
                            x = clip.x1;
                        }
                    }
                    if (clipVertically) {
                        const from = y < clip.y1 ? clip.y1 - y : 0;
                        const height = lines.length;
                        const to = y + height > clip.y2 ? clip.y2 - y : height;
                        lines = lines.slice(from, to);
                        if (y < clip.y1) {
                            y = clip.y1;
                        }
                    }
                }
                let offsetY = 0;
                for (let [index, line] of lines.entries()) {
                    const segments = rows[y + offsetY];
                    if (!segments) {
                        continue;
                    }
                    for (const transformer of transformers) {
                        line = transformer(line, index);
                    }
                    segments.push(x, line);
                    offsetY++;
                }
            }
        }
        if (rowCache.size > ROW_CACHE_LIMIT) {
            rowCache.clear();
        }
        if (sliceCache.size > ROW_CACHE_LIMIT) {
            sliceCache.clear();
        }
        const generated = [];
        for (const segments of rows) {
            let key = String(this.width);
            for (let s = 0; s < segments.length; s += 2) {
                key += '\\u0000' + segments[s] + '\\u0001' + segments[s + 1];
            }
            let row = rowCache.get(key);
            if (row === undefined) {
                row = paintRow(this.width, segments, this.caches);
                rowCache.set(key, row);
            }
            generated.push(row);
        }
        return {
            output: generated.join('\\n'),
            height: rows.length,
        };
    }
}
`;
export const inkOutputCache = {
	name: 'ink-output-cache',
	setup(b) {
		b.onLoad({filter: /ink[\\/]build[\\/]output\.js$/}, async (args) => {
			const source = await readFile(args.path, 'utf8');
			if (!source.includes(INK_OUTPUT_CACHES) || !INK_OUTPUT_GET.test(source) || !source.includes('return sliceAnsi(line, from, to);')) {
				throw new Error('ink-output-cache: output.js changed; check whether the caches are still per frame');
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
				.replace('export default class Output {', `${shared}\n${rowCachedGet}\nexport default class Output {`)
				.replace(INK_OUTPUT_CACHES, '    caches = sharedCachesFor();')
				.replace(INK_OUTPUT_GET, () => ROW_CACHED_GET_METHOD);
			return {contents: fixed, loader: 'js'};
		});
	},
};

// renderNodeToOutput measures every <Text> of the tree with widest-line (string-width per
// grapheme, an emoji regex per character) on every frame: after the row cache it was the
// largest cost left in a keystroke frame. Widths of the same text never change: cache them.
const INK_TEXT_WIDTH = '            const currentWidth = widestLine(text);';
export const inkTextWidthCache = {
	name: 'ink-text-width-cache',
	setup(b) {
		b.onLoad({filter: /ink[\\/]build[\\/]render-node-to-output\.js$/}, async (args) => {
			const source = await readFile(args.path, 'utf8');
			if (!source.includes(INK_TEXT_WIDTH)) {
				throw new Error('ink-text-width-cache: render-node-to-output.js changed; check where text is measured');
			}
			const cache = [
				'const textWidths = new Map();',
				'const cachedWidestLine = (text) => {',
				'    let width = textWidths.get(text);',
				'    if (width === undefined) {',
				'        if (textWidths.size > 20000) {',
				'            textWidths.clear();',
				'        }',
				'        width = widestLine(text);',
				'        textWidths.set(text, width);',
				'    }',
				'    return width;',
				'};',
			].join('\n');
			const fixed = source
				.replace('const renderNodeToOutput = (', `${cache}\nconst renderNodeToOutput = (`)
				.replace(INK_TEXT_WIDTH, '            const currentWidth = cachedWidestLine(text);');
			return {contents: fixed, loader: 'js'};
		});
	},
};

// Yoga's Emscripten loader reads its own wasm, a base64 data: URL inlined in the file, with
// fetch() whenever fetch exists: on Node that loads the built-in undici on every start-up
// (~50 ms of the cold start here) only to decode a string. Decode it directly, as the loader
// does where fetch is missing.
const YOGA_FETCH = 'function ya(){return w||"function"!=typeof fetch?';
export const yogaNoFetch = {
	name: 'yoga-no-fetch',
	setup(b) {
		b.onLoad({filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/}, async (args) => {
			const source = await readFile(args.path, 'utf8');
			if (!source.includes(YOGA_FETCH)) {
				throw new Error('yoga-no-fetch: the yoga wasm loader changed; check how it reads its data: URL');
			}
			return {contents: source.replace(YOGA_FETCH, 'function ya(){return w||ua(H)||"function"!=typeof fetch?'), loader: 'js'};
		});
	},
};

// Ink limits frames with es-toolkit's throttle, which is a debounce with maxWait: a commit
// that comes within the window after a frame is drawn one whole window after *itself*, not
// after that frame. Enter right after a keystroke's echo waited ~17 ms plus timer lateness
// (half of command -> panel in the bench). Limit frames instead: draw at once when the last
// frame is a window old, else once when it is, with the tree as it is then.
const INK_RENDER_THROTTLE = /const throttled = throttle\(this\.onRender, renderThrottleMs, \{\s*leading: true,\s*trailing: true,\s*\}\);/;
const frameLimiter = `
const limitFrames = (render, windowMs) => {
    let last = -Infinity;
    let timer = null;
    const run = () => {
        timer = null;
        last = performance.now();
        render();
    };
    const limited = () => {
        if (timer !== null) {
            return;
        }
        const wait = last + windowMs - performance.now();
        if (wait <= 0) {
            run();
        }
        else {
            timer = setTimeout(run, wait);
        }
    };
    limited.flush = () => {
        if (timer !== null) {
            clearTimeout(timer);
            run();
        }
    };
    limited.cancel = () => {
        if (timer !== null) {
            clearTimeout(timer);
            timer = null;
        }
    };
    return limited;
};
`;
export const inkFrameLimiter = {
	name: 'ink-frame-limiter',
	setup(b) {
		b.onLoad({filter: /ink[\\/]build[\\/]ink\.js$/}, async (args) => {
			const source = await readFile(args.path, 'utf8');
			if (!INK_RENDER_THROTTLE.test(source) || !source.includes("import { throttle } from 'es-toolkit/compat';")) {
				throw new Error('ink-frame-limiter: ink.js changed; check how renders are throttled');
			}
			const fixed = source
				.replace("import { throttle } from 'es-toolkit/compat';", `import { throttle } from 'es-toolkit/compat';\n${frameLimiter}`)
				.replace(INK_RENDER_THROTTLE, 'const throttled = limitFrames(this.onRender, renderThrottleMs);');
			return {contents: fixed, loader: 'js'};
		});
	},
};

// Ink serialises each changed row with ansi-tokenize's styledCharsToString, which diffs the
// styles of every character against the previous one through diffAnsiCodes: three Sets and
// four arrays per character: 30% of memhp's garbage while the bench runs commands (82 → 57 MB
// allocated over 40 commands, sampled). Two equal style lists (same codes in
// the same order) always diff to nothing, so the patch skips the diff for them; every other
// pair goes through diffAnsiCodes as before, so the output is the same string.
const TOKENIZE_DIFF = 'ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));';
export const ansiTokenizeSameStyles = {
	name: 'ansi-tokenize-same-styles',
	setup(b) {
		b.onLoad({filter: /ansi-tokenize[\\/]build[\\/]styledChars\.js$/}, async (args) => {
			const source = await readFile(args.path, 'utf8');
			if (!source.includes(TOKENIZE_DIFF)) {
				throw new Error('ansi-tokenize-same-styles: styledChars.js changed; check how styles are diffed');
			}
			const sameStyles = `
function sameAnsiCodes(a, b) {
    if (a === b) return true;
    if (a.length !== b.length) return false;
    for (let k = 0; k < a.length; k++) {
        if (a[k].code !== b[k].code || a[k].endCode !== b[k].endCode) return false;
    }
    return true;
}
`;
			const fixed = source.replace(
				TOKENIZE_DIFF,
				'if (!sameAnsiCodes(chars[i - 1].styles, char.styles)) ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));',
			) + sameStyles;
			return {contents: fixed, loader: 'js'};
		});
	},
};

// string-width measures every line Ink lays out. Printable ASCII takes its fast path; any other
// character sends the whole line through Intl.Segmenter and Unicode-property regexps, whose first
// use compiles \p{RGI_Emoji} (string-width 8) or emoji-regex (7, wrap-ansi's): the side panel's
// block and box characters, arrows and middle dots put that on every first frame. Those
// characters are one column wide in both versions when ambiguous characters are narrow (the
// default; ↔..↙ are left out, string-width 7 counts them as emoji), so a line made only of them
// and ASCII is measured as its length, the number the slow path gives.
const NARROW_LINE = String.raw`/^[\u0020-\u007E\u00B7\u2013\u2014\u2026\u2190-\u2193\u2500-\u259F]*$/`;
const STRING_WIDTH_8_FAST = 'if (/^[\\u0020-\\u007E]*$/.test(string)) {';
const STRING_WIDTH_7_FAST = '\tlet width = 0;\n\tconst eastAsianWidthOptions = {ambiguousAsWide: !ambiguousIsNarrow};';
export const stringWidthNarrowLines = {
	name: 'string-width-narrow-lines',
	setup(b) {
		b.onLoad({filter: /[\\/]string-width[\\/]index\.js$/}, async (args) => {
			const source = await readFile(args.path, 'utf8');
			let fixed;
			if (source.includes(STRING_WIDTH_8_FAST)) {
				fixed = source.replace(STRING_WIDTH_8_FAST, `if (/^[\\u0020-\\u007E]*$/.test(string) || (ambiguousIsNarrow && ${NARROW_LINE}.test(string))) {`);
			} else if (source.includes(STRING_WIDTH_7_FAST)) {
				fixed = source.replace(STRING_WIDTH_7_FAST, `\tif (ambiguousIsNarrow && ${NARROW_LINE}.test(string)) {\n\t\treturn string.length;\n\t}\n\n${STRING_WIDTH_7_FAST}`);
			} else {
				throw new Error('string-width-narrow-lines: string-width changed; check its fast path');
			}
			return {contents: fixed, loader: 'js'};
		});
	},
};

/** Shared by memhp and the bench's bare Ink app, so the bench compares like with like. */
export const common = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	jsx: 'automatic',
	// Minified: V8 parses the whole bundle before the first line runs, and fewer bytes parse
	// faster (2.34 -> 1.18 MB: ~60 ms less to the first frame, ten alternating starts through
	// bench/pty-app.mjs).
	// `node --enable-source-maps dist/memhp.js` maps a stack trace back to the sources.
	minify: true,
	sourcemap: 'linked',
	legalComments: 'none',
	// node-pty is only for tests and the bench.
	external: ['node-pty'],
	plugins: [noDevtools, inkIncrementalFix, inkOutputCache, inkTextWidthCache, yogaNoFetch, inkFrameLimiter, ansiTokenizeSameStyles, stringWidthNarrowLines],
	banner: {
		js: "import {createRequire as __memhpCreateRequire} from 'node:module';\nconst require = __memhpCreateRequire(import.meta.url);",
	},
	// React's production build: the development build checks every element and fiber, which
	// cost ~40% of the CPU per keystroke frame in the bench (npm run bench).
	define: {'process.env.NODE_ENV': '"production"'},
	logLevel: 'warning',
};

/**
 * Escapes what esbuild leaves non-ASCII (it escapes strings and regexps, not comments it keeps):
 * one `→` in a kept JSDoc comment made V8 hold the whole 1.7 MB bundle source as a two-byte
 * string, 3.4 MB of heap for as long as the process runs, and scan it slower. `\uXXXX` is
 * valid in comments, identifiers, strings and regexps alike, so the code means the same.
 */
export function asciiOnly(file) {
	const source = readFileSync(file, 'utf8');
	const ascii = source.replace(/[^\x00-\x7f]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
	if (ascii !== source) writeFileSync(file, ascii);
}

// Run as a script (`npm run build`); imported, it only exports the plugins (test/ui-ink-patches).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	await build({...common, entryPoints: ['cli.tsx'], outfile: 'dist/memhp.js'});
	asciiOnly('dist/memhp.js');
	chmodSync('dist/memhp.js', 0o755);

	// The bench's floor: a bare Ink app (one box, one line editor), bundled the same way. Only
	// built when the bench asks for it, so `npm run build` stays as it was.
	if (process.argv.includes('--bench')) {
		await build({...common, entryPoints: ['bench/bare-app.tsx'], outfile: 'dist/bare-app.js'});
		asciiOnly('dist/bare-app.js');
	}
}
