#!/usr/bin/env bash
# benchmarks/profile-proxy.sh - where the CPU goes when the embedded Toxiproxy server carries the 4-client throughput
# benchmark: runs ToxiproxyCostBenchmark.throughput direct and proxied (JMH, one 15 s measurement each) and samples
# the whole machine with `perf record -a` for 6 s in the middle of each measurement; writes the CPU share per command
# (thread name) and, for the proxy's threads, per kernel/user symbol to results/proxy-profile.txt.
# Needs perf (linux-perf) and permission for system-wide sampling (root, or kernel.perf_event_paranoid <= 0), and the
# uber-jar (benchmarks/run.sh builds it). Measures while nothing else runs: take the build lock if others share the machine.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$bench/target/benchmarks.jar"
work="$bench/target/proxy-profile"
out="$bench/results/proxy-profile.txt"
command -v perf > /dev/null || { echo "profile-proxy.sh: perf is not installed" >&2; exit 2; }
[ -f "$jar" ] || { echo "profile-proxy.sh: $jar is missing; run benchmarks/run.sh quick first" >&2; exit 2; }
mkdir -p "$work"
{
  echo "# ToxiproxyCostBenchmark.throughput (4 clients, one pgjdbc connection each, PK lookup), perf record -a -F 499"
  echo "# for 6 s during the 15 s measurement; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%M:%SZ)"
} > "$out"
for path in direct proxied; do
  java -jar "$jar" "ToxiproxyCostBenchmark.throughput" -p path=$path -f 1 -wi 1 -w 3s -i 1 -r 15s \
    -jvmArgsAppend "-Djdk.net.hosts.file=$work/lab.hosts -Dsun.net.inetaddr.ttl=0 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn" \
    > "$work/jmh-$path.log" 2>&1 &
  jmh=$!
  until grep -q "^Iteration   1" "$work/jmh-$path.log" 2>/dev/null; do
    kill -0 "$jmh" 2>/dev/null || { tail -20 "$work/jmh-$path.log" >&2; exit 1; }
    sleep 0.5
  done
  sleep 3
  perf record -a -F 499 -o "$work/$path.data" -- sleep 6 > /dev/null 2>&1
  wait "$jmh"
  {
    echo
    echo "## $path: $(grep -E "^ToxiproxyCostBenchmark.throughput" "$work/jmh-$path.log" | tail -1)"
    echo "### CPU samples by command (thread name, 15 characters)"
    perf report -i "$work/$path.data" --sort comm --stdio 2>/dev/null | grep -v "^#" | grep -v "^$" | head -6
    if [ "$path" = proxied ]; then
      echo "### the proxy's threads (toxiproxy-insta...): kernel vs user, then the top symbols"
      perf report -i "$work/$path.data" --comm toxiproxy-insta --sort dso --stdio 2>/dev/null | grep -v "^#" \
        | grep -v "^$" | head -4
      perf report -i "$work/$path.data" --comm toxiproxy-insta --sort sym --stdio 2>/dev/null | grep -v "^#" \
        | grep -v "^$" | head -12
    fi
  } >> "$out"
done
echo "profile-proxy.sh: wrote $out" >&2
