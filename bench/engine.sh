#!/usr/bin/env sh
# Benchmark of the economics engine: compiles with the wrapper, then runs in a 512 MB heap (ENGINE_HEAP to change it).
# No argument: every case. "period FILINGS REFS": only the period of bench/workflow.sh (10 filings, 100,000 refs).
set -e
cd "$(dirname "$0")/.."
[ -n "${ENGINE_SKIP_BUILD:-}" ] || ./mvnw -B -q test-compile
exec java "-Xmx${ENGINE_HEAP:-512m}" -cp target/classes:target/test-classes org.cmoportal.bench.EngineBench "$@"
