#!/usr/bin/env bash
# Backup benchmark (not a test: run by hand or by run-all.sh; a ctest runs
# it tiny only to prove that it still runs).
#
# The figure: POST /v1/admin/backup of a database of N receipts, as the
# client waits for it (VACUUM INTO, fsync, quick_check, sha256, the
# manifest with counts and chain heads, rename). The baseline, on the same
# file in the same run, is what an operator would do by hand:
#   sqlite3 DB "VACUUM INTO 'x'" && sync x && sha256sum x && sqlite3 x "PRAGMA quick_check"
# (`sync x` flushes that file as the gateway does; a bare `sync` would also
# wait for every other writer on this shared machine.) Each is run twice,
# alternating, and the faster of the two counts. Target: <= 1.0x the hand
# pipeline.
#
#   bench/backup.sh [receipts=1000000] [database: made when not given]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
receipts=${1:-1000000}
db=${2:-}

source "$root/bench/lib/measure.sh"
bench_require jq curl sqlite3 sha256sum
bench_binaries aegis-gateway aegis-verify-receipts aegis-bench-chain
work=$(mktemp -d /tmp/aegis-bench-backup.XXXXXX)
gateway_pid=""
trap '[[ -n "$gateway_pid" ]] && bench_stop_gateway; rm -rf "$work"' EXIT

bench_live_copy "$db" "$receipts" 4
mkdir -p "$work/hand"

hand() {
    rm -f "$work/hand/x.db"
    sqlite3 "$live" "VACUUM INTO '$work/hand/x.db'" && sync "$work/hand/x.db" && sha256sum "$work/hand/x.db" >/dev/null \
        && [[ $(sqlite3 "$work/hand/x.db" "PRAGMA quick_check") == ok ]]
}
n=0
through_gateway() {
    n=$((n + 1))
    # (Run by bench_timed in a || context: errexit is off, hence the &&.)
    curl -fsS "${admin[@]}" -X POST "$url/v1/admin/backup" -d "{\"filename\":\"bench-$n.db\"}" >"$work/answer.json" \
        && gateway_ms=$(jq -e .duration_ms "$work/answer.json") \
        && curl -fsS "${admin[@]}" -X DELETE "$url/v1/admin/backups/bench-$n.db" >/dev/null
}

# The hand pipeline reads the file with the gateway stopped (the CLI would
# otherwise compete for the gateway's lock); then the gateway's backups.
best_hand=""
best_gateway=""
best_gateway_ms=""
for round in 1 2; do
    bench_timed hand
    best_hand=$(awk -v a="$best_hand" -v b="$secs" 'BEGIN { print (a == "" || b < a) ? b : a }')
    bench_start_gateway "$work/gw" AEGIS_DB_PATH="$live" AEGIS_BACKUP_DIR="$work/gw/backups"
    bench_timed through_gateway
    bench_stop_gateway
    gateway_pid=""
    if [[ -z "$best_gateway" ]] || awk -v a="$secs" -v b="$best_gateway" 'BEGIN { exit !(a < b) }'; then
        best_gateway=$secs
        best_gateway_ms=$gateway_ms
    fi
    echo "round $round: hand $best_hand s (best so far), gateway $secs s (its duration_ms $gateway_ms)"
done
size=$(du -m "$live" | cut -f1)
ratio=$(bench_ratio "$best_gateway" "$best_hand")
echo "backup of $receipts receipts ($size MiB): gateway $best_gateway s (duration_ms $best_gateway_ms), by hand $best_hand s"
echo "RESULT backup_s=$best_gateway hand_s=$best_hand"
bench_row "backup, $receipts receipts (POST /v1/admin/backup)" "$best_gateway s" "hand pipeline $best_hand s" \
    "${ratio}x" "<= 1.0x" "$(bench_verdict 'x <= 1.0' "$ratio")"
