#!/usr/bin/env bash
# A PostgreSQL primary and a hot standby on this machine, for the read replica (docs/read-replica.md), and the drill
# that stops the standby under load. Run by hand; not part of the build. As root (it runs PostgreSQL as the
# `postgres` OS user) or as `postgres` itself.
#
#   ops/read-replica.sh up              primary on PRIMARY_PORT (initdb, wal_level=replica, replication trusted
#                                       locally), standby on STANDBY_PORT (pg_basebackup -R, streaming, hot_standby)
#   ops/read-replica.sh status          both servers, and the standby's replay position and lag
#   ops/read-replica.sh stop-standby    stops the standby (fast shutdown: its sessions are ended)
#   ops/read-replica.sh start-standby   starts it again; it reconnects to the primary and catches up
#   ops/read-replica.sh drill           the app (prod mode, local tokens) on APP_PORT against both, seeded with
#                                       bench/statements-seed.sql, the statement page under wrk while the standby is
#                                       stopped and started; figures in target/read-replica-drill/
#   ops/read-replica.sh down            stops both and deletes their data folders
#
# Settings: REPLICA_DIR (data folders, default /var/tmp/cmo-read-replica), PRIMARY_PORT (5460), STANDBY_PORT (5461),
# APP_PORT (8701), DRILL_SECONDS (150: the standby stops at a quarter and starts at half way), DRILL_CONNECTIONS (8).
set -euo pipefail
cd "$(dirname "$0")/.."

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DIR=${REPLICA_DIR:-/var/tmp/cmo-read-replica}
PRIMARY_PORT=${PRIMARY_PORT:-5460}
STANDBY_PORT=${STANDBY_PORT:-5461}
APP_PORT=${APP_PORT:-8701}
DB=cmo
PRIMARY="$DIR/primary"
STANDBY="$DIR/standby"

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}
pg() { # port, psql arguments
  local port=$1; shift
  psql -h 127.0.0.1 -p "$port" -U postgres -X -q "$@"
}

up() {
  if [ -d "$PRIMARY" ]; then echo "$PRIMARY exists: ops/read-replica.sh down first" >&2; exit 1; fi
  mkdir -p "$DIR"; chown postgres: "$DIR"; chmod 700 "$DIR"
  as_postgres "$PG_BIN/initdb" -D "$PRIMARY" -U postgres -A trust --no-sync >/dev/null
  as_postgres tee -a "$PRIMARY/postgresql.conf" >/dev/null <<EOF
port = $PRIMARY_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
wal_level = replica
max_wal_senders = 5
max_connections = 200
hot_standby = on
shared_buffers = 256MB
EOF
  # trust for local connections only, replication included: a machine-local drill, never a network setup
  as_postgres tee "$PRIMARY/pg_hba.conf" >/dev/null <<EOF
local   all             all                     trust
host    all             all     127.0.0.1/32    trust
local   replication     all                     trust
host    replication     all     127.0.0.1/32    trust
EOF
  as_postgres "$PG_BIN/pg_ctl" -D "$PRIMARY" -l "$DIR/primary.log" -w start >/dev/null
  pg "$PRIMARY_PORT" -d postgres -c "CREATE DATABASE $DB"
  # the standby: a base backup streaming its WAL, with the connection to the primary written by -R
  as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$STANDBY" -R -X stream -c fast
  as_postgres tee -a "$STANDBY/postgresql.conf" >/dev/null <<EOF
port = $STANDBY_PORT
hot_standby = on
EOF
  start_standby
  status
}

start_standby() {
  as_postgres "$PG_BIN/pg_ctl" -D "$STANDBY" -l "$DIR/standby.log" -w start >/dev/null
  echo "standby started on $STANDBY_PORT"
}

stop_standby() {
  as_postgres "$PG_BIN/pg_ctl" -D "$STANDBY" -m fast -w stop >/dev/null
  echo "standby stopped"
}

status() {
  echo "primary ($PRIMARY_PORT): $(pg "$PRIMARY_PORT" -d postgres -Atc "SELECT CASE WHEN pg_is_in_recovery() THEN 'standby?!' ELSE 'primary, WAL at ' || pg_current_wal_lsn() END" 2>&1)"
  echo "standby ($STANDBY_PORT): $(pg "$STANDBY_PORT" -d postgres -Atc "SELECT CASE WHEN pg_is_in_recovery() THEN 'in recovery, replayed ' || pg_last_wal_replay_lsn() || ', last replayed transaction ' || coalesce(round(extract(epoch FROM now() - pg_last_xact_replay_timestamp()))::text, '-') || ' s ago' ELSE 'not a standby' END" 2>&1)"
  pg "$PRIMARY_PORT" -d postgres -Atc "SELECT 'replication: ' || application_name || ' ' || state || ', replay lag ' || coalesce(replay_lag::text, '0') FROM pg_stat_replication" 2>&1 || true
}

down() {
  for d in "$STANDBY" "$PRIMARY"; do
    [ -f "$d/postmaster.pid" ] && as_postgres "$PG_BIN/pg_ctl" -D "$d" -m fast -w stop >/dev/null || true
  done
  rm -rf "$DIR"
  echo "both stopped, $DIR removed"
}

