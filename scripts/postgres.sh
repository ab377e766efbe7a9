#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests, on its own port and data folder, so that the
# machine's own clusters are left alone. Sourced by test.sh; sets CHORUS_TEST_POSTGRES.
CHORUS_PG_PORT=${CHORUS_PG_PORT:-54329}
CHORUS_PG_DATA=${CHORUS_PG_DATA:-/tmp/chorus-account-pg}
CHORUS_TEST_POSTGRES="Host=127.0.0.1;Port=$CHORUS_PG_PORT;Username=postgres;Database=postgres;Pooling=true"

_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

start_test_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$bin" ] || { echo "PostgreSQL binaries not found" >&2; return 1; }
  if _pg_as_owner "$bin/pg_ctl -D $CHORUS_PG_DATA status" >/dev/null 2>&1; then
    return 0
  fi
  rm -rf "$CHORUS_PG_DATA" && mkdir -p "$CHORUS_PG_DATA"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$CHORUS_PG_DATA"
  _pg_as_owner "$bin/initdb -D $CHORUS_PG_DATA -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null || return 1
  _pg_as_owner "$bin/pg_ctl -D $CHORUS_PG_DATA -l $CHORUS_PG_DATA/server.log -w start -o '-p $CHORUS_PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300'" >/dev/null || { cat "$CHORUS_PG_DATA/server.log" >&2; return 1; }
  echo "PostgreSQL listening on 127.0.0.1:$CHORUS_PG_PORT"
}

stop_test_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$bin" ] && _pg_as_owner "$bin/pg_ctl -D $CHORUS_PG_DATA -m fast stop" >/dev/null 2>&1 || true
}
