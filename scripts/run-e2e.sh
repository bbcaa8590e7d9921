#!/usr/bin/env bash
# Runs the browser end-to-end tests (tests/e2e/*.test.mjs): starts build/carrel on a free port
# with a temporary data directory and the built web app, then drives it with Debian's Chromium
# through playwright-core. On a failing step the tests write screenshots to build/e2e/; the
# server's log is kept there as server.log.
# Usage: scripts/run-e2e.sh [test files...] [extra node --test args...]
#   CARREL_BIN      server binary (default build/carrel, relative to the repository)
#   CARREL_WEB_ROOT built web app (default web/dist; built with `npm run build` when missing)
#   CHROMIUM_PATH   browser (default /usr/bin/chromium)
# Exits with the status of `node --test`.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bin="${CARREL_BIN:-build/carrel}"
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
web_root="${CARREL_WEB_ROOT:-web/dist}"
case "$web_root" in /*) ;; *) web_root="$root/$web_root" ;; esac
out="$root/build/e2e"

if [ ! -x "$bin" ]; then
  echo "run-e2e: server binary '$bin' not found or not executable" >&2
  exit 2
fi
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "run-e2e: Chromium not found at ${CHROMIUM_PATH:-/usr/bin/chromium} (apt-get install chromium)" >&2
  exit 2
fi
if [ ! -f "$web_root/index.html" ]; then
  echo "run-e2e: building the web app" >&2
  [ -d web/node_modules ] || (cd web && npm ci --no-audit --no-fund)
  (cd web && npm run build)
fi
if [ ! -d tests/e2e/node_modules ]; then
  echo "run-e2e: installing test dependencies (npm ci)" >&2
  (cd tests/e2e && npm ci --no-audit --no-fund)
fi

rm -rf "$out"
mkdir -p "$out"
data_dir="$(mktemp -d "${TMPDIR:-/tmp}/carrel-e2e-data-XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$data_dir"
}
trap cleanup EXIT

# A free TCP port for HTTP and a free UDP port for the media socket, both on loopback.
read -r port rtc_port < <(node -e '
  const net = require("net"), dgram = require("dgram");
  const tcp = net.createServer().listen(0, "127.0.0.1", () => {
    const udp = dgram.createSocket("udp4");
    udp.bind(0, "127.0.0.1", () => {
      console.log(tcp.address().port, udp.address().port);
      tcp.close(); udp.close();
    });
  });')

admin_email="admin@carrel.test"
admin_password="adminpass123"
"$bin" --host 127.0.0.1 --port "$port" --data-dir "$data_dir" --web-root "$web_root" \
  --bootstrap-admin "$admin_email:$admin_password" --log-format json \
  --rate-api 100000/min --rate-chat 100000/hour --rate-join 100000/min \
  --rtc-listen-ip 127.0.0.1 --rtc-announced-ip 127.0.0.1 --rtc-port "$rtc_port" \
  >"$out/server.log" 2>&1 &
server_pid=$!

url="http://127.0.0.1:$port"
healthy() {
  node -e 'fetch(process.argv[1] + "/healthz").then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url"
}
ready=0
for _ in $(seq 1 100); do
  if healthy; then ready=1; break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  sleep 0.15
done
if [ "$ready" -ne 1 ]; then
  echo "run-e2e: the server did not become healthy; its log:" >&2
  tail -n 50 "$out/server.log" >&2
  exit 1
fi

files=()
args=()
for arg in "$@"; do
  case "$arg" in *.test.mjs) files+=("$arg") ;; *) args+=("$arg") ;; esac
done
[ ${#files[@]} -eq 0 ] && files=(tests/e2e/*.test.mjs)

status=0
CARREL_E2E_URL="$url" CARREL_E2E_ADMIN_EMAIL="$admin_email" CARREL_E2E_ADMIN_PASSWORD="$admin_password" \
  CARREL_E2E_SHOTS="$out" node --test --test-concurrency=1 --test-timeout=180000 \
  "${args[@]}" "${files[@]}" || status=$?
if [ "$status" -ne 0 ]; then
  echo "run-e2e: failed; screenshots and the server log are in build/e2e/" >&2
fi
exit "$status"
