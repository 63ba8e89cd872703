#!/usr/bin/env bash
# Benchmark of bulk member import and of the audit log's append: one file of MEMBERS members imported through the
# API by the packaged app (prod mode, -Xmx512m), against psql's \copy of the same file in the same run, and the time
# of one audited write through the API with the log at a few entries and at FILL (10,000,000) entries, with one
# more import at that size.
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres, trust auth), BENCH_DB (cmo_bench_members,
# dropped and created), MEMBERS (1000000), FILL (10000000), WRITES (300 audited writes per measure), BENCH_PORT
# (8195), KEYCLOAK_URL (http://localhost:8180/realms/cmo). Pass --build to package first. Needs psql, curl, jq, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DB="${BENCH_DB:-cmo_bench_members}"
MEMBERS="${MEMBERS:-1000000}"
FILL="${FILL:-10000000}"
WRITES="${WRITES:-300}"
PORT="${BENCH_PORT:-8195}"
KEYCLOAK_URL="${KEYCLOAK_URL:-http://localhost:8180/realms/cmo}"
WORK=target/bench-members
mkdir -p "$WORK"
now() { date +%s.%N; }

csv="$WORK/members-$MEMBERS.csv"
if [[ ! -f "$csv" ]]; then
    # refs m0000001..., names with a letter outside ASCII, every 100th member with a username
    awk -v n="$MEMBERS" 'BEGIN { print "ref,name,username";
        for (i = 1; i <= n; i++) printf "m%07d,Zo\303\253 Member %d,%s\n", i, i, (i % 100 == 0 ? "user" i : "") }' > "$csv"
fi
echo "[bench] member file: $MEMBERS members, $(du -m "$csv" | cut -f1) MB"

BUILD="${1:-}"
source bench/app.sh
bench_start_app 512m "$WORK/app.log"

api() { # user method path json
    curl -fsS -o /dev/null -X "$2" -H "Authorization: Bearer $(token "$1")" -H 'Content-Type: application/json' -d "$4" "$APP$3"
}
for t in bench bench-after; do
    api olivia POST /api/v1/tenants '{"slug":"'$t'","name":"Bench Guild","currency":"USD","adminFeeRate":"0.10","categories":[{"key":"news","name":"News"}]}'
    api olivia POST /api/v1/tenants/$t/admins '{"username":"nadia"}'
done

import_members() { # tenant
    local t0 t1 code
    t0=$(now)
    code=$(curl -s -o "$WORK/import-$1.json" -w '%{http_code}' -H "Authorization: Bearer $(token nadia)" \
        -H 'Content-Type: text/csv' --data-binary "@$csv" "$APP/api/v1/tenants/$1/members")
    t1=$(now)
    import_s=$(echo "$t1 - $t0" | bc -l)
    [[ "$code" == 200 ]] || { echo "the import answered $code"; cat "$WORK/import-$1.json"; exit 1; }
    printf '[bench] import of %d members into %s: %.1f s, answer %s, audit entries of the import: %s\n' "$MEMBERS" "$1" \
        "$import_s" "$(cat "$WORK/import-$1.json")" \
        "$(psql -Atq -d "$DB" -c "SELECT count(*) FROM audit_event WHERE tenant_id = '$1' AND action LIKE 'member.%'")"
}

# One audited write, timed end to end: POST /periods opens a period (one row) and appends to the tenant's chain.
# A keep-alive connection and one token, so the figure is the request, not curl's start or the sign-in; the same
# warm-up before each measure, so that the JIT is not what differs between them.
writes() { # label
    python3 - "$APP" "$(token nadia)" "$WRITES" "$1" <<'PY'
import http.client, json, sys, time, urllib.parse
app, token, n, label = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
conn = http.client.HTTPConnection(urllib.parse.urlparse(app).netloc)
auth = {"Authorization": "Bearer " + token}
for _ in range(300):  # warms the JIT on the same path (sign-in check, tenant, JSON, the log) without writing
    conn.request("GET", "/api/v1/tenants/bench/audit", headers=auth)
    r = conn.getresponse(); r.read()
times = []
for i in range(n + 50):
    body = json.dumps({"label": f"{label}-{i}"})
    t0 = time.perf_counter()
    conn.request("POST", "/api/v1/tenants/bench/periods", body, {**auth, "Content-Type": "application/json"})
    r = conn.getresponse(); r.read()
    if r.status != 201:
        sys.exit(f"period {label}-{i} answered {r.status}")
    if i >= 50:  # the first 50 writes warm the rest
        times.append((time.perf_counter() - t0) * 1000)
times.sort()
print(f"{times[len(times) // 2]:.2f} {times[int(len(times) * 0.9)]:.2f}")
PY
}
log_rows() { psql -Atq -d "$DB" -c "SELECT count(*) FROM audit_event"; }

