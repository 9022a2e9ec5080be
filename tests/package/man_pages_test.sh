#!/usr/bin/env bash
# The man pages keep up with the programs: every AEGIS_* variable that
# `aegis-gateway --help` lists, and every --flag of the other programs' --help,
# is in the program's page; and groff renders each page without a warning.
#   man_pages_test.sh MAN_SOURCE_DIR PROGRAM...
set -euo pipefail
man_dir=$1
shift
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

for program in "$@"; do
    name=$(basename "$program")
    page="$man_dir/$name.1"
    if [[ ! -f "$page" ]]; then
        fail "$name has no man page ($page)"
        continue
    fi
    # roff writes a hyphen in a flag as \- ; compare with plain text.
    text=$(sed 's/\\-/-/g' "$page")
    help=$(QT_QPA_PLATFORM=offscreen "$program" --help 2>&1) || fail "$name --help exited with $?"
    if [[ "$name" == aegis-gateway ]]; then
        words=$(grep -oE 'AEGIS_[A-Z0-9_]+' <<<"$help" | sort -u)
    else
        words=$(grep -oE -- '--[a-z][a-z0-9-]+' <<<"$help" | sort -u)
    fi
    [[ -n "$words" ]] || fail "$name --help named nothing to look for"
    for word in $words; do
        grep -qF -- "$word" <<<"$text" || fail "$name: $word is in --help but not in $page"
    done
    warnings=$(groff -mandoc -ww -z -Tutf8 "$page" 2>&1)
    [[ -z "$warnings" ]] || fail "$page: groff warns: $warnings"
    echo "$name: $(wc -w <<<"$words") names checked"
done

if ((failures > 0)); then
    echo "$failures problem(s)" >&2
    exit 1
fi
echo "man pages: all programs documented"
