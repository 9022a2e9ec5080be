#!/usr/bin/env bash
# Crash soak (tests/soak/soak.py): writers and backups against a gateway that
# is SIGKILLed at random moments and restarted; at the end every
# acknowledged decision and backup must be there and verify, and no
# temporary file may be left. Exits non-zero on any loss.
#
#   tests/soak/run.sh [SECONDS] [soak.py options...]
#
# Uses the asan build's binaries (build/asan) unless --gateway and
# --verify-receipts are given; builds them when they are missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
args=()
if [[ $# -gt 0 && "$1" =~ ^[0-9]+$ ]]; then
    args+=(--duration "$1")
    shift
fi
if [[ " $* " != *" --gateway "* ]]; then
    build="$root/build/asan"
    if [[ ! -x "$build/gateway/aegis-gateway" || ! -x "$build/tools/aegis-verify-receipts/aegis-verify-receipts" ]]; then
        (cd "$root" && cmake --preset asan >/dev/null &&
            cmake --build "$build" -j"$(nproc)" --target aegis-gateway aegis-verify-receipts >/dev/null)
    fi
    args+=(--gateway "$build/gateway/aegis-gateway" --verify-receipts "$build/tools/aegis-verify-receipts/aegis-verify-receipts")
fi
exec python3 "$root/tests/soak/soak.py" "${args[@]}" "$@"
