#!/usr/bin/env bash
# Runs the Socket.IO interop tests (tests/interop/client.test.mjs, official socket.io-client)
# against a freshly started server on a free port in 3100-3199, then stops the server.
# Usage: scripts/run-interop.sh [SERVER_BINARY] [extra node --test args...]
#   SERVER_BINARY defaults to build/sio-interop-server; it is started as `BINARY --port P`.
#   SIO_SERVER_CMD overrides the server command, e.g.
#   SIO_SERVER_CMD="node tests/interop/reference-server.mjs" scripts/run-interop.sh
# Exits with the status of `node --test`.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"

binary="${1:-$root/build/sio-interop-server}"
[ $# -gt 0 ] && shift
case "$binary" in /*) ;; *) binary="$PWD/$binary" ;; esac # relative to the caller's directory
cd "$root"

if [ -n "${SIO_SERVER_CMD:-}" ]; then
  server_cmd="$SIO_SERVER_CMD"
else
  if [ ! -x "$binary" ]; then
    echo "run-interop: server binary '$binary' not found or not executable" >&2
    exit 2
  fi
  server_cmd="$(printf '%q' "$binary")"
fi

if [ ! -d tests/interop/node_modules ]; then
  echo "run-interop: installing test dependencies (npm ci)" >&2
  (cd tests/interop && npm ci --no-audit --no-fund)
fi

server_pid=""
server_log="$(mktemp -t sio-interop-server.XXXXXX.log)"

stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
cleanup() {
  stop_server
  rm -f "$server_log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_in_use() {
  # a successful connect means something is listening there
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

server_answers() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 \
    "http://127.0.0.1:$1/socket.io/?EIO=4&transport=polling" 2>/dev/null || true)"
  [ "$code" = "200" ]
}

# Try ports in a random order until a server comes up on one (another process may grab a
# port between the check and the bind, so a server that dies early means: try the next one).
port=""
for candidate in $(shuf -i 3100-3199 -n 100); do
  port_in_use "$candidate" && continue
  : >"$server_log"
  bash -c "exec $server_cmd --port $candidate" >"$server_log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 150); do # up to ~15 s
    if ! kill -0 "$server_pid" 2>/dev/null; then
      break
    fi
    if server_answers "$candidate"; then
      port="$candidate"
      break
    fi
    sleep 0.1
  done
  [ -n "$port" ] && break
  echo "run-interop: server did not come up on port $candidate; output:" >&2
  sed 's/^/  | /' "$server_log" >&2 || true
  stop_server
  attempts=$((${attempts:-0} + 1))
  [ "$attempts" -ge 3 ] && break
done

if [ -z "$port" ]; then
  echo "run-interop: could not start the server ($server_cmd)" >&2
  exit 2
fi

echo "run-interop: server '$server_cmd' ready on port $port" >&2
status=0
SIO_URL="http://127.0.0.1:$port" node --test "$@" tests/interop/client.test.mjs || status=$?

if [ "$status" -ne 0 ] && [ -s "$server_log" ]; then
  echo "run-interop: last lines of the server output:" >&2
  tail -n 40 "$server_log" | sed 's/^/  | /' >&2
fi
stop_server
exit "$status"
