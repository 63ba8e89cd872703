#!/usr/bin/env bash
# Benchmark of the period workflow end to end through the API, against a real PostgreSQL and Keycloak:
# a period with FILINGS (10) accepted filings, one usage line per filing and ref over REFS (100,000) member refs
# (1,000,000 lines). Times calculate, approve and distribute (and reading the distribution and the payout file)
# with the packaged app in prod mode (heap BENCH_HEAP, 1g), then, in the same run, the engine's period case
# (bench/engine.sh; ENGINE_CASE "default" for its 10 filings over 1,000,000 random refs, "workflow" for this
# period's shape, "none" to skip) and the ratio of calculate + distribute to the engine's median; and the limit the
# issue names for a database-backed run, measured in the same run: the engine plus the same rows streamed out and
# loaded by psql alone (bench/workflow-limit.sh).
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres, trust auth), BENCH_DB (cmo_bench_workflow),
# BENCH_PORT (8193), KEYCLOAK_URL (http://localhost:8180/realms/cmo). Pass --build to package first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DB="${BENCH_DB:-cmo_bench_workflow}"
PORT="${BENCH_PORT:-8193}"
KEYCLOAK_URL="${KEYCLOAK_URL:-http://localhost:8180/realms/cmo}"
TENANT=benchguild
PERIOD=2026-Q3
LOG=target/bench-workflow.log
FILINGS="${FILINGS:-10}"
REFS="${REFS:-100000}"
ENGINE_CASE="${ENGINE_CASE:-default}"
BUILD="${1:-}"
echo "load before the run: $(uptime)"
source bench/app.sh
bench_start_app "${BENCH_HEAP:-1g}" "$LOG"

OLIVIA=$(token olivia); NADIA=$(token nadia); NOAH=$(token noah)
api() { # user-token method path [json]
    curl -fsS -X "$2" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' ${4:+-d "$4"} "$APP$3"
}

api "$OLIVIA" POST /api/v1/tenants '{"slug":"'$TENANT'","name":"Bench Guild","currency":"USD","adminFeeRate":"0.10",
  "categories":[{"key":"news","name":"News"},{"key":"code","name":"Code","rule":"EQUAL_SHARES"}]}' >/dev/null
api "$OLIVIA" POST /api/v1/tenants/$TENANT/admins '{"username":"nadia"}' >/dev/null
api "$OLIVIA" POST /api/v1/tenants/$TENANT/admins '{"username":"noah"}' >/dev/null
api "$OLIVIA" POST /api/v1/builders '{"slug":"acme-ai","name":"Acme AI","admin":"bruno"}' >/dev/null
api "$NADIA" POST /api/v1/tenants/$TENANT/licences '{"builder":"acme-ai"}' >/dev/null
api "$NADIA" POST /api/v1/tenants/$TENANT/periods '{"label":"'$PERIOD'"}' >/dev/null

SEED_START=$(date +%s.%N)
psql -q -d "$DB" -v tenant=$TENANT -v period=$PERIOD -v filings="$FILINGS" -v refs="$REFS" -f bench/workflow-seed.sql >/dev/null
echo "seeded $((FILINGS * REFS)) usage lines in $(echo "$(date +%s.%N) - $SEED_START" | bc | cut -c1-5) s"

api "$NADIA" POST /api/v1/tenants/$TENANT/periods/$PERIOD/close >/dev/null
NADIA=$(token nadia)
for id in $(psql -Atq -d "$DB" -c "SELECT id FROM filing WHERE tenant_id = '$TENANT' ORDER BY id"); do
    api "$NADIA" POST /api/v1/tenants/$TENANT/periods/$PERIOD/filings/$id/accept '{}' >/dev/null
done

declare -A SECONDS_OF
timed() { # label user method path; a fresh token each time (a large period outlasts the token's 5 minutes)
    local out bearer
    bearer=$(token "$2")
    out=$(curl -fsS -o target/bench-workflow-$1.out -w '%{http_code} %{time_total}' -X "$3" -H "Authorization: Bearer $bearer" "$APP$4")
    printf '%-13s HTTP %s  %6.2f s\n' "$1" ${out% *} ${out#* }
    SECONDS_OF[$1]=${out#* }
}
timed calculate nadia POST /api/v1/tenants/$TENANT/periods/$PERIOD/calculate
timed distribution noah GET /api/v1/tenants/$TENANT/periods/$PERIOD/distribution
timed approve noah POST /api/v1/tenants/$TENANT/periods/$PERIOD/approve
timed distribute nadia POST /api/v1/tenants/$TENANT/periods/$PERIOD/distribute
timed payout-file nadia GET /api/v1/tenants/$TENANT/periods/$PERIOD/payout-file
jq -c '{lines, tenantGross, fees, paid, suspense, suspenseRefs: (.suspenseByRef | length)}' target/bench-workflow-calculate.out
psql -Atq -d "$DB" -c "SELECT 'run lines ' || count(*) FROM run_line" -c "SELECT 'statements ' || count(*) || ', statement lines ' || (SELECT count(*) FROM statement_line) FROM statement"
echo "app's peak resident memory: $(grep VmHWM /proc/$APP_PID/status | awk '{print $2/1024 " MB"}')"
kill $APP_PID 2>/dev/null || true
wait $APP_PID 2>/dev/null || true
echo "load after the run: $(uptime)"

# The limit measured in the same run: the same reads and writes by psql alone, no engine (bench/workflow-limit.sh)
LIMIT_OUT=$(bench/workflow-limit.sh "$DB" "$TENANT" "$PERIOD")
echo "$LIMIT_OUT"
LIMIT_S=$(echo "$LIMIT_OUT" | sed -nE 's/^limit: ([0-9.]+) s$/\1/p')

if [ "$ENGINE_CASE" != none ]; then
    if [ "$ENGINE_CASE" = workflow ]; then set -- period "$FILINGS" "$REFS"; else set --; fi
    ENGINE_ALL=$(ENGINE_SKIP_BUILD=${ENGINE_SKIP_BUILD:-} bench/engine.sh "$@")
    echo "$ENGINE_ALL"
    ENGINE_OUT=$(echo "$ENGINE_ALL" | grep '^period')
    MEDIAN_MS=$(echo "$ENGINE_OUT" | sed -E 's/.*median +([0-9]+) ms.*/\1/')
    BOTH=$(echo "${SECONDS_OF[calculate]} + ${SECONDS_OF[distribute]}" | bc)
    echo "calculate + distribute: $BOTH s; engine's period case, median: $MEDIAN_MS ms; ratio $(echo "scale=2; $BOTH * 1000 / $MEDIAN_MS" | bc)"
    FLOOR=$(echo "scale=3; $MEDIAN_MS / 1000 + $LIMIT_S" | bc)
    echo "engine + COPY limit: $FLOOR s ($(echo "scale=2; $FLOOR * 1000 / $MEDIAN_MS" | bc) times the engine); calculate + distribute against it: $(echo "scale=2; $BOTH / $FLOOR" | bc)"
fi
