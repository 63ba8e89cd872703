#!/usr/bin/env bash
# Backup and restore, tested (run by hand; not part of ./mvnw verify), as docs/reliability.md "Backup and restore"
# describes it, on scratch clusters of its own (ops/cluster.sh):
#
#  1. the source cluster (port OPS_PGPORT, 5450, WAL archived) and the app on it: a CMO with PERIODS distributed
#     periods (bench/workflow-seed.sql: REFS refs x FILINGS filings each, calculated, approved and distributed through
#     the API), members' bank accounts (encrypted with the payee key) and an approved payment run;
#  2. every statement's digest, before: SHA-256 of its stored rows (the statement and its lines) and, for every
#     SAMPLE-th, of its JSON through the API (GET .../statements/{ref}); the audit chain's verdict;
#  3. the backup: pg_dumpall --roles-only (roles, cmo_app's password hash) and pg_dump -Fc, taken while the app runs;
#  4. the restore into a new database on a new cluster (port +1): roles, pg_restore, the database's own grants;
#  5. the app started on the restored database with the payee key kept outside the backup: the audit chain verifies,
#     every statement's digest is the same, the payment run's bank file still decrypts;
#  6. point-in-time recovery: a base backup and the archived WAL recovered to a time between two writes, on a third
#     cluster (port +2): the write before the time is there, the one after it is not.
#
# Environment: PERIODS (2), REFS (20000), FILINGS (5), SAMPLE (100), OPS_DIR, OPS_PGPORT, OPS_APP_PORT; needs root (initdb as the
# postgres OS user), curl, jq, java. Pass --build to package the app first.
set -euo pipefail
cd "$(dirname "$0")/.."
PERIODS="${PERIODS:-2}"
REFS="${REFS:-20000}"
FILINGS="${FILINGS:-5}"
TENANT=backupguild
source ops/cluster.sh
SRC_PORT=$PGPORT
DST_PORT=$((PGPORT + 1))
PITR_PORT=$((PGPORT + 2))
DST_DATA="$OPS_DIR/pgdata-restored"
PITR_DATA="$OPS_DIR/pgdata-pitr"
WORK="$OPS_DIR/backup"
LOG="$OPS_DIR/backup-app.log"
FAILED=0
cleanup() {
    app_stop
    for d in "$DST_DATA" "$PITR_DATA"; do [ -f "$d/postmaster.pid" ] && as_postgres "$PG_BIN/pg_ctl -D '$d' -m fast -w stop" >/dev/null || true; done
    cluster_stop 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ok() { echo "  ok   $*"; }
bad() { echo "  FAIL $*"; FAILED=$((FAILED + 1)); }
check() { if [ "$2" = "$3" ]; then ok "$1: $3"; else bad "$1: expected $2, got $3"; fi; }
now() { date +%s.%N; }
secs() { printf '%.1f' "$(echo "$2 - $1" | bc)"; }

if [ "${1:-}" = --build ] || [ ! -f target/quarkus-app/quarkus-run.jar ]; then ./mvnw -B -q package -DskipTests; fi
echo "load before: $(uptime)"
rm -rf "$WORK"; mkdir -p "$WORK"; chown postgres "$WORK"
: >"$LOG"; : >"$OPS_DIR/backup-app-restored.log"

echo "== 1. the source: $PERIODS distributed periods of $((REFS * FILINGS)) usage lines, a payment run"
cluster_init
cluster_start
psql -q -d postgres -c "CREATE DATABASE cmo"
app_start cmo 1g "$LOG"
api olivia POST /api/v1/tenants '{"slug":"'$TENANT'","name":"Backup Guild","currency":"USD","adminFeeRate":"0.10",
  "categories":[{"key":"news","name":"News"},{"key":"code","name":"Code","rule":"EQUAL_SHARES"}]}' >/dev/null
for a in nadia noah; do api olivia POST /api/v1/tenants/$TENANT/admins '{"username":"'$a'"}' >/dev/null; done
api olivia POST /api/v1/builders '{"slug":"acme-ai","name":"Acme AI","admin":"bruno"}' >/dev/null
api nadia POST /api/v1/tenants/$TENANT/licences '{"builder":"acme-ai"}' >/dev/null
api nadia PATCH /api/v1/tenants/$TENANT '{"minimumPayout":"5.00"}' >/dev/null
api nadia PUT /api/v1/tenants/$TENANT/payment-account '{"accountHolder":"Backup Guild","iban":"DE89 3704 0044 0532 0130 00","bic":"COBADEFFXXX"}' >/dev/null
# the seed as bench/workflow.sh runs it, each period's filings only; the members once
sed "s/f.model LIKE 'bench-model-%'/f.model LIKE 'bench-model-%' AND f.period_id = (SELECT id FROM period WHERE tenant_id = :'tenant' AND label = :'period')/" \
    bench/workflow-seed.sql >"$WORK/seed-first.sql"
