"""A host uid of its own for every sandbox worker, leased while the worker lives.

When the host runs as root, each `restricted` worker runs under a uid no other process on the
machine has: its user namespace maps the worker's uid to one host uid from a reserved range, far
above the ranges distributions hand out to users and to /etc/subuid. So one session's worker cannot
signal another's, read its memory or touch its files, whatever it breaks out of.

A lease is an exclusive `flock` on a file named after the uid, under a root-only directory; the
kernel drops it when the holder dies, so a crashed host leaks no uid. Only the host holds the file
descriptor (close-on-exec), never the worker.
"""

from __future__ import annotations

import fcntl
import os
import random
from dataclasses import dataclass

UID_BASE = 1_700_000_000
UID_COUNT = 1 << 20
LEASE_DIR = "/run/learnact-sandbox/uids"
ATTEMPTS = 256
SWEEP_EVERY = 64  # now and then, remove the files of leases whose holder died without releasing


class NoUidAvailable(RuntimeError):
    """No free uid could be leased (or leasing is impossible: not root)."""


@dataclass
class UidLease:
    uid: int
    _fd: int
    _path: str

    def release(self) -> None:
        """Unlink while still holding the lock (a rival that opened the old file sees it unlinked
        and retries), then close, which drops the lock."""
        if self._fd >= 0:
            try:
                os.unlink(self._path)
            except OSError:
                pass
            os.close(self._fd)
            self._fd = -1


def _lease_dir() -> str:
    os.makedirs(LEASE_DIR, mode=0o700, exist_ok=True)
    info = os.lstat(LEASE_DIR)
    if info.st_uid != 0 or info.st_mode & 0o077:
        raise NoUidAvailable(f"{LEASE_DIR} must be a root-owned directory closed to others")
    return LEASE_DIR


def _sweep(directory: str) -> None:
    for name in os.listdir(directory):
        try:
            fd = os.open(os.path.join(directory, name), os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            UidLease(0, fd, os.path.join(directory, name)).release()  # free: unlink under the lock
        except OSError:
            os.close(fd)


def lease_uid() -> UidLease:
    """Lease a host uid no other worker on this machine holds."""
    if os.geteuid() != 0:
        raise NoUidAvailable("leasing a host uid per worker needs root")
    directory = _lease_dir()
    if random.randrange(SWEEP_EVERY) == 0:
        _sweep(directory)
    for _ in range(ATTEMPTS):
        uid = UID_BASE + random.randrange(UID_COUNT)
        path = os.path.join(directory, str(uid))
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.fstat(fd).st_ino != os.lstat(path).st_ino:  # released and unlinked meanwhile
                raise BlockingIOError
        except (BlockingIOError, FileNotFoundError):
            os.close(fd)
            continue
        return UidLease(uid, fd, path)
    raise NoUidAvailable(f"no free sandbox uid after {ATTEMPTS} attempts")
