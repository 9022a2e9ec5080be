#!/usr/bin/env bash
# Chain verification benchmark (not a test: run it by hand; a ctest runs it
# at a tiny size only to prove that it still runs).
#
# Makes a database of N receipts over several tenants (aegis-bench-chain,
# through the test suite's builder: the real schema, receipts hashed as the
# gateway hashes them), then times, each against the same baseline:
#   1. aegis-verify-receipts --db            (every tenant's chain)
#   2. aegis-verify-receipts on a list file  (all N receipts, as GET /v1/receipts gives them)
#   3. aegis-verify-receipts on an export    (one tenant, GET /v1/receipts/export)
#   4. POST /v1/receipts/verify-range        (the gateway, every tenant)
# Baseline: raw SHA-256 (OpenSSL EVP, one thread) over the canonical bodies
# of the same receipts, made first and timed alone; the ratio is receipts
# verified per second over bodies hashed per second. Each is given twice:
# by the wall clock, and per CPU-second (user + system), which on a shared
# machine is what other people's builds do not change. Peak RSS comes from
# /usr/bin/time -v (the CLI) and VmHWM (the gateway).
# Targets: >= 1,000,000 receipts/s, >= 0.4x the baseline, RSS <= 100 MiB.
# A second baseline for --db: the naive Python verifier of the same rows
# (bench/tools/naive-verify.py); --db should be >= 10x it.
# Then the same database and list checks on signed receipts (a tenth as
# many by default; BENCH_SIGNED_RECEIPTS=n, 0 for none), against their own
# baseline: raw Ed25519 checks of the same signatures, one thread.
#
#   bench/verify-chain.sh [receipts=1000000] [tenants=4] [results.md]
#
# BENCH_BUILD_DIR=dir uses the binaries there and builds nothing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
receipts=${1:-1000000}
tenants=${2:-4}
results=${3:-}

source "$root/bench/lib/gateway.sh"
bench_require jq curl python3 /usr/bin/time
if [[ -n "${BENCH_BUILD_DIR:-}" ]]; then
    bench_build_dir=$BENCH_BUILD_DIR
else
    bench_build_dir=$root/build/release
    cmake --preset release >/dev/null
    cmake --build --preset release -j"$(nproc)" --target aegis-gateway aegis-verify-receipts aegis-bench-chain >/dev/null
fi
verify=$bench_build_dir/tools/aegis-verify-receipts/aegis-verify-receipts
tool=$bench_build_dir/bench/aegis-bench-chain

work=$(mktemp -d /tmp/aegis-bench-verify.XXXXXX)
gateway_pid=""
trap '[[ -n "$gateway_pid" ]] && bench_stop_gateway; rm -rf "$work"' EXIT

echo "making $receipts receipts over $tenants tenants..."
"$tool" make-db "$work/bench.db" "$receipts" "$tenants"
"$tool" write-list "$work/bench.db" "$work/list.json"

# name, then the command; sets secs, cpu and rss_kib; the command must exit 0.
measure() {
    local name=$1
    shift
    /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt" || {
        echo "$name failed:" >&2
        cat "$work/err.txt" "$work/out.txt" >&2
        exit 1
    }
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
        for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/time.txt")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/time.txt")
    rss_kib=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
}

# CPU seconds (user + system) a process has used so far.
cpu_of() {
    awk -v tck="$(getconf CLK_TCK)" '{ print ($14 + $15) / tck }' "/proc/$1/stat"
}

