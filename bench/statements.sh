#!/usr/bin/env bash
# Load test of the member statement page (bench/README.md): the app packaged in prod mode against a local
# PostgreSQL and the bundled Keycloak, seeded with 100,000 members and 8 distributed periods, driven by wrk.
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=${PGHOST:-127.0.0.1}; PGPORT=${PGPORT:-5432}; PGUSER=${PGUSER:-postgres}
DB=${BENCH_DB:-cmo_bench_statements}
PORT=${BENCH_PORT:-8097}
DURATION=${BENCH_DURATION:-30s}
CONNECTIONS=${BENCH_CONNECTIONS:-"16 32 64"}
WARMUP_ROUNDS=${BENCH_WARMUP_ROUNDS:-4}
THREADS=${BENCH_THREADS:-2}
ROUNDS=${BENCH_ROUNDS:-1}
# What a browser sends (wrk sends none); the pages write dates in the viewer's language. Empty: no header. (Not
# named LANGUAGE, which gettext reads from the environment of every program started here.)
ACCEPT_LANGUAGE=${BENCH_ACCEPT_LANGUAGE-"en-GB,en;q=0.9"}
# BENCH_SPREAD=N: also N members (m000001 and on), each signed in and reading their own statement of the last period,
# at random (bench/statements-spread.lua): the statements no cache has seen yet, as on the day they are published.
SPREAD=${BENCH_SPREAD:-0}
# BENCH_OTHER_TENANTS=N: N more tenants, eight empty periods each, beside the bench's (their partitions are the platform's)
OTHER_TENANTS=${BENCH_OTHER_TENANTS:-0}
REALM=${KEYCLOAK_URL:-http://localhost:8180/realms/cmo}
export PGHOST PGPORT PGUSER

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
pg_isready -q || { echo "no PostgreSQL at $PGHOST:$PGPORT (trust auth expected)" >&2; exit 1; }
# BENCH_TOKENS=local: no OIDC provider, tokens signed here and verified by the app with a local key (bench/local-tokens.sh)
TOKENS=${BENCH_TOKENS:-keycloak}
if [ "$TOKENS" = local ]; then
  . bench/local-tokens.sh
  local_tokens_init target/bench-tokens
  OIDC_ENV=(QUARKUS_OIDC_AUTH_SERVER_URL= QUARKUS_OIDC_APPLICATION_TYPE=service "QUARKUS_OIDC_PUBLIC_KEY=$LOCAL_TOKENS_PUBLIC")
else
  curl -sf "$REALM/.well-known/openid-configuration" >/dev/null || docker/keycloak/start.sh
  OIDC_ENV=("QUARKUS_OIDC_AUTH_SERVER_URL=$REALM")
fi

# The profile bench compiles the baseline page (bench/src/main/java) into this build only; see bench/README.md.
if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then ./mvnw -B -q package -DskipTests -Pbench; fi

# BENCH_KEEP_DB=1 reuses a database this script seeded before (to compare two builds on the same data)
if [ "${BENCH_KEEP_DB:-}" != 1 ]; then
  echo "== fresh database $DB"
  dropdb --if-exists "$DB"
  createdb "$DB"
fi

echo "== starting the app (prod mode) on port $PORT"
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
QUARKUS_DATASOURCE_USERNAME=cmo_app QUARKUS_DATASOURCE_PASSWORD=cmo_app \
QUARKUS_DATASOURCE_MIGRATION_USERNAME="$PGUSER" QUARKUS_DATASOURCE_MIGRATION_PASSWORD=unused \
CMO_APP_PASSWORD=cmo_app \
QUARKUS_OIDC_CLIENT_ID=cmo-portal QUARKUS_OIDC_CREDENTIALS_SECRET=cmo-portal-secret \
CMO_SESSION_SECRET=bench-only-session-secret-0123456789abcdef \
CMO_PAYEE_KEY=YmVuY2gtb25seS1wYXllZS1rZXktMDEyMzQ1Njc4OTA= \
QUARKUS_HTTP_PORT="$PORT" \
env "${OIDC_ENV[@]}" java -Xmx1g ${BENCH_JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar > target/bench-statements-app.log 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
for i in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null || { tail -40 target/bench-statements-app.log; exit 1; }

if [ "${BENCH_KEEP_DB:-}" != 1 ]; then
  echo "== seeding (100,000 members, 8 distributed periods)"
  time psql -q -d "$DB" -f bench/statements-seed.sql
fi
if [ "$OTHER_TENANTS" -gt 0 ]; then
  echo "== $OTHER_TENANTS other tenants of eight periods"
  psql -q -d "$DB" -v n="$OTHER_TENANTS" -f bench/statements-tenants.sql
fi

STATEMENT=$(psql -Atq -d "$DB" -c "SELECT s.id FROM statement s JOIN period p ON p.id = s.period_id WHERE s.tenant_id = 'bench' AND p.label = '2025-P8' AND s.member_ref = 'alice'")
MEMBER=$(psql -Atq -d "$DB" -c "SELECT id FROM member WHERE tenant_id = 'bench' AND ref = 'alice'")
echo "statement $STATEMENT has $(psql -Atq -d "$DB" -c "SELECT count(*) FROM statement_line WHERE statement_id = $STATEMENT") lines;" \
     "$(psql -Atq -d "$DB" -c "SELECT count(*) FROM statement") statements, $(psql -Atq -d "$DB" -c "SELECT count(*) FROM statement_line") lines in all"

token() {
  if [ "$TOKENS" = local ]; then local_token alice; return; fi
  curl -sf "$REALM/protocol/openid-connect/token" -d grant_type=password -d client_id=cmo-portal \
    -d client_secret=cmo-portal-secret -d username=alice -d password=demo -d scope=openid | sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}
BARE="http://127.0.0.1:$PORT/t/bench/bench/members/$MEMBER"
PAGE="http://127.0.0.1:$PORT/t/bench/statements/$STATEMENT"

LANGUAGE_HEADER=(); [ -n "$ACCEPT_LANGUAGE" ] && LANGUAGE_HEADER=(-H "Accept-Language: $ACCEPT_LANGUAGE")
run() { # name url duration connections
  local t; t=$(token)
  test "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $t" "$2")" = 200 || { echo "$2 does not answer 200" >&2; exit 1; }
  echo "== $1, $4 connections: $2"
  wrk -t"$THREADS" -c"$4" -d"$3" --latency -H "Authorization: Bearer $t" "${LANGUAGE_HEADER[@]}" "$2"
}

SPREAD_FILE=target/bench-statements-spread.txt
if [ "$SPREAD" -gt 0 ]; then
  [ "$TOKENS" = local ] || { echo "BENCH_SPREAD needs BENCH_TOKENS=local (a token for each member)" >&2; exit 1; }
  echo "== $SPREAD members sign in, each reading their own statement of 2025-P8"
  psql -q -d "$DB" -v n="$SPREAD" <<'SQL'
INSERT INTO app_user (username) SELECT 'm' || lpad(i::text, 6, '0') FROM generate_series(1, :n) i ON CONFLICT (username) DO NOTHING;
INSERT INTO affiliation (user_id, kind, tenant_id, member_ref)
    SELECT u.id, 'MEMBER', 'bench', u.username FROM app_user u
     WHERE u.username IN (SELECT 'm' || lpad(i::text, 6, '0') FROM generate_series(1, :n) i)
       AND NOT EXISTS (SELECT 1 FROM affiliation a WHERE a.user_id = u.id AND a.tenant_id = 'bench');
SQL
  psql -Atq -d "$DB" -F ' ' -c "SELECT s.member_ref, s.id FROM statement s JOIN period p ON p.id = s.period_id
      WHERE s.tenant_id = 'bench' AND p.label = '2025-P8' AND s.member_ref <> 'alice' ORDER BY s.member_ref LIMIT $SPREAD" |
    while read -r ref id; do echo "/t/bench/statements/$id $(local_token "$ref")"; done > "$SPREAD_FILE"
  read -r first_path first_token < "$SPREAD_FILE"
  test "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $first_token" "http://127.0.0.1:$PORT$first_path")" = 200 ||
    { echo "$first_path does not answer 200 to its member" >&2; exit 1; }
fi
spread() { # duration connections
  echo "== $SPREAD members' statements at random, $2 connections"
  wrk -t"$THREADS" -c"$2" -d"$1" --latency -s bench/statements-spread.lua "http://127.0.0.1:$PORT" -- "$SPREAD_FILE" "$ACCEPT_LANGUAGE"
}
# The JIT needs minutes of load on 2 cores before the figures settle (the statement page doubled its
# throughput between the first and the fourth half-minute), so both pages are warmed in turn first.
for i in $(seq 1 "$WARMUP_ROUNDS"); do
  run "warm-up $i statement page" "$PAGE" 30s 32 | grep Requests/sec
  run "warm-up $i bare page" "$BARE" 20s 32 | grep Requests/sec
done
for r in $(seq 1 "$ROUNDS"); do
  for c in $CONNECTIONS; do
    echo "== round $r of $ROUNDS, load: $(uptime)"
    run "bare page (one member row by primary key, through Qute)" "$BARE" "$DURATION" "$c"
    run "statement page (50 lines)" "$PAGE" "$DURATION" "$c"
    if [ "$SPREAD" -gt 0 ]; then spread "$DURATION" "$c"; fi
  done
done
