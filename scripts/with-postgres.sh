#!/usr/bin/env bash
# Runs CMD with a throwaway PostgreSQL server (15, or whichever version is installed):
#   scripts/with-postgres.sh CMD [ARGS...]
# initdb's a cluster in a fresh temporary directory, starts it on the first free TCP port from
# 55432 up, listening on 127.0.0.1 only (its Unix socket inside the temp dir), creates the
# database carrel_test owned by the password-authenticated user carrel, exports
#   CARREL_TEST_POSTGRES_URL=postgres://carrel:carrel@127.0.0.1:<port>/carrel_test
# and CARREL_TEST_POSTGRES_CTL, a script taking `stop` or `start` that stops the server and
# starts it again on the same port (for outage tests), and runs CMD. On exit the server is stopped and the directory removed; the exit status is
# CMD's. As root the server runs as the postgres user, since PostgreSQL refuses to run as root.
# If the server cannot be started, prints "SKIPPED: PostgreSQL could not be started: <reason>"
# to stderr and runs CMD without the variable, so suites that need it skip their PostgreSQL half.
# The server trades durability for speed (fsync off): it is for tests only.
set -uo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

pg_bin=""
for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
  if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/psql" ]]; then
    pg_bin="$dir"
    break
  fi
done

tmp=""
pg_port=""
pg_options=""
reason=""

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  if [[ -n "$tmp" && -d "$tmp" ]]; then
    if [[ -f "$tmp/data/postmaster.pid" ]]; then
      as_pg "$pg_bin/pg_ctl" -D "$tmp/data" -m fast -w -t 20 stop >/dev/null 2>&1 ||
        as_pg "$pg_bin/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1
    fi
    rm -rf "$tmp"
  fi
  tmp=""
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
  reason="$1"
  return 1
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

make_cluster() {
  [[ -n "$pg_bin" ]] || fail "no initdb/pg_ctl/psql under /usr/lib/postgresql/*/bin" || return 1
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || fail "running as root and there is no postgres user" || return 1
  fi
  tmp=$(mktemp -d /tmp/carrel-pg.XXXXXX) || fail "mktemp failed" || return 1
  chmod 700 "$tmp"
  printf 'carrel\n' >"$tmp/pwfile"
  [[ $(id -u) -eq 0 ]] && chown -R postgres: "$tmp"
  as_pg "$pg_bin/initdb" -D "$tmp/data" -U carrel --pwfile="$tmp/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
    >"$tmp/initdb.log" 2>&1 ||
    fail "initdb failed: $(tail -n 3 "$tmp/initdb.log" | tr '\n' ' ')"
}

start_server() {
  local port options
  for port in $(seq 55432 55531); do
    port_free "$port" || continue
    options="-c listen_addresses=127.0.0.1 -p $port -k $tmp -c fsync=off"
    options+=" -c synchronous_commit=off -c full_page_writes=off"
    if as_pg "$pg_bin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 30 -o "$options" \
      start >/dev/null 2>&1; then
      pg_port=$port
      pg_options=$options
      return 0
    fi
    # Another process took the port between the probe and the bind: try the next one. Anything
    # else will not get better on another port.
    grep -q "could not bind\|already in use" "$tmp/server.log" 2>/dev/null ||
      fail "pg_ctl start failed: $(tail -n 3 "$tmp/server.log" 2>/dev/null | tr '\n' ' ')" ||
      return 1
  done
  fail "no free port in 55432-55531"
}

create_database() {
  as_pg "$pg_bin/psql" -h "$tmp" -p "$pg_port" -U carrel -d postgres -qAtX \
    -c "CREATE DATABASE carrel_test OWNER carrel" >/dev/null 2>"$tmp/createdb.log" ||
    fail "CREATE DATABASE failed: $(cat "$tmp/createdb.log")"
}

write_ctl() {
  local runner=""
  [[ $(id -u) -eq 0 ]] && runner="runuser -u postgres --"
  cat >"$tmp/ctl.sh" <<CTL
#!/bin/sh
# stop|start the test server of with-postgres.sh
case "\$1" in
  stop) exec $runner "$pg_bin/pg_ctl" -D "$tmp/data" -m fast -w -t 20 stop ;;
  start) exec $runner "$pg_bin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 30 -o "$pg_options" start ;;
  *) echo "usage: \$0 stop|start" >&2; exit 2 ;;
esac
CTL
  chmod 755 "$tmp/ctl.sh"
}

if make_cluster && start_server && create_database; then
  write_ctl
  export CARREL_TEST_POSTGRES_URL="postgres://carrel:carrel@127.0.0.1:${pg_port}/carrel_test"
  export CARREL_TEST_POSTGRES_CTL="$tmp/ctl.sh"
  echo "with-postgres: PostgreSQL on 127.0.0.1:${pg_port} (${pg_bin%/bin})" >&2
  "$@"
  status=$?
else
  echo "SKIPPED: PostgreSQL could not be started: ${reason:-unknown error}" >&2
  cleanup
  unset CARREL_TEST_POSTGRES_URL
  "$@"
  status=$?
fi
exit "$status"
