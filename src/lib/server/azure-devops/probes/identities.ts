import type { IdentitiesData } from '$lib/domain/probe.schema';
import { objectValue, type AdoClient } from '../client';
import { AdoError } from '../errors';
import { matchingTeamMembers, toIdentities } from '../responses/identities';
import { defaultTeamId } from '../responses/projects';
import { openSession, type ProbeContext } from '../session';
import { pathSegment, projectSegment } from '../urls';
import type { ProbeOutcome, Req } from './probe';

/**
 * Assignee lookup. The identity search needs vso.identity, which WebRiskOps does not ask for; a
 * least-privilege token is refused there, so the probe falls back to the members of the
 * project's default team (vso.project), the people work items are usually assigned to.
 */
export async function identitiesProbe(
	req: Req<'identities'>,
	ctx: ProbeContext
): Promise<ProbeOutcome<'identities'>> {
	const session = await openSession(req, ctx);
	const { urls, client } = session;
	try {
		const result = await client.call(urls.identity, 'GET', '_apis/identities', {
			query: { searchFilter: 'General', filterValue: req.params.query, queryMembership: 'None' }
		});
		return { data: { identities: toIdentities(result.json) }, session };
	} catch (error) {
		if (
			!(error instanceof AdoError) ||
			error.code !== 'PROVIDER_SCOPE_UNAVAILABLE' ||
			!req.target.project
		)
			throw error;
	}
	const data: IdentitiesData = {
		identities: await teamMembers(client, urls.collection, req.target.project, req.params.query)
	};
	return { data, session };
}

async function teamMembers(
	client: AdoClient,
	base: URL,
	project: string,
	query: string
): Promise<IdentitiesData['identities']> {
	const p = projectSegment(project);
	const projectJson = objectValue((await client.call(base, 'GET', `_apis/projects/${p}`)).json);
	const team = defaultTeamId(projectJson);
	if (!team) return [];
	const result = await client.call(
		base,
		'GET',
		`_apis/projects/${p}/teams/${pathSegment('team-id', team)}/members`,
		{ query: { $top: 1000 } }
	);
	return matchingTeamMembers(result.json, query);
}
