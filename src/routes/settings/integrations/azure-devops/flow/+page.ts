import type { PageLoad } from './$types';
import {
	diagramStates,
	diagramStepTitle,
	diagramSteps,
	FLOW_DIAGRAM,
	storedDraftStep
} from '$lib/setup/diagram/flow-view';

/**
 * `?state=<state id>` (the wizard's exact state) wins; otherwise the stored draft's step is
 * highlighted. Both are checked against the diagram, so a stale link highlights nothing.
 */
export const load: PageLoad = async ({ url }) => {
	const states = diagramStates();
	const asked = url.searchParams.get('state');
	const state = states.find((s) => s.id === asked) ?? null;
	const draftStep = await storedDraftStep();
	const step = draftStep !== null && diagramSteps().includes(draftStep) ? draftStep : null;
	return {
		diagram: FLOW_DIAGRAM,
		state,
		step,
		stepTitle: step === null ? null : diagramStepTitle(step)
	};
};
