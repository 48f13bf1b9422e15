import type { FieldInfo } from '$lib/domain/probe.schema';
import { AdoError } from '../errors';
import { preflightProblems, projectMissing } from '../responses/preflight-errors';
import { categoryOfType } from '../responses/work-item-types';
import { openSession, type ProbeContext } from '../session';
import { projectSegment } from '../urls';
import { requireProject, type ProbeOutcome, type Req } from './probe';
import { buildOperations, dryRunCreate, fetchTypeFields } from './work-item-requests';

/**
 * The mapping's dry run: a validateOnly create of a synthetic finding with the type's own
 * description field. A refusal is ok data (`valid: false`) with the problems in our own words.
 */
export async function preflightProbe(
	req: Req<'preflight'>,
	ctx: ProbeContext
): Promise<ProbeOutcome<'preflight'>> {
	const project = requireProject(req);
	const session = await openSession(req, ctx);
	const { urls, client } = session;
	let fields: FieldInfo[] | undefined;
	let category: string | undefined;
	try {
		[fields, category] = await Promise.all([
			fetchTypeFields(client, urls.collection, project, req.params.work_item_type),
			client
				.call(urls.collection, 'GET', `${projectSegment(project)}/_apis/wit/workitemtypecategories`)
				.then((result) => categoryOfType(result.json, req.params.work_item_type))
		]);
	} catch (error) {
		if (!(error instanceof AdoError) || error.code !== 'TICKET_EXPORT_MAPPING_REQUIRED')
			throw error;
		const problems = preflightProblems(404, { message: 'VS402323' }, req.params);
		return {
			data: {
				valid: false,
				problems,
				operations: buildOperations(req.params, 'System.Description', undefined)
			},
			session
		};
	}
	const run = await dryRunCreate(client, urls.collection, project, req.params, fields, category);
	if (run.status === 200)
		return { data: { valid: true, problems: [], operations: run.operations }, session };
	if (run.status === 404 && projectMissing(run.json)) {
		throw new AdoError('PROVIDER_PROJECT_REQUIRED', 'project-not-found');
	}
	return {
		data: {
			valid: false,
			problems: preflightProblems(run.status, run.json, req.params),
			operations: run.operations
		},
		session
	};
}
