import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRuleSet, RuleLoadError, type RuleSet } from './load-rules';

/**
 * Node adapter (CLIs, tests under tsx/vitest): reads rules/ from disk. Import it as
 * `rules.node.js`: in an ESM package tsx takes an extensionless `rules.node` for a native addon.
 */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const RULES_DIR = path.join(REPO_ROOT, 'rules');

/** Every JSON file under `dir` whose repo-relative path matches `test`, parsed, keyed by `rules/...`. */
export function readJsonFiles(
	test: (relative: string) => boolean,
	dir = RULES_DIR
): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	const problems: string[] = [];
	const names = (readdirSync(dir, { recursive: true }) as string[])
		.map((n) => n.split(path.sep).join('/'))
		.sort();
	for (const name of names) {
		const relative = `rules/${name}`;
		if (!name.endsWith('.json') || !test(relative)) continue;
		const text = readFileSync(path.join(dir, name), 'utf8');
		try {
			out[relative] = JSON.parse(text) as unknown;
		} catch (e) {
			problems.push(`${relative}: $: not valid JSON (${(e as Error).message})`);
		}
	}
	if (problems.length > 0) throw new RuleLoadError(problems);
	return out;
}

export const isRuleFile = (p: string) => /^rules\/.+\/rule\.json$/.test(p);
export const isFixtureFile = (p: string) =>
	/^rules\/.+\/(fires|does-not-fire)\/[^/]+\.json$/.test(p);
export const isBaselineFile = (p: string) => /^rules\/baselines\/[^/]+\.json$/.test(p);

export function loadNodeRuleSet(dir = RULES_DIR): RuleSet {
	return loadRuleSet(readJsonFiles(isRuleFile, dir));
}
