"""Backend `docker`: the worker in a hardened container, one fresh container per session.

Each worker runs in a container of the sandbox image (image.py) created through the Docker API with
the hardening baseline (docker_hardening.py); the host attaches to its stdin/stdout through the
daemon's socket before starting it and speaks the framed protocol over that connection
(docker_attach.py). The warm pool (pool.py) keeps containers started.

Lifetime: every container is labelled with its owner (host name, pid, process start time). A kill is
SIGKILL + remove through the daemon, and the backend removes whatever it still owns when closed. If
the host process dies instead, its connection closes, the daemon closes the container's stdin and
the idle worker exits on EOF (a busy one runs into its CPU rlimit); the next backend start on this
host removes containers whose owner is gone.

Memory: the container's hard cap is fixed at construction (DockerBackend(memory_mb=...)), because
the session's Limits arrive only with the load message, after the container started. The worker
applies Limits.memory_mb inside as an address-space limit; the effective budget is the smaller.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid

from learnact_engine.sandbox.channel import WorkerDied, WorkerTimeout
from learnact_engine.sandbox.docker_attach import AttachedWorker, remove_container
from learnact_engine.sandbox.docker_hardening import (
    DEFAULT_PIDS, PYTHON_COMMAND, WORKER_COMMAND, ContainerSpec, HardeningError, check_host_config, check_probe_facts,
    probe_command,
)
from learnact_engine.sandbox.image import DEBOOTSTRAP_BASE, REGISTRY_BASE, ImageError, build_image, image_exists, image_tag
from learnact_engine.sandbox.process_backend import await_ready
from learnact_engine.sandbox.protocol import ProtocolError

LABEL_ROLE = "org.learnact.sandbox"
LABEL_HOST = "org.learnact.owner.host"
LABEL_PID = "org.learnact.owner.pid"
LABEL_START = "org.learnact.owner.start"
LABEL_BACKEND = "org.learnact.backend"
DOCKER_API_SECONDS = 30
PROBE_SECONDS = 60

_verified: set[tuple] = set()  # (image, spec) pairs whose hardening passed the self-test in this process
_verified_lock = threading.Lock()


def process_start_ticks(pid: int) -> str | None:
    """The process's start time in clock ticks since boot: with the pid, a unique process identity."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def owner_labels() -> dict[str, str]:
    return {LABEL_HOST: socket.gethostname(), LABEL_PID: str(os.getpid()), LABEL_START: process_start_ticks(os.getpid()) or ""}


def docker_client():
    try:
        import docker
    except ImportError:
        raise RuntimeError("the `docker` Python package is required for the docker sandbox backend") from None
    try:
        client = docker.from_env(timeout=DOCKER_API_SECONDS)
        client.ping()
    except Exception as exc:  # noqa: BLE001 - any failure means no usable daemon
        raise RuntimeError(f"no Docker daemon reachable for the docker sandbox backend ({type(exc).__name__}: {exc}); "
                           "run `bash images/ensure-docker.sh`") from None
    return client


def reap_stale_containers(client) -> list[str]:
    """Remove sandbox containers on this host whose owning process no longer exists."""
    me = socket.gethostname()
    reaped = []
    for container in client.api.containers(all=True, filters={"label": LABEL_ROLE}):
        labels = container.get("Labels") or {}
        if labels.get(LABEL_HOST) != me or not labels.get(LABEL_PID, "").isdigit():
            continue  # another host's container on a shared daemon: not ours to judge
        if process_start_ticks(int(labels[LABEL_PID])) == labels.get(LABEL_START):
            continue  # its owner is alive
        remove_container(client, container["Id"])
        reaped.append(container["Id"][:12])
    return reaped


