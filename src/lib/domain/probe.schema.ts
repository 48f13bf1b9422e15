import { z } from './zod-mini';
import { blockedCodeSchema } from './codes';
import { capabilityIdSchema } from './scopes';
import {
	allowlistStatusSchema,
	authMethodSchema,
	providerKeySchema
} from './provider-record.schema';

/**
 * The contract of POST /api/azure-devops/probe (docs/architecture.md §4), shared by the browser client and
 * the server endpoint. Request bodies are parsed strictly: unknown keys are refused.
 */

export const PROBE_NAMES = [
	'base-url',
	'connection',
	'projects',
	'discovery',
	'identities',
	'capabilities',
	'preflight'
] as const;
export type ProbeName = (typeof PROBE_NAMES)[number];

const probeTargetSchema = z.strictObject({
	provider_key: providerKeySchema,
	organization: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
	base_url: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
	project: z.optional(z.string().check(z.minLength(1), z.maxLength(64)))
});
export type ProbeTarget = z.infer<typeof probeTargetSchema>;

const probeCredentialSchema = z.strictObject({
	auth_method: authMethodSchema,
	token: z.string().check(z.minLength(1), z.maxLength(4096))
});
export type ProbeCredential = z.infer<typeof probeCredentialSchema>;

/** The mapping as the provider record names it; used by `capabilities` and `preflight`. */
const mappingParamsSchema = z.strictObject({
	work_item_type: z.string().check(z.minLength(1), z.maxLength(128)),
	area_path: z.string().check(z.minLength(1), z.maxLength(4000)),
	iteration_path: z.string().check(z.minLength(1), z.maxLength(4000)),
	priority: z.int().check(z.gte(1), z.lte(4)),
	severity: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
	assignee: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
	fields: z.optional(
		z.record(
			z.string().check(z.minLength(1), z.maxLength(256)),
			z.string().check(z.maxLength(4000))
		)
	)
});
export type MappingParams = z.infer<typeof mappingParamsSchema>;

const credentialed = { credential: probeCredentialSchema };

export const probeRequestSchema = z.discriminatedUnion('probe', [
	z.strictObject({ probe: z.literal('base-url'), target: probeTargetSchema }),
	z.strictObject({ probe: z.literal('connection'), target: probeTargetSchema, ...credentialed }),
	z.strictObject({
		probe: z.literal('projects'),
		target: probeTargetSchema,
		...credentialed,
		params: z.optional(
			z.strictObject({ name: z.optional(z.string().check(z.minLength(1), z.maxLength(64))) })
		)
	}),
	z.strictObject({ probe: z.literal('discovery'), target: probeTargetSchema, ...credentialed }),
	z.strictObject({
		probe: z.literal('identities'),
		target: probeTargetSchema,
		...credentialed,
		params: z.strictObject({ query: z.string().check(z.minLength(1), z.maxLength(256)) })
	}),
	z.strictObject({
		probe: z.literal('capabilities'),
		target: probeTargetSchema,
		...credentialed,
		params: mappingParamsSchema
	}),
	z.strictObject({
		probe: z.literal('preflight'),
		target: probeTargetSchema,
		...credentialed,
		params: mappingParamsSchema
	})
]);
export type ProbeRequest = z.infer<typeof probeRequestSchema>;

// ---- answers ---------------------------------------------------------------------------------

const addressClassSchema = z.enum(['public', 'private', 'loopback']);

const baseUrlDataSchema = z.object({
	/** Normalised URL that passed the safety checks. */
	url: z.string(),
	host: z.string(),
	/** Worst class among the validated addresses. */
	address_class: addressClassSchema,
	/** True when an operator allowlist entry permitted the address or plain http. */
	allowlist_match: z.boolean(),
	tls: z.enum(['trusted', 'not_applicable']),
	reachable: z.boolean(),
	/** What the network path review should start from. */
	suggested_allowlist_status: allowlistStatusSchema,
	/** What the unauthenticated answer looked like (Azure DevOps Server answers 401 with realm). */
	looks_like_azure_devops: z.boolean()
});
export type BaseUrlData = z.infer<typeof baseUrlDataSchema>;

const connectionDataSchema = z.object({
	user: z.object({ id: z.string(), display_name: z.string(), unique_name: z.optional(z.string()) }),
	deployment_type: z.enum(['hosted', 'onPremises']),
	instance_id: z.string(),
	/** Highest REST api-version the instance accepts, e.g. "7.1", "6.0". */
	api_version: z.string(),
	/** Product release when it can be told from the api-version ceiling. */
	server_release: z.optional(z.string()),
	/** A token that opens more than this organization (global PAT). */
	credential_global: z.boolean(),
	/** Full-access or otherwise wider-than-needed token, as far as the connection tells. */
	credential_too_broad: z.boolean(),
	granted_scopes: z.optional(z.array(z.string()))
});
export type ConnectionData = z.infer<typeof connectionDataSchema>;

const projectSummarySchema = z.object({
	id: z.string(),
	name: z.string(),
	state: z.string(),
	description: z.optional(z.string())
});
export type ProjectSummary = z.infer<typeof projectSummarySchema>;

const projectsDataSchema = z.object({
	projects: z.array(projectSummarySchema),
	/** Number of upstream pages read (continuation tokens followed). */
	pages: z.int().check(z.nonnegative()),
	/** False when the list was cut at the safety cap; exact-name lookup still works. */
	complete: z.boolean()
});
export type ProjectsData = z.infer<typeof projectsDataSchema>;

