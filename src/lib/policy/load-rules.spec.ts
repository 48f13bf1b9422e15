import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleSet, RuleLoadError } from './load-rules';
import { isRuleFile, readJsonFiles } from './rules.node.js';

const good = {
	$schema: '../../rule.schema.json',
	id: 'sample-rule',
	title: 'A sample rule',
	description: 'Fires when the project is missing.',
	outcome: 'PROVIDER_PROJECT_REQUIRED',
	product_sentence: 'Missing organization or project blocks.',
	rationale: 'Export cannot place a work item.',
	conditions: {
		all: [
			{ fact: 'provider_key', operator: 'equal', value: 'azure_devops_services' },
			{ fact: 'project', operator: 'equal', value: null }
		]
	}
};
const FILE = 'rules/project/sample-rule/rule.json';

function load(rule: unknown, file = FILE): string {
	try {
		loadRuleSet({ [file]: rule });
	} catch (e) {
		expect(e).toBeInstanceOf(RuleLoadError);
		return (e as Error).message;
	}
	return 'loaded';
}

describe('loadRuleSet', () => {
	it('loads a valid rule', () => {
		expect(load(good)).toBe('loaded');
	});

	it.each([
		[
			'an unknown fact',
			{
				...good,
				conditions: {
					all: [good.conditions.all[0], { fact: 'projct', operator: 'equal', value: null }]
				}
			},
			'$.conditions.all[1].fact',
			'unknown fact "projct"'
		],
		[
			'an unknown operator',
			{ ...good, conditions: { all: [{ fact: 'project', operator: 'startsWith', value: 'a' }] } },
			'$.conditions.all[0].operator',
			'unknown operator "startsWith"'
		],
		[
			'an unknown outcome',
			{ ...good, outcome: 'PROJECT_READY' },
			'$.outcome',
			'unknown outcome "PROJECT_READY"'
		],
		[
			'a nested unknown fact',
			{ ...good, conditions: { any: [{ all: [{ fact: 'nope', operator: 'equal', value: 1 }] }] } },
			'$.conditions.any[0].all[0].fact',
			'unknown fact "nope"'
		],
		[
			'an id that differs from its folder',
			{ ...good, id: 'other-rule' },
			'$.id',
			'must equal its folder name'
		],
		['a missing title', { ...good, title: undefined }, '$.title', ''],
		['an unexpected key', { ...good, severity: 'high' }, '$', 'severity'],
		[
			'a draft rule reading an outcome fact',
			{ ...good, conditions: { all: [{ fact: 'network_ready', operator: 'equal', value: true }] } },
			'$.conditions.all[0].fact',
			'first-pass outcome'
		],
		[
			'can_save reading a draft fact',
			{
				...good,
				outcome: 'can_save',
				conditions: { all: [{ fact: 'project', operator: 'notEqual', value: null }] }
			},
			'$.conditions.all[0].fact',
			'can_save rules read only first-pass outcomes'
		],
		[
			'a step on a flag rule',
			{ ...good, outcome: 'project_ready', step: 'project' },
			'$.step',
			'only to rules whose outcome is a blocked code'
		]
	])('refuses %s, naming the file and JSON path', (_name, rule, jsonPath, words) => {
		const message = load(rule);
		expect(message).toContain(`${FILE}: ${jsonPath}`);
		expect(message).toContain(words);
	});

	it('refuses a rule outside rules/<step>/<id>/', () => {
		expect(load({ ...good, id: 'sample-rule' }, 'rules/nowhere/sample-rule/rule.json')).toContain(
			'rules/<step>/<rule-id>/rule.json'
		);
	});

	it('refuses two rules with the same id', () => {
		expect(() =>
			loadRuleSet({ [FILE]: good, 'rules/mapping/sample-rule/rule.json': good })
		).toThrow(/also the id of/);
	});

	it('refuses an empty rule set (never ready by default)', () => {
		expect(() => loadRuleSet({})).toThrow(/no rule files/);
	});

	it('names the file of invalid JSON read from disk', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'rules-'));
		mkdirSync(path.join(dir, 'project', 'broken'), { recursive: true });
		writeFileSync(path.join(dir, 'project', 'broken', 'rule.json'), '{ "id": "broken", ');
		expect(() => readJsonFiles(isRuleFile, dir)).toThrow(
			/rules\/project\/broken\/rule\.json: \$: not valid JSON/
		);
	});
});
