import { z } from 'zod';
import {
	ALLOWLIST_STATUSES,
	blockedCodeSchema,
	PROBE_NAMES,
	setupDraftSchema,
	type ProbeName,
	type SetupDraft
} from '$lib/domain';

/**
 * The facts catalogue: every fact a rule in rules/ may name, with its type, its meaning and where
 * it comes from. Unknown values are explicit `null` (never absent), so a rule can only reach
 * "ready" by testing for positive evidence, and a misspelled fact makes the engine throw.
 */

const checkSchema = z.enum(['passed', 'failed', 'not_run']);
const codeOrNull = blockedCodeSchema.nullable();

export interface FactEntry {
	name: string;
	/** Short noun phrase used in plain-language conditions. */
	label: string;
	meaning: string;
	source: string;
	/** `draft`: built from the draft (first pass); `outcome`: the first pass's result (can_save). */
	stage: 'draft' | 'outcome';
	schema: z.ZodType;
}

function fact(
	name: string,
	label: string,
	schema: z.ZodType,
	meaning: string,
	source: string,
	stage: FactEntry['stage'] = 'draft'
): FactEntry {
	return { name, label, meaning, source, stage, schema };
}

function probeCode(probe: ProbeName, label: string): FactEntry {
	return fact(
		`${probe.replace('-', '_')}_error_code`,
		`the ${label} check's blocked code`,
		codeOrNull,
		`The code the last \`${probe}\` probe failed with; null when it passed or has not run.`,
		`draft.results['${probe}']`
	);
}

export const FACT_CATALOGUE: readonly FactEntry[] = [
	fact(
		'provider_key',
		'the chosen provider',
		z.enum(['azure_devops_services', 'azure_devops_server']).nullable(),
		'Azure DevOps Services or Server; null before the admin picks one.',
		'draft.provider_key'
	),
	fact(
		'deployment_mode',
		'the deployment mode',
		z.enum(['cloud', 'self-hosted']).nullable(),
		'cloud for Services, self-hosted for Server.',
		'draft.deployment_mode'
	),
	fact(
		'organization',
		'the organization or collection',
		z.string().min(1).nullable(),
		'The customer-owned organization (Services) or collection (Server); null when not entered.',
		'draft.organization (trimmed; empty is null)'
	),
	fact(
		'project',
		'the project',
		z.string().min(1).nullable(),
		'The project that receives work items; null when not chosen.',
		'draft.project (trimmed; empty is null)'
	),
	fact(
		'auth_method',
		'the auth method',
		z.enum(['oauth', 'pat']).nullable(),
		'OAuth (Microsoft Entra ID) or a personal access token.',
		'draft.auth_method'
	),
	fact(
		'server_attestations_confirmed',
		'all three Server confirmations given',
		z.boolean(),
		'True only when the admin confirmed ownership, a reachable collection/project API and authorization to scan and export.',
		'draft.attestations (all three true)'
	),
	fact(
		'allowlist_status',
		'the network path',
		z.enum(ALLOWLIST_STATUSES).nullable(),
		'How WebRiskOps reaches the server (not_required for Services); null when not reviewed.',
		'draft.allowlist_status'
	),
	fact(
		'token_expired',
		'the token expiry',
		z.boolean().nullable(),
		'True when the expiry the admin set (or OAuth reported) has passed; null when no expiry is known.',
		'draft.token_expires_at compared with the evaluation time'
	),
	fact(
		'broad_scopes_acknowledged',
		'the acknowledgement of extra access',
		z.boolean(),
		'The admin accepted a token wider than needed.',
		'draft.broad_scopes_acknowledged'
	),
	fact(
		'work_item_type',
		'the work item type',
		z.string().min(1).nullable(),
		'The mapped work item type; null when not chosen.',
		'draft.mapping.work_item_type'
	),
	fact(
		'area_path',
		'the area path',
		z.string().min(1).nullable(),
		'The mapped area path; null when not chosen.',
		'draft.mapping.area_path'
	),
	fact(
		'iteration_path',
		'the iteration path',
		z.string().min(1).nullable(),
		'The mapped iteration path; null when not chosen.',
		'draft.mapping.iteration_path'
	),
	fact(
		'base_url_check',
		'the URL safety check',
		checkSchema,
		'Outcome of the last base-url probe (URL safety, reachability).',
		"draft.results['base-url']"
	),
	probeCode('base-url', 'URL safety'),
	fact(
		'base_url_reachable',
		'reachability of the server',
		z.boolean().nullable(),
		'The base-url probe reached the server; null when it has not passed.',
		"draft.results['base-url'].data.reachable"
	),
	fact(
		'connection_check',
		'the connection check',
		checkSchema,
		'Outcome of the last connection probe (who am I, deployment, api version).',
		'draft.results.connection'
	),
	probeCode('connection', 'connection'),
	fact(
		'deployment_type',
		'the deployment Azure DevOps reported',
		z.enum(['hosted', 'onPremises']).nullable(),
		'hosted (Services) or onPremises (Server) as the connection probe saw it.',
		'draft.results.connection.data.deployment_type'
	),
	fact(
		'api_version',
		'the highest REST api-version',
		z.number().nonnegative().nullable(),
		'Highest REST api-version the instance accepts, as a number (7.1); null when unknown.',
		'draft.results.connection.data.api_version'
	),
	fact(
		'credential_global',
		'the global-token finding',
		z.boolean().nullable(),
		'The token opens more than this organization (global PAT); null when not checked.',
		'draft.results.connection.data.credential_global'
	),
	fact(
		'credential_too_broad',
		'the extra-access finding',
		z.boolean().nullable(),
		'The token can do more than export needs (full access or extra scopes); null when not checked.',
		'connection.data.credential_too_broad or capabilities.data.extra_access not empty'
	),
	probeCode('projects', 'project list'),
	fact(
		'project_discovered',
		'discovery of the chosen project',
		z.boolean(),
		"True when discovery read the chosen project's process, types and fields.",
		'draft.results.discovery.data.project.name equals draft.project'
	),
	probeCode('discovery', 'discovery'),
	fact(
		'capabilities_check',
		'the scope proof',
		checkSchema,
		'Outcome of the last capabilities probe.',
		'draft.results.capabilities'
	),
	probeCode('capabilities', 'scope proof'),
	fact(
		'capabilities_missing_count',
		'the number of unproven capabilities',
		z.number().int().nonnegative().nullable(),
		'How many needed capabilities the token could not prove; null when not checked.',
		'draft.results.capabilities.data.missing.length'
	),
	probeCode('identities', 'assignee lookup'),
	fact(
		'preflight_check',
		'the dry-run create',
		checkSchema,
		'Outcome of the last preflight probe (validateOnly create).',
		'draft.results.preflight'
	),
	probeCode('preflight', 'dry-run create'),
	fact(
		'preflight_valid',
		'the dry-run verdict',
		z.boolean().nullable(),
		'Azure DevOps accepted the dry-run create; null when it has not run.',
		'draft.results.preflight.data.valid'
	),
	fact(
		'probe_error_codes',
		'the blocked codes of the checks',
		z.array(blockedCodeSchema),
		'Every distinct code among the last outcome of each probe, sorted.',
		'draft.results (all probes)'
	),
	// Second pass: facts for can_save are the first pass's outcomes.
	fact(
		'services_ready',
		'Services readiness',
		z.boolean(),
		'The services_ready outcome of the first pass.',
		'first pass',
		'outcome'
	),
	fact(
		'server_ready',
		'Server readiness',
		z.boolean(),
		'The server_ready outcome of the first pass.',
		'first pass',
		'outcome'
	),
	fact(
		'project_ready',
		'project readiness',
		z.boolean(),
		'The project_ready outcome of the first pass.',
		'first pass',
		'outcome'
	),
	fact(
		'field_mapping_ready',
		'field mapping readiness',
		z.boolean(),
		'The field_mapping_ready outcome of the first pass.',
		'first pass',
		'outcome'
	),
	fact(
		'network_ready',
		'network readiness',
		z.boolean(),
		'The network_ready outcome of the first pass.',
		'first pass',
		'outcome'
	),
	fact(
		'blocked_count',
		'the number of blocked entries',
		z.number().int().nonnegative(),
		'How many blocked entries the first pass produced.',
		'first pass',
		'outcome'
	)
];

