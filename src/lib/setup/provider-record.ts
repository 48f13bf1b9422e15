import {
	collectionFromBaseUrl,
	effectiveSeverityMapping,
	providerRecordSchema,
	REQUIRED_SCOPES,
	servicesBaseUrl,
	type ProviderRecord,
	type SetupDraft
} from '$lib/domain';

/**
 * The provider record Work management export reads, built from a draft the policy found ready.
 * Parsing it here means a half-finished draft can never be saved as a target.
 */
export function buildProviderRecord(
	draft: SetupDraft,
	ids: { id: string; credential_fingerprint: string; now: string; created_at?: string }
): ProviderRecord {
	const connection = draft.results.connection?.ok ? draft.results.connection.data : undefined;
	const capabilities = draft.results.capabilities?.ok ? draft.results.capabilities.data : undefined;
	const granted =
		connection?.granted_scopes ??
		(capabilities && capabilities.missing.length === 0 ? [...REQUIRED_SCOPES] : []);
	const base_url =
		draft.provider_key === 'azure_devops_server'
			? draft.base_url
			: draft.organization
				? servicesBaseUrl(draft.organization)
				: undefined;
	return providerRecordSchema.parse({
		id: ids.id,
		provider_key: draft.provider_key,
		deployment_mode: draft.deployment_mode,
		organization:
			draft.provider_key === 'azure_devops_server'
				? (draft.organization ?? collectionFromBaseUrl(draft.base_url ?? ''))
				: draft.organization,
		project: draft.project,
		project_id: draft.project_id,
		base_url,
		auth_method: draft.auth_method,
		scopes: granted,
		allowlist_status: draft.allowlist_status,
		work_item_type: draft.mapping.work_item_type,
		area_path: draft.mapping.area_path,
		iteration_path: draft.mapping.iteration_path,
		priority_mapping: draft.mapping.priority_mapping,
		severity_mapping: effectiveSeverityMapping(draft),
		assignee_mapping: draft.mapping.assignee_mapping,
		custom_fields: draft.mapping.custom_fields,
		credential_fingerprint: ids.credential_fingerprint,
		token_expires_at: draft.token_expires_at ?? null,
		status: 'ready',
		blocked_code: null,
		created_at: ids.created_at ?? ids.now,
		updated_at: ids.now,
		last_verified_at: ids.now
	});
}
