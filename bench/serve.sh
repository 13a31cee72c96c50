#!/usr/bin/env bash
# Edit-to-reload benchmark of `dilmanc serve` on the shared synthetic corpus.
#
#   bench/serve.sh [PAGES] [REPEAT]      e.g. bench/serve.sh (10,000 pages, 3 rounds)
#
# Copies the corpus (gen_corpus.py --pages PAGES --seed 1 --flavor dilmanc, generated into
# $TMPDIR/dilmanc-bench-work when missing) and themes/ into a temporary site, starts
# target/release/dilmanc serve on it (port $PORT, or a free one), and runs
# bench/serve_probe.py: after the first build it prints the server's memory, then makes
# REPEAT rounds of a body edit, a title edit and a template edit, and prints for each the
# time from the file write to the reload event and to the new version being served.
# The server and the temporary site are removed on exit. The server's output goes to
# stderr at the end when the probe fails. DILMANC=PATH runs that binary instead of
# target/release/dilmanc (to alternate two builds in one series: A B A B).
set -euo pipefail
pages=${1:-10000}; repeat=${2:-3}
case $pages$repeat in *[!0-9]*) echo "usage: bench/serve.sh [PAGES] [REPEAT]" >&2; exit 2 ;; esac
here=$(cd "$(dirname "$0")/.." && pwd -P)
. "$here/bench/common.sh"
bench_binary
corpus=$(bench_corpus "$pages" dilmanc)

tmp=$(mktemp -d "$work/serve.XXXXXX")
pid= probe=
cleanup() {
  for p in $probe $pid; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# serve edits files: the site is a copy, the log lives outside it.
site=$tmp/site
mkdir "$site"
cp "$shared/dilmanc/site.toml" "$site/site.toml"
cp -r "$corpus" "$site/content"
cp -r "$here/themes" "$site/themes"

port=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
"$bin" serve --root "$site" --port "$port" > "$tmp/serve.log" 2>&1 &
pid=$!
echo "serve: $pages pages, port $port, pid $pid; load: $(uptime | sed 's/.*load average: //')"
# The probe runs in the background so that a signal reaches the trap at once.
python3 "$here/bench/serve_probe.py" --site "$site" --port "$port" --pid "$pid" \
  --log "$tmp/serve.log" --repeat "$repeat" &
probe=$!
status=0
wait "$probe" || status=$?
probe=
if [ "$status" != 0 ]; then
  echo "--- server output:" >&2
  cat "$tmp/serve.log" >&2
  exit 1
fi
echo "load at the end: $(uptime | sed 's/.*load average: //')"
