#!/usr/bin/env bash
# Fault harness (run by hand; not part of ./mvnw verify). Against a scratch PostgreSQL cluster of its own
# (ops/cluster.sh: initdb into OPS_DIR, port OPS_PGPORT 5450) and the packaged app in prod mode (port OPS_APP_PORT 8601):
#
#   kill      SIGKILL the app in the middle of a calculation, a distribution, a payment run's proposal and its
#             approval; after each, with the app started again: the period (or run) is in its previous state, no row
#             of the killed step remains, the audit chain verifies through the API, and the step then succeeds.
#   restart   restart PostgreSQL while requests flow: every answer is 200 or a 503 problem with Retry-After (never a
#             500), and the app serves again without being restarted.
#   diskfull  an upload whose staging meets a full disk (a 16 MB tmpfs as the app role's temporary tablespace):
#             507, nothing stored; the same upload with room goes through.
#
# Usage: ops/faults.sh [--build] [kill] [restart] [diskfull]   (all three without a name)
# Environment: REFS (100000) and FILINGS (10) size the period (bench/workflow-seed.sql: REFS x FILINGS usage lines);
# OPS_DIR, OPS_PGPORT, OPS_APP_PORT (ops/cluster.sh); HEAP (1g). Needs root (initdb as the postgres OS user, mount).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=
STEPS=()
for a in "$@"; do if [ "$a" = --build ]; then BUILD=1; else STEPS+=("$a"); fi; done
[ ${#STEPS[@]} -gt 0 ] || STEPS=(kill restart diskfull)
REFS="${REFS:-100000}"
FILINGS="${FILINGS:-10}"
HEAP="${HEAP:-1g}"
DB=faults
TENANT=faultguild
PERIOD=2026-Q3
source ops/cluster.sh
LOG="$OPS_DIR/faults-app.log"
FAILED=0
trap 'app_stop; cluster_stop 2>/dev/null || true; ! mountpoint -q "$OPS_DIR/tiny" || umount "$OPS_DIR/tiny"' EXIT
trap 'exit 130' INT TERM

if [ -n "$BUILD" ] || [ ! -f target/quarkus-app/quarkus-run.jar ]; then ./mvnw -B -q package -DskipTests; fi
echo "load before: $(uptime)"
cluster_init
cluster_start
psql -q -d postgres -c "CREATE DATABASE $DB"
: >"$LOG"

ok() { echo "  ok   $*"; }
bad() { echo "  FAIL $*"; FAILED=$((FAILED + 1)); }
check() { # description expected actual
    if [ "$2" = "$3" ]; then ok "$1: $3"; else bad "$1: expected $2, got $3"; fi
}
q() { psql -Atq -d "$DB" -c "$1"; }
period_state() { api nadia GET "/api/v1/tenants/$TENANT/periods/$PERIOD" | jq -r .state; }
chain() { api noah GET "/api/v1/tenants/$TENANT/audit/verify" | jq -c .; }
chain_ok() { local v; v=$(chain); if echo "$v" | jq -e '.intact == true' >/dev/null; then ok "audit chain verifies: $v"; else bad "audit chain: $v"; fi; }

# Rows of the period's run, statements and ledger, and of payment runs: what a killed step must not leave behind.
PERIOD_ID_SQL="(SELECT id FROM period WHERE tenant_id = '$TENANT' AND label = '$PERIOD')"
rows() {
    q "SELECT 'runs=' || (SELECT count(*) FROM distribution_run WHERE period_id = $PERIOD_ID_SQL)
        || ' run_lines=' || (SELECT count(*) FROM run_line l JOIN distribution_run r ON r.id = l.run_id WHERE r.period_id = $PERIOD_ID_SQL)
        || ' statements=' || (SELECT count(*) FROM statement WHERE period_id = $PERIOD_ID_SQL)
        || ' statement_lines=' || (SELECT count(*) FROM statement_line l JOIN statement s ON s.id = l.statement_id WHERE s.period_id = $PERIOD_ID_SQL)
        || ' earned=' || (SELECT count(*) FROM account_entry WHERE tenant_id = '$TENANT' AND kind = 'EARNED')
        || ' payment_runs=' || (SELECT count(*) FROM payment_run WHERE tenant_id = '$TENANT')
        || ' payments=' || (SELECT count(*) FROM payment WHERE tenant_id = '$TENANT')
        || ' paid=' || (SELECT count(*) FROM account_entry WHERE tenant_id = '$TENANT' AND kind = 'PAID')
        || ' audit=' || (SELECT count(*) FROM audit_event WHERE tenant_id = '$TENANT')"
}

# Sends the step, waits until its transaction runs a statement whose text matches PATTERN (its writes; and has run
# KILL_AFTER seconds, default 0), prints what the database was doing, and kills the JVM with SIGKILL.
kill_mid_way() { # label user method path pattern
    local label=$1 user=$2 method=$3 path=$4 pattern=$5 bearer doing t0
    bearer=$(token "$user")
    t0=$(date +%s.%N)
    curl -s -o "$OPS_DIR/$label.out" -w '%{http_code}\n' -X "$method" -H "Authorization: Bearer $bearer" "$APP$path" >"$OPS_DIR/$label.code" 2>/dev/null &
    local curl_pid=$!
    doing=
    for _ in $(seq 1 600); do
        doing=$(q "SELECT round(extract(epoch FROM now() - xact_start)::numeric, 1) || ' s into its transaction: ' || left(regexp_replace(query, '\s+', ' ', 'g'), 90)
                   FROM pg_stat_activity WHERE usename = 'cmo_app' AND state <> 'idle' AND xact_start < now() - interval '${KILL_AFTER:-0} seconds'
                    AND query ~* '$pattern' ORDER BY xact_start LIMIT 1")
        [ -z "$doing" ] || break
        kill -0 $curl_pid 2>/dev/null || break
        sleep 0.2
    done
    if [ -z "$doing" ]; then
        bad "$label: the step ended before it could be killed (answer $(cat "$OPS_DIR/$label.code")); make the period larger"
        return 1
    fi
    app_kill9
    printf '  killed %s with SIGKILL %.1f s after the request; the database was %s\n' "$label" "$(echo "$(date +%s.%N) - $t0" | bc)" "$doing"
    wait $curl_pid 2>/dev/null || true
    # the backend finds its client gone at its next read; until then its transaction cannot commit (no COMMIT came)
    for _ in $(seq 1 300); do [ "$(q "SELECT count(*) FROM pg_stat_activity WHERE usename = 'cmo_app'")" = 0 ] && break; sleep 0.5; done
    echo "  the app's connections are gone; the answer the client saw: '$(cat "$OPS_DIR/$label.code")'"
}

restart_app() { app_start "$DB" "$HEAP" "$LOG"; }

timed_step() { # label user method path expected-status
    local out
    out=$(curl -s -o "$OPS_DIR/$1.out" -w '%{http_code} %{time_total}' -X "$3" -H "Authorization: Bearer $(token "$2")" "$APP$4")
    check "$1 done again" "$5" "${out% *}"
    echo "       ($1 took ${out#* } s)"
}

setup() {
    restart_app
    api olivia POST /api/v1/tenants '{"slug":"'$TENANT'","name":"Fault Guild","currency":"USD","adminFeeRate":"0.10",
      "categories":[{"key":"news","name":"News"},{"key":"code","name":"Code","rule":"EQUAL_SHARES"}]}' >/dev/null
    api olivia POST /api/v1/tenants/$TENANT/admins '{"username":"nadia"}' >/dev/null
    api olivia POST /api/v1/tenants/$TENANT/admins '{"username":"noah"}' >/dev/null
    api olivia POST /api/v1/builders '{"slug":"acme-ai","name":"Acme AI","admin":"bruno"}' >/dev/null
    api nadia POST /api/v1/tenants/$TENANT/licences '{"builder":"acme-ai"}' >/dev/null
    api nadia POST /api/v1/tenants/$TENANT/periods '{"label":"'$PERIOD'"}' >/dev/null
    api nadia PATCH /api/v1/tenants/$TENANT '{"minimumPayout":"5.00"}' >/dev/null
    api nadia PUT /api/v1/tenants/$TENANT/payment-account '{"accountHolder":"Fault Guild","iban":"DE89 3704 0044 0532 0130 00","bic":"COBADEFFXXX"}' >/dev/null
    psql -q -d "$DB" -v tenant=$TENANT -v period=$PERIOD -v filings="$FILINGS" -v refs="$REFS" -f bench/workflow-seed.sql >/dev/null
    # bank accounts for the matched members (m0000001...), encrypted with the app's key as the portal does
    java bench/PayeeSeed.java "$PAYEE_KEY" k1 $TENANT $((REFS - REFS / 20)) >"$OPS_DIR/accounts.tsv"
    psql -q -d "$DB" -c "\copy bank_account (tenant_id, member_ref, account_holder, iban_ciphertext, iban_nonce, key_id, iban_masked, bic, changed_by) FROM '$OPS_DIR/accounts.tsv'"
    psql -q -d "$DB" -c "VACUUM ANALYZE"
    api nadia POST /api/v1/tenants/$TENANT/periods/$PERIOD/close >/dev/null
    for id in $(q "SELECT id FROM filing WHERE tenant_id = '$TENANT' ORDER BY id"); do
        api nadia POST /api/v1/tenants/$TENANT/periods/$PERIOD/filings/$id/accept '{}' >/dev/null
    done
    echo "seeded $((REFS * FILINGS)) usage lines over $REFS refs in $FILINGS filings; period $(period_state)"
}

# One fault: the state and rows before, the kill, the restart, the same state and rows, the chain, the step again.
fault() { # label user method path pattern state-query expected-after-redo
    local label=$1 before_rows before_state after_rows after_state
    echo "== SIGKILL during $label"
    before_state=$(eval "$6"); before_rows=$(rows)
    kill_mid_way "$label" "$2" "$3" "$4" "$5" || return 0
    restart_app
    after_state=$(eval "$6"); after_rows=$(rows)
    check "state after the restart" "$before_state" "$after_state"
    check "rows after the restart (nothing partial)" "$before_rows" "$after_rows"
    chain_ok
    timed_step "$label" "$2" "$3" "$4" "$7"
    echo "       rows now: $(rows)"
}

run_kill() {
    setup
    fault calculate nadia POST /api/v1/tenants/$TENANT/periods/$PERIOD/calculate 'run_line_staging|INSERT INTO run_(line|ref|category)' period_state 200
    api noah POST /api/v1/tenants/$TENANT/periods/$PERIOD/approve >/dev/null
    fault distribute nadia POST /api/v1/tenants/$TENANT/periods/$PERIOD/distribute 'INSERT INTO (statement_line|account_entry)' period_state 200
    fault payment-proposal nadia POST /api/v1/tenants/$TENANT/payment-runs 'INSERT INTO (payment|payment_run_member)' \
        "q \"SELECT count(*) FROM payment_run WHERE tenant_id = '$TENANT'\"" 201
    local run; run=$(q "SELECT max(id) FROM payment_run WHERE tenant_id = '$TENANT'")
    fault payment-approval noah POST /api/v1/tenants/$TENANT/payment-runs/$run/approve 'INSERT INTO account_entry' \
        "q \"SELECT state FROM payment_run WHERE id = $run\"" 200
    app_stop
}

ensure_setup() {
    if [ -z "$APP_PID" ]; then restart_app; fi
    if [ "$(q "SELECT count(*) FROM tenant WHERE id = '$TENANT'")" = 0 ]; then app_stop; setup; fi
}

# One client of the restart: requests one after another until STOP exists, one line per answer:
# epoch-seconds status content-type retry-after has-trace kind
load_client() { # n
    local n=$1 i=0 url method kind out hdr bearer body
    bearer=$(token nadia)
    while [ ! -f "$OPS_DIR/load.stop" ]; do
        i=$((i + 1))
        case $((i % 3)) in
            0) method=GET; kind=api; url="/api/v1/tenants/$TENANT/periods/$PERIOD" ;;
            1) method=GET; kind=page; url="/t/$TENANT/admin/periods/$PERIOD" ;;
            2) method=POST; kind=write; url="/api/v1/tenants/$TENANT/periods" ;;
        esac
        hdr="$OPS_DIR/load-$n.hdr"
        body=()
        [ "$kind" != write ] || body=(-d "{\"label\":\"load-$n-$i\"}")
        out=$(curl -s -m 30 -o "$OPS_DIR/load-$n.body" -D "$hdr" -w '%{http_code} %{content_type}' -X $method \
            -H "Authorization: Bearer $bearer" -H 'Content-Type: application/json' -H 'Accept: text/html,application/json' \
            "${body[@]}" "$APP$url" 2>/dev/null || echo "000 none")
        local code=${out%% *} type retry trace
        type=$(echo "${out#* }" | cut -d';' -f1); type=${type:--}
        retry=$(grep -i '^retry-after:' "$hdr" 2>/dev/null | tr -d '\r' | awk '{print $2}' | head -1 || true); retry=${retry:--}
        trace=$(grep -c -E 'Exception|[[:space:]]at (org|io|java)\.' "$OPS_DIR/load-$n.body" 2>/dev/null || true); trace=${trace:-0}
        # keep the first 503 of each kind to show it
        [ "$code" != 503 ] || [ -f "$OPS_DIR/503-$kind.txt" ] || cat "$hdr" "$OPS_DIR/load-$n.body" >"$OPS_DIR/503-$kind.txt"
        printf '%s %s %s %s %s %s\n' "$(date +%s.%N)" "$code" "$type" "$retry" "$trace" "$kind:load-$n-$i"
    done >"$OPS_DIR/load-$n.log"
}

