import { describe, expect, it } from 'vitest';
import { reviewRows } from './review-rows';
import { servicesDraft } from './view-drafts.samples';

describe('reviewRows', () => {
	it('lists the provider record rows', () => {
		const rows = reviewRows(servicesDraft);
		expect(rows.map((r) => r.name)).toEqual([
			'provider_key',
			'deployment_mode',
			'base_url',
			'organization',
			'project',
			'auth_method',
			'allowlist_status',
			'work_item_type',
			'area_path',
			'iteration_path',
			'priority_mapping',
			'assignee_mapping'
		]);
		expect(rows.find((r) => r.name === 'base_url')?.value).toBe('https://dev.azure.com/fabrikam');
	});
});
