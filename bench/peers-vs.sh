#!/usr/bin/env bash
# peers-vs.sh [-o ROWS.tsv] [-j N] [-c] SYSTEM... -- FILE...
# peers-vs.sh --table ROWS.tsv...
#
# Same-run comparison of bitscale with peer compressors. Every FILE is compressed and
# decompressed by every SYSTEM as a whole process (wall time and max RSS from /usr/bin/time),
# the round trip is checked with cmp, and one row per (file, system) is written as TSV. At the
# end one table is printed: bpb = 8 x compressed bytes / original bytes, compress and decompress
# MB/s (10^6 bytes per second of wall time), max RSS in MB of either direction and, for each
# bitscale row, its compress and decompress speed as a ratio to lpaq1-6, kanzi-8 and kanzi-9 on
# the same file in the same run (> 1 = bitscale is faster; '-' when that peer was not run).
#
# SYSTEM is a peer name of $PEERS/run-peer.sh (lpaq1-6, kanzi-8, kanzi-9, ppmd-o6, zpaq-m5, ...)
# or bs:SPEC, bitscale's CLI with model SPEC (bs:fast, bs:default, bs:strong). In SPEC the text
# {size} becomes ceil(log2(file bytes)) clamped to 10..40, the size hint of the cm presets,
# e.g. bs:'default({size})'. bs:SPEC@words compresses with --transform words (the word transform
# before modelling; decompress reads it from the header). kanzi:TRANSFORM/ENTROPY runs Kanzi's jar
# ($PEERS/bin/kanzi-2.5.0.jar, -j 1) with its own -t and -e options instead of a level, to take a
# level apart, e.g. kanzi:NONE/TPAQ (level 8's model without its transforms) or kanzi:TEXT/NONE
# (only the text transform), with level 8's block size (-b 16m; without -b Kanzi would cut 4 MiB
# blocks and restart its model in each, which costs level 8's model about 4% on 10^7 bytes of
# text). A peer that is not installed, or run-peer.sh itself when absent,
# is skipped with a note on stderr and no row.
#
# -j N runs N files at once (default 1). Speeds are only comparable within one run on an
# otherwise idle machine; with -j 2 the processes share the cores and speeds are indicative.
# -c compresses only (for bpb tables: half the time; no round trip check, d_* columns 0 and ok =
# compress-only). --table prints the table of rows written before (several row files may be given).
#
# Environment: BITSCALE_JAR (default: bench/cli/target/bitscale.jar next to this script),
# PEERS (default /work/shared/peers), JAVA (default java), TMPDIR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=${BITSCALE_JAR:-$here/cli/target/bitscale.jar}
peers=${PEERS:-/work/shared/peers}
java=${JAVA:-java}
header='file	system	bytes	compressed	bpb	c_s	d_s	c_MBps	d_MBps	c_cpu_s	d_cpu_s	c_cpuMBps	d_cpuMBps	c_rss_kb	d_rss_kb	load1	ok'

usage() { sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# The table of one or more row files; the speed ratios compare rows of the same file.
table() {
  awk -F'\t' '
    FNR == 1 && $1 == "file" { next }
    {
      n++; f[n] = $1; s[n] = $2; bpb[n] = $5; cm[n] = $8; dm[n] = $9; ok[n] = $17
      r = ($14 > $15 ? $14 : $15); rss[n] = int(r / 1024)
      if ($2 == "lpaq1-6" || $2 == "kanzi-8" || $2 == "kanzi-9") { refc[$1, $2] = $8; refd[$1, $2] = $9 }
    }
    function ratio(x, y) { return (y > 0 && x > 0) ? sprintf("%.2f", x / y) : "-" }
    END {
      printf "%-26s %-28s %7s %7s %7s %6s %8s %8s %8s %8s %8s %8s\n", "file", "system", "bpb", "c_MB/s", "d_MB/s", "RSS_MB",
        "c/lpaq6", "d/lpaq6", "c/kanzi8", "d/kanzi8", "c/kanzi9", "d/kanzi9"
      for (i = 1; i <= n; i++) {
        name = f[i]; if (length(name) > 26) name = "..." substr(name, length(name) - 22)
        line = sprintf("%-26s %-28s %7s %7s %7s %6d", name, substr(s[i], 1, 28), bpb[i], cm[i], dm[i], rss[i])
        if (s[i] ~ /^bs:/) {
          line = line sprintf(" %8s %8s %8s %8s %8s %8s",
            ratio(cm[i], refc[f[i], "lpaq1-6"]), ratio(dm[i], refd[f[i], "lpaq1-6"]),
            ratio(cm[i], refc[f[i], "kanzi-8"]), ratio(dm[i], refd[f[i], "kanzi-8"]),
            ratio(cm[i], refc[f[i], "kanzi-9"]), ratio(dm[i], refd[f[i], "kanzi-9"]))
        }
        if (ok[i] != "yes") line = line "  " ok[i]
        print line
      }
    }' "$@"
}

if [[ ${1:-} == --table ]]; then shift; [[ $# -gt 0 ]] || usage; table "$@"; exit 0; fi
rows=; jobs=1; compress_only=0
while [[ ${1:-} == -o || ${1:-} == -j || ${1:-} == -c ]]; do
  case $1 in -o) rows=$2; shift ;; -j) jobs=$2; shift ;; -c) compress_only=1 ;; esac
  shift
