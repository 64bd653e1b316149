#!/usr/bin/env bash
# benchmarks/run.sh quick|full|report|jmh|harness|waits|overhead|cost - builds aurora-kit, runs the JMH suite, the failover-timing
# harness, the Serverless v2 harness and the DB-load sampler's overhead measurement against embedded Aurora labs, and
# regenerates benchmarks/RESULTS.md plus results/*.png and results/*.json.
#   quick (~10 min): JMH primary-key query path and a one-UPDATE transaction (all 5 variants), routing, checkout,
#                   proxy cost and reconnect cost with/without TLS, 1 fork, short iterations; interleaved call
#                   cost (12 cycles); harness: 1 crash per configuration; Serverless v2: first query after resume, 2 runs of serverless-v2, provisioned once as it is and once with
#                   sslmode=require (~4 min); sampler overhead: 15 rounds of 2 s with the sampler interleaved
#                   with 16 without (~1.2 min).
#   full  (~40 min): every JMH benchmark with longer iterations; harness: crash, planned and black hole, 3 runs each;
#                   Serverless v2: connections while idle per preset (160 s, presets in parallel) and first query
#                   after resume, 5 runs of serverless-v2 and the two of provisioned (~10 min); sampler overhead:
#                   60 rounds of 2 s with the sampler interleaved with 61 without (~4.5 min).
#   report:         only regenerates RESULTS.md and the charts from results/jmh.json, results/harness.json,
#                   results/serverless.json, results/sampler-overhead.json and results/harness-waits.json (nothing
#                   is measured).
#   jmh:            only the JMH suite with the full settings (~13 min) -> results/jmh.json; then report.
#   harness:        only the failover-timing harness (BENCH_HARNESS_PROFILE quick|full, default full; full ~19 min)
#                   -> results/harness.json; then report.
#   waits:          a harness subset for the database load around the faults only (crash and planned, every
#                   configuration, BENCH_WAITS_REPS runs, default 1; ~5 min) -> results/harness-waits.json, shown
#                   while results/harness.json predates the load windows; then report.
#   overhead:       only the sampler overhead (BENCH_OVERHEAD_PROFILE quick|full, default full) ->
#                   results/sampler-overhead.json; then report.
#   cost:           only the interleaved call cost of write()/read()/readAutoCommit() next to the same work by hand
#                   and the server connections per preset and pool size (BENCH_COST_PROFILE quick|full, default
#                   full; ~10 min) -> results/call-cost.json, results/connections.json; then report. quick and full
#                   run both too (quick: 12 cycles, pools 10 and 50, ~2 min; full: 120 cycles, pools 10, 50, 100).
# Where results go: quick (what a newcomer runs first) writes <build dir>/RESULTS.md and <build dir>/results/ and leaves
# the committed benchmarks/RESULTS.md and results/ untouched; full, report, jmh, harness, waits, overhead and cost
# publish there (they are how the committed results are made). BENCH_PUBLISH=1 makes quick publish too.
# Environment: BENCH_BUILD_DIR (Maven build directory name, default target), BENCH_MAVEN_OPTS (e.g. -o),
#              BENCH_SKIP_BUILD=1 (reuse the existing uber-jar), BENCH_PUBLISH=1 (see above).
set -euo pipefail
profile="${1:-}"
case "$profile" in
  quick)
    jmh_select=("QueryPathBenchmark.primaryKeyLookup" "QueryPathBenchmark.updateInTransaction" "RoutingBenchmark"
                "CheckoutBenchmark" "ToxiproxyCostBenchmark" "ReconnectBenchmark")
    jmh_opts=(-f 1 -wi 1 -w 1s -i 1 -r 2s) ;;
  full|jmh)
    jmh_select=("io.aurorakit.bench")
    jmh_opts=(-f 1 -wi 2 -w 2s -i 3 -r 3s) ;;
  report|harness|waits|overhead|cost) ;;
  *)
    echo "usage: benchmarks/run.sh quick|full|report|jmh|harness|waits|overhead|cost" >&2
    exit 2 ;;
esac

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
build_dir="${BENCH_BUILD_DIR:-target}"
target="$bench/$build_dir"
jar="$target/benchmarks.jar"
if [ "$profile" != quick ] || [ "${BENCH_PUBLISH:-0}" = 1 ]; then
  results="$bench/results"
  markdown="$bench/RESULTS.md"
else
  results="$target/results"
  markdown="$target/RESULTS.md"
  echo "run.sh: quick results go to $markdown and $results (BENCH_PUBLISH=1 writes the committed ones)" >&2
fi
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

