import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/svelte';
import { buildRulesReport, type RulesReportModel } from '$lib/policy/report';
import { viteFixtureFiles, viteRuleSet } from '$lib/policy/rules.vite';
import RulesReport from './RulesReport.svelte';

afterEach(() => cleanup());

const model: RulesReportModel = {
	rules: [
		{
			id: 'server-network-path-unsafe',
			file: 'rules/network/server-network-path-unsafe/rule.json',
			title: 'Server needs a safe network path',
			description: 'Server is chosen and the path is not safe.',
			outcome: 'PROVIDER_BASE_URL_UNREACHABLE',
			outcome_kind: 'blocked',
			message: 'The Azure DevOps server could not be reached.',
			fix: 'Open the firewall, then check again.',
			detail: 'Choose direct, allowlisted, VPN or approved tunnel.',
			step: 'Network path',
			conditions: {
				text: 'All of these hold:',
				children: [
					{ text: 'the chosen provider (provider_key) is "azure_devops_server"', children: [] },
					{ text: 'the network path (allowlist_status) is not one of "direct"', children: [] }
				]
			},
			fixtures: { fires: 3, does_not_fire: 2 },
			product_sentence: 'Review allowlist_status for Azure DevOps Server.',
			rationale: 'Anything but a safe path blocks.'
		},
		{
			id: 'network-ready',
			file: 'rules/network/network-ready/rule.json',
			title: 'The network path is ready',
			description: 'A safe path.',
			outcome: 'network_ready',
			outcome_kind: 'flag',
			message: null,
			fix: 'Nothing to fix in this rule.',
			detail: null,
			step: 'Network path',
			conditions: {
				text: 'Any of these holds:',
				children: [{ text: 'the network path (allowlist_status) is "not_required"', children: [] }]
			},
			fixtures: { fires: 1, does_not_fire: 1 },
			product_sentence: 'Network ready means a safe path.',
			rationale: 'Positive evidence only.'
		}
	],
	facts: [
		{
			name: 'allowlist_status',
			type: 'direct | pending | null',
			meaning: 'How WebRiskOps reaches the server.',
			source: 'draft.allowlist_status',
			stage: 'draft'
		}
	]
};

describe('RulesReport', () => {
	it('lists every rule in an accessible summary table with outcome, step and fixture counts', () => {
		render(RulesReport, { props: { model } });
		expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Azure DevOps setup rules');
		const summary = screen.getByRole('table', { name: /2 rules/ });
		const rows = within(summary).getAllByRole('row');
		expect(rows).toHaveLength(3);
		expect(within(rows[1] as HTMLElement).getByRole('rowheader')).toHaveTextContent(
			'server-network-path-unsafe'
		);
		expect(rows[1]).toHaveTextContent('PROVIDER_BASE_URL_UNREACHABLE');
		expect(rows[1]).toHaveTextContent('3 / 2');
	});

	it('shows each rule with its conditions in plain words, fix, detail and product sentence', () => {
		render(RulesReport, { props: { model } });
		const rule = screen.getByRole('region', { name: 'Server needs a safe network path' });
		expect(within(rule).getByText(/is not one of "direct"/)).toBeInTheDocument();
		expect(within(rule).getByText(/Open the firewall/)).toBeInTheDocument();
		expect(within(rule).getByText(/Choose direct, allowlisted/)).toBeInTheDocument();
		expect(
			within(rule).getByText('Review allowlist_status for Azure DevOps Server.')
		).toBeInTheDocument();
		expect(rule).toHaveTextContent('fixed at the step “Network path”');

		const flag = screen.getByRole('region', { name: 'The network path is ready' });
		expect(within(flag).queryByText(/Message:/)).toBeNull();
		expect(flag).toHaveTextContent('Readiness flag: network_ready');
	});

	it('lists the facts glossary', () => {
		render(RulesReport, { props: { model } });
		const facts = screen.getByRole('table', { name: /Every fact/ });
		expect(within(facts).getByRole('rowheader')).toHaveTextContent('allowlist_status');
	});
});

describe('RulesReport with the real rules/', () => {
	it('renders one section per rule file, as the page load builds it', () => {
		const real = buildRulesReport(viteRuleSet(), viteFixtureFiles());
		render(RulesReport, { props: { model: real } });
		expect(real.rules.length).toBeGreaterThanOrEqual(20);
		for (const rule of real.rules)
			expect(screen.getByRole('region', { name: rule.title })).toHaveTextContent(rule.id);
		expect(real.rules.every((r) => r.fixtures.fires > 0 && r.fixtures.does_not_fire > 0)).toBe(
			true
		);
	});
});
