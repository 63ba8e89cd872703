#!/usr/bin/env bash
# Two instances of the packaged portal behind HAProxy (docker/haproxy/haproxy.cfg), sharing one PostgreSQL database
# and one CMO_SESSION_SECRET, on this machine; run by hand, never by ./mvnw verify (docs/reliability.md has the
# figures and docs/deployment.md the topology).
#
#   ops/replicas.sh up         recreate the database, start both instances at once (two Flyway runs racing for one
#                              empty schema), then the proxy
#   ops/replicas.sh seed       a CMO with a distributed period, a ballot, a period open for filings and one in review
#   ops/replicas.sh session    sign in through the proxy (Keycloak's code flow), then use the session cookie on each
#                              instance directly; an instance with another secret does not accept it
#   ops/replicas.sh kill       writes through the proxy (filings, acceptances), SIGKILL one instance mid-load, then
#                              check in the database that every acknowledged write is there and nothing is half stored
#   ops/replicas.sh drain      the same load, SIGTERM to one instance (graceful shutdown): every request must succeed
#   ops/replicas.sh closer     ballots due in a few seconds, closed by the two instances' closers: once each
#   ops/replicas.sh soak [s]   mixed traffic with wrk (ops/soak.lua) for s seconds (600), the resident memory of both
#                              instances every 30 s
#   ops/replicas.sh restart    stop and start both instances, keeping the database (after a new package)
#   ops/replicas.sh down       stop the instances and the proxy (Keycloak stays: docker/keycloak/stop.sh)
#   ops/replicas.sh all        up, seed, session, closer, kill, soak, down
#
# Needs: the packaged app (./mvnw -B -q package -DskipTests; REPLICAS_BUILD=1 to package first), haproxy, wrk, curl,
# jq, psql (PostgreSQL at PGHOST:PGPORT, PGUSER with trust auth) and the bundled Keycloak on port 8180 (started by
# docker/keycloak/start.sh if it does not answer). Sign-in is Keycloak's: the code flow for the session test, the
# password grant of client cmo-portal for the API's bearer tokens (refreshed every minute during the soak).
#
# Environment: REPLICAS_DB (replicas_cmo), PROXY_PORT (8501), APP1_PORT (8502), APP2_PORT (8503), OTHER_PORT (8504,
# the instance with another secret), REPLICAS_HEAP (384m), KEYCLOAK_URL (http://localhost:8180).
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DB="${REPLICAS_DB:-replicas_cmo}"
PROXY_PORT="${PROXY_PORT:-8501}" APP1_PORT="${APP1_PORT:-8502}" APP2_PORT="${APP2_PORT:-8503}" OTHER_PORT="${OTHER_PORT:-8504}"
HEAP="${REPLICAS_HEAP:-384m}"
KEYCLOAK="${KEYCLOAK_URL:-http://localhost:8180}"
REALM="$KEYCLOAK/realms/cmo"
PROXY="http://localhost:$PROXY_PORT"
WORK=target/replicas
SECRET=replicas-only-session-secret-0123456789abcdef
TENANT=zz-replicas
MODEL=replicas-llm
mkdir -p "$WORK/tokens"

say() { echo "[replicas $(date -u +%H:%M:%S)] $*"; }
q() { psql -Atq -d "$DB" -c "$1"; }

# ------------------------------------------------------------------ instances and proxy

