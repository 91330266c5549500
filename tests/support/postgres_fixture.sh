#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL cluster for the test suite.
#   postgres_fixture.sh start STATE_DIR   -> writes the server's URL to STATE_DIR/url
#   postgres_fixture.sh stop STATE_DIR
# The cluster lives in a fresh /tmp directory, listens on a Unix socket there
# and on a free 127.0.0.1 port, trusts local connections, and runs as the
# 'postgres' user when started by root (PostgreSQL refuses to run as root).
set -euo pipefail

action=$1
state=$2
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$bindir/initdb" ]] || { echo "postgres_fixture: PostgreSQL server binaries not found (install postgresql)" >&2; exit 1; }

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    mkdir -p "$state"
    if [[ -f "$state/dir" ]] && [[ -d "$(cat "$state/dir")" ]]; then
      "$0" stop "$state" || true
    fi
    dir=$(mktemp -d /tmp/smartgov-pg.XXXXXX)
    chmod 755 "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"
    echo "$dir" > "$state/dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U smartgov -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
           || echo $((20000 + RANDOM % 20000)))
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://smartgov@127.0.0.1:$port/postgres" > "$state/url"
    echo "postgres_fixture: PostgreSQL on 127.0.0.1:$port ($dir)"
    ;;
  stop)
    [[ -f "$state/dir" ]] || exit 0
    dir=$(cat "$state/dir")
    if [[ -d "$dir/data" ]]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir" "$state/dir" "$state/url"
    ;;
  *)
    echo "usage: $0 start|stop STATE_DIR" >&2
    exit 2
    ;;
esac
