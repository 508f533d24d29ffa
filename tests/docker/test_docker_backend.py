"""The docker backend against a real daemon: contract, limits, self-test, container lifetime."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from learnact_engine.sandbox import Limits, open_sandbox
from learnact_engine.sandbox import docker_backend
from learnact_engine.sandbox.docker_backend import (
    LABEL_HOST, LABEL_PID, LABEL_ROLE, LABEL_START, DockerBackend, docker_client, process_start_ticks,
)
from learnact_engine.sandbox.docker_hardening import ContainerSpec, HardeningError

pytestmark = pytest.mark.docker

LIBRARY = '''
def walk_to(place):
    """Go somewhere and report."""
    seen = goto(place)
    print("went to", place)
    return {"place": place, "seen": seen}


def spin():
    while True:
        pass


def grow():
    chunks = []
    while True:
        chunks.append("x" * 10 ** 6)
'''


@pytest.fixture(scope="module")
def box():
    sandbox = open_sandbox("docker", Limits(wall_seconds=5, cpu_seconds=3), pool_size=1)
    yield sandbox
    sandbox.close()


@pytest.fixture(scope="module")
def client():
    api = docker_client()
    yield api
    api.close()


def container_exists(client, name: str) -> bool:
    import docker.errors

    try:
        client.api.inspect_container(name)
        return True
    except docker.errors.NotFound:
        return False


def wait_until_gone(client, name: str, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not container_exists(client, name):
            return True
        time.sleep(0.2)
    return False


def test_call_with_primitives(box):
    calls = []
    with box.session() as session:
        loaded = session.load(LIBRARY, {"goto": lambda place: calls.append(place) or f"You arrive at {place}."})
        assert loaded.ok and "walk_to" in loaded.functions
        result = session.call("walk_to", ["desk 1"])
    assert result.status == "ok", result.error
    assert result.value == {"place": "desk 1", "seen": "You arrive at desk 1."}
    assert "went to desk 1" in result.stdout
    assert [(c.name, c.args) for c in result.primitive_calls] == [("goto", ["desk 1"])] and calls == ["desk 1"]


def test_each_session_gets_a_fresh_container(box, client):
    first, second = box.pool.acquire(), box.pool.acquire()
    try:
        assert first.name != second.name
        assert container_exists(client, first.name) and container_exists(client, second.name)
    finally:
        first.kill()
        second.kill()
    assert not container_exists(client, first.name) and not first.alive


def test_timeout_kills_and_removes_the_container(client):
    with open_sandbox("docker", Limits(wall_seconds=1, cpu_seconds=30), pool_size=0) as sandbox:
        session = sandbox.session()
        session.load(LIBRARY, {"goto": str})
        name = session._worker.name
        result = session.call("spin")
        session.close()
    assert result.status == "timeout" and result.elapsed_s < 1 + 3
    assert not container_exists(client, name)


def test_cpu_limit_inside_the_container_is_a_timeout():
    with open_sandbox("docker", Limits(wall_seconds=30, cpu_seconds=1), pool_size=0) as sandbox, sandbox.session() as session:
        session.load(LIBRARY, {"goto": str})
        result = session.call("spin")
    assert result.status == "timeout", result.error


def test_container_oom_kill_is_reported_as_memory():
    # the session's own address-space budget is far above the container's cap: the cgroup OOM killer acts
    with open_sandbox("docker", Limits(wall_seconds=20, memory_mb=4096), pool_size=0, memory_mb=64) as sandbox:
        with sandbox.session() as session:
            session.load(LIBRARY, {"goto": str})
            result = session.call("grow")
    assert result.status == "memory", result.error


def test_self_test_refuses_a_weakened_container(monkeypatch, client):
    def without_read_only(self):
        return {**original(self), "read_only": False}

    original = ContainerSpec.host_config_kwargs
    monkeypatch.setattr(ContainerSpec, "host_config_kwargs", without_read_only)
    monkeypatch.setattr(docker_backend, "_verified", set())
    backend = None
    with pytest.raises(HardeningError, match="root filesystem"):
        backend = DockerBackend()
    assert backend is None
    me = client.api.containers(all=True, filters={"label": f"{LABEL_PID}={os.getpid()}"})
    assert [c for c in me if c["Labels"].get(LABEL_ROLE) == "probe"] == []


def test_stale_containers_of_dead_owners_are_reaped(client):
    ghost = subprocess.Popen(["true"])
    ghost.wait()
    tag = docker_backend.image_tag()
    labels = {LABEL_ROLE: "worker", LABEL_HOST: docker_backend.socket.gethostname(), LABEL_PID: str(ghost.pid),
              LABEL_START: "1"}
    container = client.containers.run(tag, ["/opt/learnact/python", "-c", "import time; time.sleep(120)"],
                                      detach=True, labels=labels, network_mode="none", read_only=True,
                                      cap_drop=["ALL"], user="10001:10001", mem_limit="64m")
    live_labels = {**labels, LABEL_PID: str(os.getpid()), LABEL_START: process_start_ticks(os.getpid())}
    alive = client.containers.run(tag, ["/opt/learnact/python", "-c", "import time; time.sleep(120)"],
                                  detach=True, labels=live_labels, network_mode="none", mem_limit="64m")
    try:
        backend = DockerBackend(self_test=False)
        backend.close()
        assert container.id[:12] in backend.reaped and not container_exists(client, container.id)
        assert alive.id[:12] not in backend.reaped  # its owner (this process) is alive
    finally:
        for leftover in (container, alive):
            docker_backend.remove_container(client, leftover.id)


def test_close_removes_what_the_backend_owns(client):
    backend = DockerBackend(self_test=False)
    worker = backend.spawn_worker()
    backend.close()
    assert wait_until_gone(client, worker.name, 10)
    worker.kill()  # idempotent after the backend removed it
    with pytest.raises(RuntimeError, match="closed"):
        backend.spawn_worker()


HOST_SCRIPT = """
import sys, time
from learnact_engine.sandbox.docker_backend import DockerBackend
backend = DockerBackend(self_test=False)
worker = backend.spawn_worker()
print(worker.name, flush=True)
time.sleep(300)
"""


def test_container_does_not_outlive_a_killed_host(client):
    host = subprocess.Popen([sys.executable, "-c", HOST_SCRIPT], stdout=subprocess.PIPE, text=True)
    try:
        name = host.stdout.readline().strip()
        assert name.startswith("learnact-worker-") and container_exists(client, name)
    finally:
        host.send_signal(signal.SIGKILL)
        host.wait()
        host.stdout.close()
    # the connection closes, the daemon closes the worker's stdin, the worker exits on EOF ...
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and client.api.inspect_container(name)["State"]["Running"]:
        time.sleep(0.2)
    assert not client.api.inspect_container(name)["State"]["Running"]
    # ... and the next backend start on this host removes it
    backend = DockerBackend(self_test=False)
    backend.close()
    assert not container_exists(client, name)


def test_exec_command_runs_in_docker(tmp_path):
    library = tmp_path / "actions.py"
    library.write_text('def greet(name):\n    print("hello", name)\n    return {"name": name}\n\ndef broken(x):\n    return x.missing\n')
    ok = subprocess.run([sys.executable, "-m", "learnact_engine", "exec", str(library), "--call", 'greet("a")',
                         "--sandbox", "docker", "--json"], capture_output=True, text=True, timeout=180)
    assert ok.returncode == 0, ok.stderr
    assert '"value": {"name": "a"}' in ok.stdout and "hello a" in ok.stdout
    failed = subprocess.run([sys.executable, "-m", "learnact_engine", "exec", str(library), "--call", "broken(1)",
                             "--sandbox", "docker", "--json"], capture_output=True, text=True, timeout=180)
    assert failed.returncode == 1 and '"status": "error"' in failed.stdout


def test_kill_of_a_worker_flooding_its_output_does_not_hang(client):
    backend = DockerBackend(self_test=False)
    try:
        worker = backend.spawn_worker()
        deadline = time.monotonic() + 10
        worker.send({"op": "load", "source": "def flood():\n    while True:\n        print('y' * 1000)\n",
                     "primitives": [], "limits": {"output_bytes": 10 ** 9}}, deadline)
        assert worker.recv(deadline)["op"] == "loaded"
        worker.send({"op": "call", "name": "flood", "args": [], "kwargs": {}, "seed": 0}, deadline)
        time.sleep(1.5)  # nobody reads: every buffer between the worker and this process fills up
        start = time.monotonic()
        worker.kill()
        assert time.monotonic() - start < 10
        assert not container_exists(client, worker.name)
    finally:
        backend.close()
