import type { SetupDraft } from '$lib/domain';
import type { SetupDecision } from './evaluate';

/**
 * The policy as the app uses it: readiness and blocked criteria live only in rules/. Only types
 * and two lazy functions live here, so importing the policy costs the first screen nothing: the
 * engine, the facts catalogue and the rules load on the first evaluation. Node CLIs build their
 * own evaluator with `createEvaluator(loadNodeRuleSet())`; the rules page imports `report.ts`.
 */

export type { SetupDecision } from './evaluate';
const appEvaluator = () => import('./app-evaluator');

/** Evaluate facts against the app's rules/. Rejects on invalid facts or rule files (fail closed). */
export async function evaluateSetup(facts: unknown): Promise<SetupDecision> {
	return (await appEvaluator()).evaluateSetup(facts);
}

/** Convenience for the statechart: facts from the draft, then the decision. */
export async function evaluateDraft(draft: SetupDraft, now: Date): Promise<SetupDecision> {
	return (await appEvaluator()).evaluateDraft(draft, now);
}
