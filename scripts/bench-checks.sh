#!/usr/bin/env bash
# Benchmarks of connection checks and test pulls (not part of the normal build), against the registry lab
# (Debian's docker-registry on 127.0.0.1, images pushed with skopeo), through the REST API in-process:
#   1. MANIFEST test pull latency p50/p99 against the token-auth registry, token cached: the request's wall time
#      and the pull's own durationMs, next to the protocol client's HEAD alone (interleaved);
#   2. 200 registries checked at once, half of them silent (connect timeout), wall time vs the timeout;
#   3. a FULL test pull of a 1 GiB, 8-layer image through the API next to the protocol client's own pull of it.
# The table also lands in target/bench-checks.txt (the Maven log in target/bench-checks.log). Options go to Maven:
#   -Dbench.only=123 (parts)  -Dbench.warmup=200 -Dbench.pulls=300 (part 1)  -Dbench.checks=200 (part 2)  -Dbench.rounds=3 (part 3)
# The generated large image is cached in target/registry-lab-cache (about 1 GiB). See docs/checks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A NEEDED=([docker-registry]=docker-registry [skopeo]=skopeo)
missing=()
for cmd in "${!NEEDED[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${NEEDED[$cmd]}")
done
if ((${#missing[@]})); then
  echo "The benchmark needs these Debian packages: ${missing[*]} (apt-get install ${missing[*]})" >&2
  exit 1
fi

./mvnw -B -ntp -q test -Dtest=ChecksBenchmark -Dexcluded.test.groups=none \
  -Dsurefire.failIfNoSpecifiedTests=false "$@" > target/bench-checks.log 2>&1 || {
  tail -50 target/bench-checks.log >&2
  exit 1
}
cat target/bench-checks.txt
