#!/usr/bin/env bash
# Runs the SFU tests of tests/sfu/: bundles the harness page with esbuild, then
# signaling.test.mjs (the sfu-* requests with socket.io-client) and sfu.test.mjs (three
# headless Chromium pages, /usr/bin/chromium or $CHROMIUM_BIN, through mediasoup-client). Each
# starts $CARREL_BIN (default build/carrel) itself. Arguments name test files to run instead.
# Skips cleanly when Chromium is not installed.
set -euo pipefail
cd "$(dirname "$0")/.."

export CARREL_BIN="${CARREL_BIN:-build/carrel}"
CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_BIN" ]; then
  echo "sfu-e2e: $CHROMIUM_BIN not installed, skipped"
  exit 0
fi
export CHROMIUM_BIN
if [ ! -x "$CARREL_BIN" ]; then
  echo "sfu-e2e: $CARREL_BIN not built" >&2
  exit 1
fi
export CARREL_BIN="$(realpath "$CARREL_BIN")"
cd tests/sfu
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
node build.mjs
if [ $# -eq 0 ]; then set -- signaling.test.mjs sfu.test.mjs; fi
node --test --test-concurrency=1 "$@"
