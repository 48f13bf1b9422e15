/**
 * `npm run rules:schema` writes rules/rule.schema.json from the zod schema of a rule file;
 * `-- --check` exits 1 when the committed file is stale (CI), writing nothing.
 */
import path from 'node:path';
import { ruleSchemaText } from '../lib/policy/rule-file.schema';
import { RULES_DIR } from '../lib/policy/rules.node.js';
import { writeOrCheck } from './generated-file';

const target = path.join(RULES_DIR, 'rule.schema.json');
const expected = ruleSchemaText();
writeOrCheck(target, expected, 'rules/rule.schema.json', 'npm run rules:schema');
