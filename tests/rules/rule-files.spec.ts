import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BLOCKED_CODES } from '$lib/domain';
import { buildFacts, factsSchema, outcomeFactsSchema } from '$lib/policy/facts';
import { buildRulesReport, renderRulesMarkdown } from '$lib/policy/report';
import { OUTCOMES, ruleSchemaText, type Condition } from '$lib/policy/rule-file.schema';
import {
	isBaselineFile,
	isFixtureFile,
	loadNodeRuleSet,
	readJsonFiles,
	REPO_ROOT
} from '$lib/policy/rules.node.js';
import { BASELINE_DRAFTS, SAMPLE_NOW } from '$lib/policy/sample-drafts';

const ruleSet = loadNodeRuleSet();

/** Conditions with sorted keys and order-free groups, so reordering does not hide a duplicate. */
function canonical(c: Condition): string {
	if ('fact' in c) return JSON.stringify({ f: c.fact, o: c.operator, v: c.value });
	if ('all' in c) return `all(${c.all.map(canonical).sort().join(',')})`;
	if ('any' in c) return `any(${c.any.map(canonical).sort().join(',')})`;
	return `not(${canonical(c.not)})`;
}

describe('rule files', () => {
	it('load, with ids equal to their folder names and unique', () => {
		expect(ruleSet.rules.length).toBeGreaterThanOrEqual(20);
		for (const r of ruleSet.rules) expect(r.file).toBe(`rules/${r.folder_step}/${r.id}/rule.json`);
		expect(new Set(ruleSet.rules.map((r) => r.id)).size).toBe(ruleSet.rules.length);
	});

	it('point editors at the committed schema', () => {
		const raw = readJsonFiles((p) => /\/rule\.json$/.test(p));
		for (const value of Object.values(raw))
			expect((value as { $schema?: string }).$schema).toBe('../../rule.schema.json');
	});

	it('never repeat the same conditions in two rules', () => {
		const seen = new Map<string, string>();
		const dupes: string[] = [];
		for (const r of ruleSet.rules) {
			const key = canonical(r.conditions);
			const other = seen.get(key);
			if (other) dupes.push(`${r.id} = ${other}`);
			seen.set(key, r.id);
		}
		expect(dupes).toEqual([]);
	});

	it('the duplicate check sees through reordered groups', () => {
		const a: Condition = {
			all: [
				{ fact: 'x', operator: 'equal', value: 1 },
				{ fact: 'y', operator: 'equal', value: 2 }
			]
		};
		const b: Condition = {
			all: [
				{ fact: 'y', operator: 'equal', value: 2 },
				{ fact: 'x', operator: 'equal', value: 1 }
			]
		};
		expect(canonical(a)).toBe(canonical(b));
		expect(canonical(a)).not.toBe(canonical({ any: (b as { all: Condition[] }).all }));
	});

	it.each([...OUTCOMES])('%s is produced by some rule', (outcome) => {
		expect(ruleSet.rules.some((r) => r.outcome === outcome)).toBe(true);
	});

	it('covers every blocked code of docs/architecture.md §5', () => {
		const produced = new Set(ruleSet.rules.map((r) => r.outcome));
		expect(BLOCKED_CODES.filter((c) => !produced.has(c))).toEqual([]);
	});
});

describe('baselines', () => {
	const baselines = readJsonFiles(isBaselineFile);
	it.each(Object.entries(BASELINE_DRAFTS))(
		'rules/baselines/%s.json equals the facts built from its sample draft (npm run rules:baselines)',
		(name, draft) => {
			const file = `rules/baselines/${name}.json`;
			expect(factsSchema.safeParse(baselines[file]).success).toBe(true);
			expect(baselines[file]).toEqual(buildFacts(draft, SAMPLE_NOW));
		}
	);

	it('outcomes-ready is a valid set of first-pass outcomes', () => {
		expect(
			outcomeFactsSchema.safeParse(baselines['rules/baselines/outcomes-ready.json']).success
		).toBe(true);
	});
});

describe('generated artefacts are fresh', () => {
	it('rules/rule.schema.json matches the zod schema (run `npm run rules:schema`)', () => {
		expect(readFileSync(path.join(REPO_ROOT, 'rules/rule.schema.json'), 'utf8')).toBe(
			ruleSchemaText()
		);
	});

	it('docs/rules.md matches rules/ (run `npm run rules:report`)', () => {
		const expected = renderRulesMarkdown(buildRulesReport(ruleSet, readJsonFiles(isFixtureFile)));
		expect(readFileSync(path.join(REPO_ROOT, 'docs/rules.md'), 'utf8')).toBe(expected);
	});
});
