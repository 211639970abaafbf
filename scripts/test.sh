#!/usr/bin/env bash
# Runs every test from a fresh clone (after `npm ci`): installs Debian's Chromium for the
# browser tests when it is missing, builds the page (type-check included), runs Vitest, and
# prints a closing "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's Chromium for the browser tests…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Chromium and none is at /usr/bin/chromium." >&2
    echo "Install it (as root: apt-get install -y chromium) or set CHROMIUM_PATH=/path/to/chromium." >&2
    exit 1
  fi
fi

npm run build
mkdir -p test-artifacts
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync("test-artifacts/vitest.json", "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' || true
exit "$status"
