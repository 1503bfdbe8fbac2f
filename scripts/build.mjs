// Bundles cli.tsx into one ESM file: loading Ink from many files costs ~1 s on start-up here.
import {build} from 'esbuild';
import {chmodSync} from 'node:fs';

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
	// node-pty is only for tests/bench; react-devtools-core is an optional Ink import.
	external: ['node-pty', 'react-devtools-core'],
	banner: {
		js: "#!/usr/bin/env node\nimport {createRequire as __memhpCreateRequire} from 'node:module';\nconst require = __memhpCreateRequire(import.meta.url);",
	},
	logLevel: 'warning',
});
chmodSync('dist/memhp.js', 0o755);
