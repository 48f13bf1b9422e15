import { describe, expect, it } from 'vitest';
import { CODE_CATALOGUE } from '$lib/domain';
import { blockedExplanations, probeWords } from './blocked-explanations';

describe('blockedExplanations', () => {
	const trace = [
		{
			rule_id: 'global-token-blocks',
			title: 'A global token is refused',
			fired: true,
			conditions: [
				{ result: 'passed' as const, text: 'credential_global is true' },
				{ result: 'not_evaluated' as const, text: 'provider_key is azure_devops_services' }
			]
		},
		{
			rule_id: 'project-ready',
			title: 'Project ready',
			fired: false,
			conditions: [
				{ result: 'failed' as const, text: 'project is set' },
				{ result: 'passed' as const, text: 'organization is set' }
			]
		}
	];

	it('explains a fired blocking rule by the conditions that held', () => {
		expect(blockedExplanations({ trace }, [{ rule_id: 'global-token-blocks' }])).toEqual([
			{
				rule_id: 'global-token-blocks',
				title: 'A global token is refused',
				lines: ['credential_global is true']
			}
		]);
	});

	it('explains a rule that did not fire by its failed conditions', () => {
		expect(blockedExplanations({ trace }, [{ rule_id: 'project-ready' }])[0]?.lines).toEqual([
			'project is set'
		]);
	});

	it('says so when the trace lacks the rule, and lists each rule once', () => {
		const out = blockedExplanations({ trace }, [{ rule_id: 'missing' }, { rule_id: 'missing' }]);
		expect(out).toEqual([
			{ rule_id: 'missing', title: 'missing', lines: ['No trace was recorded for this rule.'] }
		]);
		expect(blockedExplanations(null, [{ rule_id: 'x' }])).toEqual([]);
	});
});

describe('probeWords', () => {
	const at = '2026-12-03T19:00:00.000Z';
	const catalogue = CODE_CATALOGUE.PROVIDER_ORGANIZATION_REQUIRED;
	const entry = { code: 'PROVIDER_ORGANIZATION_REQUIRED' as const, ...catalogue };
	const named = {
		ok: false as const,
		code: 'PROVIDER_ORGANIZATION_REQUIRED' as const,
		check: 'organization-not-found',
		message: "Azure DevOps Services has no organization named 'fabrikm'.",
		fix: "Correct 'fabrikm' on the Organization step.",
		at
	};

	it("gives the checks' own sentences for the entry's code, once each", () => {
		expect(probeWords({ connection: named, projects: named }, entry)).toEqual([
			{ message: named.message, fix: named.fix }
		]);
	});

	it('leaves out other codes, successes and sentences the entry already shows', () => {
		expect(
			probeWords(
				{
					connection: { ...named, message: catalogue.message, fix: catalogue.fix },
					projects: { ...named, code: 'PROVIDER_PROJECT_REQUIRED' }
				},
				entry
			)
		).toEqual([]);
		expect(probeWords({}, entry)).toEqual([]);
	});
});
