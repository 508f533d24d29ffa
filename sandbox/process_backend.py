"""Backend `restricted`: the worker as a local child process inside an OS boundary.

Three layers, each holding on its own:
1. the restricted-Python policy (policy.py, guards.py), inside the worker;
2. the OS boundary (bubblewrap.py): new user, mount, PID, IPC, UTS and network namespaces, a
   read-only minimal view of the filesystem, a private size-capped tmpfs as the only writable place,
   no capabilities, `no_new_privs`, the seccomp filter (seccomp_filter.py); as root, a host uid of
   its own per worker (uid_lease.py) mapped into its user namespace;
3. limits from outside: rlimits set before any untrusted code (confine.py); the per-call CPU limit
   measured by the host (cpu_watch.py) with a session ceiling set through `prlimit` that the
   worker's filter forbids it to touch; the wall clock in the session; a SIGKILL that takes the
   whole namespace with it.

The backend refuses to start when the boundary cannot be set up (no bubblewrap, no libseccomp, user
namespaces off): its self-test starts one worker and checks, from the host and from the worker's own
report, that every part took effect. The one-line error says what is missing.
"""

from __future__ import annotations

import json
import os
import resource
import selectors
import signal
import subprocess
import time

from learnact_engine.sandbox.bubblewrap import (
    SANDBOX_UID, WORKER_ARGS, BoundaryUnavailable, BoundaryView, build_view, bwrap_argv, bwrap_binary,
)
from learnact_engine.sandbox.channel import PipeWorker, WorkerDied, WorkerTimeout
from learnact_engine.sandbox.cpu_watch import CpuWatch, cpu_seconds_of, first_child
from learnact_engine.sandbox.protocol import ProtocolError
from learnact_engine.sandbox.seccomp_filter import SeccompUnavailable, build_program
from learnact_engine.sandbox.uid_lease import NoUidAvailable, UidLease, lease_uid

START_SECONDS = 20.0
SESSION_CALLS = 1000  # the kernel's CPU ceiling: this many calls' budgets
NAMESPACES = ("user", "mnt", "pid", "ipc", "uts", "net")


class BoundaryWorker(CpuWatch, PipeWorker):
    """A worker inside bwrap. `process` is bwrap itself; `worker_pid` the interpreter inside."""

    def __init__(self, process: subprocess.Popen, lease: UidLease | None):
        super().__init__(process)
        self.lease = lease
        self.host_uid = lease.uid if lease else os.getuid()
        self.worker_pid: int | None = None
        self.init_pid: int | None = None  # bwrap's pid 1 of the namespace, as the host sees it

    def send(self, message: dict, deadline: float) -> None:
        self.watch(message)
        if message.get("op") == "load":
            self._set_cpu_ceiling()
        super().send(message, deadline)

    def cpu_seconds_used(self) -> float | None:
        return cpu_seconds_of(self.worker_pid)

    def _kill_for_cpu(self) -> None:
        for pid, kill in ((self.init_pid, os.kill), (self.process.pid, os.killpg)):  # see kill()
            try:
                if pid is not None and self.process.poll() is None:
                    kill(pid, signal.SIGKILL)
                    self.process.wait(timeout=1)
            except (OSError, subprocess.TimeoutExpired):
                pass
        raise WorkerDied(self._reap())

    def _set_cpu_ceiling(self) -> None:
        """A kernel backstop for the whole session (only ever lowered, so no privilege needed);
        the worker's filter forbids it to change it."""
        used = self.cpu_seconds_used()
        if used is None:
            return
        ceiling = int(used) + self.cpu_budget_seconds * SESSION_CALLS + 1
        try:
            resource.prlimit(self.worker_pid, resource.RLIMIT_CPU, (ceiling, ceiling))
        except (OSError, ValueError):
            pass  # already lower, or the worker is gone: the next read reports it

    # -- death ---------------------------------------------------------------------------------
    def exit_signal(self) -> int | None:
        """bwrap exits with 128 + the signal that killed the worker."""
        code = self.process.returncode
        if code is not None and code < 0:
            return -code
        if code is not None and 128 < code < 128 + 65:
            return code - 128
        return None

    def kill(self) -> None:
        if self.init_pid is not None and self.process.poll() is None:
            # the namespace's init first: its PID namespace dies with it, and bwrap, still alive,
            # reaps it and exits (killing bwrap first would leave the init to the host's pid 1)
            try:
                os.kill(self.init_pid, signal.SIGKILL)
                self.process.wait(timeout=1)
            except (OSError, subprocess.TimeoutExpired):
                pass
        try:
            super().kill()  # SIGKILL to bwrap's group if still there; --die-with-parent does the rest
        finally:
            if self.process.stderr is not None:
                self.process.stderr.close()
            if self.lease is not None:
                self.lease.release()
                self.lease = None


