#!/usr/bin/env bash
# Download the benchmark corpora listed in corpora/MANIFEST.tsv and verify every file.
#
#   corpora/fetch.sh [--dir DIR] [--manifest FILE] [SET...]
#
#   --dir DIR        where to put the files (default: <repo>/corpora/data)
#   --manifest FILE  manifest to use (default: the MANIFEST.tsv next to this script)
#   SET              canterbury calgary large text-enwiki enwik debian prefix
#                    (default: canterbury calgary large)
#
# Files land at DIR/<name>, e.g. DIR/calgary/book1, the same layout as ../shared/corpora,
# so DIR can be passed to bitscale as --corpora DIR or BITSCALE_CORPORA=DIR.
# The `debian` set is built, not downloaded as is: debian-recipes.sh fetches pinned .deb files
# from the Debian pool and extracts the files deterministically; they are verified the same way.
# The `prefix` set is cut, too: prefix/enwiki-1e7.txt is the first 10^7 bytes of the text-enwiki
# stream (`cat text/enwiki-wikiextractor/AA/wiki_*`, from ../shared/corpora when present, else
# fetched first), and
# prefix/gutenberg-1e7.txt the first 10^7 bytes of the Gutenberg stream (its part-00.txt: the 24
# books listed in gutenberg-part-00.tsv, taken from ../shared/corpora/text/gutenberg when present,
# else downloaded from github rcdm-uga/Gutenberg_Text@a0b16d35 and checked book by book).
# Prints one line per file: "ok", "MISMATCH" or "MISSING". Exits 1 if any file failed.
# A file that is already present and verifies is kept and not downloaded again.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(dirname "$script_dir")"
dir="$repo_root/corpora/data"
manifest="$script_dir/MANIFEST.tsv"
sets=()

usage() { sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="${2:?--dir needs a directory}"; shift 2 ;;
    --manifest) manifest="${2:?--manifest needs a file}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    *) sets+=("$1"); shift ;;
  esac
