#!/usr/bin/env bash
# HTTP Basic against an API token on the read API (GET /api/v1/registries, 20 registries stored), with wrk
# (Debian's wrk). Starts the console from target/classes on H2 in a temporary data folder, on loopback.
# Usage: scripts/bench-auth.sh [seconds] [connections]   (default 15 s, 16 connections, 2 threads)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-15}
CONNECTIONS=${2:-16}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
WORK=$(mktemp -d /tmp/console-bench-auth.XXXXXX)
PID=
trap '[[ -n $PID ]] && kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT

./mvnw -B -ntp -q compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=runtime
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
PASSWORD=bench-auth-password-0123456789
CONSOLE_ADMIN_PASSWORD=$PASSWORD java -Xmx512m -cp "target/classes:$(cat "$WORK/cp.txt")" io.registryconsole.ConsoleApplication \
  --server.port="$PORT" --server.address=127.0.0.1 --console.data-dir="$WORK/data" --console.probes.enabled=false \
  >"$WORK/console.log" 2>&1 &
PID=$!
BASE=http://127.0.0.1:$PORT
for _ in $(seq 1 600); do curl -fs "$BASE/actuator/health" >/dev/null 2>&1 && break; sleep 0.3; done
BASIC="Basic $(printf 'admin:%s' "$PASSWORD" | base64 -w0)"
for i in $(seq 1 20); do
  curl -fs -o /dev/null -H "Authorization: $BASIC" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench-$i\",\"url\":\"https://bench-$i.example.com\"}" "$BASE/api/v1/registries"
done
TOKEN=$(curl -fs -H "Authorization: $BASIC" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
  "$BASE/api/v1/tokens" | python3 -c 'import json,sys;print(json.load(sys.stdin)["token"])')

run() {  # prints "<requests/s> <p99>"
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -H "Authorization: $1" "$BASE/api/v1/registries" >"$WORK/wrk.txt"
  grep -q "Non-2xx" "$WORK/wrk.txt" && { cat "$WORK/wrk.txt"; echo "errors during the run"; exit 1; }
  echo "$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt") $(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")"
}
run "Bearer $TOKEN" >/dev/null   # warm-up (JIT, connection pool)
read -r token_rps token_p99 < <(run "Bearer $TOKEN")
read -r basic_rps basic_p99 < <(run "$BASIC")
printf '%-8s %12s %10s\n' auth "requests/s" "p99"
printf '%-8s %12s %10s\n' token "$token_rps" "$token_p99" basic "$basic_rps" "$basic_p99"
echo "wrk -t2 -c$CONNECTIONS -d${SECONDS_EACH}s; JVM: $(java -version 2>&1 | head -1); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
