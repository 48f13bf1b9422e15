import type { ProviderRecord } from './provider-record.schema';

/** Sample provider records for tests (test code only; no secret, demo names). */
const SAMPLE_AT = '2026-11-26T10:00:00.000Z';

export function sampleServicesRecord(overrides: Partial<ProviderRecord> = {}): ProviderRecord {
	return {
		id: 't1',
		provider_key: 'azure_devops_services',
		deployment_mode: 'cloud',
		organization: 'fabrikam',
		project: 'Fabrikam Fiber',
		project_id: 'p1',
		base_url: 'https://dev.azure.com/fabrikam',
		auth_method: 'pat',
		scopes: ['vso.work_write', 'vso.project'],
		allowlist_status: 'not_required',
		work_item_type: 'Bug',
		area_path: 'Fabrikam Fiber',
		iteration_path: 'Fabrikam Fiber',
		priority_mapping: { critical: 1, high: 2, medium: 3, low: 4 },
		severity_mapping: null,
		assignee_mapping: { mode: 'unassigned' },
		custom_fields: {},
		credential_fingerprint: 'sha256:0123456789abcdef',
		token_expires_at: null,
		status: 'ready',
		blocked_code: null,
		created_at: SAMPLE_AT,
		updated_at: SAMPLE_AT,
		last_verified_at: SAMPLE_AT,
		...overrides
	};
}

export function sampleServerRecord(overrides: Partial<ProviderRecord> = {}): ProviderRecord {
	return sampleServicesRecord({
		provider_key: 'azure_devops_server',
		deployment_mode: 'self-hosted',
		organization: 'DefaultCollection',
		base_url: 'https://devops.example.com/tfs/DefaultCollection',
		allowlist_status: 'allowlisted',
		...overrides
	});
}
