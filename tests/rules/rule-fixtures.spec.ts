import { describe, expect, it } from 'vitest';
import { runRule } from '$lib/policy/evaluate';
import { resolveFixtures } from '$lib/policy/rule-fixtures';
import {
	isBaselineFile,
	isFixtureFile,
	loadNodeRuleSet,
	readJsonFiles
} from '$lib/policy/rules.node.js';

/**
 * One test per fixture file, discovered by glob (no hand-kept list): each rule must fire for the
 * facts in its fires/ folder and must not fire for those in does-not-fire/.
 */

const ruleSet = loadNodeRuleSet();
const fixtures = resolveFixtures(readJsonFiles(isFixtureFile), readJsonFiles(isBaselineFile));

describe('rule fixtures', () => {
	it('finds fixture files', () => {
		expect(fixtures.length).toBeGreaterThan(ruleSet.rules.length);
	});

	for (const rule of ruleSet.rules) {
		const dir = rule.file.replace(/rule\.json$/, '');
		const own = fixtures.filter((f) => f.rule_dir === dir);

		it(`${rule.id} has at least one fixture that fires and one that does not`, () => {
			expect(own.filter((f) => f.expect === 'fires').length).toBeGreaterThan(0);
			expect(own.filter((f) => f.expect === 'does-not-fire').length).toBeGreaterThan(0);
		});

		for (const fx of own) {
			const name = fx.file.slice(dir.length);
			it(`${rule.id}: ${fx.expect === 'fires' ? 'fires' : 'does not fire'} for ${name} (${fx.description})`, async () => {
				const trace = await runRule(rule, fx.facts);
				expect(trace.rule_id).toBe(rule.id);
				expect(trace.fired, `rule ${rule.id} with ${fx.file}`).toBe(fx.expect === 'fires');
			});
		}
	}

	it('has no fixture outside a rule folder', () => {
		const dirs = new Set(ruleSet.rules.map((r) => r.file.replace(/rule\.json$/, '')));
		expect(fixtures.filter((f) => !dirs.has(f.rule_dir)).map((f) => f.file)).toEqual([]);
	});
});
