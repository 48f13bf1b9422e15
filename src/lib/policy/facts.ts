import { z } from 'zod';
import {
	ALLOWLIST_STATUSES,
	blockedCodeSchema,
	PROBE_NAMES,
	setupDraftSchema,
	type ProbeName,
	type ProbeOutcome,
	type SetupDraft
} from '$lib/domain';

/**
 * The facts catalogue: every fact a rule in rules/ may name, written once in DRAFT_FACTS or
 * OUTCOME_FACTS with its type, its meaning, where it comes from and (draft facts) how it is read;
 * the `Facts` types, the schemas, buildFacts and the baselines (npm run rules:baselines) follow
 * from them. Unknown values are explicit `null` (never absent), so a rule can only reach "ready"
 * by testing for positive evidence, and a misspelled fact makes the engine throw.
 */

const checkSchema = z.enum(['passed', 'failed', 'not_run']);
const codeOrNull = z.nullable(blockedCodeSchema);

/** What a draft fact is read from: the parsed draft and what the probes reported. */
interface DraftView {
	draft: SetupDraft;
	now: Date;
	/** `passed`, `failed` or `not_run` for a probe's last outcome. */
	check: (p: ProbeName) => z.infer<typeof checkSchema>;
	/** The code a probe's last outcome failed with, or null. */
	code: (p: ProbeName) => z.infer<typeof codeOrNull>;
	connection: Extract<ProbeOutcome<'connection'>, { ok: true }>['data'] | null;
	capabilities: Extract<ProbeOutcome<'capabilities'>, { ok: true }>['data'] | null;
	/** The chosen project, trimmed; null when blank. */
	project: string | null;
}

interface FactSpec<S extends z.ZodType = z.ZodType> {
	/** Short noun phrase used in plain-language conditions. */
	label: string;
	schema: S;
	meaning: string;
	source: string;
}

/** A fact built from the draft (first pass): `read` is where its value comes from. */
function fact<S extends z.ZodType>(
	label: string,
	schema: S,
	meaning: string,
	source: string,
	read: (v: DraftView) => z.input<S>
): FactSpec<S> & { read: (v: DraftView) => z.input<S> } {
	return { label, schema, meaning, source, read };
}

function probeCode(probe: ProbeName, label: string) {
	return fact(
		`the ${label} check's blocked code`,
		codeOrNull,
		`The code the last \`${probe}\` probe failed with; null when it passed or has not run.`,
		`draft.results['${probe}']`,
		(v) => v.code(probe)
	);
}

const nullableText = z.string().min(1).nullable();

