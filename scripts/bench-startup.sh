#!/usr/bin/env bash
# Startup time and idle RSS of the console beside a bare Spring Boot app with the same starters
# (built here from the console's own pom with an empty @SpringBootApplication), same JVM, same machine.
# Also the console with class data sharing (Spring Boot's CDS support: the jar extracted, an archive from a training
# run that stops after the context refresh), as docs/deployment.md suggests running it.
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

# The console with class data sharing: extracted, then one training run writes the archive.
java -Djarmode=tools -jar "$CONSOLE_JAR" extract --destination "$WORK/cds" >/dev/null
CDS_JAR=$(ls "$WORK"/cds/registry-console-*.jar | head -1)
mkdir -p "$WORK/cds-training"
TRAINING_START=$(date +%s.%N)
DATA="$WORK/cds-training" CONSOLE_DATA_DIR="$WORK/cds-training" CONSOLE_ADMIN_PASSWORD=startup-bench-password \
  java -XX:ArchiveClassesAtExit="$WORK/cds/console.jsa" -Dspring.context.exit=onRefresh -jar "$CDS_JAR" \
  --server.port=0 --server.address=127.0.0.1 >"$WORK/cds-training.log" 2>&1 || { tail -20 "$WORK/cds-training.log"; exit 1; }
# what the image's start.sh does once, at the first start of an image on a JVM (docs/deployment.md)
TRAINING_SECONDS=$(awk -v a="$TRAINING_START" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# prints "<startup seconds> <idle RSS MiB>"
measure() {
  local jar=$1 data port log pid started rss
  shift
  data=$(mktemp -d "$WORK/data.XXXX"); port=$(free_port); log="$data/out.log"
  DATA=$data CONSOLE_DATA_DIR=$data CONSOLE_ADMIN_PASSWORD=startup-bench-password \
    java "$@" -jar "$jar" --server.port="$port" --server.address=127.0.0.1 >"$log" 2>&1 &
  pid=$!
  # no fixed limit: on a loaded machine a start may take minutes; a JVM that exits ends the wait
  while ! grep -q "Started .* in" "$log"; do kill -0 "$pid" 2>/dev/null || { tail -20 "$log" >&2; exit 1; }; sleep 0.2; done
  started=$(grep -o "Started .* in [0-9.]* seconds" "$log" | grep -o "[0-9.]* seconds" | cut -d' ' -f1)
  curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 || true
  sleep 10   # idle
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$started $rss"
}

printf '%-11s %-4s %12s %14s\n' app run "startup (s)" "idle RSS (MiB)"
for i in $(seq 1 "$RUNS"); do
  read -r s r < <(measure "$BARE_JAR");    printf '%-11s %-4s %12s %14s\n' bare "$i" "$s" "$r"
  read -r s r < <(measure "$CONSOLE_JAR"); printf '%-11s %-4s %12s %14s\n' console "$i" "$s" "$r"
  read -r s r < <(measure "$CDS_JAR" -XX:SharedArchiveFile="$WORK/cds/console.jsa"); printf '%-11s %-4s %12s %14s\n' console+cds "$i" "$s" "$r"
done
printf 'CDS training run (once per image and JVM): %.1f s\n' "$TRAINING_SECONDS"
echo "JVM: $(java -version 2>&1 | head -1); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