sed '/^INSERT INTO member /,/;$/d' "$WORK/seed-first.sql" >"$WORK/seed-next.sql"
for p in $(seq 1 "$PERIODS"); do
    api nadia POST /api/v1/tenants/$TENANT/periods '{"label":"2026-P'$p'"}' >/dev/null
    seed="$WORK/seed-next.sql"; [ "$p" != 1 ] || seed="$WORK/seed-first.sql"
    psql -q -d cmo -v tenant=$TENANT -v period=2026-P$p -v filings="$FILINGS" -v refs="$REFS" -f "$seed" >/dev/null
done
for p in $(seq 1 "$PERIODS"); do
    label=2026-P$p
    api nadia POST /api/v1/tenants/$TENANT/periods/$label/close >/dev/null
    for id in $(psql -Atq -d cmo -c "SELECT f.id FROM filing f JOIN period p ON p.id = f.period_id WHERE p.tenant_id = '$TENANT' AND p.label = '$label' ORDER BY f.id"); do
        api nadia POST /api/v1/tenants/$TENANT/periods/$label/filings/$id/accept '{}' >/dev/null
    done
    api nadia POST /api/v1/tenants/$TENANT/periods/$label/calculate >/dev/null
    api noah POST /api/v1/tenants/$TENANT/periods/$label/approve >/dev/null
    api nadia POST /api/v1/tenants/$TENANT/periods/$label/distribute >/dev/null
done
java bench/PayeeSeed.java "$PAYEE_KEY" k1 $TENANT $((REFS - REFS / 20)) >"$WORK/accounts.tsv"
psql -q -d cmo -c "\copy bank_account (tenant_id, member_ref, account_holder, iban_ciphertext, iban_nonce, key_id, iban_masked, bic, changed_by) FROM '$WORK/accounts.tsv'"
rm -f "$WORK/accounts.tsv"
api nadia POST /api/v1/tenants/$TENANT/payment-runs >/dev/null
RUN=$(psql -Atq -d cmo -c "SELECT max(id) FROM payment_run WHERE tenant_id = '$TENANT'")
api noah POST /api/v1/tenants/$TENANT/payment-runs/$RUN/approve >/dev/null
echo "  $(psql -Atq -d cmo -c "SELECT count(*) || ' statements, ' || (SELECT count(*) FROM statement_line) || ' statement lines, '
    || (SELECT count(*) FROM account_entry) || ' ledger entries, ' || (SELECT count(*) FROM audit_event) || ' audit entries, database '
    || pg_size_pretty(pg_database_size('cmo')) FROM statement")"

# Every statement's digest of its stored rows (the statement and its lines, in SQL), and of its JSON through the API for
# every SAMPLE-th statement (default every 100th: on 2 busy cores the API serves some 8 statements a second).
statement_digests() { # out-file
    local dir="$WORK/statements" bearer
    rm -rf "$dir"; mkdir -p "$dir"
    bearer=$(token nadia)
    psql -Atq -d "$DIGEST_DB" -h 127.0.0.1 -p "$DIGEST_PORT" -c "SELECT p.label || ' ' || s.member_ref FROM statement s JOIN period p ON p.id = s.period_id
        WHERE s.tenant_id = '$TENANT' ORDER BY 1" | awk -v every="${SAMPLE:-100}" 'NR % every == 1' |
        awk -v app="$APP" -v t=$TENANT -v dir="$dir" '{ printf "url = \"%s/api/v1/tenants/%s/periods/%s/statements/%s\"\noutput = \"%s/%s_%s.json\"\n", app, t, $1, $2, dir, $1, $2 }' >"$WORK/curl.cfg"
    curl -s -f --no-progress-meter --parallel --parallel-max 4 -H "Authorization: Bearer $bearer" -H 'Accept: application/json' -K "$WORK/curl.cfg"
    (cd "$dir" && find . -name '*.json' | sort | xargs sha256sum) >"$1.api"
    psql -Atq -d "$DIGEST_DB" -h 127.0.0.1 -p "$DIGEST_PORT" -c "SELECT p.label, s.member_ref, encode(sha256(convert_to(
            row(s.member_ref, s.total, s.published_at, s.member_name, s.admin_fee_rate)::text || (SELECT string_agg(
                row(l.filing_id, l.builder_name, l.model, l.category_key, l.units, l.category_units, l.amount)::text, ';' ORDER BY l.id)
                FROM statement_line l WHERE l.statement_id = s.id), 'UTF8')), 'hex')
        FROM statement s JOIN period p ON p.id = s.period_id WHERE s.tenant_id = '$TENANT' ORDER BY 1, 2" >"$1.rows"
}
echo "== 2. digests before the backup"
DIGEST_PORT=$SRC_PORT DIGEST_DB=cmo
t0=$(now); statement_digests "$WORK/before"
echo "  $(wc -l <"$WORK/before.rows") statements digested from their stored rows, $(wc -l <"$WORK/before.api") of them also read through the API; $(secs "$t0" "$(now)") s"
CHAIN_BEFORE=$(api noah GET /api/v1/tenants/$TENANT/audit/verify | jq -c .)
echo "  audit chain before: $CHAIN_BEFORE"
PAIN_BEFORE=$(curl -fsS -H "Authorization: Bearer $(token nadia)" "$APP/api/v1/tenants/$TENANT/payment-runs/$RUN/csv" | sha256sum | cut -c1-64)