done
systems=()
while [[ $# -gt 0 && $1 != -- ]]; do systems+=("$1"); shift; done
[[ ${1:-} == -- && ${#systems[@]} -gt 0 ]] || usage
shift
files=("$@")
[[ ${#files[@]} -gt 0 ]] || usage
tmp=$(mktemp -d "${TMPDIR:-/tmp}/peers-vs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Which systems can run here: peers by run-peer.sh --list, bitscale by its jar.
available=
[[ ! -x $peers/run-peer.sh ]] || available=$("$peers/run-peer.sh" --list)
run=()
for s in "${systems[@]}"; do
  if [[ $s == bs:* ]]; then
    [[ -f $jar ]] || { echo "note: $jar not found (mvn -pl bench/cli -am package): skipping $s" >&2; continue; }
  elif [[ $s == kanzi:* ]]; then
    [[ $s == kanzi:*/* ]] || { echo "peers-vs.sh: $s: write kanzi:TRANSFORM/ENTROPY, e.g. kanzi:NONE/TPAQ" >&2; exit 2; }
    [[ -f $peers/bin/kanzi-2.5.0.jar ]] || { echo "note: $peers/bin/kanzi-2.5.0.jar not found: skipping $s" >&2; continue; }
  elif [[ ! -x $peers/run-peer.sh ]]; then
    echo "note: $peers/run-peer.sh not found: skipping peer $s" >&2; continue
  elif ! grep -qx "$s yes" <<< "$available"; then
    echo "note: peer $s is not available here ($peers/run-peer.sh --list): skipped" >&2; continue
  fi
  run+=("$s")
done

log2ceil() { local n=$1 k=0; while (( (1 << k) < n )); do k=$((k + 1)); done; echo $k; }

# Measures every system on one file; rows go to $2.
one_file() {
  local f=$1 out=$2 w bytes size s load c cc dd ok csize ct crss cu cs dt drss du ds
  w=$(mktemp -d "$tmp/f.XXXXXX")
  bytes=$(stat -c %s "$f")
  size=$(log2ceil "$bytes"); (( size < 10 )) && size=10; (( size > 40 )) && size=40
  for s in "${run[@]}"; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    rm -f "$w"/c* "$w"/d "$w"/tc "$w"/td
    c=$w/c; [[ $s != zpaq-* ]] || c=$w/c.zpaq     # zpaq x wants the .zpaq extension
    if [[ $s == bs:* ]]; then
      local spec=${s#bs:} transform=none; spec=${spec//\{size\}/$size}
      if [[ $spec == *@* ]]; then transform=${spec##*@}; spec=${spec%@*}; fi
      cc=("$java" -jar "$jar" compress -q -f -m "$spec" --transform "$transform" -o "$c" "$f")
      dd=("$java" -jar "$jar" decompress -q -f -o "$w/d" "$c")
    elif [[ $s == kanzi:* ]]; then
      local parts=${s#kanzi:}
      cc=("$java" -jar "$peers/bin/kanzi-2.5.0.jar" -c -i "$f" -o "$c" -f -j 1 -v 0 -b 16m -t "${parts%%/*}" -e "${parts#*/}")
      dd=("$java" -jar "$peers/bin/kanzi-2.5.0.jar" -d -i "$c" -o "$w/d" -f -j 1 -v 0)
    else
      cc=("$peers/run-peer.sh" "$s" "$f" "$c")
      dd=("$peers/run-peer.sh" -d "$s" "$c" "$w/d")
    fi
    ok=yes
    /usr/bin/time -f '%e %M %U %S' -o "$w/tc" "${cc[@]}" >/dev/null 2>"$w/err" || ok="compress-failed:$(tail -c 200 "$w/err" | tr '\n\t' '  ')"
    if [[ $ok == yes && $compress_only == 1 ]]; then
      ok=compress-only
    elif [[ $ok == yes ]]; then
      /usr/bin/time -f '%e %M %U %S' -o "$w/td" "${dd[@]}" >/dev/null 2>"$w/err" || ok="decompress-failed:$(tail -c 200 "$w/err" | tr '\n\t' '  ')"
    fi
    if [[ $ok == yes ]]; then cmp -s "$f" "$w/d" || ok=ROUND-TRIP-MISMATCH; fi
    csize=$(stat -c %s "$c" 2>/dev/null || echo 0)
    read -r ct crss cu cs < <(tail -n 1 "$w/tc" 2>/dev/null || echo "0 0 0 0")
    read -r dt drss du ds < <(tail -n 1 "$w/td" 2>/dev/null || echo "0 0 0 0")
    awk -v OFS='\t' -v f="$f" -v s="$s" -v b="$bytes" -v c="$csize" -v ct="$ct" -v dt="$dt" -v cu="$cu" -v cs="$cs" \
        -v du="$du" -v ds="$ds" -v cr="$crss" -v dr="$drss" -v l="$load" -v ok="$ok" '
      function mbps(t) { return sprintf("%.3f", t > 0 ? b / t / 1e6 : 0) }
      BEGIN { cc = cu + cs; dc = du + ds
        print f, s, b, c, sprintf("%.4f", b ? 8 * c / b : 0), ct, dt, mbps(ct), mbps(dt),
          sprintf("%.2f", cc), sprintf("%.2f", dc), mbps(cc), mbps(dc), cr, dr, l, ok }' >> "$out"
    echo "done: $f $s" >&2
  done
  rm -rf "$w"
}

i=0
for f in "${files[@]}"; do
  i=$((i + 1))
  one_file "$f" "$tmp/rows.$(printf %05d $i)" &
  while (( $(jobs -rp | wc -l) >= jobs )); do wait -n || true; done
done
wait
{ echo "$header"; cat "$tmp"/rows.* 2>/dev/null || true; } > "$tmp/all.tsv"
[[ -z $rows ]] || cp "$tmp/all.tsv" "$rows"
table "$tmp/all.tsv"
