import { z } from './zod-mini';

/**
 * The wizard's steps in product order, defined once: rules name the step where a blocked code is
 * fixed; the wizard shows `title` as the step's heading; `fix` is the statechart state (by id)
 * that "Fix it" opens for a block fixed at this step (none for the first and last step: choosing a
 * provider cannot be blocked and Saved comes after every check). The component that renders each
 * step is mapped in $lib/components/step-components.ts.
 */
export const STEPS = [
	{ id: 'provider', title: 'Azure DevOps target', path: 'Azure DevOps target', fix: null },
	{
		id: 'organization',
		title: 'Organization',
		path: 'Azure DevOps target',
		fix: 'servicesOrganization'
	},
	{
		id: 'attestations',
		title: 'Server confirmations',
		path: 'Azure DevOps target',
		fix: 'serverConfirmations'
	},
	{ id: 'base_url', title: 'Server URL', path: 'Azure DevOps target', fix: 'serverUrl' },
	{ id: 'network', title: 'Network path', path: 'Azure DevOps target', fix: 'networkPath' },
	{ id: 'credential', title: 'Credential', path: 'Azure DevOps target', fix: 'credential' },
	{
		id: 'connection',
		title: 'Connection check',
		path: 'Organization and project check',
		fix: 'connectionCheck'
	},
	{ id: 'project', title: 'Project', path: 'Organization and project check', fix: 'projectCheck' },
	{ id: 'scopes', title: 'Scopes', path: 'Organization and project check', fix: 'scopeProof' },
	{ id: 'mapping', title: 'Work item mapping', path: 'Work item mapping', fix: 'workItemMapping' },
	{ id: 'review', title: 'Review and save', path: 'Work item mapping', fix: 'review' },
	{ id: 'saved', title: 'Saved', path: 'Work management export or fallback', fix: null }
] as const;

export type StepId = (typeof STEPS)[number]['id'];
export const stepIdSchema = z.enum(STEPS.map((s) => s.id) as [StepId, ...StepId[]]);

export function stepTitle(id: StepId): string {
	return STEPS.find((s) => s.id === id)?.title ?? id;
}
