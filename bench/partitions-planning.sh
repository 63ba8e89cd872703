#!/usr/bin/env bash
# Partitions, planning time (V36): the statement page's lines read on a database with MANY periods' partitions (300 by
# default, as every tenant's every period has its own). The schema is made by applying the migrations with psql up to
# V30, a few small distributed periods are seeded (bench/partitions-period.sql) and MANY bare periods opened (each gets
# its partitions from V30's trigger); then EXPLAIN (ANALYZE, BUFFERS) of the lines read is run ROUNDS times in one
# session as the application role in the tenant (custom plans, as the app's bound parameters get): the read without the
# period (as it was, on V30's view); then V36 is applied and the same read and the read as StatementReader.LINES has it
# (the period named) are run. Prints the first round's planning time (a new session's cold caches) and the median of
# the others (a pooled connection's).
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres, trust auth), BENCH_DB (part_many), MANY (300),
# PERIODS (3, distributed ones with lines), ROUNDS (20), KEEP_DATA=1 to keep the database.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DB="${BENCH_DB:-part_many}"
MANY="${MANY:-300}"
PERIODS="${PERIODS:-3}"
ROUNDS="${ROUNDS:-20}"
echo "load before the run: $(uptime)"

migrate() { # files...
    for f in "$@"; do
        sed -e 's/\${appRole}/cmo_app/g' -e 's/\${appPassword}/cmo_app/g' "$f" | psql -q -1 -v ON_ERROR_STOP=1 -d "$DB" >/dev/null
    done
}
dropdb --if-exists "$DB"
createdb "$DB"
psql -q -d "$DB" -c "CREATE TABLE flyway_schema_history (installed_rank int)" # V11 revokes the app's rights on it
mapfile -t BEFORE < <(ls src/main/resources/db/migration/V*.sql | sort -V | awk -F'__' '{v = substr($1, index($1, "/V") + 2); sub(/.*V/, "", v); if (v + 0 <= 30) print}')
migrate "${BEFORE[@]}"
psql -q -d "$DB" -v ON_ERROR_STOP=1 <<'SQL'
BEGIN;
INSERT INTO tenant (id, name, currency, admin_fee_rate) VALUES ('bench', 'Bench Guild', 'USD', 0.1), ('many', 'Many Periods', 'USD', 0.1);
INSERT INTO category (tenant_id, key, name)
    SELECT 'bench', k, initcap(k) FROM unnest(ARRAY['news', 'code', 'books', 'images', 'audio']) k;
INSERT INTO member (tenant_id, ref, name) VALUES ('bench', 'alice', 'Alice Archer');
INSERT INTO member (tenant_id, ref, name) SELECT 'bench', 'm' || lpad(i::text, 7, '0'), 'Member ' || i FROM generate_series(1, 100) i;
INSERT INTO builder_org (slug, name) VALUES ('bench-acme', 'Acme AI');
INSERT INTO licence (tenant_id, builder_id, granted_by) SELECT 'bench', id, 'bench' FROM builder_org WHERE slug = 'bench-acme';
COMMIT;
SQL
for p in $(seq 1 "$PERIODS"); do
    psql -q -d "$DB" -v label="2026-P$p" -v filings=2 -v usage=1000 -v members=100 -f bench/partitions-period.sql >/dev/null
done
# the other periods: another tenant's, one partition of each table apiece
psql -q -d "$DB" -v ON_ERROR_STOP=1 -v many="$MANY" \
    -c "INSERT INTO period (tenant_id, label, opened_by) SELECT 'many', 'p-' || g, 'nadia' FROM generate_series(1, $MANY) g" -c "ANALYZE"
echo "run_line partitions: $(psql -Atq -d "$DB" -c "SELECT count(*) FROM pg_inherits WHERE inhparent = 'run_line'::regclass")," \
     "run lines: $(psql -Atq -d "$DB" -c "SELECT count(*) FROM run_line")"
read -r PID SID < <(psql -Atq -F' ' -d "$DB" -c "SELECT s.period_id, s.id FROM statement s JOIN period p ON p.id = s.period_id
    WHERE s.tenant_id = 'bench' AND s.member_ref = 'alice' ORDER BY p.id DESC LIMIT 1")

LINES="SELECT l.id, l.filing_id, l.builder_name, l.model, l.category_key, l.units, l.category_units, l.amount FROM statement_line l"
UNNAMED="$LINES WHERE l.tenant_id = 'bench' AND l.statement_id = \$1"
NAMED="$LINES WHERE l.tenant_id = 'bench' AND l.period_id = \$1 AND l.statement_id = \$2"
explain() { # sql args -> one line per round: "planning execution plan-lines-naming-a-partition", in one session
    { echo "SET ROLE cmo_app;"
      echo "SELECT set_config('app.tenant_id', 'bench', false) \\g /dev/null"
      echo "PREPARE q AS $1;"
      echo "SET plan_cache_mode = force_custom_plan;"
      for _ in $(seq 1 "$ROUNDS"); do echo "EXPLAIN (ANALYZE, BUFFERS) EXECUTE q($2); SELECT 'end';"; done
    } | psql -Atq -d "$DB" -v ON_ERROR_STOP=1 \
      | awk '/Planning Time/ {p = $3} /Execution Time/ {e = $3} /run_line_p[0-9]+/ {n++} /^end$/ {print p, e, n; n = 0}'
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
report() { # file label
    echo "$2: first in its session (cold caches): planning $(head -1 "$1" | awk '{print $1}') ms;" \
         "then (a pooled connection, as the app's): planning $(tail -n +2 "$1" | awk '{print $1}' | median) ms," \
         "execution $(tail -n +2 "$1" | awk '{print $2}' | median) ms (median of $(($(wc -l <"$1") - 1)));" \
         "plan lines naming a run_line partition: $(tail -1 "$1" | awk '{print $3}')"
}
OUT=$(mktemp -d)
explain "$UNNAMED" "$SID" >"$OUT/before"
migrate src/main/resources/db/migration/V36__*.sql
explain "$UNNAMED" "$SID" >"$OUT/unnamed"
explain "$NAMED" "$PID, $SID" >"$OUT/named"
report "$OUT/before" "V30, the lines read without the period"
report "$OUT/unnamed" "V36, the lines read without the period"
report "$OUT/named" "V36, the lines read as StatementReader.LINES (the period named)"
echo "load after the run: $(uptime)"
rm -r "$OUT"
[ "${KEEP_DATA:-}" = 1 ] || dropdb "$DB"
