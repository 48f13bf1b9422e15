import { STEPS, type SetupDraft, type StepId } from '$lib/domain';

// Where the admin is on the product path: the current step and the steps of each segment.

const STEP_IDS = new Set<string>(STEPS.map((s) => s.id));

/** The step a snapshot shows, read from its `step.<id>` tag. */
export function stepFromTags(tags: Iterable<string>): StepId | null {
	for (const tag of tags) {
		if (tag.startsWith('step.') && STEP_IDS.has(tag.slice(5))) return tag.slice(5) as StepId;
	}
	return null;
}

const SERVICES_ONLY: ReadonlySet<StepId> = new Set(['organization']);
const SERVER_ONLY: ReadonlySet<StepId> = new Set(['attestations', 'base_url', 'network']);

/** The steps on this provider's path (before a provider is chosen, Services' shorter path). */
export function stepsFor(draft: Pick<SetupDraft, 'provider_key'>): StepId[] {
	const server = draft.provider_key === 'azure_devops_server';
	return STEPS.map((s) => s.id).filter((id) =>
		server ? !SERVICES_ONLY.has(id) : !SERVER_ONLY.has(id)
	);
}

interface ProgressSegment {
	path: string;
	current: boolean;
	steps: Array<{ id: StepId; title: string; state: 'done' | 'current' | 'todo' }>;
}

/** The product path, each segment with its steps and where the admin is. */
export function progressView(
	draft: Pick<SetupDraft, 'provider_key'>,
	current: StepId | null
): ProgressSegment[] {
	const ids = stepsFor(draft);
	const here = current ? ids.indexOf(current) : -1;
	const segments: ProgressSegment[] = [];
	ids.forEach((id, i) => {
		const step = STEPS.find((s) => s.id === id);
		if (!step) return;
		const state = i < here ? 'done' : i === here ? 'current' : 'todo';
		let segment = segments.at(-1);
		if (!segment || segment.path !== step.path) {
			segment = { path: step.path, current: false, steps: [] };
			segments.push(segment);
		}
		segment.steps.push({ id, title: step.title, state });
		if (state === 'current') segment.current = true;
	});
	return segments;
}
