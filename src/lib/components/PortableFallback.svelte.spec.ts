import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import type { ExportMapping } from '$lib/export/export-mapping';
import PortableFallback from './PortableFallback.svelte';

const mapping: ExportMapping = {
	organization: 'fabrikam',
	project: 'Fabrikam Fiber',
	work_item_type: 'Bug',
	area_path: 'Fabrikam Fiber',
	iteration_path: 'Fabrikam Fiber',
	priority_mapping: { critical: 1, high: 2, medium: 3, low: 4 },
	severity_mapping: null
};

afterEach(cleanup);

describe('PortableFallback', () => {
	it('loads the panel on first render and passes its props through', async () => {
		render(PortableFallback, {
			props: { mapping, code: 'PROVIDER_API_VERSION_UNSUPPORTED', onExported: async () => {} }
		});
		// The first import of the panel compiles it under vitest: allow more than findBy's 1 s.
		const region = await screen.findByRole(
			'region',
			{ name: /Portable fallback/ },
			{ timeout: 10_000 }
		);
		expect(region).toHaveTextContent('4 findings (sample data)');
	});
});