def _read_info(fd: int, deadline: float) -> dict:
    """bwrap's --info-fd JSON: it closes the pipe once written (or on failure)."""
    data = b""
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            if not selector.select(max(0.0, deadline - time.monotonic())):
                raise BoundaryUnavailable("bubblewrap did not report its sandbox in time")
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            data += chunk
            if len(data) > 65536:
                raise BoundaryUnavailable("bubblewrap sent an oversized report")
            try:
                return json.loads(data)
            except ValueError:
                continue
    raise BoundaryUnavailable("bubblewrap exited before setting up the sandbox")


def _map_ids(pid: int, host_uid: int) -> None:
    """The worker's user namespace: uid/gid SANDBOX_UID -> the leased host uid; root stays root
    for bwrap's own set-up only (it drops to SANDBOX_UID, with no capabilities, before the exec)."""
    with open(f"/proc/{pid}/setgroups", "w") as f:
        f.write("deny")
    for kind in ("uid_map", "gid_map"):
        with open(f"/proc/{pid}/{kind}", "w") as f:
            f.write(f"0 0 1\n{SANDBOX_UID} {host_uid} 1\n")


def await_ready(worker, what: str) -> None:
    """Wait for the worker's `ready` frame; kill it and raise on anything else."""
    try:
        message = worker.recv(time.monotonic() + START_SECONDS)
    except (WorkerTimeout, WorkerDied, ProtocolError) as exc:
        detail = _stderr_tail(worker)
        worker.kill()
        raise RuntimeError(f"{what} did not start: {type(exc).__name__} {exc}{detail}") from None
    if message.get("op") != "ready":
        worker.kill()
        raise RuntimeError(f"{what} sent {message.get('op')!r} instead of 'ready'")
    worker.facts = message.get("facts") if isinstance(message.get("facts"), dict) else {}


def _stderr_tail(worker) -> str:
    stream = getattr(getattr(worker, "process", None), "stderr", None)
    if stream is None:
        return ""
    try:
        os.set_blocking(stream.fileno(), False)
        text = (stream.read(4000) or b"").decode("utf-8", "replace").strip().splitlines()
    except (OSError, ValueError):
        return ""
    return f" ({text[-1][:300]})" if text else ""


