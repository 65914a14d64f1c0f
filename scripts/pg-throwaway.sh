#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks: a fresh data folder in /tmp, trust
# authentication, listening only on a Unix socket in that folder (no TCP port at all), fsync off.
# initdb refuses to run as root, so as root the cluster runs as the `postgres` user.
#
#   eval "$(bash scripts/pg-throwaway.sh start)"   # exports PG_THROWAWAY_DIR and TEST_DATABASE_URL
#   bash scripts/pg-throwaway.sh stop "$PG_THROWAWAY_DIR"
set -euo pipefail

bindir() {
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$found" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }
  echo "$found"
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    BIN=$(bindir)
    DIR=$(mktemp -d /tmp/sms-desk-pg.XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DIR"
    as_owner "$BIN/initdb" -D "$DIR/data" -A trust -U postgres --no-sync -E UTF8 >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; exit 1; }
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 start \
      -o "-c listen_addresses='' -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
    echo "export PG_THROWAWAY_DIR=$DIR"
    echo "export TEST_DATABASE_URL='postgres://postgres@localhost/postgres?host=$DIR'"
    ;;
  stop)
    DIR=${2:?usage: pg-throwaway.sh stop DIR}
    BIN=$(bindir)
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
