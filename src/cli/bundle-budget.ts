/**
 * `npx tsx src/cli/bundle-budget.ts` after `npx vite build` (npm test runs it): the JavaScript
 * (gzip) each page route loads up front against its budget in ROUTE_BUDGETS; exits 1 when a route
 * is over. `--list` names every chunk; `--budget-override /route=kB` replaces one budget, e.g. to
 * show the check failing: `npx tsx src/cli/bundle-budget.ts --budget-override /settings=50`.
 */
import path from 'node:path';
import {
	checkBudgets,
	kb,
	measureRoutes,
	pageRoutes,
	ROUTE_BUDGETS,
	type RouteBudget
} from './bundle/route-budget';

const args = process.argv.slice(2);
const overrides = new Map<string, number>();
args.forEach((a, i) => {
	if (a !== '--budget-override') return;
	const m = /^(\/[^=]*)=(\d+(?:\.\d+)?)$/.exec(args[i + 1] ?? '');
	if (!m) throw new Error('--budget-override takes /route=kB, e.g. /settings=50');
	overrides.set(m[1] as string, Number(m[2]));
});
const budgets: RouteBudget[] = ROUTE_BUDGETS.map((b) => ({
	...b,
	budget_kb: overrides.get(b.route) ?? b.budget_kb
}));

const repo = process.cwd();
const kitDir = process.env.WEBRISKOPS_KIT_DIR;
const sizes = measureRoutes(
	repo,
	pageRoutes(repo),
	kitDir ? path.resolve(repo, kitDir) : undefined
);
const { ok, lines } = checkBudgets(sizes, budgets);
for (const [i, line] of lines.entries()) {
	console.log(line);
	const size = sizes[i];
	if (args.includes('--list') && size)
		for (const f of size.files) console.log(`       ${kb(f.gzip)} kB  ${f.file}`);
}
if (!ok) process.exitCode = 1;
