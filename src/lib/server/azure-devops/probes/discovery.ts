import type { DiscoveryData, WorkItemTypeInfo } from '$lib/domain/probe.schema';
import { budgetExceeded, PROBE_LIMITS } from '../budget';
import { objectValue } from '../client';
import { AdoError } from '../errors';
import {
	checkTree,
	graft,
	toNode,
	TREE_DEPTH,
	truncatedPaths
} from '../responses/classification-nodes';
import { obj, str } from '../responses/json';
import { projectProcess } from '../responses/projects';
import { teamCurrentIteration, teamDefaultArea } from '../responses/team-settings';
import {
	descriptionField,
	processKind,
	recommendedType,
	visibleTypes
} from '../responses/work-item-types';
import { openSession, type ProbeContext } from '../session';
import { pathSegment, projectSegment } from '../urls';
import { requireProject, type ProbeOutcome, type Req } from './probe';
import { fetchTypeFields } from './work-item-requests';

/** Areas whose resources discovery reads (OPTIONS asked for all of them in one round). */
const DISCOVERY_AREAS = ['core', 'wit', 'work', 'processes'] as const;

/**
 * Everything mapping needs, in two waves after the project is chosen: (1) project with
 * capabilities, types, categories, both trees and team settings in parallel; (2) the process
 * record and every visible type's fields in parallel.
 */
export async function discoveryProbe(
	req: Req<'discovery'>,
	ctx: ProbeContext
): Promise<ProbeOutcome<'discovery'>> {
	const project = requireProject(req);
	const session = await openSession(req, ctx);
	const { urls, client } = session;
	const base = urls.collection;
	const p = projectSegment(project);
	let waves = 0;

	// Route discovery for every area used below, in one round: each request's api-version then
	// comes from the server's own resource locations.
	if (await client.prefetchLocations(base, DISCOVERY_AREAS)) waves += 1;

	waves += 1;
	const before = client.apiVersion;
	const [
		projectRes,
		typesRes,
		categoriesRes,
		areasRes,
		iterationsRes,
		teamFieldsRes,
		teamSettingsRes
	] = await Promise.all([
		client.call(base, 'GET', `_apis/projects/${p}`, { query: { includeCapabilities: true } }),
		client.call(base, 'GET', `${p}/_apis/wit/workitemtypes`),
		client.call(base, 'GET', `${p}/_apis/wit/workitemtypecategories`),
		client.call(base, 'GET', `${p}/_apis/wit/classificationnodes/areas`, {
			query: { $depth: TREE_DEPTH }
		}),
		client.call(base, 'GET', `${p}/_apis/wit/classificationnodes/iterations`, {
			query: { $depth: TREE_DEPTH }
		}),
		client.call(base, 'GET', `${p}/_apis/work/teamsettings/teamfieldvalues`, { allow: [404] }),
		client.call(base, 'GET', `${p}/_apis/work/teamsettings/iterations`, {
			query: { $timeframe: 'current' },
			allow: [404]
		})
	]);
	// A lowered api-version means the first wave was re-sent once.
	if (client.apiVersion !== before) waves += 1;

	checkTree(areasRes.json);
	checkTree(iterationsRes.json);
	// A server that cut a tree short (a node with children but none sent) is asked for the rest.
	const cut = [
		...truncatedPaths(areasRes.json).map((path) => ({ group: 'areas', path, root: areasRes })),
		...truncatedPaths(iterationsRes.json).map((path) => ({
			group: 'iterations',
			path,
			root: iterationsRes
		}))
	];
	if (cut.length > 0) {
		waves += 1;
		await Promise.all(
			cut.map(async ({ group, path, root }) => {
				const rest = await client.call(
					base,
					'GET',
					`${p}/_apis/wit/classificationnodes/${group}/${path.map((name) => pathSegment('node-name', name)).join('/')}`,
					{ query: { $depth: TREE_DEPTH } }
				);
				graft(root.json, path, rest.json);
			})
		);
		// Grafted subtrees count against the same limits as the tree they complete.
		checkTree(areasRes.json);
		checkTree(iterationsRes.json);
	}

	const projectJson = objectValue(projectRes.json);
	const process = projectProcess(projectJson);
	const visible = visibleTypes(typesRes.json, categoriesRes.json);
	if (visible.length > PROBE_LIMITS.workItemTypes)
		throw budgetExceeded(`more than ${PROBE_LIMITS.workItemTypes} work item types`);

	waves += 1;
	const [processRes, ...fieldLists] = await Promise.all([
		process.template_type_id
			? client
					.call(
						base,
						'GET',
						`_apis/work/processes/${pathSegment('process-id', process.template_type_id)}`,
						{ allow: [404] }
					)
					.catch((error: unknown) => {
						// XML-process collections have no inheritance API; the kind is then xml.
						if (
							error instanceof AdoError &&
							error.code !== 'PROVIDER_RATE_LIMITED' &&
							error.code !== 'PROVIDER_BASE_URL_UNREACHABLE'
						)
							return undefined;
						throw error;
					})
			: Promise.resolve(undefined),
		...visible.map((t) => fetchTypeFields(client, base, project, t.name))
	]);
	const kind = processKind(
		processRes && processRes.status === 200 ? obj(processRes.json) : undefined
	);

	const work_item_types: WorkItemTypeInfo[] = visible.map((t, i) => {
		const fields = fieldLists[i] ?? [];
		return {
			name: t.name,
			reference_name: t.reference_name,
			...(t.category ? { category: t.category } : {}),
			description_field: descriptionField(t, fields),
			fields
		};
	});
	const recommended = recommendedType(work_item_types);
	const teamArea = teamFieldsRes.status === 200 ? teamDefaultArea(teamFieldsRes.json) : undefined;
	const teamIteration =
		teamSettingsRes.status === 200 ? teamCurrentIteration(teamSettingsRes.json) : undefined;

	const data: DiscoveryData = {
		project: { id: str(projectJson.id) ?? '', name: str(projectJson.name) ?? project },
		process: { name: process.name, kind, template_type_id: process.template_type_id },
		work_item_types,
		...(recommended ? { recommended_type: recommended } : {}),
		areas: toNode(areasRes.json, 'Area'),
		iterations: toNode(iterationsRes.json, 'Iteration'),
		...(teamArea ? { team_default_area: teamArea } : {}),
		...(teamIteration !== undefined ? { team_default_iteration: teamIteration } : {}),
		round_trips: waves
	};
	return { data, session, waves };
}
