#!/usr/bin/env bash
# The period workflow's own limit, in the same run as bench/workflow.sh (which calls it after the app has stopped):
# what the distribution reads and writes, moved by psql alone. The accepted filings' usage is streamed out with
# COPY TO, then the run's lines, its ref totals, the statements and their EARNED entries that the app wrote are
# loaded with \copy into fresh tables of the same columns (no row-level security, no triggers, FREEZE where the table is
# new), and the indexes the app's tables carry for them are built once after each load: the fastest these rows can be
# written, with no engine and no checks. Everything loaded is rolled back.
#
# Usage: bench/workflow-limit.sh DB TENANT PERIOD_LABEL  (PGHOST, PGPORT, PGUSER as for bench/workflow.sh)
# Prints one line per step and, last, "limit: S s" (the steps' sum, as psql timed them).
set -euo pipefail
cd "$(dirname "$0")/.."
DB=$1 TENANT=$2 LABEL=$3
DIR=target/bench-workflow-limit
mkdir -p "$DIR"
q() { psql -Atq -d "$DB" -v ON_ERROR_STOP=1 "$@"; }
PERIOD=$(q -c "SELECT id FROM period WHERE tenant_id = '$TENANT' AND label = '$LABEL'")
RUN=$(q -c "SELECT id FROM distribution_run WHERE tenant_id = '$TENANT' AND period_id = $PERIOD AND status = 'DISTRIBUTED'")
LINES="run_line_p${PERIOD}_r${RUN}"

# What the app wrote, as files (not timed): the run's lines in the columns the app sends, its ref totals, the
# statements and the EARNED entries in the columns their inserts name.
q -c "\copy (SELECT filing_id, category_key, member_ref, matched, units, category_units, amount, id FROM $LINES ORDER BY id) TO '$DIR/lines.copy'"
q -c "\copy (SELECT member_ref, matched, total FROM run_ref WHERE run_id = $RUN ORDER BY member_ref COLLATE \"C\") TO '$DIR/refs.copy'"
q -c "\copy (SELECT tenant_id, period_id, run_id, member_ref, member_name, admin_fee_rate, total, published_at FROM statement WHERE tenant_id = '$TENANT' AND period_id = $PERIOD ORDER BY member_ref COLLATE \"C\") TO '$DIR/statements.copy'"
q -c "\copy (SELECT tenant_id, member_ref, kind, amount, period_id, cause, cause_id, reason, period_key FROM account_entry WHERE tenant_id = '$TENANT' AND period_key = $PERIOD AND kind = 'EARNED' ORDER BY member_ref COLLATE \"C\") TO '$DIR/entries.copy'"

# The indexes each fresh table gets: those of the table the app wrote into, read from the catalog (so the limit keeps
# up with the schema), each renamed onto the fresh table: the run's own lines table, run_ref, statement and the
# period's ledger partition.
indexes() { # app-table fresh-table
    q -c "SELECT regexp_replace(indexdef, 'INDEX \\S+ ON \\S+', 'INDEX ON $2') || ';' FROM pg_indexes
           WHERE schemaname = 'public' AND tablename = '$1' ORDER BY indexname"
}
LINE_INDEXES=$(indexes "$LINES" limit_line)
REF_INDEXES=$(indexes run_ref limit_ref)
STATEMENT_INDEXES=$(indexes statement limit_statement)
ENTRY_INDEXES=$(indexes "account_entry_p$PERIOD" limit_entry)

# The timed steps, one session; psql's \timing gives each statement's time.
OUT=$(psql -d "$DB" -v ON_ERROR_STOP=1 <<SQL 2>&1
\timing on
\echo step usage streamed out
\copy (SELECT u.filing_id, u.category_key, unnest(u.member_refs), unnest(u.units) FROM filing_usage u WHERE u.tenant_id = '$TENANT' AND u.period_id = $PERIOD) TO '/dev/null'
BEGIN;
CREATE TABLE limit_line (LIKE $LINES INCLUDING DEFAULTS);
CREATE TABLE limit_ref (LIKE run_ref INCLUDING DEFAULTS);
ALTER TABLE limit_ref ALTER run_id SET DEFAULT $RUN, ALTER tenant_id SET DEFAULT '$TENANT';
CREATE TABLE limit_statement (LIKE statement INCLUDING DEFAULTS);
CREATE TABLE limit_entry (LIKE account_entry INCLUDING DEFAULTS);
\echo step run lines loaded
\copy limit_line (filing_id, category_key, member_ref, matched, units, category_units, amount, id) FROM '$DIR/lines.copy' WITH (FREEZE)
\echo step run lines indexed
$LINE_INDEXES
\echo step ref totals loaded and indexed
\copy limit_ref (member_ref, matched, total) FROM '$DIR/refs.copy' WITH (FREEZE)
$REF_INDEXES
\echo step statements loaded and indexed
\copy limit_statement (tenant_id, period_id, run_id, member_ref, member_name, admin_fee_rate, total, published_at) FROM '$DIR/statements.copy' WITH (FREEZE)
$STATEMENT_INDEXES
\echo step EARNED entries loaded and indexed
\copy limit_entry (tenant_id, member_ref, kind, amount, period_id, cause, cause_id, reason, period_key) FROM '$DIR/entries.copy' WITH (FREEZE)
$ENTRY_INDEXES
ROLLBACK;
SQL
)
echo "$OUT" | awk '
    /^step / { if (name != "") printf "  %-36s %8.1f ms\n", name, ms; name = substr($0, 6); ms = 0; next }
    /^Time: / { ms += $2; total += $2 }
    END { if (name != "") printf "  %-36s %8.1f ms\n", name, ms; printf "limit: %.2f s\n", total / 1000 }'
