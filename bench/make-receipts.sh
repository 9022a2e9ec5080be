#!/usr/bin/env bash
# The data of the benchmarks (not a test: run by hand or by run-all.sh): a
# database of N receipts over several tenants, made by aegis-bench-chain
# (bench/tools/BenchChainMain.cpp) through the test suite's builder, i.e.
# the real migrations and receipts hashed as the gateway hashes them; then
# checked with aegis-verify-receipts --db, which must report all N intact.
#
# The figure is the rate it writes receipts at; the baseline, in the same
# run, is the rate the same database verifies at (the ratio says how much
# of a benchmark's set-up is this generator). There is no target: it is
# set-up, not a product figure.
#
#   bench/make-receipts.sh [receipts=1000000] [tenants=4] [out.db=bench-receipts.db]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
receipts=${1:-1000000}
tenants=${2:-4}
out=${3:-bench-receipts.db}

source "$root/bench/lib/measure.sh"
bench_binaries aegis-verify-receipts aegis-bench-chain
work=$(mktemp -d /tmp/aegis-bench-make.XXXXXX)
trap 'rm -rf "$work"' EXIT

rm -f "$out" "$out-wal" "$out-shm"
echo "making $receipts receipts over $tenants tenants in $out..."
bench_timed "$chain_bin" make-db "$out" "$receipts" "$tenants"
make_secs=$secs
bench_timed "$verify_bin" --db "$out"
verify_secs=$secs
grep -q "^VERIFIED: $receipts receipt" "$work/timed.out" \
    || { echo "the generated database does not verify $receipts receipts:" >&2; head -5 "$work/timed.out" >&2; exit 1; }

make_rate=$(awk -v n="$receipts" -v s="$make_secs" 'BEGIN { printf "%.0f", n / s }')
verify_rate=$(awk -v n="$receipts" -v s="$verify_secs" 'BEGIN { printf "%.0f", n / s }')
echo "written: $make_secs s ($make_rate receipts/s), $(du -m "$out" | cut -f1) MiB; verified in $verify_secs s"
bench_row "data: $receipts receipts, $tenants tenants (aegis-bench-chain make-db)" "$make_rate receipts/s" \
    "verify --db $verify_rate/s" "$(bench_ratio "$make_rate" "$verify_rate")" "none (set-up)" "verifies"
