#!/usr/bin/env bash
# `npm run test:postgres`: the suites that need PostgreSQL, which `npm test` leaves out unless
# TEST_DATABASE_URL names a PostgreSQL server (.ci/run sets it): vitest's "postgres" project and
# the two-instance Playwright "cluster" project. Uses TEST_DATABASE_URL if set, else starts a
# throwaway cluster (scripts/pg-throwaway.sh; needs Debian's postgresql package) and stops it
# on exit. Builds first, as `npm test` does: the cluster runs the production build.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! "${TEST_DATABASE_URL:-}" =~ ^postgres(ql)?:// ]]; then
  PG_EXPORTS=$(bash scripts/pg-throwaway.sh start)
  eval "$PG_EXPORTS"
  trap 'bash scripts/pg-throwaway.sh stop "$PG_THROWAWAY_DIR"' EXIT
  export TEST_DATABASE_URL
fi

npx vitest run --project postgres
npm run build
npx playwright test --project=cluster
