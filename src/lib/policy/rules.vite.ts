import { loadRuleSet, type RuleSet } from './load-rules';

/**
 * Browser adapter: vite inlines the rule files at build time. The globs sit inside functions so
 * that merely importing this module under tsx (no vite) does not fail; calling them there does.
 */

function viteRuleFiles(): Record<string, unknown> {
	return import.meta.glob('/rules/**/rule.json', { eager: true, import: 'default' });
}

export function viteFixtureFiles(): Record<string, unknown> {
	return import.meta.glob(['/rules/**/fires/*.json', '/rules/**/does-not-fire/*.json'], {
		eager: true,
		import: 'default'
	});
}

let cached: RuleSet | undefined;
/** The app's rule set, loaded and validated once; throws RuleLoadError naming file and JSON path. */
export function viteRuleSet(): RuleSet {
	cached ??= loadRuleSet(viteRuleFiles());
	return cached;
}