echo "== 3. the backup (the app running)"
t0=$(now)
pg_dumpall --roles-only -f "$WORK/roles.sql"
pg_dump -Fc -d cmo -f "$WORK/cmo.dump"
echo "  pg_dumpall --roles-only + pg_dump -Fc: $(secs "$t0" "$(now)") s, dump $(du -h "$WORK/cmo.dump" | cut -f1)"
grep -q "CREATE ROLE cmo_app" "$WORK/roles.sql" && ok "roles.sql has cmo_app (with its password hash: $(grep -c "ROLE cmo_app.*PASSWORD 'SCRAM" "$WORK/roles.sql") line)"
check "the payee key in the dump" 0 "$(pg_restore -f - "$WORK/cmo.dump" | grep -c "$PAYEE_KEY" || true)"
# a backup taken while the app writes is consistent (one snapshot): write during it in the real run; here, after it
app_stop

echo "== 4. restore into a new database on a new cluster (port $DST_PORT)"
t0=$(now)
rm -rf "$DST_DATA"; mkdir -p "$DST_DATA"; chown postgres "$DST_DATA"
as_postgres "$PG_BIN/initdb -D '$DST_DATA' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
printf "port = %s\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\nshared_buffers = 256MB\n" "$DST_PORT" "$DST_DATA" >>"$DST_DATA/postgresql.conf"
as_postgres "$PG_BIN/pg_ctl -D '$DST_DATA' -l '$OPS_DIR/postgres-restored.log' -w start" >/dev/null
# the roles first (the superuser that runs the restore exists already: its line fails harmlessly, so no ON_ERROR_STOP)
psql -q -p "$DST_PORT" -d postgres -f "$WORK/roles.sql" 2>&1 | grep -v 'role "postgres" already exists' || true
createdb -p "$DST_PORT" -T template0 -E UTF8 cmo_restored
pg_restore -p "$DST_PORT" -d cmo_restored --exit-on-error --jobs 2 "$WORK/cmo.dump"
# the database's own grants (V2 grants cmo_app TEMPORARY) are only in a dump restored with --create: apply them by name
pg_restore --create -f - "$WORK/cmo.dump" | grep -E '^(GRANT|REVOKE) .* ON DATABASE ' | sed 's/ON DATABASE cmo /ON DATABASE cmo_restored /' >"$WORK/database-grants.sql"
psql -q -p "$DST_PORT" -d cmo_restored -v ON_ERROR_STOP=1 -f "$WORK/database-grants.sql"
psql -q -p "$DST_PORT" -d cmo_restored -c "ANALYZE"
echo "  roles, pg_restore --jobs 2, database grants ($(wc -l <"$WORK/database-grants.sql")), ANALYZE: $(secs "$t0" "$(now)") s"