class DockerBackend:
    """Options (through open_sandbox("docker", limits, pool_size, **options)):

    image      an explicit image tag; default: the tag of the current worker code (built on a cached
               base when missing, never a stale one)
    memory_mb  the container's hard memory cap (memory = memory+swap), default 512; keep it above the
               sessions' Limits.memory_mb plus ~40 MB (worker and /tmp), or the OOM killer acts first
    pids, cpus, tmpfs_mb, nofile, fsize_mb, runtime   the other caps (docker_hardening.ContainerSpec)
    build      rebuild a missing image for the current code when a base image is present
    self_test  verify the hardening at start-up (once per image and spec per process); refuses to run
               if it did not take effect

    `test_worker_python_args` is for the policy-bypassed test suite only (tests/security): the
    interpreter's arguments for the sessions' workers, in the same hardened container. The CLI never
    passes it; the self-test always checks the real worker.
    """

    name = "docker"

    def __init__(self, image: str | None = None, memory_mb: int = 512, pids: int = DEFAULT_PIDS, cpus: float = 1.0,
                 tmpfs_mb: int = 16, nofile: int = 64, fsize_mb: int = 10, runtime: str | None = None,
                 build: bool = True, self_test: bool = True, test_worker_python_args: tuple[str, ...] | None = None):
        self.worker_command = (*PYTHON_COMMAND, *test_worker_python_args) if test_worker_python_args else WORKER_COMMAND
        self.spec = ContainerSpec(memory_mb=memory_mb, pids=pids, cpus=cpus, tmpfs_mb=tmpfs_mb, nofile=nofile,
                                  fsize_mb=fsize_mb, runtime=runtime)
        self._client = docker_client()
        self.backend_id = uuid.uuid4().hex[:12]
        self.labels = {LABEL_ROLE: "worker", LABEL_BACKEND: self.backend_id, **owner_labels()}
        self._closed = False
        try:
            self.image = image or self._current_image(build)
            self.reaped = reap_stale_containers(self._client)
            if self_test:
                self.self_test()
        except BaseException:
            self.close()
            raise

    def _current_image(self, build: bool) -> str:
        """The image for the worker code we have: never a stale one. Rebuilt on a cached base when
        missing (seconds, offline); a missing base is left to `make image`."""
        import docker.errors

        tag = image_tag()
        try:
            self._client.api.inspect_image(tag)
            return tag
        except docker.errors.ImageNotFound:
            pass
        if build and (image_exists(DEBOOTSTRAP_BASE) or image_exists(REGISTRY_BASE)):
            return build_image()
        raise ImageError(f"the sandbox image {tag} does not exist (the worker code changed or it was never built): "
                         "run `make image` or `python -m learnact_engine.sandbox.image build`")

    # -- containers ----------------------------------------------------------------------------
    def _start_container(self, role: str, command: tuple[str, ...] | list[str]) -> AttachedWorker:
        """Create, attach (stdin+stdout) and start one hardened container."""
        if self._closed:
            raise RuntimeError("the docker sandbox backend is closed")
        api = self._client.api
        name = f"learnact-{role}-{os.getpid()}-{uuid.uuid4().hex[:12]}"
        config = api.create_container_config(
            self.image, list(command), user=self.spec.user, hostname="sandbox", stdin_open=True,
            labels={**self.labels, LABEL_ROLE: role}, environment={},
            host_config=api.create_host_config(**self.spec.host_config_kwargs()),
        )
        config.update(AttachStdin=True, AttachStdout=True, AttachStderr=False, StdinOnce=True)
        container_id = api.create_container_from_config(config, name)["Id"]
        try:
            attach = api.attach_socket(container_id, params={"stdin": 1, "stdout": 1, "stream": 1})
            worker = AttachedWorker(self._client, container_id, name, attach)
        except BaseException:
            remove_container(self._client, container_id)
            raise
        try:
            api.start(container_id)
        except BaseException:
            worker.kill()
            raise
        return worker

    def spawn_worker(self, command: tuple[str, ...] | None = None) -> AttachedWorker:
        worker = self._start_container("worker", command or self.worker_command)
        await_ready(worker, "the sandbox container")  # kills it and raises on failure
        worker.find_worker_process()  # for the host-measured CPU limit, when the daemon is local
        return worker

    # -- the start-up self-test ----------------------------------------------------------------
    def self_test(self) -> None:
        """Refuse to run unless the hardening is in effect: inspect a real worker container and
        probe a container started with the same flags from the inside."""
        key = (self.image, self.spec)
        with _verified_lock:
            if key in _verified:
                return
        probe = self._start_container("probe", probe_command())  # runs while the worker starts
        failures = self._check_worker_container() + self._check_probe(probe)
        if failures:
            raise HardeningError("docker sandbox hardening self-test failed, refusing to run: " + "; ".join(failures))
        with _verified_lock:
            _verified.add(key)

    def _check_worker_container(self) -> list[str]:
        worker = self.spawn_worker(WORKER_COMMAND)
        try:
            failures = check_host_config(self._client.api.inspect_container(worker.container_id), self.spec)
            if worker.facts.get("seccomp_filter") is not True:
                failures.append("the worker did not install the sandbox's seccomp filter")
            deadline = time.monotonic() + 10
            worker.send({"op": "ping"}, deadline)
            if worker.recv(deadline).get("op") != "pong":
                failures.append("the worker does not answer a ping")
            return failures
        except (WorkerTimeout, WorkerDied, ProtocolError) as exc:
            return [f"the worker failed a ping: {type(exc).__name__}"]
        finally:
            worker.kill()

    def _check_probe(self, probe: AttachedWorker) -> list[str]:
        try:
            message = probe.recv(time.monotonic() + PROBE_SECONDS)
        except (WorkerTimeout, WorkerDied, ProtocolError) as exc:
            return [f"the hardening probe failed: {type(exc).__name__} {exc}"]
        finally:
            probe.kill()
        if message.get("op") != "facts" or not isinstance(message.get("facts"), dict):
            return ["the hardening probe sent no facts"]
        return check_probe_facts(message["facts"], self.spec)

    # -- lifetime ------------------------------------------------------------------------------
    def close(self) -> None:
        """Remove every container this backend still owns (sessions left open, a pool mid-refill)."""
        if self._closed:
            return
        self._closed = True
        try:
            for container in self._client.api.containers(all=True, filters={"label": f"{LABEL_BACKEND}={self.backend_id}"}):
                remove_container(self._client, container["Id"])
        finally:
            self._client.close()
