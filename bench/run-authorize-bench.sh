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

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq is missing: apt-get install jq" >&2; exit 1; }
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target aegis-gateway >/dev/null

work=$(mktemp -d /tmp/aegis-bench.XXXXXX)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
AEGIS_BIND=127.0.0.1:0 AEGIS_ADMIN_TOKEN=bench-admin-token-0123456789 QT_LOGGING_RULES="aegis.http.access.info=false" \
    "$root/build/release/gateway/aegis-gateway" >gateway.log 2>&1 &
pid=$!
for _ in $(seq 1 100); do
    port=$(grep -oE 'listening on http://127.0.0.1:[0-9]+' gateway.log | grep -oE '[0-9]+$' || true)
    [[ -n "$port" ]] && break
    sleep 0.1
done
url="http://127.0.0.1:$port"
admin=(-H "Authorization: Bearer bench-admin-token-0123456789")

for t in $(seq 1 $((tenants - 1))); do
    curl -fs "${admin[@]}" -X POST "$url/v1/tenants" -d "{\"id\":\"bench-$t\"}" >/dev/null
done
: >tokens.txt
for a in $(seq 1 "$agents"); do
    tenant=default
    (( a % tenants != 0 )) && tenant="bench-$((a % tenants))"
    curl -fs "${admin[@]}" -X POST "$url/v1/agents" -d "{\"agent_key\":\"agent-$a\",\"tenant_id\":\"$tenant\"}" \
        | jq -r .agent_token >>tokens.txt
done

rate() { grep -E '^Requests/sec' | awk '{print $2}'; }
errors() { grep -E 'Non-2xx|Socket errors' || true; }

echo "warming up..."
wrk -t2 -c"$connections" -d2s "$url/health" >/dev/null
health_out=$(wrk -t2 -c"$connections" -d"${seconds}s" "$url/health")
health=$(rate <<<"$health_out")

before=$(curl -fs "${admin[@]}" "$url/v1/admin/summary" | jq .receipts)
authz_out=$(AEGIS_BENCH_TOKENS="$work/tokens.txt" wrk -t2 -c"$connections" -d"${seconds}s" -s "$root/bench/authorize.lua" "$url")
authz=$(rate <<<"$authz_out")
answered=$(grep -E 'requests in' <<<"$authz_out" | awk '{print $1}')
after=$(curl -fs "${admin[@]}" "$url/v1/admin/summary" | jq .receipts)
verified=$(curl -fs "${admin[@]}" -X POST "$url/v1/receipts/verify-range" | jq .verified)

ratio=$(awk -v a="$authz" -v h="$health" 'BEGIN { printf "%.3f", a / h }')
echo
echo "connections: $connections, agents: $agents in $tenants tenants, $seconds s each, AEGIS_DB_SYNC=full"
echo "GET /health (baseline):     $health req/s"
echo "POST /v1/authorize:         $authz req/s (durable: answered after commit)"
echo "ratio authorize / health:   $ratio"
errors <<<"$authz_out"
echo "receipts written:           $((after - before)) for $answered answers (wrk counts answers it did not wait for at the end too)"
echo "all chains verify:          $verified"
awk -v a="$authz" -v r="$ratio" 'BEGIN {
    printf "target >= 4500/s:          %s\n", (a >= 4500 ? "met" : "NOT met");
    printf "target >= 0.25 x /health:  %s\n", (r >= 0.25 ? "met" : "NOT met") }'
