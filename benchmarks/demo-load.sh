#!/usr/bin/env bash
# Starts the demo jar on a fresh H2 database over loopback, runs the load client against it
# (keep-alive connections, 2 and 8 threads: warm pings, token requests, forged tokens), then
# stops the demo. About 90 seconds.
#   benchmarks/demo-load.sh                      builds the demo and the client, then measures
#   benchmarks/demo-load.sh --demo-jar JAR       measures another build of the demo, e.g. an older one
#   benchmarks/demo-load.sh -- --seconds 20      passes the rest to the client (see DemoLoad)
set -euo pipefail
cd "$(dirname "$0")/.."
jar=examples/target/keyward-demo.jar
if [ "${1:-}" = "--demo-jar" ]; then
  jar=$(realpath "$2")
  shift 2
fi
[ "${1:-}" = "--" ] && shift
mvn -B -q -pl examples,benchmarks -am package -DskipTests

data=$(mktemp -d)
java -jar "$jar" --port 0 --data-dir "$data" >"$data/demo.log" 2>&1 &
demo=$!
trap 'kill "$demo" 2>/dev/null || true; wait "$demo" 2>/dev/null || true; rm -rf "$data"' EXIT

url=""
for _ in $(seq 1 300); do
  url=$(sed -n 's/^Keyward demo listening on //p' "$data/demo.log")
  [ -n "$url" ] && break
  kill -0 "$demo" 2>/dev/null || { cat "$data/demo.log"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "the demo did not start within 30 s"; cat "$data/demo.log"; exit 1; }

echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) processors; demo $jar"
java -cp benchmarks/target/benchmarks.jar dev.keyward.benchmarks.demo.DemoLoad --url "$url" "$@"
