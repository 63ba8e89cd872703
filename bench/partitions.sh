#!/usr/bin/env bash
# Partitions (issue 20): the statement page and the period board on a database of BIG_USAGE usage lines (100,000,000 by
# default: PERIODS periods x FILINGS filings x BIG_USAGE_PER_FILING lines) against one of 1,000,000, in the same run,
# with the same app build, heap and connections as bench/statements.sh. Both databases are generated in SQL
# (bench/partitions-period.sql, one distributed period at a time); then, for each database, the app (prod mode) is
# started on it (both at once, BENCH_PORT and BENCH_PORT + 100), both pages are warmed, and wrk measures them in
# alternation, small then big; the script prints the ratios big/small.
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
    echo "  $1 seeded in $(( $(date +%s) - start )) s: $(psql -Atq -d "$1" -c "SELECT to_char(count(*), 'FM999,999,999,999') FROM $(psql -Atq -d "$1" -c "SELECT coalesce(to_regclass('filing_usage_pair')::text, 'filing_usage')")") usage lines," \
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

# Both apps run at once, one per database (ports BENCH_PORT and BENCH_PORT + 100), and are measured in alternation,
# small then big, round after round: on a shared machine whose load moves, each pair of figures sees the same load.
start_on() { # db port log -> pid on stdout
    QUARKUS_HTTP_PORT=$2 \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$1" \
    QUARKUS_DATASOURCE_USERNAME=cmo_app QUARKUS_DATASOURCE_PASSWORD=cmo_app CMO_APP_PASSWORD=cmo_app \
    QUARKUS_DATASOURCE_MIGRATION_USERNAME="$PGUSER" QUARKUS_DATASOURCE_MIGRATION_PASSWORD=unused \
    QUARKUS_OIDC_CLIENT_ID=cmo-portal QUARKUS_OIDC_CREDENTIALS_SECRET=cmo-portal-secret \
    CMO_SESSION_SECRET=bench-only-session-secret-0123456789abcdef \
    CMO_PAYEE_KEY=YmVuY2gtb25seS1wYXllZS1rZXktMDEyMzQ1Njc4OTA= \
        env "${OIDC_ENV[@]}" java -Xmx1g -jar target/quarkus-app/quarkus-run.jar >"$3" 2>&1 &
    echo $!
}
ready() { # port pid log
    for _ in $(seq 1 180); do
        curl -fs -o /dev/null "http://localhost:$1/q/health/ready" && return 0
        kill -0 "$2" 2>/dev/null || { echo "the app stopped; see $3" >&2; exit 1; }
        sleep 1
    done
    echo "the app on port $1 did not get ready in 180 s" >&2; exit 1
}
SMALL_PORT=$PORT; BIG_PORT=$((PORT + 100))
SMALL_PID=$(start_on "$SMALL" "$SMALL_PORT" target/bench-partitions-small.log)
BIG_PID=$(start_on "$BIG" "$BIG_PORT" target/bench-partitions-big.log)
trap 'kill $SMALL_PID $BIG_PID 2>/dev/null || true' EXIT
ready "$SMALL_PORT" "$SMALL_PID" target/bench-partitions-small.log
ready "$BIG_PORT" "$BIG_PID" target/bench-partitions-big.log

declare -A URL WHO RPS P50 P99
for size in small big; do
    db=$SMALL; port=$SMALL_PORT
    [ $size = big ] && { db=$BIG; port=$BIG_PORT; }
    statement=$(psql -Atq -d "$db" -c "SELECT s.id FROM statement s JOIN period p ON p.id = s.period_id WHERE s.tenant_id = 'bench' AND p.label = '2026-P$PERIODS' AND s.member_ref = 'alice'")
    URL[$size-statement]="http://127.0.0.1:$port/t/bench/statements/$statement"; WHO[statement]=alice
    URL[$size-board]="http://127.0.0.1:$port/t/bench/admin/periods/2026-P$PERIODS"; WHO[board]=nadia
    echo "== $db: $(psql -Atq -d "$db" -c "SELECT to_char(sum(reltuples), 'FM999,999,999,999') FROM pg_class WHERE relname LIKE 'filing_usage_p%' AND relkind = 'r'") usage rows (blocks of pairs since V49)," \
         "$(psql -Atq -d "$db" -c "SELECT to_char(sum(reltuples), 'FM999,999,999,999') FROM pg_class WHERE relname LIKE 'run_line_p%' AND relkind = 'r'") run lines (estimates)," \
         "$(psql -Atq -d "$db" -c "SELECT pg_size_pretty(pg_database_size(current_database()))"); statement $statement has" \
         "$(psql -Atq -d "$db" -c "SELECT count(*) FROM statement_line WHERE statement_id = $statement") lines"
done

