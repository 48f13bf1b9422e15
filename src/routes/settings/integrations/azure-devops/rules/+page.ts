import { buildRulesReport } from '$lib/policy/report';
import { viteFixtureFiles, viteRuleSet } from '$lib/policy/rules.vite';
import type { PageLoad } from './$types';

// The model is built here so the component only renders props (no engine import in components).
export const load: PageLoad = () => ({
	model: buildRulesReport(viteRuleSet(), viteFixtureFiles())
});
