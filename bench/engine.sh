#!/usr/bin/env sh
# Benchmark of the economics engine: compiles with the wrapper, then runs in a 512 MB heap.
set -e
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile
exec java -Xmx512m -cp target/classes:target/test-classes org.cmoportal.bench.EngineBench "$@"
