#!/usr/bin/env bash
# Peak memory with a large chain (not a test: run by hand or by run-all.sh;
# a ctest runs it tiny only to prove that it still runs).
#
# One tenant holding all N receipts, so that the export is the whole chain:
#   - the gateway: GET /v1/receipts/export (N receipts), then
#     POST /v1/receipts/verify-range; the peak resident set (VmHWM) during
#     each, reset between them (/proc/PID/clear_refs); baseline: the same
#     gateway's resident set at rest just before;
#   - the CLI: aegis-verify-receipts on that export (/usr/bin/time -v);
#     baseline: the export's size, what holding the file alone would take.
# Target: every peak <= 100 MiB, whatever N.
#
#   bench/memory.sh [receipts=1000000] [database with one tenant: made when not given]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
receipts=${1:-1000000}
db=${2:-}

source "$root/bench/lib/measure.sh"
bench_require jq curl /usr/bin/time
bench_binaries aegis-gateway aegis-verify-receipts aegis-bench-chain
work=$(mktemp -d /tmp/aegis-bench-memory.XXXXXX)
gateway_pid=""
trap '[[ -n "$gateway_pid" ]] && bench_stop_gateway; rm -rf "$work"' EXIT

bench_live_copy "$db" "$receipts" 1
bench_start_gateway "$work/gw" AEGIS_DB_PATH="$live"
bench_wait_ready "$url" 120

status_kib() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$gateway_pid/status"; }
reset_peak() { echo 5 >"/proc/$gateway_pid/clear_refs"; }

reset_peak
rest_export=$(status_kib VmRSS)
curl -fsS "${admin[@]}" "$url/v1/receipts/export?tenant_id=default" -o "$work/export.json"
peak_export=$(status_kib VmHWM)
exported=$(jq '.receipts | length' "$work/export.json")
(( exported == receipts )) || { echo "the export holds $exported receipts, not $receipts" >&2; exit 1; }

reset_peak
rest_range=$(status_kib VmRSS)
curl -fsS "${admin[@]}" -X POST "$url/v1/receipts/verify-range" -d '{}' -o "$work/range.json"
peak_range=$(status_kib VmHWM)
[[ $(jq .verified "$work/range.json") == true && $(jq .count "$work/range.json") == "$receipts" ]] \
    || { echo "verify-range did not verify: $(head -c 300 "$work/range.json")" >&2; exit 1; }
bench_stop_gateway
gateway_pid=""

/usr/bin/time -v -o "$work/time.txt" "$verify_bin" "$work/export.json" >"$work/cli.out" 2>&1 \
    || { echo "the CLI failed:" >&2; head -5 "$work/cli.out" >&2; exit 1; }
grep -q "^VERIFIED: $receipts receipt" "$work/cli.out" || { echo "the CLI did not verify $receipts receipts" >&2; exit 1; }
peak_cli=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
export_kib=$(( $(stat -c %s "$work/export.json") / 1024 ))

echo "gateway: at rest $(bench_mib "$rest_export") MiB; export peak $(bench_mib "$peak_export") MiB;" \
    "verify-range peak $(bench_mib "$peak_range") MiB (at rest before it $(bench_mib "$rest_range") MiB)"
echo "CLI on the export ($(bench_mib "$export_kib") MiB file): peak $(bench_mib "$peak_cli") MiB"
row() { # name, peak KiB, baseline KiB, baseline words
    bench_row "$1" "$(bench_mib "$2") MiB" "$4 $(bench_mib "$3") MiB" "$(bench_ratio "$2" "$3")x" "<= 100 MiB" \
        "$(bench_verdict 'x <= 102400' "$2")"
}
row "gateway peak RSS, export of $receipts receipts" "$peak_export" "$rest_export" "at rest"
row "gateway peak RSS, verify-range of $receipts receipts" "$peak_range" "$rest_range" "at rest"
row "aegis-verify-receipts peak RSS, $receipts-receipt export" "$peak_cli" "$export_kib" "file size"
