#!/usr/bin/env bash
# Where a database statement's wall time goes on a loaded machine: polls, every half second until stopped (Ctrl-C,
# or SIGTERM when run in the background), the active client backends of database DB on the local PostgreSQL and
# prints, per backend and statement, the wall time it was seen running, its time on a CPU and its time waiting in the
# run queue (the kernel's schedstat of the backend's process; the server must run on this machine). The rest of the
# wall time is I/O, locks or the client.
#
# Usage: bench/backend-cpu.sh DB    (PGHOST, PGPORT, PGUSER as for the other benchmarks)
set -uo pipefail
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DB="$1"
SAMPLES=$(mktemp)
report() {
    awk -F'|' '{ split($1, a, " "); key = a[2] " | " $2; if (!(key in first)) { first[key] = $1; order[++n] = key } last[key] = $1 }
        END { for (i = 1; i <= n; i++) { k = order[i]; split(first[k], x, " "); split(last[k], y, " ");
              printf "%s: wall %.1f s, on a CPU %.1f s, waiting for a CPU %.1f s\n", k, y[1] - x[1], (y[3] - x[3]) / 1e9, (y[4] - x[4]) / 1e9 } }' "$SAMPLES"
    rm -f "$SAMPLES"
    exit 0
}
trap report INT TERM
while true; do
    psql -d postgres -At -F' ' -c "SELECT pid, left(regexp_replace(query, '\s+', ' ', 'g'), 40) FROM pg_stat_activity
        WHERE datname = '$DB' AND state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()" 2>/dev/null |
    while read -r pid query; do
        stat=$(cat "/proc/$pid/schedstat" 2>/dev/null) && echo "$(date +%s.%N | cut -c1-14) $pid $stat | $query"
    done >>"$SAMPLES"
    sleep 0.5
done
