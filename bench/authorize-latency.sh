#!/usr/bin/env bash
# Authorization latency at a fixed offered rate (not a test: run by hand or
# by run-all.sh; a ctest runs it tiny only to prove that it still runs).
#
# A release gateway with durable commits (AEGIS_DB_SYNC=full), 64 agents in
# 4 tenants. aegis-bench-load offers requests at a fixed rate, open loop:
# each request is due at its time whether or not earlier ones were
# answered, and its latency counts from that time (wrk, closed loop, would
# hide a stall: coordinated omission). Up to 64 keep-alive connections.
#   1. GET /health at the rate: the baseline, the HTTP layer alone;
#   2. POST /v1/authorize at the rate, each answered after its commit.
# Target: authorization p99 <= 10 ms at 2,000/s.
#
#   bench/authorize-latency.sh [seconds=10] [rate=2000]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-10}
rate=${2:-2000}

source "$root/bench/lib/measure.sh"
bench_require jq curl
bench_binaries aegis-gateway aegis-bench-load
work=$(mktemp -d /tmp/aegis-bench-latency.XXXXXX)
gateway_pid=""
trap '[[ -n "$gateway_pid" ]] && bench_stop_gateway; rm -rf "$work"' EXIT
bench_start_gateway "$work"
bench_register_agents "$work/tokens.txt" 64 4

echo "warming up..."
bench_load --url "$url/v1/authorize" --rate "$rate" --duration 2 --connections 64 --authorize "$work/tokens.txt" >/dev/null
health=$(bench_load --url "$url/health" --rate "$rate" --duration "$seconds" --connections 64)
before=$(curl -fs "${admin[@]}" "$url/v1/admin/summary" | jq .receipts)
authz=$(bench_load --url "$url/v1/authorize" --rate "$rate" --duration "$seconds" --connections 64 --authorize "$work/tokens.txt")
after=$(curl -fs "${admin[@]}" "$url/v1/admin/summary" | jq .receipts)
echo "GET /health:        $health"
echo "POST /v1/authorize: $authz"
for out in "$health" "$authz"; do
    errors=$(( $(bench_field non2xx <<<"$out") + $(bench_field socket_errors <<<"$out") ))
    (( errors == 0 )) || { echo "failed requests: $out" >&2; exit 1; }
done
answered=$(bench_field answered <<<"$authz")
(( after - before == answered )) || { echo "$((after - before)) receipts written for $answered answers" >&2; exit 1; }
p50=$(bench_field p50_ms <<<"$authz")
p99=$(bench_field p99_ms <<<"$authz")
h50=$(bench_field p50_ms <<<"$health")
h99=$(bench_field p99_ms <<<"$health")
achieved=$(bench_field rate <<<"$authz")
echo "$rate/s offered for $seconds s: authorize p50 $p50 ms p99 $p99 ms ($achieved/s answered); /health p50 $h50 ms p99 $h99 ms"
echo "receipts written: $((after - before)) for $answered answers"
bench_row "authorization p99 at $rate/s offered (open loop, durable)" "$p99 ms (p50 $p50)" \
    "/health at $rate/s: $h99 ms (p50 $h50)" "$(bench_ratio "$p99" "$h99")x" "<= 10 ms" "$(bench_verdict 'x <= 10' "$p99")"
