#!/usr/bin/env bash
# System packages the engine needs beside its Python ones, installed with apt when missing:
#   bubblewrap   the OS boundary of the `restricted` sandbox backend (namespaces, read-only view, tmpfs)
#   libseccomp2  compiles the sandbox's seccomp filter (both backends)
# Add further packages to PACKAGES as "command-or-file:package". With CI=true a package that
# cannot be installed fails the run (exit 1); elsewhere it is a warning (exit 0) and the parts that
# need it refuse to start with a one-line message.
# Other scripts reuse this one: `ensure-system.sh --label NAME "probe:package" ...` installs just
# those packages (see ensure-browser.sh).
set -uo pipefail

LABEL=system
PACKAGES=(
    "bwrap:bubblewrap"
    "/usr/lib/x86_64-linux-gnu/libseccomp.so.2|/usr/lib/aarch64-linux-gnu/libseccomp.so.2|/lib/x86_64-linux-gnu/libseccomp.so.2:libseccomp2"
)
if [ "${1:-}" = "--label" ]; then
    LABEL="$2"; shift 2
    PACKAGES=("$@")
fi

say() { echo "ensure-$LABEL: $*" >&2; }
fail() {
    if [ "${CI:-}" = "true" ]; then say "FAILED: $*"; exit 1; fi
    say "WARNING: $*"; exit 0
}
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
    else return 1
    fi
}
present() {  # "a|b|c": any command on PATH or any existing file
    local IFS='|' item
    for item in $1; do
        if [ "${item#/}" != "$item" ]; then [ -e "$item" ] && return 0
        else command -v "$item" >/dev/null 2>&1 && return 0
        fi
    done
    return 1
}

missing=()
for entry in "${PACKAGES[@]}"; do
    probe="${entry%:*}"; package="${entry##*:}"
    present "$probe" || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
say "installing: $packages"
command -v apt-get >/dev/null 2>&1 || fail "apt-get not found; install $packages by hand"
as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
    || fail "apt-get update failed (need root or passwordless sudo, and a reachable Debian mirror)"
# shellcheck disable=SC2086
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >/dev/null \
    || fail "apt-get install $packages failed"
exit 0
