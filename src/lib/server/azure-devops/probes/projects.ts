import type { ProjectsData } from '$lib/domain/probe.schema';
import { AdoError } from '../errors';
import { toProject } from '../responses/projects';
import { openSession, type ProbeContext } from '../session';
import { projectSegment } from '../urls';
import type { ProbeOutcome, Req } from './probe';

/** 60 pages of 100: above the 1,000-project limit of an organization with room to spare. */
const DEFAULT_MAX_PROJECT_PAGES = 60;
/** Pages asked at once after the first: 5,001 projects in about four rounds, gentle on the API. */
const PROJECT_PAGE_CONCURRENCY = 16;

/** Every well-formed project the credential sees, or the one with exactly the given name. */
export async function projectsProbe(
	req: Req<'projects'>,
	ctx: ProbeContext
): Promise<ProbeOutcome<'projects'>> {
	const session = await openSession(req, ctx);
	const { urls, client } = session;
	const name = req.params?.name;
	if (name) {
		try {
			const result = await client.call(
				urls.collection,
				'GET',
				`_apis/projects/${projectSegment(name)}`
			);
			const project = toProject(result.json);
			// Exact means exact: Azure DevOps matches names case-insensitively.
			const data: ProjectsData = {
				projects: project.name === name ? [project] : [],
				pages: 1,
				complete: true
			};
			return { data, session };
		} catch (error) {
			if (
				error instanceof AdoError &&
				(error.code === 'PROVIDER_PROJECT_REQUIRED' || error.check === 'not-found')
			) {
				return { data: { projects: [], pages: 1, complete: true }, session };
			}
			throw error;
		}
	}
	const { items, pages, complete } = await client.pagedBySkip<unknown>(
		urls.collection,
		'_apis/projects',
		{ stateFilter: 'wellFormed' },
		100,
		ctx.maxProjectPages ?? DEFAULT_MAX_PROJECT_PAGES,
		PROJECT_PAGE_CONCURRENCY
	);
	return { data: { projects: items.map(toProject), pages, complete }, session };
}
