#!/usr/bin/env bash
# Smoke test for CI: fuzz/smoke.sh [SECONDS]
#
# Installs cargo-fuzz if it is missing, builds every fuzz target (libFuzzer + AddressSanitizer,
# with debug assertions) and runs each for SECONDS (default 30), one after the other, from
# its seed corpus into a temporary corpus. Exits non-zero if any target crashed (a panic, an
# ASan report, a timeout or running out of memory); the crashing input is in
# fuzz/artifacts/TARGET/.
set -euo pipefail

seconds="${1:-30}"
fuzz="$(cd "$(dirname "$0")" && pwd)"
cd "$fuzz"
targets=(front_matter site_toml fluent markdown site search exchange)

if ! cargo fuzz --version > /dev/null 2>&1; then
    nice -n 19 cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1
nice -n 19 cargo fuzz build --debug-assertions

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=()
for target in "${targets[@]}"; do
    echo "== $target: ${seconds} s"
    if ./run.sh "$target" "$seconds" "$work/$target" > "$work/$target.log" 2>&1; then
        runs="$(grep -o 'stat::number_of_executed_units: [0-9]*' "$work/$target.log" | grep -o '[0-9]*$' || true)"
        echo "   ok: ${runs:-?} executions, $(find "$work/$target" -type f | wc -l) corpus files"
    else
        failed+=("$target")
        echo "   CRASH (log follows; the input is in fuzz/artifacts/$target/)"
        tail -n 60 "$work/$target.log"
    fi
done
if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz smoke: crashes in ${failed[*]}"
    exit 1
fi
echo "fuzz smoke: ${#targets[@]} targets, no crash"
