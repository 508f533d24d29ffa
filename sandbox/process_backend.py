"""Backend `restricted`: the worker as a local child process.

Outer layer, set by the host: an empty environment, isolated mode (`python -I`), a private scratch
directory, its own process group (so the SIGKILL reaches everything it could have started), and the
wall clock in the session. Inner layer, set by the worker on itself before any untrusted code
(confine.py): rlimits on CPU, address space, file size, open files and processes; a new network
namespace and the switch to `nobody` when running as root.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time

from learnact_engine.sandbox.channel import PipeWorker, WorkerDied, WorkerTimeout
from learnact_engine.sandbox.protocol import ProtocolError

START_SECONDS = 20.0


class ProcessWorker(PipeWorker):
    def __init__(self, process: subprocess.Popen, scratch: str):
        super().__init__(process)
        self.scratch = scratch

    def kill(self) -> None:
        super().kill()
        shutil.rmtree(self.scratch, ignore_errors=True)


def await_ready(worker: PipeWorker, what: str) -> None:
    """Wait for the worker's `ready` frame; kill it and raise on anything else."""
    try:
        message = worker.recv(time.monotonic() + START_SECONDS)
    except (WorkerTimeout, WorkerDied, ProtocolError) as exc:
        worker.kill()
        raise RuntimeError(f"{what} did not start: {type(exc).__name__} {exc}") from None
    if message.get("op") != "ready":
        worker.kill()
        raise RuntimeError(f"{what} sent {message.get('op')!r} instead of 'ready'")
    worker.facts = message.get("facts") if isinstance(message.get("facts"), dict) else {}


def spawn_process_worker() -> ProcessWorker:
    scratch = tempfile.mkdtemp(prefix="learnact-sandbox-")
    process = subprocess.Popen(
        [sys.executable, "-I", "-m", "learnact_engine.sandbox.worker", "--confine", "--scratch", scratch],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={},
        cwd=scratch,
        start_new_session=True,
        close_fds=True,
    )
    worker = ProcessWorker(process, scratch)
    await_ready(worker, "the sandbox worker")
    return worker


class RestrictedBackend:
    name = "restricted"

    def spawn_worker(self) -> ProcessWorker:
        return spawn_process_worker()

    def close(self) -> None:
        pass
