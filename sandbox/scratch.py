"""Removing a worker's scratch folder, whatever the worker left in it.

A compromised worker can leave a directory tree thousands of levels deep (too deep for
`shutil.rmtree`, which recurses and raises RecursionError even with ignore_errors, and too long
for any path), symlinks pointing anywhere, or entries it made unreadable. `remove_tree` walks
down one directory descriptor at a time (never a path, never following a link), keeps only the
names on its way down, and never raises: the worst case is a folder left behind.
"""

from __future__ import annotations

import os
import stat

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
MAX_OPERATIONS = 1_000_000


def remove_tree(path: str) -> bool:
    """Delete `path` and everything under it; True when it is gone."""
    try:
        return _remove(path)
    except Exception:  # noqa: BLE001 - cleanup must never take the host down
        return not os.path.lexists(path)


def _remove(path: str) -> bool:
    try:
        fd = os.open(path, _DIR_FLAGS)
    except FileNotFoundError:
        return True
    except OSError:  # a file or a link in place of the folder
        os.unlink(path)
        return True
    names: list[str] = []  # the way down from `path`
    operations = 0
    try:
        while operations < MAX_OPERATIONS:
            operations += 1
            child = None
            with os.scandir(fd) as entries:
                for entry in entries:
                    operations += 1
                    if entry.is_dir(follow_symlinks=False):
                        child = entry.name
                        break
                    try:
                        os.unlink(entry.name, dir_fd=fd)
                    except FileNotFoundError:
                        pass
            if child is not None:
                try:
                    os.chmod(child, stat.S_IRWXU, dir_fd=fd, follow_symlinks=False)
                except (OSError, NotImplementedError):
                    pass
                next_fd = os.open(child, _DIR_FLAGS, dir_fd=fd)
                os.close(fd)
                fd = next_fd
                names.append(child)
                continue
            if not names:  # the top folder is empty
                os.close(fd)
                fd = -1
                os.rmdir(path)
                return True
            parent = os.open("..", _DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = parent
            os.rmdir(names.pop(), dir_fd=fd)
        return False
    finally:
        if fd >= 0:
            os.close(fd)