run() { # url who duration connections
    local t; t=$(local_token "$2")
    test "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $t" "$1")" = 200 || { echo "$1 does not answer 200" >&2; exit 1; }
    wrk -t"$THREADS" -c"$4" -d"$3" --latency -H "Authorization: Bearer $t" "$1"
}
for i in $(seq 1 "$WARMUP_ROUNDS"); do
    for what in statement board; do
        for size in small big; do
            echo "warm-up $i: $size $what $(run "${URL[$size-$what]}" "${WHO[$what]}" 20s 32 | grep Requests/sec)"
        done
    done
done
for c in $CONNECTIONS; do
    for what in statement board; do
        for size in small big; do
            out=$(run "${URL[$size-$what]}" "${WHO[$what]}" "$DURATION" "$c")
            RPS[$size-$what-$c]=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
            P50[$size-$what-$c]=$(echo "$out" | awk '$1 == "50%" {print $2}')
            P99[$size-$what-$c]=$(echo "$out" | awk '$1 == "99%" {print $2}')
            echo "-- $size $what, $c connections: ${RPS[$size-$what-$c]} req/s, p50 ${P50[$size-$what-$c]}, p99 ${P99[$size-$what-$c]}" \
                 "$(echo "$out" | grep -E 'Non-2xx|Socket errors' | tr '\n' ' ')(load $(cut -d' ' -f1 /proc/loadavg))"
        done
    done
done
echo "apps' peak resident memory: small $(grep VmHWM /proc/$SMALL_PID/status | awk '{print $2/1024 " MB"}'), big $(grep VmHWM /proc/$BIG_PID/status | awk '{print $2/1024 " MB"}')"
echo "load after the run: $(uptime)"
for c in $CONNECTIONS; do
    for what in statement board; do
        printf '%-9s %3s connections: small %8s req/s, big %8s req/s, big/small %s\n' "$what" "$c" "${RPS[small-$what-$c]}" \
            "${RPS[big-$what-$c]}" "$(echo "scale=3; ${RPS[big-$what-$c]} / ${RPS[small-$what-$c]}" | bc)"
    done
done
# The reads themselves, apart from the machine's load, as the database answers them on each database: the statement
# page's lines (StatementReader.LINES: its period and run named, so that one partition is planned) and the board's page
# of filings (the board reads no partition: its figures are the run's own), and a member's balance (the tenant's
# partitions of the ledger). Three times each; the top node's buffers,
# the planning's buffers, the planning and execution times.
explained() { # db sql
    for _ in 1 2 3; do
        PGOPTIONS="-c app.tenant_id=bench" psql -Atq -d "$1" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) $2" \
            | awk '/Buffers: shared/ && !top {top = $0} /^Planning:/ {p = 1; next} p && /Buffers/ {pb = $0; p = 0}
                   /Planning Time/ {pt = $3} /Execution Time/ {et = $3}
                   END {gsub(/ +/, " ", top); gsub(/ +/, " ", pb); printf "  execution%s; planning%s; planning %s ms, execution %s ms\n", top, pb, pt, et}'
    done
}
for size in small big; do
    db=$SMALL; [ $size = big ] && db=$BIG
    read -r period run <<<"$(psql -Atq -F ' ' -d "$db" -c "SELECT period_id, run_id FROM statement WHERE id = ${URL[$size-statement]##*/}")"
    echo "== $size: the statement's lines (StatementReader.LINES), EXPLAIN (ANALYZE, BUFFERS)"
    explained "$db" "SELECT l.id, l.filing_id, l.category_key, l.units, l.category_units, l.amount FROM run_line l
        WHERE l.tenant_id = 'bench' AND l.period_id = $period AND l.run_id = $run AND l.member_ref = 'alice' AND l.matched"
    echo "== $size: alice's balance, as the account box and the payment run read it (account_line: the ledger's partitions of tenant bench, V47), EXPLAIN (ANALYZE, BUFFERS)"
    explained "$db" "SELECT coalesce(sum(amount), 0) FROM account_line WHERE tenant_id = 'bench' AND member_ref = 'alice'"
    echo "== $size: the board's page of filings (PeriodBoards), EXPLAIN (ANALYZE, BUFFERS)"
    explained "$db" "SELECT f.id, b.name, f.model, f.seq, f.status, f.operating_profit, f.pool, f.tenant_gross
        FROM filing f JOIN builder_org b ON b.id = f.builder_id WHERE f.tenant_id = 'bench' AND f.period_id = $period
        ORDER BY b.name, f.model, f.seq, f.id LIMIT 25 OFFSET 0"
done
if [ "${KEEP_DATA:-}" != 1 ]; then kill $SMALL_PID $BIG_PID 2>/dev/null || true; sleep 2; dropdb --if-exists "$BIG"; dropdb --if-exists "$SMALL"; fi
