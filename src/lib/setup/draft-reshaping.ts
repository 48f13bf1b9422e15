import {
	collectionFromBaseUrl,
	DEPLOYMENT_MODE_OF,
	EMPTY_DRAFT,
	type MappingDraft,
	type ProbeName,
	type ProbeResponse,
	type ProbeResults,
	type ProviderKey,
	type SetupDraft
} from '$lib/domain';

/**
 * How the setup draft changes when the admin changes an input or a check answers: pure functions
 * from a draft to the next draft, used by the statechart's actions and specified by table specs.
 * The common rule: a result that depends on an input is dropped when that input changes.
 */

/** Results that a new credential (or organization, or server) makes stale. */
const AFTER_CREDENTIAL: ProbeName[] = [
	'connection',
	'projects',
	'discovery',
	'identities',
	'capabilities',
	'preflight'
];
/** Results that a different project makes stale. */
const AFTER_PROJECT: ProbeName[] = ['discovery', 'identities', 'capabilities', 'preflight'];

/** A check's answer, stored as the outcome the policy reads (diagnostics are not kept). */
export function withResult<P extends ProbeName>(
	draft: SetupDraft,
	probe: P,
	response: ProbeResponse<P>,
	at = new Date().toISOString()
): SetupDraft {
	const outcome = response.ok
		? { ok: true as const, data: response.data, at }
		: {
				ok: false as const,
				code: response.code,
				message: response.message,
				fix: response.fix,
				check: response.check,
				retry_after: response.retry_after,
				at
			};
	return { ...draft, results: { ...draft.results, [probe]: outcome } as ProbeResults };
}

function clearResults(draft: SetupDraft, probes: readonly ProbeName[]): SetupDraft {
	const results = { ...draft.results };
	for (const p of probes) delete results[p];
	return { ...draft, results };
}

/**
 * Choosing Services or Server starts a new draft; choosing the same provider again keeps what
 * identifies the target (organization; confirmations and base_url). Server has no OAuth.
 */
export function switchProvider(draft: SetupDraft, provider_key: ProviderKey): SetupDraft {
	const same = draft.provider_key === provider_key;
	const deployment_mode = DEPLOYMENT_MODE_OF[provider_key];
	if (provider_key === 'azure_devops_services')
		return {
			...EMPTY_DRAFT,
			organization: same ? draft.organization : undefined,
			provider_key,
			deployment_mode,
			allowlist_status: 'not_required'
		};
	return {
		...EMPTY_DRAFT,
		attestations: same ? draft.attestations : EMPTY_DRAFT.attestations,
		base_url: same ? draft.base_url : undefined,
		provider_key,
		deployment_mode,
		auth_method: 'pat'
	};
}

/** A different organization is a different target: its checks and project are dropped. */
export function enterOrganization(draft: SetupDraft, organization: string): SetupDraft {
	const trimmed = organization.trim();
	if (draft.organization === trimmed) return draft;
	return {
		...clearResults(draft, AFTER_CREDENTIAL),
		organization: trimmed,
		project: undefined,
		project_id: undefined
	};
}

/** A different server drops every check after it; the collection is read from the URL. */
export function enterBaseUrl(draft: SetupDraft, base_url: string): SetupDraft {
	const trimmed = base_url.trim();
	const next =
		trimmed === draft.base_url
			? draft
			: {
					...clearResults(draft, ['base-url', ...AFTER_CREDENTIAL]),
					project: undefined,
					project_id: undefined
				};
	return { ...next, base_url: trimmed, organization: collectionFromBaseUrl(trimmed) ?? undefined };
}

/**
 * A new credential drops every check made with the old one. A pasted token also drops the
 * acknowledgement of a broad token (it was given for the old one); Entra ID sign-in keeps it.
 */
export function newCredential(
	draft: SetupDraft,
	token_expires_at: string | undefined,
	how: 'pasted' | 'entra'
): SetupDraft {
	const next = { ...clearResults(draft, AFTER_CREDENTIAL), token_expires_at };
	return how === 'pasted' ? { ...next, broad_scopes_acknowledged: false } : next;
}

/**
 * The project chosen from the list; null when it is not in the list. A different project drops
 * its checks and the mapping fields that belong to the old project's process.
 */
export function chooseProject(draft: SetupDraft, project_id: string): SetupDraft | null {
	const list = draft.results.projects;
	const found = list?.ok ? list.data.projects.find((p) => p.id === project_id) : undefined;
	if (!found) return null;
	const next =
		draft.project_id === found.id
			? draft
			: {
					...clearResults(draft, AFTER_PROJECT),
					mapping: {
						...draft.mapping,
						work_item_type: undefined,
						area_path: undefined,
						iteration_path: undefined,
						custom_fields: {}
					}
				};
	return { ...next, project: found.name, project_id: found.id };
}

/**
 * An exact-name lookup adds its hit to the project list rather than replacing it. `found` says
 * whether the lookup named a visible project (null when there was no list to add to).
 */
export function mergeProjectLookup(
	draft: SetupDraft,
	response: ProbeResponse<'projects'>,
	at?: string
): { draft: SetupDraft; found: boolean | null } {
	const previous = draft.results.projects;
	if (!response.ok || !previous?.ok)
		return { draft: withResult(draft, 'projects', response, at), found: null };
	const known = new Set(previous.data.projects.map((p) => p.id));
	const projects = [
		...previous.data.projects,
		...response.data.projects.filter((p) => !known.has(p.id))
	];
	const merged = { ...response, data: { ...previous.data, projects } };
	return {
		draft: withResult(draft, 'projects', merged, at),
		found: response.data.projects.length > 0
	};
}

/** Discovery's answer; the mapping starts from the process's recommendations, earlier choices kept. */
export function recordDiscovery(
	draft: SetupDraft,
	response: ProbeResponse<'discovery'>,
	at?: string
): SetupDraft {
	const next = withResult(draft, 'discovery', response, at);
	if (!response.ok) return next;
	const d = response.data;
	const m = next.mapping;
	const mapping = {
		...m,
		work_item_type: m.work_item_type ?? d.recommended_type,
		area_path: m.area_path ?? d.team_default_area ?? d.areas.path,
		iteration_path: m.iteration_path ?? d.team_default_iteration ?? d.iterations.path
	};
	return { ...next, mapping };
}

/** A mapping change makes the last dry run stale. */
export function changeMapping(draft: SetupDraft, change: Partial<MappingDraft>): SetupDraft {
	return { ...clearResults(draft, ['preflight']), mapping: { ...draft.mapping, ...change } };
}
