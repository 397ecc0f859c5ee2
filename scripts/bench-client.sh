#!/usr/bin/env bash
# Benchmark of the registry protocol client (not part of the normal build): pushes a 1 GiB, 8-layer image of
# incompressible data into a lab registry (Debian's docker-registry on 127.0.0.1, plain HTTP) and prints MB/s of
#   - the console client's full verified pull (3 layers at a time, and 1 at a time),
#   - the raw transfer of the same layers with curl to /dev/null (sequential, and 3 at a time),
#   - skopeo copy of the image to a directory on /dev/shm,
#   - the JVM's single-core SHA-256 rate.
# The table also lands in target/bench-client.txt. Options go to Maven, e.g.
#   scripts/bench-client.sh -Dbench.rounds=5 -Dbench.bytes=2147483648 -Dbench.layers=8
# The generated image is cached in target/registry-lab-cache (about 1 GiB); the registry's copy is removed at exit.
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

./mvnw -B -ntp -q test -Dtest=ClientPullBenchmark -Dexcluded.test.groups=none \
  -Dsurefire.failIfNoSpecifiedTests=false "$@"
cat target/bench-client.txt
