"""The host's end of a worker in a container: the framed protocol over a Docker attach socket.

The backend creates the container with stdin open (StdinOnce), attaches to its stdin and stdout
through the daemon's API socket before starting it, and talks to the worker over that one
connection: no client process in between (a `docker run -i` pipe adds a process hop each way and
roughly doubles the round trip). Without a TTY the daemon multiplexes the output: each chunk comes
with an 8-byte header (stream type, 3 zero bytes, big-endian length). The worker's own protocol
frames are reassembled from the stdout chunks with the same capped FrameBuffer as the pipe channel.

Same interface as channel.PipeWorker (send/recv with deadlines, kill, alive, death_cause, facts),
so Session, WarmPool and await_ready use it unchanged. When this process dies, the connection
closes, the daemon closes the container's stdin (StdinOnce) and the idle worker exits on EOF.
"""

from __future__ import annotations

import selectors
import signal
import socket
import struct
import time

from learnact_engine.sandbox.channel import WorkerDied, WorkerTimeout
from learnact_engine.sandbox.cpu_watch import CpuWatch, first_child
from learnact_engine.sandbox.protocol import DEFAULT_MAX_FRAME, FrameBuffer, encode

STREAM_HEADER = struct.Struct(">BxxxI")
STDOUT_STREAM = 1
EXIT_SIGKILL = 128 + signal.SIGKILL  # docker-init's exit code for a worker killed by SIGKILL
EXIT_SIGXCPU = 128 + signal.SIGXCPU
EXIT_WAIT_SECONDS = 5


def remove_container(client, container: str, attempts: int = 3) -> None:
    """SIGKILL and remove; a container already gone (or being removed) is fine. A daemon that is
    slow to see the kill under load gets an explicit SIGKILL, a wait and another try."""
    import docker.errors
    import requests.exceptions

    for attempt in range(attempts):
        try:
            client.api.remove_container(container, force=True)
            return
        except docker.errors.NotFound:
            return
        except docker.errors.APIError as exc:
            if exc.status_code == 409:  # removal already in progress
                return
            if attempt == attempts - 1:
                raise
        except requests.exceptions.RequestException:
            if attempt == attempts - 1:
                raise
        try:
            client.api.kill(container, signal="SIGKILL")
            client.api.wait(container, timeout=EXIT_WAIT_SECONDS)
        except (docker.errors.APIError, requests.exceptions.RequestException):
            pass


