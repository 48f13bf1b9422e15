import { describe, expect, it } from 'vitest';
import { teamCurrentIteration, teamDefaultArea } from './team-settings';

// specification/work/7.1/httpExamples/teamFieldValues/GET__work_teamsettings_teamfieldvalues.json
const TEAM_FIELD_VALUES = {
	field: {
		referenceName: 'System.AreaPath',
		url: 'https://dev.azure.com/fabrikam/_apis/wit/fields/System.AreaPath'
	},
	defaultValue: 'Fabrikam-Fiber\\Auto',
	values: [
		{ value: 'Fabrikam-Fiber\\Auto', includeChildren: false },
		{ value: 'Fabrikam-Fiber\\Fiber', includeChildren: false },
		{ value: 'Fabrikam-Fiber\\Optics', includeChildren: false }
	]
};

// The iteration of specification/work/7.1/httpExamples/iterations/GET__work_teamsettings_iterations__iterationId_.json
// in the `value` list every Azure DevOps collection answer uses (the spec's $timeframe example
// says `values` and omits `path`).
const CURRENT_ITERATIONS = {
	count: 1,
	value: [
		{
			id: 'a589a806-bf11-4d4f-a031-c19813331553',
			name: 'Sprint 2',
			path: 'Fabrikam-Fiber\\Release 1\\Sprint 2',
			attributes: { startDate: null, finishDate: null }
		}
	]
};

describe('teamDefaultArea', () => {
	it.each([
		['the area is the team field', TEAM_FIELD_VALUES, 'Fabrikam-Fiber\\Auto'],
		[
			'a custom team field (on-premises) is not an area',
			{ ...TEAM_FIELD_VALUES, field: { referenceName: 'Custom.Team' } },
			undefined
		],
		['an empty body', {}, undefined]
	])('%s', (_, json, expected) => {
		expect(teamDefaultArea(json)).toBe(expected);
	});
});

describe('teamCurrentIteration', () => {
	it.each([
		['the current iteration', CURRENT_ITERATIONS, 'Fabrikam-Fiber\\Release 1\\Sprint 2'],
		[
			'a node path with a leading backslash loses it',
			{ value: [{ path: '\\Fabrikam-Fiber\\Sprint 2' }] },
			'Fabrikam-Fiber\\Sprint 2'
		],
		['no current iteration', { count: 0, value: [] }, undefined]
	])('%s', (_, json, expected) => {
		expect(teamCurrentIteration(json)).toBe(expected);
	});

	it('a body without a value list is malformed', () => {
		expect(() => teamCurrentIteration({ values: CURRENT_ITERATIONS.value })).toThrow(
			expect.objectContaining({
				code: 'PROVIDER_BASE_URL_UNREACHABLE',
				check: 'malformed-response'
			})
		);
	});
});
