#!/usr/bin/env bash
# Runs the publishing benchmark side by side (raw jnats and the bridge's pipeline) against one
# local nats-server started from PATH. Usage: bench/run.sh [rows]   (default 1,000,000; takes several minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)"
echo "nats-server: $(nats-server --version)"
java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$CP" io.github.lookernats.bridge.bench.PublishBenchmark "${1:-1000000}"
