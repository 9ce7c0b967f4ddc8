#!/usr/bin/env bash
# Latency of one cold miss and one hit, one request at a time (not a throughput benchmark).
# Starts the built jar on the demo config (file store, demo forum in-process) in a temp directory, then:
#   cold miss: N avatars never seen before (new masters: forum fetch + store write + resize + caches)
#   hit:       the same avatar N times (memory tier)
# and prints the median and the spread of each, measured by curl's time_total.
# Usage: bench/latency.sh [N]   (build first: mvn -B -q package -DskipTests)
set -euo pipefail
n=${1:-21}
root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/standalone/target/avatar-offload.jar"
[ -f "$jar" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
OFFLOAD_SERVER_PORT=0 java -jar "$jar" serve --config "$root/conf/demo.yml" > server.log 2>&1 &
pid=$!
for _ in $(seq 1 150); do grep -q '^listening on' server.log && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' server.log)
[ -n "$base" ] || { cat server.log; exit 1; }

url() { echo "$base/user_avatar/demo.localhost/alice/96/$1_2.png"; }
# warm the JVM on other avatars first, so the figures are the steady state, not class loading
for i in $(seq 1000 1040); do curl -s -o /dev/null "$(url "$i")"; curl -s -o /dev/null "$(url "$i")"; done

median() { sort -n | awk '{a[NR]=$1} END {printf "median %.2f ms  (min %.2f, max %.2f, n=%d)\n", a[int((NR+1)/2)]*1000, a[1]*1000, a[NR]*1000, NR}'; }
printf 'cold miss: '
for i in $(seq 1 "$n"); do curl -s -o /dev/null -w '%{time_total}\n' "$(url "$i")"; done | median
printf 'hit:       '
for _ in $(seq 1 "$n"); do curl -s -o /dev/null -w '%{time_total}\n' "$(url 1)"; done | median
