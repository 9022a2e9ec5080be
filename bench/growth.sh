#!/usr/bin/env bash
# How backup, verification and restore times grow with the chain (not a
# test: run by hand or by run-all.sh; a ctest runs it tiny only to prove
# that it still runs).
#
# For each size: a database of that many receipts over 4 tenants, then
# bench/restore.sh on it, which times the gateway's backup, one
# verification of the backup (aegis-verify-receipts --db --manifest) and
# the guided restore end to end. Writes growth.dat (size, seconds) and,
# when gnuplot is installed, growth.png. The baseline of each size is the
# smallest size: the ratio of time to the ratio of size says whether the
# growth is linear (1.00) or worse. Target: linear (<= 1.2).
#
#   bench/growth.sh OUT_DIR [sizes="100000 1000000 5000000"]
# BENCH_DB_<size>=file reuses a database already made for that size.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:?usage: growth.sh OUT_DIR [sizes]}
sizes=${2:-100000 1000000 5000000}

source "$root/bench/lib/measure.sh"
bench_binaries aegis-gateway aegis-verify-receipts aegis-restore aegis-bench-chain
work=$(mktemp -d /tmp/aegis-bench-growth.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

echo "# receipts backup_s verify_s restore_s" >"$out/growth.dat"
for size in $sizes; do
    reuse=BENCH_DB_$size
    db=${!reuse:-}
    if [[ -z "$db" ]]; then
        echo "making $size receipts..."
        db=$work/db-$size.db
        "$chain_bin" make-db "$db" "$size" 4
    fi
    echo "size $size:"
    # Only the size named BENCH_TABLE_SIZE puts its restore row in the table.
    rows=""
    [[ $size == "${BENCH_TABLE_SIZE:-}" ]] && rows=${BENCH_ROWS:-}
    BENCH_ROWS=$rows "$root/bench/restore.sh" "$size" "$db" | tee "$work/restore.out"
    result=$(grep '^RESULT ' "$work/restore.out")
    echo "$size $(bench_field backup_s <<<"$result") $(bench_field verify_s <<<"$result") $(bench_field restore_s <<<"$result")" \
        >>"$out/growth.dat"
    if [[ -z "${!reuse:-}" ]]; then rm -f "$db"; fi
done
cat "$out/growth.dat"

# Seconds per million receipts at each size against the smallest size's.
first=$(awk '!/^#/ { print; exit }' "$out/growth.dat")
last=$(awk '!/^#/ { l = $0 } END { print l }' "$out/growth.dat")
for column in 2:backup 3:verification 4:restore; do
    i=${column%%:*}
    name=${column#*:}
    read -r n0 t0 <<<"$(awk -v i="$i" '{ print $1, $i }' <<<"$first")"
    read -r n1 t1 <<<"$(awk -v i="$i" '{ print $1, $i }' <<<"$last")"
    growth=$(awk -v n0="$n0" -v t0="$t0" -v n1="$n1" -v t1="$t1" 'BEGIN { printf "%.2f", (t0 > 0 && n0 > 0 ? (t1 / n1) / (t0 / n0) : 0) }')
    bench_row "growth of $name time, $n0 to $n1 receipts" "$t1 s at $n1" "$t0 s at $n0" "${growth}x per receipt" \
        "<= 1.2x (linear)" "$(bench_verdict 'x <= 1.2' "$growth")"
done

if command -v gnuplot >/dev/null; then
    gnuplot <<GNUPLOT
set terminal pngcairo size 900,560 noenhanced
set output "$out/growth.png"
set title "Backup, verification and restore time by chain length ($(nproc) cores, load $(bench_load_average))"
set xlabel "receipts"
set ylabel "seconds"
set logscale xy
set key top left
set grid
set format x "%.0s%c"
plot "$out/growth.dat" using 1:2 with linespoints lw 2 title "backup (POST /v1/admin/backup)", \
     "" using 1:3 with linespoints lw 2 title "verification (aegis-verify-receipts --db)", \
     "" using 1:4 with linespoints lw 2 title "restore end to end (aegis-restore --managed)"
GNUPLOT
    echo "plot: $out/growth.png"
else
    echo "gnuplot is not installed: no plot (apt-get install gnuplot-nox)"
fi
