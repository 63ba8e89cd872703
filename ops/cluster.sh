# Sourced by the reliability scripts (ops/faults.sh, ops/backup-restore.sh): a scratch PostgreSQL cluster of their
# own, made with initdb as the `postgres` OS user (trust authentication on 127.0.0.1), and the packaged app in prod
# mode against it, configured through the environment as in README "Run it for real", with bearer tokens signed
# locally (bench/local-tokens.sh), so no OIDC provider is needed.
#
# Environment: APP_JAR (target/quarkus-app/quarkus-run.jar), PG_BIN (/usr/lib/postgresql/15/bin), OPS_DIR (target/ops: the cluster's data folder, logs, WAL
# archive), OPS_PGPORT (5450), OPS_APP_PORT (8601).
# Defines: cluster_init, cluster_start, cluster_stop, cluster_restart, app_start DB HEAP LOG [PORT], app_kill9,
# app_stop, token USER, api USER METHOD PATH [JSON], APP, APP_PID.

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
OPS_DIR="$(realpath -m "${OPS_DIR:-target/ops}")"
export PGHOST=127.0.0.1 PGPORT="${OPS_PGPORT:-5450}" PGUSER=postgres
APP_PORT="${OPS_APP_PORT:-8601}"
APP="http://localhost:$APP_PORT"
PGDATA_DIR="$OPS_DIR/pgdata"
PAYEE_KEY=YmVuY2gtb25seS1wYXllZS1rZXktMDEyMzQ1Njc4OTA=   # bench/app.sh's key: bench/PayeeSeed.java encrypts with it
APP_PID=

as_postgres() { su postgres -s /bin/bash -c "$*"; }

cluster_init() { # a new cluster in $PGDATA_DIR (removed first), WAL archiving ready for point-in-time recovery
    cluster_stop 2>/dev/null || true
    rm -rf "$PGDATA_DIR" "$OPS_DIR/wal-archive"
    mkdir -p "$OPS_DIR/wal-archive" "$PGDATA_DIR"
    chown postgres "$OPS_DIR" "$OPS_DIR/wal-archive" "$PGDATA_DIR"
    as_postgres "$PG_BIN/initdb -D '$PGDATA_DIR' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
    cat >>"$PGDATA_DIR/postgresql.conf" <<CONF
port = $PGPORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGDATA_DIR'
max_connections = 60
shared_buffers = 256MB
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $OPS_DIR/wal-archive/%f && cp %p $OPS_DIR/wal-archive/%f'
CONF
}

cluster_start() { as_postgres "$PG_BIN/pg_ctl -D '$PGDATA_DIR' -l '$OPS_DIR/postgres.log' -w start" >/dev/null; }
cluster_stop() { as_postgres "$PG_BIN/pg_ctl -D '$PGDATA_DIR' -m fast -w stop" >/dev/null; }
cluster_restart() { as_postgres "$PG_BIN/pg_ctl -D '$PGDATA_DIR' -l '$OPS_DIR/postgres.log' -m fast -w restart" >/dev/null; }

. bench/local-tokens.sh
local_tokens_init "$OPS_DIR/tokens"

app_start() { # database heap log [port]: the packaged app in prod mode; waits until it is ready
    local db=$1 heap=$2 log=$3 port=${4:-$APP_PORT}
    if curl -s -o /dev/null "http://localhost:$port/"; then
        echo "port $port is taken by another program; set OPS_APP_PORT" >&2
        return 1
    fi
    QUARKUS_HTTP_PORT=$port \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" \
    QUARKUS_DATASOURCE_USERNAME=cmo_app QUARKUS_DATASOURCE_PASSWORD=cmo_app CMO_APP_PASSWORD=cmo_app \
    QUARKUS_DATASOURCE_MIGRATION_USERNAME=postgres QUARKUS_DATASOURCE_MIGRATION_PASSWORD=unused \
    QUARKUS_OIDC_CLIENT_ID=cmo-portal QUARKUS_OIDC_CREDENTIALS_SECRET=unused \
    QUARKUS_OIDC_AUTH_SERVER_URL= QUARKUS_OIDC_APPLICATION_TYPE=service QUARKUS_OIDC_PUBLIC_KEY="$LOCAL_TOKENS_PUBLIC" \
    CMO_SESSION_SECRET=ops-only-session-secret-0123456789abcdef \
    CMO_PAYEE_KEY=$PAYEE_KEY \
        java "-Xmx$heap" -jar "${APP_JAR:-target/quarkus-app/quarkus-run.jar}" >>"$log" 2>&1 &
    APP_PID=$!
    for _ in $(seq 1 180); do
        curl -fs -o /dev/null "http://localhost:$port/q/health/ready" && return 0
        kill -0 "$APP_PID" 2>/dev/null || { echo "the app stopped; see $log" >&2; return 1; }
        sleep 1
    done
    echo "the app did not get ready in 180 s; see $log" >&2
    return 1
}

app_kill9() { kill -KILL "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; APP_PID=; }
app_stop() { [ -z "$APP_PID" ] || { kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; APP_PID=; }; }

token() { local_token "$1"; }

api() { # user method path [json]: fails on any answer but 2xx
    curl -fsS -X "$2" -H "Authorization: Bearer $(token "$1")" -H 'Content-Type: application/json' ${4:+-d "$4"} "$APP$3"
}
