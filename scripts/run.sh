#!/usr/bin/env bash
# Runs `node "$@"` with Node >= 22.18 (see node-env.sh): the entry point npm scripts use, so that
# `npm run dev` and `npm test` work on a machine whose own node is older.
set -euo pipefail
. "$(dirname "$0")/node-env.sh"
exec node "$@"
