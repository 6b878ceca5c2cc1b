#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the city-server tests (Debian's postgresql binaries).
#   .ci/postgres.sh start   → starts one on a free localhost port, prints its SQLAlchemy URL
#   .ci/postgres.sh stop    → stops it and removes its directory
# The cluster's directory is remembered in $YISHI_PG_STATE_FILE (default below), so several
# clusters can coexist when each caller sets its own state file. Exits non-zero when the
# server binaries are absent.
set -euo pipefail

STATE_FILE="${YISHI_PG_STATE_FILE:-${TMPDIR:-/tmp}/yishi-ci-postgres.state}"

find_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ] || [ ! -x "$dir/pg_ctl" ]; then
    echo "postgres.sh: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin" >&2
    return 1
  fi
  echo "$dir"
}

as_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  local bindir dir port
  bindir=$(find_bindir)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/yishi-pg.XXXXXX")
  chmod 755 "$dir"
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || { echo "postgres.sh: no 'postgres' user" >&2; exit 1; }
    chown postgres "$dir"
  fi
  as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
      start >/dev/null; then
      echo "$dir" >"$STATE_FILE"
      echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
      return 0
    fi
  done
  cat "$dir/server.log" >&2 || true
  exit 1
}

stop() {
  local bindir dir
  [ -f "$STATE_FILE" ] || return 0
  dir=$(cat "$STATE_FILE")
  bindir=$(find_bindir)
  if [ -d "$dir/data" ]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir" "$STATE_FILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