class RestrictedBackend:
    """Options (open_sandbox("restricted", limits, pool_size, **options)):

    tmpfs_mb     size of the worker's private /tmp (its only writable place), default 16
    self_test    verify the boundary at start-up and refuse to run without it (default True)

    `test_worker_python_args` is for the policy-bypassed test suite only (tests/security): it
    replaces the worker's command line inside the same boundary. The CLI never passes it.
    """

    name = "restricted"

    def __init__(self, tmpfs_mb: int = 16, self_test: bool = True,
                 test_worker_python_args: tuple[str, ...] | None = None):
        if type(tmpfs_mb) is not int or not 1 <= tmpfs_mb <= 4096:
            raise ValueError(f"tmpfs_mb must be an integer from 1 to 4096, got {tmpfs_mb!r}")
        self.tmpfs_bytes = tmpfs_mb * 1024 * 1024
        self.python_args = tuple(test_worker_python_args) if test_worker_python_args else WORKER_ARGS
        try:
            bwrap_binary()
            self.view: BoundaryView = build_view(build_program(deny_cpu_rlimit=True))
        except (BoundaryUnavailable, SeccompUnavailable) as exc:
            raise BoundaryUnavailable(f"the restricted sandbox cannot set up its OS boundary: {exc}") from None
        if self_test:
            self.self_test()

    def spawn_worker(self, python_args: tuple[str, ...] | None = None) -> BoundaryWorker:
        try:
            os.utime(self.view.code_dir)  # in use: never pruned as stale (bubblewrap.py)
        except OSError:
            pass
        lease = lease_uid() if os.geteuid() == 0 else None
        info_r, info_w = os.pipe()
        block_r, block_w = os.pipe() if lease else (None, None)
        argv = bwrap_argv(self.view, tmpfs_bytes=self.tmpfs_bytes, info_fd=info_w, userns_block_fd=block_r,
                          python_args=python_args or self.python_args)
        inherited = [info_w] + ([block_r] if block_r is not None else [])
        try:
            process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       env={}, cwd="/", start_new_session=True, close_fds=True, pass_fds=inherited)
        except BaseException:
            for fd in inherited + [info_r] + ([block_w] if block_w is not None else []):
                os.close(fd)
            if lease:
                lease.release()
            raise
        for fd in inherited:
            os.close(fd)
        worker = BoundaryWorker(process, lease)
        try:
            deadline = time.monotonic() + START_SECONDS
            try:
                info = _read_info(info_r, deadline)
            except BoundaryUnavailable as exc:
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
                raise BoundaryUnavailable(f"{exc}{_stderr_tail(worker)}") from None
            init_pid = info.get("child-pid")
            if type(init_pid) is not int:
                raise BoundaryUnavailable("bubblewrap reported no child pid")
            worker.init_pid = init_pid
            if lease:
                _map_ids(init_pid, lease.uid)
                os.write(block_w, b"1")
            await_ready(worker, "the sandbox worker")
            worker.worker_pid = first_child(init_pid)
        except BaseException:
            worker.kill()
            raise
        finally:
            os.close(info_r)
            if block_w is not None:
                os.close(block_w)
        return worker

    # -- the start-up self-test ------------------------------------------------------------------
    def self_test(self) -> None:
        """Start one worker and check every part of the boundary; refuse to run otherwise."""
        try:
            worker = self.spawn_worker(WORKER_ARGS)
        except (OSError, RuntimeError, NoUidAvailable) as exc:
            raise BoundaryUnavailable(f"the restricted sandbox cannot set up its OS boundary ({exc}); "
                                      "it needs bubblewrap, libseccomp and user namespaces") from None
        try:
            failures = check_worker(worker)
        finally:
            worker.kill()
        if failures:
            raise BoundaryUnavailable("the restricted sandbox boundary self-test failed, refusing to run: " + "; ".join(failures))

    def close(self) -> None:
        pass


def check_worker(worker: BoundaryWorker) -> list[str]:
    """What the host sees of a started worker, and what it reported about itself."""
    failures = []
    facts = worker.facts
    pid = worker.worker_pid
    if pid is None:
        return ["the worker's process could not be found"]
    try:
        status = dict(line.split(":", 1) for line in open(f"/proc/{pid}/status").read().splitlines() if ":" in line)
        for name in NAMESPACES:
            if os.readlink(f"/proc/{pid}/ns/{name}") == os.readlink(f"/proc/self/ns/{name}"):
                failures.append(f"the worker shares the host's {name} namespace")
    except OSError as exc:
        return [f"the worker's process could not be inspected: {exc}"]
    host_uids = {int(u) for u in status.get("Uid", "").split()}
    if os.geteuid() == 0 and (host_uids != {worker.host_uid} or worker.host_uid == 0):
        failures.append(f"the worker runs as host uid {sorted(host_uids)}, not its own")
    for key in ("CapEff", "CapPrm", "CapInh", "CapAmb"):
        if int(status.get(key, "1").strip() or "1", 16) != 0:
            failures.append(f"the worker has capabilities ({key} {status.get(key, '').strip()})")
    if status.get("NoNewPrivs", "").strip() != "1":
        failures.append("no_new_privs is not set")
    if status.get("Seccomp", "").strip() != "2":
        failures.append("no seccomp filter is in effect")
    if facts.get("uid") != SANDBOX_UID or facts.get("writable") != ["/tmp"]:
        failures.append(f"the worker reports uid {facts.get('uid')!r} and writable places {facts.get('writable')!r}")
    if facts.get("cpu_limit_locked") is not True:
        failures.append("the worker can change its own CPU limit")
    return failures
