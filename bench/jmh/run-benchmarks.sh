#!/usr/bin/env bash
# Runs the bitscale JMH benchmarks and turns the results into tables and Pareto plots.
#
#   bench/jmh/run-benchmarks.sh [smoke|quick|full|profile] [extra JMH options...]
#
#   smoke    every benchmark, one short iteration, on alice29.txt only (about 1-2 minutes):
#            proves the benchmarks still build, run and round-trip. Numbers are meaningless.
#   quick    the documented suite behind docs/benchmarks.md: coders, every model's loop, compress
#            and decompress for the specs in $SPECS (default order0,order1,order2) and the peers on
#            book1, alice29.txt, kennedy.xls and 10 MB of enwiki text. One fork, one warm-up and
#            two measured iterations of 0.5 s (at least one operation each). Estimated under 10
#            minutes on 2 quiet cores; 25-30 minutes on the loaded shared development machine.
#   full     the same benchmarks with 2 forks and longer iterations, for numbers to publish.
#   profile  Flight Recorder profile of ModelBenchmark.compress on book1 for $SPEC (default
#            order2; use SPEC=default once the preset exists), summarized by JfrTopFrames.
#
# Results: docs/results/jmh-<suite>.json (JMH), docs/results/jmh-<suite>.md (tables, from
# JmhReport) and docs/results/jmh-<suite>-pareto-<file>.png. Extra arguments go to JMH, e.g. a
# benchmark regex; model specs come from $SPECS, e.g. SPECS=order2,fast,default,strong. Builds bench/jmh/target/benchmarks.jar first when it is
# missing or older than a source file (MVN_FLAGS, e.g. -o, is passed to Maven).
set -euo pipefail

suite=${1:-quick}
[[ $# -gt 0 ]] && shift
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

jar=bench/jmh/target/benchmarks.jar
if [[ ! -f $jar ]] || [[ -n $(find pom.xml core corpora model bench -path '*/target' -prune -o -newer "$jar" -type f \
        \( -name '*.java' -o -name pom.xml \) -print -quit) ]]; then
    echo "== building $jar"
    mvn -q -B -ntp ${MVN_FLAGS:-} package -DskipTests
fi

out=docs/results
mkdir -p "$out"
# CPU share of each iteration: on a shared machine, MB/s / cpu.share estimates speed per CPU-second.
cpu=(-prof io.bitscale.jmh.CpuShareProfiler)
# Fail on the first benchmark error (a broken round trip, a missing corpus) instead of skipping it.
foe=(-foe true)

case $suite in
    smoke)
        opts=(-f 1 -wi 0 -i 1 -w 100ms -r 100ms -p corpus=canterbury/alice29.txt "${cpu[@]}")
        ;;
    quick)
        opts=(-f 1 -wi 1 -i 2 -w 500ms -r 500ms -p spec="${SPECS:-order0,order1,order2}" "${cpu[@]}")
        ;;
    full)
        opts=(-f 2 -wi 5 -i 10 -w 2s -r 2s -p spec="${SPECS:-order0,order1,order2,kt0,kt1}" "${cpu[@]}")
        ;;
    profile)
        spec=${SPEC:-order2}
        jfr=$out/jfr-$spec
        rm -rf "$jfr"
        java -jar "$jar" 'ModelBenchmark.compress$' -p spec="$spec" -p corpus=calgary/book1 \
            -f 1 -wi 3 -i 5 -w 2s -r 2s \
            -prof "jfr:dir=$jfr;postProcessor=io.bitscale.jmh.tools.JfrTopFrames" "${cpu[@]}" "$@"
        find "$jfr" -name top-frames.txt -exec cat {} \;
        exit 0
        ;;
    *)
        echo "usage: $0 [smoke|quick|full|profile] [JMH options...]" >&2
        exit 2
        ;;
esac

start=$(date +%s)
java -jar "$jar" "${opts[@]}" "${foe[@]}" -rf json -rff "$out/jmh-$suite.json" "$@"
echo "== JMH $suite suite took $(( $(date +%s) - start )) s"
java -Djava.awt.headless=true -cp "$jar" io.bitscale.jmh.tools.DevTools jmh-report "$out/jmh-$suite.json" "$out" > /dev/null
echo "== tables: $out/jmh-$suite.md, plots: $out/jmh-$suite-pareto-*.png"
