import type { DiscoveryData, FieldInfo } from '$lib/domain/probe.schema';
import { listValue } from '../client';
import { obj, str } from './json';

export interface TypeRef {
	name: string;
	reference_name: string;
	category?: string;
}

const HIDDEN = 'Microsoft.HiddenCategory';

/**
 * The types an admin may pick, from `GET …/wit/workitemtypes` and `GET …/wit/workitemtypecategories`:
 * disabled types and those in the hidden category (test plans, code reviews, feedback) left out,
 * each with its first non-hidden category.
 */
export function visibleTypes(types: unknown, categories: unknown): TypeRef[] {
	const hidden = new Set<string>();
	const categoryOf = new Map<string, string>();
	for (const c of listValue<unknown>(categories)) {
		const cat = obj(c);
		const ref = str(cat.referenceName) ?? '';
		for (const t of Array.isArray(cat.workItemTypes) ? cat.workItemTypes : []) {
			const tname = str(obj(t).name);
			if (!tname) continue;
			if (ref === HIDDEN) hidden.add(tname);
			else if (!categoryOf.has(tname)) categoryOf.set(tname, ref);
		}
		const def = str(obj(cat.defaultWorkItemType).name);
		if (def && ref !== HIDDEN) categoryOf.set(def, categoryOf.get(def) ?? ref);
	}
	return listValue<unknown>(types)
		.map(obj)
		.filter((t) => t.isDisabled !== true && !hidden.has(str(t.name) ?? ''))
		.map((t) => {
			const name = str(t.name) ?? '';
			const category = categoryOf.get(name);
			return {
				name,
				reference_name: str(t.referenceName) ?? name,
				...(category ? { category } : {})
			};
		});
}

/** The first category (`GET …/wit/workitemtypecategories`) that lists the type, hidden included. */
export function categoryOfType(categories: unknown, type: string): string | undefined {
	for (const c of listValue<unknown>(categories)) {
		const cat = obj(c);
		if (
			Array.isArray(cat.workItemTypes) &&
			cat.workItemTypes.some((t) => str(obj(t).name) === type)
		)
			return str(cat.referenceName);
	}
	return undefined;
}

/**
 * The process kind from a `ProcessInfo` (`GET _apis/work/processes/{typeId}`); without one (no
 * inheritance API: XML-process collections) the kind is xml.
 */
export function processKind(
	process: Record<string, unknown> | undefined
): DiscoveryData['process']['kind'] {
	const customization = (str(process?.customizationType) ?? '').toLowerCase();
	return customization === 'inherited'
		? 'inherited'
		: customization === 'system'
			? 'system'
			: 'xml';
}

/** The type a finding fits best: a bug, else Basic's Issue, else a requirement type. */
export function recommendedType(
	types: readonly Pick<TypeRef, 'name' | 'category'>[]
): string | undefined {
	return (
		types.find((t) => t.category === 'Microsoft.BugCategory') ??
		types.find((t) => t.name === 'Issue') ??
		types.find((t) => t.category === 'Microsoft.RequirementCategory')
	)?.name;
}

/** The field that holds the finding's text on this type's form. */
export function descriptionField(
	type: Pick<TypeRef, 'category'>,
	fields: readonly Pick<FieldInfo, 'reference_name'>[]
): string {
	const has = (ref: string) => fields.some((f) => f.reference_name === ref);
	// Agile/Scrum/CMMI Bug forms show Repro Steps, not Description.
	if (type.category === 'Microsoft.BugCategory' && has('Microsoft.VSTS.TCM.ReproSteps'))
		return 'Microsoft.VSTS.TCM.ReproSteps';
	if (has('System.Description')) return 'System.Description';
	if (has('Microsoft.VSTS.TCM.ReproSteps')) return 'Microsoft.VSTS.TCM.ReproSteps';
	return 'System.Description';
}