done
[[ ${#sets[@]} -gt 0 ]] || sets=(canterbury calgary large)
[[ -r "$manifest" ]] || { echo "cannot read manifest $manifest" >&2; exit 2; }

# --- tools: prefer curl, fall back to wget; sha256sum or shasum -------------------------------
if command -v curl >/dev/null 2>&1; then
  download() { curl -fsSL --retry 2 --connect-timeout 10 -o "$2" "$1"; }
elif command -v wget >/dev/null 2>&1; then
  download() { wget -q --tries=3 --timeout=10 -O "$2" "$1"; }
else
  echo "need curl or wget to download corpora" >&2; exit 2
fi
if command -v sha256sum >/dev/null 2>&1; then
  sha256_of() { sha256sum "$1" | cut -d' ' -f1; }
else
  sha256_of() { shasum -a 256 "$1" | cut -d' ' -f1; }
fi
size_of() { wc -c < "$1" | tr -d ' '; }

# Manifest rows (name set bytes sha256 url) for one set, header skipped.
rows_of_set() { awk -F'\t' -v s="$1" 'NR > 1 && $2 == s' "$manifest"; }

# verify FILE BYTES SHA256 -> prints nothing, returns 0 if the file matches.
# A manifest checksum of "-" means none was published: only the size is checked.
verify() {
  [[ -f "$1" ]] || return 1
  [[ "$(size_of "$1")" == "$2" ]] || return 1
  [[ "$3" == "-" ]] || [[ "$(sha256_of "$1")" == "$3" ]]
}

mkdir -p "$dir"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/bitscale-fetch.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
failed=0

for set in "${sets[@]}"; do
  if [[ -z "$(rows_of_set "$set")" ]]; then
    echo "unknown set '$set'; known: $(awk -F'\t' 'NR > 1 {print $2}' "$manifest" | uniq | tr '\n' ' ')" >&2
    exit 2
  fi
  if [[ "$set" == debian ]]; then
    # Built by a recipe from pinned Debian packages (see debian-recipes.sh); verified here.
    todo=()
    while IFS=$'\t' read -r name _ bytes sha _; do
      if verify "$dir/$name" "$bytes" "$sha"; then echo "ok        $name (already present)"; else todo+=("$name"); fi
    done < <(rows_of_set debian)
    if [[ ${#todo[@]} -gt 0 ]]; then
      echo "build     ${todo[*]} (debian-recipes.sh)"
      if ! "$script_dir/debian-recipes.sh" "$tmp/debian-out" "${todo[@]}"; then
        echo "FAILED    debian recipes" >&2; failed=1; continue
      fi
      for name in "${todo[@]}"; do
        IFS=$'\t' read -r _ _ bytes sha _ < <(awk -F'\t' -v n="$name" 'NR > 1 && $1 == n' "$manifest")
        src="$tmp/debian-out/$name"
        if ! verify "$src" "$bytes" "$sha"; then
          echo "MISMATCH  $name: expected $bytes bytes sha256 $sha, got $(size_of "$src") bytes sha256 $(sha256_of "$src")"
          failed=1; continue
        fi
        mkdir -p "$(dirname "$dir/$name")"
        mv "$src" "$dir/$name.part.$$"
        mv -f "$dir/$name.part.$$" "$dir/$name"
        echo "ok        $name"
      done
    fi
    continue
  fi
  if [[ "$set" == prefix ]]; then
    # Cut from other streams (see the header); verified like every file.
    while IFS=$'\t' read -r name _ bytes sha _; do
      if verify "$dir/$name" "$bytes" "$sha"; then echo "ok        $name (already present)"; continue; fi
      src="$tmp/prefix-src"; rm -f "$src"
      case "$name" in
        prefix/enwiki-1e7.txt)
          wiki="$repo_root/../shared/corpora/text/enwiki-wikiextractor/AA"
          if ! compgen -G "$wiki/wiki_*" >/dev/null; then
            "${BASH_SOURCE[0]}" --dir "$dir" --manifest "$manifest" text-enwiki >/dev/null || true
            wiki="$dir/text/enwiki-wikiextractor/AA"
          fi
          if ! compgen -G "$wiki/wiki_*" >/dev/null; then
            echo "MISSING   $name (needs the text-enwiki set)"; failed=1; continue
          fi
          cat "$wiki"/wiki_* | head -c "$bytes" > "$src" || true ;;
        prefix/gutenberg-1e7.txt)
          books="$tmp/books"; mkdir -p "$books"; : > "$src.all"
          while IFS=$'\t' read -r book bbytes bsha; do
            local_copy="$repo_root/../shared/corpora/text/gutenberg/part-00.txt"
            if [[ -f "$local_copy" ]]; then cp "$local_copy" "$src.all"; break; fi
            if ! download "https://raw.githubusercontent.com/rcdm-uga/Gutenberg_Text/a0b16d35/$(
                python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$book")" "$books/b" \
                || ! verify "$books/b" "$bbytes" "$bsha"; then
              echo "FAILED    download or check of Gutenberg book '$book'" >&2; failed=1; continue 2
            fi
            cat "$books/b" >> "$src.all"
          done < <(tail -n +2 "$script_dir/gutenberg-part-00.tsv")
          head -c "$bytes" "$src.all" > "$src" || true ;;
        *) echo "no recipe for $name" >&2; failed=1; continue ;;
      esac
      if ! verify "$src" "$bytes" "$sha"; then
        echo "MISMATCH  $name: expected $bytes bytes sha256 $sha, got $(size_of "$src") bytes sha256 $(sha256_of "$src")"
        failed=1; continue
      fi
      mkdir -p "$(dirname "$dir/$name")"
      mv "$src" "$dir/$name.part.$$"
      mv -f "$dir/$name.part.$$" "$dir/$name"
      echo "ok        $name"
    done < <(rows_of_set prefix)
    continue
  fi
  # One download per distinct URL: an archive holds many files, a raw URL holds one.
  for url in $(rows_of_set "$set" | cut -f5 | awk '!seen[$0]++'); do
    # Files of this URL that are not already present and verified.
    todo=()
    while IFS=$'\t' read -r name _ bytes sha _; do
      if verify "$dir/$name" "$bytes" "$sha"; then
        echo "ok        $name (already present)"
      else
        todo+=("$name")
      fi
    done < <(rows_of_set "$set" | awk -F'\t' -v u="$url" '$5 == u')
    [[ ${#todo[@]} -gt 0 ]] || continue

    echo "fetch     $url"
    work="$tmp/work"; rm -rf "$work"; mkdir -p "$work/x"
    if ! download "$url" "$work/download"; then
      echo "FAILED    download of $url" >&2
      failed=1; continue
    fi
    # Archives keep their files at the top level (alice29.txt, book1, ...); the manifest
    # name's last component says which member becomes which file.
    case "$url" in
      *.tar.gz|*.tgz) tar -xzf "$work/download" -C "$work/x" ;;
      *.zip)          unzip -q -o "$work/download" -d "$work/x" ;;
      *)              mv "$work/download" "$work/x/$(basename "${todo[0]}")" ;;
    esac

    for name in "${todo[@]}"; do
      IFS=$'\t' read -r _ _ bytes sha _ < <(awk -F'\t' -v n="$name" 'NR > 1 && $1 == n' "$manifest")
      src="$(find "$work/x" -type f -name "$(basename "$name")" | head -n 1)"
      if [[ -z "$src" ]]; then
        echo "MISSING   $name (not in $url)"; failed=1; continue
      fi
      actual="$(sha256_of "$src")"
      if [[ "$(size_of "$src")" != "$bytes" ]] || { [[ "$sha" != "-" ]] && [[ "$actual" != "$sha" ]]; }; then
        echo "MISMATCH  $name: expected $bytes bytes sha256 $sha, got $(size_of "$src") bytes sha256 $actual"
        failed=1; continue
      fi
      # Move via a temporary name in the target directory so a file either is complete or absent.
      mkdir -p "$(dirname "$dir/$name")"
      mv "$src" "$dir/$name.part.$$"
      mv -f "$dir/$name.part.$$" "$dir/$name"
      if [[ "$sha" == "-" ]]; then
        echo "ok        $name (no published checksum; recorded SHA-256 = $actual)"
      else
        echo "ok        $name"
      fi
    done
  done
done

if [[ $failed -ne 0 ]]; then
  echo "some files failed; nothing wrong was installed into $dir" >&2
  exit 1
fi
echo "corpora ready in $dir (use --corpora $dir or BITSCALE_CORPORA=$dir)"
