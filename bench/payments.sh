#!/usr/bin/env bash
# Benchmark of a payment run over MEMBERS (1,000,000) members with balances, through the API of the packaged app in
# prod mode with -Xmx512m: propose (nadia; the answer lists every payment and carried balance), approve (noah; writes
# the PAID entries) and the pain.001 download, each timed until its last byte. The limit each is compared with, in
# the same run: psql's \copy of the same rows out of the database (what the proposal reads, what the file is made of).
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres, trust auth), BENCH_DB (cmo_bench_payments, dropped
# and created), MEMBERS (1000000), BENCH_PORT (8197), KEYCLOAK_URL (http://localhost:8180/realms/cmo). Pass --build to
# package first. Needs psql, curl, jq and java.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DB="${BENCH_DB:-cmo_bench_payments}"
MEMBERS="${MEMBERS:-1000000}"
PORT="${BENCH_PORT:-8197}"
KEYCLOAK_URL="${KEYCLOAK_URL:-http://localhost:8180/realms/cmo}"
# the key bench/app.sh gives the app: the seeded accounts are encrypted with it
PAYEE_KEY=YmVuY2gtb25seS1wYXllZS1rZXktMDEyMzQ1Njc4OTA=
WORK=target/bench-payments
mkdir -p "$WORK"
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }

BUILD="${1:-}"
source bench/app.sh
bench_start_app 512m "$WORK/app.log"

api() { # user method path json
    curl -fsS -o /dev/null -X "$2" -H "Authorization: Bearer $(token "$1")" -H 'Content-Type: application/json' -d "$4" "$APP$3"
}
api olivia POST /api/v1/tenants '{"slug":"bench","name":"Bench Guild","currency":"EUR","adminFeeRate":"0.10","categories":[{"key":"news","name":"News"}]}'
for a in nadia noah; do api olivia POST /api/v1/tenants/bench/admins '{"username":"'$a'"}'; done
api nadia PATCH /api/v1/tenants/bench '{"minimumPayout":"5.00"}'
api nadia PUT /api/v1/tenants/bench/payment-account '{"accountHolder":"Bench Guild","iban":"DE89 3704 0044 0532 0130 00","bic":"COBADEFFXXX"}'

echo "[bench] seeding $MEMBERS members with balances, bank accounts and representatives (SQL, as the owner)"
t0=$(now)
java bench/PayeeSeed.java "$PAYEE_KEY" k1 bench "$MEMBERS" > "$WORK/accounts.tsv"
psql -q -v ON_ERROR_STOP=1 -d "$DB" -v n="$MEMBERS" <<SQL
INSERT INTO member (tenant_id, ref, name)
SELECT 'bench', 'm' || lpad(g::text, 7, '0'), 'Member ' || g FROM generate_series(1, :n) g;
-- two distributions' worth of earnings, as Ledger.earn posts them; one member in 250 has an adjustment that takes
-- more than was there (a negative balance, neither paid nor carried)
INSERT INTO account_entry (tenant_id, member_ref, kind, amount, period_id, cause, cause_id, reason)
SELECT 'bench', 'm' || lpad(g::text, 7, '0'), 'EARNED', 100 + (g::bigint * 7919) % 100000, NULL, 'period', p, 'Distribution of bench-' || p
  FROM generate_series(1, :n) g, generate_series(1, 2) p;
INSERT INTO account_entry (tenant_id, member_ref, kind, amount, period_id, cause, cause_id, reason)
SELECT 'bench', 'm' || lpad(g::text, 7, '0'), 'ADJUSTED', -250000, NULL, 'dispute', 1, 'Overpayment taken back'
  FROM generate_series(250, :n, 250) g;
\copy bank_account (tenant_id, member_ref, account_holder, iban_ciphertext, iban_nonce, key_id, iban_masked, bic, changed_by) FROM '$PWD/$WORK/accounts.tsv'
-- every 100th member is represented by m0000001 (a guild), who accepted
INSERT INTO representation (tenant_id, member_ref, representative_ref, state, named_by, accepted_by, accepted_at)
SELECT 'bench', 'm' || lpad(g::text, 7, '0'), 'm0000001', 'ACCEPTED', 'bench', 'bench', now()
  FROM generate_series(100, :n, 100) g;
VACUUM ANALYZE member;
VACUUM ANALYZE account_entry;
VACUUM ANALYZE bank_account;
VACUUM ANALYZE representation;
CHECKPOINT;
SQL
printf '[bench] seeded in %.0f s: %s entries, %s bank accounts\n' "$(secs "$t0" "$(now)")" \
    "$(psql -Atq -d "$DB" -c "SELECT count(*) FROM account_entry WHERE tenant_id = 'bench'")" \
    "$(psql -Atq -d "$DB" -c "SELECT count(*) FROM bank_account WHERE tenant_id = 'bench'")"

timed() { # name user method path output -> prints seconds and status
    local t0 code
    t0=$(now)
    code=$(curl -s -o "$5" -w '%{http_code} %{size_download}' -X "$3" -H "Authorization: Bearer $(token "$2")" "$APP$4")
    printf '%s %s\n' "$(secs "$t0" "$(now)")" "$code"
}

