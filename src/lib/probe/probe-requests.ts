import {
	severityMappingFor,
	type MappingParams,
	type ProbeName,
	type ProbeRequest,
	type ProbeTarget,
	type SetupDraft
} from '$lib/domain';

/**
 * Builds the body of a probe call from the draft. Pure, so the exact request each step sends is
 * unit-tested; the token is passed in from memory and never read from the draft.
 */
function probeTarget(draft: SetupDraft): ProbeTarget {
	if (!draft.provider_key) throw new Error('Choose Azure DevOps Services or Server first.');
	return {
		provider_key: draft.provider_key,
		...(draft.organization ? { organization: draft.organization } : {}),
		...(draft.provider_key === 'azure_devops_server' && draft.base_url
			? { base_url: draft.base_url }
			: {}),
		...(draft.project ? { project: draft.project } : {})
	};
}

/** The synthetic finding of the dry run is a high-severity one; its values come from the mapping. */
export function mappingParams(draft: SetupDraft): MappingParams {
	const m = draft.mapping;
	const discovery = draft.results.discovery?.ok ? draft.results.discovery.data : undefined;
	const type = m.work_item_type ?? discovery?.recommended_type;
	const area = m.area_path ?? discovery?.team_default_area ?? discovery?.areas.path;
	const iteration =
		m.iteration_path ?? discovery?.team_default_iteration ?? discovery?.iterations.path;
	if (!type || !area || !iteration)
		throw new Error('The mapping needs a work item type, an area path and an iteration path.');
	const typeInfo = discovery?.work_item_types.find((t) => t.name === type);
	// Without discovery nothing says the type has Severity: send none rather than guess.
	const severity = typeInfo ? severityMappingFor(m.severity_mapping, typeInfo)?.high : undefined;
	const assignee =
		m.assignee_mapping.mode === 'identity' ? m.assignee_mapping.unique_name : undefined;
	const fields = Object.keys(m.custom_fields).length > 0 ? m.custom_fields : undefined;
	return {
		work_item_type: type,
		area_path: area,
		iteration_path: iteration,
		priority: m.priority_mapping.high ?? 2,
		...(severity ? { severity } : {}),
		...(assignee ? { assignee } : {}),
		...(fields ? { fields } : {})
	};
}

export function probeRequest(
	probe: ProbeName,
	draft: SetupDraft,
	token: string | null,
	query?: string
): ProbeRequest {
	const target = probeTarget(draft);
	if (probe === 'base-url') return { probe, target };
	if (!token || !draft.auth_method) throw new Error('A credential is needed for this check.');
	const credential = { auth_method: draft.auth_method, token };
	switch (probe) {
		case 'connection':
		case 'discovery':
			return { probe, target, credential };
		case 'projects':
			return { probe, target, credential, ...(query ? { params: { name: query } } : {}) };
		case 'identities':
			return { probe, target, credential, params: { query: query ?? '' } };
		case 'capabilities':
		case 'preflight':
			return { probe, target, credential, params: mappingParams(draft) };
	}
}
