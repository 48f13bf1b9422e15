import {
	attestationsSchema,
	classificationPathSchema,
	firstIssue,
	organizationSchema,
	serverBaseUrlSchema,
	STEPS,
	stepTitle,
	type ProviderKey,
	type SetupDraft,
	type StepId
} from '$lib/domain';
import type { SetupDecision } from '$lib/policy';
import type { SetupContext } from './setup.context';

/**
 * The statechart's guards, each with the words the diagram prints on its arrow (GUARD_WORDS,
 * beside the definitions so a new guard cannot be drawn without them). Guards read the context and
 * their typed params only; event data reaches them through params mapped at the transition.
 */

type Args = { context: SetupContext };

const STEP_INDEX = new Map<StepId, number>(STEPS.map((s, i) => [s.id, i]));

/** Blocked entries that stop the admin at `step`: those whose fix is at this step or earlier. */
export function blockersAt(decision: SetupDecision | null, step: StepId) {
	const here = STEP_INDEX.get(step) ?? 0;
	return (decision?.blocked ?? []).filter((b) => (STEP_INDEX.get(b.step) ?? 0) <= here);
}

/** What the form still lacks before a dry run makes sense (shape only; fit is proven by Azure DevOps). */
export function mappingProblem(draft: SetupDraft): string | null {
	const m = draft.mapping;
	if (!m.work_item_type) return 'Choose a work item type.';
	const area = classificationPathSchema.safeParse(m.area_path ?? '');
	if (!area.success) return `Area path: ${firstIssue(area)}`;
	const iteration = classificationPathSchema.safeParse(m.iteration_path ?? '');
	if (!iteration.success) return `Iteration path: ${firstIssue(iteration)}`;
	return null;
}

const urlSafetyPassed = (c: SetupContext) => c.draft.results['base-url']?.ok === true;

export const setupGuards = {
	hasSavedTarget: ({ context }: Args) => context.saved !== null,
	hasNoProvider: ({ context }: Args) => context.draft.provider_key === undefined,
	resumeAt: ({ context }: Args, params: { step: StepId }) => context.current_step === params.step,
	choseServices: (_: Args, params: { provider_key: ProviderKey }) =>
		params.provider_key === 'azure_devops_services',
	isServices: ({ context }: Args) => context.draft.provider_key === 'azure_devops_services',
	isOAuth: ({ context }: Args) => context.draft.auth_method === 'oauth',
	hasValidOrganization: (_: Args, params: { organization: string }) =>
		organizationSchema.safeParse(params.organization).success,
	hasAllAttestations: ({ context }: Args) =>
		Object.values(attestationsSchema.parse(context.draft.attestations)).every(Boolean),
	lacksAttestation: ({ context }: Args) =>
		!Object.values(context.draft.attestations).every(Boolean),
	hasValidBaseUrlShape: (_: Args, params: { base_url: string }) =>
		serverBaseUrlSchema.safeParse(params.base_url).success,
	lacksSafeBaseUrl: ({ context }: Args) => !urlSafetyPassed(context),
	isServerWithoutSafeUrl: ({ context }: Args) =>
		context.draft.provider_key === 'azure_devops_server' && !urlSafetyPassed(context),
	hasTokenText: (_: Args, params: { token: string }) => params.token.trim().length > 0,
	hasNoToken: ({ context }: Args) => context.token === null,
	hasNoProject: ({ context }: Args) => context.draft.project_id === undefined,
	hasCompleteMapping: ({ context }: Args) => mappingProblem(context.draft) === null,
	canSave: ({ context }: Args) => context.decision?.can_save === true && context.token !== null,
	decisionBlocksHere: ({ context }: Args, params: { decision: SetupDecision }) =>
		blockersAt(params.decision, context.current_step).length > 0,
	fixIsAt: ({ context }: Args, params: { step: StepId }) =>
		blockersAt(context.decision, context.current_step)[0]?.step === params.step
};

type SetupGuardName = keyof typeof setupGuards;

type Words = string | ((params: Record<string, unknown> | undefined) => string);
const step = (params: Record<string, unknown> | undefined) =>
	stepTitle((params?.step ?? '') as StepId);

/** The diagram's words for each guard (params are the guard's static params, when it has any). */
const GUARD_WORDS: Record<SetupGuardName, Words> = {
	hasSavedTarget: 'a target is saved',
	hasNoProvider: 'no provider chosen',
	resumeAt: (p) => `draft was at ${step(p)}`,
	choseServices: 'Services',
	isServices: 'Services',
	isOAuth: 'auth_method is oauth',
	hasValidOrganization: 'valid organization name',
	hasAllAttestations: 'all three confirmed',
	lacksAttestation: 'a confirmation is missing',
	hasValidBaseUrlShape: 'valid base_url shape',
	lacksSafeBaseUrl: 'URL safety not passed',
	isServerWithoutSafeUrl: 'Server without URL safety',
	hasTokenText: 'token not empty',
	hasNoToken: 'no token in memory',
	hasNoProject: 'no project chosen',
	hasCompleteMapping: 'mapping complete',
	canSave: 'policy says can_save',
	decisionBlocksHere: 'blocked at this step',
	fixIsAt: (p) => `fix is at ${step(p)}`
};

export function guardWords(
	type: string,
	params: Record<string, unknown> | undefined
): string | undefined {
	const w = (GUARD_WORDS as Record<string, Words | undefined>)[type];
	return typeof w === 'function' ? w(params) : w;
}
