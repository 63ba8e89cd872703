#!/usr/bin/env bash
# Stops the Keycloak started by start.sh (the process group recorded in its pid file).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
PID_FILE="$REPO_DIR/target/keycloak/keycloak.pid"

log() { echo "[keycloak] $*"; }

if [[ ! -f "$PID_FILE" ]]; then
  log "not started by start.sh (no pid file); nothing to stop"
  exit 0
fi
pid="$(cat "$PID_FILE")"
if ! kill -0 "$pid" 2>/dev/null; then
  log "process $pid is already gone"
  rm -f "$PID_FILE"
  exit 0
fi

log "stopping process group $pid"
kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
for _ in $(seq 1 30); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
if kill -0 "$pid" 2>/dev/null; then
  log "still running after 30s; killing"
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"
fi
rm -f "$PID_FILE"
log "stopped"
