#!/usr/bin/env bash
# Sets everything up and runs Aegis on this machine:
#   installs missing Debian packages, builds (release), starts the gateway in
#   the background on its defaults (database under ./db, backups under
#   ./backups, http://127.0.0.1:8080, admin token generated into
#   ./db/admin.token) and opens the console when a display is present.
# Idempotent: a second run rebuilds what changed and restarts the gateway
# only if its binary changed.
#
#   scripts/run.sh          set up, start, open the console
#   scripts/run.sh stop     stop the background gateway
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
pidfile="$root/db/aegis-gateway.pid"
logfile="$root/db/aegis-gateway.log"
gateway="$root/build/release/gateway/aegis-gateway"
console="$root/build/release/console/aegis-console"
url="http://127.0.0.1:8080"

running_pid() {
    [[ -f "$pidfile" ]] || return 1
    local pid
    pid=$(cat "$pidfile")
    kill -0 "$pid" 2>/dev/null && grep -q aegis-gateway "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

stop_gateway() {
    local pid
    if pid=$(running_pid); then
        echo "Stopping the gateway (pid $pid)..."
        kill -TERM "$pid"
        for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$pidfile"
}

if [[ "${1:-}" == "stop" ]]; then
    stop_gateway
    exit 0
fi

"$root/scripts/install-deps.sh"

cmake --preset release >/dev/null
# The product only; scripts/test.sh builds the tests.
cmake --build --preset release -j"$(nproc)" --target aegis-gateway aegis-console aegis-verify-receipts aegis-restore aegis-drill

mkdir -p "$root/db"
if pid=$(running_pid); then
    if [[ "$gateway" -nt "$pidfile" ]]; then
        echo "The gateway binary changed: restarting it."
        stop_gateway
    else
        echo "The gateway is already running (pid $pid)."
    fi
fi
if ! running_pid >/dev/null; then
    nohup "$gateway" >>"$logfile" 2>&1 &
    echo $! >"$pidfile"
    for _ in $(seq 1 100); do
        curl -fs "$url/health" >/dev/null 2>&1 && break
        if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
            echo "The gateway did not start; its log ($logfile) ends with:" >&2
            tail -n 20 "$logfile" >&2
            exit 1
        fi
        sleep 0.1
    done
fi

echo
echo "Aegis gateway:   $url  (pid $(cat "$pidfile"), log $logfile)"
echo "Health:          $(curl -s "$url/health")"
echo "Admin token in:  $root/db/admin.token"
echo "Stop it with:    scripts/run.sh stop"

if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && -x "$console" ]]; then
    echo "Opening the console..."
    AEGIS_CONSOLE_DEFAULT_DB="$root/db/aegisagent.db" "$console" >/dev/null 2>&1 &
elif [[ -x "$console" ]]; then
    echo "No display: the console ($console) was not opened."
fi
