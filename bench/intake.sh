#!/usr/bin/env bash
# Benchmark of filing intake: usage files of LINES lines over REFS member refs, uploaded through the HTTP API to the
# packaged app (prod mode, -Xmx256m, PostgreSQL at PGHOST:PGPORT, Keycloak for the token), compared in the same run
# with psql's \copy of the same file into an unindexed table of the same shape. Two files, side by side in each
# round: "single" (one category, REFS refs) and "realistic" (three categories, REFS refs each: about 3 x REFS
# distinct (category, ref) pairs). Prints each round, the load before it, and per file the medians and best ratio.
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), BENCH_DB (cmo_bench, dropped and created), LINES (5000000),
# REFS (200000), FILES ("single realistic"), ROUNDS (3), BENCH_PORT (8093), KEYCLOAK_PORT (8180), BENCH_TOKENS
# (keycloak, or local: bench/local-tokens.sh). Needs psql, curl, python3, awk, bc, openssl. Pass --build to package the
# app first (otherwise an existing target/quarkus-app is used); BENCH_APP runs another build's quarkus-app folder instead
# (say the previous commit's, when the change is a migration that its baseline must not run against). BASELINE_APP (a quarkus-app folder of another build, say
# the previous commit's) starts that build too, on BASELINE_PORT (8094), against the same database: each round then
# also uploads each file to it, in alternating order, so that a change is measured against its baseline under the same
# load; it prints the baseline's ratios beside this build's.
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
DB=${BENCH_DB:-cmo_bench}
LINES=${LINES:-5000000}
REFS=${REFS:-200000}
FILES=${FILES:-single realistic}
ROUNDS=${ROUNDS:-3}
PORT=${BENCH_PORT:-8093}
KC_PORT=${KEYCLOAK_PORT:-8180}
WORK=target/bench-intake
APP_DIR=${BENCH_APP:-target/quarkus-app}
APP="http://127.0.0.1:$PORT"
mkdir -p "$WORK"
psql_db() { psql -X -q -h "$PGHOST" -p "$PGPORT" -U postgres "$@"; }
now() { date +%s.%N; }

declare -A csv
for kind in $FILES; do
  case $kind in
    single) csv[$kind]="$WORK/usage-$LINES-$REFS.csv"; categories="news" ;;
    realistic) csv[$kind]="$WORK/usage-$LINES-$REFS-3cat.csv"; categories="news code books" ;;
    *) echo "unknown file kind $kind (single, realistic)"; exit 1 ;;
  esac
  if [[ ! -f "${csv[$kind]}" ]]; then
    echo "[bench] writing ${csv[$kind]}"
    # seeded, so every run has the same file; each line's category and ref drawn uniformly
    awk -v n="$LINES" -v r="$REFS" -v cats="$categories" 'BEGIN { srand(42); k = split(cats, c, " ");
        print "category,member_ref,units";
        for (i = 0; i < n; i++) printf "%s,member-%06d,%d\n", c[1 + int(rand() * k)], int(rand() * r), 1 + int(rand() * 1000) }' \
      > "${csv[$kind]}"
    tail -n +2 "${csv[$kind]}" | cut -d, -f1,2 | sort -u | wc -l > "${csv[$kind]}.pairs"
  fi
  echo "[bench] $kind: ${csv[$kind]}, $(wc -l < "${csv[$kind]}") lines, $(du -m "${csv[$kind]}" | cut -f1) MB," \
    "$(cat "${csv[$kind]}.pairs") distinct (category, member_ref) pairs"
done
cat > "$WORK/filing.json" <<JSON
{"model": "acme-llm-7", "currency": "USD", "revenue": "1250000.00", "servingCost": "400000.00",
 "postTrainingCost": "100000.00", "dataValueShare": "0.30",
 "mixtureWeights": {"news": "0.25", "code": "0.40", "books": "0.15", "other": "0.20"}}
JSON

echo "[bench] database $DB at $PGHOST:$PGPORT"
psql_db -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

# BENCH_TOKENS=local: no OIDC provider, tokens signed here and verified by the app with a local key (bench/local-tokens.sh)
TOKENS=${BENCH_TOKENS:-keycloak}
if [[ "$TOKENS" == local ]]; then
  . bench/local-tokens.sh
  local_tokens_init target/bench-tokens
  OIDC_ENV=(QUARKUS_OIDC_AUTH_SERVER_URL= QUARKUS_OIDC_APPLICATION_TYPE=service "QUARKUS_OIDC_PUBLIC_KEY=$LOCAL_TOKENS_PUBLIC")
