#!/usr/bin/env bash
# Start a throwaway PostgreSQL server (Debian's package) for the test suite and
# print the TEST_DATABASE_URL that reaches it. Idempotent.
set -euo pipefail
bash "$(dirname "$0")/system-packages.sh" >&2
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
data=${PGTEST_DATA:-/tmp/bangban-pgtest}
port=${PGTEST_PORT:-54329}
as_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
if [ ! -d "$data" ]; then
  mkdir -p "$data"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
  as_pg "$bindir/initdb -D $data -U postgres -A trust --encoding=UTF8 --locale=C.UTF-8" >&2
fi
if ! as_pg "$bindir/pg_ctl -D $data status" >/dev/null 2>&1; then
  as_pg "$bindir/pg_ctl -D $data -l $data/server.log -w -o '-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200' start" >&2
fi
echo "postgresql://postgres@127.0.0.1:$port/postgres"
