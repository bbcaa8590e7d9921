#!/usr/bin/env bash
# Runs the Engine.IO/Socket.IO conformance and hostile-input suites (tests/interop) against a
# server started here on a free port in 3200-3299. The server command defaults to
# build/sio-conformance; override with SIO_CONFORMANCE_CMD, e.g.
#   SIO_CONFORMANCE_CMD="node tests/interop/reference-conformance-server.mjs" scripts/run-conformance.sh
# The command gets "--port P" appended. Exits with the test status, or 1 if the server died.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1

CMD="${SIO_CONFORMANCE_CMD:-build/sio-conformance}"
INTEROP="$ROOT/tests/interop"
LOG="$(mktemp -t sio-conformance.XXXXXX.log)"
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 20); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  rm -f "$LOG"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ ! -d "$INTEROP/node_modules" ]; then
  echo "run-conformance: installing tests/interop dependencies (npm ci)"
  (cd "$INTEROP" && npm ci --no-audit --no-fund) || exit 1
fi

port_free() {
  # free if nothing accepts a TCP connection on it
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

ready() {
  local code
  code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$1/socket.io/?EIO=4&transport=polling")"
  [ "$code" = "200" ]
}

# Try a few random free ports: another process may grab one between the check and the bind.
PORT=""
for candidate in $(shuf -i 3200-3299 -n 100); do
  port_free "$candidate" || continue
  : >"$LOG"
  # word splitting of $CMD is intended (it may carry arguments)
  # shellcheck disable=SC2086
  $CMD --port "$candidate" >"$LOG" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do # up to ~10 s
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
    if ready "$candidate"; then PORT="$candidate"; break; fi
    sleep 0.1
  done
  [ -n "$PORT" ] && break
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "run-conformance: server did not become ready on port $candidate within 10 s" >&2
    cat "$LOG" >&2
    exit 1
  fi
  wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=""
  if ! grep -qiE 'address already in use|EADDRINUSE' "$LOG"; then
    echo "run-conformance: server command failed to start: $CMD --port $candidate" >&2
    cat "$LOG" >&2
    exit 1
  fi
done
if [ -z "$PORT" ]; then
  echo "run-conformance: no free port in 3200-3299" >&2
  exit 1
fi

echo "run-conformance: $CMD --port $PORT (pid $SERVER_PID)"
CONFORMANCE_URL="http://127.0.0.1:$PORT" CONFORMANCE_PID="$SERVER_PID" \
  node --test --test-concurrency=1 --test-force-exit \
  tests/interop/conformance.test.mjs tests/interop/hostile.test.mjs
STATUS=$?

if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  echo "run-conformance: FAIL: the server process died during the tests" >&2
  wait "$SERVER_PID" 2>/dev/null
  echo "run-conformance: exit status $?; server output:" >&2
  tail -n 50 "$LOG" >&2
  SERVER_PID=""
  exit 1
fi

if [ "$STATUS" -ne 0 ]; then
  echo "run-conformance: tests failed (status $STATUS); last server output:" >&2
  tail -n 30 "$LOG" >&2
fi
exit "$STATUS"
