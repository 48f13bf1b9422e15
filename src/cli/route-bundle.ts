/**
 * `npx tsx src/cli/route-bundle.ts [route component ...]` after `npx vite build`: lists the
 * JavaScript a route loads up front (its node chunk plus the static import closure), with raw and gzip sizes, and says whether any of it contains mermaid. Used to show
 * that the wizard route's JavaScript does not grow when the flow page (and mermaid) is added.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

interface Chunk {
	file: string;
	imports?: string[];
	dynamicImports?: string[];
	isEntry?: boolean;
}

const root = path.join(process.cwd(), '.svelte-kit/output/client');
const manifest = JSON.parse(readFileSync(path.join(root, '.vite/manifest.json'), 'utf8')) as Record<
	string,
	Chunk
>;
const routes =
	process.argv.slice(2).length > 0
		? process.argv.slice(2)
		: ['src/routes/settings/integrations/azure-devops/+page.svelte'];

function closure(key: string, seen = new Set<string>()): Set<string> {
	if (seen.has(key)) return seen;
	seen.add(key);
	for (const k of manifest[key]?.imports ?? []) closure(k, seen);
	return seen;
}

/** Kit makes each route component a node entry: `.svelte-kit/generated/client-optimized/nodes/N.js`. */
function nodeKeyOf(route: string): string | undefined {
	return Object.keys(manifest)
		.filter((k) => /generated\/client-optimized\/nodes\/\d+\.js$/.test(k))
		.find((k) => readFileSync(path.join(process.cwd(), k), 'utf8').includes(`/${route}`));
}

for (const route of routes) {
	const nodeKey = nodeKeyOf(route);
	if (!nodeKey) {
		console.error(`route-bundle: ${route} is not in the build manifest`);
		process.exitCode = 1;
		continue;
	}
	const keys = [...closure(nodeKey)].sort();
	let raw = 0;
	let gz = 0;
	let mermaid = false;
	console.log(`${route} (${nodeKey.split('/').slice(-2).join('/')}, with its static imports)`);
	for (const k of keys) {
		const file = manifest[k]?.file ?? k;
		const body = readFileSync(path.join(root, file));
		raw += body.length;
		gz += gzipSync(body).length;
		if (/mermaid/i.test(file) || body.includes('mermaid')) mermaid = true;
		console.log(`  ${file.replace(/\.[A-Za-z0-9_-]{8}\.js$/, '.[hash].js')}  ${body.length} B`);
	}
	const lazy = keys
		.flatMap((k) => manifest[k]?.dynamicImports ?? [])
		.map((k) => manifest[k]?.file ?? k);
	console.log(
		`  total ${keys.length} chunks, ${raw} B raw, ${gz} B gzip; mentions mermaid: ${mermaid ? 'YES' : 'no'}${lazy.length ? `; lazy: ${lazy.length} chunk(s)` : ''}`
	);
}
