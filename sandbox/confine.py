"""Process confinement the worker applies to itself at start-up, before it reads any untrusted code.

Runs in the worker process but is trusted code, inside an OS boundary set up before the interpreter
started, which holds even if the code escapes the Python policy:

- `confine_in_boundary` (backend `restricted`, inside bubblewrap): static rlimits (no core files,
  file size, open files, no new processes or threads), the private tmpfs as working folder, and facts
  for the host's self-test. The CPU limit belongs to the host (it measures each call's CPU time and
  sets a session ceiling with `prlimit`; the seccomp filter forbids the worker to touch it), so
  `set_cpu_budget` and `arm_cpu_limit` do nothing here.
- `install_seccomp_file` (backend `docker`): the sandbox's seccomp filter, stacked on Docker's.
- `confine_process` is the former, namespace-less confinement (`--confine`): kept only as the
  baseline the benchmark measures the boundary against; no backend starts it.
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
BOUNDARY_WORKDIR = "/tmp"
WRITABLE_CANDIDATES = ("/", "/tmp", "/var/tmp", "/dev", "/dev/shm", "/opt/learnact", "/proc", "/run", "/root", "/home", "/etc")
_cpu_limit_by_host = False


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


def confine_in_boundary(seccomp_path: str, sandbox_uid: int) -> dict:
    """Inside bubblewrap: leave root for the worker's own uid (when the host mapped one), install
    the seccomp filter, set static limits, work in the tmpfs; returns facts for the host."""
    global _cpu_limit_by_host
    if os.geteuid() == 0:  # bwrap ran set-up as root of the namespace: drop to the leased uid for good
        os.setresgid(sandbox_uid, sandbox_uid, sandbox_uid)
        os.setresuid(sandbox_uid, sandbox_uid, sandbox_uid)  # clears the permitted and effective sets
        _clear_capabilities()  # and the inheritable one
    install_seccomp_file(seccomp_path)
    _set_limit(resource.RLIMIT_CORE, 0)
    _set_limit(resource.RLIMIT_FSIZE, FILE_SIZE_LIMIT)
    _set_limit(resource.RLIMIT_NOFILE, OPEN_FILES_LIMIT)
    _set_limit(resource.RLIMIT_NPROC, 0)
    os.chdir(BOUNDARY_WORKDIR)
    try:
        resource.setrlimit(resource.RLIMIT_CPU, resource.getrlimit(resource.RLIMIT_CPU))
        locked = False
    except (OSError, ValueError):  # Python reports EPERM as "not allowed to raise maximum limit"
        locked = True  # the seccomp filter refused: only the host sets it
    _cpu_limit_by_host = locked
    writable = [path for path in WRITABLE_CANDIDATES if os.path.isdir(path) and os.access(path, os.W_OK)]
    return {"uid": os.getuid(), "euid": os.geteuid(), "writable": writable, "cpu_limit_locked": locked,
            "seccomp_filter": True}


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _clear_capabilities() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    if libc.capset(ctypes.byref(header), (_CapData * 2)()) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")


def install_seccomp_file(path: str) -> dict:
    """Install the BPF program at `path` on this process (no_new_privs first)."""
    from learnact_engine.sandbox.seccomp_filter import install_program

    with open(path, "rb") as program:
        install_program(program.read())
    return {"seccomp_filter": True}


def set_memory_limit(extra_mb: int) -> None:
    """Address-space limit: the worker's current size plus the session's memory budget."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    current = pages * os.sysconf("SC_PAGE_SIZE")
    limit = current + extra_mb * 1024 * 1024
    _set_limit(resource.RLIMIT_AS, limit)


def set_cpu_budget(per_call_seconds: int, session_calls: int = 1000) -> None:
    """Hard CPU limit for the whole session; per-call soft limits come from `arm_cpu_limit`."""
    if _cpu_limit_by_host:
        return
    used = int(resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_SELF).ru_stime)
    hard = used + per_call_seconds * session_calls + 1
    _set_limit(resource.RLIMIT_CPU, hard, hard)


def arm_cpu_limit(per_call_seconds: int) -> None:
    """Soft limit = CPU used so far + the per-call budget: SIGXCPU (fatal, uncatchable from the
    sandbox, which has no `signal`) when a call exceeds it."""
    if _cpu_limit_by_host:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime) + per_call_seconds + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
