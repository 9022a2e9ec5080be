#!/usr/bin/env bash
# Builds the libFuzzer binaries with clang (ASan + UBSan, every linked
# library instrumented for coverage) in build/fuzz and runs one target, or
# each in turn, for SECONDS with its corpus and dictionary.
#
#   tests/fuzz/run.sh TARGET SECONDS    TARGET: json receipts backup_name manifest http, or all
#
# New inputs go to build/fuzz/corpus/TARGET (the repository's corpus is only
# read); a crash, leak or timeout is written to build/fuzz/artifacts/TARGET/
# and fails the run. To keep a finding, fix it and copy the artifact into
# tests/fuzz/TARGET/corpus/: ctest replays that corpus in every build.
# Prints one line per target: executions, coverage, corpus size, findings.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
targets=(json receipts backup_name manifest http)

usage() {
    echo "usage: $0 TARGET SECONDS   (TARGET: ${targets[*]} or all)" >&2
    exit 2
}
(( $# == 2 )) || usage
[[ "$2" =~ ^[0-9]+$ ]] && (( $2 > 0 )) || usage
if [[ "$1" == all ]]; then
    selected=("${targets[@]}")
elif [[ " ${targets[*]} " == *" $1 "* ]]; then
    selected=("$1")
else
    usage
fi
seconds=$2

build="$root/build/fuzz"
cmake -S "$root" -B "$build" -G "Unix Makefiles" \
    -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DAEGIS_FUZZ=ON -DAEGIS_SANITIZE=ON -DAEGIS_BUILD_CONSOLE=OFF -DAEGIS_BUILD_TESTS=ON >/dev/null
if ! cmake --build "$build" -j"$(nproc)" --target aegis_fuzzers >"$build/build.log" 2>&1; then
    tail -n 60 "$build/build.log" >&2
    echo "the fuzz build failed; the whole log is $build/build.log" >&2
    exit 1
fi

# Qt's and glibc's own one-time allocations are not ours (tests/lsan.supp).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp:print_suppressions=0}"

status=0
for target in "${selected[@]}"; do
    binary=$(find "$build/tests/fuzz/$target" -maxdepth 1 -type f -executable -name 'fuzz_*' ! -name '*_replay' | head -n1)
    [[ -n "$binary" ]] || { echo "$target: no libFuzzer binary in $build/tests/fuzz/$target" >&2; exit 1; }
    corpus="$build/corpus/$target"
    artifacts="$build/artifacts/$target/"
    log="$build/logs/$target.log"
    rm -rf "$artifacts"
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    options=(-max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048
             -max_len=16384 -artifact_prefix="$artifacts")
    dict="$root/tests/fuzz/$target/$target.dict"
    [[ -f "$dict" ]] && options+=(-dict="$dict")

    set +e
    "$binary" "${options[@]}" "$corpus" "$root/tests/fuzz/$target/corpus" >"$log" 2>&1
    rc=$?
    set -e
    # The last status line ("#N DONE cov: C ft: F corp: K/..") and the totals.
    done_line=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -n1 || true)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$done_line")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$done_line")
    corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p' <<<"$done_line")
    findings=$(find "$artifacts" -type f | wc -l)
    echo "$target: ${seconds}s, ${execs:-?} executions, cov ${cov:-?} edges, ft ${ft:-?}, corpus ${corp:-?}, findings ${findings} (exit ${rc}; log ${log#"$root"/})"
    if (( rc != 0 || findings != 0 )); then
        status=1
        tail -n 40 "$log" >&2
    fi
done
exit $status
