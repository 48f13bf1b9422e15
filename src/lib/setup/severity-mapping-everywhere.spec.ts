import { describe, expect, it } from 'vitest';
import {
	DEFAULT_SEVERITY_MAPPING,
	EMPTY_DRAFT,
	SEVERITY_FIELD,
	effectiveSeverityMapping,
	type SetupDraft,
	type SeverityMapping,
	type WorkItemTypeInfo
} from '$lib/domain';
import { discovery } from '$lib/domain/probe-responses.stubs';
import { mappingParams } from '$lib/probe/probe-requests';
import { buildProviderRecord } from './provider-record';
import { reviewRows } from './review-rows';

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
const chosen: SeverityMapping = {
	critical: '1 - Critical',
	high: '1 - Critical',
	medium: '2 - High',
	low: '4 - Low'
};

function draftWith(
	types: WorkItemTypeInfo[],
	workItemType: string,
	stored: SeverityMapping | null = null
): SetupDraft {
	return {
		...EMPTY_DRAFT,
		provider_key: 'azure_devops_services',
		deployment_mode: 'cloud',
		organization: 'fabrikam',
		auth_method: 'pat',
		allowlist_status: 'not_required',
		project: 'Fabrikam Fiber',
		project_id: 'p1',
		mapping: {
			...EMPTY_DRAFT.mapping,
			work_item_type: workItemType,
			area_path: 'Fabrikam Fiber\\Web',
			iteration_path: 'Fabrikam Fiber\\Sprint 1',
			severity_mapping: stored
		},
		results: {
			discovery: {
				ok: true,
				at: '2026-11-27T00:00:00.000Z',
				data: { ...discovery, work_item_types: types }
			}
		}
	} as SetupDraft;
}

// The dry run, the review screen and the saved record all read the mapping through one function.
describe('the severity mapping shown, proven and recorded is one and the same', () => {
	const ids = {
		id: 't1',
		credential_fingerprint: 'sha256:0123456789abcdef',
		now: '2026-11-27T00:00:00.000Z'
	};

	it('untouched defaults of a Bug are sent to the dry run, shown for review and recorded', () => {
		const draft = draftWith([bug, issue], 'Bug');
		expect(effectiveSeverityMapping(draft)).toEqual(DEFAULT_SEVERITY_MAPPING);
		expect(mappingParams(draft).severity).toBe('2 - High');
		expect(reviewRows(draft).find((r) => r.name === 'severity_mapping')?.value).toBe(
			'critical → 1 - Critical, high → 2 - High, medium → 3 - Medium, low → 4 - Low'
		);
		expect(buildProviderRecord(draft, ids).severity_mapping).toEqual(DEFAULT_SEVERITY_MAPPING);
	});

	it('a type without Severity sends, shows and records none, even with an earlier choice', () => {
		const draft = draftWith([bug, issue], 'Issue', chosen);
		expect(mappingParams(draft).severity).toBeUndefined();
		expect(reviewRows(draft).some((r) => r.name === 'severity_mapping')).toBe(false);
		expect(buildProviderRecord(draft, ids).severity_mapping).toBeNull();
	});

	it('the admin’s choice wins everywhere', () => {
		const draft = draftWith([bug], 'Bug', chosen);
		expect(mappingParams(draft).severity).toBe('1 - Critical');
		expect(buildProviderRecord(draft, ids).severity_mapping).toEqual(chosen);
	});
});
