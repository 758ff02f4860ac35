#!/usr/bin/env bash
# Every test: typecheck, lint, import direction, unit tests (the receiver's on SQLite and on a
# throwaway PostgreSQL they start themselves), build, size budget, end-to-end in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$1"; }

step 'Typecheck'
npx tsc -p .
step 'Lint'
npx oxlint --deny-warnings src server e2e scripts agency
step 'Import direction'
npx tsx scripts/check-imports.ts
step 'Unit tests (PostgreSQL: a throwaway cluster, stopped at the end)'
npx vitest run
step 'Build'
npx vite build
step 'Size budget'
npx tsx scripts/size-budget.ts
step 'End-to-end tests (Chromium)'
npx tsx scripts/ensure-browser.ts
npx playwright test
