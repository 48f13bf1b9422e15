/**
 * `npm run rules:schema` writes rules/rule.schema.json from the zod schema of a rule file;
 * `-- --check` exits 1 when the committed file is stale (CI), writing nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ruleSchemaText } from '../lib/policy/rule-file.schema';
import { RULES_DIR } from '../lib/policy/rules.node.js';

const target = path.join(RULES_DIR, 'rule.schema.json');
const expected = ruleSchemaText();
if (process.argv.includes('--check')) {
	let current = '';
	try {
		current = readFileSync(target, 'utf8');
	} catch {
		// Missing counts as stale.
	}
	if (current !== expected) {
		console.error('rules/rule.schema.json is stale: run `npm run rules:schema` and commit it.');
		process.exit(1);
	}
	console.log('rules/rule.schema.json is up to date.');
} else {
	writeFileSync(target, expected);
	console.log('Wrote rules/rule.schema.json');
}
