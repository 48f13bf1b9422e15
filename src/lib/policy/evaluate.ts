import { Engine } from 'json-rules-engine';
import { z } from 'zod';
import { blockedCodeSchema, CODE_CATALOGUE, STEPS, stepIdSchema } from '$lib/domain';
import { parseFacts, outcomeFactsSchema, type Facts, type OutcomeFacts } from './facts';
import type { LoadedRule, RuleSet } from './load-rules';
import { isBlockedCode, OUTCOMES, READINESS_FLAGS, type ReadinessFlag } from './rule-file.schema';
import { leafWords, valueWords } from './words';

/**
 * evaluateSetup: two passes of json-rules-engine over rules/. The first pass runs every draft rule
 * over the facts and yields readiness flags and blocked entries; the second runs the can_save
 * rule(s) over those outcomes. A flag is true only when one of its rules fired, so a missing
 * fact can never make anything ready; an unknown fact throws (allowUndefinedFacts: false).
 */

const conditionTraceSchema = z.object({
	fact: z.string(),
	operator: z.string(),
	value: z.unknown(),
	fact_value: z.unknown(),
	result: z.enum(['passed', 'failed', 'not_evaluated']),
	/** Plain words, e.g. `the network path (allowlist_status) is one of "direct" — it is "pending"`. */
	text: z.string()
});
export type ConditionTrace = z.infer<typeof conditionTraceSchema>;

const ruleTraceSchema = z.object({
	rule_id: z.string(),
	title: z.string(),
	outcome: z.enum(OUTCOMES),
	fired: z.boolean(),
	conditions: z.array(conditionTraceSchema)
});
export type RuleTrace = z.infer<typeof ruleTraceSchema>;

const blockedEntrySchema = z.object({
	code: blockedCodeSchema,
	rule_id: z.string(),
	message: z.string(),
	fix: z.string(),
	step: stepIdSchema,
	detail: z.string().optional()
});
export type BlockedEntry = z.infer<typeof blockedEntrySchema>;

export const setupDecisionSchema = z.object({
	services_ready: z.boolean(),
	server_ready: z.boolean(),
	project_ready: z.boolean(),
	field_mapping_ready: z.boolean(),
	network_ready: z.boolean(),
	can_save: z.boolean(),
	blocked: z.array(blockedEntrySchema),
	trace: z.array(ruleTraceSchema)
});
export type SetupDecision = z.infer<typeof setupDecisionSchema>;

/** The shape json-rules-engine leaves on each condition after a run. */
interface RunCondition {
	fact?: string;
	operator?: string;
	value?: unknown;
	result?: boolean;
	all?: RunCondition[];
	any?: RunCondition[];
	not?: RunCondition;
}

function traceConditions(
	node: RunCondition,
	facts: Record<string, unknown>,
	prefix: string,
	out: ConditionTrace[]
): void {
	if (node.all) node.all.forEach((c) => traceConditions(c, facts, prefix, out));
	else if (node.any) node.any.forEach((c) => traceConditions(c, facts, prefix || 'One of: ', out));
	else if (node.not) traceConditions(node.not, facts, 'Must not hold: ', out);
	else if (node.fact !== undefined && node.operator !== undefined) {
		const fact_value = facts[node.fact] ?? null;
		const result = node.result === undefined ? 'not_evaluated' : node.result ? 'passed' : 'failed';
		const words = leafWords({ fact: node.fact, operator: node.operator, value: node.value });
		const tail = result === 'not_evaluated' ? 'not evaluated' : `it is ${valueWords(fact_value)}`;
		out.push({
			fact: node.fact,
			operator: node.operator,
			value: node.value ?? null,
			fact_value,
			result,
			text: `${prefix}${words} — ${tail}.`
		});
	}
}

const STEP_INDEX = new Map<string, number>(STEPS.map((s, i) => [s.id, i]));

function engineFor(rules: readonly LoadedRule[]): Engine {
	const engine = new Engine([], { allowUndefinedFacts: false });
	for (const r of rules) {
		engine.addRule({
			name: r.id,
			priority: r.priority ?? 1,
			conditions: r.conditions as never,
			event: { type: r.outcome, params: { rule_id: r.id } }
		});
	}
	return engine;
}

interface PassResult {
	fired: Set<string>;
	trace: Map<string, RuleTrace>;
}

