#!/usr/bin/env bash
# Authorization throughput benchmark (not a test: run it by hand).
#
# Starts a release build of the gateway on a free port with durable commits
# (AEGIS_DB_SYNC=full, the default), registers many agents in several
# tenants, and measures with wrk over keep-alive connections:
#   1. GET /health  — the baseline: what the HTTP layer does with no database
#      write, on this machine, in this run;
#   2. POST /v1/authorize — each answer sent only after its decision and
#      receipt are committed to disk.
# It prints both rates and their ratio, then checks that every chain still
# verifies and that the receipts written equal the authorizations answered.
# Targets: at least 4,500 authorizations per second, and at least a quarter
# of the /health rate.
#
#   bench/run-authorize-bench.sh [seconds=10] [connections=64] [agents=64]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-10}
connections=${2:-64}
agents=${3:-64}
tenants=4

source "$root/bench/lib/gateway.sh"
bench_require wrk jq
# BENCH_BUILD_DIR=dir (run-all.sh): the gateway there, nothing built.
if [[ -n "${BENCH_BUILD_DIR:-}" ]]; then
    bench_build_dir=$BENCH_BUILD_DIR
else
    bench_build_gateway
fi

work=$(mktemp -d /tmp/aegis-bench.XXXXXX)
trap 'bench_stop_gateway; rm -rf "$work"' EXIT
bench_start_gateway "$work"
bench_register_agents "$work/tokens.txt" "$agents" "$tenants"

echo "warming up..."
wrk -t2 -c"$connections" -d2s "$url/health" >/dev/null
health_out=$(wrk -t2 -c"$connections" -d"${seconds}s" "$url/health")
health=$(bench_rate <<<"$health_out")

before=$(curl -fs "${admin[@]}" "$url/v1/admin/summary" | jq .receipts)
authz_out=$(AEGIS_BENCH_TOKENS="$work/tokens.txt" wrk -t2 -c"$connections" -d"${seconds}s" -s "$root/bench/authorize.lua" "$url")
authz=$(bench_rate <<<"$authz_out")
answered=$(grep -E 'requests in' <<<"$authz_out" | awk '{print $1}')
after=$(curl -fs "${admin[@]}" "$url/v1/admin/summary" | jq .receipts)
verified=$(curl -fs "${admin[@]}" -X POST "$url/v1/receipts/verify-range" | jq .verified)

ratio=$(awk -v a="$authz" -v h="$health" 'BEGIN { printf "%.3f", a / h }')
echo
echo "connections: $connections, agents: $agents in $tenants tenants, $seconds s each, AEGIS_DB_SYNC=full"
echo "GET /health (baseline):     $health req/s"
echo "POST /v1/authorize:         $authz req/s (durable: answered after commit)"
echo "ratio authorize / health:   $ratio"
bench_errors <<<"$authz_out"
echo "receipts written:           $((after - before)) for $answered answers (wrk counts answers it did not wait for at the end too)"
echo "all chains verify:          $verified"
awk -v a="$authz" -v r="$ratio" 'BEGIN {
    printf "target >= 4500/s:          %s\n", (a >= 4500 ? "met" : "NOT met");
    printf "target >= 0.25 x /health:  %s\n", (r >= 0.25 ? "met" : "NOT met") }'
