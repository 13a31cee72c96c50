#!/usr/bin/env bash
# The fuzzing campaign behind the figures in README.md: fuzz/campaign.sh [TARGET=SECONDS ...]
# Runs the targets one after the other (each through run.sh: nice 19, one process) into
# fuzz/corpus/, logging to fuzz/logs/TARGET.log, then prints a line of figures per target.
set -uo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
cd "$fuzz"
mkdir -p logs
plan=("$@")
[ "${#plan[@]}" -gt 0 ] || plan=(front_matter=1500 site_toml=1100 fluent=800 markdown=800 site=800)
for item in "${plan[@]}"; do
    target="${item%%=*}"
    seconds="${item#*=}"
    ./run.sh "$target" "$seconds" > "logs/$target.log" 2>&1
    status=$?
    runs="$(grep -o 'stat::number_of_executed_units: [0-9]*' "logs/$target.log" | grep -o '[0-9]*$')"
    files="$(find "corpus/$target" -type f | wc -l)"
    echo "$target: status $status, ${runs:-?} executions in $seconds s, $((${runs:-0} / seconds)) exec/s, $files corpus files"
done
