#!/bin/sh
# Runs a command with a real Secret Service of its own: a private D-Bus
# session and a gnome-keyring unlocked with a throwaway password, under a
# home directory inside the test's scratch space, so that the developer's
# own keyring is never read or written. Both go away with the command.
set -eu
for tool in dbus-run-session gnome-keyring-daemon; do
    command -v "$tool" >/dev/null ||
        { echo "with-keyring.sh: $tool is missing; scripts/install-deps.sh --test installs it" >&2; exit 1; }
done
: "${AEGIS_TEST_TMP:?AEGIS_TEST_TMP must name the test's scratch directory}"
home="$AEGIS_TEST_TMP/home"
rm -rf "$home"
mkdir -p "$home/run"
chmod 0700 "$home/run"
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
       XDG_CACHE_HOME="$home/cache" XDG_RUNTIME_DIR="$home/run"
unset DISPLAY WAYLAND_DISPLAY
exec dbus-run-session -- sh -c '
    set -e
    printf "aegis-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$@"' with-keyring "$@"
