#!/usr/bin/env bash
# Sustained-load benchmark of the write-ahead log bound (not a test: run it
# by hand). Full-rate durable authorizations (bench/authorize.lua over
# keep-alive connections) for several minutes against a release gateway
# with AEGIS_WAL_MAX_BYTES at its default, reporting per 30 s window the
# rate, the p99 latency and the largest -wal file seen (sampled every
# second). The baseline is a 10 s run of the same workload at the start of
# the same run, on a fresh database.
# Targets: the -wal file at most 2x its bound at every sample, and the
# sustained rate at least 90 % of the 10 s rate.
#
#   bench/run-wal-soak.sh [minutes=5] [connections=64] [agents=64] [wal-bytes=67108864]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
minutes=${1:-5}
connections=${2:-64}
agents=${3:-64}
bound=${4:-67108864}
tenants=4
window=30

source "$root/bench/lib/gateway.sh"
bench_require wrk jq curl
bench_build_gateway

work=$(mktemp -d /tmp/aegis-wal-soak.XXXXXX)
sampler=""
trap '[[ -n "$sampler" ]] && kill "$sampler" 2>/dev/null; bench_stop_gateway; rm -rf "$work"' EXIT
bench_start_gateway "$work" AEGIS_WAL_MAX_BYTES="$bound"
bench_register_agents "$work/tokens.txt" "$agents" "$tenants"
wal="$work/db/aegisagent.db-wal"
wal_size() { stat -c %s "$wal" 2>/dev/null || echo 0; }

load() { AEGIS_BENCH_TOKENS="$work/tokens.txt" wrk -t2 -c"$connections" -d"$1" --latency -s "$root/bench/authorize.lua" "$url"; }

echo "baseline: 10 s of the same workload..."
base_out=$(load 10s)
base_rate=$(bench_rate <<<"$base_out")
base_p99=$(bench_p99_ms <<<"$base_out")

# One sample a second of the -wal file's size, for the whole soak.
(while :; do echo "$(date +%s) $(wal_size)"; sleep 1; done) >"$work/wal.samples" &
sampler=$!

windows=$((minutes * 60 / window))
printf '\n%-8s %12s %10s %14s %14s\n' window "req/s" "p99 ms" "max wal MiB" "end wal MiB"
total=0
worst_wal=0
min_rate=""
for w in $(seq 1 "$windows"); do
    start=$(date +%s)
    out=$(load "${window}s")
    end=$(date +%s)
    rate=$(bench_rate <<<"$out")
    p99=$(bench_p99_ms <<<"$out")
    max_wal=$(awk -v s="$start" -v e="$end" '$1 >= s && $1 <= e && $2 > m { m = $2 } END { print m + 0 }' "$work/wal.samples")
    now_wal=$(wal_size)
    (( max_wal > worst_wal )) && worst_wal=$max_wal
    total=$(awk -v t="$total" -v r="$rate" 'BEGIN { print t + r }')
    min_rate=$(awk -v m="$min_rate" -v r="$rate" 'BEGIN { print (m == "" || r < m) ? r : m }')
    printf '%-8s %12s %10s %14.1f %14.1f\n' "$((w * window))s" "$rate" "$p99" \
        "$(awk -v b="$max_wal" 'BEGIN { print b / 1048576 }')" "$(awk -v b="$now_wal" 'BEGIN { print b / 1048576 }')"
    bench_errors <<<"$out"
done
kill "$sampler" 2>/dev/null || true
sampler=""

# The HTTP thread while the slow work runs off it: /health during a backup
# of the database the soak grew, its chain-head count and its deletion.
health_during() {
    wrk -t1 -c4 -d"$1" --latency "$url/health" | bench_p99_ms
}
# (Each wait names its pids: a bare `wait` would wait for the gateway too.)
slow=()
curl -fs "${admin[@]}" -X POST "$url/v1/admin/backup" -d '{"filename":"soak.db"}' >/dev/null &
backup_pid=$!
for _ in 1 2 3; do
    curl -fs "${admin[@]}" "$url/v1/receipts/chain-head?tenant_id=default" >/dev/null &
    slow+=($!)
done
p99_backup=$(health_during 5s)
wait "$backup_pid" "${slow[@]}" || true
curl -fs "${admin[@]}" -X DELETE "$url/v1/admin/backups/soak.db" >/dev/null &
delete_pid=$!
p99_delete=$(health_during 2s)
wait "$delete_pid" || true
p99_idle=$(health_during 5s)

mean=$(awk -v t="$total" -v n="$windows" 'BEGIN { printf "%.0f", t / n }')
ratio=$(awk -v m="$mean" -v b="$base_rate" 'BEGIN { printf "%.3f", m / b }')
verified=$(curl -fs "${admin[@]}" -X POST "$url/v1/receipts/verify-range" | jq .verified)
receipts=$(curl -fs "${admin[@]}" "$url/v1/admin/summary" | jq .receipts)
db_mib=$(awk -v b="$(stat -c %s "$work/db/aegisagent.db")" 'BEGIN { printf "%.0f", b / 1048576 }')
restarts=$(curl -fs "${admin[@]}" "$url/metrics" | awk '/^aegis_db_wal_checkpoints_total\{mode="restart"\}/ { print $2 }')
blocked=$(curl -fs "${admin[@]}" "$url/metrics" | awk '/^aegis_db_wal_restarts_blocked_total/ { print $2 }')

echo
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ), host: $(hostname), $(nproc) cores, $(uname -r)"
echo "connections: $connections, agents: $agents in $tenants tenants, AEGIS_DB_SYNC=full, AEGIS_WAL_MAX_BYTES=$bound"
echo "baseline (10 s):            $base_rate req/s, p99 $base_p99 ms"
echo "sustained ($minutes min):        mean $mean req/s, lowest window $min_rate req/s"
echo "ratio sustained / baseline: $ratio"
echo "largest -wal sample:        $(awk -v b="$worst_wal" 'BEGIN { printf "%.1f", b / 1048576 }') MiB (bound $(awk -v b="$bound" 'BEGIN { printf "%.1f", b / 1048576 }') MiB)"
echo "log resets: $restarts (blocked by a reader: $blocked); database: $db_mib MiB, $receipts receipts"
echo "/health p99 idle:           $p99_idle ms; during a backup and chain-head counts: $p99_backup ms; during the backup's deletion: $p99_delete ms"
echo "all chains verify:          $verified"
awk -v w="$worst_wal" -v b="$bound" -v r="$ratio" 'BEGIN {
    printf "target -wal <= 2 x bound:  %s\n", (w <= 2 * b ? "met" : "NOT met");
    printf "target >= 0.90 x baseline: %s\n", (r >= 0.9 ? "met" : "NOT met") }'
awk -v p="$p99_backup" 'BEGIN { printf "target /health p99 <= 20 ms during a backup: %s\n", (p <= 20 ? "met" : "NOT met") }'
