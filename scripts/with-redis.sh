#!/usr/bin/env bash
# Runs CMD with a throwaway Redis server (Debian's redis-server):
#   scripts/with-redis.sh CMD [ARGS...]
# Starts redis-server in a fresh temporary directory on the first free TCP port from 56379 up,
# listening on 127.0.0.1 only, without persistence, exports
#   CARREL_TEST_REDIS_URL=redis://127.0.0.1:<port>
# and CARREL_TEST_REDIS_CTL, a script taking `stop`, `start` or `restart` (the server comes back
# on the same port, empty, as after a crash), and runs CMD. On exit the server is stopped and
# the directory removed; the exit status is CMD's. If no server can be started, prints
# "SKIPPED: Redis could not be started: <reason>" to stderr and runs CMD without the variable,
# so suites that need Redis skip.
set -uo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

server=$(command -v redis-server || true)
cli=$(command -v redis-cli || true)
tmp=""
port=""
reason=""

stop_server() {
  [[ -n "$tmp" && -f "$tmp/redis.pid" ]] || return 0
  local pid
  pid=$(cat "$tmp/redis.pid" 2>/dev/null) || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$tmp/redis.pid"
}

cleanup() {
  stop_server
  [[ -n "$tmp" ]] && rm -rf "$tmp"
  tmp=""
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start_on() {
  "$server" --port "$1" --bind 127.0.0.1 --save "" --appendonly no --dir "$tmp" \
    --daemonize yes --pidfile "$tmp/redis.pid" --logfile "$tmp/redis.log" >/dev/null 2>&1 ||
    return 1
  for _ in $(seq 50); do
    "$cli" -p "$1" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.1
  done
  return 1
}

start_server() {
  [[ -n "$server" && -n "$cli" ]] || { reason="redis-server or redis-cli not installed"; return 1; }
  tmp=$(mktemp -d /tmp/carrel-redis.XXXXXX) || { reason="mktemp failed"; return 1; }
  for candidate in $(seq 56379 56478); do
    port_free "$candidate" || continue
    if start_on "$candidate"; then
      port=$candidate
      return 0
    fi
    stop_server
  done
  reason="no port in 56379-56478 worked: $(tail -n 2 "$tmp/redis.log" 2>/dev/null | tr '\n' ' ')"
  return 1
}

write_ctl() {
  cat >"$tmp/ctl.sh" <<CTL
#!/bin/sh
# stop|start|restart the test server of with-redis.sh (it comes back empty on port $port)
stop() {
  [ -f "$tmp/redis.pid" ] || return 0
  pid=\$(cat "$tmp/redis.pid"); kill "\$pid" 2>/dev/null
  i=0; while kill -0 "\$pid" 2>/dev/null && [ \$i -lt 50 ]; do sleep 0.1; i=\$((i+1)); done
  kill -9 "\$pid" 2>/dev/null; rm -f "$tmp/redis.pid"
}
start() {
  "$server" --port $port --bind 127.0.0.1 --save "" --appendonly no --dir "$tmp" \\
    --daemonize yes --pidfile "$tmp/redis.pid" --logfile "$tmp/redis.log" >/dev/null || exit 1
  i=0; until "$cli" -p $port ping 2>/dev/null | grep -q PONG; do
    [ \$i -ge 50 ] && exit 1; sleep 0.1; i=\$((i+1)); done
}
case "\$1" in
  stop) stop ;;
  start) start ;;
  restart) stop; start ;;
  *) echo "usage: \$0 stop|start|restart" >&2; exit 2 ;;
esac
CTL
  chmod 755 "$tmp/ctl.sh"
}

if start_server; then
  write_ctl
  export CARREL_TEST_REDIS_URL="redis://127.0.0.1:${port}"
  export CARREL_TEST_REDIS_CTL="$tmp/ctl.sh"
  echo "with-redis: Redis on 127.0.0.1:${port}" >&2
  "$@"
  status=$?
else
  echo "SKIPPED: Redis could not be started: ${reason:-unknown error}" >&2
  cleanup
  unset CARREL_TEST_REDIS_URL CARREL_TEST_REDIS_CTL
  "$@"
  status=$?
fi
exit "$status"