export const FACT_NAMES: readonly string[] = FACT_CATALOGUE.map((f) => f.name);
export const FACTS_BY_NAME: ReadonlyMap<string, FactEntry> = new Map(
	FACT_CATALOGUE.map((f) => [f.name, f])
);

function shapeOf(stage: FactEntry['stage']) {
	return Object.fromEntries(
		FACT_CATALOGUE.filter((f) => f.stage === stage).map((f) => [f.name, f.schema])
	);
}

/** Facts of the first pass, built from a draft. Strict: unknown or missing facts are refused. */
export const factsSchema = z
	.strictObject(shapeOf('draft'))
	.describe('Facts built from a SetupDraft');
export type Facts = {
	provider_key: 'azure_devops_services' | 'azure_devops_server' | null;
	deployment_mode: 'cloud' | 'self-hosted' | null;
	organization: string | null;
	project: string | null;
	auth_method: 'oauth' | 'pat' | null;
	server_attestations_confirmed: boolean;
	allowlist_status: (typeof ALLOWLIST_STATUSES)[number] | null;
	token_expired: boolean | null;
	broad_scopes_acknowledged: boolean;
	work_item_type: string | null;
	area_path: string | null;
	iteration_path: string | null;
	base_url_check: z.infer<typeof checkSchema>;
	base_url_error_code: z.infer<typeof codeOrNull>;
	base_url_reachable: boolean | null;
	connection_check: z.infer<typeof checkSchema>;
	connection_error_code: z.infer<typeof codeOrNull>;
	deployment_type: 'hosted' | 'onPremises' | null;
	api_version: number | null;
	credential_global: boolean | null;
	credential_too_broad: boolean | null;
	projects_error_code: z.infer<typeof codeOrNull>;
	project_discovered: boolean;
	discovery_error_code: z.infer<typeof codeOrNull>;
	capabilities_check: z.infer<typeof checkSchema>;
	capabilities_error_code: z.infer<typeof codeOrNull>;
	capabilities_missing_count: number | null;
	identities_error_code: z.infer<typeof codeOrNull>;
	preflight_check: z.infer<typeof checkSchema>;
	preflight_error_code: z.infer<typeof codeOrNull>;
	preflight_valid: boolean | null;
	probe_error_codes: Array<z.infer<typeof blockedCodeSchema>>;
};

