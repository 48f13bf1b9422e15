import type { SetupDraft } from '$lib/domain';
import { buildFacts } from './facts';
import { createEvaluator, type Evaluator, type SetupDecision } from './evaluate';
import { viteRuleSet } from './rules.vite';

/**
 * The app's evaluator over the rule set vite bundles. Loaded on demand by `index.ts`, so
 * json-rules-engine and the rule files are fetched when the policy first evaluates, not with the
 * first screen. The rules are validated when this module loads: a malformed rule file rejects
 * the first evaluation (and every test that evaluates), naming the file and the JSON path.
 */

const evaluate: Evaluator = createEvaluator(viteRuleSet());

export function evaluateSetup(facts: unknown): Promise<SetupDecision> {
	return evaluate(facts);
}

export function evaluateDraft(draft: SetupDraft, now: Date): Promise<SetupDecision> {
	return evaluate(buildFacts(draft, now));
}
