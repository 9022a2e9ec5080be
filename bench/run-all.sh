#!/usr/bin/env bash
# Every performance benchmark in one run (not a test: run it by hand; a
# ctest runs it tiny only to prove that it still runs). Writes
# bench/results/<date>.md: one table of every figure against its baseline
# from the same run, its ratio and its target, then each benchmark's own
# output, and bench/results/<date>-growth.png.
#
#   bench/run-all.sh [receipts=1000000] [seconds=10] [growth sizes="100000 1000000 5000000"]
#
# receipts: the size of the database every benchmark works on; seconds:
# the length of each load measurement. The machine is shared: a figure
# alone says little, its ratio to the baseline measured beside it says
# more; the load average is recorded at each step.
# BENCH_RESULTS_DIR=dir writes there instead of bench/results;
# BENCH_BUILD_DIR=dir uses the binaries there and builds nothing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
receipts=${1:-1000000}
seconds=${2:-10}
sizes=${3:-100000 1000000 5000000}
results_dir=${BENCH_RESULTS_DIR:-$root/bench/results}

# What a fresh machine lacks (wrk, gnuplot-nox, jq, ...), from Debian's
# packages; idempotent, and as a non-root user it only names what is missing.
"$root/scripts/install-deps.sh" --bench
source "$root/bench/lib/measure.sh"
bench_require jq curl sqlite3 sha256sum /usr/bin/time
bench_binaries aegis-gateway aegis-verify-receipts aegis-restore aegis-bench-chain aegis-bench-load
export BENCH_BUILD_DIR=$bench_build_dir

work=$(mktemp -d /tmp/aegis-bench-all.XXXXXX)
trap 'rm -rf "$work"' EXIT
export BENCH_ROWS=$work/rows.md
: >"$BENCH_ROWS"
mkdir -p "$results_dir"
stamp=$(date -u +%Y-%m-%d)
[[ -e "$results_dir/$stamp.md" ]] && stamp=$(date -u +%Y-%m-%d-%H%M)
report=$results_dir/$stamp.md
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
load_start=$(bench_load_average)

sections=()
failed=0
# step TITLE COMMAND...: runs one benchmark, keeps its output for the
# report; a failed benchmark gets a row saying so, the others still run.
step() {
    local title=$1 log
    shift
    log=$work/step-${#sections[@]}.log
    echo
    echo "== $title (load average $(bench_load_average))"
    sections+=("$title|$log")
    # (Called with || true, so errexit is off in here: statuses are explicit.)
    if ! (
        echo "load average before: $(bench_load_average)"
        status=0
        "$@" 2>&1 || status=$?
        echo "load average after: $(bench_load_average)"
        exit "$status"
    ) | tee "$log"; then
        failed=$((failed + 1))
        bench_row "$title" "FAILED" "-" "-" "-" "see its output below"
        return 1
    fi
}

step "Data: $receipts receipts over 4 tenants" "$root/bench/make-receipts.sh" "$receipts" 4 "$work/db4.db" || true
step "Data: $receipts receipts in one tenant (for the memory benchmark)" \
    "$root/bench/make-receipts.sh" "$receipts" 1 "$work/db1.db" || true
step "Chain verification (bench/verify-chain.sh)" "$root/bench/verify-chain.sh" "$receipts" 4 || true
step "Backup against the hand pipeline" "$root/bench/backup.sh" "$receipts" "$work/db4.db" || true
step "The service during a backup" "$root/bench/service-during-backup.sh" "$receipts" "$seconds" "$work/db4.db" || true
if command -v wrk >/dev/null; then
    step "Authorization throughput (bench/run-authorize-bench.sh)" "$root/bench/run-authorize-bench.sh" "$seconds" || true
    log=${sections[-1]#*|}
    authz=$(awk '/^POST \/v1\/authorize:/ { print $3 }' "$log")
    health=$(awk '/^GET \/health \(baseline\):/ { print $4 }' "$log")
    ratio=$(awk '/^ratio authorize \/ health:/ { print $5 }' "$log")
    verdict=$(awk -v a="$authz" -v r="$ratio" 'BEGIN { print (a >= 4500 && r >= 0.25) ? "met" : "NOT met" }')
    bench_row "authorization throughput (wrk, 64 connections, durable)" "$authz/s" "/health $health/s" "$ratio" \
        ">= 4,500/s and >= 0.25" "$verdict"
else
    bench_row "authorization throughput (wrk, 64 connections, durable)" "not run" "-" "-" ">= 4,500/s and >= 0.25" \
        "wrk is not installed"
fi
step "Authorization latency at a fixed rate" "$root/bench/authorize-latency.sh" "$seconds" 2000 || true
step "Memory" "$root/bench/memory.sh" "$receipts" "$work/db1.db" || true
rm -f "$work/db1.db"
export "BENCH_DB_$receipts=$work/db4.db" BENCH_TABLE_SIZE=$receipts
step "Growth: backup, verification and restore at $sizes receipts" "$root/bench/growth.sh" "$work/growth" "$sizes" || true
plot=""
if [[ -f "$work/growth/growth.png" ]]; then
    plot=$stamp-growth.png
    cp "$work/growth/growth.png" "$results_dir/$plot"
fi

{
    echo "# Benchmarks, $started"
    echo
    echo "Command: \`bench/run-all.sh $receipts $seconds \"$sizes\"\` (release build), commit" \
        "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)."
    echo "Machine: $(hostname), $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB, $(uname -r)." \
        "Load average at the start: $load_start; at the end: $(bench_load_average)."
    echo
    echo "Each figure is set against a baseline measured in the same run on the same machine; on a shared"
    echo "machine the ratio is the figure to trust. What each benchmark does: docs/performance.md."
    echo
    bench_row_header
    cat "$BENCH_ROWS"
    echo
    echo "Chain verification has its own table (bench/verify-chain.sh), below."
    if [[ -n "$plot" ]]; then
        echo
        echo "![growth]($plot)"
    fi
    for section in "${sections[@]}"; do
        echo
        echo "## ${section%%|*}"
        echo
        echo '```'
        cat "${section#*|}"
        echo '```'
    done
} >"$report"
echo
bench_row_header
cat "$BENCH_ROWS"
echo
echo "written to $report${plot:+ and $results_dir/$plot}"
(( failed == 0 )) || { echo "$failed benchmark(s) failed" >&2; exit 1; }
