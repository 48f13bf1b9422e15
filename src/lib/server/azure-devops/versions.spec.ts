import { describe, expect, it } from 'vitest';
import { negotiateResourceVersion, readLocations, type ResourceLocation } from './versions';

const location = (over: Partial<ResourceLocation>): ResourceLocation => ({
	id: '02cc6a73-5cfb-427d-8c8e-b49fb086e8af',
	area: 'processes',
	resourceVersion: 2,
	minVersion: '1.0',
	maxVersion: '7.2',
	releasedVersion: '7.1',
	...over
});

describe('negotiateResourceVersion', () => {
	it.each([
		['Services, released resource', { maxVersion: '7.2', releasedVersion: '7.1' }, '7.1', '7.1'],
		['Server 2022, released', { maxVersion: '7.0', releasedVersion: '7.0' }, '7.0', '7.0'],
		[
			'Server 2020, preview there',
			{ maxVersion: '6.1', releasedVersion: '0.0' },
			'6.0',
			'6.0-preview.2'
		],
		[
			'Server 2019, preview there',
			{ maxVersion: '5.1', releasedVersion: '0.0' },
			'5.0',
			'5.0-preview.2'
		],
		[
			'preview everywhere',
			{ maxVersion: '7.2', releasedVersion: '0.0', resourceVersion: 1 },
			'7.1',
			'7.1-preview.1'
		],
		[
			'released above what the client targets',
			{ maxVersion: '7.2', releasedVersion: '7.2' },
			'7.1',
			'7.1'
		]
	])('%s', (_name, over, wanted, expected) => {
		expect(negotiateResourceVersion(location(over), wanted)).toBe(expected);
	});
});

describe('readLocations', () => {
	it('reads ApiResourceLocation entries and ignores anything else', () => {
		expect(
			readLocations({
				count: 2,
				value: [
					{
						id: '603FE2AC-9723-48B9-88AD-09305AA6C6E1',
						area: 'core',
						resourceName: 'projects',
						routeTemplate: '_apis/{resource}/{*projectId}',
						resourceVersion: 4,
						minVersion: '1.0',
						maxVersion: '6.1',
						releasedVersion: '6.0'
					},
					{ id: 'no versions' }
				]
			})
		).toEqual([
			{
				id: '603fe2ac-9723-48b9-88ad-09305aa6c6e1',
				area: 'core',
				resourceVersion: 4,
				minVersion: '1.0',
				maxVersion: '6.1',
				releasedVersion: '6.0'
			}
		]);
		expect(readLocations('<html>')).toBeUndefined();
	});
});
