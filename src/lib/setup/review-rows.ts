import {
	ALLOWLIST_STATUS_LABEL,
	AUTH_METHOD_LABEL,
	PROVIDER_LABEL,
	servicesBaseUrl,
	type SetupDraft,
	type SeverityMapping
} from '$lib/domain';
import { formatUtc } from './format';
import { effectiveSeverityMapping } from '$lib/domain';

interface ReviewRow {
	name: string;
	value: string;
}

function severityRow(mapping: SeverityMapping | null): string | undefined {
	return mapping
		? Object.entries(mapping)
				.map(([s, v]) => `${s} → ${v}`)
				.join(', ')
		: undefined;
}

/** The provider record fields Work management export will use, as the review step lists them. */
export function reviewRows(draft: SetupDraft): ReviewRow[] {
	const m = draft.mapping;
	const base_url =
		draft.provider_key === 'azure_devops_server'
			? draft.base_url
			: draft.organization
				? servicesBaseUrl(draft.organization)
				: undefined;
	const assignee =
		m.assignee_mapping.mode === 'identity'
			? `${m.assignee_mapping.display_name} (${m.assignee_mapping.unique_name})`
			: m.assignee_mapping.mode === 'team_default'
				? 'Team default'
				: 'Unassigned';
	const rows: Array<[string, string | undefined]> = [
		[
			'provider_key',
			draft.provider_key
				? `${draft.provider_key} (${PROVIDER_LABEL[draft.provider_key]})`
				: undefined
		],
		['deployment_mode', draft.deployment_mode],
		['base_url', base_url],
		['organization', draft.organization],
		['project', draft.project],
		[
			'auth_method',
			draft.auth_method
				? `${draft.auth_method} (${AUTH_METHOD_LABEL[draft.auth_method]})`
				: undefined
		],
		[
			'allowlist_status',
			draft.allowlist_status
				? `${draft.allowlist_status} (${ALLOWLIST_STATUS_LABEL[draft.allowlist_status]})`
				: undefined
		],
		['work_item_type', m.work_item_type],
		['area_path', m.area_path],
		['iteration_path', m.iteration_path],
		[
			'priority_mapping',
			Object.entries(m.priority_mapping)
				.map(([s, p]) => `${s} → ${p}`)
				.join(', ')
		],
		['severity_mapping', severityRow(effectiveSeverityMapping(draft))],
		['assignee_mapping', assignee],
		[
			'custom_fields',
			Object.entries(m.custom_fields)
				.map(([k, v]) => `${k} = ${v}`)
				.join(', ') || undefined
		],
		['token_expires_at', draft.token_expires_at ? formatUtc(draft.token_expires_at) : undefined]
	];
	return rows
		.filter((r): r is [string, string] => typeof r[1] === 'string' && r[1] !== '')
		.map(([name, value]) => ({ name, value }));
}
