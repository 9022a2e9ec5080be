#!/usr/bin/env bash
# The console's UI thread during a long chain verification (not a test: run
# it by hand). Builds the release benchmark and runs it offscreen: per run,
# the longest gap between ticks of a 10 ms timer on the UI thread while the
# console verifies a database of N receipts, against the same verification
# on a worker thread with the UI idle (the baseline, in the same run).
# Targets: the console's longest stall at most 50 ms, and at most twice the
# baseline's.
#
#   bench/run-ui-stall-bench.sh [runs=3] [receipts=40000]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-3}
receipts=${2:-40000}

cd "$root"
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target aegis-bench-ui-stall >/dev/null
work=$(mktemp -d /tmp/aegis-ui-stall.XXXXXX)
trap 'rm -rf "$work"' EXIT
AEGIS_TEST_TMP="$work" QT_QPA_PLATFORM=offscreen QT_LOGGING_RULES="aegis.*.debug=false" \
    "$root/build/release/bench/ui-stall/aegis-bench-ui-stall" "$runs" "$receipts"
