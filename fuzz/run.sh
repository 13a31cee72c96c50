#!/usr/bin/env bash
# Runs one fuzz target: fuzz/run.sh TARGET SECONDS [CORPUS_DIR]
#
# Fuzzes TARGET for SECONDS with its seeds (fuzz/seeds/TARGET) and dictionary, at the lowest
# CPU priority, in one process (no -jobs/-workers, which would fork) with one Rayon thread.
# New inputs go to CORPUS_DIR (default fuzz/corpus/TARGET, kept out of git); a crashing
# input goes to fuzz/artifacts/TARGET/.
# libFuzzer's final statistics (executions, peak memory) end the output. The exit status is
# libFuzzer's: non-zero on a crash, a timeout (10 s per input) or more than 2 GiB of memory.
set -euo pipefail

target="${1:?usage: fuzz/run.sh TARGET SECONDS [CORPUS_DIR]}"
seconds="${2:?usage: fuzz/run.sh TARGET SECONDS [CORPUS_DIR]}"
fuzz="$(cd "$(dirname "$0")" && pwd)"
corpus="${3:-$fuzz/corpus/$target}"
cd "$fuzz"

case "$target" in
    front_matter | site_toml) dicts=(toml) ;;
    fluent) dicts=(fluent) ;;
    markdown) dicts=(markdown toml) ;;
    search) dicts=(search markdown) ;;
    site) dicts=(site toml markdown fluent) ;;
    exchange) dicts=(exchange) ;;
    *) echo "unknown target $target" >&2; exit 2 ;;
esac
mkdir -p "$corpus" "artifacts/$target"
dict="artifacts/$target/dictionary"
for d in "${dicts[@]}"; do cat "dicts/$d.dict"; done > "$dict"

export RUSTC_BOOTSTRAP=1 RAYON_NUM_THREADS=1
exec nice -n 19 cargo fuzz run --debug-assertions "$target" "$corpus" "seeds/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -dict="$dict" -artifact_prefix="artifacts/$target/" -print_final_stats=1
