import type { FieldInfo } from '$lib/domain/probe.schema';
import { filledByAzureDevOps } from '$lib/domain/mapping-fields';
import { obj, str } from './json';

/** An allowed or default value: a plain value, or an identity (`IdentityRef`) by its unique name. */
function allowedValueText(v: unknown): string | undefined {
	if (typeof v === 'string' || typeof v === 'number') return String(v);
	const o = obj(v);
	return str(o.uniqueName) ?? str(o.displayName);
}

/** One `WorkItemTypeFieldWithReferences` of `GET …/workitemtypes/{type}/fields?$expand=all`. */
export function toField(raw: unknown): FieldInfo {
	const f = obj(raw);
	const reference_name = str(f.referenceName) ?? '';
	const always_required = f.alwaysRequired === true;
	const defaultRaw = f.defaultValue;
	const default_value =
		defaultRaw === null || defaultRaw === undefined
			? null
			: typeof defaultRaw === 'object'
				? (allowedValueText(defaultRaw) ?? null)
				: String(defaultRaw);
	const allowed = Array.isArray(f.allowedValues)
		? f.allowedValues.map(allowedValueText).filter((v): v is string => v !== undefined)
		: [];
	const type = str(f.type);
	return {
		reference_name,
		name: str(f.name) ?? reference_name,
		...(type ? { type } : {}),
		always_required,
		default_value,
		allowed_values: allowed,
		filled_by_server:
			filledByAzureDevOps(reference_name) || (always_required && default_value !== null)
	};
}
