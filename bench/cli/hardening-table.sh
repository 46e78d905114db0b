#!/usr/bin/env bash
# The hardening table of docs/hardening.md: every crafted hostile input through the bitscale
# command as a user runs it, with its exit code, its one-line message, wall time and peak RSS.
#   usage: bench/cli/hardening-table.sh [OUT_DIR]     (after `mvn package`)
# Fails (exit 1) if any input takes 5 s or more, 256 MiB or more, or does not end as expected.
set -euo pipefail
cd "$(dirname "$0")/../.."
cli=bench/cli/target/bitscale.jar
tools=bench/jmh/target/benchmarks.jar
dir=${1:-$(mktemp -d)}
[ -f "$cli" ] && [ -f "$tools" ] || { echo "build first: mvn -q -B -ntp package -DskipTests" >&2; exit 2; }
java -cp "$tools" io.bitscale.jmh.tools.DevTools crafted-inputs "$dir" > /dev/null
# A small real stream for the snapshot case (decompress --model-file needs one).
printf 'hello\n' > "$dir/hello.txt"
java -jar "$cli" compress -q -m order0 "$dir/hello.txt" -o "$dir/hello.bsc" --force

echo "| input | what | exit | message (first line) | time | peak RSS |"
echo "|---|---|---:|---|---:|---:|"
failed=0
row() {  # name what expected-exit expected-message -- command...
  local name=$1 what=$2 expect=$3 fragment=$4; shift 4
  local out=$dir/$name.err timing=$dir/$name.time
  set +e
  /usr/bin/time -f '%e %M' -o "$timing" "$@" > /dev/null 2> "$out"
  local code=$?
  set -e
  read -r seconds kib < <(tail -1 "$timing")
  local message
  message=$(grep -v '^Command exited' "$out" | head -1 | cut -c1-150 | sed 's/|/\\|/g')
  printf '| `%s` | %s | %d | %s | %.2f s | %d MiB |\n' "$name" "$what" "$code" "$message" "$seconds" $((kib / 1024))
  if [ "$code" -ne "$expect" ] || { [ "$fragment" != - ] && ! grep -qF -- "$fragment" "$out"; } \
      || awk -v s="$seconds" 'BEGIN{exit !(s >= 5)}' || [ $((kib / 1024)) -ge 256 ]; then
    echo "hardening: $name: exit $code, ${seconds}s, $((kib / 1024)) MiB, message: $message" >&2
    failed=1
  fi
}
while IFS=$'\t' read -r file kind code fragment what; do
  if [ "$kind" = snapshot ]; then
    row "$file" "$what" "$code" "$fragment" java -jar "$cli" decompress --model-file "$dir/$file" "$dir/hello.bsc" -c
  else
    row "$file" "$what" "$code" "$fragment" java -jar "$cli" decompress "$dir/$file" -c
  fi
done < "$dir/crafted.tsv"
# From the command line: a spec nested too deep, and a memory limit that overflows.
row "-m mix(mix(...)))" "a spec nested 200 deep on the command line" 2 "nest at most" \
  java -jar "$cli" compress -m "$(printf 'mix(%.0s' $(seq 200))order0$(printf ')%.0s' $(seq 200))" "$dir/hello.txt" -c
row "-m mix(mix(...)))" "a spec of 5,006 characters on the command line" 2 "longer than 4096" \
  java -jar "$cli" compress -m "$(printf 'mix(%.0s' $(seq 1000))order0$(printf ')%.0s' $(seq 1000))" "$dir/hello.txt" -c
row "--memory-limit 17592186044432" "a memory limit whose bytes overflow a long" 2 "more bytes than can be counted" \
  java -jar "$cli" decompress --memory-limit 17592186044432 "$dir/hello.bsc" -c
exit $failed