const classificationNodeSchema: z.ZodMiniType<ClassificationNode> = z.lazy(() =>
	z.object({
		id: z.int(),
		identifier: z.optional(z.string()),
		name: z.string(),
		path: z.string(),
		has_permission: z.optional(z.boolean()),
		children: z.optional(z.array(classificationNodeSchema))
	})
);
export interface ClassificationNode {
	id: number;
	identifier?: string | undefined;
	name: string;
	/** `Project\Child`, the field value form (no `\Area\` segment). */
	path: string;
	has_permission?: boolean | undefined;
	children?: ClassificationNode[] | undefined;
}

const fieldInfoSchema = z.object({
	reference_name: z.string(),
	name: z.string(),
	type: z.optional(z.string()),
	always_required: z.boolean(),
	default_value: z.optional(z.nullable(z.string())),
	allowed_values: z.array(z.string()),
	/** Azure DevOps fills it itself (System.* ids, dates, State, Reason...). */
	filled_by_server: z.boolean()
});
export type FieldInfo = z.infer<typeof fieldInfoSchema>;

const workItemTypeInfoSchema = z.object({
	name: z.string(),
	reference_name: z.string(),
	/** Category, e.g. Microsoft.BugCategory. */
	category: z.optional(z.string()),
	/** Which field holds the description on this type's form. */
	description_field: z.string(),
	fields: z.array(fieldInfoSchema)
});
export type WorkItemTypeInfo = z.infer<typeof workItemTypeInfoSchema>;

const discoveryDataSchema = z.object({
	project: z.object({ id: z.string(), name: z.string() }),
	process: z.object({
		name: z.string(),
		kind: z.enum(['system', 'inherited', 'xml']),
		template_type_id: z.string()
	}),
	work_item_types: z.array(workItemTypeInfoSchema),
	recommended_type: z.optional(z.string()),
	areas: classificationNodeSchema,
	iterations: classificationNodeSchema,
	team_default_area: z.optional(z.string()),
	team_default_iteration: z.optional(z.string()),
	round_trips: z.int().check(z.nonnegative())
});
export type DiscoveryData = z.infer<typeof discoveryDataSchema>;

const identitySchema = z.object({
	id: z.string(),
	display_name: z.string(),
	unique_name: z.string()
});
const identitiesDataSchema = z.object({ identities: z.array(identitySchema) });
export type IdentitiesData = z.infer<typeof identitiesDataSchema>;

const capabilitiesDataSchema = z.object({
	granted: z.array(capabilityIdSchema),
	missing: z.array(capabilityIdSchema),
	/** Unrelated areas the token can also reach (code, build, ...). */
	extra_access: z.array(z.string()),
	/** Exact scopes to create instead, when extra_access is not empty. */
	recommended_scopes: z.array(z.string())
});
export type CapabilitiesData = z.infer<typeof capabilitiesDataSchema>;

const preflightDataSchema = z.object({
	valid: z.boolean(),
	/** Field-level problems reported by Azure DevOps' own rules. */
	problems: z.array(z.object({ field: z.string(), message: z.string(), fix: z.string() })),
	/** What would have been sent, with secrets-free values (JSON Patch ops). */
	operations: z.array(z.object({ op: z.literal('add'), path: z.string(), value: z.unknown() }))
});
export type PreflightData = z.infer<typeof preflightDataSchema>;

export const PROBE_DATA_SCHEMAS = {
	'base-url': baseUrlDataSchema,
	connection: connectionDataSchema,
	projects: projectsDataSchema,
	discovery: discoveryDataSchema,
	identities: identitiesDataSchema,
	capabilities: capabilitiesDataSchema,
	preflight: preflightDataSchema
} as const satisfies Record<ProbeName, z.ZodMiniType>;

export type ProbeData<P extends ProbeName> = z.infer<(typeof PROBE_DATA_SCHEMAS)[P]>;

const diagnosticsSchema = z.object({
	duration_ms: z.number().check(z.nonnegative()),
	/** Upstream requests made, in order (method, path without query secrets, status). */
	requests: z.optional(
		z.array(z.object({ method: z.string(), path: z.string(), status: z.int() }))
	),
	api_version: z.optional(z.string()),
	activity_id: z.optional(z.string())
});
type Diagnostics = z.infer<typeof diagnosticsSchema>;

export const probeFailureSchema = z.object({
	ok: z.literal(false),
	code: blockedCodeSchema,
	message: z.string(),
	fix: z.string(),
	/** Internal check name (url-safety step, capability, field). */
	check: z.optional(z.string()),
	/** Seconds until a retry makes sense (PROVIDER_RATE_LIMITED). */
	retry_after: z.optional(z.number().check(z.nonnegative())),
	diagnostics: z.optional(diagnosticsSchema)
});
export type ProbeFailure = z.infer<typeof probeFailureSchema>;

export function probeResponseSchema<P extends ProbeName>(probe: P) {
	return z.discriminatedUnion('ok', [
		z.object({
			ok: z.literal(true),
			data: PROBE_DATA_SCHEMAS[probe],
			diagnostics: diagnosticsSchema
		}),
		probeFailureSchema
	]);
}
export type ProbeResponse<P extends ProbeName> =
	{ ok: true; data: ProbeData<P>; diagnostics: Diagnostics } | ProbeFailure;
