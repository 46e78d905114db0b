#!/usr/bin/env bash
# block-threads.sh FILE [SPEC]: block-parallel coding of one large file, as whole processes.
# Compresses FILE with SPEC (default: fast) on 1, 2 and 3 threads (-T) and checks the three
# outputs are identical, decompresses the 2-thread stream on 2 threads and checks the round trip,
# then compresses it as one block (--block-bytes 0) to show what the independent 16 MiB blocks
# cost in size. Prints wall and CPU time and max RSS of every process (GNU time), and the load
# average before and after; run it on an otherwise idle machine.
# Environment: BITSCALE_JAR (default: bench/cli/target/bitscale.jar next to this script).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=${BITSCALE_JAR:-$here/cli/target/bitscale.jar}
in=${1:?usage: block-threads.sh FILE [SPEC]}
spec=${2:-fast}
out=$(mktemp -d "${TMPDIR:-/tmp}/block-threads.XXXXXX")
trap 'rm -rf "$out"' EXIT
run() { local label=$1; shift; /usr/bin/time -f "$label: wall=%e s user=%U s sys=%S s maxrss=%M KB" "$@" 2>&1 >/dev/null | grep -E "wall=" ; }
echo "input: $in ($(stat -c %s "$in") bytes), spec $spec, load $(cut -d' ' -f1 /proc/loadavg)"
for t in 1 2 3; do
  run "compress -T $t" java -jar "$jar" compress -q -f -m "$spec" -T "$t" "$in" -o "$out/t$t.bsc"
done
cmp "$out/t1.bsc" "$out/t2.bsc" && cmp "$out/t1.bsc" "$out/t3.bsc"
echo "identical output for -T 1, 2, 3: $(stat -c %s "$out/t1.bsc") bytes"
run "decompress -T 2" java -jar "$jar" decompress -q -f -T 2 "$out/t2.bsc" -o "$out/back"
cmp "$out/back" "$in" && echo "round trip exact"
run "compress one block" java -jar "$jar" compress -q -f -m "$spec" -T 1 --block-bytes 0 "$in" -o "$out/one.bsc"
echo "one block: $(stat -c %s "$out/one.bsc") bytes"
echo "load $(cut -d' ' -f1 /proc/loadavg)"
