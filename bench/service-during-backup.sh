#!/usr/bin/env bash
# The service while a backup runs (not a test: run by hand or by run-all.sh;
# a ctest runs it tiny only to prove that it still runs).
#
# A release gateway on a copy of a database of N receipts, 64 agents in 4
# tenants. Measured idle (the baseline) and then while backups of that
# database run back to back (each deleted once taken, so one is always
# running during the window):
#   - GET /health at a fixed offered rate of 200/s (aegis-bench-load, open
#     loop: latency from each request's intended send time), p50 and p99;
#   - POST /v1/authorize throughput, 64 keep-alive connections, closed loop.
# Targets: /health p99 <= 20 ms during the backup, and authorization
# throughput during the backup >= 70 % of idle.
#
#   bench/service-during-backup.sh [receipts=1000000] [seconds=10] [database: made when not given]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
receipts=${1:-1000000}
seconds=${2:-10}
db=${3:-}
health_rate=200
connections=64

source "$root/bench/lib/measure.sh"
bench_require jq curl
bench_binaries aegis-gateway aegis-bench-chain aegis-bench-load
work=$(mktemp -d /tmp/aegis-bench-service.XXXXXX)
gateway_pid=""
looper=""
trap 'rm -f "$work/looping"; [[ -n "$looper" ]] && wait "$looper"; [[ -n "$gateway_pid" ]] && bench_stop_gateway; rm -rf "$work"' EXIT

bench_live_copy "$db" "$receipts" 4
bench_start_gateway "$work/gw" AEGIS_DB_PATH="$live" AEGIS_BACKUP_DIR="$work/gw/backups"
bench_register_agents "$work/tokens.txt" 64 4

health() { bench_load --url "$url/health" --rate "$health_rate" --duration "$seconds" --connections 8; }
authorize() { bench_load --url "$url/v1/authorize" --rate 0 --duration "$seconds" --connections "$connections" --authorize "$work/tokens.txt"; }

echo "warming up..."
bench_load --url "$url/v1/authorize" --rate 0 --duration 1 --connections "$connections" --authorize "$work/tokens.txt" >/dev/null
echo "idle..."
health_idle=$(health)
authz_idle=$(authorize)

# Backups back to back until the file `looping` is removed; each one's
# duration (ms, as the gateway reports it) goes to backups.txt.
touch "$work/looping"
(
    i=0
    while [[ -e "$work/looping" ]]; do
        i=$((i + 1))
        curl -fsS "${admin[@]}" -X POST "$url/v1/admin/backup" -d "{\"filename\":\"loop-$i.db\"}" \
            | jq .duration_ms >>"$work/backups.txt"
        curl -fsS "${admin[@]}" -X DELETE "$url/v1/admin/backups/loop-$i.db" >/dev/null
    done
) &
looper=$!
# The measurements start once the first backup is under way.
until compgen -G "$work/gw/backups/.*.partial" >/dev/null || [[ -s "$work/backups.txt" ]]; do
    kill -0 "$looper" 2>/dev/null || { echo "the backups failed" >&2; looper=""; exit 1; }
    sleep 0.01
done
echo "during backups..."
health_busy=$(health)
authz_busy=$(authorize)
rm -f "$work/looping"
wait "$looper"
looper=""
backups=$(wc -l <"$work/backups.txt")
backup_ms=$(sort -n "$work/backups.txt" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
verified=$(curl -fs "${admin[@]}" -X POST "$url/v1/receipts/verify-range" | jq .verified)
[[ $verified == true ]] || { echo "the chains no longer verify" >&2; exit 1; }

for name in health_idle health_busy authz_idle authz_busy; do
    errors=$(( $(bench_field non2xx <<<"${!name}") + $(bench_field socket_errors <<<"${!name}") ))
    (( errors == 0 )) || { echo "$name had $errors failed requests: ${!name}" >&2; exit 1; }
done
p50_idle=$(bench_field p50_ms <<<"$health_idle")
p99_idle=$(bench_field p99_ms <<<"$health_idle")
p50_busy=$(bench_field p50_ms <<<"$health_busy")
p99_busy=$(bench_field p99_ms <<<"$health_busy")
rate_idle=$(bench_field rate <<<"$authz_idle")
rate_busy=$(bench_field rate <<<"$authz_busy")
echo "$receipts receipts; $backups backups during the window (median $backup_ms ms each); $seconds s per measurement"
echo "/health at $health_rate/s: idle p50 $p50_idle ms p99 $p99_idle ms; during backups p50 $p50_busy ms p99 $p99_busy ms"
echo "authorize ($connections connections): idle $rate_idle/s; during backups $rate_busy/s"
ratio_p99=$(bench_ratio "$p99_busy" "$p99_idle")
ratio_rate=$(bench_ratio "$rate_busy" "$rate_idle")
bench_row "/health p99 during a $receipts-receipt backup ($health_rate/s offered)" "$p99_busy ms (p50 $p50_busy)" \
    "idle $p99_idle ms (p50 $p50_idle)" "${ratio_p99}x" "<= 20 ms" "$(bench_verdict 'x <= 20' "$p99_busy")"
bench_row "authorizations/s during a $receipts-receipt backup" "$rate_busy/s" "idle $rate_idle/s" \
    "$ratio_rate" ">= 0.70" "$(bench_verdict 'x >= 0.70' "$ratio_rate")"
