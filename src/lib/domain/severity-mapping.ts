import type { SetupDraft } from './draft.schema';
import type { WorkItemTypeInfo } from './probe.schema';
import {
	DEFAULT_SEVERITY_MAPPING,
	SEVERITIES,
	SEVERITY_FIELD,
	type SeverityMapping
} from './provider-record.schema';

/**
 * The Severity values a finding's severity becomes, for the chosen type. The draft keeps only
 * what the admin changed (null until then); what is shown, proven by the dry run and recorded
 * is this: null for a type without a Severity field, else the admin's choices over the process
 * defaults. A default the project does not allow (a customised list) becomes the allowed value
 * in the same position, so nothing recorded is a value Azure DevOps would refuse.
 */
export function severityMappingFor(
	chosen: SeverityMapping | null,
	type: WorkItemTypeInfo | undefined
): SeverityMapping | null {
	if (!type) return chosen;
	const field = type.fields.find((f) => f.reference_name === SEVERITY_FIELD);
	if (!field) return null;
	const allowed = field.allowed_values;
	const out = {} as SeverityMapping;
	SEVERITIES.forEach((severity, i) => {
		const value = chosen?.[severity] ?? DEFAULT_SEVERITY_MAPPING[severity];
		out[severity] =
			allowed.length === 0 || allowed.includes(value)
				? value
				: (allowed[Math.min(i, allowed.length - 1)] as string);
	});
	return out;
}

/** The chosen work item type as discovered, if discovery ran. */
function chosenTypeInfo(draft: SetupDraft): WorkItemTypeInfo | undefined {
	const d = draft.results.discovery?.ok ? draft.results.discovery.data : undefined;
	const name = draft.mapping.work_item_type ?? d?.recommended_type;
	return d?.work_item_types.find((t) => t.name === name);
}

/** The severity mapping of the draft as it will be proven and recorded. */
export function effectiveSeverityMapping(draft: SetupDraft): SeverityMapping | null {
	return severityMappingFor(draft.mapping.severity_mapping, chosenTypeInfo(draft));
}
