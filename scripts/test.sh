#!/usr/bin/env bash
# `npm test`: every check and every test, browser included, ending with one plain
# "N passed, N failed" line that sums all of them. Exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-chromium.sh || exit 1

reports=.test-reports
rm -rf "$reports" && mkdir -p "$reports"

# Static and generated-artefact checks: each one counts as one test in the summary.
check() {
	local name=$1; shift
	if "$@" >"$reports/$name.log" 2>&1; then
		echo "ok   $name"; echo "$name pass" >>"$reports/checks.txt"
	else
		echo "FAIL $name (see below)"; tail -n 40 "$reports/$name.log"; echo "$name fail" >>"$reports/checks.txt"
	fi
}
touch "$reports/checks.txt"
check svelte-check npm run --silent check
check eslint npm run --silent lint
check prettier npm run --silent format:check
check deps npm run --silent deps
check knip npm run --silent knip
for gen in rules:schema rules:report rules:baselines diagram; do
	if node -e "process.exit(require('./package.json').scripts['$gen'] ? 0 : 1)"; then
		check "$gen-fresh" npm run --silent "$gen" -- --check
	fi
done

# Unit, rule and component tests (vitest); its own summary is not what CI reads.
npx vitest run --reporter=dot --reporter=json --outputFile.json="$reports/vitest.json"

# The JavaScript each route loads (gzip) against its budget, then end-to-end in Debian Chromium
# against the built app and the embedded simulator.
if npx vite build >"$reports/build.log" 2>&1; then
	check bundle-budget npx tsx src/cli/bundle-budget.ts
	PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/playwright.json" npx playwright test --reporter=list,json
else
	echo "FAIL build"; tail -n 40 "$reports/build.log"; echo "build fail" >>"$reports/checks.txt"
fi

# The build and the vitest suites again on other Node lines (CI: TEST_NODE_LINES="22 24").
for line in ${TEST_NODE_LINES:-}; do
	bash scripts/node-line.sh "$line" "$reports"
done

node scripts/test-summary.mjs "$reports"
