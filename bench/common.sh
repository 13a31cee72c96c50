# What the bench scripts share; sourced, after setting `here` (the repository) and `set -euo
# pipefail`. It sets `shared` (../shared/bench, or $SHARED) and `work` ($TMPDIR/dilmanc-bench-work,
# made and absolute), and defines the functions below.

shared=${SHARED:-$here/../shared/bench}
work=${TMPDIR:-/tmp}/dilmanc-bench-work
mkdir -p "$work"
work=$(cd "$work" && pwd -P)

# Sets `bin`: $DILMANC when it names a binary (to alternate two builds in one series: A B A
# B), otherwise the release build of the repository, built first.
bench_binary() {
  bin=${DILMANC:-}
  if [ -z "$bin" ]; then
    cargo build --release --quiet --manifest-path "$here/Cargo.toml"
    bin=$here/target/release/dilmanc
  fi
}

# bench_corpus PAGES FLAVOR: prints the folder of the shared corpus (gen_corpus.py --seed 1),
# generated first when it is missing.
bench_corpus() {
  local corpus=$work/corpus-$2-$1
  if [ ! -d "$corpus" ]; then
    python3 "$shared/gen_corpus.py" --out "$corpus" --pages "$1" --seed 1 --flavor "$2" >/dev/null || return 1
  fi
  echo "$corpus"
}

# bench_site SITE CORPUS THEMES: makes SITE a throw-away site that links CORPUS in as its
# content and THEMES as its themes (unless they are already SITE/themes), allowed with
# allow_outside, a top-level key, written before the bench site.toml's [languages] tables.
bench_site() {
  local site=$1 corpus=$2 themes=$3
  case $corpus$themes in *"'"*) echo "bench: paths with ' are not supported" >&2; exit 2 ;; esac
  mkdir -p "$site"
  {
    printf "allow_outside = ['%s', '%s']\n" "$corpus" "$themes"
    cat "$shared/dilmanc/site.toml"
  } > "$site/site.toml"
  ln -s "$corpus" "$site/content"
  [ "$themes" = "$site/themes" ] || ln -s "$themes" "$site/themes"
}
