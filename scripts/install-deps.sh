#!/usr/bin/env bash
# Installs the Debian 12 packages Aegis needs to build, run and test, and
# nothing else. Idempotent: packages already present are not touched and
# apt-get update runs only when something is missing.
set -euo pipefail

packages=(
    build-essential cmake pkg-config
    qt6-base-dev qt6-httpserver-dev qt6-websockets-dev libqt6sql6-sqlite
    libqt6opengl6-dev libgl-dev qtkeychain-qt6-dev qt6-qpa-plugins
    libssl-dev libsqlite3-dev sqlite3
    libsystemd-dev
    curl
)
# --test: also what the test suite needs; --bench: what bench/run-all.sh needs.
test=false
bench=false
for option in "$@"; do
    case $option in
        --test) test=true ;;
        --bench) bench=true ;;
        *) echo "usage: $0 [--test] [--bench]" >&2; exit 64 ;;
    esac
done
if $test; then
    # gnome-keyring and dbus-daemon: a private Secret Service for the keychain test.
    # python3-requests: the approval flow driven from Python as an SDK would.
    packages+=(xvfb xauth clang dpkg-dev file fakeroot gnome-keyring dbus-daemon python3-requests)
    # poppler-utils: pdftoppm and pdftotext render and read the drill's PDF report.
    packages+=(poppler-utils)
    # The package tests: man -w and groff for the man pages, systemd-analyze for the units.
    packages+=(man-db groff-base systemd)
    # libclang-rt-14-dev: libFuzzer and the sanitizer runtimes for clang (tests/fuzz/run.sh).
    packages+=(libclang-rt-14-dev)
    # jq and time (/usr/bin/time -v): bench/verify-chain.sh, run small as a test.
    packages+=(jq time)
fi
if $bench; then
    # wrk: closed-loop throughput; gnuplot-nox: the growth plot; python3: the naive verifier baseline.
    packages+=(jq time wrk gnuplot-nox python3)
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if (( ${#missing[@]} == 0 )); then
    exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
    echo "Missing packages: ${missing[*]}" >&2
    echo "Run as root, or: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi

echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
