#!/usr/bin/env bash
# The read API (GET /api/v1/registries) under wrk with HTTP Basic and with an API token while 20 test pulls run
# against a trickling registry on loopback, then heap used and RSS (reliability.LoadBenchmark, in-process on H2).
# The table also lands in target/bench-load.txt (the Maven log in target/bench-load.log). See docs/reliability.md.
# Usage: scripts/bench-load.sh [seconds] [connections]   (default 15 s, 16 connections, 2 wrk threads)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
./mvnw -B -ntp -q test -Dtest=LoadBenchmark -Dexcluded.test.groups=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.seconds="${1:-15}" -Dbench.connections="${2:-16}" > target/bench-load.log 2>&1 || {
  tail -50 target/bench-load.log >&2
  exit 1
}
cat target/bench-load.txt
