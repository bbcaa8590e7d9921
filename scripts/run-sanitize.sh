#!/usr/bin/env bash
# make test-sanitize: builds build/carrel's sources with AddressSanitizer, LeakSanitizer and
# UndefinedBehaviorSanitizer (CMake option CARREL_SANITIZE in its own build dir, build-asan),
# runs a shortened soak against it with carrel-load (join/leave cycles and chat in one server
# process, with the open-descriptor and RSS checks of the full soak; see bench/README.md,
# "Soak"), stops the server with SIGTERM so LeakSanitizer runs at exit, and fails on any
# sanitizer report, a failed soak check or an unclean exit.
#
# Knobs: ASAN_BUILD_DIR (build-asan), SOAK_ARGS (extra carrel-load flags, e.g. a longer run),
# JOBS (parallel compile jobs).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${ASAN_BUILD_DIR:-build-asan}
JOBS=${JOBS:-$(nproc)}
OUT=$BUILD/sanitize
log() { printf '[test-sanitize] %s\n' "$*" >&2; }

if [[ ! -f $BUILD/build.ninja ]]; then
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCARREL_SANITIZE=ON \
    -DCARREL_TESTS=OFF >&2
fi
cmake --build "$BUILD" -j "$JOBS" --target carrel carrel-load >&2
mkdir -p "$OUT"
rm -f "$OUT"/*

# Every report goes to the server log; UBSan reports are errors too. A small quarantine keeps
# freed memory from growing RSS by hundreds of MiB, which the RSS check would mistake for a leak.
export ASAN_OPTIONS=detect_leaks=1:quarantine_size_mb=16:malloc_context_size=20:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=0
export LSAN_OPTIONS=max_leaks=20
CARREL_BIN=$BUILD/carrel
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
# shellcheck source=bench/load/server.sh
source bench/load/server.sh

# The recovery window is cut to 10 s so the warm-up (about 12 s) holds a full window of logged
# packets, as the full soak's warm-up does with the default 2 minutes. 61 users only: each
# sign-up is an argon2id hash.
start_carrel "$OUT/server.log" --recovery-window 10s
log "carrel (sanitizers) pid $SERVER_PID on port $PORT"
failed=0
# The generator itself is built with the sanitizers too, so they stay quiet in the child.
ASAN_OPTIONS=detect_leaks=0 "$BUILD/carrel-load" --mode soak --port "$PORT" \
  --server-pid "$SERVER_PID" --users 30 --rooms 5 --cyclers 30 --cycles 1500 --cycle-rate 60 \
  --hold-ms 100 --messages 12000 --rate 400 --warm-fraction 0.4 --settle 4 --max-runtime 170 \
  ${SOAK_ARGS:-} >"$OUT/soak.json" || failed=1
cat "$OUT/soak.json" >&2
stop_carrel
if [[ $SERVER_STATUS != 0 ]]; then
  log "carrel exited with status $SERVER_STATUS after SIGTERM"
  failed=1
fi
if grep -E "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (Address|Leak|UndefinedBehavior)Sanitizer" \
  "$OUT/server.log" >&2; then
  log "sanitizer report in $OUT/server.log"
  failed=1
fi
if ((failed)); then
  log "FAILED (server log: $OUT/server.log)"
  exit 1
fi
log "passed: no sanitizer report, descriptors and RSS back to their baselines"
