#!/usr/bin/env bash
# Archives a period's usage, run lines and ledger entries out of the database, and brings them back (docs/reliability.md,
# "Archiving a period"). filing_usage and run_line are partitioned by period (V30), account_entry too (V47); a period's
# usage and lines are its bulk, and its ledger entries leave a carried total per member behind, so no balance changes.
#
#   ops/archive-period.sh archive TENANT PERIOD [DIR]   detach, dump, verify the dump restores, record, drop
#   ops/archive-period.sh restore TENANT PERIOD [FILE]  restore the dump, attach again, forget the record
#
# archive refuses unless the period is DISTRIBUTED and fully paid: every member who earned in it has been paid at least
# their whole balance as it stood at the distribution, by payment runs approved since (less what came back), and no
# dispute or restatement of the period is still open. The statements' totals, the run's figures and the members'
# balances stay in the database; the pages of an archived period say that its lines were archived, and a restatement of
# it is refused until it is restored. The period's EARNED and ADJUSTED entries are detached in one transaction with the
# totals that carry them (V47's account_entries_detached): every balance, the conservation check and every payment run
# read the same amounts before, during and after the archive. Both actions are written to the tenant's audit log
# (action period.archive, period.restore), as ARCHIVE_ACTOR (default ops:<system user>), in the transaction that drops or
# attaches the tables.
#
# Runs as the schema owner (the role Flyway migrates with): PGHOST, PGPORT, PGUSER, PGDATABASE as for psql (default
# 127.0.0.1, 5432, postgres, cmo). The dump is DIR/TENANT-PERIOD-<period id>.dump (DIR: ARCHIVE_DIR, or ./archive).
set -euo pipefail
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}" PGDATABASE="${PGDATABASE:-cmo}"
ACTION="${1:-}"; TENANT="${2:-}"; PERIOD="${3:-}"
[ -n "$ACTION" ] && [ -n "$TENANT" ] && [ -n "$PERIOD" ] || { sed -n '6,7p' "$0" | sed 's/^# *//'; exit 2; }
# inside the tenant: row-level security holds an owner that is not a superuser too
export PGOPTIONS="-c app.tenant_id=$TENANT"
q() { psql -X -q -At -v ON_ERROR_STOP=1 -v tenant="$TENANT" -v period="$PERIOD" "$@"; }
die() { echo "archive-period: $*" >&2; exit 1; }

ID=$(q -c "SELECT id FROM period WHERE tenant_id = '$TENANT' AND label = '$PERIOD'" | tr -d ' ')
[ -n "$ID" ] || die "no period $PERIOD in tenant $TENANT"
[[ "$TENANT" =~ ^[a-z0-9][a-z0-9-]{1,39}$ ]] || die "not a tenant id: $TENANT"
TABLES=(filing_usage run_line account_entry)
# who the audit log names as having archived or restored the period: ARCHIVE_ACTOR, or the system user running this
ACTOR="${ARCHIVE_ACTOR:-ops:$(id -un)}"

counts() { # database table -> "rows units-or-amount checksum"
    local sum=units key="filing_id || ' ' || category_key || ' ' || coalesce(member_ref, '')" from="$2"
    case "$2" in
        # the usage's pairs, each counted, summed and hashed, out of their blocks (V49)
        filing_usage_p*) from="(SELECT u.filing_id, u.category_key, p.member_ref, p.units FROM $2 u,
                                unnest(u.member_refs, u.units) AS p (member_ref, units)) pairs" ;;
        run_line_p*) sum=amount ;;
        account_entry_p*) sum=amount; key="id || ' ' || member_ref || ' ' || kind || ' ' || cause || ' ' || cause_id || ' ' || at" ;;
    esac
    psql -X -q -At -d "$1" -c "SELECT count(*) || ' ' || coalesce(sum($sum), 0) || ' ' ||
        coalesce(sum(hashtextextended($key, 0)::numeric), 0) FROM $from"
}