start_app() { # name port [secret]
    local name=$1 port=$2 secret=${3:-$SECRET}
    if curl -s -o /dev/null "http://localhost:$port/"; then echo "port $port is taken" >&2; exit 1; fi
    QUARKUS_HTTP_PORT=$port \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
    QUARKUS_DATASOURCE_USERNAME=cmo_app QUARKUS_DATASOURCE_PASSWORD=cmo_app CMO_APP_PASSWORD=cmo_app \
    QUARKUS_DATASOURCE_MIGRATION_USERNAME="$PGUSER" QUARKUS_DATASOURCE_MIGRATION_PASSWORD=unused \
    QUARKUS_OIDC_AUTH_SERVER_URL="$REALM" \
    QUARKUS_OIDC_CLIENT_ID=cmo-portal QUARKUS_OIDC_CREDENTIALS_SECRET=cmo-portal-secret \
    CMO_SESSION_SECRET="$secret" \
    CMO_PAYEE_KEY=9Cg32JxHQ5WI2oXPGIeAXPB4Mrf/kfEWtj7rrQYADEo= \
    CMO_BALLOTS_CLOSING_EVERY="${CMO_BALLOTS_CLOSING_EVERY:-5s}" \
        java "-Xmx$HEAP" -jar target/quarkus-app/quarkus-run.jar >>"$WORK/$name.log" 2>&1 &
    echo $! >"$WORK/$name.pid"
}

pid_of() { cat "$WORK/$1.pid" 2>/dev/null; }

wait_ready() { # name port
    for _ in $(seq 1 240); do
        curl -fs -o /dev/null "http://localhost:$2/q/health/ready" && return 0
        kill -0 "$(pid_of "$1")" 2>/dev/null || { echo "$1 stopped; see $WORK/$1.log" >&2; exit 1; }
        sleep 1
    done
    echo "$1 did not get ready in 240 s; see $WORK/$1.log" >&2
    exit 1
}

start_proxy() {
    CMO_PROXY_BIND=":$PROXY_PORT" CMO_APP1="127.0.0.1:$APP1_PORT" CMO_APP2="127.0.0.1:$APP2_PORT" \
        haproxy -db -f docker/haproxy/haproxy.cfg >>"$WORK/haproxy.log" 2>&1 &
    echo $! >"$WORK/haproxy.pid"
    for _ in $(seq 1 30); do curl -fs -o /dev/null "$PROXY/q/health/ready" && return 0; sleep 1; done
    echo "the proxy does not answer; see $WORK/haproxy.log" >&2
    exit 1
}

stop() { # name
    local pid
    pid=$(pid_of "$1") || return 0
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && while kill -0 "$pid" 2>/dev/null; do sleep 0.5; done
    rm -f "$WORK/$1.pid"
}