echo "== 5. the app on the restored database"
PGPORT=$DST_PORT app_start cmo_restored 1g "$OPS_DIR/backup-app-restored.log"
check "migrations Flyway applied to the restored database" 0 "$(grep -c 'Migrating schema' "$OPS_DIR/backup-app-restored.log" || true)"
CHAIN_AFTER=$(api noah GET /api/v1/tenants/$TENANT/audit/verify | jq -c .)
check "audit chain after the restore" "$CHAIN_BEFORE" "$CHAIN_AFTER"
echo "$CHAIN_AFTER" | jq -e '.intact == true' >/dev/null && ok "the chain is intact" || bad "the chain is broken: $CHAIN_AFTER"
DIGEST_PORT=$DST_PORT DIGEST_DB=cmo_restored
t0=$(now); statement_digests "$WORK/after"
echo "  $(wc -l <"$WORK/after.rows") statements digested, $(wc -l <"$WORK/after.api") through the API; $(secs "$t0" "$(now)") s"
check "statements whose JSON digest differs (of $(wc -l <"$WORK/before.api"))" 0 "$(diff "$WORK/before.api" "$WORK/after.api" | grep -c '^>' || true)"
check "statements whose stored rows' digest differs (of $(wc -l <"$WORK/before.rows"))" 0 "$(diff "$WORK/before.rows" "$WORK/after.rows" | grep -c '^>' || true)"
PAIN_AFTER=$(curl -fsS -H "Authorization: Bearer $(token nadia)" "$APP/api/v1/tenants/$TENANT/payment-runs/$RUN/csv" | sha256sum | cut -c1-64)
check "the payment run's bank file (decrypted with the key kept outside the backup)" "$PAIN_BEFORE" "$PAIN_AFTER"
app_stop
as_postgres "$PG_BIN/pg_ctl -D '$DST_DATA' -m fast -w stop" >/dev/null

echo "== 6. point-in-time recovery: base backup + archived WAL, recovered to a time between two writes"
app_start cmo 1g "$LOG"
t0=$(now)
pg_basebackup -D "$WORK/base" -Ft -z -X none -c fast
echo "  pg_basebackup: $(secs "$t0" "$(now)") s, $(du -sh "$WORK/base" | cut -f1)"
api nadia POST /api/v1/tenants/$TENANT/periods '{"label":"pitr-before"}' >/dev/null
sleep 1
TARGET=$(psql -Atq -d cmo -c "SELECT now()")
sleep 1
api nadia POST /api/v1/tenants/$TENANT/periods '{"label":"pitr-after"}' >/dev/null
psql -Atq -d cmo -c "SELECT pg_switch_wal()" >/dev/null
sleep 2   # the archiver copies the switched segment
app_stop
rm -rf "$PITR_DATA"; mkdir -p "$PITR_DATA"; chmod 700 "$PITR_DATA"
tar -xzf "$WORK/base/base.tar.gz" -C "$PITR_DATA"
chown -R postgres "$PITR_DATA"
cat >>"$PITR_DATA/postgresql.conf" <<CONF
port = $PITR_PORT
unix_socket_directories = '$PITR_DATA'
archive_mode = off
restore_command = 'cp $OPS_DIR/wal-archive/%f %p'
recovery_target_time = '$TARGET'
recovery_target_action = 'promote'
CONF
touch "$PITR_DATA/recovery.signal"; chown postgres "$PITR_DATA/recovery.signal"
t0=$(now)
as_postgres "$PG_BIN/pg_ctl -D '$PITR_DATA' -l '$OPS_DIR/postgres-pitr.log' -w -t 300 start" >/dev/null
for _ in $(seq 1 120); do [ "$(psql -Atq -p $PITR_PORT -d cmo -c 'SELECT pg_is_in_recovery()')" = f ] && break; sleep 1; done
echo "  recovered to $TARGET in $(secs "$t0" "$(now)") s: $(grep -m1 -o 'recovery stopping before.*' "$OPS_DIR/postgres-pitr.log" | cut -c1-120)"
check "the period written before the target time" 1 "$(psql -Atq -p $PITR_PORT -d cmo -c "SELECT count(*) FROM period WHERE tenant_id = '$TENANT' AND label = 'pitr-before'")"
check "the period written after the target time" 0 "$(psql -Atq -p $PITR_PORT -d cmo -c "SELECT count(*) FROM period WHERE tenant_id = '$TENANT' AND label = 'pitr-after'")"
PGPORT=$PITR_PORT app_start cmo 1g "$LOG"
CHAIN_PITR=$(api noah GET /api/v1/tenants/$TENANT/audit/verify | jq -c .)
echo "$CHAIN_PITR" | jq -e '.intact == true' >/dev/null && ok "the recovered chain is intact: $CHAIN_PITR" || bad "the recovered chain: $CHAIN_PITR"
app_stop

echo "load after: $(uptime)"
echo "$FAILED check(s) failed"
exit $((FAILED > 0))
