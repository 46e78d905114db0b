#!/usr/bin/env bash
# peers-vs.sh [-o ROWS.tsv] SYSTEM... -- FILE...
#
# Compresses and decompresses every FILE with every SYSTEM as a whole process (wall time and
# max RSS from /usr/bin/time), checks the round trip with cmp, and prints one row per
# (file, system): bpb = 8 x compressed bytes / original bytes, compress and decompress MB/s
# (10^6 bytes per second of wall time), the same per second of CPU time (user + system, all
# threads: less disturbed by other load than wall time), max RSS in MB of either direction, and
# the 1-minute load average just before the compression started.
#
# SYSTEM is a peer of /work/shared/peers/run-peer.sh (lpaq1-6, kanzi-9, ppmd-o6, ...) or
# bs:SPEC, bitscale's CLI jar with model SPEC. In bs:SPEC the text {size} is replaced by
# ceil(log2(file bytes)) clamped to 10..40 (CmSpecs.sizeBits): the size hint the container would pass,
# e.g. bs:'default(size={size})'.
#
# Environment: BITSCALE_JAR (default: bench/target/bitscale.jar of this worktree), PEERS
# (default /work/shared/peers), JAVA (default java), TMPDIR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=${BITSCALE_JAR:-$here/../../bench/target/bitscale.jar}
peers=${PEERS:-/work/shared/peers}
java=${JAVA:-java}
rows=
if [[ ${1:-} == -o ]]; then rows=$2; shift 2; fi
systems=()
while [[ $# -gt 0 && $1 != -- ]]; do systems+=("$1"); shift; done
[[ ${1:-} == -- ]] || { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
shift
files=("$@")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/peers-vs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

log2ceil() { local n=$1 k=0; while (( (1 << k) < n )); do k=$((k + 1)); done; echo $k; }

printf '%-28s %-34s %10s %8s %8s %8s %8s %8s %7s %5s\n' file system bytes bpb c_MB/s d_MB/s c_cpuMB/s d_cpuMB/s RSS_MB load
[[ -z $rows ]] || printf 'file\tsystem\tbytes\tcompressed\tbpb\tc_s\td_s\tc_MBps\td_MBps\tc_cpu_s\td_cpu_s\tc_cpuMBps\td_cpuMBps\tc_rss_kb\td_rss_kb\tload1\tok\n' > "$rows"
for f in "${files[@]}"; do
  bytes=$(stat -c %s "$f")
  size=$(log2ceil "$bytes"); (( size < 10 )) && size=10; (( size > 40 )) && size=40
  for s in "${systems[@]}"; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    rm -f "$tmp"/c* "$tmp"/d
    c=$tmp/c; [[ $s != zpaq-* ]] || c=$tmp/c.zpaq     # zpaq x wants the .zpaq extension
    if [[ $s == bs:* ]]; then
      spec=${s#bs:}; spec=${spec//\{size\}/$size}
      cc=("$java" -jar "$jar" compress -q -f -m "$spec" -o "$c" "$f")
      dd=("$java" -jar "$jar" decompress -q -f -o "$tmp/d" "$c")
    else
      cc=("$peers/run-peer.sh" "$s" "$f" "$c")
      dd=("$peers/run-peer.sh" -d "$s" "$c" "$tmp/d")
    fi
    ok=yes
    /usr/bin/time -f '%e %M %U %S' -o "$tmp/tc" "${cc[@]}" >/dev/null 2>"$tmp/err" || ok="compress-failed:$(tail -c 200 "$tmp/err" | tr '\n\t' '  ')"
    if [[ $ok == yes ]]; then
      /usr/bin/time -f '%e %M %U %S' -o "$tmp/td" "${dd[@]}" >/dev/null 2>"$tmp/err" || ok="decompress-failed:$(tail -c 200 "$tmp/err" | tr '\n\t' '  ')"
    fi
    if [[ $ok == yes ]]; then cmp -s "$f" "$tmp/d" || ok=ROUND-TRIP-MISMATCH; fi
    csize=$(stat -c %s "$c" 2>/dev/null || echo 0)
    read -r ct crss cu cs < <(tail -n 1 "$tmp/tc" 2>/dev/null || echo "0 0 0 0")
    read -r dt drss du ds < <(tail -n 1 "$tmp/td" 2>/dev/null || echo "0 0 0 0")
    ccpu=$(awk -v u="$cu" -v s="$cs" 'BEGIN { printf "%.2f", u + s }')
    dcpu=$(awk -v u="$du" -v s="$ds" 'BEGIN { printf "%.2f", u + s }')
    bpb=$(awk -v c="$csize" -v b="$bytes" 'BEGIN { printf "%.4f", (b ? 8 * c / b : 0) }')
    cm=$(awk -v t="$ct" -v b="$bytes" 'BEGIN { printf "%.3f", (t > 0 ? b / t / 1e6 : 0) }')
    dm=$(awk -v t="$dt" -v b="$bytes" 'BEGIN { printf "%.3f", (t > 0 ? b / t / 1e6 : 0) }')
    ccm=$(awk -v t="$ccpu" -v b="$bytes" 'BEGIN { printf "%.3f", (t > 0 ? b / t / 1e6 : 0) }')
    dcm=$(awk -v t="$dcpu" -v b="$bytes" 'BEGIN { printf "%.3f", (t > 0 ? b / t / 1e6 : 0) }')
    rss=$(( (crss > drss ? crss : drss) / 1024 ))
    name=$f; [[ ${#name} -le 28 ]] || name=...${name: -25}
    printf '%-28s %-34s %10d %8s %8s %8s %8s %8s %7d %5s%s\n' "$name" "${s:0:34}" "$bytes" "$bpb" "$cm" "$dm" "$ccm" "$dcm" "$rss" "$load" \
      "$([[ $ok == yes ]] || echo "  $ok")"
    [[ -z $rows ]] || printf '%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$f" "$s" "$bytes" "$csize" "$bpb" \
      "$ct" "$dt" "$cm" "$dm" "$ccpu" "$dcpu" "$ccm" "$dcm" "$crss" "$drss" "$load" "$ok" >> "$rows"
  done
done
