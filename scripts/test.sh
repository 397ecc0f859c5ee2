#!/usr/bin/env bash
# Runs every test of the console: installs the Debian packages the tests need when they are
# missing, starts PostgreSQL on loopback for the PostgreSQL test run, then runs the Maven build.
# Registries (docker-registry), skopeo, nginx, ... are started by the tests themselves.
# Extra arguments go to Maven, e.g.  scripts/test.sh -Dtest=ImageReferenceTest
set -euo pipefail
cd "$(dirname "$0")/.."

# command that must exist -> Debian package that provides it
declare -A NEEDED=(
  [docker-registry]=docker-registry
  [skopeo]=skopeo
  [nginx]=nginx
  [ctr]=containerd
  [kubectl]=kubernetes-client
  [dockerd]=docker.io
  [docker-compose]=docker-compose
  [openssl]=openssl
  [curl]=curl
  [pg_ctlcluster]=postgresql
  [prometheus]=prometheus
  [chromium]=chromium
  [chromedriver]=chromium-driver
  [npm]=npm
  [tinyproxy]=tinyproxy
  [systemd-analyze]=systemd
  [unshare]=util-linux
  [debootstrap]=debootstrap
)

missing=()
for cmd in "${!NEEDED[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin" command -v "$cmd" >/dev/null 2>&1 || missing+=("${NEEDED[$cmd]}")
done
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then missing+=(postgresql); fi
if ((${#missing[@]})); then
  echo "Installing missing test packages: ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# axe-core (accessibility checks injected by the browser tests), pinned in frontend/package-lock.json
if [[ ! -f frontend/node_modules/axe-core/axe.min.js ]]; then
  npm ci --prefix frontend --ignore-scripts --no-audit --no-fund
fi

source scripts/postgres-test-server.sh
start_test_postgres
trap stop_test_postgres EXIT

./mvnw -B -ntp verify "$@"
