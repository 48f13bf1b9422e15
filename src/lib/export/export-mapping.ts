import type { PriorityMapping, ProviderRecord, SetupDraft, SeverityMapping } from '$lib/domain';
import { DEFAULT_PRIORITY_MAPPING, effectiveSeverityMapping } from '$lib/domain';

// Apart from portable-export.ts so that pages offering the fallback load only this, and the
// export builders (with ipaddr.js) load with the fallback panel.

/** Where the work items go: the provider record's own field names, nothing secret. */
export interface ExportMapping {
	organization: string | null;
	project: string | null;
	work_item_type: string;
	area_path: string;
	iteration_path: string;
	priority_mapping: PriorityMapping;
	severity_mapping: SeverityMapping | null;
}

export function mappingFromRecord(record: ProviderRecord): ExportMapping {
	return {
		organization: record.organization,
		project: record.project,
		work_item_type: record.work_item_type,
		area_path: record.area_path,
		iteration_path: record.iteration_path,
		priority_mapping: record.priority_mapping,
		severity_mapping: record.severity_mapping
	};
}

/** From an unfinished draft: what was chosen, else discovery's defaults, else the project root. */
export function mappingFromDraft(draft: SetupDraft): ExportMapping {
	const d = draft.results.discovery?.ok ? draft.results.discovery.data : undefined;
	const project = draft.project ?? d?.project.name ?? null;
	return {
		organization: draft.organization ?? null,
		project,
		work_item_type: draft.mapping.work_item_type ?? d?.recommended_type ?? 'Bug',
		area_path: draft.mapping.area_path ?? d?.team_default_area ?? project ?? '',
		iteration_path: draft.mapping.iteration_path ?? d?.team_default_iteration ?? project ?? '',
		priority_mapping: draft.mapping.priority_mapping ?? DEFAULT_PRIORITY_MAPPING,
		severity_mapping: effectiveSeverityMapping(draft)
	};
}
