#!/usr/bin/env bash
# What search costs a cold build (issue 10, point 6): the corpus built with the theme as it
# is and with the same theme without templates/search.html (no search page, no index),
# alternated (with, without, with, without, ...).
#
#   bench/search.sh [PAGES] [PAIRS] [OUTPUT-PARENT]    e.g. bench/search.sh 10000 3
#
# Builds go into OUTPUT-PARENT (default /dev/shm when it exists: on tmpfs a build is
# bound by the processor, not by the disk's drift). Each line gives wall, user and system
# seconds and the "search index" stage of --timings; each pair, search's share of the
# build's wall time: (with − without) / with. One untimed build of each comes first. The
# corpus is the one bench/run.sh makes. DILMANC=PATH runs that binary instead of the
# release build.
set -euo pipefail
pages=${1:-10000}; pairs=${2:-3}
case $pages$pairs in *[!0-9]*) echo "usage: bench/search.sh [PAGES] [PAIRS] [OUTPUT-PARENT]" >&2; exit 2 ;; esac
parent=${3:-/dev/shm}
[ -d "$parent" ] || parent=${TMPDIR:-/tmp}
here=$(cd "$(dirname "$0")/.." && pwd -P)
. "$here/bench/common.sh"
sites=$(mktemp -d "$work/search.XXXXXX")
out=$(mktemp -d "$parent/dilmanc-search-out.XXXXXX")
trap 'rm -rf "$sites" "$out"' EXIT

bench_binary
corpus=$(bench_corpus "$pages" dilmanc)
# Two sites over the same corpus: one with the repository's themes, one with a copy of the
# default theme without its search page.
bench_site "$sites/with" "$corpus" "$here/themes"
mkdir -p "$sites/without"
cp -r "$here/themes" "$sites/without/themes"
rm "$sites/without/themes/default/templates/search.html"
bench_site "$sites/without" "$corpus" "$sites/without/themes"

build() { # KIND: prints a line to stderr, the wall seconds to stdout
  rm -rf "$out/site"
  /usr/bin/time -f "%e %U %S" -o "$out/time" "$bin" build --timings --root "$sites/$1" --output "$out/site" \
    > "$out/timings" 2>&1 || { cat "$out/timings" >&2; exit 1; }
  read -r wall user sys < "$out/time"
  stage=$(awk '/^search index/ { print $3 }' "$out/timings")
  printf '%-8s %6.2f s wall %6.2f s user %5.2f s sys   search index stage %s ms\n' \
    "$1" "$wall" "$user" "$sys" "${stage:--}" >&2
  echo "$wall"
}
# One untimed build of each first: the corpus and the binary are then in the page cache.
build with > /dev/null 2>&1
build without > /dev/null 2>&1
for i in $(seq 1 "$pairs"); do
  with=$(build with)
  without=$(build without)
  awk -v w="$with" -v o="$without" -v i="$i" \
    'BEGIN { printf "pair %d: search is %.1f %% of the build (%.2f s of %.2f s)\n", i, 100 * (w - o) / w, w - o, w }'
done