/** Every fact of the first pass, in the order the report lists them. */
const DRAFT_FACTS = {
	provider_key: fact(
		'the chosen provider',
		z.enum(['azure_devops_services', 'azure_devops_server']).nullable(),
		'Azure DevOps Services or Server; null before the admin picks one.',
		'draft.provider_key',
		(v) => v.draft.provider_key ?? null
	),
	deployment_mode: fact(
		'the deployment mode',
		z.enum(['cloud', 'self-hosted']).nullable(),
		'cloud for Services, self-hosted for Server.',
		'draft.deployment_mode',
		(v) => v.draft.deployment_mode ?? null
	),
	organization: fact(
		'the organization or collection',
		nullableText,
		'The customer-owned organization (Services) or collection (Server); null when not entered.',
		'draft.organization (trimmed; empty is null)',
		(v) => text(v.draft.organization)
	),
	project: fact(
		'the project',
		nullableText,
		'The project that receives work items; null when not chosen.',
		'draft.project (trimmed; empty is null)',
		(v) => v.project
	),
	auth_method: fact(
		'the auth method',
		z.enum(['oauth', 'pat']).nullable(),
		'OAuth (Microsoft Entra ID) or a personal access token.',
		'draft.auth_method',
		(v) => v.draft.auth_method ?? null
	),
	server_attestations_confirmed: fact(
		'all three Server confirmations given',
		z.boolean(),
		'True only when the admin confirmed ownership, a reachable collection/project API and authorization to scan and export.',
		'draft.attestations (all three true)',
		({ draft: { attestations: a } }) => a.owns_server && a.api_reachable && a.scan_export_authorized
	),
	allowlist_status: fact(
		'the network path',
		z.enum(ALLOWLIST_STATUSES).nullable(),
		'How WebRiskOps reaches the server (not_required for Services); null when not reviewed.',
		'draft.allowlist_status',
		(v) => v.draft.allowlist_status ?? null
	),
	token_expired: fact(
		'the token expiry',
		z.boolean().nullable(),
		'True when the expiry the admin set (or OAuth reported) has passed; null when no expiry is known.',
		'draft.token_expires_at compared with the evaluation time',
		(v) => {
			const expiry = v.draft.token_expires_at ? Date.parse(v.draft.token_expires_at) : Number.NaN;
			return Number.isNaN(expiry) ? null : expiry <= v.now.getTime();
		}
	),
	broad_scopes_acknowledged: fact(
		'the acknowledgement of extra access',
		z.boolean(),
		'The admin accepted a token wider than needed.',
		'draft.broad_scopes_acknowledged',
		(v) => v.draft.broad_scopes_acknowledged
	),
	work_item_type: fact(
		'the work item type',
		nullableText,
		'The mapped work item type; null when not chosen.',
		'draft.mapping.work_item_type',
		(v) => text(v.draft.mapping.work_item_type)
	),
	area_path: fact(
		'the area path',
		nullableText,
		'The mapped area path; null when not chosen.',
		'draft.mapping.area_path',
		(v) => text(v.draft.mapping.area_path)
	),
	iteration_path: fact(
		'the iteration path',
		nullableText,
		'The mapped iteration path; null when not chosen.',
		'draft.mapping.iteration_path',
		(v) => text(v.draft.mapping.iteration_path)
	),
	base_url_check: fact(
		'the URL safety check',
		checkSchema,
		'Outcome of the last base-url probe (URL safety, reachability).',
		"draft.results['base-url']",
		(v) => v.check('base-url')
	),
	base_url_error_code: probeCode('base-url', 'URL safety'),
	base_url_reachable: fact(
		'reachability of the server',
		z.boolean().nullable(),
		'The base-url probe reached the server; null when it has not passed.',
		"draft.results['base-url'].data.reachable",
		({ draft: { results: r } }) => (r['base-url']?.ok ? r['base-url'].data.reachable : null)
	),
	connection_check: fact(
		'the connection check',
		checkSchema,
		'Outcome of the last connection probe (who am I, deployment, api version).',
		'draft.results.connection',
		(v) => v.check('connection')
	),
	connection_error_code: probeCode('connection', 'connection'),
	deployment_type: fact(
		'the deployment Azure DevOps reported',
		z.enum(['hosted', 'onPremises']).nullable(),
		'hosted (Services) or onPremises (Server) as the connection probe saw it.',
		'draft.results.connection.data.deployment_type',
		(v) => v.connection?.deployment_type ?? null
	),
	api_version: fact(
		'the highest REST api-version',
		z.number().nonnegative().nullable(),
		'Highest REST api-version the instance accepts, as a number (7.1); null when unknown.',
		'draft.results.connection.data.api_version',
		(v) => (v.connection ? apiVersionNumber(v.connection.api_version) : null)
	),
	credential_global: fact(
		'the global-token finding',
		z.boolean().nullable(),
		'The token opens more than this organization (global PAT); null when not checked.',
		'draft.results.connection.data.credential_global',
		(v) => v.connection?.credential_global ?? null
	),
	credential_too_broad: fact(
		'the extra-access finding',
		z.boolean().nullable(),
		'The token can do more than export needs (full access or extra scopes); null when not checked.',
		'connection.data.credential_too_broad or capabilities.data.extra_access not empty',
		({ connection, capabilities }) =>
			connection === null && capabilities === null
				? null
				: connection?.credential_too_broad === true || (capabilities?.extra_access.length ?? 0) > 0
	),
	projects_error_code: probeCode('projects', 'project list'),
	project_discovered: fact(
		'discovery of the chosen project',
		z.boolean(),
		"True when discovery read the chosen project's process, types and fields.",
		'draft.results.discovery.data.project.name equals draft.project',
		({ draft: { results: r }, project }) =>
			r.discovery?.ok === true && project !== null && r.discovery.data.project.name === project
	),
	discovery_error_code: probeCode('discovery', 'discovery'),
	capabilities_check: fact(
		'the scope proof',
		checkSchema,
		'Outcome of the last capabilities probe.',
		'draft.results.capabilities',
		(v) => v.check('capabilities')
	),
	capabilities_error_code: probeCode('capabilities', 'scope proof'),
	capabilities_missing_count: fact(
		'the number of unproven capabilities',
		z.number().int().nonnegative().nullable(),
		'How many needed capabilities the token could not prove; null when not checked.',
		'draft.results.capabilities.data.missing.length',
		(v) => (v.capabilities ? v.capabilities.missing.length : null)
	),
	identities_error_code: probeCode('identities', 'assignee lookup'),
	preflight_check: fact(
		'the dry-run create',
		checkSchema,
		'Outcome of the last preflight probe (validateOnly create).',
		'draft.results.preflight',
		(v) => v.check('preflight')
	),
	preflight_error_code: probeCode('preflight', 'dry-run create'),
	preflight_valid: fact(
		'the dry-run verdict',
		z.boolean().nullable(),
		'Azure DevOps accepted the dry-run create; null when it has not run.',
		'draft.results.preflight.data.valid',
		({ draft: { results: r } }) => (r.preflight?.ok ? r.preflight.data.valid : null)
	),
	probe_error_codes: fact(
		'the blocked codes of the checks',
		z.array(blockedCodeSchema),
		'Every distinct code among the last outcome of each probe, sorted.',
		'draft.results (all probes)',
		(v) => [...new Set(PROBE_NAMES.map(v.code).filter((c) => c !== null))].sort()
	)
};

