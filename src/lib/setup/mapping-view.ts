import type { PreflightData } from '$lib/domain';
import { suppliedOutsideCustomFields } from '$lib/domain/mapping-fields';

/** Which mapping input a preflight problem belongs beside. */
export type MappingFieldKey =
	| 'work_item_type'
	| 'area_path'
	| 'iteration_path'
	| 'priority'
	| 'severity'
	| 'assignee'
	| `custom:${string}`;

const FIELD_KEYS: Record<string, MappingFieldKey> = {
	'System.WorkItemType': 'work_item_type',
	'System.AreaPath': 'area_path',
	'System.AreaId': 'area_path',
	'System.IterationPath': 'iteration_path',
	'System.IterationId': 'iteration_path',
	'Microsoft.VSTS.Common.Priority': 'priority',
	'Microsoft.VSTS.Common.Severity': 'severity',
	'System.AssignedTo': 'assignee',
	work_item_type: 'work_item_type',
	area_path: 'area_path',
	iteration_path: 'iteration_path',
	priority: 'priority',
	severity: 'severity',
	assignee: 'assignee'
};

function mappingFieldKey(field: string): MappingFieldKey {
	return FIELD_KEYS[field] ?? `custom:${field}`;
}

/** Preflight problems grouped by the mapping input they concern. */
export function problemsByField(
	preflight: { ok: true; data: PreflightData } | { ok: false } | undefined
): Map<MappingFieldKey, string[]> {
	const map = new Map<MappingFieldKey, string[]>();
	if (!preflight?.ok) return map;
	for (const p of preflight.data.problems) {
		const key = mappingFieldKey(p.field);
		const list = map.get(key) ?? [];
		list.push(p.fix ? `${p.message} ${p.fix}` : p.message);
		map.set(key, list);
	}
	return map;
}

/** Fields the admin must supply because the type requires them and nothing else fills them. */
export function requiredCustomFields<
	F extends { reference_name: string; always_required: boolean; filled_by_server: boolean }
>(type: { fields: readonly F[]; description_field?: string } | undefined): F[] {
	if (!type) return [];
	return type.fields.filter(
		(f) =>
			f.always_required &&
			!f.filled_by_server &&
			!suppliedOutsideCustomFields(f.reference_name) &&
			f.reference_name !== type.description_field
	);
}
