import { describe, expect, it } from 'vitest';
import { progressView, stepFromTags, stepsFor } from './progress-view';

describe('stepFromTags', () => {
	it.each([
		[['busy', 'step.base_url'], 'base_url'],
		[['step.organization'], 'organization'],
		[['status'], null],
		[['step.nope', 'blocked'], null]
	] as const)('reads %j as %s', (tags, step) => {
		expect(stepFromTags(tags)).toBe(step);
	});
});

describe('stepsFor and progressView', () => {
	it('keeps Server-only steps off the Services path and the reverse', () => {
		expect(stepsFor({ provider_key: 'azure_devops_services' })).not.toContain('base_url');
		expect(stepsFor({ provider_key: 'azure_devops_services' })).toContain('organization');
		expect(stepsFor({ provider_key: 'azure_devops_server' })).toEqual(
			expect.arrayContaining(['attestations', 'base_url', 'network'])
		);
		expect(stepsFor({ provider_key: 'azure_devops_server' })).not.toContain('organization');
	});

	it('groups steps under the four product path segments and marks the current one', () => {
		const segments = progressView({ provider_key: 'azure_devops_server' }, 'project');
		expect(segments.map((s) => s.path)).toEqual([
			'Azure DevOps target',
			'Organization and project check',
			'Work item mapping',
			'Work management export or fallback'
		]);
		expect(segments.filter((s) => s.current).map((s) => s.path)).toEqual([
			'Organization and project check'
		]);
		const flat = segments.flatMap((s) => s.steps);
		expect(flat.find((s) => s.id === 'network')?.state).toBe('done');
		expect(flat.find((s) => s.id === 'project')?.state).toBe('current');
		expect(flat.find((s) => s.id === 'mapping')?.state).toBe('todo');
	});
});
