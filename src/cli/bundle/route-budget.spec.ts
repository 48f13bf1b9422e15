import { describe, expect, it } from 'vitest';
import { checkBudgets, type RouteBudget, type RouteSize } from './route-budget';

const size = (route: string, kB: number): RouteSize => ({
	route,
	files: [],
	raw: kB * 3000,
	gzip: kB * 1000
});
const budgets: RouteBudget[] = [
	{ route: '/settings', budget_kb: 115, target_kb: 100 },
	{ route: '/settings/integrations/azure-devops', budget_kb: 133, target_kb: 100 }
];

describe('checkBudgets', () => {
	it('passes when every route is within its budget', () => {
		const r = checkBudgets(
			[size('/settings', 115), size('/settings/integrations/azure-devops', 120)],
			budgets
		);
		expect(r.ok).toBe(true);
		expect(r.lines[0]).toBe('ok   /settings: 115 kB gzip (budget 115 kB, target 100 kB)');
	});

	it.each([
		[
			'a route that grew past its budget',
			[size('/settings', 115.1), size('/settings/integrations/azure-devops', 120)],
			'FAIL /settings: 115.1 kB gzip is over its budget of 115 kB (target 100 kB)'
		],
		[
			'a page without a budget',
			[size('/settings', 90), size('/settings/integrations/azure-devops', 90), size('/new', 5)],
			'FAIL /new: 5 kB gzip and no budget: add it to ROUTE_BUDGETS'
		],
		[
			'a budget whose page is gone',
			[size('/settings', 90)],
			'FAIL /settings/integrations/azure-devops: has a budget but is not a page route any more'
		]
	])('fails on %s, saying which', (_name, sizes, line) => {
		const r = checkBudgets(sizes, budgets);
		expect(r.ok).toBe(false);
		expect(r.lines).toContain(line);
	});
});
