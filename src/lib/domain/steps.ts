import { z } from './zod-mini';

/**
 * The wizard's steps in product order. Rules name the step where a blocked code is fixed;
 * the UI and Integration status use the titles. Defined once here.
 */
export const STEPS = [
	{ id: 'provider', title: 'Azure DevOps target', path: 'Azure DevOps target' },
	{ id: 'organization', title: 'Organization', path: 'Azure DevOps target' },
	{ id: 'attestations', title: 'Server confirmations', path: 'Azure DevOps target' },
	{ id: 'base_url', title: 'Server URL', path: 'Azure DevOps target' },
	{ id: 'network', title: 'Network path', path: 'Azure DevOps target' },
	{ id: 'credential', title: 'Credential', path: 'Azure DevOps target' },
	{ id: 'connection', title: 'Connection check', path: 'Organization and project check' },
	{ id: 'project', title: 'Project', path: 'Organization and project check' },
	{ id: 'scopes', title: 'Scopes', path: 'Organization and project check' },
	{ id: 'mapping', title: 'Work item mapping', path: 'Work item mapping' },
	{ id: 'review', title: 'Review and save', path: 'Work item mapping' },
	{ id: 'saved', title: 'Saved', path: 'Work management export or fallback' }
] as const;

export type StepId = (typeof STEPS)[number]['id'];
export const stepIdSchema = z.enum(STEPS.map((s) => s.id) as [StepId, ...StepId[]]);

export function stepTitle(id: StepId): string {
	return STEPS.find((s) => s.id === id)?.title ?? id;
}