class AttachedChannel:
    def __init__(self, client, container_id: str, name: str, attach_socket, max_frame: int = DEFAULT_MAX_FRAME):
        self.client = client
        self.container_id = container_id
        self.name = name
        self.facts: dict = {}
        self.killed_by_host = False
        self._attach = attach_socket  # keeps docker-py's response (and so the connection) alive
        self._sock = getattr(attach_socket, "_sock", attach_socket)
        self._sock.setblocking(False)
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._sock, selectors.EVENT_READ)
        self._stream = bytearray()
        self._frames = FrameBuffer(max_frame)
        self._pending: list[dict] = []
        self._eof = False
        self._closed = False
        self._exit: dict | None = None

    # -- the channel ---------------------------------------------------------------------------
    @property
    def alive(self) -> bool:
        if self._closed or self._eof:
            return False
        if self._selector.select(0):  # readable while idle: output or EOF; absorb it
            self._read_once()
        return not self._eof

    def limit_frames(self, max_frame: int) -> None:
        """The largest frame the host will read from now on (a session sizes it from its limits)."""
        self._frames.max_frame = max_frame

    def send(self, message: dict, deadline: float) -> None:
        data = memoryview(encode(message))
        data = data[self._send_some(data):]  # a small frame goes out at once: no selector needed
        if not data:
            return
        with selectors.DefaultSelector() as writable:
            writable.register(self._sock, selectors.EVENT_WRITE)
            while data:
                if not writable.select(max(0.0, deadline - time.monotonic())):
                    raise WorkerTimeout()
                data = data[self._send_some(data):]

    def _send_some(self, data: memoryview) -> int:
        try:
            return self._sock.send(data[: 1 << 16])
        except BlockingIOError:
            return 0
        except OSError:
            raise WorkerDied(self.exit_code()) from None

    def recv(self, deadline: float) -> dict:
        while not self._pending:
            if self._eof:
                raise WorkerDied(self.exit_code())
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._selector.select(remaining):
                raise WorkerTimeout()
            self._read_once()  # may raise FrameTooLarge / ProtocolError
        return self._pending.pop(0)

    def _read_once(self) -> None:
        try:
            chunk = self._sock.recv(1 << 16)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._eof = True
            return
        self._stream += chunk
        while len(self._stream) >= STREAM_HEADER.size:
            kind, size = STREAM_HEADER.unpack_from(self._stream)
            if len(self._stream) < STREAM_HEADER.size + size:
                break
            payload = bytes(self._stream[STREAM_HEADER.size : STREAM_HEADER.size + size])
            del self._stream[: STREAM_HEADER.size + size]
            if kind == STDOUT_STREAM:
                self._pending.extend(self._frames.feed(payload))

    # -- death and kill ------------------------------------------------------------------------
    def exit_state(self) -> dict:
        """The container's final State (ExitCode, OOMKilled); waits briefly for it to stop."""
        if self._exit is None:
            import docker.errors
            import requests.exceptions

            try:
                self.client.api.wait(self.container_id, timeout=EXIT_WAIT_SECONDS)
                self._exit = self.client.api.inspect_container(self.container_id).get("State") or {}
            except (docker.errors.APIError, requests.exceptions.RequestException):
                self._exit = {}
        return self._exit

    def exit_code(self) -> int | None:
        return self.exit_state().get("ExitCode")

    def death_cause(self) -> str:
        """'memory' when the cgroup OOM killer struck (a SIGKILL inside the container has no other
        source: the CPU hard limit is preceded by a fatal SIGXCPU), 'timeout' for SIGXCPU."""
        state = self.exit_state()
        if state.get("OOMKilled") or (state.get("ExitCode") == EXIT_SIGKILL and not self.killed_by_host):
            return "memory"
        if state.get("ExitCode") == EXIT_SIGXCPU:
            return "timeout"
        return "crashed"

    def kill(self) -> None:
        """Close the connection, then SIGKILL and remove the container."""
        self.killed_by_host = True
        # Close our end first: a worker flooding its stdout has the daemon's stream copier blocked on
        # writing to this socket, and the daemon finishes a removal only once that copier ends.
        self.close_connection()
        remove_container(self.client, self.container_id)

    def close_connection(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._selector.close()
        try:  # at once, whatever references docker-py's response still holds to the socket
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        for closable in (self._sock, self._attach):
            try:
                closable.close()
            except OSError:
                pass


class AttachedWorker(CpuWatch, AttachedChannel):
    """The channel plus the host-measured CPU limit (cpu_watch.py) when the daemon is local, so the
    container's processes are visible here; otherwise the worker's own rlimit is what remains."""

    def send(self, message: dict, deadline: float) -> None:
        self.watch(message)
        super().send(message, deadline)

    def find_worker_process(self) -> None:
        """The worker is docker-init's child; trust a pid only if its cgroup names this container."""
        import docker.errors
        import requests.exceptions

        try:
            init = (self.client.api.inspect_container(self.container_id).get("State") or {}).get("Pid")
        except (docker.errors.APIError, requests.exceptions.RequestException):
            return
        if type(init) is not int or init <= 0:
            return
        try:
            with open(f"/proc/{init}/cgroup") as cgroup:
                if self.container_id not in cgroup.read():
                    return  # a remote daemon: that pid is some other process here
        except OSError:
            return
        self.worker_pid = first_child(init)

    def _kill_for_cpu(self) -> None:
        import docker.errors
        import requests.exceptions

        try:
            self.client.api.kill(self.container_id, signal="SIGKILL")
        except (docker.errors.APIError, requests.exceptions.RequestException):
            pass
        raise WorkerDied(self.exit_code())