up() {
    [ "${REPLICAS_BUILD:-}" = 1 ] || [ ! -f target/quarkus-app/quarkus-run.jar ] && ./mvnw -B -q package -DskipTests
    docker/keycloak/start.sh >/dev/null
    psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
    rm -f "$WORK"/app1.log "$WORK"/app2.log "$WORK"/haproxy.log
    say "starting app1 (:$APP1_PORT) and app2 (:$APP2_PORT) at the same moment against the empty database $DB"
    start_app app1 "$APP1_PORT"
    start_app app2 "$APP2_PORT"
    wait_ready app1 "$APP1_PORT"
    wait_ready app2 "$APP2_PORT"
    say "both ready; Flyway's history (each version once, every one a success):"
    q "SELECT count(*) || ' rows, ' || count(DISTINCT version) || ' versions, ' || count(*) FILTER (WHERE NOT success) || ' failed, latest ' || max(version::int) FROM flyway_schema_history WHERE version IS NOT NULL"
    for a in app1 app2; do
        echo "  $a: $(grep -Eo 'Migrating schema "public" to version "[0-9]+ - [^"]+"' "$WORK/$a.log" | wc -l) migrations applied;" \
            "$(grep -Eo 'Successfully applied [0-9]+ migrations?|Schema "public" is up to date. No migration necessary.' "$WORK/$a.log" | head -1)"
    done
    start_proxy
    say "proxy on $PROXY (HAProxy $(haproxy -v | head -1 | awk '{print $3}'))"
}

down() {
    stop haproxy; stop app1; stop app2; stop other
    say "instances and proxy stopped"
}

# ------------------------------------------------------------------ tokens and the API

token() { # user: a bearer token by the password grant
    curl -fsS "$REALM/protocol/openid-connect/token" -d grant_type=password -d client_id=cmo-portal \
        -d client_secret=cmo-portal-secret -d username="$1" -d password=demo | jq -r .access_token
}

api() { # user method path [json]: through the proxy, fails on an error status
    curl -fsS -X "$2" -H "Authorization: Bearer $(token "$1")" -H 'Content-Type: application/json' ${4:+-d "$4"} "$PROXY/api/v1$3"
}

filing_json() { # model period
    printf '{"model": "%s", "period": "%s", "currency": "USD", "revenue": "1250000.00", "servingCost": "400000.00", "postTrainingCost": "100000.00", "dataValueShare": "0.30", "mixtureWeights": {"news": "0.25", "other": "0.75"}}' "$1" "$2"
}

USAGE="category,member_ref,units
news,a1,3
news,b1,1
"

upload() { # bearer period model idempotency-key out-file -> prints the status (000: no answer)
    curl -s -o "$5" -w '%{http_code}' --max-time 120 -H "Authorization: Bearer $1" -H "Idempotency-Key: $4" \
        -F "filing=$(filing_json "$3" "$2");type=application/json;filename=filing.json" \
        -F "usage=@-;type=text/csv;filename=usage.csv" \
        "$PROXY/api/v1/tenants/$TENANT/periods/$2/filings" <<<"$USAGE" || true
}

seed() {
    say "seeding $TENANT through the proxy"
    api olivia POST /tenants '{"slug":"'$TENANT'","name":"Replicas Guild","currency":"USD","adminFeeRate":"0.10","shareBand":{"min":"0.20","max":"0.50"},"categories":[{"key":"news","name":"News"}]}' >/dev/null
    api olivia POST /tenants/$TENANT/admins '{"username":"nadia"}' >/dev/null
    api olivia POST /tenants/$TENANT/admins '{"username":"noah"}' >/dev/null
    api nadia POST /tenants/$TENANT/members '{"ref":"a1","name":"Member a1","username":"alice"}' >/dev/null
    api nadia POST /tenants/$TENANT/members '{"ref":"b1","name":"Member b1","username":"bob"}' >/dev/null
    api olivia POST /builders '{"slug":"acme-ai","name":"Acme AI","admin":"bruno"}' >/dev/null
    api nadia POST /tenants/$TENANT/licences '{"builder":"acme-ai"}' >/dev/null
    # 2026-Q1: distributed, so alice has a statement and the model has stakes (and so ballots)
    api nadia POST /tenants/$TENANT/periods '{"label":"2026-Q1"}' >/dev/null
    local bruno status
    bruno=$(token bruno)
    status=$(upload "$bruno" 2026-Q1 "$MODEL" seed-q1 "$WORK/seed.out")
    [ "$status" = 201 ] || { echo "seed filing: $status $(cat "$WORK/seed.out")" >&2; exit 1; }
    api nadia POST /tenants/$TENANT/periods/2026-Q1/close >/dev/null
    api nadia POST /tenants/$TENANT/periods/2026-Q1/filings/"$(jq -r .id "$WORK/seed.out")"/accept '{"justification":"checked"}' >/dev/null
    api nadia POST /tenants/$TENANT/periods/2026-Q1/calculate >/dev/null
    api noah POST /tenants/$TENANT/periods/2026-Q1/approve >/dev/null
    api nadia POST /tenants/$TENANT/periods/2026-Q1/distribute >/dev/null
    # a ballot open for a day: the soak's votes
    api nadia POST /tenants/$TENANT/models/$MODEL/ballots '{"question":"May the model quote our news?","closesAt":"'"$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)"'","quorum":"0.1","threshold":"0.5"}' \
        | jq -r .id >"$WORK/ballot.id"
    # 2026-Q2: open, for uploads; 2026-Q3: in review, with filings for the acceptances of the kill test
    api nadia POST /tenants/$TENANT/periods '{"label":"2026-Q2"}' >/dev/null
    api nadia POST /tenants/$TENANT/periods '{"label":"2026-Q3"}' >/dev/null
    local n=${REVIEW_FILINGS:-300}
    say "filing $n filings into 2026-Q3 for the acceptances"
    for i in $(seq 1 "$n"); do
        [ $((i % 50)) = 1 ] && bruno=$(token bruno)
        status=$(upload "$bruno" 2026-Q3 "review-llm-$i" "seed-q3-$i" "$WORK/seed.out")
        [ "$status" = 201 ] || { echo "review filing $i: $status $(cat "$WORK/seed.out")" >&2; exit 1; }
    done
    api nadia POST /tenants/$TENANT/periods/2026-Q3/close >/dev/null
    q "SELECT id FROM statement WHERE tenant_id = '$TENANT' AND member_ref = 'a1' ORDER BY id DESC LIMIT 1" >"$WORK/statement.id"
    say "seeded: statement $(cat "$WORK/statement.id") of alice, ballot $(cat "$WORK/ballot.id"), $n filings in review"
}

# ------------------------------------------------------------------ the session across instances

session() {
    say "registering $PROXY/* as a redirect address of client cmo-portal (Keycloak's admin API; the realm file lists only 8080-8083)"
    local admin cid client jar=$WORK/session.jar page loc form instance statement
    admin=$(curl -fsS "$KEYCLOAK/realms/master/protocol/openid-connect/token" -d grant_type=password -d client_id=admin-cli \
        -d username=admin -d password=admin | jq -r .access_token)
    cid=$(curl -fsS -H "Authorization: Bearer $admin" "$KEYCLOAK/admin/realms/cmo/clients?clientId=cmo-portal" | jq -r '.[0].id')
    client=$(curl -fsS -H "Authorization: Bearer $admin" "$KEYCLOAK/admin/realms/cmo/clients/$cid" \
        | jq --arg u "$PROXY/*" '.redirectUris |= (. + [$u] | unique)')
    curl -fsS -X PUT -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d "$client" \
        "$KEYCLOAK/admin/realms/cmo/clients/$cid" >/dev/null
    statement=$(cat "$WORK/statement.id")
    page="/t/$TENANT/statements/$statement"
    rm -f "$jar"
    # 1. the page through the proxy: not signed in, so off to Keycloak
    loc=$(curl -s -o /dev/null -c "$jar" -b "$jar" -D "$WORK/h1" -w '%{redirect_url}' "$PROXY$page")
    instance=$(grep -i '^x-cmo-instance' "$WORK/h1" | tr -d '\r' | awk '{print $2}')
    echo "  GET $page via the proxy -> $(head -1 "$WORK/h1" | tr -d '\r') from $instance, to the sign-in page"
    # 2. Keycloak's form, filled in as alice
    form=$(curl -s -c "$jar" -b "$jar" "$loc" | grep -o 'action="[^"]*"' | head -1 | sed 's/action="//; s/"$//; s/&amp;/\&/g')
    loc=$(curl -s -o /dev/null -c "$jar" -b "$jar" -w '%{redirect_url}' --data-urlencode username=alice \
        --data-urlencode password=demo "$form")
    # 3. back to the portal with the code: whichever instance gets it makes the session cookie
    loc=$(curl -s -o /dev/null -c "$jar" -b "$jar" -D "$WORK/h2" -w '%{redirect_url}' "$loc")
    instance=$(grep -i '^x-cmo-instance' "$WORK/h2" | tr -d '\r' | awk '{print $2}')
    echo "  the code comes back through the proxy -> $(head -1 "$WORK/h2" | tr -d '\r') from $instance, cookies: $(sed 's/^#HttpOnly_//' "$jar" | grep -v '^#' | awk 'NF {print $6}' | sort -u | tr '\n' ' ')"
    grep -q q_session "$jar" || { echo "no session cookie: sign-in failed" >&2; exit 1; }
    # 4. the same cookie on each instance directly, and through the proxy in turn
    local ok=0 all=0 code name
    for target in "app1 http://localhost:$APP1_PORT" "app2 http://localhost:$APP2_PORT" "proxy $PROXY" "proxy $PROXY" "proxy $PROXY" "proxy $PROXY"; do
        name=${target% *}
        code=$(curl -s -o "$WORK/page.html" -b "$jar" -D "$WORK/h3" -w '%{http_code}' "${target#* }$page")
        instance=$(grep -i '^x-cmo-instance' "$WORK/h3" | tr -d '\r' | awk '{print $2}' || true)
        all=$((all + 1))
        if [ "$code" = 200 ] && grep -q "Member a1" "$WORK/page.html"; then ok=$((ok + 1)); fi
        echo "  GET $page on $name${instance:+ (answered by $instance)} with the cookie -> $code, $(grep -c 'Member a1' "$WORK/page.html") mention of Member a1"
    done
    say "session: $ok of $all requests signed in as alice"
    # 5. an instance with another secret cannot read the cookie: it sends the person to sign in again
    start_app other "$OTHER_PORT" another-secret-for-the-control-0123456789abcdef
    wait_ready other "$OTHER_PORT"
    code=$(curl -s -o /dev/null -b "$jar" -w '%{http_code} -> %{redirect_url}' "http://localhost:$OTHER_PORT$page")
    echo "  GET $page on an instance with another CMO_SESSION_SECRET -> $code" | cut -c1-160
    stop other
}

# ------------------------------------------------------------------ SIGKILL under load

kill_test() { # [signal]: KILL (default) or TERM (a graceful shutdown: the proxy must see it leave before it stops)
    local signal=${1:-KILL} run=$WORK/kill stop_file=$WORK/kill/stop bruno nadia victim=${VICTIM:-app1}
    rm -rf "$run"; mkdir -p "$run"
    wc -l <"$WORK/haproxy.log" >"$run/proxy-log.from"
    bruno=$(token bruno); nadia=$(token nadia)
    q "SELECT id FROM filing f WHERE tenant_id = '$TENANT' AND status = 'SUBMITTED' AND period_id = (SELECT id FROM period WHERE tenant_id = '$TENANT' AND label = '2026-Q3') ORDER BY id" >"$run/review.ids"
    say "kill test: 3 uploaders (201) and 2 administrators accepting filings (200) through the proxy; SIG$signal to $victim after ${KILL_AFTER:-10} s"
    for w in 1 2 3; do
        ( i=0; while [ ! -f "$stop_file" ]; do i=$((i + 1))
            s=$(upload "$bruno" 2026-Q2 "kill-llm-$w-$i" "kill-$w-$i" "$run/u-$w.out")
            echo "upload kill-llm-$w-$i kill-$w-$i $s $(jq -r '.id // empty' "$run/u-$w.out" 2>/dev/null) $(date +%s.%N)" >>"$run/uploads.log"
        done ) &
    done
    for w in 0 1; do
        ( awk -v w=$w 'NR % 2 == w' "$run/review.ids" | while read -r id; do [ -f "$stop_file" ] && break
            s=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 -X POST -H "Authorization: Bearer $nadia" \
                -H 'Content-Type: application/json' -d '{"justification":"checked under load"}' \
                "$PROXY/api/v1/tenants/$TENANT/periods/2026-Q3/filings/$id/accept" || true)
            echo "accept $id $s $(date +%s.%N)" >>"$run/accepts.log"
        done ) &
    done
    # and two readers of alice's statement page, whose GETs the proxy may send again to the other instance
    local alice statement; alice=$(token alice); statement=$(cat "$WORK/statement.id")
    for w in 1 2; do
        ( while [ ! -f "$stop_file" ]; do
            s=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 -H "Authorization: Bearer $alice" "$PROXY/t/$TENANT/statements/$statement" || true)
            echo "read $w $s $(date +%s.%N)" >>"$run/reads.log"
        done ) &
    done
    sleep "${KILL_AFTER:-10}"
    local victim_pid; victim_pid=$(pid_of "$victim")
    date +%s.%N >"$run/killed.at"
    kill "-$signal" "$victim_pid"
    say "SIG$signal sent to $victim (pid $victim_pid)"
    if [ "$signal" = TERM ]; then
        while kill -0 "$victim_pid" 2>/dev/null; do sleep 0.2; done
        say "$victim exited $(awk -v k="$(cat "$run/killed.at")" -v n="$(date +%s.%N)" 'BEGIN {printf "%.1f", n - k}') s after SIGTERM"
    fi
    sleep "${KILL_THEN:-15}"
    touch "$stop_file"; wait
    say "writers stopped; restarting $victim"
    rm -f "$WORK/$victim.pid"
    if [ "$victim" = app1 ]; then start_app app1 "$APP1_PORT"; wait_ready app1 "$APP1_PORT"; else start_app app2 "$APP2_PORT"; wait_ready app2 "$APP2_PORT"; fi
    kill_check "$run"
    if [ "$signal" = TERM ]; then # a graceful shutdown loses nothing and refuses nothing: every request succeeded
        local failed
        failed=$(awk '$4 != 201' "$run/uploads.log" | wc -l)
        failed=$((failed + $(awk '$3 != 200' "$run/accepts.log" "$run/reads.log" | wc -l)))
        if [ "$failed" = 0 ]; then say "drain: every request answered with success"; else say "drain: FAILED, $failed requests without success"; return 1; fi
    fi
}

