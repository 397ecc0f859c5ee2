#!/usr/bin/env bash
# Startup time and idle RSS of the console beside a bare Spring Boot app with the same starters
# (built here from the console's own pom with an empty @SpringBootApplication), same JVM, same machine.
# Usage: scripts/bench-startup.sh [runs]   (default 3 runs each, interleaved)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
WORK=$(mktemp -d /tmp/console-startup.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

./mvnw -B -ntp -q package -DskipTests
CONSOLE_JAR=$(ls target/registry-console-*.jar | grep -v plain | head -1)

# The bare app: the console's dependencies, no code of ours.
mkdir -p "$WORK/bare/src/main/java/bare" "$WORK/bare/src/main/resources"
sed -e 's|<artifactId>registry-console</artifactId>|<artifactId>bare-app</artifactId>|' pom.xml > "$WORK/bare/pom.xml"
cat > "$WORK/bare/src/main/java/bare/BareApplication.java" <<'JAVA'
package bare;
@org.springframework.boot.autoconfigure.SpringBootApplication
public class BareApplication {
    public static void main(String[] args) { org.springframework.boot.SpringApplication.run(BareApplication.class, args); }
}
JAVA
printf 'spring.jpa.open-in-view=false\nspring.datasource.url=jdbc:h2:file:${DATA}/bare\nspring.flyway.enabled=false\n' \
  > "$WORK/bare/src/main/resources/application.properties"
(cd "$WORK/bare" && "$OLDPWD/mvnw" -B -ntp -q package -DskipTests -Dmaven.test.skip=true)
BARE_JAR=$(ls "$WORK"/bare/target/bare-app-*.jar | grep -v plain | head -1)

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# prints "<startup seconds> <idle RSS MiB>"
measure() {
  local jar=$1 data port log pid started rss
  data=$(mktemp -d "$WORK/data.XXXX"); port=$(free_port); log="$data/out.log"
  DATA=$data CONSOLE_DATA_DIR=$data CONSOLE_ADMIN_PASSWORD=startup-bench-password \
    java -jar "$jar" --server.port="$port" --server.address=127.0.0.1 >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do grep -q "Started .* in" "$log" && break; sleep 0.2; done
  started=$(grep -o "Started .* in [0-9.]* seconds" "$log" | grep -o "[0-9.]* seconds" | cut -d' ' -f1)
  curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 || true
  sleep 10   # idle
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$started $rss"
}

printf '%-8s %-4s %12s %14s\n' app run "startup (s)" "idle RSS (MiB)"
for i in $(seq 1 "$RUNS"); do
  read -r s r < <(measure "$BARE_JAR");    printf '%-8s %-4s %12s %14s\n' bare "$i" "$s" "$r"
  read -r s r < <(measure "$CONSOLE_JAR"); printf '%-8s %-4s %12s %14s\n' console "$i" "$s" "$r"
done
echo "JVM: $(java -version 2>&1 | head -1); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