# The limit the import is measured against, in the same run: psql's \copy of the same file, as the owner, into a
# table like member (its checks, its unique key and its id sequence) with the file's username column.
copy_members() {
    local t0 t1
    psql -q -d "$DB" -c "DROP TABLE IF EXISTS bench_member_copy" \
        -c "CREATE TABLE bench_member_copy (LIKE member INCLUDING ALL, username text)" \
        -c "ALTER TABLE bench_member_copy ALTER COLUMN tenant_id SET DEFAULT 'bench'"
    t0=$(now)
    psql -q -d "$DB" -c "\copy bench_member_copy (ref, name, username) FROM '$csv' WITH (FORMAT csv, HEADER)"
    t1=$(now)
    copy_s=$(echo "$t1 - $t0" | bc -l)
    printf '[bench] psql \\copy of the same file into a table like member: %.1f s (%s rows)\n' "$copy_s" \
        "$(psql -Atq -d "$DB" -c "SELECT count(*) FROM bench_member_copy")"
    psql -q -d "$DB" -c "DROP TABLE bench_member_copy"
}

import_members bench
copy_members
printf '[bench] import to \\copy ratio: %.2f\n' "$(echo "$import_s / $copy_s" | bc -l)"
small_rows=$(log_rows)
read -r small_median small_p90 <<<"$(writes small)"

echo "[bench] filling the chain of tenant bench up to $FILL entries (as the owner, in SQL)"
t0=$(now)
psql -q -d "$DB" -v fill="$FILL" <<'SQL'
-- Entries numbered on from the chain's head; their hashes are not chained (the timing needs no verification),
-- so AuditLog.verify reports the first of them. The head then points at the last one, as an append leaves it.
INSERT INTO audit_event (tenant_id, seq, at, actor, action, object_type, object_id, before, after, prev_hash, hash)
SELECT 'bench', h.seq + g, now(), 'bench', 'bench.fill', 'bench', g::text, NULL, NULL,
       lpad(to_hex(h.seq + g - 1), 64, '0'), lpad(to_hex(h.seq + g), 64, '0')
FROM audit_head h, generate_series(1, :fill - (SELECT count(*) FROM audit_event)) g WHERE h.chain = 'bench';
UPDATE audit_head SET (seq, hash) = (SELECT seq, hash FROM audit_event WHERE tenant_id = 'bench' ORDER BY seq DESC LIMIT 1)
WHERE chain = 'bench';
VACUUM ANALYZE audit_event;
CHECKPOINT; -- the fill's writes reach the disk now, not during the measurement
SQL
big_rows=$(log_rows)
printf '[bench] filled in %.0f s: %s entries in the log\n' "$(echo "$(now) - $t0" | bc -l)" "$big_rows"

read -r big_median big_p90 <<<"$(writes big)"
printf '[bench] one audited write (POST /periods), median and p90 of %d: %s ms / %s ms from %s entries on, %s ms / %s ms from %s entries on; ratio of medians %.2f\n' \
    "$WRITES" "$small_median" "$small_p90" "$small_rows" "$big_median" "$big_p90" "$big_rows" "$(echo "$big_median / $small_median" | bc -l)"

import_members bench-after

# What the lookup that this replaced costs at this size: the chain's last entry found by a predicate no index serves.
old=$(psql -Atq -d "$DB" -c "EXPLAIN (ANALYZE, FORMAT JSON) SELECT coalesce(max(seq), 0), coalesce((SELECT hash FROM audit_event
      WHERE tenant_id IS NOT DISTINCT FROM 'bench' ORDER BY seq DESC LIMIT 1), '') FROM audit_event WHERE tenant_id IS NOT DISTINCT FROM 'bench'" \
    | jq '.[0]["Execution Time"]')
printf '[bench] the former head lookup (two scans of the log) at %s entries: %.0f ms, run once per audited write\n' "$(log_rows)" "$old"
echo "[bench] app peak resident memory: $(grep VmHWM /proc/$APP_PID/status | awk '{print $2, $3}')"
