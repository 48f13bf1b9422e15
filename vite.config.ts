import { sveltekit } from '@sveltejs/kit/vite';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: './vite.config.ts',
				plugins: [svelteTesting()],
				// @xstate/svelte 5.0.0's exports map sends `import` to a CJS wrapper that require()s a
				// second svelte, whose onDestroy then throws lifecycle_outside_component (measured in
				// setup-session.svelte.spec.ts); `module` picks its ES build, as the app build does.
				resolve: { conditions: ['module', 'browser', 'development|production'] },
				test: {
					name: 'component',
					environment: 'jsdom',
					include: ['src/**/*.svelte.spec.ts'],
					setupFiles: ['./src/vitest-setup-client.ts']
				}
			},
			{
				extends: './vite.config.ts',
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.spec.ts', 'tests/**/*.spec.ts'],
					exclude: ['src/**/*.svelte.spec.ts', 'tests/e2e/**']
				}
			}
		]
	}
});
