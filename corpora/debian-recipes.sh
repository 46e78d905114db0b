#!/usr/bin/env bash
# Build the `debian` tuning-set files (non-English and mixed-language UTF-8 text, source code,
# a dictionary) from pinned Debian 12 (bookworm) packages, byte for byte.
#
#   corpora/debian-recipes.sh OUTDIR [NAME...]
#
#   OUTDIR   the corpus root; files land at OUTDIR/debian/<file> (the manifest's names)
#   NAME     manifest names to build, e.g. debian/man-de.txt (default: all of them)
#
# Each recipe downloads exact .deb versions from the Debian pool, checks each .deb's SHA-256,
# unpacks it with `dpkg-deb -x` (or `ar` + `tar` where dpkg-deb is missing) and concatenates
# files in LC_ALL=C sorted path order; gzip'd man pages are decompressed with `gzip -dc`, which
# is exact. Files cut to 10^7 bytes are cut with `head -c`. fetch.sh then checks the size and
# SHA-256 of every result against MANIFEST.tsv.
#
# If a pool URL stops working (Debian removes superseded versions from the pool when a newer
# one enters the release; these are release versions of bookworm, and bookworm's pool moves to
# https://archive.debian.org/debian/ unchanged when it is archived), set DEBIAN_MIRROR to a
# mirror or archive root that still has the same pool path; the .deb checksums below decide.
set -euo pipefail
export LC_ALL=C

out="${1:?usage: $0 OUTDIR [NAME...]}"; shift
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

# package file name (under pool/) and the SHA-256 of the .deb
declare -A DEB_PATH=(
  [manpages-de]=pool/main/m/manpages-l10n/manpages-de_4.18.1-1_all.deb
  [manpages-fr]=pool/main/m/manpages-l10n/manpages-fr_4.18.1-1_all.deb
  [manpages-ru]=pool/main/m/manpages-l10n/manpages-ru_4.18.1-1_all.deb
  [manpages-es]=pool/main/m/manpages-l10n/manpages-es_4.18.1-1_all.deb
  [manpages-it]=pool/main/m/manpages-l10n/manpages-it_4.18.1-1_all.deb
  [manpages-pl]=pool/main/m/manpages-l10n/manpages-pl_4.18.1-1_all.deb
  [manpages-ja]=pool/main/m/manpages-ja/manpages-ja_0.5.0.0.20221215+dfsg-1_all.deb
  [python3-sympy]=pool/main/s/sympy/python3-sympy_1.11.1-1_all.deb
  [libboost1.74-dev]=pool/main/b/boost1.74/libboost1.74-dev_1.74.0+ds1-21_amd64.deb
  [wngerman]=pool/main/i/igerman98/wngerman_20161207-11_all.deb
)
declare -A DEB_SHA256=(
  [manpages-de]=37d2e7ee51f22952aecec3af93647ff59194a3c74bb7a694560f49c7f7ab3978
  [manpages-fr]=ec29759cc0e4a44dc7719c1e32869d0060667049e584f09556f0d982b969ea33
  [manpages-ru]=5d5821dad5840652ba9c1c6b85bdc785c1fc52148a71c18fab6658c9659244c0
  [manpages-es]=d21e9f85e487f149ae45b5c525b2b1a70ae7fd38d4b05b47c8753042c66f4c2b
  [manpages-it]=4b18e87cc1b6a930d40949ddc86fb8e84b50da1a862cd17e2a504eeb8e3b4e48
  [manpages-pl]=31e518ea8331b5204d4fd0032037f96af1ba94a5afa4f0585dca1996b270cdf9
  [manpages-ja]=4d270e9a1e83be4de0c072a110892a17dc9caa4b501257324006ac28d82c5743
  [python3-sympy]=b437232be31819aafd267ddf2132c16293ef75e02fd58b4ad31eee3ef1d5b49e
  [libboost1.74-dev]=ba14fe04d7f138f874bd3ab3a20c4fd1e9f654e271449b8f3e48d20f942dbb93
  [wngerman]=9053a69641bcf59233055f1b3ca341046751534b2b32d1e32c67b23ab9b98fec
)

if command -v curl >/dev/null 2>&1; then
  download() { curl -fsSL --retry 2 --connect-timeout 10 -o "$2" "$1"; }
else
  download() { wget -q --tries=3 --timeout=10 -O "$2" "$1"; }
