#!/usr/bin/env bash
# Runs the whole test suite: installs missing Debian packages, builds with
# AddressSanitizer and UBSan (the asan preset) and runs every test with
# ctest, printing the output of any test that fails. Idempotent.
#
#   scripts/test.sh                 everything
#   scripts/test.sh -R restore      only tests matching a regular expression
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

"$root/scripts/install-deps.sh" --test

jobs=$(nproc)
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$jobs"

# GUI tests set QT_QPA_PLATFORM=offscreen themselves; nothing here needs a display.
ctest --preset asan -j"$jobs" "$@"

# A full run also fuzzes each libFuzzer target for a short while (a clang
# build in build/fuzz); ctest above has replayed their corpora already.
if (( $# == 0 )); then
    "$root/tests/fuzz/run.sh" all "${AEGIS_FUZZ_SMOKE_SECONDS:-20}"
fi
