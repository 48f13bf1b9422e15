import type { CapabilitiesData } from '$lib/domain/probe.schema';
import { REQUIRED_SCOPES, type CapabilityId } from '$lib/domain/scopes';
import { AdoError } from '../errors';
import { refusesWrite } from '../responses/preflight-errors';
import { openSession, type ProbeContext } from '../session';
import { pathSegment, projectSegment } from '../urls';
import {
	canRead,
	NO_REPOSITORY,
	requireProject,
	scopeReaches,
	type ProbeOutcome,
	type Req
} from './probe';
import { dryRunCreate } from './work-item-requests';

/**
 * Proves each capability with the cheapest call that needs it. Missing capabilities are ok data
 * (`missing`): the rules turn them into PROVIDER_SCOPE_UNAVAILABLE naming which one. Reachable
 * unrelated areas fill `extra_access` (rules: PROVIDER_CREDENTIAL_TOO_BROAD, acknowledgeable).
 */
export async function capabilitiesProbe(
	req: Req<'capabilities'>,
	ctx: ProbeContext
): Promise<ProbeOutcome<'capabilities'>> {
	const project = requireProject(req);
	const session = await openSession(req, ctx);
	const { urls, client } = session;
	const base = urls.collection;
	const p = projectSegment(project);
	// Validated before any request starts, so a refusal leaves no request half-sent.
	const type = pathSegment('work-item-type', req.params.work_item_type);

	const [projectRead, workRead, write, code, build] = await Promise.all([
		canRead(client, base, `_apis/projects/${p}`),
		canRead(client, base, `${p}/_apis/wit/workitemtypes/${type}/fields`),
		dryRunCreate(client, base, project, req.params, undefined).then(
			(run) => run.status === 200 || (run.status === 400 && !refusesWrite(run.json)),
			(error: unknown) => {
				if (
					error instanceof AdoError &&
					(error.code === 'PROVIDER_AUTH_REQUIRED' || error.code === 'PROVIDER_SCOPE_UNAVAILABLE')
				)
					return false;
				throw error;
			}
		),
		scopeReaches(client, base, `${p}/_apis/git/repositories/${NO_REPOSITORY}`),
		canRead(client, base, `${p}/_apis/build/builds`, { $top: 1 })
	]);
	if (!projectRead && !workRead && !write && !client.authenticated) {
		throw new AdoError('PROVIDER_AUTH_REQUIRED', 'credential-rejected');
	}
	const granted: CapabilityId[] = [];
	const missing: CapabilityId[] = [];
	(projectRead ? granted : missing).push('project_read');
	(workRead ? granted : missing).push('work_read');
	(write ? granted : missing).push('work_write');
	const extra_access = [...(code ? ['vso.code'] : []), ...(build ? ['vso.build'] : [])];
	const data: CapabilitiesData = {
		granted,
		missing,
		extra_access,
		recommended_scopes: extra_access.length || missing.length ? [...REQUIRED_SCOPES] : []
	};
	return { data, session };
}