else
  docker/keycloak/start.sh
  OIDC_ENV=("QUARKUS_OIDC_AUTH_SERVER_URL=http://localhost:$KC_PORT/realms/cmo")
fi
if [[ "${1:-}" == --build || ! -f "$APP_DIR/quarkus-run.jar" ]]; then ./mvnw -B -q package -DskipTests; fi

if curl -s -o /dev/null "$APP/"; then
  echo "[bench] port $PORT is taken by another program; set BENCH_PORT"
  exit 1
fi
start_app() { # start_app PORT QUARKUS_APP_DIR LOG: starts the packaged app, prints its process id
  QUARKUS_HTTP_PORT=$1 \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_USERNAME=cmo_app QUARKUS_DATASOURCE_PASSWORD=cmo_app CMO_APP_PASSWORD=cmo_app \
  QUARKUS_DATASOURCE_MIGRATION_USERNAME=postgres QUARKUS_DATASOURCE_MIGRATION_PASSWORD=postgres \
  QUARKUS_OIDC_CLIENT_ID=cmo-portal QUARKUS_OIDC_CREDENTIALS_SECRET=cmo-portal-secret \
  CMO_SESSION_SECRET=bench-only-secret-0123456789-0123456789 \
  CMO_PAYEE_KEY=YmVuY2gtb25seS1wYXllZS1rZXktMDEyMzQ1Njc4OTA= \
    env "${OIDC_ENV[@]}" java -Xmx256m -jar "$2/quarkus-run.jar" > "$3" 2>&1 &
  echo $!
}
wait_ready() { # wait_ready URL PID LOG
  for _ in $(seq 1 300); do
    curl -fs -o /dev/null "$1/q/health/ready" && return 0
    kill -0 "$2" 2>/dev/null || { cat "$3"; exit 1; }
    sleep 1
  done
  echo "[bench] $1 not ready"; exit 1
}
BASELINE=${BASELINE_APP:-}
BASE_URL="http://127.0.0.1:${BASELINE_PORT:-8094}"
if [[ -n "$BASELINE" ]] && curl -s -o /dev/null "$BASE_URL/"; then
  echo "[bench] port ${BASELINE_PORT:-8094} is taken by another program; set BASELINE_PORT"
  exit 1
fi
echo "[bench] starting the app on port $PORT with -Xmx256m"
app=$(start_app "$PORT" "$APP_DIR" "$WORK/app.log")
base=
trap 'kill $app $base 2>/dev/null || true' EXIT
wait_ready "$APP" "$app" "$WORK/app.log"
if [[ -n "$BASELINE" ]]; then
  # after the first app: its migrations are applied, so the baseline only checks them
  echo "[bench] starting the baseline $BASELINE on port ${BASELINE_PORT:-8094} with -Xmx256m"
  base=$(start_app "${BASELINE_PORT:-8094}" "$BASELINE" "$WORK/baseline.log")
  wait_ready "$BASE_URL" "$base" "$WORK/baseline.log"
fi

