import type { ProjectSummary } from '$lib/domain/probe.schema';
import { obj, str } from './json';

/** One `TeamProjectReference` of `GET _apis/projects` (or a `GET _apis/projects/{project}`). */
export function toProject(raw: unknown): ProjectSummary {
	const p = obj(raw);
	const description = str(p.description);
	return {
		id: str(p.id) ?? '',
		name: str(p.name) ?? '',
		state: str(p.state) ?? 'unknown',
		...(description ? { description } : {})
	};
}

/** The process a project uses, from `GET _apis/projects/{project}?includeCapabilities=true`. */
export function projectProcess(project: Record<string, unknown>): {
	name: string;
	template_type_id: string;
} {
	const template = obj(obj(project.capabilities).processTemplate);
	return {
		name: str(template.templateName) ?? 'unknown',
		template_type_id: str(template.templateTypeId) ?? ''
	};
}

/** The id of the project's default team, when the project record names one. */
export function defaultTeamId(project: Record<string, unknown>): string | undefined {
	return str(obj(project.defaultTeam).id);
}
