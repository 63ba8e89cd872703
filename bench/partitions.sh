#!/usr/bin/env bash
# Partitions (issue 20): the statement page and the period board on a database of BIG_USAGE usage lines (100,000,000 by
# default: PERIODS periods x FILINGS filings x BIG_USAGE_PER_FILING lines) against one of 1,000,000, in the same run,
# with the same app build, heap and connections as bench/statements.sh. Both databases are generated in SQL
# (bench/partitions-period.sql, one distributed period at a time); then, for each database, the app (prod mode) is
# started on it, both pages are warmed, and wrk measures them; the script prints the ratios big/small.
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres, trust auth), BENCH_PORT (8393), BENCH_DB_PREFIX
# (part_bench), PERIODS (10), FILINGS (10), BIG_USAGE_PER_FILING (1000000), SMALL_USAGE_PER_FILING (10000),
# BIG_MEMBERS (100000) and SMALL_MEMBERS (10000) (members with a statement and a run line per filing each period),
# BENCH_DURATION (30s), BENCH_CONNECTIONS ("16 64"), BENCH_WARMUP_ROUNDS (3), KEEP_DATA=1 to keep the databases,
# REUSE=1 to measure databases kept from an earlier run, SEED=big to generate only that one. Pass --build to package first. Tokens are signed locally
# (bench/local-tokens.sh): no Keycloak needed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
PORT="${BENCH_PORT:-8393}"
PREFIX="${BENCH_DB_PREFIX:-part_bench}"
PERIODS="${PERIODS:-10}"
FILINGS="${FILINGS:-10}"
BIG_USAGE="${BIG_USAGE_PER_FILING:-1000000}"
SMALL_USAGE="${SMALL_USAGE_PER_FILING:-10000}"
BIG_MEMBERS="${BIG_MEMBERS:-100000}"
SMALL_MEMBERS="${SMALL_MEMBERS:-10000}"
DURATION="${BENCH_DURATION:-30s}"
CONNECTIONS="${BENCH_CONNECTIONS:-16 64}"
WARMUP_ROUNDS="${BENCH_WARMUP_ROUNDS:-3}"
THREADS="${BENCH_THREADS:-2}"
BUILD="${1:-}"
KEYCLOAK_URL="${KEYCLOAK_URL:-http://localhost:8180/realms/cmo}"
BENCH_TOKENS=local
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
pg_isready -q || { echo "no PostgreSQL at $PGHOST:$PGPORT (trust auth expected)" >&2; exit 1; }
echo "load before the run: $(uptime)"

DB=${PREFIX}_schema
source bench/app.sh

# The app's own migrations make each schema (the app is started on the empty database, then stopped).
migrated() { # db
    DB=$1
    bench_start_app 1g "target/bench-partitions-$1.log"
    kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
}

seed() { # db usage-per-filing members
    local start=$(date +%s)
    migrated "$1"
    psql -q -d "$1" -v ON_ERROR_STOP=1 -v members="$3" <<'SQL'
BEGIN;
INSERT INTO tenant (id, name, currency, admin_fee_rate) VALUES ('bench', 'Bench Guild', 'USD', 0.1);
INSERT INTO category (tenant_id, key, name)
    SELECT 'bench', k, initcap(k) FROM unnest(ARRAY['news', 'code', 'books', 'images', 'audio']) k;
INSERT INTO member (tenant_id, ref, name) VALUES ('bench', 'alice', 'Alice Archer');
INSERT INTO member (tenant_id, ref, name)
    SELECT 'bench', 'm' || lpad(i::text, 7, '0'), 'Member ' || i FROM generate_series(1, :members) i;
INSERT INTO builder_org (slug, name) VALUES ('bench-acme', 'Acme AI');
INSERT INTO licence (tenant_id, builder_id, granted_by) SELECT 'bench', id, 'bench' FROM builder_org WHERE slug = 'bench-acme';
INSERT INTO app_user (username) VALUES ('alice'), ('nadia');
INSERT INTO affiliation (user_id, kind, tenant_id, member_ref) SELECT id, 'MEMBER', 'bench', 'alice' FROM app_user WHERE username = 'alice';
INSERT INTO affiliation (user_id, kind, tenant_id) SELECT id, 'TENANT_ADMIN', 'bench' FROM app_user WHERE username = 'nadia';
COMMIT;
SQL
    for p in $(seq 1 "$PERIODS"); do
        psql -q -d "$1" -v label="2026-P$p" -v filings="$FILINGS" -v usage="$2" -v members="$3" \
            -f bench/partitions-period.sql >/dev/null
        echo "  $1: period 2026-P$p seeded ($(( $(date +%s) - start )) s so far)"
    done
    psql -q -d "$1" -c "ANALYZE"
    echo "  $1 seeded in $(( $(date +%s) - start )) s: $(psql -Atq -d "$1" -c "SELECT to_char(count(*), 'FM999,999,999,999') FROM filing_usage") usage lines," \
         "$(psql -Atq -d "$1" -c "SELECT to_char(count(*), 'FM999,999,999,999') FROM run_line") run lines," \
         "$(psql -Atq -d "$1" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
}

