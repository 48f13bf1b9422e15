import { describe, expect, it } from 'vitest';
import {
	DEFAULT_SEVERITY_MAPPING,
	SEVERITY_FIELD,
	type SeverityMapping,
	type WorkItemTypeInfo
} from '$lib/domain';
import { severityMappingFor } from './severity-mapping';

const field = (allowed: string[]) => ({
	reference_name: SEVERITY_FIELD,
	name: 'Severity',
	always_required: false,
	allowed_values: allowed,
	filled_by_server: false
});
const type = (name: string, fields: WorkItemTypeInfo['fields']): WorkItemTypeInfo => ({
	name,
	reference_name: `X.${name}`,
	description_field: 'System.Description',
	fields
});
const SYSTEM = ['1 - Critical', '2 - High', '3 - Medium', '4 - Low'];
const bug = type('Bug', [field(SYSTEM)]);
const issue = type('Issue', []);
const custom = type('Bug', [field(['S1', 'S2', 'S3'])]);
const chosen: SeverityMapping = {
	critical: '1 - Critical',
	high: '1 - Critical',
	medium: '2 - High',
	low: '4 - Low'
};

describe('severityMappingFor', () => {
	it.each([
		['no discovery: the stored choice as it is', null, undefined, null],
		['no discovery, a stored choice', chosen, undefined, chosen],
		['a type without Severity: none, whatever was chosen', chosen, issue, null],
		[
			'a type with Severity, nothing chosen: the process defaults',
			null,
			bug,
			DEFAULT_SEVERITY_MAPPING
		],
		['a type with Severity: the admin’s choices', chosen, bug, chosen],
		[
			'a customised list: defaults it does not allow take the value in the same place',
			null,
			custom,
			{ critical: 'S1', high: 'S2', medium: 'S3', low: 'S3' }
		],
		[
			'a type with Severity and no list: the defaults stand',
			null,
			type('Bug', [field([])]),
			DEFAULT_SEVERITY_MAPPING
		]
	] as const)('%s', (_name, stored, info, expected) => {
		expect(severityMappingFor(stored, info)).toEqual(expected);
	});
});