archive() {
    local dir="${4:-${ARCHIVE_DIR:-archive}}" file state
    file="$dir/$TENANT-$PERIOD-$ID.dump"
    state=$(q -c "SELECT state FROM period WHERE id = $ID")
    [ "$state" = DISTRIBUTED ] || die "period $PERIOD is $state: only a distributed period is archived"
    [ -z "$(q -c "SELECT 1 FROM archived_period WHERE period_id = $ID")" ] || die "period $PERIOD is archived already"
    local unpaid open
    # what a member was owed at the distribution counts the totals carried for periods archived before (their entries
    # posted by then); one whose entries straddle the distribution cannot be told apart, and counts as not paid
    unpaid=$(q -c "
        WITH p AS (SELECT distributed_at FROM period WHERE id = $ID),
        earners AS (SELECT DISTINCT member_ref FROM account_entry WHERE tenant_id = '$TENANT' AND period_id = $ID AND kind = 'EARNED')
        SELECT count(*) FROM (
            SELECT e.member_ref,
                   coalesce(sum(a.amount) FILTER (WHERE a.at <= p.distributed_at), 0)
                 + (SELECT coalesce(sum(c.total), 0) FROM account_archived_total c
                     WHERE c.tenant_id = '$TENANT' AND c.member_ref = e.member_ref AND c.last_at <= p.distributed_at) AS owed,
                   (SELECT count(*) FROM account_archived_total c WHERE c.tenant_id = '$TENANT' AND c.member_ref = e.member_ref
                       AND c.first_at <= p.distributed_at AND c.last_at > p.distributed_at) AS straddling,
                   coalesce(-sum(a.amount) FILTER (WHERE a.at > p.distributed_at AND a.kind = 'PAID'), 0)
                 - coalesce(sum(a.amount) FILTER (WHERE a.at > p.distributed_at AND a.kind = 'RETURNED'), 0) AS paid_since
              FROM earners e CROSS JOIN p
              JOIN account_entry a ON a.tenant_id = '$TENANT' AND a.member_ref = e.member_ref
             GROUP BY e.member_ref, p.distributed_at) m
         WHERE owed > paid_since OR straddling > 0")
    [ "$unpaid" = 0 ] || die "period $PERIOD is not fully paid: $unpaid member(s) who earned in it have not been paid since"
    open=$(q -c "SELECT (SELECT count(*) FROM dispute WHERE tenant_id = '$TENANT' AND period_id = $ID AND state IN ('OPEN', 'PROPOSED'))
                      + (SELECT count(*) FROM restatement WHERE tenant_id = '$TENANT' AND period_id = $ID AND state IN ('PROPOSED', 'APPROVED_ONCE'))")
    [ "$open" = 0 ] || die "period $PERIOD has $open open dispute(s) or restatement(s)"
    mkdir -p "$dir"
    [ ! -e "$file" ] || die "$file exists already"

    # 1. detach. CONCURRENTLY lets reads and writes of the other periods go on throughout; PostgreSQL refuses it when the
    # table has a DEFAULT partition (V30 makes none), and then the plain DETACH waits at most 2 s for its lock, retried.
    # The ledger's partition is detached in one transaction with the totals that carry its entries (V47's
    # account_entries_detached), a plain DETACH for the same 2 s at most: a CONCURRENTLY detach commits halfway, and
    # balances would read short until the totals were written.
    local t part
    for t in "${TABLES[@]}"; do
        part="${t}_p$ID"
        if [ -z "$(q -c "SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass('public.$part')")" ]; then
            echo "$part: detached already"; continue
        fi
        if [ "$t" = account_entry ]; then
            for attempt in 1 2 3 4 5; do
                q -c "SET lock_timeout = '2s'; SELECT account_entries_detached('$TENANT', $ID) || ' ledger entries carried'" && break
                [ "$attempt" = 5 ] && die "could not take the lock to detach $part"
                sleep 5
            done
        elif [ "$(q -c "SELECT partdefid <> 0 FROM pg_partitioned_table WHERE partrelid = '$t'::regclass")" = f ]; then
            q -c "ALTER TABLE $t DETACH PARTITION $part CONCURRENTLY" \
                || q -c "ALTER TABLE $t DETACH PARTITION $part FINALIZE"  # a detach interrupted half-way is finished
        else
            for attempt in 1 2 3 4 5; do
                q -c "SET lock_timeout = '2s'; ALTER TABLE $t DETACH PARTITION $part" && break
                [ "$attempt" = 5 ] && die "could not take the lock to detach $part"
                sleep 5
            done
        fi
        echo "$part: detached"
    done

    # 2. dump the three tables (with their check, indexes and row-level security); run_line's is partitioned by run (V38),
    # and pg_dump -t names a table without its partitions, so those are named too (run_line_p<period>_r<run>)
    pg_dump -Fc -t "public.filing_usage_p$ID" -t "public.run_line_p$ID" -t "public.run_line_p${ID}_r*" \
        -t "public.account_entry_p$ID" -f "$file.partial"

    # 3. the dump restores: into a scratch database, the same rows (count, sum, checksum of the keys)
    local scratch="archive_check_${ID}_$$"
    createdb "$scratch"
    # the name is written into the trap now: the variable is this function's own, gone when the trap runs at exit
    trap "dropdb --if-exists '$scratch' >/dev/null 2>&1 || true" EXIT
    # what the dumped tables name (their defaults, checks, policies, own triggers), as stand-ins: the scratch database
    # only proves the rows restore (ArchiveScratchTest keeps this list whole)
    psql -X -q -d "$scratch" -v ON_ERROR_STOP=1 -c "CREATE SEQUENCE run_line_id_seq" -c "CREATE SEQUENCE account_entry_id_seq" \
        -c "CREATE FUNCTION run_line_ids(count bigint) RETURNS bigint LANGUAGE sql AS \$\$ SELECT nextval('run_line_id_seq') \$\$" \
        -c "CREATE FUNCTION account_entry_immutable() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN RETURN NULL; END \$\$" \
        -c "CREATE FUNCTION app_tenant() RETURNS text LANGUAGE sql STABLE AS \$\$ SELECT nullif(current_setting('app.tenant_id', true), '') \$\$"
    pg_restore --no-owner --no-acl --exit-on-error -d "$scratch" "$file.partial"
    for t in "${TABLES[@]}"; do
        part="${t}_p$ID"
        [ "$(counts "$PGDATABASE" "$part")" = "$(counts "$scratch" "$part")" ] || die "$file: $part does not restore to the same rows; nothing dropped"
    done
    dropdb "$scratch"; trap - EXIT
    mv "$file.partial" "$file"

    # 4. recorded, dropped and written to the audit log in one transaction (V37's archive_period_drop): the pages say
    # "archived" from the moment the rows are gone, and the tenant's audit chain says who archived them and where
    local rows
    # on standard input, where psql quotes the variables (-c would send :'actor' as written)
    rows=$(q -v file="$(basename "$file")" -v actor="$ACTOR" <<SQL
SELECT usage_rows || ' usage rows, ' || line_rows || ' run lines, ' || ledger_entries || ' ledger entries'
  FROM archive_period_drop(:'tenant', $ID, :'file', :'actor');
SQL
    )
    echo "$file: $rows; restores to the same rows ($(du -h "$file" | cut -f1))"
    echo "period $PERIOD of $TENANT archived"
}

restore() {
    local file="${4:-}"
    [ -n "$file" ] || file="${ARCHIVE_DIR:-archive}/$(q -c "SELECT archive_file FROM archived_period WHERE period_id = $ID")"
    [ -f "$file" ] || die "no archive $file"
    [ -n "$(q -c "SELECT 1 FROM archived_period WHERE period_id = $ID")" ] || die "period $PERIOD is not archived"
    pg_restore --exit-on-error -d "$PGDATABASE" "$file"
    # attached, closed to the app role, forgotten and written to the audit log in one transaction (V37's
    # archive_period_attach, which attaches the ledger's entries only if they add up to the totals carried for them, and
    # removes those totals); the check constraints (period_id, period_key = id) let ATTACH skip its scan
    local rows
    rows=$(q -v actor="$ACTOR" <<SQL
SELECT usage_rows || ' usage rows, ' || line_rows || ' run lines, ' || ledger_entries || ' ledger entries'
  FROM archive_period_attach(:'tenant', $ID, :'actor');
SQL
    )
    echo "period $PERIOD of $TENANT restored from $file: $rows"
}

case "$ACTION" in
    archive) archive "$@" ;;
    restore) restore "$@" ;;
    *) die "archive or restore, not $ACTION" ;;
esac