token() {
  if [[ "$TOKENS" == local ]]; then local_token "$1"; return; fi
  curl -fs -d grant_type=password -d client_id=cmo-portal -d client_secret=cmo-portal-secret \
    -d username="$1" -d password=demo "http://localhost:$KC_PORT/realms/cmo/protocol/openid-connect/token" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
api() { # api USER METHOD PATH JSON
  local code
  code=$(curl -s -o "$WORK/api.out" -w '%{http_code}' -X "$2" -H "Authorization: Bearer $(token "$1")" \
    -H 'Content-Type: application/json' -d "$4" "$APP$3")
  [[ "$code" == 2* ]] || { echo "[bench] $2 $3 answered $code: $(cat "$WORK/api.out")"; exit 1; }
}
api olivia POST /api/v1/tenants '{"slug":"newsguild","name":"Press & News Guild","currency":"USD","adminFeeRate":"0.10","shareBand":{"min":"0.20","max":"0.50"},"categories":[{"key":"news","name":"News"},{"key":"code","name":"Code"},{"key":"books","name":"Books"}]}'
api olivia POST /api/v1/tenants/newsguild/admins '{"username":"nadia"}'
api olivia POST /api/v1/builders '{"slug":"acme-ai","name":"Acme AI","admin":"bruno"}'
api nadia POST /api/v1/tenants/newsguild/licences '{"builder":"acme-ai"}'
psql_db -d "$DB" -c "CREATE TABLE bench_raw (category text, member_ref text, units bigint)"

upload() { # upload URL LABEL KIND: opens the period, uploads, prints the seconds until the 201
  api nadia POST /api/v1/tenants/newsguild/periods "{\"label\":\"$2\"}"
  local bruno t0 t1 code
  bruno=$(token bruno)
  t0=$(now)
  code=$(curl -s -o "$WORK/response-$3.json" -w '%{http_code}' -H "Authorization: Bearer $bruno" \
    -F "filing=@$WORK/filing.json;type=application/json" -F "usage=@${csv[$3]};type=text/csv" \
    "$1/api/v1/tenants/newsguild/periods/$2/filings")
  t1=$(now)
  [[ "$code" == 201 ]] || { echo "upload answered $code" >&2; cat "$WORK/response-$3.json" >&2; exit 1; }
  echo "$t1 - $t0" | bc -l
}

declare -A uploads copies ratios baseratios
for round in $(seq 1 "$ROUNDS"); do
  echo "[bench] round $round, load before it:$(uptime | sed 's/.*load average//')"
  for kind in $FILES; do
    label="bench-$round-$kind"
    if [[ -n "$BASELINE" && $((round % 2)) == 0 ]]; then bu=$(upload "$BASE_URL" "$label-base" "$kind"); fi
    up=$(upload "$APP" "$label" "$kind")
    if [[ -n "$BASELINE" && $((round % 2)) == 1 ]]; then bu=$(upload "$BASE_URL" "$label-base" "$kind"); fi
    psql_db -d "$DB" -c "TRUNCATE bench_raw"
    t2=$(now)
    psql_db -d "$DB" -c "\\copy bench_raw FROM '${csv[$kind]}' WITH (FORMAT csv, HEADER true)"
    t3=$(now)
    cp=$(echo "$t3 - $t2" | bc -l); ratio=$(echo "$up / $cp" | bc -l)
    uploads[$kind]+="$up "; copies[$kind]+="$cp "; ratios[$kind]+="$ratio "
    if [[ -n "$BASELINE" ]]; then
      baseratios[$kind]+="$(echo "$bu / $cp" | bc -l) "
      printf '[bench] round %d, %-9s: upload %.2f s, baseline upload %.2f s, \\copy %.2f s, ratio %.2f, baseline ratio %.2f\n' \
        "$round" "$kind" "$up" "$bu" "$cp" "$ratio" "$(echo "$bu / $cp" | bc -l)"
    else
      printf '[bench] round %d, %-9s: upload %.2f s, \\copy %.2f s, ratio %.2f\n' "$round" "$kind" "$up" "$cp" "$ratio"
    fi
  done
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
best() { printf '%s\n' "$@" | sort -g | head -1; }
for kind in $FILES; do
  # shellcheck disable=SC2086
  mu=$(median ${uploads[$kind]}); mc=$(median ${copies[$kind]}); mr=$(median ${ratios[$kind]}); br=$(best ${ratios[$kind]})
  printf '[bench] %-9s: median upload %.2f s, median \\copy %.2f s, ratio of medians %.2f; ratio per round: median %.2f, best %.2f\n' \
    "$kind" "$mu" "$mc" "$(echo "$mu / $mc" | bc -l)" "$mr" "$br"
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("[bench]", sys.argv[2], "last filing:", r["usage"]["lines"], "lines, units", {c["category"]: c["units"] for c in r["categories"] if c["administered"]}, "tenantGross", r["tenantGross"])' \
    "$WORK/response-$kind.json" "$kind"
  if [[ -n "$BASELINE" ]]; then
    # shellcheck disable=SC2086
    printf '[bench] %-9s: baseline ratio per round: median %.2f, best %.2f\n' "$kind" "$(median ${baseratios[$kind]})" "$(best ${baseratios[$kind]})"
  fi
done
echo "[bench] app peak resident memory: $(grep VmHWM /proc/$app/status | awk '{print $2, $3}')"
# the pairs stored (V49: in blocks, a row each through filing_usage_pair; a build before it, a row each in filing_usage)
pairs=$(psql_db -d "$DB" -Atq -c "SELECT coalesce(to_regclass('filing_usage_pair')::text, 'filing_usage')")
psql_db -d "$DB" -t -c "SELECT p.label || ': ' || count(*) || ' (category, member ref) pairs stored' FROM $pairs u JOIN filing f ON f.id = u.filing_id JOIN period p ON p.id = f.period_id WHERE p.label LIKE 'bench-$ROUNDS-%' GROUP BY p.label ORDER BY 1"
grep -E 'usage lines' "$WORK/app.log" | sed 's/^.*INFO/[app]/' || true