kill_check() { # run dir
    local run=$1 killed
    killed=$(cat "$run/killed.at")
    echo "  uploads:  $(awk '{print $4}' "$run/uploads.log" | sort | uniq -c | awk '{printf "%s x %s, ", $2, $1}')"
    echo "  accepts:  $(awk '{print $3}' "$run/accepts.log" | sort | uniq -c | awk '{printf "%s x %s, ", $2, $1}')"
    echo "  reads:    $(awk '{print $3}' "$run/reads.log" | sort | uniq -c | awk '{printf "%s x %s, ", $2, $1}')"
    echo "  answered after the kill: $(awk -v k="$killed" '$NF > k' "$run/uploads.log" "$run/accepts.log" "$run/reads.log" | wc -l) requests"
    # every acknowledged write, looked up in the database as the owner (row-level security does not hide it)
    awk '$4 == 201 {printf "(%s,%s)\n", $5, "\x27" $2 "\x27"}' "$run/uploads.log" | paste -sd, >"$run/acked-uploads"
    awk '$3 == 200 {print $2}' "$run/accepts.log" | paste -sd, >"$run/acked-accepts"
    local acked_u acked_a
    acked_u=$(awk '$4 == 201' "$run/uploads.log" | wc -l); acked_a=$(awk '$3 == 200' "$run/accepts.log" | wc -l)
    echo "  acknowledged uploads found with their model and both usage lines: $(q "SELECT count(*) FROM (VALUES $(cat "$run/acked-uploads")) a(id, model) JOIN filing f ON f.id = a.id AND f.model = a.model AND f.tenant_id = '$TENANT' WHERE (SELECT count(*) FROM filing_usage_pair u WHERE u.filing_id = f.id) = 2") of $acked_u"
    echo "  acknowledged acceptances found ACCEPTED: $(q "SELECT count(*) FROM filing WHERE tenant_id = '$TENANT' AND id IN ($(cat "$run/acked-accepts")) AND status = 'ACCEPTED'") of $acked_a"
    echo "  their audit events (filing.accept, one each): $(q "SELECT count(*) || ' events for ' || count(DISTINCT object_id) || ' filings' FROM audit_event WHERE tenant_id = '$TENANT' AND action = 'filing.accept' AND object_id IN ($(sed "s/\([0-9]\+\)/'\1'/g" "$run/acked-accepts"))")"
    # the unanswered: stored whole or not at all, and a client's retry with the same Idempotency-Key settles them
    local bruno nadia line model key s id
    bruno=$(token bruno); nadia=$(token nadia)
    awk '$4 != 201' "$run/uploads.log" | while read -r _ model key s _; do
        stored=$(q "SELECT count(*) || ' filing(s), ' || coalesce(sum((SELECT count(*) FROM filing_usage_pair u WHERE u.filing_id = f.id)), 0) || ' usage lines' FROM filing f WHERE tenant_id = '$TENANT' AND model = '$model'")
        again=$(upload "$bruno" 2026-Q2 "$model" "$key" "$run/retry.out")
        after=$(q "SELECT count(*) FROM filing WHERE tenant_id = '$TENANT' AND model = '$model'")
        echo "  unanswered upload $model ($s): in the database $stored; the client sends it again with its key -> $again; $after filing(s) of $model"
    done
    awk '$3 != 200' "$run/accepts.log" | while read -r _ id s _; do
        state=$(q "SELECT status FROM filing WHERE tenant_id = '$TENANT' AND id = $id")
        again=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $nadia" -H 'Content-Type: application/json' \
            -d '{"justification":"checked again"}' "$PROXY/api/v1/tenants/$TENANT/periods/2026-Q3/filings/$id/accept")
        echo "  unanswered acceptance of filing $id ($s): in the database $state; the administrator presses again -> $again, $(q "SELECT count(*) FROM audit_event WHERE tenant_id = '$TENANT' AND action = 'filing.accept' AND object_id = '$id'") audit event(s)"
    done
    echo "  the proxy's retries by method (retries=+N: sent to the other instance):"
    tail -n +"$(($(cat "$run/proxy-log.from") + 1))" "$WORK/haproxy.log" >"$run/proxy.log"
    grep -Eo '(GET|POST) [^ ]+ [0-9]+ instances/[a-z0-9<>]+ retries=[+0-9]+' "$run/proxy.log" | awk '$5 != "retries=0" {print "    " $1 " " $3 " " $4 " " $5}' | sort | uniq -c
    echo "  the proxy's error answers by method: $(grep -Eo '(GET|POST) [^ ]+ (5[0-9][0-9]) ' "$run/proxy.log" | awk '{print $1 " " $3}' | sort | uniq -c | tr '\n' ';')"
}

