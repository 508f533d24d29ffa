"""The host's end of a worker: framed messages over a child's pipes, with deadlines and a kill.

Used by both backends: `restricted` starts the worker directly, `docker` starts `docker run -i`
whose stdin/stdout are the container worker's. The host never blocks without a deadline, never
reads an oversize frame, and decodes nothing but JSON.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import time

from learnact_engine.sandbox.protocol import DEFAULT_MAX_FRAME, FrameBuffer, encode
from learnact_engine.sandbox.scratch import remove_tree


class WorkerTimeout(Exception):
    """The deadline passed before the worker answered."""


class WorkerDied(Exception):
    """The worker's pipe closed: it exited or was killed."""

    def __init__(self, returncode: int | None):
        super().__init__(f"worker exited with code {returncode}")
        self.returncode = returncode


class PipeWorker:
    """A started worker process speaking the protocol on its stdin/stdout."""

    def __init__(self, process: subprocess.Popen, max_frame: int = DEFAULT_MAX_FRAME):
        self.process = process
        self.facts: dict = {}
        self.killed_by_host = False
        self._buffer = FrameBuffer(max_frame)
        self._pending: list[dict] = []
        self._out = process.stdout.fileno()
        self._in = process.stdin.fileno()
        os.set_blocking(self._out, False)
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._out, selectors.EVENT_READ)

    def limit_frames(self, max_frame: int) -> None:
        """The largest frame the host will read from now on (a session sizes it from its limits)."""
        self._buffer.max_frame = max_frame

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, message: dict, deadline: float) -> None:
        data = memoryview(encode(message))
        with selectors.DefaultSelector() as writable:
            writable.register(self._in, selectors.EVENT_WRITE)
            while data:
                if not writable.select(max(0.0, deadline - time.monotonic())):
                    raise WorkerTimeout()
                try:
                    written = os.write(self._in, data[: 1 << 16])
                except (BrokenPipeError, ConnectionResetError):
                    raise WorkerDied(self._reap()) from None
                data = data[written:]

    def recv(self, deadline: float) -> dict:
        while not self._pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._selector.select(remaining):
                raise WorkerTimeout()
            try:
                chunk = os.read(self._out, 1 << 16)
            except BlockingIOError:
                continue
            if not chunk:
                raise WorkerDied(self._reap())
            self._pending.extend(self._buffer.feed(chunk))  # may raise FrameTooLarge / ProtocolError
        return self._pending.pop(0)

    def _reap(self) -> int | None:
        try:
            return self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            return self.process.returncode

    def exit_signal(self) -> int | None:
        code = self.process.returncode
        return -code if code is not None and code < 0 else None

    def death_cause(self) -> str:
        """Why the worker died on its own: 'timeout' (CPU limit), 'memory' or 'crashed'."""
        if self.exit_signal() in (signal.SIGXCPU, signal.SIGKILL):
            return "timeout"
        return "crashed"

    def kill(self) -> None:
        """SIGKILL the worker's whole process group, then reap it."""
        self.killed_by_host = True
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.process.kill()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self.close_pipes()
        scratch = getattr(self, "scratch", None)
        if isinstance(scratch, str) and scratch:
            remove_tree(scratch)  # before any rmtree of a subclass: a deep tree must not crash the host

    def close_pipes(self) -> None:
        self._selector.close()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
