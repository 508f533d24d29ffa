#!/usr/bin/env bash
# Make a Docker daemon available for the `docker` sandbox backend and the offline image build:
# install docker.io and debootstrap with apt when missing, start dockerd (as root) when none answers,
# wait until `docker info` works. Fails with a clear message when that is impossible.
# With CI=true a daemon that cannot be had fails the run (exit 1); elsewhere it is a warning (exit 0)
# and the docker-marked tests skip.
set -uo pipefail

LOG_DIR="${LEARNACT_DOCKER_LOG_DIR:-/tmp}"
DOCKERD_LOG="$LOG_DIR/learnact-dockerd.log"
WAIT_SECONDS="${LEARNACT_DOCKERD_WAIT:-60}"

say() { echo "ensure-docker: $*" >&2; }
fail() {
    if [ "${CI:-}" = "true" ]; then say "FAILED: $*"; exit 1; fi
    say "WARNING: $* (the docker sandbox backend and its tests are unavailable)"; exit 0
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
    else return 1
    fi
}

daemon_answers() { timeout 20 docker info >/dev/null 2>&1; }

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v docker >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
if [ "${#missing[@]}" -gt 0 ]; then
    packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
    # A daemon may already answer (e.g. a socket from the host): then only debootstrap matters.
    say "installing: $packages"
    command -v apt-get >/dev/null 2>&1 || fail "apt-get not found; install $packages by hand"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
        || fail "apt-get update failed (need root or passwordless sudo, and a reachable Debian mirror)"
    # shellcheck disable=SC2086
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >/dev/null \
        || fail "apt-get install $packages failed"
fi
export PATH="$PATH:/usr/sbin:/sbin"

if daemon_answers; then
    say "docker daemon is running"
    exit 0
fi

command -v dockerd >/dev/null 2>&1 || fail "no docker daemon answers and dockerd is not installed"
[ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null || fail "no docker daemon answers and starting dockerd needs root"

# containerd ships with docker.io; dockerd starts its own when none runs.
say "starting dockerd (log: $DOCKERD_LOG)"
as_root bash -c "nohup dockerd >>'$DOCKERD_LOG' 2>&1 </dev/null &" || fail "could not launch dockerd"

for _ in $(seq "$WAIT_SECONDS"); do
    if daemon_answers; then
        say "docker daemon is up"
        exit 0
    fi
    sleep 1
done
say "last lines of $DOCKERD_LOG:"
tail -n 20 "$DOCKERD_LOG" >&2 2>/dev/null
fail "dockerd did not answer within ${WAIT_SECONDS}s"
