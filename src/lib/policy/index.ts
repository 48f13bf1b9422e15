import type { SetupDraft } from '$lib/domain';
import { buildFacts } from './facts';
import { createEvaluator, type Evaluator, type SetupDecision } from './evaluate';
import type { RuleSet } from './load-rules';
import { viteRuleSet } from './rules.vite';

/**
 * The policy: readiness and blocked criteria live only in rules/. The app evaluates against the
 * rule set vite bundles; Node CLIs build their own with `createEvaluator(loadNodeRuleSet())`.
 */

export {
	buildFacts,
	parseFacts,
	factsSchema,
	outcomeFactsSchema,
	FACT_CATALOGUE,
	FactsError
} from './facts';
export type { Facts, OutcomeFacts, FactEntry } from './facts';
export {
	createEvaluator,
	explainBlocked,
	setupDecisionSchema,
	blockedEntrySchema,
	ruleTraceSchema,
	conditionTraceSchema
} from './evaluate';
export type { SetupDecision, BlockedEntry, RuleTrace, ConditionTrace, Evaluator } from './evaluate';
export { loadRuleSet, RuleLoadError } from './load-rules';
export type { LoadedRule, RuleSet } from './load-rules';
export {
	ruleFileSchema,
	ruleJsonSchema,
	OUTCOMES,
	READINESS_FLAGS,
	OPERATORS
} from './rule-file.schema';
export type { RuleFile, Outcome, ReadinessFlag } from './rule-file.schema';
export { buildRulesReport, renderRulesMarkdown } from './report';
export type { RulesReportModel, ReportRule, ConditionNode } from './report';
export { viteRuleSet, viteFixtureFiles } from './rules.vite';

// Under vite (the app, vitest) the rule files are validated when this module loads, so a malformed
// rule stops start-up and every test that imports the policy, naming the file and JSON path.
// Under tsx there is no import.meta.env and the Node adapter is used instead.
if (import.meta.env) viteRuleSet();

const evaluators = new WeakMap<RuleSet, Evaluator>();

function appEvaluator(): Evaluator {
	const set = viteRuleSet();
	let e = evaluators.get(set);
	if (!e) {
		e = createEvaluator(set);
		evaluators.set(set, e);
	}
	return e;
}

/** Evaluate facts against the app's rules/. Rejects on invalid facts or rule files (fail closed). */
export function evaluateSetup(facts: unknown): Promise<SetupDecision> {
	return appEvaluator()(facts);
}

/** Convenience for the statechart: facts from the draft, then the decision. */
export async function evaluateDraft(draft: SetupDraft, now: Date): Promise<SetupDecision> {
	return appEvaluator()(buildFacts(draft, now));
}
