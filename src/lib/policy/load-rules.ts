import type { z } from 'zod';
import { STEPS, type StepId } from '$lib/domain';
import { FACTS_BY_NAME } from './facts';
import { isBlockedCode, ruleFileSchema, type Condition, type RuleFile } from './rule-file.schema';

/**
 * The loader core, shared by the browser (import.meta.glob) and Node (fs) adapters. It takes every
 * rule file's parsed JSON keyed by its path and returns the validated rule set, or throws one error
 * naming each bad file and the JSON path inside it. A malformed rule stops start-up: a policy
 * that silently skipped a rule would be more permissive than the one reviewers approved.
 */

export interface LoadedRule extends RuleFile {
	/** Path relative to the repository, e.g. `rules/network/network-ready/rule.json`. */
	file: string;
	/** `draft` rules run first; `outcome` rules (can_save) run over the first pass's outcomes. */
	stage: 'draft' | 'outcome';
	/** The <step> folder the rule sits in. */
	folder_step: StepId;
}

export interface RuleSet {
	rules: readonly LoadedRule[];
}

export class RuleLoadError extends Error {
	override name = 'RuleLoadError';
	constructor(readonly problems: readonly string[]) {
		super(`Invalid rule files:\n${problems.map((p) => `  ${p}`).join('\n')}`);
	}
}

/** `rules/a/b/rule.json` whatever the adapter's prefix (`/rules/...`, an absolute path...). */
export function normaliseRulePath(path: string): string {
	const p = path.replace(/\\/g, '/');
	const at = p.lastIndexOf('/rules/');
	if (at >= 0) return p.slice(at + 1);
	return p.startsWith('rules/') ? p : p.replace(/^\/+/, '');
}

/** `$.conditions.all[2].fact` from a zod issue path. */
function jsonPath(path: readonly PropertyKey[]): string {
	return '$' + path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
}

function issueText(file: string, issue: z.core.$ZodIssue): string {
	if (issue.code === 'invalid_union' && issue.path.at(-1) !== undefined) {
		// A condition matching no branch: name the deepest branch error instead of "invalid input".
		const inner = issue.errors.flat().sort((a, b) => b.path.length - a.path.length)[0];
		if (inner)
			return issueText(file, {
				...inner,
				path: [...issue.path, ...inner.path]
			} as z.core.$ZodIssue);
	}
	return `${file}: ${jsonPath(issue.path)}: ${issue.message}`;
}

function leaves(c: Condition, path: string, out: Array<{ fact: string; path: string }>): void {
	if ('fact' in c) out.push({ fact: c.fact, path: `${path}.fact` });
	else if ('all' in c) c.all.forEach((x, i) => leaves(x, `${path}.all[${i}]`, out));
	else if ('any' in c) c.any.forEach((x, i) => leaves(x, `${path}.any[${i}]`, out));
	else leaves(c.not, `${path}.not`, out);
}

const STEP_INDEX = new Map<string, number>(STEPS.map((s, i) => [s.id, i]));

export function loadRuleSet(files: Record<string, unknown>): RuleSet {
	const problems: string[] = [];
	const rules: LoadedRule[] = [];
	const paths = Object.keys(files)
		.map((p) => [normaliseRulePath(p), p] as const)
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	if (paths.length === 0)
		problems.push('rules/: no rule files found (a policy without rules is never ready)');
	for (const [file, key] of paths) {
		const parsed = ruleFileSchema.safeParse(files[key]);
		if (!parsed.success) {
			for (const issue of parsed.error.issues) problems.push(issueText(file, issue));
			continue;
		}
		const rule = parsed.data as RuleFile;
		const parts = file.split('/');
		const folder = parts.at(-2);
		const stepFolder = parts.length === 4 ? parts[1] : undefined;
		if (rule.id !== folder)
			problems.push(`${file}: $.id: "${rule.id}" must equal its folder name "${folder ?? ''}"`);
		if (!stepFolder || !STEP_INDEX.has(stepFolder)) {
			problems.push(
				`${file}: $: rule files live at rules/<step>/<rule-id>/rule.json with <step> one of ${STEPS.map((s) => s.id).join(', ')}`
			);
		}
		const stage = rule.outcome === 'can_save' ? 'outcome' : 'draft';
		const used: Array<{ fact: string; path: string }> = [];
		leaves(rule.conditions, '$.conditions', used);
		for (const u of used) {
			const entry = FACTS_BY_NAME.get(u.fact);
			if (entry && entry.stage !== stage) {
				problems.push(
					`${file}: ${u.path}: fact "${u.fact}" is ${entry.stage === 'outcome' ? 'a first-pass outcome, usable only by can_save rules' : 'a draft fact; can_save rules read only first-pass outcomes'}`
				);
			}
		}
		if ((rule.step !== undefined || rule.detail !== undefined) && !isBlockedCode(rule.outcome)) {
			problems.push(
				`${file}: $.step: "step" and "detail" apply only to rules whose outcome is a blocked code`
			);
		}
		rules.push({ ...rule, file, stage, folder_step: (stepFolder ?? 'provider') as StepId });
	}
	const seen = new Map<string, string>();
	for (const r of rules) {
		const other = seen.get(r.id);
		if (other) problems.push(`${r.file}: $.id: "${r.id}" is also the id of ${other}`);
		seen.set(r.id, r.file);
	}
	if (problems.length > 0) throw new RuleLoadError(problems);
	// Product step order, then id: the order reviewers read and the trace lists.
	rules.sort(
		(a, b) =>
			(STEP_INDEX.get(a.folder_step) ?? 0) - (STEP_INDEX.get(b.folder_step) ?? 0) ||
			(a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
	return { rules };
}
