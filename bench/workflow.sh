#!/usr/bin/env bash
# Benchmark of the period workflow end to end through the API, against a real PostgreSQL and Keycloak:
# a period with 10 accepted filings, 1,000,000 usage lines over 100,000 member refs. Times calculate,
# approve and distribute (and reading the distribution and the payout file) with the packaged app in prod mode.
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres, trust auth), BENCH_DB (cmo_bench_workflow),
# BENCH_PORT (8193), KEYCLOAK_URL (http://localhost:8180/realms/cmo). Pass --build to package first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DB="${BENCH_DB:-cmo_bench_workflow}"
PORT="${BENCH_PORT:-8193}"
KEYCLOAK_URL="${KEYCLOAK_URL:-http://localhost:8180/realms/cmo}"
APP="http://localhost:$PORT"
TENANT=benchguild
PERIOD=2026-Q3
LOG=target/bench-workflow.log

if [ "${1:-}" = "--build" ] || [ ! -f target/quarkus-app/quarkus-run.jar ]; then
    ./mvnw -B -q package -DskipTests
fi
docker/keycloak/start.sh >/dev/null

if curl -s -o /dev/null "$APP/"; then
    echo "port $PORT is taken by another program; set BENCH_PORT" >&2
    exit 1
fi
psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

QUARKUS_HTTP_PORT=$PORT \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
QUARKUS_DATASOURCE_USERNAME=cmo_app QUARKUS_DATASOURCE_PASSWORD=cmo_app CMO_APP_PASSWORD=cmo_app \
QUARKUS_DATASOURCE_MIGRATION_USERNAME="$PGUSER" QUARKUS_DATASOURCE_MIGRATION_PASSWORD=unused \
QUARKUS_OIDC_AUTH_SERVER_URL="$KEYCLOAK_URL" QUARKUS_OIDC_CLIENT_ID=cmo-portal QUARKUS_OIDC_CREDENTIALS_SECRET=cmo-portal-secret \
CMO_SESSION_SECRET=bench-only-session-secret-0123456789abcdef \
    java -Xmx1g -jar target/quarkus-app/quarkus-run.jar >"$LOG" 2>&1 &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
    curl -fs -o /dev/null "$APP/q/health/ready" && break
    kill -0 $APP_PID 2>/dev/null || { echo "the app stopped; see $LOG" >&2; exit 1; }
    sleep 1
done

token() {
    curl -fs "$KEYCLOAK_URL/protocol/openid-connect/token" -d grant_type=password -d client_id=cmo-portal \
        -d client_secret=cmo-portal-secret -d username="$1" -d password=demo | jq -r .access_token
}
OLIVIA=$(token olivia); NADIA=$(token nadia); NOAH=$(token noah)
api() { # user-token method path [json]
    curl -fsS -X "$2" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' ${4:+-d "$4"} "$APP$3"
}

api "$OLIVIA" POST /api/v1/tenants '{"slug":"'$TENANT'","name":"Bench Guild","currency":"USD","adminFeeRate":"0.10",
  "categories":[{"key":"news","name":"News"},{"key":"code","name":"Code","rule":"EQUAL_SHARES"}]}' >/dev/null
api "$OLIVIA" POST /api/v1/tenants/$TENANT/admins '{"username":"nadia"}' >/dev/null
api "$OLIVIA" POST /api/v1/tenants/$TENANT/admins '{"username":"noah"}' >/dev/null
api "$NADIA" POST /api/v1/tenants/$TENANT/licences '{"builder":"acme-ai","name":"Acme AI","usernames":["bruno"]}' >/dev/null
api "$NADIA" POST /api/v1/tenants/$TENANT/periods '{"label":"'$PERIOD'"}' >/dev/null

SEED_START=$(date +%s.%N)
psql -q -d "$DB" -v tenant=$TENANT -v period=$PERIOD -f bench/workflow-seed.sql >/dev/null
echo "seeded 1,000,000 usage lines in $(echo "$(date +%s.%N) - $SEED_START" | bc | cut -c1-5) s"

api "$NADIA" POST /api/v1/tenants/$TENANT/periods/$PERIOD/close >/dev/null
for id in $(psql -Atq -d "$DB" -c "SELECT id FROM filing WHERE tenant_id = '$TENANT' ORDER BY id"); do
    api "$NADIA" POST /api/v1/tenants/$TENANT/periods/$PERIOD/filings/$id/accept '{}' >/dev/null
done

timed() { # label user method path
    local out
    out=$(curl -fsS -o target/bench-workflow-$1.out -w '%{http_code} %{time_total}' -X "$3" -H "Authorization: Bearer $2" "$APP$4")
    printf '%-13s HTTP %s  %6.2f s\n' "$1" ${out% *} ${out#* }
}
timed calculate "$NADIA" POST /api/v1/tenants/$TENANT/periods/$PERIOD/calculate
timed distribution "$NOAH" GET /api/v1/tenants/$TENANT/periods/$PERIOD/distribution
timed approve "$NOAH" POST /api/v1/tenants/$TENANT/periods/$PERIOD/approve
timed distribute "$NADIA" POST /api/v1/tenants/$TENANT/periods/$PERIOD/distribute
timed payout-file "$NADIA" GET /api/v1/tenants/$TENANT/periods/$PERIOD/payout-file
jq -c '{lines, tenantGross, fees, paid, suspense, suspenseRefs: (.suspenseByRef | length)}' target/bench-workflow-calculate.out
psql -Atq -d "$DB" -c "SELECT 'run lines ' || count(*) FROM run_line" -c "SELECT 'statements ' || count(*) || ', statement lines ' || (SELECT count(*) FROM statement_line) FROM statement"
