#!/usr/bin/env bash
# The read API (GET /api/v1/registries) under wrk with HTTP Basic and with an API token while 20 test pulls run
# against a trickling registry on loopback, then heap used and RSS (reliability.LoadBenchmark, in-process).
# Runs twice like the test suite: on H2, then on a throw-away PostgreSQL on loopback (scripts/postgres-test-server.sh).
# Tables: target/bench-load-h2.txt and target/bench-load-postgres.txt (Maven log: target/bench-load.log).
# Usage: scripts/bench-load.sh [seconds] [connections]   (default 15 s, 16 connections, 2 wrk threads)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
source scripts/postgres-test-server.sh
start_test_postgres >/dev/null
trap stop_test_postgres EXIT
rm -f target/bench-load-*.txt
./mvnw -B -ntp -q test -Dtest=LoadBenchmark -Dexcluded.test.groups=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.seconds="${1:-15}" -Dbench.connections="${2:-16}" > target/bench-load.log 2>&1 || {
  tail -50 target/bench-load.log >&2
  exit 1
}
for db in h2 postgres; do echo "== $db"; cat "target/bench-load-$db.txt"; done