async function runPass(
	engine: Engine,
	rules: readonly LoadedRule[],
	facts: Record<string, unknown>
): Promise<PassResult> {
	const { results, failureResults } = await engine.run(facts);
	const byId = new Map(rules.map((r) => [r.id, r]));
	const fired = new Set<string>();
	const trace = new Map<string, RuleTrace>();
	for (const [list, didFire] of [
		[results, true],
		[failureResults, false]
	] as const) {
		for (const rr of list) {
			const rule = byId.get(rr.name);
			if (!rule) continue;
			if (didFire) fired.add(rule.id);
			const conditions: ConditionTrace[] = [];
			traceConditions(rr.conditions as unknown as RunCondition, facts, '', conditions);
			trace.set(rule.id, {
				rule_id: rule.id,
				title: rule.title,
				outcome: rule.outcome,
				fired: didFire,
				conditions
			});
		}
	}
	return { fired, trace };
}

export type Evaluator = (facts: unknown) => Promise<SetupDecision>;

/** Build an evaluator for one rule set; the engines are built once and reused for every call. */
export function createEvaluator(ruleSet: RuleSet): Evaluator {
	const draftRules = ruleSet.rules.filter((r) => r.stage === 'draft');
	const outcomeRules = ruleSet.rules.filter((r) => r.stage === 'outcome');
	const first = engineFor(draftRules);
	const second = engineFor(outcomeRules);

	return async (input) => {
		// Facts that fail their schema are refused (the caller sees a FactsError), never "ready".
		const facts: Facts = parseFacts(input);
		const pass1 = await runPass(first, draftRules, facts);
		const flag = (f: ReadinessFlag) =>
			draftRules.some((r) => r.outcome === f && pass1.fired.has(r.id));
		const blocked: BlockedEntry[] = [];
		for (const r of draftRules) {
			if (!pass1.fired.has(r.id) || !isBlockedCode(r.outcome)) continue;
			const entry = CODE_CATALOGUE[r.outcome];
			blocked.push({
				code: r.outcome,
				rule_id: r.id,
				message: entry.message,
				fix: entry.fix,
				step: r.step ?? entry.step,
				...(r.detail ? { detail: r.detail } : {})
			});
		}
		blocked.sort(
			(a, b) =>
				(STEP_INDEX.get(a.step) ?? 0) - (STEP_INDEX.get(b.step) ?? 0) ||
				cmp(a.code, b.code) ||
				cmp(a.rule_id, b.rule_id)
		);
		const flags = Object.fromEntries(READINESS_FLAGS.map((f) => [f, flag(f)])) as Record<
			ReadinessFlag,
			boolean
		>;
		const outcomeFacts: OutcomeFacts = outcomeFactsSchema.parse({
			...flags,
			blocked_count: blocked.length
		}) as unknown as OutcomeFacts;
		const pass2 = await runPass(
			second,
			outcomeRules,
			outcomeFacts as unknown as Record<string, unknown>
		);
		const can_save = outcomeRules.some((r) => pass2.fired.has(r.id));
		// Trace in rule-file order (sorted paths), so two evaluations of the same facts are identical.
		const trace = ruleSet.rules
			.map((r) => pass1.trace.get(r.id) ?? pass2.trace.get(r.id))
			.filter((t): t is RuleTrace => t !== undefined);
		return { ...flags, can_save, blocked, trace };
	};
}

function cmp(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** The plain-words lines for the "Why is this blocked?" panel: per rule that produced `code`. */
export function explainBlocked(
	decision: SetupDecision,
	code: string
): Array<{ rule_id: string; title: string; lines: string[] }> {
	const ids = decision.blocked.filter((b) => b.code === code).map((b) => b.rule_id);
	return ids.map((id) => {
		const t = decision.trace.find((x) => x.rule_id === id);
		if (!t) return { rule_id: id, title: id, lines: ['No trace was recorded for this rule.'] };
		// A fired blocking rule is explained by the conditions that held.
		return {
			rule_id: id,
			title: t.title,
			lines: t.conditions.filter((c) => c.result === 'passed').map((c) => c.text)
		};
	});
}

/**
 * Run one rule alone over facts of its own pass (draft facts, or first-pass outcomes for
 * can_save), refusing facts that fail that pass's schema. Used by the fixture tests.
 */
export async function runRule(rule: LoadedRule, input: unknown): Promise<RuleTrace> {
	const facts = (
		rule.stage === 'draft' ? parseFacts(input) : outcomeFactsSchema.parse(input)
	) as Record<string, unknown>;
	const pass = await runPass(engineFor([rule]), [rule], facts);
	const trace = pass.trace.get(rule.id);
	if (!trace) throw new Error(`${rule.file}: the engine returned no result for this rule`);
	return trace;
}
