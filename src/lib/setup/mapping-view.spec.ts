import { describe, expect, it } from 'vitest';
import { problemsByField, requiredCustomFields } from './mapping-view';

describe('mapping view', () => {
	it('puts preflight problems beside the field they concern', () => {
		const map = problemsByField({
			ok: true,
			data: {
				valid: false,
				operations: [],
				problems: [
					{
						field: 'System.AreaPath',
						message: 'Area does not exist.',
						fix: 'Pick an existing area.'
					},
					{ field: 'Custom.Team', message: 'Team is required.', fix: '' }
				]
			}
		});
		expect(map.get('area_path')).toEqual(['Area does not exist. Pick an existing area.']);
		expect(map.get('custom:Custom.Team')).toEqual(['Team is required.']);
		expect(problemsByField(undefined).size).toBe(0);
	});

	it('asks only for required fields nothing else fills', () => {
		const f = (reference_name: string, always_required: boolean, filled_by_server = false) => ({
			reference_name,
			always_required,
			filled_by_server
		});
		const fields = requiredCustomFields({
			description_field: 'Microsoft.VSTS.TCM.ReproSteps',
			fields: [
				f('System.Title', true),
				f('Custom.Team', true),
				f('Custom.Optional', false),
				f('System.State', true, true)
			]
		});
		expect(fields.map((x) => x.reference_name)).toEqual(['Custom.Team']);
	});
});
