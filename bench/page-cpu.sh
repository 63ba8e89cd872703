#!/usr/bin/env bash
# One page under wrk, and what each request cost the app and PostgreSQL in CPU: the app's process (its /proc stat)
# and every postgres process of this machine, before and after, divided by the requests served. The machine should be
# otherwise quiet (PostgreSQL's other databases count too). Used for the A/B tables of docs/performance.md
# ("Partitions", twelfth session), against an app started as bench/statements.sh starts it.
#
# Usage: bench/page-cpu.sh APP_PID URL TOKEN [DURATION=20s] [CONNECTIONS=32]
#   prints: rps, p99, requests, non-2xx, Java ms/request, PostgreSQL ms/request
set -euo pipefail
PID=$1; URL=$2; TOKEN=$3; DUR=${4:-20s}; CONNS=${5:-32}
ACCEPT_LANGUAGE=${BENCH_ACCEPT_LANGUAGE-"en-GB,en;q=0.9"}
tick=$(getconf CLK_TCK)
app_cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
pg_cpu() {
  local sum=0 p
  for p in $(pgrep -x postgres); do sum=$((sum + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done
  echo "$sum"
}
j0=$(app_cpu); p0=$(pg_cpu)
out=$(wrk -t2 -c"$CONNS" -d"$DUR" --latency -H "Authorization: Bearer $TOKEN" ${ACCEPT_LANGUAGE:+-H "Accept-Language: $ACCEPT_LANGUAGE"} "$URL")
j1=$(app_cpu); p1=$(pg_cpu)
req=$(echo "$out" | awk '/requests in/{print $1}')
echo "rps=$(echo "$out" | awk '/Requests\/sec/{print $2}') p99=$(echo "$out" | awk '$1 == "99%"{print $2}') requests=$req" \
     "non2xx=$(echo "$out" | awk '/Non-2xx/{print $NF}' | grep . || echo 0)" \
     "java_ms=$(echo "scale=3; ($j1 - $j0) * 1000 / $tick / $req" | bc)" \
     "pg_ms=$(echo "scale=3; ($p1 - $p0) * 1000 / $tick / $req" | bc)"
