#!/usr/bin/env bash
# Rooms load benchmark: runs carrel-load against a real build/carrel (SQLite in a temporary data
# directory, generous rate limits) for the seed 000 scenario (500 participants in 10 rooms, 100
# messages/s) and the 10x one (5,000 participants, 1,000 messages/s; rooms hold at most 50, so
# 100 rooms), writes each run's JSON and latency histograms, draws the histograms as PNG with
# gnuplot, and prints a Markdown summary. Not part of `make test` (`make bench-load` runs it).
#
# Environment knobs:
#   SCENARIOS="seed 10x"   which scenarios to run; "soak" (not run by default) is the full soak:
#                          100,000 join/leave cycles and 1,000,000 messages in one server
#                          process, with the descriptor and RSS checks (about 8 minutes)
#   CARREL_BIN=path        server binary (default build/carrel)
#   LOAD_BIN=path          carrel-load binary (default build/carrel-load, else build-load/)
#   LOAD_OUT=dir           results (default build-bench-results/load-<timestamp>)
#   LOAD_PUBLISH=1         also copy the PNGs and JSON into bench/load/results/
#   LOAD_QUICK=1           short smoke run (figures not meaningful)
#   LOAD_USERS_DIR=dir     users signed up once and reused (default build-bench-results/load-users)
#
# Sign-up hashes each password with argon2id (tens of milliseconds of server CPU per user), which
# is not what the scenarios measure, so the 5,001 users are signed up once into a database kept
# in LOAD_USERS_DIR (with a users.txt of ids and tokens) and every run starts from a copy of it.
set -euo pipefail
cd "$(dirname "$0")/../.."
SCENARIOS=${SCENARIOS:-"seed 10x"}
CARREL_BIN=${CARREL_BIN:-build/carrel}
OUT=${LOAD_OUT:-build-bench-results/load-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
log() { printf '[bench-load] %s\n' "$*" >&2; }

if [[ -z ${LOAD_BIN:-} ]]; then
  for cand in build/carrel-load build-load/carrel-load; do
    if [[ -x $cand ]]; then LOAD_BIN=$cand; break; fi
  done
fi
[[ -x ${LOAD_BIN:-} ]] || { log "carrel-load not built (cmake --build build --target carrel-load)"; exit 1; }
[[ -x $CARREL_BIN ]] || { log "$CARREL_BIN not built"; exit 1; }
if ! command -v gnuplot >/dev/null; then
  log "installing gnuplot-nox for the plots"
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends gnuplot-nox >&2 ||
    log "gnuplot could not be installed; no plots"
fi

# 5,000 WebSockets on each side plus HTTP connections.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true

# shellcheck source=bench/load/server.sh
source bench/load/server.sh

USERS_DIR=${LOAD_USERS_DIR:-build-bench-results/load-users}
USERS_NEEDED=5001

prepare_users() {
  if [[ -f $USERS_DIR/users.txt && $(wc -l <"$USERS_DIR/users.txt") -ge $USERS_NEEDED &&
    -f $USERS_DIR/data/carrel.db ]]; then
    return 0
  fi
  log "signing up $USERS_NEEDED users once into $USERS_DIR (argon2id; takes a few minutes)"
  mkdir -p "$USERS_DIR"
  rm -f "$USERS_DIR/users.txt"
  TEMPLATE_DIR="" start_carrel "$OUT/signup-server.log"
  "$LOAD_BIN" --mode signup --port "$PORT" --users $((USERS_NEEDED - 1)) --http-connections 8 \
    --users-file "$USERS_DIR/users.txt" --max-runtime 3000 >/dev/null
  SAVE_DATA_TO="$USERS_DIR/data" stop_carrel
}

run_scenario() {
  local name=$1; shift
  TEMPLATE_DIR="$USERS_DIR/data" start_carrel "$OUT/$name-server.log" || return 1
  log "$name: carrel pid $SERVER_PID on port $PORT; carrel-load $*"
  "$LOAD_BIN" --port "$PORT" --server-pid "$SERVER_PID" --hist-prefix "$OUT/$name" \
    --users-file "$USERS_DIR/users.txt" "$@" \
    >"$OUT/$name.json" || log "$name: carrel-load reported a failure"
  stop_carrel
  [[ $name == soak ]] && return 0
  if command -v gnuplot >/dev/null; then
    plot "$name" join "join latency (REST join + join-room ack)" 200
    plot "$name" broadcast "broadcast latency (send-message to each new-message)" 100
  fi
}

plot() {
  local name=$1 kind=$2 what=$3 target=$4 users
  users=$(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1]));
    console.log(`${r.users} participants, ${r.rooms} rooms, ${r.rate} msg/s`)' "$OUT/$name.json" 2>/dev/null || echo "$name")
  gnuplot -e "datafile='$OUT/$name-$kind.dat'; outfile='$OUT/$name-$kind.png'; \
    plottitle='$name: $what, $users'; target=$target" bench/load/plot.gp 2>>"$OUT/gnuplot.log" ||
    log "plot $name-$kind failed (see $OUT/gnuplot.log)"
}

read -r LOAD1 _ </proc/loadavg
log "results in $OUT; load average before start: $LOAD1"
QUICK=${LOAD_QUICK:-0}
prepare_users
for s in $SCENARIOS; do
  case $s in
    seed)
      if [[ $QUICK == 1 ]]; then
        run_scenario seed --users 100 --rooms 10 --join-rate 50 --rate 20 --duration 3 --warmup 1
      else
        run_scenario seed --users 500 --rooms 10 --join-rate 50 --rate 100 --duration 30 --warmup 5
      fi ;;
    10x)
      if [[ $QUICK == 1 ]]; then
        run_scenario 10x --users 1000 --rooms 20 --join-rate 200 --rate 200 --duration 3 --warmup 1
      else
        run_scenario 10x --users 5000 --rooms 100 --join-rate 500 --rate 1000 --duration 30 \
          --warmup 5 --http-connections 64
      fi ;;
    soak)
      # 35% warm-up: 140 s, longer than the 2-minute recovery window whose packet log is part of
      # the warm baseline.
      run_scenario soak --mode soak --users 200 --rooms 20 --cyclers 200 --cycles 100000 \
        --cycle-rate 250 --messages 1000000 --rate 2500 --warm-fraction 0.35 --settle 6 \
        --max-runtime 3000 ;;
    *) log "unknown scenario $s" ;;
  esac
done

CHAT_RUNS=$(for s in $SCENARIOS; do [[ $s == soak ]] || printf '%s ' "$s"; done)
if [[ -n $CHAT_RUNS ]]; then
  # shellcheck disable=SC2086
  node bench/load/report.mjs "$OUT" $CHAT_RUNS | tee "$OUT/summary.md"
fi
if [[ ${LOAD_PUBLISH:-0} == 1 ]]; then
  mkdir -p bench/load/results
  for s in $SCENARIOS; do
    cp "$OUT/$s.json" bench/load/results/ 2>/dev/null || true
    cp "$OUT/$s"-*.png bench/load/results/ 2>/dev/null || true
  done
  [[ -f $OUT/summary.md ]] && cp "$OUT/summary.md" bench/load/results/
  log "copied the results to bench/load/results/"
fi
