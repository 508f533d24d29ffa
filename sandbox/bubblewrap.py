"""The OS boundary of the `restricted` backend: the worker inside bubblewrap.

bubblewrap (`bwrap`, Debian's `bubblewrap`, the sandbox under Flatpak) puts each worker in new user,
mount, PID, IPC, UTS, network and cgroup namespaces and shows it a read-only minimal filesystem:

    /usr/lib, /lib*, /etc/ld.so.cache   shared libraries (read-only)
    <the interpreter and its stdlib>    at their own paths, read-only; the base site-packages hidden
    /opt/learnact                       the worker's code: the same files as the Docker image (image.py),
                                        staged once per code hash with their bytecode, read-only
    /proc                               of its own PID namespace only
    /dev                                null, zero, full, random, urandom, tty; read-only (no /dev/shm)
    /tmp                                a private tmpfs of `tmpfs_mb`: the only writable place
    /                                   a read-only tmpfs: no /home, /root, /run, /var, no project

Nothing else of the host: no homes, no project source, no sockets, no other process. bwrap runs
the worker with no capabilities, `no_new_privs`, a new session (no terminal injection), dies with
its parent. As root, the host maps the worker's uid to a host uid of its own (uid_lease.py): bwrap
sets up as root of the new namespace and keeps only CAP_SETUID/CAP_SETGID, with which the worker's
first trusted step drops to that uid for good (every capability goes with it), then installs the
seccomp filter (seccomp_filter.py, staged beside its code) before it reads anything untrusted.
Every mount is `nosuid`. The tmpfs is gone with the mount namespace: nothing is left on disk.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

WORKER_ROOT = "/opt/learnact"
STALE_SECONDS = 86400
SANDBOX_UID = 1000  # the worker's uid inside its user namespace
SECCOMP_FILE = "seccomp.bpf"
BOUNDARY_ARGS = ("--boundary", "--seccomp", f"{WORKER_ROOT}/{SECCOMP_FILE}", "--uid", str(SANDBOX_UID))
WORKER_ARGS = ("-E", "-s", "-S", "-B", "-m", "learnact_engine.sandbox.worker", *BOUNDARY_ARGS)


class BoundaryUnavailable(RuntimeError):
    """The OS boundary cannot be set up here; the message says what is missing."""


@dataclass(frozen=True)
class BoundaryView:
    """What one worker sees: read-only binds (source, destination), masked folders, the code."""

    interpreter: str
    binds: tuple[tuple[str, str], ...]
    masked: tuple[str, ...]
    symlinks: tuple[tuple[str, str], ...]
    code_dir: str


def bwrap_binary() -> str:
    found = shutil.which("bwrap") or next((p for p in ("/usr/bin/bwrap", "/bin/bwrap") if os.access(p, os.X_OK)), None)
    if not found:
        raise BoundaryUnavailable("bubblewrap (bwrap) is not installed: run `bash images/ensure-system.sh` "
                                  "or `apt-get install bubblewrap`")
    return found


def _runtime_paths() -> tuple[str, list[str], list[str]]:
    """The interpreter, what it needs to start (stdlib, libpython) and the base site-packages."""
    interpreter = os.path.realpath(sys.executable)
    base = {"base": sys.base_prefix, "platbase": sys.base_exec_prefix, "installed_base": sys.base_prefix,
            "installed_platbase": sys.base_exec_prefix}
    paths = sysconfig.get_paths(vars=base)
    needed = {interpreter, os.path.realpath(paths["stdlib"]), os.path.realpath(paths["platstdlib"])}
    if sysconfig.get_config_var("Py_ENABLE_SHARED"):
        libdir, soname = sysconfig.get_config_var("LIBDIR"), sysconfig.get_config_var("INSTSONAME")
        if libdir and soname and os.path.exists(os.path.join(libdir, soname)):
            needed.add(os.path.realpath(os.path.join(libdir, soname)))
    masked = [os.path.realpath(paths[key]) for key in ("purelib", "platlib")]
    return interpreter, sorted(needed), sorted({m for m in masked if os.path.isdir(m)})


def _system_library_binds() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    binds, symlinks = [], []
    for path in ("/usr/lib", "/usr/lib64", "/usr/lib32", "/lib", "/lib64", "/lib32", "/etc/ld.so.cache"):
        if os.path.islink(path):
            symlinks.append((os.readlink(path), path))
        elif os.path.exists(path):
            binds.append((path, path))
    return binds, symlinks


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "learnact-engine"


def stage_worker_code(seccomp_program: bytes) -> str:
    """The worker's files (exactly the image's, image.py) copied with their bytecode, and the seccomp
    program, into a read-only folder named after their hash; built once, reused by every worker."""
    from learnact_engine.sandbox.image import image_files

    files = image_files()
    digest = hashlib.sha256(sys.version.encode() + seccomp_program)
    for item in files:
        digest.update(f"\n{item.image_path}\n".encode())
        digest.update(item.source.read_bytes())
    root = _cache_root()
    target = root / f"worker-{digest.hexdigest()[:16]}"
    if target.is_dir() and (target / ".complete").exists():
        os.utime(target)  # in use: not stale
        return str(target)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    try:
        for item in files:
            destination = staging / item.image_path
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(item.source, destination)
        (staging / SECCOMP_FILE).write_bytes(seccomp_program)
        subprocess.run([sys.executable, "-I", "-m", "compileall", "-q", str(staging)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        (staging / ".complete").touch()
        for folder, dirs, names in os.walk(staging):
            for name in names:
                os.chmod(os.path.join(folder, name), 0o444)
            os.chmod(folder, 0o555)
        try:
            os.rename(staging, target)
        except OSError:  # another process staged the same code first
            pass
    finally:
        if staging.exists():
            for folder, _dirs, _names in os.walk(staging):
                os.chmod(folder, 0o755)
            shutil.rmtree(staging, ignore_errors=True)
    if not (target / ".complete").exists():
        raise BoundaryUnavailable(f"could not stage the worker code at {target}")
    _prune_stale(root, keep=target)
    return str(target)


def _prune_stale(root: Path, keep: Path) -> None:
    """Staged code of older versions, unused for a day (a long run of an older version keeps its own)."""
    cutoff = time.time() - STALE_SECONDS
    for folder in root.glob("worker-*"):
        try:
            if folder != keep and folder.stat().st_mtime < cutoff:
                for path, _dirs, _names in os.walk(folder):
                    os.chmod(path, 0o755)
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def build_view(seccomp_program: bytes) -> BoundaryView:
    interpreter, runtime, masked = _runtime_paths()
    binds, symlinks = _system_library_binds()
    covered = [b[0] for b in binds]
    for path in runtime:  # the runtime may live under /usr/lib already
        if not any(path == c or path.startswith(c.rstrip("/") + "/") for c in covered):
            binds.append((path, path))
    masked = [m for m in masked if any(m.startswith(b[1].rstrip("/") + "/") for b in binds)]
    return BoundaryView(interpreter, tuple(binds), tuple(masked), tuple(symlinks), stage_worker_code(seccomp_program))


def _parent_folders(paths: list[str]) -> list[str]:
    folders = set()
    for path in paths:
        parent = os.path.dirname(path.rstrip("/"))
        while parent not in ("", "/"):
            folders.add(parent)
            parent = os.path.dirname(parent)
    return sorted(folders, key=lambda f: (f.count("/"), f))


def bwrap_argv(view: BoundaryView, *, tmpfs_bytes: int, info_fd: int, userns_block_fd: int | None,
               python_args: tuple[str, ...] = WORKER_ARGS) -> list[str]:
    """The full bwrap command line for one worker. With `userns_block_fd` (root) the host writes the
    namespace's uid map; bwrap then keeps CAP_SETUID/CAP_SETGID for the worker's own drop."""
    argv = [bwrap_binary(), "--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-net",
            "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID), "--hostname", "sandbox",
            "--info-fd", str(info_fd)]
    if userns_block_fd is not None:
        argv += ["--userns-block-fd", str(userns_block_fd), "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    for folder in _parent_folders([d for _s, d in view.binds] + [link for _t, link in view.symlinks] + [WORKER_ROOT]):
        argv += ["--perms", "0555", "--dir", folder]  # bwrap would make them 0700 as root: unreadable after the drop
    for source, destination in view.binds:
        argv += ["--ro-bind", source, destination]
    for target, link in view.symlinks:
        argv += ["--symlink", target, link]
    for folder in view.masked:  # the base interpreter's site-packages: an empty read-only folder
        argv += ["--perms", "0555", "--size", "4096", "--tmpfs", folder, "--remount-ro", folder]
    argv += ["--ro-bind", view.code_dir, WORKER_ROOT,
             "--proc", "/proc", "--dev", "/dev", "--remount-ro", "/dev",
             "--perms", "1777", "--size", str(tmpfs_bytes), "--tmpfs", "/tmp",
             "--remount-ro", "/", "--chdir", WORKER_ROOT,
             view.interpreter, *python_args]
    return argv
