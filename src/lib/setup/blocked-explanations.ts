import { PROBE_NAMES, type ProbeResults } from '$lib/domain';
import type { BlockedEntry, ConditionTrace, RuleTrace } from '$lib/policy/evaluate';

/** The part of a rule's trace the "Why is this blocked?" panel reads. */
type ExplainedTrace = Pick<RuleTrace, 'rule_id' | 'title' | 'fired'> & {
	conditions: ReadonlyArray<Pick<ConditionTrace, 'result' | 'text'>>;
};

export interface Explanation {
	rule_id: string;
	title: string;
	lines: string[];
}

/**
 * "Why is this blocked?": for each blocked entry, its rule's title and id and the conditions that
 * decided it, in the words the policy trace already carries. A rule that fired is explained by the
 * conditions that held; one that did not fire by those that failed.
 */
export function blockedExplanations(
	decision: { trace: readonly ExplainedTrace[] } | null,
	entries: readonly Pick<BlockedEntry, 'rule_id'>[]
): Explanation[] {
	if (!decision) return [];
	const out: Explanation[] = [];
	const seen = new Set<string>();
	for (const entry of entries) {
		if (seen.has(entry.rule_id)) continue;
		seen.add(entry.rule_id);
		const rule = decision.trace.find((t) => t.rule_id === entry.rule_id);
		if (!rule) {
			out.push({
				rule_id: entry.rule_id,
				title: entry.rule_id,
				lines: ['No trace was recorded for this rule.']
			});
			continue;
		}
		const wanted = rule.fired ? 'passed' : 'failed';
		const lines = rule.conditions.filter((c) => c.result === wanted).map((c) => c.text);
		out.push({
			rule_id: rule.rule_id,
			title: rule.title,
			lines: lines.length > 0 ? lines : ['No condition details were recorded.']
		});
	}
	return out;
}

/** A check's own sentences for a blocked code; they name what the admin typed. */
export interface ProbeWords {
	message: string;
	fix: string;
}

/**
 * What the checks themselves said for `entry`'s code, beside the catalogue text: an unknown
 * organization, collection or project is named there (the catalogue cannot know it). Sentences
 * the entry already shows are left out, and each distinct pair is given once.
 */
export function probeWords(
	results: ProbeResults,
	entry: Pick<BlockedEntry, 'code' | 'message' | 'fix'>
): ProbeWords[] {
	const out: ProbeWords[] = [];
	for (const probe of PROBE_NAMES) {
		const outcome = results[probe];
		if (!outcome || outcome.ok || outcome.code !== entry.code) continue;
		if (outcome.message === entry.message && outcome.fix === entry.fix) continue;
		if (out.some((w) => w.message === outcome.message && w.fix === outcome.fix)) continue;
		out.push({ message: outcome.message, fix: outcome.fix });
	}
	return out;
}