fi
if command -v sha256sum >/dev/null 2>&1; then sha256_of() { sha256sum "$1" | cut -d' ' -f1; }
else sha256_of() { shasum -a 256 "$1" | cut -d' ' -f1; }; fi

work="$(mktemp -d "${TMPDIR:-/tmp}/bitscale-debian.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# unpack PACKAGE -> prints the directory holding the package's unpacked tree (cached per run)
unpack() {
  local pkg=$1 dir="$work/$1"
  if [[ ! -d "$dir" ]]; then
    local deb="$work/$pkg.deb"
    download "$mirror/${DEB_PATH[$pkg]}" "$deb" || { echo "FAILED    download of $mirror/${DEB_PATH[$pkg]}" >&2; return 1; }
    local sum; sum="$(sha256_of "$deb")"
    if [[ "$sum" != "${DEB_SHA256[$pkg]}" ]]; then
      echo "MISMATCH  $pkg.deb: expected sha256 ${DEB_SHA256[$pkg]}, got $sum" >&2; return 1
    fi
    mkdir -p "$dir"
    if command -v dpkg-deb >/dev/null 2>&1; then
      dpkg-deb -x "$deb" "$dir"
    else
      (cd "$work" && rm -rf ar-$pkg && mkdir ar-$pkg && cd ar-$pkg && ar x "$deb" \
        && tar -xf data.tar.* -C "$dir")
    fi
  fi
  echo "$dir"
}

# man LANGUAGE-DIR PACKAGE: every regular man page file of the package, sorted by path, gunzipped
man_pages() {
  local root; root="$(unpack "$2")"
  (cd "$root/usr/share/man/$1" && find . -type f -name '*.gz' | sort | while read -r f; do gzip -dc "$f"; done)
}

# man-mixed: for each page path (man1/ls.1.gz, ...) in sorted order, its es, it and pl
# translations that exist, in that order: languages alternate page by page.
man_mixed() {
  local es it pl; es="$(unpack manpages-es)"; it="$(unpack manpages-it)"; pl="$(unpack manpages-pl)"
  { (cd "$es/usr/share/man/es" && find . -type f -name '*.gz')
    (cd "$it/usr/share/man/it" && find . -type f -name '*.gz')
    (cd "$pl/usr/share/man/pl" && find . -type f -name '*.gz'); } | sort -u | while read -r f; do
    for root in "$es/usr/share/man/es" "$it/usr/share/man/it" "$pl/usr/share/man/pl"; do
      if [[ -f "$root/$f" && ! -L "$root/$f" ]]; then gzip -dc "$root/$f"; fi
    done
  done
}

# sources PACKAGE SUBDIR GLOB: the files matching GLOB under SUBDIR, sorted by path, concatenated
sources() {
  local root; root="$(unpack "$1")"
  (cd "$root/$2" && find . -type f -name "$3" | sort | while read -r f; do cat "$f"; done)
}

build() {
  case "$1" in
    debian/man-de.txt)    man_pages de manpages-de ;;
    debian/man-fr.txt)    man_pages fr manpages-fr ;;
    debian/man-ru.txt)    man_pages ru manpages-ru ;;
    debian/man-ja.txt)    man_pages ja manpages-ja | head -c 10000000 ;;
    debian/man-mixed.txt) man_mixed ;;
    debian/src-py.txt)    sources python3-sympy usr/lib/python3/dist-packages/sympy '*.py' | head -c 10000000 ;;
    debian/src-cpp.txt)   sources libboost1.74-dev usr/include/boost '*.hpp' | head -c 10000000 ;;
    debian/dict-de.txt)   cat "$(unpack wngerman)/usr/share/dict/ngerman" ;;
    *) echo "no recipe for '$1'" >&2; return 2 ;;
  esac
}

names=("$@")
[[ ${#names[@]} -gt 0 ]] || names=(debian/man-de.txt debian/man-fr.txt debian/man-ru.txt debian/man-ja.txt
  debian/man-mixed.txt debian/src-py.txt debian/src-cpp.txt debian/dict-de.txt)
mkdir -p "$out/debian"
for name in "${names[@]}"; do
  # `head -c` closes the pipe early; the producer's SIGPIPE is expected, so no pipefail here.
  set +o pipefail
  status=0
  build "$name" > "$out/$name.part.$$" || status=$?
  set -o pipefail
  [[ $status -eq 0 ]] || { rm -f "$out/$name.part.$$"; echo "FAILED    $name" >&2; exit 1; }
  mv -f "$out/$name.part.$$" "$out/$name"
done
