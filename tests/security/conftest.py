"""Fixtures for the security suite: one sandbox per backend, host canaries, invariant checks."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from learnact_engine.sandbox import Limits, open_sandbox

from .payloads import CANARY_CONTENT, CANARY_ENV_VALUE, CANARY_SECRET

SECURITY_LIMITS = Limits(wall_seconds=3, cpu_seconds=2, memory_mb=128, output_bytes=10_000,
                         primitive_calls=50, return_bytes=10_000)
BACKENDS = [
    pytest.param("restricted", id="restricted"),
    pytest.param("docker", id="docker", marks=pytest.mark.docker),
]


@pytest.fixture(scope="session", params=BACKENDS)
def sandbox(request):
    if request.param == "docker":
        request.getfixturevalue("require_docker")
    # docker: a warm pool (cold containers cost ~0.4 s each); its workers are containers, not children
    box = open_sandbox(request.param, SECURITY_LIMITS, pool_size=2 if request.param == "docker" else 0)
    yield box
    box.close()


@pytest.fixture(scope="session")
def canaries():
    """A secret file and a secret environment variable on the host, and a loopback listener
    that must never see a connection."""
    secret_file = Path("/tmp") / CANARY_SECRET
    secret_file.write_text(CANARY_CONTENT)
    os.environ["LEARNACT_CANARY"] = CANARY_ENV_VALUE
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.setblocking(False)
    yield {"file": secret_file, "listener": listener}
    listener.close()
    secret_file.unlink(missing_ok=True)
    os.environ.pop("LEARNACT_CANARY", None)


def child_processes() -> list[int]:
    me = str(os.getpid())
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == me and fields[0] != "Z":
                children.append(int(entry.name))
    return children


def thread_names() -> set[str]:
    return {t.name for t in threading.enumerate()}
