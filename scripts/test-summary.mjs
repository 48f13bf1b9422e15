// Sums the checks, vitest's JSON report and Playwright's JSON report into one closing line.
// A suite that produced no report counts as one failure: a crash must never look green.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? '.test-reports';
let passed = 0;
let failed = 0;
const notes = [];

for (const line of readFileSync(path.join(dir, 'checks.txt'), 'utf8').split('\n').filter(Boolean)) {
	if (line.endsWith(' pass')) passed += 1;
	else failed += 1;
}

/** Adds one vitest JSON report: tests passed and failed, plus files that failed to load. */
function addVitest(file) {
	const r = JSON.parse(readFileSync(file, 'utf8'));
	passed += r.numPassedTests;
	failed += r.numFailedTests;
	// A file that failed to load has no tests in it but must still count.
	const brokenFiles = (r.testResults ?? []).filter(
		(f) => f.status === 'failed' && f.assertionResults.length === 0
	).length;
	failed += brokenFiles;
	if (r.numTotalTests === 0) notes.push(`${path.basename(file)}: vitest ran no test`);
}

const vitest = path.join(dir, 'vitest.json');
if (existsSync(vitest)) addVitest(vitest);
else {
	failed += 1;
	notes.push('vitest wrote no report');
}
// The same suites on other Node lines (scripts/node-line.sh, which records a missing report itself).
for (const file of readdirSync(dir)
	.filter((f) => /^vitest-node\d+\.json$/.test(f))
	.sort())
	addVitest(path.join(dir, file));

const pw = path.join(dir, 'playwright.json');
if (existsSync(pw)) {
	const r = JSON.parse(readFileSync(pw, 'utf8'));
	passed += r.stats.expected + r.stats.flaky;
	failed += r.stats.unexpected;
	if ((r.errors ?? []).length > 0) {
		failed += r.errors.length;
		notes.push(
			`playwright errors: ${r.errors
				.map((e) => e.message)
				.join('; ')
				.slice(0, 500)}`
		);
	}
} else if (existsSync(path.join(dir, 'build.log'))) {
	failed += 1;
	notes.push('playwright wrote no report');
}

for (const note of notes) console.log(`note: ${note}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