run_restart() {
    echo "== PostgreSQL restarted under load (${CLIENTS:-4} clients: the API's period, the period board page, new periods)"
    ensure_setup
    rm -f "$OPS_DIR/load.stop" "$OPS_DIR"/load-*.log "$OPS_DIR"/503-*.txt
    local c pids=()
    for c in $(seq 1 "${CLIENTS:-4}"); do load_client "$c" & pids+=($!); done
    sleep 10
    local down up
    down=$(date +%s.%N)
    cluster_stop
    echo "  PostgreSQL stopped (fast shutdown); kept down ${OUTAGE:-5} s"
    sleep "${OUTAGE:-5}"
    cluster_start
    up=$(date +%s.%N)
    echo "  PostgreSQL started again after $(echo "$up - $down" | bc | cut -c1-4) s"
    sleep "${AFTER:-20}"
    touch "$OPS_DIR/load.stop"
    wait "${pids[@]}" 2>/dev/null || true
    cat "$OPS_DIR"/load-*.log | sort -n >"$OPS_DIR/load.log"
    local recovered=$(echo "$up + 5" | bc)
    awk -v down="$down" -v up="$up" -v rec="$recovered" '
        { phase = ($1 < down) ? "1 before" : ($1 < up) ? "2 outage" : ($1 < rec) ? "3 first 5 s after" : "4 after"
          split($6, k, ":"); n[phase " " k[1] " " $2 " " $3]++ }
        END { for (x in n) print "  " x ": " n[x] }' "$OPS_DIR/load.log" | sort
    local total=$(wc -l <"$OPS_DIR/load.log")
    local errors5xx=$(awk '$2 >= 500 && $2 != 503' "$OPS_DIR/load.log" | wc -l)
    local bad503=$(awk '$2 == 503 && ($4 == "-" || ($3 != "application/problem+json" && $3 != "text/html"))' "$OPS_DIR/load.log" | wc -l)
    local traces=$(awk '$5 > 0' "$OPS_DIR/load.log" | wc -l)
    local late=$(awk -v rec="$recovered" '$1 >= rec && $2 != 200 && $2 != 201' "$OPS_DIR/load.log" | wc -l)
    local refused=$(awk '$2 == "000"' "$OPS_DIR/load.log" | wc -l)
    echo "  $total requests"
    check "answers 5xx other than 503" 0 "$errors5xx"
    check "503 answers without Retry-After or of another type" 0 "$bad503"
    check "answers showing a stack trace" 0 "$traces"
    check "requests without an answer" 0 "$refused"
    check "answers other than 200/201 from 5 s after PostgreSQL is back" 0 "$late"
    # no acknowledged write lost: every period answered 201 is there
    local acked stored
    acked=$(awk '$2 == 201 { split($6, k, ":"); print k[2] }' "$OPS_DIR/load.log" | sort)
    stored=$(q "SELECT label FROM period WHERE tenant_id = '$TENANT' AND label LIKE 'load-%' ORDER BY 1" | sort)
    check "periods answered 201 that are missing" 0 "$(comm -23 <(echo "$acked") <(echo "$stored") | grep -c . || true)"
    local k
    for k in api page write; do
        [ ! -f "$OPS_DIR/503-$k.txt" ] || { echo "  the first 503 of a request for the $k:"; tr -d '\r' <"$OPS_DIR/503-$k.txt" | grep -v '^$' | grep -i -E '^(HTTP|retry-after|content-type)|detail|<h1>|<p>' | head -6 | sed 's/^/      /'; }
    done
    chain_ok
}

