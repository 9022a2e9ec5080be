#!/usr/bin/env bash
# The Debian packages as an operator meets them, on this machine (Debian 12):
# cpack builds aegis-gateway and aegis-console from this build tree; the
# server package depends on no GUI library; apt installs both; the programs
# run, their man pages are found, the units pass `systemd-analyze verify`,
# the packaged gateway starts as the aegis user on its settings file and
# writes its database; purging both packages leaves that database.
#
#   package_install_test.sh BUILD_DIR VERSION
#
# Needs root (it installs packages): exits 77, which CTest reports as
# skipped, for anyone else. Leaves the machine as it found it: users, groups
# and /var/lib/aegis it created are removed at the end, after the checks.
set -euo pipefail

build=$(cd "$1" && pwd)
version=$2
if [[ $(id -u) -ne 0 ]]; then
    echo "SKIP: installing packages needs root"
    exit 77
fi

step() { echo "== $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

for package in aegis-gateway aegis-console aegis; do
    if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q installed; then
        fail "$package is already installed here; this test installs and purges it: remove it first"
    fi
done

work="$build/test-tmp/package_install"
rm -rf "$work"
mkdir -p "$work"
cd "$work"

created=()
for account in aegis aegis-admin; do
    getent group "$account" >/dev/null || created+=("group:$account")
done
getent passwd aegis >/dev/null || created+=("user:aegis")
[[ -e /var/lib/aegis ]] || created+=("dir:/var/lib/aegis")
[[ -e /etc/aegis ]] || created+=("dir:/etc/aegis")
gateway_pid=""

cleanup() {
    set +e
    [[ -n "$gateway_pid" ]] && kill -KILL "$gateway_pid" 2>/dev/null
    for package in aegis-console aegis-gateway; do
        if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q installed; then
            DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "$package" >/dev/null 2>&1
        fi
    done
    for item in "${created[@]}"; do
        case "$item" in
            user:*) userdel "${item#user:}" 2>/dev/null ;;
        esac
    done
    for item in "${created[@]}"; do
        case "$item" in
            group:*) groupdel "${item#group:}" 2>/dev/null ;;
            dir:*) rm -rf "${item#dir:}" ;;
        esac
    done
}
trap cleanup EXIT

step "cpack"
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >cpack.log 2>&1 || { cat cpack.log; fail "cpack failed"; }
gateway_deb=$(ls "$work"/out/aegis-gateway_"$version"_*.deb)
console_deb=$(ls "$work"/out/aegis-console_"$version"_*.deb)

step "what the packages hold and need"
gateway_depends=$(dpkg-deb -f "$gateway_deb" Depends)
console_depends=$(dpkg-deb -f "$console_deb" Depends)
echo "aegis-gateway Depends: $gateway_depends"
echo "aegis-console Depends: $console_depends"
grep -q 'libqt6core6' <<<"$gateway_depends" || fail "aegis-gateway: dpkg-shlibdeps did not run (no libqt6core6)"
grep -q 'libqt6sql6-sqlite' <<<"$gateway_depends" || fail "aegis-gateway: the SQLite driver is not a dependency"
if grep -Eq 'libqt6(widgets|gui|opengl|xcb)|libx11|libgl1|qt6-qpa' <<<"$gateway_depends"; then
    fail "aegis-gateway depends on a GUI library: $gateway_depends"
fi
grep -q 'libqt6widgets6' <<<"$console_depends" || fail "aegis-console does not depend on libqt6widgets6"
dpkg-deb -c "$gateway_deb" | awk '{print $6}' >gateway.files
dpkg-deb -c "$console_deb" | awk '{print $6}' >console.files
for path in ./usr/bin/aegis-gateway ./usr/bin/aegis-verify-receipts ./usr/bin/aegis-restore ./usr/bin/aegis-drill \
            ./usr/lib/systemd/system/aegis-gateway.service ./usr/lib/systemd/system/aegis-drill.service \
            ./usr/lib/systemd/system/aegis-drill.timer ./usr/share/polkit-1/rules.d/50-aegis-gateway.rules \
            ./etc/aegis/aegis-gateway.env ./usr/share/man/man1/aegis-gateway.1.gz \
            ./usr/share/man/man1/aegis-verify-receipts.1.gz ./usr/share/man/man1/aegis-restore.1.gz \
            ./usr/share/man/man1/aegis-drill.1.gz; do
    grep -qxF "$path" gateway.files || fail "aegis-gateway lacks $path"
