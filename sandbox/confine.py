"""Process confinement the worker applies to itself at start-up, before it reads any untrusted code.

Runs in the worker process but is trusted code: once it has run, the sandboxed code cannot undo it
(it has no `os`, `resource` or `ctypes`, and after the switch to `nobody` no privilege to raise a
hard limit). The host adds the outer layer: an empty environment, a private scratch directory, a
process group of its own and a wall clock that SIGKILLs that group.
"""

from __future__ import annotations

import ctypes
import os
import resource

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
NOBODY_UID = 65534
NOBODY_GID = 65534
FILE_SIZE_LIMIT = 1 << 20  # the worker writes no files; a small cap stops disk filling
OPEN_FILES_LIMIT = 32


def _unshare(flags: int) -> bool:
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.unshare(flags) == 0


def _set_limit(kind: int, soft: int, hard: int | None = None) -> None:
    resource.setrlimit(kind, (soft, soft if hard is None else hard))


def confine_process(scratch: str | None) -> dict:
    """Apply the static limits; returns facts for the host's self-check."""
    facts = {"network_isolated": False, "uid": os.getuid(), "dropped_privileges": False}
    _set_limit(resource.RLIMIT_CORE, 0)
    _set_limit(resource.RLIMIT_FSIZE, FILE_SIZE_LIMIT)
    _set_limit(resource.RLIMIT_NOFILE, OPEN_FILES_LIMIT)
    if os.geteuid() == 0:
        facts["network_isolated"] = _unshare(CLONE_NEWNET)
        if scratch:
            os.chown(scratch, NOBODY_UID, NOBODY_GID)
        os.setgroups([])
        os.setgid(NOBODY_GID)
        os.setuid(NOBODY_UID)
        facts["dropped_privileges"] = os.getuid() == NOBODY_UID
    else:
        # An unprivileged user may still get a private network namespace through a user namespace.
        facts["network_isolated"] = _unshare(CLONE_NEWUSER | CLONE_NEWNET)
    # No new processes or threads for this user from here on (root ignores RLIMIT_NPROC, hence the
    # switch to nobody first).
    _set_limit(resource.RLIMIT_NPROC, 0)
    if scratch:
        os.chdir(scratch)
    facts["uid"] = os.getuid()
    return facts


def set_memory_limit(extra_mb: int) -> None:
    """Address-space limit: the worker's current size plus the session's memory budget."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    current = pages * os.sysconf("SC_PAGE_SIZE")
    limit = current + extra_mb * 1024 * 1024
    _set_limit(resource.RLIMIT_AS, limit)


def set_cpu_budget(per_call_seconds: int, session_calls: int = 1000) -> None:
    """Hard CPU limit for the whole session; per-call soft limits come from `arm_cpu_limit`."""
    used = int(resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_SELF).ru_stime)
    hard = used + per_call_seconds * session_calls + 1
    _set_limit(resource.RLIMIT_CPU, hard, hard)


def arm_cpu_limit(per_call_seconds: int) -> None:
    """Soft limit = CPU used so far + the per-call budget: SIGXCPU (fatal, uncatchable from the
    sandbox, which has no `signal`) when a call exceeds it."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime) + per_call_seconds + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