BIG=${PREFIX}_big
SMALL=${PREFIX}_small
if [ "${REUSE:-}" != 1 ]; then
    [ "$BUILD" = --build ] && ./mvnw -B -q package -DskipTests
    BUILD=
    echo "== generating $SMALL ($PERIODS x $FILINGS x $SMALL_USAGE usage lines) and $BIG ($PERIODS x $FILINGS x $BIG_USAGE)"
    case " ${SEED:-small big} " in *" small "*) seed "$SMALL" "$SMALL_USAGE" "$SMALL_MEMBERS" ;; esac
    case " ${SEED:-small big} " in *" big "*) seed "$BIG" "$BIG_USAGE" "$BIG_MEMBERS" ;; esac
fi

declare -A RPS
measure() { # db
    DB=$1
    start_on "$1"
    local t_alice t_nadia statement page board
    statement=$(psql -Atq -d "$1" -c "SELECT s.id FROM statement s JOIN period p ON p.id = s.period_id WHERE s.tenant_id = 'bench' AND p.label = '2026-P$PERIODS' AND s.member_ref = 'alice'")
    page="$APP/t/bench/statements/$statement"
    board="$APP/t/bench/admin/periods/2026-P$PERIODS"
    echo "== $1: statement $statement has $(psql -Atq -d "$1" -c "SELECT count(*) FROM statement_line WHERE statement_id = $statement") lines"
    run() { # name url who duration connections
        local t; t=$(local_token "$3")
        test "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $t" "$2")" = 200 || { echo "$2 does not answer 200" >&2; exit 1; }
        wrk -t"$THREADS" -c"$5" -d"$4" --latency -H "Authorization: Bearer $t" "$2"
    }
    for i in $(seq 1 "$WARMUP_ROUNDS"); do
        echo "warm-up $i: statement page $(run s "$page" alice 20s 32 | grep Requests/sec)"
        echo "warm-up $i: period board $(run b "$board" nadia 20s 32 | grep Requests/sec)"
    done
    for c in $CONNECTIONS; do
        for what in statement board; do
            local url=$page who=alice
            [ $what = board ] && { url=$board; who=nadia; }
            echo "-- $1, $what, $c connections: $url"
            out=$(run "$what" "$url" "$who" "$DURATION" "$c")
            echo "$out" | grep -E 'Latency |50%|99%|Requests/sec|Non-2xx|errors' || true
            RPS[$1-$what-$c]=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
        done
    done
    echo "app's peak resident memory: $(grep VmHWM /proc/$APP_PID/status | awk '{print $2/1024 " MB"}')"
    kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
}

# as bench_start_app, on a database that is kept (the app migrates nothing more: the schema is current)
start_on() { # db
    QUARKUS_HTTP_PORT=$PORT \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$1" \
    QUARKUS_DATASOURCE_USERNAME=cmo_app QUARKUS_DATASOURCE_PASSWORD=cmo_app CMO_APP_PASSWORD=cmo_app \
    QUARKUS_DATASOURCE_MIGRATION_USERNAME="$PGUSER" QUARKUS_DATASOURCE_MIGRATION_PASSWORD=unused \
    QUARKUS_OIDC_CLIENT_ID=cmo-portal QUARKUS_OIDC_CREDENTIALS_SECRET=cmo-portal-secret \
    CMO_SESSION_SECRET=bench-only-session-secret-0123456789abcdef \
    CMO_PAYEE_KEY=YmVuY2gtb25seS1wYXllZS1rZXktMDEyMzQ1Njc4OTA= \
        env "${OIDC_ENV[@]}" java -Xmx1g -jar target/quarkus-app/quarkus-run.jar >"target/bench-partitions-$1.log" 2>&1 &
    APP_PID=$!
    trap 'kill $APP_PID 2>/dev/null || true' EXIT
    for _ in $(seq 1 120); do
        curl -fs -o /dev/null "$APP/q/health/ready" && return 0
        kill -0 $APP_PID 2>/dev/null || { echo "the app stopped; see target/bench-partitions-$1.log" >&2; exit 1; }
        sleep 1
    done
    echo "the app did not get ready in 120 s" >&2; exit 1
}

measure "$SMALL"
echo "load between: $(uptime)"
measure "$BIG"
echo "load after the run: $(uptime)"
for c in $CONNECTIONS; do
    for what in statement board; do
        printf '%-9s %3s connections: small %8s req/s, big %8s req/s, big/small %s\n' "$what" "$c" "${RPS[$SMALL-$what-$c]}" \
            "${RPS[$BIG-$what-$c]}" "$(echo "scale=3; ${RPS[$BIG-$what-$c]} / ${RPS[$SMALL-$what-$c]}" | bc)"
    done
done
if [ "${KEEP_DATA:-}" != 1 ]; then dropdb --if-exists "$BIG"; dropdb --if-exists "$SMALL"; fi
