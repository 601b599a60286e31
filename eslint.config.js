import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{ ignores: ['.svelte-kit/', 'build/', 'node_modules/', 'test-results/', '.scratch/', 'static/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: {
				projectService: { allowDefaultProject: ['*.js', '.ci/*.mjs'] },
				tsconfigRootDir: import.meta.dirname
			}
		},
		rules: {
			'@typescript-eslint/no-explicit-any': 'error',
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
			'no-undef': 'off',
			'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
			// The portal has no base path (kit.paths.base is ''), so resolve() would add nothing to our links.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { parser: ts.parser, svelteConfig } },
		// $props() and $state() are let by design: the Svelte-aware rule knows which runes may be const
		rules: { 'prefer-const': 'off', 'svelte/prefer-const': ['error', { ignoreReadBeforeAssign: true }] }
	},
	{
		// Linting with type information takes long for components (each one's generated code changes the
		// shared program, about 0.25 s each) and for the tests (Playwright's and Vitest's types); with it
		// `npm run lint` took 70 s. The typed rules (no floating promises) stay on for the application's
		// .ts and .svelte.ts modules, the workers and the benches; Vitest itself waits for an async
		// assertion (resolves, rejects) a test forgot to await, warns, and fails the test if it fails.
		files: ['**/*.svelte', 'tests/**/*.ts'],
		...ts.configs.disableTypeChecked
	}
);
