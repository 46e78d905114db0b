#!/usr/bin/env bash
# Determinism across JVMs: compress with one JDK, decompress with another, for every spec given,
# and require (1) the round trip to be exact and (2) both JDKs to write byte-identical streams.
#   usage: bench/cli/cross-jvm-check.sh [SPEC...]      (after `mvn package`)
# JDK_A defaults to the java on PATH (17 here), JDK_B to Temurin 25.
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=bench/cli/target/bitscale.jar
java_a=${JDK_A:-$(command -v java)}
java_b=${JDK_B:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
[ -f "$jar" ] || { echo "cross-jvm: $jar missing; run mvn package first" >&2; exit 2; }
[ -x "$java_b" ] || { echo "cross-jvm: second JDK not found at $java_b (set JDK_B)" >&2; exit 2; }
specs=("$@")
[ ${#specs[@]} -gt 0 ] || specs=(order0 order1 order2 kt0 kt1 "bits(kt0)")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus=${BITSCALE_CORPORA:-../shared/corpora}
if [ -f "$corpus/calgary/book1" ]; then
  head -c 60000 "$corpus/calgary/book1" > "$work/input"
  head -c 40000 "$corpus/calgary/geo" >> "$work/input"
else
  # No corpus: the project's own sources are text enough.
  git ls-files -z '*.java' | xargs -0 cat | head -c 100000 > "$work/input"
fi
version() { "$1" -version 2>&1 | head -1; }
echo "cross-jvm: A = $(version "$java_a"), B = $(version "$java_b"), input $(wc -c < "$work/input") bytes"
failed=0
for spec in "${specs[@]}"; do
  "$java_a" -jar "$jar" compress -q -m "$spec" "$work/input" -o "$work/a.bsc" --force
  "$java_b" -jar "$jar" compress -q -m "$spec" "$work/input" -o "$work/b.bsc" --force
  "$java_b" -jar "$jar" decompress -q "$work/a.bsc" -o "$work/a.out" --force
  "$java_a" -jar "$jar" decompress -q "$work/b.bsc" -o "$work/b.out" --force
  if cmp -s "$work/a.bsc" "$work/b.bsc" && cmp -s "$work/input" "$work/a.out" && cmp -s "$work/input" "$work/b.out"; then
    echo "cross-jvm: $spec: identical streams ($(wc -c < "$work/a.bsc") bytes) and exact round trips A->B, B->A"
  else
    echo "cross-jvm: $spec: MISMATCH between JVMs" >&2
    failed=1
  fi
done
exit $failed
