import type { FieldInfo, MappingParams, PreflightData } from '$lib/domain/probe.schema';
import { budgetExceeded, PROBE_LIMITS } from '../budget';
import { listValue, type AdoClient } from '../client';
import { toField } from '../responses/fields';
import { descriptionField } from '../responses/work-item-types';
import { pathSegment, projectSegment, workItemTypeSegment } from '../urls';

// Requests several probes share: a type's fields and the validateOnly create.

/** A type's fields with their allowed and default values (`$expand=all`). */
export async function fetchTypeFields(
	client: AdoClient,
	base: URL,
	project: string,
	type: string
): Promise<FieldInfo[]> {
	const result = await client.call(
		base,
		'GET',
		`${projectSegment(project)}/_apis/wit/workitemtypes/${pathSegment('work-item-type', type)}/fields`,
		{
			query: { $expand: 'all' }
		}
	);
	const raw = listValue<unknown>(result.json);
	if (raw.length > PROBE_LIMITS.typeFields)
		throw budgetExceeded(`more than ${PROBE_LIMITS.typeFields} fields on one type`);
	for (const field of raw) {
		const allowed = (field as { allowedValues?: unknown } | null)?.allowedValues;
		if (Array.isArray(allowed) && allowed.length > PROBE_LIMITS.allowedValues)
			throw budgetExceeded(`more than ${PROBE_LIMITS.allowedValues} allowed values on one field`);
	}
	return raw.map(toField);
}

const SYNTHETIC_TITLE = 'WebRiskOps dry run: synthetic finding (validateOnly, never saved)';
const SYNTHETIC_BODY =
	'<p>WebRiskOps checks that a finding can be exported here. This work item is validated only and never created.</p>';

export function buildOperations(
	params: MappingParams,
	descriptionRef: string,
	typeFields: readonly FieldInfo[] | undefined
): PreflightData['operations'] {
	const has = (ref: string) => !typeFields || typeFields.some((f) => f.reference_name === ref);
	const ops: PreflightData['operations'] = [
		{ op: 'add', path: '/fields/System.Title', value: SYNTHETIC_TITLE },
		{ op: 'add', path: `/fields/${descriptionRef}`, value: SYNTHETIC_BODY },
		{ op: 'add', path: '/fields/System.AreaPath', value: params.area_path },
		{ op: 'add', path: '/fields/System.IterationPath', value: params.iteration_path }
	];
	if (has('Microsoft.VSTS.Common.Priority'))
		ops.push({ op: 'add', path: '/fields/Microsoft.VSTS.Common.Priority', value: params.priority });
	if (params.severity && has('Microsoft.VSTS.Common.Severity')) {
		ops.push({ op: 'add', path: '/fields/Microsoft.VSTS.Common.Severity', value: params.severity });
	}
	if (params.assignee)
		ops.push({ op: 'add', path: '/fields/System.AssignedTo', value: params.assignee });
	for (const [ref, value] of Object.entries(params.fields ?? {})) {
		if (/^[A-Za-z0-9_.]+$/.test(ref)) ops.push({ op: 'add', path: `/fields/${ref}`, value });
	}
	return ops;
}

interface DryRun {
	status: number;
	json: unknown;
	operations: PreflightData['operations'];
}

/** The validateOnly create: Azure DevOps runs its rules and saves nothing. */
export async function dryRunCreate(
	client: AdoClient,
	base: URL,
	project: string,
	params: MappingParams,
	fields: FieldInfo[] | undefined,
	category?: string
): Promise<DryRun> {
	const descriptionRef = fields
		? descriptionField(category ? { category } : {}, fields)
		: 'System.Description';
	const operations = buildOperations(params, descriptionRef, fields);
	const result = await client.call(
		base,
		'POST',
		`${projectSegment(project)}/_apis/wit/workitems/${workItemTypeSegment(params.work_item_type)}`,
		{
			query: { validateOnly: true, suppressNotifications: true },
			body: operations,
			contentType: 'application/json-patch+json',
			allow: [400, 403, 404]
		}
	);
	return { status: result.status, json: result.json, operations };
}
