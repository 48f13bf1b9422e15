#!/usr/bin/env bash
# Browser tests use Debian's Chromium (browser downloads are impossible here). Installs it when
# missing and we are allowed to; otherwise says in one line what to run.
set -uo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
	echo "Installing Debian chromium for the browser tests..."
	if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then exit 0; fi
fi
echo "Chromium is missing: run 'sudo apt-get update && sudo apt-get install -y chromium', then npm test again." >&2
exit 1