# ------------------------------------------------------------------ the closer, once per ballot

closer() {
    local n=${BALLOTS:-20} at ids=() id
    at=$(date -u -d '+20 seconds' +%Y-%m-%dT%H:%M:%SZ)
    say "opening $n ballots closing at $at; both instances' closers pass every ${CMO_BALLOTS_CLOSING_EVERY:-5s}"
    local nadia; nadia=$(token nadia)
    for i in $(seq 1 "$n"); do
        id=$(curl -fsS -X POST -H "Authorization: Bearer $nadia" -H 'Content-Type: application/json' \
            -d '{"question":"Closer question '"$i"'","closesAt":"'"$at"'","quorum":"0.1","threshold":"0.5"}' \
            "$PROXY/api/v1/tenants/$TENANT/models/$MODEL/ballots" | jq -r .id)
        ids+=("$id")
    done
    local list; list=$(IFS=,; echo "${ids[*]}")
    for _ in $(seq 1 90); do
        [ "$(q "SELECT count(*) FROM ballot WHERE id IN ($list) AND state = 'OPEN'")" = 0 ] && break
        sleep 1
    done
    echo "  ballots closed: $(q "SELECT count(*) FROM ballot WHERE id IN ($list) AND state = 'CLOSED'") of $n"
    echo "  ballot.close audit events per ballot: $(q "SELECT string_agg(DISTINCT c::text, ',') FROM (SELECT b.id, (SELECT count(*) FROM audit_event e WHERE e.tenant_id = b.tenant_id AND e.action = 'ballot.close' AND e.object_id = b.id::text) c FROM ballot b WHERE b.id IN ($list)) x") (each ballot: exactly this many)"
    for a in app1 app2; do
        echo "  closed by $a: $(grep -E "Closed ballot ($(IFS='|'; echo "${ids[*]}")) of" "$WORK/$a.log" | wc -l)"
    done
}

