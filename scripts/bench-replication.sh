#!/usr/bin/env bash
# Benchmark of replication (not part of the normal build), beside skopeo, in one run on this machine:
#   1. a 1 GiB, 8-layer image of incompressible data from a lab registry to an EMPTY registry (a fresh
#      docker-registry per measurement): the console's replication, skopeo copy, and curl GET | curl PUT with 3 blobs
#      at a time (the ceiling);
#   2. a re-sync of 20 repositories x 5 tags that are already up to date: the replication beside skopeo sync
#      (plus requests per tag counted by proxies, the bare-request floor, and the same re-sync through ReplicationService).
# The table also lands in target/bench-replication.txt. Options go to Maven, e.g. scripts/bench-replication.sh -Dbench.rounds=3
# (-Dbench.part=copy or =sync runs one part only; -Dbench.blobs=3,6,8 measures the copy once per blob parallelism;
# a profile: -DargLine=-XX:StartFlightRecording=filename=target/jfr/,settings=profile).
# The generated image is cached in target/registry-lab-cache (about 1 GiB).
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A NEEDED=([docker-registry]=docker-registry [skopeo]=skopeo [curl]=curl)
missing=()
for cmd in "${!NEEDED[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${NEEDED[$cmd]}")
done
if ((${#missing[@]})); then
  echo "The benchmark needs these Debian packages: ${missing[*]} (apt-get install ${missing[*]})" >&2
  exit 1
fi

# The re-sync is also measured through ReplicationService (database rows, metrics, events), on H2 and then on a
# throw-away PostgreSQL on loopback (the postgres-test execution runs the db-tagged benchmark a second time).
tests=ReplicationBenchmark,ReplicationServiceBenchmark
if [[ " $* " == *" -Dbench.part=copy "* ]]; then
  tests=ReplicationBenchmark
else
  source scripts/postgres-test-server.sh
  start_test_postgres >/dev/null
  trap stop_test_postgres EXIT
fi
rm -f target/bench-replication-service-*.txt
./mvnw -B -ntp -q test -Dtest="$tests" -Dexcluded.test.groups=none \
  -Dsurefire.failIfNoSpecifiedTests=false "$@"
cat target/bench-replication.txt
for db in h2 postgres; do
  if [[ -f target/bench-replication-service-$db.txt ]]; then cat "target/bench-replication-service-$db.txt"; fi
done
