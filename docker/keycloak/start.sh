#!/usr/bin/env bash
# Starts a local Keycloak (realm "cmo") on port 8180 without Docker, for dev logins and tests.
#
# The distribution comes from Maven Central through the project's Maven wrapper, is unpacked
# once, and runs in dev mode with the realm in realm.json imported. Safe to run again: if the
# realm already answers, nothing happens.
#
# Environment:
#   KEYCLOAK_HOME     where the distribution lives (default: <repo>/target/keycloak/keycloak-<version>);
#                     its dev database (data/h2) is reset on every start
#   KEYCLOAK_PORT     HTTP port (default 8180)
#   KEYCLOAK_TIMEOUT  seconds to wait for the realm (default 600: its first start builds the server, minutes on a busy machine)
set -euo pipefail

KEYCLOAK_VERSION=26.7.3
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
WORK_DIR="$REPO_DIR/target/keycloak"
KEYCLOAK_HOME="${KEYCLOAK_HOME:-$WORK_DIR/keycloak-$KEYCLOAK_VERSION}"
PORT="${KEYCLOAK_PORT:-8180}"
TIMEOUT="${KEYCLOAK_TIMEOUT:-600}"
LOG="$WORK_DIR/keycloak.log"
PID_FILE="$WORK_DIR/keycloak.pid"
DISCOVERY="http://localhost:$PORT/realms/cmo/.well-known/openid-configuration"

log() { echo "[keycloak] $*"; }

answers() { curl -fs -o /dev/null --max-time 3 "$DISCOVERY" 2>/dev/null; }

if answers; then
  log "already running: $DISCOVERY"
  exit 0
fi

mkdir -p "$WORK_DIR"

if [[ ! -x "$KEYCLOAK_HOME/bin/kc.sh" ]]; then
  zip="$WORK_DIR/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
  if [[ ! -f "$zip" ]]; then
    log "fetching keycloak-quarkus-dist $KEYCLOAK_VERSION from Maven Central (about 177 MB)"
    (cd "$REPO_DIR" && ./mvnw -q -B dependency:copy \
        -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
        -DoutputDirectory="$WORK_DIR")
  fi
  log "unpacking into $KEYCLOAK_HOME"
  # The zip holds one top folder keycloak-<version>; unpack beside KEYCLOAK_HOME, then move.
  unpack_dir="$(mktemp -d "$WORK_DIR/unpack.XXXXXX")"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$zip" -d "$unpack_dir"
  else
    # unzip is not on every CI image; Python's zipfile is. It loses the exec bits, hence chmod.
    python3 -m zipfile -e "$zip" "$unpack_dir"
    chmod +x "$unpack_dir"/keycloak-"$KEYCLOAK_VERSION"/bin/*.sh
  fi
  mkdir -p "$(dirname "$KEYCLOAK_HOME")"
  rm -rf "$KEYCLOAK_HOME"
  mv "$unpack_dir/keycloak-$KEYCLOAK_VERSION" "$KEYCLOAK_HOME"
  rm -rf "$unpack_dir"
fi

# A stale process from an earlier run that never became ready would hold the port.
if [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
  log "process $(cat "$PID_FILE") from the pid file is running but the realm does not answer yet; waiting for it"
else
  # realm.json is the only source of truth: drop the dev database of the previous run, since
  # --import-realm skips a realm that already exists and edits to realm.json would be ignored.
  rm -rf "$KEYCLOAK_HOME/data/h2"
  mkdir -p "$KEYCLOAK_HOME/data/import"
  cp "$SCRIPT_DIR/realm.json" "$KEYCLOAK_HOME/data/import/cmo-realm.json"
  log "starting on port $PORT (log: $LOG)"
  # setsid: own process group, so stop.sh can end Keycloak and its children together
  # and a Ctrl-C in the calling shell does not kill it.
  KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}" \
  KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}" \
    setsid "$KEYCLOAK_HOME/bin/kc.sh" start-dev --http-port="$PORT" --import-realm \
    >"$LOG" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
fi

start=$SECONDS
until answers; do
  if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    log "Keycloak exited before it was ready. Last lines of $LOG:" >&2
    tail -n 40 "$LOG" >&2
    rm -f "$PID_FILE"
    exit 1
  fi
  if (( SECONDS - start >= TIMEOUT )); then
    log "realm not answering at $DISCOVERY after ${TIMEOUT}s. Last lines of $LOG:" >&2
    tail -n 40 "$LOG" >&2
    log "Keycloak is still running as pid $(cat "$PID_FILE"); stop it with docker/keycloak/stop.sh" >&2
    exit 1
  fi
  sleep 2
done
log "ready after $((SECONDS - start))s: $DISCOVERY"
