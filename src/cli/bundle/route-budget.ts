import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The JavaScript each page route loads up front, measured from `vite build` output: Kit's client
 * entries, the layouts on the route's path and the route's own node, each with its static import
 * closure, counted once and gzipped one chunk at a time (default level). Dynamic imports are not
 * counted: they load when needed. kB are 1000 bytes.
 */

export interface RouteBudget {
	route: string;
	/** What `npm test` enforces: the build fails the check above this many kB (gzip). */
	budget_kb: number;
	/** The goal (issue 12: ≤ 100 kB for the wizard); `npm run bench` reports against it. */
	target_kb: number;
}

/**
 * Every page route, once. A route missing here fails the check, so a new page gets a budget.
 * Budgets are the size measured when they were set plus about 5 %; lower one when a route shrinks.
 * The target is issue 12's goal of at most 100 kB per route.
 */
export const ROUTE_BUDGETS: readonly RouteBudget[] = [
	{ route: '/', budget_kb: 37, target_kb: 100 },
	{ route: '/settings', budget_kb: 97, target_kb: 100 },
	{ route: '/settings/integrations/azure-devops', budget_kb: 115, target_kb: 100 },
	{ route: '/settings/integrations/azure-devops/credential', budget_kb: 97, target_kb: 100 },
	{ route: '/settings/integrations/azure-devops/flow', budget_kb: 42, target_kb: 100 },
	{ route: '/settings/integrations/azure-devops/oauth/callback', budget_kb: 64, target_kb: 100 },
	{ route: '/settings/integrations/azure-devops/rules', budget_kb: 88, target_kb: 100 }
];

export interface RouteSize {
	route: string;
	files: Array<{ file: string; raw: number; gzip: number }>;
	raw: number;
	gzip: number;
}

interface ManifestChunk {
	file: string;
	imports?: string[];
}

const NODES = /generated\/client-optimized\/nodes\/\d+\.js$/;
const CLIENT_ENTRIES = [
	/@sveltejs\/kit\/src\/runtime\/client\/entry\.js$/,
	/client-optimized\/app\.js$/
];

/** `/settings` → `src/routes/settings/`, for matching Kit's generated node files. */
const routeDir = (route: string) => `src/routes${route === '/' ? '' : route}/`;

/** Page routes of the source tree: each folder under src/routes holding a +page.svelte. */
export function pageRoutes(repo: string): string[] {
	const base = path.join(repo, 'src/routes');
	return (readdirSync(base, { recursive: true }) as string[])
		.map((p) => p.split(path.sep).join('/'))
		.filter((p) => p === '+page.svelte' || p.endsWith('/+page.svelte') || p === '+page.ts')
		.map((p) => '/' + p.replace(/\/?\+page\.(svelte|ts)$/, ''))
		.map((p) => (p === '/' ? '/' : p.replace(/\/$/, '')))
		.filter((p, i, all) => all.indexOf(p) === i)
		.sort();
}

/** `kitDir`: Kit's outDir (`.svelte-kit`, or WEBRISKOPS_KIT_DIR for a build kept elsewhere). */
export function measureRoutes(
	repo: string,
	routes: readonly string[],
	kitDir = path.join(repo, '.svelte-kit')
): RouteSize[] {
	const client = path.join(kitDir, 'output/client');
	const manifestPath = path.join(client, '.vite/manifest.json');
	if (!existsSync(manifestPath))
		throw new Error(`No build output in ${client}: run \`npx vite build\` first.`);
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>;
	const nodeSource = new Map(
		Object.keys(manifest)
			.filter((k) => NODES.test(k))
			.map((k) => [k, readFileSync(path.join(repo, k), 'utf8')])
	);
	const nodeOf = (dir: string, kind: 'page' | 'layout') =>
		[...nodeSource].find(([, src]) => new RegExp(`${dir}\\+${kind}\\.(svelte|ts)"`).test(src))?.[0];
	const closure = (key: string, seen: Set<string>) => {
		if (seen.has(key)) return;
		seen.add(key);
		for (const k of manifest[key]?.imports ?? []) closure(k, seen);
	};

	return routes.map((route) => {
		const page = nodeOf(routeDir(route), 'page');
		if (!page) throw new Error(`${route}: no page node in the build manifest`);
		// The layouts on the path: src/routes/+layout, src/routes/settings/+layout, ...
		const segments = route.split('/').filter(Boolean);
		const layouts = segments
			.map((_, i) => routeDir('/' + segments.slice(0, i).join('/')))
			.concat(segments.length > 0 ? [routeDir(route)] : [])
			.map((dir) => nodeOf(dir, 'layout'))
			.filter((k): k is string => k !== undefined);
		const seen = new Set<string>();
		const entries = Object.keys(manifest).filter((k) => CLIENT_ENTRIES.some((re) => re.test(k)));
		if (entries.length !== CLIENT_ENTRIES.length)
			throw new Error("Kit's client entries (start, app) are not in the build manifest");
		for (const k of [...entries, ...layouts, page]) closure(k, seen);
		const files = [...seen]
			.map((k) => {
				const body = readFileSync(path.join(client, manifest[k]?.file ?? k));
				return { file: manifest[k]?.file ?? k, raw: body.length, gzip: gzipSync(body).length };
			})
			.sort((a, b) => b.gzip - a.gzip);
		const sum = (key: 'raw' | 'gzip') => files.reduce((n, f) => n + f[key], 0);
		return { route, files, raw: sum('raw'), gzip: sum('gzip') };
	});
}

export const kb = (bytes: number) => Math.round(bytes / 100) / 10;

/** One line per route, and whether every route stays within its budget. */
export function checkBudgets(
	sizes: readonly RouteSize[],
	budgets: readonly RouteBudget[]
): { ok: boolean; lines: string[] } {
	const lines: string[] = [];
	let ok = true;
	for (const size of sizes) {
		const budget = budgets.find((b) => b.route === size.route);
		const value = kb(size.gzip);
		if (!budget) {
			ok = false;
			lines.push(`FAIL ${size.route}: ${value} kB gzip and no budget: add it to ROUTE_BUDGETS`);
		} else if (value > budget.budget_kb) {
			ok = false;
			lines.push(
				`FAIL ${size.route}: ${value} kB gzip is over its budget of ${budget.budget_kb} kB (target ${budget.target_kb} kB)`
			);
		} else {
			lines.push(
				`ok   ${size.route}: ${value} kB gzip (budget ${budget.budget_kb} kB, target ${budget.target_kb} kB)`
			);
		}
	}
	for (const b of budgets)
		if (!sizes.some((s) => s.route === b.route)) {
			ok = false;
			lines.push(`FAIL ${b.route}: has a budget but is not a page route any more`);
		}
	return { ok, lines };
}
