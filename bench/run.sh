#!/usr/bin/env bash
# Socket.IO benchmark: runs the Carrel bench server (build/sio-bench-server) and the Node.js
# socket.io reference (bench/node/server.js) one after the other on loopback under the same
# sio-loadgen scenarios, then prints a comparison table. Not part of `make test`.
#
# Environment knobs:
#   SERVERS="carrel node"   which servers to run (a missing C++ binary is skipped)
#   CARREL_SERVER=path      C++ bench server binary (default build/sio-bench-server)
#   LOADGEN=path            sio-loadgen binary (default: build/, build-bench/, else built here)
#   LOADGEN_THREADS=1       io_context threads in the load generator
#   BENCH_QUICK=1           short smoke run (seconds instead of minutes; figures not meaningful)
#   BENCH_OUT=dir           where JSON results go (default build-bench-results/<timestamp>)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SERVERS=${SERVERS:-"carrel node"}
CARREL_SERVER=${CARREL_SERVER:-build/sio-bench-server}
LOADGEN_THREADS=${LOADGEN_THREADS:-1}
OUT=${BENCH_OUT:-build-bench-results/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"

# Scenario parameters (the issue's seed load, the ramp and the idle-connection test).
SEED_CLIENTS=500 SEED_ROOMS=10 SEED_RATE=100 SEED_DURATION=20 PAYLOAD=64 WARMUP=3
RAMP_START=200 RAMP_FACTOR=1.4 RAMP_STEP=5 RAMP_MAX_STEPS=16 P99_LIMIT_MS=50
IDLE_CLIENTS=15000 IDLE_HOLD=30
if [[ ${BENCH_QUICK:-0} == 1 ]]; then
  SEED_DURATION=3 WARMUP=1 RAMP_STEP=1 RAMP_MAX_STEPS=4 IDLE_CLIENTS=1000 IDLE_HOLD=2
fi

log() { printf '[bench] %s\n' "$*" >&2; }

# The machine caps processes at 20,000 descriptors; 15,000 sockets need most of them.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
if (($(ulimit -n) < IDLE_CLIENTS + 100)); then
  log "warning: ulimit -n is $(ulimit -n); the idle test needs more than $IDLE_CLIENTS"
fi

# --- load generator -----------------------------------------------------------------------------
if [[ -z ${LOADGEN:-} ]]; then
  for cand in build/sio-loadgen build-bench/sio-loadgen build-bench-loadgen/sio-loadgen; do
    if [[ -x $cand ]]; then LOADGEN=$cand; break; fi
  done
fi
if [[ -z ${LOADGEN:-} ]]; then
  log "building sio-loadgen standalone in build-bench-loadgen/"
  cmake -S bench/loadgen -B build-bench-loadgen -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
  cmake --build build-bench-loadgen --target sio-loadgen -j2 >&2
  LOADGEN=build-bench-loadgen/sio-loadgen
fi
log "load generator: $LOADGEN (threads $LOADGEN_THREADS)"

# --- node reference dependencies ----------------------------------------------------------------
if [[ " $SERVERS " == *" node "* && ! -d bench/node_modules/socket.io ]]; then
  log "installing socket.io for the Node reference (npm ci in bench/)"
  (cd bench && npm ci --no-audit --no-fund --loglevel=error) >&2
fi

# --- server lifecycle ---------------------------------------------------------------------------
SERVER_PID=""
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Below the ephemeral range (32768+), so no client socket can be holding the port.
pick_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((21000 + RANDOM % 8000))
    if ! port_busy "$p"; then echo "$p"; return; fi
  done
  log "no free port found"; exit 1
}

# start_server NAME -> sets SERVER_PID and PORT (three tries on different ports)
start_server() {
  local try
  for try in 1 2 3; do
    if start_server_once "$1"; then return 0; fi
  done
  log "$1 server did not start (see $OUT/$1-server.log)"
  return 1
}

start_server_once() {
  local name=$1
  PORT=$(pick_port)
  case $name in
    carrel) "$CARREL_SERVER" --port "$PORT" >"$OUT/$name-server.log" 2>&1 & ;;
    node) node bench/node/server.js --port "$PORT" >"$OUT/$name-server.log" 2>&1 & ;;
  esac
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    if port_busy "$PORT"; then
      sleep 0.2
      return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  log "$name server did not start listening on $PORT"
  cleanup
  return 1
}

loadgen() {
  "$LOADGEN" --host 127.0.0.1 --port "$PORT" --server-pid "$SERVER_PID" \
    --threads "$LOADGEN_THREADS" "$@"
}

run_server() {
  local name=$1
  log "=== $name ==="
  start_server "$name" || return 1

  log "$name: seed load ($SEED_CLIENTS clients, $SEED_ROOMS rooms, $SEED_RATE msg/s, ${SEED_DURATION}s)"
  loadgen --mode broadcast --clients "$SEED_CLIENTS" --rooms "$SEED_ROOMS" --rate "$SEED_RATE" \
    --duration "$SEED_DURATION" --payload "$PAYLOAD" --warmup "$WARMUP" >"$OUT/$name-seed.json" ||
    log "$name: seed run reported a failure"

  log "$name: throughput ramp (from $RAMP_START msg/s x$RAMP_FACTOR, ${RAMP_STEP}s steps, p99 <= ${P99_LIMIT_MS} ms)"
  loadgen --mode broadcast --clients "$SEED_CLIENTS" --rooms "$SEED_ROOMS" --rate "$RAMP_START" \
    --ramp --ramp-factor "$RAMP_FACTOR" --ramp-max-steps "$RAMP_MAX_STEPS" \
    --p99-limit-ms "$P99_LIMIT_MS" --duration "$RAMP_STEP" --payload "$PAYLOAD" \
    --warmup "$WARMUP" >"$OUT/$name-ramp.json" || log "$name: ramp run reported a failure"
  cleanup

  # Fresh process for the memory test, so the baseline is a just-started server.
  start_server "$name" || return 1
  log "$name: $IDLE_CLIENTS idle connections held ${IDLE_HOLD}s"
  loadgen --mode idle --clients "$IDLE_CLIENTS" --duration "$IDLE_HOLD" \
    --connect-concurrency 256 >"$OUT/$name-idle.json" || log "$name: idle run reported a failure"
  cleanup
}

read -r LOAD1 _ </proc/loadavg
log "results in $OUT; load average before start: $LOAD1"
if awk -v l="$LOAD1" 'BEGIN { exit !(l > 0.5) }'; then
  log "warning: the machine is not idle (load $LOAD1); figures will be noisy"
fi

RAN=()
for name in $SERVERS; do
  if [[ $name == carrel && ! -x $CARREL_SERVER ]]; then
    log "skipping carrel: $CARREL_SERVER not built"
    continue
  fi
  if run_server "$name"; then RAN+=("$name"); fi
done

node bench/report.js "$OUT" "${RAN[@]}" | tee "$OUT/summary.md"
