import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Package boundaries: each entry forbids a package that would let a layer do another's job. Which
 * src/lib folder may import which (layers, cycles; docs/architecture.md §3) is checked by dependency-cruiser in
 * .dependency-cruiser.cjs (`npm run deps`).
 */
const statechartBoundary = {
	patterns: [
		{
			group: ['idb', 'idb/*', '$lib/storage', '$lib/storage/*'],
			message: 'The statechart does no I/O: bind storage in app/setup.actors.ts.'
		},
		{
			group: ['$lib/probe/probe.client', 'undici'],
			message: 'The statechart does no I/O: bind probes in app/setup.actors.ts.'
		},
		{ group: ['json-rules-engine'], message: 'Readiness lives in rules/: invoke the policy actor.' }
	]
};
const componentBoundary = {
	patterns: [
		{
			group: ['json-rules-engine'],
			message: 'Components render decisions; they never evaluate rules.'
		},
		{
			group: ['idb', 'idb/*'],
			message: 'Components take props; storage is bound outside them (in $lib/app).'
		}
	]
};
const serverOnly = {
	patterns: [
		{
			group: ['$lib/server', '$lib/server/*', '**/lib/server/**', 'undici', 'node:*'],
			message: 'Server-only code stays in src/lib/server.'
		}
	]
};

export default ts.config(
	{
		ignores: [
			'build/',
			'build-*/',
			'.svelte-kit/',
			'.svelte-kit-*/',
			'.bench/',
			'.test-reports/',
			'.tools/',
			'node_modules/',
			'docs/',
			'test-results/',
			'playwright-report/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: { allowDefaultProject: ['playwright.config.ts'] },
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': [
				'error',
				{ checksVoidReturn: { attributes: false } }
			],
			'@typescript-eslint/ban-ts-comment': [
				'error',
				{ 'ts-expect-error': 'allow-with-description', minimumDescriptionLength: 10 }
			],
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			],
			'no-console': ['error', { allow: ['error', 'warn'] }]
		}
	},
	{
		files: [
			'src/lib/**/*.ts',
			'src/lib/**/*.svelte',
			'src/routes/**/*.svelte',
			'src/routes/**/+page.ts',
			'src/routes/**/+layout.ts'
		],
		ignores: ['src/lib/server/**', 'src/lib/policy/rules.node.ts', 'src/**/*.spec.ts'],
		rules: { 'no-restricted-imports': ['error', serverOnly] }
	},
	// Later blocks replace the rule for their files, so each repeats the server-only patterns.
	{
		files: [
			'src/lib/setup/*.machine.ts',
			'src/lib/setup/*.events.ts',
			'src/lib/setup/setup-persistence.ts'
		],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: [...statechartBoundary.patterns, ...serverOnly.patterns] }
			]
		}
	},
	{
		files: [
			'src/lib/components/**/*.svelte',
			'src/lib/components/**/*.ts',
			'src/routes/**/*.svelte'
		],
		ignores: ['src/**/*.spec.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: [...componentBoundary.patterns, ...serverOnly.patterns] }
			]
		}
	},
	{
		// CLIs, the simulator and tests print and use node freely.
		files: ['src/cli/**', 'src/simulator/**', 'scripts/**', 'tests/**', '**/*.spec.ts'],
		rules: { 'no-console': 'off' }
	}
);
