# Starts a throw-away PostgreSQL cluster on 127.0.0.1 for the tests and exports
# CONSOLE_TEST_POSTGRES_URL / _USER / _PASSWORD. Sourced by scripts/test.sh.
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

start_test_postgres() {
  PG_DIR=$(mktemp -d /tmp/console-test-pg.XXXXXX)
  PG_PORT=${CONSOLE_TEST_POSTGRES_PORT:-$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])' 2>/dev/null || echo 55432)}
  local as=()
  # PostgreSQL refuses to run as root: run it as the postgres user the Debian package creates.
  if [[ $(id -u) -eq 0 ]]; then chown postgres "$PG_DIR"; as=(runuser -u postgres --); fi
  "${as[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U console --auth=trust -E UTF8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log"; echo "initdb failed: install Debian's postgresql"; return 1; }
  # max_connections: the test context cache keeps up to 32 Spring contexts, each with its own connection pool
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c full_page_writes=off -c max_connections=400" start >/dev/null \
    || { cat "$PG_DIR/server.log"; echo "PostgreSQL did not start"; return 1; }
  "${as[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U console console
  export CONSOLE_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/console"
  export CONSOLE_TEST_POSTGRES_USER=console CONSOLE_TEST_POSTGRES_PASSWORD=console
  echo "PostgreSQL for tests: $CONSOLE_TEST_POSTGRES_URL"
}

stop_test_postgres() {
  [[ -n ${PG_DIR:-} ]] || return 0
  local as=()
  [[ $(id -u) -eq 0 ]] && as=(runuser -u postgres --)
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
