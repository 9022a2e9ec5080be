#!/usr/bin/env bash
# Restore benchmark (not a test: run by hand or by run-all.sh; a ctest runs
# it tiny only to prove that it still runs).
#
# A release gateway serves a database of N receipts and takes a backup of
# it (POST /v1/admin/backup: the backup and its manifest). The figure is
# the guided restore end to end, as an operator runs it:
#   aegis-restore --yes --managed aegis-gateway --backup B --db LIVE ...
# (checks, stop, set aside, copy, start, ready, spot check, verification).
# The baseline is the sum of its unavoidable parts, each measured alone in
# the same run on the same backup:
#   copy + fsync        cp B copy && sync copy
#   integrity check     sqlite3 -readonly B "PRAGMA integrity_check"
#   one verification    aegis-verify-receipts --db B --manifest B.manifest.json
#   start to ready      a gateway on the copy, from exec to /readyz 200
# Target: end to end <= 1.5x the sum. The restore's own step durations
# (from its report) are printed to show where the rest goes.
#
#   bench/restore.sh [receipts=1000000] [database: made when not given]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
receipts=${1:-1000000}
db=${2:-}

source "$root/bench/lib/measure.sh"
bench_require jq curl sqlite3
bench_binaries aegis-gateway aegis-verify-receipts aegis-restore aegis-bench-chain
work=$(mktemp -d /tmp/aegis-bench-restore.XXXXXX)
gateway_pid=""
restored_pid=""
stop_pid() {
    kill "$1" 2>/dev/null || return 0
    while kill -0 "$1" 2>/dev/null; do sleep 0.05; done
}
trap '[[ -n "$gateway_pid" ]] && bench_stop_gateway; [[ -n "$restored_pid" ]] && stop_pid "$restored_pid"; rm -rf "$work"' EXIT

bench_live_copy "$db" "$receipts" 4
mkdir -p "$work/parts"
(umask 077; echo -n bench-admin-token-0123456789 >"$work/token") # the gateway refuses a token file others can read
bench_start_gateway "$work/gw" AEGIS_DB_PATH="$live" AEGIS_BACKUP_DIR="$work/gw/backups"
bench_timed curl -fsS "${admin[@]}" -X POST "$url/v1/admin/backup" -d '{"filename":"bench.db"}'
backup_secs=$secs
backup=$work/gw/backups/bench.db

echo "the parts, each alone..."
bench_timed bash -c "cp '$backup' '$work/parts/copy.db' && sync '$work/parts/copy.db'"
copy_secs=$secs
bench_timed sqlite3 -readonly "$backup" "PRAGMA integrity_check"
[[ $(cat "$work/timed.out") == ok ]] || { echo "integrity_check: $(head -3 "$work/timed.out")" >&2; exit 1; }
integrity_secs=$secs
bench_timed "$verify_bin" --db "$backup" --manifest "$backup.manifest.json"
grep -q '^VERIFIED' "$work/timed.out" || { echo "the backup does not verify" >&2; exit 1; }
verify_secs=$secs
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start=$(bench_now)
(cd "$work/parts" && exec env AEGIS_BIND="127.0.0.1:$port" AEGIS_DB_PATH="$work/parts/copy.db" \
    AEGIS_ADMIN_TOKEN=bench-admin-token-0123456789 QT_LOGGING_RULES="aegis.http.access.info=false" \
    "$gateway_bin" >gateway.log 2>&1) &
parts_pid=$!
bench_wait_ready "http://127.0.0.1:$port" 120
ready_secs=$(bench_since "$start")
stop_pid "$parts_pid"
wait "$parts_pid" 2>/dev/null || true
sum=$(awk -v a="$copy_secs" -v b="$integrity_secs" -v c="$verify_secs" -v d="$ready_secs" 'BEGIN { printf "%.3f", a + b + c + d }')

echo "aegis-restore --yes --managed..."
start=$(bench_now)
env QT_LOGGING_RULES="aegis.http.access.info=false" "$restore_bin" --yes --managed "$gateway_bin" \
    --backup "$backup" --db "$live" --url "$url" --token-file "$work/token" \
    --managed-workdir "$work/gw" --managed-log "$work/gw/restored-gateway.log" \
    --report "$work/report.json" >"$work/restore.out" 2>&1 || status=$?
restore_secs=$(bench_since "$start")
# The gateway it stopped was ours; the one it started is detached.
wait "$gateway_pid" 2>/dev/null || true
gateway_pid=""
restored_pid=$(jq '[.steps[]? | .details.pid? // empty] | last // empty' "$work/report.json" 2>/dev/null || true)
[[ ${status:-0} == 0 ]] || {
    echo "aegis-restore exited with ${status}:" >&2; tail -30 "$work/restore.out" >&2
    echo "the restored gateway's log:" >&2; tail -15 "$work/gw/restored-gateway.log" >&2 2>/dev/null || true
    exit 1
}

echo "restore's steps (ms): $(jq -r '[.steps[] | "\(.step) \(.duration_ms)"] | join(", ")' "$work/report.json")"
# The checks and the plan have no step record of their own: they are
# (nearly all of) the end-to-end time the steps do not account for.
steps_ms=$(jq '[.steps[].duration_ms] | add' "$work/report.json")
echo "outside the steps (checks, plan): $(awk -v t="$restore_secs" -v s="$steps_ms" 'BEGIN { printf "%.3f", t - s / 1000 }') s"
echo "parts: copy+fsync $copy_secs s, integrity_check $integrity_secs s, verification $verify_secs s, start to ready $ready_secs s; sum $sum s"
echo "end to end: $restore_secs s; the backup it restored took $backup_secs s"
echo "RESULT backup_s=$backup_secs verify_s=$verify_secs restore_s=$restore_secs"
ratio=$(bench_ratio "$restore_secs" "$sum")
bench_row "restore end to end, $receipts receipts (aegis-restore --yes --managed)" "$restore_secs s" \
    "sum of parts $sum s" "${ratio}x" "<= 1.5x" "$(bench_verdict 'x <= 1.5' "$ratio")"
