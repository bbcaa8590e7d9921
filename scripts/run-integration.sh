#!/usr/bin/env bash
# Runs the REST and real-time integration tests (tests/integration/*.test.mjs). Each test file
# starts its own build/carrel process(es) on a free port in 3200-3299 with a temporary data
# directory, so nothing needs to be running beforehand.
# Usage: scripts/run-integration.sh [test files...] [extra node --test args...]
#   With test files given, only those run; otherwise every tests/integration/*.test.mjs.
#   CARREL_BIN                 server binary (default build/carrel, relative to the repository)
#   CARREL_TEST_POSTGRES_URL   run the servers on this PostgreSQL database (its public schema is
#                              dropped and re-created before each server start)
#   INTEGRATION_CONCURRENCY    test files run at once (default 1; forced to 1 with PostgreSQL)
# Exits with the status of `node --test`.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${CARREL_BIN:-build/carrel}"
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
cd "$root"

if [ ! -x "$bin" ]; then
  echo "run-integration: server binary '$bin' not found or not executable" >&2
  exit 2
fi

if [ ! -d tests/integration/node_modules ]; then
  echo "run-integration: installing test dependencies (npm ci)" >&2
  (cd tests/integration && npm ci --no-audit --no-fund)
fi

concurrency="${INTEGRATION_CONCURRENCY:-1}"
[ -n "${CARREL_TEST_POSTGRES_URL:-}" ] && concurrency=1

status=0
files=()
args=()
for arg in "$@"; do
  case "$arg" in *.test.mjs) files+=("$arg") ;; *) args+=("$arg") ;; esac
done
[ ${#files[@]} -eq 0 ] && files=(tests/integration/*.test.mjs)
CARREL_BIN="$bin" node --test --test-concurrency="$concurrency" --test-timeout=120000 \
  "${args[@]}" "${files[@]}" || status=$?
exit "$status"
