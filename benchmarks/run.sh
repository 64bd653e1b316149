#!/usr/bin/env bash
# benchmarks/run.sh quick|full|report - builds aurora-kit, runs the JMH suite, the failover-timing harness and the
# Serverless v2 harness against embedded Aurora labs, and regenerates benchmarks/RESULTS.md plus results/*.png and
# results/*.json.
#   quick (~8 min): JMH primary-key query path (all 5 variants), routing, checkout, proxy cost and reconnect cost
#                   with/without TLS, 1 fork, short iterations; harness: 1 crash per configuration; Serverless v2:
#                   first query after resume, 2 runs of serverless-v2, provisioned once as it is and once with
#                   sslmode=require (~4 min).
#   full  (~32 min): every JMH benchmark with longer iterations; harness: crash, planned and black hole, 3 runs each;
#                   Serverless v2: connections while idle per preset (160 s, presets in parallel) and first query
#                   after resume, 5 runs of serverless-v2 and the two of provisioned (~10 min).
#   report:         only regenerates RESULTS.md and the charts from results/jmh.json, results/harness.json and
#                   results/serverless.json (nothing is measured).
# Environment: BENCH_BUILD_DIR (Maven build directory name, default target), BENCH_MAVEN_OPTS (e.g. -o),
#              BENCH_SKIP_BUILD=1 (reuse the existing uber-jar).
set -euo pipefail
profile="${1:-}"
case "$profile" in
  quick)
    jmh_select=("QueryPathBenchmark.primaryKeyLookup" "RoutingBenchmark" "CheckoutBenchmark" "ToxiproxyCostBenchmark"
                "ReconnectBenchmark")
    jmh_opts=(-f 1 -wi 1 -w 1s -i 1 -r 2s) ;;
  full)
    jmh_select=("io.aurorakit.bench")
    jmh_opts=(-f 1 -wi 2 -w 2s -i 3 -r 3s) ;;
  report) ;;
  *)
    echo "usage: benchmarks/run.sh quick|full|report" >&2
    exit 2 ;;
esac

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
build_dir="${BENCH_BUILD_DIR:-target}"
target="$bench/$build_dir"
jar="$target/benchmarks.jar"
results="$bench/results"
mvn_opts=(-B -q ${BENCH_MAVEN_OPTS:-} "-Dbuild.dir.name=$build_dir")

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$jar" ]; then
  echo "run.sh: building core, the lab, measure and benchmarks ($build_dir) ..." >&2
  (cd "$root" && ./mvnw "${mvn_opts[@]}" -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true \
    -Dmaven.source.skip=true)
fi
mkdir -p "$results" "$target"

# The lab maps its Aurora names to loopback addresses through this hosts file; every JVM that runs a lab needs it.
lab_args=(-Djdk.net.hosts.file="$target/aurora-lab.hosts" -Dsun.net.inetaddr.ttl=0 -Dsun.net.inetaddr.negative.ttl=0
          -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Djava.awt.headless=true)
java_bin="java"
[ -n "${JAVA_HOME:-}" ] && java_bin="$JAVA_HOME/bin/java"

report_args=(--harness "$results/harness.json" --markdown "$bench/RESULTS.md" --charts "$results")
[ -f "$results/serverless.json" ] && report_args+=(--serverless "$results/serverless.json")
if [ "$profile" = report ]; then
  # results/jmh.json (the slim copy) keeps every figure the report uses; results/reconnect-tls.json, a
  # ReconnectBenchmark run on its own, fills section 7 until the suite's own file has it
  jmh_files="$results/jmh.json"
  [ -f "$results/reconnect-tls.json" ] && jmh_files="$jmh_files,$results/reconnect-tls.json"
  "$java_bin" -Djava.awt.headless=true -cp "$jar" io.aurorakit.bench.ResultsReport --jmh "$jmh_files" \
    "${report_args[@]}"
  exit 0
fi

start=$(date +%s)
echo "run.sh: JMH ($profile) -> $target/jmh-raw.json (log $target/jmh.log)" >&2
"$java_bin" -jar "$jar" "${jmh_select[@]}" "${jmh_opts[@]}" -jvmArgsAppend "${lab_args[*]}" \
  -rf json -rff "$target/jmh-raw.json" > "$target/jmh.log" 2>&1 || { tail -50 "$target/jmh.log" >&2; exit 1; }
grep -E "^(Benchmark|[A-Za-z]+Benchmark\.[A-Za-z]+ )" "$target/jmh.log" | grep -v "·" >&2 || true

echo "run.sh: failover harness ($profile) -> $results/harness.json (log $target/harness.log)" >&2
"$java_bin" "${lab_args[@]}" -Djava.util.logging.config.file=/dev/null -cp "$jar" \
  io.aurorakit.bench.FailoverTimingHarness --profile "$profile" --out "$results/harness.json" \
  > "$target/harness.log" 2>&1 || { tail -50 "$target/harness.log" >&2; exit 1; }
grep -E "#[0-9]+: write outage" "$target/harness.log" >&2 || true

echo "run.sh: Serverless v2 harness ($profile) -> $results/serverless.json (log $target/serverless.log)" >&2
"$java_bin" "${lab_args[@]}" -Djava.util.logging.config.file=/dev/null -cp "$jar" \
  io.aurorakit.bench.ServerlessHarness --profile "$profile" --out "$results/serverless.json" \
  > "$target/serverless.log" 2>&1 || { tail -50 "$target/serverless.log" >&2; exit 1; }
grep -E "^(idle|resume) " "$target/serverless.log" >&2 || true
report_args=(--harness "$results/harness.json" --serverless "$results/serverless.json" --markdown "$bench/RESULTS.md"
             --charts "$results")

"$java_bin" -Djava.awt.headless=true -cp "$jar" io.aurorakit.bench.ResultsReport --jmh "$target/jmh-raw.json" \
  --jmh-slim "$results/jmh.json" "${report_args[@]}"
echo "run.sh: $profile profile done in $(( $(date +%s) - start )) s (plus build): $bench/RESULTS.md" >&2
