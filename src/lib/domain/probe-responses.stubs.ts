/**
 * Probe answers as the endpoint returns them, for specs at any layer: one Fabrikam project with a
 * Bug type, and a passing answer for each probe. Test code only.
 */
import type { ProbeName, ProbeResponse } from './probe.schema';

export const SERVER_URL = 'https://devops.example.com/tfs/DefaultCollection';

export const ok = <P extends ProbeName>(data: unknown): ProbeResponse<P> =>
	({ ok: true, data, diagnostics: { duration_ms: 1 } }) as ProbeResponse<P>;

export const discovery = {
	project: { id: 'p1', name: 'Fabrikam Fiber' },
	process: {
		name: 'Agile',
		kind: 'system',
		template_type_id: 'adcc42ab-9882-485e-a3ed-7678f01f66bc'
	},
	work_item_types: [
		{
			name: 'Bug',
			reference_name: 'Microsoft.VSTS.WorkItemTypes.Bug',
			description_field: 'Microsoft.VSTS.TCM.ReproSteps',
			fields: []
		}
	],
	recommended_type: 'Bug',
	areas: { id: 1, name: 'Fabrikam Fiber', path: 'Fabrikam Fiber' },
	iterations: { id: 2, name: 'Fabrikam Fiber', path: 'Fabrikam Fiber' },
	team_default_area: 'Fabrikam Fiber\\Web',
	team_default_iteration: 'Fabrikam Fiber\\Sprint 1',
	round_trips: 2
};

export const baseUrlOk = ok<'base-url'>({
	url: SERVER_URL,
	host: 'devops.example.com',
	address_class: 'public',
	allowlist_match: false,
	tls: 'trusted',
	reachable: true,
	suggested_allowlist_status: 'direct',
	looks_like_azure_devops: true
});
export const connectionOk = ok<'connection'>({
	user: { id: 'u1', display_name: 'Admin' },
	deployment_type: 'hosted',
	instance_id: 'i1',
	api_version: '7.1',
	credential_global: false,
	credential_too_broad: false
});
export const projectsOk = ok<'projects'>({
	projects: [{ id: 'p1', name: 'Fabrikam Fiber', state: 'wellFormed' }],
	pages: 1,
	complete: true
});
export const capabilitiesOk = ok<'capabilities'>({
	granted: ['project_read', 'work_read', 'work_write'],
	missing: [],
	extra_access: [],
	recommended_scopes: []
});
export const preflightOk = ok<'preflight'>({ valid: true, problems: [], operations: [] });
