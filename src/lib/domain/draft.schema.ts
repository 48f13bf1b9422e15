import { z } from './zod-mini';
import {
	PROBE_NAMES,
	probeFailureSchema,
	PROBE_DATA_SCHEMAS,
	type ProbeName
} from './probe.schema';
import {
	allowlistStatusSchema,
	assigneeMappingSchema,
	authMethodSchema,
	DEFAULT_PRIORITY_MAPPING,
	deploymentModeSchema,
	priorityMappingSchema,
	providerKeySchema,
	severityMappingSchema
} from './provider-record.schema';

/**
 * Everything the admin has entered and every probe outcome so far. This is what the statechart
 * keeps in context, what IndexedDB stores as the draft, and what the policy facts are built from.
 * It never holds a secret: the token lives only in memory until Save.
 */

export const attestationsSchema = z.object({
	/** The customer owns the server. */
	owns_server: z.boolean(),
	/** Its collection/project API is reachable from WebRiskOps' side. */
	api_reachable: z.boolean(),
	/** Scanning and exporting to it is authorized. */
	scan_export_authorized: z.boolean()
});
export type Attestations = z.infer<typeof attestationsSchema>;
const NO_ATTESTATIONS: Attestations = {
	owns_server: false,
	api_reachable: false,
	scan_export_authorized: false
};

const mappingDraftSchema = z.object({
	work_item_type: z.optional(z.string()),
	area_path: z.optional(z.string()),
	iteration_path: z.optional(z.string()),
	priority_mapping: priorityMappingSchema,
	severity_mapping: z.nullable(severityMappingSchema),
	assignee_mapping: assigneeMappingSchema,
	custom_fields: z.record(z.string(), z.string())
});
export type MappingDraft = z.infer<typeof mappingDraftSchema>;
const EMPTY_MAPPING: MappingDraft = {
	priority_mapping: DEFAULT_PRIORITY_MAPPING,
	severity_mapping: null,
	assignee_mapping: { mode: 'unassigned' },
	custom_fields: {}
};

function outcomeSchema<P extends ProbeName>(probe: P) {
	return z.discriminatedUnion('ok', [
		z.object({ ok: z.literal(true), data: PROBE_DATA_SCHEMAS[probe], at: z.iso.datetime() }),
		z.extend(z.omit(probeFailureSchema, { diagnostics: true }), { at: z.iso.datetime() })
	]);
}

const probeResultsSchema = z.object(
	Object.fromEntries(PROBE_NAMES.map((p) => [p, z.optional(outcomeSchema(p))])) as {
		[P in ProbeName]: z.ZodMiniOptional<ReturnType<typeof outcomeSchema<P>>>;
	}
);
export type ProbeResults = z.infer<typeof probeResultsSchema>;
export type ProbeOutcome<P extends ProbeName> = NonNullable<ProbeResults[P]>;

export const setupDraftSchema = z.object({
	provider_key: z.optional(providerKeySchema),
	deployment_mode: z.optional(deploymentModeSchema),
	organization: z.optional(z.string()),
	auth_method: z.optional(authMethodSchema),
	attestations: attestationsSchema,
	base_url: z.optional(z.string()),
	allowlist_status: z.optional(allowlistStatusSchema),
	project: z.optional(z.string()),
	project_id: z.optional(z.string()),
	mapping: mappingDraftSchema,
	/** The expiry the admin set when creating the PAT (a PAT cannot report it). */
	token_expires_at: z.optional(z.iso.datetime()),
	/** The admin accepted a token wider than needed (never possible for a global token). */
	broad_scopes_acknowledged: z.boolean(),
	results: probeResultsSchema
});
export type SetupDraft = z.infer<typeof setupDraftSchema>;

export const EMPTY_DRAFT: SetupDraft = {
	attestations: NO_ATTESTATIONS,
	mapping: EMPTY_MAPPING,
	broad_scopes_acknowledged: false,
	results: {}
};
