import {resolve} from 'node:path';
import {build, type Plugin} from 'esbuild';
import {describe, expect, test} from 'vitest';
import {noDevtools} from '../scripts/build.mjs';

// Ink's reconciler imports ./devtools.js (react-devtools-core and the `ws` client) only when
// DEV=true; the bundle replaces that module with an empty one (scripts/build.mjs).
const RECONCILER = resolve('node_modules/ink/build/reconciler.js');

async function inputsOf(plugins: Plugin[]): Promise<string[]> {
	const result = await build({
		entryPoints: [RECONCILER],
		bundle: true,
		platform: 'node',
		format: 'esm',
		write: false,
		metafile: true,
		logLevel: 'silent',
		external: ['react', 'react-reconciler', 'scheduler', 'yoga-layout', 'es-toolkit', 'chalk'],
		plugins,
	});
	return Object.keys(result.metafile.inputs);
}

describe('the bundle without Ink devtools', () => {
	test('ink/build/devtools.js is an empty stub: no ws, no react-devtools-core', async () => {
		const inputs = await inputsOf([noDevtools]);
		expect(inputs).toContain('stub:ink-devtools');
		expect(inputs.filter(path => /node_modules[\\/]ws[\\/]/.test(path) || path.includes('devtools-window-polyfill'))).toEqual([]);
	});

	test('without the stub, esbuild needs react-devtools-core, which is not installed', async () => {
		await expect(inputsOf([])).rejects.toThrow(/react-devtools-core/);
	});
});