# ---------------------------------------------------------------- the drill
ready_figures() { # the read replica's line of the readiness check, as key=value
  curl -s --max-time 4 "http://127.0.0.1:$APP_PORT/q/health/ready" | python3 -c '
import json, sys
try:
    checks = json.load(sys.stdin)["checks"]
except ValueError:
    checks = []
    print("(no answer within 4 s)")
for c in checks:
    if c["name"] == "read replica":
        d = c.get("data", {})
        print(" ".join(f"{k}={d[k]}" for k in ("state", "reads-replica", "reads-primary-unreachable", "reads-primary-lagging", "replica-statements", "moved-to-primary") if k in d))'
}

drill() {
  command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
  [ -d "$STANDBY" ] || { echo "no standby: ops/read-replica.sh up first" >&2; exit 1; }
  local out=target/read-replica-drill seconds=${DRILL_SECONDS:-150} connections=${DRILL_CONNECTIONS:-8}
  mkdir -p "$out"
  . bench/local-tokens.sh
  local_tokens_init target/bench-tokens
  [ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests

  echo "== the app on $APP_PORT: primary $PRIMARY_PORT, replica $STANDBY_PORT"
  env QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PRIMARY_PORT/$DB" \
  CMO_REPLICA_JDBC_URL="jdbc:postgresql://127.0.0.1:$STANDBY_PORT/$DB" \
  QUARKUS_DATASOURCE_USERNAME=cmo_app QUARKUS_DATASOURCE_PASSWORD=cmo_app \
  QUARKUS_DATASOURCE_MIGRATION_USERNAME=postgres QUARKUS_DATASOURCE_MIGRATION_PASSWORD=unused \
  CMO_APP_PASSWORD=cmo_app \
  QUARKUS_OIDC_AUTH_SERVER_URL= QUARKUS_OIDC_APPLICATION_TYPE=service "QUARKUS_OIDC_PUBLIC_KEY=$LOCAL_TOKENS_PUBLIC" \
  QUARKUS_OIDC_CLIENT_ID=cmo-portal \
  CMO_SESSION_SECRET=drill-only-session-secret-0123456789abcdef \
  CMO_PAYEE_KEY=YmVuY2gtb25seS1wYXllZS1rZXktMDEyMzQ1Njc4OTA= \
  QUARKUS_HTTP_PORT="$APP_PORT" \
    java -Xmx1g -jar target/quarkus-app/quarkus-run.jar > "$out/app.log" 2>&1 &
  local app=$!
  trap "kill $app 2>/dev/null || true" EXIT
  for _ in $(seq 1 90); do curl -sf "http://127.0.0.1:$APP_PORT/q/health/ready" >/dev/null && break; sleep 1; done
  curl -sf "http://127.0.0.1:$APP_PORT/q/health/ready" >/dev/null || { tail -40 "$out/app.log"; exit 1; }

  if [ "$(pg "$PRIMARY_PORT" -d "$DB" -Atc "SELECT count(*) FROM tenant WHERE id = 'bench'")" = 0 ]; then
    echo "== seeding (bench/statements-seed.sql)"
    pg "$PRIMARY_PORT" -d "$DB" -f bench/statements-seed.sql
  fi
  local statement
  statement=$(pg "$PRIMARY_PORT" -d "$DB" -Atc "SELECT s.id FROM statement s JOIN period p ON p.id = s.period_id WHERE s.tenant_id = 'bench' AND p.label = '2025-P8' AND s.member_ref = 'alice'")
  for _ in $(seq 1 60); do # the standby has the seed
    [ "$(pg "$STANDBY_PORT" -d "$DB" -Atc "SELECT count(*) FROM statement WHERE id = $statement" 2>/dev/null)" = 1 ] && break; sleep 1
  done
  local page="http://127.0.0.1:$APP_PORT/t/bench/statements/$statement" token
  token=$(local_token alice)
  test "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$page")" = 200 || { echo "$page does not answer 200" >&2; exit 1; }
  echo "== warm-up 30 s"
  wrk -t2 -c"$connections" -d30s --timeout 10s -H "Authorization: Bearer $token" "$page" | grep -E "Requests/sec|Non-2xx|Socket errors" || true

  echo "== $seconds s of statement reads, $connections connections; the standby stops at $((seconds / 4)) s and starts at $((seconds / 2)) s"
  { uptime; } > "$out/uptime.txt"
  wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency -H "Authorization: Bearer $token" "$page" > "$out/wrk.txt" &
  local load=$! begun=$SECONDS stopped= started= t
  : > "$out/figures.txt"
  while kill -0 "$load" 2>/dev/null; do
    t=$((SECONDS - begun))
    echo "t=${t}s $(ready_figures)" | tee -a "$out/figures.txt"
    if [ -z "$stopped" ] && [ "$t" -ge $((seconds / 4)) ]; then stop_standby | sed "s/^/t=$((SECONDS - begun))s /" | tee -a "$out/figures.txt"; stopped=1; fi
    if [ -z "$started" ] && [ "$t" -ge $((seconds / 2)) ]; then start_standby | sed "s/^/t=$((SECONDS - begun))s /" | tee -a "$out/figures.txt"; started=1; fi
    sleep 5
  done
  wait "$load" || true
  echo "t=end $(ready_figures)" | tee -a "$out/figures.txt"
  cat "$out/wrk.txt"
  grep -E "read replica|reads go to the primary" "$out/app.log" | tail -10 || true
  uptime
}

case "${1:-}" in
  up) up ;;
  status) status ;;
  stop-standby) stop_standby ;;
  start-standby) start_standby ;;
  drill) drill ;;
  down) down ;;
  *) sed -n '2,18p' "$0"; exit 2 ;;
esac
