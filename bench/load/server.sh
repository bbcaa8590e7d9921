# Sourced by bench/load/run.sh and scripts/run-sanitize.sh: start_carrel LOGFILE [extra flags]
# starts $CARREL_BIN on a free loopback port with SQLite in a fresh temporary data directory (a
# copy of $TEMPLATE_DIR when that is set: a database with users signed up already, and its JWT
# secret) and rate limits far above any bench load, waits for /healthz, and sets SERVER_PID, PORT and
# DATA_DIR; stop_carrel sends SIGTERM, waits up to 15 s (then SIGKILL), copies the data directory
# to $SAVE_DATA_TO when that is set, removes it and leaves the exit status in SERVER_STATUS.
SERVER_PID="" PORT="" DATA_DIR="" SERVER_STATUS=""

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_carrel() {
  local logfile=$1; shift
  local try rtc
  for try in 1 2 3; do
    PORT=$((21000 + RANDOM % 8000)); rtc=$((41000 + RANDOM % 8000))
    port_busy "$PORT" && continue
    DATA_DIR=$(mktemp -d /tmp/carrel-load-data.XXXXXX)
    [[ -n ${TEMPLATE_DIR:-} ]] && cp -a "$TEMPLATE_DIR/." "$DATA_DIR/"
    mkdir -p "$DATA_DIR/web"
    "$CARREL_BIN" --host 127.0.0.1 --port "$PORT" --data-dir "$DATA_DIR" --web-root "$DATA_DIR/web" \
      --log-format json --rate-api 100000000/min --rate-chat 100000000/hour \
      --rate-join 100000000/min --rtc-listen-ip 127.0.0.1 --rtc-announced-ip 127.0.0.1 \
      --rtc-port "$rtc" "$@" >"$logfile" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 150); do
      if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then return 0; fi
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    stop_carrel
  done
  echo "carrel did not start (see $logfile)" >&2
  return 1
}

stop_carrel() {
  SERVER_STATUS=""
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 150); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ -n $SERVER_PID ]]; then
    wait "$SERVER_PID" 2>/dev/null && SERVER_STATUS=0 || SERVER_STATUS=$?
  fi
  SERVER_PID=""
  if [[ -n $DATA_DIR && -n ${SAVE_DATA_TO:-} ]]; then
    rm -rf "$SAVE_DATA_TO" && mkdir -p "$SAVE_DATA_TO" && cp -a "$DATA_DIR/." "$SAVE_DATA_TO/"
    rm -rf "$SAVE_DATA_TO/web"
  fi
  [[ -n $DATA_DIR ]] && rm -rf "$DATA_DIR"
  DATA_DIR=""
}
trap stop_carrel EXIT
