import type { DoneActorEvent, ErrorActorEvent } from 'xstate';
import { PROBE_ACTORS, type ProbeActorName, type ProbeOf } from '$lib/probe/probe-actors';
import { STEPS, type ProbeResponse, type StepId } from '$lib/domain';
import type { SetupDecision } from '$lib/policy';
import type { ProbeInput, SetupContext } from './setup.context';
import type { SetupEvent } from './setup.events';

/**
 * The statechart's repeated state shapes, built once: a probing state, the policy decision that
 * ends every probing step, and the Blocked state with its retry, fix and back transitions. They
 * name the chart's actors, guards and actions by their setup() names; the chart's types check
 * them where they are used.
 */

export type StepTag = `step.${StepId}`;

/** The probe each probing actor runs; the actor names are also the invoke ids. */
type ProbeActor = ProbeActorName;

export const failed = {
	type: 'recordFailure',
	params: ({ event }: { event: ErrorActorEvent }) => ({ error: event.error })
} as const;

/**
 * A state that runs one probe: busy while it runs, its answer recorded in the draft when done, a
 * failure outside Azure DevOps shown on the way back. The token is not sent before URL safety.
 */
export function probing<S extends ProbeActor>(
	step: StepId,
	src: S,
	to: { done: string; failed: string; back?: string; lookup?: boolean },
	unless?: { guard: 'hasNoToken' | 'hasNoProject'; target: string }
) {
	return {
		tags: [`step.${step}` as StepTag, 'busy' as const],
		...(unless ? { always: unless } : {}),
		entry: 'clearFailure' as const,
		invoke: {
			id: src,
			src,
			input: ({ context, event }: { context: SetupContext; event: SetupEvent }): ProbeInput => ({
				draft: context.draft,
				token: src === 'checkBaseUrl' ? null : context.token,
				...(event.type === 'project.searched' ? { query: event.name } : {}),
				...(event.type === 'assignee.searched' ? { query: event.query } : {})
			}),
			onDone: {
				target: to.done,
				actions: {
					type: 'recordProbe' as const,
					params: ({ event }: { event: DoneActorEvent<ProbeResponse<ProbeOf<S>>> }) => ({
						probe: PROBE_ACTORS[src].probe as ProbeOf<S>,
						response: event.output,
						lookup: to.lookup === true
					})
				}
			},
			onError: { target: to.failed, actions: failed }
		},
		...(to.back ? { on: { 'nav.back': to.back } } : {})
	};
}

const decided = ({ event }: { event: DoneActorEvent<SetupDecision> }) => ({
	decision: event.output
});

/** Every probing step ends by asking the policy and branching on its decision. */
export function evaluatingState(step: StepId, next: string) {
	return {
		tags: [`step.${step}` as StepTag, 'busy' as const],
		entry: 'clearFailure' as const,
		invoke: {
			id: 'evaluatePolicy',
			src: 'evaluatePolicy' as const,
			input: ({ context }: { context: SetupContext }) => ({ draft: context.draft }),
			onDone: [
				{
					guard: { type: 'decisionBlocksHere' as const, params: decided },
					target: 'blocked',
					actions: { type: 'recordDecision' as const, params: decided }
				},
				{ target: next, actions: { type: 'recordDecision' as const, params: decided } }
			],
			onError: { target: 'blocked', actions: failed }
		}
	};
}

/** "Fix it" opens the state of the step where the first blocking entry is fixed (STEPS' `fix`). */
const FIX_TARGETS = STEPS.flatMap((s) => (s.fix ? [[s.id, `#setup.${s.fix}`] as const] : []));

/** Back from a block goes to where the admin entered what was checked; it never re-runs the check. */
export function blockedHandlers(
	retryTarget: string,
	backTarget: string,
	fixTargets: ReadonlyArray<readonly [StepId, string]> = FIX_TARGETS
) {
	return {
		'blocked.retry': { target: retryTarget },
		'blocked.fix': fixTargets.map(([step, target]) => ({
			guard: { type: 'fixIsAt' as const, params: { step } },
			target
		})),
		'nav.back': { target: backTarget }
	};
}

/** Blocked: shows code, message and fix; retry re-runs the check, fix goes to the step that fixes it. */
export function blockedState(step: StepId, retryTarget: string, backTarget: string) {
	return {
		tags: [`step.${step}` as StepTag, 'blocked' as const],
		on: blockedHandlers(retryTarget, backTarget)
	};
}

/**
 * On Scopes the step's own fixes are the acknowledgement and a different token; re-proving the same
 * token could only block again, so Fix it opens the credential and Back returns to the project.
 */
export const SCOPE_FIX_TARGETS = FIX_TARGETS.map(
	([step, target]) => [step, step === 'scopes' ? '#setup.credential' : target] as const
);

/** A persisted draft resumes at these steps (in their state); later ones need the token again. */
const RESUMABLE: StepId[] = ['organization', 'attestations', 'base_url', 'network', 'credential'];

export function resumeTransitions() {
	return RESUMABLE.map((step) => ({
		guard: { type: 'resumeAt' as const, params: { step } },
		target: FIX_TARGETS.find(([s]) => s === step)?.[1] ?? '#setup.choosingTarget'
	}));
}

/** Params that are the event's own fields (the action or guard declares which it reads). */
export const fromEvent = <E>({ event }: { event: E }) => event;
