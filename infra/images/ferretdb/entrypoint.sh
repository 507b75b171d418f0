#!/bin/bash
set -euo pipefail
flags=(-listen 0.0.0.0:27017 -data-dir /data/db)
if [ -n "${MONGO_INITDB_ROOT_USERNAME:-}" ]; then
  flags+=(-auth -setup-username "$MONGO_INITDB_ROOT_USERNAME" -setup-database admin)
  export FERRETDB_SETUP_PASSWORD="${MONGO_INITDB_ROOT_PASSWORD:?MONGO_INITDB_ROOT_PASSWORD is needed with a user}"
fi
exec /usr/local/bin/ferretdb "${flags[@]}" "$@"
