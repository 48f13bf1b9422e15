import { EMPTY_DRAFT, type SetupDraft } from '$lib/domain';

/** Complete drafts for specs and the bench: a Services and a Server target that pass every check. */

export const SAMPLE_NOW = new Date('2026-11-26T12:00:00.000Z');
const AT = '2026-11-26T11:59:00.000Z';

const discovery = {
	ok: true as const,
	at: AT,
	data: {
		project: { id: 'p-1', name: 'Web Risk' },
		process: {
			name: 'Agile',
			kind: 'system' as const,
			template_type_id: 'adcc42ab-9882-485e-a3ed-7678f01f66bc'
		},
		work_item_types: [],
		areas: { id: 1, name: 'Web Risk', path: 'Web Risk' },
		iterations: { id: 2, name: 'Web Risk', path: 'Web Risk' },
		round_trips: 4
	}
};

const mappingResults = {
	capabilities: {
		ok: true as const,
		at: AT,
		data: {
			granted: ['project_read' as const, 'work_read' as const, 'work_write' as const],
			missing: [],
			extra_access: [],
			recommended_scopes: []
		}
	},
	preflight: { ok: true as const, at: AT, data: { valid: true, problems: [], operations: [] } }
};

const mapping = {
	...EMPTY_DRAFT.mapping,
	work_item_type: 'Bug',
	area_path: 'Web Risk',
	iteration_path: 'Web Risk\\Sprint 1'
};

export const READY_SERVICES_DRAFT: SetupDraft = {
	...EMPTY_DRAFT,
	provider_key: 'azure_devops_services',
	deployment_mode: 'cloud',
	organization: 'contoso',
	auth_method: 'pat',
	allowlist_status: 'not_required',
	project: 'Web Risk',
	project_id: 'p-1',
	mapping,
	token_expires_at: '2027-01-31T23:59:59.000Z',
	results: {
		connection: {
			ok: true,
			at: AT,
			data: {
				user: { id: 'u-1', display_name: 'Admin' },
				deployment_type: 'hosted',
				instance_id: 'i-1',
				api_version: '7.1',
				credential_global: false,
				credential_too_broad: false
			}
		},
		projects: {
			ok: true,
			at: AT,
			data: {
				projects: [{ id: 'p-1', name: 'Web Risk', state: 'wellFormed' }],
				pages: 1,
				complete: true
			}
		},
		discovery,
		...mappingResults
	}
};

export const READY_SERVER_DRAFT: SetupDraft = {
	...EMPTY_DRAFT,
	provider_key: 'azure_devops_server',
	deployment_mode: 'self-hosted',
	organization: 'DefaultCollection',
	auth_method: 'pat',
	attestations: { owns_server: true, api_reachable: true, scan_export_authorized: true },
	base_url: 'https://devops.contoso.example/tfs/DefaultCollection',
	allowlist_status: 'allowlisted',
	project: 'Web Risk',
	project_id: 'p-1',
	mapping,
	results: {
		'base-url': {
			ok: true,
			at: AT,
			data: {
				url: 'https://devops.contoso.example/tfs/DefaultCollection',
				host: 'devops.contoso.example',
				address_class: 'private',
				allowlist_match: true,
				tls: 'trusted',
				reachable: true,
				suggested_allowlist_status: 'allowlisted',
				looks_like_azure_devops: true
			}
		},
		connection: {
			ok: true,
			at: AT,
			data: {
				user: { id: 'u-1', display_name: 'Admin' },
				deployment_type: 'onPremises',
				instance_id: 'i-2',
				api_version: '7.0',
				credential_global: false,
				credential_too_broad: false
			}
		},
		discovery,
		...mappingResults
	}
};

/**
 * The baselines in rules/baselines/ built from a draft: `npm run rules:baselines` writes each one
 * as the facts of its draft, so a new fact reaches every fixture without editing JSON by hand.
 * (outcomes-ready.json is a set of first-pass outcomes, written by hand.)
 */
export const BASELINE_DRAFTS = {
	empty: EMPTY_DRAFT,
	'services-ready': READY_SERVICES_DRAFT,
	'server-ready': READY_SERVER_DRAFT
} as const satisfies Record<string, SetupDraft>;
