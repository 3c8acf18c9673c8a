#!/usr/bin/env bash
# Builds the benchmarks and runs the whole suite in one JMH run (about 35 minutes on 2 cores),
# then prints the table of figures, floors and ratios and the bytes per verification cache entry.
#   benchmarks/run.sh            the full suite
#   benchmarks/run.sh --quick    one fork each (about 10 minutes): for a look, not for quoting
#   benchmarks/run.sh Warm       only the benchmarks matching a regex
# JMH's JSON is written to benchmarks/target/jmh-result.json (or --result FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl benchmarks -am package -DskipTests
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) processors; load:$(uptime | sed 's/.*load average://')"
java -jar benchmarks/target/benchmarks.jar "$@"
java -Xms1g -Xmx1g -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar dev.keyward.benchmarks.CacheFootprint
