#!/usr/bin/env bash
# Benchmark of filing intake: one usage.csv of LINES lines over REFS member refs, uploaded through the HTTP API
# to the packaged app (prod mode, -Xmx256m, PostgreSQL at PGHOST:PGPORT, Keycloak for the token), compared in the
# same run with psql's \copy of the same file into an unindexed table. Prints each round and the medians.
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), BENCH_DB (cmo_bench, dropped and created), LINES (5000000),
# REFS (200000), ROUNDS (3), BENCH_PORT (8093), KEYCLOAK_PORT (8180). Needs psql, curl, python3, awk.
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
DB=${BENCH_DB:-cmo_bench}
LINES=${LINES:-5000000}
REFS=${REFS:-200000}
ROUNDS=${ROUNDS:-3}
PORT=${BENCH_PORT:-8093}
KC_PORT=${KEYCLOAK_PORT:-8180}
WORK=target/bench-intake
APP="http://127.0.0.1:$PORT"
mkdir -p "$WORK"
psql_db() { psql -X -q -h "$PGHOST" -p "$PGPORT" -U postgres "$@"; }
now() { date +%s.%N; }

csv="$WORK/usage-$LINES-$REFS.csv"
if [[ ! -f "$csv" ]]; then
  echo "[bench] writing $csv"
  awk -v n="$LINES" -v r="$REFS" 'BEGIN { srand(42); print "category,member_ref,units";
      for (i = 0; i < n; i++) printf "news,member-%06d,%d\n", int(rand() * r), 1 + int(rand() * 1000) }' > "$csv"
fi
cat > "$WORK/filing.json" <<JSON
{"model": "acme-llm-7", "currency": "USD", "revenue": "1250000.00", "servingCost": "400000.00",
 "postTrainingCost": "100000.00", "dataValueShare": "0.30",
 "mixtureWeights": {"news": "0.25", "code": "0.40", "books": "0.15", "other": "0.20"}}
JSON
echo "[bench] usage file: $(wc -l < "$csv") lines, $(du -m "$csv" | cut -f1) MB"

echo "[bench] database $DB at $PGHOST:$PGPORT"
psql_db -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

docker/keycloak/start.sh
[[ -f target/quarkus-app/quarkus-run.jar ]] || ./mvnw -B -q package -DskipTests

echo "[bench] starting the app on port $PORT with -Xmx256m"
QUARKUS_HTTP_PORT=$PORT \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
QUARKUS_DATASOURCE_USERNAME=cmo_app QUARKUS_DATASOURCE_PASSWORD=cmo_app CMO_APP_PASSWORD=cmo_app \
QUARKUS_DATASOURCE_MIGRATION_USERNAME=postgres QUARKUS_DATASOURCE_MIGRATION_PASSWORD=postgres \
QUARKUS_OIDC_AUTH_SERVER_URL="http://localhost:$KC_PORT/realms/cmo" \
QUARKUS_OIDC_CLIENT_ID=cmo-portal QUARKUS_OIDC_CREDENTIALS_SECRET=cmo-portal-secret \
CMO_SESSION_SECRET=bench-only-secret-0123456789-0123456789 \
CMO_PAYEE_KEY=YmVuY2gtb25seS1wYXllZS1rZXktMDEyMzQ1Njc4OTA= \
  java -Xmx256m -jar target/quarkus-app/quarkus-run.jar > "$WORK/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs -o /dev/null "$APP/q/health/ready" && break
  kill -0 $app 2>/dev/null || { cat "$WORK/app.log"; exit 1; }
  sleep 1
done

token() {
  curl -fs -d grant_type=password -d client_id=cmo-portal -d client_secret=cmo-portal-secret \
    -d username="$1" -d password=demo "http://localhost:$KC_PORT/realms/cmo/protocol/openid-connect/token" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
api() { # api USER METHOD PATH JSON
  curl -fs -o /dev/null -X "$2" -H "Authorization: Bearer $(token "$1")" -H 'Content-Type: application/json' -d "$4" "$APP$3"
}
api olivia POST /api/v1/tenants '{"slug":"newsguild","name":"Press & News Guild","currency":"USD","adminFeeRate":"0.10","shareBand":{"min":"0.20","max":"0.50"},"categories":[{"key":"news","name":"News"}]}'
api olivia POST /api/v1/tenants/newsguild/admins '{"username":"nadia"}'
api nadia POST /api/v1/tenants/newsguild/licences '{"builder":"acme-ai","name":"Acme AI","usernames":["bruno"]}'
psql_db -d "$DB" -c "CREATE TABLE bench_raw (category text, member_ref text, units bigint)"

uploads=(); copies=()
for round in $(seq 1 "$ROUNDS"); do
  api nadia POST /api/v1/tenants/newsguild/periods "{\"label\":\"bench-$round\"}"
  bruno=$(token bruno)
  t0=$(now)
  code=$(curl -s -o "$WORK/response-$round.json" -w '%{http_code}' -H "Authorization: Bearer $bruno" \
    -F "filing=@$WORK/filing.json;type=application/json" -F "usage=@$csv;type=text/csv" \
    "$APP/api/v1/tenants/newsguild/periods/bench-$round/filings")
  t1=$(now)
  [[ "$code" == 201 ]] || { echo "upload answered $code"; cat "$WORK/response-$round.json"; exit 1; }
  psql_db -d "$DB" -c "TRUNCATE bench_raw"
  t2=$(now)
  psql_db -d "$DB" -c "\\copy bench_raw FROM '$csv' WITH (FORMAT csv, HEADER true)"
  t3=$(now)
  up=$(echo "$t1 - $t0" | bc -l); cp=$(echo "$t3 - $t2" | bc -l)
  uploads+=("$up"); copies+=("$cp")
  printf '[bench] round %d: upload %.2f s, \\copy %.2f s, ratio %.2f\n' "$round" "$up" "$cp" "$(echo "$up / $cp" | bc -l)"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
mu=$(median "${uploads[@]}"); mc=$(median "${copies[@]}")
printf '[bench] median: upload %.2f s, \\copy %.2f s, ratio %.2f\n' "$mu" "$mc" "$(echo "$mu / $mc" | bc -l)"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("[bench] last filing:", r["usage"]["lines"], "lines,", len(r["categories"]), "categories, tenantGross", r["tenantGross"])' "$WORK/response-$ROUNDS.json"
echo "[bench] app peak resident memory: $(grep VmHWM /proc/$app/status | awk '{print $2, $3}')"
psql_db -d "$DB" -t -c "SELECT 'filing_usage rows of the last filing: ' || count(*) FROM filing_usage WHERE filing_id = (SELECT max(id) FROM filing)"
