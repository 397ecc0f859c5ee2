#!/bin/sh
# One-shot of docker-compose.yml: registers the stack's registry in the console (through the API, as the admin) and
# an environment "compose" that uses it as the Docker Hub mirror, so checks, test pulls and exports work at once.
# Does nothing when the registry is there already (a restart of the stack).
set -eu
base=${1:-http://console:8080}
auth="${CONSOLE_ADMIN_USERNAME:-admin}:${CONSOLE_ADMIN_PASSWORD}"
api() { curl -fsS -u "$auth" -H 'Content-Type: application/json' -H 'Accept: application/json' "$@"; }

if api "$base/api/v1/registries?size=100" | grep -q '"name":"local"'; then
  echo "console-init: registry 'local' exists already"
  exit 0
fi
registry=$(api -d '{"name":"local","url":"http://registry:5000","insecure":true,"description":"the registry of the compose stack"}' \
  "$base/api/v1/registries" | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
[ -n "$registry" ] || { echo "console-init: could not read the new registry's id" >&2; exit 1; }
api -d '{"name":"compose","description":"Docker Hub through the stack registry","platform":"linux/amd64","registries":[{"registryId":'"$registry"',"role":"MIRROR","mirrorOf":"docker.io","priority":1}]}' \
  "$base/api/v1/environments" >/dev/null
echo "console-init: registered registry 'local' (id $registry) and environment 'compose'"