# report [jmh args...]: RESULTS.md and the charts from the JSON files in results/ (those that exist)
report() {
  local args=(--harness "$results/harness.json" --markdown "$markdown" --charts "$results")
  [ -f "$results/serverless.json" ] && args+=(--serverless "$results/serverless.json")
  [ -f "$results/sampler-overhead.json" ] && args+=(--overhead "$results/sampler-overhead.json")
  [ -f "$results/harness-waits.json" ] && args+=(--harness-waits "$results/harness-waits.json")
  [ -f "$results/call-cost.json" ] && args+=(--call-cost "$results/call-cost.json")
  [ -f "$results/connections.json" ] && args+=(--connections "$results/connections.json")
  "$java_bin" -Djava.awt.headless=true -cp "$jar" io.aurorakit.bench.ResultsReport "$@" "${args[@]}"
}
# report from the committed JMH files: results/jmh.json (the slim copy) keeps every figure the report uses;
# results/reconnect-tls.json, a ReconnectBenchmark run on its own, fills section 7 until the suite's own file has it
report_committed() {
  local jmh_files="$results/jmh.json"
  [ -f "$results/reconnect-tls.json" ] && jmh_files="$jmh_files,$results/reconnect-tls.json"
  report --jmh "$jmh_files"
}
callcost() {
  echo "run.sh: call cost ($1) -> $results/call-cost.json (log $target/call-cost.log)" >&2
  "$java_bin" "${lab_args[@]}" -cp "$jar" io.aurorakit.bench.CallCostHarness --profile "$1" \
    --out "$results/call-cost.json" > "$target/call-cost.log" 2>&1 || { tail -50 "$target/call-cost.log" >&2; exit 1; }
  grep -E "^call cost" "$target/call-cost.log" >&2 || true
}
connections() {
  echo "run.sh: connection budget ($1) -> $results/connections.json (log $target/connections.log)" >&2
  "$java_bin" "${lab_args[@]}" -cp "$jar" io.aurorakit.bench.ConnectionBudgetHarness --profile "$1" \
    --out "$results/connections.json" > "$target/connections.log" 2>&1 || { tail -50 "$target/connections.log" >&2; exit 1; }
  grep -E "^connections: " "$target/connections.log" >&2 || true
}
harness() {
  echo "run.sh: failover harness ($1) -> $results/harness.json (log $target/harness.log)" >&2
  "$java_bin" "${lab_args[@]}" -Djava.util.logging.config.file=/dev/null -cp "$jar" \
    io.aurorakit.bench.FailoverTimingHarness --profile "$1" --out "$results/harness.json" \
    > "$target/harness.log" 2>&1 || { tail -50 "$target/harness.log" >&2; exit 1; }
  grep -E "#[0-9]+: write outage" "$target/harness.log" >&2 || true
}
overhead() {
  echo "run.sh: sampler overhead ($1) -> $results/sampler-overhead.json (log $target/overhead.log)" >&2
  "$java_bin" "${lab_args[@]}" -cp "$jar" io.aurorakit.bench.SamplerOverheadHarness --profile "$1" \
    --out "$results/sampler-overhead.json" > "$target/overhead.log" 2>&1 \
    || { tail -50 "$target/overhead.log" >&2; exit 1; }
  grep -E "^sampler overhead" "$target/overhead.log" >&2 || true
}

case "$profile" in
  report)
    report_committed
    exit 0 ;;
  overhead)
    overhead "${BENCH_OVERHEAD_PROFILE:-full}"
    report_committed
    exit 0 ;;
  harness)
    harness "${BENCH_HARNESS_PROFILE:-full}"
    report_committed
    exit 0 ;;
  cost)
    callcost "${BENCH_COST_PROFILE:-full}"
    connections "${BENCH_COST_PROFILE:-full}"
    report_committed
    exit 0 ;;
  waits)
    echo "run.sh: failover harness, load windows only -> $results/harness-waits.json (log $target/waits.log)" >&2
    "$java_bin" "${lab_args[@]}" -Djava.util.logging.config.file=/dev/null -cp "$jar" \
      io.aurorakit.bench.FailoverTimingHarness --profile quick --faults crash,planned \
      --reps "${BENCH_WAITS_REPS:-1}" --lab-starts 0 --planned-failovers 0 --out "$results/harness-waits.json" \
      > "$target/waits.log" 2>&1 || { tail -50 "$target/waits.log" >&2; exit 1; }
    grep -E "#[0-9]+: write outage" "$target/waits.log" >&2 || true
    report_committed
    exit 0 ;;
esac

start=$(date +%s)
echo "run.sh: JMH ($profile) -> $target/jmh-raw.json (log $target/jmh.log)" >&2
"$java_bin" -jar "$jar" "${jmh_select[@]}" "${jmh_opts[@]}" -jvmArgsAppend "${lab_args[*]}" \
  -rf json -rff "$target/jmh-raw.json" > "$target/jmh.log" 2>&1 || { tail -50 "$target/jmh.log" >&2; exit 1; }
grep -E "^(Benchmark|[A-Za-z]+Benchmark\.[A-Za-z]+ )" "$target/jmh.log" | grep -v "·" >&2 || true
if [ "$profile" = jmh ]; then
  report --jmh "$target/jmh-raw.json" --jmh-slim "$results/jmh.json"
  exit 0
fi
callcost "$profile"
connections "$profile"

harness "$profile"

echo "run.sh: Serverless v2 harness ($profile) -> $results/serverless.json (log $target/serverless.log)" >&2
"$java_bin" "${lab_args[@]}" -Djava.util.logging.config.file=/dev/null -cp "$jar" \
  io.aurorakit.bench.ServerlessHarness --profile "$profile" --out "$results/serverless.json" \
  > "$target/serverless.log" 2>&1 || { tail -50 "$target/serverless.log" >&2; exit 1; }
grep -E "^(idle|resume) " "$target/serverless.log" >&2 || true

overhead "$profile"

report --jmh "$target/jmh-raw.json" --jmh-slim "$results/jmh.json"
echo "run.sh: $profile profile done in $(( $(date +%s) - start )) s (plus build): $markdown" >&2
