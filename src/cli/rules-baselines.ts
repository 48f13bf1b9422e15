/**
 * `npm run rules:baselines` writes rules/baselines/<name>.json, the complete fact sets the rule
 * fixtures start from, as the facts of the sample drafts in BASELINE_DRAFTS (evaluated at
 * SAMPLE_NOW); `-- --check` exits 1 when a committed baseline is stale (CI), writing nothing.
 */
import path from 'node:path';
import { buildFacts } from '../lib/policy/facts';
import { RULES_DIR } from '../lib/policy/rules.node.js';
import { BASELINE_DRAFTS, SAMPLE_NOW } from '../lib/policy/sample-drafts';
import { writeOrCheck } from './generated-file';

for (const [name, draft] of Object.entries(BASELINE_DRAFTS)) {
	const text = `${JSON.stringify(buildFacts(draft, SAMPLE_NOW), null, '\t')}\n`;
	writeOrCheck(
		path.join(RULES_DIR, 'baselines', `${name}.json`),
		text,
		`rules/baselines/${name}.json`,
		'npm run rules:baselines'
	);
}