/** Facts of the second pass (can_save), built from the first pass's outcomes. */
export const outcomeFactsSchema = z
	.strictObject(shapeOf('outcome'))
	.describe('First-pass outcomes');
export interface OutcomeFacts {
	services_ready: boolean;
	server_ready: boolean;
	project_ready: boolean;
	field_mapping_ready: boolean;
	network_ready: boolean;
	blocked_count: number;
}

/** Refuse facts that do not match the catalogue, naming each bad fact. Never treated as ready. */
export function parseFacts(input: unknown): Facts {
	const parsed = factsSchema.safeParse(input);
	if (!parsed.success) {
		const lines = parsed.error.issues.map(
			(i) => `${i.path.length > 0 ? i.path.join('.') : '(facts)'}: ${i.message}`
		);
		throw new FactsError(`Facts refused (nothing is ready): ${lines.join('; ')}`);
	}
	return parsed.data as Facts;
}

export class FactsError extends Error {
	override name = 'FactsError';
}

function text(value: string | undefined): string | null {
	const t = value?.trim();
	return t ? t : null;
}

/** "7.1" → 7.1; "5.0-preview" → 5; anything unreadable → null (never "new enough"). */
function apiVersionNumber(value: string): number | null {
	const m = /^(\d+)(?:\.(\d+))?/.exec(value);
	return m ? Number(`${m[1]}.${m[2] ?? '0'}`) : null;
}

/** Build the facts from the draft alone; every probe outcome is read from `draft.results`. */
export function buildFacts(draftInput: SetupDraft, now: Date): Facts {
	// A draft read back from storage may be stale or tampered with: parse before trusting it.
	const draft = setupDraftSchema.parse(draftInput);
	const r = draft.results;
	const check = (p: ProbeName) => (r[p] === undefined ? 'not_run' : r[p].ok ? 'passed' : 'failed');
	const code = (p: ProbeName) => {
		const o = r[p];
		return o && !o.ok ? o.code : null;
	};
	const connection = r.connection?.ok ? r.connection.data : null;
	const capabilities = r.capabilities?.ok ? r.capabilities.data : null;
	const expiry = draft.token_expires_at ? Date.parse(draft.token_expires_at) : Number.NaN;
	const tooBroad =
		connection === null && capabilities === null
			? null
			: connection?.credential_too_broad === true || (capabilities?.extra_access.length ?? 0) > 0;
	const project = text(draft.project);
	const a = draft.attestations;
	const codes = new Set(PROBE_NAMES.map(code).filter((c) => c !== null));

	return parseFacts({
		provider_key: draft.provider_key ?? null,
		deployment_mode: draft.deployment_mode ?? null,
		organization: text(draft.organization),
		project,
		auth_method: draft.auth_method ?? null,
		server_attestations_confirmed: a.owns_server && a.api_reachable && a.scan_export_authorized,
		allowlist_status: draft.allowlist_status ?? null,
		token_expired: Number.isNaN(expiry) ? null : expiry <= now.getTime(),
		broad_scopes_acknowledged: draft.broad_scopes_acknowledged,
		work_item_type: text(draft.mapping.work_item_type),
		area_path: text(draft.mapping.area_path),
		iteration_path: text(draft.mapping.iteration_path),
		base_url_check: check('base-url'),
		base_url_error_code: code('base-url'),
		base_url_reachable: r['base-url']?.ok ? r['base-url'].data.reachable : null,
		connection_check: check('connection'),
		connection_error_code: code('connection'),
		deployment_type: connection?.deployment_type ?? null,
		api_version: connection ? apiVersionNumber(connection.api_version) : null,
		credential_global: connection?.credential_global ?? null,
		credential_too_broad: tooBroad,
		projects_error_code: code('projects'),
		project_discovered:
			r.discovery?.ok === true && project !== null && r.discovery.data.project.name === project,
		discovery_error_code: code('discovery'),
		capabilities_check: check('capabilities'),
		capabilities_error_code: code('capabilities'),
		capabilities_missing_count: capabilities ? capabilities.missing.length : null,
		identities_error_code: code('identities'),
		preflight_check: check('preflight'),
		preflight_error_code: code('preflight'),
		preflight_valid: r.preflight?.ok ? r.preflight.data.valid : null,
		probe_error_codes: [...codes].sort()
	});
}
