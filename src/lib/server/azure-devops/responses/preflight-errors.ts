import type { MappingParams, PreflightData } from '$lib/domain/probe.schema';
import { mappingProblemText } from '$lib/domain/mapping-problems';
import { asWrappedException } from '../errors';
import { obj, str } from './json';

type Problem = PreflightData['problems'][number];

const FIELD_LABEL: Record<string, string> = {
	'System.AreaPath': 'area_path',
	'System.IterationPath': 'iteration_path',
	'System.AssignedTo': 'assignee',
	'Microsoft.VSTS.Common.Priority': 'priority',
	'Microsoft.VSTS.Common.Severity': 'severity'
};

function problemFor(field: string, flags: string, assignee?: string): Problem {
	const f = flags.toLowerCase();
	if (field === 'System.AreaPath' || field === 'System.IterationPath')
		return { field, ...mappingProblemText('not_a_path', FIELD_LABEL[field]) };
	// Named, because the usual cause is a person who left or was disabled after being picked.
	if (field === 'System.AssignedTo')
		return { field, ...mappingProblemText('unknown_assignee', assignee) };
	if (/invalidempty|required/.test(f) && !/limitedtovalues|invalidlistvalue|hasvalues/.test(f))
		return { field, ...mappingProblemText('required', field) };
	if (/limitedtovalues|invalidlistvalue|hasvalues|allowedvalues/.test(f))
		return { field, ...mappingProblemText('not_allowed', field) };
	return { field, ...mappingProblemText('rule', field) };
}

/**
 * Reads the problems out of a refused validateOnly create (the `WrappedException` body and its
 * status), in our own words: one per `RuleValidationErrors` entry, else one read from the message.
 */
export function preflightProblems(
	status: number,
	json: unknown,
	params: Pick<MappingParams, 'work_item_type' | 'assignee'>
): Problem[] {
	const w = asWrappedException(json);
	const message = w.message ?? '';
	const problems: Problem[] = [];
	const rules = w.customProperties?.RuleValidationErrors;
	if (Array.isArray(rules)) {
		for (const r of rules) {
			const rule = obj(r);
			const field = str(rule.fieldReferenceName);
			if (field)
				problems.push(
					problemFor(
						field,
						`${str(rule.fieldStatusFlags) ?? ''} ${str(rule.errorMessage) ?? ''}`,
						params.assignee
					)
				);
		}
	}
	if (problems.length === 0) {
		const quoted = /field '([A-Za-z0-9_.]+)'/.exec(message)?.[1];
		if (
			/VS402323/.test(message) ||
			(status === 404 && w.typeKey === 'WorkItemTypeNotFoundException')
		) {
			problems.push({
				field: 'work_item_type',
				...mappingProblemText('unknown_type', params.work_item_type)
			});
		} else if (/TF401347|VS402485/.test(message)) {
			problems.push(problemFor(quoted ?? 'System.AreaPath', 'tree'));
		} else if (/identity/i.test(message)) {
			problems.push(problemFor('System.AssignedTo', 'identity', params.assignee));
		} else if (status === 403 || /TF237111|permission/i.test(message)) {
			problems.push({ field: 'System.AreaPath', ...mappingProblemText('area_permission') });
		} else if (quoted) {
			problems.push(problemFor(quoted, message));
		} else {
			problems.push({ field: 'work_item_type', ...mappingProblemText('refused') });
		}
	}
	return problems;
}

/** A refused dry run that says the credential may not write here (not a field problem). */
export function refusesWrite(json: unknown): boolean {
	return /permission|TF237111/i.test(asWrappedException(json).message ?? '');
}

/** A 404 whose body says the project itself is gone or hidden. */
export function projectMissing(json: unknown): boolean {
	return /VS800075|TF200016/.test(asWrappedException(json).message ?? '');
}
