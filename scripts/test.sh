#!/usr/bin/env bash
# `npm test`: every suite CI runs, from a fresh clone or an existing checkout.
# Sets up what is missing (dependencies, Debian's Chromium), then: type check, lint,
# the electron-vite build, the vitest suites (engine, renderer logic, integration with a
# real Chroma server and an Ollama-compatible test server), and the browser end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --test

echo "== typecheck"; npm run --silent typecheck
echo "== lint";      npm run --silent lint
echo "== build";     npx --no-install electron-vite build >/dev/null && echo "main, preload and renderer bundles built in out/"

mkdir -p test-results
status=0
echo "== vitest"
npx --no-install vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=$?

echo "== end-to-end (Chromium against npm run start:web)"
npx --no-install playwright test || status=$?

node scripts/test-summary.mjs test-results/vitest.json test-results/e2e.json
exit $status
