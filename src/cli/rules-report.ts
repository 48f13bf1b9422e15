/**
 * `npm run rules:report` validates rules/ and writes docs/rules.md, the reviewer report;
 * `-- --check` exits 1 when the committed report is stale (CI). A malformed rule file fails
 * either way, naming the file and the JSON path.
 */
import path from 'node:path';
import { buildRulesReport, renderRulesMarkdown } from '../lib/policy/report';
import {
	isFixtureFile,
	loadNodeRuleSet,
	readJsonFiles,
	REPO_ROOT
} from '../lib/policy/rules.node.js';
import { RuleLoadError } from '../lib/policy/load-rules';
import { writeOrCheck } from './generated-file';

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
writeOrCheck(target, expected, 'docs/rules.md', 'npm run rules:report');
