/**
 * `npm run rules:report` validates rules/ and writes docs/rules.md, the reviewer report;
 * `-- --check` exits 1 when the committed report is stale (CI). A malformed rule file fails
 * either way, naming the file and the JSON path.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildRulesReport, renderRulesMarkdown } from '../lib/policy/report';
import { isFixtureFile, loadNodeRuleSet, readJsonFiles, REPO_ROOT } from '../lib/policy/rules.node.js';
import { RuleLoadError } from '../lib/policy/load-rules';

const target = path.join(REPO_ROOT, 'docs', 'rules.md');
let expected: string;
try {
	expected = renderRulesMarkdown(buildRulesReport(loadNodeRuleSet(), readJsonFiles(isFixtureFile)));
} catch (e) {
	if (e instanceof RuleLoadError) {
		console.error(e.message);
		process.exit(1);
	}
	throw e;
}
if (process.argv.includes('--check')) {
	let current = '';
	try {
		current = readFileSync(target, 'utf8');
	} catch {
		// Missing counts as stale.
	}
	if (current !== expected) {
		console.error('docs/rules.md is stale: run `npm run rules:report` and commit it.');
		process.exit(1);
	}
	console.log('docs/rules.md is up to date.');
} else {
	mkdirSync(path.dirname(target), { recursive: true });
	writeFileSync(target, expected);
	console.log('Wrote docs/rules.md');
}
