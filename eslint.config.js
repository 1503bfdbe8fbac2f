import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
	{ignores: ['dist/**', 'node_modules/**', 'coverage/**']},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		languageOptions: {globals: {...globals.node}},
	},
	{
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
			'no-control-regex': 'off',
		},
	},
	{
		files: ['source/machine/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', {
				patterns: [{
					group: ['node:*', 'fs', 'child_process', 'net', 'os', 'http', 'react', 'ink'],
					message: 'source/machine is a pure model: no host I/O, no UI.',
				}],
			}],
			'no-restricted-globals': ['error', 'process'],
		},
	},
);
