import { z } from './zod-mini';
import { blockedCodeSchema } from './codes';
import { classificationPathSchema, organizationSchema, projectNameSchema } from './fields.schema';
import { scopeSchema } from './scopes';

export const providerKeySchema = z.enum(['azure_devops_services', 'azure_devops_server']);
export type ProviderKey = z.infer<typeof providerKeySchema>;

export const deploymentModeSchema = z.enum(['cloud', 'self-hosted']);
export type DeploymentMode = z.infer<typeof deploymentModeSchema>;

/** Services is always cloud; Server is always self-hosted. */
export const DEPLOYMENT_MODE_OF: Record<ProviderKey, DeploymentMode> = {
	azure_devops_services: 'cloud',
	azure_devops_server: 'self-hosted'
};

export const PROVIDER_LABEL: Record<ProviderKey, string> = {
	azure_devops_services: 'Azure DevOps Services',
	azure_devops_server: 'Azure DevOps Server'
};

export const authMethodSchema = z.enum(['oauth', 'pat']);
export type AuthMethod = z.infer<typeof authMethodSchema>;

export const AUTH_METHOD_LABEL: Record<AuthMethod, string> = {
	oauth: 'OAuth (Microsoft Entra ID)',
	pat: 'Personal access token'
};

export const ALLOWLIST_STATUSES = [
	'not_required',
	'direct',
	'allowlisted',
	'vpn',
	'approved_tunnel',
	'pending',
	'unreachable'
] as const;
export const allowlistStatusSchema = z.enum(ALLOWLIST_STATUSES);
export type AllowlistStatus = z.infer<typeof allowlistStatusSchema>;

export const ALLOWLIST_STATUS_LABEL: Record<AllowlistStatus, string> = {
	not_required: 'Not required (Azure DevOps Services)',
	direct: 'Direct: the server is reachable from WebRiskOps as is',
	allowlisted: 'Firewall-allowlisted for WebRiskOps',
	vpn: 'Through a VPN the customer approved',
	approved_tunnel: 'Through a customer-approved tunnel',
	pending: 'Pending: the network team has not opened the path yet',
	unreachable: 'Unreachable: no safe path exists'
};

/** Finding severities WebRiskOps exports, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

/** Microsoft.VSTS.Common.Priority takes 1..4. */
const prioritySchema = z.int().check(z.gte(1), z.lte(4));
export const priorityMappingSchema = z.record(severitySchema, prioritySchema);
export type PriorityMapping = z.infer<typeof priorityMappingSchema>;
export const DEFAULT_PRIORITY_MAPPING: PriorityMapping = {
	critical: 1,
	high: 2,
	medium: 3,
	low: 4
};

/** The work item field a finding's severity maps to, where the type has it (Bug in Agile, Scrum, CMMI). */
export const SEVERITY_FIELD = 'Microsoft.VSTS.Common.Severity';

/** Microsoft.VSTS.Common.Severity allowed values in the system processes. */
export const severityMappingSchema = z.record(severitySchema, z.string().check(z.minLength(1)));
export type SeverityMapping = z.infer<typeof severityMappingSchema>;
export const DEFAULT_SEVERITY_MAPPING: SeverityMapping = {
	critical: '1 - Critical',
	high: '2 - High',
	medium: '3 - Medium',
	low: '4 - Low'
};

export const assigneeMappingSchema = z.discriminatedUnion('mode', [
	z.object({ mode: z.literal('unassigned') }),
	z.object({ mode: z.literal('team_default') }),
	z.object({
		mode: z.literal('identity'),
		/** Compared by id, never by display name. */
		id: z.string().check(z.minLength(1)),
		display_name: z.string(),
		unique_name: z.string()
	})
]);
export type AssigneeMapping = z.infer<typeof assigneeMappingSchema>;

export const credentialFingerprintSchema = z
	.string()
	.check(z.regex(/^sha256:[0-9a-f]{16}$/, 'Not a credential fingerprint.'));

const targetStatusSchema = z.enum(['ready', 'blocked']);

/** The record Work management export reads. No secret lives here: the token is in the vault. */
export const providerRecordSchema = z
	.object({
		id: z.string().check(z.minLength(1)),
		provider_key: providerKeySchema,
		deployment_mode: deploymentModeSchema,
		organization: z.union([organizationSchema, z.string().check(z.minLength(1))]),
		project: projectNameSchema,
		project_id: z.string().check(z.minLength(1)),
		base_url: z.url(),
		auth_method: authMethodSchema,
		scopes: z.array(scopeSchema),
		allowlist_status: allowlistStatusSchema,
		work_item_type: z.string().check(z.minLength(1)),
		area_path: classificationPathSchema,
		iteration_path: classificationPathSchema,
		priority_mapping: priorityMappingSchema,
		severity_mapping: z.nullable(severityMappingSchema),
		assignee_mapping: assigneeMappingSchema,
		custom_fields: z.record(z.string(), z.string()),
		credential_fingerprint: credentialFingerprintSchema,
		token_expires_at: z.nullable(z.iso.datetime()),
		status: targetStatusSchema,
		blocked_code: z.nullable(blockedCodeSchema),
		created_at: z.iso.datetime(),
		updated_at: z.iso.datetime(),
		last_verified_at: z.iso.datetime()
	})
	.check(
		z.refine((r) => r.deployment_mode === DEPLOYMENT_MODE_OF[r.provider_key], {
			message: 'deployment_mode does not match provider_key.',
			path: ['deployment_mode']
		}),
		z.refine((r) => (r.provider_key === 'azure_devops_server' ? r.auth_method === 'pat' : true), {
			message: 'Azure DevOps Server supports personal access tokens only.',
			path: ['auth_method']
		})
	);
export type ProviderRecord = z.infer<typeof providerRecordSchema>;
