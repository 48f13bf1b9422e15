import { measureRoutes, pageRoutes, ROUTE_BUDGETS, kb } from '../bundle/route-budget';
import { ensureBenchBuild, KIT_DIR, ROOT } from './bench-build';
import { benchLine, type BenchLine } from './bench-line';

/**
 * JavaScript each page route loads up front (gzip, kB), from the app built into .bench/ (rebuilt
 * when stale). The target is the route's goal; `detail.budget_kb` is what `npm test` enforces.
 */
export default async function bundleBench(): Promise<BenchLine[]> {
	const build = await ensureBenchBuild('bundle');
	return measureRoutes(ROOT, pageRoutes(ROOT), KIT_DIR).map((size) => {
		const budget = ROUTE_BUDGETS.find((b) => b.route === size.route);
		return benchLine(
			`bundle.gzip ${size.route}`,
			kb(size.gzip),
			'kB',
			budget?.target_kb ?? 0,
			'lower',
			{
				budget_kb: budget?.budget_kb ?? null,
				raw_kb: kb(size.raw),
				chunks: size.files.length,
				build: `${build} .bench/svelte-kit`
			}
		);
	});
}