done
for path in ./usr/bin/aegis-console ./usr/lib/aegis/aegis-drill-pdf ./usr/share/applications/aegis-console.desktop \
            ./usr/share/icons/hicolor/scalable/apps/aegis-console.svg ./usr/share/man/man1/aegis-console.1.gz; do
    grep -qxF "$path" console.files || fail "aegis-console lacks $path"
done
! grep -q 'aegis-console' gateway.files || fail "aegis-gateway holds console files"
dpkg-deb -e "$gateway_deb" control
grep -qxF /etc/aegis/aegis-gateway.env control/conffiles || fail "the settings file is not a conffile"

step "apt-get install"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$gateway_deb" "$console_deb" \
    >install.log 2>&1 || { cat install.log; fail "apt-get install failed"; }

step "installed programs and pages"
out=$(aegis-gateway --version)
[[ "$out" == "aegis-gateway $version" ]] || fail "aegis-gateway --version said: $out"
for program in aegis-gateway aegis-verify-receipts aegis-restore aegis-drill aegis-console; do
    page=$(man -w "$program") || fail "man -w $program found nothing"
    [[ "$page" == "/usr/share/man/man1/$program.1.gz" ]] || fail "man -w $program: $page"
done
[[ $(stat -c '%U:%G %a' /var/lib/aegis) == "aegis:aegis 750" ]] || fail "/var/lib/aegis: $(stat -c '%U:%G %a' /var/lib/aegis)"
verify=$(systemd-analyze verify /usr/lib/systemd/system/aegis-gateway.service \
    /usr/lib/systemd/system/aegis-drill.service /usr/lib/systemd/system/aegis-drill.timer 2>&1) \
    || fail "systemd-analyze verify: $verify"
[[ -z "$verify" ]] || fail "systemd-analyze verify complains: $verify"

step "the packaged gateway starts as aegis on its settings file"
settings=$(grep -E '^[A-Z_]+=' /etc/aegis/aegis-gateway.env | grep -v '^AEGIS_BIND=')
# shellcheck disable=SC2086 # one word per setting
(cd /var/lib/aegis && exec runuser -u aegis -- env $settings AEGIS_BIND=127.0.0.1:0 /usr/bin/aegis-gateway) \
    >gateway.log 2>&1 &
gateway_pid=$!
for _ in $(seq 600); do
    grep -q 'listening on' gateway.log && break
    kill -0 "$gateway_pid" 2>/dev/null || break
    sleep 0.1
done
grep -q 'listening on' gateway.log || { cat gateway.log; fail "the packaged gateway did not start"; }
pid=$(pgrep -u aegis -f /usr/bin/aegis-gateway | head -n 1)
kill -TERM "$pid"
wait "$gateway_pid" || { cat gateway.log; fail "the packaged gateway did not stop cleanly"; }
gateway_pid=""
[[ -f /var/lib/aegis/aegisagent.db && -f /var/lib/aegis/admin.token ]] || fail "no database or token in /var/lib/aegis"

step "apt-get purge"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q aegis-console aegis-gateway >purge.log 2>&1 \
    || { cat purge.log; fail "apt-get purge failed"; }
[[ ! -e /usr/bin/aegis-gateway && ! -e /usr/bin/aegis-console ]] || fail "programs left after purge"
[[ ! -e /etc/aegis/aegis-gateway.env ]] || fail "the settings file survived purge"
[[ -f /var/lib/aegis/aegisagent.db && -f /var/lib/aegis/admin.token ]] || fail "purge removed the evidence in /var/lib/aegis"

echo "package install test: passed"