# The limit of the proposal, in the same run: the rows it reads, out with psql's \copy as the owner.
t0=$(now)
psql -q -d "$DB" -c "\copy ($(sed -n '/static final String BALANCES = """/,/""";/p' src/main/java/org/cmoportal/payment/PaymentRuns.java \
    | sed '1d;$d' | sed "s/:tenant/'bench'/g; s/\\\\\"/\"/g" | tr '\n' ' ')) TO '$PWD/$WORK/balances.copy'"
copy_balances_s=$(secs "$t0" "$(now)")
balance_rows=$(wc -l < "$WORK/balances.copy")
read -r propose_s propose_code propose_bytes <<<"$(timed propose nadia POST /api/v1/tenants/bench/payment-runs "$WORK/proposal.json")"
[[ "$propose_code" == 201 ]] || { echo "the proposal answered $propose_code"; head -c 600 "$WORK/proposal.json"; exit 1; }
RUN=$(psql -Atq -d "$DB" -c "SELECT max(id) FROM payment_run WHERE tenant_id = 'bench'")
read -r payments covered carried total <<<"$(psql -Atq -F ' ' -d "$DB" -c "SELECT payments, covered, carried, total FROM payment_run WHERE id = $RUN")"
printf '[bench] propose: %.1f s, answer %s MB (%s payments covering %s members, %s carried, total %s cents)\n' \
    "$propose_s" "$((propose_bytes / 1000000))" "$payments" "$covered" "$carried" "$total"

read -r approve_s approve_code _ <<<"$(timed approve noah POST "/api/v1/tenants/bench/payment-runs/$RUN/approve" "$WORK/approval.json")"
[[ "$approve_code" == 200 ]] || { echo "the approval answered $approve_code"; cat "$WORK/approval.json"; exit 1; }
printf '[bench] approve: %.1f s, %s PAID entries\n' "$approve_s" \
    "$(psql -Atq -d "$DB" -c "SELECT count(*) FROM account_entry WHERE tenant_id = 'bench' AND kind = 'PAID'")"

read -r export_s export_code export_bytes <<<"$(timed export nadia GET "/api/v1/tenants/bench/payment-runs/$RUN/pain.001" "$WORK/run.pain.001.xml")"
[[ "$export_code" == 200 ]] || { echo "the export answered $export_code"; head -c 600 "$WORK/run.pain.001.xml"; exit 1; }
header=$(head -c 1200 "$WORK/run.pain.001.xml")
txs=$( (grep -o '<CdtTrfTxInf>' "$WORK/run.pain.001.xml" || true) | wc -l)
printf '[bench] pain.001: %.1f s, %s MB, %s transactions; header %s\n' "$export_s" "$((export_bytes / 1000000))" "$txs" \
    "$(echo "$header" | grep -o '<NbOfTxs>[0-9]*</NbOfTxs><CtrlSum>[0-9.]*</CtrlSum>' | head -1)"
[[ "$txs" == "$payments" ]] || { echo "the file has $txs transactions, the run $payments"; exit 1; }

# The limit of the export, in the same run: the rows the file is made of, out with psql's \copy as the owner, planned
# as the app plans it (no nested loops: the run's rows are too new to have statistics).
t0=$(now)
PGOPTIONS="-c enable_nestloop=off -c work_mem=128MB" psql -q -d "$DB" -c "\copy (SELECT p.id, p.payee_ref, p.amount, p.covers, a.account_holder, a.iban_masked, a.iban_ciphertext,
    a.iban_nonce, a.key_id, a.bic, m.member_ref, m.balance FROM payment p
    JOIN bank_account a ON a.tenant_id = 'bench' AND a.id = p.bank_account_id
    JOIN payment_run_member m ON m.tenant_id = 'bench' AND m.run_id = p.run_id AND m.payee_ref = p.payee_ref AND m.why IS NULL
    WHERE p.tenant_id = 'bench' AND p.run_id = $RUN ORDER BY p.payee_ref COLLATE \"C\", m.member_ref COLLATE \"C\") TO '$PWD/$WORK/export.copy'"
copy_export_s=$(secs "$t0" "$(now)")
printf '[bench] psql \\copy of what the proposal reads: %.1f s (%s rows); of what the file is made of: %.1f s (%s rows)\n' \
    "$copy_balances_s" "$balance_rows" "$copy_export_s" "$(wc -l < "$WORK/export.copy")"
printf '[bench] ratios: propose / \\copy %.2f, pain.001 / \\copy %.2f; propose + approve + pain.001: %.1f s\n' \
    "$(echo "$propose_s / $copy_balances_s" | bc -l)" "$(echo "$export_s / $copy_export_s" | bc -l)" \
    "$(echo "$propose_s + $approve_s + $export_s" | bc -l)"
echo "[bench] app peak resident memory: $(grep VmHWM /proc/$APP_PID/status | awk '{print $2, $3}') (heap limit 512 MB)"
rm -f "$WORK/balances.copy" "$WORK/export.copy"
