// Bundles cli.tsx into one ESM file: loading Ink from many files costs ~1 s on start-up here.
import {build} from 'esbuild';
import {chmodSync} from 'node:fs';

// Ink imports react-devtools-core only when DEV=true; bundle an empty stand-in instead of
// leaving a top-level import of a package that is not installed.
const noDevtools = {
	name: 'no-devtools',
	setup(b) {
		b.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'stub'}));
		b.onLoad({filter: /.*/, namespace: 'stub'}, () => ({contents: 'export default {connectToDevTools() {}};'}));
	},
};

await build({
	entryPoints: ['cli.tsx'],
	outfile: 'dist/memhp.js',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	jsx: 'automatic',
	minify: false,
	legalComments: 'none',
	// node-pty is only for tests and the bench.
	external: ['node-pty'],
	plugins: [noDevtools],
	banner: {
		js: "import {createRequire as __memhpCreateRequire} from 'node:module';\nconst require = __memhpCreateRequire(import.meta.url);",
	},
	logLevel: 'warning',
});
chmodSync('dist/memhp.js', 0o755);
