import { EMPTY_DRAFT, type SetupDraft } from '$lib/domain';

/** Sample drafts the view specs share: a Services draft ready for mapping, a Server draft past its network step. */

export const AT = '2026-11-26T10:00:00.000Z';

export const servicesDraft: SetupDraft = {
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
		work_item_type: 'Bug',
		area_path: 'Fabrikam Fiber\\Web',
		iteration_path: 'Fabrikam Fiber\\Sprint 1'
	},
	results: {
		connection: {
			ok: true,
			at: AT,
			data: {
				user: { id: 'u1', display_name: 'Ada Admin' },
				deployment_type: 'hosted',
				instance_id: 'i',
				api_version: '7.1',
				credential_global: false,
				credential_too_broad: false
			}
		},
		discovery: {
			ok: true,
			at: AT,
			data: {
				project: { id: 'p1', name: 'Fabrikam Fiber' },
				process: { name: 'Agile', kind: 'system', template_type_id: 't' },
				work_item_types: [],
				areas: { id: 1, name: 'Fabrikam Fiber', path: 'Fabrikam Fiber' },
				iterations: { id: 2, name: 'Fabrikam Fiber', path: 'Fabrikam Fiber' },
				round_trips: 2
			}
		},
		capabilities: {
			ok: true,
			at: AT,
			data: {
				granted: ['project_read', 'work_read', 'work_write'],
				missing: [],
				extra_access: [],
				recommended_scopes: []
			}
		},
		preflight: { ok: true, at: AT, data: { valid: true, problems: [], operations: [] } }
	}
};

export const serverDraft: SetupDraft = {
	...EMPTY_DRAFT,
	provider_key: 'azure_devops_server',
	deployment_mode: 'self-hosted',
	auth_method: 'pat',
	attestations: { owns_server: true, api_reachable: true, scan_export_authorized: true },
	base_url: 'https://devops.example.com/tfs/DefaultCollection/',
	organization: 'DefaultCollection',
	allowlist_status: 'vpn',
	results: {
		'base-url': {
			ok: true,
			at: AT,
			data: {
				url: 'https://devops.example.com/tfs/DefaultCollection',
				host: 'devops.example.com',
				address_class: 'private',
				allowlist_match: true,
				tls: 'trusted',
				reachable: true,
				suggested_allowlist_status: 'allowlisted',
				looks_like_azure_devops: true
			}
		}
	}
};
