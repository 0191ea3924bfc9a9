#!/bin/sh
# Initialises the cluster on first start (password from POSTGRES_PASSWORD_FILE), then runs postgres.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile="${POSTGRES_PASSWORD_FILE:-}"
  if [ -z "$pwfile" ] || [ ! -r "$pwfile" ]; then
    echo "entrypoint: POSTGRES_PASSWORD_FILE must name a readable file" >&2
    exit 1
  fi
  initdb --username=postgres --pwfile="$pwfile" --auth-host=scram-sha-256 --auth-local=trust >/dev/null
  echo "host all all 0.0.0.0/0 scram-sha-256" >>"$PGDATA/pg_hba.conf"
fi
if [ "$1" = "postgres" ]; then
  shift
  exec postgres -c listen_addresses='*' -c unix_socket_directories=/tmp "$@"
fi
exec "$@"
