#!/usr/bin/env bash
# Objects per second of the bulk commands on this machine: migrate streamed between two s3proxy instances, migrate
# server-side within one, and warm from FakeForum into s3proxy, each over N avatars (288x288 PNGs), run in-process
# through the real commands (org.avataroffload.standalone.BulkThroughput, in the test classes).
# Usage: bench/bulk-throughput.sh [N]   (default 2000; builds the jar and the test classes first)
set -euo pipefail
n=${1:-2000}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -B -q -pl standalone -am package -DskipTests
# the shaded jar holds every runtime dependency; the test classes add FakeForum, S3ProxyServer and the harness
java -Xmx1g -Ds3proxy.jar="$root/filter/target/s3proxy/s3proxy.jar" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "standalone/target/test-classes:filter/target/test-classes:standalone/target/avatar-offload.jar" \
  org.avataroffload.standalone.BulkThroughput "$n"
