# Sourced by test.sh. Finds a PostgreSQL to test against, or starts a private one.
# Exports VTV_TEST_POSTGRES_URL (a database the tests may create databases from).

pg_answers() { psql "$1" -tAc 'SELECT 1' >/dev/null 2>&1; }

if [ -n "${VTV_TEST_POSTGRES_URL:-}" ] && pg_answers "$VTV_TEST_POSTGRES_URL"; then
  say "Using PostgreSQL at VTV_TEST_POSTGRES_URL"
elif pg_answers "postgres://postgres@127.0.0.1:5432/postgres"; then
  export VTV_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:5432/postgres"
  say "Using the PostgreSQL already running on 127.0.0.1:5432"
else
  PG_PORT=55432
  PG_DIR=/tmp/vein-to-vein-pg
  export VTV_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  if ! pg_answers "$VTV_TEST_POSTGRES_URL"; then
    PG_BIN=$( (ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true) | sort -V | tail -n 1)
    if [ -z "$PG_BIN" ]; then
      echo "PostgreSQL is not installed and none is reachable: install the 'postgresql' package or set VTV_TEST_POSTGRES_URL"
      exit 1
    fi
    # PostgreSQL refuses to run as root: it runs as the 'postgres' system user the package made.
    as_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
    say "Starting a private PostgreSQL for the tests on port $PG_PORT (data in $PG_DIR)"
    if [ ! -f "$PG_DIR/PG_VERSION" ]; then
      mkdir -p "$PG_DIR"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DIR"
      as_pg "$PG_BIN/initdb -D $PG_DIR -U postgres --auth=trust >/dev/null"
    fi
    as_pg "$PG_BIN/pg_ctl -D $PG_DIR -l $PG_DIR/log -o '-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1' -w start >/dev/null" || {
      echo "Could not start PostgreSQL; its log follows:"; cat "$PG_DIR/log"; exit 1; }
  fi
fi

# Each test makes its own database; those of earlier runs are dropped here.
for db in $(psql "$VTV_TEST_POSTGRES_URL" -tAc "SELECT datname FROM pg_database WHERE datname LIKE 'vtv_test_%'" 2>/dev/null || true); do
  psql "$VTV_TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
done