/** Second pass: the facts of can_save rules are the first pass's outcomes. */
function outcome(label: string, schema: z.ZodType<boolean | number>, flagOrCount: string) {
	return {
		label,
		schema,
		meaning: flagOrCount,
		source: 'first pass'
	};
}
const OUTCOME_FACTS = {
	services_ready: outcome(
		'Services readiness',
		z.boolean(),
		'The services_ready outcome of the first pass.'
	),
	server_ready: outcome(
		'Server readiness',
		z.boolean(),
		'The server_ready outcome of the first pass.'
	),
	project_ready: outcome(
		'project readiness',
		z.boolean(),
		'The project_ready outcome of the first pass.'
	),
	field_mapping_ready: outcome(
		'field mapping readiness',
		z.boolean(),
		'The field_mapping_ready outcome of the first pass.'
	),
	network_ready: outcome(
		'network readiness',
		z.boolean(),
		'The network_ready outcome of the first pass.'
	),
	blocked_count: outcome(
		'the number of blocked entries',
		z.number().int().nonnegative(),
		'How many blocked entries the first pass produced.'
	)
};

export interface FactEntry extends FactSpec {
	name: string;
	/** `draft`: built from the draft (first pass); `outcome`: the first pass's result (can_save). */
	stage: 'draft' | 'outcome';
}

/**
 * The facts catalogue: every fact a rule in rules/ may name, with its type, its meaning and where
 * it comes from, listed from the two tables above (the only place a fact is written).
 */
export const FACT_CATALOGUE: readonly FactEntry[] = [
	...Object.entries(DRAFT_FACTS).map(([name, { label, schema, meaning, source }]) => ({
		name,
		label,
		schema,
		meaning,
		source,
		stage: 'draft' as const
	})),
	...Object.entries(OUTCOME_FACTS).map(([name, f]) => ({ name, ...f, stage: 'outcome' as const }))
];

export const FACT_NAMES: readonly string[] = FACT_CATALOGUE.map((f) => f.name);
export const FACTS_BY_NAME: ReadonlyMap<string, FactEntry> = new Map(
	FACT_CATALOGUE.map((f) => [f.name, f])
);

function shapeOf<T extends Record<string, { schema: z.ZodType }>>(table: T) {
	return Object.fromEntries(Object.entries(table).map(([name, f]) => [name, f.schema])) as {
		[K in keyof T]: T[K]['schema'];
	};
}

/** Facts of the first pass, built from a draft. Strict: unknown or missing facts are refused. */
export const factsSchema = z
	.strictObject(shapeOf(DRAFT_FACTS))
	.describe('Facts built from a SetupDraft');
export type Facts = z.infer<typeof factsSchema>;

/** Facts of the second pass (can_save), built from the first pass's outcomes. */
export const outcomeFactsSchema = z
	.strictObject(shapeOf(OUTCOME_FACTS))
	.describe('First-pass outcomes');
export type OutcomeFacts = z.infer<typeof outcomeFactsSchema>;

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

class FactsError extends Error {
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
	const view: DraftView = {
		draft,
		now,
		check: (p) => (r[p] === undefined ? 'not_run' : r[p].ok ? 'passed' : 'failed'),
		code: (p) => {
			const o = r[p];
			return o && !o.ok ? o.code : null;
		},
		connection: r.connection?.ok ? r.connection.data : null,
		capabilities: r.capabilities?.ok ? r.capabilities.data : null,
		project: text(draft.project)
	};
	return parseFacts(
		Object.fromEntries(Object.entries(DRAFT_FACTS).map(([name, f]) => [name, f.read(view)]))
	);
}
