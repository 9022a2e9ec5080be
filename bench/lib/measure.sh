# Shared by the benchmarks that bench/run-all.sh runs (sourced, not run):
# where the binaries are, timing, the load generator's fields, and one
# table row per figure. Callers set `root` before sourcing; gateway.sh
# comes with it.
#
# BENCH_BUILD_DIR=dir: use the binaries there and build nothing (run-all
# and the tests set it). BENCH_ROWS=file: each row is also appended there.

source "$root/bench/lib/gateway.sh"

# bench_binaries TARGET...: builds them in the release tree unless
# BENCH_BUILD_DIR is set; sets bench_build_dir and the binaries' paths.
bench_binaries() {
    if [[ -n "${BENCH_BUILD_DIR:-}" ]]; then
        bench_build_dir=$BENCH_BUILD_DIR
    else
        bench_build_dir=$root/build/release
        cmake --preset release >/dev/null
        cmake --build --preset release -j"$(nproc)" --target "$@" >/dev/null
    fi
    gateway_bin=$bench_build_dir/gateway/aegis-gateway
    verify_bin=$bench_build_dir/tools/aegis-verify-receipts/aegis-verify-receipts
    restore_bin=$bench_build_dir/tools/aegis-restore/aegis-restore
    chain_bin=$bench_build_dir/bench/aegis-bench-chain
    load_bin=$bench_build_dir/bench/aegis-bench-load
}

# bench_live_copy DB RECEIPTS TENANTS: the database a benchmark's gateway
# serves, $work/gw/db/aegisagent.db (set as live): a copy of DB, so that DB
# stays as it was for the next benchmark; when DB is empty, of a database of
# RECEIPTS receipts over TENANTS tenants made first ($work/made.db).
bench_live_copy() {
    local db=$1
    if [[ -z "$db" ]]; then
        db=$work/made.db
        "$chain_bin" make-db "$db" "$2" "$3"
    fi
    live=$work/gw/db/aegisagent.db
    mkdir -p "$work/gw/db"
    cp "$db" "$live"
}

bench_now() { date +%s.%N; }
# bench_since START: seconds elapsed, 3 decimals.
bench_since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.3f", e - s }'; }

# bench_timed CMD...: runs it (output to $work/timed.out), sets secs; exit 1 on failure.
bench_timed() {
    local start
    start=$(bench_now)
    "$@" >"$work/timed.out" 2>&1 || { echo "failed: $*" >&2; cat "$work/timed.out" >&2; exit 1; }
    secs=$(bench_since "$start")
}

# bench_field KEY <<<"k=v k2=v2": the value of KEY in aegis-bench-load's line.
bench_field() { tr ' ' '\n' | awk -F= -v k="$1" '$1 == k { print $2 }'; }

bench_ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# bench_verdict EXPR-with-x VALUE: "met" or "NOT met", e.g. bench_verdict 'x <= 1.0' 0.93
bench_verdict() { awk -v x="$2" "BEGIN { print (($1) ? \"met\" : \"NOT met\") }"; }

# bench_row NAME FIGURE BASELINE RATIO TARGET VERDICT: prints the row, and
# appends it to $BENCH_ROWS for run-all's table.
bench_row() {
    local row="| $1 | $2 | $3 | $4 | $5 | $6 |"
    echo "$row"
    [[ -n "${BENCH_ROWS:-}" ]] && echo "$row" >>"$BENCH_ROWS"
    return 0
}
bench_row_header() {
    echo "| benchmark | figure | baseline (same run) | ratio | target | |"
    echo "|---|---|---|---|---|---|"
}

# bench_load ARGS...: aegis-bench-load's key=value line (exit 1 on failure).
bench_load() {
    "$load_bin" "$@" || { echo "aegis-bench-load failed: $*" >&2; exit 1; }
}

# bench_wait_ready URL TIMEOUT_S: until /readyz answers 200.
bench_wait_ready() {
    local deadline=$(( $(date +%s) + $2 ))
    until curl -fs -o /dev/null "$1/readyz"; do
        (( $(date +%s) < deadline )) || { echo "$1 did not become ready" >&2; return 1; }
        sleep 0.02
    done
}

# bench_mib KIB: KiB to MiB, no decimals.
bench_mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

bench_load_average() { cut -d' ' -f1-3 /proc/loadavg; }