rows=()
baseline_rate=0
baseline_cpu_rate=0
# name, receipts, wall seconds, CPU seconds, rss KiB [, baseline rate, baseline CPU rate]
add_row() {
    local rate ratio cpu_rate cpu_ratio rss base=${6:-$baseline_rate} cpu_base=${7:-$baseline_cpu_rate}
    rate=$(awk -v n="$2" -v s="$3" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
    ratio=$(awk -v r="$rate" -v b="$base" 'BEGIN { printf "%.2f", (b > 0 ? r / b : 0) }')
    cpu_rate=$(awk -v n="$2" -v s="$4" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
    cpu_ratio=$(awk -v r="$cpu_rate" -v b="$cpu_base" 'BEGIN { printf "%.2f", (b > 0 ? r / b : 0) }')
    rss=$(awk -v k="$5" 'BEGIN { printf "%.0f", k / 1024 }')
    rows+=("| $1 | $2 | $3 | $rate | $ratio | $4 | $cpu_rate | $cpu_ratio | $rss |")
}

echo "baseline: raw SHA-256 over the canonical bodies..."
baseline=$("$tool" sha-baseline "$work/bench.db")
baseline_rate=$(sed -E 's/.* rate=([0-9]+).*/\1/' <<<"$baseline")
baseline_cpu_rate=$(sed -E 's/.* cpu_rate=([0-9]+).*/\1/' <<<"$baseline")
mean_bytes=$(sed -E 's/.* mean_bytes=([0-9.]+).*/\1/' <<<"$baseline")

echo "aegis-verify-receipts --db..."
measure "--db" "$verify" --db "$work/bench.db"
grep -q "^VERIFIED: $receipts receipt" "$work/out.txt" || { echo "--db did not verify $receipts receipts" >&2; exit 1; }
add_row "\`aegis-verify-receipts --db\`" "$receipts" "$secs" "$cpu" "$rss_kib"
db_rate=$(awk -v n="$receipts" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')

echo "naive Python (sqlite3, json.dumps, hashlib) over the same rows..."
naive=$(python3 "$root/bench/tools/naive-verify.py" "$work/bench.db") || { echo "the naive verifier failed: $naive" >&2; exit 1; }
naive_rate=$(sed -E 's/.* rate=([0-9]+).*/\1/' <<<"$naive")
naive_ratio=$(awk -v a="$db_rate" -v b="$naive_rate" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
naive_line="Naive Python (bench/tools/naive-verify.py: sqlite3, json.dumps, hashlib, one row at a time) on the same database: $naive_rate receipts/s; \`--db\` is ${naive_ratio}x it (target >= 10x)."

echo "aegis-verify-receipts on the list..."
measure "list" "$verify" "$work/list.json"
grep -q "^VERIFIED: $receipts receipt" "$work/out.txt" || { echo "the list did not verify" >&2; exit 1; }
add_row "\`aegis-verify-receipts list.json\` ($(du -m "$work/list.json" | cut -f1) MB)" "$receipts" "$secs" "$cpu" "$rss_kib"

echo "the gateway: export and verify-range..."
mkdir -p "$work/gw/db"
cp "$work/bench.db" "$work/gw/db/aegisagent.db"
bench_start_gateway "$work/gw" AEGIS_DB_PATH="$work/gw/db/aegisagent.db"
curl -fsS "${admin[@]}" "$url/v1/receipts/export?tenant_id=default" -o "$work/export.json"
exported=$(jq '.receipts | length' "$work/export.json")
cpu_before=$(cpu_of "$gateway_pid")
range_secs=$(curl -fsS "${admin[@]}" -X POST "$url/v1/receipts/verify-range" -d '{}' \
    -o "$work/range.json" -w '%{time_total}')
[[ $(jq .verified "$work/range.json") == true && $(jq .count "$work/range.json") == "$receipts" ]] \
    || { echo "verify-range did not verify:" >&2; head -c 400 "$work/range.json" >&2; exit 1; }
range_cpu=$(awk -v a="$(cpu_of "$gateway_pid")" -v b="$cpu_before" 'BEGIN { printf "%.2f", a - b }')
gateway_rss=$(awk '/VmHWM/ { print $2 }' "/proc/$gateway_pid/status")
bench_stop_gateway
gateway_pid=""

echo "aegis-verify-receipts on the export..."
measure "export" "$verify" "$work/export.json"
grep -q "^VERIFIED: $exported receipt" "$work/out.txt" || { echo "the export did not verify" >&2; exit 1; }
add_row "\`aegis-verify-receipts export.json\` (one tenant)" "$exported" "$secs" "$cpu" "$rss_kib"
add_row "\`POST /v1/receipts/verify-range\` (gateway; RSS: its peak incl. the export)" "$receipts" "$range_secs" "$range_cpu" "$gateway_rss"

signed_receipts=${BENCH_SIGNED_RECEIPTS:-$((receipts / 10))}
signed_line=""
if ((signed_receipts > 0)); then
    echo "signed: $signed_receipts receipts over $tenants tenants..."
    "$tool" make-db "$work/signed.db" "$signed_receipts" "$tenants" signed
    "$tool" write-list "$work/signed.db" "$work/signed.json"
    echo "baseline: raw Ed25519 checks of the same signatures..."
    sig_baseline=$("$tool" ed25519-baseline "$work/signed.db")
    sig_rate=$(sed -E 's/.* rate=([0-9]+).*/\1/' <<<"$sig_baseline")
    sig_cpu_rate=$(sed -E 's/.* cpu_rate=([0-9]+).*/\1/' <<<"$sig_baseline")
    signed_line="Signed rows: their baseline is raw Ed25519 checks of the same signatures, one thread: $sig_rate/s by the wall clock, $sig_cpu_rate per CPU-second."
    measure "--db signed" "$verify" --db "$work/signed.db"
    grep -q "^VERIFIED: $signed_receipts receipt" "$work/out.txt" || { echo "the signed database did not verify" >&2; exit 1; }
    add_row "\`aegis-verify-receipts --db\`, signed" "$signed_receipts" "$secs" "$cpu" "$rss_kib" "$sig_rate" "$sig_cpu_rate"
    measure "list signed" "$verify" "$work/signed.json"
    grep -q "^VERIFIED: $signed_receipts receipt" "$work/out.txt" || { echo "the signed list did not verify" >&2; exit 1; }
    add_row "\`aegis-verify-receipts signed.json\`, signed ($(du -m "$work/signed.json" | cut -f1) MB)" "$signed_receipts" "$secs" "$cpu" "$rss_kib" "$sig_rate" "$sig_cpu_rate"
fi

report() {
    echo "Chain verification, $receipts receipts over $tenants tenants, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo "Baseline: raw SHA-256 over the same canonical bodies (mean $mean_bytes bytes), one thread:" \
        "$baseline_rate bodies/s by the wall clock, $baseline_cpu_rate per CPU-second."
    echo "Targets: >= 1,000,000 receipts/s, ratio >= 0.40, peak RSS <= 100 MiB."
    echo "$naive_line"
    if [[ -n "$signed_line" ]]; then echo "$signed_line"; fi
    echo "Load average when done: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores."
    echo
    echo "| run | receipts | wall s | receipts/s | ratio | CPU s | receipts per CPU-s | ratio (CPU) | peak RSS MiB |"
    echo "|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
}
report
if [[ -n "$results" ]]; then
    report >"$results"
    echo "written to $results"
fi