# ------------------------------------------------------------------ soak

refresh_tokens() { # every minute, atomically, for wrk's script to read
    while [ ! -f "$WORK/soak.stop" ]; do
        for u in alice nadia bruno; do token "$u" >"$WORK/tokens/$u.tmp" && mv "$WORK/tokens/$u.tmp" "$WORK/tokens/$u"; done
        sleep 60
    done
}

soak() {
    local seconds=${1:-600} p1 p2
    rm -f "$WORK/soak.stop"
    refresh_tokens & local refresher=$!
    sleep 3
    p1=$(pid_of app1); p2=$(pid_of app2)
    say "soak: ${seconds} s of mixed traffic (ops/soak.lua) through the proxy; load before: $(uptime | sed 's/.*load average/load average/')"
    ( echo "second app1_rss_mb app2_rss_mb load1"
      for t in $(seq 0 30 "$seconds"); do
          echo "$t $(($(ps -o rss= -p "$p1") / 1024)) $(($(ps -o rss= -p "$p2") / 1024)) $(cut -d' ' -f1 /proc/loadavg)"
          sleep 30
      done ) >"$WORK/rss.txt" &
    local sampler=$!
    local from; from=$(wc -l <"$WORK/haproxy.log")
    # connections per kind (SOAK_CONNECTIONS): statement pages, boards, votes, uploads
    local conns=(${SOAK_CONNECTIONS:-4 2 2 1}) kinds=(statement board vote upload) k wrks=()
    for k in 0 1 2 3; do
        SOAK_KIND=${kinds[$k]} SOAK_TENANT=$TENANT SOAK_STATEMENT=$(cat "$WORK/statement.id") SOAK_BALLOT=$(cat "$WORK/ballot.id") \
        SOAK_TOKENS="$WORK/tokens" wrk -t1 -c"${conns[$k]}" -d"${seconds}s" --timeout 30s -s ops/soak.lua "$PROXY" \
            >"$WORK/soak-${kinds[$k]}.out" 2>&1 &
        wrks+=($!)
    done
    wait "${wrks[@]}"
    grep -h '^SOAK' "$WORK"/soak-*.out | tee "$WORK/soak.out"
    local total; total=$(grep -h 'requests in' "$WORK"/soak-*.out | awk '{s += $1} END {print s}')
    echo "  $total requests in ${seconds} s: $(echo "scale=1; $total / $seconds" | bc) per second through the proxy"
    touch "$WORK/soak.stop"
    wait "$sampler" 2>/dev/null || true
    kill "$refresher" 2>/dev/null || true
    say "load after: $(uptime | sed 's/.*load average/load average/')"
    echo "  resident memory (MB) every 30 s:"; column -t "$WORK/rss.txt" | sed 's/^/    /'
    echo "  filings stored by the soak's uploads: $(q "SELECT count(*) FROM filing WHERE tenant_id = '$TENANT' AND model LIKE 'soak-llm-%'")"
    echo "  the proxy's answers during the soak by instance and status: $(tail -n +"$((from + 1))" "$WORK/haproxy.log" | grep -Eo ' (GET|POST) [^ ]+ [0-9]{3} instances/[a-z0-9]+' | awk '{print $4 " " $3}' | sort | uniq -c | tr '\n' ';')"
}

case "${1:-}" in
    up) up ;;
    seed) seed ;;
    session) session ;;
    kill) kill_test KILL ;;
    drain) kill_test TERM ;;
    closer) closer ;;
    soak) soak "${2:-600}" ;;
    restart) stop app1; stop app2; start_app app1 "$APP1_PORT"; start_app app2 "$APP2_PORT"
             wait_ready app1 "$APP1_PORT"; wait_ready app2 "$APP2_PORT"; say "both instances started again (same database)" ;;
    down) down ;;
    all) up; seed; session; closer; kill_test; soak "${2:-600}"; down ;;
    *) sed -n '2,25p' "$0"; exit 2 ;;
esac