run_diskfull() {
    echo "== An upload meets a full disk (a 16 MB tmpfs as cmo_app's temporary tablespace)"
    ensure_setup
    local tiny="$OPS_DIR/tiny" label=2026-Q4 usage="$OPS_DIR/usage-diskfull.csv"
    mkdir -p "$tiny"
    mountpoint -q "$tiny" || mount -t tmpfs -o size=16m,mode=0700 tmpfs "$tiny"
    chown postgres "$tiny"
    psql -q -d "$DB" -c "CREATE TABLESPACE tiny LOCATION '$tiny'" -c "GRANT CREATE ON TABLESPACE tiny TO cmo_app" \
        -c "ALTER ROLE cmo_app SET temp_tablespaces = 'tiny'"
    app_stop; restart_app   # the pool's connections take the role's setting when they open
    api nadia POST /api/v1/tenants/$TENANT/periods '{"label":"'$label'"}' >/dev/null
    awk 'BEGIN { print "category,member_ref,units"; for (i = 1; i <= 1500000; i++) printf "news,r%08d,%d\n", i, 1 + i % 7 }' >"$usage"
    local json='{"model":"acme-llm-7","currency":"USD","revenue":"1250000.00","servingCost":"400000.00","postTrainingCost":"100000.00","dataValueShare":"0.30","mixtureWeights":{"news":"0.60","other":"0.40"}}'
    upload() {
        curl -s -o "$OPS_DIR/diskfull.out" -w '%{http_code}' -H "Authorization: Bearer $(token bruno)" \
            -F "filing=$json;type=application/json" -F "usage=@$usage;type=text/csv" "$APP/api/v1/tenants/$TENANT/periods/$label/filings"
    }
    local code; code=$(upload)
    check "upload with the temporary space full" 507 "$code"
    echo "       answer: $(head -c 400 "$OPS_DIR/diskfull.out")"
    echo "       the app logged: $(grep -m1 'no space left' "$LOG" | cut -c1-300)"
    check "filings stored for $label" 0 "$(q "SELECT count(*) FROM filing f JOIN period p ON p.id = f.period_id WHERE p.tenant_id = '$TENANT' AND p.label = '$label'")"
    check "usage pairs stored for $label" 0 "$(q "SELECT count(*) FROM filing_usage_pair u JOIN filing f ON f.id = u.filing_id JOIN period p ON p.id = f.period_id WHERE p.tenant_id = '$TENANT' AND p.label = '$label'")"
    echo "       temporary space in use after the answer: $(du -sh "$tiny" | cut -f1)"
    mount -o remount,size=512m "$tiny"
    code=$(upload)
    check "the same upload with room again" 201 "$code"
    chain_ok
    app_stop
    psql -q -d "$DB" -c "ALTER ROLE cmo_app RESET temp_tablespaces"
    cluster_stop
    umount "$tiny"
    cluster_start
}

for s in "${STEPS[@]}"; do "run_$s"; done
app_stop
echo "load after: $(uptime)"
echo "$FAILED check(s) failed"
exit $((FAILED > 0))
