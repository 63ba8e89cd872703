# Sourced by the benchmarks that drive the packaged app through its API: packages it if asked or missing, starts
# Keycloak if it does not answer, recreates the database and runs the app in prod mode against it, configured
# through the environment as in README "Run it for real"; the app is stopped when the script ends.
#
# Expects: PGHOST, PGPORT, PGUSER (exported), DB, PORT, KEYCLOAK_URL, and the script's first argument in BUILD.
# Defines APP (the base URL), APP_PID, token USER (a bearer token by the password grant of client cmo-portal).
# BENCH_TOKENS=local: no OIDC provider; the bench signs the tokens and the app verifies them with a local key
# (bench/local-tokens.sh), as bench/statements.sh and bench/intake.sh do.

APP="http://localhost:$PORT"
BENCH_TOKENS="${BENCH_TOKENS:-keycloak}"
if [ "$BENCH_TOKENS" = local ]; then
    . bench/local-tokens.sh
    local_tokens_init target/bench-tokens
    OIDC_ENV=(QUARKUS_OIDC_AUTH_SERVER_URL= QUARKUS_OIDC_APPLICATION_TYPE=service "QUARKUS_OIDC_PUBLIC_KEY=$LOCAL_TOKENS_PUBLIC")
else
    OIDC_ENV=("QUARKUS_OIDC_AUTH_SERVER_URL=$KEYCLOAK_URL")
fi

bench_start_app() { # heap log
    if [ "${BUILD:-}" = "--build" ] || [ ! -f target/quarkus-app/quarkus-run.jar ]; then
        ./mvnw -B -q package -DskipTests
    fi
    [ "$BENCH_TOKENS" = local ] || docker/keycloak/start.sh >/dev/null
    if curl -s -o /dev/null "$APP/"; then
        echo "port $PORT is taken by another program; set BENCH_PORT" >&2
        exit 1
    fi
    psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

    # BENCH_JAVA_OPTS: more options for the app's JVM, e.g. a flight recording to profile a step
    QUARKUS_HTTP_PORT=$PORT \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
    QUARKUS_DATASOURCE_USERNAME=cmo_app QUARKUS_DATASOURCE_PASSWORD=cmo_app CMO_APP_PASSWORD=cmo_app \
    QUARKUS_DATASOURCE_MIGRATION_USERNAME="$PGUSER" QUARKUS_DATASOURCE_MIGRATION_PASSWORD=unused \
    QUARKUS_OIDC_CLIENT_ID=cmo-portal QUARKUS_OIDC_CREDENTIALS_SECRET=cmo-portal-secret \
    CMO_SESSION_SECRET=bench-only-session-secret-0123456789abcdef \
    CMO_PAYEE_KEY=YmVuY2gtb25seS1wYXllZS1rZXktMDEyMzQ1Njc4OTA= \
        env "${OIDC_ENV[@]}" java "-Xmx$1" ${BENCH_JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar >"$2" 2>&1 &
    APP_PID=$!
    trap 'kill $APP_PID 2>/dev/null || true' EXIT
    for _ in $(seq 1 120); do
        curl -fs -o /dev/null "$APP/q/health/ready" && return 0
        kill -0 $APP_PID 2>/dev/null || { echo "the app stopped; see $2" >&2; exit 1; }
        sleep 1
    done
    echo "the app did not get ready in 120 s; see $2" >&2
    exit 1
}

token() {
    if [ "$BENCH_TOKENS" = local ]; then local_token "$1"; return; fi
    curl -fs "$KEYCLOAK_URL/protocol/openid-connect/token" -d grant_type=password -d client_id=cmo-portal \
        -d client_secret=cmo-portal-secret -d username="$1" -d password=demo | jq -r .access_token
}
