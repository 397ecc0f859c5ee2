#!/usr/bin/env bash
# The image's entrypoint: starts the console on Jib's classpath with the JVM flags given as arguments, and with a
# class data sharing (CDS) archive of the console's classes when one fits this JVM and this image (docs/deployment.md).
#
# An archive only fits the exact JVM build and class path that wrote it (otherwise the JVM quietly ignores it), and
# Jib cannot run the base image's JRE while it builds. So the archive is made here, by the JRE that will use it: when
# ${CONSOLE_DATA_DIR}/cds holds none for this JVM and these jars, one training run (the context refreshed, then the
# JVM halts: -Dspring.context.exit=onRefresh) writes it, -Xshare:on checks that the JVM accepts it, and the console
# starts with it. A changed image or JRE makes a new one; a failed training run (database not up yet) is tried again
# at the next start, an archive this JVM refuses is not.
# CONSOLE_CDS=off starts without one (e.g. where /data does not outlive the container).
set -euo pipefail

classpath=@/app/jib-classpath-file
main=$(cat /app/jib-main-class-file)
jvm_flags=("$@")
cds_dir="${CONSOLE_DATA_DIR:-/data}/cds"
archive="$cds_dir/console.jsa"

log() { echo "registry-console start: $*" >&2; }

# what the archive depends on: the JVM build and the jars (Jib gives every file the same time stamp, so size and name)
stamp() {
  java -version 2>&1
  echo "${jvm_flags[*]}"
  cat /app/jib-classpath-file
  # shellcheck disable=SC2046
  ls -l $(tr ':' ' ' < /app/jib-classpath-file) 2>&1 | awk '{print $5, $NF}'
}

cds_flags=()
if [[ "${CONSOLE_CDS:-auto}" != off ]] && mkdir -p "$cds_dir" 2>/dev/null && [[ -w "$cds_dir" ]]; then
  current=$(stamp | sha256sum | cut -d' ' -f1)
  if [[ ! -f "$cds_dir/stamp" || "$(cat "$cds_dir/stamp")" != "$current" ]]; then
    log "training run for the class data sharing archive (once per image and JVM)"
    rm -f "$archive" "$archive.tmp" "$cds_dir/stamp"
    if ! java "${jvm_flags[@]}" -XX:ArchiveClassesAtExit="$archive.tmp" -Dspring.context.exit=onRefresh -Dserver.port=0 \
         -cp "$classpath" "$main"; then   # its log goes to the container's, e.g. a generated admin password
      rm -f "$archive.tmp"   # e.g. the database not reachable yet: tried again at the next start
      log "training run failed (its log is above); starting without class data sharing"
    elif check=$(java -Xshare:on -XX:SharedArchiveFile="$archive.tmp" -cp "$classpath" -version 2>&1); then
      mv "$archive.tmp" "$archive"
      echo "$current" > "$cds_dir/stamp"
      log "class data sharing archive written: $archive"
    else
      rm -f "$archive.tmp"
      echo "$current" > "$cds_dir/stamp"   # refused by this JVM: not tried again until the image or the JVM changes
      log "this JVM refuses its own archive, starting without class data sharing: $check"
    fi
  fi
  if [[ -f "$archive" ]]; then
    cds_flags=(-XX:SharedArchiveFile="$archive" -Xshare:auto)
  fi
fi

exec java "${jvm_flags[@]}" "${cds_flags[@]}" -cp "$classpath" "$main"
