import { z } from './zod-mini';

/** The only scopes WebRiskOps asks for (least privilege). */
export const REQUIRED_SCOPES = ['vso.work_write', 'vso.project'] as const;

/** Scopes that already include one we need (a superset is fine for that capability). */
export const SCOPE_IMPLIES: Record<string, readonly string[]> = {
	'vso.work_full': ['vso.work_write', 'vso.work'],
	'vso.work_write': ['vso.work'],
	'vso.project_manage': ['vso.project_write', 'vso.project'],
	'vso.project_write': ['vso.project']
};

/** What each capability of export needs, as shown in PAT guidance and scope proofs. */
export const CAPABILITIES = [
	{
		id: 'project_read',
		scope: 'vso.project',
		label: 'Read project and team metadata',
		pat_label: 'Project and Team: Read'
	},
	{
		id: 'work_read',
		scope: 'vso.work_write',
		label: 'Read work items, fields, areas and iterations',
		pat_label: 'Work Items: Read & write'
	},
	{
		id: 'work_write',
		scope: 'vso.work_write',
		label: 'Create and update work items',
		pat_label: 'Work Items: Read & write'
	}
] as const;

export type CapabilityId = (typeof CAPABILITIES)[number]['id'];
export const capabilityIdSchema = z.enum(['project_read', 'work_read', 'work_write']);

/** Full-access PATs carry this pseudo-scope. */
export const FULL_ACCESS_SCOPE = 'app_token';

export const scopeSchema = z
	.string()
	.check(
		z.regex(/^(vso\.[a-z_]+|app_token|offline_access|openid|profile|email)$/, 'Unknown scope.')
	);
